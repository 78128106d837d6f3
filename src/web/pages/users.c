/*
 * The users of a cluster, for its admins: who may sign in with which
 * role, a form to add someone, and disable/enable (disabling signs the
 * user out and revokes its API tokens). Users are never deleted, so the
 * audit trail keeps naming real accounts. An admin cannot disable itself,
 * so a cluster always keeps one admin who can sign in.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/crypto.h"
#include "base/mem.h"
#include "base/text.h"
#include "web/layout.h"
#include "web/pages.h"

#define USERS_MAX_EMAIL 254
#define USERS_MAX_NAME 200

static const char *const ROLE_VALUES[ROLE__COUNT] = {
    [ROLE_ADMIN] = "admin",
    [ROLE_MANAGER] = "manager",
    [ROLE_BOARD] = "board",
};
static const char *const ROLE_LABELS[ROLE__COUNT] = {
    [ROLE_ADMIN] = "Admin: everything, users included",
    [ROLE_MANAGER] = "Manager: all the work",
    [ROLE_BOARD] = "Board: reads only",
};

/* What was typed into the add form; the password is never shown again. */
struct users_typed {
    const char *email;
    const char *name;
    const char *role;
};

static void
users_post_button(struct html *h, const struct req *r, int64_t id,
                  const char *verb, const char *label, const char *css)
{
    char action[64];
    snprintf(action, sizeof(action), "/users/%" PRId64 "/%s", id, verb);
    layout_post_button(h, r, action, label, css);
}

static void
users_table(struct html *h, const struct req *r, const struct user *items,
            size_t n)
{
    HTML_LIT(h, "<table class=\"table bg-white\" id=\"users\"><thead><tr>"
                "<th>E-mail</th><th>Name</th><th>Role</th><th>Status</th>"
                "<th>Since</th><th><span class=\"visually-hidden\">Actions"
                "</span></th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        const struct user *u = &items[i];
        bool self = u->id == r->who.user_id;
        HTML_LIT(h, "<tr><td>");
        html_text(h, u->email);
        if (self)
            HTML_LIT(h, " <span class=\"badge bg-primary\">you</span>");
        HTML_LIT(h, "</td><td>");
        html_text(h, u->name);
        HTML_LIT(h, "</td><td>");
        html_text(h, role_name(u->role));
        HTML_LIT(h, "</td><td>");
        if (u->disabled)
            HTML_LIT(h, "<span class=\"badge bg-secondary\">disabled</span>");
        else
            HTML_LIT(h, "<span class=\"badge bg-success\">active</span>");
        HTML_LIT(h, "</td><td class=\"text-muted text-nowrap\">");
        html_textn(h, u->created_at, strnlen(u->created_at, 10));
        HTML_LIT(h, "</td><td class=\"text-end\">");
        if (u->disabled)
            users_post_button(h, r, u->id, "enable", "Enable",
                              "btn btn-sm btn-outline-success");
        else if (!self)
            users_post_button(h, r, u->id, "disable", "Disable",
                              "btn btn-sm btn-outline-danger");
        HTML_LIT(h, "</td></tr>");
    }
    HTML_LIT(h, "</tbody></table>");
}

static void
users_add_form(struct html *h, const struct req *r,
               const struct users_typed *typed, const struct form_errors *fe)
{
    HTML_LIT(h, "<h2 class=\"h5 mt-4\" id=\"add\">Add a user</h2>");
    layout_error_summary(h, fe);
    HTML_LIT(h, "<form method=\"post\" action=\"/users\" novalidate"
                " class=\"bg-white p-4 rounded\"><div class=\"row\">"
                "<div class=\"col-md-6\">");
    layout_csrf(h, r);
    layout_input(h, "email", "email", "E-mail", typed ? typed->email : "", fe,
                 "The user signs in with it.");
    HTML_LIT(h, "</div><div class=\"col-md-6\">");
    layout_input(h, "text", "name", "Name", typed ? typed->name : "", fe, NULL);
    HTML_LIT(h, "</div><div class=\"col-md-6\">");
    layout_select(h, "role", "Role", ROLE_VALUES, ROLE_LABELS, ROLE__COUNT,
                  typed && typed->role ? typed->role : "manager", fe);
    HTML_LIT(h, "</div><div class=\"col-md-6\">");
    layout_input(h, "password", "password", "Password", "", fe,
                 "At least 10 characters. Tell it to the user in person.");
    HTML_LIT(h, "</div></div><button class=\"btn btn-success\" type=\"submit\">"
                "Add user</button></form>");
}

static void
users_page(struct req *r, struct resp *rs, int status,
           const struct users_typed *typed, const struct form_errors *fe)
{
    struct user *items = NULL;
    size_t n = 0;
    struct err err = ERR_INIT;
    struct html h = { BUF_INIT };
    if (user_store_list(r->store, r->scope.cluster_id, &items, &n, &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    layout_begin(&h, r, "Users", NAV_USERS);
    HTML_LIT(&h, "<h1 class=\"h3 mb-3\">Users of ");
    html_text(&h, r->who.cluster_name);
    HTML_LIT(&h, "</h1>");
    layout_flash(&h, r);
    users_table(&h, r, items, n);
    users_add_form(&h, r, typed, fe);
    layout_end(&h);
    resp_html(rs, status, &h);
out:
    buf_release(&h.b);
    for (size_t i = 0; i < n; i++)
        user_release(&items[i]);
    free(items);
}

void
page_users_list(struct req *r, struct resp *rs)
{
    users_page(r, rs, 200, NULL, NULL);
}

/* Copies the trimmed field into out (empty when absent). */
static void
users_field(const struct req *r, const char *name, struct buf *out)
{
    const char *v = req_field(r, name);
    size_t len = 0;
    if (v) {
        v = text_trim(v, strlen(v), &len);
        buf_add(out, v, len);
    }
}

void
page_users_create(struct req *r, struct resp *rs)
{
    struct buf email = BUF_INIT, name = BUF_INIT;
    struct form_errors fe = { 0 };
    struct err err = ERR_INIT;
    struct user u = { 0 };
    const char *role = req_field(r, "role");
    const char *password = req_field(r, "password");
    char pw_hash[CRYPTO_PWHASH_TEXT];

    users_field(r, "email", &email);
    users_field(r, "name", &name);
    for (char *p = email.s; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p + ('a' - 'A'));
    struct users_typed typed = { email.s, name.s, role };

    if (!email.len || email.len > USERS_MAX_EMAIL || !text_is_email(email.s)) {
        err_set(&err, ERR_INVALID, "email",
                "Enter the e-mail address the user signs in with, e.g. "
                "name@example.com.");
        form_errors_add(&fe, &err);
        err_clear(&err);
    }
    if (text_utf8_len(name.s, name.len) > USERS_MAX_NAME) {
        err_set(&err, ERR_INVALID, "name",
                "The name may have at most %d characters.", USERS_MAX_NAME);
        form_errors_add(&fe, &err);
        err_clear(&err);
    }
    if (!role || role_parse(role, &u.role)) {
        err_set(&err, ERR_INVALID, "role", "Choose admin, manager or board.");
        form_errors_add(&fe, &err);
        err_clear(&err);
    }
    if (user_password_check(password ? password : "", &err)) {
        form_errors_add(&fe, &err);
        err_clear(&err);
    }
    if (fe.n) {
        users_page(r, rs, 422, &typed, &fe);
        goto out;
    }
    if (crypto_password_hash(password, pw_hash)) {
        err_set(&err, ERR_UNAVAILABLE, NULL,
                "The server is short of memory to protect the password. "
                "Please try again in a moment.");
        layout_error_page(r, rs, &err);
        goto out;
    }
    u.cluster_id = r->scope.cluster_id;
    u.email = email.s;
    u.name = name.s;
    if (user_store_add(r->store, &r->scope, &u, pw_hash, NULL, &err)) {
        if (err.code == ERR_CONFLICT || err.code == ERR_INVALID) {
            form_errors_add(&fe, &err);
            users_page(r, rs, 422, &typed, &fe);
        } else {
            layout_error_page(r, rs, &err);
        }
        goto out;
    }
    resp_redirect(rs, "/users?msg=user-added");
out:
    buf_release(&email);
    buf_release(&name);
}

static void
users_set_disabled(struct req *r, struct resp *rs, bool disabled)
{
    struct err err = ERR_INIT;
    if (disabled && r->ids[0] == r->who.user_id) {
        err_set(&err, ERR_FORBIDDEN, NULL,
                "You cannot disable your own account. Another admin can.");
        layout_error_page(r, rs, &err);
        return;
    }
    enum store_rc rc =
        user_store_set_disabled(r->store, &r->scope, r->ids[0], disabled, &err);
    if (layout_found(r, rs, rc, &err))
        resp_redirect(rs, disabled ? "/users?msg=user-disabled"
                                   : "/users?msg=user-enabled");
}

void
page_users_disable(struct req *r, struct resp *rs)
{
    users_set_disabled(r, rs, true);
}

void
page_users_enable(struct req *r, struct resp *rs)
{
    users_set_disabled(r, rs, false);
}
