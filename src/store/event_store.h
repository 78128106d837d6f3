/*
 * The store of events, registrations and working groups. Conventions as
 * in store/store.h. Registration rules (capacity, waitlist, fees) are
 * core/event.h's; this file applies them inside one transaction, so two
 * people taking the last place at once cannot both get it.
 *
 * A registration writes an event_registration activity on its
 * organisation's timeline, attendance an event_attendance activity (an
 * interest signal by default: a lead that attends turns warm); undoing
 * an attendance removes it again. Activities come from
 * activity_store_create (store/funnel_store.h), in the same transaction.
 */
#ifndef CD_EVENT_STORE_H
#define CD_EVENT_STORE_H

#include "core/event.h"
#include "store/store.h"

/* ---- events ---- */
enum event_when {
    EVENTS_UPCOMING, /* ending today or later, soonest first */
    EVENTS_PAST,     /* ended before today, latest first */
    EVENTS_ALL       /* latest first */
};
struct event_filter {
    enum event_when when;
    const char *today;        /* "YYYY-MM-DD" */
    int kind;                 /* enum event_kind, or -1 */
    int64_t working_group_id; /* 0 for all */
    const char *q;            /* title search; NULL for all */
    bool public_only;         /* public and not cancelled (the public feed) */
    int64_t offset;
    int64_t limit; /* -1 for all */
};
struct event_list {
    struct event *items;
    size_t n;
    size_t alloc;
    int64_t total;
};
void event_list_release(struct event_list *l);
/* Events with their counts (registered, waitlisted, attended). */
int event_store_list(struct store *st, int64_t cluster_id,
                     const struct event_filter *f, struct event_list *out,
                     struct err *err);
enum store_rc event_store_get(struct store *st, int64_t cluster_id, int64_t id,
                              struct event *out, struct err *err);
/* Validates (event_validate); the working group must be the cluster's
 * (ERR_INVALID on "working_group_id"). Sets e->id. */
int event_store_create(struct store *st, const struct scope *sc,
                       struct event *e, struct err *err);
/* A larger capacity moves the waitlist up into the new places; a
 * smaller one than the places taken is ERR_INVALID on "capacity". */
enum store_rc event_store_update(struct store *st, const struct scope *sc,
                                 struct event *e, struct err *err);

/* ---- registrations ---- */
struct registration_list {
    struct registration *items;
    size_t n;
    size_t alloc;
};
void registration_list_release(struct registration_list *l);
/* An event's registrations: holding places and cancelled ones by name,
 * the waitlist in its order (by registered_at, id). */
int registration_store_list(struct store *st, int64_t cluster_id,
                            int64_t event_id, struct registration_list *out,
                            struct err *err);
/* An organisation's registrations, newest event first. */
int registration_store_list_org(struct store *st, int64_t cluster_id,
                                int64_t organisation_id,
                                struct registration_list *out, struct err *err);
enum store_rc registration_store_get(struct store *st, int64_t cluster_id,
                                     int64_t id, struct registration *out,
                                     struct err *err);
/*
 * Registers g->organisation_id (and g->contact_id, whose name and e-mail
 * fill g when g->name is "") for g->event_id: registered or waitlisted
 * by capacity, the fee by membership on the event's day. ERR_INVALID on
 * "event_id" (not the cluster's, cancelled), "organisation_id",
 * "contact_id"; ERR_CONFLICT on "email" when the person is already
 * registered. Sets id, status, member, fee, token. Writes the
 * event_registration activity dated today.
 */
int registration_store_create(struct store *st, const struct scope *sc,
                              struct registration *g, int32_t today,
                              struct err *err);
/*
 * The public page's registration for a public event of the cluster
 * (STORE_NONE when it is not one): finds the organisation by folded name
 * (else creates it, kind "other", lead source "event registration") and
 * the contact by e-mail within it (else creates it, with e-mail consent
 * when p->consent), then registers as above. *out gets the
 * registration.
 */
enum store_rc registration_store_public(struct store *st,
                                        const struct scope *sc,
                                        int64_t event_id,
                                        const struct public_registration *p,
                                        int32_t today, struct registration *out,
                                        struct err *err);
/*
 * Changes the status (registration_may_change). Cancelling a registration
 * holding a place moves the first of the waitlist up; attended writes
 * the event_attendance activity dated the event's first day, leaving
 * attended removes it. ERR_CONFLICT on "status" when not allowed.
 */
enum store_rc registration_store_set_status(struct store *st,
                                            const struct scope *sc, int64_t id,
                                            enum registration_status to,
                                            int32_t today, struct err *err);
/* Marks the fee paid on paid_on ("" marks it unpaid). */
enum store_rc registration_store_set_paid(struct store *st,
                                          const struct scope *sc, int64_t id,
                                          const char *paid_on, struct err *err);
/*
 * Moves the waitlist of event_id up, earliest first (registered_at, id),
 * into the places left free under its capacity (all of it when there is
 * no limit; nobody for a cancelled event), each move audited. Joins the
 * caller's transaction; event writes and cancellations call it. *moved
 * (when not NULL) gets how many moved up.
 */
int registration_store_fill_places(struct store *st, const struct scope *sc,
                                   int64_t event_id, int64_t *moved,
                                   struct err *err);
/* The entry fees and satisfaction of an event. "Due" is the fee of every
 * registration holding a place, paid or not; "paid" the part marked
 * paid. ERR_NOT_FOUND when the event is not the cluster's. */
int event_store_fees(struct store *st, int64_t cluster_id, int64_t event_id,
                     struct event_fees *out, struct err *err);
int event_store_satisfaction(struct store *st, int64_t cluster_id,
                             int64_t event_id, struct satisfaction *out,
                             struct err *err);

/* ---- satisfaction links (public, by token) ---- */
/* The registration of a token with its event's title and cluster id. */
enum store_rc feedback_store_find(struct store *st, const char *token,
                                  struct registration *out, int64_t *cluster_id,
                                  struct err *err);
/* Records (or replaces) the rating; only for attended registrations of
 * events that have started (ERR_CONFLICT otherwise). */
enum store_rc feedback_store_put(struct store *st, const char *token,
                                 int rating, const char *comment,
                                 struct err *err);

/* As feedback_store_put, and also ERR_CONFLICT while the event's first
 * day is after today (the server's today, which may be set for tests). */
enum store_rc feedback_store_put_on(struct store *st, const char *token,
                                    int rating, const char *comment,
                                    int32_t today, struct err *err);

/* ---- working groups ---- */
struct working_group_list {
    struct working_group *items;
    size_t n;
    size_t alloc;
};
void working_group_list_release(struct working_group_list *l);
/* By name; archived ones only when archived is true. */
int working_group_store_list(struct store *st, int64_t cluster_id,
                             bool archived, struct working_group_list *out,
                             struct err *err);
enum store_rc working_group_store_get(struct store *st, int64_t cluster_id,
                                      int64_t id, struct working_group *out,
                                      struct err *err);
/* ERR_CONFLICT on "name" for a taken (folded) name; the coordinator must
 * be a contact of the cluster (ERR_INVALID on "coordinator_contact_id"). */
int working_group_store_create(struct store *st, const struct scope *sc,
                               struct working_group *w, struct err *err);
enum store_rc working_group_store_update(struct store *st,
                                         const struct scope *sc,
                                         struct working_group *w,
                                         struct err *err);

/* An organisation (and optionally one of its contacts) in a group, with
 * its participation: meetings of the group attended since joining. */
struct group_member {
    int64_t id;
    int64_t working_group_id;
    int64_t organisation_id;
    int64_t contact_id; /* 0: the organisation as such */
    char *organisation_name;
    char *contact_name;
    char *group_name;
    char joined_on[11];
    int64_t meetings;          /* held since joining, up to today */
    int64_t meetings_attended; /* of those, attended by the organisation */
};
struct group_member_list {
    struct group_member *items;
    size_t n;
    size_t alloc;
};
void group_member_list_release(struct group_member_list *l);
int group_member_store_list(struct store *st, int64_t cluster_id,
                            int64_t working_group_id, int32_t today,
                            struct group_member_list *out, struct err *err);
/* The groups an organisation is in, with its participation. */
int group_member_store_list_org(struct store *st, int64_t cluster_id,
                                int64_t organisation_id, int32_t today,
                                struct group_member_list *out, struct err *err);
/* Adds; ERR_INVALID on "organisation_id" / "contact_id" (not the
 * cluster's, or a contact of another organisation), ERR_CONFLICT when
 * already in the group. joined_on "" means today. */
int group_member_store_add(struct store *st, const struct scope *sc,
                           struct group_member *m, int32_t today,
                           struct err *err);
enum store_rc group_member_store_remove(struct store *st,
                                        const struct scope *sc,
                                        int64_t working_group_id,
                                        int64_t member_id, struct err *err);

#endif
