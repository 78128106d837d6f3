/*
 * The satisfaction page of an attendee, reached without signing in by
 * the personal link /feedback/TOKEN that the event's page shows for each
 * attendee: a rating from 1 to 5 and a comment, which can be changed
 * later through the same link. The token is the only key: an unknown
 * one is a 404, and a registration that did not attend gets a clear
 * message instead of the form. The form is protected like the other
 * public forms (pre-session cookie repeated in the form).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/event_store.h"
#include "web/layout.h"
#include "web/pages.h"

#define PREFIX "/feedback/"
#define TOKEN_MAX 128

/* The token of the address into out; false when it cannot be one. */
static bool
token_of(const struct req *r, char out[TOKEN_MAX + 1])
{
    if (strncmp(r->path, PREFIX, strlen(PREFIX)) != 0)
        return false;
    const char *t = r->path + strlen(PREFIX);
    size_t len = strlen(t);
    if (!len || len > TOKEN_MAX)
        return false;
    for (size_t i = 0; i < len; i++) {
        char ch = t[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
              (ch >= '0' && ch <= '9') || ch == '-' || ch == '_'))
            return false;
    }
    memcpy(out, t, len + 1);
    return true;
}

static void
no_link(const struct req *r, struct resp *rs)
{
    struct err err = ERR_INIT;
    err_set(&err, ERR_NOT_FOUND, NULL,
            "This feedback link is not known. Please use the link exactly "
            "as you received it.");
    layout_error_page(r, rs, &err);
}

/* Loads the registration of the address' token; false when answered. */
static bool
load(struct req *r, struct resp *rs, char token[TOKEN_MAX + 1],
     struct registration *g)
{
    struct err err = ERR_INIT;
    int64_t cluster_id = 0;
    if (!token_of(r, token)) {
        no_link(r, rs);
        return false;
    }
    enum store_rc rc =
        feedback_store_find(r->store, token, g, &cluster_id, &err);
    if (rc == STORE_NONE)
        no_link(r, rs);
    else if (rc != STORE_ONE)
        layout_error_page(r, rs, &err);
    return rc == STORE_ONE;
}

static void
rating_choices(struct html *h, const char *typed, const struct form_errors *fe)
{
    static const char *const LABELS[] = { "",  "1 – poor", "2",
                                          "3", "4",        "5 – excellent" };
    const char *error = form_errors_for(fe, "rating");
    HTML_LIT(h, "<fieldset class=\"mb-3\"><legend class=\"form-label "
                "fs-6\">How would you rate the event?</legend>");
    for (int k = 1; k <= 5; k++) {
        char id[16], value[4];
        snprintf(id, sizeof(id), "rating-%d", k);
        snprintf(value, sizeof(value), "%d", k);
        HTML_LIT(h, "<div class=\"form-check form-check-inline\"><input "
                    "class=\"form-check-input\" type=\"radio\" "
                    "name=\"rating\"");
        html_attr(h, "id", id);
        html_attr(h, "value", value);
        if (typed && strcmp(typed, value) == 0)
            HTML_LIT(h, " checked");
        HTML_LIT(h, "><label class=\"form-check-label\"");
        html_attr(h, "for", id);
        HTML_LIT(h, ">");
        html_text(h, LABELS[k]);
        HTML_LIT(h, "</label></div>");
    }
    if (error) {
        HTML_LIT(h, "<div class=\"invalid-feedback d-block\" "
                    "id=\"rating-error\">");
        html_text(h, error);
        HTML_LIT(h, "</div>");
    }
    HTML_LIT(h, "</fieldset>");
}

static void
feedback_page(struct req *r, struct resp *rs, int status, const char *token,
              const struct registration *g, const char *rating,
              const char *comment, const struct form_errors *fe,
              const char *problem)
{
    struct html h = { BUF_INIT };
    layout_begin(&h, r, "Your feedback", NAV_NONE);
    HTML_LIT(&h, "<div class=\"card\" style=\"max-width:44rem\"><div "
                 "class=\"card-body\"><h1 class=\"h4\">Your feedback on ");
    html_text(&h, g->event_title);
    HTML_LIT(&h, "</h1>");
    const char *msg = req_query(r, "msg");
    if (msg && strcmp(msg, "thanks") == 0)
        HTML_LIT(&h, "<div class=\"alert alert-success\" role=\"status\" "
                     "id=\"thanks\">Thank you for your feedback.</div>");
    if (problem) {
        HTML_LIT(&h, "<div class=\"alert alert-warning\" role=\"alert\" "
                     "id=\"problem\">");
        html_text(&h, problem);
        HTML_LIT(&h, "</div>");
    }
    if (g->status != REG_ATTENDED) {
        HTML_LIT(&h, "<p id=\"not-attended\">This link is for rating the "
                     "event after taking part. Your attendance is not "
                     "recorded (the registration is ");
        html_text(&h, registration_status_label(g->status));
        HTML_LIT(&h, "), so there is nothing to rate yet. If you did take "
                     "part, please tell the cluster's team.</p>");
    } else {
        if (g->rating && !fe) {
            HTML_LIT(&h, "<p class=\"text-muted\">You rated it ");
            html_int(&h, g->rating);
            HTML_LIT(&h, " of 5. You can change your rating.</p>");
        }
        layout_error_summary(&h, fe);
        char action[sizeof(PREFIX) + TOKEN_MAX];
        snprintf(action, sizeof(action), PREFIX "%s", token);
        HTML_LIT(&h, "<form method=\"post\" novalidate id=\"feedback-form\"");
        html_attr(&h, "action", action);
        HTML_LIT(&h, ">");
        event_public_csrf(&h, r, rs);
        rating_choices(&h, rating, fe);
        layout_textarea(&h, "comment", "Comment (optional)", comment, fe);
        HTML_LIT(&h, "<button class=\"btn btn-primary\" type=\"submit\">"
                     "Send</button></form>");
    }
    HTML_LIT(&h, "</div></div>");
    layout_end(&h);
    resp_html(rs, status, &h);
}

void
page_feedback_get(struct req *r, struct resp *rs)
{
    char token[TOKEN_MAX + 1];
    struct registration g;
    registration_init(&g);
    if (load(r, rs, token, &g)) {
        char rating[4] = "";
        if (g.rating)
            snprintf(rating, sizeof(rating), "%d", g.rating);
        feedback_page(r, rs, 200, token, &g, rating, g.comment, NULL, NULL);
    }
    registration_release(&g);
}

void
page_feedback_post(struct req *r, struct resp *rs)
{
    char token[TOKEN_MAX + 1];
    struct registration g;
    struct form_errors fe = { .n = 0 };
    struct err err = ERR_INIT;
    registration_init(&g);
    if (!load(r, rs, token, &g))
        goto out;
    const char *rating = req_field(r, "rating");
    const char *comment = req_field(r, "comment");
    if (!comment)
        comment = "";
    int value = 0;
    if (rating && strlen(rating) == 1 && rating[0] >= '1' && rating[0] <= '5')
        value = rating[0] - '0';
    if (!value) {
        err_set(&err, ERR_INVALID, "rating", "Choose a rating from 1 to 5.");
        form_errors_add(&fe, &err);
        err_clear(&err);
    }
    if (feedback_validate(value ? value : 1, comment, &err)) {
        form_errors_add(&fe, &err);
        err_clear(&err);
    }
    if (fe.n) {
        feedback_page(r, rs, 422, token, &g, rating, comment, &fe, NULL);
        goto out;
    }
    enum store_rc rc = feedback_store_put_on(r->store, token, value, comment,
                                             event_today(r), &err);
    if (rc == STORE_NONE) {
        no_link(r, rs);
    } else if (rc == STORE_HARD && err.code == ERR_CONFLICT) {
        feedback_page(r, rs, 409, token, &g, rating, comment, NULL, err.msg);
    } else if (rc == STORE_HARD && err.code == ERR_INVALID) {
        form_errors_add(&fe, &err);
        feedback_page(r, rs, 422, token, &g, rating, comment, &fe, NULL);
    } else if (rc == STORE_HARD) {
        layout_error_page(r, rs, &err);
    } else {
        char loc[sizeof(PREFIX) + TOKEN_MAX + 16];
        snprintf(loc, sizeof(loc), PREFIX "%s?msg=thanks", token);
        resp_redirect(rs, loc);
    }
out:
    registration_release(&g);
}
