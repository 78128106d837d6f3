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
#include "base/date.h"
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
    F_SOURCE,
    F_OWNER,
    F_SINCE,
    F_DNC,
    F__COUNT,
    F_IGNORED = F__COUNT
};

#define F_ORG_COUNT (F_NOTES + 1)
#define MAX_ALIASES 7

/*
 * name is the field's API name, used as the column when a fault is not
 * tied to a column of the file; checked is the name org_validate or
 * contact_validate puts in err.field. Aliases are compared after
 * csv_header_key(), so they are lower case with single spaces, and the
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
    [F_SOURCE] = { "source", "source", { "source", "lead source" } },
    [F_OWNER] = { "owner", "owner", { "owner", "lead owner", "owner email" } },
    [F_SINCE] = { "since",
                  "since",
                  { "since", "in the base since", "lead since" } },
    [F_DNC] = { "do_not_contact",
                "do_not_contact",
                { "do not contact", "dnc" } },
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
    int entry_point_line;    /* 0 while no contact is the entry point */
    int lead_line[F__COUNT]; /* lines of the lead fields */
};

struct importer {
    struct import_result *r;
    const char *today;
    bool header_done;
    bool stop; /* a limit was reached: ignore the rest */

    struct column *cols;
    size_t ncols, cols_alloc;
    int colof[F__COUNT]; /* column index, or -1 when absent */

    struct csv_rows *rows; /* the reader; its current row */

    struct group *groups;
    size_t groups_alloc;
    struct import_keymap by_name;  /* folded name -> org index */
    struct import_keymap by_regno; /* registration number -> org index */
    struct import_keymap by_email; /* "index\x1f" e-mail -> line */
};

static void import_lead_release(struct import_lead *l);

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
        import_lead_release(&o->lead);
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
    free(r->owner_column);
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
    return col < 0 ? "" : csv_rows_value(im->rows, (size_t)col);
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

void
csv_header_key(struct buf *out, const char *h)
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
        csv_header_key(&api, FIELDS[f].name);
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
    struct csv_rows *rows = im->rows;
    int line = rows->line;
    size_t errors = im->r->nerrors;
    im->header_done = true;
    if (rows->nvalues > CSV_IMPORT_MAX_COLUMNS)
        add_error(im, line, ERR_TOO_LARGE, "",
                  "The first line names more than %d columns.",
                  CSV_IMPORT_MAX_COLUMNS);
    else if (rows->too_long)
        add_error(im, line, ERR_TOO_LARGE, "",
                  "This value is longer than %d bytes.", CSV_IMPORT_MAX_FIELD);
    if (im->r->nerrors != errors) {
        im->stop = true;
        return;
    }
    for (size_t i = 0; i < rows->nkept; i++) {
        const char *h = csv_rows_value(rows, i);
        struct buf key = BUF_INIT;
        csv_header_key(&key, h);
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
    rows->keep = im->ncols;
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

int
csv_parse_bool(const char *s, bool *out)
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

/* Reads 1 to max digits at *s into *out, advancing *s. */
static bool
read_digits(const char **s, int max, int *out)
{
    int n = 0, v = 0;
    while (n < max && **s >= '0' && **s <= '9') {
        v = v * 10 + (**s - '0');
        (*s)++;
        n++;
    }
    *out = v;
    return n > 0;
}

int
csv_parse_date(const char *s, char out[11])
{
    struct date d;
    size_t len = strlen(s);
    if (len == 10 && s[4] == '-') {
        if (date_parse(s, 10, &d))
            return -1;
    } else {
        /* DD.MM.YYYY or DD/MM/YYYY, the day and month of one or two
         * digits, one separator throughout. */
        char sep = 0;
        const char *p = s;
        if (!read_digits(&p, 2, &d.day) || (*p != '.' && *p != '/'))
            return -1;
        sep = *p++;
        if (!read_digits(&p, 2, &d.month) || *p++ != sep)
            return -1;
        const char *year = p;
        if (!read_digits(&p, 4, &d.year) || p - year != 4 || *p)
            return -1;
        if (!date_valid(d))
            return -1;
    }
    date_format(d, out);
    return 0;
}

/* Fills o from the current row; reports what cannot be parsed. */
static void
build_org(struct importer *im, struct org *o, bool *kind_given)
{
    int line = im->rows->line;
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
        if (csv_parse_bool(v, flags[i].flag)) {
            struct buf shown = BUF_INIT;
            add_error(im, im->rows->line, ERR_INVALID,
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

static void conflict(struct importer *im, int line, enum field f, int earlier,
                     const char *was, const char *is);

/* Lead strings are plain heap strings (org_set_str shares one empty). */
static void
lead_set(char **field, const char *s)
{
    free(*field);
    *field = xstrdup(s);
}

static void
import_lead_init(struct import_lead *l)
{
    memset(l, 0, sizeof(*l));
    l->source = xstrdup("");
    l->owner = xstrdup("");
    l->dnc = -1;
}

static void
import_lead_release(struct import_lead *l)
{
    free(l->source);
    free(l->owner);
    memset(l, 0, sizeof(*l));
}

/*
 * Fills l from the lead columns of the current row: source, owner (an
 * e-mail; which user it is, the store says), since and do not contact
 * (yes, no, or the day it was asked).
 */
static void
build_lead(struct importer *im, struct import_lead *l)
{
    int line = im->rows->line;
    struct buf shown = BUF_INIT;
    const char *v;
    bool yes;

    import_lead_init(l);
    v = value(im, F_SOURCE);
    if (text_utf8_len(v, strlen(v)) > 100)
        add_error(im, line, ERR_INVALID, field_column(im, F_SOURCE),
                  "The source is longer than 100 characters.");
    else
        lead_set(&l->source, v);
    v = value(im, F_OWNER);
    if (*v && !text_is_email(v)) {
        add_error(im, line, ERR_INVALID, field_column(im, F_OWNER),
                  "The owner \"%s\" is not an e-mail address; give the "
                  "e-mail of a user of this cluster.",
                  short_value(&shown, v));
    } else if (*v) {
        lead_set(&l->owner, v);
        for (char *p = l->owner; *p; p++)
            if (*p >= 'A' && *p <= 'Z')
                *p = (char)(*p + 32);
        l->owner_line = line;
    }
    v = value(im, F_SINCE);
    buf_reset(&shown);
    if (*v && (csv_parse_date(v, l->since) || strcmp(l->since, im->today) > 0))
        add_error(im, line, ERR_INVALID, field_column(im, F_SINCE),
                  "\"%s\" is not a day up to today; write it as YYYY-MM-DD, "
                  "DD.MM.YYYY or DD/MM/YYYY.",
                  short_value(&shown, v));
    v = value(im, F_DNC);
    buf_reset(&shown);
    if (*v && csv_parse_bool(v, &yes) == 0) {
        l->dnc = yes;
        if (yes)
            snprintf(l->dnc_on, sizeof(l->dnc_on), "%s", im->today);
    } else if (*v && csv_parse_date(v, l->dnc_on) == 0 &&
               strcmp(l->dnc_on, im->today) <= 0) {
        l->dnc = 1;
        l->dnc_dated = true;
    } else if (*v) {
        l->dnc_on[0] = '\0';
        add_error(im, line, ERR_INVALID, field_column(im, F_DNC),
                  "\"%s\" is neither yes, no nor a day up to today "
                  "(YYYY-MM-DD) from which it asked not to be contacted.",
                  short_value(&shown, v));
    }
    buf_release(&shown);
}

/* One lead value of a later row: taken when new, else it must agree. */
static void
merge_lead_text(struct importer *im, size_t gi, enum field f, char *dst,
                size_t size, const char *src, int line)
{
    struct group *g = &im->groups[gi];
    if (!*src)
        return;
    if (!g->lead_line[f]) {
        snprintf(dst, size, "%s", src);
        g->lead_line[f] = line;
    } else if (strcmp(dst, src) != 0) {
        conflict(im, line, f, g->lead_line[f], dst, src);
    }
}

/* Merges a row's lead columns into org gi. Consumes l. */
static void
merge_lead(struct importer *im, size_t gi, struct import_lead *l, int line)
{
    struct import_lead *to = &im->r->orgs[gi].lead;
    struct group *g = &im->groups[gi];
    if (!to->source) {
        /* The group's first row: take its values as they are. */
        *to = *l;
        g->lead_line[F_SOURCE] = *l->source ? line : 0;
        g->lead_line[F_OWNER] = l->owner_line;
        g->lead_line[F_SINCE] = *l->since ? line : 0;
        g->lead_line[F_DNC] = l->dnc >= 0 ? line : 0;
        return;
    }
    if (*l->source && !*to->source) {
        lead_set(&to->source, l->source);
        g->lead_line[F_SOURCE] = line;
    } else if (*l->source && strcmp(to->source, l->source) != 0) {
        conflict(im, line, F_SOURCE, g->lead_line[F_SOURCE], to->source,
                 l->source);
    }
    if (*l->owner && !*to->owner) {
        lead_set(&to->owner, l->owner);
        to->owner_line = line;
        g->lead_line[F_OWNER] = line;
    } else if (*l->owner && strcmp(to->owner, l->owner) != 0) {
        conflict(im, line, F_OWNER, g->lead_line[F_OWNER], to->owner, l->owner);
    }
    merge_lead_text(im, gi, F_SINCE, to->since, sizeof(to->since), l->since,
                    line);
    if (l->dnc >= 0) {
        char was[16], is[16];
        snprintf(is, sizeof(is), "%s", l->dnc ? l->dnc_on : "no");
        snprintf(was, sizeof(was), "%s", to->dnc ? to->dnc_on : "no");
        if (!g->lead_line[F_DNC]) {
            to->dnc = l->dnc;
            to->dnc_dated = l->dnc_dated;
            snprintf(to->dnc_on, sizeof(to->dnc_on), "%s", l->dnc_on);
            g->lead_line[F_DNC] = line;
        } else if (strcmp(was, is) != 0) {
            conflict(im, line, F_DNC, g->lead_line[F_DNC], was, is);
        }
    }
    import_lead_release(l);
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
                import_keymap_put(&im->by_regno, src, gi);
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
        if (import_keymap_get(&im->by_email, key.s, &earlier))
            add_error(im, line, ERR_INVALID, field_column(im, F_CONTACT_EMAIL),
                      "Line %zu already gives the e-mail %s for this "
                      "organisation.",
                      earlier, c->email);
        else
            import_keymap_put(&im->by_email, key.s, (size_t)line);
        buf_release(&key);
    }
    ALLOC_GROW(io->contacts, io->ncontacts + 1, io->contacts_alloc);
    io->contacts[io->ncontacts].line = line;
    io->contacts[io->ncontacts].contact = *c;
    io->ncontacts++;
}

/*
 * Finds the organisation a row names, by registration number first and
 * then by folded name, or starts a new one. Consumes o, c and lead.
 */
static void
merge_row(struct importer *im, struct org *o, bool kind_given,
          struct contact *c, struct import_lead *lead, int line)
{
    struct buf key = BUF_INIT;
    size_t gi;
    bool found = false;

    org_name_key(&key, o->name);
    if (*o->registration_no)
        found = import_keymap_get(&im->by_regno, o->registration_no, &gi);
    if (!found)
        found = import_keymap_get(&im->by_name, key.s, &gi);
    if (found) {
        merge_org(im, gi, o, kind_given, line);
    } else {
        gi = new_group(im, o, kind_given, line);
        import_keymap_put(&im->by_name, key.s, gi);
        if (*im->r->orgs[gi].org.registration_no)
            import_keymap_put(&im->by_regno,
                              im->r->orgs[gi].org.registration_no, gi);
    }
    if (c)
        add_contact(im, gi, c, line);
    merge_lead(im, gi, lead, line);
    buf_release(&key);
}

static void
read_row(struct importer *im)
{
    struct import_result *r = im->r;
    struct csv_rows *rows = im->rows;
    int line = rows->line;
    size_t errors = r->nerrors;
    struct org o;
    struct contact c;
    struct import_lead lead;
    bool kind_given, has_contact;

    if (csv_rows_blank(rows))
        return;
    for (size_t i = 0; i < rows->nkept; i++) {
        struct column *col = &im->cols[i];
        if (*csv_rows_value(rows, i) && col->field == F_IGNORED &&
            !*col->header && !col->warned) {
            add_warning(im,
                        "Column %zu has values but no name on the first "
                        "line; they were ignored.",
                        i + 1);
            col->warned = true;
        }
    }
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
    if (rows->too_long) {
        size_t idx = rows->too_long - 1;
        add_error(im, line, ERR_TOO_LARGE,
                  idx < im->ncols ? im->cols[idx].header : "",
                  "This value is longer than %d bytes.", CSV_IMPORT_MAX_FIELD);
        return;
    }
    if (rows->extra)
        add_error(im, line, ERR_INVALID, "",
                  "This row has %zu values, but the first line names only "
                  "%zu columns.",
                  rows->nvalues, im->ncols);

    org_init(&o);
    contact_init(&c);
    build_org(im, &o, &kind_given);
    build_lead(im, &lead);
    has_contact = build_contact(im, &c);
    if (has_contact) {
        struct err e = ERR_INIT;
        if (contact_validate(&c, im->today, &e))
            add_check_error(im, line, &e, true);
    }
    if (r->nerrors == errors) {
        merge_row(im, &o, kind_given, has_contact ? &c : NULL, &lead, line);
        if (!has_contact)
            contact_release(&c);
    } else {
        org_release(&o);
        contact_release(&c);
        import_lead_release(&lead);
    }
}

/* The reader's row callback: the header first, then the data rows. */
static void
on_row(struct csv_rows *rows)
{
    struct importer *im = rows->ctx;
    if (im->header_done)
        read_row(im);
    else
        read_header(im);
    rows->stop = rows->stop || im->stop;
}

static void
on_error(struct csv_rows *rows, int line, enum err_code code,
         const char *message)
{
    struct importer *im = rows->ctx;
    add_error(im, line, code, "", "%s", message);
    rows->stop = rows->stop || im->stop;
}

static void
importer_init(struct importer *im, struct import_result *r, const char *today,
              struct csv_rows *rows)
{
    memset(im, 0, sizeof(*im));
    im->r = r;
    im->today = today;
    im->rows = rows;
    for (size_t f = 0; f < F__COUNT; f++)
        im->colof[f] = -1;
}

static void
importer_release(struct importer *im)
{
    for (size_t i = 0; i < im->ncols; i++) {
        free(im->cols[i].header);
        free(im->cols[i].key);
    }
    free(im->cols);
    free(im->groups);
    import_keymap_release(&im->by_name);
    import_keymap_release(&im->by_regno);
    import_keymap_release(&im->by_email);
}

int
csv_import_parse(const char *data, size_t len, const char *today,
                 struct import_result *r)
{
    struct importer im;
    struct csv_rows rows;

    csv_rows_init(&rows, on_row, on_error, &im);
    importer_init(&im, r, today, &rows);
    csv_rows_read(&rows, data, len);
    r->delimiter = rows.delimiter;
    if (!im.header_done && !r->nerrors)
        add_error(&im, 1, ERR_INVALID, "",
                  "The file is empty: its first line must name the columns.");
    free(r->owner_column);
    r->owner_column = xstrdup(field_column(&im, F_OWNER));
    r->has_lead = im.colof[F_SOURCE] >= 0 || im.colof[F_OWNER] >= 0 ||
                  im.colof[F_SINCE] >= 0 || im.colof[F_DNC] >= 0;
    importer_release(&im);
    csv_rows_release(&rows);
    return r->nerrors ? -1 : 0;
}

void
import_result_add_error(struct import_result *r, int line, enum err_code code,
                        const char *column, const char *message)
{
    push_error(r, line, code, column, xstrdup(message));
}

/* ---- the shared reader ---- */

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

void
csv_rows_init(struct csv_rows *rows, void (*row)(struct csv_rows *rows),
              void (*error)(struct csv_rows *rows, int line, enum err_code code,
                            const char *message),
              void *ctx)
{
    memset(rows, 0, sizeof(*rows));
    rows->row = row;
    rows->error = error;
    rows->ctx = ctx;
    rows->max_field = CSV_IMPORT_MAX_FIELD;
    rows->keep = CSV_IMPORT_MAX_COLUMNS;
    rows->delimiter = ',';
    buf_init(&rows->cells, 0);
}

void
csv_rows_release(struct csv_rows *rows)
{
    buf_release(&rows->cells);
    free(rows->offs);
    rows->offs = NULL;
    rows->offs_alloc = 0;
}

const char *
csv_rows_value(const struct csv_rows *rows, size_t i)
{
    return i < rows->nkept ? rows->cells.s + rows->offs[i] : "";
}

bool
csv_rows_blank(const struct csv_rows *rows)
{
    if (rows->extra || rows->too_long)
        return false;
    for (size_t i = 0; i < rows->nkept; i++)
        if (rows->cells.s[rows->offs[i]])
            return false;
    return true;
}

/* libcsv's end-of-value callback: s holds len bytes and a NUL. */
static void
rows_on_value(void *s, size_t len, void *data)
{
    struct csv_rows *rows = data;
    size_t idx = rows->nvalues++;
    const char *v = s ? s : "";

    if (rows->stop || rows->too_long)
        return;
    if (len > rows->max_field) {
        rows->too_long = idx + 1;
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
    if (idx >= rows->keep) {
        rows->extra = rows->extra || len > 0;
        return;
    }
    ALLOC_GROW(rows->offs, rows->nkept + 1, rows->offs_alloc);
    rows->offs[rows->nkept++] = rows->cells.len;
    buf_add(&rows->cells, v, len);
    buf_addc(&rows->cells, '\0');
}

/* libcsv's end-of-row callback. */
static void
rows_on_row(int c, void *data)
{
    struct csv_rows *rows = data;
    (void)c;
    rows->in_row = false;
    if (!rows->stop)
        rows->row(rows);
    buf_reset(&rows->cells);
    rows->nkept = 0;
    rows->nvalues = 0;
    rows->extra = false;
    rows->too_long = 0;
}

static void
rows_error(struct csv_rows *rows, int line, enum err_code code,
           const char *message)
{
    if (!rows->stop)
        rows->error(rows, line, code, message);
}

bool
csv_rows_read(struct csv_rows *rows, const char *data, size_t len)
{
    struct csv_parser parser;
    bool broken = false, any = false;
    size_t pos = 0;

    if (len > CSV_IMPORT_MAX_BYTES) {
        struct buf msg = BUF_INIT;
        buf_addf(&msg,
                 "The file is larger than %d MiB; split it into smaller "
                 "files.",
                 CSV_IMPORT_MAX_BYTES / (1024 * 1024));
        rows_error(rows, 0, ERR_TOO_LARGE, msg.s);
        buf_release(&msg);
        return true;
    }
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }
    rows->delimiter = detect_delimiter(data, len);
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL))
        BUG("csv_init failed");
    csv_set_delim(&parser, (unsigned char)rows->delimiter);
    /* Out of memory inside libcsv then aborts like everywhere else. */
    csv_set_realloc_func(&parser, xrealloc);
    csv_set_free_func(&parser, free);

    /*
     * One physical line per call, so that the line a row starts on is
     * known. After a fault in encoding or quoting no more rows are read,
     * since libcsv cannot find its way back into the file, but the rest
     * is still checked for encoding so the user sees every bad line.
     */
    for (rows->phys_line = 1; pos < len && !rows->stop; rows->phys_line++) {
        const char *s = data + pos;
        size_t n = line_length(s, len - pos);
        pos += n;
        if (!text_valid_utf8(s, n)) {
            rows_error(rows, rows->phys_line, ERR_BAD_REQUEST,
                       "This line is not valid UTF-8 text or holds control "
                       "characters. Save the file as \"CSV UTF-8\" and try "
                       "again.");
            broken = true;
            continue;
        }
        if (broken)
            continue;
        if (!rows->in_row && line_has_content(s, n, rows->delimiter)) {
            rows->in_row = true;
            rows->line = rows->phys_line;
            any = true;
        }
        if (csv_parse(&parser, s, n, rows_on_value, rows_on_row, rows) != n) {
            rows_error(rows, rows->phys_line, ERR_BAD_REQUEST,
                       "A quote (\") is out of place. A value holding quotes "
                       "must be wholly in quotes, with each quote inside it "
                       "doubled (\"\").");
            broken = true;
        }
    }
    if (!broken && !rows->stop &&
        csv_fini(&parser, rows_on_value, rows_on_row, rows) != 0)
        rows_error(rows, rows->line, ERR_BAD_REQUEST,
                   "A quoted value that starts on this row is never closed.");
    csv_free(&parser);
    return any || broken;
}

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

static struct import_keymap_slot *
keymap_slot(struct import_keymap_slot *slots, size_t cap, const char *key,
            uint64_t hash)
{
    size_t i = (size_t)hash & (cap - 1);
    while (slots[i].key &&
           (slots[i].hash != hash || strcmp(slots[i].key, key) != 0))
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

bool
import_keymap_get(const struct import_keymap *m, const char *key, size_t *value)
{
    if (!m->cap)
        return false;
    struct import_keymap_slot *s =
        keymap_slot(m->slots, m->cap, key, keymap_hash(key));
    if (!s->key)
        return false;
    *value = s->value;
    return true;
}

/* Sets key to value, adding the key when it is new. */
void
import_keymap_put(struct import_keymap *m, const char *key, size_t value)
{
    if ((m->n + 1) * 2 > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 64;
        struct import_keymap_slot *slots = xcalloc(cap, sizeof(*slots));
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
    struct import_keymap_slot *s = keymap_slot(m->slots, m->cap, key, hash);
    if (!s->key) {
        s->key = xstrdup(key);
        s->hash = hash;
        m->n++;
    }
    s->value = value;
}

void
import_keymap_release(struct import_keymap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->slots[i].key);
    free(m->slots);
    memset(m, 0, sizeof(*m));
}
