/*
 * The event pages of the team: the list of upcoming and past events
 * (filters, paging, export), the form to create and edit an event, its
 * cancellation behind a confirmation, and one event with its
 * registrations, waitlist, check-in, fees, satisfaction, attendee
 * exports and iCalendar files. Also the events block of an
 * organisation's page. Capacity, waitlist, fees and the activities an
 * attendance writes are the store's rules (store/event_store.h); nothing
 * here decides a status. Every lookup is scoped to the session's
 * cluster, so another cluster's event or registration is a 404.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mem.h"
#include "core/money.h"
#include "io/table.h"
#include "report/ical.h"
#include "store/event_store.h"
#include "store/funnel_store.h"
#include "store/membership_store.h"
#include "web/export.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/params.h"

static const char *const LIST_KEYS[] = { "when", "kind", "q", "page", NULL };

/* How many organisations a search of the registration form shows. */
#define ORG_MATCHES 20

/* ---- shared with event_public.c, feedback.c and groups.c ---- */

int32_t
event_today(const struct req *r)
{
    struct date d;
    if (date_parse(r->today, (int)strlen(r->today), &d))
        return 0;
    return date_to_days(d);
}

int
event_currency(const struct req *r, int64_t cluster_id, char out[4],
               struct err *err)
{
    struct cluster_settings c;
    cluster_settings_init(&c);
    int rc = settings_store_get(r->store, cluster_id, &c, err);
    if (!rc)
        snprintf(out, 4, "%s", c.fees.currency);
    cluster_settings_release(&c);
    return rc;
}

void
event_when_text(struct buf *out, const struct event *e)
{
    /* "2027-03-01 09:00–17:00", or both days when it ends on another. */
    if (strlen(e->starts_at) != 16 || strlen(e->ends_at) != 16) {
        buf_adds(out, e->starts_at);
        return;
    }
    buf_addf(out, "%.10s %.5s", e->starts_at, e->starts_at + 11);
    if (strncmp(e->starts_at, e->ends_at, 10) == 0)
        buf_addf(out, "–%.5s", e->ends_at + 11);
    else
        buf_addf(out, " – %.10s %.5s", e->ends_at, e->ends_at + 11);
}

void
event_site_url(struct buf *out, const struct req *r)
{
    const char *host = r->conn ? req_header(r, "Host") : NULL;
    bool ok = host && *host && strlen(host) <= 255;
    for (const char *p = host; ok && *p; p++)
        ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
             (*p >= '0' && *p <= '9') || strchr(".-:[]", *p) != NULL;
    buf_addf(out, "%s://%s",
             r->app && r->app->secure_cookies ? "https" : "http",
             ok ? host : "localhost");
}

void
event_paragraphs(struct html *h, const char *text)
{
    const char *p = text;
    while (p && *p) {
        size_t len = strcspn(p, "\n");
        size_t tlen = len;
        if (tlen && p[tlen - 1] == '\r')
            tlen--;
        if (tlen) {
            HTML_LIT(h, "<p>");
            html_textn(h, p, tlen);
            HTML_LIT(h, "</p>");
        }
        p += len + (p[len] ? 1 : 0);
    }
}

void
event_ical_send(struct req *r, struct resp *rs, int64_t cluster_id,
                const char *cluster_name, const struct event *items, size_t n,
                const char *url_base, const char *filename)
{
    struct funnel_settings fs;
    struct buf out = BUF_INIT;
    struct err err = ERR_INIT;
    funnel_settings_default(&fs);
    if (funnel_settings_store_get(r->store, cluster_id, &fs, &err) ||
        ical_events(items, n, fs.timezone, cluster_name, url_base, &out,
                    &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    resp_download(rs, "text/calendar; charset=utf-8", filename, &out);
out:
    buf_release(&out);
}

/* ---- small helpers ---- */

/* Sets a string of the form's own (not of a core record). */
static void
form_set(char **field, const char *s)
{
    free(*field);
    *field = xstrdup(s ? s : "");
}

static const char *
field_or_empty(const struct req *r, const char *name)
{
    const char *v = req_field(r, name);
    return v ? v : "";
}

/* An amount for a spreadsheet: "1500.50", no grouping, no code. */
static void
plain_amount(char *out, size_t size, int64_t minor, const char *currency)
{
    int exp = currency_exponent(currency);
    int64_t unit = currency_unit(currency);
    if (exp == 0)
        snprintf(out, size, "%" PRId64, minor);
    else
        snprintf(out, size, "%" PRId64 ".%0*" PRId64, minor / unit, exp,
                 minor % unit);
}

static void
event_path(char out[96], int64_t id, const char *suffix)
{
    snprintf(out, 96, "/events/%" PRId64 "%s", id, suffix);
}

static void
kind_badge(struct html *h, enum event_kind k)
{
    HTML_LIT(h, "<span class=\"badge bg-secondary\">");
    html_text(h, event_kind_label(k));
    HTML_LIT(h, "</span>");
}

static void
status_badge(struct html *h, enum registration_status st)
{
    static const char *const CSS[REG__STATUS_COUNT] = {
        [REG_REGISTERED] = "badge bg-primary status",
        [REG_WAITLISTED] = "badge bg-warning text-dark status",
        [REG_ATTENDED] = "badge bg-success status",
        [REG_NO_SHOW] = "badge bg-danger status",
        [REG_CANCELLED] = "badge bg-secondary status",
    };
    HTML_LIT(h, "<span");
    html_attr(h, "class",
              st < REG__STATUS_COUNT ? CSS[st] : "badge bg-light status");
    html_attr(h, "data-status", registration_status_name(st));
    HTML_LIT(h, ">");
    html_text(h, registration_status_label(st));
    HTML_LIT(h, "</span>");
}

/* A POST form of one button with one hidden field (name may be NULL). */
static void
post_button(struct html *h, const struct req *r, const char *action,
            const char *name, const char *value, const char *label,
            const char *css)
{
    HTML_LIT(h, "<form method=\"post\" class=\"d-inline\"");
    html_attr(h, "action", action);
    HTML_LIT(h, ">");
    layout_csrf(h, r);
    if (name) {
        HTML_LIT(h, "<input type=\"hidden\"");
        html_attr(h, "name", name);
        html_attr(h, "value", value);
        HTML_LIT(h, ">");
    }
    HTML_LIT(h, "<button type=\"submit\"");
    html_attr(h, "class", css);
    HTML_LIT(h, ">");
    html_text(h, label);
    HTML_LIT(h, "</button></form>");
}

/* "12 / 30" places taken of the capacity, and the waitlist. */
static void
places_text(struct html *h, const struct event *e)
{
    html_count(h, e->registered);
    HTML_LIT(h, " / ");
    if (e->capacity)
        html_count(h, e->capacity);
    else
        HTML_LIT(h, "no limit");
    if (e->waitlisted) {
        HTML_LIT(h, " <span class=\"text-muted\">(");
        html_count(h, e->waitlisted);
        HTML_LIT(h, " waiting)</span>");
    }
}

static void
fees_text(struct html *h, const struct event *e, const char *currency)
{
    if (!e->member_fee && !e->nonmember_fee) {
        HTML_LIT(h, "Free");
        return;
    }
    HTML_LIT(h, "Members ");
    html_money(h, e->member_fee, currency);
    HTML_LIT(h, ", others ");
    html_money(h, e->nonmember_fee, currency);
}

/* ---- the list ---- */

static int
list_filter(const struct req *r, struct event_filter *f, struct paging *p,
            struct err *err)
{
    memset(f, 0, sizeof(*f));
    f->today = r->today;
    f->kind = -1;
    f->when = EVENTS_UPCOMING;
    const char *when = req_query(r, "when");
    if (when && *when) {
        if (strcmp(when, "past") == 0)
            f->when = EVENTS_PAST;
        else if (strcmp(when, "all") == 0)
            f->when = EVENTS_ALL;
        else if (strcmp(when, "upcoming") != 0)
            return err_set(err, ERR_INVALID, "when",
                           "when must be upcoming, past or all.");
    }
    const char *kind = req_query(r, "kind");
    if (kind && *kind) {
        enum event_kind k;
        if (event_kind_parse(kind, &k))
            return err_set(err, ERR_INVALID, "kind",
                           "There is no event kind \"%.40s\".", kind);
        f->kind = (int)k;
    }
    const char *q = req_query(r, "q");
    f->q = q && *q ? q : NULL;
    if (params_paging(&r->query, p, err))
        return -1;
    f->offset = (p->page - 1) * p->per_page;
    f->limit = p->per_page;
    return 0;
}

static void
kind_choices(const char **values, const char **labels, const char *any)
{
    size_t n = 0;
    if (any) {
        values[n] = "";
        labels[n++] = any;
    }
    for (int k = 0; k < EVENT__KIND_COUNT; k++) {
        values[n] = event_kind_name((enum event_kind)k);
        labels[n++] = event_kind_label((enum event_kind)k);
    }
}

static void
list_tabs(struct html *h, const struct req *r, enum event_when when)
{
    static const struct {
        enum event_when when;
        const char *name;
        const char *label;
    } TABS[] = {
        { EVENTS_UPCOMING, "upcoming", "Upcoming" },
        { EVENTS_PAST, "past", "Past" },
        { EVENTS_ALL, "all", "All" },
    };
    HTML_LIT(h, "<ul class=\"nav nav-tabs mb-3\">");
    for (size_t i = 0; i < ARRAY_SIZE(TABS); i++) {
        const char *args[] = { "when", TABS[i].name,
                               "kind", req_query(r, "kind"),
                               "q",    req_query(r, "q"),
                               NULL };
        HTML_LIT(h, "<li class=\"nav-item\"><a class=\"nav-link");
        if (TABS[i].when == when)
            HTML_LIT(h, " active\" aria-current=\"page");
        HTML_LIT(h, "\" href=\"");
        html_url(h, "/events", args);
        HTML_LIT(h, "\">");
        html_text(h, TABS[i].label);
        HTML_LIT(h, "</a></li>");
    }
    HTML_LIT(h, "</ul>");
}

void
page_events_list(struct req *r, struct resp *rs)
{
    struct event_filter f;
    struct paging p;
    struct event_list list = { 0 };
    struct err err = ERR_INIT;
    char currency[4];
    if (list_filter(r, &f, &p, &err) ||
        event_currency(r, r->scope.cluster_id, currency, &err) ||
        event_store_list(r->store, r->scope.cluster_id, &f, &list, &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    struct list_query lq;
    list_query_from(&lq, r, LIST_KEYS);
    struct html h = { BUF_INIT };
    layout_begin(&h, r, "Events", NAV_EVENTS);
    HTML_LIT(&h, "<div class=\"d-flex align-items-center gap-3 mb-3\"><h1 "
                 "class=\"h3 mb-0\">Events</h1>");
    if (role_can_write(r->who.role))
        HTML_LIT(&h, "<a class=\"btn btn-success\" href=\"/events/new\">"
                     "New event</a>");
    HTML_LIT(&h, "<a class=\"ms-auto\" href=\"/events.ics\">Calendar of "
                 "upcoming events (.ics)</a> <a href=\"/working-groups\">"
                 "Working groups</a></div>");
    layout_flash(&h, r);
    list_tabs(&h, r, f.when);
    HTML_LIT(&h, "<form class=\"filters row g-2 align-items-end mb-2\" "
                 "method=\"get\" action=\"/events\" role=\"search\">"
                 "<input type=\"hidden\" name=\"when\"");
    html_attr(&h, "value",
              f.when == EVENTS_PAST  ? "past"
              : f.when == EVENTS_ALL ? "all"
                                     : "upcoming");
    HTML_LIT(&h, "><div class=\"col-auto\">");
    layout_input(&h, "search", "q", "Search titles", req_query(r, "q"), NULL,
                 NULL);
    HTML_LIT(&h, "</div><div class=\"col-auto\">");
    const char *values[EVENT__KIND_COUNT + 1], *labels[EVENT__KIND_COUNT + 1];
    kind_choices(values, labels, "Any kind");
    layout_select(&h, "kind", "Kind", values, labels, EVENT__KIND_COUNT + 1,
                  req_query(r, "kind"), NULL);
    HTML_LIT(&h, "</div><div class=\"col-auto mb-3\"><button "
                 "class=\"btn btn-primary\" type=\"submit\">Filter</button> "
                 "<a class=\"btn btn-link\" href=\"/events\">Clear</a></div>"
                 "</form>");
    HTML_LIT(&h, "<div class=\"d-flex align-items-center\">");
    layout_pager(&h, "/events", &lq, p.page, p.per_page, list.total);
    HTML_LIT(&h, "<div class=\"ms-auto\">");
    layout_export_links(&h, "/events/export", &lq);
    HTML_LIT(&h, "</div></div>");
    HTML_LIT(&h, "<table class=\"table table-hover bg-white\" id=\"events\">"
                 "<thead><tr><th>Date</th><th>Title</th><th>Kind</th>"
                 "<th>Places</th><th>Fees</th></tr></thead><tbody>");
    struct buf when = BUF_INIT;
    for (size_t i = 0; i < list.n; i++) {
        const struct event *e = &list.items[i];
        char href[96];
        event_path(href, e->id, "");
        buf_reset(&when);
        event_when_text(&when, e);
        HTML_LIT(&h, "<tr><td>");
        html_text(&h, when.s);
        HTML_LIT(&h, "</td><td>");
        html_link(&h, href, e->title, NULL);
        if (e->cancelled)
            HTML_LIT(&h, " <span class=\"badge bg-danger\">cancelled</span>");
        if (*e->working_group_name) {
            HTML_LIT(&h, "<div class=\"small text-muted\">");
            html_text(&h, e->working_group_name);
            HTML_LIT(&h, "</div>");
        }
        HTML_LIT(&h, "</td><td>");
        html_text(&h, event_kind_label(e->kind));
        HTML_LIT(&h, "</td><td>");
        places_text(&h, e);
        HTML_LIT(&h, "</td><td>");
        fees_text(&h, e, currency);
        HTML_LIT(&h, "</td></tr>");
    }
    buf_release(&when);
    if (!list.n)
        HTML_LIT(&h, "<tr><td colspan=\"5\" class=\"text-muted\">No events "
                     "match.</td></tr>");
    HTML_LIT(&h, "</tbody></table>");
    layout_pager(&h, "/events", &lq, p.page, p.per_page, list.total);
    layout_end(&h);
    resp_html(rs, 200, &h);
out:
    event_list_release(&list);
}

void
page_events_export(struct req *r, struct resp *rs)
{
    static const char *const HEADERS[] = {
        "starts at",     "ends at",  "title",      "kind",
        "place",         "online",   "capacity",   "registered",
        "waitlisted",    "attended", "member fee", "non-member fee",
        "working group", "public",   "cancelled",
    };
    struct event_filter f;
    struct paging p;
    struct event_list list = { 0 };
    struct err err = ERR_INIT;
    char currency[4];
    if (list_filter(r, &f, &p, &err) ||
        event_currency(r, r->scope.cluster_id, currency, &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    f.offset = 0;
    f.limit = -1;
    if (event_store_list(r->store, r->scope.cluster_id, &f, &list, &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    struct table *t = table_new(ARRAY_SIZE(HEADERS), HEADERS);
    for (size_t i = 0; i < list.n; i++) {
        const struct event *e = &list.items[i];
        char cap[24], reg[24], wait[24], att[24], mfee[48], nfee[48];
        snprintf(cap, sizeof(cap), "%" PRId64, e->capacity);
        snprintf(reg, sizeof(reg), "%" PRId64, e->registered);
        snprintf(wait, sizeof(wait), "%" PRId64, e->waitlisted);
        snprintf(att, sizeof(att), "%" PRId64, e->attended);
        plain_amount(mfee, sizeof(mfee), e->member_fee, currency);
        plain_amount(nfee, sizeof(nfee), e->nonmember_fee, currency);
        const char *cells[] = { e->starts_at,
                                e->ends_at,
                                e->title,
                                event_kind_name(e->kind),
                                e->place,
                                e->online_url,
                                cap,
                                reg,
                                wait,
                                att,
                                mfee,
                                nfee,
                                e->working_group_name,
                                e->public ? "yes" : "no",
                                e->cancelled ? "yes" : "no" };
        table_add_row(t, cells);
    }
    export_send(r, rs, t, f.when == EVENTS_PAST ? "events-past" : "events");
    table_free(t);
out:
    event_list_release(&list);
}

void
page_events_ics(struct req *r, struct resp *rs)
{
    struct event_filter f = {
        .when = EVENTS_UPCOMING, .today = r->today, .kind = -1, .limit = -1
    };
    struct event_list list = { 0 };
    struct err err = ERR_INIT;
    if (event_store_list(r->store, r->scope.cluster_id, &f, &list, &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    struct buf base = BUF_INIT;
    event_site_url(&base, r);
    event_ical_send(r, rs, r->scope.cluster_id, r->who.cluster_name, list.items,
                    list.n, base.s, "events.ics");
    buf_release(&base);
out:
    event_list_release(&list);
}

/* ---- the form ---- */

enum event_field {
    F_TITLE,
    F_KIND,
    F_STARTS,
    F_ENDS,
    F_PLACE,
    F_URL,
    F_CAPACITY,
    F_MEMBER_FEE,
    F_NONMEMBER_FEE,
    F_GROUP,
    F_DESCRIPTION,
    F__COUNT
};
static const char *const FIELD_NAMES[F__COUNT] = {
    [F_TITLE] = "title",
    [F_KIND] = "kind",
    [F_STARTS] = "starts_at",
    [F_ENDS] = "ends_at",
    [F_PLACE] = "place",
    [F_URL] = "online_url",
    [F_CAPACITY] = "capacity",
    [F_MEMBER_FEE] = "member_fee",
    [F_NONMEMBER_FEE] = "nonmember_fee",
    [F_GROUP] = "working_group_id",
    [F_DESCRIPTION] = "description",
};

/* The form's values as typed (or as stored, for a new edit). */
struct event_form {
    char *v[F__COUNT];
    bool public;
};

static void
event_form_release(struct event_form *ef)
{
    for (size_t i = 0; i < F__COUNT; i++)
        free(ef->v[i]);
}

static void
event_form_from_request(const struct req *r, struct event_form *ef)
{
    for (size_t i = 0; i < F__COUNT; i++)
        ef->v[i] = xstrdup(field_or_empty(r, FIELD_NAMES[i]));
    ef->public = form_flag(&r->body, "public");
}

static void
event_form_from_event(const struct event *e, const char *currency,
                      struct event_form *ef)
{
    struct buf b = BUF_INIT;
    ef->v[F_TITLE] = xstrdup(e->title);
    ef->v[F_KIND] = xstrdup(event_kind_name(e->kind));
    ef->v[F_STARTS] = xstrdup(e->starts_at);
    ef->v[F_ENDS] = xstrdup(e->ends_at);
    ef->v[F_PLACE] = xstrdup(e->place);
    ef->v[F_URL] = xstrdup(e->online_url);
    buf_addf(&b, "%" PRId64, e->capacity);
    ef->v[F_CAPACITY] = xstrdup(b.s);
    buf_reset(&b);
    page_money_input(&b, e->member_fee, currency);
    ef->v[F_MEMBER_FEE] = xstrdup(b.s);
    buf_reset(&b);
    page_money_input(&b, e->nonmember_fee, currency);
    ef->v[F_NONMEMBER_FEE] = xstrdup(b.s);
    buf_reset(&b);
    if (e->working_group_id)
        buf_addf(&b, "%" PRId64, e->working_group_id);
    ef->v[F_GROUP] = xstrdup(b.s ? b.s : "");
    ef->v[F_DESCRIPTION] = xstrdup(e->description);
    ef->public = e->public;
    buf_release(&b);
}

static void
add_error(struct form_errors *fe, struct err *err)
{
    form_errors_add(fe, err);
    err_clear(err);
}

/* Reads a time field into out; an error beside it when it is not one. */
static void
read_time(const char *typed, const char *field, const char *what, char out[17],
          struct form_errors *fe)
{
    struct err err = ERR_INIT;
    out[0] = '\0';
    if (!*typed) {
        err_set(&err, ERR_INVALID, field, "Give the %s: a date and a time.",
                what);
        add_error(fe, &err);
    } else if (event_time_parse(typed, out)) {
        out[0] = '\0';
        err_set(&err, ERR_INVALID, field,
                "The %s must be a date and a time, e.g. 2027-03-01 09:00.",
                what);
        add_error(fe, &err);
    }
}

static void
read_fee(const char *typed, const char *field, const char *currency,
         int64_t *out, struct form_errors *fe)
{
    struct err err = ERR_INIT;
    *out = 0;
    if (*typed && money_parse(typed, currency, false, out, field, &err)) {
        *out = 0;
        add_error(fe, &err);
    }
}

/* Puts the form's values into e; what cannot be read goes into fe. */
static void
event_from_form(const struct event_form *ef, const char *currency,
                struct event *e, struct form_errors *fe)
{
    struct err err = ERR_INIT;
    org_set_str(&e->title, ef->v[F_TITLE]);
    org_set_str(&e->place, ef->v[F_PLACE]);
    org_set_str(&e->online_url, ef->v[F_URL]);
    org_set_str(&e->description, ef->v[F_DESCRIPTION]);
    if (event_kind_parse(ef->v[F_KIND], &e->kind)) {
        err_set(&err, ERR_INVALID, "kind", "Choose the kind of event.");
        add_error(fe, &err);
    }
    read_time(ef->v[F_STARTS], "starts_at", "start", e->starts_at, fe);
    read_time(ef->v[F_ENDS], "ends_at", "end", e->ends_at, fe);
    const char *cap = ef->v[F_CAPACITY];
    e->capacity = 0;
    if (*cap) {
        char *end;
        long long v = strtoll(cap, &end, 10);
        if (*end || end == cap || v < 0) {
            err_set(&err, ERR_INVALID, "capacity",
                    "Capacity must be a whole number of places (0 for no "
                    "limit).");
            add_error(fe, &err);
        } else {
            e->capacity = v;
        }
    }
    read_fee(ef->v[F_MEMBER_FEE], "member_fee", currency, &e->member_fee, fe);
    read_fee(ef->v[F_NONMEMBER_FEE], "nonmember_fee", currency,
             &e->nonmember_fee, fe);
    e->working_group_id = 0;
    if (*ef->v[F_GROUP] && params_id(ef->v[F_GROUP], &e->working_group_id)) {
        e->working_group_id = 0;
        err_set(&err, ERR_INVALID, "working_group_id",
                "Choose a working group of the list.");
        add_error(fe, &err);
    }
    e->public = ef->public;
    struct err rules[FORM_MAX_ERRORS];
    size_t n = event_validate_all(e, rules, FORM_MAX_ERRORS);
    for (size_t i = 0; i < n && i < FORM_MAX_ERRORS; i++)
        form_errors_add(fe, &rules[i]);
}

static void
group_select(struct html *h, const struct working_group_list *groups,
             const char *selected, const struct form_errors *fe)
{
    size_t n = groups->n + 1;
    const char **values = xcalloc(n, sizeof(*values));
    const char **labels = xcalloc(n, sizeof(*labels));
    char(*ids)[24] = xcalloc(n, sizeof(*ids));
    values[0] = "";
    labels[0] = "None";
    for (size_t i = 0; i < groups->n; i++) {
        snprintf(ids[i], sizeof(ids[i]), "%" PRId64, groups->items[i].id);
        values[i + 1] = ids[i];
        labels[i + 1] = groups->items[i].name;
    }
    layout_select(h, "working_group_id", "Working group", values, labels, n,
                  selected, fe);
    free(values);
    free(labels);
    free(ids);
}

static void
event_form_page(struct req *r, struct resp *rs, int status, int64_t id,
                const struct event_form *ef, const char *currency,
                const struct form_errors *fe)
{
    struct working_group_list groups = { 0 };
    struct err err = ERR_INIT;
    if (working_group_store_list(r->store, r->scope.cluster_id, false, &groups,
                                 &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    char action[96], cancel[96];
    if (id) {
        event_path(action, id, "/edit");
        event_path(cancel, id, "");
    } else {
        snprintf(action, sizeof(action), "/events/new");
        snprintf(cancel, sizeof(cancel), "/events");
    }
    struct html h = { BUF_INIT };
    layout_begin(&h, r, id ? "Edit event" : "New event", NAV_EVENTS);
    HTML_LIT(&h, "<h1 class=\"h3 mb-3\">");
    if (id) {
        HTML_LIT(&h, "Edit ");
        html_text(&h, ef->v[F_TITLE]);
    } else {
        HTML_LIT(&h, "New event");
    }
    HTML_LIT(&h, "</h1>");
    layout_error_summary(&h, fe);
    HTML_LIT(&h, "<form method=\"post\" class=\"bg-white p-4 rounded\" "
                 "novalidate id=\"event-form\"");
    html_attr(&h, "action", action);
    HTML_LIT(&h, ">");
    layout_csrf(&h, r);
    HTML_LIT(&h, "<div class=\"row\"><div class=\"col-md-6\">");
    layout_input(&h, "text", "title", "Title", ef->v[F_TITLE], fe, NULL);
    const char *values[EVENT__KIND_COUNT], *labels[EVENT__KIND_COUNT];
    kind_choices(values, labels, NULL);
    layout_select(&h, "kind", "Kind", values, labels, EVENT__KIND_COUNT,
                  ef->v[F_KIND], fe);
    layout_input(&h, "datetime-local", "starts_at", "Starts", ef->v[F_STARTS],
                 fe, "Local time of the cluster, e.g. 2027-03-01 09:00.");
    layout_input(&h, "datetime-local", "ends_at", "Ends", ef->v[F_ENDS], fe,
                 NULL);
    layout_input(&h, "text", "place", "Place", ef->v[F_PLACE], fe,
                 "Address or venue; leave empty for an online event.");
    layout_input(&h, "url", "online_url", "Online link", ef->v[F_URL], fe,
                 NULL);
    HTML_LIT(&h, "</div><div class=\"col-md-6\">");
    layout_input(&h, "text", "capacity", "Capacity (places)", ef->v[F_CAPACITY],
                 fe, "0 for no limit.");
    struct buf label = BUF_INIT;
    buf_addf(&label, "Member fee (%s)", currency);
    layout_input(&h, "text", "member_fee", label.s, ef->v[F_MEMBER_FEE], fe,
                 NULL);
    buf_reset(&label);
    buf_addf(&label, "Non-member fee (%s)", currency);
    layout_input(&h, "text", "nonmember_fee", label.s, ef->v[F_NONMEMBER_FEE],
                 fe, NULL);
    buf_release(&label);
    group_select(&h, &groups, ef->v[F_GROUP], fe);
    layout_checkbox(&h, "public",
                    "Public registration page open (anyone may register)",
                    ef->public);
    layout_textarea(&h, "description", "Description", ef->v[F_DESCRIPTION], fe);
    HTML_LIT(&h, "</div></div><button class=\"btn btn-primary\" "
                 "type=\"submit\">");
    html_text(&h, id ? "Save changes" : "Create event");
    HTML_LIT(&h, "</button> <a class=\"btn btn-link\"");
    html_attr(&h, "href", cancel);
    HTML_LIT(&h, ">Cancel</a></form>");
    layout_end(&h);
    resp_html(rs, status, &h);
out:
    working_group_list_release(&groups);
}

static bool
load_event(struct req *r, struct resp *rs, struct event *e)
{
    struct err err = ERR_INIT;
    return layout_found(
        r, rs,
        event_store_get(r->store, r->scope.cluster_id, r->ids[0], e, &err),
        &err);
}

void
page_events_new(struct req *r, struct resp *rs)
{
    struct event_form ef = { { NULL }, true };
    struct err err = ERR_INIT;
    char currency[4];
    if (event_currency(r, r->scope.cluster_id, currency, &err)) {
        layout_error_page(r, rs, &err);
        return;
    }
    const char *kind = req_query(r, "kind");
    const char *group = req_query(r, "working_group_id");
    for (size_t i = 0; i < F__COUNT; i++)
        ef.v[i] = xstrdup("");
    if (kind && *kind)
        form_set(&ef.v[F_KIND], kind);
    else
        form_set(&ef.v[F_KIND], "seminar");
    if (group && *group)
        form_set(&ef.v[F_GROUP], group);
    form_set(&ef.v[F_CAPACITY], "0");
    event_form_page(r, rs, 200, 0, &ef, currency, NULL);
    event_form_release(&ef);
}

void
page_events_edit(struct req *r, struct resp *rs)
{
    struct event e;
    struct event_form ef = { { NULL }, false };
    struct err err = ERR_INIT;
    char currency[4];
    event_init(&e);
    if (!load_event(r, rs, &e))
        goto out;
    if (event_currency(r, r->scope.cluster_id, currency, &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    event_form_from_event(&e, currency, &ef);
    event_form_page(r, rs, 200, e.id, &ef, currency, NULL);
out:
    event_form_release(&ef);
    event_release(&e);
}

/* Validates the submitted form into e and stores it (create or update). */
static void
save_event(struct req *r, struct resp *rs, struct event *e)
{
    struct event_form ef = { { NULL }, false };
    struct form_errors fe = { .n = 0 };
    struct err err = ERR_INIT;
    char currency[4];
    if (event_currency(r, r->scope.cluster_id, currency, &err)) {
        layout_error_page(r, rs, &err);
        return;
    }
    event_form_from_request(r, &ef);
    event_from_form(&ef, currency, e, &fe);
    if (fe.n) {
        event_form_page(r, rs, 422, e->id, &ef, currency, &fe);
        goto out;
    }
    bool is_new = e->id == 0;
    enum store_rc rc =
        is_new ? (event_store_create(r->store, &r->scope, e, &err) ? STORE_HARD
                                                                   : STORE_ONE)
               : event_store_update(r->store, &r->scope, e, &err);
    if (rc == STORE_HARD && err.code == ERR_INVALID) {
        form_errors_add(&fe, &err);
        event_form_page(r, rs, 422, e->id, &ef, currency, &fe);
    } else if (layout_found(r, rs, rc, &err)) {
        char loc[96];
        event_path(loc, e->id, is_new ? "?msg=created" : "?msg=saved");
        resp_redirect(rs, loc);
    }
out:
    event_form_release(&ef);
}

void
page_events_create(struct req *r, struct resp *rs)
{
    struct event e;
    event_init(&e);
    save_event(r, rs, &e);
    event_release(&e);
}

void
page_events_update(struct req *r, struct resp *rs)
{
    struct event e;
    event_init(&e);
    if (load_event(r, rs, &e))
        save_event(r, rs, &e);
    event_release(&e);
}

void
page_events_cancel_confirm(struct req *r, struct resp *rs)
{
    struct event e;
    event_init(&e);
    if (!load_event(r, rs, &e))
        goto out;
    char action[96], back[96];
    event_path(action, e.id, "/cancel");
    event_path(back, e.id, "");
    struct html h = { BUF_INIT };
    layout_begin(&h, r, "Cancel event", NAV_EVENTS);
    HTML_LIT(&h, "<div class=\"card\" style=\"max-width:40rem\"><div "
                 "class=\"card-body\"><h1 class=\"h4\">Cancel ");
    html_text(&h, e.title);
    HTML_LIT(&h, "?</h1>");
    if (e.cancelled) {
        HTML_LIT(&h, "<p>This event is already cancelled.</p><a");
        html_attr(&h, "href", back);
        HTML_LIT(&h, ">Back to the event</a>");
    } else {
        HTML_LIT(&h, "<p>The event stays in the list marked as cancelled; "
                     "its public page takes no more registrations and the "
                     "calendar files show it as cancelled. ");
        html_count(&h, e.registered + e.waitlisted);
        HTML_LIT(&h, " registrations are kept for the record.</p>");
        layout_post_button(&h, r, action, "Cancel the event", "btn btn-danger");
        HTML_LIT(&h, " <a class=\"btn btn-link\"");
        html_attr(&h, "href", back);
        HTML_LIT(&h, ">Keep it</a>");
    }
    HTML_LIT(&h, "</div></div>");
    layout_end(&h);
    resp_html(rs, 200, &h);
out:
    event_release(&e);
}

void
page_events_cancel(struct req *r, struct resp *rs)
{
    struct event e;
    struct err err = ERR_INIT;
    event_init(&e);
    if (!load_event(r, rs, &e))
        goto out;
    e.cancelled = true;
    if (layout_found(r, rs, event_store_update(r->store, &r->scope, &e, &err),
                     &err)) {
        char loc[96];
        event_path(loc, e.id, "?msg=event-cancelled");
        resp_redirect(rs, loc);
    }
out:
    event_release(&e);
}

/* ---- one event ---- */

/* The staff registration form's values as typed. */
struct reg_form {
    const char *organisation_id, *contact_id, *name, *email;
};

static void
feedback_url(struct buf *out, const struct req *r, const char *token)
{
    event_site_url(out, r);
    buf_addf(out, "/feedback/%s", token);
}

static void
registration_actions(struct html *h, const struct req *r, const struct event *e,
                     const struct registration *g)
{
    char base[96], action[128];
    snprintf(base, sizeof(base), "/events/%" PRId64 "/registrations/%" PRId64,
             e->id, g->id);
    snprintf(action, sizeof(action), "%s/status", base);
    switch (g->status) {
    case REG_REGISTERED:
        post_button(h, r, action, "status", "attended", "Check in",
                    "btn btn-sm btn-success");
        HTML_LIT(h, " ");
        post_button(h, r, action, "status", "no_show", "No-show",
                    "btn btn-sm btn-outline-danger");
        break;
    case REG_ATTENDED:
    case REG_NO_SHOW:
        post_button(h, r, action, "status", "registered", "Back to registered",
                    "btn btn-sm btn-outline-secondary");
        break;
    case REG_WAITLISTED:
        post_button(h, r, action, "status", "registered", "Give a place",
                    "btn btn-sm btn-outline-primary");
        break;
    default:
        break;
    }
    if (registration_holds_place(g->status) && g->fee > 0) {
        snprintf(action, sizeof(action), "%s/paid", base);
        HTML_LIT(h, " ");
        if (*g->paid_on)
            post_button(h, r, action, "paid", "0", "Mark unpaid",
                        "btn btn-sm btn-outline-secondary");
        else
            post_button(h, r, action, "paid", "1", "Mark paid",
                        "btn btn-sm btn-outline-success");
    }
    if (g->status != REG_CANCELLED) {
        snprintf(action, sizeof(action), "%s/cancel", base);
        HTML_LIT(h, " ");
        html_link(h, action, "Cancel", "btn btn-sm btn-outline-danger");
    }
}

static void
registrations_table(struct html *h, const struct req *r, const struct event *e,
                    const struct registration_list *regs, const char *currency,
                    bool can_write)
{
    HTML_LIT(h, "<table class=\"table table-sm bg-white\" "
                "id=\"registrations\"><thead><tr><th>Name</th>"
                "<th>Organisation</th><th>Status</th><th>Member</th>"
                "<th class=\"text-end\">Fee</th><th>Paid</th>"
                "<th>Feedback</th><th></th></tr></thead><tbody>");
    size_t shown = 0;
    struct buf url = BUF_INIT;
    for (size_t i = 0; i < regs->n; i++) {
        const struct registration *g = &regs->items[i];
        if (g->status == REG_WAITLISTED)
            continue;
        shown++;
        char org[64];
        snprintf(org, sizeof(org), "/organisations/%" PRId64,
                 g->organisation_id);
        HTML_LIT(h, "<tr");
        html_attr(h, "data-registration", g->email);
        HTML_LIT(h, "><td>");
        html_text(h, g->name);
        if (*g->email) {
            HTML_LIT(h, "<div class=\"small text-muted\">");
            html_text(h, g->email);
            HTML_LIT(h, "</div>");
        }
        HTML_LIT(h, "</td><td>");
        html_link(h, org, g->organisation_name, NULL);
        HTML_LIT(h, "</td><td>");
        status_badge(h, g->status);
        if (g->public_source)
            HTML_LIT(h, " <span class=\"small text-muted\">public "
                        "page</span>");
        HTML_LIT(h, "</td><td>");
        html_text(h, g->member ? "yes" : "no");
        HTML_LIT(h, "</td><td class=\"text-end\">");
        html_money(h, g->fee, currency);
        HTML_LIT(h, "</td><td>");
        if (!registration_holds_place(g->status) || g->fee == 0)
            HTML_LIT(h, "<span class=\"text-muted\">–</span>");
        else if (*g->paid_on)
            html_text(h, g->paid_on);
        else
            HTML_LIT(h, "<span class=\"text-danger\">unpaid</span>");
        HTML_LIT(h, "</td><td>");
        if (g->status == REG_ATTENDED) {
            buf_reset(&url);
            feedback_url(&url, r, g->token);
            HTML_LIT(h, "<a class=\"feedback-link small\"");
            html_attr(h, "href", url.s);
            HTML_LIT(h, ">personal link</a>");
            if (g->rating) {
                HTML_LIT(h, " <span class=\"badge bg-info text-dark\">");
                html_int(h, g->rating);
                HTML_LIT(h, "/5</span>");
            }
        }
        HTML_LIT(h, "</td><td class=\"text-end text-nowrap\">");
        if (can_write)
            registration_actions(h, r, e, g);
        HTML_LIT(h, "</td></tr>");
    }
    buf_release(&url);
    if (!shown)
        HTML_LIT(h, "<tr><td colspan=\"8\" class=\"text-muted\">No "
                    "registrations yet.</td></tr>");
    HTML_LIT(h, "</tbody></table>");
}

static void
waitlist_table(struct html *h, const struct req *r, const struct event *e,
               const struct registration_list *regs, bool can_write)
{
    size_t n = 0;
    for (size_t i = 0; i < regs->n; i++)
        if (regs->items[i].status == REG_WAITLISTED)
            n++;
    HTML_LIT(h, "<h2 class=\"h5 mt-4\">Waitlist</h2>");
    if (!n) {
        HTML_LIT(h, "<p class=\"text-muted\" id=\"waitlist\">Nobody is "
                    "waiting.</p>");
        return;
    }
    HTML_LIT(h, "<table class=\"table table-sm bg-white\" id=\"waitlist\">"
                "<thead><tr><th>#</th><th>Name</th><th>Organisation</th>"
                "<th>Registered at</th><th></th></tr></thead><tbody>");
    int64_t pos = 0;
    for (size_t i = 0; i < regs->n; i++) {
        const struct registration *g = &regs->items[i];
        if (g->status != REG_WAITLISTED)
            continue;
        HTML_LIT(h, "<tr><td>");
        html_int(h, ++pos);
        HTML_LIT(h, "</td><td>");
        html_text(h, g->name);
        HTML_LIT(h, "</td><td>");
        html_text(h, g->organisation_name);
        HTML_LIT(h, "</td><td>");
        html_text(h, g->registered_at);
        HTML_LIT(h, "</td><td class=\"text-end text-nowrap\">");
        if (can_write)
            registration_actions(h, r, e, g);
        HTML_LIT(h, "</td></tr>");
    }
    HTML_LIT(h, "</tbody></table>");
}

static void
fees_table(struct html *h, const struct event_fees *f, const char *currency)
{
    HTML_LIT(h, "<h2 class=\"h5 mt-4\">Fee income</h2><table class=\"table "
                "table-sm bg-white\" id=\"fees\"><thead><tr><th></th>"
                "<th class=\"text-end\">Places</th><th class=\"text-end\">"
                "Due</th><th class=\"text-end\">Paid</th><th "
                "class=\"text-end\">Outstanding</th></tr></thead><tbody>");
    const struct {
        const char *label;
        int64_t count, due, paid;
    } ROWS[] = {
        { "Members", f->member_count, f->member_due, f->member_paid },
        { "Non-members", f->nonmember_count, f->nonmember_due,
          f->nonmember_paid },
        { "Total", f->member_count + f->nonmember_count,
          f->member_due + f->nonmember_due,
          f->member_paid + f->nonmember_paid },
    };
    for (size_t i = 0; i < ARRAY_SIZE(ROWS); i++) {
        HTML_LIT(h, "<tr><th>");
        html_text(h, ROWS[i].label);
        HTML_LIT(h, "</th><td class=\"text-end\">");
        html_count(h, ROWS[i].count);
        HTML_LIT(h, "</td><td class=\"text-end\">");
        html_money(h, ROWS[i].due, currency);
        HTML_LIT(h, "</td><td class=\"text-end\">");
        html_money(h, ROWS[i].paid, currency);
        HTML_LIT(h, "</td><td class=\"text-end\">");
        html_money(h, ROWS[i].due - ROWS[i].paid, currency);
        HTML_LIT(h, "</td></tr>");
    }
    HTML_LIT(h, "</tbody></table>");
}

static void
satisfaction_block(struct html *h, const struct satisfaction *s,
                   const struct registration_list *regs)
{
    HTML_LIT(h, "<section id=\"satisfaction\" class=\"mt-4\"><h2 "
                "class=\"h5\">Satisfaction</h2>");
    if (!s->responses) {
        HTML_LIT(h, "<p class=\"text-muted\">No ratings yet. Each attendee "
                    "gets a personal link (in the registrations table) to "
                    "rate the event from 1 to 5.</p></section>");
        return;
    }
    char mean[32];
    snprintf(mean, sizeof(mean), "%.2f", s->mean);
    HTML_LIT(h, "<dl class=\"row bg-white p-3 rounded\"><dt "
                "class=\"col-sm-3\">Responses</dt><dd class=\"col-sm-9\" "
                "id=\"responses\">");
    html_count(h, s->responses);
    HTML_LIT(h, "</dd><dt class=\"col-sm-3\">Mean rating</dt><dd "
                "class=\"col-sm-9\" id=\"mean\">");
    html_text(h, mean);
    HTML_LIT(h, " of 5</dd><dt class=\"col-sm-3\">Rated 4 or 5</dt><dd "
                "class=\"col-sm-9\" id=\"share-4-5\">");
    html_permille(h, s->share_4_5);
    HTML_LIT(h, "</dd><dt class=\"col-sm-3\">By rating</dt><dd "
                "class=\"col-sm-9\">");
    for (int k = 5; k >= 1; k--) {
        html_int(h, k);
        HTML_LIT(h, ": ");
        html_count(h, s->by_rating[k]);
        if (k > 1)
            HTML_LIT(h, " · ");
    }
    HTML_LIT(h, "</dd></dl>");
    bool any = false;
    for (size_t i = 0; i < regs->n; i++) {
        const struct registration *g = &regs->items[i];
        if (!g->rating || !*g->comment)
            continue;
        if (!any)
            HTML_LIT(h, "<h3 class=\"h6\">Comments</h3><ul "
                        "class=\"list-group mb-3\" id=\"comments\">");
        any = true;
        HTML_LIT(h, "<li class=\"list-group-item\"><span class=\"badge "
                    "bg-info text-dark\">");
        html_int(h, g->rating);
        HTML_LIT(h, "/5</span> ");
        html_text(h, g->comment);
        HTML_LIT(h, "</li>");
    }
    if (any)
        HTML_LIT(h, "</ul>");
    HTML_LIT(h, "</section>");
}

/*
 * The staff registration form: a search of organisations by name
 * (?org_q=), then the chosen one (?org=ID) with its contacts, or a
 * person typed in.
 */
/*
 * Choosing an organisation of the cluster in two steps without
 * JavaScript: a search by name (?org_q=) lists links to
 * self?org=ID#anchor; the chosen one (org_text) is loaded into *o.
 * matches holds the search's hits (released by the caller). Returns the
 * chosen id, 0 for none yet, -1 on failure (err).
 */
int64_t
org_picker(struct html *h, struct req *r, const char *self, const char *anchor,
           const char *org_text, struct org *o, struct org_list *matches,
           struct err *err)
{
    int64_t org_id = 0;
    if (org_text && *org_text && params_id(org_text, &org_id))
        org_id = 0;
    if (org_id) {
        enum store_rc rc =
            org_store_get(r->store, r->scope.cluster_id, org_id, o, err);
        if (rc == STORE_HARD)
            return -1;
        if (rc == STORE_NONE)
            org_id = 0;
    }
    HTML_LIT(h, "<form method=\"get\" class=\"row g-2 align-items-end "
                "mb-2\" role=\"search\"");
    html_attr(h, "action", self);
    HTML_LIT(h, "><div class=\"col-auto\">");
    layout_input(h, "search", "org_q", "Find the organisation by name",
                 req_query(r, "org_q"), NULL, NULL);
    HTML_LIT(h, "</div><div class=\"col-auto mb-3\"><button "
                "class=\"btn btn-outline-primary\" type=\"submit\">Find"
                "</button></div></form>");
    const char *q = req_query(r, "org_q");
    if (!q || !*q || org_id)
        return org_id;
    struct org_filter f = {
        .q = q, .kind = -1, .sort = ORG_SORT_NAME, .limit = ORG_MATCHES
    };
    if (org_store_list(r->store, r->scope.cluster_id, &f, matches, err))
        return -1;
    HTML_LIT(h, "<ul class=\"list-unstyled\" id=\"org-matches\">");
    for (size_t i = 0; i < matches->n; i++) {
        struct buf href = BUF_INIT;
        buf_addf(&href, "%s?org=%" PRId64 "#%s", self, matches->items[i].org.id,
                 anchor);
        HTML_LIT(h, "<li>");
        html_link(h, href.s, matches->items[i].org.name, NULL);
        HTML_LIT(h, "</li>");
        buf_release(&href);
    }
    if (!matches->n)
        HTML_LIT(h, "<li class=\"text-muted\">No organisation of that "
                    "name.</li>");
    HTML_LIT(h, "</ul>");
    return org_id;
}

/* The fault of the picker's organisation, under it. */
void
org_picker_error(struct html *h, const struct form_errors *fe)
{
    const char *msg = form_errors_for(fe, "organisation_id");
    if (!msg)
        return;
    HTML_LIT(h, "<div class=\"invalid-feedback d-block\" "
                "id=\"organisation_id-error\">");
    html_text(h, msg);
    HTML_LIT(h, "</div>");
}

/*
 * Opens the form (POST to action) for the organisation the picker chose:
 * its id hidden, "verb <name>" shown, and its contacts loaded into
 * contacts for contact_select. -1 on failure (err).
 */
int
org_picked_form(struct html *h, struct req *r, const char *action,
                const char *form_id, const char *verb, const struct org *o,
                struct contact_list *contacts, struct err *err)
{
    struct contact_filter cf = { .organisation_id = o->id,
                                 .limit = -1,
                                 .sort = CONTACT_SORT_NAME };
    if (contact_store_list(r->store, r->scope.cluster_id, &cf, contacts, err))
        return -1;
    HTML_LIT(h, "<form method=\"post\" class=\"bg-white p-3 rounded\" "
                "novalidate");
    html_attr(h, "id", form_id);
    html_attr(h, "action", action);
    HTML_LIT(h, ">");
    layout_csrf(h, r);
    HTML_LIT(h, "<input type=\"hidden\" name=\"organisation_id\"");
    html_attr_int(h, "value", o->id);
    HTML_LIT(h, "><p>");
    html_text(h, verb);
    HTML_LIT(h, " <strong>");
    html_text(h, o->name);
    HTML_LIT(h, "</strong></p>");
    return 0;
}

/* A select "contact_id" of the chosen organisation's contacts, after a
 * first choice none_label (value ""). */
void
contact_select(struct html *h, const struct contact_list *contacts,
               const char *none_label, const char *selected,
               const struct form_errors *fe)
{
    size_t n = contacts->n + 1;
    const char **values = xcalloc(n, sizeof(*values));
    const char **labels = xcalloc(n, sizeof(*labels));
    char(*ids)[24] = xcalloc(n, sizeof(*ids));
    values[0] = "";
    labels[0] = none_label;
    for (size_t i = 0; i < contacts->n; i++) {
        snprintf(ids[i], sizeof(ids[i]), "%" PRId64, contacts->items[i].id);
        values[i + 1] = ids[i];
        labels[i + 1] = contacts->items[i].name;
    }
    layout_select(h, "contact_id", "Contact", values, labels, n, selected, fe);
    free(values);
    free(labels);
    free(ids);
}

static void
register_block(struct html *h, struct req *r, const struct event *e,
               const struct reg_form *typed, const struct form_errors *fe)
{
    struct org o;
    struct contact_list contacts = { 0 };
    struct org_list matches = { 0 };
    struct err err = ERR_INIT;
    char self[96];
    event_path(self, e->id, "");
    org_init(&o);
    HTML_LIT(h, "<section id=\"register\" class=\"mt-4\"><h2 "
                "class=\"h5\">Register an organisation</h2>");
    int64_t org_id =
        org_picker(h, r, self, "register",
                   typed ? typed->organisation_id : req_query(r, "org"), &o,
                   &matches, &err);
    if (org_id < 0)
        goto fail;
    if (!org_id) {
        org_picker_error(h, fe);
        goto done;
    }
    char action[96];
    event_path(action, e->id, "/registrations");
    layout_error_summary(h, fe);
    if (org_picked_form(h, r, action, "register-form", "For", &o, &contacts,
                        &err))
        goto fail;
    contact_select(h, &contacts, "Another person (type the name below)",
                   typed ? typed->contact_id : "", fe);
    HTML_LIT(h, "<div class=\"row\"><div class=\"col-md-6\">");
    layout_input(h, "text", "name", "Name of the person",
                 typed ? typed->name : "", fe,
                 "Only when no contact is chosen.");
    HTML_LIT(h, "</div><div class=\"col-md-6\">");
    layout_input(h, "email", "email", "E-mail", typed ? typed->email : "", fe,
                 NULL);
    HTML_LIT(h, "</div></div><button class=\"btn btn-success\" "
                "type=\"submit\">Register</button> <a class=\"btn "
                "btn-link\"");
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
detail_row(struct html *h, const char *label, const char *value)
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
event_details(struct html *h, const struct req *r, const struct event *e,
              const char *currency)
{
    struct buf b = BUF_INIT;
    HTML_LIT(h, "<dl class=\"row bg-white p-3 rounded\" id=\"details\">");
    event_when_text(&b, e);
    detail_row(h, "When", b.s);
    detail_row(h, "Place", e->place);
    if (*e->online_url) {
        HTML_LIT(h, "<dt class=\"col-sm-4\">Online</dt><dd "
                    "class=\"col-sm-8\"><a rel=\"noopener noreferrer\"");
        html_attr(h, "href", e->online_url);
        HTML_LIT(h, ">");
        html_text(h, e->online_url);
        HTML_LIT(h, "</a></dd>");
    }
    HTML_LIT(h, "<dt class=\"col-sm-4\">Places taken</dt><dd "
                "class=\"col-sm-8\" id=\"places\">");
    places_text(h, e);
    HTML_LIT(h, "</dd><dt class=\"col-sm-4\">Entry fee</dt><dd "
                "class=\"col-sm-8\">");
    fees_text(h, e, currency);
    HTML_LIT(h, "</dd>");
    if (e->working_group_id) {
        char href[64];
        snprintf(href, sizeof(href), "/working-groups/%" PRId64,
                 e->working_group_id);
        HTML_LIT(h, "<dt class=\"col-sm-4\">Working group</dt><dd "
                    "class=\"col-sm-8\">");
        html_link(h, href, e->working_group_name, NULL);
        HTML_LIT(h, "</dd>");
    }
    HTML_LIT(h, "<dt class=\"col-sm-4\">Public registration</dt><dd "
                "class=\"col-sm-8\">");
    if (e->public && !e->cancelled) {
        buf_reset(&b);
        event_site_url(&b, r);
        buf_addf(&b, "/clusters/%s/events/%" PRId64, r->who.cluster_slug,
                 e->id);
        HTML_LIT(h, "<a id=\"public-link\"");
        html_attr(h, "href", b.s);
        HTML_LIT(h, ">");
        html_text(h, b.s);
        HTML_LIT(h, "</a>");
    } else {
        HTML_LIT(h, "closed");
    }
    HTML_LIT(h, "</dd></dl>");
    if (*e->description) {
        HTML_LIT(h, "<div class=\"bg-white p-3 rounded mb-3\" "
                    "id=\"description\">");
        event_paragraphs(h, e->description);
        HTML_LIT(h, "</div>");
    }
    buf_release(&b);
}

static void
event_page(struct req *r, struct resp *rs, int status, const struct event *e,
           const struct reg_form *typed, const struct form_errors *fe)
{
    struct registration_list regs = { 0 };
    struct event_fees fees;
    struct satisfaction sat;
    struct err err = ERR_INIT;
    char currency[4];
    memset(&fees, 0, sizeof(fees));
    memset(&sat, 0, sizeof(sat));
    if (event_currency(r, r->scope.cluster_id, currency, &err) ||
        registration_store_list(r->store, r->scope.cluster_id, e->id, &regs,
                                &err) ||
        event_store_fees(r->store, r->scope.cluster_id, e->id, &fees, &err) ||
        event_store_satisfaction(r->store, r->scope.cluster_id, e->id, &sat,
                                 &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    bool can_write = role_can_write(r->who.role);
    char href[96];
    struct html h = { BUF_INIT };
    layout_begin(&h, r, e->title, NAV_EVENTS);
    layout_flash(&h, r);
    if (e->cancelled)
        HTML_LIT(&h, "<div class=\"alert alert-warning\" "
                     "id=\"cancelled\">This event is cancelled.</div>");
    HTML_LIT(&h, "<div class=\"d-flex align-items-center gap-2 mb-3\"><h1 "
                 "class=\"h3 mb-0\">");
    html_text(&h, e->title);
    HTML_LIT(&h, "</h1>");
    kind_badge(&h, e->kind);
    if (can_write) {
        event_path(href, e->id, "/edit");
        html_link(&h, href, "Edit", "btn btn-primary ms-auto");
        if (!e->cancelled) {
            event_path(href, e->id, "/cancel");
            html_link(&h, href, "Cancel event", "btn btn-outline-danger");
        }
    }
    HTML_LIT(&h, "</div><div class=\"row\"><div class=\"col-lg-7\">");
    event_details(&h, r, e, currency);
    HTML_LIT(&h, "</div><div class=\"col-lg-5\">");
    fees_table(&h, &fees, currency);
    HTML_LIT(&h, "<p class=\"small\">");
    event_path(href, e->id, "/attendees.csv");
    html_link(&h, href, "Attendees (CSV)", NULL);
    HTML_LIT(&h, " · ");
    event_path(href, e->id, "/attendees.xlsx");
    html_link(&h, href, "Attendees (XLSX)", NULL);
    HTML_LIT(&h, " · ");
    event_path(href, e->id, ".ics");
    html_link(&h, href, "Calendar (.ics)", NULL);
    HTML_LIT(&h, "</p></div></div><h2 class=\"h5 mt-4\">Registrations</h2>");
    registrations_table(&h, r, e, &regs, currency, can_write);
    waitlist_table(&h, r, e, &regs, can_write);
    if (can_write && !e->cancelled)
        register_block(&h, r, e, typed, fe);
    satisfaction_block(&h, &sat, &regs);
    HTML_LIT(&h, "<p class=\"small mt-3\"><a href=\"/events\">All "
                 "events</a></p>");
    layout_end(&h);
    resp_html(rs, status, &h);
out:
    registration_list_release(&regs);
}

void
page_events_show(struct req *r, struct resp *rs)
{
    struct event e;
    event_init(&e);
    if (load_event(r, rs, &e))
        event_page(r, rs, 200, &e, NULL, NULL);
    event_release(&e);
}

void
page_events_event_ics(struct req *r, struct resp *rs)
{
    struct event e;
    event_init(&e);
    if (load_event(r, rs, &e)) {
        struct buf base = BUF_INIT;
        char name[48];
        event_site_url(&base, r);
        snprintf(name, sizeof(name), "event-%" PRId64 ".ics", e.id);
        event_ical_send(r, rs, r->scope.cluster_id, r->who.cluster_name, &e, 1,
                        base.s, name);
        buf_release(&base);
    }
    event_release(&e);
}

static void
attendees_export(struct req *r, struct resp *rs, bool xlsx)
{
    static const char *const HEADERS[] = {
        "status", "organisation", "person",  "e-mail",
        "member", "fee",          "paid on", "feedback link",
    };
    struct event e;
    struct registration_list regs = { 0 };
    struct buf content = BUF_INIT, name = BUF_INIT, url = BUF_INIT;
    struct table *t = NULL;
    struct err err = ERR_INIT;
    char currency[4];
    event_init(&e);
    if (!load_event(r, rs, &e))
        goto out;
    if (event_currency(r, r->scope.cluster_id, currency, &err) ||
        registration_store_list(r->store, r->scope.cluster_id, e.id, &regs,
                                &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    t = table_new(ARRAY_SIZE(HEADERS), HEADERS);
    for (size_t i = 0; i < regs.n; i++) {
        const struct registration *g = &regs.items[i];
        char fee[48];
        plain_amount(fee, sizeof(fee), g->fee, currency);
        buf_reset(&url);
        if (g->status == REG_ATTENDED)
            feedback_url(&url, r, g->token);
        const char *cells[] = { registration_status_name(g->status),
                                g->organisation_name,
                                g->name,
                                g->email,
                                g->member ? "yes" : "no",
                                fee,
                                g->paid_on,
                                url.s ? url.s : "" };
        table_add_row(t, cells);
    }
    buf_addf(&name, "attendees-%" PRId64 "-%s.%s", e.id, r->today,
             xlsx ? "xlsx" : "csv");
    if (xlsx ? table_write_xlsx(t, "Attendees", &content, &err)
             : table_write_csv(t, &content)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    resp_download(rs,
                  xlsx ? "application/vnd.openxmlformats-officedocument."
                         "spreadsheetml.sheet"
                       : "text/csv; charset=utf-8",
                  name.s, &content);
out:
    if (t)
        table_free(t);
    buf_release(&content);
    buf_release(&name);
    buf_release(&url);
    registration_list_release(&regs);
    event_release(&e);
}

void
page_events_attendees_csv(struct req *r, struct resp *rs)
{
    attendees_export(r, rs, false);
}

void
page_events_attendees_xlsx(struct req *r, struct resp *rs)
{
    attendees_export(r, rs, true);
}

/* ---- registrations ---- */

void
page_events_register(struct req *r, struct resp *rs)
{
    struct event e;
    struct registration g;
    struct form_errors fe = { .n = 0 };
    struct err err = ERR_INIT;
    event_init(&e);
    registration_init(&g);
    if (!load_event(r, rs, &e))
        goto out;
    struct reg_form typed = { field_or_empty(r, "organisation_id"),
                              field_or_empty(r, "contact_id"),
                              field_or_empty(r, "name"),
                              field_or_empty(r, "email") };
    g.event_id = e.id;
    if (params_id(typed.organisation_id, &g.organisation_id)) {
        err_set(&err, ERR_INVALID, "organisation_id",
                "Choose the organisation to register.");
        add_error(&fe, &err);
    }
    if (*typed.contact_id && params_id(typed.contact_id, &g.contact_id)) {
        err_set(&err, ERR_INVALID, "contact_id",
                "Choose a contact of the list.");
        add_error(&fe, &err);
    }
    org_set_str(&g.name, typed.name);
    org_set_str(&g.email, typed.email);
    if (!fe.n && registration_store_create(r->store, &r->scope, &g,
                                           event_today(r), &err)) {
        if (err.code != ERR_INVALID && err.code != ERR_CONFLICT) {
            layout_error_page(r, rs, &err);
            goto out;
        }
        add_error(&fe, &err);
    }
    if (fe.n) {
        int status = 422;
        for (size_t i = 0; i < fe.n; i++)
            if (fe.items[i].code == ERR_CONFLICT)
                status = 409;
        event_page(r, rs, status, &e, &typed, &fe);
        goto out;
    }
    char loc[96];
    event_path(loc, e.id,
               g.status == REG_WAITLISTED ? "?msg=waitlisted"
                                          : "?msg=registered");
    resp_redirect(rs, loc);
out:
    registration_release(&g);
    event_release(&e);
}

/* Loads the registration r->ids[1] of the event r->ids[0]. */
static bool
load_registration(struct req *r, struct resp *rs, struct registration *g)
{
    struct err err = ERR_INIT;
    enum store_rc rc = registration_store_get(r->store, r->scope.cluster_id,
                                              r->ids[1], g, &err);
    if (rc == STORE_ONE && g->event_id != r->ids[0])
        rc = STORE_NONE;
    return layout_found(r, rs, rc, &err);
}

/* Answers a registration change: back to the event, or the error. */
static void
after_change(struct req *r, struct resp *rs, enum store_rc rc,
             const struct err *err, const char *msg)
{
    if (rc == STORE_HARD &&
        (err->code == ERR_CONFLICT || err->code == ERR_INVALID)) {
        layout_error_page(r, rs, err);
        return;
    }
    if (!layout_found(r, rs, rc, err))
        return;
    char loc[128];
    snprintf(loc, sizeof(loc), "/events/%" PRId64 "?msg=%s#registrations",
             r->ids[0], msg);
    resp_redirect(rs, loc);
}

void
page_events_reg_status(struct req *r, struct resp *rs)
{
    struct registration g;
    struct err err = ERR_INIT;
    registration_init(&g);
    if (!load_registration(r, rs, &g))
        goto out;
    enum registration_status to;
    const char *status = req_field(r, "status");
    if (!status || registration_status_parse(status, &to) ||
        to == REG_CANCELLED) {
        err_set(&err, ERR_INVALID, "status",
                "status must be registered, attended or no_show.");
        layout_error_page(r, rs, &err);
        goto out;
    }
    after_change(r, rs,
                 registration_store_set_status(r->store, &r->scope, g.id, to,
                                               event_today(r), &err),
                 &err, "status");
out:
    registration_release(&g);
}

void
page_events_reg_cancel_confirm(struct req *r, struct resp *rs)
{
    struct registration g;
    registration_init(&g);
    if (!load_registration(r, rs, &g))
        goto out;
    char action[128], back[96];
    snprintf(action, sizeof(action),
             "/events/%" PRId64 "/registrations/%" PRId64 "/cancel", r->ids[0],
             g.id);
    event_path(back, r->ids[0], "");
    struct html h = { BUF_INIT };
    layout_begin(&h, r, "Cancel registration", NAV_EVENTS);
    HTML_LIT(&h, "<div class=\"card\" style=\"max-width:40rem\"><div "
                 "class=\"card-body\"><h1 class=\"h4\">Cancel the "
                 "registration of ");
    html_text(&h, g.name);
    HTML_LIT(&h, " (");
    html_text(&h, g.organisation_name);
    HTML_LIT(&h, ")?</h1>");
    if (g.status == REG_CANCELLED) {
        HTML_LIT(&h, "<p>It is already cancelled.</p>");
    } else {
        HTML_LIT(&h, "<p>");
        if (registration_holds_place(g.status))
            HTML_LIT(&h, "Its place goes to the first on the waitlist, if "
                         "anyone is waiting. ");
        HTML_LIT(&h, "The registration stays in the list as cancelled.</p>");
        layout_post_button(&h, r, action, "Cancel the registration",
                           "btn btn-danger");
    }
    HTML_LIT(&h, " <a class=\"btn btn-link\"");
    html_attr(&h, "href", back);
    HTML_LIT(&h, ">Back to the event</a></div></div>");
    layout_end(&h);
    resp_html(rs, 200, &h);
out:
    registration_release(&g);
}

void
page_events_reg_cancel(struct req *r, struct resp *rs)
{
    struct registration g;
    struct err err = ERR_INIT;
    registration_init(&g);
    if (load_registration(r, rs, &g))
        after_change(r, rs,
                     registration_store_set_status(r->store, &r->scope, g.id,
                                                   REG_CANCELLED,
                                                   event_today(r), &err),
                     &err, "reg-cancelled");
    registration_release(&g);
}

void
page_events_reg_paid(struct req *r, struct resp *rs)
{
    struct registration g;
    struct err err = ERR_INIT;
    registration_init(&g);
    if (!load_registration(r, rs, &g))
        goto out;
    bool paid = form_flag(&r->body, "paid");
    after_change(r, rs,
                 registration_store_set_paid(r->store, &r->scope, g.id,
                                             paid ? r->today : "", &err),
                 &err, paid ? "paid" : "unpaid");
out:
    registration_release(&g);
}

/* ---- the organisation page's block ---- */

void
event_org_section(struct html *h, struct req *r, int64_t org_id)
{
    struct registration_list regs = { 0 };
    struct group_member_list groups = { 0 };
    struct err err = ERR_INIT;
    HTML_LIT(h, "<section id=\"events\" class=\"mt-4\"><h2 class=\"h5\">"
                "Events and working groups</h2>");
    if (registration_store_list_org(r->store, r->scope.cluster_id, org_id,
                                    &regs, &err) ||
        group_member_store_list_org(r->store, r->scope.cluster_id, org_id,
                                    event_today(r), &groups, &err)) {
        HTML_LIT(h, "<div class=\"alert alert-danger\">");
        html_text(h, err.msg);
        HTML_LIT(h, "</div>");
        goto out;
    }
    if (!regs.n) {
        HTML_LIT(h, "<p class=\"text-muted\">No event registrations.</p>");
    } else {
        HTML_LIT(h, "<table class=\"table table-sm bg-white\" "
                    "id=\"org-registrations\"><thead><tr><th>Event</th>"
                    "<th>Person</th><th>Status</th><th>Registered</th></tr>"
                    "</thead><tbody>");
        for (size_t i = 0; i < regs.n; i++) {
            const struct registration *g = &regs.items[i];
            char href[96];
            event_path(href, g->event_id, "");
            HTML_LIT(h, "<tr><td>");
            html_link(h, href, g->event_title, NULL);
            HTML_LIT(h, "</td><td>");
            html_text(h, g->name);
            HTML_LIT(h, "</td><td>");
            status_badge(h, g->status);
            HTML_LIT(h, "</td><td>");
            html_textn(h, g->registered_at,
                       strlen(g->registered_at) < 10 ? strlen(g->registered_at)
                                                     : 10);
            HTML_LIT(h, "</td></tr>");
        }
        HTML_LIT(h, "</tbody></table>");
    }
    if (!groups.n) {
        HTML_LIT(h, "<p class=\"text-muted\">Not in a working group.</p>");
    } else {
        HTML_LIT(h, "<table class=\"table table-sm bg-white\" "
                    "id=\"org-groups\"><thead><tr><th>Working group</th>"
                    "<th>Contact</th><th>Joined</th><th>Participation</th>"
                    "</tr></thead><tbody>");
        for (size_t i = 0; i < groups.n; i++) {
            const struct group_member *m = &groups.items[i];
            char href[64];
            snprintf(href, sizeof(href), "/working-groups/%" PRId64,
                     m->working_group_id);
            HTML_LIT(h, "<tr><td>");
            html_link(h, href, m->group_name, NULL);
            HTML_LIT(h, "</td><td>");
            html_text(h, m->contact_name);
            HTML_LIT(h, "</td><td>");
            html_text(h, m->joined_on);
            HTML_LIT(h, "</td><td>");
            html_count(h, m->meetings_attended);
            HTML_LIT(h, " of ");
            html_count(h, m->meetings);
            HTML_LIT(h, " meetings</td></tr>");
        }
        HTML_LIT(h, "</tbody></table>");
    }
out:
    HTML_LIT(h, "</section>");
    registration_list_release(&regs);
    group_member_list_release(&groups);
}
