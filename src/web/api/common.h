/*
 * What every JSON API handler does the same way: read a JSON request
 * body, and answer in the API's envelopes, one object as {"data": {...}}
 * and a list as {"data": [...], "total", "page", "per_page"}. These
 * helpers never touch the store and never decide tenancy; the handlers
 * in this directory do, from r->scope only.
 *
 * The prefix is api_ rather than common_: these are the API's own verbs.
 */
#ifndef CD_API_COMMON_H
#define CD_API_COMMON_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "base/err.h"
#include "io/jsonw.h"
#include "web/http.h"
#include "web/params.h"

/*
 * Parses the request body as one JSON object. Returns a new reference the
 * caller owns (json_decref), or NULL with err filled: ERR_BAD_REQUEST
 * for malformed JSON (its message names line and column) or a body that
 * is not an object, ERR_TOO_LARGE past ORG_JSON_MAX_BODY.
 */
json_t *api_body(const struct req *r, struct err *err);

/* True when the body asks to save despite a likely duplicate. */
bool api_allow_duplicate(const json_t *body);

/* Writes one record as JSON; item is what the writer's name says. */
typedef void api_write_fn(struct jsonw *w, const void *item);
api_write_fn api_write_org, api_write_org_row, api_write_contact;

/* Answers {"data": item}. */
void api_reply_one(struct resp *rs, int status, api_write_fn *write,
                   const void *item);

/*
 * Answers 201 {"data": data} with Location: <collection>/<id>, where
 * collection is a path such as "/api/v1/organisations"; steals data.
 */
/* Answers 201 with Location: COLLECTION/ID and {"data": item}. */
void api_reply_created(struct resp *rs, const char *collection, int64_t id,
                       api_write_fn *write, const void *item);

/* Answers {"data": [n items of size bytes each], "total", "page",
 * "per_page"}. */
void api_reply_list(struct resp *rs, api_write_fn *write, const void *items,
                    size_t n, size_t size, int64_t total,
                    const struct paging *p);

/*
 * Fills err with ERR_NOT_FOUND for a record (what: "organisation") that
 * is absent or belongs to another cluster; the two read the same, so the
 * answer never tells that a record exists elsewhere. Returns -1.
 */
int api_not_found(struct err *err, const char *what, int64_t id);

#endif
