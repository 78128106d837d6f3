/*
 * Form decoding for query strings, urlencoded bodies and multipart
 * uploads.
 */
#include "web/form.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/text.h"

void
form_init(struct form *f)
{
    memset(f, 0, sizeof(*f));
}

void
form_release(struct form *f)
{
    for (size_t i = 0; i < f->n; i++) {
        free(f->fields[i].name);
        free(f->fields[i].value);
        free(f->fields[i].filename);
    }
    free(f->fields);
    form_init(f);
}

void
form_add(struct form *f, const char *name, size_t name_len, const char *value,
         size_t value_len)
{
    ALLOC_GROW(f->fields, f->n + 1, f->alloc);
    struct form_field *fld = &f->fields[f->n++];
    fld->name = xstrndup(name, name_len);
    fld->value = xstrndup(value, value_len);
    fld->value_len = value_len;
    fld->filename = NULL;
}

static int
hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes %XX and '+' of s[0..len) into out; -1 on a broken escape. */
static int
percent_decode(struct buf *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '+') {
            buf_addc(out, ' ');
        } else if (s[i] == '%') {
            if (i + 2 >= len)
                return -1;
            int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
            if (hi < 0 || lo < 0)
                return -1;
            buf_addc(out, (char)(hi * 16 + lo));
            i += 2;
        } else {
            buf_addc(out, s[i]);
        }
    }
    return 0;
}

int
form_parse_urlencoded(struct form *f, const char *s, size_t len,
                      struct err *err)
{
    struct buf name = BUF_INIT, value = BUF_INIT;
    int rc = -1;
    size_t i = 0;
    while (i < len) {
        size_t end = i;
        while (end < len && s[end] != '&')
            end++;
        if (end > i) {
            const char *eq = memchr(s + i, '=', end - i);
            size_t name_end = eq ? (size_t)(eq - s) : end;
            buf_reset(&name);
            buf_reset(&value);
            if (percent_decode(&name, s + i, name_end - i) ||
                (eq && percent_decode(&value, eq + 1, end - name_end - 1))) {
                err_set(err, ERR_BAD_REQUEST, NULL,
                        "The request has a broken %%-escape.");
                goto out;
            }
            if (!text_valid_utf8(name.s, name.len) ||
                !text_valid_utf8(value.s, value.len)) {
                err_set(err, ERR_BAD_REQUEST, NULL,
                        "The request is not valid UTF-8 text.");
                goto out;
            }
            if (f->n >= FORM_MAX_FIELDS) {
                err_set(err, ERR_BAD_REQUEST, NULL,
                        "The request has too many fields.");
                goto out;
            }
            form_add(f, name.s, name.len, value.s, value.len);
        }
        i = end + 1;
    }
    rc = 0;
out:
    buf_release(&name);
    buf_release(&value);
    return rc;
}

int
form_boundary(const char *content_type, char *out, size_t size)
{
    /* The parameter, not a longer name ending in it (xboundary=). */
    const char *p = content_type;
    while ((p = strstr(p, "boundary=")) && p != content_type && p[-1] != ';' &&
           p[-1] != ' ' && p[-1] != '\t')
        p += 9;
    if (!p)
        return -1;
    p += 9;
    size_t len;
    if (*p == '"') {
        p++;
        const char *q = strchr(p, '"');
        if (!q)
            return -1;
        len = (size_t)(q - p);
    } else {
        len = strcspn(p, "; \t");
    }
    if (!len || len > 70 || len + 1 > size)
        return -1;
    memcpy(out, p, len);
    out[len] = '\0';
    return 0;
}

static const char *
memmem_str(const char *hay, size_t hay_len, const char *needle, size_t nlen)
{
    return memmem(hay, hay_len, needle, nlen);
}

/* Finds the value of a parameter (name="...") in a header line. */
static char *
header_param(const char *line, size_t len, const char *param)
{
    size_t plen = strlen(param);
    const char *p = line, *end = line + len;
    while ((p = memmem_str(p, (size_t)(end - p), param, plen))) {
        /* Match only a whole parameter name: ; name= */
        if ((p == line || p[-1] == ' ' || p[-1] == ';') && p + plen < end &&
            p[plen] == '=' && p + plen + 1 < end && p[plen + 1] == '"') {
            const char *v = p + plen + 2;
            const char *q = memchr(v, '"', (size_t)(end - v));
            if (!q)
                return NULL;
            return xstrndup(v, (size_t)(q - v));
        }
        p += plen;
    }
    return NULL;
}

int
form_parse_multipart(struct form *f, const char *body, size_t len,
                     const char *boundary, struct err *err)
{
    struct buf delim = BUF_INIT;
    int rc = -1;
    buf_addf(&delim, "--%s", boundary);
    const char *end = body + len;
    const char *p = memmem_str(body, len, delim.s, delim.len);
    if (!p)
        goto bad;
    p += delim.len;
    for (;;) {
        if (end - p >= 2 && p[0] == '-' && p[1] == '-')
            break; /* the closing delimiter */
        if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
            goto bad;
        p += 2;
        const char *hdr_end = memmem_str(p, (size_t)(end - p), "\r\n\r\n", 4);
        if (!hdr_end)
            goto bad;
        char *name = NULL, *filename = NULL;
        const char *line = p;
        while (line < hdr_end) {
            const char *eol =
                memmem_str(line, (size_t)(hdr_end + 2 - line), "\r\n", 2);
            if (!eol)
                eol = hdr_end;
            size_t llen = (size_t)(eol - line);
            if (llen > 20 &&
                strncasecmp(line, "Content-Disposition:", 20) == 0) {
                free(name);
                free(filename);
                name = header_param(line, llen, "name");
                filename = header_param(line, llen, "filename");
            }
            line = eol + 2;
        }
        const char *data = hdr_end + 4;
        struct buf next = BUF_INIT;
        buf_addf(&next, "\r\n%s", delim.s);
        const char *data_end =
            memmem_str(data, (size_t)(end - data), next.s, next.len);
        buf_release(&next);
        if (!data_end || !name || f->n >= FORM_MAX_FIELDS ||
            (!filename && !text_valid_utf8(data, (size_t)(data_end - data)))) {
            free(name);
            free(filename);
            goto bad;
        }
        form_add(f, name, strlen(name), data, (size_t)(data_end - data));
        f->fields[f->n - 1].filename = filename;
        free(name);
        p = data_end + 2 + delim.len;
    }
    rc = 0;
    goto out;
bad:
    err_set(err, ERR_BAD_REQUEST, NULL, "The uploaded form could not be read.");
out:
    buf_release(&delim);
    return rc;
}

const struct form_field *
form_field(const struct form *f, const char *name)
{
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->fields[i].name, name) == 0)
            return &f->fields[i];
    return NULL;
}

const char *
form_get(const struct form *f, const char *name)
{
    const struct form_field *fld = form_field(f, name);
    return fld ? fld->value : NULL;
}

bool
form_flag(const struct form *f, const char *name)
{
    const char *v = form_get(f, name);
    return v && *v && strcmp(v, "0") != 0;
}
