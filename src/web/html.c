/*
 * HTML writing with escaping by default.
 */
#include "web/html.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/money.h"

void
html_lit_(struct html *h, const char *literal)
{
    buf_adds(&h->b, literal);
}

void
html_textn(struct html *h, const char *s, size_t len)
{
    if (!s)
        return;
    const char *start = s, *end = s + len;
    for (const char *p = s; p < end; p++) {
        const char *rep;
        switch (*p) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        default:
            continue;
        }
        buf_add(&h->b, start, (size_t)(p - start));
        buf_adds(&h->b, rep);
        start = p + 1;
    }
    buf_add(&h->b, start, (size_t)(end - start));
}

void
html_text(struct html *h, const char *s)
{
    if (s)
        html_textn(h, s, strlen(s));
}

void
html_int(struct html *h, int64_t v)
{
    buf_addf(&h->b, "%" PRId64, v);
}

void
html_count(struct html *h, int64_t v)
{
    char digits[24];
    int n = 0;
    uint64_t u = v < 0 ? (uint64_t)(-(v + 1)) + 1 : (uint64_t)v;
    do {
        digits[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        buf_addc(&h->b, '-');
    for (int i = n - 1; i >= 0; i--) {
        buf_addc(&h->b, digits[i]);
        if (i && i % 3 == 0)
            buf_adds(&h->b, "\xe2\x80\xaf"); /* narrow no-break space */
    }
}

void
html_money(struct html *h, int64_t minor, const char *currency)
{
    char s[64];
    html_text(h, money_str(s, sizeof(s), minor, currency));
}

void
html_permille(struct html *h, int permille)
{
    if (permille < 0) {
        HTML_LIT(h, "–");
        return;
    }
    char s[32];
    snprintf(s, sizeof(s), "%d.%d %%", permille / 10, permille % 10);
    html_text(h, s);
}

void
html_attr(struct html *h, const char *name, const char *value)
{
    buf_addc(&h->b, ' ');
    buf_adds(&h->b, name);
    buf_adds(&h->b, "=\"");
    html_text(h, value ? value : "");
    buf_addc(&h->b, '"');
}

void
html_attr_int(struct html *h, const char *name, int64_t value)
{
    buf_addf(&h->b, " %s=\"%" PRId64 "\"", name, value);
}

void
url_encode(struct buf *out, const char *s)
{
    static const char HEX[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
            (*p >= '0' && *p <= '9') || strchr("-_.~", *p)) {
            buf_addc(out, (char)*p);
        } else {
            buf_addc(out, '%');
            buf_addc(out, HEX[*p >> 4]);
            buf_addc(out, HEX[*p & 15]);
        }
    }
}

void
html_url(struct html *h, const char *path, const char *const *args)
{
    struct buf u = BUF_INIT;
    buf_adds(&u, path);
    char sep = '?';
    for (; args && args[0]; args += 2) {
        if (!args[1] || !*args[1])
            continue;
        buf_addc(&u, sep);
        sep = '&';
        url_encode(&u, args[0]);
        buf_addc(&u, '=');
        url_encode(&u, args[1]);
    }
    html_text(h, u.s);
    buf_release(&u);
}

void
html_raw_trusted(struct html *h, const char *markup)
{
    buf_adds(&h->b, markup);
}

void
html_link(struct html *h, const char *href, const char *text, const char *css)
{
    HTML_LIT(h, "<a");
    if (css)
        html_attr(h, "class", css);
    html_attr(h, "href", href);
    HTML_LIT(h, ">");
    html_text(h, text);
    HTML_LIT(h, "</a>");
}
