/*
 * /api/v1/payments and an invoice's payments: recording a payment
 * (partial ones allowed, never more than the rest, never on a cancelled
 * invoice or a credit note: the store checks both inside the write's
 * transaction) and listing them. The cluster comes from r->scope only;
 * an invoice of another cluster is answered as one that does not exist.
 */
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "io/membership_json.h"
#include "store/invoice_store.h"
#include "web/api.h"
#include "web/api/common.h"
#include "web/params.h"

#define INVOICES_PATH "/api/v1/invoices"

struct payment_item {
    const struct payment *p;
    const char *currency;
};

static void
write_payment_item(struct jsonw *w, const void *item)
{
    const struct payment_item *it = item;
    payment_write_json(w, it->p, it->currency);
}

/* Loads invoice id of the caller's cluster; field names the body member
 * the id came from, or is NULL for the address. */
static int
load_invoice(struct req *r, int64_t id, const char *field, struct invoice *iv,
             struct err *err)
{
    enum store_rc rc =
        invoice_store_get(r->store, r->scope.cluster_id, id, r->today, iv, err);
    if (rc == STORE_NONE)
        err_set(err, ERR_NOT_FOUND, field,
                "There is no invoice %lld in your cluster.", (long long)id);
    return rc == STORE_ONE ? 0 : -1;
}

static void
payments_release(struct payment *items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        payment_release(&items[i]);
    free(items);
}

/*
 * {invoice_id, amount, paid_on (default today), method (default
 * bank_transfer), reference} -> 201 with the payment; Location is the
 * payment under its invoice.
 */
void
api_payments_create(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct payment p;
    struct invoice iv;
    json_t *body = NULL;
    struct buf path = BUF_INIT;

    payment_init(&p);
    invoice_init(&iv);
    free(p.paid_on);
    p.paid_on = xstrdup(r->today);
    free(p.method);
    p.method = xstrdup("bank_transfer");
    body = api_body(r, &err);
    if (!body || payment_from_json(body, &p, &err) ||
        payment_validate(&p, r->today, &err) ||
        load_invoice(r, p.invoice_id, "invoice_id", &iv, &err) ||
        payment_store_add(r->store, &r->scope, &p, &err)) {
        resp_api_error(rs, &err);
        goto out;
    }
    buf_addf(&path, "%s/%lld/payments", INVOICES_PATH, (long long)p.invoice_id);
    struct payment_item it = { &p, iv.currency };
    api_reply_created(rs, path.s, p.id, write_payment_item, &it);
out:
    buf_release(&path);
    json_decref(body);
    invoice_release(&iv);
    payment_release(&p);
}

/* The payments of the invoice in the address, oldest first. */
void
api_invoices_payments(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct paging p;
    struct invoice iv;
    struct payment *items = NULL;
    struct payment_item *page = NULL;
    size_t n = 0;

    invoice_init(&iv);
    if (params_paging(&r->query, &p, &err) ||
        load_invoice(r, r->ids[0], NULL, &iv, &err) ||
        invoice_store_payments(r->store, r->scope.cluster_id, iv.id, &items, &n,
                               &err)) {
        resp_api_error(rs, &err);
        goto out;
    }
    size_t from = (size_t)((p.page - 1) * p.per_page);
    size_t count = from < n ? n - from : 0;
    if (count > (size_t)p.per_page)
        count = (size_t)p.per_page;
    page = xcalloc(count + 1, sizeof(*page));
    for (size_t i = 0; i < count; i++)
        page[i] = (struct payment_item){ &items[from + i], iv.currency };
    api_reply_list(rs, write_payment_item, page, count, sizeof(*page),
                   (int64_t)n, &p);
out:
    free(page);
    payments_release(items, n);
    invoice_release(&iv);
}

void
api_invoices_payment_get(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct invoice iv;
    struct payment *items = NULL;
    size_t n = 0;

    invoice_init(&iv);
    if (load_invoice(r, r->ids[0], NULL, &iv, &err) ||
        invoice_store_payments(r->store, r->scope.cluster_id, iv.id, &items, &n,
                               &err))
        goto fail;
    for (size_t i = 0; i < n; i++) {
        if (items[i].id == r->ids[1]) {
            struct payment_item it = { &items[i], iv.currency };
            api_reply_one(rs, 200, write_payment_item, &it);
            goto out;
        }
    }
    api_not_found(&err, "payment", r->ids[1]);
fail:
    resp_api_error(rs, &err);
out:
    payments_release(items, n);
    invoice_release(&iv);
}
