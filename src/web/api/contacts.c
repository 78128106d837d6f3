/*
 * /api/v1/contacts: list, create, get, update, archive, restore. As in
 * orgs.c, the cluster comes from r->scope only. A contact's organisation
 * is checked by the store inside the write's transaction (ERR_INVALID on
 * organisation_id when it is not in the caller's cluster), and making a
 * contact the entry point takes the flag from its organisation's other
 * contacts there too.
 */
#include <string.h>

#include "io/org_json.h"
#include "web/api.h"
#include "web/api/common.h"
#include "web/params.h"

#define CONTACTS_PATH "/api/v1/contacts"

/*
 * contact_validate names the consent's parts as the pages' form does
 * (consent_date, consent_source); in the API they are members of
 * email_consent, and the error names the member the client sent.
 */
static void
api_field(struct err *err)
{
    static const char MEMBER[] = "email_consent";
    if (strcmp(err->field, "consent_date") == 0 ||
        strcmp(err->field, "consent_source") == 0)
        memcpy(err->field, MEMBER, sizeof(MEMBER));
}

static int
validate(struct req *r, struct contact *c, struct err *err)
{
    int rc = contact_validate(c, r->today, err);
    if (rc)
        api_field(err);
    return rc;
}

/* Loads contact id of the caller's cluster into *c, or fills err. */
static int
load_contact(struct req *r, int64_t id, struct contact *c, struct err *err)
{
    enum store_rc rc =
        contact_store_get(r->store, r->scope.cluster_id, id, c, err);
    if (rc == STORE_NONE)
        api_not_found(err, "contact", id);
    return rc == STORE_ONE ? 0 : -1;
}

void
api_contacts_list(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct contact_filter f;
    struct paging p;
    struct contact_list l = { 0 };

    if (params_contact_filter(&r->query, &f, &p, &err) ||
        contact_store_list(r->store, r->scope.cluster_id, &f, &l, &err)) {
        resp_api_error(rs, &err);
        goto out;
    }
    api_reply_list(rs, api_write_contact, l.items, l.n, sizeof(l.items[0]),
                   l.total, &p);
out:
    contact_list_release(&l);
}

void
api_contacts_create(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct contact c;
    json_t *body = NULL;

    contact_init(&c);
    body = api_body(r, &err);
    if (!body || contact_from_json(body, &c, true, &err) ||
        validate(r, &c, &err) ||
        contact_store_create(r->store, &r->scope, &c, &err)) {
        resp_api_error(rs, &err);
        goto out;
    }
    api_reply_created(rs, CONTACTS_PATH, c.id, api_write_contact, &c);
out:
    json_decref(body);
    contact_release(&c);
}

void
api_contacts_get(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct contact c;

    contact_init(&c);
    if (load_contact(r, r->ids[0], &c, &err)) {
        resp_api_error(rs, &err);
        goto out;
    }
    api_reply_one(rs, 200, api_write_contact, &c);
out:
    contact_release(&c);
}

/* PATCH and PUT alike: members sent replace their fields, the rest stay. */
void
api_contacts_update(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    struct contact c;
    json_t *body = NULL;

    contact_init(&c);
    if (load_contact(r, r->ids[0], &c, &err))
        goto fail;
    body = api_body(r, &err);
    if (!body || contact_from_json(body, &c, false, &err) ||
        validate(r, &c, &err))
        goto fail;
    enum store_rc rc = contact_store_update(r->store, &r->scope, &c, &err);
    if (rc == STORE_NONE)
        api_not_found(&err, "contact", r->ids[0]);
    if (rc != STORE_ONE)
        goto fail;
    api_reply_one(rs, 200, api_write_contact, &c);
    goto out;
fail:
    resp_api_error(rs, &err);
out:
    json_decref(body);
    contact_release(&c);
}

/* Archives or restores the contact and answers it as it is now. */
static void
set_archived(struct req *r, struct resp *rs, bool archived)
{
    struct err err = ERR_INIT;
    struct contact c;

    contact_init(&c);
    enum store_rc rc = contact_store_set_archived(r->store, &r->scope,
                                                  r->ids[0], archived, &err);
    if (rc == STORE_NONE)
        api_not_found(&err, "contact", r->ids[0]);
    if (rc != STORE_ONE || load_contact(r, r->ids[0], &c, &err)) {
        resp_api_error(rs, &err);
        goto out;
    }
    api_reply_one(rs, 200, api_write_contact, &c);
out:
    contact_release(&c);
}

void
api_contacts_archive(struct req *r, struct resp *rs)
{
    set_archived(r, rs, true);
}

void
api_contacts_restore(struct req *r, struct resp *rs)
{
    set_archived(r, rs, false);
}
