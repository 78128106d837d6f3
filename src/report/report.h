/*
 * The printed documents: an invoice (or credit note) and the board's
 * half-year report, as A4 PDFs appended to a struct buf, and the
 * dashboard's charts as SVG, drawn by the same code as the report's.
 * The caller loads everything from the store; nothing here reads the
 * store, the clock or the network. Text is UTF-8 and rendered in Noto
 * Sans, so Cyrillic and Swedish names print as they are.
 */
#ifndef CD_REPORT_H
#define CD_REPORT_H

#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"
#include "core/targets.h"
#include "store/invoice_store.h"
#include "store/membership_store.h"

/*
 * Appends the invoice's PDF to out: the cluster's details from cs (its
 * legal name, or cluster_name when that is ""), number, issue date,
 * fiscal year, bill-to block, instalments, total, paid, rest due, status
 * on `today` ("YYYY-MM-DD"; iv's derived fields are taken as they are),
 * bank account and the payments received (npayments of them, oldest
 * first). A credit note prints as one with its reason. 0, or -1 with
 * ERR_INTERNAL (out unchanged).
 */
int invoice_pdf(const struct invoice *iv, const struct payment *payments,
                size_t npayments, const struct cluster_settings *cs,
                const char *cluster_name, const char *today, struct buf *out,
                struct err *err);

/*
 * Appends the board report of a half year ("2027H1", printed as given)
 * to out: key figures of d (members against the target, by status, SME
 * share, fees expected / invoiced / paid, overdue, budget, gap, private
 * share), the charts of board_chart, and plan's income lines (plan may
 * be NULL). The figures are d's, as of d->day. 0, or -1 with
 * ERR_INTERNAL (out unchanged).
 */
int board_report_pdf(const struct dashboard *d, const struct target_plan *plan,
                     const struct cluster_settings *cs,
                     const char *cluster_name, const char *half_label,
                     struct buf *out, struct err *err);

/* The dashboard's charts, as the web page and the board report show them. */
enum board_chart {
    BOARD_CHART_MEMBERS, /* members month by month, target, 15/25/50 */
    BOARD_CHART_FLOW,    /* joins and leaves per month */
    BOARD_CHART_KINDS,   /* members by organisation kind */
    BOARD_CHART_TIERS,   /* members by tier */
    BOARD_CHART_FEES,    /* fees expected, invoiced, paid */
    BOARD_CHART__COUNT
};
/* "members", "flow", "kinds", "tiers", "fees": for URLs. */
const char *board_chart_name(enum board_chart which);
/* The chart of that name; 0, or -1 for an unknown name. */
int board_chart_parse(const char *name, enum board_chart *out);
/*
 * Appends the chart `which` of d as a standalone SVG document of w x h
 * pixels (chart_svg) to out. ERR_INVALID on "chart" for an unknown
 * chart, on "size" for a size chart_svg refuses.
 */
int board_chart_svg(const struct dashboard *d, enum board_chart which, double w,
                    double h, struct buf *out, struct err *err);

#endif
