/*
 * /api/v1/tiers: the price list (list, create, get, update), and the two
 * helpers the other dues files share: the cluster's currency and today
 * as a day number. As in orgs.c, the cluster comes from r->scope only;
 * a tier of another cluster is answered as one that does not exist.
 */
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mem.h"
#include "io/membership_json.h"
#include "store/membership_store.h"
#include "web/api.h"
#include "web/api/common.h"
#include "web/params.h"

#define TIERS_PATH "/api/v1/tiers"

int
api_dues_currency(struct req *r, char out[4], struct err *err)
{
    struct cluster_settings cs;
    cluster_settings_init(&cs);
    int rc = settings_store_get(r->store, r->scope.cluster_id, &cs, err);
    if (rc == 0)
        memcpy(out, cs.fees.currency, 4);
    out[3] = '\0';
    cluster_settings_release(&cs);
    return rc;
}

int32_t
api_dues_today(const struct req *r)
{
    struct date d;
    if (date_parse(r->today, (int)strlen(r->today), &d))
        return 0;
    return date_to_days(d);
}

/* A tier with the currency it is priced in, for the list writers. */
struct tier_item {
    const struct tier *t;
    const char *currency;
};

static void
write_tier_item(struct jsonw *w, const void *item)
{
    const struct tier_item *it = item;
    tier_write_json(w, it->t, it->currency);
}

static int
load_tier(struct req *r, int64_t id, struct tier *t, struct err *err)
{
    enum store_rc rc =
        tier_store_get(r->store, r->scope.cluster_id, id, t, err);
    if (rc == STORE_NONE)
        api_not_found(err, "tier", id);
    return rc == STORE_ONE ? 0 : -1;
}

void
api_tiers_list(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct paging p;
    bool active_only = false;
    struct tier *items = NULL;
    struct tier_item *page = NULL;
    size_t n = 0;
    char currency[4];

    if (params_bool(&r->query, "active", false, &active_only, &err) ||
        params_paging(&r->query, &p, &err) ||
        api_dues_currency(r, currency, &err) ||
        tier_store_list(r->store, r->scope.cluster_id, active_only, r->today,
                        &items, &n, &err)) {
        resp_api_error(rs, &err);
        goto out;
    }
    /* The price list is short: the store gives all of it, paged here. */
    size_t from = (size_t)((p.page - 1) * p.per_page);
    size_t count = from < n ? n - from : 0;
    if (count > (size_t)p.per_page)
        count = (size_t)p.per_page;
    page = xcalloc(count + 1, sizeof(*page));
    for (size_t i = 0; i < count; i++) {
        page[i].t = &items[from + i];
        page[i].currency = currency;
    }
    api_reply_list(rs, write_tier_item, page, count, sizeof(*page), (int64_t)n,
                   &p);
out:
    for (size_t i = 0; i < n; i++)
        tier_release(&items[i]);
    free(items);
    free(page);
}

void
api_tiers_create(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct tier t;
    json_t *body = NULL;
    char currency[4];

    tier_init(&t);
    body = api_body(r, &err);
    if (!body || tier_from_json(body, &t, true, &err) ||
        tier_validate(&t, &err) || api_dues_currency(r, currency, &err) ||
        tier_store_create(r->store, &r->scope, &t, &err)) {
        resp_api_error(rs, &err);
        goto out;
    }
    struct tier_item it = { &t, currency };
    api_reply_created(rs, TIERS_PATH, t.id, write_tier_item, &it);
out:
    json_decref(body);
    tier_release(&t);
}

void
api_tiers_get(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct tier t;
    char currency[4];

    tier_init(&t);
    if (load_tier(r, r->ids[0], &t, &err) ||
        api_dues_currency(r, currency, &err)) {
        resp_api_error(rs, &err);
        goto out;
    }
    struct tier_item it = { &t, currency };
    api_reply_one(rs, 200, write_tier_item, &it);
out:
    tier_release(&t);
}

/*
 * PATCH and PUT alike, as for organisations: the members sent replace
 * their fields, the others keep their stored values. A fee change
 * applies to invoices generated afterwards.
 */
void
api_tiers_update(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct tier t;
    json_t *body = NULL;
    char currency[4];

    tier_init(&t);
    if (load_tier(r, r->ids[0], &t, &err))
        goto fail;
    body = api_body(r, &err);
    if (!body || tier_from_json(body, &t, false, &err) ||
        tier_validate(&t, &err) || api_dues_currency(r, currency, &err))
        goto fail;
    enum store_rc rc = tier_store_update(r->store, &r->scope, &t, &err);
    if (rc == STORE_NONE)
        api_not_found(&err, "tier", r->ids[0]);
    if (rc != STORE_ONE)
        goto fail;
    struct tier_item it = { &t, currency };
    api_reply_one(rs, 200, write_tier_item, &it);
    goto out;
fail:
    resp_api_error(rs, &err);
out:
    json_decref(body);
    tier_release(&t);
}
