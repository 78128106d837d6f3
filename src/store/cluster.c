/*
 * Clusters: the tenants. A slug made from the name identifies a cluster
 * on the command line and in public URLs.
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/text.h"
#include "store/db.h"

void
cluster_release(struct cluster *c)
{
    free(c->slug);
    free(c->name);
    free(c->created_at);
    memset(c, 0, sizeof(*c));
}

static void
cluster_from_row(sqlite3_stmt *s, struct cluster *out)
{
    out->id = db_col_int(s, 0);
    out->slug = db_col_dup(s, 1);
    out->name = db_col_dup(s, 2);
    out->created_at = db_col_dup(s, 3);
}

#define CLUSTER_COLUMNS "SELECT id, slug, name, created_at FROM cluster"

enum store_rc
cluster_store_find(struct store *st, const char *slug, struct cluster *out,
                   struct err *err)
{
    static const char SELECT[] = CLUSTER_COLUMNS " WHERE slug = $1";
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return STORE_HARD;
    db_bind_text(s, 1, slug);
    enum store_rc rc = db_step(st, s, err);
    if (rc == STORE_ONE) {
        cluster_from_row(s, out);
        sqlite3_reset(s);
    }
    return rc;
}

enum store_rc
cluster_store_get(struct store *st, int64_t id, struct cluster *out,
                  struct err *err)
{
    static const char SELECT[] = CLUSTER_COLUMNS " WHERE id = $1";
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return STORE_HARD;
    db_bind_int(s, 1, id);
    enum store_rc rc = db_step(st, s, err);
    if (rc == STORE_ONE) {
        cluster_from_row(s, out);
        sqlite3_reset(s);
    }
    return rc;
}

int
cluster_store_list(struct store *st, struct cluster **items, size_t *n,
                   struct err *err)
{
    static const char SELECT[] = CLUSTER_COLUMNS " ORDER BY slug";
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    size_t alloc = 0;
    *items = NULL;
    *n = 0;
    if (!s)
        return -1;
    enum store_rc rc;
    while ((rc = db_step(st, s, err)) == STORE_ONE) {
        ALLOC_GROW(*items, *n + 1, alloc);
        cluster_from_row(s, &(*items)[(*n)++]);
    }
    return rc == STORE_NONE ? 0 : -1;
}

struct add_ctx {
    const char *name;
    struct cluster *out;
};

static int
add_in_tx(struct store *st, void *vctx, struct err *err)
{
    static const char TAKEN[] = "SELECT 1 FROM cluster WHERE slug = $1";
    static const char INSERT[] =
        "INSERT INTO cluster(slug, name, created_at) VALUES ($1, $2, $3)";
    struct add_ctx *c = vctx;
    struct buf base = BUF_INIT, slug = BUF_INIT;
    int rc = -1;
    if (!text_slug(&base, c->name))
        buf_adds(&base, "cluster");
    /* The first free slug of base, base-2, base-3, ... */
    for (int i = 1;; i++) {
        buf_reset(&slug);
        buf_adds(&slug, base.s);
        if (i > 1)
            buf_addf(&slug, "-%d", i);
        sqlite3_stmt *s = db_stmt(st, TAKEN, err);
        if (!s)
            goto out;
        db_bind_text(s, 1, slug.s);
        enum store_rc taken = db_step(st, s, err);
        if (taken == STORE_HARD)
            goto out;
        sqlite3_reset(s);
        if (taken == STORE_NONE)
            break;
    }
    char now[21];
    db_now_iso(now);
    sqlite3_stmt *s = db_stmt(st, INSERT, err);
    if (!s)
        goto out;
    db_bind_text(s, 1, slug.s);
    db_bind_text(s, 2, c->name);
    db_bind_text(s, 3, now);
    if (db_exec_stmt(st, s, err) != STORE_NONE)
        goto out;
    c->out->id = db_last_id(st);
    c->out->slug = buf_detach(&slug, NULL);
    c->out->name = xstrdup(c->name);
    c->out->created_at = xstrdup(now);
    rc = 0;
out:
    buf_release(&base);
    buf_release(&slug);
    return rc;
}

int
cluster_store_add(struct store *st, const char *name, struct cluster *out,
                  struct err *err)
{
    size_t len;
    const char *t = text_trim(name, strlen(name), &len);
    if (!len || !text_valid_utf8(t, len) || text_utf8_len(t, len) > 200)
        return err_set(err, ERR_INVALID, "name",
                       "A cluster needs a name of 1 to 200 characters.");
    char *trimmed = xstrndup(t, len);
    struct add_ctx c = { trimmed, out };
    int rc = store_tx(st, add_in_tx, &c, err);
    free(trimmed);
    return rc;
}
