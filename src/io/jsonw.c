/*
 * Writing JSON. Strings are copied in runs of bytes that need no escape,
 * so ordinary text costs a scan and one append.
 */
#include "io/jsonw.h"

#include <inttypes.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"

void
jsonw_init(struct jsonw *w, struct buf *out)
{
    memset(w, 0, sizeof(*w));
    w->out = out;
}

/* What comes before any value: a comma after a sibling, nothing after a
 * member's name. */
static void
value_prefix(struct jsonw *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    uint64_t bit = 1ull << w->depth;
    if (w->has_value & bit)
        buf_addc(w->out, ',');
    w->has_value |= bit;
}

static void
open_level(struct jsonw *w, char c)
{
    value_prefix(w);
    if (w->depth >= JSONW_MAX_DEPTH)
        BUG("JSON nested too deep");
    buf_addc(w->out, c);
    w->depth++;
    w->has_value &= ~(1ull << w->depth);
}

static void
close_level(struct jsonw *w, char c)
{
    if (!w->depth)
        BUG("JSON closed more than opened");
    buf_addc(w->out, c);
    w->depth--;
}

void
jsonw_begin_object(struct jsonw *w)
{
    open_level(w, '{');
}

void
jsonw_end_object(struct jsonw *w)
{
    close_level(w, '}');
}

void
jsonw_begin_array(struct jsonw *w)
{
    open_level(w, '[');
}

void
jsonw_end_array(struct jsonw *w)
{
    close_level(w, ']');
}

/* Appends s as a quoted, escaped JSON string. */
static void
put_string(struct buf *out, const char *s)
{
    static const char HEX[] = "0123456789abcdef";
    size_t len = strlen(s);
    const char *run = s, *p = s, *end = s + len;
    buf_grow(out, len + 2);
    buf_addc(out, '"');
    while (p < end) {
        unsigned char c = (unsigned char)*p;
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
            p++;
            continue;
        }
        uint32_t cp = c;
        size_t n = 1;
        if (c >= 0x80) {
            n = text_utf8_decode(p, (size_t)(end - p), &cp);
            /* U+2028 and U+2029 end lines in JavaScript: escaped, so the
             * output is safe to embed in a script as well. */
            if (n && cp != 0x2028 && cp != 0x2029) {
                p += n;
                continue;
            }
        }
        buf_add(out, run, (size_t)(p - run));
        if (c == '"' || c == '\\') {
            buf_addc(out, '\\');
            buf_addc(out, (char)c);
        } else if (c == '\n') {
            buf_adds(out, "\\n");
        } else if (c == '\r') {
            buf_adds(out, "\\r");
        } else if (c == '\t') {
            buf_adds(out, "\\t");
        } else if (c < 0x20) {
            buf_adds(out, "\\u00");
            buf_addc(out, HEX[c >> 4]);
            buf_addc(out, HEX[c & 15]);
        } else if (n == 0) {
            buf_adds(out, "\xEF\xBF\xBD"); /* a byte that is not UTF-8 */
            n = 1;
        } else {
            buf_adds(out, cp == 0x2028 ? "\\u2028" : "\\u2029");
        }
        p += n;
        run = p;
    }
    buf_add(out, run, (size_t)(p - run));
    buf_addc(out, '"');
}

void
jsonw_key(struct jsonw *w, const char *key)
{
    value_prefix(w);
    put_string(w->out, key);
    buf_addc(w->out, ':');
    w->after_key = true;
}

void
jsonw_string(struct jsonw *w, const char *s)
{
    value_prefix(w);
    put_string(w->out, s);
}

void
jsonw_string_or_null(struct jsonw *w, const char *s)
{
    if (s && *s)
        jsonw_string(w, s);
    else
        jsonw_null(w);
}

void
jsonw_int(struct jsonw *w, int64_t v)
{
    value_prefix(w);
    buf_addf(w->out, "%" PRId64, v);
}

void
jsonw_fixed(struct jsonw *w, int64_t v, int decimals)
{
    int64_t scale = 1;
    for (int i = 0; i < decimals; i++)
        scale *= 10;
    value_prefix(w);
    buf_addf(w->out, "%" PRId64 ".%0*" PRId64, v / scale, decimals, v % scale);
}

void
jsonw_bool(struct jsonw *w, bool v)
{
    value_prefix(w);
    buf_adds(w->out, v ? "true" : "false");
}

void
jsonw_null(struct jsonw *w)
{
    value_prefix(w);
    buf_adds(w->out, "null");
}
