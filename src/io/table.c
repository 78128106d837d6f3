/*
 * Tables written as CSV by hand (quoting is a few lines) and as XLSX by
 * libxlsxwriter, which can only write to a named file: we give it a
 * private temporary file and read that back.
 */
#include "io/table.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "base/mem.h"
#include "base/text.h"

/* Column widths in characters, as Excel counts them. */
#define TABLE_MIN_WIDTH 8
#define TABLE_MAX_WIDTH 60
/* Excel's limit on one cell's text. */
#define TABLE_XLSX_MAX_CELL 32767

struct table {
    size_t ncols;
    char **headers;
    char **cells; /* row after row, ncols each */
    size_t nrows;
    size_t cells_alloc;
};

static char **
copy_cells(char **dst, size_t n, const char *const *src)
{
    for (size_t i = 0; i < n; i++)
        dst[i] = xstrdup(src && src[i] ? src[i] : "");
    return dst;
}

struct table *
table_new(size_t ncols, const char *const *headers)
{
    struct table *t = xcalloc(1, sizeof(*t));
    t->ncols = ncols;
    t->headers = copy_cells(xcalloc(ncols, sizeof(char *)), ncols, headers);
    return t;
}

void
table_free(struct table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->ncols; i++)
        free(t->headers[i]);
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    free(t->headers);
    free(t->cells);
    free(t);
}

void
table_add_row(struct table *t, const char *const *cells)
{
    size_t used = t->nrows * t->ncols;
    ALLOC_GROW(t->cells, used + t->ncols, t->cells_alloc);
    copy_cells(t->cells + used, t->ncols, cells);
    t->nrows++;
}

size_t
table_ncols(const struct table *t)
{
    return t->ncols;
}

size_t
table_nrows(const struct table *t)
{
    return t->nrows;
}

/*
 * Cells starting like a formula are shown as text (OWASP's CSV injection
 * advice): =, + and - start formulas, @ starts a function call, and a
 * leading tab or CR is trimmed by some readers before they look.
 */
static bool
looks_like_formula(const char *s)
{
    return *s && strchr("=+-@\t\r", *s) != NULL;
}

static void
csv_cell(struct buf *out, const char *s)
{
    size_t len = strlen(s);
    bool quote = strpbrk(s, ",;\"\r\n") != NULL ||
                 (len && (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' ||
                          s[len - 1] == '\t'));
    if (quote)
        buf_addc(out, '"');
    if (looks_like_formula(s))
        buf_addc(out, '\'');
    for (; *s; s++) {
        if (*s == '"')
            buf_addc(out, '"');
        buf_addc(out, *s);
    }
    if (quote)
        buf_addc(out, '"');
}

static void
csv_line(struct buf *out, char *const *cells, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            buf_addc(out, ',');
        csv_cell(out, cells[i]);
    }
    buf_adds(out, "\r\n");
}

int
table_write_csv(const struct table *t, struct buf *out)
{
    buf_adds(out, "\xEF\xBB\xBF");
    csv_line(out, t->headers, t->ncols);
    for (size_t r = 0; r < t->nrows; r++)
        csv_line(out, t->cells + r * t->ncols, t->ncols);
    return 0;
}

/* Width of the longest line of s, in characters. */
static size_t
cell_width(const char *s)
{
    size_t widest = 0;
    while (*s) {
        size_t n = strcspn(s, "\r\n");
        size_t w = text_utf8_len(s, n);
        widest = w > widest ? w : widest;
        s += n;
        s += strspn(s, "\r\n");
    }
    return widest;
}

static void
set_widths(const struct table *t, lxw_worksheet *ws)
{
    for (size_t c = 0; c < t->ncols; c++) {
        size_t w = cell_width(t->headers[c]);
        for (size_t r = 0; r < t->nrows && w < TABLE_MAX_WIDTH; r++) {
            size_t cw = cell_width(t->cells[r * t->ncols + c]);
            w = cw > w ? cw : w;
        }
        /* Room for the filter button beside the header. */
        w += 2;
        w = w < TABLE_MIN_WIDTH ? TABLE_MIN_WIDTH : w;
        w = w > TABLE_MAX_WIDTH ? TABLE_MAX_WIDTH : w;
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, (double)w, NULL);
    }
}

/* bold heads the columns; wrap shows a value's line breaks. */
static int
write_cells(const struct table *t, lxw_worksheet *ws, lxw_format *bold,
            lxw_format *wrap, struct err *err)
{
    for (size_t c = 0; c < t->ncols; c++) {
        if (worksheet_write_string(ws, 0, (lxw_col_t)c, t->headers[c], bold))
            return err_set(err, ERR_TOO_LARGE, "",
                           "A column header is too long for Excel.");
    }
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t c = 0; c < t->ncols; c++) {
            const char *s = t->cells[r * t->ncols + c];
            if (!*s)
                continue;
            if (text_utf8_len(s, strlen(s)) > TABLE_XLSX_MAX_CELL ||
                worksheet_write_string(ws, (lxw_row_t)(r + 1), (lxw_col_t)c, s,
                                       strchr(s, '\n') ? wrap : NULL))
                return err_set(err, ERR_TOO_LARGE, "",
                               "A value in row %zu is longer than the "
                               "%d characters an Excel cell holds.",
                               r + 1, TABLE_XLSX_MAX_CELL);
        }
    }
    return 0;
}

static int
read_file(const char *path, struct buf *out)
{
    int rc = -1;
    FILE *f = fopen(path, "rb");
    if (!f)
        goto out;
    for (;;) {
        buf_grow(out, 65536);
        size_t n = fread(out->s + out->len, 1, out->alloc - out->len - 1, f);
        buf_setlen(out, out->len + n);
        if (n == 0)
            break;
    }
    rc = ferror(f) ? -1 : 0;
out:
    if (f)
        fclose(f);
    return rc;
}

int
table_write_xlsx(const struct table *t, const char *sheet_name, struct buf *out,
                 struct err *err)
{
    int rc = -1;
    int fd = -1;
    lxw_workbook *wb = NULL;
    struct buf path = BUF_INIT, file = BUF_INIT;
    const char *tmpdir = getenv("TMPDIR");
    /*
     * Rows are written in order, so libxlsxwriter may stream them to its
     * own temporary files instead of holding every cell in memory.
     */
    lxw_workbook_options options = { .constant_memory = LXW_TRUE };

    if (!tmpdir || !*tmpdir)
        tmpdir = "/tmp";
    options.tmpdir = (char *)tmpdir;
    if (!sheet_name)
        sheet_name = "Sheet1";
    if (t->nrows >= LXW_ROW_MAX || t->ncols > LXW_COL_MAX) {
        err_set(err, ERR_TOO_LARGE, "",
                "Excel holds at most %d rows and %d columns; export as CSV.",
                LXW_ROW_MAX - 1, LXW_COL_MAX);
        goto out;
    }
    buf_addf(&path, "%s/clusterdesk-xlsx-XXXXXX", tmpdir);
    fd = mkstemp(path.s);
    if (fd < 0) {
        err_set(err, ERR_INTERNAL, "",
                "Could not create a temporary file "
                "in %s: %s.",
                tmpdir, strerror(errno));
        goto out;
    }
    wb = workbook_new_opt(path.s, &options);
    if (!wb) {
        err_set(err, ERR_INTERNAL, "", "Could not start the workbook.");
        goto out;
    }
    if (workbook_validate_sheet_name(wb, sheet_name)) {
        err_set(err, ERR_INVALID, "sheet_name",
                "A sheet name has at most 31 characters and none of "
                "[ ] : * ? / \\.");
        goto out;
    }
    lxw_worksheet *ws = workbook_add_worksheet(wb, sheet_name);
    lxw_format *bold = workbook_add_format(wb);
    lxw_format *wrap = workbook_add_format(wb);
    if (!ws || !bold || !wrap) {
        err_set(err, ERR_INTERNAL, "", "Could not add the worksheet.");
        goto out;
    }
    format_set_bold(bold);
    format_set_text_wrap(wrap);
    set_widths(t, ws);
    worksheet_freeze_panes(ws, 1, 0);
    if (t->ncols)
        worksheet_autofilter(ws, 0, 0, (lxw_row_t)t->nrows,
                             (lxw_col_t)(t->ncols - 1));
    if (write_cells(t, ws, bold, wrap, err))
        goto out;
    lxw_error closed = workbook_close(wb);
    wb = NULL;
    if (closed) {
        err_set(err, ERR_INTERNAL, "", "Could not write the workbook: %s.",
                lxw_strerror(closed));
        goto out;
    }
    if (read_file(path.s, &file)) {
        err_set(err, ERR_INTERNAL, "", "Could not read the workbook back.");
        goto out;
    }
    buf_add(out, file.s, file.len);
    rc = 0;
out:
    /* Closing is the only way to free a workbook; its file goes below. */
    if (wb)
        workbook_close(wb);
    if (fd >= 0) {
        close(fd);
        unlink(path.s);
    }
    buf_release(&path);
    buf_release(&file);
    return rc;
}
