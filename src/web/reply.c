/*
 * Filling responses: headers, redirects, pages, JSON and errors, cookies
 * and downloads. One place decides how an error looks in the API.
 */
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "io/jsonw.h"
#include "web/http.h"

void
resp_init(struct resp *rs)
{
    memset(rs, 0, sizeof(*rs));
    rs->status = 200;
    buf_init(&rs->body, 0);
    rs->content_type = "text/html; charset=utf-8";
}

void
resp_release(struct resp *rs)
{
    buf_release(&rs->body);
    for (size_t i = 0; i < rs->nheaders; i++) {
        free(rs->headers[i].name);
        free(rs->headers[i].value);
    }
    rs->nheaders = 0;
}

void
resp_header(struct resp *rs, const char *name, const char *value)
{
    if (rs->nheaders >= REQ_MAX_HEADERS)
        BUG("too many response headers");
    rs->headers[rs->nheaders].name = xstrdup(name);
    rs->headers[rs->nheaders].value = xstrdup(value);
    rs->nheaders++;
}

void
resp_redirect(struct resp *rs, const char *location)
{
    rs->status = 303;
    resp_header(rs, "Location", location);
    buf_reset(&rs->body);
}

void
resp_html(struct resp *rs, int status, struct html *h)
{
    rs->status = status;
    rs->content_type = "text/html; charset=utf-8";
    buf_release(&rs->body);
    rs->body = h->b;
    buf_init(&h->b, 0);
}

void
resp_json(struct resp *rs, int status, struct buf *body)
{
    rs->status = status;
    rs->content_type = "application/json";
    buf_addc(body, '\n');
    buf_release(&rs->body);
    rs->body = *body;
    buf_init(body, 0);
}

void
resp_api_error(struct resp *rs, const struct err *err)
{
    enum err_code code = err->code == ERR_NONE ? ERR_INTERNAL : err->code;
    struct buf body = BUF_INIT;
    struct jsonw w;
    jsonw_init(&w, &body);
    jsonw_begin_object(&w);
    jsonw_key(&w, "error");
    jsonw_begin_object(&w);
    jsonw_key(&w, "code");
    jsonw_string(&w, err_code_name(code));
    jsonw_key(&w, "message");
    jsonw_string(&w, err->msg[0] ? err->msg : "Something went wrong.");
    jsonw_key(&w, "field");
    jsonw_string_or_null(&w, err->field);
    jsonw_end_object(&w);
    jsonw_end_object(&w);
    resp_json(rs, err_http_status(code), &body);
}

void
resp_download(struct resp *rs, const char *content_type, const char *filename,
              struct buf *content)
{
    rs->status = 200;
    rs->content_type = content_type;
    buf_release(&rs->body);
    rs->body = *content;
    buf_init(content, 0);
    struct buf cd = BUF_INIT;
    buf_addf(&cd, "attachment; filename=\"%s\"", filename);
    resp_header(rs, "Content-Disposition", cd.s);
    buf_release(&cd);
}

void
resp_cookie(struct resp *rs, const struct req *r, const char *name,
            const char *value, int64_t max_age)
{
    struct buf c = BUF_INIT;
    buf_addf(&c, "%s=%s; Path=/; HttpOnly; SameSite=Lax", name, value);
    if (max_age > 0)
        buf_addf(&c, "; Max-Age=%lld", (long long)max_age);
    else if (max_age < 0)
        buf_adds(&c, "; Max-Age=0");
    if (r->app->secure_cookies)
        buf_adds(&c, "; Secure");
    resp_header(rs, "Set-Cookie", c.s);
    buf_release(&c);
}
