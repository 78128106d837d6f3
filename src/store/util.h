/*
 * Helpers shared by the store modules.
 */
#ifndef CD_STORE_UTIL_H
#define CD_STORE_UTIL_H

#include "base/buf.h"
#include "store/db.h"

/* Appends a LIKE pattern "%q%" for a folded q, escaping % _ and \ with \;
 * appends nothing for a NULL or empty q. */
void store_like_pattern(struct buf *out, const char *q);

/* Runs sql with $1 = cluster_id and collects column 0 of every row into a
 * new array of new strings (store_strings_free()). */
int store_strings(struct store *st, const char *sql, int64_t cluster_id,
                  char ***items, size_t *n, struct err *err);

#endif
