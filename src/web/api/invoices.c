/*
 * /api/v1/invoices: the list (with its sums), one invoice, the yearly
 * dues generation and cancellation by a credit note. Status, paid and
 * overdue amounts are the store's, derived for the server's today. The
 * cluster comes from r->scope only: an invoice of another cluster is
 * answered as one that does not exist, and is never in a list or sum.
 */
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "io/membership_json.h"
#include "store/invoice_store.h"
#include "store/membership_store.h"
#include "web/api.h"
#include "web/api/common.h"
#include "web/params.h"

#define INVOICES_PATH "/api/v1/invoices"

/* An invoice with the day its days overdue count to. */
struct invoice_item {
    const struct invoice *iv;
    int32_t today;
};

static void
write_invoice_item(struct jsonw *w, const void *item)
{
    const struct invoice_item *it = item;
    invoice_write_json(w, it->iv, it->today);
}

static int
parse_filter(const struct form *q, struct invoice_filter *f, struct paging *p,
             struct err *err)
{
    static const char *const SORTS[INVOICE_SORT__COUNT] = {
        [INVOICE_SORT_NUMBER] = "number",
        [INVOICE_SORT_ORG] = "organisation",
        [INVOICE_SORT_ISSUED] = "issued",
        [INVOICE_SORT_TOTAL] = "total",
        [INVOICE_SORT_DAYS_OVERDUE] = "days_overdue",
    };
    memset(f, 0, sizeof(*f));
    f->q = form_get(q, "q");
    f->status = -1;
    const char *status = form_get(q, "status");
    if (status && *status) {
        for (int s = 0; s < INVOICE_STATUS__COUNT; s++)
            if (strcmp(status, invoice_status_name((enum invoice_status)s)) ==
                0)
                f->status = s;
        if (f->status < 0)
            return err_set(err, ERR_INVALID, "status",
                           "status must be one of open, partly_paid, paid, "
                           "overdue, cancelled.");
    }
    const char *year = form_get(q, "fiscal_year");
    int64_t y = 0;
    if (year && *year) {
        if (params_id(year, &y) || y < 1900 || y > 9999)
            return err_set(err, ERR_INVALID, "fiscal_year",
                           "fiscal_year must be a year like 2027.");
        f->fiscal_year = (int)y;
    }
    const char *org = form_get(q, "organisation_id");
    if (org && *org && params_id(org, &f->organisation_id))
        return err_set(err, ERR_INVALID, "organisation_id",
                       "organisation_id must be a record number.");
    if (params_bool(q, "credit_notes", false, &f->credit_notes, err))
        return -1;
    const char *sort = form_get(q, "sort");
    if (sort && *sort) {
        int s = params_sort(sort, SORTS, INVOICE_SORT__COUNT, &f->desc);
        if (s < 0)
            return err_set(err, ERR_INVALID, "sort",
                           "sort must be number, organisation, issued, total "
                           "or days_overdue (with - for descending).");
        f->sort = (enum invoice_sort)s;
    }
    if (params_paging(q, p, err))
        return -1;
    f->offset = (p->page - 1) * p->per_page;
    f->limit = p->per_page;
    return 0;
}

/*
 * The list envelope of api_reply_list with the sums over every match
 * (not only the page): {"data", "total", "page", "per_page", "sums":
 * {"total", "paid", "overdue", "currency"}}.
 */
void
api_invoices_list(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct invoice_filter f;
    struct paging p;
    struct invoice_list l = { 0 };
    char currency[4];
    struct buf body = BUF_INIT;
    struct jsonw w;
    int32_t today = api_dues_today(r);

    if (parse_filter(&r->query, &f, &p, &err) ||
        api_dues_currency(r, currency, &err) ||
        invoice_store_list(r->store, r->scope.cluster_id, &f, r->today, &l,
                           &err)) {
        resp_api_error(rs, &err);
        goto out;
    }
    jsonw_init(&w, &body);
    jsonw_begin_object(&w);
    jsonw_key(&w, "data");
    jsonw_begin_array(&w);
    for (size_t i = 0; i < l.n; i++)
        invoice_write_json(&w, &l.items[i], today);
    jsonw_end_array(&w);
    jsonw_key(&w, "total");
    jsonw_int(&w, l.total);
    jsonw_key(&w, "page");
    jsonw_int(&w, p.page);
    jsonw_key(&w, "per_page");
    jsonw_int(&w, p.per_page);
    jsonw_key(&w, "sums");
    jsonw_begin_object(&w);
    jsonw_key(&w, "total");
    jsonw_int(&w, l.sum_total);
    jsonw_key(&w, "paid");
    jsonw_int(&w, l.sum_paid);
    jsonw_key(&w, "overdue");
    jsonw_int(&w, l.sum_overdue);
    jsonw_key(&w, "currency");
    jsonw_string(&w, currency);
    jsonw_end_object(&w);
    jsonw_end_object(&w);
    resp_json(rs, 200, &body);
out:
    buf_release(&body);
    invoice_list_release(&l);
}

static int
load_invoice(struct req *r, int64_t id, struct invoice *iv, struct err *err)
{
    enum store_rc rc =
        invoice_store_get(r->store, r->scope.cluster_id, id, r->today, iv, err);
    if (rc == STORE_NONE)
        api_not_found(err, "invoice", id);
    return rc == STORE_ONE ? 0 : -1;
}

/* Answers invoice id as it is now, with status 200 or 201 (created). */
static void
reply_invoice(struct req *r, struct resp *rs, int status, int64_t id)
{
    struct err err = ERR_INIT;
    struct invoice iv;

    invoice_init(&iv);
    if (load_invoice(r, id, &iv, &err)) {
        resp_api_error(rs, &err);
        goto out;
    }
    struct invoice_item it = { &iv, api_dues_today(r) };
    if (status == 201)
        api_reply_created(rs, INVOICES_PATH, id, write_invoice_item, &it);
    else
        api_reply_one(rs, status, write_invoice_item, &it);
out:
    invoice_release(&iv);
}

void
api_invoices_get(struct req *r, struct resp *rs)
{
    reply_invoice(r, rs, 200, r->ids[0]);
}

/*
 * {"fiscal_year": 2027} -> {"data": {"fiscal_year": 2027, "created": N}}.
 * Without fiscal_year, the fiscal year containing today. Running it
 * again creates nothing; two at once still number without gaps (the
 * store takes the numbers inside the transaction).
 */
void
api_invoices_generate(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct cluster_settings cs;
    int year = 0;
    int64_t created = 0;
    const struct jfield specs[] = {
        { "fiscal_year", JFIELD_YEAR, JFIELD_NOT_NULL, &year },
    };
    json_t *body = NULL;
    struct buf out = BUF_INIT;
    struct jsonw w;

    cluster_settings_init(&cs);
    body = r->raw_len ? api_body(r, &err) : json_object();
    if (!body || json_read_fields(body, specs, ARRAY_SIZE(specs), &err))
        goto fail;
    if (!year) {
        if (settings_store_get(r->store, r->scope.cluster_id, &cs, &err))
            goto fail;
        year = fee_fiscal_year_of(&cs.fees, api_dues_today(r));
    }
    if (dues_store_generate(r->store, &r->scope, year, r->today, &created,
                            &err)) {
        if (strcmp(err.field, "year") == 0)
            memcpy(err.field, "fiscal_year", sizeof("fiscal_year"));
        goto fail;
    }
    jsonw_init(&w, &out);
    jsonw_begin_object(&w);
    jsonw_key(&w, "data");
    jsonw_begin_object(&w);
    jsonw_key(&w, "fiscal_year");
    jsonw_int(&w, year);
    jsonw_key(&w, "created");
    jsonw_int(&w, created);
    jsonw_end_object(&w);
    jsonw_end_object(&w);
    resp_json(rs, 200, &out);
    goto done;
fail:
    resp_api_error(rs, &err);
done:
    buf_release(&out);
    json_decref(body);
    cluster_settings_release(&cs);
}

/*
 * {"reason": "..."} -> 201, Location and the credit note, which cancels
 * the invoice for its whole total; 409 when it is already cancelled or
 * is itself a credit note.
 */
void
api_invoices_credit(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct invoice iv;
    const char *reason = "";
    int64_t credit_note = 0;
    const struct jfield specs[] = {
        { "reason", JFIELD_TEXT, 0, &reason },
    };
    json_t *body = NULL;

    invoice_init(&iv);
    body = r->raw_len ? api_body(r, &err) : json_object();
    if (!body || json_read_fields(body, specs, ARRAY_SIZE(specs), &err) ||
        load_invoice(r, r->ids[0], &iv, &err) ||
        invoice_store_credit(r->store, &r->scope, iv.id, r->today, reason,
                             &credit_note, &err)) {
        resp_api_error(rs, &err);
        goto out;
    }
    reply_invoice(r, rs, 201, credit_note);
out:
    json_decref(body);
    invoice_release(&iv);
}
