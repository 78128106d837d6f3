/*
 * Rules of the dues store (src/store/invoice.c, payment.c, dues.c,
 * fee_book.c) against a real SQLite file: yearly dues generation with
 * its instalments and pro-rata amounts, gapless numbering also with two
 * connections generating at once, payments, credit notes, the overdue
 * list on a later day, renewals, the fee book, and tenancy.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/date.h"
#include "core/fees.h"
#include "core/membership.h"
#include "core/targets.h"
#include "store/invoice_store.h"
#include "store/membership_store.h"
#include "store/store.h"

/* Default settings: EUR, January, threshold 15,000.00 EUR, pro-rata. */
#define LARGE_FEE 2000000 /* 20,000.00: two halves */
#define SME_FEE 500000    /* 5,000.00: one instalment */

struct fx {
    char dir[64];
    char path[128];
    struct store *st;
    struct cluster a, b;
    struct scope sa, sb;
    int64_t large, sme, assoc; /* tiers of cluster a */
};

#include "store_fixture.h"
#include "test_day.h"

static int64_t add_tier(struct fx *fx, const struct scope *sc, const char *name,
                        int64_t fee, bool associate);

static int
fx_setup(void **state)
{
    struct fx *fx = store_fx_new("/tmp/cd-test-dues-XXXXXX");
    if (!fx)
        return -1;
    *state = fx;
    fx->large = add_tier(fx, &fx->sa, "Large enterprise", LARGE_FEE, false);
    fx->sme = add_tier(fx, &fx->sa, "SME", SME_FEE, false);
    fx->assoc = add_tier(fx, &fx->sa, "Associate", 0, true);
    return 0;
}

/* ---- helpers to make records ---- */

static int64_t
add_tier(struct fx *fx, const struct scope *sc, const char *name, int64_t fee,
         bool associate)
{
    struct tier t;
    struct err e = ERR_INIT;
    tier_init(&t);
    org_set_str(&t.name, name);
    t.annual_fee = fee;
    t.associate = associate;
    if (tier_validate(&t, &e) || tier_store_create(fx->st, sc, &t, &e))
        fail_msg("tier %s: %s", name, e.msg);
    int64_t id = t.id;
    tier_release(&t);
    return id;
}

static int64_t
add_org(struct fx *fx, const struct scope *sc, const char *name,
        enum org_kind kind)
{
    struct org o;
    struct err e = ERR_INIT;
    org_init(&o);
    org_set_str(&o.name, name);
    o.kind = kind;
    org_set_str(&o.city, "Lviv");
    org_set_str(&o.country, "UA");
    if (org_validate(&o, &e) || org_store_create(fx->st, sc, &o, &e))
        fail_msg("org %s: %s", name, e.msg);
    int64_t id = o.id;
    org_release(&o);
    return id;
}

/* A membership of a new organisation; joined "" makes an applicant. */
static int64_t
add_member(struct fx *fx, const struct scope *sc, const char *name,
           int64_t tier_id, const char *joined)
{
    int64_t org = add_org(fx, sc, name, ORG_KIND_SME);
    struct membership m;
    struct err e = ERR_INIT;
    membership_init(&m);
    m.organisation_id = org;
    m.tier_id = tier_id;
    org_set_str(&m.applied_on, *joined ? joined : "2025-01-01");
    org_set_str(&m.joined_on, joined);
    if (membership_store_create(fx->st, sc, &m, &e))
        fail_msg("membership %s: %s", name, e.msg);
    int64_t id = m.id;
    membership_release(&m);
    return id;
}

static int64_t
generate(struct fx *fx, const struct scope *sc, int year, const char *today)
{
    int64_t created = -1;
    struct err e = ERR_INIT;
    if (dues_store_generate(fx->st, sc, year, today, &created, &e))
        fail_msg("generate %d: %s", year, e.msg);
    return created;
}


static void
assert_day(int32_t got, const char *want)
{
    assert_int_equal(got, day(want));
}

/* Every invoice and credit note of a cluster, by number, on today. */
static void
list_all(struct fx *fx, int64_t cluster_id, const char *today,
         struct invoice_list *l)
{
    struct invoice_filter f = { .status = -1,
                                .credit_notes = true,
                                .limit = -1 };
    struct err e = ERR_INIT;
    memset(l, 0, sizeof(*l));
    if (invoice_store_list(fx->st, cluster_id, &f, today, l, &e))
        fail_msg("list: %s", e.msg);
}

/* The invoice of a membership for a year (its id), or 0. */
static int64_t
invoice_of(struct fx *fx, int64_t membership_id, int year)
{
    struct invoice_list l;
    int64_t id = 0;
    list_all(fx, fx->a.id, "2030-01-01", &l);
    for (size_t i = 0; i < l.n; i++)
        if (l.items[i].membership_id == membership_id &&
            l.items[i].fiscal_year == year &&
            l.items[i].kind == INVOICE_KIND_INVOICE)
            id = l.items[i].id;
    invoice_list_release(&l);
    return id;
}

static void
get_invoice(struct fx *fx, int64_t id, const char *today, struct invoice *iv)
{
    struct err e = ERR_INIT;
    invoice_init(iv);
    assert_int_equal(invoice_store_get(fx->st, fx->a.id, id, today, iv, &e),
                     STORE_ONE);
}

static int
pay(struct fx *fx, const struct scope *sc, int64_t invoice_id,
    const char *paid_on, int64_t amount, struct err *e)
{
    struct payment p;
    payment_init(&p);
    p.invoice_id = invoice_id;
    free(p.paid_on);
    p.paid_on = strdup(paid_on);
    free(p.method);
    p.method = strdup("bank_transfer");
    p.amount = amount;
    int rc = payment_validate(&p, "2030-01-01", e);
    if (!rc)
        rc = payment_store_add(fx->st, sc, &p, e);
    payment_release(&p);
    return rc;
}

/* ---- generation ---- */

static void
test_dues__second_run_creates_nothing(void **state)
{
    struct fx *fx = *state;
    add_member(fx, &fx->sa, "Acme AB", fx->large, "2025-05-10");
    add_member(fx, &fx->sa, "Brio Oy", fx->sme, "2026-02-01");
    add_member(fx, &fx->sa, "City Library", fx->assoc, "2025-01-01");
    add_member(fx, &fx->sa, "Applicant Ltd", fx->sme, "");
    assert_int_equal(generate(fx, &fx->sa, 2027, "2026-12-15"), 2);
    assert_int_equal(generate(fx, &fx->sa, 2027, "2026-12-16"), 0);

    struct invoice_list l;
    list_all(fx, fx->a.id, "2026-12-16", &l);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.total, 2);
    /* Numbered 1, 2 by organisation name, billed as the organisation. */
    assert_int_equal(l.items[0].number, 1);
    assert_string_equal(l.items[0].org_name, "Acme AB");
    assert_string_equal(l.items[0].bill_to, "Acme AB\nLviv, UA");
    assert_string_equal(l.items[0].tier_name, "Large enterprise");
    assert_string_equal(l.items[0].currency, "EUR");
    assert_string_equal(l.items[0].issued_on, "2026-12-15");
    assert_int_equal(l.items[1].number, 2);
    assert_string_equal(l.items[1].org_name, "Brio Oy");
    assert_int_equal(l.sum_total, LARGE_FEE + SME_FEE);
    assert_int_equal(l.items[0].status, INVOICE_OPEN);
    invoice_list_release(&l);

    /* One audit entry for the run, none for the run that did nothing. */
    struct audit_list al = { 0 };
    struct err e = ERR_INIT;
    assert_int_equal(
        audit_store_list(fx->st, fx->a.id, "dues", 2027, 0, 10, &al, &e), 0);
    assert_int_equal(al.n, 1);
    assert_string_equal(al.items[0].action, "generate");
    assert_non_null(strstr(al.items[0].after, "\"count\":2"));
    audit_list_release(&al);
}

static void
test_dues__associate_gets_no_invoice(void **state)
{
    struct fx *fx = *state;
    int64_t m =
        add_member(fx, &fx->sa, "City Library", fx->assoc, "2025-01-01");
    assert_int_equal(generate(fx, &fx->sa, 2027, "2026-12-15"), 0);
    assert_int_equal(invoice_of(fx, m, 2027), 0);
}

static void
test_dues__instalments_by_threshold(void **state)
{
    struct fx *fx = *state;
    int64_t at = add_tier(fx, &fx->sa, "At threshold", 1500000, false);
    int64_t below = add_tier(fx, &fx->sa, "Below threshold", 1499999, false);
    int64_t odd = add_tier(fx, &fx->sa, "Odd", 2000001, false);
    int64_t ml = add_member(fx, &fx->sa, "Large AB", fx->large, "2025-03-01");
    int64_t ms = add_member(fx, &fx->sa, "Small AB", fx->sme, "2025-03-01");
    int64_t ma = add_member(fx, &fx->sa, "At AB", at, "2025-03-01");
    int64_t mb = add_member(fx, &fx->sa, "Below AB", below, "2025-03-01");
    int64_t mo = add_member(fx, &fx->sa, "Odd AB", odd, "2025-03-01");
    assert_int_equal(generate(fx, &fx->sa, 2027, "2026-12-01"), 5);

    struct invoice iv;
    get_invoice(fx, invoice_of(fx, ml, 2027), "2026-12-01", &iv);
    assert_int_equal(iv.ninst, 2);
    assert_int_equal(iv.total, LARGE_FEE);
    assert_int_equal(iv.inst[0].amount, 1000000);
    assert_day(iv.inst[0].due, "2027-01-01");
    assert_day(iv.inst[0].period_start, "2027-01-01");
    assert_day(iv.inst[0].period_end, "2027-06-30");
    assert_int_equal(iv.inst[1].amount, 1000000);
    assert_day(iv.inst[1].due, "2027-07-01");
    assert_day(iv.inst[1].period_end, "2027-12-31");
    invoice_release(&iv);

    get_invoice(fx, invoice_of(fx, ms, 2027), "2026-12-01", &iv);
    assert_int_equal(iv.ninst, 1);
    assert_int_equal(iv.inst[0].amount, SME_FEE);
    assert_day(iv.inst[0].due, "2027-01-01");
    invoice_release(&iv);

    get_invoice(fx, invoice_of(fx, ma, 2027), "2026-12-01", &iv);
    assert_int_equal(iv.ninst, 2);
    assert_int_equal(iv.inst[0].amount + iv.inst[1].amount, 1500000);
    invoice_release(&iv);

    get_invoice(fx, invoice_of(fx, mb, 2027), "2026-12-01", &iv);
    assert_int_equal(iv.ninst, 1);
    assert_int_equal(iv.total, 1499999);
    invoice_release(&iv);

    get_invoice(fx, invoice_of(fx, mo, 2027), "2026-12-01", &iv);
    assert_int_equal(iv.ninst, 2);
    assert_int_equal(iv.inst[0].amount, 1000001);
    assert_int_equal(iv.inst[1].amount, 1000000);
    assert_int_equal(iv.total, 2000001);
    invoice_release(&iv);
}

static void
test_dues__prorata_joiners_and_who_is_billed(void **state)
{
    struct fx *fx = *state;
    int64_t big = add_tier(fx, &fx->sa, "Big", 2400000, false);
    int64_t mid = add_tier(fx, &fx->sa, "Mid", 1200000, false);
    /* Joins in April: 9 months of 12, one instalment due on joining. */
    int64_t m1 = add_member(fx, &fx->sa, "April AB", mid, "2027-04-15");
    /* Joins in March with a fee above the threshold: March..June of the
     * first half due on joining, the second half on 1 July. */
    int64_t m2 = add_member(fx, &fx->sa, "March AB", big, "2027-03-10");
    /* Joins in the second half: one instalment for its months. */
    int64_t m3 = add_member(fx, &fx->sa, "Sept AB", big, "2027-09-01");
    /* Not billed: joins after the year, or an applicant. */
    int64_t m4 = add_member(fx, &fx->sa, "Next Year AB", big, "2028-01-01");
    int64_t m5 = add_member(fx, &fx->sa, "Applicant AB", big, "");
    assert_int_equal(generate(fx, &fx->sa, 2027, "2027-09-01"), 3);

    struct invoice iv;
    get_invoice(fx, invoice_of(fx, m1, 2027), "2027-09-01", &iv);
    assert_int_equal(iv.ninst, 1);
    assert_int_equal(iv.total, 900000);
    assert_day(iv.inst[0].due, "2027-04-15");
    assert_day(iv.inst[0].period_start, "2027-04-01");
    invoice_release(&iv);

    get_invoice(fx, invoice_of(fx, m2, 2027), "2027-09-01", &iv);
    assert_int_equal(iv.ninst, 2);
    assert_int_equal(iv.inst[0].amount, 800000);
    assert_day(iv.inst[0].due, "2027-03-10");
    assert_int_equal(iv.inst[1].amount, 1200000);
    assert_day(iv.inst[1].due, "2027-07-01");
    assert_int_equal(iv.total, 2000000);
    invoice_release(&iv);

    get_invoice(fx, invoice_of(fx, m3, 2027), "2027-09-01", &iv);
    assert_int_equal(iv.ninst, 1);
    assert_int_equal(iv.total, 800000);
    assert_day(iv.inst[0].due, "2027-09-01");
    invoice_release(&iv);

    assert_int_equal(invoice_of(fx, m4, 2027), 0);
    assert_int_equal(invoice_of(fx, m5, 2027), 0);
}

static void
test_dues__ended_member_and_tier_history(void **state)
{
    struct fx *fx = *state;
    struct err e = ERR_INIT;
    int64_t gone = add_member(fx, &fx->sa, "Gone AB", fx->large, "2025-01-01");
    assert_int_equal(
        membership_store_end(fx->st, &fx->sa, gone, "2027-01-01", "moved", &e),
        STORE_ONE);
    /* Moved to SME from 2027: the year is billed at the SME fee. */
    int64_t moved =
        add_member(fx, &fx->sa, "Moved AB", fx->large, "2025-01-01");
    assert_int_equal(membership_store_change_tier(fx->st, &fx->sa, moved,
                                                  fx->sme, "2027-01-01", &e),
                     STORE_ONE);
    assert_int_equal(generate(fx, &fx->sa, 2026, "2026-01-01"), 2);
    assert_int_equal(generate(fx, &fx->sa, 2027, "2027-01-01"), 1);
    assert_int_equal(invoice_of(fx, gone, 2027), 0);
    struct invoice iv;
    get_invoice(fx, invoice_of(fx, moved, 2026), "2027-01-01", &iv);
    assert_int_equal(iv.total, LARGE_FEE);
    invoice_release(&iv);
    get_invoice(fx, invoice_of(fx, moved, 2027), "2027-01-01", &iv);
    assert_int_equal(iv.total, SME_FEE);
    assert_string_equal(iv.tier_name, "SME");
    invoice_release(&iv);
}

static void
test_dues__bad_year_or_day_refused(void **state)
{
    struct fx *fx = *state;
    struct err e = ERR_INIT;
    int64_t n = 7;
    assert_int_equal(
        dues_store_generate(fx->st, &fx->sa, 20270, "2027-01-01", &n, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, "year");
    err_clear(&e);
    assert_int_equal(
        dues_store_generate(fx->st, &fx->sa, 2027, "2027-13-01", &n, &e), -1);
    assert_string_equal(e.field, "today");
    assert_int_equal(n, 7);
}

/* ---- payments ---- */

static void
test_payment__partial_then_paid(void **state)
{
    struct fx *fx = *state;
    struct err e = ERR_INIT;
    int64_t m = add_member(fx, &fx->sa, "Acme AB", fx->sme, "2025-01-01");
    generate(fx, &fx->sa, 2027, "2026-12-01");
    int64_t id = invoice_of(fx, m, 2027);
    assert_int_equal(pay(fx, &fx->sa, id, "2026-12-20", 200000, &e), 0);

    struct invoice iv;
    get_invoice(fx, id, "2026-12-21", &iv);
    assert_int_equal(iv.paid, 200000);
    assert_int_equal(iv.status, INVOICE_PARTLY_PAID);
    invoice_release(&iv);
    /* On a day before the payment nothing was paid yet. */
    get_invoice(fx, id, "2026-12-19", &iv);
    assert_int_equal(iv.paid, 0);
    assert_int_equal(iv.status, INVOICE_OPEN);
    invoice_release(&iv);

    assert_int_equal(pay(fx, &fx->sa, id, "2027-01-05", 300000, &e), 0);
    get_invoice(fx, id, "2027-01-05", &iv);
    assert_int_equal(iv.paid, SME_FEE);
    assert_int_equal(iv.status, INVOICE_PAID);
    assert_int_equal(iv.overdue_amount, 0);
    invoice_release(&iv);
    /* Between the payments: the rest was past due on 1 January. */
    get_invoice(fx, id, "2027-01-03", &iv);
    assert_int_equal(iv.status, INVOICE_OVERDUE);
    assert_int_equal(iv.overdue_amount, 300000);
    assert_day(iv.unpaid_since, "2027-01-01");
    invoice_release(&iv);

    struct payment *ps = NULL;
    size_t n = 0;
    assert_int_equal(invoice_store_payments(fx->st, fx->a.id, id, &ps, &n, &e),
                     0);
    assert_int_equal(n, 2);
    assert_string_equal(ps[0].paid_on, "2026-12-20");
    assert_int_equal(ps[1].amount, 300000);
    assert_string_equal(ps[1].method, "bank_transfer");
    for (size_t i = 0; i < n; i++)
        payment_release(&ps[i]);
    free(ps);

    struct audit_list al = { 0 };
    assert_int_equal(
        audit_store_list(fx->st, fx->a.id, "invoice", id, 0, 10, &al, &e), 0);
    assert_int_equal(al.n, 2);
    assert_string_equal(al.items[0].action, "payment");
    audit_list_release(&al);
}

static void
test_payment__overpayment_refused_nothing_changed(void **state)
{
    struct fx *fx = *state;
    struct err e = ERR_INIT;
    int64_t m = add_member(fx, &fx->sa, "Acme AB", fx->sme, "2025-01-01");
    generate(fx, &fx->sa, 2027, "2026-12-01");
    int64_t id = invoice_of(fx, m, 2027);
    assert_int_equal(pay(fx, &fx->sa, id, "2027-01-02", 200000, &e), 0);
    assert_int_equal(pay(fx, &fx->sa, id, "2027-01-03", 300001, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, "amount");
    assert_non_null(strstr(e.msg, "3,000.00 EUR"));
    struct payment *ps = NULL;
    size_t n = 0;
    assert_int_equal(invoice_store_payments(fx->st, fx->a.id, id, &ps, &n, &e),
                     0);
    assert_int_equal(n, 1);
    payment_release(&ps[0]);
    free(ps);
    /* Exactly the rest is fine; then nothing is left to pay. */
    err_clear(&e);
    assert_int_equal(pay(fx, &fx->sa, id, "2027-01-03", 300000, &e), 0);
    assert_int_equal(pay(fx, &fx->sa, id, "2027-01-04", 1, &e), -1);
    assert_string_equal(e.field, "amount");
}

static void
test_payment__validation_names_the_field(void **state)
{
    (void)state;
    struct payment p;
    struct err e = ERR_INIT;
    payment_init(&p);
    free(p.paid_on);
    p.paid_on = strdup(" 2027-01-02 ");
    free(p.method);
    p.method = strdup("card");
    p.amount = 100;
    assert_int_equal(payment_validate(&p, "2027-01-02", &e), 0);
    assert_string_equal(p.paid_on, "2027-01-02");
    assert_int_equal(payment_validate(&p, "2027-01-01", &e), -1);
    assert_string_equal(e.field, "paid_on");
    err_clear(&e);
    p.amount = 0;
    assert_int_equal(payment_validate(&p, "2027-01-02", &e), -1);
    assert_string_equal(e.field, "amount");
    err_clear(&e);
    p.amount = 100;
    free(p.method);
    p.method = strdup("bitcoin");
    assert_int_equal(payment_validate(&p, "2027-01-02", &e), -1);
    assert_string_equal(e.field, "method");
    err_clear(&e);
    free(p.method);
    p.method = strdup("cash");
    free(p.reference);
    p.reference = calloc(1, 202);
    memset(p.reference, 'x', 201);
    assert_int_equal(payment_validate(&p, "2027-01-02", &e), -1);
    assert_string_equal(e.field, "reference");
    payment_release(&p);
    assert_string_equal(payment_method_label("bank_transfer"), "Bank transfer");
    const char *const *names = payment_methods();
    size_t n = 0;
    while (names[n])
        n++;
    assert_int_equal(n, 4);
}

/* ---- credit notes ---- */

static void
test_credit__cancels_and_numbering_continues(void **state)
{
    struct fx *fx = *state;
    struct err e = ERR_INIT;
    int64_t m1 = add_member(fx, &fx->sa, "Acme AB", fx->sme, "2025-01-01");
    add_member(fx, &fx->sa, "Brio Oy", fx->sme, "2025-01-01");
    assert_int_equal(generate(fx, &fx->sa, 2027, "2026-12-01"), 2);
    int64_t id = invoice_of(fx, m1, 2027);
    int64_t cn = 0;
    assert_int_equal(invoice_store_credit(fx->st, &fx->sa, id, "2026-12-05",
                                          " Wrong tier ", &cn, &e),
                     0);
    assert_true(cn > 0);

    struct invoice iv;
    get_invoice(fx, id, "2027-03-01", &iv);
    assert_int_equal(iv.status, INVOICE_CANCELLED);
    assert_int_equal(iv.credited_by, cn);
    assert_int_equal(iv.overdue_amount, 0);
    invoice_release(&iv);
    get_invoice(fx, cn, "2027-03-01", &iv);
    assert_int_equal(iv.kind, INVOICE_KIND_CREDIT_NOTE);
    assert_int_equal(iv.number, 3);
    assert_int_equal(iv.credits, id);
    assert_int_equal(iv.total, -SME_FEE);
    assert_string_equal(iv.reason, "Wrong tier");
    assert_string_equal(iv.issued_on, "2026-12-05");
    invoice_release(&iv);

    /* Cancelling again, or a credit note, is a conflict; nothing new. */
    assert_int_equal(invoice_store_credit(fx->st, &fx->sa, id, "2026-12-06",
                                          "again", &cn, &e),
                     -1);
    assert_int_equal(e.code, ERR_CONFLICT);
    err_clear(&e);
    assert_int_equal(
        invoice_store_credit(fx->st, &fx->sa, cn, "2026-12-06", "", NULL, &e),
        -1);
    assert_int_equal(e.code, ERR_CONFLICT);
    err_clear(&e);
    /* Nor does a cancelled invoice or a credit note take payments. */
    assert_int_equal(pay(fx, &fx->sa, id, "2026-12-06", 100, &e), -1);
    assert_int_equal(e.code, ERR_CONFLICT);
    err_clear(&e);
    assert_int_equal(pay(fx, &fx->sa, cn, "2026-12-06", 100, &e), -1);
    assert_int_equal(e.code, ERR_CONFLICT);

    /* The cancelled invoice still counts for the year: nothing new. */
    assert_int_equal(generate(fx, &fx->sa, 2027, "2026-12-07"), 0);
    assert_int_equal(generate(fx, &fx->sa, 2028, "2027-12-01"), 2);
    struct invoice_list l;
    list_all(fx, fx->a.id, "2027-12-01", &l);
    assert_int_equal(l.n, 5);
    for (size_t i = 0; i < l.n; i++)
        assert_int_equal(l.items[i].number, (int64_t)i + 1);
    /* Credit notes are left out unless asked for. */
    invoice_list_release(&l);
    struct invoice_filter f = { .status = -1, .limit = -1 };
    memset(&l, 0, sizeof(l));
    assert_int_equal(
        invoice_store_list(fx->st, fx->a.id, &f, "2027-12-01", &l, &e), 0);
    assert_int_equal(l.total, 4);
    invoice_list_release(&l);
    f.status = INVOICE_CANCELLED;
    memset(&l, 0, sizeof(l));
    assert_int_equal(
        invoice_store_list(fx->st, fx->a.id, &f, "2027-12-01", &l, &e), 0);
    assert_int_equal(l.total, 1);
    assert_int_equal(l.items[0].id, id);
    invoice_list_release(&l);
}

/* ---- lists ---- */

static void
test_invoice__overdue_list_on_a_later_day(void **state)
{
    struct fx *fx = *state;
    struct err e = ERR_INIT;
    int64_t ml = add_member(fx, &fx->sa, "Large AB", fx->large, "2025-01-01");
    int64_t ms = add_member(fx, &fx->sa, "Small AB", fx->sme, "2025-01-01");
    int64_t mp = add_member(fx, &fx->sa, "Payer AB", fx->sme, "2025-01-01");
    generate(fx, &fx->sa, 2027, "2026-12-01");
    int64_t il = invoice_of(fx, ml, 2027), is = invoice_of(fx, ms, 2027),
            ip = invoice_of(fx, mp, 2027);
    assert_int_equal(pay(fx, &fx->sa, ip, "2026-12-30", SME_FEE, &e), 0);
    assert_int_equal(pay(fx, &fx->sa, il, "2027-03-01", 1000000, &e), 0);

    struct invoice_filter f = { .status = INVOICE_OVERDUE,
                                .limit = -1,
                                .sort = INVOICE_SORT_DAYS_OVERDUE,
                                .desc = true };
    struct invoice_list l = { 0 };
    /* Due on 1 January is not past due on that day. */
    assert_int_equal(
        invoice_store_list(fx->st, fx->a.id, &f, "2027-01-01", &l, &e), 0);
    assert_int_equal(l.total, 0);
    invoice_list_release(&l);

    /* On 2 February: Large (first half) and Small, both since 1 Jan. */
    assert_int_equal(
        invoice_store_list(fx->st, fx->a.id, &f, "2027-02-02", &l, &e), 0);
    assert_int_equal(l.total, 2);
    assert_int_equal(l.sum_overdue, 1000000 + SME_FEE);
    assert_int_equal(l.items[0].id, il); /* same days: by number */
    assert_int_equal(l.items[1].id, is);
    assert_day(l.items[0].unpaid_since, "2027-01-01");
    invoice_list_release(&l);

    /* On 2 March Large paid its first half; on 2 July its second is due:
     * Small since January is the most overdue. */
    assert_int_equal(
        invoice_store_list(fx->st, fx->a.id, &f, "2027-07-02", &l, &e), 0);
    assert_int_equal(l.total, 2);
    assert_int_equal(l.items[0].id, is);
    assert_int_equal(l.items[1].id, il);
    assert_day(l.items[1].unpaid_since, "2027-07-01");
    assert_int_equal(l.items[1].overdue_amount, 1000000);
    assert_int_equal(l.items[1].status, INVOICE_OVERDUE);
    assert_int_equal(l.sum_paid, 1000000);
    invoice_list_release(&l);

    /* Paged: one per page, the sums over all matches. */
    f.limit = 1;
    f.offset = 1;
    assert_int_equal(
        invoice_store_list(fx->st, fx->a.id, &f, "2027-07-02", &l, &e), 0);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.total, 2);
    assert_int_equal(l.items[0].id, il);
    assert_int_equal(l.sum_overdue, 1000000 + SME_FEE);
    invoice_list_release(&l);

    /* Paid and partly paid lists, a search by name and by number. */
    struct invoice_filter g = { .status = INVOICE_PAID, .limit = -1 };
    assert_int_equal(
        invoice_store_list(fx->st, fx->a.id, &g, "2027-03-01", &l, &e), 0);
    assert_int_equal(l.total, 1);
    assert_int_equal(l.items[0].id, ip);
    invoice_list_release(&l);
    g.status = INVOICE_PARTLY_PAID;
    assert_int_equal(
        invoice_store_list(fx->st, fx->a.id, &g, "2027-03-01", &l, &e), 0);
    assert_int_equal(l.total, 1);
    assert_int_equal(l.items[0].id, il);
    invoice_list_release(&l);
    struct invoice_filter q = { .status = -1, .limit = -1, .q = "small" };
    assert_int_equal(
        invoice_store_list(fx->st, fx->a.id, &q, "2027-03-01", &l, &e), 0);
    assert_int_equal(l.total, 1);
    assert_int_equal(l.items[0].id, is);
    invoice_list_release(&l);
    struct invoice iv;
    get_invoice(fx, ip, "2027-03-01", &iv);
    char num[24];
    snprintf(num, sizeof(num), "%lld", (long long)iv.number);
    invoice_release(&iv);
    q.q = num;
    assert_int_equal(
        invoice_store_list(fx->st, fx->a.id, &q, "2027-03-01", &l, &e), 0);
    assert_int_equal(l.total, 1);
    assert_int_equal(l.items[0].id, ip);
    invoice_list_release(&l);
    /* Sorted by total, highest first. */
    struct invoice_filter t = {
        .status = -1, .limit = -1, .sort = INVOICE_SORT_TOTAL, .desc = true
    };
    assert_int_equal(
        invoice_store_list(fx->st, fx->a.id, &t, "2027-03-01", &l, &e), 0);
    assert_int_equal(l.items[0].id, il);
    assert_int_equal(l.sum_total, LARGE_FEE + 2 * SME_FEE);
    invoice_list_release(&l);
}

/* ---- tenancy ---- */

static void
test_tenancy__other_clusters_invoices_not_found(void **state)
{
    struct fx *fx = *state;
    struct err e = ERR_INIT;
    int64_t tb = add_tier(fx, &fx->sb, "Beta fee", SME_FEE, false);
    add_member(fx, &fx->sb, "Beta AB", tb, "2025-01-01");
    assert_int_equal(generate(fx, &fx->sb, 2027, "2026-12-01"), 1);
    /* Alpha has nothing: its generation finds no one of Beta's. */
    assert_int_equal(generate(fx, &fx->sa, 2027, "2026-12-01"), 0);
    struct invoice_list l;
    list_all(fx, fx->b.id, "2027-01-01", &l);
    assert_int_equal(l.n, 1);
    int64_t bid = l.items[0].id;
    invoice_list_release(&l);
    list_all(fx, fx->a.id, "2027-01-01", &l);
    assert_int_equal(l.n, 0);
    assert_int_equal(l.sum_total, 0);
    invoice_list_release(&l);

    struct invoice iv;
    invoice_init(&iv);
    assert_int_equal(
        invoice_store_get(fx->st, fx->a.id, bid, "2027-01-01", &iv, &e),
        STORE_NONE);
    invoice_release(&iv);
    assert_int_equal(pay(fx, &fx->sa, bid, "2027-01-01", 100, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    err_clear(&e);
    assert_int_equal(
        invoice_store_credit(fx->st, &fx->sa, bid, "2027-01-01", "", NULL, &e),
        -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    err_clear(&e);
    struct payment *ps = NULL;
    size_t n = 9;
    assert_int_equal(pay(fx, &fx->sb, bid, "2027-01-01", 100, &e), 0);
    assert_int_equal(invoice_store_payments(fx->st, fx->a.id, bid, &ps, &n, &e),
                     0);
    assert_int_equal(n, 0);
    free(ps);

    struct fee_book b;
    fee_book_init(&b);
    assert_int_equal(fee_book_store_load(fx->st, fx->a.id, &b, &e), 0);
    assert_int_equal(b.nmembers, 0);
    assert_int_equal(b.ninvoices, 0);
    assert_int_equal(b.npayments, 0);
    assert_int_equal(b.ntiers, 3);
    fee_book_release(&b);

    /* Beta's own numbering starts at 1 too. */
    assert_int_equal(generate(fx, &fx->sa, 2027, "2026-12-01"), 0);
    add_member(fx, &fx->sa, "Alpha AB", fx->sme, "2025-01-01");
    assert_int_equal(generate(fx, &fx->sa, 2027, "2026-12-01"), 1);
    list_all(fx, fx->a.id, "2027-01-01", &l);
    assert_int_equal(l.items[0].number, 1);
    invoice_list_release(&l);
}

/* ---- concurrency ---- */

struct runner {
    const char *path;
    struct scope sc;
    int year;
    int rc;
    int64_t created;
    struct err e;
};

static void *
run_generate(void *v)
{
    struct runner *r = v;
    struct store *st = NULL;
    r->rc = store_open(r->path, &st, &r->e);
    if (!r->rc)
        r->rc = dues_store_generate(st, &r->sc, r->year, "2026-12-01",
                                    &r->created, &r->e);
    store_close(st);
    return NULL;
}

/* Number count, lowest, highest, distinct; and (membership, year)
 * pairs billed more than once. */
static void
check_numbers(struct fx *fx, int64_t want)
{
    sqlite3 *db;
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
    assert_int_equal(
        sqlite3_prepare_v2(db,
                           "SELECT count(*), min(number), max(number),"
                           " count(DISTINCT number) FROM invoice"
                           " WHERE cluster_id = ?1",
                           -1, &s, NULL),
        SQLITE_OK);
    sqlite3_bind_int64(s, 1, fx->a.id);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int64(s, 0), want);
    assert_int_equal(sqlite3_column_int64(s, 1), 1);
    assert_int_equal(sqlite3_column_int64(s, 2), want);
    assert_int_equal(sqlite3_column_int64(s, 3), want);
    sqlite3_finalize(s);
    assert_int_equal(
        sqlite3_prepare_v2(db,
                           "SELECT count(*) FROM (SELECT 1 FROM invoice"
                           " WHERE kind = 'invoice' GROUP BY membership_id,"
                           " fiscal_year HAVING count(*) > 1)",
                           -1, &s, NULL),
        SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int64(s, 0), 0);
    sqlite3_finalize(s);
    assert_int_equal(
        sqlite3_prepare_v2(db,
                           "SELECT last_number FROM invoice_counter"
                           " WHERE cluster_id = ?1",
                           -1, &s, NULL),
        SQLITE_OK);
    sqlite3_bind_int64(s, 1, fx->a.id);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int64(s, 0), want);
    sqlite3_finalize(s);
    sqlite3_close(db);
}

#define CONCURRENT_MEMBERS 300

static void
add_many(struct fx *fx)
{
    char name[64];
    for (int i = 0; i < CONCURRENT_MEMBERS; i++) {
        snprintf(name, sizeof(name), "Member %03d", i);
        add_member(fx, &fx->sa, name, i % 2 ? fx->large : fx->sme,
                   "2025-06-01");
    }
}

static void
run_two(struct fx *fx, int year1, int year2, struct runner r[2])
{
    pthread_t t[2];
    r[0] = (struct runner){ fx->path, fx->sa, year1, -1, 0, ERR_INIT };
    r[1] = (struct runner){ fx->path, fx->sa, year2, -1, 0, ERR_INIT };
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_create(&t[i], NULL, run_generate, &r[i]), 0);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    for (int i = 0; i < 2; i++)
        if (r[i].rc)
            fail_msg("runner %d: %s", i, r[i].e.msg);
}

static void
test_dues__concurrent_same_year_gapless(void **state)
{
    struct fx *fx = *state;
    add_many(fx);
    struct runner r[2];
    run_two(fx, 2027, 2027, r);
    assert_int_equal(r[0].created + r[1].created, CONCURRENT_MEMBERS);
    check_numbers(fx, CONCURRENT_MEMBERS);
}

static void
test_dues__concurrent_two_years_gapless(void **state)
{
    struct fx *fx = *state;
    add_many(fx);
    struct runner r[2];
    run_two(fx, 2027, 2028, r);
    assert_int_equal(r[0].created, CONCURRENT_MEMBERS);
    assert_int_equal(r[1].created, CONCURRENT_MEMBERS);
    check_numbers(fx, 2 * CONCURRENT_MEMBERS);
    /* And a credit note in between keeps the sequence. */
    struct err e = ERR_INIT;
    int64_t cn;
    struct invoice_list l;
    list_all(fx, fx->a.id, "2027-01-01", &l);
    assert_int_equal(invoice_store_credit(fx->st, &fx->sa, l.items[0].id,
                                          "2027-01-01", "test", &cn, &e),
                     0);
    invoice_list_release(&l);
    check_numbers(fx, 2 * CONCURRENT_MEMBERS + 1);
}

/* ---- renewals and the fee book ---- */

static void
test_renewal__listed_until_invoiced(void **state)
{
    struct fx *fx = *state;
    struct err e = ERR_INIT;
    add_member(fx, &fx->sa, "Acme AB", fx->large, "2025-05-10");
    add_member(fx, &fx->sa, "Brio Oy", fx->sme, "2027-01-01");
    add_member(fx, &fx->sa, "City Library", fx->assoc, "2025-01-01");
    struct renewal *r = NULL;
    size_t n = 0;
    assert_int_equal(renewal_store_list(fx->st, fx->a.id, "2026-12-01",
                                        "2027-01-31", &r, &n, &e),
                     0);
    /* Brio joins on the first day: a new member, not a renewal. */
    assert_int_equal(n, 1);
    assert_string_equal(r[0].org_name, "Acme AB");
    assert_string_equal(r[0].renews_on, "2027-01-01");
    assert_int_equal(r[0].annual_fee, LARGE_FEE);
    assert_int_equal(r[0].fiscal_year, 2027);
    for (size_t i = 0; i < n; i++)
        renewal_release(&r[i]);
    free(r);
    generate(fx, &fx->sa, 2027, "2026-12-15");
    assert_int_equal(renewal_store_list(fx->st, fx->a.id, "2026-12-01",
                                        "2027-01-31", &r, &n, &e),
                     0);
    assert_int_equal(n, 0);
    free(r);
    assert_int_equal(renewal_store_list(fx->st, fx->a.id, "2027-01-31",
                                        "2026-12-01", &r, &n, &e),
                     -1);
    assert_string_equal(e.field, "to");
}

static void
test_fee_book__loads_members_invoices_payments(void **state)
{
    struct fx *fx = *state;
    struct err e = ERR_INIT;
    int64_t ml = add_member(fx, &fx->sa, "Large AB", fx->large, "2025-01-01");
    int64_t ms = add_member(fx, &fx->sa, "Small AB", fx->sme, "2025-06-01");
    add_member(fx, &fx->sa, "City Library", fx->assoc, "2025-01-01");
    add_member(fx, &fx->sa, "Applicant AB", fx->sme, "");
    assert_int_equal(generate(fx, &fx->sa, 2025, "2025-06-01"), 2);
    assert_int_equal(generate(fx, &fx->sa, 2026, "2025-12-01"), 2);
    int64_t l25 = invoice_of(fx, ml, 2025), s26 = invoice_of(fx, ms, 2026);
    assert_int_equal(pay(fx, &fx->sa, l25, "2025-08-01", 700000, &e), 0);
    assert_int_equal(pay(fx, &fx->sa, l25, "2025-02-01", 1000000, &e), 0);
    assert_int_equal(invoice_store_credit(fx->st, &fx->sa, s26, "2026-01-02",
                                          "left", NULL, &e),
                     0);

    struct fee_book b;
    fee_book_init(&b);
    assert_int_equal(fee_book_store_load(fx->st, fx->a.id, &b, &e), 0);
    assert_int_equal(b.nmembers, 4);
    assert_int_equal(b.ninvoices, 4); /* the credit note is not one */
    assert_int_equal(b.ninst, 2 + 2 + 1 + 1);
    assert_int_equal(b.npayments, 2);
    assert_int_equal(b.ntiers, 3);
    assert_string_equal(b.tiers[0].name, "Large enterprise");

    const struct book_member *m = &b.members[0];
    assert_int_equal(m->id, ml);
    assert_string_equal(b.tiers[m->tier].name, "Large enterprise");
    assert_int_equal(m->annual_fee, LARGE_FEE);
    assert_day(m->joined, "2025-01-01");
    assert_int_equal(m->ended, 0);
    assert_int_equal(m->ninvoices, 2);
    const struct book_invoice *iv = &b.invoices[m->first_invoice];
    assert_int_equal(iv->id, l25);
    assert_int_equal(iv->fiscal_year, 2025);
    assert_int_equal(iv->ninst, 2);
    assert_day(b.inst[iv->first_inst].due, "2025-01-01");
    assert_day(b.inst[iv->first_inst + 1].due, "2025-07-01");
    assert_int_equal(iv->npayments, 2);
    assert_day(b.payments[iv->first_payment].paid_on, "2025-02-01");
    assert_int_equal(b.payments[iv->first_payment + 1].amount, 700000);
    assert_int_equal(b.invoices[m->first_invoice + 1].fiscal_year, 2026);

    m = &b.members[1];
    assert_int_equal(m->id, ms);
    assert_int_equal(m->ninvoices, 2);
    /* Joined in June 2025: seven months of the SME fee. */
    iv = &b.invoices[m->first_invoice];
    assert_int_equal(b.inst[iv->first_inst].amount, SME_FEE * 7 / 12 + 1);
    assert_false(iv->cancelled);
    assert_true(b.invoices[m->first_invoice + 1].cancelled);
    assert_true(b.members[2].associate);
    assert_int_equal(b.members[2].ninvoices, 0);
    assert_int_equal(b.members[3].joined, 0);
    /* Slices cover the arrays without gaps. */
    size_t next = 0;
    for (size_t i = 0; i < b.nmembers; i++) {
        assert_int_equal(b.members[i].first_invoice, next);
        next += b.members[i].ninvoices;
    }
    next = 0;
    for (size_t i = 0; i < b.ninvoices; i++) {
        assert_int_equal(b.invoices[i].first_inst, next);
        next += b.invoices[i].ninst;
    }
    assert_int_equal(next, b.ninst);
    fee_book_release(&b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)
        T(test_dues__second_run_creates_nothing),
        T(test_dues__associate_gets_no_invoice),
        T(test_dues__instalments_by_threshold),
        T(test_dues__prorata_joiners_and_who_is_billed),
        T(test_dues__ended_member_and_tier_history),
        T(test_dues__bad_year_or_day_refused),
        T(test_payment__partial_then_paid),
        T(test_payment__overpayment_refused_nothing_changed),
        cmocka_unit_test(test_payment__validation_names_the_field),
        T(test_credit__cancels_and_numbering_continues),
        T(test_invoice__overdue_list_on_a_later_day),
        T(test_tenancy__other_clusters_invoices_not_found),
        T(test_dues__concurrent_same_year_gapless),
        T(test_dues__concurrent_two_years_gapless),
        T(test_renewal__listed_until_invoiced),
        T(test_fee_book__loads_members_invoices_payments),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
