/*
 * Targets and budget per fiscal year: the member target (total and per
 * organisation kind), the budget of expenses and the expected income
 * lines by source, each private or public; beside them what follows
 * (members, expected fee income, the gap, the private share), computed by
 * the same code as the dashboard. The form shows every wrong field at
 * once, with what was typed.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mem.h"
#include "base/text.h"
#include "core/money.h"
#include "store/dashboard_store.h"
#include "store/membership_store.h"
#include "web/layout.h"
#include "web/pages.h"

#define LABEL_MAX 200
#define FORM_LINES_MIN 6
#define FORM_LINES_EXTRA 3

/* One income row of the form, as shown. */
struct line_row {
    char source[32];
    char *label;
    char *amount;
    char private_[16]; /* "", "private" or "public" */
};

/* The whole form, as shown: typed after an error, else from the plan. */
struct targets_form {
    int year;
    char *members;
    char *by_kind[ORG_KIND__COUNT];
    char *budget;
    struct line_row *rows;
    size_t nrows;
};

static void
targets_form_release(struct targets_form *f)
{
    free(f->members);
    for (int k = 0; k < ORG_KIND__COUNT; k++)
        free(f->by_kind[k]);
    free(f->budget);
    for (size_t i = 0; i < f->nrows; i++) {
        free(f->rows[i].label);
        free(f->rows[i].amount);
    }
    free(f->rows);
    memset(f, 0, sizeof(*f));
}

/* "15000.00": an amount as a person types it back into the form. */
static char *
amount_text(int64_t minor, const char *currency)
{
    char out[48];
    int exp = currency_exponent(currency);
    int64_t unit = currency_unit(currency);
    if (exp)
        snprintf(out, sizeof(out), "%" PRId64 ".%0*" PRId64, minor / unit, exp,
                 minor % unit);
    else
        snprintf(out, sizeof(out), "%" PRId64, minor);
    return xstrdup(out);
}

static char *
count_text(int64_t v)
{
    char out[24];
    if (!v)
        return xstrdup("");
    snprintf(out, sizeof(out), "%" PRId64, v);
    return xstrdup(out);
}

static int
parse_year(const char *s, int *out)
{
    if (!s || !*s)
        return -1;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (*end || errno || v < 1900 || v > 9998)
        return -1;
    *out = (int)v;
    return 0;
}

/* A target: "" is 0, else a whole number 0..TARGET_MAX_MEMBERS. */
static int
parse_target(const char *s, int64_t *out)
{
    size_t len;
    const char *t = text_trim(s ? s : "", s ? strlen(s) : 0, &len);
    *out = 0;
    if (!len)
        return 0;
    int64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (t[i] < '0' || t[i] > '9' || v > TARGET_MAX_MEMBERS)
            return -1;
        v = v * 10 + (t[i] - '0');
    }
    if (v > TARGET_MAX_MEMBERS)
        return -1;
    *out = v;
    return 0;
}

static void
form_from_plan(struct targets_form *f, const struct target_plan *p,
               const char *currency)
{
    f->year = p->fiscal_year;
    f->members = count_text(p->members);
    for (int k = 0; k < ORG_KIND__COUNT; k++)
        f->by_kind[k] = count_text(p->members_by_kind[k]);
    f->budget = p->budget ? amount_text(p->budget, currency) : xstrdup("");
    size_t n = p->nincome + FORM_LINES_EXTRA;
    if (n < FORM_LINES_MIN)
        n = FORM_LINES_MIN;
    if (n > TARGET_MAX_INCOME_LINES)
        n = TARGET_MAX_INCOME_LINES;
    f->rows = xcalloc(n, sizeof(*f->rows));
    f->nrows = n;
    for (size_t i = 0; i < n; i++) {
        struct line_row *row = &f->rows[i];
        if (i < p->nincome) {
            const struct income_line *l = &p->income[i];
            snprintf(row->source, sizeof(row->source), "%s",
                     income_source_name(l->source));
            row->label = xstrdup(l->label ? l->label : "");
            row->amount = amount_text(l->amount, currency);
            snprintf(row->private_, sizeof(row->private_), "%s",
                     l->is_private ? "private" : "public");
        } else {
            /* Blank rows offer the sources in order, for a first plan. */
            snprintf(row->source, sizeof(row->source), "%s",
                     income_source_name((enum income_source)((i - p->nincome) %
                                                             INCOME__COUNT)));
            row->label = xstrdup("");
            row->amount = xstrdup("");
        }
    }
}

static void
field_name(char *out, size_t size, size_t row, const char *what)
{
    snprintf(out, size, "line%zu_%s", row + 1, what);
}

static void
add_error(struct form_errors *fe, const char *field, const char *fmt,
          const char *arg)
{
    struct err err = ERR_INIT;
    err_set(&err, ERR_INVALID, field, fmt, arg);
    form_errors_add(fe, &err);
}

/*
 * Reads the posted form into f (as typed) and plan (as parsed); wrong
 * fields go into fe, each beside its field.
 */
static void
form_from_post(const struct req *r, const char *currency,
               struct targets_form *f, struct target_plan *plan,
               struct form_errors *fe)
{
    const char *v = req_field(r, "members");
    f->members = xstrdup(v ? v : "");
    if (parse_target(v, &plan->members))
        add_error(fe, "members", "%s",
                  "The member target must be a whole number from 0 to "
                  "100000.");
    for (int k = 0; k < ORG_KIND__COUNT; k++) {
        char name[48];
        snprintf(name, sizeof(name), "members_%s",
                 org_kind_name((enum org_kind)k));
        v = req_field(r, name);
        f->by_kind[k] = xstrdup(v ? v : "");
        if (parse_target(v, &plan->members_by_kind[k]))
            add_error(fe, name,
                      "The target for %s must be a whole number from 0 to "
                      "100000.",
                      org_kind_label((enum org_kind)k));
    }
    v = req_field(r, "budget");
    f->budget = xstrdup(v ? v : "");
    struct err err = ERR_INIT;
    size_t blen;
    text_trim(f->budget, strlen(f->budget), &blen);
    if (blen && money_parse(f->budget, currency, false, &plan->budget, "budget",
                            &err)) {
        form_errors_add(fe, &err);
        err_clear(&err);
    }

    int64_t nrows = 0;
    const char *count = req_field(r, "lines");
    if (count && *count) {
        char *end;
        errno = 0;
        long long c = strtoll(count, &end, 10);
        if (!*end && !errno && c > 0)
            nrows = c > TARGET_MAX_INCOME_LINES ? TARGET_MAX_INCOME_LINES : c;
    }
    f->rows = xcalloc((size_t)nrows + 1, sizeof(*f->rows));
    f->nrows = (size_t)nrows;
    for (size_t i = 0; i < f->nrows; i++) {
        struct line_row *row = &f->rows[i];
        char name[48];
        field_name(name, sizeof(name), i, "source");
        const char *source = req_field(r, name);
        snprintf(row->source, sizeof(row->source), "%s", source ? source : "");
        field_name(name, sizeof(name), i, "label");
        v = req_field(r, name);
        row->label = xstrdup(v ? v : "");
        field_name(name, sizeof(name), i, "amount");
        v = req_field(r, name);
        row->amount = xstrdup(v ? v : "");
        field_name(name, sizeof(name), i, "private");
        v = req_field(r, name);
        snprintf(row->private_, sizeof(row->private_), "%s", v ? v : "");

        size_t alen, llen;
        text_trim(row->amount, strlen(row->amount), &alen);
        const char *label = text_trim(row->label, strlen(row->label), &llen);
        if (!alen && !llen)
            continue; /* an empty row */
        enum income_source src = INCOME_MEMBERSHIP_FEES;
        bool ok = true;
        field_name(name, sizeof(name), i, "source");
        if (income_source_parse(row->source, &src)) {
            add_error(fe, name, "%s", "Choose where the income comes from.");
            ok = false;
        }
        field_name(name, sizeof(name), i, "label");
        if (text_utf8_len(label, llen) > LABEL_MAX) {
            add_error(fe, name, "%s",
                      "The description is longer than 200 characters.");
            ok = false;
        }
        int64_t amount = 0;
        field_name(name, sizeof(name), i, "amount");
        if (!alen) {
            add_error(fe, name, "%s", "Give the amount of this line.");
            ok = false;
        } else if (money_parse(row->amount, currency, false, &amount, name,
                               &err)) {
            form_errors_add(fe, &err);
            err_clear(&err);
            ok = false;
        }
        bool is_private = income_source_private(src);
        if (strcmp(row->private_, "private") == 0)
            is_private = true;
        else if (strcmp(row->private_, "public") == 0)
            is_private = false;
        else if (row->private_[0]) {
            field_name(name, sizeof(name), i, "private");
            add_error(fe, name, "%s", "Choose private or public.");
            ok = false;
        }
        if (ok) {
            char *copy = xstrndup(label, llen);
            target_plan_add_income(plan, src, copy, amount, is_private);
            free(copy);
        }
    }
}

/* The day whose figures stand for fiscal year `year`: today in the
 * current year, else the year's last day (past) or first day (future). */
static void
figures_day(const struct fee_settings *s, int year, const char *today,
            char out[11])
{
    struct date d;
    snprintf(out, 11, "%s", today);
    if (date_parse(today, (int)strlen(today), &d))
        return;
    int32_t t = date_to_days(d);
    struct fiscal_year fy = fee_fiscal_year(s, year);
    if (t < fy.start)
        date_format(date_from_days(fy.start), out);
    else if (t > fy.end)
        date_format(date_from_days(fy.end), out);
}

static void
figure(struct html *h, const char *id, const char *label)
{
    HTML_LIT(h, "<tr");
    html_attr(h, "id", id);
    HTML_LIT(h, "><th scope=\"row\">");
    html_text(h, label);
    HTML_LIT(h, "</th><td class=\"text-end\">");
}

/* A row of figures_table with an amount of money. */
static void
figure_money(struct html *h, const char *id, const char *label, int64_t amount,
             const char *cur)
{
    figure(h, id, label);
    html_money(h, amount, cur);
    HTML_LIT(h, "</td></tr>");
}

static void
figures_table(struct html *h, const struct dashboard *d, const char *day)
{
    const char *cur = d->currency;
    HTML_LIT(h, "<h2 class=\"h5\">What follows</h2><p class=\"text-muted\">"
                "From the saved plan, the memberships and the invoices on ");
    html_text(h, day);
    HTML_LIT(h, ".</p><table class=\"table table-sm bg-white\" "
                "id=\"computed\"><tbody>");
    figure(h, "computed-members", "Members");
    html_count(h, d->members);
    if (d->target_members) {
        HTML_LIT(h, " of ");
        html_count(h, d->target_members);
    }
    HTML_LIT(h, "</td></tr>");
    figure_money(h, "computed-expected", "Expected fee income",
                 d->fees_expected, cur);
    figure_money(h, "computed-invoiced", "Invoiced", d->invoiced, cur);
    figure_money(h, "computed-paid", "Paid", d->paid, cur);
    figure_money(h, "computed-budget", "Budget of expenses", d->budget, cur);
    figure_money(h, "computed-gap", "Gap other income must cover", d->gap, cur);
    figure_money(h, "computed-other", "Other planned income", d->other_income,
                 cur);
    figure(h, "computed-private", "Private share of income");
    html_permille(h, d->private_permille);
    HTML_LIT(h, "</td></tr>");
    figure(h, "computed-sme", "SME share of members");
    html_permille(h, d->sme_permille);
    HTML_LIT(h, "</td></tr></tbody></table>");
}

static void
year_selector(struct html *h, const struct req *r, int year, int current)
{
    int *years = NULL;
    size_t n = 0;
    struct err err = ERR_INIT;
    target_store_years(r->store, r->scope.cluster_id, &years, &n, &err);
    /* The years with a plan and the ones around today, newest first. */
    int lo = current - 2, hi = current + 2;
    for (size_t i = 0; i < n; i++) {
        if (years[i] < lo && years[i] >= 1900)
            lo = years[i];
        if (years[i] > hi && years[i] <= 9998)
            hi = years[i];
    }
    if (year < lo)
        lo = year;
    if (year > hi)
        hi = year;
    if (hi - lo > 40)
        lo = hi - 40;
    size_t count = (size_t)(hi - lo + 1);
    char(*text)[8] = xcalloc(count, sizeof(*text));
    const char **values = xcalloc(count, sizeof(*values));
    for (size_t i = 0; i < count; i++) {
        snprintf(text[i], sizeof(text[i]), "%d", hi - (int)i);
        values[i] = text[i];
    }
    char selected[8];
    snprintf(selected, sizeof(selected), "%d", year);
    HTML_LIT(h, "<form method=\"get\" action=\"/targets\" class=\"row g-2 "
                "align-items-end mb-3\"><div class=\"col-auto\">");
    layout_select(h, "year", "Fiscal year", values, values, count, selected,
                  NULL);
    HTML_LIT(h, "</div><div class=\"col-auto mb-3\"><button type=\"submit\" "
                "class=\"btn btn-outline-primary\">Show</button></div></form>");
    free(text);
    free(values);
    free(years);
}

static void
income_rows(struct html *h, const struct targets_form *f,
            const struct form_errors *fe)
{
    const char *sv[INCOME__COUNT], *sl[INCOME__COUNT];
    for (int i = 0; i < INCOME__COUNT; i++) {
        sv[i] = income_source_name((enum income_source)i);
        sl[i] = income_source_label((enum income_source)i);
    }
    static const char *const PV[] = { "", "private", "public" };
    static const char *const PL[] = { "By source", "Private", "Public" };
    HTML_LIT(h, "<h2 class=\"h5 mt-3\">Expected income</h2><p "
                "class=\"text-muted\">Membership fees are counted from the "
                "memberships; lines of other sources cover the gap. An empty "
                "row is left out.</p><input type=\"hidden\" name=\"lines\"");
    html_attr_int(h, "value", (int64_t)f->nrows);
    HTML_LIT(h, ">");
    for (size_t i = 0; i < f->nrows; i++) {
        const struct line_row *row = &f->rows[i];
        char name[48], label[64];
        HTML_LIT(h, "<fieldset class=\"row g-2 income-line\"><legend "
                    "class=\"visually-hidden\">");
        snprintf(label, sizeof(label), "Income line %zu", i + 1);
        html_text(h, label);
        HTML_LIT(h, "</legend><div class=\"col-md-3\">");
        field_name(name, sizeof(name), i, "source");
        layout_select(h, name, "Source", sv, sl, INCOME__COUNT, row->source,
                      fe);
        HTML_LIT(h, "</div><div class=\"col-md-4\">");
        field_name(name, sizeof(name), i, "label");
        layout_input(h, "text", name, "Description", row->label, fe, NULL);
        HTML_LIT(h, "</div><div class=\"col-md-3\">");
        field_name(name, sizeof(name), i, "amount");
        layout_input(h, "text", name, "Amount", row->amount, fe, NULL);
        HTML_LIT(h, "</div><div class=\"col-md-2\">");
        field_name(name, sizeof(name), i, "private");
        layout_select(h, name, "Financing", PV, PL, 3, row->private_, fe);
        HTML_LIT(h, "</div></fieldset>");
    }
}

static void
targets_page(struct req *r, struct resp *rs, int status,
             const struct targets_form *f, const struct form_errors *fe,
             const struct cluster_settings *cs)
{
    struct err err = ERR_INIT;
    struct dashboard d;
    char day[11];
    figures_day(&cs->fees, f->year, r->today, day);
    if (dashboard_store_compute(r->store, r->scope.cluster_id, day, &d, NULL,
                                NULL, &err)) {
        layout_error_page(r, rs, &err);
        return;
    }
    struct date t;
    int current = f->year;
    if (!date_parse(r->today, (int)strlen(r->today), &t))
        current = fee_fiscal_year_of(&cs->fees, date_to_days(t));
    bool can_write = role_can_write(r->who.role);
    char fy[10], title[48];
    fee_fiscal_year_label(&cs->fees, f->year, fy);
    snprintf(title, sizeof(title), "Targets and budget %s", fy);
    struct html h = { BUF_INIT };
    layout_begin(&h, r, title, NAV_TARGETS);
    HTML_LIT(&h, "<h1 class=\"h3 mb-3\">");
    html_text(&h, title);
    HTML_LIT(&h, "</h1>");
    layout_flash(&h, r);
    year_selector(&h, r, f->year, current);
    HTML_LIT(&h, "<div class=\"row g-4\"><div class=\"col-xl-8\">");
    layout_error_summary(&h, fe);
    HTML_LIT(&h, "<form method=\"post\" action=\"/targets\" class=\"bg-white "
                 "p-4 rounded\" id=\"targets\" novalidate>");
    layout_csrf(&h, r);
    HTML_LIT(&h, "<input type=\"hidden\" name=\"fiscal_year\"");
    html_attr_int(&h, "value", f->year);
    HTML_LIT(&h, "><fieldset");
    if (!can_write)
        HTML_LIT(&h, " disabled");
    HTML_LIT(&h, "><legend class=\"visually-hidden\">Plan</legend>"
                 "<div class=\"row\"><div class=\"col-md-4\">");
    layout_input(&h, "text", "members", "Member target", f->members, fe,
                 "15 is the ECCP minimum; 25 and 50 are common goals.");
    HTML_LIT(&h, "</div><div class=\"col-md-4\">");
    char budget_label[48];
    snprintf(budget_label, sizeof(budget_label), "Budget of expenses (%s)",
             cs->fees.currency);
    layout_input(&h, "text", "budget", budget_label, f->budget, fe, NULL);
    HTML_LIT(&h, "</div></div><h2 class=\"h5 mt-2\">Member target per kind "
                 "of organisation</h2><div class=\"row\">");
    for (int k = 0; k < ORG_KIND__COUNT; k++) {
        char name[48], label[96];
        snprintf(name, sizeof(name), "members_%s",
                 org_kind_name((enum org_kind)k));
        snprintf(label, sizeof(label), "%s (now %lld)",
                 org_kind_label((enum org_kind)k), (long long)d.by_kind[k]);
        HTML_LIT(&h, "<div class=\"col-md-4\">");
        layout_input(&h, "text", name, label, f->by_kind[k], fe, NULL);
        HTML_LIT(&h, "</div>");
    }
    HTML_LIT(&h, "</div>");
    income_rows(&h, f, fe);
    HTML_LIT(&h, "</fieldset>");
    if (can_write)
        HTML_LIT(&h, "<button type=\"submit\" class=\"btn btn-primary "
                     "mt-2\">Save plan</button>");
    HTML_LIT(&h, "</form></div><div class=\"col-xl-4\">");
    figures_table(&h, &d, day);
    HTML_LIT(&h, "</div></div>");
    layout_end(&h);
    resp_html(rs, status, &h);
    dashboard_release(&d);
}

void
page_targets_show(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct cluster_settings cs;
    struct target_plan plan;
    struct targets_form f;
    memset(&f, 0, sizeof(f));
    cluster_settings_init(&cs);
    target_plan_init(&plan, 0);
    if (settings_store_get(r->store, r->scope.cluster_id, &cs, &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    int year = 0;
    const char *y = req_query(r, "year");
    struct date t;
    if (y && *y) {
        if (parse_year(y, &year)) {
            err_set(&err, ERR_INVALID, "year",
                    "year must be a fiscal year such as 2027.");
            layout_error_page(r, rs, &err);
            goto out;
        }
    } else if (!date_parse(r->today, (int)strlen(r->today), &t)) {
        year = fee_fiscal_year_of(&cs.fees, date_to_days(t));
    }
    target_plan_release(&plan);
    target_plan_init(&plan, year);
    if (target_store_get(r->store, r->scope.cluster_id, year, &plan, &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    plan.fiscal_year = year;
    form_from_plan(&f, &plan, cs.fees.currency);
    targets_page(r, rs, 200, &f, NULL, &cs);
out:
    targets_form_release(&f);
    target_plan_release(&plan);
    cluster_settings_release(&cs);
}

void
page_targets_save(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct cluster_settings cs;
    struct target_plan plan;
    struct targets_form f;
    struct form_errors fe = { .n = 0 };
    memset(&f, 0, sizeof(f));
    cluster_settings_init(&cs);
    target_plan_init(&plan, 0);
    if (settings_store_get(r->store, r->scope.cluster_id, &cs, &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    int year;
    if (parse_year(req_field(r, "fiscal_year"), &year)) {
        err_set(&err, ERR_INVALID, "fiscal_year",
                "The fiscal year must be a year such as 2027.");
        layout_error_page(r, rs, &err);
        goto out;
    }
    target_plan_release(&plan);
    target_plan_init(&plan, year);
    f.year = year;
    form_from_post(r, cs.fees.currency, &f, &plan, &fe);
    if (!fe.n && target_plan_validate(&plan, &err)) {
        form_errors_add(&fe, &err);
        err_clear(&err);
    }
    if (!fe.n && target_store_put(r->store, &r->scope, &plan, &err)) {
        if (err.code != ERR_INVALID) {
            layout_error_page(r, rs, &err);
            goto out;
        }
        form_errors_add(&fe, &err);
    }
    if (fe.n) {
        targets_page(r, rs, 422, &f, &fe, &cs);
        goto out;
    }
    char loc[64];
    snprintf(loc, sizeof(loc), "/targets?year=%d&msg=saved", year);
    resp_redirect(rs, loc);
out:
    targets_form_release(&f);
    target_plan_release(&plan);
    cluster_settings_release(&cs);
}
