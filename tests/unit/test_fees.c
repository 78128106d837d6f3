/*
 * The rules of membership fees (src/core/fees.c): fiscal years, the
 * half-year instalments of fees at or above the threshold, pro-rata for
 * joiners, invoice status from payments, and membership status through
 * the grace period. Every date is a real calendar date; "today" is passed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "base/date.h"
#include "core/fees.h"
#include "core/money.h"

/* The day number of "YYYY-MM-DD". */
static int32_t
D(const char *iso)
{
    struct date d;
    if (date_parse(iso, (int)strlen(iso), &d))
        fail_msg("bad test date %s", iso);
    return date_to_days(d);
}

static void
assert_day(int32_t day, const char *iso)
{
    char out[11];
    date_format(date_from_days(day), out);
    assert_string_equal(out, iso);
}

static void
assert_inst(const struct instalment *i, const char *due, int64_t amount,
            const char *from, const char *to)
{
    assert_day(i->due, due);
    assert_int_equal(i->amount, amount);
    assert_day(i->period_start, from);
    assert_day(i->period_end, to);
}

static struct fee_settings
eur(void)
{
    struct fee_settings s;
    fee_settings_default(&s);
    return s;
}

static struct fee_settings
july(void)
{
    struct fee_settings s = eur();
    s.fy_start_month = 7;
    return s;
}

/* ---- settings and fiscal years ---- */

static void
test_fees__defaults_are_eur_january_15000_prorata_60_days(void **state)
{
    (void)state;
    struct fee_settings s = eur();
    struct err e = ERR_INIT;
    assert_string_equal(s.currency, "EUR");
    assert_int_equal(s.fy_start_month, 1);
    assert_int_equal(s.instalment_threshold, 1500000);
    assert_true(s.prorata);
    assert_int_equal(s.grace_days, 60);
    assert_int_equal(fee_settings_validate(&s, &e), 0);
    assert_int_equal(fee_default_threshold("UAH"), 1500000);
    assert_int_equal(fee_default_threshold("JPY"), 15000);
    assert_int_equal(fee_default_threshold("KWD"), 15000000);
}

static void
assert_settings_invalid(struct fee_settings s, const char *field)
{
    struct err e = ERR_INIT;
    assert_int_equal(fee_settings_validate(&s, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, field);
}

static void
test_fees__settings_validation_names_the_field(void **state)
{
    (void)state;
    struct fee_settings s = eur();
    memcpy(s.currency, "eu", 3);
    assert_settings_invalid(s, "currency");
    s = eur();
    s.fy_start_month = 0;
    assert_settings_invalid(s, "fy_start_month");
    s.fy_start_month = 13;
    assert_settings_invalid(s, "fy_start_month");
    s = eur();
    s.instalment_threshold = -1;
    assert_settings_invalid(s, "instalment_threshold");
    s.instalment_threshold = MONEY_MAX + 1;
    assert_settings_invalid(s, "instalment_threshold");
    s = eur();
    s.grace_days = -1;
    assert_settings_invalid(s, "grace_days");
    s.grace_days = 366;
    assert_settings_invalid(s, "grace_days");
    s.grace_days = 365;
    struct err e = ERR_INIT;
    assert_int_equal(fee_settings_validate(&s, &e), 0);
    s.grace_days = 0;
    s.instalment_threshold = 0;
    s.fy_start_month = 12;
    assert_int_equal(fee_settings_validate(&s, &e), 0);
}

static void
test_fees__calendar_fiscal_year_runs_january_to_december(void **state)
{
    (void)state;
    struct fee_settings s = eur();
    struct fiscal_year fy = fee_fiscal_year(&s, 2027);
    assert_int_equal(fy.year, 2027);
    assert_day(fy.start, "2027-01-01");
    assert_day(fy.half2, "2027-07-01");
    assert_day(fy.end, "2027-12-31");
    assert_int_equal(fee_fiscal_year_of(&s, D("2027-01-01")), 2027);
    assert_int_equal(fee_fiscal_year_of(&s, D("2027-12-31")), 2027);
    assert_int_equal(fee_fiscal_year_of(&s, D("2026-12-31")), 2026);
    char label[10];
    fee_fiscal_year_label(&s, 2027, label);
    assert_string_equal(label, "2027");
}

static void
test_fees__fiscal_year_starting_in_july_ends_30_june_next_year(void **state)
{
    (void)state;
    struct fee_settings s = july();
    struct fiscal_year fy = fee_fiscal_year(&s, 2027);
    assert_day(fy.start, "2027-07-01");
    assert_day(fy.half2, "2028-01-01");
    assert_day(fy.end, "2028-06-30");
    assert_int_equal(fee_fiscal_year_of(&s, D("2027-06-30")), 2026);
    assert_int_equal(fee_fiscal_year_of(&s, D("2027-07-01")), 2027);
    assert_int_equal(fee_fiscal_year_of(&s, D("2028-06-30")), 2027);
    char label[10];
    fee_fiscal_year_label(&s, 2027, label);
    assert_string_equal(label, "2027/28");
    fee_fiscal_year_label(&s, 2099, label);
    assert_string_equal(label, "2099/00");
}

static void
test_fees__fiscal_year_starting_in_march_ends_on_29_february(void **state)
{
    (void)state;
    struct fee_settings s = eur();
    s.fy_start_month = 3;
    struct fiscal_year fy = fee_fiscal_year(&s, 2027);
    assert_day(fy.start, "2027-03-01");
    assert_day(fy.half2, "2027-09-01");
    assert_day(fy.end, "2028-02-29");
    fy = fee_fiscal_year(&s, 2028);
    assert_day(fy.end, "2029-02-28");
    assert_int_equal(fee_fiscal_year_of(&s, D("2028-02-29")), 2027);
    s.fy_start_month = 10;
    fy = fee_fiscal_year(&s, 2027);
    assert_day(fy.half2, "2028-04-01");
    assert_day(fy.end, "2028-09-30");
}

/* ---- the threshold, for a member of the whole year ---- */

static void
test_fees__fee_just_below_threshold_is_one_instalment_on_1_january(void **state)
{
    (void)state;
    struct fee_settings s = eur();
    struct instalment in[2];
    int n = fee_schedule(&s, 1499999, D("2020-05-05"), 0, 2027, in);
    assert_int_equal(n, 1);
    assert_inst(&in[0], "2027-01-01", 1499999, "2027-01-01", "2027-12-31");
}

static void
test_fees__fee_at_threshold_is_two_halves_due_1_january_and_1_july(void **state)
{
    (void)state;
    struct fee_settings s = eur();
    struct instalment in[2];
    int n = fee_schedule(&s, 1500000, D("2020-05-05"), 0, 2027, in);
    assert_int_equal(n, 2);
    assert_inst(&in[0], "2027-01-01", 750000, "2027-01-01", "2027-06-30");
    assert_inst(&in[1], "2027-07-01", 750000, "2027-07-01", "2027-12-31");
}

static void
test_fees__fee_above_threshold_odd_amount_halves_sum_exactly(void **state)
{
    (void)state;
    struct fee_settings s = eur();
    struct instalment in[2];
    int n = fee_schedule(&s, 1500001, D("2026-12-31"), 0, 2027, in);
    assert_int_equal(n, 2);
    assert_inst(&in[0], "2027-01-01", 750001, "2027-01-01", "2027-06-30");
    assert_inst(&in[1], "2027-07-01", 750000, "2027-07-01", "2027-12-31");
    assert_int_equal(in[0].amount + in[1].amount, 1500001);
}

static void
test_fees__threshold_follows_the_settings(void **state)
{
    (void)state;
    struct fee_settings s = eur();
    struct instalment in[2];
    s.instalment_threshold = 2000000;
    assert_int_equal(fee_schedule(&s, 1999999, D("2020-01-01"), 0, 2027, in),
                     1);
    assert_int_equal(fee_schedule(&s, 2000000, D("2020-01-01"), 0, 2027, in),
                     2);
    memcpy(s.currency, "UAH", 4);
    s.instalment_threshold = fee_default_threshold("UAH");
    assert_int_equal(fee_schedule(&s, 1500000, D("2020-01-01"), 0, 2027, in),
                     2);
}

static void
test_fees__july_year_halves_are_due_1_july_and_1_january(void **state)
{
    (void)state;
    struct fee_settings s = july();
    struct instalment in[2];
    int n = fee_schedule(&s, 2000000, D("2020-01-01"), 0, 2027, in);
    assert_int_equal(n, 2);
    assert_inst(&in[0], "2027-07-01", 1000000, "2027-07-01", "2027-12-31");
    assert_inst(&in[1], "2028-01-01", 1000000, "2028-01-01", "2028-06-30");
}

/* ---- joiners ---- */

static void
test_fees__joining_on_first_day_of_year_pays_the_whole_year(void **state)
{
    (void)state;
    struct fee_settings s = eur();
    struct instalment in[2];
    int n = fee_schedule(&s, 1800000, D("2027-01-01"), 0, 2027, in);
    assert_int_equal(n, 2);
    assert_inst(&in[0], "2027-01-01", 900000, "2027-01-01", "2027-06-30");
    assert_inst(&in[1], "2027-07-01", 900000, "2027-07-01", "2027-12-31");
    n = fee_schedule(&s, 600000, D("2027-01-01"), 0, 2027, in);
    assert_int_equal(n, 1);
    assert_inst(&in[0], "2027-01-01", 600000, "2027-01-01", "2027-12-31");
}

static void
test_fees__joining_on_last_day_of_year_pays_one_month(void **state)
{
    (void)state;
    struct fee_settings s = eur();
    struct instalment in[2];
    int n = fee_schedule(&s, 1500000, D("2027-12-31"), 0, 2027, in);
    assert_int_equal(n, 1);
    assert_inst(&in[0], "2027-12-31", 125000, "2027-12-01", "2027-12-31");
    /* And nothing for the year before. */
    assert_int_equal(fee_schedule(&s, 1500000, D("2027-12-31"), 0, 2026, in),
                     0);
}

static void
test_fees__joining_in_january_after_the_first_pays_twelve_months(void **state)
{
    (void)state;
    struct fee_settings s = eur();
    struct instalment in[2];
    int n = fee_schedule(&s, 1500001, D("2027-01-15"), 0, 2027, in);
    assert_int_equal(n, 2);
    assert_inst(&in[0], "2027-01-15", 750001, "2027-01-01", "2027-06-30");
    assert_inst(&in[1], "2027-07-01", 750000, "2027-07-01", "2027-12-31");
}

static void
test_fees__joining_on_first_day_of_a_month_counts_that_month(void **state)
{
    (void)state;
    struct fee_settings s = eur();
    struct instalment in[2];
    /* March to December: 10 months of 150,000; March to June in half 1. */
    int n = fee_schedule(&s, 1800000, D("2027-03-01"), 0, 2027, in);
    assert_int_equal(n, 2);
    assert_inst(&in[0], "2027-03-01", 600000, "2027-03-01", "2027-06-30");
    assert_inst(&in[1], "2027-07-01", 900000, "2027-07-01", "2027-12-31");
}

static void
test_fees__joining_on_last_day_of_a_month_counts_that_month(void **state)
{
    (void)state;
    struct fee_settings s = eur();
    struct instalment in[2];
    int n = fee_schedule(&s, 1800000, D("2027-03-31"), 0, 2027, in);
    assert_int_equal(n, 2);
    assert_inst(&in[0], "2027-03-31", 600000, "2027-03-01", "2027-06-30");
    assert_inst(&in[1], "2027-07-01", 900000, "2027-07-01", "2027-12-31");
    /* The last day of the first half: one month in that half. */
    n = fee_schedule(&s, 1800000, D("2027-06-30"), 0, 2027, in);
    assert_int_equal(n, 2);
    assert_inst(&in[0], "2027-06-30", 150000, "2027-06-01", "2027-06-30");
    assert_inst(&in[1], "2027-07-01", 900000, "2027-07-01", "2027-12-31");
}

static void
test_fees__joiner_below_threshold_pays_one_instalment_on_joining(void **state)
{
    (void)state;
    struct fee_settings s = eur();
    struct instalment in[2];
    int n = fee_schedule(&s, 1200000, D("2027-04-15"), 0, 2027, in);
    assert_int_equal(n, 1);
    assert_inst(&in[0], "2027-04-15", 900000, "2027-04-01", "2027-12-31");
    /* Just below the threshold: 1,499,999 * 9 / 12 = 1,124,999.25. */
    n = fee_schedule(&s, 1499999, D("2027-04-15"), 0, 2027, in);
    assert_int_equal(n, 1);
    assert_inst(&in[0], "2027-04-15", 1124999, "2027-04-01", "2027-12-31");
}

static void
test_fees__prorata_in_second_half_is_one_instalment(void **state)
{
    (void)state;
    struct fee_settings s = eur();
    struct instalment in[2];
    int n = fee_schedule(&s, 1800000, D("2027-09-15"), 0, 2027, in);
    assert_int_equal(n, 1);
    assert_inst(&in[0], "2027-09-15", 600000, "2027-09-01", "2027-12-31");
    /* Joining on the first day of the second half. */
    n = fee_schedule(&s, 1800000, D("2027-07-01"), 0, 2027, in);
    assert_int_equal(n, 1);
    assert_inst(&in[0], "2027-07-01", 900000, "2027-07-01", "2027-12-31");
}

static void
test_fees__prorata_odd_amount_rounds_once_and_sums_exactly(void **state)
{
    (void)state;
    struct fee_settings s = eur();
    struct instalment in[2];
    /* 11 months of 1,500,001: 1,375,000.92 -> 1,375,001; 5 of them in
     * the first half: 625,000.42 -> 625,000; the rest 750,001. */
    int n = fee_schedule(&s, 1500001, D("2027-02-10"), 0, 2027, in);
    assert_int_equal(n, 2);
    assert_inst(&in[0], "2027-02-10", 625000, "2027-02-01", "2027-06-30");
    assert_inst(&in[1], "2027-07-01", 750001, "2027-07-01", "2027-12-31");
}

static void
test_fees__prorata_instalments_always_sum_to_the_rounded_year(void **state)
{
    (void)state;
    static const int64_t FEES[] = { 1500000, 1500001, 1500005, 1500007,
                                    1500011, 1999999, 2345679, 99999989 };
    for (int start = 1; start <= 12; start++) {
        struct fee_settings s = eur();
        s.fy_start_month = start;
        struct fiscal_year fy = fee_fiscal_year(&s, 2027);
        for (size_t f = 0; f < sizeof(FEES) / sizeof(FEES[0]); f++) {
            for (int32_t day = fy.start + 1; day <= fy.end; day += 3) {
                struct instalment in[2];
                int n = fee_schedule(&s, FEES[f], day, 0, 2027, in);
                struct date j = date_from_days(day),
                            st = date_from_days(fy.start);
                int index = (j.year * 12 + j.month) - (st.year * 12 + st.month);
                int64_t want = money_ratio(FEES[f], 12 - index, 12);
                int64_t sum = 0;
                for (int i = 0; i < n; i++) {
                    assert_true(in[i].amount > 0);
                    assert_true(in[i].due >= day);
                    assert_true(in[i].period_start <= in[i].period_end);
                    sum += in[i].amount;
                }
                assert_int_equal(sum, want);
                assert_int_equal(n, day < fy.half2 ? 2 : 1);
                assert_int_equal(in[n - 1].period_end, fy.end);
            }
        }
    }
}

static void
test_fees__july_year_joiner_pays_per_remaining_half(void **state)
{
    (void)state;
    struct fee_settings s = july();
    struct instalment in[2];
    /* October to June: 9 months of 2,000,000 / 12. */
    int n = fee_schedule(&s, 2000000, D("2027-10-20"), 0, 2027, in);
    assert_int_equal(n, 2);
    assert_inst(&in[0], "2027-10-20", 500000, "2027-10-01", "2027-12-31");
    assert_inst(&in[1], "2028-01-01", 1000000, "2028-01-01", "2028-06-30");
    /* March: the second half, 4 months: 666,666.67 -> 666,667. */
    n = fee_schedule(&s, 2000000, D("2028-03-05"), 0, 2027, in);
    assert_int_equal(n, 1);
    assert_inst(&in[0], "2028-03-05", 666667, "2028-03-01", "2028-06-30");
    /* The last day of the July year. */
    n = fee_schedule(&s, 2000000, D("2028-06-30"), 0, 2027, in);
    assert_int_equal(n, 1);
    assert_inst(&in[0], "2028-06-30", 166667, "2028-06-01", "2028-06-30");
    /* The first day of the July year: the whole fee. */
    n = fee_schedule(&s, 2000000, D("2027-07-01"), 0, 2027, in);
    assert_int_equal(n, 2);
    assert_int_equal(in[0].amount + in[1].amount, 2000000);
}

static void
test_fees__leap_day_joiner_pays_from_february(void **state)
{
    (void)state;
    struct fee_settings s = eur();
    struct instalment in[2];
    /* February to December 2028: 11 months; February to June: 5. */
    int n = fee_schedule(&s, 1200000, D("2028-02-29"), 0, 2028, in);
    assert_int_equal(n, 1); /* below the threshold */
    assert_inst(&in[0], "2028-02-29", 1100000, "2028-02-01", "2028-12-31");
    n = fee_schedule(&s, 2400000, D("2028-02-29"), 0, 2028, in);
    assert_int_equal(n, 2);
    assert_inst(&in[0], "2028-02-29", 1000000, "2028-02-01", "2028-06-30");
    assert_inst(&in[1], "2028-07-01", 1200000, "2028-07-01", "2028-12-31");
    /* In a July year, 29 February is in the second half: 5 months. */
    s = july();
    n = fee_schedule(&s, 2400000, D("2028-02-29"), 0, 2027, in);
    assert_int_equal(n, 1);
    assert_inst(&in[0], "2028-02-29", 1000000, "2028-02-01", "2028-06-30");
    /* A March year ends on 29 February in a leap year. */
    s = eur();
    s.fy_start_month = 3;
    n = fee_schedule(&s, 1200000, D("2028-02-29"), 0, 2027, in);
    assert_int_equal(n, 1);
    assert_inst(&in[0], "2028-02-29", 100000, "2028-02-01", "2028-02-29");
    n = fee_schedule(&s, 1800000, D("2020-01-01"), 0, 2027, in);
    assert_int_equal(n, 2);
    assert_inst(&in[1], "2027-09-01", 900000, "2027-09-01", "2028-02-29");
}

static void
test_fees__without_prorata_a_joiner_pays_the_whole_fee(void **state)
{
    (void)state;
    struct fee_settings s = eur();
    s.prorata = false;
    struct instalment in[2];
    int n = fee_schedule(&s, 1800000, D("2027-03-10"), 0, 2027, in);
    assert_int_equal(n, 2);
    assert_inst(&in[0], "2027-03-10", 900000, "2027-01-01", "2027-06-30");
    assert_inst(&in[1], "2027-07-01", 900000, "2027-07-01", "2027-12-31");
    /* In the second half both halves fall due on joining. */
    n = fee_schedule(&s, 1800001, D("2027-09-10"), 0, 2027, in);
    assert_int_equal(n, 2);
    assert_inst(&in[0], "2027-09-10", 900001, "2027-01-01", "2027-06-30");
    assert_inst(&in[1], "2027-09-10", 900000, "2027-07-01", "2027-12-31");
    n = fee_schedule(&s, 1000000, D("2027-11-30"), 0, 2027, in);
    assert_int_equal(n, 1);
    assert_inst(&in[0], "2027-11-30", 1000000, "2027-01-01", "2027-12-31");
}

static void
test_fees__nothing_is_owed_outside_the_membership(void **state)
{
    (void)state;
    struct fee_settings s = eur();
    struct instalment in[2];
    /* Ended before the year, or on its first day (ended is the first day
     * no longer a member). */
    assert_int_equal(
        fee_schedule(&s, 1500000, D("2020-01-01"), D("2026-06-30"), 2027, in),
        0);
    assert_int_equal(
        fee_schedule(&s, 1500000, D("2020-01-01"), D("2027-01-01"), 2027, in),
        0);
    /* Ended on the year's second day: still a member of the year. */
    assert_int_equal(
        fee_schedule(&s, 1500000, D("2020-01-01"), D("2027-01-02"), 2027, in),
        2);
    assert_int_equal(in[0].amount + in[1].amount, 1500000);
    /* Joined after the year. */
    assert_int_equal(fee_schedule(&s, 1500000, D("2028-01-01"), 0, 2027, in),
                     0);
    /* Associates and free tiers owe nothing; not yet joined neither. */
    assert_int_equal(fee_schedule(&s, 0, D("2020-01-01"), 0, 2027, in), 0);
    assert_int_equal(fee_schedule(&s, 1500000, 0, 0, 2027, in), 0);
}

static void
test_fees__a_fee_of_one_minor_unit_never_makes_an_empty_instalment(void **state)
{
    (void)state;
    struct fee_settings s = eur();
    s.instalment_threshold = 0;
    struct instalment in[2];
    int n = fee_schedule(&s, 1, D("2020-01-01"), 0, 2027, in);
    assert_int_equal(n, 1);
    assert_int_equal(in[0].amount, 1);
    /* One month of 1 / 12 rounds to nothing: no instalment. */
    assert_int_equal(fee_schedule(&s, 1, D("2027-12-05"), 0, 2027, in), 0);
}

/* ---- invoices ---- */

/* Two halves of 750,000 due 2027-01-01 and 2027-07-01. */
static struct instalment HALVES[2];

static struct invoice_facts
halves(int64_t paid)
{
    HALVES[0] = (struct instalment){ D("2027-01-01"), 750000, D("2027-01-01"),
                                     D("2027-06-30") };
    HALVES[1] = (struct instalment){ D("2027-07-01"), 750000, D("2027-07-01"),
                                     D("2027-12-31") };
    struct invoice_facts f = { HALVES, 2, paid, false };
    return f;
}

static void
test_fees__invoice_is_open_until_the_day_after_due(void **state)
{
    (void)state;
    struct invoice_facts f = halves(0);
    assert_int_equal(invoice_total(&f), 1500000);
    assert_int_equal(invoice_status(&f, D("2026-12-15")), INVOICE_OPEN);
    assert_int_equal(invoice_status(&f, D("2027-01-01")), INVOICE_OPEN);
    assert_int_equal(invoice_unpaid_since(&f, D("2027-01-01")), 0);
    assert_int_equal(invoice_overdue_amount(&f, D("2027-01-01")), 0);
    assert_int_equal(invoice_status(&f, D("2027-01-02")), INVOICE_OVERDUE);
    assert_day(invoice_unpaid_since(&f, D("2027-01-02")), "2027-01-01");
    assert_int_equal(invoice_overdue_amount(&f, D("2027-01-02")), 750000);
    assert_int_equal(invoice_overdue_amount(&f, D("2027-07-02")), 1500000);
}

static void
test_fees__partial_payments_partly_paid_then_paid_exactly(void **state)
{
    (void)state;
    int32_t day = D("2027-03-01");
    struct invoice_facts f = halves(500000);
    assert_int_equal(invoice_status(&f, D("2026-12-20")), INVOICE_PARTLY_PAID);
    /* 500,000 of the first half's 750,000: overdue by 250,000. */
    assert_int_equal(invoice_status(&f, day), INVOICE_OVERDUE);
    assert_int_equal(invoice_overdue_amount(&f, day), 250000);
    f.paid += 250000; /* the first half covered */
    assert_int_equal(invoice_status(&f, day), INVOICE_PARTLY_PAID);
    assert_int_equal(invoice_unpaid_since(&f, day), 0);
    assert_int_equal(invoice_overdue_amount(&f, day), 0);
    /* After 1 July the second half is past due. */
    assert_int_equal(invoice_status(&f, D("2027-07-02")), INVOICE_OVERDUE);
    assert_day(invoice_unpaid_since(&f, D("2027-07-02")), "2027-07-01");
    f.paid += 749999;
    assert_int_equal(invoice_status(&f, D("2027-07-02")), INVOICE_OVERDUE);
    assert_int_equal(invoice_overdue_amount(&f, D("2027-07-02")), 1);
    f.paid += 1;
    assert_int_equal(f.paid, 1500000);
    assert_int_equal(invoice_status(&f, D("2027-07-02")), INVOICE_PAID);
    assert_int_equal(invoice_unpaid_since(&f, D("2027-07-02")), 0);
    assert_int_equal(invoice_overdue_amount(&f, D("2027-07-02")), 0);
}

static void
test_fees__odd_halves_paid_in_three_parts_sum_exactly(void **state)
{
    (void)state;
    struct fee_settings s = eur();
    struct instalment in[2];
    int n = fee_schedule(&s, 1500001, D("2020-01-01"), 0, 2027, in);
    struct invoice_facts f = { in, (size_t)n, 0, false };
    int32_t day = D("2027-12-31");
    assert_int_equal(invoice_total(&f), 1500001);
    f.paid = 500000;
    assert_int_equal(invoice_status(&f, day), INVOICE_OVERDUE);
    f.paid += 500000;
    f.paid += 500000;
    assert_int_equal(invoice_status(&f, day), INVOICE_OVERDUE);
    assert_int_equal(invoice_overdue_amount(&f, day), 1);
    f.paid += 1;
    assert_int_equal(invoice_status(&f, day), INVOICE_PAID);
}

static void
test_fees__overpaid_invoice_is_paid(void **state)
{
    (void)state;
    struct invoice_facts f = halves(1600000);
    assert_int_equal(invoice_status(&f, D("2028-01-01")), INVOICE_PAID);
    assert_int_equal(invoice_overdue_amount(&f, D("2028-01-01")), 0);
}

static void
test_fees__cancelled_invoice_is_cancelled_and_owes_nothing(void **state)
{
    (void)state;
    struct invoice_facts f = halves(100);
    f.cancelled = true;
    assert_int_equal(invoice_status(&f, D("2027-09-01")), INVOICE_CANCELLED);
    assert_int_equal(invoice_unpaid_since(&f, D("2027-09-01")), 0);
    assert_int_equal(invoice_overdue_amount(&f, D("2027-09-01")), 0);
}

static void
test_fees__invoice_status_names_and_labels(void **state)
{
    (void)state;
    assert_string_equal(invoice_status_name(INVOICE_OPEN), "open");
    assert_string_equal(invoice_status_name(INVOICE_PARTLY_PAID),
                        "partly_paid");
    assert_string_equal(invoice_status_name(INVOICE_PAID), "paid");
    assert_string_equal(invoice_status_name(INVOICE_OVERDUE), "overdue");
    assert_string_equal(invoice_status_name(INVOICE_CANCELLED), "cancelled");
    assert_string_equal(invoice_status_label(INVOICE_PARTLY_PAID),
                        "Partly paid");
    assert_string_equal(invoice_status_label(INVOICE_OVERDUE), "Overdue");
    for (int i = 0; i < INVOICE_STATUS__COUNT; i++) {
        assert_non_null(invoice_status_name((enum invoice_status)i));
        assert_non_null(invoice_status_label((enum invoice_status)i));
    }
}

/* ---- memberships ---- */

static enum member_status
status_on(int32_t unpaid_since, const char *day)
{
    struct member_facts m = { D("2026-11-01"), D("2026-12-01"), 0, 0,
                              unpaid_since };
    return member_status(&m, 60, D(day));
}

static void
test_fees__member_in_grace_through_day_60_lapsed_from_day_61(void **state)
{
    (void)state;
    int32_t due = D("2027-07-01");
    assert_int_equal(status_on(due, "2027-07-01"), MEMBER_ACTIVE);
    assert_int_equal(status_on(due, "2027-07-02"), MEMBER_IN_GRACE); /* 1 */
    assert_int_equal(status_on(due, "2027-08-30"), MEMBER_IN_GRACE); /* 60 */
    assert_int_equal(status_on(due, "2027-08-31"), MEMBER_LAPSED);   /* 61 */
    assert_int_equal(status_on(0, "2027-08-31"), MEMBER_ACTIVE);
}

static void
test_fees__grace_counts_29_february(void **state)
{
    (void)state;
    /* Day 60 after 1 January is 1 March in a leap year, 2 March else. */
    assert_int_equal(status_on(D("2028-01-01"), "2028-03-01"), MEMBER_IN_GRACE);
    assert_int_equal(status_on(D("2028-01-01"), "2028-03-02"), MEMBER_LAPSED);
    assert_int_equal(status_on(D("2027-01-01"), "2027-03-02"), MEMBER_IN_GRACE);
    assert_int_equal(status_on(D("2027-01-01"), "2027-03-03"), MEMBER_LAPSED);
}

static void
test_fees__grace_days_follow_the_settings(void **state)
{
    (void)state;
    struct member_facts m = { 0, D("2027-01-01"), 0, 0, D("2027-07-01") };
    assert_int_equal(member_status(&m, 0, D("2027-07-02")), MEMBER_LAPSED);
    assert_int_equal(member_status(&m, 30, D("2027-07-31")), MEMBER_IN_GRACE);
    assert_int_equal(member_status(&m, 30, D("2027-08-01")), MEMBER_LAPSED);
}

static void
test_fees__member_status_declined_resigned_applicant(void **state)
{
    (void)state;
    struct member_facts m = { D("2027-01-10"), 0, 0, 0, 0 };
    assert_int_equal(member_status(&m, 60, D("2027-01-10")), MEMBER_APPLICANT);
    m.declined = D("2027-01-20");
    assert_int_equal(member_status(&m, 60, D("2027-01-19")), MEMBER_APPLICANT);
    assert_int_equal(member_status(&m, 60, D("2027-01-20")), MEMBER_DECLINED);
    m.declined = 0;
    m.joined = D("2027-02-01");
    assert_int_equal(member_status(&m, 60, D("2027-01-31")), MEMBER_APPLICANT);
    assert_int_equal(member_status(&m, 60, D("2027-02-01")), MEMBER_ACTIVE);
    m.ended = D("2028-01-01");
    assert_int_equal(member_status(&m, 60, D("2027-12-31")), MEMBER_ACTIVE);
    assert_int_equal(member_status(&m, 60, D("2028-01-01")), MEMBER_RESIGNED);
    /* Resigned wins over unpaid dues. */
    m.unpaid_since = D("2027-07-01");
    assert_int_equal(member_status(&m, 60, D("2028-01-01")), MEMBER_RESIGNED);
    assert_int_equal(member_status(&m, 60, D("2027-12-31")), MEMBER_LAPSED);
}

static void
test_fees__only_active_and_in_grace_members_count(void **state)
{
    (void)state;
    assert_true(member_status_counts(MEMBER_ACTIVE));
    assert_true(member_status_counts(MEMBER_IN_GRACE));
    assert_false(member_status_counts(MEMBER_APPLICANT));
    assert_false(member_status_counts(MEMBER_LAPSED));
    assert_false(member_status_counts(MEMBER_RESIGNED));
    assert_false(member_status_counts(MEMBER_DECLINED));
    assert_string_equal(member_status_name(MEMBER_IN_GRACE), "in_grace");
    assert_string_equal(member_status_label(MEMBER_IN_GRACE), "In grace");
    assert_string_equal(member_status_name(MEMBER_APPLICANT), "applicant");
    assert_string_equal(member_status_name(MEMBER_ACTIVE), "active");
    assert_string_equal(member_status_name(MEMBER_LAPSED), "lapsed");
    assert_string_equal(member_status_name(MEMBER_RESIGNED), "resigned");
    assert_string_equal(member_status_name(MEMBER_DECLINED), "declined");
    assert_string_equal(member_status_label(MEMBER_LAPSED), "Lapsed");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(
            test_fees__defaults_are_eur_january_15000_prorata_60_days),
        cmocka_unit_test(test_fees__settings_validation_names_the_field),
        cmocka_unit_test(
            test_fees__calendar_fiscal_year_runs_january_to_december),
        cmocka_unit_test(
            test_fees__fiscal_year_starting_in_july_ends_30_june_next_year),
        cmocka_unit_test(
            test_fees__fiscal_year_starting_in_march_ends_on_29_february),
        cmocka_unit_test(
            test_fees__fee_just_below_threshold_is_one_instalment_on_1_january),
        cmocka_unit_test(
            test_fees__fee_at_threshold_is_two_halves_due_1_january_and_1_july),
        cmocka_unit_test(
            test_fees__fee_above_threshold_odd_amount_halves_sum_exactly),
        cmocka_unit_test(test_fees__threshold_follows_the_settings),
        cmocka_unit_test(
            test_fees__july_year_halves_are_due_1_july_and_1_january),
        cmocka_unit_test(
            test_fees__joining_on_first_day_of_year_pays_the_whole_year),
        cmocka_unit_test(test_fees__joining_on_last_day_of_year_pays_one_month),
        cmocka_unit_test(
            test_fees__joining_in_january_after_the_first_pays_twelve_months),
        cmocka_unit_test(
            test_fees__joining_on_first_day_of_a_month_counts_that_month),
        cmocka_unit_test(
            test_fees__joining_on_last_day_of_a_month_counts_that_month),
        cmocka_unit_test(
            test_fees__joiner_below_threshold_pays_one_instalment_on_joining),
        cmocka_unit_test(test_fees__prorata_in_second_half_is_one_instalment),
        cmocka_unit_test(
            test_fees__prorata_odd_amount_rounds_once_and_sums_exactly),
        cmocka_unit_test(
            test_fees__prorata_instalments_always_sum_to_the_rounded_year),
        cmocka_unit_test(test_fees__july_year_joiner_pays_per_remaining_half),
        cmocka_unit_test(test_fees__leap_day_joiner_pays_from_february),
        cmocka_unit_test(
            test_fees__without_prorata_a_joiner_pays_the_whole_fee),
        cmocka_unit_test(test_fees__nothing_is_owed_outside_the_membership),
        cmocka_unit_test(
            test_fees__a_fee_of_one_minor_unit_never_makes_an_empty_instalment),
        cmocka_unit_test(test_fees__invoice_is_open_until_the_day_after_due),
        cmocka_unit_test(
            test_fees__partial_payments_partly_paid_then_paid_exactly),
        cmocka_unit_test(test_fees__odd_halves_paid_in_three_parts_sum_exactly),
        cmocka_unit_test(test_fees__overpaid_invoice_is_paid),
        cmocka_unit_test(
            test_fees__cancelled_invoice_is_cancelled_and_owes_nothing),
        cmocka_unit_test(test_fees__invoice_status_names_and_labels),
        cmocka_unit_test(
            test_fees__member_in_grace_through_day_60_lapsed_from_day_61),
        cmocka_unit_test(test_fees__grace_counts_29_february),
        cmocka_unit_test(test_fees__grace_days_follow_the_settings),
        cmocka_unit_test(test_fees__member_status_declined_resigned_applicant),
        cmocka_unit_test(test_fees__only_active_and_in_grace_members_count),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
