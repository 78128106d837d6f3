/*
 * Growable buffers. Growth doubles, so appending is amortised O(1); the
 * buffer is NUL-terminated after every call.
 */
#include "base/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

char buf_empty[1];

void
buf_init(struct buf *b, size_t hint)
{
    b->s = buf_empty;
    b->len = 0;
    b->alloc = 0;
    if (hint)
        buf_grow(b, hint);
}

void
buf_release(struct buf *b)
{
    if (b->alloc)
        free(b->s);
    buf_init(b, 0);
}

void
buf_reset(struct buf *b)
{
    buf_setlen(b, 0);
}

void
buf_grow(struct buf *b, size_t extra)
{
    size_t need = b->len + extra + 1;
    if (need <= b->alloc)
        return;
    if (!b->alloc)
        b->s = NULL;
    size_t alloc = b->alloc;
    b->s = xgrow(b->s, 1, need < 64 ? 64 : need, &alloc);
    if (!b->alloc)
        b->s[0] = '\0';
    b->alloc = alloc;
}

char *
buf_detach(struct buf *b, size_t *len)
{
    char *s;
    if (len)
        *len = b->len;
    if (b->alloc)
        s = b->s;
    else
        s = xstrdup("");
    buf_init(b, 0);
    return s;
}

void
buf_add(struct buf *b, const void *data, size_t len)
{
    buf_grow(b, len);
    memcpy(b->s + b->len, data, len);
    buf_setlen(b, b->len + len);
}

void
buf_adds(struct buf *b, const char *s)
{
    buf_add(b, s, strlen(s));
}

void
buf_addc(struct buf *b, char c)
{
    buf_grow(b, 1);
    b->s[b->len++] = c;
    b->s[b->len] = '\0';
}

void
buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(b->s + b->len, b->alloc ? b->alloc - b->len : 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        BUG("vsnprintf failed");
    if ((size_t)n >= (b->alloc ? b->alloc - b->len : 0)) {
        buf_grow(b, (size_t)n);
        n = vsnprintf(b->s + b->len, b->alloc - b->len, fmt, ap);
    }
    buf_setlen(b, b->len + (size_t)n);
}

void
buf_addf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vaddf(b, fmt, ap);
    va_end(ap);
}

void
buf_setlen(struct buf *b, size_t len)
{
    if (len > b->len && len >= b->alloc)
        BUG("buf_setlen beyond allocation");
    b->len = len;
    if (b->alloc)
        b->s[len] = '\0';
}
