/*
 * Importing organisations and contacts from a CSV file (/import), and
 * leads: the same file with the lead columns source, owner, since and do
 * not contact (/leads/import). Upload, a preview that lists every error
 * by line and column, then an import of exactly the previewed file, all
 * or nothing.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/csv_import.h"
#include "store/import.h"
#include "web/import_page.h"
#include "web/layout.h"
#include "web/pages.h"

static const struct import_kind ORGANISATIONS = {
    "/import",
    "Import organisations and contacts",
    NAV_IMPORT,
    "The first line names the columns: name, "
    "kind, "
    "employees, nace, country, region, city, website, registration number, "
    "tags, notes, and for a contact: contact name, email, phone, position, "
    "entry point, email consent, consent date, consent source. Several "
    "rows may name the same organisation, one per contact. An "
    "organisation already in the register (same registration number, "
    "else same name) is updated with the file's non-empty values.",
    "/import",
    "/organisations?msg=imported",
    true,
};

static const struct import_kind LEADS = {
    "/leads/import",
    "Import leads",
    NAV_LEADS,
    "The organisation import with the lead columns: name (required) and "
    "the organisation's columns as on the Import page, and source (how it "
    "came to you, up to 100 characters), owner (the e-mail of a user of "
    "this cluster), since (in the base since: YYYY-MM-DD, DD.MM.YYYY or "
    "DD/MM/YYYY) and do not contact (yes, no, or the day it asked). An "
    "organisation already in the register (same registration number, else "
    "same name) is updated; empty cells keep what is stored. If any row has "
    "a fault, nothing is imported.",
    "/leads",
    "/leads/import?msg=imported",
    false,
};

/* What the file would do: one row per organisation, with its lead
 * columns for the lead import. */
static void
preview_table(struct html *h, const struct import_result *res,
              const int64_t *matches, bool leads)
{
    HTML_LIT(
        h,
        "<table class=\"table table-sm bg-white\" id=\"import-preview\"><thead>"
        "<tr><th>Line</th><th>Organisation</th><th>Kind</th><th>City</th>"
        "<th>Contacts</th><th>Action</th>");
    if (leads)
        HTML_LIT(h, "<th>Source</th><th>Owner</th><th>Since</th>"
                    "<th>Do not contact</th>");
    HTML_LIT(h, "</tr></thead><tbody>");
    for (size_t i = 0; i < res->norgs; i++) {
        const struct import_org *o = &res->orgs[i];
        HTML_LIT(h, "<tr><td>");
        html_int(h, o->line);
        HTML_LIT(h, "</td><td>");
        html_text(h, o->org.name);
        HTML_LIT(h, "</td><td>");
        if (o->kind_given)
            html_text(h, org_kind_label(o->org.kind));
        HTML_LIT(h, "</td><td>");
        html_text(h, o->org.city);
        HTML_LIT(h, "</td><td>");
        html_int(h, (int64_t)o->ncontacts);
        HTML_LIT(h, "</td><td>");
        if (matches[i]) {
            char href[64];
            snprintf(href, sizeof(href), "/organisations/%" PRId64, matches[i]);
            HTML_LIT(h, "update <a");
            html_attr(h, "href", href);
            HTML_LIT(h, ">existing</a>");
        } else {
            HTML_LIT(h, "new");
        }
        if (leads) {
            const struct import_lead *l = &o->lead;
            HTML_LIT(h, "</td><td>");
            html_text(h, l->source ? l->source : "");
            HTML_LIT(h, "</td><td>");
            html_text(h, l->owner ? l->owner : "");
            HTML_LIT(h, "</td><td>");
            html_text(h, l->since);
            HTML_LIT(h, "</td><td>");
            if (l->dnc == 1)
                html_text(h, l->dnc_on);
            else if (l->dnc == 0)
                HTML_LIT(h, "no");
        }
        HTML_LIT(h, "</td></tr>");
    }
    HTML_LIT(h, "</tbody></table>");
}

static void
file_preview(struct req *r, struct resp *rs, const struct import_kind *k,
             bool leads)
{
    const struct form_field *file = import_uploaded(r, rs, k);
    if (!file)
        return;
    struct import_result res;
    struct import_summary sum;
    struct err err = ERR_INIT;
    int64_t upload_id = 0;
    import_result_init(&res);
    csv_import_parse(file->value, file->value_len, r->today, &res);
    int64_t *matches = calloc(res.norgs ? res.norgs : 1, sizeof(*matches));
    /* Matching finds faults of its own (an owner who is no user here). */
    if (!matches ||
        import_store_match(r->store, r->scope.cluster_id, &res, matches, &sum,
                           &err) ||
        (!res.nerrors &&
         upload_store_put(r->store, &r->scope, file->filename, file->value,
                          file->value_len, r->now, &upload_id, &err))) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    bool ok = res.nerrors == 0;
    struct html h = { BUF_INIT };
    layout_begin(&h, r, leads ? "Lead import preview" : "Import preview",
                 k->nav);
    import_preview_heading(&h, file->filename);
    HTML_LIT(&h, "<p id=\"import-counts\">");
    html_count(&h, (int64_t)res.rows);
    HTML_LIT(&h, " rows: ");
    html_count(&h, (int64_t)sum.orgs_created);
    HTML_LIT(&h, " new organisations, ");
    html_count(&h, (int64_t)sum.orgs_updated);
    HTML_LIT(&h, " to update, ");
    html_count(&h, (int64_t)sum.contacts_created);
    if (leads) {
        HTML_LIT(&h, " contacts, ");
        html_count(&h, (int64_t)sum.leads_updated);
        HTML_LIT(&h, " with lead details.</p>");
    } else {
        HTML_LIT(&h, " contacts.</p>");
    }
    import_warnings_html(&h, res.warnings, res.nwarnings);
    if (!ok) {
        import_errors_html(&h, res.errors, res.nerrors);
        import_upload_form(&h, r, k, NULL);
    } else {
        import_confirm_form(&h, r, k, upload_id, res.norgs,
                            leads ? " lead" : " organisation",
                            leads ? " leads" : " organisations");
        preview_table(&h, &res, matches, leads);
    }
    layout_end(&h);
    resp_html(rs, ok ? 200 : 422, &h);
out:
    free(matches);
    import_result_release(&res);
}

static void
file_apply(struct req *r, struct resp *rs, const struct import_kind *k)
{
    char *filename = NULL, *content = NULL;
    size_t len = 0;
    struct import_result res;
    struct import_summary sum;
    struct err err = ERR_INIT;
    import_result_init(&res);
    if (!import_load_upload(r, rs, &filename, &content, &len))
        goto out;
    if (csv_import_parse(content, len, r->today, &res) ||
        import_store_apply(r->store, &r->scope, &res, filename, r->ids[0], &sum,
                           &err)) {
        import_apply_failed(r, rs, &err);
        goto out;
    }
    import_done(r, rs, k);
out:
    free(filename);
    free(content);
    import_result_release(&res);
}

void
page_import_form(struct req *r, struct resp *rs)
{
    import_form_page(r, rs, &ORGANISATIONS, 200, NULL);
}

void
page_import_preview(struct req *r, struct resp *rs)
{
    file_preview(r, rs, &ORGANISATIONS, false);
}

void
page_import_apply(struct req *r, struct resp *rs)
{
    file_apply(r, rs, &ORGANISATIONS);
}

void
page_lead_import_form(struct req *r, struct resp *rs)
{
    import_form_page(r, rs, &LEADS, 200, NULL);
}

void
page_lead_import_preview(struct req *r, struct resp *rs)
{
    file_preview(r, rs, &LEADS, true);
}

void
page_lead_import_apply(struct req *r, struct resp *rs)
{
    file_apply(r, rs, &LEADS);
}
