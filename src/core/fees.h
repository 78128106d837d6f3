/*
 * The rules of membership fees (DOMAIN.md section 1): fiscal years, the
 * half-year instalments of large fees, pro-rata for mid-year joiners, the
 * status of an invoice and of a membership. Pure: dates are day numbers
 * (base/date.h), money is minor units (core/money.h), "today" is passed in.
 */
#ifndef CD_FEES_H
#define CD_FEES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

/* A cluster's fee settings; every number a per-cluster setting. */
struct fee_settings {
    char currency[4];             /* ISO 4217, e.g. "EUR" */
    int fy_start_month;           /* 1..12; the fiscal year starts on day 1 */
    int64_t instalment_threshold; /* minor units; fees >= it pay in halves */
    bool prorata;                 /* mid-year joiners pay the months left */
    int grace_days;               /* in grace through this day after due */
};

/* EUR, January, 15,000 major units of the currency, pro-rata on, 60 days.
 * With another currency, set it and call fee_settings_default_threshold. */
void fee_settings_default(struct fee_settings *s);
/* 15,000 in the settings' currency (1,500,000 minor units for EUR). */
int64_t fee_default_threshold(const char *currency);
/* ERR_INVALID with the field name ("currency", "fy_start_month",
 * "instalment_threshold", "grace_days": 0..365) of the first wrong value. */
int fee_settings_validate(const struct fee_settings *s, struct err *err);

/*
 * Fiscal year `year` is the one that starts in calendar year `year` (with
 * a July start, fiscal year 2027 runs 2027-07-01 .. 2028-06-30). Its
 * second half starts six months after its start.
 */
struct fiscal_year {
    int year;
    int32_t start; /* first day */
    int32_t half2; /* first day of the second half */
    int32_t end;   /* last day */
};
struct fiscal_year fee_fiscal_year(const struct fee_settings *s, int year);
/* The fiscal year that contains day. */
int fee_fiscal_year_of(const struct fee_settings *s, int32_t day);
/* "2027" for a January start, "2027/28" otherwise (out >= 10 bytes). */
void fee_fiscal_year_label(const struct fee_settings *s, int year,
                           char out[10]);

/* One instalment of a year's fee: what is due when, for which months. */
struct instalment {
    int32_t due;          /* day number */
    int64_t amount;       /* minor units, > 0 */
    int32_t period_start; /* first day it pays for */
    int32_t period_end;   /* last day it pays for */
};

/*
 * The instalments a membership owes for fiscal year `year`, into out;
 * returns how many (0, 1 or 2).
 *   - 0 when the fee is 0 (associates), when the membership has not
 *     joined (joined 0) or joined after the year's end, or ended (ended >
 *     0, the first day no longer a member) on or before the year's start.
 *     A membership that ends during the year owes the whole year.
 *   - A member since before the year: the whole fee; below the threshold
 *     one instalment due on the year's first day, at or above it two
 *     halves due on the first day of each half: the second half is fee / 2
 *     rounded down, the first the rest, so they sum exactly to the fee.
 *   - A joiner in the year with prorata: the months left, counting the
 *     joining month, of fee/12 each, rounded to the minor unit. Below the
 *     threshold one instalment due on the joining day. At or above it one
 *     instalment per remaining half for that half's months: the current
 *     half's due on joining, the next half's on its first day; the amounts
 *     sum exactly to the rounded year's amount. Without prorata the whole
 *     fee, split as for a full year, with due dates no earlier than the
 *     joining day.
 * The threshold compares the annual fee, not the pro-rata amount. Each
 * instalment's period runs from the first day of the first month it pays
 * for (the joining month for a joiner) to the last day of its half or
 * year. An instalment that would round to 0 (a fee of a few minor units)
 * is left out, so every amount is > 0.
 */
int fee_schedule(const struct fee_settings *s, int64_t annual_fee,
                 int32_t joined, int32_t ended, int year,
                 struct instalment out[2]);

/* ---- invoices ---- */
enum invoice_status {
    INVOICE_OPEN,        /* nothing paid, nothing past due */
    INVOICE_PARTLY_PAID, /* some paid, nothing past due */
    INVOICE_PAID,        /* paid in full (or more) */
    INVOICE_OVERDUE,     /* an instalment past its due date not covered */
    INVOICE_CANCELLED,   /* a credit note cancels it */
    INVOICE_STATUS__COUNT
};
const char *invoice_status_name(enum invoice_status st);  /* "partly_paid" */
const char *invoice_status_label(enum invoice_status st); /* "Partly paid" */

/* What an invoice's status depends on: its instalments in due order and
 * the sum of its payments made on or before the day asked about. */
struct invoice_facts {
    const struct instalment *inst;
    size_t ninst;
    int64_t paid; /* payments dated <= day */
    bool cancelled;
};

/* The invoice's total: the sum of its instalments. */
int64_t invoice_total(const struct invoice_facts *f);
/*
 * The first instalment past due on `day` (due < day) that payments
 * applied in due order do not cover, as its due date; 0 when none. An
 * instalment is past due from the day after its due date.
 */
int32_t invoice_unpaid_since(const struct invoice_facts *f, int32_t day);
/* Of the instalments due before `day`, the amount not covered by paid. */
int64_t invoice_overdue_amount(const struct invoice_facts *f, int32_t day);
enum invoice_status invoice_status(const struct invoice_facts *f, int32_t day);

/* ---- memberships ---- */
enum member_status {
    MEMBER_APPLICANT, /* applied, not yet approved (or joins later) */
    MEMBER_ACTIVE,    /* joined, nothing unpaid past due */
    MEMBER_IN_GRACE,  /* an instalment unpaid 1..grace_days after due */
    MEMBER_LAPSED,    /* an instalment unpaid more than grace_days */
    MEMBER_RESIGNED,  /* ended on or before the day */
    MEMBER_DECLINED,  /* the application was declined */
    MEMBER_STATUS__COUNT
};
const char *member_status_name(enum member_status st);  /* "in_grace" */
const char *member_status_label(enum member_status st); /* "In grace" */
/* Active and in grace count as members; lapsed ones no longer do. */
bool member_status_counts(enum member_status st);

/* The dated facts of one membership; dates are day numbers, 0 = none. */
struct member_facts {
    int32_t applied;
    int32_t joined;   /* approval: the membership runs from this day */
    int32_t ended;    /* the first day no longer a member */
    int32_t declined; /* the application was declined on this day */
    /* The earliest due date, over its invoices, of an instalment that is
     * unpaid on the day asked about (invoice_unpaid_since); 0 if none. */
    int32_t unpaid_since;
};
/*
 * The status on `day`: declined (declined <= day), then resigned (ended
 * <= day), then
 * applicant (not joined, or joined > day), then by unpaid_since: when
 * 0 active; when day - unpaid_since <= grace_days in grace (days 1..60
 * after the due date with the default), later lapsed. Associates never
 * owe, so they stay active.
 */
enum member_status member_status(const struct member_facts *m, int grace_days,
                                 int32_t day);

#endif
