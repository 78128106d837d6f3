/*
 * The store of the recruitment funnel: the funnel settings, activities
 * (every organisation's timeline), leads (source, owner, do not contact)
 * and the funnel's figures. Conventions as in store/store.h: the cluster
 * comes from the scope, writes are one transaction with an audit entry,
 * STORE_NONE for rows of other clusters.
 *
 * Writing an activity keeps the organisation's warm periods (table
 * warm_period) in the same transaction; triggers keep the monthly counts
 * (activity_month). Stages are never stored: they are computed from
 * those and the day asked about (core/lead.h).
 */
#ifndef CD_FUNNEL_STORE_H
#define CD_FUNNEL_STORE_H

#include "core/lead.h"
#include "store/store.h"

/* ---- settings ---- */
/* The cluster's settings, or the defaults when never saved. */
int funnel_settings_store_get(struct store *st, int64_t cluster_id,
                              struct funnel_settings *out, struct err *err);
/* Validates and saves. A change of warm_days or signal_kinds rewrites the
 * activities' signal flags and every warm period of the cluster, in the
 * same transaction. Audited as entity "funnel_settings". */
int funnel_settings_store_put(struct store *st, const struct scope *sc,
                              const struct funnel_settings *s, struct err *err);

/* ---- activities ---- */
struct activity_filter {
    int64_t organisation_id; /* 0 for all */
    int64_t contact_id;      /* 0 for all */
    int kind;                /* enum activity_kind, or -1 for all */
    const char *from;        /* "YYYY-MM-DD" or NULL: on or after */
    const char *to;          /* "YYYY-MM-DD" or NULL: on or before */
    int64_t offset;
    int64_t limit; /* -1 for all */
};
struct activity_list {
    struct activity *items;
    size_t n;
    size_t alloc;
    int64_t total; /* matches, ignoring offset and limit */
};
void activity_list_release(struct activity_list *l);
/* Newest first (date, then id), with organisation and contact names. */
int activity_store_list(struct store *st, int64_t cluster_id,
                        const struct activity_filter *f,
                        struct activity_list *out, struct err *err);
enum store_rc activity_store_get(struct store *st, int64_t cluster_id,
                                 int64_t id, struct activity *out,
                                 struct err *err);
/*
 * Stores a validated activity (activity_validate with today) as written
 * by sc's user (author_id, author filled from the scope unless a->author
 * is set). The organisation must be in the cluster and the contact, when
 * given, one of its contacts: else ERR_INVALID on "organisation_id" or
 * "contact_id". Sets a->id and a->signal; renews the warm periods.
 */
int activity_store_create(struct store *st, const struct scope *sc,
                          struct activity *a, int32_t today, struct err *err);
/* Changes kind, date, contact and text of a->id (organisation kept). */
enum store_rc activity_store_update(struct store *st, const struct scope *sc,
                                    struct activity *a, int32_t today,
                                    struct err *err);
enum store_rc activity_store_delete(struct store *st, const struct scope *sc,
                                    int64_t id, struct err *err);

/* ---- leads ---- */
enum lead_sort {
    LEAD_SORT_NAME,
    LEAD_SORT_STAGE,
    LEAD_SORT_WARM_UNTIL, /* cooling soonest first; cold ones last */
    LEAD_SORT_SINCE,
    LEAD_SORT_SOURCE,
    LEAD_SORT__COUNT
};
struct lead_filter {
    const char *q;      /* organisation name search; NULL for all */
    int stage;          /* enum lead_stage, or -1 for all but members */
    int64_t owner_id;   /* 0 for all, -1 for leads without owner */
    const char *source; /* NULL or "" for all */
    int kind;           /* enum org_kind, or -1 */
    enum lead_sort sort;
    bool desc;
    int64_t offset;
    int64_t limit; /* -1 for all */
};
struct lead {
    int64_t organisation_id;
    char *name; /* the organisation's */
    int kind;   /* enum org_kind */
    char *city;
    char *source;
    int64_t owner_id; /* 0: none */
    char *owner_name;
    char since[11];
    char dnc_on[11]; /* "" unless it asked not to be contacted */
    char *dnc_reason;
    /* Derived for the day asked about: */
    enum lead_stage stage;
    char warm_until[11];  /* the last warm day, "" unless warm */
    char last_signal[11]; /* "" for none */
    char last_activity[11];
};
void lead_init(struct lead *l);
void lead_release(struct lead *l);
struct lead_list {
    struct lead *items;
    size_t n;
    size_t alloc;
    int64_t total;
};
void lead_list_release(struct lead_list *l);
int lead_store_list(struct store *st, int64_t cluster_id, int32_t today,
                    const struct lead_filter *f, struct lead_list *out,
                    struct err *err);
/* Any organisation of the cluster (members too: stage "member"). */
enum store_rc lead_store_get(struct store *st, int64_t cluster_id,
                             int64_t organisation_id, int32_t today,
                             struct lead *out, struct err *err);
/* What staff may change of a lead. NULL / -1 fields are left as they
 * are. dnc: 1 sets do-not-contact from dnc_on (today when ""), 0 clears
 * it, -1 leaves it. owner_id 0 clears the owner; it must be a user of
 * the cluster (else ERR_INVALID on "owner_id"). since: "YYYY-MM-DD"
 * not after today. Source up to 100 characters, reason up to 500. */
struct lead_update {
    int64_t organisation_id;
    const char *source;
    int64_t owner_id; /* -1: unchanged */
    const char *since;
    int dnc;
    const char *dnc_on;
    const char *dnc_reason;
};
void lead_update_init(struct lead_update *u); /* all "unchanged" */
enum store_rc lead_store_update(struct store *st, const struct scope *sc,
                                const struct lead_update *u, int32_t today,
                                struct err *err);
/* Sources in use, for filter choices; free with store_strings_free. */
int lead_store_sources(struct store *st, int64_t cluster_id, char ***items,
                       size_t *n, struct err *err);

/* ---- the funnel ---- */
struct funnel_lead {
    int64_t organisation_id;
    char *name;
    char warm_until[11];
    int days_left; /* warm through warm_until: 0 on its last warm day */
    char *owner_name;
};
struct funnel_board {
    int32_t today;
    int64_t stage[LEAD__STAGE_COUNT]; /* today, leads in the base */
    int64_t joined_this_month;
    /* Warm leads, cooling soonest first (at most `limit` of them). */
    struct funnel_lead *warm;
    size_t nwarm;
    /* Warm leads whose last warm day is within today .. today + 6, the
     * soonest (at most `limit`) of cooling_total. */
    struct funnel_lead *cooling;
    size_t ncooling;
    int64_t cooling_total;
    /* Organisations that joined this month, newest first. */
    struct funnel_lead *joined; /* warm_until holds the joining day */
    size_t njoined;
};
void funnel_board_release(struct funnel_board *b);
int funnel_store_board(struct store *st, int64_t cluster_id, int32_t today,
                       size_t limit, struct funnel_board *out, struct err *err);

/* The funnel of nmonths (1..36) ending with year-month, with outreach by
 * channel; out has room for nmonths. */
int funnel_store_months(struct store *st, int64_t cluster_id, int year,
                        int month, int nmonths, int32_t today,
                        struct funnel_month *out, struct err *err);

/* ---- import of activities ---- */
/* One row of an activity file, resolved (io/activity_import.h). */
struct activity_import_summary {
    size_t activities;
    size_t organisations; /* distinct organisations touched */
};
/* Stores the validated activities in one transaction, rebuilds the warm
 * periods of the organisations they touch once, and records one audit
 * entry for the file (entity "activity_import", id upload_id). */
int activity_store_import(struct store *st, const struct scope *sc,
                          const struct activity *items, size_t n,
                          const char *filename, int64_t upload_id,
                          struct activity_import_summary *sum, struct err *err);

#endif
