/*
 * The rules of events (src/core/event.c): kinds and statuses, the
 * validation of events, registrations, the public form and working
 * groups, event times, capacity and the waitlist, the status changes
 * staff may make, entry fees and satisfaction.
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
#include "core/event.h"
#include "core/money.h"
#include "core/org.h"

static char *
repeat(const char *ch, size_t n)
{
    struct buf b = BUF_INIT;
    for (size_t i = 0; i < n; i++)
        buf_adds(&b, ch);
    return buf_detach(&b, NULL);
}

/* A valid event to spoil one field at a time. */
static void
good_event(struct event *e)
{
    event_init(e);
    org_set_str(&e->title, "  Hydrogen seminar ");
    e->kind = EVENT_SEMINAR;
    memcpy(e->starts_at, "2027-03-01 09:00", 17);
    memcpy(e->ends_at, "2027-03-01T17:30", 17);
    org_set_str(&e->place, "Lund, Ideon");
    e->capacity = 40;
    e->member_fee = 0;
    e->nonmember_fee = 15000;
}

/* The field of the only fault of e, or "" when valid. */
static const char *
fault_of(struct event *e, char field[64])
{
    struct err errs[8];
    size_t n = event_validate_all(e, errs, 8);
    field[0] = '\0';
    if (n == 1)
        memcpy(field, errs[0].field, 64);
    else if (n > 1)
        memcpy(field, "(several)", 10);
    return field;
}

static void
test_event__kinds_have_names_labels_and_parse_either(void **state)
{
    (void)state;
    enum event_kind k;
    assert_string_equal(event_kind_name(EVENT_MATCHMAKING), "matchmaking");
    assert_string_equal(event_kind_label(EVENT_MATCHMAKING), "B2B matchmaking");
    assert_string_equal(event_kind_name(EVENT_CLUSTER_DAY), "cluster_day");
    assert_int_equal(event_kind_parse("trade_fair", &k), 0);
    assert_int_equal(k, EVENT_TRADE_FAIR);
    assert_int_equal(event_kind_parse(" Seminar / Training ", &k), 0);
    assert_int_equal(k, EVENT_SEMINAR);
    assert_int_equal(event_kind_parse("party", &k), -1);
    for (int i = 0; i < EVENT__KIND_COUNT; i++) {
        assert_int_equal(event_kind_parse(event_kind_name(i), &k), 0);
        assert_int_equal(k, i);
    }
}

static void
test_event__valid_event_is_trimmed_and_times_normalised(void **state)
{
    (void)state;
    struct event e;
    struct err err = ERR_INIT;
    good_event(&e);
    assert_int_equal(event_validate(&e, &err), 0);
    assert_string_equal(e.title, "Hydrogen seminar");
    assert_string_equal(e.starts_at, "2027-03-01T09:00");
    assert_string_equal(e.ends_at, "2027-03-01T17:30");
    event_release(&e);
}

static void
test_event__each_bad_field_is_named(void **state)
{
    (void)state;
    struct event e;
    char f[64];
    char *long_title = repeat("я", 201);
    char *long_place = repeat("a", 301);
    char *long_desc = repeat("d", 10001);

    good_event(&e);
    org_set_str(&e.title, "   ");
    assert_string_equal(fault_of(&e, f), "title");
    org_set_str(&e.title, long_title);
    assert_string_equal(fault_of(&e, f), "title");
    event_release(&e);

    good_event(&e);
    e.starts_at[0] = '\0';
    assert_string_equal(fault_of(&e, f), "starts_at");
    memcpy(e.starts_at, "2027-02-30T09:00", 17);
    assert_string_equal(fault_of(&e, f), "starts_at");
    memcpy(e.starts_at, "2027-03-01T24:00", 17);
    assert_string_equal(fault_of(&e, f), "starts_at");
    event_release(&e);

    good_event(&e);
    memcpy(e.ends_at, "2027-03-01T08:59", 17);
    assert_string_equal(fault_of(&e, f), "ends_at");
    memcpy(e.ends_at, "tomorrow", 9);
    assert_string_equal(fault_of(&e, f), "ends_at");
    /* An event may end the moment it starts. */
    memcpy(e.ends_at, "2027-03-01T09:00", 17);
    assert_string_equal(fault_of(&e, f), "");
    event_release(&e);

    good_event(&e);
    org_set_str(&e.place, long_place);
    assert_string_equal(fault_of(&e, f), "place");
    event_release(&e);

    good_event(&e);
    org_set_str(&e.online_url, "ftp://files.example.com");
    assert_string_equal(fault_of(&e, f), "online_url");
    org_set_str(&e.online_url, "https://meet example.com");
    assert_string_equal(fault_of(&e, f), "online_url");
    org_set_str(&e.online_url, "https://");
    assert_string_equal(fault_of(&e, f), "online_url");
    org_set_str(&e.online_url, "https://meet.example.com/room?id=1");
    assert_string_equal(fault_of(&e, f), "");
    event_release(&e);

    good_event(&e);
    e.capacity = -1;
    assert_string_equal(fault_of(&e, f), "capacity");
    e.capacity = 100001;
    assert_string_equal(fault_of(&e, f), "capacity");
    e.capacity = 0;
    assert_string_equal(fault_of(&e, f), "");
    e.member_fee = -1;
    assert_string_equal(fault_of(&e, f), "member_fee");
    e.member_fee = 0;
    e.nonmember_fee = MONEY_MAX + 1;
    assert_string_equal(fault_of(&e, f), "nonmember_fee");
    event_release(&e);

    good_event(&e);
    org_set_str(&e.description, long_desc);
    assert_string_equal(fault_of(&e, f), "description");
    event_release(&e);

    good_event(&e);
    e.working_group_id = 3;
    assert_string_equal(fault_of(&e, f), "kind");
    e.kind = EVENT_WORKING_GROUP;
    assert_string_equal(fault_of(&e, f), "");
    event_release(&e);

    free(long_title);
    free(long_place);
    free(long_desc);
}

static void
test_event__all_faults_are_reported_at_once(void **state)
{
    (void)state;
    struct event e;
    struct err errs[3];
    good_event(&e);
    org_set_str(&e.title, "");
    e.capacity = -5;
    e.member_fee = -1;
    e.starts_at[0] = '\0';
    assert_int_equal(event_validate_all(&e, errs, 3), 4);
    assert_string_equal(errs[0].field, "title");
    assert_string_equal(errs[1].field, "starts_at");
    assert_string_equal(errs[2].field, "capacity");
    struct err one = ERR_INIT;
    assert_int_equal(event_validate(&e, &one), -1);
    assert_int_equal(one.code, ERR_INVALID);
    assert_string_equal(one.field, "title");
    event_release(&e);
}

static void
test_event__time_parse_takes_t_space_and_seconds(void **state)
{
    (void)state;
    char out[17];
    assert_int_equal(event_time_parse("2027-03-01T09:00", out), 0);
    assert_string_equal(out, "2027-03-01T09:00");
    assert_int_equal(event_time_parse("2027-03-01 09:00", out), 0);
    assert_string_equal(out, "2027-03-01T09:00");
    assert_int_equal(event_time_parse("2027-03-01T09:00:59", out), 0);
    assert_string_equal(out, "2027-03-01T09:00");
    assert_int_equal(event_time_parse("2028-02-29 23:59", out), 0);
    assert_string_equal(out, "2028-02-29T23:59");
}

static void
test_event__time_parse_refuses_what_is_not_a_real_time(void **state)
{
    (void)state;
    char out[17] = "untouched";
    const char *bad[] = {
        "",
        "2027-03-01",
        "2027-03-01T9:00",
        "2027-03-01T09:60",
        "2027-03-01T25:00",
        "2027-02-29T09:00",
        "2027-03-01X09:00",
        "2027-03-01T09:00:61",
        "2027-03-01T09:00Z",
        "2027-03-01T09-00",
        "2027-03-01T09:00:00.5",
        "01.03.2027 09:00",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (event_time_parse(bad[i], out) != -1)
            fail_msg("accepted \"%s\"", bad[i]);
    }
    assert_string_equal(out, "untouched");
}

static void
test_event__time_day_is_the_dates_day_number(void **state)
{
    (void)state;
    struct date d = { 2027, 3, 1 };
    assert_int_equal(event_time_day("2027-03-01T09:00"), date_to_days(d));
    assert_int_equal(event_time_day("2027-03-01T23:59"), date_to_days(d));
}

static void
test_event__statuses_have_names_labels_and_parse(void **state)
{
    (void)state;
    enum registration_status s;
    assert_string_equal(registration_status_name(REG_NO_SHOW), "no_show");
    assert_string_equal(registration_status_label(REG_WAITLISTED),
                        "On the waitlist");
    assert_int_equal(registration_status_parse("attended", &s), 0);
    assert_int_equal(s, REG_ATTENDED);
    assert_int_equal(registration_status_parse("No-show", &s), 0);
    assert_int_equal(s, REG_NO_SHOW);
    assert_int_equal(registration_status_parse("maybe", &s), -1);
}

static void
test_event__registered_attended_and_no_show_hold_places(void **state)
{
    (void)state;
    assert_true(registration_holds_place(REG_REGISTERED));
    assert_true(registration_holds_place(REG_ATTENDED));
    assert_true(registration_holds_place(REG_NO_SHOW));
    assert_false(registration_holds_place(REG_WAITLISTED));
    assert_false(registration_holds_place(REG_CANCELLED));
}

static void
test_event__new_registration_waitlisted_once_full(void **state)
{
    (void)state;
    assert_int_equal(registration_new_status(2, 0), REG_REGISTERED);
    assert_int_equal(registration_new_status(2, 1), REG_REGISTERED);
    assert_int_equal(registration_new_status(2, 2), REG_WAITLISTED);
    assert_int_equal(registration_new_status(2, 3), REG_WAITLISTED);
    /* No limit. */
    assert_int_equal(registration_new_status(0, 100000), REG_REGISTERED);
}

static void
test_event__allowed_status_changes(void **state)
{
    (void)state;
    assert_true(registration_may_change(REG_REGISTERED, REG_ATTENDED));
    assert_true(registration_may_change(REG_ATTENDED, REG_REGISTERED));
    assert_true(registration_may_change(REG_REGISTERED, REG_NO_SHOW));
    assert_true(registration_may_change(REG_NO_SHOW, REG_REGISTERED));
    assert_true(registration_may_change(REG_WAITLISTED, REG_REGISTERED));
    for (int s = 0; s < REG_CANCELLED; s++)
        assert_true(registration_may_change(s, REG_CANCELLED));

    assert_false(registration_may_change(REG_CANCELLED, REG_REGISTERED));
    assert_false(registration_may_change(REG_CANCELLED, REG_CANCELLED));
    assert_false(registration_may_change(REG_WAITLISTED, REG_ATTENDED));
    assert_false(registration_may_change(REG_WAITLISTED, REG_NO_SHOW));
    assert_false(registration_may_change(REG_REGISTERED, REG_WAITLISTED));
    assert_false(registration_may_change(REG_ATTENDED, REG_NO_SHOW));
    assert_false(registration_may_change(REG_REGISTERED, REG_REGISTERED));
}

static void
test_event__fee_by_membership(void **state)
{
    (void)state;
    struct event e;
    good_event(&e);
    e.member_fee = 5000;
    e.nonmember_fee = 15000;
    assert_int_equal(registration_fee(&e, true), 5000);
    assert_int_equal(registration_fee(&e, false), 15000);
    event_release(&e);
}

static void
test_event__registration_needs_org_name_and_valid_email(void **state)
{
    (void)state;
    struct registration g;
    struct err err = ERR_INIT;
    registration_init(&g);
    org_set_str(&g.name, " Olena Kovalenko ");
    org_set_str(&g.email, " Olena@Example.COM ");
    assert_int_equal(registration_validate(&g, &err), -1);
    assert_string_equal(err.field, "organisation_id");
    g.organisation_id = 7;
    err_clear(&err);
    assert_int_equal(registration_validate(&g, &err), 0);
    assert_string_equal(g.name, "Olena Kovalenko");
    assert_string_equal(g.email, "olena@example.com");

    org_set_str(&g.email, "not an address");
    assert_int_equal(registration_validate(&g, &err), -1);
    assert_string_equal(err.field, "email");
    err_clear(&err);

    /* Staff may register someone without an address; the public may not. */
    org_set_str(&g.email, "");
    assert_int_equal(registration_validate(&g, &err), 0);
    g.public_source = true;
    assert_int_equal(registration_validate(&g, &err), -1);
    assert_string_equal(err.field, "email");
    err_clear(&err);

    org_set_str(&g.name, "");
    org_set_str(&g.email, "a@b.se");
    assert_int_equal(registration_validate(&g, &err), -1);
    assert_string_equal(err.field, "name");
    registration_release(&g);
}

static void
test_event__public_form_reports_every_fault(void **state)
{
    (void)state;
    struct public_registration p;
    struct err errs[8];
    public_registration_init(&p);
    assert_int_equal(public_registration_validate(&p, errs, 8), 3);
    assert_string_equal(errs[0].field, "name");
    assert_string_equal(errs[1].field, "email");
    assert_string_equal(errs[2].field, "organisation");

    char *long_pos = repeat("p", 201);
    org_set_str(&p.name, "Anna");
    org_set_str(&p.email, "anna@");
    org_set_str(&p.organisation, "ACME");
    org_set_str(&p.position, long_pos);
    assert_int_equal(public_registration_validate(&p, errs, 8), 2);
    assert_string_equal(errs[0].field, "email");
    assert_string_equal(errs[1].field, "position");

    org_set_str(&p.email, " Anna@ACME.de ");
    org_set_str(&p.position, " CTO ");
    assert_int_equal(public_registration_validate(&p, errs, 8), 0);
    assert_string_equal(p.email, "anna@acme.de");
    assert_string_equal(p.position, "CTO");
    free(long_pos);
    public_registration_release(&p);
}

static void
test_event__feedback_rating_1_to_5_and_short_comment(void **state)
{
    (void)state;
    struct err err = ERR_INIT;
    assert_int_equal(feedback_validate(5, "Great", &err), 0);
    assert_int_equal(feedback_validate(1, "", &err), 0);
    assert_int_equal(feedback_validate(0, "", &err), -1);
    assert_string_equal(err.field, "rating");
    err_clear(&err);
    assert_int_equal(feedback_validate(6, "", &err), -1);
    assert_string_equal(err.field, "rating");
    err_clear(&err);
    char *long_comment = repeat("c", 2001);
    assert_int_equal(feedback_validate(4, long_comment, &err), -1);
    assert_string_equal(err.field, "comment");
    free(long_comment);
}

static void
test_event__satisfaction_mean_and_share_of_4_5(void **state)
{
    (void)state;
    struct satisfaction s;
    memset(&s, 0, sizeof(s));
    satisfaction_finish(&s);
    assert_int_equal(s.responses, 0);
    assert_true(s.mean == 0);
    assert_int_equal(s.share_4_5, 0);

    int ratings[] = { 5, 4, 3, 5, 2, 0, 6 }; /* 0 and 6 are no ratings */
    for (size_t i = 0; i < sizeof(ratings) / sizeof(ratings[0]); i++)
        satisfaction_add(&s, ratings[i]);
    satisfaction_finish(&s);
    assert_int_equal(s.responses, 5);
    assert_int_equal(s.by_rating[5], 2);
    assert_int_equal(s.by_rating[3], 1);
    assert_true(s.mean > 3.79 && s.mean < 3.81); /* 19 / 5 */
    assert_int_equal(s.share_4_5, 600);

    /* 2 of 3: 666.67 per mille, rounded. */
    memset(&s, 0, sizeof(s));
    satisfaction_add(&s, 4);
    satisfaction_add(&s, 5);
    satisfaction_add(&s, 1);
    satisfaction_finish(&s);
    assert_int_equal(s.share_4_5, 667);
}

static void
test_event__working_group_needs_a_name(void **state)
{
    (void)state;
    struct working_group w;
    struct err err = ERR_INIT;
    working_group_init(&w);
    assert_int_equal(working_group_validate(&w, &err), -1);
    assert_string_equal(err.field, "name");
    err_clear(&err);
    org_set_str(&w.name, " Hydrogen ");
    char *long_topic = repeat("t", 201);
    org_set_str(&w.topic, long_topic);
    assert_int_equal(working_group_validate(&w, &err), -1);
    assert_string_equal(err.field, "topic");
    err_clear(&err);
    org_set_str(&w.topic, "Fuel cells");
    char *long_desc = repeat("d", 5001);
    org_set_str(&w.description, long_desc);
    assert_int_equal(working_group_validate(&w, &err), -1);
    assert_string_equal(err.field, "description");
    err_clear(&err);
    org_set_str(&w.description, "");
    assert_int_equal(working_group_validate(&w, &err), 0);
    assert_string_equal(w.name, "Hydrogen");
    free(long_topic);
    free(long_desc);
    working_group_release(&w);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_event__kinds_have_names_labels_and_parse_either),
        cmocka_unit_test(
            test_event__valid_event_is_trimmed_and_times_normalised),
        cmocka_unit_test(test_event__each_bad_field_is_named),
        cmocka_unit_test(test_event__all_faults_are_reported_at_once),
        cmocka_unit_test(test_event__time_parse_takes_t_space_and_seconds),
        cmocka_unit_test(
            test_event__time_parse_refuses_what_is_not_a_real_time),
        cmocka_unit_test(test_event__time_day_is_the_dates_day_number),
        cmocka_unit_test(test_event__statuses_have_names_labels_and_parse),
        cmocka_unit_test(
            test_event__registered_attended_and_no_show_hold_places),
        cmocka_unit_test(test_event__new_registration_waitlisted_once_full),
        cmocka_unit_test(test_event__allowed_status_changes),
        cmocka_unit_test(test_event__fee_by_membership),
        cmocka_unit_test(
            test_event__registration_needs_org_name_and_valid_email),
        cmocka_unit_test(test_event__public_form_reports_every_fault),
        cmocka_unit_test(test_event__feedback_rating_1_to_5_and_short_comment),
        cmocka_unit_test(test_event__satisfaction_mean_and_share_of_4_5),
        cmocka_unit_test(test_event__working_group_needs_a_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
