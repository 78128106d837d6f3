/*
 * The first page after sign-in: members today against the target and the
 * 15 / 25 / 50 member lines of DOMAIN.md, the member count over 24
 * months, joins and leaves, members by kind and tier, the SME share, fees
 * expected / invoiced / paid, the overdue total, the budget gap and the
 * private share, members by status, the board report button and the
 * latest changes. Its charts are SVG images from the same figures.
 *
 * The figures come from charts_view, which keeps them per thread until
 * the data changes: the page itself only reads the latest changes.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "core/money.h"
#include "report/build.h"
#include "report/report.h"
#include "store/dashboard_store.h"
#include "web/charts.h"
#include "web/history.h"
#include "web/layout.h"
#include "web/pages.h"

static void
card_begin(struct html *h, const char *id, const char *label)
{
    HTML_LIT(h, "<div class=\"col-sm-6 col-xl-3\"><div class=\"card h-100\"");
    html_attr(h, "id", id);
    HTML_LIT(h, "><div class=\"card-body\"><div class=\"text-muted\">");
    html_text(h, label);
    HTML_LIT(h, "</div>");
}

static void
card_end(struct html *h)
{
    HTML_LIT(h, "</div></div></div>");
}

static void
chart_img(struct html *h, const struct dashboard *d, enum board_chart c)
{
    char src[64];
    int w, hh;
    dash_chart_size(d, c, &w, &hh);
    snprintf(src, sizeof(src), "/dashboard/charts/%s.svg", board_chart_name(c));
    HTML_LIT(h, "<img class=\"img-fluid bg-white rounded border\"");
    html_attr(h, "src", src);
    html_attr(h, "alt", dash_chart_alt(c));
    html_attr_int(h, "width", w);
    html_attr_int(h, "height", hh);
    HTML_LIT(h, ">");
}

/* The members card: today's count, the target and the reference lines. */
static void
members_card(struct html *h, const struct dashboard *d)
{
    card_begin(h, "members-today", "Members today");
    HTML_LIT(h, "<div class=\"card-figure\">");
    html_count(h, d->members);
    HTML_LIT(h, "</div><div>");
    if (d->target_members > 0) {
        HTML_LIT(h, "Target ");
        html_count(h, d->target_members);
        HTML_LIT(h, " for ");
        html_int(h, d->fiscal_year);
        HTML_LIT(h, ": ");
        if (d->members >= d->target_members) {
            HTML_LIT(h, "<strong class=\"text-success\">reached</strong>");
        } else {
            html_count(h, d->target_members - d->members);
            HTML_LIT(h, " to go");
        }
    } else {
        HTML_LIT(h, "<a href=\"/targets\">No member target set</a>");
    }
    HTML_LIT(h, "</div>");
    card_end(h);
}

static void
reference_lines(struct html *h, const struct dashboard *d)
{
    static const char *const WHAT[3] = {
        "the minimum of a young cluster (ECCP listing)",
        "the goal many clusters set",
        "the size of leading IT clusters",
    };
    HTML_LIT(h, "<table class=\"table table-sm bg-white\" id=\"target-lines\">"
                "<caption>Members against the reference lines</caption>"
                "<thead><tr><th>Line</th><th>Meaning</th>"
                "<th class=\"text-end\">Members</th><th>Status</th></tr>"
                "</thead><tbody>");
    if (d->target_members > 0) {
        HTML_LIT(h, "<tr class=\"table-primary\"><td>");
        html_count(h, d->target_members);
        HTML_LIT(h, "</td><td>Target of fiscal year ");
        html_int(h, d->fiscal_year);
        HTML_LIT(h, "</td><td class=\"text-end\">");
        html_count(h, d->members);
        HTML_LIT(h, "</td><td>");
        if (d->members >= d->target_members) {
            HTML_LIT(h, "reached");
        } else {
            html_count(h, d->target_members - d->members);
            HTML_LIT(h, " to go");
        }
        HTML_LIT(h, "</td></tr>");
    }
    for (size_t i = 0; i < 3; i++) {
        int64_t line = TARGET_REFERENCE_LINES[i];
        HTML_LIT(h, "<tr><td>");
        html_count(h, line);
        HTML_LIT(h, "</td><td>");
        html_text(h, WHAT[i]);
        HTML_LIT(h, "</td><td class=\"text-end\">");
        html_count(h, d->members);
        HTML_LIT(h, "</td><td>");
        if (d->members >= line) {
            HTML_LIT(h, "reached");
        } else {
            html_count(h, line - d->members);
            HTML_LIT(h, " to go");
        }
        HTML_LIT(h, "</td></tr>");
    }
    HTML_LIT(h, "</tbody></table>");
}

static void
status_link(struct html *h, enum member_status st, int64_t n)
{
    const char *args[] = { "status", member_status_name(st), NULL };
    HTML_LIT(h, "<tr><td><a href=\"");
    html_url(h, "/memberships", args);
    HTML_LIT(h, "\">");
    html_text(h, member_status_label(st));
    HTML_LIT(h, "</a></td><td class=\"text-end\">");
    html_count(h, n);
    HTML_LIT(h, "</td></tr>");
}

static void
money_row(struct html *h, const char *label, int64_t v, const char *currency)
{
    HTML_LIT(h, "<tr><th scope=\"row\">");
    html_text(h, label);
    HTML_LIT(h, "</th><td class=\"text-end\">");
    html_money(h, v, currency);
    HTML_LIT(h, "</td></tr>");
}

/* The board report form: the current half year and the three before. */
static void
board_form(struct html *h, const struct dash_view *v, int32_t today)
{
    int fy = v->d.fiscal_year;
    struct fiscal_year y = fee_fiscal_year(&v->settings.fees, fy);
    int half = today >= y.half2 ? 2 : 1;
    HTML_LIT(h, "<form class=\"row g-2 align-items-end\" method=\"get\" "
                "action=\"/reports/board.pdf\" id=\"board-report\">"
                "<div class=\"col-auto\">");
    const char *values[4], *labels[4];
    char text[4][48];
    for (int i = 0; i < 4; i++) {
        snprintf(text[i], sizeof(text[i]), "%dH%d", fy % 100000, half);
        values[i] = labels[i] = text[i];
        if (--half == 0) {
            half = 2;
            fy--;
        }
    }
    layout_select(h, "half", "Half year", values, labels, 4, values[0], NULL);
    HTML_LIT(h, "</div><div class=\"col-auto mb-3\"><button type=\"submit\" "
                "class=\"btn btn-outline-primary\">Board report (PDF)</button>"
                "</div></form>");
}

void
page_dashboard(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct audit_list recent = { 0 };
    const struct dash_view *v = charts_view(r, &err);
    if (!v || audit_store_list(r->store, r->scope.cluster_id, NULL, 0, 0, 10,
                               &recent, &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    const struct dashboard *d = &v->d;
    const char *cur = d->currency;
    struct html h = { BUF_INIT };
    layout_begin(&h, r, "Dashboard", NAV_DASHBOARD);
    HTML_LIT(&h, "<h1 class=\"h3 mb-4\">");
    html_text(&h, r->who.cluster_name);
    HTML_LIT(&h, "</h1>");
    layout_flash(&h, r);

    HTML_LIT(&h, "<div class=\"row g-3 mb-4\">");
    members_card(&h, d);
    card_begin(&h, "sme-share", "SME share of members");
    HTML_LIT(&h, "<div class=\"card-figure\">");
    html_permille(&h, d->sme_permille);
    HTML_LIT(&h, "</div><div>");
    html_count(&h, d->sme_members);
    HTML_LIT(&h, " SMEs, micro and start-ups</div>");
    card_end(&h);
    card_begin(&h, "overdue", "Overdue");
    HTML_LIT(&h, "<a class=\"card-figure text-decoration-none\" "
                 "href=\"/invoices?status=overdue\">");
    html_money(&h, d->overdue, cur);
    HTML_LIT(&h, "</a><div>");
    html_count(&h, d->overdue_invoices);
    if (d->overdue_invoices == 1)
        HTML_LIT(&h, " invoice past due</div>");
    else
        HTML_LIT(&h, " invoices past due</div>");
    card_end(&h);
    /* Fees beyond the budget are a surplus, not a negative gap. */
    card_begin(&h, "budget-gap", d->gap < 0 ? "Budget surplus" : "Budget gap");
    HTML_LIT(&h, "<div class=\"card-figure\">");
    html_money(&h, d->gap < 0 ? -d->gap : d->gap, cur);
    HTML_LIT(&h, "</div><div>Private share ");
    html_permille(&h, d->private_permille);
    HTML_LIT(&h, "</div>");
    card_end(&h);
    HTML_LIT(&h, "</div>");

    HTML_LIT(&h, "<div class=\"row g-4 mb-4\"><div class=\"col-xl-8\">"
                 "<h2 class=\"h5\">Members month by month</h2>");
    chart_img(&h, d, BOARD_CHART_MEMBERS);
    HTML_LIT(&h, "</div><div class=\"col-xl-4\">");
    reference_lines(&h, d);
    HTML_LIT(&h, "</div></div>");

    HTML_LIT(&h, "<div class=\"row g-4 mb-4\"><div class=\"col-xl-8\">"
                 "<h2 class=\"h5\">Joins and leaves per month</h2>");
    chart_img(&h, d, BOARD_CHART_FLOW);
    HTML_LIT(&h, "</div><div class=\"col-xl-4\"><h2 class=\"h5\">Members by "
                 "status</h2><table class=\"table table-sm bg-white\" "
                 "id=\"by-status\"><tbody>");
    static const enum member_status SHOWN[] = {
        MEMBER_APPLICANT, MEMBER_ACTIVE,   MEMBER_IN_GRACE,
        MEMBER_LAPSED,    MEMBER_RESIGNED,
    };
    for (size_t i = 0; i < sizeof(SHOWN) / sizeof(SHOWN[0]); i++)
        status_link(&h, SHOWN[i], d->by_status[SHOWN[i]]);
    HTML_LIT(&h, "</tbody></table></div></div>");

    HTML_LIT(&h, "<div class=\"row g-4 mb-4\"><div class=\"col-xl-6\">"
                 "<h2 class=\"h5\">Members by kind</h2>");
    chart_img(&h, d, BOARD_CHART_KINDS);
    HTML_LIT(&h, "<table class=\"table table-sm bg-white mt-2\" id=\"by-kind\">"
                 "<thead><tr><th>Kind</th><th class=\"text-end\">Members</th>"
                 "<th class=\"text-end\">Target</th></tr></thead><tbody>");
    for (int k = 0; k < ORG_KIND__COUNT; k++) {
        if (!d->by_kind[k] && !d->target_by_kind[k])
            continue;
        HTML_LIT(&h, "<tr><td>");
        html_text(&h, org_kind_label((enum org_kind)k));
        HTML_LIT(&h, "</td><td class=\"text-end\">");
        html_count(&h, d->by_kind[k]);
        HTML_LIT(&h, "</td><td class=\"text-end\">");
        if (d->target_by_kind[k])
            html_count(&h, d->target_by_kind[k]);
        HTML_LIT(&h, "</td></tr>");
    }
    if (!d->members)
        HTML_LIT(&h, "<tr><td colspan=\"3\" class=\"text-muted\">No members "
                     "yet.</td></tr>");
    HTML_LIT(&h, "</tbody></table></div><div class=\"col-xl-6\">"
                 "<h2 class=\"h5\">Members by tier</h2>");
    chart_img(&h, d, BOARD_CHART_TIERS);
    HTML_LIT(&h, "<table class=\"table table-sm bg-white mt-2\" id=\"by-tier\">"
                 "<thead><tr><th>Tier</th><th class=\"text-end\">Members</th>"
                 "</tr></thead><tbody>");
    for (size_t i = 0; i < d->ntiers; i++) {
        HTML_LIT(&h, "<tr><td>");
        html_text(&h, d->by_tier[i].name);
        HTML_LIT(&h, "</td><td class=\"text-end\">");
        html_count(&h, d->by_tier[i].members);
        HTML_LIT(&h, "</td></tr>");
    }
    if (!d->ntiers)
        HTML_LIT(&h, "<tr><td colspan=\"2\" class=\"text-muted\">No tiers "
                     "yet: <a href=\"/settings/tiers\">set up the price "
                     "list</a>.</td></tr>");
    HTML_LIT(&h, "</tbody></table></div></div>");

    HTML_LIT(&h, "<div class=\"row g-4 mb-4\"><div class=\"col-xl-6\">"
                 "<h2 class=\"h5\">Fees and budget of fiscal year ");
    char fy[10];
    fee_fiscal_year_label(&v->settings.fees, d->fiscal_year, fy);
    html_text(&h, fy);
    HTML_LIT(&h, "</h2>");
    chart_img(&h, d, BOARD_CHART_FEES);
    HTML_LIT(&h, "<table class=\"table table-sm bg-white mt-2\" id=\"fees\">"
                 "<tbody>");
    money_row(&h, "Fees expected", d->fees_expected, cur);
    money_row(&h, "Invoiced", d->invoiced, cur);
    money_row(&h, "Paid", d->paid, cur);
    money_row(&h, "Overdue (all years)", d->overdue, cur);
    money_row(&h, "Budget of expenses", d->budget, cur);
    money_row(&h, "Other planned income", d->other_income, cur);
    money_row(&h, "Gap other income must cover", d->gap, cur);
    HTML_LIT(&h, "<tr><th scope=\"row\">Private share of income</th>"
                 "<td class=\"text-end\">");
    html_permille(&h, d->private_permille);
    HTML_LIT(&h, "</td></tr></tbody></table><a href=\"/targets\">Targets and "
                 "budget</a> · <a href=\"/invoices\">Invoices</a> · "
                 "<a href=\"/renewals\">Renewals</a>"
                 "<h2 class=\"h5 mt-4\">Board report</h2>");
    board_form(&h, v, d->day);
    HTML_LIT(&h, "</div><div class=\"col-xl-6\">"
                 "<h2 class=\"h5\">Latest changes</h2>");
    history_render(&h, &recent, HISTORY_ENTITY | HISTORY_BRIEF);
    HTML_LIT(&h, "<a href=\"/audit\">All changes</a></div></div>");
    layout_end(&h);
    resp_html(rs, 200, &h);
out:
    audit_list_release(&recent);
}

void
page_dashboard_chart(struct req *r, struct resp *rs)
{
    static const char PREFIX[] = "/dashboard/charts/";
    struct err err = ERR_INIT;
    enum board_chart c;
    const struct buf *svg;
    if (strncmp(r->path, PREFIX, sizeof(PREFIX) - 1) != 0 ||
        dash_chart_parse_file(r->path + sizeof(PREFIX) - 1, &c)) {
        layout_not_found(r, rs);
        return;
    }
    if (charts_svg(r, c, &svg, &err)) {
        layout_error_page(r, rs, &err);
        return;
    }
    rs->status = 200;
    rs->content_type = "image/svg+xml";
    buf_add(&rs->body, svg->s, svg->len);
}

/*
 * GET /reports/board.pdf?half=2027H1: the board report of a half year
 * that has begun, with the figures of its last day or of today when that
 * is earlier.
 */
void
page_board_report(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct buf pdf = BUF_INIT;
    int year, half;
    const char *label = req_query(r, "half");
    if (board_report_build(r->store, r->scope.cluster_id, r->who.cluster_name,
                           label, r->today, &pdf, &err)) {
        layout_error_page(r, rs, &err);
    } else {
        char name[64];
        half_year_parse(label, &year, &half);
        snprintf(name, sizeof(name), "board-report-%dH%d.pdf", year, half);
        resp_download(rs, "application/pdf", name, &pdf);
    }
    buf_release(&pdf);
}
