/*
 * Rules of the recruitment funnel (src/core/lead.c): a lead's stage on a
 * day from dated facts (the 3-month rule, renewal, joining, do not
 * contact, leaving the base), warm periods, names of kinds and stages,
 * settings, activity validation, and the funnel over past months on a
 * small population whose figures are worked out by hand below.
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
#include "base/mem.h"
#include "core/lead.h"
#include "test_day.h"


/* Facts of a lead in the base since long ago, with its warm periods
 * merged from the signals (room for 8). */
struct lead_case {
    struct lead_facts f;
    struct day_span warm[8];
    struct day_span members[4];
};

static void
lead_case_init(struct lead_case *c, const int32_t *signals, size_t n)
{
    memset(c, 0, sizeof(*c));
    c->f.organisation_id = 1;
    c->f.since = day("2020-01-01");
    c->f.left = DAY_NEVER;
    c->f.dnc_from = DAY_NEVER;
    c->f.nwarm = warm_periods_merge(signals, n, WARM_DAYS_DEFAULT, c->warm);
    c->f.warm = c->warm;
    c->f.members = c->members;
}

static void
add_member(struct lead_case *c, int32_t from, int32_t until)
{
    c->members[c->f.nmembers++] = (struct day_span){ from, until };
}

#define TODAY "2026-06-15"

static void
test_lead__signal_89_days_ago_is_warm(void **state)
{
    (void)state;
    int32_t t = day(TODAY), until = 0;
    int32_t s[] = { t - 89 };
    struct lead_case c;
    lead_case_init(&c, s, 1);
    assert_int_equal(lead_stage_on(&c.f, t, &until), LEAD_WARM);
    assert_int_equal(until, t - 89 + 90);
}

static void
test_lead__signal_90_days_ago_is_warm_on_its_last_day(void **state)
{
    (void)state;
    int32_t t = day(TODAY), until = 0;
    int32_t s[] = { t - 90 };
    struct lead_case c;
    lead_case_init(&c, s, 1);
    assert_int_equal(lead_stage_on(&c.f, t, &until), LEAD_WARM);
    assert_int_equal(until, t);
}

static void
test_lead__signal_91_days_ago_is_cold(void **state)
{
    (void)state;
    int32_t t = day(TODAY), until = 42;
    int32_t s[] = { t - 91 };
    struct lead_case c;
    lead_case_init(&c, s, 1);
    assert_int_equal(lead_stage_on(&c.f, t, &until), LEAD_COLD);
    assert_int_equal(until, 0);
    assert_int_equal(lead_stage_on(&c.f, t - 1, &until), LEAD_WARM);
    assert_int_equal(until, t - 1);
}

static void
test_lead__no_signal_is_cold_and_before_the_signal_too(void **state)
{
    (void)state;
    int32_t t = day(TODAY);
    struct lead_case c;
    lead_case_init(&c, NULL, 0);
    assert_int_equal(lead_stage_on(&c.f, t, NULL), LEAD_COLD);
    int32_t s[] = { t - 10 };
    lead_case_init(&c, s, 1);
    assert_int_equal(lead_stage_on(&c.f, t - 11, NULL), LEAD_COLD);
    assert_int_equal(lead_stage_on(&c.f, t - 10, NULL), LEAD_WARM);
}

static void
test_lead__a_new_signal_renews_warmth(void **state)
{
    (void)state;
    int32_t t = day(TODAY), until = 0;
    /* Cold again after the first, then a new signal 30 days ago. */
    int32_t s[] = { t - 200, t - 30 };
    struct lead_case c;
    lead_case_init(&c, s, 2);
    assert_int_equal(c.f.nwarm, 2);
    assert_int_equal(lead_stage_on(&c.f, t - 100, NULL), LEAD_COLD);
    assert_int_equal(lead_stage_on(&c.f, t, &until), LEAD_WARM);
    assert_int_equal(until, t + 60);
    /* A second signal inside the window pushes its end out. */
    int32_t r[] = { t - 100, t - 10 };
    lead_case_init(&c, r, 2);
    assert_int_equal(c.f.nwarm, 1);
    assert_int_equal(lead_stage_on(&c.f, t, &until), LEAD_WARM);
    assert_int_equal(until, t + 80);
    assert_int_equal(lead_stage_on(&c.f, t + 80, NULL), LEAD_WARM);
    assert_int_equal(lead_stage_on(&c.f, t + 81, NULL), LEAD_COLD);
}

static void
test_lead__joining_makes_a_member_whatever_else_holds(void **state)
{
    (void)state;
    int32_t t = day(TODAY), until = 7;
    int32_t s[] = { t - 20 };
    struct lead_case c;
    lead_case_init(&c, s, 1);
    add_member(&c, t - 5, DAY_NEVER);
    c.f.dnc_from = t - 40;
    assert_int_equal(lead_stage_on(&c.f, t, &until), LEAD_MEMBER);
    assert_int_equal(until, 0);
    /* Before joining, the do-not-contact day counts. */
    assert_int_equal(lead_stage_on(&c.f, t - 6, NULL), LEAD_DO_NOT_CONTACT);
}

static void
test_lead__after_the_membership_ends_the_lead_is_cold_or_warm(void **state)
{
    (void)state;
    int32_t t = day(TODAY);
    struct lead_case c;
    lead_case_init(&c, NULL, 0);
    /* Joined, ended 10 days ago (the last member day the day before). */
    add_member(&c, t - 400, t - 11);
    assert_int_equal(lead_stage_on(&c.f, t - 11, NULL), LEAD_MEMBER);
    assert_int_equal(lead_stage_on(&c.f, t - 10, NULL), LEAD_COLD);
    int32_t s[] = { t - 50 };
    struct lead_case w;
    lead_case_init(&w, s, 1);
    add_member(&w, t - 400, t - 11);
    assert_int_equal(lead_stage_on(&w.f, t - 10, NULL), LEAD_WARM);
}

static void
test_lead__do_not_contact_wins_over_warm_not_over_member(void **state)
{
    (void)state;
    int32_t t = day(TODAY), until = 5;
    int32_t s[] = { t - 10 };
    struct lead_case c;
    lead_case_init(&c, s, 1);
    c.f.dnc_from = t - 3;
    assert_int_equal(lead_stage_on(&c.f, t, &until), LEAD_DO_NOT_CONTACT);
    assert_int_equal(until, 0);
    assert_int_equal(lead_stage_on(&c.f, t - 4, NULL), LEAD_WARM);
    c.f.dnc_from = t + 1;
    assert_int_equal(lead_stage_on(&c.f, t, NULL), LEAD_WARM);
    c.f.dnc_from = t - 3;
    add_member(&c, t - 1, DAY_NEVER);
    assert_int_equal(lead_stage_on(&c.f, t, NULL), LEAD_MEMBER);
}

static void
test_lead__in_the_base_from_since_until_it_leaves(void **state)
{
    (void)state;
    int32_t t = day(TODAY);
    struct lead_case c;
    lead_case_init(&c, NULL, 0);
    c.f.since = t;
    assert_false(lead_in_base(&c.f, t - 1));
    assert_true(lead_in_base(&c.f, t));
    assert_true(lead_in_base(&c.f, t + 1000));
    c.f.left = t + 10;
    assert_true(lead_in_base(&c.f, t + 9));
    assert_false(lead_in_base(&c.f, t + 10));
}

static void
test_lead__warm_periods_merge_overlapping_and_touching(void **state)
{
    (void)state;
    struct day_span out[8];
    /* Overlap: 0..90 and 50..140 -> 0..140; duplicates allowed. */
    int32_t a[] = { 0, 50, 50 };
    assert_int_equal(warm_periods_merge(a, 3, 90, out), 1);
    assert_int_equal(out[0].from, 0);
    assert_int_equal(out[0].until, 140);
    /* Touching: 0..90 and 91..181 -> one period. */
    int32_t b[] = { 0, 91 };
    assert_int_equal(warm_periods_merge(b, 2, 90, out), 1);
    assert_int_equal(out[0].until, 181);
    /* A gap of one day (91 cold): 0..90 and 92..182. */
    int32_t c[] = { 0, 92 };
    assert_int_equal(warm_periods_merge(c, 2, 90, out), 2);
    assert_int_equal(out[0].until, 90);
    assert_int_equal(out[1].from, 92);
    assert_int_equal(out[1].until, 182);
    /* A signal inside a long period does not shorten it. */
    int32_t d[] = { 0, 10, 20 };
    assert_int_equal(warm_periods_merge(d, 3, 5, out), 3);
    assert_int_equal(warm_periods_merge(NULL, 0, 90, out), 0);
}

static void
test_lead__kinds_parse_by_name_and_label_and_round_trip(void **state)
{
    (void)state;
    enum activity_kind k;
    for (int i = 0; i < ACTIVITY__COUNT; i++) {
        assert_int_equal(activity_kind_parse(activity_kind_name(i), &k), 0);
        assert_int_equal(k, i);
        assert_int_equal(activity_kind_parse(activity_kind_label(i), &k), 0);
        assert_int_equal(k, i);
    }
    assert_int_equal(activity_kind_parse("  E-MAIL SENT ", &k), 0);
    assert_int_equal(k, ACTIVITY_EMAIL_OUT);
    assert_string_equal(activity_kind_name(ACTIVITY_EMAIL_REPLY),
                        "email_reply");
    assert_string_equal(activity_kind_name(ACTIVITY_EVENT_ATTENDANCE),
                        "event_attendance");
    k = ACTIVITY_CALL;
    assert_int_equal(activity_kind_parse("fax", &k), -1);
    assert_int_equal(activity_kind_parse("", &k), -1);
    assert_int_equal(k, ACTIVITY_CALL);
}

static void
test_lead__channels_of_kinds(void **state)
{
    (void)state;
    assert_int_equal(activity_channel(ACTIVITY_EMAIL_OUT), CHANNEL_EMAIL);
    assert_int_equal(activity_channel(ACTIVITY_EMAIL_REPLY), CHANNEL_NONE);
    assert_int_equal(activity_channel(ACTIVITY_CALL), CHANNEL_CALL);
    assert_int_equal(activity_channel(ACTIVITY_VISIT), CHANNEL_MEETING);
    assert_int_equal(activity_channel(ACTIVITY_EVENT_REGISTRATION),
                     CHANNEL_EVENT);
    assert_int_equal(activity_channel(ACTIVITY_SOCIAL), CHANNEL_SOCIAL);
    assert_int_equal(activity_channel(ACTIVITY_ENQUIRY), CHANNEL_NONE);
    assert_int_equal(activity_channel(ACTIVITY_NOTE), CHANNEL_NONE);
    assert_string_equal(channel_label(CHANNEL_EMAIL), "E-mail");
    assert_string_equal(channel_label(CHANNEL_CALL), "Calls");
}

static void
test_lead__stages_parse_and_name(void **state)
{
    (void)state;
    enum lead_stage s;
    const char *names[] = { "cold", "warm", "member", "do_not_contact" };
    for (int i = 0; i < LEAD__STAGE_COUNT; i++) {
        assert_string_equal(lead_stage_name(i), names[i]);
        assert_int_equal(lead_stage_parse(names[i], &s), 0);
        assert_int_equal(s, i);
        assert_int_equal(lead_stage_parse(lead_stage_label(i), &s), 0);
        assert_int_equal(s, i);
    }
    assert_int_equal(lead_stage_parse("Do not contact", &s), 0);
    assert_int_equal(s, LEAD_DO_NOT_CONTACT);
    assert_int_equal(lead_stage_parse("hot", &s), -1);
}

static void
test_lead__signal_kinds_format_and_parse(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    signal_kinds_format(SIGNAL_KINDS_DEFAULT, &b);
    assert_string_equal(b.s, "email_reply,meeting,event_attendance,enquiry");
    unsigned k = 0;
    struct err e = ERR_INIT;
    assert_int_equal(signal_kinds_parse(b.s, &k, &e), 0);
    assert_int_equal(k, SIGNAL_KINDS_DEFAULT);
    assert_int_equal(signal_kinds_parse(" Call , note,", &k, &e), 0);
    assert_int_equal(k, (1u << ACTIVITY_CALL) | (1u << ACTIVITY_NOTE));
    unsigned kept = k;
    assert_int_equal(signal_kinds_parse("call,fax", &k, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, "signal_kinds");
    assert_int_equal(k, kept);
    buf_release(&b);
}

static void
test_lead__settings_default_and_limits(void **state)
{
    (void)state;
    struct funnel_settings s;
    funnel_settings_default(&s);
    assert_int_equal(s.warm_days, 90);
    assert_int_equal(s.signal_kinds, SIGNAL_KINDS_DEFAULT);
    assert_string_equal(s.timezone, "Europe/Berlin");
    struct err e = ERR_INIT;
    assert_int_equal(funnel_settings_validate(&s, &e), 0);
    s.warm_days = 0;
    assert_int_equal(funnel_settings_validate(&s, &e), -1);
    assert_string_equal(e.field, "warm_days");
    s.warm_days = WARM_DAYS_MAX;
    s.signal_kinds = 0;
    err_clear(&e);
    assert_int_equal(funnel_settings_validate(&s, &e), -1);
    assert_string_equal(e.field, "signal_kinds");
    s.signal_kinds = 1;
    memcpy(s.timezone, "Europe/Kyiv; DROP", sizeof("Europe/Kyiv; DROP"));
    err_clear(&e);
    assert_int_equal(funnel_settings_validate(&s, &e), -1);
    assert_string_equal(e.field, "timezone");
    s.timezone[0] = '\0';
    err_clear(&e);
    assert_int_equal(funnel_settings_validate(&s, &e), -1);
    memcpy(s.timezone, "America/Port-au-Prince",
           sizeof("America/Port-au-Prince"));
    err_clear(&e);
    assert_int_equal(funnel_settings_validate(&s, &e), 0);
}

static void
assert_activity_invalid(struct activity *a, const char *field)
{
    struct err e = ERR_INIT;
    assert_int_equal(activity_validate(a, day(TODAY), &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, field);
}

static void
test_lead__activity_validate_rejects_future_and_bad_fields(void **state)
{
    (void)state;
    struct activity a;
    activity_init(&a);
    a.organisation_id = 3;
    a.kind = ACTIVITY_CALL;
    memcpy(a.date, TODAY, 11);
    free(a.text);
    a.text = xstrdup("  Called the CEO.\n");
    struct err e = ERR_INIT;
    assert_int_equal(activity_validate(&a, day(TODAY), &e), 0);
    assert_string_equal(a.text, "Called the CEO.");
    memcpy(a.date, "2026-06-16", 11);
    assert_activity_invalid(&a, "date");
    memcpy(a.date, "2026-02-30", 11);
    assert_activity_invalid(&a, "date");
    a.date[0] = '\0';
    assert_activity_invalid(&a, "date");
    memcpy(a.date, "2025-12-31", 11);
    a.kind = (enum activity_kind)ACTIVITY__COUNT;
    assert_activity_invalid(&a, "kind");
    a.kind = ACTIVITY_NOTE;
    a.organisation_id = 0;
    assert_activity_invalid(&a, "organisation_id");
    a.organisation_id = 3;
    free(a.text);
    a.text = xmalloc(10002);
    memset(a.text, 'x', 10001);
    a.text[10001] = '\0';
    assert_activity_invalid(&a, "text");
    a.text[10000] = '\0';
    assert_int_equal(activity_validate(&a, day(TODAY), &e), 0);
    activity_release(&a);
}

/*
 * The population of the funnel test, in the base since January unless
 * said (warm 90 days):
 *   A  cold throughout
 *   B  signal 05-10 (warm through 08-08)
 *   C  signal 01-20 (warm through 04-20, cold again from 04-21)
 *   D  since 02-01, signal 04-01, joined 05-15
 *   E  in the base from 05-20, cold
 *   F  do not contact from 04-10
 *   G  archived 05-05
 *   H  joined 04-15 from cold
 * April and May of 2026, today 2026-06-15.
 */
struct population {
    struct lead_case c[8];
};

static void
population_init(struct population *p)
{
    int32_t b[] = { day("2026-05-10") }, c[] = { day("2026-01-20") },
            d[] = { day("2026-04-01") };
    lead_case_init(&p->c[0], NULL, 0);
    lead_case_init(&p->c[1], b, 1);
    lead_case_init(&p->c[2], c, 1);
    lead_case_init(&p->c[3], d, 1);
    p->c[3].f.since = day("2026-02-01");
    add_member(&p->c[3], day("2026-05-15"), DAY_NEVER);
    lead_case_init(&p->c[4], NULL, 0);
    p->c[4].f.since = day("2026-05-20");
    lead_case_init(&p->c[5], NULL, 0);
    p->c[5].f.dnc_from = day("2026-04-10");
    lead_case_init(&p->c[6], NULL, 0);
    p->c[6].f.left = day("2026-05-05");
    lead_case_init(&p->c[7], NULL, 0);
    add_member(&p->c[7], day("2026-04-15"), DAY_NEVER);
    for (int i = 0; i < 8; i++) {
        p->c[i].f.organisation_id = i + 1;
        p->c[i].f.since = p->c[i].f.since == day("2020-01-01")
                              ? day("2026-01-01")
                              : p->c[i].f.since;
    }
}

static void
facts_of(struct population *p, struct lead_facts out[8])
{
    for (int i = 0; i < 8; i++) {
        out[i] = p->c[i].f;
        out[i].warm = p->c[i].warm;
        out[i].members = p->c[i].members;
    }
}

static void
test_lead__funnel_of_past_months_by_hand(void **state)
{
    (void)state;
    struct population p;
    population_init(&p);
    struct lead_facts f[8];
    facts_of(&p, f);
    struct funnel_month m[2];
    memset(m, 0x55, sizeof(m));
    funnel_compute(f, 8, 2026, 5, 2, day(TODAY), m);

    /* April: at 04-30 cold A B C G, warm D, member H, dnc F; E not yet.
     * On 03-31 cold were A B D F G H (C warm): 6. */
    assert_int_equal(m[0].year, 2026);
    assert_int_equal(m[0].month, 4);
    assert_int_equal(m[0].stage[LEAD_COLD], 4);
    assert_int_equal(m[0].stage[LEAD_WARM], 1);
    assert_int_equal(m[0].stage[LEAD_MEMBER], 1);
    assert_int_equal(m[0].stage[LEAD_DO_NOT_CONTACT], 1);
    assert_int_equal(m[0].base, 5);
    assert_int_equal(m[0].cold_growth, -2);
    assert_int_equal(m[0].new_leads, 0);
    assert_int_equal(m[0].warmed, 1);      /* D */
    assert_int_equal(m[0].cooled, 1);      /* C */
    assert_int_equal(m[0].conversions, 1); /* H */
    assert_int_equal(m[0].conversions_warm, 0);
    for (int c = 0; c < CHANNEL__COUNT; c++)
        assert_int_equal(m[0].outreach[c], 0);

    /* May: at 05-31 cold A C E, warm B, member D, dnc F; G left. */
    assert_int_equal(m[1].month, 5);
    assert_int_equal(m[1].stage[LEAD_COLD], 3);
    assert_int_equal(m[1].stage[LEAD_WARM], 1);
    assert_int_equal(m[1].stage[LEAD_MEMBER], 2);
    assert_int_equal(m[1].stage[LEAD_DO_NOT_CONTACT], 1);
    assert_int_equal(m[1].base, 4);
    assert_int_equal(m[1].cold_growth, -1);
    assert_int_equal(m[1].new_leads, 1);   /* E */
    assert_int_equal(m[1].warmed, 1);      /* B */
    assert_int_equal(m[1].cooled, 0);      /* D joined while warm */
    assert_int_equal(m[1].conversions, 1); /* D */
    assert_int_equal(m[1].conversions_warm, 1);
}

static void
test_lead__funnel_of_the_running_month_is_judged_today(void **state)
{
    (void)state;
    /* Two leads whose warmth ends 06-10 and 06-20; today is 06-15. */
    int32_t a[] = { day("2026-06-10") - 90 }, b[] = { day("2026-06-20") - 90 };
    struct lead_case c[2];
    lead_case_init(&c[0], a, 1);
    lead_case_init(&c[1], b, 1);
    struct lead_facts f[2] = { c[0].f, c[1].f };
    f[0].warm = c[0].warm;
    f[1].warm = c[1].warm;
    struct funnel_month m[3];
    funnel_compute(f, 2, 2026, 6, 3, day(TODAY), m);
    assert_int_equal(m[0].month, 4);
    assert_int_equal(m[2].month, 6);
    assert_int_equal(m[2].stage[LEAD_WARM], 1);
    assert_int_equal(m[2].stage[LEAD_COLD], 1);
    assert_int_equal(m[2].cooled, 1);
    assert_int_equal(m[2].cold_growth, 1);
    /* Both turned warm in March, before the window. */
    assert_int_equal(m[0].warmed + m[1].warmed + m[2].warmed, 0);
    assert_int_equal(m[0].stage[LEAD_WARM], 2);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lead__signal_89_days_ago_is_warm),
        cmocka_unit_test(test_lead__signal_90_days_ago_is_warm_on_its_last_day),
        cmocka_unit_test(test_lead__signal_91_days_ago_is_cold),
        cmocka_unit_test(
            test_lead__no_signal_is_cold_and_before_the_signal_too),
        cmocka_unit_test(test_lead__a_new_signal_renews_warmth),
        cmocka_unit_test(test_lead__joining_makes_a_member_whatever_else_holds),
        cmocka_unit_test(
            test_lead__after_the_membership_ends_the_lead_is_cold_or_warm),
        cmocka_unit_test(
            test_lead__do_not_contact_wins_over_warm_not_over_member),
        cmocka_unit_test(test_lead__in_the_base_from_since_until_it_leaves),
        cmocka_unit_test(
            test_lead__warm_periods_merge_overlapping_and_touching),
        cmocka_unit_test(
            test_lead__kinds_parse_by_name_and_label_and_round_trip),
        cmocka_unit_test(test_lead__channels_of_kinds),
        cmocka_unit_test(test_lead__stages_parse_and_name),
        cmocka_unit_test(test_lead__signal_kinds_format_and_parse),
        cmocka_unit_test(test_lead__settings_default_and_limits),
        cmocka_unit_test(
            test_lead__activity_validate_rejects_future_and_bad_fields),
        cmocka_unit_test(test_lead__funnel_of_past_months_by_hand),
        cmocka_unit_test(
            test_lead__funnel_of_the_running_month_is_judged_today),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
