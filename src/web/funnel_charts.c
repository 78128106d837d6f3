/*
 * The shared cache of the funnel's board, report months and charts (see
 * funnel_charts.h for why and for its key). Entries live on the heap and
 * are counted: a request holds the entry it reads, so another thread may
 * replace it in the table meanwhile; the last holder frees it. The lock
 * guards the table and the counts only: computing and drawing happen
 * outside it, and two threads that miss together both compute, the
 * second keeping the first one's entry.
 */
#include "web/funnel_charts.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mem.h"
#include "report/chart.h"

static const struct {
    const char *name;
    const char *alt;
    int w, h;
} CHARTS[FUNNEL_CHART__COUNT] = {
    [FUNNEL_CHART_COLD] = { "cold", "The cold base at the end of each month",
                            760, 280 },
    [FUNNEL_CHART_WARM] = { "warm", "Warm leads at the end of each month", 760,
                            280 },
    [FUNNEL_CHART_OUTREACH] = { "outreach",
                                "Outreach per month by channel: e-mails, "
                                "calls and meetings, events, social media",
                                760, 320 },
};

const char *
funnel_chart_name(enum funnel_chart c)
{
    return CHARTS[c].name;
}

const char *
funnel_chart_alt(enum funnel_chart c)
{
    return CHARTS[c].alt;
}

void
funnel_chart_size(enum funnel_chart c, int *w, int *h)
{
    *w = CHARTS[c].w;
    *h = CHARTS[c].h;
}

int
funnel_chart_parse_file(const char *file, enum funnel_chart *out)
{
    size_t len = strlen(file);
    if (len < 5 || strcmp(file + len - 4, ".svg") != 0)
        return -1;
    for (int c = 0; c < FUNNEL_CHART__COUNT; c++) {
        if (strlen(CHARTS[c].name) == len - 4 &&
            memcmp(CHARTS[c].name, file, len - 4) == 0) {
            *out = (enum funnel_chart)c;
            return 0;
        }
    }
    return -1;
}

/* ---- drawing ---- */

static const char *const MONTH_ABBR[12] = { "Jan", "Feb", "Mar", "Apr",
                                            "May", "Jun", "Jul", "Aug",
                                            "Sep", "Oct", "Nov", "Dec" };

#define MAX_MONTHS 36

static int
draw_chart(enum funnel_chart which, const struct funnel_month *m, int n,
           struct buf *out, struct err *err)
{
    char text[MAX_MONTHS][16];
    const char *labels[MAX_MONTHS];
    int64_t a[MAX_MONTHS], by_channel[CHANNEL_NONE][MAX_MONTHS];
    struct chart c;
    if (n > MAX_MONTHS)
        n = MAX_MONTHS;
    for (int i = 0; i < n; i++) {
        snprintf(text[i], sizeof(text[i]), "%s %d",
                 MONTH_ABBR[(m[i].month + 11) % 12], m[i].year % 10000);
        labels[i] = text[i];
    }
    switch (which) {
    case FUNNEL_CHART_COLD:
        chart_init(&c, CHART_BARS, "Cold base per month");
        for (int i = 0; i < n; i++)
            a[i] = m[i].stage[LEAD_COLD];
        c.series[0] = (struct chart_series){ "Cold", a, 0x0d6efd };
        c.nseries = 1;
        break;
    case FUNNEL_CHART_WARM:
        chart_init(&c, CHART_BARS, "Warm leads per month");
        for (int i = 0; i < n; i++)
            a[i] = m[i].stage[LEAD_WARM];
        c.series[0] = (struct chart_series){ "Warm", a, 0xfd7e14 };
        c.nseries = 1;
        break;
    default: {
        static const unsigned COLOURS[CHANNEL_NONE] = { 0x0d6efd, 0x198754,
                                                        0x20c997, 0xfd7e14,
                                                        0x6f42c1 };
        chart_init(&c, CHART_BARS, "Outreach per month by channel");
        for (int ch = 0; ch < CHANNEL_NONE; ch++) {
            for (int i = 0; i < n; i++)
                by_channel[ch][i] = m[i].outreach[ch];
            c.series[ch] =
                (struct chart_series){ channel_label((enum channel)ch),
                                       by_channel[ch], COLOURS[ch] };
        }
        c.nseries = CHANNEL_NONE;
        break;
    }
    }
    c.labels = labels;
    c.npoints = (size_t)n;
    int w, h;
    funnel_chart_size(which, &w, &h);
    return chart_svg(&c, w, h, out, err);
}

/* ---- the cache ---- */

enum what { WHAT_BOARD, WHAT_MONTHS, WHAT_SVG };

struct entry {
    /* The key. */
    const struct store *store;
    int64_t cluster_id;
    char today[11];
    uint64_t stamp;
    enum what what;
    int year, month, nmonths, chart;
    /* Guarded by the lock. */
    unsigned refs; /* the table's reference counts as one */
    uint64_t last_use;
    /* The value, never changed once in the table. */
    struct funnel_board board;
    struct funnel_month *months;
    struct buf svg;
};

#define SLOTS 96

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct entry *table[SLOTS];
static uint64_t clock_ticks;

static void
entry_free(struct entry *e)
{
    if (!e)
        return;
    if (e->what == WHAT_BOARD)
        funnel_board_release(&e->board);
    free(e->months);
    buf_release(&e->svg);
    free(e);
}

/* Drops one reference; answers whether it was the last (caller frees). */
static bool
unref_locked(struct entry *e)
{
    return --e->refs == 0;
}

void
funnel_hold_release(struct funnel_hold *hold)
{
    struct entry *e = hold->entry;
    if (!e)
        return;
    hold->entry = NULL;
    pthread_mutex_lock(&lock);
    bool last = unref_locked(e);
    pthread_mutex_unlock(&lock);
    if (last)
        entry_free(e);
}

static bool
same_key(const struct entry *a, const struct entry *b)
{
    return a->store == b->store && a->cluster_id == b->cluster_id &&
           strcmp(a->today, b->today) == 0 && a->what == b->what &&
           a->year == b->year && a->month == b->month &&
           a->nmonths == b->nmonths && a->chart == b->chart;
}

/* The entry of key k (its stamp included), held; NULL on a miss. */
static struct entry *
lookup(const struct entry *k)
{
    struct entry *hit = NULL;
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < SLOTS; i++) {
        struct entry *e = table[i];
        if (e && e->stamp == k->stamp && same_key(e, k)) {
            e->refs++;
            e->last_use = ++clock_ticks;
            hit = e;
            break;
        }
    }
    pthread_mutex_unlock(&lock);
    return hit;
}

/*
 * Puts the computed entry e into the table and answers the entry to use,
 * held: e itself, or the equal one another thread put there first (e is
 * then freed). The slot taken is an empty one, else the one of the same
 * key with an older stamp, else the least recently used.
 */
static struct entry *
publish(struct entry *e)
{
    struct entry *dropped = NULL, *use = e;
    pthread_mutex_lock(&lock);
    size_t slot = SLOTS;
    for (size_t i = 0; i < SLOTS; i++) {
        struct entry *t = table[i];
        if (t && same_key(t, e)) {
            if (t->stamp == e->stamp) {
                use = t;
                break;
            }
            slot = i;
        } else if (!t && slot == SLOTS) {
            slot = i;
        }
    }
    if (use != e) {
        use->refs++;
        use->last_use = ++clock_ticks;
        dropped = e;
    } else {
        if (slot == SLOTS) {
            slot = 0;
            for (size_t i = 1; i < SLOTS; i++)
                if (table[i]->last_use < table[slot]->last_use)
                    slot = i;
        }
        struct entry *old = table[slot];
        if (old && unref_locked(old))
            dropped = old;
        e->refs = 2; /* the table's and the caller's */
        e->last_use = ++clock_ticks;
        table[slot] = e;
    }
    pthread_mutex_unlock(&lock);
    entry_free(dropped);
    return use;
}

static struct entry *
new_key(struct req *r, enum what what, int year, int month, int nmonths,
        int chart)
{
    struct entry *e = xcalloc(1, sizeof(*e));
    e->store = r->store;
    e->cluster_id = r->scope.cluster_id;
    snprintf(e->today, sizeof(e->today), "%s", r->today);
    /* Read before computing, so a change made meanwhile makes the next
     * request compute again. */
    e->stamp = store_data_stamp(r->store);
    e->what = what;
    e->year = year;
    e->month = month;
    e->nmonths = nmonths;
    e->chart = chart;
    buf_init(&e->svg, 0);
    return e;
}

static int32_t
today_days(const struct req *r)
{
    struct date d;
    if (date_parse(r->today, (int)strlen(r->today), &d))
        return 0;
    return date_to_days(d);
}

int
funnel_cache_board(struct req *r, const struct funnel_board **out,
                   struct funnel_hold *hold, struct err *err)
{
    struct entry *k = new_key(r, WHAT_BOARD, 0, 0, 0, 0);
    struct entry *e = lookup(k);
    if (!e) {
        if (funnel_store_board(r->store, r->scope.cluster_id, today_days(r),
                               FUNNEL_BOARD_WARM_LIMIT, &k->board, err)) {
            entry_free(k);
            return -1;
        }
        e = publish(k);
    } else {
        entry_free(k);
    }
    hold->entry = e;
    *out = &e->board;
    return 0;
}

/* The months entry of the key, held; NULL with err filled. */
static struct entry *
months_entry(struct req *r, int year, int month, int nmonths, struct err *err)
{
    if (nmonths < 1 || nmonths > MAX_MONTHS) {
        err_set(err, ERR_INVALID, "months", "The report covers 1 to %d months.",
                MAX_MONTHS);
        return NULL;
    }
    struct entry *k = new_key(r, WHAT_MONTHS, year, month, nmonths, 0);
    struct entry *e = lookup(k);
    if (e) {
        entry_free(k);
        return e;
    }
    k->months = xcalloc((size_t)nmonths, sizeof(*k->months));
    if (funnel_store_months(r->store, r->scope.cluster_id, year, month, nmonths,
                            today_days(r), k->months, err)) {
        entry_free(k);
        return NULL;
    }
    return publish(k);
}

int
funnel_cache_months(struct req *r, int year, int month, int nmonths,
                    const struct funnel_month **out, struct funnel_hold *hold,
                    struct err *err)
{
    struct entry *e = months_entry(r, year, month, nmonths, err);
    if (!e)
        return -1;
    hold->entry = e;
    *out = e->months;
    return 0;
}

int
funnel_cache_svg(struct req *r, enum funnel_chart c, int year, int month,
                 int nmonths, const struct buf **svg, struct funnel_hold *hold,
                 struct err *err)
{
    struct entry *k = new_key(r, WHAT_SVG, year, month, nmonths, (int)c);
    struct entry *e = lookup(k);
    if (!e) {
        struct funnel_hold mh = FUNNEL_HOLD_INIT;
        struct entry *m = months_entry(r, year, month, nmonths, err);
        if (!m) {
            entry_free(k);
            return -1;
        }
        mh.entry = m;
        /* The months were computed at their own stamp: the drawing
         * belongs to it, not to a newer one read above. */
        k->stamp = m->stamp;
        int rc = draw_chart(c, m->months, nmonths, &k->svg, err);
        funnel_hold_release(&mh);
        if (rc) {
            entry_free(k);
            return -1;
        }
        e = publish(k);
    } else {
        entry_free(k);
    }
    hold->entry = e;
    *svg = &e->svg;
    return 0;
}
