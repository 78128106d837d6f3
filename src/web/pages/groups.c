/*
 * The working-group pages: the list of groups (name, topic, coordinator,
 * member organisations, meetings), the form to create and edit one, and
 * one group with its members and their participation (meetings attended
 * of those held since joining), adding a member (an organisation and
 * optionally one of its contacts), removing one behind a confirmation,
 * and its meetings, which are events of kind working_group. Every lookup
 * is scoped to the session's cluster, so another cluster's group is a
 * 404.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mem.h"
#include "store/event_store.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/params.h"

static const char *
field_or_empty(const struct req *r, const char *name)
{
    const char *v = req_field(r, name);
    return v ? v : "";
}

static void
group_path(char out[96], int64_t id, const char *suffix)
{
    snprintf(out, 96, "/working-groups/%" PRId64 "%s", id, suffix);
}

/* ---- the list ---- */

void
page_groups_list(struct req *r, struct resp *rs)
{
    struct working_group_list list = { 0 };
    struct err err = ERR_INIT;
    bool archived = false;
    if (params_bool(&r->query, "archived", false, &archived, &err) ||
        working_group_store_list(r->store, r->scope.cluster_id, archived, &list,
                                 &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    struct html h = { BUF_INIT };
    layout_begin(&h, r, archived ? "Archived working groups" : "Working groups",
                 NAV_GROUPS);
    HTML_LIT(&h, "<div class=\"d-flex align-items-center gap-3 mb-3\"><h1 "
                 "class=\"h3 mb-0\">Working groups");
    if (archived)
        HTML_LIT(&h, " <span class=\"badge bg-secondary\">archive</span>");
    HTML_LIT(&h, "</h1>");
    if (role_can_write(r->who.role))
        HTML_LIT(&h, "<a class=\"btn btn-success\" "
                     "href=\"/working-groups/new\">New working group</a>");
    HTML_LIT(&h, "<a class=\"ms-auto\"");
    html_attr(&h, "href",
              archived ? "/working-groups" : "/working-groups?archived=true");
    HTML_LIT(&h, ">");
    html_text(&h, archived ? "Current groups" : "Show the archive");
    HTML_LIT(&h, "</a></div>");
    layout_flash(&h, r);
    HTML_LIT(&h, "<table class=\"table table-hover bg-white\" "
                 "id=\"working-groups\"><thead><tr><th>Name</th><th>Topic"
                 "</th><th>Coordinator</th><th class=\"text-end\">"
                 "Organisations</th><th class=\"text-end\">Meetings</th>"
                 "</tr></thead><tbody>");
    for (size_t i = 0; i < list.n; i++) {
        const struct working_group *w = &list.items[i];
        char href[96];
        group_path(href, w->id, "");
        HTML_LIT(&h, "<tr><td>");
        html_link(&h, href, w->name, NULL);
        HTML_LIT(&h, "</td><td>");
        html_text(&h, w->topic);
        HTML_LIT(&h, "</td><td>");
        html_text(&h, w->coordinator_name);
        HTML_LIT(&h, "</td><td class=\"text-end\">");
        html_count(&h, w->members);
        HTML_LIT(&h, "</td><td class=\"text-end\">");
        html_count(&h, w->meetings);
        HTML_LIT(&h, "</td></tr>");
    }
    if (!list.n)
        HTML_LIT(&h, "<tr><td colspan=\"5\" class=\"text-muted\">No working "
                     "groups yet.</td></tr>");
    HTML_LIT(&h, "</tbody></table>");
    layout_end(&h);
    resp_html(rs, 200, &h);
out:
    working_group_list_release(&list);
}

/* ---- the form ---- */

struct group_form {
    const char *name, *topic, *coordinator, *description;
    bool archived;
};

static void
coordinator_select(struct html *h, const struct contact_list *contacts,
                   const char *selected, const struct form_errors *fe)
{
    size_t n = contacts->n + 1;
    const char **values = xcalloc(n, sizeof(*values));
    const char **labels = xcalloc(n, sizeof(*labels));
    char(*ids)[24] = xcalloc(n, sizeof(*ids));
    struct buf *texts = xcalloc(n, sizeof(*texts));
    values[0] = "";
    labels[0] = "No coordinator";
    for (size_t i = 0; i < contacts->n; i++) {
        const struct contact *c = &contacts->items[i];
        snprintf(ids[i], sizeof(ids[i]), "%" PRId64, c->id);
        buf_init(&texts[i], 0);
        buf_adds(&texts[i], c->name);
        if (c->organisation_name && *c->organisation_name)
            buf_addf(&texts[i], " (%s)", c->organisation_name);
        values[i + 1] = ids[i];
        labels[i + 1] = texts[i].s;
    }
    layout_select(h, "coordinator_contact_id", "Coordinator", values, labels, n,
                  selected, fe);
    for (size_t i = 0; i < contacts->n; i++)
        buf_release(&texts[i]);
    free(texts);
    free(values);
    free(labels);
    free(ids);
}

static void
group_form_page(struct req *r, struct resp *rs, int status, int64_t id,
                const struct group_form *v, const struct form_errors *fe)
{
    struct contact_list contacts = { 0 };
    struct err err = ERR_INIT;
    struct contact_filter cf = { .sort = CONTACT_SORT_NAME, .limit = -1 };
    if (contact_store_list(r->store, r->scope.cluster_id, &cf, &contacts,
                           &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    char action[96], cancel[96];
    if (id) {
        group_path(action, id, "/edit");
        group_path(cancel, id, "");
    } else {
        snprintf(action, sizeof(action), "/working-groups/new");
        snprintf(cancel, sizeof(cancel), "/working-groups");
    }
    struct html h = { BUF_INIT };
    layout_begin(&h, r, id ? "Edit working group" : "New working group",
                 NAV_GROUPS);
    HTML_LIT(&h, "<h1 class=\"h3 mb-3\">");
    if (id) {
        HTML_LIT(&h, "Edit ");
        html_text(&h, v->name);
    } else {
        HTML_LIT(&h, "New working group");
    }
    HTML_LIT(&h, "</h1>");
    layout_error_summary(&h, fe);
    HTML_LIT(&h, "<form method=\"post\" class=\"bg-white p-4 rounded\" "
                 "novalidate id=\"group-form\"");
    html_attr(&h, "action", action);
    HTML_LIT(&h, ">");
    layout_csrf(&h, r);
    layout_input(&h, "text", "name", "Name", v->name, fe, NULL);
    layout_input(&h, "text", "topic", "Topic", v->topic, fe, NULL);
    coordinator_select(&h, &contacts, v->coordinator, fe);
    layout_textarea(&h, "description", "Description", v->description, fe);
    if (id)
        layout_checkbox(&h, "archived", "Archived (the group no longer meets)",
                        v->archived);
    HTML_LIT(&h, "<button class=\"btn btn-primary\" type=\"submit\">");
    html_text(&h, id ? "Save changes" : "Create working group");
    HTML_LIT(&h, "</button> <a class=\"btn btn-link\"");
    html_attr(&h, "href", cancel);
    HTML_LIT(&h, ">Cancel</a></form>");
    layout_end(&h);
    resp_html(rs, status, &h);
out:
    contact_list_release(&contacts);
}

static bool
load_group(struct req *r, struct resp *rs, struct working_group *w)
{
    struct err err = ERR_INIT;
    return layout_found(r, rs,
                        working_group_store_get(r->store, r->scope.cluster_id,
                                                r->ids[0], w, &err),
                        &err);
}

void
page_groups_new(struct req *r, struct resp *rs)
{
    struct group_form v = { "", "", "", "", false };
    group_form_page(r, rs, 200, 0, &v, NULL);
}

void
page_groups_edit(struct req *r, struct resp *rs)
{
    struct working_group w;
    working_group_init(&w);
    if (load_group(r, rs, &w)) {
        char coord[24] = "";
        if (w.coordinator_contact_id)
            snprintf(coord, sizeof(coord), "%" PRId64,
                     w.coordinator_contact_id);
        struct group_form v = { w.name, w.topic, coord, w.description,
                                w.archived };
        group_form_page(r, rs, 200, w.id, &v, NULL);
    }
    working_group_release(&w);
}

static void
save_group(struct req *r, struct resp *rs, struct working_group *w)
{
    struct form_errors fe = { .n = 0 };
    struct err err = ERR_INIT;
    struct group_form v = { field_or_empty(r, "name"),
                            field_or_empty(r, "topic"),
                            field_or_empty(r, "coordinator_contact_id"),
                            field_or_empty(r, "description"),
                            form_flag(&r->body, "archived") };
    bool is_new = w->id == 0;
    org_set_str(&w->name, v.name);
    org_set_str(&w->topic, v.topic);
    org_set_str(&w->description, v.description);
    if (!is_new)
        w->archived = v.archived;
    w->coordinator_contact_id = 0;
    if (*v.coordinator &&
        params_id(v.coordinator, &w->coordinator_contact_id)) {
        w->coordinator_contact_id = 0;
        err_set(&err, ERR_INVALID, "coordinator_contact_id",
                "Choose the coordinator from the list.");
        form_errors_add(&fe, &err);
        err_clear(&err);
    }
    if (working_group_validate(w, &err)) {
        form_errors_add(&fe, &err);
        err_clear(&err);
    }
    if (fe.n) {
        group_form_page(r, rs, 422, w->id, &v, &fe);
        return;
    }
    enum store_rc rc =
        is_new ? (working_group_store_create(r->store, &r->scope, w, &err)
                      ? STORE_HARD
                      : STORE_ONE)
               : working_group_store_update(r->store, &r->scope, w, &err);
    if (rc == STORE_HARD &&
        (err.code == ERR_INVALID || err.code == ERR_CONFLICT)) {
        form_errors_add(&fe, &err);
        group_form_page(r, rs, err.code == ERR_CONFLICT ? 409 : 422, w->id, &v,
                        &fe);
    } else if (layout_found(r, rs, rc, &err)) {
        char loc[96];
        group_path(loc, w->id, is_new ? "?msg=created" : "?msg=saved");
        resp_redirect(rs, loc);
    }
}

void
page_groups_create(struct req *r, struct resp *rs)
{
    struct working_group w;
    working_group_init(&w);
    save_group(r, rs, &w);
    working_group_release(&w);
}

void
page_groups_update(struct req *r, struct resp *rs)
{
    struct working_group w;
    working_group_init(&w);
    if (load_group(r, rs, &w))
        save_group(r, rs, &w);
    working_group_release(&w);
}

/* ---- one group ---- */

/* The add-member form's values as typed. */
struct member_form {
    const char *organisation_id, *contact_id, *joined_on;
};

static void
members_table(struct html *h, const struct working_group *w,
              const struct group_member_list *members, bool can_write)
{
    HTML_LIT(h, "<table class=\"table table-sm bg-white\" id=\"members\">"
                "<thead><tr><th>Organisation</th><th>Contact</th><th>Joined"
                "</th><th>Participation</th><th></th></tr></thead><tbody>");
    for (size_t i = 0; i < members->n; i++) {
        const struct group_member *m = &members->items[i];
        char href[96];
        snprintf(href, sizeof(href), "/organisations/%" PRId64,
                 m->organisation_id);
        HTML_LIT(h, "<tr><td>");
        html_link(h, href, m->organisation_name, NULL);
        HTML_LIT(h, "</td><td>");
        html_text(h, m->contact_name);
        HTML_LIT(h, "</td><td>");
        html_text(h, m->joined_on);
        HTML_LIT(h, "</td><td class=\"participation\">");
        html_count(h, m->meetings_attended);
        HTML_LIT(h, " of ");
        html_count(h, m->meetings);
        HTML_LIT(h, " meetings</td><td class=\"text-end\">");
        if (can_write) {
            snprintf(href, sizeof(href),
                     "/working-groups/%" PRId64 "/members/%" PRId64 "/remove",
                     w->id, m->id);
            html_link(h, href, "Remove", "btn btn-sm btn-outline-danger");
        }
        HTML_LIT(h, "</td></tr>");
    }
    if (!members->n)
        HTML_LIT(h, "<tr><td colspan=\"5\" class=\"text-muted\">No members "
                    "yet.</td></tr>");
    HTML_LIT(h, "</tbody></table>");
}

/* Finds an organisation by name (?org_q=), then adds the chosen one
 * (?org=ID) with one of its contacts or as such. */
static void
add_member_block(struct html *h, struct req *r, const struct working_group *w,
                 const struct member_form *typed, const struct form_errors *fe)
{
    struct org o;
    struct contact_list contacts = { 0 };
    struct org_list matches = { 0 };
    struct err err = ERR_INIT;
    char self[96];
    group_path(self, w->id, "");
    org_init(&o);
    HTML_LIT(h, "<section id=\"add-member\" class=\"mt-3\"><h3 "
                "class=\"h6\">Add a member</h3>");
    int64_t org_id =
        org_picker(h, r, self, "add-member",
                   typed ? typed->organisation_id : req_query(r, "org"), &o,
                   &matches, &err);
    if (org_id < 0)
        goto fail;
    if (!org_id) {
        org_picker_error(h, fe);
        goto done;
    }
    char action[96];
    group_path(action, w->id, "/members");
    layout_error_summary(h, fe);
    if (org_picked_form(h, r, action, "member-form", "Add", &o, &contacts,
                        &err))
        goto fail;
    contact_select(h, &contacts, "The organisation as such",
                   typed ? typed->contact_id : "", fe);
    layout_input(h, "date", "joined_on", "Joined on",
                 typed ? typed->joined_on : r->today, fe, NULL);
    HTML_LIT(h, "<button class=\"btn btn-success\" type=\"submit\">Add "
                "member</button> <a class=\"btn btn-link\"");
    html_attr(h, "href", self);
    HTML_LIT(h, ">Another organisation</a></form>");
done:
    HTML_LIT(h, "</section>");
    goto out;
fail:
    HTML_LIT(h, "<div class=\"alert alert-danger\">");
    html_text(h, err.msg);
    HTML_LIT(h, "</div></section>");
out:
    org_release(&o);
    contact_list_release(&contacts);
    org_list_release(&matches);
}

static void
meetings_table(struct html *h, const struct event_list *meetings)
{
    HTML_LIT(h, "<table class=\"table table-sm bg-white\" id=\"meetings\">"
                "<thead><tr><th>Date</th><th>Meeting</th><th "
                "class=\"text-end\">Registered</th><th class=\"text-end\">"
                "Attended</th></tr></thead><tbody>");
    struct buf when = BUF_INIT;
    for (size_t i = 0; i < meetings->n; i++) {
        const struct event *e = &meetings->items[i];
        char href[64];
        snprintf(href, sizeof(href), "/events/%" PRId64, e->id);
        buf_reset(&when);
        event_when_text(&when, e);
        HTML_LIT(h, "<tr><td>");
        html_text(h, when.s);
        HTML_LIT(h, "</td><td>");
        html_link(h, href, e->title, NULL);
        if (e->cancelled)
            HTML_LIT(h, " <span class=\"badge bg-danger\">cancelled</span>");
        HTML_LIT(h, "</td><td class=\"text-end\">");
        html_count(h, e->registered);
        HTML_LIT(h, "</td><td class=\"text-end\">");
        html_count(h, e->attended);
        HTML_LIT(h, "</td></tr>");
    }
    buf_release(&when);
    if (!meetings->n)
        HTML_LIT(h, "<tr><td colspan=\"4\" class=\"text-muted\">No meetings "
                    "yet.</td></tr>");
    HTML_LIT(h, "</tbody></table>");
}

static void
group_page(struct req *r, struct resp *rs, int status,
           const struct working_group *w, const struct member_form *typed,
           const struct form_errors *fe)
{
    struct group_member_list members = { 0 };
    struct event_list meetings = { 0 };
    struct err err = ERR_INIT;
    struct event_filter f = { .when = EVENTS_ALL,
                              .today = r->today,
                              .kind = -1,
                              .working_group_id = w->id,
                              .limit = -1 };
    if (group_member_store_list(r->store, r->scope.cluster_id, w->id,
                                event_today(r), &members, &err) ||
        event_store_list(r->store, r->scope.cluster_id, &f, &meetings, &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    bool can_write = role_can_write(r->who.role);
    char href[128];
    struct html h = { BUF_INIT };
    layout_begin(&h, r, w->name, NAV_GROUPS);
    layout_flash(&h, r);
    if (w->archived)
        HTML_LIT(&h, "<div class=\"alert alert-warning\">This working group "
                     "is archived.</div>");
    HTML_LIT(&h, "<div class=\"d-flex align-items-center gap-2 mb-3\"><h1 "
                 "class=\"h3 mb-0\">");
    html_text(&h, w->name);
    HTML_LIT(&h, "</h1>");
    if (can_write) {
        group_path(href, w->id, "/edit");
        html_link(&h, href, "Edit", "btn btn-primary ms-auto");
    }
    HTML_LIT(&h, "</div><dl class=\"row bg-white p-3 rounded\" "
                 "id=\"details\">");
    if (*w->topic) {
        HTML_LIT(&h, "<dt class=\"col-sm-3\">Topic</dt><dd "
                     "class=\"col-sm-9\">");
        html_text(&h, w->topic);
        HTML_LIT(&h, "</dd>");
    }
    HTML_LIT(&h, "<dt class=\"col-sm-3\">Coordinator</dt><dd "
                 "class=\"col-sm-9\">");
    if (*w->coordinator_name)
        html_text(&h, w->coordinator_name);
    else
        HTML_LIT(&h, "<span class=\"text-muted\">none</span>");
    HTML_LIT(&h, "</dd></dl>");
    if (*w->description) {
        HTML_LIT(&h, "<div class=\"bg-white p-3 rounded mb-3\">");
        event_paragraphs(&h, w->description);
        HTML_LIT(&h, "</div>");
    }
    HTML_LIT(&h, "<div class=\"row\"><div class=\"col-lg-7\"><h2 "
                 "class=\"h5\">Members</h2>");
    members_table(&h, w, &members, can_write);
    if (can_write && !w->archived)
        add_member_block(&h, r, w, typed, fe);
    HTML_LIT(&h, "</div><div class=\"col-lg-5\"><div class=\"d-flex "
                 "align-items-center mb-2\"><h2 class=\"h5 mb-0\">Meetings"
                 "</h2>");
    if (can_write && !w->archived) {
        snprintf(href, sizeof(href),
                 "/events/new?kind=working_group&working_group_id=%" PRId64,
                 w->id);
        html_link(&h, href, "New meeting", "btn btn-sm btn-success ms-auto");
    }
    HTML_LIT(&h, "</div>");
    meetings_table(&h, &meetings);
    HTML_LIT(&h, "</div></div><p class=\"small\"><a href=\"/working-groups\">"
                 "All working groups</a></p>");
    layout_end(&h);
    resp_html(rs, status, &h);
out:
    group_member_list_release(&members);
    event_list_release(&meetings);
}

void
page_groups_show(struct req *r, struct resp *rs)
{
    struct working_group w;
    working_group_init(&w);
    if (load_group(r, rs, &w))
        group_page(r, rs, 200, &w, NULL, NULL);
    working_group_release(&w);
}

void
page_groups_member_add(struct req *r, struct resp *rs)
{
    struct working_group w;
    struct group_member m;
    struct form_errors fe = { .n = 0 };
    struct err err = ERR_INIT;
    working_group_init(&w);
    memset(&m, 0, sizeof(m));
    if (!load_group(r, rs, &w))
        goto out;
    struct member_form typed = { field_or_empty(r, "organisation_id"),
                                 field_or_empty(r, "contact_id"),
                                 field_or_empty(r, "joined_on") };
    m.working_group_id = w.id;
    if (params_id(typed.organisation_id, &m.organisation_id)) {
        err_set(&err, ERR_INVALID, "organisation_id",
                "Choose the organisation to add.");
        form_errors_add(&fe, &err);
        err_clear(&err);
    }
    if (*typed.contact_id && params_id(typed.contact_id, &m.contact_id)) {
        err_set(&err, ERR_INVALID, "contact_id",
                "Choose a contact of the list.");
        form_errors_add(&fe, &err);
        err_clear(&err);
    }
    struct date d;
    if (*typed.joined_on &&
        date_parse(typed.joined_on, (int)strlen(typed.joined_on), &d)) {
        err_set(&err, ERR_INVALID, "joined_on",
                "The day of joining must be a date like 2026-03-31.");
        form_errors_add(&fe, &err);
        err_clear(&err);
    } else if (*typed.joined_on) {
        date_format(d, m.joined_on);
    }
    if (!fe.n &&
        group_member_store_add(r->store, &r->scope, &m, event_today(r), &err)) {
        if (err.code != ERR_INVALID && err.code != ERR_CONFLICT) {
            layout_error_page(r, rs, &err);
            goto out;
        }
        if (!err.field[0])
            snprintf(err.field, sizeof(err.field), "%s", "contact_id");
        form_errors_add(&fe, &err);
    }
    if (fe.n) {
        int status = 422;
        for (size_t i = 0; i < fe.n; i++)
            if (fe.items[i].code == ERR_CONFLICT)
                status = 409;
        group_page(r, rs, status, &w, &typed, &fe);
        goto out;
    }
    char loc[96];
    group_path(loc, w.id, "?msg=member-added");
    resp_redirect(rs, loc);
out:
    free(m.organisation_name);
    free(m.contact_name);
    free(m.group_name);
    working_group_release(&w);
}

/* Finds member r->ids[1] of group r->ids[0] in its list; false when it
 * has answered. */
static bool
load_member(struct req *r, struct resp *rs, struct working_group *w,
            struct group_member_list *members, const struct group_member **m)
{
    struct err err = ERR_INIT;
    if (!load_group(r, rs, w))
        return false;
    if (group_member_store_list(r->store, r->scope.cluster_id, w->id,
                                event_today(r), members, &err)) {
        layout_error_page(r, rs, &err);
        return false;
    }
    *m = NULL;
    for (size_t i = 0; i < members->n; i++)
        if (members->items[i].id == r->ids[1])
            *m = &members->items[i];
    if (!*m)
        layout_not_found(r, rs);
    return *m != NULL;
}

void
page_groups_member_remove_confirm(struct req *r, struct resp *rs)
{
    struct working_group w;
    struct group_member_list members = { 0 };
    const struct group_member *m = NULL;
    working_group_init(&w);
    if (!load_member(r, rs, &w, &members, &m))
        goto out;
    char action[128], back[96];
    snprintf(action, sizeof(action),
             "/working-groups/%" PRId64 "/members/%" PRId64 "/remove", w.id,
             m->id);
    group_path(back, w.id, "");
    struct html h = { BUF_INIT };
    layout_begin(&h, r, "Remove member", NAV_GROUPS);
    HTML_LIT(&h, "<div class=\"card\" style=\"max-width:40rem\"><div "
                 "class=\"card-body\"><h1 class=\"h4\">Remove ");
    html_text(&h, m->organisation_name);
    if (m->contact_name && *m->contact_name) {
        HTML_LIT(&h, " (");
        html_text(&h, m->contact_name);
        HTML_LIT(&h, ")");
    }
    HTML_LIT(&h, " from ");
    html_text(&h, w.name);
    HTML_LIT(&h, "?</h1><p>Its registrations for past meetings stay; it "
                 "no longer counts as a member of the group.</p>");
    layout_post_button(&h, r, action, "Remove", "btn btn-danger");
    HTML_LIT(&h, " <a class=\"btn btn-link\"");
    html_attr(&h, "href", back);
    HTML_LIT(&h, ">Cancel</a></div></div>");
    layout_end(&h);
    resp_html(rs, 200, &h);
out:
    group_member_list_release(&members);
    working_group_release(&w);
}

void
page_groups_member_remove(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    enum store_rc rc = group_member_store_remove(r->store, &r->scope, r->ids[0],
                                                 r->ids[1], &err);
    if (!layout_found(r, rs, rc, &err))
        return;
    char loc[96];
    group_path(loc, r->ids[0], "?msg=member-removed");
    resp_redirect(rs, loc);
}
