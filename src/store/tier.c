/*
 * Membership tiers: the cluster's price list. A tier's name is unique per
 * cluster by its folded form. Tiers are never deleted, because
 * memberships and invoices name them; an old one is made inactive.
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/mem.h"
#include "base/text.h"
#include "io/jsonw.h"
#include "store/db.h"
#include "store/membership_store.h"

#define TIER_COLUMNS                                                     \
    "SELECT t.id, t.name, t.annual_fee, t.kinds, t.associate, t.active," \
    " t.description"

static void
tier_from_row(sqlite3_stmt *s, void *vt)
{
    struct tier *t = vt;
    t->id = db_col_int(s, 0);
    org_set_str(&t->name, db_col_text(s, 1));
    t->annual_fee = db_col_int(s, 2);
    t->kinds = (unsigned)db_col_int(s, 3);
    t->associate = db_col_int(s, 4) != 0;
    t->active = db_col_int(s, 5) != 0;
    org_set_str(&t->description, db_col_text(s, 6));
    t->members = 0;
}

int
tier_store_list(struct store *st, int64_t cluster_id, bool active_only,
                const char *today, struct tier **items, size_t *n,
                struct err *err)
{
    /* One pass over the cluster's memberships counts every tier's
     * running ones, rather than a count per tier. */
    static const char SELECT[] =
        TIER_COLUMNS ", coalesce(c.n, 0) FROM tier t LEFT JOIN"
                     " (SELECT tier_id, count(*) AS n FROM membership"
                     "  WHERE cluster_id = $1 AND joined_on <> ''"
                     "  AND joined_on <= $3 AND declined_on = ''"
                     "  AND (ended_on = '' OR ended_on > $3)"
                     "  GROUP BY tier_id) c ON c.tier_id = t.id"
                     " WHERE t.cluster_id = $1 AND ($2 = 0 OR t.active = 1)"
                     " ORDER BY t.annual_fee DESC, t.name_key, t.id";
    struct tier *arr = NULL;
    size_t count = 0, alloc = 0;
    struct date d;
    if (!today || date_parse(today, (int)strlen(today), &d))
        return err_set(err, ERR_INVALID, "today",
                       "The day must be a date like 2026-03-31.");
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, active_only);
    db_bind_text(s, 3, today);
    enum store_rc rc;
    while ((rc = db_step(st, s, err)) == STORE_ONE) {
        ALLOC_GROW(arr, count + 1, alloc);
        struct tier *t = &arr[count++];
        tier_init(t);
        tier_from_row(s, t);
        t->members = db_col_int(s, 7);
    }
    if (rc != STORE_NONE) {
        for (size_t i = 0; i < count; i++)
            tier_release(&arr[i]);
        free(arr);
        return -1;
    }
    *items = arr;
    *n = count;
    return 0;
}

enum store_rc
tier_store_get(struct store *st, int64_t cluster_id, int64_t id,
               struct tier *out, struct err *err)
{
    static const char SELECT[] =
        TIER_COLUMNS " FROM tier t WHERE t.cluster_id = $1 AND t.id = $2";
    return db_get_record(st, SELECT, cluster_id, id, tier_from_row, out, err);
}

static char *
tier_json_text(const struct tier *t)
{
    struct buf b = BUF_INIT, kinds = BUF_INIT;
    struct jsonw w;
    tier_kinds_format(t->kinds, &kinds);
    jsonw_init(&w, &b);
    jsonw_begin_object(&w);
    jsonw_key(&w, "id");
    jsonw_int(&w, t->id);
    jsonw_key(&w, "name");
    jsonw_string(&w, t->name);
    jsonw_key(&w, "annual_fee");
    jsonw_int(&w, t->annual_fee);
    jsonw_key(&w, "kinds");
    jsonw_string(&w, kinds.s);
    jsonw_key(&w, "associate");
    jsonw_bool(&w, t->associate);
    jsonw_key(&w, "active");
    jsonw_bool(&w, t->active);
    jsonw_key(&w, "description");
    jsonw_string(&w, t->description);
    jsonw_end_object(&w);
    buf_release(&kinds);
    return buf_detach(&b, NULL);
}

/* ERR_CONFLICT on "name" when another tier of the cluster has the name's
 * folded form. */
static int
check_name_free(struct store *st, int64_t cluster_id, int64_t own_id,
                const char *key, struct err *err)
{
    static const char SELECT[] =
        "SELECT 1 FROM tier WHERE cluster_id = $1 AND name_key = $2"
        " AND id <> $3";
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_text(s, 2, key);
    db_bind_int(s, 3, own_id);
    enum store_rc rc = db_step(st, s, err);
    sqlite3_reset(s);
    if (rc == STORE_HARD)
        return -1;
    if (rc == STORE_ONE)
        return err_set(err, ERR_CONFLICT, "name",
                       "There is already a tier of that name.");
    return 0;
}

struct tier_write {
    const struct scope *sc;
    struct tier *t;
    enum store_rc rc;
};

static int
tier_create_in_tx(struct store *st, void *vctx, struct err *err)
{
    static const char INSERT[] =
        "INSERT INTO tier(cluster_id, name, name_key, annual_fee, kinds,"
        " associate, active, description, created_at, updated_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)";
    struct tier_write *w = vctx;
    struct tier *t = w->t;
    struct buf key = BUF_INIT;
    int rc = -1;
    text_fold(&key, t->name, strlen(t->name));
    if (check_name_free(st, w->sc->cluster_id, 0, key.s, err))
        goto out;
    char now[21];
    db_now_iso(now);
    sqlite3_stmt *s = db_stmt(st, INSERT, err);
    if (!s)
        goto out;
    db_bind_int(s, 1, w->sc->cluster_id);
    db_bind_text(s, 2, t->name);
    db_bind_text(s, 3, key.s);
    db_bind_int(s, 4, t->annual_fee);
    db_bind_int(s, 5, t->kinds);
    db_bind_int(s, 6, t->associate);
    db_bind_int(s, 7, t->active);
    db_bind_text(s, 8, t->description);
    db_bind_text(s, 9, now);
    if (db_exec_stmt(st, s, err) != STORE_NONE)
        goto out;
    t->id = db_last_id(st);
    rc = audit_record(st, w->sc, "create", "tier", t->id, NULL,
                      tier_json_text(t), err);
out:
    buf_release(&key);
    return rc;
}

int
tier_store_create(struct store *st, const struct scope *sc, struct tier *t,
                  struct err *err)
{
    if (tier_validate(t, err))
        return -1;
    struct tier_write w = { sc, t, STORE_ONE };
    return store_tx(st, tier_create_in_tx, &w, err);
}

static int
tier_update_in_tx(struct store *st, void *vctx, struct err *err)
{
    static const char UPDATE[] =
        "UPDATE tier SET name = $3, name_key = $4, annual_fee = $5,"
        " kinds = $6, associate = $7, active = $8, description = $9,"
        " updated_at = $10 WHERE cluster_id = $1 AND id = $2";
    struct tier_write *w = vctx;
    struct tier *t = w->t;
    struct tier before;
    struct buf key = BUF_INIT;
    int rc = -1;
    tier_init(&before);
    w->rc = tier_store_get(st, w->sc->cluster_id, t->id, &before, err);
    if (w->rc != STORE_ONE) {
        rc = w->rc == STORE_NONE ? 0 : -1;
        goto out;
    }
    text_fold(&key, t->name, strlen(t->name));
    if (check_name_free(st, w->sc->cluster_id, t->id, key.s, err))
        goto out;
    char now[21];
    db_now_iso(now);
    sqlite3_stmt *s = db_stmt(st, UPDATE, err);
    if (!s)
        goto out;
    db_bind_int(s, 1, w->sc->cluster_id);
    db_bind_int(s, 2, t->id);
    db_bind_text(s, 3, t->name);
    db_bind_text(s, 4, key.s);
    db_bind_int(s, 5, t->annual_fee);
    db_bind_int(s, 6, t->kinds);
    db_bind_int(s, 7, t->associate);
    db_bind_int(s, 8, t->active);
    db_bind_text(s, 9, t->description);
    db_bind_text(s, 10, now);
    if (db_exec_stmt(st, s, err) != STORE_NONE)
        goto out;
    rc = audit_record(st, w->sc, "update", "tier", t->id,
                      tier_json_text(&before), tier_json_text(t), err);
out:
    tier_release(&before);
    buf_release(&key);
    return rc;
}

enum store_rc
tier_store_update(struct store *st, const struct scope *sc, struct tier *t,
                  struct err *err)
{
    if (tier_validate(t, err))
        return STORE_HARD;
    struct tier_write w = { sc, t, STORE_NONE };
    if (store_tx(st, tier_update_in_tx, &w, err))
        return STORE_HARD;
    return w.rc;
}
