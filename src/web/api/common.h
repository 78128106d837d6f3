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

/* Answers {"data": data} with status; steals data. */
void api_reply_one(struct resp *rs, int status, json_t *data);

/*
 * Answers 201 {"data": data} with Location: <collection>/<id>, where
 * collection is a path such as "/api/v1/organisations"; steals data.
 */
void api_reply_created(struct resp *rs, const char *collection, int64_t id,
                       json_t *data);

/*
 * Answers 200 {"data": items, "total": total, "page", "per_page"};
 * steals items (a JSON array).
 */
void api_reply_list(struct resp *rs, json_t *items, int64_t total,
                    const struct paging *p);

/*
 * Fills err with ERR_NOT_FOUND for a record (what: "organisation") that
 * is absent or belongs to another cluster; the two read the same, so the
 * answer never tells that a record exists elsewhere. Returns -1.
 */
int api_not_found(struct err *err, const char *what, int64_t id);

#endif
