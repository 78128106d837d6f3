/*
 * Tests of src/io/membership_json.c: the API's member names for tiers,
 * memberships, invoices, payments, target plans and the dashboard; what
 * input is refused, with which field named; and that a refused body
 * changes nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/err.h"
#include "base/mem.h"
#include "io/membership_json.h"
#include "io/org_json.h"
#include "test_day.h"

static json_t *
parse(const char *s)
{
    struct err err = ERR_INIT;
    json_t *j = json_body_parse(s, strlen(s), &err);
    if (!j)
        fail_msg("json_body_parse: %s", err.msg);
    return j;
}


/* What a writer made, read back by jansson as a client would. */
static json_t *
reread(struct buf *b)
{
    json_error_t jerr;
    json_t *j = json_loads(b->s, 0, &jerr);
    if (!j)
        fail_msg("writer made invalid JSON (%s): %s", jerr.text, b->s);
    buf_release(b);
    return j;
}

static int64_t
int_at(const json_t *j, const char *key)
{
    const json_t *v = json_object_get(j, key);
    if (!json_is_integer(v))
        fail_msg("%s is not an integer", key);
    return (int64_t)json_integer_value(v);
}

static const char *
str_at(const json_t *j, const char *key)
{
    const json_t *v = json_object_get(j, key);
    if (!json_is_string(v))
        fail_msg("%s is not a string", key);
    return json_string_value(v);
}

static int
tier_apply(struct tier *t, const char *s, bool require_all, struct err *err)
{
    json_t *j = parse(s);
    int rc = tier_from_json(j, t, require_all, err);
    json_decref(j);
    return rc;
}

static void
test_membership_json__tier_round_trip_keeps_every_field(void **state)
{
    (void)state;
    struct tier t, back;
    struct err err = ERR_INIT;
    struct buf b = BUF_INIT;
    struct jsonw w;
    tier_init(&t);
    tier_init(&back);
    org_set_str(&t.name, "Велике підприємство");
    org_set_str(&t.description, "Board seat; två evenemang");
    t.id = 7;
    t.annual_fee = 2000000;
    t.kinds = (1u << ORG_KIND_LARGE) | (1u << ORG_KIND_PUBLIC);
    t.active = false;
    t.members = 3;

    jsonw_init(&w, &b);
    tier_write_json(&w, &t, "UAH");
    json_t *j = reread(&b);
    assert_int_equal(int_at(j, "id"), 7);
    assert_string_equal(str_at(j, "currency"), "UAH");
    assert_int_equal(int_at(j, "members"), 3);
    assert_int_equal(json_array_size(json_object_get(j, "kinds")), 2);
    assert_string_equal(
        json_string_value(json_array_get(json_object_get(j, "kinds"), 0)),
        "large");
    /* What the API sends can be sent back: read-only members ignored. */
    assert_int_equal(tier_from_json(j, &back, true, &err), 0);
    assert_string_equal(back.name, t.name);
    assert_string_equal(back.description, t.description);
    assert_int_equal(back.annual_fee, t.annual_fee);
    assert_int_equal(back.kinds, t.kinds);
    assert_false(back.active);
    assert_false(back.associate);
    assert_int_equal(back.id, 0);
    json_decref(j);
    tier_release(&t);
    tier_release(&back);
}

static void
test_membership_json__tier_create_needs_name_and_fee(void **state)
{
    (void)state;
    struct tier t;
    struct err err = ERR_INIT;
    tier_init(&t);

    assert_int_equal(tier_apply(&t, "{\"annual_fee\": 100}", true, &err), -1);
    assert_string_equal(err.field, "name");
    err_clear(&err);
    assert_int_equal(tier_apply(&t, "{\"name\": \"SME\"}", true, &err), -1);
    assert_int_equal(err.code, ERR_INVALID);
    assert_string_equal(err.field, "annual_fee");
    assert_string_equal(t.name, "");
    err_clear(&err);
    /* An associate tier is free: no fee needed. */
    assert_int_equal(
        tier_apply(&t, "{\"name\": \"Associate\", \"associate\": true}", true,
                   &err),
        0);
    assert_true(t.associate);
    assert_int_equal(t.annual_fee, 0);
    tier_release(&t);
}

static void
test_membership_json__tier_wrong_types_name_the_member(void **state)
{
    (void)state;
    static const struct {
        const char *body;
        const char *field;
    } CASES[] = {
        { "{\"name\": \"A\", \"annual_fee\": \"1500\"}", "annual_fee" },
        { "{\"name\": \"A\", \"annual_fee\": -1}", "annual_fee" },
        { "{\"name\": \"A\", \"annual_fee\": 1.5}", "annual_fee" },
        { "{\"name\": \"A\", \"annual_fee\": 1000000000000001}", "annual_fee" },
        { "{\"name\": \"A\", \"annual_fee\": 1, \"kinds\": [\"giant\"]}",
          "kinds" },
        { "{\"name\": \"A\", \"annual_fee\": 1, \"kinds\": 3}", "kinds" },
        { "{\"name\": \"A\", \"annual_fee\": 1, \"active\": \"yes\"}",
          "active" },
        { "{\"name\": null, \"annual_fee\": 1}", "name" },
        { "{\"name\": \"A\", \"annual_fee\": 1, \"colour\": 1}", "colour" },
        { "{\"name\": \"A\", \"annual_fee\": 1, \"cluster_id\": 2}",
          "cluster_id" },
    };
    for (size_t i = 0; i < ARRAY_SIZE(CASES); i++) {
        struct tier t;
        struct err err = ERR_INIT;
        tier_init(&t);
        org_set_str(&t.name, "Before");
        if (tier_apply(&t, CASES[i].body, true, &err) != -1)
            fail_msg("accepted %s", CASES[i].body);
        assert_int_equal(err.code, ERR_INVALID);
        assert_string_equal(err.field, CASES[i].field);
        assert_string_equal(t.name, "Before");
        tier_release(&t);
    }
}

static void
test_membership_json__tier_partial_update_keeps_the_rest(void **state)
{
    (void)state;
    struct tier t;
    struct err err = ERR_INIT;
    tier_init(&t);
    org_set_str(&t.name, "SME");
    t.annual_fee = 500000;
    t.kinds = 1u << ORG_KIND_SME;

    assert_int_equal(tier_apply(&t,
                                "{\"annual_fee\": 600000, \"kinds\": "
                                "\"sme, Start-up\"}",
                                false, &err),
                     0);
    assert_string_equal(t.name, "SME");
    assert_int_equal(t.annual_fee, 600000);
    assert_int_equal(t.kinds, (1u << ORG_KIND_SME) | (1u << ORG_KIND_STARTUP));
    assert_true(t.active);
    /* null kinds: meant for any kind. A null name is refused. */
    assert_int_equal(tier_apply(&t, "{\"kinds\": null}", false, &err), 0);
    assert_int_equal(t.kinds, 0);
    assert_int_equal(tier_apply(&t, "{\"name\": null}", false, &err), -1);
    assert_string_equal(err.field, "name");
    assert_string_equal(t.name, "SME");
    tier_release(&t);
}

static void
test_membership_json__membership_body(void **state)
{
    (void)state;
    struct membership m;
    struct err err = ERR_INIT;
    membership_init(&m);

    json_t *j = parse("{\"organisation_id\": 4, \"tier_id\": 2, "
                      "\"joined_on\": \"2027-03-15\", \"note\": \"Åsa\", "
                      "\"status\": \"active\", \"tiers\": []}");
    assert_int_equal(membership_from_json(j, &m, &err), 0);
    json_decref(j);
    assert_int_equal(m.organisation_id, 4);
    assert_int_equal(m.tier_id, 2);
    assert_string_equal(m.joined_on, "2027-03-15");
    assert_string_equal(m.applied_on, "");
    assert_string_equal(m.note, "Åsa");

    static const struct {
        const char *body;
        const char *field;
    } BAD[] = {
        { "{\"tier_id\": 2}", "organisation_id" },
        { "{\"organisation_id\": 4}", "tier_id" },
        { "{\"organisation_id\": 0, \"tier_id\": 2}", "organisation_id" },
        { "{\"organisation_id\": 4, \"tier_id\": \"2\"}", "tier_id" },
        { "{\"organisation_id\": 4, \"tier_id\": 2, \"joined_on\": "
          "\"2027-02-30\"}",
          "joined_on" },
        { "{\"organisation_id\": 4, \"tier_id\": 2, \"applied_on\": "
          "\"15.03.2027\"}",
          "applied_on" },
        { "{\"organisation_id\": 4, \"tier_id\": null}", "tier_id" },
        { "{\"organisation_id\": 4, \"tier_id\": 2, \"fee\": 1}", "fee" },
    };
    for (size_t i = 0; i < ARRAY_SIZE(BAD); i++) {
        err_clear(&err);
        j = parse(BAD[i].body);
        if (membership_from_json(j, &m, &err) != -1)
            fail_msg("accepted %s", BAD[i].body);
        json_decref(j);
        assert_int_equal(err.code, ERR_INVALID);
        assert_string_equal(err.field, BAD[i].field);
        assert_int_equal(m.organisation_id, 4);
        assert_string_equal(m.joined_on, "2027-03-15");
    }
    membership_release(&m);
}

static void
test_membership_json__payment_defaults_stay_when_not_sent(void **state)
{
    (void)state;
    struct payment p;
    struct err err = ERR_INIT;
    payment_init(&p);
    free(p.paid_on);
    p.paid_on = xstrdup("2027-02-01");
    free(p.method);
    p.method = xstrdup("bank_transfer");

    json_t *j = parse("{\"invoice_id\": 9, \"amount\": 50000, "
                      "\"method\": null, \"reference\": \"RF18 5390\"}");
    assert_int_equal(payment_from_json(j, &p, &err), 0);
    json_decref(j);
    assert_int_equal(p.invoice_id, 9);
    assert_int_equal(p.amount, 50000);
    assert_string_equal(p.paid_on, "2027-02-01");
    assert_string_equal(p.method, "bank_transfer");
    assert_string_equal(p.reference, "RF18 5390");

    err_clear(&err);
    j = parse("{\"invoice_id\": 9, \"amount\": \"500.00\"}");
    assert_int_equal(payment_from_json(j, &p, &err), -1);
    json_decref(j);
    assert_string_equal(err.field, "amount");
    err_clear(&err);
    j = parse("{\"amount\": 5}");
    assert_int_equal(payment_from_json(j, &p, &err), -1);
    json_decref(j);
    assert_string_equal(err.field, "invoice_id");
    assert_int_equal(p.amount, 50000);
    payment_release(&p);
}

static void
test_membership_json__target_plan_body(void **state)
{
    (void)state;
    struct target_plan t;
    struct err err = ERR_INIT;
    target_plan_init(&t, 2027);

    json_t *j = parse(
        "{\"fiscal_year\": 2027, \"members\": 25, \"members_by_kind\": "
        "{\"sme\": 20, \"University\": 2}, \"budget\": 9000000, \"income\": "
        "[{\"source\": \"membership_fees\", \"amount\": 4000000}, "
        "{\"source\": \"public_funding\", \"label\": \"Horizon\", "
        "\"amount\": 3000000}, {\"source\": \"events\", \"amount\": 10, "
        "\"private\": false}], \"currency\": \"EUR\"}");
    assert_int_equal(target_plan_from_json(j, &t, &err), 0);
    json_decref(j);
    assert_int_equal(t.fiscal_year, 2027);
    assert_int_equal(t.members, 25);
    assert_int_equal(t.members_by_kind[ORG_KIND_SME], 20);
    assert_int_equal(t.members_by_kind[ORG_KIND_UNIVERSITY], 2);
    assert_int_equal(t.budget, 9000000);
    assert_int_equal(t.nincome, 3);
    assert_int_equal(t.income[0].source, INCOME_MEMBERSHIP_FEES);
    assert_true(t.income[0].is_private);
    assert_string_equal(t.income[1].label, "Horizon");
    assert_false(t.income[1].is_private);
    assert_false(t.income[2].is_private);

    struct buf b = BUF_INIT;
    struct jsonw w;
    jsonw_init(&w, &b);
    target_plan_write_json(&w, &t, "EUR");
    json_t *out = reread(&b);
    assert_int_equal(int_at(out, "income_total"), 7000010);
    assert_int_equal(int_at(json_object_get(out, "members_by_kind"), "sme"),
                     20);
    assert_int_equal(json_object_size(json_object_get(out, "members_by_kind")),
                     2);
    /* The output goes back in as it came out. */
    struct target_plan again;
    target_plan_init(&again, 2027);
    assert_int_equal(target_plan_from_json(out, &again, &err), 0);
    assert_int_equal(again.nincome, 3);
    assert_int_equal(again.budget, 9000000);
    target_plan_release(&again);
    json_decref(out);

    static const struct {
        const char *body;
        const char *field;
    } BAD[] = {
        { "{\"members\": -1}", "members" },
        { "{\"budget\": \"lots\"}", "budget" },
        { "{\"members_by_kind\": {\"giants\": 3}}", "members_by_kind" },
        { "{\"members_by_kind\": {\"sme\": 2.5}}", "members_by_kind" },
        { "{\"members_by_kind\": [20]}", "members_by_kind" },
        { "{\"fiscal_year\": 2026}", "fiscal_year" },
        { "{\"income\": {}}", "income" },
        { "{\"income\": [{\"source\": \"events\", \"amount\": 1}, "
          "{\"source\": \"lottery\", \"amount\": 1}]}",
          "income[1].source" },
        { "{\"income\": [{\"source\": \"events\"}]}", "income[0].amount" },
        { "{\"income\": [{\"source\": \"events\", \"amount\": -5}]}",
          "income[0].amount" },
        { "{\"income\": [{\"source\": \"events\", \"amount\": 5, "
          "\"private\": 1}]}",
          "income[0].private" },
        { "{\"income\": [{\"source\": \"events\", \"amount\": 5, "
          "\"label\": 7}]}",
          "income[0].label" },
        { "{\"income\": [{\"source\": \"events\", \"amount\": 5, "
          "\"note\": \"x\"}]}",
          "income[0]" },
        { "{\"income\": [3]}", "income[0]" },
        { "{\"target\": 3}", "target" },
    };
    for (size_t i = 0; i < ARRAY_SIZE(BAD); i++) {
        err_clear(&err);
        j = parse(BAD[i].body);
        if (target_plan_from_json(j, &t, &err) != -1)
            fail_msg("accepted %s", BAD[i].body);
        json_decref(j);
        assert_int_equal(err.code, ERR_INVALID);
        if (strcmp(err.field, BAD[i].field) != 0)
            fail_msg("%s: field %s, not %s", BAD[i].body, err.field,
                     BAD[i].field);
        /* Refused: the plan is as it was. */
        assert_int_equal(t.members, 25);
        assert_int_equal(t.nincome, 3);
    }
    target_plan_release(&t);
}

static void
test_membership_json__put_replaces_the_whole_plan(void **state)
{
    (void)state;
    struct target_plan t;
    struct err err = ERR_INIT;
    target_plan_init(&t, 2027);
    json_t *j = parse("{\"members\": 25, \"income\": [{\"source\": "
                      "\"events\", \"amount\": 1}]}");
    assert_int_equal(target_plan_from_json(j, &t, &err), 0);
    json_decref(j);
    j = parse("{\"budget\": 5}");
    assert_int_equal(target_plan_from_json(j, &t, &err), 0);
    json_decref(j);
    assert_int_equal(t.members, 0);
    assert_int_equal(t.nincome, 0);
    assert_int_equal(t.budget, 5);
    target_plan_release(&t);
}

static void
test_membership_json__invoice_dates_amounts_and_status(void **state)
{
    (void)state;
    struct invoice iv;
    invoice_init(&iv);
    iv.id = 3;
    iv.number = 12;
    iv.membership_id = 5;
    iv.organisation_id = 6;
    iv.fiscal_year = 2027;
    iv.total = 2000000;
    iv.paid = 400000;
    iv.ninst = 2;
    iv.inst[0] = (struct instalment){ day("2027-01-01"), 1000000,
                                      day("2027-01-01"), day("2027-06-30") };
    iv.inst[1] = (struct instalment){ day("2027-07-01"), 1000000,
                                      day("2027-07-01"), day("2027-12-31") };
    iv.status = INVOICE_OVERDUE;
    iv.overdue_amount = 600000;
    iv.unpaid_since = day("2027-01-01");

    struct buf b = BUF_INIT;
    struct jsonw w;
    jsonw_init(&w, &b);
    invoice_write_json(&w, &iv, day("2027-03-02"));
    json_t *j = reread(&b);
    assert_string_equal(str_at(j, "status"), "overdue");
    assert_string_equal(str_at(j, "kind"), "invoice");
    assert_true(json_is_null(json_object_get(j, "credits")));
    assert_true(json_is_null(json_object_get(j, "credited_by")));
    assert_int_equal(int_at(j, "balance"), 1600000);
    assert_int_equal(int_at(j, "overdue_amount"), 600000);
    assert_string_equal(str_at(j, "unpaid_since"), "2027-01-01");
    assert_int_equal(int_at(j, "days_overdue"), 60);
    const json_t *inst = json_object_get(j, "instalments");
    assert_int_equal(json_array_size(inst), 2);
    assert_string_equal(str_at(json_array_get(inst, 1), "due_on"),
                        "2027-07-01");
    assert_string_equal(str_at(json_array_get(inst, 0), "period_end"),
                        "2027-06-30");
    assert_int_equal(int_at(json_array_get(inst, 1), "amount"), 1000000);
    json_decref(j);

    /* Nothing unpaid: no date, no days. */
    iv.unpaid_since = 0;
    iv.status = INVOICE_PARTLY_PAID;
    jsonw_init(&w, &b);
    invoice_write_json(&w, &iv, day("2027-03-02"));
    j = reread(&b);
    assert_true(json_is_null(json_object_get(j, "unpaid_since")));
    assert_int_equal(int_at(j, "days_overdue"), 0);
    assert_string_equal(str_at(j, "status"), "partly_paid");
    json_decref(j);
    invoice_release(&iv);
}

static void
test_membership_json__membership_tiers_only_when_asked(void **state)
{
    (void)state;
    struct membership_row row;
    memset(&row, 0, sizeof(row));
    membership_init(&row.m);
    row.m.id = 1;
    org_set_str(&row.m.applied_on, "2027-01-10");
    row.status = MEMBER_APPLICANT;

    struct buf b = BUF_INIT;
    struct jsonw w;
    jsonw_init(&w, &b);
    membership_write_json(&w, &row, "EUR", NULL, 0);
    json_t *j = reread(&b);
    assert_null(json_object_get(j, "tiers"));
    assert_string_equal(str_at(j, "status"), "applicant");
    assert_true(json_is_null(json_object_get(j, "joined_on")));
    assert_string_equal(str_at(j, "applied_on"), "2027-01-10");
    json_decref(j);

    struct tier_change tc = { 4, (char *)"SME", 500000, (char *)"2027-01-10" };
    row.status = MEMBER_IN_GRACE;
    row.unpaid_since = day("2027-01-10");
    jsonw_init(&w, &b);
    membership_write_json(&w, &row, "EUR", &tc, 1);
    j = reread(&b);
    assert_string_equal(str_at(j, "status"), "in_grace");
    assert_string_equal(str_at(j, "unpaid_since"), "2027-01-10");
    const json_t *tiers = json_object_get(j, "tiers");
    assert_int_equal(json_array_size(tiers), 1);
    assert_string_equal(str_at(json_array_get(tiers, 0), "valid_from"),
                        "2027-01-10");
    json_decref(j);
    membership_release(&row.m);
}

static void
test_membership_json__dashboard_figures(void **state)
{
    (void)state;
    struct dashboard d;
    memset(&d, 0, sizeof(d));
    d.day = day("2027-03-31");
    d.fiscal_year = 2027;
    memcpy(d.currency, "SEK", 4);
    d.members = 4;
    d.by_status[MEMBER_ACTIVE] = 3;
    d.by_status[MEMBER_IN_GRACE] = 1;
    d.sme_members = 3;
    d.sme_permille = 750;
    d.private_permille = -1;
    d.gap = -5;
    for (int i = 0; i < DASH_MONTHS; i++) {
        d.months[i].year = 2025 + (i + 4) / 12;
        d.months[i].month = (i + 4) % 12 + 1;
    }
    struct dash_tier tier = { 2, "SME", 3 };
    d.by_tier = &tier;
    d.ntiers = 1;

    struct buf b = BUF_INIT;
    struct jsonw w;
    jsonw_init(&w, &b);
    dashboard_write_json(&w, &d);
    json_t *j = reread(&b);
    assert_string_equal(str_at(j, "date"), "2027-03-31");
    assert_string_equal(str_at(j, "currency"), "SEK");
    assert_int_equal(int_at(json_object_get(j, "by_status"), "in_grace"), 1);
    assert_int_equal(int_at(json_object_get(j, "by_status"), "lapsed"), 0);
    assert_int_equal(int_at(j, "sme_permille"), 750);
    assert_true(json_is_null(json_object_get(j, "private_permille")));
    assert_true(
        json_is_null(json_object_get(json_object_get(j, "target"), "members")));
    assert_int_equal(int_at(j, "gap"), -5);
    const json_t *months = json_object_get(j, "months");
    assert_int_equal(json_array_size(months), DASH_MONTHS);
    assert_string_equal(str_at(json_array_get(months, 0), "month"), "2025-05");
    assert_string_equal(
        str_at(json_array_get(months, DASH_MONTHS - 1), "month"), "2027-04");
    assert_int_equal(json_array_size(json_object_get(j, "reference_lines")), 3);
    assert_string_equal(
        str_at(json_array_get(json_object_get(j, "by_tier"), 0), "name"),
        "SME");
    json_decref(j);
}

static void
test_membership_json__read_fields_checks_before_writing(void **state)
{
    (void)state;
    const char *on = "2027-01-01", *reason = "kept";
    int64_t tier = 0;
    struct err err = ERR_INIT;
    const struct jfield specs[] = {
        { "tier_id", JFIELD_ID, JFIELD_REQUIRED, &tier },
        { "valid_from", JFIELD_DATE, JFIELD_NOT_NULL, &on },
        { "reason", JFIELD_TEXT, 0, &reason },
    };

    json_t *j = parse("{\"reason\": \"x\", \"valid_from\": null, "
                      "\"tier_id\": 3}");
    assert_int_equal(json_read_fields(j, specs, ARRAY_SIZE(specs), &err), -1);
    json_decref(j);
    assert_string_equal(err.field, "valid_from");
    assert_string_equal(reason, "kept");
    assert_int_equal(tier, 0);

    err_clear(&err);
    j = parse("{\"reason\": null}");
    assert_int_equal(json_read_fields(j, specs, ARRAY_SIZE(specs), &err), -1);
    json_decref(j);
    assert_string_equal(err.field, "tier_id");

    err_clear(&err);
    j = parse("{\"tier_id\": 3, \"when\": 1}");
    assert_int_equal(json_read_fields(j, specs, ARRAY_SIZE(specs), &err), -1);
    json_decref(j);
    assert_string_equal(err.field, "when");

    j = parse("{\"tier_id\": 3, \"reason\": null}");
    assert_int_equal(json_read_fields(j, specs, ARRAY_SIZE(specs), &err), 0);
    assert_int_equal(tier, 3);
    assert_string_equal(reason, "");
    assert_string_equal(on, "2027-01-01");
    json_decref(j);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(
            test_membership_json__tier_round_trip_keeps_every_field),
        cmocka_unit_test(test_membership_json__tier_create_needs_name_and_fee),
        cmocka_unit_test(
            test_membership_json__tier_wrong_types_name_the_member),
        cmocka_unit_test(
            test_membership_json__tier_partial_update_keeps_the_rest),
        cmocka_unit_test(test_membership_json__membership_body),
        cmocka_unit_test(
            test_membership_json__payment_defaults_stay_when_not_sent),
        cmocka_unit_test(test_membership_json__target_plan_body),
        cmocka_unit_test(test_membership_json__put_replaces_the_whole_plan),
        cmocka_unit_test(
            test_membership_json__invoice_dates_amounts_and_status),
        cmocka_unit_test(
            test_membership_json__membership_tiers_only_when_asked),
        cmocka_unit_test(test_membership_json__dashboard_figures),
        cmocka_unit_test(
            test_membership_json__read_fields_checks_before_writing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
