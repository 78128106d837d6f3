/*
 * The error table and the one function that fills a struct err.
 */
#include "base/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct {
    int status;
    const char *name;
} ERR_TABLE[ERR__COUNT] = {
    [ERR_NONE] = { 200, "none" },
    [ERR_INVALID] = { 422, "invalid" },
    [ERR_BAD_REQUEST] = { 400, "bad_request" },
    [ERR_NOT_FOUND] = { 404, "not_found" },
    [ERR_CONFLICT] = { 409, "conflict" },
    [ERR_UNAUTHORIZED] = { 401, "unauthorized" },
    [ERR_FORBIDDEN] = { 403, "forbidden" },
    [ERR_THROTTLED] = { 429, "throttled" },
    [ERR_TOO_LARGE] = { 413, "too_large" },
    [ERR_METHOD] = { 405, "method_not_allowed" },
    [ERR_INTERNAL] = { 500, "internal" },
    [ERR_UNAVAILABLE] = { 503, "unavailable" },
};

int
err_set(struct err *err, enum err_code code, const char *field,
        const char *fmt, ...)
{
    if (!err || err->code != ERR_NONE)
        return -1;
    err->code = code;
    snprintf(err->field, sizeof(err->field), "%s", field ? field : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
    return -1;
}

void
err_clear(struct err *err)
{
    memset(err, 0, sizeof(*err));
}

int
err_http_status(enum err_code code)
{
    return code < ERR__COUNT ? ERR_TABLE[code].status : 500;
}

const char *
err_code_name(enum err_code code)
{
    return code < ERR__COUNT ? ERR_TABLE[code].name : "internal";
}
