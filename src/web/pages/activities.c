/*
 * The activity timeline, the team's shared memory of an organisation:
 * the lead block and the timeline on the organisation's page (newest
 * first, 100 entries a page, with a quick entry form), logging an
 * activity from a contact, editing an entry and deleting it behind a
 * confirmation page. A form with faults is shown again as typed with each
 * error beside its field, and nothing is stored. Every record is looked
 * up in the user's cluster: another cluster's is a 404.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mem.h"
#include "store/funnel_store.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/params.h"

#define TIMELINE_PER_PAGE 100

/* A day number of "YYYY-MM-DD", or -1. */
static int32_t
day_of(const char *s)
{
    struct date d;
    if (!s || date_parse(s, (int)strlen(s), &d))
        return -1;
    return date_to_days(d);
}

/* The form's values as typed, so a wrong one is shown as it was. */
struct activity_form {
    const char *kind;
    const char *date;
    const char *contact_id;
    const char *text;
};

/* The organisation's current contacts, by name. */
static int
load_contacts(struct req *r, int64_t org_id, struct contact_list *out,
              struct err *err)
{
    struct contact_filter cf = { .organisation_id = org_id,
                                 .limit = -1,
                                 .sort = CONTACT_SORT_NAME };
    return contact_store_list(r->store, r->scope.cluster_id, &cf, out, err);
}

/*
 * The contact choices: none, then the organisation's contacts, then the
 * activity's own contact when it is no longer among them (archived), so
 * saving an old entry keeps it.
 */
struct choices {
    const char **values;
    const char **labels;
    char (*ids)[24];
    size_t n;
};

static void
contact_choices(struct choices *ch, const struct contact_list *cl,
                int64_t keep_id, const char *keep_name)
{
    size_t cap = cl->n + 2;
    ch->values = xcalloc(cap, sizeof(*ch->values));
    ch->labels = xcalloc(cap, sizeof(*ch->labels));
    ch->ids = xcalloc(cap, sizeof(*ch->ids));
    ch->n = 0;
    ch->values[ch->n] = "";
    ch->labels[ch->n++] = "No contact";
    bool kept = keep_id == 0;
    for (size_t i = 0; i < cl->n; i++) {
        snprintf(ch->ids[ch->n], sizeof(ch->ids[0]), "%" PRId64,
                 cl->items[i].id);
        ch->values[ch->n] = ch->ids[ch->n];
        ch->labels[ch->n++] = cl->items[i].name;
        if (cl->items[i].id == keep_id)
            kept = true;
    }
    if (!kept) {
        snprintf(ch->ids[ch->n], sizeof(ch->ids[0]), "%" PRId64, keep_id);
        ch->values[ch->n] = ch->ids[ch->n];
        ch->labels[ch->n++] =
            keep_name && *keep_name ? keep_name : "(archived)";
    }
}

static void
choices_release(struct choices *ch)
{
    free(ch->values);
    free(ch->labels);
    free(ch->ids);
}

static void
kind_choices(const char **values, const char **labels)
{
    for (int k = 0; k < ACTIVITY__COUNT; k++) {
        values[k] = activity_kind_name((enum activity_kind)k);
        labels[k] = activity_kind_label((enum activity_kind)k);
    }
}

/* Text with its line breaks kept. */
static void
text_lines(struct html *h, const char *s)
{
    while (s && *s) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        if (len && s[len - 1] == '\r')
            html_textn(h, s, len - 1);
        else
            html_textn(h, s, len);
        if (!nl)
            break;
        HTML_LIT(h, "<br>");
        s = nl + 1;
    }
}

/* A select of the quick entry form, with ids of its own ("activity-"
 * NAME) so that they cannot clash with other forms of the page. */
static void
quick_select(struct html *h, const char *name, const char *label,
             const char *const *values, const char *const *labels, size_t n,
             const char *selected)
{
    struct buf id = BUF_INIT;
    buf_addf(&id, "activity-%s", name);
    HTML_LIT(h, "<label class=\"form-label\"");
    html_attr(h, "for", id.s);
    HTML_LIT(h, ">");
    html_text(h, label);
    HTML_LIT(h, "</label><select class=\"form-select\"");
    html_attr(h, "id", id.s);
    html_attr(h, "name", name);
    HTML_LIT(h, ">");
    for (size_t i = 0; i < n; i++) {
        HTML_LIT(h, "<option");
        html_attr(h, "value", values[i]);
        if (selected && strcmp(selected, values[i]) == 0)
            HTML_LIT(h, " selected");
        HTML_LIT(h, ">");
        html_text(h, labels[i]);
        HTML_LIT(h, "</option>");
    }
    HTML_LIT(h, "</select>");
    buf_release(&id);
}

static void
quick_form(struct html *h, struct req *r, int64_t org_id,
           const struct contact_list *cl)
{
    char action[80];
    snprintf(action, sizeof(action), "/organisations/%" PRId64 "/activities",
             org_id);
    HTML_LIT(h, "<form method=\"post\" class=\"bg-white p-3 rounded row g-2 "
                "align-items-end mb-3\" id=\"log-activity\" novalidate");
    html_attr(h, "action", action);
    HTML_LIT(h, ">");
    layout_csrf(h, r);
    HTML_LIT(h, "<div class=\"col-md-3\">");
    const char *kv[ACTIVITY__COUNT], *kl[ACTIVITY__COUNT];
    kind_choices(kv, kl);
    quick_select(h, "kind", "Kind", kv, kl, ACTIVITY__COUNT, NULL);
    HTML_LIT(h,
             "</div><div class=\"col-md-2\"><label class=\"form-label\" "
             "for=\"activity-date\">Date</label><input class=\"form-control\""
             " type=\"date\" id=\"activity-date\" name=\"date\"");
    html_attr(h, "value", r->today);
    HTML_LIT(h, "></div><div class=\"col-md-3\">");
    struct choices ch;
    contact_choices(&ch, cl, 0, NULL);
    quick_select(h, "contact_id", "Contact", ch.values, ch.labels, ch.n, "");
    choices_release(&ch);
    HTML_LIT(h, "</div><div class=\"col-md-4\"><label class=\"form-label\" "
                "for=\"activity-text\">Text</label><textarea "
                "class=\"form-control\" rows=\"1\" id=\"activity-text\" "
                "name=\"text\"></textarea></div><div class=\"col-12\">"
                "<button type=\"submit\" class=\"btn btn-success\">Log "
                "activity</button></div></form>");
}

/* The messages after a redirect to the organisation's page. */
static void
timeline_flash(struct html *h, const struct req *r)
{
    static const struct {
        const char *code;
        const char *text;
    } FLASH[] = {
        { "activity-logged", "The activity was logged." },
        { "activity-saved", "The activity was saved." },
        { "activity-deleted", "The activity was deleted." },
    };
    const char *msg = req_query(r, "msg");
    for (size_t i = 0; msg && i < ARRAY_SIZE(FLASH); i++) {
        if (strcmp(msg, FLASH[i].code) == 0) {
            HTML_LIT(h, "<div class=\"alert alert-success\" role=\"status\">");
            html_text(h, FLASH[i].text);
            HTML_LIT(h, "</div>");
        }
    }
}

/* The address of a timeline page, of one contact's entries when
 * contact_id is set. */
static void
timeline_href(char out[128], int64_t org_id, int64_t contact_id, int64_t page)
{
    if (contact_id)
        snprintf(out, 128,
                 "/organisations/%" PRId64 "?contact=%" PRId64
                 "&timeline=%" PRId64 "#timeline",
                 org_id, contact_id, page);
    else
        snprintf(out, 128,
                 "/organisations/%" PRId64 "?timeline=%" PRId64 "#timeline",
                 org_id, page);
}

/* "Newer" and "Older" links of the timeline and where the page is. */
static void
timeline_pager(struct html *h, int64_t org_id, int64_t contact_id, int64_t page,
               int64_t total)
{
    int64_t pages = (total + TIMELINE_PER_PAGE - 1) / TIMELINE_PER_PAGE;
    if (pages <= 1)
        return;
    char href[128];
    HTML_LIT(h, "<nav class=\"d-flex align-items-center gap-3 my-2\" "
                "aria-label=\"Timeline pages\">");
    if (page > 1) {
        timeline_href(href, org_id, contact_id, page - 1);
        HTML_LIT(h, "<a rel=\"prev\"");
        html_attr(h, "href", href);
        HTML_LIT(h, ">‹ Newer</a>");
    }
    HTML_LIT(h, "<span class=\"text-muted\">Entries ");
    int64_t first = (page - 1) * TIMELINE_PER_PAGE + 1;
    int64_t last = page * TIMELINE_PER_PAGE;
    html_count(h, first <= total ? first : total);
    HTML_LIT(h, "–");
    html_count(h, last < total ? last : total);
    HTML_LIT(h, " of ");
    html_count(h, total);
    HTML_LIT(h, "</span>");
    if (page < pages) {
        timeline_href(href, org_id, contact_id, page + 1);
        HTML_LIT(h, "<a rel=\"next\"");
        html_attr(h, "href", href);
        HTML_LIT(h, ">Older ›</a>");
    }
    HTML_LIT(h, "</nav>");
}

/* Whose entries the timeline shows: the organisation's, or one of its
 * contacts' (a GET form, so it works for every role). */
static void
timeline_contact_filter(struct html *h, int64_t org_id,
                        const struct contact_list *contacts, int64_t contact_id)
{
    if (!contacts->n)
        return;
    char action[48], id[24];
    snprintf(action, sizeof(action), "/organisations/%" PRId64, org_id);
    HTML_LIT(h, "<form method=\"get\" class=\"d-flex gap-2 "
                "align-items-center mb-2\" id=\"timeline-filter\"");
    html_attr(h, "action", action);
    HTML_LIT(h, "><label class=\"form-label mb-0\" for=\"timeline-contact\">"
                "Show</label><select class=\"form-select form-select-sm "
                "w-auto\" id=\"timeline-contact\" name=\"contact\"><option "
                "value=\"\">Everyone at the organisation</option>");
    for (size_t i = 0; i < contacts->n; i++) {
        snprintf(id, sizeof(id), "%" PRId64, contacts->items[i].id);
        HTML_LIT(h, "<option");
        html_attr(h, "value", id);
        if (contacts->items[i].id == contact_id)
            HTML_LIT(h, " selected");
        HTML_LIT(h, ">");
        html_text(h, contacts->items[i].name);
        HTML_LIT(h, "</option>");
    }
    HTML_LIT(h, "</select><button class=\"btn btn-sm btn-outline-primary\" "
                "type=\"submit\">Show</button></form>");
}

static void
timeline_table(struct html *h, const struct activity_list *l, bool can_write)
{
    char href[64];
    HTML_LIT(h, "<table class=\"table table-sm bg-white\" id=\"activities\">"
                "<thead><tr><th>Date</th><th>Kind</th><th>Contact</th>"
                "<th>Author</th><th>Text</th><th></th></tr></thead><tbody>");
    for (size_t i = 0; i < l->n; i++) {
        const struct activity *a = &l->items[i];
        snprintf(href, sizeof(href), "activity-%" PRId64, a->id);
        HTML_LIT(h, "<tr");
        html_attr(h, "id", href);
        HTML_LIT(h, "><td class=\"text-nowrap\">");
        html_text(h, a->date);
        HTML_LIT(h, "</td><td>");
        html_text(h, activity_kind_label(a->kind));
        if (a->signal)
            HTML_LIT(h, " <span class=\"badge bg-warning text-dark\" "
                        "title=\"An interest signal: it warms the lead\">"
                        "signal</span>");
        HTML_LIT(h, "</td><td>");
        html_text(h, a->contact_name);
        HTML_LIT(h, "</td><td>");
        html_text(h, a->author);
        HTML_LIT(h, "</td><td class=\"text-break\">");
        text_lines(h, a->text);
        HTML_LIT(h, "</td><td class=\"text-end text-nowrap\">");
        if (can_write) {
            snprintf(href, sizeof(href), "/activities/%" PRId64 "/edit", a->id);
            HTML_LIT(h, "<a class=\"btn btn-sm btn-outline-primary\"");
            html_attr(h, "href", href);
            HTML_LIT(h, ">Edit</a> <a class=\"btn btn-sm "
                        "btn-outline-danger\"");
            snprintf(href, sizeof(href), "/activities/%" PRId64 "/delete",
                     a->id);
            html_attr(h, "href", href);
            HTML_LIT(h, ">Delete</a>");
        }
        HTML_LIT(h, "</td></tr>");
    }
    if (!l->n)
        HTML_LIT(h, "<tr><td colspan=\"6\" class=\"text-muted\">No activities "
                    "yet.</td></tr>");
    HTML_LIT(h, "</tbody></table>");
}

void
funnel_org_section(struct html *h, struct req *r, int64_t org_id)
{
    struct contact_list contacts = { 0 };
    struct activity_list list = { 0 };
    struct err err = ERR_INIT;
    bool can_write = role_can_write(r->who.role);
    int64_t page = 1, contact_id = 0;
    const char *tp = req_query(r, "timeline");
    if (tp && params_id(tp, &page))
        page = 1;
    const char *cp = req_query(r, "contact");
    if (cp && *cp && params_id(cp, &contact_id))
        contact_id = 0;
    if (page > 1000000)
        page = 1000000;
    funnel_lead_block(h, r, org_id);
    HTML_LIT(h, "<section id=\"timeline\" class=\"mt-4\">"
                "<h2 class=\"h5\">Timeline</h2>");
    timeline_flash(h, r);
    struct activity_filter f = { .organisation_id = org_id,
                                 .contact_id = contact_id,
                                 .kind = -1,
                                 .offset = (page - 1) * TIMELINE_PER_PAGE,
                                 .limit = TIMELINE_PER_PAGE };
    if (load_contacts(r, org_id, &contacts, &err) ||
        activity_store_list(r->store, r->scope.cluster_id, &f, &list, &err)) {
        HTML_LIT(h, "<div class=\"alert alert-danger\">");
        html_text(h, err.msg);
        HTML_LIT(h, "</div></section>");
        goto out;
    }
    if (can_write)
        quick_form(h, r, org_id, &contacts);
    timeline_contact_filter(h, org_id, &contacts, contact_id);
    timeline_pager(h, org_id, contact_id, page, list.total);
    timeline_table(h, &list, can_write);
    timeline_pager(h, org_id, contact_id, page, list.total);
    HTML_LIT(h, "</section>");
out:
    contact_list_release(&contacts);
    activity_list_release(&list);
}

void
funnel_contact_action(struct html *h, int64_t contact_id)
{
    char href[80];
    snprintf(href, sizeof(href), "/contacts/%" PRId64 "/activities/new",
             contact_id);
    HTML_LIT(h, "<a class=\"btn btn-sm btn-outline-success\"");
    html_attr(h, "href", href);
    HTML_LIT(h, ">Log activity</a> ");
}

/* ---- the form ---- */

struct form_page {
    const char *title;  /* "Log activity", "Edit activity" */
    const char *action; /* where the form posts */
    int64_t org_id;
    const char *org_name;
    int64_t keep_contact_id; /* the entry's own contact, kept as a choice */
    const char *keep_contact_name;
};

static void
activity_form_page(struct req *r, struct resp *rs, int status,
                   const struct form_page *fp, const struct contact_list *cl,
                   const struct activity_form *v, const struct form_errors *fe)
{
    struct html h = { BUF_INIT };
    char back[80];
    snprintf(back, sizeof(back), "/organisations/%" PRId64 "#timeline",
             fp->org_id);
    layout_begin(&h, r, fp->title, NAV_ORGS);
    HTML_LIT(&h, "<h1 class=\"h3 mb-3\">");
    html_text(&h, fp->title);
    HTML_LIT(&h, ": ");
    html_text(&h, fp->org_name);
    HTML_LIT(&h, "</h1>");
    layout_error_summary(&h, fe);
    HTML_LIT(&h, "<form method=\"post\" class=\"bg-white p-4 rounded\" "
                 "id=\"activity-form\" novalidate");
    html_attr(&h, "action", fp->action);
    HTML_LIT(&h, ">");
    layout_csrf(&h, r);
    HTML_LIT(&h, "<div class=\"row\"><div class=\"col-md-4\">");
    const char *kv[ACTIVITY__COUNT], *kl[ACTIVITY__COUNT];
    kind_choices(kv, kl);
    layout_select(&h, "kind", "Kind", kv, kl, ACTIVITY__COUNT, v->kind, fe);
    HTML_LIT(&h, "</div><div class=\"col-md-4\">");
    layout_input(&h, "date", "date", "Date", v->date, fe,
                 "The day it happened, not after today.");
    HTML_LIT(&h, "</div><div class=\"col-md-4\">");
    struct choices ch;
    contact_choices(&ch, cl, fp->keep_contact_id, fp->keep_contact_name);
    layout_select(&h, "contact_id", "Contact", ch.values, ch.labels, ch.n,
                  v->contact_id, fe);
    choices_release(&ch);
    HTML_LIT(&h, "</div></div>");
    layout_textarea(&h, "text", "Text", v->text, fe);
    HTML_LIT(&h, "<button class=\"btn btn-primary\" type=\"submit\">");
    html_text(&h, fp->title);
    HTML_LIT(&h, "</button> <a class=\"btn btn-link\"");
    html_attr(&h, "href", back);
    HTML_LIT(&h, ">Cancel</a></form>");
    layout_end(&h);
    resp_html(rs, status, &h);
}

static void
add_error(struct form_errors *fe, const char *field, const char *msg)
{
    struct err err = ERR_INIT;
    err_set(&err, ERR_INVALID, field, "%s", msg);
    form_errors_add(fe, &err);
}

/* The posted values, "" for an absent field. */
static void
form_values(const struct req *r, struct activity_form *v)
{
    const char *s;
    v->kind = (s = req_field(r, "kind")) ? s : "";
    v->date = (s = req_field(r, "date")) ? s : "";
    v->contact_id = (s = req_field(r, "contact_id")) ? s : "";
    v->text = (s = req_field(r, "text")) ? s : "";
}

/*
 * Reads v into a (kind, date, contact, text) and checks it with
 * activity_validate; faults go to fe beside their fields.
 */
static void
activity_from_form(const struct req *r, const struct activity_form *v,
                   struct activity *a, struct form_errors *fe)
{
    struct err err = ERR_INIT;
    if (activity_kind_parse(v->kind, &a->kind))
        add_error(fe, "kind", "Choose the kind of activity.");
    size_t len = strlen(v->date);
    if (len != 10) {
        add_error(fe, "date",
                  "The date must be a day such as 2026-03-31, not after "
                  "today.");
        a->date[0] = '\0';
    } else {
        memcpy(a->date, v->date, len + 1);
    }
    a->contact_id = 0;
    if (*v->contact_id && params_id(v->contact_id, &a->contact_id))
        add_error(fe, "contact_id",
                  "Choose one of the organisation's contacts, or none.");
    free(a->text);
    a->text = xstrdup(v->text);
    if (activity_validate(a, day_of(r->today), &err))
        form_errors_add(fe, &err);
}

/*
 * Creates the activity of the form for organisation o: on faults the form
 * again (422), else back to the organisation's timeline.
 */
static void
create_activity(struct req *r, struct resp *rs, const struct org *o,
                const char *action)
{
    struct activity a;
    struct activity_form v;
    struct form_errors fe = { .n = 0 };
    struct err err = ERR_INIT;
    struct contact_list contacts = { 0 };
    activity_init(&a);
    a.organisation_id = o->id;
    form_values(r, &v);
    activity_from_form(r, &v, &a, &fe);
    if (!fe.n && activity_store_create(r->store, &r->scope, &a,
                                       day_of(r->today), &err)) {
        if (err.code != ERR_INVALID) {
            layout_error_page(r, rs, &err);
            goto out;
        }
        form_errors_add(&fe, &err);
    }
    if (fe.n) {
        err_clear(&err);
        if (load_contacts(r, o->id, &contacts, &err)) {
            layout_error_page(r, rs, &err);
            goto out;
        }
        struct form_page fp = { .title = "Log activity",
                                .action = action,
                                .org_id = o->id,
                                .org_name = o->name };
        activity_form_page(r, rs, 422, &fp, &contacts, &v, &fe);
        goto out;
    }
    char loc[96];
    snprintf(loc, sizeof(loc),
             "/organisations/%" PRId64 "?msg=activity-logged#timeline", o->id);
    resp_redirect(rs, loc);
out:
    activity_release(&a);
    contact_list_release(&contacts);
}

void
page_activities_create(struct req *r, struct resp *rs)
{
    struct org o;
    org_init(&o);
    if (page_load_org(r, rs, &o)) {
        char action[80];
        snprintf(action, sizeof(action),
                 "/organisations/%" PRId64 "/activities", o.id);
        create_activity(r, rs, &o, action);
    }
    org_release(&o);
}

/* Loads the route's contact and its organisation; false when it has
 * answered (404 for another cluster's contact). */
static bool
load_contact_org(struct req *r, struct resp *rs, struct contact *c,
                 struct org *o)
{
    struct err err = ERR_INIT;
    if (!layout_found(r, rs,
                      contact_store_get(r->store, r->scope.cluster_id,
                                        r->ids[0], c, &err),
                      &err))
        return false;
    return layout_found(r, rs,
                        org_store_get(r->store, r->scope.cluster_id,
                                      c->organisation_id, o, &err),
                        &err);
}

void
page_contact_activity_new(struct req *r, struct resp *rs)
{
    struct contact c;
    struct org o;
    struct contact_list contacts = { 0 };
    struct err err = ERR_INIT;
    contact_init(&c);
    org_init(&o);
    if (!load_contact_org(r, rs, &c, &o))
        goto out;
    if (load_contacts(r, o.id, &contacts, &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    char action[80], contact_id[24];
    snprintf(action, sizeof(action), "/contacts/%" PRId64 "/activities/new",
             c.id);
    snprintf(contact_id, sizeof(contact_id), "%" PRId64, c.id);
    struct activity_form v = { .kind = activity_kind_name(ACTIVITY_CALL),
                               .date = r->today,
                               .contact_id = contact_id,
                               .text = "" };
    struct form_page fp = { .title = "Log activity",
                            .action = action,
                            .org_id = o.id,
                            .org_name = o.name,
                            .keep_contact_id = c.id,
                            .keep_contact_name = c.name };
    activity_form_page(r, rs, 200, &fp, &contacts, &v, NULL);
out:
    contact_release(&c);
    org_release(&o);
    contact_list_release(&contacts);
}

void
page_contact_activity_create(struct req *r, struct resp *rs)
{
    struct contact c;
    struct org o;
    contact_init(&c);
    org_init(&o);
    if (load_contact_org(r, rs, &c, &o)) {
        char action[80];
        snprintf(action, sizeof(action), "/contacts/%" PRId64 "/activities/new",
                 c.id);
        create_activity(r, rs, &o, action);
    }
    contact_release(&c);
    org_release(&o);
}

/* ---- edit and delete ---- */

static bool
load_activity(struct req *r, struct resp *rs, struct activity *a)
{
    struct err err = ERR_INIT;
    return layout_found(
        r, rs,
        activity_store_get(r->store, r->scope.cluster_id, r->ids[0], a, &err),
        &err);
}

static void
edit_page(struct req *r, struct resp *rs, int status, const struct activity *a,
          const struct activity_form *v, const struct form_errors *fe)
{
    struct contact_list contacts = { 0 };
    struct err err = ERR_INIT;
    if (load_contacts(r, a->organisation_id, &contacts, &err)) {
        layout_error_page(r, rs, &err);
    } else {
        char action[64];
        snprintf(action, sizeof(action), "/activities/%" PRId64 "/edit", a->id);
        struct form_page fp = { .title = "Edit activity",
                                .action = action,
                                .org_id = a->organisation_id,
                                .org_name = a->organisation_name,
                                .keep_contact_id = a->contact_id,
                                .keep_contact_name = a->contact_name };
        activity_form_page(r, rs, status, &fp, &contacts, v, fe);
    }
    contact_list_release(&contacts);
}

void
page_activities_edit(struct req *r, struct resp *rs)
{
    struct activity a;
    activity_init(&a);
    if (load_activity(r, rs, &a)) {
        char contact_id[24] = "";
        if (a.contact_id)
            snprintf(contact_id, sizeof(contact_id), "%" PRId64, a.contact_id);
        struct activity_form v = { .kind = activity_kind_name(a.kind),
                                   .date = a.date,
                                   .contact_id = contact_id,
                                   .text = a.text };
        edit_page(r, rs, 200, &a, &v, NULL);
    }
    activity_release(&a);
}

void
page_activities_update(struct req *r, struct resp *rs)
{
    struct activity a, stored;
    struct activity_form v;
    struct form_errors fe = { .n = 0 };
    struct err err = ERR_INIT;
    activity_init(&a);
    activity_init(&stored);
    if (!load_activity(r, rs, &stored))
        goto out;
    /* The form fills a copy: the page shown again names the stored
     * organisation and contact. */
    a.id = stored.id;
    a.organisation_id = stored.organisation_id;
    form_values(r, &v);
    activity_from_form(r, &v, &a, &fe);
    enum store_rc rc = STORE_ONE;
    if (!fe.n) {
        rc = activity_store_update(r->store, &r->scope, &a, day_of(r->today),
                                   &err);
        if (rc == STORE_NONE) {
            layout_not_found(r, rs);
            goto out;
        }
        if (rc == STORE_HARD) {
            if (err.code != ERR_INVALID) {
                layout_error_page(r, rs, &err);
                goto out;
            }
            form_errors_add(&fe, &err);
        }
    }
    if (fe.n) {
        edit_page(r, rs, 422, &stored, &v, &fe);
        goto out;
    }
    char loc[96];
    snprintf(loc, sizeof(loc),
             "/organisations/%" PRId64 "?msg=activity-saved#timeline",
             stored.organisation_id);
    resp_redirect(rs, loc);
out:
    activity_release(&a);
    activity_release(&stored);
}

void
page_activities_delete_confirm(struct req *r, struct resp *rs)
{
    struct activity a;
    activity_init(&a);
    if (!load_activity(r, rs, &a))
        goto out;
    char action[64], back[80];
    snprintf(action, sizeof(action), "/activities/%" PRId64 "/delete", a.id);
    snprintf(back, sizeof(back), "/organisations/%" PRId64 "#timeline",
             a.organisation_id);
    struct html h = { BUF_INIT };
    layout_begin(&h, r, "Delete activity", NAV_ORGS);
    HTML_LIT(&h, "<div class=\"card\"><div class=\"card-body\">"
                 "<h1 class=\"h4\">Delete this activity of ");
    html_text(&h, a.organisation_name);
    HTML_LIT(&h, "?</h1><dl class=\"row\"><dt class=\"col-sm-2\">Date</dt>"
                 "<dd class=\"col-sm-10\">");
    html_text(&h, a.date);
    HTML_LIT(&h,
             "</dd><dt class=\"col-sm-2\">Kind</dt><dd class=\"col-sm-10\">");
    html_text(&h, activity_kind_label(a.kind));
    HTML_LIT(&h, "</dd><dt class=\"col-sm-2\">Contact</dt>"
                 "<dd class=\"col-sm-10\">");
    html_text(&h, a.contact_name);
    HTML_LIT(&h, "</dd><dt class=\"col-sm-2\">Text</dt>"
                 "<dd class=\"col-sm-10\">");
    text_lines(&h, a.text);
    HTML_LIT(&h, "</dd></dl><p>It leaves the timeline for good.");
    if (a.signal)
        HTML_LIT(&h, " It is an interest signal: without it the lead may "
                     "be cold again.");
    HTML_LIT(&h, "</p>");
    layout_post_button(&h, r, action, "Delete", "btn btn-danger");
    HTML_LIT(&h, " <a class=\"btn btn-link\"");
    html_attr(&h, "href", back);
    HTML_LIT(&h, ">Cancel</a></div></div>");
    layout_end(&h);
    resp_html(rs, 200, &h);
out:
    activity_release(&a);
}

void
page_activities_delete(struct req *r, struct resp *rs)
{
    struct activity a;
    struct err err = ERR_INIT;
    activity_init(&a);
    if (!load_activity(r, rs, &a))
        goto out;
    if (!layout_found(r, rs,
                      activity_store_delete(r->store, &r->scope, a.id, &err),
                      &err))
        goto out;
    char loc[96];
    snprintf(loc, sizeof(loc),
             "/organisations/%" PRId64 "?msg=activity-deleted#timeline",
             a.organisation_id);
    resp_redirect(rs, loc);
out:
    activity_release(&a);
}
