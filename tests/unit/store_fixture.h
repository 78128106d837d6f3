/*
 * The fixture the store tests share: a fresh SQLite file in a new
 * temporary directory, migrated, with clusters Alpha and Beta and a
 * scope in each. Include it after defining struct fx, which has at least
 * these members:
 *
 *     char dir[64];
 *     char path[128];
 *     struct store *st;
 *     struct cluster a, b;
 *     struct scope sa, sb;
 */
#ifndef CLUSTERDESK_TESTS_STORE_FIXTURE_H
#define CLUSTERDESK_TESTS_STORE_FIXTURE_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store/store.h"

/*
 * A new fixture whose directory is made from tmpl
 * ("/tmp/cd-test-NAME-XXXXXX"), or NULL after saying why on stderr.
 */
static struct fx *
store_fx_new(const char *tmpl)
{
    struct fx *fx = calloc(1, sizeof(*fx));
    if (!fx)
        return NULL;
    snprintf(fx->dir, sizeof(fx->dir), "%s", tmpl);
    if (!mkdtemp(fx->dir)) {
        free(fx);
        return NULL;
    }
    snprintf(fx->path, sizeof(fx->path), "%s/clusterdesk.db", fx->dir);
    struct err e = ERR_INIT;
    if (store_open(fx->path, &fx->st, &e) || store_migrate(fx->st, &e) ||
        cluster_store_add(fx->st, "Alpha Cluster", &fx->a, &e) ||
        cluster_store_add(fx->st, "Beta Cluster", &fx->b, &e)) {
        fprintf(stderr, "setup: %s\n", e.msg);
        return NULL;
    }
    fx->sa = (struct scope){ fx->a.id, 0, "anna@alpha.example" };
    fx->sb = (struct scope){ fx->b.id, 0, "bohdan@beta.example" };
    return fx;
}

static void
store_fx_remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *de;
    char path[512];
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        unlink(path);
    }
    closedir(d);
    rmdir(dir);
}

/* The teardown of every test: closes the store, removes the directory. */
static int
fx_teardown(void **state)
{
    struct fx *fx = *state;
    store_close(fx->st);
    cluster_release(&fx->a);
    cluster_release(&fx->b);
    store_fx_remove_dir(fx->dir);
    free(fx);
    return 0;
}

/* The first column of the first row of sql, read through a connection
 * of its own (what the store wrote, not what it says), or -1. */
static inline int64_t
sql_int_at(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    int64_t v = -1;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL),
                     SQLITE_OK);
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    if (sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return v;
}

static inline int64_t
sql_int(struct fx *fx, const char *sql)
{
    return sql_int_at(fx->path, sql);
}

#endif
