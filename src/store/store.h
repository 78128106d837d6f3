/*
 * The store: the only interface to the database. Every function takes the
 * cluster it works in (from the caller's session or token, never from a
 * form) and every write is one transaction that also records an audit
 * entry. Nothing outside src/store sees SQL.
 *
 * Return values follow GNU Taler: STORE_ONE (found / done), STORE_NONE
 * (not found: also when the row belongs to another cluster), STORE_HARD
 * (error; err says what, with ERR_CONFLICT for a broken uniqueness rule
 * and ERR_UNAVAILABLE when the database stayed busy).
 *
 * A struct store is one connection: use it from one thread at a time.
 */
#ifndef CD_STORE_H
#define CD_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "core/org.h"
#include "core/user.h"

enum store_rc {
    STORE_HARD = -2,
    STORE_RETRY = -1,
    STORE_NONE = 0,
    STORE_ONE = 1
};

struct store;

/* Opens (creating if needed) the SQLite file at path, in WAL mode with
 * foreign keys on and a busy timeout. *out is set on success; free it with
 * store_close(). Does not migrate. */
int store_open(const char *path, struct store **out, struct err *err);
void store_close(struct store *st);

/* Applies pending migrations, each in its own transaction, recording
 * the version in schema_version. Returns 0 or -1. */
int store_migrate(struct store *st, struct err *err);
/* The highest applied migration number, 0 for a new database. */
int store_schema_version(struct store *st);
/* True when migrations compiled into this binary are not yet applied. */
bool store_needs_migration(struct store *st);

/* Refreshes the query planner's statistics where they are missing or
 * stale (SQLite's PRAGMA optimize, bounded); run when the server starts. */
int store_optimize(struct store *st, struct err *err);

/* The server's connections leave the WAL to one checkpointer (below), so
 * the request whose commit crosses SQLite's threshold (a large import)
 * does not also copy the WAL into the database. */
void store_autocheckpoint(struct store *st, bool on);
/* Copies committed WAL pages into the database as far as readers allow
 * (a passive checkpoint); a no-op when there is nothing to copy. */
int store_checkpoint(struct store *st, struct err *err);

/* Copies the live database to path with SQLite's online backup. */
int store_backup(struct store *st, const char *path, struct err *err);

/*
 * Runs fn inside one transaction (BEGIN IMMEDIATE ... COMMIT), rolling back
 * when fn returns non-zero. Nested calls join the outer transaction. A
 * busy database is retried in this one place.
 */
typedef int store_tx_fn(struct store *st, void *ctx, struct err *err);
int store_tx(struct store *st, store_tx_fn *fn, void *ctx, struct err *err);

/* A value that changes whenever the database may have changed (any
 * connection's commit): the key of results computed above the store and
 * kept until the data changes (the dashboard). Outside a transaction. */
uint64_t store_data_stamp(struct store *st);

/* Who acts, for tenancy and the audit trail. */
struct scope {
    int64_t cluster_id;
    int64_t user_id;   /* 0 for the command line */
    const char *actor; /* the user's e-mail, or "command line" */
};

/* ---- clusters ---- */
struct cluster {
    int64_t id;
    char *slug;
    char *name;
    char *created_at;
};
void cluster_release(struct cluster *c);
/* Creates a cluster with a unique slug made from its name. */
int cluster_store_add(struct store *st, const char *name, struct cluster *out,
                      struct err *err);
enum store_rc cluster_store_find(struct store *st, const char *slug,
                                 struct cluster *out, struct err *err);
enum store_rc cluster_store_get(struct store *st, int64_t id,
                                struct cluster *out, struct err *err);
/* *items is a new array of *n clusters ordered by slug; free each with
 * cluster_release() and the array with free(). */
int cluster_store_list(struct store *st, struct cluster **items, size_t *n,
                       struct err *err);

/* ---- users ---- */
struct user {
    int64_t id;
    int64_t cluster_id;
    char *email;
    char *name;
    enum role role;
    bool disabled;
    char *created_at;
};
void user_release(struct user *u);
/* Adds a user; ERR_CONFLICT when the e-mail is taken (in any cluster). */
int user_store_add(struct store *st, const struct scope *sc,
                   const struct user *u, const char *pw_hash, int64_t *id_out,
                   struct err *err);
/* Looks a user up by e-mail in every cluster (for sign-in). *pw_hash,
 * when not NULL, gets a new string. */
enum store_rc user_store_find_email(struct store *st, const char *email,
                                    struct user *out, char **pw_hash,
                                    struct err *err);
enum store_rc user_store_get(struct store *st, int64_t cluster_id, int64_t id,
                             struct user *out, struct err *err);
/* Users of a cluster ordered by e-mail; release as cluster_store_list. */
int user_store_list(struct store *st, int64_t cluster_id, struct user **items,
                    size_t *n, struct err *err);
enum store_rc user_store_set_password(struct store *st, const struct scope *sc,
                                      int64_t user_id, const char *pw_hash,
                                      struct err *err);
/* Disabling also ends the user's sessions and revokes its API tokens. */
enum store_rc user_store_set_disabled(struct store *st, const struct scope *sc,
                                      int64_t user_id, bool disabled,
                                      struct err *err);

/* ---- sessions, API tokens, sign-in throttling ---- */
#define STORE_TOKEN_HASH_LEN 32

/* The signed-in user a session or token stands for. */
struct principal {
    int64_t session_id; /* 0 for an API token */
    int64_t user_id;
    int64_t cluster_id;
    enum role role;
    char email[256];
    char name[256];
    char cluster_name[256];
    char cluster_slug[128];
    char csrf[65]; /* "" for an API token */
};

int session_store_create(struct store *st, int64_t cluster_id, int64_t user_id,
                         const unsigned char hash[STORE_TOKEN_HASH_LEN],
                         const char *csrf, int64_t now, struct err *err);
/* Finds a live session (seen within idle_seconds, user not disabled) and
 * marks it seen (at most once a minute, to keep reads read-only). */
enum store_rc session_store_lookup(
    struct store *st, const unsigned char hash[STORE_TOKEN_HASH_LEN],
    int64_t now, int64_t idle_seconds, struct principal *out, struct err *err);
int session_store_delete(struct store *st,
                         const unsigned char hash[STORE_TOKEN_HASH_LEN],
                         struct err *err);
/* Removes sessions idle longer than idle_seconds and old sign-in failures. */
int session_store_purge(struct store *st, int64_t now, int64_t idle_seconds,
                        struct err *err);

int token_store_create(struct store *st, const struct scope *sc,
                       int64_t user_id,
                       const unsigned char hash[STORE_TOKEN_HASH_LEN],
                       struct err *err);
enum store_rc token_store_lookup(struct store *st,
                                 const unsigned char hash[STORE_TOKEN_HASH_LEN],
                                 struct principal *out, struct err *err);

/* Failed sign-ins since `since` for the account and for the address. */
int throttle_store_count(struct store *st, const char *email, const char *addr,
                         int64_t since, int *by_email, int *by_addr,
                         struct err *err);
int throttle_store_record(struct store *st, const char *email, const char *addr,
                          int64_t now, struct err *err);
/* Forgets the account's failures after a successful sign-in. */
int throttle_store_clear(struct store *st, const char *email, struct err *err);

/* ---- organisations ---- */
enum org_sort {
    ORG_SORT_NAME,
    ORG_SORT_KIND,
    ORG_SORT_CITY,
    ORG_SORT_EMPLOYEES,
    ORG_SORT_UPDATED,
    ORG_SORT__COUNT
};

struct org_filter {
    const char *q;      /* text search; NULL or "" for all */
    int kind;           /* enum org_kind, or -1 for all */
    const char *tag;    /* NULL or "" for all */
    const char *region; /* NULL or "" for all */
    bool archived;      /* the archive instead of the current register */
    enum org_sort sort;
    bool desc;
    int64_t offset;
    int64_t limit; /* -1 for all (exports) */
};

/* One row of a listing: the organisation and what the list shows of it. */
struct org_row {
    struct org org;
    char *entry_contact; /* the entry point's name, or "" */
    int64_t ncontacts;
};

struct org_list {
    struct org_row *items;
    size_t n;
    size_t alloc;
    int64_t total; /* matches of the filter, ignoring offset and limit */
};
void org_list_release(struct org_list *l);

int org_store_list(struct store *st, int64_t cluster_id,
                   const struct org_filter *f, struct org_list *out,
                   struct err *err);
/* Loads an organisation with its tags into *out (org_init'ed by the caller). */
enum store_rc org_store_get(struct store *st, int64_t cluster_id, int64_t id,
                            struct org *out, struct err *err);
/* Stores a validated organisation; sets o->id and its time stamps. */
int org_store_create(struct store *st, const struct scope *sc, struct org *o,
                     struct err *err);
/* Replaces the stored fields of o->id; STORE_NONE when not in the cluster. */
enum store_rc org_store_update(struct store *st, const struct scope *sc,
                               struct org *o, struct err *err);
enum store_rc org_store_set_archived(struct store *st, const struct scope *sc,
                                     int64_t id, bool archived,
                                     struct err *err);
/*
 * Finds another organisation of the cluster that is likely the same as o:
 * the same registration number, else the same folded name. Sets *dup_id
 * (and *dup_name, a new string) and returns STORE_ONE, or STORE_NONE.
 */
enum store_rc org_store_find_duplicate(struct store *st, int64_t cluster_id,
                                       const struct org *o, int64_t *dup_id,
                                       char **dup_name, struct err *err);
/* Current organisations per kind, indexed by enum org_kind. */
int org_store_count_by_kind(struct store *st, int64_t cluster_id,
                            int64_t counts[ORG_KIND__COUNT], struct err *err);
/* Tags and regions in use, for filter choices; new string arrays. */
int org_store_tags(struct store *st, int64_t cluster_id, char ***items,
                   size_t *n, struct err *err);
int org_store_regions(struct store *st, int64_t cluster_id, char ***items,
                      size_t *n, struct err *err);
void store_strings_free(char **items, size_t n);

/* ---- contacts ---- */
enum contact_sort {
    CONTACT_SORT_NAME,
    CONTACT_SORT_ORGANISATION,
    CONTACT_SORT_EMAIL,
    CONTACT_SORT_UPDATED,
    CONTACT_SORT__COUNT
};

struct contact_filter {
    const char *q;
    int64_t organisation_id; /* 0 for all */
    bool archived;
    enum contact_sort sort;
    bool desc;
    int64_t offset;
    int64_t limit; /* -1 for all */
};

struct contact_list {
    struct contact *items;
    size_t n;
    size_t alloc;
    int64_t total;
};
void contact_list_release(struct contact_list *l);

int contact_store_list(struct store *st, int64_t cluster_id,
                       const struct contact_filter *f, struct contact_list *out,
                       struct err *err);
enum store_rc contact_store_get(struct store *st, int64_t cluster_id,
                                int64_t id, struct contact *out,
                                struct err *err);
/* Creates a validated contact. The organisation must be in the cluster
 * (else ERR_INVALID on organisation_id); an entry point takes the flag
 * from the organisation's other contacts. */
int contact_store_create(struct store *st, const struct scope *sc,
                         struct contact *c, struct err *err);
enum store_rc contact_store_update(struct store *st, const struct scope *sc,
                                   struct contact *c, struct err *err);
enum store_rc contact_store_set_archived(struct store *st,
                                         const struct scope *sc, int64_t id,
                                         bool archived, struct err *err);
int contact_store_count(struct store *st, int64_t cluster_id, int64_t *n,
                        struct err *err);

/* Finds the organisation's current contact with this e-mail (if not
 * empty), else with the same folded name. */
enum store_rc contact_store_find_in_org(struct store *st, int64_t cluster_id,
                                        int64_t organisation_id,
                                        const struct contact *c, int64_t *id,
                                        struct err *err);

/* ---- uploads kept between an import's preview and its confirmation ---- */
int upload_store_put(struct store *st, const struct scope *sc,
                     const char *filename, const char *content, size_t len,
                     int64_t now, int64_t *id, struct err *err);
/* Gets the user's own upload; *content is a new buffer of *len bytes. */
enum store_rc upload_store_get(struct store *st, const struct scope *sc,
                               int64_t id, char **filename, char **content,
                               size_t *len, struct err *err);
int upload_store_delete(struct store *st, const struct scope *sc, int64_t id,
                        struct err *err);

/* ---- audit trail ---- */
struct audit_entry {
    int64_t id;
    char *at;
    char *actor;
    char *action;
    char *entity;
    int64_t entity_id;
    char *before; /* JSON text or "" */
    char *after;  /* JSON text or "" */
};
struct audit_list {
    struct audit_entry *items;
    size_t n;
    size_t alloc;
};
void audit_list_release(struct audit_list *l);
/* Entries for one entity (entity_id > 0) or the whole cluster (entity NULL),
 * newest first: limit of them after skipping offset, appended to out. */
int audit_store_list(struct store *st, int64_t cluster_id, const char *entity,
                     int64_t entity_id, int64_t offset, int64_t limit,
                     struct audit_list *out, struct err *err);
/* Entries of an organisation and of its contacts, newest first. */
int audit_store_list_org(struct store *st, int64_t cluster_id, int64_t org_id,
                         int64_t limit, struct audit_list *out,
                         struct err *err);

#endif
