/*
 * clusterdesk serve: the web application and API.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mem.h"
#include "cli/cli.h"
#include "web/server.h"

static const char USAGE[] =
    "usage: clusterdesk serve [--db PATH] [--listen HOST:PORT] [--threads N]\n"
    "                         [--bootstrap DIR]\n"
    "                         [--tls-cert FILE --tls-key FILE]\n"
    "                         [--secure-cookies] [--today YYYY-MM-DD]\n"
    "\n"
    "Serves the web application and the JSON API until SIGINT or SIGTERM.\n"
    "Applies pending database migrations first.\n"
    "\n"
    "  --db PATH          SQLite file (CLUSTERDESK_DB;\n"
    "                     default var/clusterdesk.db)\n"
    "  --listen HOST:PORT address to listen on (CLUSTERDESK_LISTEN;\n"
    "                     default 127.0.0.1:8080; port 0 picks a free port)\n"
    "  --threads N        worker threads (CLUSTERDESK_THREADS; default 4)\n"
    "  --bootstrap DIR    Bootstrap 5 files (CLUSTERDESK_BOOTSTRAP;\n"
    "                     default /usr/share/bootstrap-html)\n"
    "  --tls-cert FILE    PEM certificate: serve HTTPS (with --tls-key)\n"
    "  --tls-key FILE     PEM private key\n"
    "  --secure-cookies   mark cookies Secure (behind a TLS proxy;\n"
    "                     CLUSTERDESK_SECURE_COOKIES=1)\n"
    "  --today DATE       pretend today is DATE, for tests and demos\n"
    "                     (CLUSTERDESK_TODAY)\n";

static const char *
env_or(const char *name, const char *def)
{
    const char *v = getenv(name);
    return v && *v ? v : def;
}

int
cli_serve(int argc, char **argv)
{
    static const struct option OPTS[] = {
        { "db", required_argument, NULL, 'd' },
        { "listen", required_argument, NULL, 'l' },
        { "threads", required_argument, NULL, 't' },
        { "bootstrap", required_argument, NULL, 'b' },
        { "tls-cert", required_argument, NULL, 'c' },
        { "tls-key", required_argument, NULL, 'k' },
        { "secure-cookies", no_argument, NULL, 's' },
        { "today", required_argument, NULL, 'T' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct server_config cfg = { 0 };
    const char *db = NULL;
    cfg.listen = env_or("CLUSTERDESK_LISTEN", "127.0.0.1:8080");
    cfg.app.bootstrap_dir =
        env_or("CLUSTERDESK_BOOTSTRAP", "/usr/share/bootstrap-html");
    cfg.app.today = env_or("CLUSTERDESK_TODAY", NULL);
    cfg.app.secure_cookies = env_or("CLUSTERDESK_SECURE_COOKIES", NULL) != NULL;
    cfg.app.max_body = 32u * 1024 * 1024;
    cfg.app.session_idle = 12 * 3600;
    const char *threads = env_or("CLUSTERDESK_THREADS", "4");
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", OPTS, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 'l':
            cfg.listen = optarg;
            break;
        case 't':
            threads = optarg;
            break;
        case 'b':
            cfg.app.bootstrap_dir = optarg;
            break;
        case 'c':
            cfg.tls_cert = optarg;
            break;
        case 'k':
            cfg.tls_key = optarg;
            break;
        case 's':
            cfg.app.secure_cookies = true;
            break;
        case 'T':
            cfg.app.today = optarg;
            break;
        case 'h':
            return cli_usage(USAGE, true);
        default:
            return cli_usage(USAGE, false);
        }
    }
    char *end;
    long n = strtol(threads, &end, 10);
    if (*end || n < 1 || n > 256) {
        fprintf(stderr, "clusterdesk: --threads must be 1 to 256\n");
        return 2;
    }
    cfg.threads = (unsigned)n;
    struct date d;
    if (cfg.app.today &&
        date_parse(cfg.app.today, (int)strlen(cfg.app.today), &d)) {
        fprintf(stderr,
                "clusterdesk: --today must be a date like 2027-01-31\n");
        return 2;
    }
    if (cfg.tls_cert)
        cfg.app.secure_cookies = true;
    cfg.app.db_path = cli_db_path(db);
    struct store *st = cli_open(cfg.app.db_path);
    if (!st)
        return 1;
    struct err err = ERR_INIT;
    if (store_optimize(st, &err))
        fprintf(stderr, "clusterdesk: %s (serving anyway)\n", err.msg);
    store_close(st);
    err_clear(&err);
    if (server_run(&cfg, &err)) {
        fprintf(stderr, "clusterdesk: %s\n", err.msg);
        return 1;
    }
    return 0;
}
