/*
 * Targets, budget and the dashboard's figures (DOMAIN.md section 2):
 * members at any date against the target, fees expected / invoiced /
 * paid, the budget gap other income must cover, the private share and
 * the SME share. Pure: the store loads a fee_book, these functions count.
 */
#ifndef CD_TARGETS_H
#define CD_TARGETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "core/fees.h"
#include "core/org.h"

/* Where expected income comes from. */
enum income_source {
    INCOME_MEMBERSHIP_FEES,
    INCOME_EVENTS,
    INCOME_PAID_SERVICES,
    INCOME_PROJECTS,
    INCOME_PUBLIC_FUNDING,
    INCOME_SPONSORSHIP,
    INCOME__COUNT
};
const char *income_source_name(enum income_source s);  /* "paid_services" */
const char *income_source_label(enum income_source s); /* "Paid services" */
int income_source_parse(const char *s, enum income_source *out);
/* The default of the private flag: fees, events, paid services and
 * sponsorship are private; projects and public funding are public. */
bool income_source_private(enum income_source s);

struct income_line {
    int64_t id;
    enum income_source source;
    char *label;    /* free text, up to 200 characters */
    int64_t amount; /* minor units, >= 0 */
    bool is_private;
};

/* A fiscal year's plan. 0 in a target means "not set". */
struct target_plan {
    int fiscal_year;
    int64_t members;
    int64_t members_by_kind[ORG_KIND__COUNT];
    int64_t budget;             /* expenses, minor units */
    struct income_line *income; /* owned */
    size_t nincome;
};
void target_plan_init(struct target_plan *t, int fiscal_year);
void target_plan_release(struct target_plan *t);
#define TARGET_MAX_MEMBERS 100000
#define TARGET_MAX_INCOME_LINES 100
/* Appends an income line (label copied; NULL for none) and returns it;
 * the plan owns it. */
struct income_line *target_plan_add_income(struct target_plan *t,
                                           enum income_source source,
                                           const char *label, int64_t amount,
                                           bool is_private);
/*
 * Targets 0..100,000, budget and amounts 0..MONEY_MAX, labels trimmed and
 * <= 200 characters, at most TARGET_MAX_INCOME_LINES lines. ERR_INVALID on
 * "fiscal_year", "members", "members_by_kind", "budget" or "income" (the
 * message names the line).
 */
int target_plan_validate(struct target_plan *t, struct err *err);

/* The reference lines of DOMAIN.md: 15 (ECCP minimum), 25, 50. */
extern const int64_t TARGET_REFERENCE_LINES[3];

/*
 * Everything the figures are computed from, as flat arrays the store
 * fills: memberships, each with a slice of invoices, each with slices of
 * instalments (in due order) and payments (in date order).
 */
struct book_member {
    int64_t id;
    enum org_kind kind;
    size_t tier;        /* index into fee_book.tiers */
    int64_t annual_fee; /* the current tier's fee */
    bool associate;
    int32_t applied, joined, ended, declined; /* day numbers, 0 = none */
    size_t first_invoice, ninvoices;
};
struct book_invoice {
    int64_t id;
    int fiscal_year;
    int32_t issued;
    bool cancelled;
    size_t first_inst, ninst;
    size_t first_payment, npayments;
};
struct book_payment {
    int32_t paid_on;
    int64_t amount;
};
struct book_tier {
    int64_t id;
    char *name;
};
struct fee_book {
    struct book_member *members;
    size_t nmembers, members_alloc;
    struct book_invoice *invoices;
    size_t ninvoices, invoices_alloc;
    struct instalment *inst;
    size_t ninst, inst_alloc;
    struct book_payment *payments;
    size_t npayments, payments_alloc;
    struct book_tier *tiers;
    size_t ntiers, tiers_alloc;
};
void fee_book_init(struct fee_book *b);
/* Frees the arrays and each tier's name (heap memory, e.g. xstrdup). */
void fee_book_release(struct fee_book *b);

/* The invoice's facts on `day` (payments dated <= day). */
void book_invoice_facts(const struct fee_book *b, const struct book_invoice *iv,
                        int32_t day, struct invoice_facts *out);
/* The membership's status on `day`: unpaid_since is the earliest
 * invoice_unpaid_since over its invoices that are not cancelled; an
 * associate owes nothing, so it is active once joined. */
enum member_status book_member_status(const struct fee_book *b,
                                      const struct book_member *m,
                                      int grace_days, int32_t day);

#define DASH_MONTHS 24

struct dash_month {
    int year, month;
    int64_t members; /* counting members on the month's last day (or today) */
    int64_t joins;   /* memberships that started in the month */
    int64_t leaves;  /* memberships that ended in the month */
};

struct dash_tier {
    int64_t tier_id;
    const char *name; /* points into the fee_book */
    int64_t members;
};

struct dashboard {
    int fiscal_year; /* the fiscal year containing the day */
    int32_t day;
    char currency[4];
    int64_t members; /* counting members (active and in grace) */
    int64_t by_status[MEMBER_STATUS__COUNT];
    int64_t by_kind[ORG_KIND__COUNT]; /* counting members */
    struct dash_tier *by_tier;        /* owned, one per fee_book tier */
    size_t ntiers;
    int64_t sme_members;
    int sme_permille; /* -1 without members */
    int64_t target_members;
    int64_t target_by_kind[ORG_KIND__COUNT];
    struct dash_month months[DASH_MONTHS]; /* oldest first; last = day's */
    /* Money of the fiscal year, minor units: */
    int64_t fees_expected; /* fee_schedule over counting memberships */
    int64_t invoiced;      /* its invoices issued by day, not cancelled */
    int64_t paid;          /* payments on those by day */
    int64_t overdue;       /* all years: past due and unpaid on day */
    int64_t overdue_invoices;
    int64_t budget;
    int64_t other_income; /* planned lines other than membership fees */
    int64_t gap;          /* budget - fees_expected (may be negative) */
    int64_t private_income, total_income; /* fees_expected + lines */
    int private_permille;                 /* -1 without income */
};
/* Frees by_tier. */
void dashboard_release(struct dashboard *d);
/*
 * Fills d for `day` from the book, the settings and the plan of the
 * fiscal year containing day (plan may be NULL). d is overwritten: its
 * only allocation is by_tier (free with dashboard_release), whose names
 * point into the book. In the month series, joins and leaves are counted
 * up to day; a leave falls in the month of ended (the first day no longer
 * a member). Planned membership-fee lines are ignored: fees_expected
 * stands for them. One pass over the members, each with one pass over
 * its invoices: linear in the size of the book.
 */
void dashboard_compute(const struct fee_book *b, const struct fee_settings *s,
                       const struct target_plan *plan, int32_t day,
                       struct dashboard *d);

/* A board report's half year: "2027H1" is the first half of fiscal year
 * 2027. Parses into year and half (1 or 2); 0 or -1. */
int half_year_parse(const char *s, int *year, int *half);
/* The half's first and last day under the settings. */
void half_year_range(const struct fee_settings *s, int year, int half,
                     int32_t *first, int32_t *last);

#endif
