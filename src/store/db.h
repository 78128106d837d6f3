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

struct store {
    sqlite3 *db;
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

int64_t db_last_id(struct store *st);
int db_changes(struct store *st);

/* Current UTC time as "YYYY-MM-DDTHH:MM:SSZ" (for created/updated stamps). */
void db_now_iso(char out[21]);



#include <jansson.h>

/*
 * Records one audit entry in the current transaction: who (from sc), when,
 * what. Takes ownership of before and after (either may be NULL).
 */
int audit_record(struct store *st, const struct scope *sc, const char *action,
                 const char *entity, int64_t entity_id, json_t *before,
                 json_t *after, struct err *err);

#endif

