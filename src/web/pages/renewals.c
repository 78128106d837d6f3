/*
 * Renewals coming up: running, paying memberships whose next fiscal year
 * starts within the next days (90 by default, ?days= from 1 to 730) and
 * that have no invoice for it yet, with CSV and XLSX export.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mem.h"
#include "core/money.h"
#include "io/table.h"
#include "store/invoice_store.h"
#include "store/membership_store.h"
#include "web/export.h"
#include "web/layout.h"
#include "web/pages.h"

#define RENEWALS_DEFAULT_DAYS 90
#define RENEWALS_MAX_DAYS 730

/* The window [today, today + days] from ?days=; -1 with err when bad. */
static int
renewal_window(const struct req *r, char from[11], char to[11], long *days,
               struct err *err)
{
    const char *s = req_query(r, "days");
    *days = RENEWALS_DEFAULT_DAYS;
    if (s && *s) {
        char *end;
        errno = 0;
        long v = strtol(s, &end, 10);
        if (*end || errno || v < 1 || v > RENEWALS_MAX_DAYS)
            return err_set(err, ERR_INVALID, "days",
                           "days must be a number from 1 to %d.",
                           RENEWALS_MAX_DAYS);
        *days = v;
    }
    struct date d;
    if (date_parse(r->today, (int)strlen(r->today), &d))
        return err_set(err, ERR_INTERNAL, NULL, "Today is not a date.");
    int32_t t = date_to_days(d);
    date_format(d, from);
    date_format(date_from_days(t + (int32_t)*days), to);
    return 0;
}

/* What the page and the export show: the window, the cluster's settings
 * and the renewals in the window. */
struct renewals_view {
    char from[11], to[11];
    long days;
    struct cluster_settings cs;
    struct renewal *items;
    size_t n;
};

static int
renewals_load(const struct req *r, struct renewals_view *v, struct err *err)
{
    memset(v, 0, sizeof(*v));
    cluster_settings_init(&v->cs);
    if (renewal_window(r, v->from, v->to, &v->days, err) ||
        settings_store_get(r->store, r->scope.cluster_id, &v->cs, err) ||
        renewal_store_list(r->store, r->scope.cluster_id, v->from, v->to,
                           &v->items, &v->n, err))
        return -1;
    return 0;
}

static void
renewals_view_release(struct renewals_view *v)
{
    for (size_t i = 0; i < v->n; i++)
        renewal_release(&v->items[i]);
    free(v->items);
    cluster_settings_release(&v->cs);
}

void
page_renewals_list(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct renewals_view v;
    if (renewals_load(r, &v, &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    char days_text[16];
    snprintf(days_text, sizeof(days_text), "%ld", v.days);
    struct html h = { BUF_INIT };
    layout_begin(&h, r, "Renewals coming up", NAV_INVOICES);
    HTML_LIT(&h,
             "<div class=\"d-flex align-items-center gap-3 mb-3\"><h1 "
             "class=\"h3 mb-0\">Renewals coming up</h1>"
             "<a href=\"/invoices\">Invoices</a></div>"
             "<form class=\"filters row g-2 align-items-end mb-2\" "
             "method=\"get\" action=\"/renewals\"><div class=\"col-auto\">");
    layout_input(&h, "number", "days", "Days ahead", days_text, NULL, NULL);
    HTML_LIT(&h, "</div><div class=\"col-auto mb-3\"><button class=\"btn "
                 "btn-primary\" type=\"submit\">Show</button></div></form>"
                 "<div class=\"d-flex align-items-center mb-2\"><span "
                 "class=\"text-muted\">From ");
    html_text(&h, v.from);
    HTML_LIT(&h, " to ");
    html_text(&h, v.to);
    HTML_LIT(&h, ": ");
    html_count(&h, (int64_t)v.n);
    HTML_LIT(&h, " memberships</span><div class=\"ms-auto\">");
    struct list_query lq;
    static const char *const KEYS[] = { "days", NULL };
    list_query_from(&lq, r, KEYS);
    layout_export_links(&h, "/renewals/export", &lq);
    HTML_LIT(&h, "</div></div><table class=\"table table-hover bg-white\" "
                 "id=\"renewals\"><thead><tr><th>Renews on</th>"
                 "<th>Organisation</th><th>Tier</th><th class=\"text-end\">"
                 "Annual fee</th><th>Fiscal year</th></tr></thead><tbody>");
    int64_t sum = 0;
    for (size_t i = 0; i < v.n; i++) {
        const struct renewal *rw = &v.items[i];
        char href[48], money[64], fy[10];
        sum += rw->annual_fee;
        HTML_LIT(&h, "<tr><td>");
        html_text(&h, rw->renews_on);
        HTML_LIT(&h, "</td><td><a");
        snprintf(href, sizeof(href), "/organisations/%" PRId64,
                 rw->organisation_id);
        html_attr(&h, "href", href);
        HTML_LIT(&h, ">");
        html_text(&h, rw->org_name);
        HTML_LIT(&h, "</a></td><td>");
        html_text(&h, rw->tier_name);
        HTML_LIT(&h, "</td><td class=\"text-end\">");
        html_text(&h, money_str(money, sizeof(money), rw->annual_fee,
                                v.cs.fees.currency));
        HTML_LIT(&h, "</td><td>");
        fee_fiscal_year_label(&v.cs.fees, rw->fiscal_year, fy);
        html_text(&h, fy);
        HTML_LIT(&h, "</td></tr>");
    }
    if (!v.n)
        HTML_LIT(&h, "<tr><td colspan=\"5\" class=\"text-muted\">No renewals "
                     "in this window.</td></tr>");
    HTML_LIT(&h, "</tbody><tfoot><tr class=\"fw-bold\"><td colspan=\"3\">"
                 "Sum of annual fees</td><td class=\"text-end\">");
    char money[64];
    html_text(&h, money_str(money, sizeof(money), sum, v.cs.fees.currency));
    HTML_LIT(&h, "</td><td></td></tr></tfoot></table>");
    layout_end(&h);
    resp_html(rs, 200, &h);
out:
    renewals_view_release(&v);
}

void
page_renewals_export(struct req *r, struct resp *rs)
{
    static const char *const HEADERS[] = {
        "renews on",  "organisation", "tier",
        "annual fee", "currency",     "fiscal year",
    };
    struct err err = ERR_INIT;
    struct renewals_view v;
    if (renewals_load(r, &v, &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    struct table *t = table_new(ARRAY_SIZE(HEADERS), HEADERS);
    int exp = currency_exponent(v.cs.fees.currency);
    int64_t unit = currency_unit(v.cs.fees.currency);
    for (size_t i = 0; i < v.n; i++) {
        const struct renewal *rw = &v.items[i];
        char fee[40], year[16];
        if (exp)
            snprintf(fee, sizeof(fee), "%" PRId64 ".%0*" PRId64,
                     rw->annual_fee / unit, exp, rw->annual_fee % unit);
        else
            snprintf(fee, sizeof(fee), "%" PRId64, rw->annual_fee);
        snprintf(year, sizeof(year), "%d", rw->fiscal_year);
        const char *cells[] = { rw->renews_on,      rw->org_name,
                                rw->tier_name,      fee,
                                v.cs.fees.currency, year };
        table_add_row(t, cells);
    }
    export_send(r, rs, t, "renewals");
    table_free(t);
out:
    renewals_view_release(&v);
}
