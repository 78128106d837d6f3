/*
 * The dashboard's charts and the figures behind them, shared by the
 * dashboard page and its SVG images (/dashboard/charts/NAME.svg). The
 * charts are drawn by report/report.h's board_chart_svg, the code that
 * draws them into the board report.
 *
 * Computing the figures reads the whole fee book, tens of milliseconds
 * with ten thousand memberships, while the dashboard must answer in a few
 * milliseconds. So each server thread keeps the figures it computed (and
 * the SVGs it drew) for a few (cluster, day) pairs and computes again only
 * when store_data_stamp says the data may have changed. Nothing here
 * writes to the store.
 */
#ifndef CD_WEB_CHARTS_H
#define CD_WEB_CHARTS_H

#include <stdint.h>

#include "core/targets.h"
#include "report/report.h"
#include "store/membership_store.h"
#include "web/http.h"

/* The charts are report.h's enum board_chart, named as its
 * board_chart_name says ("members", "flow", "kinds", "tiers", "fees"). */
/* The chart's alternative text for <img alt>. */
const char *dash_chart_alt(enum board_chart c);
/* Parses "members.svg" (the name and the extension); 0 or -1. */
int dash_chart_parse_file(const char *file, enum board_chart *out);
/* The size chart c of d is drawn at, in pixels. */
void dash_chart_size(const struct dashboard *d, enum board_chart c, int *w,
                     int *h);

/* The figures of one cluster on one day, as the store gave them. */
struct dash_view {
    struct dashboard d;
    struct cluster_settings settings;
    struct target_plan plan;
};

/*
 * The figures of the request's cluster on r->today, computed on this
 * thread at most once per change of the data. Borrowed: valid until the
 * next charts_* call on this thread. NULL with err filled on failure.
 */
const struct dash_view *charts_view(struct req *r, struct err *err);

/*
 * The SVG document of chart c for the request's cluster on r->today,
 * drawn at most once per change of the data. *svg is borrowed as the
 * view is. Returns 0, or -1 with err filled.
 */
int charts_svg(struct req *r, enum board_chart c, const struct buf **svg,
               struct err *err);

#endif
