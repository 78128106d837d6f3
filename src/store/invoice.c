/*
 * Reading invoices and credit notes: one invoice, and the filtered,
 * sorted, paged lists with their sums. What an invoice's status is on a
 * day (open, partly paid, paid, overdue, cancelled) is never stored: it
 * is derived here by core/fees.c from the instalments and the payments
 * dated on or before that day. Nothing here writes.
 *
 * A list runs in two steps, so that 50,000 invoices cost one scan of
 * small rows: the first query reads, for every match in order, only what
 * the status and the sums need; the second reads the whole rows of the
 * page asked for, by id.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/mem.h"
#include "base/text.h"
#include "store/db.h"
#include "store/invoice_store.h"
#include "store/util.h"

void
invoice_init(struct invoice *iv)
{
    memset(iv, 0, sizeof(*iv));
    iv->org_name = xstrdup("");
    iv->issued_on = xstrdup("");
    iv->currency = xstrdup("");
    iv->tier_name = xstrdup("");
    iv->bill_to = xstrdup("");
    iv->reason = xstrdup("");
}

void
invoice_release(struct invoice *iv)
{
    free(iv->org_name);
    free(iv->issued_on);
    free(iv->currency);
    free(iv->tier_name);
    free(iv->bill_to);
    free(iv->reason);
    memset(iv, 0, sizeof(*iv));
}

void
invoice_list_release(struct invoice_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        invoice_release(&l->items[i]);
    free(l->items);
    memset(l, 0, sizeof(*l));
}

static void
set_str(char **field, const char *v)
{
    free(*field);
    *field = xstrdup(v);
}

/* The first len bytes of s as a day number; -1 when not a date. */
static int
parse_day(const char *s, size_t len, int32_t *out)
{
    struct date d;
    if (date_parse(s, (int)len, &d))
        return -1;
    *out = date_to_days(d);
    return 0;
}

/*
 * The instalments of a row: seq 1 and 2 as columns from col (due and
 * amount, and with periods also start and end), NULL when absent. Dues
 * generation writes at most two, in due order. Returns how many.
 */
static size_t
read_instalments(sqlite3_stmt *s, int col, bool periods,
                 struct instalment out[2])
{
    size_t n = 0;
    int width = periods ? 4 : 2;
    for (int k = 0; k < 2; k++, col += width) {
        struct instalment in = { 0 };
        const char *due = db_col_text(s, col);
        if (sqlite3_column_type(s, col) == SQLITE_NULL ||
            parse_day(due, strlen(due), &in.due))
            continue;
        in.amount = db_col_int(s, col + 1);
        if (periods) {
            const char *from = db_col_text(s, col + 2);
            const char *to = db_col_text(s, col + 3);
            if (parse_day(from, strlen(from), &in.period_start) ||
                parse_day(to, strlen(to), &in.period_end))
                continue;
        }
        out[n++] = in;
    }
    /* Keep the rule's premise, due order, whatever the seq says. */
    if (n == 2 && out[1].due < out[0].due) {
        struct instalment t = out[0];
        out[0] = out[1];
        out[1] = t;
    }
    return n;
}

/* Fills the derived fields of iv for `day`. */
static void
invoice_derive(struct invoice *iv, int32_t day)
{
    struct invoice_facts f = { iv->inst, iv->ninst, iv->paid,
                               iv->credited_by != 0 };
    iv->status = invoice_status(&f, day);
    iv->overdue_amount = invoice_overdue_amount(&f, day);
    iv->unpaid_since = invoice_unpaid_since(&f, day);
}

/* The parts of a row every statement below shares; $3 is today. The
 * paid sum reads only the covering index payment_invoice. */
#define SQL_PAID                                    \
    "coalesce((SELECT sum(p.amount) FROM payment p" \
    " WHERE p.invoice_id = i.id AND p.paid_on <= $3), 0)"
#define SQL_CREDITED_BY \
    "coalesce((SELECT c.id FROM invoice c WHERE c.credits = i.id), 0)"
/* The two instalments by primary key: no text to build or parse. */
#define SQL_INST_JOIN                                          \
    " LEFT JOIN invoice_instalment x1 ON x1.invoice_id = i.id" \
    " AND x1.seq = 1"                                          \
    " LEFT JOIN invoice_instalment x2 ON x2.invoice_id = i.id" \
    " AND x2.seq = 2"
#define SQL_FROM                          \
    " FROM invoice i JOIN organisation o" \
    " ON o.id = i.organisation_id" SQL_INST_JOIN

/* Columns 0..23 of a whole invoice. */
#define INVOICE_COLUMNS                                                       \
    "SELECT i.id, i.number, i.kind, coalesce(i.credits, 0), " SQL_CREDITED_BY \
    ", i.membership_id, i.organisation_id, o.name,"                           \
    " i.fiscal_year, i.issued_on, i.currency, i.total, i.tier_name,"          \
    " i.bill_to, i.reason, " SQL_PAID ","                                     \
    " x1.due_on, x1.amount, x1.period_start, x1.period_end,"                  \
    " x2.due_on, x2.amount, x2.period_start, x2.period_end"

static void
invoice_from_row(sqlite3_stmt *s, struct invoice *iv, int32_t day)
{
    iv->id = db_col_int(s, 0);
    iv->number = db_col_int(s, 1);
    iv->kind = strcmp(db_col_text(s, 2), "credit_note") == 0
                   ? INVOICE_KIND_CREDIT_NOTE
                   : INVOICE_KIND_INVOICE;
    iv->credits = db_col_int(s, 3);
    iv->credited_by = db_col_int(s, 4);
    iv->membership_id = db_col_int(s, 5);
    iv->organisation_id = db_col_int(s, 6);
    set_str(&iv->org_name, db_col_text(s, 7));
    iv->fiscal_year = (int)db_col_int(s, 8);
    set_str(&iv->issued_on, db_col_text(s, 9));
    set_str(&iv->currency, db_col_text(s, 10));
    iv->total = db_col_int(s, 11);
    set_str(&iv->tier_name, db_col_text(s, 12));
    set_str(&iv->bill_to, db_col_text(s, 13));
    set_str(&iv->reason, db_col_text(s, 14));
    iv->paid = db_col_int(s, 15);
    iv->ninst = read_instalments(s, 16, true, iv->inst);
    invoice_derive(iv, day);
}

enum store_rc
invoice_store_get(struct store *st, int64_t cluster_id, int64_t id,
                  const char *today, struct invoice *out, struct err *err)
{
    static const char SELECT[] =
        INVOICE_COLUMNS SQL_FROM " WHERE i.cluster_id = $1 AND i.id = $2";
    int32_t day;
    if (!today || parse_day(today, strlen(today), &day)) {
        err_set(err, ERR_INVALID, "today",
                "The day must be a date (YYYY-MM-DD).");
        return STORE_HARD;
    }
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return STORE_HARD;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, id);
    db_bind_text(s, 3, today);
    enum store_rc rc = db_step(st, s, err);
    if (rc == STORE_ONE) {
        invoice_from_row(s, out, day);
        sqlite3_reset(s);
    }
    return rc;
}

/*
 * The first step of a list. A status filter is narrowed in SQL first
 * ($10: 0 none, 1 cancelled, 2 paid, 3 overdue, 4 not paid in full), so
 * that the overdue list of 50,000 invoices reads only the few unpaid
 * ones; the exact status is then derived in C. The instalments due
 * before today sum to more than what was paid exactly when the status
 * is overdue. The cheap tests come first: SQLite stops at the first
 * false one. Binds $1 cluster, $3 today, $4..$5 fiscal years, $6
 * organisation or 0, $7 credit notes too, $8 name pattern, $9 number.
 */
#define SQL_NOT_CREDITED \
    " NOT EXISTS (SELECT 1 FROM invoice c WHERE c.credits = i.id)"
#define SQL_DUE_BEFORE_TODAY                              \
    "(CASE WHEN x1.due_on < $3 THEN x1.amount ELSE 0 END" \
    " + CASE WHEN x2.due_on < $3 THEN x2.amount ELSE 0 END)"
#define SQL_OVERDUE_TEST \
    SQL_DUE_BEFORE_TODAY " > 0 AND " SQL_PAID " < " SQL_DUE_BEFORE_TODAY
#define SQL_STATUS_TEST                                             \
    " AND CASE $10 WHEN 0 THEN 1"                                   \
    " WHEN 1 THEN NOT" SQL_NOT_CREDITED                             \
    " ELSE i.kind = 'invoice' AND CASE $10"                         \
    " WHEN 2 THEN " SQL_PAID " >= i.total"                          \
    " WHEN 3 THEN " SQL_OVERDUE_TEST " ELSE " SQL_PAID " < i.total" \
    " END AND" SQL_NOT_CREDITED " END"
#define INVOICE_SCAN(order)                                                  \
    "SELECT i.id, i.number, i.kind, " SQL_CREDITED_BY ", i.total, " SQL_PAID \
    ", x1.due_on, x1.amount, x2.due_on, x2.amount" SQL_FROM                  \
    " WHERE i.cluster_id = $1 AND i.fiscal_year BETWEEN $4 AND $5"           \
    " AND ($6 = 0 OR i.organisation_id = $6)"                                \
    " AND ($7 = 1 OR i.kind = 'invoice')"                                    \
    " AND ($8 IS NULL OR i.number = $9"                                      \
    "  OR o.name_key LIKE $8 ESCAPE '\\')" SQL_STATUS_TEST " ORDER BY " order
#define INVOICE_SORTS(asc, desc)              \
    {                                         \
        INVOICE_SCAN(asc), INVOICE_SCAN(desc) \
    }
static const char *const INVOICE_SCAN_SQL[INVOICE_SORT__COUNT][2] = {
    [INVOICE_SORT_NUMBER] = INVOICE_SORTS("i.number", "i.number DESC"),
    [INVOICE_SORT_ORG] =
        INVOICE_SORTS("o.name_key, i.number", "o.name_key DESC, i.number DESC"),
    [INVOICE_SORT_ISSUED] = INVOICE_SORTS("i.issued_on, i.number",
                                          "i.issued_on DESC, i.number DESC"),
    [INVOICE_SORT_TOTAL] =
        INVOICE_SORTS("i.total, i.number", "i.total DESC, i.number DESC"),
    /* Sorted in C by days overdue; the number breaks ties. */
    [INVOICE_SORT_DAYS_OVERDUE] = INVOICE_SORTS("i.number", "i.number"),
};

/* The prefilter class ($10) of a status filter. */
static int
status_prefilter(int status)
{
    switch (status) {
    case INVOICE_CANCELLED:
        return 1;
    case INVOICE_PAID:
        return 2;
    case INVOICE_OVERDUE:
        return 3;
    case INVOICE_OPEN:
    case INVOICE_PARTLY_PAID:
        return 4;
    default:
        return 0;
    }
}

/* A match of the first step: enough to sort it and find it again. */
struct match {
    int64_t id;
    int64_t number;
    int32_t unpaid_since;
};

/* Days overdue ascending (none first), then the number. */
static int
cmp_days_overdue(const void *va, const void *vb)
{
    const struct match *a = va, *b = vb;
    /* An earlier unpaid_since is more days overdue; none sorts first. */
    int64_t ka = a->unpaid_since ? -(int64_t)a->unpaid_since : INT64_MIN;
    int64_t kb = b->unpaid_since ? -(int64_t)b->unpaid_since : INT64_MIN;
    if (ka != kb)
        return ka < kb ? -1 : 1;
    return a->number < b->number ? -1 : a->number > b->number;
}

static int
cmp_days_overdue_desc(const void *va, const void *vb)
{
    const struct match *a = va, *b = vb;
    int64_t ka = a->unpaid_since ? -(int64_t)a->unpaid_since : INT64_MIN;
    int64_t kb = b->unpaid_since ? -(int64_t)b->unpaid_since : INT64_MIN;
    if (ka != kb)
        return ka > kb ? -1 : 1;
    return a->number < b->number ? -1 : a->number > b->number;
}

/* A q of digits only (after trimming) also finds that invoice number. */
static int64_t
q_number(const char *q)
{
    if (!q)
        return -1;
    size_t len;
    const char *t = text_trim(q, strlen(q), &len);
    if (t && *t == '#') {
        t++;
        len--;
    }
    if (!len || len > 15)
        return -1;
    int64_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (t[i] < '0' || t[i] > '9')
            return -1;
        n = n * 10 + (t[i] - '0');
    }
    return n;
}

/* The second step: the whole rows of ids[0..n), into out->items. */
static int
load_page(struct store *st, int64_t cluster_id, const char *today, int32_t day,
          const struct match *m, size_t n, struct invoice_list *out,
          struct err *err)
{
    static const char SELECT[] = INVOICE_COLUMNS
        ", j.key FROM json_each($2) j"
        " JOIN invoice i ON i.id = j.value"
        " JOIN organisation o ON o.id = i.organisation_id" SQL_INST_JOIN
        " WHERE i.cluster_id = $1"
        " ORDER BY j.key";
    if (!n)
        return 0;
    struct buf ids = BUF_INIT;
    buf_addc(&ids, '[');
    for (size_t i = 0; i < n; i++)
        buf_addf(&ids, "%s%lld", i ? "," : "", (long long)m[i].id);
    buf_addc(&ids, ']');
    int rc = -1;
    size_t base = out->n;
    ALLOC_GROW(out->items, base + n, out->alloc);
    for (size_t i = 0; i < n; i++)
        invoice_init(&out->items[base + i]);
    out->n = base + n;
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        goto out;
    db_bind_int(s, 1, cluster_id);
    db_bind_text(s, 2, ids.s);
    db_bind_text(s, 3, today);
    enum store_rc step;
    while ((step = db_step(st, s, err)) == STORE_ONE) {
        int64_t k = db_col_int(s, 24);
        if (k >= 0 && (size_t)k < n)
            invoice_from_row(s, &out->items[base + (size_t)k], day);
    }
    if (step == STORE_NONE)
        rc = 0;
out:
    buf_release(&ids);
    return rc;
}

int
invoice_store_list(struct store *st, int64_t cluster_id,
                   const struct invoice_filter *f, const char *today,
                   struct invoice_list *out, struct err *err)
{
    int rc = -1;
    struct buf like = BUF_INIT;
    struct match *matches = NULL;
    size_t nmatches = 0, alloc = 0;
    int32_t day;
    if (!today || parse_day(today, strlen(today), &day)) {
        err_set(err, ERR_INVALID, "today",
                "The day must be a date (YYYY-MM-DD).");
        goto out;
    }
    store_like_pattern(&like, f->q);
    int64_t number = q_number(f->q);
    bool by_status = f->status >= 0 && f->status < INVOICE_STATUS__COUNT;
    unsigned sort =
        f->sort < INVOICE_SORT__COUNT ? f->sort : INVOICE_SORT_NUMBER;
    sqlite3_stmt *s = db_stmt(st, INVOICE_SCAN_SQL[sort][f->desc ? 1 : 0], err);
    if (!s)
        goto out;
    db_bind_int(s, 1, cluster_id);
    db_bind_text(s, 3, today);
    db_bind_int(s, 4, f->fiscal_year > 0 ? f->fiscal_year : 0);
    db_bind_int(s, 5, f->fiscal_year > 0 ? f->fiscal_year : INT32_MAX);
    db_bind_int(s, 6, f->organisation_id);
    db_bind_int(s, 7, f->credit_notes && !by_status);
    db_bind_text_or_null(s, 8, like.s);
    if (like.len)
        db_bind_int(s, 9, number);
    db_bind_int(s, 10, by_status ? status_prefilter(f->status) : 0);

    out->total = out->sum_total = out->sum_paid = out->sum_overdue = 0;
    enum store_rc step;
    while ((step = db_step(st, s, err)) == STORE_ONE) {
        struct instalment inst[2];
        size_t ninst = read_instalments(s, 6, false, inst);
        struct invoice_facts facts = { inst, ninst, db_col_int(s, 5),
                                       db_col_int(s, 3) != 0 };
        enum invoice_status status = invoice_status(&facts, day);
        bool credit_note = strcmp(db_col_text(s, 2), "credit_note") == 0;
        if (by_status && (credit_note || (int)status != f->status))
            continue;
        out->total++;
        out->sum_total += db_col_int(s, 4);
        out->sum_paid += facts.paid;
        out->sum_overdue += invoice_overdue_amount(&facts, day);
        ALLOC_GROW(matches, nmatches + 1, alloc);
        matches[nmatches++] =
            (struct match){ db_col_int(s, 0), db_col_int(s, 1),
                            invoice_unpaid_since(&facts, day) };
    }
    if (step != STORE_NONE)
        goto out;
    if (sort == INVOICE_SORT_DAYS_OVERDUE && nmatches > 1)
        qsort(matches, nmatches, sizeof(*matches),
              f->desc ? cmp_days_overdue_desc : cmp_days_overdue);

    size_t first = f->offset > 0 ? (size_t)f->offset : 0;
    if (first > nmatches)
        first = nmatches;
    size_t n = nmatches - first;
    if (f->limit >= 0 && (size_t)f->limit < n)
        n = (size_t)f->limit;
    rc = load_page(st, cluster_id, today, day, matches + first, n, out, err);
out:
    free(matches);
    buf_release(&like);
    return rc;
}
