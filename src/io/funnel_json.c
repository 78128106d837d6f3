/*
 * The funnel, events, registrations and working groups to and from JSON.
 * Bodies are read with json_read_fields (io/membership_json.h), which
 * checks every member before writing any output, so a refused request
 * changes nothing; what it does not know (read-only members, ids that
 * may be null, enumerations, event times) is handled around it here.
 * The rules themselves stay in core/ and store/.
 */
#include "io/funnel_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/mem.h"
#include "core/org.h"
#include "io/membership_json.h"

/* ---- writing ---- */

static void
write_id_or_null(struct jsonw *w, int64_t id)
{
    if (id > 0)
        jsonw_int(w, id);
    else
        jsonw_null(w);
}

static void
write_stages(struct jsonw *w, const int64_t stage[LEAD__STAGE_COUNT])
{
    jsonw_begin_object(w);
    for (int s = 0; s < LEAD__STAGE_COUNT; s++) {
        jsonw_key(w, lead_stage_name((enum lead_stage)s));
        jsonw_int(w, stage[s]);
    }
    jsonw_end_object(w);
}

void
activity_write_json(struct jsonw *w, const struct activity *a)
{
    jsonw_begin_object(w);
    jsonw_key(w, "id");
    write_id_or_null(w, a->id);
    jsonw_key(w, "organisation_id");
    jsonw_int(w, a->organisation_id);
    jsonw_key(w, "organisation_name");
    jsonw_string_or_null(w, a->organisation_name);
    jsonw_key(w, "contact_id");
    write_id_or_null(w, a->contact_id);
    jsonw_key(w, "contact_name");
    jsonw_string_or_null(w, a->contact_name);
    jsonw_key(w, "kind");
    jsonw_string(w, activity_kind_name(a->kind));
    jsonw_key(w, "date");
    jsonw_string_or_null(w, a->date);
    jsonw_key(w, "text");
    jsonw_string(w, a->text);
    jsonw_key(w, "signal");
    jsonw_bool(w, a->signal);
    jsonw_key(w, "author_id");
    write_id_or_null(w, a->author_id);
    jsonw_key(w, "author");
    jsonw_string(w, a->author);
    jsonw_key(w, "registration_id");
    write_id_or_null(w, a->registration_id);
    jsonw_key(w, "created_at");
    jsonw_string_or_null(w, a->created_at);
    jsonw_end_object(w);
}

void
lead_write_json(struct jsonw *w, const struct lead *l)
{
    jsonw_begin_object(w);
    jsonw_key(w, "organisation_id");
    jsonw_int(w, l->organisation_id);
    jsonw_key(w, "name");
    jsonw_string(w, l->name);
    jsonw_key(w, "kind");
    jsonw_string(w, org_kind_name((enum org_kind)l->kind));
    jsonw_key(w, "city");
    jsonw_string(w, l->city);
    jsonw_key(w, "stage");
    jsonw_string(w, lead_stage_name(l->stage));
    jsonw_key(w, "warm_until");
    jsonw_string_or_null(w, l->stage == LEAD_WARM ? l->warm_until : "");
    jsonw_key(w, "source");
    jsonw_string(w, l->source);
    jsonw_key(w, "owner_id");
    write_id_or_null(w, l->owner_id);
    jsonw_key(w, "owner_name");
    jsonw_string_or_null(w, l->owner_name);
    jsonw_key(w, "since");
    jsonw_string_or_null(w, l->since);
    jsonw_key(w, "do_not_contact");
    jsonw_bool(w, l->dnc_on[0] != '\0');
    jsonw_key(w, "do_not_contact_on");
    jsonw_string_or_null(w, l->dnc_on);
    jsonw_key(w, "do_not_contact_reason");
    jsonw_string(w, l->dnc_reason);
    jsonw_key(w, "last_signal");
    jsonw_string_or_null(w, l->last_signal);
    jsonw_key(w, "last_activity");
    jsonw_string_or_null(w, l->last_activity);
    jsonw_end_object(w);
}

static void
write_funnel_leads(struct jsonw *w, const struct funnel_lead *items, size_t n,
                   bool joined)
{
    jsonw_begin_array(w);
    for (size_t i = 0; i < n; i++) {
        const struct funnel_lead *f = &items[i];
        jsonw_begin_object(w);
        jsonw_key(w, "organisation_id");
        jsonw_int(w, f->organisation_id);
        jsonw_key(w, "name");
        jsonw_string(w, f->name);
        jsonw_key(w, joined ? "joined_on" : "warm_until");
        jsonw_string_or_null(w, f->warm_until);
        if (!joined) {
            jsonw_key(w, "days_left");
            jsonw_int(w, f->days_left);
        }
        jsonw_key(w, "owner_name");
        jsonw_string_or_null(w, f->owner_name);
        jsonw_end_object(w);
    }
    jsonw_end_array(w);
}

void
funnel_board_write_json(struct jsonw *w, const struct funnel_board *b)
{
    char day[11];
    date_format(date_from_days(b->today), day);
    jsonw_begin_object(w);
    jsonw_key(w, "date");
    jsonw_string(w, day);
    jsonw_key(w, "stages");
    write_stages(w, b->stage);
    jsonw_key(w, "base");
    jsonw_int(w, b->stage[LEAD_COLD] + b->stage[LEAD_WARM]);
    jsonw_key(w, "joined_this_month");
    jsonw_int(w, b->joined_this_month);
    jsonw_key(w, "warm");
    write_funnel_leads(w, b->warm, b->nwarm, false);
    jsonw_key(w, "cooling");
    write_funnel_leads(w, b->cooling, b->ncooling, false);
    jsonw_key(w, "cooling_total");
    jsonw_int(w, b->cooling_total);
    jsonw_key(w, "joined");
    write_funnel_leads(w, b->joined, b->njoined, true);
    jsonw_end_object(w);
}

const char *
channel_api_name(enum channel c)
{
    static const char *const NAMES[CHANNEL__COUNT] = {
        [CHANNEL_EMAIL] = "email",     [CHANNEL_CALL] = "call",
        [CHANNEL_MEETING] = "meeting", [CHANNEL_EVENT] = "event",
        [CHANNEL_SOCIAL] = "social",   [CHANNEL_NONE] = "none",
    };
    return (unsigned)c < CHANNEL__COUNT ? NAMES[c] : "none";
}

static void
write_month_name(struct jsonw *w, int year, int month)
{
    char s[16];
    snprintf(s, sizeof(s), "%04d-%02d", year, month);
    jsonw_string(w, s);
}

void
funnel_months_write_json(struct jsonw *w, const struct funnel_month *m,
                         size_t n)
{
    jsonw_begin_object(w);
    jsonw_key(w, "month");
    if (n)
        write_month_name(w, m[n - 1].year, m[n - 1].month);
    else
        jsonw_null(w);
    jsonw_key(w, "months");
    jsonw_int(w, (int64_t)n);
    jsonw_key(w, "items");
    jsonw_begin_array(w);
    for (size_t i = 0; i < n; i++) {
        const struct funnel_month *f = &m[i];
        jsonw_begin_object(w);
        jsonw_key(w, "month");
        write_month_name(w, f->year, f->month);
        jsonw_key(w, "stages");
        write_stages(w, f->stage);
        const struct {
            const char *key;
            int64_t v;
        } figures[] = {
            { "base", f->base },
            { "cold_growth", f->cold_growth },
            { "new_leads", f->new_leads },
            { "warmed", f->warmed },
            { "conversions", f->conversions },
            { "conversions_warm", f->conversions_warm },
            { "cooled", f->cooled },
        };
        for (size_t k = 0; k < ARRAY_SIZE(figures); k++) {
            jsonw_key(w, figures[k].key);
            jsonw_int(w, figures[k].v);
        }
        jsonw_key(w, "outreach");
        jsonw_begin_object(w);
        int64_t total = 0;
        for (int c = 0; c < CHANNEL_NONE; c++) {
            jsonw_key(w, channel_api_name((enum channel)c));
            jsonw_int(w, f->outreach[c]);
            total += f->outreach[c];
        }
        jsonw_key(w, "total");
        jsonw_int(w, total);
        jsonw_end_object(w);
        jsonw_end_object(w);
    }
    jsonw_end_array(w);
    jsonw_end_object(w);
}

static void
write_fees(struct jsonw *w, const struct event_fees *f)
{
    jsonw_begin_object(w);
    const struct {
        const char *key;
        int64_t v;
    } figures[] = {
        { "member_due", f->member_due },
        { "member_paid", f->member_paid },
        { "nonmember_due", f->nonmember_due },
        { "nonmember_paid", f->nonmember_paid },
        { "due", f->member_due + f->nonmember_due },
        { "paid", f->member_paid + f->nonmember_paid },
        { "member_count", f->member_count },
        { "nonmember_count", f->nonmember_count },
    };
    for (size_t k = 0; k < ARRAY_SIZE(figures); k++) {
        jsonw_key(w, figures[k].key);
        jsonw_int(w, figures[k].v);
    }
    jsonw_end_object(w);
}

static void
write_satisfaction(struct jsonw *w, const struct satisfaction *s)
{
    jsonw_begin_object(w);
    jsonw_key(w, "responses");
    jsonw_int(w, s->responses);
    jsonw_key(w, "mean");
    if (s->responses > 0 && s->mean >= 0)
        jsonw_fixed(w, (int64_t)(s->mean * 100 + 0.5), 2);
    else
        jsonw_null(w);
    jsonw_key(w, "share_4_5");
    if (s->responses > 0 && s->share_4_5 >= 0)
        jsonw_fixed(w, s->share_4_5, 3);
    else
        jsonw_null(w);
    jsonw_key(w, "by_rating");
    jsonw_begin_object(w);
    for (int r = 1; r <= 5; r++) {
        char key[2] = { (char)('0' + r), '\0' };
        jsonw_key(w, key);
        jsonw_int(w, s->by_rating[r]);
    }
    jsonw_end_object(w);
    jsonw_end_object(w);
}

void
event_write_json(struct jsonw *w, const struct event *e, const char *currency,
                 const struct event_fees *fees, const struct satisfaction *sat)
{
    jsonw_begin_object(w);
    jsonw_key(w, "id");
    write_id_or_null(w, e->id);
    jsonw_key(w, "title");
    jsonw_string(w, e->title);
    jsonw_key(w, "kind");
    jsonw_string(w, event_kind_name(e->kind));
    jsonw_key(w, "starts_at");
    jsonw_string_or_null(w, e->starts_at);
    jsonw_key(w, "ends_at");
    jsonw_string_or_null(w, e->ends_at);
    jsonw_key(w, "place");
    jsonw_string(w, e->place);
    jsonw_key(w, "online_url");
    jsonw_string(w, e->online_url);
    jsonw_key(w, "capacity");
    jsonw_int(w, e->capacity);
    jsonw_key(w, "places_left");
    if (e->capacity > 0)
        jsonw_int(w, e->capacity > e->registered ? e->capacity - e->registered
                                                 : 0);
    else
        jsonw_null(w);
    jsonw_key(w, "member_fee");
    jsonw_int(w, e->member_fee);
    jsonw_key(w, "nonmember_fee");
    jsonw_int(w, e->nonmember_fee);
    jsonw_key(w, "currency");
    jsonw_string_or_null(w, currency);
    jsonw_key(w, "description");
    jsonw_string(w, e->description);
    jsonw_key(w, "working_group_id");
    write_id_or_null(w, e->working_group_id);
    jsonw_key(w, "working_group_name");
    jsonw_string_or_null(w, e->working_group_name);
    jsonw_key(w, "public");
    jsonw_bool(w, e->public);
    jsonw_key(w, "cancelled");
    jsonw_bool(w, e->cancelled);
    jsonw_key(w, "registered");
    jsonw_int(w, e->registered);
    jsonw_key(w, "waitlisted");
    jsonw_int(w, e->waitlisted);
    jsonw_key(w, "attended");
    jsonw_int(w, e->attended);
    jsonw_key(w, "created_at");
    jsonw_string_or_null(w, e->created_at);
    jsonw_key(w, "updated_at");
    jsonw_string_or_null(w, e->updated_at);
    if (fees) {
        jsonw_key(w, "fees");
        write_fees(w, fees);
    }
    if (sat) {
        jsonw_key(w, "satisfaction");
        write_satisfaction(w, sat);
    }
    jsonw_end_object(w);
}

void
registration_write_json(struct jsonw *w, const struct registration *g,
                        const char *currency)
{
    jsonw_begin_object(w);
    jsonw_key(w, "id");
    write_id_or_null(w, g->id);
    jsonw_key(w, "event_id");
    jsonw_int(w, g->event_id);
    jsonw_key(w, "event_title");
    jsonw_string_or_null(w, g->event_title);
    jsonw_key(w, "organisation_id");
    jsonw_int(w, g->organisation_id);
    jsonw_key(w, "organisation_name");
    jsonw_string_or_null(w, g->organisation_name);
    jsonw_key(w, "contact_id");
    write_id_or_null(w, g->contact_id);
    jsonw_key(w, "name");
    jsonw_string(w, g->name);
    jsonw_key(w, "email");
    jsonw_string(w, g->email);
    jsonw_key(w, "status");
    jsonw_string(w, registration_status_name(g->status));
    jsonw_key(w, "member");
    jsonw_bool(w, g->member);
    jsonw_key(w, "fee");
    jsonw_int(w, g->fee);
    jsonw_key(w, "currency");
    jsonw_string_or_null(w, currency);
    jsonw_key(w, "paid_on");
    jsonw_string_or_null(w, g->paid_on);
    jsonw_key(w, "source");
    jsonw_string(w, g->public_source ? "public" : "staff");
    jsonw_key(w, "rating");
    if (g->rating >= 1 && g->rating <= 5)
        jsonw_int(w, g->rating);
    else
        jsonw_null(w);
    jsonw_key(w, "comment");
    jsonw_string(w, g->comment);
    jsonw_key(w, "rated_at");
    jsonw_string_or_null(w, g->rated_at);
    jsonw_key(w, "registered_at");
    jsonw_string_or_null(w, g->registered_at);
    jsonw_key(w, "created_at");
    jsonw_string_or_null(w, g->created_at);
    jsonw_end_object(w);
}

void
working_group_write_json(struct jsonw *w, const struct working_group *g)
{
    jsonw_begin_object(w);
    jsonw_key(w, "id");
    write_id_or_null(w, g->id);
    jsonw_key(w, "name");
    jsonw_string(w, g->name);
    jsonw_key(w, "topic");
    jsonw_string(w, g->topic);
    jsonw_key(w, "coordinator_contact_id");
    write_id_or_null(w, g->coordinator_contact_id);
    jsonw_key(w, "coordinator_name");
    jsonw_string_or_null(w, g->coordinator_name);
    jsonw_key(w, "description");
    jsonw_string(w, g->description);
    jsonw_key(w, "archived");
    jsonw_bool(w, g->archived);
    jsonw_key(w, "members");
    jsonw_int(w, g->members);
    jsonw_key(w, "meetings");
    jsonw_int(w, g->meetings);
    jsonw_key(w, "created_at");
    jsonw_string_or_null(w, g->created_at);
    jsonw_key(w, "updated_at");
    jsonw_string_or_null(w, g->updated_at);
    jsonw_end_object(w);
}

void
group_member_write_json(struct jsonw *w, const struct group_member *m)
{
    jsonw_begin_object(w);
    jsonw_key(w, "id");
    write_id_or_null(w, m->id);
    jsonw_key(w, "working_group_id");
    jsonw_int(w, m->working_group_id);
    jsonw_key(w, "group_name");
    jsonw_string_or_null(w, m->group_name);
    jsonw_key(w, "organisation_id");
    jsonw_int(w, m->organisation_id);
    jsonw_key(w, "organisation_name");
    jsonw_string_or_null(w, m->organisation_name);
    jsonw_key(w, "contact_id");
    write_id_or_null(w, m->contact_id);
    jsonw_key(w, "contact_name");
    jsonw_string_or_null(w, m->contact_name);
    jsonw_key(w, "joined_on");
    jsonw_string_or_null(w, m->joined_on);
    jsonw_key(w, "meetings");
    jsonw_int(w, m->meetings);
    jsonw_key(w, "meetings_attended");
    jsonw_int(w, m->meetings_attended);
    jsonw_end_object(w);
}

/* ---- reading ---- */

/*
 * Replaces the owned string *field by a copy of s (which may point into
 * *field itself). Two kinds: an activity (core/lead.h) owns plain heap
 * strings, freed with free(); events, registrations and working groups
 * (core/event.h) keep theirs as core/org.h does, where "" is a shared
 * empty string that only org_set may let go of.
 */
static void
set_text(char **field, const char *s)
{
    char *copy = xstrdup(s ? s : "");
    free(*field);
    *field = copy;
}

static void
set_org_text(char **field, const char *s)
{
    char *copy = xstrdup(s ? s : "");
    org_set_str(field, copy);
    free(copy);
}

/* Bit i of *nulled: nullable[i] was sent as null. */
#define MAX_NULLABLE 8

/*
 * What json_read_fields is given: a shallow copy of j without the
 * read-only members (accepted and ignored) and without the nullable ids
 * sent as null (noted in *nulled, since JFIELD_ID takes integers only).
 * Returns a new reference, or NULL with ERR_BAD_REQUEST when j is not an
 * object.
 */
static json_t *
prepare(const json_t *j, const char *const *read_only, size_t nro,
        const char *const *nullable, size_t nnull, unsigned *nulled,
        struct err *err)
{
    *nulled = 0;
    if (!json_is_object(j)) {
        err_set(err, ERR_BAD_REQUEST, NULL,
                "The request body must be a JSON object.");
        return NULL;
    }
    json_t *copy = json_copy((json_t *)j);
    for (size_t i = 0; i < nro; i++)
        json_object_del(copy, read_only[i]);
    for (size_t i = 0; i < nnull && i < MAX_NULLABLE; i++) {
        const json_t *v = json_object_get(copy, nullable[i]);
        if (v && json_is_null(v)) {
            *nulled |= 1u << i;
            json_object_del(copy, nullable[i]);
        }
    }
    return copy;
}

/* prepare + json_read_fields; the copy is released before returning. */
static int
read_body(const json_t *j, const struct jfield *specs, size_t n,
          const char *const *read_only, size_t nro, const char *const *nullable,
          size_t nnull, unsigned *nulled, struct err *err)
{
    json_t *copy = prepare(j, read_only, nro, nullable, nnull, nulled, err);
    if (!copy)
        return -1;
    int rc = json_read_fields(copy, specs, n, err);
    json_decref(copy);
    return rc;
}

/* "a, b or c" of the names names(0..n). */
static void
join_names(struct buf *out, const char *(*name)(int), int n)
{
    for (int i = 0; i < n; i++) {
        if (i)
            buf_adds(out, i == n - 1 ? " or " : ", ");
        buf_adds(out, name(i));
    }
}

static const char *
activity_kind_name_i(int k)
{
    return activity_kind_name((enum activity_kind)k);
}

static const char *
event_kind_name_i(int k)
{
    return event_kind_name((enum event_kind)k);
}

static const char *
registration_status_name_i(int s)
{
    return registration_status_name((enum registration_status)s);
}

static int
bad_choice(const char *field, const char *(*name)(int), int n, struct err *err)
{
    struct buf names = BUF_INIT;
    join_names(&names, name, n);
    err_set(err, ERR_INVALID, field, "%s must be one of %s.", field, names.s);
    buf_release(&names);
    return -1;
}

static int
read_activity_kind(const char *s, enum activity_kind *out, struct err *err)
{
    if (activity_kind_parse(s, out) == 0)
        return 0;
    return bad_choice("kind", activity_kind_name_i, ACTIVITY__COUNT, err);
}

static int
read_event_time(const char *field, const char *s, char out[17], struct err *err)
{
    if (event_time_parse(s, out) == 0)
        return 0;
    return err_set(err, ERR_INVALID, field,
                   "%s must be a time like 2027-05-12T09:30.", field);
}

int
activity_from_json(const json_t *j, struct activity *a, bool require_all,
                   struct err *err)
{
    static const char *const READ_ONLY[] = {
        "id",     "organisation_name", "contact_name",    "signal",
        "author", "author_id",         "registration_id", "created_at",
    };
    static const char *const NULLABLE[] = { "contact_id" };
    unsigned req = require_all ? JFIELD_REQUIRED : JFIELD_NOT_NULL;
    int64_t org = a->organisation_id, contact = a->contact_id;
    const char *kind = NULL, *date = NULL, *text = a->text;
    unsigned nulled = 0;
    const struct jfield specs[] = {
        { "organisation_id", JFIELD_ID, req, &org },
        { "contact_id", JFIELD_ID, 0, &contact },
        { "kind", JFIELD_TEXT, req, &kind },
        { "date", JFIELD_DATE, 0, &date },
        { "text", JFIELD_TEXT, 0, &text },
    };
    enum activity_kind k = a->kind;

    if (read_body(j, specs, ARRAY_SIZE(specs), READ_ONLY, ARRAY_SIZE(READ_ONLY),
                  NULLABLE, ARRAY_SIZE(NULLABLE), &nulled, err))
        return -1;
    if (kind && read_activity_kind(kind, &k, err))
        return -1;
    if (!require_all && org != a->organisation_id)
        return err_set(err, ERR_INVALID, "organisation_id",
                       "An activity stays with its organisation; log a new "
                       "one for organisation %lld instead.",
                       (long long)org);
    if (nulled & 1u)
        contact = 0;
    set_text(&a->text, text);
    a->organisation_id = org;
    a->contact_id = contact;
    a->kind = k;
    if (date)
        snprintf(a->date, sizeof(a->date), "%s", date);
    return 0;
}

int
lead_update_from_json(const json_t *j, struct lead_update *u, struct err *err)
{
    static const char *const READ_ONLY[] = {
        "name",       "kind",       "city",        "stage",
        "warm_until", "owner_name", "last_signal", "last_activity",
    };
    static const char *const NULLABLE[] = { "owner_id", "do_not_contact_on" };
    int64_t org = u->organisation_id, owner = -1;
    const char *source = NULL, *since = NULL, *dnc_on = NULL,
               *dnc_reason = NULL;
    bool dnc = false;
    unsigned nulled = 0;
    const struct jfield specs[] = {
        { "organisation_id", JFIELD_ID, JFIELD_NOT_NULL, &org },
        { "source", JFIELD_TEXT, 0, &source },
        { "owner_id", JFIELD_ID, 0, &owner },
        { "since", JFIELD_DATE, JFIELD_NOT_NULL, &since },
        { "do_not_contact", JFIELD_BOOL, JFIELD_NOT_NULL, &dnc },
        { "do_not_contact_on", JFIELD_DATE, 0, &dnc_on },
        { "do_not_contact_reason", JFIELD_TEXT, 0, &dnc_reason },
    };

    if (read_body(j, specs, ARRAY_SIZE(specs), READ_ONLY, ARRAY_SIZE(READ_ONLY),
                  NULLABLE, ARRAY_SIZE(NULLABLE), &nulled, err))
        return -1;
    if (org != u->organisation_id)
        return err_set(err, ERR_INVALID, "organisation_id",
                       "organisation_id is the lead's own (%lld) and cannot "
                       "change.",
                       (long long)u->organisation_id);
    if (nulled & 1u)
        owner = 0;
    if (nulled & 2u)
        dnc_on = "";
    if (source)
        u->source = source;
    if (owner >= 0)
        u->owner_id = owner;
    if (since)
        u->since = since;
    if (json_object_get(j, "do_not_contact"))
        u->dnc = dnc ? 1 : 0;
    if (dnc_on)
        u->dnc_on = dnc_on;
    if (dnc_reason)
        u->dnc_reason = dnc_reason;
    return 0;
}

int
event_from_json(const json_t *j, struct event *e, bool require_all,
                struct err *err)
{
    static const char *const READ_ONLY[] = {
        "id",         "places_left", "currency",     "working_group_name",
        "registered", "waitlisted",  "attended",     "created_at",
        "updated_at", "fees",        "satisfaction",
    };
    static const char *const NULLABLE[] = { "working_group_id" };
    unsigned req = require_all ? JFIELD_REQUIRED : JFIELD_NOT_NULL;
    const char *title = e->title, *kind = NULL, *starts = NULL, *ends = NULL,
               *place = e->place, *url = e->online_url,
               *description = e->description;
    int64_t capacity = e->capacity, member_fee = e->member_fee,
            nonmember_fee = e->nonmember_fee, group = e->working_group_id;
    bool public = e->public, cancelled = e->cancelled;
    unsigned nulled = 0;
    const struct jfield specs[] = {
        { "title", JFIELD_TEXT, req, &title },
        { "kind", JFIELD_TEXT, req, &kind },
        { "starts_at", JFIELD_TEXT, req, &starts },
        { "ends_at", JFIELD_TEXT, JFIELD_NOT_NULL, &ends },
        { "place", JFIELD_TEXT, 0, &place },
        { "online_url", JFIELD_TEXT, 0, &url },
        { "capacity", JFIELD_INT, JFIELD_NOT_NULL, &capacity },
        { "member_fee", JFIELD_INT, JFIELD_NOT_NULL, &member_fee },
        { "nonmember_fee", JFIELD_INT, JFIELD_NOT_NULL, &nonmember_fee },
        { "description", JFIELD_TEXT, 0, &description },
        { "working_group_id", JFIELD_ID, 0, &group },
        { "public", JFIELD_BOOL, JFIELD_NOT_NULL, &public },
        { "cancelled", JFIELD_BOOL, JFIELD_NOT_NULL, &cancelled },
    };
    enum event_kind k = e->kind;
    char starts_at[17], ends_at[17];

    memcpy(starts_at, e->starts_at, sizeof(starts_at));
    memcpy(ends_at, e->ends_at, sizeof(ends_at));
    if (read_body(j, specs, ARRAY_SIZE(specs), READ_ONLY, ARRAY_SIZE(READ_ONLY),
                  NULLABLE, ARRAY_SIZE(NULLABLE), &nulled, err))
        return -1;
    if (kind && event_kind_parse(kind, &k))
        return bad_choice("kind", event_kind_name_i, EVENT__KIND_COUNT, err);
    if (starts && read_event_time("starts_at", starts, starts_at, err))
        return -1;
    if (ends && read_event_time("ends_at", ends, ends_at, err))
        return -1;
    if (require_all && !ends)
        memcpy(ends_at, starts_at, sizeof(ends_at));
    if (nulled & 1u)
        group = 0;
    set_org_text(&e->title, title);
    set_org_text(&e->place, place);
    set_org_text(&e->online_url, url);
    set_org_text(&e->description, description);
    e->kind = k;
    memcpy(e->starts_at, starts_at, sizeof(starts_at));
    memcpy(e->ends_at, ends_at, sizeof(ends_at));
    e->capacity = capacity;
    e->member_fee = member_fee;
    e->nonmember_fee = nonmember_fee;
    e->working_group_id = group;
    e->public = public;
    e->cancelled = cancelled;
    return 0;
}

int
registration_from_json(const json_t *j, struct registration *g, struct err *err)
{
    static const char *const READ_ONLY[] = {
        "id",      "event_title", "organisation_name", "status",     "member",
        "fee",     "currency",    "paid_on",           "source",     "rating",
        "comment", "rated_at",    "registered_at",     "created_at",
    };
    static const char *const NULLABLE[] = { "contact_id" };
    int64_t event = g->event_id, org = g->organisation_id,
            contact = g->contact_id;
    const char *name = g->name, *email = g->email;
    unsigned nulled = 0;
    const struct jfield specs[] = {
        { "event_id", JFIELD_ID, JFIELD_REQUIRED, &event },
        { "organisation_id", JFIELD_ID, JFIELD_REQUIRED, &org },
        { "contact_id", JFIELD_ID, 0, &contact },
        { "name", JFIELD_TEXT, 0, &name },
        { "email", JFIELD_TEXT, 0, &email },
    };

    if (read_body(j, specs, ARRAY_SIZE(specs), READ_ONLY, ARRAY_SIZE(READ_ONLY),
                  NULLABLE, ARRAY_SIZE(NULLABLE), &nulled, err))
        return -1;
    if (nulled & 1u)
        contact = 0;
    set_org_text(&g->name, name);
    set_org_text(&g->email, email);
    g->event_id = event;
    g->organisation_id = org;
    g->contact_id = contact;
    return 0;
}

int
registration_change_from_json(const json_t *j, int *status,
                              const char **paid_on, struct err *err)
{
    static const char *const READ_ONLY[] = {
        "id",
        "event_id",
        "event_title",
        "organisation_id",
        "organisation_name",
        "contact_id",
        "name",
        "email",
        "member",
        "fee",
        "currency",
        "source",
        "rating",
        "comment",
        "rated_at",
        "registered_at",
        "created_at",
    };
    const char *st = NULL, *paid = NULL;
    unsigned nulled = 0;
    const struct jfield specs[] = {
        { "status", JFIELD_TEXT, JFIELD_NOT_NULL, &st },
        { "paid_on", JFIELD_TEXT, 0, &paid },
    };
    enum registration_status s = REG_REGISTERED;

    if (read_body(j, specs, ARRAY_SIZE(specs), READ_ONLY, ARRAY_SIZE(READ_ONLY),
                  NULL, 0, &nulled, err))
        return -1;
    if (st && registration_status_parse(st, &s))
        return bad_choice("status", registration_status_name_i,
                          REG__STATUS_COUNT, err);
    if (paid && *paid) {
        struct date d;
        if (strlen(paid) != 10 || date_parse(paid, 10, &d))
            return err_set(err, ERR_INVALID, "paid_on",
                           "paid_on must be a date like 2027-01-31, or null "
                           "for unpaid.");
    }
    if (!st && !json_object_get(j, "paid_on"))
        return err_set(err, ERR_INVALID, "status", "Send status or paid_on.");
    *status = st ? (int)s : -1;
    *paid_on = json_object_get(j, "paid_on") ? (paid ? paid : "") : NULL;
    return 0;
}

int
working_group_from_json(const json_t *j, struct working_group *g,
                        bool require_all, struct err *err)
{
    static const char *const READ_ONLY[] = {
        "id",       "coordinator_name", "members",
        "meetings", "created_at",       "updated_at",
    };
    static const char *const NULLABLE[] = { "coordinator_contact_id" };
    unsigned req = require_all ? JFIELD_REQUIRED : JFIELD_NOT_NULL;
    const char *name = g->name, *topic = g->topic,
               *description = g->description;
    int64_t coordinator = g->coordinator_contact_id;
    bool archived = g->archived;
    unsigned nulled = 0;
    const struct jfield specs[] = {
        { "name", JFIELD_TEXT, req, &name },
        { "topic", JFIELD_TEXT, 0, &topic },
        { "coordinator_contact_id", JFIELD_ID, 0, &coordinator },
        { "description", JFIELD_TEXT, 0, &description },
        { "archived", JFIELD_BOOL, JFIELD_NOT_NULL, &archived },
    };

    if (read_body(j, specs, ARRAY_SIZE(specs), READ_ONLY, ARRAY_SIZE(READ_ONLY),
                  NULLABLE, ARRAY_SIZE(NULLABLE), &nulled, err))
        return -1;
    if (nulled & 1u)
        coordinator = 0;
    set_org_text(&g->name, name);
    set_org_text(&g->topic, topic);
    set_org_text(&g->description, description);
    g->coordinator_contact_id = coordinator;
    g->archived = archived;
    return 0;
}

int
group_member_from_json(const json_t *j, struct group_member *m, struct err *err)
{
    static const char *const READ_ONLY[] = {
        "id",
        "working_group_id",
        "group_name",
        "organisation_name",
        "contact_name",
        "meetings",
        "meetings_attended",
    };
    static const char *const NULLABLE[] = { "contact_id" };
    int64_t org = m->organisation_id, contact = m->contact_id;
    const char *joined = NULL;
    unsigned nulled = 0;
    const struct jfield specs[] = {
        { "organisation_id", JFIELD_ID, JFIELD_REQUIRED, &org },
        { "contact_id", JFIELD_ID, 0, &contact },
        { "joined_on", JFIELD_DATE, 0, &joined },
    };

    if (read_body(j, specs, ARRAY_SIZE(specs), READ_ONLY, ARRAY_SIZE(READ_ONLY),
                  NULLABLE, ARRAY_SIZE(NULLABLE), &nulled, err))
        return -1;
    if (nulled & 1u)
        contact = 0;
    m->organisation_id = org;
    m->contact_id = contact;
    if (joined)
        snprintf(m->joined_on, sizeof(m->joined_on), "%s", joined);
    return 0;
}
