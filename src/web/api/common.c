/*
 * Request bodies and answer envelopes shared by the JSON API handlers.
 * Bodies are read with jansson, answers written with io/jsonw.h; nothing
 * here reads the store.
 */
#include "web/api/common.h"

#include "base/buf.h"
#include "io/jsonw.h"
#include "io/org_json.h"

json_t *
api_body(const struct req *r, struct err *err)
{
    return json_body_parse(r->raw_body, r->raw_len, err);
}

bool
api_allow_duplicate(const json_t *body)
{
    return json_is_true(json_object_get(body, "allow_duplicate"));
}

void
api_write_org(struct jsonw *w, const void *item)
{
    org_write_json(w, item);
}

void
api_write_org_row(struct jsonw *w, const void *item)
{
    org_write_json(w, &((const struct org_row *)item)->org);
}

void
api_write_contact(struct jsonw *w, const void *item)
{
    contact_write_json(w, item);
}

void
api_reply_one(struct resp *rs, int status, api_write_fn *write,
              const void *item)
{
    struct buf body = BUF_INIT;
    struct jsonw w;
    jsonw_init(&w, &body);
    jsonw_begin_object(&w);
    jsonw_key(&w, "data");
    write(&w, item);
    jsonw_end_object(&w);
    resp_json(rs, status, &body);
}

void
api_reply_created(struct resp *rs, const char *collection, int64_t id,
                  api_write_fn *write, const void *item)
{
    struct buf loc = BUF_INIT;

    buf_addf(&loc, "%s/%lld", collection, (long long)id);
    resp_header(rs, "Location", loc.s);
    api_reply_one(rs, 201, write, item);
    buf_release(&loc);
}

void
api_reply_list(struct resp *rs, api_write_fn *write, const void *items,
               size_t n, size_t size, int64_t total, const struct paging *p)
{
    struct buf body = BUF_INIT;
    struct jsonw w;
    jsonw_init(&w, &body);
    jsonw_begin_object(&w);
    jsonw_key(&w, "data");
    jsonw_begin_array(&w);
    for (size_t i = 0; i < n; i++)
        write(&w, (const char *)items + i * size);
    jsonw_end_array(&w);
    jsonw_key(&w, "total");
    jsonw_int(&w, total);
    jsonw_key(&w, "page");
    jsonw_int(&w, p->page);
    jsonw_key(&w, "per_page");
    jsonw_int(&w, p->per_page);
    jsonw_end_object(&w);
    resp_json(rs, 200, &body);
}

int
api_not_found(struct err *err, const char *what, int64_t id)
{
    return err_set(err, ERR_NOT_FOUND, NULL,
                   "There is no %s %lld in your cluster.", what, (long long)id);
}
