/*
 * The recruitment funnel, events, registrations and working groups to
 * and from JSON: the one place that knows the API's member names for
 * them. Writers go through io/jsonw.h; parsers read jansson values and
 * check shapes and types only, leaving the rules (lengths, date order,
 * capacity) to core/lead.h, core/event.h and the stores. Nothing here
 * touches the store or HTTP.
 *
 * As in io/membership_json.h: money is an integer count of minor units
 * beside a "currency" member, dates are "YYYY-MM-DD" strings (null when
 * there is none), event times "YYYY-MM-DDTHH:MM" in the cluster's time.
 * Every parser refuses an unknown member with ERR_INVALID naming it in
 * err->field, accepts and ignores the read-only members its writer puts
 * out, and on failure changes nothing. Strings the parsers hand out are
 * borrowed from the JSON value and live as long as it does.
 */
#ifndef CD_FUNNEL_JSON_H
#define CD_FUNNEL_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "base/err.h"
#include "core/event.h"
#include "core/lead.h"
#include "io/jsonw.h"
#include "store/event_store.h"
#include "store/funnel_store.h"

/* ---- writers ---- */

/*
 * {id, organisation_id, organisation_name, contact_id, contact_name,
 * kind, date, text, signal, author_id, author, registration_id,
 * created_at}. Ids of none (contact, author, registration) are null.
 */
void activity_write_json(struct jsonw *w, const struct activity *a);

/*
 * {organisation_id, name, kind, city, stage, warm_until (null unless
 * warm), source, owner_id, owner_name, since, do_not_contact (bool),
 * do_not_contact_on, do_not_contact_reason, last_signal, last_activity}.
 */
void lead_write_json(struct jsonw *w, const struct lead *l);

/*
 * {date, stages: {cold, warm, member, do_not_contact}, base (cold +
 * warm), joined_this_month, warm: [{organisation_id, name, warm_until,
 * days_left, owner_name}], cooling: [the same], joined:
 * [{organisation_id, name, joined_on, owner_name}]}.
 */
void funnel_board_write_json(struct jsonw *w, const struct funnel_board *b);

/*
 * {month: "2027-04" (the last), months: n, items: [{month, stages:
 * {cold, warm, member, do_not_contact}, base, cold_growth, new_leads,
 * warmed, conversions, conversions_warm, cooled, outreach: {email, call,
 * meeting, event, social, total}}]}, oldest first.
 */
void funnel_months_write_json(struct jsonw *w, const struct funnel_month *m,
                              size_t n);

/* The API names of the outreach channels: "email", "call", "meeting",
 * "event", "social"; "none" for CHANNEL_NONE. */
const char *channel_api_name(enum channel c);

/*
 * {id, title, kind, starts_at, ends_at, place, online_url, capacity (0:
 * no limit), places_left (null without a limit), member_fee,
 * nonmember_fee, currency, description, working_group_id,
 * working_group_name, public, cancelled, registered, waitlisted,
 * attended, created_at, updated_at}, and when fees is not NULL "fees":
 * {member_due, member_paid, nonmember_due, nonmember_paid, due, paid,
 * member_count, nonmember_count}, when sat is not NULL "satisfaction":
 * {responses, mean (2 decimals, null without responses), share_4_5 (a
 * fraction of 3 decimals, null without responses), by_rating: {"1": n,
 * ... "5": n}}.
 */
void event_write_json(struct jsonw *w, const struct event *e,
                      const char *currency, const struct event_fees *fees,
                      const struct satisfaction *sat);

/*
 * {id, event_id, event_title, organisation_id, organisation_name,
 * contact_id, name, email, status, member, fee, currency, paid_on,
 * source ("staff" or "public"), rating, comment, rated_at,
 * registered_at, created_at}. The satisfaction link's token is never
 * written.
 */
void registration_write_json(struct jsonw *w, const struct registration *g,
                             const char *currency);

/* {id, name, topic, coordinator_contact_id, coordinator_name,
 * description, archived, members, meetings, created_at, updated_at}. */
void working_group_write_json(struct jsonw *w, const struct working_group *g);

/* {id, working_group_id, group_name, organisation_id, organisation_name,
 * contact_id, contact_name, joined_on, meetings, meetings_attended}. */
void group_member_write_json(struct jsonw *w, const struct group_member *m);

/* ---- parsers ---- */

/*
 * An activity: organisation_id (an integer > 0), contact_id (one, or
 * null for none), kind (a name activity_kind_name gives, or its label),
 * date (a date or null; left as it was when not sent, so a create sets
 * its default first or checks for ""), text (string or null). With
 * require_all (a create) organisation_id and kind are required; without
 * (a change) organisation_id, when sent, must be the activity's own.
 * Does not call activity_validate.
 */
int activity_from_json(const json_t *j, struct activity *a, bool require_all,
                       struct err *err);

/*
 * The changes of a lead (struct lead_update, initialised by the caller
 * with lead_update_init): source (string or null), owner_id (an integer
 * > 0, or null to clear), since (a date), do_not_contact (boolean),
 * do_not_contact_on (a date, or null for today), do_not_contact_reason
 * (string or null). Members not sent stay "unchanged". The read-only
 * members of lead_write_json are ignored, except that organisation_id,
 * when sent, must be u->organisation_id.
 */
int lead_update_from_json(const json_t *j, struct lead_update *u,
                          struct err *err);

/*
 * An event: title, kind (a name or label of event_kind), starts_at and
 * ends_at ("YYYY-MM-DDTHH:MM", also with a space or seconds), place,
 * online_url, description (strings or null), capacity, member_fee,
 * nonmember_fee (integers >= 0; capacity 0 is no limit),
 * working_group_id (an integer > 0 or null), public, cancelled
 * (booleans). With require_all title, kind and starts_at are required,
 * and ends_at left out is starts_at. Does not call event_validate.
 */
int event_from_json(const json_t *j, struct event *e, bool require_all,
                    struct err *err);

/*
 * A new registration: event_id and organisation_id (required), contact_id
 * (or null), name and email (strings or null; left "" for the store to
 * fill from the contact). Does not call registration_validate.
 */
int registration_from_json(const json_t *j, struct registration *g,
                           struct err *err);

/*
 * The change of a registration: status (a name of registration_status;
 * *status -1 when not sent) and paid_on (a date, or null / "" for
 * unpaid; *paid_on NULL when not sent). At least one is required.
 */
int registration_change_from_json(const json_t *j, int *status,
                                  const char **paid_on, struct err *err);

/*
 * A working group: name (required with require_all), topic, description
 * (strings or null), coordinator_contact_id (an integer > 0 or null),
 * archived (boolean). Does not call working_group_validate.
 */
int working_group_from_json(const json_t *j, struct working_group *g,
                            bool require_all, struct err *err);

/*
 * A group member: organisation_id (required), contact_id (or null),
 * joined_on (a date or null; "" means today to the store).
 */
int group_member_from_json(const json_t *j, struct group_member *m,
                           struct err *err);

#endif
