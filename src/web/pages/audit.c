/*
 * The cluster's history: every audit entry, newest first, 50 a page, with
 * the fields each change touched (rendered by web/history.c). Read-only:
 * the audit trail is only ever added to, by the store.
 */
#include <inttypes.h>
#include <stdio.h>

#include "web/history.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/params.h"

#define AUDIT_PER_PAGE 50

/* Newer/older links; the trail has no cheap total, so no "of N". */
static void
audit_pager(struct html *h, int64_t page, bool older)
{
    char num[24];
    HTML_LIT(h, "<nav class=\"d-flex align-items-center gap-3 my-3\" "
                "aria-label=\"Pages\"><ul class=\"pagination mb-0\">");
    const struct {
        const char *label;
        const char *rel;
        int64_t target;
        bool enabled;
    } links[] = {
        { "‹ Newer", "prev", page - 1, page > 1 },
        { "Older ›", "next", page + 1, older },
    };
    for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
        if (!links[i].enabled) {
            HTML_LIT(
                h,
                "<li class=\"page-item disabled\"><span class=\"page-link\">");
            html_text(h, links[i].label);
            HTML_LIT(h, "</span></li>");
            continue;
        }
        snprintf(num, sizeof(num), "%" PRId64, links[i].target);
        const char *args[] = { "page", links[i].target > 1 ? num : NULL, NULL };
        HTML_LIT(h, "<li class=\"page-item\"><a class=\"page-link\" href=\"");
        html_url(h, "/audit", args);
        HTML_LIT(h, "\"");
        html_attr(h, "rel", links[i].rel);
        HTML_LIT(h, ">");
        html_text(h, links[i].label);
        HTML_LIT(h, "</a></li>");
    }
    HTML_LIT(h, "</ul><span class=\"text-muted\">Page ");
    html_int(h, page);
    HTML_LIT(h, "</span></nav>");
}

void
page_audit(struct req *r, struct resp *rs)
{
    struct paging p;
    struct audit_list l = { 0 };
    struct err err = ERR_INIT;
    struct html h = { BUF_INIT };
    /* One entry more than a page tells whether an older page exists. */
    if (params_paging(&r->query, &p, &err) ||
        audit_store_list(r->store, r->scope.cluster_id, NULL, 0,
                         (p.page - 1) * AUDIT_PER_PAGE, AUDIT_PER_PAGE + 1, &l,
                         &err)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    bool older = l.n > AUDIT_PER_PAGE;
    struct audit_list shown = { l.items, older ? AUDIT_PER_PAGE : l.n,
                                l.alloc };
    layout_begin(&h, r, "History", NAV_AUDIT);
    HTML_LIT(&h, "<h1 class=\"h3 mb-1\">History</h1><p class=\"text-muted\">"
                 "Every change in ");
    html_text(&h, r->who.cluster_name);
    HTML_LIT(&h, ", newest first.</p>");
    audit_pager(&h, p.page, older);
    if (!shown.n && p.page > 1)
        HTML_LIT(&h, "<p class=\"text-muted\">There are no older changes. "
                     "<a href=\"/audit\">Back to the newest</a></p>");
    else
        history_render(&h, &shown, HISTORY_ENTITY);
    if (shown.n > 10)
        audit_pager(&h, p.page, older);
    layout_end(&h);
    resp_html(rs, 200, &h);
out:
    buf_release(&h.b);
    audit_list_release(&l);
}
