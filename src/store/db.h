/*
 * The SQLite driver under every store module: one connection, its cache
 * of prepared statements, transactions and small binding helpers. Only
 * files in src/store include this header; the rest of the program sees
 * store.h.
 *
 * SQL is written with $1..$n placeholders; db_stmt() rewrites them to
 * ?1..?n, which SQLite binds by number (it binds $N in order of first
 * appearance, which would silently swap parameters).
 */
#ifndef CD_DB_H
#define CD_DB_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "store/store.h"

struct stmt_slot {
    const char *sql; /* the static text, compared by address */
    sqlite3_stmt *stmt;
};

/*
 * A remembered query result. Lists show the same filter choices and
 * totals on every page view while the data rarely changes, so results
 * that depend only on a cluster are kept per connection until the
 * database changes (db_stamp).
 */
struct memo {
    const char *sql; /* the query, by address; NULL when unused */
    int64_t cluster_id;
    int64_t arg;
    uint64_t stamp;
    int64_t count;
    char **items;
    size_t n;
};

#define STORE_MEMOS 8

/* A larger result kept per connection by one store module (the judged
 * leads of store/lead.c), freed with the connection. */
struct store_cache {
    void *data;
    void (*release)(void *data);
};

struct store {
    sqlite3 *db;
    struct memo memos[STORE_MEMOS];
    struct store_cache leads;
    struct stmt_slot *slots; /* open-addressed by the SQL's address */
    size_t nslots;
    size_t used;
    int tx_depth;
    bool tx_failed;
};

/*
 * Returns the prepared statement for sql (a static string: its address is
 * the cache key), reset and with its bindings cleared. The statement is
 * owned by the store; do not finalize it. NULL on error (logged, err set).
 */
sqlite3_stmt *db_stmt(struct store *st, const char *sql, struct err *err);

/* Binds text; NULL binds SQL NULL. The string must outlive the step. */
void db_bind_text(sqlite3_stmt *s, int idx, const char *v);
/* Binds text, with "" bound as NULL. */
void db_bind_text_or_null(sqlite3_stmt *s, int idx, const char *v);
void db_bind_int(sqlite3_stmt *s, int idx, int64_t v);
void db_bind_blob(sqlite3_stmt *s, int idx, const void *v, size_t len);

/*
 * Steps a statement: returns STORE_ONE for a row, STORE_NONE when done,
 * STORE_HARD (err set to ERR_INTERNAL or ERR_CONFLICT for a constraint,
 * ERR_UNAVAILABLE when busy) on error.
 */
enum store_rc db_step(struct store *st, sqlite3_stmt *s, struct err *err);
/* Runs a statement that returns no rows; STORE_NONE or STORE_HARD. */
enum store_rc db_exec_stmt(struct store *st, sqlite3_stmt *s, struct err *err);

/* A column as a new string ("" for NULL), owned by the caller. */
char *db_col_dup(sqlite3_stmt *s, int col);
/* Borrowed text of a column, "" for NULL, valid until the next step. */
const char *db_col_text(sqlite3_stmt *s, int col);
int64_t db_col_int(sqlite3_stmt *s, int col);

/* Reads the current row of s into out (a struct the caller set up). */
typedef void db_row_fn(sqlite3_stmt *s, void *out);

/*
 * Runs sql with $1 = cluster_id and $2 = id, and reads its row into out
 * with fn: STORE_ONE, STORE_NONE (no such record in the cluster) or
 * STORE_HARD. The lookup of one record every store module makes.
 */
enum store_rc db_get_record(struct store *st, const char *sql,
                            int64_t cluster_id, int64_t id, db_row_fn *fn,
                            void *out, struct err *err);

int64_t db_last_id(struct store *st);

/* For one large transaction (an import), or back to normal: keeps dirty
 * pages in memory until the commit instead of spilling them to the WAL
 * mid-transaction, gives the connection a page cache of 64 MiB instead
 * of 8, so indexes written in random order are not read from the file
 * again and again, and reads the file through a memory map rather than
 * a system call per page. */
void db_bulk_mode(struct store *st, bool on);

/* A value that changes whenever any connection may have changed the
 * database: SQLite's data_version plus this connection's own changes. */
uint64_t db_stamp(struct store *st);

/*
 * The memo of (sql, cluster_id, arg) if it is still current, else NULL;
 * *stamp gets the current stamp, to hand to db_memo_put after running
 * the query (taken before it, so a change meanwhile is not hidden).
 */
struct memo *db_memo_get(struct store *st, const char *sql, int64_t cluster_id,
                         int64_t arg, uint64_t *stamp);
/* A slot to fill for (sql, cluster_id, arg), emptied, or NULL inside a
 * transaction (whose reads may not be committed). */
struct memo *db_memo_put(struct store *st, const char *sql, int64_t cluster_id,
                         int64_t arg, uint64_t stamp);
int db_changes(struct store *st);

/* Current UTC time as "YYYY-MM-DDTHH:MM:SSZ" (for created/updated stamps). */
void db_now_iso(char out[21]);

/*
 * Records one audit entry in the current transaction: who (from sc), when,
 * what. before and after are JSON texts (io/jsonw.h) that it takes and
 * frees; either may be NULL.
 */
int audit_record(struct store *st, const struct scope *sc, const char *action,
                 const char *entity, int64_t entity_id, char *before,
                 char *after, struct err *err);

#endif
