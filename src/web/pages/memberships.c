/*
 * The membership pages: the list of the cluster's memberships (filters,
 * sort, paging, export) with applicants first and their approve and
 * decline buttons; the membership block of an organisation's page (the
 * current membership, its tier history, past memberships, associates'
 * services in kind) with the forms that change it; and the pages of each
 * change (add, approve, decline, change tier, end, record a service), a
 * form page whose faults are shown beside the fields with nothing
 * changed. Statuses are derived by the store for today; nothing here
 * stores one. Every lookup is scoped to the session's cluster, so another
 * cluster's membership is a 404.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mem.h"
#include "core/money.h"
#include "io/table.h"
#include "store/membership_store.h"
#include "web/export.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/params.h"

static const char *const LIST_KEYS[] = { "q",    "status", "tier", "history",
                                         "sort", "page",   NULL };
static const char *const SORTS[MEMBERSHIP_SORT__COUNT] = {
    [MEMBERSHIP_SORT_NAME] = "name",
    [MEMBERSHIP_SORT_TIER] = "tier",
    [MEMBERSHIP_SORT_JOINED] = "joined",
    [MEMBERSHIP_SORT_STATUS] = "status",
};

void
page_money_input(struct buf *out, int64_t minor, const char *currency)
{
    size_t start = out->len;
    money_format(out, minor, currency);
    /* The amount without its code, as money_parse takes it back. */
    char *space = strchr(out->s + start, ' ');
    if (space)
        buf_setlen(out, (size_t)(space - out->s));
}

static void
status_badge(struct html *h, enum member_status st)
{
    static const char *const CSS[MEMBER_STATUS__COUNT] = {
        [MEMBER_APPLICANT] = "badge bg-info text-dark status",
        [MEMBER_ACTIVE] = "badge bg-success status",
        [MEMBER_IN_GRACE] = "badge bg-warning text-dark status",
        [MEMBER_LAPSED] = "badge bg-danger status",
        [MEMBER_RESIGNED] = "badge bg-secondary status",
        [MEMBER_DECLINED] = "badge bg-dark status",
    };
    HTML_LIT(h, "<span");
    html_attr(h, "class",
              st < MEMBER_STATUS__COUNT ? CSS[st] : "badge bg-light status");
    html_attr(h, "data-status", member_status_name(st));
    HTML_LIT(h, ">");
    html_text(h, member_status_label(st));
    HTML_LIT(h, "</span>");
}

/* "YYYY-MM-DD" of a day number into out (11 bytes); "" for 0. */
static const char *
day_text(char out[11], int32_t day)
{
    out[0] = '\0';
    if (day)
        date_format(date_from_days(day), out);
    return out;
}

/* "/memberships/ID/suffix" into out (64 bytes). */
static void
membership_path(char out[64], int64_t id, const char *suffix)
{
    snprintf(out, 64, "/memberships/%" PRId64 "%s", id, suffix);
}

/* A POST form of one button, with a hidden back=list when asked. */
static void
post_button(struct html *h, const struct req *r, const char *action,
            const char *label, const char *css, bool back_to_list)
{
    HTML_LIT(h, "<form method=\"post\" class=\"d-inline\"");
    html_attr(h, "action", action);
    HTML_LIT(h, ">");
    layout_csrf(h, r);
    if (back_to_list)
        HTML_LIT(h, "<input type=\"hidden\" name=\"back\" value=\"list\">");
    HTML_LIT(h, "<button type=\"submit\"");
    html_attr(h, "class", css);
    HTML_LIT(h, ">");
    html_text(h, label);
    HTML_LIT(h, "</button></form>");
}

/* The active tiers and the cluster's settings a form needs. */
struct tier_choices {
    struct cluster_settings settings;
    struct tier *items;
    size_t n;
};

static int
tier_choices_load(const struct req *r, struct tier_choices *tc,
                  bool active_only, struct err *err)
{
    cluster_settings_init(&tc->settings);
    tc->items = NULL;
    tc->n = 0;
    if (settings_store_get(r->store, r->scope.cluster_id, &tc->settings, err) ||
        tier_store_list(r->store, r->scope.cluster_id, active_only, r->today,
                        &tc->items, &tc->n, err))
        return -1;
    return 0;
}

static void
tier_choices_release(struct tier_choices *tc)
{
    for (size_t i = 0; i < tc->n; i++)
        tier_release(&tc->items[i]);
    free(tc->items);
    cluster_settings_release(&tc->settings);
}

/*
 * A select of the tiers (all, or active ones but `skip`), labelled with
 * their fees; the first choice is "" when any_label is given.
 */
static void
tier_select(struct html *h, const char *name, const char *label,
            const struct tier_choices *tc, const char *any_label, int64_t skip,
            const char *selected, const struct form_errors *fe)
{
    size_t n = tc->n + 1;
    const char **values = xcalloc(n, sizeof(*values));
    const char **labels = xcalloc(n, sizeof(*labels));
    struct buf *texts = xcalloc(2 * n, sizeof(*texts));
    size_t k = 0;
    if (any_label) {
        values[k] = "";
        labels[k++] = any_label;
    }
    for (size_t i = 0; i < tc->n; i++) {
        const struct tier *t = &tc->items[i];
        if (t->id == skip)
            continue;
        struct buf *v = &texts[2 * i], *l = &texts[2 * i + 1];
        buf_addf(v, "%" PRId64, t->id);
        buf_adds(l, t->name);
        buf_adds(l, " – ");
        if (t->associate)
            buf_adds(l, "associate");
        else
            money_format(l, t->annual_fee, tc->settings.fees.currency);
        if (!t->active)
            buf_adds(l, " (inactive)");
        values[k] = v->s;
        labels[k++] = l->s;
    }
    layout_select(h, name, label, values, labels, k, selected, fe);
    for (size_t i = 0; i < 2 * n; i++)
        buf_release(&texts[i]);
    free(texts);
    free(values);
    free(labels);
}

/* ---- the list ---- */

static int
parse_list_filter(const struct req *r, struct membership_filter *f,
                  struct paging *p, struct err *err)
{
    memset(f, 0, sizeof(*f));
    f->status = -1;
    f->sort = MEMBERSHIP_SORT_STATUS;
    if (params_paging(&r->query, p, err))
        return -1;
    f->offset = (p->page - 1) * p->per_page;
    f->limit = p->per_page;
    const char *q = req_query(r, "q");
    f->q = q && *q ? q : NULL;
    const char *status = req_query(r, "status");
    if (status && *status) {
        for (int s = 0; s < MEMBER_STATUS__COUNT; s++)
            if (strcmp(status, member_status_name((enum member_status)s)) == 0)
                f->status = s;
        if (f->status < 0)
            return err_set(err, ERR_INVALID, "status",
                           "Unknown status: choose one from the list.");
    }
    const char *tier = req_query(r, "tier");
    if (tier && *tier && params_id(tier, &f->tier_id))
        return err_set(err, ERR_INVALID, "tier", "Unknown tier.");
    if (params_bool(&r->query, "history", false, &f->history, err))
        return -1;
    if (f->status == MEMBER_RESIGNED || f->status == MEMBER_DECLINED)
        f->history = true;
    const char *sort = req_query(r, "sort");
    if (sort && *sort) {
        bool found = false;
        f->desc = sort[0] == '-';
        for (int i = 0; i < MEMBERSHIP_SORT__COUNT; i++) {
            if (strcmp(sort + (f->desc ? 1 : 0), SORTS[i]) == 0) {
                f->sort = (enum membership_sort)i;
                found = true;
            }
        }
        if (!found)
            return err_set(err, ERR_INVALID, "sort",
                           "Unknown sort: use name, tier, joined or status.");
    }
    return 0;
}

static void
list_filters(struct html *h, const struct req *r, const struct tier_choices *tc,
             bool history)
{
    HTML_LIT(h, "<form class=\"filters row g-2 align-items-end mb-2\" "
                "method=\"get\" action=\"/memberships\" role=\"search\">"
                "<div class=\"col-auto\">");
    layout_input(h, "search", "q", "Search", req_query(r, "q"), NULL, NULL);
    HTML_LIT(h, "</div><div class=\"col-auto\">");
    const char *values[MEMBER_STATUS__COUNT + 1],
        *labels[MEMBER_STATUS__COUNT + 1];
    values[0] = "";
    labels[0] = "Any status";
    for (int s = 0; s < MEMBER_STATUS__COUNT; s++) {
        values[s + 1] = member_status_name((enum member_status)s);
        labels[s + 1] = member_status_label((enum member_status)s);
    }
    layout_select(h, "status", "Status", values, labels,
                  MEMBER_STATUS__COUNT + 1, req_query(r, "status"), NULL);
    HTML_LIT(h, "</div><div class=\"col-auto\">");
    tier_select(h, "tier", "Tier", tc, "Any tier", 0, req_query(r, "tier"),
                NULL);
    HTML_LIT(h, "</div><div class=\"col-auto\">");
    layout_checkbox(h, "history", "Also ended and declined", history);
    HTML_LIT(h, "</div><div class=\"col-auto mb-3\"><button class=\"btn "
                "btn-primary\" type=\"submit\">Filter</button> <a "
                "class=\"btn btn-link\" href=\"/memberships\">Clear</a></div>"
                "</form>");
}

void
page_memberships_list(struct req *r, struct resp *rs)
{
    struct membership_filter f;
    struct paging p;
    struct membership_list list = { 0 };
    struct membership_list waiting = { 0 };
    struct tier_choices tc = { 0 };
    struct err err = ERR_INIT;
    if (parse_list_filter(r, &f, &p, &err) ||
        tier_choices_load(r, &tc, false, &err) ||
        membership_store_list(r->store, r->scope.cluster_id, &f, r->today,
                              &list, &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    struct membership_filter wf = { .status = MEMBER_APPLICANT,
                                    .sort = MEMBERSHIP_SORT_NAME,
                                    .limit = 0 };
    if (membership_store_list(r->store, r->scope.cluster_id, &wf, r->today,
                              &waiting, &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    bool can_write = role_can_write(r->who.role);
    struct list_query lq;
    list_query_from(&lq, r, LIST_KEYS);
    struct html h = { BUF_INIT };
    layout_begin(&h, r, "Members", NAV_MEMBERS);
    HTML_LIT(&h, "<div class=\"d-flex align-items-center gap-3 mb-3\">"
                 "<h1 class=\"h3 mb-0\">Members</h1><a class=\"ms-auto\" "
                 "href=\"/settings/tiers\">Tiers</a></div>");
    layout_flash(&h, r);
    if (waiting.total > 0 && f.status != MEMBER_APPLICANT) {
        HTML_LIT(&h, "<div class=\"alert alert-info\" id=\"waiting\">");
        html_count(&h, waiting.total);
        if (waiting.total == 1)
            HTML_LIT(&h, " application is");
        else
            HTML_LIT(&h, " applications are");
        HTML_LIT(&h, " waiting for a decision. <a "
                     "href=\"/memberships?status=applicant\">Show them</a>"
                     "</div>");
    }
    list_filters(&h, r, &tc, f.history);
    HTML_LIT(&h, "<div class=\"d-flex align-items-center\">");
    layout_pager(&h, "/memberships", &lq, p.page, p.per_page, list.total);
    HTML_LIT(&h, "<div class=\"ms-auto\">");
    layout_export_links(&h, "/memberships/export", &lq);
    HTML_LIT(&h, "</div></div>");
    HTML_LIT(&h, "<table class=\"table table-hover bg-white\" "
                 "id=\"memberships\"><thead><tr><th>");
    layout_sort_link(&h, "/memberships", &lq, "name", "Organisation");
    HTML_LIT(&h, "</th><th>Kind</th><th>");
    layout_sort_link(&h, "/memberships", &lq, "tier", "Tier");
    HTML_LIT(&h, "</th><th>");
    layout_sort_link(&h, "/memberships", &lq, "status", "Status");
    HTML_LIT(&h, "</th><th>Applied</th><th>");
    layout_sort_link(&h, "/memberships", &lq, "joined", "Joined");
    HTML_LIT(&h, "</th><th>Ended</th><th>Unpaid since</th><th></th></tr>"
                 "</thead><tbody>");
    for (size_t i = 0; i < list.n; i++) {
        const struct membership_row *row = &list.items[i];
        const struct membership *m = &row->m;
        char href[64], day[11];
        snprintf(href, sizeof(href), "/organisations/%" PRId64,
                 m->organisation_id);
        HTML_LIT(&h, "<tr><td>");
        html_link(&h, href, m->org_name, NULL);
        HTML_LIT(&h, "</td><td>");
        html_text(&h, org_kind_label(m->org_kind));
        HTML_LIT(&h, "</td><td>");
        html_text(&h, m->tier_name);
        HTML_LIT(&h, "</td><td>");
        status_badge(&h, row->status);
        HTML_LIT(&h, "</td><td>");
        html_text(&h, m->applied_on);
        HTML_LIT(&h, "</td><td>");
        html_text(&h, m->joined_on);
        HTML_LIT(&h, "</td><td>");
        html_text(&h, *m->ended_on ? m->ended_on : m->declined_on);
        HTML_LIT(&h, "</td><td>");
        html_text(&h, day_text(day, row->unpaid_since));
        HTML_LIT(&h, "</td><td class=\"text-end text-nowrap\">");
        if (can_write && row->status == MEMBER_APPLICANT && !*m->joined_on) {
            membership_path(href, m->id, "/approve");
            post_button(&h, r, href, "Approve", "btn btn-sm btn-success", true);
            membership_path(href, m->id, "/decline?back=list");
            HTML_LIT(&h, " ");
            html_link(&h, href, "Decline", "btn btn-sm btn-outline-danger");
        }
        HTML_LIT(&h, "</td></tr>");
    }
    if (!list.n)
        HTML_LIT(&h, "<tr><td colspan=\"9\" class=\"text-muted\">No "
                     "memberships match.</td></tr>");
    HTML_LIT(&h, "</tbody></table>");
    layout_pager(&h, "/memberships", &lq, p.page, p.per_page, list.total);
    layout_end(&h);
    resp_html(rs, 200, &h);
out:
    membership_list_release(&list);
    membership_list_release(&waiting);
    tier_choices_release(&tc);
}

void
page_memberships_export(struct req *r, struct resp *rs)
{
    static const char *const HEADERS[] = {
        "organisation", "kind",         "tier",   "annual fee", "currency",
        "status",       "applied",      "joined", "ended",      "declined",
        "end reason",   "unpaid since", "source",
    };
    struct membership_filter f;
    struct paging p;
    struct membership_list list = { 0 };
    struct cluster_settings c;
    struct err err = ERR_INIT;
    cluster_settings_init(&c);
    if (parse_list_filter(r, &f, &p, &err) ||
        settings_store_get(r->store, r->scope.cluster_id, &c, &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    f.offset = 0;
    f.limit = -1;
    if (membership_store_list(r->store, r->scope.cluster_id, &f, r->today,
                              &list, &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    struct table *t = table_new(ARRAY_SIZE(HEADERS), HEADERS);
    struct buf fee = BUF_INIT;
    for (size_t i = 0; i < list.n; i++) {
        const struct membership_row *row = &list.items[i];
        const struct membership *m = &row->m;
        char day[11];
        buf_reset(&fee);
        page_money_input(&fee, m->annual_fee, c.fees.currency);
        const char *cells[] = {
            m->org_name,
            org_kind_name(m->org_kind),
            m->tier_name,
            fee.s,
            c.fees.currency,
            member_status_name(row->status),
            m->applied_on,
            m->joined_on,
            m->ended_on,
            m->declined_on,
            m->end_reason,
            day_text(day, row->unpaid_since),
            m->source == MEMBERSHIP_APPLICATION ? "application" : "staff",
        };
        table_add_row(t, cells);
    }
    export_send(r, rs, t, "memberships");
    buf_release(&fee);
    table_free(t);
out:
    membership_list_release(&list);
    cluster_settings_release(&c);
}

/* ---- one membership's changes ---- */

/*
 * Loads the membership of the route's id; false when it has answered
 * (404 for an absent one or another cluster's).
 */
static bool
load_membership(struct req *r, struct resp *rs, struct membership_row *row)
{
    struct err err = ERR_INIT;
    membership_init(&row->m);
    return layout_found(r, rs,
                        membership_store_get(r->store, r->scope.cluster_id,
                                             r->ids[0], r->today, row, &err),
                        &err);
}

/* Where to go after a change: the list when the form said so, else the
 * organisation's page. */
static void
redirect_after(struct req *r, struct resp *rs, int64_t org_id, const char *msg)
{
    char loc[96];
    const char *back = req_field(r, "back");
    if (back && strcmp(back, "list") == 0)
        snprintf(loc, sizeof(loc), "/memberships?msg=%s", msg);
    else
        snprintf(loc, sizeof(loc),
                 "/organisations/%" PRId64 "?msg=%s#membership", org_id, msg);
    resp_redirect(rs, loc);
}

/* The head of a change's page: title, the membership in one line. */
static void
change_page_begin(struct html *h, const struct req *r, const char *title,
                  const struct membership_row *row)
{
    layout_begin(h, r, title, NAV_MEMBERS);
    HTML_LIT(h, "<div class=\"card change\"><div class=\"card-body\">"
                "<h1 class=\"h4\">");
    html_text(h, title);
    HTML_LIT(h, "</h1><p>");
    char href[64];
    snprintf(href, sizeof(href), "/organisations/%" PRId64,
             row->m.organisation_id);
    html_link(h, href, row->m.org_name, NULL);
    HTML_LIT(h, " · ");
    html_text(h, row->m.tier_name);
    HTML_LIT(h, " ");
    status_badge(h, row->status);
    HTML_LIT(h, "</p>");
}

static void
change_page_end(struct html *h, const struct membership_row *row,
                const char *submit, const char *css)
{
    char back[64];
    snprintf(back, sizeof(back), "/organisations/%" PRId64,
             row->m.organisation_id);
    HTML_LIT(h, "<button type=\"submit\"");
    html_attr(h, "class", css);
    HTML_LIT(h, ">");
    html_text(h, submit);
    HTML_LIT(h, "</button> ");
    html_link(h, back, "Cancel", "btn btn-link");
    HTML_LIT(h, "</form></div></div>");
    layout_end(h);
}

static void
change_form_open(struct html *h, const struct req *r, int64_t id,
                 const char *suffix, const struct form_errors *fe,
                 const char *problem)
{
    char action[64];
    membership_path(action, id, suffix);
    if (problem) {
        HTML_LIT(h, "<div class=\"alert alert-warning\" role=\"alert\" "
                    "id=\"problem\">");
        html_text(h, problem);
        HTML_LIT(h, "</div>");
    }
    layout_error_summary(h, fe);
    HTML_LIT(h, "<form method=\"post\" novalidate");
    html_attr(h, "action", action);
    HTML_LIT(h, ">");
    layout_csrf(h, r);
    const char *back = req_field(r, "back");
    if (!back)
        back = req_query(r, "back");
    if (back && strcmp(back, "list") == 0)
        HTML_LIT(h, "<input type=\"hidden\" name=\"back\" value=\"list\">");
}

/*
 * The answer to a store change that failed: a fault of a field or of the
 * membership's state is shown on the form again (fe), anything else is
 * the error page. Returns the status for the form, or 0 when answered.
 */
static int
change_failed(const struct req *r, struct resp *rs, enum store_rc rc,
              const struct err *err, struct form_errors *fe)
{
    if (rc == STORE_NONE) {
        layout_not_found(r, rs);
        return 0;
    }
    if (err->code != ERR_INVALID && err->code != ERR_CONFLICT) {
        layout_error_page(r, rs, err);
        return 0;
    }
    form_errors_add(fe, err);
    return err_http_status(err->code);
}

void
page_memberships_approve(struct req *r, struct resp *rs)
{
    struct membership_row row;
    struct err err = ERR_INIT;
    if (!load_membership(r, rs, &row))
        goto out;
    enum store_rc rc =
        membership_store_approve(r->store, &r->scope, row.m.id, r->today, &err);
    if (rc == STORE_ONE) {
        redirect_after(r, rs, row.m.organisation_id, "approved");
    } else if (rc == STORE_NONE) {
        layout_not_found(r, rs);
    } else {
        layout_error_page(r, rs, &err);
    }
out:
    membership_release(&row.m);
}

static void
decline_page(struct req *r, struct resp *rs, int status,
             const struct membership_row *row, const char *reason,
             const struct form_errors *fe)
{
    struct html h = { BUF_INIT };
    change_page_begin(&h, r, "Decline the application", row);
    change_form_open(&h, r, row->m.id, "/decline", fe, NULL);
    HTML_LIT(&h, "<p>The application stays in the history as declined; the "
                 "organisation stays in the register.</p>");
    layout_textarea(&h, "end_reason", "Reason (kept with the membership)",
                    reason, fe);
    change_page_end(&h, row, "Decline", "btn btn-danger");
    resp_html(rs, status, &h);
}

void
page_memberships_decline_confirm(struct req *r, struct resp *rs)
{
    struct membership_row row;
    if (load_membership(r, rs, &row))
        decline_page(r, rs, 200, &row, "", NULL);
    membership_release(&row.m);
}

void
page_memberships_decline(struct req *r, struct resp *rs)
{
    struct membership_row row;
    struct form_errors fe = { .n = 0 };
    struct err err = ERR_INIT;
    if (!load_membership(r, rs, &row))
        goto out;
    const char *reason = req_field(r, "end_reason");
    enum store_rc rc = membership_store_decline(
        r->store, &r->scope, row.m.id, r->today, reason ? reason : "", &err);
    if (rc == STORE_ONE) {
        redirect_after(r, rs, row.m.organisation_id, "declined");
        goto out;
    }
    int status = change_failed(r, rs, rc, &err, &fe);
    if (status)
        decline_page(r, rs, status, &row, reason ? reason : "", &fe);
out:
    membership_release(&row.m);
}

static void
end_page(struct req *r, struct resp *rs, int status,
         const struct membership_row *row, const char *on, const char *reason,
         const struct form_errors *fe)
{
    struct html h = { BUF_INIT };
    change_page_begin(&h, r, "End the membership", row);
    change_form_open(&h, r, row->m.id, "/end", fe, NULL);
    HTML_LIT(&h, "<p>The organisation stops being a member from this day. "
                 "The membership and its invoices stay in the history.</p>");
    layout_input(&h, "date", "ended_on", "First day no longer a member", on, fe,
                 NULL);
    layout_textarea(&h, "end_reason", "Reason for leaving", reason, fe);
    change_page_end(&h, row, "End membership", "btn btn-danger");
    resp_html(rs, status, &h);
}

void
page_memberships_end_confirm(struct req *r, struct resp *rs)
{
    struct membership_row row;
    if (load_membership(r, rs, &row))
        end_page(r, rs, 200, &row, r->today, "", NULL);
    membership_release(&row.m);
}

static const char *
field_or_empty(const struct req *r, const char *name)
{
    const char *v = req_field(r, name);
    return v ? v : "";
}

/* A date typed into a form: "YYYY-MM-DD"; ERR_INVALID on field. */
static int
check_form_date(const char *s, const char *field, const char *label,
                struct form_errors *fe)
{
    struct date d;
    if (!date_parse(s, (int)strlen(s), &d))
        return 0;
    struct err err = ERR_INIT;
    err_set(&err, ERR_INVALID, field, "%s must be a date like 2027-01-31.",
            label);
    form_errors_add(fe, &err);
    return -1;
}

void
page_memberships_end(struct req *r, struct resp *rs)
{
    struct membership_row row;
    struct form_errors fe = { .n = 0 };
    struct err err = ERR_INIT;
    if (!load_membership(r, rs, &row))
        goto out;
    const char *on = field_or_empty(r, "ended_on");
    const char *reason = field_or_empty(r, "end_reason");
    int status = 422;
    if (!check_form_date(on, "ended_on", "The end date", &fe)) {
        enum store_rc rc = membership_store_end(r->store, &r->scope, row.m.id,
                                                on, reason, &err);
        if (rc == STORE_ONE) {
            redirect_after(r, rs, row.m.organisation_id, "membership-ended");
            goto out;
        }
        status = change_failed(r, rs, rc, &err, &fe);
    }
    if (status)
        end_page(r, rs, status, &row, on, reason, &fe);
out:
    membership_release(&row.m);
}

static void
tier_page(struct req *r, struct resp *rs, int status,
          const struct membership_row *row, const char *tier_id,
          const char *from, const struct form_errors *fe)
{
    struct tier_choices tc;
    struct err err = ERR_INIT;
    if (tier_choices_load(r, &tc, true, &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    struct html h = { BUF_INIT };
    change_page_begin(&h, r, "Change the tier", row);
    change_form_open(&h, r, row->m.id, "/tier", fe, NULL);
    tier_select(&h, "tier_id", "New tier", &tc, "Choose a tier", row->m.tier_id,
                tier_id, fe);
    layout_input(&h, "date", "valid_from", "From", from, fe,
                 "Invoices generated afterwards use the new tier's fee.");
    change_page_end(&h, row, "Change tier", "btn btn-primary");
    resp_html(rs, status, &h);
out:
    tier_choices_release(&tc);
}

void
page_memberships_tier_form(struct req *r, struct resp *rs)
{
    struct membership_row row;
    if (load_membership(r, rs, &row))
        tier_page(r, rs, 200, &row, "", r->today, NULL);
    membership_release(&row.m);
}

void
page_memberships_tier(struct req *r, struct resp *rs)
{
    struct membership_row row;
    struct form_errors fe = { .n = 0 };
    struct err err = ERR_INIT;
    if (!load_membership(r, rs, &row))
        goto out;
    const char *tier = field_or_empty(r, "tier_id");
    const char *from = field_or_empty(r, "valid_from");
    int64_t tier_id = 0;
    int status = 422;
    if (params_id(tier, &tier_id)) {
        err_set(&err, ERR_INVALID, "tier_id", "Choose the new tier.");
        form_errors_add(&fe, &err);
        err_clear(&err);
    }
    check_form_date(from, "valid_from", "The date of the change", &fe);
    if (!fe.n) {
        enum store_rc rc = membership_store_change_tier(
            r->store, &r->scope, row.m.id, tier_id, from, &err);
        if (rc == STORE_ONE) {
            redirect_after(r, rs, row.m.organisation_id, "tier-changed");
            goto out;
        }
        status = change_failed(r, rs, rc, &err, &fe);
    }
    if (status)
        tier_page(r, rs, status, &row, tier, from, &fe);
out:
    membership_release(&row.m);
}

static void
service_page(struct req *r, struct resp *rs, int status,
             const struct membership_row *row, const char *description,
             const char *value, const char *given_on,
             const struct form_errors *fe, const char *problem)
{
    struct html h = { BUF_INIT };
    change_page_begin(&h, r, "Record a service in kind", row);
    change_form_open(&h, r, row->m.id, "/services/new", fe, problem);
    layout_input(&h, "text", "description", "What was given", description, fe,
                 "People, contacts, premises for an event, ...");
    layout_input(&h, "text", "value", "Estimated value", value, fe,
                 "In the cluster's currency; 0 when unknown.");
    layout_input(&h, "date", "given_on", "Date", given_on, fe, NULL);
    change_page_end(&h, row, "Record service", "btn btn-primary");
    resp_html(rs, status, &h);
}

void
page_memberships_service_form(struct req *r, struct resp *rs)
{
    struct membership_row row;
    if (load_membership(r, rs, &row))
        service_page(r, rs, 200, &row, "", "", r->today, NULL, NULL);
    membership_release(&row.m);
}

void
page_memberships_service(struct req *r, struct resp *rs)
{
    struct membership_row row;
    struct service_in_kind s;
    struct cluster_settings c;
    struct form_errors fe = { .n = 0 };
    struct err err = ERR_INIT;
    service_in_kind_init(&s);
    cluster_settings_init(&c);
    if (!load_membership(r, rs, &row))
        goto out;
    if (settings_store_get(r->store, r->scope.cluster_id, &c, &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    const char *description = field_or_empty(r, "description");
    const char *value = field_or_empty(r, "value");
    const char *given_on = field_or_empty(r, "given_on");
    if (!row.m.associate) {
        service_page(r, rs, 409, &row, description, value, given_on, NULL,
                     "Services in kind are recorded for associate members; "
                     "this membership pays a fee.");
        goto out;
    }
    s.membership_id = row.m.id;
    org_set_str(&s.description, description);
    org_set_str(&s.given_on, given_on);
    if (*value &&
        money_parse(value, c.fees.currency, false, &s.value, "value", &err)) {
        form_errors_add(&fe, &err);
        err_clear(&err);
    }
    if (!fe.n && service_in_kind_validate(&s, r->today, &err)) {
        form_errors_add(&fe, &err);
        err_clear(&err);
    }
    int status = 422;
    if (!fe.n) {
        if (!service_store_add(r->store, &r->scope, &s, &err)) {
            redirect_after(r, rs, row.m.organisation_id, "service-recorded");
            goto out;
        }
        status = change_failed(r, rs, STORE_HARD, &err, &fe);
    }
    if (status)
        service_page(r, rs, status, &row, description, value, given_on, &fe,
                     NULL);
out:
    membership_release(&row.m);
    service_in_kind_release(&s);
    cluster_settings_release(&c);
}

/* ---- adding a membership to an organisation ---- */

static void
add_fields(struct html *h, const struct tier_choices *tc, const char *tier_id,
           const char *joined_on, bool applicant, const struct form_errors *fe)
{
    tier_select(h, "tier_id", "Tier", tc, "Choose a tier", 0, tier_id, fe);
    layout_input(h, "date", "joined_on", "Joined on", joined_on, fe,
                 "Ignored for an applicant.");
    layout_checkbox(h, "applicant", "Record as an applicant (to approve later)",
                    applicant);
}

static void
add_page(struct req *r, struct resp *rs, int status, const struct org *o,
         const char *tier_id, const char *joined_on, bool applicant,
         const struct form_errors *fe, const char *problem)
{
    struct tier_choices tc;
    struct err err = ERR_INIT;
    if (tier_choices_load(r, &tc, true, &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    char action[80], back[64];
    snprintf(action, sizeof(action),
             "/organisations/%" PRId64 "/memberships/new", o->id);
    snprintf(back, sizeof(back), "/organisations/%" PRId64, o->id);
    struct html h = { BUF_INIT };
    layout_begin(&h, r, "Add membership", NAV_MEMBERS);
    HTML_LIT(&h, "<div class=\"card change\"><div class=\"card-body\">"
                 "<h1 class=\"h4\">Add a membership of ");
    html_text(&h, o->name);
    HTML_LIT(&h, "</h1>");
    if (problem) {
        HTML_LIT(&h, "<div class=\"alert alert-warning\" role=\"alert\" "
                     "id=\"problem\">");
        html_text(&h, problem);
        HTML_LIT(&h, "</div>");
    }
    layout_error_summary(&h, fe);
    HTML_LIT(&h, "<form method=\"post\" novalidate");
    html_attr(&h, "action", action);
    HTML_LIT(&h, ">");
    layout_csrf(&h, r);
    add_fields(&h, &tc, tier_id, joined_on, applicant, fe);
    HTML_LIT(&h, "<button type=\"submit\" class=\"btn btn-success\">Add "
                 "membership</button> ");
    html_link(&h, back, "Cancel", "btn btn-link");
    HTML_LIT(&h, "</form></div></div>");
    layout_end(&h);
    resp_html(rs, status, &h);
out:
    tier_choices_release(&tc);
}

void
page_memberships_new(struct req *r, struct resp *rs)
{
    struct org o;
    org_init(&o);
    if (page_load_org(r, rs, &o))
        add_page(r, rs, 200, &o, "", r->today, false, NULL, NULL);
    org_release(&o);
}

void
page_memberships_create(struct req *r, struct resp *rs)
{
    struct org o;
    struct membership m;
    struct form_errors fe = { .n = 0 };
    struct err err = ERR_INIT;
    org_init(&o);
    membership_init(&m);
    if (!page_load_org(r, rs, &o))
        goto out;
    const char *tier = field_or_empty(r, "tier_id");
    const char *joined = field_or_empty(r, "joined_on");
    bool applicant = form_flag(&r->body, "applicant");
    m.organisation_id = o.id;
    m.source = MEMBERSHIP_STAFF;
    if (params_id(tier, &m.tier_id)) {
        err_set(&err, ERR_INVALID, "tier_id", "Choose a membership tier.");
        form_errors_add(&fe, &err);
        err_clear(&err);
    }
    if (applicant) {
        org_set_str(&m.applied_on, r->today);
    } else if (!*joined) {
        err_set(&err, ERR_INVALID, "joined_on",
                "Enter the joining date, or record an applicant.");
        form_errors_add(&fe, &err);
        err_clear(&err);
    } else {
        org_set_str(&m.joined_on, joined);
    }
    struct err rules[FORM_MAX_ERRORS];
    size_t n = membership_validate_all(&m, rules, FORM_MAX_ERRORS);
    for (size_t i = 0; i < n && i < FORM_MAX_ERRORS; i++)
        form_errors_add(&fe, &rules[i]);
    if (fe.n) {
        add_page(r, rs, 422, &o, tier, joined, applicant, &fe, NULL);
        goto out;
    }
    if (membership_store_create(r->store, &r->scope, &m, &err)) {
        if (err.code == ERR_CONFLICT) {
            add_page(r, rs, 409, &o, tier, joined, applicant, NULL,
                     "This organisation already has a membership that is "
                     "not over. End it (or decline the application) "
                     "first.");
        } else if (err.code == ERR_INVALID) {
            form_errors_add(&fe, &err);
            add_page(r, rs, 422, &o, tier, joined, applicant, &fe, NULL);
        } else {
            layout_error_page(r, rs, &err);
        }
        goto out;
    }
    char loc[96];
    snprintf(loc, sizeof(loc),
             "/organisations/%" PRId64 "?msg=membership-added#membership",
             o.id);
    resp_redirect(rs, loc);
out:
    org_release(&o);
    membership_release(&m);
}

/* ---- the block on an organisation's page ---- */

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

static void
tier_history(struct html *h, const struct req *r, const struct membership *m,
             const char *currency)
{
    struct tier_change *items = NULL;
    size_t n = 0;
    struct err err = ERR_INIT;
    if (membership_store_tiers(r->store, r->scope.cluster_id, m->id, &items, &n,
                               &err)) {
        HTML_LIT(h, "<p class=\"text-danger\">");
        html_text(h, err.msg);
        HTML_LIT(h, "</p>");
        return;
    }
    if (n > 1) {
        HTML_LIT(h, "<h3 class=\"h6\">Tier history</h3><table class=\"table "
                    "table-sm tier-history\"><thead><tr><th>From</th><th>Tier"
                    "</th><th class=\"text-end\">Annual fee</th></tr></thead>"
                    "<tbody>");
        for (size_t i = 0; i < n; i++) {
            struct buf fee = BUF_INIT;
            money_format(&fee, items[i].annual_fee, currency);
            HTML_LIT(h, "<tr><td>");
            html_text(h, items[i].valid_from);
            HTML_LIT(h, "</td><td>");
            html_text(h, items[i].tier_name);
            HTML_LIT(h, "</td><td class=\"text-end\">");
            html_text(h, fee.s);
            HTML_LIT(h, "</td></tr>");
            buf_release(&fee);
        }
        HTML_LIT(h, "</tbody></table>");
    }
    for (size_t i = 0; i < n; i++)
        tier_change_release(&items[i]);
    free(items);
}

static void
services_block(struct html *h, const struct req *r, const struct membership *m,
               const char *currency, bool can_add)
{
    struct service_in_kind *items = NULL;
    size_t n = 0;
    struct err err = ERR_INIT;
    HTML_LIT(h, "<h3 class=\"h6 mt-3\">Services in kind</h3>");
    if (service_store_list(r->store, r->scope.cluster_id, m->id, &items, &n,
                           &err)) {
        HTML_LIT(h, "<p class=\"text-danger\">");
        html_text(h, err.msg);
        HTML_LIT(h, "</p>");
        return;
    }
    HTML_LIT(h, "<table class=\"table table-sm services\"><thead><tr>"
                "<th>Date</th><th>What</th><th class=\"text-end\">Estimated "
                "value</th></tr></thead><tbody>");
    int64_t total = 0;
    for (size_t i = 0; i < n; i++) {
        struct buf v = BUF_INIT;
        money_format(&v, items[i].value, currency);
        total += items[i].value;
        HTML_LIT(h, "<tr><td>");
        html_text(h, items[i].given_on);
        HTML_LIT(h, "</td><td>");
        html_text(h, items[i].description);
        HTML_LIT(h, "</td><td class=\"text-end\">");
        html_text(h, v.s);
        HTML_LIT(h, "</td></tr>");
        buf_release(&v);
    }
    if (!n)
        HTML_LIT(h, "<tr><td colspan=\"3\" class=\"text-muted\">None "
                    "recorded yet.</td></tr>");
    HTML_LIT(h, "</tbody>");
    if (n) {
        struct buf v = BUF_INIT;
        money_format(&v, total, currency);
        HTML_LIT(h, "<tfoot><tr><th colspan=\"2\">Total</th><th "
                    "class=\"text-end\">");
        html_text(h, v.s);
        HTML_LIT(h, "</th></tr></tfoot>");
        buf_release(&v);
    }
    HTML_LIT(h, "</table>");
    for (size_t i = 0; i < n; i++)
        service_in_kind_release(&items[i]);
    free(items);
    if (!can_add)
        return;
    char action[64];
    membership_path(action, m->id, "/services/new");
    HTML_LIT(h, "<form method=\"post\" class=\"row g-2 align-items-end\" "
                "novalidate");
    html_attr(h, "action", action);
    HTML_LIT(h, ">");
    layout_csrf(h, r);
    HTML_LIT(h, "<div class=\"col-md-5\">");
    layout_input(h, "text", "description", "What was given", "", NULL, NULL);
    HTML_LIT(h, "</div><div class=\"col-md-3\">");
    layout_input(h, "text", "value", "Estimated value", "", NULL, NULL);
    HTML_LIT(h, "</div><div class=\"col-md-2\">");
    layout_input(h, "date", "given_on", "Date", r->today, NULL, NULL);
    HTML_LIT(h, "</div><div class=\"col-md-2 mb-3\"><button type=\"submit\" "
                "class=\"btn btn-outline-primary\">Record service in kind"
                "</button></div></form>");
}

/* The current membership: details, tier history, actions, services. */
static void
current_block(struct html *h, struct req *r, const struct membership_row *row,
              const struct tier_choices *tc, bool can_write)
{
    const struct membership *m = &row->m;
    const char *currency = tc->settings.fees.currency;
    char day[11], path[64];
    HTML_LIT(h, "<div class=\"bg-white p-3 rounded\" id=\"current-membership\">"
                "<div class=\"d-flex align-items-center gap-2 mb-2\">"
                "<h3 class=\"h6 mb-0\">");
    html_text(h, m->tier_name);
    HTML_LIT(h, "</h3>");
    status_badge(h, row->status);
    HTML_LIT(h, "</div><dl class=\"row mb-2\">");
    struct buf fee = BUF_INIT;
    if (m->associate)
        buf_adds(&fee, "associate: free, for services in kind");
    else
        money_format(&fee, m->annual_fee, currency);
    detail(h, "Annual fee", fee.s);
    buf_release(&fee);
    detail(h, "Applied", m->applied_on);
    detail(h, "Joined", m->joined_on);
    detail(h, "Ends", m->ended_on);
    detail(h, "Unpaid since", day_text(day, row->unpaid_since));
    detail(h, "Source",
           m->source == MEMBERSHIP_APPLICATION ? "public application form"
                                               : "entered by the team");
    detail(h, "Note", m->note);
    HTML_LIT(h, "</dl>");
    tier_history(h, r, m, currency);
    bool applicant = !*m->joined_on;
    bool running = !applicant && !*m->ended_on;
    if (can_write) {
        HTML_LIT(h, "<div class=\"d-flex flex-wrap gap-2 mb-2\">");
        if (applicant) {
            membership_path(path, m->id, "/approve");
            post_button(h, r, path, "Approve", "btn btn-sm btn-success", false);
            membership_path(path, m->id, "/decline");
            html_link(h, path, "Decline", "btn btn-sm btn-outline-danger");
        }
        if (running) {
            membership_path(path, m->id, "/end");
            html_link(h, path, "End membership",
                      "btn btn-sm btn-outline-danger");
        }
        HTML_LIT(h, "</div>");
        if (running || applicant) {
            membership_path(path, m->id, "/tier");
            HTML_LIT(h, "<form method=\"post\" class=\"row g-2 "
                        "align-items-end\" novalidate");
            html_attr(h, "action", path);
            HTML_LIT(h, ">");
            layout_csrf(h, r);
            HTML_LIT(h, "<div class=\"col-md-6\">");
            tier_select(h, "tier_id", "Change tier to", tc, "Choose a tier",
                        m->tier_id, "", NULL);
            HTML_LIT(h, "</div><div class=\"col-md-3\">");
            layout_input(h, "date", "valid_from", "From", r->today, NULL, NULL);
            HTML_LIT(h, "</div><div class=\"col-md-3 mb-3\"><button "
                        "type=\"submit\" class=\"btn btn-outline-primary\">"
                        "Change tier</button></div></form>");
        }
    }
    if (m->associate)
        services_block(h, r, m, currency, can_write && running);
    HTML_LIT(h, "</div>");
}

void
membership_section(struct html *h, struct req *r, int64_t org_id)
{
    struct membership_filter f = { .status = -1,
                                   .organisation_id = org_id,
                                   .history = true,
                                   .sort = MEMBERSHIP_SORT_JOINED,
                                   .desc = true,
                                   .limit = -1 };
    struct membership_list list = { 0 };
    struct tier_choices tc = { 0 };
    struct err err = ERR_INIT;
    bool can_write = role_can_write(r->who.role);
    HTML_LIT(h, "<section id=\"membership\" class=\"mt-4\">"
                "<h2 class=\"h5\">Membership</h2>");
    if (tier_choices_load(r, &tc, true, &err) ||
        membership_store_list(r->store, r->scope.cluster_id, &f, r->today,
                              &list, &err)) {
        HTML_LIT(h, "<div class=\"alert alert-danger\">");
        html_text(h, err.msg);
        HTML_LIT(h, "</div>");
        goto out;
    }
    const struct membership_row *current = NULL;
    for (size_t i = 0; i < list.n && !current; i++)
        if (list.items[i].status != MEMBER_RESIGNED &&
            list.items[i].status != MEMBER_DECLINED)
            current = &list.items[i];
    if (current) {
        current_block(h, r, current, &tc, can_write);
    } else {
        HTML_LIT(h, "<p class=\"text-muted\">Not a member.</p>");
        if (can_write) {
            char action[80];
            snprintf(action, sizeof(action),
                     "/organisations/%" PRId64 "/memberships/new", org_id);
            HTML_LIT(h, "<form method=\"post\" class=\"bg-white p-3 rounded "
                        "row g-2 align-items-end\" id=\"add-membership\" "
                        "novalidate");
            html_attr(h, "action", action);
            HTML_LIT(h, "><h3 class=\"h6\">Add membership</h3>");
            layout_csrf(h, r);
            HTML_LIT(h, "<div class=\"col-md-5\">");
            tier_select(h, "tier_id", "Tier", &tc, "Choose a tier", 0, "",
                        NULL);
            HTML_LIT(h, "</div><div class=\"col-md-3\">");
            layout_input(h, "date", "joined_on", "Joined on", r->today, NULL,
                         NULL);
            HTML_LIT(h, "</div><div class=\"col-md-4\">");
            layout_checkbox(h, "applicant", "Record as an applicant", false);
            HTML_LIT(h, "</div><div class=\"col-12\"><button type=\"submit\" "
                        "class=\"btn btn-success\">Add membership</button>"
                        "</div></form>");
        }
    }
    size_t past = 0;
    for (size_t i = 0; i < list.n; i++)
        if (&list.items[i] != current)
            past++;
    if (past) {
        HTML_LIT(h, "<h3 class=\"h6 mt-3\">Past memberships and "
                    "applications</h3><table class=\"table table-sm bg-white\""
                    " id=\"past-memberships\"><thead><tr><th>Tier</th>"
                    "<th>Status</th><th>Applied</th><th>Joined</th>"
                    "<th>Ended</th><th>Reason</th></tr></thead><tbody>");
        for (size_t i = 0; i < list.n; i++) {
            const struct membership_row *row = &list.items[i];
            if (row == current)
                continue;
            HTML_LIT(h, "<tr><td>");
            html_text(h, row->m.tier_name);
            HTML_LIT(h, "</td><td>");
            status_badge(h, row->status);
            HTML_LIT(h, "</td><td>");
            html_text(h, row->m.applied_on);
            HTML_LIT(h, "</td><td>");
            html_text(h, row->m.joined_on);
            HTML_LIT(h, "</td><td>");
            html_text(h,
                      *row->m.ended_on ? row->m.ended_on : row->m.declined_on);
            HTML_LIT(h, "</td><td>");
            html_text(h, row->m.end_reason);
            HTML_LIT(h, "</td></tr>");
        }
        HTML_LIT(h, "</tbody></table>");
        for (size_t i = 0; i < list.n; i++) {
            const struct membership_row *row = &list.items[i];
            if (row != current && row->m.associate) {
                HTML_LIT(h, "<div class=\"small text-muted\">");
                html_text(h, row->m.tier_name);
                HTML_LIT(h, " from ");
                html_text(h, row->m.joined_on);
                HTML_LIT(h, "</div>");
                services_block(h, r, &row->m, tc.settings.fees.currency, false);
            }
        }
    }
    HTML_LIT(h, "<p class=\"small\"><a href=\"/memberships\">All members"
                "</a></p>");
out:
    HTML_LIT(h, "</section>");
    membership_list_release(&list);
    tier_choices_release(&tc);
}
