/*
 * Sign-in state: browser sessions, API tokens and the record of failed
 * sign-ins that throttles guessing. Tokens are looked up by their SHA-256
 * hash, never stored in the clear.
 */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "io/jsonw.h"
#include "store/db.h"

/* Copies a column into a fixed field of struct principal. */
static void
col_copy(sqlite3_stmt *s, int col, char *dst, size_t size)
{
    snprintf(dst, size, "%s", db_col_text(s, col));
}

/* The columns of PRINCIPAL_COLUMNS fill a principal. */
#define PRINCIPAL_COLUMNS \
    "u.id, u.cluster_id, u.role, u.email, u.name, c.name, c.slug"
static void
principal_from_row(sqlite3_stmt *s, struct principal *p)
{
    memset(p, 0, sizeof(*p));
    p->user_id = db_col_int(s, 0);
    p->cluster_id = db_col_int(s, 1);
    if (role_parse(db_col_text(s, 2), &p->role))
        p->role = ROLE_BOARD;
    col_copy(s, 3, p->email, sizeof(p->email));
    col_copy(s, 4, p->name, sizeof(p->name));
    col_copy(s, 5, p->cluster_name, sizeof(p->cluster_name));
    col_copy(s, 6, p->cluster_slug, sizeof(p->cluster_slug));
}

int
session_store_create(struct store *st, int64_t cluster_id, int64_t user_id,
                     const unsigned char hash[STORE_TOKEN_HASH_LEN],
                     const char *csrf, int64_t now, struct err *err)
{
    static const char INSERT[] =
        "INSERT INTO session(cluster_id, user_id, token_hash, csrf, created_at,"
        " last_seen) VALUES ($1, $2, $3, $4, $5, $5)";
    sqlite3_stmt *s = db_stmt(st, INSERT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, user_id);
    db_bind_blob(s, 3, hash, STORE_TOKEN_HASH_LEN);
    db_bind_text(s, 4, csrf);
    db_bind_int(s, 5, now);
    return db_exec_stmt(st, s, err) == STORE_NONE ? 0 : -1;
}

enum store_rc
session_store_lookup(struct store *st,
                     const unsigned char hash[STORE_TOKEN_HASH_LEN],
                     int64_t now, int64_t idle_seconds, struct principal *out,
                     struct err *err)
{
    static const char SELECT[] =
        "SELECT " PRINCIPAL_COLUMNS ", s.id, s.csrf, s.last_seen"
        " FROM session s JOIN app_user u ON u.id = s.user_id"
        " JOIN cluster c ON c.id = s.cluster_id"
        " WHERE s.token_hash = $1 AND s.last_seen > $2 AND u.disabled = 0"
        " AND u.cluster_id = s.cluster_id";
    static const char TOUCH[] =
        "UPDATE session SET last_seen = $2 WHERE id = $1";
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return STORE_HARD;
    db_bind_blob(s, 1, hash, STORE_TOKEN_HASH_LEN);
    db_bind_int(s, 2, now - idle_seconds);
    enum store_rc rc = db_step(st, s, err);
    if (rc != STORE_ONE)
        return rc;
    principal_from_row(s, out);
    out->session_id = db_col_int(s, 7);
    col_copy(s, 8, out->csrf, sizeof(out->csrf));
    int64_t last_seen = db_col_int(s, 9);
    sqlite3_reset(s);
    /* Touching on every request would make every page a write; a minute's
     * precision is plenty for a 12-hour idle limit. */
    if (now - last_seen >= 60) {
        s = db_stmt(st, TOUCH, err);
        if (!s)
            return STORE_HARD;
        db_bind_int(s, 1, out->session_id);
        db_bind_int(s, 2, now);
        if (db_exec_stmt(st, s, err) != STORE_NONE)
            return STORE_HARD;
    }
    return STORE_ONE;
}

int
session_store_delete(struct store *st,
                     const unsigned char hash[STORE_TOKEN_HASH_LEN],
                     struct err *err)
{
    static const char DELETE[] = "DELETE FROM session WHERE token_hash = $1";
    sqlite3_stmt *s = db_stmt(st, DELETE, err);
    if (!s)
        return -1;
    db_bind_blob(s, 1, hash, STORE_TOKEN_HASH_LEN);
    return db_exec_stmt(st, s, err) == STORE_NONE ? 0 : -1;
}

int
session_store_purge(struct store *st, int64_t now, int64_t idle_seconds,
                    struct err *err)
{
    static const char SESSIONS[] = "DELETE FROM session WHERE last_seen <= $1";
    static const char FAILURES[] = "DELETE FROM login_failure WHERE at <= $1";
    static const char UPLOADS[] = "DELETE FROM upload WHERE created_at <= $1";
    const struct {
        const char *sql;
        int64_t before;
    } purges[] = {
        { SESSIONS, now - idle_seconds },
        { FAILURES, now - 24 * 3600 },
        { UPLOADS, now - 24 * 3600 },
    };
    for (size_t i = 0; i < sizeof(purges) / sizeof(purges[0]); i++) {
        sqlite3_stmt *s = db_stmt(st, purges[i].sql, err);
        if (!s)
            return -1;
        db_bind_int(s, 1, purges[i].before);
        if (db_exec_stmt(st, s, err) != STORE_NONE)
            return -1;
    }
    return 0;
}

struct token_ctx {
    const struct scope *sc;
    int64_t user_id;
    const unsigned char *hash;
};

static int
token_create_in_tx(struct store *st, void *vctx, struct err *err)
{
    static const char INSERT[] =
        "INSERT INTO api_token(cluster_id, user_id, token_hash, created_at)"
        " VALUES ($1, $2, $3, $4)";
    struct token_ctx *t = vctx;
    char now[21];
    db_now_iso(now);
    sqlite3_stmt *s = db_stmt(st, INSERT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, t->sc->cluster_id);
    db_bind_int(s, 2, t->user_id);
    db_bind_blob(s, 3, t->hash, STORE_TOKEN_HASH_LEN);
    db_bind_text(s, 4, now);
    if (db_exec_stmt(st, s, err) != STORE_NONE)
        return -1;
    struct buf after = BUF_INIT;
    struct jsonw w;
    jsonw_init(&w, &after);
    jsonw_begin_object(&w);
    jsonw_key(&w, "user_id");
    jsonw_int(&w, t->user_id);
    jsonw_end_object(&w);
    return audit_record(st, t->sc, "create", "api_token", db_last_id(st), NULL,
                        buf_detach(&after, NULL), err);
}

int
token_store_create(struct store *st, const struct scope *sc, int64_t user_id,
                   const unsigned char hash[STORE_TOKEN_HASH_LEN],
                   struct err *err)
{
    struct token_ctx t = { sc, user_id, hash };
    return store_tx(st, token_create_in_tx, &t, err);
}

enum store_rc
token_store_lookup(struct store *st,
                   const unsigned char hash[STORE_TOKEN_HASH_LEN],
                   struct principal *out, struct err *err)
{
    static const char SELECT[] =
        "SELECT " PRINCIPAL_COLUMNS
        " FROM api_token t JOIN app_user u ON u.id = t.user_id"
        " JOIN cluster c ON c.id = t.cluster_id"
        " WHERE t.token_hash = $1 AND t.revoked = 0 AND u.disabled = 0"
        " AND u.cluster_id = t.cluster_id";
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return STORE_HARD;
    db_bind_blob(s, 1, hash, STORE_TOKEN_HASH_LEN);
    enum store_rc rc = db_step(st, s, err);
    if (rc == STORE_ONE) {
        principal_from_row(s, out);
        sqlite3_reset(s);
    }
    return rc;
}

int
throttle_store_count(struct store *st, const char *email, const char *addr,
                     int64_t since, int *by_email, int *by_addr,
                     struct err *err)
{
    static const char COUNT[] =
        "SELECT (SELECT count(*) FROM login_failure WHERE email = $1 AND at > "
        "$3),"
        " (SELECT count(*) FROM login_failure WHERE addr = $2 AND at > $3)";
    sqlite3_stmt *s = db_stmt(st, COUNT, err);
    if (!s)
        return -1;
    db_bind_text(s, 1, email);
    db_bind_text(s, 2, addr);
    db_bind_int(s, 3, since);
    if (db_step(st, s, err) != STORE_ONE)
        return -1;
    *by_email = (int)db_col_int(s, 0);
    *by_addr = (int)db_col_int(s, 1);
    sqlite3_reset(s);
    return 0;
}

int
throttle_store_record(struct store *st, const char *email, const char *addr,
                      int64_t now, struct err *err)
{
    static const char INSERT[] =
        "INSERT INTO login_failure(email, addr, at) VALUES ($1, $2, $3)";
    sqlite3_stmt *s = db_stmt(st, INSERT, err);
    if (!s)
        return -1;
    db_bind_text(s, 1, email);
    db_bind_text(s, 2, addr);
    db_bind_int(s, 3, now);
    return db_exec_stmt(st, s, err) == STORE_NONE ? 0 : -1;
}

int
throttle_store_clear(struct store *st, const char *email, struct err *err)
{
    static const char DELETE[] = "DELETE FROM login_failure WHERE email = $1";
    sqlite3_stmt *s = db_stmt(st, DELETE, err);
    if (!s)
        return -1;
    db_bind_text(s, 1, email);
    return db_exec_stmt(st, s, err) == STORE_NONE ? 0 : -1;
}
