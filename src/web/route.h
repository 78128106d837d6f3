/*
 * The URL space: one table of routes (route.c) and the checks every
 * request passes before its handler runs: who is asking (session cookie
 * for pages, bearer token for the API), whether the role may, and the
 * CSRF token of every form POST.
 */
#ifndef CD_ROUTE_H
#define CD_ROUTE_H

#include "web/http.h"

/* Answers the request: finds the route, checks it, runs the handler. */
void route_dispatch(struct req *r, struct resp *rs);
/* Answers with an error page (or JSON error under /api/). */
void route_error(const struct req *r, struct resp *rs, const struct err *err);

#endif
