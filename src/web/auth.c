/*
 * Sessions, tokens, CSRF and sign-in throttling.
 */
#include "web/auth.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/crypto.h"
#include "base/mem.h"

static void
fill_scope(struct req *r)
{
    r->signed_in = true;
    r->scope.cluster_id = r->who.cluster_id;
    r->scope.user_id = r->who.user_id;
    r->scope.actor = r->who.email;
}

bool
auth_session(struct req *r)
{
    const char *token = req_cookie(r, SESSION_COOKIE);
    if (!token || strlen(token) != CRYPTO_TOKEN_TEXT - 1)
        return false;
    unsigned char hash[CRYPTO_HASH_BYTES];
    crypto_token_hash(token, hash);
    struct err err = ERR_INIT;
    if (session_store_lookup(r->store, hash, r->now, r->app->session_idle,
                             &r->who, &err) != STORE_ONE)
        return false;
    fill_scope(r);
    return true;
}

bool
auth_bearer(struct req *r)
{
    const char *h = req_header(r, "Authorization");
    if (!h || strncasecmp(h, "Bearer ", 7) != 0)
        return false;
    const char *token = h + 7;
    while (*token == ' ')
        token++;
    if (strlen(token) != CRYPTO_TOKEN_TEXT - 1)
        return false;
    unsigned char hash[CRYPTO_HASH_BYTES];
    crypto_token_hash(token, hash);
    struct err err = ERR_INIT;
    if (token_store_lookup(r->store, hash, &r->who, &err) != STORE_ONE)
        return false;
    fill_scope(r);
    return true;
}

bool
auth_csrf_ok(const struct req *r)
{
    const char *sent = req_field(r, "_csrf");
    const char *expected =
        r->signed_in ? r->who.csrf : req_cookie(r, PRESESSION_COOKIE);
    if (!sent || !expected || !*expected)
        return false;
    size_t len = strlen(expected);
    return strlen(sent) == len && crypto_equal(sent, expected, len);
}

static char dummy[CRYPTO_PWHASH_TEXT];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void
make_dummy_hash(void)
{
    crypto_password_hash("not the password of anyone", dummy);
}

int
auth_sign_in(struct req *r, struct resp *rs, const char *email,
             const char *password, struct err *err)
{
    int by_email = 0, by_addr = 0;
    struct user u = { 0 };
    char *hash = NULL;
    int rc = -1;
    if (throttle_store_count(r->store, email, r->addr, r->now - SIGNIN_WINDOW,
                             &by_email, &by_addr, err))
        goto out;
    if (by_email >= SIGNIN_MAX_FAILURES || by_addr >= SIGNIN_MAX_FAILURES) {
        err_set(
            err, ERR_THROTTLED, NULL,
            "Too many failed sign-ins. Please wait 15 minutes and try again.");
        goto out;
    }
    enum store_rc found =
        user_store_find_email(r->store, email, &u, &hash, err);
    if (found == STORE_HARD)
        goto out;
    /* Verify against a dummy hash when the user is unknown, so the answer
     * takes as long either way and does not tell which e-mails exist. */
    pthread_once(&dummy_once, make_dummy_hash);
    bool ok =
        crypto_password_verify(found == STORE_ONE ? hash : dummy, password);
    if (!ok || found != STORE_ONE || u.disabled) {
        throttle_store_record(r->store, email, r->addr, r->now, NULL);
        err_set(err, ERR_UNAUTHORIZED, "email",
                "The e-mail address or the password is not right.");
        goto out;
    }
    throttle_store_clear(r->store, email, NULL);
    session_store_purge(r->store, r->now, r->app->session_idle, NULL);

    char token[CRYPTO_TOKEN_TEXT], csrf[CRYPTO_TOKEN_TEXT];
    unsigned char token_hash[CRYPTO_HASH_BYTES];
    crypto_token_new(token);
    crypto_token_new(csrf);
    crypto_token_hash(token, token_hash);
    if (session_store_create(r->store, u.cluster_id, u.id, token_hash, csrf,
                             r->now, err))
        goto out;
    resp_cookie(rs, r, SESSION_COOKIE, token, 0);
    resp_cookie(rs, r, PRESESSION_COOKIE, "", -1);
    rc = 0;
out:
    user_release(&u);
    free(hash);
    return rc;
}

void
auth_sign_out(struct req *r, struct resp *rs)
{
    const char *token = req_cookie(r, SESSION_COOKIE);
    if (token) {
        unsigned char hash[CRYPTO_HASH_BYTES];
        crypto_token_hash(token, hash);
        session_store_delete(r->store, hash, NULL);
    }
    resp_cookie(rs, r, SESSION_COOKIE, "", -1);
}
