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

/* Dues and the dashboard (pages/invoices.c, renewals.c, dashboard.c). */

/* Targets and budget (pages/targets.c). */

/* Loads the organisation of the route's id (r->ids[0]) into *o, which the
 * caller set up with org_init; false when it has answered 404 (absent, or
 * another cluster's) or an error page instead. */
bool page_load_org(struct req *r, struct resp *rs, struct org *o);

#endif
