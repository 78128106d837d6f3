/*
 * The invoice pages: the list with filters, sort, paging, sums and export
 * (with ?status=overdue it is the overdue list, with days and amount
 * overdue); the yearly dues generation; one invoice with its instalments
 * and payments, the payment form, cancellation by a credit note behind a
 * confirmation, and its PDF. Statuses come from the store for r->today;
 * nothing here computes a rule of its own.
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
#include "io/table.h"
#include "report/build.h"
#include "store/invoice_store.h"
#include "store/membership_store.h"
#include "web/export.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/params.h"

#define CREDIT_REASON_MAX 500

static const char *const LIST_KEYS[] = {
    "q", "status", "year", "credit_notes", "sort", "page", NULL
};

static const char *const SORTS[INVOICE_SORT__COUNT] = {
    [INVOICE_SORT_NUMBER] = "number",
    [INVOICE_SORT_ORG] = "organisation",
    [INVOICE_SORT_ISSUED] = "issued",
    [INVOICE_SORT_TOTAL] = "total",
    [INVOICE_SORT_DAYS_OVERDUE] = "days_overdue",
};

/* An amount for a spreadsheet: "-15000.50", no grouping, no code. */
static void
plain_amount(char *out, size_t size, int64_t minor, const char *currency)
{
    int exp = currency_exponent(currency);
    int64_t unit = currency_unit(currency);
    uint64_t a = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
    if (exp == 0)
        snprintf(out, size, "%s%" PRIu64, minor < 0 ? "-" : "", a);
    else
        snprintf(out, size, "%s%" PRIu64 ".%0*" PRIu64, minor < 0 ? "-" : "",
                 a / (uint64_t)unit, exp, a % (uint64_t)unit);
}

static int32_t
day_of(const char *s)
{
    struct date d;
    if (!s || date_parse(s, (int)strlen(s), &d))
        return 0;
    return date_to_days(d);
}

static void
day_text(int32_t day, char out[11])
{
    date_format(date_from_days(day), out);
}

static int
parse_year(const char *s, int *out)
{
    if (!s || !*s)
        return -1;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (*end || errno || v < 1900 || v > 9999)
        return -1;
    *out = (int)v;
    return 0;
}

static int
parse_status(const char *s, int *out)
{
    for (int i = 0; i < INVOICE_STATUS__COUNT; i++) {
        if (strcmp(s, invoice_status_name((enum invoice_status)i)) == 0) {
            *out = i;
            return 0;
        }
    }
    return -1;
}

/* Reads the list's query: filters, sort and page. */
static int
invoice_filter_from(const struct form *q, struct invoice_filter *f,
                    struct paging *p, struct err *err)
{
    memset(f, 0, sizeof(*f));
    f->status = -1;
    f->q = form_get(q, "q");
    const char *status = form_get(q, "status");
    if (status && *status && parse_status(status, &f->status))
        return err_set(err, ERR_INVALID, "status",
                       "status must be open, partly_paid, paid, overdue or "
                       "cancelled.");
    const char *year = form_get(q, "year");
    if (year && *year && parse_year(year, &f->fiscal_year))
        return err_set(err, ERR_INVALID, "year",
                       "year must be a fiscal year such as 2027.");
    const char *sort = form_get(q, "sort");
    if (sort && *sort) {
        bool desc = sort[0] == '-';
        const char *name = desc ? sort + 1 : sort;
        int found = -1;
        for (int i = 0; i < INVOICE_SORT__COUNT; i++)
            if (strcmp(name, SORTS[i]) == 0)
                found = i;
        if (found < 0)
            return err_set(err, ERR_INVALID, "sort",
                           "sort must be number, organisation, issued, total "
                           "or days_overdue (with - for descending).");
        f->sort = (enum invoice_sort)found;
        f->desc = desc;
    } else if (f->status == INVOICE_OVERDUE) {
        f->sort = INVOICE_SORT_DAYS_OVERDUE;
        f->desc = true;
    } else {
        f->sort = INVOICE_SORT_NUMBER;
        f->desc = true;
    }
    if (params_bool(q, "credit_notes", false, &f->credit_notes, err) ||
        params_paging(q, p, err))
        return -1;
    f->offset = (p->page - 1) * p->per_page;
    f->limit = p->per_page;
    return 0;
}

static const char *
status_css(enum invoice_status st)
{
    switch (st) {
    case INVOICE_OPEN:
        return "badge bg-secondary";
    case INVOICE_PARTLY_PAID:
        return "badge bg-info text-dark";
    case INVOICE_PAID:
        return "badge bg-success";
    case INVOICE_OVERDUE:
        return "badge bg-danger";
    default:
        return "badge bg-dark";
    }
}

static void
status_badge(struct html *h, const struct invoice *iv)
{
    HTML_LIT(h, "<span");
    html_attr(h, "class", status_css(iv->status));
    HTML_LIT(h, ">");
    html_text(h, iv->kind == INVOICE_KIND_CREDIT_NOTE
                     ? "Credit note"
                     : invoice_status_label(iv->status));
    HTML_LIT(h, "</span>");
}

static void
invoice_link(struct html *h, const struct invoice *iv)
{
    char href[48], text[32];
    snprintf(href, sizeof(href), "/invoices/%" PRId64, iv->id);
    snprintf(text, sizeof(text), "%" PRId64, iv->number);
    HTML_LIT(h, "<a");
    html_attr(h, "href", href);
    HTML_LIT(h, ">");
    html_text(h, text);
    HTML_LIT(h, "</a>");
}

static int64_t
days_overdue(const struct invoice *iv, int32_t today)
{
    return iv->unpaid_since ? today - iv->unpaid_since : 0;
}

/* The flash messages of these pages (layout_flash knows the common ones). */
static void
invoices_flash(struct html *h, const struct req *r)
{
    const char *msg = req_query(r, "msg");
    if (!msg)
        return;
    struct buf text = BUF_INIT;
    if (strcmp(msg, "dues-generated") == 0) {
        const char *created = req_query(r, "created");
        const char *year = req_query(r, "year");
        int64_t n = 0;
        int y = 0;
        if (created && !params_id(created, &n))
            buf_addf(&text,
                     "Dues generated for fiscal year %s: %" PRId64
                     " new invoice%s.",
                     year && !parse_year(year, &y) ? year : "", n,
                     n == 1 ? "" : "s");
        else
            buf_addf(&text,
                     "Dues generated for fiscal year %s: no new "
                     "invoices (every paying member has one).",
                     year && !parse_year(year, &y) ? year : "");
    } else if (strcmp(msg, "payment-recorded") == 0) {
        buf_adds(&text, "The payment was recorded.");
    } else if (strcmp(msg, "credited") == 0) {
        buf_adds(&text, "The invoice was cancelled by a credit note.");
    }
    if (text.len) {
        HTML_LIT(h, "<div class=\"alert alert-success\" role=\"status\">");
        html_text(h, text.s);
        HTML_LIT(h, "</div>");
    }
    buf_release(&text);
    layout_flash(h, r);
}

static void
list_filters(struct html *h, const struct req *r, int current_fy)
{
    HTML_LIT(h, "<form class=\"filters row g-2 align-items-end mb-2\" "
                "method=\"get\" action=\"/invoices\" role=\"search\">"
                "<div class=\"col-auto\">");
    layout_input(h, "search", "q", "Organisation or number", req_query(r, "q"),
                 NULL, NULL);
    HTML_LIT(h, "</div><div class=\"col-auto\">");
    const char *values[INVOICE_STATUS__COUNT + 1],
        *labels[INVOICE_STATUS__COUNT + 1];
    values[0] = "";
    labels[0] = "Any status";
    for (int i = 0; i < INVOICE_STATUS__COUNT; i++) {
        values[i + 1] = invoice_status_name((enum invoice_status)i);
        labels[i + 1] = invoice_status_label((enum invoice_status)i);
    }
    layout_select(h, "status", "Status", values, labels,
                  INVOICE_STATUS__COUNT + 1, req_query(r, "status"), NULL);
    HTML_LIT(h, "</div><div class=\"col-auto\">");
    char years[8][8];
    const char *yv[8], *yl[8];
    yv[0] = "";
    yl[0] = "Any year";
    for (int i = 0; i < 7; i++) {
        snprintf(years[i], sizeof(years[i]), "%d",
                 (current_fy + 1 - i) % 10000);
        yv[i + 1] = yl[i + 1] = years[i];
    }
    layout_select(h, "year", "Fiscal year", yv, yl, 8, req_query(r, "year"),
                  NULL);
    HTML_LIT(h, "</div><div class=\"col-auto\">");
    const char *cv[] = { "", "true" };
    const char *cl[] = { "Invoices only", "With credit notes" };
    layout_select(h, "credit_notes", "Documents", cv, cl, 2,
                  req_query(r, "credit_notes"), NULL);
    HTML_LIT(h, "</div><div class=\"col-auto mb-3\"><button class=\"btn "
                "btn-primary\" type=\"submit\">Filter</button> <a class=\"btn "
                "btn-link\" href=\"/invoices\">Clear</a></div></form>");
}

static void
generate_form(struct html *h, const struct req *r, const char *year,
              const struct form_errors *fe)
{
    HTML_LIT(h, "<form method=\"post\" action=\"/invoices/generate\" "
                "class=\"row g-2 align-items-end bg-white rounded p-2 mb-3\" "
                "id=\"generate\" novalidate>");
    layout_csrf(h, r);
    HTML_LIT(h, "<div class=\"col-auto\">");
    layout_input(h, "text", "fiscal_year", "Fiscal year", year, fe,
                 "Invoices for every running, paying membership that has "
                 "none for the year yet.");
    HTML_LIT(h, "</div><div class=\"col-auto mb-3\"><button type=\"submit\" "
                "class=\"btn btn-success\">Generate dues</button></div>"
                "</form>");
}

static void
invoices_list_page(struct req *r, struct resp *rs, int status,
                   const char *gen_year, const struct form_errors *fe)
{
    struct invoice_filter f;
    struct paging p;
    struct invoice_list list = { 0 };
    struct cluster_settings cs;
    struct err err = ERR_INIT;
    cluster_settings_init(&cs);
    if (invoice_filter_from(&r->query, &f, &p, &err) ||
        settings_store_get(r->store, r->scope.cluster_id, &cs, &err) ||
        invoice_store_list(r->store, r->scope.cluster_id, &f, r->today, &list,
                           &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    int32_t today = day_of(r->today);
    int fy = fee_fiscal_year_of(&cs.fees, today);
    bool overdue_list = f.status == INVOICE_OVERDUE;
    struct list_query lq;
    list_query_from(&lq, r, LIST_KEYS);
    struct html h = { BUF_INIT };
    layout_begin(&h, r, overdue_list ? "Overdue invoices" : "Invoices",
                 NAV_INVOICES);
    HTML_LIT(&h, "<div class=\"d-flex align-items-center gap-3 mb-3\"><h1 "
                 "class=\"h3 mb-0\">");
    html_text(&h, overdue_list ? "Overdue invoices" : "Invoices");
    HTML_LIT(&h, "</h1>");
    if (!overdue_list)
        HTML_LIT(&h, "<a href=\"/invoices?status=overdue\">Overdue list</a>");
    else
        HTML_LIT(&h, "<a href=\"/invoices\">All invoices</a>");
    HTML_LIT(&h, "<a href=\"/renewals\">Renewals coming up</a></div>");
    invoices_flash(&h, r);
    if (role_can_write(r->who.role)) {
        char y[16];
        snprintf(y, sizeof(y), "%d", fy);
        layout_error_summary(&h, fe);
        generate_form(&h, r, gen_year ? gen_year : y, fe);
    }
    list_filters(&h, r, fy);

    HTML_LIT(&h, "<div class=\"d-flex align-items-center\">");
    layout_pager(&h, "/invoices", &lq, p.page, p.per_page, list.total);
    HTML_LIT(&h, "<div class=\"ms-auto\">");
    layout_export_links(&h, "/invoices/export", &lq);
    HTML_LIT(&h, "</div></div>");

    HTML_LIT(&h, "<table class=\"table table-hover bg-white\" id=\"invoices\">"
                 "<thead><tr><th>");
    layout_sort_link(&h, "/invoices", &lq, "number", "No.");
    HTML_LIT(&h, "</th><th>");
    layout_sort_link(&h, "/invoices", &lq, "organisation", "Organisation");
    HTML_LIT(&h, "</th><th>Fiscal year</th><th>");
    layout_sort_link(&h, "/invoices", &lq, "issued", "Issued");
    HTML_LIT(&h, "</th><th class=\"text-end\">");
    layout_sort_link(&h, "/invoices", &lq, "total", "Total");
    HTML_LIT(&h, "</th><th class=\"text-end\">Paid</th><th>Status</th>"
                 "<th class=\"text-end\">");
    layout_sort_link(&h, "/invoices", &lq, "days_overdue", "Days overdue");
    HTML_LIT(&h, "</th><th class=\"text-end\">Overdue amount</th></tr></thead>"
                 "<tbody>");
    for (size_t i = 0; i < list.n; i++) {
        const struct invoice *iv = &list.items[i];
        char fyl[10], href[48];
        HTML_LIT(&h, "<tr><td>");
        invoice_link(&h, iv);
        HTML_LIT(&h, "</td><td><a");
        snprintf(href, sizeof(href), "/organisations/%" PRId64,
                 iv->organisation_id);
        html_attr(&h, "href", href);
        HTML_LIT(&h, ">");
        html_text(&h, iv->org_name);
        HTML_LIT(&h, "</a></td><td>");
        fee_fiscal_year_label(&cs.fees, iv->fiscal_year, fyl);
        html_text(&h, fyl);
        HTML_LIT(&h, "</td><td>");
        html_text(&h, iv->issued_on);
        HTML_LIT(&h, "</td><td class=\"text-end\">");
        html_money(&h, iv->total, iv->currency);
        HTML_LIT(&h, "</td><td class=\"text-end\">");
        html_money(&h, iv->paid, iv->currency);
        HTML_LIT(&h, "</td><td>");
        status_badge(&h, iv);
        HTML_LIT(&h, "</td><td class=\"text-end\">");
        if (iv->unpaid_since)
            html_count(&h, days_overdue(iv, today));
        HTML_LIT(&h, "</td><td class=\"text-end\">");
        if (iv->overdue_amount)
            html_money(&h, iv->overdue_amount, iv->currency);
        HTML_LIT(&h, "</td></tr>");
    }
    if (!list.n)
        HTML_LIT(&h, "<tr><td colspan=\"9\" class=\"text-muted\">No invoices "
                     "match.</td></tr>");
    HTML_LIT(&h, "</tbody><tfoot><tr class=\"fw-bold\" id=\"sums\"><td "
                 "colspan=\"4\">Sum of ");
    html_count(&h, list.total);
    HTML_LIT(&h, " matching</td><td class=\"text-end\">");
    html_money(&h, list.sum_total, cs.fees.currency);
    HTML_LIT(&h, "</td><td class=\"text-end\">");
    html_money(&h, list.sum_paid, cs.fees.currency);
    HTML_LIT(&h, "</td><td></td><td></td><td class=\"text-end\">");
    html_money(&h, list.sum_overdue, cs.fees.currency);
    HTML_LIT(&h, "</td></tr></tfoot></table>");
    layout_pager(&h, "/invoices", &lq, p.page, p.per_page, list.total);
    layout_end(&h);
    resp_html(rs, status, &h);
out:
    invoice_list_release(&list);
    cluster_settings_release(&cs);
}

void
page_invoices_list(struct req *r, struct resp *rs)
{
    invoices_list_page(r, rs, 200, NULL, NULL);
}

void
page_invoices_export(struct req *r, struct resp *rs)
{
    static const char *const HEADERS[] = {
        "number", "kind",         "organisation",   "fiscal year",
        "issued", "currency",     "total",          "paid",
        "status", "days overdue", "overdue amount",
    };
    struct invoice_filter f;
    struct paging p;
    struct invoice_list list = { 0 };
    struct err err = ERR_INIT;
    if (invoice_filter_from(&r->query, &f, &p, &err)) {
        layout_error_page(r, rs, &err);
        return;
    }
    f.offset = 0;
    f.limit = -1;
    if (invoice_store_list(r->store, r->scope.cluster_id, &f, r->today, &list,
                           &err)) {
        layout_error_page(r, rs, &err);
        invoice_list_release(&list);
        return;
    }
    int32_t today = day_of(r->today);
    struct table *t = table_new(ARRAY_SIZE(HEADERS), HEADERS);
    for (size_t i = 0; i < list.n; i++) {
        const struct invoice *iv = &list.items[i];
        char number[24], year[16], total[40], paid[40], days[24] = "",
                                                        overdue[40] = "";
        snprintf(number, sizeof(number), "%" PRId64, iv->number);
        snprintf(year, sizeof(year), "%d", iv->fiscal_year);
        plain_amount(total, sizeof(total), iv->total, iv->currency);
        plain_amount(paid, sizeof(paid), iv->paid, iv->currency);
        if (iv->unpaid_since)
            snprintf(days, sizeof(days), "%" PRId64, days_overdue(iv, today));
        if (iv->overdue_amount)
            plain_amount(overdue, sizeof(overdue), iv->overdue_amount,
                         iv->currency);
        const char *cells[] = {
            number,
            iv->kind == INVOICE_KIND_CREDIT_NOTE ? "credit_note" : "invoice",
            iv->org_name,
            year,
            iv->issued_on,
            iv->currency,
            total,
            paid,
            invoice_status_name(iv->status),
            days,
            overdue,
        };
        table_add_row(t, cells);
    }
    export_send(r, rs, t,
                f.status == INVOICE_OVERDUE ? "invoices-overdue" : "invoices");
    table_free(t);
    invoice_list_release(&list);
}

void
page_invoices_generate(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct form_errors fe = { .n = 0 };
    const char *typed = req_field(r, "fiscal_year");
    int year = 0;
    int64_t created = 0;
    if (!typed || parse_year(typed, &year)) {
        err_set(&err, ERR_INVALID, "fiscal_year",
                "The fiscal year must be a year such as 2027.");
        form_errors_add(&fe, &err);
        invoices_list_page(r, rs, 422, typed ? typed : "", &fe);
        return;
    }
    if (dues_store_generate(r->store, &r->scope, year, r->today, &created,
                            &err)) {
        if (err.code == ERR_INVALID) {
            snprintf(err.field, sizeof(err.field), "fiscal_year");
            form_errors_add(&fe, &err);
            invoices_list_page(r, rs, 422, typed, &fe);
        } else {
            layout_error_page(r, rs, &err);
        }
        return;
    }
    char loc[128];
    snprintf(loc, sizeof(loc),
             "/invoices?year=%d&msg=dues-generated&created=%" PRId64, year,
             created);
    resp_redirect(rs, loc);
}

/* Loads the route's invoice; false when it has answered (404, error). */
static bool
load_invoice(struct req *r, struct resp *rs, struct invoice *iv)
{
    struct err err = ERR_INIT;
    return layout_found(r, rs,
                        invoice_store_get(r->store, r->scope.cluster_id,
                                          r->ids[0], r->today, iv, &err),
                        &err);
}

static void
detail(struct html *h, const char *label)
{
    HTML_LIT(h, "<dt class=\"col-sm-4\">");
    html_text(h, label);
    HTML_LIT(h, "</dt><dd class=\"col-sm-8\">");
}

/* What the payment form shows: as typed after an error, else defaults. */
struct pay_typed {
    const char *paid_on;
    const char *amount;
    const char *method;
    const char *reference;
};

static void
payment_form(struct html *h, const struct req *r, const struct invoice *iv,
             const struct pay_typed *typed, const struct form_errors *fe)
{
    char action[64];
    snprintf(action, sizeof(action), "/invoices/%" PRId64 "/payments", iv->id);
    HTML_LIT(h, "<h2 class=\"h5 mt-4\">Record a payment</h2>");
    layout_error_summary(h, fe);
    HTML_LIT(h, "<form method=\"post\" class=\"bg-white p-3 rounded\" "
                "id=\"payment\" novalidate");
    html_attr(h, "action", action);
    HTML_LIT(h, ">");
    layout_csrf(h, r);
    HTML_LIT(h, "<div class=\"row\"><div class=\"col-md-3\">");
    layout_input(h, "date", "paid_on", "Date", typed->paid_on, fe, NULL);
    HTML_LIT(h, "</div><div class=\"col-md-3\">");
    layout_input(h, "text", "amount", "Amount", typed->amount, fe,
                 "Partial payments are fine.");
    HTML_LIT(h, "</div><div class=\"col-md-3\">");
    const char *const *methods = payment_methods();
    const char *values[8], *labels[8];
    size_t n = 0;
    for (; methods[n] && n < 8; n++) {
        values[n] = methods[n];
        labels[n] = payment_method_label(methods[n]);
    }
    layout_select(h, "method", "Method", values, labels, n, typed->method, fe);
    HTML_LIT(h, "</div><div class=\"col-md-3\">");
    layout_input(h, "text", "reference", "Reference", typed->reference, fe,
                 NULL);
    HTML_LIT(h, "</div></div><button type=\"submit\" class=\"btn "
                "btn-primary\">Record payment</button></form>");
}

static void
invoice_page(struct req *r, struct resp *rs, int status,
             const struct invoice *iv, const struct pay_typed *typed,
             const struct form_errors *fe)
{
    struct payment *pays = NULL;
    size_t npays = 0;
    struct err err = ERR_INIT;
    if (invoice_store_payments(r->store, r->scope.cluster_id, iv->id, &pays,
                               &npays, &err)) {
        layout_error_page(r, rs, &err);
        return;
    }
    bool credit_note = iv->kind == INVOICE_KIND_CREDIT_NOTE;
    bool cancelled =
        credit_note || iv->credited_by != 0 || iv->status == INVOICE_CANCELLED;
    bool can_write = role_can_write(r->who.role);
    int32_t today = day_of(r->today);
    char title[64], href[64];
    snprintf(title, sizeof(title), "%s %" PRId64,
             credit_note ? "Credit note" : "Invoice", iv->number);
    struct html h = { BUF_INIT };
    layout_begin(&h, r, title, NAV_INVOICES);
    invoices_flash(&h, r);
    HTML_LIT(&h, "<div class=\"d-flex align-items-center gap-2 mb-3\"><h1 "
                 "class=\"h3 mb-0\">");
    html_text(&h, title);
    HTML_LIT(&h, "</h1>");
    status_badge(&h, iv);
    snprintf(href, sizeof(href), "/invoices/%" PRId64 ".pdf", iv->id);
    HTML_LIT(&h, "<a class=\"btn btn-outline-primary ms-auto\" id=\"pdf\"");
    html_attr(&h, "href", href);
    HTML_LIT(&h, ">PDF</a>");
    if (can_write && !cancelled) {
        snprintf(href, sizeof(href), "/invoices/%" PRId64 "/cancel", iv->id);
        HTML_LIT(&h, "<a class=\"btn btn-outline-danger\"");
        html_attr(&h, "href", href);
        HTML_LIT(&h, ">Cancel by credit note</a>");
    }
    HTML_LIT(&h, "</div><div class=\"row\"><div class=\"col-lg-6\">"
                 "<dl class=\"row bg-white p-3 rounded\" id=\"invoice\">");
    detail(&h, "Organisation");
    snprintf(href, sizeof(href), "/organisations/%" PRId64,
             iv->organisation_id);
    HTML_LIT(&h, "<a");
    html_attr(&h, "href", href);
    HTML_LIT(&h, ">");
    html_text(&h, iv->org_name);
    HTML_LIT(&h, "</a></dd>");
    detail(&h, "Fiscal year");
    html_int(&h, iv->fiscal_year);
    HTML_LIT(&h, "</dd>");
    detail(&h, "Issued");
    html_text(&h, iv->issued_on);
    HTML_LIT(&h, "</dd>");
    detail(&h, "Tier");
    html_text(&h, iv->tier_name);
    HTML_LIT(&h, "</dd>");
    if (*iv->bill_to) {
        detail(&h, "Bill to");
        /* One line of the address each, as printed on the PDF. */
        for (const char *line = iv->bill_to; *line;) {
            size_t len = strcspn(line, "\n");
            html_textn(&h, line, len);
            line += len;
            if (*line == '\n' && *++line)
                HTML_LIT(&h, "<br>");
        }
        HTML_LIT(&h, "</dd>");
    }
    detail(&h, "Total");
    html_money(&h, iv->total, iv->currency);
    HTML_LIT(&h, "</dd>");
    if (!credit_note) {
        detail(&h, "Paid");
        html_money(&h, iv->paid, iv->currency);
        HTML_LIT(&h, "</dd>");
        if (!cancelled && iv->total > iv->paid) {
            detail(&h, "Rest to pay");
            html_money(&h, iv->total - iv->paid, iv->currency);
            HTML_LIT(&h, "</dd>");
        }
        if (iv->overdue_amount) {
            detail(&h, "Overdue");
            html_money(&h, iv->overdue_amount, iv->currency);
            HTML_LIT(&h, ", ");
            html_count(&h, days_overdue(iv, today));
            HTML_LIT(&h, " days</dd>");
        }
    }
    if (credit_note && iv->credits) {
        detail(&h, "Cancels");
        snprintf(href, sizeof(href), "/invoices/%" PRId64, iv->credits);
        HTML_LIT(&h, "<a");
        html_attr(&h, "href", href);
        HTML_LIT(&h, ">the invoice</a></dd>");
    }
    if (iv->credited_by) {
        detail(&h, "Cancelled by");
        snprintf(href, sizeof(href), "/invoices/%" PRId64, iv->credited_by);
        HTML_LIT(&h, "<a");
        html_attr(&h, "href", href);
        HTML_LIT(&h, ">the credit note</a></dd>");
    }
    if (*iv->reason) {
        detail(&h, "Reason");
        html_text(&h, iv->reason);
        HTML_LIT(&h, "</dd>");
    }
    HTML_LIT(&h, "</dl></div><div class=\"col-lg-6\">");
    if (iv->ninst) {
        HTML_LIT(&h, "<h2 class=\"h5\">Instalments</h2><table class=\"table "
                     "table-sm bg-white\" id=\"instalments\"><thead><tr>"
                     "<th>Due</th><th>For</th><th class=\"text-end\">Amount"
                     "</th></tr></thead><tbody>");
        for (size_t i = 0; i < iv->ninst && i < 2; i++) {
            char due[11], from[11], to[11];
            day_text(iv->inst[i].due, due);
            day_text(iv->inst[i].period_start, from);
            day_text(iv->inst[i].period_end, to);
            HTML_LIT(&h, "<tr><td>");
            html_text(&h, due);
            HTML_LIT(&h, "</td><td>");
            html_text(&h, from);
            HTML_LIT(&h, " – ");
            html_text(&h, to);
            HTML_LIT(&h, "</td><td class=\"text-end\">");
            html_money(&h, iv->inst[i].amount, iv->currency);
            HTML_LIT(&h, "</td></tr>");
        }
        HTML_LIT(&h, "</tbody></table>");
    }
    if (!credit_note) {
        HTML_LIT(&h, "<h2 class=\"h5\">Payments</h2><table class=\"table "
                     "table-sm bg-white\" id=\"payments\"><thead><tr>"
                     "<th>Date</th><th>Method</th><th>Reference</th>"
                     "<th class=\"text-end\">Amount</th></tr></thead><tbody>");
        for (size_t i = 0; i < npays; i++) {
            HTML_LIT(&h, "<tr><td>");
            html_text(&h, pays[i].paid_on);
            HTML_LIT(&h, "</td><td>");
            html_text(&h, payment_method_label(pays[i].method));
            HTML_LIT(&h, "</td><td>");
            html_text(&h, pays[i].reference);
            HTML_LIT(&h, "</td><td class=\"text-end\">");
            html_money(&h, pays[i].amount, iv->currency);
            HTML_LIT(&h, "</td></tr>");
        }
        if (!npays)
            HTML_LIT(&h, "<tr><td colspan=\"4\" class=\"text-muted\">No "
                         "payments yet.</td></tr>");
        HTML_LIT(&h, "</tbody></table>");
    }
    HTML_LIT(&h, "</div></div>");
    if (can_write && !cancelled && iv->total > iv->paid)
        payment_form(&h, r, iv, typed, fe);
    layout_end(&h);
    resp_html(rs, status, &h);
    for (size_t i = 0; i < npays; i++)
        payment_release(&pays[i]);
    free(pays);
}

/* The payment form's defaults: today, the rest to pay, bank transfer. */
static void
default_typed(const struct req *r, const struct invoice *iv,
              struct pay_typed *t, char *amount, size_t size)
{
    int64_t rest = iv->total - iv->paid;
    amount[0] = '\0';
    if (rest > 0)
        plain_amount(amount, size, rest, iv->currency);
    t->paid_on = r->today;
    t->amount = amount;
    t->method = "bank_transfer";
    t->reference = "";
}

void
page_invoices_show(struct req *r, struct resp *rs)
{
    struct invoice iv;
    invoice_init(&iv);
    if (load_invoice(r, rs, &iv)) {
        struct pay_typed t;
        char amount[48];
        default_typed(r, &iv, &t, amount, sizeof(amount));
        invoice_page(r, rs, 200, &iv, &t, NULL);
    }
    invoice_release(&iv);
}

static void
set_text(char **field, const char *v)
{
    free(*field);
    *field = xstrdup(v ? v : "");
}

void
page_invoices_pay(struct req *r, struct resp *rs)
{
    struct invoice iv;
    struct payment p;
    struct err err = ERR_INIT;
    struct form_errors fe = { .n = 0 };
    invoice_init(&iv);
    payment_init(&p);
    if (!load_invoice(r, rs, &iv))
        goto out;
    struct pay_typed t = {
        .paid_on = req_field(r, "paid_on"),
        .amount = req_field(r, "amount"),
        .method = req_field(r, "method"),
        .reference = req_field(r, "reference"),
    };
    if (!t.paid_on)
        t.paid_on = "";
    if (!t.amount)
        t.amount = "";
    if (!t.method)
        t.method = "";
    if (!t.reference)
        t.reference = "";
    p.invoice_id = iv.id;
    set_text(&p.paid_on, t.paid_on);
    set_text(&p.method, t.method);
    set_text(&p.reference, t.reference);

    /* Each field on its own, so every wrong one shows at once. */
    struct date d;
    size_t dlen;
    const char *dtrim = text_trim(t.paid_on, strlen(t.paid_on), &dlen);
    if (date_parse(dtrim, (int)dlen, &d)) {
        err_set(&err, ERR_INVALID, "paid_on",
                "The payment date must be a date (YYYY-MM-DD).");
        form_errors_add(&fe, &err);
        err_clear(&err);
    }
    if (money_parse(t.amount, iv.currency, false, &p.amount, "amount", &err)) {
        form_errors_add(&fe, &err);
        err_clear(&err);
    }
    bool known = false;
    for (const char *const *m = payment_methods(); *m; m++)
        known = known || strcmp(*m, t.method) == 0;
    if (!known) {
        err_set(&err, ERR_INVALID, "method", "Choose a payment method.");
        form_errors_add(&fe, &err);
        err_clear(&err);
    }
    if (!fe.n && payment_validate(&p, r->today, &err)) {
        form_errors_add(&fe, &err);
        err_clear(&err);
    }
    if (!fe.n && payment_store_add(r->store, &r->scope, &p, &err)) {
        if (err.code != ERR_INVALID && err.code != ERR_CONFLICT) {
            layout_error_page(r, rs, &err);
            goto out;
        }
        form_errors_add(&fe, &err);
    }
    if (fe.n) {
        invoice_page(r, rs, 422, &iv, &t, &fe);
        goto out;
    }
    char loc[96];
    snprintf(loc, sizeof(loc), "/invoices/%" PRId64 "?msg=payment-recorded",
             iv.id);
    resp_redirect(rs, loc);
out:
    payment_release(&p);
    invoice_release(&iv);
}

static void
cancel_page(struct req *r, struct resp *rs, int status,
            const struct invoice *iv, const char *reason,
            const struct form_errors *fe)
{
    char action[64], back[48], title[64];
    snprintf(action, sizeof(action), "/invoices/%" PRId64 "/cancel", iv->id);
    snprintf(back, sizeof(back), "/invoices/%" PRId64, iv->id);
    snprintf(title, sizeof(title), "Cancel invoice %" PRId64, iv->number);
    struct html h = { BUF_INIT };
    layout_begin(&h, r, title, NAV_INVOICES);
    HTML_LIT(&h, "<div class=\"card\"><div class=\"card-body\"><h1 "
                 "class=\"h4\">");
    html_text(&h, title);
    HTML_LIT(&h, " of ");
    html_text(&h, iv->org_name);
    HTML_LIT(&h, "?</h1><p>A credit note for its whole total, ");
    html_money(&h, iv->total, iv->currency);
    HTML_LIT(&h, ", cancels it. Nothing is deleted: the invoice, its "
                 "payments and the credit note stay in the books.</p>");
    layout_error_summary(&h, fe);
    HTML_LIT(&h, "<form method=\"post\" novalidate");
    html_attr(&h, "action", action);
    HTML_LIT(&h, ">");
    layout_csrf(&h, r);
    layout_textarea(&h, "reason", "Reason", reason, fe);
    HTML_LIT(&h, "<button type=\"submit\" class=\"btn btn-danger\">Cancel by "
                 "credit note</button> <a class=\"btn btn-link\"");
    html_attr(&h, "href", back);
    HTML_LIT(&h, ">Keep the invoice</a></form></div></div>");
    layout_end(&h);
    resp_html(rs, status, &h);
}

void
page_invoices_cancel_confirm(struct req *r, struct resp *rs)
{
    struct invoice iv;
    invoice_init(&iv);
    if (load_invoice(r, rs, &iv))
        cancel_page(r, rs, 200, &iv, "", NULL);
    invoice_release(&iv);
}

void
page_invoices_cancel(struct req *r, struct resp *rs)
{
    struct invoice iv;
    struct err err = ERR_INIT;
    struct form_errors fe = { .n = 0 };
    invoice_init(&iv);
    if (!load_invoice(r, rs, &iv))
        goto out;
    const char *typed = req_field(r, "reason");
    size_t len = 0;
    const char *reason =
        text_trim(typed ? typed : "", typed ? strlen(typed) : 0, &len);
    char *trimmed = xstrndup(reason, len);
    if (!len)
        err_set(&err, ERR_INVALID, "reason",
                "Give the reason for the cancellation.");
    else if (text_utf8_len(trimmed, len) > CREDIT_REASON_MAX)
        err_set(&err, ERR_INVALID, "reason",
                "The reason is longer than %d characters.", CREDIT_REASON_MAX);
    int64_t credit_id = 0;
    if (err.code == ERR_NONE &&
        invoice_store_credit(r->store, &r->scope, iv.id, r->today, trimmed,
                             &credit_id, &err) &&
        err.code != ERR_INVALID && err.code != ERR_CONFLICT) {
        layout_error_page(r, rs, &err);
        free(trimmed);
        goto out;
    }
    free(trimmed);
    if (err.code != ERR_NONE) {
        if (!err.field[0])
            snprintf(err.field, sizeof(err.field), "reason");
        form_errors_add(&fe, &err);
        cancel_page(r, rs, err_http_status(err.code), &iv, typed ? typed : "",
                    &fe);
        goto out;
    }
    char loc[96];
    snprintf(loc, sizeof(loc), "/invoices/%" PRId64 "?msg=credited", iv.id);
    resp_redirect(rs, loc);
out:
    invoice_release(&iv);
}

/* GET /invoices/{id}.pdf: the document as the command line would make it. */
void
page_invoices_pdf(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct buf pdf = BUF_INIT;
    struct invoice iv;
    invoice_init(&iv);
    /* Another cluster's invoice is not found, as everywhere. */
    enum store_rc rc = invoice_store_get(r->store, r->scope.cluster_id,
                                         r->ids[0], r->today, &iv, &err);
    if (!layout_found(r, rs, rc, &err))
        goto out;
    if (invoice_pdf_build(r->store, r->scope.cluster_id, r->who.cluster_name,
                          iv.id, r->today, &pdf, &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    char name[64];
    snprintf(name, sizeof(name), "%s-%" PRId64 ".pdf",
             iv.kind == INVOICE_KIND_CREDIT_NOTE ? "credit-note" : "invoice",
             iv.number);
    resp_download(rs, "application/pdf", name, &pdf);
out:
    invoice_release(&iv);
    buf_release(&pdf);
}
