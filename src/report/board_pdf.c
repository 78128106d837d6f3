/*
 * The board's half-year report and the dashboard's charts. The charts
 * are built here from a struct dashboard once, so the web page's SVG and
 * the PDF show the same thing. Everything is computed by the caller
 * (core/targets.c); this file only lays figures out.
 */
#include "report/report.h"

#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "core/money.h"
#include "report/chart.h"
#include "report/pdf.h"

static const char *const CHART_NAMES[BOARD_CHART__COUNT] = {
    [BOARD_CHART_MEMBERS] = "members", [BOARD_CHART_FLOW] = "flow",
    [BOARD_CHART_KINDS] = "kinds",     [BOARD_CHART_TIERS] = "tiers",
    [BOARD_CHART_FEES] = "fees",
};

static const char *const MONTH_ABBR[12] = { "Jan", "Feb", "Mar", "Apr",
                                            "May", "Jun", "Jul", "Aug",
                                            "Sep", "Oct", "Nov", "Dec" };

/* Shown at most in the tiers chart; the rest would not be readable. */
#define MAX_TIER_BARS 12

const char *
board_chart_name(enum board_chart which)
{
    return which < BOARD_CHART__COUNT ? CHART_NAMES[which] : "";
}

int
board_chart_parse(const char *name, enum board_chart *out)
{
    for (int i = 0; i < BOARD_CHART__COUNT; i++) {
        if (name && strcmp(name, CHART_NAMES[i]) == 0) {
            *out = (enum board_chart)i;
            return 0;
        }
    }
    return -1;
}

/* The storage a chart's labels and values point into. */
struct chart_data {
    char months[DASH_MONTHS][12];
    const char *month_labels[DASH_MONTHS];
    int64_t a[DASH_MONTHS], b[DASH_MONTHS];
    char lines[CHART_MAX_LINES][48];
    const char *labels[MAX_TIER_BARS > ORG_KIND__COUNT ? MAX_TIER_BARS
                                                       : ORG_KIND__COUNT];
};

static void
months_axis(struct chart_data *cd, const struct dashboard *d, struct chart *c)
{
    for (size_t i = 0; i < DASH_MONTHS; i++) {
        const struct dash_month *m = &d->months[i];
        snprintf(cd->months[i], sizeof(cd->months[i]), "%s %d",
                 MONTH_ABBR[(m->month + 11) % 12], m->year);
        cd->month_labels[i] = cd->months[i];
    }
    c->labels = cd->month_labels;
    c->npoints = DASH_MONTHS;
}

static void
build_members(struct chart_data *cd, const struct dashboard *d, struct chart *c)
{
    chart_init(c, CHART_LINE, "Members month by month");
    months_axis(cd, d, c);
    int64_t max = d->target_members;
    for (size_t i = 0; i < DASH_MONTHS; i++) {
        cd->a[i] = d->months[i].members;
        if (cd->a[i] > max)
            max = cd->a[i];
    }
    c->series[0] = (struct chart_series){ "Members", cd->a, 0 };
    c->nseries = 1;
    if (d->target_members > 0) {
        snprintf(cd->lines[0], sizeof(cd->lines[0]), "Target %lld",
                 (long long)d->target_members);
        c->lines[0] =
            (struct chart_line){ d->target_members, cd->lines[0], true };
        c->nlines = 1;
    }
    /* The reference lines of DOMAIN.md, unless they would crowd the
     * bottom of a large cluster's chart or repeat the target. */
    for (size_t i = 0; i < ARRAY_SIZE(TARGET_REFERENCE_LINES); i++) {
        int64_t v = TARGET_REFERENCE_LINES[i];
        if (v == d->target_members || v * 8 < max)
            continue;
        snprintf(cd->lines[c->nlines], sizeof(cd->lines[0]),
                 i == 0 ? "%lld (ECCP minimum)" : "%lld members", (long long)v);
        c->lines[c->nlines] =
            (struct chart_line){ v, cd->lines[c->nlines], false };
        c->nlines++;
    }
}

static void
build_flow(struct chart_data *cd, const struct dashboard *d, struct chart *c)
{
    chart_init(c, CHART_BARS, "Joins and leaves per month");
    months_axis(cd, d, c);
    for (size_t i = 0; i < DASH_MONTHS; i++) {
        cd->a[i] = d->months[i].joins;
        cd->b[i] = d->months[i].leaves;
    }
    c->series[0] = (struct chart_series){ "Joined", cd->a, 0x198754 };
    c->series[1] = (struct chart_series){ "Left", cd->b, 0xdc3545 };
    c->nseries = 2;
}

static void
build_kinds(struct chart_data *cd, const struct dashboard *d, struct chart *c)
{
    chart_init(c, CHART_HBARS, "Members by kind");
    bool targets = false;
    size_t n = 0;
    for (int k = 0; k < ORG_KIND__COUNT; k++) {
        if (d->by_kind[k] == 0 && d->target_by_kind[k] == 0)
            continue;
        cd->labels[n] = org_kind_label((enum org_kind)k);
        cd->a[n] = d->by_kind[k];
        cd->b[n] = d->target_by_kind[k];
        if (d->target_by_kind[k] > 0)
            targets = true;
        n++;
    }
    c->labels = cd->labels;
    c->npoints = n;
    c->series[0] = (struct chart_series){ "Members", cd->a, 0 };
    c->series[1] = (struct chart_series){ "Target", cd->b, 0xadb5bd };
    c->nseries = targets ? 2 : 1;
}

static void
build_tiers(struct chart_data *cd, const struct dashboard *d, struct chart *c)
{
    chart_init(c, CHART_HBARS, "Members by tier");
    size_t n = d->ntiers < MAX_TIER_BARS ? d->ntiers : MAX_TIER_BARS;
    for (size_t i = 0; i < n; i++) {
        cd->labels[i] = d->by_tier[i].name ? d->by_tier[i].name : "";
        cd->a[i] = d->by_tier[i].members;
    }
    c->labels = cd->labels;
    c->npoints = n;
    c->series[0] = (struct chart_series){ "Members", cd->a, 0x6f42c1 };
    c->nseries = 1;
}

static void
build_fees(struct chart_data *cd, const struct dashboard *d, struct chart *c)
{
    chart_init(c, CHART_PROGRESS, "Membership fees of the fiscal year");
    c->currency = d->currency;
    cd->labels[0] = "Expected";
    cd->labels[1] = "Invoiced";
    cd->labels[2] = "Paid";
    cd->a[0] = d->fees_expected;
    cd->a[1] = d->invoiced;
    cd->a[2] = d->paid;
    c->labels = cd->labels;
    c->npoints = 3;
    c->series[0] = (struct chart_series){ "Fees", cd->a, 0 };
    c->nseries = 1;
}

static void
build_chart(struct chart_data *cd, const struct dashboard *d,
            enum board_chart which, struct chart *c)
{
    memset(cd, 0, sizeof(*cd));
    switch (which) {
    case BOARD_CHART_MEMBERS:
        build_members(cd, d, c);
        break;
    case BOARD_CHART_FLOW:
        build_flow(cd, d, c);
        break;
    case BOARD_CHART_KINDS:
        build_kinds(cd, d, c);
        break;
    case BOARD_CHART_TIERS:
        build_tiers(cd, d, c);
        break;
    default:
        build_fees(cd, d, c);
        break;
    }
}

int
board_chart_svg(const struct dashboard *d, enum board_chart which, double w,
                double h, struct buf *out, struct err *err)
{
    if (which >= BOARD_CHART__COUNT)
        return err_set(err, ERR_INVALID, "chart", "There is no such chart.");
    struct chart_data cd;
    struct chart c;
    build_chart(&cd, d, which, &c);
    return chart_svg(&c, w, h, out, err);
}

/* ---- the PDF ---- */

static void
draw_chart(struct pdf *p, const struct dashboard *d, enum board_chart which,
           double x, double y, double w, double h)
{
    struct chart_data cd;
    struct chart c;
    build_chart(&cd, d, which, &c);
    chart_draw(p->cr, &c, x, y, w, h);
}

/* "72.5 %" from permille, "–" for -1 (nothing to divide by). */
static const char *
permille_str(char *out, size_t size, int permille)
{
    if (permille < 0)
        snprintf(out, size, "\xe2\x80\x93");
    else
        snprintf(out, size, "%d.%d %%", permille / 10, permille % 10);
    return out;
}

/* a / b as a whole percentage, "" when b is 0. */
static const char *
percent_of(char *out, size_t size, int64_t a, int64_t b, const char *what)
{
    if (b <= 0)
        snprintf(out, size, "%s", "");
    else
        snprintf(out, size, "%lld %% of %s", (long long)((a * 100 + b / 2) / b),
                 what);
    return out;
}

struct tile {
    const char *label;
    char value[48];
    char note[96];
    uint32_t rgb;
};

static void
draw_tiles(struct pdf *p, const struct tile *t, size_t n)
{
    const double gap = 10, h = 62;
    const double w = (PDF_WIDTH - 2 * gap) / 3;
    for (size_t i = 0; i < n; i++) {
        double x = PDF_LEFT + (w + gap) * (double)(i % 3);
        double y = p->y + (h + gap) * (double)(i / 3);
        pdf_box(p, x, y, w, h, PDF_SHADE);
        pdf_box(p, x, y, 3, h, t[i].rgb ? t[i].rgb : PDF_ACCENT);
        pdf_text(p, x + 12, y + 8, w - 20, 8.5, 0, PDF_MUTED, t[i].label);
        pdf_text(p, x + 12, y + 21, w - 20, 15, CHART_TEXT_BOLD, PDF_TEXT,
                 t[i].value);
        pdf_text(p, x + 12, y + 43, w - 20, 7.5, 0, PDF_MUTED, t[i].note);
    }
    p->y += (h + gap) * (double)((n + 2) / 3);
}

static void
heading(struct pdf *p, const char *s)
{
    pdf_need(p, 60);
    p->y += pdf_text(p, PDF_LEFT, p->y, PDF_WIDTH, 13, CHART_TEXT_BOLD,
                     PDF_TEXT, s);
    p->y += 8;
}

static void
key_figures(struct pdf *p, const struct dashboard *d, const char *fy)
{
    const char *cur = d->currency;
    struct tile t[9];
    memset(t, 0, sizeof(t));
    char tmp[64];

    t[0].label = "Members";
    snprintf(t[0].value, sizeof(t[0].value), "%lld", (long long)d->members);
    if (d->target_members > 0)
        snprintf(t[0].note, sizeof(t[0].note), "Target %lld (%s)",
                 (long long)d->target_members,
                 percent_of(tmp, sizeof(tmp), d->members, d->target_members,
                            "target"));
    else
        snprintf(t[0].note, sizeof(t[0].note), "No target set");
    t[0].rgb = d->target_members > 0 && d->members < d->target_members
                   ? PDF_DANGER
                   : PDF_SUCCESS;

    t[1].label = "SME share";
    permille_str(t[1].value, sizeof(t[1].value), d->sme_permille);
    snprintf(t[1].note, sizeof(t[1].note), "%lld of %lld members",
             (long long)d->sme_members, (long long)d->members);

    t[2].label = "Overdue";
    money_str(t[2].value, sizeof(t[2].value), d->overdue, cur);
    snprintf(t[2].note, sizeof(t[2].note), "%lld invoice%s past due",
             (long long)d->overdue_invoices,
             d->overdue_invoices == 1 ? "" : "s");
    t[2].rgb = d->overdue > 0 ? PDF_DANGER : PDF_SUCCESS;

    t[3].label = "Fees expected";
    money_str(t[3].value, sizeof(t[3].value), d->fees_expected, cur);
    snprintf(t[3].note, sizeof(t[3].note), "Fiscal year %s", fy);

    t[4].label = "Invoiced";
    money_str(t[4].value, sizeof(t[4].value), d->invoiced, cur);
    percent_of(t[4].note, sizeof(t[4].note), d->invoiced, d->fees_expected,
               "expected");

    t[5].label = "Paid";
    money_str(t[5].value, sizeof(t[5].value), d->paid, cur);
    percent_of(t[5].note, sizeof(t[5].note), d->paid, d->invoiced, "invoiced");
    t[5].rgb = PDF_SUCCESS;

    t[6].label = "Budget (expenses)";
    money_str(t[6].value, sizeof(t[6].value), d->budget, cur);
    snprintf(t[6].note, sizeof(t[6].note), "%s",
             d->budget > 0 ? "As planned for the year" : "No budget set");

    t[7].label = "Gap other income must cover";
    money_str(t[7].value, sizeof(t[7].value), d->gap, cur);
    snprintf(t[7].note, sizeof(t[7].note), "Other income planned: %s",
             money_str(tmp, sizeof(tmp), d->other_income, cur));
    t[7].rgb = d->gap > d->other_income ? PDF_DANGER : PDF_SUCCESS;

    t[8].label = "Private financing";
    permille_str(t[8].value, sizeof(t[8].value), d->private_permille);
    snprintf(t[8].note, sizeof(t[8].note), "of %s total income",
             money_str(tmp, sizeof(tmp), d->total_income, cur));

    heading(p, "Key figures");
    draw_tiles(p, t, ARRAY_SIZE(t));
}

static void
status_table(struct pdf *p, const struct dashboard *d)
{
    static const enum member_status order[] = {
        MEMBER_ACTIVE,   MEMBER_IN_GRACE,  MEMBER_LAPSED,
        MEMBER_RESIGNED, MEMBER_APPLICANT, MEMBER_DECLINED,
    };
    struct pdf_col cols[ARRAY_SIZE(order)];
    char counts[ARRAY_SIZE(order)][24];
    const char *cells[ARRAY_SIZE(order)];
    for (size_t i = 0; i < ARRAY_SIZE(order); i++) {
        cols[i] = (struct pdf_col){ member_status_label(order[i]),
                                    PDF_WIDTH / ARRAY_SIZE(order), true };
        snprintf(counts[i], sizeof(counts[i]), "%lld",
                 (long long)d->by_status[order[i]]);
        cells[i] = counts[i];
    }
    heading(p, "Memberships by status");
    pdf_table_head(p, cols, ARRAY_SIZE(cols));
    pdf_table_row(p, cols, ARRAY_SIZE(cols), cells, 0);
    p->y += 18;
}

/* Members against the target, kind by kind. */
static void
kinds_table(struct pdf *p, const struct dashboard *d)
{
    static const struct pdf_col cols[] = {
        { "Kind", 195.28, false },
        { "Members", 100, true },
        { "Target", 100, true },
        { "Of target", 100, true },
    };
    char members[24], target[24], share[24];
    heading(p, "Members against the target");
    pdf_table_head(p, cols, ARRAY_SIZE(cols));
    for (int k = 0; k <= ORG_KIND__COUNT; k++) {
        bool all = k == ORG_KIND__COUNT;
        int64_t m = all ? d->members : d->by_kind[k];
        int64_t t = all ? d->target_members : d->target_by_kind[k];
        if (!all && m == 0 && t == 0)
            continue;
        snprintf(members, sizeof(members), "%lld", (long long)m);
        if (t > 0) {
            snprintf(target, sizeof(target), "%lld", (long long)t);
            snprintf(share, sizeof(share), "%lld %%",
                     (long long)((m * 100 + t / 2) / t));
        } else {
            snprintf(target, sizeof(target), "\xe2\x80\x93");
            snprintf(share, sizeof(share), "\xe2\x80\x93");
        }
        const char *cells[] = { all ? "All members"
                                    : org_kind_label((enum org_kind)k),
                                members, target, share };
        pdf_table_row(p, cols, ARRAY_SIZE(cols), cells, all ? PDF_ROW_BOLD : 0);
    }
}

static void
income_table(struct pdf *p, const struct dashboard *d,
             const struct target_plan *plan, const char *fy)
{
    const char *cur = d->currency;
    static const struct pdf_col cols[] = {
        { "Source", 120, false },
        { "Description", 195.28, false },
        { "Financing", 70, false },
        { "Amount", 110, true },
    };
    char title[64], amount[48], note[160];
    snprintf(title, sizeof(title), "Income plan, fiscal year %s", fy);
    heading(p, title);
    pdf_table_head(p, cols, ARRAY_SIZE(cols));

    int64_t planned_fees = 0;
    bool has_fee_line = false;
    for (size_t i = 0; plan && i < plan->nincome; i++) {
        if (plan->income[i].source == INCOME_MEMBERSHIP_FEES) {
            planned_fees += plan->income[i].amount;
            has_fee_line = true;
        }
    }
    /* The report counts fees from the memberships, not the plan's guess,
     * as the dashboard does; the plan's figure is shown beside it. */
    if (has_fee_line)
        snprintf(note, sizeof(note),
                 "Expected from current memberships (planned: %s)",
                 money_str(amount, sizeof(amount), planned_fees, cur));
    else
        snprintf(note, sizeof(note), "Expected from current memberships");
    const char *fees[] = {
        income_source_label(INCOME_MEMBERSHIP_FEES), note, "Private",
        money_str(amount, sizeof(amount), d->fees_expected, cur)
    };
    pdf_table_row(p, cols, ARRAY_SIZE(cols), fees, 0);

    for (size_t i = 0; plan && i < plan->nincome; i++) {
        const struct income_line *l = &plan->income[i];
        if (l->source == INCOME_MEMBERSHIP_FEES)
            continue;
        const char *cells[] = {
            income_source_label(l->source), l->label ? l->label : "",
            l->is_private ? "Private" : "Public",
            money_str(amount, sizeof(amount), l->amount, cur)
        };
        pdf_table_row(p, cols, ARRAY_SIZE(cols), cells, 0);
    }

    char share[32];
    const char *total[] = { "Total income", "", "",
                            money_str(amount, sizeof(amount), d->total_income,
                                      cur) };
    pdf_table_row(p, cols, ARRAY_SIZE(cols), total, PDF_ROW_BOLD);
    const char *priv[] = {
        "Private share",
        "Fees, events, paid services, "
        "sponsorship",
        "", permille_str(share, sizeof(share), d->private_permille)
    };
    pdf_table_row(p, cols, ARRAY_SIZE(cols), priv, 0);
    const char *budget[] = { "Budget", "Planned expenses", "",
                             money_str(amount, sizeof(amount), d->budget,
                                       cur) };
    pdf_table_row(p, cols, ARRAY_SIZE(cols), budget, 0);
    const char *gap[] = { "Gap",
                          "Budget less expected fees: what other "
                          "income must cover",
                          "", money_str(amount, sizeof(amount), d->gap, cur) };
    pdf_table_row(p, cols, ARRAY_SIZE(cols), gap, PDF_ROW_SHADE);
    const char *balance[] = { "Balance", "Total income less budget", "",
                              money_str(amount, sizeof(amount),
                                        d->total_income - d->budget, cur) };
    pdf_table_row(p, cols, ARRAY_SIZE(cols), balance, PDF_ROW_BOLD);
    if (!plan || plan->nincome == 0) {
        p->y += 6;
        p->y += pdf_text(p, PDF_LEFT, p->y, PDF_WIDTH, 8.5, CHART_TEXT_ITALIC,
                         PDF_MUTED,
                         "No income lines are planned for this fiscal year.");
    }
}

int
board_report_pdf(const struct dashboard *d, const struct target_plan *plan,
                 const struct cluster_settings *cs, const char *cluster_name,
                 const char *half_label, struct buf *out, struct err *err)
{
    const char *name = cs && cs->legal_name && *cs->legal_name ? cs->legal_name
                       : cluster_name                          ? cluster_name
                                                               : "";
    char title[128], footer[256], day[24], fy[10];
    snprintf(title, sizeof(title), "Board report %s",
             half_label ? half_label : "");
    snprintf(footer, sizeof(footer), "%s \xc2\xb7 %s", name, title);
    pdf_date(d->day, day);
    if (cs)
        fee_fiscal_year_label(&cs->fees, d->fiscal_year, fy);
    else
        snprintf(fy, sizeof(fy), "%d", d->fiscal_year % 10000);

    struct pdf p;
    pdf_begin(&p, out, title, footer);

    /* Title block. */
    pdf_box(&p, PDF_LEFT, p.y, PDF_WIDTH, 4, PDF_ACCENT);
    p.y += 14;
    p.y += pdf_text(&p, PDF_LEFT, p.y, PDF_WIDTH, 11, 0, PDF_MUTED, name);
    p.y += pdf_text(&p, PDF_LEFT, p.y, PDF_WIDTH, 24, CHART_TEXT_BOLD, PDF_TEXT,
                    title);
    char sub[128];
    snprintf(sub, sizeof(sub), "Figures as of %s \xc2\xb7 fiscal year %s", day,
             fy);
    p.y += pdf_text(&p, PDF_LEFT, p.y + 2, PDF_WIDTH, 10, 0, PDF_MUTED, sub);
    p.y += 22;

    key_figures(&p, d, fy);
    p.y += 8;
    status_table(&p, d);

    pdf_need(&p, 240);
    draw_chart(&p, d, BOARD_CHART_MEMBERS, PDF_LEFT, p.y, PDF_WIDTH, 230);
    p.y += 230;

    pdf_page_break(&p);
    heading(&p, "Membership development");
    draw_chart(&p, d, BOARD_CHART_FLOW, PDF_LEFT, p.y, PDF_WIDTH, 200);
    p.y += 225;
    const double half = (PDF_WIDTH - 24) / 2;
    draw_chart(&p, d, BOARD_CHART_KINDS, PDF_LEFT, p.y, half, 190);
    draw_chart(&p, d, BOARD_CHART_TIERS, PDF_LEFT + half + 24, p.y, half, 190);
    p.y += 215;
    kinds_table(&p, d);

    pdf_page_break(&p);
    heading(&p, "Fees and budget");
    draw_chart(&p, d, BOARD_CHART_FEES, PDF_LEFT, p.y, PDF_WIDTH, 100);
    p.y += 125;
    income_table(&p, d, plan, fy);

    return pdf_end(&p, err);
}
