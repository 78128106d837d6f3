/*
 * The public event pages of a cluster, reached without signing in under
 * /clusters/SLUG/events: the upcoming public events, one event with its
 * registration form, the thanks page, and the iCalendar files. The
 * cluster comes from the slug in the address, never from the form; an
 * event of another cluster, one not open to public registration, or one
 * cancelled is a 404 like one that does not exist. The form is protected
 * against cross-site posts by the pre-session cookie repeated in the form
 * (as the application form is), and a form with faults stores nothing.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/crypto.h"
#include "base/mem.h"
#include "store/event_store.h"
#include "web/auth.h"
#include "web/layout.h"
#include "web/pages.h"

#define PREFIX "/clusters/"

enum event_public_page {
    EP_LIST,   /* /clusters/SLUG/events */
    EP_FEED,   /* /clusters/SLUG/events.ics */
    EP_EVENT,  /* /clusters/SLUG/events/N */
    EP_ICS,    /* /clusters/SLUG/events/N.ics */
    EP_THANKS, /* /clusters/SLUG/events/N/thanks */
};

/*
 * Splits the path into the slug, the page and the event's number; false
 * for any other shape.
 */
static bool
parse_path(const char *path, char *slug, size_t size,
           enum event_public_page *page, int64_t *id)
{
    if (strncmp(path, PREFIX, strlen(PREFIX)) != 0)
        return false;
    const char *s = path + strlen(PREFIX);
    const char *slash = strchr(s, '/');
    if (!slash || slash == s || (size_t)(slash - s) >= size)
        return false;
    const char *rest = slash + 1;
    *id = 0;
    if (strcmp(rest, "events") == 0) {
        *page = EP_LIST;
    } else if (strcmp(rest, "events.ics") == 0) {
        *page = EP_FEED;
    } else if (strncmp(rest, "events/", 7) == 0) {
        const char *p = rest + 7;
        int64_t v = 0;
        int digits = 0;
        while (*p >= '0' && *p <= '9' && digits < 18) {
            v = v * 10 + (*p++ - '0');
            digits++;
        }
        if (!digits || v == 0)
            return false;
        if (*p == '\0')
            *page = EP_EVENT;
        else if (strcmp(p, ".ics") == 0)
            *page = EP_ICS;
        else if (strcmp(p, "/thanks") == 0)
            *page = EP_THANKS;
        else
            return false;
        *id = v;
    } else {
        return false;
    }
    memcpy(slug, s, (size_t)(slash - s));
    slug[slash - s] = '\0';
    return true;
}

bool
event_public_path(const char *path)
{
    char slug[128];
    enum event_public_page page;
    int64_t id;
    return parse_path(path, slug, sizeof(slug), &page, &id);
}

void
event_public_csrf(struct html *h, const struct req *r, struct resp *rs)
{
    if (r->signed_in) {
        layout_csrf(h, r);
        return;
    }
    char pre[CRYPTO_TOKEN_TEXT];
    crypto_token_new(pre);
    resp_cookie(rs, r, PRESESSION_COOKIE, pre, 3600);
    HTML_LIT(h, "<input type=\"hidden\" name=\"_csrf\"");
    html_attr(h, "value", pre);
    HTML_LIT(h, ">");
}

static void
not_found(const struct req *r, struct resp *rs, const char *what)
{
    struct err err = ERR_INIT;
    err_set(&err, ERR_NOT_FOUND, NULL, "%s", what);
    layout_error_page(r, rs, &err);
}

/* What every public event page needs: the cluster and the page asked. */
struct public_ctx {
    struct cluster cl;
    enum event_public_page page;
    int64_t id;
    char currency[4];
};

static bool
load_ctx(struct req *r, struct resp *rs, struct public_ctx *c)
{
    char slug[128];
    struct err err = ERR_INIT;
    memset(c, 0, sizeof(*c));
    if (!parse_path(r->path, slug, sizeof(slug), &c->page, &c->id)) {
        not_found(r, rs, "There is no page at this address.");
        return false;
    }
    enum store_rc rc = cluster_store_find(r->store, slug, &c->cl, &err);
    if (rc == STORE_NONE) {
        not_found(r, rs, "There is no cluster at this address.");
        return false;
    }
    if (rc != STORE_ONE || event_currency(r, c->cl.id, c->currency, &err)) {
        layout_error_page(r, rs, &err);
        return false;
    }
    return true;
}

/* The public event of the address: false when it has answered (404 for
 * an event that is not the cluster's, not public, or cancelled). */
static bool
load_public_event(struct req *r, struct resp *rs, const struct public_ctx *c,
                  struct event *e)
{
    struct err err = ERR_INIT;
    enum store_rc rc = event_store_get(r->store, c->cl.id, c->id, e, &err);
    if (rc == STORE_HARD) {
        layout_error_page(r, rs, &err);
        return false;
    }
    if (rc == STORE_NONE || !e->public || e->cancelled) {
        not_found(r, rs, "There is no such event open to registration.");
        return false;
    }
    return true;
}

static void
events_path(struct buf *out, const struct public_ctx *c, int64_t id,
            const char *suffix)
{
    buf_addf(out, PREFIX "%s/events", c->cl.slug);
    if (id)
        buf_addf(out, "/%" PRId64, id);
    buf_adds(out, suffix);
}

/* Whether the event ended before today: no more registrations then. */
static bool
event_over(const struct req *r, const struct event *e)
{
    return strncmp(e->ends_at, r->today, 10) < 0;
}

static void
fee_line(struct html *h, const struct event *e, const char *currency)
{
    if (!e->member_fee && !e->nonmember_fee) {
        HTML_LIT(h, "Free of charge");
        return;
    }
    HTML_LIT(h, "Entry fee: ");
    html_money(h, e->nonmember_fee, currency);
    if (e->member_fee != e->nonmember_fee) {
        HTML_LIT(h, " (members of the cluster ");
        html_money(h, e->member_fee, currency);
        HTML_LIT(h, ")");
    }
}

static void
list_page(struct req *r, struct resp *rs, const struct public_ctx *c)
{
    struct event_filter f = { .when = EVENTS_UPCOMING,
                              .today = r->today,
                              .kind = -1,
                              .public_only = true,
                              .limit = -1 };
    struct event_list list = { 0 };
    struct err err = ERR_INIT;
    if (event_store_list(r->store, c->cl.id, &f, &list, &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    struct buf title = BUF_INIT, path = BUF_INIT, when = BUF_INIT;
    buf_addf(&title, "Events of %s", c->cl.name);
    struct html h = { BUF_INIT };
    layout_begin(&h, r, title.s, NAV_NONE);
    HTML_LIT(&h, "<h1 class=\"h3\">Events of ");
    html_text(&h, c->cl.name);
    HTML_LIT(&h, "</h1><p><a");
    events_path(&path, c, 0, ".ics");
    html_attr(&h, "href", path.s);
    HTML_LIT(&h, ">Add these events to your calendar (.ics)</a></p>"
                 "<div class=\"row g-3\" id=\"public-events\">");
    for (size_t i = 0; i < list.n; i++) {
        const struct event *e = &list.items[i];
        buf_reset(&path);
        events_path(&path, c, e->id, "");
        buf_reset(&when);
        event_when_text(&when, e);
        HTML_LIT(&h, "<div class=\"col-md-6 col-lg-4\"><div class=\"card "
                     "h-100\"><div class=\"card-body\"><h2 class=\"h5 "
                     "card-title\"><a");
        html_attr(&h, "href", path.s);
        HTML_LIT(&h, ">");
        html_text(&h, e->title);
        HTML_LIT(&h, "</a></h2><p class=\"mb-1\">");
        html_text(&h, when.s);
        HTML_LIT(&h, "</p><p class=\"mb-1 text-muted\">");
        html_text(&h, event_kind_label(e->kind));
        if (*e->place) {
            HTML_LIT(&h, " · ");
            html_text(&h, e->place);
        } else if (*e->online_url) {
            HTML_LIT(&h, " · online");
        }
        HTML_LIT(&h, "</p><p class=\"small mb-0\">");
        fee_line(&h, e, c->currency);
        HTML_LIT(&h, "</p></div></div></div>");
    }
    if (!list.n)
        HTML_LIT(&h, "<p class=\"text-muted\">No upcoming events at the "
                     "moment.</p>");
    HTML_LIT(&h, "</div>");
    layout_end(&h);
    resp_html(rs, 200, &h);
    buf_release(&title);
    buf_release(&path);
    buf_release(&when);
out:
    event_list_release(&list);
}

/* The form's values as typed. */
struct public_form {
    const char *name, *email, *organisation, *position;
    bool consent;
};

static const char *
field_or_empty(const struct req *r, const char *name)
{
    const char *v = req_field(r, name);
    return v ? v : "";
}

static void
event_page(struct req *r, struct resp *rs, int status,
           const struct public_ctx *c, const struct event *e,
           const struct public_form *v, const struct form_errors *fe,
           const char *problem)
{
    struct buf when = BUF_INIT, action = BUF_INIT, list = BUF_INIT,
               ics = BUF_INIT;
    event_when_text(&when, e);
    events_path(&action, c, e->id, "");
    events_path(&list, c, 0, "");
    events_path(&ics, c, e->id, ".ics");
    struct html h = { BUF_INIT };
    layout_begin(&h, r, e->title, NAV_NONE);
    HTML_LIT(&h, "<p class=\"small\"><a");
    html_attr(&h, "href", list.s);
    HTML_LIT(&h, ">Events of ");
    html_text(&h, c->cl.name);
    HTML_LIT(&h, "</a></p><h1 class=\"h3\">");
    html_text(&h, e->title);
    HTML_LIT(&h, "</h1><dl class=\"row bg-white p-3 rounded\" "
                 "id=\"details\"><dt class=\"col-sm-3\">When</dt><dd "
                 "class=\"col-sm-9\">");
    html_text(&h, when.s);
    HTML_LIT(&h, " <a");
    html_attr(&h, "href", ics.s);
    HTML_LIT(&h, ">(add to calendar)</a></dd><dt class=\"col-sm-3\">Kind"
                 "</dt><dd class=\"col-sm-9\">");
    html_text(&h, event_kind_label(e->kind));
    HTML_LIT(&h, "</dd>");
    if (*e->place) {
        HTML_LIT(&h, "<dt class=\"col-sm-3\">Place</dt><dd "
                     "class=\"col-sm-9\">");
        html_text(&h, e->place);
        HTML_LIT(&h, "</dd>");
    }
    if (*e->online_url)
        HTML_LIT(&h, "<dt class=\"col-sm-3\">Online</dt><dd "
                     "class=\"col-sm-9\">The link is sent to the registered "
                     "participants.</dd>");
    HTML_LIT(&h, "<dt class=\"col-sm-3\">Fee</dt><dd class=\"col-sm-9\">");
    fee_line(&h, e, c->currency);
    HTML_LIT(&h, "</dd>");
    if (e->capacity) {
        int64_t left = e->capacity - e->registered;
        HTML_LIT(&h, "<dt class=\"col-sm-3\">Places</dt><dd "
                     "class=\"col-sm-9\" id=\"places-left\">");
        if (left > 0) {
            html_count(&h, left);
            HTML_LIT(&h, " of ");
            html_count(&h, e->capacity);
            HTML_LIT(&h, " left");
        } else {
            HTML_LIT(&h, "Full: new registrations go on the waitlist");
        }
        HTML_LIT(&h, "</dd>");
    }
    HTML_LIT(&h, "</dl>");
    if (*e->description) {
        HTML_LIT(&h, "<div class=\"mb-4\" id=\"description\">");
        event_paragraphs(&h, e->description);
        HTML_LIT(&h, "</div>");
    }
    if (problem) {
        HTML_LIT(&h, "<div class=\"alert alert-warning\" role=\"alert\" "
                     "id=\"problem\">");
        html_text(&h, problem);
        HTML_LIT(&h, "</div>");
    }
    if (event_over(r, e)) {
        HTML_LIT(&h, "<p class=\"alert alert-info\">This event is over; "
                     "registration is closed.</p>");
    } else {
        HTML_LIT(&h, "<h2 class=\"h5\">Register</h2>");
        layout_error_summary(&h, fe);
        HTML_LIT(&h, "<form method=\"post\" class=\"bg-white p-4 rounded\" "
                     "novalidate id=\"registration-form\"");
        html_attr(&h, "action", action.s);
        HTML_LIT(&h, ">");
        event_public_csrf(&h, r, rs);
        HTML_LIT(&h, "<div class=\"row\"><div class=\"col-md-6\">");
        layout_input(&h, "text", "name", "Your name", v->name, fe, NULL);
        layout_input(&h, "email", "email", "E-mail", v->email, fe, NULL);
        HTML_LIT(&h, "</div><div class=\"col-md-6\">");
        layout_input(&h, "text", "organisation", "Organisation",
                     v->organisation, fe, NULL);
        layout_input(&h, "text", "position", "Position", v->position, fe, NULL);
        HTML_LIT(&h, "</div></div>");
        layout_checkbox(&h, "consent",
                        "Send me news of the cluster by e-mail (you can "
                        "unsubscribe at any time).",
                        v->consent);
        HTML_LIT(&h, "<button class=\"btn btn-primary\" type=\"submit\">"
                     "Register</button></form>");
    }
    layout_end(&h);
    resp_html(rs, status, &h);
    buf_release(&when);
    buf_release(&action);
    buf_release(&list);
    buf_release(&ics);
}

static void
thanks_page(struct req *r, struct resp *rs, const struct public_ctx *c,
            const struct event *e)
{
    const char *status = req_query(r, "status");
    bool waitlisted = status && strcmp(status, "waitlisted") == 0;
    struct buf back = BUF_INIT, when = BUF_INIT;
    events_path(&back, c, 0, "");
    event_when_text(&when, e);
    struct html h = { BUF_INIT };
    layout_begin(&h, r, "Thank you", NAV_NONE);
    HTML_LIT(&h, "<div class=\"card\"><div class=\"card-body\" "
                 "id=\"thanks\">");
    if (waitlisted) {
        HTML_LIT(&h, "<h1 class=\"h3\">You are on the waitlist</h1><p "
                     "class=\"lead\">");
        html_text(&h, e->title);
        HTML_LIT(&h, " is full. You are on the waitlist and get a place as "
                     "soon as one is freed.</p>");
    } else {
        HTML_LIT(&h, "<h1 class=\"h3\">You are registered</h1><p "
                     "class=\"lead\">See you at ");
        html_text(&h, e->title);
        HTML_LIT(&h, ", ");
        html_text(&h, when.s);
        HTML_LIT(&h, ".</p>");
    }
    HTML_LIT(&h, "<p><a");
    html_attr(&h, "href", back.s);
    HTML_LIT(&h, ">More events of ");
    html_text(&h, c->cl.name);
    HTML_LIT(&h, "</a></p></div></div>");
    layout_end(&h);
    resp_html(rs, 200, &h);
    buf_release(&back);
    buf_release(&when);
}

static void
feed(struct req *r, struct resp *rs, const struct public_ctx *c,
     const struct event *one)
{
    struct event_filter f = { .when = EVENTS_UPCOMING,
                              .today = r->today,
                              .kind = -1,
                              .public_only = true,
                              .limit = -1 };
    struct event_list list = { 0 };
    struct err err = ERR_INIT;
    if (!one && event_store_list(r->store, c->cl.id, &f, &list, &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    struct buf base = BUF_INIT, name = BUF_INIT;
    event_site_url(&base, r); /* URLs are base/events/N */
    buf_addf(&base, PREFIX "%s", c->cl.slug);
    if (one)
        buf_addf(&name, "%s-event-%" PRId64 ".ics", c->cl.slug, one->id);
    else
        buf_addf(&name, "%s-events.ics", c->cl.slug);
    event_ical_send(r, rs, c->cl.id, c->cl.name, one ? one : list.items,
                    one ? 1 : list.n, base.s, name.s);
    buf_release(&base);
    buf_release(&name);
out:
    event_list_release(&list);
}

void
event_public_get(struct req *r, struct resp *rs)
{
    struct public_ctx c;
    struct event e;
    event_init(&e);
    if (!load_ctx(r, rs, &c))
        goto out;
    if (c.page == EP_LIST) {
        list_page(r, rs, &c);
    } else if (c.page == EP_FEED) {
        feed(r, rs, &c, NULL);
    } else if (load_public_event(r, rs, &c, &e)) {
        if (c.page == EP_ICS) {
            feed(r, rs, &c, &e);
        } else if (c.page == EP_THANKS) {
            thanks_page(r, rs, &c, &e);
        } else {
            struct public_form v = { "", "", "", "", false };
            event_page(r, rs, 200, &c, &e, &v, NULL, NULL);
        }
    }
out:
    event_release(&e);
    cluster_release(&c.cl);
}

/*
 * Takes a registration: every field validated first (nothing stored when
 * one is wrong), then the store finds or creates the organisation and
 * the contact and registers, or puts on the waitlist.
 */
static void
submit(struct req *r, struct resp *rs, const struct public_ctx *c,
       const struct event *e)
{
    struct public_registration p;
    struct registration out;
    struct form_errors fe = { .n = 0 };
    struct err err = ERR_INIT;
    public_registration_init(&p);
    registration_init(&out);
    struct public_form v = { field_or_empty(r, "name"),
                             field_or_empty(r, "email"),
                             field_or_empty(r, "organisation"),
                             field_or_empty(r, "position"),
                             form_flag(&r->body, "consent") };
    if (event_over(r, e)) {
        event_page(r, rs, 409, c, e, &v, NULL,
                   "This event is over; registration is closed.");
        goto done;
    }
    org_set_str(&p.name, v.name);
    org_set_str(&p.email, v.email);
    org_set_str(&p.organisation, v.organisation);
    org_set_str(&p.position, v.position);
    p.consent = v.consent;
    size_t n = public_registration_validate(&p, fe.items, FORM_MAX_ERRORS);
    form_errors_take(&fe, n);
    if (fe.n) {
        event_page(r, rs, 422, c, e, &v, &fe, NULL);
        goto done;
    }
    struct scope sc = { .cluster_id = c->cl.id,
                        .user_id = 0,
                        .actor = "public registration" };
    enum store_rc rc = registration_store_public(r->store, &sc, e->id, &p,
                                                 event_today(r), &out, &err);
    if (rc == STORE_NONE) {
        not_found(r, rs, "There is no such event open to registration.");
    } else if (rc == STORE_HARD && err.code == ERR_CONFLICT) {
        if (!err.field[0])
            snprintf(err.field, sizeof(err.field), "%s", "email");
        form_errors_add(&fe, &err);
        event_page(r, rs, 409, c, e, &v, &fe, NULL);
    } else if (rc == STORE_HARD && err.code == ERR_INVALID) {
        form_errors_add(&fe, &err);
        event_page(r, rs, 422, c, e, &v, &fe, NULL);
    } else if (rc == STORE_HARD) {
        layout_error_page(r, rs, &err);
    } else {
        struct buf loc = BUF_INIT;
        events_path(&loc, c, e->id, "/thanks?status=");
        buf_adds(&loc, registration_status_name(out.status));
        resp_redirect(rs, loc.s);
        buf_release(&loc);
    }
done:
    public_registration_release(&p);
    registration_release(&out);
}

void
event_public_post(struct req *r, struct resp *rs)
{
    struct public_ctx c;
    struct event e;
    event_init(&e);
    if (!load_ctx(r, rs, &c))
        goto out;
    if (c.page != EP_EVENT) {
        struct err err = ERR_INIT;
        resp_header(rs, "Allow", "GET, HEAD");
        err_set(&err, ERR_METHOD, NULL, "This address does not take POST.");
        layout_error_page(r, rs, &err);
        goto out;
    }
    if (load_public_event(r, rs, &c, &e))
        submit(r, rs, &c, &e);
out:
    event_release(&e);
    cluster_release(&c.cl);
}
