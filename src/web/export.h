/*
 * Sending a list as a download: ?format=csv or ?format=xlsx.
 */
#ifndef CD_EXPORT_H
#define CD_EXPORT_H

#include "io/table.h"
#include "web/http.h"

/*
 * Answers with t as CSV or XLSX according to the request's format
 * parameter, named BASENAME-YYYY-MM-DD.csv/.xlsx; an unknown format is a
 * 422 page. Does not free t.
 */
void export_send(const struct req *r, struct resp *rs, const struct table *t,
                 const char *basename);

#endif
