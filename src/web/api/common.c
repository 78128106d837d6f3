/*
 * Request bodies and answer envelopes shared by the JSON API handlers.
 * Everything written here goes through jansson; nothing here reads the
 * store.
 */
#include "web/api/common.h"

#include "base/buf.h"
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
api_reply_one(struct resp *rs, int status, json_t *data)
{
    resp_json(rs, status, json_pack("{s:o}", "data", data));
}

void
api_reply_created(struct resp *rs, const char *collection, int64_t id,
                  json_t *data)
{
    struct buf loc = BUF_INIT;

    buf_addf(&loc, "%s/%lld", collection, (long long)id);
    resp_header(rs, "Location", loc.s);
    api_reply_one(rs, 201, data);
    buf_release(&loc);
}

void
api_reply_list(struct resp *rs, json_t *items, int64_t total,
               const struct paging *p)
{
    resp_json(rs, 200,
              json_pack("{s:o, s:I, s:I, s:I}", "data", items, "total",
                        (json_int_t)total, "page", (json_int_t)p->page,
                        "per_page", (json_int_t)p->per_page));
}

int
api_not_found(struct err *err, const char *what, int64_t id)
{
    return err_set(err, ERR_NOT_FOUND, NULL,
                   "There is no %s %lld in your cluster.", what,
                   (long long)id);
}
