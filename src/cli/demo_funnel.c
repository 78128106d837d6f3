/*
 * The funnel's story in the demo cluster, told over the twelve months up
 * to today: every organisation that is not a member is a lead with a
 * source and an owner (the demo's manager or admin), leads enter the base
 * month by month, the cold base gets the monthly newsletter, posts on
 * social media draw interactions, replies, enquiries, meetings and event
 * attendance warm leads, the team calls and meets warm ones, some join
 * (the membership story's joins of the year are preceded by warm
 * signals), others cool after the warm window, two or three ask not to
 * be contacted. Events over the year (seminars, matchmaking with fees, the
 * cluster day, the general assembly, working-group meetings, one upcoming
 * with a waitlist) with registrations, check-ins, no-shows, paid fees and
 * ratings; three working groups with members, coordinators and meetings.
 *
 * The story is planned first, in memory, so every fact agrees with the
 * others: a lead gets the newsletter only while it is cold, a warm lead's
 * days left are chosen, an attendance that warms a lead is an attendance
 * of a real event. Then it is written through the stores: leads, groups,
 * events and registrations one by one (a few thousand writes), and the
 * activities in batches through activity_store_import, grouped by
 * organisation so warm periods are rebuilt once per organisation. With
 * --activities more than the story needs, the rest are further outreach
 * spread over the year, and one lead gets a timeline of 1,000 entries
 * (the benchmark's organisation page).
 *
 * Deterministic for a seed and today: its own splitmix64 numbers, one
 * sequence for planning and one per organisation for its timeline (so
 * the timelines can be counted before they are written). It never reads
 * the clock; it runs inside the demo's one transaction.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/mem.h"
#include "cli/cli.h"
#include "core/event.h"
#include "core/lead.h"
#include "store/event_store.h"
#include "store/funnel_store.h"
#include "store/invoice_store.h"
#include "store/membership_store.h"

/* Activities per activity_store_import call: each organisation's timeline
 * goes into one batch, so a batch ends at an organisation's end. */
#define FL_BATCH 20000
/* The one long timeline the benchmark opens. */
#define FL_LONG_TIMELINE 1000
#define FL_MAX_SIGNALS 3

/* ---- numbers: splitmix64 ---- */

static uint64_t
fl_next(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* A number in [0, n); 0 when n <= 0. */
static int32_t
fl_below(uint64_t *state, int32_t n)
{
    return n > 0 ? (int32_t)(fl_next(state) % (uint64_t)n) : 0;
}

static bool
fl_percent(uint64_t *state, int32_t percent)
{
    return fl_below(state, 100) < percent;
}

/* ---- what the story says ---- */

static const char *const MONTHS[12] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December",
};

/* The newsletter's lead story, by calendar month. */
static const char *const NEWSLETTER[12] = {
    "funding calls of the year and the cluster's project pipeline",
    "AI pilots in SME production: three members report",
    "export support: the Nordic market entry programme",
    "apprenticeships and dual study: the skills pact",
    "energy costs: joint purchasing and heat recovery",
    "matchmaking results and new members of the spring",
    "summer school for engineers and open lab days",
    "supply-chain resilience: second sources in the region",
    "the cluster day programme and speakers",
    "cyber security duties under NIS2 for manufacturers",
    "trade-fair missions of the coming year",
    "the year in review and the general assembly",
};

static const char *const SOURCES[] = {
    "trade fair",
    "website enquiry",
    "event registration",
    "referral by a member",
    "regional company register",
    "LinkedIn",
    "chamber of commerce list",
    "university spin-off programme",
};

static const char *const INTERESTS[] = {
    "wants to hear more about the AI working group",
    "interested in the export programme for Sweden",
    "asks whether start-ups pay a reduced fee",
    "would like to present at the next seminar",
    "looking for a partner for an EU project consortium",
    "asks about the matchmaking at the cluster day",
    "wants an introduction to a member with test facilities",
    "interested in joint recruiting of apprentices",
};

static const char *const ENQUIRIES[] = {
    "Enquiry via the website: membership fees for an SME of 40 people",
    "Enquiry by phone: who in the cluster does laser welding?",
    "Enquiry via the website: can a university institute become a member?",
    "Enquiry by e-mail: access to the cluster's shared test lab",
    "Enquiry at the stand: how the Nordic trade-fair missions work",
    "Enquiry via the contact form: project partners for a Horizon call",
};

static const char *const MEETINGS[] = {
    "Meeting at their site with the managing director: membership "
    "benefits, the export working group",
    "Meeting at the cluster office: their R&D plans and possible partners "
    "among members",
    "Video meeting with the head of sales: matchmaking and trade fairs",
    "Meeting with the HR lead: the skills pact and dual study places",
    "Lunch meeting with the CEO: what the cluster did for similar firms",
};

static const char *const CALLS[] = {
    "Follow-up call: sent the membership brochure and the fee table",
    "Follow-up call: invited them to the next working-group meeting",
    "Call with the owner: agreed to meet at their site",
    "Call: introduced them to a member for a joint project",
    "Call: answered questions about the application form",
};

static const char *const COLD_CALLS[] = {
    "Cold call: reached the assistant, information sent by e-mail",
    "Cold call: no decision maker reached, try again next quarter",
    "Cold call: short talk with the production manager, not now",
    "Call: checked the contact person is still with the company",
};

static const char *const SOCIAL[] = {
    "Shared our LinkedIn post on the AI working group",
    "Commented on our post about the cluster day",
    "Liked our post on the export programme",
    "Followed the cluster's LinkedIn page",
    "Reposted our call for matchmaking participants",
    "Answered our poll on energy costs",
};

static const char *const MEMBER_NOTES[] = {
    "Visit by the cluster manager: toured the new production line, "
    "discussed a joint R&D project",
    "Call: asked for two places at the next trade-fair mission",
    "Note: their CEO will speak at the next seminar",
    "Call: asked for an introduction to the regional ministry",
    "Meeting: planning their part in the Interreg project",
    "Note: sent them the call for the cluster's innovation voucher",
};

static const char *const LEAD_NOTES[] = {
    "Note: 120 employees, family owned, supplier to automotive",
    "Note: new managing director since spring",
    "Note: met their sales lead at the regional business breakfast",
    "Note: they expand into Scandinavia next year",
    "Note: competitor of two members, handle with care",
};

static const char *const INVITES[] = {
    "Invitation sent: the next seminar",
    "Invitation sent: the cluster day",
    "Invitation sent: B2B matchmaking",
    "E-mail: the cluster's annual report",
    "E-mail: call for the innovation voucher",
};

static const char *const COMMENTS[] = {
    "Well organised, good partners at my table.",
    "Useful talks; more time for questions next time.",
    "Two concrete leads for our sales team.",
    "",
    "The venue was too small for the number of people.",
    "Excellent speakers.",
    "",
};

/* ---- working groups and events ---- */

#define FL_GROUPS 3
static const struct {
    const char *name;
    const char *topic;
    const char *description;
} GROUPS[FL_GROUPS] = {
    { "AI in manufacturing", "Machine learning on the shop floor",
      "Members share pilots of visual quality inspection, predictive "
      "maintenance and production planning, and run a joint data pool." },
    { "Export to Nordic markets",
      "Market entry in Sweden, Norway, Finland and Denmark",
      "Market studies, trade-fair missions and partner searches for members "
      "who sell or want to sell in the Nordic countries." },
    { "Skills & talent", "Apprenticeships, dual study and recruiting engineers",
      "Joint recruiting campaigns, dual study places with the region's "
      "universities, and training for members' staff." },
};

struct fl_event_tpl {
    int offset; /* days from today; past ones move back to Tue..Thu */
    enum event_kind kind;
    int group; /* working group, or -1 */
    const char *title;
    bool with_year;            /* the event day's year follows the title */
    const char *starts, *ends; /* "HH:MM" */
    int days;                  /* the last day is day + days */
    const char *place;
    const char *online;
    int64_t capacity, member_fee, nonmember_fee;
    bool public;
    const char *description;
};

static const struct fl_event_tpl EVENTS[] = {
    { -345, EVENT_SEMINAR, -1, "AI for SMEs: from pilot to production", false,
      "09:30", "13:00", 0, "Innovation Park, Hall B, Dresden", "", 60, 0, 0,
      true,
      "Three members show how their AI pilots reached production: what it "
      "cost, what it saved, and what they would do differently." },
    { -310, EVENT_WORKING_GROUP, 0, "AI in manufacturing: kick-off", false,
      "14:00", "16:30", 0, "Cluster office, meeting room 2", "", 25, 0, 0,
      false, "The group's first meeting: goals, data pool, the year's plan." },
    { -280, EVENT_MATCHMAKING, -1, "Nordic-Baltic B2B matchmaking", false,
      "09:00", "17:00", 0, "Lindholmen Science Park, Göteborg", "", 80, 4900,
      14900, true,
      "Pre-arranged 20-minute meetings with buyers and partners from "
      "Sweden, Finland and the Baltic states." },
    { -250, EVENT_WORKING_GROUP, 1, "Export to Nordic markets: entering Sweden",
      false, "10:00", "12:30", 0, "",
      "https://meet.demo.clusterdesk.test/export", 30, 0, 0, false,
      "Business Sweden on market entry; two members on their first year." },
    { -215, EVENT_SEMINAR, -1, "Cyber security for manufacturers (NIS2)", false,
      "09:00", "12:00", 0, "", "https://meet.demo.clusterdesk.test/nis2", 100,
      0, 0, true,
      "What NIS2 asks of manufacturers and their suppliers, with a "
      "checklist to take home." },
    { -185, EVENT_GENERAL_ASSEMBLY, -1, "General assembly", true, "16:00",
      "18:30", 0, "Chamber of Commerce, Great Hall", "", 0, 0, 0, false,
      "Annual report, accounts, the board's election and the plan for the "
      "year. Members only." },
    { -160, EVENT_WORKING_GROUP, 2, "Skills & talent: dual study programmes",
      false, "14:00", "16:00", 0, "University of Applied Sciences, Room A 12",
      "", 25, 0, 0, false,
      "The universities present dual study places; members say what they "
      "need." },
    { -130, EVENT_COMPANY_VISIT, -1,
      "Company visit: a robotics assembly line in Chemnitz", false, "10:00",
      "13:00", 0, "Chemnitz, Technologiepark 7", "", 20, 0, 0, true,
      "A tour of a member's new robotic assembly line, with the engineers "
      "who built it." },
    { -95, EVENT_CLUSTER_DAY, -1, "Cluster day", true, "09:00", "18:00", 0,
      "Congress Centre, Dresden", "", 250, 0, 9900, true,
      "Talks, a members' exhibition, matchmaking and the evening reception: "
      "the cluster's day of the year." },
    { -60, EVENT_WORKING_GROUP, 0,
      "AI in manufacturing: visual inspection in practice", false, "14:00",
      "17:00", 0, "Innovation Park, Lab 3", "", 25, 0, 0, false,
      "Hands-on session with two camera systems from member companies." },
    { -35, EVENT_TRADE_FAIR, -1,
      "Trade-fair mission to the Nordic subcontracting fair", false, "08:00",
      "18:00", 2, "Elmia, Jönköping", "", 15, 25000, 45000, true,
      "A shared stand for members, travel together, meetings with buyers "
      "arranged in advance." },
    { -12, EVENT_WORKING_GROUP, 1,
      "Export to Nordic markets: public procurement in Sweden", false, "10:00",
      "12:00", 0, "", "https://meet.demo.clusterdesk.test/export", 30, 0, 0,
      false, "How Swedish municipalities buy, and how to find their tenders." },
    { -4, EVENT_SEMINAR, -1, "Funding calls: Horizon Europe and the region",
      false, "09:30", "12:30", 0, "Cluster office, seminar room", "", 40, 0, 0,
      true,
      "The calls open next year, the cluster's help with consortia and "
      "proposals." },
    { 19, EVENT_MATCHMAKING, -1, "B2B matchmaking: AI and automation", false,
      "09:00", "15:00", 0, "Innovation Park, Hall A, Dresden", "", 16, 4900,
      14900, true,
      "Sixteen places at the tables: suppliers of AI and automation meet "
      "manufacturers with a concrete need. A waitlist opens when full." },
    { 33, EVENT_WORKING_GROUP, 2, "Skills & talent: recruiting engineers",
      false, "14:00", "16:00", 0, "Cluster office, meeting room 2", "", 25, 0,
      0, false, "A joint campaign for engineers: budget, channels, timing." },
};
#define FL_EVENTS ARRAY_SIZE(EVENTS)

/* ---- the plan ---- */

enum fl_role {
    FL_COLD,
    FL_WARM,         /* warm today, with chosen days left */
    FL_COOLING,      /* warm today, cooling within a week */
    FL_COOLED,       /* warm during the year, cold again */
    FL_DNC,          /* asked not to be contacted */
    FL_APPLICANT,    /* applied to join: warm */
    FL_CONVERT,      /* joined during the year after warm signals */
    FL_CONVERT_COLD, /* joined during the year straight from cold */
    FL_MEMBER,       /* a member since before the year */
    FL_EX_MEMBER     /* left the cluster: a lead again */
};

struct fl_signal {
    int32_t day;
    enum activity_kind kind;
    int event; /* attendance of EVENTS[event], or -1 */
};

struct fl_lead {
    int64_t org_id;
    int64_t contact_id; /* the entry point, or 0 */
    enum org_kind kind;
    enum fl_role role;
    int32_t since;
    int32_t joined;  /* DAY_NEVER: never a member */
    int32_t ended;   /* DAY_NEVER while a member */
    int32_t applied; /* DAY_NEVER unless an applicant */
    int32_t dnc;     /* DAY_NEVER unless it asked */
    int owner;       /* index into fl.user_id */
    int source;
    struct fl_signal sig[FL_MAX_SIGNALS];
    int nsig;
    size_t story; /* its timeline's entries written by this file */
    size_t fill;  /* further outreach on top */
};

struct fl_event {
    const struct fl_event_tpl *t;
    int32_t day;
    int64_t id;
    size_t lead_quota, nleads; /* leads warmed by attending it */
};

struct fl_reg {
    size_t lead;
    int32_t day;
    enum registration_status to;
    int32_t paid_on; /* DAY_NEVER: unpaid */
    int rating;      /* 0: none */
    int64_t id;
    char *token;
    enum registration_status status;
};

struct fl {
    struct store *st;
    const struct scope *cli_sc;
    struct scope sc; /* the manager: the team's work */
    uint64_t seed, rng;
    int32_t today, window;
    char today_text[11];
    struct fl_lead *lead;
    size_t n;
    int64_t user_id[2]; /* manager, admin */
    char *user_name[2];
    char *manager_email;
    struct fl_event ev[FL_EVENTS];
    int64_t group_id[FL_GROUPS];
    size_t *group_members[FL_GROUPS]; /* lead indexes */
    int32_t *group_joined[FL_GROUPS];
    size_t ngroup_members[FL_GROUPS];
    size_t big; /* the long timeline's lead, or n */
    /* the writing of activities */
    bool counting;
    size_t count;
    struct activity *batch;
    size_t nbatch, batch_alloc;
    struct buf text;
    struct demo_funnel_summary *sum;
};

static void
fl_day_text(int32_t day, char out[11])
{
    date_format(date_from_days(day), out);
}

static int32_t
fl_day_of(const char *s)
{
    struct date d;
    if (!s || date_parse(s, (int)strlen(s), &d))
        return DAY_NEVER;
    return date_to_days(d);
}

static int32_t
fl_month_first(int32_t day)
{
    struct date d = date_from_days(day);
    d.day = 1;
    return date_to_days(d);
}

/* Monday 0 .. Sunday 6; 1970-01-01 was a Thursday. */
static int
fl_weekday(int32_t day)
{
    return (int)(((day % 7) + 7 + 3) % 7);
}

static bool
fl_member_on(const struct fl_lead *p, int32_t day)
{
    return p->joined != DAY_NEVER && p->joined <= day && day < p->ended;
}

static bool
fl_warm_on(const struct fl_lead *p, int32_t day)
{
    for (int i = 0; i < p->nsig; i++)
        if (p->sig[i].day <= day && day <= p->sig[i].day + WARM_DAYS_DEFAULT)
            return true;
    return false;
}

/* In the base and open to outreach on day: not a member, not asked. */
static bool
fl_lead_on(const struct fl_lead *p, int32_t day)
{
    return day >= p->since && day < p->dnc && !fl_member_on(p, day);
}

static int
fl_store_failed(enum store_rc rc, const char *what, struct err *err)
{
    if (rc == STORE_ONE)
        return 0;
    return err_set(err, ERR_INTERNAL, NULL, "The demo could not %s.", what);
}

/* ---- what is there already ---- */

static int
cmp_i64(const void *a, const void *b)
{
    const int64_t *x = a, *y = b;
    return (*x > *y) - (*x < *y);
}

/* The plan's index of an organisation, or f->n. Organisations are
 * planned in id order. */
static size_t
fl_find(const struct fl *f, int64_t org_id)
{
    size_t lo = 0, hi = f->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (f->lead[mid].org_id < org_id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < f->n && f->lead[lo].org_id == org_id ? lo : f->n;
}

static int
fl_load_users(struct fl *f, struct err *err)
{
    struct user *u = NULL;
    size_t n = 0;
    if (user_store_list(f->st, f->cli_sc->cluster_id, &u, &n, err))
        return -1;
    int found = 0;
    for (size_t i = 0; i < n; i++) {
        int k = u[i].role == ROLE_MANAGER ? 0
                : u[i].role == ROLE_ADMIN ? 1
                                          : -1;
        if (k < 0 || f->user_id[k])
            continue;
        f->user_id[k] = u[i].id;
        f->user_name[k] = xstrdup(u[i].name);
        if (k == 0)
            f->manager_email = xstrdup(u[i].email);
        found |= 1 << k;
    }
    for (size_t i = 0; i < n; i++)
        user_release(&u[i]);
    free(u);
    if (found != 3)
        return err_set(err, ERR_INTERNAL, NULL,
                       "The demo cluster has no manager or no admin.");
    return 0;
}

static int
fl_load_contacts(struct fl *f, struct err *err)
{
    struct contact_list l = { 0 };
    struct contact_filter cf = { 0 };
    cf.limit = -1;
    if (contact_store_list(f->st, f->cli_sc->cluster_id, &cf, &l, err)) {
        contact_list_release(&l);
        return -1;
    }
    for (size_t i = 0; i < l.n; i++) {
        size_t k = fl_find(f, l.items[i].organisation_id);
        if (k == f->n)
            continue;
        if (!f->lead[k].contact_id || l.items[i].entry_point)
            f->lead[k].contact_id = l.items[i].id;
    }
    contact_list_release(&l);
    return 0;
}

static int
fl_load_memberships(struct fl *f, struct err *err)
{
    struct membership_list l = { 0 };
    struct membership_filter mf = { 0 };
    mf.status = -1;
    mf.history = true;
    mf.limit = -1;
    if (membership_store_list(f->st, f->cli_sc->cluster_id, &mf, f->today_text,
                              &l, err)) {
        membership_list_release(&l);
        return -1;
    }
    for (size_t i = 0; i < l.n; i++) {
        const struct membership *m = &l.items[i].m;
        size_t k = fl_find(f, m->organisation_id);
        if (k == f->n)
            continue;
        struct fl_lead *p = &f->lead[k];
        if (*m->joined_on) {
            p->joined = fl_day_of(m->joined_on);
            p->ended = *m->ended_on ? fl_day_of(m->ended_on) : DAY_NEVER;
        } else if (!*m->declined_on) {
            p->applied = fl_day_of(m->applied_on);
        }
    }
    membership_list_release(&l);
    return 0;
}

/*
 * The board shows one or two joined this month. When the membership story
 * made none, the applicant who applied first is approved this month, and
 * the dues run gives it its invoice as a coordinator's run would.
 */
static int
fl_join_this_month(struct fl *f, struct err *err)
{
    int32_t first = fl_month_first(f->today);
    size_t pick = f->n;
    for (size_t i = 0; i < f->n; i++) {
        const struct fl_lead *p = &f->lead[i];
        if (p->joined != DAY_NEVER && p->joined >= first)
            return 0;
        if (p->applied != DAY_NEVER &&
            (pick == f->n || p->applied < f->lead[pick].applied))
            pick = i;
    }
    if (pick == f->n)
        return 0;
    struct fl_lead *p = &f->lead[pick];
    struct membership_list l = { 0 };
    struct membership_filter mf = { 0 };
    mf.status = -1;
    mf.organisation_id = p->org_id;
    mf.limit = -1;
    int rc = membership_store_list(f->st, f->cli_sc->cluster_id, &mf,
                                   f->today_text, &l, err);
    int64_t id = 0;
    for (size_t i = 0; !rc && i < l.n; i++)
        if (!*l.items[i].m.joined_on && !*l.items[i].m.declined_on)
            id = l.items[i].m.id;
    membership_list_release(&l);
    if (rc || !id)
        return rc ? -1 : 0;
    int32_t joined = p->applied > first ? p->applied : first;
    char on[11];
    fl_day_text(joined, on);
    if (fl_store_failed(membership_store_approve(f->st, f->cli_sc, id, on, err),
                        "approve an applicant", err))
        return -1;
    struct cluster_settings cs;
    cluster_settings_init(&cs);
    int64_t created;
    rc = settings_store_get(f->st, f->cli_sc->cluster_id, &cs, err) ||
         dues_store_generate(f->st, f->cli_sc,
                             fee_fiscal_year_of(&cs.fees, f->today),
                             f->today_text, &created, err);
    cluster_settings_release(&cs);
    p->joined = joined;
    p->applied = DAY_NEVER;
    return rc ? -1 : 0;
}

/* ---- planning ---- */

static void
fl_plan_events(struct fl *f)
{
    for (size_t e = 0; e < FL_EVENTS; e++) {
        const struct fl_event_tpl *t = &EVENTS[e];
        int32_t day = f->today + t->offset;
        /* Past events fell on a Tuesday, Wednesday or Thursday. */
        while (t->offset < 0 && (fl_weekday(day) < 1 || fl_weekday(day) > 3))
            day--;
        while (t->offset > 0 && (fl_weekday(day) < 1 || fl_weekday(day) > 3))
            day++;
        f->ev[e].t = t;
        f->ev[e].day = day;
        f->ev[e].id = 0;
        f->ev[e].nleads = 0;
        int64_t cap = t->capacity ? t->capacity : 120;
        /* Leads the events warm: a third of the places at most, and not
         * at members' meetings. */
        bool open = t->public && t->kind != EVENT_WORKING_GROUP &&
                    t->kind != EVENT_GENERAL_ASSEMBLY && t->offset < 0;
        f->ev[e].lead_quota = open ? (size_t)(cap / 3) : 0;
    }
}

/*
 * An interest signal near day, within [lo, hi]: a reply, an enquiry, a
 * meeting, or (when events may be used) the attendance of an event close
 * by that still has room for leads. Returns its day.
 */
static int32_t
fl_add_signal(struct fl *f, struct fl_lead *p, int32_t day, int32_t lo,
              int32_t hi, bool events, bool exact_meeting)
{
    if (p->nsig == FL_MAX_SIGNALS)
        return day;
    struct fl_signal *s = &p->sig[p->nsig++];
    s->day = day;
    s->event = -1;
    if (exact_meeting) {
        s->kind = ACTIVITY_MEETING;
        return day;
    }
    int32_t r = fl_below(&f->rng, 100);
    s->kind = r < 45   ? ACTIVITY_EMAIL_REPLY
              : r < 70 ? ACTIVITY_ENQUIRY
                       : ACTIVITY_MEETING;
    if (!events || r < 60 || !p->contact_id)
        return day;
    int best = -1;
    for (size_t e = 0; e < FL_EVENTS; e++) {
        const struct fl_event *ev = &f->ev[e];
        int32_t gap = ev->day > day ? ev->day - day : day - ev->day;
        if (ev->nleads >= ev->lead_quota || gap > 15 || ev->day < lo ||
            ev->day > hi || ev->day >= f->today || ev->day - 2 < p->since)
            continue;
        if (best < 0 || gap < abs(f->ev[best].day - day))
            best = (int)e;
    }
    if (best >= 0) {
        s->kind = ACTIVITY_EVENT_ATTENDANCE;
        s->event = best;
        s->day = f->ev[best].day;
        f->ev[best].nleads++;
    }
    return s->day;
}

/* Moves since back so the lead is in the base a while before day: into
 * the year when there is room, so the base still grows. */
static void
fl_since_before(struct fl *f, struct fl_lead *p, int32_t day)
{
    int32_t last = day - 30;
    if (p->since <= last)
        return;
    if (last >= f->window)
        p->since = f->window + fl_below(&f->rng, last - f->window + 1);
    else
        p->since = last - fl_below(&f->rng, 150);
}

/* How many of n plain leads take a role: the story's few, or shares of a
 * large base. */
static size_t
fl_quota(size_t n, size_t few, size_t small_n, size_t per_mille)
{
    if (n >= 300)
        return n * per_mille / 1000;
    return n >= small_n ? few : (n >= small_n / 2 && few ? 1 : 0);
}

static void
fl_plan_leads(struct fl *f)
{
    int32_t span = f->today - f->window + 1;
    size_t *plain = xcalloc(f->n ? f->n : 1, sizeof(*plain));
    size_t nplain = 0;
    for (size_t i = 0; i < f->n; i++) {
        struct fl_lead *p = &f->lead[i];
        p->owner = fl_percent(&f->rng, 65) ? 0 : 1;
        p->source = fl_below(&f->rng, (int32_t)ARRAY_SIZE(SOURCES));
        /* A quarter were in the base before the year; the others enter
         * it month by month, so the cold base grows while leads warm and
         * join. */
        if (fl_percent(&f->rng, 25)) {
            p->since = f->window - 1 - fl_below(&f->rng, 900);
        } else {
            /* The later of two days: more enter as outreach grows. */
            int32_t a = fl_below(&f->rng, span), b = fl_below(&f->rng, span);
            p->since = f->window + (a > b ? a : b);
        }
        if (p->joined != DAY_NEVER) {
            if (p->ended != DAY_NEVER && p->ended <= f->today)
                p->role = FL_EX_MEMBER;
            else if (p->joined < f->window)
                p->role = FL_MEMBER;
            else if (fl_percent(&f->rng, 75) || p->joined >= f->today - 31)
                p->role = FL_CONVERT;
            else
                p->role = FL_CONVERT_COLD;
            if (p->role == FL_MEMBER || p->role == FL_EX_MEMBER)
                p->since = p->joined - 60 - fl_below(&f->rng, 340);
            else
                fl_since_before(f, p, p->joined - 30);
        } else if (p->applied != DAY_NEVER) {
            p->role = FL_APPLICANT;
        } else {
            p->role = FL_COLD;
            plain[nplain++] = i;
        }
    }
    /* Shuffle the plain leads, then hand out the roles in turn. */
    for (size_t i = nplain; i > 1; i--) {
        size_t j = (size_t)fl_below(&f->rng, (int32_t)i);
        size_t t = plain[i - 1];
        plain[i - 1] = plain[j];
        plain[j] = t;
    }
    size_t ndnc = fl_quota(nplain, nplain >= 40 ? 3 : 2, 12, 10);
    size_t ncooling = fl_quota(nplain, nplain >= 30 ? 3 : 2, 10, 15);
    size_t nwarm = nplain <= 40 ? nplain * 30 / 100 : 12 + (nplain - 40) / 10;
    size_t ncooled = nplain <= 40 ? nplain * 20 / 100 : 8 + (nplain - 40) / 5;
    size_t k = 0;
    for (size_t j = 0; j < ndnc && k < nplain; j++)
        f->lead[plain[k++]].role = FL_DNC;
    for (size_t j = 0; j < ncooling && k < nplain; j++)
        f->lead[plain[k++]].role = FL_COOLING;
    size_t warm_first = k;
    for (size_t j = 0; j < nwarm && k < nplain; j++)
        f->lead[plain[k++]].role = FL_WARM;
    for (size_t j = 0; j < ncooled && k < nplain; j++)
        f->lead[plain[k++]].role = FL_COOLED;

    size_t cooling_no = 0, warm_no = 0;
    for (size_t i = 0; i < f->n; i++) {
        struct fl_lead *p = &f->lead[i];
        int32_t l, first;
        switch (p->role) {
        case FL_DNC:
            p->dnc = f->window + 30 + fl_below(&f->rng, span - 45);
            fl_since_before(f, p, p->dnc - 60);
            break;
        case FL_COOLING:
            /* Days left 1, 4, 6, ...: all within the week. */
            l = f->today + (int32_t)((cooling_no++ * 3 + 1) % 7) -
                WARM_DAYS_DEFAULT;
            fl_since_before(f, p, l - 20);
            fl_add_signal(f, p, l, l, l, false, false);
            break;
        case FL_WARM: {
            /* Days left spread evenly from a week to the whole window. */
            int32_t step = (WARM_DAYS_DEFAULT - 7) / (int32_t)nwarm;
            int32_t left = 7 + (int32_t)warm_no++ * step +
                           fl_below(&f->rng, step > 0 ? step : 1);
            if (left > WARM_DAYS_DEFAULT - 1)
                left = WARM_DAYS_DEFAULT - 1;
            l = f->today + left - WARM_DAYS_DEFAULT;
            fl_since_before(f, p, l - 60);
            if (fl_percent(&f->rng, 50)) {
                first = l - 12 - fl_below(&f->rng, 34);
                fl_add_signal(f, p, first, first - 15, l - 5, true, false);
                fl_add_signal(f, p, l, l, l, false, true);
            } else {
                fl_add_signal(f, p, l, f->today - 83, f->today - 1, true,
                              false);
            }
            break;
        }
        case FL_COOLED:
            l = f->window - 80 + fl_below(&f->rng, span - 20);
            if (l > f->today - 100)
                l = f->today - 100;
            fl_since_before(f, p, l - 40);
            fl_add_signal(f, p, l, l - 15, f->today - 98, true, false);
            break;
        case FL_APPLICANT:
            l = p->applied - fl_below(&f->rng, 8);
            fl_since_before(f, p, l - 90);
            first = l - 20 - fl_below(&f->rng, 40);
            fl_add_signal(f, p, first, first - 15, l - 5, true, false);
            fl_add_signal(f, p, l, l, l, false, true);
            break;
        case FL_CONVERT:
            first = p->joined - 20 - fl_below(&f->rng, 50);
            fl_since_before(f, p, first);
            fl_add_signal(f, p, first, first - 15, p->joined - 3, true, false);
            if (fl_percent(&f->rng, 60)) {
                l = p->joined - 3 - fl_below(&f->rng, 12);
                if (l > p->sig[0].day)
                    fl_add_signal(f, p, l, l, l, false, true);
            }
            break;
        default:
            break;
        }
        if (p->since > f->today)
            p->since = f->today;
    }
    /* The long timeline: a warm lead in the base the whole year. */
    f->big = f->n;
    for (size_t j = warm_first; j < warm_first + nwarm && j < nplain; j++)
        if (f->lead[plain[j]].since < f->window &&
            (f->big == f->n || plain[j] < f->big))
            f->big = plain[j];
    if (f->big == f->n && f->n)
        f->big = 0;
    free(plain);
}

/* ---- writing: leads ---- */

static int
fl_write_leads(struct fl *f, struct err *err)
{
    for (size_t i = 0; i < f->n; i++) {
        const struct fl_lead *p = &f->lead[i];
        char since[11], dnc_on[11];
        struct lead_update u;
        lead_update_init(&u);
        u.organisation_id = p->org_id;
        u.source = SOURCES[p->source];
        u.owner_id = f->user_id[p->owner];
        fl_day_text(p->since, since);
        u.since = since;
        if (p->dnc != DAY_NEVER) {
            fl_day_text(p->dnc, dnc_on);
            u.dnc = 1;
            u.dnc_on = dnc_on;
            u.dnc_reason = "Asked by e-mail to be removed from all mailings.";
        }
        if (fl_store_failed(
                lead_store_update(f->st, f->cli_sc, &u, f->today, err),
                "update a lead", err))
            return -1;
    }
    return 0;
}

/* ---- writing: working groups ---- */

static int
fl_write_groups(struct fl *f, struct err *err)
{
    size_t *members = xcalloc(f->n ? f->n : 1, sizeof(*members));
    size_t nmembers = 0;
    int rc = -1;
    for (size_t i = 0; i < f->n; i++)
        if (fl_member_on(&f->lead[i], f->today) && f->lead[i].contact_id)
            members[nmembers++] = i;
    size_t size = nmembers * 35 / 100;
    size = size < 3 ? (nmembers < 3 ? nmembers : 3) : size > 12 ? 12 : size;
    for (int g = 0; g < FL_GROUPS; g++) {
        /* Its first meeting decides when the founders joined. */
        int32_t first = f->today;
        for (size_t e = 0; e < FL_EVENTS; e++)
            if (f->ev[e].t->group == g && f->ev[e].day < first)
                first = f->ev[e].day;
        f->group_members[g] = xcalloc(size ? size : 1, sizeof(size_t));
        f->group_joined[g] = xcalloc(size ? size : 1, sizeof(int32_t));
        f->ngroup_members[g] = 0;
        /* Each group starts at its own place in the member list, so the
         * groups overlap only partly. Its founders were members before its
         * first meeting; the last two joined later. */
        size_t start = nmembers ? (size_t)g * nmembers / FL_GROUPS : 0;
        for (int late = 0; late < 2; late++) {
            for (size_t j = 0; j < nmembers; j++) {
                size_t k = f->ngroup_members[g];
                if (k == size || (!late && k + 2 == size))
                    break;
                size_t i = members[(start + j) % nmembers];
                const struct fl_lead *p = &f->lead[i];
                bool founder = p->joined <= first - 10;
                bool taken = false;
                for (size_t m = 0; m < k; m++)
                    taken |= f->group_members[g][m] == i;
                if (taken || (!late && !founder))
                    continue;
                int32_t on = !late ? first - 7 - fl_below(&f->rng, 40)
                                   : first + 20 + fl_below(&f->rng, 100);
                if (on < p->joined)
                    on = p->joined;
                if (on > f->today)
                    on = f->today;
                f->group_members[g][k] = i;
                f->group_joined[g][k] = on;
                f->ngroup_members[g]++;
            }
        }
        struct working_group w;
        working_group_init(&w);
        org_set_str(&w.name, GROUPS[g].name);
        org_set_str(&w.topic, GROUPS[g].topic);
        org_set_str(&w.description, GROUPS[g].description);
        w.coordinator_contact_id =
            size ? f->lead[f->group_members[g][0]].contact_id : 0;
        int wrc = working_group_validate(&w, err) ||
                  working_group_store_create(f->st, &f->sc, &w, err);
        f->group_id[g] = w.id;
        working_group_release(&w);
        if (wrc)
            goto out;
        for (size_t j = 0; j < f->ngroup_members[g]; j++) {
            const struct fl_lead *p = &f->lead[f->group_members[g][j]];
            struct group_member m = { 0 };
            m.working_group_id = f->group_id[g];
            m.organisation_id = p->org_id;
            m.contact_id = p->contact_id;
            fl_day_text(f->group_joined[g][j], m.joined_on);
            wrc = group_member_store_add(f->st, &f->sc, &m, f->today, err);
            free(m.organisation_name);
            free(m.contact_name);
            free(m.group_name);
            if (wrc)
                goto out;
        }
        f->sum->groups++;
    }
    rc = 0;
out:
    free(members);
    return rc;
}

/* ---- writing: events and registrations ---- */

static int
cmp_reg_day(const void *a, const void *b)
{
    const struct fl_reg *x = a, *y = b;
    if (x->day != y->day)
        return (x->day > y->day) - (x->day < y->day);
    return (x->lead > y->lead) - (x->lead < y->lead);
}

struct fl_regs {
    struct fl_reg *items;
    size_t n, alloc;
    unsigned char *taken; /* per lead: registered for this event */
};

static void
fl_reg_add(struct fl *f, struct fl_regs *r, size_t lead, int32_t day,
           enum registration_status to)
{
    if (r->taken[lead] || !f->lead[lead].contact_id)
        return;
    r->taken[lead] = 1;
    ALLOC_GROW(r->items, r->n + 1, r->alloc);
    struct fl_reg *g = &r->items[r->n++];
    memset(g, 0, sizeof(*g));
    g->lead = lead;
    g->day = day < f->lead[lead].since ? f->lead[lead].since : day;
    g->to = to;
    g->paid_on = DAY_NEVER;
}

/* An attendee's outcome: mostly there, some no-shows, a few cancel. */
static enum registration_status
fl_outcome(struct fl *f, int attended, int no_show)
{
    int32_t r = fl_below(&f->rng, 100);
    return r < attended             ? REG_ATTENDED
           : r < attended + no_show ? REG_NO_SHOW
                                    : REG_CANCELLED;
}

/* Who registers for event e, and what becomes of each registration. */
static void
fl_plan_regs(struct fl *f, size_t e, struct fl_regs *r)
{
    const struct fl_event *ev = &f->ev[e];
    const struct fl_event_tpl *t = ev->t;
    bool past = ev->day < f->today;
    int64_t cap = t->capacity ? t->capacity : 400;
    size_t places = (size_t)cap;
    if (t->group >= 0) {
        for (size_t j = 0; j < f->ngroup_members[t->group]; j++) {
            if (f->group_joined[t->group][j] > ev->day - 3 && past)
                continue;
            if (!past && fl_percent(&f->rng, 40))
                continue;
            fl_reg_add(f, r, f->group_members[t->group][j],
                       (past ? ev->day : f->today) - 2 - fl_below(&f->rng, 10),
                       past ? fl_outcome(f, 80, 12) : REG_REGISTERED);
        }
        return;
    }
    /* Leads the story warms by this event. */
    for (size_t i = 0; past && i < f->n; i++)
        for (int k = 0; k < f->lead[i].nsig; k++)
            if (f->lead[i].sig[k].event == (int)e)
                fl_reg_add(f, r, i, ev->day - 3 - fl_below(&f->rng, 20),
                           REG_ATTENDED);
    /* A few cold leads register and do not come, or cancel. */
    size_t cold = t->public ? (size_t)fl_below(&f->rng, 4) : 0;
    for (size_t tries = 0; cold && tries < 50 && f->n; tries++) {
        size_t i = (size_t)fl_below(&f->rng, (int32_t)f->n);
        int32_t day = (past ? ev->day : f->today) - 3 - fl_below(&f->rng, 15);
        const struct fl_lead *p = &f->lead[i];
        if (p->role != FL_COLD || !fl_lead_on(p, day) || r->taken[i])
            continue;
        fl_reg_add(f, r, i, day,
                   past
                       ? (fl_percent(&f->rng, 60) ? REG_NO_SHOW : REG_CANCELLED)
                       : REG_REGISTERED);
        cold--;
    }
    /* Members: up to half the places (seven in ten of them when they are
     * fewer), and seven in ten at the assembly. */
    size_t eligible = 0;
    for (size_t i = 0; i < f->n; i++)
        if (fl_member_on(&f->lead[i], ev->day) && f->lead[i].contact_id)
            eligible++;
    size_t limit = places;
    int32_t share = 70;
    if (past && t->kind != EVENT_GENERAL_ASSEMBLY && eligible)
        share = (int32_t)((places / 2) * 100 / eligible);
    share = share > 70 ? 70 : share < 1 ? 1 : share;
    if (!past) {
        /* The upcoming matchmaking is over-booked: warm leads and members
         * register until one is on the waitlist; two more come through
         * the public page. */
        limit = places + 1;
        share = 60;
        for (size_t i = 0; i < f->n && r->n < limit; i++) {
            const struct fl_lead *p = &f->lead[i];
            if ((p->role == FL_WARM || p->role == FL_APPLICANT) &&
                fl_lead_on(p, f->today) && fl_percent(&f->rng, 50))
                fl_reg_add(f, r, i, f->today - fl_below(&f->rng, 20),
                           REG_REGISTERED);
        }
    }
    for (size_t i = 0; i < f->n && r->n < limit; i++) {
        const struct fl_lead *p = &f->lead[i];
        if (!fl_member_on(p, ev->day) || !p->contact_id ||
            !fl_percent(&f->rng, share))
            continue;
        fl_reg_add(f, r, i,
                   (past ? ev->day : f->today) - 2 - fl_below(&f->rng, 25),
                   past ? fl_outcome(f, 82, 11) : REG_REGISTERED);
    }
}

static void
fl_event_fill(const struct fl *f, const struct fl_event *ev, struct event *e)
{
    const struct fl_event_tpl *t = ev->t;
    struct buf title = BUF_INIT;
    buf_adds(&title, t->title);
    if (t->with_year)
        buf_addf(&title, " %d", date_from_days(ev->day).year);
    org_set_str(&e->title, title.s);
    buf_release(&title);
    e->kind = t->kind;
    char day[11], last[11];
    fl_day_text(ev->day, day);
    fl_day_text(ev->day + t->days, last);
    snprintf(e->starts_at, sizeof(e->starts_at), "%sT%s", day, t->starts);
    snprintf(e->ends_at, sizeof(e->ends_at), "%sT%s", last, t->ends);
    org_set_str(&e->place, t->place);
    org_set_str(&e->online_url, t->online);
    org_set_str(&e->description, t->description);
    e->capacity = t->capacity;
    e->member_fee = t->member_fee;
    e->nonmember_fee = t->nonmember_fee;
    e->working_group_id = t->group >= 0 ? f->group_id[t->group] : 0;
    e->public = t->public;
}

/* The upcoming matchmaking: two people register through the public page
 * (new organisations, leads from "event registration"), and one staff
 * registration is cancelled, moving the waitlist up. */
static int
fl_public_regs(struct fl *f, const struct fl_event *ev, struct err *err)
{
    static const struct {
        const char *name, *email, *org, *position;
    } PEOPLE[] = {
        { "Ingrid Solberg", "ingrid.solberg@fjordlys-optics.test",
          "Fjordlys Optics AB", "Head of sales" },
        { "Tomasz Wiśniewski", "t.wisniewski@vistula-sensors.test",
          "Vistula Sensors sp. z o.o.", "CEO" },
    };
    /* As the public page registers them. */
    struct scope public_sc = { f->cli_sc->cluster_id, 0,
                               "public registration" };
    for (size_t i = 0; i < ARRAY_SIZE(PEOPLE); i++) {
        struct public_registration pr;
        struct registration g;
        public_registration_init(&pr);
        registration_init(&g);
        org_set_str(&pr.name, PEOPLE[i].name);
        org_set_str(&pr.email, PEOPLE[i].email);
        org_set_str(&pr.organisation, PEOPLE[i].org);
        org_set_str(&pr.position, PEOPLE[i].position);
        pr.consent = true;
        int32_t day = f->today - 1 + (int32_t)i;
        enum store_rc rc = registration_store_public(f->st, &public_sc, ev->id,
                                                     &pr, day, &g, err);
        int64_t org = g.organisation_id;
        public_registration_release(&pr);
        registration_release(&g);
        if (fl_store_failed(rc, "register through the public page", err))
            return -1;
        f->sum->leads++;
        f->sum->registrations++;
        f->sum->event_activities++;
        /* In the base from the day it registered. */
        char since[11];
        struct lead_update u;
        lead_update_init(&u);
        u.organisation_id = org;
        fl_day_text(day, since);
        u.since = since;
        u.owner_id = f->user_id[0];
        if (fl_store_failed(
                lead_store_update(f->st, f->cli_sc, &u, f->today, err),
                "update a lead", err))
            return -1;
    }
    return 0;
}

static int
fl_write_event(struct fl *f, size_t e, struct fl_regs *r, struct err *err)
{
    struct fl_event *ev = &f->ev[e];
    const struct fl_event_tpl *t = ev->t;
    bool past = ev->day < f->today;
    struct event x;
    event_init(&x);
    fl_event_fill(f, ev, &x);
    int rc =
        event_validate(&x, err) || event_store_create(f->st, &f->sc, &x, err);
    ev->id = x.id;
    event_release(&x);
    if (rc)
        return -1;
    f->sum->events++;

    memset(r->taken, 0, f->n ? f->n : 1);
    r->n = 0;
    fl_plan_regs(f, e, r);
    qsort(r->items, r->n, sizeof(*r->items), cmp_reg_day);
    for (size_t j = 0; j < r->n; j++) {
        struct fl_reg *q = &r->items[j];
        const struct fl_lead *p = &f->lead[q->lead];
        struct registration g;
        registration_init(&g);
        g.event_id = ev->id;
        g.organisation_id = p->org_id;
        g.contact_id = p->contact_id;
        rc = registration_store_create(f->st, &f->sc, &g, q->day, err);
        q->id = g.id;
        q->status = g.status;
        q->token = xstrdup(g.token);
        int64_t fee = g.fee;
        registration_release(&g);
        if (rc)
            return -1;
        f->sum->registrations++;
        f->sum->event_activities++;
        if (fee > 0 && q->to != REG_CANCELLED &&
            fl_percent(&f->rng, q->to == REG_NO_SHOW ? 50
                                : past               ? 88
                                                     : 40)) {
            int32_t last = past ? ev->day : f->today;
            q->paid_on = q->day + fl_below(&f->rng, last - q->day + 1);
        }
        if (q->to == REG_ATTENDED && fl_percent(&f->rng, 55)) {
            int32_t x100 = fl_below(&f->rng, 100);
            q->rating = x100 < 45   ? 5
                        : x100 < 80 ? 4
                        : x100 < 92 ? 3
                        : x100 < 98 ? 2
                                    : 1;
        }
    }
    if (!past && t->public && t->capacity) {
        if (fl_public_regs(f, ev, err))
            return -1;
        /* The second registration holding a place cancels. */
        size_t holders = 0;
        for (size_t j = 0; j < r->n; j++)
            if (r->items[j].status == REG_REGISTERED && ++holders == 2)
                r->items[j].to = REG_CANCELLED;
    }
    /* Cancellations first: they free places before anyone is checked in. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t j = 0; j < r->n; j++) {
            struct fl_reg *q = &r->items[j];
            if ((q->to == REG_CANCELLED) != (pass == 0) ||
                q->to == REG_REGISTERED || q->status == REG_WAITLISTED)
                continue;
            int32_t on = q->to == REG_CANCELLED ? q->day + fl_below(&f->rng, 3)
                                                : ev->day;
            if (on > f->today)
                on = f->today;
            if (fl_store_failed(registration_store_set_status(
                                    f->st, &f->sc, q->id, q->to, on, err),
                                "change a registration", err))
                return -1;
            if (q->to == REG_ATTENDED)
                f->sum->event_activities++;
        }
    }
    for (size_t j = 0; j < r->n; j++) {
        struct fl_reg *q = &r->items[j];
        if (q->paid_on != DAY_NEVER && q->to != REG_CANCELLED &&
            q->status != REG_WAITLISTED) {
            char on[11];
            fl_day_text(q->paid_on, on);
            if (fl_store_failed(
                    registration_store_set_paid(f->st, &f->sc, q->id, on, err),
                    "mark a fee paid", err))
                return -1;
        }
        if (q->rating && q->token) {
            const char *c = COMMENTS[(size_t)fl_below(
                &f->rng, (int32_t)ARRAY_SIZE(COMMENTS))];
            if (fl_store_failed(
                    feedback_store_put(f->st, q->token, q->rating, c, err),
                    "record a rating", err))
                return -1;
        }
        free(q->token);
        q->token = NULL;
    }
    return 0;
}

static int
fl_write_events(struct fl *f, struct err *err)
{
    struct fl_regs r = { 0 };
    r.taken = xcalloc(f->n ? f->n : 1, 1);
    int rc = 0;
    for (size_t e = 0; !rc && e < FL_EVENTS; e++)
        rc = fl_write_event(f, e, &r, err);
    for (size_t j = 0; j < r.n; j++)
        free(r.items[j].token);
    free(r.items);
    free(r.taken);
    return rc;
}

/* ---- writing: the timelines ---- */

static void
fl_batch_clear(struct fl *f)
{
    for (size_t i = 0; i < f->nbatch; i++)
        free(f->batch[i].text);
    f->nbatch = 0;
}

static int
fl_flush(struct fl *f, struct err *err)
{
    if (!f->nbatch)
        return 0;
    for (size_t i = 0; i < f->nbatch; i++) {
        if (activity_validate(&f->batch[i], f->today, err)) {
            fprintf(stderr,
                    "clusterdesk: generated activity '%s' is invalid "
                    "(%s: %s)\n",
                    f->batch[i].text, err->field, err->msg);
            fl_batch_clear(f);
            return -1;
        }
    }
    struct activity_import_summary s = { 0 };
    int rc = activity_store_import(f->st, &f->sc, f->batch, f->nbatch,
                                   "clusterdesk demo", 0, &s, err);
    fl_batch_clear(f);
    return rc;
}

/* An entry of lead i's timeline: counted, or added to the batch. */
static void __attribute__((format(printf, 5, 6)))
fl_act(struct fl *f, const struct fl_lead *p, enum activity_kind kind,
       int32_t day, const char *fmt, ...)
{
    f->count++;
    if (f->counting)
        return;
    static char none[1];
    va_list ap;
    buf_reset(&f->text);
    va_start(ap, fmt);
    buf_vaddf(&f->text, fmt, ap);
    va_end(ap);
    ALLOC_GROW(f->batch, f->nbatch + 1, f->batch_alloc);
    struct activity *a = &f->batch[f->nbatch++];
    memset(a, 0, sizeof(*a));
    a->organisation_id = p->org_id;
    a->contact_id = p->contact_id;
    a->kind = kind;
    fl_day_text(day, a->date);
    a->text = xstrdup(f->text.s);
    a->author_id = f->user_id[p->owner];
    a->author = f->user_name[p->owner];
    a->organisation_name = none;
    a->contact_name = none;
    a->created_at = none;
}

#define FL_PICK(rng, a) ((a)[fl_below((rng), (int32_t)ARRAY_SIZE(a))])

/* A further entry on day, fitting what the organisation is that day. */
static void
fl_fill_one(struct fl *f, const struct fl_lead *p, uint64_t *rng, int32_t day)
{
    int32_t r = fl_below(rng, 100);
    if (fl_member_on(p, day)) {
        enum activity_kind k = r < 40   ? ACTIVITY_CALL
                               : r < 60 ? ACTIVITY_VISIT
                                        : ACTIVITY_NOTE;
        fl_act(f, p, k, day, "%s", FL_PICK(rng, MEMBER_NOTES));
    } else if (fl_warm_on(p, day)) {
        if (r < 50)
            fl_act(f, p, ACTIVITY_CALL, day, "%s", FL_PICK(rng, CALLS));
        else if (r < 70)
            fl_act(f, p, ACTIVITY_VISIT, day,
                   "Visit by the cluster manager: %s", FL_PICK(rng, INTERESTS));
        else
            fl_act(f, p, ACTIVITY_NOTE, day, "%s", FL_PICK(rng, LEAD_NOTES));
    } else if (r < 45) {
        fl_act(f, p, ACTIVITY_EMAIL_OUT, day, "%s", FL_PICK(rng, INVITES));
    } else if (r < 70) {
        fl_act(f, p, ACTIVITY_SOCIAL, day, "%s", FL_PICK(rng, SOCIAL));
    } else if (r < 90) {
        fl_act(f, p, ACTIVITY_CALL, day, "%s", FL_PICK(rng, COLD_CALLS));
    } else {
        fl_act(f, p, ACTIVITY_NOTE, day, "%s", FL_PICK(rng, LEAD_NOTES));
    }
}

/* The days further outreach may fall on: in the base during the year,
 * before it asked not to be contacted. Empty when last < first. */
static void
fl_fill_span(const struct fl *f, const struct fl_lead *p, int32_t *first,
             int32_t *last)
{
    *first = p->since > f->window ? p->since : f->window;
    *last =
        p->dnc != DAY_NEVER && p->dnc - 1 < f->today ? p->dnc - 1 : f->today;
}

/*
 * The timeline of lead i as the team wrote it: entry into the base, the
 * monthly newsletter while cold, social interactions, the signals with
 * their follow-up calls and offers, do-not-contact, members' visits and
 * calls, then p->fill further entries. Its own numbers, so counting and
 * writing give the same entries.
 */
static void
fl_timeline(struct fl *f, size_t i)
{
    const struct fl_lead *p = &f->lead[i];
    uint64_t rng = f->seed ^ UINT64_C(0x66756e6e656c) ^
                   ((uint64_t)(i + 1) * UINT64_C(0x9E3779B97F4A7C15));
    if (p->since >= f->window && p->since <= f->today && p->role != FL_MEMBER &&
        p->role != FL_EX_MEMBER)
        fl_act(f, p, ACTIVITY_NOTE, p->since, "Added to the base (source: %s)",
               SOURCES[p->source]);
    for (int32_t month = f->window; month <= f->today;) {
        struct date md = date_from_days(month);
        int32_t days = date_days_in_month(md.year, md.month);
        int32_t campaign = month + 6 + (int32_t)(i % 3);
        if (campaign <= f->today && fl_lead_on(p, campaign) &&
            !fl_warm_on(p, campaign))
            fl_act(f, p, ACTIVITY_EMAIL_OUT, campaign, "Newsletter %s %d: %s",
                   MONTHS[md.month - 1], md.year, NEWSLETTER[md.month - 1]);
        int32_t day = month + fl_below(&rng, days);
        bool social = fl_percent(&rng, 12);
        bool visit = fl_percent(&rng, 25);
        if (day <= f->today && social && fl_lead_on(p, day))
            fl_act(f, p, ACTIVITY_SOCIAL, day, "%s", FL_PICK(&rng, SOCIAL));
        if (day <= f->today && visit && fl_member_on(p, day)) {
            int32_t r = fl_below(&rng, 100);
            enum activity_kind k = r < 40   ? ACTIVITY_CALL
                                   : r < 60 ? ACTIVITY_VISIT
                                   : r < 80 ? ACTIVITY_MEETING
                                            : ACTIVITY_NOTE;
            fl_act(f, p, k, day, "%s", FL_PICK(&rng, MEMBER_NOTES));
        }
        month += days;
    }
    for (int k = 0; k < p->nsig; k++) {
        const struct fl_signal *s = &p->sig[k];
        struct date sd = date_from_days(s->day);
        switch (s->kind) {
        case ACTIVITY_EMAIL_REPLY:
            fl_act(f, p, s->kind, s->day, "Replied to the %s newsletter: %s",
                   MONTHS[sd.month - 1], FL_PICK(&rng, INTERESTS));
            break;
        case ACTIVITY_ENQUIRY:
            fl_act(f, p, s->kind, s->day, "%s", FL_PICK(&rng, ENQUIRIES));
            break;
        case ACTIVITY_MEETING:
            fl_act(f, p, s->kind, s->day, "%s", FL_PICK(&rng, MEETINGS));
            break;
        default:
            break; /* attendance: the event's check-in writes it */
        }
        /* The owner follows the first signal up within days. */
        int32_t call = s->day + 1 + fl_below(&rng, 4);
        if (k == 0 && call <= f->today && fl_lead_on(p, call))
            fl_act(f, p, ACTIVITY_CALL, call, "%s", FL_PICK(&rng, CALLS));
    }
    if ((p->role == FL_WARM || p->role == FL_APPLICANT) && p->nsig) {
        int32_t offer = p->sig[p->nsig - 1].day + 1 + fl_below(&rng, 3);
        if (offer <= f->today && fl_percent(&rng, 60))
            fl_act(f, p, ACTIVITY_EMAIL_OUT, offer,
                   "Sent the membership offer and the fee table");
    }
    if (p->dnc != DAY_NEVER)
        fl_act(f, p, ACTIVITY_NOTE, p->dnc,
               "Asked not to be contacted any more: removed from the "
               "newsletter and all outreach");
    int32_t first, last;
    fl_fill_span(f, p, &first, &last);
    for (size_t k = 0; k < p->fill && first <= last; k++)
        fl_fill_one(f, p, &rng, first + fl_below(&rng, last - first + 1));
}

/* Shares the entries beyond the story out: the long timeline first, the
 * rest by a weight of 1 to 3 per organisation that can take them. */
static void
fl_plan_fill(struct fl *f, size_t fill)
{
    if (f->big < f->n) {
        struct fl_lead *b = &f->lead[f->big];
        int32_t first, last;
        fl_fill_span(f, b, &first, &last);
        size_t want =
            b->story < FL_LONG_TIMELINE ? FL_LONG_TIMELINE - b->story : 0;
        if (first > last || fill < 2 * want)
            want = 0;
        b->fill = want;
        fill -= want;
    }
    uint64_t rng = f->seed ^ UINT64_C(0x66696c6c);
    unsigned char *weight = xcalloc(f->n ? f->n : 1, 1);
    uint64_t total = 0;
    for (size_t i = 0; i < f->n; i++) {
        int32_t first, last;
        fl_fill_span(f, &f->lead[i], &first, &last);
        if (i == f->big || first > last)
            continue;
        weight[i] = (unsigned char)(1 + fl_below(&rng, 3));
        total += weight[i];
    }
    uint64_t acc = 0;
    size_t given = 0;
    for (size_t i = 0; total && i < f->n; i++) {
        if (!weight[i])
            continue;
        acc += weight[i];
        size_t upto = (size_t)((uint64_t)fill * acc / total);
        f->lead[i].fill = upto - given;
        given = upto;
    }
    free(weight);
}

static int
fl_write_timelines(struct fl *f, size_t nactivities, bool given,
                   struct err *err)
{
    f->counting = true;
    size_t story = 0;
    for (size_t i = 0; i < f->n; i++) {
        f->count = 0;
        fl_timeline(f, i);
        f->lead[i].story = f->count;
        story += f->count;
    }
    size_t have = story + f->sum->event_activities;
    if (given && nactivities > have)
        fl_plan_fill(f, nactivities - have);
    f->counting = false;
    for (size_t i = 0; i < f->n; i++) {
        f->count = 0;
        fl_timeline(f, i);
        f->sum->activities += f->count;
        if (f->count > f->sum->longest) {
            f->sum->longest = f->count;
            f->sum->longest_org_id = f->lead[i].org_id;
        }
        if (f->nbatch >= FL_BATCH && fl_flush(f, err))
            return -1;
    }
    return fl_flush(f, err);
}

/* ---- the whole story ---- */

size_t
demo_funnel_story_leads(size_t norgs)
{
    size_t n = norgs + norgs / 4;
    return n < 200 ? n : 200;
}

int
demo_funnel_load(struct store *st, const struct scope *sc,
                 const struct demo_org *orgs, size_t norgs, size_t nactivities,
                 bool activities_given, const char *today, uint64_t seed,
                 struct demo_funnel_summary *sum, struct err *err)
{
    struct fl f;
    struct date td;
    int rc = -1;
    memset(&f, 0, sizeof(f));
    memset(sum, 0, sizeof(*sum));
    if (date_parse(today, (int)strlen(today), &td))
        return err_set(err, ERR_INVALID, "today", "Today is not a date.");
    f.st = st;
    f.cli_sc = sc;
    f.seed = seed;
    f.rng = seed ^ UINT64_C(0x6c65616473);
    f.today = date_to_days(td);
    fl_day_text(f.today, f.today_text);
    struct date w = td;
    w.day = 1;
    w.month -= 11;
    if (w.month < 1) {
        w.month += 12;
        w.year--;
    }
    f.window = date_to_days(w);
    f.sum = sum;
    buf_init(&f.text, 256);

    f.n = norgs;
    f.lead = xcalloc(norgs ? norgs : 1, sizeof(*f.lead));
    int64_t *ids = xcalloc(norgs ? norgs : 1, sizeof(*ids));
    for (size_t i = 0; i < norgs; i++)
        ids[i] = orgs[i].id;
    qsort(ids, norgs, sizeof(*ids), cmp_i64);
    for (size_t i = 0; i < norgs; i++) {
        struct fl_lead *p = &f.lead[i];
        p->org_id = ids[i];
        p->joined = p->ended = p->applied = p->dnc = DAY_NEVER;
    }
    for (size_t i = 0; i < norgs; i++) {
        size_t k = fl_find(&f, orgs[i].id);
        if (k < f.n)
            f.lead[k].kind = orgs[i].kind;
    }
    free(ids);

    if (fl_load_users(&f, err))
        goto out;
    f.sc.cluster_id = sc->cluster_id;
    f.sc.user_id = f.user_id[0];
    f.sc.actor = f.manager_email;
    if (fl_load_contacts(&f, err) || fl_load_memberships(&f, err) ||
        fl_join_this_month(&f, err))
        goto out;
    fl_plan_events(&f);
    fl_plan_leads(&f);
    for (size_t i = 0; i < f.n; i++)
        if (!fl_member_on(&f.lead[i], f.today))
            sum->leads++;
    if (fl_write_leads(&f, err) || fl_write_groups(&f, err) ||
        fl_write_events(&f, err) ||
        fl_write_timelines(&f, nactivities, activities_given, err))
        goto out;
    sum->activities += sum->event_activities;

    struct funnel_board b = { 0 };
    if (funnel_store_board(st, sc->cluster_id, f.today, 1000, &b, err)) {
        funnel_board_release(&b);
        goto out;
    }
    sum->warm = b.stage[LEAD_WARM];
    sum->cold = b.stage[LEAD_COLD];
    sum->dnc = b.stage[LEAD_DO_NOT_CONTACT];
    sum->cooling = (size_t)b.cooling_total;
    sum->joined_this_month = b.joined_this_month;
    funnel_board_release(&b);
    rc = 0;
out:
    fl_batch_clear(&f);
    free(f.batch);
    buf_release(&f.text);
    for (int g = 0; g < FL_GROUPS; g++) {
        free(f.group_members[g]);
        free(f.group_joined[g]);
    }
    free(f.user_name[0]);
    free(f.user_name[1]);
    free(f.manager_email);
    free(f.lead);
    return rc;
}

void
demo_funnel_print(const struct demo_funnel_summary *s, const char *slug)
{
    printf("%s: funnel of %zu leads today: %lld cold, %lld warm (%zu cooling "
           "this week), %lld do not contact, %lld joined this month\n",
           slug, s->leads, (long long)s->cold, (long long)s->warm, s->cooling,
           (long long)s->dnc, (long long)s->joined_this_month);
    printf("%s: %zu activities over the year, %zu events with %zu "
           "registrations, %zu working groups\n",
           slug, s->activities, s->events, s->registrations, s->groups);
    if (s->longest >= FL_LONG_TIMELINE)
        printf("%s: organisation %lld has the longest timeline (%zu "
               "activities)\n",
               slug, (long long)s->longest_org_id, s->longest);
}
