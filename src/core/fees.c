/*
 * The rules of membership fees: fiscal years, the instalments a
 * membership owes for a year, and the status of invoices and memberships.
 * Pure and allocation-free: no clock, no I/O; every amount is computed
 * in integers and rounded with money_ratio, so instalments always sum
 * exactly to the year's amount.
 */
#include "core/fees.h"

#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "core/money.h"

void
fee_settings_default(struct fee_settings *s)
{
    memset(s, 0, sizeof(*s));
    memcpy(s->currency, "EUR", 4);
    s->fy_start_month = 1;
    s->instalment_threshold = fee_default_threshold(s->currency);
    s->prorata = true;
    s->grace_days = 60;
}

int64_t
fee_default_threshold(const char *currency)
{
    return 15000 * currency_unit(currency);
}

int
fee_settings_validate(const struct fee_settings *s, struct err *err)
{
    if (!currency_valid(s->currency))
        return err_set(err, ERR_INVALID, "currency",
                       "The currency must be a three-letter ISO 4217 code "
                       "such as EUR, UAH or SEK.");
    if (s->fy_start_month < 1 || s->fy_start_month > 12)
        return err_set(err, ERR_INVALID, "fy_start_month",
                       "The fiscal year must start in a month from 1 to 12.");
    if (s->instalment_threshold < 0 || s->instalment_threshold > MONEY_MAX)
        return err_set(err, ERR_INVALID, "instalment_threshold",
                       "The instalment threshold must be an amount of zero "
                       "or more.");
    if (s->grace_days < 0 || s->grace_days > 365)
        return err_set(err, ERR_INVALID, "grace_days",
                       "The grace period must be from 0 to 365 days.");
    return 0;
}

/* The first day of the month `months` after (year, month). */
static int32_t
month_start(int year, int month, int months)
{
    int index = year * 12 + (month - 1) + months;
    struct date d = { index / 12, index % 12 + 1, 1 };
    return date_to_days(d);
}

/* A start month outside 1..12 would make every date meaningless; treat it
 * as January rather than compute garbage. */
static int
start_month(const struct fee_settings *s)
{
    return s->fy_start_month >= 1 && s->fy_start_month <= 12 ? s->fy_start_month
                                                             : 1;
}

struct fiscal_year
fee_fiscal_year(const struct fee_settings *s, int year)
{
    int m = start_month(s);
    struct fiscal_year fy;
    fy.year = year;
    fy.start = month_start(year, m, 0);
    fy.half2 = month_start(year, m, 6);
    fy.end = month_start(year, m, 12) - 1;
    return fy;
}

int
fee_fiscal_year_of(const struct fee_settings *s, int32_t day)
{
    struct date d = date_from_days(day);
    return d.month >= start_month(s) ? d.year : d.year - 1;
}

void
fee_fiscal_year_label(const struct fee_settings *s, int year, char out[10])
{
    if (start_month(s) == 1)
        snprintf(out, 10, "%d", year);
    else
        snprintf(out, 10, "%d/%02d", year, (year + 1) % 100);
}

/* Months from the fiscal year's first month to day's month (0..11). */
static int
month_index(const struct fiscal_year *fy, int32_t day)
{
    struct date a = date_from_days(fy->start), b = date_from_days(day);
    return (b.year * 12 + b.month) - (a.year * 12 + a.month);
}

/* The first day of day's month. */
static int32_t
first_of_month(int32_t day)
{
    struct date d = date_from_days(day);
    d.day = 1;
    return date_to_days(d);
}

static struct instalment
instalment(int32_t due, int64_t amount, int32_t from, int32_t to)
{
    struct instalment i = { due, amount, from, to };
    return i;
}

/*
 * Drops an instalment of 0 (a fee of a few minor units split in halves):
 * every instalment asks for something. Returns how many are left.
 */
static int
nonzero(struct instalment out[2], int n)
{
    int kept = 0;
    for (int i = 0; i < n; i++)
        if (out[i].amount > 0)
            out[kept++] = out[i];
    return kept;
}

int
fee_schedule(const struct fee_settings *s, int64_t annual_fee, int32_t joined,
             int32_t ended, int year, struct instalment out[2])
{
    struct fiscal_year fy = fee_fiscal_year(s, year);
    if (annual_fee <= 0 || joined == 0 || joined > fy.end ||
        (ended > 0 && ended <= fy.start))
        return 0;
    bool halves = annual_fee >= s->instalment_threshold;

    if (joined <= fy.start || !s->prorata) {
        /*
         * The whole fee. A joiner without pro-rata owes it from the day
         * of joining: no instalment falls due before then.
         */
        int32_t due1 = joined > fy.start ? joined : fy.start;
        int32_t due2 = joined > fy.half2 ? joined : fy.half2;
        if (!halves) {
            out[0] = instalment(due1, annual_fee, fy.start, fy.end);
            return 1;
        }
        int64_t second = annual_fee / 2;
        out[0] = instalment(due1, annual_fee - second, fy.start, fy.half2 - 1);
        out[1] = instalment(due2, second, fy.half2, fy.end);
        return nonzero(out, 2);
    }

    /*
     * A joiner in the year pays the months left, counting the joining
     * month. The year's amount is rounded once; with halves the current
     * half's share is rounded on its own and the next half takes the
     * rest, so the two always add up to the year's amount.
     */
    int index = month_index(&fy, joined);
    int64_t year_amount = money_ratio(annual_fee, 12 - index, 12);
    int32_t from = first_of_month(joined);
    if (year_amount <= 0)
        return 0;
    if (!halves || joined >= fy.half2) {
        out[0] = instalment(joined, year_amount, from, fy.end);
        return 1;
    }
    int64_t first = money_ratio(annual_fee, 6 - index, 12);
    out[0] = instalment(joined, first, from, fy.half2 - 1);
    out[1] = instalment(fy.half2, year_amount - first, fy.half2, fy.end);
    return nonzero(out, 2);
}

/* ---- invoices ---- */

static const struct {
    const char *name, *label;
} INVOICE_STATUS[INVOICE_STATUS__COUNT] = {
    [INVOICE_OPEN] = { "open", "Open" },
    [INVOICE_PARTLY_PAID] = { "partly_paid", "Partly paid" },
    [INVOICE_PAID] = { "paid", "Paid" },
    [INVOICE_OVERDUE] = { "overdue", "Overdue" },
    [INVOICE_CANCELLED] = { "cancelled", "Cancelled" },
};

const char *
invoice_status_name(enum invoice_status st)
{
    return st < INVOICE_STATUS__COUNT ? INVOICE_STATUS[st].name : "open";
}

const char *
invoice_status_label(enum invoice_status st)
{
    return st < INVOICE_STATUS__COUNT ? INVOICE_STATUS[st].label : "Open";
}

int64_t
invoice_total(const struct invoice_facts *f)
{
    int64_t total = 0;
    for (size_t i = 0; i < f->ninst; i++)
        total += f->inst[i].amount;
    return total;
}

int32_t
invoice_unpaid_since(const struct invoice_facts *f, int32_t day)
{
    if (f->cancelled)
        return 0;
    /*
     * Payments go to the instalments in due order, so the first one they
     * do not cover is the oldest debt; the later ones fall due no earlier.
     */
    int64_t left = f->paid;
    for (size_t i = 0; i < f->ninst; i++) {
        if (left >= f->inst[i].amount) {
            left -= f->inst[i].amount;
            continue;
        }
        return f->inst[i].due < day ? f->inst[i].due : 0;
    }
    return 0;
}

int64_t
invoice_overdue_amount(const struct invoice_facts *f, int32_t day)
{
    if (f->cancelled)
        return 0;
    int64_t due = 0;
    for (size_t i = 0; i < f->ninst; i++)
        if (f->inst[i].due < day)
            due += f->inst[i].amount;
    return due > f->paid ? due - f->paid : 0;
}

enum invoice_status
invoice_status(const struct invoice_facts *f, int32_t day)
{
    if (f->cancelled)
        return INVOICE_CANCELLED;
    if (f->paid >= invoice_total(f))
        return INVOICE_PAID;
    if (invoice_unpaid_since(f, day))
        return INVOICE_OVERDUE;
    return f->paid > 0 ? INVOICE_PARTLY_PAID : INVOICE_OPEN;
}

/* ---- memberships ---- */

static const struct {
    const char *name, *label;
} MEMBER_STATUS[MEMBER_STATUS__COUNT] = {
    [MEMBER_APPLICANT] = { "applicant", "Applicant" },
    [MEMBER_ACTIVE] = { "active", "Active" },
    [MEMBER_IN_GRACE] = { "in_grace", "In grace" },
    [MEMBER_LAPSED] = { "lapsed", "Lapsed" },
    [MEMBER_RESIGNED] = { "resigned", "Resigned" },
    [MEMBER_DECLINED] = { "declined", "Declined" },
};

const char *
member_status_name(enum member_status st)
{
    return st < MEMBER_STATUS__COUNT ? MEMBER_STATUS[st].name : "applicant";
}

const char *
member_status_label(enum member_status st)
{
    return st < MEMBER_STATUS__COUNT ? MEMBER_STATUS[st].label : "Applicant";
}

bool
member_status_counts(enum member_status st)
{
    return st == MEMBER_ACTIVE || st == MEMBER_IN_GRACE;
}

enum member_status
member_status(const struct member_facts *m, int grace_days, int32_t day)
{
    if (m->declined && m->declined <= day)
        return MEMBER_DECLINED;
    if (m->ended && m->ended <= day)
        return MEMBER_RESIGNED;
    if (!m->joined || m->joined > day)
        return MEMBER_APPLICANT;
    if (!m->unpaid_since || m->unpaid_since >= day)
        return MEMBER_ACTIVE;
    return day - m->unpaid_since <= grace_days ? MEMBER_IN_GRACE
                                               : MEMBER_LAPSED;
}
