/*
 * The audit trail: who changed what, when, with the record before and
 * after as JSON. Entries are only ever added.
 */
#include <stdlib.h>

#include "base/mem.h"
#include "store/db.h"

int
audit_record(struct store *st, const struct scope *sc, const char *action,
             const char *entity, int64_t entity_id, char *before, char *after,
             struct err *err)
{
    static const char INSERT[] =
        "INSERT INTO audit(cluster_id, user_id, actor, at, action, entity,"
        " entity_id, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
        "$9)";
    int rc = -1;
    char now[21];
    db_now_iso(now);
    sqlite3_stmt *s = db_stmt(st, INSERT, err);
    if (!s)
        goto out;
    db_bind_int(s, 1, sc->cluster_id);
    if (sc->user_id)
        db_bind_int(s, 2, sc->user_id);
    db_bind_text(s, 3, sc->actor ? sc->actor : "command line");
    db_bind_text(s, 4, now);
    db_bind_text(s, 5, action);
    db_bind_text(s, 6, entity);
    db_bind_int(s, 7, entity_id);
    db_bind_text(s, 8, before);
    db_bind_text(s, 9, after);
    if (db_exec_stmt(st, s, err) != STORE_NONE)
        goto out;
    rc = 0;
out:
    free(before);
    free(after);
    return rc;
}

void
audit_list_release(struct audit_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        struct audit_entry *e = &l->items[i];
        free(e->at);
        free(e->actor);
        free(e->action);
        free(e->entity);
        free(e->before);
        free(e->after);
    }
    free(l->items);
    l->items = NULL;
    l->n = l->alloc = 0;
}

/* Runs a SELECT of audit columns and appends its rows to out. */
static int
collect_entries(struct store *st, sqlite3_stmt *s, struct audit_list *out,
                struct err *err)
{
    enum store_rc rc;
    while ((rc = db_step(st, s, err)) == STORE_ONE) {
        ALLOC_GROW(out->items, out->n + 1, out->alloc);
        struct audit_entry *e = &out->items[out->n++];
        e->id = db_col_int(s, 0);
        e->at = db_col_dup(s, 1);
        e->actor = db_col_dup(s, 2);
        e->action = db_col_dup(s, 3);
        e->entity = db_col_dup(s, 4);
        e->entity_id = db_col_int(s, 5);
        e->before = db_col_dup(s, 6);
        e->after = db_col_dup(s, 7);
    }
    return rc == STORE_NONE ? 0 : -1;
}

#define AUDIT_COLUMNS                                                      \
    "SELECT id, at, actor, action, entity, entity_id, before, after FROM " \
    "audit"

int
audit_store_list(struct store *st, int64_t cluster_id, const char *entity,
                 int64_t entity_id, int64_t offset, int64_t limit,
                 struct audit_list *out, struct err *err)
{
    /* Two statements, so each gets its index: audit_cluster walks the
     * cluster's newest entries, audit_entity one record's. ($2 and $3 are
     * bound but unused in the first: numbered parameters may skip.) */
    static const char CLUSTER[] = AUDIT_COLUMNS
        " WHERE cluster_id = $1 ORDER BY id DESC LIMIT $4 OFFSET $5";
    static const char ENTITY[] = AUDIT_COLUMNS
        " WHERE cluster_id = $1 AND entity = $2 AND entity_id = $3"
        " ORDER BY id DESC LIMIT $4 OFFSET $5";
    sqlite3_stmt *s = db_stmt(st, entity ? ENTITY : CLUSTER, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_text(s, 2, entity);
    db_bind_int(s, 3, entity_id);
    db_bind_int(s, 4, limit);
    db_bind_int(s, 5, offset);
    return collect_entries(st, s, out, err);
}

int
audit_store_list_org(struct store *st, int64_t cluster_id, int64_t org_id,
                     int64_t limit, struct audit_list *out, struct err *err)
{
    /* A UNION rather than an OR, so both halves use audit_entity. */
    static const char SELECT[] = AUDIT_COLUMNS
        " WHERE cluster_id = $1 AND entity = 'organisation'"
        " AND entity_id = $2"
        " UNION ALL " AUDIT_COLUMNS
        " WHERE cluster_id = $1 AND entity = 'contact'"
        " AND entity_id IN (SELECT id FROM contact WHERE organisation_id = $2"
        " AND cluster_id = $1)"
        " ORDER BY id DESC LIMIT $3";
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, org_id);
    db_bind_int(s, 3, limit);
    return collect_entries(st, s, out, err);
}
