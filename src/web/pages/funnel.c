/*
 * The funnel board (leads per stage today, the warm leads with the days
 * left before they cool, those cooling this week, those that joined this
 * month) and the monthly report (a table per month and its SVG charts,
 * with a CSV export of the table). The figures come from the shared
 * cache of web/funnel_charts.h, computed at most once per change of the
 * data; these pages only write them out.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mem.h"
#include "io/table.h"
#include "web/export.h"
#include "web/funnel_charts.h"
#include "web/layout.h"
#include "web/pages.h"

static const char *const MONTH_NAMES[12] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December",
};

static void
org_link(struct html *h, int64_t id, const char *text)
{
    char href[64];
    snprintf(href, sizeof(href), "/organisations/%" PRId64, id);
    HTML_LIT(h, "<a");
    html_attr(h, "href", href);
    HTML_LIT(h, ">");
    html_text(h, text);
    HTML_LIT(h, "</a>");
}

static void
stage_card(struct html *h, const char *id, const char *label, int64_t n,
           const char *stage)
{
    const char *args[] = { "stage", stage, NULL };
    HTML_LIT(h, "<div class=\"col-sm-6 col-xl-3\"><div class=\"card h-100\"");
    html_attr(h, "id", id);
    HTML_LIT(h, "><div class=\"card-body\"><div class=\"text-muted\">");
    html_text(h, label);
    HTML_LIT(h, "</div><a class=\"card-figure text-decoration-none\" href=\"");
    html_url(h, "/leads", args);
    HTML_LIT(h, "\">");
    html_count(h, n);
    HTML_LIT(h, "</a></div></div></div>");
}

/* A table of warm leads with their last warm day and the days left. */
static void
warm_table(struct html *h, const char *id, const struct funnel_lead *items,
           size_t n, const char *empty)
{
    HTML_LIT(h, "<table class=\"table table-sm bg-white\"");
    html_attr(h, "id", id);
    HTML_LIT(h, "><thead><tr><th>Lead</th><th>Warm until</th><th>Days "
                "left</th><th>Owner</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        HTML_LIT(h, "<tr><td>");
        org_link(h, items[i].organisation_id, items[i].name);
        HTML_LIT(h, "</td><td class=\"text-nowrap\">");
        html_text(h, items[i].warm_until);
        HTML_LIT(h, "</td><td class=\"text-nowrap\">");
        funnel_days_left(h, items[i].days_left);
        HTML_LIT(h, "</td><td>");
        html_text(h, items[i].owner_name);
        HTML_LIT(h, "</td></tr>");
    }
    if (!n) {
        HTML_LIT(h, "<tr><td colspan=\"4\" class=\"text-muted\">");
        html_text(h, empty);
        HTML_LIT(h, "</td></tr>");
    }
    HTML_LIT(h, "</tbody></table>");
}

void
page_funnel_board(struct req *r, struct resp *rs)
{
    struct funnel_hold hold = FUNNEL_HOLD_INIT;
    const struct funnel_board *b;
    struct err err = ERR_INIT;
    if (funnel_cache_board(r, &b, &hold, &err)) {
        layout_error_page(r, rs, &err);
        return;
    }
    struct html h = { BUF_INIT };
    layout_begin(&h, r, "Funnel", NAV_FUNNEL);
    HTML_LIT(&h, "<div class=\"d-flex align-items-center gap-3 mb-3\">"
                 "<h1 class=\"h3 mb-0\">Funnel</h1><span "
                 "class=\"text-muted\">on ");
    html_text(&h, r->today);
    HTML_LIT(&h, "</span><a class=\"ms-auto\" href=\"/funnel/report\">"
                 "Monthly report</a><a href=\"/leads\">All leads</a></div>");
    layout_flash(&h, r);
    HTML_LIT(&h, "<div class=\"row g-3 mb-4\">");
    stage_card(&h, "stage-cold", "Cold base", b->stage[LEAD_COLD], "cold");
    stage_card(&h, "stage-warm", "Warm", b->stage[LEAD_WARM], "warm");
    stage_card(&h, "stage-member", "Members", b->stage[LEAD_MEMBER], "member");
    stage_card(&h, "stage-do-not-contact", "Do not contact",
               b->stage[LEAD_DO_NOT_CONTACT], "do_not_contact");
    HTML_LIT(&h, "</div><div class=\"row g-4\"><div class=\"col-xl-6\">"
                 "<h2 class=\"h5\">Warm leads, cooling soonest first</h2>");
    warm_table(&h, "warm", b->warm, b->nwarm, "No warm leads.");
    if ((int64_t)b->nwarm < b->stage[LEAD_WARM]) {
        const char *args[] = { "stage", "warm", "sort", "warm_until", NULL };
        HTML_LIT(&h, "<a href=\"");
        html_url(&h, "/leads", args);
        HTML_LIT(&h, "\">All ");
        html_count(&h, b->stage[LEAD_WARM]);
        HTML_LIT(&h, " warm leads</a>");
    }
    HTML_LIT(&h, "</div><div class=\"col-xl-6\"><h2 class=\"h5\">Cooling "
                 "this week</h2>");
    /* Hundreds may cool in a week of a large base: the soonest are shown,
     * the rest are a click away in the warm list sorted the same way. */
    warm_table(&h, "cooling", b->cooling, b->ncooling,
               "No lead cools in the next seven days.");
    if ((int64_t)b->ncooling < b->cooling_total) {
        const char *args[] = { "stage", "warm", "sort", "warm_until", NULL };
        HTML_LIT(&h, "<a href=\"");
        html_url(&h, "/leads", args);
        HTML_LIT(&h, "\">All ");
        html_count(&h, b->cooling_total);
        HTML_LIT(&h, " leads cooling this week</a>");
    }
    HTML_LIT(&h, "<h2 class=\"h5 mt-4\">Joined this month <span "
                 "class=\"badge bg-success\">");
    html_count(&h, b->joined_this_month);
    HTML_LIT(&h, "</span></h2><table class=\"table table-sm bg-white\" "
                 "id=\"joined\"><thead><tr><th>Organisation</th><th>Joined "
                 "on</th></tr></thead><tbody>");
    for (size_t i = 0; i < b->njoined; i++) {
        HTML_LIT(&h, "<tr><td>");
        org_link(&h, b->joined[i].organisation_id, b->joined[i].name);
        HTML_LIT(&h, "</td><td>");
        html_text(&h, b->joined[i].warm_until);
        HTML_LIT(&h, "</td></tr>");
    }
    if (!b->njoined)
        HTML_LIT(&h, "<tr><td colspan=\"2\" class=\"text-muted\">No "
                     "organisation joined this month yet.</td></tr>");
    HTML_LIT(&h, "</tbody></table></div></div>");
    layout_end(&h);
    resp_html(rs, 200, &h);
    funnel_hold_release(&hold);
}

/* ---- the monthly report ---- */

struct report_query {
    int year, month, nmonths;
    char month_text[8]; /* "2026-03" */
    char months_text[8];
};

/*
 * Reads month (YYYY-MM, not after today's month; default today's) and
 * months (1..36, default 12). Faults go to fe; q keeps the typed values.
 */
static void
report_query_from(const struct req *r, struct report_query *q,
                  struct form_errors *fe)
{
    struct err err = ERR_INIT;
    struct date today;
    if (date_parse(r->today, (int)strlen(r->today), &today))
        today = (struct date){ 1970, 1, 1 };
    q->year = today.year;
    q->month = today.month;
    q->nmonths = 12;
    const char *m = req_query(r, "month");
    const char *n = req_query(r, "months");
    snprintf(q->month_text, sizeof(q->month_text), "%04d-%02d", q->year,
             q->month);
    snprintf(q->months_text, sizeof(q->months_text), "%d", q->nmonths);
    if (m && *m) {
        struct date d;
        char day[16];
        snprintf(day, sizeof(day), "%.7s-01", m);
        if (strlen(m) != 7 || date_parse(day, 10, &d) ||
            d.year * 12 + d.month > today.year * 12 + today.month) {
            err_set(&err, ERR_INVALID, "month",
                    "The month must be written as 2026-03 and not be after "
                    "this month.");
            form_errors_add(fe, &err);
            err_clear(&err);
        } else {
            q->year = d.year;
            q->month = d.month;
        }
        snprintf(q->month_text, sizeof(q->month_text), "%.7s", m);
    }
    if (n && *n) {
        char *end;
        long v = strtol(n, &end, 10);
        if (*end || v < 1 || v > 36) {
            err_set(&err, ERR_INVALID, "months",
                    "The report covers 1 to 36 months.");
            form_errors_add(fe, &err);
            err_clear(&err);
        } else {
            q->nmonths = (int)v;
        }
        snprintf(q->months_text, sizeof(q->months_text), "%.7s", n);
    }
}

static void
month_label(struct html *h, const struct funnel_month *m)
{
    html_text(h, MONTH_NAMES[(m->month + 11) % 12]);
    HTML_LIT(h, " ");
    html_int(h, m->year);
}

static void
num_cell(struct html *h, int64_t v)
{
    HTML_LIT(h, "<td class=\"text-end\">");
    html_count(h, v);
    HTML_LIT(h, "</td>");
}

static const enum channel CHANNELS[] = { CHANNEL_EMAIL, CHANNEL_CALL,
                                         CHANNEL_MEETING, CHANNEL_EVENT,
                                         CHANNEL_SOCIAL };

static void
report_table(struct html *h, const struct funnel_month *m, int n)
{
    HTML_LIT(h, "<div class=\"table-responsive\"><table class=\"table "
                "table-sm bg-white\" id=\"funnel-months\"><thead><tr>"
                "<th rowspan=\"2\">Month</th><th colspan=\"2\" "
                "class=\"text-center\">Cold base</th><th rowspan=\"2\" "
                "class=\"text-end\">Warm</th><th rowspan=\"2\" "
                "class=\"text-end\">Members</th><th rowspan=\"2\" "
                "class=\"text-end\">New leads</th><th rowspan=\"2\" "
                "class=\"text-end\">Turned warm</th><th rowspan=\"2\" "
                "class=\"text-end\">Conversions (of which warm)</th>"
                "<th rowspan=\"2\" class=\"text-end\">Returned to cold</th>"
                "<th colspan=\"5\" class=\"text-center\">Outreach</th></tr>"
                "<tr><th class=\"text-end\">Size</th><th class=\"text-end\">"
                "Growth</th>");
    for (size_t c = 0; c < ARRAY_SIZE(CHANNELS); c++) {
        HTML_LIT(h, "<th class=\"text-end\">");
        html_text(h, channel_label(CHANNELS[c]));
        HTML_LIT(h, "</th>");
    }
    HTML_LIT(h, "</tr></thead><tbody>");
    for (int i = n - 1; i >= 0; i--) {
        const struct funnel_month *x = &m[i];
        HTML_LIT(h, "<tr><th scope=\"row\" class=\"text-nowrap\">");
        month_label(h, x);
        HTML_LIT(h, "</th>");
        num_cell(h, x->stage[LEAD_COLD]);
        HTML_LIT(h, "<td class=\"text-end");
        if (x->cold_growth < 0)
            HTML_LIT(h, " text-danger");
        else if (x->cold_growth > 0)
            HTML_LIT(h, " text-success");
        HTML_LIT(h, "\">");
        if (x->cold_growth > 0)
            HTML_LIT(h, "+");
        else if (x->cold_growth < 0)
            HTML_LIT(h, "−");
        html_count(h, x->cold_growth < 0 ? -x->cold_growth : x->cold_growth);
        HTML_LIT(h, "</td>");
        num_cell(h, x->stage[LEAD_WARM]);
        num_cell(h, x->stage[LEAD_MEMBER]);
        num_cell(h, x->new_leads);
        num_cell(h, x->warmed);
        HTML_LIT(h, "<td class=\"text-end\">");
        html_count(h, x->conversions);
        HTML_LIT(h, " (");
        html_count(h, x->conversions_warm);
        HTML_LIT(h, ")</td>");
        num_cell(h, x->cooled);
        for (size_t c = 0; c < ARRAY_SIZE(CHANNELS); c++)
            num_cell(h, x->outreach[CHANNELS[c]]);
        HTML_LIT(h, "</tr>");
    }
    HTML_LIT(h, "</tbody></table></div>");
}

static void
chart_img(struct html *h, enum funnel_chart c, const struct report_query *q)
{
    char path[64], months[16];
    int w, hh;
    funnel_chart_size(c, &w, &hh);
    snprintf(path, sizeof(path), "/funnel/charts/%s.svg", funnel_chart_name(c));
    snprintf(months, sizeof(months), "%d", q->nmonths);
    char month[16];
    snprintf(month, sizeof(month), "%04d-%02d", q->year % 10000,
             q->month % 100);
    const char *args[] = { "month", month, "months", months, NULL };
    HTML_LIT(h, "<img class=\"img-fluid bg-white rounded border\" src=\"");
    html_url(h, path, args);
    HTML_LIT(h, "\"");
    html_attr(h, "alt", funnel_chart_alt(c));
    html_attr_int(h, "width", w);
    html_attr_int(h, "height", hh);
    HTML_LIT(h, ">");
}

static void
report_form(struct html *h, const struct report_query *q,
            const struct form_errors *fe)
{
    HTML_LIT(h, "<form class=\"filters row g-2 align-items-end mb-2\" "
                "method=\"get\" action=\"/funnel/report\" id=\"report-form\">"
                "<div class=\"col-auto\">");
    layout_input(h, "month", "month", "Last month", q->month_text, fe,
                 "YYYY-MM");
    HTML_LIT(h, "</div><div class=\"col-auto\">");
    layout_input(h, "number", "months", "Months", q->months_text, fe,
                 "1 to 36");
    HTML_LIT(h, "</div><div class=\"col-auto mb-3\"><button "
                "class=\"btn btn-primary\" type=\"submit\">Show</button>"
                "</div></form>");
}

void
page_funnel_report(struct req *r, struct resp *rs)
{
    struct report_query q;
    struct form_errors fe = { .n = 0 };
    struct funnel_hold hold = FUNNEL_HOLD_INIT;
    const struct funnel_month *m = NULL;
    struct err err = ERR_INIT;
    report_query_from(r, &q, &fe);
    if (!fe.n &&
        funnel_cache_months(r, q.year, q.month, q.nmonths, &m, &hold, &err)) {
        if (err.code != ERR_INVALID) {
            layout_error_page(r, rs, &err);
            return;
        }
        form_errors_add(&fe, &err);
    }
    struct html h = { BUF_INIT };
    layout_begin(&h, r, "Funnel report", NAV_FUNNEL);
    HTML_LIT(&h,
             "<div class=\"d-flex align-items-center gap-3 mb-3\">"
             "<h1 class=\"h3 mb-0\">Funnel month by month</h1>"
             "<a class=\"ms-auto\" href=\"/funnel\">Funnel board</a></div>");
    layout_error_summary(&h, &fe);
    report_form(&h, &q, &fe);
    if (m) {
        char month[16], months[16];
        snprintf(month, sizeof(month), "%04d-%02d", q.year % 10000,
                 q.month % 100);
        snprintf(months, sizeof(months), "%d", q.nmonths);
        struct list_query lq = { .keys = { "month", "months" },
                                 .values = { month, months },
                                 .n = 2 };
        HTML_LIT(&h, "<div class=\"d-flex mb-2\"><div class=\"ms-auto\">");
        layout_export_links(&h, "/funnel/report/export", &lq);
        HTML_LIT(&h, "</div></div>");
        report_table(&h, m, q.nmonths);
        HTML_LIT(&h, "<p class=\"text-muted small\">Stages at each month's "
                     "last day (today for this month). The cold base should "
                     "grow; conversions in brackets were warm the day "
                     "before they joined.</p><div class=\"row g-4 mb-4\">"
                     "<div class=\"col-xl-6\">");
        chart_img(&h, FUNNEL_CHART_COLD, &q);
        HTML_LIT(&h, "</div><div class=\"col-xl-6\">");
        chart_img(&h, FUNNEL_CHART_WARM, &q);
        HTML_LIT(&h, "</div><div class=\"col-12\">");
        chart_img(&h, FUNNEL_CHART_OUTREACH, &q);
        HTML_LIT(&h, "</div></div>");
    }
    layout_end(&h);
    resp_html(rs, fe.n ? 422 : 200, &h);
    funnel_hold_release(&hold);
}

void
page_funnel_report_export(struct req *r, struct resp *rs)
{
    static const char *const HEADERS[] = {
        "month",
        "cold base",
        "cold growth",
        "warm",
        "members",
        "do not contact",
        "new leads",
        "turned warm",
        "conversions",
        "conversions warm",
        "returned to cold",
        "outreach e-mail",
        "outreach calls",
        "outreach meetings",
        "outreach events",
        "outreach social",
    };
    struct report_query q;
    struct form_errors fe = { .n = 0 };
    struct funnel_hold hold = FUNNEL_HOLD_INIT;
    const struct funnel_month *m = NULL;
    struct err err = ERR_INIT;
    report_query_from(r, &q, &fe);
    if (fe.n) {
        layout_error_page(r, rs, &fe.items[0]);
        return;
    }
    if (funnel_cache_months(r, q.year, q.month, q.nmonths, &m, &hold, &err)) {
        layout_error_page(r, rs, &err);
        return;
    }
    struct table *t = table_new(ARRAY_SIZE(HEADERS), HEADERS);
    for (int i = 0; i < q.nmonths; i++) {
        const struct funnel_month *x = &m[i];
        int64_t v[] = { x->stage[LEAD_COLD],
                        x->cold_growth,
                        x->stage[LEAD_WARM],
                        x->stage[LEAD_MEMBER],
                        x->stage[LEAD_DO_NOT_CONTACT],
                        x->new_leads,
                        x->warmed,
                        x->conversions,
                        x->conversions_warm,
                        x->cooled,
                        x->outreach[CHANNEL_EMAIL],
                        x->outreach[CHANNEL_CALL],
                        x->outreach[CHANNEL_MEETING],
                        x->outreach[CHANNEL_EVENT],
                        x->outreach[CHANNEL_SOCIAL] };
        char text[16][24];
        const char *cells[16];
        snprintf(text[0], sizeof(text[0]), "%04d-%02d", x->year % 10000,
                 x->month % 100);
        cells[0] = text[0];
        for (size_t c = 0; c < ARRAY_SIZE(v); c++) {
            snprintf(text[c + 1], sizeof(text[0]), "%" PRId64, v[c]);
            cells[c + 1] = text[c + 1];
        }
        table_add_row(t, cells);
    }
    char name[48];
    snprintf(name, sizeof(name), "funnel-%04d-%02d", q.year % 10000,
             q.month % 100);
    export_send(r, rs, t, name);
    table_free(t);
    funnel_hold_release(&hold);
}

void
page_funnel_chart(struct req *r, struct resp *rs)
{
    static const char PREFIX[] = "/funnel/charts/";
    struct report_query q;
    struct form_errors fe = { .n = 0 };
    struct funnel_hold hold = FUNNEL_HOLD_INIT;
    const struct buf *svg;
    struct err err = ERR_INIT;
    enum funnel_chart c;
    if (strncmp(r->path, PREFIX, sizeof(PREFIX) - 1) != 0 ||
        funnel_chart_parse_file(r->path + sizeof(PREFIX) - 1, &c)) {
        layout_not_found(r, rs);
        return;
    }
    report_query_from(r, &q, &fe);
    if (fe.n) {
        layout_error_page(r, rs, &fe.items[0]);
        return;
    }
    if (funnel_cache_svg(r, c, q.year, q.month, q.nmonths, &svg, &hold, &err)) {
        layout_error_page(r, rs, &err);
        return;
    }
    rs->status = 200;
    rs->content_type = "image/svg+xml";
    buf_add(&rs->body, svg->s, svg->len);
    funnel_hold_release(&hold);
}
