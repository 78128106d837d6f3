/*
 * The activity import's parse: the shared reader of io/csv_import.c
 * hands over each row with the line it starts on; the header row picks
 * the columns by name and alias, and every later row becomes one
 * activity_import_row with its kind and date checked. One pass, no
 * lookups: matching names to records is left to the store, which does
 * it for the whole file at once.
 */
#include "io/activity_import.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/text.h"

#define MAX_ALIASES 8
#define MAX_AUTHOR 200 /* characters */

/*
 * Aliases are compared in the form of csv_header_key (lower case, '_' as
 * a space), so the API name matches by itself.
 */
static const struct {
    const char *name;
    const char *aliases[MAX_ALIASES];
} COLUMNS[ACOL__COUNT] = {
    [ACOL_ORGANISATION] = { "organisation",
                            { "organisation", "organization", "name",
                              "organisation name", "organization name",
                              "company" } },
    [ACOL_REGISTRATION_NO] = { "registration_no",
                               { "registration no", "registration number",
                                 "vat", "vat number", "edrpou" } },
    [ACOL_ORGANISATION_ID] = { "organisation_id",
                               { "organisation id", "organization id",
                                 "org id" } },
    [ACOL_CONTACT] = { "contact",
                       { "contact", "contact name", "contact person",
                         "contact email", "email", "e-mail", "person" } },
    [ACOL_KIND] = { "kind",
                    { "kind", "type", "activity", "activity kind",
                      "activity type" } },
    [ACOL_DATE] = { "date", { "date", "day", "when" } },
    [ACOL_TEXT] = { "text",
                    { "text", "note", "notes", "description", "subject",
                      "comment" } },
    [ACOL_AUTHOR] = { "author", { "author", "by", "user", "staff" } },
};

struct header {
    char *text; /* as the file spells it, trimmed */
    bool warned;
};

struct reader {
    struct activity_import_result *r;
    const char *today;
    struct csv_rows *rows;
    bool header_done;
    int colof[ACOL__COUNT]; /* column index, or -1 */
    struct header *cols;
    size_t ncols, cols_alloc;
};

const char *
activity_import_column_name(enum activity_import_column c)
{
    return (unsigned)c < ACOL__COUNT ? COLUMNS[c].name : "";
}

void
activity_import_result_init(struct activity_import_result *r)
{
    memset(r, 0, sizeof(*r));
    r->delimiter = ',';
    for (int c = 0; c < ACOL__COUNT; c++)
        r->columns[c] = xstrdup(COLUMNS[c].name);
}

static void
row_release(struct activity_import_row *row)
{
    free(row->organisation);
    free(row->registration_no);
    free(row->contact);
    free(row->text);
    free(row->author);
}

void
activity_import_result_release(struct activity_import_result *r)
{
    for (size_t i = 0; i < r->nrows; i++)
        row_release(&r->rows[i]);
    free(r->rows);
    for (size_t i = 0; i < r->nerrors; i++) {
        free(r->errors[i].column);
        free(r->errors[i].message);
    }
    free(r->errors);
    for (size_t i = 0; i < r->nwarnings; i++)
        free(r->warnings[i]);
    free(r->warnings);
    for (int c = 0; c < ACOL__COUNT; c++)
        free(r->columns[c]);
    memset(r, 0, sizeof(*r));
}

/*
 * Appends a fault unless the list is full; the entry past the cap says
 * so. Returns false once the cap is reached: reading should stop.
 */
static bool
push_error(struct activity_import_result *r, int line, enum err_code code,
           const char *column, const char *message)
{
    if (r->nerrors > CSV_IMPORT_MAX_ERRORS)
        return false;
    ALLOC_GROW(r->errors, r->nerrors + 1, r->errors_alloc);
    struct import_error *e = &r->errors[r->nerrors++];
    if (r->nerrors == CSV_IMPORT_MAX_ERRORS + 1) {
        struct buf msg = BUF_INIT;
        buf_addf(&msg,
                 "There are more than %d errors; the check stopped at line "
                 "%d. Fix these and try again.",
                 CSV_IMPORT_MAX_ERRORS, line);
        e->line = 0;
        e->code = ERR_TOO_LARGE;
        e->column = xstrdup("");
        e->message = buf_detach(&msg, NULL);
        return false;
    }
    e->line = line;
    e->code = code;
    e->column = xstrdup(column);
    e->message = xstrdup(message);
    return true;
}

void
activity_import_add_error(struct activity_import_result *r, int line,
                          enum activity_import_column c, const char *message)
{
    push_error(r, line, ERR_INVALID, r->columns[c], message);
}

static void add_error(struct reader *rd, int line, enum err_code code,
                      const char *column, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void
add_error(struct reader *rd, int line, enum err_code code, const char *column,
          const char *fmt, ...)
{
    struct buf msg = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vaddf(&msg, fmt, ap);
    va_end(ap);
    if (!push_error(rd->r, line, code, column, msg.s))
        rd->rows->stop = true;
    buf_release(&msg);
}

static void add_warning(struct reader *rd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
add_warning(struct reader *rd, const char *fmt, ...)
{
    struct activity_import_result *r = rd->r;
    struct buf msg = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vaddf(&msg, fmt, ap);
    va_end(ap);
    ALLOC_GROW(r->warnings, r->nwarnings + 1, r->warnings_alloc);
    r->warnings[r->nwarnings++] = buf_detach(&msg, NULL);
}

/* s cut to 60 characters for a message: a paragraph stays readable. */
static const char *
shown(struct buf *b, const char *s)
{
    size_t len = strlen(s), cut = 0, chars = 0;
    buf_reset(b);
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

static int
match_header(const char *key)
{
    for (int c = 0; c < ACOL__COUNT; c++) {
        struct buf api = BUF_INIT;
        csv_header_key(&api, COLUMNS[c].name);
        bool hit = strcmp(api.s, key) == 0;
        buf_release(&api);
        for (size_t a = 0; !hit && a < MAX_ALIASES && COLUMNS[c].aliases[a];
             a++)
            hit = strcmp(COLUMNS[c].aliases[a], key) == 0;
        if (hit)
            return c;
    }
    return -1;
}

static void
read_header(struct reader *rd)
{
    struct csv_rows *rows = rd->rows;
    struct activity_import_result *r = rd->r;
    int line = rows->line;
    size_t errors = r->nerrors;

    rd->header_done = true;
    if (rows->nvalues > CSV_IMPORT_MAX_COLUMNS)
        add_error(rd, line, ERR_TOO_LARGE, "",
                  "The first line names more than %d columns.",
                  CSV_IMPORT_MAX_COLUMNS);
    else if (rows->too_long)
        add_error(rd, line, ERR_TOO_LARGE, "",
                  "This value is longer than %d bytes.",
                  ACTIVITY_IMPORT_MAX_FIELD);
    if (r->nerrors != errors) {
        rows->stop = true;
        return;
    }
    for (size_t i = 0; i < rows->nkept; i++) {
        const char *h = csv_rows_value(rows, i);
        struct buf key = BUF_INIT;
        csv_header_key(&key, h);
        ALLOC_GROW(rd->cols, rd->ncols + 1, rd->cols_alloc);
        rd->cols[rd->ncols].text = xstrdup(h);
        rd->cols[rd->ncols].warned = false;
        rd->ncols++;
        int c = key.len ? match_header(key.s) : -1;
        if (c >= 0 && rd->colof[c] >= 0) {
            add_error(rd, line, ERR_INVALID, h,
                      "The columns \"%s\" and \"%s\" both give the %s; keep "
                      "one.",
                      rd->cols[rd->colof[c]].text, h, COLUMNS[c].name);
        } else if (c >= 0) {
            rd->colof[c] = (int)i;
            r->has_column[c] = true;
            free(r->columns[c]);
            r->columns[c] = xstrdup(h);
        } else if (key.len) {
            bool twice = false;
            for (size_t j = 0; j + 1 < rd->ncols && !twice; j++) {
                struct buf other = BUF_INIT;
                csv_header_key(&other, rd->cols[j].text);
                twice = strcmp(other.len ? other.s : "", key.s) == 0;
                buf_release(&other);
            }
            if (twice)
                add_error(rd, line, ERR_INVALID, h,
                          "The column \"%s\" appears twice.", h);
            else
                add_warning(
                    rd, "The column \"%s\" is not known and was ignored.", h);
        }
        buf_release(&key);
    }
    if (rd->colof[ACOL_ORGANISATION] < 0 &&
        rd->colof[ACOL_REGISTRATION_NO] < 0 &&
        rd->colof[ACOL_ORGANISATION_ID] < 0)
        add_error(rd, line, ERR_INVALID, COLUMNS[ACOL_ORGANISATION].name,
                  "The first line must name the columns, and one of them "
                  "must give the organisation: \"organisation\" (its name), "
                  "\"registration no\" or \"organisation id\".");
    if (rd->colof[ACOL_KIND] < 0)
        add_error(rd, line, ERR_INVALID, COLUMNS[ACOL_KIND].name,
                  "The file needs a column \"kind\": what each activity was.");
    if (rd->colof[ACOL_DATE] < 0)
        add_error(rd, line, ERR_INVALID, COLUMNS[ACOL_DATE].name,
                  "The file needs a column \"date\": the day of each "
                  "activity.");
    if (r->nerrors != errors)
        rows->stop = true;
    rows->keep = rd->ncols;
}

static const char *
value(const struct reader *rd, enum activity_import_column c)
{
    int col = rd->colof[c];
    return col < 0 ? "" : csv_rows_value(rd->rows, (size_t)col);
}

/* An organisation id: 1 to 18 digits, not 0. */
static int
parse_id(const char *s, int64_t *out)
{
    int64_t v = 0;
    size_t n = 0;
    for (; *s; s++, n++) {
        if (*s < '0' || *s > '9' || n >= 18)
            return -1;
        v = v * 10 + (*s - '0');
    }
    if (!v)
        return -1;
    *out = v;
    return 0;
}

/* Checks one row's values into row; faults go to the list. */
static void
build_row(struct reader *rd, struct activity_import_row *row)
{
    struct activity_import_result *r = rd->r;
    int line = rd->rows->line;
    struct buf b = BUF_INIT;
    const char *v;

    row->line = line;
    row->organisation = xstrdup(value(rd, ACOL_ORGANISATION));
    row->registration_no = xstrdup(value(rd, ACOL_REGISTRATION_NO));
    v = value(rd, ACOL_ORGANISATION_ID);
    if (*v && parse_id(v, &row->organisation_id))
        add_error(rd, line, ERR_INVALID, r->columns[ACOL_ORGANISATION_ID],
                  "\"%s\" is not an organisation id (a whole number, as in "
                  "the address /organisations/42).",
                  shown(&b, v));
    else if (!*v && !*row->organisation && !*row->registration_no)
        add_error(
            rd, line, ERR_INVALID,
            r->columns[rd->colof[ACOL_ORGANISATION] >= 0 ? ACOL_ORGANISATION
                       : rd->colof[ACOL_REGISTRATION_NO] >= 0
                           ? ACOL_REGISTRATION_NO
                           : ACOL_ORGANISATION_ID],
            "Give the organisation of this activity: its name, "
            "registration number or id.");

    row->contact = xstrdup(value(rd, ACOL_CONTACT));
    if (strchr(row->contact, '@'))
        for (char *p = row->contact; *p; p++)
            if (*p >= 'A' && *p <= 'Z')
                *p = (char)(*p + 32);

    v = value(rd, ACOL_KIND);
    if (!*v) {
        add_error(rd, line, ERR_INVALID, r->columns[ACOL_KIND],
                  "Give the kind of activity.");
    } else if (activity_kind_parse(v, &row->kind)) {
        struct buf names = BUF_INIT;
        for (int k = 0; k < ACTIVITY__COUNT; k++)
            buf_addf(&names, "%s%s", k ? ", " : "",
                     activity_kind_name((enum activity_kind)k));
        add_error(rd, line, ERR_INVALID, r->columns[ACOL_KIND],
                  "The kind \"%s\" is not known. Use one of: %s (or its "
                  "label, such as \"E-mail sent\").",
                  shown(&b, v), names.s);
        buf_release(&names);
    }

    v = value(rd, ACOL_DATE);
    if (!*v)
        add_error(rd, line, ERR_INVALID, r->columns[ACOL_DATE],
                  "Give the day of the activity.");
    else if (csv_parse_date(v, row->date))
        add_error(rd, line, ERR_INVALID, r->columns[ACOL_DATE],
                  "\"%s\" is not a day; write it as YYYY-MM-DD, DD.MM.YYYY "
                  "or DD/MM/YYYY.",
                  shown(&b, v));
    else if (strcmp(row->date, rd->today) > 0)
        add_error(rd, line, ERR_INVALID, r->columns[ACOL_DATE],
                  "%s is in the future; only what has happened can be "
                  "recorded.",
                  row->date);

    v = value(rd, ACOL_TEXT);
    if (text_utf8_len(v, strlen(v)) > ACTIVITY_IMPORT_MAX_TEXT)
        add_error(rd, line, ERR_INVALID, r->columns[ACOL_TEXT],
                  "The text is longer than %d characters.",
                  ACTIVITY_IMPORT_MAX_TEXT);
    row->text = xstrdup(v);

    v = value(rd, ACOL_AUTHOR);
    if (text_utf8_len(v, strlen(v)) > MAX_AUTHOR)
        add_error(rd, line, ERR_INVALID, r->columns[ACOL_AUTHOR],
                  "The author is longer than %d characters.", MAX_AUTHOR);
    row->author = xstrdup(v);
    buf_release(&b);
}

static void
read_row(struct reader *rd)
{
    struct csv_rows *rows = rd->rows;
    struct activity_import_result *r = rd->r;
    int line = rows->line;
    size_t errors = r->nerrors;
    struct activity_import_row row;

    if (csv_rows_blank(rows))
        return;
    for (size_t i = 0; i < rows->nkept; i++) {
        if (*csv_rows_value(rows, i) && !*rd->cols[i].text &&
            !rd->cols[i].warned) {
            add_warning(rd,
                        "Column %zu has values but no name on the first "
                        "line; they were ignored.",
                        i + 1);
            rd->cols[i].warned = true;
        }
    }
    if (++r->read > CSV_IMPORT_MAX_ROWS) {
        r->read--;
        add_error(rd, line, ERR_TOO_LARGE, "",
                  "The file has more than %d rows; split it into smaller "
                  "files.",
                  CSV_IMPORT_MAX_ROWS);
        rows->stop = true;
        return;
    }
    if (rows->too_long) {
        size_t idx = rows->too_long - 1;
        add_error(
            rd, line, ERR_TOO_LARGE, idx < rd->ncols ? rd->cols[idx].text : "",
            "This value is longer than %d bytes.", ACTIVITY_IMPORT_MAX_FIELD);
        return;
    }
    if (rows->extra)
        add_error(rd, line, ERR_INVALID, "",
                  "This row has %zu values, but the first line names only "
                  "%zu columns.",
                  rows->nvalues, rd->ncols);

    memset(&row, 0, sizeof(row));
    build_row(rd, &row);
    if (r->nerrors != errors) {
        row_release(&row);
        return;
    }
    ALLOC_GROW(r->rows, r->nrows + 1, r->rows_alloc);
    r->rows[r->nrows++] = row;
}

static void
on_row(struct csv_rows *rows)
{
    struct reader *rd = rows->ctx;
    if (rd->header_done)
        read_row(rd);
    else
        read_header(rd);
}

static void
on_error(struct csv_rows *rows, int line, enum err_code code,
         const char *message)
{
    struct reader *rd = rows->ctx;
    add_error(rd, line, code, "", "%s", message);
}

int
activity_import_parse(const char *data, size_t len, const char *today,
                      struct activity_import_result *r)
{
    struct reader rd;
    struct csv_rows rows;

    memset(&rd, 0, sizeof(rd));
    rd.r = r;
    rd.today = today;
    rd.rows = &rows;
    for (int c = 0; c < ACOL__COUNT; c++)
        rd.colof[c] = -1;
    csv_rows_init(&rows, on_row, on_error, &rd);
    rows.max_field = ACTIVITY_IMPORT_MAX_FIELD;
    csv_rows_read(&rows, data, len);
    r->delimiter = rows.delimiter;
    if (!rd.header_done && !r->nerrors)
        add_error(&rd, 1, ERR_INVALID, "",
                  "The file is empty: its first line must name the columns.");
    for (size_t i = 0; i < rd.ncols; i++)
        free(rd.cols[i].text);
    free(rd.cols);
    csv_rows_release(&rows);
    return r->nerrors ? -1 : 0;
}
