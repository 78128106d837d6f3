/*
 * The steps every CSV import page shares (web/import_page.h).
 */
#include "web/import_page.h"

#include <inttypes.h>
#include <stdio.h>

#include "io/csv_import.h"
#include "store/store.h"
#include "web/form.h"
#include "web/html.h"

void
import_upload_form(struct html *h, const struct req *r,
                   const struct import_kind *k, const char *error)
{
    HTML_LIT(h, "<form method=\"post\" enctype=\"multipart/form-data\""
                " class=\"bg-white p-4 rounded mb-4\"");
    html_attr(h, "action", k->path);
    HTML_LIT(h, ">");
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
    HTML_LIT(h, "<div class=\"form-text\">");
    html_text(h, k->help);
    HTML_LIT(h, "</div></div><button class=\"btn btn-primary\" type=\"submit\">"
                "Preview</button></form>");
}

void
import_form_page(struct req *r, struct resp *rs, const struct import_kind *k,
                 int status, const char *error)
{
    struct html h = { BUF_INIT };
    layout_begin(&h, r, k->title, k->nav);
    HTML_LIT(&h, "<h1 class=\"h3 mb-3\">");
    html_text(&h, k->title);
    HTML_LIT(&h, "</h1>");
    layout_flash(&h, r);
    import_upload_form(&h, r, k, error);
    if (k->other_imports)
        HTML_LIT(&h, "<p id=\"other-imports\">Also: <a href=\"/leads/import\">"
                     "leads</a> (organisations with their source, owner and "
                     "do-not-contact) and <a href=\"/activities/import\">"
                     "activities</a> (timeline entries from a mail tool or "
                     "an old CRM).</p>");
    layout_end(&h);
    resp_html(rs, status, &h);
}

void
import_preview_heading(struct html *h, const char *filename)
{
    HTML_LIT(h, "<h1 class=\"h3 mb-3\">Preview of ");
    html_text(h, filename);
    HTML_LIT(h, "</h1>");
}

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

void
import_warnings_html(struct html *h, char *const *warnings, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        HTML_LIT(h, "<div class=\"alert alert-warning\">");
        html_text(h, warnings[i]);
        HTML_LIT(h, "</div>");
    }
}

void
import_confirm_form(struct html *h, const struct req *r,
                    const struct import_kind *k, int64_t upload_id, size_t n,
                    const char *one, const char *many)
{
    char action[64];
    snprintf(action, sizeof(action), "%s/%" PRId64, k->path, upload_id);
    HTML_LIT(h, "<form method=\"post\" class=\"mb-3\"");
    html_attr(h, "action", action);
    HTML_LIT(h, ">");
    layout_csrf(h, r);
    HTML_LIT(h, "<button class=\"btn btn-success\" type=\"submit\">Import ");
    html_count(h, (int64_t)n);
    html_text(h, n == 1 ? one : many);
    HTML_LIT(h, "</button> <a class=\"btn btn-link\"");
    html_attr(h, "href", k->cancel);
    HTML_LIT(h, ">Cancel</a></form>");
}

const struct form_field *
import_uploaded(struct req *r, struct resp *rs, const struct import_kind *k)
{
    const struct form_field *file = form_field(&r->body, "file");
    if (!file || !file->filename || !file->value_len) {
        import_form_page(r, rs, k, 422, "Choose a CSV file to import.");
        return NULL;
    }
    return file;
}

bool
import_load_upload(struct req *r, struct resp *rs, char **filename,
                   char **content, size_t *len)
{
    struct err err = ERR_INIT;
    enum store_rc found = upload_store_get(r->store, &r->scope, r->ids[0],
                                           filename, content, len, &err);
    if (found == STORE_NONE)
        err_set(&err, ERR_NOT_FOUND, NULL,
                "This import was already done or has expired. Upload the file "
                "again.");
    if (found != STORE_ONE) {
        layout_error_page(r, rs, &err);
        return false;
    }
    return true;
}

void
import_done(struct req *r, struct resp *rs, const struct import_kind *k)
{
    upload_store_delete(r->store, &r->scope, r->ids[0], NULL);
    resp_redirect(rs, k->done);
}

void
import_apply_failed(const struct req *r, struct resp *rs, struct err *err)
{
    if (err->code == ERR_NONE)
        err_set(err, ERR_INVALID, NULL,
                "The file no longer imports cleanly; upload it again.");
    layout_error_page(r, rs, err);
}
