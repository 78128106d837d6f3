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

/* What demo_funnel_load made, for the demo's summary. */
struct demo_funnel_summary {
    size_t leads;            /* organisations that are not members today */
    size_t activities;       /* all written, the events' own included */
    size_t event_activities; /* written by registrations and check-ins */
    size_t events, registrations, groups;
    int64_t cold, warm, dnc, joined_this_month; /* the board today */
    size_t cooling;                             /* warm, cooling this week */
    int64_t longest_org_id; /* the organisation with the longest timeline */
    size_t longest;
};
/*
 * The lead organisations the funnel's story adds beyond the register's
 * norgs: a base larger than the members, so it can grow while members
 * join (a quarter more than norgs, at most 200). The demo generates them
 * after the register's organisations, with a contact each.
 */
size_t demo_funnel_story_leads(size_t norgs);
/*
 * Adds the funnel's story of the last twelve months up to today to the
 * demo cluster (cli/demo_funnel.c), after demo_membership_load: every
 * organisation of orgs[0..norgs) a lead with source, owner and the day it
 * entered the base, a year of outreach and interest signals, warm leads
 * with various days left, a few cooling this week, one joined this month
 * (an applicant is approved when the membership story has none), two or
 * three that asked not to be contacted; events with registrations,
 * check-ins, fees and ratings; three working groups. With
 * activities_given, further outreach brings the activities to
 * nactivities in all (when the story needs fewer) and one lead gets a
 * timeline of 1,000. Runs in the caller's transaction; fills *sum.
 */
int demo_funnel_load(struct store *st, const struct scope *sc,
                     const struct demo_org *orgs, size_t norgs,
                     size_t nactivities, bool activities_given,
                     const char *today, uint64_t seed,
                     struct demo_funnel_summary *sum, struct err *err);
/* Prints the summary: three lines on standard output. */
void demo_funnel_print(const struct demo_funnel_summary *s, const char *slug);

/* Today as "YYYY-MM-DD" into out: given (--today or CLUSTERDESK_TODAY)
 * when not NULL, else the clock's date in UTC. -1 (printed why) when given
 * is not a date. */
int cli_today(const char *given, char out[11]);

/* Prints usage to stdout (for --help) and returns 0, or to stderr and 2. */
int cli_usage(const char *text, bool ok);

#endif
