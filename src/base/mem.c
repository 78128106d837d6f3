/*
 * Allocation wrappers: every allocation in clusterdesk goes through here so
 * that out-of-memory has one behaviour (log and abort) and callers never
 * carry NULL checks for it.
 */
#include "base/mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Noreturn void
die_oom(size_t size)
{
    fprintf(stderr, "clusterdesk: out of memory allocating %zu bytes\n", size);
    abort();
}

void *
xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        die_oom(size);
    return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
    void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
    if (!p)
        die_oom(nmemb * size);
    return p;
}

void *
xrealloc(void *ptr, size_t size)
{
    void *p = realloc(ptr, size ? size : 1);
    if (!p)
        die_oom(size);
    return p;
}

char *
xstrndup(const char *s, size_t len)
{
    char *p = xmalloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *
xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

void *
xgrow(void *arr, size_t elem_size, size_t need, size_t *alloc)
{
    if (need <= *alloc)
        return arr;
    size_t n = *alloc ? *alloc : 8;
    while (n < need) {
        if (n > SIZE_MAX / 2 / elem_size)
            die_oom(SIZE_MAX);
        n *= 2;
    }
    *alloc = n;
    return xrealloc(arr, n * elem_size);
}

_Noreturn void
bug_at(const char *file, int line, const char *msg)
{
    fprintf(stderr, "BUG: %s:%d: %s\n", file, line, msg);
    abort();
}
