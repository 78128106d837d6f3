/*
 * What every page shares: the frame (head, menu, footer), error pages,
 * messages after a redirect, form controls that show the typed value and
 * the error beside the field, and the pager and sort links of lists.
 */
#ifndef CD_LAYOUT_H
#define CD_LAYOUT_H

#include "web/http.h"

enum nav {
    NAV_NONE,
    NAV_DASHBOARD,
    NAV_ORGS,
    NAV_CONTACTS,
    NAV_MEMBERS,
    NAV_INVOICES,
    NAV_TARGETS,
    NAV_FUNNEL,
    NAV_LEADS,
    NAV_EVENTS,
    NAV_GROUPS,
    NAV_SETTINGS,
    NAV_IMPORT,
    NAV_USERS,
    NAV_AUDIT
};

/* Opens the page: doctype, head, the menu for a signed-in user, <main>. */
void layout_begin(struct html *h, const struct req *r, const char *title,
                  enum nav active);
/* Closes what layout_begin opened. */
void layout_end(struct html *h);

void layout_error_page(const struct req *r, struct resp *rs,
                       const struct err *err);
/* Shortcut: 404 page for a record that is not in the user's cluster. */
void layout_not_found(const struct req *r, struct resp *rs);

/*
 * Answers a store call's outcome for a record of the route: true for
 * STORE_ONE (the handler goes on); otherwise it has answered, with the
 * 404 page for STORE_NONE (absent, or another cluster's) and the error
 * page of err for a failure.
 */
bool layout_found(const struct req *r, struct resp *rs, enum store_rc rc,
                  const struct err *err);

/* The hidden CSRF input of a form. */
void layout_csrf(struct html *h, const struct req *r);

/* A form of one button that POSTs to action (archive, restore, ...). */
void layout_post_button(struct html *h, const struct req *r, const char *action,
                        const char *label, const char *css);

/* The message named by ?msg= after a redirect ("saved", "archived", ...). */
void layout_flash(struct html *h, const struct req *r);

/* Errors of one form submission, shown beside their fields. */
#define FORM_MAX_ERRORS 16
struct form_errors {
    struct err items[FORM_MAX_ERRORS];
    size_t n;
};
void form_errors_add(struct form_errors *fe, const struct err *err);
/* After a validator wrote n faults into fe->items past fe->n (as
 * org_validate_all does), counts those that fit. */
void form_errors_take(struct form_errors *fe, size_t n);
/* The message for field, or NULL. */
const char *form_errors_for(const struct form_errors *fe, const char *field);
/* A summary box at the top of a form with errors. */
void layout_error_summary(struct html *h, const struct form_errors *fe);

/* A labelled text input (type text, email, number, url, date, password). */
void layout_input(struct html *h, const char *type, const char *name,
                  const char *label, const char *value,
                  const struct form_errors *fe, const char *help);
void layout_textarea(struct html *h, const char *name, const char *label,
                     const char *value, const struct form_errors *fe);
/* A select of values[i] shown as labels[i]; the first may be "" (any). */
void layout_select(struct html *h, const char *name, const char *label,
                   const char *const *values, const char *const *labels,
                   size_t n, const char *selected,
                   const struct form_errors *fe);
void layout_checkbox(struct html *h, const char *name, const char *label,
                     bool checked);

/*
 * List navigation. A list's current query (filters, sort, page) is kept in
 * a NULL-terminated key/value array; links change one key.
 */
struct list_query {
    const char *keys[16];
    const char *values[16];
    size_t n;
};
void list_query_from(struct list_query *lq, const struct req *r,
                     const char *const *keys);
/* A column header that sorts by `sort` (toggling direction). */
void layout_sort_link(struct html *h, const char *path,
                      const struct list_query *lq, const char *sort,
                      const char *label);
/* "Showing 26-50 of 1,234" and previous/next page links. */
void layout_pager(struct html *h, const char *path, const struct list_query *lq,
                  int64_t page, int64_t per_page, int64_t total);
/* Export links for the same filters. */
void layout_export_links(struct html *h, const char *path,
                         const struct list_query *lq);

#endif
