/*
 * Helpers the funnel's store modules share (activity.c, lead.c,
 * funnel.c) and the imports call: keeping an organisation's warm periods
 * and reading an organisation's funnel facts. Only files in src/store
 * include this header.
 */
#ifndef CD_FUNNEL_INTERNAL_H
#define CD_FUNNEL_INTERNAL_H

#include <stdint.h>

#include "core/lead.h"
#include "store/db.h"

/*
 * Rewrites the warm_period rows of one organisation from its signal
 * activities (signal = 1) and warm_days. The caller has checked that the
 * organisation is in the cluster and runs this inside its transaction.
 * Returns 0 or -1 (err set).
 */
int warm_periods_rebuild(struct store *st, int64_t cluster_id, int64_t org_id,
                         int warm_days, struct err *err);

/* The day number of "YYYY-MM-DD" (the first ten characters of s, so a
 * time stamp gives its day); -1 when malformed. */
int funnel_day_parse(const char *s, int32_t *day);
/* "YYYY-MM-DD" of a day number. */
void funnel_day_format(int32_t day, char out[11]);

/*
 * The facts of one organisation of the cluster for its stage on any day,
 * in storage owned by the struct (funnel_org_facts_release): its lead
 * row, archive day, memberships and every warm period.
 */
struct funnel_org_facts {
    struct lead_facts f;
    struct day_span *members;
    struct day_span *warm;
    size_t members_alloc, warm_alloc;
};
enum store_rc funnel_org_facts_load(struct store *st, int64_t cluster_id,
                                    int64_t org_id,
                                    struct funnel_org_facts *out,
                                    struct err *err);
void funnel_org_facts_release(struct funnel_org_facts *o);

#endif
