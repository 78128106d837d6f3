/*
 * Administration commands: init, cluster, user, token, backup.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/crypto.h"
#include "base/mem.h"
#include "base/text.h"
#include "cli/cli.h"

/* Options every administration command understands. */
struct admin_opts {
    const char *db;
    const char *cluster;
    const char *email;
    const char *name;
    const char *role;
    const char *admin;
    const char *to;
    bool help;
};

static int
parse_opts(int argc, char **argv, struct admin_opts *o)
{
    static const struct option OPTS[] = {
        { "db", required_argument, NULL, 'd' },
        { "cluster", required_argument, NULL, 'c' },
        { "email", required_argument, NULL, 'e' },
        { "user", required_argument, NULL, 'e' },
        { "name", required_argument, NULL, 'n' },
        { "role", required_argument, NULL, 'r' },
        { "admin", required_argument, NULL, 'a' },
        { "to", required_argument, NULL, 't' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    memset(o, 0, sizeof(*o));
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", OPTS, NULL)) != -1) {
        switch (c) {
        case 'd':
            o->db = optarg;
            break;
        case 'c':
            o->cluster = optarg;
            break;
        case 'e':
            o->email = optarg;
            break;
        case 'n':
            o->name = optarg;
            break;
        case 'r':
            o->role = optarg;
            break;
        case 'a':
            o->admin = optarg;
            break;
        case 't':
            o->to = optarg;
            break;
        case 'h':
            o->help = true;
            break;
        default:
            return -1;
        }
    }
    return 0;
}

static const char INIT_USAGE[] =
    "usage: clusterdesk init --db PATH --cluster NAME --admin EMAIL\n"
    "\n"
    "Creates the database (applying every migration), a cluster called NAME\n"
    "and its first admin. The password comes from CLUSTERDESK_PASSWORD or a\n"
    "prompt. Prints the cluster's slug.\n";

int
cli_init(int argc, char **argv)
{
    struct admin_opts o;
    if (parse_opts(argc, argv, &o) || optind != argc)
        return cli_usage(INIT_USAGE, false);
    if (o.help)
        return cli_usage(INIT_USAGE, true);
    if (!o.cluster || !o.admin)
        return cli_usage(INIT_USAGE, false);
    struct store *st = cli_open(cli_db_path(o.db));
    if (!st)
        return 1;
    struct cluster c = { 0 };
    struct err err = ERR_INIT;
    int rc = 1;
    if (cluster_store_add(st, o.cluster, &c, &err)) {
        fprintf(stderr, "clusterdesk: %s\n", err.msg);
        goto out;
    }
    printf("%s\n", c.slug);
    rc = cli_add_user(st, &c, o.admin, o.name, ROLE_ADMIN);
out:
    cluster_release(&c);
    store_close(st);
    return rc;
}

static const char CLUSTER_USAGE[] =
    "usage: clusterdesk cluster add [--db PATH] NAME\n"
    "       clusterdesk cluster list [--db PATH]\n"
    "\n"
    "add prints the new cluster's slug (lower-case words joined by '-');\n"
    "list prints one line per cluster: slug, then name.\n";

int
cli_cluster(int argc, char **argv)
{
    struct admin_opts o;
    if (argc < 2)
        return cli_usage(CLUSTER_USAGE, false);
    const char *verb = argv[1];
    if (strcmp(verb, "--help") == 0 || strcmp(verb, "-h") == 0)
        return cli_usage(CLUSTER_USAGE, true);
    if (parse_opts(argc - 1, argv + 1, &o))
        return cli_usage(CLUSTER_USAGE, false);
    if (o.help)
        return cli_usage(CLUSTER_USAGE, true);
    int args = argc - 1 - optind;
    bool add = strcmp(verb, "add") == 0, list = strcmp(verb, "list") == 0;
    if ((!add && !list) || (add && args != 1) || (list && args != 0))
        return cli_usage(CLUSTER_USAGE, false);
    struct store *st = cli_open(cli_db_path(o.db));
    if (!st)
        return 1;
    struct err err = ERR_INIT;
    int rc = 1;
    if (add) {
        struct cluster c = { 0 };
        if (cluster_store_add(st, argv[1 + optind], &c, &err) == 0) {
            printf("%s\n", c.slug);
            rc = 0;
        }
        cluster_release(&c);
    } else {
        struct cluster *items;
        size_t n;
        if (cluster_store_list(st, &items, &n, &err) == 0) {
            for (size_t i = 0; i < n; i++)
                printf("%s\t%s\n", items[i].slug, items[i].name);
            rc = 0;
        }
        for (size_t i = 0; i < n; i++)
            cluster_release(&items[i]);
        free(items);
    }
    if (rc)
        fprintf(stderr, "clusterdesk: %s\n", err.msg);
    store_close(st);
    return rc;
}

static const char USER_USAGE[] =
    "usage: clusterdesk user add --cluster SLUG --email E --role "
    "admin|manager|board\n"
    "                            [--name NAME] [--db PATH]\n"
    "       clusterdesk user list --cluster SLUG [--db PATH]\n"
    "       clusterdesk user passwd --email E [--db PATH]\n"
    "       clusterdesk user disable --email E [--db PATH]\n"
    "       clusterdesk user enable --email E [--db PATH]\n"
    "\n"
    "Passwords come from CLUSTERDESK_PASSWORD or a prompt (at least 10\n"
    "characters). Disabling a user ends its sessions and revokes its tokens.\n";

static int
user_by_email(struct store *st, const char *email, struct user *u)
{
    struct err err = ERR_INIT;
    enum store_rc rc =
        user_store_find_email(st, email ? email : "", u, NULL, &err);
    if (rc == STORE_ONE)
        return 0;
    fprintf(stderr, "clusterdesk: %s\n",
            rc == STORE_NONE ? "no user with that e-mail" : err.msg);
    return -1;
}

static int
user_passwd(struct store *st, const struct user *u)
{
    char *pw = cli_password("New password: ");
    if (!pw)
        return 1;
    char hash[CRYPTO_PWHASH_TEXT];
    int rc = crypto_password_hash(pw, hash);
    free(pw);
    struct scope sc = cli_scope(u->cluster_id);
    struct err err = ERR_INIT;
    if (rc ||
        user_store_set_password(st, &sc, u->id, hash, &err) != STORE_ONE) {
        fprintf(stderr, "clusterdesk: %s\n", rc ? "cannot hash" : err.msg);
        return 1;
    }
    printf("password of %s changed; its sessions are ended\n", u->email);
    return 0;
}

static int
user_list(struct store *st, const struct cluster *c)
{
    struct user *items;
    size_t n;
    struct err err = ERR_INIT;
    if (user_store_list(st, c->id, &items, &n, &err)) {
        fprintf(stderr, "clusterdesk: %s\n", err.msg);
        return 1;
    }
    for (size_t i = 0; i < n; i++) {
        printf("%s\t%s\t%s%s\n", items[i].email, role_name(items[i].role),
               items[i].name, items[i].disabled ? "\t(disabled)" : "");
        user_release(&items[i]);
    }
    free(items);
    return 0;
}

int
cli_user(int argc, char **argv)
{
    struct admin_opts o;
    if (argc < 2)
        return cli_usage(USER_USAGE, false);
    const char *verb = argv[1];
    if (strcmp(verb, "--help") == 0 || strcmp(verb, "-h") == 0)
        return cli_usage(USER_USAGE, true);
    if (parse_opts(argc - 1, argv + 1, &o) || optind != argc - 1)
        return cli_usage(USER_USAGE, false);
    if (o.help)
        return cli_usage(USER_USAGE, true);
    static const char *const VERBS[] = { "add", "list", "passwd", "disable",
                                         "enable" };
    size_t v = 0;
    while (v < ARRAY_SIZE(VERBS) && strcmp(verb, VERBS[v]) != 0)
        v++;
    if (v == ARRAY_SIZE(VERBS))
        return cli_usage(USER_USAGE, false);
    enum role role = ROLE_MANAGER;
    if (v == 0 && (!o.email || !o.role || role_parse(o.role, &role))) {
        fprintf(stderr, "clusterdesk: user add needs --email and --role "
                        "admin|manager|board\n");
        return 2;
    }
    struct store *st = cli_open(cli_db_path(o.db));
    if (!st)
        return 1;
    int rc = 1;
    struct cluster c = { 0 };
    struct user u = { 0 };
    if (v <= 1) {
        if (cli_find_cluster(st, o.cluster, &c) == 0)
            rc = v == 0 ? cli_add_user(st, &c, o.email, o.name, role)
                        : user_list(st, &c);
    } else if (user_by_email(st, o.email, &u) == 0) {
        if (v == 2) {
            rc = user_passwd(st, &u);
        } else {
            struct scope sc = cli_scope(u.cluster_id);
            struct err err = ERR_INIT;
            bool disable = v == 3;
            if (user_store_set_disabled(st, &sc, u.id, disable, &err) ==
                STORE_ONE) {
                printf("%s %s\n", u.email, disable ? "disabled" : "enabled");
                rc = 0;
            } else {
                fprintf(stderr, "clusterdesk: %s\n", err.msg);
            }
        }
    }
    cluster_release(&c);
    user_release(&u);
    store_close(st);
    return rc;
}

static const char TOKEN_USAGE[] =
    "usage: clusterdesk token create --user EMAIL [--db PATH]\n"
    "\n"
    "Prints a new API bearer token for the user. Only its hash is stored:\n"
    "keep the printed token, it cannot be shown again.\n";

int
cli_token(int argc, char **argv)
{
    struct admin_opts o;
    if (argc >= 2 &&
        (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
        return cli_usage(TOKEN_USAGE, true);
    if (argc < 2 || strcmp(argv[1], "create") != 0 ||
        parse_opts(argc - 1, argv + 1, &o) || optind != argc - 1)
        return cli_usage(TOKEN_USAGE, false);
    if (o.help)
        return cli_usage(TOKEN_USAGE, true);
    struct store *st = cli_open(cli_db_path(o.db));
    if (!st)
        return 1;
    int rc = 1;
    struct user u = { 0 };
    if (user_by_email(st, o.email, &u) == 0) {
        char token[CRYPTO_TOKEN_TEXT];
        unsigned char hash[CRYPTO_HASH_BYTES];
        crypto_token_new(token);
        crypto_token_hash(token, hash);
        struct scope sc = cli_scope(u.cluster_id);
        struct err err = ERR_INIT;
        if (token_store_create(st, &sc, u.id, hash, &err) == 0) {
            printf("%s\n", token);
            rc = 0;
        } else {
            fprintf(stderr, "clusterdesk: %s\n", err.msg);
        }
    }
    user_release(&u);
    store_close(st);
    return rc;
}

static const char BACKUP_USAGE[] =
    "usage: clusterdesk backup [--db PATH] --to FILE\n"
    "\n"
    "Copies the live database to FILE with SQLite's online backup; the\n"
    "server may keep running.\n";

int
cli_backup(int argc, char **argv)
{
    struct admin_opts o;
    if (parse_opts(argc, argv, &o) || optind != argc)
        return cli_usage(BACKUP_USAGE, false);
    if (o.help)
        return cli_usage(BACKUP_USAGE, true);
    if (!o.to)
        return cli_usage(BACKUP_USAGE, false);
    struct store *st = cli_open(cli_db_path(o.db));
    if (!st)
        return 1;
    struct err err = ERR_INIT;
    int rc = store_backup(st, o.to, &err) ? 1 : 0;
    if (rc)
        fprintf(stderr, "clusterdesk: %s\n", err.msg);
    else
        printf("backed up to %s\n", o.to);
    store_close(st);
    return rc;
}
