/*
 * TEMPORARY during construction: handlers not written yet answer 404.
 * Each area's author deletes its lines here; this file must be gone
 * before the issue is done.
 */
#include "web/api.h"
#include "web/layout.h"
#include "web/pages.h"

#define PENDING(fn) \
    void fn(struct req *r, struct resp *rs) { layout_not_found(r, rs); }


