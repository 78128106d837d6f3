/*
 * Civil-calendar arithmetic. Pure and allocation-free.
 */
#include "base/date.h"

bool
date_is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
date_days_in_month(int y, int m)
{
    static const int DAYS[] = {
        31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
    };
    if (m < 1 || m > 12)
        return 0;
    return m == 2 && date_is_leap(y) ? 29 : DAYS[m - 1];
}

bool
date_valid(struct date d)
{
    return d.year >= 1 && d.year <= 9999 && d.month >= 1 && d.month <= 12 &&
           d.day >= 1 && d.day <= date_days_in_month(d.year, d.month);
}

int32_t
date_to_days(struct date d)
{
    int y = d.year - (d.month <= 2);
    int era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned mp = (unsigned)(d.month + (d.month > 2 ? -3 : 9));
    unsigned doy = (153 * mp + 2) / 5 + (unsigned)d.day - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int32_t)doe - 719468;
}

struct date
date_from_days(int32_t z)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int y = (int)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    struct date d;
    d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
    d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
    d.year = y + (d.month <= 2);
    return d;
}

static int
digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int
date_parse(const char *s, int len, struct date *out)
{
    if (len != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    struct date d = { digits(s, 4), digits(s + 5, 2), digits(s + 8, 2) };
    if (d.year < 0 || d.month < 0 || d.day < 0 || !date_valid(d))
        return -1;
    *out = d;
    return 0;
}

void
date_format(struct date d, char out[11])
{
    unsigned y = (unsigned)d.year % 10000, m = (unsigned)d.month % 100,
             dd = (unsigned)d.day % 100;
    out[0] = (char)('0' + y / 1000), out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10), out[3] = (char)('0' + y % 10);
    out[4] = '-', out[5] = (char)('0' + m / 10), out[6] = (char)('0' + m % 10);
    out[7] = '-', out[8] = (char)('0' + dd / 10),
    out[9] = (char)('0' + dd % 10);
    out[10] = '\0';
}
