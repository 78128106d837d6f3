/*
 * The membership tiers of the cluster's price list: the list with each
 * tier's fee, the kinds it is meant for and its running memberships, and
 * the form to create and edit one. Everyone signed in reads; admins and
 * managers write (the route table says so). A tier is never deleted: it
 * is made inactive, so memberships and invoices keep their tier.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "core/money.h"
#include "store/membership_store.h"
#include "web/layout.h"
#include "web/pages.h"

void
tier_kinds_labels(struct html *h, unsigned kinds)
{
    if (!kinds) {
        HTML_LIT(h, "<span class=\"text-muted\">any kind</span>");
        return;
    }
    bool first = true;
    for (int k = 0; k < ORG_KIND__COUNT; k++) {
        if (!(kinds & (1u << k)))
            continue;
        if (!first)
            HTML_LIT(h, ", ");
        html_text(h, org_kind_label((enum org_kind)k));
        first = false;
    }
}

static void
tier_edit_path(char out[64], int64_t id)
{
    snprintf(out, 64, "/settings/tiers/%" PRId64 "/edit", id);
}

void
page_tiers_list(struct req *r, struct resp *rs)
{
    struct cluster_settings c;
    struct tier *items = NULL;
    size_t n = 0;
    struct err err = ERR_INIT;
    cluster_settings_init(&c);
    if (settings_store_get(r->store, r->scope.cluster_id, &c, &err) ||
        tier_store_list(r->store, r->scope.cluster_id, false, r->today, &items,
                        &n, &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    bool can_write = role_can_write(r->who.role);
    struct html h = { BUF_INIT };
    layout_begin(&h, r, "Membership tiers",
                 role_can_admin(r->who.role) ? NAV_SETTINGS : NAV_MEMBERS);
    HTML_LIT(&h, "<div class=\"d-flex align-items-center gap-3 mb-3\">"
                 "<h1 class=\"h3 mb-0\">Membership tiers</h1>");
    if (can_write)
        HTML_LIT(&h,
                 "<a class=\"btn btn-success\" href=\"/settings/tiers/new\">"
                 "New tier</a>");
    struct buf prices = BUF_INIT;
    buf_addf(&prices, "/clusters/%s/prices", r->who.cluster_slug);
    HTML_LIT(&h, "<a class=\"ms-auto\"");
    html_attr(&h, "href", prices.s);
    HTML_LIT(&h, ">Public price list</a></div>");
    buf_release(&prices);
    layout_flash(&h, r);
    HTML_LIT(&h, "<table class=\"table table-hover bg-white\" id=\"tiers\">"
                 "<thead><tr><th>Name</th><th class=\"text-end\">Annual fee"
                 "</th><th>Paid in</th><th>For</th><th>Associate</th>"
                 "<th>Active</th><th class=\"text-end\">Members</th>");
    if (can_write)
        HTML_LIT(&h, "<th></th>");
    HTML_LIT(&h, "</tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        const struct tier *t = &items[i];
        HTML_LIT(&h, "<tr><td>");
        html_text(&h, t->name);
        if (*t->description) {
            HTML_LIT(&h, "<div class=\"small text-muted\">");
            html_text(&h, t->description);
            HTML_LIT(&h, "</div>");
        }
        HTML_LIT(&h, "</td><td class=\"text-end\">");
        struct buf fee = BUF_INIT;
        money_format(&fee, t->annual_fee, c.fees.currency);
        html_text(&h, fee.s);
        buf_release(&fee);
        HTML_LIT(&h, "</td><td>");
        if (t->annual_fee == 0)
            HTML_LIT(&h, "<span class=\"text-muted\">free</span>");
        else if (t->annual_fee >= c.fees.instalment_threshold)
            HTML_LIT(&h, "two half-year instalments");
        else
            HTML_LIT(&h, "one payment");
        HTML_LIT(&h, "</td><td>");
        tier_kinds_labels(&h, t->kinds);
        HTML_LIT(&h, "</td><td>");
        if (t->associate)
            HTML_LIT(&h, "<span class=\"badge bg-info text-dark\">associate"
                         "</span>");
        HTML_LIT(&h, "</td><td>");
        if (t->active)
            HTML_LIT(&h, "<span class=\"badge bg-success\">active</span>");
        else
            HTML_LIT(&h, "<span class=\"badge bg-secondary\">inactive</span>");
        HTML_LIT(&h, "</td><td class=\"text-end\">");
        html_count(&h, t->members);
        HTML_LIT(&h, "</td>");
        if (can_write) {
            char href[64];
            tier_edit_path(href, t->id);
            HTML_LIT(&h, "<td class=\"text-end\"><a class=\"btn btn-sm "
                         "btn-outline-primary\"");
            html_attr(&h, "href", href);
            HTML_LIT(&h, ">Edit</a></td>");
        }
        HTML_LIT(&h, "</tr>");
    }
    if (!n)
        HTML_LIT(&h, "<tr><td colspan=\"8\" class=\"text-muted\">No tiers yet."
                     "</td></tr>");
    HTML_LIT(&h, "</tbody></table>");
    layout_end(&h);
    resp_html(rs, 200, &h);
out:
    for (size_t i = 0; i < n; i++)
        tier_release(&items[i]);
    free(items);
    cluster_settings_release(&c);
}

static void
tier_form_page(struct req *r, struct resp *rs, int status, const struct tier *t,
               const char *fee_text, const struct form_errors *fe)
{
    bool is_new = t->id == 0;
    char action[64];
    if (is_new)
        snprintf(action, sizeof(action), "/settings/tiers/new");
    else
        tier_edit_path(action, t->id);
    struct html h = { BUF_INIT };
    layout_begin(&h, r, is_new ? "New tier" : "Edit tier",
                 role_can_admin(r->who.role) ? NAV_SETTINGS : NAV_MEMBERS);
    HTML_LIT(&h, "<h1 class=\"h3 mb-3\">");
    if (is_new) {
        HTML_LIT(&h, "New tier");
    } else {
        HTML_LIT(&h, "Edit tier ");
        html_text(&h, t->name);
    }
    HTML_LIT(&h, "</h1>");
    layout_error_summary(&h, fe);
    HTML_LIT(&h, "<form method=\"post\" class=\"bg-white p-4 rounded\" "
                 "novalidate");
    html_attr(&h, "action", action);
    HTML_LIT(&h, ">");
    layout_csrf(&h, r);
    HTML_LIT(&h, "<div class=\"row\"><div class=\"col-md-6\">");
    layout_input(&h, "text", "name", "Name", t->name, fe, NULL);
    layout_input(&h, "text", "annual_fee", "Annual fee", fee_text, fe,
                 "In the cluster's currency, e.g. 1,500 or 1500.50; 0 for "
                 "associates.");
    layout_checkbox(&h, "associate",
                    "Associate: free of charge, in exchange for services in "
                    "kind",
                    t->associate);
    layout_checkbox(&h, "active",
                    "Active: offered to new members and shown "
                    "on the price list",
                    t->active);
    HTML_LIT(&h, "</div><div class=\"col-md-6\"><fieldset class=\"mb-3\">"
                 "<legend class=\"form-label fs-6\">Meant for (none: any "
                 "kind)</legend>");
    for (int k = 0; k < ORG_KIND__COUNT; k++) {
        const char *name = org_kind_name((enum org_kind)k);
        struct buf id = BUF_INIT;
        buf_addf(&id, "kind-%s", name);
        HTML_LIT(&h, "<div class=\"form-check form-check-inline\">"
                     "<input class=\"form-check-input\" type=\"checkbox\" "
                     "name=\"kinds\"");
        html_attr(&h, "id", id.s);
        html_attr(&h, "value", name);
        if (t->kinds & (1u << k))
            HTML_LIT(&h, " checked");
        HTML_LIT(&h, "><label class=\"form-check-label\"");
        html_attr(&h, "for", id.s);
        HTML_LIT(&h, ">");
        html_text(&h, org_kind_label((enum org_kind)k));
        HTML_LIT(&h, "</label></div>");
        buf_release(&id);
    }
    const char *kinds_error = form_errors_for(fe, "kinds");
    if (kinds_error) {
        HTML_LIT(&h, "<div class=\"invalid-feedback d-block\" "
                     "id=\"kinds-error\">");
        html_text(&h, kinds_error);
        HTML_LIT(&h, "</div>");
    }
    HTML_LIT(&h, "</fieldset>");
    layout_textarea(&h, "description", "What this membership gives",
                    t->description, fe);
    HTML_LIT(&h, "</div></div><button class=\"btn btn-primary\" "
                 "type=\"submit\">");
    html_text(&h, is_new ? "Create tier" : "Save changes");
    HTML_LIT(&h, "</button> <a class=\"btn btn-link\" "
                 "href=\"/settings/tiers\">Cancel</a></form>");
    layout_end(&h);
    resp_html(rs, status, &h);
}

void
page_tiers_new(struct req *r, struct resp *rs)
{
    struct tier t;
    tier_init(&t);
    t.active = true;
    tier_form_page(r, rs, 200, &t, "", NULL);
    tier_release(&t);
}

static bool
load_tier(struct req *r, struct resp *rs, struct tier *t)
{
    struct err err = ERR_INIT;
    return layout_found(
        r, rs,
        tier_store_get(r->store, r->scope.cluster_id, r->ids[0], t, &err),
        &err);
}

void
page_tiers_edit(struct req *r, struct resp *rs)
{
    struct tier t;
    struct cluster_settings c;
    struct err err = ERR_INIT;
    tier_init(&t);
    cluster_settings_init(&c);
    if (!load_tier(r, rs, &t))
        goto out;
    if (settings_store_get(r->store, r->scope.cluster_id, &c, &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    struct buf fee = BUF_INIT;
    page_money_input(&fee, t.annual_fee, c.fees.currency);
    tier_form_page(r, rs, 200, &t, fee.s, NULL);
    buf_release(&fee);
out:
    tier_release(&t);
    cluster_settings_release(&c);
}

/* Reads the form into t; what cannot be parsed goes into fe. */
static void
tier_from_form(const struct req *r, const char *currency, struct tier *t,
               struct form_errors *fe)
{
    struct err err = ERR_INIT;
    const char *name = req_field(r, "name");
    org_set_str(&t->name, name ? name : "");
    const char *desc = req_field(r, "description");
    org_set_str(&t->description, desc ? desc : "");
    t->associate = form_flag(&r->body, "associate");
    t->active = form_flag(&r->body, "active");
    const char *fee = req_field(r, "annual_fee");
    if (!fee || !*fee) {
        if (t->associate) {
            t->annual_fee = 0;
        } else {
            err_set(&err, ERR_INVALID, "annual_fee",
                    "Enter the annual fee, e.g. 1,500 (0 for associates).");
            form_errors_add(fe, &err);
            err_clear(&err);
        }
    } else if (money_parse(fee, currency, false, &t->annual_fee, "annual_fee",
                           &err)) {
        form_errors_add(fe, &err);
        err_clear(&err);
    }
    t->kinds = 0;
    for (size_t i = 0; i < r->body.n; i++) {
        const struct form_field *f = &r->body.fields[i];
        enum org_kind k;
        if (strcmp(f->name, "kinds") != 0)
            continue;
        if (org_kind_parse(f->value, &k)) {
            err_set(&err, ERR_INVALID, "kinds",
                    "Choose the kinds from the list.");
            form_errors_add(fe, &err);
            err_clear(&err);
            continue;
        }
        t->kinds |= 1u << k;
    }
}

/* Validates and stores the posted tier (create when t->id is 0). */
static void
save_tier(struct req *r, struct resp *rs, struct tier *t)
{
    struct cluster_settings c;
    struct form_errors fe = { .n = 0 };
    struct err err = ERR_INIT;
    cluster_settings_init(&c);
    if (settings_store_get(r->store, r->scope.cluster_id, &c, &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    const char *fee_typed = req_field(r, "annual_fee");
    tier_from_form(r, c.fees.currency, t, &fe);
    struct err rules[FORM_MAX_ERRORS];
    size_t n = tier_validate_all(t, rules, FORM_MAX_ERRORS);
    for (size_t i = 0; i < n && i < FORM_MAX_ERRORS; i++)
        form_errors_add(&fe, &rules[i]);
    int status = 422;
    if (!fe.n) {
        bool is_new = t->id == 0;
        enum store_rc rc =
            is_new
                ? (tier_store_create(r->store, &r->scope, t, &err) ? STORE_HARD
                                                                   : STORE_ONE)
                : tier_store_update(r->store, &r->scope, t, &err);
        if (rc == STORE_ONE) {
            resp_redirect(rs, is_new ? "/settings/tiers?msg=created"
                                     : "/settings/tiers?msg=saved");
            goto out;
        }
        if (rc == STORE_NONE) {
            layout_not_found(r, rs);
            goto out;
        }
        if (err.code != ERR_INVALID && err.code != ERR_CONFLICT) {
            layout_error_page(r, rs, &err);
            goto out;
        }
        status = err_http_status(err.code);
        form_errors_add(&fe, &err);
    }
    tier_form_page(r, rs, status, t, fee_typed ? fee_typed : "", &fe);
out:
    cluster_settings_release(&c);
}

void
page_tiers_create(struct req *r, struct resp *rs)
{
    struct tier t;
    tier_init(&t);
    save_tier(r, rs, &t);
    tier_release(&t);
}

void
page_tiers_update(struct req *r, struct resp *rs)
{
    struct tier t;
    tier_init(&t);
    if (load_tier(r, rs, &t))
        save_tier(r, rs, &t);
    tier_release(&t);
}
