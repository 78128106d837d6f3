/*
 * A streaming JSON writer for answers and audit entries: values go
 * straight into a struct buf, escaped, with commas and nesting kept
 * right by the writer. jansson still reads every JSON we are sent; this
 * writes what we send, because building jansson objects and dumping them
 * cost half of every API list request and a third of an import
 * (bench/README.md). It writes only valid JSON: a string that is not
 * valid UTF-8 gets U+FFFD for each bad byte.
 *
 *   struct jsonw w;
 *   jsonw_init(&w, &out);
 *   jsonw_begin_object(&w);
 *   jsonw_key(&w, "name");  jsonw_string(&w, o->name);
 *   jsonw_end_object(&w);
 */
#ifndef CD_JSONW_H
#define CD_JSONW_H

#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"

#define JSONW_MAX_DEPTH 63

struct jsonw {
    struct buf *out; /* borrowed; the writer appends to it */
    unsigned depth;
    uint64_t has_value; /* bit d: a value was written at depth d */
    bool after_key;
};

void jsonw_init(struct jsonw *w, struct buf *out);

void jsonw_begin_object(struct jsonw *w);
void jsonw_end_object(struct jsonw *w);
void jsonw_begin_array(struct jsonw *w);
void jsonw_end_array(struct jsonw *w);
/* The name of the next member of the current object. */
void jsonw_key(struct jsonw *w, const char *key);

void jsonw_string(struct jsonw *w, const char *s);
/* null for NULL or "". */
void jsonw_string_or_null(struct jsonw *w, const char *s);
void jsonw_int(struct jsonw *w, int64_t v);
/* v / 10^decimals written exactly with that many decimals: 425, 2 gives
 * 4.25 (a mean, a share), for v >= 0 and decimals 1..9. */
void jsonw_fixed(struct jsonw *w, int64_t v, int decimals);
void jsonw_bool(struct jsonw *w, bool v);
void jsonw_null(struct jsonw *w);

#endif
