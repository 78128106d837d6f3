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

/* Cuts s back to a whole UTF-8 character after snprintf truncated it. */
static void
utf8_cut(char *s, size_t size)
{
    size_t len = strlen(s);
    if (len + 1 < size)
        return;
    size_t i = len;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--;
    if (i > 0 && ((unsigned char)s[i - 1] & 0x80)) {
        unsigned char lead = (unsigned char)s[i - 1];
        size_t need = lead >= 0xF0   ? 4
                      : lead >= 0xE0 ? 3
                      : lead >= 0xC0 ? 2
                                     : 1;
        if (len - (i - 1) < need)
            s[i - 1] = '\0';
    }
}

int
err_set(struct err *err, enum err_code code, const char *field, const char *fmt,
        ...)
{
    if (!err || err->code != ERR_NONE)
        return -1;
    err->code = code;
    snprintf(err->field, sizeof(err->field), "%s", field ? field : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
    utf8_cut(err->field, sizeof(err->field));
    utf8_cut(err->msg, sizeof(err->msg));
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
