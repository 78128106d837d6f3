/*
 * Events: their listing with counts of places taken, the waitlist and
 * attendance, their writes (a larger capacity moves the waitlist up, a
 * smaller one than the places taken is refused), and an event's entry
 * fees and satisfaction. Registrations themselves are registration.c's.
 * Never trusts an id from a request: every query names the cluster.
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/text.h"
#include "io/jsonw.h"
#include "store/db.h"
#include "store/event_store.h"

void
event_list_release(struct event_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        event_release(&l->items[i]);
    free(l->items);
    memset(l, 0, sizeof(*l));
}

/* Columns 0..19 fill struct event. */
#define EVENT_SELECT                                                        \
    "SELECT e.id, e.title, e.kind, e.starts_at, e.ends_at, e.place,"        \
    " e.online_url, e.capacity, e.member_fee, e.nonmember_fee,"             \
    " e.description, ifnull(e.working_group_id, 0), e.public, e.cancelled," \
    " ifnull(w.name, ''),"                                                  \
    " (SELECT count(*) FROM registration r WHERE r.event_id = e.id"         \
    "  AND r.status IN ('registered', 'attended', 'no_show')),"             \
    " (SELECT count(*) FROM registration r WHERE r.event_id = e.id"         \
    "  AND r.status = 'waitlisted'),"                                       \
    " (SELECT count(*) FROM registration r WHERE r.event_id = e.id"         \
    "  AND r.status = 'attended'),"                                         \
    " e.created_at, e.updated_at"                                           \
    " FROM event e LEFT JOIN working_group w ON w.id = e.working_group_id"

static void
copy_time(char out[17], const char *s)
{
    size_t n = strlen(s);
    if (n > 16)
        n = 16;
    memcpy(out, s, n);
    out[n] = '\0';
}

static void
event_from_row(sqlite3_stmt *s, void *ve)
{
    struct event *e = ve;
    e->id = db_col_int(s, 0);
    org_set_str(&e->title, db_col_text(s, 1));
    if (event_kind_parse(db_col_text(s, 2), &e->kind))
        e->kind = EVENT_SEMINAR;
    copy_time(e->starts_at, db_col_text(s, 3));
    copy_time(e->ends_at, db_col_text(s, 4));
    org_set_str(&e->place, db_col_text(s, 5));
    org_set_str(&e->online_url, db_col_text(s, 6));
    e->capacity = db_col_int(s, 7);
    e->member_fee = db_col_int(s, 8);
    e->nonmember_fee = db_col_int(s, 9);
    org_set_str(&e->description, db_col_text(s, 10));
    e->working_group_id = db_col_int(s, 11);
    e->public = db_col_int(s, 12) != 0;
    e->cancelled = db_col_int(s, 13) != 0;
    org_set_str(&e->working_group_name, db_col_text(s, 14));
    e->registered = db_col_int(s, 15);
    e->waitlisted = db_col_int(s, 16);
    e->attended = db_col_int(s, 17);
    org_set_str(&e->created_at, db_col_text(s, 18));
    org_set_str(&e->updated_at, db_col_text(s, 19));
}

static char *
event_json_text(const struct event *e)
{
    struct buf b = BUF_INIT;
    struct jsonw w;
    jsonw_init(&w, &b);
    jsonw_begin_object(&w);
    jsonw_key(&w, "id");
    jsonw_int(&w, e->id);
    jsonw_key(&w, "title");
    jsonw_string(&w, e->title);
    jsonw_key(&w, "kind");
    jsonw_string(&w, event_kind_name(e->kind));
    jsonw_key(&w, "starts_at");
    jsonw_string(&w, e->starts_at);
    jsonw_key(&w, "ends_at");
    jsonw_string(&w, e->ends_at);
    jsonw_key(&w, "place");
    jsonw_string(&w, e->place);
    jsonw_key(&w, "online_url");
    jsonw_string(&w, e->online_url);
    jsonw_key(&w, "capacity");
    jsonw_int(&w, e->capacity);
    jsonw_key(&w, "member_fee");
    jsonw_int(&w, e->member_fee);
    jsonw_key(&w, "nonmember_fee");
    jsonw_int(&w, e->nonmember_fee);
    jsonw_key(&w, "description");
    jsonw_string(&w, e->description);
    jsonw_key(&w, "working_group_id");
    if (e->working_group_id)
        jsonw_int(&w, e->working_group_id);
    else
        jsonw_null(&w);
    jsonw_key(&w, "public");
    jsonw_bool(&w, e->public);
    jsonw_key(&w, "cancelled");
    jsonw_bool(&w, e->cancelled);
    jsonw_end_object(&w);
    return buf_detach(&b, NULL);
}

/* ---- lists ---- */

#define EVENT_WHERE                                            \
    " WHERE e.cluster_id = $1 AND ($2 IS NULL OR e.kind = $2)" \
    " AND ($3 = 0 OR e.working_group_id = $3)"                 \
    " AND ($4 = 0 OR (e.public = 1 AND e.cancelled = 0))"
static const char *const EVENT_LIST_SQL[] = {
    [EVENTS_UPCOMING] = EVENT_SELECT EVENT_WHERE
    " AND substr(e.ends_at, 1, 10) >= $5 ORDER BY e.starts_at, e.id",
    [EVENTS_PAST] = EVENT_SELECT EVENT_WHERE
    " AND substr(e.ends_at, 1, 10) < $5 AND $5 IS NOT NULL"
    " ORDER BY e.starts_at DESC, e.id DESC",
    [EVENTS_ALL] = EVENT_SELECT EVENT_WHERE
    " AND ($5 IS NULL OR 1) ORDER BY e.starts_at DESC, e.id DESC",
};

/* Whether the folded title holds the folded q (key: the folded query). */
static bool
title_matches(const char *title, const char *key, struct buf *scratch)
{
    if (!*key)
        return true;
    buf_reset(scratch);
    text_fold(scratch, title, strlen(title));
    return strstr(scratch->s, key) != NULL;
}

int
event_store_list(struct store *st, int64_t cluster_id,
                 const struct event_filter *f, struct event_list *out,
                 struct err *err)
{
    /*
     * A cluster holds hundreds of events, not millions: the title search
     * folds in C (as the register folds names, for Cyrillic too) and the
     * page is cut here, so the total counts what the search matched.
     */
    struct buf key = BUF_INIT, scratch = BUF_INIT;
    int rc = -1;
    unsigned when = f->when <= EVENTS_ALL ? f->when : EVENTS_ALL;
    if (when != EVENTS_ALL && (!f->today || !*f->today)) {
        err_set(err, ERR_INVALID, "today", "The day is required.");
        goto out;
    }
    if (f->q)
        text_fold(&key, f->q, strlen(f->q));
    sqlite3_stmt *s = db_stmt(st, EVENT_LIST_SQL[when], err);
    if (!s)
        goto out;
    db_bind_int(s, 1, cluster_id);
    db_bind_text(s, 2,
                 f->kind >= 0 && f->kind < EVENT__KIND_COUNT
                     ? event_kind_name((enum event_kind)f->kind)
                     : NULL);
    db_bind_int(s, 3, f->working_group_id > 0 ? f->working_group_id : 0);
    db_bind_int(s, 4, f->public_only);
    db_bind_text(s, 5, f->today && *f->today ? f->today : NULL);
    int64_t offset = f->offset > 0 ? f->offset : 0;
    out->total = 0;
    enum store_rc step;
    while ((step = db_step(st, s, err)) == STORE_ONE) {
        if (!title_matches(db_col_text(s, 1), key.s, &scratch))
            continue;
        int64_t at = out->total++;
        if (at < offset || (f->limit >= 0 && at >= offset + f->limit))
            continue;
        ALLOC_GROW(out->items, out->n + 1, out->alloc);
        struct event *e = &out->items[out->n++];
        event_init(e);
        event_from_row(s, e);
    }
    if (step == STORE_NONE)
        rc = 0;
out:
    buf_release(&key);
    buf_release(&scratch);
    return rc;
}

enum store_rc
event_store_get(struct store *st, int64_t cluster_id, int64_t id,
                struct event *out, struct err *err)
{
    static const char SELECT[] =
        EVENT_SELECT " WHERE e.cluster_id = $1 AND e.id = $2";
    return db_get_record(st, SELECT, cluster_id, id, event_from_row, out, err);
}

/* ---- writes ---- */

/* The working group of an event, when it has one, is the cluster's. */
static int
check_group(struct store *st, int64_t cluster_id, int64_t group_id,
            struct err *err)
{
    static const char SELECT[] =
        "SELECT 1 FROM working_group WHERE cluster_id = $1 AND id = $2";
    if (!group_id)
        return 0;
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, group_id);
    enum store_rc rc = db_step(st, s, err);
    sqlite3_reset(s);
    if (rc == STORE_HARD)
        return -1;
    if (rc == STORE_NONE)
        return err_set(err, ERR_INVALID, "working_group_id",
                       "Choose a working group of the list.");
    return 0;
}

/* Binds the stored fields of e as $2..$14 and now as $15. */
static void
bind_event_fields(sqlite3_stmt *s, const struct event *e, const char *now)
{
    db_bind_text(s, 2, e->title);
    db_bind_text(s, 3, event_kind_name(e->kind));
    db_bind_text(s, 4, e->starts_at);
    db_bind_text(s, 5, e->ends_at);
    db_bind_text(s, 6, e->place);
    db_bind_text(s, 7, e->online_url);
    db_bind_int(s, 8, e->capacity);
    db_bind_int(s, 9, e->member_fee);
    db_bind_int(s, 10, e->nonmember_fee);
    db_bind_text(s, 11, e->description);
    if (e->working_group_id)
        db_bind_int(s, 12, e->working_group_id);
    db_bind_int(s, 13, e->public);
    db_bind_int(s, 14, e->cancelled);
    db_bind_text(s, 15, now);
}

struct event_write {
    const struct scope *sc;
    struct event *e;
    enum store_rc rc;
};

static int
event_create_in_tx(struct store *st, void *vctx, struct err *err)
{
    static const char INSERT[] =
        "INSERT INTO event(cluster_id, title, kind, starts_at, ends_at, place,"
        " online_url, capacity, member_fee, nonmember_fee, description,"
        " working_group_id, public, cancelled, created_at, updated_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,"
        " $14, $15, $15)";
    struct event_write *w = vctx;
    struct event *e = w->e;
    if (check_group(st, w->sc->cluster_id, e->working_group_id, err))
        return -1;
    char now[21];
    db_now_iso(now);
    sqlite3_stmt *s = db_stmt(st, INSERT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, w->sc->cluster_id);
    bind_event_fields(s, e, now);
    if (db_exec_stmt(st, s, err) != STORE_NONE)
        return -1;
    e->id = db_last_id(st);
    org_set_str(&e->created_at, now);
    org_set_str(&e->updated_at, now);
    return audit_record(st, w->sc, "create", "event", e->id, NULL,
                        event_json_text(e), err);
}

int
event_store_create(struct store *st, const struct scope *sc, struct event *e,
                   struct err *err)
{
    if (event_validate(e, err))
        return -1;
    struct event_write w = { sc, e, STORE_ONE };
    if (store_tx(st, event_create_in_tx, &w, err)) {
        e->id = 0;
        return -1;
    }
    return 0;
}

static int
event_update_in_tx(struct store *st, void *vctx, struct err *err)
{
    static const char UPDATE[] =
        "UPDATE event SET title = $2, kind = $3, starts_at = $4, ends_at = $5,"
        " place = $6, online_url = $7, capacity = $8, member_fee = $9,"
        " nonmember_fee = $10, description = $11, working_group_id = $12,"
        " public = $13, cancelled = $14, updated_at = $15"
        " WHERE cluster_id = $1 AND id = $16";
    struct event_write *w = vctx;
    struct event *e = w->e;
    struct event before;
    int rc = -1;
    event_init(&before);
    w->rc = event_store_get(st, w->sc->cluster_id, e->id, &before, err);
    if (w->rc != STORE_ONE) {
        rc = w->rc == STORE_NONE ? 0 : -1;
        goto out;
    }
    if (check_group(st, w->sc->cluster_id, e->working_group_id, err))
        goto out;
    if (e->capacity > 0 && e->capacity < before.registered) {
        err_set(err, ERR_INVALID, "capacity",
                "%lld places are taken already: the capacity cannot be lower "
                "(0 means no limit).",
                (long long)before.registered);
        goto out;
    }
    char now[21];
    db_now_iso(now);
    sqlite3_stmt *s = db_stmt(st, UPDATE, err);
    if (!s)
        goto out;
    db_bind_int(s, 1, w->sc->cluster_id);
    bind_event_fields(s, e, now);
    db_bind_int(s, 16, e->id);
    if (db_exec_stmt(st, s, err) != STORE_NONE)
        goto out;
    org_set_str(&e->created_at, before.created_at);
    org_set_str(&e->updated_at, now);
    if (audit_record(st, w->sc, "update", "event", e->id,
                     event_json_text(&before), event_json_text(e), err))
        goto out;
    if (registration_store_fill_places(st, w->sc, e->id, NULL, err))
        goto out;
    rc = 0;
out:
    event_release(&before);
    return rc;
}

enum store_rc
event_store_update(struct store *st, const struct scope *sc, struct event *e,
                   struct err *err)
{
    if (event_validate(e, err))
        return STORE_HARD;
    struct event_write w = { sc, e, STORE_NONE };
    if (store_tx(st, event_update_in_tx, &w, err))
        return STORE_HARD;
    return w.rc;
}

/* ---- fees and satisfaction ---- */

/* ERR_NOT_FOUND unless the event is the cluster's. */
static int
check_event(struct store *st, int64_t cluster_id, int64_t event_id,
            struct err *err)
{
    static const char SELECT[] =
        "SELECT 1 FROM event WHERE cluster_id = $1 AND id = $2";
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, event_id);
    enum store_rc rc = db_step(st, s, err);
    sqlite3_reset(s);
    if (rc == STORE_HARD)
        return -1;
    if (rc == STORE_NONE)
        return err_set(err, ERR_NOT_FOUND, "event_id", "No such event.");
    return 0;
}

int
event_store_fees(struct store *st, int64_t cluster_id, int64_t event_id,
                 struct event_fees *out, struct err *err)
{
    static const char SELECT[] =
        "SELECT member, count(*), sum(fee),"
        " sum(CASE WHEN paid_on <> '' THEN fee ELSE 0 END)"
        " FROM registration WHERE cluster_id = $1 AND event_id = $2"
        " AND status IN ('registered', 'attended', 'no_show')"
        " GROUP BY member";
    memset(out, 0, sizeof(*out));
    if (check_event(st, cluster_id, event_id, err))
        return -1;
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, event_id);
    enum store_rc step;
    while ((step = db_step(st, s, err)) == STORE_ONE) {
        if (db_col_int(s, 0)) {
            out->member_count = db_col_int(s, 1);
            out->member_due = db_col_int(s, 2);
            out->member_paid = db_col_int(s, 3);
        } else {
            out->nonmember_count = db_col_int(s, 1);
            out->nonmember_due = db_col_int(s, 2);
            out->nonmember_paid = db_col_int(s, 3);
        }
    }
    return step == STORE_NONE ? 0 : -1;
}

int
event_store_satisfaction(struct store *st, int64_t cluster_id, int64_t event_id,
                         struct satisfaction *out, struct err *err)
{
    static const char SELECT[] =
        "SELECT rating, count(*) FROM registration"
        " WHERE cluster_id = $1 AND event_id = $2 AND rating IS NOT NULL"
        " GROUP BY rating";
    memset(out, 0, sizeof(*out));
    if (check_event(st, cluster_id, event_id, err))
        return -1;
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, event_id);
    enum store_rc step;
    while ((step = db_step(st, s, err)) == STORE_ONE) {
        int rating = (int)db_col_int(s, 0);
        for (int64_t i = db_col_int(s, 1); i > 0; i--)
            satisfaction_add(out, rating);
    }
    if (step != STORE_NONE)
        return -1;
    satisfaction_finish(out);
    return 0;
}
