/*
 * /api/v1/funnel: the funnel board on a day (stage counts, warm leads
 * with the days before they cool, those cooling this week, those that
 * joined this month) and /api/v1/funnel/months, the monthly figures with
 * outreach by channel. Both are computed by the store from dated facts
 * for the day asked about; a day after the server's today is refused,
 * since the funnel of the future is not yet known.
 *
 * Also the small query readers the other funnel and event files share
 * (web/api.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mem.h"
#include "io/funnel_json.h"
#include "store/funnel_store.h"
#include "web/api.h"
#include "web/api/common.h"
#include "web/params.h"

#define BOARD_LIMIT_DEFAULT 100
#define BOARD_LIMIT_MAX 1000
#define MONTHS_DEFAULT 12
#define MONTHS_MAX 36

int
api_query_id(const struct form *q, const char *name, int64_t *out,
             struct err *err)
{
    const char *s = form_get(q, name);
    *out = 0;
    if (!s || !*s)
        return 0;
    if (params_id(s, out))
        return err_set(err, ERR_INVALID, name,
                       "%s must be a record number (an integer greater than "
                       "0).",
                       name);
    return 0;
}

int
api_query_date(const struct form *q, const char *name, const char **out,
               struct err *err)
{
    const char *s = form_get(q, name);
    struct date d;
    *out = NULL;
    if (!s || !*s)
        return 0;
    if (strlen(s) != 10 || date_parse(s, 10, &d))
        return err_set(err, ERR_INVALID, name,
                       "%s must be a date like 2027-01-31.", name);
    *out = s;
    return 0;
}

void
api_no_content(struct resp *rs)
{
    rs->status = 204;
    buf_reset(&rs->body);
}

/* A whole number of the query in min..max, def when absent. */
static int
query_int(const struct form *q, const char *name, int64_t min, int64_t max,
          int64_t def, int64_t *out, struct err *err)
{
    const char *s = form_get(q, name);
    char *end;
    *out = def;
    if (!s || !*s)
        return 0;
    long long v = strtoll(s, &end, 10);
    if (*end || v < min || v > max)
        return err_set(err, ERR_INVALID, name,
                       "%s must be a whole number from %lld to %lld.", name,
                       (long long)min, (long long)max);
    *out = v;
    return 0;
}

static void
write_board(struct jsonw *w, const void *item)
{
    funnel_board_write_json(w, item);
}

void
api_funnel_board(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct funnel_board b;
    const char *date = NULL;
    int64_t limit = 0;
    int32_t today = api_dues_today(r), day = today;

    memset(&b, 0, sizeof(b));
    if (api_query_date(&r->query, "date", &date, &err) ||
        query_int(&r->query, "limit", 1, BOARD_LIMIT_MAX, BOARD_LIMIT_DEFAULT,
                  &limit, &err))
        goto fail;
    if (date) {
        struct date d;
        date_parse(date, 10, &d);
        day = date_to_days(d);
        if (day > today) {
            err_set(&err, ERR_INVALID, "date",
                    "date may not be after today (%s).", r->today);
            goto fail;
        }
    }
    if (funnel_store_board(r->store, r->scope.cluster_id, day, (size_t)limit,
                           &b, &err))
        goto fail;
    api_reply_one(rs, 200, write_board, &b);
    goto out;
fail:
    resp_api_error(rs, &err);
out:
    funnel_board_release(&b);
}

struct months_item {
    const struct funnel_month *m;
    size_t n;
};

static void
write_months(struct jsonw *w, const void *item)
{
    const struct months_item *it = item;
    funnel_months_write_json(w, it->m, it->n);
}

/* "YYYY-MM" into *year, *month; -1 when it is not one. */
static int
parse_month(const char *s, int *year, int *month)
{
    struct date d;
    char day[11];
    if (strlen(s) != 7)
        return -1;
    snprintf(day, sizeof(day), "%s-01", s);
    if (date_parse(day, 10, &d))
        return -1;
    *year = d.year;
    *month = d.month;
    return 0;
}

void
api_funnel_months(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct funnel_month *m = NULL;
    int64_t n = 0;
    int32_t today = api_dues_today(r);
    struct date now = date_from_days(today);
    int year = now.year, month = now.month;

    if (query_int(&r->query, "months", 1, MONTHS_MAX, MONTHS_DEFAULT, &n, &err))
        goto fail;
    const char *s = form_get(&r->query, "month");
    if (s && *s) {
        if (parse_month(s, &year, &month)) {
            err_set(&err, ERR_INVALID, "month",
                    "month must be a month like 2027-04.");
            goto fail;
        }
        if (year * 12 + month > now.year * 12 + now.month) {
            err_set(&err, ERR_INVALID, "month",
                    "month may not be after the running month (%.7s).",
                    r->today);
            goto fail;
        }
    }
    m = xcalloc((size_t)n, sizeof(*m));
    if (funnel_store_months(r->store, r->scope.cluster_id, year, month, (int)n,
                            today, m, &err))
        goto fail;
    struct months_item it = { m, (size_t)n };
    api_reply_one(rs, 200, write_months, &it);
    goto out;
fail:
    resp_api_error(rs, &err);
out:
    free(m);
}
