/*
 * libFuzzer target: the JSON writer. Any bytes written as a key and as a
 * string value must come out as JSON that jansson reads; valid UTF-8
 * must come back unchanged.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/mem.h"
#include "base/text.h"
#include "io/jsonw.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = xstrndup((const char *)data, size); /* stops at a NUL */
    struct buf out = BUF_INIT;
    struct jsonw w;
    jsonw_init(&w, &out);
    jsonw_begin_object(&w);
    jsonw_key(&w, s);
    jsonw_begin_array(&w);
    jsonw_string(&w, s);
    jsonw_string_or_null(&w, s);
    jsonw_end_array(&w);
    jsonw_end_object(&w);
    json_t *j = json_loads(out.s, JSON_ALLOW_NUL, NULL);
    if (!j)
        __builtin_trap();
    if (*s && text_valid_utf8(s, strlen(s))) {
        json_t *arr = json_object_get(j, s);
        if (!arr || strcmp(json_string_value(json_array_get(arr, 0)), s) != 0)
            __builtin_trap();
    }
    json_decref(j);
    buf_release(&out);
    free(s);
    return 0;
}
