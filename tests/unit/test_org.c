/*
 * Rules of the member registry (src/core/org.c): what a valid
 * organisation and contact are, how fields are normalised, the kinds and
 * their names, tags, and the key under which two names are the same.
 * "today" is always passed in.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "core/org.h"

#define TODAY "2026-03-31"

/* A string of n copies of the UTF-8 character ch, owned by the caller. */
static char *
repeat(const char *ch, size_t n)
{
    struct buf b = BUF_INIT;
    for (size_t i = 0; i < n; i++)
        buf_adds(&b, ch);
    return buf_detach(&b, NULL);
}

static void
org_named(struct org *o, const char *name)
{
    org_init(o);
    org_set_str(&o->name, name);
}

/* Validates o and checks it fails on field with ERR_INVALID. */
static void
assert_org_invalid(struct org *o, const char *field)
{
    struct err e = ERR_INIT;
    assert_int_equal(org_validate(o, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, field);
    assert_true(strlen(e.msg) > 0);
}

static void
assert_org_valid(struct org *o)
{
    struct err e = ERR_INIT;
    int rc = org_validate(o, &e);
    if (rc)
        fail_msg("unexpected error on %s: %s", e.field, e.msg);
    assert_int_equal(e.code, ERR_NONE);
}

/* Sets one text field of a fresh valid organisation and validates. */
static void
assert_field_invalid(size_t offset, const char *value, const char *field)
{
    struct org o;
    org_named(&o, "Acme");
    org_set_str((char **)((char *)&o + offset), value);
    assert_org_invalid(&o, field);
    org_release(&o);
}

static void
assert_field_valid(size_t offset, const char *value)
{
    struct org o;
    org_named(&o, "Acme");
    org_set_str((char **)((char *)&o + offset), value);
    assert_org_valid(&o);
    org_release(&o);
}

/* ---- kinds ---- */

static void
test_org__kind_parses_by_name_and_label_any_case(void **state)
{
    (void)state;
    enum org_kind k = ORG_KIND__COUNT;
    assert_int_equal(org_kind_parse("sme", &k), 0);
    assert_int_equal(k, ORG_KIND_SME);
    assert_int_equal(org_kind_parse("SME", &k), 0);
    assert_int_equal(k, ORG_KIND_SME);
    assert_int_equal(org_kind_parse("LARGE", &k), 0);
    assert_int_equal(k, ORG_KIND_LARGE);
    assert_int_equal(org_kind_parse("large enterprise", &k), 0);
    assert_int_equal(k, ORG_KIND_LARGE);
    assert_int_equal(org_kind_parse("Research centre", &k), 0);
    assert_int_equal(k, ORG_KIND_RESEARCH);
    assert_int_equal(org_kind_parse("RESEARCH CENTRE", &k), 0);
    assert_int_equal(k, ORG_KIND_RESEARCH);
    assert_int_equal(org_kind_parse("Start-up", &k), 0);
    assert_int_equal(k, ORG_KIND_STARTUP);
    assert_int_equal(org_kind_parse("startup", &k), 0);
    assert_int_equal(k, ORG_KIND_STARTUP);
    assert_int_equal(org_kind_parse("public BODY", &k), 0);
    assert_int_equal(k, ORG_KIND_PUBLIC);
}

static void
test_org__every_kind_round_trips_through_name_and_label(void **state)
{
    (void)state;
    for (int i = 0; i < ORG_KIND__COUNT; i++) {
        enum org_kind k = ORG_KIND__COUNT;
        assert_int_equal(org_kind_parse(org_kind_name((enum org_kind)i), &k), 0);
        assert_int_equal(k, i);
        k = ORG_KIND__COUNT;
        assert_int_equal(org_kind_parse(org_kind_label((enum org_kind)i), &k), 0);
        assert_int_equal(k, i);
    }
    assert_string_equal(org_kind_name(ORG_KIND_UNIVERSITY), "university");
    assert_string_equal(org_kind_label(ORG_KIND_MICRO), "Micro enterprise");
    assert_string_equal(org_kind_name(ORG_KIND__COUNT), "other");
}

static void
test_org__unknown_kind_is_rejected(void **state)
{
    (void)state;
    enum org_kind k = ORG_KIND_LARGE;
    assert_int_equal(org_kind_parse("big", &k), -1);
    assert_int_equal(org_kind_parse("", &k), -1);
    assert_int_equal(org_kind_parse("sme ", &k), -1);
    assert_int_equal(org_kind_parse("smes", &k), -1);
    assert_int_equal(k, ORG_KIND_LARGE); /* untouched */
}

static void
test_org__sme_kinds_are_sme_micro_and_startup(void **state)
{
    (void)state;
    assert_true(org_kind_is_sme(ORG_KIND_SME));
    assert_true(org_kind_is_sme(ORG_KIND_MICRO));
    assert_true(org_kind_is_sme(ORG_KIND_STARTUP));
    assert_false(org_kind_is_sme(ORG_KIND_LARGE));
    assert_false(org_kind_is_sme(ORG_KIND_UNIVERSITY));
    assert_false(org_kind_is_sme(ORG_KIND_RESEARCH));
    assert_false(org_kind_is_sme(ORG_KIND_PUBLIC));
    assert_false(org_kind_is_sme(ORG_KIND_ASSOCIATION));
    assert_false(org_kind_is_sme(ORG_KIND_OTHER));
    assert_false(org_kind_is_sme(ORG_KIND__COUNT));
}

static void
test_org__kind_out_of_range_is_invalid(void **state)
{
    (void)state;
    struct org o;
    org_named(&o, "Acme");
    o.kind = ORG_KIND__COUNT;
    assert_org_invalid(&o, "kind");
    org_release(&o);
}

/* ---- organisation fields ---- */

static void
test_org__init_gives_empty_strings_and_unknowns(void **state)
{
    (void)state;
    struct org o;
    org_init(&o);
    assert_int_equal(o.id, 0);
    assert_string_equal(o.name, "");
    assert_string_equal(o.website, "");
    assert_string_equal(o.archived_at, "");
    assert_int_equal(o.kind, ORG_KIND_OTHER);
    assert_int_equal(o.employees, ORG_EMPLOYEES_UNKNOWN);
    assert_int_equal(o.ntags, 0);
    org_release(&o);
}

static void
test_org__name_is_required(void **state)
{
    (void)state;
    struct org o;
    org_named(&o, "");
    struct err e = ERR_INIT;
    assert_int_equal(org_validate(&o, &e), -1);
    assert_string_equal(e.field, "name");
    assert_string_equal(e.msg, "The name is required.");
    org_release(&o);
    org_named(&o, "  \t ");
    assert_org_invalid(&o, "name");
    org_release(&o);
}

static void
test_org__valid_organisation_passes_and_err_is_untouched(void **state)
{
    (void)state;
    struct org o;
    org_named(&o, "ТОВ «Київ Софт»");
    o.kind = ORG_KIND_SME;
    o.employees = 42;
    org_set_str(&o.nace, "62.01");
    org_set_str(&o.country, "UA");
    org_set_str(&o.city, "Київ");
    struct err e = ERR_INIT;
    assert_int_equal(org_validate(&o, &e), 0);
    assert_int_equal(e.code, ERR_NONE);
    assert_string_equal(e.field, "");
    assert_string_equal(e.msg, "");
    org_release(&o);
}

static void
test_org__validate_trims_every_field(void **state)
{
    (void)state;
    struct org o;
    org_named(&o, "  Acme GmbH \n");
    org_set_str(&o.region, " Skåne ");
    org_set_str(&o.city, "\tMalmö ");
    org_set_str(&o.registration_no, " 556000-1234 ");
    org_set_str(&o.notes, "  note  ");
    org_set_str(&o.nace, " 26 ");
    org_set_str(&o.country, " se ");
    org_set_str(&o.website, " example.se ");
    assert_org_valid(&o);
    assert_string_equal(o.name, "Acme GmbH");
    assert_string_equal(o.region, "Skåne");
    assert_string_equal(o.city, "Malmö");
    assert_string_equal(o.registration_no, "556000-1234");
    assert_string_equal(o.notes, "note");
    assert_string_equal(o.nace, "26");
    assert_string_equal(o.country, "SE");
    assert_string_equal(o.website, "https://example.se");
    org_release(&o);
}

static void
test_org__name_of_200_characters_is_the_limit(void **state)
{
    (void)state;
    char *ascii200 = repeat("a", 200), *ascii201 = repeat("a", 201);
    struct org o;
    org_named(&o, ascii200);
    assert_org_valid(&o);
    org_release(&o);
    org_named(&o, ascii201);
    assert_org_invalid(&o, "name");
    org_release(&o);
    free(ascii200);
    free(ascii201);
}

static void
test_org__name_length_counts_characters_not_bytes(void **state)
{
    (void)state;
    /* 200 Cyrillic letters are 400 bytes and still fit. */
    char *cyr200 = repeat("Ж", 200), *cyr201 = repeat("Ж", 201);
    struct org o;
    org_named(&o, cyr200);
    assert_org_valid(&o);
    org_release(&o);
    org_named(&o, cyr201);
    assert_org_invalid(&o, "name");
    org_release(&o);
    free(cyr200);
    free(cyr201);
}

static void
test_org__name_must_be_valid_text(void **state)
{
    (void)state;
    struct org o;
    org_named(&o, "Acme\xC0\xAF");
    assert_org_invalid(&o, "name");
    org_release(&o);
    org_named(&o, "Acme\x1B[31m");
    assert_org_invalid(&o, "name");
    org_release(&o);
}

static void
test_org__employees_from_0_to_10_million_or_unknown(void **state)
{
    (void)state;
    const int64_t ok[] = { ORG_EMPLOYEES_UNKNOWN, 0, 1, 250, 10000000 };
    const int64_t bad[] = { -2, -100, 10000001, INT64_MAX, INT64_MIN };
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        struct org o;
        org_named(&o, "Acme");
        o.employees = ok[i];
        assert_org_valid(&o);
        org_release(&o);
    }
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct org o;
        org_named(&o, "Acme");
        o.employees = bad[i];
        assert_org_invalid(&o, "employees");
        org_release(&o);
    }
}

static void
test_org__nace_accepts_all_four_levels(void **state)
{
    (void)state;
    const char *ok[] = { "C", "A", "U", "26", "01", "99", "26.1", "26.11" };
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        assert_true(org_nace_valid(ok[i]));
        assert_field_valid(offsetof(struct org, nace), ok[i]);
    }
    /* Not given is fine. */
    assert_field_valid(offsetof(struct org, nace), "");
}

static void
test_org__nace_rejects_malformed_codes(void **state)
{
    (void)state;
    const char *bad[] = { "00", "26.", "26.111", "V", "2a", "2", "262",
                          "26-1", "26.1a", ".1", "CC", "00.1", "Ж" };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_false(org_nace_valid(bad[i]));
        assert_field_invalid(offsetof(struct org, nace), bad[i], "nace");
    }
}

static void
test_org__nace_section_letter_is_upper_cased(void **state)
{
    (void)state;
    struct org o;
    org_named(&o, "Acme");
    org_set_str(&o.nace, "c");
    assert_org_valid(&o);
    assert_string_equal(o.nace, "C");
    org_release(&o);
}

static void
test_org__country_is_upper_cased_two_letters(void **state)
{
    (void)state;
    struct org o;
    org_named(&o, "Acme");
    org_set_str(&o.country, "ua");
    assert_org_valid(&o);
    assert_string_equal(o.country, "UA");
    org_release(&o);

    org_named(&o, "Acme");
    org_set_str(&o.country, "pL");
    assert_org_valid(&o);
    assert_string_equal(o.country, "PL");
    org_release(&o);

    assert_field_valid(offsetof(struct org, country), "");
}

static void
test_org__country_of_three_letters_is_rejected(void **state)
{
    (void)state;
    assert_field_invalid(offsetof(struct org, country), "UKR", "country");
    assert_field_invalid(offsetof(struct org, country), "U", "country");
    assert_field_invalid(offsetof(struct org, country), "U1", "country");
    assert_field_invalid(offsetof(struct org, country), "Ук", "country");
}

static void
test_org__website_gets_https_scheme(void **state)
{
    (void)state;
    struct org o;
    org_named(&o, "Acme");
    org_set_str(&o.website, "example.com");
    assert_org_valid(&o);
    assert_string_equal(o.website, "https://example.com");
    org_release(&o);

    org_named(&o, "Acme");
    org_set_str(&o.website, "www.example.com.ua/about?x=1");
    assert_org_valid(&o);
    assert_string_equal(o.website, "https://www.example.com.ua/about?x=1");
    org_release(&o);
}

static void
test_org__website_keeps_http_and_https(void **state)
{
    (void)state;
    struct org o;
    org_named(&o, "Acme");
    org_set_str(&o.website, "http://example.org/path");
    assert_org_valid(&o);
    assert_string_equal(o.website, "http://example.org/path");
    org_release(&o);

    org_named(&o, "Acme");
    org_set_str(&o.website, "https://example.se");
    assert_org_valid(&o);
    assert_string_equal(o.website, "https://example.se");
    org_release(&o);
}

static void
test_org__website_rejects_other_schemes_and_non_addresses(void **state)
{
    (void)state;
    const char *bad[] = { "ftp://x", "ftp://example.com", "not a site",
                          "https://", "https://localhost",
                          "javascript:alert(1)", "https://exa mple.com",
                          "https://example.com/\"onmouseover",
                          "example.com/<script>" };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_field_invalid(offsetof(struct org, website), bad[i], "website");
}

static void
test_org__website_keeps_the_typed_value_on_error(void **state)
{
    (void)state;
    struct org o;
    org_named(&o, "Acme");
    org_set_str(&o.website, "not a site");
    assert_org_invalid(&o, "website");
    assert_string_equal(o.website, "not a site");
    org_release(&o);
}

static void
test_org__website_is_at_most_300_bytes(void **state)
{
    (void)state;
    /* "https://example.com/" is 20 bytes. */
    char *path280 = repeat("a", 280), *path281 = repeat("a", 281);
    struct buf w = BUF_INIT;
    buf_addf(&w, "https://example.com/%s", path280);
    assert_int_equal(w.len, 300);
    assert_field_valid(offsetof(struct org, website), w.s);
    buf_reset(&w);
    buf_addf(&w, "https://example.com/%s", path281);
    assert_field_invalid(offsetof(struct org, website), w.s, "website");
    buf_release(&w);
    free(path280);
    free(path281);
}

static void
test_org__region_and_city_are_at_most_100_characters(void **state)
{
    (void)state;
    char *c100 = repeat("ї", 100), *c101 = repeat("ї", 101);
    assert_field_valid(offsetof(struct org, region), c100);
    assert_field_invalid(offsetof(struct org, region), c101, "region");
    assert_field_valid(offsetof(struct org, city), c100);
    assert_field_invalid(offsetof(struct org, city), c101, "city");
    free(c100);
    free(c101);
}

static void
test_org__registration_no_is_at_most_64_characters(void **state)
{
    (void)state;
    char *c64 = repeat("7", 64), *c65 = repeat("7", 65);
    assert_field_valid(offsetof(struct org, registration_no), c64);
    assert_field_invalid(offsetof(struct org, registration_no), c65,
                         "registration_no");
    free(c64);
    free(c65);
}

static void
test_org__notes_are_at_most_10000_characters(void **state)
{
    (void)state;
    char *c10000 = repeat("я", 10000), *c10001 = repeat("я", 10001);
    assert_field_valid(offsetof(struct org, notes), c10000);
    assert_field_invalid(offsetof(struct org, notes), c10001, "notes");
    free(c10000);
    free(c10001);
    /* Notes may span lines. */
    assert_field_valid(offsetof(struct org, notes), "line 1\r\nline 2\n\tend");
    assert_field_invalid(offsetof(struct org, notes), "bad\x01", "notes");
}

/* ---- tags ---- */

static void
assert_tags(const struct org *o, const char *joined)
{
    struct buf b = BUF_INIT;
    org_tags_join(o, &b);
    assert_string_equal(b.s, joined);
    buf_release(&b);
}

static void
test_org__tags_split_on_comma_and_semicolon_and_trim(void **state)
{
    (void)state;
    struct org o;
    org_named(&o, "Acme");
    struct err e = ERR_INIT;
    assert_int_equal(org_add_tags(&o, " energy ,IoT;  Штучний інтелект ;robotics",
                                  &e),
                     0);
    assert_int_equal(o.ntags, 4);
    assert_string_equal(o.tags[0], "energy");
    assert_string_equal(o.tags[1], "IoT");
    assert_string_equal(o.tags[2], "Штучний інтелект");
    assert_string_equal(o.tags[3], "robotics");
    assert_tags(&o, "energy, IoT, Штучний інтелект, robotics");
    assert_int_equal(e.code, ERR_NONE);
    org_release(&o);
}

static void
test_org__empty_tags_are_dropped(void **state)
{
    (void)state;
    struct org o;
    org_named(&o, "Acme");
    struct err e = ERR_INIT;
    assert_int_equal(org_add_tags(&o, "", &e), 0);
    assert_int_equal(org_add_tags(&o, " ,; ,,", &e), 0);
    assert_int_equal(o.ntags, 0);
    assert_int_equal(org_add_tags(&o, ",a,", &e), 0);
    assert_int_equal(o.ntags, 1);
    assert_string_equal(o.tags[0], "a");
    org_release(&o);
}

static void
test_org__duplicate_tags_by_folded_form_are_dropped(void **state)
{
    (void)state;
    struct org o;
    org_named(&o, "Acme");
    struct err e = ERR_INIT;
    assert_int_equal(org_add_tags(&o, "Energy, energy; ENERGY ,  energy  ", &e), 0);
    assert_int_equal(o.ntags, 1);
    assert_string_equal(o.tags[0], "Energy");
    /* Folding is Cyrillic-aware and collapses punctuation and space. */
    assert_int_equal(org_add_tags(&o, "ЕНЕРГЕТИКА, енергетика, Smart  City, smart-city",
                                  &e),
                     0);
    assert_int_equal(o.ntags, 3);
    assert_tags(&o, "Energy, ЕНЕРГЕТИКА, Smart  City");
    /* A later call is checked against the tags already there. */
    assert_int_equal(org_add_tags(&o, "energy", &e), 0);
    assert_int_equal(o.ntags, 3);
    org_release(&o);
}

static void
test_org__tag_of_51_characters_is_rejected(void **state)
{
    (void)state;
    char *t50 = repeat("ґ", 50), *t51 = repeat("x", 51);
    struct org o;
    org_named(&o, "Acme");
    struct err e = ERR_INIT;
    assert_int_equal(org_add_tags(&o, t50, &e), 0);
    assert_int_equal(o.ntags, 1);
    assert_int_equal(org_add_tags(&o, t51, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, "tags");
    org_release(&o);
    free(t50);
    free(t51);
}

static void
test_org__tag_with_invalid_utf8_is_rejected(void **state)
{
    (void)state;
    struct org o;
    org_named(&o, "Acme");
    struct err e = ERR_INIT;
    assert_int_equal(org_add_tags(&o, "ok, bad\xFF", &e), -1);
    assert_string_equal(e.field, "tags");
    org_release(&o);
}

static void
test_org__31_tags_are_rejected(void **state)
{
    (void)state;
    struct buf list = BUF_INIT;
    for (int i = 1; i <= 30; i++)
        buf_addf(&list, "tag%d,", i);
    struct org o;
    org_named(&o, "Acme");
    struct err e = ERR_INIT;
    assert_int_equal(org_add_tags(&o, list.s, &e), 0);
    assert_int_equal(o.ntags, ORG_MAX_TAGS);
    /* A duplicate of one already there does not count. */
    assert_int_equal(org_add_tags(&o, "TAG7", &e), 0);
    assert_int_equal(e.code, ERR_NONE);
    assert_int_equal(org_add_tags(&o, "tag31", &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, "tags");
    assert_int_equal(o.ntags, ORG_MAX_TAGS);
    org_release(&o);

    buf_addf(&list, "tag31");
    org_named(&o, "Acme");
    struct err e2 = ERR_INIT;
    assert_int_equal(org_add_tags(&o, list.s, &e2), -1);
    assert_string_equal(e2.field, "tags");
    org_release(&o);
    buf_release(&list);
}

/* ---- duplicate key ---- */

static void
test_org__name_key_ignores_case_quotes_and_spacing(void **state)
{
    (void)state;
    struct buf a = BUF_INIT, b = BUF_INIT;
    org_name_key(&a, "ТОВ «Київ»");
    org_name_key(&b, "тов київ");
    assert_string_equal(a.s, b.s);
    assert_string_equal(a.s, "тов київ");
    buf_reset(&a);
    buf_reset(&b);
    org_name_key(&a, "ACME  GmbH");
    org_name_key(&b, "Acme GmbH.");
    assert_string_equal(a.s, b.s);
    buf_reset(&a);
    buf_reset(&b);
    org_name_key(&a, "Acme GmbH");
    org_name_key(&b, "Acme AG");
    assert_string_not_equal(a.s, b.s);
    buf_release(&a);
    buf_release(&b);
}

/* ---- contacts ---- */

static void
contact_named(struct contact *c, const char *name)
{
    contact_init(c);
    org_set_str(&c->name, name);
}

static void
assert_contact_invalid(struct contact *c, const char *field)
{
    struct err e = ERR_INIT;
    assert_int_equal(contact_validate(c, TODAY, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, field);
    assert_true(strlen(e.msg) > 0);
}

static void
assert_contact_valid(struct contact *c)
{
    struct err e = ERR_INIT;
    int rc = contact_validate(c, TODAY, &e);
    if (rc)
        fail_msg("unexpected error on %s: %s", e.field, e.msg);
    assert_int_equal(e.code, ERR_NONE);
}

static void
test_org__contact_name_is_required(void **state)
{
    (void)state;
    struct contact c;
    contact_named(&c, "   ");
    assert_contact_invalid(&c, "name");
    contact_release(&c);
}

static void
test_org__contact_name_is_at_most_200_characters(void **state)
{
    (void)state;
    char *n200 = repeat("Ї", 200), *n201 = repeat("Ї", 201);
    struct contact c;
    contact_named(&c, n200);
    assert_contact_valid(&c);
    contact_release(&c);
    contact_named(&c, n201);
    assert_contact_invalid(&c, "name");
    contact_release(&c);
    free(n200);
    free(n201);
}

static void
test_org__contact_email_is_trimmed_and_lower_cased(void **state)
{
    (void)state;
    struct contact c;
    contact_named(&c, "  Olena Petrenko ");
    org_set_str(&c.email, " Olena.Petrenko@Example.COM ");
    assert_contact_valid(&c);
    assert_string_equal(c.name, "Olena Petrenko");
    assert_string_equal(c.email, "olena.petrenko@example.com");
    contact_release(&c);
}

static void
test_org__contact_email_must_be_an_address(void **state)
{
    (void)state;
    const char *bad[] = { "olena", "olena@", "@example.com", "olena@example",
                          "olena petrenko@example.com", "a@b@example.com" };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct contact c;
        contact_named(&c, "Olena");
        org_set_str(&c.email, bad[i]);
        assert_contact_invalid(&c, "email");
        contact_release(&c);
    }
}

static void
test_org__contact_email_is_optional(void **state)
{
    (void)state;
    struct contact c;
    contact_named(&c, "Olena");
    assert_contact_valid(&c);
    assert_string_equal(c.email, "");
    contact_release(&c);
}

static void
test_org__contact_phone_allows_digits_space_and_plus_brackets_dash_dot_slash(
    void **state)
{
    (void)state;
    const char *ok[] = { "", "+380 (44) 123-45-67", "040.123.45/67",
                         "+46 8 123 456" };
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        struct contact c;
        contact_named(&c, "Olena");
        org_set_str(&c.phone, ok[i]);
        assert_contact_valid(&c);
        contact_release(&c);
    }
    const char *bad[] = { "12a", "call me", "+380#1", "123;456", "тел 123" };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct contact c;
        contact_named(&c, "Olena");
        org_set_str(&c.phone, bad[i]);
        assert_contact_invalid(&c, "phone");
        contact_release(&c);
    }
}

static void
test_org__contact_phone_is_at_most_40_characters(void **state)
{
    (void)state;
    char *p40 = repeat("1", 40), *p41 = repeat("1", 41);
    struct contact c;
    contact_named(&c, "Olena");
    org_set_str(&c.phone, p40);
    assert_contact_valid(&c);
    contact_release(&c);
    contact_named(&c, "Olena");
    org_set_str(&c.phone, p41);
    assert_contact_invalid(&c, "phone");
    contact_release(&c);
    free(p40);
    free(p41);
}

static void
test_org__contact_position_is_at_most_200_characters(void **state)
{
    (void)state;
    char *p201 = repeat("д", 201);
    struct contact c;
    contact_named(&c, "Olena");
    org_set_str(&c.position, p201);
    assert_contact_invalid(&c, "position");
    contact_release(&c);
    free(p201);
}

static void
test_org__consent_without_email_is_rejected(void **state)
{
    (void)state;
    struct contact c;
    contact_named(&c, "Olena");
    c.email_consent = true;
    assert_contact_invalid(&c, "email_consent");
    contact_release(&c);
}

static void
test_org__consent_without_date_takes_today(void **state)
{
    (void)state;
    struct contact c;
    contact_named(&c, "Olena");
    org_set_str(&c.email, "olena@example.com");
    c.email_consent = true;
    org_set_str(&c.consent_source, "event");
    assert_contact_valid(&c);
    assert_string_equal(c.consent_date, TODAY);
    assert_string_equal(c.consent_source, "event");
    contact_release(&c);

    /* A different today gives a different date: nothing reads a clock. */
    contact_named(&c, "Olena");
    org_set_str(&c.email, "olena@example.com");
    c.email_consent = true;
    struct err e = ERR_INIT;
    assert_int_equal(contact_validate(&c, "2024-02-29", &e), 0);
    assert_string_equal(c.consent_date, "2024-02-29");
    contact_release(&c);
}

static void
test_org__consent_date_today_or_past_is_kept(void **state)
{
    (void)state;
    const char *ok[] = { TODAY, "2026-03-30", "2019-01-01" };
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        struct contact c;
        contact_named(&c, "Olena");
        org_set_str(&c.email, "olena@example.com");
        c.email_consent = true;
        org_set_str(&c.consent_date, ok[i]);
        assert_contact_valid(&c);
        assert_string_equal(c.consent_date, ok[i]);
        contact_release(&c);
    }
}

static void
test_org__consent_date_in_the_future_is_rejected(void **state)
{
    (void)state;
    const char *bad[] = { "2026-04-01", "2027-01-01" };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct contact c;
        contact_named(&c, "Olena");
        org_set_str(&c.email, "olena@example.com");
        c.email_consent = true;
        org_set_str(&c.consent_date, bad[i]);
        assert_contact_invalid(&c, "consent_date");
        contact_release(&c);
    }
}

static void
test_org__consent_date_must_be_a_real_date(void **state)
{
    (void)state;
    const char *bad[] = { "2026-02-30", "31.03.2026", "2026-3-1", "yesterday" };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct contact c;
        contact_named(&c, "Olena");
        org_set_str(&c.email, "olena@example.com");
        c.email_consent = true;
        org_set_str(&c.consent_date, bad[i]);
        assert_contact_invalid(&c, "consent_date");
        contact_release(&c);
    }
}

static void
test_org__consent_off_clears_date_and_source(void **state)
{
    (void)state;
    struct contact c;
    contact_named(&c, "Olena");
    org_set_str(&c.email, "olena@example.com");
    c.email_consent = false;
    org_set_str(&c.consent_date, "2026-01-15");
    org_set_str(&c.consent_source, "form");
    assert_contact_valid(&c);
    assert_string_equal(c.consent_date, "");
    assert_string_equal(c.consent_source, "");
    contact_release(&c);
}

static void
test_org__consent_source_is_at_most_100_characters(void **state)
{
    (void)state;
    char *s101 = repeat("s", 101);
    struct contact c;
    contact_named(&c, "Olena");
    org_set_str(&c.email, "olena@example.com");
    c.email_consent = true;
    org_set_str(&c.consent_source, s101);
    assert_contact_invalid(&c, "consent_source");
    contact_release(&c);
    free(s101);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_org__kind_parses_by_name_and_label_any_case),
        cmocka_unit_test(test_org__every_kind_round_trips_through_name_and_label),
        cmocka_unit_test(test_org__unknown_kind_is_rejected),
        cmocka_unit_test(test_org__sme_kinds_are_sme_micro_and_startup),
        cmocka_unit_test(test_org__kind_out_of_range_is_invalid),
        cmocka_unit_test(test_org__init_gives_empty_strings_and_unknowns),
        cmocka_unit_test(test_org__name_is_required),
        cmocka_unit_test(test_org__valid_organisation_passes_and_err_is_untouched),
        cmocka_unit_test(test_org__validate_trims_every_field),
        cmocka_unit_test(test_org__name_of_200_characters_is_the_limit),
        cmocka_unit_test(test_org__name_length_counts_characters_not_bytes),
        cmocka_unit_test(test_org__name_must_be_valid_text),
        cmocka_unit_test(test_org__employees_from_0_to_10_million_or_unknown),
        cmocka_unit_test(test_org__nace_accepts_all_four_levels),
        cmocka_unit_test(test_org__nace_rejects_malformed_codes),
        cmocka_unit_test(test_org__nace_section_letter_is_upper_cased),
        cmocka_unit_test(test_org__country_is_upper_cased_two_letters),
        cmocka_unit_test(test_org__country_of_three_letters_is_rejected),
        cmocka_unit_test(test_org__website_gets_https_scheme),
        cmocka_unit_test(test_org__website_keeps_http_and_https),
        cmocka_unit_test(test_org__website_rejects_other_schemes_and_non_addresses),
        cmocka_unit_test(test_org__website_keeps_the_typed_value_on_error),
        cmocka_unit_test(test_org__website_is_at_most_300_bytes),
        cmocka_unit_test(test_org__region_and_city_are_at_most_100_characters),
        cmocka_unit_test(test_org__registration_no_is_at_most_64_characters),
        cmocka_unit_test(test_org__notes_are_at_most_10000_characters),
        cmocka_unit_test(test_org__tags_split_on_comma_and_semicolon_and_trim),
        cmocka_unit_test(test_org__empty_tags_are_dropped),
        cmocka_unit_test(test_org__duplicate_tags_by_folded_form_are_dropped),
        cmocka_unit_test(test_org__tag_of_51_characters_is_rejected),
        cmocka_unit_test(test_org__tag_with_invalid_utf8_is_rejected),
        cmocka_unit_test(test_org__31_tags_are_rejected),
        cmocka_unit_test(test_org__name_key_ignores_case_quotes_and_spacing),
        cmocka_unit_test(test_org__contact_name_is_required),
        cmocka_unit_test(test_org__contact_name_is_at_most_200_characters),
        cmocka_unit_test(test_org__contact_email_is_trimmed_and_lower_cased),
        cmocka_unit_test(test_org__contact_email_must_be_an_address),
        cmocka_unit_test(test_org__contact_email_is_optional),
        cmocka_unit_test(
            test_org__contact_phone_allows_digits_space_and_plus_brackets_dash_dot_slash),
        cmocka_unit_test(test_org__contact_phone_is_at_most_40_characters),
        cmocka_unit_test(test_org__contact_position_is_at_most_200_characters),
        cmocka_unit_test(test_org__consent_without_email_is_rejected),
        cmocka_unit_test(test_org__consent_without_date_takes_today),
        cmocka_unit_test(test_org__consent_date_today_or_past_is_kept),
        cmocka_unit_test(test_org__consent_date_in_the_future_is_rejected),
        cmocka_unit_test(test_org__consent_date_must_be_a_real_date),
        cmocka_unit_test(test_org__consent_off_clears_date_and_source),
        cmocka_unit_test(test_org__consent_source_is_at_most_100_characters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
