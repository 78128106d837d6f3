/*
 * Calendar dates as day numbers. Dates are stored as ISO 8601 text
 * (YYYY-MM-DD); rules compute on day numbers (days since 1970-01-01, the
 * proleptic Gregorian calendar, after Howard Hinnant's civil algorithms).
 * Nothing here reads the clock: "today" is always passed in.
 */
#ifndef CD_DATE_H
#define CD_DATE_H

#include <stdbool.h>
#include <stdint.h>

struct date {
    int year;
    int month; /* 1..12 */
    int day;   /* 1..31 */
};

/* Days since 1970-01-01 (negative before). */
int32_t date_to_days(struct date d);
struct date date_from_days(int32_t days);

bool date_is_leap(int year);
int date_days_in_month(int year, int month);
bool date_valid(struct date d);

/*
 * Parses exactly "YYYY-MM-DD" (len bytes, no surrounding text) into *out.
 * Returns 0, or -1 when malformed or not a real day (2026-02-30).
 */
int date_parse(const char *s, int len, struct date *out);
/* Writes "YYYY-MM-DD" and a NUL into out (at least 11 bytes). */
void date_format(struct date d, char out[11]);

#endif
