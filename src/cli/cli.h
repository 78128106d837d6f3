/*
 * The command line: one function per command, each with its own --help.
 * Commands print what a person needs and return an exit status; only
 * main() exits.
 */
#ifndef CD_CLI_H
#define CD_CLI_H

#include <stdbool.h>

#include "store/store.h"

typedef int cli_fn(int argc, char **argv);

cli_fn cli_init, cli_serve, cli_cluster, cli_user, cli_token, cli_demo,
    cli_backup, cli_dues, cli_report;

/* --db PATH, else CLUSTERDESK_DB, else var/clusterdesk.db. */
const char *cli_db_path(const char *flag);

/* Opens the database and applies pending migrations; prints the error
 * and returns NULL on failure. */
struct store *cli_open(const char *path);

/* Looks a cluster up by slug; prints an error and returns -1 if absent. */
int cli_find_cluster(struct store *st, const char *slug, struct cluster *out);

/* Reads a password from CLUSTERDESK_PASSWORD or, failing that, asks on the
 * terminal (twice, without echo) or reads a line of standard input.
 * Checks the password rule. Returns a new string or NULL (printed why). */
char *cli_password(const char *prompt);

/* Adds a user with a password from cli_password(); prints the outcome. */
int cli_add_user(struct store *st, const struct cluster *c, const char *email,
                 const char *name, enum role role);

/* The scope of the command line in a cluster, for the audit trail. */
struct scope cli_scope(int64_t cluster_id);

/* An organisation the demo made, for the membership story. */
struct demo_org {
    int64_t id;
    enum org_kind kind;
};
/*
 * Adds the demo's price list, settings, nmembers memberships of the first
 * organisations (joined over `years` years before today, a few resigned),
 * their invoices and payments, services in kind, a plan with targets,
 * and a few applicants among the next organisations (cli/demo_membership.c).
 */
int demo_membership_load(struct store *st, const struct scope *sc,
                         const char *cluster_name, const struct demo_org *orgs,
                         size_t norgs, size_t nmembers, int years,
                         const char *today, uint64_t seed, struct err *err);

/* Today as "YYYY-MM-DD" into out: given (--today or CLUSTERDESK_TODAY)
 * when not NULL, else the clock's date in UTC. -1 (printed why) when given
 * is not a date. */
int cli_today(const char *given, char out[11]);

/* Prints usage to stdout (for --help) and returns 0, or to stderr and 2. */
int cli_usage(const char *text, bool ok);

#endif
