/*
 * The dashboard's figures: loads what dashboard_compute counts and makes
 * the result own its tier names, so it outlives the fee book. No SQL of
 * its own: the settings, the fee book and the plan come from their
 * stores.
 */
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mem.h"
#include "store/dashboard_store.h"
#include "store/invoice_store.h"

/*
 * dashboard_compute points the tier names into the fee book. Copy them
 * behind the by_tier array in one block, so the one free() of
 * dashboard_release frees the names too and the book can go.
 */
static void
own_tier_names(struct dashboard *d)
{
    if (!d->by_tier || !d->ntiers)
        return;
    size_t head = d->ntiers * sizeof(*d->by_tier), names = 0;
    for (size_t i = 0; i < d->ntiers; i++)
        names += strlen(d->by_tier[i].name ? d->by_tier[i].name : "") + 1;
    char *block = xmalloc(head + names);
    struct dash_tier *tiers = (struct dash_tier *)(void *)block;
    char *p = block + head;
    for (size_t i = 0; i < d->ntiers; i++) {
        const char *name = d->by_tier[i].name ? d->by_tier[i].name : "";
        size_t len = strlen(name) + 1;
        tiers[i] = d->by_tier[i];
        memcpy(p, name, len);
        tiers[i].name = p;
        p += len;
    }
    free(d->by_tier);
    d->by_tier = tiers;
}

int
dashboard_store_compute(struct store *st, int64_t cluster_id, const char *day,
                        struct dashboard *d, struct cluster_settings *cs,
                        struct target_plan *plan, struct err *err)
{
    int rc = -1;
    struct cluster_settings own_cs;
    struct target_plan own_plan;
    struct fee_book book;
    struct date date;
    cluster_settings_init(&own_cs);
    target_plan_init(&own_plan, 0);
    fee_book_init(&book);
    memset(d, 0, sizeof(*d));
    if (!cs)
        cs = &own_cs;
    if (!plan)
        plan = &own_plan;
    if (!day || date_parse(day, (int)strlen(day), &date)) {
        err_set(err, ERR_INVALID, "day",
                "The day must be a date (YYYY-MM-DD).");
        goto out;
    }
    int32_t dn = date_to_days(date);
    if (settings_store_get(st, cluster_id, cs, err))
        goto out;
    int fy = fee_fiscal_year_of(&cs->fees, dn);
    target_plan_release(plan);
    target_plan_init(plan, fy);
    if (target_store_get(st, cluster_id, fy, plan, err) ||
        fee_book_store_load(st, cluster_id, &book, err))
        goto out;
    dashboard_compute(&book, &cs->fees, plan, dn, d);
    own_tier_names(d);
    rc = 0;
out:
    fee_book_release(&book);
    cluster_settings_release(&own_cs);
    target_plan_release(&own_plan);
    return rc;
}
