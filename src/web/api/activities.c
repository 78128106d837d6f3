/*
 * /api/v1/activities: the timeline entries of organisations and their
 * contacts (list with filters, log, get, change, delete). Whether an
 * entry is an interest signal, and what that does to the lead's warmth,
 * is the store's and core/lead.h's business; this file reads the
 * request and answers. The cluster comes from r->scope only: an activity
 * of another cluster is answered as one that does not exist, and an
 * organisation or contact of another cluster named in a body is refused
 * by the store (422) with nothing stored.
 */
#include <stdlib.h>
#include <string.h>

#include "io/funnel_json.h"
#include "store/funnel_store.h"
#include "web/api.h"
#include "web/api/common.h"
#include "web/params.h"

#define ACTIVITIES_PATH "/api/v1/activities"

static void
write_activity(struct jsonw *w, const void *item)
{
    activity_write_json(w, item);
}

static int
load_activity(struct req *r, int64_t id, struct activity *a, struct err *err)
{
    enum store_rc rc =
        activity_store_get(r->store, r->scope.cluster_id, id, a, err);
    if (rc == STORE_NONE)
        api_not_found(err, "activity", id);
    return rc == STORE_ONE ? 0 : -1;
}

/*
 * An entry written by an event registration follows its registration:
 * it changes with the registration's status, not on its own, or the
 * timeline and the attendance would disagree.
 */
static int
check_own(const struct activity *a, struct err *err)
{
    if (a->registration_id > 0)
        return err_set(err, ERR_CONFLICT, "registration_id",
                       "This entry was written by registration %lld; change "
                       "the registration instead.",
                       (long long)a->registration_id);
    return 0;
}

static int
parse_filter(const struct form *q, struct activity_filter *f, struct paging *p,
             struct err *err)
{
    memset(f, 0, sizeof(*f));
    f->kind = -1;
    if (api_query_id(q, "organisation_id", &f->organisation_id, err) ||
        api_query_id(q, "contact_id", &f->contact_id, err) ||
        api_query_date(q, "from", &f->from, err) ||
        api_query_date(q, "to", &f->to, err))
        return -1;
    const char *kind = form_get(q, "kind");
    if (kind && *kind) {
        enum activity_kind k;
        if (activity_kind_parse(kind, &k))
            return err_set(err, ERR_INVALID, "kind",
                           "kind must be one of email_out, email_reply, call, "
                           "meeting, visit, event_registration, "
                           "event_attendance, social, enquiry, note.");
        f->kind = (int)k;
    }
    if (params_paging(q, p, err))
        return -1;
    f->offset = (p->page - 1) * p->per_page;
    f->limit = p->per_page;
    return 0;
}

void
api_activities_list(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct activity_filter f;
    struct paging p;
    struct activity_list l = { 0 };

    if (parse_filter(&r->query, &f, &p, &err) ||
        activity_store_list(r->store, r->scope.cluster_id, &f, &l, &err)) {
        resp_api_error(rs, &err);
        goto out;
    }
    api_reply_list(rs, write_activity, l.items, l.n, sizeof(l.items[0]),
                   l.total, &p);
out:
    activity_list_release(&l);
}

/* Answers activity id as stored (with its names and signal flag). */
static void
reply_activity(struct req *r, struct resp *rs, int status, int64_t id)
{
    struct err err = ERR_INIT;
    struct activity a;

    activity_init(&a);
    if (load_activity(r, id, &a, &err)) {
        resp_api_error(rs, &err);
        goto out;
    }
    if (status == 201)
        api_reply_created(rs, ACTIVITIES_PATH, id, write_activity, &a);
    else
        api_reply_one(rs, status, write_activity, &a);
out:
    activity_release(&a);
}

void
api_activities_create(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct activity a;
    json_t *body = NULL;
    int32_t today = api_dues_today(r);

    activity_init(&a);
    body = api_body(r, &err);
    if (!body || activity_from_json(body, &a, true, &err))
        goto fail;
    /* Logged today unless the body says when. */
    if (!a.date[0])
        memcpy(a.date, r->today, sizeof(a.date));
    if (activity_validate(&a, today, &err) ||
        activity_store_create(r->store, &r->scope, &a, today, &err))
        goto fail;
    reply_activity(r, rs, 201, a.id);
    goto out;
fail:
    resp_api_error(rs, &err);
out:
    json_decref(body);
    activity_release(&a);
}

void
api_activities_get(struct req *r, struct resp *rs)
{
    reply_activity(r, rs, 200, r->ids[0]);
}

/*
 * PATCH: the members sent replace kind, date, contact and text; the
 * organisation stays. A change of kind or date renews the warm periods
 * (the store's business).
 */
void
api_activities_update(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct activity a;
    json_t *body = NULL;
    int32_t today = api_dues_today(r);

    activity_init(&a);
    if (load_activity(r, r->ids[0], &a, &err) || check_own(&a, &err))
        goto fail;
    body = api_body(r, &err);
    if (!body || activity_from_json(body, &a, false, &err) ||
        activity_validate(&a, today, &err))
        goto fail;
    enum store_rc rc =
        activity_store_update(r->store, &r->scope, &a, today, &err);
    if (rc == STORE_NONE)
        api_not_found(&err, "activity", r->ids[0]);
    if (rc != STORE_ONE)
        goto fail;
    reply_activity(r, rs, 200, r->ids[0]);
    goto out;
fail:
    resp_api_error(rs, &err);
out:
    json_decref(body);
    activity_release(&a);
}

void
api_activities_delete(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct activity a;

    activity_init(&a);
    if (load_activity(r, r->ids[0], &a, &err) || check_own(&a, &err))
        goto fail;
    enum store_rc rc =
        activity_store_delete(r->store, &r->scope, r->ids[0], &err);
    if (rc == STORE_NONE)
        api_not_found(&err, "activity", r->ids[0]);
    if (rc != STORE_ONE)
        goto fail;
    api_no_content(rs);
    goto out;
fail:
    resp_api_error(rs, &err);
out:
    activity_release(&a);
}
