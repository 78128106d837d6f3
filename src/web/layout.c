/*
 * The shared frame of pages and the form and list controls.
 */
#include "web/layout.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

static const struct {
    enum nav nav;
    const char *path;
    const char *label;
    bool admin;
} MENU[] = {
    { NAV_DASHBOARD, "/", "Dashboard", false },
    { NAV_ORGS, "/organisations", "Organisations", false },
    { NAV_CONTACTS, "/contacts", "Contacts", false },
    { NAV_FUNNEL, "/funnel", "Funnel", false },
    { NAV_LEADS, "/leads", "Leads", false },
    { NAV_EVENTS, "/events", "Events", false },
    { NAV_GROUPS, "/working-groups", "Groups", false },
    { NAV_MEMBERS, "/memberships", "Members", false },
    { NAV_INVOICES, "/invoices", "Invoices", false },
    { NAV_TARGETS, "/targets", "Targets", false },
    { NAV_IMPORT, "/import", "Import", false },
    { NAV_AUDIT, "/audit", "History", false },
    { NAV_SETTINGS, "/settings", "Settings", true },
    { NAV_USERS, "/users", "Users", true },
};

void
layout_csrf(struct html *h, const struct req *r)
{
    HTML_LIT(h, "<input type=\"hidden\" name=\"_csrf\"");
    html_attr(h, "value", r->signed_in ? r->who.csrf : "");
    HTML_LIT(h, ">");
}

void
layout_post_button(struct html *h, const struct req *r, const char *action,
                   const char *label, const char *css)
{
    HTML_LIT(h, "<form method=\"post\" class=\"d-inline\"");
    html_attr(h, "action", action);
    HTML_LIT(h, ">");
    layout_csrf(h, r);
    HTML_LIT(h, "<button type=\"submit\"");
    html_attr(h, "class", css);
    HTML_LIT(h, ">");
    html_text(h, label);
    HTML_LIT(h, "</button></form>");
}

void
layout_begin(struct html *h, const struct req *r, const char *title,
             enum nav active)
{
    buf_grow(&h->b, 16384); /* a list page's size: no regrowth on the way */
    HTML_LIT(h, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
                "<meta charset=\"utf-8\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, "
                "initial-scale=1\">\n"
                "<title>");
    html_text(h, title);
    HTML_LIT(h, " · clusterdesk</title>\n"
                "<link rel=\"stylesheet\" href=\"/static/bootstrap.min.css\">\n"
                "<link rel=\"stylesheet\" href=\"/static/app.css\">\n"
                "</head>\n<body>\n");
    HTML_LIT(h,
             "<nav class=\"navbar navbar-expand navbar-dark bg-primary mb-4\">"
             "<div class=\"container-fluid\">"
             "<a class=\"navbar-brand\" href=\"/\">clusterdesk</a>");
    if (r->signed_in) {
        HTML_LIT(h, "<ul class=\"navbar-nav me-auto\">");
        bool can_write = role_can_write(r->who.role);
        for (size_t i = 0; i < ARRAY_SIZE(MENU); i++) {
            if (MENU[i].admin && !role_can_admin(r->who.role))
                continue;
            if (MENU[i].nav == NAV_IMPORT && !can_write)
                continue;
            HTML_LIT(h, "<li class=\"nav-item\"><a class=\"nav-link");
            if (MENU[i].nav == active)
                HTML_LIT(h, " active\" aria-current=\"page");
            HTML_LIT(h, "\"");
            html_attr(h, "href", MENU[i].path);
            HTML_LIT(h, ">");
            html_text(h, MENU[i].label);
            HTML_LIT(h, "</a></li>");
        }
        HTML_LIT(h, "</ul><span class=\"navbar-text navbar-user me-3\">");
        html_text(h, r->who.cluster_name);
        HTML_LIT(h, "<br>");
        html_text(h, r->who.email);
        HTML_LIT(h, " (");
        html_text(h, role_name(r->who.role));
        HTML_LIT(h, ")</span><form method=\"post\" action=\"/signout\" "
                    "class=\"d-flex\">");
        layout_csrf(h, r);
        HTML_LIT(h,
                 "<button class=\"btn btn-outline-light btn-sm text-nowrap\" "
                 "type=\"submit\">"
                 "Sign out</button></form>");
    }
    HTML_LIT(h, "</div></nav>\n<main class=\"container-fluid px-4\">\n");
}

void
layout_end(struct html *h)
{
    HTML_LIT(h, "\n</main>\n<footer class=\"container-fluid px-4 py-3 "
                "text-muted small\">"
                "clusterdesk</footer>\n</body>\n</html>\n");
}

void
layout_error_page(const struct req *r, struct resp *rs, const struct err *err)
{
    static const char *const TITLES[ERR__COUNT] = {
        [ERR_NOT_FOUND] = "Not found",
        [ERR_FORBIDDEN] = "Not allowed",
        [ERR_UNAUTHORIZED] = "Please sign in",
        [ERR_METHOD] = "Method not allowed",
        [ERR_THROTTLED] = "Too many attempts",
        [ERR_TOO_LARGE] = "Too large",
        [ERR_BAD_REQUEST] = "Bad request",
        [ERR_INVALID] = "Not valid",
        [ERR_CONFLICT] = "Conflict",
        [ERR_UNAVAILABLE] = "Busy",
        [ERR_INTERNAL] = "Something went wrong",
    };
    enum err_code code = err->code == ERR_NONE ? ERR_INTERNAL : err->code;
    const char *title = TITLES[code] ? TITLES[code] : "Error";
    struct html h = { BUF_INIT };
    layout_begin(&h, r, title, NAV_NONE);
    HTML_LIT(&h, "<h1>");
    html_text(&h, title);
    HTML_LIT(&h, "</h1><p class=\"lead\">");
    html_text(&h, err->msg);
    HTML_LIT(&h, "</p><p><a href=\"/\">Back to the dashboard</a></p>");
    layout_end(&h);
    resp_html(rs, err_http_status(code), &h);
}

void
layout_not_found(const struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    err_set(&err, ERR_NOT_FOUND, NULL,
            "There is no such record in your cluster.");
    layout_error_page(r, rs, &err);
}

bool
layout_found(const struct req *r, struct resp *rs, enum store_rc rc,
             const struct err *err)
{
    if (rc == STORE_ONE)
        return true;
    if (rc == STORE_NONE)
        layout_not_found(r, rs);
    else
        layout_error_page(r, rs, err);
    return false;
}

void
layout_flash(struct html *h, const struct req *r)
{
    static const struct {
        const char *code;
        const char *text;
    } FLASH[] = {
        { "saved", "Saved." },
        { "created", "Created." },
        { "archived", "Archived. You can restore it from the archive." },
        { "restored", "Restored." },
        { "imported", "The import is done." },
        { "user-added", "The user was added." },
        { "user-disabled", "The user was disabled and signed out." },
        { "user-enabled", "The user was enabled." },
        { "signed-out", "You are signed out." },
        { "approved", "The application was approved." },
        { "declined", "The application was declined." },
        { "membership-added", "The membership was added." },
        { "membership-ended", "The membership was ended." },
        { "tier-changed", "The tier was changed." },
        { "service-recorded", "The service in kind was recorded." },
        { "registered", "Registered." },
        { "waitlisted", "The event is full: the registration is on the "
                        "waitlist." },
        { "status", "The registration was changed." },
        { "reg-cancelled", "The registration was cancelled; the waitlist "
                           "moved up where a place was freed." },
        { "paid", "The fee is marked paid." },
        { "unpaid", "The fee is marked unpaid." },
        { "event-cancelled", "The event was cancelled." },
        { "member-added", "The member was added." },
        { "member-removed", "The member was removed from the group." },
    };
    const char *msg = req_query(r, "msg");
    if (!msg)
        return;
    for (size_t i = 0; i < ARRAY_SIZE(FLASH); i++) {
        if (strcmp(msg, FLASH[i].code) == 0) {
            HTML_LIT(h, "<div class=\"alert alert-success\" role=\"status\">");
            html_text(h, FLASH[i].text);
            HTML_LIT(h, "</div>");
        }
    }
}

void
form_errors_add(struct form_errors *fe, const struct err *err)
{
    /* The first fault of a field is the one shown beside it. */
    if (fe->n < FORM_MAX_ERRORS && err->code != ERR_NONE &&
        !(err->field[0] && form_errors_for(fe, err->field)))
        fe->items[fe->n++] = *err;
}

void
form_errors_take(struct form_errors *fe, size_t n)
{
    size_t room = FORM_MAX_ERRORS - fe->n;
    fe->n += n < room ? n : room;
}

const char *
form_errors_for(const struct form_errors *fe, const char *field)
{
    for (size_t i = 0; fe && i < fe->n; i++)
        if (strcmp(fe->items[i].field, field) == 0)
            return fe->items[i].msg;
    return NULL;
}

void
layout_error_summary(struct html *h, const struct form_errors *fe)
{
    if (!fe || !fe->n)
        return;
    HTML_LIT(h, "<div class=\"alert alert-danger\" role=\"alert\">"
                "<strong>Please correct the form:</strong><ul class=\"mb-0\">");
    for (size_t i = 0; i < fe->n; i++) {
        HTML_LIT(h, "<li>");
        html_text(h, fe->items[i].msg);
        HTML_LIT(h, "</li>");
    }
    HTML_LIT(h, "</ul></div>");
}

/* The opening of a labelled control: <div><label for=...>. */
static void
control_label(struct html *h, const char *name, const char *label)
{
    HTML_LIT(h, "<div class=\"mb-3\"><label class=\"form-label\"");
    html_attr(h, "for", name);
    HTML_LIT(h, ">");
    html_text(h, label);
    HTML_LIT(h, "</label>");
}

/* The error beside a control and the closing </div>. */
static void
control_end(struct html *h, const char *name, const char *error,
            const char *help)
{
    if (error) {
        HTML_LIT(h, "<div class=\"invalid-feedback d-block\"");
        struct buf id = BUF_INIT;
        buf_addf(&id, "%s-error", name);
        html_attr(h, "id", id.s);
        buf_release(&id);
        HTML_LIT(h, ">");
        html_text(h, error);
        HTML_LIT(h, "</div>");
    } else if (help) {
        HTML_LIT(h, "<div class=\"form-text\">");
        html_text(h, help);
        HTML_LIT(h, "</div>");
    }
    HTML_LIT(h, "</div>");
}

static void
control_attrs(struct html *h, const char *name, const char *error)
{
    html_attr(h, "id", name);
    html_attr(h, "name", name);
    if (error) {
        struct buf id = BUF_INIT;
        buf_addf(&id, "%s-error", name);
        HTML_LIT(h, " aria-invalid=\"true\"");
        html_attr(h, "aria-describedby", id.s);
        buf_release(&id);
    }
}

void
layout_input(struct html *h, const char *type, const char *name,
             const char *label, const char *value, const struct form_errors *fe,
             const char *help)
{
    const char *error = form_errors_for(fe, name);
    control_label(h, name, label);
    HTML_LIT(h, "<input class=\"form-control");
    if (error)
        HTML_LIT(h, " is-invalid");
    HTML_LIT(h, "\"");
    html_attr(h, "type", type);
    control_attrs(h, name, error);
    if (strcmp(type, "password") != 0)
        html_attr(h, "value", value ? value : "");
    HTML_LIT(h, ">");
    control_end(h, name, error, help);
}

void
layout_textarea(struct html *h, const char *name, const char *label,
                const char *value, const struct form_errors *fe)
{
    const char *error = form_errors_for(fe, name);
    control_label(h, name, label);
    HTML_LIT(h, "<textarea class=\"form-control");
    if (error)
        HTML_LIT(h, " is-invalid");
    HTML_LIT(h, "\" rows=\"4\"");
    control_attrs(h, name, error);
    HTML_LIT(h, ">");
    html_text(h, value);
    HTML_LIT(h, "</textarea>");
    control_end(h, name, error, NULL);
}

void
layout_select(struct html *h, const char *name, const char *label,
              const char *const *values, const char *const *labels, size_t n,
              const char *selected, const struct form_errors *fe)
{
    const char *error = form_errors_for(fe, name);
    control_label(h, name, label);
    HTML_LIT(h, "<select class=\"form-select");
    if (error)
        HTML_LIT(h, " is-invalid");
    HTML_LIT(h, "\"");
    control_attrs(h, name, error);
    HTML_LIT(h, ">");
    for (size_t i = 0; i < n; i++) {
        HTML_LIT(h, "<option");
        html_attr(h, "value", values[i]);
        if (selected && strcmp(selected, values[i]) == 0)
            HTML_LIT(h, " selected");
        HTML_LIT(h, ">");
        html_text(h, labels[i]);
        HTML_LIT(h, "</option>");
    }
    HTML_LIT(h, "</select>");
    control_end(h, name, error, NULL);
}

void
layout_checkbox(struct html *h, const char *name, const char *label,
                bool checked)
{
    HTML_LIT(h,
             "<div class=\"form-check mb-3\"><input class=\"form-check-input\""
             " type=\"checkbox\" value=\"1\"");
    html_attr(h, "id", name);
    html_attr(h, "name", name);
    if (checked)
        HTML_LIT(h, " checked");
    HTML_LIT(h, "><label class=\"form-check-label\"");
    html_attr(h, "for", name);
    HTML_LIT(h, ">");
    html_text(h, label);
    HTML_LIT(h, "</label></div>");
}

void
list_query_from(struct list_query *lq, const struct req *r,
                const char *const *keys)
{
    lq->n = 0;
    for (; *keys && lq->n < ARRAY_SIZE(lq->keys); keys++) {
        lq->keys[lq->n] = *keys;
        lq->values[lq->n] = req_query(r, *keys);
        lq->n++;
    }
}

/* Writes the URL of the list with key set to value (NULL drops it). */
static void
list_url(struct html *h, const char *path, const struct list_query *lq,
         const char *key, const char *value, bool drop_page)
{
    const char *args[2 * 16 + 3];
    size_t n = 0;
    bool placed = false;
    for (size_t i = 0; i < lq->n; i++) {
        const char *v = lq->values[i];
        if (strcmp(lq->keys[i], key) == 0) {
            v = value;
            placed = true;
        } else if (drop_page && strcmp(lq->keys[i], "page") == 0) {
            v = NULL;
        }
        args[n++] = lq->keys[i];
        args[n++] = v;
    }
    if (!placed) {
        args[n++] = key;
        args[n++] = value;
    }
    args[n] = NULL;
    html_url(h, path, args);
}

static const char *
list_value(const struct list_query *lq, const char *key)
{
    for (size_t i = 0; i < lq->n; i++)
        if (strcmp(lq->keys[i], key) == 0)
            return lq->values[i];
    return NULL;
}

void
layout_sort_link(struct html *h, const char *path, const struct list_query *lq,
                 const char *sort, const char *label)
{
    const char *cur = list_value(lq, "sort");
    bool active_asc = cur && strcmp(cur, sort) == 0;
    bool active_desc = cur && cur[0] == '-' && strcmp(cur + 1, sort) == 0;
    struct buf next = BUF_INIT;
    if (active_asc)
        buf_addc(&next, '-');
    buf_adds(&next, sort);
    HTML_LIT(h, "<a class=\"sort-link\" href=\"");
    list_url(h, path, lq, "sort", next.s, true);
    HTML_LIT(h, "\">");
    html_text(h, label);
    if (active_asc)
        HTML_LIT(h, " ▲");
    else if (active_desc)
        HTML_LIT(h, " ▼");
    HTML_LIT(h, "</a>");
    buf_release(&next);
}

void
layout_pager(struct html *h, const char *path, const struct list_query *lq,
             int64_t page, int64_t per_page, int64_t total)
{
    int64_t pages = total ? (total + per_page - 1) / per_page : 1;
    HTML_LIT(h, "<nav class=\"d-flex align-items-center gap-3 my-3\" "
                "aria-label=\"Pages\">"
                "<span class=\"text-muted\">");
    if (total == 0) {
        HTML_LIT(h, "Nothing found");
    } else if ((page - 1) * per_page >= total) {
        HTML_LIT(h, "Nothing on this page of ");
        html_count(h, total);
    } else {
        HTML_LIT(h, "Showing ");
        html_count(h, (page - 1) * per_page + 1);
        HTML_LIT(h, "–");
        html_count(h, page * per_page < total ? page * per_page : total);
        HTML_LIT(h, " of ");
        html_count(h, total);
    }
    HTML_LIT(h, "</span><ul class=\"pagination mb-0\">");
    char num[24];
    const struct {
        const char *label;
        int64_t target;
        bool enabled;
    } links[] = {
        { "‹ Previous", page - 1, page > 1 },
        { "Next ›", page + 1, page < pages },
    };
    for (size_t i = 0; i < ARRAY_SIZE(links); i++) {
        if (!links[i].enabled) {
            HTML_LIT(
                h,
                "<li class=\"page-item disabled\"><span class=\"page-link\">");
            html_text(h, links[i].label);
            HTML_LIT(h, "</span></li>");
            continue;
        }
        snprintf(num, sizeof(num), "%" PRId64, links[i].target);
        HTML_LIT(h, "<li class=\"page-item\"><a class=\"page-link\" href=\"");
        list_url(h, path, lq, "page", num, false);
        HTML_LIT(h, "\"");
        html_attr(h, "rel", i == 0 ? "prev" : "next");
        HTML_LIT(h, ">");
        html_text(h, links[i].label);
        HTML_LIT(h, "</a></li>");
    }
    HTML_LIT(h, "</ul><span class=\"text-muted\">Page ");
    html_int(h, page);
    HTML_LIT(h, " of ");
    html_int(h, pages);
    HTML_LIT(h, "</span></nav>");
}

void
layout_export_links(struct html *h, const char *path,
                    const struct list_query *lq)
{
    HTML_LIT(h,
             "<div class=\"btn-group\" role=\"group\" aria-label=\"Export\">");
    static const char *const FORMATS[][2] = { { "csv", "Export CSV" },
                                              { "xlsx", "Export Excel" } };
    for (size_t i = 0; i < ARRAY_SIZE(FORMATS); i++) {
        HTML_LIT(h, "<a class=\"btn btn-outline-secondary btn-sm\" href=\"");
        list_url(h, path, lq, "format", FORMATS[i][0], true);
        HTML_LIT(h, "\">");
        html_text(h, FORMATS[i][1]);
        HTML_LIT(h, "</a>");
    }
    HTML_LIT(h, "</div>");
}
