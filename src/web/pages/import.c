/*
 * Importing organisations and contacts from a CSV file: upload, a
 * preview that lists every error by line and column, then an import of
 * exactly the previewed file, all or nothing.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/csv_import.h"
#include "store/import.h"
#include "web/layout.h"
#include "web/pages.h"

static void
upload_form(struct html *h, const struct req *r, const char *error)
{
    HTML_LIT(h, "<form method=\"post\" action=\"/import\" "
                "enctype=\"multipart/form-data\""
                " class=\"bg-white p-4 rounded mb-4\">");
    layout_csrf(h, r);
    HTML_LIT(h, "<div class=\"mb-3\"><label class=\"form-label\" for=\"file\">"
                "CSV file (UTF-8, comma or semicolon separated)</label>"
                "<input class=\"form-control");
    if (error)
        HTML_LIT(h, " is-invalid");
    HTML_LIT(
        h,
        "\" type=\"file\" id=\"file\" name=\"file\" accept=\".csv,text/csv\">");
    if (error) {
        HTML_LIT(h, "<div class=\"invalid-feedback d-block\">");
        html_text(h, error);
        HTML_LIT(h, "</div>");
    }
    HTML_LIT(
        h,
        "<div class=\"form-text\">The first line names the columns: name, "
        "kind, "
        "employees, nace, country, region, city, website, registration number, "
        "tags, notes, and for a contact: contact name, email, phone, position, "
        "entry point, email consent, consent date, consent source. Several "
        "rows may name the same organisation, one per contact. An "
        "organisation already in the register (same registration number, "
        "else same name) is updated with the file's non-empty values.</div>"
        "</div><button class=\"btn btn-primary\" type=\"submit\">Preview"
        "</button></form>");
}

static void
import_page(struct req *r, struct resp *rs, int status, const char *error)
{
    struct html h = { BUF_INIT };
    layout_begin(&h, r, "Import", NAV_IMPORT);
    HTML_LIT(&h,
             "<h1 class=\"h3 mb-3\">Import organisations and contacts</h1>");
    layout_flash(&h, r);
    upload_form(&h, r, error);
    HTML_LIT(&h, "<p id=\"other-imports\">Also: <a href=\"/leads/import\">"
                 "leads</a> (organisations with their source, owner and "
                 "do-not-contact) and <a href=\"/activities/import\">"
                 "activities</a> (timeline entries from a mail tool or an old "
                 "CRM).</p>");
    layout_end(&h);
    resp_html(rs, status, &h);
}

void
page_import_form(struct req *r, struct resp *rs)
{
    import_page(r, rs, 200, NULL);
}

/* Every fault of a file by line and column (this and the activity
 * import). */
void
import_errors_html(struct html *h, const struct import_error *errors, size_t n)
{
    HTML_LIT(
        h,
        "<div class=\"alert alert-danger\" role=\"alert\" id=\"import-errors\">"
        "<strong>");
    html_count(h, (int64_t)n);
    html_text(h, n == 1 ? " error" : " errors");
    HTML_LIT(
        h, " in the file. Nothing was imported.</strong> Correct the file and "
           "upload it again.</div><table class=\"table table-sm bg-white "
           "import-errors\"><thead><tr><th>Line</th><th>Column</th><th>Problem"
           "</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        HTML_LIT(h, "<tr><td>");
        if (errors[i].line)
            html_int(h, errors[i].line);
        HTML_LIT(h, "</td><td>");
        html_text(h, errors[i].column);
        HTML_LIT(h, "</td><td>");
        html_text(h, errors[i].message);
        HTML_LIT(h, "</td></tr>");
    }
    HTML_LIT(h, "</tbody></table>");
}

static void
preview_table(struct html *h, const struct import_result *res,
              const int64_t *matches)
{
    HTML_LIT(
        h,
        "<table class=\"table table-sm bg-white\" id=\"import-preview\"><thead>"
        "<tr><th>Line</th><th>Organisation</th><th>Kind</th><th>City</th>"
        "<th>Contacts</th><th>Action</th></tr></thead><tbody>");
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
        HTML_LIT(h, "</td></tr>");
    }
    HTML_LIT(h, "</tbody></table>");
}

void
page_import_preview(struct req *r, struct resp *rs)
{
    const struct form_field *file = form_field(&r->body, "file");
    if (!file || !file->filename || !file->value_len) {
        import_page(r, rs, 422, "Choose a CSV file to import.");
        return;
    }
    struct import_result res;
    struct import_summary sum;
    struct err err = ERR_INIT;
    int64_t upload_id = 0;
    int64_t *matches = NULL;
    import_result_init(&res);
    bool ok =
        csv_import_parse(file->value, file->value_len, r->today, &res) == 0;
    matches = calloc(res.norgs ? res.norgs : 1, sizeof(*matches));
    /* Matching finds faults of its own (an owner who is no user here). */
    if (import_store_match(r->store, r->scope.cluster_id, &res, matches, &sum,
                           &err) ||
        ((ok = ok && res.nerrors == 0) &&
         upload_store_put(r->store, &r->scope, file->filename, file->value,
                          file->value_len, r->now, &upload_id, &err))) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    struct html h = { BUF_INIT };
    layout_begin(&h, r, "Import preview", NAV_IMPORT);
    HTML_LIT(&h, "<h1 class=\"h3 mb-3\">Preview of ");
    html_text(&h, file->filename);
    HTML_LIT(&h, "</h1><p>");
    html_count(&h, (int64_t)res.rows);
    HTML_LIT(&h, " rows: ");
    html_count(&h, (int64_t)sum.orgs_created);
    HTML_LIT(&h, " new organisations, ");
    html_count(&h, (int64_t)sum.orgs_updated);
    HTML_LIT(&h, " to update, ");
    html_count(&h, (int64_t)sum.contacts_created);
    HTML_LIT(&h, " contacts.</p>");
    for (size_t i = 0; i < res.nwarnings; i++) {
        HTML_LIT(&h, "<div class=\"alert alert-warning\">");
        html_text(&h, res.warnings[i]);
        HTML_LIT(&h, "</div>");
    }
    if (!ok) {
        import_errors_html(&h, res.errors, res.nerrors);
        upload_form(&h, r, NULL);
    } else {
        char action[48];
        snprintf(action, sizeof(action), "/import/%" PRId64, upload_id);
        HTML_LIT(&h, "<form method=\"post\" class=\"mb-3\"");
        html_attr(&h, "action", action);
        HTML_LIT(&h, ">");
        layout_csrf(&h, r);
        HTML_LIT(&h,
                 "<button class=\"btn btn-success\" type=\"submit\">Import ");
        html_count(&h, (int64_t)res.norgs);
        html_text(&h, res.norgs == 1 ? " organisation" : " organisations");
        HTML_LIT(
            &h,
            "</button> <a class=\"btn btn-link\" href=\"/import\">Cancel</a>"
            "</form>");
        preview_table(&h, &res, matches);
    }
    layout_end(&h);
    resp_html(rs, ok ? 200 : 422, &h);
out:
    free(matches);
    import_result_release(&res);
}

void
page_import_apply(struct req *r, struct resp *rs)
{
    char *filename = NULL, *content = NULL;
    size_t len = 0;
    struct import_result res;
    struct import_summary sum;
    struct err err = ERR_INIT;
    import_result_init(&res);
    enum store_rc found = upload_store_get(r->store, &r->scope, r->ids[0],
                                           &filename, &content, &len, &err);
    if (found == STORE_NONE) {
        err_set(&err, ERR_NOT_FOUND, NULL,
                "This import was already done or has expired. Upload the file "
                "again.");
        layout_error_page(r, rs, &err);
        goto out;
    }
    if (found == STORE_HARD || csv_import_parse(content, len, r->today, &res) ||
        import_store_apply(r->store, &r->scope, &res, filename, r->ids[0], &sum,
                           &err)) {
        if (err.code == ERR_NONE)
            err_set(&err, ERR_INVALID, NULL,
                    "The file no longer imports cleanly; upload it again.");
        layout_error_page(r, rs, &err);
        goto out;
    }
    upload_store_delete(r->store, &r->scope, r->ids[0], NULL);
    resp_redirect(rs, "/organisations?msg=imported");
out:
    free(filename);
    free(content);
    import_result_release(&res);
}
