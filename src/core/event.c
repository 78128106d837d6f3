/*
 * Events, registrations and working groups: kinds and statuses, what
 * makes each record valid, and the rules of capacity, the waitlist,
 * entry fees and satisfaction. Pure: no SQL, no clock. Strings are owned
 * the way core/org.c owns them (org_set_str and its shared empty
 * string), so nothing here frees a field directly.
 */
#include "core/event.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/date.h"
#include "base/mem.h"
#include "base/text.h"
#include "core/money.h"
#include "core/org.h"

static const struct {
    const char *name;
    const char *label;
} KINDS[EVENT__KIND_COUNT] = {
    [EVENT_SEMINAR] = { "seminar", "Seminar / training" },
    [EVENT_MATCHMAKING] = { "matchmaking", "B2B matchmaking" },
    [EVENT_TRADE_FAIR] = { "trade_fair", "Trade-fair mission" },
    [EVENT_COMPANY_VISIT] = { "company_visit", "Company visit" },
    [EVENT_VIP] = { "vip", "VIP event" },
    [EVENT_WORKING_GROUP] = { "working_group", "Working-group meeting" },
    [EVENT_GENERAL_ASSEMBLY] = { "general_assembly", "General assembly" },
    [EVENT_CLUSTER_DAY] = { "cluster_day", "Cluster day" },
};

const char *
event_kind_name(enum event_kind k)
{
    return k < EVENT__KIND_COUNT ? KINDS[k].name : "seminar";
}

const char *
event_kind_label(enum event_kind k)
{
    return k < EVENT__KIND_COUNT ? KINDS[k].label : "Seminar / training";
}

int
event_kind_parse(const char *s, enum event_kind *out)
{
    size_t len;
    const char *t = text_trim(s, strlen(s), &len);
    for (int k = 0; k < EVENT__KIND_COUNT; k++) {
        if ((strlen(KINDS[k].name) == len &&
             !strncasecmp(t, KINDS[k].name, len)) ||
            (strlen(KINDS[k].label) == len &&
             !strncasecmp(t, KINDS[k].label, len))) {
            *out = (enum event_kind)k;
            return 0;
        }
    }
    return -1;
}

/* ---- shared checks ---- */

/* Makes every field "" (from NULL) or frees it back to "" (when set). */
static void
fields_reset(char **const fields[], size_t n)
{
    for (size_t i = 0; i < n; i++)
        org_set_str(fields[i], NULL);
}

/* Trims a field in place: a non-empty field is heap memory of our own. */
static void
trim(char **field)
{
    size_t len, old = strlen(*field);
    const char *t = text_trim(*field, old, &len);
    if (t == *field && len == old)
        return;
    if (!len) {
        org_set_str(field, NULL);
        return;
    }
    memmove(*field, t, len);
    (*field)[len] = '\0';
}

static void
lower_ascii(char *s)
{
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            *s = (char)(*s + 32);
}

/* A trimmed text of at most max characters, present when required. */
static int
check_text(const char *value, const char *field, const char *label, size_t max,
           bool required, struct err *err)
{
    size_t len = strlen(value);
    if (required && !len)
        return err_set(err, ERR_INVALID, field, "%s is required.", label);
    if (!text_valid_utf8(value, len))
        return err_set(err, ERR_INVALID, field,
                       "%s contains characters that are not allowed.", label);
    if (text_utf8_len(value, len) > max)
        return err_set(err, ERR_INVALID, field,
                       "%s is longer than %zu characters.", label, max);
    return 0;
}

/* A fault found by one rule into errs[0..max), counted; e is cleared. */
static void
take(struct err *e, struct err *errs, size_t max, size_t *n)
{
    if (e->code) {
        if (*n < max)
            errs[*n] = *e;
        (*n)++;
    }
    err_clear(e);
}

/* The first fault of a record into err, the way err_set fills it. */
static int
first_fault(size_t n, const struct err *first, struct err *err)
{
    if (!n)
        return 0;
    if (err && err->code == ERR_NONE)
        *err = *first;
    return -1;
}

static int
check_email(const char *email, bool required, struct err *err)
{
    if (!*email) {
        if (required)
            return err_set(err, ERR_INVALID, "email",
                           "The e-mail address is required.");
        return 0;
    }
    if (strlen(email) > 254 || !text_is_email(email))
        return err_set(
            err, ERR_INVALID, "email",
            "The e-mail address is not valid, e.g. name@example.com.");
    return 0;
}

/* "" or an http(s) address with a host, without blanks or quotes. */
static int
check_url(const char *url, struct err *err)
{
    if (!*url)
        return 0;
    size_t skip = !strncasecmp(url, "https://", 8)  ? 8
                  : !strncasecmp(url, "http://", 7) ? 7
                                                    : 0;
    if (!skip)
        return err_set(err, ERR_INVALID, "online_url",
                       "The online link must be an http or https address.");
    bool ok = strlen(url) <= 500 && strcspn(url + skip, "/?#") > 0;
    for (const char *p = url; *p && ok; p++)
        if ((unsigned char)*p <= ' ' || *p == '"' || *p == '<' || *p == '>' ||
            *p == 0x7f)
            ok = false;
    if (!ok)
        return err_set(err, ERR_INVALID, "online_url",
                       "The online link is not a valid address (up to 500 "
                       "characters, e.g. https://meet.example.com/room).");
    return 0;
}

/* ---- times ---- */

static int
two_digits(const char *s, int max)
{
    if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
        return -1;
    int v = (s[0] - '0') * 10 + (s[1] - '0');
    return v <= max ? v : -1;
}

int
event_time_parse(const char *s, char out[17])
{
    size_t len;
    const char *t = text_trim(s, strlen(s), &len);
    struct date d;
    if ((len != 16 && len != 19) || date_parse(t, 10, &d))
        return -1;
    if ((t[10] != 'T' && t[10] != ' ') || t[13] != ':')
        return -1;
    if (two_digits(t + 11, 23) < 0 || two_digits(t + 14, 59) < 0)
        return -1;
    if (len == 19 && (t[16] != ':' || two_digits(t + 17, 59) < 0))
        return -1;
    char tmp[17];
    memcpy(tmp, t, 16);
    tmp[10] = 'T';
    tmp[16] = '\0';
    memcpy(out, tmp, 17);
    return 0;
}

int32_t
event_time_day(const char *t)
{
    struct date d;
    if (strlen(t) < 10 || date_parse(t, 10, &d))
        return 0;
    return date_to_days(d);
}

/* ---- events ---- */

void
event_init(struct event *e)
{
    memset(e, 0, sizeof(*e));
    e->kind = EVENT_SEMINAR;
    e->public = true;
    char **const fields[] = { &e->title,
                              &e->place,
                              &e->online_url,
                              &e->description,
                              &e->working_group_name,
                              &e->created_at,
                              &e->updated_at };
    fields_reset(fields, ARRAY_SIZE(fields));
}

void
event_release(struct event *e)
{
    char **const fields[] = { &e->title,
                              &e->place,
                              &e->online_url,
                              &e->description,
                              &e->working_group_name,
                              &e->created_at,
                              &e->updated_at };
    fields_reset(fields, ARRAY_SIZE(fields));
    memset(e, 0, sizeof(*e));
}

/* A start or end time, normalised in place when good. */
static int
check_time(char t[17], const char *field, const char *label, struct err *err)
{
    if (!t[0])
        return err_set(err, ERR_INVALID, field, "%s is required.", label);
    if (event_time_parse(t, t))
        return err_set(err, ERR_INVALID, field,
                       "%s must be a date and time like 2027-03-01 09:00.",
                       label);
    return 0;
}

static int
check_fee(int64_t fee, const char *field, const char *label, struct err *err)
{
    if (fee < 0)
        return err_set(err, ERR_INVALID, field,
                       "%s must be an amount of zero or more.", label);
    if (fee > MONEY_MAX)
        return err_set(err, ERR_INVALID, field, "%s is too large.", label);
    return 0;
}

size_t
event_validate_all(struct event *e, struct err *errs, size_t max)
{
    size_t n = 0;
    struct err x = ERR_INIT;
    char **const trimmed[] = { &e->title, &e->place, &e->online_url,
                               &e->description };
    for (size_t i = 0; i < ARRAY_SIZE(trimmed); i++)
        trim(trimmed[i]);
    e->starts_at[16] = e->ends_at[16] = '\0';

    check_text(e->title, "title", "The title", 200, true, &x);
    take(&x, errs, max, &n);
    if (e->kind >= EVENT__KIND_COUNT)
        err_set(&x, ERR_INVALID, "kind", "Choose the kind of event.");
    else if (e->working_group_id > 0 && e->kind != EVENT_WORKING_GROUP)
        err_set(&x, ERR_INVALID, "kind",
                "A meeting of a working group is of the kind "
                "\"Working-group meeting\".");
    take(&x, errs, max, &n);
    bool start_ok = !check_time(e->starts_at, "starts_at", "The start", &x);
    take(&x, errs, max, &n);
    bool end_ok = !check_time(e->ends_at, "ends_at", "The end", &x);
    if (start_ok && end_ok && strcmp(e->ends_at, e->starts_at) < 0)
        err_set(&x, ERR_INVALID, "ends_at",
                "The end cannot be before the start.");
    take(&x, errs, max, &n);
    check_text(e->place, "place", "The place", 300, false, &x);
    take(&x, errs, max, &n);
    check_url(e->online_url, &x);
    take(&x, errs, max, &n);
    if (e->capacity < 0 || e->capacity > 100000)
        err_set(&x, ERR_INVALID, "capacity",
                "The capacity must be a number of places from 0 (no limit) "
                "to 100,000.");
    take(&x, errs, max, &n);
    check_fee(e->member_fee, "member_fee", "The member fee", &x);
    take(&x, errs, max, &n);
    check_fee(e->nonmember_fee, "nonmember_fee", "The non-member fee", &x);
    take(&x, errs, max, &n);
    check_text(e->description, "description", "The description", 10000, false,
               &x);
    take(&x, errs, max, &n);
    if (e->working_group_id < 0)
        err_set(&x, ERR_INVALID, "working_group_id",
                "Choose a working group of the list.");
    take(&x, errs, max, &n);
    return n;
}

int
event_validate(struct event *e, struct err *err)
{
    struct err first = ERR_INIT;
    return first_fault(event_validate_all(e, &first, 1), &first, err);
}

/* ---- registrations ---- */

static const struct {
    const char *name;
    const char *label;
} STATUSES[REG__STATUS_COUNT] = {
    [REG_REGISTERED] = { "registered", "Registered" },
    [REG_WAITLISTED] = { "waitlisted", "On the waitlist" },
    [REG_ATTENDED] = { "attended", "Attended" },
    [REG_NO_SHOW] = { "no_show", "No-show" },
    [REG_CANCELLED] = { "cancelled", "Cancelled" },
};

const char *
registration_status_name(enum registration_status s)
{
    return s < REG__STATUS_COUNT ? STATUSES[s].name : "registered";
}

const char *
registration_status_label(enum registration_status s)
{
    return s < REG__STATUS_COUNT ? STATUSES[s].label : "Registered";
}

int
registration_status_parse(const char *s, enum registration_status *out)
{
    size_t len;
    const char *t = text_trim(s, strlen(s), &len);
    for (int k = 0; k < REG__STATUS_COUNT; k++) {
        if ((strlen(STATUSES[k].name) == len &&
             !strncasecmp(t, STATUSES[k].name, len)) ||
            (strlen(STATUSES[k].label) == len &&
             !strncasecmp(t, STATUSES[k].label, len))) {
            *out = (enum registration_status)k;
            return 0;
        }
    }
    return -1;
}

bool
registration_holds_place(enum registration_status s)
{
    return s == REG_REGISTERED || s == REG_ATTENDED || s == REG_NO_SHOW;
}

enum registration_status
registration_new_status(int64_t capacity, int64_t taken)
{
    return capacity <= 0 || taken < capacity ? REG_REGISTERED : REG_WAITLISTED;
}

bool
registration_may_change(enum registration_status from,
                        enum registration_status to)
{
    if (from >= REG__STATUS_COUNT || to >= REG__STATUS_COUNT || from == to)
        return false;
    switch (to) {
    case REG_CANCELLED:
        return from != REG_CANCELLED;
    case REG_ATTENDED:
    case REG_NO_SHOW:
        return from == REG_REGISTERED;
    case REG_REGISTERED:
        return from == REG_ATTENDED || from == REG_NO_SHOW ||
               from == REG_WAITLISTED;
    case REG_WAITLISTED:
    case REG__STATUS_COUNT:
        break;
    }
    return false;
}

int64_t
registration_fee(const struct event *e, bool member)
{
    return member ? e->member_fee : e->nonmember_fee;
}

void
registration_init(struct registration *g)
{
    memset(g, 0, sizeof(*g));
    g->status = REG_REGISTERED;
    char **const fields[] = { &g->name,
                              &g->email,
                              &g->token,
                              &g->comment,
                              &g->rated_at,
                              &g->registered_at,
                              &g->organisation_name,
                              &g->event_title,
                              &g->created_at };
    fields_reset(fields, ARRAY_SIZE(fields));
}

void
registration_release(struct registration *g)
{
    char **const fields[] = { &g->name,
                              &g->email,
                              &g->token,
                              &g->comment,
                              &g->rated_at,
                              &g->registered_at,
                              &g->organisation_name,
                              &g->event_title,
                              &g->created_at };
    fields_reset(fields, ARRAY_SIZE(fields));
    memset(g, 0, sizeof(*g));
}

int
registration_validate(struct registration *g, struct err *err)
{
    trim(&g->name);
    trim(&g->email);
    lower_ascii(g->email);
    if (g->organisation_id <= 0)
        return err_set(err, ERR_INVALID, "organisation_id",
                       "Choose the organisation.");
    if (check_text(g->name, "name", "The name", 200, true, err) ||
        check_email(g->email, g->public_source, err))
        return -1;
    return 0;
}

void
public_registration_init(struct public_registration *p)
{
    memset(p, 0, sizeof(*p));
    char **const fields[] = { &p->name, &p->email, &p->organisation,
                              &p->position };
    fields_reset(fields, ARRAY_SIZE(fields));
}

void
public_registration_release(struct public_registration *p)
{
    char **const fields[] = { &p->name, &p->email, &p->organisation,
                              &p->position };
    fields_reset(fields, ARRAY_SIZE(fields));
    memset(p, 0, sizeof(*p));
}

size_t
public_registration_validate(struct public_registration *p, struct err *errs,
                             size_t max)
{
    size_t n = 0;
    struct err x = ERR_INIT;
    char **const trimmed[] = { &p->name, &p->email, &p->organisation,
                               &p->position };
    for (size_t i = 0; i < ARRAY_SIZE(trimmed); i++)
        trim(trimmed[i]);
    lower_ascii(p->email);
    check_text(p->name, "name", "Your name", 200, true, &x);
    take(&x, errs, max, &n);
    check_email(p->email, true, &x);
    take(&x, errs, max, &n);
    check_text(p->organisation, "organisation", "The organisation", 200, true,
               &x);
    take(&x, errs, max, &n);
    check_text(p->position, "position", "The position", 200, false, &x);
    take(&x, errs, max, &n);
    return n;
}

/* ---- satisfaction ---- */

int
feedback_validate(int rating, const char *comment, struct err *err)
{
    if (rating < 1 || rating > 5)
        return err_set(err, ERR_INVALID, "rating",
                       "Choose a rating from 1 to 5.");
    return check_text(comment ? comment : "", "comment", "The comment", 2000,
                      false, err);
}

void
satisfaction_add(struct satisfaction *s, int rating)
{
    if (rating < 1 || rating > 5)
        return;
    s->responses++;
    s->by_rating[rating]++;
}

void
satisfaction_finish(struct satisfaction *s)
{
    if (!s->responses) {
        s->mean = 0;
        s->share_4_5 = 0;
        return;
    }
    int64_t sum = 0;
    for (int r = 1; r <= 5; r++)
        sum += r * s->by_rating[r];
    s->mean = (double)sum / (double)s->responses;
    int64_t top = s->by_rating[4] + s->by_rating[5];
    /* Per mille, rounded half up. */
    s->share_4_5 = (int)((top * 2000 + s->responses) / (2 * s->responses));
}

/* ---- working groups ---- */

void
working_group_init(struct working_group *w)
{
    memset(w, 0, sizeof(*w));
    char **const fields[] = { &w->name,        &w->topic,
                              &w->description, &w->coordinator_name,
                              &w->created_at,  &w->updated_at };
    fields_reset(fields, ARRAY_SIZE(fields));
}

void
working_group_release(struct working_group *w)
{
    char **const fields[] = { &w->name,        &w->topic,
                              &w->description, &w->coordinator_name,
                              &w->created_at,  &w->updated_at };
    fields_reset(fields, ARRAY_SIZE(fields));
    memset(w, 0, sizeof(*w));
}

int
working_group_validate(struct working_group *w, struct err *err)
{
    trim(&w->name);
    trim(&w->topic);
    trim(&w->description);
    if (check_text(w->name, "name", "The name", 200, true, err) ||
        check_text(w->topic, "topic", "The topic", 200, false, err) ||
        check_text(w->description, "description", "The description", 5000,
                   false, err))
        return -1;
    if (w->coordinator_contact_id < 0)
        return err_set(err, ERR_INVALID, "coordinator_contact_id",
                       "Choose a contact as the coordinator.");
    return 0;
}
