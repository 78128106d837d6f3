/*
 * The store of dues: invoices with their instalments, payments, credit
 * notes, the yearly dues generation, and the fee book the dashboard is
 * computed from. Conventions as in store/store.h.
 */
#ifndef CD_INVOICE_STORE_H
#define CD_INVOICE_STORE_H

#include "core/fees.h"
#include "core/targets.h"
#include "store/store.h"

enum invoice_kind { INVOICE_KIND_INVOICE, INVOICE_KIND_CREDIT_NOTE };

struct payment {
    int64_t id;
    int64_t invoice_id;
    char *paid_on; /* "YYYY-MM-DD" */
    int64_t amount;
    char *method; /* "bank_transfer", "card", "cash", "other" */
    char *reference;
    char *created_at;
};
void payment_init(struct payment *p);
void payment_release(struct payment *p);
/* Date not after today, amount 1..MONEY_MAX, a known method, reference
 * up to 200 characters; ERR_INVALID on the field. */
int payment_validate(struct payment *p, const char *today, struct err *err);
const char *const *payment_methods(void); /* NULL-terminated names */
const char *payment_method_label(const char *name);

struct invoice {
    int64_t id;
    int64_t number; /* gapless per cluster, shared with credit notes */
    enum invoice_kind kind;
    int64_t credits;     /* a credit note's invoice id, else 0 */
    int64_t credited_by; /* the credit note cancelling it, else 0 */
    int64_t membership_id;
    int64_t organisation_id;
    char *org_name;
    int fiscal_year;
    char *issued_on;
    char *currency;
    int64_t total; /* negative for a credit note */
    char *tier_name;
    char *bill_to; /* the organisation's name and address as billed */
    char *reason;  /* a credit note's reason */
    struct instalment inst[2];
    size_t ninst;
    int64_t paid; /* payments dated on or before the day asked about */
    /* Derived for the day asked about: */
    enum invoice_status status;
    int64_t overdue_amount;
    int32_t unpaid_since; /* day number or 0 */
};
void invoice_init(struct invoice *iv);
void invoice_release(struct invoice *iv);

enum invoice_sort {
    INVOICE_SORT_NUMBER,
    INVOICE_SORT_ORG,
    INVOICE_SORT_ISSUED,
    INVOICE_SORT_TOTAL,
    INVOICE_SORT_DAYS_OVERDUE,
    INVOICE_SORT__COUNT
};
struct invoice_filter {
    const char *q;           /* organisation name or number */
    int status;              /* enum invoice_status, or -1 */
    int fiscal_year;         /* 0 for all */
    int64_t organisation_id; /* 0 for all */
    bool credit_notes;       /* include credit notes */
    enum invoice_sort sort;
    bool desc;
    int64_t offset;
    int64_t limit; /* -1 for all */
};
struct invoice_list {
    struct invoice *items;
    size_t n, alloc;
    int64_t total;                            /* matches */
    int64_t sum_total, sum_paid, sum_overdue; /* over all matches */
};
void invoice_list_release(struct invoice_list *l);
/* Invoices with their status on `today`; status INVOICE_OVERDUE lists the
 * overdue ones (the "overdue invoices" list, with days and amount). A
 * status filter lists invoices only; credit notes (status "paid": they
 * have nothing to pay) come with credit_notes and no status filter.
 * total and the sums cover every match, items only the page; items are
 * invoice_init'ed here (invoice_list_release). ERR_INVALID on "today"
 * for a malformed day. */
int invoice_store_list(struct store *st, int64_t cluster_id,
                       const struct invoice_filter *f, const char *today,
                       struct invoice_list *out, struct err *err);
/* One invoice or credit note into out (invoice_init'ed by the caller);
 * STORE_NONE when absent or of another cluster. */
enum store_rc invoice_store_get(struct store *st, int64_t cluster_id,
                                int64_t id, const char *today,
                                struct invoice *out, struct err *err);
/* The invoice's payments, oldest first (new array; payment_release each). */
int invoice_store_payments(struct store *st, int64_t cluster_id,
                           int64_t invoice_id, struct payment **items,
                           size_t *n, struct err *err);

/*
 * Dues generation: one invoice per running, paying membership (joined on
 * or before the fiscal year's end, not ended before its start, a fee
 * above 0) that has none for the year yet, with fee_schedule's
 * instalments; the tier is the one valid at the year's start (or at
 * joining). Numbers come from the cluster's counter in the same
 * transaction, so they stay gapless with concurrent generators. Running
 * it twice creates nothing new (a cancelled invoice still counts).
 * *created is how many were made; one audit entry ("generate", entity
 * "dues", entity_id the year) per run that made any. ERR_INVALID on
 * "year" (1900..9998) or "today".
 */
int dues_store_generate(struct store *st, const struct scope *sc, int year,
                        const char *today, int64_t *created, struct err *err);

/* Records a payment validated by payment_validate (partial allowed; more
 * than the rest is refused with ERR_INVALID on "amount", saying the
 * rest). ERR_NOT_FOUND on "invoice_id" for no invoice of the cluster,
 * ERR_CONFLICT for a cancelled invoice or a credit note. Sets p->id and
 * p->created_at; audit entry "payment" on the invoice. */
int payment_store_add(struct store *st, const struct scope *sc,
                      struct payment *p, struct err *err);
/* Cancels an invoice by a credit note for its whole total, issued on
 * today, numbered from the same counter, with the reason (trimmed, up to
 * 500 characters; may be empty). ERR_NOT_FOUND for no invoice of the
 * cluster, ERR_CONFLICT when already cancelled or for a credit note.
 * Payments already made stay on the cancelled invoice. */
int invoice_store_credit(struct store *st, const struct scope *sc,
                         int64_t invoice_id, const char *today,
                         const char *reason, int64_t *credit_note_id,
                         struct err *err);

/* Memberships whose renewal falls in [from, to]: running, paying ones
 * that joined before a fiscal year starting in the window and have no
 * invoice for it yet, by renewal day and organisation. The window is at
 * most ten years (ERR_INVALID on "from" or "to"). *items is a new array:
 * renewal_release each, free() it. */
struct renewal {
    int64_t membership_id;
    int64_t organisation_id;
    char *org_name;
    char *tier_name;
    int64_t annual_fee;
    int fiscal_year;
    char *renews_on;
};
void renewal_release(struct renewal *r);
int renewal_store_list(struct store *st, int64_t cluster_id, const char *from,
                       const char *to, struct renewal **items, size_t *n,
                       struct err *err);

/* Loads every membership of the cluster with its invoices, instalments
 * and payments into b (fee_book_init'ed by the caller): what
 * dashboard_compute counts. Credit notes are not invoices there; they
 * mark the invoices they cancel. Members by id, each one's invoices by
 * fiscal year, instalments in due order, payments in date order. */
int fee_book_store_load(struct store *st, int64_t cluster_id,
                        struct fee_book *b, struct err *err);

#endif
