/*
 * Organisations and contacts to and from JSON. Input is checked for shape
 * and type in a first pass and applied in a second, so a request that is
 * refused changes nothing. The rules themselves (what a valid name,
 * NACE code or e-mail address is) stay in core/org.c; this file must
 * never grow a second copy of them.
 */
#include "io/org_json.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/mem.h"
#include "base/text.h"

/* A text field of struct org or struct contact, found by offset. */
struct text_member {
    const char *name;
    size_t offset;
    bool required; /* null is refused rather than read as "" */
};

static const struct text_member ORG_TEXT[] = {
    { "name", offsetof(struct org, name), true },
    { "nace", offsetof(struct org, nace), false },
    { "country", offsetof(struct org, country), false },
    { "region", offsetof(struct org, region), false },
    { "city", offsetof(struct org, city), false },
    { "website", offsetof(struct org, website), false },
    { "registration_no", offsetof(struct org, registration_no), false },
    { "notes", offsetof(struct org, notes), false },
};

static const char *const ORG_READ_ONLY[] = {
    "id",
    "archived",
    "created_at",
    "updated_at",
};

static const struct text_member CONTACT_TEXT[] = {
    { "name", offsetof(struct contact, name), true },
    { "email", offsetof(struct contact, email), false },
    { "phone", offsetof(struct contact, phone), false },
    { "position", offsetof(struct contact, position), false },
};

static const char *const CONTACT_READ_ONLY[] = {
    "id", "organisation_name", "archived", "created_at", "updated_at",
};

static char **
text_field(void *record, const struct text_member *m)
{
    return (char **)((char *)record + m->offset);
}

static const struct text_member *
find_text(const struct text_member *table, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(table[i].name, key) == 0)
            return &table[i];
    return NULL;
}

static bool
in_list(const char *const *list, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], key) == 0)
            return true;
    return false;
}

/*
 * Length of the longest prefix of s, at most max bytes, that does not cut
 * a UTF-8 sequence in two: member names are echoed into struct err, whose
 * fixed arrays would otherwise end in half a Cyrillic letter.
 */
static int
utf8_prefix(const char *s, size_t max)
{
    size_t len = strlen(s);
    if (len <= max)
        return (int)len;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return (int)max;
}

/*
 * Length of the UTF-8 sequence at s (left bytes remain), or 0 when the
 * bytes there do not decode. Any ASCII byte counts as a sequence of one.
 */
static size_t
utf8_seq(const char *s, size_t left)
{
    if ((unsigned char)s[0] < 0x80)
        return 1;
    for (size_t k = 2; k <= 4 && k <= left; k++)
        if (text_valid_utf8(s, k))
            return k;
    return 0;
}

/*
 * Appends s with every control character and every byte that does not
 * decode replaced by '?'. Member names and jansson's error text (which
 * quotes the offending input) are echoed to the user; they may hold
 * anything.
 */
static void
append_clean(struct buf *out, const char *s)
{
    size_t len = strlen(s);
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        size_t n = utf8_seq(s + i, len - i);
        if (n == 0 || c < 0x20 || c == 0x7F) {
            buf_addc(out, '?');
            i++;
            continue;
        }
        buf_add(out, s + i, n);
        i += n;
    }
}

/*
 * ERR_INVALID for an unknown member, named in both field and message
 * (prefix, when not "", is the enclosing member and becomes the field).
 * The name is cleaned and cut so that it fits struct err as valid UTF-8.
 */
static int
unknown_member(const char *prefix, const char *key, struct err *err)
{
    struct buf name = BUF_INIT;
    char field[sizeof(err->field)];

    append_clean(&name, key);
    int n = utf8_prefix(name.s, sizeof(field) - 1);
    memcpy(field, name.s, (size_t)n);
    field[n] = '\0';
    err_set(err, ERR_INVALID, *prefix ? prefix : field,
            "Unknown member \"%s%s%.*s\".", prefix, *prefix ? "." : "",
            utf8_prefix(name.s, 120), name.s);
    buf_release(&name);
    return -1;
}

/*
 * Reads a text member into *out (borrowed from v). null reads as "",
 * except for a required member.
 */
static int
read_text(const char *key, const json_t *v, bool required, const char **out,
          struct err *err)
{
    if (json_is_null(v)) {
        if (required)
            return err_set(err, ERR_INVALID, key, "%s is required.", key);
        *out = "";
        return 0;
    }
    if (!json_is_string(v))
        return err_set(err, ERR_INVALID, key, "%s must be a string%s.", key,
                       required ? "" : " or null");
    if (strlen(json_string_value(v)) != json_string_length(v))
        return err_set(err, ERR_INVALID, key, "%s contains a NUL character.",
                       key);
    *out = json_string_value(v);
    return 0;
}

static int
read_kind(const json_t *v, enum org_kind *out, struct err *err)
{
    if (json_is_string(v) && org_kind_parse(json_string_value(v), out) == 0)
        return 0;
    struct buf names = BUF_INIT;
    for (int k = 0; k < ORG_KIND__COUNT; k++) {
        if (k)
            buf_adds(&names, ", ");
        buf_adds(&names, org_kind_name((enum org_kind)k));
    }
    err_set(err, ERR_INVALID, "kind", "kind must be one of %s.", names.s);
    buf_release(&names);
    return -1;
}

static int
read_employees(const json_t *v, int64_t *out, struct err *err)
{
    if (json_is_null(v)) {
        *out = ORG_EMPLOYEES_UNKNOWN;
        return 0;
    }
    if (!json_is_integer(v) || json_integer_value(v) < 0)
        return err_set(err, ERR_INVALID, "employees",
                       "employees must be a whole number of 0 or more, "
                       "or null when unknown.");
    *out = (int64_t)json_integer_value(v);
    return 0;
}

/* Reads tags (array of strings, one string, or null) into scratch. */
static int
read_tags(const json_t *v, struct org *scratch, struct err *err)
{
    if (json_is_null(v))
        return 0;
    if (json_is_string(v)) {
        const char *s = "";
        if (read_text("tags", v, false, &s, err))
            return -1;
        return org_add_tags(scratch, s, err);
    }
    if (!json_is_array(v))
        return err_set(err, ERR_INVALID, "tags",
                       "tags must be an array of strings or a "
                       "comma-separated string.");
    size_t i;
    const json_t *t;
    json_array_foreach(v, i, t)
    {
        const char *s = "";
        if (!json_is_string(t))
            return err_set(err, ERR_INVALID, "tags",
                           "tags must be an array of strings or a "
                           "comma-separated string.");
        if (read_text("tags", t, false, &s, err) ||
            org_add_tags(scratch, s, err))
            return -1;
    }
    return 0;
}

/*
 * Checks one member of an organisation and, when apply is set, stores it
 * in *o. Tags are gathered in *scratch during the check and swapped in
 * when applied.
 */
static int
org_member(const char *key, const json_t *v, struct org *o, bool apply,
           struct org *scratch, struct err *err)
{
    const struct text_member *tm =
        find_text(ORG_TEXT, ARRAY_SIZE(ORG_TEXT), key);
    if (tm) {
        const char *s = "";
        if (read_text(key, v, tm->required, &s, err))
            return -1;
        if (apply)
            org_set(text_field(o, tm), s, strlen(s));
        return 0;
    }
    if (strcmp(key, "kind") == 0) {
        enum org_kind kind = ORG_KIND_OTHER;
        if (read_kind(v, &kind, err))
            return -1;
        if (apply)
            o->kind = kind;
        return 0;
    }
    if (strcmp(key, "employees") == 0) {
        int64_t employees = ORG_EMPLOYEES_UNKNOWN;
        if (read_employees(v, &employees, err))
            return -1;
        if (apply)
            o->employees = employees;
        return 0;
    }
    if (strcmp(key, "tags") == 0) {
        if (!apply)
            return read_tags(v, scratch, err);
        char **tags = o->tags;
        size_t ntags = o->ntags, alloc = o->tags_alloc;
        o->tags = scratch->tags;
        o->ntags = scratch->ntags;
        o->tags_alloc = scratch->tags_alloc;
        scratch->tags = tags;
        scratch->ntags = ntags;
        scratch->tags_alloc = alloc;
        return 0;
    }
    if (strcmp(key, "allow_duplicate") == 0) {
        if (!json_is_boolean(v))
            return err_set(err, ERR_INVALID, key,
                           "allow_duplicate must be true or false.");
        return 0;
    }
    if (in_list(ORG_READ_ONLY, ARRAY_SIZE(ORG_READ_ONLY), key))
        return 0;
    return unknown_member("", key, err);
}

int
org_from_json(const json_t *j, struct org *o, bool require_all, struct err *err)
{
    int rc = -1;
    struct org scratch;
    const char *key;
    json_t *v;

    org_init(&scratch);
    if (!json_is_object(j)) {
        err_set(err, ERR_BAD_REQUEST, NULL,
                "The request body must be a JSON object.");
        goto out;
    }
    json_object_foreach((json_t *)j, key, v)
    {
        if (org_member(key, v, o, false, &scratch, err))
            goto out;
    }
    if (require_all && !json_object_get(j, "name")) {
        err_set(err, ERR_INVALID, "name", "name is required.");
        goto out;
    }
    json_object_foreach((json_t *)j, key, v)
    {
        org_member(key, v, o, true, &scratch, NULL);
    }
    rc = 0;
out:
    org_release(&scratch);
    return rc;
}

static const char *
str_or_empty(const json_t *v)
{
    return json_is_string(v) ? json_string_value(v) : "";
}

/* The consent a contact_from_json call will set. */
struct consent {
    bool given;
    const char *date; /* borrowed from the JSON, or from the contact */
    const char *source;
};

static int
read_consent_object(const json_t *v, struct consent *out, struct err *err)
{
    const char *key;
    json_t *m;
    const json_t *given = json_object_get(v, "given");

    json_object_foreach((json_t *)v, key, m)
    {
        if (strcmp(key, "given") != 0 && strcmp(key, "date") != 0 &&
            strcmp(key, "source") != 0)
            return unknown_member("email_consent", key, err);
    }
    if (!json_is_boolean(given))
        return err_set(err, ERR_INVALID, "email_consent",
                       "email_consent.given must be true or false.");
    out->given = json_is_true(given);

    const json_t *date = json_object_get(v, "date");
    out->date = "";
    if (date && !json_is_null(date)) {
        struct date d;
        const char *s = str_or_empty(date);
        if (!json_is_string(date) || strlen(s) != 10 ||
            json_string_length(date) != 10 || date_parse(s, 10, &d))
            return err_set(err, ERR_INVALID, "email_consent",
                           "email_consent.date must be a date like "
                           "2026-03-31, or null.");
        out->date = s;
    }

    const json_t *source = json_object_get(v, "source");
    out->source = "";
    if (source && !json_is_null(source)) {
        if (!json_is_string(source) ||
            strlen(json_string_value(source)) != json_string_length(source))
            return err_set(err, ERR_INVALID, "email_consent",
                           "email_consent.source must be a string or null.");
        out->source = json_string_value(source);
    }
    return 0;
}

static int
read_consent(const json_t *v, const struct contact *c, struct consent *out,
             struct err *err)
{
    if (json_is_object(v))
        return read_consent_object(v, out, err);
    if (!json_is_boolean(v))
        return err_set(err, ERR_INVALID, "email_consent",
                       "email_consent must be an object {\"given\", \"date\", "
                       "\"source\"} or a boolean.");
    out->given = json_is_true(v);
    /*
     * A bare true confirms a consent already on record; it must not wipe
     * the date and source that prove it.
     */
    bool keep = out->given && c->email_consent;
    out->date = keep ? c->consent_date : "";
    out->source = keep ? c->consent_source : "";
    return 0;
}

static int
contact_member(const char *key, const json_t *v, struct contact *c, bool apply,
               struct err *err)
{
    const struct text_member *tm =
        find_text(CONTACT_TEXT, ARRAY_SIZE(CONTACT_TEXT), key);
    if (tm) {
        const char *s = "";
        if (read_text(key, v, tm->required, &s, err))
            return -1;
        if (apply)
            org_set(text_field(c, tm), s, strlen(s));
        return 0;
    }
    if (strcmp(key, "organisation_id") == 0) {
        if (!json_is_integer(v) || json_integer_value(v) <= 0)
            return err_set(err, ERR_INVALID, key,
                           "organisation_id must be an integer greater "
                           "than 0.");
        if (apply)
            c->organisation_id = (int64_t)json_integer_value(v);
        return 0;
    }
    if (strcmp(key, "entry_point") == 0) {
        if (!json_is_boolean(v))
            return err_set(err, ERR_INVALID, key,
                           "entry_point must be true or false.");
        if (apply)
            c->entry_point = json_is_true(v);
        return 0;
    }
    if (strcmp(key, "email_consent") == 0) {
        struct consent consent = { false, "", "" };
        if (read_consent(v, c, &consent, err))
            return -1;
        if (apply) {
            /*
             * Copy both strings before setting either: with a bare true
             * they point into *c itself.
             */
            char *date = xstrdup(consent.date);
            char *source = xstrdup(consent.source);
            c->email_consent = consent.given;
            org_set_str(&c->consent_date, date);
            org_set_str(&c->consent_source, source);
            free(date);
            free(source);
        }
        return 0;
    }
    if (in_list(CONTACT_READ_ONLY, ARRAY_SIZE(CONTACT_READ_ONLY), key))
        return 0;
    return unknown_member("", key, err);
}

int
contact_from_json(const json_t *j, struct contact *c, bool require_all,
                  struct err *err)
{
    int rc = -1;
    const char *key;
    json_t *v;

    if (!json_is_object(j)) {
        err_set(err, ERR_BAD_REQUEST, NULL,
                "The request body must be a JSON object.");
        goto out;
    }
    json_object_foreach((json_t *)j, key, v)
    {
        if (contact_member(key, v, c, false, err))
            goto out;
    }
    if (require_all && !json_object_get(j, "name")) {
        err_set(err, ERR_INVALID, "name", "name is required.");
        goto out;
    }
    if (require_all && !json_object_get(j, "organisation_id")) {
        err_set(err, ERR_INVALID, "organisation_id",
                "organisation_id is required.");
        goto out;
    }
    json_object_foreach((json_t *)j, key, v)
    {
        contact_member(key, v, c, true, NULL);
    }
    rc = 0;
out:
    return rc;
}

void
org_write_json(struct jsonw *w, const struct org *o)
{
    jsonw_begin_object(w);
    jsonw_key(w, "id");
    if (o->id)
        jsonw_int(w, o->id);
    else
        jsonw_null(w);
    jsonw_key(w, "name");
    jsonw_string(w, o->name);
    jsonw_key(w, "kind");
    jsonw_string(w, org_kind_name(o->kind));
    jsonw_key(w, "employees");
    if (o->employees >= 0)
        jsonw_int(w, o->employees);
    else
        jsonw_null(w);
    const struct {
        const char *key;
        const char *value;
    } text[] = {
        { "nace", o->nace },       { "country", o->country },
        { "region", o->region },   { "city", o->city },
        { "website", o->website }, { "registration_no", o->registration_no },
    };
    for (size_t i = 0; i < ARRAY_SIZE(text); i++) {
        jsonw_key(w, text[i].key);
        jsonw_string(w, text[i].value);
    }
    jsonw_key(w, "tags");
    jsonw_begin_array(w);
    for (size_t i = 0; i < o->ntags; i++)
        jsonw_string(w, o->tags[i]);
    jsonw_end_array(w);
    jsonw_key(w, "notes");
    jsonw_string(w, o->notes);
    jsonw_key(w, "archived");
    jsonw_bool(w, *o->archived_at);
    jsonw_key(w, "created_at");
    jsonw_string_or_null(w, o->created_at);
    jsonw_key(w, "updated_at");
    jsonw_string_or_null(w, o->updated_at);
    jsonw_end_object(w);
}

void
contact_write_json(struct jsonw *w, const struct contact *c)
{
    jsonw_begin_object(w);
    jsonw_key(w, "id");
    if (c->id)
        jsonw_int(w, c->id);
    else
        jsonw_null(w);
    jsonw_key(w, "organisation_id");
    jsonw_int(w, c->organisation_id);
    jsonw_key(w, "organisation_name");
    jsonw_string_or_null(w, c->organisation_name);
    const struct {
        const char *key;
        const char *value;
    } text[] = {
        { "name", c->name },
        { "email", c->email },
        { "phone", c->phone },
        { "position", c->position },
    };
    for (size_t i = 0; i < ARRAY_SIZE(text); i++) {
        jsonw_key(w, text[i].key);
        jsonw_string(w, text[i].value);
    }
    jsonw_key(w, "entry_point");
    jsonw_bool(w, c->entry_point);
    jsonw_key(w, "email_consent");
    jsonw_begin_object(w);
    jsonw_key(w, "given");
    jsonw_bool(w, c->email_consent);
    jsonw_key(w, "date");
    jsonw_string_or_null(w, c->consent_date);
    jsonw_key(w, "source");
    jsonw_string_or_null(w, c->consent_source);
    jsonw_end_object(w);
    jsonw_key(w, "archived");
    jsonw_bool(w, *c->archived_at);
    jsonw_key(w, "created_at");
    jsonw_string_or_null(w, c->created_at);
    jsonw_key(w, "updated_at");
    jsonw_string_or_null(w, c->updated_at);
    jsonw_end_object(w);
}

char *
org_json_text(const struct org *o)
{
    struct buf b = BUF_INIT;
    struct jsonw w;
    jsonw_init(&w, &b);
    org_write_json(&w, o);
    return buf_detach(&b, NULL);
}

char *
contact_json_text(const struct contact *c)
{
    struct buf b = BUF_INIT;
    struct jsonw w;
    jsonw_init(&w, &b);
    contact_write_json(&w, c);
    return buf_detach(&b, NULL);
}

json_t *
json_body_parse(const char *body, size_t len, struct err *err)
{
    json_t *j = NULL;
    json_error_t jerr;
    struct buf text = BUF_INIT;

    if (len > ORG_JSON_MAX_BODY) {
        err_set(err, ERR_TOO_LARGE, NULL,
                "The request body is larger than 1 MiB.");
        goto out;
    }
    j = json_loadb(body ? body : "", body ? len : 0, JSON_REJECT_DUPLICATES,
                   &jerr);
    if (!j) {
        append_clean(&text, jerr.text);
        err_set(err, ERR_BAD_REQUEST, NULL,
                "The request body is not valid JSON: %s at line %d, "
                "column %d.",
                text.s, jerr.line, jerr.column);
        goto out;
    }
    if (!json_is_object(j)) {
        json_decref(j);
        j = NULL;
        err_set(err, ERR_BAD_REQUEST, NULL,
                "The request body must be a JSON object.");
        goto out;
    }
out:
    buf_release(&text);
    return j;
}
