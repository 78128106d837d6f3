/*
 * The membership story of the demo cluster: a price list, members that
 * joined over the last years (a few resigned, a few still applying),
 * every fiscal year's invoices, mostly paid, some late or partly paid,
 * associates' services in kind, and a plan with targets and a budget,
 * so the dashboard tells a story on first start. Deterministic: the same
 * seed and today give the same data.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mem.h"
#include "cli/cli.h"
#include "core/money.h"
#include "store/invoice_store.h"
#include "store/membership_store.h"

/* splitmix64: small, fast, and the same on every machine. */
static uint64_t
next_rand(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static int32_t
rand_below(uint64_t *state, int32_t n)
{
    return n > 0 ? (int32_t)(next_rand(state) % (uint64_t)n) : 0;
}

enum demo_tier {
    TIER_LARGE,
    TIER_SME,
    TIER_STARTUP,
    TIER_RESEARCH,
    TIER_ASSOCIATE,
    TIER__COUNT
};

static const struct {
    const char *name;
    int64_t fee; /* EUR cents */
    unsigned kinds;
    bool associate;
    const char *description;
} TIERS[TIER__COUNT] = {
    { "Large enterprise", 1800000, 1u << ORG_KIND_LARGE, false,
      "Seat on the board's advisory council, up to ten staff at every "
      "event, two trade-fair missions a year, visibility as a partner." },
    { "SME", 300000, (1u << ORG_KIND_SME) | (1u << ORG_KIND_MICRO), false,
      "Working groups, matchmaking, seminars and trade-fair missions at "
      "member rates, a profile in the cluster catalogue." },
    { "Start-up", 60000, 1u << ORG_KIND_STARTUP, false,
      "Everything an SME gets for the first three years, plus mentoring "
      "by member companies." },
    { "Research and education", 120000,
      (1u << ORG_KIND_UNIVERSITY) | (1u << ORG_KIND_RESEARCH), false,
      "Project consortia with member companies, student placements, "
      "a voice in the cluster's research agenda." },
    { "Associate (free)", 0,
      (1u << ORG_KIND_PUBLIC) | (1u << ORG_KIND_ASSOCIATION), true,
      "For public bodies and associations that give services in kind: "
      "premises, contacts, experts." },
};

static enum demo_tier
tier_for(enum org_kind kind)
{
    switch (kind) {
    case ORG_KIND_LARGE:
        return TIER_LARGE;
    case ORG_KIND_STARTUP:
        return TIER_STARTUP;
    case ORG_KIND_UNIVERSITY:
    case ORG_KIND_RESEARCH:
        return TIER_RESEARCH;
    case ORG_KIND_PUBLIC:
    case ORG_KIND_ASSOCIATION:
        return TIER_ASSOCIATE;
    default:
        return TIER_SME;
    }
}

static const char *const END_REASONS[] = {
    "Budget cuts: membership paused",
    "Merged into another member",
    "Moved its business to another region",
    "Did not see enough value for its size",
};

static const char *const SERVICES[] = {
    "Conference hall for the general assembly",
    "Introductions to the regional ministry",
    "Two experts for the export seminar",
    "Office space for the cluster team",
    "Promotion in the city's investor newsletter",
};

/* One planned membership: who, which tier, and when it starts and ends. */
struct plan_member {
    int64_t org_id;
    enum org_kind kind;
    enum demo_tier tier;
    int32_t joined, ended; /* ended 0: still a member */
    int64_t id;            /* once stored */
};

static int
cmp_joined(const void *a, const void *b)
{
    const struct plan_member *x = a, *y = b;
    return (x->joined > y->joined) - (x->joined < y->joined);
}

static void
day_text(int32_t day, char out[11])
{
    date_format(date_from_days(day), out);
}

static int
add_tiers(struct store *st, const struct scope *sc, int64_t ids[TIER__COUNT],
          struct err *err)
{
    for (int i = 0; i < TIER__COUNT; i++) {
        struct tier t;
        tier_init(&t);
        org_set_str(&t.name, TIERS[i].name);
        org_set_str(&t.description, TIERS[i].description);
        t.annual_fee = TIERS[i].fee;
        t.kinds = TIERS[i].kinds;
        t.associate = TIERS[i].associate;
        t.active = true;
        int rc = tier_validate(&t, err) || tier_store_create(st, sc, &t, err);
        ids[i] = t.id;
        tier_release(&t);
        if (rc)
            return -1;
    }
    return 0;
}

static int
add_settings(struct store *st, const struct scope *sc, const char *name,
             struct err *err)
{
    struct cluster_settings cs;
    cluster_settings_init(&cs);
    int rc = settings_store_get(st, sc->cluster_id, &cs, err);
    if (!rc) {
        struct buf legal = BUF_INIT;
        buf_addf(&legal, "%s e.V.", name);
        org_set_str(&cs.legal_name, legal.s);
        buf_release(&legal);
        org_set_str(&cs.address, "Innovation Park 4\n01069 Dresden\nGermany");
        org_set_str(&cs.email, "office@demo.clusterdesk.test");
        org_set_str(&cs.website, "https://demo.clusterdesk.test");
        org_set_str(&cs.vat_id, "DE 123 456 789");
        org_set_str(&cs.bank_account,
                    "IBAN DE89 3704 0044 0532 0130 00, BIC COBADEFFXXX");
        org_set_str(&cs.benefits,
                    "Members meet in working groups, find partners through "
                    "matchmaking and project consortia, travel together to "
                    "trade fairs, and are heard by the region's policy "
                    "makers. Fees from 15,000 EUR a year are paid in two "
                    "half-year instalments; joiners pay for the months "
                    "left in the year.");
        rc = settings_store_put(st, sc, &cs, err);
    }
    cluster_settings_release(&cs);
    return rc;
}

/* Stores the planned memberships and their invoices month by month, as a
 * coordinator would have: joiners and leavers of the month, then the
 * month's dues run (idempotent, so earlier members get nothing twice). */
static int
add_memberships(struct store *st, const struct scope *sc,
                struct plan_member *pm, size_t n,
                const int64_t tier_ids[TIER__COUNT], int32_t start,
                int32_t today, const struct fee_settings *fees, uint64_t *rng,
                struct err *err)
{
    size_t next = 0;
    struct date d = date_from_days(start);
    d.day = 1;
    for (int32_t month = date_to_days(d); month <= today;) {
        struct date md = date_from_days(month);
        int32_t month_end = month + date_days_in_month(md.year, md.month) - 1;
        int32_t upto = month_end < today ? month_end : today;
        for (; next < n && pm[next].joined <= upto; next++) {
            struct membership m;
            char joined[11];
            membership_init(&m);
            m.organisation_id = pm[next].org_id;
            m.tier_id = tier_ids[pm[next].tier];
            day_text(pm[next].joined - rand_below(rng, 20), joined);
            org_set_str(&m.applied_on, joined);
            day_text(pm[next].joined, joined);
            org_set_str(&m.joined_on, joined);
            int rc = membership_validate(&m, err) ||
                     membership_store_create(st, sc, &m, err);
            pm[next].id = m.id;
            membership_release(&m);
            if (rc)
                return -1;
        }
        for (size_t i = 0; i < next; i++) {
            if (pm[i].ended < month || pm[i].ended > upto)
                continue;
            char ended[11];
            day_text(pm[i].ended, ended);
            if (membership_store_end(st, sc, pm[i].id, ended,
                                     END_REASONS[i % ARRAY_SIZE(END_REASONS)],
                                     err) != STORE_ONE)
                return err_set(err, ERR_INTERNAL, NULL,
                               "A demo membership could not end.");
        }
        char issued[11];
        day_text(upto, issued);
        int64_t created;
        if (dues_store_generate(st, sc, fee_fiscal_year_of(fees, upto), issued,
                                &created, err))
            return -1;
        month = month_end + 1;
    }
    return 0;
}

/* Pays the invoices: earlier years in full, within weeks of each due
 * date; this year most pay, some pay half, a few not at all. */
static int
add_payments(struct store *st, const struct scope *sc, int current_year,
             int32_t today, uint64_t *rng, struct err *err)
{
    static const char *const METHODS[] = { "bank_transfer", "bank_transfer",
                                           "bank_transfer", "card" };
    struct invoice_list l = { 0 };
    struct invoice_filter f = { 0 };
    char today_text[11];
    day_text(today, today_text);
    f.status = -1;
    f.limit = -1;
    int rc = invoice_store_list(st, sc->cluster_id, &f, today_text, &l, err);
    for (size_t i = 0; !rc && i < l.n; i++) {
        const struct invoice *iv = &l.items[i];
        int32_t luck = rand_below(rng, 100);
        bool current = iv->fiscal_year >= current_year;
        if (current && luck < 7)
            continue; /* not paid: overdue, in grace or lapsed */
        for (size_t k = 0; !rc && k < iv->ninst; k++) {
            int32_t paid_on = iv->inst[k].due + rand_below(rng, 40);
            if (paid_on > today)
                break;
            struct payment p;
            payment_init(&p);
            char on[11], ref[40];
            day_text(paid_on, on);
            org_set_str(&p.paid_on, on);
            org_set_str(&p.method, METHODS[rand_below(rng, 4)]);
            snprintf(ref, sizeof(ref), "Invoice %lld", (long long)iv->number);
            org_set_str(&p.reference, ref);
            p.invoice_id = iv->id;
            p.amount = iv->inst[k].amount;
            if (current && luck < 14)
                p.amount -= p.amount / 2; /* half now, the rest "soon" */
            rc = payment_validate(&p, today_text, err) ||
                 payment_store_add(st, sc, &p, err);
            payment_release(&p);
            if (current && luck < 14)
                break;
        }
    }
    invoice_list_release(&l);
    return rc;
}

static int
add_services(struct store *st, const struct scope *sc,
             const struct plan_member *pm, size_t n, int32_t today,
             uint64_t *rng, struct err *err)
{
    char today_text[11];
    day_text(today, today_text);
    for (size_t i = 0; i < n; i++) {
        if (pm[i].tier != TIER_ASSOCIATE || !pm[i].id)
            continue;
        int count = 1 + rand_below(rng, 3);
        for (int k = 0; k < count; k++) {
            struct service_in_kind s;
            service_in_kind_init(&s);
            s.membership_id = pm[i].id;
            org_set_str(&s.description,
                        SERVICES[(i + (size_t)k) % ARRAY_SIZE(SERVICES)]);
            s.value = 50000 * (1 + rand_below(rng, 20));
            int32_t span = today - pm[i].joined;
            char on[11];
            day_text(pm[i].joined + rand_below(rng, span > 0 ? span : 1), on);
            org_set_str(&s.given_on, on);
            int rc = service_in_kind_validate(&s, today_text, err) ||
                     service_store_add(st, sc, &s, err);
            service_in_kind_release(&s);
            if (rc)
                return -1;
        }
    }
    return 0;
}

/* A plan for this fiscal year and the last: a member target a little
 * above today's count, a budget the fees cover about 40 % of. */
static int
add_plans(struct store *st, const struct scope *sc, int year, int64_t members,
          int64_t fees, struct err *err)
{
    static const struct {
        enum income_source source;
        const char *label;
        int percent; /* of the budget */
    } LINES[] = {
        { INCOME_MEMBERSHIP_FEES, "Membership fees", 40 },
        { INCOME_EVENTS, "Cluster day and B2B events", 8 },
        { INCOME_PAID_SERVICES, "Trade-fair stands for members", 6 },
        { INCOME_PROJECTS, "Interreg project CLUSTER-BRIDGE", 22 },
        { INCOME_PUBLIC_FUNDING, "Regional cluster programme", 15 },
        { INCOME_SPONSORSHIP, "Sponsors of the cluster day", 4 },
    };
    for (int y = year - 1; y <= year; y++) {
        struct target_plan t;
        target_plan_init(&t, y);
        int64_t target = (members * 5 / 4 + 4) / 5 * 5;
        t.members = y == year ? target : target - 10;
        t.members_by_kind[ORG_KIND_SME] = t.members * 6 / 10;
        t.members_by_kind[ORG_KIND_LARGE] = t.members / 10;
        t.budget = (fees * 100 / 40 + 99999) / 100000 * 100000;
        t.income = xcalloc(ARRAY_SIZE(LINES), sizeof(*t.income));
        t.nincome = ARRAY_SIZE(LINES);
        for (size_t i = 0; i < ARRAY_SIZE(LINES); i++) {
            t.income[i].source = LINES[i].source;
            t.income[i].label = xstrdup(LINES[i].label);
            t.income[i].amount = t.budget * LINES[i].percent / 100;
            t.income[i].is_private = income_source_private(LINES[i].source);
        }
        int rc =
            target_plan_validate(&t, err) || target_store_put(st, sc, &t, err);
        target_plan_release(&t);
        if (rc)
            return -1;
    }
    return 0;
}

int
demo_membership_load(struct store *st, const struct scope *sc,
                     const char *cluster_name, const struct demo_org *orgs,
                     size_t norgs, size_t nmembers, int years,
                     const char *today_text, uint64_t seed, struct err *err)
{
    uint64_t rng = seed ^ UINT64_C(0x6d656d62657273);
    struct date td;
    if (date_parse(today_text, (int)strlen(today_text), &td))
        return err_set(err, ERR_INVALID, "today", "Today is not a date.");
    int32_t today = date_to_days(td);
    int32_t start = today - years * 365;
    int64_t tier_ids[TIER__COUNT];
    struct cluster_settings cs;
    cluster_settings_init(&cs);
    if (add_settings(st, sc, cluster_name, err) ||
        add_tiers(st, sc, tier_ids, err) ||
        settings_store_get(st, sc->cluster_id, &cs, err)) {
        cluster_settings_release(&cs);
        return -1;
    }
    if (nmembers > norgs)
        nmembers = norgs;
    /* The applicants come from the organisations that are not members. */
    size_t napplicants = norgs - nmembers < 4 ? norgs - nmembers : 4;
    struct plan_member *pm = xcalloc(nmembers ? nmembers : 1, sizeof(*pm));
    for (size_t i = 0; i < nmembers; i++) {
        pm[i].org_id = orgs[i].id;
        pm[i].kind = orgs[i].kind;
        pm[i].tier = tier_for(orgs[i].kind);
        /* More joined lately: the cluster grows. */
        uint64_t u = next_rand(&rng) % 1000;
        pm[i].joined = today - (int32_t)((int64_t)(years * 365) *
                                         (int64_t)(u * u) / 1000000);
        if (rand_below(&rng, 100) < 9) {
            int32_t ended = pm[i].joined + 200 + rand_below(&rng, 500);
            pm[i].ended = ended < today ? ended : 0;
        }
    }
    qsort(pm, nmembers, sizeof(*pm), cmp_joined);
    int64_t counting = 0, fees = 0;
    for (size_t i = 0; i < nmembers; i++)
        if (!pm[i].ended) {
            counting++;
            fees += TIERS[pm[i].tier].fee;
        }
    int rc = add_memberships(st, sc, pm, nmembers, tier_ids, start, today,
                             &cs.fees, &rng, err) ||
             add_payments(st, sc, fee_fiscal_year_of(&cs.fees, today), today,
                          &rng, err) ||
             add_services(st, sc, pm, nmembers, today, &rng, err) ||
             add_plans(st, sc, fee_fiscal_year_of(&cs.fees, today), counting,
                       fees, err);
    for (size_t i = 0; !rc && i < napplicants; i++) {
        const struct demo_org *o = &orgs[nmembers + i];
        struct membership m;
        char applied[11];
        membership_init(&m);
        m.organisation_id = o->id;
        m.tier_id = tier_ids[tier_for(o->kind)];
        day_text(today - 3 - 5 * (int32_t)i, applied);
        org_set_str(&m.applied_on, applied);
        org_set_str(&m.note, "Asked to join after the cluster day.");
        rc = membership_validate(&m, err) ||
             membership_store_create(st, sc, &m, err);
        if (!rc && i == napplicants - 1 && napplicants > 1 &&
            membership_store_decline(st, sc, m.id, today_text,
                                     "Outside the cluster's region.",
                                     err) != STORE_ONE)
            rc = -1;
        membership_release(&m);
    }
    free(pm);
    cluster_settings_release(&cs);
    return rc ? -1 : 0;
}
