/*
 * Who is asking: session cookies for the pages, bearer tokens for the
 * API, and the CSRF token that ties a form POST to its session.
 */
#ifndef CD_AUTH_H
#define CD_AUTH_H

#include "web/http.h"

#define SESSION_COOKIE "cd_session"
#define PRESESSION_COOKIE "cd_pre" /* CSRF for the sign-in form */
#define SIGNIN_MAX_FAILURES 5
#define SIGNIN_WINDOW (15 * 60)

/* Fills r->who and r->scope from the session cookie; true when valid. */
bool auth_session(struct req *r);
/* Fills r->who from "Authorization: Bearer ..."; true when valid. */
bool auth_bearer(struct req *r);
/* True when the form's _csrf field matches the session's token (or, for
 * the sign-in form, the pre-session cookie). */
bool auth_csrf_ok(const struct req *r);

/*
 * Checks e-mail and password with throttling; on success starts a session
 * and sets its cookie on rs. Returns 0, or -1 with err (ERR_UNAUTHORIZED,
 * ERR_THROTTLED).
 */
int auth_sign_in(struct req *r, struct resp *rs, const char *email,
                 const char *password, struct err *err);
void auth_sign_out(struct req *r, struct resp *rs);

#endif
