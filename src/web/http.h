/*
 * A request as handlers see it and the response they fill. The server
 * (server.c) builds the request from libmicrohttpd, the router (route.c)
 * authenticates it and picks the handler; handlers never see
 * libmicrohttpd.
 */
#ifndef CD_HTTP_H
#define CD_HTTP_H

#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"
#include "store/store.h"
#include "web/form.h"
#include "web/html.h"

enum http_method {
    HTTP_GET,
    HTTP_HEAD,
    HTTP_POST,
    HTTP_PUT,
    HTTP_PATCH,
    HTTP_DELETE,
    HTTP_OTHER
};

/* Server-wide settings, read-only while serving. */
struct app {
    const char *db_path;
    const char *bootstrap_dir; /* Debian's libjs-bootstrap5 files */
    const char *today;         /* fixed "YYYY-MM-DD" for tests, or NULL */
    bool secure_cookies;       /* behind TLS: cookies get Secure */
    size_t max_body;
    int64_t session_idle; /* seconds */
};

#define REQ_MAX_IDS 3
#define REQ_MAX_HEADERS 8

struct req {
    enum http_method method;
    const char *path;
    const char *addr; /* the client's address as text */
    struct form query;
    struct form body;
    const char *raw_body;
    size_t raw_len;
    const char *content_type;
    void *conn; /* the server's connection, for headers and cookies */
    struct store *store;
    const struct app *app;
    char today[11];
    int64_t now; /* seconds since the epoch */
    bool signed_in;
    struct principal who;     /* valid when signed_in */
    struct scope scope;       /* the principal's cluster and name */
    int64_t ids[REQ_MAX_IDS]; /* the numbers matched by '*' in the route */
    size_t nids;
};

/* A request header or cookie, or NULL; lives as long as the request. */
const char *req_header(const struct req *r, const char *name);
const char *req_cookie(const struct req *r, const char *name);
/* The query parameter, or NULL. */
const char *req_query(const struct req *r, const char *name);
/* The form field of a POST, or NULL. */
const char *req_field(const struct req *r, const char *name);

struct resp_header {
    char *name;
    char *value;
};

struct resp {
    int status;
    struct buf body;
    const char *content_type; /* static string */
    struct resp_header headers[REQ_MAX_HEADERS];
    size_t nheaders;
};

void resp_init(struct resp *rs);
void resp_release(struct resp *rs);
/* Adds a header; both strings are copied. */
void resp_header(struct resp *rs, const char *name, const char *value);
/* 303 See Other to a path of this site. */
void resp_redirect(struct resp *rs, const char *location);
/* Takes the page out of h as the body. */
void resp_html(struct resp *rs, int status, struct html *h);
/* Sends the JSON text in body (taken; body is left empty). */
void resp_json(struct resp *rs, int status, struct buf *body);
/* {"error":{"code","message","field"}} with the status of err->code. */
void resp_api_error(struct resp *rs, const struct err *err);
/* A file download. */
void resp_download(struct resp *rs, const char *content_type,
                   const char *filename, struct buf *content);

/* Sets a cookie with HttpOnly, SameSite=Lax, Path=/ (and Secure when the
 * app says so); max_age < 0 deletes it, 0 makes a browser-session cookie. */
void resp_cookie(struct resp *rs, const struct req *r, const char *name,
                 const char *value, int64_t max_age);

typedef void handler_fn(struct req *r, struct resp *rs);

#endif
