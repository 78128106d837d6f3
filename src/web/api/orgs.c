/*
 * /api/v1/organisations: list, create, get, update, archive, restore, and
 * an organisation's contacts. Each handler reads its input (the query or
 * a JSON body), leaves the rules to core (org_validate) and the data to
 * the store, and answers through api/common.h. The cluster always comes
 * from r->scope, never from the request: an organisation of another
 * cluster is answered exactly as one that does not exist.
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "io/org_json.h"
#include "web/api.h"
#include "web/api/common.h"
#include "web/params.h"

#define ORGS_PATH "/api/v1/organisations"

/*
 * Length of the longest prefix of s of at most max bytes that does not
 * cut a UTF-8 sequence, so a name quoted in struct err's fixed message
 * stays valid UTF-8 (jansson refuses anything else).
 */
static int
utf8_cut(const char *s, size_t max)
{
    size_t len = strlen(s);
    if (len > max) {
        len = max;
        while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
            len--;
    }
    return (int)len;
}

/*
 * Refuses, with ERR_CONFLICT, an organisation that is likely the same as
 * another of the cluster (same registration number, else same name),
 * unless the body says "allow_duplicate": true. The message names the
 * existing organisation so the client can go there instead.
 */
static int
check_duplicate(struct req *r, const json_t *body, const struct org *o,
                struct err *err)
{
    int rc = -1;
    int64_t dup_id = 0;
    char *dup_name = NULL;
    struct buf key = BUF_INIT, dup_key = BUF_INIT;

    if (api_allow_duplicate(body)) {
        rc = 0;
        goto out;
    }
    enum store_rc found = org_store_find_duplicate(
        r->store, r->scope.cluster_id, o, &dup_id, &dup_name, err);
    if (found == STORE_NONE) {
        rc = 0;
        goto out;
    }
    if (found != STORE_ONE)
        goto out;
    org_name_key(&key, o->name);
    org_name_key(&dup_key, dup_name);
    bool same_name = strcmp(key.s, dup_key.s) == 0;
    err_set(err, ERR_CONFLICT, same_name ? "name" : "registration_no",
            "Organisation %lld \"%.*s\" has the same %s; it is likely the "
            "same organisation. Send \"allow_duplicate\": true to save anyway.",
            (long long)dup_id, utf8_cut(dup_name, 80), dup_name,
            same_name ? "name" : "registration number");
out:
    free(dup_name);
    buf_release(&key);
    buf_release(&dup_key);
    return rc;
}

/* Loads organisation id of the caller's cluster into *o, or fills err. */
static int
load_org(struct req *r, int64_t id, struct org *o, struct err *err)
{
    enum store_rc rc = org_store_get(r->store, r->scope.cluster_id, id, o, err);
    if (rc == STORE_NONE)
        api_not_found(err, "organisation", id);
    return rc == STORE_ONE ? 0 : -1;
}

void
api_orgs_list(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct org_filter f;
    struct paging p;
    struct org_list l = { 0 };

    if (params_org_filter(&r->query, &f, &p, &err) ||
        org_store_list(r->store, r->scope.cluster_id, &f, &l, &err)) {
        resp_api_error(rs, &err);
        goto out;
    }
    api_reply_list(rs, api_write_org_row, l.items, l.n, sizeof(l.items[0]),
                   l.total, &p);
out:
    org_list_release(&l);
}

void
api_orgs_create(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct org o;
    json_t *body = NULL;

    org_init(&o);
    body = api_body(r, &err);
    if (!body || org_from_json(body, &o, true, &err) ||
        org_validate(&o, &err) || check_duplicate(r, body, &o, &err) ||
        org_store_create(r->store, &r->scope, &o, &err)) {
        resp_api_error(rs, &err);
        goto out;
    }
    api_reply_created(rs, ORGS_PATH, o.id, api_write_org, &o);
out:
    json_decref(body);
    org_release(&o);
}

void
api_orgs_get(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct org o;

    org_init(&o);
    if (load_org(r, r->ids[0], &o, &err)) {
        resp_api_error(rs, &err);
        goto out;
    }
    api_reply_one(rs, 200, api_write_org, &o);
out:
    org_release(&o);
}

/*
 * PATCH and PUT alike: the members sent replace their fields and the
 * others keep their stored values. The id is the URL's; an "id" in the
 * body is ignored by org_from_json.
 */
void
api_orgs_update(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct org o;
    json_t *body = NULL;

    org_init(&o);
    if (load_org(r, r->ids[0], &o, &err))
        goto fail;
    body = api_body(r, &err);
    if (!body || org_from_json(body, &o, false, &err) ||
        org_validate(&o, &err) || check_duplicate(r, body, &o, &err))
        goto fail;
    enum store_rc rc = org_store_update(r->store, &r->scope, &o, &err);
    if (rc == STORE_NONE)
        api_not_found(&err, "organisation", r->ids[0]);
    if (rc != STORE_ONE)
        goto fail;
    api_reply_one(rs, 200, api_write_org, &o);
    goto out;
fail:
    resp_api_error(rs, &err);
out:
    json_decref(body);
    org_release(&o);
}

/* Archives or restores the organisation and answers it as it is now. */
static void
set_archived(struct req *r, struct resp *rs, bool archived)
{
    struct err err = ERR_INIT;
    struct org o;

    org_init(&o);
    enum store_rc rc =
        org_store_set_archived(r->store, &r->scope, r->ids[0], archived, &err);
    if (rc == STORE_NONE)
        api_not_found(&err, "organisation", r->ids[0]);
    if (rc != STORE_ONE || load_org(r, r->ids[0], &o, &err)) {
        resp_api_error(rs, &err);
        goto out;
    }
    api_reply_one(rs, 200, api_write_org, &o);
out:
    org_release(&o);
}

void
api_orgs_archive(struct req *r, struct resp *rs)
{
    set_archived(r, rs, true);
}

void
api_orgs_restore(struct req *r, struct resp *rs)
{
    set_archived(r, rs, false);
}

/*
 * The organisation's contacts, with the filters of /api/v1/contacts; the
 * organisation comes from the URL and must be in the caller's cluster.
 */
void
api_orgs_contacts(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct org o;
    struct contact_filter f;
    struct paging p;
    struct contact_list l = { 0 };

    org_init(&o);
    if (load_org(r, r->ids[0], &o, &err) ||
        params_contact_filter(&r->query, &f, &p, &err))
        goto fail;
    f.organisation_id = o.id;
    if (contact_store_list(r->store, r->scope.cluster_id, &f, &l, &err))
        goto fail;
    api_reply_list(rs, api_write_contact, l.items, l.n, sizeof(l.items[0]),
                   l.total, &p);
    goto out;
fail:
    resp_api_error(rs, &err);
out:
    contact_list_release(&l);
    org_release(&o);
}
