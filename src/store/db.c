/*
 * The SQLite connection: opening, migrations, the statement cache and
 * transactions. Statements are prepared once per connection and found
 * again by the address of their static SQL text, so a request pays for
 * a hash lookup, not a parse.
 */
#include "store/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/embedded.h"
#include "base/mem.h"

#define BUSY_TIMEOUT_MS 5000
/* A connection's page cache: 8 MiB holds the working set of pages;
 * imports take more for their transaction (db_bulk_mode). */
#define DB_CACHE_NORMAL "PRAGMA cache_size=-8192;"

static void
log_sqlite(struct store *st, const char *what)
{
    fprintf(stderr, "clusterdesk: sqlite: %s: %s\n", what,
            sqlite3_errmsg(st->db));
}

int
store_open(const char *path, struct store **out, struct err *err)
{
    struct store *st = xcalloc(1, sizeof(*st));
    int flags =
        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path, &st->db, flags, NULL) != SQLITE_OK) {
        err_set(err, ERR_INTERNAL, NULL, "Cannot open the database %s: %s.",
                path, st->db ? sqlite3_errmsg(st->db) : "out of memory");
        goto fail;
    }
    sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
    sqlite3_extended_result_codes(st->db, 1);
    /* WAL lets readers go on while one writer commits; NORMAL sync is
     * durable across application crashes and loses at most the last
     * transactions on power loss, the usual WAL trade. */
    char *msg = NULL;
    if (sqlite3_exec(
            st->db,
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
            "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;" DB_CACHE_NORMAL,
            NULL, NULL, &msg) != SQLITE_OK) {
        err_set(err, ERR_INTERNAL, NULL, "Cannot set up the database %s: %s.",
                path, msg ? msg : "?");
        sqlite3_free(msg);
        goto fail;
    }
    st->nslots = 256;
    st->slots = xcalloc(st->nslots, sizeof(*st->slots));
    *out = st;
    return 0;
fail:
    sqlite3_close(st->db);
    free(st);
    return -1;
}

static void
memo_clear(struct memo *m)
{
    for (size_t i = 0; i < m->n; i++)
        free(m->items[i]);
    free(m->items);
    memset(m, 0, sizeof(*m));
}

void
store_close(struct store *st)
{
    if (!st)
        return;
    for (size_t i = 0; i < STORE_MEMOS; i++)
        memo_clear(&st->memos[i]);
    if (st->leads.release)
        st->leads.release(st->leads.data);
    for (size_t i = 0; i < st->nslots; i++)
        sqlite3_finalize(st->slots[i].stmt);
    free(st->slots);
    sqlite3_close(st->db);
    free(st);
}

static size_t
slot_index(const char *sql, size_t nslots)
{
    uintptr_t h = (uintptr_t)sql;
    h ^= h >> 17;
    h *= 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 7) & (nslots - 1);
}

static void
slots_grow(struct store *st)
{
    struct stmt_slot *old = st->slots;
    size_t oldn = st->nslots;
    st->nslots *= 2;
    st->slots = xcalloc(st->nslots, sizeof(*st->slots));
    for (size_t i = 0; i < oldn; i++) {
        if (!old[i].sql)
            continue;
        size_t j = slot_index(old[i].sql, st->nslots);
        while (st->slots[j].sql)
            j = (j + 1) & (st->nslots - 1);
        st->slots[j] = old[i];
    }
    free(old);
}

/* Rewrites $N placeholders to ?N outside string literals. */
static void
rewrite_placeholders(const char *sql, struct buf *out)
{
    bool quoted = false;
    for (const char *p = sql; *p; p++) {
        if (*p == '\'')
            quoted = !quoted;
        if (!quoted && *p == '$' && p[1] >= '0' && p[1] <= '9')
            buf_addc(out, '?');
        else
            buf_addc(out, *p);
    }
}

sqlite3_stmt *
db_stmt(struct store *st, const char *sql, struct err *err)
{
    size_t i = slot_index(sql, st->nslots);
    while (st->slots[i].sql && st->slots[i].sql != sql)
        i = (i + 1) & (st->nslots - 1);
    if (st->slots[i].sql) {
        sqlite3_stmt *s = st->slots[i].stmt;
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
        return s;
    }
    struct buf text = BUF_INIT;
    rewrite_placeholders(sql, &text);
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v3(st->db, text.s, (int)text.len,
                                SQLITE_PREPARE_PERSISTENT, &s, NULL);
    if (rc != SQLITE_OK) {
        fprintf(stderr, "clusterdesk: sqlite: prepare: %s\n  in: %s\n",
                sqlite3_errmsg(st->db), text.s);
        buf_release(&text);
        err_set(err, ERR_INTERNAL, NULL, "The database rejected a query.");
        return NULL;
    }
    buf_release(&text);
    st->slots[i].sql = sql;
    st->slots[i].stmt = s;
    if (++st->used * 2 > st->nslots)
        slots_grow(st);
    return s;
}

void
db_bind_text(sqlite3_stmt *s, int idx, const char *v)
{
    if (v)
        sqlite3_bind_text(s, idx, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, idx);
}

void
db_bind_text_or_null(sqlite3_stmt *s, int idx, const char *v)
{
    db_bind_text(s, idx, v && *v ? v : NULL);
}

void
db_bind_int(sqlite3_stmt *s, int idx, int64_t v)
{
    sqlite3_bind_int64(s, idx, v);
}

void
db_bind_blob(sqlite3_stmt *s, int idx, const void *v, size_t len)
{
    sqlite3_bind_blob(s, idx, v, (int)len, SQLITE_STATIC);
}

enum store_rc
db_step(struct store *st, sqlite3_stmt *s, struct err *err)
{
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        return STORE_ONE;
    if (rc == SQLITE_DONE) {
        sqlite3_reset(s);
        return STORE_NONE;
    }
    if ((rc & 0xff) == SQLITE_CONSTRAINT) {
        /* The constraint's name is for the log, not for the user. */
        log_sqlite(st, sqlite3_sql(s));
        err_set(
            err, ERR_CONFLICT, NULL,
            "That would break a rule of the register; nothing was changed.");
    } else if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
        err_set(err, ERR_UNAVAILABLE, NULL,
                "The database is busy; please try again.");
    } else {
        log_sqlite(st, sqlite3_sql(s));
        err_set(err, ERR_INTERNAL, NULL, "The database failed.");
    }
    sqlite3_reset(s);
    return STORE_HARD;
}

enum store_rc
db_exec_stmt(struct store *st, sqlite3_stmt *s, struct err *err)
{
    enum store_rc rc = db_step(st, s, err);
    if (rc == STORE_ONE) {
        sqlite3_reset(s);
        rc = STORE_NONE;
    }
    return rc;
}

const char *
db_col_text(sqlite3_stmt *s, int col)
{
    const unsigned char *t = sqlite3_column_text(s, col);
    return t ? (const char *)t : "";
}

char *
db_col_dup(sqlite3_stmt *s, int col)
{
    const char *t = db_col_text(s, col);
    return xstrndup(t, (size_t)sqlite3_column_bytes(s, col));
}

int64_t
db_col_int(sqlite3_stmt *s, int col)
{
    return sqlite3_column_int64(s, col);
}

enum store_rc
db_get_record(struct store *st, const char *sql, int64_t cluster_id, int64_t id,
              db_row_fn *fn, void *out, struct err *err)
{
    sqlite3_stmt *s = db_stmt(st, sql, err);
    if (!s)
        return STORE_HARD;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, id);
    enum store_rc rc = db_step(st, s, err);
    if (rc == STORE_ONE) {
        fn(s, out);
        sqlite3_reset(s);
    }
    return rc;
}

int64_t
db_last_id(struct store *st)
{
    return sqlite3_last_insert_rowid(st->db);
}

uint64_t
db_stamp(struct store *st)
{
    static const char VERSION[] = "PRAGMA data_version";
    sqlite3_stmt *s = db_stmt(st, VERSION, NULL);
    uint64_t version = 0;
    if (s && sqlite3_step(s) == SQLITE_ROW)
        version = (uint64_t)sqlite3_column_int64(s, 0);
    if (s)
        sqlite3_reset(s);
    return (version << 32) ^ (uint64_t)sqlite3_total_changes64(st->db);
}

uint64_t
store_data_stamp(struct store *st)
{
    return db_stamp(st);
}

struct memo *
db_memo_get(struct store *st, const char *sql, int64_t cluster_id, int64_t arg,
            uint64_t *stamp_out)
{
    /* Inside a transaction reads may see our own uncommitted writes:
     * neither use nor keep memos there. */
    if (st->tx_depth)
        return NULL;
    uint64_t stamp = db_stamp(st);
    *stamp_out = stamp;
    for (size_t i = 0; i < STORE_MEMOS; i++) {
        struct memo *m = &st->memos[i];
        if (m->sql == sql && m->cluster_id == cluster_id && m->arg == arg)
            return m->stamp == stamp ? m : NULL;
    }
    return NULL;
}

struct memo *
db_memo_put(struct store *st, const char *sql, int64_t cluster_id, int64_t arg,
            uint64_t stamp)
{
    if (st->tx_depth)
        return NULL;
    struct memo *slot = NULL;
    for (size_t i = 0; i < STORE_MEMOS && !slot; i++) {
        struct memo *m = &st->memos[i];
        if (!m->sql ||
            (m->sql == sql && m->cluster_id == cluster_id && m->arg == arg))
            slot = m;
    }
    if (!slot) /* full: replace the oldest-looking, any will do */
        slot = &st->memos[(size_t)cluster_id % STORE_MEMOS];
    memo_clear(slot);
    slot->sql = sql;
    slot->cluster_id = cluster_id;
    slot->arg = arg;
    slot->stamp = stamp;
    return slot;
}

int
db_changes(struct store *st)
{
    return sqlite3_changes(st->db);
}

void
db_now_iso(char out[21])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Runs literal SQL (no input in it). */
static int
exec_sql(struct store *st, const char *sql, struct err *err)
{
    char *msg = NULL;
    int rc = sqlite3_exec(st->db, sql, NULL, NULL, &msg);
    if (rc == SQLITE_OK)
        return 0;
    if ((rc & 0xff) == SQLITE_BUSY)
        err_set(err, ERR_UNAVAILABLE, NULL,
                "The database is busy; please try again.");
    else
        err_set(err, ERR_INTERNAL, NULL, "Database error: %s.",
                msg ? msg : "?");
    sqlite3_free(msg);
    return -1;
}

void
db_bulk_mode(struct store *st, bool on)
{
    exec_sql(st,
             on ? "PRAGMA cache_spill=OFF; PRAGMA cache_size=-65536;"
                  "PRAGMA mmap_size=1073741824;"
                : "PRAGMA cache_spill=ON; PRAGMA mmap_size=0;" DB_CACHE_NORMAL,
             NULL);
}

int
store_tx(struct store *st, store_tx_fn *fn, void *ctx, struct err *err)
{
    if (st->tx_depth > 0) {
        st->tx_depth++;
        int rc = fn(st, ctx, err);
        st->tx_depth--;
        if (rc)
            st->tx_failed = true;
        return rc;
    }
    /* BEGIN IMMEDIATE takes the write lock up front (waiting out the busy
     * timeout), so a transaction never fails half-way on a lock: the one
     * retry below covers a timeout under a long-running writer. */
    for (int attempt = 0; attempt < 2; attempt++) {
        struct err begin_err = ERR_INIT;
        if (exec_sql(st, "BEGIN IMMEDIATE", &begin_err)) {
            if (begin_err.code == ERR_UNAVAILABLE && attempt == 0)
                continue;
            *err = begin_err;
            return -1;
        }
        st->tx_depth = 1;
        st->tx_failed = false;
        int rc = fn(st, ctx, err);
        st->tx_depth = 0;
        if (rc || st->tx_failed) {
            exec_sql(st, "ROLLBACK", NULL);
            if (err && err->code == ERR_NONE)
                err_set(err, ERR_INTERNAL, NULL, "The change was not saved.");
            return -1;
        }
        return exec_sql(st, "COMMIT", err);
    }
    return -1;
}

int
store_schema_version(struct store *st)
{
    sqlite3_stmt *s = NULL;
    int v = 0;
    if (sqlite3_prepare_v2(st->db, "SELECT max(version) FROM schema_version",
                           -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return v;
}

static int
migration_number(const char *name)
{
    int n = 0;
    for (; *name >= '0' && *name <= '9'; name++)
        n = n * 10 + (*name - '0');
    return n;
}

bool
store_needs_migration(struct store *st)
{
    int have = store_schema_version(st);
    for (const struct embedded_file *m = embedded_migrations; m->name; m++)
        if (migration_number(m->name) > have)
            return true;
    return false;
}

struct migration_ctx {
    const struct embedded_file *file;
    int number;
};

static int
apply_migration(struct store *st, void *vctx, struct err *err)
{
    struct migration_ctx *m = vctx;
    static const char INSERT[] =
        "INSERT INTO schema_version(version, name, applied_at)"
        " VALUES ($1, $2, $3)";
    if (exec_sql(st, m->file->data, err))
        return -1;
    char now[21];
    db_now_iso(now);
    sqlite3_stmt *s = db_stmt(st, INSERT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, m->number);
    db_bind_text(s, 2, m->file->name);
    db_bind_text(s, 3, now);
    return db_exec_stmt(st, s, err) == STORE_NONE ? 0 : -1;
}

int
store_migrate(struct store *st, struct err *err)
{
    if (exec_sql(st,
                 "CREATE TABLE IF NOT EXISTS schema_version ("
                 " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                 " applied_at TEXT NOT NULL)",
                 err))
        return -1;
    int have = store_schema_version(st);
    for (const struct embedded_file *f = embedded_migrations; f->name; f++) {
        struct migration_ctx m = { f, migration_number(f->name) };
        if (m.number <= have)
            continue;
        if (store_tx(st, apply_migration, &m, err)) {
            fprintf(stderr, "clusterdesk: migration %s failed: %s\n", f->name,
                    err ? err->msg : "");
            return -1;
        }
    }
    return 0;
}

int
store_optimize(struct store *st, struct err *err)
{
    /* ANALYZE with a row limit takes milliseconds on any size, and
     * SQLite 3.40's PRAGMA optimize skips tables this new connection has
     * not queried yet. */
    return exec_sql(st, "PRAGMA analysis_limit=1000; ANALYZE;", err);
}

void
store_autocheckpoint(struct store *st, bool on)
{
    sqlite3_wal_autocheckpoint(st->db, on ? 1000 : 0);
}

int
store_checkpoint(struct store *st, struct err *err)
{
    int rc = sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_PASSIVE,
                                       NULL, NULL);
    if (rc == SQLITE_OK || rc == SQLITE_BUSY)
        return 0;
    log_sqlite(st, "checkpoint");
    return err_set(err, ERR_INTERNAL, NULL, "The database checkpoint failed.");
}

int
store_backup(struct store *st, const char *path, struct err *err)
{
    sqlite3 *dst = NULL;
    int rc = sqlite3_open(path, &dst);
    if (rc == SQLITE_OK) {
        sqlite3_backup *b = sqlite3_backup_init(dst, "main", st->db, "main");
        if (b) {
            /* Copy in steps so writers are not locked out for long. */
            do {
                rc = sqlite3_backup_step(b, 256);
                if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
                    sqlite3_sleep(20);
            } while (rc == SQLITE_OK || rc == SQLITE_BUSY ||
                     rc == SQLITE_LOCKED);
            sqlite3_backup_finish(b);
        }
        rc = sqlite3_errcode(dst);
    }
    if (rc != SQLITE_OK && rc != SQLITE_DONE) {
        err_set(err, ERR_INTERNAL, NULL, "The backup to %s failed: %s.", path,
                dst ? sqlite3_errmsg(dst) : "out of memory");
        sqlite3_close(dst);
        return -1;
    }
    sqlite3_close(dst);
    return 0;
}
