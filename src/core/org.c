/*
 * Rules of the member registry: kinds, validation and duplicate keys.
 */
#include "core/org.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/date.h"
#include "base/mem.h"
#include "base/text.h"

static const struct {
    const char *name;
    const char *label;
    bool sme;
} KINDS[ORG_KIND__COUNT] = {
    [ORG_KIND_LARGE] = { "large", "Large enterprise", false },
    [ORG_KIND_SME] = { "sme", "SME", true },
    [ORG_KIND_MICRO] = { "micro", "Micro enterprise", true },
    [ORG_KIND_STARTUP] = { "startup", "Start-up", true },
    [ORG_KIND_UNIVERSITY] = { "university", "University", false },
    [ORG_KIND_RESEARCH] = { "research", "Research centre", false },
    [ORG_KIND_PUBLIC] = { "public", "Public body", false },
    [ORG_KIND_ASSOCIATION] = { "association", "Association", false },
    [ORG_KIND_OTHER] = { "other", "Other", false },
};

const char *
org_kind_name(enum org_kind kind)
{
    return kind < ORG_KIND__COUNT ? KINDS[kind].name : "other";
}

const char *
org_kind_label(enum org_kind kind)
{
    return kind < ORG_KIND__COUNT ? KINDS[kind].label : "Other";
}

int
org_kind_parse(const char *s, enum org_kind *out)
{
    for (int k = 0; k < ORG_KIND__COUNT; k++) {
        if (text_ieq(s, KINDS[k].name) || text_ieq(s, KINDS[k].label)) {
            *out = (enum org_kind)k;
            return 0;
        }
    }
    return -1;
}

bool
org_kind_is_sme(enum org_kind kind)
{
    return kind < ORG_KIND__COUNT && KINDS[kind].sme;
}

/*
 * Empty fields share one static "": a listing fills thousands of records
 * whose fields are mostly empty, and this spares an allocation for each.
 * Every field is freed through field_free, which knows the sentinel.
 */
static char org_empty[1];

static void
field_free(char *s)
{
    if (s != org_empty)
        free(s);
}

void
org_set(char **field, const char *s, size_t len)
{
    field_free(*field);
    *field = s && len ? xstrndup(s, len) : org_empty;
}

void
org_set_str(char **field, const char *s)
{
    org_set(field, s, s ? strlen(s) : 0);
}

void
org_init(struct org *o)
{
    memset(o, 0, sizeof(*o));
    o->kind = ORG_KIND_OTHER;
    o->employees = ORG_EMPLOYEES_UNKNOWN;
    char **fields[] = {
        &o->name,        &o->nace,       &o->country,         &o->region,
        &o->city,        &o->website,    &o->registration_no, &o->notes,
        &o->archived_at, &o->created_at, &o->updated_at
    };
    for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
        *fields[i] = org_empty;
}

void
org_release(struct org *o)
{
    char *fields[] = {
        o->name,        o->nace,       o->country,         o->region,
        o->city,        o->website,    o->registration_no, o->notes,
        o->archived_at, o->created_at, o->updated_at
    };
    for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
        field_free(fields[i]);
    for (size_t i = 0; i < o->ntags; i++)
        free(o->tags[i]);
    free(o->tags);
    memset(o, 0, sizeof(*o));
}

/* Trims *field in place. */
static void
trim_field(char **field)
{
    size_t len;
    const char *t = text_trim(*field, strlen(*field), &len);
    if (t != *field || len != strlen(*field)) {
        char *copy = len ? xstrndup(t, len) : org_empty;
        field_free(*field);
        *field = copy;
    }
}

/*
 * Checks that a trimmed text field is valid UTF-8 of at most max
 * characters, and present when required.
 */
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

int
org_add_tags(struct org *o, const char *list, struct err *err)
{
    const char *p = list;
    while (*p) {
        size_t span = strcspn(p, ",;");
        size_t len;
        const char *t = text_trim(p, span, &len);
        p += span + (p[span] ? 1 : 0);
        if (!len)
            continue;
        if (!text_valid_utf8(t, len))
            return err_set(err, ERR_INVALID, "tags",
                           "A tag contains characters that are not allowed.");
        if (text_utf8_len(t, len) > 50)
            return err_set(err, ERR_INVALID, "tags",
                           "A tag is longer than 50 characters.");
        struct buf key = BUF_INIT, other = BUF_INIT;
        text_fold(&key, t, len);
        bool dup = key.len == 0;
        for (size_t i = 0; i < o->ntags && !dup; i++) {
            buf_reset(&other);
            text_fold(&other, o->tags[i], strlen(o->tags[i]));
            dup = strcmp(key.s, other.s) == 0;
        }
        buf_release(&key);
        buf_release(&other);
        if (dup)
            continue;
        if (o->ntags >= ORG_MAX_TAGS)
            return err_set(err, ERR_INVALID, "tags",
                           "An organisation can have at most %d tags.",
                           ORG_MAX_TAGS);
        ALLOC_GROW(o->tags, o->ntags + 1, o->tags_alloc);
        o->tags[o->ntags++] = xstrndup(t, len);
    }
    return 0;
}

void
org_tags_join(const struct org *o, struct buf *out)
{
    for (size_t i = 0; i < o->ntags; i++) {
        if (i)
            buf_adds(out, ", ");
        buf_adds(out, o->tags[i]);
    }
}

static bool
all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

bool
org_nace_valid(const char *code)
{
    size_t len = strlen(code);
    if (len == 1)
        return code[0] >= 'A' && code[0] <= 'U';
    if (len < 2 || !all_digits(code, 2) || (code[0] == '0' && code[1] == '0'))
        return false;
    if (len == 2)
        return true;
    return code[2] == '.' && (len == 4 || len == 5) &&
           all_digits(code + 3, len - 3);
}

/*
 * Checks a website and gives it an https:// scheme when it has none. On
 * error *website is left as typed, so the form shows it unchanged.
 */
static int
normalise_website(char **website, struct err *err)
{
    const char *w = *website;
    if (!*w)
        return 0;
    struct buf url = BUF_INIT;
    int rc = -1;
    if (strncasecmp(w, "http://", 7) != 0 &&
        strncasecmp(w, "https://", 8) != 0) {
        if (strstr(w, "://")) {
            err_set(err, ERR_INVALID, "website",
                    "The website must be an http or https address.");
            goto out;
        }
        buf_adds(&url, "https://");
    }
    buf_adds(&url, w);
    const char *host = strstr(url.s, "://") + 3;
    size_t hostlen = strcspn(host, "/?#");
    bool ok =
        hostlen > 0 && memchr(host, '.', hostlen) != NULL && url.len <= 300;
    for (const char *p = url.s; *p && ok; p++)
        if ((unsigned char)*p <= ' ' || *p == '"' || *p == '<' || *p == '>')
            ok = false;
    if (!ok) {
        err_set(
            err, ERR_INVALID, "website",
            "The website is not a valid address, e.g. https://example.com.");
        goto out;
    }
    field_free(*website);
    *website = buf_detach(&url, NULL);
    rc = 0;
out:
    buf_release(&url);
    return rc;
}

/* One rule per field: each fills its own err, so a form can show every
 * fault beside its field at once. */
typedef int org_check(struct org *o, struct err *err);

static int
org_check_name(struct org *o, struct err *err)
{
    return check_text(o->name, "name", "The name", 200, true, err);
}

static int
org_check_kind(struct org *o, struct err *err)
{
    if (o->kind >= ORG_KIND__COUNT)
        return err_set(err, ERR_INVALID, "kind",
                       "Choose the kind of organisation.");
    return 0;
}

static int
org_check_employees(struct org *o, struct err *err)
{
    if (o->employees < ORG_EMPLOYEES_UNKNOWN || o->employees > 10000000)
        return err_set(
            err, ERR_INVALID, "employees",
            "Employees must be a whole number from 0 to 10,000,000.");
    return 0;
}

static void
upper_ascii(char *s)
{
    for (; *s; s++)
        if (*s >= 'a' && *s <= 'z')
            *s = (char)(*s - 32);
}

static int
org_check_nace(struct org *o, struct err *err)
{
    upper_ascii(o->nace);
    if (*o->nace && !org_nace_valid(o->nace))
        return err_set(err, ERR_INVALID, "nace",
                       "The NACE code must be a section letter (C) or a "
                       "code like 26, 26.1 or 26.11.");
    return 0;
}

static int
org_check_country(struct org *o, struct err *err)
{
    upper_ascii(o->country);
    const char *c = o->country;
    if (*c && (strlen(c) != 2 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' ||
               c[1] > 'Z'))
        return err_set(
            err, ERR_INVALID, "country",
            "The country must be a two-letter code such as UA, SE, DE or PL.");
    return 0;
}

static int
org_check_region(struct org *o, struct err *err)
{
    return check_text(o->region, "region", "The region", 100, false, err);
}

static int
org_check_city(struct org *o, struct err *err)
{
    return check_text(o->city, "city", "The city", 100, false, err);
}

static int
org_check_website(struct org *o, struct err *err)
{
    return normalise_website(&o->website, err);
}

static int
org_check_registration(struct org *o, struct err *err)
{
    return check_text(o->registration_no, "registration_no",
                      "The registration number", 64, false, err);
}

static int
org_check_notes(struct org *o, struct err *err)
{
    return check_text(o->notes, "notes", "The notes", 10000, false, err);
}

size_t
org_validate_all(struct org *o, struct err *errs, size_t max)
{
    static org_check *const CHECKS[] = {
        org_check_name,  org_check_kind,    org_check_employees,
        org_check_nace,  org_check_country, org_check_region,
        org_check_city,  org_check_website, org_check_registration,
        org_check_notes,
    };
    char **fields[] = { &o->name, &o->nace,    &o->country,         &o->region,
                        &o->city, &o->website, &o->registration_no, &o->notes };
    for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
        trim_field(fields[i]);
    size_t n = 0;
    for (size_t i = 0; i < ARRAY_SIZE(CHECKS); i++) {
        struct err e = ERR_INIT;
        if (CHECKS[i](o, &e) && n++ < max)
            errs[n - 1] = e;
    }
    return n;
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

int
org_validate(struct org *o, struct err *err)
{
    struct err first = ERR_INIT;
    return first_fault(org_validate_all(o, &first, 1), &first, err);
}

void
org_name_key(struct buf *out, const char *name)
{
    text_fold(out, name, strlen(name));
}

void
contact_init(struct contact *c)
{
    memset(c, 0, sizeof(*c));
    char **fields[] = { &c->organisation_name,
                        &c->name,
                        &c->email,
                        &c->phone,
                        &c->position,
                        &c->consent_date,
                        &c->consent_source,
                        &c->archived_at,
                        &c->created_at,
                        &c->updated_at };
    for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
        *fields[i] = org_empty;
}

void
contact_release(struct contact *c)
{
    char *fields[] = { c->organisation_name,
                       c->name,
                       c->email,
                       c->phone,
                       c->position,
                       c->consent_date,
                       c->consent_source,
                       c->archived_at,
                       c->created_at,
                       c->updated_at };
    for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
        field_free(fields[i]);
    memset(c, 0, sizeof(*c));
}

/* The contact's rules that need no date; consent is checked apart. */
typedef int contact_check(struct contact *c, struct err *err);

static int
contact_check_name(struct contact *c, struct err *err)
{
    return check_text(c->name, "name", "The name", 200, true, err);
}

static int
contact_check_email(struct contact *c, struct err *err)
{
    if (*c->email && !text_is_email(c->email))
        return err_set(
            err, ERR_INVALID, "email",
            "The e-mail address is not valid, e.g. name@example.com.");
    return 0;
}

static int
contact_check_phone(struct contact *c, struct err *err)
{
    size_t len = strlen(c->phone);
    if (len > 40 || strspn(c->phone, "0123456789 +()-./") != len)
        return err_set(
            err, ERR_INVALID, "phone",
            "The phone number may hold digits, spaces and + ( ) - . / only.");
    return 0;
}

static int
contact_check_position(struct contact *c, struct err *err)
{
    return check_text(c->position, "position", "The position", 200, false, err);
}

static int
contact_check_source(struct contact *c, struct err *err)
{
    return check_text(c->consent_source, "consent_source", "The consent source",
                      100, false, err);
}

/* E-mail consent: given with an address, dated no later than today (the
 * date defaults to today); without consent, no date or source is kept. */
static int
contact_check_consent(struct contact *c, const char *today, struct err *err)
{
    if (!c->email_consent) {
        org_set_str(&c->consent_date, "");
        org_set_str(&c->consent_source, "");
        return 0;
    }
    if (!*c->email)
        return err_set(err, ERR_INVALID, "email_consent",
                       "E-mail consent needs an e-mail address.");
    if (!*c->consent_date)
        org_set_str(&c->consent_date, today);
    struct date d;
    if (date_parse(c->consent_date, (int)strlen(c->consent_date), &d))
        return err_set(err, ERR_INVALID, "consent_date",
                       "The consent date must be a date like 2026-03-31.");
    if (strcmp(c->consent_date, today) > 0)
        return err_set(err, ERR_INVALID, "consent_date",
                       "The consent date cannot be in the future.");
    return 0;
}

size_t
contact_validate_all(struct contact *c, const char *today, struct err *errs,
                     size_t max)
{
    static contact_check *const CHECKS[] = {
        contact_check_name,     contact_check_email,  contact_check_phone,
        contact_check_position, contact_check_source,
    };
    char **fields[] = { &c->name,     &c->email,        &c->phone,
                        &c->position, &c->consent_date, &c->consent_source };
    for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
        trim_field(fields[i]);
    for (char *p = c->email; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p + 32);
    size_t n = 0;
    for (size_t i = 0; i <= ARRAY_SIZE(CHECKS); i++) {
        struct err e = ERR_INIT;
        int bad = i < ARRAY_SIZE(CHECKS) ? CHECKS[i](c, &e)
                                         : contact_check_consent(c, today, &e);
        if (bad && n++ < max)
            errs[n - 1] = e;
    }
    return n;
}

int
contact_validate(struct contact *c, const char *today, struct err *err)
{
    struct err first = ERR_INIT;
    return first_fault(contact_validate_all(c, today, &first, 1), &first, err);
}

/* Replaces *into by a copy of from when from is not empty. */
static void
merge_text(char **into, const char *from)
{
    if (*from)
        org_set_str(into, from);
}

void
org_merge(struct org *into, const struct org *from, bool kind_given)
{
    merge_text(&into->name, from->name);
    merge_text(&into->nace, from->nace);
    merge_text(&into->country, from->country);
    merge_text(&into->region, from->region);
    merge_text(&into->city, from->city);
    merge_text(&into->website, from->website);
    merge_text(&into->registration_no, from->registration_no);
    merge_text(&into->notes, from->notes);
    if (kind_given)
        into->kind = from->kind;
    if (from->employees != ORG_EMPLOYEES_UNKNOWN)
        into->employees = from->employees;
    for (size_t i = 0; i < from->ntags && into->ntags < ORG_MAX_TAGS; i++)
        org_add_tags(into, from->tags[i], NULL);
}

void
contact_merge(struct contact *into, const struct contact *from)
{
    merge_text(&into->name, from->name);
    merge_text(&into->email, from->email);
    merge_text(&into->phone, from->phone);
    merge_text(&into->position, from->position);
    if (from->entry_point)
        into->entry_point = true;
    if (from->email_consent) {
        into->email_consent = true;
        org_set_str(&into->consent_date, from->consent_date);
        org_set_str(&into->consent_source, from->consent_source);
    }
}
