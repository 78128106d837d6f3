/*
 * Events, their registrations and working groups (DOMAIN.md section 4):
 * the records, what makes them valid, and the rules of capacity, the
 * waitlist, entry fees and satisfaction. Pure. Strings are owned, never
 * NULL after *_init, freed by *_release; times are local times of the
 * cluster, "YYYY-MM-DDTHH:MM".
 */
#ifndef CD_EVENT_H
#define CD_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

enum event_kind {
    EVENT_SEMINAR,     /* seminar or training */
    EVENT_MATCHMAKING, /* B2B matchmaking */
    EVENT_TRADE_FAIR,  /* trade-fair mission */
    EVENT_COMPANY_VISIT,
    EVENT_VIP,
    EVENT_WORKING_GROUP, /* a working group's meeting */
    EVENT_GENERAL_ASSEMBLY,
    EVENT_CLUSTER_DAY,
    EVENT__KIND_COUNT
};
/* "seminar", "matchmaking", "trade_fair", "company_visit", "vip",
 * "working_group", "general_assembly", "cluster_day"; labels
 * "Seminar / training", "B2B matchmaking", ... */
const char *event_kind_name(enum event_kind k);
const char *event_kind_label(enum event_kind k);
int event_kind_parse(const char *s, enum event_kind *out); /* -1 unknown */

struct event {
    int64_t id;
    char *title;
    enum event_kind kind;
    char starts_at[17]; /* YYYY-MM-DDTHH:MM */
    char ends_at[17];
    char *place;
    char *online_url;
    int64_t capacity;   /* places; 0 for no limit */
    int64_t member_fee; /* minor units */
    int64_t nonmember_fee;
    char *description;
    int64_t working_group_id; /* 0: none */
    bool public;              /* open to registration on the public page */
    bool cancelled;
    /* Filled by loads: */
    char *working_group_name;
    int64_t registered; /* registered + attended + no_show */
    int64_t waitlisted;
    int64_t attended;
    char *created_at;
    char *updated_at;
};
void event_init(struct event *e);
void event_release(struct event *e);
/* Title 1..200, times real and end not before start ("ends_at"), place
 * up to 300, online_url "" or http(s) up to 500, capacity 0..100,000,
 * fees 0..MONEY_MAX, description up to 10,000; a working-group meeting
 * is of kind working_group. Trims in place. ERR_INVALID on the field. */
int event_validate(struct event *e, struct err *err);
size_t event_validate_all(struct event *e, struct err *errs, size_t max);
/* Parses "YYYY-MM-DDTHH:MM" (also with a space, or with ":SS" which is
 * dropped) into out[17]; -1 when not a real time. */
int event_time_parse(const char *s, char out[17]);
/* The day number of a time's date. */
int32_t event_time_day(const char *t);

enum registration_status {
    REG_REGISTERED,
    REG_WAITLISTED,
    REG_ATTENDED,
    REG_NO_SHOW,
    REG_CANCELLED,
    REG__STATUS_COUNT
};
/* "registered", "waitlisted", "attended", "no_show", "cancelled"; labels
 * "Registered", "On the waitlist", "Attended", "No-show", "Cancelled". */
const char *registration_status_name(enum registration_status s);
const char *registration_status_label(enum registration_status s);
int registration_status_parse(const char *s, enum registration_status *out);

/* Whether a registration in status s holds a place (registered, attended,
 * no-show) and owes its fee. */
bool registration_holds_place(enum registration_status s);
/* The status of a new registration: registered while places are left
 * (taken < capacity, or no limit), else waitlisted. */
enum registration_status registration_new_status(int64_t capacity,
                                                 int64_t taken);
/* Whether the status may change from -> to by staff: registered <->
 * attended / no_show, any but cancelled -> cancelled, waitlisted ->
 * registered only while a place is free (checked by the store). */
bool registration_may_change(enum registration_status from,
                             enum registration_status to);
/* The entry fee: the member fee for members, else the non-member fee. */
int64_t registration_fee(const struct event *e, bool member);

struct registration {
    int64_t id;
    int64_t event_id;
    int64_t organisation_id;
    int64_t contact_id; /* 0: none */
    char *name;         /* the person */
    char *email;
    enum registration_status status;
    bool member;
    int64_t fee;
    char paid_on[11];   /* "" while unpaid */
    bool public_source; /* came through the public page */
    char *token;        /* the satisfaction link's secret */
    int rating;         /* 1..5, 0 while not rated */
    char *comment;
    char *rated_at;
    char *registered_at;
    /* Filled by loads: */
    char *organisation_name;
    char *event_title;
    char *created_at;
};
void registration_init(struct registration *g);
void registration_release(struct registration *g);
/* name 1..200, email "" or valid (required when public), organisation_id
 * set. ERR_INVALID on the field. */
int registration_validate(struct registration *g, struct err *err);

/* What someone types on the public registration page. */
struct public_registration {
    char *name;
    char *email;
    char *organisation; /* its name: found by name, else created */
    char *position;
    bool consent; /* may be e-mailed about the cluster's news */
};
void public_registration_init(struct public_registration *p);
void public_registration_release(struct public_registration *p);
/* name 1..200, a valid email, organisation 1..200, position up to 200;
 * all errors at once into errs[0..max), returns how many. */
size_t public_registration_validate(struct public_registration *p,
                                    struct err *errs, size_t max);

/* Satisfaction: rating 1..5 and a comment up to 2,000 characters. */
int feedback_validate(int rating, const char *comment, struct err *err);
struct satisfaction {
    int64_t responses;
    int64_t by_rating[6]; /* [1..5] */
    double mean;          /* 0 without responses */
    int share_4_5;        /* per mille of responses rating 4 or 5 */
};
void satisfaction_add(struct satisfaction *s, int rating);
void satisfaction_finish(struct satisfaction *s);

/* Entry fees of an event, in minor units. */
struct event_fees {
    int64_t member_due, member_paid;
    int64_t nonmember_due, nonmember_paid;
    int64_t member_count, nonmember_count; /* registrations holding places */
};

/* ---- working groups ---- */
struct working_group {
    int64_t id;
    char *name;
    char *topic;
    int64_t coordinator_contact_id; /* 0: none */
    char *description;
    bool archived;
    /* Filled by loads: */
    char *coordinator_name;
    int64_t members;  /* organisations */
    int64_t meetings; /* events of the group, not cancelled */
    char *created_at;
    char *updated_at;
};
void working_group_init(struct working_group *w);
void working_group_release(struct working_group *w);
/* name 1..200, topic up to 200, description up to 5,000. */
int working_group_validate(struct working_group *w, struct err *err);

#endif
