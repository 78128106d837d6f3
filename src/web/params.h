/*
 * List parameters shared by pages and the API, so both read filters,
 * sorting and paging the same way: q, kind, tag, region, archived,
 * sort (a name, "-name" for descending), page (from 1), per_page.
 */
#ifndef CD_PARAMS_H
#define CD_PARAMS_H

#include "base/err.h"
#include "store/store.h"
#include "web/form.h"

#define PARAMS_PER_PAGE 25
#define PARAMS_MAX_PER_PAGE 100

struct paging {
    int64_t page;
    int64_t per_page;
};

/* Reads page and per_page; ERR_INVALID for non-numbers or out of range. */
int params_paging(const struct form *q, struct paging *p, struct err *err);
/* Reads "true"/"false"/"1"/"0"/"yes"/"no"/"on"; def when absent. */
int params_bool(const struct form *q, const char *name, bool def, bool *out,
                struct err *err);
/* Parses a positive record number. */
int params_id(const char *s, int64_t *out);
/* Maps "name" / "-name" onto one of names[0..n) (*desc for "-"); -1 when
 * unknown. */
int params_sort(const char *s, const char *const *names, size_t n, bool *desc);

/* Fills f from the query, paging included (offset, limit). */
int params_org_filter(const struct form *q, struct org_filter *f,
                      struct paging *p, struct err *err);
int params_contact_filter(const struct form *q, struct contact_filter *f,
                          struct paging *p, struct err *err);

#endif
