/*
 * The store of the price list and memberships: cluster settings, tiers,
 * memberships with their tier history, services in kind, applications,
 * and the fiscal years' targets and income plans. Conventions as in
 * store/store.h: the cluster comes from the scope, every write is one
 * transaction with an audit entry, STORE_NONE for rows of other clusters.
 */
#ifndef CD_MEMBERSHIP_STORE_H
#define CD_MEMBERSHIP_STORE_H

#include "core/fees.h"
#include "core/membership.h"
#include "core/targets.h"
#include "store/store.h"

/* ---- cluster settings ---- */
struct cluster_settings {
    struct fee_settings fees;
    char *legal_name; /* on invoices; "" means the cluster's name */
    char *address;    /* several lines */
    char *email;
    char *website;
    char *vat_id;
    char *bank_account; /* IBAN and bank, printed on invoices */
    char *benefits;     /* what membership gives: the price list's text */
};
/* Defaults (fee_settings_default, texts ""); strings are heap copies. */
void cluster_settings_init(struct cluster_settings *c);
void cluster_settings_release(struct cluster_settings *c);
/* fee_settings_validate, then the texts trimmed in place and checked:
 * legal_name <= 200, address <= 1,000, email (a valid address or ""),
 * website <= 200, vat_id <= 50, bank_account <= 300, benefits <= 5,000
 * characters. ERR_INVALID on the field. */
int cluster_settings_validate(struct cluster_settings *c, struct err *err);
/* The cluster's settings, or the defaults when never saved, into *out
 * (cluster_settings_init'ed by the caller; its old strings are freed). */
int settings_store_get(struct store *st, int64_t cluster_id,
                       struct cluster_settings *out, struct err *err);
/* Saves the settings after cluster_settings_validate (on a copy; c is not
 * changed). Changing the currency once invoices exist is refused
 * (ERR_CONFLICT on "currency"). Audited as entity "settings". */
int settings_store_put(struct store *st, const struct scope *sc,
                       const struct cluster_settings *c, struct err *err);

/* ---- tiers ---- */
/* Tiers by fee (highest first) then name, with tier.members filled for
 * `today`; only active ones when active_only. *items is a new array; free
 * each with tier_release and the array with free(). */
int tier_store_list(struct store *st, int64_t cluster_id, bool active_only,
                    const char *today, struct tier **items, size_t *n,
                    struct err *err);
enum store_rc tier_store_get(struct store *st, int64_t cluster_id, int64_t id,
                             struct tier *out, struct err *err);
/* Validates with tier_validate; ERR_CONFLICT on "name" when the cluster
 * has a tier of that (folded) name. Sets t->id. */
int tier_store_create(struct store *st, const struct scope *sc, struct tier *t,
                      struct err *err);
/* A fee change applies to invoices generated afterwards. Validates as
 * create; STORE_NONE when t->id is not a tier of the cluster. */
enum store_rc tier_store_update(struct store *st, const struct scope *sc,
                                struct tier *t, struct err *err);

/* ---- memberships ---- */
enum membership_sort {
    MEMBERSHIP_SORT_NAME,
    MEMBERSHIP_SORT_TIER,
    MEMBERSHIP_SORT_JOINED, /* applicants (not joined) first */
    MEMBERSHIP_SORT_STATUS,
    MEMBERSHIP_SORT__COUNT
};
struct membership_filter {
    const char *q;           /* organisation name search; NULL for all */
    int status;              /* enum member_status, or -1 for all */
    int64_t tier_id;         /* 0 for all */
    int64_t organisation_id; /* 0 for all */
    bool history;            /* also ended and declined ones */
    enum membership_sort sort;
    bool desc;
    int64_t offset;
    int64_t limit; /* -1 for all */
};
struct membership_row {
    struct membership m;
    enum member_status status; /* on the day asked about */
    int32_t unpaid_since;      /* day number, 0 when nothing is unpaid */
};
struct membership_list {
    struct membership_row *items;
    size_t n, alloc;
    int64_t total;
};
void membership_list_release(struct membership_list *l);
/* Memberships of the cluster with their status on `today`, appended to
 * out (zeroed by the caller). Without history, only those not declined
 * and not ended on or before today. A status filter or sort is applied
 * to the derived status; total counts the matches either way. */
int membership_store_list(struct store *st, int64_t cluster_id,
                          const struct membership_filter *f, const char *today,
                          struct membership_list *out, struct err *err);
/* One membership with its status on `today`; out->m is
 * membership_init'ed by the caller. */
enum store_rc membership_store_get(struct store *st, int64_t cluster_id,
                                   int64_t id, const char *today,
                                   struct membership_row *out, struct err *err);
/* Creates a validated membership (an applicant when joined_on is "").
 * ERR_CONFLICT when the organisation has one that is not over; ERR_INVALID
 * on "tier_id" for an inactive or absent tier, on "organisation_id" for an
 * organisation not in the cluster or archived. Records the first tier. */
int membership_store_create(struct store *st, const struct scope *sc,
                            struct membership *m, struct err *err);
/*
 * The changes below load the membership (STORE_NONE when not in the
 * cluster), check its state (ERR_CONFLICT when the change does not apply),
 * validate with membership_validate (ERR_INVALID on "joined_on",
 * "declined_on", "ended_on", "end_reason", or for change_tier on
 * "valid_from" and "tier_id"), save and audit (entity "membership").
 */
/* Approves an applicant: joined_on = on. ERR_CONFLICT unless applicant. */
enum store_rc membership_store_approve(struct store *st, const struct scope *sc,
                                       int64_t id, const char *on,
                                       struct err *err);
/* Declines an applicant on `on`. */
enum store_rc membership_store_decline(struct store *st, const struct scope *sc,
                                       int64_t id, const char *on,
                                       const char *reason, struct err *err);
/* Ends a running membership: ended_on = on (the first day not a member),
 * with the reason for leaving. */
enum store_rc membership_store_end(struct store *st, const struct scope *sc,
                                   int64_t id, const char *on,
                                   const char *reason, struct err *err);
/* Moves a membership that is not over (an applicant too) to another
 * active tier from `from`, kept in its tier history: `from` not before
 * its start nor before the last change; a change on the same day as the
 * last one replaces it. */
enum store_rc membership_store_change_tier(struct store *st,
                                           const struct scope *sc, int64_t id,
                                           int64_t tier_id, const char *from,
                                           struct err *err);
/* The membership's tiers, oldest first; release each tier_change's
 * strings with tier_change_release. */
void tier_change_release(struct tier_change *c);
int membership_store_tiers(struct store *st, int64_t cluster_id,
                           int64_t membership_id, struct tier_change **items,
                           size_t *n, struct err *err);

/* ---- associates' services in kind ---- */
/* Adds a service (validated by the caller with service_in_kind_validate)
 * to s->membership_id: ERR_INVALID on "membership_id" when that is not a
 * membership of the cluster. Sets s->id; audited on the membership. */
int service_store_add(struct store *st, const struct scope *sc,
                      struct service_in_kind *s, struct err *err);
/* The membership's services by date (new array; service_in_kind_release
 * each, free the array); empty for another cluster's membership. */
int service_store_list(struct store *st, int64_t cluster_id,
                       int64_t membership_id, struct service_in_kind **items,
                       size_t *n, struct err *err);

/* ---- the public application ---- */
/*
 * Records a validated application as an applicant membership (source
 * "application"): the organisation is the cluster's existing one when the
 * duplicate rule (org_store_find_duplicate) finds it, else created; the
 * contact joins it as its entry point unless it already has that e-mail.
 * ERR_CONFLICT when that organisation already has a membership that is
 * not over. sc->user_id is 0 and sc->actor "application form".
 */
int application_store_submit(struct store *st, const struct scope *sc,
                             struct application *a, const char *today,
                             int64_t *membership_id, struct err *err);

/* ---- targets and the income plan ---- */
/* The plan of a fiscal year (an empty plan when none was saved) into
 * *out (target_plan_init'ed by the caller; its old lines are freed). */
int target_store_get(struct store *st, int64_t cluster_id, int fiscal_year,
                     struct target_plan *out, struct err *err);
/* Replaces the year's targets, budget and income lines in one
 * transaction, after target_plan_validate on a copy; audited as entity
 * "target" with the fiscal year as its id. */
int target_store_put(struct store *st, const struct scope *sc,
                     const struct target_plan *t, struct err *err);
/* The fiscal years that have a plan, newest first (new int array). */
int target_store_years(struct store *st, int64_t cluster_id, int **years,
                       size_t *n, struct err *err);

#endif
