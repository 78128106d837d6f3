/*
 * Reads an activity file (CSV) into rows that name their organisation,
 * contact and author as the file writes them, with kind and date parsed
 * and checked. Which organisation, contact and user those names are is
 * the store's question (store/activity_import_store.h), answered with one
 * load of the cluster's keys, not a query per row. Like the organisation
 * import (io/csv_import.h, whose reader it shares) it never opens a file,
 * speaks SQL or reads the clock, and collects every fault with its line
 * and the column as the file spells it. docs/import.md, "Activities", is
 * the user's side of this contract.
 */
#ifndef CD_ACTIVITY_IMPORT_H
#define CD_ACTIVITY_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "core/lead.h"
#include "io/csv_import.h"

/* The limits of io/csv_import.h, but a value may hold 10,000 characters
 * of text in any script (up to 4 bytes each). */
#define ACTIVITY_IMPORT_MAX_FIELD 40000
#define ACTIVITY_IMPORT_MAX_TEXT 10000 /* characters */

enum activity_import_column {
    ACOL_ORGANISATION,    /* the organisation's name */
    ACOL_REGISTRATION_NO, /* or its registration number */
    ACOL_ORGANISATION_ID, /* or its id */
    ACOL_CONTACT,         /* a contact's e-mail or name; optional */
    ACOL_KIND,
    ACOL_DATE,
    ACOL_TEXT,
    ACOL_AUTHOR, /* a user's e-mail or name, or anyone's name; optional */
    ACOL__COUNT
};

/* One data row. Strings are owned and never NULL; "" when not given. */
struct activity_import_row {
    int line; /* the physical line the row starts on */
    char *organisation;
    char *registration_no;
    int64_t organisation_id; /* 0 when not given */
    char *contact;           /* an e-mail (lower case) or a name */
    enum activity_kind kind;
    char date[11]; /* YYYY-MM-DD, not after today */
    char *text;    /* up to ACTIVITY_IMPORT_MAX_TEXT characters */
    char *author;
};

/*
 * What a parse found, owned by the result. rows holds the rows without
 * faults, in file order; when nerrors > 0 nothing may be imported.
 * columns[c] is the header the file gives for column c, or its API name
 * ("organisation", "contact", ...) when the file has none: the column
 * named by the store's errors.
 */
struct activity_import_result {
    struct activity_import_row *rows;
    size_t nrows, rows_alloc;
    struct import_error *errors;
    size_t nerrors, errors_alloc;
    char **warnings;
    size_t nwarnings, warnings_alloc;
    size_t read; /* data rows read, blank ones not counted */
    char delimiter;
    bool has_column[ACOL__COUNT];
    char *columns[ACOL__COUNT];
};

void activity_import_result_init(struct activity_import_result *r);
void activity_import_result_release(struct activity_import_result *r);

/* The API name of a column: "organisation", "registration_no", ... */
const char *activity_import_column_name(enum activity_import_column c);

/*
 * Parses data[0..len) (UTF-8, optional BOM, ',' ';' or tab) into r, set
 * up with activity_import_result_init and filled even when the file has
 * faults. today ("YYYY-MM-DD") bounds the dates. Returns 0 when r has no
 * errors, else -1.
 */
int activity_import_parse(const char *data, size_t len, const char *today,
                          struct activity_import_result *r);

/*
 * Adds a fault found after the parse (by the store) at line and column c,
 * keeping the cap of CSV_IMPORT_MAX_ERRORS: past it one note ends the
 * list and later faults are dropped.
 */
void activity_import_add_error(struct activity_import_result *r, int line,
                               enum activity_import_column c,
                               const char *message);

#endif
