/*
 * Rules of the CSV import (src/io/csv_import.c): what a file may look
 * like, where each error is reported, and how rows for one organisation
 * are grouped.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "io/csv_import.h"

#define TODAY "2026-03-31"

static int
parse(const char *csv, struct import_result *r)
{
    import_result_init(r);
    return csv_import_parse(csv, strlen(csv), TODAY, r);
}

/* The error on line whose column is column, or NULL. */
static const struct import_error *
find_error(const struct import_result *r, int line, const char *column)
{
    for (size_t i = 0; i < r->nerrors; i++)
        if (r->errors[i].line == line &&
            strcmp(r->errors[i].column, column) == 0)
            return &r->errors[i];
    return NULL;
}

static void
assert_error(const struct import_result *r, int line, const char *column,
             const char *words)
{
    const struct import_error *e = find_error(r, line, column);
    if (!e) {
        for (size_t i = 0; i < r->nerrors; i++)
            print_message("error: line %d, column \"%s\": %s\n",
                          r->errors[i].line, r->errors[i].column,
                          r->errors[i].message);
        fail_msg("no error on line %d in column \"%s\"", line, column);
    }
    assert_non_null(strstr(e->message, words));
}

static void
test_csv_import__comma_file_gives_org_and_contact(void **state)
{
    (void)state;
    struct import_result r;
    int rc = parse("name,kind,employees,nace,country,city,website,tags,"
                   "contact,email,phone,position,entry point,consent\n"
                   "Київська мехатроніка,SME,45,26.11,ua,Київ,mech.ua,"
                   "\"robots; sensors\",Олена Петренко,Olena@Mech.UA,"
                   "+380 44 123 45 67,CEO,yes,x\n",
                   &r);
    assert_int_equal(rc, 0);
    assert_int_equal(r.delimiter, ',');
    assert_int_equal(r.rows, 1);
    assert_int_equal(r.norgs, 1);
    const struct import_org *o = &r.orgs[0];
    assert_int_equal(o->line, 2);
    assert_string_equal(o->org.name, "Київська мехатроніка");
    assert_int_equal(o->org.kind, ORG_KIND_SME);
    assert_true(o->kind_given);
    assert_int_equal(o->org.employees, 45);
    assert_string_equal(o->org.country, "UA");
    assert_string_equal(o->org.website, "https://mech.ua");
    assert_int_equal(o->org.ntags, 2);
    assert_string_equal(o->org.tags[1], "sensors");
    assert_int_equal(o->ncontacts, 1);
    const struct contact *c = &o->contacts[0].contact;
    assert_string_equal(c->name, "Олена Петренко");
    assert_string_equal(c->email, "olena@mech.ua");
    assert_true(c->entry_point);
    assert_true(c->email_consent);
    assert_string_equal(c->consent_date, TODAY);
    import_result_release(&r);
}

static void
test_csv_import__semicolon_detected(void **state)
{
    (void)state;
    struct import_result r;
    int rc = parse("name;city;notes\nAcme AB;Malmö;\"a, b, c\"\n", &r);
    assert_int_equal(rc, 0);
    assert_int_equal(r.delimiter, ';');
    assert_string_equal(r.orgs[0].org.city, "Malmö");
    assert_string_equal(r.orgs[0].org.notes, "a, b, c");
    import_result_release(&r);
}

static void
test_csv_import__comma_wins_a_tie(void **state)
{
    (void)state;
    struct import_result r;
    int rc = parse("name,city;x\nAcme,Lviv;1\n", &r);
    assert_int_equal(rc, 0);
    assert_int_equal(r.delimiter, ',');
    import_result_release(&r);
    /* Quoted semicolons do not count. */
    rc = parse("\"a;b;c\",name\n1,Acme\n", &r);
    assert_int_equal(rc, 0);
    assert_int_equal(r.delimiter, ',');
    import_result_release(&r);
    rc = parse("name,city;notes;x\nAcme,y;Lund;n;\n", &r);
    assert_int_equal(r.delimiter, ';');
    import_result_release(&r);
}

static void
test_csv_import__tab_detected_without_comma_semicolon(void **state)
{
    (void)state;
    struct import_result r;
    int rc = parse("name\tcity\nAcme Sp. z o.o.\tKraków\n", &r);
    assert_int_equal(rc, 0);
    assert_int_equal(r.delimiter, '\t');
    assert_string_equal(r.orgs[0].org.city, "Kraków");
    import_result_release(&r);
}

static void
test_csv_import__bom_stripped(void **state)
{
    (void)state;
    struct import_result r;
    int rc = parse("\xEF\xBB\xBFname,city\nAcme,Lviv\n", &r);
    assert_int_equal(rc, 0);
    assert_int_equal(r.nwarnings, 0);
    assert_string_equal(r.orgs[0].org.name, "Acme");
    import_result_release(&r);
}

static void
test_csv_import__crlf_line_ends(void **state)
{
    (void)state;
    struct import_result r;
    int rc = parse("name,city\r\nAcme,Lviv\r\nBeta,Kyiv\r\n", &r);
    assert_int_equal(rc, 0);
    assert_int_equal(r.norgs, 2);
    assert_string_equal(r.orgs[0].org.city, "Lviv");
    assert_int_equal(r.orgs[1].line, 3);
    import_result_release(&r);
}

static void
test_csv_import__headers_match_aliases_any_case(void **state)
{
    (void)state;
    struct import_result r;
    int rc = parse(" Company ,TYPE,Staff,VAT Number,Contact_Person,E-Mail,"
                   "Job Title,Web\n"
                   "Acme,university,10,SE556,Anna Berg,anna@acme.se,"
                   "Rector,acme.se\n",
                   &r);
    assert_int_equal(rc, 0);
    assert_int_equal(r.nwarnings, 0);
    const struct import_org *o = &r.orgs[0];
    assert_int_equal(o->org.kind, ORG_KIND_UNIVERSITY);
    assert_int_equal(o->org.employees, 10);
    assert_string_equal(o->org.registration_no, "SE556");
    assert_string_equal(o->org.website, "https://acme.se");
    assert_string_equal(o->contacts[0].contact.position, "Rector");
    import_result_release(&r);
}

static void
test_csv_import__unknown_column_ignored_with_warning(void **state)
{
    (void)state;
    struct import_result r;
    int rc = parse("name,Fax\nAcme,123\n", &r);
    assert_int_equal(rc, 0);
    assert_int_equal(r.nwarnings, 1);
    assert_non_null(strstr(r.warnings[0], "\"Fax\""));
    assert_non_null(strstr(r.warnings[0], "ignored"));
    import_result_release(&r);
}

static void
test_csv_import__value_under_blank_header_warned_once(void **state)
{
    (void)state;
    struct import_result r;
    int rc = parse("name,\nAcme,x\nBeta,y\nGamma,\n", &r);
    assert_int_equal(rc, 0);
    assert_int_equal(r.nwarnings, 1);
    assert_non_null(strstr(r.warnings[0], "Column 2"));
    import_result_release(&r);
}

static void
test_csv_import__duplicate_column_error(void **state)
{
    (void)state;
    struct import_result r;
    int rc = parse("name,city,Company\nAcme,Lviv,Acme\n", &r);
    assert_int_equal(rc, -1);
    assert_error(&r, 1, "Company", "keep one");
    assert_int_equal(r.norgs, 0);
    import_result_release(&r);
    rc = parse("name,Fax,fax\nAcme,1,2\n", &r);
    assert_int_equal(rc, -1);
    assert_error(&r, 1, "fax", "twice");
    import_result_release(&r);
}

static void
test_csv_import__header_without_name_error(void **state)
{
    (void)state;
    struct import_result r;
    int rc = parse("city,email\nLviv,a@b.ua\n", &r);
    assert_int_equal(rc, -1);
    assert_int_equal(r.nerrors, 1);
    assert_error(&r, 1, "name", "organisation's name");
    assert_int_equal(r.rows, 0);
    import_result_release(&r);
}

static void
test_csv_import__empty_file_error(void **state)
{
    (void)state;
    struct import_result r;
    int rc = parse("", &r);
    assert_int_equal(rc, -1);
    assert_error(&r, 1, "", "empty");
    import_result_release(&r);
    rc = parse("\xEF\xBB\xBF\r\n  \n", &r);
    assert_int_equal(rc, -1);
    assert_error(&r, 1, "", "empty");
    import_result_release(&r);
}

static void
test_csv_import__header_only_is_no_error(void **state)
{
    (void)state;
    struct import_result r;
    int rc = parse("name,city\r\n", &r);
    assert_int_equal(rc, 0);
    assert_int_equal(r.rows, 0);
    assert_int_equal(r.norgs, 0);
    import_result_release(&r);
}

static void
test_csv_import__error_reports_line_and_column(void **state)
{
    (void)state;
    struct import_result r;
    int rc = parse("Name,Staff,Country\nAcme,12,SE\nBeta,many,PL\n", &r);
    assert_int_equal(rc, -1);
    assert_int_equal(r.nerrors, 1);
    assert_error(&r, 3, "Staff", "whole number");
    assert_int_equal(r.errors[0].code, ERR_INVALID);
    import_result_release(&r);
}

static void
test_csv_import__check_error_names_column_as_written(void **state)
{
    (void)state;
    struct import_result r;
    int rc = parse("Organisation,Land,Country\nAcme,x,Sweden\n", &r);
    assert_int_equal(rc, -1);
    assert_error(&r, 2, "Country", "two-letter");
    import_result_release(&r);
}

static void
test_csv_import__all_errors_collected(void **state)
{
    (void)state;
    struct import_result r;
    int rc = parse("name,kind,nace,email,contact\n"
                   ",sme,,,\n"
                   "Beta,giant,,,\n"
                   "Gamma,,99.999,,\n"
                   "Delta,,,not-an-email,Jan Kowalski\n"
                   "Epsilon,,,,\n",
                   &r);
    assert_int_equal(rc, -1);
    assert_int_equal(r.nerrors, 4);
    assert_error(&r, 2, "name", "required");
    assert_error(&r, 3, "kind", "not known");
    assert_error(&r, 4, "nace", "NACE");
    assert_error(&r, 5, "email", "e-mail");
    /* Rows with faults are left out; the good one is still read. */
    assert_int_equal(r.norgs, 1);
    assert_string_equal(r.orgs[0].org.name, "Epsilon");
    import_result_release(&r);
}

static void
test_csv_import__quoted_newline_keeps_line_numbers(void **state)
{
    (void)state;
    struct import_result r;
    int rc = parse("name,notes,employees\r\n"
                   "Acme,\"first line\r\nsecond line\r\nthird\",5\r\n"
                   "\r\n"
                   "\"Beta\nGroup\",x,-3\r\n"
                   "Gamma,,lots\r\n",
                   &r);
    assert_int_equal(rc, -1);
    assert_int_equal(r.orgs[0].line, 2);
    assert_string_equal(r.orgs[0].org.notes,
                        "first line\r\nsecond line\r\nthird");
    assert_error(&r, 6, "employees", "whole number");
    assert_error(&r, 8, "employees", "whole number");
    import_result_release(&r);
}

static void
test_csv_import__unknown_kind_is_error(void **state)
{
    (void)state;
    struct import_result r;
    int rc = parse("name,kind\nAcme,corporation\n", &r);
    assert_int_equal(rc, -1);
    assert_error(&r, 2, "kind", "\"corporation\" is not known");
    assert_error(&r, 2, "kind", "large, sme, micro, startup, university, "
                                "research, public, association, other");
    import_result_release(&r);
}

static void
test_csv_import__kind_by_label_or_default_other(void **state)
{
    (void)state;
    struct import_result r;
    int rc = parse("name,kind\nAcme,large enterprise\nBeta,\n", &r);
    assert_int_equal(rc, 0);
    assert_int_equal(r.orgs[0].org.kind, ORG_KIND_LARGE);
    assert_true(r.orgs[0].kind_given);
    assert_int_equal(r.orgs[1].org.kind, ORG_KIND_OTHER);
    assert_false(r.orgs[1].kind_given);
    import_result_release(&r);
}

static void
test_csv_import__employees_allow_thousand_spaces(void **state)
{
    (void)state;
    struct import_result r;
    int rc = parse("name,employees\nA,1 200\nB,12\xC2\xA0" "000\nC,\nD,0\n",
                   &r);
    assert_int_equal(rc, 0);
    assert_int_equal(r.orgs[0].org.employees, 1200);
    assert_int_equal(r.orgs[1].org.employees, 12000);
    assert_int_equal(r.orgs[2].org.employees, ORG_EMPLOYEES_UNKNOWN);
    assert_int_equal(r.orgs[3].org.employees, 0);
    import_result_release(&r);
    rc = parse("name,employees\nA,12 00\nB,1.5\nC,20000000\n"
               "D,99999999999999999999999\n",
               &r);
    assert_int_equal(rc, -1);
    assert_error(&r, 2, "employees", "whole number");
    assert_error(&r, 3, "employees", "whole number");
    assert_error(&r, 4, "employees", "10,000,000");
    assert_error(&r, 5, "employees", "whole number");
    import_result_release(&r);
}

static void
test_csv_import__yes_no_values(void **state)
{
    (void)state;
    struct import_result r;
    int rc = parse("name,contact,email,entry_point,email consent\n"
                   "A,Ann,ann@a.se,TRUE,1\n"
                   "B,Bo,,x,no\n"
                   "C,,,No,false\n"
                   "D,Di,di@d.se,maybe,0\n",
                   &r);
    assert_int_equal(rc, -1);
    assert_true(r.orgs[0].contacts[0].contact.entry_point);
    assert_true(r.orgs[0].contacts[0].contact.email_consent);
    assert_true(r.orgs[1].contacts[0].contact.entry_point);
    /* A "no" alone does not make a contact. */
    assert_int_equal(r.orgs[2].ncontacts, 0);
    assert_error(&r, 5, "entry_point", "not yes or no");
    import_result_release(&r);
}

static void
test_csv_import__contact_needs_a_name(void **state)
{
    (void)state;
    struct import_result r;
    int rc = parse("name,Contact person,E-mail\nAcme,,ann@acme.se\n", &r);
    assert_int_equal(rc, -1);
    assert_error(&r, 2, "Contact person", "required");
    import_result_release(&r);
    rc = parse("name,E-mail\nAcme,ann@acme.se\n", &r);
    assert_error(&r, 2, "contact_name", "required");
    import_result_release(&r);
}

static void
test_csv_import__consent_date_in_future_error(void **state)
{
    (void)state;
    struct import_result r;
    int rc = parse("name,contact,email,consent,consent date,consent source\n"
                   "A,Ann,ann@a.se,yes,2026-01-15,event\n"
                   "B,Bo,bo@b.se,yes,2027-01-01,form\n",
                   &r);
    assert_int_equal(rc, -1);
    assert_string_equal(r.orgs[0].contacts[0].contact.consent_date,
                        "2026-01-15");
    assert_string_equal(r.orgs[0].contacts[0].contact.consent_source, "event");
    assert_error(&r, 3, "consent date", "future");
    import_result_release(&r);
}

static void
test_csv_import__same_org_rows_grouped(void **state)
{
    (void)state;
    struct import_result r;
    int rc = parse("name,registration no,city,kind,tags,contact,email\n"
                   "ACME  GmbH,,Berlin,sme,robots,Jan,jan@acme.de\n"
                   "Beta,42,,,,Bo,bo@beta.se\n"
                   "acme gmbh,,,,\"robots, ai\",Eva,eva@acme.de\n"
                   "Beta AB,42,Lund,,,Per,per@beta.se\n",
                   &r);
    assert_int_equal(rc, -1); /* Beta vs Beta AB: names differ */
    import_result_release(&r);

    rc = parse("name,registration no,city,kind,tags,contact,email\n"
               "ACME  GmbH,,Berlin,sme,robots,Jan,jan@acme.de\n"
               "Beta AB,42,,,,Bo,bo@beta.se\n"
               "acme gmbh,HRB 1,,,\"robots, ai\",Eva,eva@acme.de\n"
               "beta ab,42,Lund,,,Per,per@beta.se\n"
               "Acme GmbH,HRB 1,,,,,\n",
               &r);
    assert_int_equal(rc, 0);
    assert_int_equal(r.rows, 5);
    assert_int_equal(r.norgs, 2);
    const struct import_org *acme = &r.orgs[0], *beta = &r.orgs[1];
    assert_string_equal(acme->org.name, "ACME  GmbH");
    assert_string_equal(acme->org.registration_no, "HRB 1");
    assert_int_equal(acme->org.ntags, 2);
    assert_int_equal(acme->ncontacts, 2);
    assert_int_equal(acme->contacts[1].line, 4);
    assert_int_equal(acme->nlines, 3);
    assert_int_equal(acme->lines[2], 6);
    assert_string_equal(beta->org.city, "Lund");
    assert_int_equal(beta->ncontacts, 2);
    assert_string_equal(beta->contacts[1].contact.email, "per@beta.se");
    import_result_release(&r);
}

static void
test_csv_import__same_registration_no_is_same_org(void **state)
{
    (void)state;
    struct import_result r;
    int rc = parse("name,edrpou\nТОВ Ромашка,12345678\nRomashka LLC,12345678\n",
                   &r);
    assert_int_equal(rc, -1);
    assert_error(&r, 3, "name", "Line 2 gives \"ТОВ Ромашка\"");
    import_result_release(&r);
}

static void
test_csv_import__conflicting_values_error_on_later_row(void **state)
{
    (void)state;
    struct import_result r;
    int rc = parse("name,City,kind,employees,contact\n"
                   "Acme,Lviv,sme,10,Ann\n"
                   "Acme,Lviv,,,Bo\n"
                   "acme,Kyiv,large,12,Cy\n",
                   &r);
    assert_int_equal(rc, -1);
    assert_int_equal(r.nerrors, 3);
    assert_error(&r, 4, "City", "Line 2 gives \"Lviv\"");
    assert_error(&r, 4, "kind", "\"Large enterprise\"");
    assert_error(&r, 4, "employees", "\"12\"");
    import_result_release(&r);
}

static void
test_csv_import__two_entry_points_error(void **state)
{
    (void)state;
    struct import_result r;
    int rc = parse("name,contact,entry point\n"
                   "Acme,Ann,yes\nAcme,Bo,no\nAcme,Cy,yes\nBeta,Di,yes\n",
                   &r);
    assert_int_equal(rc, -1);
    assert_int_equal(r.nerrors, 1);
    assert_error(&r, 4, "entry point", "Line 2 already names the entry point");
    import_result_release(&r);
}

static void
test_csv_import__same_email_twice_in_org_error(void **state)
{
    (void)state;
    struct import_result r;
    int rc = parse("name,contact,email\n"
                   "Acme,Ann,ann@acme.se\nBeta,Ann,ann@acme.se\n"
                   "Acme,Anna,ANN@acme.se\n",
                   &r);
    assert_int_equal(rc, -1);
    assert_int_equal(r.nerrors, 1);
    assert_error(&r, 4, "email", "Line 2 already gives");
    import_result_release(&r);
}

static void
test_csv_import__empty_rows_skipped(void **state)
{
    (void)state;
    struct import_result r;
    int rc = parse("name,city\n\n,\n  ,  \nAcme,Lviv\n\r\n,,\n", &r);
    assert_int_equal(rc, 0);
    assert_int_equal(r.rows, 1);
    assert_int_equal(r.norgs, 1);
    assert_int_equal(r.orgs[0].line, 5);
    import_result_release(&r);
}

static void
test_csv_import__extra_values_error(void **state)
{
    (void)state;
    struct import_result r;
    int rc = parse("name,city\nAcme,Lviv,,\nBeta,Kyiv,oops\n", &r);
    assert_int_equal(rc, -1);
    assert_int_equal(r.nerrors, 1);
    assert_error(&r, 3, "", "3 values");
    import_result_release(&r);
}

static void
test_csv_import__invalid_utf8_error_line(void **state)
{
    (void)state;
    struct import_result r;
    int rc = parse("name,city\nAcme,Lviv\nBeta,M\xE4lm\xF6\nGamma,Kyiv\n"
                   "Delta,\xC0\xAF\n",
                   &r);
    assert_int_equal(rc, -1);
    assert_int_equal(r.nerrors, 2);
    assert_error(&r, 3, "", "UTF-8");
    assert_error(&r, 5, "", "UTF-8");
    assert_int_equal(r.errors[0].code, ERR_BAD_REQUEST);
    import_result_release(&r);
}

static void
test_csv_import__nul_byte_error_line(void **state)
{
    (void)state;
    struct import_result r;
    static const char csv[] = "name\nAcme\nBe\0ta\n";
    import_result_init(&r);
    int rc = csv_import_parse(csv, sizeof(csv) - 1, TODAY, &r);
    assert_int_equal(rc, -1);
    assert_error(&r, 3, "", "control characters");
    import_result_release(&r);
}

static void
test_csv_import__malformed_quote_error_line(void **state)
{
    (void)state;
    struct import_result r;
    int rc = parse("name,city\nAcme,Lviv\nBeta,\"Kyiv\" x\nGamma,Lund\n", &r);
    assert_int_equal(rc, -1);
    assert_error(&r, 3, "", "quote");
    import_result_release(&r);
    rc = parse("name,city\nO\"Brien Ltd,Cork\n", &r);
    assert_error(&r, 2, "", "quote");
    import_result_release(&r);
}

static void
test_csv_import__unclosed_quote_error_line(void **state)
{
    (void)state;
    struct import_result r;
    int rc = parse("name,notes\nAcme,ok\nBeta,\"never\nclosed\n", &r);
    assert_int_equal(rc, -1);
    assert_error(&r, 3, "", "never closed");
    import_result_release(&r);
}

static void
test_csv_import__formula_apostrophe_removed(void **state)
{
    (void)state;
    struct import_result r;
    int rc = parse("name,contact,phone,notes\n"
                   "Acme,Ann,'+380 44 123 45 67,'=1+1\n"
                   "'Beta,Bo,,'it's\n",
                   &r);
    assert_int_equal(rc, 0);
    assert_string_equal(r.orgs[0].contacts[0].contact.phone,
                        "+380 44 123 45 67");
    assert_string_equal(r.orgs[0].org.notes, "=1+1");
    /* Only our own defusing is undone. */
    assert_string_equal(r.orgs[1].org.name, "'Beta");
    assert_string_equal(r.orgs[1].org.notes, "'it's");
    import_result_release(&r);
}

static void
test_csv_import__caps_input_size(void **state)
{
    (void)state;
    struct import_result r;
    size_t len = CSV_IMPORT_MAX_BYTES + 1;
    char *big = xmalloc(len);
    memset(big, 'a', len);
    import_result_init(&r);
    int rc = csv_import_parse(big, len, TODAY, &r);
    assert_int_equal(rc, -1);
    assert_int_equal(r.nerrors, 1);
    assert_int_equal(r.errors[0].code, ERR_TOO_LARGE);
    assert_non_null(strstr(r.errors[0].message, "20 MiB"));
    import_result_release(&r);
    free(big);
}

static void
test_csv_import__caps_field_length(void **state)
{
    (void)state;
    struct import_result r;
    struct buf csv = BUF_INIT;
    buf_adds(&csv, "name,notes\nAcme,");
    for (int i = 0; i < CSV_IMPORT_MAX_FIELD; i++)
        buf_addc(&csv, 'n');
    buf_adds(&csv, "\nBeta,\"");
    for (int i = 0; i <= CSV_IMPORT_MAX_FIELD; i++)
        buf_addc(&csv, 'n');
    buf_adds(&csv, "\"\n");
    int rc = parse(csv.s, &r);
    assert_int_equal(rc, -1);
    assert_int_equal(r.nerrors, 1);
    assert_error(&r, 3, "notes", "longer than 10000 bytes");
    assert_int_equal(r.errors[0].code, ERR_TOO_LARGE);
    assert_int_equal(r.norgs, 1);
    import_result_release(&r);
    buf_release(&csv);
}

static void
test_csv_import__caps_rows(void **state)
{
    (void)state;
    struct import_result r;
    struct buf csv = BUF_INIT;
    buf_adds(&csv, "name\n");
    for (int i = 0; i < CSV_IMPORT_MAX_ROWS; i++)
        buf_addf(&csv, "Org %d\n", i);
    int rc = parse(csv.s, &r);
    assert_int_equal(rc, 0);
    assert_int_equal(r.norgs, CSV_IMPORT_MAX_ROWS);
    import_result_release(&r);

    buf_adds(&csv, "\nOne too many\n");
    rc = parse(csv.s, &r);
    assert_int_equal(rc, -1);
    assert_int_equal(r.nerrors, 1);
    assert_error(&r, CSV_IMPORT_MAX_ROWS + 3, "", "more than 100000 rows");
    assert_int_equal(r.errors[0].code, ERR_TOO_LARGE);
    import_result_release(&r);
    buf_release(&csv);
}

static void
test_csv_import__caps_errors(void **state)
{
    (void)state;
    struct import_result r;
    struct buf csv = BUF_INIT;
    buf_adds(&csv, "name,country\n");
    for (int i = 0; i < CSV_IMPORT_MAX_ERRORS + 50; i++)
        buf_addf(&csv, "Org %d,Ukraine\n", i);
    int rc = parse(csv.s, &r);
    assert_int_equal(rc, -1);
    assert_int_equal(r.nerrors, CSV_IMPORT_MAX_ERRORS + 1);
    assert_int_equal(r.errors[CSV_IMPORT_MAX_ERRORS - 1].line,
                     CSV_IMPORT_MAX_ERRORS + 1);
    const struct import_error *last = &r.errors[CSV_IMPORT_MAX_ERRORS];
    assert_int_equal(last->line, 0);
    assert_non_null(strstr(last->message, "more than 1000 errors"));
    import_result_release(&r);
    buf_release(&csv);
}

static void
test_csv_import__caps_columns(void **state)
{
    (void)state;
    struct import_result r;
    struct buf csv = BUF_INIT;
    buf_adds(&csv, "name");
    for (int i = 0; i < CSV_IMPORT_MAX_COLUMNS; i++)
        buf_addf(&csv, ",c%d", i);
    buf_adds(&csv, "\nAcme\n");
    int rc = parse(csv.s, &r);
    assert_int_equal(rc, -1);
    assert_error(&r, 1, "", "more than 200 columns");
    import_result_release(&r);
    buf_release(&csv);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_import__comma_file_gives_org_and_contact),
        cmocka_unit_test(test_csv_import__semicolon_detected),
        cmocka_unit_test(test_csv_import__comma_wins_a_tie),
        cmocka_unit_test(test_csv_import__tab_detected_without_comma_semicolon),
        cmocka_unit_test(test_csv_import__bom_stripped),
        cmocka_unit_test(test_csv_import__crlf_line_ends),
        cmocka_unit_test(test_csv_import__headers_match_aliases_any_case),
        cmocka_unit_test(test_csv_import__unknown_column_ignored_with_warning),
        cmocka_unit_test(test_csv_import__value_under_blank_header_warned_once),
        cmocka_unit_test(test_csv_import__duplicate_column_error),
        cmocka_unit_test(test_csv_import__header_without_name_error),
        cmocka_unit_test(test_csv_import__empty_file_error),
        cmocka_unit_test(test_csv_import__header_only_is_no_error),
        cmocka_unit_test(test_csv_import__error_reports_line_and_column),
        cmocka_unit_test(test_csv_import__check_error_names_column_as_written),
        cmocka_unit_test(test_csv_import__all_errors_collected),
        cmocka_unit_test(test_csv_import__quoted_newline_keeps_line_numbers),
        cmocka_unit_test(test_csv_import__unknown_kind_is_error),
        cmocka_unit_test(test_csv_import__kind_by_label_or_default_other),
        cmocka_unit_test(test_csv_import__employees_allow_thousand_spaces),
        cmocka_unit_test(test_csv_import__yes_no_values),
        cmocka_unit_test(test_csv_import__contact_needs_a_name),
        cmocka_unit_test(test_csv_import__consent_date_in_future_error),
        cmocka_unit_test(test_csv_import__same_org_rows_grouped),
        cmocka_unit_test(test_csv_import__same_registration_no_is_same_org),
        cmocka_unit_test(
            test_csv_import__conflicting_values_error_on_later_row),
        cmocka_unit_test(test_csv_import__two_entry_points_error),
        cmocka_unit_test(test_csv_import__same_email_twice_in_org_error),
        cmocka_unit_test(test_csv_import__empty_rows_skipped),
        cmocka_unit_test(test_csv_import__extra_values_error),
        cmocka_unit_test(test_csv_import__invalid_utf8_error_line),
        cmocka_unit_test(test_csv_import__nul_byte_error_line),
        cmocka_unit_test(test_csv_import__malformed_quote_error_line),
        cmocka_unit_test(test_csv_import__unclosed_quote_error_line),
        cmocka_unit_test(test_csv_import__formula_apostrophe_removed),
        cmocka_unit_test(test_csv_import__caps_input_size),
        cmocka_unit_test(test_csv_import__caps_field_length),
        cmocka_unit_test(test_csv_import__caps_rows),
        cmocka_unit_test(test_csv_import__caps_errors),
        cmocka_unit_test(test_csv_import__caps_columns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
