/*
 * Rules of users (src/core/user.c): the three roles, what each may do,
 * and the password rule.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "core/user.h"

static void
test_user__roles_parse_by_exact_name(void **state)
{
    (void)state;
    enum role r = ROLE__COUNT;
    assert_int_equal(role_parse("admin", &r), 0);
    assert_int_equal(r, ROLE_ADMIN);
    assert_int_equal(role_parse("manager", &r), 0);
    assert_int_equal(r, ROLE_MANAGER);
    assert_int_equal(role_parse("board", &r), 0);
    assert_int_equal(r, ROLE_BOARD);
}

static void
test_user__unknown_role_is_rejected(void **state)
{
    (void)state;
    enum role r = ROLE_BOARD;
    assert_int_equal(role_parse("root", &r), -1);
    assert_int_equal(role_parse("", &r), -1);
    assert_int_equal(role_parse("admin ", &r), -1);
    assert_int_equal(role_parse("administrator", &r), -1);
    assert_int_equal(r, ROLE_BOARD); /* untouched */
}

static void
test_user__role_names_round_trip(void **state)
{
    (void)state;
    for (int i = 0; i < ROLE__COUNT; i++) {
        enum role r = ROLE__COUNT;
        assert_int_equal(role_parse(role_name((enum role)i), &r), 0);
        assert_int_equal(r, i);
    }
    assert_string_equal(role_name(ROLE_ADMIN), "admin");
    assert_string_equal(role_name(ROLE_MANAGER), "manager");
    assert_string_equal(role_name(ROLE_BOARD), "board");
    /* Out of range falls back to the least privileged role's name. */
    assert_string_equal(role_name(ROLE__COUNT), "board");
}

static void
test_user__admin_and_manager_write_board_reads(void **state)
{
    (void)state;
    assert_true(role_can_write(ROLE_ADMIN));
    assert_true(role_can_write(ROLE_MANAGER));
    assert_false(role_can_write(ROLE_BOARD));
    assert_false(role_can_write(ROLE__COUNT));
}

static void
test_user__only_admin_administers(void **state)
{
    (void)state;
    assert_true(role_can_admin(ROLE_ADMIN));
    assert_false(role_can_admin(ROLE_MANAGER));
    assert_false(role_can_admin(ROLE_BOARD));
    assert_false(role_can_admin(ROLE__COUNT));
}

static void
test_user__password_of_9_is_too_short_10_is_enough(void **state)
{
    (void)state;
    struct err e = ERR_INIT;
    assert_int_equal(user_password_check("123456789", &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, "password");
    assert_true(strlen(e.msg) > 0);

    struct err ok = ERR_INIT;
    assert_int_equal(user_password_check("1234567890", &ok), 0);
    assert_int_equal(ok.code, ERR_NONE);

    struct err empty = ERR_INIT;
    assert_int_equal(user_password_check("", &empty), -1);
    assert_string_equal(empty.field, "password");
}

static void
test_user__password_of_256_bytes_is_the_limit(void **state)
{
    (void)state;
    char pw[258];
    memset(pw, 'p', 256);
    pw[256] = '\0';
    struct err e = ERR_INIT;
    assert_int_equal(user_password_check(pw, &e), 0);
    pw[256] = 'p';
    pw[257] = '\0';
    assert_int_equal(user_password_check(pw, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, "password");
}

static void
test_user__password_length_is_counted_in_bytes(void **state)
{
    (void)state;
    /* The header promises 10 bytes: five Cyrillic letters are ten. */
    struct err e = ERR_INIT;
    assert_int_equal(user_password_check("абвгд", &e), 0);
    assert_int_equal(user_password_check("абвг1", &e), -1);
}

static void
test_user__password_must_be_valid_text(void **state)
{
    (void)state;
    struct err e = ERR_INIT;
    assert_int_equal(user_password_check("0123456789\xFF", &e), -1);
    assert_string_equal(e.field, "password");
    struct err e2 = ERR_INIT;
    assert_int_equal(user_password_check("0123456789\x01", &e2), -1);
    assert_string_equal(e2.field, "password");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_user__roles_parse_by_exact_name),
        cmocka_unit_test(test_user__unknown_role_is_rejected),
        cmocka_unit_test(test_user__role_names_round_trip),
        cmocka_unit_test(test_user__admin_and_manager_write_board_reads),
        cmocka_unit_test(test_user__only_admin_administers),
        cmocka_unit_test(test_user__password_of_9_is_too_short_10_is_enough),
        cmocka_unit_test(test_user__password_of_256_bytes_is_the_limit),
        cmocka_unit_test(test_user__password_length_is_counted_in_bytes),
        cmocka_unit_test(test_user__password_must_be_valid_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
