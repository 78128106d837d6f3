/*
 * The route table and the checks before every handler. The whole URL
 * space reads in one screen (as in GNU Taler and cgit): a '*' segment
 * matches a record number, which the handler finds in r->ids; a final
 * "**" matches the rest of the path.
 */
#include "web/route.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "web/api.h"
#include "web/auth.h"
#include "web/layout.h"
#include "web/pages.h"

enum route_flags {
    R_PUBLIC = 1 << 0,  /* no sign-in needed */
    R_SESSION = 1 << 1, /* a page: session cookie, CSRF on POST */
    R_TOKEN = 1 << 2,   /* the API: bearer token */
    R_WRITE = 1 << 3,   /* admin or manager */
    R_ADMIN = 1 << 4,   /* admin */
};

struct route {
    enum http_method method;
    const char *pattern;
    handler_fn *fn;
    unsigned flags;
};

#define PAGE R_SESSION
#define PAGE_W (R_SESSION | R_WRITE)
#define PAGE_A (R_SESSION | R_WRITE | R_ADMIN)
#define API R_TOKEN
#define API_W (R_TOKEN | R_WRITE)

static const struct route ROUTES[] = {
    { HTTP_GET, "/static/**", page_static, R_PUBLIC },
    { HTTP_GET, "/signin", page_signin_form, R_PUBLIC },
    { HTTP_POST, "/signin", page_signin, R_PUBLIC },
    { HTTP_POST, "/signout", page_signout, PAGE },
    { HTTP_GET, "/", page_dashboard, PAGE },

    { HTTP_GET, "/organisations", page_orgs_list, PAGE },
    { HTTP_GET, "/organisations/export", page_orgs_export, PAGE },
    { HTTP_GET, "/organisations/new", page_orgs_new, PAGE_W },
    { HTTP_POST, "/organisations/new", page_orgs_create, PAGE_W },
    { HTTP_GET, "/organisations/*", page_orgs_show, PAGE },
    { HTTP_GET, "/organisations/*/edit", page_orgs_edit, PAGE_W },
    { HTTP_POST, "/organisations/*/edit", page_orgs_update, PAGE_W },
    { HTTP_GET, "/organisations/*/archive", page_orgs_archive_confirm, PAGE_W },
    { HTTP_POST, "/organisations/*/archive", page_orgs_archive, PAGE_W },
    { HTTP_POST, "/organisations/*/restore", page_orgs_restore, PAGE_W },
    { HTTP_GET, "/organisations/*/contacts/new", page_contacts_new, PAGE_W },
    { HTTP_POST, "/organisations/*/contacts/new", page_contacts_create,
      PAGE_W },

    { HTTP_GET, "/contacts", page_contacts_list, PAGE },
    { HTTP_GET, "/contacts/export", page_contacts_export, PAGE },
    { HTTP_GET, "/contacts/*/edit", page_contacts_edit, PAGE_W },
    { HTTP_POST, "/contacts/*/edit", page_contacts_update, PAGE_W },
    { HTTP_GET, "/contacts/*/archive", page_contacts_archive_confirm, PAGE_W },
    { HTTP_POST, "/contacts/*/archive", page_contacts_archive, PAGE_W },
    { HTTP_POST, "/contacts/*/restore", page_contacts_restore, PAGE_W },

    { HTTP_GET, "/import", page_import_form, PAGE_W },
    { HTTP_POST, "/import", page_import_preview, PAGE_W },
    { HTTP_POST, "/import/*", page_import_apply, PAGE_W },

    { HTTP_GET, "/users", page_users_list, PAGE_A },
    { HTTP_POST, "/users", page_users_create, PAGE_A },
    { HTTP_POST, "/users/*/disable", page_users_disable, PAGE_A },
    { HTTP_POST, "/users/*/enable", page_users_enable, PAGE_A },
    { HTTP_GET, "/audit", page_audit, PAGE },

    /* Membership: settings, tiers, price list, applications, members. */
    { HTTP_GET, "/settings", page_settings_form, PAGE_A },
    { HTTP_POST, "/settings", page_settings_save, PAGE_A },
    { HTTP_GET, "/settings/tiers", page_tiers_list, PAGE },
    { HTTP_GET, "/settings/tiers/new", page_tiers_new, PAGE_W },
    { HTTP_POST, "/settings/tiers/new", page_tiers_create, PAGE_W },
    { HTTP_GET, "/settings/tiers/*/edit", page_tiers_edit, PAGE_W },
    { HTTP_POST, "/settings/tiers/*/edit", page_tiers_update, PAGE_W },
    { HTTP_GET, "/clusters/**", page_public_get, R_PUBLIC },
    { HTTP_POST, "/clusters/**", page_public_post, R_PUBLIC },
    { HTTP_GET, "/memberships", page_memberships_list, PAGE },
    { HTTP_GET, "/memberships/export", page_memberships_export, PAGE },
    { HTTP_POST, "/memberships/*/approve", page_memberships_approve, PAGE_W },
    { HTTP_GET, "/memberships/*/decline", page_memberships_decline_confirm,
      PAGE_W },
    { HTTP_POST, "/memberships/*/decline", page_memberships_decline, PAGE_W },
    { HTTP_GET, "/memberships/*/end", page_memberships_end_confirm, PAGE_W },
    { HTTP_POST, "/memberships/*/end", page_memberships_end, PAGE_W },
    { HTTP_GET, "/memberships/*/tier", page_memberships_tier_form, PAGE_W },
    { HTTP_POST, "/memberships/*/tier", page_memberships_tier, PAGE_W },
    { HTTP_GET, "/memberships/*/services/new", page_memberships_service_form,
      PAGE_W },
    { HTTP_POST, "/memberships/*/services/new", page_memberships_service,
      PAGE_W },
    { HTTP_GET, "/organisations/*/memberships/new", page_memberships_new,
      PAGE_W },
    { HTTP_POST, "/organisations/*/memberships/new", page_memberships_create,
      PAGE_W },

    /* Dues: invoices, payments, credit notes, renewals; dashboard. */
    { HTTP_GET, "/invoices", page_invoices_list, PAGE },
    { HTTP_GET, "/invoices/export", page_invoices_export, PAGE },
    { HTTP_POST, "/invoices/generate", page_invoices_generate, PAGE_W },
    { HTTP_GET, "/invoices/*", page_invoices_show, PAGE },
    { HTTP_POST, "/invoices/*/payments", page_invoices_pay, PAGE_W },
    { HTTP_GET, "/invoices/*/cancel", page_invoices_cancel_confirm, PAGE_W },
    { HTTP_POST, "/invoices/*/cancel", page_invoices_cancel, PAGE_W },
    { HTTP_GET, "/invoices/*.pdf", page_invoices_pdf, PAGE },
    { HTTP_GET, "/renewals", page_renewals_list, PAGE },
    { HTTP_GET, "/renewals/export", page_renewals_export, PAGE },
    { HTTP_GET, "/dashboard/charts/**", page_dashboard_chart, PAGE },
    { HTTP_GET, "/reports/board.pdf", page_board_report, PAGE },

    /* Targets and budget. */
    { HTTP_GET, "/targets", page_targets_show, PAGE },
    { HTTP_POST, "/targets", page_targets_save, PAGE_W },

    /* Funnel pages: activities, leads, funnel board and report. */
    /* @funnel-pages */
    { HTTP_GET, "/funnel", page_funnel_board, PAGE },
    { HTTP_GET, "/funnel/report", page_funnel_report, PAGE },
    { HTTP_GET, "/funnel/report/export", page_funnel_report_export, PAGE },
    { HTTP_GET, "/funnel/charts/**", page_funnel_chart, PAGE },
    { HTTP_GET, "/leads", page_leads_list, PAGE },
    { HTTP_GET, "/leads/export", page_leads_export, PAGE },
    { HTTP_GET, "/organisations/*/lead", page_lead_edit, PAGE_W },
    { HTTP_POST, "/organisations/*/lead", page_lead_update, PAGE_W },
    { HTTP_POST, "/organisations/*/activities", page_activities_create,
      PAGE_W },
    { HTTP_GET, "/contacts/*/activities/new", page_contact_activity_new,
      PAGE_W },
    { HTTP_POST, "/contacts/*/activities/new", page_contact_activity_create,
      PAGE_W },
    { HTTP_GET, "/activities/*/edit", page_activities_edit, PAGE_W },
    { HTTP_POST, "/activities/*/edit", page_activities_update, PAGE_W },
    { HTTP_GET, "/activities/*/delete", page_activities_delete_confirm,
      PAGE_W },
    { HTTP_POST, "/activities/*/delete", page_activities_delete, PAGE_W },
    { HTTP_POST, "/settings/funnel", page_settings_funnel_save, PAGE_A },

    /* Activity and lead imports. */
    /* @imports */
    { HTTP_GET, "/activities/import", page_activity_import_form, PAGE_W },
    { HTTP_POST, "/activities/import", page_activity_import_preview, PAGE_W },
    { HTTP_POST, "/activities/import/*", page_activity_import_apply, PAGE_W },
    { HTTP_GET, "/leads/import", page_lead_import_form, PAGE_W },
    { HTTP_POST, "/leads/import", page_lead_import_preview, PAGE_W },
    { HTTP_POST, "/leads/import/*", page_lead_import_apply, PAGE_W },

    /* Events, registrations, public event pages, feedback, groups. */
    /* @event-pages */
    { HTTP_GET, "/events", page_events_list, PAGE },
    { HTTP_GET, "/events/export", page_events_export, PAGE },
    { HTTP_GET, "/events.ics", page_events_ics, PAGE },
    { HTTP_GET, "/events/new", page_events_new, PAGE_W },
    { HTTP_POST, "/events/new", page_events_create, PAGE_W },
    { HTTP_GET, "/events/*", page_events_show, PAGE },
    { HTTP_GET, "/events/*.ics", page_events_event_ics, PAGE },
    { HTTP_GET, "/events/*/attendees.csv", page_events_attendees_csv, PAGE },
    { HTTP_GET, "/events/*/attendees.xlsx", page_events_attendees_xlsx, PAGE },
    { HTTP_GET, "/events/*/edit", page_events_edit, PAGE_W },
    { HTTP_POST, "/events/*/edit", page_events_update, PAGE_W },
    { HTTP_GET, "/events/*/cancel", page_events_cancel_confirm, PAGE_W },
    { HTTP_POST, "/events/*/cancel", page_events_cancel, PAGE_W },
    { HTTP_POST, "/events/*/registrations", page_events_register, PAGE_W },
    { HTTP_POST, "/events/*/registrations/*/status", page_events_reg_status,
      PAGE_W },
    { HTTP_GET, "/events/*/registrations/*/cancel",
      page_events_reg_cancel_confirm, PAGE_W },
    { HTTP_POST, "/events/*/registrations/*/cancel", page_events_reg_cancel,
      PAGE_W },
    { HTTP_POST, "/events/*/registrations/*/paid", page_events_reg_paid,
      PAGE_W },
    { HTTP_GET, "/feedback/**", page_feedback_get, R_PUBLIC },
    { HTTP_POST, "/feedback/**", page_feedback_post, R_PUBLIC },
    { HTTP_GET, "/working-groups", page_groups_list, PAGE },
    { HTTP_GET, "/working-groups/new", page_groups_new, PAGE_W },
    { HTTP_POST, "/working-groups/new", page_groups_create, PAGE_W },
    { HTTP_GET, "/working-groups/*", page_groups_show, PAGE },
    { HTTP_GET, "/working-groups/*/edit", page_groups_edit, PAGE_W },
    { HTTP_POST, "/working-groups/*/edit", page_groups_update, PAGE_W },
    { HTTP_POST, "/working-groups/*/members", page_groups_member_add, PAGE_W },
    { HTTP_GET, "/working-groups/*/members/*/remove",
      page_groups_member_remove_confirm, PAGE_W },
    { HTTP_POST, "/working-groups/*/members/*/remove",
      page_groups_member_remove, PAGE_W },

    { HTTP_GET, "/api/v1/organisations", api_orgs_list, API },
    { HTTP_POST, "/api/v1/organisations", api_orgs_create, API_W },
    { HTTP_GET, "/api/v1/organisations/*", api_orgs_get, API },
    { HTTP_PATCH, "/api/v1/organisations/*", api_orgs_update, API_W },
    { HTTP_PUT, "/api/v1/organisations/*", api_orgs_update, API_W },
    { HTTP_POST, "/api/v1/organisations/*/archive", api_orgs_archive, API_W },
    { HTTP_POST, "/api/v1/organisations/*/restore", api_orgs_restore, API_W },
    { HTTP_GET, "/api/v1/organisations/*/contacts", api_orgs_contacts, API },
    { HTTP_GET, "/api/v1/contacts", api_contacts_list, API },
    { HTTP_POST, "/api/v1/contacts", api_contacts_create, API_W },
    { HTTP_GET, "/api/v1/contacts/*", api_contacts_get, API },
    { HTTP_PATCH, "/api/v1/contacts/*", api_contacts_update, API_W },
    { HTTP_PUT, "/api/v1/contacts/*", api_contacts_update, API_W },
    { HTTP_POST, "/api/v1/contacts/*/archive", api_contacts_archive, API_W },
    { HTTP_POST, "/api/v1/contacts/*/restore", api_contacts_restore, API_W },

    /* API of membership, dues, targets and the dashboard. */
    { HTTP_GET, "/api/v1/tiers", api_tiers_list, API },
    { HTTP_POST, "/api/v1/tiers", api_tiers_create, API_W },
    { HTTP_GET, "/api/v1/tiers/*", api_tiers_get, API },
    { HTTP_PATCH, "/api/v1/tiers/*", api_tiers_update, API_W },
    { HTTP_PUT, "/api/v1/tiers/*", api_tiers_update, API_W },
    { HTTP_GET, "/api/v1/memberships", api_memberships_list, API },
    { HTTP_POST, "/api/v1/memberships", api_memberships_create, API_W },
    { HTTP_GET, "/api/v1/memberships/*", api_memberships_get, API },
    { HTTP_POST, "/api/v1/memberships/*/approve", api_memberships_approve,
      API_W },
    { HTTP_POST, "/api/v1/memberships/*/decline", api_memberships_decline,
      API_W },
    { HTTP_POST, "/api/v1/memberships/*/end", api_memberships_end, API_W },
    { HTTP_POST, "/api/v1/memberships/*/tier", api_memberships_tier, API_W },
    { HTTP_GET, "/api/v1/memberships/*/services", api_memberships_services,
      API },
    { HTTP_POST, "/api/v1/memberships/*/services", api_memberships_service_add,
      API_W },
    { HTTP_GET, "/api/v1/memberships/*/services/*", api_memberships_service_get,
      API },
    { HTTP_GET, "/api/v1/invoices", api_invoices_list, API },
    { HTTP_POST, "/api/v1/invoices/generate", api_invoices_generate, API_W },
    { HTTP_GET, "/api/v1/invoices/*", api_invoices_get, API },
    { HTTP_POST, "/api/v1/invoices/*/credit", api_invoices_credit, API_W },
    { HTTP_GET, "/api/v1/invoices/*/payments", api_invoices_payments, API },
    { HTTP_GET, "/api/v1/invoices/*/payments/*", api_invoices_payment_get,
      API },
    { HTTP_POST, "/api/v1/payments", api_payments_create, API_W },
    { HTTP_GET, "/api/v1/targets", api_targets_list, API },
    { HTTP_GET, "/api/v1/targets/*", api_targets_get, API },
    { HTTP_PUT, "/api/v1/targets/*", api_targets_put, API_W },
    { HTTP_GET, "/api/v1/dashboard", api_dashboard_get, API },

    /* Funnel and events API. */
    /* @api */
    { HTTP_GET, "/api/v1/activities", api_activities_list, API },
    { HTTP_POST, "/api/v1/activities", api_activities_create, API_W },
    { HTTP_GET, "/api/v1/activities/*", api_activities_get, API },
    { HTTP_PATCH, "/api/v1/activities/*", api_activities_update, API_W },
    { HTTP_DELETE, "/api/v1/activities/*", api_activities_delete, API_W },
    { HTTP_GET, "/api/v1/leads", api_leads_list, API },
    { HTTP_GET, "/api/v1/leads/*", api_leads_get, API },
    { HTTP_PATCH, "/api/v1/leads/*", api_leads_update, API_W },
    { HTTP_GET, "/api/v1/funnel", api_funnel_board, API },
    { HTTP_GET, "/api/v1/funnel/months", api_funnel_months, API },
    { HTTP_GET, "/api/v1/events", api_events_list, API },
    { HTTP_POST, "/api/v1/events", api_events_create, API_W },
    { HTTP_GET, "/api/v1/events/*", api_events_get, API },
    { HTTP_PATCH, "/api/v1/events/*", api_events_update, API_W },
    { HTTP_GET, "/api/v1/events/*/registrations", api_events_registrations,
      API },
    { HTTP_POST, "/api/v1/registrations", api_registrations_create, API_W },
    { HTTP_GET, "/api/v1/registrations/*", api_registrations_get, API },
    { HTTP_PATCH, "/api/v1/registrations/*", api_registrations_update, API_W },
    { HTTP_GET, "/api/v1/working-groups", api_groups_list, API },
    { HTTP_POST, "/api/v1/working-groups", api_groups_create, API_W },
    { HTTP_GET, "/api/v1/working-groups/*", api_groups_get, API },
    { HTTP_PATCH, "/api/v1/working-groups/*", api_groups_update, API_W },
    { HTTP_GET, "/api/v1/working-groups/*/members", api_groups_members, API },
    { HTTP_POST, "/api/v1/working-groups/*/members", api_groups_member_add,
      API_W },
    { HTTP_GET, "/api/v1/working-groups/*/members/*", api_groups_member_get,
      API },
    { HTTP_DELETE, "/api/v1/working-groups/*/members/*",
      api_groups_member_remove, API_W },
};

/* Matches path against pattern, collecting '*' numbers into r->ids. */
static bool
match(const char *pattern, const char *path, struct req *r)
{
    r->nids = 0;
    while (*pattern && *path) {
        if (pattern[0] == '*' && pattern[1] == '*')
            return true;
        if (*pattern == '*') {
            int64_t v = 0;
            int digits = 0;
            while (*path >= '0' && *path <= '9' && digits < 18) {
                v = v * 10 + (*path++ - '0');
                digits++;
            }
            /* A number ends at '/', at the path's end, or at the
             * pattern's next character ("/invoices/N.pdf"). */
            if (!digits || v == 0 ||
                (*path && *path != '/' && *path != pattern[1]) ||
                r->nids >= REQ_MAX_IDS)
                return false;
            r->ids[r->nids++] = v;
            pattern++;
            continue;
        }
        if (*pattern++ != *path++)
            return false;
    }
    return *pattern == '\0' && *path == '\0';
}

static bool
is_api(const struct req *r)
{
    return strncmp(r->path, "/api/", 5) == 0;
}

void
route_error(const struct req *r, struct resp *rs, const struct err *err)
{
    if (is_api(r)) {
        resp_api_error(rs, err);
        return;
    }
    layout_error_page(r, rs, err);
}

/* Decodes a form body (urlencoded or multipart) into r->body. */
static int
parse_body(struct req *r, struct err *err)
{
    const char *ct = r->content_type ? r->content_type : "";
    if (strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0)
        return form_parse_urlencoded(&r->body, r->raw_body, r->raw_len, err);
    if (strncasecmp(ct, "multipart/form-data", 19) == 0) {
        char boundary[80];
        if (form_boundary(ct, boundary, sizeof(boundary)))
            return err_set(err, ERR_BAD_REQUEST, NULL,
                           "The upload has no multipart boundary.");
        return form_parse_multipart(&r->body, r->raw_body, r->raw_len, boundary,
                                    err);
    }
    return 0;
}

static void
require_sign_in(struct req *r, struct resp *rs)
{
    if (r->method != HTTP_GET) {
        struct err err = ERR_INIT;
        err_set(&err, ERR_UNAUTHORIZED, NULL,
                "Your session has ended. Please sign in again.");
        route_error(r, rs, &err);
        return;
    }
    struct buf loc = BUF_INIT;
    buf_adds(&loc, "/signin?next=");
    url_encode(&loc, r->path);
    resp_redirect(rs, loc.s);
    buf_release(&loc);
}

static void
run_route(const struct route *rt, struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    if (rt->flags & R_TOKEN) {
        if (!auth_bearer(r)) {
            err_set(
                &err, ERR_UNAUTHORIZED, NULL,
                "A valid API token is required (Authorization: Bearer ...).");
            resp_header(rs, "WWW-Authenticate", "Bearer");
            route_error(r, rs, &err);
            return;
        }
    } else if (rt->flags & R_SESSION) {
        if (!auth_session(r)) {
            require_sign_in(r, rs);
            return;
        }
    } else {
        /* Public pages still know who is signed in (to skip the form). */
        auth_session(r);
    }
    if (((rt->flags & R_WRITE) && !role_can_write(r->who.role)) ||
        ((rt->flags & R_ADMIN) && !role_can_admin(r->who.role))) {
        err_set(&err, ERR_FORBIDDEN, NULL, "Your role (%s) may not do this.",
                role_name(r->who.role));
        route_error(r, rs, &err);
        return;
    }
    if (!(rt->flags & R_TOKEN) && r->method == HTTP_POST) {
        if (parse_body(r, &err)) {
            route_error(r, rs, &err);
            return;
        }
        if (!auth_csrf_ok(r)) {
            err_set(&err, ERR_FORBIDDEN, NULL,
                    "The form has expired or did not come from this site. "
                    "Please go back, reload the page and try again.");
            route_error(r, rs, &err);
            return;
        }
    }
    rt->fn(r, rs);
}

void
route_dispatch(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    enum http_method m = r->method == HTTP_HEAD ? HTTP_GET : r->method;
    bool path_known = false;
    struct buf allow = BUF_INIT;
    static const char *const METHOD_NAMES[] = { "GET",  "HEAD",  "POST",
                                                "PUT",  "PATCH", "DELETE",
                                                "OTHER" };
    for (size_t i = 0; i < ARRAY_SIZE(ROUTES); i++) {
        if (!match(ROUTES[i].pattern, r->path, r))
            continue;
        if (ROUTES[i].method == m) {
            buf_release(&allow);
            run_route(&ROUTES[i], r, rs);
            return;
        }
        path_known = true;
        if (allow.len)
            buf_adds(&allow, ", ");
        buf_adds(&allow, METHOD_NAMES[ROUTES[i].method]);
    }
    if (path_known) {
        resp_header(rs, "Allow", allow.s);
        err_set(&err, ERR_METHOD, NULL, "This address does not take %s.",
                METHOD_NAMES[r->method]);
    } else {
        err_set(&err, ERR_NOT_FOUND, NULL, "There is no page at this address.");
    }
    buf_release(&allow);
    if (!is_api(r))
        auth_session(r); /* the error page shows the menu to signed-in users */
    route_error(r, rs, &err);
}
