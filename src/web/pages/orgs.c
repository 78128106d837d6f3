/*
 * The organisation pages: the register's list with search, filters, sort,
 * paging and export; one organisation with its contacts and history; the
 * form to create and edit; archive and restore.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "io/table.h"
#include "web/export.h"
#include "web/history.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/params.h"

static const char *const LIST_KEYS[] = { "q",        "kind", "tag",  "region",
                                         "archived", "sort", "page", NULL };

/* The kind choices of selects: values and labels, "" first when any. */
static void
kind_choices(const char **values, const char **labels, bool with_any)
{
    size_t n = 0;
    if (with_any) {
        values[n] = "";
        labels[n++] = "Any kind";
    }
    for (int k = 0; k < ORG_KIND__COUNT; k++) {
        values[n] = org_kind_name((enum org_kind)k);
        labels[n++] = org_kind_label((enum org_kind)k);
    }
}

/* A select of strings from the store, with "" = any first. */
static void
string_filter(struct html *h, const char *name, const char *label,
              const char *any, char **items, size_t n, const char *selected)
{
    const char **values = xcalloc(n + 1, sizeof(*values));
    values[0] = "";
    for (size_t i = 0; i < n; i++)
        values[i + 1] = items[i];
    const char **labels = xcalloc(n + 1, sizeof(*labels));
    memcpy(labels, values, (n + 1) * sizeof(*labels));
    labels[0] = any;
    HTML_LIT(h, "<div class=\"col-auto\">");
    layout_select(h, name, label, values, labels, n + 1, selected, NULL);
    HTML_LIT(h, "</div>");
    free(values);
    free(labels);
}

static void
list_filters(struct html *h, const struct req *r, bool archived)
{
    char **tags = NULL, **regions = NULL;
    size_t ntags = 0, nregions = 0;
    struct err err = ERR_INIT;
    org_store_tags(r->store, r->scope.cluster_id, &tags, &ntags, &err);
    org_store_regions(r->store, r->scope.cluster_id, &regions, &nregions, &err);

    HTML_LIT(
        h,
        "<form class=\"filters row g-2 align-items-end mb-2\" method=\"get\""
        " action=\"/organisations\" role=\"search\"><div class=\"col-auto\">");
    layout_input(h, "search", "q", "Search", req_query(r, "q"), NULL, NULL);
    HTML_LIT(h, "</div><div class=\"col-auto\">");
    const char *values[ORG_KIND__COUNT + 1], *labels[ORG_KIND__COUNT + 1];
    kind_choices(values, labels, true);
    layout_select(h, "kind", "Kind", values, labels, ORG_KIND__COUNT + 1,
                  req_query(r, "kind"), NULL);
    HTML_LIT(h, "</div>");
    string_filter(h, "tag", "Tag", "Any tag", tags, ntags, req_query(r, "tag"));
    string_filter(h, "region", "Region", "Any region", regions, nregions,
                  req_query(r, "region"));
    if (archived)
        HTML_LIT(h, "<input type=\"hidden\" name=\"archived\" value=\"true\">");
    HTML_LIT(h, "<div class=\"col-auto mb-3\"><button class=\"btn btn-primary\""
                " type=\"submit\">Filter</button> <a class=\"btn btn-link\"");
    html_attr(h, "href",
              archived ? "/organisations?archived=true" : "/organisations");
    HTML_LIT(h, ">Clear</a></div></form>");
    store_strings_free(tags, ntags);
    store_strings_free(regions, nregions);
}

static void
tag_badges(struct html *h, const struct org *o)
{
    for (size_t i = 0; i < o->ntags; i++) {
        HTML_LIT(h, "<span class=\"tag\">");
        html_text(h, o->tags[i]);
        HTML_LIT(h, "</span>");
    }
}

static void
org_link(struct html *h, int64_t id, const char *suffix, const char *text)
{
    char href[96];
    snprintf(href, sizeof(href), "/organisations/%" PRId64 "%s", id, suffix);
    HTML_LIT(h, "<a");
    html_attr(h, "href", href);
    HTML_LIT(h, ">");
    html_text(h, text);
    HTML_LIT(h, "</a>");
}

void
page_orgs_list(struct req *r, struct resp *rs)
{
    struct org_filter f;
    struct paging p;
    struct org_list list = { 0 };
    struct err err = ERR_INIT;
    if (params_org_filter(&r->query, &f, &p, &err) ||
        org_store_list(r->store, r->scope.cluster_id, &f, &list, &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    struct list_query lq;
    list_query_from(&lq, r, LIST_KEYS);
    struct html h = { BUF_INIT };
    layout_begin(&h, r, f.archived ? "Archived organisations" : "Organisations",
                 NAV_ORGS);
    HTML_LIT(&h, "<div class=\"d-flex align-items-center gap-3 mb-3\"><h1 "
                 "class=\"h3 mb-0\">");
    HTML_LIT(&h, "Organisations");
    if (f.archived)
        HTML_LIT(&h, " <span class=\"badge bg-secondary\">archive</span>");
    HTML_LIT(&h, "</h1>");
    if (role_can_write(r->who.role))
        HTML_LIT(&h, "<a class=\"btn btn-success\" href=\"/organisations/new\">"
                     "New organisation</a>");
    HTML_LIT(&h, "<a class=\"ms-auto\"");
    html_attr(&h, "href",
              f.archived ? "/organisations" : "/organisations?archived=true");
    HTML_LIT(&h, ">");
    html_text(&h, f.archived ? "Back to the register" : "Show the archive");
    HTML_LIT(&h, "</a></div>");
    layout_flash(&h, r);
    list_filters(&h, r, f.archived);

    HTML_LIT(&h, "<div class=\"d-flex align-items-center\">");
    layout_pager(&h, "/organisations", &lq, p.page, p.per_page, list.total);
    HTML_LIT(&h, "<div class=\"ms-auto\">");
    layout_export_links(&h, "/organisations/export", &lq);
    HTML_LIT(&h, "</div></div>");

    HTML_LIT(&h,
             "<table class=\"table table-hover bg-white\" id=\"organisations\">"
             "<thead><tr><th>");
    layout_sort_link(&h, "/organisations", &lq, "name", "Name");
    HTML_LIT(&h, "</th><th>");
    layout_sort_link(&h, "/organisations", &lq, "kind", "Kind");
    HTML_LIT(&h, "</th><th>");
    layout_sort_link(&h, "/organisations", &lq, "city", "City");
    HTML_LIT(&h, "</th><th class=\"text-end\">");
    layout_sort_link(&h, "/organisations", &lq, "employees", "Employees");
    HTML_LIT(&h, "</th><th>Tags</th><th>Entry point</th><th class=\"text-end\">"
                 "Contacts</th></tr></thead><tbody>");
    for (size_t i = 0; i < list.n; i++) {
        const struct org_row *row = &list.items[i];
        const struct org *o = &row->org;
        HTML_LIT(&h, "<tr><td>");
        org_link(&h, o->id, "", o->name);
        HTML_LIT(&h, "</td><td>");
        html_text(&h, org_kind_label(o->kind));
        HTML_LIT(&h, "</td><td>");
        html_text(&h, o->city);
        if (*o->country) {
            HTML_LIT(&h, " <span class=\"text-muted\">");
            html_text(&h, o->country);
            HTML_LIT(&h, "</span>");
        }
        HTML_LIT(&h, "</td><td class=\"text-end\">");
        if (o->employees != ORG_EMPLOYEES_UNKNOWN)
            html_count(&h, o->employees);
        HTML_LIT(&h, "</td><td>");
        tag_badges(&h, o);
        HTML_LIT(&h, "</td><td>");
        html_text(&h, row->entry_contact);
        HTML_LIT(&h, "</td><td class=\"text-end\">");
        html_int(&h, row->ncontacts);
        HTML_LIT(&h, "</td></tr>");
    }
    if (!list.n)
        HTML_LIT(&h,
                 "<tr><td colspan=\"7\" class=\"text-muted\">No organisations "
                 "match.</td></tr>");
    HTML_LIT(&h, "</tbody></table>");
    layout_pager(&h, "/organisations", &lq, p.page, p.per_page, list.total);
    layout_end(&h);
    resp_html(rs, 200, &h);
out:
    org_list_release(&list);
}

void
page_orgs_export(struct req *r, struct resp *rs)
{
    static const char *const HEADERS[] = {
        "name", "kind",    "employees",           "nace", "country", "region",
        "city", "website", "registration number", "tags", "notes",
    };
    struct org_filter f;
    struct paging p;
    struct org_list list = { 0 };
    struct err err = ERR_INIT;
    if (params_org_filter(&r->query, &f, &p, &err)) {
        layout_error_page(r, rs, &err);
        return;
    }
    f.offset = 0;
    f.limit = -1;
    if (org_store_list(r->store, r->scope.cluster_id, &f, &list, &err)) {
        layout_error_page(r, rs, &err);
        org_list_release(&list);
        return;
    }
    struct table *t = table_new(ARRAY_SIZE(HEADERS), HEADERS);
    struct buf tags = BUF_INIT;
    for (size_t i = 0; i < list.n; i++) {
        const struct org *o = &list.items[i].org;
        char employees[24] = "";
        if (o->employees != ORG_EMPLOYEES_UNKNOWN)
            snprintf(employees, sizeof(employees), "%" PRId64, o->employees);
        buf_reset(&tags);
        org_tags_join(o, &tags);
        const char *cells[] = { o->name,
                                org_kind_name(o->kind),
                                employees,
                                o->nace,
                                o->country,
                                o->region,
                                o->city,
                                o->website,
                                o->registration_no,
                                tags.s,
                                o->notes };
        table_add_row(t, cells);
    }
    export_send(r, rs, t,
                f.archived ? "organisations-archived" : "organisations");
    buf_release(&tags);
    table_free(t);
    org_list_release(&list);
}

bool
page_load_org(struct req *r, struct resp *rs, struct org *o)
{
    struct err err = ERR_INIT;
    return layout_found(
        r, rs, org_store_get(r->store, r->scope.cluster_id, r->ids[0], o, &err),
        &err);
}

static void
detail_row(struct html *h, const char *label, const char *value)
{
    if (!value || !*value)
        return;
    HTML_LIT(h, "<dt class=\"col-sm-3\">");
    html_text(h, label);
    HTML_LIT(h, "</dt><dd class=\"col-sm-9\">");
    html_text(h, value);
    HTML_LIT(h, "</dd>");
}

static void
contacts_table(struct html *h, const struct req *r,
               const struct contact_list *l)
{
    bool can_write = role_can_write(r->who.role);
    HTML_LIT(
        h,
        "<table class=\"table table-sm bg-white\" id=\"contacts\"><thead><tr>"
        "<th>Name</th><th>Position</th><th>E-mail</th><th>Phone</th>"
        "<th>Consent</th><th></th></tr></thead><tbody>");
    for (size_t i = 0; i < l->n; i++) {
        const struct contact *c = &l->items[i];
        char href[64];
        HTML_LIT(h, "<tr><td>");
        html_text(h, c->name);
        if (c->entry_point)
            HTML_LIT(
                h,
                " <span class=\"badge bg-info text-dark\">entry point</span>");
        HTML_LIT(h, "</td><td>");
        html_text(h, c->position);
        HTML_LIT(h, "</td><td>");
        if (*c->email) {
            struct buf mailto = BUF_INIT;
            buf_addf(&mailto, "mailto:%s", c->email);
            HTML_LIT(h, "<a");
            html_attr(h, "href", mailto.s);
            HTML_LIT(h, ">");
            html_text(h, c->email);
            HTML_LIT(h, "</a>");
            buf_release(&mailto);
        }
        HTML_LIT(h, "</td><td>");
        html_text(h, c->phone);
        HTML_LIT(h, "</td><td>");
        if (c->email_consent) {
            HTML_LIT(h, "yes, ");
            html_text(h, c->consent_date);
        } else {
            HTML_LIT(h, "<span class=\"text-muted\">no</span>");
        }
        HTML_LIT(h, "</td><td class=\"text-end\">");
        if (can_write) {
            /* @contact-actions */
            funnel_contact_action(h, c->id);
            snprintf(href, sizeof(href), "/contacts/%" PRId64 "/edit", c->id);
            HTML_LIT(h, "<a class=\"btn btn-sm btn-outline-primary\"");
            html_attr(h, "href", href);
            HTML_LIT(h,
                     ">Edit</a> <a class=\"btn btn-sm btn-outline-secondary\"");
            snprintf(href, sizeof(href), "/contacts/%" PRId64 "/archive",
                     c->id);
            html_attr(h, "href", href);
            HTML_LIT(h, ">Archive</a>");
        }
        HTML_LIT(h, "</td></tr>");
    }
    if (!l->n)
        HTML_LIT(h, "<tr><td colspan=\"6\" class=\"text-muted\">No contacts "
                    "yet.</td></tr>");
    HTML_LIT(h, "</tbody></table>");
}

void
page_orgs_show(struct req *r, struct resp *rs)
{
    struct org o;
    struct contact_list contacts = { 0 };
    struct audit_list history = { 0 };
    struct err err = ERR_INIT;
    org_init(&o);
    if (!page_load_org(r, rs, &o))
        goto out;
    struct contact_filter cf = { .organisation_id = o.id,
                                 .limit = -1,
                                 .sort = CONTACT_SORT_ORGANISATION };
    if (contact_store_list(r->store, r->scope.cluster_id, &cf, &contacts,
                           &err) ||
        audit_store_list_org(r->store, r->scope.cluster_id, o.id, 50, &history,
                             &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    char base[64];
    snprintf(base, sizeof(base), "/organisations/%" PRId64, o.id);
    struct buf path = BUF_INIT;
    struct html h = { BUF_INIT };
    bool archived = o.archived_at[0] != '\0';
    bool can_write = role_can_write(r->who.role);
    layout_begin(&h, r, o.name, NAV_ORGS);
    layout_flash(&h, r);
    if (archived) {
        HTML_LIT(&h, "<div class=\"alert alert-warning d-flex "
                     "align-items-center gap-3\">"
                     "<span>This organisation was archived on ");
        html_text(&h, o.archived_at);
        HTML_LIT(&h, ".</span>");
        if (can_write) {
            buf_addf(&path, "%s/restore", base);
            layout_post_button(&h, r, path.s, "Restore",
                               "btn btn-sm btn-warning");
        }
        HTML_LIT(&h, "</div>");
    }
    HTML_LIT(&h, "<div class=\"d-flex align-items-center gap-2 mb-3\"><h1 "
                 "class=\"h3 mb-0\">");
    html_text(&h, o.name);
    HTML_LIT(&h, "</h1><span class=\"badge bg-secondary\">");
    html_text(&h, org_kind_label(o.kind));
    HTML_LIT(&h, "</span>");
    if (can_write && !archived) {
        buf_reset(&path);
        buf_addf(&path, "%s/edit", base);
        HTML_LIT(&h, "<a class=\"btn btn-primary ms-auto\"");
        html_attr(&h, "href", path.s);
        HTML_LIT(&h, ">Edit</a><a class=\"btn btn-outline-danger\"");
        buf_reset(&path);
        buf_addf(&path, "%s/archive", base);
        html_attr(&h, "href", path.s);
        HTML_LIT(&h, ">Archive</a>");
    }
    HTML_LIT(&h, "</div><div class=\"row\"><div class=\"col-lg-6\">"
                 "<dl class=\"row bg-white p-3 rounded\">");
    char employees[24] = "";
    if (o.employees != ORG_EMPLOYEES_UNKNOWN)
        snprintf(employees, sizeof(employees), "%" PRId64, o.employees);
    detail_row(&h, "Employees", employees);
    detail_row(&h, "NACE code", o.nace);
    detail_row(&h, "Country", o.country);
    detail_row(&h, "Region", o.region);
    detail_row(&h, "City", o.city);
    if (*o.website) {
        HTML_LIT(&h,
                 "<dt class=\"col-sm-3\">Website</dt><dd class=\"col-sm-9\"><a"
                 " rel=\"noopener noreferrer\"");
        html_attr(&h, "href", o.website);
        HTML_LIT(&h, ">");
        html_text(&h, o.website);
        HTML_LIT(&h, "</a></dd>");
    }
    detail_row(&h, "Registration no.", o.registration_no);
    if (o.ntags) {
        HTML_LIT(&h, "<dt class=\"col-sm-3\">Tags</dt><dd class=\"col-sm-9\">");
        tag_badges(&h, &o);
        HTML_LIT(&h, "</dd>");
    }
    detail_row(&h, "Notes", o.notes);
    detail_row(&h, "Created", o.created_at);
    detail_row(&h, "Updated", o.updated_at);
    HTML_LIT(&h,
             "</dl></div><div class=\"col-lg-6\"><div class=\"d-flex "
             "align-items-center mb-2\"><h2 class=\"h5 mb-0\">Contacts</h2>");
    if (can_write && !archived) {
        buf_reset(&path);
        buf_addf(&path, "%s/contacts/new", base);
        HTML_LIT(&h, "<a class=\"btn btn-sm btn-success ms-auto\"");
        html_attr(&h, "href", path.s);
        HTML_LIT(&h, ">Add contact</a>");
    }
    HTML_LIT(&h, "</div>");
    contacts_table(&h, r, &contacts);
    HTML_LIT(&h, "</div></div>");
    membership_section(&h, r, o.id);
    /* @org-sections: funnel */
    funnel_org_section(&h, r, o.id);
    /* @org-sections: events */
    event_org_section(&h, r, o.id);
    HTML_LIT(&h, "<h2 class=\"h5 mt-4\">History</h2>");
    history_render(&h, &history, HISTORY_ENTITY);
    layout_end(&h);
    resp_html(rs, 200, &h);
    buf_release(&path);
out:
    org_release(&o);
    contact_list_release(&contacts);
    audit_list_release(&history);
}

/*
 * Reads the form into o. Values are kept as typed; what cannot be parsed
 * (employees, kind, tags) is reported in fe beside its field.
 */
static void
org_from_form(const struct req *r, struct org *o, struct form_errors *fe)
{
    struct err err = ERR_INIT;
    static const struct {
        const char *name;
        size_t offset;
    } TEXT[] = {
        { "name", offsetof(struct org, name) },
        { "nace", offsetof(struct org, nace) },
        { "country", offsetof(struct org, country) },
        { "region", offsetof(struct org, region) },
        { "city", offsetof(struct org, city) },
        { "website", offsetof(struct org, website) },
        { "registration_no", offsetof(struct org, registration_no) },
        { "notes", offsetof(struct org, notes) },
    };
    for (size_t i = 0; i < ARRAY_SIZE(TEXT); i++) {
        const char *v = req_field(r, TEXT[i].name);
        org_set_str((char **)((char *)o + TEXT[i].offset), v ? v : "");
    }
    const char *kind = req_field(r, "kind");
    if (!kind || org_kind_parse(kind, &o->kind)) {
        err_set(&err, ERR_INVALID, "kind", "Choose the kind of organisation.");
        form_errors_add(fe, &err);
        err_clear(&err);
    }
    const char *employees = req_field(r, "employees");
    o->employees = ORG_EMPLOYEES_UNKNOWN;
    if (employees && *employees) {
        char *end;
        long long v = strtoll(employees, &end, 10);
        if (*end || v < 0) {
            err_set(&err, ERR_INVALID, "employees",
                    "Employees must be a whole number, e.g. 120.");
            form_errors_add(fe, &err);
            err_clear(&err);
        } else {
            o->employees = v;
        }
    }
    for (size_t i = 0; i < o->ntags; i++)
        free(o->tags[i]);
    o->ntags = 0;
    const char *tags = req_field(r, "tags");
    if (tags && org_add_tags(o, tags, &err)) {
        form_errors_add(fe, &err);
        err_clear(&err);
    }
}

static void
org_form_page(struct req *r, struct resp *rs, int status, const struct org *o,
              const char *tags_text, const struct form_errors *fe,
              int64_t dup_id, const char *dup_name)
{
    bool is_new = o->id == 0;
    struct html h = { BUF_INIT };
    struct buf action = BUF_INIT, cancel = BUF_INIT;
    if (is_new) {
        buf_adds(&action, "/organisations/new");
        buf_adds(&cancel, "/organisations");
    } else {
        buf_addf(&action, "/organisations/%" PRId64 "/edit", o->id);
        buf_addf(&cancel, "/organisations/%" PRId64, o->id);
    }
    layout_begin(&h, r, is_new ? "New organisation" : "Edit organisation",
                 NAV_ORGS);
    HTML_LIT(&h, "<h1 class=\"h3 mb-3\">");
    if (is_new) {
        HTML_LIT(&h, "New organisation");
    } else {
        HTML_LIT(&h, "Edit ");
        html_text(&h, o->name);
    }
    HTML_LIT(&h, "</h1>");
    layout_error_summary(&h, fe);
    HTML_LIT(&h,
             "<form method=\"post\" class=\"bg-white p-4 rounded\" novalidate");
    html_attr(&h, "action", action.s);
    HTML_LIT(&h, ">");
    layout_csrf(&h, r);
    if (dup_id) {
        char href[64];
        snprintf(href, sizeof(href), "/organisations/%" PRId64, dup_id);
        HTML_LIT(&h,
                 "<div class=\"alert alert-warning\" role=\"alert\" "
                 "id=\"duplicate\">"
                 "This looks like an organisation already in the register: <a");
        html_attr(&h, "href", href);
        HTML_LIT(&h, ">");
        html_text(&h, dup_name);
        HTML_LIT(&h,
                 "</a> (same registration number or name). Save anyway only "
                 "if it is a different organisation.");
        layout_checkbox(&h, "confirm_duplicate",
                        "Yes, it is a different organisation", false);
        HTML_LIT(&h, "</div>");
    }
    HTML_LIT(&h, "<div class=\"row\"><div class=\"col-md-6\">");
    layout_input(&h, "text", "name", "Name", o->name, fe, NULL);
    const char *values[ORG_KIND__COUNT], *labels[ORG_KIND__COUNT];
    kind_choices(values, labels, false);
    layout_select(&h, "kind", "Kind", values, labels, ORG_KIND__COUNT,
                  org_kind_name(o->kind), fe);
    char employees[24] = "";
    if (o->employees != ORG_EMPLOYEES_UNKNOWN)
        snprintf(employees, sizeof(employees), "%" PRId64, o->employees);
    const char *typed = req_field(r, "employees");
    layout_input(&h, "text", "employees", "Employees",
                 form_errors_for(fe, "employees") && typed ? typed : employees,
                 fe, NULL);
    layout_input(&h, "text", "nace", "NACE code", o->nace, fe,
                 "NACE Rev. 2: a section letter (C) or a code such as 26.11.");
    layout_input(&h, "text", "registration_no", "Registration or VAT number",
                 o->registration_no, fe, NULL);
    layout_input(&h, "text", "tags", "Tags", tags_text, fe,
                 "Technologies and markets, separated by commas.");
    HTML_LIT(&h, "</div><div class=\"col-md-6\">");
    layout_input(&h, "text", "country", "Country", o->country, fe,
                 "Two letters: UA, SE, DE, PL, ...");
    layout_input(&h, "text", "region", "Region", o->region, fe, NULL);
    layout_input(&h, "text", "city", "City", o->city, fe, NULL);
    layout_input(&h, "url", "website", "Website", o->website, fe, NULL);
    layout_textarea(&h, "notes", "Notes", o->notes, fe);
    HTML_LIT(&h,
             "</div></div><button class=\"btn btn-primary\" type=\"submit\">");
    html_text(&h, is_new ? "Create organisation" : "Save changes");
    HTML_LIT(&h, "</button> <a class=\"btn btn-link\"");
    html_attr(&h, "href", cancel.s);
    HTML_LIT(&h, ">Cancel</a></form>");
    layout_end(&h);
    resp_html(rs, status, &h);
    buf_release(&action);
    buf_release(&cancel);
}

void
page_orgs_new(struct req *r, struct resp *rs)
{
    struct org o;
    org_init(&o);
    org_set_str(&o.country, "");
    org_form_page(r, rs, 200, &o, "", NULL, 0, NULL);
    org_release(&o);
}

void
page_orgs_edit(struct req *r, struct resp *rs)
{
    struct org o;
    org_init(&o);
    if (page_load_org(r, rs, &o)) {
        struct buf tags = BUF_INIT;
        org_tags_join(&o, &tags);
        org_form_page(r, rs, 200, &o, tags.s, NULL, 0, NULL);
        buf_release(&tags);
    }
    org_release(&o);
}

/*
 * Validates the submitted organisation and stores it (create or update).
 * A form with errors, or a likely duplicate not yet confirmed, is shown
 * again with everything as typed.
 */
static void
save_org(struct req *r, struct resp *rs, struct org *o)
{
    struct form_errors fe = { .n = 0 };
    struct err err = ERR_INIT;
    int64_t dup_id = 0;
    char *dup_name = NULL;
    const char *tags_typed = req_field(r, "tags");
    org_from_form(r, o, &fe);
    struct err rules[FORM_MAX_ERRORS];
    size_t n = org_validate_all(o, rules, FORM_MAX_ERRORS);
    for (size_t i = 0; i < n && i < FORM_MAX_ERRORS; i++)
        form_errors_add(&fe, &rules[i]);
    if (fe.n) {
        org_form_page(r, rs, 422, o, tags_typed ? tags_typed : "", &fe, 0,
                      NULL);
        return;
    }
    err_clear(&err);
    enum store_rc dup = org_store_find_duplicate(r->store, r->scope.cluster_id,
                                                 o, &dup_id, &dup_name, &err);
    if (dup == STORE_HARD) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    if (dup == STORE_ONE && !form_flag(&r->body, "confirm_duplicate")) {
        org_form_page(r, rs, 409, o, tags_typed ? tags_typed : "", NULL, dup_id,
                      dup_name);
        goto out;
    }
    bool is_new = o->id == 0;
    enum store_rc rc =
        is_new ? (org_store_create(r->store, &r->scope, o, &err) ? STORE_HARD
                                                                 : STORE_ONE)
               : org_store_update(r->store, &r->scope, o, &err);
    if (rc == STORE_NONE) {
        layout_not_found(r, rs);
    } else if (rc == STORE_HARD) {
        layout_error_page(r, rs, &err);
    } else {
        char loc[96];
        snprintf(loc, sizeof(loc), "/organisations/%" PRId64 "?msg=%s", o->id,
                 is_new ? "created" : "saved");
        resp_redirect(rs, loc);
    }
out:
    free(dup_name);
}

void
page_orgs_create(struct req *r, struct resp *rs)
{
    struct org o;
    org_init(&o);
    save_org(r, rs, &o);
    org_release(&o);
}

void
page_orgs_update(struct req *r, struct resp *rs)
{
    struct org o;
    org_init(&o);
    if (page_load_org(r, rs, &o))
        save_org(r, rs, &o);
    org_release(&o);
}

void
page_orgs_archive_confirm(struct req *r, struct resp *rs)
{
    struct org o;
    org_init(&o);
    if (!page_load_org(r, rs, &o))
        goto out;
    char action[80], back[64];
    snprintf(action, sizeof(action), "/organisations/%" PRId64 "/archive",
             o.id);
    snprintf(back, sizeof(back), "/organisations/%" PRId64, o.id);
    struct html h = { BUF_INIT };
    layout_begin(&h, r, "Archive organisation", NAV_ORGS);
    HTML_LIT(&h, "<div class=\"card\" style=\"max-width:40rem\"><div "
                 "class=\"card-body\">"
                 "<h1 class=\"h4\">Archive ");
    html_text(&h, o.name);
    HTML_LIT(&h, "?</h1><p>It leaves the register and its lists. Nothing is "
                 "deleted: its contacts and history stay, and you can restore "
                 "it from the archive at any time.</p>");
    layout_post_button(&h, r, action, "Archive", "btn btn-danger");
    HTML_LIT(&h, " <a class=\"btn btn-link\"");
    html_attr(&h, "href", back);
    HTML_LIT(&h, ">Cancel</a></div></div>");
    layout_end(&h);
    resp_html(rs, 200, &h);
out:
    org_release(&o);
}

static void
set_archived(struct req *r, struct resp *rs, bool archived)
{
    struct err err = ERR_INIT;
    enum store_rc rc =
        org_store_set_archived(r->store, &r->scope, r->ids[0], archived, &err);
    if (!layout_found(r, rs, rc, &err))
        return;
    char loc[96];
    snprintf(loc, sizeof(loc), "/organisations/%" PRId64 "?msg=%s", r->ids[0],
             archived ? "archived" : "restored");
    resp_redirect(rs, loc);
}

void
page_orgs_archive(struct req *r, struct resp *rs)
{
    set_archived(r, rs, true);
}

void
page_orgs_restore(struct req *r, struct resp *rs)
{
    set_archived(r, rs, false);
}
