/*
 * Writing a parsed CSV import (io/csv_import.h) into the register: every
 * organisation is matched against the cluster's by registration number,
 * then by name; a match is updated with the file's non-empty values, the
 * rest are created; contacts are matched within their organisation by
 * e-mail, then name. The lead columns (source, owner, since, do not
 * contact) are written into the organisation's lead row. All of it is
 * one transaction: it happens whole or not at all.
 */
#ifndef CD_STORE_IMPORT_H
#define CD_STORE_IMPORT_H

#include "io/csv_import.h"
#include "store/store.h"

struct import_summary {
    size_t orgs_created;
    size_t orgs_updated;
    size_t contacts_created;
    size_t contacts_updated;
    size_t leads_updated; /* organisations whose lead columns were given */
};

/*
 * For the preview: fills matches[i] with the id of the stored organisation
 * that r->orgs[i] would update, or 0 when it would be created, and counts
 * into *sum what the import would do with organisations. Resolves each
 * lead owner's e-mail to a user of the cluster (lead.owner_id); an
 * unknown one is added to r->errors at its line and column, so check
 * r->nerrors after this call. Returns -1 only for a store error.
 */
int import_store_match(struct store *st, int64_t cluster_id,
                       struct import_result *r, int64_t *matches,
                       struct import_summary *sum, struct err *err);

/*
 * Imports r (which must have no errors) in one transaction, with an audit
 * entry per record and one for the import itself (entity "import", id
 * upload_id: the file's name and what it did).
 */
int import_store_apply(struct store *st, const struct scope *sc,
                       const struct import_result *r, const char *filename,
                       int64_t upload_id, struct import_summary *sum,
                       struct err *err);

#endif
