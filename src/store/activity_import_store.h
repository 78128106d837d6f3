/*
 * The store's side of the activity import (io/activity_import.h): which
 * organisation, contact and user each row of a file names, in the
 * caller's cluster only, found with one load of the cluster's keys into
 * hash tables rather than a query per row. Writing the resolved
 * activities is activity_store_import (store/funnel_store.h).
 */
#ifndef CD_ACTIVITY_IMPORT_STORE_H
#define CD_ACTIVITY_IMPORT_STORE_H

#include "io/activity_import.h"
#include "store/funnel_store.h"

/* The activities of a file, resolved and validated, ready to store. The
 * first ACTIVITY_IMPORT_NAMED of them carry their organisation's and
 * contact's names (what a preview shows); the rest only their ids. */
#define ACTIVITY_IMPORT_NAMED 20
struct activity_import_plan {
    struct activity *items; /* one per row of the file, in its order */
    size_t n;
    size_t organisations; /* distinct organisations touched */
    size_t signals;       /* items that are interest signals */
};
void activity_import_plan_init(struct activity_import_plan *p);
void activity_import_plan_release(struct activity_import_plan *p);

/*
 * Resolves every row of r against sc's cluster:
 *   organisation  by id, else registration number, else folded name (as
 *                 the organisation import matches: the lowest id wins);
 *   contact       by e-mail, else folded name, among that organisation's
 *                 contacts;
 *   author        a user of the cluster by e-mail or name (author_id
 *                 set), else the text as written; empty: sc's user.
 * Each fault (an organisation not in the cluster, a contact not of that
 * organisation, a row activity_validate refuses for today) is added to
 * r's errors at its line and column. plan gets an activity per row; it
 * is complete only when r->nerrors is 0 afterwards. Returns -1 only when
 * the store fails (err set).
 */
int activity_import_resolve(struct store *st, const struct scope *sc,
                            int32_t today, struct activity_import_result *r,
                            struct activity_import_plan *plan, struct err *err);

#endif
