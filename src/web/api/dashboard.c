/*
 * /api/v1/dashboard: the figures of the dashboard page as JSON, for the
 * server's today or ?date=YYYY-MM-DD. Counting is dashboard_compute's
 * (core/targets.h) over the cluster's own fee book only, so no total
 * ever holds another cluster's members or money.
 */
#include <string.h>

#include "base/date.h"
#include "io/membership_json.h"
#include "store/dashboard_store.h"
#include "web/api.h"
#include "web/api/common.h"

static void
write_dashboard(struct jsonw *w, const void *item)
{
    dashboard_write_json(w, item);
}

void
api_dashboard_get(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct dashboard d;
    struct date parsed;
    const char *day = r->today;
    const char *date = form_get(&r->query, "date");

    memset(&d, 0, sizeof(d));
    if (date && *date) {
        if (date_parse(date, (int)strlen(date), &parsed)) {
            err_set(&err, ERR_INVALID, "date",
                    "date must be a date like 2027-01-31.");
            goto fail;
        }
        day = date;
    }
    if (dashboard_store_compute(r->store, r->scope.cluster_id, day, &d, NULL,
                                NULL, &err)) {
        if (strcmp(err.field, "day") == 0)
            memcpy(err.field, "date", sizeof("date"));
        goto fail;
    }
    api_reply_one(rs, 200, write_dashboard, &d);
    dashboard_release(&d);
    return;
fail:
    resp_api_error(rs, &err);
}
