/*
 * The records of membership (src/core/membership.c): tiers of the price
 * list and their kinds, memberships and their dates, associates'
 * services in kind and the public application. "today" is passed in.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "core/membership.h"
#include "core/money.h"

#define TODAY "2027-03-31"

static char *
repeat(const char *ch, size_t n)
{
    struct buf b = BUF_INIT;
    for (size_t i = 0; i < n; i++)
        buf_adds(&b, ch);
    return buf_detach(&b, NULL);
}

static int32_t
D(const char *iso)
{
    struct date d;
    if (date_parse(iso, (int)strlen(iso), &d))
        fail_msg("bad test date %s", iso);
    return date_to_days(d);
}

/* ---- tiers ---- */

static void
tier_named(struct tier *t, const char *name, int64_t fee)
{
    tier_init(t);
    org_set_str(&t->name, name);
    t->annual_fee = fee;
}

static void
assert_tier_invalid(struct tier *t, const char *field)
{
    struct err e = ERR_INIT;
    assert_int_equal(tier_validate(t, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, field);
    assert_true(strlen(e.msg) > 0);
}

static void
assert_tier_valid(struct tier *t)
{
    struct err e = ERR_INIT;
    if (tier_validate(t, &e))
        fail_msg("unexpected error on %s: %s", e.field, e.msg);
}

static void
test_membership__tier_init_gives_empty_active_tier(void **state)
{
    (void)state;
    struct tier t;
    tier_init(&t);
    assert_string_equal(t.name, "");
    assert_string_equal(t.description, "");
    assert_true(t.active);
    assert_false(t.associate);
    assert_int_equal(t.annual_fee, 0);
    tier_release(&t);
    tier_release(&t); /* released twice is harmless */
}

static void
test_membership__tier_name_is_required_and_trimmed(void **state)
{
    (void)state;
    struct tier t;
    tier_named(&t, "   ", 100);
    assert_tier_invalid(&t, "name");
    org_set_str(&t.name, "  Large enterprise  ");
    assert_tier_valid(&t);
    assert_string_equal(t.name, "Large enterprise");
    tier_release(&t);
}

static void
test_membership__tier_name_is_at_most_100_characters(void **state)
{
    (void)state;
    struct tier t;
    char *name = repeat("Ж", 100);
    tier_named(&t, name, 0);
    assert_tier_valid(&t);
    free(name);
    name = repeat("Ж", 101);
    org_set_str(&t.name, name);
    assert_tier_invalid(&t, "name");
    free(name);
    org_set_str(&t.name, "Bad \x01 name");
    assert_tier_invalid(&t, "name");
    tier_release(&t);
}

static void
test_membership__tier_fee_from_0_to_money_max(void **state)
{
    (void)state;
    struct tier t;
    tier_named(&t, "SME", 0);
    assert_tier_valid(&t);
    t.annual_fee = MONEY_MAX;
    assert_tier_valid(&t);
    t.annual_fee = MONEY_MAX + 1;
    assert_tier_invalid(&t, "annual_fee");
    t.annual_fee = -1;
    assert_tier_invalid(&t, "annual_fee");
    tier_release(&t);
}

static void
test_membership__associate_tier_is_free_of_charge(void **state)
{
    (void)state;
    struct tier t;
    tier_named(&t, "Associate", 100);
    t.associate = true;
    assert_tier_invalid(&t, "annual_fee");
    t.annual_fee = 0;
    assert_tier_valid(&t);
    tier_release(&t);
}

static void
test_membership__tier_kinds_must_be_known_kinds(void **state)
{
    (void)state;
    struct tier t;
    tier_named(&t, "SME", 100);
    t.kinds = 1u << ORG_KIND__COUNT;
    assert_tier_invalid(&t, "kinds");
    t.kinds = (1u << ORG_KIND_SME) | (1u << ORG_KIND_MICRO);
    assert_tier_valid(&t);
    tier_release(&t);
}

static void
test_membership__tier_description_is_at_most_2000_characters(void **state)
{
    (void)state;
    struct tier t;
    char *text = repeat("å", 2000);
    tier_named(&t, "SME", 100);
    org_set_str(&t.description, text);
    assert_tier_valid(&t);
    free(text);
    text = repeat("å", 2001);
    org_set_str(&t.description, text);
    assert_tier_invalid(&t, "description");
    free(text);
    tier_release(&t);
}

static void
test_membership__tier_validate_all_reports_every_field(void **state)
{
    (void)state;
    struct tier t;
    struct err errs[8];
    char *text = repeat("x", 2001);
    tier_named(&t, "", -5);
    t.kinds = 1u << 20;
    org_set_str(&t.description, text);
    size_t n = tier_validate_all(&t, errs, 8);
    assert_int_equal(n, 4);
    assert_string_equal(errs[0].field, "name");
    assert_string_equal(errs[1].field, "annual_fee");
    assert_string_equal(errs[2].field, "kinds");
    assert_string_equal(errs[3].field, "description");
    /* With room for one, the count stays the number of faults. */
    assert_int_equal(tier_validate_all(&t, errs, 1), 4);
    assert_string_equal(errs[0].field, "name");
    free(text);
    tier_release(&t);
}

static void
test_membership__tier_kinds_format_names_in_kind_order(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    tier_kinds_format((1u << ORG_KIND_STARTUP) | (1u << ORG_KIND_LARGE), &b);
    assert_string_equal(b.s, "large,startup");
    buf_reset(&b);
    tier_kinds_format(0, &b);
    assert_string_equal(b.s, "");
    buf_release(&b);
}

static void
test_membership__tier_kinds_parse_names_or_labels_any_case(void **state)
{
    (void)state;
    unsigned k = 99;
    struct err e = ERR_INIT;
    assert_int_equal(tier_kinds_parse("large, SME", &k, &e), 0);
    assert_int_equal(k, (1u << ORG_KIND_LARGE) | (1u << ORG_KIND_SME));
    assert_int_equal(tier_kinds_parse("Micro enterprise;start-up", &k, &e), 0);
    assert_int_equal(k, (1u << ORG_KIND_MICRO) | (1u << ORG_KIND_STARTUP));
    assert_int_equal(tier_kinds_parse("", &k, &e), 0);
    assert_int_equal(k, 0);
    assert_int_equal(tier_kinds_parse(" , sme,,", &k, &e), 0);
    assert_int_equal(k, 1u << ORG_KIND_SME);
    assert_int_equal(e.code, ERR_NONE);
    /* Every set of kinds survives a round trip. */
    for (unsigned all = 0; all < (1u << ORG_KIND__COUNT); all += 7) {
        struct buf b = BUF_INIT;
        tier_kinds_format(all, &b);
        assert_int_equal(tier_kinds_parse(b.s, &k, &e), 0);
        assert_int_equal(k, all);
        buf_release(&b);
    }
}

static void
test_membership__tier_kinds_parse_refuses_unknown_kinds(void **state)
{
    (void)state;
    unsigned k = 99;
    struct err e = ERR_INIT;
    assert_int_equal(tier_kinds_parse("sme, giant", &k, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, "kinds");
    assert_non_null(strstr(e.msg, "giant"));
    assert_int_equal(k, 99);
    char *long_word = repeat("a", 200);
    err_clear(&e);
    assert_int_equal(tier_kinds_parse(long_word, &k, &e), -1);
    assert_string_equal(e.field, "kinds");
    free(long_word);
}

/* ---- memberships ---- */

static void
membership_joined(struct membership *m, const char *applied, const char *joined)
{
    membership_init(m);
    m->organisation_id = 7;
    m->tier_id = 3;
    org_set_str(&m->applied_on, applied);
    org_set_str(&m->joined_on, joined);
}

static void
assert_membership_invalid(struct membership *m, const char *field)
{
    struct err e = ERR_INIT;
    assert_int_equal(membership_validate(m, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, field);
    assert_true(strlen(e.msg) > 0);
}

static void
assert_membership_valid(struct membership *m)
{
    struct err e = ERR_INIT;
    if (membership_validate(m, &e))
        fail_msg("unexpected error on %s: %s", e.field, e.msg);
}

static void
test_membership__init_gives_empty_strings(void **state)
{
    (void)state;
    struct membership m;
    membership_init(&m);
    assert_string_equal(m.applied_on, "");
    assert_string_equal(m.joined_on, "");
    assert_string_equal(m.ended_on, "");
    assert_string_equal(m.declined_on, "");
    assert_string_equal(m.end_reason, "");
    assert_string_equal(m.org_name, "");
    assert_string_equal(m.tier_name, "");
    assert_string_equal(m.created_at, "");
    assert_int_equal(m.source, MEMBERSHIP_STAFF);
    membership_release(&m);
}

static void
test_membership__applicant_and_member_are_valid(void **state)
{
    (void)state;
    struct membership m;
    membership_joined(&m, " 2027-01-10 ", "");
    assert_membership_valid(&m);
    assert_string_equal(m.applied_on, "2027-01-10");
    org_set_str(&m.joined_on, "2027-01-10");
    assert_membership_valid(&m);
    org_set_str(&m.ended_on, "2028-01-01");
    org_set_str(&m.end_reason, "  Moved away  ");
    assert_membership_valid(&m);
    assert_string_equal(m.end_reason, "Moved away");
    membership_release(&m);
}

static void
test_membership__application_date_defaults_to_joining_date(void **state)
{
    (void)state;
    struct membership m;
    membership_joined(&m, "", "2019-05-01");
    assert_membership_valid(&m);
    assert_string_equal(m.applied_on, "2019-05-01");
    org_set_str(&m.applied_on, "");
    org_set_str(&m.joined_on, "");
    assert_membership_invalid(&m, "applied_on");
    membership_release(&m);
}

static void
test_membership__organisation_and_tier_are_required(void **state)
{
    (void)state;
    struct membership m;
    membership_joined(&m, "2027-01-10", "");
    m.tier_id = 0;
    assert_membership_invalid(&m, "tier_id");
    m.organisation_id = 0;
    assert_membership_invalid(&m, "organisation_id");
    membership_release(&m);
}

static void
test_membership__dates_must_be_real(void **state)
{
    (void)state;
    struct membership m;
    membership_joined(&m, "2027-02-30", "");
    assert_membership_invalid(&m, "applied_on");
    org_set_str(&m.applied_on, "2027-01-01");
    org_set_str(&m.joined_on, "1.2.2027");
    assert_membership_invalid(&m, "joined_on");
    org_set_str(&m.joined_on, "2028-02-29");
    assert_membership_valid(&m);
    org_set_str(&m.ended_on, "2029-02-29");
    assert_membership_invalid(&m, "ended_on");
    membership_release(&m);
}

static void
test_membership__dates_are_ordered(void **state)
{
    (void)state;
    struct membership m;
    membership_joined(&m, "2027-01-10", "2027-01-09");
    assert_membership_invalid(&m, "joined_on");
    org_set_str(&m.joined_on, "2027-01-10");
    org_set_str(&m.ended_on, "2027-01-10");
    assert_membership_invalid(&m, "ended_on");
    org_set_str(&m.ended_on, "2027-01-11");
    assert_membership_valid(&m);
    membership_release(&m);
}

static void
test_membership__only_a_started_membership_ends(void **state)
{
    (void)state;
    struct membership m;
    membership_joined(&m, "2027-01-10", "");
    org_set_str(&m.ended_on, "2027-05-01");
    assert_membership_invalid(&m, "ended_on");
    membership_release(&m);
}

static void
test_membership__declining_is_for_applicants_after_applying(void **state)
{
    (void)state;
    struct membership m;
    membership_joined(&m, "2027-01-10", "");
    org_set_str(&m.declined_on, "2027-01-12");
    assert_membership_valid(&m);
    org_set_str(&m.declined_on, "2027-01-09");
    assert_membership_invalid(&m, "declined_on");
    org_set_str(&m.declined_on, "2027-01-12");
    org_set_str(&m.joined_on, "2027-01-11");
    assert_membership_invalid(&m, "declined_on");
    membership_release(&m);
}

static void
test_membership__reason_500_and_note_2000_characters(void **state)
{
    (void)state;
    struct membership m;
    membership_joined(&m, "2027-01-10", "2027-01-10");
    char *text = repeat("ü", 500);
    org_set_str(&m.end_reason, text);
    assert_membership_valid(&m);
    free(text);
    text = repeat("ü", 501);
    org_set_str(&m.end_reason, text);
    assert_membership_invalid(&m, "end_reason");
    free(text);
    org_set_str(&m.end_reason, "");
    text = repeat("ü", 2001);
    org_set_str(&m.note, text);
    assert_membership_invalid(&m, "note");
    free(text);
    membership_release(&m);
}

static void
test_membership__validate_all_reports_every_field(void **state)
{
    (void)state;
    struct membership m;
    struct err errs[10];
    membership_init(&m);
    org_set_str(&m.joined_on, "2027-13-01");
    org_set_str(&m.declined_on, "bad");
    m.source = MEMBERSHIP__SOURCE_COUNT;
    size_t n = membership_validate_all(&m, errs, 10);
    assert_int_equal(n, 6);
    assert_string_equal(errs[0].field, "organisation_id");
    assert_string_equal(errs[1].field, "tier_id");
    assert_string_equal(errs[2].field, "applied_on");
    assert_string_equal(errs[3].field, "joined_on");
    assert_string_equal(errs[4].field, "declined_on");
    assert_string_equal(errs[5].field, "source");
    membership_release(&m);
}

static void
test_membership__facts_are_day_numbers_and_0_for_none(void **state)
{
    (void)state;
    struct membership m;
    struct member_facts f;
    membership_joined(&m, "2027-01-10", "2027-02-01");
    org_set_str(&m.ended_on, "2028-01-01");
    membership_facts(&m, &f);
    assert_int_equal(f.applied, D("2027-01-10"));
    assert_int_equal(f.joined, D("2027-02-01"));
    assert_int_equal(f.ended, D("2028-01-01"));
    assert_int_equal(f.declined, 0);
    assert_int_equal(f.unpaid_since, 0);
    assert_int_equal(member_status(&f, 60, D("2027-06-01")), MEMBER_ACTIVE);
    membership_release(&m);
    membership_init(&m);
    membership_facts(&m, &f);
    assert_int_equal(f.applied, 0);
    assert_int_equal(f.joined, 0);
    assert_int_equal(member_status(&f, 60, D("2027-06-01")), MEMBER_APPLICANT);
    membership_release(&m);
}

/* ---- services in kind ---- */

static void
test_membership__service_in_kind_needs_a_description(void **state)
{
    (void)state;
    struct service_in_kind s;
    struct err e = ERR_INIT;
    service_in_kind_init(&s);
    assert_int_equal(service_in_kind_validate(&s, TODAY, &e), -1);
    assert_string_equal(e.field, "description");
    char *text = repeat("я", 500);
    org_set_str(&s.description, text);
    err_clear(&e);
    assert_int_equal(service_in_kind_validate(&s, TODAY, &e), 0);
    free(text);
    text = repeat("я", 501);
    org_set_str(&s.description, text);
    assert_int_equal(service_in_kind_validate(&s, TODAY, &e), -1);
    assert_string_equal(e.field, "description");
    free(text);
    service_in_kind_release(&s);
}

static void
test_membership__service_in_kind_date_defaults_to_today(void **state)
{
    (void)state;
    struct service_in_kind s;
    struct err e = ERR_INIT;
    service_in_kind_init(&s);
    org_set_str(&s.description, "Premises for the spring meeting");
    s.value = 50000;
    assert_int_equal(service_in_kind_validate(&s, TODAY, &e), 0);
    assert_string_equal(s.given_on, TODAY);
    org_set_str(&s.given_on, "2027-04-01");
    assert_int_equal(service_in_kind_validate(&s, TODAY, &e), -1);
    assert_string_equal(e.field, "given_on");
    err_clear(&e);
    org_set_str(&s.given_on, "2027-02-29");
    assert_int_equal(service_in_kind_validate(&s, TODAY, &e), -1);
    assert_string_equal(e.field, "given_on");
    err_clear(&e);
    org_set_str(&s.given_on, "2027-01-15");
    s.value = -1;
    assert_int_equal(service_in_kind_validate(&s, TODAY, &e), -1);
    assert_string_equal(e.field, "value");
    service_in_kind_release(&s);
}

/* ---- applications ---- */

static void
application_filled(struct application *a)
{
    application_init(a);
    org_set_str(&a->org.name, "ТОВ Сонячна енергія");
    a->org.kind = ORG_KIND_SME;
    org_set_str(&a->contact.name, "Олена Петренко");
    org_set_str(&a->contact.email, " Olena@Example.UA ");
    a->tier_id = 2;
    a->consent = true;
}

static void
test_membership__valid_application_makes_an_entry_point_with_consent(
    void **state)
{
    (void)state;
    struct application a;
    struct err errs[8];
    application_filled(&a);
    assert_int_equal(application_validate_all(&a, TODAY, errs, 8), 0);
    assert_string_equal(a.contact.email, "olena@example.ua");
    assert_true(a.contact.entry_point);
    assert_true(a.contact.email_consent);
    assert_string_equal(a.contact.consent_date, TODAY);
    assert_string_equal(a.contact.consent_source, "application form");
    application_release(&a);
}

static void
test_membership__application_needs_consent_tier_and_contact_email(void **state)
{
    (void)state;
    struct application a;
    struct err errs[8];
    application_filled(&a);
    a.consent = false;
    a.tier_id = 0;
    org_set_str(&a.contact.email, "");
    size_t n = application_validate_all(&a, TODAY, errs, 8);
    assert_int_equal(n, 3);
    assert_string_equal(errs[0].field, "contact_email");
    assert_string_equal(errs[1].field, "tier_id");
    assert_string_equal(errs[2].field, "consent");
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(errs[i].code, ERR_INVALID);
        assert_true(strlen(errs[i].msg) > 0);
    }
    assert_false(a.contact.email_consent);
    application_release(&a);
}

static void
test_membership__application_errors_name_org_and_contact_fields(void **state)
{
    (void)state;
    struct application a;
    struct err errs[8];
    application_filled(&a);
    org_set_str(&a.org.name, "");
    org_set_str(&a.org.country, "Ukraine");
    org_set_str(&a.contact.name, " ");
    org_set_str(&a.contact.email, "not an address");
    org_set_str(&a.contact.phone, "call me");
    size_t n = application_validate_all(&a, TODAY, errs, 8);
    assert_int_equal(n, 5);
    assert_string_equal(errs[0].field, "name");
    assert_string_equal(errs[1].field, "country");
    assert_string_equal(errs[2].field, "contact_name");
    assert_string_equal(errs[3].field, "contact_email");
    assert_string_equal(errs[4].field, "contact_phone");
    /* Room for two: the first two, and the count of all. */
    assert_int_equal(application_validate_all(&a, TODAY, errs, 2), 5);
    assert_string_equal(errs[1].field, "country");
    application_release(&a);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_membership__tier_init_gives_empty_active_tier),
        cmocka_unit_test(test_membership__tier_name_is_required_and_trimmed),
        cmocka_unit_test(test_membership__tier_name_is_at_most_100_characters),
        cmocka_unit_test(test_membership__tier_fee_from_0_to_money_max),
        cmocka_unit_test(test_membership__associate_tier_is_free_of_charge),
        cmocka_unit_test(test_membership__tier_kinds_must_be_known_kinds),
        cmocka_unit_test(
            test_membership__tier_description_is_at_most_2000_characters),
        cmocka_unit_test(
            test_membership__tier_validate_all_reports_every_field),
        cmocka_unit_test(
            test_membership__tier_kinds_format_names_in_kind_order),
        cmocka_unit_test(
            test_membership__tier_kinds_parse_names_or_labels_any_case),
        cmocka_unit_test(
            test_membership__tier_kinds_parse_refuses_unknown_kinds),
        cmocka_unit_test(test_membership__init_gives_empty_strings),
        cmocka_unit_test(test_membership__applicant_and_member_are_valid),
        cmocka_unit_test(
            test_membership__application_date_defaults_to_joining_date),
        cmocka_unit_test(test_membership__organisation_and_tier_are_required),
        cmocka_unit_test(test_membership__dates_must_be_real),
        cmocka_unit_test(test_membership__dates_are_ordered),
        cmocka_unit_test(test_membership__only_a_started_membership_ends),
        cmocka_unit_test(
            test_membership__declining_is_for_applicants_after_applying),
        cmocka_unit_test(test_membership__reason_500_and_note_2000_characters),
        cmocka_unit_test(test_membership__validate_all_reports_every_field),
        cmocka_unit_test(test_membership__facts_are_day_numbers_and_0_for_none),
        cmocka_unit_test(test_membership__service_in_kind_needs_a_description),
        cmocka_unit_test(
            test_membership__service_in_kind_date_defaults_to_today),
        cmocka_unit_test(
            test_membership__valid_application_makes_an_entry_point_with_consent),
        cmocka_unit_test(
            test_membership__application_needs_consent_tier_and_contact_email),
        cmocka_unit_test(
            test_membership__application_errors_name_org_and_contact_fields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
