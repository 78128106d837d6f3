/*
 * Contact people of organisations. At most one current contact per
 * organisation is its entry point; setting a new one clears the old one
 * in the same transaction (and the audit trail says so).
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/text.h"
#include "io/org_json.h"
#include "store/db.h"
#include "store/util.h"

void
contact_list_release(struct contact_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        contact_release(&l->items[i]);
    free(l->items);
    memset(l, 0, sizeof(*l));
}

#define CONTACT_COLUMNS                                                 \
    "SELECT c.id, c.organisation_id, o.name, c.name, c.email, c.phone," \
    " c.position, c.entry_point, c.email_consent, c.consent_date,"      \
    " c.consent_source, c.archived_at, c.created_at, c.updated_at"      \
    " FROM contact c JOIN organisation o ON o.id = c.organisation_id"

static void
contact_from_row(sqlite3_stmt *s, void *vc)
{
    struct contact *c = vc;
    c->id = db_col_int(s, 0);
    c->organisation_id = db_col_int(s, 1);
    char **text[] = { &c->organisation_name, &c->name, &c->email, &c->phone,
                      &c->position };
    for (size_t i = 0; i < ARRAY_SIZE(text); i++)
        org_set_str(text[i], db_col_text(s, 2 + (int)i));
    c->entry_point = db_col_int(s, 7) != 0;
    c->email_consent = db_col_int(s, 8) != 0;
    org_set_str(&c->consent_date, db_col_text(s, 9));
    org_set_str(&c->consent_source, db_col_text(s, 10));
    org_set_str(&c->archived_at, db_col_text(s, 11));
    org_set_str(&c->created_at, db_col_text(s, 12));
    org_set_str(&c->updated_at, db_col_text(s, 13));
}

/* Filtered by text or not, for one organisation or all: four statement
 * families, so each is planned on the index that serves it. All bind
 * $1..$4. */
#define CONTACT_Q                                      \
    " AND ($3 IS NULL OR c.search LIKE $3 ESCAPE '\\'" \
    "  OR o.name_key LIKE $3 ESCAPE '\\')"
/* The register's contacts leave it with their organisation's archiving. */
#define CONTACT_ALL                                           \
    " WHERE c.cluster_id = $1 AND c.archived = $2 AND $4 = 0" \
    " AND ($2 = 1 OR o.archived = 0)"
#define CONTACT_ORG \
    " WHERE c.organisation_id = $4 AND c.cluster_id = $1 AND c.archived = $2"
#define CONTACT_LIST(where, order) \
    CONTACT_COLUMNS where " ORDER BY " order " LIMIT $5 OFFSET $6"
#define CONTACT_SORTS(where)                                                   \
    {                                                                          \
        [CONTACT_SORT_NAME] = { CONTACT_LIST(where, "c.name_key, c.id"),       \
                                CONTACT_LIST(where,                            \
                                             "c.name_key DESC, c.id DESC") },  \
        [CONTACT_SORT_ORGANISATION] = { CONTACT_LIST(                          \
                                            where,                             \
                                            "o.name_key, c.entry_point DESC, " \
                                            "c.name_key, c.id"),               \
                                        CONTACT_LIST(                          \
                                            where,                             \
                                            "o.name_key DESC, c.entry_point "  \
                                            "DESC, c.name_key, c.id") },       \
        [CONTACT_SORT_EMAIL] = { CONTACT_LIST(where,                           \
                                              "c.email = '', c.email, c.id"),  \
                                 CONTACT_LIST(                                 \
                                     where,                                    \
                                     "c.email = '', c.email DESC, c.id") },    \
        [CONTACT_SORT_UPDATED] = {                                             \
            CONTACT_LIST(where, "c.updated_at, c.id"),                         \
            CONTACT_LIST(where, "c.updated_at DESC, c.id DESC")                \
        },                                                                     \
    }

/* [by organisation][with q] */
#define CONTACT_FROM \
    " FROM contact c JOIN organisation o ON o.id = c.organisation_id"
static const char *const CONTACT_LIST_SQL[2][2][CONTACT_SORT__COUNT][2] = {
    { CONTACT_SORTS(CONTACT_ALL " AND $3 IS NULL"),
      CONTACT_SORTS(CONTACT_ALL CONTACT_Q) },
    { CONTACT_SORTS(CONTACT_ORG " AND $3 IS NULL"),
      CONTACT_SORTS(CONTACT_ORG CONTACT_Q) },
};
static const char *const CONTACT_COUNT_SQL[2][2] = {
    { "SELECT count(*)" CONTACT_FROM CONTACT_ALL " AND $3 IS NULL",
      "SELECT count(*)" CONTACT_FROM CONTACT_ALL CONTACT_Q },
    { "SELECT count(*)" CONTACT_FROM CONTACT_ORG " AND $3 IS NULL",
      "SELECT count(*)" CONTACT_FROM CONTACT_ORG CONTACT_Q },
};

static void
bind_contact_filter(sqlite3_stmt *s, int64_t cluster_id,
                    const struct contact_filter *f, const char *like)
{
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, f->archived);
    db_bind_text_or_null(s, 3, like);
    db_bind_int(s, 4, f->organisation_id);
}

int
contact_store_list(struct store *st, int64_t cluster_id,
                   const struct contact_filter *f, struct contact_list *out,
                   struct err *err)
{
    int rc = -1;
    struct buf like = BUF_INIT;
    store_like_pattern(&like, f->q);
    bool by_org = f->organisation_id != 0, with_q = like.len > 0;
    sqlite3_stmt *s = db_stmt(st, CONTACT_COUNT_SQL[by_org][with_q], err);
    if (!s)
        goto out;
    bind_contact_filter(s, cluster_id, f, like.s);
    if (db_step(st, s, err) != STORE_ONE)
        goto out;
    out->total = db_col_int(s, 0);
    sqlite3_reset(s);

    unsigned sort = f->sort < CONTACT_SORT__COUNT ? f->sort : CONTACT_SORT_NAME;
    s = db_stmt(st, CONTACT_LIST_SQL[by_org][with_q][sort][f->desc ? 1 : 0],
                err);
    if (!s)
        goto out;
    bind_contact_filter(s, cluster_id, f, like.s);
    db_bind_int(s, 5, f->limit);
    db_bind_int(s, 6, f->offset);
    enum store_rc step;
    while ((step = db_step(st, s, err)) == STORE_ONE) {
        ALLOC_GROW(out->items, out->n + 1, out->alloc);
        struct contact *c = &out->items[out->n++];
        contact_init(c);
        contact_from_row(s, c);
    }
    if (step == STORE_NONE)
        rc = 0;
out:
    buf_release(&like);
    return rc;
}

enum store_rc
contact_store_get(struct store *st, int64_t cluster_id, int64_t id,
                  struct contact *out, struct err *err)
{
    static const char SELECT[] =
        CONTACT_COLUMNS " WHERE c.cluster_id = $1 AND c.id = $2";
    return db_get_record(st, SELECT, cluster_id, id, contact_from_row, out,
                         err);
}

int
contact_store_count(struct store *st, int64_t cluster_id, int64_t *n,
                    struct err *err)
{
    static const char COUNT[] =
        "SELECT count(*) FROM contact WHERE cluster_id = $1 AND archived = 0";
    sqlite3_stmt *s = db_stmt(st, COUNT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    if (db_step(st, s, err) != STORE_ONE)
        return -1;
    *n = db_col_int(s, 0);
    sqlite3_reset(s);
    return 0;
}

static void
contact_search_text(const struct contact *c, struct buf *out)
{
    const char *parts[] = { c->name, c->email, c->position, c->phone };
    for (size_t i = 0; i < ARRAY_SIZE(parts); i++) {
        text_fold(out, parts[i], strlen(parts[i]));
        buf_addc(out, '\n');
    }
}

/* Checks that the organisation exists in the cluster; fills its name. */
static int
check_organisation(struct store *st, int64_t cluster_id, struct contact *c,
                   struct err *err)
{
    static const char SELECT[] = "SELECT name, archived FROM organisation "
                                 "WHERE cluster_id = $1 AND id = $2";
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, c->organisation_id);
    enum store_rc rc = db_step(st, s, err);
    if (rc == STORE_HARD)
        return -1;
    if (rc == STORE_NONE)
        return err_set(err, ERR_INVALID, "organisation_id",
                       "Choose an organisation of this cluster.");
    org_set_str(&c->organisation_name, db_col_text(s, 0));
    bool archived = db_col_int(s, 1) != 0;
    sqlite3_reset(s);
    if (archived)
        return err_set(err, ERR_CONFLICT, "organisation_id",
                       "The organisation is archived; restore it first.");
    return 0;
}

/*
 * Makes c the only entry point of its organisation: the previous one, if
 * any, loses the flag, with an audit entry of its own.
 */
static int
take_entry_point(struct store *st, const struct scope *sc,
                 const struct contact *c, struct err *err)
{
    static const char CURRENT[] =
        "SELECT id FROM contact WHERE cluster_id = $1 AND organisation_id = $2"
        " AND entry_point = 1 AND archived = 0 AND id <> $3";
    static const char CLEAR[] =
        "UPDATE contact SET entry_point = 0, updated_at = $3"
        " WHERE cluster_id = $1 AND id = $2";
    if (!c->entry_point || c->archived_at[0])
        return 0;
    sqlite3_stmt *s = db_stmt(st, CURRENT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, sc->cluster_id);
    db_bind_int(s, 2, c->organisation_id);
    db_bind_int(s, 3, c->id);
    enum store_rc rc = db_step(st, s, err);
    if (rc != STORE_ONE)
        return rc == STORE_NONE ? 0 : -1;
    int64_t other_id = db_col_int(s, 0);
    sqlite3_reset(s);

    struct contact other;
    contact_init(&other);
    int ret = -1;
    if (contact_store_get(st, sc->cluster_id, other_id, &other, err) !=
        STORE_ONE)
        goto out;
    char *before = contact_json_text(&other);
    char now[21];
    db_now_iso(now);
    s = db_stmt(st, CLEAR, err);
    if (!s) {
        free(before);
        goto out;
    }
    db_bind_int(s, 1, sc->cluster_id);
    db_bind_int(s, 2, other_id);
    db_bind_text(s, 3, now);
    if (db_exec_stmt(st, s, err) != STORE_NONE) {
        free(before);
        goto out;
    }
    other.entry_point = false;
    org_set_str(&other.updated_at, now);
    ret = audit_record(st, sc, "update", "contact", other_id, before,
                       contact_json_text(&other), err);
out:
    contact_release(&other);
    return ret;
}

/* Binds $2..$13 of INSERT and UPDATE. */
static void
bind_contact_fields(sqlite3_stmt *s, const struct contact *c,
                    const char *name_key, const char *search, const char *now)
{
    db_bind_int(s, 2, c->organisation_id);
    db_bind_text(s, 3, c->name);
    db_bind_text(s, 4, name_key);
    db_bind_text(s, 5, c->email);
    db_bind_text(s, 6, c->phone);
    db_bind_text(s, 7, c->position);
    db_bind_int(s, 8, c->entry_point);
    db_bind_int(s, 9, c->email_consent);
    db_bind_text(s, 10, c->consent_date);
    db_bind_text(s, 11, c->consent_source);
    db_bind_text(s, 12, search);
    db_bind_text(s, 13, now);
}

struct contact_write {
    const struct scope *sc;
    struct contact *contact;
    enum store_rc rc;
};

static int
contact_create_in_tx(struct store *st, void *vctx, struct err *err)
{
    static const char INSERT[] =
        "INSERT INTO contact(cluster_id, organisation_id, name, name_key,"
        " email, phone, position, entry_point, email_consent, consent_date,"
        " consent_source, search, created_at, updated_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)";
    struct contact_write *w = vctx;
    struct contact *c = w->contact;
    struct buf key = BUF_INIT, search = BUF_INIT;
    int rc = -1;
    if (check_organisation(st, w->sc->cluster_id, c, err) ||
        take_entry_point(st, w->sc, c, err))
        goto out;
    char now[21];
    db_now_iso(now);
    text_fold(&key, c->name, strlen(c->name));
    contact_search_text(c, &search);
    sqlite3_stmt *s = db_stmt(st, INSERT, err);
    if (!s)
        goto out;
    db_bind_int(s, 1, w->sc->cluster_id);
    bind_contact_fields(s, c, key.s, search.s, now);
    if (db_exec_stmt(st, s, err) != STORE_NONE)
        goto out;
    c->id = db_last_id(st);
    org_set_str(&c->created_at, now);
    org_set_str(&c->updated_at, now);
    rc = audit_record(st, w->sc, "create", "contact", c->id, NULL,
                      contact_json_text(c), err);
out:
    buf_release(&key);
    buf_release(&search);
    return rc;
}

int
contact_store_create(struct store *st, const struct scope *sc,
                     struct contact *c, struct err *err)
{
    struct contact_write w = { sc, c, STORE_ONE };
    return store_tx(st, contact_create_in_tx, &w, err);
}

static int
contact_update_in_tx(struct store *st, void *vctx, struct err *err)
{
    static const char UPDATE[] =
        "UPDATE contact SET organisation_id = $2, name = $3, name_key = $4,"
        " email = $5, phone = $6, position = $7, entry_point = $8,"
        " email_consent = $9, consent_date = $10, consent_source = $11,"
        " search = $12, updated_at = $13 WHERE cluster_id = $1 AND id = $14";
    struct contact_write *w = vctx;
    struct contact *c = w->contact;
    struct contact before;
    struct buf key = BUF_INIT, search = BUF_INIT;
    int rc = -1;
    contact_init(&before);
    w->rc = contact_store_get(st, w->sc->cluster_id, c->id, &before, err);
    if (w->rc != STORE_ONE) {
        rc = w->rc == STORE_NONE ? 0 : -1;
        goto out;
    }
    org_set_str(&c->archived_at, before.archived_at);
    if (check_organisation(st, w->sc->cluster_id, c, err) ||
        take_entry_point(st, w->sc, c, err))
        goto out;
    char now[21];
    db_now_iso(now);
    text_fold(&key, c->name, strlen(c->name));
    contact_search_text(c, &search);
    sqlite3_stmt *s = db_stmt(st, UPDATE, err);
    if (!s)
        goto out;
    db_bind_int(s, 1, w->sc->cluster_id);
    bind_contact_fields(s, c, key.s, search.s, now);
    db_bind_int(s, 14, c->id);
    if (db_exec_stmt(st, s, err) != STORE_NONE)
        goto out;
    org_set_str(&c->created_at, before.created_at);
    org_set_str(&c->updated_at, now);
    rc = audit_record(st, w->sc, "update", "contact", c->id,
                      contact_json_text(&before), contact_json_text(c), err);
out:
    contact_release(&before);
    buf_release(&key);
    buf_release(&search);
    return rc;
}

enum store_rc
contact_store_update(struct store *st, const struct scope *sc,
                     struct contact *c, struct err *err)
{
    struct contact_write w = { sc, c, STORE_NONE };
    if (store_tx(st, contact_update_in_tx, &w, err))
        return STORE_HARD;
    return w.rc;
}

struct contact_archive {
    const struct scope *sc;
    int64_t id;
    bool archived;
    enum store_rc rc;
};

static int
contact_archive_in_tx(struct store *st, void *vctx, struct err *err)
{
    static const char UPDATE[] =
        "UPDATE contact SET archived = $3, archived_at = $4, entry_point = $5,"
        " updated_at = $6 WHERE cluster_id = $1 AND id = $2";
    static const char HAS_ENTRY[] =
        "SELECT 1 FROM contact WHERE cluster_id = $1 AND organisation_id = $2"
        " AND entry_point = 1 AND archived = 0";
    struct contact_archive *a = vctx;
    struct contact c;
    int rc = -1;
    contact_init(&c);
    a->rc = contact_store_get(st, a->sc->cluster_id, a->id, &c, err);
    if (a->rc != STORE_ONE) {
        rc = a->rc == STORE_NONE ? 0 : -1;
        goto out;
    }
    char *before = contact_json_text(&c);
    /* A restored contact stays the entry point only while its organisation
     * has not chosen another one meanwhile. */
    bool entry = c.entry_point;
    if (!a->archived && entry) {
        sqlite3_stmt *q = db_stmt(st, HAS_ENTRY, err);
        enum store_rc found = STORE_HARD;
        if (q) {
            db_bind_int(q, 1, a->sc->cluster_id);
            db_bind_int(q, 2, c.organisation_id);
            found = db_step(st, q, err);
            sqlite3_reset(q);
        }
        if (found == STORE_HARD) {
            free(before);
            goto out;
        }
        entry = found == STORE_NONE;
    }
    char now[21];
    db_now_iso(now);
    sqlite3_stmt *s = db_stmt(st, UPDATE, err);
    if (!s) {
        free(before);
        goto out;
    }
    db_bind_int(s, 1, a->sc->cluster_id);
    db_bind_int(s, 2, a->id);
    db_bind_int(s, 3, a->archived);
    db_bind_text(s, 4, a->archived ? now : "");
    db_bind_int(s, 5, entry);
    db_bind_text(s, 6, now);
    if (db_exec_stmt(st, s, err) != STORE_NONE) {
        free(before);
        goto out;
    }
    c.entry_point = entry;
    org_set_str(&c.archived_at, a->archived ? now : "");
    org_set_str(&c.updated_at, now);
    rc = audit_record(st, a->sc, a->archived ? "archive" : "restore", "contact",
                      a->id, before, contact_json_text(&c), err);
out:
    contact_release(&c);
    return rc;
}

enum store_rc
contact_store_set_archived(struct store *st, const struct scope *sc, int64_t id,
                           bool archived, struct err *err)
{
    struct contact_archive a = { sc, id, archived, STORE_NONE };
    if (store_tx(st, contact_archive_in_tx, &a, err))
        return STORE_HARD;
    return a.rc;
}

/* One lookup of find_in_org: $1 cluster, $2 organisation, $3 value. */
static enum store_rc
find_in_org_by(struct store *st, const char *sql, int64_t cluster_id,
               int64_t organisation_id, const char *value, int64_t *id,
               struct err *err)
{
    sqlite3_stmt *s = db_stmt(st, sql, err);
    if (!s)
        return STORE_HARD;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, organisation_id);
    db_bind_text(s, 3, value);
    enum store_rc rc = db_step(st, s, err);
    if (rc == STORE_ONE) {
        *id = db_col_int(s, 0);
        sqlite3_reset(s);
    }
    return rc;
}

enum store_rc
contact_store_find_in_org(struct store *st, int64_t cluster_id,
                          int64_t organisation_id, const struct contact *c,
                          int64_t *id, struct err *err)
{
    /* The e-mail first, as the surer sign; two lookups rather than an OR
     * and a sort, so each is one index probe. */
    static const char BY_EMAIL[] =
        "SELECT id FROM contact WHERE organisation_id = $2 AND archived = 0"
        " AND cluster_id = $1 AND email = $3 LIMIT 1";
    static const char BY_NAME[] =
        "SELECT id FROM contact WHERE organisation_id = $2 AND archived = 0"
        " AND cluster_id = $1 AND name_key = $3 LIMIT 1";
    enum store_rc rc = STORE_NONE;
    if (*c->email)
        rc = find_in_org_by(st, BY_EMAIL, cluster_id, organisation_id, c->email,
                            id, err);
    if (rc == STORE_NONE) {
        struct buf key = BUF_INIT;
        text_fold(&key, c->name, strlen(c->name));
        rc = find_in_org_by(st, BY_NAME, cluster_id, organisation_id, key.s, id,
                            err);
        buf_release(&key);
    }
    return rc;
}
