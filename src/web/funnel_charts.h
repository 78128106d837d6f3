/*
 * The funnel's figures and charts as the pages serve them: the board, the
 * months of the report and their SVG charts (/funnel/charts/NAME.svg),
 * kept in one cache shared by the server threads.
 *
 * The board and the report must answer hundreds of times a second over
 * 50,000 leads and a million activities, while computing them takes tens
 * of milliseconds. So a result is computed once (outside the lock, on the
 * asking thread's own connection) and kept until store_data_stamp says
 * the data may have changed. The stamp is a value of one connection
 * (SQLite's data_version and the connection's own change count), not
 * comparable between connections, so the connection is part of the key
 * with the cluster, the day and the stamp: an entry is never served to a
 * connection that cannot prove it saw the same data. Nothing here writes
 * to the store.
 */
#ifndef CD_WEB_FUNNEL_CHARTS_H
#define CD_WEB_FUNNEL_CHARTS_H

#include "store/funnel_store.h"
#include "web/http.h"

enum funnel_chart {
    FUNNEL_CHART_COLD,     /* the cold base per month */
    FUNNEL_CHART_WARM,     /* warm leads per month */
    FUNNEL_CHART_OUTREACH, /* outreach per month by channel */
    FUNNEL_CHART__COUNT
};
/* "cold", "warm", "outreach" (the file name without ".svg"). */
const char *funnel_chart_name(enum funnel_chart c);
/* The alternative text of <img alt>. */
const char *funnel_chart_alt(enum funnel_chart c);
/* Parses "cold.svg"; 0, or -1 for no such chart. */
int funnel_chart_parse_file(const char *file, enum funnel_chart *out);
void funnel_chart_size(enum funnel_chart c, int *w, int *h);

/* Warm leads the board lists (the rest are on /leads?stage=warm). */
#define FUNNEL_BOARD_WARM_LIMIT 50

/* A cached result held by a request: give it back with
 * funnel_hold_release once the page is written. */
struct funnel_hold {
    void *entry;
};
#define FUNNEL_HOLD_INIT \
    {                    \
        NULL             \
    }
void funnel_hold_release(struct funnel_hold *hold);

/*
 * The board of the request's cluster on r->today. *out is borrowed while
 * hold is held. Returns 0, or -1 with err filled.
 */
int funnel_cache_board(struct req *r, const struct funnel_board **out,
                       struct funnel_hold *hold, struct err *err);

/* The report's nmonths (1..36) months ending with year-month, as
 * funnel_store_months gives them; *out as above. */
int funnel_cache_months(struct req *r, int year, int month, int nmonths,
                        const struct funnel_month **out,
                        struct funnel_hold *hold, struct err *err);

/* The SVG document of chart c over those months; *svg as above. */
int funnel_cache_svg(struct req *r, enum funnel_chart c, int year, int month,
                     int nmonths, const struct buf **svg,
                     struct funnel_hold *hold, struct err *err);

#endif
