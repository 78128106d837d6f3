/*
 * The dashboard's chart images and the per-thread keeping of its
 * figures and SVGs (see charts.h for why). A thread keeps up to
 * CHARTS_SLOTS (store, cluster, day) entries, each valid for one
 * store_data_stamp; the least recently used one is reused, and all are
 * freed when the thread ends.
 */
#include "web/charts.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "store/dashboard_store.h"

static const struct {
    const char *alt;
    int w, h;
} CHARTS[BOARD_CHART__COUNT] = {
    [BOARD_CHART_MEMBERS] = { "Members month by month over 24 months, with "
                              "the target and the 15, 25 and 50 member lines",
                              760, 320 },
    [BOARD_CHART_FLOW] = { "Memberships started and ended per month", 760,
                           260 },
    [BOARD_CHART_KINDS] = { "Members by kind of organisation", 520, 300 },
    [BOARD_CHART_TIERS] = { "Members by tier", 520, 260 },
    [BOARD_CHART_FEES] = { "Fees of the fiscal year: expected, invoiced, "
                           "paid",
                           520, 130 },
};

const char *
dash_chart_alt(enum board_chart c)
{
    return CHARTS[c].alt;
}

void
dash_chart_size(const struct dashboard *d, enum board_chart c, int *w, int *h)
{
    *w = CHARTS[c].w;
    *h = CHARTS[c].h;
    /* A bar chart grows with its bars, so two tiers are not lost in white. */
    size_t bars = 0;
    if (c == BOARD_CHART_KINDS) {
        for (int k = 0; k < ORG_KIND__COUNT; k++)
            bars += d->by_kind[k] != 0;
    } else if (c == BOARD_CHART_TIERS) {
        bars = d->ntiers;
    } else {
        return;
    }
    if (bars > 24)
        bars = 24;
    *h = 90 + 30 * (int)(bars ? bars : 1);
}

int
dash_chart_parse_file(const char *file, enum board_chart *out)
{
    size_t len = strlen(file);
    if (len < 5 || strcmp(file + len - 4, ".svg") != 0)
        return -1;
    char name[16];
    if (len - 4 >= sizeof(name))
        return -1;
    memcpy(name, file, len - 4);
    name[len - 4] = '\0';
    return board_chart_parse(name, out);
}

/* ---- the per-thread keeping ---- */

#define CHARTS_SLOTS 4

struct slot {
    bool used;
    const struct store *store;
    int64_t cluster_id;
    char day[11];
    uint64_t stamp;
    uint64_t last_use;
    struct dash_view view;
    struct buf svg[BOARD_CHART__COUNT];
    bool drawn[BOARD_CHART__COUNT];
};

struct slots {
    struct slot s[CHARTS_SLOTS];
    uint64_t clock;
};

static pthread_key_t slots_key;
static pthread_once_t slots_once = PTHREAD_ONCE_INIT;

static void
slot_clear(struct slot *s)
{
    if (!s->used)
        return;
    dashboard_release(&s->view.d);
    cluster_settings_release(&s->view.settings);
    target_plan_release(&s->view.plan);
    for (int i = 0; i < BOARD_CHART__COUNT; i++)
        buf_release(&s->svg[i]);
    memset(s, 0, sizeof(*s));
}

static void
slots_free(void *p)
{
    struct slots *all = p;
    for (size_t i = 0; i < CHARTS_SLOTS; i++)
        slot_clear(&all->s[i]);
    free(all);
}

static void
slots_key_create(void)
{
    pthread_key_create(&slots_key, slots_free);
}

static struct slots *
thread_slots(void)
{
    pthread_once(&slots_once, slots_key_create);
    struct slots *all = pthread_getspecific(slots_key);
    if (!all) {
        all = xcalloc(1, sizeof(*all));
        pthread_setspecific(slots_key, all);
    }
    return all;
}

static struct slot *
view_slot(struct req *r, struct err *err)
{
    struct slots *all = thread_slots();
    /* The stamp is read before computing, so a change made meanwhile
     * makes the next request compute again. */
    uint64_t stamp = store_data_stamp(r->store);
    struct slot *hit = NULL, *victim = &all->s[0];
    for (size_t i = 0; i < CHARTS_SLOTS; i++) {
        struct slot *s = &all->s[i];
        if (s->used && s->store == r->store &&
            s->cluster_id == r->scope.cluster_id &&
            strcmp(s->day, r->today) == 0) {
            hit = s;
            break;
        }
        if (!s->used || (victim->used && s->last_use < victim->last_use))
            victim = s;
    }
    if (hit && hit->stamp == stamp) {
        hit->last_use = ++all->clock;
        return hit;
    }
    struct slot *s = hit ? hit : victim;
    slot_clear(s);
    cluster_settings_init(&s->view.settings);
    target_plan_init(&s->view.plan, 0);
    if (dashboard_store_compute(r->store, r->scope.cluster_id, r->today,
                                &s->view.d, &s->view.settings, &s->view.plan,
                                err)) {
        cluster_settings_release(&s->view.settings);
        target_plan_release(&s->view.plan);
        memset(s, 0, sizeof(*s));
        return NULL;
    }
    s->used = true;
    s->store = r->store;
    s->cluster_id = r->scope.cluster_id;
    snprintf(s->day, sizeof(s->day), "%s", r->today);
    s->stamp = stamp;
    s->last_use = ++all->clock;
    return s;
}

const struct dash_view *
charts_view(struct req *r, struct err *err)
{
    struct slot *s = view_slot(r, err);
    return s ? &s->view : NULL;
}

int
charts_svg(struct req *r, enum board_chart c, const struct buf **svg,
           struct err *err)
{
    struct slot *s = view_slot(r, err);
    if (!s)
        return -1;
    if (!s->drawn[c]) {
        int w, h;
        dash_chart_size(&s->view.d, c, &w, &h);
        buf_reset(&s->svg[c]);
        if (board_chart_svg(&s->view.d, c, w, h, &s->svg[c], err))
            return -1;
        s->drawn[c] = true;
    }
    *svg = &s->svg[c];
    return 0;
}
