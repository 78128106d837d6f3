/*
 * libFuzzer target for the CSV import: any bytes must give a result or a
 * list of errors, never a crash, a leak or undefined behaviour. The
 * input is used as is, so the size cap, BOM, encoding, quoting and all
 * three delimiters are reached.
 */
#include <stddef.h>
#include <stdint.h>

#include "io/csv_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct import_result r;

    import_result_init(&r);
    csv_import_parse((const char *)data, size, "2026-03-31", &r);
    import_result_release(&r);
    return 0;
}
