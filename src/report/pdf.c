/*
 * A4 pages on cairo's PDF surface, streamed into a struct buf. The cursor
 * (p->y) moves down as blocks are added; a block that does not fit goes
 * to a new page. Text goes through chart_text, so the documents and
 * their charts share one font and one way of measuring.
 */
#include "report/pdf.h"

#include <stdio.h>
#include <string.h>

#include <cairo-pdf.h>

#include "base/date.h"

#define CELL_SIZE 9.5
#define HEAD_SIZE 8.0
#define CELL_PAD 5.0

static const char *const MONTHS[12] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December",
};

void
pdf_date(int32_t day, char out[24])
{
    struct date d = date_from_days(day);
    snprintf(out, 24, "%d %s %d", d.day, MONTHS[(d.month - 1) % 12], d.year);
}

void
pdf_date_iso(const char *iso, char out[24])
{
    struct date d;
    if (iso && date_parse(iso, (int)strlen(iso), &d) == 0)
        pdf_date(date_to_days(d), out);
    else
        snprintf(out, 24, "%s", iso ? iso : "");
}

static cairo_status_t
write_buf(void *closure, const unsigned char *data, unsigned int len)
{
    buf_add(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

void
pdf_begin(struct pdf *p, struct buf *out, const char *title, const char *footer)
{
    memset(p, 0, sizeof(*p));
    p->out = out;
    p->start = out->len;
    p->footer = footer;
    p->surface = cairo_pdf_surface_create_for_stream(write_buf, out, PDF_PAGE_W,
                                                     PDF_PAGE_H);
    if (title && *title)
        cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_TITLE,
                                       title);
    cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATOR,
                                   "clusterdesk");
    p->cr = cairo_create(p->surface);
    p->layout = pango_cairo_create_layout(p->cr);
    p->page = 1;
    p->y = PDF_MARGIN;
}

static void
draw_footer(struct pdf *p)
{
    double y = PDF_PAGE_H - PDF_MARGIN + 2;
    char page[32];
    snprintf(page, sizeof(page), "Page %d", p->page);
    pdf_rule(p, PDF_LEFT, y - 6, PDF_WIDTH, 0.5, PDF_RULE);
    if (p->footer)
        pdf_text(p, PDF_LEFT, y, PDF_WIDTH - 60, 7.5, 0, PDF_MUTED, p->footer);
    pdf_text(p, PDF_RIGHT - 60, y, 60, 7.5, CHART_TEXT_RIGHT, PDF_MUTED, page);
}

void
pdf_page_break(struct pdf *p)
{
    draw_footer(p);
    cairo_show_page(p->cr);
    p->page++;
    p->y = PDF_MARGIN;
}

void
pdf_need(struct pdf *p, double h)
{
    if (p->y + h > PDF_BOTTOM && p->y > PDF_MARGIN)
        pdf_page_break(p);
}

int
pdf_end(struct pdf *p, struct err *err)
{
    draw_footer(p);
    cairo_show_page(p->cr);
    cairo_status_t status = cairo_status(p->cr);
    g_object_unref(p->layout);
    cairo_destroy(p->cr);
    cairo_surface_finish(p->surface);
    if (status == CAIRO_STATUS_SUCCESS)
        status = cairo_surface_status(p->surface);
    cairo_surface_destroy(p->surface);
    if (status != CAIRO_STATUS_SUCCESS) {
        buf_setlen(p->out, p->start);
        return err_set(err, ERR_INTERNAL, "", "Writing the PDF failed: %s.",
                       cairo_status_to_string(status));
    }
    return 0;
}

double
pdf_text(struct pdf *p, double x, double y, double w, double size,
         unsigned flags, uint32_t rgb, const char *s)
{
    return chart_text(p->cr, p->layout, x, y, w, size, flags, rgb, s);
}

double
pdf_text_height(struct pdf *p, double w, double size, unsigned flags,
                const char *s)
{
    double h;
    chart_text_size(p->layout, w, size, flags | CHART_TEXT_WRAP, s, NULL, &h);
    return h;
}

void
pdf_rule(struct pdf *p, double x, double y, double w, double line, uint32_t rgb)
{
    chart_rgb(p->cr, rgb);
    cairo_set_line_width(p->cr, line);
    cairo_move_to(p->cr, x, y);
    cairo_line_to(p->cr, x + w, y);
    cairo_stroke(p->cr);
}

void
pdf_box(struct pdf *p, double x, double y, double w, double h, uint32_t rgb)
{
    chart_rgb(p->cr, rgb);
    cairo_rectangle(p->cr, x, y, w, h);
    cairo_fill(p->cr);
}

void
pdf_table_head(struct pdf *p, const struct pdf_col *cols, size_t ncols)
{
    double x = PDF_LEFT, h = 0;
    pdf_need(p, 40);
    for (size_t i = 0; i < ncols; i++) {
        double th =
            pdf_text(p, x + CELL_PAD, p->y, cols[i].w - 2 * CELL_PAD, HEAD_SIZE,
                     CHART_TEXT_BOLD | (cols[i].right ? CHART_TEXT_RIGHT : 0),
                     PDF_MUTED, cols[i].title);
        if (th > h)
            h = th;
        x += cols[i].w;
    }
    p->y += h + 3;
    pdf_rule(p, PDF_LEFT, p->y, x - PDF_LEFT, 1, PDF_TEXT);
    p->y += 1;
}

void
pdf_table_row(struct pdf *p, const struct pdf_col *cols, size_t ncols,
              const char *const *cells, unsigned flags)
{
    unsigned tf =
        CHART_TEXT_WRAP | (flags & PDF_ROW_BOLD ? CHART_TEXT_BOLD : 0);
    double h = 0, total = 0;
    for (size_t i = 0; i < ncols; i++) {
        double th = pdf_text_height(p, cols[i].w - 2 * CELL_PAD, CELL_SIZE, tf,
                                    cells[i] ? cells[i] : "");
        if (th > h)
            h = th;
        total += cols[i].w;
    }
    h += 2 * CELL_PAD;
    if (p->y + h > PDF_BOTTOM) {
        pdf_page_break(p);
        pdf_table_head(p, cols, ncols);
    }
    if (flags & PDF_ROW_SHADE)
        pdf_box(p, PDF_LEFT, p->y, total, h, PDF_SHADE);
    double x = PDF_LEFT;
    for (size_t i = 0; i < ncols; i++) {
        pdf_text(p, x + CELL_PAD, p->y + CELL_PAD, cols[i].w - 2 * CELL_PAD,
                 CELL_SIZE, tf | (cols[i].right ? CHART_TEXT_RIGHT : 0),
                 PDF_TEXT, cells[i] ? cells[i] : "");
        x += cols[i].w;
    }
    p->y += h;
    pdf_rule(p, PDF_LEFT, p->y, total, flags & PDF_ROW_BOLD ? 1 : 0.5,
             flags & PDF_ROW_BOLD ? PDF_TEXT : PDF_RULE);
}
