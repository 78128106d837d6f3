/*
 * A growable byte buffer for building text, after git's strbuf. The
 * contents are always NUL-terminated, so buf.s can be passed to C string
 * functions; it may also hold NUL bytes when used for binary data.
 *
 * A buffer set up with buf_init() or BUF_INIT owns its memory; release it
 * with buf_release(), or take the string with buf_detach().
 */
#ifndef CD_BUF_H
#define CD_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
    char *s; /* never NULL: points at a static "" until first growth */
    size_t len;
    size_t alloc; /* 0 while s points at the static empty string */
};

extern char buf_empty[];
#define BUF_INIT        \
    {                   \
        buf_empty, 0, 0 \
    }

void buf_init(struct buf *b, size_t hint);
void buf_release(struct buf *b);
/* Empties the buffer and keeps its memory. */
void buf_reset(struct buf *b);
/* Makes room for extra more bytes beyond len. */
void buf_grow(struct buf *b, size_t extra);
/* Returns the string, owned by the caller (free()); b is empty afterwards. */
char *buf_detach(struct buf *b, size_t *len);

void buf_add(struct buf *b, const void *data, size_t len);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Shortens to len bytes (len <= b->len). */
void buf_setlen(struct buf *b, size_t len);

#endif
