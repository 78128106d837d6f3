/*
 * What the dashboard and the renewals list count: the fee book (every
 * membership of a cluster with its invoices, instalments and payments,
 * as flat arrays of day numbers and minor units) and the memberships
 * whose renewal comes up. Reads only.
 *
 * The fee book of 10,000 memberships with five years of invoices loads
 * in five queries that SQLite answers from indexes without sorting; the
 * rows are then grouped in memory by counting (stable, so instalments
 * stay in due order and payments in date order), which keeps every
 * slice contiguous.
 */
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mem.h"
#include "store/db.h"
#include "store/invoice_store.h"
#include "store/membership_store.h"

/* "YYYY-MM-DD" as a day number; 0 for "" or a malformed date. */
static int32_t
day_or_zero(const char *s)
{
    struct date d;
    if (!*s || date_parse(s, (int)strlen(s), &d))
        return 0;
    return date_to_days(d);
}

/* An id and where its record went, for lookups by id. */
struct id_index {
    int64_t id;
    size_t index;
};

static int
cmp_id_index(const void *va, const void *vb)
{
    const struct id_index *a = va, *b = vb;
    return a->id < b->id ? -1 : a->id > b->id;
}

/* The index of id in map[0..n) (sorted by id), or SIZE_MAX. */
static size_t
find_index(const struct id_index *map, size_t n, int64_t id)
{
    struct id_index key = { id, 0 };
    const struct id_index *hit =
        n ? bsearch(&key, map, n, sizeof(*map), cmp_id_index) : NULL;
    return hit ? hit->index : SIZE_MAX;
}

/*
 * Turns per-group counts into the next free position of each group,
 * from base: after it, pos[g]++ places a row of group g.
 */
static void
counts_to_positions(size_t *pos, size_t ngroups, size_t base)
{
    size_t at = base;
    for (size_t g = 0; g < ngroups; g++) {
        size_t n = pos[g];
        pos[g] = at;
        at += n;
    }
}

static int
load_tiers(struct store *st, int64_t cluster_id, struct fee_book *b,
           struct id_index **map, size_t *nmap, struct err *err)
{
    static const char SELECT[] =
        "SELECT id, name FROM tier WHERE cluster_id = $1"
        " ORDER BY annual_fee DESC, name_key, id";
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    size_t alloc = 0;
    enum store_rc step;
    while ((step = db_step(st, s, err)) == STORE_ONE) {
        ALLOC_GROW(b->tiers, b->ntiers + 1, b->tiers_alloc);
        struct book_tier *t = &b->tiers[b->ntiers];
        t->id = db_col_int(s, 0);
        t->name = db_col_dup(s, 1);
        ALLOC_GROW(*map, *nmap + 1, alloc);
        (*map)[(*nmap)++] = (struct id_index){ t->id, b->ntiers };
        b->ntiers++;
    }
    if (step != STORE_NONE)
        return -1;
    if (*nmap > 1)
        qsort(*map, *nmap, sizeof(**map), cmp_id_index);
    return 0;
}

/* Memberships by id; *map finds them by id. */
static int
load_members(struct store *st, int64_t cluster_id, struct fee_book *b,
             const struct id_index *tiers, size_t ntiers, struct id_index **map,
             struct err *err)
{
    static const char SELECT[] =
        "SELECT m.id, o.kind, m.tier_id, t.annual_fee, t.associate,"
        " m.applied_on, m.joined_on, m.ended_on, m.declined_on"
        " FROM membership m JOIN organisation o ON o.id = m.organisation_id"
        " JOIN tier t ON t.id = m.tier_id"
        " WHERE m.cluster_id = $1 ORDER BY m.id";
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    size_t base = b->nmembers;
    enum store_rc step;
    while ((step = db_step(st, s, err)) == STORE_ONE) {
        ALLOC_GROW(b->members, b->nmembers + 1, b->members_alloc);
        struct book_member *m = &b->members[b->nmembers++];
        memset(m, 0, sizeof(*m));
        m->id = db_col_int(s, 0);
        enum org_kind kind;
        m->kind =
            org_kind_parse(db_col_text(s, 1), &kind) ? ORG_KIND_OTHER : kind;
        size_t tier = find_index(tiers, ntiers, db_col_int(s, 2));
        m->tier = tier == SIZE_MAX ? 0 : tier;
        m->annual_fee = db_col_int(s, 3);
        m->associate = db_col_int(s, 4) != 0;
        m->applied = day_or_zero(db_col_text(s, 5));
        m->joined = day_or_zero(db_col_text(s, 6));
        m->ended = day_or_zero(db_col_text(s, 7));
        m->declined = day_or_zero(db_col_text(s, 8));
    }
    if (step != STORE_NONE)
        return -1;
    size_t n = b->nmembers - base;
    *map = xcalloc(n ? n : 1, sizeof(**map));
    for (size_t i = 0; i < n; i++)
        (*map)[i] = (struct id_index){ b->members[base + i].id, base + i };
    return 0;
}

/* A row read before it is placed: its group (owner) and its record. */
struct invoice_row {
    size_t owner;
    struct book_invoice iv;
};
struct inst_row {
    size_t owner;
    struct instalment in;
};
struct payment_row {
    size_t owner;
    struct book_payment p;
};

/*
 * The invoices (not credit notes), grouped by membership in fiscal-year
 * order; *map finds an invoice's place by its id.
 */
static int
load_invoices(struct store *st, int64_t cluster_id, struct fee_book *b,
              size_t mbase, const struct id_index *members, size_t nmembers,
              struct id_index **map, size_t *nmap, struct err *err)
{
    static const char SELECT[] =
        "SELECT i.id, i.membership_id, i.fiscal_year, i.issued_on"
        " FROM invoice i WHERE i.cluster_id = $1 AND i.kind = 'invoice'"
        " ORDER BY i.fiscal_year";
    struct invoice_row *rows = NULL;
    size_t nrows = 0, alloc = 0;
    size_t *pos = xcalloc(nmembers ? nmembers : 1, sizeof(*pos));
    int rc = -1;
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        goto out;
    db_bind_int(s, 1, cluster_id);
    enum store_rc step;
    while ((step = db_step(st, s, err)) == STORE_ONE) {
        size_t owner = find_index(members, nmembers, db_col_int(s, 1));
        if (owner == SIZE_MAX)
            continue;
        owner -= mbase;
        ALLOC_GROW(rows, nrows + 1, alloc);
        struct invoice_row *r = &rows[nrows++];
        memset(r, 0, sizeof(*r));
        r->owner = owner;
        r->iv.id = db_col_int(s, 0);
        r->iv.fiscal_year = (int)db_col_int(s, 2);
        r->iv.issued = day_or_zero(db_col_text(s, 3));
        pos[owner]++;
    }
    if (step != STORE_NONE)
        goto out;
    size_t base = b->ninvoices;
    for (size_t m = 0; m < nmembers; m++) {
        b->members[mbase + m].ninvoices = pos[m];
        b->members[mbase + m].first_invoice = 0;
    }
    counts_to_positions(pos, nmembers, base);
    for (size_t m = 0; m < nmembers; m++)
        b->members[mbase + m].first_invoice = pos[m];
    ALLOC_GROW(b->invoices, base + nrows, b->invoices_alloc);
    b->ninvoices = base + nrows;
    *map = xcalloc(nrows ? nrows : 1, sizeof(**map));
    *nmap = nrows;
    for (size_t i = 0; i < nrows; i++) {
        size_t at = pos[rows[i].owner]++;
        b->invoices[at] = rows[i].iv;
        (*map)[i] = (struct id_index){ rows[i].iv.id, at };
    }
    if (nrows > 1)
        qsort(*map, nrows, sizeof(**map), cmp_id_index);
    rc = 0;
out:
    free(rows);
    free(pos);
    return rc;
}

/* Marks the invoices that credit notes cancel: a few rows, rather than
 * a lookup for every invoice. */
static int
mark_cancelled(struct store *st, int64_t cluster_id, struct fee_book *b,
               const struct id_index *invoices, size_t ninvoices,
               struct err *err)
{
    static const char SELECT[] =
        "SELECT credits FROM invoice WHERE cluster_id = $1"
        " AND kind = 'credit_note'";
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    enum store_rc step;
    while ((step = db_step(st, s, err)) == STORE_ONE) {
        size_t at = find_index(invoices, ninvoices, db_col_int(s, 0));
        if (at != SIZE_MAX)
            b->invoices[at].cancelled = true;
    }
    return step == STORE_NONE ? 0 : -1;
}

/* The instalments, grouped by invoice in due order. */
static int
load_instalments(struct store *st, int64_t cluster_id, struct fee_book *b,
                 const struct id_index *invoices, size_t ninvoices,
                 size_t ibase, struct err *err)
{
    static const char SELECT[] =
        "SELECT invoice_id, due_on, amount, period_start, period_end"
        " FROM invoice_instalment WHERE cluster_id = $1 ORDER BY due_on";
    struct inst_row *rows = NULL;
    size_t nrows = 0, alloc = 0;
    size_t *pos = xcalloc(ninvoices ? ninvoices : 1, sizeof(*pos));
    int rc = -1;
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        goto out;
    db_bind_int(s, 1, cluster_id);
    enum store_rc step;
    while ((step = db_step(st, s, err)) == STORE_ONE) {
        size_t owner = find_index(invoices, ninvoices, db_col_int(s, 0));
        if (owner == SIZE_MAX)
            continue;
        owner -= ibase;
        ALLOC_GROW(rows, nrows + 1, alloc);
        struct inst_row *r = &rows[nrows++];
        r->owner = owner;
        r->in.due = day_or_zero(db_col_text(s, 1));
        r->in.amount = db_col_int(s, 2);
        r->in.period_start = day_or_zero(db_col_text(s, 3));
        r->in.period_end = day_or_zero(db_col_text(s, 4));
        pos[owner]++;
    }
    if (step != STORE_NONE)
        goto out;
    size_t base = b->ninst;
    for (size_t i = 0; i < ninvoices; i++)
        b->invoices[ibase + i].ninst = pos[i];
    counts_to_positions(pos, ninvoices, base);
    for (size_t i = 0; i < ninvoices; i++)
        b->invoices[ibase + i].first_inst = pos[i];
    ALLOC_GROW(b->inst, base + nrows, b->inst_alloc);
    b->ninst = base + nrows;
    for (size_t i = 0; i < nrows; i++)
        b->inst[pos[rows[i].owner]++] = rows[i].in;
    rc = 0;
out:
    free(rows);
    free(pos);
    return rc;
}

/* The payments, grouped by invoice in date order. */
static int
load_payments(struct store *st, int64_t cluster_id, struct fee_book *b,
              const struct id_index *invoices, size_t ninvoices, size_t ibase,
              struct err *err)
{
    static const char SELECT[] =
        "SELECT invoice_id, paid_on, amount FROM payment"
        " WHERE cluster_id = $1 ORDER BY paid_on";
    struct payment_row *rows = NULL;
    size_t nrows = 0, alloc = 0;
    size_t *pos = xcalloc(ninvoices ? ninvoices : 1, sizeof(*pos));
    int rc = -1;
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        goto out;
    db_bind_int(s, 1, cluster_id);
    enum store_rc step;
    while ((step = db_step(st, s, err)) == STORE_ONE) {
        size_t owner = find_index(invoices, ninvoices, db_col_int(s, 0));
        if (owner == SIZE_MAX)
            continue;
        owner -= ibase;
        ALLOC_GROW(rows, nrows + 1, alloc);
        struct payment_row *r = &rows[nrows++];
        r->owner = owner;
        r->p.paid_on = day_or_zero(db_col_text(s, 1));
        r->p.amount = db_col_int(s, 2);
        pos[owner]++;
    }
    if (step != STORE_NONE)
        goto out;
    size_t base = b->npayments;
    for (size_t i = 0; i < ninvoices; i++)
        b->invoices[ibase + i].npayments = pos[i];
    counts_to_positions(pos, ninvoices, base);
    for (size_t i = 0; i < ninvoices; i++)
        b->invoices[ibase + i].first_payment = pos[i];
    ALLOC_GROW(b->payments, base + nrows, b->payments_alloc);
    b->npayments = base + nrows;
    for (size_t i = 0; i < nrows; i++)
        b->payments[pos[rows[i].owner]++] = rows[i].p;
    rc = 0;
out:
    free(rows);
    free(pos);
    return rc;
}

int
fee_book_store_load(struct store *st, int64_t cluster_id, struct fee_book *b,
                    struct err *err)
{
    struct id_index *tiers = NULL, *members = NULL, *invoices = NULL;
    size_t ntiers = 0, ninvoices = 0;
    size_t mbase = b->nmembers, ibase = b->ninvoices;
    int rc = -1;
    if (load_tiers(st, cluster_id, b, &tiers, &ntiers, err) ||
        load_members(st, cluster_id, b, tiers, ntiers, &members, err))
        goto out;
    size_t nmembers = b->nmembers - mbase;
    if (load_invoices(st, cluster_id, b, mbase, members, nmembers, &invoices,
                      &ninvoices, err) ||
        mark_cancelled(st, cluster_id, b, invoices, ninvoices, err) ||
        load_instalments(st, cluster_id, b, invoices, ninvoices, ibase, err) ||
        load_payments(st, cluster_id, b, invoices, ninvoices, ibase, err))
        goto out;
    rc = 0;
out:
    free(tiers);
    free(members);
    free(invoices);
    return rc;
}

/* ---- renewals ---- */

void
renewal_release(struct renewal *r)
{
    free(r->org_name);
    free(r->tier_name);
    free(r->renews_on);
    memset(r, 0, sizeof(*r));
}

/*
 * The memberships that renew on the first day of fiscal year $3 ($2):
 * joined before it, not ended by then, with a fee, no invoice for the
 * year yet; the tier is the one the history gives for that day.
 */
static int
renewals_of_year(struct store *st, int64_t cluster_id,
                 const struct fiscal_year *fy, struct renewal **items,
                 size_t *n, size_t *alloc, struct err *err)
{
    static const char SELECT[] =
        "SELECT m.id, m.organisation_id, o.name, t.name, t.annual_fee"
        " FROM membership m"
        " JOIN organisation o ON o.id = m.organisation_id"
        " JOIN tier t ON t.id = coalesce((SELECT mt.tier_id"
        "  FROM membership_tier mt WHERE mt.membership_id = m.id"
        "  AND mt.valid_from <= $2"
        "  ORDER BY mt.valid_from DESC, mt.id DESC LIMIT 1), m.tier_id)"
        " WHERE m.cluster_id = $1 AND m.joined_on <> '' AND m.joined_on < $2"
        " AND m.declined_on = '' AND (m.ended_on = '' OR m.ended_on > $2)"
        " AND t.cluster_id = $1 AND t.annual_fee > 0"
        " AND NOT EXISTS (SELECT 1 FROM invoice i WHERE i.membership_id = m.id"
        "  AND i.fiscal_year = $3 AND i.kind = 'invoice')"
        " ORDER BY o.name_key, m.id";
    char start[11];
    date_format(date_from_days(fy->start), start);
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_text(s, 2, start);
    db_bind_int(s, 3, fy->year);
    enum store_rc step;
    while ((step = db_step(st, s, err)) == STORE_ONE) {
        ALLOC_GROW(*items, *n + 1, *alloc);
        struct renewal *r = &(*items)[(*n)++];
        r->membership_id = db_col_int(s, 0);
        r->organisation_id = db_col_int(s, 1);
        r->org_name = db_col_dup(s, 2);
        r->tier_name = db_col_dup(s, 3);
        r->annual_fee = db_col_int(s, 4);
        r->fiscal_year = fy->year;
        r->renews_on = xstrdup(start);
    }
    return step == STORE_NONE ? 0 : -1;
}

/* A window longer than this is refused: renewals are yearly. */
#define RENEWAL_MAX_DAYS 3660

int
renewal_store_list(struct store *st, int64_t cluster_id, const char *from,
                   const char *to, struct renewal **items, size_t *n,
                   struct err *err)
{
    struct date df, dt;
    if (!from || date_parse(from, (int)strlen(from), &df))
        return err_set(err, ERR_INVALID, "from",
                       "The first day must be a date (YYYY-MM-DD).");
    if (!to || date_parse(to, (int)strlen(to), &dt))
        return err_set(err, ERR_INVALID, "to",
                       "The last day must be a date (YYYY-MM-DD).");
    int32_t first = date_to_days(df), last = date_to_days(dt);
    if (last < first)
        return err_set(err, ERR_INVALID, "to",
                       "The last day must not be before the first.");
    if (last - first > RENEWAL_MAX_DAYS)
        return err_set(err, ERR_INVALID, "to",
                       "The window may be at most ten years long.");
    struct cluster_settings cs;
    struct renewal *list = NULL;
    size_t count = 0, alloc = 0;
    int rc = -1;
    cluster_settings_init(&cs);
    if (settings_store_get(st, cluster_id, &cs, err))
        goto out;
    int y1 = fee_fiscal_year_of(&cs.fees, first);
    int y2 = fee_fiscal_year_of(&cs.fees, last);
    for (int y = y1; y <= y2 + 1; y++) {
        struct fiscal_year fy = fee_fiscal_year(&cs.fees, y);
        if (fy.start < first || fy.start > last)
            continue;
        if (renewals_of_year(st, cluster_id, &fy, &list, &count, &alloc, err))
            goto out;
    }
    *items = list;
    *n = count;
    list = NULL;
    count = 0;
    rc = 0;
out:
    for (size_t i = 0; i < count; i++)
        renewal_release(&list[i]);
    free(list);
    cluster_settings_release(&cs);
    return rc;
}
