/*
 * Tests of src/io/funnel_json.c: the API's member names for activities,
 * leads, the funnel board and months, events, registrations and working
 * groups; what input is refused, with which field named; and that a
 * refused body changes nothing.
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
#include "io/funnel_json.h"
#include "io/org_json.h"
#include "test_day.h"

/* An activity owns plain heap strings (events use org_set_str). */
static void
set_text(char **field, const char *s)
{
    free(*field);
    *field = xstrdup(s);
}

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

static void
assert_null_at(const json_t *j, const char *key)
{
    const json_t *v = json_object_get(j, key);
    if (!json_is_null(v))
        fail_msg("%s is not null", key);
}


static int
activity_apply(struct activity *a, const char *s, bool require_all,
               struct err *err)
{
    json_t *j = parse(s);
    int rc = activity_from_json(j, a, require_all, err);
    json_decref(j);
    return rc;
}

static void
test_funnel_json__activity_written_with_api_names(void **state)
{
    (void)state;
    struct activity a;
    struct buf b = BUF_INIT;
    struct jsonw w;

    activity_init(&a);
    a.id = 7;
    a.organisation_id = 3;
    a.kind = ACTIVITY_EMAIL_REPLY;
    memcpy(a.date, "2027-03-01", 11);
    set_text(&a.text, "Interested in the spring seminar");
    set_text(&a.author, "manager@alpha.test");
    a.signal = true;
    jsonw_init(&w, &b);
    activity_write_json(&w, &a);
    json_t *j = reread(&b);
    assert_int_equal(int_at(j, "id"), 7);
    assert_int_equal(int_at(j, "organisation_id"), 3);
    assert_string_equal(str_at(j, "kind"), "email_reply");
    assert_string_equal(str_at(j, "date"), "2027-03-01");
    assert_string_equal(str_at(j, "text"), "Interested in the spring seminar");
    assert_true(json_is_true(json_object_get(j, "signal")));
    assert_null_at(j, "contact_id");
    assert_null_at(j, "registration_id");
    assert_null_at(j, "author_id");
    json_decref(j);
    activity_release(&a);
}

static void
test_funnel_json__activity_create_reads_members(void **state)
{
    (void)state;
    struct err err = ERR_INIT;
    struct activity a;

    activity_init(&a);
    assert_int_equal(
        activity_apply(&a,
                       "{\"organisation_id\": 4, \"contact_id\": null, "
                       "\"kind\": \"Meeting\", \"date\": \"2027-02-03\", "
                       "\"text\": \"Lunch\", \"signal\": false, \"id\": 9}",
                       true, &err),
        0);
    assert_int_equal(a.organisation_id, 4);
    assert_int_equal(a.contact_id, 0);
    assert_int_equal(a.kind, ACTIVITY_MEETING);
    assert_string_equal(a.date, "2027-02-03");
    assert_string_equal(a.text, "Lunch");
    assert_int_equal(a.id, 0); /* read-only, ignored */
    activity_release(&a);
}

static void
test_funnel_json__activity_refusals_name_the_member(void **state)
{
    (void)state;
    static const struct {
        const char *body;
        const char *field;
    } cases[] = {
        { "{\"organisation_id\": 4, \"kind\": \"fax\"}", "kind" },
        { "{\"organisation_id\": 4}", "kind" },
        { "{\"kind\": \"call\"}", "organisation_id" },
        { "{\"organisation_id\": 0, \"kind\": \"call\"}", "organisation_id" },
        { "{\"organisation_id\": 4, \"kind\": \"call\", \"date\": "
          "\"2027-02-30\"}",
          "date" },
        { "{\"organisation_id\": 4, \"kind\": \"call\", \"colour\": 1}",
          "colour" },
        { "{\"organisation_id\": 4, \"kind\": \"call\", \"contact_id\": "
          "\"x\"}",
          "contact_id" },
        { "{\"organisation_id\": 4, \"kind\": \"call\", \"text\": 5}", "text" },
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct err err = ERR_INIT;
        struct activity a;
        activity_init(&a);
        set_text(&a.text, "before");
        assert_int_equal(activity_apply(&a, cases[i].body, true, &err), -1);
        assert_int_equal(err.code, ERR_INVALID);
        assert_string_equal(err.field, cases[i].field);
        /* Nothing changed. */
        assert_string_equal(a.text, "before");
        assert_int_equal(a.organisation_id, 0);
        assert_int_equal(a.kind, ACTIVITY_NOTE);
        activity_release(&a);
    }
}

static void
test_funnel_json__activity_change_keeps_its_organisation(void **state)
{
    (void)state;
    struct err err = ERR_INIT;
    struct activity a;

    activity_init(&a);
    a.organisation_id = 4;
    a.kind = ACTIVITY_CALL;
    memcpy(a.date, "2027-01-05", 11);
    assert_int_equal(
        activity_apply(&a, "{\"organisation_id\": 5}", false, &err), -1);
    assert_string_equal(err.field, "organisation_id");
    assert_int_equal(a.organisation_id, 4);
    /* Its own id is fine, and members not sent keep their values. */
    assert_int_equal(activity_apply(&a,
                                    "{\"organisation_id\": 4, \"text\": "
                                    "\"Called back\"}",
                                    false, &err),
                     0);
    assert_int_equal(a.kind, ACTIVITY_CALL);
    assert_string_equal(a.date, "2027-01-05");
    assert_string_equal(a.text, "Called back");
    activity_release(&a);
}

static void
test_funnel_json__body_not_an_object_is_bad_request(void **state)
{
    (void)state;
    struct err err = ERR_INIT;
    struct activity a;
    json_t *j = json_array();

    activity_init(&a);
    assert_int_equal(activity_from_json(j, &a, true, &err), -1);
    assert_int_equal(err.code, ERR_BAD_REQUEST);
    json_decref(j);
    activity_release(&a);
}

static void
test_funnel_json__lead_warm_until_only_when_warm(void **state)
{
    (void)state;
    struct lead l;
    struct buf b = BUF_INIT;
    struct jsonw w;

    memset(&l, 0, sizeof(l));
    l.organisation_id = 12;
    l.name = (char *)"Nordic Optics";
    l.city = (char *)"Lund";
    l.source = (char *)"trade fair";
    l.owner_name = (char *)"";
    l.dnc_reason = (char *)"";
    l.stage = LEAD_COLD;
    memcpy(l.since, "2026-01-01", 11);
    memcpy(l.warm_until, "2027-06-01", 11); /* stale: not warm */
    jsonw_init(&w, &b);
    lead_write_json(&w, &l);
    json_t *j = reread(&b);
    assert_string_equal(str_at(j, "stage"), "cold");
    assert_null_at(j, "warm_until");
    assert_null_at(j, "owner_id");
    assert_null_at(j, "last_signal");
    assert_true(json_is_false(json_object_get(j, "do_not_contact")));
    assert_string_equal(str_at(j, "source"), "trade fair");
    json_decref(j);

    l.stage = LEAD_WARM;
    l.owner_id = 2;
    memcpy(l.dnc_on, "2027-01-01", 11);
    jsonw_init(&w, &b);
    lead_write_json(&w, &l);
    j = reread(&b);
    assert_string_equal(str_at(j, "stage"), "warm");
    assert_string_equal(str_at(j, "warm_until"), "2027-06-01");
    assert_int_equal(int_at(j, "owner_id"), 2);
    assert_true(json_is_true(json_object_get(j, "do_not_contact")));
    assert_string_equal(str_at(j, "do_not_contact_on"), "2027-01-01");
    json_decref(j);
}

static void
update_unchanged(struct lead_update *u, int64_t org)
{
    memset(u, 0, sizeof(*u));
    u->organisation_id = org;
    u->owner_id = -1;
    u->dnc = -1;
}

static void
test_funnel_json__lead_update_reads_changes(void **state)
{
    (void)state;
    struct err err = ERR_INIT;
    struct lead_update u;
    json_t *j = parse("{\"owner_id\": null, \"do_not_contact\": true, "
                      "\"do_not_contact_reason\": \"asked by phone\", "
                      "\"stage\": \"warm\", \"name\": \"ignored\"}");

    update_unchanged(&u, 12);
    assert_int_equal(lead_update_from_json(j, &u, &err), 0);
    assert_int_equal(u.owner_id, 0);
    assert_int_equal(u.dnc, 1);
    assert_null(u.dnc_on);
    assert_string_equal(u.dnc_reason, "asked by phone");
    assert_null(u.source);
    assert_null(u.since);
    json_decref(j);

    j = parse("{\"source\": \"web\", \"since\": \"2026-05-01\"}");
    update_unchanged(&u, 12);
    assert_int_equal(lead_update_from_json(j, &u, &err), 0);
    assert_int_equal(u.owner_id, -1);
    assert_int_equal(u.dnc, -1);
    assert_string_equal(u.source, "web");
    assert_string_equal(u.since, "2026-05-01");
    json_decref(j);
}

static void
test_funnel_json__lead_update_refusals(void **state)
{
    (void)state;
    static const struct {
        const char *body;
        const char *field;
    } cases[] = {
        { "{\"owner_id\": -3}", "owner_id" },
        { "{\"since\": \"yesterday\"}", "since" },
        { "{\"do_not_contact\": \"yes\"}", "do_not_contact" },
        { "{\"organisation_id\": 13}", "organisation_id" },
        { "{\"stage_override\": \"warm\"}", "stage_override" },
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct err err = ERR_INIT;
        struct lead_update u;
        json_t *j = parse(cases[i].body);
        update_unchanged(&u, 12);
        assert_int_equal(lead_update_from_json(j, &u, &err), -1);
        assert_string_equal(err.field, cases[i].field);
        assert_int_equal(u.owner_id, -1);
        assert_int_equal(u.dnc, -1);
        assert_null(u.since);
        json_decref(j);
    }
}

static void
test_funnel_json__board_and_months_shape(void **state)
{
    (void)state;
    struct funnel_lead warm[1] = {
        { 5, (char *)"Kraków Lasers", "2027-04-20", 10, (char *)"Ann" },
    };
    struct funnel_board fb;
    struct buf b = BUF_INIT;
    struct jsonw w;

    memset(&fb, 0, sizeof(fb));
    fb.today = day("2027-04-10");
    fb.stage[LEAD_COLD] = 40;
    fb.stage[LEAD_WARM] = 1;
    fb.stage[LEAD_MEMBER] = 12;
    fb.warm = warm;
    fb.nwarm = 1;
    jsonw_init(&w, &b);
    funnel_board_write_json(&w, &fb);
    json_t *j = reread(&b);
    assert_string_equal(str_at(j, "date"), "2027-04-10");
    assert_int_equal(int_at(j, "base"), 41);
    const json_t *stages = json_object_get(j, "stages");
    assert_int_equal(int_at(stages, "cold"), 40);
    assert_int_equal(int_at(stages, "do_not_contact"), 0);
    const json_t *w0 = json_array_get(json_object_get(j, "warm"), 0);
    assert_int_equal(int_at(w0, "days_left"), 10);
    assert_string_equal(str_at(w0, "warm_until"), "2027-04-20");
    assert_int_equal(json_array_size(json_object_get(j, "cooling")), 0);
    assert_int_equal(json_array_size(json_object_get(j, "joined")), 0);
    json_decref(j);

    struct funnel_month m[2];
    memset(m, 0, sizeof(m));
    m[0].year = 2026;
    m[0].month = 12;
    m[1].year = 2027;
    m[1].month = 1;
    m[1].outreach[CHANNEL_EMAIL] = 30;
    m[1].outreach[CHANNEL_EVENT] = 4;
    m[1].outreach[CHANNEL_NONE] = 99; /* inbound: no outreach */
    m[1].cold_growth = -2;
    jsonw_init(&w, &b);
    funnel_months_write_json(&w, m, 2);
    j = reread(&b);
    assert_string_equal(str_at(j, "month"), "2027-01");
    assert_int_equal(int_at(j, "months"), 2);
    const json_t *items = json_object_get(j, "items");
    assert_int_equal(json_array_size(items), 2);
    const json_t *jan = json_array_get(items, 1);
    assert_string_equal(str_at(jan, "month"), "2027-01");
    assert_int_equal(int_at(jan, "cold_growth"), -2);
    const json_t *out = json_object_get(jan, "outreach");
    assert_int_equal(int_at(out, "email"), 30);
    assert_int_equal(int_at(out, "event"), 4);
    assert_int_equal(int_at(out, "total"), 34);
    assert_null(json_object_get(out, "none"));
    json_decref(j);
}

static void
test_funnel_json__event_with_fees_and_satisfaction(void **state)
{
    (void)state;
    struct event e;
    struct event_fees fees = { 10000, 5000, 24000, 0, 2, 2 };
    struct satisfaction sat;
    struct buf b = BUF_INIT;
    struct jsonw w;

    event_init(&e);
    e.id = 3;
    org_set_str(&e.title, "Photonics seminar");
    memcpy(e.starts_at, "2027-05-12T09:30", 17);
    memcpy(e.ends_at, "2027-05-12T12:00", 17);
    e.capacity = 5;
    e.registered = 4;
    e.member_fee = 5000;
    e.nonmember_fee = 12000;
    memset(&sat, 0, sizeof(sat));
    satisfaction_add(&sat, 5);
    satisfaction_add(&sat, 4);
    satisfaction_add(&sat, 4);
    satisfaction_add(&sat, 4);
    satisfaction_add(&sat, 2);
    satisfaction_finish(&sat);
    jsonw_init(&w, &b);
    event_write_json(&w, &e, "EUR", &fees, &sat);
    json_t *j = reread(&b);
    assert_string_equal(str_at(j, "kind"), "seminar");
    assert_string_equal(str_at(j, "starts_at"), "2027-05-12T09:30");
    assert_int_equal(int_at(j, "places_left"), 1);
    assert_int_equal(int_at(j, "member_fee"), 5000);
    assert_string_equal(str_at(j, "currency"), "EUR");
    assert_null_at(j, "working_group_id");
    const json_t *f = json_object_get(j, "fees");
    assert_int_equal(int_at(f, "due"), 34000);
    assert_int_equal(int_at(f, "paid"), 5000);
    const json_t *s = json_object_get(j, "satisfaction");
    assert_int_equal(int_at(s, "responses"), 5);
    assert_true(json_is_real(json_object_get(s, "mean")));
    assert_true(json_real_value(json_object_get(s, "mean")) == 3.8);
    assert_true(json_real_value(json_object_get(s, "share_4_5")) == 0.8);
    assert_int_equal(int_at(json_object_get(s, "by_rating"), "4"), 3);
    json_decref(j);

    /* Without a limit, no places_left; a list writes no fees. */
    e.capacity = 0;
    memset(&sat, 0, sizeof(sat));
    jsonw_init(&w, &b);
    event_write_json(&w, &e, "EUR", NULL, NULL);
    j = reread(&b);
    assert_null_at(j, "places_left");
    assert_null(json_object_get(j, "fees"));
    assert_null(json_object_get(j, "satisfaction"));
    json_decref(j);
    event_release(&e);
}

static void
test_funnel_json__satisfaction_without_responses_is_null(void **state)
{
    (void)state;
    struct event e;
    struct event_fees fees;
    struct satisfaction sat;
    struct buf b = BUF_INIT;
    struct jsonw w;

    event_init(&e);
    memset(&fees, 0, sizeof(fees));
    memset(&sat, 0, sizeof(sat));
    satisfaction_finish(&sat);
    jsonw_init(&w, &b);
    event_write_json(&w, &e, "EUR", &fees, &sat);
    json_t *j = reread(&b);
    const json_t *s = json_object_get(j, "satisfaction");
    assert_null_at(s, "mean");
    assert_null_at(s, "share_4_5");
    json_decref(j);
    event_release(&e);
}

static void
test_funnel_json__event_create_reads_times_and_defaults(void **state)
{
    (void)state;
    struct err err = ERR_INIT;
    struct event e;
    json_t *j = parse("{\"title\": \"B2B day\", \"kind\": \"B2B matchmaking\", "
                      "\"starts_at\": \"2027-06-01 10:00:00\", "
                      "\"capacity\": 40, \"working_group_id\": null, "
                      "\"public\": false, \"fees\": {}}");

    event_init(&e);
    assert_int_equal(event_from_json(j, &e, true, &err), 0);
    assert_string_equal(e.title, "B2B day");
    assert_int_equal(e.kind, EVENT_MATCHMAKING);
    assert_string_equal(e.starts_at, "2027-06-01T10:00");
    assert_string_equal(e.ends_at, "2027-06-01T10:00");
    assert_int_equal(e.capacity, 40);
    assert_int_equal(e.working_group_id, 0);
    assert_false(e.public);
    json_decref(j);
    event_release(&e);
}

static void
test_funnel_json__event_refusals_change_nothing(void **state)
{
    (void)state;
    static const struct {
        const char *body;
        const char *field;
    } cases[] = {
        { "{\"kind\": \"party\"}", "kind" },
        { "{\"starts_at\": \"2027-06-01\"}", "starts_at" },
        { "{\"ends_at\": \"2027-06-01T25:00\"}", "ends_at" },
        { "{\"capacity\": -1}", "capacity" },
        { "{\"member_fee\": 12.5}", "member_fee" },
        { "{\"title\": null}", "title" },
        { "{\"public\": 1}", "public" },
        { "{\"venue\": \"Lund\"}", "venue" },
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct err err = ERR_INIT;
        struct event e;
        json_t *j = parse(cases[i].body);
        event_init(&e);
        org_set_str(&e.title, "Kept");
        memcpy(e.starts_at, "2027-05-01T09:00", 17);
        e.capacity = 7;
        assert_int_equal(event_from_json(j, &e, false, &err), -1);
        assert_int_equal(err.code, ERR_INVALID);
        assert_string_equal(err.field, cases[i].field);
        assert_string_equal(e.title, "Kept");
        assert_string_equal(e.starts_at, "2027-05-01T09:00");
        assert_int_equal(e.capacity, 7);
        assert_int_equal(e.kind, EVENT_SEMINAR);
        json_decref(j);
        event_release(&e);
    }
}

static void
test_funnel_json__registration_bodies(void **state)
{
    (void)state;
    struct err err = ERR_INIT;
    struct registration g;
    json_t *j = parse("{\"event_id\": 2, \"organisation_id\": 5, "
                      "\"contact_id\": null, \"name\": \"Eva\"}");

    registration_init(&g);
    assert_int_equal(registration_from_json(j, &g, &err), 0);
    assert_int_equal(g.event_id, 2);
    assert_int_equal(g.organisation_id, 5);
    assert_int_equal(g.contact_id, 0);
    assert_string_equal(g.name, "Eva");
    assert_string_equal(g.email, "");
    json_decref(j);

    j = parse("{\"organisation_id\": 5}");
    assert_int_equal(registration_from_json(j, &g, &err), -1);
    assert_string_equal(err.field, "event_id");
    json_decref(j);
    registration_release(&g);

    int status = 99;
    const char *paid = "x";
    err_clear(&err);
    j = parse("{\"status\": \"cancelled\"}");
    assert_int_equal(registration_change_from_json(j, &status, &paid, &err), 0);
    assert_int_equal(status, REG_CANCELLED);
    assert_null(paid);
    json_decref(j);

    j = parse("{\"paid_on\": null}");
    assert_int_equal(registration_change_from_json(j, &status, &paid, &err), 0);
    assert_int_equal(status, -1);
    assert_string_equal(paid, "");
    json_decref(j);

    static const struct {
        const char *body;
        const char *field;
    } cases[] = {
        { "{\"status\": \"gone\"}", "status" },
        { "{\"paid_on\": \"31.01.2027\"}", "paid_on" },
        { "{}", "status" },
        { "{\"fee\": 0}", "status" },
        { "{\"status\": \"attended\", \"rating\": 5, \"mood\": 1}", "mood" },
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        err_clear(&err);
        status = 99;
        paid = "x";
        j = parse(cases[i].body);
        assert_int_equal(registration_change_from_json(j, &status, &paid, &err),
                         -1);
        assert_string_equal(err.field, cases[i].field);
        assert_int_equal(status, 99);
        assert_string_equal(paid, "x");
        json_decref(j);
    }
}

static void
test_funnel_json__registration_written_without_token(void **state)
{
    (void)state;
    struct registration g;
    struct buf b = BUF_INIT;
    struct jsonw w;

    registration_init(&g);
    g.id = 4;
    g.event_id = 2;
    g.organisation_id = 5;
    g.status = REG_WAITLISTED;
    g.fee = 12000;
    org_set_str(&g.token, "secret-token-value");
    jsonw_init(&w, &b);
    registration_write_json(&w, &g, "EUR");
    assert_null(strstr(b.s, "secret-token-value"));
    json_t *j = reread(&b);
    assert_string_equal(str_at(j, "status"), "waitlisted");
    assert_int_equal(int_at(j, "fee"), 12000);
    assert_null_at(j, "paid_on");
    assert_null_at(j, "rating");
    assert_string_equal(str_at(j, "source"), "staff");
    json_decref(j);
    registration_release(&g);
}

static void
test_funnel_json__working_group_and_member_bodies(void **state)
{
    (void)state;
    struct err err = ERR_INIT;
    struct working_group g;
    json_t *j = parse("{\"topic\": \"Lasers\"}");

    working_group_init(&g);
    assert_int_equal(working_group_from_json(j, &g, true, &err), -1);
    assert_string_equal(err.field, "name");
    assert_string_equal(g.topic, "");
    json_decref(j);
    j = parse("{\"name\": \"Photonics\", \"coordinator_contact_id\": null, "
              "\"members\": 3}");
    assert_int_equal(working_group_from_json(j, &g, true, &err), 0);
    assert_string_equal(g.name, "Photonics");
    assert_int_equal(g.coordinator_contact_id, 0);
    json_decref(j);
    working_group_release(&g);

    struct group_member m;
    memset(&m, 0, sizeof(m));
    err_clear(&err);
    j = parse("{\"organisation_id\": 8, \"joined_on\": \"2027-02-01\"}");
    assert_int_equal(group_member_from_json(j, &m, &err), 0);
    assert_int_equal(m.organisation_id, 8);
    assert_string_equal(m.joined_on, "2027-02-01");
    json_decref(j);
    j = parse("{\"contact_id\": 3}");
    assert_int_equal(group_member_from_json(j, &m, &err), -1);
    assert_string_equal(err.field, "organisation_id");
    json_decref(j);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_funnel_json__activity_written_with_api_names),
        cmocka_unit_test(test_funnel_json__activity_create_reads_members),
        cmocka_unit_test(test_funnel_json__activity_refusals_name_the_member),
        cmocka_unit_test(
            test_funnel_json__activity_change_keeps_its_organisation),
        cmocka_unit_test(test_funnel_json__body_not_an_object_is_bad_request),
        cmocka_unit_test(test_funnel_json__lead_warm_until_only_when_warm),
        cmocka_unit_test(test_funnel_json__lead_update_reads_changes),
        cmocka_unit_test(test_funnel_json__lead_update_refusals),
        cmocka_unit_test(test_funnel_json__board_and_months_shape),
        cmocka_unit_test(test_funnel_json__event_with_fees_and_satisfaction),
        cmocka_unit_test(
            test_funnel_json__satisfaction_without_responses_is_null),
        cmocka_unit_test(
            test_funnel_json__event_create_reads_times_and_defaults),
        cmocka_unit_test(test_funnel_json__event_refusals_change_nothing),
        cmocka_unit_test(test_funnel_json__registration_bodies),
        cmocka_unit_test(test_funnel_json__registration_written_without_token),
        cmocka_unit_test(test_funnel_json__working_group_and_member_bodies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
