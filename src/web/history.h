/*
 * The audit trail as a table, shared by the cluster's history page and
 * the history block of an organisation's page. Each entry shows when, who,
 * what was done and, from the entry's before/after JSON, only the fields
 * that changed ("city: Lviv → Kyiv"). It reads nothing from the store
 * and never writes user text without escaping it.
 */
#ifndef CD_HISTORY_H
#define CD_HISTORY_H

#include <stdbool.h>

#include "store/store.h"
#include "web/html.h"

enum history_flags {
    HISTORY_ENTITY = 1 << 0, /* a column naming the record, linked */
    HISTORY_BRIEF = 1 << 1,  /* no column of changed fields */
};

/*
 * Appends a <table> of the entries of l, in the order given (the store
 * gives newest first). With HISTORY_ENTITY a column names the record each
 * entry is about, an organisation linked to its page; HISTORY_BRIEF
 * leaves out the changed fields (for the dashboard). An empty list writes
 * a short "no changes" line instead of a table. Entries whose JSON does
 * not parse show no field changes; nothing fails.
 */
void history_render(struct html *h, const struct audit_list *l, unsigned flags);

#endif
