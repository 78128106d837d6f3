/*
 * The public pages of a cluster, reached without signing in under
 * /clusters/SLUG/: the price list (active tiers, their fees and what
 * membership gives) and the light application form, whose applicant a
 * manager then approves or declines. The cluster comes from the slug in
 * the address, never from the form. The form is protected against
 * cross-site posts by a pre-session cookie repeated in the form, as the
 * sign-in form is (auth_csrf_ok). A form with faults stores nothing.
 * The public event pages under /clusters/SLUG/events are event_public.c's.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/crypto.h"
#include "base/mem.h"
#include "core/money.h"
#include "store/membership_store.h"
#include "web/auth.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/params.h"

#define PREFIX "/clusters/"

enum public_page { PUBLIC_PRICES, PUBLIC_APPLY, PUBLIC_THANKS };

/*
 * Splits /clusters/SLUG/PAGE into the slug and the page; false for any
 * other shape (the caller answers 404).
 */
static bool
parse_public_path(const char *path, char *slug, size_t size,
                  enum public_page *page)
{
    static const struct {
        const char *name;
        enum public_page page;
    } PAGES[] = {
        { "prices", PUBLIC_PRICES },
        { "apply", PUBLIC_APPLY },
        { "thanks", PUBLIC_THANKS },
    };
    if (strncmp(path, PREFIX, strlen(PREFIX)) != 0)
        return false;
    const char *s = path + strlen(PREFIX);
    const char *slash = strchr(s, '/');
    if (!slash || slash == s || (size_t)(slash - s) >= size)
        return false;
    for (size_t i = 0; i < ARRAY_SIZE(PAGES); i++) {
        if (strcmp(slash + 1, PAGES[i].name) == 0) {
            memcpy(slug, s, (size_t)(slash - s));
            slug[slash - s] = '\0';
            *page = PAGES[i].page;
            return true;
        }
    }
    return false;
}

static void
no_cluster(const struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    err_set(&err, ERR_NOT_FOUND, NULL, "There is no cluster at this address.");
    layout_error_page(r, rs, &err);
}

/*
 * Finds the cluster of the address; false when it has answered (404 for
 * an unknown slug or page, the error page for a failure).
 */
static bool
load_cluster(const struct req *r, struct resp *rs, struct cluster *cl,
             enum public_page *page)
{
    char slug[128];
    struct err err = ERR_INIT;
    if (!parse_public_path(r->path, slug, sizeof(slug), page)) {
        no_cluster(r, rs);
        return false;
    }
    enum store_rc rc = cluster_store_find(r->store, slug, cl, &err);
    if (rc == STORE_ONE)
        return true;
    if (rc == STORE_NONE)
        no_cluster(r, rs);
    else
        layout_error_page(r, rs, &err);
    return false;
}

static void
cluster_path(struct buf *out, const struct cluster *cl, const char *page)
{
    buf_addf(out, PREFIX "%s/%s", cl->slug, page);
}

/* Text of several lines as paragraphs. */
static void
paragraphs(struct html *h, const char *text, const char *css)
{
    const char *p = text;
    while (*p) {
        size_t len = strcspn(p, "\n");
        size_t tlen = len;
        if (tlen && p[tlen - 1] == '\r')
            tlen--;
        if (tlen) {
            HTML_LIT(h, "<p");
            if (css)
                html_attr(h, "class", css);
            HTML_LIT(h, ">");
            html_textn(h, p, tlen);
            HTML_LIT(h, "</p>");
        }
        p += len + (p[len] ? 1 : 0);
    }
}

/* The price of a tier in words: "1,500.00 EUR a year", "free ...". */
static void
tier_price(struct html *h, const struct tier *t, const struct fee_settings *f)
{
    if (t->associate || t->annual_fee == 0) {
        HTML_LIT(h, "Free of charge");
        if (t->associate)
            HTML_LIT(h, ", in exchange for services in kind");
        return;
    }
    struct buf fee = BUF_INIT;
    money_format(&fee, t->annual_fee, f->currency);
    html_text(h, fee.s);
    buf_release(&fee);
    HTML_LIT(h, " a year");
}

/*
 * What the price list and the application form show: the cluster's
 * settings and the tiers it offers today. c is initialised here and
 * released by prices_release, also after an error.
 */
static int
load_prices(const struct req *r, const struct cluster *cl,
            struct cluster_settings *c, struct tier **items, size_t *n,
            struct err *err)
{
    cluster_settings_init(c);
    if (settings_store_get(r->store, cl->id, c, err) ||
        tier_store_list(r->store, cl->id, true, r->today, items, n, err))
        return -1;
    return 0;
}

static void
prices_release(struct cluster_settings *c, struct tier *items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        tier_release(&items[i]);
    free(items);
    cluster_settings_release(c);
}

static void
prices_page(struct req *r, struct resp *rs, const struct cluster *cl)
{
    struct cluster_settings c;
    struct tier *items = NULL;
    size_t n = 0;
    struct err err = ERR_INIT;
    if (load_prices(r, cl, &c, &items, &n, &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    struct buf title = BUF_INIT, apply = BUF_INIT;
    buf_addf(&title, "Membership of %s", cl->name);
    cluster_path(&apply, cl, "apply");
    struct html h = { BUF_INIT };
    layout_begin(&h, r, title.s, NAV_NONE);
    HTML_LIT(&h, "<h1 class=\"h3\">");
    html_text(&h, cl->name);
    HTML_LIT(&h, "</h1><p class=\"lead\">Membership and its price list</p>");
    if (*c.benefits) {
        HTML_LIT(&h, "<section id=\"benefits\" class=\"bg-white p-3 rounded "
                     "mb-4\"><h2 class=\"h5\">What membership gives</h2>");
        paragraphs(&h, c.benefits, NULL);
        HTML_LIT(&h, "</section>");
    }
    HTML_LIT(&h, "<div class=\"row g-3 mb-4\" id=\"prices\">");
    for (size_t i = 0; i < n; i++) {
        const struct tier *t = &items[i];
        HTML_LIT(&h, "<div class=\"col-md-6 col-lg-4\"><div class=\"card "
                     "h-100 tier\"><div class=\"card-body\">"
                     "<h2 class=\"h5 card-title\">");
        html_text(&h, t->name);
        HTML_LIT(&h, "</h2><p class=\"card-figure fs-4 mb-1\">");
        tier_price(&h, t, &c.fees);
        HTML_LIT(&h, "</p>");
        if (!t->associate && t->annual_fee > 0 &&
            t->annual_fee >= c.fees.instalment_threshold)
            HTML_LIT(&h, "<p class=\"text-muted small\">Paid in two "
                         "half-year instalments.</p>");
        HTML_LIT(&h, "<p class=\"small\">For: ");
        tier_kinds_labels(&h, t->kinds);
        HTML_LIT(&h, "</p>");
        paragraphs(&h, t->description, "card-text");
        HTML_LIT(&h, "</div></div></div>");
    }
    if (!n)
        HTML_LIT(&h, "<p class=\"text-muted\">No membership tiers are "
                     "offered at the moment.</p>");
    HTML_LIT(&h, "</div>");
    if (n) {
        HTML_LIT(&h, "<a class=\"btn btn-primary btn-lg\"");
        html_attr(&h, "href", apply.s);
        HTML_LIT(&h, ">Apply for membership</a>");
    }
    layout_end(&h);
    resp_html(rs, 200, &h);
    buf_release(&title);
    buf_release(&apply);
out:
    prices_release(&c, items, n);
}

/*
 * The CSRF input of a public form: the session's token for a signed-in
 * visitor, else a fresh pre-session cookie repeated in the form.
 */
static void
public_csrf(struct html *h, const struct req *r, struct resp *rs)
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

/* The form's tier choices: paying tiers, then associate ones. */
static void
tier_select(struct html *h, const struct tier *items, size_t n,
            const struct fee_settings *f, const char *selected,
            const struct form_errors *fe)
{
    const char **values = xcalloc(n + 1, sizeof(*values));
    const char **labels = xcalloc(n + 1, sizeof(*labels));
    struct buf *texts = xcalloc(2 * n + 1, sizeof(*texts));
    size_t k = 0;
    values[k] = "";
    labels[k++] = "Choose a tier";
    for (int assoc = 0; assoc < 2; assoc++) {
        for (size_t i = 0; i < n; i++) {
            const struct tier *t = &items[i];
            if (t->associate != (assoc == 1))
                continue;
            struct buf *v = &texts[2 * i], *l = &texts[2 * i + 1];
            buf_init(v, 0);
            buf_init(l, 0);
            buf_addf(v, "%" PRId64, t->id);
            buf_adds(l, t->name);
            buf_adds(l, " – ");
            if (t->associate) {
                buf_adds(l, "associate, free of charge for services in kind");
            } else {
                money_format(l, t->annual_fee, f->currency);
                buf_adds(l, " a year");
            }
            values[k] = v->s;
            labels[k++] = l->s;
        }
    }
    layout_select(h, "tier_id", "Membership tier", values, labels, k, selected,
                  fe);
    for (size_t i = 0; i < 2 * n; i++)
        buf_release(&texts[i]);
    free(texts);
    free(values);
    free(labels);
}

/* The form's values as typed. */
struct apply_form {
    const char *name, *kind, *registration_no, *country, *city, *website;
    const char *contact_name, *contact_email, *contact_phone, *contact_position;
    const char *tier_id;
    bool consent;
};

static const char *
field_or_empty(const struct req *r, const char *name)
{
    const char *v = req_field(r, name);
    return v ? v : "";
}

static void
apply_form_read(const struct req *r, struct apply_form *v)
{
    v->name = field_or_empty(r, "name");
    v->kind = field_or_empty(r, "kind");
    v->registration_no = field_or_empty(r, "registration_no");
    v->country = field_or_empty(r, "country");
    v->city = field_or_empty(r, "city");
    v->website = field_or_empty(r, "website");
    v->contact_name = field_or_empty(r, "contact_name");
    v->contact_email = field_or_empty(r, "contact_email");
    v->contact_phone = field_or_empty(r, "contact_phone");
    v->contact_position = field_or_empty(r, "contact_position");
    v->tier_id = field_or_empty(r, "tier_id");
    v->consent = form_flag(&r->body, "consent");
}

static void
apply_page(struct req *r, struct resp *rs, int status, const struct cluster *cl,
           const struct apply_form *v, const struct form_errors *fe,
           const char *problem)
{
    struct cluster_settings c;
    struct tier *items = NULL;
    size_t n = 0;
    struct err err = ERR_INIT;
    if (load_prices(r, cl, &c, &items, &n, &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    struct buf title = BUF_INIT, action = BUF_INIT, prices = BUF_INIT;
    buf_addf(&title, "Apply for membership of %s", cl->name);
    cluster_path(&action, cl, "apply");
    cluster_path(&prices, cl, "prices");
    struct html h = { BUF_INIT };
    layout_begin(&h, r, title.s, NAV_NONE);
    HTML_LIT(&h, "<h1 class=\"h3\">Apply for membership of ");
    html_text(&h, cl->name);
    HTML_LIT(&h, "</h1><p>Fill in your organisation and a contact person; "
                 "the cluster's team will get back to you. See the <a");
    html_attr(&h, "href", prices.s);
    HTML_LIT(&h, ">price list</a> for the tiers.</p>");
    if (problem) {
        HTML_LIT(&h, "<div class=\"alert alert-warning\" role=\"alert\" "
                     "id=\"problem\">");
        html_text(&h, problem);
        HTML_LIT(&h, "</div>");
    }
    layout_error_summary(&h, fe);
    HTML_LIT(&h, "<form method=\"post\" class=\"bg-white p-4 rounded\" "
                 "novalidate");
    html_attr(&h, "action", action.s);
    HTML_LIT(&h, ">");
    public_csrf(&h, r, rs);
    HTML_LIT(&h, "<div class=\"row\"><div class=\"col-md-6\">"
                 "<h2 class=\"h5\">Organisation</h2>");
    layout_input(&h, "text", "name", "Name", v->name, fe, NULL);
    const char *values[ORG_KIND__COUNT + 1], *labels[ORG_KIND__COUNT + 1];
    values[0] = "";
    labels[0] = "Choose the kind";
    for (int k = 0; k < ORG_KIND__COUNT; k++) {
        values[k + 1] = org_kind_name((enum org_kind)k);
        labels[k + 1] = org_kind_label((enum org_kind)k);
    }
    layout_select(&h, "kind", "Kind", values, labels, ORG_KIND__COUNT + 1,
                  v->kind, fe);
    layout_input(&h, "text", "registration_no", "Registration or VAT number",
                 v->registration_no, fe, NULL);
    layout_input(&h, "text", "country", "Country", v->country, fe,
                 "Two letters: UA, SE, DE, PL, ...");
    layout_input(&h, "text", "city", "City", v->city, fe, NULL);
    layout_input(&h, "url", "website", "Website", v->website, fe, NULL);
    HTML_LIT(&h, "</div><div class=\"col-md-6\">"
                 "<h2 class=\"h5\">Contact person</h2>");
    layout_input(&h, "text", "contact_name", "Name", v->contact_name, fe, NULL);
    layout_input(&h, "email", "contact_email", "E-mail", v->contact_email, fe,
                 NULL);
    layout_input(&h, "tel", "contact_phone", "Phone", v->contact_phone, fe,
                 NULL);
    layout_input(&h, "text", "contact_position", "Position",
                 v->contact_position, fe, NULL);
    HTML_LIT(&h, "<h2 class=\"h5\">Membership</h2>");
    tier_select(&h, items, n, &c.fees, v->tier_id, fe);
    layout_checkbox(&h, "consent",
                    "I agree that the cluster stores these details and "
                    "contacts us about the membership.",
                    v->consent);
    const char *consent_error = form_errors_for(fe, "consent");
    if (consent_error) {
        HTML_LIT(&h, "<div class=\"invalid-feedback d-block mb-3\" "
                     "id=\"consent-error\">");
        html_text(&h, consent_error);
        HTML_LIT(&h, "</div>");
    }
    HTML_LIT(&h, "</div></div><button class=\"btn btn-primary\" "
                 "type=\"submit\">Send the application</button></form>");
    layout_end(&h);
    resp_html(rs, status, &h);
    buf_release(&title);
    buf_release(&action);
    buf_release(&prices);
out:
    prices_release(&c, items, n);
}

static void
thanks_page(struct req *r, struct resp *rs, const struct cluster *cl)
{
    struct buf prices = BUF_INIT;
    cluster_path(&prices, cl, "prices");
    struct html h = { BUF_INIT };
    layout_begin(&h, r, "Thank you", NAV_NONE);
    HTML_LIT(&h, "<div class=\"card\"><div class=\"card-body\">"
                 "<h1 class=\"h3\">Thank you for applying</h1><p "
                 "class=\"lead\">");
    html_text(&h, cl->name);
    HTML_LIT(&h, " has received your application. The team will review it "
                 "and contact you.</p><p><a");
    html_attr(&h, "href", prices.s);
    HTML_LIT(&h, ">Back to the price list</a></p></div></div>");
    layout_end(&h);
    resp_html(rs, 200, &h);
    buf_release(&prices);
}

void
page_public_get(struct req *r, struct resp *rs)
{
    struct cluster cl = { 0 };
    enum public_page page;
    if (event_public_path(r->path)) {
        event_public_get(r, rs); /* /clusters/SLUG/events... */
        return;
    }
    if (!load_cluster(r, rs, &cl, &page))
        goto out;
    if (page == PUBLIC_PRICES) {
        prices_page(r, rs, &cl);
    } else if (page == PUBLIC_APPLY) {
        struct apply_form v = { "", "", "", "", "", "",
                                "", "", "", "", "", false };
        apply_page(r, rs, 200, &cl, &v, NULL, NULL);
    } else {
        thanks_page(r, rs, &cl);
    }
out:
    cluster_release(&cl);
}

/*
 * Takes an application: validates every field (nothing stored when one
 * is wrong), then lets the store reuse or create the organisation and
 * record the applicant. An organisation with a membership that is not
 * over gets a clear message and nothing is stored.
 */
static void
submit_application(struct req *r, struct resp *rs, const struct cluster *cl)
{
    struct application a;
    struct apply_form v;
    struct form_errors fe = { .n = 0 };
    struct err err = ERR_INIT;
    application_init(&a);
    apply_form_read(r, &v);
    org_set_str(&a.org.name, v.name);
    org_set_str(&a.org.registration_no, v.registration_no);
    org_set_str(&a.org.country, v.country);
    org_set_str(&a.org.city, v.city);
    org_set_str(&a.org.website, v.website);
    org_set_str(&a.contact.name, v.contact_name);
    org_set_str(&a.contact.email, v.contact_email);
    org_set_str(&a.contact.phone, v.contact_phone);
    org_set_str(&a.contact.position, v.contact_position);
    a.consent = v.consent;
    if (org_kind_parse(v.kind, &a.org.kind)) {
        err_set(&err, ERR_INVALID, "kind", "Choose the kind of organisation.");
        form_errors_add(&fe, &err);
        err_clear(&err);
        a.org.kind = ORG_KIND_OTHER;
    }
    if (*v.tier_id && params_id(v.tier_id, &a.tier_id)) {
        err_set(&err, ERR_INVALID, "tier_id", "Choose a membership tier.");
        form_errors_add(&fe, &err);
        err_clear(&err);
    }
    struct err rules[FORM_MAX_ERRORS];
    size_t n = application_validate_all(&a, r->today, rules, FORM_MAX_ERRORS);
    for (size_t i = 0; i < n && i < FORM_MAX_ERRORS; i++)
        form_errors_add(&fe, &rules[i]);
    if (fe.n) {
        apply_page(r, rs, 422, cl, &v, &fe, NULL);
        goto out;
    }
    struct scope sc = { .cluster_id = cl->id,
                        .user_id = 0,
                        .actor = "application form" };
    int64_t membership_id = 0;
    if (application_store_submit(r->store, &sc, &a, r->today, &membership_id,
                                 &err)) {
        if (err.code == ERR_CONFLICT) {
            struct buf msg = BUF_INIT;
            buf_addf(&msg,
                     "%s already has a membership or an application in "
                     "progress with %s, so this application was not "
                     "recorded. Please contact the cluster's team.",
                     a.org.name, cl->name);
            apply_page(r, rs, 409, cl, &v, NULL, msg.s);
            buf_release(&msg);
        } else if (err.code == ERR_INVALID) {
            form_errors_add(&fe, &err);
            apply_page(r, rs, 422, cl, &v, &fe, NULL);
        } else {
            layout_error_page(r, rs, &err);
        }
        goto out;
    }
    struct buf loc = BUF_INIT;
    cluster_path(&loc, cl, "thanks");
    resp_redirect(rs, loc.s);
    buf_release(&loc);
out:
    application_release(&a);
}

void
page_public_post(struct req *r, struct resp *rs)
{
    struct cluster cl = { 0 };
    enum public_page page;
    if (event_public_path(r->path)) {
        event_public_post(r, rs);
        return;
    }
    if (!load_cluster(r, rs, &cl, &page))
        goto out;
    if (page != PUBLIC_APPLY) {
        struct err err = ERR_INIT;
        resp_header(rs, "Allow", "GET, HEAD");
        err_set(&err, ERR_METHOD, NULL, "This address does not take POST.");
        layout_error_page(r, rs, &err);
        goto out;
    }
    submit_application(r, rs, &cl);
out:
    cluster_release(&cl);
}
