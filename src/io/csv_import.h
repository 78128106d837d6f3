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

#endif
