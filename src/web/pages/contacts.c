/*
 * The contact pages: the list of every contact person of the cluster with
 * search, sort, paging and export; the form to add a contact to an
 * organisation and to edit one; archive (after a confirmation page) and
 * restore. Contacts are never deleted. Every lookup goes through the
 * store with the session's cluster, so a contact of another cluster is a
 * 404 like one that does not exist.
 */
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "io/table.h"
#include "web/export.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/params.h"

static const char *const LIST_KEYS[] = { "q",        "organisation_id",
                                         "archived", "sort",
                                         "page",     NULL };

/* Writes "/prefix/ID/suffix" into out (64 bytes hold any of ours). */
static void
record_path(char out[64], const char *prefix, int64_t id, const char *suffix)
{
    snprintf(out, 64, "%s/%" PRId64 "%s", prefix, id, suffix);
}

static void
consent_cell(struct html *h, const struct contact *c)
{
    if (!c->email_consent) {
        HTML_LIT(h, "<span class=\"text-muted\">no</span>");
        return;
    }
    HTML_LIT(h, "yes, ");
    html_text(h, c->consent_date);
    if (*c->consent_source) {
        HTML_LIT(h, " <span class=\"text-muted\">(");
        html_text(h, c->consent_source);
        HTML_LIT(h, ")</span>");
    }
}

/* The search form; the archive, organisation and sort choices are kept. */
static void
list_filters(struct html *h, const struct req *r,
             const struct contact_filter *f)
{
    HTML_LIT(
        h, "<form class=\"filters row g-2 align-items-end mb-2\" method=\"get\""
           " action=\"/contacts\" role=\"search\"><div class=\"col-auto\">");
    layout_input(h, "search", "q", "Search", req_query(r, "q"), NULL,
                 "Name, e-mail, phone, position or organisation");
    HTML_LIT(h, "</div>");
    static const char *const KEPT[] = { "organisation_id", "sort" };
    for (size_t i = 0; i < ARRAY_SIZE(KEPT); i++) {
        const char *v = req_query(r, KEPT[i]);
        if (!v || !*v)
            continue;
        HTML_LIT(h, "<input type=\"hidden\"");
        html_attr(h, "name", KEPT[i]);
        html_attr(h, "value", v);
        HTML_LIT(h, ">");
    }
    if (f->archived)
        HTML_LIT(h, "<input type=\"hidden\" name=\"archived\" value=\"true\">");
    HTML_LIT(h, "<div class=\"col-auto mb-3\"><button class=\"btn btn-primary\""
                " type=\"submit\">Search</button> ");
    html_link(h, f->archived ? "/contacts?archived=true" : "/contacts", "Clear",
              "btn btn-link");
    HTML_LIT(h, "</div></form>");
}

/* "Contacts of ACME GmbH" with a link that drops that filter. */
static void
org_filter_note(struct html *h, const struct req *r, int64_t org_id,
                bool archived)
{
    struct org o;
    struct err err = ERR_INIT;
    char href[64];
    org_init(&o);
    if (org_store_get(r->store, r->scope.cluster_id, org_id, &o, &err) !=
        STORE_ONE)
        goto out;
    HTML_LIT(h, "<p>Only the contacts of ");
    record_path(href, "/organisations", o.id, "");
    html_link(h, href, o.name, NULL);
    HTML_LIT(h, ". ");
    html_link(h, archived ? "/contacts?archived=true" : "/contacts",
              "Show all contacts", NULL);
    HTML_LIT(h, "</p>");
out:
    org_release(&o);
}

static void
list_table(struct html *h, const struct req *r, const struct list_query *lq,
           const struct contact_list *l, bool archived)
{
    bool can_write = role_can_write(r->who.role);
    char href[64];
    HTML_LIT(h, "<table class=\"table table-hover bg-white\" id=\"contacts\">"
                "<thead><tr><th>");
    layout_sort_link(h, "/contacts", lq, "name", "Name");
    HTML_LIT(h, "</th><th>");
    layout_sort_link(h, "/contacts", lq, "organisation", "Organisation");
    HTML_LIT(h, "</th><th>Position</th><th>");
    layout_sort_link(h, "/contacts", lq, "email", "E-mail");
    HTML_LIT(h, "</th><th>Phone</th><th>Entry point</th><th>E-mail consent</th>"
                "<th>");
    layout_sort_link(h, "/contacts", lq, "updated", "Updated");
    HTML_LIT(h, "</th>");
    if (can_write)
        HTML_LIT(h, "<th><span class=\"visually-hidden\">Actions</span></th>");
    HTML_LIT(h, "</tr></thead><tbody>");
    for (size_t i = 0; i < l->n; i++) {
        const struct contact *c = &l->items[i];
        HTML_LIT(h, "<tr><td>");
        html_text(h, c->name);
        HTML_LIT(h, "</td><td>");
        record_path(href, "/organisations", c->organisation_id, "");
        html_link(h, href, c->organisation_name, NULL);
        HTML_LIT(h, "</td><td>");
        html_text(h, c->position);
        HTML_LIT(h, "</td><td>");
        if (*c->email) {
            struct buf mailto = BUF_INIT;
            buf_addf(&mailto, "mailto:%s", c->email);
            html_link(h, mailto.s, c->email, NULL);
            buf_release(&mailto);
        }
        HTML_LIT(h, "</td><td class=\"text-nowrap\">");
        html_text(h, c->phone);
        HTML_LIT(h, "</td><td>");
        if (c->entry_point)
            HTML_LIT(
                h,
                "<span class=\"badge bg-info text-dark\">entry point</span>");
        HTML_LIT(h, "</td><td>");
        consent_cell(h, c);
        HTML_LIT(h, "</td><td class=\"text-nowrap text-muted\">");
        html_textn(h, c->updated_at, strnlen(c->updated_at, 10));
        HTML_LIT(h, "</td>");
        if (can_write) {
            HTML_LIT(h, "<td class=\"text-end text-nowrap\">");
            if (archived) {
                record_path(href, "/contacts", c->id, "/restore");
                layout_post_button(h, r, href, "Restore",
                                   "btn btn-sm btn-outline-success");
            } else {
                record_path(href, "/contacts", c->id, "/edit");
                html_link(h, href, "Edit", "btn btn-sm btn-outline-primary");
                HTML_LIT(h, " ");
                record_path(href, "/contacts", c->id, "/archive");
                html_link(h, href, "Archive",
                          "btn btn-sm btn-outline-secondary");
            }
            HTML_LIT(h, "</td>");
        }
        HTML_LIT(h, "</tr>");
    }
    if (!l->n) {
        HTML_LIT(h, "<tr><td class=\"text-muted\"");
        html_attr_int(h, "colspan", can_write ? 9 : 8);
        HTML_LIT(h, ">No contacts match.</td></tr>");
    }
    HTML_LIT(h, "</tbody></table>");
}

void
page_contacts_list(struct req *r, struct resp *rs)
{
    struct contact_filter f;
    struct paging p;
    struct contact_list list = { 0 };
    struct list_query lq;
    struct err err = ERR_INIT;
    struct html h = { BUF_INIT };
    if (params_contact_filter(&r->query, &f, &p, &err) ||
        contact_store_list(r->store, r->scope.cluster_id, &f, &list, &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    list_query_from(&lq, r, LIST_KEYS);
    layout_begin(&h, r, f.archived ? "Archived contacts" : "Contacts",
                 NAV_CONTACTS);
    HTML_LIT(&h, "<div class=\"d-flex align-items-center gap-3 mb-3\">"
                 "<h1 class=\"h3 mb-0\">Contacts");
    if (f.archived)
        HTML_LIT(&h, " <span class=\"badge bg-secondary\">archive</span>");
    HTML_LIT(&h, "</h1>");
    html_link(&h, f.archived ? "/contacts" : "/contacts?archived=true",
              f.archived ? "Back to the current contacts" : "Show the archive",
              "ms-auto");
    HTML_LIT(&h, "</div>");
    layout_flash(&h, r);
    if (role_can_write(r->who.role) && !f.archived)
        HTML_LIT(&h, "<p class=\"text-muted\">To add a contact, open its "
                     "<a href=\"/organisations\">organisation</a> and choose "
                     "“Add contact”.</p>");
    list_filters(&h, r, &f);
    if (f.organisation_id)
        org_filter_note(&h, r, f.organisation_id, f.archived);

    HTML_LIT(&h, "<div class=\"d-flex align-items-center\">");
    layout_pager(&h, "/contacts", &lq, p.page, p.per_page, list.total);
    HTML_LIT(&h, "<div class=\"ms-auto\">");
    layout_export_links(&h, "/contacts/export", &lq);
    HTML_LIT(&h, "</div></div>");
    list_table(&h, r, &lq, &list, f.archived);
    layout_pager(&h, "/contacts", &lq, p.page, p.per_page, list.total);
    layout_end(&h);
    resp_html(rs, 200, &h);
out:
    buf_release(&h.b);
    contact_list_release(&list);
}

void
page_contacts_export(struct req *r, struct resp *rs)
{
    /* The import's header names, so an export can be imported again. */
    static const char *const HEADERS[] = {
        "organisation",  "contact name", "email",
        "phone",         "position",     "entry point",
        "email consent", "consent date", "consent source",
    };
    struct contact_filter f;
    struct paging p;
    struct contact_list list = { 0 };
    struct table *t = NULL;
    struct err err = ERR_INIT;
    if (params_contact_filter(&r->query, &f, &p, &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    f.offset = 0;
    f.limit = -1;
    if (contact_store_list(r->store, r->scope.cluster_id, &f, &list, &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    t = table_new(ARRAY_SIZE(HEADERS), HEADERS);
    for (size_t i = 0; i < list.n; i++) {
        const struct contact *c = &list.items[i];
        const char *cells[] = { c->organisation_name,
                                c->name,
                                c->email,
                                c->phone,
                                c->position,
                                c->entry_point ? "yes" : "no",
                                c->email_consent ? "yes" : "no",
                                c->consent_date,
                                c->consent_source };
        table_add_row(t, cells);
    }
    export_send(r, rs, t, f.archived ? "contacts-archived" : "contacts");
out:
    table_free(t);
    contact_list_release(&list);
}

/* Loads the contact of the route's id; answers 404 when absent. */
static bool
load_contact(struct req *r, struct resp *rs, struct contact *c)
{
    struct err err = ERR_INIT;
    return layout_found(
        r, rs,
        contact_store_get(r->store, r->scope.cluster_id, r->ids[0], c, &err),
        &err);
}

/* A new contact may not join an organisation in the archive. */
static bool
org_open(const struct req *r, struct resp *rs, const struct org *o)
{
    struct err err = ERR_INIT;
    if (!*o->archived_at)
        return true;
    err_set(&err, ERR_CONFLICT, NULL,
            "%s is archived. Restore it before adding contacts.", o->name);
    layout_error_page(r, rs, &err);
    return false;
}

/* Reads the form's fields into c as typed (validation trims later). */
static void
contact_from_form(const struct req *r, struct contact *c)
{
    static const struct {
        const char *name;
        size_t offset;
    } TEXT[] = {
        { "name", offsetof(struct contact, name) },
        { "email", offsetof(struct contact, email) },
        { "phone", offsetof(struct contact, phone) },
        { "position", offsetof(struct contact, position) },
        { "consent_date", offsetof(struct contact, consent_date) },
        { "consent_source", offsetof(struct contact, consent_source) },
    };
    for (size_t i = 0; i < ARRAY_SIZE(TEXT); i++)
        org_set_str((char **)((char *)c + TEXT[i].offset),
                    req_field(r, TEXT[i].name));
    c->entry_point = form_flag(&r->body, "entry_point");
    c->email_consent = form_flag(&r->body, "email_consent");
}

/* What the contact form shows around the fields. */
struct contact_form {
    const char *title;
    const char *action;
    int64_t org_id;
    const char *org_name;
    const struct contact *values;
    const struct form_errors *fe;
    bool archived;
};

/* The error beside a checkbox, which layout_checkbox does not show. */
static void
checkbox_error(struct html *h, const struct form_errors *fe, const char *name)
{
    const char *error = form_errors_for(fe, name);
    if (!error)
        return;
    HTML_LIT(h, "<div class=\"invalid-feedback d-block mb-3\"");
    struct buf id = BUF_INIT;
    buf_addf(&id, "%s-error", name);
    html_attr(h, "id", id.s);
    buf_release(&id);
    HTML_LIT(h, ">");
    html_text(h, error);
    HTML_LIT(h, "</div>");
}

static void
contact_form_page(struct req *r, struct resp *rs, int status,
                  const struct contact_form *cf)
{
    const struct contact *c = cf->values;
    char org_href[64];
    struct html h = { BUF_INIT };
    record_path(org_href, "/organisations", cf->org_id, "");
    layout_begin(&h, r, cf->title, NAV_CONTACTS);
    HTML_LIT(&h, "<div class=\"row\"><div class=\"col-lg-7 col-xl-6\">"
                 "<h1 class=\"h3 mb-3\">");
    html_text(&h, cf->title);
    HTML_LIT(&h, "</h1>");
    if (cf->archived)
        HTML_LIT(&h,
                 "<div class=\"alert alert-warning\">This contact is in the "
                 "archive.</div>");
    layout_error_summary(&h, cf->fe);
    HTML_LIT(&h,
             "<form method=\"post\" class=\"bg-white p-4 rounded\" novalidate");
    html_attr(&h, "action", cf->action);
    HTML_LIT(&h, ">");
    layout_csrf(&h, r);
    HTML_LIT(&h, "<div class=\"mb-3\"><span class=\"form-label d-block\">"
                 "Organisation</span><span class=\"form-control-plaintext\">");
    html_link(&h, org_href, cf->org_name, NULL);
    HTML_LIT(&h, "</span></div>");
    layout_input(&h, "text", "name", "Name", c->name, cf->fe, NULL);
    layout_input(&h, "email", "email", "E-mail", c->email, cf->fe, NULL);
    layout_input(&h, "tel", "phone", "Phone", c->phone, cf->fe,
                 "Digits, spaces and + ( ) - . /");
    layout_input(&h, "text", "position", "Position", c->position, cf->fe, NULL);
    layout_checkbox(&h, "entry_point", "Entry point of the organisation",
                    c->entry_point);
    HTML_LIT(&h, "<p class=\"form-text\">The person the cluster writes to "
                 "first. An organisation has one; ticking this takes the flag "
                 "from its current entry point.</p>");
    HTML_LIT(
        &h,
        "<fieldset class=\"border rounded p-3 mb-3\"><legend "
        "class=\"fs-6 float-none w-auto px-1 mb-0\">E-mail consent</legend>");
    layout_checkbox(&h, "email_consent",
                    "Agreed to receive e-mail from the "
                    "cluster",
                    c->email_consent);
    checkbox_error(&h, cf->fe, "email_consent");
    layout_input(&h, "date", "consent_date", "Consent date", c->consent_date,
                 cf->fe, "Left empty, consent is dated today.");
    layout_input(&h, "text", "consent_source", "Consent source",
                 c->consent_source, cf->fe,
                 "Where consent was given: form, event, e-mail, …");
    HTML_LIT(&h, "</fieldset><button class=\"btn btn-primary\" type=\"submit\">"
                 "Save</button> ");
    html_link(&h, org_href, "Cancel", "btn btn-link");
    HTML_LIT(&h, "</form></div></div>");
    layout_end(&h);
    resp_html(rs, status, &h);
}

/*
 * After a failed validation or store call: errors about a field go back to
 * the form beside the field (with everything as typed), others to an error
 * page.
 */
static void
contact_form_failed(struct req *r, struct resp *rs, struct contact_form *cf,
                    const struct form_errors *invalid, const struct err *err)
{
    struct form_errors fe = { 0 };
    if (invalid && invalid->n) {
        cf->fe = invalid;
        contact_form_page(r, rs, 422, cf);
        return;
    }
    if (err->code != ERR_INVALID && err->code != ERR_CONFLICT) {
        layout_error_page(r, rs, err);
        return;
    }
    form_errors_add(&fe, err);
    cf->fe = &fe;
    contact_form_page(r, rs, err_http_status(err->code), cf);
}

void
page_contacts_new(struct req *r, struct resp *rs)
{
    struct org o;
    struct contact c;
    char action[64];
    org_init(&o);
    contact_init(&c);
    if (!page_load_org(r, rs, &o) || !org_open(r, rs, &o))
        goto out;
    record_path(action, "/organisations", o.id, "/contacts/new");
    struct contact_form cf = { "New contact", action, o.id, o.name, &c,
                               NULL,          false };
    contact_form_page(r, rs, 200, &cf);
out:
    org_release(&o);
    contact_release(&c);
}

void
page_contacts_create(struct req *r, struct resp *rs)
{
    struct org o;
    struct contact c, typed;
    struct err err = ERR_INIT;
    char path[64];
    org_init(&o);
    contact_init(&c);
    contact_init(&typed);
    if (!page_load_org(r, rs, &o) || !org_open(r, rs, &o))
        goto out;
    contact_from_form(r, &c);
    contact_from_form(r, &typed);
    c.organisation_id = o.id;
    struct form_errors fe = { .n = 0 };
    form_errors_take(
        &fe, contact_validate_all(&c, r->today, fe.items, FORM_MAX_ERRORS));
    if (fe.n || contact_store_create(r->store, &r->scope, &c, &err)) {
        record_path(path, "/organisations", o.id, "/contacts/new");
        struct contact_form cf = { "New contact", path, o.id, o.name,
                                   &typed,        NULL, false };
        contact_form_failed(r, rs, &cf, &fe, &err);
        goto out;
    }
    record_path(path, "/organisations", o.id, "?msg=saved");
    resp_redirect(rs, path);
out:
    org_release(&o);
    contact_release(&c);
    contact_release(&typed);
}

void
page_contacts_edit(struct req *r, struct resp *rs)
{
    struct contact c;
    char action[64];
    contact_init(&c);
    if (!load_contact(r, rs, &c))
        goto out;
    record_path(action, "/contacts", c.id, "/edit");
    struct contact_form cf = { "Edit contact",        action, c.organisation_id,
                               c.organisation_name,   &c,     NULL,
                               *c.archived_at != '\0' };
    contact_form_page(r, rs, 200, &cf);
out:
    contact_release(&c);
}

void
page_contacts_update(struct req *r, struct resp *rs)
{
    struct contact stored, c, typed;
    struct err err = ERR_INIT;
    char path[64];
    contact_init(&stored);
    contact_init(&c);
    contact_init(&typed);
    if (!load_contact(r, rs, &stored))
        goto out;
    contact_from_form(r, &c);
    contact_from_form(r, &typed);
    /* The organisation is not a field of the form: a contact stays put. */
    c.id = stored.id;
    c.organisation_id = stored.organisation_id;
    enum store_rc rc = STORE_HARD;
    struct form_errors fe = { .n = 0 };
    form_errors_take(
        &fe, contact_validate_all(&c, r->today, fe.items, FORM_MAX_ERRORS));
    if (!fe.n)
        rc = contact_store_update(r->store, &r->scope, &c, &err);
    if (rc == STORE_NONE) {
        layout_not_found(r, rs);
        goto out;
    }
    if (rc != STORE_ONE) {
        record_path(path, "/contacts", stored.id, "/edit");
        struct contact_form cf = { "Edit contact",
                                   path,
                                   stored.organisation_id,
                                   stored.organisation_name,
                                   &typed,
                                   NULL,
                                   *stored.archived_at != '\0' };
        contact_form_failed(r, rs, &cf, &fe, &err);
        goto out;
    }
    record_path(path, "/organisations", stored.organisation_id, "?msg=saved");
    resp_redirect(rs, path);
out:
    contact_release(&stored);
    contact_release(&c);
    contact_release(&typed);
}

void
page_contacts_archive_confirm(struct req *r, struct resp *rs)
{
    struct contact c;
    struct html h = { BUF_INIT };
    char org_href[64], action[64];
    contact_init(&c);
    if (!load_contact(r, rs, &c))
        goto out;
    bool archived = *c.archived_at != '\0';
    record_path(org_href, "/organisations", c.organisation_id, "");
    record_path(action, "/contacts", c.id, archived ? "/restore" : "/archive");
    layout_begin(&h, r, archived ? "Archived contact" : "Archive contact",
                 NAV_CONTACTS);
    HTML_LIT(&h, "<div class=\"row\"><div class=\"col-lg-7 col-xl-6\">"
                 "<div class=\"card shadow-sm\"><div class=\"card-body\">"
                 "<h1 class=\"h4\">");
    if (archived) {
        html_text(&h, c.name);
        HTML_LIT(&h, " is in the archive</h1><p>It was archived on ");
        html_textn(&h, c.archived_at, strnlen(c.archived_at, 10));
        HTML_LIT(&h, ".</p>");
        layout_post_button(&h, r, action, "Restore", "btn btn-success");
    } else {
        HTML_LIT(&h, "Archive ");
        html_text(&h, c.name);
        HTML_LIT(&h, "?</h1><p>");
        html_text(&h, c.name);
        HTML_LIT(&h, " will no longer be listed among the contacts of ");
        html_link(&h, org_href, c.organisation_name, NULL);
        if (c.entry_point)
            HTML_LIT(&h, " and will no longer be its entry point");
        HTML_LIT(&h, ". Nothing is deleted: you can restore the contact from "
                     "the archive.</p>");
        layout_post_button(&h, r, action, "Archive", "btn btn-danger");
    }
    HTML_LIT(&h, " ");
    html_link(&h, org_href, archived ? "Back" : "Cancel", "btn btn-link");
    HTML_LIT(&h, "</div></div></div></div>");
    layout_end(&h);
    resp_html(rs, 200, &h);
out:
    buf_release(&h.b);
    contact_release(&c);
}

static void
set_archived(struct req *r, struct resp *rs, bool archived)
{
    struct contact c;
    struct err err = ERR_INIT;
    char path[64];
    contact_init(&c);
    if (!load_contact(r, rs, &c))
        goto out;
    enum store_rc rc =
        contact_store_set_archived(r->store, &r->scope, c.id, archived, &err);
    if (!layout_found(r, rs, rc, &err))
        goto out;
    record_path(path, "/organisations", c.organisation_id,
                archived ? "?msg=archived" : "?msg=restored");
    resp_redirect(rs, path);
out:
    contact_release(&c);
}

void
page_contacts_archive(struct req *r, struct resp *rs)
{
    set_archived(r, rs, true);
}

void
page_contacts_restore(struct req *r, struct resp *rs)
{
    set_archived(r, rs, false);
}
