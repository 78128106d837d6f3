/*
 * Rules of the store (src/store/) against a real SQLite file in a fresh
 * temporary directory: migrations, clusters, the member registry with its
 * filters and sorts, duplicates, tenancy (nothing of one cluster is ever
 * seen or changed from another), entry points, the audit trail,
 * transactions, sessions, tokens, sign-in throttling and backups.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "core/org.h"
#include "base/embedded.h"
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

static int
fx_setup(void **state)
{
    *state = store_fx_new("/tmp/cd-test-store-XXXXXX");
    return *state ? 0 : -1;
}

/* ---- helpers to make records ---- */

struct org_spec {
    const char *name;
    enum org_kind kind;
    int64_t employees;
    const char *city;
    const char *region;
    const char *tags;
    const char *regno;
};

static int64_t
add_org(struct fx *fx, const struct scope *sc, struct org_spec s)
{
    struct org o;
    struct err e = ERR_INIT;
    org_init(&o);
    org_set_str(&o.name, s.name);
    o.kind = s.kind;
    o.employees = s.employees ? s.employees : ORG_EMPLOYEES_UNKNOWN;
    org_set_str(&o.city, s.city);
    org_set_str(&o.region, s.region);
    org_set_str(&o.registration_no, s.regno);
    if (s.tags && org_add_tags(&o, s.tags, &e))
        fail_msg("tags: %s", e.msg);
    if (org_validate(&o, &e))
        fail_msg("validate %s: %s", e.field, e.msg);
    if (org_store_create(fx->st, sc, &o, &e))
        fail_msg("create: %s", e.msg);
    int64_t id = o.id;
    assert_true(id > 0);
    org_release(&o);
    return id;
}

static int64_t
add_contact(struct fx *fx, const struct scope *sc, int64_t org_id,
            const char *name, bool entry)
{
    struct contact c;
    struct err e = ERR_INIT;
    contact_init(&c);
    c.organisation_id = org_id;
    org_set_str(&c.name, name);
    c.entry_point = entry;
    if (contact_validate(&c, TODAY, &e))
        fail_msg("validate %s: %s", e.field, e.msg);
    if (contact_store_create(fx->st, sc, &c, &e))
        fail_msg("create contact: %s", e.msg);
    int64_t id = c.id;
    assert_true(id > 0);
    contact_release(&c);
    return id;
}

static bool
contact_is_entry(struct fx *fx, const struct scope *sc, int64_t id)
{
    struct contact c;
    struct err e = ERR_INIT;
    contact_init(&c);
    assert_int_equal(contact_store_get(fx->st, sc->cluster_id, id, &c, &e),
                     STORE_ONE);
    bool entry = c.entry_point;
    contact_release(&c);
    return entry;
}

/* Lists with f and writes the names joined by "|" into out. */
static int64_t
list_names(struct fx *fx, int64_t cluster_id, struct org_filter f,
           struct buf *out)
{
    struct org_list l = { 0 };
    struct err e = ERR_INIT;
    if (!f.limit)
        f.limit = -1;
    if (org_store_list(fx->st, cluster_id, &f, &l, &e))
        fail_msg("list: %s", e.msg);
    buf_reset(out);
    for (size_t i = 0; i < l.n; i++) {
        if (i)
            buf_addc(out, '|');
        buf_adds(out, l.items[i].org.name);
    }
    int64_t total = l.total;
    org_list_release(&l);
    return total;
}

static struct org_filter
all_orgs(void)
{
    struct org_filter f = { 0 };
    f.kind = -1;
    f.limit = -1;
    return f;
}

/* Runs one SQL statement on a separate connection to the same file. */
static void
sql_exec(struct fx *fx, const char *sql)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 2000);
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("sql %s: %s", sql, msg ? msg : "?");
    sqlite3_close(db);
}


/* ---- opening and migrating ---- */

static void
test_store__migrate_twice_is_a_no_op_at_version_1(void **state)
{
    struct fx *fx = *state;
    char path[160];
    snprintf(path, sizeof(path), "%s/fresh.db", fx->dir);
    struct store *st = NULL;
    struct err e = ERR_INIT;
    assert_int_equal(store_open(path, &st, &e), 0);
    assert_non_null(st);
    /* Every migration compiled in is applied, numbered from 1. */
    int latest = 0;
    while (embedded_migrations[latest].name)
        latest++;
    assert_int_equal(store_schema_version(st), 0);
    assert_true(store_needs_migration(st));
    assert_int_equal(store_migrate(st, &e), 0);
    assert_int_equal(store_schema_version(st), latest);
    assert_false(store_needs_migration(st));
    assert_int_equal(store_migrate(st, &e), 0);
    assert_int_equal(store_schema_version(st), latest);
    assert_int_equal(e.code, ERR_NONE);
    store_close(st);

    /* One row per migration, and the file keeps its version. */
    assert_int_equal(sql_int_at(path, "SELECT count(*) FROM schema_version"), latest);
    assert_int_equal(store_open(path, &st, &e), 0);
    assert_int_equal(store_schema_version(st), latest);
    assert_false(store_needs_migration(st));
    assert_int_equal(store_migrate(st, &e), 0);
    store_close(st);
    assert_int_equal(sql_int_at(path, "SELECT count(*) FROM schema_version"), latest);
}

static void
test_store__open_fails_cleanly_on_a_missing_directory(void **state)
{
    struct fx *fx = *state;
    char path[160];
    snprintf(path, sizeof(path), "%s/no/such/dir/x.db", fx->dir);
    struct store *st = NULL;
    struct err e = ERR_INIT;
    assert_int_equal(store_open(path, &st, &e), -1);
    assert_null(st);
    assert_int_equal(e.code, ERR_INTERNAL);
}

/* ---- clusters ---- */

static void
test_store__cluster_slug_from_name_then_numbered(void **state)
{
    struct fx *fx = *state;
    assert_string_equal(fx->a.slug, "alpha-cluster");
    assert_string_equal(fx->a.name, "Alpha Cluster");
    assert_true(fx->a.id > 0);

    struct cluster c2 = { 0 }, c3 = { 0 }, c4 = { 0 };
    struct err e = ERR_INIT;
    assert_int_equal(cluster_store_add(fx->st, "Alpha Cluster", &c2, &e), 0);
    assert_string_equal(c2.slug, "alpha-cluster-2");
    assert_int_equal(cluster_store_add(fx->st, "  alpha  CLUSTER!! ", &c3, &e), 0);
    assert_string_equal(c3.slug, "alpha-cluster-3");
    assert_string_equal(c3.name, "alpha  CLUSTER!!");
    assert_int_equal(cluster_store_add(fx->st, "Київ", &c4, &e), 0);
    assert_string_equal(c4.slug, "cluster");
    assert_true(c2.id != fx->a.id && c3.id != c2.id);

    struct cluster found = { 0 };
    assert_int_equal(cluster_store_find(fx->st, "alpha-cluster-2", &found, &e),
                     STORE_ONE);
    assert_int_equal(found.id, c2.id);
    cluster_release(&found);
    assert_int_equal(cluster_store_find(fx->st, "nope", &found, &e), STORE_NONE);
    assert_int_equal(cluster_store_get(fx->st, c3.id, &found, &e), STORE_ONE);
    assert_string_equal(found.slug, "alpha-cluster-3");
    cluster_release(&found);

    struct cluster *items = NULL;
    size_t n = 0;
    assert_int_equal(cluster_store_list(fx->st, &items, &n, &e), 0);
    assert_int_equal(n, 5);
    assert_string_equal(items[0].slug, "alpha-cluster");
    assert_string_equal(items[1].slug, "alpha-cluster-2");
    assert_string_equal(items[2].slug, "alpha-cluster-3");
    assert_string_equal(items[3].slug, "beta-cluster");
    assert_string_equal(items[4].slug, "cluster");
    for (size_t i = 0; i < n; i++)
        cluster_release(&items[i]);
    free(items);
    cluster_release(&c2);
    cluster_release(&c3);
    cluster_release(&c4);
}

static void
test_store__cluster_needs_a_name(void **state)
{
    struct fx *fx = *state;
    struct cluster c = { 0 };
    struct err e = ERR_INIT;
    assert_int_equal(cluster_store_add(fx->st, "   ", &c, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, "name");
}

static void
test_store__cluster_name_of_200_characters_is_the_limit(void **state)
{
    struct fx *fx = *state;
    /* The message promises "1 to 200 characters", as org names count them:
     * 200 Cyrillic letters (400 bytes) fit, 201 do not. */
    struct buf name = BUF_INIT;
    for (int i = 0; i < 200; i++)
        buf_adds(&name, "Ж");
    struct cluster c = { 0 };
    struct err e = ERR_INIT;
    if (cluster_store_add(fx->st, name.s, &c, &e)) {
        buf_release(&name);
        fail_msg("200 letters refused: %s", e.msg);
    }
    assert_string_equal(c.name, name.s);
    assert_string_equal(c.slug, "cluster");
    cluster_release(&c);
    buf_adds(&name, "Ж");
    struct err e2 = ERR_INIT;
    assert_int_equal(cluster_store_add(fx->st, name.s, &c, &e2), -1);
    assert_int_equal(e2.code, ERR_INVALID);
    assert_string_equal(e2.field, "name");
    buf_release(&name);
}

/* ---- organisations ---- */

static void
test_store__org_create_and_get_round_trip(void **state)
{
    struct fx *fx = *state;
    struct org o;
    struct err e = ERR_INIT;
    org_init(&o);
    org_set_str(&o.name, "ТОВ «Київ Софт»");
    o.kind = ORG_KIND_SME;
    o.employees = 42;
    org_set_str(&o.nace, "62.01");
    org_set_str(&o.country, "UA");
    org_set_str(&o.region, "Київська область");
    org_set_str(&o.city, "Київ");
    org_set_str(&o.website, "kyivsoft.ua");
    org_set_str(&o.registration_no, "12345678");
    org_set_str(&o.notes, "Примітка\nдругий рядок");
    assert_int_equal(org_add_tags(&o, "ІТ, Штучний інтелект; energy", &e), 0);
    assert_int_equal(org_validate(&o, &e), 0);
    assert_int_equal(org_store_create(fx->st, &fx->sa, &o, &e), 0);
    assert_true(o.id > 0);
    assert_true(strlen(o.created_at) == 20);
    assert_string_equal(o.created_at, o.updated_at);

    struct org g;
    org_init(&g);
    assert_int_equal(org_store_get(fx->st, fx->a.id, o.id, &g, &e), STORE_ONE);
    assert_int_equal(g.id, o.id);
    assert_string_equal(g.name, "ТОВ «Київ Софт»");
    assert_int_equal(g.kind, ORG_KIND_SME);
    assert_int_equal(g.employees, 42);
    assert_string_equal(g.nace, "62.01");
    assert_string_equal(g.country, "UA");
    assert_string_equal(g.region, "Київська область");
    assert_string_equal(g.city, "Київ");
    assert_string_equal(g.website, "https://kyivsoft.ua");
    assert_string_equal(g.registration_no, "12345678");
    assert_string_equal(g.notes, "Примітка\nдругий рядок");
    assert_string_equal(g.archived_at, "");
    assert_string_equal(g.created_at, o.created_at);
    assert_string_equal(g.updated_at, o.updated_at);
    assert_int_equal(g.ntags, 3);
    assert_string_equal(g.tags[0], "ІТ");
    assert_string_equal(g.tags[1], "Штучний інтелект");
    assert_string_equal(g.tags[2], "energy");
    org_release(&g);
    org_release(&o);
    assert_int_equal(e.code, ERR_NONE);
}

static void
test_store__org_unknown_employees_round_trip(void **state)
{
    struct fx *fx = *state;
    int64_t id = add_org(fx, &fx->sa, (struct org_spec){
                                          .name = "Acme",
                                          .kind = ORG_KIND_OTHER });
    struct org g;
    struct err e = ERR_INIT;
    org_init(&g);
    assert_int_equal(org_store_get(fx->st, fx->a.id, id, &g, &e), STORE_ONE);
    assert_int_equal(g.employees, ORG_EMPLOYEES_UNKNOWN);
    assert_int_equal(g.kind, ORG_KIND_OTHER);
    assert_int_equal(g.ntags, 0);
    org_release(&g);

    /* Zero employees is a value, not "unknown". */
    struct org z;
    org_init(&z);
    org_set_str(&z.name, "Zero Ltd");
    z.employees = 0;
    assert_int_equal(org_store_create(fx->st, &fx->sa, &z, &e), 0);
    org_init(&g);
    assert_int_equal(org_store_get(fx->st, fx->a.id, z.id, &g, &e), STORE_ONE);
    assert_int_equal(g.employees, 0);
    org_release(&g);
    org_release(&z);
}

static void
test_store__org_get_of_missing_id_is_none(void **state)
{
    struct fx *fx = *state;
    struct org g;
    struct err e = ERR_INIT;
    org_init(&g);
    assert_int_equal(org_store_get(fx->st, fx->a.id, 999, &g, &e), STORE_NONE);
    assert_int_equal(e.code, ERR_NONE);
    org_release(&g);
}

static void
test_store__org_update_replaces_fields_and_tags(void **state)
{
    struct fx *fx = *state;
    int64_t id = add_org(fx, &fx->sa,
                         (struct org_spec){ .name = "Old Name",
                                            .kind = ORG_KIND_LARGE,
                                            .employees = 500,
                                            .city = "Lviv",
                                            .tags = "a, b, c" });
    struct org o;
    struct err e = ERR_INIT;
    org_init(&o);
    assert_int_equal(org_store_get(fx->st, fx->a.id, id, &o, &e), STORE_ONE);
    char *created = strdup(o.created_at);
    org_set_str(&o.name, "Нова Назва");
    o.kind = ORG_KIND_UNIVERSITY;
    o.employees = ORG_EMPLOYEES_UNKNOWN;
    org_set_str(&o.city, "Львів");
    for (size_t i = 0; i < o.ntags; i++)
        free(o.tags[i]);
    o.ntags = 0;
    assert_int_equal(org_add_tags(&o, "ґрунт, Їжа", &e), 0);
    assert_int_equal(org_validate(&o, &e), 0);
    assert_int_equal(org_store_update(fx->st, &fx->sa, &o, &e), STORE_ONE);
    assert_string_equal(o.created_at, created);
    org_release(&o);

    struct org g;
    org_init(&g);
    assert_int_equal(org_store_get(fx->st, fx->a.id, id, &g, &e), STORE_ONE);
    assert_string_equal(g.name, "Нова Назва");
    assert_int_equal(g.kind, ORG_KIND_UNIVERSITY);
    assert_int_equal(g.employees, ORG_EMPLOYEES_UNKNOWN);
    assert_string_equal(g.city, "Львів");
    assert_int_equal(g.ntags, 2);
    assert_string_equal(g.tags[0], "ґрунт");
    assert_string_equal(g.tags[1], "Їжа");
    assert_string_equal(g.created_at, created);
    org_release(&g);
    free(created);

    /* The old name is no longer found, the new one is. */
    struct buf names = BUF_INIT;
    struct org_filter f = all_orgs();
    f.q = "old name";
    assert_int_equal(list_names(fx, fx->a.id, f, &names), 0);
    f.q = "НОВА";
    assert_int_equal(list_names(fx, fx->a.id, f, &names), 1);
    f.q = NULL;
    f.tag = "a";
    assert_int_equal(list_names(fx, fx->a.id, f, &names), 0);
    f.tag = "ЇЖА";
    assert_int_equal(list_names(fx, fx->a.id, f, &names), 1);
    buf_release(&names);
}

static void
test_store__org_update_of_missing_id_is_none(void **state)
{
    struct fx *fx = *state;
    struct org o;
    struct err e = ERR_INIT;
    org_init(&o);
    org_set_str(&o.name, "Ghost");
    o.id = 4242;
    assert_int_equal(org_store_update(fx->st, &fx->sa, &o, &e), STORE_NONE);
    assert_int_equal(org_store_set_archived(fx->st, &fx->sa, 4242, true, &e),
                     STORE_NONE);
    org_release(&o);
}

/* Three organisations to filter and sort. */
static void
add_three(struct fx *fx, int64_t ids[3])
{
    ids[0] = add_org(fx, &fx->sa,
                     (struct org_spec){ .name = "ТОВ Київ Софт",
                                        .kind = ORG_KIND_SME,
                                        .employees = 40,
                                        .city = "Київ",
                                        .region = "Київська",
                                        .tags = "ІТ, Energy" });
    ids[1] = add_org(fx, &fx->sa,
                     (struct org_spec){ .name = "Acme GmbH",
                                        .kind = ORG_KIND_LARGE,
                                        .employees = 5000,
                                        .city = "Berlin",
                                        .region = "Berlin",
                                        .tags = "robotics" });
    ids[2] = add_org(fx, &fx->sa,
                     (struct org_spec){ .name = "Львівська Кава",
                                        .kind = ORG_KIND_MICRO,
                                        .city = "",
                                        .region = "Львівська",
                                        .tags = "food; energy" });
}

static void
test_store__list_q_is_case_insensitive_also_in_cyrillic(void **state)
{
    struct fx *fx = *state;
    int64_t ids[3];
    add_three(fx, ids);
    struct buf names = BUF_INIT;
    struct org_filter f = all_orgs();

    f.q = "київ";
    assert_int_equal(list_names(fx, fx->a.id, f, &names), 1);
    assert_string_equal(names.s, "ТОВ Київ Софт");
    f.q = "КИЇВ";
    assert_int_equal(list_names(fx, fx->a.id, f, &names), 1);
    assert_string_equal(names.s, "ТОВ Київ Софт");
    f.q = "ACME";
    assert_int_equal(list_names(fx, fx->a.id, f, &names), 1);
    assert_string_equal(names.s, "Acme GmbH");
    f.q = "львівська";
    assert_int_equal(list_names(fx, fx->a.id, f, &names), 1);
    /* q also searches tags and places. */
    f.q = "ENERGY";
    assert_int_equal(list_names(fx, fx->a.id, f, &names), 2);
    f.q = "berlin";
    assert_int_equal(list_names(fx, fx->a.id, f, &names), 1);
    f.q = "nothing like this";
    assert_int_equal(list_names(fx, fx->a.id, f, &names), 0);
    assert_string_equal(names.s, "");
    /* Punctuation alone filters nothing; '_' is no LIKE wildcard. */
    f.q = "%";
    assert_int_equal(list_names(fx, fx->a.id, f, &names), 3);
    f.q = "a_m";
    assert_int_equal(list_names(fx, fx->a.id, f, &names), 0);
    f.q = "";
    assert_int_equal(list_names(fx, fx->a.id, f, &names), 3);
    buf_release(&names);
}

static void
test_store__list_filters_by_kind_tag_and_region(void **state)
{
    struct fx *fx = *state;
    int64_t ids[3];
    add_three(fx, ids);
    struct buf names = BUF_INIT;
    struct org_filter f = all_orgs();

    f.kind = ORG_KIND_LARGE;
    assert_int_equal(list_names(fx, fx->a.id, f, &names), 1);
    assert_string_equal(names.s, "Acme GmbH");
    f.kind = ORG_KIND_UNIVERSITY;
    assert_int_equal(list_names(fx, fx->a.id, f, &names), 0);

    f = all_orgs();
    f.tag = "ENERGY"; /* stored as "Energy" and "energy" */
    assert_int_equal(list_names(fx, fx->a.id, f, &names), 2);
    f.tag = "іт";
    assert_int_equal(list_names(fx, fx->a.id, f, &names), 1);
    assert_string_equal(names.s, "ТОВ Київ Софт");
    f.tag = "robot"; /* a tag is matched whole, not as a part */
    assert_int_equal(list_names(fx, fx->a.id, f, &names), 0);

    f = all_orgs();
    f.region = "Львівська";
    assert_int_equal(list_names(fx, fx->a.id, f, &names), 1);
    assert_string_equal(names.s, "Львівська Кава");

    f = all_orgs();
    f.kind = ORG_KIND_MICRO;
    f.tag = "energy";
    f.q = "кава";
    assert_int_equal(list_names(fx, fx->a.id, f, &names), 1);
    f.kind = ORG_KIND_SME;
    assert_int_equal(list_names(fx, fx->a.id, f, &names), 0);
    buf_release(&names);
}

static void
test_store__list_shows_archive_separately(void **state)
{
    struct fx *fx = *state;
    int64_t ids[3];
    add_three(fx, ids);
    struct err e = ERR_INIT;
    assert_int_equal(org_store_set_archived(fx->st, &fx->sa, ids[1], true, &e),
                     STORE_ONE);
    struct buf names = BUF_INIT;
    struct org_filter f = all_orgs();
    assert_int_equal(list_names(fx, fx->a.id, f, &names), 2);
    assert_null(strstr(names.s, "Acme"));
    f.archived = true;
    assert_int_equal(list_names(fx, fx->a.id, f, &names), 1);
    assert_string_equal(names.s, "Acme GmbH");

    struct org g;
    org_init(&g);
    assert_int_equal(org_store_get(fx->st, fx->a.id, ids[1], &g, &e), STORE_ONE);
    assert_true(strlen(g.archived_at) > 0);
    org_release(&g);

    int64_t counts[ORG_KIND__COUNT];
    assert_int_equal(org_store_count_by_kind(fx->st, fx->a.id, counts, &e), 0);
    assert_int_equal(counts[ORG_KIND_LARGE], 0);
    assert_int_equal(counts[ORG_KIND_SME], 1);
    assert_int_equal(counts[ORG_KIND_MICRO], 1);

    /* Restoring brings it back and clears the date. */
    assert_int_equal(org_store_set_archived(fx->st, &fx->sa, ids[1], false, &e),
                     STORE_ONE);
    f.archived = false;
    assert_int_equal(list_names(fx, fx->a.id, f, &names), 3);
    org_init(&g);
    assert_int_equal(org_store_get(fx->st, fx->a.id, ids[1], &g, &e), STORE_ONE);
    assert_string_equal(g.archived_at, "");
    org_release(&g);
    buf_release(&names);
}

static void
assert_order(struct fx *fx, enum org_sort sort, bool desc, const char *expect)
{
    struct buf names = BUF_INIT;
    struct org_filter f = all_orgs();
    f.sort = sort;
    f.desc = desc;
    list_names(fx, fx->a.id, f, &names);
    if (strcmp(names.s, expect) != 0)
        fail_msg("sort %d desc %d: got '%s', want '%s'", (int)sort, (int)desc,
                 names.s, expect);
    buf_release(&names);
}

static void
test_store__list_sorts_each_way(void **state)
{
    struct fx *fx = *state;
    int64_t ids[3];
    add_three(fx, ids);
    /* The name key is the folded name: "acme", "львівська", "тов". */
    assert_order(fx, ORG_SORT_NAME, false,
                 "Acme GmbH|Львівська Кава|ТОВ Київ Софт");
    assert_order(fx, ORG_SORT_NAME, true,
                 "ТОВ Київ Софт|Львівська Кава|Acme GmbH");
    /* Kinds by their names: large < micro < sme. */
    assert_order(fx, ORG_SORT_KIND, false,
                 "Acme GmbH|Львівська Кава|ТОВ Київ Софт");
    assert_order(fx, ORG_SORT_KIND, true,
                 "ТОВ Київ Софт|Львівська Кава|Acme GmbH");
    /* No city sorts last either way. */
    assert_order(fx, ORG_SORT_CITY, false,
                 "Acme GmbH|ТОВ Київ Софт|Львівська Кава");
    assert_order(fx, ORG_SORT_CITY, true,
                 "ТОВ Київ Софт|Acme GmbH|Львівська Кава");
    /* Unknown employees sort last either way. */
    assert_order(fx, ORG_SORT_EMPLOYEES, false,
                 "ТОВ Київ Софт|Acme GmbH|Львівська Кава");
    assert_order(fx, ORG_SORT_EMPLOYEES, true,
                 "Acme GmbH|ТОВ Київ Софт|Львівська Кава");

    /* Time stamps have one-second precision; set them apart. */
    char sql[200];
    const char *stamps[3] = { "2026-01-03T00:00:00Z", "2026-01-01T00:00:00Z",
                              "2026-01-02T00:00:00Z" };
    for (int i = 0; i < 3; i++) {
        snprintf(sql, sizeof(sql),
                 "UPDATE organisation SET updated_at = '%s' WHERE id = %lld",
                 stamps[i], (long long)ids[i]);
        sql_exec(fx, sql);
    }
    assert_order(fx, ORG_SORT_UPDATED, false,
                 "Acme GmbH|Львівська Кава|ТОВ Київ Софт");
    assert_order(fx, ORG_SORT_UPDATED, true,
                 "ТОВ Київ Софт|Львівська Кава|Acme GmbH");
}

static void
test_store__list_pages_and_counts_total(void **state)
{
    struct fx *fx = *state;
    char name[32];
    for (int i = 1; i <= 7; i++) {
        snprintf(name, sizeof(name), "Org %02d", i);
        add_org(fx, &fx->sa, (struct org_spec){ .name = name });
    }
    struct buf names = BUF_INIT;
    struct org_filter f = all_orgs();
    f.limit = 3;
    f.offset = 0;
    assert_int_equal(list_names(fx, fx->a.id, f, &names), 7);
    assert_string_equal(names.s, "Org 01|Org 02|Org 03");
    f.offset = 3;
    assert_int_equal(list_names(fx, fx->a.id, f, &names), 7);
    assert_string_equal(names.s, "Org 04|Org 05|Org 06");
    f.offset = 6;
    assert_int_equal(list_names(fx, fx->a.id, f, &names), 7);
    assert_string_equal(names.s, "Org 07");
    f.offset = 9;
    assert_int_equal(list_names(fx, fx->a.id, f, &names), 7);
    assert_string_equal(names.s, "");
    f.offset = 0;
    f.limit = -1;
    assert_int_equal(list_names(fx, fx->a.id, f, &names), 7);
    assert_int_equal(strlen(names.s), 7 * 6 + 6);
    buf_release(&names);
}

static void
test_store__list_rows_show_entry_point_and_contact_count(void **state)
{
    struct fx *fx = *state;
    int64_t org = add_org(fx, &fx->sa, (struct org_spec){ .name = "Acme" });
    add_contact(fx, &fx->sa, org, "Olena", false);
    add_contact(fx, &fx->sa, org, "Петро", true);
    int64_t gone = add_contact(fx, &fx->sa, org, "Gone", false);
    struct err e = ERR_INIT;
    assert_int_equal(contact_store_set_archived(fx->st, &fx->sa, gone, true, &e),
                     STORE_ONE);
    struct org_list l = { 0 };
    struct org_filter f = all_orgs();
    assert_int_equal(org_store_list(fx->st, fx->a.id, &f, &l, &e), 0);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.items[0].entry_contact, "Петро");
    assert_int_equal(l.items[0].ncontacts, 2);
    org_list_release(&l);
}

static void
test_store__tags_and_regions_in_use(void **state)
{
    struct fx *fx = *state;
    int64_t ids[3];
    add_three(fx, ids);
    char **items = NULL;
    size_t n = 0;
    struct err e = ERR_INIT;
    assert_int_equal(org_store_tags(fx->st, fx->a.id, &items, &n, &e), 0);
    /* energy (two spellings, one entry), food, robotics, іт */
    assert_int_equal(n, 4);
    store_strings_free(items, n);
    assert_int_equal(org_store_regions(fx->st, fx->a.id, &items, &n, &e), 0);
    assert_int_equal(n, 3);
    assert_string_equal(items[0], "Berlin");
    store_strings_free(items, n);
}

/* ---- duplicates ---- */

static void
test_store__duplicate_found_by_registration_number_then_name(void **state)
{
    struct fx *fx = *state;
    int64_t acme = add_org(fx, &fx->sa,
                           (struct org_spec){ .name = "Acme GmbH", .regno = "HRB 111" });
    int64_t beta = add_org(fx, &fx->sa,
                           (struct org_spec){ .name = "ТОВ «Бета»", .regno = "222" });
    struct org o;
    struct err e = ERR_INIT;
    int64_t dup = 0;
    char *dup_name = NULL;

    /* Same registration number, different name. */
    org_init(&o);
    org_set_str(&o.name, "Something Else");
    org_set_str(&o.registration_no, "HRB 111");
    assert_int_equal(org_store_find_duplicate(fx->st, fx->a.id, &o, &dup,
                                              &dup_name, &e),
                     STORE_ONE);
    assert_int_equal(dup, acme);
    assert_string_equal(dup_name, "Acme GmbH");
    free(dup_name);
    dup_name = NULL;
    org_release(&o);

    /* Same folded name, no number. */
    org_init(&o);
    org_set_str(&o.name, "тов бета");
    assert_int_equal(org_store_find_duplicate(fx->st, fx->a.id, &o, &dup,
                                              &dup_name, &e),
                     STORE_ONE);
    assert_int_equal(dup, beta);
    free(dup_name);
    dup_name = NULL;
    org_release(&o);

    /* The number wins over the name when they point at different rows. */
    org_init(&o);
    org_set_str(&o.name, "ACME  gmbh");
    org_set_str(&o.registration_no, "222");
    assert_int_equal(org_store_find_duplicate(fx->st, fx->a.id, &o, &dup, NULL,
                                              &e),
                     STORE_ONE);
    assert_int_equal(dup, beta);
    org_release(&o);

    /* Neither matches. */
    org_init(&o);
    org_set_str(&o.name, "Gamma");
    org_set_str(&o.registration_no, "333");
    dup = -7;
    assert_int_equal(org_store_find_duplicate(fx->st, fx->a.id, &o, &dup, NULL,
                                              &e),
                     STORE_NONE);
    assert_int_equal(dup, -7);
    org_release(&o);
}

static void
test_store__duplicate_is_never_the_record_itself(void **state)
{
    struct fx *fx = *state;
    int64_t acme = add_org(fx, &fx->sa,
                           (struct org_spec){ .name = "Acme GmbH", .regno = "HRB 111" });
    struct org o;
    struct err e = ERR_INIT;
    org_init(&o);
    assert_int_equal(org_store_get(fx->st, fx->a.id, acme, &o, &e), STORE_ONE);
    int64_t dup = 0;
    assert_int_equal(org_store_find_duplicate(fx->st, fx->a.id, &o, &dup, NULL,
                                              &e),
                     STORE_NONE);
    org_release(&o);
}

static void
test_store__empty_registration_numbers_do_not_match(void **state)
{
    struct fx *fx = *state;
    add_org(fx, &fx->sa, (struct org_spec){ .name = "Acme" });
    struct org o;
    struct err e = ERR_INIT;
    org_init(&o);
    org_set_str(&o.name, "Completely Different");
    int64_t dup = 0;
    assert_int_equal(org_store_find_duplicate(fx->st, fx->a.id, &o, &dup, NULL,
                                              &e),
                     STORE_NONE);
    org_release(&o);
}

/* ---- tenancy ---- */

static void
test_store__other_cluster_cannot_get_update_or_archive(void **state)
{
    struct fx *fx = *state;
    int64_t id = add_org(fx, &fx->sa,
                         (struct org_spec){ .name = "Acme", .city = "Lviv",
                                            .regno = "X1" });
    struct org o;
    struct err e = ERR_INIT;
    org_init(&o);
    assert_int_equal(org_store_get(fx->st, fx->b.id, id, &o, &e), STORE_NONE);
    org_release(&o);

    org_init(&o);
    o.id = id;
    org_set_str(&o.name, "Hijacked");
    assert_int_equal(org_store_update(fx->st, &fx->sb, &o, &e), STORE_NONE);
    org_release(&o);
    assert_int_equal(org_store_set_archived(fx->st, &fx->sb, id, true, &e),
                     STORE_NONE);

    org_init(&o);
    assert_int_equal(org_store_get(fx->st, fx->a.id, id, &o, &e), STORE_ONE);
    assert_string_equal(o.name, "Acme");
    assert_string_equal(o.city, "Lviv");
    assert_string_equal(o.archived_at, "");
    org_release(&o);

    /* Nothing about it is written to B's audit trail. */
    struct audit_list al = { 0 };
    assert_int_equal(audit_store_list(fx->st, fx->b.id, NULL, 0, 0, 100, &al, &e), 0);
    assert_int_equal(al.n, 0);
    audit_list_release(&al);
}

static void
test_store__other_cluster_never_lists_or_counts(void **state)
{
    struct fx *fx = *state;
    int64_t ids[3];
    add_three(fx, ids);
    add_contact(fx, &fx->sa, ids[0], "Olena", true);
    struct err e = ERR_INIT;
    assert_int_equal(org_store_set_archived(fx->st, &fx->sa, ids[2], true, &e),
                     STORE_ONE);

    struct buf names = BUF_INIT;
    struct org_filter f = all_orgs();
    assert_int_equal(list_names(fx, fx->b.id, f, &names), 0);
    assert_string_equal(names.s, "");
    f.archived = true;
    assert_int_equal(list_names(fx, fx->b.id, f, &names), 0);
    f = all_orgs();
    f.q = "acme";
    assert_int_equal(list_names(fx, fx->b.id, f, &names), 0);
    f = all_orgs();
    f.tag = "energy";
    assert_int_equal(list_names(fx, fx->b.id, f, &names), 0);
    buf_release(&names);

    int64_t counts[ORG_KIND__COUNT];
    assert_int_equal(org_store_count_by_kind(fx->st, fx->b.id, counts, &e), 0);
    for (int k = 0; k < ORG_KIND__COUNT; k++)
        assert_int_equal(counts[k], 0);
    int64_t n = -1;
    assert_int_equal(contact_store_count(fx->st, fx->b.id, &n, &e), 0);
    assert_int_equal(n, 0);
    assert_int_equal(contact_store_count(fx->st, fx->a.id, &n, &e), 0);
    assert_int_equal(n, 1);

    char **items = NULL;
    size_t ni = 99;
    assert_int_equal(org_store_tags(fx->st, fx->b.id, &items, &ni, &e), 0);
    assert_int_equal(ni, 0);
    store_strings_free(items, ni);
    assert_int_equal(org_store_regions(fx->st, fx->b.id, &items, &ni, &e), 0);
    assert_int_equal(ni, 0);
    store_strings_free(items, ni);

    struct contact_list cl = { 0 };
    struct contact_filter cf = { 0 };
    cf.limit = -1;
    assert_int_equal(contact_store_list(fx->st, fx->b.id, &cf, &cl, &e), 0);
    assert_int_equal(cl.n, 0);
    assert_int_equal(cl.total, 0);
    contact_list_release(&cl);
    cf.organisation_id = ids[0];
    assert_int_equal(contact_store_list(fx->st, fx->b.id, &cf, &cl, &e), 0);
    assert_int_equal(cl.n, 0);
    contact_list_release(&cl);

    /* A's names are no duplicates in B. */
    struct org o;
    org_init(&o);
    org_set_str(&o.name, "Acme GmbH");
    int64_t dup = 0;
    assert_int_equal(org_store_find_duplicate(fx->st, fx->b.id, &o, &dup, NULL,
                                              &e),
                     STORE_NONE);
    org_release(&o);
}

static void
test_store__contact_cannot_be_created_for_other_clusters_org(void **state)
{
    struct fx *fx = *state;
    int64_t org_a = add_org(fx, &fx->sa, (struct org_spec){ .name = "Acme" });
    struct contact c;
    struct err e = ERR_INIT;
    contact_init(&c);
    c.organisation_id = org_a;
    org_set_str(&c.name, "Intruder");
    c.entry_point = true;
    assert_int_equal(contact_store_create(fx->st, &fx->sb, &c, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, "organisation_id");
    contact_release(&c);

    /* Nothing was written anywhere. */
    int64_t n = -1;
    assert_int_equal(contact_store_count(fx->st, fx->a.id, &n, &e), 0);
    assert_int_equal(n, 0);
    assert_int_equal(contact_store_count(fx->st, fx->b.id, &n, &e), 0);
    assert_int_equal(n, 0);
    assert_int_equal(sql_int(fx, "SELECT count(*) FROM contact"), 0);

    /* An organisation that does not exist at all is refused the same way. */
    struct err e2 = ERR_INIT;
    contact_init(&c);
    c.organisation_id = 987654;
    org_set_str(&c.name, "Nobody");
    assert_int_equal(contact_store_create(fx->st, &fx->sa, &c, &e2), -1);
    assert_string_equal(e2.field, "organisation_id");
    contact_release(&c);
}

static void
test_store__contact_of_other_cluster_is_none_and_cannot_move_there(void **state)
{
    struct fx *fx = *state;
    int64_t org_a = add_org(fx, &fx->sa, (struct org_spec){ .name = "Acme" });
    int64_t org_b = add_org(fx, &fx->sb, (struct org_spec){ .name = "Beta" });
    int64_t ca = add_contact(fx, &fx->sa, org_a, "Olena", true);
    struct contact c;
    struct err e = ERR_INIT;

    contact_init(&c);
    assert_int_equal(contact_store_get(fx->st, fx->b.id, ca, &c, &e), STORE_NONE);
    contact_release(&c);

    contact_init(&c);
    c.id = ca;
    c.organisation_id = org_b;
    org_set_str(&c.name, "Hijacked");
    assert_int_equal(contact_store_update(fx->st, &fx->sb, &c, &e), STORE_NONE);
    contact_release(&c);
    assert_int_equal(contact_store_set_archived(fx->st, &fx->sb, ca, true, &e),
                     STORE_NONE);

    /* Moving A's contact to B's organisation is refused. */
    contact_init(&c);
    assert_int_equal(contact_store_get(fx->st, fx->a.id, ca, &c, &e), STORE_ONE);
    c.organisation_id = org_b;
    struct err e2 = ERR_INIT;
    assert_int_equal(contact_store_update(fx->st, &fx->sa, &c, &e2), STORE_HARD);
    assert_int_equal(e2.code, ERR_INVALID);
    assert_string_equal(e2.field, "organisation_id");
    contact_release(&c);

    contact_init(&c);
    assert_int_equal(contact_store_get(fx->st, fx->a.id, ca, &c, &e), STORE_ONE);
    assert_string_equal(c.name, "Olena");
    assert_int_equal(c.organisation_id, org_a);
    assert_true(c.entry_point);
    assert_string_equal(c.archived_at, "");
    contact_release(&c);
}

/* ---- contacts and entry points ---- */

static void
test_store__contact_round_trip(void **state)
{
    struct fx *fx = *state;
    int64_t org = add_org(fx, &fx->sa, (struct org_spec){ .name = "ТОВ Київ" });
    struct contact c;
    struct err e = ERR_INIT;
    contact_init(&c);
    c.organisation_id = org;
    org_set_str(&c.name, "Олена Петренко");
    org_set_str(&c.email, "Olena@Example.com");
    org_set_str(&c.phone, "+380 44 123 45 67");
    org_set_str(&c.position, "Директорка");
    c.email_consent = true;
    org_set_str(&c.consent_source, "event");
    assert_int_equal(contact_validate(&c, TODAY, &e), 0);
    assert_int_equal(contact_store_create(fx->st, &fx->sa, &c, &e), 0);
    int64_t id = c.id;
    contact_release(&c);

    contact_init(&c);
    assert_int_equal(contact_store_get(fx->st, fx->a.id, id, &c, &e), STORE_ONE);
    assert_int_equal(c.organisation_id, org);
    assert_string_equal(c.organisation_name, "ТОВ Київ");
    assert_string_equal(c.name, "Олена Петренко");
    assert_string_equal(c.email, "olena@example.com");
    assert_string_equal(c.phone, "+380 44 123 45 67");
    assert_string_equal(c.position, "Директорка");
    assert_true(c.email_consent);
    assert_string_equal(c.consent_date, TODAY);
    assert_string_equal(c.consent_source, "event");
    assert_false(c.entry_point);
    contact_release(&c);

    /* Listing finds it by its name in any case and by its organisation. */
    struct contact_list cl = { 0 };
    struct contact_filter cf = { 0 };
    cf.limit = -1;
    cf.q = "ОЛЕНА";
    assert_int_equal(contact_store_list(fx->st, fx->a.id, &cf, &cl, &e), 0);
    assert_int_equal(cl.n, 1);
    contact_list_release(&cl);
    cf.q = "київ";
    assert_int_equal(contact_store_list(fx->st, fx->a.id, &cf, &cl, &e), 0);
    assert_int_equal(cl.n, 1);
    contact_list_release(&cl);
}

static void
test_store__entry_point_moves_to_the_new_contact(void **state)
{
    struct fx *fx = *state;
    int64_t org = add_org(fx, &fx->sa, (struct org_spec){ .name = "Acme" });
    int64_t other_org = add_org(fx, &fx->sa, (struct org_spec){ .name = "Beta" });
    int64_t c1 = add_contact(fx, &fx->sa, org, "First", true);
    int64_t elsewhere = add_contact(fx, &fx->sa, other_org, "Elsewhere", true);
    assert_true(contact_is_entry(fx, &fx->sa, c1));

    int64_t c2 = add_contact(fx, &fx->sa, org, "Second", true);
    assert_true(contact_is_entry(fx, &fx->sa, c2));
    assert_false(contact_is_entry(fx, &fx->sa, c1));
    /* Another organisation's entry point is not touched. */
    assert_true(contact_is_entry(fx, &fx->sa, elsewhere));

    /* The old one's change is in the audit trail. */
    struct audit_list al = { 0 };
    struct err e = ERR_INIT;
    assert_int_equal(audit_store_list(fx->st, fx->a.id, "contact", c1, 0, 10, &al,
                                      &e),
                     0);
    assert_int_equal(al.n, 2);
    assert_string_equal(al.items[0].action, "update");
    assert_non_null(strstr(al.items[0].before, "\"entry_point\":true"));
    assert_non_null(strstr(al.items[0].after, "\"entry_point\":false"));
    audit_list_release(&al);

    /* And back again through an update. */
    struct contact c;
    contact_init(&c);
    assert_int_equal(contact_store_get(fx->st, fx->a.id, c1, &c, &e), STORE_ONE);
    c.entry_point = true;
    assert_int_equal(contact_store_update(fx->st, &fx->sa, &c, &e), STORE_ONE);
    contact_release(&c);
    assert_true(contact_is_entry(fx, &fx->sa, c1));
    assert_false(contact_is_entry(fx, &fx->sa, c2));
}

static void
test_store__restored_contact_loses_entry_point_taken_meanwhile(void **state)
{
    struct fx *fx = *state;
    int64_t org = add_org(fx, &fx->sa, (struct org_spec){ .name = "Acme" });
    int64_t c1 = add_contact(fx, &fx->sa, org, "First", true);
    struct err e = ERR_INIT;
    assert_int_equal(contact_store_set_archived(fx->st, &fx->sa, c1, true, &e),
                     STORE_ONE);
    int64_t c2 = add_contact(fx, &fx->sa, org, "Second", true);
    assert_int_equal(contact_store_set_archived(fx->st, &fx->sa, c1, false, &e),
                     STORE_ONE);
    assert_false(contact_is_entry(fx, &fx->sa, c1));
    assert_true(contact_is_entry(fx, &fx->sa, c2));

    struct contact c;
    contact_init(&c);
    assert_int_equal(contact_store_get(fx->st, fx->a.id, c1, &c, &e), STORE_ONE);
    assert_string_equal(c.archived_at, "");
    contact_release(&c);
}

static void
test_store__restored_contact_keeps_entry_point_when_none_chosen(void **state)
{
    struct fx *fx = *state;
    int64_t org = add_org(fx, &fx->sa, (struct org_spec){ .name = "Acme" });
    int64_t c1 = add_contact(fx, &fx->sa, org, "First", true);
    add_contact(fx, &fx->sa, org, "Plain", false);
    struct err e = ERR_INIT;
    assert_int_equal(contact_store_set_archived(fx->st, &fx->sa, c1, true, &e),
                     STORE_ONE);
    struct contact c;
    contact_init(&c);
    assert_int_equal(contact_store_get(fx->st, fx->a.id, c1, &c, &e), STORE_ONE);
    assert_true(strlen(c.archived_at) > 0);
    contact_release(&c);
    assert_int_equal(contact_store_set_archived(fx->st, &fx->sa, c1, false, &e),
                     STORE_ONE);
    assert_true(contact_is_entry(fx, &fx->sa, c1));
}

static void
test_store__archived_organisation_takes_no_new_contacts(void **state)
{
    struct fx *fx = *state;
    int64_t org = add_org(fx, &fx->sa, (struct org_spec){ .name = "Acme" });
    struct err e = ERR_INIT;
    assert_int_equal(org_store_set_archived(fx->st, &fx->sa, org, true, &e),
                     STORE_ONE);
    struct contact c;
    contact_init(&c);
    c.organisation_id = org;
    org_set_str(&c.name, "Late");
    assert_int_equal(contact_store_create(fx->st, &fx->sa, &c, &e), -1);
    assert_int_equal(e.code, ERR_CONFLICT);
    assert_string_equal(e.field, "organisation_id");
    contact_release(&c);
    assert_int_equal(sql_int(fx, "SELECT count(*) FROM contact"), 0);
}

static void
test_store__contacts_of_an_archived_organisation_leave_the_contact_list(void **state)
{
    struct fx *fx = *state;
    int64_t kept = add_org(fx, &fx->sa, (struct org_spec){ .name = "Kept" });
    int64_t gone = add_org(fx, &fx->sa, (struct org_spec){ .name = "Gone" });
    add_contact(fx, &fx->sa, kept, "Olena", true);
    add_contact(fx, &fx->sa, gone, "Erik", true);
    struct err e = ERR_INIT;
    assert_int_equal(org_store_set_archived(fx->st, &fx->sa, gone, true, &e),
                     STORE_ONE);
    struct contact_filter all = { .limit = -1 };
    struct contact_list l = { 0 };
    assert_int_equal(contact_store_list(fx->st, fx->sa.cluster_id, &all, &l, &e), 0);
    assert_int_equal(l.total, 1);
    assert_string_equal(l.items[0].name, "Olena");
    contact_list_release(&l);
    /* The organisation's own page still shows its contacts. */
    struct contact_filter of_gone = { .organisation_id = gone, .limit = -1 };
    assert_int_equal(contact_store_list(fx->st, fx->sa.cluster_id, &of_gone, &l, &e), 0);
    assert_int_equal(l.total, 1);
    assert_string_equal(l.items[0].name, "Erik");
    contact_list_release(&l);
}

/* ---- audit ---- */

static json_t *
parse_json(const char *text)
{
    json_error_t je;
    json_t *j = json_loads(text, 0, &je);
    if (!j)
        fail_msg("bad JSON '%s': %s", text, je.text);
    return j;
}

static void
test_store__audit_records_create_update_archive_with_actor(void **state)
{
    struct fx *fx = *state;
    int64_t id = add_org(fx, &fx->sa, (struct org_spec){ .name = "Before Ltd" });
    struct org o;
    struct err e = ERR_INIT;
    org_init(&o);
    assert_int_equal(org_store_get(fx->st, fx->a.id, id, &o, &e), STORE_ONE);
    org_set_str(&o.name, "Після Ltd");
    assert_int_equal(org_store_update(fx->st, &fx->sa, &o, &e), STORE_ONE);
    org_release(&o);
    struct scope other_actor = { fx->a.id, 0, "manager@alpha.example" };
    assert_int_equal(org_store_set_archived(fx->st, &other_actor, id, true, &e),
                     STORE_ONE);

    struct audit_list al = { 0 };
    assert_int_equal(audit_store_list(fx->st, fx->a.id, "organisation", id, 0, 10,
                                      &al, &e),
                     0);
    assert_int_equal(al.n, 3);
    /* Newest first. */
    assert_string_equal(al.items[0].action, "archive");
    assert_string_equal(al.items[1].action, "update");
    assert_string_equal(al.items[2].action, "create");
    for (size_t i = 0; i < 3; i++) {
        assert_string_equal(al.items[i].entity, "organisation");
        assert_int_equal(al.items[i].entity_id, id);
        assert_true(strlen(al.items[i].at) > 0);
    }
    assert_string_equal(al.items[0].actor, "manager@alpha.example");
    assert_string_equal(al.items[1].actor, "anna@alpha.example");
    assert_string_equal(al.items[2].actor, "anna@alpha.example");
    assert_true(al.items[0].id > al.items[1].id);

    /* create: no before, after is the record. */
    assert_string_equal(al.items[2].before, "");
    json_t *after = parse_json(al.items[2].after);
    assert_string_equal(json_string_value(json_object_get(after, "name")),
                        "Before Ltd");
    assert_int_equal(json_integer_value(json_object_get(after, "id")), id);
    json_decref(after);

    /* update: before and after differ in the name only. */
    json_t *before = parse_json(al.items[1].before);
    after = parse_json(al.items[1].after);
    assert_string_equal(json_string_value(json_object_get(before, "name")),
                        "Before Ltd");
    assert_string_equal(json_string_value(json_object_get(after, "name")),
                        "Після Ltd");
    json_decref(before);
    json_decref(after);

    /* archive: the flag flips. */
    before = parse_json(al.items[0].before);
    after = parse_json(al.items[0].after);
    assert_true(json_is_false(json_object_get(before, "archived")));
    assert_true(json_is_true(json_object_get(after, "archived")));
    json_decref(before);
    json_decref(after);
    audit_list_release(&al);

    /* The cluster-wide trail has them too, and the limit holds. */
    assert_int_equal(audit_store_list(fx->st, fx->a.id, NULL, 0, 0, 2, &al, &e), 0);
    assert_int_equal(al.n, 2);
    audit_list_release(&al);
}

static void
test_store__audit_records_contact_create_and_archive(void **state)
{
    struct fx *fx = *state;
    int64_t org = add_org(fx, &fx->sa, (struct org_spec){ .name = "Acme" });
    int64_t c = add_contact(fx, &fx->sa, org, "Olena", false);
    struct err e = ERR_INIT;
    assert_int_equal(contact_store_set_archived(fx->st, &fx->sa, c, true, &e),
                     STORE_ONE);
    struct audit_list al = { 0 };
    assert_int_equal(audit_store_list(fx->st, fx->a.id, "contact", c, 0, 10, &al,
                                      &e),
                     0);
    assert_int_equal(al.n, 2);
    assert_string_equal(al.items[0].action, "archive");
    assert_string_equal(al.items[1].action, "create");
    json_t *after = parse_json(al.items[1].after);
    assert_string_equal(json_string_value(json_object_get(after, "name")),
                        "Olena");
    json_decref(after);
    audit_list_release(&al);
}

static void
test_store__audit_pages_with_offset(void **state)
{
    struct fx *fx = *state;
    for (int i = 0; i < 5; i++)
        add_org(fx, &fx->sa, (struct org_spec){ .name = "Org" });
    struct audit_list al = { 0 };
    struct err e = ERR_INIT;
    assert_int_equal(audit_store_list(fx->st, fx->a.id, NULL, 0, 0, 2, &al, &e), 0);
    assert_int_equal(al.n, 2);
    int64_t newest = al.items[0].id;
    /* A second call appends the next page. */
    assert_int_equal(audit_store_list(fx->st, fx->a.id, NULL, 0, 2, 2, &al, &e), 0);
    assert_int_equal(al.n, 4);
    assert_true(al.items[2].id < al.items[1].id);
    assert_int_equal(al.items[0].id, newest);
    audit_list_release(&al);
    assert_int_equal(audit_store_list(fx->st, fx->a.id, NULL, 0, 4, 10, &al, &e), 0);
    assert_int_equal(al.n, 1);
    audit_list_release(&al);
}

static void
test_store__org_history_includes_its_contacts_only(void **state)
{
    struct fx *fx = *state;
    int64_t org = add_org(fx, &fx->sa, (struct org_spec){ .name = "Acme" });
    int64_t other = add_org(fx, &fx->sa, (struct org_spec){ .name = "Other" });
    add_contact(fx, &fx->sa, org, "Olena", false);
    add_contact(fx, &fx->sa, other, "Petro", false);
    struct audit_list al = { 0 };
    struct err e = ERR_INIT;
    assert_int_equal(audit_store_list_org(fx->st, fx->a.id, org, 10, &al, &e), 0);
    assert_int_equal(al.n, 2);
    assert_string_equal(al.items[0].entity, "contact");
    assert_string_equal(al.items[1].entity, "organisation");
    assert_int_equal(al.items[1].entity_id, org);
    audit_list_release(&al);
    /* Not from another cluster. */
    assert_int_equal(audit_store_list_org(fx->st, fx->b.id, org, 10, &al, &e), 0);
    assert_int_equal(al.n, 0);
    audit_list_release(&al);
}

/* ---- transactions ---- */

struct tx_ctx {
    int64_t cluster_id;
    bool fail;
    bool swallow_inner_failure;
};

static int
tx_create_then_maybe_fail(struct store *st, void *vctx, struct err *err)
{
    struct tx_ctx *c = vctx;
    struct scope sc = { c->cluster_id, 0, "tx" };
    struct org o;
    org_init(&o);
    org_set_str(&o.name, "Inside Tx");
    int rc = org_store_create(st, &sc, &o, err);
    if (rc == 0) {
        struct contact ct;
        contact_init(&ct);
        ct.organisation_id = o.id;
        org_set_str(&ct.name, "Inside Contact");
        rc = contact_store_create(st, &sc, &ct, err);
        contact_release(&ct);
    }
    org_release(&o);
    if (rc)
        return rc;
    if (c->swallow_inner_failure) {
        /* A nested write fails; the callback ignores it and returns 0. */
        struct contact bad;
        struct err ignored = ERR_INIT;
        contact_init(&bad);
        bad.organisation_id = 987654;
        org_set_str(&bad.name, "Bad");
        contact_store_create(st, &sc, &bad, &ignored);
        contact_release(&bad);
        return 0;
    }
    if (c->fail)
        return err_set(err, ERR_CONFLICT, "x", "Stop here.");
    return 0;
}

static void
test_store__tx_rolls_back_everything_when_the_callback_fails(void **state)
{
    struct fx *fx = *state;
    struct tx_ctx c = { fx->a.id, true, false };
    struct err e = ERR_INIT;
    assert_int_equal(store_tx(fx->st, tx_create_then_maybe_fail, &c, &e), -1);
    assert_int_equal(e.code, ERR_CONFLICT);
    assert_string_equal(e.msg, "Stop here.");

    struct buf names = BUF_INIT;
    assert_int_equal(list_names(fx, fx->a.id, all_orgs(), &names), 0);
    buf_release(&names);
    int64_t n = -1;
    assert_int_equal(contact_store_count(fx->st, fx->a.id, &n, &e), 0);
    assert_int_equal(n, 0);
    struct audit_list al = { 0 };
    assert_int_equal(audit_store_list(fx->st, fx->a.id, NULL, 0, 0, 100, &al, &e), 0);
    assert_int_equal(al.n, 0);
    audit_list_release(&al);
    assert_int_equal(sql_int(fx, "SELECT count(*) FROM organisation"), 0);
    assert_int_equal(sql_int(fx, "SELECT count(*) FROM organisation_tag"), 0);
}

static void
test_store__tx_rolls_back_when_a_nested_write_failed(void **state)
{
    struct fx *fx = *state;
    struct tx_ctx c = { fx->a.id, false, true };
    struct err e = ERR_INIT;
    assert_int_equal(store_tx(fx->st, tx_create_then_maybe_fail, &c, &e), -1);
    assert_int_not_equal(e.code, ERR_NONE);
    assert_int_equal(sql_int(fx, "SELECT count(*) FROM organisation"), 0);
    assert_int_equal(sql_int(fx, "SELECT count(*) FROM contact"), 0);
    assert_int_equal(sql_int(fx, "SELECT count(*) FROM audit"), 0);

    /* The store is usable afterwards. */
    add_org(fx, &fx->sa, (struct org_spec){ .name = "After" });
    assert_int_equal(sql_int(fx, "SELECT count(*) FROM organisation"), 1);
}

static void
test_store__tx_commits_when_the_callback_succeeds(void **state)
{
    struct fx *fx = *state;
    struct tx_ctx c = { fx->a.id, false, false };
    struct err e = ERR_INIT;
    assert_int_equal(store_tx(fx->st, tx_create_then_maybe_fail, &c, &e), 0);
    assert_int_equal(e.code, ERR_NONE);
    assert_int_equal(sql_int(fx, "SELECT count(*) FROM organisation"), 1);
    assert_int_equal(sql_int(fx, "SELECT count(*) FROM contact"), 1);
    assert_int_equal(sql_int(fx, "SELECT count(*) FROM audit"), 2);
}

/* ---- users, sessions, tokens ---- */

static int64_t
add_user(struct fx *fx, const struct scope *sc, const char *email,
         enum role role)
{
    struct user u = { 0 };
    u.email = (char *)email;
    u.name = (char *)"Test User";
    u.role = role;
    int64_t id = 0;
    struct err e = ERR_INIT;
    if (user_store_add(fx->st, sc, &u, "$argon2id$not-a-real-hash", &id, &e))
        fail_msg("user_store_add: %s", e.msg);
    assert_true(id > 0);
    return id;
}

static void
hash_of(unsigned char h[STORE_TOKEN_HASH_LEN], int seed)
{
    for (int i = 0; i < STORE_TOKEN_HASH_LEN; i++)
        h[i] = (unsigned char)(seed * 31 + i);
}

static void
test_store__user_email_is_unique_across_clusters(void **state)
{
    struct fx *fx = *state;
    add_user(fx, &fx->sa, "anna@example.com", ROLE_ADMIN);
    struct user u = { 0 };
    u.email = (char *)"anna@example.com";
    u.name = (char *)"Other Anna";
    u.role = ROLE_BOARD;
    struct err e = ERR_INIT;
    int64_t id = -5;
    assert_int_equal(user_store_add(fx->st, &fx->sb, &u, "h", &id, &e), -1);
    assert_int_equal(e.code, ERR_CONFLICT);
    assert_string_equal(e.field, "email");
    assert_int_equal(id, -5);
}

static void
test_store__session_create_and_lookup(void **state)
{
    struct fx *fx = *state;
    int64_t uid = add_user(fx, &fx->sa, "anna@example.com", ROLE_MANAGER);
    unsigned char h[STORE_TOKEN_HASH_LEN];
    hash_of(h, 1);
    struct err e = ERR_INIT;
    assert_int_equal(session_store_create(fx->st, fx->a.id, uid, h, "csrf-123",
                                          1000, &e),
                     0);
    struct principal p;
    assert_int_equal(session_store_lookup(fx->st, h, 1010, 3600, &p, &e),
                     STORE_ONE);
    assert_true(p.session_id > 0);
    assert_int_equal(p.user_id, uid);
    assert_int_equal(p.cluster_id, fx->a.id);
    assert_int_equal(p.role, ROLE_MANAGER);
    assert_string_equal(p.email, "anna@example.com");
    assert_string_equal(p.name, "Test User");
    assert_string_equal(p.cluster_name, "Alpha Cluster");
    assert_string_equal(p.cluster_slug, "alpha-cluster");
    assert_string_equal(p.csrf, "csrf-123");

    unsigned char other[STORE_TOKEN_HASH_LEN];
    hash_of(other, 2);
    assert_int_equal(session_store_lookup(fx->st, other, 1010, 3600, &p, &e),
                     STORE_NONE);
}

static void
test_store__session_expires_when_idle(void **state)
{
    struct fx *fx = *state;
    int64_t uid = add_user(fx, &fx->sa, "anna@example.com", ROLE_ADMIN);
    unsigned char h1[STORE_TOKEN_HASH_LEN], h2[STORE_TOKEN_HASH_LEN];
    hash_of(h1, 1);
    hash_of(h2, 2);
    struct err e = ERR_INIT;
    struct principal p;
    assert_int_equal(session_store_create(fx->st, fx->a.id, uid, h1, "c1", 1000, &e), 0);
    assert_int_equal(session_store_create(fx->st, fx->a.id, uid, h2, "c2", 1000, &e), 0);
    /* Exactly idle seconds later the session is over. */
    assert_int_equal(session_store_lookup(fx->st, h1, 1000 + 3600, 3600, &p, &e),
                     STORE_NONE);
    assert_int_equal(session_store_lookup(fx->st, h1, 1000 + 7200, 3600, &p, &e),
                     STORE_NONE);
    /* One second before, it is alive, and using it keeps it alive. */
    assert_int_equal(session_store_lookup(fx->st, h2, 1000 + 3599, 3600, &p, &e),
                     STORE_ONE);
    assert_int_equal(session_store_lookup(fx->st, h2, 1000 + 3599 + 3000, 3600,
                                          &p, &e),
                     STORE_ONE);
    assert_int_equal(session_store_lookup(fx->st, h2, 1000 + 3599 + 3000 + 3600,
                                          3600, &p, &e),
                     STORE_NONE);
}

static void
test_store__session_delete_ends_it(void **state)
{
    struct fx *fx = *state;
    int64_t uid = add_user(fx, &fx->sa, "anna@example.com", ROLE_ADMIN);
    unsigned char h[STORE_TOKEN_HASH_LEN], keep[STORE_TOKEN_HASH_LEN];
    hash_of(h, 1);
    hash_of(keep, 3);
    struct err e = ERR_INIT;
    struct principal p;
    assert_int_equal(session_store_create(fx->st, fx->a.id, uid, h, "c", 1000, &e), 0);
    assert_int_equal(session_store_create(fx->st, fx->a.id, uid, keep, "k", 1000, &e), 0);
    assert_int_equal(session_store_delete(fx->st, h, &e), 0);
    assert_int_equal(session_store_lookup(fx->st, h, 1001, 3600, &p, &e),
                     STORE_NONE);
    assert_int_equal(session_store_lookup(fx->st, keep, 1001, 3600, &p, &e),
                     STORE_ONE);
    /* Deleting an unknown session is not an error. */
    assert_int_equal(session_store_delete(fx->st, h, &e), 0);
}

static void
test_store__session_purge_removes_idle_sessions(void **state)
{
    struct fx *fx = *state;
    int64_t uid = add_user(fx, &fx->sa, "anna@example.com", ROLE_ADMIN);
    unsigned char old[STORE_TOKEN_HASH_LEN], fresh[STORE_TOKEN_HASH_LEN];
    hash_of(old, 1);
    hash_of(fresh, 2);
    struct err e = ERR_INIT;
    assert_int_equal(session_store_create(fx->st, fx->a.id, uid, old, "o", 1000, &e), 0);
    assert_int_equal(session_store_create(fx->st, fx->a.id, uid, fresh, "f", 5000, &e), 0);
    assert_int_equal(session_store_purge(fx->st, 5000, 3600, &e), 0);
    assert_int_equal(sql_int(fx, "SELECT count(*) FROM session"), 1);
}

static void
test_store__token_create_and_lookup(void **state)
{
    struct fx *fx = *state;
    int64_t uid = add_user(fx, &fx->sb, "bohdan@example.com", ROLE_BOARD);
    unsigned char h[STORE_TOKEN_HASH_LEN];
    hash_of(h, 9);
    struct err e = ERR_INIT;
    assert_int_equal(token_store_create(fx->st, &fx->sb, uid, h, &e), 0);
    struct principal p;
    memset(&p, 0x55, sizeof(p));
    assert_int_equal(token_store_lookup(fx->st, h, &p, &e), STORE_ONE);
    assert_int_equal(p.session_id, 0);
    assert_int_equal(p.user_id, uid);
    assert_int_equal(p.cluster_id, fx->b.id);
    assert_int_equal(p.role, ROLE_BOARD);
    assert_string_equal(p.email, "bohdan@example.com");
    assert_string_equal(p.cluster_slug, "beta-cluster");
    assert_string_equal(p.csrf, "");

    unsigned char other[STORE_TOKEN_HASH_LEN];
    hash_of(other, 10);
    assert_int_equal(token_store_lookup(fx->st, other, &p, &e), STORE_NONE);
    /* A session lookup does not accept an API token, nor the reverse. */
    assert_int_equal(session_store_lookup(fx->st, h, 1, 3600, &p, &e),
                     STORE_NONE);
}

static void
test_store__throttle_counts_per_email_and_address_in_window(void **state)
{
    struct fx *fx = *state;
    struct err e = ERR_INIT;
    assert_int_equal(throttle_store_record(fx->st, "anna@x.ua", "10.0.0.1", 100, &e), 0);
    assert_int_equal(throttle_store_record(fx->st, "anna@x.ua", "10.0.0.1", 200, &e), 0);
    assert_int_equal(throttle_store_record(fx->st, "anna@x.ua", "10.0.0.1", 300, &e), 0);
    assert_int_equal(throttle_store_record(fx->st, "bob@x.ua", "10.0.0.1", 250, &e), 0);
    assert_int_equal(throttle_store_record(fx->st, "anna@x.ua", "10.0.0.2", 260, &e), 0);

    int by_email = -1, by_addr = -1;
    assert_int_equal(throttle_store_count(fx->st, "anna@x.ua", "10.0.0.1", 0,
                                          &by_email, &by_addr, &e),
                     0);
    assert_int_equal(by_email, 4);
    assert_int_equal(by_addr, 4);
    /* Only failures after `since` count. */
    assert_int_equal(throttle_store_count(fx->st, "anna@x.ua", "10.0.0.1", 200,
                                          &by_email, &by_addr, &e),
                     0);
    assert_int_equal(by_email, 2);
    assert_int_equal(by_addr, 2);
    assert_int_equal(throttle_store_count(fx->st, "anna@x.ua", "10.0.0.1", 300,
                                          &by_email, &by_addr, &e),
                     0);
    assert_int_equal(by_email, 0);
    assert_int_equal(by_addr, 0);
    assert_int_equal(throttle_store_count(fx->st, "nobody@x.ua", "10.9.9.9", 0,
                                          &by_email, &by_addr, &e),
                     0);
    assert_int_equal(by_email, 0);
    assert_int_equal(by_addr, 0);

    /* A successful sign-in forgets the account's failures only. */
    assert_int_equal(throttle_store_clear(fx->st, "anna@x.ua", &e), 0);
    assert_int_equal(throttle_store_count(fx->st, "anna@x.ua", "10.0.0.1", 0,
                                          &by_email, &by_addr, &e),
                     0);
    assert_int_equal(by_email, 0);
    assert_int_equal(by_addr, 1);
}

static void
test_store__disabling_a_user_ends_sessions_and_revokes_tokens(void **state)
{
    struct fx *fx = *state;
    int64_t uid = add_user(fx, &fx->sa, "anna@example.com", ROLE_ADMIN);
    int64_t other = add_user(fx, &fx->sa, "olena@example.com", ROLE_MANAGER);
    unsigned char s1[STORE_TOKEN_HASH_LEN], t1[STORE_TOKEN_HASH_LEN];
    unsigned char s2[STORE_TOKEN_HASH_LEN], t2[STORE_TOKEN_HASH_LEN];
    hash_of(s1, 1);
    hash_of(t1, 2);
    hash_of(s2, 3);
    hash_of(t2, 4);
    struct err e = ERR_INIT;
    struct principal p;
    assert_int_equal(session_store_create(fx->st, fx->a.id, uid, s1, "c", 1000, &e), 0);
    assert_int_equal(token_store_create(fx->st, &fx->sa, uid, t1, &e), 0);
    assert_int_equal(session_store_create(fx->st, fx->a.id, other, s2, "c", 1000, &e), 0);
    assert_int_equal(token_store_create(fx->st, &fx->sa, other, t2, &e), 0);

    assert_int_equal(user_store_set_disabled(fx->st, &fx->sa, uid, true, &e),
                     STORE_ONE);
    assert_int_equal(session_store_lookup(fx->st, s1, 1001, 3600, &p, &e),
                     STORE_NONE);
    assert_int_equal(token_store_lookup(fx->st, t1, &p, &e), STORE_NONE);
    /* Other users keep theirs. */
    assert_int_equal(session_store_lookup(fx->st, s2, 1001, 3600, &p, &e),
                     STORE_ONE);
    assert_int_equal(token_store_lookup(fx->st, t2, &p, &e), STORE_ONE);

    struct user u = { 0 };
    assert_int_equal(user_store_get(fx->st, fx->a.id, uid, &u, &e), STORE_ONE);
    assert_true(u.disabled);
    user_release(&u);

    /* Enabling again does not bring old sessions or tokens back. */
    assert_int_equal(user_store_set_disabled(fx->st, &fx->sa, uid, false, &e),
                     STORE_ONE);
    assert_int_equal(session_store_lookup(fx->st, s1, 1002, 3600, &p, &e),
                     STORE_NONE);
    assert_int_equal(token_store_lookup(fx->st, t1, &p, &e), STORE_NONE);

    struct audit_list al = { 0 };
    assert_int_equal(audit_store_list(fx->st, fx->a.id, "user", uid, 0, 10, &al, &e),
                     0);
    assert_true(al.n >= 2);
    assert_string_equal(al.items[0].action, "enable");
    assert_string_equal(al.items[1].action, "disable");
    audit_list_release(&al);
}

static void
test_store__other_cluster_cannot_disable_a_user(void **state)
{
    struct fx *fx = *state;
    int64_t uid = add_user(fx, &fx->sa, "anna@example.com", ROLE_ADMIN);
    unsigned char s[STORE_TOKEN_HASH_LEN];
    hash_of(s, 1);
    struct err e = ERR_INIT;
    struct principal p;
    assert_int_equal(session_store_create(fx->st, fx->a.id, uid, s, "c", 1000, &e), 0);
    assert_int_equal(user_store_set_disabled(fx->st, &fx->sb, uid, true, &e),
                     STORE_NONE);
    assert_int_equal(session_store_lookup(fx->st, s, 1001, 3600, &p, &e),
                     STORE_ONE);
    struct user u = { 0 };
    assert_int_equal(user_store_get(fx->st, fx->b.id, uid, &u, &e), STORE_NONE);
    assert_int_equal(user_store_set_password(fx->st, &fx->sb, uid, "x", &e),
                     STORE_NONE);
}

static void
test_store__new_password_ends_sessions(void **state)
{
    struct fx *fx = *state;
    int64_t uid = add_user(fx, &fx->sa, "anna@example.com", ROLE_ADMIN);
    unsigned char s[STORE_TOKEN_HASH_LEN];
    hash_of(s, 1);
    struct err e = ERR_INIT;
    struct principal p;
    assert_int_equal(session_store_create(fx->st, fx->a.id, uid, s, "c", 1000, &e), 0);
    assert_int_equal(user_store_set_password(fx->st, &fx->sa, uid, "$new", &e),
                     STORE_ONE);
    assert_int_equal(session_store_lookup(fx->st, s, 1001, 3600, &p, &e),
                     STORE_NONE);
    struct user u = { 0 };
    char *hash = NULL;
    assert_int_equal(user_store_find_email(fx->st, "anna@example.com", &u, &hash,
                                           &e),
                     STORE_ONE);
    assert_string_equal(hash, "$new");
    free(hash);
    user_release(&u);
}

/* ---- backup ---- */

static void
test_store__backup_opens_with_the_same_organisations(void **state)
{
    struct fx *fx = *state;
    int64_t ids[3];
    add_three(fx, ids);
    add_org(fx, &fx->sb, (struct org_spec){ .name = "Beta Only" });
    char path[160];
    snprintf(path, sizeof(path), "%s/backup.db", fx->dir);
    struct err e = ERR_INIT;
    assert_int_equal(store_backup(fx->st, path, &e), 0);
    assert_int_equal(e.code, ERR_NONE);

    struct store *copy = NULL;
    assert_int_equal(store_open(path, &copy, &e), 0);
    assert_int_equal(store_schema_version(copy), store_schema_version(fx->st));
    assert_false(store_needs_migration(copy));

    struct org_filter f = all_orgs();
    struct org_list live = { 0 }, back = { 0 };
    assert_int_equal(org_store_list(fx->st, fx->a.id, &f, &live, &e), 0);
    assert_int_equal(org_store_list(copy, fx->a.id, &f, &back, &e), 0);
    assert_int_equal(back.total, 3);
    assert_int_equal(back.n, live.n);
    for (size_t i = 0; i < live.n; i++) {
        assert_int_equal(back.items[i].org.id, live.items[i].org.id);
        assert_string_equal(back.items[i].org.name, live.items[i].org.name);
        assert_int_equal(back.items[i].org.ntags, live.items[i].org.ntags);
    }
    org_list_release(&live);
    org_list_release(&back);

    struct org_list lb = { 0 };
    assert_int_equal(org_store_list(copy, fx->b.id, &f, &lb, &e), 0);
    assert_int_equal(lb.n, 1);
    assert_string_equal(lb.items[0].org.name, "Beta Only");
    org_list_release(&lb);
    store_close(copy);
}

static void
test_store__backup_to_an_impossible_path_fails(void **state)
{
    struct fx *fx = *state;
    char path[160];
    snprintf(path, sizeof(path), "%s/missing/dir/backup.db", fx->dir);
    struct err e = ERR_INIT;
    assert_int_equal(store_backup(fx->st, path, &e), -1);
    assert_int_equal(e.code, ERR_INTERNAL);
}

#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_store__migrate_twice_is_a_no_op_at_version_1),
        T(test_store__open_fails_cleanly_on_a_missing_directory),
        T(test_store__cluster_slug_from_name_then_numbered),
        T(test_store__cluster_needs_a_name),
        T(test_store__cluster_name_of_200_characters_is_the_limit),
        T(test_store__org_create_and_get_round_trip),
        T(test_store__org_unknown_employees_round_trip),
        T(test_store__org_get_of_missing_id_is_none),
        T(test_store__org_update_replaces_fields_and_tags),
        T(test_store__org_update_of_missing_id_is_none),
        T(test_store__list_q_is_case_insensitive_also_in_cyrillic),
        T(test_store__list_filters_by_kind_tag_and_region),
        T(test_store__list_shows_archive_separately),
        T(test_store__list_sorts_each_way),
        T(test_store__list_pages_and_counts_total),
        T(test_store__list_rows_show_entry_point_and_contact_count),
        T(test_store__tags_and_regions_in_use),
        T(test_store__duplicate_found_by_registration_number_then_name),
        T(test_store__duplicate_is_never_the_record_itself),
        T(test_store__empty_registration_numbers_do_not_match),
        T(test_store__other_cluster_cannot_get_update_or_archive),
        T(test_store__other_cluster_never_lists_or_counts),
        T(test_store__contact_cannot_be_created_for_other_clusters_org),
        T(test_store__contact_of_other_cluster_is_none_and_cannot_move_there),
        T(test_store__contact_round_trip),
        T(test_store__entry_point_moves_to_the_new_contact),
        T(test_store__restored_contact_loses_entry_point_taken_meanwhile),
        T(test_store__restored_contact_keeps_entry_point_when_none_chosen),
        T(test_store__archived_organisation_takes_no_new_contacts),
        T(test_store__contacts_of_an_archived_organisation_leave_the_contact_list),
        T(test_store__audit_records_create_update_archive_with_actor),
        T(test_store__audit_records_contact_create_and_archive),
        T(test_store__audit_pages_with_offset),
        T(test_store__org_history_includes_its_contacts_only),
        T(test_store__tx_rolls_back_everything_when_the_callback_fails),
        T(test_store__tx_rolls_back_when_a_nested_write_failed),
        T(test_store__tx_commits_when_the_callback_succeeds),
        T(test_store__user_email_is_unique_across_clusters),
        T(test_store__session_create_and_lookup),
        T(test_store__session_expires_when_idle),
        T(test_store__session_delete_ends_it),
        T(test_store__session_purge_removes_idle_sessions),
        T(test_store__token_create_and_lookup),
        T(test_store__throttle_counts_per_email_and_address_in_window),
        T(test_store__disabling_a_user_ends_sessions_and_revokes_tokens),
        T(test_store__other_cluster_cannot_disable_a_user),
        T(test_store__new_password_ends_sessions),
        T(test_store__backup_opens_with_the_same_organisations),
        T(test_store__backup_to_an_impossible_path_fails),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
