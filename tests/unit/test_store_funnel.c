/*
 * Rules of the funnel store (activity.c, lead.c, funnel.c) against a
 * real SQLite file in a fresh temporary directory: tenancy of
 * activities and leads, a signal warming a lead and its deletion cooling
 * it, the settings rewriting warm periods, the board, the months with
 * outreach by channel, lead updates and lists, and the activity import.
 * Today is 2026-06-15 throughout; leads are put in the base on
 * 2026-01-01.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/mem.h"
#include "core/lead.h"
#include "core/org.h"
#include "store/funnel_store.h"
#include "store/membership_store.h"
#include "store/store.h"

#define TODAY "2026-06-15"

struct fx {
    char dir[64];
    char path[128];
    struct store *st;
    struct cluster a, b;
    struct scope sa, sb;
};

#include "store_fixture.h"
#include "test_day.h"

static int
fx_setup(void **state)
{
    *state = store_fx_new("/tmp/cd-test-funnel-XXXXXX");
    return *state ? 0 : -1;
}

/* ---- helpers ---- */



/* An organisation in the base since 2026-01-01. */
static int64_t
add_lead(struct fx *fx, const struct scope *sc, const char *name)
{
    struct org o;
    struct err e = ERR_INIT;
    org_init(&o);
    org_set_str(&o.name, name);
    o.kind = ORG_KIND_SME;
    if (org_validate(&o, &e) || org_store_create(fx->st, sc, &o, &e))
        fail_msg("org %s: %s", e.field, e.msg);
    int64_t id = o.id;
    org_release(&o);
    struct lead_update u;
    lead_update_init(&u);
    u.organisation_id = id;
    u.since = "2026-01-01";
    if (lead_store_update(fx->st, sc, &u, day(TODAY), &e) != STORE_ONE)
        fail_msg("lead %s: %s", e.field, e.msg);
    return id;
}

static int64_t
add_contact(struct fx *fx, const struct scope *sc, int64_t org,
            const char *name)
{
    struct contact c;
    struct err e = ERR_INIT;
    contact_init(&c);
    c.organisation_id = org;
    org_set_str(&c.name, name);
    if (contact_validate(&c, TODAY, &e) ||
        contact_store_create(fx->st, sc, &c, &e))
        fail_msg("contact %s: %s", e.field, e.msg);
    int64_t id = c.id;
    contact_release(&c);
    return id;
}

static int64_t
add_user(struct fx *fx, const struct scope *sc, const char *email,
         const char *name)
{
    struct user u = { 0 };
    u.email = (char *)email;
    u.name = (char *)name;
    u.role = ROLE_MANAGER;
    int64_t id = 0;
    struct err e = ERR_INIT;
    if (user_store_add(fx->st, sc, &u, "$argon2id$not-a-real-hash", &id, &e))
        fail_msg("user_store_add: %s", e.msg);
    return id;
}

static void
add_membership(struct fx *fx, const struct scope *sc, int64_t org,
               const char *joined)
{
    struct tier t;
    struct err e = ERR_INIT;
    tier_init(&t);
    org_set_str(&t.name, "SME");
    t.annual_fee = 100000;
    if (tier_store_create(fx->st, sc, &t, &e))
        fail_msg("tier: %s", e.msg);
    struct membership m;
    membership_init(&m);
    m.organisation_id = org;
    m.tier_id = t.id;
    org_set_str(&m.applied_on, joined);
    org_set_str(&m.joined_on, joined);
    if (membership_store_create(fx->st, sc, &m, &e))
        fail_msg("membership %s: %s", e.field, e.msg);
    membership_release(&m);
    tier_release(&t);
}

static int
create_activity(struct fx *fx, const struct scope *sc, int64_t org,
                int64_t contact, enum activity_kind kind, const char *date,
                int64_t *id, struct err *e)
{
    struct activity a;
    activity_init(&a);
    a.organisation_id = org;
    a.contact_id = contact;
    a.kind = kind;
    snprintf(a.date, sizeof(a.date), "%s", date);
    free(a.text);
    a.text = xstrdup("  Noted.  ");
    int rc = activity_store_create(fx->st, sc, &a, day(TODAY), e);
    if (id)
        *id = a.id;
    activity_release(&a);
    return rc;
}

static int64_t
add_activity(struct fx *fx, const struct scope *sc, int64_t org,
             enum activity_kind kind, const char *date)
{
    int64_t id = 0;
    struct err e = ERR_INIT;
    if (create_activity(fx, sc, org, 0, kind, date, &id, &e))
        fail_msg("activity %s: %s", e.field, e.msg);
    assert_true(id > 0);
    return id;
}

/* The stage of a lead today; its warm_until into until (11 bytes). */
static enum lead_stage
stage_of(struct fx *fx, int64_t cluster_id, int64_t org, char *until)
{
    struct lead l;
    struct err e = ERR_INIT;
    lead_init(&l);
    if (lead_store_get(fx->st, cluster_id, org, day(TODAY), &l, &e) !=
        STORE_ONE)
        fail_msg("lead %lld: %s", (long long)org, e.msg);
    enum lead_stage s = l.stage;
    if (until)
        memcpy(until, l.warm_until, 11);
    lead_release(&l);
    return s;
}

/* ---- activities ---- */

static void
test_store_funnel__activities_of_another_cluster_are_refused(void **state)
{
    struct fx *fx = *state;
    int64_t mine = add_lead(fx, &fx->sa, "Alpha Lead GmbH");
    int64_t theirs = add_lead(fx, &fx->sb, "Beta Lead AB");
    int64_t their_contact = add_contact(fx, &fx->sb, theirs, "Britt");
    int64_t other_contact =
        add_contact(fx, &fx->sa, add_lead(fx, &fx->sa, "Other"), "Olga");
    struct err e = ERR_INIT;
    int64_t id = 0;
    assert_int_equal(create_activity(fx, &fx->sa, theirs, 0, ACTIVITY_CALL,
                                     "2026-06-01", &id, &e),
                     -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, "organisation_id");
    err_clear(&e);
    assert_int_equal(create_activity(fx, &fx->sa, mine, their_contact,
                                     ACTIVITY_CALL, "2026-06-01", &id, &e),
                     -1);
    assert_string_equal(e.field, "contact_id");
    err_clear(&e);
    /* A contact of the cluster, but of another organisation. */
    assert_int_equal(create_activity(fx, &fx->sa, mine, other_contact,
                                     ACTIVITY_CALL, "2026-06-01", &id, &e),
                     -1);
    assert_string_equal(e.field, "contact_id");
    assert_int_equal(sql_int(fx, "SELECT count(*) FROM activity"), 0);

    id = add_activity(fx, &fx->sa, mine, ACTIVITY_EMAIL_REPLY, "2026-06-01");
    struct activity a;
    activity_init(&a);
    assert_int_equal(activity_store_get(fx->st, fx->b.id, id, &a, &e),
                     STORE_NONE);
    a.id = id;
    a.kind = ACTIVITY_NOTE;
    memcpy(a.date, "2026-06-02", 11);
    assert_int_equal(activity_store_update(fx->st, &fx->sb, &a, day(TODAY), &e),
                     STORE_NONE);
    assert_int_equal(activity_store_delete(fx->st, &fx->sb, id, &e),
                     STORE_NONE);
    activity_release(&a);
    struct activity_filter f = { mine, 0, -1, NULL, NULL, 0, -1 };
    struct activity_list l = { 0 };
    assert_int_equal(activity_store_list(fx->st, fx->b.id, &f, &l, &e), 0);
    assert_int_equal(l.total, 0);
    assert_int_equal(l.n, 0);
    activity_list_release(&l);
    struct lead ld;
    lead_init(&ld);
    assert_int_equal(
        lead_store_get(fx->st, fx->b.id, mine, day(TODAY), &ld, &e),
        STORE_NONE);
    lead_release(&ld);
    /* Untouched: still a reply, still warm. */
    assert_int_equal(stage_of(fx, fx->a.id, mine, NULL), LEAD_WARM);
}

static void
test_store_funnel__a_reply_makes_the_lead_warm_for_90_days(void **state)
{
    struct fx *fx = *state;
    int64_t org = add_lead(fx, &fx->sa, "Warmup Oy");
    char until[11];
    assert_int_equal(stage_of(fx, fx->a.id, org, until), LEAD_COLD);
    assert_string_equal(until, "");
    add_activity(fx, &fx->sa, org, ACTIVITY_EMAIL_OUT, "2026-05-01");
    assert_int_equal(stage_of(fx, fx->a.id, org, NULL), LEAD_COLD);
    int64_t id =
        add_activity(fx, &fx->sa, org, ACTIVITY_EMAIL_REPLY, "2026-06-01");
    assert_int_equal(stage_of(fx, fx->a.id, org, until), LEAD_WARM);
    assert_string_equal(until, "2026-08-30");

    struct activity a;
    struct err e = ERR_INIT;
    activity_init(&a);
    assert_int_equal(activity_store_get(fx->st, fx->a.id, id, &a, &e),
                     STORE_ONE);
    assert_true(a.signal);
    assert_string_equal(a.text, "Noted.");
    assert_string_equal(a.author, "anna@alpha.example");
    assert_string_equal(a.organisation_name, "Warmup Oy");
    activity_release(&a);
    assert_int_equal(sql_int(fx, "SELECT count(*) FROM audit"
                                 " WHERE entity = 'activity'"),
                     2);
    /* A future date is refused and changes nothing. */
    assert_int_equal(create_activity(fx, &fx->sa, org, 0, ACTIVITY_MEETING,
                                     "2026-06-16", NULL, &e),
                     -1);
    assert_string_equal(e.field, "date");
    assert_int_equal(sql_int(fx, "SELECT count(*) FROM activity"), 2);
    assert_string_equal(until, "2026-08-30");
}

static void
test_store_funnel__deleting_the_only_signal_makes_it_cold(void **state)
{
    struct fx *fx = *state;
    int64_t org = add_lead(fx, &fx->sa, "Cooler SA");
    int64_t id = add_activity(fx, &fx->sa, org, ACTIVITY_MEETING, "2026-06-10");
    assert_int_equal(stage_of(fx, fx->a.id, org, NULL), LEAD_WARM);
    struct err e = ERR_INIT;
    assert_int_equal(activity_store_delete(fx->st, &fx->sa, id, &e), STORE_ONE);
    assert_int_equal(stage_of(fx, fx->a.id, org, NULL), LEAD_COLD);
    assert_int_equal(sql_int(fx, "SELECT count(*) FROM warm_period"), 0);
    assert_int_equal(sql_int(fx, "SELECT coalesce(sum(n), 0)"
                                 " FROM activity_month"),
                     0);
    assert_int_equal(sql_int(fx, "SELECT count(*) FROM audit"
                                 " WHERE entity = 'activity'"
                                 " AND action = 'delete'"),
                     1);
    assert_int_equal(activity_store_delete(fx->st, &fx->sa, id, &e),
                     STORE_NONE);
}

static void
test_store_funnel__updating_a_signal_to_a_note_cools_the_lead(void **state)
{
    struct fx *fx = *state;
    int64_t org = add_lead(fx, &fx->sa, "Switch Ltd");
    int64_t contact = add_contact(fx, &fx->sa, org, "Sam");
    int64_t id = add_activity(fx, &fx->sa, org, ACTIVITY_ENQUIRY, "2026-06-10");
    struct activity a;
    struct err e = ERR_INIT;
    activity_init(&a);
    a.id = id;
    a.kind = ACTIVITY_NOTE;
    a.contact_id = contact;
    memcpy(a.date, "2026-06-11", 11);
    assert_int_equal(activity_store_update(fx->st, &fx->sa, &a, day(TODAY), &e),
                     STORE_ONE);
    assert_false(a.signal);
    assert_int_equal(a.organisation_id, org);
    assert_string_equal(a.contact_name, "Sam");
    activity_release(&a);
    assert_int_equal(stage_of(fx, fx->a.id, org, NULL), LEAD_COLD);
    assert_int_equal(
        sql_int(fx, "SELECT n FROM activity_month WHERE kind = 'note'"), 1);
    assert_int_equal(
        sql_int(fx, "SELECT n FROM activity_month WHERE kind = 'enquiry'"), 0);
}

static void
test_store_funnel__timeline_newest_first_with_limit_and_total(void **state)
{
    struct fx *fx = *state;
    int64_t org = add_lead(fx, &fx->sa, "Busy GmbH");
    int64_t other = add_lead(fx, &fx->sa, "Quiet GmbH");
    int64_t contact = add_contact(fx, &fx->sa, org, "Carla");
    struct err e = ERR_INIT;
    add_activity(fx, &fx->sa, org, ACTIVITY_CALL, "2026-03-01");
    add_activity(fx, &fx->sa, org, ACTIVITY_EMAIL_OUT, "2026-05-01");
    int64_t last = add_activity(fx, &fx->sa, org, ACTIVITY_NOTE, "2026-05-01");
    assert_int_equal(create_activity(fx, &fx->sa, org, contact, ACTIVITY_CALL,
                                     "2026-04-01", NULL, &e),
                     0);
    add_activity(fx, &fx->sa, other, ACTIVITY_CALL, "2026-06-01");

    struct activity_filter f = { org, 0, -1, NULL, NULL, 0, 2 };
    struct activity_list l = { 0 };
    assert_int_equal(activity_store_list(fx->st, fx->a.id, &f, &l, &e), 0);
    assert_int_equal(l.total, 4);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.items[0].id, last);
    assert_int_equal(l.items[1].kind, ACTIVITY_EMAIL_OUT);
    activity_list_release(&l);

    f = (struct activity_filter){ org, 0, ACTIVITY_CALL, "2026-03-15", NULL,
                                  0,   -1 };
    assert_int_equal(activity_store_list(fx->st, fx->a.id, &f, &l, &e), 0);
    assert_int_equal(l.total, 1);
    assert_string_equal(l.items[0].contact_name, "Carla");
    activity_list_release(&l);

    f = (struct activity_filter){ 0, contact, -1, NULL, NULL, 0, -1 };
    assert_int_equal(activity_store_list(fx->st, fx->a.id, &f, &l, &e), 0);
    assert_int_equal(l.total, 1);
    activity_list_release(&l);

    f = (struct activity_filter){ 0, 0, -1, NULL, "2026-04-30", 0, -1 };
    assert_int_equal(activity_store_list(fx->st, fx->a.id, &f, &l, &e), 0);
    assert_int_equal(l.total, 2);
    assert_string_equal(l.items[0].date, "2026-04-01");
    activity_list_release(&l);
}

/* ---- settings ---- */

static void
test_store_funnel__settings_change_rewrites_warm_periods(void **state)
{
    struct fx *fx = *state;
    int64_t org = add_lead(fx, &fx->sa, "Window AB");
    add_activity(fx, &fx->sa, org, ACTIVITY_EMAIL_REPLY, "2026-06-01");
    int64_t other = add_lead(fx, &fx->sb, "Beta Window AB");
    add_activity(fx, &fx->sb, other, ACTIVITY_EMAIL_REPLY, "2026-06-01");
    struct funnel_settings s;
    struct err e = ERR_INIT;
    assert_int_equal(funnel_settings_store_get(fx->st, fx->a.id, &s, &e), 0);
    assert_int_equal(s.warm_days, 90);

    s.warm_days = 30;
    assert_int_equal(funnel_settings_store_put(fx->st, &fx->sa, &s, &e), 0);
    char until[11];
    assert_int_equal(stage_of(fx, fx->a.id, org, until), LEAD_WARM);
    assert_string_equal(until, "2026-07-01");
    /* The other cluster keeps its own. */
    assert_int_equal(stage_of(fx, fx->b.id, other, until), LEAD_WARM);
    assert_string_equal(until, "2026-08-30");

    s.warm_days = 10;
    assert_int_equal(funnel_settings_store_put(fx->st, &fx->sa, &s, &e), 0);
    assert_int_equal(stage_of(fx, fx->a.id, org, NULL), LEAD_COLD);

    s.warm_days = 90;
    s.signal_kinds = 1u << ACTIVITY_MEETING;
    assert_int_equal(funnel_settings_store_put(fx->st, &fx->sa, &s, &e), 0);
    assert_int_equal(stage_of(fx, fx->a.id, org, NULL), LEAD_COLD);
    assert_int_equal(sql_int(fx, "SELECT count(*) FROM activity"
                                 " WHERE signal = 1"),
                     1); /* Beta's */
    s.signal_kinds |= 1u << ACTIVITY_EMAIL_REPLY;
    assert_int_equal(funnel_settings_store_put(fx->st, &fx->sa, &s, &e), 0);
    assert_int_equal(stage_of(fx, fx->a.id, org, until), LEAD_WARM);
    assert_string_equal(until, "2026-08-30");

    struct funnel_settings bad = s;
    bad.warm_days = 731;
    assert_int_equal(funnel_settings_store_put(fx->st, &fx->sa, &bad, &e), -1);
    assert_string_equal(e.field, "warm_days");
    assert_int_equal(funnel_settings_store_get(fx->st, fx->a.id, &s, &e), 0);
    assert_int_equal(s.warm_days, 90);
    assert_int_equal(s.signal_kinds,
                     (1u << ACTIVITY_MEETING) | (1u << ACTIVITY_EMAIL_REPLY));
    assert_int_equal(sql_int(fx, "SELECT count(*) FROM audit"
                                 " WHERE entity = 'funnel_settings'"),
                     4);
}

/* ---- the board and the months ---- */

/*
 * Five leads on 2026-06-15: Warm (reply 06-10, warm through 09-08),
 * Cooling (meeting 03-20, warm through 06-18), Cold, Joined (member from
 * 06-05, warm before), Stop (do not contact); with outreach in April
 * and May.
 */
struct board_ids {
    int64_t warm, cooling, cold, joined, stop;
};

static void
board_population(struct fx *fx, struct board_ids *ids)
{
    ids->warm = add_lead(fx, &fx->sa, "Warm GmbH");
    ids->cooling = add_lead(fx, &fx->sa, "Cooling GmbH");
    ids->cold = add_lead(fx, &fx->sa, "Cold GmbH");
    ids->joined = add_lead(fx, &fx->sa, "Joined GmbH");
    ids->stop = add_lead(fx, &fx->sa, "Stop GmbH");
    add_activity(fx, &fx->sa, ids->warm, ACTIVITY_EMAIL_REPLY, "2026-06-10");
    add_activity(fx, &fx->sa, ids->cooling, ACTIVITY_MEETING, "2026-03-20");
    add_activity(fx, &fx->sa, ids->joined, ACTIVITY_ENQUIRY, "2026-05-02");
    add_membership(fx, &fx->sa, ids->joined, "2026-06-05");
    struct lead_update u;
    struct err e = ERR_INIT;
    lead_update_init(&u);
    u.organisation_id = ids->stop;
    u.dnc = 1;
    u.dnc_on = "2026-02-01";
    u.dnc_reason = "Asked by phone.";
    assert_int_equal(lead_store_update(fx->st, &fx->sa, &u, day(TODAY), &e),
                     STORE_ONE);
    add_activity(fx, &fx->sa, ids->cold, ACTIVITY_EMAIL_OUT, "2026-04-03");
    add_activity(fx, &fx->sa, ids->cold, ACTIVITY_EMAIL_OUT, "2026-04-20");
    add_activity(fx, &fx->sa, ids->cold, ACTIVITY_CALL, "2026-05-04");
    add_activity(fx, &fx->sa, ids->cold, ACTIVITY_EVENT_ATTENDANCE,
                 "2026-01-04"); /* a signal, long cold again */
    add_activity(fx, &fx->sa, ids->cold, ACTIVITY_SOCIAL, "2026-05-05");
    add_activity(fx, &fx->sa, ids->cold, ACTIVITY_VISIT, "2026-05-06");
}

static void
test_store_funnel__board_counts_cooling_and_joined(void **state)
{
    struct fx *fx = *state;
    struct board_ids ids;
    board_population(fx, &ids);
    add_lead(fx, &fx->sb, "Beta Cold AB");
    struct funnel_board b;
    struct err e = ERR_INIT;
    memset(&b, 0, sizeof(b));
    assert_int_equal(
        funnel_store_board(fx->st, fx->a.id, day(TODAY), 1, &b, &e), 0);
    assert_int_equal(b.stage[LEAD_COLD], 1);
    assert_int_equal(b.stage[LEAD_WARM], 2);
    assert_int_equal(b.stage[LEAD_MEMBER], 1);
    assert_int_equal(b.stage[LEAD_DO_NOT_CONTACT], 1);
    /* Limited to 1: the soonest to cool. */
    assert_int_equal(b.nwarm, 1);
    assert_int_equal(b.warm[0].organisation_id, ids.cooling);
    assert_int_equal(b.ncooling, 1);
    assert_string_equal(b.cooling[0].name, "Cooling GmbH");
    assert_string_equal(b.cooling[0].warm_until, "2026-06-18");
    assert_int_equal(b.cooling[0].days_left, 3);
    assert_int_equal(b.joined_this_month, 1);
    assert_int_equal(b.njoined, 1);
    assert_int_equal(b.joined[0].organisation_id, ids.joined);
    assert_string_equal(b.joined[0].warm_until, "2026-06-05");
    funnel_board_release(&b);

    /* A week on, Cooling has cooled and Warm is not yet cooling. */
    assert_int_equal(
        funnel_store_board(fx->st, fx->a.id, day("2026-06-22"), 10, &b, &e), 0);
    assert_int_equal(b.stage[LEAD_COLD], 2);
    assert_int_equal(b.stage[LEAD_WARM], 1);
    assert_int_equal(b.nwarm, 1);
    assert_int_equal(b.warm[0].days_left, 78);
    assert_int_equal(b.ncooling, 0);
    funnel_board_release(&b);
}

static void
test_store_funnel__months_with_outreach_by_channel(void **state)
{
    struct fx *fx = *state;
    struct board_ids ids;
    board_population(fx, &ids);
    int64_t other = add_lead(fx, &fx->sb, "Beta Outreach AB");
    add_activity(fx, &fx->sb, other, ACTIVITY_EMAIL_OUT, "2026-04-03");
    struct funnel_month m[3];
    struct err e = ERR_INIT;
    assert_int_equal(
        funnel_store_months(fx->st, fx->a.id, 2026, 6, 3, day(TODAY), m, &e),
        0);
    assert_int_equal(m[0].month, 4);
    assert_int_equal(m[0].outreach[CHANNEL_EMAIL], 2);
    assert_int_equal(m[0].outreach[CHANNEL_CALL], 0);
    assert_int_equal(m[1].outreach[CHANNEL_CALL], 1);
    assert_int_equal(m[1].outreach[CHANNEL_SOCIAL], 1);
    assert_int_equal(m[1].outreach[CHANNEL_MEETING], 1);
    assert_int_equal(m[1].outreach[CHANNEL_NONE], 1); /* the enquiry */
    assert_int_equal(m[2].outreach[CHANNEL_EMAIL], 0);
    /* April end: Cooling warm, Stop dnc, the rest cold. May end: Joined
     * warm too. June (today): Warm and Cooling warm, Joined a member. */
    assert_int_equal(m[0].stage[LEAD_WARM], 1);
    assert_int_equal(m[0].stage[LEAD_COLD], 3);
    assert_int_equal(m[0].stage[LEAD_DO_NOT_CONTACT], 1);
    assert_int_equal(m[1].stage[LEAD_WARM], 2);
    assert_int_equal(m[1].warmed, 1);
    assert_int_equal(m[1].cold_growth, -1);
    assert_int_equal(m[2].stage[LEAD_WARM], 2);
    assert_int_equal(m[2].stage[LEAD_MEMBER], 1);
    assert_int_equal(m[2].stage[LEAD_COLD], 1);
    assert_int_equal(m[2].conversions, 1);
    assert_int_equal(m[2].conversions_warm, 1);
    assert_int_equal(m[2].warmed, 1);
    assert_int_equal(
        funnel_store_months(fx->st, fx->a.id, 2026, 6, 37, day(TODAY), m, &e),
        -1);
    assert_int_equal(e.code, ERR_INVALID);
}

/* ---- leads ---- */

static void
test_store_funnel__lead_update_owner_dnc_and_since(void **state)
{
    struct fx *fx = *state;
    int64_t org = add_lead(fx, &fx->sa, "Owned Oy");
    add_activity(fx, &fx->sa, org, ACTIVITY_EMAIL_REPLY, "2026-06-01");
    int64_t mine = add_user(fx, &fx->sa, "maria@alpha.example", "Maria");
    int64_t theirs = add_user(fx, &fx->sb, "bo@beta.example", "Bo");
    struct lead_update u;
    struct err e = ERR_INIT;
    lead_update_init(&u);
    u.organisation_id = org;
    u.owner_id = theirs;
    assert_int_equal(lead_store_update(fx->st, &fx->sa, &u, day(TODAY), &e),
                     STORE_HARD);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, "owner_id");

    lead_update_init(&u);
    u.organisation_id = org;
    u.owner_id = mine;
    u.source = "  Trade fair ";
    assert_int_equal(lead_store_update(fx->st, &fx->sa, &u, day(TODAY), &e),
                     STORE_ONE);
    struct lead l;
    lead_init(&l);
    assert_int_equal(lead_store_get(fx->st, fx->a.id, org, day(TODAY), &l, &e),
                     STORE_ONE);
    assert_string_equal(l.owner_name, "Maria");
    assert_string_equal(l.source, "Trade fair");
    assert_string_equal(l.since, "2026-01-01");
    assert_string_equal(l.last_signal, "2026-06-01");
    assert_string_equal(l.last_activity, "2026-06-01");
    assert_int_equal(l.stage, LEAD_WARM);
    lead_release(&l);

    lead_update_init(&u);
    u.organisation_id = org;
    u.dnc = 1;
    assert_int_equal(lead_store_update(fx->st, &fx->sa, &u, day(TODAY), &e),
                     STORE_ONE);
    lead_init(&l);
    assert_int_equal(lead_store_get(fx->st, fx->a.id, org, day(TODAY), &l, &e),
                     STORE_ONE);
    assert_int_equal(l.stage, LEAD_DO_NOT_CONTACT);
    assert_string_equal(l.dnc_on, TODAY);
    assert_int_equal(l.owner_id, mine);
    lead_release(&l);
    assert_int_equal(stage_of(fx, fx->a.id, org, NULL), LEAD_DO_NOT_CONTACT);

    lead_update_init(&u);
    u.organisation_id = org;
    u.dnc = 0;
    u.owner_id = 0;
    assert_int_equal(lead_store_update(fx->st, &fx->sa, &u, day(TODAY), &e),
                     STORE_ONE);
    assert_int_equal(stage_of(fx, fx->a.id, org, NULL), LEAD_WARM);

    lead_update_init(&u);
    u.organisation_id = org;
    u.since = "2026-06-16";
    err_clear(&e);
    assert_int_equal(lead_store_update(fx->st, &fx->sa, &u, day(TODAY), &e),
                     STORE_HARD);
    assert_string_equal(e.field, "since");
    lead_update_init(&u);
    u.organisation_id = org;
    u.source = "";
    assert_int_equal(lead_store_update(fx->st, &fx->sb, &u, day(TODAY), &e),
                     STORE_NONE);
    assert_int_equal(sql_int(fx, "SELECT count(*) FROM lead"
                                 " WHERE source = 'Trade fair'"),
                     1);
    assert_int_equal(sql_int(fx, "SELECT count(*) FROM audit"
                                 " WHERE entity = 'lead'"),
                     4); /* since of add_lead, owner, dnc on, dnc off */
}

/* Lists with f; the names joined by "|" into out; returns the total. */
static int64_t
list_names(struct fx *fx, struct lead_filter f, struct buf *out)
{
    struct lead_list l = { 0 };
    struct err e = ERR_INIT;
    if (lead_store_list(fx->st, fx->a.id, day(TODAY), &f, &l, &e))
        fail_msg("list: %s", e.msg);
    buf_reset(out);
    for (size_t i = 0; i < l.n; i++) {
        if (i)
            buf_addc(out, '|');
        buf_adds(out, l.items[i].name);
    }
    int64_t total = l.total;
    lead_list_release(&l);
    return total;
}

static void
test_store_funnel__lead_list_filters_and_sorts(void **state)
{
    struct fx *fx = *state;
    struct board_ids ids;
    board_population(fx, &ids);
    add_lead(fx, &fx->sb, "Beta Cold AB");
    int64_t maria = add_user(fx, &fx->sa, "maria@alpha.example", "Maria");
    struct lead_update u;
    struct err e = ERR_INIT;
    lead_update_init(&u);
    u.organisation_id = ids.cold;
    u.owner_id = maria;
    u.source = "fair";
    assert_int_equal(lead_store_update(fx->st, &fx->sa, &u, day(TODAY), &e),
                     STORE_ONE);
    struct buf names = BUF_INIT;
    struct lead_filter f = { 0 };
    f.stage = -1;
    f.owner_id = 0;
    f.kind = -1;
    f.limit = -1;
    assert_int_equal(list_names(fx, f, &names), 4);
    assert_string_equal(names.s, "Cold GmbH|Cooling GmbH|Stop GmbH|Warm GmbH");
    f.desc = true;
    f.limit = 2;
    f.offset = 1;
    assert_int_equal(list_names(fx, f, &names), 4);
    assert_string_equal(names.s, "Stop GmbH|Cooling GmbH");
    f.desc = false;
    f.offset = 0;
    f.limit = -1;
    f.stage = LEAD_WARM;
    assert_int_equal(list_names(fx, f, &names), 2);
    assert_string_equal(names.s, "Cooling GmbH|Warm GmbH");
    f.stage = LEAD_MEMBER;
    assert_int_equal(list_names(fx, f, &names), 1);
    assert_string_equal(names.s, "Joined GmbH");
    f.stage = -1;
    f.sort = LEAD_SORT_WARM_UNTIL;
    assert_int_equal(list_names(fx, f, &names), 4);
    assert_string_equal(names.s, "Cooling GmbH|Warm GmbH|Cold GmbH|Stop GmbH");
    f.sort = LEAD_SORT_STAGE;
    assert_int_equal(list_names(fx, f, &names), 4);
    assert_string_equal(names.s, "Cold GmbH|Cooling GmbH|Warm GmbH|Stop GmbH");
    f.sort = LEAD_SORT_NAME;
    f.owner_id = maria;
    assert_int_equal(list_names(fx, f, &names), 1);
    assert_string_equal(names.s, "Cold GmbH");
    f.owner_id = -1;
    assert_int_equal(list_names(fx, f, &names), 3);
    f.owner_id = 0;
    f.source = "fair";
    assert_int_equal(list_names(fx, f, &names), 1);
    f.source = NULL;
    f.q = "warm";
    assert_int_equal(list_names(fx, f, &names), 1);
    assert_string_equal(names.s, "Warm GmbH");

    /* Warm until and stage of the page's leads. */
    struct lead_list l = { 0 };
    f.q = NULL;
    f.stage = LEAD_WARM;
    f.sort = LEAD_SORT_WARM_UNTIL;
    assert_int_equal(lead_store_list(fx->st, fx->a.id, day(TODAY), &f, &l, &e),
                     0);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.items[0].stage, LEAD_WARM);
    assert_string_equal(l.items[0].warm_until, "2026-06-18");
    assert_string_equal(l.items[1].warm_until, "2026-09-08");
    lead_list_release(&l);

    char **src = NULL;
    size_t nsrc = 0;
    assert_int_equal(lead_store_sources(fx->st, fx->a.id, &src, &nsrc, &e), 0);
    assert_int_equal(nsrc, 1);
    assert_string_equal(src[0], "fair");
    store_strings_free(src, nsrc);
    buf_release(&names);
}

/* ---- import ---- */

static void
test_store_funnel__import_stores_all_or_nothing(void **state)
{
    struct fx *fx = *state;
    int64_t a = add_lead(fx, &fx->sa, "Import One");
    int64_t b = add_lead(fx, &fx->sa, "Import Two");
    int64_t theirs = add_lead(fx, &fx->sb, "Beta Import");
    struct activity items[3];
    const char *dates[] = { "2026-06-01", "2026-05-01", "2026-04-01" };
    enum activity_kind kinds[] = { ACTIVITY_EMAIL_REPLY, ACTIVITY_CALL,
                                   ACTIVITY_EMAIL_OUT };
    int64_t orgs[] = { a, a, b };
    for (int i = 0; i < 3; i++) {
        activity_init(&items[i]);
        items[i].organisation_id = orgs[i];
        items[i].kind = kinds[i];
        memcpy(items[i].date, dates[i], 11);
    }
    free(items[1].author);
    items[1].author = xstrdup("Old CRM");
    struct activity_import_summary sum;
    struct err e = ERR_INIT;

    items[2].organisation_id = theirs;
    assert_int_equal(activity_store_import(fx->st, &fx->sa, items, 3,
                                           "acts.csv", 7, &sum, &e),
                     -1);
    assert_string_equal(e.field, "organisation_id");
    assert_int_equal(sql_int(fx, "SELECT count(*) FROM activity"), 0);
    assert_int_equal(sql_int(fx, "SELECT count(*) FROM activity_month"), 0);

    items[2].organisation_id = b;
    assert_int_equal(activity_store_import(fx->st, &fx->sa, items, 3,
                                           "acts.csv", 7, &sum, &e),
                     0);
    assert_int_equal(sum.activities, 3);
    assert_int_equal(sum.organisations, 2);
    assert_int_equal(stage_of(fx, fx->a.id, a, NULL), LEAD_WARM);
    assert_int_equal(stage_of(fx, fx->a.id, b, NULL), LEAD_COLD);
    assert_int_equal(sql_int(fx, "SELECT count(*) FROM activity"
                                 " WHERE author = 'Old CRM'"),
                     1);
    assert_int_equal(sql_int(fx, "SELECT count(*) FROM audit"
                                 " WHERE entity = 'activity_import'"
                                 " AND entity_id = 7"),
                     1);
    for (int i = 0; i < 3; i++)
        activity_release(&items[i]);
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)
    const struct CMUnitTest tests[] = {
        T(test_store_funnel__activities_of_another_cluster_are_refused),
        T(test_store_funnel__a_reply_makes_the_lead_warm_for_90_days),
        T(test_store_funnel__deleting_the_only_signal_makes_it_cold),
        T(test_store_funnel__updating_a_signal_to_a_note_cools_the_lead),
        T(test_store_funnel__timeline_newest_first_with_limit_and_total),
        T(test_store_funnel__settings_change_rewrites_warm_periods),
        T(test_store_funnel__board_counts_cooling_and_joined),
        T(test_store_funnel__months_with_outreach_by_channel),
        T(test_store_funnel__lead_update_owner_dnc_and_since),
        T(test_store_funnel__lead_list_filters_and_sorts),
        T(test_store_funnel__import_stores_all_or_nothing),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
