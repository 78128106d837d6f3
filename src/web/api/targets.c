/*
 * /api/v1/targets: a fiscal year's plan (member targets, budget and
 * expected income lines), read and replaced whole, and the years that
 * have one. A year without a plan reads as an empty plan. The cluster
 * comes from r->scope only.
 */
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "io/membership_json.h"
#include "store/membership_store.h"
#include "web/api.h"
#include "web/api/common.h"
#include "web/params.h"

struct plan_item {
    const struct target_plan *t;
    const char *currency;
};

static void
write_plan_item(struct jsonw *w, const void *item)
{
    const struct plan_item *it = item;
    target_plan_write_json(w, it->t, it->currency);
}

/* The year in the address, 1900..9999. */
static int
address_year(const struct req *r, int *year, struct err *err)
{
    if (r->ids[0] < 1900 || r->ids[0] > 9999)
        return err_set(err, ERR_INVALID, "fiscal_year",
                       "The fiscal year must be a year like 2027.");
    *year = (int)r->ids[0];
    return 0;
}

/* Answers the stored plan of year. */
static void
reply_plan(struct req *r, struct resp *rs, int year)
{
    struct err err = ERR_INIT;
    struct target_plan t;
    char currency[4];

    target_plan_init(&t, year);
    if (api_dues_currency(r, currency, &err) ||
        target_store_get(r->store, r->scope.cluster_id, year, &t, &err)) {
        resp_api_error(rs, &err);
        goto out;
    }
    struct plan_item it = { &t, currency };
    api_reply_one(rs, 200, write_plan_item, &it);
out:
    target_plan_release(&t);
}

/* The plans of every year that has one, newest first. */
void
api_targets_list(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct paging p;
    int *years = NULL;
    size_t n = 0, count = 0;
    struct target_plan *plans = NULL;
    struct plan_item *page = NULL;
    char currency[4];

    if (params_paging(&r->query, &p, &err) ||
        api_dues_currency(r, currency, &err) ||
        target_store_years(r->store, r->scope.cluster_id, &years, &n, &err))
        goto fail;
    size_t from = (size_t)((p.page - 1) * p.per_page);
    count = from < n ? n - from : 0;
    if (count > (size_t)p.per_page)
        count = (size_t)p.per_page;
    plans = xcalloc(count + 1, sizeof(*plans));
    page = xcalloc(count + 1, sizeof(*page));
    for (size_t i = 0; i < count; i++)
        target_plan_init(&plans[i], years[from + i]);
    for (size_t i = 0; i < count; i++) {
        if (target_store_get(r->store, r->scope.cluster_id, years[from + i],
                             &plans[i], &err))
            goto fail;
        page[i] = (struct plan_item){ &plans[i], currency };
    }
    api_reply_list(rs, write_plan_item, page, count, sizeof(*page), (int64_t)n,
                   &p);
    goto out;
fail:
    resp_api_error(rs, &err);
out:
    for (size_t i = 0; plans && i < count; i++)
        target_plan_release(&plans[i]);
    free(plans);
    free(page);
    free(years);
}

void
api_targets_get(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    int year = 0;

    if (address_year(r, &year, &err)) {
        resp_api_error(rs, &err);
        return;
    }
    reply_plan(r, rs, year);
}

/*
 * Replaces the year's plan with the body: members left out become 0 (not
 * set) and income lines left out are gone, as PUT says.
 */
void
api_targets_put(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct target_plan t;
    json_t *body = NULL;
    int year = 0;

    target_plan_init(&t, 0);
    if (address_year(r, &year, &err))
        goto fail;
    target_plan_release(&t);
    target_plan_init(&t, year);
    body = api_body(r, &err);
    if (!body || target_plan_from_json(body, &t, &err) ||
        target_plan_validate(&t, &err) ||
        target_store_put(r->store, &r->scope, &t, &err))
        goto fail;
    reply_plan(r, rs, year);
    goto out;
fail:
    resp_api_error(rs, &err);
out:
    json_decref(body);
    target_plan_release(&t);
}
