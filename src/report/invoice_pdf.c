/*
 * An invoice or credit note as one A4 page (more when it has many
 * payments): the cluster's details, the bill-to block, the instalments,
 * the totals, how to pay, and the payments received. Every figure comes
 * from the struct invoice the store loaded; nothing is recomputed here
 * except which instalment the next payment goes to.
 */
#include "report/report.h"

#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/mem.h"
#include "core/money.h"
#include "report/pdf.h"

/* The right-hand column of the header and the totals block. */
#define RIGHT_COL_X (PDF_LEFT + PDF_WIDTH * 0.5)
#define RIGHT_COL_W (PDF_RIGHT - RIGHT_COL_X)

static const char *
method_label(const char *name)
{
    static const struct {
        const char *name, *label;
    } methods[] = {
        { "bank_transfer", "Bank transfer" },
        { "card", "Card" },
        { "cash", "Cash" },
        { "other", "Other" },
    };
    for (size_t i = 0; name && i < ARRAY_SIZE(methods); i++)
        if (strcmp(name, methods[i].name) == 0)
            return methods[i].label;
    return name ? name : "";
}

static const char *
str(const char *s)
{
    return s ? s : "";
}

static uint32_t
status_color(enum invoice_status st)
{
    switch (st) {
    case INVOICE_OVERDUE:
        return PDF_DANGER;
    case INVOICE_PAID:
        return PDF_SUCCESS;
    case INVOICE_CANCELLED:
        return PDF_MUTED;
    default:
        return PDF_TEXT;
    }
}

/* One "label ... value" line of the right column; returns its height. */
static double
key_value(struct pdf *p, double y, const char *key, const char *value,
          uint32_t rgb)
{
    double kh = pdf_text(p, RIGHT_COL_X, y, RIGHT_COL_W * 0.5, 9,
                         CHART_TEXT_WRAP, PDF_MUTED, key);
    double vh = pdf_text(
        p, RIGHT_COL_X + RIGHT_COL_W * 0.5, y, RIGHT_COL_W * 0.5, 9.5,
        CHART_TEXT_BOLD | CHART_TEXT_RIGHT | CHART_TEXT_WRAP, rgb, value);
    return (kh > vh ? kh : vh) + 3;
}

/* The small grey caption over a block. */
static double
caption(struct pdf *p, double x, double y, double w, const char *s)
{
    return pdf_text(p, x, y, w, 8, CHART_TEXT_BOLD, PDF_MUTED, s) + 2;
}

static void
header(struct pdf *p, const struct invoice *iv,
       const struct cluster_settings *cs, const char *name, const char *today,
       bool credit)
{
    double top = p->y, left = top;
    double lw = RIGHT_COL_X - PDF_LEFT - 20;
    left += pdf_text(p, PDF_LEFT, left, lw, 16,
                     CHART_TEXT_BOLD | CHART_TEXT_WRAP, PDF_TEXT, name) +
            4;
    if (cs && cs->address && *cs->address)
        left += pdf_text(p, PDF_LEFT, left, lw, 9, CHART_TEXT_WRAP, PDF_MUTED,
                         cs->address) +
                2;
    const char *contact[] = { cs ? cs->email : NULL, cs ? cs->website : NULL };
    for (size_t i = 0; i < ARRAY_SIZE(contact); i++) {
        if (contact[i] && *contact[i])
            left +=
                pdf_text(p, PDF_LEFT, left, lw, 9, 0, PDF_MUTED, contact[i]);
    }
    if (cs && cs->vat_id && *cs->vat_id) {
        char vat[160];
        snprintf(vat, sizeof(vat), "VAT ID: %s", cs->vat_id);
        left += pdf_text(p, PDF_LEFT, left, lw, 9, 0, PDF_MUTED, vat);
    }

    char title[64], date[24], fy[10], status[64];
    snprintf(title, sizeof(title), "%s No. %lld",
             credit ? "Credit note" : "Invoice", (long long)iv->number);
    double right = top;
    right += pdf_text(p, RIGHT_COL_X, right, RIGHT_COL_W, 18,
                      CHART_TEXT_BOLD | CHART_TEXT_RIGHT, PDF_ACCENT, title) +
             8;
    pdf_date_iso(iv->issued_on, date);
    right += key_value(p, right, "Issue date", date, PDF_TEXT);
    if (cs)
        fee_fiscal_year_label(&cs->fees, iv->fiscal_year, fy);
    else
        snprintf(fy, sizeof(fy), "%d", iv->fiscal_year % 10000);
    right += key_value(p, right, "Fiscal year", fy, PDF_TEXT);
    if (iv->tier_name && *iv->tier_name)
        right += key_value(p, right, "Membership", iv->tier_name, PDF_TEXT);
    if (!credit) {
        pdf_date_iso(today, date);
        snprintf(status, sizeof(status), "Status on %s", date);
        right += key_value(p, right, status, invoice_status_label(iv->status),
                           status_color(iv->status));
    }
    p->y = (left > right ? left : right) + 14;
    pdf_rule(p, PDF_LEFT, p->y, PDF_WIDTH, 0.75, PDF_RULE);
    p->y += 14;
}

static void
parties(struct pdf *p, const struct invoice *iv,
        const struct cluster_settings *cs, bool credit)
{
    double top = p->y, left = top, right = top;
    double lw = RIGHT_COL_X - PDF_LEFT - 20;
    const char *bill =
        iv->bill_to && *iv->bill_to ? iv->bill_to : str(iv->org_name);
    left += caption(p, PDF_LEFT, left, lw, credit ? "CREDITED TO" : "BILL TO");
    left +=
        pdf_text(p, PDF_LEFT, left, lw, 10.5, CHART_TEXT_WRAP, PDF_TEXT, bill);
    /* When bill_to is an address block, make sure the name is there. */
    if (iv->org_name && *iv->org_name && !strstr(bill, iv->org_name))
        left += pdf_text(p, PDF_LEFT, left, lw, 10.5, CHART_TEXT_WRAP, PDF_TEXT,
                         iv->org_name);

    if (credit) {
        right += caption(p, RIGHT_COL_X, right, RIGHT_COL_W, "REASON");
        right += pdf_text(p, RIGHT_COL_X, right, RIGHT_COL_W, 10,
                          CHART_TEXT_WRAP, PDF_TEXT,
                          iv->reason && *iv->reason ? iv->reason : "Not given");
    } else {
        char ref[64];
        snprintf(ref, sizeof(ref), "Invoice No. %lld", (long long)iv->number);
        right += caption(p, RIGHT_COL_X, right, RIGHT_COL_W, "PAY TO");
        right += pdf_text(p, RIGHT_COL_X, right, RIGHT_COL_W, 10,
                          CHART_TEXT_WRAP, PDF_TEXT,
                          cs && cs->bank_account && *cs->bank_account
                              ? cs->bank_account
                              : "Bank details on request");
        right += 4;
        right += caption(p, RIGHT_COL_X, right, RIGHT_COL_W, "REFERENCE");
        right +=
            pdf_text(p, RIGHT_COL_X, right, RIGHT_COL_W, 10, 0, PDF_TEXT, ref);
    }
    p->y = (left > right ? left : right) + 24;
}

static void
instalments(struct pdf *p, const struct invoice *iv, const char *cur, char *fy)
{
    static const struct pdf_col cols[] = {
        { "Instalment", 70, false },
        { "Period", 235.28, false },
        { "Due date", 95, false },
        { "Amount", 95, true },
    };
    char no[48], period[96], from[24], to[24], due[24], amount[48];
    pdf_table_head(p, cols, ARRAY_SIZE(cols));
    for (size_t i = 0; i < iv->ninst && i < 2; i++) {
        const struct instalment *in = &iv->inst[i];
        snprintf(no, sizeof(no), "%zu of %zu", i + 1, iv->ninst);
        pdf_date(in->period_start, from);
        pdf_date(in->period_end, to);
        snprintf(period, sizeof(period), "%s \xe2\x80\x93 %s", from, to);
        pdf_date(in->due, due);
        const char *cells[] = {
            no, period, due, money_str(amount, sizeof(amount), in->amount, cur)
        };
        pdf_table_row(p, cols, ARRAY_SIZE(cols), cells, 0);
    }
    if (iv->ninst == 0) {
        snprintf(period, sizeof(period), "Membership fee, fiscal year %s", fy);
        const char *cells[] = {
            "", period, "", money_str(amount, sizeof(amount), iv->total, cur)
        };
        pdf_table_row(p, cols, ARRAY_SIZE(cols), cells, 0);
    }
}

/* A line of the totals block; returns its height. */
static double
total_line(struct pdf *p, double y, const char *key, int64_t amount,
           const char *cur, bool bold, uint32_t rgb)
{
    /* Inset like the table's cells, so the amounts line up. */
    const double x = RIGHT_COL_X + 5, w = RIGHT_COL_W - 10;
    char s[48];
    unsigned f = bold ? CHART_TEXT_BOLD : 0;
    double size = bold ? 11 : 9.5;
    pdf_text(p, x, y, w * 0.5, size, f, rgb, key);
    return pdf_text(p, x + w * 0.4, y, w * 0.6, size, f | CHART_TEXT_RIGHT, rgb,
                    money_str(s, sizeof(s), amount, cur)) +
           5;
}

static void
totals(struct pdf *p, const struct invoice *iv, const char *cur, bool credit)
{
    double y = p->y + 10;
    if (credit) {
        y += total_line(p, y, "Total credited", iv->total, cur, true, PDF_TEXT);
    } else {
        int64_t rest = iv->total - iv->paid;
        if (rest < 0 || iv->status == INVOICE_CANCELLED)
            rest = 0;
        y += total_line(p, y, "Total", iv->total, cur, false, PDF_TEXT);
        y += total_line(p, y, "Paid so far", iv->paid, cur, false, PDF_TEXT);
        pdf_rule(p, RIGHT_COL_X, y, RIGHT_COL_W, 1, PDF_TEXT);
        y += 5;
        y += total_line(p, y, "Rest due", rest, cur, true, PDF_TEXT);
        if (iv->overdue_amount > 0 && iv->status != INVOICE_CANCELLED)
            y += total_line(p, y, "Of which overdue", iv->overdue_amount, cur,
                            false, PDF_DANGER);
    }
    p->y = y + 16;
}

/* What the reader should do, in one sentence. */
static void
instructions(struct pdf *p, const struct invoice *iv, const char *cur,
             bool credit, bool has_account)
{
    char s[320], amount[48], date[24];
    int64_t rest = iv->total - iv->paid;
    if (credit) {
        snprintf(s, sizeof(s),
                 "This credit note cancels an invoice of "
                 "fiscal year %d in full.",
                 iv->fiscal_year);
    } else if (iv->status == INVOICE_CANCELLED) {
        snprintf(s, sizeof(s),
                 "This invoice is cancelled by a credit note; "
                 "nothing is due.");
    } else if (rest <= 0) {
        snprintf(s, sizeof(s), "Paid in full. Thank you.");
    } else {
        /* Payments cover the instalments in due order: the next one
         * due is the first not yet covered. */
        int64_t cum = 0;
        int32_t due = 0;
        for (size_t i = 0; i < iv->ninst && i < 2; i++) {
            cum += iv->inst[i].amount;
            if (cum > iv->paid) {
                due = iv->inst[i].due;
                break;
            }
        }
        money_str(amount, sizeof(amount), rest, cur);
        /* Without bank details on the invoice there is no account to
         * point at: "Bank details on request" stands where they would. */
        int n =
            snprintf(s, sizeof(s),
                     "Please transfer %s to %s, quoting "
                     "\xe2\x80\x9cInvoice No. %lld\xe2\x80\x9d.",
                     amount, has_account ? "the account above" : "the cluster",
                     (long long)iv->number);
        char *tail = s + n;
        size_t room = sizeof(s) - (size_t)n;
        if (iv->overdue_amount > 0 && iv->unpaid_since) {
            char overdue[48];
            pdf_date(iv->unpaid_since, date);
            snprintf(
                tail, room, " Of it, %s was due on %s and is overdue.",
                money_str(overdue, sizeof(overdue), iv->overdue_amount, cur),
                date);
        } else if (due) {
            pdf_date(due, date);
            snprintf(tail, room, " The next payment is due on %s.", date);
        }
    }
    p->y += pdf_text(p, PDF_LEFT, p->y, PDF_WIDTH, 9.5, CHART_TEXT_WRAP,
                     PDF_TEXT, s);
    p->y += 24;
}

static void
payments_received(struct pdf *p, const struct payment *pay, size_t n,
                  const char *cur)
{
    static const struct pdf_col cols[] = {
        { "Date", 110, false },
        { "Method", 110, false },
        { "Reference", 180.28, false },
        { "Amount", 95, true },
    };
    char date[24], amount[48];
    pdf_need(p, 80);
    p->y += pdf_text(p, PDF_LEFT, p->y, PDF_WIDTH, 11, CHART_TEXT_BOLD,
                     PDF_TEXT, "Payments received");
    p->y += 6;
    if (n == 0) {
        p->y += pdf_text(p, PDF_LEFT, p->y, PDF_WIDTH, 9.5, CHART_TEXT_ITALIC,
                         PDF_MUTED, "No payments received yet.");
        return;
    }
    pdf_table_head(p, cols, ARRAY_SIZE(cols));
    for (size_t i = 0; i < n; i++) {
        pdf_date_iso(pay[i].paid_on, date);
        const char *cells[] = {
            date, method_label(pay[i].method), str(pay[i].reference),
            money_str(amount, sizeof(amount), pay[i].amount, cur)
        };
        pdf_table_row(p, cols, ARRAY_SIZE(cols), cells, 0);
    }
}

int
invoice_pdf(const struct invoice *iv, const struct payment *payments,
            size_t npayments, const struct cluster_settings *cs,
            const char *cluster_name, const char *today, struct buf *out,
            struct err *err)
{
    bool credit = iv->kind == INVOICE_KIND_CREDIT_NOTE;
    const char *name = cs && cs->legal_name && *cs->legal_name
                           ? cs->legal_name
                           : str(cluster_name);
    const char *cur = iv->currency && *iv->currency ? iv->currency
                      : cs                          ? cs->fees.currency
                                                    : "";
    char title[256], footer[512], fy[10];
    snprintf(title, sizeof(title), "%s No. %lld \xe2\x80\x93 %s",
             credit ? "Credit note" : "Invoice", (long long)iv->number, name);
    snprintf(footer, sizeof(footer), "%s", name);
    if (cs && cs->email && *cs->email)
        snprintf(footer + strlen(footer), sizeof(footer) - strlen(footer),
                 " \xc2\xb7 %s", cs->email);
    if (cs && cs->website && *cs->website)
        snprintf(footer + strlen(footer), sizeof(footer) - strlen(footer),
                 " \xc2\xb7 %s", cs->website);
    if (cs)
        fee_fiscal_year_label(&cs->fees, iv->fiscal_year, fy);
    else
        snprintf(fy, sizeof(fy), "%d", iv->fiscal_year % 10000);

    struct pdf p;
    pdf_begin(&p, out, title, footer);
    pdf_box(&p, PDF_LEFT, p.y, PDF_WIDTH, 4, PDF_ACCENT);
    p.y += 16;
    header(&p, iv, cs, name, today, credit);
    parties(&p, iv, cs, credit);
    instalments(&p, iv, cur, fy);
    totals(&p, iv, cur, credit);
    instructions(&p, iv, cur, credit,
                 cs && cs->bank_account && *cs->bank_account);
    if (!credit)
        payments_received(&p, payments, npayments, cur);
    return pdf_end(&p, err);
}
