/*
 * The handlers of the web pages, one file per area in pages/.
 */
#ifndef CD_PAGES_H
#define CD_PAGES_H

#include "web/http.h"

handler_fn page_signin_form, page_signin, page_signout;
handler_fn page_dashboard;
handler_fn page_static;
handler_fn page_orgs_list, page_orgs_export, page_orgs_new, page_orgs_create,
    page_orgs_show, page_orgs_edit, page_orgs_update, page_orgs_archive_confirm,
    page_orgs_archive, page_orgs_restore;
handler_fn page_contacts_list, page_contacts_export, page_contacts_new,
    page_contacts_create, page_contacts_edit, page_contacts_update,
    page_contacts_archive_confirm, page_contacts_archive, page_contacts_restore;
handler_fn page_import_form, page_import_preview, page_import_apply;
handler_fn page_users_list, page_users_create, page_users_disable,
    page_users_enable;
handler_fn page_audit;
/* Membership (pages/settings.c, tiers.c, apply.c, memberships.c). */
handler_fn page_settings_form, page_settings_save;
handler_fn page_tiers_list, page_tiers_new, page_tiers_create, page_tiers_edit,
    page_tiers_update;
handler_fn page_public_get, page_public_post;
handler_fn page_memberships_list, page_memberships_export,
    page_memberships_approve, page_memberships_decline_confirm,
    page_memberships_decline, page_memberships_end_confirm,
    page_memberships_end, page_memberships_tier_form, page_memberships_tier,
    page_memberships_service_form, page_memberships_service,
    page_memberships_new, page_memberships_create;
/* The membership block of an organisation's page (memberships.c). */
void membership_section(struct html *h, struct req *r, int64_t org_id);
/* An amount as a form shows it: "1,500.00", without the currency code. */
void page_money_input(struct buf *out, int64_t minor, const char *currency);
/* "Large enterprise, SME" of a tier's kinds, or "any kind" (tiers.c). */
void tier_kinds_labels(struct html *h, unsigned kinds);

/* Dues and the dashboard (pages/invoices.c, renewals.c, dashboard.c). */
handler_fn page_invoices_list, page_invoices_export, page_invoices_generate,
    page_invoices_show, page_invoices_pay, page_invoices_cancel_confirm,
    page_invoices_cancel, page_invoices_pdf;
handler_fn page_renewals_list, page_renewals_export;
handler_fn page_dashboard_chart, page_board_report;

/* Targets and budget (pages/targets.c). */
handler_fn page_targets_show, page_targets_save;

/* Funnel: activities, leads, board, report (pages/activities.c, leads.c,
 * funnel.c). */
/* @funnel-pages */

/* Imports of activities and leads (pages/activity_import.c). */
/* @imports */

/* Events, public event pages, feedback, working groups (pages/events.c,
 * event_public.c, feedback.c, groups.c). */
/* @event-pages */

/* Loads the organisation of the route's id (r->ids[0]) into *o, which the
 * caller set up with org_init; false when it has answered 404 (absent, or
 * another cluster's) or an error page instead. */
bool page_load_org(struct req *r, struct resp *rs, struct org *o);

#endif
