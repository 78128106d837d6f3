/*
 * The recruitment funnel's rules (core/lead.h): activity kinds and their
 * channels, interest signals, settings, and a lead's stage on any day
 * from its dated facts, alone and over months. Pure: no clock, no SQL;
 * "today" always comes in as a day number.
 */
#include "core/lead.h"

#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mem.h"
#include "base/text.h"

/* ---- activities ---- */

static const struct {
    const char *name;
    const char *label;
    enum channel channel;
} KINDS[ACTIVITY__COUNT] = {
    [ACTIVITY_EMAIL_OUT] = { "email_out", "E-mail sent", CHANNEL_EMAIL },
    [ACTIVITY_EMAIL_REPLY] = { "email_reply", "E-mail reply received",
                               CHANNEL_NONE },
    [ACTIVITY_CALL] = { "call", "Call", CHANNEL_CALL },
    [ACTIVITY_MEETING] = { "meeting", "Meeting", CHANNEL_MEETING },
    [ACTIVITY_VISIT] = { "visit", "Visit by the cluster manager",
                         CHANNEL_MEETING },
    [ACTIVITY_EVENT_REGISTRATION] = { "event_registration",
                                      "Event registration", CHANNEL_EVENT },
    [ACTIVITY_EVENT_ATTENDANCE] = { "event_attendance", "Event attendance",
                                    CHANNEL_EVENT },
    [ACTIVITY_SOCIAL] = { "social", "Social media", CHANNEL_SOCIAL },
    [ACTIVITY_ENQUIRY] = { "enquiry", "Inbound enquiry", CHANNEL_NONE },
    [ACTIVITY_NOTE] = { "note", "Note", CHANNEL_NONE },
};

static const char *const CHANNEL_LABELS[CHANNEL__COUNT] = {
    [CHANNEL_EMAIL] = "E-mail",     [CHANNEL_CALL] = "Calls",
    [CHANNEL_MEETING] = "Meetings", [CHANNEL_EVENT] = "Events",
    [CHANNEL_SOCIAL] = "Social",    [CHANNEL_NONE] = "Other",
};

const char *
activity_kind_name(enum activity_kind k)
{
    return (unsigned)k < ACTIVITY__COUNT ? KINDS[k].name : "note";
}

const char *
activity_kind_label(enum activity_kind k)
{
    return (unsigned)k < ACTIVITY__COUNT ? KINDS[k].label : "Note";
}

/*
 * Finds a name or label in s[0..len) among n choices of the table got by
 * name_of / label_of; -1 when none.
 */
static int
parse_choice(const char *s, size_t len, const char *(*name_of)(int),
             const char *(*label_of)(int), int n)
{
    size_t tlen;
    const char *t = text_trim(s, len, &tlen);
    char word[64];
    if (tlen == 0 || tlen >= sizeof(word))
        return -1;
    memcpy(word, t, tlen);
    word[tlen] = '\0';
    for (int i = 0; i < n; i++) {
        if (text_ieq(word, name_of(i)) || text_ieq(word, label_of(i)))
            return i;
    }
    return -1;
}

static const char *
kind_name_of(int i)
{
    return KINDS[i].name;
}

static const char *
kind_label_of(int i)
{
    return KINDS[i].label;
}

int
activity_kind_parse(const char *s, enum activity_kind *out)
{
    if (!s)
        return -1;
    int k = parse_choice(s, strlen(s), kind_name_of, kind_label_of,
                         ACTIVITY__COUNT);
    if (k < 0)
        return -1;
    *out = (enum activity_kind)k;
    return 0;
}

enum channel
activity_channel(enum activity_kind k)
{
    return (unsigned)k < ACTIVITY__COUNT ? KINDS[k].channel : CHANNEL_NONE;
}

const char *
channel_label(enum channel c)
{
    return (unsigned)c < CHANNEL__COUNT ? CHANNEL_LABELS[c] : "Other";
}

void
signal_kinds_format(unsigned kinds, struct buf *out)
{
    bool sep = false;
    for (int k = 0; k < ACTIVITY__COUNT; k++) {
        if (!(kinds & (1u << k)))
            continue;
        if (sep)
            buf_addc(out, ',');
        buf_adds(out, KINDS[k].name);
        sep = true;
    }
}

int
signal_kinds_parse(const char *s, unsigned *out, struct err *err)
{
    unsigned kinds = 0;
    const char *p = s ? s : "";
    while (*p) {
        size_t span = strcspn(p, ",");
        size_t len;
        const char *t = text_trim(p, span, &len);
        if (len) {
            int k = parse_choice(t, len, kind_name_of, kind_label_of,
                                 ACTIVITY__COUNT);
            if (k < 0)
                return err_set(err, ERR_INVALID, "signal_kinds",
                               "Interest signals must be activity kinds "
                               "such as email_reply or meeting.");
            kinds |= 1u << k;
        }
        p += span + (p[span] ? 1 : 0);
    }
    *out = kinds;
    return 0;
}

static int
parse_day(const char *s, int32_t *day)
{
    struct date d;
    if (!s || date_parse(s, (int)strlen(s), &d))
        return -1;
    *day = date_to_days(d);
    return 0;
}

void
activity_init(struct activity *a)
{
    memset(a, 0, sizeof(*a));
    a->kind = ACTIVITY_NOTE;
    char **text[] = { &a->text, &a->author, &a->organisation_name,
                      &a->contact_name, &a->created_at };
    for (size_t i = 0; i < ARRAY_SIZE(text); i++)
        *text[i] = xstrdup("");
}

void
activity_release(struct activity *a)
{
    free(a->text);
    free(a->author);
    free(a->organisation_name);
    free(a->contact_name);
    free(a->created_at);
    memset(a, 0, sizeof(*a));
}

int
activity_validate(struct activity *a, int32_t today, struct err *err)
{
    if (a->organisation_id <= 0)
        return err_set(err, ERR_INVALID, "organisation_id",
                       "Choose the organisation of the activity.");
    if ((unsigned)a->kind >= ACTIVITY__COUNT)
        return err_set(err, ERR_INVALID, "kind",
                       "Choose what kind of activity it was.");
    int32_t day;
    if (parse_day(a->date, &day))
        return err_set(err, ERR_INVALID, "date",
                       "The date must be a day like 2026-03-31.");
    if (day > today)
        return err_set(err, ERR_INVALID, "date",
                       "The date may not be in the future.");
    if (!a->text)
        a->text = xstrdup("");
    size_t len;
    const char *t = text_trim(a->text, strlen(a->text), &len);
    if (t != a->text || len != strlen(a->text)) {
        char *copy = xstrndup(t, len);
        free(a->text);
        a->text = copy;
    }
    if (!text_valid_utf8(a->text, len))
        return err_set(err, ERR_INVALID, "text",
                       "The text contains characters that are not allowed.");
    if (text_utf8_len(a->text, len) > 10000)
        return err_set(err, ERR_INVALID, "text",
                       "The text is longer than 10,000 characters.");
    return 0;
}

/* ---- settings ---- */

void
funnel_settings_default(struct funnel_settings *s)
{
    memset(s, 0, sizeof(*s));
    s->warm_days = WARM_DAYS_DEFAULT;
    s->signal_kinds = SIGNAL_KINDS_DEFAULT;
    memcpy(s->timezone, "Europe/Berlin", sizeof("Europe/Berlin"));
}

int
funnel_settings_validate(const struct funnel_settings *s, struct err *err)
{
    if (s->warm_days < 1 || s->warm_days > WARM_DAYS_MAX)
        return err_set(err, ERR_INVALID, "warm_days",
                       "A lead stays warm for 1 to %d days.", WARM_DAYS_MAX);
    if (s->signal_kinds == 0 ||
        (s->signal_kinds & ~((1u << ACTIVITY__COUNT) - 1)) != 0)
        return err_set(err, ERR_INVALID, "signal_kinds",
                       "Choose at least one kind of activity that shows "
                       "interest.");
    size_t len = strnlen(s->timezone, sizeof(s->timezone));
    bool ok = len > 0 && len < sizeof(s->timezone);
    for (size_t i = 0; ok && i < len; i++) {
        char c = s->timezone[i];
        ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
             (c >= '0' && c <= '9') || c == '/' || c == '_' || c == '-' ||
             c == '+';
    }
    if (!ok)
        return err_set(err, ERR_INVALID, "timezone",
                       "The time zone must be a name like Europe/Berlin.");
    return 0;
}

/* ---- stages ---- */

static const char *const STAGE_NAMES[LEAD__STAGE_COUNT] = { "cold", "warm",
                                                            "member",
                                                            "do_not_contact" };
static const char *const STAGE_LABELS[LEAD__STAGE_COUNT] = { "Cold", "Warm",
                                                             "Member",
                                                             "Do not contact" };

const char *
lead_stage_name(enum lead_stage s)
{
    return (unsigned)s < LEAD__STAGE_COUNT ? STAGE_NAMES[s] : "cold";
}

const char *
lead_stage_label(enum lead_stage s)
{
    return (unsigned)s < LEAD__STAGE_COUNT ? STAGE_LABELS[s] : "Cold";
}

static const char *
stage_name_of(int i)
{
    return STAGE_NAMES[i];
}

static const char *
stage_label_of(int i)
{
    return STAGE_LABELS[i];
}

int
lead_stage_parse(const char *s, enum lead_stage *out)
{
    if (!s)
        return -1;
    int k = parse_choice(s, strlen(s), stage_name_of, stage_label_of,
                         LEAD__STAGE_COUNT);
    if (k < 0)
        return -1;
    *out = (enum lead_stage)k;
    return 0;
}

size_t
warm_periods_merge(const int32_t *signals, size_t n, int warm_days,
                   struct day_span *out)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        int32_t from = signals[i];
        int32_t until = from + warm_days;
        /* Touching: a period from the day after the last one ends. */
        if (m && (int64_t)from <= (int64_t)out[m - 1].until + 1) {
            if (until > out[m - 1].until)
                out[m - 1].until = until;
            continue;
        }
        out[m].from = from;
        out[m].until = until;
        m++;
    }
    return m;
}

/* The warm period covering day, or NULL: the last one starting on or
 * before day, by binary search over the ascending periods. */
static const struct day_span *
warm_covering(const struct lead_facts *f, int32_t day)
{
    size_t lo = 0, hi = f->nwarm;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (f->warm[mid].from <= day)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return NULL;
    const struct day_span *p = &f->warm[lo - 1];
    return p->until >= day ? p : NULL;
}

static bool
member_on(const struct lead_facts *f, int32_t day)
{
    for (size_t i = 0; i < f->nmembers; i++) {
        if (f->members[i].from <= day && day <= f->members[i].until)
            return true;
    }
    return false;
}

enum lead_stage
lead_stage_on(const struct lead_facts *f, int32_t day, int32_t *warm_until)
{
    if (warm_until)
        *warm_until = 0;
    if (member_on(f, day))
        return LEAD_MEMBER;
    if (f->dnc_from <= day)
        return LEAD_DO_NOT_CONTACT;
    const struct day_span *p = warm_covering(f, day);
    if (p) {
        if (warm_until)
            *warm_until = p->until;
        return LEAD_WARM;
    }
    return LEAD_COLD;
}

bool
lead_in_base(const struct lead_facts *f, int32_t day)
{
    return f->since <= day && day < f->left;
}

/* ---- the funnel over months ---- */

/* Index in [0, nmonths) of the month (among those starting at starts[])
 * that holds day, or -1 when outside [starts[0], ends[nmonths - 1]]. */
static int
month_of(const int32_t *starts, const int32_t *ends, int nmonths, int32_t day)
{
    if (day < starts[0] || day > ends[nmonths - 1])
        return -1;
    int lo = 0, hi = nmonths;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (starts[mid] <= day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo - 1;
}

void
funnel_compute(const struct lead_facts *leads, size_t n, int year, int month,
               int nmonths, int32_t today, struct funnel_month *out)
{
    if (nmonths <= 0)
        return;
    int32_t *starts = xcalloc((size_t)nmonths, sizeof(*starts));
    int32_t *ends = xcalloc((size_t)nmonths + 1, sizeof(*ends));
    /* ends[0] is the day the month before the first is judged; month i's
     * end is ends[i + 1]. */
    int first = year * 12 + (month - 1) - (nmonths - 1);
    for (int i = 0; i < nmonths; i++) {
        int y = (first + i) / 12, m = (first + i) % 12 + 1;
        memset(&out[i], 0, sizeof(out[i]));
        out[i].year = y;
        out[i].month = m;
        starts[i] = date_to_days((struct date){ y, m, 1 });
        int32_t last = starts[i] + date_days_in_month(y, m) - 1;
        ends[i + 1] = last < today ? last : today;
    }
    ends[0] = starts[0] - 1 < today ? starts[0] - 1 : today;
    const int32_t *month_ends = ends + 1;

    int64_t cold_before = 0;
    for (size_t j = 0; j < n; j++) {
        const struct lead_facts *f = &leads[j];
        if (lead_in_base(f, ends[0]) &&
            lead_stage_on(f, ends[0], NULL) == LEAD_COLD)
            cold_before++;
        for (int i = 0; i < nmonths; i++) {
            if (lead_in_base(f, month_ends[i]))
                out[i].stage[lead_stage_on(f, month_ends[i], NULL)]++;
        }
        int i = month_of(starts, month_ends, nmonths, f->since);
        if (i >= 0 && f->since < f->left)
            out[i].new_leads++;
        /* Turning warm and cooling happen at the edges of warm periods
         * (merged, so the day before one and the day after one are not
         * covered by another). */
        for (size_t w = 0; w < f->nwarm; w++) {
            const struct day_span *p = &f->warm[w];
            i = month_of(starts, month_ends, nmonths, p->from);
            if (i >= 0 && lead_in_base(f, p->from) &&
                lead_stage_on(f, p->from, NULL) == LEAD_WARM &&
                lead_stage_on(f, p->from - 1, NULL) == LEAD_COLD)
                out[i].warmed++;
            if (p->until == DAY_NEVER)
                continue;
            int32_t cold = p->until + 1;
            i = month_of(starts, month_ends, nmonths, cold);
            if (i >= 0 && lead_in_base(f, cold) &&
                lead_stage_on(f, p->until, NULL) == LEAD_WARM &&
                lead_stage_on(f, cold, NULL) == LEAD_COLD)
                out[i].cooled++;
        }
        /* Joining: the first day of a membership that does not continue
         * another, while the organisation has not left. */
        for (size_t k = 0; k < f->nmembers; k++) {
            int32_t joined = f->members[k].from;
            i = month_of(starts, month_ends, nmonths, joined);
            if (i < 0 || joined >= f->left)
                continue;
            enum lead_stage before = lead_stage_on(f, joined - 1, NULL);
            if (before == LEAD_MEMBER)
                continue;
            out[i].conversions++;
            if (before == LEAD_WARM)
                out[i].conversions_warm++;
        }
    }
    for (int i = 0; i < nmonths; i++) {
        out[i].base = out[i].stage[LEAD_COLD] + out[i].stage[LEAD_WARM];
        int64_t prev = i ? out[i - 1].stage[LEAD_COLD] : cold_before;
        out[i].cold_growth = out[i].stage[LEAD_COLD] - prev;
    }
    free(starts);
    free(ends);
}
