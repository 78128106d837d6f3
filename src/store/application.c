/*
 * The public application form's one write: an organisation (the
 * cluster's existing one when the duplicate rule finds it, so a second
 * application never makes a second record), its contact as the entry
 * point, and an applicant membership, all in one transaction.
 */
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/membership_store.h"

struct application_submit {
    const struct scope *sc;
    struct application *a;
    const char *today;
    int64_t membership_id;
};

/* Whether the organisation found is archived: one that applies again
 * is brought back to the register. */
static enum store_rc
org_is_archived(struct store *st, int64_t cluster_id, int64_t id,
                struct err *err)
{
    static const char SELECT[] =
        "SELECT 1 FROM organisation WHERE cluster_id = $1 AND id = $2"
        " AND archived = 1";
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return STORE_HARD;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, id);
    enum store_rc rc = db_step(st, s, err);
    sqlite3_reset(s);
    return rc;
}

static int
submit_in_tx(struct store *st, void *vctx, struct err *err)
{
    struct application_submit *x = vctx;
    struct application *a = x->a;
    int64_t cluster_id = x->sc->cluster_id;
    int64_t org_id = 0, contact_id = 0;
    struct membership m;
    int rc = -1;
    membership_init(&m);

    a->org.id = 0;
    enum store_rc found =
        org_store_find_duplicate(st, cluster_id, &a->org, &org_id, NULL, err);
    if (found == STORE_HARD)
        goto out;
    if (found == STORE_ONE) {
        a->org.id = org_id;
        enum store_rc archived = org_is_archived(st, cluster_id, org_id, err);
        if (archived == STORE_HARD ||
            (archived == STORE_ONE &&
             org_store_set_archived(st, x->sc, org_id, false, err) !=
                 STORE_ONE))
            goto out;
    } else if (org_store_create(st, x->sc, &a->org, err)) {
        goto out;
    }

    /* Refused before anything else is written (the transaction would
     * undo it anyway), with the message the applicant should read. */
    static const char OPEN[] =
        "SELECT 1 FROM membership WHERE organisation_id = $2"
        " AND cluster_id = $1 AND ended_on = '' AND declined_on = ''";
    sqlite3_stmt *s = db_stmt(st, OPEN, err);
    if (!s)
        goto out;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, a->org.id);
    enum store_rc open = db_step(st, s, err);
    sqlite3_reset(s);
    if (open == STORE_HARD)
        goto out;
    if (open == STORE_ONE) {
        err_set(err, ERR_CONFLICT, NULL,
                "%s already has a membership or a pending application with "
                "this cluster.",
                a->org.name);
        goto out;
    }

    a->contact.organisation_id = a->org.id;
    found = contact_store_find_in_org(st, cluster_id, a->org.id, &a->contact,
                                      &contact_id, err);
    if (found == STORE_HARD)
        goto out;
    if (found == STORE_NONE) {
        a->contact.entry_point = true;
        if (contact_store_create(st, x->sc, &a->contact, err))
            goto out;
    } else {
        a->contact.id = contact_id;
    }

    m.organisation_id = a->org.id;
    m.tier_id = a->tier_id;
    m.source = MEMBERSHIP_APPLICATION;
    org_set_str(&m.applied_on, x->today);
    if (membership_store_create(st, x->sc, &m, err))
        goto out;
    x->membership_id = m.id;
    rc = 0;
out:
    membership_release(&m);
    return rc;
}

int
application_store_submit(struct store *st, const struct scope *sc,
                         struct application *a, const char *today,
                         int64_t *membership_id, struct err *err)
{
    struct application_submit x = { sc, a, today, 0 };
    int rc = store_tx(st, submit_in_tx, &x, err);
    if (!rc) {
        *membership_id = x.membership_id;
    } else {
        /* Nothing was kept: ids set on the way were rolled back. */
        a->org.id = 0;
        a->contact.id = 0;
    }
    return rc;
}
