/*
 * clusterdesk: the command line. Dispatches to the commands in src/cli;
 * the only place that exits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/crypto.h"
#include "cli/cli.h"
#include "report/chart.h"

#define CLUSTERDESK_VERSION "0.1.0"

static const struct {
    const char *name;
    cli_fn *fn;
    const char *summary;
} COMMANDS[] = {
    { "init", cli_init, "create the database, a cluster and its admin" },
    { "serve", cli_serve, "serve the web application and JSON API" },
    { "cluster", cli_cluster, "add or list clusters" },
    { "user", cli_user, "add, list, disable users; change passwords" },
    { "token", cli_token, "create an API bearer token" },
    { "demo", cli_demo, "load a realistic demo cluster" },
    { "dues", cli_dues, "generate a fiscal year's membership invoices" },
    { "report", cli_report, "write the half-year board report (PDF)" },
    { "backup", cli_backup, "copy the live database to a file" },
};

static int
usage(FILE *out)
{
    fprintf(out,
            "usage: clusterdesk COMMAND [OPTIONS]\n\n"
            "clusterdesk runs a cluster organisation: members, contacts,\n"
            "and (in coming versions) fees, recruitment, events and KPIs.\n\n"
            "Commands:\n");
    for (size_t i = 0; i < sizeof(COMMANDS) / sizeof(COMMANDS[0]); i++)
        fprintf(out, "  %-9s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
    fprintf(out,
            "\n`clusterdesk COMMAND --help` explains a command.\n"
            "--db falls back to CLUSTERDESK_DB, then var/clusterdesk.db.\n");
    return out == stdout ? 0 : 2;
}

int
main(int argc, char **argv)
{
    if (argc < 2)
        exit(usage(stderr));
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0)
        exit(usage(stdout));
    if (strcmp(argv[1], "--version") == 0) {
        printf("clusterdesk %s\n", CLUSTERDESK_VERSION);
        exit(0);
    }
    if (crypto_setup()) {
        fprintf(stderr, "clusterdesk: libsodium cannot start\n");
        exit(1);
    }
    for (size_t i = 0; i < sizeof(COMMANDS) / sizeof(COMMANDS[0]); i++) {
        if (strcmp(argv[1], COMMANDS[i].name) == 0) {
            int rc = COMMANDS[i].fn(argc - 1, argv + 1);
            /* The fonts of charts and PDFs are process-wide caches: hand
             * them back, so a leak checker sees only real leaks. */
            chart_fonts_release();
            exit(rc);
        }
    }
    fprintf(stderr, "clusterdesk: unknown command '%s'\n\n", argv[1]);
    exit(usage(stderr));
}
