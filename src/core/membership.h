/*
 * Tiers, memberships, associates' services in kind and applications: the
 * records of DOMAIN.md section 1 and what makes them valid. Pure. String
 * fields are owned, never NULL after *_init, freed by *_release (as in
 * core/org.h); dates are "YYYY-MM-DD" text, "" for none.
 */
#ifndef CD_MEMBERSHIP_H
#define CD_MEMBERSHIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "core/fees.h"
#include "core/org.h"

/* A tier of the price list. kinds is a bit set of (1u << enum org_kind):
 * the kinds the tier is meant for (0: any). */
struct tier {
    int64_t id;
    char *name;
    int64_t annual_fee; /* minor units; 0 for associates */
    unsigned kinds;
    bool associate;    /* free of charge, for services in kind */
    bool active;       /* offered to new members and on the price list */
    char *description; /* what this membership gives */
    int64_t members;   /* memberships running today (filled by lists) */
};
void tier_init(struct tier *t);
void tier_release(struct tier *t);
/* Name 1..100 characters, fee 0..MONEY_MAX, an associate tier costs 0,
 * description up to 2,000 characters. Trims in place. */
int tier_validate(struct tier *t, struct err *err);
/* All errors, one per field, into errs[0..max); returns how many. */
size_t tier_validate_all(struct tier *t, struct err *errs, size_t max);
/* "large,sme" from the bit set, and back (names or labels, any case,
 * separated by commas or semicolons; "" is 0). ERR_INVALID on "kinds"
 * naming an unknown kind; *out is written only on success. */
void tier_kinds_format(unsigned kinds, struct buf *out);
int tier_kinds_parse(const char *s, unsigned *out, struct err *err);

enum membership_source {
    MEMBERSHIP_STAFF,       /* entered by the team */
    MEMBERSHIP_APPLICATION, /* the public application form */
    MEMBERSHIP__SOURCE_COUNT
};

/* An organisation's membership: from application to its end. A new
 * membership after an end is a new record, so the history stays. */
struct membership {
    int64_t id;
    int64_t organisation_id;
    int64_t tier_id;
    char *applied_on;
    char *joined_on;   /* "" while an applicant */
    char *ended_on;    /* "" while running; the first day not a member */
    char *declined_on; /* "" unless the application was declined */
    char *end_reason;
    char *note;
    enum membership_source source;
    /* Read along from the organisation and the tier (lists, pages): */
    char *org_name;
    enum org_kind org_kind;
    char *tier_name;
    int64_t annual_fee;
    bool associate;
    char *created_at;
    char *updated_at;
};
void membership_init(struct membership *m);
void membership_release(struct membership *m);
/*
 * Trims the dates and texts and checks them: organisation_id and tier_id
 * set, dates "" or real and ordered (applied <= joined < ended, applied <=
 * declined), an end only after a start, no joining date beside a
 * declining one, reason up to 500 characters, note up to 2,000.
 * applied_on is required; when "" it takes joined_on (a member entered by
 * the team may only know when it joined). ERR_INVALID on the field.
 */
int membership_validate(struct membership *m, struct err *err);
/* Every fault in field order into errs[0..max); answers how many. */
size_t membership_validate_all(struct membership *m, struct err *errs,
                               size_t max);
/* The dated facts of m (unpaid_since left 0). */
void membership_facts(const struct membership *m, struct member_facts *f);

/* A tier change inside one membership, kept for its history. */
struct tier_change {
    int64_t tier_id;
    char *tier_name;
    int64_t annual_fee; /* the tier's fee when the change was made */
    char *valid_from;   /* "YYYY-MM-DD" */
};

/* What an associate gives instead of a fee. */
struct service_in_kind {
    int64_t id;
    int64_t membership_id;
    char *description; /* 1..500 characters */
    int64_t value;     /* estimated, minor units, >= 0 */
    char *given_on;    /* "YYYY-MM-DD" */
};
void service_in_kind_init(struct service_in_kind *s);
void service_in_kind_release(struct service_in_kind *s);
/* Description 1..500 characters, value 0..MONEY_MAX, given_on a date no
 * later than today ("" becomes today). ERR_INVALID on "description",
 * "value" or "given_on". */
int service_in_kind_validate(struct service_in_kind *s, const char *today,
                             struct err *err);

/*
 * The public application form: an organisation, its contact person (who
 * becomes the entry point) and the chosen tier, with consent to be
 * contacted (required).
 */
struct application {
    struct org org;
    struct contact contact;
    int64_t tier_id;
    bool consent;
};
void application_init(struct application *a);
void application_release(struct application *a);
/*
 * Validates organisation and contact as the registry does; consent and a
 * tier are required ("consent", "tier_id"), and so is the contact's
 * e-mail. Organisation faults keep their field names ("name", "country");
 * contact faults are prefixed "contact_" ("contact_name",
 * "contact_email"). Fills errs[0..max) in that order and answers how many
 * faults there are. The contact is made the entry point, and the consent
 * becomes its e-mail consent (dated today, source "application form").
 */
size_t application_validate_all(struct application *a, const char *today,
                                struct err *errs, size_t max);

#endif
