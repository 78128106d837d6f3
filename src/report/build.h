/*
 * Documents built from the store: what the web pages' buttons and the
 * command line both produce, so the two never differ.
 */
#ifndef CD_REPORT_BUILD_H
#define CD_REPORT_BUILD_H

#include "base/buf.h"
#include "base/err.h"
#include "store/store.h"

/*
 * The board report of half year `half` ("2027H1") as a PDF appended to
 * out: the figures of the half's last day, or of today when that is
 * earlier. ERR_INVALID on "half" when it is malformed or has not begun.
 */
int board_report_build(struct store *st, int64_t cluster_id,
                       const char *cluster_name, const char *half,
                       const char *today, struct buf *out, struct err *err);

/* The invoice (or credit note) `id` of the cluster as a PDF appended to
 * out, with its payments and status on today. ERR_NOT_FOUND when it is
 * not the cluster's. */
int invoice_pdf_build(struct store *st, int64_t cluster_id,
                      const char *cluster_name, int64_t id, const char *today,
                      struct buf *out, struct err *err);

#endif
