/*
 * Charts drawn with cairo and pango: the same code draws the dashboard's
 * SVG images and the charts inside the board report PDF. A chart is a
 * plain description (labels, series of int64 values, reference lines)
 * whose strings and arrays the caller keeps alive while drawing; drawing
 * never fails and never writes outside the rectangle it is given.
 * Nothing here touches the store or the web.
 */
#ifndef CD_CHART_H
#define CD_CHART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "base/buf.h"
#include "base/err.h"

/* The font of every chart and report: it covers Latin and Cyrillic. */
#define CHART_FONT "Noto Sans"

enum chart_kind {
    CHART_LINE,     /* one point per label, joined; e.g. members by month */
    CHART_BARS,     /* vertical bars grouped per label; joins vs leaves */
    CHART_HBARS,    /* one horizontal bar per label; members by kind */
    CHART_PROGRESS, /* series[0]: the whole first, then parts of it drawn
                       over it (expected, invoiced, paid) */
};

#define CHART_MAX_SERIES 6
#define CHART_MAX_LINES 6

struct chart_series {
    const char *name;      /* in the legend; NULL or "" for none */
    const int64_t *values; /* npoints values */
    uint32_t color;        /* 0xRRGGBB; 0 takes the palette's next */
};

/* A horizontal reference line across a line or bar chart. */
struct chart_line {
    int64_t value;
    const char *label; /* "Target 40", "15 (ECCP)" */
    bool strong;       /* the target: coloured and thicker */
};

struct chart {
    enum chart_kind kind;
    const char *title;   /* NULL for none */
    const char *x_title; /* under the x axis; NULL for none */
    const char *y_title; /* beside the y axis; defaults to the currency */
    /* Set when the values are minor units of this ISO 4217 currency:
     * labels use money_format, ticks fall on whole major units. */
    const char *currency;
    const char *const *labels; /* npoints labels, one per point */
    size_t npoints;
    struct chart_series series[CHART_MAX_SERIES];
    size_t nseries;
    struct chart_line lines[CHART_MAX_LINES];
    size_t nlines;
};

/* Zeroes c and sets its kind and title. */
void chart_init(struct chart *c, enum chart_kind kind, const char *title);

/*
 * Draws the chart inside the rectangle (x, y, w, h) of cr, in cr's user
 * units, over whatever is there (no background). Empty or all-zero
 * series, huge values and tiny rectangles are drawn as well as they can
 * be, never with a division by zero. cr's state is restored.
 */
void chart_draw(cairo_t *cr, const struct chart *c, double x, double y,
                double w, double h);

/*
 * Appends a standalone SVG document of w x h pixels (white background)
 * to out, for an <img src>. Sizes outside 50..4000 fail with ERR_INVALID
 * on "size"; a cairo failure with ERR_INTERNAL, out left as it was.
 */
int chart_svg(const struct chart *c, double w, double h, struct buf *out,
              struct err *err);

/* ---- text, shared with the PDF documents ---- */
enum chart_text_flags {
    CHART_TEXT_BOLD = 1 << 0,
    CHART_TEXT_RIGHT = 1 << 1,  /* right-aligned in w */
    CHART_TEXT_CENTER = 1 << 2, /* centred in w */
    CHART_TEXT_WRAP = 1 << 3,   /* wrapped to w (else ellipsized to w) */
    CHART_TEXT_ITALIC = 1 << 4,
};

/*
 * Draws UTF-8 text s in CHART_FONT at size (user units) with its top-left
 * at (x, y), colour rgb (0xRRGGBB). With w > 0 the text is kept within w:
 * wrapped with CHART_TEXT_WRAP, else ellipsized. Returns the height used.
 * layout comes from pango_cairo_create_layout(cr).
 */
double chart_text(cairo_t *cr, PangoLayout *layout, double x, double y,
                  double w, double size, unsigned flags, uint32_t rgb,
                  const char *s);
/* The width and height s would take, drawn as chart_text would draw it;
 * wrapped to w when w > 0 and CHART_TEXT_WRAP. */
void chart_text_size(PangoLayout *layout, double w, double size, unsigned flags,
                     const char *s, double *width, double *height);
/* Sets cr's source to 0xRRGGBB. */
void chart_rgb(cairo_t *cr, uint32_t rgb);

/*
 * Frees the fonts pango, cairo and fontconfig keep for the process, so a
 * leak checker sees nothing at exit (tests, the sanitizer build). Only
 * when no other thread draws; drawing afterwards loads them again.
 */
void chart_fonts_release(void);

#endif
