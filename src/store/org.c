/*
 * Organisations of the member registry, with their tags. Listing filters
 * are bound parameters and sort orders are fixed statements: nothing from
 * a request becomes SQL text.
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/text.h"
#include "io/jsonw.h"
#include "io/org_json.h"
#include "store/db.h"
#include "store/util.h"

void
org_list_release(struct org_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        org_release(&l->items[i].org);
        free(l->items[i].entry_contact);
    }
    free(l->items);
    memset(l, 0, sizeof(*l));
}

void
store_strings_free(char **items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(items[i]);
    free(items);
}

/* Columns 0..14 fill struct org (tags in 12, as a \x1f-joined list). */
#define ORG_COLUMNS                                                          \
    "SELECT o.id, o.name, o.kind, o.employees, o.nace, o.country, o.region," \
    " o.city, o.website, o.registration_no, o.notes, o.archived_at,"         \
    " o.tags, o.created_at, o.updated_at"

static void
org_from_row(sqlite3_stmt *s, void *vo)
{
    struct org *o = vo;
    o->id = db_col_int(s, 0);
    org_set_str(&o->name, db_col_text(s, 1));
    if (org_kind_parse(db_col_text(s, 2), &o->kind))
        o->kind = ORG_KIND_OTHER;
    o->employees = sqlite3_column_type(s, 3) == SQLITE_NULL
                       ? ORG_EMPLOYEES_UNKNOWN
                       : db_col_int(s, 3);
    char **text[] = { &o->nace,  &o->country,    &o->region,
                      &o->city,  &o->website,    &o->registration_no,
                      &o->notes, &o->archived_at };
    for (size_t i = 0; i < ARRAY_SIZE(text); i++)
        org_set_str(text[i], db_col_text(s, 4 + (int)i));
    const char *tags = db_col_text(s, 12);
    while (*tags) {
        size_t n = strcspn(tags, "\x1f");
        ALLOC_GROW(o->tags, o->ntags + 1, o->tags_alloc);
        o->tags[o->ntags++] = xstrndup(tags, n);
        tags += n + (tags[n] ? 1 : 0);
    }
    org_set_str(&o->created_at, db_col_text(s, 13));
    org_set_str(&o->updated_at, db_col_text(s, 14));
}

#define ORG_LIST_SELECT                                               \
    ORG_COLUMNS                                                       \
    ","                                                               \
    " (SELECT name FROM contact c WHERE c.organisation_id = o.id"     \
    "  AND c.entry_point = 1 AND c.archived = 0),"                    \
    " (SELECT count(*) FROM contact c WHERE c.organisation_id = o.id" \
    "  AND c.archived = 0)"                                           \
    " FROM organisation o"
/* The filtered statements, and the plain ones for the unfiltered
 * register: SQLite plans a statement once, so "$3 IS NULL OR ..." would
 * keep it from counting on the index alone. Both bind $1..$6. */
#define ORG_WHERE                                                  \
    " WHERE o.cluster_id = $1 AND o.archived = $2"                 \
    " AND ($3 IS NULL OR o.search LIKE $3 ESCAPE '\\')"            \
    " AND ($4 IS NULL OR o.kind = $4)"                             \
    " AND ($5 IS NULL OR EXISTS (SELECT 1 FROM organisation_tag t" \
    "  WHERE t.organisation_id = o.id AND t.tag_key = $5))"        \
    " AND ($6 IS NULL OR o.region = $6)"
#define ORG_WHERE_PLAIN                                           \
    " WHERE o.cluster_id = $1 AND o.archived = $2 AND $3 IS NULL" \
    " AND $4 IS NULL AND $5 IS NULL AND $6 IS NULL"
#define ORG_LIST(where, order) \
    ORG_LIST_SELECT where " ORDER BY " order " LIMIT $7 OFFSET $8"
#define ORG_SORTS(where)                                                       \
    {                                                                          \
        [ORG_SORT_NAME] = { ORG_LIST(where, "o.name_key, o.id"),               \
                            ORG_LIST(where, "o.name_key DESC, o.id DESC") },   \
        [ORG_SORT_KIND] = { ORG_LIST(where, "o.kind, o.name_key, o.id"),       \
                            ORG_LIST(where,                                    \
                                     "o.kind DESC, o.name_key, o.id") },       \
        [ORG_SORT_CITY] = { ORG_LIST(where,                                    \
                                     "o.city = '', o.city, o.name_key, o.id"), \
                            ORG_LIST(where, "o.city = '', o.city DESC, "       \
                                            "o.name_key, o.id") },             \
        [ORG_SORT_EMPLOYEES] = { ORG_LIST(where,                               \
                                          "o.employees IS NULL, o.employees, " \
                                          "o.name_key, o.id"),                 \
                                 ORG_LIST(where,                               \
                                          "o.employees IS NULL, o.employees "  \
                                          "DESC, o.name_key, o.id") },         \
        [ORG_SORT_UPDATED] = { ORG_LIST(where, "o.updated_at, o.id"),          \
                               ORG_LIST(where,                                 \
                                        "o.updated_at DESC, o.id DESC") },     \
    }

/* ORG_LIST_SQL[plain][sort][desc] */
static const char *const ORG_LIST_SQL[2][ORG_SORT__COUNT][2] = {
    ORG_SORTS(ORG_WHERE),
    ORG_SORTS(ORG_WHERE_PLAIN),
};
static const char *const ORG_COUNT_SQL[2] = {
    "SELECT count(*) FROM organisation o" ORG_WHERE,
    "SELECT count(*) FROM organisation o" ORG_WHERE_PLAIN,
};

static void
bind_org_filter(sqlite3_stmt *s, int64_t cluster_id, const struct org_filter *f,
                const char *like, const char *tag_key)
{
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, f->archived);
    db_bind_text_or_null(s, 3, like);
    db_bind_text(s, 4,
                 f->kind >= 0 && f->kind < ORG_KIND__COUNT
                     ? org_kind_name((enum org_kind)f->kind)
                     : NULL);
    db_bind_text_or_null(s, 5, tag_key);
    db_bind_text_or_null(s, 6, f->region);
}

/* The total of a filter; the plain register's total is remembered. */
static int
org_count(struct store *st, int64_t cluster_id, const struct org_filter *f,
          bool plain, const char *like, const char *tag_key, int64_t *total,
          struct err *err)
{
    const char *sql = ORG_COUNT_SQL[plain];
    uint64_t stamp = 0;
    struct memo *m =
        plain ? db_memo_get(st, sql, cluster_id, f->archived, &stamp) : NULL;
    if (m) {
        *total = m->count;
        return 0;
    }
    sqlite3_stmt *s = db_stmt(st, sql, err);
    if (!s)
        return -1;
    bind_org_filter(s, cluster_id, f, like, tag_key);
    if (db_step(st, s, err) != STORE_ONE)
        return -1;
    *total = db_col_int(s, 0);
    sqlite3_reset(s);
    if (plain && (m = db_memo_put(st, sql, cluster_id, f->archived, stamp)))
        m->count = *total;
    return 0;
}

int
org_store_list(struct store *st, int64_t cluster_id, const struct org_filter *f,
               struct org_list *out, struct err *err)
{
    int rc = -1;
    struct buf like = BUF_INIT, tag_key = BUF_INIT;
    store_like_pattern(&like, f->q);
    if (f->tag)
        text_fold(&tag_key, f->tag, strlen(f->tag));
    bool plain = !like.len && !tag_key.len && !(f->region && *f->region) &&
                 !(f->kind >= 0 && f->kind < ORG_KIND__COUNT);
    if (org_count(st, cluster_id, f, plain, like.s, tag_key.s, &out->total,
                  err))
        goto out;

    unsigned sort = f->sort < ORG_SORT__COUNT ? f->sort : ORG_SORT_NAME;
    sqlite3_stmt *s =
        db_stmt(st, ORG_LIST_SQL[plain][sort][f->desc ? 1 : 0], err);
    if (!s)
        goto out;
    bind_org_filter(s, cluster_id, f, like.s, tag_key.s);
    db_bind_int(s, 7, f->limit);
    db_bind_int(s, 8, f->offset);
    enum store_rc step;
    while ((step = db_step(st, s, err)) == STORE_ONE) {
        ALLOC_GROW(out->items, out->n + 1, out->alloc);
        struct org_row *row = &out->items[out->n++];
        org_init(&row->org);
        org_from_row(s, &row->org);
        row->entry_contact = db_col_dup(s, 15);
        row->ncontacts = db_col_int(s, 16);
    }
    if (step == STORE_NONE)
        rc = 0;
out:
    buf_release(&like);
    buf_release(&tag_key);
    return rc;
}

enum store_rc
org_store_get(struct store *st, int64_t cluster_id, int64_t id, struct org *out,
              struct err *err)
{
    static const char SELECT[] = ORG_COLUMNS
        " FROM organisation o WHERE o.cluster_id = $1 AND o.id = $2";
    return db_get_record(st, SELECT, cluster_id, id, org_from_row, out, err);
}

/* The folded text that q searches: name, place, numbers and tags. */
static void
org_search_text(const struct org *o, struct buf *out)
{
    const char *parts[] = { o->name, o->city,   o->region, o->registration_no,
                            o->nace, o->website };
    for (size_t i = 0; i < ARRAY_SIZE(parts); i++) {
        text_fold(out, parts[i], strlen(parts[i]));
        buf_addc(out, '\n');
    }
    for (size_t i = 0; i < o->ntags; i++) {
        text_fold(out, o->tags[i], strlen(o->tags[i]));
        buf_addc(out, '\n');
    }
}

/*
 * Writes the tags of o, replacing its old ones unless it is new. All of
 * them go in one statement (json_each over [[tag, key], ...]): an import
 * writes tens of thousands, and a statement per tag was a fifth of it.
 */
static int
write_tags(struct store *st, int64_t cluster_id, const struct org *o,
           bool is_new, struct err *err)
{
    static const char DELETE[] =
        "DELETE FROM organisation_tag WHERE organisation_id = $1";
    static const char INSERT[] =
        "INSERT INTO organisation_tag(cluster_id, organisation_id, position,"
        " tag, tag_key) SELECT $1, $2, key, value ->> 0, value ->> 1"
        " FROM json_each($3)";
    sqlite3_stmt *s;
    if (!is_new) {
        s = db_stmt(st, DELETE, err);
        if (!s)
            return -1;
        db_bind_int(s, 1, o->id);
        if (db_exec_stmt(st, s, err) != STORE_NONE)
            return -1;
    }
    if (!o->ntags)
        return 0;
    struct buf pairs = BUF_INIT, key = BUF_INIT;
    struct jsonw w;
    jsonw_init(&w, &pairs);
    jsonw_begin_array(&w);
    for (size_t i = 0; i < o->ntags; i++) {
        buf_reset(&key);
        text_fold(&key, o->tags[i], strlen(o->tags[i]));
        jsonw_begin_array(&w);
        jsonw_string(&w, o->tags[i]);
        jsonw_string(&w, key.s);
        jsonw_end_array(&w);
    }
    jsonw_end_array(&w);
    int rc = -1;
    s = db_stmt(st, INSERT, err);
    if (s) {
        db_bind_int(s, 1, cluster_id);
        db_bind_int(s, 2, o->id);
        db_bind_text(s, 3, pairs.s);
        rc = db_exec_stmt(st, s, err) == STORE_NONE ? 0 : -1;
    }
    buf_release(&pairs);
    buf_release(&key);
    return rc;
}

/* The tags joined by U+001F, as the tags column keeps them for lists. */
static void
org_tags_column(const struct org *o, struct buf *out)
{
    for (size_t i = 0; i < o->ntags; i++) {
        if (i)
            buf_addc(out, '\x1f');
        buf_adds(out, o->tags[i]);
    }
}

/* Binds the stored columns of o as $2..$14 and $16 of INSERT and UPDATE. */
static void
bind_org_fields(sqlite3_stmt *s, const struct org *o, const char *name_key,
                const char *search, const char *tags, const char *now)
{
    db_bind_text(s, 2, o->name);
    db_bind_text(s, 3, name_key);
    db_bind_text(s, 4, org_kind_name(o->kind));
    if (o->employees != ORG_EMPLOYEES_UNKNOWN)
        db_bind_int(s, 5, o->employees);
    db_bind_text(s, 6, o->nace);
    db_bind_text(s, 7, o->country);
    db_bind_text(s, 8, o->region);
    db_bind_text(s, 9, o->city);
    db_bind_text(s, 10, o->website);
    db_bind_text(s, 11, o->registration_no);
    db_bind_text(s, 12, o->notes);
    db_bind_text(s, 13, search);
    db_bind_text(s, 14, now);
    db_bind_text(s, 16, tags);
}

struct org_write {
    const struct scope *sc;
    struct org *org;
    enum store_rc rc;
};

static int
create_in_tx(struct store *st, void *vctx, struct err *err)
{
    static const char INSERT[] =
        "INSERT INTO organisation(cluster_id, name, name_key, kind, employees,"
        " nace, country, region, city, website, registration_no, notes, search,"
        " created_at, updated_at, tags)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,"
        " $14, $14, $16)";
    struct org_write *w = vctx;
    struct org *o = w->org;
    struct buf key = BUF_INIT, search = BUF_INIT, tags = BUF_INIT;
    int rc = -1;
    char now[21];
    db_now_iso(now);
    org_name_key(&key, o->name);
    org_search_text(o, &search);
    org_tags_column(o, &tags);
    sqlite3_stmt *s = db_stmt(st, INSERT, err);
    if (!s)
        goto out;
    db_bind_int(s, 1, w->sc->cluster_id);
    bind_org_fields(s, o, key.s, search.s, tags.s, now);
    if (db_exec_stmt(st, s, err) != STORE_NONE)
        goto out;
    o->id = db_last_id(st);
    org_set_str(&o->created_at, now);
    org_set_str(&o->updated_at, now);
    if (write_tags(st, w->sc->cluster_id, o, true, err))
        goto out;
    rc = audit_record(st, w->sc, "create", "organisation", o->id, NULL,
                      org_json_text(o), err);
out:
    buf_release(&key);
    buf_release(&search);
    buf_release(&tags);
    return rc;
}

int
org_store_create(struct store *st, const struct scope *sc, struct org *o,
                 struct err *err)
{
    struct org_write w = { sc, o, STORE_ONE };
    return store_tx(st, create_in_tx, &w, err);
}

static int
update_in_tx(struct store *st, void *vctx, struct err *err)
{
    static const char UPDATE[] =
        "UPDATE organisation SET name = $2, name_key = $3, kind = $4,"
        " employees = $5, nace = $6, country = $7, region = $8, city = $9,"
        " website = $10, registration_no = $11, notes = $12, search = $13,"
        " updated_at = $14, tags = $16 WHERE cluster_id = $1 AND id = $15";
    struct org_write *w = vctx;
    struct org *o = w->org;
    struct org before;
    struct buf key = BUF_INIT, search = BUF_INIT, tags = BUF_INIT;
    int rc = -1;
    org_init(&before);
    w->rc = org_store_get(st, w->sc->cluster_id, o->id, &before, err);
    if (w->rc != STORE_ONE) {
        rc = w->rc == STORE_NONE ? 0 : -1;
        goto out;
    }
    char now[21];
    db_now_iso(now);
    org_name_key(&key, o->name);
    org_search_text(o, &search);
    org_tags_column(o, &tags);
    sqlite3_stmt *s = db_stmt(st, UPDATE, err);
    if (!s)
        goto out;
    db_bind_int(s, 1, w->sc->cluster_id);
    bind_org_fields(s, o, key.s, search.s, tags.s, now);
    db_bind_int(s, 15, o->id);
    if (db_exec_stmt(st, s, err) != STORE_NONE)
        goto out;
    if (write_tags(st, w->sc->cluster_id, o, false, err))
        goto out;
    org_set_str(&o->created_at, before.created_at);
    org_set_str(&o->updated_at, now);
    org_set_str(&o->archived_at, before.archived_at);
    rc = audit_record(st, w->sc, "update", "organisation", o->id,
                      org_json_text(&before), org_json_text(o), err);
out:
    org_release(&before);
    buf_release(&key);
    buf_release(&search);
    buf_release(&tags);
    return rc;
}

enum store_rc
org_store_update(struct store *st, const struct scope *sc, struct org *o,
                 struct err *err)
{
    struct org_write w = { sc, o, STORE_NONE };
    if (store_tx(st, update_in_tx, &w, err))
        return STORE_HARD;
    return w.rc;
}

struct archive_ctx {
    const struct scope *sc;
    int64_t id;
    bool archived;
    enum store_rc rc;
};

static int
archive_in_tx(struct store *st, void *vctx, struct err *err)
{
    static const char UPDATE[] = "UPDATE organisation SET archived = $3, "
                                 "archived_at = $4, updated_at = $5"
                                 " WHERE cluster_id = $1 AND id = $2";
    struct archive_ctx *c = vctx;
    struct org o;
    int rc = -1;
    org_init(&o);
    c->rc = org_store_get(st, c->sc->cluster_id, c->id, &o, err);
    if (c->rc != STORE_ONE) {
        rc = c->rc == STORE_NONE ? 0 : -1;
        goto out;
    }
    char now[21];
    db_now_iso(now);
    sqlite3_stmt *s = db_stmt(st, UPDATE, err);
    if (!s)
        goto out;
    db_bind_int(s, 1, c->sc->cluster_id);
    db_bind_int(s, 2, c->id);
    db_bind_int(s, 3, c->archived);
    db_bind_text(s, 4, c->archived ? now : "");
    db_bind_text(s, 5, now);
    if (db_exec_stmt(st, s, err) != STORE_NONE)
        goto out;
    char *before = org_json_text(&o);
    org_set_str(&o.archived_at, c->archived ? now : "");
    org_set_str(&o.updated_at, now);
    rc = audit_record(st, c->sc, c->archived ? "archive" : "restore",
                      "organisation", c->id, before, org_json_text(&o), err);
out:
    org_release(&o);
    return rc;
}

enum store_rc
org_store_set_archived(struct store *st, const struct scope *sc, int64_t id,
                       bool archived, struct err *err)
{
    struct archive_ctx c = { sc, id, archived, STORE_NONE };
    if (store_tx(st, archive_in_tx, &c, err))
        return STORE_HARD;
    return c.rc;
}

/* Runs one duplicate lookup: sql with $1 cluster, $2 own id, $3 value. */
static enum store_rc
find_by(struct store *st, const char *sql, int64_t cluster_id, int64_t own_id,
        const char *value, int64_t *dup_id, char **dup_name, struct err *err)
{
    sqlite3_stmt *s = db_stmt(st, sql, err);
    if (!s)
        return STORE_HARD;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, own_id);
    db_bind_text(s, 3, value);
    enum store_rc rc = db_step(st, s, err);
    if (rc == STORE_ONE) {
        *dup_id = db_col_int(s, 0);
        if (dup_name)
            *dup_name = db_col_dup(s, 1);
        sqlite3_reset(s);
    }
    return rc;
}

enum store_rc
org_store_find_duplicate(struct store *st, int64_t cluster_id,
                         const struct org *o, int64_t *dup_id, char **dup_name,
                         struct err *err)
{
    /* Two lookups rather than one OR, so each uses its index: the
     * registration number first, as the surer sign. */
    static const char BY_REGNO[] =
        "SELECT id, name FROM organisation WHERE cluster_id = $1 AND id <> $2"
        " AND registration_no <> '' AND registration_no = $3 ORDER BY id LIMIT "
        "1";
    static const char BY_NAME[] =
        "SELECT id, name FROM organisation WHERE cluster_id = $1 AND id <> $2"
        " AND name_key = $3 ORDER BY id LIMIT 1";
    enum store_rc rc = STORE_NONE;
    if (*o->registration_no)
        rc = find_by(st, BY_REGNO, cluster_id, o->id, o->registration_no,
                     dup_id, dup_name, err);
    if (rc == STORE_NONE) {
        struct buf key = BUF_INIT;
        org_name_key(&key, o->name);
        rc = find_by(st, BY_NAME, cluster_id, o->id, key.s, dup_id, dup_name,
                     err);
        buf_release(&key);
    }
    return rc;
}

int
org_store_count_by_kind(struct store *st, int64_t cluster_id,
                        int64_t counts[ORG_KIND__COUNT], struct err *err)
{
    static const char SELECT[] =
        "SELECT kind, count(*) FROM organisation WHERE cluster_id = $1"
        " AND archived = 0 GROUP BY kind";
    memset(counts, 0, sizeof(int64_t) * ORG_KIND__COUNT);
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    enum store_rc rc;
    while ((rc = db_step(st, s, err)) == STORE_ONE) {
        enum org_kind k;
        if (org_kind_parse(db_col_text(s, 0), &k) == 0)
            counts[k] += db_col_int(s, 1);
    }
    return rc == STORE_NONE ? 0 : -1;
}

int
org_store_tags(struct store *st, int64_t cluster_id, char ***items, size_t *n,
               struct err *err)
{
    static const char SELECT[] =
        "SELECT min(tag) FROM organisation_tag WHERE cluster_id = $1"
        " GROUP BY tag_key ORDER BY tag_key";
    return store_strings(st, SELECT, cluster_id, items, n, err);
}

int
org_store_regions(struct store *st, int64_t cluster_id, char ***items,
                  size_t *n, struct err *err)
{
    static const char SELECT[] =
        "SELECT DISTINCT region FROM organisation WHERE cluster_id = $1"
        " AND region <> '' ORDER BY region";
    return store_strings(st, SELECT, cluster_id, items, n, err);
}
