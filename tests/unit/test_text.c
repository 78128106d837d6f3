/*
 * Rules of UTF-8 text (src/base/text.c): strict validity, case folding
 * for the languages our users write (Ukrainian, Swedish, German, Polish),
 * ASCII slugs, e-mail shape and trimming.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/text.h"

static bool
valid(const char *s)
{
    return text_valid_utf8(s, strlen(s));
}

/* The folded form of s, owned by the caller. */
static char *
fold(const char *s)
{
    struct buf b = BUF_INIT;
    text_fold(&b, s, strlen(s));
    return buf_detach(&b, NULL);
}

static void
assert_folds_to(const char *s, const char *expect)
{
    char *f = fold(s);
    assert_string_equal(f, expect);
    free(f);
}

static void
assert_fold_equal(const char *a, const char *b)
{
    char *fa = fold(a), *fb = fold(b);
    assert_string_equal(fa, fb);
    free(fa);
    free(fb);
}

static char *
slug(const char *s, bool *ok)
{
    struct buf b = BUF_INIT;
    *ok = text_slug(&b, s);
    return buf_detach(&b, NULL);
}

/* ---- validity ---- */

static void
test_text__valid_utf8_accepts_our_languages(void **state)
{
    (void)state;
    assert_true(valid(""));
    assert_true(valid("ACME GmbH"));
    assert_true(valid("Київ, Ґанок, Їжак, Єва"));
    assert_true(valid("Łódź, Świętokrzyskie, Żywiec"));
    assert_true(valid("Malmö, Åre, Växjö"));
    assert_true(valid("Düsseldorf Straße"));
    assert_true(valid("line one\nline two\r\n\ttab"));
    assert_true(valid("\xE2\x82\xAC"));         /* € */
    assert_true(valid("\xF0\x9F\x98\x80"));     /* 😀, four bytes */
    assert_true(valid("\xEF\xBF\xBD"));         /* U+FFFD */
    assert_true(valid("\xF4\x8F\xBF\xBF"));     /* U+10FFFF, the last */
    assert_true(valid("\xED\x9F\xBF"));         /* U+D7FF, before surrogates */
    assert_true(valid("\xEE\x80\x80"));         /* U+E000, after them */
}

static void
test_text__valid_utf8_rejects_overlong_forms(void **state)
{
    (void)state;
    assert_false(valid("\xC0\xAF"));             /* '/' in two bytes */
    assert_false(valid("\xC1\xBF"));
    assert_false(valid("\xE0\x80\xAF"));         /* '/' in three */
    assert_false(valid("\xE0\x9F\xBF"));         /* U+07FF in three */
    assert_false(valid("\xF0\x80\x80\xAF"));     /* '/' in four */
    assert_false(valid("\xF0\x8F\xBF\xBF"));     /* U+FFFF in four */
    /* An overlong NUL, the classic C0 80. */
    assert_false(text_valid_utf8("\xC0\x80", 2));
}

static void
test_text__valid_utf8_rejects_surrogates_and_beyond_unicode(void **state)
{
    (void)state;
    assert_false(valid("\xED\xA0\x80")); /* U+D800 */
    assert_false(valid("\xED\xBF\xBF")); /* U+DFFF */
    assert_false(valid("\xF4\x90\x80\x80")); /* U+110000 */
    assert_false(valid("\xF5\x80\x80\x80"));
    assert_false(valid("\xF8\x88\x80\x80\x80")); /* five-byte form */
    assert_false(valid("\xFE"));
    assert_false(valid("\xFF"));
}

static void
test_text__valid_utf8_rejects_broken_sequences(void **state)
{
    (void)state;
    assert_false(valid("\x80"));            /* lone continuation */
    assert_false(valid("abc\xBF"));
    assert_false(valid("\xD0"));            /* truncated two-byte */
    assert_false(valid("\xD0\x41"));        /* continuation missing */
    assert_false(valid("\xE2\x82"));        /* truncated three-byte */
    assert_false(valid("\xF0\x9F\x98"));    /* truncated four-byte */
    assert_false(valid("\xC3\xA4\xC3"));    /* ä then half of another */
    /* The length bounds the input: a character cut by len is broken. */
    assert_false(text_valid_utf8("\xD0\x9A", 1));
    assert_true(text_valid_utf8("\xD0\x9A", 2));
}

static void
test_text__valid_utf8_rejects_nul_and_controls(void **state)
{
    (void)state;
    assert_false(text_valid_utf8("a\0b", 3));
    assert_false(text_valid_utf8("\0", 1));
    assert_false(valid("bell\a"));
    assert_false(valid("esc\x1B[0m"));
    assert_false(valid("\x01"));
    assert_false(valid("\x1F"));
    assert_false(valid("del\x7F"));
    assert_false(valid("form\ffeed"));
    assert_false(valid("vertical\vtab"));
    assert_true(valid("\t\n\r"));
}

static void
test_text__utf8_len_counts_characters_not_bytes(void **state)
{
    (void)state;
    assert_int_equal(text_utf8_len("", 0), 0);
    assert_int_equal(text_utf8_len("abc", 3), 3);
    assert_int_equal(text_utf8_len("Київ", strlen("Київ")), 4);
    assert_int_equal(strlen("Київ"), 8);
    assert_int_equal(text_utf8_len("Malmö", strlen("Malmö")), 5);
    assert_int_equal(text_utf8_len("€😀", strlen("€😀")), 2);
}

/* ---- trimming ---- */

static void
test_text__trim_removes_ascii_space_at_both_ends(void **state)
{
    (void)state;
    size_t len;
    const char *s = "  \t\r\n Acme GmbH \n\t ";
    const char *t = text_trim(s, strlen(s), &len);
    assert_int_equal(len, 9);
    assert_memory_equal(t, "Acme GmbH", 9);

    t = text_trim("   ", 3, &len);
    assert_int_equal(len, 0);

    t = text_trim("", 0, &len);
    assert_int_equal(len, 0);

    s = "x";
    t = text_trim(s, 1, &len);
    assert_ptr_equal(t, s);
    assert_int_equal(len, 1);

    /* Inner space stays; the length given bounds the input. */
    s = " a  b  tail";
    t = text_trim(s, 6, &len);
    assert_int_equal(len, 4);
    assert_memory_equal(t, "a  b", 4);
}

static void
test_text__trim_keeps_non_ascii_letters_intact(void **state)
{
    (void)state;
    size_t len;
    const char *s = " Київ ";
    const char *t = text_trim(s, strlen(s), &len);
    assert_int_equal(len, strlen("Київ"));
    assert_memory_equal(t, "Київ", len);
}

/* ---- folding ---- */

static void
test_text__fold_ignores_case_and_runs_of_space(void **state)
{
    (void)state;
    assert_folds_to("ACME  GmbH", "acme gmbh");
    assert_fold_equal("ACME  GmbH", "acme gmbh");
    assert_folds_to("  Acme\t\nGmbH  ", "acme gmbh");
    assert_folds_to("", "");
    assert_folds_to("   ", "");
    assert_folds_to("...", "");
}

static void
test_text__fold_treats_punctuation_as_space(void **state)
{
    (void)state;
    assert_folds_to("Acme, GmbH.", "acme gmbh");
    assert_folds_to("IT-Cluster", "it cluster");
    assert_fold_equal("Acme-GmbH", "acme gmbh");
    assert_folds_to("«Київ»", "київ");
    assert_folds_to("\"Acme\"", "acme");
    /* Digits are kept as they are. */
    assert_folds_to("Lab 42", "lab 42");
}

static void
test_text__fold_lowers_cyrillic(void **state)
{
    (void)state;
    assert_folds_to("КИЇВ", "київ");
    assert_fold_equal("КИЇВ", "Київ");
    assert_folds_to("АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ",
                    "абвгдежзийклмнопрстуфхцчшщъыьэюя");
    assert_folds_to("ЁЂЃЄЅІЇЈЉЊЋЌЍЎЏ", "ёђѓєѕіїјљњћќѝўџ");
}

static void
test_text__fold_lowers_ukrainian_specials(void **state)
{
    (void)state;
    assert_folds_to("Ґ", "ґ");
    assert_folds_to("Є", "є");
    assert_folds_to("І", "і");
    assert_folds_to("Ї", "ї");
    assert_folds_to("ҐЄІЇ", "ґєії");
    /* Lower case stays lower case. */
    assert_folds_to("ґєії", "ґєії");
}

static void
test_text__fold_lowers_polish(void **state)
{
    (void)state;
    assert_folds_to("Ł", "ł");
    assert_folds_to("Ś", "ś");
    assert_folds_to("Ż", "ż");
    assert_folds_to("ŁÓDŹ", "łódź");
    assert_folds_to("ĄĆĘŃŚŹŻ", "ąćęńśźż");
    assert_fold_equal("ŚWIĘTOKRZYSKIE", "świętokrzyskie");
}

static void
test_text__fold_lowers_swedish(void **state)
{
    (void)state;
    assert_folds_to("Å", "å");
    assert_folds_to("Ä", "ä");
    assert_folds_to("Ö", "ö");
    assert_folds_to("VÄXJÖ ÅRE", "växjö åre");
}

static void
test_text__fold_lowers_german_and_keeps_sharp_s(void **state)
{
    (void)state;
    assert_folds_to("Ü", "ü");
    assert_folds_to("DÜSSELDORF", "düsseldorf");
    assert_folds_to("ß", "ß");
    assert_folds_to("Straße", "straße");
    /* The multiplication sign is not a letter to lower. */
    assert_folds_to("×", "×");
}

static void
test_text__fold_treats_apostrophes_alike(void **state)
{
    (void)state;
    /* Ukrainian names are typed with ', ’ (U+2019) or ʼ (U+02BC). */
    assert_fold_equal("Прем’єр", "Прем'єр");
    assert_fold_equal("Прем\xCA\xBC" "єр", "Прем'єр");
    assert_fold_equal("O’Neil", "o'neil");
}

static void
test_text__fold_appends_to_existing_text(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    buf_adds(&b, "key:");
    text_fold(&b, " Acme ", 6);
    assert_string_equal(b.s, "key:acme");
    buf_release(&b);
}

static void
test_text__fold_skips_broken_bytes(void **state)
{
    (void)state;
    char *f = fold("AB\xFF" "CD");
    assert_string_equal(f, "abcd");
    assert_true(valid(f));
    free(f);
}

/* ---- slugs ---- */

static void
test_text__slug_lowers_and_joins_words_with_dashes(void **state)
{
    (void)state;
    bool ok = false;
    char *s = slug("Alpha Cluster", &ok);
    assert_true(ok);
    assert_string_equal(s, "alpha-cluster");
    free(s);

    s = slug("  --Kharkiv IT-Cluster!! ", &ok);
    assert_true(ok);
    assert_string_equal(s, "kharkiv-it-cluster");
    free(s);

    s = slug("Cluster 2030", &ok);
    assert_true(ok);
    assert_string_equal(s, "cluster-2030");
    free(s);
}

static void
test_text__slug_drops_non_ascii(void **state)
{
    (void)state;
    bool ok = false;
    char *s = slug("Lviv Київ IT", &ok);
    assert_true(ok);
    assert_string_equal(s, "lviv-it");
    free(s);

    s = slug("Malmö", &ok);
    assert_true(ok);
    assert_string_equal(s, "malm");
    free(s);
}

static void
test_text__slug_of_pure_cyrillic_is_false_and_empty(void **state)
{
    (void)state;
    bool ok = true;
    char *s = slug("Київ", &ok);
    assert_false(ok);
    assert_string_equal(s, "");
    free(s);

    s = slug(" — !! ", &ok);
    assert_false(ok);
    assert_string_equal(s, "");
    free(s);

    s = slug("", &ok);
    assert_false(ok);
    free(s);
}

static void
test_text__slug_appends_without_leading_dash(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    buf_adds(&b, "x/");
    assert_true(text_slug(&b, "--Abc--"));
    assert_string_equal(b.s, "x/abc");
    /* When nothing is added, the buffer is left as it was. */
    assert_false(text_slug(&b, "Київ"));
    assert_string_equal(b.s, "x/abc");
    buf_release(&b);
}

/* ---- e-mail ---- */

static void
test_text__is_email_accepts_usual_addresses(void **state)
{
    (void)state;
    assert_true(text_is_email("anna@example.com"));
    assert_true(text_is_email("a.b+tag@sub.example.co.uk"));
    assert_true(text_is_email("x@y.ua"));
}

static void
test_text__is_email_rejects_malformed(void **state)
{
    (void)state;
    assert_false(text_is_email(""));
    assert_false(text_is_email("anna"));
    assert_false(text_is_email("anna@"));
    assert_false(text_is_email("@example.com"));
    assert_false(text_is_email("anna@example"));
    assert_false(text_is_email("anna@.com"));
    assert_false(text_is_email("anna@example."));
    assert_false(text_is_email("anna@@example.com"));
    assert_false(text_is_email("a@b@example.com"));
    assert_false(text_is_email("anna smith@example.com"));
    assert_false(text_is_email("anna@example.com "));
    assert_false(text_is_email("anna\t@example.com"));
    assert_false(text_is_email("<anna@example.com>"));
    assert_false(text_is_email("anna@example.com,bob@example.com"));
    assert_false(text_is_email("anna@example.com;"));
    assert_false(text_is_email("\"anna\"@example.com"));
}

static void
test_text__is_email_is_at_most_254_bytes(void **state)
{
    (void)state;
    char addr[300];
    /* local part of 64 then a domain padded to total exactly 254 */
    memset(addr, 'a', sizeof(addr));
    addr[64] = '@';
    memcpy(addr + 250, ".com", 4);
    addr[254] = '\0';
    assert_int_equal(strlen(addr), 254);
    assert_true(text_is_email(addr));
    addr[250] = 'a';
    memcpy(addr + 251, ".com", 4);
    addr[255] = '\0';
    assert_int_equal(strlen(addr), 255);
    assert_false(text_is_email(addr));
}

static void
test_text__ieq_ignores_ascii_case_only(void **state)
{
    (void)state;
    assert_true(text_ieq("SME", "sme"));
    assert_true(text_ieq("Research Centre", "research centre"));
    assert_false(text_ieq("sme", "smee"));
    assert_false(text_ieq("sm", "sme"));
    assert_true(text_ieq("", ""));
    assert_false(text_ieq("Ї", "ї"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text__valid_utf8_accepts_our_languages),
        cmocka_unit_test(test_text__valid_utf8_rejects_overlong_forms),
        cmocka_unit_test(test_text__valid_utf8_rejects_surrogates_and_beyond_unicode),
        cmocka_unit_test(test_text__valid_utf8_rejects_broken_sequences),
        cmocka_unit_test(test_text__valid_utf8_rejects_nul_and_controls),
        cmocka_unit_test(test_text__utf8_len_counts_characters_not_bytes),
        cmocka_unit_test(test_text__trim_removes_ascii_space_at_both_ends),
        cmocka_unit_test(test_text__trim_keeps_non_ascii_letters_intact),
        cmocka_unit_test(test_text__fold_ignores_case_and_runs_of_space),
        cmocka_unit_test(test_text__fold_treats_punctuation_as_space),
        cmocka_unit_test(test_text__fold_lowers_cyrillic),
        cmocka_unit_test(test_text__fold_lowers_ukrainian_specials),
        cmocka_unit_test(test_text__fold_lowers_polish),
        cmocka_unit_test(test_text__fold_lowers_swedish),
        cmocka_unit_test(test_text__fold_lowers_german_and_keeps_sharp_s),
        cmocka_unit_test(test_text__fold_treats_apostrophes_alike),
        cmocka_unit_test(test_text__fold_appends_to_existing_text),
        cmocka_unit_test(test_text__fold_skips_broken_bytes),
        cmocka_unit_test(test_text__slug_lowers_and_joins_words_with_dashes),
        cmocka_unit_test(test_text__slug_drops_non_ascii),
        cmocka_unit_test(test_text__slug_of_pure_cyrillic_is_false_and_empty),
        cmocka_unit_test(test_text__slug_appends_without_leading_dash),
        cmocka_unit_test(test_text__is_email_accepts_usual_addresses),
        cmocka_unit_test(test_text__is_email_rejects_malformed),
        cmocka_unit_test(test_text__is_email_is_at_most_254_bytes),
        cmocka_unit_test(test_text__ieq_ignores_ascii_case_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
