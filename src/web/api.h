/*
 * The handlers of the JSON API (/api/v1), one file per area in api/.
 */
#ifndef CD_API_H
#define CD_API_H

#include "web/http.h"

handler_fn api_orgs_list, api_orgs_create, api_orgs_get, api_orgs_update,
    api_orgs_archive, api_orgs_restore, api_orgs_contacts;
handler_fn api_contacts_list, api_contacts_create, api_contacts_get,
    api_contacts_update, api_contacts_archive, api_contacts_restore;
/* Membership, dues, targets, dashboard (api/tiers.c, memberships.c,
 * invoices.c, targets.c, dashboard.c). */
handler_fn api_tiers_list, api_tiers_create, api_tiers_get, api_tiers_update;
handler_fn api_memberships_list, api_memberships_create, api_memberships_get,
    api_memberships_approve, api_memberships_decline, api_memberships_end,
    api_memberships_tier, api_memberships_services, api_memberships_service_get,
    api_memberships_service_add;
handler_fn api_invoices_list, api_invoices_get, api_invoices_generate,
    api_invoices_credit, api_invoices_payments, api_invoices_payment_get;
handler_fn api_payments_create;
handler_fn api_targets_list, api_targets_get, api_targets_put;
handler_fn api_dashboard_get;
/* Funnel and events (api/activities.c, leads.c, funnel.c, events.c,
 * registrations.c, groups.c). */
/* @api */
handler_fn api_activities_list, api_activities_create, api_activities_get,
    api_activities_update, api_activities_delete;
handler_fn api_leads_list, api_leads_get, api_leads_update;
handler_fn api_funnel_board, api_funnel_months;
handler_fn api_events_list, api_events_create, api_events_get,
    api_events_update, api_events_registrations;
handler_fn api_registrations_create, api_registrations_get,
    api_registrations_update;
handler_fn api_groups_list, api_groups_create, api_groups_get,
    api_groups_update, api_groups_members, api_groups_member_add,
    api_groups_member_get, api_groups_member_remove;
/* Shared by those files (api/funnel.c): a record number or a date of the
 * query (0 or NULL when absent; ERR_INVALID naming it when malformed),
 * and an empty 204 answer. */
int api_query_id(const struct form *q, const char *name, int64_t *out,
                 struct err *err);
int api_query_date(const struct form *q, const char *name, const char **out,
                   struct err *err);
void api_no_content(struct resp *rs);

/* Shared by those files (api/tiers.c): the cluster's currency code (out
 * gets 4 bytes) and the request's today as a day number (base/date.h). */
int api_dues_currency(struct req *r, char out[4], struct err *err);
int32_t api_dues_today(const struct req *r);

#endif
