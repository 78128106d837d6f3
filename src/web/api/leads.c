/*
 * /api/v1/leads: every organisation of the cluster seen as a lead, with
 * its stage on the server's today (cold, warm, member, do_not_contact)
 * derived by the store from dated facts, never stored; and the few
 * things staff set on a lead (source, owner, since, do not contact).
 * The lead's id is its organisation's; one of another cluster is
 * answered as one that does not exist.
 */
#include <stdlib.h>
#include <string.h>

#include "io/funnel_json.h"
#include "store/funnel_store.h"
#include "web/api.h"
#include "web/api/common.h"
#include "web/params.h"

static void
write_lead(struct jsonw *w, const void *item)
{
    lead_write_json(w, item);
}

static int
load_lead(struct req *r, int64_t id, struct lead *l, struct err *err)
{
    enum store_rc rc = lead_store_get(r->store, r->scope.cluster_id, id,
                                      api_dues_today(r), l, err);
    if (rc == STORE_NONE)
        api_not_found(err, "lead (organisation)", id);
    return rc == STORE_ONE ? 0 : -1;
}

static int
parse_filter(const struct form *q, struct lead_filter *f, struct paging *p,
             struct err *err)
{
    static const char *const SORTS[LEAD_SORT__COUNT] = {
        [LEAD_SORT_NAME] = "name",
        [LEAD_SORT_STAGE] = "stage",
        [LEAD_SORT_WARM_UNTIL] = "warm_until",
        [LEAD_SORT_SINCE] = "since",
        [LEAD_SORT_SOURCE] = "source",
    };
    memset(f, 0, sizeof(*f));
    f->stage = -1;
    f->kind = -1;
    const char *q_text = form_get(q, "q");
    f->q = q_text && *q_text ? q_text : NULL;
    f->source = form_get(q, "source");
    const char *stage = form_get(q, "stage");
    if (stage && *stage) {
        enum lead_stage s;
        if (lead_stage_parse(stage, &s))
            return err_set(err, ERR_INVALID, "stage",
                           "stage must be one of cold, warm, member, "
                           "do_not_contact.");
        f->stage = (int)s;
    }
    const char *owner = form_get(q, "owner_id");
    if (owner && *owner) {
        if (strcmp(owner, "none") == 0)
            f->owner_id = -1;
        else if (params_id(owner, &f->owner_id))
            return err_set(err, ERR_INVALID, "owner_id",
                           "owner_id must be a user's record number, or none "
                           "for leads without an owner.");
    }
    const char *kind = form_get(q, "kind");
    if (kind && *kind) {
        enum org_kind k;
        if (org_kind_parse(kind, &k))
            return err_set(err, ERR_INVALID, "kind",
                           "kind must be one of large, sme, micro, startup, "
                           "university, research, public, association, "
                           "other.");
        f->kind = (int)k;
    }
    const char *sort = form_get(q, "sort");
    if (sort && *sort) {
        int s = params_sort(sort, SORTS, LEAD_SORT__COUNT, &f->desc);
        if (s < 0)
            return err_set(err, ERR_INVALID, "sort",
                           "sort must be name, stage, warm_until, since or "
                           "source (with - for descending).");
        f->sort = (enum lead_sort)s;
    }
    if (params_paging(q, p, err))
        return -1;
    f->offset = (p->page - 1) * p->per_page;
    f->limit = p->per_page;
    return 0;
}

void
api_leads_list(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct lead_filter f;
    struct paging p;
    struct lead_list l = { 0 };

    if (parse_filter(&r->query, &f, &p, &err) ||
        lead_store_list(r->store, r->scope.cluster_id, api_dues_today(r), &f,
                        &l, &err)) {
        resp_api_error(rs, &err);
        goto out;
    }
    api_reply_list(rs, write_lead, l.items, l.n, sizeof(l.items[0]), l.total,
                   &p);
out:
    lead_list_release(&l);
}

void
api_leads_get(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct lead l;

    lead_init(&l);
    if (load_lead(r, r->ids[0], &l, &err)) {
        resp_api_error(rs, &err);
        goto out;
    }
    api_reply_one(rs, 200, write_lead, &l);
out:
    lead_release(&l);
}

/*
 * PATCH: source, owner_id, since and do not contact; the members not
 * sent keep their values. The stage is not among them: it follows from
 * the facts (log an activity, approve a membership).
 */
void
api_leads_update(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct lead l;
    struct lead_update u;
    json_t *body = NULL;

    lead_init(&l);
    lead_update_init(&u);
    u.organisation_id = r->ids[0];
    if (load_lead(r, r->ids[0], &l, &err))
        goto fail;
    body = api_body(r, &err);
    if (!body || lead_update_from_json(body, &u, &err))
        goto fail;
    enum store_rc rc =
        lead_store_update(r->store, &r->scope, &u, api_dues_today(r), &err);
    if (rc == STORE_NONE)
        api_not_found(&err, "lead (organisation)", r->ids[0]);
    if (rc != STORE_ONE)
        goto fail;
    lead_release(&l);
    lead_init(&l);
    if (load_lead(r, r->ids[0], &l, &err))
        goto fail;
    api_reply_one(rs, 200, write_lead, &l);
    goto out;
fail:
    resp_api_error(rs, &err);
out:
    json_decref(body);
    lead_release(&l);
}
