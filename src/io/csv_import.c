/*
 * The CSV import: physical lines are checked for UTF-8 and fed to libcsv
 * one at a time, so that each row knows the line it starts on even when a
 * quoted value spans lines. The first row names the columns; every later
 * row becomes an organisation (and maybe a contact), is validated by the
 * rules in core/org.c, and is merged with earlier rows for the same
 * organisation through hash tables, so a file of 100,000 rows costs no
 * more than linear time. Nothing here touches the store: the result is
 * plain structs for the caller to write.
 */
#include "io/csv_import.h"

#include <csv.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/text.h"

enum field {
    F_NAME,
    F_KIND,
    F_EMPLOYEES,
    F_NACE,
    F_COUNTRY,
    F_REGION,
    F_CITY,
    F_WEBSITE,
    F_REGISTRATION_NO,
    F_TAGS,
    F_NOTES,
    F_CONTACT_NAME,
    F_CONTACT_EMAIL,
    F_CONTACT_PHONE,
    F_CONTACT_POSITION,
    F_ENTRY_POINT,
    F_EMAIL_CONSENT,
    F_CONSENT_DATE,
    F_CONSENT_SOURCE,
    F__COUNT,
    F_IGNORED = F__COUNT
};

#define F_ORG_COUNT (F_NOTES + 1)
#define MAX_ALIASES 7

/*
 * name is the field's API name, used as the column when a fault is not
 * tied to a column of the file; checked is the name org_validate or
 * contact_validate puts in err.field. Aliases are compared after
 * normalise_header(), so they are lower case with single spaces, and the
 * API name matches by itself because '_' counts as a space.
 */
static const struct {
    const char *name;
    const char *checked;
    const char *aliases[MAX_ALIASES];
} FIELDS[F__COUNT] = {
    [F_NAME] = { "name",
                 "name",
                 { "name", "organisation", "organization", "organisation name",
                   "organization name", "company" } },
    [F_KIND] = { "kind",
                 "kind",
                 { "kind", "type", "organisation kind", "organization kind" } },
    [F_EMPLOYEES] = { "employees", "employees", { "employees", "staff" } },
    [F_NACE] = { "nace", "nace", { "nace", "nace code" } },
    [F_COUNTRY] = { "country", "country", { "country" } },
    [F_REGION] = { "region", "region", { "region" } },
    [F_CITY] = { "city", "city", { "city" } },
    [F_WEBSITE] = { "website", "website", { "website", "web", "url" } },
    [F_REGISTRATION_NO] = { "registration_no",
                            "registration_no",
                            { "registration no", "registration number", "vat",
                              "vat number", "edrpou" } },
    [F_TAGS] = { "tags", "tags", { "tags" } },
    [F_NOTES] = { "notes", "notes", { "notes" } },
    [F_CONTACT_NAME] = { "contact_name",
                         "name",
                         { "contact name", "contact", "contact person" } },
    [F_CONTACT_EMAIL] = { "contact_email",
                          "email",
                          { "contact email", "email", "e-mail" } },
    [F_CONTACT_PHONE] = { "contact_phone",
                          "phone",
                          { "contact phone", "phone" } },
    [F_CONTACT_POSITION] = { "contact_position",
                             "position",
                             { "contact position", "position", "job title" } },
    [F_ENTRY_POINT] = { "entry_point", "entry_point", { "entry point" } },
    [F_EMAIL_CONSENT] = { "email_consent",
                          "email_consent",
                          { "email consent", "consent" } },
    [F_CONSENT_DATE] = { "consent_date", "consent_date", { "consent date" } },
    [F_CONSENT_SOURCE] = { "consent_source",
                           "consent_source",
                           { "consent source" } },
};

/* A string-keyed open-addressing hash table mapping keys to indexes. */
struct keymap_slot {
    char *key; /* NULL when the slot is free */
    uint64_t hash;
    size_t value;
};

struct keymap {
    struct keymap_slot *slots;
    size_t cap; /* a power of two, or 0 */
    size_t n;
};

struct column {
    enum field field; /* F_IGNORED for columns we do not know */
    char *header;     /* trimmed, as the file spells it */
    char *key;        /* normalised, for matching */
    bool warned;      /* a value under a blank header was reported */
};

/* Where an organisation's values came from, beside r->orgs. */
struct group {
    int field_line[F_ORG_COUNT];
    int entry_point_line; /* 0 while no contact is the entry point */
};

struct importer {
    struct import_result *r;
    const char *today;
    bool header_done;
    bool stop; /* a limit was reached: ignore the rest */

    struct column *cols;
    size_t ncols, cols_alloc;
    int colof[F__COUNT]; /* column index, or -1 when absent */

    int line;     /* the physical line being fed */
    int row_line; /* the line the current row starts on */
    bool in_row;

    /* The current row: trimmed values, each NUL-terminated, in cells. */
    struct buf cells;
    size_t *offs;
    size_t noffs, offs_alloc;
    size_t nfields; /* values seen, stored or not */
    bool row_extra; /* a non-empty value beyond the header's columns */
    bool row_bad;   /* a value was refused while reading */

    struct group *groups;
    size_t groups_alloc;
    struct keymap by_name;  /* folded name -> org index */
    struct keymap by_regno; /* registration number -> org index */
    struct keymap by_email; /* "index\x1f" e-mail -> line */
};

static uint64_t
keymap_hash(const char *s)
{
    /*
     * FNV-1a, unkeyed: a file crafted to collide could slow only its own
     * parse, which the row cap bounds; real names spread well.
     */
    uint64_t h = 14695981039346656037u;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211u;
    }
    return h;
}

static struct keymap_slot *
keymap_slot(struct keymap_slot *slots, size_t cap, const char *key,
            uint64_t hash)
{
    size_t i = (size_t)hash & (cap - 1);
    while (slots[i].key &&
           (slots[i].hash != hash || strcmp(slots[i].key, key) != 0))
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

static bool
keymap_get(const struct keymap *m, const char *key, size_t *value)
{
    if (!m->cap)
        return false;
    struct keymap_slot *s =
        keymap_slot(m->slots, m->cap, key, keymap_hash(key));
    if (!s->key)
        return false;
    *value = s->value;
    return true;
}

/* Sets key to value, adding the key when it is new. */
static void
keymap_put(struct keymap *m, const char *key, size_t value)
{
    if ((m->n + 1) * 2 > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 64;
        struct keymap_slot *slots = xcalloc(cap, sizeof(*slots));
        for (size_t i = 0; i < m->cap; i++) {
            if (m->slots[i].key)
                *keymap_slot(slots, cap, m->slots[i].key, m->slots[i].hash) =
                    m->slots[i];
        }
        free(m->slots);
        m->slots = slots;
        m->cap = cap;
    }
    uint64_t hash = keymap_hash(key);
    struct keymap_slot *s = keymap_slot(m->slots, m->cap, key, hash);
    if (!s->key) {
        s->key = xstrdup(key);
        s->hash = hash;
        m->n++;
    }
    s->value = value;
}

static void
keymap_release(struct keymap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->slots[i].key);
    free(m->slots);
    memset(m, 0, sizeof(*m));
}

void
import_result_init(struct import_result *r)
{
    memset(r, 0, sizeof(*r));
    r->delimiter = ',';
}

void
import_result_release(struct import_result *r)
{
    for (size_t i = 0; i < r->norgs; i++) {
        struct import_org *o = &r->orgs[i];
        org_release(&o->org);
        for (size_t j = 0; j < o->ncontacts; j++)
            contact_release(&o->contacts[j].contact);
        free(o->contacts);
        free(o->lines);
    }
    free(r->orgs);
    for (size_t i = 0; i < r->nerrors; i++) {
        free(r->errors[i].column);
        free(r->errors[i].message);
    }
    free(r->errors);
    for (size_t i = 0; i < r->nwarnings; i++)
        free(r->warnings[i]);
    free(r->warnings);
    import_result_init(r);
}

static void
push_error(struct import_result *r, int line, enum err_code code,
           const char *column, char *message)
{
    ALLOC_GROW(r->errors, r->nerrors + 1, r->errors_alloc);
    struct import_error *e = &r->errors[r->nerrors++];
    e->line = line;
    e->code = code;
    e->column = xstrdup(column);
    e->message = message;
}

static void add_error(struct importer *im, int line, enum err_code code,
                      const char *column, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/*
 * Records a fault. Past CSV_IMPORT_MAX_ERRORS one last entry says so and
 * the import stops reading: more errors would only bury the first ones.
 */
static void
add_error(struct importer *im, int line, enum err_code code, const char *column,
          const char *fmt, ...)
{
    struct import_result *r = im->r;
    if (r->nerrors > CSV_IMPORT_MAX_ERRORS)
        return;
    if (r->nerrors == CSV_IMPORT_MAX_ERRORS) {
        struct buf msg = BUF_INIT;
        buf_addf(&msg,
                 "There are more than %d errors; the check stopped "
                 "at line %d. Fix these and try again.",
                 CSV_IMPORT_MAX_ERRORS, line);
        push_error(r, 0, ERR_TOO_LARGE, "", buf_detach(&msg, NULL));
        im->stop = true;
        return;
    }
    struct buf msg = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vaddf(&msg, fmt, ap);
    va_end(ap);
    push_error(r, line, code, column, buf_detach(&msg, NULL));
}

static void add_warning(struct importer *im, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
add_warning(struct importer *im, const char *fmt, ...)
{
    struct import_result *r = im->r;
    struct buf msg = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vaddf(&msg, fmt, ap);
    va_end(ap);
    ALLOC_GROW(r->warnings, r->nwarnings + 1, r->warnings_alloc);
    r->warnings[r->nwarnings++] = buf_detach(&msg, NULL);
}

/*
 * Appends s cut to 60 characters, so that a message quoting a value
 * stays readable when the value is a whole paragraph.
 */
static const char *
short_value(struct buf *b, const char *s)
{
    size_t len = strlen(s), cut = 0, chars = 0;
    while (cut < len && chars < 60) {
        cut++;
        while (cut < len && ((unsigned char)s[cut] & 0xC0) == 0x80)
            cut++;
        chars++;
    }
    buf_add(b, s, cut);
    if (cut < len)
        buf_adds(b, "...");
    return b->s;
}

/* The column to blame for field f: its header, or the API name. */
static const char *
field_column(const struct importer *im, enum field f)
{
    return im->colof[f] >= 0 ? im->cols[im->colof[f]].header : FIELDS[f].name;
}

/* Reports a failed org_* or contact_* check at the column it concerns. */
static void
add_check_error(struct importer *im, int line, const struct err *e,
                bool contact)
{
    enum field f = F_IGNORED;
    enum field first = contact ? F_CONTACT_NAME : F_NAME;
    enum field last = contact ? F_CONSENT_SOURCE : F_NOTES;
    for (enum field i = first; i <= last; i++) {
        if (strcmp(FIELDS[i].checked, e->field) == 0) {
            f = i;
            break;
        }
    }
    add_error(im, line, e->code,
              f == F_IGNORED ? e->field : field_column(im, f), "%s", e->msg);
}

/* The trimmed value of field f in the current row, "" when absent. */
static const char *
value(const struct importer *im, enum field f)
{
    int col = im->colof[f];
    if (col < 0 || (size_t)col >= im->noffs)
        return "";
    return im->cells.s + im->offs[col];
}

static char **
org_text(struct org *o, enum field f)
{
    switch (f) {
    case F_NAME:
        return &o->name;
    case F_NACE:
        return &o->nace;
    case F_COUNTRY:
        return &o->country;
    case F_REGION:
        return &o->region;
    case F_CITY:
        return &o->city;
    case F_WEBSITE:
        return &o->website;
    case F_REGISTRATION_NO:
        return &o->registration_no;
    case F_NOTES:
        return &o->notes;
    default:
        return NULL;
    }
}

static char **
contact_text(struct contact *c, enum field f)
{
    switch (f) {
    case F_CONTACT_NAME:
        return &c->name;
    case F_CONTACT_EMAIL:
        return &c->email;
    case F_CONTACT_PHONE:
        return &c->phone;
    case F_CONTACT_POSITION:
        return &c->position;
    case F_CONSENT_DATE:
        return &c->consent_date;
    case F_CONSENT_SOURCE:
        return &c->consent_source;
    default:
        return NULL;
    }
}

/*
 * Lower case, '_' and runs of white space as one space, trimmed: the
 * form headers are compared in, so "Contact_Email " finds "contact email".
 */
static void
normalise_header(struct buf *out, const char *h)
{
    bool space = false;
    for (; *h; h++) {
        char c = *h;
        if (c == ' ' || c == '\t' || c == '_' || c == '\r' || c == '\n') {
            space = out->len > 0;
            continue;
        }
        if (space)
            buf_addc(out, ' ');
        space = false;
        buf_addc(out, c >= 'A' && c <= 'Z' ? (char)(c + 32) : c);
    }
}

static enum field
match_header(const char *key)
{
    for (enum field f = 0; f < F__COUNT; f++) {
        struct buf api = BUF_INIT;
        normalise_header(&api, FIELDS[f].name);
        bool hit = strcmp(api.s, key) == 0;
        buf_release(&api);
        for (size_t a = 0; !hit && a < MAX_ALIASES && FIELDS[f].aliases[a]; a++)
            hit = strcmp(FIELDS[f].aliases[a], key) == 0;
        if (hit)
            return f;
    }
    return F_IGNORED;
}

static void
read_header(struct importer *im)
{
    int line = im->row_line;
    size_t errors = im->r->nerrors;
    im->header_done = true;
    if (im->row_bad) {
        im->stop = true;
        return;
    }
    for (size_t i = 0; i < im->noffs; i++) {
        const char *h = im->cells.s + im->offs[i];
        struct buf key = BUF_INIT;
        normalise_header(&key, h);
        ALLOC_GROW(im->cols, im->ncols + 1, im->cols_alloc);
        struct column *col = &im->cols[im->ncols++];
        col->field = key.len ? match_header(key.s) : F_IGNORED;
        col->header = xstrdup(h);
        col->key = buf_detach(&key, NULL);
        col->warned = false;
        if (col->field != F_IGNORED) {
            if (im->colof[col->field] >= 0)
                add_error(im, line, ERR_INVALID, h,
                          "The columns \"%s\" and \"%s\" both give the %s; "
                          "keep one.",
                          im->cols[im->colof[col->field]].header, h,
                          FIELDS[col->field].name);
            else
                im->colof[col->field] = (int)i;
            continue;
        }
        if (!*col->key)
            continue;
        bool twice = false;
        for (size_t j = 0; j + 1 < im->ncols && !twice; j++)
            twice = strcmp(im->cols[j].key, col->key) == 0;
        if (twice)
            add_error(im, line, ERR_INVALID, h,
                      "The column \"%s\" appears twice.", h);
        else
            add_warning(im, "The column \"%s\" is not known and was ignored.",
                        h);
    }
    if (im->colof[F_NAME] < 0)
        add_error(im, line, ERR_INVALID, FIELDS[F_NAME].name,
                  "The first line must name the columns, and one of them "
                  "must be the organisation's name (\"name\", "
                  "\"organisation\" or \"company\").");
    if (im->r->nerrors != errors)
        im->stop = true;
}

/*
 * Employees: a whole number, optionally grouped by thousands with spaces
 * ("1 200", also with the no-break spaces spreadsheets put there).
 */
static int
parse_employees(const char *s, int64_t *out)
{
    int rc = -1;
    int64_t n = 0;
    size_t group = 0;
    bool grouped = false;
    if (!*s) {
        *out = ORG_EMPLOYEES_UNKNOWN;
        return 0;
    }
    while (*s) {
        size_t sep = *s == ' '                            ? 1
                     : strncmp(s, "\xC2\xA0", 2) == 0     ? 2
                     : strncmp(s, "\xE2\x80\xAF", 3) == 0 ? 3
                                                          : 0;
        if (sep) {
            if (!group || group > 3 || (grouped && group != 3))
                goto out;
            grouped = true;
            group = 0;
            s += sep;
            continue;
        }
        if (*s < '0' || *s > '9' || n > INT64_C(100000000000))
            goto out;
        n = n * 10 + (*s - '0');
        group++;
        s++;
    }
    if (!group || (grouped && group != 3))
        goto out;
    *out = n;
    rc = 0;
out:
    return rc;
}

static int
parse_bool(const char *s, bool *out)
{
    static const char *const YES[] = { "yes", "true", "1", "x" };
    static const char *const NO[] = { "", "no", "false", "0" };
    for (size_t i = 0; i < ARRAY_SIZE(YES); i++) {
        if (text_ieq(s, YES[i])) {
            *out = true;
            return 0;
        }
        if (text_ieq(s, NO[i])) {
            *out = false;
            return 0;
        }
    }
    return -1;
}

/* Fills o from the current row; reports what cannot be parsed. */
static void
build_org(struct importer *im, struct org *o, bool *kind_given)
{
    int line = im->row_line;
    struct err e = ERR_INIT;
    struct buf shown = BUF_INIT;

    for (enum field f = F_NAME; f <= F_NOTES; f++) {
        char **text = org_text(o, f);
        if (text)
            org_set_str(text, value(im, f));
    }
    const char *kind = value(im, F_KIND);
    *kind_given = *kind != '\0';
    if (*kind_given && org_kind_parse(kind, &o->kind)) {
        struct buf names = BUF_INIT;
        for (int k = 0; k < ORG_KIND__COUNT; k++)
            buf_addf(&names, "%s%s", k ? ", " : "",
                     org_kind_name((enum org_kind)k));
        add_error(im, line, ERR_INVALID, field_column(im, F_KIND),
                  "The kind \"%s\" is not known. Use one of: %s (or its "
                  "label, such as \"Large enterprise\").",
                  short_value(&shown, kind), names.s);
        buf_release(&names);
    }
    if (parse_employees(value(im, F_EMPLOYEES), &o->employees))
        add_error(im, line, ERR_INVALID, field_column(im, F_EMPLOYEES),
                  "Employees must be a whole number, such as 120 or 1 200.");
    if (org_add_tags(o, value(im, F_TAGS), &e))
        add_check_error(im, line, &e, false);
    err_clear(&e);
    if (org_validate(o, &e))
        add_check_error(im, line, &e, false);
    buf_release(&shown);
}

/*
 * Fills c from the current row and returns whether the row has a
 * contact at all: any contact text, or a yes in a yes/no column ("no"
 * alone does not make a contact, as exports write it on every row).
 */
static bool
build_contact(struct importer *im, struct contact *c)
{
    bool present = false;
    struct {
        enum field f;
        bool *flag;
    } flags[] = { { F_ENTRY_POINT, &c->entry_point },
                  { F_EMAIL_CONSENT, &c->email_consent } };

    for (enum field f = F_CONTACT_NAME; f <= F_CONSENT_SOURCE; f++) {
        char **text = contact_text(c, f);
        if (!text)
            continue;
        org_set_str(text, value(im, f));
        present = present || **text;
    }
    for (size_t i = 0; i < ARRAY_SIZE(flags); i++) {
        const char *v = value(im, flags[i].f);
        if (parse_bool(v, flags[i].flag)) {
            struct buf shown = BUF_INIT;
            add_error(im, im->row_line, ERR_INVALID,
                      field_column(im, flags[i].f),
                      "\"%s\" is not yes or no; write yes, no, true, false, "
                      "1, 0, x (for yes) or leave it empty.",
                      short_value(&shown, v));
            buf_release(&shown);
            present = true;
        }
        present = present || *flags[i].flag;
    }
    return present;
}

static void
conflict(struct importer *im, int line, enum field f, int earlier,
         const char *was, const char *is)
{
    struct buf a = BUF_INIT, b = BUF_INIT;
    add_error(im, line, ERR_INVALID, field_column(im, f),
              "Line %d gives \"%s\" for the same organisation; this row "
              "gives \"%s\".",
              earlier, short_value(&a, was), short_value(&b, is));
    buf_release(&a);
    buf_release(&b);
}

static size_t
new_group(struct importer *im, struct org *o, bool kind_given, int line)
{
    struct import_result *r = im->r;
    size_t gi = r->norgs;
    ALLOC_GROW(r->orgs, gi + 1, r->orgs_alloc);
    ALLOC_GROW(im->groups, gi + 1, im->groups_alloc);
    r->norgs++;

    struct import_org *io = &r->orgs[gi];
    memset(io, 0, sizeof(*io));
    io->line = line;
    io->org = *o;
    io->kind_given = kind_given;
    ALLOC_GROW(io->lines, 1, io->lines_alloc);
    io->lines[io->nlines++] = line;

    struct group *g = &im->groups[gi];
    memset(g, 0, sizeof(*g));
    for (enum field f = F_NAME; f <= F_NOTES; f++) {
        char **text = org_text(&io->org, f);
        if (text && **text)
            g->field_line[f] = line;
    }
    g->field_line[F_KIND] = kind_given ? line : 0;
    g->field_line[F_EMPLOYEES] =
        io->org.employees != ORG_EMPLOYEES_UNKNOWN ? line : 0;
    return gi;
}

/*
 * Merges a later row's organisation into org gi: values the group lacks
 * are taken, differing ones are conflicts, tags are united. Consumes o.
 */
static void
merge_org(struct importer *im, size_t gi, struct org *o, bool kind_given,
          int line)
{
    struct import_org *io = &im->r->orgs[gi];
    struct group *g = &im->groups[gi];
    struct err e = ERR_INIT;

    ALLOC_GROW(io->lines, io->nlines + 1, io->lines_alloc);
    io->lines[io->nlines++] = line;
    for (enum field f = F_NAME; f <= F_NOTES; f++) {
        char **dst = org_text(&io->org, f);
        const char *src = dst ? *org_text(o, f) : "";
        if (!*src)
            continue;
        if (!**dst) {
            org_set_str(dst, src);
            g->field_line[f] = line;
            if (f == F_REGISTRATION_NO)
                keymap_put(&im->by_regno, src, gi);
            continue;
        }
        bool same;
        if (f == F_NAME) {
            struct buf k1 = BUF_INIT, k2 = BUF_INIT;
            org_name_key(&k1, *dst);
            org_name_key(&k2, src);
            same = strcmp(k1.s, k2.s) == 0;
            buf_release(&k1);
            buf_release(&k2);
        } else {
            same = strcmp(*dst, src) == 0;
        }
        if (!same)
            conflict(im, line, f, g->field_line[f], *dst, src);
    }
    if (kind_given && !io->kind_given) {
        io->org.kind = o->kind;
        io->kind_given = true;
        g->field_line[F_KIND] = line;
    } else if (kind_given && io->org.kind != o->kind) {
        conflict(im, line, F_KIND, g->field_line[F_KIND],
                 org_kind_label(io->org.kind), org_kind_label(o->kind));
    }
    if (o->employees != ORG_EMPLOYEES_UNKNOWN) {
        if (io->org.employees == ORG_EMPLOYEES_UNKNOWN) {
            io->org.employees = o->employees;
            g->field_line[F_EMPLOYEES] = line;
        } else if (io->org.employees != o->employees) {
            char was[24], is[24];
            snprintf(was, sizeof(was), "%" PRId64, io->org.employees);
            snprintf(is, sizeof(is), "%" PRId64, o->employees);
            conflict(im, line, F_EMPLOYEES, g->field_line[F_EMPLOYEES], was,
                     is);
        }
    }
    for (size_t i = 0; i < o->ntags; i++) {
        if (org_add_tags(&io->org, o->tags[i], &e)) {
            add_check_error(im, line, &e, false);
            break;
        }
    }
    org_release(o);
}

/* Adds c to org gi, refusing a second entry point or e-mail. Consumes c. */
static void
add_contact(struct importer *im, size_t gi, struct contact *c, int line)
{
    struct import_org *io = &im->r->orgs[gi];
    struct group *g = &im->groups[gi];

    if (c->entry_point) {
        if (g->entry_point_line)
            add_error(im, line, ERR_INVALID, field_column(im, F_ENTRY_POINT),
                      "Line %d already names the entry point of this "
                      "organisation; only one contact can be it.",
                      g->entry_point_line);
        else
            g->entry_point_line = line;
    }
    if (*c->email) {
        struct buf key = BUF_INIT;
        size_t earlier;
        buf_addf(&key, "%zu\x1f%s", gi, c->email);
        if (keymap_get(&im->by_email, key.s, &earlier))
            add_error(im, line, ERR_INVALID, field_column(im, F_CONTACT_EMAIL),
                      "Line %zu already gives the e-mail %s for this "
                      "organisation.",
                      earlier, c->email);
        else
            keymap_put(&im->by_email, key.s, (size_t)line);
        buf_release(&key);
    }
    ALLOC_GROW(io->contacts, io->ncontacts + 1, io->contacts_alloc);
    io->contacts[io->ncontacts].line = line;
    io->contacts[io->ncontacts].contact = *c;
    io->ncontacts++;
}

/*
 * Finds the organisation a row names, by registration number first and
 * then by folded name, or starts a new one. Consumes o and c.
 */
static void
merge_row(struct importer *im, struct org *o, bool kind_given,
          struct contact *c, int line)
{
    struct buf key = BUF_INIT;
    size_t gi;
    bool found = false;

    org_name_key(&key, o->name);
    if (*o->registration_no)
        found = keymap_get(&im->by_regno, o->registration_no, &gi);
    if (!found)
        found = keymap_get(&im->by_name, key.s, &gi);
    if (found) {
        merge_org(im, gi, o, kind_given, line);
    } else {
        gi = new_group(im, o, kind_given, line);
        keymap_put(&im->by_name, key.s, gi);
        if (*im->r->orgs[gi].org.registration_no)
            keymap_put(&im->by_regno, im->r->orgs[gi].org.registration_no, gi);
    }
    if (c)
        add_contact(im, gi, c, line);
    buf_release(&key);
}

static void
read_row(struct importer *im)
{
    struct import_result *r = im->r;
    int line = im->row_line;
    size_t errors = r->nerrors;
    struct org o;
    struct contact c;
    bool kind_given, has_contact;
    bool empty = !im->row_extra && !im->row_bad;

    for (size_t i = 0; i < im->noffs && empty; i++)
        empty = im->cells.s[im->offs[i]] == '\0';
    if (empty)
        return;
    if (++r->rows > CSV_IMPORT_MAX_ROWS) {
        add_error(im, line, ERR_TOO_LARGE, "",
                  "The file has more than %d rows; split it into smaller "
                  "files.",
                  CSV_IMPORT_MAX_ROWS);
        r->rows--;
        im->stop = true;
        return;
    }
    /* The value refused while reading is reported; the rest would shift. */
    if (im->row_bad)
        return;
    if (im->row_extra)
        add_error(im, line, ERR_INVALID, "",
                  "This row has %zu values, but the first line names only "
                  "%zu columns.",
                  im->nfields, im->ncols);

    org_init(&o);
    contact_init(&c);
    build_org(im, &o, &kind_given);
    has_contact = build_contact(im, &c);
    if (has_contact) {
        struct err e = ERR_INIT;
        if (contact_validate(&c, im->today, &e))
            add_check_error(im, line, &e, true);
    }
    if (r->nerrors == errors) {
        merge_row(im, &o, kind_given, has_contact ? &c : NULL, line);
        if (!has_contact)
            contact_release(&c);
    } else {
        org_release(&o);
        contact_release(&c);
    }
}

/* libcsv's end-of-value callback: s holds len bytes and a NUL. */
static void
on_value(void *s, size_t len, void *data)
{
    struct importer *im = data;
    size_t idx = im->nfields++;
    const char *v = s ? s : "";
    bool header = !im->header_done;

    if (im->stop || im->row_bad)
        return;
    if (header && idx >= CSV_IMPORT_MAX_COLUMNS) {
        add_error(im, im->row_line, ERR_TOO_LARGE, "",
                  "The first line names more than %d columns.",
                  CSV_IMPORT_MAX_COLUMNS);
        im->row_bad = true;
        return;
    }
    if (len > CSV_IMPORT_MAX_FIELD) {
        add_error(im, im->row_line, ERR_TOO_LARGE,
                  !header && idx < im->ncols ? im->cols[idx].header : "",
                  "This value is longer than %d bytes.", CSV_IMPORT_MAX_FIELD);
        im->row_bad = true;
        return;
    }
    v = text_trim(v, len, &len);
    /*
     * table_write_csv puts an apostrophe before = + - @ so that a
     * spreadsheet does not run the value as a formula; take it off again
     * so that an exported file imports as it was.
     */
    if (len >= 2 && v[0] == '\'' && memchr("=+-@\t\r", v[1], 6)) {
        v++;
        len--;
    }
    if (!header && idx >= im->ncols) {
        im->row_extra = im->row_extra || len > 0;
        return;
    }
    if (!header && len && im->cols[idx].field == F_IGNORED &&
        !*im->cols[idx].header && !im->cols[idx].warned) {
        add_warning(im,
                    "Column %zu has values but no name on the first "
                    "line; they were ignored.",
                    idx + 1);
        im->cols[idx].warned = true;
    }
    ALLOC_GROW(im->offs, im->noffs + 1, im->offs_alloc);
    im->offs[im->noffs++] = im->cells.len;
    buf_add(&im->cells, v, len);
    buf_addc(&im->cells, '\0');
}

/* libcsv's end-of-row callback. */
static void
on_row(int c, void *data)
{
    struct importer *im = data;
    (void)c;
    im->in_row = false;
    if (!im->stop) {
        if (im->header_done)
            read_row(im);
        else
            read_header(im);
    }
    buf_reset(&im->cells);
    im->noffs = 0;
    im->nfields = 0;
    im->row_extra = false;
    im->row_bad = false;
}

/*
 * The delimiter is whichever of ';' and ',' the first line has more of
 * outside quotes (a tie is ','), or a tab when it has neither.
 */
static char
detect_delimiter(const char *s, size_t len)
{
    size_t commas = 0, semicolons = 0, tabs = 0;
    bool quoted = false, seen = false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '"')
            quoted = !quoted;
        if (quoted || c == '"')
            continue;
        if (c == '\n' || c == '\r') {
            if (seen)
                break;
            continue;
        }
        seen = seen || c != ' ';
        commas += c == ',';
        semicolons += c == ';';
        tabs += c == '\t';
    }
    if (semicolons > commas)
        return ';';
    if (!commas && !semicolons && tabs)
        return '\t';
    return ',';
}

/* Length of the physical line at s, with its LF, CRLF or CR. */
static size_t
line_length(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\n')
            return i + 1;
        if (s[i] == '\r')
            return i + 1 < len && s[i + 1] == '\n' ? i + 2 : i + 1;
    }
    return len;
}

/*
 * Whether libcsv starts a row on this line when it is between rows: it
 * skips blanks, tabs (unless they delimit) and line ends there.
 */
static bool
line_has_content(const char *s, size_t len, char delim)
{
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c != ' ' && c != '\r' && c != '\n' && (c != '\t' || delim == '\t'))
            return true;
    }
    return false;
}

static void
importer_init(struct importer *im, struct import_result *r, const char *today)
{
    memset(im, 0, sizeof(*im));
    im->r = r;
    im->today = today;
    for (size_t f = 0; f < F__COUNT; f++)
        im->colof[f] = -1;
    buf_init(&im->cells, 0);
}

static void
importer_release(struct importer *im)
{
    for (size_t i = 0; i < im->ncols; i++) {
        free(im->cols[i].header);
        free(im->cols[i].key);
    }
    free(im->cols);
    buf_release(&im->cells);
    free(im->offs);
    free(im->groups);
    keymap_release(&im->by_name);
    keymap_release(&im->by_regno);
    keymap_release(&im->by_email);
}

int
csv_import_parse(const char *data, size_t len, const char *today,
                 struct import_result *r)
{
    int rc = -1;
    struct importer im;
    struct csv_parser parser;
    bool parser_ready = false, broken = false;
    size_t pos = 0;

    importer_init(&im, r, today);
    if (len > CSV_IMPORT_MAX_BYTES) {
        add_error(&im, 0, ERR_TOO_LARGE, "",
                  "The file is larger than %d MiB; split it into smaller "
                  "files.",
                  CSV_IMPORT_MAX_BYTES / (1024 * 1024));
        goto out;
    }
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }
    r->delimiter = detect_delimiter(data, len);
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL))
        BUG("csv_init failed");
    parser_ready = true;
    csv_set_delim(&parser, (unsigned char)r->delimiter);
    /* Out of memory inside libcsv then aborts like everywhere else. */
    csv_set_realloc_func(&parser, xrealloc);
    csv_set_free_func(&parser, free);

    /*
     * One physical line per call, so that the line a row starts on is
     * known. After a fault in encoding or quoting no more rows are read,
     * since libcsv cannot find its way back into the file, but the rest
     * is still checked for encoding so the user sees every bad line.
     */
    for (im.line = 1; pos < len && !im.stop; im.line++) {
        const char *s = data + pos;
        size_t n = line_length(s, len - pos);
        pos += n;
        if (!text_valid_utf8(s, n)) {
            add_error(&im, im.line, ERR_BAD_REQUEST, "",
                      "This line is not valid UTF-8 text or holds control "
                      "characters. Save the file as \"CSV UTF-8\" and try "
                      "again.");
            broken = true;
            continue;
        }
        if (broken)
            continue;
        if (!im.in_row && line_has_content(s, n, r->delimiter)) {
            im.in_row = true;
            im.row_line = im.line;
        }
        if (csv_parse(&parser, s, n, on_value, on_row, &im) != n) {
            add_error(&im, im.line, ERR_BAD_REQUEST, "",
                      "A quote (\") is out of place. A value holding quotes "
                      "must be wholly in quotes, with each quote inside it "
                      "doubled (\"\").");
            broken = true;
        }
    }
    if (!broken && !im.stop && csv_fini(&parser, on_value, on_row, &im) != 0)
        add_error(&im, im.row_line, ERR_BAD_REQUEST, "",
                  "A quoted value that starts on this row is never closed.");
    if (!im.header_done && !r->nerrors)
        add_error(&im, 1, ERR_INVALID, "",
                  "The file is empty: its first line must name the columns.");
    rc = r->nerrors ? -1 : 0;
out:
    if (parser_ready)
        csv_free(&parser);
    importer_release(&im);
    return rc;
}
