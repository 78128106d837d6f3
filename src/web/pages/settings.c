/*
 * The cluster's settings page (admins): the fee rules (currency, fiscal
 * year start, instalment threshold, pro-rata, grace period) and the
 * details printed on invoices and the public price list; in a form of its
 * own, the funnel's settings (the warm window in days, the activity kinds
 * that are interest signals, the time zone of event times). A form with
 * faults is shown again as typed with each error beside its field, and
 * nothing is saved. Money is typed in major units and parsed with
 * money_parse; it never passes through floating point.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"
#include "core/lead.h"
#include "core/money.h"
#include "store/funnel_store.h"
#include "store/membership_store.h"
#include "web/layout.h"
#include "web/pages.h"

static const char *const MONTHS[12] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December",
};

/* The form's values as text, so a wrong value is shown as it was typed. */
struct settings_form {
    const char *currency;
    const char *fy_start_month;
    const char *threshold;
    bool prorata;
    const char *grace_days;
    const char *legal_name;
    const char *address;
    const char *email;
    const char *website;
    const char *vat_id;
    const char *bank_account;
    const char *benefits;
};

/* The text fields of the form: their names, labels and length caps. */
static const struct {
    const char *name;
    const char *label;
    size_t max;
    size_t form_offset;
    size_t settings_offset;
} TEXTS[] = {
    { "legal_name", "The legal name", 200,
      offsetof(struct settings_form, legal_name),
      offsetof(struct cluster_settings, legal_name) },
    { "address", "The address", 1000, offsetof(struct settings_form, address),
      offsetof(struct cluster_settings, address) },
    { "email", "The e-mail address", 254, offsetof(struct settings_form, email),
      offsetof(struct cluster_settings, email) },
    { "website", "The website", 200, offsetof(struct settings_form, website),
      offsetof(struct cluster_settings, website) },
    { "vat_id", "The VAT number", 50, offsetof(struct settings_form, vat_id),
      offsetof(struct cluster_settings, vat_id) },
    { "bank_account", "The bank account", 300,
      offsetof(struct settings_form, bank_account),
      offsetof(struct cluster_settings, bank_account) },
    { "benefits", "What membership gives", 5000,
      offsetof(struct settings_form, benefits),
      offsetof(struct cluster_settings, benefits) },
};

static const char **
form_text(struct settings_form *v, size_t i)
{
    return (const char **)((char *)v + TEXTS[i].form_offset);
}

static char **
settings_text(struct cluster_settings *c, size_t i)
{
    return (char **)((char *)c + TEXTS[i].settings_offset);
}

/* The funnel form's values as text, kept as typed. */
struct funnel_form {
    const char *warm_days;
    unsigned signal_kinds;
    const char *timezone;
};

/* The name of a signal kind's checkbox: "signal_email_reply". */
static void
signal_field(struct buf *out, enum activity_kind k)
{
    buf_reset(out);
    buf_addf(out, "signal_%s", activity_kind_name(k));
}

static void
funnel_section(struct html *h, const struct req *r, const struct funnel_form *f,
               const struct form_errors *fe)
{
    HTML_LIT(h, "<h2 class=\"h5 mt-4\" id=\"funnel\">Recruitment funnel</h2>");
    layout_error_summary(h, fe);
    HTML_LIT(h, "<form method=\"post\" action=\"/settings/funnel\" "
                "class=\"bg-white p-4 rounded\" id=\"funnel-settings\" "
                "novalidate>");
    layout_csrf(h, r);
    HTML_LIT(h, "<div class=\"row\"><div class=\"col-md-6\">");
    layout_input(h, "number", "warm_days", "Warm window in days", f->warm_days,
                 fe,
                 "A lead stays warm this many days after an interest signal "
                 "(90: warm through day 90, cold from day 91).");
    layout_input(h, "text", "timezone", "Time zone of event times", f->timezone,
                 fe, "An IANA name such as Europe/Berlin.");
    HTML_LIT(h, "</div><div class=\"col-md-6\"><fieldset class=\"mb-3\">"
                "<legend class=\"form-label fs-6\">Interest signals: the "
                "kinds of activity that warm a lead</legend>");
    struct buf name = BUF_INIT;
    for (int k = 0; k < ACTIVITY__COUNT; k++) {
        signal_field(&name, (enum activity_kind)k);
        layout_checkbox(h, name.s, activity_kind_label((enum activity_kind)k),
                        (f->signal_kinds >> k) & 1u);
    }
    buf_release(&name);
    const char *error = form_errors_for(fe, "signal_kinds");
    if (error) {
        HTML_LIT(h, "<div class=\"invalid-feedback d-block\" "
                    "id=\"signal_kinds-error\">");
        html_text(h, error);
        HTML_LIT(h, "</div>");
    }
    HTML_LIT(h, "</fieldset></div></div><button class=\"btn btn-primary\" "
                "type=\"submit\">Save funnel settings</button></form>");
}

static void
settings_page(struct req *r, struct resp *rs, int status,
              const struct settings_form *v, const struct form_errors *fe,
              const struct funnel_form *ff, const struct form_errors *ffe)
{
    struct html h = { BUF_INIT };
    layout_begin(&h, r, "Settings", NAV_SETTINGS);
    HTML_LIT(&h, "<div class=\"d-flex align-items-center gap-3 mb-3\">"
                 "<h1 class=\"h3 mb-0\">Settings</h1>"
                 "<a class=\"btn btn-outline-primary ms-auto\" "
                 "href=\"/settings/tiers\">Membership tiers</a><a "
                 "class=\"btn btn-link\"");
    struct buf prices = BUF_INIT;
    buf_addf(&prices, "/clusters/%s/prices", r->who.cluster_slug);
    html_attr(&h, "href", prices.s);
    buf_release(&prices);
    HTML_LIT(&h, ">Public price list</a></div>");
    layout_flash(&h, r);
    layout_error_summary(&h, fe);
    HTML_LIT(&h, "<form method=\"post\" action=\"/settings\" "
                 "class=\"bg-white p-4 rounded\" novalidate>");
    layout_csrf(&h, r);
    HTML_LIT(&h, "<div class=\"row\"><div class=\"col-md-6\">"
                 "<h2 class=\"h5\">Membership fees</h2>");
    layout_input(&h, "text", "currency", "Currency", v->currency, fe,
                 "ISO 4217 code: EUR, UAH, SEK, PLN, ...");
    const char *values[12], *labels[12];
    char nums[12][3];
    for (int i = 0; i < 12; i++) {
        snprintf(nums[i], sizeof(nums[i]), "%d", i + 1);
        values[i] = nums[i];
        labels[i] = MONTHS[i];
    }
    layout_select(&h, "fy_start_month", "Fiscal year starts in", values, labels,
                  12, v->fy_start_month, fe);
    layout_input(&h, "text", "instalment_threshold", "Instalment threshold",
                 v->threshold, fe,
                 "An annual fee at or above this amount is paid in two "
                 "half-year instalments.");
    layout_checkbox(&h, "prorata",
                    "Members who join during the year pay for the months "
                    "left (pro-rata)",
                    v->prorata);
    layout_input(&h, "number", "grace_days", "Grace period in days",
                 v->grace_days, fe,
                 "Days after a due date an unpaid member stays in grace "
                 "before the membership lapses.");
    layout_textarea(&h, "benefits", "What membership gives (price list)",
                    v->benefits, fe);
    HTML_LIT(&h, "</div><div class=\"col-md-6\">"
                 "<h2 class=\"h5\">On invoices</h2>");
    layout_input(&h, "text", "legal_name", "Legal name", v->legal_name, fe,
                 "Empty: the cluster's name.");
    layout_textarea(&h, "address", "Address", v->address, fe);
    layout_input(&h, "email", "email", "E-mail", v->email, fe, NULL);
    layout_input(&h, "url", "website", "Website", v->website, fe, NULL);
    layout_input(&h, "text", "vat_id", "VAT number", v->vat_id, fe, NULL);
    layout_input(&h, "text", "bank_account", "Bank account", v->bank_account,
                 fe, "IBAN and bank, printed on invoices.");
    HTML_LIT(&h, "</div></div><button class=\"btn btn-primary\" "
                 "type=\"submit\">Save settings</button></form>");
    funnel_section(&h, r, ff, ffe);
    layout_end(&h);
    resp_html(rs, status, &h);
}

/* The stored funnel settings as the funnel form shows them; warm has
 * room for the number. */
static int
funnel_form_stored(struct req *r, struct funnel_settings *fs,
                   struct funnel_form *ff, char warm[16], struct err *err)
{
    if (funnel_settings_store_get(r->store, r->scope.cluster_id, fs, err))
        return -1;
    snprintf(warm, 16, "%d", fs->warm_days);
    ff->warm_days = warm;
    ff->signal_kinds = fs->signal_kinds;
    ff->timezone = fs->timezone;
    return 0;
}

/*
 * The page with the stored settings in both forms, or with the funnel
 * form as typed (ff) and its faults (ffe) when ff is not NULL.
 */
static void
stored_page(struct req *r, struct resp *rs, int status,
            const struct funnel_form *ff, const struct form_errors *ffe)
{
    struct cluster_settings c;
    struct funnel_settings fs;
    struct funnel_form stored;
    char warm[16];
    struct err err = ERR_INIT;
    cluster_settings_init(&c);
    if (settings_store_get(r->store, r->scope.cluster_id, &c, &err) ||
        (!ff && funnel_form_stored(r, &fs, &stored, warm, &err))) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    char month[4], grace[16];
    snprintf(month, sizeof(month), "%d", c.fees.fy_start_month);
    snprintf(grace, sizeof(grace), "%d", c.fees.grace_days);
    struct buf threshold = BUF_INIT;
    page_money_input(&threshold, c.fees.instalment_threshold, c.fees.currency);
    struct settings_form v = {
        .currency = c.fees.currency,
        .fy_start_month = month,
        .threshold = threshold.s,
        .prorata = c.fees.prorata,
        .grace_days = grace,
    };
    for (size_t i = 0; i < ARRAY_SIZE(TEXTS); i++)
        *form_text(&v, i) = *settings_text(&c, i);
    settings_page(r, rs, status, &v, NULL, ff ? ff : &stored, ffe);
    buf_release(&threshold);
out:
    cluster_settings_release(&c);
}

void
page_settings_form(struct req *r, struct resp *rs)
{
    stored_page(r, rs, 200, NULL, NULL);
}

static void
add_error(struct form_errors *fe, const char *field, const char *msg)
{
    struct err err = ERR_INIT;
    err_set(&err, ERR_INVALID, field, "%s", msg);
    form_errors_add(fe, &err);
}

/* A whole number in [min, max] typed into a form, or -1. */
static int
form_int(const char *s, long min, long max, int *out)
{
    if (!s || !*s)
        return -1;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (*end || errno || v < min || v > max)
        return -1;
    *out = (int)v;
    return 0;
}

/* A copy of s with white space trimmed at both ends. */
static char *
trimmed(const char *s)
{
    size_t len;
    const char *t = text_trim(s ? s : "", strlen(s ? s : ""), &len);
    return xstrndup(t, len);
}

/*
 * Reads the posted settings into c, checking every field: fees by
 * fee_settings_validate's rules, the amounts with money_parse, texts by
 * length and the e-mail by its form.
 */
static void
settings_from_form(struct settings_form *v, struct cluster_settings *c,
                   struct form_errors *fe)
{
    struct err err = ERR_INIT;
    char *currency = trimmed(v->currency);
    for (char *p = currency; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 32);
    if (!currency_valid(currency)) {
        add_error(fe, "currency",
                  "The currency must be a three-letter ISO 4217 code such as "
                  "EUR, UAH or SEK.");
    } else {
        memcpy(c->fees.currency, currency, 4);
    }
    if (form_int(v->fy_start_month, 1, 12, &c->fees.fy_start_month))
        add_error(fe, "fy_start_month",
                  "Choose the month the fiscal year "
                  "starts in.");
    const char *code = currency_valid(currency) ? currency : "EUR";
    if (!v->threshold || !*v->threshold) {
        add_error(fe, "instalment_threshold",
                  "Enter the instalment threshold, e.g. 15,000.");
    } else if (money_parse(v->threshold, code, false,
                           &c->fees.instalment_threshold,
                           "instalment_threshold", &err)) {
        form_errors_add(fe, &err);
        err_clear(&err);
    }
    c->fees.prorata = v->prorata;
    if (form_int(v->grace_days, 0, 365, &c->fees.grace_days))
        add_error(fe, "grace_days",
                  "The grace period must be a whole number of days from 0 to "
                  "365.");
    free(currency);
    if (!fe->n && fee_settings_validate(&c->fees, &err)) {
        form_errors_add(fe, &err);
        err_clear(&err);
    }
    for (size_t i = 0; i < ARRAY_SIZE(TEXTS); i++) {
        char *t = trimmed(*form_text(v, i));
        if (!text_valid_utf8(t, strlen(t)) ||
            text_utf8_len(t, strlen(t)) > TEXTS[i].max) {
            err_set(&err, ERR_INVALID, TEXTS[i].name,
                    "%s may have at most %zu characters.", TEXTS[i].label,
                    TEXTS[i].max);
            form_errors_add(fe, &err);
            err_clear(&err);
        }
        if (strcmp(TEXTS[i].name, "email") == 0 && *t && !text_is_email(t))
            add_error(fe, "email",
                      "The e-mail address is not valid, e.g. "
                      "office@cluster.example.");
        if (strcmp(TEXTS[i].name, "website") == 0 && *t &&
            (strpbrk(t, " \t\r\n<>\"") || !strchr(t, '.')))
            add_error(fe, "website",
                      "The website is not a valid address, e.g. "
                      "https://cluster.example.");
        free(*settings_text(c, i));
        *settings_text(c, i) = t;
    }
}

void
page_settings_save(struct req *r, struct resp *rs)
{
    struct cluster_settings c;
    struct form_errors fe = { .n = 0 };
    struct err err = ERR_INIT;
    cluster_settings_init(&c);
    if (settings_store_get(r->store, r->scope.cluster_id, &c, &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    struct settings_form v = {
        .currency = req_field(r, "currency"),
        .fy_start_month = req_field(r, "fy_start_month"),
        .threshold = req_field(r, "instalment_threshold"),
        .prorata = form_flag(&r->body, "prorata"),
        .grace_days = req_field(r, "grace_days"),
    };
    for (size_t i = 0; i < ARRAY_SIZE(TEXTS); i++) {
        const char *s = req_field(r, TEXTS[i].name);
        *form_text(&v, i) = s ? s : "";
    }
    if (!v.currency)
        v.currency = "";
    if (!v.threshold)
        v.threshold = "";
    if (!v.grace_days)
        v.grace_days = "";
    settings_from_form(&v, &c, &fe);
    if (!fe.n && settings_store_put(r->store, &r->scope, &c, &err)) {
        if (err.code != ERR_INVALID && err.code != ERR_CONFLICT) {
            layout_error_page(r, rs, &err);
            goto out;
        }
        form_errors_add(&fe, &err);
    }
    if (fe.n) {
        struct funnel_settings fs;
        struct funnel_form ff;
        char warm[16];
        int status = err.code == ERR_CONFLICT ? 409 : 422;
        err_clear(&err);
        if (funnel_form_stored(r, &fs, &ff, warm, &err)) {
            layout_error_page(r, rs, &err);
            goto out;
        }
        settings_page(r, rs, status, &v, &fe, &ff, NULL);
        goto out;
    }
    resp_redirect(rs, "/settings?msg=saved");
out:
    cluster_settings_release(&c);
}

/*
 * POST /settings/funnel: the warm window (1 to WARM_DAYS_MAX days), the
 * signal kinds (at least one) and the time zone, checked by
 * funnel_settings_validate and saved with funnel_settings_store_put,
 * which also rewrites the warm periods when the rules change.
 */
void
page_settings_funnel_save(struct req *r, struct resp *rs)
{
    struct funnel_settings fs;
    struct form_errors fe = { .n = 0 };
    struct err err = ERR_INIT;
    if (funnel_settings_store_get(r->store, r->scope.cluster_id, &fs, &err)) {
        layout_error_page(r, rs, &err);
        return;
    }
    const char *warm = req_field(r, "warm_days");
    const char *tz = req_field(r, "timezone");
    struct funnel_form ff = { .warm_days = warm ? warm : "",
                              .signal_kinds = 0,
                              .timezone = tz ? tz : "" };
    struct buf name = BUF_INIT;
    for (int k = 0; k < ACTIVITY__COUNT; k++) {
        signal_field(&name, (enum activity_kind)k);
        if (form_flag(&r->body, name.s))
            ff.signal_kinds |= 1u << k;
    }
    buf_release(&name);
    if (form_int(ff.warm_days, 1, WARM_DAYS_MAX, &fs.warm_days))
        add_error(&fe, "warm_days",
                  "The warm window must be a whole number of days from 1 to "
                  "730.");
    if (!ff.signal_kinds)
        add_error(&fe, "signal_kinds",
                  "Choose at least one kind of activity as an interest "
                  "signal.");
    fs.signal_kinds = ff.signal_kinds;
    char *zone = trimmed(ff.timezone);
    if (strlen(zone) >= sizeof(fs.timezone))
        add_error(&fe, "timezone",
                  "The time zone is not valid: an IANA name such as "
                  "Europe/Berlin.");
    else
        memcpy(fs.timezone, zone, strlen(zone) + 1);
    free(zone);
    /* The core's checks, for what the form could not tell. */
    if (!fe.n && funnel_settings_validate(&fs, &err)) {
        form_errors_add(&fe, &err);
        err_clear(&err);
    }
    if (!fe.n && funnel_settings_store_put(r->store, &r->scope, &fs, &err)) {
        if (err.code != ERR_INVALID) {
            layout_error_page(r, rs, &err);
            return;
        }
        form_errors_add(&fe, &err);
    }
    if (fe.n) {
        stored_page(r, rs, 422, &ff, &fe);
        return;
    }
    resp_redirect(rs, "/settings?msg=saved#funnel");
}
