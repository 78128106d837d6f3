/*
 * Rules of form decoding (src/web/form.c): urlencoded query strings and
 * bodies, multipart uploads and the boundary of a Content-Type. Parsers
 * take untrusted bytes: broken escapes and invalid UTF-8 in text are
 * refused with ERR_BAD_REQUEST, file bytes are kept as they are.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "web/form.h"

static int
parse(struct form *f, const char *s, struct err *err)
{
    return form_parse_urlencoded(f, s, strlen(s), err);
}

static void
assert_urlencoded_refused(const char *s)
{
    struct form f;
    form_init(&f);
    struct err e = ERR_INIT;
    assert_int_equal(parse(&f, s, &e), -1);
    assert_int_equal(e.code, ERR_BAD_REQUEST);
    assert_true(strlen(e.msg) > 0);
    form_release(&f);
}

/* ---- urlencoded ---- */

static void
test_form__urlencoded_reads_pairs_in_order(void **state)
{
    (void)state;
    struct form f;
    form_init(&f);
    struct err e = ERR_INIT;
    assert_int_equal(parse(&f, "name=Acme&city=Lviv&kind=sme", &e), 0);
    assert_int_equal(f.n, 3);
    assert_string_equal(f.fields[0].name, "name");
    assert_string_equal(f.fields[0].value, "Acme");
    assert_int_equal(f.fields[0].value_len, 4);
    assert_null(f.fields[0].filename);
    assert_string_equal(f.fields[1].name, "city");
    assert_string_equal(f.fields[2].value, "sme");
    assert_int_equal(e.code, ERR_NONE);
    form_release(&f);
    assert_int_equal(f.n, 0);
}

static void
test_form__urlencoded_decodes_plus_and_percent(void **state)
{
    (void)state;
    struct form f;
    form_init(&f);
    struct err e = ERR_INIT;
    assert_int_equal(parse(&f, "q=Acme+GmbH+%26+Co&a%3Db=1%2B1%3d2", &e), 0);
    assert_int_equal(f.n, 2);
    assert_string_equal(form_get(&f, "q"), "Acme GmbH & Co");
    assert_string_equal(form_get(&f, "a=b"), "1+1=2");
    form_release(&f);
}

static void
test_form__urlencoded_decodes_cyrillic(void **state)
{
    (void)state;
    struct form f;
    form_init(&f);
    struct err e = ERR_INIT;
    assert_int_equal(parse(&f, "city=%D0%9A%D0%B8%D1%97%D0%B2&raw=Київ", &e), 0);
    assert_string_equal(form_get(&f, "city"), "Київ");
    assert_string_equal(form_get(&f, "raw"), "Київ");
    form_release(&f);
}

static void
test_form__urlencoded_refuses_broken_escapes(void **state)
{
    (void)state;
    assert_urlencoded_refused("a=%4");
    assert_urlencoded_refused("a=%zz");
    assert_urlencoded_refused("a=%");
    assert_urlencoded_refused("a=%4g&b=1");
    assert_urlencoded_refused("%zz=1");
    assert_urlencoded_refused("a=1&b=%");
}

static void
test_form__urlencoded_accepts_escape_at_the_very_end(void **state)
{
    (void)state;
    struct form f;
    form_init(&f);
    struct err e = ERR_INIT;
    assert_int_equal(parse(&f, "a=%41", &e), 0);
    assert_string_equal(form_get(&f, "a"), "A");
    form_release(&f);
}

static void
test_form__urlencoded_refuses_invalid_utf8(void **state)
{
    (void)state;
    assert_urlencoded_refused("a=%FF");
    assert_urlencoded_refused("a=%C0%AF");      /* overlong '/' */
    assert_urlencoded_refused("a=%ED%A0%80");   /* surrogate */
    assert_urlencoded_refused("a=%D0");         /* half a letter */
    assert_urlencoded_refused("a=%00");         /* NUL */
    assert_urlencoded_refused("a%FF=1");        /* in the name too */
    assert_urlencoded_refused("a=\xFF");        /* raw, not escaped */
}

static void
test_form__urlencoded_skips_empty_pairs(void **state)
{
    (void)state;
    struct form f;
    form_init(&f);
    struct err e = ERR_INIT;
    assert_int_equal(parse(&f, "&&a=1&&b=2&", &e), 0);
    assert_int_equal(f.n, 2);
    assert_string_equal(f.fields[0].name, "a");
    assert_string_equal(f.fields[1].name, "b");
    form_release(&f);

    form_init(&f);
    assert_int_equal(parse(&f, "", &e), 0);
    assert_int_equal(f.n, 0);
    form_release(&f);
}

static void
test_form__urlencoded_key_without_equals_has_empty_value(void **state)
{
    (void)state;
    struct form f;
    form_init(&f);
    struct err e = ERR_INIT;
    assert_int_equal(parse(&f, "archived&q=x&empty=", &e), 0);
    assert_int_equal(f.n, 3);
    assert_string_equal(f.fields[0].name, "archived");
    assert_string_equal(f.fields[0].value, "");
    assert_int_equal(f.fields[0].value_len, 0);
    assert_string_equal(form_get(&f, "empty"), "");
    form_release(&f);
}

static void
test_form__urlencoded_keeps_equals_in_value(void **state)
{
    (void)state;
    struct form f;
    form_init(&f);
    struct err e = ERR_INIT;
    assert_int_equal(parse(&f, "a=b=c", &e), 0);
    assert_string_equal(form_get(&f, "a"), "b=c");
    form_release(&f);
}

static void
test_form__urlencoded_reads_only_len_bytes(void **state)
{
    (void)state;
    struct form f;
    form_init(&f);
    struct err e = ERR_INIT;
    const char *s = "a=1&b=2";
    assert_int_equal(form_parse_urlencoded(&f, s, 3, &e), 0);
    assert_int_equal(f.n, 1);
    assert_string_equal(form_get(&f, "a"), "1");
    assert_null(form_get(&f, "b"));
    form_release(&f);
}

static void
test_form__urlencoded_caps_fields_at_1000(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    for (int i = 0; i < FORM_MAX_FIELDS; i++)
        buf_addf(&b, "f%d=1&", i);
    struct form f;
    form_init(&f);
    struct err e = ERR_INIT;
    assert_int_equal(form_parse_urlencoded(&f, b.s, b.len, &e), 0);
    assert_int_equal(f.n, FORM_MAX_FIELDS);
    form_release(&f);

    buf_adds(&b, "one=more");
    form_init(&f);
    assert_int_equal(form_parse_urlencoded(&f, b.s, b.len, &e), -1);
    assert_int_equal(e.code, ERR_BAD_REQUEST);
    form_release(&f);
    buf_release(&b);
}

static void
test_form__get_returns_first_value(void **state)
{
    (void)state;
    struct form f;
    form_init(&f);
    struct err e = ERR_INIT;
    assert_int_equal(parse(&f, "tag=a&tag=b&x=1", &e), 0);
    assert_string_equal(form_get(&f, "tag"), "a");
    assert_ptr_equal(form_field(&f, "tag"), &f.fields[0]);
    assert_null(form_get(&f, "missing"));
    assert_null(form_field(&f, "missing"));
    /* Names are compared exactly. */
    assert_null(form_get(&f, "TAG"));
    form_release(&f);
}

static void
test_form__flag_is_present_non_empty_and_not_zero(void **state)
{
    (void)state;
    struct form f;
    form_init(&f);
    struct err e = ERR_INIT;
    assert_int_equal(parse(&f, "on=1&yes=on&zero=0&empty=&bare", &e), 0);
    assert_true(form_flag(&f, "on"));
    assert_true(form_flag(&f, "yes"));
    assert_false(form_flag(&f, "zero"));
    assert_false(form_flag(&f, "empty"));
    assert_false(form_flag(&f, "bare"));
    assert_false(form_flag(&f, "absent"));
    form_release(&f);
}

static void
test_form__add_copies_and_keeps_nul_bytes(void **state)
{
    (void)state;
    struct form f;
    form_init(&f);
    form_add(&f, "bin", 3, "a\0b", 3);
    assert_int_equal(f.n, 1);
    assert_int_equal(f.fields[0].value_len, 3);
    assert_memory_equal(f.fields[0].value, "a\0b", 4);
    form_release(&f);
}

/* ---- multipart ---- */

#define B "----cdBoundary7MA4YWxk"

static int
multipart(struct form *f, const char *body, size_t len, struct err *err)
{
    return form_parse_multipart(f, body, len, B, err);
}

static void
test_form__multipart_reads_text_and_file_fields(void **state)
{
    (void)state;
    static const char body[] =
        "--" B "\r\n"
        "Content-Disposition: form-data; name=\"note\"\r\n"
        "\r\n"
        "Привіт, світ\r\n"
        "--" B "\r\n"
        "Content-Disposition: form-data; name=\"file\"; filename=\"orgs.csv\"\r\n"
        "Content-Type: text/csv\r\n"
        "\r\n"
        "name,city\r\nAcme,Lviv\r\n"
        "\r\n"
        "--" B "--\r\n";
    struct form f;
    form_init(&f);
    struct err e = ERR_INIT;
    assert_int_equal(multipart(&f, body, sizeof(body) - 1, &e), 0);
    assert_int_equal(f.n, 2);
    assert_string_equal(f.fields[0].name, "note");
    assert_string_equal(f.fields[0].value, "Привіт, світ");
    assert_null(f.fields[0].filename);
    const struct form_field *file = form_field(&f, "file");
    assert_non_null(file);
    assert_non_null(file->filename);
    assert_string_equal(file->filename, "orgs.csv");
    /* CRLF inside the file is kept, only the delimiter's CRLF goes. */
    assert_int_equal(file->value_len, strlen("name,city\r\nAcme,Lviv\r\n"));
    assert_memory_equal(file->value, "name,city\r\nAcme,Lviv\r\n",
                        file->value_len);
    form_release(&f);
}

static void
test_form__multipart_keeps_binary_file_bytes(void **state)
{
    (void)state;
    static const char body[] =
        "--" B "\r\n"
        "Content-Disposition: form-data; name=\"upload\"; filename=\"x.bin\"\r\n"
        "\r\n"
        "\xFF\x00\xC0\xAF\r\n--not-the-boundary\r\n"
        "\r\n"
        "--" B "--";
    struct form f;
    form_init(&f);
    struct err e = ERR_INIT;
    assert_int_equal(multipart(&f, body, sizeof(body) - 1, &e), 0);
    assert_int_equal(f.n, 1);
    const char expect[] = "\xFF\x00\xC0\xAF\r\n--not-the-boundary\r\n";
    assert_int_equal(f.fields[0].value_len, sizeof(expect) - 1);
    assert_memory_equal(f.fields[0].value, expect, sizeof(expect) - 1);
    form_release(&f);
}

static void
test_form__multipart_refuses_invalid_utf8_in_text_part(void **state)
{
    (void)state;
    static const char body[] =
        "--" B "\r\n"
        "Content-Disposition: form-data; name=\"note\"\r\n"
        "\r\n"
        "bad \xFF byte\r\n"
        "--" B "--\r\n";
    struct form f;
    form_init(&f);
    struct err e = ERR_INIT;
    assert_int_equal(multipart(&f, body, sizeof(body) - 1, &e), -1);
    assert_int_equal(e.code, ERR_BAD_REQUEST);
    form_release(&f);
}

static void
test_form__multipart_refuses_missing_closing_boundary(void **state)
{
    (void)state;
    static const char body[] =
        "--" B "\r\n"
        "Content-Disposition: form-data; name=\"note\"\r\n"
        "\r\n"
        "text without an end";
    struct form f;
    form_init(&f);
    struct err e = ERR_INIT;
    assert_int_equal(multipart(&f, body, sizeof(body) - 1, &e), -1);
    assert_int_equal(e.code, ERR_BAD_REQUEST);
    form_release(&f);

    /* A delimiter without the closing "--" is not the end either. */
    static const char body2[] =
        "--" B "\r\n"
        "Content-Disposition: form-data; name=\"note\"\r\n"
        "\r\n"
        "text\r\n"
        "--" B;
    form_init(&f);
    struct err e2 = ERR_INIT;
    assert_int_equal(multipart(&f, body2, sizeof(body2) - 1, &e2), -1);
    assert_int_equal(e2.code, ERR_BAD_REQUEST);
    form_release(&f);
}

static void
test_form__multipart_refuses_delimiter_not_followed_by_crlf(void **state)
{
    (void)state;
    /* "--B" followed by more characters is a different, longer boundary. */
    static const char body[] =
        "--" B "XX"
        "Content-Disposition: form-data; name=\"a\"\r\n"
        "\r\n"
        "v\r\n"
        "--" B "--\r\n";
    struct form f;
    form_init(&f);
    struct err e = ERR_INIT;
    assert_int_equal(multipart(&f, body, sizeof(body) - 1, &e), -1);
    assert_int_equal(e.code, ERR_BAD_REQUEST);
    form_release(&f);
}

static void
test_form__multipart_refuses_body_without_boundary(void **state)
{
    (void)state;
    static const char body[] = "just some text";
    struct form f;
    form_init(&f);
    struct err e = ERR_INIT;
    assert_int_equal(multipart(&f, body, sizeof(body) - 1, &e), -1);
    assert_int_equal(e.code, ERR_BAD_REQUEST);
    form_release(&f);
}

static void
test_form__multipart_refuses_part_without_name(void **state)
{
    (void)state;
    static const char body[] =
        "--" B "\r\n"
        "Content-Disposition: form-data; filename=\"a.csv\"\r\n"
        "\r\n"
        "x\r\n"
        "--" B "--\r\n";
    struct form f;
    form_init(&f);
    struct err e = ERR_INIT;
    assert_int_equal(multipart(&f, body, sizeof(body) - 1, &e), -1);
    form_release(&f);
}

static void
test_form__multipart_finds_name_after_filename(void **state)
{
    (void)state;
    static const char body[] =
        "--" B "\r\n"
        "content-disposition: form-data; filename=\"a.csv\"; name=\"f\"\r\n"
        "\r\n"
        "x\r\n"
        "--" B "--\r\n";
    struct form f;
    form_init(&f);
    struct err e = ERR_INIT;
    assert_int_equal(multipart(&f, body, sizeof(body) - 1, &e), 0);
    assert_int_equal(f.n, 1);
    assert_string_equal(f.fields[0].name, "f");
    assert_string_equal(f.fields[0].filename, "a.csv");
    assert_string_equal(f.fields[0].value, "x");
    form_release(&f);
}

static void
test_form__multipart_empty_form_is_just_the_closing_delimiter(void **state)
{
    (void)state;
    static const char body[] = "--" B "--\r\n";
    struct form f;
    form_init(&f);
    struct err e = ERR_INIT;
    assert_int_equal(multipart(&f, body, sizeof(body) - 1, &e), 0);
    assert_int_equal(f.n, 0);
    form_release(&f);
}

/* ---- boundary ---- */

static void
test_form__boundary_without_quotes(void **state)
{
    (void)state;
    char out[80];
    assert_int_equal(form_boundary("multipart/form-data; boundary=" B, out,
                                   sizeof(out)),
                     0);
    assert_string_equal(out, B);
    assert_int_equal(form_boundary("multipart/form-data; boundary=abc; charset=utf-8",
                                   out, sizeof(out)),
                     0);
    assert_string_equal(out, "abc");
}

static void
test_form__boundary_with_quotes(void **state)
{
    (void)state;
    char out[80];
    assert_int_equal(form_boundary("multipart/form-data; boundary=\"a b;c\"", out,
                                   sizeof(out)),
                     0);
    assert_string_equal(out, "a b;c");
}

static void
test_form__boundary_missing_empty_or_too_long_is_refused(void **state)
{
    (void)state;
    char out[80];
    assert_int_equal(form_boundary("multipart/form-data", out, sizeof(out)), -1);
    assert_int_equal(form_boundary("multipart/form-data; boundary=", out,
                                   sizeof(out)),
                     -1);
    assert_int_equal(form_boundary("multipart/form-data; boundary=\"\"", out,
                                   sizeof(out)),
                     -1);
    assert_int_equal(form_boundary("multipart/form-data; boundary=\"open", out,
                                   sizeof(out)),
                     -1);
    /* RFC 2046 allows 70 characters; 71 is refused. */
    char ct[200];
    char b70[71], b71[72];
    memset(b70, 'x', 70);
    b70[70] = '\0';
    memset(b71, 'x', 71);
    b71[71] = '\0';
    snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%s", b70);
    assert_int_equal(form_boundary(ct, out, sizeof(out)), 0);
    assert_string_equal(out, b70);
    snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%s", b71);
    assert_int_equal(form_boundary(ct, out, sizeof(out)), -1);
    /* The output buffer bounds it too. */
    char small[4];
    assert_int_equal(form_boundary("multipart/form-data; boundary=abcd", small,
                                   sizeof(small)),
                     -1);
    assert_int_equal(form_boundary("multipart/form-data; boundary=abc", small,
                                   sizeof(small)),
                     0);
    assert_string_equal(small, "abc");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_form__urlencoded_reads_pairs_in_order),
        cmocka_unit_test(test_form__urlencoded_decodes_plus_and_percent),
        cmocka_unit_test(test_form__urlencoded_decodes_cyrillic),
        cmocka_unit_test(test_form__urlencoded_refuses_broken_escapes),
        cmocka_unit_test(test_form__urlencoded_accepts_escape_at_the_very_end),
        cmocka_unit_test(test_form__urlencoded_refuses_invalid_utf8),
        cmocka_unit_test(test_form__urlencoded_skips_empty_pairs),
        cmocka_unit_test(test_form__urlencoded_key_without_equals_has_empty_value),
        cmocka_unit_test(test_form__urlencoded_keeps_equals_in_value),
        cmocka_unit_test(test_form__urlencoded_reads_only_len_bytes),
        cmocka_unit_test(test_form__urlencoded_caps_fields_at_1000),
        cmocka_unit_test(test_form__get_returns_first_value),
        cmocka_unit_test(test_form__flag_is_present_non_empty_and_not_zero),
        cmocka_unit_test(test_form__add_copies_and_keeps_nul_bytes),
        cmocka_unit_test(test_form__multipart_reads_text_and_file_fields),
        cmocka_unit_test(test_form__multipart_keeps_binary_file_bytes),
        cmocka_unit_test(test_form__multipart_refuses_invalid_utf8_in_text_part),
        cmocka_unit_test(test_form__multipart_refuses_missing_closing_boundary),
        cmocka_unit_test(test_form__multipart_refuses_delimiter_not_followed_by_crlf),
        cmocka_unit_test(test_form__multipart_refuses_body_without_boundary),
        cmocka_unit_test(test_form__multipart_refuses_part_without_name),
        cmocka_unit_test(test_form__multipart_finds_name_after_filename),
        cmocka_unit_test(test_form__multipart_empty_form_is_just_the_closing_delimiter),
        cmocka_unit_test(test_form__boundary_without_quotes),
        cmocka_unit_test(test_form__boundary_with_quotes),
        cmocka_unit_test(test_form__boundary_missing_empty_or_too_long_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
