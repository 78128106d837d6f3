/*
 * /api/v1/events: list (upcoming, past or all), create, get (with its
 * entry fees and satisfaction), change, and an event's registrations.
 * Capacity, the waitlist and fees are core/event.h's rules applied by
 * the store; an event of another cluster is answered as one that does
 * not exist. Fees are integers of minor units beside the cluster's
 * currency, as the tiers API writes them.
 */
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "io/funnel_json.h"
#include "store/event_store.h"
#include "web/api.h"
#include "web/api/common.h"
#include "web/params.h"

#define EVENTS_PATH "/api/v1/events"

/* An event with its currency and, for one event, fees and satisfaction. */
struct event_item {
    const struct event *e;
    const char *currency;
    const struct event_fees *fees;
    const struct satisfaction *sat;
};

static void
write_event_item(struct jsonw *w, const void *item)
{
    const struct event_item *it = item;
    event_write_json(w, it->e, it->currency, it->fees, it->sat);
}

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

static int
load_event(struct req *r, int64_t id, struct event *e, struct err *err)
{
    enum store_rc rc =
        event_store_get(r->store, r->scope.cluster_id, id, e, err);
    if (rc == STORE_NONE)
        api_not_found(err, "event", id);
    return rc == STORE_ONE ? 0 : -1;
}

static int
parse_filter(struct req *r, struct event_filter *f, struct paging *p,
             struct err *err)
{
    const struct form *q = &r->query;
    memset(f, 0, sizeof(*f));
    f->when = EVENTS_UPCOMING;
    f->today = r->today;
    f->kind = -1;
    const char *when = form_get(q, "when");
    if (when && *when) {
        if (strcmp(when, "upcoming") == 0)
            f->when = EVENTS_UPCOMING;
        else if (strcmp(when, "past") == 0)
            f->when = EVENTS_PAST;
        else if (strcmp(when, "all") == 0)
            f->when = EVENTS_ALL;
        else
            return err_set(err, ERR_INVALID, "when",
                           "when must be upcoming, past or all.");
    }
    const char *kind = form_get(q, "kind");
    if (kind && *kind) {
        enum event_kind k;
        if (event_kind_parse(kind, &k))
            return err_set(err, ERR_INVALID, "kind",
                           "kind must be one of seminar, matchmaking, "
                           "trade_fair, company_visit, vip, working_group, "
                           "general_assembly, cluster_day.");
        f->kind = (int)k;
    }
    if (api_query_id(q, "working_group_id", &f->working_group_id, err))
        return -1;
    const char *text = form_get(q, "q");
    f->q = text && *text ? text : NULL;
    if (params_paging(q, p, err))
        return -1;
    f->offset = (p->page - 1) * p->per_page;
    f->limit = p->per_page;
    return 0;
}

void
api_events_list(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct event_filter f;
    struct paging p;
    struct event_list l = { 0 };
    struct event_item *items = NULL;
    char currency[4];

    if (parse_filter(r, &f, &p, &err) || api_dues_currency(r, currency, &err) ||
        event_store_list(r->store, r->scope.cluster_id, &f, &l, &err)) {
        resp_api_error(rs, &err);
        goto out;
    }
    items = xcalloc(l.n + 1, sizeof(*items));
    for (size_t i = 0; i < l.n; i++)
        items[i] = (struct event_item){ &l.items[i], currency, NULL, NULL };
    api_reply_list(rs, write_event_item, items, l.n, sizeof(*items), l.total,
                   &p);
out:
    free(items);
    event_list_release(&l);
}

/* Answers event id as stored, with its fees and satisfaction. */
static void
reply_event(struct req *r, struct resp *rs, int status, int64_t id)
{
    struct err err = ERR_INIT;
    struct event e;
    struct event_fees fees;
    struct satisfaction sat;
    char currency[4];

    event_init(&e);
    memset(&fees, 0, sizeof(fees));
    memset(&sat, 0, sizeof(sat));
    if (load_event(r, id, &e, &err) ||
        event_store_fees(r->store, r->scope.cluster_id, id, &fees, &err) ||
        event_store_satisfaction(r->store, r->scope.cluster_id, id, &sat,
                                 &err) ||
        api_dues_currency(r, currency, &err)) {
        resp_api_error(rs, &err);
        goto out;
    }
    struct event_item it = { &e, currency, &fees, &sat };
    if (status == 201)
        api_reply_created(rs, EVENTS_PATH, id, write_event_item, &it);
    else
        api_reply_one(rs, status, write_event_item, &it);
out:
    event_release(&e);
}

void
api_events_create(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct event e;
    json_t *body = NULL;

    event_init(&e);
    body = api_body(r, &err);
    if (!body || event_from_json(body, &e, true, &err) ||
        event_validate(&e, &err) ||
        event_store_create(r->store, &r->scope, &e, &err))
        goto fail;
    reply_event(r, rs, 201, e.id);
    goto out;
fail:
    resp_api_error(rs, &err);
out:
    json_decref(body);
    event_release(&e);
}

void
api_events_get(struct req *r, struct resp *rs)
{
    reply_event(r, rs, 200, r->ids[0]);
}

/*
 * PATCH: the members sent replace their fields, the others keep their
 * values. A larger capacity moves the waitlist up; one below the places
 * taken is refused on "capacity". "cancelled": true cancels the event.
 */
void
api_events_update(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct event e;
    json_t *body = NULL;

    event_init(&e);
    if (load_event(r, r->ids[0], &e, &err))
        goto fail;
    body = api_body(r, &err);
    if (!body || event_from_json(body, &e, false, &err) ||
        event_validate(&e, &err))
        goto fail;
    enum store_rc rc = event_store_update(r->store, &r->scope, &e, &err);
    if (rc == STORE_NONE)
        api_not_found(&err, "event", r->ids[0]);
    if (rc != STORE_ONE)
        goto fail;
    reply_event(r, rs, 200, r->ids[0]);
    goto out;
fail:
    resp_api_error(rs, &err);
out:
    json_decref(body);
    event_release(&e);
}

/*
 * The event's registrations: those holding places and cancelled ones by
 * name, then the waitlist in its order (the store's order). Optionally
 * one status only. Events are small: the store gives all, paged here.
 */
void
api_events_registrations(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct event e;
    struct paging p;
    struct registration_list l = { 0 };
    struct registration_item *page = NULL;
    char currency[4];
    int status = -1;

    event_init(&e);
    const char *s = form_get(&r->query, "status");
    if (s && *s) {
        enum registration_status st;
        if (registration_status_parse(s, &st)) {
            err_set(&err, ERR_INVALID, "status",
                    "status must be one of registered, waitlisted, "
                    "attended, no_show, cancelled.");
            goto fail;
        }
        status = (int)st;
    }
    if (params_paging(&r->query, &p, &err) ||
        load_event(r, r->ids[0], &e, &err) ||
        api_dues_currency(r, currency, &err) ||
        registration_store_list(r->store, r->scope.cluster_id, e.id, &l, &err))
        goto fail;
    size_t n = 0;
    page = xcalloc(l.n + 1, sizeof(*page));
    for (size_t i = 0; i < l.n; i++)
        if (status < 0 || (int)l.items[i].status == status)
            page[n++] = (struct registration_item){ &l.items[i], currency };
    size_t from = (size_t)((p.page - 1) * p.per_page);
    size_t count = from < n ? n - from : 0;
    if (count > (size_t)p.per_page)
        count = (size_t)p.per_page;
    api_reply_list(rs, write_registration_item, page + (from < n ? from : 0),
                   count, sizeof(*page), (int64_t)n, &p);
    goto out;
fail:
    resp_api_error(rs, &err);
out:
    free(page);
    registration_list_release(&l);
    event_release(&e);
}
