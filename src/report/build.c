/*
 * Loading what a document shows and rendering it, in one place for the
 * web pages and the command line.
 */
#include "report/build.h"

#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "core/targets.h"
#include "report/report.h"
#include "store/dashboard_store.h"
#include "store/invoice_store.h"
#include "store/membership_store.h"

static int32_t
day_of(const char *text)
{
    struct date d;
    if (date_parse(text, (int)strlen(text), &d))
        return 0;
    return date_to_days(d);
}

int
board_report_build(struct store *st, int64_t cluster_id,
                   const char *cluster_name, const char *half,
                   const char *today, struct buf *out, struct err *err)
{
    int year, which;
    if (!half || half_year_parse(half, &year, &which))
        return err_set(err, ERR_INVALID, "half",
                       "Choose a half year such as 2027H1 (fiscal year and "
                       "half).");
    struct cluster_settings cs;
    struct target_plan plan;
    struct dashboard d;
    memset(&d, 0, sizeof(d));
    cluster_settings_init(&cs);
    target_plan_init(&plan, year);
    int rc = -1;
    if (settings_store_get(st, cluster_id, &cs, err))
        goto out;
    int32_t first, last, now = day_of(today);
    half_year_range(&cs.fees, year, which, &first, &last);
    if (first > now) {
        err_set(err, ERR_INVALID, "half", "The half year %s has not begun yet.",
                half);
        goto out;
    }
    char day[11];
    date_format(date_from_days(last < now ? last : now), day);
    cluster_settings_release(&cs);
    cluster_settings_init(&cs);
    if (dashboard_store_compute(st, cluster_id, day, &d, &cs, &plan, err))
        goto out;
    rc = board_report_pdf(&d, &plan, &cs, cluster_name, half, out, err);
out:
    dashboard_release(&d);
    target_plan_release(&plan);
    cluster_settings_release(&cs);
    return rc;
}

int
invoice_pdf_build(struct store *st, int64_t cluster_id,
                  const char *cluster_name, int64_t id, const char *today,
                  struct buf *out, struct err *err)
{
    struct invoice iv;
    struct cluster_settings cs;
    struct payment *payments = NULL;
    size_t npayments = 0;
    invoice_init(&iv);
    cluster_settings_init(&cs);
    int rc = -1;
    enum store_rc found =
        invoice_store_get(st, cluster_id, id, today, &iv, err);
    if (found == STORE_NONE)
        err_set(err, ERR_NOT_FOUND, NULL, "There is no such invoice.");
    if (found != STORE_ONE ||
        invoice_store_payments(st, cluster_id, id, &payments, &npayments,
                               err) ||
        settings_store_get(st, cluster_id, &cs, err))
        goto out;
    rc = invoice_pdf(&iv, payments, npayments, &cs, cluster_name, today, out,
                     err);
out:
    for (size_t i = 0; i < npayments; i++)
        payment_release(&payments[i]);
    free(payments);
    cluster_settings_release(&cs);
    invoice_release(&iv);
    return rc;
}
