/*
 * Applying an import in one transaction, on top of the organisation and
 * contact stores so every row gets the same rules and audit entries as a
 * change made by hand.
 */
#include "store/import.h"

#include <string.h>

#include "base/buf.h"
#include "io/jsonw.h"
#include "store/db.h"

int
import_store_match(struct store *st, int64_t cluster_id,
                   const struct import_result *r, int64_t *matches,
                   struct import_summary *sum, struct err *err)
{
    memset(sum, 0, sizeof(*sum));
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
};

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
    struct apply_ctx a = { sc, r, filename, upload_id, sum };
    /* A large import changes more pages than the cache holds; spilling
     * them to the WAL mid-transaction would write most of them twice. */
    db_cache_spill(st, false);
    int rc = store_tx(st, apply_in_tx, &a, err);
    db_cache_spill(st, true);
    if (rc)
        memset(sum, 0, sizeof(*sum));
    return rc;
}
