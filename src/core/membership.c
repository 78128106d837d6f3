/*
 * Tiers, memberships, services in kind and applications: what makes each
 * valid. Pure: no SQL, no clock ("today" is passed in). Strings are owned
 * the way core/org.c owns them: set and freed only through org_set_str,
 * which knows its shared empty string, so nothing here frees a field
 * directly.
 */
#include "core/membership.h"

#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mem.h"
#include "base/text.h"
#include "core/money.h"

/* Makes every field "" (from NULL) or frees it back to "" (when set). */
static void
fields_reset(char **const fields[], size_t n)
{
    for (size_t i = 0; i < n; i++)
        org_set_str(fields[i], NULL);
}

/* Trims a field in place. A non-empty field is always heap memory of our
 * own, and an empty one needs no trimming. */
static void
trim(char **field)
{
    size_t len, old = strlen(*field);
    const char *t = text_trim(*field, old, &len);
    if (t == *field && len == old)
        return;
    memmove(*field, t, len);
    (*field)[len] = '\0';
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

/* The day number of a "YYYY-MM-DD" field, 0 when empty, -1 when wrong. */
static int
parse_day(const char *s, int32_t *out)
{
    struct date d;
    if (!*s) {
        *out = 0;
        return 0;
    }
    if (date_parse(s, (int)strlen(s), &d))
        return -1;
    *out = date_to_days(d);
    return 0;
}

/* Keeps the first max faults and counts them all. */
static void
collect(struct err *errs, size_t max, size_t *n, const struct err *e)
{
    if (*n < max)
        errs[*n] = *e;
    (*n)++;
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

/* ---- tiers ---- */

void
tier_init(struct tier *t)
{
    memset(t, 0, sizeof(*t));
    t->active = true;
    char **const fields[] = { &t->name, &t->description };
    fields_reset(fields, ARRAY_SIZE(fields));
}

void
tier_release(struct tier *t)
{
    char **const fields[] = { &t->name, &t->description };
    fields_reset(fields, ARRAY_SIZE(fields));
    memset(t, 0, sizeof(*t));
}

size_t
tier_validate_all(struct tier *t, struct err *errs, size_t max)
{
    size_t n = 0;
    struct err e = ERR_INIT;
    trim(&t->name);
    trim(&t->description);
    if (check_text(t->name, "name", "The name", 100, true, &e))
        collect(errs, max, &n, &e);
    err_clear(&e);
    if (t->annual_fee < 0)
        err_set(&e, ERR_INVALID, "annual_fee",
                "The annual fee must be an amount of zero or more.");
    else if (t->annual_fee > MONEY_MAX)
        err_set(&e, ERR_INVALID, "annual_fee", "The annual fee is too large.");
    else if (t->associate && t->annual_fee != 0)
        err_set(&e, ERR_INVALID, "annual_fee",
                "An associate tier is free of charge: its fee must be 0.");
    if (e.code)
        collect(errs, max, &n, &e);
    err_clear(&e);
    if (t->kinds >> ORG_KIND__COUNT) {
        err_set(&e, ERR_INVALID, "kinds", "Unknown kind of organisation.");
        collect(errs, max, &n, &e);
    }
    err_clear(&e);
    if (check_text(t->description, "description", "The description", 2000,
                   false, &e))
        collect(errs, max, &n, &e);
    return n;
}

int
tier_validate(struct tier *t, struct err *err)
{
    struct err first = ERR_INIT;
    return first_fault(tier_validate_all(t, &first, 1), &first, err);
}

void
tier_kinds_format(unsigned kinds, struct buf *out)
{
    bool sep = false;
    for (int k = 0; k < ORG_KIND__COUNT; k++) {
        if (!(kinds & (1u << k)))
            continue;
        if (sep)
            buf_addc(out, ',');
        buf_adds(out, org_kind_name((enum org_kind)k));
        sep = true;
    }
}

int
tier_kinds_parse(const char *s, unsigned *out, struct err *err)
{
    unsigned kinds = 0;
    const char *p = s ? s : "";
    while (*p) {
        size_t span = strcspn(p, ",;");
        size_t len;
        const char *t = text_trim(p, span, &len);
        p += span + (p[span] ? 1 : 0);
        if (!len)
            continue;
        char word[64];
        enum org_kind k;
        if (len >= sizeof(word))
            return err_set(err, ERR_INVALID, "kinds",
                           "Unknown kind of organisation.");
        memcpy(word, t, len);
        word[len] = '\0';
        if (org_kind_parse(word, &k))
            return err_set(err, ERR_INVALID, "kinds",
                           "Unknown kind of organisation: %s.", word);
        kinds |= 1u << k;
    }
    *out = kinds;
    return 0;
}

/* ---- memberships ---- */

#define MEMBERSHIP_FIELDS(m)                                                  \
    {                                                                         \
        &(m)->applied_on, &(m)->joined_on, &(m)->ended_on, &(m)->declined_on, \
            &(m)->end_reason, &(m)->note, &(m)->org_name, &(m)->tier_name,    \
            &(m)->created_at, &(m)->updated_at                                \
    }

void
membership_init(struct membership *m)
{
    memset(m, 0, sizeof(*m));
    m->org_kind = ORG_KIND_OTHER;
    m->source = MEMBERSHIP_STAFF;
    char **const fields[] = MEMBERSHIP_FIELDS(m);
    fields_reset(fields, ARRAY_SIZE(fields));
}

void
membership_release(struct membership *m)
{
    char **const fields[] = MEMBERSHIP_FIELDS(m);
    fields_reset(fields, ARRAY_SIZE(fields));
    memset(m, 0, sizeof(*m));
}

/* A date field: "" or a real "YYYY-MM-DD". */
static int
check_date(const char *value, const char *field, const char *label,
           int32_t *day, struct err *err)
{
    if (parse_day(value, day))
        return err_set(err, ERR_INVALID, field,
                       "%s must be a date like 2027-01-31.", label);
    return 0;
}

/* A fault found by one rule into errs; e is cleared for the next rule. */
static void
take(struct err *e, struct err *errs, size_t max, size_t *n)
{
    if (e->code)
        collect(errs, max, n, e);
    err_clear(e);
}

size_t
membership_validate_all(struct membership *m, struct err *errs, size_t max)
{
    size_t n = 0;
    struct err e = ERR_INIT;
    int32_t applied = 0, joined = 0, ended = 0, declined = 0;
    char **const trimmed[] = { &m->applied_on,  &m->joined_on,  &m->ended_on,
                               &m->declined_on, &m->end_reason, &m->note };
    for (size_t i = 0; i < ARRAY_SIZE(trimmed); i++)
        trim(trimmed[i]);
    /* A member entered by the team may only know when it joined. */
    if (!*m->applied_on && *m->joined_on)
        org_set_str(&m->applied_on, m->joined_on);

    if (m->organisation_id <= 0)
        err_set(&e, ERR_INVALID, "organisation_id", "Choose the organisation.");
    take(&e, errs, max, &n);
    if (m->tier_id <= 0)
        err_set(&e, ERR_INVALID, "tier_id", "Choose a membership tier.");
    take(&e, errs, max, &n);

    if (!*m->applied_on)
        err_set(&e, ERR_INVALID, "applied_on",
                "The application date is required.");
    bool ok_applied = !check_date(m->applied_on, "applied_on",
                                  "The application date", &applied, &e) &&
                      applied;
    take(&e, errs, max, &n);

    bool ok_joined = !check_date(m->joined_on, "joined_on", "The joining date",
                                 &joined, &e) &&
                     joined;
    if (ok_joined && ok_applied && joined < applied)
        err_set(&e, ERR_INVALID, "joined_on",
                "The joining date cannot be before the application date.");
    take(&e, errs, max, &n);

    if (!check_date(m->ended_on, "ended_on", "The end date", &ended, &e) &&
        ended) {
        if (!*m->joined_on)
            err_set(&e, ERR_INVALID, "ended_on",
                    "Only a membership that has started can end.");
        else if (ok_joined && ended <= joined)
            err_set(&e, ERR_INVALID, "ended_on",
                    "The end date must be after the joining date.");
    }
    take(&e, errs, max, &n);

    if (!check_date(m->declined_on, "declined_on", "The date of declining",
                    &declined, &e) &&
        declined) {
        if (*m->joined_on)
            err_set(&e, ERR_INVALID, "declined_on",
                    "An approved membership cannot be declined.");
        else if (ok_applied && declined < applied)
            err_set(&e, ERR_INVALID, "declined_on",
                    "The date of declining cannot be before the "
                    "application date.");
    }
    take(&e, errs, max, &n);

    check_text(m->end_reason, "end_reason", "The reason for leaving", 500,
               false, &e);
    take(&e, errs, max, &n);
    check_text(m->note, "note", "The note", 2000, false, &e);
    take(&e, errs, max, &n);
    if (m->source >= MEMBERSHIP__SOURCE_COUNT)
        err_set(&e, ERR_INVALID, "source", "Unknown source of the membership.");
    take(&e, errs, max, &n);
    return n;
}

int
membership_validate(struct membership *m, struct err *err)
{
    struct err first = ERR_INIT;
    return first_fault(membership_validate_all(m, &first, 1), &first, err);
}

void
membership_facts(const struct membership *m, struct member_facts *f)
{
    memset(f, 0, sizeof(*f));
    /* Stored dates were validated; a wrong one counts as none. */
    if (parse_day(m->applied_on, &f->applied))
        f->applied = 0;
    if (parse_day(m->joined_on, &f->joined))
        f->joined = 0;
    if (parse_day(m->ended_on, &f->ended))
        f->ended = 0;
    if (parse_day(m->declined_on, &f->declined))
        f->declined = 0;
}

/* ---- services in kind ---- */

void
service_in_kind_init(struct service_in_kind *s)
{
    memset(s, 0, sizeof(*s));
    char **const fields[] = { &s->description, &s->given_on };
    fields_reset(fields, ARRAY_SIZE(fields));
}

void
service_in_kind_release(struct service_in_kind *s)
{
    char **const fields[] = { &s->description, &s->given_on };
    fields_reset(fields, ARRAY_SIZE(fields));
    memset(s, 0, sizeof(*s));
}

int
service_in_kind_validate(struct service_in_kind *s, const char *today,
                         struct err *err)
{
    int32_t day;
    trim(&s->description);
    trim(&s->given_on);
    if (check_text(s->description, "description", "The description", 500, true,
                   err))
        return -1;
    if (s->value < 0 || s->value > MONEY_MAX)
        return err_set(err, ERR_INVALID, "value",
                       "The value must be an amount of zero or more.");
    if (!*s->given_on)
        org_set_str(&s->given_on, today);
    if (!*s->given_on || parse_day(s->given_on, &day))
        return err_set(err, ERR_INVALID, "given_on",
                       "The date must be a date like 2027-01-31.");
    if (strcmp(s->given_on, today) > 0)
        return err_set(err, ERR_INVALID, "given_on",
                       "The date cannot be in the future.");
    return 0;
}

/* ---- applications ---- */

void
application_init(struct application *a)
{
    memset(a, 0, sizeof(*a));
    org_init(&a->org);
    contact_init(&a->contact);
}

void
application_release(struct application *a)
{
    org_release(&a->org);
    contact_release(&a->contact);
    memset(a, 0, sizeof(*a));
}

/* "email" becomes "contact_email"; a name too long to prefix is kept. */
static void
prefix_field(struct err *e, const char *prefix)
{
    size_t lp = strlen(prefix), lf = strlen(e->field);
    if (lp + lf >= sizeof(e->field))
        return;
    memmove(e->field + lp, e->field, lf + 1);
    memcpy(e->field, prefix, lp);
}

size_t
application_validate_all(struct application *a, const char *today,
                         struct err *errs, size_t max)
{
    size_t n = org_validate_all(&a->org, errs, max);
    struct err cerrs[16], e;

    /*
     * The applicant's contact becomes the entry point, and the consent
     * given on the form is its e-mail consent.
     */
    a->contact.entry_point = true;
    a->contact.email_consent = a->consent && *a->contact.email;
    if (a->contact.email_consent && !*a->contact.consent_source)
        org_set_str(&a->contact.consent_source, "application form");
    size_t nc =
        contact_validate_all(&a->contact, today, cerrs, ARRAY_SIZE(cerrs));
    for (size_t i = 0; i < nc && i < ARRAY_SIZE(cerrs); i++) {
        e = cerrs[i];
        prefix_field(&e, "contact_");
        collect(errs, max, &n, &e);
    }
    err_clear(&e);
    if (!*a->contact.email) {
        err_set(&e, ERR_INVALID, "contact_email",
                "The contact's e-mail address is required.");
        collect(errs, max, &n, &e);
    }
    err_clear(&e);
    if (a->tier_id <= 0) {
        err_set(&e, ERR_INVALID, "tier_id", "Choose a membership tier.");
        collect(errs, max, &n, &e);
    }
    err_clear(&e);
    if (!a->consent) {
        err_set(&e, ERR_INVALID, "consent",
                "Please agree to be contacted about your membership.");
        collect(errs, max, &n, &e);
    }
    return n;
}
