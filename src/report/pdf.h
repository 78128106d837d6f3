/*
 * A4 PDF documents written into a struct buf: pages with a running
 * cursor, text, rules, simple tables, a footer on every page, and the one
 * date form every report uses ("1 July 2027"). Used by invoice_pdf.c and
 * board_pdf.c; nothing here knows about invoices or members.
 */
#ifndef CD_PDF_H
#define CD_PDF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "base/buf.h"
#include "base/err.h"
#include "report/chart.h"

/* A4 in points, and the margin around the text. */
#define PDF_PAGE_W 595.28
#define PDF_PAGE_H 841.89
#define PDF_MARGIN 50.0
#define PDF_LEFT PDF_MARGIN
#define PDF_RIGHT (PDF_PAGE_W - PDF_MARGIN)
#define PDF_WIDTH (PDF_PAGE_W - 2 * PDF_MARGIN)
/* Text stops here; below is the footer. */
#define PDF_BOTTOM (PDF_PAGE_H - PDF_MARGIN - 20)

/* Colours (0xRRGGBB) shared by the documents. */
#define PDF_TEXT 0x212529
#define PDF_MUTED 0x6c757d
#define PDF_RULE 0xdee2e6
#define PDF_ACCENT 0x0d6efd
#define PDF_DANGER 0xdc3545
#define PDF_SUCCESS 0x198754
#define PDF_SHADE 0xf1f3f5

struct pdf {
    cairo_surface_t *surface;
    cairo_t *cr;
    PangoLayout *layout;
    double y;           /* the cursor: top of the next block */
    int page;           /* 1-based */
    const char *footer; /* borrowed; left part of every page's footer */
    struct buf *out;
    size_t start; /* out->len before the document */
};

/*
 * Starts a document appended to out, titled title (the PDF metadata),
 * with the cursor at the top of page 1. Always succeeds; pdf_end reports
 * any failure. footer may be NULL.
 */
void pdf_begin(struct pdf *p, struct buf *out, const char *title,
               const char *footer);
/* Ends the page (drawing its footer) and starts the next. */
void pdf_page_break(struct pdf *p);
/* Starts a new page unless h points are left above the footer. */
void pdf_need(struct pdf *p, double h);
/* Ends the document. 0, or -1 with ERR_INTERNAL and out as before
 * pdf_begin. Releases everything either way. */
int pdf_end(struct pdf *p, struct err *err);

/* chart_text on the page; returns the height used. */
double pdf_text(struct pdf *p, double x, double y, double w, double size,
                unsigned flags, uint32_t rgb, const char *s);
/* The height s takes wrapped to w. */
double pdf_text_height(struct pdf *p, double w, double size, unsigned flags,
                       const char *s);
/* A horizontal line of the given width at y. */
void pdf_rule(struct pdf *p, double x, double y, double w, double line,
              uint32_t rgb);
/* A filled rectangle. */
void pdf_box(struct pdf *p, double x, double y, double w, double h,
             uint32_t rgb);

/* A table column: its header, width (points) and alignment. */
struct pdf_col {
    const char *title;
    double w;
    bool right;
};
enum pdf_row_flags {
    PDF_ROW_BOLD = 1 << 0,  /* a total */
    PDF_ROW_SHADE = 1 << 1, /* a light background */
};
/* The header row of a table at the cursor, x at the left margin. */
void pdf_table_head(struct pdf *p, const struct pdf_col *cols, size_t ncols);
/* One row of ncols cells (NULL is empty), wrapped within the columns; on
 * a new page when it does not fit, with the header repeated. */
void pdf_table_row(struct pdf *p, const struct pdf_col *cols, size_t ncols,
                   const char *const *cells, unsigned flags);

/* "1 July 2027" for a day number (base/date.h); out >= 24 bytes. */
void pdf_date(int32_t day, char out[24]);
/* The same for "YYYY-MM-DD"; other text is copied as it is ("" for NULL). */
void pdf_date_iso(const char *iso, char out[24]);

#endif
