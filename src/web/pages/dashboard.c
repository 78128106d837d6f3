/*
 * The first page after sign-in: the register at a glance and the latest
 * changes. (The member-target dashboard builds on this page.)
 */
#include <string.h>

#include "web/history.h"
#include "web/layout.h"
#include "web/pages.h"

void
page_dashboard(struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    int64_t counts[ORG_KIND__COUNT], contacts = 0, total = 0, sme = 0;
    struct audit_list recent = { 0 };
    if (org_store_count_by_kind(r->store, r->scope.cluster_id, counts, &err) ||
        contact_store_count(r->store, r->scope.cluster_id, &contacts, &err) ||
        audit_store_list(r->store, r->scope.cluster_id, NULL, 0, 0, 10, &recent,
                         &err)) {
        layout_error_page(r, rs, &err);
        audit_list_release(&recent);
        return;
    }
    for (int k = 0; k < ORG_KIND__COUNT; k++) {
        total += counts[k];
        if (org_kind_is_sme((enum org_kind)k))
            sme += counts[k];
    }
    struct html h = { BUF_INIT };
    layout_begin(&h, r, "Dashboard", NAV_DASHBOARD);
    HTML_LIT(&h, "<h1 class=\"h3 mb-4\">");
    html_text(&h, r->who.cluster_name);
    HTML_LIT(&h, "</h1><div class=\"row g-3 mb-4\">");
    const struct {
        const char *label;
        int64_t value;
        const char *href;
    } cards[] = {
        { "Organisations", total, "/organisations" },
        { "Contacts", contacts, "/contacts" },
        { "SMEs (SME, micro, start-up)", sme, "/organisations?kind=sme" },
    };
    for (size_t i = 0; i < sizeof(cards) / sizeof(cards[0]); i++) {
        HTML_LIT(&h, "<div class=\"col-sm-4\"><div class=\"card\"><div "
                     "class=\"card-body\">"
                     "<div class=\"text-muted\">");
        html_text(&h, cards[i].label);
        HTML_LIT(&h, "</div><a class=\"card-figure text-decoration-none\"");
        html_attr(&h, "href", cards[i].href);
        HTML_LIT(&h, ">");
        html_count(&h, cards[i].value);
        HTML_LIT(&h, "</a>");
        if (i == 2 && total) {
            /* The SME share is a figure every cluster reports. */
            HTML_LIT(&h, " <span class=\"text-muted\">");
            html_int(&h, (sme * 100 + total / 2) / total);
            HTML_LIT(&h, " % of all</span>");
        }
        HTML_LIT(&h, "</div></div></div>");
    }
    HTML_LIT(&h, "</div><div class=\"row g-4\"><div class=\"col-lg-5\">"
                 "<h2 class=\"h5\">Organisations by kind</h2>"
                 "<table class=\"table table-sm bg-white\"><tbody>");
    for (int k = 0; k < ORG_KIND__COUNT; k++) {
        HTML_LIT(&h, "<tr><td><a");
        const char *args[] = { "kind", org_kind_name((enum org_kind)k), NULL };
        HTML_LIT(&h, " href=\"");
        html_url(&h, "/organisations", args);
        HTML_LIT(&h, "\">");
        html_text(&h, org_kind_label((enum org_kind)k));
        HTML_LIT(&h, "</a></td><td class=\"text-end\">");
        html_count(&h, counts[k]);
        HTML_LIT(&h, "</td></tr>");
    }
    HTML_LIT(&h, "</tbody></table></div><div class=\"col-lg-7\">"
                 "<h2 class=\"h5\">Latest changes</h2>");
    history_render(&h, &recent, HISTORY_ENTITY | HISTORY_BRIEF);
    HTML_LIT(&h, "<a href=\"/audit\">All changes</a></div></div>");
    layout_end(&h);
    resp_html(rs, 200, &h);
    audit_list_release(&recent);
}
