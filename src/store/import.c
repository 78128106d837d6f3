/*
 * Applying an import in one transaction, on top of the organisation and
 * contact stores so every row gets the same rules and audit entries as a
 * change made by hand.
 */
#include "store/import.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "io/jsonw.h"
#include "store/db.h"

/*
 * Finds the user of each lead owner's e-mail among the cluster's users
 * (one load, then a hash table): ids[i] for r->orgs[i], 0 without owner.
 * An unknown e-mail is added to r's errors when report is not NULL, else
 * it fails with ERR_INVALID on "owner" naming the line.
 */
static int
resolve_owners(struct store *st, int64_t cluster_id,
               const struct import_result *r, struct import_result *report,
               int64_t *ids, struct err *err)
{
    struct user *users = NULL;
    size_t nusers = 0;
    struct import_keymap by_email = { 0 };
    int rc = -1;

    if (user_store_list(st, cluster_id, &users, &nusers, err))
        goto out;
    for (size_t i = 0; i < nusers; i++) {
        struct buf key = BUF_INIT;
        for (const char *p = users[i].email; *p; p++)
            buf_addc(&key, *p >= 'A' && *p <= 'Z' ? (char)(*p + 32) : *p);
        import_keymap_put(&by_email, key.s ? key.s : "", i);
        buf_release(&key);
    }
    for (size_t i = 0; i < r->norgs; i++) {
        const struct import_lead *l = &r->orgs[i].lead;
        size_t u;
        ids[i] = 0;
        if (!l->owner || !*l->owner)
            continue;
        if (import_keymap_get(&by_email, l->owner, &u)) {
            ids[i] = users[u].id;
            continue;
        }
        struct buf msg = BUF_INIT;
        buf_addf(&msg,
                 "No user of this cluster has the e-mail %s; the owner must "
                 "be one of the team (see Users).",
                 l->owner);
        if (!report) {
            err_set(err, ERR_INVALID, "owner", "Line %d: %s", l->owner_line,
                    msg.s);
            buf_release(&msg);
            goto out;
        }
        import_result_add_error(report, l->owner_line, ERR_INVALID,
                                r->owner_column ? r->owner_column : "owner",
                                msg.s);
        buf_release(&msg);
    }
    rc = 0;
out:
    for (size_t i = 0; i < nusers; i++)
        user_release(&users[i]);
    free(users);
    import_keymap_release(&by_email);
    return rc;
}

/* Whether the file gives any lead column for io. */
static bool
lead_given(const struct import_org *io)
{
    const struct import_lead *l = &io->lead;
    return (l->source && *l->source) || (l->owner && *l->owner) || *l->since ||
           l->dnc >= 0;
}

int
import_store_match(struct store *st, int64_t cluster_id,
                   struct import_result *r, int64_t *matches,
                   struct import_summary *sum, struct err *err)
{
    memset(sum, 0, sizeof(*sum));
    int64_t *owners = xcalloc(r->norgs ? r->norgs : 1, sizeof(*owners));
    int resolved = resolve_owners(st, cluster_id, r, r, owners, err);
    for (size_t i = 0; i < r->norgs; i++)
        r->orgs[i].lead.owner_id = owners[i];
    free(owners);
    if (resolved)
        return -1;
    for (size_t i = 0; i < r->norgs; i++) {
        matches[i] = 0;
        enum store_rc rc = org_store_find_duplicate(
            st, cluster_id, &r->orgs[i].org, &matches[i], NULL, err);
        if (rc == STORE_HARD)
            return -1;
        if (rc == STORE_ONE)
            sum->orgs_updated++;
        else
            sum->orgs_created++;
        sum->contacts_created += r->orgs[i].ncontacts;
        sum->leads_updated += lead_given(&r->orgs[i]);
    }
    return 0;
}

/*
 * Creates or updates one contact of the organisation org_id. A contact of
 * an organisation this import created has nobody to match.
 */
static int
import_contact(struct store *st, const struct scope *sc, int64_t org_id,
               bool org_is_new, const struct contact *from,
               struct import_summary *sum, struct err *err)
{
    int64_t id = 0;
    struct contact c;
    int rc = -1;
    contact_init(&c);
    enum store_rc found =
        org_is_new ? STORE_NONE
                   : contact_store_find_in_org(st, sc->cluster_id, org_id, from,
                                               &id, err);
    if (found == STORE_HARD)
        goto out;
    if (found == STORE_ONE) {
        if (contact_store_get(st, sc->cluster_id, id, &c, err) != STORE_ONE)
            goto out;
        contact_merge(&c, from);
        if (contact_store_update(st, sc, &c, err) != STORE_ONE)
            goto out;
        sum->contacts_updated++;
    } else {
        contact_merge(&c, from);
        c.organisation_id = org_id;
        if (contact_store_create(st, sc, &c, err))
            goto out;
        sum->contacts_created++;
    }
    rc = 0;
out:
    contact_release(&c);
    return rc;
}

struct apply_ctx {
    const struct scope *sc;
    const struct import_result *r;
    const char *filename;
    int64_t upload_id;
    struct import_summary *sum;
    int64_t *owners; /* the user of each organisation's lead owner, or 0 */
};

/*
 * Writes the lead columns of io into the lead row of organisation org_id
 * (which the trigger made with the organisation): a column not given
 * keeps the stored value; "yes" to do not contact keeps an earlier day.
 */
static int
import_lead(struct store *st, const struct scope *sc, int64_t org_id,
            const struct import_lead *l, int64_t owner_id, struct err *err)
{
    static const char UPDATE[] =
        "UPDATE lead SET"
        " source = CASE WHEN $3 = '' THEN source ELSE $3 END,"
        " owner_id = CASE WHEN $4 = 0 THEN owner_id ELSE $4 END,"
        " since = CASE WHEN $5 = '' THEN since ELSE $5 END,"
        " dnc_on = CASE $6 WHEN -1 THEN dnc_on WHEN 0 THEN ''"
        "   ELSE CASE WHEN $8 = 0 AND dnc_on <> '' THEN dnc_on ELSE $7 END"
        "   END,"
        " dnc_reason = CASE $6 WHEN 0 THEN '' ELSE dnc_reason END,"
        " updated_at = $9"
        " WHERE cluster_id = $1 AND organisation_id = $2";
    char now[21];
    db_now_iso(now);
    sqlite3_stmt *s = db_stmt(st, UPDATE, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, sc->cluster_id);
    db_bind_int(s, 2, org_id);
    db_bind_text(s, 3, l->source ? l->source : "");
    db_bind_int(s, 4, owner_id);
    db_bind_text(s, 5, l->since);
    db_bind_int(s, 6, l->dnc);
    db_bind_text(s, 7, l->dnc_on);
    db_bind_int(s, 8, l->dnc_dated);
    db_bind_text(s, 9, now);
    if (db_exec_stmt(st, s, err) != STORE_NONE)
        return -1;

    struct buf after = BUF_INIT;
    struct jsonw w;
    jsonw_init(&w, &after);
    jsonw_begin_object(&w);
    if (l->source && *l->source) {
        jsonw_key(&w, "source");
        jsonw_string(&w, l->source);
    }
    if (owner_id) {
        jsonw_key(&w, "owner_id");
        jsonw_int(&w, owner_id);
    }
    if (*l->since) {
        jsonw_key(&w, "since");
        jsonw_string(&w, l->since);
    }
    if (l->dnc >= 0) {
        jsonw_key(&w, "do_not_contact");
        jsonw_bool(&w, l->dnc == 1);
    }
    jsonw_end_object(&w);
    return audit_record(st, sc, "update", "lead", org_id, NULL,
                        buf_detach(&after, NULL), err);
}

/* The import's own audit entry: which file, and what it did. */
static int
record_import(struct store *st, const struct apply_ctx *a, struct err *err)
{
    struct buf after = BUF_INIT;
    struct jsonw w;
    jsonw_init(&w, &after);
    jsonw_begin_object(&w);
    jsonw_key(&w, "file");
    jsonw_string(&w, a->filename);
    jsonw_key(&w, "rows");
    jsonw_int(&w, (int64_t)a->r->rows);
    jsonw_key(&w, "organisations_created");
    jsonw_int(&w, (int64_t)a->sum->orgs_created);
    jsonw_key(&w, "organisations_updated");
    jsonw_int(&w, (int64_t)a->sum->orgs_updated);
    jsonw_key(&w, "contacts_created");
    jsonw_int(&w, (int64_t)a->sum->contacts_created);
    jsonw_key(&w, "contacts_updated");
    jsonw_int(&w, (int64_t)a->sum->contacts_updated);
    jsonw_key(&w, "leads_updated");
    jsonw_int(&w, (int64_t)a->sum->leads_updated);
    jsonw_end_object(&w);
    return audit_record(st, a->sc, "import", "import", a->upload_id, NULL,
                        buf_detach(&after, NULL), err);
}

static int
apply_in_tx(struct store *st, void *vctx, struct err *err)
{
    struct apply_ctx *a = vctx;
    for (size_t i = 0; i < a->r->norgs; i++) {
        const struct import_org *io = &a->r->orgs[i];
        int64_t id = 0;
        struct org o;
        org_init(&o);
        enum store_rc found = org_store_find_duplicate(
            st, a->sc->cluster_id, &io->org, &id, NULL, err);
        int rc = -1;
        if (found == STORE_ONE) {
            if (org_store_get(st, a->sc->cluster_id, id, &o, err) ==
                STORE_ONE) {
                org_merge(&o, &io->org, io->kind_given);
                if (org_store_update(st, a->sc, &o, err) == STORE_ONE) {
                    a->sum->orgs_updated++;
                    rc = 0;
                }
            }
        } else if (found == STORE_NONE) {
            org_merge(&o, &io->org, true);
            if (org_store_create(st, a->sc, &o, err) == 0) {
                a->sum->orgs_created++;
                rc = 0;
            }
        }
        for (size_t k = 0; rc == 0 && k < io->ncontacts; k++)
            rc = import_contact(st, a->sc, o.id, found == STORE_NONE,
                                &io->contacts[k].contact, a->sum, err);
        if (rc == 0 && lead_given(io)) {
            rc = import_lead(st, a->sc, o.id, &io->lead, a->owners[i], err);
            a->sum->leads_updated += rc == 0;
        }
        org_release(&o);
        if (rc) {
            /* Say which line failed: the file was valid, so this is a
             * rule only the register can check (e.g. a unique field). */
            struct err where = ERR_INIT;
            err_set(&where, err->code ? err->code : ERR_INTERNAL, err->field,
                    "Line %d: %s", io->line, err->msg);
            *err = where;
            return -1;
        }
    }
    return record_import(st, a, err);
}

int
import_store_apply(struct store *st, const struct scope *sc,
                   const struct import_result *r, const char *filename,
                   int64_t upload_id, struct import_summary *sum,
                   struct err *err)
{
    memset(sum, 0, sizeof(*sum));
    if (r->nerrors)
        return err_set(err, ERR_INVALID, NULL,
                       "The file has errors; nothing was imported.");
    struct apply_ctx a = { sc, r, filename, upload_id, sum, NULL };
    a.owners = xcalloc(r->norgs ? r->norgs : 1, sizeof(*a.owners));
    int rc = resolve_owners(st, sc->cluster_id, r, NULL, a.owners, err);
    if (rc == 0) {
        /* A large import changes more pages than the cache holds; spilling
         * them to the WAL mid-transaction would write most of them twice. */
        db_bulk_mode(st, true);
        rc = store_tx(st, apply_in_tx, &a, err);
        db_bulk_mode(st, false);
    }
    free(a.owners);
    if (rc)
        memset(sum, 0, sizeof(*sum));
    return rc;
}
