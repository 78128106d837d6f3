/*
 * The day number of "YYYY-MM-DD" in a test, failing the test on a typo:
 * the helper every test of dated rules needs. Include after cmocka.h.
 */
#ifndef CLUSTERDESK_TESTS_TEST_DAY_H
#define CLUSTERDESK_TESTS_TEST_DAY_H

#include <stdint.h>
#include <string.h>

#include "base/date.h"

static inline int32_t
day(const char *s)
{
    struct date d;
    assert_int_equal(date_parse(s, (int)strlen(s), &d), 0);
    return date_to_days(d);
}

#endif
