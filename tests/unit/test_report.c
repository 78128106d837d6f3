/*
 * Rules of the printed documents (src/report/invoice_pdf.c, board_pdf.c):
 * the PDFs open in poppler, carry their title, and say what they must in
 * text a machine can read back: Cyrillic and Swedish names as they are,
 * the number, the amounts formatted, the dates in one readable form.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/date.h"
#include "report/chart.h"
#include "report/report.h"
#include "test_day.h"

struct fixture {
    char dir[64];
    struct cluster_settings cs;
};

static char legal_name[] = "Харківський ІТ кластер";
static char address[] = "вул. Сумська, 1\n61000 Харків, Україна";
static char email[] = "office@it-kharkiv.org";
static char website[] = "https://it-kharkiv.org";
static char vat_id[] = "UA1234567890";
static char bank[] = "IBAN UA21 3223 1300 0002 6007 2335 6600 1, ПриватБанк";

static int
setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof(*fx));
    snprintf(fx->dir, sizeof(fx->dir), "/tmp/test_report.XXXXXX");
    if (!mkdtemp(fx->dir))
        return -1;
    fee_settings_default(&fx->cs.fees);
    memcpy(fx->cs.fees.currency, "UAH", 4);
    fx->cs.legal_name = legal_name;
    fx->cs.address = address;
    fx->cs.email = email;
    fx->cs.website = website;
    fx->cs.vat_id = vat_id;
    fx->cs.bank_account = bank;
    *state = fx;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *fx = *state;
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx->dir);
    int rc = system(cmd);
    free(fx);
    return rc == 0 ? 0 : -1;
}


/* Everything a command prints on stdout; it must succeed. */
static char *
run(const char *cmd)
{
    FILE *f = popen(cmd, "r");
    assert_non_null(f);
    struct buf out = BUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        buf_add(&out, chunk, n);
    assert_int_equal(pclose(f), 0);
    return buf_detach(&out, NULL);
}

/* Writes pdf to dir/name.pdf and returns pdftotext's reading of it. */
static char *
save_and_read(const struct fixture *fx, const char *name, const struct buf *pdf)
{
    char path[128], cmd[256];
    assert_true(pdf->len > 1000);
    assert_memory_equal(pdf->s, "%PDF-", 5);
    assert_non_null(strstr(pdf->s + pdf->len - 16, "%%EOF"));
    snprintf(path, sizeof(path), "%s/%s.pdf", fx->dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(pdf->s, 1, pdf->len, f), pdf->len);
    assert_int_equal(fclose(f), 0);
    snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 '%s' -", path);
    /* Lines break where the layout wraps: read runs of white space as
     * one space. */
    char *text = run(cmd), *w = text;
    for (const char *r = text; *r; r++) {
        bool space = *r == ' ' || *r == '\n' || *r == '\f';
        if (!space)
            *w++ = *r;
        else if (w > text && w[-1] != ' ')
            *w++ = ' ';
    }
    *w = '\0';
    return text;
}

/* pdfinfo's value of a key ("Title", "Pages"), trimmed. */
static char *
pdf_info(const struct fixture *fx, const char *name, const char *key)
{
    char cmd[256];
    snprintf(cmd, sizeof(cmd), "pdfinfo -enc UTF-8 '%s/%s.pdf'", fx->dir, name);
    char *info = run(cmd);
    char *line = strstr(info, key);
    assert_non_null(line);
    char *v = line + strlen(key) + 1;
    while (*v == ' ')
        v++;
    char *value = strndup(v, strcspn(v, "\n"));
    free(info);
    return value;
}

/* Renders the first page at 50 dpi; asserts a PNG with something on it. */
static void
assert_page_renders(const struct fixture *fx, const char *name)
{
    char cmd[320], png[160];
    snprintf(cmd, sizeof(cmd),
             "pdftoppm -png -r 50 -f 1 -l 1 -singlefile '%s/%s.pdf' "
             "'%s/%s'",
             fx->dir, name, fx->dir, name);
    free(run(cmd));
    snprintf(png, sizeof(png), "%s/%s.png", fx->dir, name);
    struct stat st;
    assert_int_equal(stat(png, &st), 0);
    /* A blank A4 page at 50 dpi compresses to well under 1 kB. */
    assert_true(st.st_size > 5000);
    FILE *f = fopen(png, "rb");
    assert_non_null(f);
    unsigned char sig[8];
    assert_int_equal(fread(sig, 1, 8, f), 8);
    fclose(f);
    assert_memory_equal(sig, "\x89PNG\r\n\x1a\n", 8);
}

static char org_ua[] = "ТОВ Харківські системи";
static char bill_ua[] = "ТОВ Харківські системи\nпр. Науки, 14\nХарків";
static char org_se[] = "Åkerlund & Söner AB";
static char tier_ua[] = "Велике підприємство";
static char tier_se[] = "SME";
static char uah[] = "UAH";
static char sek[] = "SEK";
static char issued[] = "2027-01-05";
static char paid_on[] = "2027-02-10";
static char method[] = "bank_transfer";
static char reference[] = "PP-123";

/* Invoice 42: 20,000.00 UAH in two halves, 6,000.00 paid, overdue. */
static void
ukrainian_invoice(struct invoice *iv)
{
    memset(iv, 0, sizeof(*iv));
    iv->id = 7;
    iv->number = 42;
    iv->kind = INVOICE_KIND_INVOICE;
    iv->org_name = org_ua;
    iv->bill_to = bill_ua;
    iv->tier_name = tier_ua;
    iv->fiscal_year = 2027;
    iv->issued_on = issued;
    iv->currency = uah;
    iv->total = 2000000;
    iv->inst[0] = (struct instalment){ day("2027-01-01"), 1000000,
                                       day("2027-01-01"), day("2027-06-30") };
    iv->inst[1] = (struct instalment){ day("2027-07-01"), 1000000,
                                       day("2027-07-01"), day("2027-12-31") };
    iv->ninst = 2;
    iv->paid = 600000;
    iv->status = INVOICE_OVERDUE;
    iv->overdue_amount = 400000;
    iv->unpaid_since = day("2027-01-01");
}

static void
test_report__invoice_prints_cyrillic_names_amounts_and_dates(void **state)
{
    struct fixture *fx = *state;
    struct invoice iv;
    ukrainian_invoice(&iv);
    struct payment pay = { 1, 7, paid_on, 600000, method, reference, NULL };
    struct buf pdf = BUF_INIT;
    struct err err = ERR_INIT;
    assert_int_equal(invoice_pdf(&iv, &pay, 1, &fx->cs, "IT Kharkiv",
                                 "2027-03-15", &pdf, &err),
                     0);
    char *text = save_and_read(fx, "invoice_ua", &pdf);
    const char *expect[] = {
        "Харківський ІТ кластер", /* the legal name, not the short one */
        "61000 Харків, Україна",
        "office@it-kharkiv.org",
        "VAT ID: UA1234567890",
        "Invoice No. 42",
        "5 January 2027",         /* issue date */
        "ТОВ Харківські системи", /* bill to */
        "пр. Науки, 14",
        "Велике підприємство", /* tier */
        "1 January 2027 – 30 June 2027",
        "1 July 2027",   /* second instalment due */
        "10,000.00 UAH", /* each instalment */
        "20,000.00 UAH", /* total */
        "6,000.00 UAH",  /* paid so far */
        "14,000.00 UAH", /* rest due */
        "4,000.00 UAH",  /* overdue */
        "Overdue",
        "Status on 15 March 2027",
        "ПриватБанк",
        "Payments received",
        "10 February 2027",
        "Bank transfer",
        "PP-123",
        "Of it, 4,000.00 UAH was due on 1 January 2027 and is overdue.",
    };
    for (size_t i = 0; i < sizeof(expect) / sizeof(*expect); i++) {
        if (!strstr(text, expect[i]))
            fail_msg("\"%s\" not in the invoice:\n%s", expect[i], text);
    }
    assert_null(strstr(text, "IT Kharkiv"));
    char *title = pdf_info(fx, "invoice_ua", "Title:");
    assert_string_equal(title, "Invoice No. 42 – Харківський ІТ кластер");
    free(title);
    assert_page_renders(fx, "invoice_ua");
    free(text);

    /* Without payments, it says so. */
    buf_reset(&pdf);
    assert_int_equal(invoice_pdf(&iv, NULL, 0, &fx->cs, "IT Kharkiv",
                                 "2027-03-15", &pdf, &err),
                     0);
    text = save_and_read(fx, "invoice_ua_unpaid", &pdf);
    assert_non_null(strstr(text, "No payments received yet."));
    assert_null(strstr(text, "PP-123"));
    assert_non_null(strstr(text, "account above"));
    free(text);

    /* Without bank details it points at no account that is not there. */
    buf_reset(&pdf);
    char none[] = "";
    fx->cs.bank_account = none;
    assert_int_equal(invoice_pdf(&iv, NULL, 0, &fx->cs, "IT Kharkiv",
                                 "2027-03-15", &pdf, &err),
                     0);
    fx->cs.bank_account = bank;
    text = save_and_read(fx, "invoice_ua_no_bank", &pdf);
    assert_non_null(strstr(text, "Bank details on request"));
    assert_null(strstr(text, "account above"));
    assert_non_null(strstr(text, "to the cluster"));
    free(text);
    buf_release(&pdf);
}

static void
test_report__invoice_swedish_paid_in_july_fiscal_year(void **state)
{
    struct fixture *fx = *state;
    struct cluster_settings cs = fx->cs;
    cs.legal_name = NULL; /* the cluster's name is printed instead */
    cs.vat_id = NULL;
    cs.fees.fy_start_month = 7;
    memcpy(cs.fees.currency, "SEK", 4);
    struct invoice iv;
    memset(&iv, 0, sizeof(iv));
    iv.number = 1007;
    iv.org_name = org_se;
    iv.tier_name = tier_se;
    iv.fiscal_year = 2027;
    iv.issued_on = issued;
    iv.currency = sek;
    iv.total = 1250050;
    iv.inst[0] = (struct instalment){ day("2027-07-01"), 1250050,
                                      day("2027-07-01"), day("2028-06-30") };
    iv.ninst = 1;
    iv.paid = 1250050;
    iv.status = INVOICE_PAID;
    char when[] = "2027-07-20", card[] = "card";
    struct payment pay = { 3, 9, when, 1250050, card, NULL, NULL };
    struct buf pdf = BUF_INIT;
    assert_int_equal(invoice_pdf(&iv, &pay, 1, &cs, "Göteborgs Teknikkluster",
                                 "2027-08-01", &pdf, NULL),
                     0);
    char *text = save_and_read(fx, "invoice_se", &pdf);
    const char *expect[] = {
        "Göteborgs Teknikkluster",
        "Invoice No. 1007",
        "Åkerlund & Söner AB",
        "2027/28",
        "12,500.50 SEK",
        "1 July 2027 – 30 June 2028",
        "Paid in full",
        "20 July 2027",
        "Card",
        "Status on 1 August 2027",
    };
    for (size_t i = 0; i < sizeof(expect) / sizeof(*expect); i++) {
        if (!strstr(text, expect[i]))
            fail_msg("\"%s\" not in the invoice:\n%s", expect[i], text);
    }
    assert_null(strstr(text, "VAT ID"));
    assert_page_renders(fx, "invoice_se");
    free(text);
    buf_release(&pdf);
}

static void
test_report__credit_note_says_so_with_its_reason(void **state)
{
    struct fixture *fx = *state;
    struct invoice iv;
    ukrainian_invoice(&iv);
    char reason[] = "Членство припинено до початку року";
    iv.number = 43;
    iv.kind = INVOICE_KIND_CREDIT_NOTE;
    iv.credits = 7;
    iv.total = -2000000;
    iv.inst[0].amount = -1000000;
    iv.inst[1].amount = -1000000;
    iv.paid = 0;
    iv.status = INVOICE_OPEN;
    iv.overdue_amount = 0;
    iv.reason = reason;
    struct buf pdf = BUF_INIT;
    assert_int_equal(invoice_pdf(&iv, NULL, 0, &fx->cs, "IT Kharkiv",
                                 "2027-03-15", &pdf, NULL),
                     0);
    char *text = save_and_read(fx, "credit_note", &pdf);
    assert_non_null(strstr(text, "Credit note No. 43"));
    assert_non_null(strstr(text, reason));
    assert_non_null(strstr(text, "-20,000.00 UAH"));
    assert_null(strstr(text, "Invoice No."));
    assert_null(strstr(text, "Rest due"));
    free(text);
    buf_release(&pdf);
}

static char tier_large[] = "Large enterprise";
static char tier_sme[] = "SME";
static char tier_assoc[] = "Асоційований член";
static char line_events[] = "Kharkiv IT Forum, Åre workshop";
static char line_project[] = "Horizon Europe: ClusterConnect";

static void
sample_dashboard(struct dashboard *d, struct dash_tier tiers[3])
{
    memset(d, 0, sizeof(*d));
    d->fiscal_year = 2027;
    d->day = day("2027-06-30");
    memcpy(d->currency, "EUR", 4);
    d->members = 32;
    d->by_status[MEMBER_ACTIVE] = 29;
    d->by_status[MEMBER_IN_GRACE] = 3;
    d->by_status[MEMBER_LAPSED] = 2;
    d->by_status[MEMBER_RESIGNED] = 5;
    d->by_status[MEMBER_APPLICANT] = 4;
    d->by_kind[ORG_KIND_LARGE] = 6;
    d->by_kind[ORG_KIND_SME] = 17;
    d->by_kind[ORG_KIND_STARTUP] = 6;
    d->by_kind[ORG_KIND_PUBLIC] = 3;
    tiers[0] = (struct dash_tier){ 1, tier_large, 6 };
    tiers[1] = (struct dash_tier){ 2, tier_sme, 23 };
    tiers[2] = (struct dash_tier){ 3, tier_assoc, 3 };
    d->by_tier = tiers;
    d->ntiers = 3;
    d->sme_members = 23;
    d->sme_permille = 719;
    d->target_members = 40;
    for (int i = 0; i < DASH_MONTHS; i++) {
        d->months[i].year = 2025 + (i + 6) / 12;
        d->months[i].month = (i + 6) % 12 + 1;
        d->months[i].members = 9 + i;
        d->months[i].joins = i % 3 == 0 ? 2 : 1;
        d->months[i].leaves = i % 5 == 0;
    }
    d->fees_expected = 9000000;
    d->invoiced = 7500000;
    d->paid = 5250000;
    d->overdue = 1200000;
    d->overdue_invoices = 4;
    d->budget = 20000000;
    d->other_income = 8000000;
    d->gap = 11000000;
    d->private_income = 12000000;
    d->total_income = 17000000;
    d->private_permille = 706;
}

static void
test_report__board_report_has_figures_charts_and_plan(void **state)
{
    struct fixture *fx = *state;
    struct dashboard d;
    struct dash_tier tiers[3];
    sample_dashboard(&d, tiers);
    struct income_line lines[] = {
        { 1, INCOME_EVENTS, line_events, 3000000, true },
        { 2, INCOME_PROJECTS, line_project, 5000000, false },
    };
    struct target_plan plan = { .fiscal_year = 2027,
                                .members = 40,
                                .budget = 20000000,
                                .income = lines,
                                .nincome = 2 };
    struct cluster_settings cs = fx->cs;
    memcpy(cs.fees.currency, "EUR", 4);
    struct buf pdf = BUF_INIT;
    struct err err = ERR_INIT;
    assert_int_equal(
        board_report_pdf(&d, &plan, &cs, "IT Kharkiv", "2027H1", &pdf, &err),
        0);
    char *text = save_and_read(fx, "board", &pdf);
    const char *expect[] = {
        "Харківський ІТ кластер",
        "Board report 2027H1",
        "Figures as of 30 June 2027",
        "Target 40 (80 % of target)",
        "71.9 %", /* SME share */
        "23 of 32 members",
        "90,000.00 EUR", /* fees expected */
        "75,000.00 EUR", /* invoiced */
        "52,500.00 EUR", /* paid */
        "12,000.00 EUR", /* overdue */
        "4 invoices past due",
        "200,000.00 EUR", /* budget */
        "110,000.00 EUR", /* gap */
        "70.6 %",         /* private share */
        "In grace",
        "Members month by month",
        "15 (ECCP minimum)",
        "Jun 2027",
        "Joins and leaves per month",
        "Members by kind",
        "Start-up",
        "Members by tier",
        "Members against the target",
        "Public body 3",
        "All members 32 40 80 %",
        "Асоційований член",
        "Income plan, fiscal year 2027",
        "Kharkiv IT Forum, Åre workshop",
        "Horizon Europe: ClusterConnect",
        "Public",
        "170,000.00 EUR", /* total income */
    };
    for (size_t i = 0; i < sizeof(expect) / sizeof(*expect); i++) {
        if (!strstr(text, expect[i]))
            fail_msg("\"%s\" not in the board report:\n%s", expect[i], text);
    }
    char *title = pdf_info(fx, "board", "Title:");
    assert_string_equal(title, "Board report 2027H1");
    free(title);
    char *pages = pdf_info(fx, "board", "Pages:");
    assert_string_equal(pages, "3");
    free(pages);
    assert_page_renders(fx, "board");
    free(text);
    buf_release(&pdf);
}

static void
test_report__board_report_of_an_empty_cluster(void **state)
{
    struct fixture *fx = *state;
    struct dashboard d;
    memset(&d, 0, sizeof(d));
    d.fiscal_year = 2027;
    d.day = day("2027-01-01");
    memcpy(d.currency, "EUR", 4);
    d.sme_permille = -1;
    d.private_permille = -1;
    for (int i = 0; i < DASH_MONTHS; i++) {
        d.months[i].year = 2025 + i / 12;
        d.months[i].month = i % 12 + 1;
    }
    struct buf pdf = BUF_INIT;
    assert_int_equal(
        board_report_pdf(&d, NULL, NULL, "New cluster", "2027H1", &pdf, NULL),
        0);
    char *text = save_and_read(fx, "board_empty", &pdf);
    assert_non_null(strstr(text, "New cluster"));
    assert_non_null(strstr(text, "No target set"));
    assert_non_null(strstr(text, "No income lines are planned"));
    assert_non_null(strstr(text, "No data"));
    free(text);
    buf_release(&pdf);
}

static void
test_report__board_chart_svg_by_name(void **state)
{
    (void)state;
    struct dashboard d;
    struct dash_tier tiers[3];
    sample_dashboard(&d, tiers);
    for (int i = 0; i < BOARD_CHART__COUNT; i++) {
        enum board_chart which;
        assert_int_equal(board_chart_parse(board_chart_name(i), &which), 0);
        assert_int_equal(which, i);
        struct buf svg = BUF_INIT;
        assert_int_equal(board_chart_svg(&d, which, 640, 300, &svg, NULL), 0);
        assert_non_null(strstr(svg.s, "<svg"));
        assert_non_null(strstr(svg.s, "</svg>"));
        buf_release(&svg);
    }
    enum board_chart which;
    assert_int_equal(board_chart_parse("members.svg", &which), -1);
    assert_int_equal(board_chart_parse(NULL, &which), -1);
    struct buf svg = BUF_INIT;
    struct err err = ERR_INIT;
    assert_int_equal(
        board_chart_svg(&d, BOARD_CHART__COUNT, 640, 300, &svg, &err), -1);
    assert_string_equal(err.field, "chart");
    assert_int_equal(svg.len, 0);
}

/* Leaves nothing for the sanitizer build's leak check. */
static int
release_fonts(void **state)
{
    (void)state;
    chart_fonts_release();
    return 0;
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_report__invoice_prints_cyrillic_names_amounts_and_dates, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            test_report__invoice_swedish_paid_in_july_fiscal_year, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            test_report__credit_note_says_so_with_its_reason, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_report__board_report_has_figures_charts_and_plan, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            test_report__board_report_of_an_empty_cluster, setup, teardown),
        cmocka_unit_test(test_report__board_chart_svg_by_name),
    };
    return cmocka_run_group_tests(tests, NULL, release_fonts);
}
