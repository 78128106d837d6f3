/*
 * /api/v1/memberships: list, create, get (with the tier history), the
 * steps of a membership's life (approve, decline, end, change of tier)
 * and an associate's services in kind. Status is the store's, derived
 * for the server's today; nothing here decides it. The cluster comes
 * from r->scope only: a membership of another cluster is answered as one
 * that does not exist, and an organisation or tier of another cluster
 * named in a body is refused by the store inside its transaction.
 */
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"
#include "io/membership_json.h"
#include "store/membership_store.h"
#include "web/api.h"
#include "web/api/common.h"
#include "web/params.h"

#define MEMBERSHIPS_PATH "/api/v1/memberships"
#define MAX_REASON 500

/* A membership with the currency of its fee and, for one membership,
 * its tier history (tiers NULL in lists). */
struct membership_item {
    const struct membership_row *row;
    const char *currency;
    const struct tier_change *tiers;
    size_t ntiers;
};

static void
write_membership_item(struct jsonw *w, const void *item)
{
    const struct membership_item *it = item;
    membership_write_json(w, it->row, it->currency, it->tiers, it->ntiers);
}

struct service_item {
    const struct service_in_kind *s;
    const char *currency;
};

static void
write_service_item(struct jsonw *w, const void *item)
{
    const struct service_item *it = item;
    service_write_json(w, it->s, it->currency);
}

static int
parse_filter(const struct form *q, struct membership_filter *f,
             struct paging *p, struct err *err)
{
    static const char *const SORTS[MEMBERSHIP_SORT__COUNT] = {
        [MEMBERSHIP_SORT_NAME] = "name",
        [MEMBERSHIP_SORT_TIER] = "tier",
        [MEMBERSHIP_SORT_JOINED] = "joined",
        [MEMBERSHIP_SORT_STATUS] = "status",
    };
    memset(f, 0, sizeof(*f));
    f->q = form_get(q, "q");
    f->status = -1;
    if (params_bool(q, "history", false, &f->history, err))
        return -1;
    const char *status = form_get(q, "status");
    if (status && *status) {
        for (int s = 0; s < MEMBER_STATUS__COUNT; s++)
            if (strcmp(status, member_status_name((enum member_status)s)) == 0)
                f->status = s;
        if (f->status < 0)
            return err_set(err, ERR_INVALID, "status",
                           "status must be one of applicant, active, "
                           "in_grace, lapsed, resigned, declined.");
        /* Those are over: asking for them asks for the history. */
        if (f->status == MEMBER_RESIGNED || f->status == MEMBER_DECLINED)
            f->history = true;
    }
    const char *tier = form_get(q, "tier_id");
    if (tier && *tier && params_id(tier, &f->tier_id))
        return err_set(err, ERR_INVALID, "tier_id",
                       "tier_id must be a record number.");
    const char *org = form_get(q, "organisation_id");
    if (org && *org && params_id(org, &f->organisation_id))
        return err_set(err, ERR_INVALID, "organisation_id",
                       "organisation_id must be a record number.");
    const char *sort = form_get(q, "sort");
    if (sort && *sort) {
        int s = params_sort(sort, SORTS, MEMBERSHIP_SORT__COUNT, &f->desc);
        if (s < 0)
            return err_set(err, ERR_INVALID, "sort",
                           "sort must be name, tier, joined or status (with "
                           "- for descending).");
        f->sort = (enum membership_sort)s;
    }
    if (params_paging(q, p, err))
        return -1;
    f->offset = (p->page - 1) * p->per_page;
    f->limit = p->per_page;
    return 0;
}

/*
 * The body of an action. An empty body reads as {}, so that a step whose
 * members all have defaults ("approve today") needs none.
 */
static json_t *
action_body(struct req *r, struct err *err)
{
    if (r->raw_len == 0)
        return json_object();
    return api_body(r, err);
}

static int
check_reason(const char *reason, struct err *err)
{
    if (text_utf8_len(reason, strlen(reason)) > MAX_REASON)
        return err_set(err, ERR_INVALID, "reason",
                       "The reason may have at most %d characters.",
                       MAX_REASON);
    return 0;
}

static int
load_membership(struct req *r, int64_t id, struct membership_row *row,
                struct err *err)
{
    enum store_rc rc = membership_store_get(r->store, r->scope.cluster_id, id,
                                            r->today, row, err);
    if (rc == STORE_NONE)
        api_not_found(err, "membership", id);
    return rc == STORE_ONE ? 0 : -1;
}

static void
row_release(struct membership_row *row)
{
    membership_release(&row->m);
}

/*
 * Answers membership id as it is now, with its tier history: what every
 * write of this file answers.
 */
static void
reply_membership(struct req *r, struct resp *rs, int status, int64_t id)
{
    struct err err = ERR_INIT;
    struct membership_row row;
    struct tier_change *tiers = NULL;
    size_t ntiers = 0;
    char currency[4];

    memset(&row, 0, sizeof(row));
    membership_init(&row.m);
    if (load_membership(r, id, &row, &err) ||
        membership_store_tiers(r->store, r->scope.cluster_id, id, &tiers,
                               &ntiers, &err) ||
        api_dues_currency(r, currency, &err)) {
        resp_api_error(rs, &err);
        goto out;
    }
    /* Not NULL even without history: the writer then writes "tiers": []. */
    static const struct tier_change NO_TIERS[1];
    struct membership_item it = { &row, currency, tiers ? tiers : NO_TIERS,
                                  ntiers };
    if (status == 201)
        api_reply_created(rs, MEMBERSHIPS_PATH, id, write_membership_item, &it);
    else
        api_reply_one(rs, status, write_membership_item, &it);
out:
    for (size_t i = 0; i < ntiers; i++)
        tier_change_release(&tiers[i]);
    free(tiers);
    row_release(&row);
}

void
api_memberships_list(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct membership_filter f;
    struct paging p;
    struct membership_list l = { 0 };
    struct membership_item *items = NULL;
    char currency[4];

    if (parse_filter(&r->query, &f, &p, &err) ||
        api_dues_currency(r, currency, &err) ||
        membership_store_list(r->store, r->scope.cluster_id, &f, r->today, &l,
                              &err)) {
        resp_api_error(rs, &err);
        goto out;
    }
    items = xcalloc(l.n + 1, sizeof(*items));
    for (size_t i = 0; i < l.n; i++)
        items[i] = (struct membership_item){ &l.items[i], currency, NULL, 0 };
    api_reply_list(rs, write_membership_item, items, l.n, sizeof(*items),
                   l.total, &p);
out:
    free(items);
    membership_list_release(&l);
}

void
api_memberships_create(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct membership m;
    json_t *body = NULL;

    membership_init(&m);
    body = api_body(r, &err);
    if (!body || membership_from_json(body, &m, &err))
        goto fail;
    /* An applicant applied today unless the body says when. */
    if (!*m.applied_on && !*m.joined_on)
        org_set_str(&m.applied_on, r->today);
    if (membership_validate(&m, &err) ||
        membership_store_create(r->store, &r->scope, &m, &err))
        goto fail;
    reply_membership(r, rs, 201, m.id);
    goto out;
fail:
    resp_api_error(rs, &err);
out:
    json_decref(body);
    membership_release(&m);
}

void
api_memberships_get(struct req *r, struct resp *rs)
{
    reply_membership(r, rs, 200, r->ids[0]);
}

/* Answers a step's store result: 404, the error, or the membership. */
static void
reply_step(struct req *r, struct resp *rs, enum store_rc rc, struct err *err)
{
    if (rc == STORE_NONE)
        api_not_found(err, "membership", r->ids[0]);
    if (rc != STORE_ONE) {
        resp_api_error(rs, err);
        return;
    }
    reply_membership(r, rs, 200, r->ids[0]);
}

void
api_memberships_approve(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    const char *joined = r->today;
    const struct jfield specs[] = {
        { "joined_on", JFIELD_DATE, JFIELD_NOT_NULL, &joined },
    };
    json_t *body = action_body(r, &err);

    if (!body || json_read_fields(body, specs, ARRAY_SIZE(specs), &err)) {
        resp_api_error(rs, &err);
        goto out;
    }
    reply_step(
        r, rs,
        membership_store_approve(r->store, &r->scope, r->ids[0], joined, &err),
        &err);
out:
    json_decref(body);
}

void
api_memberships_decline(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    const char *on = r->today, *reason = "";
    const struct jfield specs[] = {
        { "declined_on", JFIELD_DATE, JFIELD_NOT_NULL, &on },
        { "reason", JFIELD_TEXT, 0, &reason },
    };
    json_t *body = action_body(r, &err);

    if (!body || json_read_fields(body, specs, ARRAY_SIZE(specs), &err) ||
        check_reason(reason, &err)) {
        resp_api_error(rs, &err);
        goto out;
    }
    reply_step(r, rs,
               membership_store_decline(r->store, &r->scope, r->ids[0], on,
                                        reason, &err),
               &err);
out:
    json_decref(body);
}

void
api_memberships_end(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    const char *on = "", *reason = "";
    const struct jfield specs[] = {
        { "ended_on", JFIELD_DATE, JFIELD_REQUIRED, &on },
        { "reason", JFIELD_TEXT, 0, &reason },
    };
    json_t *body = action_body(r, &err);

    if (!body || json_read_fields(body, specs, ARRAY_SIZE(specs), &err) ||
        check_reason(reason, &err)) {
        resp_api_error(rs, &err);
        goto out;
    }
    reply_step(
        r, rs,
        membership_store_end(r->store, &r->scope, r->ids[0], on, reason, &err),
        &err);
out:
    json_decref(body);
}

void
api_memberships_tier(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    const char *from = r->today;
    int64_t tier_id = 0;
    const struct jfield specs[] = {
        { "tier_id", JFIELD_ID, JFIELD_REQUIRED, &tier_id },
        { "valid_from", JFIELD_DATE, JFIELD_NOT_NULL, &from },
    };
    json_t *body = action_body(r, &err);

    if (!body || json_read_fields(body, specs, ARRAY_SIZE(specs), &err)) {
        resp_api_error(rs, &err);
        goto out;
    }
    reply_step(r, rs,
               membership_store_change_tier(r->store, &r->scope, r->ids[0],
                                            tier_id, from, &err),
               &err);
out:
    json_decref(body);
}

/* The membership's services, with the membership checked first. */
static int
load_services(struct req *r, struct service_in_kind **items, size_t *n,
              struct err *err)
{
    struct membership_row row;
    memset(&row, 0, sizeof(row));
    membership_init(&row.m);
    int rc = load_membership(r, r->ids[0], &row, err);
    row_release(&row);
    if (rc)
        return -1;
    return service_store_list(r->store, r->scope.cluster_id, r->ids[0], items,
                              n, err);
}

static void
services_release(struct service_in_kind *items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        service_in_kind_release(&items[i]);
    free(items);
}

void
api_memberships_services(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct paging p;
    struct service_in_kind *items = NULL;
    struct service_item *page = NULL;
    size_t n = 0;
    char currency[4];

    if (params_paging(&r->query, &p, &err) ||
        api_dues_currency(r, currency, &err) ||
        load_services(r, &items, &n, &err)) {
        resp_api_error(rs, &err);
        goto out;
    }
    size_t from = (size_t)((p.page - 1) * p.per_page);
    size_t count = from < n ? n - from : 0;
    if (count > (size_t)p.per_page)
        count = (size_t)p.per_page;
    page = xcalloc(count + 1, sizeof(*page));
    for (size_t i = 0; i < count; i++)
        page[i] = (struct service_item){ &items[from + i], currency };
    api_reply_list(rs, write_service_item, page, count, sizeof(*page),
                   (int64_t)n, &p);
out:
    free(page);
    services_release(items, n);
}

void
api_memberships_service_get(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct service_in_kind *items = NULL;
    size_t n = 0;
    char currency[4];

    if (api_dues_currency(r, currency, &err) ||
        load_services(r, &items, &n, &err))
        goto fail;
    for (size_t i = 0; i < n; i++) {
        if (items[i].id == r->ids[1]) {
            struct service_item it = { &items[i], currency };
            api_reply_one(rs, 200, write_service_item, &it);
            goto out;
        }
    }
    api_not_found(&err, "service in kind", r->ids[1]);
fail:
    resp_api_error(rs, &err);
out:
    services_release(items, n);
}

void
api_memberships_service_add(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct membership_row row;
    struct service_in_kind s;
    json_t *body = NULL;
    char currency[4];
    struct buf path = BUF_INIT;

    memset(&row, 0, sizeof(row));
    membership_init(&row.m);
    service_in_kind_init(&s);
    if (load_membership(r, r->ids[0], &row, &err))
        goto fail;
    body = api_body(r, &err);
    if (!body || service_from_json(body, &s, &err))
        goto fail;
    s.membership_id = row.m.id;
    if (service_in_kind_validate(&s, r->today, &err) ||
        api_dues_currency(r, currency, &err) ||
        service_store_add(r->store, &r->scope, &s, &err))
        goto fail;
    buf_addf(&path, "%s/%lld/services", MEMBERSHIPS_PATH, (long long)row.m.id);
    struct service_item it = { &s, currency };
    api_reply_created(rs, path.s, s.id, write_service_item, &it);
    goto out;
fail:
    resp_api_error(rs, &err);
out:
    buf_release(&path);
    json_decref(body);
    service_in_kind_release(&s);
    row_release(&row);
}
