/*
 * Signing in and out. The sign-in form has no session yet, so its CSRF
 * token is a random pre-session cookie repeated in the form.
 */
#include <string.h>

#include "base/crypto.h"
#include "web/auth.h"
#include "web/layout.h"
#include "web/pages.h"

/* Only paths of this site are followed after sign-in. */
static const char *
safe_next(const char *next)
{
    if (next && next[0] == '/' && next[1] != '/' && next[1] != '\\' &&
        !strpbrk(next, "\r\n"))
        return next;
    return "/";
}

static void
signin_page(struct req *r, struct resp *rs, int status, const char *email,
            const struct err *err)
{
    char pre[CRYPTO_TOKEN_TEXT];
    crypto_token_new(pre);
    resp_cookie(rs, r, PRESESSION_COOKIE, pre, 3600);
    struct html h = { BUF_INIT };
    struct req anon = *r;
    anon.signed_in = false;
    layout_begin(&h, &anon, "Sign in", NAV_NONE);
    HTML_LIT(&h,
             "<div class=\"signin card shadow-sm\"><div class=\"card-body\">"
             "<h1 class=\"h3 mb-3\">Sign in</h1>");
    layout_flash(&h, r);
    if (err && err->code != ERR_NONE) {
        HTML_LIT(&h, "<div class=\"alert alert-danger\" role=\"alert\">");
        html_text(&h, err->msg);
        HTML_LIT(&h, "</div>");
    }
    HTML_LIT(&h, "<form method=\"post\" action=\"/signin\">"
                 "<input type=\"hidden\" name=\"_csrf\"");
    html_attr(&h, "value", pre);
    HTML_LIT(&h, "><input type=\"hidden\" name=\"next\"");
    html_attr(&h, "value",
              safe_next(req_field(r, "next") ? req_field(r, "next")
                                             : req_query(r, "next")));
    HTML_LIT(&h, ">");
    layout_input(&h, "email", "email", "E-mail", email, NULL, NULL);
    layout_input(&h, "password", "password", "Password", "", NULL, NULL);
    HTML_LIT(&h,
             "<button class=\"btn btn-primary w-100\" type=\"submit\">Sign in"
             "</button></form></div></div>");
    layout_end(&h);
    resp_html(rs, status, &h);
}

void
page_signin_form(struct req *r, struct resp *rs)
{
    if (r->signed_in) {
        resp_redirect(rs, safe_next(req_query(r, "next")));
        return;
    }
    signin_page(r, rs, 200, "", NULL);
}

void
page_signin(struct req *r, struct resp *rs)
{
    const char *email = req_field(r, "email");
    const char *password = req_field(r, "password");
    struct err err = ERR_INIT;
    if (!email || !*email || !password || !*password) {
        err_set(&err, ERR_INVALID, "email", "Enter your e-mail and password.");
        signin_page(r, rs, 422, email ? email : "", &err);
        return;
    }
    if (auth_sign_in(r, rs, email, password, &err)) {
        signin_page(r, rs, err_http_status(err.code), email, &err);
        return;
    }
    resp_redirect(rs, safe_next(req_field(r, "next")));
}

void
page_signout(struct req *r, struct resp *rs)
{
    auth_sign_out(r, rs);
    resp_redirect(rs, "/signin?msg=signed-out");
}
