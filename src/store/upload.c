/*
 * Uploaded files between an import's preview and its confirmation, so
 * the import writes exactly the file the user saw previewed. Only the
 * uploader can use an upload; old ones are purged (session_store_purge).
 */
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "store/db.h"

int
upload_store_put(struct store *st, const struct scope *sc, const char *filename,
                 const char *content, size_t len, int64_t now, int64_t *id,
                 struct err *err)
{
    static const char INSERT[] =
        "INSERT INTO upload(cluster_id, user_id, filename, content, created_at)"
        " VALUES ($1, $2, $3, $4, $5)";
    sqlite3_stmt *s = db_stmt(st, INSERT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, sc->cluster_id);
    db_bind_int(s, 2, sc->user_id);
    db_bind_text(s, 3, filename);
    db_bind_blob(s, 4, content, len);
    db_bind_int(s, 5, now);
    if (db_exec_stmt(st, s, err) != STORE_NONE)
        return -1;
    *id = db_last_id(st);
    return 0;
}

enum store_rc
upload_store_get(struct store *st, const struct scope *sc, int64_t id,
                 char **filename, char **content, size_t *len, struct err *err)
{
    static const char SELECT[] =
        "SELECT filename, content FROM upload"
        " WHERE cluster_id = $1 AND user_id = $2 AND id = $3";
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return STORE_HARD;
    db_bind_int(s, 1, sc->cluster_id);
    db_bind_int(s, 2, sc->user_id);
    db_bind_int(s, 3, id);
    enum store_rc rc = db_step(st, s, err);
    if (rc == STORE_ONE) {
        *filename = db_col_dup(s, 0);
        *len = (size_t)sqlite3_column_bytes(s, 1);
        *content = xmalloc(*len + 1);
        if (*len)
            memcpy(*content, sqlite3_column_blob(s, 1), *len);
        (*content)[*len] = '\0';
        sqlite3_reset(s);
    }
    return rc;
}

int
upload_store_delete(struct store *st, const struct scope *sc, int64_t id,
                    struct err *err)
{
    static const char DELETE[] =
        "DELETE FROM upload WHERE cluster_id = $1 AND user_id = $2 AND id = $3";
    sqlite3_stmt *s = db_stmt(st, DELETE, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, sc->cluster_id);
    db_bind_int(s, 2, sc->user_id);
    db_bind_int(s, 3, id);
    return db_exec_stmt(st, s, err) == STORE_NONE ? 0 : -1;
}
