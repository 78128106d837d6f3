/*
 * Rules of table export (src/io/table.c): CSV that Excel and our own
 * import read back unchanged, no cell a spreadsheet would run, and XLSX
 * that leaves nothing behind in the temporary directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "io/csv_import.h"
#include "io/table.h"

#define BOM "\xEF\xBB\xBF"

static char *
csv_of(struct table *t)
{
    struct buf out = BUF_INIT;
    assert_int_equal(table_write_csv(t, &out), 0);
    return buf_detach(&out, NULL);
}

static void
test_table__csv_has_bom_and_crlf(void **state)
{
    (void)state;
    const char *headers[] = { "name", "city" };
    const char *row[] = { "Acme", "Lviv" };
    struct table *t = table_new(2, headers);
    table_add_row(t, row);
    char *csv = csv_of(t);
    assert_string_equal(csv, BOM "name,city\r\nAcme,Lviv\r\n");
    free(csv);
    table_free(t);
}

static void
test_table__csv_quotes_comma_semicolon_quote_newline(void **state)
{
    (void)state;
    const char *headers[] = { "a", "b", "c", "d", "e" };
    const char *row[] = { "x,y", "x;y", "say \"hi\"", "two\r\nlines",
                          " padded" };
    struct table *t = table_new(5, headers);
    table_add_row(t, row);
    char *csv = csv_of(t);
    assert_string_equal(csv, BOM "a,b,c,d,e\r\n"
                             "\"x,y\",\"x;y\",\"say \"\"hi\"\"\","
                             "\"two\r\nlines\",\" padded\"\r\n");
    free(csv);
    table_free(t);
}

static void
test_table__csv_null_cell_is_empty(void **state)
{
    (void)state;
    const char *headers[] = { "a", NULL, "c" };
    const char *row[] = { NULL, "", "z" };
    struct table *t = table_new(3, headers);
    table_add_row(t, row);
    table_add_row(t, NULL);
    assert_int_equal(table_nrows(t), 2);
    assert_int_equal(table_ncols(t), 3);
    char *csv = csv_of(t);
    assert_string_equal(csv, BOM "a,,c\r\n,,z\r\n,,\r\n");
    free(csv);
    table_free(t);
}

static void
test_table__formula_defused(void **state)
{
    (void)state;
    const char *headers[] = { "a", "b", "c", "d", "e", "f", "g" };
    const char *row[] = { "=SUM(A1:A9)", "+380 44 123", "-2+3", "@cmd",
                          "\t=1", "\r=1", "a=b" };
    struct table *t = table_new(7, headers);
    table_add_row(t, row);
    char *csv = csv_of(t);
    assert_string_equal(csv, BOM "a,b,c,d,e,f,g\r\n"
                             "'=SUM(A1:A9),'+380 44 123,'-2+3,'@cmd,"
                             "\"'\t=1\",\"'\r=1\",a=b\r\n");
    free(csv);
    table_free(t);
}

static void
test_table__csv_round_trips_through_import(void **state)
{
    (void)state;
    const char *headers[] = { "name", "kind", "employees", "country",
                              "city", "notes", "tags", "contact", "email",
                              "phone", "entry point", "consent" };
    const char *rows[][12] = {
        { "ТОВ «Карпатські технології»", "sme", "120", "UA", "Івано-Франківськ",
          "Перший рядок\nдругий; третій, \"четвертий\"", "ІТ, роботи",
          "Ганна Їжакевич", "hanna@karpaty.ua", "+380 342 55 01 02", "yes",
          "no" },
        { "Åkerlunds Mekaniska AB", "large", "1200", "SE", "Göteborg",
          "Säger \"hej\", sedan; går", "", "Örjan Ärlig",
          "orjan@akerlund.se", "-", "no", "yes" },
        { "Zakład Łódź Żółć Sp. z o.o.", "micro", "", "PL", "Łódź",
          "=1+1", "", "Źdźisław Ćma", "", "", "", "" },
    };
    struct table *t = table_new(12, headers);
    for (size_t i = 0; i < 3; i++)
        table_add_row(t, rows[i]);
    struct buf csv = BUF_INIT;
    table_write_csv(t, &csv);

    struct import_result r;
    import_result_init(&r);
    int rc = csv_import_parse(csv.s, csv.len, "2026-03-31", &r);
    for (size_t i = 0; i < r.nerrors; i++)
        print_message("line %d %s: %s\n", r.errors[i].line,
                      r.errors[i].column, r.errors[i].message);
    assert_int_equal(rc, 0);
    assert_int_equal(r.norgs, 3);
    for (size_t i = 0; i < 3; i++) {
        const struct org *o = &r.orgs[i].org;
        assert_string_equal(o->name, rows[i][0]);
        assert_string_equal(org_kind_name(o->kind), rows[i][1]);
        assert_string_equal(o->city, rows[i][4]);
        assert_string_equal(o->notes, rows[i][5]);
        assert_int_equal(r.orgs[i].ncontacts, 1);
        const struct contact *c = &r.orgs[i].contacts[0].contact;
        assert_string_equal(c->name, rows[i][7]);
        assert_string_equal(c->email, rows[i][8]);
        assert_string_equal(c->phone, rows[i][9]);
    }
    assert_int_equal(r.orgs[1].org.employees, 1200);
    assert_int_equal(r.orgs[0].org.ntags, 2);
    assert_string_equal(r.orgs[0].org.tags[0], "ІТ");
    assert_true(r.orgs[0].contacts[0].contact.entry_point);
    assert_true(r.orgs[1].contacts[0].contact.email_consent);
    import_result_release(&r);
    buf_release(&csv);
    table_free(t);
}

/* Entries in dir other than . and .. */
static int
count_entries(const char *dir)
{
    int n = 0;
    DIR *d = opendir(dir);
    assert_non_null(d);
    for (struct dirent *e; (e = readdir(d));)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

static void
test_table__xlsx_is_zip_and_leaves_no_temp_file(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_table.XXXXXX";
    assert_non_null(mkdtemp(dir));
    assert_int_equal(setenv("TMPDIR", dir, 1), 0);

    const char *headers[] = { "Назва", "Stad", "Miasto" };
    const char *row[] = { "ТОВ «Карпати»", "Malmö", "=1+1" };
    struct table *t = table_new(3, headers);
    for (int i = 0; i < 100; i++)
        table_add_row(t, row);
    struct buf out = BUF_INIT;
    struct err err = ERR_INIT;
    buf_adds(&out, "prefix");
    int rc = table_write_xlsx(t, "Members", &out, &err);
    assert_int_equal(rc, 0);
    assert_true(out.len > 6 + 4);
    assert_memory_equal(out.s + 6, "PK\x03\x04", 4);
    assert_int_equal(count_entries(dir), 0);

    buf_release(&out);
    table_free(t);
    unsetenv("TMPDIR");
    rmdir(dir);
}

static void
test_table__xlsx_refuses_bad_sheet_name(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_table.XXXXXX";
    assert_non_null(mkdtemp(dir));
    assert_int_equal(setenv("TMPDIR", dir, 1), 0);

    const char *headers[] = { "a" };
    struct table *t = table_new(1, headers);
    struct buf out = BUF_INIT;
    struct err err = ERR_INIT;
    int rc = table_write_xlsx(t, "Q1/Q2", &out, &err);
    assert_int_equal(rc, -1);
    assert_int_equal(err.code, ERR_INVALID);
    assert_int_equal(out.len, 0);
    assert_int_equal(count_entries(dir), 0);

    buf_release(&out);
    table_free(t);
    unsetenv("TMPDIR");
    rmdir(dir);
}

static void
test_table__xlsx_refuses_cell_over_excel_limit(void **state)
{
    (void)state;
    const char *headers[] = { "notes" };
    struct table *t = table_new(1, headers);
    char *big = malloc(40000);
    assert_non_null(big);
    memset(big, 'x', 39999);
    big[39999] = '\0';
    const char *row[] = { big };
    table_add_row(t, row);
    struct buf out = BUF_INIT;
    struct err err = ERR_INIT;
    int rc = table_write_xlsx(t, NULL, &out, &err);
    assert_int_equal(rc, -1);
    assert_int_equal(err.code, ERR_TOO_LARGE);
    assert_int_equal(out.len, 0);
    buf_release(&out);
    table_free(t);
    free(big);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table__csv_has_bom_and_crlf),
        cmocka_unit_test(test_table__csv_quotes_comma_semicolon_quote_newline),
        cmocka_unit_test(test_table__csv_null_cell_is_empty),
        cmocka_unit_test(test_table__formula_defused),
        cmocka_unit_test(test_table__csv_round_trips_through_import),
        cmocka_unit_test(test_table__xlsx_is_zip_and_leaves_no_temp_file),
        cmocka_unit_test(test_table__xlsx_refuses_bad_sheet_name),
        cmocka_unit_test(test_table__xlsx_refuses_cell_over_excel_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
