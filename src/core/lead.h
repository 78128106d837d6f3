/*
 * The recruitment funnel's rules (DOMAIN.md section 3): activities and
 * their channels, interest signals, and a lead's stage on any day,
 * derived from dated facts. Pure: no clock, no SQL; days are day numbers
 * (base/date.h), dates in records "YYYY-MM-DD" text.
 *
 * The stage of an organisation on a day, first rule that holds:
 *   member          a membership covers the day (joined, not yet ended);
 *   do_not_contact  it asked so on or before the day;
 *   warm            a warm period covers the day: an interest signal on
 *                   day s warms it through s + warm_days (day 90 of the
 *                   default is warm, day 91 cold); each new signal renews;
 *   cold            otherwise.
 * A lead is "in the base" from its since-day until it is archived.
 */
#ifndef CD_LEAD_H
#define CD_LEAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"

/* ---- activities ---- */
enum activity_kind {
    ACTIVITY_EMAIL_OUT,
    ACTIVITY_EMAIL_REPLY,
    ACTIVITY_CALL,
    ACTIVITY_MEETING,
    ACTIVITY_VISIT, /* by the cluster manager */
    ACTIVITY_EVENT_REGISTRATION,
    ACTIVITY_EVENT_ATTENDANCE,
    ACTIVITY_SOCIAL,
    ACTIVITY_ENQUIRY, /* inbound */
    ACTIVITY_NOTE,
    ACTIVITY__COUNT
};
/* "email_out" (the API and storage name) and "E-mail sent". */
const char *activity_kind_name(enum activity_kind k);
const char *activity_kind_label(enum activity_kind k);
/* A name or a label, any case, surrounding blanks ignored; -1 if unknown. */
int activity_kind_parse(const char *s, enum activity_kind *out);

/* The outreach channels of the monthly report. Inbound kinds (reply,
 * enquiry) and notes are no outreach: CHANNEL_NONE. */
enum channel {
    CHANNEL_EMAIL,   /* email_out */
    CHANNEL_CALL,    /* call */
    CHANNEL_MEETING, /* meeting, visit */
    CHANNEL_EVENT,   /* event_registration, event_attendance */
    CHANNEL_SOCIAL,  /* social */
    CHANNEL_NONE,
    CHANNEL__COUNT
};
enum channel activity_channel(enum activity_kind k);
const char *channel_label(enum channel c); /* "E-mail", "Calls", ... */

/* A bit set of (1u << enum activity_kind). */
#define SIGNAL_KINDS_DEFAULT                                   \
    ((1u << ACTIVITY_EMAIL_REPLY) | (1u << ACTIVITY_MEETING) | \
     (1u << ACTIVITY_ENQUIRY) | (1u << ACTIVITY_EVENT_ATTENDANCE))
/* "email_reply,meeting" and back (names or labels, separated by commas;
 * ERR_INVALID on "signal_kinds" for an unknown kind; *out written only
 * on success). */
void signal_kinds_format(unsigned kinds, struct buf *out);
int signal_kinds_parse(const char *s, unsigned *out, struct err *err);

/* An entry of a timeline. Strings are owned, never NULL after
 * activity_init; names are filled by loads, not stored. */
struct activity {
    int64_t id;
    int64_t organisation_id;
    int64_t contact_id; /* 0: none */
    enum activity_kind kind;
    char date[11]; /* YYYY-MM-DD */
    char *text;
    bool signal;             /* an interest signal under the settings (loads) */
    int64_t author_id;       /* 0: the command line or an import */
    char *author;            /* the author's name or e-mail */
    int64_t registration_id; /* written by an event registration, or 0 */
    char *organisation_name;
    char *contact_name;
    char *created_at;
};
void activity_init(struct activity *a);
void activity_release(struct activity *a);
/* organisation_id set, a real date not after today, text up to 10,000
 * characters (trimmed in place). ERR_INVALID on "organisation_id",
 * "date" or "text". */
int activity_validate(struct activity *a, int32_t today, struct err *err);

/* ---- settings ---- */
#define WARM_DAYS_DEFAULT 90
#define WARM_DAYS_MAX 730
struct funnel_settings {
    int warm_days;         /* 1..WARM_DAYS_MAX */
    unsigned signal_kinds; /* at least one kind */
    char timezone[64];     /* IANA name of event times: "Europe/Berlin" */
};
void funnel_settings_default(struct funnel_settings *s);
/* ERR_INVALID on "warm_days", "signal_kinds" or "timezone" (letters,
 * digits, '/', '_', '-', '+'; not empty). */
int funnel_settings_validate(const struct funnel_settings *s, struct err *err);

/* ---- stages ---- */
enum lead_stage {
    LEAD_COLD,
    LEAD_WARM,
    LEAD_MEMBER,
    LEAD_DO_NOT_CONTACT,
    LEAD__STAGE_COUNT
};
/* "cold", "warm", "member", "do_not_contact"; labels "Cold", ... */
const char *lead_stage_name(enum lead_stage s);
const char *lead_stage_label(enum lead_stage s);
int lead_stage_parse(const char *s, enum lead_stage *out); /* -1 unknown */

#define DAY_NEVER INT32_MAX

/* Days from..until, both included; until DAY_NEVER for open-ended. */
struct day_span {
    int32_t from;
    int32_t until;
};

/*
 * Merges signal days (ascending, duplicates allowed) into warm periods
 * [s, s + warm_days], joining those that overlap or touch (a period
 * starting the day after another ends). out has room for n; returns how
 * many periods were written, ascending.
 */
size_t warm_periods_merge(const int32_t *signals, size_t n, int warm_days,
                          struct day_span *out);

/* What the funnel knows of one organisation. */
struct lead_facts {
    int64_t organisation_id;
    int32_t since;                  /* in the base from */
    int32_t left;                   /* archived from, or DAY_NEVER */
    int32_t dnc_from;               /* do not contact from, or DAY_NEVER */
    const struct day_span *members; /* memberships: joined .. ended - 1 */
    size_t nmembers;
    const struct day_span *warm; /* warm periods, ascending */
    size_t nwarm;
};

/* The stage on day; *warm_until (when not NULL) gets the last warm day
 * of the period covering day when warm, else 0. Days before since are
 * judged the same way (callers check in_base). */
enum lead_stage lead_stage_on(const struct lead_facts *f, int32_t day,
                              int32_t *warm_until);
bool lead_in_base(const struct lead_facts *f, int32_t day);

/* ---- the funnel over months ---- */
struct funnel_month {
    int year, month;
    /* At the month's last day (or today for the running month): */
    int64_t stage[LEAD__STAGE_COUNT]; /* leads in the base per stage */
    int64_t base;                     /* cold + warm: the base outreach works */
    int64_t cold_growth;              /* cold minus the previous month's cold */
    /* During the month: */
    int64_t new_leads;        /* entered the base */
    int64_t warmed;           /* turned warm from cold */
    int64_t conversions;      /* joined */
    int64_t conversions_warm; /* of which were warm the day before */
    int64_t cooled;           /* returned to cold: a warm period ran out */
    int64_t outreach[CHANNEL__COUNT]; /* filled by the store */
};

/*
 * Fills out[0..nmonths) for the months ending with (year, month), oldest
 * first, from the facts of every organisation. The running month (the
 * one containing today) is judged at today; later months are not asked
 * for. cold_growth of the first month compares with the month before
 * it. outreach is left zero.
 */
void funnel_compute(const struct lead_facts *leads, size_t n, int year,
                    int month, int nmonths, int32_t today,
                    struct funnel_month *out);

#endif
