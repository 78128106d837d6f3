/*
 * Rules of user-facing errors (src/base/err.c): the first error wins, each
 * code has one HTTP status and one API name, and a message cut to fit is
 * cut at a whole UTF-8 character.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/text.h"

static void
test_err__set_fills_code_field_and_message(void **state)
{
    (void)state;
    struct err e = ERR_INIT;
    assert_int_equal(err_set(&e, ERR_INVALID, "name", "%s is required.",
                             "The name"),
                     -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, "name");
    assert_string_equal(e.msg, "The name is required.");
}

static void
test_err__null_field_is_empty(void **state)
{
    (void)state;
    struct err e = ERR_INIT;
    err_set(&e, ERR_BAD_REQUEST, NULL, "Broken.");
    assert_string_equal(e.field, "");
    assert_string_equal(e.msg, "Broken.");
}

static void
test_err__first_error_wins(void **state)
{
    (void)state;
    struct err e = ERR_INIT;
    err_set(&e, ERR_INVALID, "email", "First.");
    assert_int_equal(err_set(&e, ERR_CONFLICT, "name", "Second."), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, "email");
    assert_string_equal(e.msg, "First.");
}

static void
test_err__null_err_is_allowed_and_still_fails(void **state)
{
    (void)state;
    assert_int_equal(err_set(NULL, ERR_INTERNAL, "x", "ignored %d", 1), -1);
}

static void
test_err__clear_allows_a_new_error(void **state)
{
    (void)state;
    struct err e = ERR_INIT;
    err_set(&e, ERR_INVALID, "email", "First.");
    err_clear(&e);
    assert_int_equal(e.code, ERR_NONE);
    assert_string_equal(e.field, "");
    assert_string_equal(e.msg, "");
    err_set(&e, ERR_NOT_FOUND, "id", "Second.");
    assert_int_equal(e.code, ERR_NOT_FOUND);
    assert_string_equal(e.msg, "Second.");
}

static void
test_err__http_status_per_code(void **state)
{
    (void)state;
    assert_int_equal(err_http_status(ERR_NONE), 200);
    assert_int_equal(err_http_status(ERR_INVALID), 422);
    assert_int_equal(err_http_status(ERR_BAD_REQUEST), 400);
    assert_int_equal(err_http_status(ERR_NOT_FOUND), 404);
    assert_int_equal(err_http_status(ERR_CONFLICT), 409);
    assert_int_equal(err_http_status(ERR_UNAUTHORIZED), 401);
    assert_int_equal(err_http_status(ERR_FORBIDDEN), 403);
    assert_int_equal(err_http_status(ERR_THROTTLED), 429);
    assert_int_equal(err_http_status(ERR_TOO_LARGE), 413);
    assert_int_equal(err_http_status(ERR_METHOD), 405);
    assert_int_equal(err_http_status(ERR_INTERNAL), 500);
    assert_int_equal(err_http_status(ERR_UNAVAILABLE), 503);
    assert_int_equal(err_http_status(ERR__COUNT), 500);
    assert_int_equal(err_http_status((enum err_code)1000), 500);
}

static void
test_err__code_names_are_stable(void **state)
{
    (void)state;
    assert_string_equal(err_code_name(ERR_NONE), "none");
    assert_string_equal(err_code_name(ERR_INVALID), "invalid");
    assert_string_equal(err_code_name(ERR_BAD_REQUEST), "bad_request");
    assert_string_equal(err_code_name(ERR_NOT_FOUND), "not_found");
    assert_string_equal(err_code_name(ERR_CONFLICT), "conflict");
    assert_string_equal(err_code_name(ERR_UNAUTHORIZED), "unauthorized");
    assert_string_equal(err_code_name(ERR_FORBIDDEN), "forbidden");
    assert_string_equal(err_code_name(ERR_THROTTLED), "throttled");
    assert_string_equal(err_code_name(ERR_TOO_LARGE), "too_large");
    assert_string_equal(err_code_name(ERR_METHOD), "method_not_allowed");
    assert_string_equal(err_code_name(ERR_INTERNAL), "internal");
    assert_string_equal(err_code_name(ERR_UNAVAILABLE), "unavailable");
    assert_string_equal(err_code_name(ERR__COUNT), "internal");
}

static void
test_err__every_code_has_a_name_and_an_error_status(void **state)
{
    (void)state;
    for (int c = ERR_INVALID; c < ERR__COUNT; c++) {
        assert_non_null(err_code_name((enum err_code)c));
        assert_true(strlen(err_code_name((enum err_code)c)) > 0);
        assert_true(err_http_status((enum err_code)c) >= 400);
        for (int d = ERR_NONE; d < c; d++)
            assert_string_not_equal(err_code_name((enum err_code)c),
                                    err_code_name((enum err_code)d));
    }
}

/* A string of n copies of the UTF-8 character ch. */
static void
repeat(struct buf *b, const char *ch, size_t n)
{
    for (size_t i = 0; i < n; i++)
        buf_adds(b, ch);
}

static void
test_err__long_cyrillic_message_is_cut_at_whole_character(void **state)
{
    (void)state;
    struct buf m = BUF_INIT;
    repeat(&m, "Ж", 300); /* 600 bytes: 255 would split a letter */
    struct err e = ERR_INIT;
    err_set(&e, ERR_INVALID, "name", "%s", m.s);
    size_t len = strlen(e.msg);
    assert_true(len < sizeof(e.msg));
    assert_true(len >= sizeof(e.msg) - 4);
    assert_true(text_valid_utf8(e.msg, len));
    assert_int_equal(len, 254);
    assert_memory_equal(e.msg, m.s, len);
    buf_release(&m);
}

static void
test_err__cut_keeps_a_character_that_fits_exactly(void **state)
{
    (void)state;
    struct buf m = BUF_INIT;
    buf_addc(&m, 'x');
    repeat(&m, "Ж", 300); /* x + letters: byte 255 ends a whole letter */
    struct err e = ERR_INIT;
    err_set(&e, ERR_INVALID, NULL, "%s", m.s);
    assert_int_equal(strlen(e.msg), 255);
    assert_true(text_valid_utf8(e.msg, strlen(e.msg)));
    buf_release(&m);
}

static void
test_err__cut_handles_three_and_four_byte_characters(void **state)
{
    (void)state;
    for (size_t pad = 0; pad < 4; pad++) {
        struct buf m = BUF_INIT;
        repeat(&m, "a", pad);
        repeat(&m, "€", 100);
        struct err e = ERR_INIT;
        err_set(&e, ERR_INVALID, NULL, "%s", m.s);
        assert_true(text_valid_utf8(e.msg, strlen(e.msg)));
        assert_true(strlen(e.msg) >= 253);
        buf_release(&m);

        repeat(&m, "a", pad);
        repeat(&m, "😀", 100);
        struct err e4 = ERR_INIT;
        err_set(&e4, ERR_INVALID, NULL, "%s", m.s);
        assert_true(text_valid_utf8(e4.msg, strlen(e4.msg)));
        assert_true(strlen(e4.msg) >= 252);
        buf_release(&m);
    }
}

static void
test_err__long_cyrillic_field_is_cut_at_whole_character(void **state)
{
    (void)state;
    struct buf f = BUF_INIT;
    repeat(&f, "ї", 50); /* 100 bytes into 64 */
    struct err e = ERR_INIT;
    err_set(&e, ERR_INVALID, f.s, "Bad.");
    size_t len = strlen(e.field);
    assert_true(len < sizeof(e.field));
    assert_int_equal(len, 62);
    assert_true(text_valid_utf8(e.field, len));
    buf_release(&f);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_err__set_fills_code_field_and_message),
        cmocka_unit_test(test_err__null_field_is_empty),
        cmocka_unit_test(test_err__first_error_wins),
        cmocka_unit_test(test_err__null_err_is_allowed_and_still_fails),
        cmocka_unit_test(test_err__clear_allows_a_new_error),
        cmocka_unit_test(test_err__http_status_per_code),
        cmocka_unit_test(test_err__code_names_are_stable),
        cmocka_unit_test(test_err__every_code_has_a_name_and_an_error_status),
        cmocka_unit_test(test_err__long_cyrillic_message_is_cut_at_whole_character),
        cmocka_unit_test(test_err__cut_keeps_a_character_that_fits_exactly),
        cmocka_unit_test(test_err__cut_handles_three_and_four_byte_characters),
        cmocka_unit_test(test_err__long_cyrillic_field_is_cut_at_whole_character),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
