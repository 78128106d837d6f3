/*
 * Organisations and their contact people: the member registry's rules.
 * What a valid organisation or contact is, the kinds and their names,
 * and the key two records share when they are likely the same. Pure: no
 * SQL, no HTTP, no clock ("today" is passed in).
 *
 * String fields are owned by the struct, never NULL after *_init, and
 * freed by *_release. Validation trims and normalises in place.
 */
#ifndef CD_ORG_H
#define CD_ORG_H

#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"

enum org_kind {
    ORG_KIND_LARGE,
    ORG_KIND_SME,
    ORG_KIND_MICRO,
    ORG_KIND_STARTUP,
    ORG_KIND_UNIVERSITY,
    ORG_KIND_RESEARCH,
    ORG_KIND_PUBLIC,
    ORG_KIND_ASSOCIATION,
    ORG_KIND_OTHER,
    ORG_KIND__COUNT
};

/* "large", "sme", ...: the API and storage name. */
const char *org_kind_name(enum org_kind kind);
/* "Large enterprise", "SME", ...: the label people read. */
const char *org_kind_label(enum org_kind kind);
/* Accepts the name or the label, any case. Returns 0 or -1. */
int org_kind_parse(const char *s, enum org_kind *out);
/* SMEs in the EU sense: SME, micro enterprise and start-up. */
bool org_kind_is_sme(enum org_kind kind);

#define ORG_MAX_TAGS 30
#define ORG_EMPLOYEES_UNKNOWN (-1)

struct org {
    int64_t id; /* 0 until stored */
    char *name;
    enum org_kind kind;
    int64_t employees; /* ORG_EMPLOYEES_UNKNOWN when not given */
    char *nace;        /* NACE Rev. 2 code: "C", "26", "26.1" or "26.11" */
    char *country;     /* ISO 3166-1 alpha-2, upper case */
    char *region;
    char *city;
    char *website;
    char *registration_no;
    char **tags; /* normalised, unique by folded form */
    size_t ntags;
    size_t tags_alloc;
    char *notes;
    char *archived_at; /* "" when active */
    char *created_at;
    char *updated_at;
};

void org_init(struct org *o);
void org_release(struct org *o);
/* Replaces *field by a copy of s[0..len). */
void org_set(char **field, const char *s, size_t len);
void org_set_str(char **field, const char *s);

/*
 * Splits "a, b; c" into tags (comma or semicolon), trims each, drops
 * empties and folded duplicates, and appends them to o->tags. Fails with
 * ERR_INVALID on field "tags" when a tag is longer than 50 characters or
 * there would be more than ORG_MAX_TAGS.
 */
int org_add_tags(struct org *o, const char *list, struct err *err);
/* Appends the tags joined by ", ". */
void org_tags_join(const struct org *o, struct buf *out);

/*
 * Trims every field, normalises (country upper case, website given a
 * scheme) and checks it. On the first fault fills err with ERR_INVALID,
 * the field's API name and a sentence, and returns -1.
 */
int org_validate(struct org *o, struct err *err);
/* Like org_validate, but checks every field: fills errs[0..max) with the
 * faults in field order and answers how many there are (0: valid). */
size_t org_validate_all(struct org *o, struct err *errs, size_t max);

/* Appends the key under which two names count as the same organisation. */
void org_name_key(struct buf *out, const char *name);

/*
 * Merges an imported record into a stored one: every non-empty text field
 * of from replaces into's, known employees replace, the kind replaces
 * only when kind_given, and from's tags are added to into's (a tag list
 * over ORG_MAX_TAGS keeps the first ones).
 */
void org_merge(struct org *into, const struct org *from, bool kind_given);
/* Validates a NACE Rev. 2 code in any of its four levels. */
bool org_nace_valid(const char *code);

struct contact {
    int64_t id;
    int64_t organisation_id;
    char *organisation_name; /* filled by listings; not validated */
    char *name;
    char *email;
    char *phone;
    char *position;
    bool entry_point;
    bool email_consent;
    char *consent_date;   /* YYYY-MM-DD, "" without consent */
    char *consent_source; /* where consent was given: "form", "event", ... */
    char *archived_at;
    char *created_at;
    char *updated_at;
};

void contact_init(struct contact *c);
void contact_release(struct contact *c);

/*
 * Trims and checks a contact. With consent and no date, the date becomes
 * today; a consent date after today is refused. Fills err as
 * org_validate does.
 */
int contact_validate(struct contact *c, const char *today, struct err *err);
/* Every fault of the contact, as org_validate_all. */
size_t contact_validate_all(struct contact *c, const char *today,
                            struct err *errs, size_t max);

/* Merges an imported contact into a stored one as org_merge does; the
 * entry-point flag and a consent are taken when from sets them. */
void contact_merge(struct contact *into, const struct contact *from);

#endif
