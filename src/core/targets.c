/*
 * Targets, the income plan and the dashboard's figures, counted from a
 * fee_book the store loaded. Pure: no SQL, no clock. dashboard_compute
 * allocates only the by_tier array it returns (freed by
 * dashboard_release) and runs in one pass over the memberships, each
 * with one pass over its invoices, so it stays fast on 10,000 members
 * with five years of invoices.
 */
#include "core/targets.h"

#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mem.h"
#include "base/text.h"
#include "core/money.h"

static const struct {
    const char *name, *label;
    bool is_private;
} SOURCES[INCOME__COUNT] = {
    [INCOME_MEMBERSHIP_FEES] = { "membership_fees", "Membership fees", true },
    [INCOME_EVENTS] = { "events", "Events", true },
    [INCOME_PAID_SERVICES] = { "paid_services", "Paid services", true },
    [INCOME_PROJECTS] = { "projects", "Projects", false },
    [INCOME_PUBLIC_FUNDING] = { "public_funding", "Public funding", false },
    [INCOME_SPONSORSHIP] = { "sponsorship", "Sponsorship", true },
};

const char *
income_source_name(enum income_source s)
{
    return s < INCOME__COUNT ? SOURCES[s].name : "membership_fees";
}

const char *
income_source_label(enum income_source s)
{
    return s < INCOME__COUNT ? SOURCES[s].label : "Membership fees";
}

int
income_source_parse(const char *s, enum income_source *out)
{
    for (int i = 0; s && i < INCOME__COUNT; i++) {
        if (text_ieq(s, SOURCES[i].name) || text_ieq(s, SOURCES[i].label)) {
            *out = (enum income_source)i;
            return 0;
        }
    }
    return -1;
}

bool
income_source_private(enum income_source s)
{
    return s < INCOME__COUNT && SOURCES[s].is_private;
}

const int64_t TARGET_REFERENCE_LINES[3] = { 15, 25, 50 };

void
target_plan_init(struct target_plan *t, int fiscal_year)
{
    memset(t, 0, sizeof(*t));
    t->fiscal_year = fiscal_year;
}

void
target_plan_release(struct target_plan *t)
{
    /* org_set_str frees a label whether it came from it or from xstrdup. */
    for (size_t i = 0; i < t->nincome; i++)
        if (t->income[i].label)
            org_set_str(&t->income[i].label, NULL);
    free(t->income);
    memset(t, 0, sizeof(*t));
}

struct income_line *
target_plan_add_income(struct target_plan *t, enum income_source source,
                       const char *label, int64_t amount, bool is_private)
{
    t->income = xrealloc(t->income, (t->nincome + 1) * sizeof(*t->income));
    struct income_line *l = &t->income[t->nincome++];
    memset(l, 0, sizeof(*l));
    l->source = source;
    org_set_str(&l->label, label);
    l->amount = amount;
    l->is_private = is_private;
    return l;
}

int
target_plan_validate(struct target_plan *t, struct err *err)
{
    if (t->fiscal_year < 1900 || t->fiscal_year > 9998)
        return err_set(err, ERR_INVALID, "fiscal_year",
                       "The fiscal year must be a year such as 2027.");
    if (t->members < 0 || t->members > TARGET_MAX_MEMBERS)
        return err_set(err, ERR_INVALID, "members",
                       "The member target must be from 0 to 100,000.");
    for (int k = 0; k < ORG_KIND__COUNT; k++)
        if (t->members_by_kind[k] < 0 ||
            t->members_by_kind[k] > TARGET_MAX_MEMBERS)
            return err_set(err, ERR_INVALID, "members_by_kind",
                           "The target for %s must be from 0 to 100,000.",
                           org_kind_label((enum org_kind)k));
    if (t->budget < 0 || t->budget > MONEY_MAX)
        return err_set(err, ERR_INVALID, "budget",
                       "The budget must be an amount of zero or more.");
    if (t->nincome > TARGET_MAX_INCOME_LINES)
        return err_set(err, ERR_INVALID, "income",
                       "A plan can have at most %d income lines.",
                       TARGET_MAX_INCOME_LINES);
    for (size_t i = 0; i < t->nincome; i++) {
        struct income_line *l = &t->income[i];
        if (!l->label)
            org_set_str(&l->label, NULL);
        size_t len, old = strlen(l->label);
        const char *s = text_trim(l->label, old, &len);
        if (s != l->label || len != old) {
            memmove(l->label, s, len);
            l->label[len] = '\0';
        }
        if (l->source >= INCOME__COUNT)
            return err_set(err, ERR_INVALID, "income",
                           "Income line %zu: choose where the income comes "
                           "from.",
                           i + 1);
        if (l->amount < 0 || l->amount > MONEY_MAX)
            return err_set(err, ERR_INVALID, "income",
                           "Income line %zu: the amount must be zero or more.",
                           i + 1);
        if (!text_valid_utf8(l->label, len))
            return err_set(err, ERR_INVALID, "income",
                           "Income line %zu: the label contains characters "
                           "that are not allowed.",
                           i + 1);
        if (text_utf8_len(l->label, len) > 200)
            return err_set(err, ERR_INVALID, "income",
                           "Income line %zu: the label is longer than 200 "
                           "characters.",
                           i + 1);
    }
    return 0;
}

/* ---- the fee book ---- */

void
fee_book_init(struct fee_book *b)
{
    memset(b, 0, sizeof(*b));
}

void
fee_book_release(struct fee_book *b)
{
    for (size_t i = 0; i < b->ntiers; i++)
        free(b->tiers[i].name);
    free(b->members);
    free(b->invoices);
    free(b->inst);
    free(b->payments);
    free(b->tiers);
    memset(b, 0, sizeof(*b));
}

void
book_invoice_facts(const struct fee_book *b, const struct book_invoice *iv,
                   int32_t day, struct invoice_facts *out)
{
    const struct book_payment *p = b->payments + iv->first_payment;
    out->inst = b->inst + iv->first_inst;
    out->ninst = iv->ninst;
    out->cancelled = iv->cancelled;
    out->paid = 0;
    for (size_t i = 0; i < iv->npayments; i++)
        if (p[i].paid_on <= day)
            out->paid += p[i].amount;
}

/* The membership's dated facts, with what it owes on day. */
static void
book_member_facts(const struct fee_book *b, const struct book_member *m,
                  int32_t day, struct member_facts *f)
{
    f->applied = m->applied;
    f->joined = m->joined;
    f->ended = m->ended;
    f->declined = m->declined;
    f->unpaid_since = 0;
    if (m->associate)
        return;
    for (size_t i = 0; i < m->ninvoices; i++) {
        const struct book_invoice *iv = &b->invoices[m->first_invoice + i];
        struct invoice_facts facts;
        if (iv->cancelled)
            continue;
        book_invoice_facts(b, iv, day, &facts);
        int32_t since = invoice_unpaid_since(&facts, day);
        if (since && (!f->unpaid_since || since < f->unpaid_since))
            f->unpaid_since = since;
    }
}

enum member_status
book_member_status(const struct fee_book *b, const struct book_member *m,
                   int grace_days, int32_t day)
{
    struct member_facts f;
    book_member_facts(b, m, day, &f);
    return member_status(&f, grace_days, day);
}

/* ---- the dashboard ---- */

void
dashboard_release(struct dashboard *d)
{
    free(d->by_tier);
    d->by_tier = NULL;
    d->ntiers = 0;
}

/*
 * One walk over a membership's invoices answers both what it owes on day
 * (the earliest due date unpaid, as invoice_unpaid_since) and on which of
 * the series' counting days it is lapsed (a bit per month). Payments go to
 * instalments in due order, so each instalment is covered from the date
 * of the payment that reaches it (payments are in date order); it is
 * unpaid on d when it fell due before d and is not covered by d, and
 * makes the member lapsed when it fell due more than grace_days before d.
 */
struct walk {
    int32_t unpaid_since; /* on day; 0 when nothing is unpaid */
    uint32_t lapsed;      /* bit k: lapsed on days[k] */
};

static struct walk
walk_member(const struct fee_book *b, const struct book_member *m,
            int grace_days, int32_t day, const int32_t days[DASH_MONTHS])
{
    struct walk w = { 0, 0 };
    if (m->associate)
        return w;
    for (size_t i = 0; i < m->ninvoices; i++) {
        const struct book_invoice *iv = &b->invoices[m->first_invoice + i];
        if (iv->cancelled)
            continue;
        const struct instalment *inst = b->inst + iv->first_inst;
        const struct book_payment *pay = b->payments + iv->first_payment;
        int64_t owed = 0, paid = 0;
        size_t p = 0;
        for (size_t k = 0; k < iv->ninst; k++) {
            int32_t due = inst[k].due;
            owed += inst[k].amount;
            while (paid < owed && p < iv->npayments)
                paid += pay[p++].amount;
            int32_t covered = INT32_MAX;
            if (paid >= owed)
                covered = p ? pay[p - 1].paid_on : INT32_MIN;
            if (due < day && covered > day &&
                (!w.unpaid_since || due < w.unpaid_since))
                w.unpaid_since = due;
            int64_t lapsed_from = (int64_t)due + grace_days + 1;
            /* Most instalments are paid in time: nothing to mark. */
            if (covered <= lapsed_from || lapsed_from > days[DASH_MONTHS - 1] ||
                covered <= days[0])
                continue;
            /* days[] ascends: the lapsed days are one run of them. */
            int d = 0;
            while (d < DASH_MONTHS && days[d] < lapsed_from)
                d++;
            for (; d < DASH_MONTHS && days[d] < covered; d++)
                w.lapsed |= UINT32_C(1) << d;
        }
    }
    return w;
}

/* The series' slot of day's month (first_index: the first month's
 * year * 12 + month - 1); below 0 before the series, DASH_MONTHS after. */
static int
month_slot(int32_t day, int first_index)
{
    struct date d = date_from_days(day);
    int slot = d.year * 12 + (d.month - 1) - first_index;
    return slot < 0 ? -1 : slot > DASH_MONTHS ? DASH_MONTHS : slot;
}

static int
permille(int64_t part, int64_t whole)
{
    return whole > 0 ? (int)money_ratio(part, 1000, whole) : -1;
}

/*
 * Adds a membership to the month series. It counts on days[k] from the
 * month it joined to the month before it ended or was declined (each
 * month is counted on its last day, so a month it joined in counts and a
 * month it ended in does not), less the months it was lapsed. The range
 * goes into a difference array, so this costs the same for any length.
 */
static void
add_to_series(struct dashboard *d, int64_t diff[DASH_MONTHS + 1],
              const struct book_member *m, uint32_t lapsed, int first_index)
{
    /* Joins, leaves and membership up to day only. */
    if (!m->joined || m->joined > d->day)
        return;
    int from = month_slot(m->joined, first_index);
    if (from >= 0 && !m->declined)
        d->months[from].joins++;
    if (from < 0)
        from = 0;
    int to = DASH_MONTHS;
    if (m->ended && m->ended <= d->day) {
        int slot = month_slot(m->ended, first_index);
        if (slot >= 0)
            d->months[slot].leaves++;
        to = slot < 0 ? 0 : slot;
    }
    if (m->declined && m->declined <= d->day) {
        int slot = month_slot(m->declined, first_index);
        slot = slot < 0 ? 0 : slot;
        to = slot < to ? slot : to;
    }
    if (from >= to)
        return;
    diff[from]++;
    diff[to]--;
    /* Lapsed months inside the range do not count. */
    for (uint32_t bits = lapsed; bits; bits &= bits - 1) {
        int k = __builtin_ctz(bits);
        if (k >= from && k < to)
            d->months[k].members--;
    }
}

void
dashboard_compute(const struct fee_book *b, const struct fee_settings *s,
                  const struct target_plan *plan, int32_t day,
                  struct dashboard *d)
{
    memset(d, 0, sizeof(*d));
    d->day = day;
    d->fiscal_year = fee_fiscal_year_of(s, day);
    memcpy(d->currency, s->currency, sizeof(d->currency));
    d->currency[3] = '\0';

    d->ntiers = b->ntiers;
    d->by_tier = d->ntiers ? xcalloc(d->ntiers, sizeof(*d->by_tier)) : NULL;
    for (size_t t = 0; t < b->ntiers; t++) {
        d->by_tier[t].tier_id = b->tiers[t].id;
        d->by_tier[t].name = b->tiers[t].name ? b->tiers[t].name : "";
    }

    /*
     * The series: DASH_MONTHS months ending with day's month, each
     * counted on its last day, the current one on day itself.
     */
    int32_t days[DASH_MONTHS];
    int64_t diff[DASH_MONTHS + 1] = { 0 };
    struct date today = date_from_days(day);
    int first_index = today.year * 12 + (today.month - 1) - (DASH_MONTHS - 1);
    for (int i = 0; i < DASH_MONTHS; i++) {
        int idx = first_index + i;
        struct date md = { idx / 12, idx % 12 + 1, 1 };
        d->months[i].year = md.year;
        d->months[i].month = md.month;
        md.day = date_days_in_month(md.year, md.month);
        days[i] = i == DASH_MONTHS - 1 ? day : date_to_days(md);
    }

    for (size_t i = 0; i < b->nmembers; i++) {
        const struct book_member *m = &b->members[i];
        struct walk w = { 0, 0 };
        /* Invoices matter only to a membership that has started. */
        if (m->joined && m->joined <= day && (!m->ended || m->ended > days[0]))
            w = walk_member(b, m, s->grace_days, day, days);
        struct member_facts f = { m->applied, m->joined, m->ended, m->declined,
                                  w.unpaid_since };
        enum member_status st = member_status(&f, s->grace_days, day);
        d->by_status[st]++;
        bool counts = member_status_counts(st);
        if (counts) {
            d->members++;
            if (m->kind < ORG_KIND__COUNT)
                d->by_kind[m->kind]++;
            if (org_kind_is_sme(m->kind))
                d->sme_members++;
            if (m->tier < d->ntiers)
                d->by_tier[m->tier].members++;
        }
        add_to_series(d, diff, m, w.lapsed, first_index);

        /*
         * Fees expected this fiscal year: what every approved membership
         * owes for it by the same schedule the invoices follow (lapsed
         * members still owe; leavers owe the year they leave in), so
         * expected and invoiced compare like with like.
         */
        if (m->joined && !m->declined && !m->associate && m->annual_fee > 0) {
            struct instalment inst[2];
            int n = fee_schedule(s, m->annual_fee, m->joined, m->ended,
                                 d->fiscal_year, inst);
            for (int k = 0; k < n; k++)
                d->fees_expected += inst[k].amount;
        }
    }
    int64_t running = 0;
    for (int k = 0; k < DASH_MONTHS; k++) {
        running += diff[k];
        d->months[k].members += running;
    }

    for (size_t i = 0; i < b->ninvoices; i++) {
        const struct book_invoice *iv = &b->invoices[i];
        if (iv->cancelled)
            continue;
        struct invoice_facts f;
        book_invoice_facts(b, iv, day, &f);
        if (iv->fiscal_year == d->fiscal_year && iv->issued <= day) {
            d->invoiced += invoice_total(&f);
            d->paid += f.paid;
        }
        int64_t overdue = invoice_overdue_amount(&f, day);
        if (overdue > 0) {
            d->overdue += overdue;
            d->overdue_invoices++;
        }
    }

    d->sme_permille = permille(d->sme_members, d->members);
    int64_t private_lines = 0;
    if (plan) {
        d->target_members = plan->members;
        memcpy(d->target_by_kind, plan->members_by_kind,
               sizeof(d->target_by_kind));
        d->budget = plan->budget;
        for (size_t i = 0; i < plan->nincome; i++) {
            const struct income_line *l = &plan->income[i];
            /* Planned fees give way to the fees the memberships bring. */
            if (l->source == INCOME_MEMBERSHIP_FEES)
                continue;
            d->other_income += l->amount;
            if (l->is_private)
                private_lines += l->amount;
        }
    }
    d->gap = d->budget - d->fees_expected;
    d->private_income = d->fees_expected + private_lines;
    d->total_income = d->fees_expected + d->other_income;
    d->private_permille = permille(d->private_income, d->total_income);
}

/* ---- half years ---- */

int
half_year_parse(const char *s, int *year, int *half)
{
    if (!s || strlen(s) != 6 || s[4] != 'H' || (s[5] != '1' && s[5] != '2'))
        return -1;
    int y = 0;
    for (int i = 0; i < 4; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        y = y * 10 + (s[i] - '0');
    }
    if (y < 1900 || y > 9998)
        return -1;
    *year = y;
    *half = s[5] - '0';
    return 0;
}

void
half_year_range(const struct fee_settings *s, int year, int half,
                int32_t *first, int32_t *last)
{
    struct fiscal_year fy = fee_fiscal_year(s, year);
    *first = half == 2 ? fy.half2 : fy.start;
    *last = half == 2 ? fy.end : fy.half2 - 1;
}
