/*
 * Tiers, memberships, services in kind, invoices, payments, target plans
 * and the dashboard to and from JSON: the one place that knows the API's
 * member names for membership, dues and targets. Writers go through
 * io/jsonw.h; parsers read jansson values and check shapes and types
 * only, leaving the rules (lengths, ranges, date order) to the validators
 * of core/membership.h, core/targets.h and store/invoice_store.h. Nothing
 * here touches the store or HTTP.
 *
 * Money is an integer count of minor units, written beside a "currency"
 * member where the record has one. Dates are "YYYY-MM-DD" strings, null
 * when there is none. Every parser refuses an unknown member with
 * ERR_INVALID naming it in err->field, and on failure changes nothing.
 */
#ifndef CD_MEMBERSHIP_JSON_H
#define CD_MEMBERSHIP_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "base/err.h"
#include "core/membership.h"
#include "core/targets.h"
#include "io/jsonw.h"
#include "store/invoice_store.h"
#include "store/membership_store.h"

/* ---- writers ---- */

/*
 * {id, name, annual_fee, currency, kinds: ["large", ...], associate,
 * active, description, members}. currency may be NULL (written as null).
 */
void tier_write_json(struct jsonw *w, const struct tier *t,
                     const char *currency);

/*
 * {id, organisation_id, organisation_name, organisation_kind, tier_id,
 * tier_name, annual_fee, currency, associate, status, applied_on,
 * joined_on, ended_on, declined_on, end_reason, note, source,
 * unpaid_since, created_at, updated_at} and, when tiers is not NULL,
 * "tiers": the tier history [{tier_id, tier_name, annual_fee,
 * valid_from}], oldest first.
 */
void membership_write_json(struct jsonw *w, const struct membership_row *m,
                           const char *currency,
                           const struct tier_change *tiers, size_t ntiers);

/* {id, membership_id, description, value, currency, given_on}. */
void service_write_json(struct jsonw *w, const struct service_in_kind *s,
                        const char *currency);

/*
 * {id, number, kind ("invoice" or "credit_note"), credits, credited_by,
 * membership_id, organisation_id, organisation_name, fiscal_year,
 * issued_on, currency, total, paid, balance, status, overdue_amount,
 * unpaid_since, days_overdue, tier_name, bill_to, reason, instalments:
 * [{due_on, amount, period_start, period_end}]}. days_overdue counts
 * from unpaid_since to today (a day number); 0 when nothing is overdue.
 */
void invoice_write_json(struct jsonw *w, const struct invoice *iv,
                        int32_t today);

/* {id, invoice_id, paid_on, amount, currency, method, reference,
 * created_at}. */
void payment_write_json(struct jsonw *w, const struct payment *p,
                        const char *currency);

/*
 * {fiscal_year, currency, members, members_by_kind: {"sme": 20} (the
 * kinds with a target only), budget, income: [{id, source, label, amount,
 * private}], income_total, reference_lines: [15, 25, 50]}.
 */
void target_plan_write_json(struct jsonw *w, const struct target_plan *t,
                            const char *currency);

/*
 * The figures of a dashboard: {date, fiscal_year, currency, members,
 * target: {members, by_kind}, reference_lines, by_status: {"applicant":
 * n, ...}, by_kind: {"sme": n, ...}, by_tier: [{tier_id, name, members}],
 * sme_members, sme_permille, months: [{month: "2027-01", members, joins,
 * leaves}], fees_expected, invoiced, paid, overdue, overdue_invoices,
 * budget, other_income, gap, private_income, total_income,
 * private_permille}. A permille is null when there is nothing to divide
 * by; a target of 0 (not set) is null.
 */
void dashboard_write_json(struct jsonw *w, const struct dashboard *d);

/* ---- parsers ---- */

/*
 * Applies the JSON object j to *t (a create with require_all, else a
 * partial update of a loaded tier): name, description (strings; null
 * means "" except for name), annual_fee (an integer of minor units),
 * kinds (an array of kind names or labels, or one comma-separated
 * string, or null for any kind), associate, active (booleans). With
 * require_all name is required, and annual_fee unless associate is true.
 * id, members and currency are read-only and ignored. Does not call
 * tier_validate.
 */
int tier_from_json(const json_t *j, struct tier *t, bool require_all,
                   struct err *err);

/*
 * A new membership: organisation_id and tier_id (integers > 0,
 * required), applied_on and joined_on (dates or null; joined_on left out
 * or null makes an applicant), note (string or null). Read-only members
 * of the writer's output are ignored. Does not call membership_validate;
 * applied_on is left "" when not sent, for the caller to default.
 */
int membership_from_json(const json_t *j, struct membership *m,
                         struct err *err);

/* A service in kind: description (required), value (integer >= 0),
 * given_on (a date or null, left "" for the caller to default). */
int service_from_json(const json_t *j, struct service_in_kind *s,
                      struct err *err);

/*
 * A payment: invoice_id and amount (integers, required), paid_on (a date
 * or null), method (a name of payment_methods(), or null), reference
 * (string or null). paid_on and method are left as they were when not
 * sent, so the caller sets its defaults first. Does not call
 * payment_validate.
 */
int payment_from_json(const json_t *j, struct payment *p, struct err *err);

/*
 * The whole plan of a fiscal year (what PUT replaces): members (integer),
 * members_by_kind (an object of kind name -> integer), budget (integer),
 * income (an array of {source (required), label, amount (required),
 * private (boolean; the source's default when left out)}). Members left
 * out are 0 or empty. fiscal_year, when sent, must be t->fiscal_year;
 * currency, income_total and reference_lines are ignored. Fields of an
 * income line are named like "income[2].amount" in err->field. Does not
 * call target_plan_validate.
 */
int target_plan_from_json(const json_t *j, struct target_plan *t,
                          struct err *err);

/*
 * Small bodies of actions ({"joined_on": ...}, {"reason": ...}): reads
 * the members of j into the outputs the specs point to, checking every
 * member before writing any output. A body member not in specs is
 * refused; a JFIELD_REQUIRED member must be present and not null, a
 * JFIELD_NOT_NULL one not null when present. Outputs of members not sent
 * keep their values. Strings are borrowed from j.
 */
enum jfield_type {
    JFIELD_TEXT,  /* const char **; null reads as "" */
    JFIELD_DATE,  /* const char ** "YYYY-MM-DD"; null reads as "" */
    JFIELD_ID,    /* int64_t *: an integer > 0 */
    JFIELD_INT,   /* int64_t *: an integer 0..MONEY_MAX (money, counts) */
    JFIELD_YEAR,  /* int *: 1900..9999 */
    JFIELD_BOOL,  /* bool * */
    JFIELD_KINDS, /* unsigned *: organisation kinds (an array of names or
                     one comma-separated string) as a bit set; null: 0 */
};
enum jfield_flags {
    JFIELD_REQUIRED = 1 << 0,
    JFIELD_NOT_NULL = 1 << 1,
};
struct jfield {
    const char *name;
    enum jfield_type type;
    unsigned flags;
    void *out;
};
int json_read_fields(const json_t *j, const struct jfield *specs, size_t n,
                     struct err *err);

#endif
