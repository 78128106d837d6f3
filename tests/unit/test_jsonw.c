/*
 * The JSON writer: what it writes is JSON that jansson reads back to the
 * same values, whatever bytes the strings hold.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "io/jsonw.h"

/* Writes one string value and answers what jansson reads from it. */
static json_t *
round_trip_string(const char *s, struct buf *out)
{
    struct jsonw w;
    buf_reset(out);
    jsonw_init(&w, out);
    jsonw_begin_array(&w);
    jsonw_string(&w, s);
    jsonw_end_array(&w);
    json_error_t je;
    json_t *j = json_loads(out->s, 0, &je);
    if (!j)
        fail_msg("not JSON (%s): %s", je.text, out->s);
    return j;
}

static void
test_jsonw__nested_objects_and_arrays_have_their_commas(void **state)
{
    (void)state;
    struct buf out = BUF_INIT;
    struct jsonw w;
    jsonw_init(&w, &out);
    jsonw_begin_object(&w);
    jsonw_key(&w, "a");
    jsonw_int(&w, -12);
    jsonw_key(&w, "b");
    jsonw_begin_array(&w);
    jsonw_bool(&w, true);
    jsonw_null(&w);
    jsonw_begin_object(&w);
    jsonw_end_object(&w);
    jsonw_begin_array(&w);
    jsonw_end_array(&w);
    jsonw_end_array(&w);
    jsonw_key(&w, "c");
    jsonw_string_or_null(&w, "");
    jsonw_key(&w, "d");
    jsonw_int(&w, INT64_MAX);
    jsonw_end_object(&w);
    assert_string_equal(out.s, "{\"a\":-12,\"b\":[true,null,{},[]],\"c\":null,"
                               "\"d\":9223372036854775807}");
    assert_int_equal(w.depth, 0);
    buf_release(&out);
}

static void
test_jsonw__fixed_point_numbers_keep_their_decimals(void **state)
{
    (void)state;
    struct buf out = BUF_INIT;
    struct jsonw w;
    jsonw_init(&w, &out);
    jsonw_begin_array(&w);
    jsonw_fixed(&w, 425, 2);
    jsonw_fixed(&w, 5, 3);
    jsonw_fixed(&w, 1000, 3);
    jsonw_fixed(&w, 0, 1);
    jsonw_end_array(&w);
    assert_string_equal(out.s, "[4.25,0.005,1.000,0.0]");
    buf_release(&out);
}

static void
test_jsonw__quotes_backslashes_and_controls_are_escaped(void **state)
{
    (void)state;
    struct buf out = BUF_INIT;
    const char *s = "a\"b\\c\nd\re\tf\x01g\x1fh";
    json_t *j = round_trip_string(s, &out);
    assert_string_equal(json_string_value(json_array_get(j, 0)), s);
    assert_non_null(strstr(out.s, "\\u0001"));
    assert_non_null(strstr(out.s, "\\u001f"));
    json_decref(j);
    buf_release(&out);
}

static void
test_jsonw__utf8_passes_unchanged(void **state)
{
    (void)state;
    struct buf out = BUF_INIT;
    const char *s = "ТОВ «Київ» Göteborg Łódź Müller ß 😀";
    json_t *j = round_trip_string(s, &out);
    assert_string_equal(json_string_value(json_array_get(j, 0)), s);
    assert_non_null(strstr(out.s, "Київ"));
    json_decref(j);
    buf_release(&out);
}

static void
test_jsonw__invalid_utf8_becomes_replacement_characters(void **state)
{
    (void)state;
    struct buf out = BUF_INIT;
    json_t *j = round_trip_string("a\xff" "b\xc3", &out);
    assert_string_equal(json_string_value(json_array_get(j, 0)),
                        "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
    json_decref(j);
    /* An overlong slash and a surrogate are not let through either. */
    j = round_trip_string("\xc0\xaf\xed\xa0\x80", &out);
    assert_null(strstr(json_string_value(json_array_get(j, 0)), "/"));
    json_decref(j);
    buf_release(&out);
}

static void
test_jsonw__line_separators_are_escaped_for_scripts(void **state)
{
    (void)state;
    struct buf out = BUF_INIT;
    json_t *j = round_trip_string("x\xe2\x80\xa8y\xe2\x80\xa9z", &out);
    assert_non_null(strstr(out.s, "\\u2028"));
    assert_non_null(strstr(out.s, "\\u2029"));
    assert_string_equal(json_string_value(json_array_get(j, 0)),
                        "x\xe2\x80\xa8y\xe2\x80\xa9z");
    json_decref(j);
    buf_release(&out);
}

static void
test_jsonw__keys_are_escaped_too(void **state)
{
    (void)state;
    struct buf out = BUF_INIT;
    struct jsonw w;
    jsonw_init(&w, &out);
    jsonw_begin_object(&w);
    jsonw_key(&w, "k\"</script>");
    jsonw_int(&w, 1);
    jsonw_end_object(&w);
    json_t *j = json_loads(out.s, 0, NULL);
    assert_non_null(j);
    assert_int_equal(json_integer_value(json_object_get(j, "k\"</script>")), 1);
    json_decref(j);
    buf_release(&out);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jsonw__nested_objects_and_arrays_have_their_commas),
        cmocka_unit_test(test_jsonw__fixed_point_numbers_keep_their_decimals),
        cmocka_unit_test(test_jsonw__quotes_backslashes_and_controls_are_escaped),
        cmocka_unit_test(test_jsonw__utf8_passes_unchanged),
        cmocka_unit_test(test_jsonw__invalid_utf8_becomes_replacement_characters),
        cmocka_unit_test(test_jsonw__line_separators_are_escaped_for_scripts),
        cmocka_unit_test(test_jsonw__keys_are_escaped_too),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
