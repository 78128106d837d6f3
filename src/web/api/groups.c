/*
 * /api/v1/working-groups: list, create, get, change, and a group's
 * member organisations (and contacts) with their participation in its
 * meetings: list, add, get one, remove. Meetings are events of kind
 * working_group (api/events.c). A group or member of another cluster is
 * answered as one that does not exist; an organisation or contact of
 * another cluster named in a body is refused by the store (422).
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "io/funnel_json.h"
#include "store/event_store.h"
#include "web/api.h"
#include "web/api/common.h"
#include "web/params.h"

#define GROUPS_PATH "/api/v1/working-groups"

static void
write_group(struct jsonw *w, const void *item)
{
    working_group_write_json(w, item);
}

static void
write_member(struct jsonw *w, const void *item)
{
    group_member_write_json(w, item);
}

static int
load_group(struct req *r, int64_t id, struct working_group *g, struct err *err)
{
    enum store_rc rc =
        working_group_store_get(r->store, r->scope.cluster_id, id, g, err);
    if (rc == STORE_NONE)
        api_not_found(err, "working group", id);
    return rc == STORE_ONE ? 0 : -1;
}

/* Pages items[0..n) of size bytes each into the list envelope. */
static void
reply_page(struct resp *rs, api_write_fn *write, const void *items, size_t n,
           size_t size, const struct paging *p)
{
    size_t from = (size_t)((p->page - 1) * p->per_page);
    size_t count = from < n ? n - from : 0;
    if (count > (size_t)p->per_page)
        count = (size_t)p->per_page;
    api_reply_list(rs, write, count ? (const char *)items + from * size : items,
                   count, size, (int64_t)n, p);
}

void
api_groups_list(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct paging p;
    bool archived = false;
    struct working_group_list l = { 0 };

    if (params_bool(&r->query, "archived", false, &archived, &err) ||
        params_paging(&r->query, &p, &err) ||
        working_group_store_list(r->store, r->scope.cluster_id, archived, &l,
                                 &err)) {
        resp_api_error(rs, &err);
        goto out;
    }
    reply_page(rs, write_group, l.items, l.n, sizeof(l.items[0]), &p);
out:
    working_group_list_release(&l);
}

static void
reply_group(struct req *r, struct resp *rs, int status, int64_t id)
{
    struct err err = ERR_INIT;
    struct working_group g;

    working_group_init(&g);
    if (load_group(r, id, &g, &err)) {
        resp_api_error(rs, &err);
        goto out;
    }
    if (status == 201)
        api_reply_created(rs, GROUPS_PATH, id, write_group, &g);
    else
        api_reply_one(rs, status, write_group, &g);
out:
    working_group_release(&g);
}

void
api_groups_create(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct working_group g;
    json_t *body = NULL;

    working_group_init(&g);
    body = api_body(r, &err);
    if (!body || working_group_from_json(body, &g, true, &err) ||
        working_group_validate(&g, &err) ||
        working_group_store_create(r->store, &r->scope, &g, &err)) {
        resp_api_error(rs, &err);
        goto out;
    }
    reply_group(r, rs, 201, g.id);
out:
    json_decref(body);
    working_group_release(&g);
}

void
api_groups_get(struct req *r, struct resp *rs)
{
    reply_group(r, rs, 200, r->ids[0]);
}

/* PATCH: the members sent replace their fields; "archived": true
 * archives the group. */
void
api_groups_update(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct working_group g;
    json_t *body = NULL;

    working_group_init(&g);
    if (load_group(r, r->ids[0], &g, &err))
        goto fail;
    body = api_body(r, &err);
    if (!body || working_group_from_json(body, &g, false, &err) ||
        working_group_validate(&g, &err))
        goto fail;
    enum store_rc rc =
        working_group_store_update(r->store, &r->scope, &g, &err);
    if (rc == STORE_NONE)
        api_not_found(&err, "working group", r->ids[0]);
    if (rc != STORE_ONE)
        goto fail;
    reply_group(r, rs, 200, r->ids[0]);
    goto out;
fail:
    resp_api_error(rs, &err);
out:
    json_decref(body);
    working_group_release(&g);
}

/* The members of group r->ids[0], after checking the group is the
 * cluster's. */
static int
load_members(struct req *r, struct group_member_list *l, struct err *err)
{
    struct working_group g;
    working_group_init(&g);
    int rc = load_group(r, r->ids[0], &g, err);
    working_group_release(&g);
    if (rc)
        return -1;
    return group_member_store_list(r->store, r->scope.cluster_id, r->ids[0],
                                   api_dues_today(r), l, err);
}

void
api_groups_members(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct paging p;
    struct group_member_list l = { 0 };

    if (params_paging(&r->query, &p, &err) || load_members(r, &l, &err)) {
        resp_api_error(rs, &err);
        goto out;
    }
    reply_page(rs, write_member, l.items, l.n, sizeof(l.items[0]), &p);
out:
    group_member_list_release(&l);
}

/* Answers member member_id of group r->ids[0] (as listed, with its
 * participation), with status. */
static void
reply_member(struct req *r, struct resp *rs, int status, int64_t member_id)
{
    struct err err = ERR_INIT;
    struct group_member_list l = { 0 };
    struct buf path = BUF_INIT;

    if (load_members(r, &l, &err))
        goto fail;
    for (size_t i = 0; i < l.n; i++) {
        if (l.items[i].id != member_id)
            continue;
        if (status == 201) {
            buf_addf(&path, "%s/%lld/members", GROUPS_PATH,
                     (long long)r->ids[0]);
            api_reply_created(rs, path.s, member_id, write_member, &l.items[i]);
        } else {
            api_reply_one(rs, status, write_member, &l.items[i]);
        }
        goto out;
    }
    api_not_found(&err, "member of this working group", member_id);
fail:
    resp_api_error(rs, &err);
out:
    buf_release(&path);
    group_member_list_release(&l);
}

void
api_groups_member_add(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct working_group g;
    struct group_member m;
    json_t *body = NULL;

    working_group_init(&g);
    memset(&m, 0, sizeof(m));
    if (load_group(r, r->ids[0], &g, &err))
        goto fail;
    body = api_body(r, &err);
    if (!body || group_member_from_json(body, &m, &err))
        goto fail;
    m.working_group_id = g.id;
    if (group_member_store_add(r->store, &r->scope, &m, api_dues_today(r),
                               &err))
        goto fail;
    reply_member(r, rs, 201, m.id);
    goto out;
fail:
    resp_api_error(rs, &err);
out:
    /* No release function for one member: free what a store may fill. */
    free(m.organisation_name);
    free(m.contact_name);
    free(m.group_name);
    json_decref(body);
    working_group_release(&g);
}

void
api_groups_member_get(struct req *r, struct resp *rs)
{
    reply_member(r, rs, 200, r->ids[1]);
}

void
api_groups_member_remove(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct working_group g;

    working_group_init(&g);
    if (load_group(r, r->ids[0], &g, &err))
        goto fail;
    enum store_rc rc = group_member_store_remove(r->store, &r->scope, r->ids[0],
                                                 r->ids[1], &err);
    if (rc == STORE_NONE)
        api_not_found(&err, "member of this working group", r->ids[1]);
    if (rc != STORE_ONE)
        goto fail;
    api_no_content(rs);
    goto out;
fail:
    resp_api_error(rs, &err);
out:
    working_group_release(&g);
}
