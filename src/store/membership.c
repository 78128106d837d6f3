/*
 * Memberships: from application to end, with their tier history and the
 * services in kind associates give. A membership's status (applicant,
 * active, in grace, lapsed, ...) is never stored: lists and lookups derive
 * it for the day asked about with core member_status, from the
 * membership's dates and the earliest unpaid instalment of its invoices.
 *
 * Finding that instalment must not mean reading every invoice: only an
 * invoice whose payments fall short of its instalments already past due
 * can have one, so SQL picks those and core decides the date.
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/mem.h"
#include "base/text.h"
#include "io/jsonw.h"
#include "store/db.h"
#include "store/membership_store.h"
#include "store/util.h"

static const char *const SOURCE_NAMES[MEMBERSHIP__SOURCE_COUNT] = {
    [MEMBERSHIP_STAFF] = "staff",
    [MEMBERSHIP_APPLICATION] = "application",
};

static const char *
source_name(enum membership_source s)
{
    return s < MEMBERSHIP__SOURCE_COUNT ? SOURCE_NAMES[s] : "staff";
}

/* The day number of a "YYYY-MM-DD" text, 0 for "" or a bad one. */
static int32_t
day_of(const char *s)
{
    struct date d;
    if (!s || !*s || date_parse(s, (int)strlen(s), &d))
        return 0;
    return date_to_days(d);
}

static int
parse_today(const char *today, int32_t *day, struct err *err)
{
    *day = day_of(today);
    if (!*day)
        return err_set(err, ERR_INVALID, "today",
                       "The day must be a date like 2026-03-31.");
    return 0;
}

void
membership_list_release(struct membership_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        membership_release(&l->items[i].m);
    free(l->items);
    memset(l, 0, sizeof(*l));
}

void
tier_change_release(struct tier_change *c)
{
    org_set_str(&c->tier_name, NULL);
    org_set_str(&c->valid_from, NULL);
    memset(c, 0, sizeof(*c));
}

/* Columns 0..16 fill struct membership. */
#define M_COLUMNS                                                           \
    "SELECT m.id, m.organisation_id, m.tier_id, m.applied_on, m.joined_on," \
    " m.ended_on, m.declined_on, m.end_reason, m.note, m.source, o.name,"   \
    " o.kind, t.name, t.annual_fee, t.associate, m.created_at, m.updated_at"
#define MEMBERSHIP_COLUMNS                             \
    M_COLUMNS " FROM membership m JOIN organisation o" \
              " ON o.id = m.organisation_id JOIN tier t ON t.id = m.tier_id"

static void
membership_from_row(sqlite3_stmt *s, void *vm)
{
    struct membership *m = vm;
    m->id = db_col_int(s, 0);
    m->organisation_id = db_col_int(s, 1);
    m->tier_id = db_col_int(s, 2);
    char **text[] = { &m->applied_on,  &m->joined_on,  &m->ended_on,
                      &m->declined_on, &m->end_reason, &m->note };
    for (size_t i = 0; i < ARRAY_SIZE(text); i++)
        org_set_str(text[i], db_col_text(s, 3 + (int)i));
    m->source = strcmp(db_col_text(s, 9), "application") == 0
                    ? MEMBERSHIP_APPLICATION
                    : MEMBERSHIP_STAFF;
    org_set_str(&m->org_name, db_col_text(s, 10));
    if (org_kind_parse(db_col_text(s, 11), &m->org_kind))
        m->org_kind = ORG_KIND_OTHER;
    org_set_str(&m->tier_name, db_col_text(s, 12));
    m->annual_fee = db_col_int(s, 13);
    m->associate = db_col_int(s, 14) != 0;
    org_set_str(&m->created_at, db_col_text(s, 15));
    org_set_str(&m->updated_at, db_col_text(s, 16));
}

static enum store_rc
membership_load(struct store *st, int64_t cluster_id, int64_t id,
                struct membership *out, struct err *err)
{
    static const char SELECT[] =
        MEMBERSHIP_COLUMNS " WHERE m.cluster_id = $1 AND m.id = $2";
    return db_get_record(st, SELECT, cluster_id, id, membership_from_row, out,
                         err);
}

static char *
membership_json_text(const struct membership *m)
{
    struct buf b = BUF_INIT;
    struct jsonw w;
    jsonw_init(&w, &b);
    jsonw_begin_object(&w);
    jsonw_key(&w, "id");
    jsonw_int(&w, m->id);
    jsonw_key(&w, "organisation_id");
    jsonw_int(&w, m->organisation_id);
    jsonw_key(&w, "organisation_name");
    jsonw_string(&w, m->org_name);
    jsonw_key(&w, "tier_id");
    jsonw_int(&w, m->tier_id);
    jsonw_key(&w, "tier_name");
    jsonw_string(&w, m->tier_name);
    jsonw_key(&w, "applied_on");
    jsonw_string_or_null(&w, m->applied_on);
    jsonw_key(&w, "joined_on");
    jsonw_string_or_null(&w, m->joined_on);
    jsonw_key(&w, "ended_on");
    jsonw_string_or_null(&w, m->ended_on);
    jsonw_key(&w, "declined_on");
    jsonw_string_or_null(&w, m->declined_on);
    jsonw_key(&w, "end_reason");
    jsonw_string(&w, m->end_reason);
    jsonw_key(&w, "note");
    jsonw_string(&w, m->note);
    jsonw_key(&w, "source");
    jsonw_string(&w, source_name(m->source));
    jsonw_end_object(&w);
    return buf_detach(&b, NULL);
}

/* ---- the earliest unpaid instalment ---- */

struct unpaid {
    int64_t membership_id;
    int32_t since;
};

struct unpaid_map {
    struct unpaid *items;
    size_t n, alloc;
};

static void
unpaid_map_release(struct unpaid_map *u)
{
    free(u->items);
    memset(u, 0, sizeof(*u));
}

static int
unpaid_cmp(const void *a, const void *b)
{
    const struct unpaid *x = a, *y = b;
    if (x->membership_id != y->membership_id)
        return x->membership_id < y->membership_id ? -1 : 1;
    return x->since < y->since ? -1 : x->since > y->since;
}

/* Sorts by membership and keeps each one's earliest date. */
static void
unpaid_map_finish(struct unpaid_map *u)
{
    if (!u->n)
        return;
    qsort(u->items, u->n, sizeof(*u->items), unpaid_cmp);
    size_t k = 0;
    for (size_t i = 0; i < u->n; i++)
        if (!k || u->items[k - 1].membership_id != u->items[i].membership_id)
            u->items[k++] = u->items[i];
    u->n = k;
}

static int32_t
unpaid_map_find(const struct unpaid_map *u, int64_t membership_id)
{
    struct unpaid key = { membership_id, 0 };
    size_t lo = 0, hi = u->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (unpaid_cmp(&u->items[mid], &key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < u->n && u->items[lo].membership_id == membership_id)
        return u->items[lo].since;
    return 0;
}

/*
 * The invoices that may be unpaid on $2: not cancelled by a credit note
 * and paid (by $2) less than their total, the sum of their instalments;
 * each with its instalments, adjacent (the invoice is the outer loop).
 * The cheap test on the total comes first, so a paid invoice costs one
 * look at its payments. One statement for the cluster, one for a set of
 * memberships ($3, a JSON array of ids).
 */
#define UNPAID_PAID                                     \
    "(SELECT coalesce(sum(p.amount), 0) FROM payment p" \
    " WHERE p.invoice_id = i.id AND p.paid_on <= $2)"
#define UNPAID_SELECT(from, where)                                         \
    "SELECT i.id, i.membership_id, " UNPAID_PAID ", ii.due_on, ii.amount," \
    " ii.period_start, ii.period_end " from                                \
    " CROSS JOIN invoice_instalment ii ON ii.invoice_id = i.id " where     \
    " AND i.kind = 'invoice' AND i.total > " UNPAID_PAID                   \
    " AND NOT EXISTS (SELECT 1 FROM invoice c WHERE c.credits = i.id)"

static const char UNPAID_CLUSTER[] =
    UNPAID_SELECT("FROM invoice i", "WHERE i.cluster_id = $1 AND $3 IS NULL");
static const char UNPAID_MEMBERS[] =
    UNPAID_SELECT("FROM json_each($3) j CROSS JOIN invoice i"
                  " ON i.membership_id = j.value",
                  "WHERE i.cluster_id = $1");

static int
instalment_due_cmp(const void *a, const void *b)
{
    const struct instalment *x = a, *y = b;
    return x->due < y->due ? -1 : x->due > y->due;
}

/* Lets core date one invoice's unpaid instalment into the map. */
static void
unpaid_add(struct unpaid_map *u, int64_t membership_id, struct instalment *inst,
           size_t ninst, int64_t paid, int32_t day)
{
    /* Core applies payments in due order: give them in that order. */
    if (ninst > 1)
        qsort(inst, ninst, sizeof(*inst), instalment_due_cmp);
    struct invoice_facts f = { inst, ninst, paid, false };
    int32_t since = invoice_unpaid_since(&f, day);
    if (!since)
        return;
    ALLOC_GROW(u->items, u->n + 1, u->alloc);
    u->items[u->n++] = (struct unpaid){ membership_id, since };
}

/* Fills u for the cluster's memberships (ids NULL) or for the ones in
 * ids (a JSON array). */
static int
unpaid_load(struct store *st, int64_t cluster_id, const char *ids,
            const char *today, int32_t day, struct unpaid_map *u,
            struct err *err)
{
    struct instalment *inst = NULL;
    size_t ninst = 0, alloc = 0;
    int64_t invoice = 0, member = 0, paid = 0;
    sqlite3_stmt *s = db_stmt(st, ids ? UNPAID_MEMBERS : UNPAID_CLUSTER, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_text(s, 2, today);
    db_bind_text(s, 3, ids);
    enum store_rc rc;
    while ((rc = db_step(st, s, err)) == STORE_ONE) {
        int64_t id = db_col_int(s, 0);
        if (id != invoice) {
            if (invoice)
                unpaid_add(u, member, inst, ninst, paid, day);
            invoice = id;
            member = db_col_int(s, 1);
            paid = db_col_int(s, 2);
            ninst = 0;
        }
        ALLOC_GROW(inst, ninst + 1, alloc);
        inst[ninst++] = (struct instalment){
            day_of(db_col_text(s, 3)),
            db_col_int(s, 4),
            day_of(db_col_text(s, 5)),
            day_of(db_col_text(s, 6)),
        };
    }
    if (rc == STORE_NONE && invoice)
        unpaid_add(u, member, inst, ninst, paid, day);
    free(inst);
    unpaid_map_finish(u);
    return rc == STORE_NONE ? 0 : -1;
}

/* Appends id to a JSON array being written in b ("[1,2"). */
static void
ids_add(struct buf *b, int64_t id)
{
    buf_addc(b, b->len ? ',' : '[');
    buf_addf(b, "%lld", (long long)id);
}

static void
ids_end(struct buf *b)
{
    if (!b->len)
        buf_addc(b, '[');
    buf_addc(b, ']');
}

/* The status of m on day, from its dates and unpaid_since. */
static enum member_status
status_of(const struct membership *m, int32_t unpaid_since, int grace_days,
          int32_t day)
{
    struct member_facts f;
    membership_facts(m, &f);
    f.unpaid_since = unpaid_since;
    return member_status(&f, grace_days, day);
}

/* ---- lists ---- */

/*
 * The filter binds $1 cluster, $2 the LIKE pattern or NULL, $3 tier or 0,
 * $4 organisation or 0, $5 history, $6 today. Statements come in families
 * (one organisation's or the cluster's; current or with history; by
 * sort), because SQLite plans a statement once: "$5 = 1 OR ..." would
 * keep it from the index of current memberships. Each sort is driven by
 * the table whose index gives its order (CROSS JOIN fixes the order of
 * the loops), so a page stops after its rows instead of sorting all.
 */
#define M_FROM_M                                                         \
    " FROM membership m JOIN organisation o ON o.id = m.organisation_id" \
    " JOIN tier t ON t.id = m.tier_id"
#define M_FROM_O                                   \
    " FROM organisation o CROSS JOIN membership m" \
    " ON m.organisation_id = o.id JOIN tier t ON t.id = m.tier_id"
#define M_FROM_T                                               \
    " FROM tier t CROSS JOIN membership m ON m.tier_id = t.id" \
    " JOIN organisation o ON o.id = m.organisation_id"
#define M_SCOPE_CLUSTER                                                    \
    " WHERE m.cluster_id = $1 AND o.cluster_id = $1 AND t.cluster_id = $1" \
    " AND $4 = 0"
#define M_SCOPE_ORG                                                     \
    " WHERE o.id = $4 AND m.organisation_id = $4 AND m.cluster_id = $1" \
    " AND o.cluster_id = $1 AND t.cluster_id = $1"
#define M_CURRENT                                             \
    " AND $5 = 0 AND m.declined_on = '' AND (m.ended_on = ''" \
    " OR m.ended_on > $6)"
#define M_HISTORY " AND $5 = 1 AND $6 IS NOT NULL"
#define M_FILTER                                          \
    " AND ($2 IS NULL OR o.name_key LIKE $2 ESCAPE '\\')" \
    " AND ($3 = 0 OR m.tier_id = $3)"

#define M_ORDER_NAME "o.name_key, o.id, m.id"
#define M_ORDER_NAME_DESC "o.name_key DESC, o.id DESC, m.id DESC"
#define M_ORDER_TIER "t.name_key, t.id, o.name_key, m.id"
#define M_ORDER_TIER_DESC "t.name_key DESC, t.id DESC, o.name_key, m.id"
/* Applicants ("" joined) come first, as in the index. */
#define M_ORDER_JOINED "m.joined_on, m.id"
#define M_ORDER_JOINED_DESC "m.joined_on DESC, m.id DESC"

/* The full rows of a page, sorted by SQL. */
#define M_PAGE(from, where, order) \
    M_COLUMNS from where " ORDER BY " order " LIMIT $7 OFFSET $8"
/* Every match, light, for a status filter or sort made in C. */
#define M_LIGHT(from, where, order)                                          \
    "SELECT m.id, m.applied_on, m.joined_on, m.ended_on, m.declined_on" from \
        where " ORDER BY " order
#define M_SORTS(kind, where)                                                   \
    {                                                                          \
        [MEMBERSHIP_SORT_NAME] = { kind(M_FROM_O, where, M_ORDER_NAME),        \
                                   kind(M_FROM_O, where, M_ORDER_NAME_DESC) }, \
        [MEMBERSHIP_SORT_TIER] = { kind(M_FROM_T, where, M_ORDER_TIER),        \
                                   kind(M_FROM_T, where, M_ORDER_TIER_DESC) }, \
        [MEMBERSHIP_SORT_JOINED] = { kind(M_FROM_M, where, M_ORDER_JOINED),    \
                                     kind(M_FROM_M, where,                     \
                                          M_ORDER_JOINED_DESC) },              \
        [MEMBERSHIP_SORT_STATUS] = { kind(M_FROM_O, where, M_ORDER_NAME),      \
                                     kind(M_FROM_O, where, M_ORDER_NAME) },    \
    }
#define M_FAMILY(kind)                                         \
    {                                                          \
        { M_SORTS(kind, M_SCOPE_CLUSTER M_CURRENT M_FILTER),   \
          M_SORTS(kind, M_SCOPE_CLUSTER M_HISTORY M_FILTER) }, \
            { M_SORTS(kind, M_SCOPE_ORG M_CURRENT M_FILTER),   \
              M_SORTS(kind, M_SCOPE_ORG M_HISTORY M_FILTER) }, \
    }

/* [by organisation][history][sort][desc] */
static const char *const M_PAGE_SQL[2][2][MEMBERSHIP_SORT__COUNT][2] =
    M_FAMILY(M_PAGE);
static const char *const M_LIGHT_SQL[2][2][MEMBERSHIP_SORT__COUNT][2] =
    M_FAMILY(M_LIGHT);

/* Counts: without a name search on the membership table alone (the
 * current ones from their partial index). [search][by org][history] */
#define M_COUNT_CLUSTER " WHERE m.cluster_id = $1 AND $4 = 0"
#define M_COUNT_ORG " WHERE m.organisation_id = $4 AND m.cluster_id = $1"
#define M_COUNT_PLAIN(scope, state)                 \
    "SELECT count(*) FROM membership m" scope state \
    " AND $2 IS NULL AND ($3 = 0 OR m.tier_id = $3)"
#define M_COUNT_Q(scope, state)                             \
    "SELECT count(*) FROM membership m JOIN organisation o" \
    " ON o.id = m.organisation_id" scope state              \
    " AND o.name_key LIKE $2 ESCAPE '\\' AND ($3 = 0 OR m.tier_id = $3)"
static const char *const M_COUNT_SQL[2][2][2] = {
    { { M_COUNT_PLAIN(M_COUNT_CLUSTER, M_CURRENT),
        M_COUNT_PLAIN(M_COUNT_CLUSTER, M_HISTORY) },
      { M_COUNT_PLAIN(M_COUNT_ORG, M_CURRENT),
        M_COUNT_PLAIN(M_COUNT_ORG, M_HISTORY) } },
    { { M_COUNT_Q(M_COUNT_CLUSTER, M_CURRENT),
        M_COUNT_Q(M_COUNT_CLUSTER, M_HISTORY) },
      { M_COUNT_Q(M_COUNT_ORG, M_CURRENT),
        M_COUNT_Q(M_COUNT_ORG, M_HISTORY) } },
};
static const char M_BY_IDS[] =
    MEMBERSHIP_COLUMNS " WHERE m.cluster_id = $1"
                       " AND m.id IN (SELECT value FROM json_each($2))";

static void
bind_filter(sqlite3_stmt *s, int64_t cluster_id,
            const struct membership_filter *f, const char *like,
            const char *today)
{
    db_bind_int(s, 1, cluster_id);
    db_bind_text_or_null(s, 2, like);
    db_bind_int(s, 3, f->tier_id > 0 ? f->tier_id : 0);
    db_bind_int(s, 4, f->organisation_id > 0 ? f->organisation_id : 0);
    db_bind_int(s, 5, f->history ? 1 : 0);
    db_bind_text(s, 6, today);
}

static struct membership_row *
list_push(struct membership_list *out)
{
    ALLOC_GROW(out->items, out->n + 1, out->alloc);
    struct membership_row *row = &out->items[out->n++];
    memset(row, 0, sizeof(*row));
    membership_init(&row->m);
    return row;
}

/* A page sorted and counted by SQL; statuses for its rows only. */
static int
list_by_sql(struct store *st, int64_t cluster_id,
            const struct membership_filter *f, const char *like, bool by_org,
            unsigned sort, const char *today, int32_t day, int grace_days,
            struct membership_list *out, struct err *err)
{
    int rc = -1;
    struct buf ids = BUF_INIT;
    struct unpaid_map u = { 0 };
    size_t first = out->n;
    sqlite3_stmt *s =
        db_stmt(st, M_COUNT_SQL[like && *like][by_org][f->history], err);
    if (!s)
        goto out;
    bind_filter(s, cluster_id, f, like, today);
    if (db_step(st, s, err) != STORE_ONE)
        goto out;
    out->total = db_col_int(s, 0);
    sqlite3_reset(s);

    s = db_stmt(st, M_PAGE_SQL[by_org][f->history][sort][f->desc ? 1 : 0], err);
    if (!s)
        goto out;
    bind_filter(s, cluster_id, f, like, today);
    db_bind_int(s, 7, f->limit);
    db_bind_int(s, 8, f->offset > 0 ? f->offset : 0);
    enum store_rc step;
    while ((step = db_step(st, s, err)) == STORE_ONE) {
        struct membership_row *row = list_push(out);
        membership_from_row(s, &row->m);
        ids_add(&ids, row->m.id);
    }
    if (step != STORE_NONE)
        goto out;
    if (out->n > first) {
        ids_end(&ids);
        if (unpaid_load(st, cluster_id, ids.s, today, day, &u, err))
            goto out;
    }
    for (size_t i = first; i < out->n; i++) {
        struct membership_row *row = &out->items[i];
        row->unpaid_since = unpaid_map_find(&u, row->m.id);
        row->status = status_of(&row->m, row->unpaid_since, grace_days, day);
    }
    rc = 0;
out:
    buf_release(&ids);
    unpaid_map_release(&u);
    return rc;
}

struct light_row {
    int64_t id;
    size_t pos; /* in SQL order, to keep sorts stable */
    struct member_facts facts;
    enum member_status status;
    int key; /* the status, negated for a descending sort */
    int32_t unpaid_since;
};

static int
light_status_cmp(const void *a, const void *b)
{
    const struct light_row *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static int
light_id_cmp(const void *a, const void *b)
{
    const struct light_row *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

/*
 * Every match with its status computed here, filtered and sorted by
 * status, then the full rows of the page. Unpaid instalments are loaded
 * once for the cluster, and only when a match could owe on the day and
 * the status asked for depends on it. This reads every unpaid invoice of
 * the cluster: tens of milliseconds with 10,000 memberships, where the
 * plain page (list_by_sql) takes one or two.
 */
static int
list_by_status(struct store *st, int64_t cluster_id,
               const struct membership_filter *f, const char *like, bool by_org,
               unsigned sort, const char *today, int32_t day, int grace_days,
               struct membership_list *out, struct err *err)
{
    int rc = -1;
    struct light_row *rows = NULL;
    size_t n = 0, alloc = 0;
    struct unpaid_map u = { 0 };
    struct buf ids = BUF_INIT;
    bool owing = false;
    sqlite3_stmt *s = db_stmt(
        st, M_LIGHT_SQL[by_org][f->history][sort][f->desc ? 1 : 0], err);
    if (!s)
        goto out;
    bind_filter(s, cluster_id, f, like, today);
    enum store_rc step;
    while ((step = db_step(st, s, err)) == STORE_ONE) {
        ALLOC_GROW(rows, n + 1, alloc);
        struct light_row *r = &rows[n];
        memset(r, 0, sizeof(*r));
        r->id = db_col_int(s, 0);
        r->pos = n++;
        r->facts.applied = day_of(db_col_text(s, 1));
        r->facts.joined = day_of(db_col_text(s, 2));
        r->facts.ended = day_of(db_col_text(s, 3));
        r->facts.declined = day_of(db_col_text(s, 4));
        if (r->facts.joined && r->facts.joined <= day && !r->facts.declined &&
            (!r->facts.ended || r->facts.ended > day))
            owing = true;
    }
    if (step != STORE_NONE)
        goto out;
    /* Applicants, resigned and declined members are so by their dates
     * alone: asking for them needs no debts of the whole cluster. */
    bool want = f->status >= 0 && f->status < MEMBER_STATUS__COUNT;
    bool by_debts = sort == MEMBERSHIP_SORT_STATUS || !want ||
                    f->status == MEMBER_ACTIVE ||
                    f->status == MEMBER_IN_GRACE || f->status == MEMBER_LAPSED;
    bool loaded = owing && by_debts;
    if (loaded && unpaid_load(st, cluster_id, NULL, today, day, &u, err))
        goto out;

    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        struct light_row *r = &rows[i];
        r->unpaid_since = unpaid_map_find(&u, r->id);
        r->facts.unpaid_since = r->unpaid_since;
        r->status = member_status(&r->facts, grace_days, day);
        r->key = f->desc ? -(int)r->status : (int)r->status;
        if (!want || (int)r->status == f->status)
            rows[kept++] = *r;
    }
    n = kept;
    if (sort == MEMBERSHIP_SORT_STATUS && n > 1)
        qsort(rows, n, sizeof(*rows), light_status_cmp);
    out->total = (int64_t)n;

    size_t from = f->offset > 0 ? (size_t)f->offset : 0;
    size_t to = f->limit < 0 ? n : from + (size_t)f->limit;
    if (from > n)
        from = n;
    if (to > n)
        to = n;
    if (from == to) {
        rc = 0;
        goto out;
    }
    for (size_t i = from; i < to; i++)
        ids_add(&ids, rows[i].id);
    ids_end(&ids);
    /* The page by id, then each loaded row into its place. */
    size_t npage = to - from, first = out->n;
    for (size_t i = 0; i < npage; i++)
        list_push(out);
    struct light_row *page = xmalloc(npage * sizeof(*page));
    memcpy(page, rows + from, npage * sizeof(*page));
    for (size_t i = 0; i < npage; i++)
        page[i].pos = first + i;
    if (npage > 1)
        qsort(page, npage, sizeof(*page), light_id_cmp);
    s = db_stmt(st, M_BY_IDS, err);
    if (!s) {
        free(page);
        goto out;
    }
    db_bind_int(s, 1, cluster_id);
    db_bind_text(s, 2, ids.s);
    while ((step = db_step(st, s, err)) == STORE_ONE) {
        struct light_row key = { .id = db_col_int(s, 0) };
        struct light_row *r =
            bsearch(&key, page, npage, sizeof(*page), light_id_cmp);
        if (!r)
            continue;
        struct membership_row *row = &out->items[r->pos];
        membership_from_row(s, &row->m);
        row->status = r->status;
        row->unpaid_since = r->unpaid_since;
    }
    free(page);
    if (step != STORE_NONE)
        goto out;
    /* Without the cluster's map the page's debts are still wanted. */
    if (!loaded) {
        if (unpaid_load(st, cluster_id, ids.s, today, day, &u, err))
            goto out;
        for (size_t i = first; i < out->n; i++)
            out->items[i].unpaid_since =
                unpaid_map_find(&u, out->items[i].m.id);
    }
    rc = 0;
out:
    free(rows);
    unpaid_map_release(&u);
    buf_release(&ids);
    return rc;
}

/* The grace period of the cluster's settings. */
static int
grace_days_of(struct store *st, int64_t cluster_id, int *grace_days,
              struct err *err)
{
    struct cluster_settings c;
    cluster_settings_init(&c);
    int rc = settings_store_get(st, cluster_id, &c, err);
    *grace_days = c.fees.grace_days;
    cluster_settings_release(&c);
    return rc;
}

int
membership_store_list(struct store *st, int64_t cluster_id,
                      const struct membership_filter *f, const char *today,
                      struct membership_list *out, struct err *err)
{
    int rc = -1;
    int32_t day;
    int grace_days;
    struct buf like = BUF_INIT;
    if (parse_today(today, &day, err) ||
        grace_days_of(st, cluster_id, &grace_days, err))
        goto out;
    store_like_pattern(&like, f->q);
    unsigned sort =
        f->sort < MEMBERSHIP_SORT__COUNT ? f->sort : MEMBERSHIP_SORT_NAME;
    bool by_org = f->organisation_id > 0;
    bool derived = (f->status >= 0 && f->status < MEMBER_STATUS__COUNT) ||
                   sort == MEMBERSHIP_SORT_STATUS;
    rc = derived ? list_by_status(st, cluster_id, f, like.s, by_org, sort,
                                  today, day, grace_days, out, err)
                 : list_by_sql(st, cluster_id, f, like.s, by_org, sort, today,
                               day, grace_days, out, err);
out:
    buf_release(&like);
    return rc;
}

enum store_rc
membership_store_get(struct store *st, int64_t cluster_id, int64_t id,
                     const char *today, struct membership_row *out,
                     struct err *err)
{
    int32_t day;
    int grace_days;
    if (parse_today(today, &day, err))
        return STORE_HARD;
    enum store_rc rc = membership_load(st, cluster_id, id, &out->m, err);
    if (rc != STORE_ONE)
        return rc;
    struct unpaid_map u = { 0 };
    struct buf ids = BUF_INIT;
    ids_add(&ids, id);
    ids_end(&ids);
    if (grace_days_of(st, cluster_id, &grace_days, err) ||
        unpaid_load(st, cluster_id, ids.s, today, day, &u, err)) {
        rc = STORE_HARD;
    } else {
        out->unpaid_since = unpaid_map_find(&u, id);
        out->status = status_of(&out->m, out->unpaid_since, grace_days, day);
    }
    unpaid_map_release(&u);
    buf_release(&ids);
    return rc;
}

/* ---- writes ---- */

/* The organisation of a new membership: in the cluster, not archived. */
static int
check_org(struct store *st, int64_t cluster_id, struct membership *m,
          struct err *err)
{
    static const char SELECT[] = "SELECT name, kind, archived FROM organisation"
                                 " WHERE cluster_id = $1 AND id = $2";
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, m->organisation_id);
    enum store_rc rc = db_step(st, s, err);
    if (rc == STORE_HARD)
        return -1;
    if (rc == STORE_NONE)
        return err_set(err, ERR_INVALID, "organisation_id",
                       "Choose an organisation of the register.");
    org_set_str(&m->org_name, db_col_text(s, 0));
    if (org_kind_parse(db_col_text(s, 1), &m->org_kind))
        m->org_kind = ORG_KIND_OTHER;
    bool archived = db_col_int(s, 2) != 0;
    sqlite3_reset(s);
    if (archived)
        return err_set(err, ERR_INVALID, "organisation_id",
                       "The organisation is archived; restore it first.");
    return 0;
}

/* A tier a membership may take: in the cluster and active. Fills the
 * tier's name, fee and associate flag into m. */
static int
check_tier(struct store *st, int64_t cluster_id, int64_t tier_id,
           struct membership *m, struct err *err)
{
    static const char SELECT[] =
        "SELECT name, annual_fee, associate, active FROM tier"
        " WHERE cluster_id = $1 AND id = $2";
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, tier_id);
    enum store_rc rc = db_step(st, s, err);
    if (rc == STORE_HARD)
        return -1;
    if (rc == STORE_NONE)
        return err_set(err, ERR_INVALID, "tier_id",
                       "Choose a membership tier of the price list.");
    bool active = db_col_int(s, 3) != 0;
    if (active) {
        org_set_str(&m->tier_name, db_col_text(s, 0));
        m->annual_fee = db_col_int(s, 1);
        m->associate = db_col_int(s, 2) != 0;
    }
    sqlite3_reset(s);
    if (!active)
        return err_set(err, ERR_INVALID, "tier_id",
                       "That tier is no longer offered.");
    return 0;
}

/* ERR_CONFLICT when the organisation has a membership that is not over. */
static int
check_no_open(struct store *st, int64_t cluster_id, int64_t organisation_id,
              struct err *err)
{
    static const char SELECT[] =
        "SELECT joined_on FROM membership WHERE organisation_id = $2"
        " AND cluster_id = $1 AND ended_on = '' AND declined_on = ''";
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, organisation_id);
    enum store_rc rc = db_step(st, s, err);
    if (rc == STORE_HARD)
        return -1;
    if (rc == STORE_NONE)
        return 0;
    bool applicant = !*db_col_text(s, 0);
    sqlite3_reset(s);
    return err_set(err, ERR_CONFLICT, "organisation_id",
                   applicant ? "The organisation has already applied for "
                               "membership."
                             : "The organisation is already a member.");
}

static int
add_tier_change(struct store *st, int64_t cluster_id, int64_t membership_id,
                int64_t tier_id, int64_t annual_fee, const char *from,
                struct err *err)
{
    static const char INSERT[] =
        "INSERT INTO membership_tier(cluster_id, membership_id, tier_id,"
        " annual_fee, valid_from) VALUES ($1, $2, $3, $4, $5)";
    sqlite3_stmt *s = db_stmt(st, INSERT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, membership_id);
    db_bind_int(s, 3, tier_id);
    db_bind_int(s, 4, annual_fee);
    db_bind_text(s, 5, from);
    return db_exec_stmt(st, s, err) == STORE_NONE ? 0 : -1;
}

struct membership_create {
    const struct scope *sc;
    struct membership *m;
};

static int
membership_create_in_tx(struct store *st, void *vctx, struct err *err)
{
    static const char INSERT[] =
        "INSERT INTO membership(cluster_id, organisation_id, tier_id,"
        " applied_on, joined_on, ended_on, declined_on, end_reason, note,"
        " source, created_at, updated_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)";
    struct membership_create *c = vctx;
    struct membership *m = c->m;
    int64_t cluster_id = c->sc->cluster_id;
    if (check_org(st, cluster_id, m, err) ||
        check_tier(st, cluster_id, m->tier_id, m, err) ||
        check_no_open(st, cluster_id, m->organisation_id, err))
        return -1;
    char now[21];
    db_now_iso(now);
    sqlite3_stmt *s = db_stmt(st, INSERT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, m->organisation_id);
    db_bind_int(s, 3, m->tier_id);
    db_bind_text(s, 4, m->applied_on);
    db_bind_text(s, 5, m->joined_on);
    db_bind_text(s, 6, m->ended_on);
    db_bind_text(s, 7, m->declined_on);
    db_bind_text(s, 8, m->end_reason);
    db_bind_text(s, 9, m->note);
    db_bind_text(s, 10, source_name(m->source));
    db_bind_text(s, 11, now);
    if (db_exec_stmt(st, s, err) != STORE_NONE)
        return -1;
    m->id = db_last_id(st);
    org_set_str(&m->created_at, now);
    org_set_str(&m->updated_at, now);
    if (add_tier_change(st, cluster_id, m->id, m->tier_id, m->annual_fee,
                        *m->joined_on ? m->joined_on : m->applied_on, err))
        return -1;
    return audit_record(st, c->sc, "create", "membership", m->id, NULL,
                        membership_json_text(m), err);
}

int
membership_store_create(struct store *st, const struct scope *sc,
                        struct membership *m, struct err *err)
{
    if (membership_validate(m, err))
        return -1;
    struct membership_create c = { sc, m };
    return store_tx(st, membership_create_in_tx, &c, err);
}

/* One change of a stored membership: load, check, update, audit. */
enum membership_change {
    CHANGE_APPROVE,
    CHANGE_DECLINE,
    CHANGE_END,
    CHANGE_TIER,
};

struct membership_edit {
    const struct scope *sc;
    int64_t id;
    enum membership_change change;
    const char *on;
    const char *reason;
    int64_t tier_id;
    enum store_rc rc;
};

static int
save_dates(struct store *st, int64_t cluster_id, const struct membership *m,
           const char *now, struct err *err)
{
    static const char UPDATE[] =
        "UPDATE membership SET tier_id = $3, joined_on = $4, ended_on = $5,"
        " declined_on = $6, end_reason = $7, updated_at = $8"
        " WHERE cluster_id = $1 AND id = $2";
    sqlite3_stmt *s = db_stmt(st, UPDATE, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, m->id);
    db_bind_int(s, 3, m->tier_id);
    db_bind_text(s, 4, m->joined_on);
    db_bind_text(s, 5, m->ended_on);
    db_bind_text(s, 6, m->declined_on);
    db_bind_text(s, 7, m->end_reason);
    db_bind_text(s, 8, now);
    return db_exec_stmt(st, s, err) == STORE_NONE ? 0 : -1;
}

/* The latest tier change of a membership: its row id and valid_from. */
static int
latest_change(struct store *st, int64_t cluster_id, int64_t membership_id,
              int64_t *row_id, char **valid_from, struct err *err)
{
    static const char SELECT[] =
        "SELECT id, valid_from FROM membership_tier WHERE cluster_id = $1"
        " AND membership_id = $2 ORDER BY valid_from DESC, id DESC LIMIT 1";
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, membership_id);
    enum store_rc rc = db_step(st, s, err);
    if (rc == STORE_HARD)
        return -1;
    *row_id = 0;
    *valid_from = NULL;
    if (rc == STORE_ONE) {
        *row_id = db_col_int(s, 0);
        *valid_from = db_col_dup(s, 1);
        sqlite3_reset(s);
    }
    return 0;
}

/* Moves m to tier_id from `from`: a new history row, or the latest one
 * replaced when it starts on the same day (a same-day correction). */
static int
change_tier(struct store *st, int64_t cluster_id, struct membership *m,
            int64_t tier_id, const char *from, struct err *err)
{
    static const char REPLACE[] =
        "UPDATE membership_tier SET tier_id = $3, annual_fee = $4"
        " WHERE cluster_id = $1 AND id = $2";
    int rc = -1;
    int64_t row_id;
    char *latest = NULL;
    if (!day_of(from))
        return err_set(err, ERR_INVALID, "valid_from",
                       "The date of the change must be a date like "
                       "2027-01-31.");
    const char *start = *m->joined_on ? m->joined_on : m->applied_on;
    if (strcmp(from, start) < 0)
        return err_set(err, ERR_INVALID, "valid_from",
                       "The change cannot start before the membership "
                       "(%s).",
                       start);
    if (tier_id == m->tier_id)
        return err_set(err, ERR_INVALID, "tier_id",
                       "The membership is already in that tier.");
    if (check_tier(st, cluster_id, tier_id, m, err) ||
        latest_change(st, cluster_id, m->id, &row_id, &latest, err))
        goto out;
    if (latest && strcmp(from, latest) < 0) {
        err_set(err, ERR_INVALID, "valid_from",
                "The change cannot start before the last one (%s).", latest);
        goto out;
    }
    m->tier_id = tier_id;
    if (latest && strcmp(from, latest) == 0) {
        sqlite3_stmt *s = db_stmt(st, REPLACE, err);
        if (!s)
            goto out;
        db_bind_int(s, 1, cluster_id);
        db_bind_int(s, 2, row_id);
        db_bind_int(s, 3, tier_id);
        db_bind_int(s, 4, m->annual_fee);
        if (db_exec_stmt(st, s, err) != STORE_NONE)
            goto out;
    } else if (add_tier_change(st, cluster_id, m->id, tier_id, m->annual_fee,
                               from, err)) {
        goto out;
    }
    rc = 0;
out:
    free(latest);
    return rc;
}

static const char *const CHANGE_ACTIONS[] = {
    [CHANGE_APPROVE] = "approve",
    [CHANGE_DECLINE] = "decline",
    [CHANGE_END] = "end",
    [CHANGE_TIER] = "change_tier",
};

/* Applies e's change to m, or fills err when m's state does not allow
 * it. */
static int
apply_change(struct store *st, int64_t cluster_id,
             const struct membership_edit *e, struct membership *m,
             struct err *err)
{
    bool applicant = !*m->joined_on && !*m->declined_on && !*m->ended_on;
    bool over = *m->declined_on || *m->ended_on;
    switch (e->change) {
    case CHANGE_APPROVE:
        if (!applicant)
            return err_set(err, ERR_CONFLICT, NULL,
                           "Only an application can be approved.");
        org_set_str(&m->joined_on, e->on);
        if (!*m->joined_on)
            return err_set(err, ERR_INVALID, "joined_on",
                           "The joining date is required.");
        return membership_validate(m, err);
    case CHANGE_DECLINE:
        if (!applicant)
            return err_set(err, ERR_CONFLICT, NULL,
                           "Only an application can be declined.");
        org_set_str(&m->declined_on, e->on);
        org_set_str(&m->end_reason, e->reason);
        if (!*m->declined_on)
            return err_set(err, ERR_INVALID, "declined_on",
                           "The date of declining is required.");
        return membership_validate(m, err);
    case CHANGE_END:
        if (!*m->joined_on || over)
            return err_set(err, ERR_CONFLICT, NULL,
                           "Only a running membership can end.");
        org_set_str(&m->ended_on, e->on);
        org_set_str(&m->end_reason, e->reason);
        if (!*m->ended_on)
            return err_set(err, ERR_INVALID, "ended_on",
                           "The end date is required.");
        return membership_validate(m, err);
    case CHANGE_TIER:
        if (over)
            return err_set(err, ERR_CONFLICT, NULL,
                           "The membership is over; its tier stays.");
        return change_tier(st, cluster_id, m, e->tier_id, e->on ? e->on : "",
                           err);
    }
    return err_set(err, ERR_INTERNAL, NULL, "Unknown change.");
}

static int
membership_edit_in_tx(struct store *st, void *vctx, struct err *err)
{
    struct membership_edit *e = vctx;
    int64_t cluster_id = e->sc->cluster_id;
    struct membership m;
    char *before = NULL;
    int rc = -1;
    membership_init(&m);
    e->rc = membership_load(st, cluster_id, e->id, &m, err);
    if (e->rc != STORE_ONE) {
        rc = e->rc == STORE_NONE ? 0 : -1;
        goto out;
    }
    before = membership_json_text(&m);
    if (apply_change(st, cluster_id, e, &m, err))
        goto out;
    char now[21];
    db_now_iso(now);
    if (save_dates(st, cluster_id, &m, now, err))
        goto out;
    org_set_str(&m.updated_at, now);
    rc = audit_record(st, e->sc, CHANGE_ACTIONS[e->change], "membership", m.id,
                      before, membership_json_text(&m), err);
    before = NULL;
out:
    free(before);
    membership_release(&m);
    return rc;
}

static enum store_rc
membership_edit(struct store *st, struct membership_edit *e, struct err *err)
{
    if (store_tx(st, membership_edit_in_tx, e, err))
        return STORE_HARD;
    return e->rc;
}

enum store_rc
membership_store_approve(struct store *st, const struct scope *sc, int64_t id,
                         const char *on, struct err *err)
{
    struct membership_edit e = {
        sc, id, CHANGE_APPROVE, on, NULL, 0, STORE_NONE
    };
    return membership_edit(st, &e, err);
}

enum store_rc
membership_store_decline(struct store *st, const struct scope *sc, int64_t id,
                         const char *on, const char *reason, struct err *err)
{
    struct membership_edit e = { sc,     id, CHANGE_DECLINE, on,
                                 reason, 0,  STORE_NONE };
    return membership_edit(st, &e, err);
}

enum store_rc
membership_store_end(struct store *st, const struct scope *sc, int64_t id,
                     const char *on, const char *reason, struct err *err)
{
    struct membership_edit e = {
        sc, id, CHANGE_END, on, reason, 0, STORE_NONE
    };
    return membership_edit(st, &e, err);
}

enum store_rc
membership_store_change_tier(struct store *st, const struct scope *sc,
                             int64_t id, int64_t tier_id, const char *from,
                             struct err *err)
{
    struct membership_edit e = { sc,   id,      CHANGE_TIER, from,
                                 NULL, tier_id, STORE_NONE };
    return membership_edit(st, &e, err);
}

int
membership_store_tiers(struct store *st, int64_t cluster_id,
                       int64_t membership_id, struct tier_change **items,
                       size_t *n, struct err *err)
{
    static const char SELECT[] =
        "SELECT mt.tier_id, t.name, mt.annual_fee, mt.valid_from"
        " FROM membership_tier mt JOIN tier t ON t.id = mt.tier_id"
        " WHERE mt.cluster_id = $1 AND mt.membership_id = $2"
        " ORDER BY mt.valid_from, mt.id";
    struct tier_change *arr = NULL;
    size_t count = 0, alloc = 0;
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, membership_id);
    enum store_rc rc;
    while ((rc = db_step(st, s, err)) == STORE_ONE) {
        ALLOC_GROW(arr, count + 1, alloc);
        struct tier_change *c = &arr[count++];
        memset(c, 0, sizeof(*c));
        c->tier_id = db_col_int(s, 0);
        org_set_str(&c->tier_name, db_col_text(s, 1));
        c->annual_fee = db_col_int(s, 2);
        org_set_str(&c->valid_from, db_col_text(s, 3));
    }
    if (rc != STORE_NONE) {
        for (size_t i = 0; i < count; i++)
            tier_change_release(&arr[i]);
        free(arr);
        return -1;
    }
    *items = arr;
    *n = count;
    return 0;
}

/* ---- services in kind ---- */

static char *
service_json_text(const struct service_in_kind *sv)
{
    struct buf b = BUF_INIT;
    struct jsonw w;
    jsonw_init(&w, &b);
    jsonw_begin_object(&w);
    jsonw_key(&w, "service_id");
    jsonw_int(&w, sv->id);
    jsonw_key(&w, "description");
    jsonw_string(&w, sv->description);
    jsonw_key(&w, "value");
    jsonw_int(&w, sv->value);
    jsonw_key(&w, "given_on");
    jsonw_string(&w, sv->given_on);
    jsonw_end_object(&w);
    return buf_detach(&b, NULL);
}

struct service_add {
    const struct scope *sc;
    struct service_in_kind *sv;
};

static int
service_add_in_tx(struct store *st, void *vctx, struct err *err)
{
    static const char EXISTS[] =
        "SELECT 1 FROM membership WHERE cluster_id = $1 AND id = $2";
    static const char INSERT[] =
        "INSERT INTO service_in_kind(cluster_id, membership_id, description,"
        " value, given_on, created_at) VALUES ($1, $2, $3, $4, $5, $6)";
    struct service_add *a = vctx;
    struct service_in_kind *sv = a->sv;
    int64_t cluster_id = a->sc->cluster_id;
    sqlite3_stmt *s = db_stmt(st, EXISTS, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, sv->membership_id);
    enum store_rc found = db_step(st, s, err);
    sqlite3_reset(s);
    if (found == STORE_HARD)
        return -1;
    if (found == STORE_NONE)
        return err_set(err, ERR_INVALID, "membership_id",
                       "Choose a membership of the cluster.");
    char now[21];
    db_now_iso(now);
    s = db_stmt(st, INSERT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, sv->membership_id);
    db_bind_text(s, 3, sv->description);
    db_bind_int(s, 4, sv->value);
    db_bind_text(s, 5, sv->given_on);
    db_bind_text(s, 6, now);
    if (db_exec_stmt(st, s, err) != STORE_NONE)
        return -1;
    sv->id = db_last_id(st);
    return audit_record(st, a->sc, "add_service", "membership",
                        sv->membership_id, NULL, service_json_text(sv), err);
}

int
service_store_add(struct store *st, const struct scope *sc,
                  struct service_in_kind *s, struct err *err)
{
    if (!day_of(s->given_on))
        return err_set(err, ERR_INVALID, "given_on",
                       "The date must be a date like 2027-01-31.");
    struct service_add a = { sc, s };
    return store_tx(st, service_add_in_tx, &a, err);
}

int
service_store_list(struct store *st, int64_t cluster_id, int64_t membership_id,
                   struct service_in_kind **items, size_t *n, struct err *err)
{
    static const char SELECT[] =
        "SELECT id, membership_id, description, value, given_on"
        " FROM service_in_kind WHERE cluster_id = $1 AND membership_id = $2"
        " ORDER BY given_on, id";
    struct service_in_kind *arr = NULL;
    size_t count = 0, alloc = 0;
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, membership_id);
    enum store_rc rc;
    while ((rc = db_step(st, s, err)) == STORE_ONE) {
        ALLOC_GROW(arr, count + 1, alloc);
        struct service_in_kind *sv = &arr[count++];
        service_in_kind_init(sv);
        sv->id = db_col_int(s, 0);
        sv->membership_id = db_col_int(s, 1);
        org_set_str(&sv->description, db_col_text(s, 2));
        sv->value = db_col_int(s, 3);
        org_set_str(&sv->given_on, db_col_text(s, 4));
    }
    if (rc != STORE_NONE) {
        for (size_t i = 0; i < count; i++)
            service_in_kind_release(&arr[i]);
        free(arr);
        return -1;
    }
    *items = arr;
    *n = count;
    return 0;
}
