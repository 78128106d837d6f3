/*
 * Rules of the HTML writer (src/web/html.c): text and attribute values
 * escape all five of & < > " ', no script ever comes out raw, URLs are
 * percent-encoded and then escaped, and counts are grouped by thin
 * spaces.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "base/buf.h"
#include "web/html.h"

#define NNBSP "\xE2\x80\xAF" /* U+202F NARROW NO-BREAK SPACE */
#define XSS "<script>alert(1)</script>"

static void
h_init(struct html *h)
{
    buf_init(&h->b, 0);
}

static void
h_release(struct html *h)
{
    buf_release(&h->b);
}

static void
test_html__text_escapes_all_five(void **state)
{
    (void)state;
    struct html h;
    h_init(&h);
    html_text(&h, "a&b<c>d\"e'f");
    assert_string_equal(h.b.s, "a&amp;b&lt;c&gt;d&quot;e&#39;f");
    h_release(&h);
}

static void
test_html__text_passes_other_text_unchanged(void **state)
{
    (void)state;
    struct html h;
    h_init(&h);
    html_text(&h, "ТОВ Київ — Malmö, Straße; 100% (ok)");
    assert_string_equal(h.b.s, "ТОВ Київ — Malmö, Straße; 100% (ok)");
    h_release(&h);
}

static void
test_html__text_of_null_writes_nothing(void **state)
{
    (void)state;
    struct html h;
    h_init(&h);
    html_text(&h, NULL);
    html_textn(&h, NULL, 5);
    assert_string_equal(h.b.s, "");
    assert_int_equal(h.b.len, 0);
    h_release(&h);
}

static void
test_html__textn_escapes_only_len_bytes(void **state)
{
    (void)state;
    struct html h;
    h_init(&h);
    html_textn(&h, "<b>bold</b>", 3);
    assert_string_equal(h.b.s, "&lt;b&gt;");
    h_release(&h);
}

static void
test_html__script_never_appears_raw_in_text(void **state)
{
    (void)state;
    struct html h;
    h_init(&h);
    html_text(&h, XSS);
    assert_null(strstr(h.b.s, "<script"));
    assert_null(strchr(h.b.s, '<'));
    assert_string_equal(h.b.s, "&lt;script&gt;alert(1)&lt;/script&gt;");
    h_release(&h);
}

static void
test_html__attr_escapes_all_five_and_quotes_value(void **state)
{
    (void)state;
    struct html h;
    h_init(&h);
    html_attr(&h, "value", "x\" onmouseover='alert(1)' <&>");
    assert_string_equal(h.b.s,
                        " value=\"x&quot; onmouseover=&#39;alert(1)&#39; "
                        "&lt;&amp;&gt;\"");
    h_release(&h);
}

static void
test_html__attr_of_null_is_empty(void **state)
{
    (void)state;
    struct html h;
    h_init(&h);
    html_attr(&h, "title", NULL);
    assert_string_equal(h.b.s, " title=\"\"");
    h_release(&h);
}

static void
test_html__script_never_appears_raw_in_attr(void **state)
{
    (void)state;
    struct html h;
    h_init(&h);
    html_attr(&h, "value", "\">" XSS);
    assert_null(strstr(h.b.s, "<script"));
    /* The only double quotes are the two that delimit the value. */
    assert_int_equal(h.b.s[strlen(" value=")], '"');
    assert_int_equal(h.b.s[h.b.len - 1], '"');
    assert_null(memchr(h.b.s + strlen(" value=\""), '"',
                       h.b.len - strlen(" value=\"") - 1));
    h_release(&h);
}

static void
test_html__int_and_attr_int(void **state)
{
    (void)state;
    struct html h;
    h_init(&h);
    html_int(&h, -42);
    html_int(&h, 0);
    html_attr_int(&h, "data-id", 9007199254740993LL);
    assert_string_equal(h.b.s, "-420 data-id=\"9007199254740993\"");
    h_release(&h);
}

static void
test_html__literal_and_trusted_markup_are_written_as_is(void **state)
{
    (void)state;
    struct html h;
    h_init(&h);
    HTML_LIT(&h, "<tr>");
    html_raw_trusted(&h, "<svg width=\"1\"/>");
    assert_string_equal(h.b.s, "<tr><svg width=\"1\"/>");
    h_release(&h);
}

/* ---- URLs ---- */

static void
test_html__url_percent_encodes_and_escapes_ampersand(void **state)
{
    (void)state;
    struct html h;
    h_init(&h);
    const char *args[] = { "q", "Київ & co", "kind", "sme", NULL };
    html_url(&h, "/orgs", args);
    assert_string_equal(h.b.s, "/orgs?q=%D0%9A%D0%B8%D1%97%D0%B2%20%26%20co"
                               "&amp;kind=sme");
    h_release(&h);
}

static void
test_html__url_skips_empty_and_null_values(void **state)
{
    (void)state;
    struct html h;
    h_init(&h);
    const char *args[] = { "q", "", "tag", NULL, "page", "2", "sort", "-name",
                           NULL };
    html_url(&h, "/orgs", args);
    assert_string_equal(h.b.s, "/orgs?page=2&amp;sort=-name");
    h_release(&h);

    h_init(&h);
    const char *none[] = { "q", "", NULL };
    html_url(&h, "/orgs", none);
    assert_string_equal(h.b.s, "/orgs");
    h_release(&h);

    h_init(&h);
    html_url(&h, "/orgs", NULL);
    assert_string_equal(h.b.s, "/orgs");
    h_release(&h);
}

static void
test_html__url_encodes_keys_and_reserved_characters(void **state)
{
    (void)state;
    struct html h;
    h_init(&h);
    const char *args[] = { "a b", "x+y/z?#=&\"'<>", NULL };
    html_url(&h, "/p", args);
    assert_string_equal(h.b.s, "/p?a%20b=x%2By%2Fz%3F%23%3D%26%22%27%3C%3E");
    h_release(&h);
}

static void
test_html__url_never_lets_script_through(void **state)
{
    (void)state;
    struct html h;
    h_init(&h);
    const char *args[] = { "q", XSS, NULL };
    html_url(&h, "/search\"><" "x", args);
    assert_null(strstr(h.b.s, "<script"));
    assert_null(strchr(h.b.s, '<'));
    assert_null(strchr(h.b.s, '"'));
    h_release(&h);
}

static void
test_html__url_encode_keeps_unreserved(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    url_encode(&b, "AZaz09-_.~");
    assert_string_equal(b.s, "AZaz09-_.~");
    buf_reset(&b);
    url_encode(&b, " %\xFF");
    assert_string_equal(b.s, "%20%25%FF");
    buf_release(&b);
}

/* ---- counts ---- */

static void
assert_count(int64_t v, const char *expect)
{
    struct html h;
    h_init(&h);
    html_count(&h, v);
    assert_string_equal(h.b.s, expect);
    h_release(&h);
}

static void
test_html__count_groups_digits_with_narrow_no_break_space(void **state)
{
    (void)state;
    assert_count(0, "0");
    assert_count(7, "7");
    assert_count(999, "999");
    assert_count(1000, "1" NNBSP "000");
    assert_count(10000, "10" NNBSP "000");
    assert_count(999999, "999" NNBSP "999");
    assert_count(1234567, "1" NNBSP "234" NNBSP "567");
}

static void
test_html__count_of_negatives_and_extremes(void **state)
{
    (void)state;
    assert_count(-5, "-5");
    assert_count(-1234, "-1" NNBSP "234");
    assert_count(-999, "-999");
    assert_count(INT64_MAX,
                 "9" NNBSP "223" NNBSP "372" NNBSP "036" NNBSP "854" NNBSP
                 "775" NNBSP "807");
    assert_count(INT64_MIN,
                 "-9" NNBSP "223" NNBSP "372" NNBSP "036" NNBSP "854" NNBSP
                 "775" NNBSP "808");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_html__text_escapes_all_five),
        cmocka_unit_test(test_html__text_passes_other_text_unchanged),
        cmocka_unit_test(test_html__text_of_null_writes_nothing),
        cmocka_unit_test(test_html__textn_escapes_only_len_bytes),
        cmocka_unit_test(test_html__script_never_appears_raw_in_text),
        cmocka_unit_test(test_html__attr_escapes_all_five_and_quotes_value),
        cmocka_unit_test(test_html__attr_of_null_is_empty),
        cmocka_unit_test(test_html__script_never_appears_raw_in_attr),
        cmocka_unit_test(test_html__int_and_attr_int),
        cmocka_unit_test(test_html__literal_and_trusted_markup_are_written_as_is),
        cmocka_unit_test(test_html__url_percent_encodes_and_escapes_ampersand),
        cmocka_unit_test(test_html__url_skips_empty_and_null_values),
        cmocka_unit_test(test_html__url_encodes_keys_and_reserved_characters),
        cmocka_unit_test(test_html__url_never_lets_script_through),
        cmocka_unit_test(test_html__url_encode_keeps_unreserved),
        cmocka_unit_test(test_html__count_groups_digits_with_narrow_no_break_space),
        cmocka_unit_test(test_html__count_of_negatives_and_extremes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
