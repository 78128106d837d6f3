/*
 * Resolving an activity file against the cluster: one statement loads
 * the keys of every organisation (id, folded name, registration number),
 * one the contacts when the file names any, one the users; hash tables
 * then answer each row in constant time, so 100,000 rows against 50,000
 * organisations cost a few loads and no query per row. Nothing is
 * written here.
 */
#include "store/activity_import_store.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/mem.h"
#include "base/text.h"
#include "store/db.h"

/* A record loaded for matching. */
struct entry {
    int64_t id;
    int64_t organisation_id; /* contacts: theirs */
    char *name;              /* users; NULL for contacts */
    bool archived;           /* contacts */
};

struct table {
    struct entry *items;
    size_t n, alloc;
};

static void
table_release(struct table *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->items[i].name);
    free(t->items);
    memset(t, 0, sizeof(*t));
}

static size_t
table_add(struct table *t, int64_t id, int64_t organisation_id,
          const char *name)
{
    ALLOC_GROW(t->items, t->n + 1, t->alloc);
    t->items[t->n].id = id;
    t->items[t->n].organisation_id = organisation_id;
    t->items[t->n].name = name ? xstrdup(name) : NULL;
    t->items[t->n].archived = false;
    return t->n++;
}

/* Puts key unless it is there: the first (lowest id) keeps it. */
static void
put_first(struct import_keymap *m, const char *key, size_t value)
{
    size_t had;
    if (*key && !import_keymap_get(m, key, &had))
        import_keymap_put(m, key, value);
}

/* The key of a contact in its organisation: "org\x1f" e-mail or name. */
static void
contact_key(struct buf *b, int64_t org_id, char what, const char *s)
{
    buf_reset(b);
    buf_addf(b, "%" PRId64 "\x1f%c", org_id, what);
    if (what == 'e')
        buf_adds(b, s);
    else
        text_fold(b, s, strlen(s));
}

static void
lower_ascii(struct buf *b, const char *s)
{
    buf_reset(b);
    for (; *s; s++)
        buf_addc(b, *s >= 'A' && *s <= 'Z' ? (char)(*s + 32) : *s);
    if (!b->s)
        buf_adds(b, "");
}

struct keys {
    int64_t *org_ids; /* the cluster's organisations, ascending */
    size_t norgs;
    struct import_keymap org_by_name, org_by_regno; /* value: the id */
    struct table contacts;
    struct import_keymap contact_by_key;
    struct table users;
    struct import_keymap user_by_email, user_by_name;
};

static void
keys_release(struct keys *k)
{
    free(k->org_ids);
    table_release(&k->contacts);
    table_release(&k->users);
    import_keymap_release(&k->org_by_name);
    import_keymap_release(&k->org_by_regno);
    import_keymap_release(&k->contact_by_key);
    import_keymap_release(&k->user_by_email);
    import_keymap_release(&k->user_by_name);
}

static int
cmp_id(const void *pa, const void *pb)
{
    int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;
    return (a > b) - (a < b);
}

/* Puts key -> id unless a lower id has it (as the organisation import
 * matches: the oldest record wins), whatever order the rows come in. */
static void
put_lowest(struct import_keymap *m, const char *key, int64_t id)
{
    size_t had;
    if (*key && (!import_keymap_get(m, key, &had) || (int64_t)had > id))
        import_keymap_put(m, key, (size_t)id);
}

/*
 * The cluster's organisation keys from two index walks (organisation_name
 * and organisation_regno) without reading the organisations themselves:
 * 50,000 rows of text would cost ten times as much. Their names are read
 * for the few rows that show them (org_name).
 */
static int
load_orgs(struct store *st, int64_t cluster_id, struct keys *k, struct err *err)
{
    static const char NAMES[] =
        "SELECT id, name_key FROM organisation WHERE cluster_id = $1"
        " ORDER BY name_key";
    static const char REGNOS[] =
        "SELECT id, registration_no FROM organisation WHERE cluster_id = $1"
        " AND registration_no <> ''";
    size_t alloc = 0;
    sqlite3_stmt *s = db_stmt(st, NAMES, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    enum store_rc rc;
    while ((rc = db_step(st, s, err)) == STORE_ONE) {
        int64_t id = db_col_int(s, 0);
        ALLOC_GROW(k->org_ids, k->norgs + 1, alloc);
        k->org_ids[k->norgs++] = id;
        put_lowest(&k->org_by_name, db_col_text(s, 1), id);
    }
    if (rc != STORE_NONE)
        return -1;
    if (k->norgs)
        qsort(k->org_ids, k->norgs, sizeof(*k->org_ids), cmp_id);
    s = db_stmt(st, REGNOS, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    while ((rc = db_step(st, s, err)) == STORE_ONE)
        put_lowest(&k->org_by_regno, db_col_text(s, 1), db_col_int(s, 0));
    return rc == STORE_NONE ? 0 : -1;
}

/* The position of organisation id among the cluster's, or -1. */
static long
org_position(const struct keys *k, int64_t id)
{
    const int64_t *at = k->norgs ? bsearch(&id, k->org_ids, k->norgs,
                                           sizeof(*k->org_ids), cmp_id)
                                 : NULL;
    return at ? (long)(at - k->org_ids) : -1;
}

/* The name of a record (sql: $1 the id) as a new string, "" if none. */
static char *
name_of(struct store *st, const char *sql, int64_t id, struct err *err)
{
    sqlite3_stmt *s = db_stmt(st, sql, err);
    if (!s)
        return NULL;
    db_bind_int(s, 1, id);
    enum store_rc rc = db_step(st, s, err);
    if (rc == STORE_HARD)
        return NULL;
    char *name = xstrdup(rc == STORE_ONE ? db_col_text(s, 0) : "");
    if (rc == STORE_ONE)
        sqlite3_reset(s);
    return name;
}

static const char ORG_NAME[] = "SELECT name FROM organisation WHERE id = $1";
static const char CONTACT_NAME[] = "SELECT name FROM contact WHERE id = $1";

/* Puts a contact's key unless a better contact has it: a current one
 * before an archived one, then the lowest id. */
static void
put_contact(struct import_keymap *m, const struct table *contacts,
            const char *key, size_t i)
{
    size_t had;
    if (import_keymap_get(m, key, &had)) {
        const struct entry *old = &contacts->items[had],
                           *new = &contacts->items[i];
        if (old->archived == new->archived ? old->id < new->id : !old->archived)
            return;
    }
    import_keymap_put(m, key, i);
}

/* The cluster's contacts by e-mail and folded name (name_key) within
 * their organisation; their names are read for the rows that show them. */
static int
load_contacts(struct store *st, int64_t cluster_id, struct keys *k,
              struct err *err)
{
    /* "+cluster_id": a scan of the table in its order reads the pages once;
     * the index would visit them in name order, eight times slower. */
    static const char SELECT[] =
        "SELECT id, organisation_id, name_key, email, archived FROM contact"
        " WHERE +cluster_id = $1";
    struct buf b = BUF_INIT, low = BUF_INIT;
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    enum store_rc rc;
    while ((rc = db_step(st, s, err)) == STORE_ONE) {
        int64_t org_id = db_col_int(s, 1);
        size_t i = table_add(&k->contacts, db_col_int(s, 0), org_id, NULL);
        k->contacts.items[i].archived = db_col_int(s, 4) != 0;
        const char *email = db_col_text(s, 3);
        if (*email) {
            lower_ascii(&low, email);
            contact_key(&b, org_id, 'e', low.s);
            put_contact(&k->contact_by_key, &k->contacts, b.s, i);
        }
        buf_reset(&b);
        buf_addf(&b, "%" PRId64 "\x1fn%s", org_id, db_col_text(s, 2));
        put_contact(&k->contact_by_key, &k->contacts, b.s, i);
    }
    buf_release(&b);
    buf_release(&low);
    return rc == STORE_NONE ? 0 : -1;
}

static int
load_users(struct store *st, int64_t cluster_id, struct keys *k,
           struct err *err)
{
    struct user *users = NULL;
    size_t n = 0;
    struct buf b = BUF_INIT;
    if (user_store_list(st, cluster_id, &users, &n, err))
        return -1;
    for (size_t i = 0; i < n; i++) {
        size_t at = table_add(&k->users, users[i].id, 0,
                              *users[i].name ? users[i].name : users[i].email);
        lower_ascii(&b, users[i].email);
        put_first(&k->user_by_email, b.s, at);
        if (*users[i].name) {
            buf_reset(&b);
            text_fold(&b, users[i].name, strlen(users[i].name));
            put_first(&k->user_by_name, b.len ? b.s : "", at);
        }
        user_release(&users[i]);
    }
    free(users);
    buf_release(&b);
    return 0;
}

static void fault(struct activity_import_result *r, int line,
                  enum activity_import_column c, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
fault(struct activity_import_result *r, int line, enum activity_import_column c,
      const char *fmt, ...)
{
    struct buf msg = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vaddf(&msg, fmt, ap);
    va_end(ap);
    activity_import_add_error(r, line, c, msg.s);
    buf_release(&msg);
}

/* The position (org_position) of the organisation a row names, or -1
 * after recording why not. */
static long
find_org(const struct keys *k, struct activity_import_result *r,
         const struct activity_import_row *row, struct buf *b)
{
    size_t id;
    if (row->organisation_id) {
        long at = org_position(k, row->organisation_id);
        if (at < 0)
            fault(r, row->line, ACOL_ORGANISATION_ID,
                  "No organisation of this cluster has the id %" PRId64 ".",
                  row->organisation_id);
        return at;
    }
    if (*row->registration_no &&
        import_keymap_get(&k->org_by_regno, row->registration_no, &id))
        return org_position(k, (int64_t)id);
    if (*row->organisation) {
        buf_reset(b);
        text_fold(b, row->organisation, strlen(row->organisation));
        if (b->len && import_keymap_get(&k->org_by_name, b->s, &id))
            return org_position(k, (int64_t)id);
        fault(r, row->line, ACOL_ORGANISATION,
              "No organisation of this cluster is called \"%s\"%s. Import "
              "or add it first.",
              row->organisation,
              *row->registration_no ? " or has this registration number" : "");
        return -1;
    }
    fault(r, row->line, ACOL_REGISTRATION_NO,
          "No organisation of this cluster has the registration number "
          "\"%s\".",
          row->registration_no);
    return -1;
}

void
activity_import_plan_init(struct activity_import_plan *p)
{
    memset(p, 0, sizeof(*p));
}

void
activity_import_plan_release(struct activity_import_plan *p)
{
    for (size_t i = 0; i < p->n; i++)
        activity_release(&p->items[i]);
    free(p->items);
    memset(p, 0, sizeof(*p));
}

/* Maps activity_validate's field to the file's column. */
static enum activity_import_column
column_of(const char *field)
{
    if (strcmp(field, "kind") == 0)
        return ACOL_KIND;
    if (strcmp(field, "date") == 0)
        return ACOL_DATE;
    if (strcmp(field, "text") == 0)
        return ACOL_TEXT;
    if (strcmp(field, "contact_id") == 0)
        return ACOL_CONTACT;
    return ACOL_ORGANISATION;
}

int
activity_import_resolve(struct store *st, const struct scope *sc, int32_t today,
                        struct activity_import_result *r,
                        struct activity_import_plan *plan, struct err *err)
{
    struct keys k;
    struct funnel_settings fs;
    struct buf b = BUF_INIT;
    bool *touched = NULL;
    bool contacts = false;
    int rc = -1;

    memset(&k, 0, sizeof(k));
    activity_import_plan_release(plan);
    for (size_t i = 0; i < r->nrows && !contacts; i++)
        contacts = *r->rows[i].contact != '\0';
    if (funnel_settings_store_get(st, sc->cluster_id, &fs, err) ||
        load_orgs(st, sc->cluster_id, &k, err) ||
        (contacts && load_contacts(st, sc->cluster_id, &k, err)) ||
        load_users(st, sc->cluster_id, &k, err))
        goto out;

    plan->items = xcalloc(r->nrows ? r->nrows : 1, sizeof(*plan->items));
    touched = xcalloc(k.norgs ? k.norgs : 1, sizeof(*touched));
    for (size_t i = 0; i < r->nrows; i++) {
        const struct activity_import_row *row = &r->rows[i];
        struct activity *a = &plan->items[plan->n];
        size_t at;
        long o = find_org(&k, r, row, &b);
        if (o < 0)
            continue;
        activity_init(a);
        a->organisation_id = k.org_ids[o];
        bool named = plan->n < ACTIVITY_IMPORT_NAMED;
        if (named) {
            free(a->organisation_name);
            if (!(a->organisation_name =
                      name_of(st, ORG_NAME, a->organisation_id, err)))
                goto fail;
        }
        a->kind = row->kind;
        snprintf(a->date, sizeof(a->date), "%s", row->date);
        free(a->text);
        a->text = xstrdup(row->text);

        bool ok = true;
        if (*row->contact) {
            bool email = strchr(row->contact, '@') != NULL;
            contact_key(&b, a->organisation_id, email ? 'e' : 'n',
                        row->contact);
            if (import_keymap_get(&k.contact_by_key, b.s, &at)) {
                a->contact_id = k.contacts.items[at].id;
                if (named) {
                    free(a->contact_name);
                    if (!(a->contact_name =
                              name_of(st, CONTACT_NAME, a->contact_id, err)))
                        goto fail;
                }
            } else {
                char *org = name_of(st, ORG_NAME, a->organisation_id, err);
                if (!org)
                    goto fail;
                fault(r, row->line, ACOL_CONTACT,
                      "%s is not a contact of %s. Add the contact to the "
                      "organisation first, or leave the cell empty.",
                      row->contact, org);
                free(org);
                ok = false;
            }
        }
        if (*row->author) {
            lower_ascii(&b, row->author);
            bool known = import_keymap_get(&k.user_by_email, b.s, &at);
            if (!known) {
                buf_reset(&b);
                text_fold(&b, row->author, strlen(row->author));
                known = b.len && import_keymap_get(&k.user_by_name, b.s, &at);
            }
            free(a->author);
            a->author_id = known ? k.users.items[at].id : 0;
            a->author = xstrdup(known ? k.users.items[at].name : row->author);
        }
        struct err check = ERR_INIT;
        if (ok && activity_validate(a, today, &check)) {
            fault(r, row->line, column_of(check.field), "%s", check.msg);
            ok = false;
        }
        if (!ok) {
            activity_release(a);
            continue;
        }
        a->signal = (fs.signal_kinds >> a->kind) & 1u;
        plan->signals += a->signal;
        plan->organisations += !touched[o];
        touched[o] = true;
        plan->n++;
        continue;
    fail:
        activity_release(a);
        goto out;
    }
    rc = 0;
out:
    free(touched);
    buf_release(&b);
    keys_release(&k);
    return rc;
}
