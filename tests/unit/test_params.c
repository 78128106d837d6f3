/*
 * Rules of list parameters (src/web/params.c): sort names with "-" for
 * descending, filters, paging bounds and booleans, each wrong value
 * refused with ERR_INVALID on its own field.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "web/form.h"
#include "web/params.h"

/* Parses a query string into a fresh form. */
static void
query(struct form *f, const char *s)
{
    struct err e = ERR_INIT;
    form_init(f);
    assert_int_equal(form_parse_urlencoded(f, s, strlen(s), &e), 0);
}

static void
assert_org_params_invalid(const char *qs, const char *field)
{
    struct form q;
    query(&q, qs);
    struct org_filter f;
    struct paging p;
    struct err e = ERR_INIT;
    assert_int_equal(params_org_filter(&q, &f, &p, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, field);
    assert_true(strlen(e.msg) > 0);
    form_release(&q);
}

static void
org_params(const char *qs, struct form *q, struct org_filter *f,
           struct paging *p)
{
    query(q, qs);
    struct err e = ERR_INIT;
    int rc = params_org_filter(q, f, p, &e);
    if (rc)
        fail_msg("'%s' refused on %s: %s", qs, e.field, e.msg);
}

static void
test_params__defaults_are_name_ascending_first_page_of_25(void **state)
{
    (void)state;
    struct form q;
    struct org_filter f;
    struct paging p;
    org_params("", &q, &f, &p);
    assert_int_equal(f.sort, ORG_SORT_NAME);
    assert_false(f.desc);
    assert_int_equal(f.kind, -1);
    assert_false(f.archived);
    assert_null(f.q);
    assert_null(f.tag);
    assert_null(f.region);
    assert_int_equal(p.page, 1);
    assert_int_equal(p.per_page, PARAMS_PER_PAGE);
    assert_int_equal(f.offset, 0);
    assert_int_equal(f.limit, 25);
    form_release(&q);
}

static void
test_params__sort_with_minus_is_descending(void **state)
{
    (void)state;
    struct form q;
    struct org_filter f;
    struct paging p;
    org_params("sort=-name", &q, &f, &p);
    assert_int_equal(f.sort, ORG_SORT_NAME);
    assert_true(f.desc);
    form_release(&q);

    org_params("sort=employees", &q, &f, &p);
    assert_int_equal(f.sort, ORG_SORT_EMPLOYEES);
    assert_false(f.desc);
    form_release(&q);

    const struct {
        const char *qs;
        enum org_sort sort;
        bool desc;
    } cases[] = {
        { "sort=kind", ORG_SORT_KIND, false },
        { "sort=-kind", ORG_SORT_KIND, true },
        { "sort=city", ORG_SORT_CITY, false },
        { "sort=-city", ORG_SORT_CITY, true },
        { "sort=-employees", ORG_SORT_EMPLOYEES, true },
        { "sort=updated", ORG_SORT_UPDATED, false },
        { "sort=-updated", ORG_SORT_UPDATED, true },
        { "sort=", ORG_SORT_NAME, false },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        org_params(cases[i].qs, &q, &f, &p);
        assert_int_equal(f.sort, cases[i].sort);
        assert_int_equal(f.desc, cases[i].desc);
        form_release(&q);
    }
}

static void
test_params__unknown_sort_is_invalid_on_sort(void **state)
{
    (void)state;
    assert_org_params_invalid("sort=bogus", "sort");
    assert_org_params_invalid("sort=-", "sort");
    assert_org_params_invalid("sort=--name", "sort");
    assert_org_params_invalid("sort=Name", "sort");
    assert_org_params_invalid("sort=name%3B+DROP+TABLE+organisation", "sort");
}

static void
test_params__page_0_is_rejected(void **state)
{
    (void)state;
    assert_org_params_invalid("page=0", "page");
    assert_org_params_invalid("page=-1", "page");
    assert_org_params_invalid("page=abc", "page");
    assert_org_params_invalid("page=2x", "page");
    assert_org_params_invalid("page=1000001", "page");
    assert_org_params_invalid("page=99999999999999999999999", "page");
}

static void
test_params__per_page_101_is_rejected(void **state)
{
    (void)state;
    assert_org_params_invalid("per_page=101", "per_page");
    assert_org_params_invalid("per_page=0", "per_page");
    assert_org_params_invalid("per_page=-5", "per_page");
    struct form q;
    struct org_filter f;
    struct paging p;
    org_params("per_page=100", &q, &f, &p);
    assert_int_equal(p.per_page, 100);
    assert_int_equal(f.limit, 100);
    form_release(&q);
    org_params("per_page=1", &q, &f, &p);
    assert_int_equal(f.limit, 1);
    form_release(&q);
}

static void
test_params__page_gives_offset(void **state)
{
    (void)state;
    struct form q;
    struct org_filter f;
    struct paging p;
    org_params("page=3&per_page=10", &q, &f, &p);
    assert_int_equal(p.page, 3);
    assert_int_equal(p.per_page, 10);
    assert_int_equal(f.offset, 20);
    assert_int_equal(f.limit, 10);
    form_release(&q);

    /* Empty values mean the defaults. */
    org_params("page=&per_page=", &q, &f, &p);
    assert_int_equal(p.page, 1);
    assert_int_equal(p.per_page, 25);
    form_release(&q);
}

static void
test_params__kind_by_name_or_label(void **state)
{
    (void)state;
    struct form q;
    struct org_filter f;
    struct paging p;
    org_params("kind=sme", &q, &f, &p);
    assert_int_equal(f.kind, ORG_KIND_SME);
    form_release(&q);
    org_params("kind=Research+centre", &q, &f, &p);
    assert_int_equal(f.kind, ORG_KIND_RESEARCH);
    form_release(&q);
    org_params("kind=", &q, &f, &p);
    assert_int_equal(f.kind, -1);
    form_release(&q);
    assert_org_params_invalid("kind=big", "kind");
}

static void
test_params__archived_true_false_or_error(void **state)
{
    (void)state;
    const char *yes[] = { "archived=true", "archived=1", "archived=yes",
                          "archived=on" };
    const char *no[] = { "archived=false", "archived=0", "archived=no",
                         "archived=off", "archived=" };
    struct form q;
    struct org_filter f;
    struct paging p;
    for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
        org_params(yes[i], &q, &f, &p);
        assert_true(f.archived);
        form_release(&q);
    }
    for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
        org_params(no[i], &q, &f, &p);
        assert_false(f.archived);
        form_release(&q);
    }
    assert_org_params_invalid("archived=maybe", "archived");
    assert_org_params_invalid("archived=TRUE1", "archived");
}

static void
test_params__bool_default_applies_when_absent(void **state)
{
    (void)state;
    struct form q;
    query(&q, "other=1");
    bool out = false;
    struct err e = ERR_INIT;
    assert_int_equal(params_bool(&q, "flag", true, &out, &e), 0);
    assert_true(out);
    assert_int_equal(params_bool(&q, "flag", false, &out, &e), 0);
    assert_false(out);
    form_release(&q);

    query(&q, "flag=garbage");
    assert_int_equal(params_bool(&q, "flag", true, &out, &e), -1);
    assert_string_equal(e.field, "flag");
    form_release(&q);
}

static void
test_params__text_filters_are_passed_through(void **state)
{
    (void)state;
    struct form q;
    struct org_filter f;
    struct paging p;
    org_params("q=%D0%9A%D0%B8%D1%97%D0%B2&tag=IoT&region=Lviv+oblast", &q, &f,
               &p);
    assert_string_equal(f.q, "Київ");
    assert_string_equal(f.tag, "IoT");
    assert_string_equal(f.region, "Lviv oblast");
    form_release(&q);
}

static void
test_params__id_is_a_positive_number(void **state)
{
    (void)state;
    int64_t id = 0;
    assert_int_equal(params_id("1", &id), 0);
    assert_int_equal(id, 1);
    assert_int_equal(params_id("9223372036854775807", &id), 0);
    assert_int_equal(id, INT64_MAX);
    id = 77;
    assert_int_equal(params_id("0", &id), -1);
    assert_int_equal(params_id("-3", &id), -1);
    assert_int_equal(params_id("", &id), -1);
    assert_int_equal(params_id(NULL, &id), -1);
    assert_int_equal(params_id("12a", &id), -1);
    assert_int_equal(params_id("1.5", &id), -1);
    assert_int_equal(id, 77);
}

static void
test_params__id_beyond_int64_is_rejected_not_clamped(void **state)
{
    (void)state;
    int64_t id = 77;
    assert_int_equal(params_id("9223372036854775808", &id), -1);
    assert_int_equal(params_id("99999999999999999999", &id), -1);
    assert_int_equal(id, 77);
}

/* ---- contact filter ---- */

static void
test_params__contact_filter_reads_sort_and_organisation(void **state)
{
    (void)state;
    struct form q;
    query(&q, "sort=-email&organisation_id=12&q=olena&page=2&per_page=5");
    struct contact_filter f;
    struct paging p;
    struct err e = ERR_INIT;
    assert_int_equal(params_contact_filter(&q, &f, &p, &e), 0);
    assert_int_equal(f.sort, CONTACT_SORT_EMAIL);
    assert_true(f.desc);
    assert_int_equal(f.organisation_id, 12);
    assert_string_equal(f.q, "olena");
    assert_int_equal(f.offset, 5);
    assert_int_equal(f.limit, 5);
    form_release(&q);

    query(&q, "sort=organisation");
    assert_int_equal(params_contact_filter(&q, &f, &p, &e), 0);
    assert_int_equal(f.sort, CONTACT_SORT_ORGANISATION);
    assert_false(f.desc);
    assert_int_equal(f.organisation_id, 0);
    form_release(&q);
}

static void
test_params__contact_filter_refuses_bad_values(void **state)
{
    (void)state;
    const struct {
        const char *qs;
        const char *field;
    } bad[] = {
        { "organisation_id=0", "organisation_id" },
        { "organisation_id=abc", "organisation_id" },
        { "sort=kind", "sort" },
        { "archived=perhaps", "archived" },
        { "page=0", "page" },
        { "per_page=101", "per_page" },
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct form q;
        query(&q, bad[i].qs);
        struct contact_filter f;
        struct paging p;
        struct err e = ERR_INIT;
        assert_int_equal(params_contact_filter(&q, &f, &p, &e), -1);
        assert_int_equal(e.code, ERR_INVALID);
        assert_string_equal(e.field, bad[i].field);
        form_release(&q);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_params__defaults_are_name_ascending_first_page_of_25),
        cmocka_unit_test(test_params__sort_with_minus_is_descending),
        cmocka_unit_test(test_params__unknown_sort_is_invalid_on_sort),
        cmocka_unit_test(test_params__page_0_is_rejected),
        cmocka_unit_test(test_params__per_page_101_is_rejected),
        cmocka_unit_test(test_params__page_gives_offset),
        cmocka_unit_test(test_params__kind_by_name_or_label),
        cmocka_unit_test(test_params__archived_true_false_or_error),
        cmocka_unit_test(test_params__bool_default_applies_when_absent),
        cmocka_unit_test(test_params__text_filters_are_passed_through),
        cmocka_unit_test(test_params__id_is_a_positive_number),
        cmocka_unit_test(test_params__id_beyond_int64_is_rejected_not_clamped),
        cmocka_unit_test(test_params__contact_filter_reads_sort_and_organisation),
        cmocka_unit_test(test_params__contact_filter_refuses_bad_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
