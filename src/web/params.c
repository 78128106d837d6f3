/*
 * Reading list parameters. Sort names map to enums; nothing from the
 * query reaches SQL text.
 */
#include "web/params.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

static int
parse_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
    if (!s || !*s)
        return -1;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (*end || errno == ERANGE || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

int
params_id(const char *s, int64_t *out)
{
    return parse_int(s, 1, INT64_MAX, out);
}

int
params_paging(const struct form *q, struct paging *p, struct err *err)
{
    p->page = 1;
    p->per_page = PARAMS_PER_PAGE;
    const char *page = form_get(q, "page"), *per = form_get(q, "per_page");
    if (page && *page && parse_int(page, 1, 1000000, &p->page))
        return err_set(err, ERR_INVALID, "page",
                       "page must be a number from 1.");
    if (per && *per && parse_int(per, 1, PARAMS_MAX_PER_PAGE, &p->per_page))
        return err_set(err, ERR_INVALID, "per_page",
                       "per_page must be a number from 1 to %d.",
                       PARAMS_MAX_PER_PAGE);
    return 0;
}

int
params_bool(const struct form *q, const char *name, bool def, bool *out,
            struct err *err)
{
    static const char *const YES[] = { "true", "1", "yes", "on" };
    static const char *const NO[] = { "false", "0", "no", "off" };
    const char *v = form_get(q, name);
    *out = def;
    if (!v || !*v)
        return 0;
    for (size_t i = 0; i < ARRAY_SIZE(YES); i++) {
        if (strcmp(v, YES[i]) == 0) {
            *out = true;
            return 0;
        }
        if (strcmp(v, NO[i]) == 0) {
            *out = false;
            return 0;
        }
    }
    return err_set(err, ERR_INVALID, name, "%s must be true or false.", name);
}

int
params_sort(const char *s, const char *const *names, size_t n, bool *desc)
{
    *desc = s[0] == '-';
    if (*desc)
        s++;
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, names[i]) == 0)
            return (int)i;
    return -1;
}

int
params_org_filter(const struct form *q, struct org_filter *f, struct paging *p,
                  struct err *err)
{
    static const char *const SORTS[ORG_SORT__COUNT] = {
        [ORG_SORT_NAME] = "name",       [ORG_SORT_KIND] = "kind",
        [ORG_SORT_CITY] = "city",       [ORG_SORT_EMPLOYEES] = "employees",
        [ORG_SORT_UPDATED] = "updated",
    };
    memset(f, 0, sizeof(*f));
    f->q = form_get(q, "q");
    f->tag = form_get(q, "tag");
    f->region = form_get(q, "region");
    f->kind = -1;
    const char *kind = form_get(q, "kind");
    if (kind && *kind) {
        enum org_kind k;
        if (org_kind_parse(kind, &k))
            return err_set(err, ERR_INVALID, "kind",
                           "kind must be one of large, sme, micro, startup, "
                           "university, research, public, association, other.");
        f->kind = (int)k;
    }
    const char *sort = form_get(q, "sort");
    if (sort && *sort) {
        int s = params_sort(sort, SORTS, ORG_SORT__COUNT, &f->desc);
        if (s < 0)
            return err_set(
                err, ERR_INVALID, "sort",
                "sort must be name, kind, city, employees or updated "
                "(with - for descending).");
        f->sort = (enum org_sort)s;
    }
    if (params_bool(q, "archived", false, &f->archived, err) ||
        params_paging(q, p, err))
        return -1;
    f->offset = (p->page - 1) * p->per_page;
    f->limit = p->per_page;
    return 0;
}

int
params_contact_filter(const struct form *q, struct contact_filter *f,
                      struct paging *p, struct err *err)
{
    static const char *const SORTS[CONTACT_SORT__COUNT] = {
        [CONTACT_SORT_NAME] = "name",
        [CONTACT_SORT_ORGANISATION] = "organisation",
        [CONTACT_SORT_EMAIL] = "email",
        [CONTACT_SORT_UPDATED] = "updated",
    };
    memset(f, 0, sizeof(*f));
    f->q = form_get(q, "q");
    const char *org = form_get(q, "organisation_id");
    if (org && *org && params_id(org, &f->organisation_id))
        return err_set(err, ERR_INVALID, "organisation_id",
                       "organisation_id must be a record number.");
    const char *sort = form_get(q, "sort");
    if (sort && *sort) {
        int s = params_sort(sort, SORTS, CONTACT_SORT__COUNT, &f->desc);
        if (s < 0)
            return err_set(err, ERR_INVALID, "sort",
                           "sort must be name, organisation, email or updated "
                           "(with - for descending).");
        f->sort = (enum contact_sort)s;
    }
    if (params_bool(q, "archived", false, &f->archived, err) ||
        params_paging(q, p, err))
        return -1;
    f->offset = (p->page - 1) * p->per_page;
    f->limit = p->per_page;
    return 0;
}
