/*
 * Each fiscal year's plan: the member targets (total and per organisation
 * kind, the latter kept as a JSON object keyed by kind name), the budget
 * and the expected income lines. Saving replaces the year's plan whole.
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "io/jsonw.h"
#include "store/db.h"
#include "store/membership_store.h"

static int
load_income(struct store *st, int64_t cluster_id, struct target_plan *t,
            struct err *err)
{
    static const char SELECT[] =
        "SELECT id, source, label, amount, is_private FROM income_line"
        " WHERE cluster_id = $1 AND fiscal_year = $2 ORDER BY id";
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, t->fiscal_year);
    enum store_rc rc;
    while ((rc = db_step(st, s, err)) == STORE_ONE) {
        enum income_source src;
        if (income_source_parse(db_col_text(s, 1), &src))
            src = INCOME_SPONSORSHIP; /* the CHECK keeps this from happening */
        struct income_line *l = target_plan_add_income(
            t, src, db_col_text(s, 2), db_col_int(s, 3), db_col_int(s, 4) != 0);
        l->id = db_col_int(s, 0);
    }
    return rc == STORE_NONE ? 0 : -1;
}

int
target_store_get(struct store *st, int64_t cluster_id, int fiscal_year,
                 struct target_plan *out, struct err *err)
{
    static const char SELECT[] = "SELECT members, budget FROM fiscal_target"
                                 " WHERE cluster_id = $1 AND fiscal_year = $2";
    static const char BY_KIND[] =
        "SELECT j.key, j.value FROM fiscal_target f, json_each(f.by_kind) j"
        " WHERE f.cluster_id = $1 AND f.fiscal_year = $2";
    struct target_plan t;
    target_plan_init(&t, fiscal_year);
    int rc = -1;
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        goto out;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, fiscal_year);
    enum store_rc step = db_step(st, s, err);
    if (step == STORE_HARD)
        goto out;
    if (step == STORE_ONE) {
        t.members = db_col_int(s, 0);
        t.budget = db_col_int(s, 1);
        sqlite3_reset(s);
        s = db_stmt(st, BY_KIND, err);
        if (!s)
            goto out;
        db_bind_int(s, 1, cluster_id);
        db_bind_int(s, 2, fiscal_year);
        while ((step = db_step(st, s, err)) == STORE_ONE) {
            enum org_kind k;
            if (org_kind_parse(db_col_text(s, 0), &k) == 0)
                t.members_by_kind[k] = db_col_int(s, 1);
        }
        if (step != STORE_NONE)
            goto out;
    }
    if (load_income(st, cluster_id, &t, err))
        goto out;
    target_plan_release(out);
    *out = t;
    target_plan_init(&t, fiscal_year);
    rc = 0;
out:
    target_plan_release(&t);
    return rc;
}

static void
write_by_kind(struct jsonw *w, const struct target_plan *t)
{
    jsonw_begin_object(w);
    for (int k = 0; k < ORG_KIND__COUNT; k++) {
        if (!t->members_by_kind[k])
            continue;
        jsonw_key(w, org_kind_name((enum org_kind)k));
        jsonw_int(w, t->members_by_kind[k]);
    }
    jsonw_end_object(w);
}

static char *
by_kind_text(const struct target_plan *t)
{
    struct buf b = BUF_INIT;
    struct jsonw w;
    jsonw_init(&w, &b);
    write_by_kind(&w, t);
    return buf_detach(&b, NULL);
}

static char *
target_json_text(const struct target_plan *t)
{
    struct buf b = BUF_INIT;
    struct jsonw w;
    jsonw_init(&w, &b);
    jsonw_begin_object(&w);
    jsonw_key(&w, "fiscal_year");
    jsonw_int(&w, t->fiscal_year);
    jsonw_key(&w, "members");
    jsonw_int(&w, t->members);
    jsonw_key(&w, "members_by_kind");
    write_by_kind(&w, t);
    jsonw_key(&w, "budget");
    jsonw_int(&w, t->budget);
    jsonw_key(&w, "income");
    jsonw_begin_array(&w);
    for (size_t i = 0; i < t->nincome; i++) {
        const struct income_line *l = &t->income[i];
        jsonw_begin_object(&w);
        jsonw_key(&w, "source");
        jsonw_string(&w, income_source_name(l->source));
        jsonw_key(&w, "label");
        jsonw_string(&w, l->label ? l->label : "");
        jsonw_key(&w, "amount");
        jsonw_int(&w, l->amount);
        jsonw_key(&w, "is_private");
        jsonw_bool(&w, l->is_private);
        jsonw_end_object(&w);
    }
    jsonw_end_array(&w);
    jsonw_end_object(&w);
    return buf_detach(&b, NULL);
}

struct target_put {
    const struct scope *sc;
    struct target_plan *t;
};

static int
target_put_in_tx(struct store *st, void *vctx, struct err *err)
{
    static const char UPSERT[] =
        "INSERT INTO fiscal_target(cluster_id, fiscal_year, members, by_kind,"
        " budget, updated_at) VALUES ($1, $2, $3, $4, $5, $6)"
        " ON CONFLICT(cluster_id, fiscal_year) DO UPDATE SET"
        " members = excluded.members, by_kind = excluded.by_kind,"
        " budget = excluded.budget, updated_at = excluded.updated_at";
    static const char DELETE[] =
        "DELETE FROM income_line WHERE cluster_id = $1 AND fiscal_year = $2";
    static const char INSERT[] =
        "INSERT INTO income_line(cluster_id, fiscal_year, source, label,"
        " amount, is_private) VALUES ($1, $2, $3, $4, $5, $6)";
    struct target_put *p = vctx;
    struct target_plan *t = p->t;
    int64_t cluster_id = p->sc->cluster_id;
    struct target_plan before;
    char *by_kind = NULL;
    int rc = -1;
    target_plan_init(&before, t->fiscal_year);
    if (target_store_get(st, cluster_id, t->fiscal_year, &before, err))
        goto out;
    char now[21];
    db_now_iso(now);
    by_kind = by_kind_text(t);
    sqlite3_stmt *s = db_stmt(st, UPSERT, err);
    if (!s)
        goto out;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, t->fiscal_year);
    db_bind_int(s, 3, t->members);
    db_bind_text(s, 4, by_kind);
    db_bind_int(s, 5, t->budget);
    db_bind_text(s, 6, now);
    if (db_exec_stmt(st, s, err) != STORE_NONE)
        goto out;
    s = db_stmt(st, DELETE, err);
    if (!s)
        goto out;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, t->fiscal_year);
    if (db_exec_stmt(st, s, err) != STORE_NONE)
        goto out;
    for (size_t i = 0; i < t->nincome; i++) {
        struct income_line *l = &t->income[i];
        s = db_stmt(st, INSERT, err);
        if (!s)
            goto out;
        db_bind_int(s, 1, cluster_id);
        db_bind_int(s, 2, t->fiscal_year);
        db_bind_text(s, 3, income_source_name(l->source));
        db_bind_text(s, 4, l->label ? l->label : "");
        db_bind_int(s, 5, l->amount);
        db_bind_int(s, 6, l->is_private);
        if (db_exec_stmt(st, s, err) != STORE_NONE)
            goto out;
        l->id = db_last_id(st);
    }
    rc = audit_record(st, p->sc, "update", "target", t->fiscal_year,
                      target_json_text(&before), target_json_text(t), err);
out:
    free(by_kind);
    target_plan_release(&before);
    return rc;
}

int
target_store_put(struct store *st, const struct scope *sc,
                 const struct target_plan *t, struct err *err)
{
    /* Validate a copy: validation trims, and t is the caller's. */
    struct target_plan v;
    target_plan_init(&v, t->fiscal_year);
    v.members = t->members;
    memcpy(v.members_by_kind, t->members_by_kind, sizeof(v.members_by_kind));
    v.budget = t->budget;
    for (size_t i = 0; i < t->nincome; i++) {
        const struct income_line *l = &t->income[i];
        target_plan_add_income(&v, l->source, l->label, l->amount,
                               l->is_private);
    }
    int rc = target_plan_validate(&v, err);
    if (!rc) {
        struct target_put p = { sc, &v };
        rc = store_tx(st, target_put_in_tx, &p, err);
    }
    target_plan_release(&v);
    return rc;
}

int
target_store_years(struct store *st, int64_t cluster_id, int **years, size_t *n,
                   struct err *err)
{
    static const char SELECT[] =
        "SELECT fiscal_year FROM fiscal_target WHERE cluster_id = $1"
        " ORDER BY fiscal_year DESC";
    int *arr = NULL;
    size_t count = 0, alloc = 0;
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    enum store_rc rc;
    while ((rc = db_step(st, s, err)) == STORE_ONE) {
        ALLOC_GROW(arr, count + 1, alloc);
        arr[count++] = (int)db_col_int(s, 0);
    }
    if (rc != STORE_NONE) {
        free(arr);
        return -1;
    }
    *years = arr;
    *n = count;
    return 0;
}
