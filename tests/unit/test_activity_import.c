/*
 * Rules of the activity import (io/activity_import.c, its resolution in
 * store/activity_import.c) and of the lead columns of the organisation
 * import (io/csv_import.c, store/import.c): what a file may look like,
 * where each fault is reported, what a resolved file stores.
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
#include "base/date.h"
#include "base/mem.h"
#include "io/activity_import.h"
#include "io/csv_import.h"
#include "store/activity_import_store.h"
#include "store/db.h"
#include "store/funnel_store.h"
#include "store/import.h"
#include "store/store.h"

#define TODAY "2026-03-31"

struct fx {
    char dir[64];
    char path[128];
    struct store *st;
    struct cluster a, b;
    struct scope sa, sb;
};

#include "store_fixture.h"
#include "test_day.h"


static int
parse(const char *csv, struct activity_import_result *r)
{
    activity_import_result_init(r);
    return activity_import_parse(csv, strlen(csv), TODAY, r);
}

static void
dump_errors(const struct import_error *errors, size_t n)
{
    for (size_t i = 0; i < n; i++)
        print_message("error: line %d, column \"%s\": %s\n", errors[i].line,
                      errors[i].column, errors[i].message);
}

/* Fails unless an error on line in column holds words. */
static void
assert_error_in(const struct import_error *errors, size_t n, int line,
                const char *column, const char *words)
{
    for (size_t i = 0; i < n; i++)
        if (errors[i].line == line && strcmp(errors[i].column, column) == 0) {
            if (!strstr(errors[i].message, words))
                fail_msg("line %d \"%s\": \"%s\" lacks \"%s\"", line, column,
                         errors[i].message, words);
            return;
        }
    dump_errors(errors, n);
    fail_msg("no error on line %d in column \"%s\"", line, column);
}

#define assert_error(r, line, column, words) \
    assert_error_in((r)->errors, (r)->nerrors, (line), (column), (words))

/* ---- parse ---- */

static void
test_activity_import__aliases_any_case_and_three_date_forms(void **state)
{
    (void)state;
    struct activity_import_result r;
    int rc = parse("Company,Contact_Email,TYPE,Day,Notes,By\n"
                   "Acme GmbH,Olena@Mech.UA,email_reply,2026-03-01,Thanks,"
                   "anna@alpha.example\n"
                   "Acme GmbH,,E-mail sent,05.02.2026,\"Two\nlines\",\n"
                   "Beta AB,Petro Koval,meeting,7/1/2026,,\n",
                   &r);
    if (rc)
        dump_errors(r.errors, r.nerrors);
    assert_int_equal(rc, 0);
    assert_int_equal(r.read, 3);
    assert_int_equal(r.nrows, 3);
    assert_string_equal(r.columns[ACOL_ORGANISATION], "Company");
    assert_string_equal(r.columns[ACOL_CONTACT], "Contact_Email");
    assert_string_equal(r.columns[ACOL_REGISTRATION_NO], "registration_no");
    assert_false(r.has_column[ACOL_REGISTRATION_NO]);
    const struct activity_import_row *row = &r.rows[0];
    assert_int_equal(row->line, 2);
    assert_string_equal(row->organisation, "Acme GmbH");
    assert_string_equal(row->contact, "olena@mech.ua");
    assert_int_equal(row->kind, ACTIVITY_EMAIL_REPLY);
    assert_string_equal(row->date, "2026-03-01");
    assert_string_equal(row->text, "Thanks");
    assert_string_equal(row->author, "anna@alpha.example");
    assert_int_equal(r.rows[1].kind, ACTIVITY_EMAIL_OUT);
    assert_string_equal(r.rows[1].date, "2026-02-05");
    assert_string_equal(r.rows[1].text, "Two\nlines");
    assert_int_equal(r.rows[2].line, 5); /* the quoted line break counts */
    assert_string_equal(r.rows[2].date, "2026-01-07");
    assert_string_equal(r.rows[2].contact, "Petro Koval");
    activity_import_result_release(&r);
}

static void
test_activity_import__semicolons_and_bom(void **state)
{
    (void)state;
    struct activity_import_result r;
    int rc = parse("\xEF\xBB\xBForganisation;registration no;organisation id;"
                   "kind;date;text\r\n"
                   ";12345678;;call;2026-03-31;\"a; b\"\r\n"
                   ";;42;note;2026-03-30;x\r\n",
                   &r);
    assert_int_equal(rc, 0);
    assert_int_equal(r.delimiter, ';');
    assert_int_equal(r.nrows, 2);
    assert_string_equal(r.columns[ACOL_ORGANISATION], "organisation");
    assert_true(r.has_column[ACOL_ORGANISATION]);
    assert_string_equal(r.rows[0].registration_no, "12345678");
    assert_string_equal(r.rows[0].text, "a; b");
    assert_int_equal(r.rows[1].organisation_id, 42);
    activity_import_result_release(&r);
}

static void
test_activity_import__header_needs_organisation_kind_date(void **state)
{
    (void)state;
    struct activity_import_result r;
    assert_int_equal(parse("text,author\nhello,me\n", &r), -1);
    assert_error(&r, 1, "organisation", "must give the organisation");
    assert_error(&r, 1, "kind", "column \"kind\"");
    assert_error(&r, 1, "date", "column \"date\"");
    assert_int_equal(r.nrows, 0);
    activity_import_result_release(&r);
}

static void
test_activity_import__duplicate_and_unknown_columns(void **state)
{
    (void)state;
    struct activity_import_result r;
    assert_int_equal(parse("Company,Name,kind,date,Fax\n", &r), -1);
    assert_error(&r, 1, "Name", "both give the organisation");
    activity_import_result_release(&r);

    assert_int_equal(parse("Company,kind,date,Fax\n", &r), 0);
    assert_int_equal(r.nwarnings, 1);
    assert_non_null(strstr(r.warnings[0], "\"Fax\" is not known"));
    activity_import_result_release(&r);
}

static void
test_activity_import__every_fault_by_line_and_column(void **state)
{
    (void)state;
    struct activity_import_result r;
    int rc = parse("Organisation,Org ID,Type,When,Text\n"
                   "Acme,,phone call,2026-03-01,\n" /* 2: kind */
                   "Acme,,call,2026-02-30,\n"       /* 3: not a day */
                   "Acme,,call,2026-04-01,\n"       /* 4: future */
                   ",,call,2026-03-01,\n"           /* 5: no organisation */
                   ",4x,call,2026-03-01,\n"         /* 6: bad id */
                   "Acme,,,,\n"                     /* 7: kind and date */
                   "Acme,,call,31.03.2026,fine\n"   /* 8: good */
                   "Acme,,meeting,2026/03/01,\n",   /* 9: date form */
                   &r);
    assert_int_equal(rc, -1);
    assert_error(&r, 2, "Type", "\"phone call\" is not known");
    assert_error(&r, 2, "Type", "email_out");
    assert_error(&r, 3, "When", "is not a day");
    assert_error(&r, 4, "When", "in the future");
    assert_error(&r, 5, "Organisation", "Give the organisation");
    assert_error(&r, 6, "Org ID", "not an organisation id");
    assert_error(&r, 7, "Type", "Give the kind");
    assert_error(&r, 7, "When", "Give the day");
    assert_error(&r, 9, "When", "YYYY-MM-DD, DD.MM.YYYY or DD/MM/YYYY");
    assert_int_equal(r.nerrors, 8);
    /* Rows without faults are kept (and not imported while any remain). */
    assert_int_equal(r.nrows, 1);
    assert_int_equal(r.rows[0].line, 8);
    activity_import_result_release(&r);
}

static void
test_activity_import__text_up_to_10000_characters(void **state)
{
    (void)state;
    struct activity_import_result r;
    struct buf csv = BUF_INIT;
    /* 10,000 Cyrillic letters are 20,000 bytes: allowed. */
    buf_adds(&csv, "organisation,kind,date,text\nAcme,note,2026-03-01,");
    for (int i = 0; i < 10000; i++)
        buf_adds(&csv, "ж");
    buf_adds(&csv, "\nAcme,note,2026-03-01,");
    for (int i = 0; i < 10001; i++)
        buf_adds(&csv, "a");
    buf_adds(&csv, "\n");
    activity_import_result_init(&r);
    assert_int_equal(activity_import_parse(csv.s, csv.len, TODAY, &r), -1);
    assert_int_equal(r.nrows, 1);
    assert_int_equal(strlen(r.rows[0].text), 20000);
    assert_error(&r, 3, "text", "longer than 10000 characters");
    assert_int_equal(r.nerrors, 1);
    activity_import_result_release(&r);
    buf_release(&csv);
}

static void
test_activity_import__caps_field_and_rows(void **state)
{
    (void)state;
    struct activity_import_result r;
    struct buf csv = BUF_INIT;
    buf_adds(&csv, "organisation,kind,date,text\nAcme,note,2026-03-01,");
    for (int i = 0; i < ACTIVITY_IMPORT_MAX_FIELD + 1; i++)
        buf_addc(&csv, 'a');
    buf_adds(&csv, "\n");
    activity_import_result_init(&r);
    assert_int_equal(activity_import_parse(csv.s, csv.len, TODAY, &r), -1);
    assert_int_equal(r.errors[0].code, ERR_TOO_LARGE);
    assert_error(&r, 2, "text", "longer than 40000 bytes");
    activity_import_result_release(&r);

    buf_reset(&csv);
    buf_adds(&csv, "organisation,kind,date\n");
    for (int i = 0; i < CSV_IMPORT_MAX_ROWS + 1; i++)
        buf_adds(&csv, "A,note,2026-03-01\n");
    activity_import_result_init(&r);
    assert_int_equal(activity_import_parse(csv.s, csv.len, TODAY, &r), -1);
    assert_int_equal(r.nerrors, 1);
    assert_int_equal(r.errors[0].code, ERR_TOO_LARGE);
    assert_int_equal(r.errors[0].line, CSV_IMPORT_MAX_ROWS + 2);
    assert_int_equal(r.read, CSV_IMPORT_MAX_ROWS);
    activity_import_result_release(&r);
    buf_release(&csv);
}

static void
test_activity_import__caps_errors(void **state)
{
    (void)state;
    struct activity_import_result r;
    struct buf csv = BUF_INIT;
    buf_adds(&csv, "organisation,kind,date\n");
    for (int i = 0; i < CSV_IMPORT_MAX_ERRORS + 50; i++)
        buf_adds(&csv, "A,nope,2026-03-01\n");
    activity_import_result_init(&r);
    assert_int_equal(activity_import_parse(csv.s, csv.len, TODAY, &r), -1);
    assert_int_equal(r.nerrors, CSV_IMPORT_MAX_ERRORS + 1);
    assert_int_equal(r.errors[CSV_IMPORT_MAX_ERRORS].line, 0);
    assert_non_null(strstr(r.errors[CSV_IMPORT_MAX_ERRORS].message,
                           "more than 1000 errors"));
    /* A fault the store finds later does not pass the cap either. */
    activity_import_add_error(&r, 5, ACOL_CONTACT, "late");
    assert_int_equal(r.nerrors, CSV_IMPORT_MAX_ERRORS + 1);
    activity_import_result_release(&r);
    buf_release(&csv);
}

static void
test_activity_import__encoding_quotes_and_empty_file(void **state)
{
    (void)state;
    struct activity_import_result r;
    assert_int_equal(parse("organisation,kind,date\n"
                           "Acme,note,2026-03-01\n"
                           "Ac\xFFme,note,2026-03-01\n",
                           &r),
                     -1);
    assert_error(&r, 3, "", "not valid UTF-8");
    activity_import_result_release(&r);

    assert_int_equal(
        parse("organisation,kind,date\nA\"cme,note,2026-03-01\n", &r), -1);
    assert_error(&r, 2, "", "quote");
    activity_import_result_release(&r);

    assert_int_equal(parse("", &r), -1);
    assert_error(&r, 1, "", "The file is empty");
    activity_import_result_release(&r);

    assert_int_equal(parse("organisation,kind,date\n\n ,, \n", &r), 0);
    assert_int_equal(r.read, 0);
    activity_import_result_release(&r);
}

static void
test_csv_parse_date__forms(void **state)
{
    (void)state;
    char out[11];
    assert_int_equal(csv_parse_date("2026-02-28", out), 0);
    assert_string_equal(out, "2026-02-28");
    assert_int_equal(csv_parse_date("29.02.2024", out), 0);
    assert_string_equal(out, "2024-02-29");
    assert_int_equal(csv_parse_date("1/2/2026", out), 0);
    assert_string_equal(out, "2026-02-01");
    assert_int_equal(csv_parse_date("29.02.2026", out), -1);
    assert_int_equal(csv_parse_date("01.02/2026", out), -1);
    assert_int_equal(csv_parse_date("01.02.26", out), -1);
    assert_int_equal(csv_parse_date("01.02.20266", out), -1);
    assert_int_equal(csv_parse_date("2026-2-28", out), -1);
    assert_int_equal(csv_parse_date("", out), -1);
}

/* ---- the lead columns of the organisation import ---- */

static void
test_csv_import__lead_columns(void **state)
{
    (void)state;
    struct import_result r;
    const char *csv = "name,source,Owner,In the base since,DNC\n"
                      "Acme,trade fair,Anna@Alpha.Example,01.02.2025,no\n"
                      "Acme,,,,\n"
                      "Beta,,,,yes\n"
                      "Gamma,,,,2026-01-15\n"
                      "Delta,,,,\n";
    import_result_init(&r);
    assert_int_equal(csv_import_parse(csv, strlen(csv), TODAY, &r), 0);
    assert_true(r.has_lead);
    assert_string_equal(r.owner_column, "Owner");
    assert_int_equal(r.norgs, 4);
    const struct import_lead *l = &r.orgs[0].lead;
    assert_string_equal(l->source, "trade fair");
    assert_string_equal(l->owner, "anna@alpha.example");
    assert_int_equal(l->owner_line, 2);
    assert_string_equal(l->since, "2025-02-01");
    assert_int_equal(l->dnc, 0);
    assert_int_equal(r.orgs[1].lead.dnc, 1);
    assert_string_equal(r.orgs[1].lead.dnc_on, TODAY);
    assert_false(r.orgs[1].lead.dnc_dated);
    assert_int_equal(r.orgs[2].lead.dnc, 1);
    assert_string_equal(r.orgs[2].lead.dnc_on, "2026-01-15");
    assert_true(r.orgs[2].lead.dnc_dated);
    assert_int_equal(r.orgs[3].lead.dnc, -1);
    assert_string_equal(r.orgs[3].lead.source, "");
    import_result_release(&r);
}

static void
test_csv_import__lead_column_faults(void **state)
{
    (void)state;
    struct import_result r;
    const char *csv = "name,source,owner,since,do not contact\n"
                      "Acme,fair,not-an-email,2026-04-01,maybe\n"
                      "Beta,fair,,,2026-04-02\n"
                      "Gamma,fair,,,\n"
                      "Gamma,web,,,\n";
    import_result_init(&r);
    assert_int_equal(csv_import_parse(csv, strlen(csv), TODAY, &r), -1);
    assert_error(&r, 2, "owner", "not an e-mail address");
    assert_error(&r, 2, "since", "not a day up to today");
    assert_error(&r, 2, "do not contact", "neither yes, no");
    assert_error(&r, 3, "do not contact", "neither yes, no");
    assert_error(&r, 5, "source", "Line 4 gives \"fair\"");
    assert_int_equal(r.nerrors, 5);
    import_result_release(&r);
}

/* ---- against the store ---- */

static int
fx_setup(void **state)
{
    *state = store_fx_new("/tmp/cd-test-activity-import-XXXXXX");
    return *state ? 0 : -1;
}

static void
import_orgs(struct fx *fx, const struct scope *sc, const char *csv)
{
    struct import_result r;
    struct import_summary sum;
    struct err e = ERR_INIT;
    import_result_init(&r);
    assert_int_equal(csv_import_parse(csv, strlen(csv), TODAY, &r), 0);
    if (import_store_apply(fx->st, sc, &r, "orgs.csv", 1, &sum, &e))
        fail_msg("import: %s", e.msg);
    import_result_release(&r);
}

static int64_t
org_id(struct fx *fx, int64_t cluster_id, const char *name)
{
    struct org o;
    int64_t id = 0;
    struct err e = ERR_INIT;
    org_init(&o);
    org_set_str(&o.name, name);
    assert_int_equal(
        org_store_find_duplicate(fx->st, cluster_id, &o, &id, NULL, &e),
        STORE_ONE);
    org_release(&o);
    return id;
}

static int64_t
add_user(struct fx *fx, const struct scope *sc, const char *email,
         const char *name)
{
    struct user u = { 0 };
    int64_t id = 0;
    struct err e = ERR_INIT;
    u.cluster_id = sc->cluster_id;
    u.email = (char *)email;
    u.name = (char *)name;
    u.role = ROLE_MANAGER;
    if (user_store_add(fx->st, sc, &u, "x", &id, &e))
        fail_msg("user: %s", e.msg);
    return id;
}

static const char ORGS_A[] =
    "name,registration no,contact,email\n"
    "Acme GmbH,DE-111,Olena Petrenko,olena@acme.example\n"
    "Acme GmbH,DE-111,Petro Koval,\n"
    "Beta AB,SE-222,,\n";

static void
test_activity_import__resolves_and_stores(void **state)
{
    struct fx *fx = *state;
    struct activity_import_result r;
    struct activity_import_plan plan;
    struct activity_import_summary sum;
    struct err e = ERR_INIT;
    import_orgs(fx, &fx->sa, ORGS_A);
    int64_t anna = add_user(fx, &fx->sa, "anna@alpha.example", "Anna Ahl");
    int64_t acme = org_id(fx, fx->a.id, "Acme GmbH");
    int64_t beta = org_id(fx, fx->a.id, "Beta AB");
    char csv[512];
    snprintf(csv, sizeof(csv),
             "organisation,registration no,organisation id,contact,kind,"
             "date,text,author\n"
             "ACME  gmbh,,,OLENA@acme.example,email_reply,2026-03-01,Yes!,"
             "ANNA@alpha.example\n"
             ",SE-222,,,call,2026-03-02,,Old Colleague\n"
             ",,%lld,petro koval,Meeting,2026-03-03,,anna ahl\n"
             "Beta AB,,,,note,2026-03-04,,\n",
             (long long)acme);
    assert_int_equal(parse(csv, &r), 0);
    activity_import_plan_init(&plan);
    assert_int_equal(
        activity_import_resolve(fx->st, &fx->sa, day(TODAY), &r, &plan, &e), 0);
    dump_errors(r.errors, r.nerrors);
    assert_int_equal(r.nerrors, 0);
    assert_int_equal(plan.n, 4);
    assert_int_equal(plan.organisations, 2);
    assert_int_equal(plan.signals, 2); /* the reply and the meeting */
    assert_int_equal(plan.items[0].organisation_id, acme);
    assert_string_equal(plan.items[0].contact_name, "Olena Petrenko");
    assert_int_equal(plan.items[0].author_id, anna);
    assert_string_equal(plan.items[0].author, "Anna Ahl");
    assert_int_equal(plan.items[1].organisation_id, beta);
    assert_int_equal(plan.items[1].contact_id, 0);
    assert_int_equal(plan.items[1].author_id, 0);
    assert_string_equal(plan.items[1].author, "Old Colleague");
    assert_string_equal(plan.items[2].contact_name, "Petro Koval");
    assert_int_equal(plan.items[2].author_id, anna);
    assert_true(plan.items[2].signal);

    assert_int_equal(activity_store_import(fx->st, &fx->sa, plan.items, plan.n,
                                           "a.csv", 7, &sum, &e),
                     0);
    assert_int_equal(sum.activities, 4);
    assert_int_equal(sum.organisations, 2);
    struct activity_filter f = { .organisation_id = acme,
                                 .kind = -1,
                                 .limit = -1 };
    struct activity_list l = { 0 };
    assert_int_equal(activity_store_list(fx->st, fx->a.id, &f, &l, &e), 0);
    assert_int_equal(l.total, 2);
    activity_list_release(&l);
    activity_import_plan_release(&plan);
    activity_import_result_release(&r);
}

static void
test_activity_import__unknown_references_by_line_and_column(void **state)
{
    struct fx *fx = *state;
    struct activity_import_result r;
    struct activity_import_plan plan;
    struct err e = ERR_INIT;
    import_orgs(fx, &fx->sa, ORGS_A);
    import_orgs(fx, &fx->sb,
                "name,contact,email\n"
                "Only In Beta,Ivan,ivan@beta.example\n");
    int64_t beta_org = org_id(fx, fx->b.id, "Only In Beta");
    char csv[512];
    snprintf(csv, sizeof(csv),
             "Company,EDRPOU,Org Id,Person,kind,date\n"
             "Only In Beta,,,,call,2026-03-01\n" /* 2: other cluster */
             ",,%lld,,call,2026-03-01\n"         /* 3: its id */
             ",XX-999,,,call,2026-03-01\n"       /* 4: regno */
             "Beta AB,,,olena@acme.example,call,2026-03-01\n"  /* 5 */
             "Acme GmbH,,,Nobody,call,2026-03-01\n"            /* 6 */
             "Acme GmbH,,,ivan@beta.example,call,2026-03-01\n" /* 7 */
             "Acme GmbH,,,,call,2026-03-01\n",                 /* 8: good */
             (long long)beta_org);
    assert_int_equal(parse(csv, &r), 0);
    activity_import_plan_init(&plan);
    assert_int_equal(
        activity_import_resolve(fx->st, &fx->sa, day(TODAY), &r, &plan, &e), 0);
    assert_error(&r, 2, "Company", "No organisation of this cluster");
    assert_error(&r, 3, "Org Id", "No organisation of this cluster");
    assert_error(&r, 4, "EDRPOU", "registration number");
    assert_error(&r, 5, "Person", "not a contact of Beta AB");
    assert_error(&r, 6, "Person", "not a contact of Acme GmbH");
    assert_error(&r, 7, "Person", "not a contact of Acme GmbH");
    assert_int_equal(r.nerrors, 6);
    assert_int_equal(plan.n, 1);
    activity_import_plan_release(&plan);
    activity_import_result_release(&r);
}

static void
test_import_store__lead_columns_written(void **state)
{
    struct fx *fx = *state;
    struct import_result r;
    struct import_summary sum;
    struct err e = ERR_INIT;
    int64_t matches[4];
    int64_t anna = add_user(fx, &fx->sa, "anna@alpha.example", "Anna Ahl");
    add_user(fx, &fx->sb, "bohdan@beta.example", "Bohdan");
    import_orgs(fx, &fx->sa, "name\nAcme GmbH\n");
    int64_t acme = org_id(fx, fx->a.id, "Acme GmbH");

    /* An owner of another cluster is unknown here: an error at its line
     * and column, found in the preview. */
    const char *bad = "name,source,lead owner\n"
                      "Acme GmbH,fair,anna@alpha.example\n"
                      "New One,web,Bohdan@Beta.Example\n";
    import_result_init(&r);
    assert_int_equal(csv_import_parse(bad, strlen(bad), TODAY, &r), 0);
    assert_int_equal(
        import_store_match(fx->st, fx->a.id, &r, matches, &sum, &e), 0);
    assert_int_equal(r.nerrors, 1);
    assert_error(&r, 3, "lead owner", "bohdan@beta.example");
    assert_int_equal(r.orgs[0].lead.owner_id, anna);
    assert_int_equal(sum.leads_updated, 2);
    assert_int_equal(
        import_store_apply(fx->st, &fx->sa, &r, "l.csv", 2, &sum, &e), -1);
    import_result_release(&r);
    /* Without the preview, the apply refuses it by itself. */
    import_result_init(&r);
    assert_int_equal(csv_import_parse(bad, strlen(bad), TODAY, &r), 0);
    err_clear(&e);
    assert_int_equal(
        import_store_apply(fx->st, &fx->sa, &r, "l.csv", 2, &sum, &e), -1);
    assert_string_equal(e.field, "owner");
    assert_non_null(strstr(e.msg, "Line 3"));
    import_result_release(&r);

    const char *good = "name,source,owner,since,do not contact\n"
                       "Acme GmbH,trade fair,ANNA@alpha.example,01.02.2025,"
                       "2026-01-15\n"
                       "New One,web,,,\n";
    import_result_init(&r);
    assert_int_equal(csv_import_parse(good, strlen(good), TODAY, &r), 0);
    err_clear(&e);
    if (import_store_apply(fx->st, &fx->sa, &r, "l.csv", 3, &sum, &e))
        fail_msg("apply: %s", e.msg);
    assert_int_equal(sum.orgs_updated, 1);
    assert_int_equal(sum.orgs_created, 1);
    assert_int_equal(sum.leads_updated, 2);
    import_result_release(&r);

    struct lead l;
    lead_init(&l);
    assert_int_equal(lead_store_get(fx->st, fx->a.id, acme, day(TODAY), &l, &e),
                     STORE_ONE);
    assert_string_equal(l.source, "trade fair");
    assert_int_equal(l.owner_id, anna);
    assert_string_equal(l.since, "2025-02-01");
    assert_string_equal(l.dnc_on, "2026-01-15");
    assert_int_equal(l.stage, LEAD_DO_NOT_CONTACT);
    lead_release(&l);

    /* "no" clears do not contact; empty cells keep what is stored. */
    const char *clear = "name,source,do not contact\nAcme GmbH,,no\n";
    import_result_init(&r);
    assert_int_equal(csv_import_parse(clear, strlen(clear), TODAY, &r), 0);
    assert_int_equal(
        import_store_apply(fx->st, &fx->sa, &r, "l.csv", 4, &sum, &e), 0);
    import_result_release(&r);
    lead_init(&l);
    assert_int_equal(lead_store_get(fx->st, fx->a.id, acme, day(TODAY), &l, &e),
                     STORE_ONE);
    assert_string_equal(l.source, "trade fair");
    assert_int_equal(l.owner_id, anna);
    assert_string_equal(l.dnc_on, "");
    assert_int_equal(l.stage, LEAD_COLD);
    lead_release(&l);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(
            test_activity_import__aliases_any_case_and_three_date_forms),
        cmocka_unit_test(test_activity_import__semicolons_and_bom),
        cmocka_unit_test(
            test_activity_import__header_needs_organisation_kind_date),
        cmocka_unit_test(test_activity_import__duplicate_and_unknown_columns),
        cmocka_unit_test(test_activity_import__every_fault_by_line_and_column),
        cmocka_unit_test(test_activity_import__text_up_to_10000_characters),
        cmocka_unit_test(test_activity_import__caps_field_and_rows),
        cmocka_unit_test(test_activity_import__caps_errors),
        cmocka_unit_test(test_activity_import__encoding_quotes_and_empty_file),
        cmocka_unit_test(test_csv_parse_date__forms),
        cmocka_unit_test(test_csv_import__lead_columns),
        cmocka_unit_test(test_csv_import__lead_column_faults),
        cmocka_unit_test_setup_teardown(
            test_activity_import__resolves_and_stores, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(
            test_activity_import__unknown_references_by_line_and_column,
            fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_import_store__lead_columns_written,
                                        fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
