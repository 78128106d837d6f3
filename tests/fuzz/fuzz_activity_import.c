/*
 * libFuzzer target for the activity import's parse: any bytes must give
 * rows or a list of errors, never a crash, a leak or undefined
 * behaviour. The input is used as is, so the size cap, BOM, encoding,
 * quoting, the three delimiters and the three date forms are reached.
 */
#include <stddef.h>
#include <stdint.h>

#include "io/activity_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct activity_import_result r;

    activity_import_result_init(&r);
    activity_import_parse((const char *)data, size, "2026-03-31", &r);
    activity_import_result_release(&r);
    return 0;
}
