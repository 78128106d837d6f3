/*
 * Money in minor units (src/core/money.c): currencies and their decimals,
 * formatting with grouping and signs, parsing what people type, and
 * exact ratios rounded half away from zero.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "core/money.h"

static void
assert_format(int64_t minor, const char *code, const char *want)
{
    char out[48];
    assert_string_equal(money_str(out, sizeof(out), minor, code), want);
}

static void
assert_parse(const char *s, const char *code, int64_t want)
{
    struct err e = ERR_INIT;
    int64_t v = -42;
    if (money_parse(s, code, false, &v, "amount", &e))
        fail_msg("\"%s\" refused: %s", s, e.msg);
    assert_int_equal(e.code, ERR_NONE);
    assert_int_equal(v, want);
}

static void
assert_parse_fails(const char *s, const char *code, bool negative)
{
    struct err e = ERR_INIT;
    int64_t v = -42;
    assert_int_equal(money_parse(s, code, negative, &v, "fee", &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, "fee");
    assert_true(strlen(e.msg) > 0);
    assert_int_equal(v, -42); /* untouched on error */
}

static void
test_money__currency_codes_are_three_upper_case_letters(void **state)
{
    (void)state;
    assert_true(currency_valid("EUR"));
    assert_true(currency_valid("UAH"));
    assert_false(currency_valid("eur"));
    assert_false(currency_valid("EU"));
    assert_false(currency_valid("EURO"));
    assert_false(currency_valid("E1R"));
    assert_false(currency_valid(""));
    assert_false(currency_valid(NULL));
}

static void
test_money__exponent_is_0_for_jpy_3_for_kwd_else_2(void **state)
{
    (void)state;
    assert_int_equal(currency_exponent("JPY"), 0);
    assert_int_equal(currency_exponent("KRW"), 0);
    assert_int_equal(currency_exponent("KWD"), 3);
    assert_int_equal(currency_exponent("BHD"), 3);
    assert_int_equal(currency_exponent("EUR"), 2);
    assert_int_equal(currency_exponent("UAH"), 2);
    assert_int_equal(currency_exponent("SEK"), 2);
    assert_int_equal(currency_exponent(NULL), 2);
    assert_int_equal(currency_unit("JPY"), 1);
    assert_int_equal(currency_unit("EUR"), 100);
    assert_int_equal(currency_unit("KWD"), 1000);
}

static void
test_money__format_groups_thousands_with_commas(void **state)
{
    (void)state;
    assert_format(1500000, "EUR", "15,000.00 EUR");
    assert_format(123456789, "UAH", "1,234,567.89 UAH");
    assert_format(99999, "EUR", "999.99 EUR");
    assert_format(100000, "EUR", "1,000.00 EUR");
    assert_format(5, "EUR", "0.05 EUR");
    assert_format(0, "EUR", "0.00 EUR");
}

static void
test_money__format_negative_has_a_minus_before_the_digits(void **state)
{
    (void)state;
    assert_format(-1234567, "EUR", "-12,345.67 EUR");
    assert_format(-5, "EUR", "-0.05 EUR");
    assert_format(INT64_MIN, "EUR", "-92,233,720,368,547,758.08 EUR");
}

static void
test_money__format_uses_the_currency_decimals(void **state)
{
    (void)state;
    assert_format(1500000, "JPY", "1,500,000 JPY");
    assert_format(1234567, "KWD", "1,234.567 KWD");
    assert_format(7, "KWD", "0.007 KWD");
}

static void
test_money__format_without_code_has_no_suffix(void **state)
{
    (void)state;
    assert_format(1500050, NULL, "15,000.50");
    assert_format(1500050, "", "15,000.50");
    struct buf b = BUF_INIT;
    buf_adds(&b, "Fee: ");
    money_format(&b, 250, "SEK");
    assert_string_equal(b.s, "Fee: 2.50 SEK");
    buf_release(&b);
}

static void
test_money__parse_plain_spaced_grouped_and_decimal_comma(void **state)
{
    (void)state;
    assert_parse("15000", "EUR", 1500000);
    assert_parse("15 000", "EUR", 1500000);
    assert_parse("15,000", "EUR", 1500000);
    assert_parse("15,000.50", "EUR", 1500050);
    assert_parse("15000,5", "EUR", 1500050);
    assert_parse("15000,50", "EUR", 1500050);
    assert_parse("15 000,50", "EUR", 1500050);
    assert_parse("1,000,000.5", "EUR", 100000050);
    assert_parse("15'000", "EUR", 1500000);
    assert_parse("  42.1  ", "EUR", 4210);
    assert_parse("0", "EUR", 0);
    assert_parse("0.01", "EUR", 1);
}

static void
test_money__parse_follows_the_currency_decimals(void **state)
{
    (void)state;
    assert_parse("15000", "JPY", 15000);
    assert_parse("15,000", "JPY", 15000);
    assert_parse_fails("15000.5", "JPY", false);
    assert_parse_fails("15000,5", "JPY", false);
    assert_parse("1.5", "KWD", 1500);
    assert_parse("1,25", "KWD", 1250);
    assert_parse("2.125", "KWD", 2125);
    /* Three digits after a comma group thousands, even with KWD. */
    assert_parse("1,500", "KWD", 1500000);
}

static void
test_money__parse_refuses_too_many_decimals(void **state)
{
    (void)state;
    assert_parse_fails("15000.505", "EUR", false);
    assert_parse_fails("1.0001", "KWD", false);
    struct err e = ERR_INIT;
    int64_t v;
    money_parse("1.234", "EUR", false, &v, "fee", &e);
    assert_string_equal(e.msg, "Use at most 2 decimal places.");
}

static void
test_money__parse_refuses_negative_unless_allowed(void **state)
{
    (void)state;
    assert_parse_fails("-5", "EUR", false);
    struct err e = ERR_INIT;
    int64_t v = 0;
    assert_int_equal(money_parse("-5", "EUR", true, &v, "fee", &e), 0);
    assert_int_equal(v, -500);
    assert_int_equal(money_parse("-1,234.56", "EUR", true, &v, "fee", &e), 0);
    assert_int_equal(v, -123456);
}

static void
test_money__parse_refuses_what_is_not_an_amount(void **state)
{
    (void)state;
    assert_parse_fails("", "EUR", false);
    assert_parse_fails("   ", "EUR", false);
    assert_parse_fails(NULL, "EUR", false);
    assert_parse_fails("abc", "EUR", false);
    assert_parse_fails("12abc", "EUR", false);
    assert_parse_fails("1.", "EUR", false);
    assert_parse_fails(".5", "EUR", false);
    assert_parse_fails("1,5,0", "EUR", false);
    assert_parse_fails("1.2.3", "EUR", false);
    assert_parse_fails("€15", "EUR", false);
}

static void
test_money__parse_refuses_amounts_over_money_max(void **state)
{
    (void)state;
    /* 10^13 major units of EUR are MONEY_MAX minor units exactly. */
    assert_parse("10000000000000", "EUR", MONEY_MAX);
    assert_parse_fails("10000000000000.01", "EUR", false);
    assert_parse_fails("10000000000001", "EUR", false);
    assert_parse_fails("9999999999999999", "EUR", false);
    assert_parse_fails("99999999999999999999999", "EUR", false);
    assert_parse("1000000000000000", "JPY", MONEY_MAX);
    assert_parse_fails("1000000000000001", "JPY", false);
}

static void
test_money__ratio_rounds_halves_away_from_zero(void **state)
{
    (void)state;
    assert_int_equal(money_ratio(5, 1, 2), 3);
    assert_int_equal(money_ratio(-5, 1, 2), -3);
    assert_int_equal(money_ratio(7, 1, 2), 4);
    assert_int_equal(money_ratio(-7, 1, 2), -4);
    assert_int_equal(money_ratio(10, 3, 4), 8);   /* 7.5 */
    assert_int_equal(money_ratio(-10, 3, 4), -8); /* -7.5 */
    assert_int_equal(money_ratio(1, 1, 3), 0);    /* 0.33 */
    assert_int_equal(money_ratio(2, 1, 3), 1);    /* 0.67 */
    assert_int_equal(money_ratio(-1, 1, 3), 0);
    assert_int_equal(money_ratio(-2, 1, 3), -1);
    assert_int_equal(money_ratio(0, 7, 12), 0);
    assert_int_equal(money_ratio(1200, 7, 12), 700);
    assert_int_equal(money_ratio(1500001, 6, 12), 750001); /* 750000.5 */
    assert_int_equal(money_ratio(1500001, 11, 12), 1375001);
    assert_int_equal(money_ratio(5, -1, 2), -3);
}

static void
test_money__ratio_is_exact_at_money_max(void **state)
{
    (void)state;
    assert_int_equal(money_ratio(MONEY_MAX, 1000000, 1000000), MONEY_MAX);
    assert_int_equal(money_ratio(MONEY_MAX, 7, 12), INT64_C(583333333333333));
    assert_int_equal(money_ratio(-MONEY_MAX, 999999, 1000000),
                     -INT64_C(999999000000000));
    assert_int_equal(money_ratio(MONEY_MAX - 1, 1, 2),
                     INT64_C(500000000000000));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(
            test_money__currency_codes_are_three_upper_case_letters),
        cmocka_unit_test(test_money__exponent_is_0_for_jpy_3_for_kwd_else_2),
        cmocka_unit_test(test_money__format_groups_thousands_with_commas),
        cmocka_unit_test(
            test_money__format_negative_has_a_minus_before_the_digits),
        cmocka_unit_test(test_money__format_uses_the_currency_decimals),
        cmocka_unit_test(test_money__format_without_code_has_no_suffix),
        cmocka_unit_test(
            test_money__parse_plain_spaced_grouped_and_decimal_comma),
        cmocka_unit_test(test_money__parse_follows_the_currency_decimals),
        cmocka_unit_test(test_money__parse_refuses_too_many_decimals),
        cmocka_unit_test(test_money__parse_refuses_negative_unless_allowed),
        cmocka_unit_test(test_money__parse_refuses_what_is_not_an_amount),
        cmocka_unit_test(test_money__parse_refuses_amounts_over_money_max),
        cmocka_unit_test(test_money__ratio_rounds_halves_away_from_zero),
        cmocka_unit_test(test_money__ratio_is_exact_at_money_max),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
