/*
 * Users of a cluster. E-mail addresses are unique across clusters because
 * they are how people sign in.
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "io/jsonw.h"
#include "store/db.h"

void
user_release(struct user *u)
{
    free(u->email);
    free(u->name);
    free(u->created_at);
    memset(u, 0, sizeof(*u));
}

#define USER_COLUMNS                                                          \
    "SELECT id, cluster_id, email, name, role, disabled, created_at, pw_hash" \
    " FROM app_user"

static void
user_from_row(sqlite3_stmt *s, void *vout)
{
    struct user *out = vout;
    out->id = db_col_int(s, 0);
    out->cluster_id = db_col_int(s, 1);
    out->email = db_col_dup(s, 2);
    out->name = db_col_dup(s, 3);
    if (role_parse(db_col_text(s, 4), &out->role))
        out->role = ROLE_BOARD;
    out->disabled = db_col_int(s, 5) != 0;
    out->created_at = db_col_dup(s, 6);
}

/* The audit trail's picture of a user (never the password hash). */
static char *
user_json(const char *email, const char *name, enum role role, bool disabled)
{
    struct buf b = BUF_INIT;
    struct jsonw w;
    jsonw_init(&w, &b);
    jsonw_begin_object(&w);
    jsonw_key(&w, "email");
    jsonw_string(&w, email);
    jsonw_key(&w, "name");
    jsonw_string(&w, name);
    jsonw_key(&w, "role");
    jsonw_string(&w, role_name(role));
    jsonw_key(&w, "disabled");
    jsonw_bool(&w, disabled);
    jsonw_end_object(&w);
    return buf_detach(&b, NULL);
}

struct add_ctx {
    const struct scope *sc;
    const struct user *u;
    const char *pw_hash;
    int64_t id;
};

static int
add_in_tx(struct store *st, void *vctx, struct err *err)
{
    static const char INSERT[] = "INSERT INTO app_user(cluster_id, email, "
                                 "name, role, pw_hash, created_at)"
                                 " VALUES ($1, $2, $3, $4, $5, $6)";
    struct add_ctx *a = vctx;
    const struct user *u = a->u;
    struct user found = { 0 };
    enum store_rc exists =
        user_store_find_email(st, u->email, &found, NULL, err);
    user_release(&found);
    if (exists == STORE_HARD)
        return -1;
    if (exists == STORE_ONE)
        return err_set(err, ERR_CONFLICT, "email",
                       "A user with the e-mail %s already exists.", u->email);
    char now[21];
    db_now_iso(now);
    sqlite3_stmt *s = db_stmt(st, INSERT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, a->sc->cluster_id);
    db_bind_text(s, 2, u->email);
    db_bind_text(s, 3, u->name ? u->name : "");
    db_bind_text(s, 4, role_name(u->role));
    db_bind_text(s, 5, a->pw_hash);
    db_bind_text(s, 6, now);
    if (db_exec_stmt(st, s, err) != STORE_NONE)
        return -1;
    a->id = db_last_id(st);
    return audit_record(
        st, a->sc, "create", "user", a->id, NULL,
        user_json(u->email, u->name ? u->name : "", u->role, false), err);
}

int
user_store_add(struct store *st, const struct scope *sc, const struct user *u,
               const char *pw_hash, int64_t *id_out, struct err *err)
{
    struct add_ctx a = { sc, u, pw_hash, 0 };
    if (store_tx(st, add_in_tx, &a, err))
        return -1;
    if (id_out)
        *id_out = a.id;
    return 0;
}

enum store_rc
user_store_find_email(struct store *st, const char *email, struct user *out,
                      char **pw_hash, struct err *err)
{
    static const char SELECT[] = USER_COLUMNS " WHERE email = $1";
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return STORE_HARD;
    db_bind_text(s, 1, email);
    enum store_rc rc = db_step(st, s, err);
    if (rc == STORE_ONE) {
        user_from_row(s, out);
        if (pw_hash)
            *pw_hash = db_col_dup(s, 7);
        sqlite3_reset(s);
    }
    return rc;
}

enum store_rc
user_store_get(struct store *st, int64_t cluster_id, int64_t id,
               struct user *out, struct err *err)
{
    static const char SELECT[] =
        USER_COLUMNS " WHERE cluster_id = $1 AND id = $2";
    return db_get_record(st, SELECT, cluster_id, id, user_from_row, out, err);
}

int
user_store_list(struct store *st, int64_t cluster_id, struct user **items,
                size_t *n, struct err *err)
{
    static const char SELECT[] =
        USER_COLUMNS " WHERE cluster_id = $1 ORDER BY email";
    size_t alloc = 0;
    *items = NULL;
    *n = 0;
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    enum store_rc rc;
    while ((rc = db_step(st, s, err)) == STORE_ONE) {
        ALLOC_GROW(*items, *n + 1, alloc);
        user_from_row(s, &(*items)[(*n)++]);
    }
    return rc == STORE_NONE ? 0 : -1;
}

struct password_ctx {
    const struct scope *sc;
    int64_t user_id;
    const char *pw_hash;
    enum store_rc rc;
};

static int
set_password_in_tx(struct store *st, void *vctx, struct err *err)
{
    static const char UPDATE[] =
        "UPDATE app_user SET pw_hash = $2 WHERE cluster_id = $1 AND id = $3";
    /* A new password ends every session: whoever knew the old one is out. */
    static const char END_SESSIONS[] = "DELETE FROM session WHERE user_id = $1";
    struct password_ctx *c = vctx;
    sqlite3_stmt *s = db_stmt(st, UPDATE, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, c->sc->cluster_id);
    db_bind_text(s, 2, c->pw_hash);
    db_bind_int(s, 3, c->user_id);
    if (db_exec_stmt(st, s, err) != STORE_NONE)
        return -1;
    if (db_changes(st) == 0) {
        c->rc = STORE_NONE;
        return 0;
    }
    s = db_stmt(st, END_SESSIONS, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, c->user_id);
    if (db_exec_stmt(st, s, err) != STORE_NONE)
        return -1;
    c->rc = STORE_ONE;
    return audit_record(st, c->sc, "password", "user", c->user_id, NULL, NULL,
                        err);
}

enum store_rc
user_store_set_password(struct store *st, const struct scope *sc,
                        int64_t user_id, const char *pw_hash, struct err *err)
{
    struct password_ctx c = { sc, user_id, pw_hash, STORE_NONE };
    if (store_tx(st, set_password_in_tx, &c, err))
        return STORE_HARD;
    return c.rc;
}

struct disable_ctx {
    const struct scope *sc;
    int64_t user_id;
    bool disabled;
    enum store_rc rc;
};

static int
set_disabled_in_tx(struct store *st, void *vctx, struct err *err)
{
    static const char UPDATE[] =
        "UPDATE app_user SET disabled = $2 WHERE cluster_id = $1 AND id = $3";
    static const char END_SESSIONS[] = "DELETE FROM session WHERE user_id = $1";
    static const char REVOKE[] =
        "UPDATE api_token SET revoked = 1 WHERE user_id = $1";
    struct disable_ctx *c = vctx;
    struct user before = { 0 };
    c->rc = user_store_get(st, c->sc->cluster_id, c->user_id, &before, err);
    if (c->rc != STORE_ONE)
        return c->rc == STORE_HARD ? -1 : 0;
    int rc = -1;
    sqlite3_stmt *s = db_stmt(st, UPDATE, err);
    if (!s)
        goto out;
    db_bind_int(s, 1, c->sc->cluster_id);
    db_bind_int(s, 2, c->disabled);
    db_bind_int(s, 3, c->user_id);
    if (db_exec_stmt(st, s, err) != STORE_NONE)
        goto out;
    if (c->disabled) {
        const char *ends[] = { END_SESSIONS, REVOKE };
        for (size_t i = 0; i < ARRAY_SIZE(ends); i++) {
            s = db_stmt(st, ends[i], err);
            if (!s)
                goto out;
            db_bind_int(s, 1, c->user_id);
            if (db_exec_stmt(st, s, err) != STORE_NONE)
                goto out;
        }
    }
    rc = audit_record(
        st, c->sc, c->disabled ? "disable" : "enable", "user", c->user_id,
        user_json(before.email, before.name, before.role, before.disabled),
        user_json(before.email, before.name, before.role, c->disabled), err);
out:
    user_release(&before);
    return rc;
}

enum store_rc
user_store_set_disabled(struct store *st, const struct scope *sc,
                        int64_t user_id, bool disabled, struct err *err)
{
    struct disable_ctx c = { sc, user_id, disabled, STORE_NONE };
    if (store_tx(st, set_disabled_in_tx, &c, err))
        return STORE_HARD;
    return c.rc;
}
