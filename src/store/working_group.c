/*
 * Working groups and their members (organisations, optionally one of
 * their contacts), with participation: the group's meetings (its events,
 * not cancelled) held since a member joined, and how many of those the
 * organisation attended. Participation is counted, never stored.
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/mem.h"
#include "base/text.h"
#include "io/jsonw.h"
#include "store/db.h"
#include "store/event_store.h"

void
working_group_list_release(struct working_group_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        working_group_release(&l->items[i]);
    free(l->items);
    memset(l, 0, sizeof(*l));
}

void
group_member_list_release(struct group_member_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i].organisation_name);
        free(l->items[i].contact_name);
        free(l->items[i].group_name);
    }
    free(l->items);
    memset(l, 0, sizeof(*l));
}

/* Columns 0..10 fill struct working_group. */
#define WG_SELECT                                                            \
    "SELECT w.id, w.name, w.topic, ifnull(w.coordinator_contact_id, 0),"     \
    " w.description, w.archived, ifnull(c.name, ''),"                        \
    " (SELECT count(DISTINCT m.organisation_id) FROM working_group_member m" \
    "  WHERE m.working_group_id = w.id),"                                    \
    " (SELECT count(*) FROM event e WHERE e.working_group_id = w.id"         \
    "  AND e.cancelled = 0),"                                                \
    " w.created_at, w.updated_at"                                            \
    " FROM working_group w LEFT JOIN contact c"                              \
    " ON c.id = w.coordinator_contact_id"

static void
group_from_row(sqlite3_stmt *s, void *vw)
{
    struct working_group *w = vw;
    w->id = db_col_int(s, 0);
    org_set_str(&w->name, db_col_text(s, 1));
    org_set_str(&w->topic, db_col_text(s, 2));
    w->coordinator_contact_id = db_col_int(s, 3);
    org_set_str(&w->description, db_col_text(s, 4));
    w->archived = db_col_int(s, 5) != 0;
    org_set_str(&w->coordinator_name, db_col_text(s, 6));
    w->members = db_col_int(s, 7);
    w->meetings = db_col_int(s, 8);
    org_set_str(&w->created_at, db_col_text(s, 9));
    org_set_str(&w->updated_at, db_col_text(s, 10));
}

static char *
group_json_text(const struct working_group *g)
{
    struct buf b = BUF_INIT;
    struct jsonw w;
    jsonw_init(&w, &b);
    jsonw_begin_object(&w);
    jsonw_key(&w, "id");
    jsonw_int(&w, g->id);
    jsonw_key(&w, "name");
    jsonw_string(&w, g->name);
    jsonw_key(&w, "topic");
    jsonw_string(&w, g->topic);
    jsonw_key(&w, "coordinator_contact_id");
    if (g->coordinator_contact_id)
        jsonw_int(&w, g->coordinator_contact_id);
    else
        jsonw_null(&w);
    jsonw_key(&w, "description");
    jsonw_string(&w, g->description);
    jsonw_key(&w, "archived");
    jsonw_bool(&w, g->archived);
    jsonw_end_object(&w);
    return buf_detach(&b, NULL);
}

int
working_group_store_list(struct store *st, int64_t cluster_id, bool archived,
                         struct working_group_list *out, struct err *err)
{
    static const char SELECT[] =
        WG_SELECT " WHERE w.cluster_id = $1 AND w.archived = $2"
                  " ORDER BY w.name_key, w.id";
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, archived);
    enum store_rc step;
    while ((step = db_step(st, s, err)) == STORE_ONE) {
        ALLOC_GROW(out->items, out->n + 1, out->alloc);
        struct working_group *w = &out->items[out->n++];
        working_group_init(w);
        group_from_row(s, w);
    }
    return step == STORE_NONE ? 0 : -1;
}

enum store_rc
working_group_store_get(struct store *st, int64_t cluster_id, int64_t id,
                        struct working_group *out, struct err *err)
{
    static const char SELECT[] =
        WG_SELECT " WHERE w.cluster_id = $1 AND w.id = $2";
    return db_get_record(st, SELECT, cluster_id, id, group_from_row, out, err);
}

/* The coordinator, when given, is a contact of the cluster; the folded
 * name is no other group's. */
static int
check_group(struct store *st, int64_t cluster_id, const struct working_group *w,
            const char *name_key, struct err *err)
{
    static const char CONTACT[] =
        "SELECT 1 FROM contact WHERE cluster_id = $1 AND id = $2";
    static const char NAME[] =
        "SELECT 1 FROM working_group WHERE cluster_id = $1 AND name_key = $2"
        " AND id <> $3";
    sqlite3_stmt *s;
    enum store_rc rc;
    if (w->coordinator_contact_id) {
        s = db_stmt(st, CONTACT, err);
        if (!s)
            return -1;
        db_bind_int(s, 1, cluster_id);
        db_bind_int(s, 2, w->coordinator_contact_id);
        rc = db_step(st, s, err);
        sqlite3_reset(s);
        if (rc == STORE_HARD)
            return -1;
        if (rc == STORE_NONE)
            return err_set(err, ERR_INVALID, "coordinator_contact_id",
                           "Choose a contact of the register as the "
                           "coordinator.");
    }
    s = db_stmt(st, NAME, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_text(s, 2, name_key);
    db_bind_int(s, 3, w->id);
    rc = db_step(st, s, err);
    sqlite3_reset(s);
    if (rc == STORE_HARD)
        return -1;
    if (rc == STORE_ONE)
        return err_set(err, ERR_CONFLICT, "name",
                       "There is a working group named \"%s\" already.",
                       w->name);
    return 0;
}

struct group_write {
    const struct scope *sc;
    struct working_group *w;
    enum store_rc rc;
};

static int
group_create_in_tx(struct store *st, void *vctx, struct err *err)
{
    static const char INSERT[] =
        "INSERT INTO working_group(cluster_id, name, name_key, topic,"
        " coordinator_contact_id, description, archived, created_at,"
        " updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)";
    struct group_write *x = vctx;
    struct working_group *w = x->w;
    struct buf key = BUF_INIT;
    int rc = -1;
    text_fold(&key, w->name, strlen(w->name));
    w->id = 0;
    if (check_group(st, x->sc->cluster_id, w, key.s, err))
        goto out;
    char now[21];
    db_now_iso(now);
    sqlite3_stmt *s = db_stmt(st, INSERT, err);
    if (!s)
        goto out;
    db_bind_int(s, 1, x->sc->cluster_id);
    db_bind_text(s, 2, w->name);
    db_bind_text(s, 3, key.s);
    db_bind_text(s, 4, w->topic);
    if (w->coordinator_contact_id)
        db_bind_int(s, 5, w->coordinator_contact_id);
    db_bind_text(s, 6, w->description);
    db_bind_int(s, 7, w->archived);
    db_bind_text(s, 8, now);
    if (db_exec_stmt(st, s, err) != STORE_NONE)
        goto out;
    w->id = db_last_id(st);
    org_set_str(&w->created_at, now);
    org_set_str(&w->updated_at, now);
    rc = audit_record(st, x->sc, "create", "working_group", w->id, NULL,
                      group_json_text(w), err);
out:
    buf_release(&key);
    return rc;
}

int
working_group_store_create(struct store *st, const struct scope *sc,
                           struct working_group *w, struct err *err)
{
    if (working_group_validate(w, err))
        return -1;
    struct group_write x = { sc, w, STORE_ONE };
    if (store_tx(st, group_create_in_tx, &x, err)) {
        w->id = 0;
        return -1;
    }
    return 0;
}

static int
group_update_in_tx(struct store *st, void *vctx, struct err *err)
{
    static const char UPDATE[] =
        "UPDATE working_group SET name = $3, name_key = $4, topic = $5,"
        " coordinator_contact_id = $6, description = $7, archived = $8,"
        " updated_at = $9 WHERE cluster_id = $1 AND id = $2";
    struct group_write *x = vctx;
    struct working_group *w = x->w;
    struct working_group before;
    struct buf key = BUF_INIT;
    int rc = -1;
    working_group_init(&before);
    x->rc = working_group_store_get(st, x->sc->cluster_id, w->id, &before, err);
    if (x->rc != STORE_ONE) {
        rc = x->rc == STORE_NONE ? 0 : -1;
        goto out;
    }
    text_fold(&key, w->name, strlen(w->name));
    if (check_group(st, x->sc->cluster_id, w, key.s, err))
        goto out;
    char now[21];
    db_now_iso(now);
    sqlite3_stmt *s = db_stmt(st, UPDATE, err);
    if (!s)
        goto out;
    db_bind_int(s, 1, x->sc->cluster_id);
    db_bind_int(s, 2, w->id);
    db_bind_text(s, 3, w->name);
    db_bind_text(s, 4, key.s);
    db_bind_text(s, 5, w->topic);
    if (w->coordinator_contact_id)
        db_bind_int(s, 6, w->coordinator_contact_id);
    db_bind_text(s, 7, w->description);
    db_bind_int(s, 8, w->archived);
    db_bind_text(s, 9, now);
    if (db_exec_stmt(st, s, err) != STORE_NONE)
        goto out;
    org_set_str(&w->created_at, before.created_at);
    org_set_str(&w->updated_at, now);
    rc = audit_record(st, x->sc, "update", "working_group", w->id,
                      group_json_text(&before), group_json_text(w), err);
out:
    buf_release(&key);
    working_group_release(&before);
    return rc;
}

enum store_rc
working_group_store_update(struct store *st, const struct scope *sc,
                           struct working_group *w, struct err *err)
{
    if (working_group_validate(w, err))
        return STORE_HARD;
    struct group_write x = { sc, w, STORE_NONE };
    if (store_tx(st, group_update_in_tx, &x, err))
        return STORE_HARD;
    return x.rc;
}

/* ---- members ---- */

/* Columns 0..9 fill struct group_member; $3 is today. Meetings are the
 * group's events, not cancelled, whose first day is between joining and
 * today; attended ones are those the organisation attended. */
#define GM_SELECT                                                             \
    "SELECT m.id, m.working_group_id, m.organisation_id,"                     \
    " ifnull(m.contact_id, 0), o.name, ifnull(c.name, ''), w.name,"           \
    " m.joined_on,"                                                           \
    " (SELECT count(*) FROM event e WHERE e.working_group_id ="               \
    "  m.working_group_id AND e.cancelled = 0"                                \
    "  AND substr(e.starts_at, 1, 10) BETWEEN m.joined_on AND $3),"           \
    " (SELECT count(*) FROM event e WHERE e.working_group_id ="               \
    "  m.working_group_id AND e.cancelled = 0"                                \
    "  AND substr(e.starts_at, 1, 10) BETWEEN m.joined_on AND $3"             \
    "  AND EXISTS (SELECT 1 FROM registration r WHERE r.event_id = e.id"      \
    "  AND r.organisation_id = m.organisation_id AND r.status = 'attended'))" \
    " FROM working_group_member m"                                            \
    " JOIN organisation o ON o.id = m.organisation_id"                        \
    " JOIN working_group w ON w.id = m.working_group_id"                      \
    " LEFT JOIN contact c ON c.id = m.contact_id"

static void
member_from_row(sqlite3_stmt *s, struct group_member *m)
{
    m->id = db_col_int(s, 0);
    m->working_group_id = db_col_int(s, 1);
    m->organisation_id = db_col_int(s, 2);
    m->contact_id = db_col_int(s, 3);
    m->organisation_name = db_col_dup(s, 4);
    m->contact_name = db_col_dup(s, 5);
    m->group_name = db_col_dup(s, 6);
    const char *joined = db_col_text(s, 7);
    size_t n = strlen(joined) < 10 ? strlen(joined) : 10;
    memcpy(m->joined_on, joined, n);
    m->joined_on[n] = '\0';
    m->meetings = db_col_int(s, 8);
    m->meetings_attended = db_col_int(s, 9);
}

static int
members_by(struct store *st, const char *sql, int64_t cluster_id, int64_t id,
           int32_t today, struct group_member_list *out, struct err *err)
{
    char day[11];
    date_format(date_from_days(today), day);
    sqlite3_stmt *s = db_stmt(st, sql, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, id);
    db_bind_text(s, 3, day);
    enum store_rc step;
    while ((step = db_step(st, s, err)) == STORE_ONE) {
        ALLOC_GROW(out->items, out->n + 1, out->alloc);
        struct group_member *m = &out->items[out->n++];
        memset(m, 0, sizeof(*m));
        member_from_row(s, m);
    }
    return step == STORE_NONE ? 0 : -1;
}

int
group_member_store_list(struct store *st, int64_t cluster_id,
                        int64_t working_group_id, int32_t today,
                        struct group_member_list *out, struct err *err)
{
    static const char SELECT[] =
        GM_SELECT " WHERE m.cluster_id = $1 AND m.working_group_id = $2"
                  " ORDER BY o.name_key, c.name_key, m.id";
    return members_by(st, SELECT, cluster_id, working_group_id, today, out,
                      err);
}

int
group_member_store_list_org(struct store *st, int64_t cluster_id,
                            int64_t organisation_id, int32_t today,
                            struct group_member_list *out, struct err *err)
{
    static const char SELECT[] =
        GM_SELECT " WHERE m.cluster_id = $1 AND m.organisation_id = $2"
                  " ORDER BY w.name_key, c.name_key, m.id";
    return members_by(st, SELECT, cluster_id, organisation_id, today, out, err);
}

/* Runs a "SELECT ... WHERE cluster_id = $1 AND id = $2 [AND ... $3]"
 * lookup; STORE_ONE when the row exists. */
static enum store_rc
exists(struct store *st, const char *sql, int64_t cluster_id, int64_t id,
       int64_t arg, struct err *err)
{
    sqlite3_stmt *s = db_stmt(st, sql, err);
    if (!s)
        return STORE_HARD;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, id);
    db_bind_int(s, 3, arg);
    enum store_rc rc = db_step(st, s, err);
    sqlite3_reset(s);
    return rc;
}

static char *
member_json_text(const struct group_member *m)
{
    struct buf b = BUF_INIT;
    struct jsonw w;
    jsonw_init(&w, &b);
    jsonw_begin_object(&w);
    jsonw_key(&w, "id");
    jsonw_int(&w, m->id);
    jsonw_key(&w, "working_group_id");
    jsonw_int(&w, m->working_group_id);
    jsonw_key(&w, "organisation_id");
    jsonw_int(&w, m->organisation_id);
    jsonw_key(&w, "contact_id");
    if (m->contact_id)
        jsonw_int(&w, m->contact_id);
    else
        jsonw_null(&w);
    jsonw_key(&w, "joined_on");
    jsonw_string(&w, m->joined_on);
    jsonw_end_object(&w);
    return buf_detach(&b, NULL);
}

struct member_add {
    const struct scope *sc;
    struct group_member *m;
    int32_t today;
};

static int
member_add_in_tx(struct store *st, void *vctx, struct err *err)
{
    static const char GROUP[] =
        "SELECT 1 FROM working_group WHERE cluster_id = $1 AND id = $2"
        " AND $3 = $3";
    static const char ORG[] =
        "SELECT 1 FROM organisation WHERE cluster_id = $1 AND id = $2"
        " AND $3 = $3";
    static const char CONTACT[] =
        "SELECT 1 FROM contact WHERE cluster_id = $1 AND id = $2"
        " AND organisation_id = $3";
    static const char ONCE[] =
        "SELECT 1 FROM working_group_member WHERE cluster_id = $1"
        " AND working_group_id = $2 AND organisation_id = $3"
        " AND ifnull(contact_id, 0) = $4";
    static const char INSERT[] =
        "INSERT INTO working_group_member(cluster_id, working_group_id,"
        " organisation_id, contact_id, joined_on) VALUES ($1, $2, $3, $4, $5)";
    struct member_add *x = vctx;
    struct group_member *m = x->m;
    int64_t cluster_id = x->sc->cluster_id;
    enum store_rc rc;

    rc = exists(st, GROUP, cluster_id, m->working_group_id, 0, err);
    if (rc != STORE_ONE)
        return rc == STORE_NONE ? err_set(err, ERR_INVALID, "working_group_id",
                                          "Choose a working group of the list.")
                                : -1;
    rc = exists(st, ORG, cluster_id, m->organisation_id, 0, err);
    if (rc != STORE_ONE)
        return rc == STORE_NONE
                   ? err_set(err, ERR_INVALID, "organisation_id",
                             "Choose an organisation of the register.")
                   : -1;
    if (m->contact_id) {
        rc = exists(st, CONTACT, cluster_id, m->contact_id, m->organisation_id,
                    err);
        if (rc != STORE_ONE)
            return rc == STORE_NONE
                       ? err_set(err, ERR_INVALID, "contact_id",
                                 "Choose a contact of the organisation.")
                       : -1;
    }
    sqlite3_stmt *s = db_stmt(st, ONCE, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, m->working_group_id);
    db_bind_int(s, 3, m->organisation_id);
    db_bind_int(s, 4, m->contact_id);
    rc = db_step(st, s, err);
    sqlite3_reset(s);
    if (rc == STORE_HARD)
        return -1;
    if (rc == STORE_ONE)
        return err_set(err, ERR_CONFLICT, "organisation_id",
                       m->contact_id
                           ? "That contact is in the working group already."
                           : "The organisation is in the working group "
                             "already.");
    s = db_stmt(st, INSERT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, m->working_group_id);
    db_bind_int(s, 3, m->organisation_id);
    if (m->contact_id)
        db_bind_int(s, 4, m->contact_id);
    db_bind_text(s, 5, m->joined_on);
    if (db_exec_stmt(st, s, err) != STORE_NONE)
        return -1;
    m->id = db_last_id(st);
    return audit_record(st, x->sc, "add", "working_group_member", m->id, NULL,
                        member_json_text(m), err);
}

int
group_member_store_add(struct store *st, const struct scope *sc,
                       struct group_member *m, int32_t today, struct err *err)
{
    struct date d;
    if (!m->joined_on[0])
        date_format(date_from_days(today), m->joined_on);
    else if (strnlen(m->joined_on, sizeof(m->joined_on)) != 10 ||
             date_parse(m->joined_on, 10, &d))
        return err_set(err, ERR_INVALID, "joined_on",
                       "The joining date must be a date like 2027-03-01.");
    if (m->working_group_id <= 0)
        return err_set(err, ERR_INVALID, "working_group_id",
                       "Choose a working group of the list.");
    if (m->organisation_id <= 0)
        return err_set(err, ERR_INVALID, "organisation_id",
                       "Choose the organisation.");
    if (m->contact_id < 0)
        return err_set(err, ERR_INVALID, "contact_id",
                       "Choose a contact of the organisation.");
    struct member_add x = { sc, m, today };
    if (store_tx(st, member_add_in_tx, &x, err)) {
        m->id = 0;
        return -1;
    }
    return 0;
}

struct member_remove {
    const struct scope *sc;
    int64_t group_id, id;
    enum store_rc rc;
};

static int
member_remove_in_tx(struct store *st, void *vctx, struct err *err)
{
    static const char SELECT[] =
        "SELECT organisation_id, ifnull(contact_id, 0), joined_on"
        " FROM working_group_member WHERE cluster_id = $1 AND id = $2"
        " AND working_group_id = $3";
    static const char DELETE[] =
        "DELETE FROM working_group_member WHERE cluster_id = $1 AND id = $2";
    struct member_remove *x = vctx;
    struct group_member m;
    memset(&m, 0, sizeof(m));
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, x->sc->cluster_id);
    db_bind_int(s, 2, x->id);
    db_bind_int(s, 3, x->group_id);
    x->rc = db_step(st, s, err);
    if (x->rc != STORE_ONE)
        return x->rc == STORE_NONE ? 0 : -1;
    m.id = x->id;
    m.working_group_id = x->group_id;
    m.organisation_id = db_col_int(s, 0);
    m.contact_id = db_col_int(s, 1);
    const char *joined = db_col_text(s, 2);
    size_t n = strlen(joined) < 10 ? strlen(joined) : 10;
    memcpy(m.joined_on, joined, n);
    m.joined_on[n] = '\0';
    sqlite3_reset(s);
    s = db_stmt(st, DELETE, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, x->sc->cluster_id);
    db_bind_int(s, 2, x->id);
    if (db_exec_stmt(st, s, err) != STORE_NONE)
        return -1;
    return audit_record(st, x->sc, "remove", "working_group_member", x->id,
                        member_json_text(&m), NULL, err);
}

enum store_rc
group_member_store_remove(struct store *st, const struct scope *sc,
                          int64_t working_group_id, int64_t member_id,
                          struct err *err)
{
    struct member_remove x = { sc, working_group_id, member_id, STORE_NONE };
    if (store_tx(st, member_remove_in_tx, &x, err))
        return STORE_HARD;
    return x.rc;
}
