/*
 * Charts on cairo with pango text. Every chart is laid out from measured
 * text: the y axis makes room for its widest tick label, horizontal bars
 * for their widest name and value, and every label that could run long
 * is ellipsized, so nothing is drawn outside the rectangle given. Values
 * are int64; layout computes in doubles clamped to +-10^18, so a huge
 * value gives a huge axis, never an overflow or a division by zero.
 */
#include "report/chart.h"

#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cairo-svg.h>

#include "base/mem.h"
#include "core/money.h"

/* Bootstrap 5's palette: readable on white, known to the web pages. */
#define COL_TEXT 0x212529
#define COL_MUTED 0x6c757d
#define COL_GRID 0xe9ecef
#define COL_AXIS 0xadb5bd
#define COL_TARGET 0x198754
#define COL_TRACK 0xe9ecef

static const uint32_t PALETTE[] = { 0x0d6efd, 0xdc3545, 0x198754, 0xfd7e14,
                                    0x6f42c1, 0x20c997, 0xffc107, 0x6c757d };
/* A progress chart: the whole, then its parts drawn over it. */
static const uint32_t PROGRESS[] = { COL_TRACK, 0x9ec5fe, 0x0d6efd, 0x198754,
                                     0xdc3545 };

#define VALUE_LIMIT 1e18
#define MAX_TICKS 24

void
chart_init(struct chart *c, enum chart_kind kind, const char *title)
{
    memset(c, 0, sizeof(*c));
    c->kind = kind;
    c->title = title;
}

void
chart_rgb(cairo_t *cr, uint32_t rgb)
{
    cairo_set_source_rgb(cr, ((rgb >> 16) & 0xff) / 255.0,
                         ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0);
}

static void
chart_rgba(cairo_t *cr, uint32_t rgb, double alpha)
{
    cairo_set_source_rgba(cr, ((rgb >> 16) & 0xff) / 255.0,
                          ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0,
                          alpha);
}

/* ---- text ---- */

static void
layout_setup(PangoLayout *layout, double w, double size, unsigned flags,
             const char *s)
{
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family_static(fd, CHART_FONT);
    pango_font_description_set_weight(fd, (flags & CHART_TEXT_BOLD)
                                              ? PANGO_WEIGHT_BOLD
                                              : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style(fd, (flags & CHART_TEXT_ITALIC)
                                             ? PANGO_STYLE_ITALIC
                                             : PANGO_STYLE_NORMAL);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_layout_set_font_description(layout, fd);
    pango_font_description_free(fd);
    pango_layout_set_text(layout, s ? s : "", -1);
    if (w > 0 && w < 1e5) {
        pango_layout_set_width(layout, (int)(w * PANGO_SCALE));
        if (flags & CHART_TEXT_WRAP) {
            pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
            pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_NONE);
        } else {
            pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
        }
        pango_layout_set_alignment(
            layout, (flags & CHART_TEXT_RIGHT)    ? PANGO_ALIGN_RIGHT
                    : (flags & CHART_TEXT_CENTER) ? PANGO_ALIGN_CENTER
                                                  : PANGO_ALIGN_LEFT);
    } else {
        pango_layout_set_width(layout, -1);
        pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_NONE);
        pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT);
    }
}

void
chart_text_size(PangoLayout *layout, double w, double size, unsigned flags,
                const char *s, double *width, double *height)
{
    PangoRectangle logical;
    layout_setup(layout, w, size, flags, s);
    pango_layout_get_extents(layout, NULL, &logical);
    if (width)
        *width = (double)logical.width / PANGO_SCALE;
    if (height)
        *height = (double)logical.height / PANGO_SCALE;
}

double
chart_text(cairo_t *cr, PangoLayout *layout, double x, double y, double w,
           double size, unsigned flags, uint32_t rgb, const char *s)
{
    PangoRectangle logical;
    layout_setup(layout, w, size, flags, s);
    pango_layout_get_extents(layout, NULL, &logical);
    chart_rgb(cr, rgb);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, layout);
    cairo_new_path(cr);
    return (double)logical.height / PANGO_SCALE;
}

static double
text_width(PangoLayout *layout, double size, unsigned flags, const char *s)
{
    double w;
    chart_text_size(layout, 0, size, flags, s, &w, NULL);
    return w;
}

/* ---- numbers ---- */

/* "1,234,567", "-15". */
static void
add_count(struct buf *b, int64_t v)
{
    uint64_t abs = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    char digits[24];
    int n = snprintf(digits, sizeof(digits), "%llu", (unsigned long long)abs);
    if (v < 0)
        buf_addc(b, '-');
    for (int i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            buf_addc(b, ',');
        buf_addc(b, digits[i]);
    }
}

static void
add_value(struct buf *b, const struct chart *c, int64_t v)
{
    if (c->currency && *c->currency)
        money_format(b, v, c->currency);
    else
        add_count(b, v);
}

/* A tick: whole major units without the currency (the axis says it). */
static void
add_tick(struct buf *b, const struct chart *c, double v)
{
    int64_t iv = (int64_t)llround(v);
    if (c->currency && *c->currency)
        iv /= currency_unit(c->currency);
    add_count(b, iv);
}

static double
val(int64_t v)
{
    double d = (double)v;
    return d > VALUE_LIMIT ? VALUE_LIMIT : d < -VALUE_LIMIT ? -VALUE_LIMIT : d;
}

static int64_t
series_value(const struct chart *c, size_t s, size_t i)
{
    return c->series[s].values ? c->series[s].values[i] : 0;
}

static uint32_t
series_color(const struct chart *c, size_t s)
{
    return c->series[s].color ? c->series[s].color
                              : PALETTE[s % ARRAY_SIZE(PALETTE)];
}

/* ---- axis ---- */

struct axis {
    double lo, hi, step;
    int nticks;
};

/*
 * Round ticks (1, 2 or 5 times a power of ten, at least min_step) that
 * cover [lo, hi] in about five steps. An empty range gets one step.
 */
static void
axis_fit(struct axis *a, double lo, double hi, double min_step)
{
    if (hi - lo < min_step)
        hi = lo + min_step;
    double raw = (hi - lo) / 5;
    if (raw < min_step)
        raw = min_step;
    double mag = pow(10, floor(log10(raw)));
    double norm = raw / mag;
    double step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
    if (step < min_step)
        step = min_step;
    a->step = step;
    a->lo = floor(lo / step) * step;
    a->hi = ceil(hi / step) * step;
    a->nticks = (int)llround((a->hi - a->lo) / step) + 1;
    if (a->nticks > MAX_TICKS)
        a->nticks = MAX_TICKS;
}

/* ---- the parts of a chart ---- */

struct frame {
    cairo_t *cr;
    PangoLayout *layout;
    const struct chart *c;
    double fs;     /* label size */
    double lh;     /* a label's line height */
    double x0, x1; /* the chart's horizontal bounds, for clamping */
};

static void
swatch(cairo_t *cr, double x, double y, double size, uint32_t rgb)
{
    chart_rgb(cr, rgb);
    cairo_rectangle(cr, x, y, size, size);
    cairo_fill(cr);
}

/* The series names in a row; returns the height used. */
static double
draw_legend(struct frame *f, double x, double y, double w)
{
    const struct chart *c = f->c;
    double cx = x;
    bool any = false;
    for (size_t s = 0; s < c->nseries; s++) {
        const char *name = c->series[s].name;
        if (!name || !*name)
            continue;
        double tw = text_width(f->layout, f->fs, 0, name);
        double item = f->fs + 4 + tw + 14;
        if (cx > x && cx + item > x + w)
            break;
        swatch(f->cr, cx, y + (f->lh - f->fs) / 2, f->fs, series_color(c, s));
        chart_text(f->cr, f->layout, cx + f->fs + 4, y, x + w - cx - f->fs - 4,
                   f->fs, 0, COL_TEXT, name);
        cx += item;
        any = true;
    }
    return any ? f->lh + 4 : 0;
}

static void
draw_no_data(struct frame *f, double x, double y, double w, double h)
{
    chart_text(f->cr, f->layout, x, y + h / 2 - f->lh / 2, w, f->fs,
               CHART_TEXT_CENTER | CHART_TEXT_ITALIC, COL_MUTED, "No data");
}

static double
ymap(const struct axis *a, double py, double ph, double v)
{
    return py + ph - (v - a->lo) / (a->hi - a->lo) * ph;
}

/* A label with a white backing, kept inside [f->x0, f->x1]. */
static void
backed_label(struct frame *f, double x, double y, unsigned flags, uint32_t rgb,
             const char *s)
{
    double tw, th;
    chart_text_size(f->layout, 0, f->fs, flags, s, &tw, &th);
    if (x + tw > f->x1)
        x = f->x1 - tw;
    if (x < f->x0)
        x = f->x0;
    chart_rgba(f->cr, 0xffffff, 0.85);
    cairo_rectangle(f->cr, x - 2, y, tw + 4, th);
    cairo_fill(f->cr);
    chart_text(f->cr, f->layout, x, y, f->x1 - x, f->fs, flags, rgb, s);
}

/* Line and grouped bar charts: a y axis with round ticks, x labels. */
static void
draw_xy(struct frame *f, double x, double y, double w, double h)
{
    const struct chart *c = f->c;
    cairo_t *cr = f->cr;
    size_t n = c->npoints;
    struct buf b = BUF_INIT;

    double lo = 0, hi = 0;
    for (size_t s = 0; s < c->nseries; s++) {
        for (size_t i = 0; i < n; i++) {
            double v = val(series_value(c, s, i));
            lo = fmin(lo, v);
            hi = fmax(hi, v);
        }
    }
    for (size_t l = 0; l < c->nlines; l++) {
        lo = fmin(lo, val(c->lines[l].value));
        hi = fmax(hi, val(c->lines[l].value));
    }
    /* Bars get headroom for the value labels over the tallest one. */
    if (c->kind == CHART_BARS)
        hi *= 1.1;
    bool money = c->currency && *c->currency;
    struct axis a;
    axis_fit(&a, lo, hi, money ? (double)currency_unit(c->currency) : 1);

    double tw = 0;
    for (int t = 0; t < a.nticks; t++) {
        buf_reset(&b);
        add_tick(&b, c, a.lo + t * a.step);
        tw = fmax(tw, text_width(f->layout, f->fs, 0, b.s));
    }
    double lw = 0;
    for (size_t i = 0; i < n; i++) {
        const char *label = c->labels ? c->labels[i] : NULL;
        if (label)
            lw = fmax(lw, text_width(f->layout, f->fs, 0, label));
    }
    const char *y_title = c->y_title ? c->y_title : c->currency;
    bool has_y_title = y_title && *y_title;
    bool has_x_title = c->x_title && *c->x_title;
    double ml = tw + 6 + (has_y_title ? f->lh + 4 : 0);
    double mb = f->lh + 4 + (has_x_title ? f->lh + 2 : 0);
    double mt = f->lh / 2, mr = 4;
    double px = x + ml, py = y + mt, pw = w - ml - mr, ph = h - mt - mb;
    if (pw < 20 || ph < 20)
        goto out;

    /* Grid lines and tick labels. */
    cairo_set_line_width(cr, 1);
    for (int t = 0; t < a.nticks; t++) {
        double v = a.lo + t * a.step;
        double ty = round(ymap(&a, py, ph, v)) + 0.5;
        chart_rgb(cr, v == 0 ? COL_AXIS : COL_GRID);
        cairo_move_to(cr, px, ty);
        cairo_line_to(cr, px + pw, ty);
        cairo_stroke(cr);
        buf_reset(&b);
        add_tick(&b, c, v);
        chart_text(cr, f->layout, px - 6 - tw, ty - f->lh / 2, tw, f->fs,
                   CHART_TEXT_RIGHT, COL_MUTED, b.s);
    }
    if (has_y_title) {
        cairo_save(cr);
        cairo_translate(cr, x, py + ph);
        cairo_rotate(cr, -M_PI / 2);
        pango_cairo_update_layout(cr, f->layout);
        chart_text(cr, f->layout, 0, 0, ph, f->fs, CHART_TEXT_CENTER, COL_MUTED,
                   y_title);
        cairo_restore(cr);
        pango_cairo_update_layout(cr, f->layout);
    }

    /* Labels under the x axis: every k-th so they do not overlap, always
     * the last (the current month). */
    double slot = pw / (double)n;
    size_t every = (size_t)ceil((lw + 8) / slot);
    if (every < 1)
        every = 1;
    for (size_t i = 0; i < n; i++) {
        const char *label = c->labels ? c->labels[i] : NULL;
        if (!label || (n - 1 - i) % every)
            continue;
        double cw = fmin(text_width(f->layout, f->fs, 0, label),
                         slot * (double)every - 2);
        double lx = px + slot * ((double)i + 0.5) - cw / 2;
        lx = fmax(x, fmin(lx, x + w - cw));
        chart_text(cr, f->layout, lx, py + ph + 3, cw, f->fs, CHART_TEXT_CENTER,
                   COL_MUTED, label);
    }
    if (has_x_title) {
        chart_text(cr, f->layout, px, py + ph + 3 + f->lh + 2, pw, f->fs,
                   CHART_TEXT_CENTER, COL_MUTED, c->x_title);
    }

    /* Reference lines under the data. */
    for (size_t l = 0; l < c->nlines; l++) {
        const struct chart_line *rl = &c->lines[l];
        double ly = round(ymap(&a, py, ph, val(rl->value))) + 0.5;
        double dash[] = { 5, 3 };
        cairo_set_dash(cr, dash, 2, 0);
        cairo_set_line_width(cr, rl->strong ? 1.6 : 1);
        chart_rgb(cr, rl->strong ? COL_TARGET : COL_MUTED);
        cairo_move_to(cr, px, ly);
        cairo_line_to(cr, px + pw, ly);
        cairo_stroke(cr);
        cairo_set_dash(cr, NULL, 0, 0);
    }

    double zero = ymap(&a, py, ph, 0);
    if (c->kind == CHART_LINE) {
        for (size_t s = 0; s < c->nseries; s++) {
            uint32_t rgb = series_color(c, s);
            for (size_t i = 0; i < n; i++) {
                double vx = px + slot * ((double)i + 0.5);
                double vy = ymap(&a, py, ph, val(series_value(c, s, i)));
                if (i == 0)
                    cairo_move_to(cr, vx, vy);
                else
                    cairo_line_to(cr, vx, vy);
            }
            if (c->nseries == 1) {
                /* A light area under a single series reads as "amount". */
                cairo_path_t *path = cairo_copy_path(cr);
                cairo_line_to(cr, px + slot * ((double)n - 0.5), zero);
                cairo_line_to(cr, px + slot * 0.5, zero);
                cairo_close_path(cr);
                chart_rgba(cr, rgb, 0.10);
                cairo_fill(cr);
                cairo_append_path(cr, path);
                cairo_path_destroy(path);
            }
            chart_rgb(cr, rgb);
            cairo_set_line_width(cr, 2.2);
            cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
            cairo_stroke(cr);
            if (slot >= 6) {
                for (size_t i = 0; i < n; i++) {
                    double vx = px + slot * ((double)i + 0.5);
                    double vy = ymap(&a, py, ph, val(series_value(c, s, i)));
                    cairo_arc(cr, vx, vy, 2.6, 0, 2 * M_PI);
                    cairo_fill(cr);
                }
            }
        }
    } else {
        double group = slot * 0.8;
        double bw = group / (double)c->nseries;
        for (size_t i = 0; i < n; i++) {
            for (size_t s = 0; s < c->nseries; s++) {
                int64_t raw = series_value(c, s, i);
                double vy = ymap(&a, py, ph, val(raw));
                double bx = px + slot * (double)i + slot * 0.1 + bw * (double)s;
                chart_rgb(cr, series_color(c, s));
                cairo_rectangle(cr, bx + 0.5, fmin(vy, zero), fmax(bw - 1, 0.5),
                                fabs(zero - vy));
                cairo_fill(cr);
                if (raw == 0)
                    continue;
                buf_reset(&b);
                add_value(&b, c, raw);
                double vw = text_width(f->layout, f->fs * 0.85, 0, b.s);
                if (vw > bw + 3)
                    continue;
                double ty = raw > 0 ? vy - f->lh * 0.85 : vy;
                ty = fmax(py - mt, fmin(ty, py + ph - f->lh * 0.85));
                chart_text(cr, f->layout, bx + bw / 2 - vw / 2, ty, 0,
                           f->fs * 0.85, 0, COL_TEXT, b.s);
            }
        }
    }

    /* The values of the last point, as a line chart's reading. */
    if (c->kind == CHART_LINE) {
        for (size_t s = 0; s < c->nseries; s++) {
            int64_t raw = series_value(c, s, n - 1);
            buf_reset(&b);
            add_value(&b, c, raw);
            double vw = text_width(f->layout, f->fs, CHART_TEXT_BOLD, b.s);
            double vx = px + slot * ((double)n - 0.5) - vw / 2;
            double vy = ymap(&a, py, ph, val(raw)) - f->lh - 3;
            vy = fmax(y, fmin(vy, py + ph - f->lh));
            struct frame g = *f;
            g.x0 = px;
            g.x1 = px + pw;
            backed_label(&g, vx, vy, CHART_TEXT_BOLD, series_color(c, s), b.s);
        }
    }

    /* Reference labels on top, at the right end, above their line (or
     * below it when the line is the top of the plot). */
    for (size_t l = 0; l < c->nlines; l++) {
        const struct chart_line *rl = &c->lines[l];
        if (!rl->label || !*rl->label)
            continue;
        double ly = ymap(&a, py, ph, val(rl->value));
        double ty = ly - f->lh - 1;
        if (ty < y)
            ty = ly + 1;
        struct frame g = *f;
        g.x0 = px;
        g.x1 = px + pw - 2;
        backed_label(&g, px + pw, ty, rl->strong ? CHART_TEXT_BOLD : 0,
                     rl->strong ? COL_TARGET : COL_MUTED, rl->label);
    }
out:
    buf_release(&b);
}

/* One bar per label, its name at the left and its value at its end. */
static void
draw_hbars(struct frame *f, double x, double y, double w, double h)
{
    const struct chart *c = f->c;
    cairo_t *cr = f->cr;
    size_t n = c->npoints;
    struct buf b = BUF_INIT;

    double lw = 0, vw = 0, max = 0;
    for (size_t i = 0; i < n; i++) {
        const char *label = c->labels ? c->labels[i] : NULL;
        if (label)
            lw = fmax(lw, text_width(f->layout, f->fs, 0, label));
        for (size_t s = 0; s < c->nseries; s++) {
            int64_t raw = series_value(c, s, i);
            max = fmax(max, val(raw));
            buf_reset(&b);
            add_value(&b, c, raw);
            vw = fmax(vw, text_width(f->layout, f->fs, CHART_TEXT_BOLD, b.s));
        }
    }
    lw = fmin(lw, w * 0.4);
    vw = fmin(vw, w * 0.35);
    double bx = x + lw + 8;
    double bmax = w - lw - 8 - vw - 6;
    double row = fmin(h / (double)n, f->lh * 2.2);
    if (row < f->lh)
        row = f->lh;
    if (bmax < 10)
        goto out;
    double thick = fmin(row * 0.7, f->lh * 1.4);
    double sub = thick / (double)c->nseries;
    for (size_t i = 0; i < n; i++) {
        double ry = y + row * (double)i;
        if (ry + row > y + h + 0.01)
            break;
        const char *label = c->labels ? c->labels[i] : NULL;
        chart_text(cr, f->layout, x, ry + (row - f->lh) / 2, lw, f->fs, 0,
                   COL_TEXT, label);
        for (size_t s = 0; s < c->nseries; s++) {
            int64_t raw = series_value(c, s, i);
            double v = val(raw);
            double len = v > 0 && max > 0 ? fmax(v / max * bmax, 1.5) : 0;
            double sy = ry + (row - thick) / 2 + sub * (double)s;
            chart_rgb(cr, series_color(c, s));
            cairo_rectangle(cr, bx, sy + 0.5, len, fmax(sub - 1, 0.5));
            cairo_fill(cr);
            buf_reset(&b);
            add_value(&b, c, raw);
            double fs = c->nseries > 1 ? f->fs * 0.85 : f->fs;
            chart_text(cr, f->layout, bx + len + 4, sy + sub / 2 - f->lh / 2,
                       vw, fs, CHART_TEXT_BOLD, COL_TEXT, b.s);
        }
    }
out:
    buf_release(&b);
}

/* The whole as a track, its parts over it, a legend with amounts and
 * shares of the whole under it. */
static void
draw_progress(struct frame *f, double x, double y, double w, double h)
{
    const struct chart *c = f->c;
    cairo_t *cr = f->cr;
    size_t n = c->npoints;
    struct buf b = BUF_INIT;

    double max = 0;
    for (size_t i = 0; i < n; i++)
        max = fmax(max, val(series_value(c, 0, i)));
    double track = fmin(f->lh * 1.6, h * 0.35);
    for (size_t i = 0; i < n; i++) {
        double v = val(series_value(c, 0, i));
        double len = v > 0 && max > 0 ? v / max * w : 0;
        if (i == 0)
            len = w * (max > 0 ? fmax(v, 0) / max : 1);
        chart_rgb(cr, PROGRESS[i % ARRAY_SIZE(PROGRESS)]);
        cairo_rectangle(cr, x, y + 2, len, track);
        cairo_fill(cr);
    }

    /* The legend: up to three columns. */
    size_t cols = n < 3 ? n : 3;
    double cw = w / (double)cols;
    double whole = val(series_value(c, 0, 0));
    for (size_t i = 0; i < n; i++) {
        double cx = x + cw * (double)(i % cols);
        double cy = y + 2 + track + 8 + (f->lh * 2 + 6) * (double)(i / cols);
        if (cy + f->lh * 2 > y + h + 0.01)
            break;
        uint32_t rgb = PROGRESS[i % ARRAY_SIZE(PROGRESS)];
        swatch(cr, cx, cy + (f->lh - f->fs) / 2, f->fs, rgb);
        chart_rgb(cr, COL_AXIS);
        cairo_set_line_width(cr, 0.5);
        cairo_rectangle(cr, cx, cy + (f->lh - f->fs) / 2, f->fs, f->fs);
        cairo_stroke(cr);
        const char *label = c->labels ? c->labels[i] : NULL;
        chart_text(cr, f->layout, cx + f->fs + 4, cy, cw - f->fs - 8, f->fs, 0,
                   COL_MUTED, label);
        int64_t raw = series_value(c, 0, i);
        buf_reset(&b);
        add_value(&b, c, raw);
        if (i > 0 && whole > 0)
            buf_addf(&b, " (%lld %%)",
                     (long long)llround(100.0 * val(raw) / whole));
        chart_text(cr, f->layout, cx + f->fs + 4, cy + f->lh, cw - f->fs - 8,
                   f->fs, CHART_TEXT_BOLD, COL_TEXT, b.s);
    }
    buf_release(&b);
}

void
chart_draw(cairo_t *cr, const struct chart *chart, double x, double y, double w,
           double h)
{
    if (!(w > 0 && h > 0))
        return;
    /* Counts beyond the arrays are the caller's bug; never read past. */
    struct chart bounded = *chart;
    if (bounded.nseries > CHART_MAX_SERIES)
        bounded.nseries = CHART_MAX_SERIES;
    if (bounded.nlines > CHART_MAX_LINES)
        bounded.nlines = CHART_MAX_LINES;
    const struct chart *c = &bounded;
    cairo_save(cr);
    PangoLayout *layout = pango_cairo_create_layout(cr);
    struct frame f = { .cr = cr, .layout = layout, .c = c };
    /* Text grows with the chart, within readable bounds. */
    f.fs = fmin(w / 55, h / (c->kind == CHART_PROGRESS ? 8 : 22));
    f.fs = fmin(fmax(f.fs, 8), 12);
    chart_text_size(layout, 0, f.fs, 0, "Ag", NULL, &f.lh);
    f.x0 = x;
    f.x1 = x + w;

    /* Each part only when it fits below the previous one. */
    double top = y, th;
    chart_text_size(layout, w, f.fs * 1.25, CHART_TEXT_BOLD, c->title, NULL,
                    &th);
    if (c->title && *c->title && th <= h) {
        chart_text(cr, layout, x, y, w, f.fs * 1.25, CHART_TEXT_BOLD, COL_TEXT,
                   c->title);
        top += th + 6;
    }
    if (c->nseries > 1 && c->kind != CHART_PROGRESS && top + f.lh <= y + h)
        top += draw_legend(&f, x, top, w);
    double left = y + h - top;
    if (left < f.lh) {
        /* No room for a plot: the title alone. */
    } else if (c->npoints == 0 || c->nseries == 0)
        draw_no_data(&f, x, top, w, left);
    else if (c->kind == CHART_HBARS)
        draw_hbars(&f, x, top, w, left);
    else if (c->kind == CHART_PROGRESS)
        draw_progress(&f, x, top, w, left);
    else
        draw_xy(&f, x, top, w, left);
    g_object_unref(layout);
    cairo_restore(cr);
}

void
chart_fonts_release(void)
{
    pango_cairo_font_map_set_default(NULL);
    cairo_debug_reset_static_data();
    /* fontconfig is linked through cairo and pango, not by us: look its
     * FcFini up rather than add a link dependency for one call. */
    void *fini = dlsym(RTLD_DEFAULT, "FcFini");
    if (fini)
        ((void (*)(void))fini)();
}

static cairo_status_t
write_buf(void *closure, const unsigned char *data, unsigned int len)
{
    buf_add(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

/*
 * cairo names the drawing's group after the surface's process-wide
 * serial number ("surface7"), so the same chart would differ from call to
 * call. Nothing refers to that id unless a surface is used as a pattern,
 * which charts never do: give it a fixed name.
 */
static void
rename_root_group(struct buf *out, size_t start)
{
    static const char tag[] = "<g id=\"surface";
    char *p = strstr(out->s + start, tag);
    if (!p)
        return;
    char *digits = p + sizeof(tag) - 1;
    size_t n = strspn(digits, "0123456789");
    if (n == 0 || digits[n] != '"')
        return;
    char ref[40];
    snprintf(ref, sizeof(ref), "#surface%.*s\"", (int)n, digits);
    if (strstr(out->s + start, ref))
        return;
    struct buf tmp = BUF_INIT;
    buf_add(&tmp, out->s + start, (size_t)(p - out->s) - start);
    buf_adds(&tmp, "<g id=\"chart");
    buf_adds(&tmp, digits + n);
    buf_setlen(out, start);
    buf_add(out, tmp.s, tmp.len);
    buf_release(&tmp);
}

int
chart_svg(const struct chart *c, double w, double h, struct buf *out,
          struct err *err)
{
    if (!(w >= 50 && w <= 4000 && h >= 50 && h <= 4000))
        return err_set(err, ERR_INVALID, "size",
                       "A chart is 50 to 4000 pixels wide and high.");
    size_t start = out->len;
    cairo_surface_t *surface =
        cairo_svg_surface_create_for_stream(write_buf, out, w, h);
    cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_PX);
    cairo_t *cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    chart_draw(cr, c, 8, 8, w - 16, h - 16);
    cairo_status_t status = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    if (status == CAIRO_STATUS_SUCCESS)
        status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (status == CAIRO_STATUS_SUCCESS)
        rename_root_group(out, start);
    if (status != CAIRO_STATUS_SUCCESS) {
        buf_setlen(out, start);
        return err_set(err, ERR_INTERNAL, "", "Drawing the chart failed: %s.",
                       cairo_status_to_string(status));
    }
    return 0;
}
