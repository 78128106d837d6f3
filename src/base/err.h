/*
 * Errors a user can cause, and the few the system causes. One table maps
 * each code to its HTTP status and API name, so pages and the JSON API
 * report the same error the same way (after GNU Taler's TALER_ErrorCode).
 *
 * Functions that can fail take a struct err * and fill it only on failure,
 * so a caller may chain calls and look at the first error.
 */
#ifndef CD_ERR_H
#define CD_ERR_H

enum err_code {
    ERR_NONE = 0,
    ERR_INVALID,      /* a field's value is wrong: 422 */
    ERR_BAD_REQUEST,  /* malformed request (JSON, encoding): 400 */
    ERR_NOT_FOUND,    /* absent, or in another cluster: 404 */
    ERR_CONFLICT,     /* duplicate or stale: 409 */
    ERR_UNAUTHORIZED, /* no or bad credentials: 401 */
    ERR_FORBIDDEN,    /* signed in, but the role may not: 403 */
    ERR_THROTTLED,    /* too many attempts: 429 */
    ERR_TOO_LARGE,    /* input over a documented limit: 413 */
    ERR_METHOD,       /* method not allowed: 405 */
    ERR_INTERNAL,     /* our fault; details are logged, not shown: 500 */
    ERR_UNAVAILABLE,  /* database busy beyond retry: 503 */
    ERR__COUNT
};

struct err {
    enum err_code code;
    char field[64]; /* the form/JSON field at fault, or "" */
    char msg[256];  /* a sentence for the user */
};

#define ERR_INIT         \
    {                    \
        ERR_NONE, "", "" \
    }

/* Fills err (if err is not NULL and still empty) and returns -1. */
int err_set(struct err *err, enum err_code code, const char *field,
            const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void err_clear(struct err *err);

int err_http_status(enum err_code code);
/* The stable API name: "invalid", "not_found", ... */
const char *err_code_name(enum err_code code);

#endif
