/*
 * Leads: what the funnel knows of each organisation beyond the register
 * (source, owner, since, do not contact), with the stage derived for the
 * day asked about. Stages are never stored; a list of 50,000 leads reads
 * the few facts that make a lead anything but cold (memberships and warm
 * periods covering the day, the do-not-contact day) in two small
 * statements and judges every lead in C, then reads the details of the
 * page it shows.
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/mem.h"
#include "base/text.h"
#include "io/jsonw.h"
#include "store/db.h"
#include "store/funnel_internal.h"
#include "store/funnel_store.h"
#include "store/util.h"

static void
set_text(char **field, const char *s)
{
    free(*field);
    *field = xstrdup(s ? s : "");
}

static void
set_day(char out[11], const char *s)
{
    size_t len = strnlen(s, 10);
    memcpy(out, s, len);
    out[len] = '\0';
}

void
lead_init(struct lead *l)
{
    memset(l, 0, sizeof(*l));
    l->kind = ORG_KIND_OTHER;
    char **text[] = { &l->name, &l->city, &l->source, &l->owner_name,
                      &l->dnc_reason };
    for (size_t i = 0; i < ARRAY_SIZE(text); i++)
        *text[i] = xstrdup("");
}

void
lead_release(struct lead *l)
{
    free(l->name);
    free(l->city);
    free(l->source);
    free(l->owner_name);
    free(l->dnc_reason);
    memset(l, 0, sizeof(*l));
}

void
lead_list_release(struct lead_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        lead_release(&l->items[i]);
    free(l->items);
    memset(l, 0, sizeof(*l));
}

void
lead_update_init(struct lead_update *u)
{
    memset(u, 0, sizeof(*u));
    u->owner_id = -1;
    u->dnc = -1;
}

/* ---- one organisation's facts ---- */

void
funnel_org_facts_release(struct funnel_org_facts *o)
{
    free(o->members);
    free(o->warm);
    memset(o, 0, sizeof(*o));
}

enum store_rc
funnel_org_facts_load(struct store *st, int64_t cluster_id, int64_t org_id,
                      struct funnel_org_facts *out, struct err *err)
{
    static const char LEAD[] =
        "SELECT l.since, l.dnc_on, o.archived, o.archived_at FROM lead l"
        " JOIN organisation o ON o.id = l.organisation_id"
        " WHERE l.cluster_id = $1 AND l.organisation_id = $2";
    static const char MEMBERS[] =
        "SELECT joined_on, ended_on FROM membership WHERE organisation_id = $2"
        " AND cluster_id = $1 AND declined_on = '' AND joined_on <> ''"
        " ORDER BY joined_on";
    static const char WARM[] =
        "SELECT warm_from, warm_until FROM warm_period"
        " WHERE organisation_id = $2 AND cluster_id = $1 ORDER BY warm_from";
    memset(out, 0, sizeof(*out));
    struct lead_facts *f = &out->f;
    f->organisation_id = org_id;
    f->left = DAY_NEVER;
    f->dnc_from = DAY_NEVER;
    sqlite3_stmt *s = db_stmt(st, LEAD, err);
    if (!s)
        return STORE_HARD;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, org_id);
    enum store_rc rc = db_step(st, s, err);
    if (rc != STORE_ONE)
        return rc;
    if (funnel_day_parse(db_col_text(s, 0), &f->since))
        f->since = 0;
    int32_t d;
    if (!funnel_day_parse(db_col_text(s, 1), &d))
        f->dnc_from = d;
    if (db_col_int(s, 2))
        f->left = funnel_day_parse(db_col_text(s, 3), &d) ? f->since : d;
    sqlite3_reset(s);

    s = db_stmt(st, MEMBERS, err);
    if (!s)
        return STORE_HARD;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, org_id);
    size_t n = 0;
    while ((rc = db_step(st, s, err)) == STORE_ONE) {
        struct day_span span = { 0, DAY_NEVER };
        if (funnel_day_parse(db_col_text(s, 0), &span.from))
            continue;
        if (!funnel_day_parse(db_col_text(s, 1), &d))
            span.until = d - 1;
        ALLOC_GROW(out->members, n + 1, out->members_alloc);
        out->members[n++] = span;
    }
    if (rc != STORE_NONE)
        goto fail;
    f->members = out->members;
    f->nmembers = n;

    s = db_stmt(st, WARM, err);
    if (!s)
        goto fail;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, org_id);
    n = 0;
    while ((rc = db_step(st, s, err)) == STORE_ONE) {
        struct day_span span;
        if (funnel_day_parse(db_col_text(s, 0), &span.from) ||
            funnel_day_parse(db_col_text(s, 1), &span.until))
            continue;
        ALLOC_GROW(out->warm, n + 1, out->warm_alloc);
        out->warm[n++] = span;
    }
    if (rc != STORE_NONE)
        goto fail;
    f->warm = out->warm;
    f->nwarm = n;
    return STORE_ONE;
fail:
    funnel_org_facts_release(out);
    return STORE_HARD;
}

/* ---- details ---- */

#define LEAD_DETAIL                                                        \
    "SELECT l.organisation_id, o.name, o.kind, o.city, l.source,"          \
    " coalesce(l.owner_id, 0), coalesce(nullif(u.name, ''), u.email, '')," \
    " l.since, l.dnc_on, l.dnc_reason,"                                    \
    " (SELECT max(day) FROM activity WHERE organisation_id = "             \
    "l.organisation_id"                                                    \
    "  AND signal = 1),"                                                   \
    " (SELECT max(day) FROM activity"                                      \
    "  WHERE organisation_id = l.organisation_id)"                         \
    " FROM lead l JOIN organisation o ON o.id = l.organisation_id"         \
    " LEFT JOIN app_user u ON u.id = l.owner_id"                           \
    " WHERE l.cluster_id = $1 AND l.organisation_id = $2"

static void
lead_from_row(sqlite3_stmt *s, void *vl)
{
    struct lead *l = vl;
    l->organisation_id = db_col_int(s, 0);
    set_text(&l->name, db_col_text(s, 1));
    enum org_kind k;
    l->kind = org_kind_parse(db_col_text(s, 2), &k) ? ORG_KIND_OTHER : (int)k;
    set_text(&l->city, db_col_text(s, 3));
    set_text(&l->source, db_col_text(s, 4));
    l->owner_id = db_col_int(s, 5);
    set_text(&l->owner_name, db_col_text(s, 6));
    set_day(l->since, db_col_text(s, 7));
    set_day(l->dnc_on, db_col_text(s, 8));
    set_text(&l->dnc_reason, db_col_text(s, 9));
    set_day(l->last_signal, db_col_text(s, 10));
    set_day(l->last_activity, db_col_text(s, 11));
}

static enum store_rc
lead_detail(struct store *st, int64_t cluster_id, int64_t org_id,
            struct lead *out, struct err *err)
{
    static const char SELECT[] = LEAD_DETAIL;
    return db_get_record(st, SELECT, cluster_id, org_id, lead_from_row, out,
                         err);
}

enum store_rc
lead_store_get(struct store *st, int64_t cluster_id, int64_t organisation_id,
               int32_t today, struct lead *out, struct err *err)
{
    struct funnel_org_facts facts;
    enum store_rc rc =
        funnel_org_facts_load(st, cluster_id, organisation_id, &facts, err);
    if (rc != STORE_ONE)
        return rc;
    rc = lead_detail(st, cluster_id, organisation_id, out, err);
    if (rc == STORE_ONE) {
        int32_t until = 0;
        out->stage = lead_stage_on(&facts.f, today, &until);
        out->warm_until[0] = '\0';
        if (out->stage == LEAD_WARM)
            funnel_day_format(until, out->warm_until);
    }
    funnel_org_facts_release(&facts);
    return rc;
}

/* ---- lists ---- */

/* A lead judged for the list: strings are offsets into the arena. */
struct lead_row {
    int64_t id;
    size_t name_key;
    size_t source;
    int32_t since;
    int32_t until; /* last warm day, or DAY_NEVER when not warm */
    int stage;
};

struct sort_ctx {
    const char *arena;
    enum lead_sort sort;
    int dir; /* 1 or -1 */
};

static int
cmp_row(const void *pa, const void *pb, void *vctx)
{
    const struct lead_row *a = pa, *b = pb;
    const struct sort_ctx *c = vctx;
    int r = 0;
    switch (c->sort) {
    case LEAD_SORT_STAGE:
        r = (a->stage > b->stage) - (a->stage < b->stage);
        break;
    case LEAD_SORT_WARM_UNTIL:
        /* Cold ones last in either direction. */
        if ((a->until == DAY_NEVER) != (b->until == DAY_NEVER))
            return a->until == DAY_NEVER ? 1 : -1;
        r = (a->until > b->until) - (a->until < b->until);
        break;
    case LEAD_SORT_SINCE:
        r = (a->since > b->since) - (a->since < b->since);
        break;
    case LEAD_SORT_SOURCE: {
        const char *sa = c->arena + a->source, *sb = c->arena + b->source;
        /* Leads without a source last in either direction. */
        if (!*sa != !*sb)
            return *sa ? -1 : 1;
        r = strcmp(sa, sb);
        break;
    }
    default:
        break;
    }
    if (!r)
        r = strcmp(c->arena + a->name_key, c->arena + b->name_key);
    if (!r)
        r = (a->id > b->id) - (a->id < b->id);
    return r * c->dir;
}

struct id_day {
    int64_t id;
    int32_t day;
};

static int
cmp_id_day(const void *pa, const void *pb)
{
    const struct id_day *a = pa, *b = pb;
    return (a->id > b->id) - (a->id < b->id);
}

/* Loads the ids the statement sql ($1 cluster, $2 today) answers in
 * column 0, with the day of column 1 when with_day, sorted by id. */
static int
load_ids(struct store *st, const char *sql, int64_t cluster_id,
         const char *today, bool with_day, struct id_day **out, size_t *n,
         struct err *err)
{
    size_t alloc = 0;
    sqlite3_stmt *s = db_stmt(st, sql, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_text(s, 2, today);
    enum store_rc rc;
    while ((rc = db_step(st, s, err)) == STORE_ONE) {
        struct id_day e = { db_col_int(s, 0), DAY_NEVER };
        if (with_day && funnel_day_parse(db_col_text(s, 1), &e.day))
            continue;
        ALLOC_GROW(*out, *n + 1, alloc);
        (*out)[(*n)++] = e;
    }
    if (rc != STORE_NONE)
        return -1;
    if (*n)
        qsort(*out, *n, sizeof(**out), cmp_id_day);
    return 0;
}

static const struct id_day *
find_id(const struct id_day *a, size_t n, int64_t id)
{
    struct id_day key = { id, 0 };
    return n ? bsearch(&key, a, n, sizeof(*a), cmp_id_day) : NULL;
}

/* The filtered statement: a join that reads every lead's row. */
#define LEAD_ROWS                                                          \
    "SELECT l.organisation_id, o.name_key, l.since, l.dnc_on, l.source"    \
    " FROM lead l JOIN organisation o ON o.id = l.organisation_id"         \
    " WHERE l.cluster_id = $1 AND l.since <= $2"                           \
    " AND (o.archived = 0 OR substr(o.archived_at, 1, 10) > $2)"           \
    " AND ($3 IS NULL OR o.search LIKE $3 ESCAPE '\\')"                    \
    " AND ($4 = 0 OR ($4 = -1 AND l.owner_id IS NULL) OR l.owner_id = $4)" \
    " AND ($5 IS NULL OR l.source = $5) AND ($6 IS NULL OR o.kind = $6)"

/* What makes leads anything but cold on one day, by organisation. */
struct judge {
    const char *day;
    struct id_day *members, *warm, *since, *dnc, *left;
    size_t nmembers, nwarm, nsince, ndnc, nleft;
    int stage; /* the filter's */
    struct lead_row *rows;
    size_t nrows, alloc;
    struct buf arena;
};

static void
judge_release(struct judge *j)
{
    free(j->members);
    free(j->warm);
    free(j->since);
    free(j->dnc);
    free(j->left);
    free(j->rows);
    buf_release(&j->arena);
}

/* The stage filter: -1 all but members, JUDGE_ALL everything. */
#define JUDGE_ALL (-2)
static bool
stage_passes(int filter, int stage)
{
    if (filter == JUDGE_ALL)
        return true;
    return filter < 0 ? stage != LEAD_MEMBER : stage == filter;
}

/* Judges one lead and keeps it when its stage passes the filter. */
static void
judge_row(struct judge *j, int64_t id, const char *name_key, size_t key_len,
          int32_t since, const char *dnc, const char *source)
{
    struct lead_row r = { id, 0, 0, since, DAY_NEVER, LEAD_COLD };
    const struct id_day *w;
    if (find_id(j->members, j->nmembers, id))
        r.stage = LEAD_MEMBER;
    else if (*dnc && strcmp(dnc, j->day) <= 0)
        r.stage = LEAD_DO_NOT_CONTACT;
    else if ((w = find_id(j->warm, j->nwarm, id))) {
        r.stage = LEAD_WARM;
        r.until = w->day;
    }
    if (!stage_passes(j->stage, r.stage))
        return;
    r.name_key = j->arena.len;
    buf_add(&j->arena, name_key, key_len);
    buf_addc(&j->arena, '\0');
    if (*source) {
        r.source = j->arena.len;
        buf_adds(&j->arena, source);
        buf_addc(&j->arena, '\0');
    }
    ALLOC_GROW(j->rows, j->nrows + 1, j->alloc);
    j->rows[j->nrows++] = r;
}

/* Every lead through the filtering join. */
static int
judge_filtered(struct store *st, int64_t cluster_id,
               const struct lead_filter *f, const char *like, struct judge *j,
               struct err *err)
{
    static const char ROWS[] = LEAD_ROWS;
    sqlite3_stmt *s = db_stmt(st, ROWS, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_text(s, 2, j->day);
    db_bind_text_or_null(s, 3, like);
    db_bind_int(s, 4, f->owner_id);
    db_bind_text_or_null(s, 5, f->source);
    if (f->kind >= 0 && f->kind < ORG_KIND__COUNT)
        db_bind_text(s, 6, org_kind_name((enum org_kind)f->kind));
    enum store_rc step;
    while ((step = db_step(st, s, err)) == STORE_ONE) {
        int32_t since;
        if (funnel_day_parse(db_col_text(s, 2), &since))
            since = 0;
        judge_row(j, db_col_int(s, 0), db_col_text(s, 1),
                  (size_t)sqlite3_column_bytes(s, 1), since, db_col_text(s, 3),
                  db_col_text(s, 4));
    }
    return step == STORE_NONE ? 0 : -1;
}

/*
 * Every lead of the unfiltered list from indexes alone: the register's
 * names in organisation_list, since in lead_cluster, do-not-contact days
 * in lead_dnc. Reading the lead and organisation rows themselves would
 * cost most of the time of a list of 50,000.
 */
static int
judge_all(struct store *st, int64_t cluster_id, struct judge *j,
          struct err *err)
{
    static const char SINCE[] =
        "SELECT organisation_id, since FROM lead WHERE cluster_id = $1"
        " AND since <= $2";
    static const char DNC[] =
        "SELECT organisation_id, dnc_on FROM lead WHERE cluster_id = $1"
        " AND dnc_on <> '' AND dnc_on <= $2";
    static const char LEFT[] =
        "SELECT id, archived_at FROM organisation WHERE cluster_id = $1"
        " AND archived = 1 AND $2 = $2";
    static const char NAMES[] =
        "SELECT id, name_key, archived FROM organisation WHERE cluster_id = $1";
    if (load_ids(st, SINCE, cluster_id, j->day, true, &j->since, &j->nsince,
                 err) ||
        load_ids(st, DNC, cluster_id, j->day, true, &j->dnc, &j->ndnc, err) ||
        load_ids(st, LEFT, cluster_id, j->day, true, &j->left, &j->nleft, err))
        return -1;
    int32_t today;
    if (funnel_day_parse(j->day, &today))
        return -1;
    sqlite3_stmt *s = db_stmt(st, NAMES, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    enum store_rc step;
    while ((step = db_step(st, s, err)) == STORE_ONE) {
        int64_t id = db_col_int(s, 0);
        const struct id_day *since = find_id(j->since, j->nsince, id);
        if (!since)
            continue;
        if (db_col_int(s, 2)) {
            const struct id_day *left = find_id(j->left, j->nleft, id);
            if (!left || left->day <= today)
                continue;
        }
        judge_row(j, id, db_col_text(s, 1), (size_t)sqlite3_column_bytes(s, 1),
                  since->day, find_id(j->dnc, j->ndnc, id) ? j->day : "", "");
    }
    return step == STORE_NONE ? 0 : -1;
}

/*
 * The unfiltered list's leads of one day, judged and sorted by name, kept
 * per connection until the data or the day changes: paging, the stage
 * tabs and the other sorts then cost a pass over memory instead of
 * judging 50,000 leads again (about 100 ms) on every view.
 */
struct lead_index {
    int64_t cluster_id;
    int32_t today;
    uint64_t stamp;
    struct lead_row *rows;
    size_t n;
    struct buf arena;
};

static void
lead_index_free(void *v)
{
    struct lead_index *x = v;
    if (!x)
        return;
    free(x->rows);
    buf_release(&x->arena);
    free(x);
}

/* Judges the leads of day for j (its stage filter decides which). */
static int
judge(struct store *st, int64_t cluster_id, const struct lead_filter *f,
      const char *like, struct judge *j, struct err *err)
{
    static const char MEMBERS[] =
        "SELECT organisation_id FROM membership WHERE cluster_id = $1"
        " AND declined_on = '' AND joined_on <> '' AND joined_on <= $2"
        " AND (ended_on = '' OR ended_on > $2)";
    static const char WARM[] =
        "SELECT organisation_id, warm_until FROM warm_period"
        " WHERE cluster_id = $1 AND warm_until >= $2 AND warm_from <= $2";
    buf_addc(&j->arena, '\0'); /* offset 0 is "" */
    if (load_ids(st, MEMBERS, cluster_id, j->day, false, &j->members,
                 &j->nmembers, err) ||
        load_ids(st, WARM, cluster_id, j->day, true, &j->warm, &j->nwarm, err))
        return -1;
    return f ? judge_filtered(st, cluster_id, f, like, j, err)
             : judge_all(st, cluster_id, j, err);
}

/* The connection's index for the day, built when missing or stale. */
static const struct lead_index *
lead_index_get(struct store *st, int64_t cluster_id, int32_t today,
               const char *day, struct err *err)
{
    struct lead_index *x = st->leads.data;
    uint64_t stamp = db_stamp(st);
    if (x && x->cluster_id == cluster_id && x->today == today &&
        x->stamp == stamp && st->tx_depth == 0)
        return x;
    struct judge j;
    memset(&j, 0, sizeof(j));
    j.arena = (struct buf)BUF_INIT;
    j.day = day;
    j.stage = JUDGE_ALL;
    if (judge(st, cluster_id, NULL, NULL, &j, err)) {
        judge_release(&j);
        return NULL;
    }
    struct sort_ctx ctx = { j.arena.s, LEAD_SORT_NAME, 1 };
    if (j.nrows)
        qsort_r(j.rows, j.nrows, sizeof(*j.rows), cmp_row, &ctx);
    lead_index_free(x);
    x = xcalloc(1, sizeof(*x));
    *x = (struct lead_index){
        cluster_id, today, stamp, j.rows, j.nrows, j.arena
    };
    j.rows = NULL;
    j.arena = (struct buf)BUF_INIT;
    judge_release(&j);
    /* Inside a transaction the reads may not be committed: not kept. */
    x->stamp = st->tx_depth ? 0 : stamp;
    st->leads = (struct store_cache){ x, lead_index_free };
    return x;
}

/* Sorts rows as f asks (unless they are in that order already), then
 * loads the details of f's page of them into out. */
static int
lead_page(struct store *st, int64_t cluster_id, struct lead_row *rows,
          size_t nrows, const char *arena, bool by_name,
          const struct lead_filter *f, struct lead_list *out, struct err *err)
{
    enum lead_sort sort = f->sort < LEAD_SORT__COUNT ? f->sort : LEAD_SORT_NAME;
    out->total = (int64_t)nrows;
    if (by_name && sort == LEAD_SORT_NAME) {
        for (size_t i = 0; f->desc && i < nrows / 2; i++) {
            struct lead_row t = rows[i];
            rows[i] = rows[nrows - 1 - i];
            rows[nrows - 1 - i] = t;
        }
    } else if (nrows) {
        struct sort_ctx ctx = { arena, sort, f->desc ? -1 : 1 };
        qsort_r(rows, nrows, sizeof(*rows), cmp_row, &ctx);
    }
    size_t from = f->offset > 0 ? (size_t)f->offset : 0;
    size_t to = nrows;
    if (f->limit >= 0 && from + (size_t)f->limit < to)
        to = from + (size_t)f->limit;
    for (size_t i = from; i < to; i++) {
        ALLOC_GROW(out->items, out->n + 1, out->alloc);
        struct lead *l = &out->items[out->n];
        lead_init(l);
        enum store_rc got = lead_detail(st, cluster_id, rows[i].id, l, err);
        if (got != STORE_ONE) {
            lead_release(l);
            if (got == STORE_HARD)
                return -1;
            continue;
        }
        out->n++;
        l->stage = (enum lead_stage)rows[i].stage;
        if (l->stage == LEAD_WARM)
            funnel_day_format(rows[i].until, l->warm_until);
    }
    return 0;
}

int
lead_store_list(struct store *st, int64_t cluster_id, int32_t today,
                const struct lead_filter *f, struct lead_list *out,
                struct err *err)
{
    struct buf like = BUF_INIT;
    char day[11];
    int rc = -1;
    funnel_day_format(today, day);
    store_like_pattern(&like, f->q);
    bool filtered = like.len || f->owner_id || (f->source && *f->source) ||
                    f->kind >= 0 || f->sort == LEAD_SORT_SOURCE;
    if (filtered) {
        struct judge j;
        memset(&j, 0, sizeof(j));
        j.arena = (struct buf)BUF_INIT;
        j.day = day;
        j.stage = f->stage;
        rc = judge(st, cluster_id, f, like.s, &j, err) ||
                     lead_page(st, cluster_id, j.rows, j.nrows, j.arena.s,
                               false, f, out, err)
                 ? -1
                 : 0;
        judge_release(&j);
    } else {
        const struct lead_index *x =
            lead_index_get(st, cluster_id, today, day, err);
        if (x) {
            /* The stage's leads, still in name order. */
            struct lead_row *rows = xcalloc(x->n ? x->n : 1, sizeof(*rows));
            size_t n = 0;
            for (size_t i = 0; i < x->n; i++)
                if (stage_passes(f->stage, x->rows[i].stage))
                    rows[n++] = x->rows[i];
            rc = lead_page(st, cluster_id, rows, n, x->arena.s, true, f, out,
                           err);
            free(rows);
        }
    }
    buf_release(&like);
    return rc;
}

int
lead_store_sources(struct store *st, int64_t cluster_id, char ***items,
                   size_t *n, struct err *err)
{
    static const char SELECT[] =
        "SELECT DISTINCT source FROM lead WHERE cluster_id = $1"
        " AND source <> '' ORDER BY source";
    return store_strings(st, SELECT, cluster_id, items, n, err);
}

/* ---- update ---- */

static char *
lead_json_text(const struct lead *l)
{
    struct buf b = BUF_INIT;
    struct jsonw w;
    jsonw_init(&w, &b);
    jsonw_begin_object(&w);
    jsonw_key(&w, "source");
    jsonw_string(&w, l->source);
    jsonw_key(&w, "owner_id");
    if (l->owner_id)
        jsonw_int(&w, l->owner_id);
    else
        jsonw_null(&w);
    jsonw_key(&w, "since");
    jsonw_string(&w, l->since);
    jsonw_key(&w, "dnc_on");
    jsonw_string_or_null(&w, l->dnc_on);
    jsonw_key(&w, "dnc_reason");
    jsonw_string(&w, l->dnc_reason);
    jsonw_end_object(&w);
    return buf_detach(&b, NULL);
}

/* Sets *field to the trimmed s after checking it: valid UTF-8 of at most
 * max characters. */
static int
take_text(char **field, const char *s, const char *name, const char *label,
          size_t max, struct err *err)
{
    size_t len;
    const char *t = text_trim(s, strlen(s), &len);
    if (!text_valid_utf8(t, len))
        return err_set(err, ERR_INVALID, name,
                       "%s contains characters that are not allowed.", label);
    if (text_utf8_len(t, len) > max)
        return err_set(err, ERR_INVALID, name,
                       "%s is longer than %zu characters.", label, max);
    free(*field);
    *field = xstrndup(t, len);
    return 0;
}

/* Checks a day "YYYY-MM-DD" not after today into out. */
static int
take_day(char out[11], const char *s, int32_t today, const char *name,
         const char *label, struct err *err)
{
    size_t len;
    const char *t = text_trim(s, strlen(s), &len);
    struct date d;
    if (len != 10 || date_parse(t, 10, &d))
        return err_set(err, ERR_INVALID, name,
                       "%s must be a day like 2026-03-31.", label);
    if (date_to_days(d) > today)
        return err_set(err, ERR_INVALID, name, "%s may not be in the future.",
                       label);
    memcpy(out, t, 10);
    out[10] = '\0';
    return 0;
}

struct lead_write {
    const struct scope *sc;
    const struct lead_update *u;
    int32_t today;
    enum store_rc rc;
};

static int
lead_update_in_tx(struct store *st, void *vctx, struct err *err)
{
    static const char OWNER[] =
        "SELECT 1 FROM app_user WHERE cluster_id = $1 AND id = $2";
    static const char UPDATE[] =
        "UPDATE lead SET source = $3, owner_id = $4, since = $5, dnc_on = $6,"
        " dnc_reason = $7, updated_at = $8"
        " WHERE cluster_id = $1 AND organisation_id = $2";
    struct lead_write *w = vctx;
    const struct lead_update *u = w->u;
    int64_t cluster_id = w->sc->cluster_id;
    struct lead before, after;
    int rc = -1;
    lead_init(&before);
    lead_init(&after);
    w->rc = lead_detail(st, cluster_id, u->organisation_id, &before, err);
    if (w->rc != STORE_ONE) {
        rc = w->rc == STORE_NONE ? 0 : -1;
        goto out;
    }
    set_text(&after.source, before.source);
    after.owner_id = before.owner_id;
    memcpy(after.since, before.since, sizeof(after.since));
    memcpy(after.dnc_on, before.dnc_on, sizeof(after.dnc_on));
    set_text(&after.dnc_reason, before.dnc_reason);
    if (u->source &&
        take_text(&after.source, u->source, "source", "The source", 100, err))
        goto out;
    if (u->owner_id > 0) {
        sqlite3_stmt *s = db_stmt(st, OWNER, err);
        if (!s)
            goto out;
        db_bind_int(s, 1, cluster_id);
        db_bind_int(s, 2, u->owner_id);
        enum store_rc found = db_step(st, s, err);
        if (found == STORE_HARD)
            goto out;
        sqlite3_reset(s);
        if (found == STORE_NONE) {
            err_set(err, ERR_INVALID, "owner_id",
                    "Choose an owner among the users of this cluster.");
            goto out;
        }
        after.owner_id = u->owner_id;
    } else if (u->owner_id == 0) {
        after.owner_id = 0;
    } else if (u->owner_id != -1) {
        err_set(err, ERR_INVALID, "owner_id",
                "Choose an owner among the users of this cluster.");
        goto out;
    }
    if (u->since && take_day(after.since, u->since, w->today, "since",
                             "In the base since", err))
        goto out;
    if (u->dnc == 1) {
        if (u->dnc_on && *u->dnc_on) {
            if (take_day(after.dnc_on, u->dnc_on, w->today, "dnc_on",
                         "The day it asked not to be contacted", err))
                goto out;
        } else if (!after.dnc_on[0]) {
            funnel_day_format(w->today, after.dnc_on);
        }
    } else if (u->dnc == 0) {
        after.dnc_on[0] = '\0';
        set_text(&after.dnc_reason, "");
    }
    if (u->dnc_reason && u->dnc != 0 &&
        take_text(&after.dnc_reason, u->dnc_reason, "dnc_reason", "The reason",
                  500, err))
        goto out;
    char now[21];
    db_now_iso(now);
    sqlite3_stmt *s = db_stmt(st, UPDATE, err);
    if (!s)
        goto out;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, u->organisation_id);
    db_bind_text(s, 3, after.source);
    if (after.owner_id)
        db_bind_int(s, 4, after.owner_id);
    db_bind_text(s, 5, after.since);
    db_bind_text(s, 6, after.dnc_on);
    db_bind_text(s, 7, after.dnc_reason);
    db_bind_text(s, 8, now);
    if (db_exec_stmt(st, s, err) != STORE_NONE)
        goto out;
    rc = audit_record(st, w->sc, "update", "lead", u->organisation_id,
                      lead_json_text(&before), lead_json_text(&after), err);
out:
    lead_release(&before);
    lead_release(&after);
    return rc;
}

enum store_rc
lead_store_update(struct store *st, const struct scope *sc,
                  const struct lead_update *u, int32_t today, struct err *err)
{
    struct lead_write w = { sc, u, today, STORE_NONE };
    if (store_tx(st, lead_update_in_tx, &w, err))
        return STORE_HARD;
    return w.rc;
}
