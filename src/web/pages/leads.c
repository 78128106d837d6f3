/*
 * The leads: the list by stage (cold, warm, do not contact, members, all
 * leads) with search, owner, source and kind filters, sortable columns,
 * paging and export of the whole filtered list; the lead block of an
 * organisation's page and its form (source, owner, since, do not
 * contact). Stages are the store's, derived for r->today; nothing here
 * decides one.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mem.h"
#include "io/table.h"
#include "store/funnel_store.h"
#include "web/export.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/params.h"

static const char *const LIST_KEYS[] = { "stage", "q",    "owner", "source",
                                         "kind",  "sort", "page",  NULL };

static const char *const SORTS[LEAD_SORT__COUNT] = {
    [LEAD_SORT_NAME] = "name",
    [LEAD_SORT_STAGE] = "stage",
    [LEAD_SORT_WARM_UNTIL] = "warm_until",
    [LEAD_SORT_SINCE] = "since",
    [LEAD_SORT_SOURCE] = "source",
};

/* A day number of "YYYY-MM-DD", or -1. */
static int32_t
day_of(const char *s)
{
    struct date d;
    if (!s || date_parse(s, (int)strlen(s), &d))
        return -1;
    return date_to_days(d);
}

void
funnel_stage_badge(struct html *h, int stage)
{
    static const char *const CSS[LEAD__STAGE_COUNT] = {
        [LEAD_COLD] = "badge bg-info text-dark",
        [LEAD_WARM] = "badge bg-warning text-dark",
        [LEAD_MEMBER] = "badge bg-success",
        [LEAD_DO_NOT_CONTACT] = "badge bg-danger",
    };
    if (stage < 0 || stage >= LEAD__STAGE_COUNT)
        return;
    HTML_LIT(h, "<span");
    html_attr(h, "class", CSS[stage]);
    HTML_LIT(h, ">");
    html_text(h, lead_stage_label((enum lead_stage)stage));
    HTML_LIT(h, "</span>");
}

void
funnel_days_left(struct html *h, int days)
{
    if (days <= 0) {
        HTML_LIT(h, "last warm day");
        return;
    }
    html_int(h, days);
    if (days == 1)
        HTML_LIT(h, " day left");
    else
        HTML_LIT(h, " days left");
}

/* "warm until 2027-02-19 (12 days left)" of a warm lead. */
static void
warm_until_text(struct html *h, const struct lead *l, int32_t today)
{
    if (l->stage != LEAD_WARM || !*l->warm_until)
        return;
    HTML_LIT(h, " warm until ");
    html_text(h, l->warm_until);
    HTML_LIT(h, " (");
    funnel_days_left(h, (int)(day_of(l->warm_until) - today));
    HTML_LIT(h, ")");
}

/* ---- the filters ---- */

/* What the query asks for, read once for the list and its export. */
static int
lead_filter_from(const struct req *r, struct lead_filter *f, struct paging *p,
                 struct err *err)
{
    memset(f, 0, sizeof(*f));
    f->stage = -1;
    f->kind = -1;
    f->q = req_query(r, "q");
    f->source = req_query(r, "source");
    const char *stage = req_query(r, "stage");
    if (stage && *stage) {
        enum lead_stage s;
        if (lead_stage_parse(stage, &s))
            return err_set(err, ERR_INVALID, "stage",
                           "stage must be cold, warm, member or "
                           "do_not_contact.");
        f->stage = (int)s;
    }
    const char *owner = req_query(r, "owner");
    if (owner && *owner) {
        if (strcmp(owner, "none") == 0)
            f->owner_id = -1;
        else if (params_id(owner, &f->owner_id))
            return err_set(err, ERR_INVALID, "owner",
                           "owner must be a user's number or \"none\".");
    }
    const char *kind = req_query(r, "kind");
    if (kind && *kind) {
        enum org_kind k;
        if (org_kind_parse(kind, &k))
            return err_set(err, ERR_INVALID, "kind",
                           "kind is not a kind of organisation.");
        f->kind = (int)k;
    }
    const char *sort = req_query(r, "sort");
    f->sort = LEAD_SORT_NAME;
    if (sort && *sort) {
        int s = params_sort(sort, SORTS, LEAD_SORT__COUNT, &f->desc);
        if (s < 0)
            return err_set(err, ERR_INVALID, "sort",
                           "sort must be one of name, stage, warm_until, "
                           "since, source (with - for descending).");
        f->sort = (enum lead_sort)s;
    }
    if (params_paging(&r->query, p, err))
        return -1;
    f->offset = (p->page - 1) * p->per_page;
    f->limit = p->per_page;
    return 0;
}

struct users {
    struct user *items;
    size_t n;
};

static void
users_release(struct users *u)
{
    for (size_t i = 0; i < u->n; i++)
        user_release(&u->items[i]);
    free(u->items);
    u->items = NULL;
    u->n = 0;
}

static const char *
user_label(const struct user *u)
{
    return u->name && *u->name ? u->name : u->email;
}

/* A select of the cluster's users: first (v0, l0) and (v1, l1) when
 * given, then every user not disabled (or the one selected). */
static void
user_select(struct html *h, const char *name, const char *label,
            const struct users *u, const char *v0, const char *l0,
            const char *v1, const char *l1, const char *selected,
            const struct form_errors *fe)
{
    size_t cap = u->n + 2, n = 0;
    const char **values = xcalloc(cap, sizeof(*values));
    const char **labels = xcalloc(cap, sizeof(*labels));
    char(*ids)[24] = xcalloc(cap, sizeof(*ids));
    if (v0) {
        values[n] = v0;
        labels[n++] = l0;
    }
    if (v1) {
        values[n] = v1;
        labels[n++] = l1;
    }
    for (size_t i = 0; i < u->n; i++) {
        snprintf(ids[n], sizeof(ids[0]), "%" PRId64, u->items[i].id);
        if (u->items[i].disabled && !(selected && !strcmp(selected, ids[n])))
            continue;
        values[n] = ids[n];
        labels[n++] = user_label(&u->items[i]);
    }
    layout_select(h, name, label, values, labels, n, selected, fe);
    free(values);
    free(labels);
    free(ids);
}

static void
string_select(struct html *h, const char *name, const char *label,
              const char *any, char **items, size_t n, const char *selected)
{
    const char **values = xcalloc(n + 1, sizeof(*values));
    values[0] = "";
    for (size_t i = 0; i < n; i++)
        values[i + 1] = items[i];
    const char **labels = xcalloc(n + 1, sizeof(*labels));
    memcpy(labels, values, (n + 1) * sizeof(*labels));
    labels[0] = any;
    layout_select(h, name, label, values, labels, n + 1, selected, NULL);
    free(values);
    free(labels);
}

static void
list_filters(struct html *h, const struct req *r, const struct users *u,
             char **sources, size_t nsources)
{
    HTML_LIT(h, "<form class=\"filters row g-2 align-items-end mb-2\" "
                "method=\"get\" action=\"/leads\" role=\"search\">");
    const char *stage = req_query(r, "stage");
    if (stage && *stage) {
        HTML_LIT(h, "<input type=\"hidden\" name=\"stage\"");
        html_attr(h, "value", stage);
        HTML_LIT(h, ">");
    }
    HTML_LIT(h, "<div class=\"col-auto\">");
    layout_input(h, "search", "q", "Search", req_query(r, "q"), NULL, NULL);
    HTML_LIT(h, "</div><div class=\"col-auto\">");
    user_select(h, "owner", "Owner", u, "", "Any owner", "none", "No owner",
                req_query(r, "owner"), NULL);
    HTML_LIT(h, "</div><div class=\"col-auto\">");
    string_select(h, "source", "Source", "Any source", sources, nsources,
                  req_query(r, "source"));
    HTML_LIT(h, "</div><div class=\"col-auto\">");
    const char *kv[ORG_KIND__COUNT + 1], *kl[ORG_KIND__COUNT + 1];
    kv[0] = "";
    kl[0] = "Any kind";
    for (int k = 0; k < ORG_KIND__COUNT; k++) {
        kv[k + 1] = org_kind_name((enum org_kind)k);
        kl[k + 1] = org_kind_label((enum org_kind)k);
    }
    layout_select(h, "kind", "Kind", kv, kl, ORG_KIND__COUNT + 1,
                  req_query(r, "kind"), NULL);
    HTML_LIT(h, "</div><div class=\"col-auto mb-3\"><button "
                "class=\"btn btn-primary\" type=\"submit\">Filter</button> "
                "<a class=\"btn btn-link\"");
    const char *args[] = { "stage", stage, NULL };
    HTML_LIT(h, " href=\"");
    html_url(h, "/leads", args);
    HTML_LIT(h, "\">Clear</a></div></form>");
}

/* The stage tabs; each keeps the filters and drops sort and page. */
static void
stage_tabs(struct html *h, const struct req *r, int current)
{
    static const struct {
        const char *value;
        const char *label;
        int stage;
    } TABS[] = {
        { "", "All leads", -1 },
        { "cold", "Cold", LEAD_COLD },
        { "warm", "Warm", LEAD_WARM },
        { "do_not_contact", "Do not contact", LEAD_DO_NOT_CONTACT },
        { "member", "Members", LEAD_MEMBER },
    };
    HTML_LIT(h, "<ul class=\"nav nav-tabs mb-3\" id=\"stage-tabs\">");
    for (size_t i = 0; i < ARRAY_SIZE(TABS); i++) {
        const char *args[] = {
            "stage", TABS[i].value,         "q",      req_query(r, "q"),
            "owner", req_query(r, "owner"), "source", req_query(r, "source"),
            "kind",  req_query(r, "kind"),  NULL
        };
        HTML_LIT(h, "<li class=\"nav-item\"><a class=\"nav-link");
        if (TABS[i].stage == current)
            HTML_LIT(h, " active\" aria-current=\"page");
        HTML_LIT(h, "\" href=\"");
        html_url(h, "/leads", args);
        HTML_LIT(h, "\">");
        html_text(h, TABS[i].label);
        HTML_LIT(h, "</a></li>");
    }
    HTML_LIT(h, "</ul>");
}

static void
org_link(struct html *h, int64_t id, const char *text)
{
    char href[64];
    snprintf(href, sizeof(href), "/organisations/%" PRId64, id);
    HTML_LIT(h, "<a");
    html_attr(h, "href", href);
    HTML_LIT(h, ">");
    html_text(h, text);
    HTML_LIT(h, "</a>");
}

void
page_leads_list(struct req *r, struct resp *rs)
{
    struct lead_filter f;
    struct paging p;
    struct lead_list list = { 0 };
    struct users u = { 0 };
    char **sources = NULL;
    size_t nsources = 0;
    struct err err = ERR_INIT;
    int32_t today = day_of(r->today);
    if (lead_filter_from(r, &f, &p, &err) ||
        lead_store_list(r->store, r->scope.cluster_id, today, &f, &list,
                        &err) ||
        user_store_list(r->store, r->scope.cluster_id, &u.items, &u.n, &err) ||
        lead_store_sources(r->store, r->scope.cluster_id, &sources, &nsources,
                           &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    struct list_query lq;
    list_query_from(&lq, r, LIST_KEYS);
    struct html h = { BUF_INIT };
    layout_begin(&h, r, "Leads", NAV_LEADS);
    HTML_LIT(&h, "<div class=\"d-flex align-items-center gap-3 mb-3\">"
                 "<h1 class=\"h3 mb-0\">Leads</h1>"
                 "<a class=\"ms-auto\" href=\"/funnel\">Funnel board</a>"
                 "<a href=\"/funnel/report\">Monthly report</a>");
    if (role_can_write(r->who.role))
        HTML_LIT(&h, "<a href=\"/leads/import\">Import leads</a>"
                     "<a href=\"/activities/import\">Import activities</a>");
    HTML_LIT(&h, "</div>");
    layout_flash(&h, r);
    stage_tabs(&h, r, f.stage);
    list_filters(&h, r, &u, sources, nsources);
    HTML_LIT(&h, "<div class=\"d-flex align-items-center\">");
    layout_pager(&h, "/leads", &lq, p.page, p.per_page, list.total);
    HTML_LIT(&h, "<div class=\"ms-auto\">");
    layout_export_links(&h, "/leads/export", &lq);
    HTML_LIT(&h, "</div></div>");
    HTML_LIT(&h, "<table class=\"table table-hover bg-white\" id=\"leads\">"
                 "<thead><tr><th>");
    layout_sort_link(&h, "/leads", &lq, "name", "Name");
    HTML_LIT(&h, "</th><th>Kind</th><th>City</th><th>");
    layout_sort_link(&h, "/leads", &lq, "stage", "Stage");
    HTML_LIT(&h, "</th><th>");
    layout_sort_link(&h, "/leads", &lq, "warm_until", "Warm until");
    HTML_LIT(&h, "</th><th>Last signal</th><th>Last activity</th><th>");
    layout_sort_link(&h, "/leads", &lq, "source", "Source");
    HTML_LIT(&h, "</th><th>Owner</th><th>");
    layout_sort_link(&h, "/leads", &lq, "since", "Since");
    HTML_LIT(&h, "</th></tr></thead><tbody>");
    for (size_t i = 0; i < list.n; i++) {
        const struct lead *l = &list.items[i];
        HTML_LIT(&h, "<tr><td>");
        org_link(&h, l->organisation_id, l->name);
        HTML_LIT(&h, "</td><td>");
        if (l->kind >= 0 && l->kind < ORG_KIND__COUNT)
            html_text(&h, org_kind_label((enum org_kind)l->kind));
        HTML_LIT(&h, "</td><td>");
        html_text(&h, l->city);
        HTML_LIT(&h, "</td><td>");
        funnel_stage_badge(&h, (int)l->stage);
        HTML_LIT(&h, "</td><td class=\"text-nowrap\">");
        if (l->stage == LEAD_WARM && *l->warm_until) {
            html_text(&h, l->warm_until);
            HTML_LIT(&h, " <span class=\"text-muted\">(");
            funnel_days_left(&h, (int)(day_of(l->warm_until) - today));
            HTML_LIT(&h, ")</span>");
        }
        HTML_LIT(&h, "</td><td class=\"text-nowrap\">");
        html_text(&h, l->last_signal);
        HTML_LIT(&h, "</td><td class=\"text-nowrap\">");
        html_text(&h, l->last_activity);
        HTML_LIT(&h, "</td><td>");
        html_text(&h, l->source);
        HTML_LIT(&h, "</td><td>");
        html_text(&h, l->owner_name);
        HTML_LIT(&h, "</td><td class=\"text-nowrap\">");
        html_text(&h, l->since);
        HTML_LIT(&h, "</td></tr>");
    }
    if (!list.n)
        HTML_LIT(&h, "<tr><td colspan=\"10\" class=\"text-muted\">No leads "
                     "match.</td></tr>");
    HTML_LIT(&h, "</tbody></table>");
    layout_pager(&h, "/leads", &lq, p.page, p.per_page, list.total);
    layout_end(&h);
    resp_html(rs, 200, &h);
out:
    lead_list_release(&list);
    users_release(&u);
    store_strings_free(sources, nsources);
}

void
page_leads_export(struct req *r, struct resp *rs)
{
    static const char *const HEADERS[] = {
        "name",
        "kind",
        "city",
        "stage",
        "warm until",
        "last signal",
        "last activity",
        "source",
        "owner",
        "since",
        "do not contact since",
        "do not contact reason",
    };
    struct lead_filter f;
    struct paging p;
    struct lead_list list = { 0 };
    struct err err = ERR_INIT;
    if (lead_filter_from(r, &f, &p, &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    f.offset = 0;
    f.limit = -1;
    if (lead_store_list(r->store, r->scope.cluster_id, day_of(r->today), &f,
                        &list, &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    struct table *t = table_new(ARRAY_SIZE(HEADERS), HEADERS);
    for (size_t i = 0; i < list.n; i++) {
        const struct lead *l = &list.items[i];
        const char *kind = l->kind >= 0 && l->kind < ORG_KIND__COUNT
                               ? org_kind_name((enum org_kind)l->kind)
                               : "";
        const char *cells[] = {
            l->name,          kind,
            l->city,          lead_stage_name(l->stage),
            l->warm_until,    l->last_signal,
            l->last_activity, l->source,
            l->owner_name,    l->since,
            l->dnc_on,        l->dnc_reason,
        };
        table_add_row(t, cells);
    }
    char name[48];
    snprintf(name, sizeof(name), "leads%s%s", f.stage >= 0 ? "-" : "",
             f.stage >= 0 ? lead_stage_name((enum lead_stage)f.stage) : "");
    export_send(r, rs, t, name);
    table_free(t);
out:
    lead_list_release(&list);
}

/* ---- the lead block of an organisation's page ---- */

static void
detail(struct html *h, const char *label, const char *value)
{
    if (!value || !*value)
        return;
    HTML_LIT(h, "<dt class=\"col-sm-4\">");
    html_text(h, label);
    HTML_LIT(h, "</dt><dd class=\"col-sm-8\">");
    html_text(h, value);
    HTML_LIT(h, "</dd>");
}

void
funnel_lead_block(struct html *h, struct req *r, int64_t org_id)
{
    struct lead l;
    struct err err = ERR_INIT;
    int32_t today = day_of(r->today);
    lead_init(&l);
    HTML_LIT(h, "<section id=\"lead\" class=\"mt-4\">"
                "<div class=\"d-flex align-items-center gap-2 mb-2\">"
                "<h2 class=\"h5 mb-0\">Lead</h2>");
    enum store_rc rc =
        lead_store_get(r->store, r->scope.cluster_id, org_id, today, &l, &err);
    if (rc != STORE_ONE) {
        HTML_LIT(h, "</div><div class=\"alert alert-danger\">");
        html_text(h, rc == STORE_NONE ? "This organisation has no lead record."
                                      : err.msg);
        HTML_LIT(h, "</div></section>");
        goto out;
    }
    HTML_LIT(h, "<div id=\"lead-stage\">");
    funnel_stage_badge(h, (int)l.stage);
    warm_until_text(h, &l, today);
    HTML_LIT(h, "</div>");
    if (role_can_write(r->who.role)) {
        char href[64];
        snprintf(href, sizeof(href), "/organisations/%" PRId64 "/lead", org_id);
        HTML_LIT(h, "<a class=\"btn btn-sm btn-outline-primary ms-auto\"");
        html_attr(h, "href", href);
        HTML_LIT(h, ">Edit lead</a>");
    }
    HTML_LIT(h, "</div>");
    const char *msg = req_query(r, "msg");
    if (msg && strcmp(msg, "lead-saved") == 0)
        HTML_LIT(h, "<div class=\"alert alert-success\" role=\"status\">"
                    "The lead was saved.</div>");
    HTML_LIT(h, "<dl class=\"row bg-white p-3 rounded mb-0\">");
    detail(h, "Source", l.source);
    detail(h, "Owner", l.owner_name);
    detail(h, "In the base since", l.since);
    detail(h, "Last interest signal", l.last_signal);
    detail(h, "Last activity", l.last_activity);
    if (*l.dnc_on) {
        HTML_LIT(h, "<dt class=\"col-sm-4\">Do not contact</dt>"
                    "<dd class=\"col-sm-8\" id=\"do-not-contact\">since ");
        html_text(h, l.dnc_on);
        if (l.dnc_reason && *l.dnc_reason) {
            HTML_LIT(h, ": ");
            html_text(h, l.dnc_reason);
        }
        HTML_LIT(h, "</dd>");
    }
    HTML_LIT(h, "</dl></section>");
out:
    lead_release(&l);
}

/* ---- the lead form ---- */

struct lead_form {
    const char *source;
    const char *owner_id;
    const char *since;
    bool dnc;
    const char *dnc_on;
    const char *dnc_reason;
};

static void
lead_form_page(struct req *r, struct resp *rs, int status, const struct org *o,
               const struct lead_form *v, const struct form_errors *fe)
{
    struct users u = { 0 };
    char **sources = NULL;
    size_t nsources = 0;
    struct err err = ERR_INIT;
    if (user_store_list(r->store, r->scope.cluster_id, &u.items, &u.n, &err) ||
        lead_store_sources(r->store, r->scope.cluster_id, &sources, &nsources,
                           &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    char action[64], back[64];
    snprintf(action, sizeof(action), "/organisations/%" PRId64 "/lead", o->id);
    snprintf(back, sizeof(back), "/organisations/%" PRId64 "#lead", o->id);
    struct html h = { BUF_INIT };
    layout_begin(&h, r, "Edit lead", NAV_LEADS);
    HTML_LIT(&h, "<h1 class=\"h3 mb-3\">Lead: ");
    html_text(&h, o->name);
    HTML_LIT(&h, "</h1>");
    layout_error_summary(&h, fe);
    HTML_LIT(&h, "<form method=\"post\" class=\"bg-white p-4 rounded\" "
                 "id=\"lead-form\" novalidate");
    html_attr(&h, "action", action);
    HTML_LIT(&h, ">");
    layout_csrf(&h, r);
    HTML_LIT(&h, "<div class=\"row\"><div class=\"col-md-6\">");
    /* The source, with the sources in use offered as a datalist. */
    const char *serr = form_errors_for(fe, "source");
    HTML_LIT(&h, "<div class=\"mb-3\"><label class=\"form-label\" "
                 "for=\"source\">Source</label><input class=\"form-control");
    if (serr)
        HTML_LIT(&h, " is-invalid");
    HTML_LIT(&h, "\" type=\"text\" id=\"source\" name=\"source\" "
                 "list=\"lead-sources\"");
    if (serr)
        HTML_LIT(&h, " aria-invalid=\"true\" "
                     "aria-describedby=\"source-error\"");
    html_attr(&h, "value", v->source);
    HTML_LIT(&h, "><datalist id=\"lead-sources\">");
    for (size_t i = 0; i < nsources; i++) {
        HTML_LIT(&h, "<option");
        html_attr(&h, "value", sources[i]);
        HTML_LIT(&h, "></option>");
    }
    HTML_LIT(&h, "</datalist>");
    if (serr) {
        HTML_LIT(&h, "<div class=\"invalid-feedback d-block\" "
                     "id=\"source-error\">");
        html_text(&h, serr);
        HTML_LIT(&h, "</div>");
    } else {
        HTML_LIT(&h, "<div class=\"form-text\">How it came to the cluster: "
                     "a trade fair, a member's referral, ...</div>");
    }
    HTML_LIT(&h, "</div>");
    user_select(&h, "owner_id", "Owner", &u, "", "No owner", NULL, NULL,
                v->owner_id, fe);
    layout_input(&h, "date", "since", "In the base since", v->since, fe, NULL);
    HTML_LIT(&h, "</div><div class=\"col-md-6\"><h2 class=\"h6\">Do not "
                 "contact</h2>");
    layout_checkbox(&h, "dnc", "It asked not to be contacted", v->dnc);
    layout_input(&h, "date", "dnc_on", "Since", v->dnc_on, fe,
                 "Left empty: today.");
    layout_textarea(&h, "dnc_reason", "Reason", v->dnc_reason, fe);
    HTML_LIT(&h, "</div></div><button class=\"btn btn-primary\" "
                 "type=\"submit\">Save lead</button> <a class=\"btn "
                 "btn-link\"");
    html_attr(&h, "href", back);
    HTML_LIT(&h, ">Cancel</a></form>");
    layout_end(&h);
    resp_html(rs, status, &h);
out:
    users_release(&u);
    store_strings_free(sources, nsources);
}

/* Loads the route's organisation and its lead; false when answered. */
static bool
load_lead(struct req *r, struct resp *rs, struct org *o, struct lead *l)
{
    struct err err = ERR_INIT;
    if (!page_load_org(r, rs, o))
        return false;
    return layout_found(r, rs,
                        lead_store_get(r->store, r->scope.cluster_id, o->id,
                                       day_of(r->today), l, &err),
                        &err);
}

void
page_lead_edit(struct req *r, struct resp *rs)
{
    struct org o;
    struct lead l;
    org_init(&o);
    lead_init(&l);
    if (load_lead(r, rs, &o, &l)) {
        char owner[24] = "";
        if (l.owner_id)
            snprintf(owner, sizeof(owner), "%" PRId64, l.owner_id);
        struct lead_form v = { .source = l.source,
                               .owner_id = owner,
                               .since = l.since,
                               .dnc = *l.dnc_on != '\0',
                               .dnc_on = l.dnc_on,
                               .dnc_reason = l.dnc_reason };
        lead_form_page(r, rs, 200, &o, &v, NULL);
    }
    org_release(&o);
    lead_release(&l);
}

static void
add_error(struct form_errors *fe, const char *field, const char *msg)
{
    struct err err = ERR_INIT;
    err_set(&err, ERR_INVALID, field, "%s", msg);
    form_errors_add(fe, &err);
}

void
page_lead_update(struct req *r, struct resp *rs)
{
    struct org o;
    struct lead l;
    struct form_errors fe = { .n = 0 };
    struct err err = ERR_INIT;
    int32_t today = day_of(r->today);
    org_init(&o);
    lead_init(&l);
    if (!load_lead(r, rs, &o, &l))
        goto out;
    const char *s;
    struct lead_form v = {
        .source = (s = req_field(r, "source")) ? s : "",
        .owner_id = (s = req_field(r, "owner_id")) ? s : "",
        .since = (s = req_field(r, "since")) ? s : "",
        .dnc = form_flag(&r->body, "dnc"),
        .dnc_on = (s = req_field(r, "dnc_on")) ? s : "",
        .dnc_reason = (s = req_field(r, "dnc_reason")) ? s : "",
    };
    struct lead_update u;
    lead_update_init(&u);
    u.organisation_id = o.id;
    u.source = v.source;
    u.since = v.since;
    u.dnc = v.dnc ? 1 : 0;
    u.dnc_on = v.dnc_on;
    u.dnc_reason = v.dnc_reason;
    u.owner_id = 0;
    if (*v.owner_id && params_id(v.owner_id, &u.owner_id))
        add_error(&fe, "owner_id", "Choose a user of the cluster, or none.");
    int32_t since = day_of(v.since);
    if (since < 0 || since > today)
        add_error(&fe, "since",
                  "The day it entered the base must be a date such as "
                  "2026-03-31, not after today.");
    if (v.dnc && *v.dnc_on) {
        int32_t on = day_of(v.dnc_on);
        if (on < 0 || on > today)
            add_error(&fe, "dnc_on",
                      "The day it asked not to be contacted must be a date "
                      "such as 2026-03-31, not after today.");
    }
    if (!fe.n) {
        enum store_rc rc =
            lead_store_update(r->store, &r->scope, &u, today, &err);
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
        lead_form_page(r, rs, 422, &o, &v, &fe);
        goto out;
    }
    char loc[96];
    snprintf(loc, sizeof(loc), "/organisations/%" PRId64 "?msg=lead-saved#lead",
             o.id);
    resp_redirect(rs, loc);
out:
    org_release(&o);
    lead_release(&l);
}
