/*
 * Rules of the membership store (settings.c, tier.c, membership.c,
 * application.c, target.c) against a real SQLite file in a fresh
 * temporary directory: the price list, a membership's life from
 * application to end, its tier history, the status derived from unpaid
 * instalments on any day, the public application, tenancy, the
 * settings and the yearly plans.
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

#include "base/buf.h"
#include "base/date.h"
#include "core/org.h"
#include "store/invoice_store.h"
#include "store/membership_store.h"
#include "store/store.h"

#define TODAY "2026-03-31"

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
    *state = store_fx_new("/tmp/cd-test-membership-XXXXXX");
    return *state ? 0 : -1;
}

/* ---- helpers ---- */



static int64_t
count_rows(struct fx *fx, const char *table, int64_t cluster_id)
{
    char sql[160];
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM %s WHERE cluster_id = %lld", table,
             (long long)cluster_id);
    return sql_int(fx, sql);
}

static int64_t
add_org(struct fx *fx, const struct scope *sc, const char *name,
        const char *regno)
{
    struct org o;
    struct err e = ERR_INIT;
    org_init(&o);
    org_set_str(&o.name, name);
    o.kind = ORG_KIND_SME;
    org_set_str(&o.registration_no, regno);
    if (org_validate(&o, &e) || org_store_create(fx->st, sc, &o, &e))
        fail_msg("org %s: %s", e.field, e.msg);
    int64_t id = o.id;
    org_release(&o);
    return id;
}

static int
create_tier(struct fx *fx, const struct scope *sc, const char *name,
            int64_t fee, bool associate, int64_t *id, struct err *e)
{
    struct tier t;
    tier_init(&t);
    org_set_str(&t.name, name);
    t.annual_fee = fee;
    t.associate = associate;
    int rc = tier_store_create(fx->st, sc, &t, e);
    *id = t.id;
    tier_release(&t);
    return rc;
}

static int64_t
add_tier(struct fx *fx, const struct scope *sc, const char *name, int64_t fee)
{
    int64_t id = 0;
    struct err e = ERR_INIT;
    if (create_tier(fx, sc, name, fee, fee == 0, &id, &e))
        fail_msg("tier %s: %s", e.field, e.msg);
    assert_true(id > 0);
    return id;
}

static int
create_member(struct fx *fx, const struct scope *sc, int64_t org, int64_t tier,
              const char *applied, const char *joined, int64_t *id,
              struct err *e)
{
    struct membership m;
    membership_init(&m);
    m.organisation_id = org;
    m.tier_id = tier;
    org_set_str(&m.applied_on, applied);
    org_set_str(&m.joined_on, joined);
    int rc = membership_store_create(fx->st, sc, &m, e);
    *id = m.id;
    membership_release(&m);
    return rc;
}

static int64_t
add_member(struct fx *fx, const struct scope *sc, int64_t org, int64_t tier,
           const char *applied, const char *joined)
{
    int64_t id = 0;
    struct err e = ERR_INIT;
    if (create_member(fx, sc, org, tier, applied, joined, &id, &e))
        fail_msg("membership %s: %s", e.field, e.msg);
    assert_true(id > 0);
    return id;
}

/* The status of a membership on a day; unpaid_since into *since. */
static enum member_status
status_on(struct fx *fx, int64_t cluster_id, int64_t id, const char *on,
          int32_t *since)
{
    struct membership_row r;
    struct err e = ERR_INIT;
    memset(&r, 0, sizeof(r));
    membership_init(&r.m);
    if (membership_store_get(fx->st, cluster_id, id, on, &r, &e) != STORE_ONE)
        fail_msg("get membership %lld: %s", (long long)id, e.msg);
    enum member_status st = r.status;
    if (since)
        *since = r.unpaid_since;
    membership_release(&r.m);
    return st;
}

static struct membership_filter
all_members(void)
{
    struct membership_filter f = { 0 };
    f.status = -1;
    f.limit = -1;
    return f;
}

/* Lists with f on `on`; the organisation names joined by "|" into out. */
static int64_t
list_names(struct fx *fx, int64_t cluster_id, struct membership_filter f,
           const char *on, struct buf *out)
{
    struct membership_list l = { 0 };
    struct err e = ERR_INIT;
    if (membership_store_list(fx->st, cluster_id, &f, on, &l, &e))
        fail_msg("list: %s", e.msg);
    buf_reset(out);
    for (size_t i = 0; i < l.n; i++) {
        if (i)
            buf_addc(out, '|');
        buf_adds(out, l.items[i].m.org_name);
    }
    int64_t total = l.total;
    membership_list_release(&l);
    return total;
}

static int64_t
audit_count(struct fx *fx, int64_t cluster_id, const char *entity,
            int64_t entity_id)
{
    struct audit_list l = { 0 };
    struct err e = ERR_INIT;
    assert_int_equal(
        audit_store_list(fx->st, cluster_id, entity, entity_id, 0, 100, &l, &e),
        0);
    int64_t n = (int64_t)l.n;
    audit_list_release(&l);
    return n;
}

/* ---- tiers ---- */

static void
test_store_membership__tiers_by_fee_then_name_with_running_members(void **state)
{
    struct fx *fx = *state;
    int64_t assoc = add_tier(fx, &fx->sa, "Associate", 0);
    int64_t startup = add_tier(fx, &fx->sa, "Start-up", 100000);
    int64_t sme = add_tier(fx, &fx->sa, "SME", 100000);
    int64_t large = add_tier(fx, &fx->sa, "Large enterprise", 300000);
    (void)assoc;

    /* SME: one running, one applicant, one ended, one joining later. */
    int64_t o1 = add_org(fx, &fx->sa, "Acme", "");
    int64_t o2 = add_org(fx, &fx->sa, "Borealis", "");
    int64_t o3 = add_org(fx, &fx->sa, "Cobalt", "");
    int64_t o4 = add_org(fx, &fx->sa, "Delta", "");
    add_member(fx, &fx->sa, o1, sme, "2025-01-01", "2025-01-15");
    add_member(fx, &fx->sa, o2, sme, "2026-03-01", "");
    int64_t ended =
        add_member(fx, &fx->sa, o3, sme, "2024-01-01", "2024-02-01");
    struct err e = ERR_INIT;
    assert_int_equal(
        membership_store_end(fx->st, &fx->sa, ended, "2026-01-01", "", &e),
        STORE_ONE);
    add_member(fx, &fx->sa, o4, sme, "2026-03-01", "2026-04-01");

    struct tier *t = NULL;
    size_t n = 0;
    assert_int_equal(
        tier_store_list(fx->st, fx->a.id, false, TODAY, &t, &n, &e), 0);
    assert_int_equal(n, 4);
    assert_string_equal(t[0].name, "Large enterprise");
    assert_string_equal(t[1].name, "SME");
    assert_string_equal(t[2].name, "Start-up");
    assert_string_equal(t[3].name, "Associate");
    assert_int_equal(t[0].members, 0);
    assert_int_equal(t[1].members, 1);
    assert_true(t[3].associate);
    for (size_t i = 0; i < n; i++)
        tier_release(&t[i]);
    free(t);

    /* On 2026-04-01 the late joiner counts too. */
    assert_int_equal(
        tier_store_list(fx->st, fx->a.id, false, "2026-04-01", &t, &n, &e), 0);
    assert_int_equal(t[1].members, 2);
    for (size_t i = 0; i < n; i++)
        tier_release(&t[i]);
    free(t);

    /* Update: a new fee and the start-up tier withdrawn. */
    struct tier u;
    tier_init(&u);
    assert_int_equal(tier_store_get(fx->st, fx->a.id, startup, &u, &e),
                     STORE_ONE);
    assert_string_equal(u.name, "Start-up");
    u.active = false;
    u.annual_fee = 50000;
    assert_int_equal(tier_store_update(fx->st, &fx->sa, &u, &e), STORE_ONE);
    tier_release(&u);
    assert_int_equal(tier_store_list(fx->st, fx->a.id, true, TODAY, &t, &n, &e),
                     0);
    assert_int_equal(n, 3);
    for (size_t i = 0; i < n; i++) {
        assert_int_not_equal(t[i].id, startup);
        tier_release(&t[i]);
    }
    free(t);
    tier_init(&u);
    assert_int_equal(tier_store_get(fx->st, fx->a.id, startup, &u, &e),
                     STORE_ONE);
    assert_false(u.active);
    assert_int_equal(u.annual_fee, 50000);
    tier_release(&u);
    assert_int_equal(audit_count(fx, fx->a.id, "tier", startup), 2);
    assert_int_equal(audit_count(fx, fx->a.id, "tier", large), 1);
}

static void
test_store_membership__tier_name_is_unique_by_folded_form(void **state)
{
    struct fx *fx = *state;
    int64_t sme = add_tier(fx, &fx->sa, "SME", 100000);
    int64_t large = add_tier(fx, &fx->sa, "Large enterprise", 300000);
    int64_t id = 0;
    struct err e = ERR_INIT;
    assert_int_equal(create_tier(fx, &fx->sa, "  sme ", 1, false, &id, &e), -1);
    assert_int_equal(e.code, ERR_CONFLICT);
    assert_string_equal(e.field, "name");

    /* Renaming onto another tier's name is refused and changes nothing. */
    struct tier u;
    tier_init(&u);
    assert_int_equal(tier_store_get(fx->st, fx->a.id, large, &u, &e),
                     STORE_ONE);
    org_set_str(&u.name, "Sme");
    err_clear(&e);
    assert_int_equal(tier_store_update(fx->st, &fx->sa, &u, &e), STORE_HARD);
    assert_int_equal(e.code, ERR_CONFLICT);
    assert_string_equal(e.field, "name");
    tier_release(&u);
    tier_init(&u);
    assert_int_equal(tier_store_get(fx->st, fx->a.id, large, &u, &e),
                     STORE_ONE);
    assert_string_equal(u.name, "Large enterprise");
    /* Its own name in another case is fine. */
    org_set_str(&u.name, "LARGE Enterprise");
    assert_int_equal(tier_store_update(fx->st, &fx->sa, &u, &e), STORE_ONE);
    tier_release(&u);

    /* An invalid tier: no name; and the other cluster may use the name. */
    err_clear(&e);
    assert_int_equal(create_tier(fx, &fx->sa, "", 1, false, &id, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, "name");
    assert_int_equal(count_rows(fx, "tier", fx->a.id), 2);
    add_tier(fx, &fx->sb, "SME", 100000);
    (void)sme;
}

/* ---- memberships ---- */

static void
test_store_membership__lifecycle_applicant_active_ended(void **state)
{
    struct fx *fx = *state;
    int64_t sme = add_tier(fx, &fx->sa, "SME", 100000);
    int64_t org = add_org(fx, &fx->sa, "Kyiv Robotics", "");
    int64_t id = add_member(fx, &fx->sa, org, sme, "2026-01-10", "");
    struct err e = ERR_INIT;

    assert_int_equal(status_on(fx, fx->a.id, id, TODAY, NULL),
                     MEMBER_APPLICANT);
    /* A joining date before the application is refused, nothing kept. */
    assert_int_equal(
        membership_store_approve(fx->st, &fx->sa, id, "2026-01-01", &e),
        STORE_HARD);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, "joined_on");
    assert_int_equal(status_on(fx, fx->a.id, id, TODAY, NULL),
                     MEMBER_APPLICANT);

    err_clear(&e);
    assert_int_equal(
        membership_store_approve(fx->st, &fx->sa, id, "2026-02-01", &e),
        STORE_ONE);
    assert_int_equal(status_on(fx, fx->a.id, id, TODAY, NULL), MEMBER_ACTIVE);
    assert_int_equal(status_on(fx, fx->a.id, id, "2026-01-31", NULL),
                     MEMBER_APPLICANT);
    assert_int_equal(
        membership_store_approve(fx->st, &fx->sa, id, "2026-02-02", &e),
        STORE_HARD);
    assert_int_equal(e.code, ERR_CONFLICT);

    /* An end not after the joining is refused. */
    err_clear(&e);
    assert_int_equal(membership_store_end(fx->st, &fx->sa, id, "2026-02-01",
                                          "Moved away", &e),
                     STORE_HARD);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, "ended_on");
    err_clear(&e);
    assert_int_equal(membership_store_end(fx->st, &fx->sa, id, "2026-03-01",
                                          "Moved away", &e),
                     STORE_ONE);
    assert_int_equal(status_on(fx, fx->a.id, id, TODAY, NULL), MEMBER_RESIGNED);
    assert_int_equal(status_on(fx, fx->a.id, id, "2026-02-28", NULL),
                     MEMBER_ACTIVE);
    assert_int_equal(
        membership_store_end(fx->st, &fx->sa, id, "2026-03-02", "", &e),
        STORE_HARD);
    assert_int_equal(e.code, ERR_CONFLICT);

    struct membership_row r;
    memset(&r, 0, sizeof(r));
    membership_init(&r.m);
    assert_int_equal(membership_store_get(fx->st, fx->a.id, id, TODAY, &r, &e),
                     STORE_ONE);
    assert_string_equal(r.m.applied_on, "2026-01-10");
    assert_string_equal(r.m.joined_on, "2026-02-01");
    assert_string_equal(r.m.ended_on, "2026-03-01");
    assert_string_equal(r.m.end_reason, "Moved away");
    assert_string_equal(r.m.org_name, "Kyiv Robotics");
    assert_string_equal(r.m.tier_name, "SME");
    assert_int_equal(r.m.annual_fee, 100000);
    assert_int_equal(r.m.source, MEMBERSHIP_STAFF);
    membership_release(&r.m);

    /* Ended: out of the current list, in the history. */
    struct buf names = BUF_INIT;
    assert_int_equal(list_names(fx, fx->a.id, all_members(), TODAY, &names), 0);
    struct membership_filter f = all_members();
    f.history = true;
    assert_int_equal(list_names(fx, fx->a.id, f, TODAY, &names), 1);
    assert_string_equal(names.s, "Kyiv Robotics");
    /* Before its end it is still listed. */
    assert_int_equal(
        list_names(fx, fx->a.id, all_members(), "2026-02-15", &names), 1);
    buf_release(&names);
    assert_int_equal(audit_count(fx, fx->a.id, "membership", id), 3);
}

static void
test_store_membership__declined_application(void **state)
{
    struct fx *fx = *state;
    int64_t sme = add_tier(fx, &fx->sa, "SME", 100000);
    int64_t org = add_org(fx, &fx->sa, "Göteborg Sensor AB", "");
    int64_t id = add_member(fx, &fx->sa, org, sme, "2026-02-01", "");
    struct err e = ERR_INIT;
    assert_int_equal(membership_store_decline(fx->st, &fx->sa, id, "2026-02-15",
                                              "Outside the region", &e),
                     STORE_ONE);
    assert_int_equal(status_on(fx, fx->a.id, id, TODAY, NULL), MEMBER_DECLINED);
    assert_int_equal(
        membership_store_approve(fx->st, &fx->sa, id, "2026-03-01", &e),
        STORE_HARD);
    assert_int_equal(e.code, ERR_CONFLICT);
    err_clear(&e);
    assert_int_equal(
        membership_store_end(fx->st, &fx->sa, id, "2026-03-01", "", &e),
        STORE_HARD);
    assert_int_equal(e.code, ERR_CONFLICT);

    /* Declined is over: the organisation may apply again. */
    int64_t again = add_member(fx, &fx->sa, org, sme, "2026-03-10", "");
    assert_true(again != id);
    struct buf names = BUF_INIT;
    assert_int_equal(list_names(fx, fx->a.id, all_members(), TODAY, &names), 1);
    struct membership_filter f = all_members();
    f.history = true;
    f.status = MEMBER_DECLINED;
    assert_int_equal(list_names(fx, fx->a.id, f, TODAY, &names), 1);
    buf_release(&names);
}

static void
test_store_membership__one_open_membership_per_organisation(void **state)
{
    struct fx *fx = *state;
    int64_t sme = add_tier(fx, &fx->sa, "SME", 100000);
    int64_t old = add_tier(fx, &fx->sa, "Old tier", 100);
    int64_t org = add_org(fx, &fx->sa, "Acme", "");
    int64_t id = add_member(fx, &fx->sa, org, sme, "2025-01-01", "2025-01-01");
    int64_t other = 0;
    struct err e = ERR_INIT;
    assert_int_equal(
        create_member(fx, &fx->sa, org, sme, "2026-01-01", "", &other, &e), -1);
    assert_int_equal(e.code, ERR_CONFLICT);
    assert_string_equal(e.field, "organisation_id");
    assert_int_equal(count_rows(fx, "membership", fx->a.id), 1);

    /* After the end a new membership is a new record. */
    err_clear(&e);
    assert_int_equal(
        membership_store_end(fx->st, &fx->sa, id, "2026-01-01", "", &e),
        STORE_ONE);
    int64_t renewed =
        add_member(fx, &fx->sa, org, sme, "2026-02-01", "2026-02-01");
    assert_true(renewed != id);

    /* An inactive tier, an archived organisation, another cluster's. */
    struct tier t;
    tier_init(&t);
    assert_int_equal(tier_store_get(fx->st, fx->a.id, old, &t, &e), STORE_ONE);
    t.active = false;
    assert_int_equal(tier_store_update(fx->st, &fx->sa, &t, &e), STORE_ONE);
    tier_release(&t);
    int64_t org2 = add_org(fx, &fx->sa, "Borealis", "");
    assert_int_equal(
        create_member(fx, &fx->sa, org2, old, "2026-01-01", "", &other, &e),
        -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, "tier_id");
    err_clear(&e);
    assert_int_equal(org_store_set_archived(fx->st, &fx->sa, org2, true, &e),
                     STORE_ONE);
    assert_int_equal(
        create_member(fx, &fx->sa, org2, sme, "2026-01-01", "", &other, &e),
        -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, "organisation_id");
    int64_t beta_org = add_org(fx, &fx->sb, "Beta Org", "");
    int64_t beta_tier = add_tier(fx, &fx->sb, "Beta tier", 100);
    err_clear(&e);
    assert_int_equal(
        create_member(fx, &fx->sa, beta_org, sme, "2026-01-01", "", &other, &e),
        -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, "organisation_id");
    err_clear(&e);
    int64_t org3 = add_org(fx, &fx->sa, "Cobalt", "");
    assert_int_equal(create_member(fx, &fx->sa, org3, beta_tier, "2026-01-01",
                                   "", &other, &e),
                     -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, "tier_id");
    assert_int_equal(count_rows(fx, "membership", fx->a.id), 2);
    assert_int_equal(count_rows(fx, "membership", fx->b.id), 0);
}

static void
test_store_membership__tier_changes_are_kept_in_history(void **state)
{
    struct fx *fx = *state;
    int64_t sme = add_tier(fx, &fx->sa, "SME", 100000);
    int64_t large = add_tier(fx, &fx->sa, "Large enterprise", 300000);
    int64_t startup = add_tier(fx, &fx->sa, "Start-up", 50000);
    int64_t org = add_org(fx, &fx->sa, "Acme", "");
    int64_t id = add_member(fx, &fx->sa, org, sme, "2024-12-01", "2025-01-01");
    struct err e = ERR_INIT;

    assert_int_equal(membership_store_change_tier(fx->st, &fx->sa, id, large,
                                                  "2026-01-01", &e),
                     STORE_ONE);
    /* Not before the last change, not to the same tier. */
    assert_int_equal(membership_store_change_tier(fx->st, &fx->sa, id, sme,
                                                  "2025-06-01", &e),
                     STORE_HARD);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, "valid_from");
    err_clear(&e);
    assert_int_equal(membership_store_change_tier(fx->st, &fx->sa, id, large,
                                                  "2026-02-01", &e),
                     STORE_HARD);
    assert_string_equal(e.field, "tier_id");

    /* The fee of the tier at the change stays in the history. */
    struct tier t;
    tier_init(&t);
    assert_int_equal(tier_store_get(fx->st, fx->a.id, large, &t, &e),
                     STORE_ONE);
    t.annual_fee = 350000;
    assert_int_equal(tier_store_update(fx->st, &fx->sa, &t, &e), STORE_ONE);
    tier_release(&t);

    struct tier_change *c = NULL;
    size_t n = 0;
    assert_int_equal(membership_store_tiers(fx->st, fx->a.id, id, &c, &n, &e),
                     0);
    assert_int_equal(n, 2);
    assert_int_equal(c[0].tier_id, sme);
    assert_string_equal(c[0].tier_name, "SME");
    assert_int_equal(c[0].annual_fee, 100000);
    assert_string_equal(c[0].valid_from, "2025-01-01");
    assert_int_equal(c[1].tier_id, large);
    assert_int_equal(c[1].annual_fee, 300000);
    assert_string_equal(c[1].valid_from, "2026-01-01");
    for (size_t i = 0; i < n; i++)
        tier_change_release(&c[i]);
    free(c);

    /* A change on the day of the last one corrects it. */
    assert_int_equal(membership_store_change_tier(fx->st, &fx->sa, id, startup,
                                                  "2026-01-01", &e),
                     STORE_ONE);
    assert_int_equal(membership_store_tiers(fx->st, fx->a.id, id, &c, &n, &e),
                     0);
    assert_int_equal(n, 2);
    assert_int_equal(c[1].tier_id, startup);
    assert_int_equal(c[1].annual_fee, 50000);
    for (size_t i = 0; i < n; i++)
        tier_change_release(&c[i]);
    free(c);

    struct membership_row r;
    memset(&r, 0, sizeof(r));
    membership_init(&r.m);
    assert_int_equal(membership_store_get(fx->st, fx->a.id, id, TODAY, &r, &e),
                     STORE_ONE);
    assert_int_equal(r.m.tier_id, startup);
    assert_string_equal(r.m.tier_name, "Start-up");
    membership_release(&r.m);

    /* An ended membership keeps its tier. */
    err_clear(&e);
    assert_int_equal(
        membership_store_end(fx->st, &fx->sa, id, "2026-03-01", "", &e),
        STORE_ONE);
    assert_int_equal(membership_store_change_tier(fx->st, &fx->sa, id, sme,
                                                  "2026-03-15", &e),
                     STORE_HARD);
    assert_int_equal(e.code, ERR_CONFLICT);
    /* create, two changes, end. */
    assert_int_equal(audit_count(fx, fx->a.id, "membership", id), 4);
}

/* ---- derived status ---- */

static int64_t
invoice_of(struct fx *fx, int64_t membership_id)
{
    char sql[160];
    snprintf(sql, sizeof(sql),
             "SELECT id FROM invoice WHERE membership_id = %lld"
             " AND kind = 'invoice'",
             (long long)membership_id);
    return sql_int(fx, sql);
}

static void
pay(struct fx *fx, int64_t invoice_id, const char *on, int64_t amount)
{
    struct payment p;
    struct err e = ERR_INIT;
    payment_init(&p);
    p.invoice_id = invoice_id;
    free(p.paid_on);
    p.paid_on = strdup(on);
    free(p.method);
    p.method = strdup("bank_transfer");
    p.amount = amount;
    if (payment_store_add(fx->st, &fx->sa, &p, &e))
        fail_msg("payment: %s %s", e.field, e.msg);
    payment_release(&p);
}

static void
test_store_membership__status_follows_unpaid_instalments(void **state)
{
    struct fx *fx = *state;
    /* 20,000.00 EUR is above the 15,000 threshold: two halves, due on
     * 2026-01-01 and 2026-07-01. */
    int64_t large = add_tier(fx, &fx->sa, "Large enterprise", 2000000);
    int64_t assoc = add_tier(fx, &fx->sa, "Associate", 0);
    int64_t org = add_org(fx, &fx->sa, "Acme", "");
    int64_t org2 = add_org(fx, &fx->sa, "City of Lviv", "");
    int64_t id =
        add_member(fx, &fx->sa, org, large, "2025-05-01", "2025-06-01");
    int64_t aid =
        add_member(fx, &fx->sa, org2, assoc, "2025-05-01", "2025-06-01");
    struct err e = ERR_INIT;
    int64_t created = 0;
    assert_int_equal(
        dues_store_generate(fx->st, &fx->sa, 2026, "2025-12-15", &created, &e),
        0);
    assert_int_equal(created, 1);
    int64_t inv = invoice_of(fx, id);
    assert_true(inv > 0);

    int32_t since = -1;
    assert_int_equal(status_on(fx, fx->a.id, id, "2026-01-01", &since),
                     MEMBER_ACTIVE);
    assert_int_equal(since, 0);
    assert_int_equal(status_on(fx, fx->a.id, id, "2026-01-02", &since),
                     MEMBER_IN_GRACE);
    assert_int_equal(since, day("2026-01-01"));
    /* A partial payment leaves the first half unpaid. */
    pay(fx, inv, "2026-01-15", 400000);
    assert_int_equal(status_on(fx, fx->a.id, id, "2026-01-20", &since),
                     MEMBER_IN_GRACE);
    /* Day 60 after the due date is the last in grace. */
    assert_int_equal(status_on(fx, fx->a.id, id, "2026-03-02", NULL),
                     MEMBER_IN_GRACE);
    assert_int_equal(status_on(fx, fx->a.id, id, "2026-03-03", &since),
                     MEMBER_LAPSED);
    assert_int_equal(since, day("2026-01-01"));
    assert_int_equal(status_on(fx, fx->a.id, aid, "2026-03-03", &since),
                     MEMBER_ACTIVE);
    assert_int_equal(since, 0);

    /* Lists derive the same, filter on it and count right. */
    struct buf names = BUF_INIT;
    struct membership_filter f = all_members();
    f.status = MEMBER_LAPSED;
    assert_int_equal(list_names(fx, fx->a.id, f, "2026-03-03", &names), 1);
    assert_string_equal(names.s, "Acme");
    f.status = MEMBER_ACTIVE;
    assert_int_equal(list_names(fx, fx->a.id, f, "2026-03-03", &names), 1);
    assert_string_equal(names.s, "City of Lviv");
    f.status = MEMBER_IN_GRACE;
    assert_int_equal(list_names(fx, fx->a.id, f, "2026-03-03", &names), 0);
    assert_int_equal(list_names(fx, fx->a.id, f, "2026-02-01", &names), 1);
    /* Sorted by status: active before lapsed, and the other way. */
    f = all_members();
    f.sort = MEMBERSHIP_SORT_STATUS;
    assert_int_equal(list_names(fx, fx->a.id, f, "2026-03-03", &names), 2);
    assert_string_equal(names.s, "City of Lviv|Acme");
    f.desc = true;
    assert_int_equal(list_names(fx, fx->a.id, f, "2026-03-03", &names), 2);
    assert_string_equal(names.s, "Acme|City of Lviv");
    /* The plain list carries the status too. */
    struct membership_list l = { 0 };
    f = all_members();
    assert_int_equal(
        membership_store_list(fx->st, fx->a.id, &f, "2026-03-03", &l, &e), 0);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.items[0].m.org_name, "Acme");
    assert_int_equal(l.items[0].status, MEMBER_LAPSED);
    assert_int_equal(l.items[0].unpaid_since, day("2026-01-01"));
    assert_int_equal(l.items[1].status, MEMBER_ACTIVE);
    membership_list_release(&l);

    /* Paid in full on 2026-03-10: lapsed before, active after. */
    pay(fx, inv, "2026-03-10", 600000);
    assert_int_equal(status_on(fx, fx->a.id, id, "2026-03-05", NULL),
                     MEMBER_LAPSED);
    assert_int_equal(status_on(fx, fx->a.id, id, "2026-03-11", &since),
                     MEMBER_ACTIVE);
    assert_int_equal(since, 0);
    /* The second half falls due on 2026-07-01. */
    assert_int_equal(status_on(fx, fx->a.id, id, "2026-07-02", &since),
                     MEMBER_IN_GRACE);
    assert_int_equal(since, day("2026-07-01"));

    /* A credit note cancels the invoice: nothing is owed any more. */
    int64_t note = 0;
    assert_int_equal(invoice_store_credit(fx->st, &fx->sa, inv, "2026-07-05",
                                          "Wrong tier", &note, &e),
                     0);
    assert_int_equal(status_on(fx, fx->a.id, id, "2026-07-06", &since),
                     MEMBER_ACTIVE);
    assert_int_equal(since, 0);
    f = all_members();
    f.status = MEMBER_ACTIVE;
    assert_int_equal(list_names(fx, fx->a.id, f, "2026-07-06", &names), 2);
    buf_release(&names);
}

/* ---- lists ---- */

static void
test_store_membership__list_filters_sorts_and_pages(void **state)
{
    struct fx *fx = *state;
    int64_t sme = add_tier(fx, &fx->sa, "SME", 100000);
    int64_t large = add_tier(fx, &fx->sa, "Large enterprise", 300000);
    const char *names[] = { "Echo", "Alpha", "Delta", "Charlie", "Bravo" };
    const char *joined[] = { "2024-05-01", "2025-01-01", "", "2023-02-01",
                             "2026-01-15" };
    int64_t orgs[5];
    for (int i = 0; i < 5; i++) {
        orgs[i] = add_org(fx, &fx->sa, names[i], "");
        add_member(fx, &fx->sa, orgs[i], i % 2 ? large : sme, "2023-01-01",
                   joined[i]);
    }
    struct buf out = BUF_INIT;
    struct membership_filter f = all_members();
    assert_int_equal(list_names(fx, fx->a.id, f, TODAY, &out), 5);
    assert_string_equal(out.s, "Alpha|Bravo|Charlie|Delta|Echo");
    f.limit = 2;
    f.offset = 1;
    assert_int_equal(list_names(fx, fx->a.id, f, TODAY, &out), 5);
    assert_string_equal(out.s, "Bravo|Charlie");
    f.desc = true;
    assert_int_equal(list_names(fx, fx->a.id, f, TODAY, &out), 5);
    assert_string_equal(out.s, "Delta|Charlie");

    f = all_members();
    /* By joining date: the applicant (not joined) first, then oldest. */
    f.sort = MEMBERSHIP_SORT_JOINED;
    assert_int_equal(list_names(fx, fx->a.id, f, TODAY, &out), 5);
    assert_string_equal(out.s, "Delta|Charlie|Echo|Alpha|Bravo");
    f.desc = true;
    assert_int_equal(list_names(fx, fx->a.id, f, TODAY, &out), 5);
    assert_string_equal(out.s, "Bravo|Alpha|Echo|Charlie|Delta");
    f.desc = false;
    f.sort = MEMBERSHIP_SORT_TIER;
    assert_int_equal(list_names(fx, fx->a.id, f, TODAY, &out), 5);
    assert_string_equal(out.s, "Alpha|Charlie|Bravo|Delta|Echo");
    f.desc = true;
    f.limit = 3;
    assert_int_equal(list_names(fx, fx->a.id, f, TODAY, &out), 5);
    assert_string_equal(out.s, "Bravo|Delta|Echo");

    f = all_members();
    f.tier_id = large;
    assert_int_equal(list_names(fx, fx->a.id, f, TODAY, &out), 2);
    assert_string_equal(out.s, "Alpha|Charlie");
    f = all_members();
    f.q = "ELT";
    assert_int_equal(list_names(fx, fx->a.id, f, TODAY, &out), 1);
    assert_string_equal(out.s, "Delta");
    f = all_members();
    f.organisation_id = orgs[4];
    assert_int_equal(list_names(fx, fx->a.id, f, TODAY, &out), 1);
    assert_string_equal(out.s, "Bravo");

    /* A status filter pages over the matching ones only. */
    f = all_members();
    f.status = MEMBER_ACTIVE;
    f.limit = 2;
    f.offset = 2;
    assert_int_equal(list_names(fx, fx->a.id, f, TODAY, &out), 4);
    assert_string_equal(out.s, "Charlie|Echo");
    f.offset = 10;
    assert_int_equal(list_names(fx, fx->a.id, f, TODAY, &out), 4);
    assert_string_equal(out.s, "");
    f = all_members();
    f.status = MEMBER_APPLICANT;
    assert_int_equal(list_names(fx, fx->a.id, f, TODAY, &out), 1);
    assert_string_equal(out.s, "Delta");
    f.status = MEMBER_APPLICANT;
    assert_int_equal(list_names(fx, fx->a.id, f, "2025-06-01", &out), 2);
    assert_string_equal(out.s, "Bravo|Delta");
    buf_release(&out);
}

/* ---- the application ---- */

static void
fill_application(struct application *a, const char *org_name, const char *regno,
                 const char *contact, const char *email, int64_t tier)
{
    application_init(a);
    org_set_str(&a->org.name, org_name);
    a->org.kind = ORG_KIND_SME;
    org_set_str(&a->org.registration_no, regno);
    org_set_str(&a->contact.name, contact);
    org_set_str(&a->contact.email, email);
    a->tier_id = tier;
    a->consent = true;
    struct err errs[8];
    size_t n = application_validate_all(a, TODAY, errs, 8);
    if (n)
        fail_msg("application %s: %s", errs[0].field, errs[0].msg);
}

static void
test_store_membership__application_reuses_the_registered_organisation(
    void **state)
{
    struct fx *fx = *state;
    int64_t sme = add_tier(fx, &fx->sa, "SME", 100000);
    int64_t org = add_org(fx, &fx->sa, "Nordic Sensors AB", "556000-1234");
    struct contact c;
    struct err e = ERR_INIT;
    contact_init(&c);
    c.organisation_id = org;
    org_set_str(&c.name, "Eva Lind");
    org_set_str(&c.email, "eva@nordic.example");
    assert_int_equal(contact_validate(&c, TODAY, &e), 0);
    assert_int_equal(contact_store_create(fx->st, &fx->sa, &c, &e), 0);
    contact_release(&c);

    /* Same folded name: the organisation and the contact are reused. */
    struct application a;
    fill_application(&a, "NORDIC  sensors ab", "", "Eva Lind",
                     "eva@nordic.example", sme);
    int64_t mid = 0;
    assert_int_equal(
        application_store_submit(fx->st, &fx->sa, &a, TODAY, &mid, &e), 0);
    application_release(&a);
    assert_true(mid > 0);
    assert_int_equal(count_rows(fx, "organisation", fx->a.id), 1);
    assert_int_equal(count_rows(fx, "contact", fx->a.id), 1);
    struct membership_row r;
    memset(&r, 0, sizeof(r));
    membership_init(&r.m);
    assert_int_equal(membership_store_get(fx->st, fx->a.id, mid, TODAY, &r, &e),
                     STORE_ONE);
    assert_int_equal(r.m.organisation_id, org);
    assert_int_equal(r.m.source, MEMBERSHIP_APPLICATION);
    assert_string_equal(r.m.applied_on, TODAY);
    assert_int_equal(r.status, MEMBER_APPLICANT);
    membership_release(&r.m);

    /* Applying again (by registration number) while pending: refused,
     * nothing added. */
    fill_application(&a, "Nordic Sensors Group", "556000-1234", "Per Holm",
                     "per@nordic.example", sme);
    mid = 0;
    assert_int_equal(
        application_store_submit(fx->st, &fx->sa, &a, TODAY, &mid, &e), -1);
    assert_int_equal(e.code, ERR_CONFLICT);
    application_release(&a);
    assert_int_equal(count_rows(fx, "organisation", fx->a.id), 1);
    assert_int_equal(count_rows(fx, "contact", fx->a.id), 1);
    assert_int_equal(count_rows(fx, "membership", fx->a.id), 1);

    /* A new organisation is registered with its contact as entry point. */
    err_clear(&e);
    fill_application(&a, "Львівські сенсори", "", "Оксана Коваль",
                     "oksana@lviv.example", sme);
    assert_int_equal(
        application_store_submit(fx->st, &fx->sa, &a, TODAY, &mid, &e), 0);
    int64_t new_org = a.org.id;
    application_release(&a);
    assert_int_equal(count_rows(fx, "organisation", fx->a.id), 2);
    assert_int_equal(sql_int(fx, "SELECT entry_point FROM contact WHERE"
                                 " email = 'oksana@lviv.example'"),
                     1);
    assert_true(new_org > 0);

    /* An unknown tier is refused and leaves no organisation behind. */
    fill_application(&a, "Brand New Oy", "", "Aino", "aino@new.example",
                     sme + 1000);
    assert_int_equal(
        application_store_submit(fx->st, &fx->sa, &a, TODAY, &mid, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, "tier_id");
    assert_int_equal(a.org.id, 0);
    application_release(&a);
    assert_int_equal(count_rows(fx, "organisation", fx->a.id), 2);
}

/* ---- tenancy ---- */

static void
test_store_membership__other_clusters_records_are_not_found(void **state)
{
    struct fx *fx = *state;
    int64_t btier = add_tier(fx, &fx->sb, "SME", 100000);
    int64_t btier2 = add_tier(fx, &fx->sb, "Large", 300000);
    int64_t borg = add_org(fx, &fx->sb, "Beta Org", "");
    int64_t bapp = add_member(fx, &fx->sb, borg, btier, "2026-01-01", "");
    int64_t borg2 = add_org(fx, &fx->sb, "Beta Two", "");
    int64_t bmem =
        add_member(fx, &fx->sb, borg2, btier, "2025-01-01", "2025-01-01");
    struct err e = ERR_INIT;

    struct tier t;
    tier_init(&t);
    assert_int_equal(tier_store_get(fx->st, fx->a.id, btier, &t, &e),
                     STORE_NONE);
    org_set_str(&t.name, "Hijacked");
    t.id = btier;
    t.annual_fee = 1;
    assert_int_equal(tier_store_update(fx->st, &fx->sa, &t, &e), STORE_NONE);
    tier_release(&t);
    struct tier *tl = NULL;
    size_t n = 9;
    assert_int_equal(
        tier_store_list(fx->st, fx->a.id, false, TODAY, &tl, &n, &e), 0);
    assert_int_equal(n, 0);
    free(tl);

    struct membership_row r;
    memset(&r, 0, sizeof(r));
    membership_init(&r.m);
    assert_int_equal(
        membership_store_get(fx->st, fx->a.id, bmem, TODAY, &r, &e),
        STORE_NONE);
    membership_release(&r.m);
    assert_int_equal(membership_store_approve(fx->st, &fx->sa, bapp, TODAY, &e),
                     STORE_NONE);
    assert_int_equal(
        membership_store_decline(fx->st, &fx->sa, bapp, TODAY, "", &e),
        STORE_NONE);
    assert_int_equal(membership_store_end(fx->st, &fx->sa, bmem, TODAY, "", &e),
                     STORE_NONE);
    assert_int_equal(
        membership_store_change_tier(fx->st, &fx->sa, bmem, btier2, TODAY, &e),
        STORE_NONE);
    struct tier_change *c = NULL;
    assert_int_equal(membership_store_tiers(fx->st, fx->a.id, bmem, &c, &n, &e),
                     0);
    assert_int_equal(n, 0);
    free(c);

    struct buf names = BUF_INIT;
    struct membership_filter f = all_members();
    f.history = true;
    assert_int_equal(list_names(fx, fx->a.id, f, TODAY, &names), 0);
    f.organisation_id = borg2;
    assert_int_equal(list_names(fx, fx->a.id, f, TODAY, &names), 0);
    f = all_members();
    f.status = MEMBER_ACTIVE;
    assert_int_equal(list_names(fx, fx->a.id, f, TODAY, &names), 0);
    assert_int_equal(list_names(fx, fx->b.id, f, TODAY, &names), 1);
    buf_release(&names);

    struct service_in_kind s;
    service_in_kind_init(&s);
    s.membership_id = bmem;
    org_set_str(&s.description, "Meeting rooms");
    org_set_str(&s.given_on, "2026-02-01");
    assert_int_equal(service_store_add(fx->st, &fx->sa, &s, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, "membership_id");
    service_in_kind_release(&s);
    assert_int_equal(count_rows(fx, "service_in_kind", fx->b.id), 0);

    /* Nothing of Beta changed. */
    assert_int_equal(status_on(fx, fx->b.id, bapp, TODAY, NULL),
                     MEMBER_APPLICANT);
    assert_int_equal(status_on(fx, fx->b.id, bmem, TODAY, NULL), MEMBER_ACTIVE);
    tier_init(&t);
    assert_int_equal(tier_store_get(fx->st, fx->b.id, btier, &t, &e),
                     STORE_ONE);
    assert_string_equal(t.name, "SME");
    tier_release(&t);
    assert_int_equal(count_rows(fx, "membership_tier", fx->b.id), 2);
    assert_int_equal(count_rows(fx, "audit", fx->a.id), 0);
}

/* ---- services in kind ---- */

static void
test_store_membership__services_in_kind_of_an_associate(void **state)
{
    struct fx *fx = *state;
    int64_t assoc = add_tier(fx, &fx->sa, "Associate", 0);
    int64_t org = add_org(fx, &fx->sa, "Region of Skåne", "");
    int64_t id =
        add_member(fx, &fx->sa, org, assoc, "2025-01-01", "2025-01-01");
    struct err e = ERR_INIT;
    const char *what[] = { "Premises for the B2B day",
                           "Contacts to the mayor" };
    const char *when[] = { "2026-03-01", "2026-01-15" };
    for (int i = 0; i < 2; i++) {
        struct service_in_kind s;
        service_in_kind_init(&s);
        s.membership_id = id;
        org_set_str(&s.description, what[i]);
        org_set_str(&s.given_on, when[i]);
        s.value = 50000 * (i + 1);
        assert_int_equal(service_in_kind_validate(&s, TODAY, &e), 0);
        assert_int_equal(service_store_add(fx->st, &fx->sa, &s, &e), 0);
        assert_true(s.id > 0);
        service_in_kind_release(&s);
    }
    struct service_in_kind *items = NULL;
    size_t n = 0;
    assert_int_equal(service_store_list(fx->st, fx->a.id, id, &items, &n, &e),
                     0);
    assert_int_equal(n, 2);
    assert_string_equal(items[0].description, "Contacts to the mayor");
    assert_string_equal(items[0].given_on, "2026-01-15");
    assert_int_equal(items[0].value, 100000);
    assert_string_equal(items[1].description, "Premises for the B2B day");
    for (size_t i = 0; i < n; i++)
        service_in_kind_release(&items[i]);
    free(items);
    assert_int_equal(service_store_list(fx->st, fx->b.id, id, &items, &n, &e),
                     0);
    assert_int_equal(n, 0);
    free(items);
    assert_int_equal(audit_count(fx, fx->a.id, "membership", id), 3);
}

/* ---- settings ---- */

static struct cluster_settings
settings_of(struct fx *fx, int64_t cluster_id)
{
    struct cluster_settings c;
    struct err e = ERR_INIT;
    cluster_settings_init(&c);
    assert_int_equal(settings_store_get(fx->st, cluster_id, &c, &e), 0);
    return c;
}

static void
set_text(char **field, const char *v)
{
    free(*field);
    *field = strdup(v);
}

static void
test_store_membership__settings_default_then_saved(void **state)
{
    struct fx *fx = *state;
    struct cluster_settings c = settings_of(fx, fx->a.id);
    assert_string_equal(c.fees.currency, "EUR");
    assert_int_equal(c.fees.fy_start_month, 1);
    assert_int_equal(c.fees.instalment_threshold, 1500000);
    assert_true(c.fees.prorata);
    assert_int_equal(c.fees.grace_days, 60);
    assert_string_equal(c.legal_name, "");
    assert_string_equal(c.benefits, "");

    struct err e = ERR_INIT;
    memcpy(c.fees.currency, "SEK", 4);
    c.fees.grace_days = 30;
    set_text(&c.legal_name, "  Alpha Cluster ek. för.  ");
    set_text(&c.benefits, "Events, matchmaking, lobbying.");
    assert_int_equal(settings_store_put(fx->st, &fx->sa, &c, &e), 0);
    cluster_settings_release(&c);
    c = settings_of(fx, fx->a.id);
    assert_string_equal(c.fees.currency, "SEK");
    assert_int_equal(c.fees.grace_days, 30);
    assert_string_equal(c.legal_name, "Alpha Cluster ek. för.");
    assert_string_equal(c.benefits, "Events, matchmaking, lobbying.");

    /* Bad values: the field is named and nothing changes. */
    set_text(&c.email, "not an address");
    assert_int_equal(settings_store_put(fx->st, &fx->sa, &c, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, "email");
    set_text(&c.email, "office@alpha.example");
    c.fees.fy_start_month = 13;
    err_clear(&e);
    assert_int_equal(settings_store_put(fx->st, &fx->sa, &c, &e), -1);
    assert_string_equal(e.field, "fy_start_month");
    cluster_settings_release(&c);
    c = settings_of(fx, fx->a.id);
    assert_string_equal(c.email, "");
    assert_int_equal(c.fees.fy_start_month, 1);
    cluster_settings_release(&c);

    /* The other cluster still has the defaults. */
    c = settings_of(fx, fx->b.id);
    assert_string_equal(c.fees.currency, "EUR");
    cluster_settings_release(&c);
    assert_int_equal(audit_count(fx, fx->a.id, "settings", fx->a.id), 1);
}

static void
test_store_membership__currency_stays_once_invoices_exist(void **state)
{
    struct fx *fx = *state;
    struct err e = ERR_INIT;
    /* Before any invoice the currency may change. */
    struct cluster_settings c = settings_of(fx, fx->a.id);
    memcpy(c.fees.currency, "UAH", 4);
    assert_int_equal(settings_store_put(fx->st, &fx->sa, &c, &e), 0);
    cluster_settings_release(&c);

    int64_t sme = add_tier(fx, &fx->sa, "SME", 100000);
    int64_t org = add_org(fx, &fx->sa, "Acme", "");
    add_member(fx, &fx->sa, org, sme, "2025-01-01", "2025-01-01");
    int64_t created = 0;
    assert_int_equal(
        dues_store_generate(fx->st, &fx->sa, 2026, TODAY, &created, &e), 0);
    assert_int_equal(created, 1);

    c = settings_of(fx, fx->a.id);
    memcpy(c.fees.currency, "EUR", 4);
    assert_int_equal(settings_store_put(fx->st, &fx->sa, &c, &e), -1);
    assert_int_equal(e.code, ERR_CONFLICT);
    assert_string_equal(e.field, "currency");
    /* Other settings still save with the same currency. */
    memcpy(c.fees.currency, "UAH", 4);
    c.fees.grace_days = 45;
    err_clear(&e);
    assert_int_equal(settings_store_put(fx->st, &fx->sa, &c, &e), 0);
    cluster_settings_release(&c);
    c = settings_of(fx, fx->a.id);
    assert_string_equal(c.fees.currency, "UAH");
    assert_int_equal(c.fees.grace_days, 45);
    cluster_settings_release(&c);
    /* Another cluster's invoices do not hold Beta's currency. */
    c = settings_of(fx, fx->b.id);
    memcpy(c.fees.currency, "SEK", 4);
    assert_int_equal(settings_store_put(fx->st, &fx->sb, &c, &e), 0);
    cluster_settings_release(&c);
}

/* ---- targets ---- */

static void
test_store_membership__targets_round_trip(void **state)
{
    struct fx *fx = *state;
    struct err e = ERR_INIT;
    struct target_plan t;
    target_plan_init(&t, 0);
    assert_int_equal(target_store_get(fx->st, fx->a.id, 2027, &t, &e), 0);
    assert_int_equal(t.fiscal_year, 2027);
    assert_int_equal(t.members, 0);
    assert_int_equal(t.nincome, 0);
    int *years = NULL;
    size_t n = 9;
    assert_int_equal(target_store_years(fx->st, fx->a.id, &years, &n, &e), 0);
    assert_int_equal(n, 0);
    free(years);

    t.members = 25;
    t.members_by_kind[ORG_KIND_SME] = 20;
    t.members_by_kind[ORG_KIND_UNIVERSITY] = 2;
    t.budget = 5000000;
    target_plan_add_income(&t, INCOME_EVENTS, "B2B day", 300000, true);
    target_plan_add_income(&t, INCOME_PUBLIC_FUNDING, "Regional programme",
                           1000000, false);
    assert_int_equal(target_store_put(fx->st, &fx->sa, &t, &e), 0);
    target_plan_release(&t);

    target_plan_init(&t, 0);
    assert_int_equal(target_store_get(fx->st, fx->a.id, 2027, &t, &e), 0);
    assert_int_equal(t.members, 25);
    assert_int_equal(t.members_by_kind[ORG_KIND_SME], 20);
    assert_int_equal(t.members_by_kind[ORG_KIND_UNIVERSITY], 2);
    assert_int_equal(t.members_by_kind[ORG_KIND_LARGE], 0);
    assert_int_equal(t.budget, 5000000);
    assert_int_equal(t.nincome, 2);
    assert_int_equal(t.income[0].source, INCOME_EVENTS);
    assert_string_equal(t.income[0].label, "B2B day");
    assert_int_equal(t.income[0].amount, 300000);
    assert_true(t.income[0].is_private);
    assert_int_equal(t.income[1].source, INCOME_PUBLIC_FUNDING);
    assert_false(t.income[1].is_private);
    assert_true(t.income[1].id > 0);

    /* Saving again replaces the lines; a bad plan changes nothing. */
    t.nincome = 1;
    org_set_str(&t.income[1].label, NULL);
    t.members = 30;
    assert_int_equal(target_store_put(fx->st, &fx->sa, &t, &e), 0);
    t.members = -1;
    assert_int_equal(target_store_put(fx->st, &fx->sa, &t, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, "members");
    target_plan_release(&t);
    target_plan_init(&t, 0);
    assert_int_equal(target_store_get(fx->st, fx->a.id, 2027, &t, &e), 0);
    assert_int_equal(t.members, 30);
    assert_int_equal(t.nincome, 1);
    target_plan_release(&t);
    assert_int_equal(count_rows(fx, "income_line", fx->a.id), 1);

    target_plan_init(&t, 2026);
    t.members = 15;
    assert_int_equal(target_store_put(fx->st, &fx->sa, &t, &e), 0);
    target_plan_release(&t);
    assert_int_equal(target_store_years(fx->st, fx->a.id, &years, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_int_equal(years[0], 2027);
    assert_int_equal(years[1], 2026);
    free(years);
    assert_int_equal(audit_count(fx, fx->a.id, "target", 2027), 2);

    /* Beta sees none of it. */
    target_plan_init(&t, 0);
    assert_int_equal(target_store_get(fx->st, fx->b.id, 2027, &t, &e), 0);
    assert_int_equal(t.members, 0);
    assert_int_equal(t.nincome, 0);
    target_plan_release(&t);
    assert_int_equal(target_store_years(fx->st, fx->b.id, &years, &n, &e), 0);
    assert_int_equal(n, 0);
    free(years);
}

#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_store_membership__tiers_by_fee_then_name_with_running_members),
        T(test_store_membership__tier_name_is_unique_by_folded_form),
        T(test_store_membership__lifecycle_applicant_active_ended),
        T(test_store_membership__declined_application),
        T(test_store_membership__one_open_membership_per_organisation),
        T(test_store_membership__tier_changes_are_kept_in_history),
        T(test_store_membership__status_follows_unpaid_instalments),
        T(test_store_membership__list_filters_sorts_and_pages),
        T(test_store_membership__application_reuses_the_registered_organisation),
        T(test_store_membership__other_clusters_records_are_not_found),
        T(test_store_membership__services_in_kind_of_an_associate),
        T(test_store_membership__settings_default_then_saved),
        T(test_store_membership__currency_stays_once_invoices_exist),
        T(test_store_membership__targets_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
