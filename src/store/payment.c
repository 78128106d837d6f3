/*
 * Payments of invoices: what a valid payment is, and recording one.
 * Partial payments are allowed; more than what is left to pay, a payment
 * on a cancelled invoice and one on a credit note are refused with
 * nothing changed. A payment is never edited or deleted: a mistake is
 * corrected by a credit note and a new invoice.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/mem.h"
#include "base/text.h"
#include "core/money.h"
#include "io/jsonw.h"
#include "store/db.h"
#include "store/invoice_store.h"

#define PAYMENT_REFERENCE_MAX 200

static const struct {
    const char *name, *label;
} METHODS[] = {
    { "bank_transfer", "Bank transfer" },
    { "card", "Card" },
    { "cash", "Cash" },
    { "other", "Other" },
};

const char *const *
payment_methods(void)
{
    static const char *const names[] = { "bank_transfer", "card", "cash",
                                         "other", NULL };
    return names;
}

const char *
payment_method_label(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(METHODS); i++)
        if (name && strcmp(name, METHODS[i].name) == 0)
            return METHODS[i].label;
    return "Other";
}

void
payment_init(struct payment *p)
{
    memset(p, 0, sizeof(*p));
    p->paid_on = xstrdup("");
    p->method = xstrdup("");
    p->reference = xstrdup("");
    p->created_at = xstrdup("");
}

void
payment_release(struct payment *p)
{
    free(p->paid_on);
    free(p->method);
    free(p->reference);
    free(p->created_at);
    memset(p, 0, sizeof(*p));
}

/* Trims *field in place. */
static void
trim_field(char **field)
{
    size_t len;
    const char *t = text_trim(*field, strlen(*field), &len);
    if (t != *field || len != strlen(*field)) {
        char *copy = xstrndup(t, len);
        free(*field);
        *field = copy;
    }
}

int
payment_validate(struct payment *p, const char *today, struct err *err)
{
    struct date d, t;
    trim_field(&p->paid_on);
    trim_field(&p->method);
    trim_field(&p->reference);
    if (date_parse(p->paid_on, (int)strlen(p->paid_on), &d))
        return err_set(err, ERR_INVALID, "paid_on",
                       "The payment date must be a date (YYYY-MM-DD).");
    if (today && !date_parse(today, (int)strlen(today), &t) &&
        date_to_days(d) > date_to_days(t))
        return err_set(err, ERR_INVALID, "paid_on",
                       "The payment date cannot be after today (%s).", today);
    if (p->amount < 1 || p->amount > MONEY_MAX)
        return err_set(err, ERR_INVALID, "amount",
                       "The amount must be more than zero.");
    bool known = false;
    for (size_t i = 0; i < ARRAY_SIZE(METHODS); i++)
        known = known || strcmp(p->method, METHODS[i].name) == 0;
    if (!known)
        return err_set(err, ERR_INVALID, "method",
                       "Choose a payment method: bank transfer, card, cash "
                       "or other.");
    size_t len = strlen(p->reference);
    if (!text_valid_utf8(p->reference, len))
        return err_set(err, ERR_INVALID, "reference",
                       "The reference contains characters that are not "
                       "allowed.");
    if (text_utf8_len(p->reference, len) > PAYMENT_REFERENCE_MAX)
        return err_set(err, ERR_INVALID, "reference",
                       "The reference is longer than %d characters.",
                       PAYMENT_REFERENCE_MAX);
    return 0;
}

#define PAYMENT_COLUMNS                                          \
    "SELECT id, invoice_id, paid_on, amount, method, reference," \
    " created_at FROM payment"

static void
payment_from_row(sqlite3_stmt *s, struct payment *p)
{
    p->id = db_col_int(s, 0);
    p->invoice_id = db_col_int(s, 1);
    p->paid_on = db_col_dup(s, 2);
    p->amount = db_col_int(s, 3);
    p->method = db_col_dup(s, 4);
    p->reference = db_col_dup(s, 5);
    p->created_at = db_col_dup(s, 6);
}

int
invoice_store_payments(struct store *st, int64_t cluster_id, int64_t invoice_id,
                       struct payment **items, size_t *n, struct err *err)
{
    static const char SELECT[] = PAYMENT_COLUMNS
        " WHERE cluster_id = $1 AND invoice_id = $2 ORDER BY paid_on, id";
    struct payment *list = NULL;
    size_t count = 0, alloc = 0;
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, invoice_id);
    enum store_rc step;
    while ((step = db_step(st, s, err)) == STORE_ONE) {
        ALLOC_GROW(list, count + 1, alloc);
        payment_from_row(s, &list[count++]);
    }
    if (step != STORE_NONE) {
        for (size_t i = 0; i < count; i++)
            payment_release(&list[i]);
        free(list);
        return -1;
    }
    *items = list;
    *n = count;
    return 0;
}

static char *
payment_json_text(const struct payment *p)
{
    struct buf b = BUF_INIT;
    struct jsonw w;
    jsonw_init(&w, &b);
    jsonw_begin_object(&w);
    jsonw_key(&w, "payment_id");
    jsonw_int(&w, p->id);
    jsonw_key(&w, "paid_on");
    jsonw_string(&w, p->paid_on);
    jsonw_key(&w, "amount");
    jsonw_int(&w, p->amount);
    jsonw_key(&w, "method");
    jsonw_string(&w, p->method);
    jsonw_key(&w, "reference");
    jsonw_string(&w, p->reference);
    jsonw_end_object(&w);
    return buf_detach(&b, NULL);
}

struct payment_add {
    const struct scope *sc;
    struct payment *p;
};

static int
add_in_tx(struct store *st, void *vctx, struct err *err)
{
    static const char INVOICE[] =
        "SELECT i.kind, i.total, i.currency, i.number,"
        " EXISTS (SELECT 1 FROM invoice c WHERE c.credits = i.id),"
        " coalesce((SELECT sum(p.amount) FROM payment p"
        "  WHERE p.invoice_id = i.id), 0)"
        " FROM invoice i WHERE i.cluster_id = $1 AND i.id = $2";
    static const char INSERT[] =
        "INSERT INTO payment(cluster_id, invoice_id, paid_on, amount, method,"
        " reference, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)";
    struct payment_add *a = vctx;
    struct payment *p = a->p;
    sqlite3_stmt *s = db_stmt(st, INVOICE, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, a->sc->cluster_id);
    db_bind_int(s, 2, p->invoice_id);
    enum store_rc found = db_step(st, s, err);
    if (found == STORE_NONE)
        return err_set(err, ERR_NOT_FOUND, "invoice_id",
                       "There is no such invoice.");
    if (found != STORE_ONE)
        return -1;
    bool credit_note = strcmp(db_col_text(s, 0), "credit_note") == 0;
    int64_t total = db_col_int(s, 1);
    char currency[8];
    snprintf(currency, sizeof(currency), "%s", db_col_text(s, 2));
    int64_t number = db_col_int(s, 3);
    bool cancelled = db_col_int(s, 4) != 0;
    int64_t rest = total - db_col_int(s, 5);
    sqlite3_reset(s);
    if (credit_note)
        return err_set(err, ERR_CONFLICT, "invoice_id",
                       "No. %lld is a credit note; it takes no payments.",
                       (long long)number);
    if (cancelled)
        return err_set(err, ERR_CONFLICT, "invoice_id",
                       "Invoice %lld is cancelled by a credit note; it takes "
                       "no payments.",
                       (long long)number);
    char money[48];
    if (rest <= 0)
        return err_set(err, ERR_INVALID, "amount",
                       "Invoice %lld is paid in full; nothing is left to "
                       "pay.",
                       (long long)number);
    if (p->amount < 1 || p->amount > rest)
        return err_set(err, ERR_INVALID, "amount",
                       "The amount must be more than zero and at most the "
                       "rest to pay, %s.",
                       money_str(money, sizeof(money), rest, currency));

    char now[21];
    db_now_iso(now);
    s = db_stmt(st, INSERT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, a->sc->cluster_id);
    db_bind_int(s, 2, p->invoice_id);
    db_bind_text(s, 3, p->paid_on);
    db_bind_int(s, 4, p->amount);
    db_bind_text(s, 5, p->method);
    db_bind_text(s, 6, p->reference);
    db_bind_text(s, 7, now);
    if (db_exec_stmt(st, s, err) != STORE_NONE)
        return -1;
    p->id = db_last_id(st);
    free(p->created_at);
    p->created_at = xstrdup(now);
    return audit_record(st, a->sc, "payment", "invoice", p->invoice_id, NULL,
                        payment_json_text(p), err);
}

int
payment_store_add(struct store *st, const struct scope *sc, struct payment *p,
                  struct err *err)
{
    struct payment_add a = { sc, p };
    int64_t id = p->id;
    int rc = store_tx(st, add_in_tx, &a, err);
    if (rc)
        p->id = id;
    return rc;
}
