/*
 * Rules of calendar dates (src/base/date.c): day numbers and dates map
 * one to one, the Gregorian leap rule holds, and parsing accepts exactly
 * "YYYY-MM-DD" of a real day.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "base/date.h"

static int
parse(const char *s, struct date *out)
{
    return date_parse(s, (int)strlen(s), out);
}

static void
test_date__epoch_is_day_zero(void **state)
{
    (void)state;
    assert_int_equal(date_to_days((struct date){ 1970, 1, 1 }), 0);
    assert_int_equal(date_to_days((struct date){ 1970, 1, 2 }), 1);
    assert_int_equal(date_to_days((struct date){ 1969, 12, 31 }), -1);
    assert_int_equal(date_to_days((struct date){ 2000, 3, 1 }), 11017);
    assert_int_equal(date_to_days((struct date){ 1900, 1, 1 }), -25567);
    struct date d = date_from_days(0);
    assert_int_equal(d.year, 1970);
    assert_int_equal(d.month, 1);
    assert_int_equal(d.day, 1);
}

static void
test_date__round_trip_every_day_1900_to_2100(void **state)
{
    (void)state;
    int32_t first = date_to_days((struct date){ 1900, 1, 1 });
    int32_t last = date_to_days((struct date){ 2100, 12, 31 });
    struct date expect = { 1900, 1, 1 };
    int count = 0;
    for (int32_t z = first; z <= last; z++, count++) {
        struct date d = date_from_days(z);
        /* Consecutive day numbers are consecutive calendar days. */
        assert_int_equal(d.year, expect.year);
        assert_int_equal(d.month, expect.month);
        assert_int_equal(d.day, expect.day);
        assert_true(date_valid(d));
        assert_int_equal(date_to_days(d), z);

        char text[11];
        date_format(d, text);
        struct date back;
        assert_int_equal(parse(text, &back), 0);
        assert_int_equal(date_to_days(back), z);

        if (++expect.day > date_days_in_month(expect.year, expect.month)) {
            expect.day = 1;
            if (++expect.month > 12) {
                expect.month = 1;
                expect.year++;
            }
        }
    }
    /* 201 years, 49 of them leap (1904..2096, without 1900 and 2100). */
    assert_int_equal(count, 201 * 365 + 49);
}

static void
test_date__leap_years_follow_gregorian_rule(void **state)
{
    (void)state;
    assert_true(date_is_leap(2000));  /* divisible by 400 */
    assert_false(date_is_leap(1900)); /* by 100, not 400 */
    assert_true(date_is_leap(2024));  /* by 4 */
    assert_false(date_is_leap(2100));
    assert_false(date_is_leap(2026));
    assert_int_equal(date_days_in_month(2000, 2), 29);
    assert_int_equal(date_days_in_month(1900, 2), 28);
    assert_int_equal(date_days_in_month(2024, 2), 29);
    assert_int_equal(date_days_in_month(2100, 2), 28);
    assert_int_equal(date_days_in_month(2026, 4), 30);
    assert_int_equal(date_days_in_month(2026, 12), 31);
    assert_int_equal(date_days_in_month(2026, 0), 0);
    assert_int_equal(date_days_in_month(2026, 13), 0);
}

static void
test_date__feb_29_exists_only_in_leap_years(void **state)
{
    (void)state;
    struct date d;
    assert_int_equal(parse("2024-02-29", &d), 0);
    assert_int_equal(parse("2000-02-29", &d), 0);
    assert_int_equal(parse("1900-02-29", &d), -1);
    assert_int_equal(parse("2100-02-29", &d), -1);
    assert_int_equal(parse("2026-02-29", &d), -1);
    assert_true(date_valid((struct date){ 2024, 2, 29 }));
    assert_false(date_valid((struct date){ 2023, 2, 29 }));

    /* The day after 28 February is 29 February in a leap year only. */
    struct date next =
        date_from_days(date_to_days((struct date){ 2024, 2, 28 }) + 1);
    assert_int_equal(next.month, 2);
    assert_int_equal(next.day, 29);
    next = date_from_days(date_to_days((struct date){ 2100, 2, 28 }) + 1);
    assert_int_equal(next.month, 3);
    assert_int_equal(next.day, 1);
}

static void
test_date__parse_reads_fields(void **state)
{
    (void)state;
    struct date d = { 0, 0, 0 };
    assert_int_equal(parse("2026-03-31", &d), 0);
    assert_int_equal(d.year, 2026);
    assert_int_equal(d.month, 3);
    assert_int_equal(d.day, 31);
}

static void
test_date__parse_rejects_days_that_do_not_exist(void **state)
{
    (void)state;
    struct date d = { 1, 2, 3 };
    assert_int_equal(parse("2026-02-30", &d), -1);
    assert_int_equal(parse("2026-13-01", &d), -1);
    assert_int_equal(parse("2026-00-10", &d), -1);
    assert_int_equal(parse("2026-04-31", &d), -1);
    assert_int_equal(parse("2026-01-00", &d), -1);
    assert_int_equal(parse("2026-01-32", &d), -1);
    assert_int_equal(parse("0000-01-01", &d), -1);
    /* out is written only on success */
    assert_int_equal(d.year, 1);
    assert_int_equal(d.month, 2);
    assert_int_equal(d.day, 3);
}

static void
test_date__parse_rejects_other_shapes(void **state)
{
    (void)state;
    struct date d;
    assert_int_equal(parse("2026-1-01", &d), -1);
    assert_int_equal(parse("2026-01-1", &d), -1);
    assert_int_equal(parse("26-01-01", &d), -1);
    assert_int_equal(parse("2026/01/01", &d), -1);
    assert_int_equal(parse("2026-01/01", &d), -1);
    assert_int_equal(parse("2026/01-01", &d), -1);
    assert_int_equal(parse("2026-01101", &d), -1);
    assert_int_equal(parse("2026-01-01x", &d), -1);
    assert_int_equal(parse("2026-01-01 ", &d), -1);
    assert_int_equal(parse(" 2026-01-01", &d), -1);
    assert_int_equal(parse("2026-01-01T00:00:00Z", &d), -1);
    assert_int_equal(parse("2026-0a-01", &d), -1);
    assert_int_equal(parse("+026-01-01", &d), -1);
    assert_int_equal(parse("2026-+1-01", &d), -1);
    assert_int_equal(parse("", &d), -1);
    /* The length given is the whole input: trailing text counts. */
    assert_int_equal(date_parse("2026-01-01x", 11, &d), -1);
    assert_int_equal(date_parse("2026-01-01x", 10, &d), 0);
}

static void
test_date__format_zero_pads(void **state)
{
    (void)state;
    char out[11];
    memset(out, 'X', sizeof(out));
    date_format((struct date){ 2026, 3, 5 }, out);
    assert_string_equal(out, "2026-03-05");
    date_format((struct date){ 987, 1, 9 }, out);
    assert_string_equal(out, "0987-01-09");
    date_format((struct date){ 2024, 12, 31 }, out);
    assert_string_equal(out, "2024-12-31");
}

static void
test_date__validity_bounds(void **state)
{
    (void)state;
    assert_true(date_valid((struct date){ 1, 1, 1 }));
    assert_true(date_valid((struct date){ 9999, 12, 31 }));
    assert_false(date_valid((struct date){ 0, 1, 1 }));
    assert_false(date_valid((struct date){ 10000, 1, 1 }));
    assert_false(date_valid((struct date){ 2026, 0, 1 }));
    assert_false(date_valid((struct date){ 2026, 1, 0 }));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date__epoch_is_day_zero),
        cmocka_unit_test(test_date__round_trip_every_day_1900_to_2100),
        cmocka_unit_test(test_date__leap_years_follow_gregorian_rule),
        cmocka_unit_test(test_date__feb_29_exists_only_in_leap_years),
        cmocka_unit_test(test_date__parse_reads_fields),
        cmocka_unit_test(test_date__parse_rejects_days_that_do_not_exist),
        cmocka_unit_test(test_date__parse_rejects_other_shapes),
        cmocka_unit_test(test_date__format_zero_pads),
        cmocka_unit_test(test_date__validity_bounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
