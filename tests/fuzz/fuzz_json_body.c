/*
 * libFuzzer target for request bodies of the organisation and contact
 * endpoints: json_body_parse, then org_from_json and contact_from_json
 * into fresh records, both as a create and as an update, then the core
 * validation and the way back out through org_to_json and
 * contact_to_json. It must never crash, leak or trip a sanitizer; it
 * asserts that what goes out is well-formed JSON.
 *
 * Build and run (about a minute):
 *   clang -g -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -Isrc \
 *     src/base/mem.c src/base/buf.c src/base/err.c src/base/text.c \
 *     src/base/date.c src/core/org.c src/io/org_json.c \
 *     tests/fuzz/fuzz_json_body.c -ljansson -o fuzz_json_body
 *   ./fuzz_json_body -max_total_time=60
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/mem.h"
#include "base/text.h"
#include "core/org.h"
#include "io/org_json.h"

/* What the writer makes of a record, as jansson reads it back: the
 * round trip every client of the API makes. */
static json_t *
written_org(const struct org *o)
{
    char *text = org_json_text(o);
    json_t *j = json_loads(text, 0, NULL);
    free(text);
    return j;
}

static json_t *
written_contact(const struct contact *c)
{
    char *text = contact_json_text(c);
    json_t *j = json_loads(text, 0, NULL);
    free(text);
    return j;
}


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * An error must say something, and in valid UTF-8: the API puts it in a
 * JSON reply, where jansson would refuse anything else.
 */
static void
check_err(const struct err *err)
{
    if (err->code == ERR_NONE || !err->msg[0])
        BUG("failed without an error message");
    if (!text_valid_utf8(err->msg, strlen(err->msg)) ||
        !text_valid_utf8(err->field, strlen(err->field)))
        BUG("error message or field is not valid UTF-8");
}

/* Dumps j and checks that the text parses back; aborts when it does not. */
static void
check_output(json_t *j)
{
    char *text = json_dumps(j, JSON_COMPACT);
    if (!text)
        BUG("json_dumps failed on our own output");
    json_error_t jerr;
    json_t *back = json_loads(text, 0, &jerr);
    if (!back)
        BUG("our own output does not parse");
    json_decref(back);
    free(text);
    json_decref(j);
}

static void
run_org(const json_t *j, bool require_all)
{
    struct org o;
    struct err err = ERR_INIT;
    org_init(&o);
    if (org_from_json(j, &o, require_all, &err) == 0) {
        if (org_validate(&o, &err))
            check_err(&err);
    } else {
        check_err(&err);
    }
    check_output(written_org(&o));
    org_release(&o);
}

static void
run_contact(const json_t *j, bool require_all)
{
    struct contact c;
    struct err err = ERR_INIT;
    contact_init(&c);
    if (contact_from_json(j, &c, require_all, &err) == 0) {
        if (contact_validate(&c, "2026-11-22", &err))
            check_err(&err);
    } else {
        check_err(&err);
    }
    check_output(written_contact(&c));
    contact_release(&c);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct err err = ERR_INIT;
    json_t *j = json_body_parse((const char *)data, size, &err);
    if (!j) {
        check_err(&err);
        return 0;
    }
    run_org(j, true);
    run_org(j, false);
    run_contact(j, true);
    run_contact(j, false);
    json_decref(j);
    return 0;
}
