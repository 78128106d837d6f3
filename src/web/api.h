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

#endif
