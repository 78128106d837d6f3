/*
 * Targets and the dashboard (src/core/targets.c): income sources, the
 * plan's validation, members' status from their invoices, the dashboard's
 * figures on a small hand-built fee book (every number worked out below),
 * the month series checked against member_status day by day on a larger
 * generated book, and the board report's half years.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mem.h"
#include "core/money.h"
#include "core/targets.h"

static int32_t
D(const char *iso)
{
    struct date d;
    if (date_parse(iso, (int)strlen(iso), &d))
        fail_msg("bad test date %s", iso);
    return date_to_days(d);
}

static void
assert_day(int32_t day, const char *iso)
{
    char out[11];
    date_format(date_from_days(day), out);
    assert_string_equal(out, iso);
}

/* ---- building a fee book the way the store fills it ---- */

static size_t
add_tier(struct fee_book *b, int64_t id, const char *name)
{
    ALLOC_GROW(b->tiers, b->ntiers + 1, b->tiers_alloc);
    b->tiers[b->ntiers].id = id;
    b->tiers[b->ntiers].name = xstrdup(name);
    return b->ntiers++;
}

static struct book_member *
add_member(struct fee_book *b, enum org_kind kind, size_t tier, int64_t fee,
           const char *joined, const char *ended)
{
    ALLOC_GROW(b->members, b->nmembers + 1, b->members_alloc);
    struct book_member *m = &b->members[b->nmembers];
    memset(m, 0, sizeof(*m));
    m->id = (int64_t)b->nmembers + 1;
    m->kind = kind;
    m->tier = tier;
    m->annual_fee = fee;
    m->associate = fee == 0;
    m->joined = *joined ? D(joined) : 0;
    m->applied = m->joined;
    m->ended = *ended ? D(ended) : 0;
    m->first_invoice = b->ninvoices;
    b->nmembers++;
    return m;
}

/* An invoice of the last member added; instalments and payments follow. */
static void
add_invoice(struct fee_book *b, int year, const char *issued, bool cancelled)
{
    ALLOC_GROW(b->invoices, b->ninvoices + 1, b->invoices_alloc);
    struct book_invoice *iv = &b->invoices[b->ninvoices++];
    memset(iv, 0, sizeof(*iv));
    iv->id = (int64_t)b->ninvoices;
    iv->fiscal_year = year;
    iv->issued = D(issued);
    iv->cancelled = cancelled;
    iv->first_inst = b->ninst;
    iv->first_payment = b->npayments;
    b->members[b->nmembers - 1].ninvoices++;
}

static void
add_inst(struct fee_book *b, const char *due, int64_t amount)
{
    ALLOC_GROW(b->inst, b->ninst + 1, b->inst_alloc);
    struct instalment *i = &b->inst[b->ninst++];
    i->due = D(due);
    i->amount = amount;
    i->period_start = i->due;
    i->period_end = i->due;
    b->invoices[b->ninvoices - 1].ninst++;
}

static void
add_payment(struct fee_book *b, const char *on, int64_t amount)
{
    ALLOC_GROW(b->payments, b->npayments + 1, b->payments_alloc);
    b->payments[b->npayments].paid_on = D(on);
    b->payments[b->npayments].amount = amount;
    b->npayments++;
    b->invoices[b->ninvoices - 1].npayments++;
}

/* ---- income sources and plans ---- */

static void
test_targets__income_sources_names_labels_and_private_default(void **state)
{
    (void)state;
    static const char *NAMES[] = { "membership_fees", "events",
                                   "paid_services",   "projects",
                                   "public_funding",  "sponsorship" };
    for (int i = 0; i < INCOME__COUNT; i++) {
        enum income_source s;
        assert_string_equal(income_source_name((enum income_source)i),
                            NAMES[i]);
        assert_int_equal(income_source_parse(NAMES[i], &s), 0);
        assert_int_equal(s, i);
        assert_int_equal(
            income_source_parse(income_source_label((enum income_source)i), &s),
            0);
        assert_int_equal(s, i);
    }
    enum income_source s = INCOME_EVENTS;
    assert_string_equal(income_source_label(INCOME_PAID_SERVICES),
                        "Paid services");
    assert_int_equal(income_source_parse("PUBLIC FUNDING", &s), 0);
    assert_int_equal(s, INCOME_PUBLIC_FUNDING);
    assert_int_equal(income_source_parse("lottery", &s), -1);
    assert_int_equal(income_source_parse(NULL, &s), -1);
    assert_true(income_source_private(INCOME_MEMBERSHIP_FEES));
    assert_true(income_source_private(INCOME_EVENTS));
    assert_true(income_source_private(INCOME_PAID_SERVICES));
    assert_true(income_source_private(INCOME_SPONSORSHIP));
    assert_false(income_source_private(INCOME_PROJECTS));
    assert_false(income_source_private(INCOME_PUBLIC_FUNDING));
}

static void
test_targets__reference_lines_are_15_25_50(void **state)
{
    (void)state;
    assert_int_equal(TARGET_REFERENCE_LINES[0], 15);
    assert_int_equal(TARGET_REFERENCE_LINES[1], 25);
    assert_int_equal(TARGET_REFERENCE_LINES[2], 50);
}

static void
assert_plan_invalid(struct target_plan *t, const char *field)
{
    struct err e = ERR_INIT;
    assert_int_equal(target_plan_validate(t, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, field);
    assert_true(strlen(e.msg) > 0);
}

static void
test_targets__plan_validation_names_the_field(void **state)
{
    (void)state;
    struct target_plan t;
    struct err e = ERR_INIT;
    target_plan_init(&t, 2027);
    t.members = 25;
    t.members_by_kind[ORG_KIND_SME] = 20;
    t.budget = 10000000;
    target_plan_add_income(&t, INCOME_EVENTS, "  Spring fair ", 100, true);
    assert_int_equal(target_plan_validate(&t, &e), 0);
    assert_string_equal(t.income[0].label, "Spring fair");
    t.members = 100001;
    assert_plan_invalid(&t, "members");
    t.members = 100000;
    t.members_by_kind[ORG_KIND_LARGE] = -1;
    assert_plan_invalid(&t, "members_by_kind");
    t.members_by_kind[ORG_KIND_LARGE] = 0;
    t.budget = -1;
    assert_plan_invalid(&t, "budget");
    t.budget = MONEY_MAX;
    t.income[0].amount = MONEY_MAX + 1;
    assert_plan_invalid(&t, "income");
    t.income[0].amount = 0;
    t.income[0].source = INCOME__COUNT;
    assert_plan_invalid(&t, "income");
    t.income[0].source = INCOME_PROJECTS;
    struct buf b = BUF_INIT;
    for (int i = 0; i < 201; i++)
        buf_adds(&b, "ø");
    target_plan_add_income(&t, INCOME_EVENTS, b.s, 1, true);
    buf_release(&b);
    assert_plan_invalid(&t, "income");
    target_plan_release(&t);
    target_plan_init(&t, 1800);
    assert_plan_invalid(&t, "fiscal_year");
    target_plan_release(&t);
}

static void
test_targets__plan_holds_at_most_100_income_lines(void **state)
{
    (void)state;
    struct target_plan t;
    struct err e = ERR_INIT;
    target_plan_init(&t, 2027);
    for (int i = 0; i < TARGET_MAX_INCOME_LINES; i++)
        target_plan_add_income(&t, INCOME_EVENTS, NULL, 1, true);
    assert_string_equal(t.income[0].label, "");
    assert_int_equal(target_plan_validate(&t, &e), 0);
    target_plan_add_income(&t, INCOME_EVENTS, "one more", 1, true);
    assert_plan_invalid(&t, "income");
    target_plan_release(&t);
}

/* ---- statuses from the book ---- */

static void
test_targets__invoice_facts_count_payments_up_to_the_day(void **state)
{
    (void)state;
    struct fee_book b;
    struct invoice_facts f;
    fee_book_init(&b);
    add_tier(&b, 1, "Large");
    add_member(&b, ORG_KIND_LARGE, 0, 2000000, "2026-01-01", "");
    add_invoice(&b, 2027, "2027-01-01", false);
    add_inst(&b, "2027-01-01", 1000000);
    add_inst(&b, "2027-07-01", 1000000);
    add_payment(&b, "2027-01-10", 600000);
    add_payment(&b, "2027-02-10", 400000);
    book_invoice_facts(&b, &b.invoices[0], D("2027-02-09"), &f);
    assert_int_equal(f.paid, 600000);
    assert_int_equal(f.ninst, 2);
    assert_int_equal(invoice_total(&f), 2000000);
    assert_int_equal(invoice_status(&f, D("2027-02-09")), INVOICE_OVERDUE);
    book_invoice_facts(&b, &b.invoices[0], D("2027-02-10"), &f);
    assert_int_equal(f.paid, 1000000);
    assert_int_equal(invoice_status(&f, D("2027-02-10")), INVOICE_PARTLY_PAID);
    fee_book_release(&b);
}

static void
test_targets__member_status_takes_the_oldest_unpaid_instalment(void **state)
{
    (void)state;
    struct fee_book b;
    fee_book_init(&b);
    add_tier(&b, 1, "SME");
    struct book_member *m =
        add_member(&b, ORG_KIND_SME, 0, 500000, "2025-01-01", "");
    /* 2026: paid. 2027: unpaid since 1 January. A cancelled 2025 invoice
     * owes nothing. */
    add_invoice(&b, 2025, "2025-01-01", true);
    add_inst(&b, "2025-01-01", 500000);
    add_invoice(&b, 2026, "2026-01-01", false);
    add_inst(&b, "2026-01-01", 500000);
    add_payment(&b, "2026-01-15", 500000);
    add_invoice(&b, 2027, "2027-01-01", false);
    add_inst(&b, "2027-01-01", 500000);
    m = &b.members[0];
    assert_int_equal(book_member_status(&b, m, 60, D("2026-12-31")),
                     MEMBER_ACTIVE);
    assert_int_equal(book_member_status(&b, m, 60, D("2027-01-01")),
                     MEMBER_ACTIVE);
    assert_int_equal(book_member_status(&b, m, 60, D("2027-01-02")),
                     MEMBER_IN_GRACE);
    assert_int_equal(book_member_status(&b, m, 60, D("2027-03-02")),
                     MEMBER_IN_GRACE);
    assert_int_equal(book_member_status(&b, m, 60, D("2027-03-03")),
                     MEMBER_LAPSED);
    /* The 2026 invoice paid late instead: unpaid since 2026-01-01. */
    b.payments[0].paid_on = D("2026-06-01");
    assert_int_equal(book_member_status(&b, m, 60, D("2026-03-02")),
                     MEMBER_IN_GRACE);
    assert_int_equal(book_member_status(&b, m, 60, D("2026-03-03")),
                     MEMBER_LAPSED);
    assert_int_equal(book_member_status(&b, m, 60, D("2026-06-01")),
                     MEMBER_ACTIVE);
    fee_book_release(&b);
}

static void
test_targets__associates_are_active_when_joined(void **state)
{
    (void)state;
    struct fee_book b;
    fee_book_init(&b);
    add_tier(&b, 1, "Associate");
    add_member(&b, ORG_KIND_PUBLIC, 0, 0, "2026-01-01", "");
    /* Even an unpaid invoice on an associate does not make it lapse. */
    add_invoice(&b, 2026, "2026-01-01", false);
    add_inst(&b, "2026-01-01", 100);
    assert_int_equal(book_member_status(&b, &b.members[0], 60, D("2027-06-01")),
                     MEMBER_ACTIVE);
    assert_int_equal(book_member_status(&b, &b.members[0], 60, D("2025-12-31")),
                     MEMBER_APPLICANT);
    fee_book_release(&b);
}

/* ---- the dashboard on a small book ---- */

/*
 * Nine memberships of a cluster on 2027-05-15, the fiscal year 2027
 * (January start, threshold 15,000.00 EUR, grace 60 days):
 *   A large, 20,000/year since 2025-03: 2026 paid; 2027 first half paid.
 *   B SME, 5,000 since 2026-06-10: 2026 pro-rata paid; 2027 unpaid, so in
 *     grace through 2027-03-02 and lapsed from 2027-03-03.
 *   C start-up, 5,000 since 2027-02-01: 11 months, 4,583.33, paid in two
 *     parts by 2027-03-01.
 *   D public body, associate since 2026-01-01.
 *   E university, 20,000 since 2024, ended 2027-04-01; 2027 half paid.
 *   F applicant (SME, not joined); G declined.
 *   H large, 20,000, joins 2027-06-01: 7 months, 11,666.67 expected.
 *   I SME, 5,000 since 2025: 2025 invoice 1,000 of 5,000 paid (lapsed
 *     throughout), 2026 cancelled, 2027 issued 2027-05-20 (after the day).
 */
static void
small_book(struct fee_book *b)
{
    fee_book_init(b);
    size_t large = add_tier(b, 10, "Large enterprise");
    size_t sme = add_tier(b, 11, "SME");
    size_t assoc = add_tier(b, 12, "Associate");

    add_member(b, ORG_KIND_LARGE, large, 2000000, "2025-03-01", ""); /* A */
    add_invoice(b, 2026, "2026-01-01", false);
    add_inst(b, "2026-01-01", 1000000);
    add_inst(b, "2026-07-01", 1000000);
    add_payment(b, "2026-01-10", 1000000);
    add_payment(b, "2026-07-10", 1000000);
    add_invoice(b, 2027, "2027-01-01", false);
    add_inst(b, "2027-01-01", 1000000);
    add_inst(b, "2027-07-01", 1000000);
    add_payment(b, "2027-01-20", 1000000);

    add_member(b, ORG_KIND_SME, sme, 500000, "2026-06-10", ""); /* B */
    add_invoice(b, 2026, "2026-06-10", false);
    add_inst(b, "2026-06-10", 291667);
    add_payment(b, "2026-06-20", 291667);
    add_invoice(b, 2027, "2027-01-01", false);
    add_inst(b, "2027-01-01", 500000);

    add_member(b, ORG_KIND_STARTUP, sme, 500000, "2027-02-01", ""); /* C */
    add_invoice(b, 2027, "2027-02-01", false);
    add_inst(b, "2027-02-01", 458333);
    add_payment(b, "2027-02-15", 200000);
    add_payment(b, "2027-03-01", 258333);

    add_member(b, ORG_KIND_PUBLIC, assoc, 0, "2026-01-01", ""); /* D */

    add_member(b, ORG_KIND_UNIVERSITY, large, 2000000, "2024-01-01",
               "2027-04-01"); /* E */
    add_invoice(b, 2027, "2027-01-01", false);
    add_inst(b, "2027-01-01", 1000000);
    add_inst(b, "2027-07-01", 1000000);
    add_payment(b, "2027-01-05", 1000000);

    struct book_member *f = add_member(b, ORG_KIND_SME, sme, 500000, "", "");
    f->applied = D("2027-05-01");
    struct book_member *g =
        add_member(b, ORG_KIND_MICRO, sme, 500000, "", ""); /* G */
    g->applied = D("2027-03-01");
    g->declined = D("2027-03-10");

    add_member(b, ORG_KIND_LARGE, large, 2000000, "2027-06-01", ""); /* H */

    add_member(b, ORG_KIND_SME, sme, 500000, "2025-01-01", ""); /* I */
    add_invoice(b, 2025, "2025-01-01", false);
    add_inst(b, "2025-01-01", 500000);
    add_payment(b, "2025-02-01", 100000);
    add_invoice(b, 2026, "2026-01-01", true);
    add_inst(b, "2026-01-01", 500000);
    add_invoice(b, 2027, "2027-05-20", false);
    add_inst(b, "2027-05-20", 500000);
}

static void
small_plan(struct target_plan *t)
{
    target_plan_init(t, 2027);
    t->members = 25;
    t->members_by_kind[ORG_KIND_SME] = 10;
    t->budget = 10000000;
    /* Planned fees are ignored: the memberships say what fees bring. */
    target_plan_add_income(t, INCOME_MEMBERSHIP_FEES, "Fees", 3000000, true);
    target_plan_add_income(t, INCOME_EVENTS, "Cluster day", 1000000, true);
    target_plan_add_income(t, INCOME_PUBLIC_FUNDING, "Region", 4000000, false);
    target_plan_add_income(t, INCOME_SPONSORSHIP, "Bank", 500000, true);
}

static void
test_targets__dashboard_counts_members_by_status_kind_and_tier(void **state)
{
    (void)state;
    struct fee_book b;
    struct target_plan plan;
    struct fee_settings s;
    struct dashboard d;
    small_book(&b);
    small_plan(&plan);
    fee_settings_default(&s);
    dashboard_compute(&b, &s, &plan, D("2027-05-15"), &d);

    assert_int_equal(d.fiscal_year, 2027);
    assert_day(d.day, "2027-05-15");
    assert_string_equal(d.currency, "EUR");
    assert_int_equal(d.members, 3);                     /* A, C, D */
    assert_int_equal(d.by_status[MEMBER_APPLICANT], 2); /* F, H */
    assert_int_equal(d.by_status[MEMBER_ACTIVE], 3);
    assert_int_equal(d.by_status[MEMBER_IN_GRACE], 0);
    assert_int_equal(d.by_status[MEMBER_LAPSED], 2); /* B, I */
    assert_int_equal(d.by_status[MEMBER_RESIGNED], 1);
    assert_int_equal(d.by_status[MEMBER_DECLINED], 1);
    assert_int_equal(d.by_kind[ORG_KIND_LARGE], 1);
    assert_int_equal(d.by_kind[ORG_KIND_STARTUP], 1);
    assert_int_equal(d.by_kind[ORG_KIND_PUBLIC], 1);
    assert_int_equal(d.by_kind[ORG_KIND_SME], 0);
    assert_int_equal(d.by_kind[ORG_KIND_UNIVERSITY], 0);
    assert_int_equal(d.ntiers, 3);
    assert_int_equal(d.by_tier[0].tier_id, 10);
    assert_string_equal(d.by_tier[0].name, "Large enterprise");
    assert_int_equal(d.by_tier[0].members, 1);
    assert_int_equal(d.by_tier[1].members, 1);
    assert_int_equal(d.by_tier[2].members, 1);
    assert_int_equal(d.sme_members, 1);
    assert_int_equal(d.sme_permille, 333);
    assert_int_equal(d.target_members, 25);
    assert_int_equal(d.target_by_kind[ORG_KIND_SME], 10);

    /* In grace still counts: on 2027-02-20 B owes since 1 January. */
    dashboard_release(&d);
    dashboard_compute(&b, &s, &plan, D("2027-02-20"), &d);
    assert_int_equal(d.by_status[MEMBER_IN_GRACE], 2); /* B, C */
    assert_int_equal(d.members, 5);                    /* A B C D E */
    assert_int_equal(d.sme_members, 2);
    assert_int_equal(d.sme_permille, 400);
    dashboard_release(&d);
    target_plan_release(&plan);
    fee_book_release(&b);
}

static void
test_targets__dashboard_month_series_with_joins_and_leaves(void **state)
{
    (void)state;
    struct fee_book b;
    struct fee_settings s;
    struct dashboard d;
    small_book(&b);
    fee_settings_default(&s);
    dashboard_compute(&b, &s, NULL, D("2027-05-15"), &d);

    /* June 2025 .. May 2027. */
    assert_int_equal(d.months[0].year, 2025);
    assert_int_equal(d.months[0].month, 6);
    assert_int_equal(d.months[DASH_MONTHS - 1].year, 2027);
    assert_int_equal(d.months[DASH_MONTHS - 1].month, 5);
    assert_int_equal(d.months[7].month, 1);
    static const int64_t MEMBERS[DASH_MONTHS] = {
        2, 2, 2, 2, 2, 2, 2, /* 2025-06..12: A E */
        3, 3, 3, 3, 3,       /* 2026-01..05: + D */
        4, 4, 4, 4, 4, 4, 4, /* 2026-06..12: + B */
        4,                   /* 2027-01: B in grace */
        5,                   /* 2027-02: + C (in grace on the 28th) */
        4,                   /* 2027-03: B lapsed */
        3,                   /* 2027-04: E left on 1 April */
        3,                   /* 2027-05 (the 15th) */
    };
    for (int i = 0; i < DASH_MONTHS; i++) {
        int64_t joins = i == 7 || i == 12 || i == 20 ? 1 : 0;
        int64_t leaves = i == 22 ? 1 : 0;
        if (d.months[i].members != MEMBERS[i] || d.months[i].joins != joins ||
            d.months[i].leaves != leaves)
            fail_msg("%d-%02d: members %lld joins %lld leaves %lld",
                     d.months[i].year, d.months[i].month,
                     (long long)d.months[i].members,
                     (long long)d.months[i].joins,
                     (long long)d.months[i].leaves);
    }
    assert_int_equal(d.months[DASH_MONTHS - 1].members, d.members);
    dashboard_release(&d);
    fee_book_release(&b);
}

static void
test_targets__dashboard_fees_expected_invoiced_paid_overdue(void **state)
{
    (void)state;
    struct fee_book b;
    struct target_plan plan;
    struct fee_settings s;
    struct dashboard d;
    small_book(&b);
    small_plan(&plan);
    fee_settings_default(&s);
    dashboard_compute(&b, &s, &plan, D("2027-05-15"), &d);

    /* A 20,000.00 + C 4,583.33 + H 11,666.67 (joins 1 June), and what
     * the lapsed B and I (5,000.00 each) and E, who left on 1 April,
     * owe for the year as invoiced; D is free. */
    assert_int_equal(d.fees_expected,
                     2000000 + 458333 + 1166667 + 500000 + 500000 + 2000000);
    /* The 2027 invoices of A, B, C and E; I's is issued after the day. */
    assert_int_equal(d.invoiced, 2000000 + 500000 + 458333 + 2000000);
    assert_int_equal(d.paid, 1000000 + 458333 + 1000000);
    /* B's 2027 5,000 and I's 2025 4,000; I's cancelled 2026 owes nothing. */
    assert_int_equal(d.overdue, 500000 + 400000);
    assert_int_equal(d.overdue_invoices, 2);

    assert_int_equal(d.budget, 10000000);
    assert_int_equal(d.other_income, 5500000);
    assert_int_equal(d.gap, 10000000 - 6625000);
    assert_int_equal(d.private_income, 6625000 + 1500000);
    assert_int_equal(d.total_income, 6625000 + 5500000);
    assert_int_equal(d.private_permille, 670); /* 670.1 */
    dashboard_release(&d);

    /* A day later in the year: I's 2027 invoice is issued and H joined. */
    dashboard_compute(&b, &s, &plan, D("2027-06-10"), &d);
    assert_int_equal(d.invoiced, 4958333 + 500000);
    assert_int_equal(d.by_status[MEMBER_ACTIVE], 4); /* A C D H */
    assert_int_equal(d.fees_expected, 6625000);
    /* I's 2027 invoice fell due on 20 May. */
    assert_int_equal(d.overdue, 500000 + 400000 + 500000);
    assert_int_equal(d.overdue_invoices, 3);
    dashboard_release(&d);
    target_plan_release(&plan);
    fee_book_release(&b);
}

static void
test_targets__dashboard_without_members_or_plan(void **state)
{
    (void)state;
    struct fee_book b;
    struct fee_settings s;
    struct dashboard d;
    fee_book_init(&b);
    fee_settings_default(&s);
    dashboard_compute(&b, &s, NULL, D("2027-05-15"), &d);
    assert_int_equal(d.members, 0);
    assert_int_equal(d.sme_permille, -1);
    assert_int_equal(d.private_permille, -1);
    assert_int_equal(d.gap, 0);
    assert_int_equal(d.ntiers, 0);
    assert_null(d.by_tier);
    for (int i = 0; i < DASH_MONTHS; i++)
        assert_int_equal(d.months[i].members, 0);
    dashboard_release(&d);
    fee_book_release(&b);
}

static void
test_targets__dashboard_fiscal_year_follows_july_start(void **state)
{
    (void)state;
    struct fee_book b;
    struct fee_settings s;
    struct dashboard d;
    fee_book_init(&b);
    fee_settings_default(&s);
    s.fy_start_month = 7;
    add_tier(&b, 1, "Large");
    add_member(&b, ORG_KIND_LARGE, 0, 2400000, "2027-10-01", "");
    add_invoice(&b, 2027, "2027-10-01", false);
    add_inst(&b, "2027-10-01", 600000);
    add_inst(&b, "2028-01-01", 1200000);
    add_payment(&b, "2027-10-05", 600000);
    dashboard_compute(&b, &s, NULL, D("2027-12-01"), &d);
    assert_int_equal(d.fiscal_year, 2027);
    /* October .. June: 9 months of 2,000.00. */
    assert_int_equal(d.fees_expected, 1800000);
    assert_int_equal(d.invoiced, 1800000);
    assert_int_equal(d.paid, 600000);
    assert_int_equal(d.gap, -1800000);
    assert_int_equal(d.private_permille, 1000);
    dashboard_release(&d);
    dashboard_compute(&b, &s, NULL, D("2028-07-01"), &d);
    assert_int_equal(d.fiscal_year, 2028);
    assert_int_equal(d.invoiced, 0);
    assert_int_equal(d.overdue, 1200000);
    assert_int_equal(d.members, 0); /* lapsed since 2028-03-02 */
    /* Lapsed is not resigned: the year's dues are still expected. */
    assert_int_equal(d.fees_expected, 2400000);
    dashboard_release(&d);
    fee_book_release(&b);
}

/*
 * A generated book of a few hundred memberships with invoices, late and
 * partial payments and cancellations: every month's count must be what
 * book_member_status says on that month's counting day.
 */
static uint32_t rng = 12345;
static uint32_t
next(uint32_t n)
{
    rng = rng * 1103515245u + 12345u;
    return (rng >> 8) % n;
}

static void
test_targets__month_series_agrees_with_member_status(void **state)
{
    (void)state;
    struct fee_book b;
    struct fee_settings s;
    struct dashboard d;
    int32_t day = D("2027-08-17");
    fee_book_init(&b);
    fee_settings_default(&s);
    s.grace_days = 30;
    add_tier(&b, 1, "Any");
    for (int i = 0; i < 400; i++) {
        int32_t joined = D("2023-01-01") + (int32_t)next(1700);
        int32_t ended = next(4) == 0 ? joined + 1 + (int32_t)next(900) : 0;
        bool assoc = next(10) == 0;
        int64_t fee = assoc ? 0 : 100000 + (int64_t)next(3000000);
        char j[11], e[11];
        date_format(date_from_days(joined), j);
        date_format(date_from_days(ended), e);
        struct book_member *m =
            add_member(&b, (enum org_kind)next(ORG_KIND__COUNT), 0, fee, j,
                       ended ? e : "");
        if (next(20) == 0)
            m->declined = joined + 3;
        for (int y = 2023; y <= 2027 && !assoc; y++) {
            struct instalment in[2];
            int n = fee_schedule(&s, fee, joined, ended, y, in);
            if (!n)
                continue;
            char issued[11];
            date_format(date_from_days(in[0].due), issued);
            add_invoice(&b, y, issued, next(15) == 0);
            int64_t total = 0;
            for (int k = 0; k < n; k++) {
                char due[11];
                date_format(date_from_days(in[k].due), due);
                add_inst(&b, due, in[k].amount);
                total += in[k].amount;
            }
            /* Up to three payments, late by up to 150 days, sometimes
             * short of the total. */
            int32_t on = in[0].due;
            int64_t left = total - (next(4) == 0 ? (int64_t)next(1000) : 0);
            for (int p = 0; p < 3 && left > 0; p++) {
                on += (int32_t)next(150);
                int64_t amount =
                    p == 2 ? left : 1 + (int64_t)next((uint32_t)left);
                char paid[11];
                date_format(date_from_days(on), paid);
                add_payment(&b, paid, amount);
                left -= amount;
            }
        }
    }
    dashboard_compute(&b, &s, NULL, day, &d);
    for (int i = 0; i < DASH_MONTHS; i++) {
        struct date md = { d.months[i].year, d.months[i].month, 1 };
        md.day = date_days_in_month(md.year, md.month);
        int32_t on = i == DASH_MONTHS - 1 ? day : date_to_days(md);
        int64_t want = 0;
        for (size_t k = 0; k < b.nmembers; k++)
            want += member_status_counts(
                book_member_status(&b, &b.members[k], s.grace_days, on));
        if (d.months[i].members != want)
            fail_msg("%d-%02d: %lld members, want %lld", d.months[i].year,
                     d.months[i].month, (long long)d.months[i].members,
                     (long long)want);
    }
    assert_int_equal(d.months[DASH_MONTHS - 1].members, d.members);
    int64_t by_status[MEMBER_STATUS__COUNT] = { 0 };
    for (size_t k = 0; k < b.nmembers; k++)
        by_status[book_member_status(&b, &b.members[k], s.grace_days, day)]++;
    for (int i = 0; i < MEMBER_STATUS__COUNT; i++)
        assert_int_equal(d.by_status[i], by_status[i]);
    int64_t sum = 0;
    for (int i = 0; i < MEMBER_STATUS__COUNT; i++)
        sum += d.by_status[i];
    assert_int_equal(sum, 400);
    assert_true(d.by_status[MEMBER_LAPSED] > 0);
    assert_true(d.by_status[MEMBER_ACTIVE] > 0);
    dashboard_release(&d);
    fee_book_release(&b);
}

/* ---- half years ---- */

static void
test_targets__half_year_parse_is_strict(void **state)
{
    (void)state;
    int y = 0, h = 0;
    assert_int_equal(half_year_parse("2027H1", &y, &h), 0);
    assert_int_equal(y, 2027);
    assert_int_equal(h, 1);
    assert_int_equal(half_year_parse("2028H2", &y, &h), 0);
    assert_int_equal(y, 2028);
    assert_int_equal(h, 2);
    static const char *BAD[] = { "2027h1",  "2027H3",  "2027H0",  "2027H",
                                 "2027H12", " 2027H1", "2027H1 ", "27H1",
                                 "20a7H1",  "2027-H1", "",        "0000H1" };
    for (size_t i = 0; i < sizeof(BAD) / sizeof(BAD[0]); i++) {
        y = h = -7;
        if (half_year_parse(BAD[i], &y, &h) != -1)
            fail_msg("\"%s\" accepted", BAD[i]);
        assert_int_equal(y, -7);
        assert_int_equal(h, -7);
    }
    assert_int_equal(half_year_parse(NULL, &y, &h), -1);
}

static void
test_targets__half_year_range_follows_the_fiscal_year(void **state)
{
    (void)state;
    struct fee_settings s;
    int32_t first, last;
    fee_settings_default(&s);
    half_year_range(&s, 2027, 1, &first, &last);
    assert_day(first, "2027-01-01");
    assert_day(last, "2027-06-30");
    half_year_range(&s, 2027, 2, &first, &last);
    assert_day(first, "2027-07-01");
    assert_day(last, "2027-12-31");
    s.fy_start_month = 7;
    half_year_range(&s, 2027, 1, &first, &last);
    assert_day(first, "2027-07-01");
    assert_day(last, "2027-12-31");
    half_year_range(&s, 2027, 2, &first, &last);
    assert_day(first, "2028-01-01");
    assert_day(last, "2028-06-30");
    s.fy_start_month = 9;
    half_year_range(&s, 2027, 2, &first, &last);
    assert_day(first, "2028-03-01");
    assert_day(last, "2028-08-31");
    half_year_range(&s, 2027, 1, &first, &last);
    assert_day(last, "2028-02-29");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(
            test_targets__income_sources_names_labels_and_private_default),
        cmocka_unit_test(test_targets__reference_lines_are_15_25_50),
        cmocka_unit_test(test_targets__plan_validation_names_the_field),
        cmocka_unit_test(test_targets__plan_holds_at_most_100_income_lines),
        cmocka_unit_test(
            test_targets__invoice_facts_count_payments_up_to_the_day),
        cmocka_unit_test(
            test_targets__member_status_takes_the_oldest_unpaid_instalment),
        cmocka_unit_test(test_targets__associates_are_active_when_joined),
        cmocka_unit_test(
            test_targets__dashboard_counts_members_by_status_kind_and_tier),
        cmocka_unit_test(
            test_targets__dashboard_month_series_with_joins_and_leaves),
        cmocka_unit_test(
            test_targets__dashboard_fees_expected_invoiced_paid_overdue),
        cmocka_unit_test(test_targets__dashboard_without_members_or_plan),
        cmocka_unit_test(
            test_targets__dashboard_fiscal_year_follows_july_start),
        cmocka_unit_test(test_targets__month_series_agrees_with_member_status),
        cmocka_unit_test(test_targets__half_year_parse_is_strict),
        cmocka_unit_test(test_targets__half_year_range_follows_the_fiscal_year),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
