/*
 * A cluster's settings: the fee rules of core/fees.h and the details
 * printed on invoices and on the price list. A cluster without a row has
 * the defaults; saving writes the row. The currency stays once invoices
 * exist, because their amounts are in it.
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/text.h"
#include "io/jsonw.h"
#include "store/db.h"
#include "store/membership_store.h"

void
cluster_settings_init(struct cluster_settings *c)
{
    memset(c, 0, sizeof(*c));
    fee_settings_default(&c->fees);
    char **text[] = { &c->legal_name, &c->address, &c->email,
                      &c->website,    &c->vat_id,  &c->bank_account,
                      &c->benefits };
    for (size_t i = 0; i < ARRAY_SIZE(text); i++)
        *text[i] = xstrdup("");
}

void
cluster_settings_release(struct cluster_settings *c)
{
    free(c->legal_name);
    free(c->address);
    free(c->email);
    free(c->website);
    free(c->vat_id);
    free(c->bank_account);
    free(c->benefits);
    memset(c, 0, sizeof(*c));
}

/* Replaces *field by a copy of s. */
static void
set_text(char **field, const char *s)
{
    free(*field);
    *field = xstrdup(s ? s : "");
}

/* Trims *field in place and checks it is valid UTF-8 of at most max
 * characters. */
static int
check_text(char **field, const char *name, const char *label, size_t max,
           struct err *err)
{
    if (!*field)
        *field = xstrdup("");
    size_t len;
    const char *t = text_trim(*field, strlen(*field), &len);
    char *trimmed = xstrndup(t, len);
    free(*field);
    *field = trimmed;
    if (!text_valid_utf8(trimmed, len))
        return err_set(err, ERR_INVALID, name,
                       "%s contains characters that are not allowed.", label);
    if (text_utf8_len(trimmed, len) > max)
        return err_set(err, ERR_INVALID, name,
                       "%s may have at most %zu characters.", label, max);
    return 0;
}

int
cluster_settings_validate(struct cluster_settings *c, struct err *err)
{
    if (fee_settings_validate(&c->fees, err))
        return -1;
    if (check_text(&c->legal_name, "legal_name", "The legal name", 200, err) ||
        check_text(&c->address, "address", "The address", 1000, err) ||
        check_text(&c->email, "email", "The e-mail address", 254, err) ||
        check_text(&c->website, "website", "The website", 200, err) ||
        check_text(&c->vat_id, "vat_id", "The VAT number", 50, err) ||
        check_text(&c->bank_account, "bank_account", "The bank account", 300,
                   err) ||
        check_text(&c->benefits, "benefits", "What membership gives", 5000,
                   err))
        return -1;
    if (*c->email && !text_is_email(c->email))
        return err_set(err, ERR_INVALID, "email",
                       "The e-mail address must look like name@example.org.");
    return 0;
}

static void
settings_from_row(sqlite3_stmt *s, void *vc)
{
    struct cluster_settings *c = vc;
    const char *cur = db_col_text(s, 0);
    size_t n = strlen(cur);
    if (n >= sizeof(c->fees.currency))
        n = sizeof(c->fees.currency) - 1;
    memcpy(c->fees.currency, cur, n);
    c->fees.currency[n] = '\0';
    c->fees.fy_start_month = (int)db_col_int(s, 1);
    c->fees.instalment_threshold = db_col_int(s, 2);
    c->fees.prorata = db_col_int(s, 3) != 0;
    c->fees.grace_days = (int)db_col_int(s, 4);
    char **text[] = { &c->legal_name, &c->address, &c->email,
                      &c->website,    &c->vat_id,  &c->bank_account,
                      &c->benefits };
    for (size_t i = 0; i < ARRAY_SIZE(text); i++)
        set_text(text[i], db_col_text(s, 5 + (int)i));
}

int
settings_store_get(struct store *st, int64_t cluster_id,
                   struct cluster_settings *out, struct err *err)
{
    /* $2 is the cluster again: db_get_record binds ($1 cluster, $2 id). */
    static const char SELECT[] =
        "SELECT currency, fy_start_month, instalment_threshold, prorata,"
        " grace_days, legal_name, address, email, website, vat_id,"
        " bank_account, benefits FROM cluster_settings"
        " WHERE cluster_id = $1 AND cluster_id = $2";
    struct cluster_settings c;
    cluster_settings_init(&c);
    enum store_rc rc = db_get_record(st, SELECT, cluster_id, cluster_id,
                                     settings_from_row, &c, err);
    if (rc == STORE_HARD) {
        cluster_settings_release(&c);
        return -1;
    }
    cluster_settings_release(out);
    *out = c;
    return 0;
}

static char *
settings_json_text(const struct cluster_settings *c)
{
    struct buf b = BUF_INIT;
    struct jsonw w;
    jsonw_init(&w, &b);
    jsonw_begin_object(&w);
    jsonw_key(&w, "currency");
    jsonw_string(&w, c->fees.currency);
    jsonw_key(&w, "fy_start_month");
    jsonw_int(&w, c->fees.fy_start_month);
    jsonw_key(&w, "instalment_threshold");
    jsonw_int(&w, c->fees.instalment_threshold);
    jsonw_key(&w, "prorata");
    jsonw_bool(&w, c->fees.prorata);
    jsonw_key(&w, "grace_days");
    jsonw_int(&w, c->fees.grace_days);
    const char *keys[] = { "legal_name", "address",      "email",   "website",
                           "vat_id",     "bank_account", "benefits" };
    const char *vals[] = { c->legal_name, c->address, c->email,
                           c->website,    c->vat_id,  c->bank_account,
                           c->benefits };
    for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
        jsonw_key(&w, keys[i]);
        jsonw_string(&w, vals[i] ? vals[i] : "");
    }
    jsonw_end_object(&w);
    return buf_detach(&b, NULL);
}

struct settings_put {
    const struct scope *sc;
    const struct cluster_settings *c;
};

/* True when the cluster has issued any invoice or credit note. */
static enum store_rc
has_invoices(struct store *st, int64_t cluster_id, struct err *err)
{
    static const char SELECT[] =
        "SELECT 1 FROM invoice WHERE cluster_id = $1 LIMIT 1";
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return STORE_HARD;
    db_bind_int(s, 1, cluster_id);
    enum store_rc rc = db_step(st, s, err);
    sqlite3_reset(s);
    return rc;
}

static int
settings_put_in_tx(struct store *st, void *vctx, struct err *err)
{
    static const char UPSERT[] =
        "INSERT INTO cluster_settings(cluster_id, currency, fy_start_month,"
        " instalment_threshold, prorata, grace_days, legal_name, address,"
        " email, website, vat_id, bank_account, benefits, updated_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
        " ON CONFLICT(cluster_id) DO UPDATE SET currency = excluded.currency,"
        " fy_start_month = excluded.fy_start_month,"
        " instalment_threshold = excluded.instalment_threshold,"
        " prorata = excluded.prorata, grace_days = excluded.grace_days,"
        " legal_name = excluded.legal_name, address = excluded.address,"
        " email = excluded.email, website = excluded.website,"
        " vat_id = excluded.vat_id, bank_account = excluded.bank_account,"
        " benefits = excluded.benefits, updated_at = excluded.updated_at";
    struct settings_put *p = vctx;
    const struct cluster_settings *c = p->c;
    int64_t cluster_id = p->sc->cluster_id;
    struct cluster_settings before;
    int rc = -1;
    cluster_settings_init(&before);
    if (settings_store_get(st, cluster_id, &before, err))
        goto out;
    if (strcmp(before.fees.currency, c->fees.currency) != 0) {
        enum store_rc found = has_invoices(st, cluster_id, err);
        if (found == STORE_HARD)
            goto out;
        if (found == STORE_ONE) {
            err_set(err, ERR_CONFLICT, "currency",
                    "The currency cannot change once invoices exist "
                    "(they are in %s).",
                    before.fees.currency);
            goto out;
        }
    }
    char now[21];
    db_now_iso(now);
    sqlite3_stmt *s = db_stmt(st, UPSERT, err);
    if (!s)
        goto out;
    db_bind_int(s, 1, cluster_id);
    db_bind_text(s, 2, c->fees.currency);
    db_bind_int(s, 3, c->fees.fy_start_month);
    db_bind_int(s, 4, c->fees.instalment_threshold);
    db_bind_int(s, 5, c->fees.prorata);
    db_bind_int(s, 6, c->fees.grace_days);
    const char *text[] = { c->legal_name, c->address, c->email,
                           c->website,    c->vat_id,  c->bank_account,
                           c->benefits };
    for (size_t i = 0; i < ARRAY_SIZE(text); i++)
        db_bind_text(s, 7 + (int)i, text[i] ? text[i] : "");
    db_bind_text(s, 14, now);
    if (db_exec_stmt(st, s, err) != STORE_NONE)
        goto out;
    rc = audit_record(st, p->sc, "update", "settings", cluster_id,
                      settings_json_text(&before), settings_json_text(c), err);
out:
    cluster_settings_release(&before);
    return rc;
}

int
settings_store_put(struct store *st, const struct scope *sc,
                   const struct cluster_settings *c, struct err *err)
{
    /* Validate a copy: the caller's settings are const. */
    struct cluster_settings v;
    cluster_settings_init(&v);
    v.fees = c->fees;
    set_text(&v.legal_name, c->legal_name);
    set_text(&v.address, c->address);
    set_text(&v.email, c->email);
    set_text(&v.website, c->website);
    set_text(&v.vat_id, c->vat_id);
    set_text(&v.bank_account, c->bank_account);
    set_text(&v.benefits, c->benefits);
    int rc = cluster_settings_validate(&v, err);
    if (!rc) {
        struct settings_put p = { sc, &v };
        rc = store_tx(st, settings_put_in_tx, &p, err);
    }
    cluster_settings_release(&v);
    return rc;
}
