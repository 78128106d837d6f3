/*
 * Commands of the dues: `dues generate` makes a fiscal year's invoices,
 * `report board` writes the half-year board report as a PDF. Both do what
 * the buttons of the web pages do, for scripts and cron.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "cli/cli.h"
#include "core/targets.h"
#include "report/build.h"
#include "store/invoice_store.h"

struct dues_opts {
    const char *db;
    const char *cluster;
    const char *year;
    const char *half;
    const char *out;
    const char *today;
    bool help;
};

static int
parse_opts(int argc, char **argv, struct dues_opts *o)
{
    static const struct option OPTS[] = {
        { "db", required_argument, NULL, 'd' },
        { "cluster", required_argument, NULL, 'c' },
        { "year", required_argument, NULL, 'y' },
        { "half", required_argument, NULL, 'H' },
        { "out", required_argument, NULL, 'o' },
        { "today", required_argument, NULL, 'T' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    memset(o, 0, sizeof(*o));
    const char *env_today = getenv("CLUSTERDESK_TODAY");
    o->today = env_today && *env_today ? env_today : NULL;
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
        case 'y':
            o->year = optarg;
            break;
        case 'H':
            o->half = optarg;
            break;
        case 'o':
            o->out = optarg;
            break;
        case 'T':
            o->today = optarg;
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

static const char DUES_USAGE[] =
    "usage: clusterdesk dues generate --db PATH --cluster SLUG --year Y\n"
    "                                 [--today YYYY-MM-DD]\n"
    "\n"
    "Makes the invoices of fiscal year Y for every active, paying membership\n"
    "that has none yet: one or two instalments by the cluster's threshold,\n"
    "pro-rata for joiners. Running it again creates nothing new. Invoice\n"
    "numbers stay gapless. Prints how many invoices were made.\n"
    "\n"
    "  --year Y       the fiscal year (the one starting in calendar year Y)\n"
    "  --today DATE   the issue date (CLUSTERDESK_TODAY; default today)\n";

int
cli_dues(int argc, char **argv)
{
    struct dues_opts o;
    if (argc < 2 || strcmp(argv[1], "--help") == 0)
        return cli_usage(DUES_USAGE, argc >= 2);
    if (strcmp(argv[1], "generate") != 0)
        return cli_usage(DUES_USAGE, false);
    if (parse_opts(argc - 1, argv + 1, &o) || optind != argc - 1)
        return cli_usage(DUES_USAGE, false);
    if (o.help)
        return cli_usage(DUES_USAGE, true);
    char *end = NULL;
    long year = o.year ? strtol(o.year, &end, 10) : 0;
    if (!o.cluster || !o.year || *end || year < 1900 || year > 9998)
        return cli_usage(DUES_USAGE, false);
    char today[11];
    if (cli_today(o.today, today))
        return 2;
    struct store *st = cli_open(cli_db_path(o.db));
    if (!st)
        return 1;
    struct cluster c = { 0 };
    struct err err = ERR_INIT;
    int64_t created = 0;
    int rc = 1;
    if (cli_find_cluster(st, o.cluster, &c))
        goto out;
    struct scope sc = cli_scope(c.id);
    if (dues_store_generate(st, &sc, (int)year, today, &created, &err)) {
        fprintf(stderr, "clusterdesk: %s\n", err.msg);
        goto out;
    }
    printf("%lld invoice%s created for fiscal year %ld\n", (long long)created,
           created == 1 ? "" : "s", year);
    rc = 0;
out:
    cluster_release(&c);
    store_close(st);
    return rc;
}

static const char REPORT_USAGE[] =
    "usage: clusterdesk report board --db PATH --cluster SLUG --half 2027H1\n"
    "                                --out FILE [--today YYYY-MM-DD]\n"
    "\n"
    "Writes the board report of a half of a fiscal year as a PDF: members\n"
    "against the target, joins and leaves, fees expected, invoiced and paid,\n"
    "overdue dues, the budget gap and the private share, with charts. The\n"
    "figures are those of the half's last day, or of today if that is\n"
    "earlier.\n"
    "\n"
    "  --half YYYYHn  H1 or H2 of fiscal year YYYY\n"
    "  --out FILE     the PDF to write\n"
    "  --today DATE   CLUSTERDESK_TODAY; default today\n";

/* Writes len bytes to path; prints why not. */
static int
write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len) {
        fprintf(stderr, "clusterdesk: cannot write %s\n", path);
        if (f)
            fclose(f);
        return -1;
    }
    if (fclose(f)) {
        fprintf(stderr, "clusterdesk: cannot write %s\n", path);
        return -1;
    }
    return 0;
}

int
cli_report(int argc, char **argv)
{
    struct dues_opts o;
    if (argc < 2 || strcmp(argv[1], "--help") == 0)
        return cli_usage(REPORT_USAGE, argc >= 2);
    if (strcmp(argv[1], "board") != 0)
        return cli_usage(REPORT_USAGE, false);
    if (parse_opts(argc - 1, argv + 1, &o) || optind != argc - 1)
        return cli_usage(REPORT_USAGE, false);
    if (o.help)
        return cli_usage(REPORT_USAGE, true);
    int year, half;
    if (!o.cluster || !o.out || !o.half ||
        half_year_parse(o.half, &year, &half)) {
        if (o.half && half_year_parse(o.half, &year, &half))
            fprintf(stderr, "clusterdesk: --half must look like 2027H1\n");
        return cli_usage(REPORT_USAGE, false);
    }
    char today[11];
    if (cli_today(o.today, today))
        return 2;
    struct store *st = cli_open(cli_db_path(o.db));
    if (!st)
        return 1;
    struct cluster c = { 0 };
    struct err err = ERR_INIT;
    struct buf pdf = BUF_INIT;
    int rc = 1;
    if (cli_find_cluster(st, o.cluster, &c))
        goto out;
    if (board_report_build(st, c.id, c.name, o.half, today, &pdf, &err)) {
        fprintf(stderr, "clusterdesk: %s\n", err.msg);
        goto out;
    }
    if (write_file(o.out, pdf.s, pdf.len))
        goto out;
    printf("board report %s written to %s (%zu bytes)\n", o.half, o.out,
           pdf.len);
    rc = 0;
out:
    buf_release(&pdf);
    cluster_release(&c);
    store_close(st);
    return rc;
}
