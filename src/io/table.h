/*
 * A table of UTF-8 text cells under a row of column headers, written out
 * as CSV or XLSX for the "export" button of every list. It knows nothing
 * of what the cells mean: callers fill it from store results. It never
 * writes a value so that a spreadsheet would run it as a formula.
 */
#ifndef CD_TABLE_H
#define CD_TABLE_H

#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"

struct table;

/*
 * Returns a new empty table of ncols columns headed by copies of
 * headers[0..ncols) (NULL counts as ""). The caller owns it and frees it
 * with table_free.
 */
struct table *table_new(size_t ncols, const char *const *headers);
void table_free(struct table *t);

/* Appends a row of copies of cells[0..ncols); a NULL cell is empty. */
void table_add_row(struct table *t, const char *const *cells);

size_t table_ncols(const struct table *t);
size_t table_nrows(const struct table *t);

/*
 * Appends the table to out as CSV (RFC 4180): a UTF-8 byte order mark so
 * that Excel reads Cyrillic right, comma-separated, CRLF line ends, and a
 * value in double quotes when it holds a comma, semicolon, quote, line
 * break or outer white space. A value starting with = + - @, tab or CR
 * gets a leading apostrophe, so a spreadsheet shows it as text instead of
 * running it (csv_import_parse takes the apostrophe off again). Returns 0.
 */
int table_write_csv(const struct table *t, struct buf *out);

/*
 * Appends the table to out as an XLSX workbook of one sheet named
 * sheet_name (NULL for "Sheet1"): the header row bold and frozen, every
 * cell a text cell, columns as wide as their content up to a cap. The
 * workbook is built in a temporary file in $TMPDIR (default /tmp) that is
 * removed before return. Returns 0, or -1 with err filled: ERR_INVALID
 * for a sheet name Excel refuses, ERR_TOO_LARGE for more rows or longer
 * values than Excel holds, ERR_INTERNAL when the file cannot be written
 * (out is then unchanged).
 */
int table_write_xlsx(const struct table *t, const char *sheet_name,
                     struct buf *out, struct err *err);

#endif
