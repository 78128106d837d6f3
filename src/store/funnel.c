/*
 * The funnel's settings and figures: the board of today and the months
 * of the report. Figures load the facts of every lead of the cluster in
 * four plain statements over covering indexes (leads, archived
 * organisations, memberships, the warm periods that matter for the days
 * asked about), build struct lead_facts in C and leave the rules to
 * core/lead.c. No query runs per lead; only the few leads a board shows
 * have their names read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/mem.h"
#include "io/jsonw.h"
#include "store/db.h"
#include "store/funnel_internal.h"
#include "store/funnel_store.h"

/* ---- settings ---- */

static void
settings_from_row(sqlite3_stmt *s, void *vs)
{
    struct funnel_settings *fs = vs;
    fs->warm_days = (int)db_col_int(s, 0);
    unsigned kinds = 0;
    if (!signal_kinds_parse(db_col_text(s, 1), &kinds, NULL) && kinds)
        fs->signal_kinds = kinds;
    const char *tz = db_col_text(s, 2);
    size_t len = strnlen(tz, sizeof(fs->timezone) - 1);
    if (len) {
        memcpy(fs->timezone, tz, len);
        fs->timezone[len] = '\0';
    }
}

int
funnel_settings_store_get(struct store *st, int64_t cluster_id,
                          struct funnel_settings *out, struct err *err)
{
    /* $2 is the cluster again: db_get_record binds ($1 cluster, $2 id). */
    static const char SELECT[] =
        "SELECT warm_days, signal_kinds, timezone FROM funnel_settings"
        " WHERE cluster_id = $1 AND cluster_id = $2";
    struct funnel_settings fs;
    funnel_settings_default(&fs);
    if (db_get_record(st, SELECT, cluster_id, cluster_id, settings_from_row,
                      &fs, err) == STORE_HARD)
        return -1;
    *out = fs;
    return 0;
}

static char *
settings_json_text(const struct funnel_settings *fs)
{
    struct buf b = BUF_INIT, kinds = BUF_INIT;
    struct jsonw w;
    signal_kinds_format(fs->signal_kinds, &kinds);
    jsonw_init(&w, &b);
    jsonw_begin_object(&w);
    jsonw_key(&w, "warm_days");
    jsonw_int(&w, fs->warm_days);
    jsonw_key(&w, "signal_kinds");
    jsonw_string(&w, kinds.s);
    jsonw_key(&w, "timezone");
    jsonw_string(&w, fs->timezone);
    jsonw_end_object(&w);
    buf_release(&kinds);
    return buf_detach(&b, NULL);
}

struct org_span {
    int64_t org;
    struct day_span span;
};

static int
cmp_org_span(const void *pa, const void *pb)
{
    const struct org_span *a = pa, *b = pb;
    if (a->org != b->org)
        return (a->org > b->org) - (a->org < b->org);
    return (a->span.from > b->span.from) - (a->span.from < b->span.from);
}

/* Rewrites every warm period of the cluster from the signal flags. */
static int
rebuild_cluster_periods(struct store *st, int64_t cluster_id, int warm_days,
                        struct err *err)
{
    static const char CLEAR[] = "DELETE FROM warm_period WHERE cluster_id = $1";
    static const char SIGNALS[] =
        "SELECT organisation_id, day FROM activity WHERE cluster_id = $1"
        " AND signal = 1 ORDER BY organisation_id, day";
    static const char INSERT[] =
        "INSERT INTO warm_period(organisation_id, warm_from, cluster_id,"
        " warm_until) VALUES ($2, $3, $1, $4)";
    struct org_span *sig = NULL;
    size_t n = 0, alloc = 0;
    int32_t *days = NULL;
    struct day_span *spans = NULL;
    int rc = -1;
    sqlite3_stmt *s = db_stmt(st, CLEAR, err);
    if (!s)
        goto out;
    db_bind_int(s, 1, cluster_id);
    if (db_exec_stmt(st, s, err) != STORE_NONE)
        goto out;
    s = db_stmt(st, SIGNALS, err);
    if (!s)
        goto out;
    db_bind_int(s, 1, cluster_id);
    enum store_rc step;
    while ((step = db_step(st, s, err)) == STORE_ONE) {
        struct org_span e = { db_col_int(s, 0), { 0, 0 } };
        if (funnel_day_parse(db_col_text(s, 1), &e.span.from))
            continue;
        ALLOC_GROW(sig, n + 1, alloc);
        sig[n++] = e;
    }
    if (step != STORE_NONE)
        goto out;
    days = xcalloc(n ? n : 1, sizeof(*days));
    spans = xcalloc(n ? n : 1, sizeof(*spans));
    for (size_t i = 0; i < n;) {
        size_t j = i;
        for (; j < n && sig[j].org == sig[i].org; j++)
            days[j - i] = sig[j].span.from;
        size_t m = warm_periods_merge(days, j - i, warm_days, spans);
        for (size_t k = 0; k < m; k++) {
            char from[11], until[11];
            funnel_day_format(spans[k].from, from);
            funnel_day_format(spans[k].until, until);
            s = db_stmt(st, INSERT, err);
            if (!s)
                goto out;
            db_bind_int(s, 1, cluster_id);
            db_bind_int(s, 2, sig[i].org);
            db_bind_text(s, 3, from);
            db_bind_text(s, 4, until);
            if (db_exec_stmt(st, s, err) != STORE_NONE)
                goto out;
        }
        i = j;
    }
    rc = 0;
out:
    free(sig);
    free(days);
    free(spans);
    return rc;
}

struct settings_write {
    const struct scope *sc;
    const struct funnel_settings *fs;
};

static int
settings_put_in_tx(struct store *st, void *vctx, struct err *err)
{
    static const char UPSERT[] =
        "INSERT INTO funnel_settings(cluster_id, warm_days, signal_kinds,"
        " timezone, updated_at) VALUES ($1, $2, $3, $4, $5)"
        " ON CONFLICT (cluster_id) DO UPDATE SET warm_days = "
        "excluded.warm_days,"
        " signal_kinds = excluded.signal_kinds, timezone = excluded.timezone,"
        " updated_at = excluded.updated_at";
    static const char FLAGS[] =
        "UPDATE activity SET signal = NOT signal WHERE cluster_id = $1"
        " AND signal <> (instr(',' || $2 || ',', ',' || kind || ',') > 0)";
    struct settings_write *w = vctx;
    struct funnel_settings old;
    struct buf kinds = BUF_INIT;
    int rc = -1;
    if (funnel_settings_store_get(st, w->sc->cluster_id, &old, err))
        goto out;
    signal_kinds_format(w->fs->signal_kinds, &kinds);
    char now[21];
    db_now_iso(now);
    sqlite3_stmt *s = db_stmt(st, UPSERT, err);
    if (!s)
        goto out;
    db_bind_int(s, 1, w->sc->cluster_id);
    db_bind_int(s, 2, w->fs->warm_days);
    db_bind_text(s, 3, kinds.s);
    db_bind_text(s, 4, w->fs->timezone);
    db_bind_text(s, 5, now);
    if (db_exec_stmt(st, s, err) != STORE_NONE)
        goto out;
    if (old.signal_kinds != w->fs->signal_kinds) {
        s = db_stmt(st, FLAGS, err);
        if (!s)
            goto out;
        db_bind_int(s, 1, w->sc->cluster_id);
        db_bind_text(s, 2, kinds.s);
        if (db_exec_stmt(st, s, err) != STORE_NONE)
            goto out;
    }
    if ((old.signal_kinds != w->fs->signal_kinds ||
         old.warm_days != w->fs->warm_days) &&
        rebuild_cluster_periods(st, w->sc->cluster_id, w->fs->warm_days, err))
        goto out;
    rc = audit_record(st, w->sc, "update", "funnel_settings", w->sc->cluster_id,
                      settings_json_text(&old), settings_json_text(w->fs), err);
out:
    buf_release(&kinds);
    return rc;
}

int
funnel_settings_store_put(struct store *st, const struct scope *sc,
                          const struct funnel_settings *s, struct err *err)
{
    if (funnel_settings_validate(s, err))
        return -1;
    struct settings_write w = { sc, s };
    return store_tx(st, settings_put_in_tx, &w, err);
}

/* ---- the facts of every lead ---- */

struct facts_set {
    struct lead_facts *leads;
    size_t n;
    struct day_span *members;
    struct day_span *warm;
};

static void
facts_set_release(struct facts_set *fs)
{
    free(fs->leads);
    free(fs->members);
    free(fs->warm);
    memset(fs, 0, sizeof(*fs));
}

static int
cmp_facts(const void *pa, const void *pb)
{
    const struct lead_facts *a = pa, *b = pb;
    return (a->organisation_id > b->organisation_id) -
           (a->organisation_id < b->organisation_id);
}

static struct lead_facts *
find_lead(struct facts_set *fs, int64_t id)
{
    struct lead_facts key;
    key.organisation_id = id;
    return fs->n ? bsearch(&key, fs->leads, fs->n, sizeof(key), cmp_facts)
                 : NULL;
}

/* Runs sql ($1 cluster, then $2 and $3 when given as days) and collects
 * (column 0, span of columns 1 and 2) sorted. For memberships the span's
 * end column is the first day not a member (or ""). */
static int
load_spans(struct store *st, const char *sql, int64_t cluster_id,
           const char *p2, const char *p3, bool end_exclusive,
           struct org_span **out, size_t *n, struct err *err)
{
    size_t alloc = 0;
    sqlite3_stmt *s = db_stmt(st, sql, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    if (p2)
        db_bind_text(s, 2, p2);
    if (p3)
        db_bind_text(s, 3, p3);
    enum store_rc step;
    while ((step = db_step(st, s, err)) == STORE_ONE) {
        struct org_span e = { db_col_int(s, 0), { 0, DAY_NEVER } };
        int32_t d;
        if (funnel_day_parse(db_col_text(s, 1), &e.span.from))
            continue;
        if (!funnel_day_parse(db_col_text(s, 2), &d))
            e.span.until = end_exclusive ? d - 1 : d;
        ALLOC_GROW(*out, *n + 1, alloc);
        (*out)[(*n)++] = e;
    }
    if (step != STORE_NONE)
        return -1;
    if (*n)
        qsort(*out, *n, sizeof(**out), cmp_org_span);
    return 0;
}

/* Points each lead at its run of spans (both sorted by organisation). */
static struct day_span *
attach_spans(struct facts_set *fs, const struct org_span *sp, size_t n,
             bool members)
{
    struct day_span *flat = xcalloc(n ? n : 1, sizeof(*flat));
    for (size_t i = 0; i < n; i++)
        flat[i] = sp[i].span;
    size_t i = 0;
    for (size_t j = 0; j < fs->n; j++) {
        struct lead_facts *f = &fs->leads[j];
        while (i < n && sp[i].org < f->organisation_id)
            i++;
        size_t k = i;
        while (k < n && sp[k].org == f->organisation_id)
            k++;
        if (members) {
            f->members = flat + i;
            f->nmembers = k - i;
        } else {
            f->warm = flat + i;
            f->nwarm = k - i;
        }
        i = k;
    }
    return flat;
}

/*
 * Loads every lead of the cluster with its memberships and the warm
 * periods that reach from warm_min to warm_max (days), enough to judge
 * any day in that range.
 */
static int
facts_load(struct store *st, int64_t cluster_id, int32_t warm_min,
           int32_t warm_max, struct facts_set *out, struct err *err)
{
    /* Both read only their indexes (lead_cluster, lead_dnc). */
    static const char LEADS[] =
        "SELECT organisation_id, since FROM lead WHERE cluster_id = $1";
    static const char DNC[] =
        "SELECT organisation_id, dnc_on FROM lead WHERE cluster_id = $1"
        " AND dnc_on <> ''";
    static const char ARCHIVED[] =
        "SELECT id, archived_at FROM organisation WHERE cluster_id = $1"
        " AND archived = 1";
    static const char MEMBERS[] =
        "SELECT organisation_id, joined_on, ended_on FROM membership"
        " WHERE cluster_id = $1 AND declined_on = '' AND joined_on <> ''";
    static const char WARM[] =
        "SELECT organisation_id, warm_from, warm_until FROM warm_period"
        " WHERE cluster_id = $1 AND warm_until >= $2 AND warm_from <= $3";
    struct org_span *members = NULL, *warm = NULL;
    size_t nmembers = 0, nwarm = 0, alloc = 0;
    int rc = -1;
    memset(out, 0, sizeof(*out));

    sqlite3_stmt *s = db_stmt(st, LEADS, err);
    if (!s)
        goto out;
    db_bind_int(s, 1, cluster_id);
    enum store_rc step;
    while ((step = db_step(st, s, err)) == STORE_ONE) {
        struct lead_facts f;
        memset(&f, 0, sizeof(f));
        f.organisation_id = db_col_int(s, 0);
        f.left = DAY_NEVER;
        f.dnc_from = DAY_NEVER;
        if (funnel_day_parse(db_col_text(s, 1), &f.since))
            f.since = 0;
        ALLOC_GROW(out->leads, out->n + 1, alloc);
        out->leads[out->n++] = f;
    }
    if (step != STORE_NONE)
        goto out;
    if (out->n)
        qsort(out->leads, out->n, sizeof(*out->leads), cmp_facts);

    s = db_stmt(st, DNC, err);
    if (!s)
        goto out;
    db_bind_int(s, 1, cluster_id);
    while ((step = db_step(st, s, err)) == STORE_ONE) {
        struct lead_facts *f = find_lead(out, db_col_int(s, 0));
        int32_t d;
        if (f && !funnel_day_parse(db_col_text(s, 1), &d))
            f->dnc_from = d;
    }
    if (step != STORE_NONE)
        goto out;

    s = db_stmt(st, ARCHIVED, err);
    if (!s)
        goto out;
    db_bind_int(s, 1, cluster_id);
    while ((step = db_step(st, s, err)) == STORE_ONE) {
        struct lead_facts *f = find_lead(out, db_col_int(s, 0));
        int32_t d;
        if (f)
            f->left = funnel_day_parse(db_col_text(s, 1), &d) ? f->since : d;
    }
    if (step != STORE_NONE)
        goto out;

    char from[11], until[11];
    funnel_day_format(warm_min, from);
    funnel_day_format(warm_max, until);
    if (load_spans(st, MEMBERS, cluster_id, NULL, NULL, true, &members,
                   &nmembers, err) ||
        load_spans(st, WARM, cluster_id, from, until, false, &warm, &nwarm,
                   err))
        goto out;
    out->members = attach_spans(out, members, nmembers, true);
    out->warm = attach_spans(out, warm, nwarm, false);
    rc = 0;
out:
    free(members);
    free(warm);
    if (rc)
        facts_set_release(out);
    return rc;
}

/* ---- the board ---- */

void
funnel_board_release(struct funnel_board *b)
{
    struct funnel_lead *lists[] = { b->warm, b->cooling, b->joined };
    size_t ns[] = { b->nwarm, b->ncooling, b->njoined };
    for (size_t i = 0; i < ARRAY_SIZE(lists); i++) {
        for (size_t j = 0; j < ns[i]; j++) {
            free(lists[i][j].name);
            free(lists[i][j].owner_name);
        }
        free(lists[i]);
    }
    memset(b, 0, sizeof(*b));
}

struct board_entry {
    int64_t id;
    int32_t day;
};

static int
cmp_entry_asc(const void *pa, const void *pb)
{
    const struct board_entry *a = pa, *b = pb;
    if (a->day != b->day)
        return (a->day > b->day) - (a->day < b->day);
    return (a->id > b->id) - (a->id < b->id);
}

static int
cmp_entry_desc(const void *pa, const void *pb)
{
    return cmp_entry_asc(pb, pa);
}

/* Fills a board list from entries (id, day), reading names. */
static int
board_list(struct store *st, int64_t cluster_id, int32_t today,
           const struct board_entry *e, size_t n, struct funnel_lead **out,
           size_t *nout, struct err *err)
{
    static const char NAMES[] =
        "SELECT o.name, coalesce(nullif(u.name, ''), u.email, '')"
        " FROM lead l JOIN organisation o ON o.id = l.organisation_id"
        " LEFT JOIN app_user u ON u.id = l.owner_id"
        " WHERE l.cluster_id = $1 AND l.organisation_id = $2";
    *out = xcalloc(n ? n : 1, sizeof(**out));
    *nout = 0;
    for (size_t i = 0; i < n; i++) {
        sqlite3_stmt *s = db_stmt(st, NAMES, err);
        if (!s)
            return -1;
        db_bind_int(s, 1, cluster_id);
        db_bind_int(s, 2, e[i].id);
        enum store_rc rc = db_step(st, s, err);
        if (rc == STORE_HARD)
            return -1;
        if (rc == STORE_NONE)
            continue;
        struct funnel_lead *l = &(*out)[(*nout)++];
        l->organisation_id = e[i].id;
        l->name = db_col_dup(s, 0);
        l->owner_name = db_col_dup(s, 1);
        sqlite3_reset(s);
        funnel_day_format(e[i].day, l->warm_until);
        l->days_left = e[i].day >= today ? (int)(e[i].day - today) : 0;
    }
    return 0;
}

int
funnel_store_board(struct store *st, int64_t cluster_id, int32_t today,
                   size_t limit, struct funnel_board *out, struct err *err)
{
    struct facts_set fs;
    struct board_entry *warm = NULL, *joined = NULL;
    size_t nwarm = 0, njoined = 0, walloc = 0, jalloc = 0;
    struct funnel_board b;
    memset(&b, 0, sizeof(b));
    b.today = today;
    int rc = -1;
    if (facts_load(st, cluster_id, today, today, &fs, err))
        return -1;
    struct date d = date_from_days(today);
    int32_t month_start = today - (d.day - 1);
    for (size_t i = 0; i < fs.n; i++) {
        const struct lead_facts *f = &fs.leads[i];
        if (lead_in_base(f, today)) {
            int32_t until = 0;
            enum lead_stage stage = lead_stage_on(f, today, &until);
            b.stage[stage]++;
            if (stage == LEAD_WARM) {
                ALLOC_GROW(warm, nwarm + 1, walloc);
                warm[nwarm++] =
                    (struct board_entry){ f->organisation_id, until };
            }
        }
        for (size_t k = 0; k < f->nmembers; k++) {
            int32_t from = f->members[k].from;
            if (from < month_start || from > today || from >= f->left ||
                lead_stage_on(f, from - 1, NULL) == LEAD_MEMBER)
                continue;
            ALLOC_GROW(joined, njoined + 1, jalloc);
            joined[njoined++] =
                (struct board_entry){ f->organisation_id, from };
        }
    }
    if (nwarm)
        qsort(warm, nwarm, sizeof(*warm), cmp_entry_asc);
    if (njoined)
        qsort(joined, njoined, sizeof(*joined), cmp_entry_desc);
    size_t ncooling = 0;
    while (ncooling < nwarm && warm[ncooling].day <= today + 6)
        ncooling++;
    b.joined_this_month = (int64_t)njoined;
    b.cooling_total = (int64_t)ncooling;
    if (board_list(st, cluster_id, today, warm, nwarm < limit ? nwarm : limit,
                   &b.warm, &b.nwarm, err) ||
        board_list(st, cluster_id, today, warm,
                   ncooling < limit ? ncooling : limit, &b.cooling, &b.ncooling,
                   err) ||
        board_list(st, cluster_id, today, joined, njoined, &b.joined,
                   &b.njoined, err))
        goto out;
    funnel_board_release(out);
    *out = b;
    memset(&b, 0, sizeof(b));
    rc = 0;
out:
    funnel_board_release(&b);
    facts_set_release(&fs);
    free(warm);
    free(joined);
    return rc;
}

/* ---- the months ---- */

int
funnel_store_months(struct store *st, int64_t cluster_id, int year, int month,
                    int nmonths, int32_t today, struct funnel_month *out,
                    struct err *err)
{
    static const char OUTREACH[] =
        "SELECT month, kind, n FROM activity_month WHERE cluster_id = $1"
        " AND month >= $2 AND month <= $3";
    if (nmonths < 1 || nmonths > 36)
        return err_set(err, ERR_INVALID, "months",
                       "The report covers 1 to 36 months.");
    if (month < 1 || month > 12 || year < 1900 || year > 9999)
        return err_set(err, ERR_INVALID, "month",
                       "The month must be like 2026-03.");
    int first = year * 12 + (month - 1) - (nmonths - 1);
    int32_t start =
        date_to_days((struct date){ first / 12, first % 12 + 1, 1 });
    int32_t end = date_to_days((struct date){ year, month, 1 }) +
                  date_days_in_month(year, month) - 1;
    if (end > today)
        end = today;
    struct facts_set fs;
    /* The day before the first month is judged too (cold growth). */
    if (facts_load(st, cluster_id, start - 1, end, &fs, err))
        return -1;
    funnel_compute(fs.leads, fs.n, year, month, nmonths, today, out);
    facts_set_release(&fs);

    char lo[8], hi[8];
    snprintf(lo, sizeof(lo), "%04d-%02d", first / 12, first % 12 + 1);
    snprintf(hi, sizeof(hi), "%04d-%02d", year, month);
    sqlite3_stmt *s = db_stmt(st, OUTREACH, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_text(s, 2, lo);
    db_bind_text(s, 3, hi);
    enum store_rc step;
    while ((step = db_step(st, s, err)) == STORE_ONE) {
        const char *m = db_col_text(s, 0);
        enum activity_kind k;
        if (strlen(m) != 7 || activity_kind_parse(db_col_text(s, 1), &k))
            continue;
        int y = (m[0] - '0') * 1000 + (m[1] - '0') * 100 + (m[2] - '0') * 10 +
                (m[3] - '0');
        int mo = (m[5] - '0') * 10 + (m[6] - '0');
        int i = y * 12 + (mo - 1) - first;
        if (i >= 0 && i < nmonths)
            out[i].outreach[activity_channel(k)] += db_col_int(s, 2);
    }
    return step == STORE_NONE ? 0 : -1;
}
