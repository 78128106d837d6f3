/*
 * Imports of activities (/activities/import) and of leads
 * (/leads/import): upload, a preview that lists every fault by line and
 * column or shows what the file would do, then an import of exactly the
 * previewed upload, all or nothing. The lead import is the organisation
 * import (io/csv_import.h) with its lead columns; the activity import
 * parses with io/activity_import.h and resolves names with one load of
 * the cluster's keys (store/activity_import_store.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "io/activity_import.h"
#include "io/csv_import.h"
#include "store/activity_import_store.h"
#include "store/import.h"
#include "web/layout.h"
#include "web/pages.h"

/* Rows of a clean activity file shown in its preview. */
#define PREVIEW_ROWS ACTIVITY_IMPORT_NAMED /* the rows that carry names */

/* What differs between the two imports' upload forms. */
struct import_kind {
    const char *path;  /* "/activities/import" */
    const char *title; /* the page's title and heading */
    enum nav nav;
    const char *help;   /* the form's help: columns and rules */
    const char *cancel; /* where Cancel leads */
};

static const struct import_kind ACTIVITIES = {
    "/activities/import",
    "Import activities",
    NAV_FUNNEL,
    "One activity per row. The first line names the columns: organisation "
    "(its name; or a column registration no, or organisation id), contact "
    "(the e-mail or name of one of its contacts; optional), kind (email_out, "
    "email_reply, call, meeting, visit, event_registration, "
    "event_attendance, social, enquiry, note, or a label such as \"E-mail "
    "sent\"), date (YYYY-MM-DD, DD.MM.YYYY or DD/MM/YYYY; not in the "
    "future), text (up to 10,000 characters) and author (a user's e-mail "
    "or name; optional). Organisations and contacts must already be in the "
    "register. If any row has a fault, nothing is imported.",
    "/funnel",
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
};

static void
upload_form(struct html *h, const struct req *r, const struct import_kind *k,
            const char *error)
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

static void
form_page(struct req *r, struct resp *rs, const struct import_kind *k,
          int status, const char *error)
{
    struct html h = { BUF_INIT };
    layout_begin(&h, r, k->title, k->nav);
    HTML_LIT(&h, "<h1 class=\"h3 mb-3\">");
    html_text(&h, k->title);
    HTML_LIT(&h, "</h1>");
    layout_flash(&h, r);
    upload_form(&h, r, k, error);
    layout_end(&h);
    resp_html(rs, status, &h);
}

static void
warnings_html(struct html *h, char *const *warnings, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        HTML_LIT(h, "<div class=\"alert alert-warning\">");
        html_text(h, warnings[i]);
        HTML_LIT(h, "</div>");
    }
}

/* The button that imports upload_id, and a way back. */
static void
confirm_form(struct html *h, const struct req *r, const struct import_kind *k,
             int64_t upload_id, size_t n, const char *one, const char *many)
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

/* The uploaded file of a preview, or NULL after answering the form. */
static const struct form_field *
uploaded(struct req *r, struct resp *rs, const struct import_kind *k)
{
    const struct form_field *file = form_field(&r->body, "file");
    if (!file || !file->filename || !file->value_len) {
        form_page(r, rs, k, 422, "Choose a CSV file to import.");
        return NULL;
    }
    return file;
}

/* ---- activities ---- */

void
page_activity_import_form(struct req *r, struct resp *rs)
{
    form_page(r, rs, &ACTIVITIES, 200, NULL);
}

static int32_t
today_days(const struct req *r)
{
    struct date d;
    if (date_parse(r->today, 10, &d))
        return 0;
    return date_to_days(d);
}

static void
activity_preview_table(struct html *h, const struct activity_import_result *res,
                       const struct activity_import_plan *plan)
{
    HTML_LIT(h,
             "<table class=\"table table-sm bg-white\" id=\"import-preview\">"
             "<thead><tr><th>Line</th><th>Date</th><th>Organisation</th>"
             "<th>Contact</th><th>Kind</th><th>Text</th><th>Author</th>"
             "</tr></thead><tbody>");
    for (size_t i = 0; i < plan->n && i < PREVIEW_ROWS; i++) {
        const struct activity *a = &plan->items[i];
        HTML_LIT(h, "<tr><td>");
        html_int(h, res->rows[i].line);
        HTML_LIT(h, "</td><td>");
        html_text(h, a->date);
        HTML_LIT(h, "</td><td>");
        html_text(h, a->organisation_name);
        HTML_LIT(h, "</td><td>");
        html_text(h, a->contact_name);
        HTML_LIT(h, "</td><td>");
        html_text(h, activity_kind_label(a->kind));
        if (a->signal)
            HTML_LIT(h, " <span class=\"badge bg-warning text-dark\">"
                        "signal</span>");
        HTML_LIT(h, "</td><td>");
        html_text(h, a->text);
        HTML_LIT(h, "</td><td>");
        html_text(h, a->author);
        HTML_LIT(h, "</td></tr>");
    }
    HTML_LIT(h, "</tbody></table>");
    if (plan->n > PREVIEW_ROWS) {
        HTML_LIT(h, "<p class=\"text-muted\">The first ");
        html_int(h, PREVIEW_ROWS);
        HTML_LIT(h, " of ");
        html_count(h, (int64_t)plan->n);
        HTML_LIT(h, " activities.</p>");
    }
}

void
page_activity_import_preview(struct req *r, struct resp *rs)
{
    const struct form_field *file = uploaded(r, rs, &ACTIVITIES);
    if (!file)
        return;
    struct activity_import_result res;
    struct activity_import_plan plan;
    struct err err = ERR_INIT;
    int64_t upload_id = 0;
    activity_import_result_init(&res);
    activity_import_plan_init(&plan);
    activity_import_parse(file->value, file->value_len, r->today, &res);
    if (activity_import_resolve(r->store, &r->scope, today_days(r), &res, &plan,
                                &err) ||
        (!res.nerrors &&
         upload_store_put(r->store, &r->scope, file->filename, file->value,
                          file->value_len, r->now, &upload_id, &err))) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    bool ok = res.nerrors == 0;
    struct html h = { BUF_INIT };
    layout_begin(&h, r, "Activity import preview", NAV_FUNNEL);
    HTML_LIT(&h, "<h1 class=\"h3 mb-3\">Preview of ");
    html_text(&h, file->filename);
    HTML_LIT(&h, "</h1><p id=\"import-counts\">");
    html_count(&h, (int64_t)res.read);
    HTML_LIT(&h, " rows: ");
    html_count(&h, (int64_t)plan.n);
    HTML_LIT(&h, " activities of ");
    html_count(&h, (int64_t)plan.organisations);
    html_text(&h,
              plan.organisations == 1 ? " organisation, " : " organisations, ");
    html_count(&h, (int64_t)plan.signals);
    html_text(&h,
              plan.signals == 1 ? " interest signal." : " interest signals.");
    HTML_LIT(&h, "</p>");
    warnings_html(&h, res.warnings, res.nwarnings);
    if (!ok) {
        import_errors_html(&h, res.errors, res.nerrors);
        upload_form(&h, r, &ACTIVITIES, NULL);
    } else {
        confirm_form(&h, r, &ACTIVITIES, upload_id, plan.n, " activity",
                     " activities");
        activity_preview_table(&h, &res, &plan);
    }
    layout_end(&h);
    resp_html(rs, ok ? 200 : 422, &h);
out:
    activity_import_plan_release(&plan);
    activity_import_result_release(&res);
}

/*
 * The stored upload r->ids[0] of the user, or false after answering: the
 * import was done already (the upload is deleted then) or has expired.
 */
static bool
load_upload(struct req *r, struct resp *rs, char **filename, char **content,
            size_t *len)
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

static void
done(struct req *r, struct resp *rs, const struct import_kind *k)
{
    char to[64];
    upload_store_delete(r->store, &r->scope, r->ids[0], NULL);
    snprintf(to, sizeof(to), "%s?msg=imported", k->path);
    resp_redirect(rs, to);
}

void
page_activity_import_apply(struct req *r, struct resp *rs)
{
    char *filename = NULL, *content = NULL;
    size_t len = 0;
    struct activity_import_result res;
    struct activity_import_plan plan;
    struct activity_import_summary sum;
    struct err err = ERR_INIT;
    activity_import_result_init(&res);
    activity_import_plan_init(&plan);
    if (!load_upload(r, rs, &filename, &content, &len))
        goto out;
    /*
     * The same file again, resolved again: the register may have changed
     * since the preview (an organisation renamed), and then the file no
     * longer imports as previewed.
     */
    if (activity_import_parse(content, len, r->today, &res) ||
        activity_import_resolve(r->store, &r->scope, today_days(r), &res, &plan,
                                &err) ||
        res.nerrors ||
        activity_store_import(r->store, &r->scope, plan.items, plan.n, filename,
                              r->ids[0], &sum, &err)) {
        if (err.code == ERR_NONE)
            err_set(&err, ERR_INVALID, NULL,
                    "The file no longer imports cleanly; upload it again.");
        layout_error_page(r, rs, &err);
        goto out;
    }
    done(r, rs, &ACTIVITIES);
out:
    free(filename);
    free(content);
    activity_import_plan_release(&plan);
    activity_import_result_release(&res);
}

/* ---- leads ---- */

void
page_lead_import_form(struct req *r, struct resp *rs)
{
    form_page(r, rs, &LEADS, 200, NULL);
}

static void
lead_preview_table(struct html *h, const struct import_result *res,
                   const int64_t *matches)
{
    HTML_LIT(h,
             "<table class=\"table table-sm bg-white\" id=\"import-preview\">"
             "<thead><tr><th>Line</th><th>Organisation</th><th>Action</th>"
             "<th>Source</th><th>Owner</th><th>Since</th>"
             "<th>Do not contact</th></tr></thead><tbody>");
    for (size_t i = 0; i < res->norgs; i++) {
        const struct import_org *o = &res->orgs[i];
        const struct import_lead *l = &o->lead;
        HTML_LIT(h, "<tr><td>");
        html_int(h, o->line);
        HTML_LIT(h, "</td><td>");
        html_text(h, o->org.name);
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
        HTML_LIT(h, "</td></tr>");
    }
    HTML_LIT(h, "</tbody></table>");
}

void
page_lead_import_preview(struct req *r, struct resp *rs)
{
    const struct form_field *file = uploaded(r, rs, &LEADS);
    if (!file)
        return;
    struct import_result res;
    struct import_summary sum;
    struct err err = ERR_INIT;
    int64_t upload_id = 0;
    int64_t *matches = NULL;
    import_result_init(&res);
    csv_import_parse(file->value, file->value_len, r->today, &res);
    matches = calloc(res.norgs ? res.norgs : 1, sizeof(*matches));
    /* Matching also finds each owner's user: an unknown one is a fault. */
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
    layout_begin(&h, r, "Lead import preview", NAV_LEADS);
    HTML_LIT(&h, "<h1 class=\"h3 mb-3\">Preview of ");
    html_text(&h, file->filename);
    HTML_LIT(&h, "</h1><p id=\"import-counts\">");
    html_count(&h, (int64_t)res.rows);
    HTML_LIT(&h, " rows: ");
    html_count(&h, (int64_t)sum.orgs_created);
    HTML_LIT(&h, " new organisations, ");
    html_count(&h, (int64_t)sum.orgs_updated);
    HTML_LIT(&h, " to update, ");
    html_count(&h, (int64_t)sum.contacts_created);
    HTML_LIT(&h, " contacts, ");
    html_count(&h, (int64_t)sum.leads_updated);
    HTML_LIT(&h, " with lead details.</p>");
    warnings_html(&h, res.warnings, res.nwarnings);
    if (!ok) {
        import_errors_html(&h, res.errors, res.nerrors);
        upload_form(&h, r, &LEADS, NULL);
    } else {
        confirm_form(&h, r, &LEADS, upload_id, res.norgs, " lead", " leads");
        lead_preview_table(&h, &res, matches);
    }
    layout_end(&h);
    resp_html(rs, ok ? 200 : 422, &h);
out:
    free(matches);
    import_result_release(&res);
}

void
page_lead_import_apply(struct req *r, struct resp *rs)
{
    char *filename = NULL, *content = NULL;
    size_t len = 0;
    struct import_result res;
    struct import_summary sum;
    struct err err = ERR_INIT;
    import_result_init(&res);
    if (!load_upload(r, rs, &filename, &content, &len))
        goto out;
    if (csv_import_parse(content, len, r->today, &res) ||
        import_store_apply(r->store, &r->scope, &res, filename, r->ids[0], &sum,
                           &err)) {
        if (err.code == ERR_NONE)
            err_set(&err, ERR_INVALID, NULL,
                    "The file no longer imports cleanly; upload it again.");
        layout_error_page(r, rs, &err);
        goto out;
    }
    done(r, rs, &LEADS);
out:
    free(filename);
    free(content);
    import_result_release(&res);
}
