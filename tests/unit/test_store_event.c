/*
 * The store of events, registrations and working groups (store/event.c,
 * registration.c, working_group.c) against a real SQLite file: capacity
 * and the waitlist, cancellation moving it up, capacity changes, the
 * public registration and what it creates, tenancy, attendance and its
 * activity, fees, satisfaction links and working groups with their
 * participation.
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
#include <unistd.h>

#include "base/crypto.h"
#include "base/date.h"
#include "core/event.h"
#include "core/org.h"
#include "store/event_store.h"
#include "store/membership_store.h"
#include "store/store.h"

#define TODAY "2027-03-15"

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
    *state = store_fx_new("/tmp/cd-test-event-XXXXXX");
    return *state ? 0 : -1;
}

/* ---- helpers ---- */



static char *
sql_text(struct fx *fx, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    char *v = NULL;
    assert_int_equal(sqlite3_open_v2(fx->path, &db, SQLITE_OPEN_READONLY, NULL),
                     SQLITE_OK);
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    if (sqlite3_step(s) == SQLITE_ROW)
        v = strdup((const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    sqlite3_close(db);
    return v ? v : strdup("(none)");
}

/* Rows of a table (all clusters): the measure of "nothing written". */
static int64_t
rows(struct fx *fx, const char *table)
{
    char sql[128];
    snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", table);
    return sql_int(fx, sql);
}

static int64_t
add_org(struct fx *fx, const struct scope *sc, const char *name)
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
    return id;
}

static int64_t
add_contact(struct fx *fx, const struct scope *sc, int64_t org,
            const char *name, const char *email)
{
    struct contact c;
    struct err e = ERR_INIT;
    contact_init(&c);
    c.organisation_id = org;
    org_set_str(&c.name, name);
    org_set_str(&c.email, email);
    if (contact_validate(&c, TODAY, &e) ||
        contact_store_create(fx->st, sc, &c, &e))
        fail_msg("contact %s: %s", e.field, e.msg);
    int64_t id = c.id;
    contact_release(&c);
    return id;
}

/* A member of the cluster since joined. */
static void
add_member(struct fx *fx, const struct scope *sc, int64_t org,
           const char *joined)
{
    struct tier t;
    struct membership m;
    struct err e = ERR_INIT;
    char name[32];
    snprintf(name, sizeof(name), "Full %lld", (long long)org);
    tier_init(&t);
    org_set_str(&t.name, name);
    t.annual_fee = 100000;
    if (tier_store_create(fx->st, sc, &t, &e))
        fail_msg("tier: %s", e.msg);
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

static int64_t
add_event(struct fx *fx, const struct scope *sc, const char *title,
          const char *start, int64_t capacity)
{
    struct event ev;
    struct err e = ERR_INIT;
    event_init(&ev);
    org_set_str(&ev.title, title);
    memcpy(ev.starts_at, start, 17);
    memcpy(ev.ends_at, start, 17);
    ev.ends_at[11] = '2';
    ev.ends_at[12] = '0';
    ev.capacity = capacity;
    ev.member_fee = 5000;
    ev.nonmember_fee = 20000;
    if (event_store_create(fx->st, sc, &ev, &e))
        fail_msg("event %s: %s", e.field, e.msg);
    int64_t id = ev.id;
    event_release(&ev);
    return id;
}

static int
try_register(struct fx *fx, const struct scope *sc, int64_t event, int64_t org,
             const char *name, const char *email, struct registration *g,
             struct err *e)
{
    registration_init(g);
    g->event_id = event;
    g->organisation_id = org;
    org_set_str(&g->name, name);
    org_set_str(&g->email, email);
    return registration_store_create(fx->st, sc, g, day(TODAY), e);
}

/* Registers and returns the registration's id and status. */
static int64_t
reg(struct fx *fx, int64_t event, int64_t org, const char *name,
    const char *email, enum registration_status *status)
{
    struct registration g;
    struct err e = ERR_INIT;
    if (try_register(fx, &fx->sa, event, org, name, email, &g, &e))
        fail_msg("registration %s: %s", e.field, e.msg);
    int64_t id = g.id;
    if (status)
        *status = g.status;
    registration_release(&g);
    return id;
}

static enum registration_status
status_of(struct fx *fx, int64_t id)
{
    struct registration g;
    struct err e = ERR_INIT;
    registration_init(&g);
    assert_int_equal(registration_store_get(fx->st, fx->a.id, id, &g, &e),
                     STORE_ONE);
    enum registration_status s = g.status;
    registration_release(&g);
    return s;
}

static void
set_status(struct fx *fx, int64_t id, enum registration_status to)
{
    struct err e = ERR_INIT;
    if (registration_store_set_status(fx->st, &fx->sa, id, to, day(TODAY),
                                      &e) != STORE_ONE)
        fail_msg("status %s: %s", e.field, e.msg);
}

static enum store_rc
update_capacity(struct fx *fx, int64_t event, int64_t capacity, struct err *e)
{
    struct event ev;
    event_init(&ev);
    assert_int_equal(event_store_get(fx->st, fx->a.id, event, &ev, e),
                     STORE_ONE);
    ev.capacity = capacity;
    enum store_rc rc = event_store_update(fx->st, &fx->sa, &ev, e);
    event_release(&ev);
    return rc;
}

static char *
token_of(struct fx *fx, int64_t reg_id)
{
    char sql[96];
    snprintf(sql, sizeof(sql), "SELECT token FROM registration WHERE id = %lld",
             (long long)reg_id);
    return sql_text(fx, sql);
}

/* ---- capacity and the waitlist ---- */

static void
test_store_event__third_of_two_places_is_waitlisted(void **state)
{
    struct fx *fx = *state;
    int64_t org = add_org(fx, &fx->sa, "Acme");
    int64_t ev = add_event(fx, &fx->sa, "Seminar", "2027-04-01T09:00", 2);
    enum registration_status s1, s2, s3;
    reg(fx, ev, org, "One", "one@acme.se", &s1);
    reg(fx, ev, org, "Two", "two@acme.se", &s2);
    reg(fx, ev, org, "Three", "three@acme.se", &s3);
    assert_int_equal(s1, REG_REGISTERED);
    assert_int_equal(s2, REG_REGISTERED);
    assert_int_equal(s3, REG_WAITLISTED);

    struct event e;
    struct err err = ERR_INIT;
    event_init(&e);
    assert_int_equal(event_store_get(fx->st, fx->a.id, ev, &e, &err),
                     STORE_ONE);
    assert_int_equal(e.registered, 2);
    assert_int_equal(e.waitlisted, 1);
    event_release(&e);

    /* The list: places by name, then the waitlist. */
    struct registration_list l = { 0 };
    assert_int_equal(registration_store_list(fx->st, fx->a.id, ev, &l, &err),
                     0);
    assert_int_equal(l.n, 3);
    assert_string_equal(l.items[0].name, "One");
    assert_string_equal(l.items[1].name, "Two");
    assert_string_equal(l.items[2].name, "Three");
    assert_string_equal(l.items[2].organisation_name, "Acme");
    assert_string_equal(l.items[2].event_title, "Seminar");
    registration_list_release(&l);
    /* Every registration wrote its activity, dated today. */
    assert_int_equal(sql_int(fx, "SELECT count(*) FROM activity WHERE kind ="
                                 " 'event_registration' AND day = '" TODAY
                                 "' AND text = 'Registered for Seminar'"
                                 " AND registration_id IS NOT NULL"),
                     3);
    assert_int_equal(sql_int(fx, "SELECT count(*) FROM audit WHERE entity"
                                 " = 'registration' AND action = 'create'"),
                     3);
}

static void
test_store_event__cancelling_a_place_moves_the_earliest_waitlisted_up(
    void **state)
{
    struct fx *fx = *state;
    int64_t org = add_org(fx, &fx->sa, "Acme");
    int64_t ev = add_event(fx, &fx->sa, "Seminar", "2027-04-01T09:00", 1);
    int64_t r1 = reg(fx, ev, org, "One", "one@acme.se", NULL);
    int64_t r2 = reg(fx, ev, org, "Two", "two@acme.se", NULL);
    int64_t r3 = reg(fx, ev, org, "Three", "three@acme.se", NULL);
    assert_int_equal(status_of(fx, r2), REG_WAITLISTED);
    assert_int_equal(status_of(fx, r3), REG_WAITLISTED);

    set_status(fx, r1, REG_CANCELLED);
    assert_int_equal(status_of(fx, r1), REG_CANCELLED);
    assert_int_equal(status_of(fx, r2), REG_REGISTERED);
    assert_int_equal(status_of(fx, r3), REG_WAITLISTED);
    assert_int_equal(sql_int(fx, "SELECT count(*) FROM audit WHERE entity"
                                 " = 'registration' AND action = 'move_up'"),
                     1);
}

static void
test_store_event__cancelling_a_waitlisted_one_moves_nobody(void **state)
{
    struct fx *fx = *state;
    int64_t org = add_org(fx, &fx->sa, "Acme");
    int64_t ev = add_event(fx, &fx->sa, "Seminar", "2027-04-01T09:00", 1);
    int64_t r1 = reg(fx, ev, org, "One", "one@acme.se", NULL);
    int64_t r2 = reg(fx, ev, org, "Two", "two@acme.se", NULL);
    int64_t r3 = reg(fx, ev, org, "Three", "three@acme.se", NULL);
    set_status(fx, r2, REG_CANCELLED);
    assert_int_equal(status_of(fx, r1), REG_REGISTERED);
    assert_int_equal(status_of(fx, r2), REG_CANCELLED);
    assert_int_equal(status_of(fx, r3), REG_WAITLISTED);

    /* A cancelled registration stays cancelled. */
    struct err e = ERR_INIT;
    assert_int_equal(registration_store_set_status(
                         fx->st, &fx->sa, r2, REG_REGISTERED, day(TODAY), &e),
                     STORE_HARD);
    assert_int_equal(e.code, ERR_CONFLICT);
    assert_string_equal(e.field, "status");
    /* Nor may the waitlisted one take a place that is not free. */
    err_clear(&e);
    assert_int_equal(registration_store_set_status(
                         fx->st, &fx->sa, r3, REG_REGISTERED, day(TODAY), &e),
                     STORE_HARD);
    assert_int_equal(e.code, ERR_CONFLICT);
    assert_int_equal(status_of(fx, r3), REG_WAITLISTED);
}

static void
test_store_event__raising_capacity_moves_as_many_as_fit(void **state)
{
    struct fx *fx = *state;
    int64_t org = add_org(fx, &fx->sa, "Acme");
    int64_t ev = add_event(fx, &fx->sa, "Seminar", "2027-04-01T09:00", 1);
    int64_t r[4];
    const char *emails[] = { "a@x.se", "b@x.se", "c@x.se", "d@x.se" };
    for (int i = 0; i < 4; i++)
        r[i] = reg(fx, ev, org, "P", emails[i], NULL);
    struct err e = ERR_INIT;
    assert_int_equal(update_capacity(fx, ev, 3, &e), STORE_ONE);
    assert_int_equal(status_of(fx, r[0]), REG_REGISTERED);
    assert_int_equal(status_of(fx, r[1]), REG_REGISTERED);
    assert_int_equal(status_of(fx, r[2]), REG_REGISTERED);
    assert_int_equal(status_of(fx, r[3]), REG_WAITLISTED);
    /* No limit: everybody. */
    assert_int_equal(update_capacity(fx, ev, 0, &e), STORE_ONE);
    assert_int_equal(status_of(fx, r[3]), REG_REGISTERED);
}

static void
test_store_event__capacity_below_places_taken_is_refused(void **state)
{
    struct fx *fx = *state;
    int64_t org = add_org(fx, &fx->sa, "Acme");
    int64_t ev = add_event(fx, &fx->sa, "Seminar", "2027-04-01T09:00", 3);
    reg(fx, ev, org, "One", "one@acme.se", NULL);
    reg(fx, ev, org, "Two", "two@acme.se", NULL);
    struct err e = ERR_INIT;
    assert_int_equal(update_capacity(fx, ev, 1, &e), STORE_HARD);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, "capacity");
    assert_int_equal(sql_int(fx, "SELECT capacity FROM event"), 3);
    err_clear(&e);
    assert_int_equal(update_capacity(fx, ev, 2, &e), STORE_ONE);
    assert_int_equal(sql_int(fx, "SELECT capacity FROM event"), 2);
}

static void
test_store_event__same_email_twice_is_a_conflict(void **state)
{
    struct fx *fx = *state;
    int64_t org = add_org(fx, &fx->sa, "Acme");
    int64_t ev = add_event(fx, &fx->sa, "Seminar", "2027-04-01T09:00", 0);
    int64_t r1 = reg(fx, ev, org, "One", "one@acme.se", NULL);
    struct registration g;
    struct err e = ERR_INIT;
    assert_int_equal(
        try_register(fx, &fx->sa, ev, org, "Again", "ONE@acme.se", &g, &e), -1);
    assert_int_equal(e.code, ERR_CONFLICT);
    assert_string_equal(e.field, "email");
    registration_release(&g);
    assert_int_equal(rows(fx, "registration"), 1);
    assert_int_equal(rows(fx, "activity"), 1);
    /* After cancelling, the person may register again. */
    set_status(fx, r1, REG_CANCELLED);
    reg(fx, ev, org, "Again", "one@acme.se", NULL);
    assert_int_equal(rows(fx, "registration"), 2);
}

static void
test_store_event__another_clusters_event_by_guessed_id_fails(void **state)
{
    struct fx *fx = *state;
    int64_t org_a = add_org(fx, &fx->sa, "Acme");
    int64_t org_b = add_org(fx, &fx->sb, "Beta Corp");
    int64_t ev_b = add_event(fx, &fx->sb, "Beta day", "2027-04-01T09:00", 0);
    int64_t r_b = 0;
    {
        struct registration g;
        struct err e = ERR_INIT;
        if (try_register(fx, &fx->sb, ev_b, org_b, "Bohdan", "b@beta.ua", &g,
                         &e))
            fail_msg("%s", e.msg);
        r_b = g.id;
        registration_release(&g);
    }
    int64_t regs = rows(fx, "registration"), acts = rows(fx, "activity");
    int64_t audits = rows(fx, "audit");

    struct registration g;
    struct err e = ERR_INIT;
    assert_int_equal(
        try_register(fx, &fx->sa, ev_b, org_a, "Anna", "anna@acme.se", &g, &e),
        -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, "event_id");
    registration_release(&g);

    struct event ev;
    event_init(&ev);
    err_clear(&e);
    assert_int_equal(event_store_get(fx->st, fx->a.id, ev_b, &ev, &e),
                     STORE_NONE);
    event_release(&ev);
    assert_int_equal(registration_store_set_status(
                         fx->st, &fx->sa, r_b, REG_CANCELLED, day(TODAY), &e),
                     STORE_NONE);
    assert_int_equal(
        registration_store_set_paid(fx->st, &fx->sa, r_b, TODAY, &e),
        STORE_NONE);
    struct public_registration p;
    public_registration_init(&p);
    org_set_str(&p.name, "Anna");
    org_set_str(&p.email, "anna@acme.se");
    org_set_str(&p.organisation, "Acme");
    registration_init(&g);
    assert_int_equal(registration_store_public(fx->st, &fx->sa, ev_b, &p,
                                               day(TODAY), &g, &e),
                     STORE_NONE);
    registration_release(&g);
    public_registration_release(&p);
    struct event_fees fees;
    assert_int_equal(event_store_fees(fx->st, fx->a.id, ev_b, &fees, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);

    assert_int_equal(rows(fx, "registration"), regs);
    assert_int_equal(rows(fx, "activity"), acts);
    assert_int_equal(rows(fx, "audit"), audits);
    assert_int_equal(rows(fx, "organisation"), 2);
    char sql[96];
    snprintf(sql, sizeof(sql),
             "SELECT status = 'registered' AND paid_on = '' FROM registration"
             " WHERE id = %lld",
             (long long)r_b);
    assert_int_equal(sql_int(fx, sql), 1);
}

/* ---- the public page ---- */

static enum store_rc
public_reg(struct fx *fx, int64_t ev, const char *name, const char *email,
           const char *org, bool consent, struct registration *g, struct err *e)
{
    struct public_registration p;
    public_registration_init(&p);
    org_set_str(&p.name, name);
    org_set_str(&p.email, email);
    org_set_str(&p.organisation, org);
    org_set_str(&p.position, "CTO");
    p.consent = consent;
    registration_init(g);
    struct scope sc = { fx->a.id, 0, "public registration" };
    enum store_rc rc =
        registration_store_public(fx->st, &sc, ev, &p, day(TODAY), g, e);
    public_registration_release(&p);
    return rc;
}

static void
test_store_event__public_registration_creates_then_reuses(void **state)
{
    struct fx *fx = *state;
    int64_t ev = add_event(fx, &fx->sa, "Open day", "2027-04-01T09:00", 0);
    struct registration g;
    struct err e = ERR_INIT;
    assert_int_equal(public_reg(fx, ev, "Olena Kovalenko", "Olena@Voda.ua",
                                "Вода Плюс ТОВ", true, &g, &e),
                     STORE_ONE);
    assert_true(g.id > 0);
    assert_true(g.public_source);
    assert_int_equal(g.status, REG_REGISTERED);
    assert_false(g.member);
    assert_int_equal(g.fee, 20000);
    assert_int_equal(strlen(g.token), CRYPTO_TOKEN_TEXT - 1);
    int64_t org = g.organisation_id, contact = g.contact_id;
    assert_true(org > 0 && contact > 0);
    registration_release(&g);

    assert_int_equal(rows(fx, "organisation"), 1);
    assert_int_equal(sql_int(fx, "SELECT count(*) FROM organisation WHERE"
                                 " kind = 'other' AND name = 'Вода Плюс ТОВ'"),
                     1);
    char *source = sql_text(fx, "SELECT source FROM lead");
    assert_string_equal(source, "event registration");
    free(source);
    assert_int_equal(sql_int(fx, "SELECT count(*) FROM contact WHERE"
                                 " email = 'olena@voda.ua' AND email_consent"
                                 " = 1 AND consent_date = '" TODAY "'"
                                 " AND consent_source = 'event registration'"
                                 " AND position = 'CTO'"),
                     1);
    assert_int_equal(sql_int(fx, "SELECT count(*) FROM registration WHERE"
                                 " source = 'public'"),
                     1);
    char *actor = sql_text(fx, "SELECT actor FROM audit WHERE entity ="
                               " 'registration'");
    assert_string_equal(actor, "public registration");
    free(actor);

    /* Another person of the same organisation, its name in other case. */
    assert_int_equal(public_reg(fx, ev, "Petro", "petro@voda.ua",
                                "  ВОДА плюс тов ", false, &g, &e),
                     STORE_ONE);
    assert_int_equal(g.organisation_id, org);
    assert_true(g.contact_id != contact);
    registration_release(&g);
    assert_int_equal(rows(fx, "organisation"), 1);
    assert_int_equal(rows(fx, "contact"), 2);
    assert_int_equal(sql_int(fx, "SELECT email_consent FROM contact WHERE"
                                 " email = 'petro@voda.ua'"),
                     0);

    /* The first person again, at another event: the same contact. */
    int64_t ev2 = add_event(fx, &fx->sa, "Second", "2027-05-01T09:00", 0);
    assert_int_equal(public_reg(fx, ev2, "Olena K.", "olena@voda.ua",
                                "Вода Плюс ТОВ", true, &g, &e),
                     STORE_ONE);
    assert_int_equal(g.contact_id, contact);
    registration_release(&g);
    assert_int_equal(rows(fx, "contact"), 2);
    assert_int_equal(rows(fx, "registration"), 3);

    /* An existing organisation found by name keeps its lead source. */
    int64_t acme = add_org(fx, &fx->sa, "Acme AB");
    assert_int_equal(
        public_reg(fx, ev, "Sven", "sven@acme.se", "acme ab", false, &g, &e),
        STORE_ONE);
    assert_int_equal(g.organisation_id, acme);
    registration_release(&g);
    char sql[96];
    snprintf(sql, sizeof(sql),
             "SELECT source FROM lead WHERE organisation_id = %lld",
             (long long)acme);
    source = sql_text(fx, sql);
    assert_string_equal(source, "");
    free(source);
}

static void
test_store_event__bad_public_input_changes_nothing(void **state)
{
    struct fx *fx = *state;
    int64_t ev = add_event(fx, &fx->sa, "Open day", "2027-04-01T09:00", 0);
    int64_t orgs = rows(fx, "organisation"), audits = rows(fx, "audit");
    struct registration g;
    struct err e = ERR_INIT;
    assert_int_equal(public_reg(fx, ev, "Olena", "not-an-address",
                                "New Org GmbH", true, &g, &e),
                     STORE_HARD);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, "email");
    registration_release(&g);
    err_clear(&e);
    assert_int_equal(
        public_reg(fx, ev, "", "olena@x.de", "New Org GmbH", true, &g, &e),
        STORE_HARD);
    assert_string_equal(e.field, "name");
    registration_release(&g);
    err_clear(&e);
    assert_int_equal(
        public_reg(fx, ev, "Olena", "olena@x.de", "   ", true, &g, &e),
        STORE_HARD);
    assert_string_equal(e.field, "organisation");
    registration_release(&g);
    assert_int_equal(rows(fx, "organisation"), orgs);
    assert_int_equal(rows(fx, "contact"), 0);
    assert_int_equal(rows(fx, "registration"), 0);
    assert_int_equal(rows(fx, "activity"), 0);
    assert_int_equal(rows(fx, "audit"), audits);

    /* A closed event is not on the public page: nothing is created. */
    struct event e1;
    event_init(&e1);
    assert_int_equal(event_store_get(fx->st, fx->a.id, ev, &e1, &e), STORE_ONE);
    e1.public = false;
    assert_int_equal(event_store_update(fx->st, &fx->sa, &e1, &e), STORE_ONE);
    event_release(&e1);
    assert_int_equal(
        public_reg(fx, ev, "Olena", "olena@x.de", "New Org GmbH", true, &g, &e),
        STORE_NONE);
    registration_release(&g);
    assert_int_equal(rows(fx, "organisation"), orgs);
    assert_int_equal(rows(fx, "registration"), 0);
}

/* ---- attendance, fees, satisfaction ---- */

static void
test_store_event__attendance_writes_activity_and_undo_removes_it(void **state)
{
    struct fx *fx = *state;
    int64_t org = add_org(fx, &fx->sa, "Acme");
    int64_t contact =
        add_contact(fx, &fx->sa, org, "Anna Berg", "anna@acme.se");
    int64_t past =
        add_event(fx, &fx->sa, "Hydrogen day", "2027-03-10T09:00", 0);
    int64_t future = add_event(fx, &fx->sa, "Later", "2027-06-10T09:00", 0);

    /* Registering a contact by id takes its name and e-mail. */
    struct registration g;
    struct err e = ERR_INIT;
    registration_init(&g);
    g.event_id = past;
    g.organisation_id = org;
    g.contact_id = contact;
    assert_int_equal(
        registration_store_create(fx->st, &fx->sa, &g, day(TODAY), &e), 0);
    assert_string_equal(g.name, "Anna Berg");
    assert_string_equal(g.email, "anna@acme.se");
    int64_t r = g.id;
    registration_release(&g);

    set_status(fx, r, REG_ATTENDED);
    assert_int_equal(sql_int(fx, "SELECT count(*) FROM activity WHERE kind ="
                                 " 'event_attendance' AND day = '2027-03-10'"
                                 " AND text = 'Attended Hydrogen day'"
                                 " AND signal = 1 AND contact_id IS NOT NULL"),
                     1);
    /* An interest signal: the lead is warm from the event's day. */
    assert_int_equal(sql_int(fx, "SELECT count(*) FROM warm_period WHERE"
                                 " warm_from = '2027-03-10'"),
                     1);
    set_status(fx, r, REG_REGISTERED);
    assert_int_equal(sql_int(fx, "SELECT count(*) FROM activity WHERE kind ="
                                 " 'event_attendance'"),
                     0);
    assert_int_equal(rows(fx, "warm_period"), 0);
    /* The registration's own activity stays. */
    assert_int_equal(sql_int(fx, "SELECT count(*) FROM activity WHERE kind ="
                                 " 'event_registration'"),
                     1);

    /* Marked attended before the day: the activity is not in the future. */
    int64_t r2 = reg(fx, future, org, "Anna Berg", "anna@acme.se", NULL);
    set_status(fx, r2, REG_ATTENDED);
    assert_int_equal(sql_int(fx, "SELECT count(*) FROM activity WHERE kind ="
                                 " 'event_attendance' AND day = '" TODAY "'"),
                     1);
    /* attended -> no_show goes through registered. */
    assert_int_equal(registration_store_set_status(fx->st, &fx->sa, r2,
                                                   REG_NO_SHOW, day(TODAY), &e),
                     STORE_HARD);
    assert_int_equal(e.code, ERR_CONFLICT);
    /* Cancelling an attended registration removes its activity too. */
    set_status(fx, r2, REG_CANCELLED);
    assert_int_equal(sql_int(fx, "SELECT count(*) FROM activity WHERE kind ="
                                 " 'event_attendance'"),
                     0);

    struct registration_list l = { 0 };
    assert_int_equal(registration_store_list_org(fx->st, fx->a.id, org, &l, &e),
                     0);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.items[0].event_title, "Later");
    registration_list_release(&l);
}

static void
test_store_event__fees_split_member_and_nonmember(void **state)
{
    struct fx *fx = *state;
    int64_t member = add_org(fx, &fx->sa, "Member AB");
    int64_t lead = add_org(fx, &fx->sa, "Lead AB");
    int64_t late = add_org(fx, &fx->sa, "Late joiner AB");
    add_member(fx, &fx->sa, member, "2026-01-01");
    /* Joins after the event's day: not a member at the event. */
    add_member(fx, &fx->sa, late, "2027-04-02");
    int64_t ev = add_event(fx, &fx->sa, "B2B", "2027-04-01T09:00", 0);
    enum registration_status s;
    struct registration g;
    struct err e = ERR_INIT;
    assert_int_equal(
        try_register(fx, &fx->sa, ev, member, "M1", "m1@m.se", &g, &e), 0);
    assert_true(g.member);
    assert_int_equal(g.fee, 5000);
    int64_t m1 = g.id;
    registration_release(&g);
    reg(fx, ev, member, "M2", "m2@m.se", &s);
    int64_t n1 = reg(fx, ev, lead, "N1", "n1@l.se", NULL);
    reg(fx, ev, late, "N2", "n2@late.se", NULL);
    int64_t gone = reg(fx, ev, lead, "N3", "n3@l.se", NULL);
    set_status(fx, gone, REG_CANCELLED);

    assert_int_equal(
        registration_store_set_paid(fx->st, &fx->sa, m1, "2027-03-20", &e),
        STORE_ONE);
    assert_int_equal(
        registration_store_set_paid(fx->st, &fx->sa, n1, "2027-03-21", &e),
        STORE_ONE);
    assert_int_equal(
        registration_store_set_paid(fx->st, &fx->sa, n1, "31.03.2027", &e),
        STORE_HARD);
    assert_string_equal(e.field, "paid_on");
    err_clear(&e);

    struct event_fees f;
    assert_int_equal(event_store_fees(fx->st, fx->a.id, ev, &f, &e), 0);
    assert_int_equal(f.member_count, 2);
    assert_int_equal(f.member_due, 10000);
    assert_int_equal(f.member_paid, 5000);
    assert_int_equal(f.nonmember_count, 2);
    assert_int_equal(f.nonmember_due, 40000);
    assert_int_equal(f.nonmember_paid, 20000);

    /* Unpaid again. */
    assert_int_equal(registration_store_set_paid(fx->st, &fx->sa, n1, "", &e),
                     STORE_ONE);
    assert_int_equal(event_store_fees(fx->st, fx->a.id, ev, &f, &e), 0);
    assert_int_equal(f.nonmember_paid, 0);
}

static void
test_store_event__feedback_only_for_attended_and_replaces(void **state)
{
    struct fx *fx = *state;
    int64_t org = add_org(fx, &fx->sa, "Acme");
    int64_t ev = add_event(fx, &fx->sa, "Seminar", "2027-03-10T09:00", 0);
    int64_t r1 = reg(fx, ev, org, "One", "one@acme.se", NULL);
    int64_t r2 = reg(fx, ev, org, "Two", "two@acme.se", NULL);
    int64_t r3 = reg(fx, ev, org, "Three", "three@acme.se", NULL);
    char *t1 = token_of(fx, r1), *t2 = token_of(fx, r2), *t3 = token_of(fx, r3);
    struct err e = ERR_INIT;

    assert_int_equal(feedback_store_put(fx->st, t1, 5, "", &e), STORE_HARD);
    assert_int_equal(e.code, ERR_CONFLICT);
    err_clear(&e);
    set_status(fx, r1, REG_ATTENDED);
    set_status(fx, r2, REG_ATTENDED);
    set_status(fx, r3, REG_ATTENDED);
    assert_int_equal(feedback_store_put(fx->st, t1, 2, "Too long", &e),
                     STORE_ONE);
    assert_int_equal(feedback_store_put(fx->st, t1, 5, " Great after all ", &e),
                     STORE_ONE);
    assert_int_equal(feedback_store_put(fx->st, t2, 4, "", &e), STORE_ONE);
    assert_int_equal(feedback_store_put(fx->st, t3, 0, "", &e), STORE_HARD);
    assert_string_equal(e.field, "rating");
    err_clear(&e);
    assert_int_equal(feedback_store_put(fx->st, "no-such-token", 3, "", &e),
                     STORE_NONE);
    assert_int_equal(
        feedback_store_put_on(fx->st, t3, 3, "", day("2027-03-09"), &e),
        STORE_HARD);
    assert_int_equal(e.code, ERR_CONFLICT);
    err_clear(&e);
    assert_int_equal(
        feedback_store_put_on(fx->st, t3, 1, "", day("2027-03-10"), &e),
        STORE_ONE);

    struct registration g;
    int64_t cluster = 0;
    registration_init(&g);
    assert_int_equal(feedback_store_find(fx->st, t1, &g, &cluster, &e),
                     STORE_ONE);
    assert_int_equal(cluster, fx->a.id);
    assert_int_equal(g.rating, 5);
    assert_string_equal(g.comment, "Great after all");
    assert_string_equal(g.event_title, "Seminar");
    registration_release(&g);

    struct satisfaction s;
    assert_int_equal(event_store_satisfaction(fx->st, fx->a.id, ev, &s, &e), 0);
    assert_int_equal(s.responses, 3);
    assert_true(s.mean > 3.33 && s.mean < 3.34); /* (5 + 4 + 1) / 3 */
    assert_int_equal(s.share_4_5, 667);
    assert_int_equal(sql_int(fx, "SELECT count(*) FROM audit WHERE"
                                 " action = 'rate'"),
                     4);
    free(t1);
    free(t2);
    free(t3);
}

static void
test_store_event__lists_upcoming_past_and_by_title(void **state)
{
    struct fx *fx = *state;
    add_event(fx, &fx->sa, "Водневий семінар", "2027-04-01T09:00", 0);
    add_event(fx, &fx->sa, "Past fair", "2027-02-01T09:00", 0);
    add_event(fx, &fx->sa, "Today's visit", "2027-03-15T09:00", 0);
    add_event(fx, &fx->sb, "Beta seminar", "2027-04-01T09:00", 0);
    struct event_filter f = {
        EVENTS_UPCOMING, TODAY, -1, 0, NULL, false, 0, -1
    };
    struct event_list l = { 0 };
    struct err e = ERR_INIT;
    assert_int_equal(event_store_list(fx->st, fx->a.id, &f, &l, &e), 0);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.total, 2);
    assert_string_equal(l.items[0].title, "Today's visit");
    event_list_release(&l);
    f.when = EVENTS_PAST;
    assert_int_equal(event_store_list(fx->st, fx->a.id, &f, &l, &e), 0);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.items[0].title, "Past fair");
    event_list_release(&l);
    f.when = EVENTS_ALL;
    f.q = "ВОДНЕВИЙ";
    assert_int_equal(event_store_list(fx->st, fx->a.id, &f, &l, &e), 0);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.items[0].title, "Водневий семінар");
    event_list_release(&l);
    f.q = NULL;
    f.limit = 1;
    f.offset = 1;
    assert_int_equal(event_store_list(fx->st, fx->a.id, &f, &l, &e), 0);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.total, 3);
    assert_string_equal(l.items[0].title, "Today's visit");
    event_list_release(&l);
}

/* ---- working groups ---- */

static void
test_store_event__working_groups_members_and_participation(void **state)
{
    struct fx *fx = *state;
    int64_t acme = add_org(fx, &fx->sa, "Acme");
    int64_t beta = add_org(fx, &fx->sa, "Beta AB");
    int64_t anna = add_contact(fx, &fx->sa, acme, "Anna", "anna@acme.se");
    int64_t other_cluster_contact = add_contact(
        fx, &fx->sb, add_org(fx, &fx->sb, "B-org"), "Bo", "bo@b.se");
    struct working_group w;
    struct err e = ERR_INIT;
    working_group_init(&w);
    org_set_str(&w.name, "Hydrogen");
    org_set_str(&w.topic, "Fuel cells");
    w.coordinator_contact_id = other_cluster_contact;
    assert_int_equal(working_group_store_create(fx->st, &fx->sa, &w, &e), -1);
    assert_string_equal(e.field, "coordinator_contact_id");
    err_clear(&e);
    w.coordinator_contact_id = anna;
    assert_int_equal(working_group_store_create(fx->st, &fx->sa, &w, &e), 0);
    int64_t gid = w.id;
    working_group_release(&w);

    working_group_init(&w);
    org_set_str(&w.name, " HYDROGEN ");
    assert_int_equal(working_group_store_create(fx->st, &fx->sa, &w, &e), -1);
    assert_int_equal(e.code, ERR_CONFLICT);
    assert_string_equal(e.field, "name");
    err_clear(&e);
    /* Another cluster may use the name. */
    assert_int_equal(working_group_store_create(fx->st, &fx->sb, &w, &e), 0);
    working_group_release(&w);

    /* Members. */
    struct group_member m;
    memset(&m, 0, sizeof(m));
    m.working_group_id = gid;
    m.organisation_id = acme;
    memcpy(m.joined_on, "2027-01-01", 11);
    assert_int_equal(
        group_member_store_add(fx->st, &fx->sa, &m, day(TODAY), &e), 0);
    int64_t acme_member = m.id;
    memset(&m, 0, sizeof(m));
    m.working_group_id = gid;
    m.organisation_id = acme;
    assert_int_equal(
        group_member_store_add(fx->st, &fx->sa, &m, day(TODAY), &e), -1);
    assert_int_equal(e.code, ERR_CONFLICT);
    err_clear(&e);
    m.contact_id = other_cluster_contact;
    assert_int_equal(
        group_member_store_add(fx->st, &fx->sa, &m, day(TODAY), &e), -1);
    assert_string_equal(e.field, "contact_id");
    err_clear(&e);
    m.contact_id = 0;
    m.organisation_id = beta;
    assert_int_equal(
        group_member_store_add(fx->st, &fx->sa, &m, day(TODAY), &e), 0);
    assert_string_equal(m.joined_on, TODAY);

    /* Meetings: two held since January (one attended by Acme), one
     * cancelled, one before Acme joined, one still to come. */
    struct event ev;
    int64_t ids[5];
    const char *starts[] = { "2026-12-01T10:00", "2027-02-01T10:00",
                             "2027-03-01T10:00", "2027-03-05T10:00",
                             "2027-04-01T10:00" };
    for (int i = 0; i < 5; i++) {
        event_init(&ev);
        org_set_str(&ev.title, "Meeting");
        ev.kind = EVENT_WORKING_GROUP;
        ev.working_group_id = gid;
        memcpy(ev.starts_at, starts[i], 17);
        memcpy(ev.ends_at, starts[i], 17);
        ev.cancelled = i == 3;
        assert_int_equal(event_store_create(fx->st, &fx->sa, &ev, &e), 0);
        ids[i] = ev.id;
        event_release(&ev);
    }
    int64_t r = reg(fx, ids[1], acme, "Anna", "anna@acme.se", NULL);
    set_status(fx, r, REG_ATTENDED);
    /* A meeting of another cluster's group cannot be made. */
    event_init(&ev);
    org_set_str(&ev.title, "Sneaky");
    ev.kind = EVENT_WORKING_GROUP;
    ev.working_group_id = gid;
    memcpy(ev.starts_at, "2027-03-02T10:00", 17);
    memcpy(ev.ends_at, "2027-03-02T11:00", 17);
    assert_int_equal(event_store_create(fx->st, &fx->sb, &ev, &e), -1);
    assert_string_equal(e.field, "working_group_id");
    err_clear(&e);
    event_release(&ev);

    struct group_member_list l = { 0 };
    assert_int_equal(
        group_member_store_list(fx->st, fx->a.id, gid, day(TODAY), &l, &e), 0);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.items[0].organisation_name, "Acme");
    assert_string_equal(l.items[0].group_name, "Hydrogen");
    assert_int_equal(l.items[0].meetings, 2);
    assert_int_equal(l.items[0].meetings_attended, 1);
    assert_string_equal(l.items[1].organisation_name, "Beta AB");
    assert_int_equal(l.items[1].meetings, 0);
    group_member_list_release(&l);
    assert_int_equal(
        group_member_store_list_org(fx->st, fx->a.id, acme, day(TODAY), &l, &e),
        0);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.items[0].working_group_id, gid);
    group_member_list_release(&l);

    working_group_init(&w);
    assert_int_equal(working_group_store_get(fx->st, fx->a.id, gid, &w, &e),
                     STORE_ONE);
    assert_int_equal(w.members, 2);
    assert_int_equal(w.meetings, 4);
    assert_string_equal(w.coordinator_name, "Anna");
    /* Renaming to its own name in other case is no conflict. */
    org_set_str(&w.name, "hydrogen");
    assert_int_equal(working_group_store_update(fx->st, &fx->sa, &w, &e),
                     STORE_ONE);
    working_group_release(&w);
    working_group_init(&w);
    assert_int_equal(working_group_store_get(fx->st, fx->b.id, gid, &w, &e),
                     STORE_NONE);
    working_group_release(&w);

    /* Removal: only within the group and the cluster. */
    assert_int_equal(
        group_member_store_remove(fx->st, &fx->sb, gid, acme_member, &e),
        STORE_NONE);
    assert_int_equal(
        group_member_store_remove(fx->st, &fx->sa, gid + 1, acme_member, &e),
        STORE_NONE);
    assert_int_equal(
        group_member_store_remove(fx->st, &fx->sa, gid, acme_member, &e),
        STORE_ONE);
    assert_int_equal(rows(fx, "working_group_member"), 1);
    assert_int_equal(sql_int(fx, "SELECT count(*) FROM audit WHERE entity"
                                 " = 'working_group_member'"),
                     3);
    struct working_group_list wl = { 0 };
    assert_int_equal(working_group_store_list(fx->st, fx->a.id, false, &wl, &e),
                     0);
    assert_int_equal(wl.n, 1);
    working_group_list_release(&wl);
}

int
main(void)
{
    if (crypto_setup())
        return 1;
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)
        T(test_store_event__third_of_two_places_is_waitlisted),
        T(test_store_event__cancelling_a_place_moves_the_earliest_waitlisted_up),
        T(test_store_event__cancelling_a_waitlisted_one_moves_nobody),
        T(test_store_event__raising_capacity_moves_as_many_as_fit),
        T(test_store_event__capacity_below_places_taken_is_refused),
        T(test_store_event__same_email_twice_is_a_conflict),
        T(test_store_event__another_clusters_event_by_guessed_id_fails),
        T(test_store_event__public_registration_creates_then_reuses),
        T(test_store_event__bad_public_input_changes_nothing),
        T(test_store_event__attendance_writes_activity_and_undo_removes_it),
        T(test_store_event__fees_split_member_and_nonmember),
        T(test_store_event__feedback_only_for_attended_and_replaces),
        T(test_store_event__lists_upcoming_past_and_by_title),
        T(test_store_event__working_groups_members_and_participation),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
