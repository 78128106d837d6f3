/*
 * Reads an organisation/contact spreadsheet export (CSV) into validated
 * organisations with their contacts, ready for the store to write in one
 * transaction. It parses with libcsv, matches columns by header name and
 * alias, checks every row with org_validate and contact_validate, and
 * groups rows that name the same organisation. It never opens a file,
 * speaks SQL or HTTP, or reads the clock: the input is a byte buffer and
 * "today" is passed in. docs/import.md is the user's side of this
 * contract.
 *
 * All errors in the file are collected (up to CSV_IMPORT_MAX_ERRORS), each
 * with the physical line a row starts on and the column header as the
 * file spells it, so a user can fix the whole file in one go.
 */
#ifndef CD_CSV_IMPORT_H
#define CD_CSV_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"
#include "core/org.h"

/* Limits; input beyond them gives an ERR_TOO_LARGE error entry. */
#define CSV_IMPORT_MAX_BYTES (20 * 1024 * 1024)
#define CSV_IMPORT_MAX_ROWS 100000
#define CSV_IMPORT_MAX_FIELD 10000 /* bytes in one value */
#define CSV_IMPORT_MAX_COLUMNS 200
/* After this many errors one "too many errors" entry ends the list. */
#define CSV_IMPORT_MAX_ERRORS 1000

/*
 * One fault in the file. line is the physical line (from 1, the header)
 * on which the offending row starts, or 0 for the file as a whole.
 * column is the header as written in the file, the API field name when
 * the fault is not tied to a column the file has ("kind"), or "" when it
 * concerns the whole row or file. code is ERR_INVALID for content,
 * ERR_BAD_REQUEST for encoding and quoting, ERR_TOO_LARGE for limits.
 */
struct import_error {
    int line;
    enum err_code code;
    char *column;
    char *message;
};

/*
 * The lead columns of an organisation (docs/import.md, "Leads"): what the
 * funnel knows of it beyond the register. Empty text, dnc -1 and
 * owner_line 0 mean "not given": the stored value is kept.
 */
struct import_lead {
    char *source;     /* up to 100 characters */
    char *owner;      /* a user's e-mail, lower case */
    int owner_line;   /* the line that gives owner */
    int64_t owner_id; /* the user, filled by import_store_match */
    char since[11];   /* in the base from: YYYY-MM-DD, not after today */
    int dnc;          /* do not contact: -1 not given, 0 no, 1 yes */
    char dnc_on[11];  /* with dnc 1: from this day (today for "yes") */
    bool dnc_dated;   /* the file gave the day, not just "yes" */
};

struct import_contact {
    int line;
    struct contact contact; /* validated */
};

/*
 * One organisation, merged from every row that names it. org holds the
 * first non-empty value the file gives for each field, validated.
 * kind_given is false when no row gave a kind: org.kind is then
 * ORG_KIND_OTHER, and an update of a stored organisation should keep its
 * kind. Empty text fields and ORG_EMPLOYEES_UNKNOWN likewise mean "not
 * given".
 */
struct import_org {
    int line; /* first line */
    struct org org;
    bool kind_given;
    int *lines; /* every line that names it, ascending */
    size_t nlines, lines_alloc;
    struct import_contact *contacts;
    size_t ncontacts, contacts_alloc;
    struct import_lead lead;
};

/*
 * What a parse found. Everything in it is owned by the result and freed
 * by import_result_release. orgs are in the order of their first line.
 * When nerrors > 0 the file must not be imported (all-or-nothing), and
 * orgs holds only the rows without faults. warnings are sentences about
 * what was ignored ("The column "Fax" is not known and was ignored.").
 */
struct import_result {
    struct import_org *orgs;
    size_t norgs, orgs_alloc;
    struct import_error *errors;
    size_t nerrors, errors_alloc;
    char **warnings;
    size_t nwarnings, warnings_alloc;
    size_t rows;    /* data rows read, fully empty ones not counted */
    char delimiter; /* ',', ';' or '\t' */
    bool has_lead;  /* the file has a lead column */
    /* The owner column as the file spells it ("owner" when absent), for
     * the errors of import_store_match. */
    char *owner_column;
};

void import_result_init(struct import_result *r);
void import_result_release(struct import_result *r);

/*
 * Parses and validates data[0..len) (UTF-8, optional BOM) into r, which
 * must have been set up with import_result_init and is filled even when
 * the file has faults. today ("YYYY-MM-DD") dates consents given without
 * a date and bounds consent dates. Returns 0 when r has no errors, -1
 * otherwise. A file with a header and no data rows is not an error:
 * r->rows is 0.
 */
int csv_import_parse(const char *data, size_t len, const char *today,
                     struct import_result *r);

/* Appends an error to r (a check made after the parse, such as one
 * against the store); column and message are copied. */
void import_result_add_error(struct import_result *r, int line,
                             enum err_code code, const char *column,
                             const char *message);

/* ---- the reading shared by the imports (io/activity_import.c too) ---- */

/*
 * Reads CSV rows for an import: the byte cap, a BOM, the delimiter (';'
 * or ',' by the first line, else a tab), UTF-8 checked line by line, and
 * libcsv fed one physical line at a time so each row knows the line it
 * starts on. Each row's values are trimmed and a formula guard
 * apostrophe ("'=1") is taken off. Set up with csv_rows_init, then
 * csv_rows_read calls row() for each row (the header too) and error()
 * for faults of encoding, quoting and the byte cap, with their sentence.
 */
struct csv_rows {
    /* Set by the caller; row() may change keep and stop. */
    void (*row)(struct csv_rows *rows);
    void (*error)(struct csv_rows *rows, int line, enum err_code code,
                  const char *message);
    void *ctx;
    size_t max_field; /* bytes in one value: CSV_IMPORT_MAX_FIELD */
    size_t keep;      /* values of a row kept; the rest only counted */
    bool stop;        /* set to read no further */

    /* For row(): */
    char delimiter;
    int line;        /* the physical line the row starts on */
    size_t nvalues;  /* values the row has, kept or not */
    size_t nkept;    /* values kept: the first min(nvalues, keep) */
    bool extra;      /* a non-empty value beyond keep */
    size_t too_long; /* 1 + the index of a value over max_field, or 0 */

    /* Internal. */
    struct buf cells;
    size_t *offs;
    size_t offs_alloc;
    int phys_line;
    bool in_row;
};

void csv_rows_init(struct csv_rows *rows, void (*row)(struct csv_rows *rows),
                   void (*error)(struct csv_rows *rows, int line,
                                 enum err_code code, const char *message),
                   void *ctx);
void csv_rows_release(struct csv_rows *rows);
/* Value i of the current row, "" when not kept. Lives until row()
 * returns. */
const char *csv_rows_value(const struct csv_rows *rows, size_t i);
/* True when no kept value has text and nothing was cut (a blank row). */
bool csv_rows_blank(const struct csv_rows *rows);
/*
 * Reads data[0..len). Returns whether the file had a row at all; after
 * a fault of quoting no more rows are read, but every line is still
 * checked for encoding.
 */
bool csv_rows_read(struct csv_rows *rows, const char *data, size_t len);

/*
 * Lower case, '_' and runs of white space as one space, trimmed: the
 * form in which headers are compared ("Contact_Email " is "contact
 * email").
 */
void csv_header_key(struct buf *out, const char *h);

/* A yes/no cell: yes, true, 1, x; no, false, 0 or empty; any case.
 * Returns -1 for anything else. */
int csv_parse_bool(const char *s, bool *out);

/*
 * A date cell: YYYY-MM-DD, DD.MM.YYYY or DD/MM/YYYY, a real day. Writes
 * YYYY-MM-DD into out and returns 0, or -1.
 */
int csv_parse_date(const char *s, char out[11]);

/*
 * A string-keyed hash table to indexes (open addressing, FNV-1a), for
 * matching the rows of a file among themselves and against the store's
 * keys in linear time. Zero-initialise; keys are copied.
 */
struct import_keymap_slot {
    char *key; /* NULL when the slot is free */
    uint64_t hash;
    size_t value;
};
struct import_keymap {
    struct import_keymap_slot *slots;
    size_t cap; /* a power of two, or 0 */
    size_t n;
};
bool import_keymap_get(const struct import_keymap *m, const char *key,
                       size_t *value);
/* Sets key to value, adding the key when it is new. */
void import_keymap_put(struct import_keymap *m, const char *key, size_t value);
void import_keymap_release(struct import_keymap *m);

#endif
