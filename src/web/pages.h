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
handler_fn page_activities_create, page_contact_activity_new,
    page_contact_activity_create, page_activities_edit, page_activities_update,
    page_activities_delete_confirm, page_activities_delete;
handler_fn page_leads_list, page_leads_export, page_lead_edit, page_lead_update;
handler_fn page_funnel_board, page_funnel_report, page_funnel_report_export,
    page_funnel_chart;
handler_fn page_settings_funnel_save;
/* The lead block and the timeline of an organisation's page
 * (activities.c); the "Log activity" button of a contact row. */
void funnel_org_section(struct html *h, struct req *r, int64_t org_id);
void funnel_contact_action(struct html *h, int64_t contact_id);
/* The lead block of an organisation's page (leads.c). */
void funnel_lead_block(struct html *h, struct req *r, int64_t org_id);
/* A lead's stage as a badge; "12 days left" of a warm lead (leads.c). */
void funnel_stage_badge(struct html *h, int stage); /* enum lead_stage */
void funnel_days_left(struct html *h, int days);

/* Imports of activities (pages/activity_import.c) and leads (import.c). */
/* @imports */
handler_fn page_activity_import_form, page_activity_import_preview,
    page_activity_import_apply, page_lead_import_form, page_lead_import_preview,
    page_lead_import_apply;

/* Events, public event pages, feedback, working groups (pages/events.c,
 * event_public.c, feedback.c, groups.c). */
/* @event-pages */
handler_fn page_events_list, page_events_export, page_events_ics,
    page_events_new, page_events_create, page_events_show, page_events_edit,
    page_events_update, page_events_cancel_confirm, page_events_cancel,
    page_events_event_ics, page_events_attendees_csv,
    page_events_attendees_xlsx, page_events_register, page_events_reg_status,
    page_events_reg_cancel_confirm, page_events_reg_cancel,
    page_events_reg_paid;
handler_fn page_feedback_get, page_feedback_post;
handler_fn page_groups_list, page_groups_new, page_groups_create,
    page_groups_show, page_groups_edit, page_groups_update,
    page_groups_member_add, page_groups_member_remove_confirm,
    page_groups_member_remove;
/* The registrations and working groups of an organisation's page. */
void event_org_section(struct html *h, struct req *r, int64_t org_id);
/* The public event pages under /clusters/SLUG/events (event_public.c),
 * which page_public_get and page_public_post hand on. */
bool event_public_path(const char *path);
void event_public_get(struct req *r, struct resp *rs);
void event_public_post(struct req *r, struct resp *rs);
/* The CSRF input of a public form: the session's token for a signed-in
 * visitor, else a fresh pre-session cookie repeated in the form. */
void event_public_csrf(struct html *h, const struct req *r, struct resp *rs);
/* Shared by the event pages (events.c): today's day number; the
 * cluster's currency; "2027-03-01 09:00-17:00"; "http(s)://host" of the
 * request; text as paragraphs; choosing an organisation by name (see
 * events.c); an iCalendar download of events in the cluster's time
 * zone. */
int32_t event_today(const struct req *r);
int event_currency(const struct req *r, int64_t cluster_id, char out[4],
                   struct err *err);
struct event;
void event_when_text(struct buf *out, const struct event *e);
void event_site_url(struct buf *out, const struct req *r);
void event_paragraphs(struct html *h, const char *text);
struct org;
struct org_list;
int64_t org_picker(struct html *h, struct req *r, const char *self,
                   const char *anchor, const char *org_text, struct org *o,
                   struct org_list *matches, struct err *err);
struct form_errors;
struct contact_list;
void org_picker_error(struct html *h, const struct form_errors *fe);
int org_picked_form(struct html *h, struct req *r, const char *action,
                    const char *form_id, const char *verb, const struct org *o,
                    struct contact_list *contacts, struct err *err);
void contact_select(struct html *h, const struct contact_list *contacts,
                    const char *none_label, const char *selected,
                    const struct form_errors *fe);
void event_ical_send(struct req *r, struct resp *rs, int64_t cluster_id,
                     const char *cluster_name, const struct event *items,
                     size_t n, const char *url_base, const char *filename);

/* Loads the organisation of the route's id (r->ids[0]) into *o, which the
 * caller set up with org_init; false when it has answered 404 (absent, or
 * another cluster's) or an error page instead. */
bool page_load_org(struct req *r, struct resp *rs, struct org *o);

#endif
