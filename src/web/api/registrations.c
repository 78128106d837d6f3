/*
 * /api/v1/registrations: staff register an organisation (and one of its
 * people) for an event, read a registration, and change its status
 * (check-in, no-show, cancellation) or mark its fee paid. Registered or
 * waitlisted, the fee, moving the waitlist up: the store applies
 * core/event.h's rules in one transaction. An event, organisation or
 * contact of another cluster named in a body is refused by the store
 * with 422 on that member and nothing stored; a registration of another
 * cluster is answered as one that does not exist.
 */
#include <stdlib.h>
#include <string.h>

#include "io/funnel_json.h"
#include "store/event_store.h"
#include "web/api.h"
#include "web/api/common.h"
#include "web/params.h"

#define REGISTRATIONS_PATH "/api/v1/registrations"

struct registration_item {
    const struct registration *g;
    const char *currency;
};

static void
write_registration_item(struct jsonw *w, const void *item)
{
    const struct registration_item *it = item;
    registration_write_json(w, it->g, it->currency);
}

/* 404 for a registration absent or of another cluster, before its body
 * is read: an answer about the body must not tell that it exists. */
static int
check_exists(struct req *r, int64_t id, struct err *err)
{
    struct registration g;
    registration_init(&g);
    enum store_rc rc =
        registration_store_get(r->store, r->scope.cluster_id, id, &g, err);
    registration_release(&g);
    if (rc == STORE_NONE)
        api_not_found(err, "registration", id);
    return rc == STORE_ONE ? 0 : -1;
}

/* Answers registration id as stored. */
static void
reply_registration(struct req *r, struct resp *rs, int status, int64_t id)
{
    struct err err = ERR_INIT;
    struct registration g;
    char currency[4];

    registration_init(&g);
    enum store_rc rc =
        registration_store_get(r->store, r->scope.cluster_id, id, &g, &err);
    if (rc == STORE_NONE)
        api_not_found(&err, "registration", id);
    if (rc != STORE_ONE || api_dues_currency(r, currency, &err)) {
        resp_api_error(rs, &err);
        goto out;
    }
    struct registration_item it = { &g, currency };
    if (status == 201)
        api_reply_created(rs, REGISTRATIONS_PATH, id, write_registration_item,
                          &it);
    else
        api_reply_one(rs, status, write_registration_item, &it);
out:
    registration_release(&g);
}

void
api_registrations_create(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct registration g;
    json_t *body = NULL;

    registration_init(&g);
    body = api_body(r, &err);
    if (!body || registration_from_json(body, &g, &err) ||
        registration_store_create(r->store, &r->scope, &g, api_dues_today(r),
                                  &err)) {
        resp_api_error(rs, &err);
        goto out;
    }
    reply_registration(r, rs, 201, g.id);
out:
    json_decref(body);
    registration_release(&g);
}

void
api_registrations_get(struct req *r, struct resp *rs)
{
    reply_registration(r, rs, 200, r->ids[0]);
}

/*
 * PATCH {"status": ...} and/or {"paid_on": ...}: the status first (so a
 * cancellation moves the waitlist up), then the payment. Not allowed
 * status changes are 409 on "status".
 */
void
api_registrations_update(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    json_t *body = NULL;
    int status = -1;
    const char *paid_on = NULL;
    enum store_rc rc = STORE_ONE;

    if (check_exists(r, r->ids[0], &err))
        goto fail;
    body = api_body(r, &err);
    if (!body || registration_change_from_json(body, &status, &paid_on, &err))
        goto fail;
    if (status >= 0)
        rc = registration_store_set_status(r->store, &r->scope, r->ids[0],
                                           (enum registration_status)status,
                                           api_dues_today(r), &err);
    if (rc == STORE_ONE && paid_on)
        rc = registration_store_set_paid(r->store, &r->scope, r->ids[0],
                                         paid_on, &err);
    if (rc == STORE_NONE)
        api_not_found(&err, "registration", r->ids[0]);
    if (rc != STORE_ONE)
        goto fail;
    reply_registration(r, rs, 200, r->ids[0]);
    goto out;
fail:
    resp_api_error(rs, &err);
out:
    json_decref(body);
}
