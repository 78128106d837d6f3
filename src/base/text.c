/*
 * UTF-8 helpers. Decoding is strict (no overlongs, no surrogates) so that
 * everything stored is valid UTF-8 and every page can say charset=utf-8.
 */
#include "base/text.h"

#include <stdint.h>
#include <string.h>

/* Decodes one code point at s (n bytes left); returns its length or 0. */
static size_t
utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    if (n == 0)
        return 0;
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    size_t len;
    uint32_t c, min;
    if ((s[0] & 0xE0) == 0xC0) {
        len = 2, c = s[0] & 0x1F, min = 0x80;
    } else if ((s[0] & 0xF0) == 0xE0) {
        len = 3, c = s[0] & 0x0F, min = 0x800;
    } else if ((s[0] & 0xF8) == 0xF0) {
        len = 4, c = s[0] & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

size_t
text_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
    return utf8_decode((const unsigned char *)s, n, cp);
}

bool
text_valid_utf8(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        uint32_t c;
        size_t n = utf8_decode(p + i, len - i, &c);
        if (!n)
            return false;
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
            return false;
        if (c == 0x7F)
            return false;
        i += n;
    }
    return true;
}

size_t
text_utf8_len(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            n++;
    return n;
}

static bool
is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
           c == '\f';
}

const char *
text_trim(const char *s, size_t len, size_t *out_len)
{
    while (len && is_space(*s))
        s++, len--;
    while (len && is_space(s[len - 1]))
        len--;
    *out_len = len;
    return s;
}

static bool
odd_even_pair(uint32_t c, uint32_t lo, uint32_t hi, unsigned upper_parity)
{
    return c >= lo && c <= hi && (c & 1) == upper_parity;
}

/* Lower case for the scripts our users write; others pass unchanged. */
static uint32_t
fold_case(uint32_t c)
{
    if (c >= 'A' && c <= 'Z')
        return c + 32;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
        return c + 32;
    if (odd_even_pair(c, 0x100, 0x137, 0) ||
        odd_even_pair(c, 0x139, 0x148, 1) ||
        odd_even_pair(c, 0x14A, 0x177, 0) || odd_even_pair(c, 0x179, 0x17E, 1))
        return c + 1;
    if (c == 0x178)
        return 0xFF;
    if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2)
        return c + 32;
    if (c >= 0x400 && c <= 0x40F)
        return c + 80;
    if (c >= 0x410 && c <= 0x42F)
        return c + 32;
    if (odd_even_pair(c, 0x460, 0x481, 0) ||
        odd_even_pair(c, 0x48A, 0x4BF, 0) ||
        odd_even_pair(c, 0x4C1, 0x4CE, 1) || odd_even_pair(c, 0x4D0, 0x4FF, 0))
        return c + 1;
    return c;
}

/* White space and punctuation separate words; letters and digits do not. */
static bool
is_separator(uint32_t c)
{
    if (c < 0x80)
        return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                 (c >= 'A' && c <= 'Z'));
    return c == 0xA0 || c == 0xAB || c == 0xBB || c == 0x2BC ||
           (c >= 0x2000 && c <= 0x206F) || c == 0x3000;
}

/* Writes c as UTF-8 at w; returns the byte after it. */
static char *
utf8_put(char *w, uint32_t c)
{
    if (c < 0x80) {
        *w++ = (char)c;
    } else if (c < 0x800) {
        *w++ = (char)(0xC0 | (c >> 6));
        *w++ = (char)(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        *w++ = (char)(0xE0 | (c >> 12));
        *w++ = (char)(0x80 | ((c >> 6) & 0x3F));
        *w++ = (char)(0x80 | (c & 0x3F));
    } else {
        *w++ = (char)(0xF0 | (c >> 18));
        *w++ = (char)(0x80 | ((c >> 12) & 0x3F));
        *w++ = (char)(0x80 | ((c >> 6) & 0x3F));
        *w++ = (char)(0x80 | (c & 0x3F));
    }
    return w;
}

void
text_fold(struct buf *out, const char *s, size_t len)
{
    /* Folding never lengthens text: every lower-case form we make takes
     * as many bytes as its capital, and one space stands for a run of
     * separators. So one growth up front, then plain stores (this runs
     * for every name, search text and tag written). */
    buf_grow(out, len);
    const unsigned char *p = (const unsigned char *)s;
    char *begin = out->s + out->len, *w = begin;
    bool pending_space = false;
    size_t i = 0;
    while (i < len) {
        uint32_t c = p[i];
        if (c < 0x80) {
            i++;
        } else {
            size_t n = utf8_decode(p + i, len - i, &c);
            if (!n) {
                i++; /* skip a broken byte rather than fail: folding is lossy */
                continue;
            }
            i += n;
        }
        if (is_separator(c)) {
            pending_space = w > begin;
            continue;
        }
        if (pending_space)
            *w++ = ' ';
        pending_space = false;
        w = utf8_put(w, fold_case(c));
    }
    buf_setlen(out, (size_t)(w - out->s));
}

bool
text_slug(struct buf *out, const char *s)
{
    size_t start = out->len;
    bool dash = false;
    for (; *s; s++) {
        char c = *s;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (dash && out->len > start)
                buf_addc(out, '-');
            dash = false;
            buf_addc(out, c);
        } else {
            dash = true;
        }
    }
    return out->len > start;
}

bool
text_is_email(const char *s)
{
    const char *at = strchr(s, '@');
    if (!at || at == s || strchr(at + 1, '@'))
        return false;
    const char *dot = strrchr(at, '.');
    if (!dot || dot == at + 1 || dot[1] == '\0')
        return false;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == '<' || *p == '>' || *p == ',' ||
            *p == ';' || *p == '"')
            return false;
    return strlen(s) <= 254;
}

bool
text_ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a, y = *b;
        if (x >= 'A' && x <= 'Z')
            x = (char)(x + 32);
        if (y >= 'A' && y <= 'Z')
            y = (char)(y + 32);
        if (x != y)
            return false;
    }
    return *a == *b;
}
