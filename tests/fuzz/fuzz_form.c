/*
 * libFuzzer target: form decoding (urlencoded and multipart), the first
 * thing every POST goes through.
 */
#include <stdint.h>
#include <string.h>

#include "base/text.h"
#include "web/form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct form f;
    struct err err = ERR_INIT;
    form_init(&f);
    if (form_parse_urlencoded(&f, (const char *)data, size, &err) == 0) {
        /* Whatever is accepted must be text we can show back. */
        for (size_t i = 0; i < f.n; i++)
            if (!text_valid_utf8(f.fields[i].name, strlen(f.fields[i].name)))
                __builtin_trap();
    }
    form_release(&f);

    form_init(&f);
    err_clear(&err);
    form_parse_multipart(&f, (const char *)data, size, "XyZ", &err);
    for (size_t i = 0; i < f.n; i++)
        if (!f.fields[i].filename &&
            !text_valid_utf8(f.fields[i].value, f.fields[i].value_len))
            __builtin_trap();
    form_release(&f);
    return 0;
}
