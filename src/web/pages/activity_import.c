/*
 * The import of activities (/activities/import): upload, a preview that
 * lists every fault by line and column or shows what the file would do,
 * then an import of exactly the previewed upload, all or nothing. It
 * parses with io/activity_import.h and resolves names with one load of
 * the cluster's keys (store/activity_import_store.h); the page steps are
 * web/import_page.h's, as the organisation and lead imports' are.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "io/activity_import.h"
#include "store/activity_import_store.h"
#include "web/import_page.h"
#include "web/layout.h"
#include "web/pages.h"

/* Rows of a clean activity file shown in its preview. */
#define PREVIEW_ROWS ACTIVITY_IMPORT_NAMED /* the rows that carry names */

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
    "/activities/import?msg=imported",
    false,
};

/* ---- activities ---- */

void
page_activity_import_form(struct req *r, struct resp *rs)
{
    import_form_page(r, rs, &ACTIVITIES, 200, NULL);
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
    const struct form_field *file = import_uploaded(r, rs, &ACTIVITIES);
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
    import_preview_heading(&h, file->filename);
    HTML_LIT(&h, "<p id=\"import-counts\">");
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
    import_warnings_html(&h, res.warnings, res.nwarnings);
    if (!ok) {
        import_errors_html(&h, res.errors, res.nerrors);
        import_upload_form(&h, r, &ACTIVITIES, NULL);
    } else {
        import_confirm_form(&h, r, &ACTIVITIES, upload_id, plan.n, " activity",
                            " activities");
        activity_preview_table(&h, &res, &plan);
    }
    layout_end(&h);
    resp_html(rs, ok ? 200 : 422, &h);
out:
    activity_import_plan_release(&plan);
    activity_import_result_release(&res);
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
    if (!import_load_upload(r, rs, &filename, &content, &len))
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
        import_apply_failed(r, rs, &err);
        goto out;
    }
    import_done(r, rs, &ACTIVITIES);
out:
    free(filename);
    free(content);
    activity_import_plan_release(&plan);
    activity_import_result_release(&res);
}
