/*
 * Tests of src/io/org_json.c: the API's member names for organisations
 * and contacts, what input is refused and with which error, and that
 * what goes out comes back in unchanged.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "base/err.h"
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


static json_t *
parse(const char *s)
{
    struct err err = ERR_INIT;
    json_t *j = json_body_parse(s, strlen(s), &err);
    if (!j)
        fail_msg("json_body_parse: %s", err.msg);
    return j;
}

/* Applies the JSON text s to *o; returns what org_from_json returns. */
static int
org_apply(struct org *o, const char *s, bool require_all, struct err *err)
{
    json_t *j = parse(s);
    int rc = org_from_json(j, o, require_all, err);
    json_decref(j);
    return rc;
}

static int
contact_apply(struct contact *c, const char *s, bool require_all,
              struct err *err)
{
    json_t *j = parse(s);
    int rc = contact_from_json(j, c, require_all, err);
    json_decref(j);
    return rc;
}

static void
set_tags(struct org *o, const char *list)
{
    struct err err = ERR_INIT;
    assert_int_equal(org_add_tags(o, list, &err), 0);
}

static void
test_org_json__unknown_member_is_error(void **state)
{
    (void)state;
    struct org o;
    struct err err = ERR_INIT;
    org_init(&o);
    org_set_str(&o.name, "Before");

    assert_int_equal(org_apply(&o, "{\"name\":\"After\",\"colour\":\"red\"}",
                               false, &err),
                     -1);
    assert_int_equal(err.code, ERR_INVALID);
    assert_string_equal(err.field, "colour");
    assert_non_null(strstr(err.msg, "\"colour\""));
    assert_string_equal(o.name, "Before");
    org_release(&o);
}

static void
test_org_json__unknown_contact_member_is_error(void **state)
{
    (void)state;
    struct contact c;
    struct err err = ERR_INIT;
    contact_init(&c);

    assert_int_equal(contact_apply(&c, "{\"name\":\"A\",\"mobile\":\"1\"}",
                                   false, &err),
                     -1);
    assert_int_equal(err.code, ERR_INVALID);
    assert_string_equal(err.field, "mobile");
    assert_string_equal(c.name, "");
    contact_release(&c);
}

static void
test_org_json__long_unknown_member_stays_valid_utf8(void **state)
{
    (void)state;
    struct org o;
    struct err err = ERR_INIT;
    struct buf body = BUF_INIT;
    org_init(&o);

    /* 100 two-byte letters: the name is cut to fit err.field. */
    buf_adds(&body, "{\"");
    for (int i = 0; i < 100; i++)
        buf_adds(&body, "ж");
    buf_adds(&body, "\":1}");
    assert_int_equal(org_apply(&o, body.s, false, &err), -1);
    assert_int_equal(err.code, ERR_INVALID);
    assert_true(strlen(err.field) > 0);
    assert_true(text_valid_utf8(err.field, strlen(err.field)));
    assert_true(text_valid_utf8(err.msg, strlen(err.msg)));
    buf_release(&body);
    org_release(&o);
}

static void
test_org_json__control_characters_in_a_member_name_are_not_echoed(
    void **state)
{
    (void)state;
    struct org o;
    struct contact c;
    struct err err = ERR_INIT;
    org_init(&o);
    contact_init(&c);

    assert_int_equal(org_apply(&o, "{\"na\\u0001me\x7f\":1}", false, &err),
                     -1);
    assert_string_equal(err.field, "na?me?");
    assert_string_equal(err.msg, "Unknown member \"na?me?\".");

    err_clear(&err);
    assert_int_equal(
        contact_apply(&c, "{\"email_consent\":{\"given\":true,\"b\\ty\":1}}",
                      false, &err),
        -1);
    assert_string_equal(err.field, "email_consent");
    assert_string_equal(err.msg, "Unknown member \"email_consent.b?y\".");
    org_release(&o);
    contact_release(&c);
}

static void
test_org_json__kind_must_be_known(void **state)
{
    (void)state;
    struct org o;
    struct err err = ERR_INIT;
    org_init(&o);

    assert_int_equal(org_apply(&o, "{\"kind\":\"giant\"}", false, &err), -1);
    assert_int_equal(err.code, ERR_INVALID);
    assert_string_equal(err.field, "kind");
    assert_string_equal(err.msg, "kind must be one of large, sme, micro, "
                                 "startup, university, research, public, "
                                 "association, other.");

    err_clear(&err);
    assert_int_equal(org_apply(&o, "{\"kind\":3}", false, &err), -1);
    assert_string_equal(err.field, "kind");

    err_clear(&err);
    assert_int_equal(org_apply(&o, "{\"kind\":\"university\"}", false, &err),
                     0);
    assert_int_equal(o.kind, ORG_KIND_UNIVERSITY);
    org_release(&o);
}

static void
test_org_json__employees_null_is_unknown(void **state)
{
    (void)state;
    struct org o;
    struct err err = ERR_INIT;
    org_init(&o);

    assert_int_equal(org_apply(&o, "{\"employees\":250}", false, &err), 0);
    assert_int_equal(o.employees, 250);
    assert_int_equal(org_apply(&o, "{\"employees\":null}", false, &err), 0);
    assert_int_equal(o.employees, ORG_EMPLOYEES_UNKNOWN);

    json_t *j = written_org(&o);
    assert_true(json_is_null(json_object_get(j, "employees")));
    json_decref(j);
    org_release(&o);
}

static void
test_org_json__employees_must_be_whole_and_not_negative(void **state)
{
    (void)state;
    const char *bad[] = { "{\"employees\":-1}", "{\"employees\":2.5}",
                          "{\"employees\":\"12\"}", "{\"employees\":true}" };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct org o;
        struct err err = ERR_INIT;
        org_init(&o);
        o.employees = 7;
        assert_int_equal(org_apply(&o, bad[i], false, &err), -1);
        assert_int_equal(err.code, ERR_INVALID);
        assert_string_equal(err.field, "employees");
        assert_int_equal(o.employees, 7);
        org_release(&o);
    }
}

static void
test_org_json__tags_array_and_string(void **state)
{
    (void)state;
    struct org o;
    struct err err = ERR_INIT;
    org_init(&o);
    set_tags(&o, "old");

    assert_int_equal(org_apply(&o, "{\"tags\":[\"Photonics\",\"AI\",\"ai\"]}",
                               false, &err),
                     0);
    assert_int_equal(o.ntags, 2);
    assert_string_equal(o.tags[0], "Photonics");
    assert_string_equal(o.tags[1], "AI");

    assert_int_equal(org_apply(&o, "{\"tags\":\" robotics, Фотоніка; AI \"}",
                               false, &err),
                     0);
    assert_int_equal(o.ntags, 3);
    assert_string_equal(o.tags[0], "robotics");
    assert_string_equal(o.tags[1], "Фотоніка");
    assert_string_equal(o.tags[2], "AI");

    assert_int_equal(org_apply(&o, "{\"tags\":null}", false, &err), 0);
    assert_int_equal(o.ntags, 0);

    json_t *j = written_org(&o);
    assert_true(json_is_array(json_object_get(j, "tags")));
    assert_int_equal(json_array_size(json_object_get(j, "tags")), 0);
    json_decref(j);
    org_release(&o);
}

static void
test_org_json__tags_of_wrong_type_change_nothing(void **state)
{
    (void)state;
    struct org o;
    struct err err = ERR_INIT;
    org_init(&o);
    set_tags(&o, "keep");

    assert_int_equal(org_apply(&o, "{\"tags\":[\"a\",5]}", false, &err), -1);
    assert_int_equal(err.code, ERR_INVALID);
    assert_string_equal(err.field, "tags");
    err_clear(&err);
    assert_int_equal(org_apply(&o, "{\"tags\":{\"a\":1}}", false, &err), -1);
    assert_string_equal(err.field, "tags");
    assert_int_equal(o.ntags, 1);
    assert_string_equal(o.tags[0], "keep");
    org_release(&o);
}

static void
test_org_json__more_than_30_tags_is_error(void **state)
{
    (void)state;
    struct org o;
    struct err err = ERR_INIT;
    struct buf body = BUF_INIT;
    org_init(&o);

    buf_adds(&body, "{\"tags\":[");
    for (int i = 0; i < ORG_MAX_TAGS + 1; i++)
        buf_addf(&body, "%s\"t%d\"", i ? "," : "", i);
    buf_adds(&body, "]}");
    assert_int_equal(org_apply(&o, body.s, false, &err), -1);
    assert_int_equal(err.code, ERR_INVALID);
    assert_string_equal(err.field, "tags");
    assert_int_equal(o.ntags, 0);
    buf_release(&body);
    org_release(&o);
}

static void
fill_org(struct org *o)
{
    org_init(o);
    o->id = 41;
    org_set_str(&o->name, "ТОВ «Київська фотоніка» – Ärlig & Co");
    o->kind = ORG_KIND_SME;
    o->employees = 0;
    org_set_str(&o->nace, "26.70");
    org_set_str(&o->country, "UA");
    org_set_str(&o->region, "Київська область");
    org_set_str(&o->city, "Біла Церква");
    org_set_str(&o->website, "https://photonics.example.ua/про-нас");
    org_set_str(&o->registration_no, "ЄДРПОУ 12345678");
    set_tags(o, "фотоніка, lasers, \"quoted\"");
    org_set_str(&o->notes, "Line one\nline two\twith \\ and \" and </script>");
    org_set_str(&o->archived_at, "2026-10-01T09:00:00Z");
    org_set_str(&o->created_at, "2026-01-02T03:04:05Z");
    org_set_str(&o->updated_at, "2026-02-03T04:05:06Z");
}

static void
test_org_json__round_trip_keeps_every_field(void **state)
{
    (void)state;
    struct org a, b;
    struct err err = ERR_INIT;
    fill_org(&a);
    org_init(&b);

    json_t *out = written_org(&a);
    char *text = json_dumps(out, JSON_COMPACT);
    assert_non_null(text);
    json_t *in = json_body_parse(text, strlen(text), &err);
    assert_non_null(in);
    assert_int_equal(org_from_json(in, &b, true, &err), 0);

    assert_string_equal(b.name, a.name);
    assert_int_equal(b.kind, a.kind);
    assert_int_equal(b.employees, 0);
    assert_string_equal(b.nace, a.nace);
    assert_string_equal(b.country, a.country);
    assert_string_equal(b.region, a.region);
    assert_string_equal(b.city, a.city);
    assert_string_equal(b.website, a.website);
    assert_string_equal(b.registration_no, a.registration_no);
    assert_int_equal(b.ntags, a.ntags);
    for (size_t i = 0; i < a.ntags; i++)
        assert_string_equal(b.tags[i], a.tags[i]);
    assert_string_equal(b.notes, a.notes);

    /* The read-only members go out, as the API documents them. */
    assert_int_equal(json_integer_value(json_object_get(out, "id")), 41);
    assert_true(json_is_true(json_object_get(out, "archived")));
    assert_string_equal(json_string_value(json_object_get(out, "created_at")),
                        "2026-01-02T03:04:05Z");
    assert_string_equal(json_string_value(json_object_get(out, "updated_at")),
                        "2026-02-03T04:05:06Z");
    assert_string_equal(json_string_value(json_object_get(out, "kind")), "sme");

    free(text);
    json_decref(in);
    json_decref(out);
    org_release(&a);
    org_release(&b);
}

static void
test_org_json__output_has_exactly_the_spec_members(void **state)
{
    (void)state;
    static const char *const org_members[] = {
        "id", "name", "kind", "employees", "nace", "country", "region",
        "city", "website", "registration_no", "tags", "notes", "archived",
        "created_at", "updated_at",
    };
    static const char *const contact_members[] = {
        "id", "organisation_id", "organisation_name", "name", "email",
        "phone", "position", "entry_point", "email_consent", "archived",
        "created_at", "updated_at",
    };
    struct org o;
    struct contact c;
    org_init(&o);
    contact_init(&c);

    json_t *j = written_org(&o);
    assert_int_equal(json_object_size(j),
                     sizeof(org_members) / sizeof(org_members[0]));
    for (size_t i = 0; i < sizeof(org_members) / sizeof(org_members[0]); i++)
        assert_non_null(json_object_get(j, org_members[i]));
    assert_true(json_is_null(json_object_get(j, "id")));
    assert_true(json_is_false(json_object_get(j, "archived")));
    assert_true(json_is_null(json_object_get(j, "created_at")));
    json_decref(j);

    j = written_contact(&c);
    assert_int_equal(json_object_size(j), sizeof(contact_members) /
                                              sizeof(contact_members[0]));
    for (size_t i = 0;
         i < sizeof(contact_members) / sizeof(contact_members[0]); i++)
        assert_non_null(json_object_get(j, contact_members[i]));
    json_t *consent = json_object_get(j, "email_consent");
    assert_int_equal(json_object_size(consent), 3);
    assert_true(json_is_false(json_object_get(consent, "given")));
    assert_true(json_is_null(json_object_get(consent, "date")));
    assert_true(json_is_null(json_object_get(consent, "source")));
    json_decref(j);

    org_release(&o);
    contact_release(&c);
}

static void
test_org_json__invalid_utf8_in_a_record_is_replaced_not_dropped(void **state)
{
    (void)state;
    struct org o;
    org_init(&o);
    org_set_str(&o.city, "Malm\xF6");

    json_t *j = written_org(&o);
    assert_string_equal(json_string_value(json_object_get(j, "city")),
                        "Malm\xEF\xBF\xBD");
    json_decref(j);
    org_release(&o);
}

static void
test_org_json__round_trip_contact_keeps_every_field(void **state)
{
    (void)state;
    struct contact a, b;
    struct err err = ERR_INIT;
    contact_init(&a);
    contact_init(&b);
    a.id = 9;
    a.organisation_id = 41;
    org_set_str(&a.organisation_name, "Göteborgs Fotonik AB");
    org_set_str(&a.name, "Åsa Öberg-Ängström");
    org_set_str(&a.email, "asa.oberg@fotonik.example.se");
    org_set_str(&a.phone, "+46 31 123 45 67");
    org_set_str(&a.position, "Verkställande direktör");
    a.entry_point = true;
    a.email_consent = true;
    org_set_str(&a.consent_date, "2026-05-04");
    org_set_str(&a.consent_source, "mässa");

    json_t *out = written_contact(&a);
    char *text = json_dumps(out, 0);
    json_t *in = json_body_parse(text, strlen(text), &err);
    assert_non_null(in);
    assert_int_equal(contact_from_json(in, &b, true, &err), 0);

    assert_int_equal(b.id, 0);
    assert_int_equal(b.organisation_id, 41);
    assert_string_equal(b.organisation_name, "");
    assert_string_equal(b.name, a.name);
    assert_string_equal(b.email, a.email);
    assert_string_equal(b.phone, a.phone);
    assert_string_equal(b.position, a.position);
    assert_true(b.entry_point);
    assert_true(b.email_consent);
    assert_string_equal(b.consent_date, "2026-05-04");
    assert_string_equal(b.consent_source, "mässa");
    assert_string_equal(
        json_string_value(json_object_get(out, "organisation_name")),
        "Göteborgs Fotonik AB");

    free(text);
    json_decref(in);
    json_decref(out);
    contact_release(&a);
    contact_release(&b);
}

static void
test_org_json__non_object_is_bad_request(void **state)
{
    (void)state;
    struct org o;
    struct contact c;
    struct err err = ERR_INIT;
    org_init(&o);
    contact_init(&c);

    json_t *arr = json_array();
    assert_int_equal(org_from_json(arr, &o, false, &err), -1);
    assert_int_equal(err.code, ERR_BAD_REQUEST);
    err_clear(&err);
    assert_int_equal(contact_from_json(arr, &c, false, &err), -1);
    assert_int_equal(err.code, ERR_BAD_REQUEST);
    json_decref(arr);

    const char *bodies[] = { "[{\"name\":\"x\"}]", "\"name\"", "42", "null" };
    for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
        err_clear(&err);
        assert_null(json_body_parse(bodies[i], strlen(bodies[i]), &err));
        assert_int_equal(err.code, ERR_BAD_REQUEST);
    }
    org_release(&o);
    contact_release(&c);
}

static void
test_org_json__syntax_error_names_line_and_column(void **state)
{
    (void)state;
    struct err err = ERR_INIT;
    const char *body = "{\n  \"name\": \"Київ\",\n  \"kind\" \"sme\"\n}";

    assert_null(json_body_parse(body, strlen(body), &err));
    assert_int_equal(err.code, ERR_BAD_REQUEST);
    assert_string_equal(err.field, "");
    assert_non_null(strstr(err.msg, "line 3, column 14"));
}

static void
test_org_json__empty_body_is_bad_request(void **state)
{
    (void)state;
    struct err err = ERR_INIT;
    assert_null(json_body_parse("", 0, &err));
    assert_int_equal(err.code, ERR_BAD_REQUEST);
    err_clear(&err);
    assert_null(json_body_parse(NULL, 0, &err));
    assert_int_equal(err.code, ERR_BAD_REQUEST);
}

static void
test_org_json__body_need_not_end_in_nul(void **state)
{
    (void)state;
    struct err err = ERR_INIT;
    const char body[] = "{\"name\":\"A\"}garbage";
    json_t *j = json_body_parse(body, 12, &err);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "name")), "A");
    json_decref(j);
}

static void
test_org_json__invalid_utf8_body_gives_a_printable_message(void **state)
{
    (void)state;
    /* jansson quotes the bad token, here a raw control character. */
    const char *bodies[] = { "{\"name\":\"Malm\xF6\"}", "{\"name\":\x01}" };
    for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
        struct err err = ERR_INIT;
        assert_null(json_body_parse(bodies[i], strlen(bodies[i]), &err));
        assert_int_equal(err.code, ERR_BAD_REQUEST);
        assert_true(text_valid_utf8(err.msg, strlen(err.msg)));
        assert_non_null(strstr(err.msg, "line 1"));
    }
}

static void
test_org_json__duplicate_member_is_bad_request(void **state)
{
    (void)state;
    struct err err = ERR_INIT;
    const char *body = "{\"name\":\"A\",\"name\":\"B\"}";
    assert_null(json_body_parse(body, strlen(body), &err));
    assert_int_equal(err.code, ERR_BAD_REQUEST);
}

static void
test_org_json__body_over_1_mib_is_too_large(void **state)
{
    (void)state;
    struct err err = ERR_INIT;
    size_t len = ORG_JSON_MAX_BODY;
    char *body = malloc(len + 1);
    assert_non_null(body);

    /* {"notes":"aaa...a"} of exactly 1 MiB is accepted. */
    memset(body, 'a', len);
    memcpy(body, "{\"notes\":\"", 10);
    memcpy(body + len - 2, "\"}", 2);
    json_t *j = json_body_parse(body, len, &err);
    assert_non_null(j);
    json_decref(j);

    body[len] = ' ';
    assert_null(json_body_parse(body, len + 1, &err));
    assert_int_equal(err.code, ERR_TOO_LARGE);
    free(body);
}

static void
test_org_json__deep_nesting_is_bad_request(void **state)
{
    (void)state;
    struct err err = ERR_INIT;
    struct buf body = BUF_INIT;
    buf_adds(&body, "{\"name\":");
    for (int i = 0; i < 5000; i++)
        buf_addc(&body, '[');
    for (int i = 0; i < 5000; i++)
        buf_addc(&body, ']');
    buf_addc(&body, '}');
    assert_null(json_body_parse(body.s, body.len, &err));
    assert_int_equal(err.code, ERR_BAD_REQUEST);
    buf_release(&body);
}

static void
test_org_json__missing_name_on_create_is_error(void **state)
{
    (void)state;
    struct org o;
    struct err err = ERR_INIT;
    org_init(&o);

    assert_int_equal(org_apply(&o, "{\"city\":\"Lund\"}", true, &err), -1);
    assert_int_equal(err.code, ERR_INVALID);
    assert_string_equal(err.field, "name");
    assert_string_equal(o.city, "");

    err_clear(&err);
    assert_int_equal(org_apply(&o, "{\"city\":\"Lund\"}", false, &err), 0);
    assert_string_equal(o.city, "Lund");

    err_clear(&err);
    assert_int_equal(org_apply(&o, "{\"name\":null}", false, &err), -1);
    assert_string_equal(err.field, "name");
    org_release(&o);
}

static void
test_org_json__partial_update_keeps_other_fields(void **state)
{
    (void)state;
    struct org o;
    struct err err = ERR_INIT;
    fill_org(&o);

    assert_int_equal(org_apply(&o, "{\"city\":\"Київ\",\"website\":null}",
                               false, &err),
                     0);
    assert_string_equal(o.city, "Київ");
    assert_string_equal(o.website, "");
    assert_string_equal(o.name, "ТОВ «Київська фотоніка» – Ärlig & Co");
    assert_string_equal(o.region, "Київська область");
    assert_int_equal(o.kind, ORG_KIND_SME);
    assert_int_equal(o.ntags, 3);
    org_release(&o);
}

static void
test_org_json__refused_update_changes_nothing(void **state)
{
    (void)state;
    struct org o;
    struct err err = ERR_INIT;
    fill_org(&o);

    assert_int_equal(
        org_apply(&o,
                  "{\"name\":\"New\",\"tags\":[\"x\"],\"employees\":5,"
                  "\"kind\":\"bogus\"}",
                  false, &err),
        -1);
    assert_string_equal(err.field, "kind");
    assert_string_equal(o.name, "ТОВ «Київська фотоніка» – Ärlig & Co");
    assert_int_equal(o.employees, 0);
    assert_int_equal(o.ntags, 3);
    assert_string_equal(o.tags[0], "фотоніка");
    org_release(&o);
}

static void
test_org_json__wrong_type_names_the_member(void **state)
{
    (void)state;
    struct org o;
    struct err err = ERR_INIT;
    org_init(&o);

    assert_int_equal(org_apply(&o, "{\"city\":5}", false, &err), -1);
    assert_int_equal(err.code, ERR_INVALID);
    assert_string_equal(err.field, "city");
    assert_string_equal(err.msg, "city must be a string or null.");

    err_clear(&err);
    assert_int_equal(org_apply(&o, "{\"name\":[\"A\"]}", false, &err), -1);
    assert_string_equal(err.field, "name");
    assert_string_equal(err.msg, "name must be a string.");
    org_release(&o);
}

static void
test_org_json__nul_inside_a_string_is_refused(void **state)
{
    (void)state;
    struct org o;
    struct err err = ERR_INIT;
    org_init(&o);
    json_t *j = json_object();
    json_object_set_new(j, "city", json_stringn("Lu\0nd", 5));

    assert_int_equal(org_from_json(j, &o, false, &err), -1);
    assert_string_equal(err.field, "city");
    json_decref(j);

    /* The parser refuses \u0000 before it gets that far. */
    err_clear(&err);
    const char *body = "{\"city\":\"Lu\\u0000nd\"}";
    assert_null(json_body_parse(body, strlen(body), &err));
    assert_int_equal(err.code, ERR_BAD_REQUEST);
    org_release(&o);
}

static void
test_org_json__allow_duplicate_is_accepted_and_must_be_bool(void **state)
{
    (void)state;
    struct org o;
    struct err err = ERR_INIT;
    org_init(&o);

    assert_int_equal(org_apply(&o, "{\"name\":\"A\",\"allow_duplicate\":true}",
                               true, &err),
                     0);
    assert_string_equal(o.name, "A");
    assert_int_equal(
        org_apply(&o, "{\"allow_duplicate\":\"yes\"}", false, &err), -1);
    assert_string_equal(err.field, "allow_duplicate");
    org_release(&o);
}

static void
test_org_json__read_only_members_ignored(void **state)
{
    (void)state;
    struct org o;
    struct contact c;
    struct err err = ERR_INIT;
    org_init(&o);
    contact_init(&c);
    o.id = 7;
    org_set_str(&o.created_at, "2026-01-01T00:00:00Z");

    assert_int_equal(
        org_apply(&o,
                  "{\"id\":999,\"archived\":true,\"created_at\":\"x\","
                  "\"updated_at\":\"y\",\"name\":\"N\"}",
                  false, &err),
        0);
    assert_int_equal(o.id, 7);
    assert_string_equal(o.archived_at, "");
    assert_string_equal(o.created_at, "2026-01-01T00:00:00Z");
    assert_string_equal(o.updated_at, "");
    assert_string_equal(o.name, "N");

    c.id = 3;
    assert_int_equal(
        contact_apply(&c,
                      "{\"id\":1,\"organisation_name\":\"Other\","
                      "\"archived\":true,\"created_at\":null}",
                      false, &err),
        0);
    assert_int_equal(c.id, 3);
    assert_string_equal(c.organisation_name, "");
    assert_string_equal(c.archived_at, "");
    org_release(&o);
    contact_release(&c);
}

static void
test_org_json__consent_object_and_bool(void **state)
{
    (void)state;
    struct contact c;
    struct err err = ERR_INIT;
    contact_init(&c);
    org_set_str(&c.name, "Олена Петренко");
    org_set_str(&c.email, "olena@example.ua");

    assert_int_equal(
        contact_apply(&c,
                      "{\"email_consent\":{\"given\":true,"
                      "\"date\":\"2026-03-01\",\"source\":\"event\"}}",
                      false, &err),
        0);
    assert_true(c.email_consent);
    assert_string_equal(c.consent_date, "2026-03-01");
    assert_string_equal(c.consent_source, "event");

    /* A bare true keeps the proof of a consent already on record. */
    assert_int_equal(contact_apply(&c, "{\"email_consent\":true}", false, &err),
                     0);
    assert_true(c.email_consent);
    assert_string_equal(c.consent_date, "2026-03-01");
    assert_string_equal(c.consent_source, "event");

    assert_int_equal(
        contact_apply(&c, "{\"email_consent\":false}", false, &err), 0);
    assert_false(c.email_consent);
    assert_string_equal(c.consent_date, "");
    assert_string_equal(c.consent_source, "");

    /* A new consent given as true is dated today by contact_validate. */
    assert_int_equal(contact_apply(&c, "{\"email_consent\":true}", false, &err),
                     0);
    assert_true(c.email_consent);
    assert_int_equal(contact_validate(&c, "2026-11-22", &err), 0);
    assert_string_equal(c.consent_date, "2026-11-22");

    /* An object replaces the whole consent: no date means none. */
    assert_int_equal(
        contact_apply(&c, "{\"email_consent\":{\"given\":true,\"date\":null}}",
                      false, &err),
        0);
    assert_string_equal(c.consent_date, "");
    assert_string_equal(c.consent_source, "");
    contact_release(&c);
}

static void
test_org_json__consent_of_wrong_shape_is_error(void **state)
{
    (void)state;
    const char *bad[] = {
        "{\"email_consent\":\"yes\"}",
        "{\"email_consent\":{\"date\":\"2026-03-01\"}}",
        "{\"email_consent\":{\"given\":1}}",
        "{\"email_consent\":{\"given\":true,\"date\":\"01.03.2026\"}}",
        "{\"email_consent\":{\"given\":true,\"date\":\"2026-02-30\"}}",
        "{\"email_consent\":{\"given\":true,\"source\":5}}",
        "{\"email_consent\":{\"given\":true,\"by\":\"me\"}}",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct contact c;
        struct err err = ERR_INIT;
        contact_init(&c);
        assert_int_equal(contact_apply(&c, bad[i], false, &err), -1);
        assert_int_equal(err.code, ERR_INVALID);
        assert_string_equal(err.field, "email_consent");
        assert_false(c.email_consent);
        contact_release(&c);
    }
}

static void
test_org_json__organisation_id_is_positive_and_needed_on_create(
    void **state)
{
    (void)state;
    struct contact c;
    struct err err = ERR_INIT;
    contact_init(&c);

    const char *bad[] = { "{\"organisation_id\":0}",
                          "{\"organisation_id\":-4}",
                          "{\"organisation_id\":\"12\"}",
                          "{\"organisation_id\":null}" };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        err_clear(&err);
        assert_int_equal(contact_apply(&c, bad[i], false, &err), -1);
        assert_string_equal(err.field, "organisation_id");
    }
    err_clear(&err);
    assert_int_equal(contact_apply(&c, "{\"name\":\"Anna\"}", true, &err), -1);
    assert_string_equal(err.field, "organisation_id");
    err_clear(&err);
    assert_int_equal(
        contact_apply(&c, "{\"name\":\"Anna\",\"organisation_id\":12}", true,
                      &err),
        0);
    assert_int_equal(c.organisation_id, 12);
    contact_release(&c);
}

static void
test_org_json__entry_point_must_be_bool(void **state)
{
    (void)state;
    struct contact c;
    struct err err = ERR_INIT;
    contact_init(&c);

    assert_int_equal(contact_apply(&c, "{\"entry_point\":1}", false, &err), -1);
    assert_string_equal(err.field, "entry_point");
    assert_false(c.entry_point);
    assert_int_equal(contact_apply(&c, "{\"entry_point\":true}", false, &err),
                     0);
    assert_true(c.entry_point);
    contact_release(&c);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_org_json__unknown_member_is_error),
        cmocka_unit_test(test_org_json__unknown_contact_member_is_error),
        cmocka_unit_test(test_org_json__long_unknown_member_stays_valid_utf8),
        cmocka_unit_test(
            test_org_json__control_characters_in_a_member_name_are_not_echoed),
        cmocka_unit_test(test_org_json__kind_must_be_known),
        cmocka_unit_test(test_org_json__employees_null_is_unknown),
        cmocka_unit_test(
            test_org_json__employees_must_be_whole_and_not_negative),
        cmocka_unit_test(test_org_json__tags_array_and_string),
        cmocka_unit_test(test_org_json__tags_of_wrong_type_change_nothing),
        cmocka_unit_test(test_org_json__more_than_30_tags_is_error),
        cmocka_unit_test(test_org_json__round_trip_keeps_every_field),
        cmocka_unit_test(test_org_json__output_has_exactly_the_spec_members),
        cmocka_unit_test(
            test_org_json__invalid_utf8_in_a_record_is_replaced_not_dropped),
        cmocka_unit_test(test_org_json__round_trip_contact_keeps_every_field),
        cmocka_unit_test(test_org_json__non_object_is_bad_request),
        cmocka_unit_test(test_org_json__syntax_error_names_line_and_column),
        cmocka_unit_test(test_org_json__empty_body_is_bad_request),
        cmocka_unit_test(test_org_json__body_need_not_end_in_nul),
        cmocka_unit_test(
            test_org_json__invalid_utf8_body_gives_a_printable_message),
        cmocka_unit_test(test_org_json__duplicate_member_is_bad_request),
        cmocka_unit_test(test_org_json__body_over_1_mib_is_too_large),
        cmocka_unit_test(test_org_json__deep_nesting_is_bad_request),
        cmocka_unit_test(test_org_json__missing_name_on_create_is_error),
        cmocka_unit_test(test_org_json__partial_update_keeps_other_fields),
        cmocka_unit_test(test_org_json__refused_update_changes_nothing),
        cmocka_unit_test(test_org_json__wrong_type_names_the_member),
        cmocka_unit_test(test_org_json__nul_inside_a_string_is_refused),
        cmocka_unit_test(
            test_org_json__allow_duplicate_is_accepted_and_must_be_bool),
        cmocka_unit_test(test_org_json__read_only_members_ignored),
        cmocka_unit_test(test_org_json__consent_object_and_bool),
        cmocka_unit_test(test_org_json__consent_of_wrong_shape_is_error),
        cmocka_unit_test(
            test_org_json__organisation_id_is_positive_and_needed_on_create),
        cmocka_unit_test(test_org_json__entry_point_must_be_bool),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
