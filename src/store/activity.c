/*
 * The activity timeline of organisations and contacts, and the warm
 * periods that follow from it. Every write of an activity rebuilds the
 * warm periods of its organisation in the same transaction, so a lead's
 * stage read later never disagrees with its timeline; the monthly counts
 * (activity_month) are kept by triggers. Nothing here computes a stage:
 * that is core/lead.c's job.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/mem.h"
#include "io/jsonw.h"
#include "store/db.h"
#include "store/funnel_internal.h"
#include "store/funnel_store.h"

int
funnel_day_parse(const char *s, int32_t *day)
{
    struct date d;
    if (!s || strlen(s) < 10 || date_parse(s, 10, &d))
        return -1;
    *day = date_to_days(d);
    return 0;
}

void
funnel_day_format(int32_t day, char out[11])
{
    date_format(date_from_days(day), out);
}

int
warm_periods_rebuild(struct store *st, int64_t cluster_id, int64_t org_id,
                     int warm_days, struct err *err)
{
    /* The signals walk the partial index activity_signal in day order. */
    static const char SIGNALS[] =
        "SELECT day FROM activity WHERE organisation_id = $2 AND signal = 1"
        " AND cluster_id = $1 ORDER BY day";
    /* "+cluster_id": the primary key, not warm_period_cluster, finds the
     * rows (SQLite would otherwise walk all the cluster's periods). */
    static const char CLEAR[] = "DELETE FROM warm_period WHERE organisation_id "
                                "= $2 AND +cluster_id = $1";
    static const char INSERT[] =
        "INSERT INTO warm_period(organisation_id, warm_from, cluster_id,"
        " warm_until) VALUES ($2, $3, $1, $4)";
    int32_t *days = NULL;
    size_t n = 0, alloc = 0;
    struct day_span *spans = NULL;
    int rc = -1;
    sqlite3_stmt *s = db_stmt(st, SIGNALS, err);
    if (!s)
        goto out;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, org_id);
    enum store_rc step;
    while ((step = db_step(st, s, err)) == STORE_ONE) {
        int32_t d;
        if (funnel_day_parse(db_col_text(s, 0), &d))
            continue;
        ALLOC_GROW(days, n + 1, alloc);
        days[n++] = d;
    }
    if (step != STORE_NONE)
        goto out;
    s = db_stmt(st, CLEAR, err);
    if (!s)
        goto out;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, org_id);
    if (db_exec_stmt(st, s, err) != STORE_NONE)
        goto out;
    spans = xcalloc(n ? n : 1, sizeof(*spans));
    size_t m = warm_periods_merge(days, n, warm_days, spans);
    for (size_t i = 0; i < m; i++) {
        char from[11], until[11];
        funnel_day_format(spans[i].from, from);
        funnel_day_format(spans[i].until, until);
        s = db_stmt(st, INSERT, err);
        if (!s)
            goto out;
        db_bind_int(s, 1, cluster_id);
        db_bind_int(s, 2, org_id);
        db_bind_text(s, 3, from);
        db_bind_text(s, 4, until);
        if (db_exec_stmt(st, s, err) != STORE_NONE)
            goto out;
    }
    rc = 0;
out:
    free(days);
    free(spans);
    return rc;
}

void
activity_list_release(struct activity_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        activity_release(&l->items[i]);
    free(l->items);
    memset(l, 0, sizeof(*l));
}

static void
set_text(char **field, const char *s)
{
    free(*field);
    *field = xstrdup(s ? s : "");
}

#define ACTIVITY_COLUMNS                                                   \
    "SELECT a.id, a.organisation_id, a.contact_id, a.kind, a.day, a.text," \
    " a.signal, a.author_id, a.author, a.registration_id, o.name, c.name," \
    " a.created_at FROM activity a"                                        \
    " JOIN organisation o ON o.id = a.organisation_id"                     \
    " LEFT JOIN contact c ON c.id = a.contact_id"

static void
activity_from_row(sqlite3_stmt *s, void *va)
{
    struct activity *a = va;
    a->id = db_col_int(s, 0);
    a->organisation_id = db_col_int(s, 1);
    a->contact_id = db_col_int(s, 2);
    enum activity_kind k;
    a->kind = activity_kind_parse(db_col_text(s, 3), &k) ? ACTIVITY_NOTE : k;
    const char *day = db_col_text(s, 4);
    size_t len = strnlen(day, 10);
    memcpy(a->date, day, len);
    a->date[len] = '\0';
    set_text(&a->text, db_col_text(s, 5));
    a->signal = db_col_int(s, 6) != 0;
    a->author_id = db_col_int(s, 7);
    set_text(&a->author, db_col_text(s, 8));
    a->registration_id = db_col_int(s, 9);
    set_text(&a->organisation_name, db_col_text(s, 10));
    set_text(&a->contact_name, db_col_text(s, 11));
    set_text(&a->created_at, db_col_text(s, 12));
}

/*
 * Three families of statements, each planned on the index that serves
 * it: an organisation's timeline (activity_org), a contact's
 * (activity_contact) and the cluster's (activity_cluster). The unary +
 * keeps the planner from walking the cluster's index for the first two.
 * All bind $1 cluster, $2 organisation, $3 contact, $4 kind, $5 from,
 * $6 to; lists add $7 limit and $8 offset.
 */
#define ACTIVITY_FILTER                                                \
    " AND ($4 IS NULL OR a.kind = $4) AND ($5 IS NULL OR a.day >= $5)" \
    " AND ($6 IS NULL OR a.day <= $6)"
#define ACTIVITY_BY_ORG                                    \
    " WHERE a.organisation_id = $2 AND +a.cluster_id = $1" \
    " AND ($3 = 0 OR a.contact_id = $3)" ACTIVITY_FILTER
#define ACTIVITY_BY_CONTACT                                     \
    " WHERE a.contact_id = $3 AND +a.cluster_id = $1 AND $2 = " \
    "0" ACTIVITY_FILTER
#define ACTIVITY_BY_CLUSTER \
    " WHERE a.cluster_id = $1 AND $2 = 0 AND $3 = 0" ACTIVITY_FILTER
#define ACTIVITY_ORDER " ORDER BY a.day DESC, a.id DESC LIMIT $7 OFFSET $8"

static const char *const ACTIVITY_LIST_SQL[3] = {
    ACTIVITY_COLUMNS ACTIVITY_BY_ORG ACTIVITY_ORDER,
    ACTIVITY_COLUMNS ACTIVITY_BY_CONTACT ACTIVITY_ORDER,
    ACTIVITY_COLUMNS ACTIVITY_BY_CLUSTER ACTIVITY_ORDER,
};
/* The organisation's count reads only its index entries (day is in
 * them) when no kind or contact is asked for; its cluster is checked
 * once, by the constant subquery. */
static const char *const ACTIVITY_COUNT_SQL[3] = {
    "SELECT count(*) FROM activity a WHERE a.organisation_id = $2"
    " AND EXISTS (SELECT 1 FROM organisation WHERE id = $2"
    "  AND cluster_id = $1)"
    " AND ($3 = 0 OR a.contact_id = $3)" ACTIVITY_FILTER,
    "SELECT count(*) FROM activity a" ACTIVITY_BY_CONTACT,
    "SELECT count(*) FROM activity a" ACTIVITY_BY_CLUSTER,
};

static void
bind_activity_filter(sqlite3_stmt *s, int64_t cluster_id,
                     const struct activity_filter *f)
{
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, f->organisation_id);
    db_bind_int(s, 3, f->contact_id);
    if (f->kind >= 0 && f->kind < ACTIVITY__COUNT)
        db_bind_text(s, 4, activity_kind_name((enum activity_kind)f->kind));
    db_bind_text_or_null(s, 5, f->from);
    db_bind_text_or_null(s, 6, f->to);
}

int
activity_store_list(struct store *st, int64_t cluster_id,
                    const struct activity_filter *f, struct activity_list *out,
                    struct err *err)
{
    int family = f->organisation_id ? 0 : f->contact_id ? 1 : 2;
    sqlite3_stmt *s = db_stmt(st, ACTIVITY_COUNT_SQL[family], err);
    if (!s)
        return -1;
    bind_activity_filter(s, cluster_id, f);
    if (db_step(st, s, err) != STORE_ONE)
        return -1;
    out->total = db_col_int(s, 0);
    sqlite3_reset(s);

    s = db_stmt(st, ACTIVITY_LIST_SQL[family], err);
    if (!s)
        return -1;
    bind_activity_filter(s, cluster_id, f);
    db_bind_int(s, 7, f->limit);
    db_bind_int(s, 8, f->offset);
    enum store_rc step;
    while ((step = db_step(st, s, err)) == STORE_ONE) {
        ALLOC_GROW(out->items, out->n + 1, out->alloc);
        struct activity *a = &out->items[out->n++];
        activity_init(a);
        activity_from_row(s, a);
    }
    return step == STORE_NONE ? 0 : -1;
}

enum store_rc
activity_store_get(struct store *st, int64_t cluster_id, int64_t id,
                   struct activity *out, struct err *err)
{
    static const char SELECT[] =
        ACTIVITY_COLUMNS " WHERE a.cluster_id = $1 AND a.id = $2";
    return db_get_record(st, SELECT, cluster_id, id, activity_from_row, out,
                         err);
}

static char *
activity_json_text(const struct activity *a)
{
    struct buf b = BUF_INIT;
    struct jsonw w;
    jsonw_init(&w, &b);
    jsonw_begin_object(&w);
    jsonw_key(&w, "organisation_id");
    jsonw_int(&w, a->organisation_id);
    jsonw_key(&w, "contact_id");
    if (a->contact_id)
        jsonw_int(&w, a->contact_id);
    else
        jsonw_null(&w);
    jsonw_key(&w, "kind");
    jsonw_string(&w, activity_kind_name(a->kind));
    jsonw_key(&w, "date");
    jsonw_string(&w, a->date);
    jsonw_key(&w, "text");
    jsonw_string(&w, a->text);
    jsonw_key(&w, "signal");
    jsonw_bool(&w, a->signal);
    jsonw_key(&w, "author");
    jsonw_string(&w, a->author);
    if (a->registration_id) {
        jsonw_key(&w, "registration_id");
        jsonw_int(&w, a->registration_id);
    }
    jsonw_end_object(&w);
    return buf_detach(&b, NULL);
}

/* Checks the organisation is in the cluster (filling its name). */
static int
check_org(struct store *st, int64_t cluster_id, struct activity *a,
          struct err *err)
{
    static const char SELECT[] =
        "SELECT name FROM organisation WHERE cluster_id = $1 AND id = $2";
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, a->organisation_id);
    enum store_rc rc = db_step(st, s, err);
    if (rc == STORE_HARD)
        return -1;
    if (rc == STORE_NONE)
        return err_set(err, ERR_INVALID, "organisation_id",
                       "Choose an organisation of this cluster.");
    set_text(&a->organisation_name, db_col_text(s, 0));
    sqlite3_reset(s);
    return 0;
}

/* Checks the contact, when given, is one of the organisation's. */
static int
check_contact(struct store *st, int64_t cluster_id, struct activity *a,
              struct err *err)
{
    static const char SELECT[] =
        "SELECT name FROM contact WHERE cluster_id = $1 AND id = $2"
        " AND organisation_id = $3";
    if (!a->contact_id) {
        set_text(&a->contact_name, "");
        return 0;
    }
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, a->contact_id);
    db_bind_int(s, 3, a->organisation_id);
    enum store_rc rc = db_step(st, s, err);
    if (rc == STORE_HARD)
        return -1;
    if (rc == STORE_NONE)
        return err_set(err, ERR_INVALID, "contact_id",
                       "Choose a contact of the organisation.");
    set_text(&a->contact_name, db_col_text(s, 0));
    sqlite3_reset(s);
    return 0;
}

/* The name the scope's user goes by: its name, else sc->actor. */
static int
scope_author(struct store *st, const struct scope *sc, char **out,
             struct err *err)
{
    static const char SELECT[] =
        "SELECT name FROM app_user WHERE cluster_id = $1 AND id = $2";
    const char *name = "";
    sqlite3_stmt *s = NULL;
    if (sc->user_id) {
        s = db_stmt(st, SELECT, err);
        if (!s)
            return -1;
        db_bind_int(s, 1, sc->cluster_id);
        db_bind_int(s, 2, sc->user_id);
        enum store_rc rc = db_step(st, s, err);
        if (rc == STORE_HARD)
            return -1;
        if (rc == STORE_ONE)
            name = db_col_text(s, 0);
    }
    set_text(out, *name ? name : sc->actor ? sc->actor : "");
    if (s)
        sqlite3_reset(s);
    return 0;
}

struct activity_write {
    const struct scope *sc;
    struct activity *a;
    int64_t id;
    int32_t today;
    enum store_rc rc;
};

/*
 * activity_month counts the activities per month and kind (the report's
 * outreach by channel). This file writes every activity, so it moves the
 * counts in the same transaction: delta +1 or -1 for one activity.
 */
static int
month_count(struct store *st, int64_t cluster_id, const char *date,
            enum activity_kind kind, int64_t delta, struct err *err)
{
    static const char UPSERT[] =
        "INSERT INTO activity_month(cluster_id, month, kind, n)"
        " VALUES ($1, substr($2, 1, 7), $3, $4)"
        " ON CONFLICT (cluster_id, month, kind) DO UPDATE SET n = n + $4";
    sqlite3_stmt *s = db_stmt(st, UPSERT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_text(s, 2, date);
    db_bind_text(s, 3, activity_kind_name(kind));
    db_bind_int(s, 4, delta);
    return db_exec_stmt(st, s, err) == STORE_NONE ? 0 : -1;
}

static int
activity_create_in_tx(struct store *st, void *vctx, struct err *err)
{
    static const char INSERT[] =
        "INSERT INTO activity(cluster_id, organisation_id, contact_id, kind,"
        " day, text, signal, author_id, author, registration_id, created_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
    struct activity_write *w = vctx;
    struct activity *a = w->a;
    struct funnel_settings fs;
    if (activity_validate(a, w->today, err) ||
        check_org(st, w->sc->cluster_id, a, err) ||
        check_contact(st, w->sc->cluster_id, a, err) ||
        funnel_settings_store_get(st, w->sc->cluster_id, &fs, err))
        return -1;
    if (!a->author || !*a->author) {
        if (scope_author(st, w->sc, &a->author, err))
            return -1;
        a->author_id = w->sc->user_id;
    }
    a->signal = (fs.signal_kinds >> a->kind) & 1u;
    char now[21];
    db_now_iso(now);
    sqlite3_stmt *s = db_stmt(st, INSERT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, w->sc->cluster_id);
    db_bind_int(s, 2, a->organisation_id);
    if (a->contact_id)
        db_bind_int(s, 3, a->contact_id);
    db_bind_text(s, 4, activity_kind_name(a->kind));
    db_bind_text(s, 5, a->date);
    db_bind_text(s, 6, a->text);
    db_bind_int(s, 7, a->signal);
    if (a->author_id)
        db_bind_int(s, 8, a->author_id);
    db_bind_text(s, 9, a->author);
    if (a->registration_id)
        db_bind_int(s, 10, a->registration_id);
    db_bind_text(s, 11, now);
    if (db_exec_stmt(st, s, err) != STORE_NONE)
        return -1;
    a->id = db_last_id(st);
    set_text(&a->created_at, now);
    if (month_count(st, w->sc->cluster_id, a->date, a->kind, 1, err))
        return -1;
    if (a->signal &&
        warm_periods_rebuild(st, w->sc->cluster_id, a->organisation_id,
                             fs.warm_days, err))
        return -1;
    return audit_record(st, w->sc, "create", "activity", a->id, NULL,
                        activity_json_text(a), err);
}

int
activity_store_create(struct store *st, const struct scope *sc,
                      struct activity *a, int32_t today, struct err *err)
{
    struct activity_write w = { sc, a, 0, today, STORE_ONE };
    return store_tx(st, activity_create_in_tx, &w, err);
}

static int
activity_update_in_tx(struct store *st, void *vctx, struct err *err)
{
    static const char UPDATE[] =
        "UPDATE activity SET contact_id = $3, kind = $4, day = $5, text = $6,"
        " signal = $7 WHERE cluster_id = $1 AND id = $2";
    struct activity_write *w = vctx;
    struct activity *a = w->a;
    struct activity before;
    struct funnel_settings fs;
    int rc = -1;
    activity_init(&before);
    w->rc = activity_store_get(st, w->sc->cluster_id, a->id, &before, err);
    if (w->rc != STORE_ONE) {
        rc = w->rc == STORE_NONE ? 0 : -1;
        goto out;
    }
    /* The organisation, author and event stay those of the record. */
    a->organisation_id = before.organisation_id;
    a->author_id = before.author_id;
    set_text(&a->author, before.author);
    a->registration_id = before.registration_id;
    set_text(&a->created_at, before.created_at);
    if (activity_validate(a, w->today, err) ||
        check_org(st, w->sc->cluster_id, a, err) ||
        check_contact(st, w->sc->cluster_id, a, err) ||
        funnel_settings_store_get(st, w->sc->cluster_id, &fs, err))
        goto out;
    a->signal = (fs.signal_kinds >> a->kind) & 1u;
    sqlite3_stmt *s = db_stmt(st, UPDATE, err);
    if (!s)
        goto out;
    db_bind_int(s, 1, w->sc->cluster_id);
    db_bind_int(s, 2, a->id);
    if (a->contact_id)
        db_bind_int(s, 3, a->contact_id);
    db_bind_text(s, 4, activity_kind_name(a->kind));
    db_bind_text(s, 5, a->date);
    db_bind_text(s, 6, a->text);
    db_bind_int(s, 7, a->signal);
    if (db_exec_stmt(st, s, err) != STORE_NONE ||
        month_count(st, w->sc->cluster_id, before.date, before.kind, -1, err) ||
        month_count(st, w->sc->cluster_id, a->date, a->kind, 1, err))
        goto out;
    if ((a->signal || before.signal) &&
        warm_periods_rebuild(st, w->sc->cluster_id, a->organisation_id,
                             fs.warm_days, err))
        goto out;
    rc = audit_record(st, w->sc, "update", "activity", a->id,
                      activity_json_text(&before), activity_json_text(a), err);
out:
    activity_release(&before);
    return rc;
}

enum store_rc
activity_store_update(struct store *st, const struct scope *sc,
                      struct activity *a, int32_t today, struct err *err)
{
    struct activity_write w = { sc, a, a->id, today, STORE_NONE };
    if (store_tx(st, activity_update_in_tx, &w, err))
        return STORE_HARD;
    return w.rc;
}

static int
activity_delete_in_tx(struct store *st, void *vctx, struct err *err)
{
    static const char DELETE[] =
        "DELETE FROM activity WHERE cluster_id = $1 AND id = $2";
    struct activity_write *w = vctx;
    struct activity before;
    struct funnel_settings fs;
    int rc = -1;
    activity_init(&before);
    w->rc = activity_store_get(st, w->sc->cluster_id, w->id, &before, err);
    if (w->rc != STORE_ONE) {
        rc = w->rc == STORE_NONE ? 0 : -1;
        goto out;
    }
    sqlite3_stmt *s = db_stmt(st, DELETE, err);
    if (!s)
        goto out;
    db_bind_int(s, 1, w->sc->cluster_id);
    db_bind_int(s, 2, w->id);
    if (db_exec_stmt(st, s, err) != STORE_NONE ||
        month_count(st, w->sc->cluster_id, before.date, before.kind, -1, err))
        goto out;
    if (before.signal &&
        (funnel_settings_store_get(st, w->sc->cluster_id, &fs, err) ||
         warm_periods_rebuild(st, w->sc->cluster_id, before.organisation_id,
                              fs.warm_days, err)))
        goto out;
    rc = audit_record(st, w->sc, "delete", "activity", w->id,
                      activity_json_text(&before), NULL, err);
out:
    activity_release(&before);
    return rc;
}

enum store_rc
activity_store_delete(struct store *st, const struct scope *sc, int64_t id,
                      struct err *err)
{
    struct activity_write w = { sc, NULL, id, 0, STORE_NONE };
    if (store_tx(st, activity_delete_in_tx, &w, err))
        return STORE_HARD;
    return w.rc;
}

/* ---- import ---- */

struct import_ctx {
    const struct scope *sc;
    const struct activity *items;
    size_t n;
    const char *filename;
    int64_t upload_id;
    struct activity_import_summary *sum;
};

/* A record of the cluster and what it belongs to (a contact's
 * organisation; 0 for others). */
struct owned_id {
    int64_t id;
    int64_t owner;
};

static int
cmp_owned(const void *pa, const void *pb)
{
    const struct owned_id *a = pa, *b = pb;
    return (a->id > b->id) - (a->id < b->id);
}

/* The records a statement ($1 the cluster; id, then optionally the
 * owner) answers, by id: one pass answers every row's tenancy check. */
static int
load_ids(struct store *st, const char *sql, int64_t cluster_id,
         struct owned_id **ids, size_t *n, struct err *err)
{
    size_t alloc = 0;
    sqlite3_stmt *s = db_stmt(st, sql, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    bool owned = sqlite3_column_count(s) > 1;
    enum store_rc rc;
    while ((rc = db_step(st, s, err)) == STORE_ONE) {
        ALLOC_GROW(*ids, *n + 1, alloc);
        (*ids)[(*n)++] =
            (struct owned_id){ db_col_int(s, 0), owned ? db_col_int(s, 1) : 0 };
    }
    if (rc != STORE_NONE)
        return -1;
    if (*n)
        qsort(*ids, *n, sizeof(**ids), cmp_owned);
    return 0;
}

/* The record id among ids, or NULL. */
static const struct owned_id *
find_id(const struct owned_id *ids, size_t n, int64_t id)
{
    struct owned_id key = { id, 0 };
    return n ? bsearch(&key, ids, n, sizeof(*ids), cmp_owned) : NULL;
}

static int
cmp_u32(const void *pa, const void *pb)
{
    uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
    return (a > b) - (a < b);
}

/* An import's counts per month and kind, added at once (month_count). */
static int
month_counts_add(struct store *st, int64_t cluster_id,
                 const struct activity *items, size_t n, struct err *err)
{
    uint32_t *keys = xcalloc(n ? n : 1, sizeof(*keys));
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        int32_t day = 0;
        funnel_day_parse(items[i].date, &day); /* checked by the caller */
        struct date d = date_from_days(day);
        keys[i] = (uint32_t)(d.year * 12 + d.month - 1) << 4 |
                  (uint32_t)items[i].kind;
    }
    qsort(keys, n, sizeof(*keys), cmp_u32);
    for (size_t i = 0; i < n && !rc;) {
        size_t j = i;
        while (j < n && keys[j] == keys[i])
            j++;
        uint32_t ym = keys[i] >> 4;
        char month[16];
        snprintf(month, sizeof(month), "%04u-%02u", ym / 12, ym % 12 + 1);
        rc = month_count(st, cluster_id, month,
                         (enum activity_kind)(keys[i] & 15u), (int64_t)(j - i),
                         err);
        i = j;
    }
    free(keys);
    return rc;
}

/* Rows are written by organisation, then day (then file order), so each
 * organisation's pages and its part of activity_org are visited once
 * instead of once per row. */
static int
cmp_org_day(const void *pa, const void *pb, void *vitems)
{
    const struct activity *items = vitems;
    size_t ia = *(const size_t *)pa, ib = *(const size_t *)pb;
    const struct activity *a = &items[ia], *b = &items[ib];
    if (a->organisation_id != b->organisation_id)
        return a->organisation_id < b->organisation_id ? -1 : 1;
    int r = strcmp(a->date, b->date);
    return r ? r : (ia > ib) - (ia < ib);
}

static int
import_in_tx(struct store *st, void *vctx, struct err *err)
{
    static const char INSERT[] =
        "INSERT INTO activity(cluster_id, organisation_id, contact_id, kind,"
        " day, text, signal, author_id, author, created_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $10, $8, $9)";
    static const char ORGS[] =
        "SELECT id FROM organisation WHERE cluster_id = $1";
    static const char USERS[] = "SELECT id FROM app_user WHERE cluster_id = $1";
    /* "+cluster_id": the table in its order, not by the name index. */
    static const char CONTACTS[] =
        "SELECT id, organisation_id FROM contact WHERE +cluster_id = $1";
    struct import_ctx *c = vctx;
    int64_t cluster_id = c->sc->cluster_id;
    struct funnel_settings fs;
    char *me = xstrdup("");
    size_t *order = xcalloc(c->n ? c->n : 1, sizeof(*order));
    struct owned_id *org_ids = NULL, *user_ids = NULL, *contact_ids = NULL;
    size_t norg_ids = 0, nuser_ids = 0, ncontact_ids = 0, distinct = 0;
    bool contacts = false;
    int rc = -1;
    for (size_t i = 0; i < c->n && !contacts; i++)
        contacts = c->items[i].contact_id != 0;
    if (funnel_settings_store_get(st, cluster_id, &fs, err) ||
        scope_author(st, c->sc, &me, err) ||
        load_ids(st, ORGS, cluster_id, &org_ids, &norg_ids, err) ||
        load_ids(st, USERS, cluster_id, &user_ids, &nuser_ids, err) ||
        (contacts &&
         load_ids(st, CONTACTS, cluster_id, &contact_ids, &ncontact_ids, err)))
        goto out;
    for (size_t i = 0; i < c->n; i++)
        order[i] = i;
    qsort_r(order, c->n, sizeof(*order), cmp_org_day, (void *)c->items);
    char now[21];
    db_now_iso(now);
    int64_t org = 0;
    bool org_warmed = false;
    for (size_t k = 0; k < c->n; k++) {
        size_t i = order[k];
        const struct activity *a = &c->items[i];
        int32_t day;
        if ((unsigned)a->kind >= ACTIVITY__COUNT) {
            err_set(err, ERR_INVALID, "kind", "Row %zu has no valid kind.",
                    i + 1);
            goto out;
        }
        if (funnel_day_parse(a->date, &day) || strlen(a->date) != 10) {
            err_set(err, ERR_INVALID, "date", "Row %zu has no valid date.",
                    i + 1);
            goto out;
        }
        if (a->organisation_id != org) {
            /* The previous organisation is complete: its periods now. */
            if (org_warmed &&
                warm_periods_rebuild(st, cluster_id, org, fs.warm_days, err))
                goto out;
            org = a->organisation_id;
            org_warmed = false;
            distinct++;
            if (!find_id(org_ids, norg_ids, org)) {
                err_set(err, ERR_INVALID, "organisation_id",
                        "Row %zu names no organisation of this cluster.",
                        i + 1);
                goto out;
            }
        }
        const struct owned_id *contact;
        if (a->contact_id &&
            (!(contact = find_id(contact_ids, ncontact_ids, a->contact_id)) ||
             contact->owner != a->organisation_id)) {
            err_set(err, ERR_INVALID, "contact_id",
                    "Row %zu names no contact of its organisation.", i + 1);
            goto out;
        }
        if (a->author_id && !find_id(user_ids, nuser_ids, a->author_id)) {
            err_set(err, ERR_INVALID, "author_id",
                    "Row %zu names no user of this cluster.", i + 1);
            goto out;
        }
        bool signal = (fs.signal_kinds >> a->kind) & 1u;
        sqlite3_stmt *s = db_stmt(st, INSERT, err);
        if (!s)
            goto out;
        db_bind_int(s, 1, cluster_id);
        db_bind_int(s, 2, a->organisation_id);
        if (a->contact_id)
            db_bind_int(s, 3, a->contact_id);
        db_bind_text(s, 4, activity_kind_name(a->kind));
        db_bind_text(s, 5, a->date);
        db_bind_text(s, 6, a->text ? a->text : "");
        db_bind_int(s, 7, signal);
        db_bind_text(s, 8, a->author && *a->author ? a->author : me);
        db_bind_text(s, 9, now);
        if (a->author_id)
            db_bind_int(s, 10, a->author_id);
        if (db_exec_stmt(st, s, err) != STORE_NONE)
            goto out;
        org_warmed = org_warmed || signal;
    }
    if ((org_warmed &&
         warm_periods_rebuild(st, cluster_id, org, fs.warm_days, err)) ||
        month_counts_add(st, cluster_id, c->items, c->n, err))
        goto out;
    c->sum->activities = c->n;
    c->sum->organisations = distinct;
    struct buf b = BUF_INIT;
    struct jsonw w;
    jsonw_init(&w, &b);
    jsonw_begin_object(&w);
    jsonw_key(&w, "filename");
    jsonw_string(&w, c->filename ? c->filename : "");
    jsonw_key(&w, "activities");
    jsonw_int(&w, (int64_t)c->n);
    jsonw_key(&w, "organisations");
    jsonw_int(&w, (int64_t)distinct);
    jsonw_end_object(&w);
    rc = audit_record(st, c->sc, "import", "activity_import", c->upload_id,
                      NULL, buf_detach(&b, NULL), err);
out:
    free(me);
    free(order);
    free(org_ids);
    free(user_ids);
    free(contact_ids);
    return rc;
}

int
activity_store_import(struct store *st, const struct scope *sc,
                      const struct activity *items, size_t n,
                      const char *filename, int64_t upload_id,
                      struct activity_import_summary *sum, struct err *err)
{
    struct import_ctx c = { sc, items, n, filename, upload_id, sum };
    db_bulk_mode(st, true);
    int rc = store_tx(st, import_in_tx, &c, err);
    db_bulk_mode(st, false);
    if (rc)
        memset(sum, 0, sizeof(*sum));
    return rc;
}
