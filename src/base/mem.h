/*
 * Allocation wrappers that abort on out-of-memory, as git and Redis do:
 * running out of memory is a bug-class event, not user input. Sizes that
 * come from input must be capped by the caller before they get here.
 */
#ifndef CD_MEM_H
#define CD_MEM_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
/* Copies of a NUL-terminated string or of len bytes; the result ends in NUL. */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t len);

/* Grows *arr (of *alloc elements of elem_size) so it holds at least need. */
void *xgrow(void *arr, size_t elem_size, size_t need, size_t *alloc);
#define ALLOC_GROW(arr, need, alloc) \
    ((arr) = xgrow((arr), sizeof(*(arr)), (need), &(alloc)))

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Logs file:line and aborts: for broken invariants only. */
#define BUG(msg) bug_at(__FILE__, __LINE__, (msg))
_Noreturn void bug_at(const char *file, int line, const char *msg);

#endif
