/*
 * Rules of the charts (src/report/chart.c): a standalone, well-formed,
 * deterministic SVG document of the size asked for; round ticks; money
 * labelled as money; empty, all-zero and huge series drawn without a
 * crash and without a pixel outside the chart's rectangle.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo-pdf.h>

#include "base/buf.h"
#include "core/money.h"
#include "report/chart.h"

static const char *const MONTHS[6] = { "Jan 2027", "Feb 2027", "Mar 2027",
                                       "Apr 2027", "May 2027", "Jun 2027" };

/*
 * True when the tags of s nest properly under exactly one root element
 * named root, after an optional <?xml ...?> declaration. Enough for
 * cairo's output, which has no '>' inside attribute values.
 */
static bool
xml_well_formed(const char *s, const char *root)
{
    const char *stack[64];
    size_t lens[64];
    int depth = 0, roots = 0;
    const char *p = s;
    while ((p = strchr(p, '<')) != NULL) {
        if (p[1] == '?' || strncmp(p, "<!--", 4) == 0) {
            const char *end = strstr(p, p[1] == '?' ? "?>" : "-->");
            if (!end || depth > 0 || roots > 0)
                return false;
            p = end + 2;
            continue;
        }
        const char *end = strchr(p, '>');
        if (!end)
            return false;
        if (p[1] == '/') {
            size_t len = strcspn(p + 2, " \t\n>");
            if (depth == 0 || lens[depth - 1] != len ||
                strncmp(stack[depth - 1], p + 2, len) != 0)
                return false;
            depth--;
        } else {
            const char *name = p + 1;
            size_t len = strcspn(name, " \t\n/>");
            if (len == 0)
                return false;
            if (depth == 0) {
                if (++roots > 1 || strncmp(name, root, len) != 0 ||
                    strlen(root) != len)
                    return false;
            }
            if (end[-1] != '/') {
                if (depth == 64)
                    return false;
                stack[depth] = name;
                lens[depth] = len;
                depth++;
            }
        }
        p = end + 1;
    }
    return depth == 0 && roots == 1;
}

static void
line_chart(struct chart *c, const int64_t *values, size_t n)
{
    chart_init(c, CHART_LINE, "Members month by month");
    c->labels = MONTHS;
    c->npoints = n;
    c->series[0] = (struct chart_series){ "Members", values, 0 };
    c->nseries = 1;
    c->lines[0] = (struct chart_line){ 40, "Target 40", true };
    c->lines[1] = (struct chart_line){ 15, "15 (ECCP minimum)", false };
    c->nlines = 2;
}

static char *
svg_of(const struct chart *c, double w, double h)
{
    struct buf out = BUF_INIT;
    struct err err = ERR_INIT;
    assert_int_equal(chart_svg(c, w, h, &out, &err), 0);
    return buf_detach(&out, NULL);
}

static void
test_chart__svg_is_a_standalone_document_of_the_size_asked(void **state)
{
    (void)state;
    const int64_t v[] = { 12, 14, 15, 15, 18, 21 };
    struct chart c;
    line_chart(&c, v, 6);
    char *svg = svg_of(&c, 640, 300);
    assert_true(strncmp(svg, "<?xml", 5) == 0);
    assert_non_null(strstr(svg, "xmlns=\"http://www.w3.org/2000/svg\""));
    assert_non_null(strstr(svg, "width=\"640px\""));
    assert_non_null(strstr(svg, "height=\"300px\""));
    assert_non_null(strstr(svg, "viewBox=\"0 0 640 300\""));
    assert_true(xml_well_formed(svg, "svg"));
    /* Text is drawn as glyphs, so there is text to see. */
    assert_non_null(strstr(svg, "<use xlink:href=\"#glyph"));
    free(svg);
}

static void
test_chart__svg_is_deterministic(void **state)
{
    (void)state;
    const int64_t joins[] = { 1, 0, 3, 2, 0, 1 };
    const int64_t leaves[] = { 0, 1, 0, 0, 2, 0 };
    struct chart c;
    chart_init(&c, CHART_BARS, "Joins and leaves");
    c.labels = MONTHS;
    c.npoints = 6;
    c.series[0] = (struct chart_series){ "Joined", joins, 0 };
    c.series[1] = (struct chart_series){ "Left", leaves, 0 };
    c.nseries = 2;
    char *a = svg_of(&c, 500, 260);
    char *b = svg_of(&c, 500, 260);
    assert_string_equal(a, b);
    free(a);
    free(b);
}

static void
test_chart__svg_appends_and_refuses_silly_sizes(void **state)
{
    (void)state;
    const int64_t v[] = { 1, 2, 3 };
    struct chart c;
    line_chart(&c, v, 3);
    struct buf out = BUF_INIT;
    buf_adds(&out, "kept");
    struct err err = ERR_INIT;
    assert_int_equal(chart_svg(&c, 10, 300, &out, &err), -1);
    assert_int_equal(err.code, ERR_INVALID);
    assert_string_equal(err.field, "size");
    assert_string_equal(out.s, "kept");
    err_clear(&err);
    assert_int_equal(chart_svg(&c, 600, 5000, &out, &err), -1);
    assert_string_equal(out.s, "kept");
    assert_int_equal(chart_svg(&c, 600, 300, &out, NULL), 0);
    assert_true(strncmp(out.s, "kept<?xml", 9) == 0);
    buf_release(&out);
}

/*
 * Draws c at (M, M, w, h) on a white image M larger on every side and
 * returns how many pixels outside the rectangle (one pixel of
 * antialiasing allowed) are no longer white.
 */
#define M 60
static int
pixels_outside(const struct chart *c, int w, int h)
{
    cairo_surface_t *s =
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w + 2 * M, h + 2 * M);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    chart_draw(cr, c, M, M, w, h);
    assert_int_equal(cairo_status(cr), CAIRO_STATUS_SUCCESS);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    const unsigned char *data = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s), bad = 0;
    for (int y = 0; y < h + 2 * M; y++) {
        const uint32_t *row = (const uint32_t *)(data + (size_t)y * stride);
        for (int x = 0; x < w + 2 * M; x++) {
            bool inside = x >= M - 1 && x <= M + w && y >= M - 1 && y <= M + h;
            if (!inside && row[x] != 0xffffffffu)
                bad++;
        }
    }
    cairo_surface_destroy(s);
    return bad;
}

static void
test_chart__empty_and_zero_series_draw_without_dividing_by_zero(void **state)
{
    (void)state;
    const int64_t zeros[] = { 0, 0, 0, 0, 0, 0 };
    enum chart_kind kinds[] = { CHART_LINE, CHART_BARS, CHART_HBARS,
                                CHART_PROGRESS };
    for (size_t k = 0; k < 4; k++) {
        struct chart c;
        chart_init(&c, kinds[k], "Nothing yet");
        /* No points at all. */
        char *svg = svg_of(&c, 300, 200);
        assert_true(xml_well_formed(svg, "svg"));
        free(svg);
        assert_int_equal(pixels_outside(&c, 300, 200), 0);
        /* A series of zeros, also as money. */
        c.labels = MONTHS;
        c.npoints = 6;
        c.series[0] = (struct chart_series){ "Members", zeros, 0 };
        c.nseries = 1;
        svg = svg_of(&c, 300, 200);
        assert_true(xml_well_formed(svg, "svg"));
        free(svg);
        assert_int_equal(pixels_outside(&c, 300, 200), 0);
        c.currency = "EUR";
        assert_int_equal(pixels_outside(&c, 300, 200), 0);
        /* A series without values counts as zeros. */
        c.series[0].values = NULL;
        assert_int_equal(pixels_outside(&c, 300, 200), 0);
        /* A rectangle too small for anything but the title. */
        assert_int_equal(pixels_outside(&c, 40, 12), 0);
    }
}

static void
test_chart__huge_values_and_long_labels_stay_inside(void **state)
{
    (void)state;
    const int64_t huge[] = { INT64_MAX, MONEY_MAX, 1, INT64_MIN, 0, 7 };
    const char *const long_labels[] = {
        "Товариство з обмеженою відповідальністю «Харківські системи»",
        "Åkerlund & Söner Aktiebolag med ett mycket långt namn",
        "x",
        "Large enterprise",
        "",
        "Start-up",
    };
    enum chart_kind kinds[] = { CHART_LINE, CHART_BARS, CHART_HBARS,
                                CHART_PROGRESS };
    for (size_t k = 0; k < 4; k++) {
        for (int money = 0; money < 2; money++) {
            struct chart c;
            chart_init(&c, kinds[k],
                       "A title far too long to fit into a small chart of "
                       "three hundred pixels");
            c.labels = long_labels;
            c.npoints = 6;
            c.series[0] = (struct chart_series){ "Huge", huge, 0 };
            c.series[1] = (struct chart_series){ "Also huge", huge, 0 };
            c.nseries = kinds[k] == CHART_PROGRESS ? 1 : 2;
            c.lines[0] = (struct chart_line){ INT64_MAX, "Far away", true };
            c.nlines = 1;
            c.currency = money ? "EUR" : NULL;
            assert_int_equal(pixels_outside(&c, 300, 200), 0);
            assert_int_equal(pixels_outside(&c, 640, 300), 0);
            char *svg = svg_of(&c, 300, 200);
            assert_true(xml_well_formed(svg, "svg"));
            free(svg);
        }
    }
}

/* The text of a chart drawn into a PDF, as pdftotext reads it. */
static char *
text_of(const struct chart *c)
{
    char dir[] = "/tmp/test_chart.XXXXXX";
    char pdf[64], cmd[160];
    assert_non_null(mkdtemp(dir));
    snprintf(pdf, sizeof(pdf), "%s/chart.pdf", dir);
    cairo_surface_t *s = cairo_pdf_surface_create(pdf, 600, 320);
    cairo_t *cr = cairo_create(s);
    chart_draw(cr, c, 10, 10, 580, 300);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    snprintf(cmd, sizeof(cmd), "pdftotext -raw %s -", pdf);
    FILE *f = popen(cmd, "r");
    assert_non_null(f);
    struct buf text = BUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        buf_add(&text, chunk, n);
    assert_int_equal(pclose(f), 0);
    unlink(pdf);
    rmdir(dir);
    return buf_detach(&text, NULL);
}

/* True when word occurs in s delimited by white space. */
static bool
has_word(const char *s, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = strstr(s, word); p; p = strstr(p + 1, word)) {
        bool start = p == s || strchr(" \n\f", p[-1]);
        bool end = p[n] == '\0' || strchr(" \n\f", p[n]);
        if (start && end)
            return true;
    }
    return false;
}

static void
test_chart__ticks_are_round_and_cover_the_target(void **state)
{
    (void)state;
    const int64_t v[] = { 12, 14, 15, 15, 18, 47 };
    struct chart c;
    line_chart(&c, v, 6);
    char *text = text_of(&c);
    for (int t = 0; t <= 50; t += 10) {
        char word[16];
        snprintf(word, sizeof(word), "%d", t);
        assert_true(has_word(text, word));
    }
    assert_false(has_word(text, "60"));
    assert_non_null(strstr(text, "Target 40"));
    assert_non_null(strstr(text, "Members month by month"));
    assert_non_null(strstr(text, "Jun 2027"));
    free(text);
}

static void
test_chart__money_ticks_in_major_units_and_values_formatted(void **state)
{
    (void)state;
    /* 14,800.00 EUR at most: ticks 0 .. 15,000 in whole euros. */
    const int64_t fees[] = { 250000, 1480000, 900000 };
    const char *const tiers[] = { "SME", "Large enterprise", "Start-up" };
    struct chart c;
    chart_init(&c, CHART_LINE, "Fees");
    c.currency = "EUR";
    c.labels = tiers;
    c.npoints = 3;
    c.series[0] = (struct chart_series){ "Fees", fees, 0 };
    c.nseries = 1;
    char *text = text_of(&c);
    assert_true(has_word(text, "15,000"));
    assert_true(has_word(text, "EUR"));
    assert_null(strstr(text, "1,500,000"));
    assert_non_null(strstr(text, "9,000.00 EUR"));
    free(text);

    c.kind = CHART_HBARS;
    text = text_of(&c);
    assert_non_null(strstr(text, "14,800.00 EUR"));
    assert_non_null(strstr(text, "2,500.00 EUR"));
    assert_non_null(strstr(text, "Large enterprise"));
    free(text);

    const char *const parts[] = { "Expected", "Invoiced", "Paid" };
    const int64_t amounts[] = { 6000000, 4500000, 2400000 };
    chart_init(&c, CHART_PROGRESS, "Fees");
    c.currency = "EUR";
    c.labels = parts;
    c.npoints = 3;
    c.series[0] = (struct chart_series){ "Fees", amounts, 0 };
    c.nseries = 1;
    text = text_of(&c);
    assert_non_null(strstr(text, "60,000.00 EUR"));
    assert_non_null(strstr(text, "45,000.00 EUR (75 %)"));
    assert_non_null(strstr(text, "24,000.00 EUR (40 %)"));
    free(text);
}

static void
test_chart__cyrillic_labels_are_text(void **state)
{
    (void)state;
    const int64_t v[] = { 3, 5 };
    const char *const kinds[] = { "Малі підприємства", "Högskolor" };
    struct chart c;
    chart_init(&c, CHART_HBARS, "Члени за видом");
    c.labels = kinds;
    c.npoints = 2;
    c.series[0] = (struct chart_series){ "Members", v, 0 };
    c.nseries = 1;
    char *text = text_of(&c);
    assert_non_null(strstr(text, "Члени за видом"));
    assert_non_null(strstr(text, "Малі підприємства"));
    assert_non_null(strstr(text, "Högskolor"));
    free(text);
}

/* Leaves nothing for the sanitizer build's leak check. */
static int
release_fonts(void **state)
{
    (void)state;
    chart_fonts_release();
    return 0;
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(
            test_chart__svg_is_a_standalone_document_of_the_size_asked),
        cmocka_unit_test(test_chart__svg_is_deterministic),
        cmocka_unit_test(test_chart__svg_appends_and_refuses_silly_sizes),
        cmocka_unit_test(
            test_chart__empty_and_zero_series_draw_without_dividing_by_zero),
        cmocka_unit_test(test_chart__huge_values_and_long_labels_stay_inside),
        cmocka_unit_test(test_chart__ticks_are_round_and_cover_the_target),
        cmocka_unit_test(
            test_chart__money_ticks_in_major_units_and_values_formatted),
        cmocka_unit_test(test_chart__cyrillic_labels_are_text),
    };
    return cmocka_run_group_tests(tests, NULL, release_fonts);
}
