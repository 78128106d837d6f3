/*
 * Writing numbered documents: the yearly dues generation and credit
 * notes. Both take their numbers from the cluster's invoice_counter
 * inside the transaction that writes the document, and store_tx begins
 * it IMMEDIATE, so writers queue for the lock before reading the
 * counter: numbers stay gapless and unique with several generators at
 * once, and a failed run rolls its numbers back with its invoices.
 *
 * Generation is built for 10,000 memberships in well under a second: one
 * SELECT finds every candidate, the INSERTs are prepared once and
 * reused, the counter is read and written once, and the run leaves one
 * audit entry, all in one transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/mem.h"
#include "base/text.h"
#include "io/jsonw.h"
#include "store/db.h"
#include "store/invoice_store.h"
#include "store/membership_store.h"

#define CREDIT_REASON_MAX 500

/* "YYYY-MM-DD" as a day number; -1 when not a date. */
static int
parse_day(const char *s, int32_t *out)
{
    struct date d;
    if (!s || date_parse(s, (int)strlen(s), &d))
        return -1;
    *out = date_to_days(d);
    return 0;
}

static void
format_day(int32_t day, char out[11])
{
    date_format(date_from_days(day), out);
}

/*
 * The cluster's last document number. A cluster without a counter row
 * gets one, starting after its highest number, so documents written
 * before the counter existed are never numbered twice.
 */
static int
counter_get(struct store *st, int64_t cluster_id, int64_t *last,
            struct err *err)
{
    static const char UPSERT[] =
        "INSERT INTO invoice_counter(cluster_id, last_number)"
        " VALUES ($1, (SELECT coalesce(max(number), 0) FROM invoice"
        "  WHERE cluster_id = $1))"
        " ON CONFLICT (cluster_id) DO NOTHING";
    static const char SELECT[] =
        "SELECT last_number FROM invoice_counter WHERE cluster_id = $1";
    sqlite3_stmt *s = db_stmt(st, UPSERT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    if (db_exec_stmt(st, s, err) != STORE_NONE)
        return -1;
    s = db_stmt(st, SELECT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    if (db_step(st, s, err) != STORE_ONE)
        return -1;
    *last = db_col_int(s, 0);
    sqlite3_reset(s);
    return 0;
}

static int
counter_set(struct store *st, int64_t cluster_id, int64_t last, struct err *err)
{
    static const char UPDATE[] =
        "UPDATE invoice_counter SET last_number = $2 WHERE cluster_id = $1";
    sqlite3_stmt *s = db_stmt(st, UPDATE, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, last);
    return db_exec_stmt(st, s, err) == STORE_NONE ? 0 : -1;
}

/* ---- dues generation ---- */

/* A membership the year's dues are due from. */
struct candidate {
    int64_t membership_id;
    int64_t organisation_id;
    int32_t joined, ended;
    int64_t annual_fee;
    char *tier_name;
    char *bill_to;
};

/* The organisation as billed: its name, then "city, country". */
static char *
bill_to_text(const char *name, const char *city, const char *country)
{
    struct buf b = BUF_INIT;
    buf_adds(&b, name);
    if (*city || *country) {
        buf_addc(&b, '\n');
        buf_adds(&b, city);
        if (*city && *country)
            buf_adds(&b, ", ");
        buf_adds(&b, country);
    }
    return buf_detach(&b, NULL);
}

/*
 * Every running membership of the cluster with a fee for the year and
 * no invoice for it yet, by organisation name. The tier is the one of
 * the tier history valid on the later of the year's start and joining,
 * else the membership's own. $1 cluster, $2 the year's first day, $3
 * its last, $4 the year.
 */
static int
load_candidates(struct store *st, int64_t cluster_id,
                const struct fiscal_year *fy, struct candidate **out, size_t *n,
                struct err *err)
{
    static const char SELECT[] =
        "SELECT m.id, m.organisation_id, m.joined_on, m.ended_on, o.name,"
        " o.city, o.country, t.name, t.annual_fee"
        " FROM membership m"
        " JOIN organisation o ON o.id = m.organisation_id"
        " JOIN tier t ON t.id = coalesce((SELECT mt.tier_id"
        "  FROM membership_tier mt WHERE mt.membership_id = m.id"
        "  AND mt.valid_from <= max($2, m.joined_on)"
        "  ORDER BY mt.valid_from DESC, mt.id DESC LIMIT 1), m.tier_id)"
        " WHERE m.cluster_id = $1 AND m.joined_on <> '' AND m.joined_on <= $3"
        " AND m.declined_on = '' AND (m.ended_on = '' OR m.ended_on > $2)"
        " AND t.cluster_id = $1 AND t.annual_fee > 0"
        " AND NOT EXISTS (SELECT 1 FROM invoice i WHERE i.membership_id = m.id"
        "  AND i.fiscal_year = $4 AND i.kind = 'invoice')"
        " ORDER BY o.name_key, m.id";
    char first[11], last[11];
    format_day(fy->start, first);
    format_day(fy->end, last);
    size_t alloc = 0;
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_text(s, 2, first);
    db_bind_text(s, 3, last);
    db_bind_int(s, 4, fy->year);
    enum store_rc step;
    while ((step = db_step(st, s, err)) == STORE_ONE) {
        struct candidate c = { 0 };
        c.membership_id = db_col_int(s, 0);
        c.organisation_id = db_col_int(s, 1);
        if (parse_day(db_col_text(s, 2), &c.joined))
            continue; /* a malformed date: not a running membership */
        if (parse_day(db_col_text(s, 3), &c.ended))
            c.ended = 0;
        c.tier_name = db_col_dup(s, 7);
        c.annual_fee = db_col_int(s, 8);
        c.bill_to = bill_to_text(db_col_text(s, 4), db_col_text(s, 5),
                                 db_col_text(s, 6));
        ALLOC_GROW(*out, *n + 1, alloc);
        (*out)[(*n)++] = c;
    }
    return step == STORE_NONE ? 0 : -1;
}

struct generate {
    const struct scope *sc;
    int year;
    const char *today;
    int64_t created;
};

static int
write_invoice(struct store *st, const struct scope *sc, const char *currency,
              const char *today, const char *now, int year, int64_t number,
              const struct candidate *c, const struct instalment *inst,
              int ninst, struct err *err)
{
    static const char INVOICE[] =
        "INSERT INTO invoice(cluster_id, number, kind, membership_id,"
        " organisation_id, fiscal_year, issued_on, currency, total,"
        " tier_name, bill_to, created_at)"
        " VALUES ($1, $2, 'invoice', $3, $4, $5, $6, $7, $8, $9, $10, $11)";
    static const char INSTALMENT[] =
        "INSERT INTO invoice_instalment(invoice_id, seq, cluster_id, due_on,"
        " amount, period_start, period_end) VALUES ($1, $2, $3, $4, $5, $6,"
        " $7)";
    int64_t total = 0;
    for (int i = 0; i < ninst; i++)
        total += inst[i].amount;
    sqlite3_stmt *s = db_stmt(st, INVOICE, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, sc->cluster_id);
    db_bind_int(s, 2, number);
    db_bind_int(s, 3, c->membership_id);
    db_bind_int(s, 4, c->organisation_id);
    db_bind_int(s, 5, year);
    db_bind_text(s, 6, today);
    db_bind_text(s, 7, currency);
    db_bind_int(s, 8, total);
    db_bind_text(s, 9, c->tier_name);
    db_bind_text(s, 10, c->bill_to);
    db_bind_text(s, 11, now);
    if (db_exec_stmt(st, s, err) != STORE_NONE)
        return -1;
    int64_t id = db_last_id(st);
    for (int i = 0; i < ninst; i++) {
        char due[11], from[11], to[11];
        format_day(inst[i].due, due);
        format_day(inst[i].period_start, from);
        format_day(inst[i].period_end, to);
        s = db_stmt(st, INSTALMENT, err);
        if (!s)
            return -1;
        db_bind_int(s, 1, id);
        db_bind_int(s, 2, i + 1);
        db_bind_int(s, 3, sc->cluster_id);
        db_bind_text(s, 4, due);
        db_bind_int(s, 5, inst[i].amount);
        db_bind_text(s, 6, from);
        db_bind_text(s, 7, to);
        if (db_exec_stmt(st, s, err) != STORE_NONE)
            return -1;
    }
    return 0;
}

static char *
generate_json_text(int year, int64_t count, int64_t first, int64_t last)
{
    struct buf b = BUF_INIT;
    struct jsonw w;
    jsonw_init(&w, &b);
    jsonw_begin_object(&w);
    jsonw_key(&w, "year");
    jsonw_int(&w, year);
    jsonw_key(&w, "count");
    jsonw_int(&w, count);
    jsonw_key(&w, "first_number");
    jsonw_int(&w, first);
    jsonw_key(&w, "last_number");
    jsonw_int(&w, last);
    jsonw_end_object(&w);
    return buf_detach(&b, NULL);
}

static int
generate_in_tx(struct store *st, void *vctx, struct err *err)
{
    struct generate *g = vctx;
    int64_t cluster_id = g->sc->cluster_id;
    struct cluster_settings cs;
    struct candidate *cands = NULL;
    size_t ncands = 0;
    int rc = -1;
    cluster_settings_init(&cs);
    g->created = 0;
    /* The settings and the candidates are read inside the transaction,
     * after the write lock: a concurrent run has committed by then. */
    if (settings_store_get(st, cluster_id, &cs, err))
        goto out;
    struct fiscal_year fy = fee_fiscal_year(&cs.fees, g->year);
    int64_t last;
    if (load_candidates(st, cluster_id, &fy, &cands, &ncands, err) ||
        counter_get(st, cluster_id, &last, err))
        goto out;
    int64_t first = last + 1;
    char now[21];
    db_now_iso(now);
    for (size_t i = 0; i < ncands; i++) {
        struct instalment inst[2];
        int n = fee_schedule(&cs.fees, cands[i].annual_fee, cands[i].joined,
                             cands[i].ended, g->year, inst);
        if (n <= 0)
            continue;
        if (write_invoice(st, g->sc, cs.fees.currency, g->today, now, g->year,
                          last + 1, &cands[i], inst, n, err))
            goto out;
        last++;
        g->created++;
    }
    if (!g->created) {
        rc = 0;
        goto out;
    }
    if (counter_set(st, cluster_id, last, err))
        goto out;
    rc =
        audit_record(st, g->sc, "generate", "dues", g->year, NULL,
                     generate_json_text(g->year, g->created, first, last), err);
out:
    for (size_t i = 0; i < ncands; i++) {
        free(cands[i].tier_name);
        free(cands[i].bill_to);
    }
    free(cands);
    cluster_settings_release(&cs);
    return rc;
}

int
dues_store_generate(struct store *st, const struct scope *sc, int year,
                    const char *today, int64_t *created, struct err *err)
{
    int32_t day;
    if (year < 1900 || year > 9998)
        return err_set(err, ERR_INVALID, "year",
                       "The year must be from 1900 to 9998.");
    if (parse_day(today, &day))
        return err_set(err, ERR_INVALID, "today",
                       "The day must be a date (YYYY-MM-DD).");
    struct generate g = { sc, year, today, 0 };
    if (store_tx(st, generate_in_tx, &g, err))
        return -1;
    if (created)
        *created = g.created;
    return 0;
}

/* ---- credit notes ---- */

struct credit {
    const struct scope *sc;
    int64_t invoice_id;
    const char *today;
    const char *reason;
    int64_t credit_note_id;
};

static char *
credit_json_text(const struct invoice *iv, int64_t id, int64_t number,
                 const char *reason)
{
    struct buf b = BUF_INIT;
    struct jsonw w;
    jsonw_init(&w, &b);
    jsonw_begin_object(&w);
    jsonw_key(&w, "invoice_number");
    jsonw_int(&w, iv->number);
    jsonw_key(&w, "credit_note_id");
    jsonw_int(&w, id);
    jsonw_key(&w, "credit_note_number");
    jsonw_int(&w, number);
    jsonw_key(&w, "total");
    jsonw_int(&w, -iv->total);
    jsonw_key(&w, "reason");
    jsonw_string(&w, reason);
    jsonw_end_object(&w);
    return buf_detach(&b, NULL);
}

static int
credit_in_tx(struct store *st, void *vctx, struct err *err)
{
    static const char INSERT[] =
        "INSERT INTO invoice(cluster_id, number, kind, credits, membership_id,"
        " organisation_id, fiscal_year, issued_on, currency, total,"
        " tier_name, bill_to, reason, created_at)"
        " VALUES ($1, $2, 'credit_note', $3, $4, $5, $6, $7, $8, $9, $10,"
        " $11, $12, $13)";
    struct credit *c = vctx;
    int64_t cluster_id = c->sc->cluster_id;
    struct invoice iv;
    int rc = -1;
    invoice_init(&iv);
    enum store_rc found =
        invoice_store_get(st, cluster_id, c->invoice_id, c->today, &iv, err);
    if (found == STORE_NONE) {
        err_set(err, ERR_NOT_FOUND, "invoice_id", "There is no such invoice.");
        goto out;
    }
    if (found != STORE_ONE)
        goto out;
    if (iv.kind == INVOICE_KIND_CREDIT_NOTE) {
        err_set(err, ERR_CONFLICT, "invoice_id",
                "No. %lld is a credit note; only an invoice can be "
                "cancelled.",
                (long long)iv.number);
        goto out;
    }
    if (iv.credited_by) {
        err_set(err, ERR_CONFLICT, "invoice_id",
                "Invoice %lld is already cancelled by a credit note.",
                (long long)iv.number);
        goto out;
    }
    int64_t number;
    if (counter_get(st, cluster_id, &number, err))
        goto out;
    number++;
    char now[21];
    db_now_iso(now);
    sqlite3_stmt *s = db_stmt(st, INSERT, err);
    if (!s)
        goto out;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, number);
    db_bind_int(s, 3, iv.id);
    db_bind_int(s, 4, iv.membership_id);
    db_bind_int(s, 5, iv.organisation_id);
    db_bind_int(s, 6, iv.fiscal_year);
    db_bind_text(s, 7, c->today);
    db_bind_text(s, 8, iv.currency);
    db_bind_int(s, 9, -iv.total);
    db_bind_text(s, 10, iv.tier_name);
    db_bind_text(s, 11, iv.bill_to);
    db_bind_text(s, 12, c->reason);
    db_bind_text(s, 13, now);
    if (db_exec_stmt(st, s, err) != STORE_NONE)
        goto out;
    c->credit_note_id = db_last_id(st);
    if (counter_set(st, cluster_id, number, err))
        goto out;
    rc = audit_record(
        st, c->sc, "credit", "invoice", iv.id, NULL,
        credit_json_text(&iv, c->credit_note_id, number, c->reason), err);
out:
    invoice_release(&iv);
    return rc;
}

int
invoice_store_credit(struct store *st, const struct scope *sc,
                     int64_t invoice_id, const char *today, const char *reason,
                     int64_t *credit_note_id, struct err *err)
{
    int32_t day;
    if (parse_day(today, &day))
        return err_set(err, ERR_INVALID, "today",
                       "The day must be a date (YYYY-MM-DD).");
    size_t len = 0;
    const char *t = reason ? text_trim(reason, strlen(reason), &len) : "";
    if (!text_valid_utf8(t, len))
        return err_set(err, ERR_INVALID, "reason",
                       "The reason contains characters that are not "
                       "allowed.");
    if (text_utf8_len(t, len) > CREDIT_REASON_MAX)
        return err_set(err, ERR_INVALID, "reason",
                       "The reason is longer than %d characters.",
                       CREDIT_REASON_MAX);
    char *trimmed = xstrndup(t, len);
    struct credit c = { sc, invoice_id, today, trimmed, 0 };
    int rc = store_tx(st, credit_in_tx, &c, err);
    free(trimmed);
    if (rc)
        return -1;
    if (credit_note_id)
        *credit_note_id = c.credit_note_id;
    return 0;
}
