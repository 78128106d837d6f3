/*
 * What the commands share: the database path, opening and migrating,
 * finding a cluster, asking for a password.
 */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <termios.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/crypto.h"
#include "base/date.h"
#include "base/mem.h"
#include "base/text.h"

const char *
cli_db_path(const char *flag)
{
    if (flag && *flag)
        return flag;
    const char *env = getenv("CLUSTERDESK_DB");
    return env && *env ? env : "var/clusterdesk.db";
}

struct store *
cli_open(const char *path)
{
    struct store *st = NULL;
    struct err err = ERR_INIT;
    if (store_open(path, &st, &err) || store_migrate(st, &err)) {
        fprintf(stderr, "clusterdesk: %s\n", err.msg);
        store_close(st);
        return NULL;
    }
    return st;
}

int
cli_find_cluster(struct store *st, const char *slug, struct cluster *out)
{
    struct err err = ERR_INIT;
    if (!slug || !*slug) {
        fprintf(stderr, "clusterdesk: --cluster SLUG is required "
                        "(see `clusterdesk cluster list`)\n");
        return -1;
    }
    enum store_rc rc = cluster_store_find(st, slug, out, &err);
    if (rc == STORE_ONE)
        return 0;
    if (rc == STORE_NONE)
        fprintf(stderr,
                "clusterdesk: no cluster with the slug '%s' "
                "(see `clusterdesk cluster list`)\n",
                slug);
    else
        fprintf(stderr, "clusterdesk: %s\n", err.msg);
    return -1;
}

struct scope
cli_scope(int64_t cluster_id)
{
    struct scope sc = { cluster_id, 0, "command line" };
    return sc;
}

int
cli_usage(const char *text, bool ok)
{
    fputs(text, ok ? stdout : stderr);
    return ok ? 0 : 2;
}

/* Reads one line without its newline; NULL at end of input. */
static char *
read_line(FILE *in)
{
    struct buf b = BUF_INIT;
    int c;
    while ((c = fgetc(in)) != EOF && c != '\n') {
        if (b.len < 4096)
            buf_addc(&b, (char)c);
    }
    if (c == EOF && !b.len) {
        buf_release(&b);
        return NULL;
    }
    if (b.len && b.s[b.len - 1] == '\r')
        buf_setlen(&b, b.len - 1);
    return buf_detach(&b, NULL);
}

static char *
ask_hidden(const char *prompt)
{
    struct termios old, quiet;
    fprintf(stderr, "%s", prompt);
    fflush(stderr);
    tcgetattr(STDIN_FILENO, &old);
    quiet = old;
    quiet.c_lflag &= ~(tcflag_t)ECHO;
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    char *line = read_line(stdin);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
    fprintf(stderr, "\n");
    return line;
}

char *
cli_password(const char *prompt)
{
    char *pw = NULL;
    const char *env = getenv("CLUSTERDESK_PASSWORD");
    if (env && *env) {
        pw = xstrdup(env);
    } else if (isatty(STDIN_FILENO)) {
        pw = ask_hidden(prompt);
        char *again = pw ? ask_hidden("Repeat it: ") : NULL;
        if (!again || strcmp(pw, again) != 0) {
            fprintf(stderr, "clusterdesk: the two passwords differ\n");
            free(pw);
            pw = NULL;
        }
        free(again);
    } else {
        pw = read_line(stdin);
    }
    if (!pw) {
        fprintf(stderr,
                "clusterdesk: no password given (set CLUSTERDESK_PASSWORD "
                "or type it at the prompt)\n");
        return NULL;
    }
    struct err err = ERR_INIT;
    if (user_password_check(pw, &err)) {
        fprintf(stderr, "clusterdesk: %s\n", err.msg);
        free(pw);
        return NULL;
    }
    return pw;
}

int
cli_add_user(struct store *st, const struct cluster *c, const char *email,
             const char *name, enum role role)
{
    struct buf lower = BUF_INIT;
    for (const char *p = email; *p; p++)
        buf_addc(&lower, (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p));
    int rc = 1;
    char *pw = NULL;
    if (!text_is_email(lower.s)) {
        fprintf(stderr, "clusterdesk: '%s' is not an e-mail address\n", email);
        goto out;
    }
    pw = cli_password("Password for the new user: ");
    if (!pw)
        goto out;
    char hash[CRYPTO_PWHASH_TEXT];
    if (crypto_password_hash(pw, hash)) {
        fprintf(stderr,
                "clusterdesk: not enough memory to hash the password\n");
        goto out;
    }
    struct user u = { 0 };
    u.email = lower.s;
    u.name = (char *)(name ? name : "");
    u.role = role;
    struct scope sc = cli_scope(c->id);
    struct err err = ERR_INIT;
    int64_t id;
    if (user_store_add(st, &sc, &u, hash, &id, &err)) {
        fprintf(stderr, "clusterdesk: %s\n", err.msg);
        goto out;
    }
    printf("added %s (%s) to %s\n", lower.s, role_name(role), c->slug);
    rc = 0;
out:
    free(pw);
    buf_release(&lower);
    return rc;
}

int
cli_today(const char *given, char out[11])
{
    struct date d;
    if (given) {
        if (date_parse(given, (int)strlen(given), &d)) {
            fprintf(stderr,
                    "clusterdesk: --today must be a date like 2027-01-31\n");
            return -1;
        }
    } else {
        time_t now = time(NULL);
        struct tm tm;
        gmtime_r(&now, &tm);
        d.year = tm.tm_year + 1900;
        d.month = tm.tm_mon + 1;
        d.day = tm.tm_mday;
    }
    date_format(d, out);
    return 0;
}
