/*
 * Request parameters: application/x-www-form-urlencoded (query strings
 * and form bodies) and multipart/form-data (file uploads) decoded into a
 * list of name/value pairs. Parsers take untrusted bytes and cap what
 * they accept; they are fuzzed (tests/fuzz/fuzz_form.c).
 */
#ifndef CD_FORM_H
#define CD_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

#define FORM_MAX_FIELDS 1000

struct form_field {
    char *name;
    char *value; /* NUL-terminated; may hold NUL bytes for files */
    size_t value_len;
    char *filename; /* multipart file parts only, else NULL */
};

struct form {
    struct form_field *fields;
    size_t n;
    size_t alloc;
};

void form_init(struct form *f);
void form_release(struct form *f);
void form_add(struct form *f, const char *name, size_t name_len,
              const char *value, size_t value_len);

/*
 * Decodes "a=1&b=%C3%A4+x" (len bytes) and appends the pairs. Returns 0, or
 * -1 with ERR_BAD_REQUEST on a broken %-escape, invalid UTF-8 or more than
 * FORM_MAX_FIELDS fields.
 */
int form_parse_urlencoded(struct form *f, const char *s, size_t len,
                          struct err *err);

/*
 * Decodes a multipart/form-data body with the given boundary (from the
 * Content-Type header; form_boundary() extracts it). Text parts must be
 * valid UTF-8; file parts are kept as bytes.
 */
int form_parse_multipart(struct form *f, const char *body, size_t len,
                         const char *boundary, struct err *err);
/* Copies the boundary parameter of a Content-Type value into out. */
int form_boundary(const char *content_type, char *out, size_t size);

/* The first value of name, or NULL. Borrowed: lives as long as f. */
const char *form_get(const struct form *f, const char *name);
/* The first field of name, or NULL. */
const struct form_field *form_field(const struct form *f, const char *name);
/* True when name is present with a non-empty value other than "0". */
bool form_flag(const struct form *f, const char *name);

#endif
