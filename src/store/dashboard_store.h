/*
 * The dashboard's figures from the store: the cluster's settings, its fee
 * book and the plan of the fiscal year containing the day, counted by
 * dashboard_compute (core/targets.h). Shared by the dashboard page, the
 * API and the board report. Reads only; never writes.
 */
#ifndef CD_DASHBOARD_STORE_H
#define CD_DASHBOARD_STORE_H

#include "core/targets.h"
#include "store/membership_store.h"
#include "store/store.h"

/*
 * Fills d with the cluster's figures on day ("YYYY-MM-DD"). d needs no
 * set-up; on success it owns everything it points to (the tier names
 * too) and is freed with dashboard_release. cs and plan, when not NULL,
 * were set up by the caller with cluster_settings_init and
 * target_plan_init and receive the settings and the plan of the fiscal
 * year containing day (release them as usual, also after a failure).
 * Returns 0, or -1 with ERR_INVALID on "day" for a malformed date and
 * the store's error otherwise; d is then left released and empty.
 */
int dashboard_store_compute(struct store *st, int64_t cluster_id,
                            const char *day, struct dashboard *d,
                            struct cluster_settings *cs,
                            struct target_plan *plan, struct err *err);

#endif
