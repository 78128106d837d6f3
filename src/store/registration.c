/*
 * Registrations for events: by staff and through the public page, the
 * waitlist, check-in and its activity, fees paid, and the satisfaction
 * link. Capacity is decided inside the write's transaction (BEGIN
 * IMMEDIATE holds the write lock), so two people cannot both take the
 * last place. The rules are core/event.h's; this file only applies them.
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/crypto.h"
#include "base/date.h"
#include "base/mem.h"
#include "base/text.h"
#include "core/lead.h"
#include "io/jsonw.h"
#include "store/db.h"
#include "store/event_store.h"
#include "store/funnel_store.h"

void
registration_list_release(struct registration_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        registration_release(&l->items[i]);
    free(l->items);
    memset(l, 0, sizeof(*l));
}

/* Columns 0..18 fill struct registration. */
#define REG_SELECT                                                           \
    "SELECT r.id, r.event_id, r.organisation_id, ifnull(r.contact_id, 0),"   \
    " r.name, r.email, r.status, r.member, r.fee, r.paid_on, r.source,"      \
    " r.token, ifnull(r.rating, 0), r.comment, r.rated_at, r.registered_at," \
    " o.name, e.title, r.created_at"                                         \
    " FROM registration r JOIN organisation o ON o.id = r.organisation_id"   \
    " JOIN event e ON e.id = r.event_id"

static void
registration_from_row(sqlite3_stmt *s, void *vg)
{
    struct registration *g = vg;
    g->id = db_col_int(s, 0);
    g->event_id = db_col_int(s, 1);
    g->organisation_id = db_col_int(s, 2);
    g->contact_id = db_col_int(s, 3);
    org_set_str(&g->name, db_col_text(s, 4));
    org_set_str(&g->email, db_col_text(s, 5));
    if (registration_status_parse(db_col_text(s, 6), &g->status))
        g->status = REG_REGISTERED;
    g->member = db_col_int(s, 7) != 0;
    g->fee = db_col_int(s, 8);
    const char *paid = db_col_text(s, 9);
    size_t n = strlen(paid) < 10 ? strlen(paid) : 10;
    memcpy(g->paid_on, paid, n);
    g->paid_on[n] = '\0';
    g->public_source = strcmp(db_col_text(s, 10), "public") == 0;
    org_set_str(&g->token, db_col_text(s, 11));
    g->rating = (int)db_col_int(s, 12);
    org_set_str(&g->comment, db_col_text(s, 13));
    org_set_str(&g->rated_at, db_col_text(s, 14));
    org_set_str(&g->registered_at, db_col_text(s, 15));
    org_set_str(&g->organisation_name, db_col_text(s, 16));
    org_set_str(&g->event_title, db_col_text(s, 17));
    org_set_str(&g->created_at, db_col_text(s, 18));
}

/* The audit's view: never the token, which is a secret link. */
static char *
registration_json_text(const struct registration *g)
{
    struct buf b = BUF_INIT;
    struct jsonw w;
    jsonw_init(&w, &b);
    jsonw_begin_object(&w);
    jsonw_key(&w, "id");
    jsonw_int(&w, g->id);
    jsonw_key(&w, "event_id");
    jsonw_int(&w, g->event_id);
    jsonw_key(&w, "organisation_id");
    jsonw_int(&w, g->organisation_id);
    jsonw_key(&w, "contact_id");
    if (g->contact_id)
        jsonw_int(&w, g->contact_id);
    else
        jsonw_null(&w);
    jsonw_key(&w, "name");
    jsonw_string(&w, g->name);
    jsonw_key(&w, "email");
    jsonw_string(&w, g->email);
    jsonw_key(&w, "status");
    jsonw_string(&w, registration_status_name(g->status));
    jsonw_key(&w, "member");
    jsonw_bool(&w, g->member);
    jsonw_key(&w, "fee");
    jsonw_int(&w, g->fee);
    jsonw_key(&w, "paid_on");
    jsonw_string_or_null(&w, g->paid_on);
    jsonw_key(&w, "source");
    jsonw_string(&w, g->public_source ? "public" : "staff");
    jsonw_key(&w, "rating");
    if (g->rating)
        jsonw_int(&w, g->rating);
    else
        jsonw_null(&w);
    jsonw_key(&w, "comment");
    jsonw_string(&w, g->comment);
    jsonw_end_object(&w);
    return buf_detach(&b, NULL);
}

static enum store_rc
registration_load(struct store *st, int64_t cluster_id, int64_t id,
                  struct registration *out, struct err *err)
{
    static const char SELECT[] =
        REG_SELECT " WHERE r.cluster_id = $1 AND r.id = $2";
    return db_get_record(st, SELECT, cluster_id, id, registration_from_row, out,
                         err);
}

/* Runs a list statement bound with $1 = cluster_id, $2 = id. */
static int
list_by(struct store *st, const char *sql, int64_t cluster_id, int64_t id,
        struct registration_list *out, struct err *err)
{
    sqlite3_stmt *s = db_stmt(st, sql, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, id);
    enum store_rc step;
    while ((step = db_step(st, s, err)) == STORE_ONE) {
        ALLOC_GROW(out->items, out->n + 1, out->alloc);
        struct registration *g = &out->items[out->n++];
        registration_init(g);
        registration_from_row(s, g);
    }
    return step == STORE_NONE ? 0 : -1;
}

int
registration_store_list(struct store *st, int64_t cluster_id, int64_t event_id,
                        struct registration_list *out, struct err *err)
{
    static const char SELECT[] =
        REG_SELECT " WHERE r.cluster_id = $1 AND r.event_id = $2"
                   " ORDER BY r.status = 'waitlisted',"
                   " CASE WHEN r.status = 'waitlisted' THEN r.registered_at"
                   " ELSE '' END, r.name, r.id";
    return list_by(st, SELECT, cluster_id, event_id, out, err);
}

int
registration_store_list_org(struct store *st, int64_t cluster_id,
                            int64_t organisation_id,
                            struct registration_list *out, struct err *err)
{
    static const char SELECT[] =
        REG_SELECT " WHERE r.cluster_id = $1 AND r.organisation_id = $2"
                   " ORDER BY e.starts_at DESC, r.id DESC";
    return list_by(st, SELECT, cluster_id, organisation_id, out, err);
}

enum store_rc
registration_store_get(struct store *st, int64_t cluster_id, int64_t id,
                       struct registration *out, struct err *err)
{
    return registration_load(st, cluster_id, id, out, err);
}

/* ---- helpers of the writes ---- */

/* Places an event's registrations hold now. */
static int
places_taken(struct store *st, int64_t cluster_id, int64_t event_id,
             int64_t *taken, struct err *err)
{
    static const char COUNT[] =
        "SELECT count(*) FROM registration WHERE event_id = $2"
        " AND cluster_id = $1"
        " AND status IN ('registered', 'attended', 'no_show')";
    sqlite3_stmt *s = db_stmt(st, COUNT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, event_id);
    if (db_step(st, s, err) != STORE_ONE)
        return -1;
    *taken = db_col_int(s, 0);
    sqlite3_reset(s);
    return 0;
}

/* Writes an activity of the registration's organisation, in the caller's
 * transaction. */
static int
write_activity(struct store *st, const struct scope *sc,
               const struct registration *g, enum activity_kind kind,
               int32_t day, const char *title, int32_t today, struct err *err)
{
    struct activity a;
    struct buf text = BUF_INIT;
    int rc = -1;
    activity_init(&a);
    a.organisation_id = g->organisation_id;
    a.contact_id = g->contact_id;
    a.kind = kind;
    date_format(date_from_days(day), a.date);
    buf_addf(&text, "%s %s",
             kind == ACTIVITY_EVENT_ATTENDANCE ? "Attended" : "Registered for",
             title);
    free(a.text);
    a.text = buf_detach(&text, NULL);
    a.registration_id = g->id;
    if (activity_validate(&a, today, err) ||
        activity_store_create(st, sc, &a, today, err))
        goto out;
    rc = 0;
out:
    activity_release(&a);
    return rc;
}

/* Removes the attendance activities of a registration (warm periods are
 * kept right by activity_store_delete). */
static int
delete_attendance(struct store *st, const struct scope *sc, int64_t reg_id,
                  struct err *err)
{
    static const char SELECT[] =
        "SELECT id FROM activity WHERE cluster_id = $1 AND registration_id = $2"
        " AND kind = 'event_attendance'";
    int64_t *ids = NULL;
    size_t n = 0, alloc = 0;
    int rc = -1;
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, sc->cluster_id);
    db_bind_int(s, 2, reg_id);
    enum store_rc step;
    while ((step = db_step(st, s, err)) == STORE_ONE) {
        ALLOC_GROW(ids, n + 1, alloc);
        ids[n++] = db_col_int(s, 0);
    }
    if (step != STORE_NONE)
        goto out;
    for (size_t i = 0; i < n; i++)
        if (activity_store_delete(st, sc, ids[i], err) == STORE_HARD)
            goto out;
    rc = 0;
out:
    free(ids);
    return rc;
}

int
registration_store_fill_places(struct store *st, const struct scope *sc,
                               int64_t event_id, int64_t *moved,
                               struct err *err)
{
    static const char WAITING[] =
        "SELECT id FROM registration WHERE event_id = $2 AND cluster_id = $1"
        " AND status = 'waitlisted' ORDER BY registered_at, id LIMIT $3";
    static const char PROMOTE[] =
        "UPDATE registration SET status = 'registered', updated_at = $3"
        " WHERE cluster_id = $1 AND id = $2 AND status = 'waitlisted'";
    struct event e;
    int64_t *ids = NULL, taken = 0;
    size_t n = 0, alloc = 0;
    int rc = -1;
    event_init(&e);
    if (moved)
        *moved = 0;
    enum store_rc found =
        event_store_get(st, sc->cluster_id, event_id, &e, err);
    if (found != STORE_ONE) {
        if (found == STORE_NONE)
            err_set(err, ERR_INVALID, "event_id", "Choose an event.");
        goto out;
    }
    if (e.cancelled) {
        rc = 0;
        goto out;
    }
    if (places_taken(st, sc->cluster_id, event_id, &taken, err))
        goto out;
    int64_t room = e.capacity == 0 ? -1 : e.capacity - taken;
    if (room == 0 || room < -1) {
        rc = 0;
        goto out;
    }
    sqlite3_stmt *s = db_stmt(st, WAITING, err);
    if (!s)
        goto out;
    db_bind_int(s, 1, sc->cluster_id);
    db_bind_int(s, 2, event_id);
    db_bind_int(s, 3, room);
    enum store_rc step;
    while ((step = db_step(st, s, err)) == STORE_ONE) {
        ALLOC_GROW(ids, n + 1, alloc);
        ids[n++] = db_col_int(s, 0);
    }
    if (step != STORE_NONE)
        goto out;
    char now[21];
    db_now_iso(now);
    for (size_t i = 0; i < n; i++) {
        struct registration g;
        registration_init(&g);
        s = db_stmt(st, PROMOTE, err);
        bool ok = s != NULL;
        if (ok) {
            db_bind_int(s, 1, sc->cluster_id);
            db_bind_int(s, 2, ids[i]);
            db_bind_text(s, 3, now);
            ok = db_exec_stmt(st, s, err) == STORE_NONE &&
                 registration_load(st, sc->cluster_id, ids[i], &g, err) ==
                     STORE_ONE;
        }
        if (ok) {
            struct registration was = g;
            was.status = REG_WAITLISTED;
            ok = !audit_record(st, sc, "move_up", "registration", g.id,
                               registration_json_text(&was),
                               registration_json_text(&g), err);
        }
        registration_release(&g);
        if (!ok)
            goto out;
    }
    if (moved)
        *moved = (int64_t)n;
    rc = 0;
out:
    free(ids);
    event_release(&e);
    return rc;
}

/* Whether the organisation has a membership covering day ("YYYY-MM-DD"). */
static int
is_member_on(struct store *st, int64_t cluster_id, int64_t organisation_id,
             const char *day, bool *member, struct err *err)
{
    static const char SELECT[] =
        "SELECT 1 FROM membership WHERE organisation_id = $2"
        " AND cluster_id = $1 AND joined_on <> '' AND joined_on <= $3"
        " AND (ended_on = '' OR ended_on > $3) AND declined_on = '' LIMIT 1";
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, organisation_id);
    db_bind_text(s, 3, day);
    enum store_rc rc = db_step(st, s, err);
    sqlite3_reset(s);
    if (rc == STORE_HARD)
        return -1;
    *member = rc == STORE_ONE;
    return 0;
}

/* The organisation is the cluster's and current. */
static int
check_org(struct store *st, int64_t cluster_id, struct registration *g,
          struct err *err)
{
    static const char SELECT[] = "SELECT name, archived FROM organisation"
                                 " WHERE cluster_id = $1 AND id = $2";
    if (g->organisation_id <= 0)
        return err_set(err, ERR_INVALID, "organisation_id",
                       "Choose the organisation.");
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, g->organisation_id);
    enum store_rc rc = db_step(st, s, err);
    if (rc == STORE_HARD)
        return -1;
    if (rc == STORE_NONE)
        return err_set(err, ERR_INVALID, "organisation_id",
                       "Choose an organisation of the register.");
    org_set_str(&g->organisation_name, db_col_text(s, 0));
    bool archived = db_col_int(s, 1) != 0;
    sqlite3_reset(s);
    if (archived)
        return err_set(err, ERR_INVALID, "organisation_id",
                       "The organisation is archived; restore it first.");
    return 0;
}

/* The contact, when given, is one of the organisation's; an empty name
 * is taken from it, with its e-mail. */
static int
check_contact(struct store *st, int64_t cluster_id, struct registration *g,
              struct err *err)
{
    static const char SELECT[] =
        "SELECT name, email FROM contact WHERE cluster_id = $1 AND id = $2"
        " AND organisation_id = $3";
    if (!g->contact_id)
        return 0;
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, g->contact_id);
    db_bind_int(s, 3, g->organisation_id);
    enum store_rc rc = db_step(st, s, err);
    if (rc == STORE_HARD)
        return -1;
    if (rc == STORE_NONE)
        return err_set(err, ERR_INVALID, "contact_id",
                       "Choose a contact of the organisation.");
    size_t len;
    text_trim(g->name, strlen(g->name), &len);
    if (!len) {
        org_set_str(&g->name, db_col_text(s, 0));
        org_set_str(&g->email, db_col_text(s, 1));
    }
    sqlite3_reset(s);
    return 0;
}

/* ERR_CONFLICT on "email" when the person holds a registration already. */
static int
check_not_registered(struct store *st, int64_t cluster_id,
                     const struct registration *g, struct err *err)
{
    static const char SELECT[] =
        "SELECT 1 FROM registration WHERE event_id = $2 AND email = $3"
        " AND cluster_id = $1 AND status <> 'cancelled'";
    if (!*g->email)
        return 0;
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, g->event_id);
    db_bind_text(s, 3, g->email);
    enum store_rc rc = db_step(st, s, err);
    sqlite3_reset(s);
    if (rc == STORE_HARD)
        return -1;
    if (rc == STORE_ONE)
        return err_set(err, ERR_CONFLICT, "email",
                       "%s is already registered for this event.", g->email);
    return 0;
}

struct reg_create {
    const struct scope *sc;
    struct registration *g;
    int32_t today;
};

/* The registration of g for its event, in the caller's transaction. */
static int
register_in_tx(struct store *st, void *vctx, struct err *err)
{
    static const char INSERT[] =
        "INSERT INTO registration(cluster_id, event_id, organisation_id,"
        " contact_id, name, email, status, member, fee, source, token,"
        " registered_at, created_at, updated_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $12)";
    struct reg_create *x = vctx;
    struct registration *g = x->g;
    int64_t cluster_id = x->sc->cluster_id;
    struct event e;
    int rc = -1;
    event_init(&e);
    enum store_rc found = event_store_get(st, cluster_id, g->event_id, &e, err);
    if (found == STORE_HARD)
        goto out;
    if (found == STORE_NONE) {
        err_set(err, ERR_INVALID, "event_id", "Choose an event of the list.");
        goto out;
    }
    if (e.cancelled) {
        err_set(err, ERR_INVALID, "event_id", "The event is cancelled.");
        goto out;
    }
    if (check_org(st, cluster_id, g, err) ||
        check_contact(st, cluster_id, g, err) ||
        registration_validate(g, err) ||
        check_not_registered(st, cluster_id, g, err))
        goto out;
    char first_day[11];
    memcpy(first_day, e.starts_at, 10);
    first_day[10] = '\0';
    int64_t taken = 0;
    if (is_member_on(st, cluster_id, g->organisation_id, first_day, &g->member,
                     err) ||
        places_taken(st, cluster_id, e.id, &taken, err))
        goto out;
    g->status = registration_new_status(e.capacity, taken);
    g->fee = registration_fee(&e, g->member);
    char token[CRYPTO_TOKEN_TEXT];
    crypto_token_new(token);
    char now[21];
    db_now_iso(now);
    sqlite3_stmt *s = db_stmt(st, INSERT, err);
    if (!s)
        goto out;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, e.id);
    db_bind_int(s, 3, g->organisation_id);
    if (g->contact_id)
        db_bind_int(s, 4, g->contact_id);
    db_bind_text(s, 5, g->name);
    db_bind_text(s, 6, g->email);
    db_bind_text(s, 7, registration_status_name(g->status));
    db_bind_int(s, 8, g->member);
    db_bind_int(s, 9, g->fee);
    db_bind_text(s, 10, g->public_source ? "public" : "staff");
    db_bind_text(s, 11, token);
    db_bind_text(s, 12, now);
    if (db_exec_stmt(st, s, err) != STORE_NONE)
        goto out;
    g->id = db_last_id(st);
    g->paid_on[0] = '\0';
    g->rating = 0;
    org_set_str(&g->token, token);
    org_set_str(&g->registered_at, now);
    org_set_str(&g->created_at, now);
    org_set_str(&g->event_title, e.title);
    if (write_activity(st, x->sc, g, ACTIVITY_EVENT_REGISTRATION, x->today,
                       e.title, x->today, err))
        goto out;
    rc = audit_record(st, x->sc, "create", "registration", g->id, NULL,
                      registration_json_text(g), err);
out:
    event_release(&e);
    return rc;
}

int
registration_store_create(struct store *st, const struct scope *sc,
                          struct registration *g, int32_t today,
                          struct err *err)
{
    struct reg_create x = { sc, g, today };
    if (store_tx(st, register_in_tx, &x, err)) {
        g->id = 0;
        return -1;
    }
    return 0;
}

/* ---- the public page ---- */

struct reg_public {
    const struct scope *sc;
    int64_t event_id;
    struct public_registration *p;
    int32_t today;
    struct registration *out;
    enum store_rc rc;
};

/* Whether the event is open on the public page: the cluster's, public
 * and not cancelled. */
static enum store_rc
public_event(struct store *st, int64_t cluster_id, int64_t event_id,
             struct err *err)
{
    static const char SELECT[] =
        "SELECT 1 FROM event WHERE cluster_id = $1 AND id = $2"
        " AND public = 1 AND cancelled = 0";
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return STORE_HARD;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, event_id);
    enum store_rc rc = db_step(st, s, err);
    sqlite3_reset(s);
    return rc;
}

/*
 * The organisation someone typed: the cluster's one of the same folded
 * name (brought back from the archive, as an application does), else a
 * new one of kind "other" whose lead came by "event registration".
 */
static int
public_org(struct store *st, const struct scope *sc, const char *name,
           int64_t *org_id, bool *created, struct err *err)
{
    static const char ARCHIVED[] =
        "SELECT archived FROM organisation WHERE cluster_id = $1 AND id = $2";
    static const char SOURCE[] =
        "UPDATE lead SET source = 'event registration', updated_at = $3"
        " WHERE organisation_id = $2 AND cluster_id = $1 AND source = ''";
    struct org o;
    int rc = -1;
    org_init(&o);
    org_set_str(&o.name, name);
    o.kind = ORG_KIND_OTHER;
    *created = false;
    enum store_rc found =
        org_store_find_duplicate(st, sc->cluster_id, &o, org_id, NULL, err);
    if (found == STORE_HARD)
        goto out;
    if (found == STORE_ONE) {
        sqlite3_stmt *s = db_stmt(st, ARCHIVED, err);
        if (!s)
            goto out;
        db_bind_int(s, 1, sc->cluster_id);
        db_bind_int(s, 2, *org_id);
        if (db_step(st, s, err) != STORE_ONE)
            goto out;
        bool archived = db_col_int(s, 0) != 0;
        sqlite3_reset(s);
        if (archived &&
            org_store_set_archived(st, sc, *org_id, false, err) != STORE_ONE)
            goto out;
        rc = 0;
        goto out;
    }
    if (org_validate(&o, err)) {
        /* The only field the form has of it. */
        if (err)
            memcpy(err->field, "organisation", sizeof("organisation"));
        goto out;
    }
    if (org_store_create(st, sc, &o, err))
        goto out;
    *org_id = o.id;
    *created = true;
    char now[21];
    db_now_iso(now);
    sqlite3_stmt *s = db_stmt(st, SOURCE, err);
    if (!s)
        goto out;
    db_bind_int(s, 1, sc->cluster_id);
    db_bind_int(s, 2, o.id);
    db_bind_text(s, 3, now);
    if (db_exec_stmt(st, s, err) != STORE_NONE)
        goto out;
    rc = 0;
out:
    org_release(&o);
    return rc;
}

/* The person as a contact of the organisation: the one with the e-mail,
 * else a new one. */
static int
public_contact(struct store *st, const struct scope *sc, int64_t org_id,
               bool first, const struct public_registration *p, int32_t today,
               int64_t *contact_id, struct err *err)
{
    static const char BY_EMAIL[] =
        "SELECT id FROM contact WHERE organisation_id = $2 AND archived = 0"
        " AND cluster_id = $1 AND email = $3 ORDER BY id LIMIT 1";
    sqlite3_stmt *s = db_stmt(st, BY_EMAIL, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, sc->cluster_id);
    db_bind_int(s, 2, org_id);
    db_bind_text(s, 3, p->email);
    enum store_rc found = db_step(st, s, err);
    if (found == STORE_HARD)
        return -1;
    if (found == STORE_ONE) {
        *contact_id = db_col_int(s, 0);
        sqlite3_reset(s);
        return 0;
    }
    struct contact c;
    char day[11];
    int rc = -1;
    date_format(date_from_days(today), day);
    contact_init(&c);
    c.organisation_id = org_id;
    org_set_str(&c.name, p->name);
    org_set_str(&c.email, p->email);
    org_set_str(&c.position, p->position);
    c.entry_point = first;
    if (p->consent) {
        c.email_consent = true;
        org_set_str(&c.consent_date, day);
        org_set_str(&c.consent_source, "event registration");
    }
    if (contact_validate(&c, day, err) || contact_store_create(st, sc, &c, err))
        goto out;
    *contact_id = c.id;
    rc = 0;
out:
    contact_release(&c);
    return rc;
}

static int
public_in_tx(struct store *st, void *vctx, struct err *err)
{
    struct reg_public *x = vctx;
    int64_t org_id = 0, contact_id = 0;
    bool created = false;
    x->rc = public_event(st, x->sc->cluster_id, x->event_id, err);
    if (x->rc != STORE_ONE)
        return x->rc == STORE_NONE ? 0 : -1;
    if (public_org(st, x->sc, x->p->organisation, &org_id, &created, err) ||
        public_contact(st, x->sc, org_id, created, x->p, x->today, &contact_id,
                       err))
        return -1;
    struct registration *g = x->out;
    g->event_id = x->event_id;
    g->organisation_id = org_id;
    g->contact_id = contact_id;
    g->public_source = true;
    org_set_str(&g->name, x->p->name);
    org_set_str(&g->email, x->p->email);
    struct reg_create c = { x->sc, g, x->today };
    return register_in_tx(st, &c, err);
}

enum store_rc
registration_store_public(struct store *st, const struct scope *sc,
                          int64_t event_id, const struct public_registration *p,
                          int32_t today, struct registration *out,
                          struct err *err)
{
    /* Checked on a copy first, so bad input writes nothing at all. */
    struct public_registration q;
    struct err errs[1];
    enum store_rc rc = STORE_HARD;
    public_registration_init(&q);
    org_set_str(&q.name, p->name);
    org_set_str(&q.email, p->email);
    org_set_str(&q.organisation, p->organisation);
    org_set_str(&q.position, p->position);
    q.consent = p->consent;
    if (public_registration_validate(&q, errs, 1)) {
        if (err && err->code == ERR_NONE)
            *err = errs[0];
        goto out;
    }
    struct reg_public x = { sc, event_id, &q, today, out, STORE_NONE };
    if (store_tx(st, public_in_tx, &x, err)) {
        out->id = 0;
        goto out;
    }
    rc = x.rc;
out:
    public_registration_release(&q);
    return rc;
}

/* ---- status and payment ---- */

struct reg_status {
    const struct scope *sc;
    int64_t id;
    enum registration_status to;
    int32_t today;
    const char *paid_on; /* for set_paid; NULL for a status change */
    enum store_rc rc;
};

static int
set_status_in_tx(struct store *st, void *vctx, struct err *err)
{
    static const char UPDATE[] =
        "UPDATE registration SET status = $3, updated_at = $4"
        " WHERE cluster_id = $1 AND id = $2";
    struct reg_status *x = vctx;
    int64_t cluster_id = x->sc->cluster_id;
    struct registration g;
    struct event e;
    char *before = NULL;
    int rc = -1;
    registration_init(&g);
    event_init(&e);
    x->rc = registration_load(st, cluster_id, x->id, &g, err);
    if (x->rc != STORE_ONE) {
        rc = x->rc == STORE_NONE ? 0 : -1;
        goto out;
    }
    if (event_store_get(st, cluster_id, g.event_id, &e, err) != STORE_ONE) {
        err_set(err, ERR_INTERNAL, NULL, "The registration has no event.");
        goto out;
    }
    enum registration_status from = g.status;
    if (!registration_may_change(from, x->to)) {
        err_set(err, ERR_CONFLICT, "status",
                "A registration that is \"%s\" cannot become \"%s\".",
                registration_status_label(from),
                registration_status_label(x->to));
        goto out;
    }
    if (from == REG_WAITLISTED && x->to == REG_REGISTERED) {
        int64_t taken = 0;
        if (places_taken(st, cluster_id, e.id, &taken, err))
            goto out;
        if (registration_new_status(e.capacity, taken) != REG_REGISTERED) {
            err_set(err, ERR_CONFLICT, "status",
                    "The event is full: no place is free for the waitlist.");
            goto out;
        }
    }
    before = registration_json_text(&g);
    char now[21];
    db_now_iso(now);
    sqlite3_stmt *s = db_stmt(st, UPDATE, err);
    if (!s)
        goto out;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, g.id);
    db_bind_text(s, 3, registration_status_name(x->to));
    db_bind_text(s, 4, now);
    if (db_exec_stmt(st, s, err) != STORE_NONE)
        goto out;
    g.status = x->to;
    if (from == REG_ATTENDED && delete_attendance(st, x->sc, g.id, err))
        goto out;
    if (x->to == REG_ATTENDED) {
        int32_t day = event_time_day(e.starts_at);
        if (day > x->today)
            day = x->today;
        if (write_activity(st, x->sc, &g, ACTIVITY_EVENT_ATTENDANCE, day,
                           e.title, x->today, err))
            goto out;
    }
    rc = audit_record(st, x->sc, "status", "registration", g.id, before,
                      registration_json_text(&g), err);
    before = NULL;
    if (!rc && registration_holds_place(from) && x->to == REG_CANCELLED)
        rc = registration_store_fill_places(st, x->sc, e.id, NULL, err);
out:
    free(before);
    registration_release(&g);
    event_release(&e);
    return rc;
}

enum store_rc
registration_store_set_status(struct store *st, const struct scope *sc,
                              int64_t id, enum registration_status to,
                              int32_t today, struct err *err)
{
    struct reg_status x = { sc, id, to, today, NULL, STORE_NONE };
    if (to >= REG__STATUS_COUNT) {
        err_set(err, ERR_INVALID, "status", "Unknown status.");
        return STORE_HARD;
    }
    if (store_tx(st, set_status_in_tx, &x, err))
        return STORE_HARD;
    return x.rc;
}

static int
set_paid_in_tx(struct store *st, void *vctx, struct err *err)
{
    static const char UPDATE[] =
        "UPDATE registration SET paid_on = $3, updated_at = $4"
        " WHERE cluster_id = $1 AND id = $2";
    struct reg_status *x = vctx;
    struct registration g;
    char *before = NULL;
    int rc = -1;
    registration_init(&g);
    x->rc = registration_load(st, x->sc->cluster_id, x->id, &g, err);
    if (x->rc != STORE_ONE) {
        rc = x->rc == STORE_NONE ? 0 : -1;
        goto out;
    }
    before = registration_json_text(&g);
    char now[21];
    db_now_iso(now);
    sqlite3_stmt *s = db_stmt(st, UPDATE, err);
    if (!s)
        goto out;
    db_bind_int(s, 1, x->sc->cluster_id);
    db_bind_int(s, 2, g.id);
    db_bind_text(s, 3, x->paid_on);
    db_bind_text(s, 4, now);
    if (db_exec_stmt(st, s, err) != STORE_NONE)
        goto out;
    memcpy(g.paid_on, x->paid_on, strlen(x->paid_on) + 1);
    rc =
        audit_record(st, x->sc, *x->paid_on ? "paid" : "unpaid", "registration",
                     g.id, before, registration_json_text(&g), err);
    before = NULL;
out:
    free(before);
    registration_release(&g);
    return rc;
}

enum store_rc
registration_store_set_paid(struct store *st, const struct scope *sc,
                            int64_t id, const char *paid_on, struct err *err)
{
    struct date d;
    if (!paid_on)
        paid_on = "";
    if (*paid_on && (strlen(paid_on) != 10 || date_parse(paid_on, 10, &d))) {
        err_set(err, ERR_INVALID, "paid_on",
                "The payment date must be a date like 2027-03-01.");
        return STORE_HARD;
    }
    struct reg_status x = { sc, id, REG_REGISTERED, 0, paid_on, STORE_NONE };
    if (store_tx(st, set_paid_in_tx, &x, err))
        return STORE_HARD;
    return x.rc;
}

/* ---- satisfaction links ---- */

enum store_rc
feedback_store_find(struct store *st, const char *token,
                    struct registration *out, int64_t *cluster_id,
                    struct err *err)
{
    static const char SELECT[] =
        "SELECT r.cluster_id, r.id FROM registration r WHERE r.token = $1";
    if (!token || !*token || strlen(token) >= CRYPTO_TOKEN_TEXT)
        return STORE_NONE;
    sqlite3_stmt *s = db_stmt(st, SELECT, err);
    if (!s)
        return STORE_HARD;
    db_bind_text(s, 1, token);
    enum store_rc rc = db_step(st, s, err);
    if (rc != STORE_ONE)
        return rc;
    int64_t cid = db_col_int(s, 0), id = db_col_int(s, 1);
    sqlite3_reset(s);
    /* The token is the secret: compare it in constant time as well. */
    rc = registration_load(st, cid, id, out, err);
    if (rc == STORE_ONE && (strlen(out->token) != strlen(token) ||
                            !crypto_equal(out->token, token, strlen(token))))
        rc = STORE_NONE;
    if (rc == STORE_ONE)
        *cluster_id = cid;
    return rc;
}

struct feedback_put {
    const char *token;
    int rating;
    const char *comment;
    int32_t today; /* INT32_MAX: no check of the event's start */
    enum store_rc rc;
};

static int
feedback_in_tx(struct store *st, void *vctx, struct err *err)
{
    static const char UPDATE[] =
        "UPDATE registration SET rating = $3, comment = $4, rated_at = $5,"
        " updated_at = $5 WHERE cluster_id = $1 AND id = $2";
    struct feedback_put *x = vctx;
    struct registration g;
    struct event e;
    int64_t cluster_id = 0;
    char *before = NULL;
    int rc = -1;
    registration_init(&g);
    event_init(&e);
    x->rc = feedback_store_find(st, x->token, &g, &cluster_id, err);
    if (x->rc != STORE_ONE) {
        rc = x->rc == STORE_NONE ? 0 : -1;
        goto out;
    }
    if (g.status != REG_ATTENDED) {
        err_set(err, ERR_CONFLICT, "rating",
                "Only those who attended the event can rate it.");
        goto out;
    }
    if (event_store_get(st, cluster_id, g.event_id, &e, err) != STORE_ONE)
        goto out;
    if (x->today != INT32_MAX && event_time_day(e.starts_at) > x->today) {
        err_set(err, ERR_CONFLICT, "rating",
                "The event has not started yet: rate it afterwards.");
        goto out;
    }
    before = registration_json_text(&g);
    char now[21];
    db_now_iso(now);
    sqlite3_stmt *s = db_stmt(st, UPDATE, err);
    if (!s)
        goto out;
    db_bind_int(s, 1, cluster_id);
    db_bind_int(s, 2, g.id);
    db_bind_int(s, 3, x->rating);
    db_bind_text(s, 4, x->comment);
    db_bind_text(s, 5, now);
    if (db_exec_stmt(st, s, err) != STORE_NONE)
        goto out;
    g.rating = x->rating;
    org_set_str(&g.comment, x->comment);
    org_set_str(&g.rated_at, now);
    /* No user acts here: the person behind the link does. */
    struct scope sc = { cluster_id, 0, "satisfaction link" };
    rc = audit_record(st, &sc, "rate", "registration", g.id, before,
                      registration_json_text(&g), err);
    before = NULL;
out:
    free(before);
    registration_release(&g);
    event_release(&e);
    return rc;
}

enum store_rc
feedback_store_put_on(struct store *st, const char *token, int rating,
                      const char *comment, int32_t today, struct err *err)
{
    struct buf trimmed = BUF_INIT;
    enum store_rc rc = STORE_HARD;
    size_t len;
    const char *t =
        text_trim(comment ? comment : "", comment ? strlen(comment) : 0, &len);
    buf_add(&trimmed, t, len);
    if (feedback_validate(rating, trimmed.s, err))
        goto out;
    struct feedback_put x = { token, rating, trimmed.s, today, STORE_NONE };
    if (store_tx(st, feedback_in_tx, &x, err))
        goto out;
    rc = x.rc;
out:
    buf_release(&trimmed);
    return rc;
}

enum store_rc
feedback_store_put(struct store *st, const char *token, int rating,
                   const char *comment, struct err *err)
{
    /* Attendance is recorded at the event, so an attended registration's
     * event has started; feedback_store_put_on also checks the day. */
    return feedback_store_put_on(st, token, rating, comment, INT32_MAX, err);
}
