/*
 * Membership, dues and targets to and from JSON. Input is checked in a
 * first pass and applied in a second, so a refused request changes
 * nothing. The rules themselves (a tier's name length, date order, what
 * a payment may be) stay in core/ and store/ validators; this file checks
 * shapes and types and must never grow a second copy of them.
 */
#include "io/membership_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/mem.h"
#include "base/text.h"
#include "core/money.h"

/* The most income lines one plan may carry: input-driven, so capped. */
#define MAX_INCOME_LINES 200

/* ---- writing ---- */

static void
write_id_or_null(struct jsonw *w, int64_t id)
{
    if (id > 0)
        jsonw_int(w, id);
    else
        jsonw_null(w);
}

/* A day number as "YYYY-MM-DD", or null for 0 (no date). */
static void
write_day(struct jsonw *w, int32_t day)
{
    char s[11];
    if (!day) {
        jsonw_null(w);
        return;
    }
    date_format(date_from_days(day), s);
    jsonw_string(w, s);
}

static void
write_kinds(struct jsonw *w, unsigned kinds)
{
    jsonw_begin_array(w);
    for (int k = 0; k < ORG_KIND__COUNT; k++)
        if (kinds & (1u << k))
            jsonw_string(w, org_kind_name((enum org_kind)k));
    jsonw_end_array(w);
}

void
tier_write_json(struct jsonw *w, const struct tier *t, const char *currency)
{
    jsonw_begin_object(w);
    jsonw_key(w, "id");
    write_id_or_null(w, t->id);
    jsonw_key(w, "name");
    jsonw_string(w, t->name);
    jsonw_key(w, "annual_fee");
    jsonw_int(w, t->annual_fee);
    jsonw_key(w, "currency");
    jsonw_string_or_null(w, currency);
    jsonw_key(w, "kinds");
    write_kinds(w, t->kinds);
    jsonw_key(w, "associate");
    jsonw_bool(w, t->associate);
    jsonw_key(w, "active");
    jsonw_bool(w, t->active);
    jsonw_key(w, "description");
    jsonw_string(w, t->description);
    jsonw_key(w, "members");
    jsonw_int(w, t->members);
    jsonw_end_object(w);
}

void
membership_write_json(struct jsonw *w, const struct membership_row *row,
                      const char *currency, const struct tier_change *tiers,
                      size_t ntiers)
{
    const struct membership *m = &row->m;
    jsonw_begin_object(w);
    jsonw_key(w, "id");
    write_id_or_null(w, m->id);
    jsonw_key(w, "organisation_id");
    jsonw_int(w, m->organisation_id);
    jsonw_key(w, "organisation_name");
    jsonw_string_or_null(w, m->org_name);
    jsonw_key(w, "organisation_kind");
    jsonw_string(w, org_kind_name(m->org_kind));
    jsonw_key(w, "tier_id");
    jsonw_int(w, m->tier_id);
    jsonw_key(w, "tier_name");
    jsonw_string_or_null(w, m->tier_name);
    jsonw_key(w, "annual_fee");
    jsonw_int(w, m->annual_fee);
    jsonw_key(w, "currency");
    jsonw_string_or_null(w, currency);
    jsonw_key(w, "associate");
    jsonw_bool(w, m->associate);
    jsonw_key(w, "status");
    jsonw_string(w, member_status_name(row->status));
    const struct {
        const char *key;
        const char *value;
    } dates[] = {
        { "applied_on", m->applied_on },
        { "joined_on", m->joined_on },
        { "ended_on", m->ended_on },
        { "declined_on", m->declined_on },
    };
    for (size_t i = 0; i < ARRAY_SIZE(dates); i++) {
        jsonw_key(w, dates[i].key);
        jsonw_string_or_null(w, dates[i].value);
    }
    jsonw_key(w, "unpaid_since");
    write_day(w, row->unpaid_since);
    jsonw_key(w, "end_reason");
    jsonw_string(w, m->end_reason);
    jsonw_key(w, "note");
    jsonw_string(w, m->note);
    jsonw_key(w, "source");
    jsonw_string(w,
                 m->source == MEMBERSHIP_APPLICATION ? "application" : "staff");
    jsonw_key(w, "created_at");
    jsonw_string_or_null(w, m->created_at);
    jsonw_key(w, "updated_at");
    jsonw_string_or_null(w, m->updated_at);
    if (tiers) {
        jsonw_key(w, "tiers");
        jsonw_begin_array(w);
        for (size_t i = 0; i < ntiers; i++) {
            jsonw_begin_object(w);
            jsonw_key(w, "tier_id");
            jsonw_int(w, tiers[i].tier_id);
            jsonw_key(w, "tier_name");
            jsonw_string_or_null(w, tiers[i].tier_name);
            jsonw_key(w, "annual_fee");
            jsonw_int(w, tiers[i].annual_fee);
            jsonw_key(w, "valid_from");
            jsonw_string_or_null(w, tiers[i].valid_from);
            jsonw_end_object(w);
        }
        jsonw_end_array(w);
    }
    jsonw_end_object(w);
}

void
service_write_json(struct jsonw *w, const struct service_in_kind *s,
                   const char *currency)
{
    jsonw_begin_object(w);
    jsonw_key(w, "id");
    write_id_or_null(w, s->id);
    jsonw_key(w, "membership_id");
    jsonw_int(w, s->membership_id);
    jsonw_key(w, "description");
    jsonw_string(w, s->description);
    jsonw_key(w, "value");
    jsonw_int(w, s->value);
    jsonw_key(w, "currency");
    jsonw_string_or_null(w, currency);
    jsonw_key(w, "given_on");
    jsonw_string_or_null(w, s->given_on);
    jsonw_end_object(w);
}

void
invoice_write_json(struct jsonw *w, const struct invoice *iv, int32_t today)
{
    jsonw_begin_object(w);
    jsonw_key(w, "id");
    write_id_or_null(w, iv->id);
    jsonw_key(w, "number");
    jsonw_int(w, iv->number);
    jsonw_key(w, "kind");
    jsonw_string(w, iv->kind == INVOICE_KIND_CREDIT_NOTE ? "credit_note"
                                                         : "invoice");
    jsonw_key(w, "credits");
    write_id_or_null(w, iv->credits);
    jsonw_key(w, "credited_by");
    write_id_or_null(w, iv->credited_by);
    jsonw_key(w, "membership_id");
    jsonw_int(w, iv->membership_id);
    jsonw_key(w, "organisation_id");
    jsonw_int(w, iv->organisation_id);
    jsonw_key(w, "organisation_name");
    jsonw_string_or_null(w, iv->org_name);
    jsonw_key(w, "fiscal_year");
    jsonw_int(w, iv->fiscal_year);
    jsonw_key(w, "issued_on");
    jsonw_string_or_null(w, iv->issued_on);
    jsonw_key(w, "currency");
    jsonw_string_or_null(w, iv->currency);
    jsonw_key(w, "total");
    jsonw_int(w, iv->total);
    jsonw_key(w, "paid");
    jsonw_int(w, iv->paid);
    jsonw_key(w, "balance");
    jsonw_int(w, iv->total - iv->paid);
    jsonw_key(w, "status");
    jsonw_string(w, invoice_status_name(iv->status));
    jsonw_key(w, "overdue_amount");
    jsonw_int(w, iv->overdue_amount);
    jsonw_key(w, "unpaid_since");
    write_day(w, iv->unpaid_since);
    jsonw_key(w, "days_overdue");
    jsonw_int(w, iv->unpaid_since && today > iv->unpaid_since
                     ? today - iv->unpaid_since
                     : 0);
    jsonw_key(w, "tier_name");
    jsonw_string_or_null(w, iv->tier_name);
    jsonw_key(w, "bill_to");
    jsonw_string_or_null(w, iv->bill_to);
    jsonw_key(w, "reason");
    jsonw_string_or_null(w, iv->reason);
    jsonw_key(w, "instalments");
    jsonw_begin_array(w);
    for (size_t i = 0; i < iv->ninst && i < ARRAY_SIZE(iv->inst); i++) {
        const struct instalment *in = &iv->inst[i];
        jsonw_begin_object(w);
        jsonw_key(w, "due_on");
        write_day(w, in->due);
        jsonw_key(w, "amount");
        jsonw_int(w, in->amount);
        jsonw_key(w, "period_start");
        write_day(w, in->period_start);
        jsonw_key(w, "period_end");
        write_day(w, in->period_end);
        jsonw_end_object(w);
    }
    jsonw_end_array(w);
    jsonw_end_object(w);
}

void
payment_write_json(struct jsonw *w, const struct payment *p,
                   const char *currency)
{
    jsonw_begin_object(w);
    jsonw_key(w, "id");
    write_id_or_null(w, p->id);
    jsonw_key(w, "invoice_id");
    jsonw_int(w, p->invoice_id);
    jsonw_key(w, "paid_on");
    jsonw_string_or_null(w, p->paid_on);
    jsonw_key(w, "amount");
    jsonw_int(w, p->amount);
    jsonw_key(w, "currency");
    jsonw_string_or_null(w, currency);
    jsonw_key(w, "method");
    jsonw_string_or_null(w, p->method);
    jsonw_key(w, "reference");
    jsonw_string(w, p->reference ? p->reference : "");
    jsonw_key(w, "created_at");
    jsonw_string_or_null(w, p->created_at);
    jsonw_end_object(w);
}

static void
write_reference_lines(struct jsonw *w)
{
    jsonw_begin_array(w);
    for (size_t i = 0; i < ARRAY_SIZE(TARGET_REFERENCE_LINES); i++)
        jsonw_int(w, TARGET_REFERENCE_LINES[i]);
    jsonw_end_array(w);
}

/* {"sme": n, ...} over the kinds whose count is not 0. */
static void
write_by_kind(struct jsonw *w, const int64_t by_kind[ORG_KIND__COUNT])
{
    jsonw_begin_object(w);
    for (int k = 0; k < ORG_KIND__COUNT; k++) {
        if (!by_kind[k])
            continue;
        jsonw_key(w, org_kind_name((enum org_kind)k));
        jsonw_int(w, by_kind[k]);
    }
    jsonw_end_object(w);
}

void
target_plan_write_json(struct jsonw *w, const struct target_plan *t,
                       const char *currency)
{
    int64_t sum = 0;
    jsonw_begin_object(w);
    jsonw_key(w, "fiscal_year");
    jsonw_int(w, t->fiscal_year);
    jsonw_key(w, "currency");
    jsonw_string_or_null(w, currency);
    jsonw_key(w, "members");
    jsonw_int(w, t->members);
    jsonw_key(w, "members_by_kind");
    write_by_kind(w, t->members_by_kind);
    jsonw_key(w, "budget");
    jsonw_int(w, t->budget);
    jsonw_key(w, "income");
    jsonw_begin_array(w);
    for (size_t i = 0; i < t->nincome; i++) {
        const struct income_line *l = &t->income[i];
        sum += l->amount;
        jsonw_begin_object(w);
        jsonw_key(w, "id");
        write_id_or_null(w, l->id);
        jsonw_key(w, "source");
        jsonw_string(w, income_source_name(l->source));
        jsonw_key(w, "label");
        jsonw_string(w, l->label ? l->label : "");
        jsonw_key(w, "amount");
        jsonw_int(w, l->amount);
        jsonw_key(w, "private");
        jsonw_bool(w, l->is_private);
        jsonw_end_object(w);
    }
    jsonw_end_array(w);
    jsonw_key(w, "income_total");
    jsonw_int(w, sum);
    jsonw_key(w, "reference_lines");
    write_reference_lines(w);
    jsonw_end_object(w);
}

static void
write_int_or_null(struct jsonw *w, int64_t v, bool is_null)
{
    if (is_null)
        jsonw_null(w);
    else
        jsonw_int(w, v);
}

void
dashboard_write_json(struct jsonw *w, const struct dashboard *d)
{
    jsonw_begin_object(w);
    jsonw_key(w, "date");
    write_day(w, d->day);
    jsonw_key(w, "fiscal_year");
    jsonw_int(w, d->fiscal_year);
    jsonw_key(w, "currency");
    jsonw_string_or_null(w, d->currency);
    jsonw_key(w, "members");
    jsonw_int(w, d->members);
    jsonw_key(w, "target");
    jsonw_begin_object(w);
    jsonw_key(w, "members");
    write_int_or_null(w, d->target_members, d->target_members == 0);
    jsonw_key(w, "by_kind");
    write_by_kind(w, d->target_by_kind);
    jsonw_end_object(w);
    jsonw_key(w, "reference_lines");
    write_reference_lines(w);

    jsonw_key(w, "by_status");
    jsonw_begin_object(w);
    for (int s = 0; s < MEMBER_STATUS__COUNT; s++) {
        jsonw_key(w, member_status_name((enum member_status)s));
        jsonw_int(w, d->by_status[s]);
    }
    jsonw_end_object(w);
    jsonw_key(w, "by_kind");
    jsonw_begin_object(w);
    for (int k = 0; k < ORG_KIND__COUNT; k++) {
        jsonw_key(w, org_kind_name((enum org_kind)k));
        jsonw_int(w, d->by_kind[k]);
    }
    jsonw_end_object(w);
    jsonw_key(w, "by_tier");
    jsonw_begin_array(w);
    for (size_t i = 0; i < d->ntiers; i++) {
        jsonw_begin_object(w);
        jsonw_key(w, "tier_id");
        jsonw_int(w, d->by_tier[i].tier_id);
        jsonw_key(w, "name");
        jsonw_string_or_null(w, d->by_tier[i].name);
        jsonw_key(w, "members");
        jsonw_int(w, d->by_tier[i].members);
        jsonw_end_object(w);
    }
    jsonw_end_array(w);
    jsonw_key(w, "sme_members");
    jsonw_int(w, d->sme_members);
    jsonw_key(w, "sme_permille");
    write_int_or_null(w, d->sme_permille, d->sme_permille < 0);

    jsonw_key(w, "months");
    jsonw_begin_array(w);
    for (size_t i = 0; i < DASH_MONTHS; i++) {
        const struct dash_month *m = &d->months[i];
        char month[16];
        snprintf(month, sizeof(month), "%04d-%02d", m->year, m->month);
        jsonw_begin_object(w);
        jsonw_key(w, "month");
        jsonw_string(w, month);
        jsonw_key(w, "members");
        jsonw_int(w, m->members);
        jsonw_key(w, "joins");
        jsonw_int(w, m->joins);
        jsonw_key(w, "leaves");
        jsonw_int(w, m->leaves);
        jsonw_end_object(w);
    }
    jsonw_end_array(w);

    const struct {
        const char *key;
        int64_t value;
    } money[] = {
        { "fees_expected", d->fees_expected },
        { "invoiced", d->invoiced },
        { "paid", d->paid },
        { "overdue", d->overdue },
        { "overdue_invoices", d->overdue_invoices },
        { "budget", d->budget },
        { "other_income", d->other_income },
        { "gap", d->gap },
        { "private_income", d->private_income },
        { "total_income", d->total_income },
    };
    for (size_t i = 0; i < ARRAY_SIZE(money); i++) {
        jsonw_key(w, money[i].key);
        jsonw_int(w, money[i].value);
    }
    jsonw_key(w, "private_permille");
    write_int_or_null(w, d->private_permille, d->private_permille < 0);
    jsonw_end_object(w);
}

/* ---- reading ---- */

/*
 * Length of the longest prefix of s, at most max bytes, that does not cut
 * a UTF-8 sequence: member names are echoed into struct err's fixed
 * arrays.
 */
static int
utf8_prefix(const char *s, size_t max)
{
    size_t len = strlen(s);
    if (len <= max)
        return (int)len;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return (int)max;
}

/* Appends s with control characters and bytes that do not decode
 * replaced by '?': a member name sent by a client may hold anything. */
static void
append_clean(struct buf *out, const char *s)
{
    size_t len = strlen(s);
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = text_utf8_decode(s + i, len - i, &cp);
        if (n == 0 || cp < 0x20 || cp == 0x7F) {
            buf_addc(out, '?');
            i += n ? n : 1;
            continue;
        }
        buf_add(out, s + i, n);
        i += n;
    }
}

/* ERR_INVALID naming an unknown member (inside prefix when not ""). */
static int
unknown_member(const char *prefix, const char *key, struct err *err)
{
    struct buf name = BUF_INIT;
    struct buf field = BUF_INIT;

    append_clean(&name, key);
    if (*prefix)
        buf_adds(&field, prefix);
    else
        buf_add(&field, name.s,
                (size_t)utf8_prefix(name.s, sizeof(err->field) - 1));
    err_set(err, ERR_INVALID, field.s, "Unknown member \"%s%s%.*s\".", prefix,
            *prefix ? "." : "", utf8_prefix(name.s, 120), name.s);
    buf_release(&name);
    buf_release(&field);
    return -1;
}

static bool
in_list(const char *const *list, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], key) == 0)
            return true;
    return false;
}

static int
read_text(const char *key, const json_t *v, const char **out, struct err *err)
{
    if (json_is_null(v)) {
        *out = "";
        return 0;
    }
    if (!json_is_string(v))
        return err_set(err, ERR_INVALID, key, "%s must be a string.", key);
    if (strlen(json_string_value(v)) != json_string_length(v))
        return err_set(err, ERR_INVALID, key, "%s contains a NUL character.",
                       key);
    *out = json_string_value(v);
    return 0;
}

static int
read_date(const char *key, const json_t *v, const char **out, struct err *err)
{
    struct date d;
    if (json_is_null(v)) {
        *out = "";
        return 0;
    }
    if (!json_is_string(v) || json_string_length(v) != 10 ||
        date_parse(json_string_value(v), 10, &d))
        return err_set(err, ERR_INVALID, key,
                       "%s must be a date like 2027-01-31.", key);
    *out = json_string_value(v);
    return 0;
}

static int
read_int(const char *key, const json_t *v, int64_t min, int64_t max,
         int64_t *out, struct err *err)
{
    if (!json_is_integer(v) || json_integer_value(v) < min ||
        json_integer_value(v) > max) {
        if (min == 1)
            return err_set(err, ERR_INVALID, key,
                           "%s must be a record number (an integer greater "
                           "than 0).",
                           key);
        return err_set(err, ERR_INVALID, key,
                       "%s must be a whole number from %lld to %lld.", key,
                       (long long)min, (long long)max);
    }
    *out = (int64_t)json_integer_value(v);
    return 0;
}

static int
read_kinds(const char *key, const json_t *v, unsigned *out, struct err *err)
{
    unsigned kinds = 0;
    if (json_is_null(v)) {
        *out = 0;
        return 0;
    }
    if (json_is_string(v)) {
        const char *s = "";
        if (read_text(key, v, &s, err) || tier_kinds_parse(s, &kinds, err))
            return -1;
        *out = kinds;
        return 0;
    }
    if (!json_is_array(v))
        return err_set(err, ERR_INVALID, key,
                       "%s must be an array of organisation kinds or a "
                       "comma-separated string.",
                       key);
    size_t i;
    const json_t *e;
    json_array_foreach(v, i, e)
    {
        const char *s = "";
        unsigned one = 0;
        if (!json_is_string(e))
            return err_set(err, ERR_INVALID, key,
                           "%s must be an array of organisation kinds or a "
                           "comma-separated string.",
                           key);
        if (read_text(key, e, &s, err) || tier_kinds_parse(s, &one, err))
            return -1;
        kinds |= one;
    }
    *out = kinds;
    return 0;
}

/* The value one spec reads, before it is written to the spec's output. */
union jvalue {
    const char *s;
    int64_t i;
    int year;
    bool b;
    unsigned kinds;
};

static int
read_one(const struct jfield *f, const json_t *v, union jvalue *out,
         struct err *err)
{
    if (json_is_null(v) && (f->flags & (JFIELD_REQUIRED | JFIELD_NOT_NULL)))
        return err_set(err, ERR_INVALID, f->name, "%s is required.", f->name);
    switch (f->type) {
    case JFIELD_TEXT:
        return read_text(f->name, v, &out->s, err);
    case JFIELD_DATE:
        return read_date(f->name, v, &out->s, err);
    case JFIELD_ID:
        return read_int(f->name, v, 1, INT64_MAX, &out->i, err);
    case JFIELD_INT:
        return read_int(f->name, v, 0, MONEY_MAX, &out->i, err);
    case JFIELD_YEAR: {
        int64_t y = 0;
        if (read_int(f->name, v, 1900, 9999, &y, err))
            return -1;
        out->year = (int)y;
        return 0;
    }
    case JFIELD_BOOL:
        if (!json_is_boolean(v))
            return err_set(err, ERR_INVALID, f->name,
                           "%s must be true or false.", f->name);
        out->b = json_is_true(v);
        return 0;
    case JFIELD_KINDS:
        return read_kinds(f->name, v, &out->kinds, err);
    }
    return err_set(err, ERR_INTERNAL, f->name, "Unknown field type.");
}

static void
write_one(const struct jfield *f, const union jvalue *v)
{
    switch (f->type) {
    case JFIELD_TEXT:
    case JFIELD_DATE:
        *(const char **)f->out = v->s;
        break;
    case JFIELD_ID:
    case JFIELD_INT:
        *(int64_t *)f->out = v->i;
        break;
    case JFIELD_YEAR:
        *(int *)f->out = v->year;
        break;
    case JFIELD_BOOL:
        *(bool *)f->out = v->b;
        break;
    case JFIELD_KINDS:
        *(unsigned *)f->out = v->kinds;
        break;
    }
}

static const struct jfield *
find_spec(const struct jfield *specs, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(specs[i].name, key) == 0)
            return &specs[i];
    return NULL;
}

/*
 * json_read_fields with a list of read-only members that are accepted
 * and ignored (what the writers put out beside the input members).
 */
static int
read_fields(const json_t *j, const struct jfield *specs, size_t n,
            const char *const *read_only, size_t nro, struct err *err)
{
    const char *key;
    json_t *v;
    union jvalue val;

    if (!json_is_object(j))
        return err_set(err, ERR_BAD_REQUEST, NULL,
                       "The request body must be a JSON object.");
    json_object_foreach((json_t *)j, key, v)
    {
        const struct jfield *f = find_spec(specs, n, key);
        if (f) {
            if (read_one(f, v, &val, err))
                return -1;
            continue;
        }
        if (!in_list(read_only, nro, key))
            return unknown_member("", key, err);
    }
    for (size_t i = 0; i < n; i++) {
        const json_t *m = json_object_get(j, specs[i].name);
        if ((specs[i].flags & JFIELD_REQUIRED) && !m)
            return err_set(err, ERR_INVALID, specs[i].name, "%s is required.",
                           specs[i].name);
    }
    for (size_t i = 0; i < n; i++) {
        const json_t *m = json_object_get(j, specs[i].name);
        if (!m)
            continue;
        read_one(&specs[i], m, &val, NULL);
        write_one(&specs[i], &val);
    }
    return 0;
}

int
json_read_fields(const json_t *j, const struct jfield *specs, size_t n,
                 struct err *err)
{
    return read_fields(j, specs, n, NULL, 0, err);
}

int
tier_from_json(const json_t *j, struct tier *t, bool require_all,
               struct err *err)
{
    static const char *const READ_ONLY[] = { "id", "members", "currency" };
    const char *name = t->name, *description = t->description;
    int64_t fee = t->annual_fee;
    unsigned kinds = t->kinds;
    bool associate = t->associate, active = t->active;
    unsigned req = require_all ? JFIELD_REQUIRED : JFIELD_NOT_NULL;
    const struct jfield specs[] = {
        { "name", JFIELD_TEXT, req, &name },
        { "description", JFIELD_TEXT, 0, &description },
        { "annual_fee", JFIELD_INT, JFIELD_NOT_NULL, &fee },
        { "kinds", JFIELD_KINDS, 0, &kinds },
        { "associate", JFIELD_BOOL, JFIELD_NOT_NULL, &associate },
        { "active", JFIELD_BOOL, JFIELD_NOT_NULL, &active },
    };

    if (read_fields(j, specs, ARRAY_SIZE(specs), READ_ONLY,
                    ARRAY_SIZE(READ_ONLY), err))
        return -1;
    if (require_all && !associate && !json_object_get(j, "annual_fee"))
        return err_set(err, ERR_INVALID, "annual_fee",
                       "annual_fee is required (in minor units: 150000 for "
                       "1,500.00) unless the tier is an associate one.");
    /* Copy before setting: name and description may be t's own. */
    char *new_name = xstrdup(name), *new_description = xstrdup(description);
    org_set_str(&t->name, new_name);
    org_set_str(&t->description, new_description);
    free(new_name);
    free(new_description);
    t->annual_fee = fee;
    t->kinds = kinds;
    t->associate = associate;
    t->active = active;
    return 0;
}

int
membership_from_json(const json_t *j, struct membership *m, struct err *err)
{
    static const char *const READ_ONLY[] = {
        "id",           "organisation_name", "organisation_kind", "tier_name",
        "annual_fee",   "currency",          "associate",         "status",
        "ended_on",     "declined_on",       "end_reason",        "source",
        "unpaid_since", "created_at",        "updated_at",        "tiers",
    };
    int64_t org = m->organisation_id, tier = m->tier_id;
    const char *applied = m->applied_on, *joined = m->joined_on,
               *note = m->note;
    const struct jfield specs[] = {
        { "organisation_id", JFIELD_ID, JFIELD_REQUIRED, &org },
        { "tier_id", JFIELD_ID, JFIELD_REQUIRED, &tier },
        { "applied_on", JFIELD_DATE, 0, &applied },
        { "joined_on", JFIELD_DATE, 0, &joined },
        { "note", JFIELD_TEXT, 0, &note },
    };

    if (read_fields(j, specs, ARRAY_SIZE(specs), READ_ONLY,
                    ARRAY_SIZE(READ_ONLY), err))
        return -1;
    char *a = xstrdup(applied), *jd = xstrdup(joined), *n = xstrdup(note);
    org_set_str(&m->applied_on, a);
    org_set_str(&m->joined_on, jd);
    org_set_str(&m->note, n);
    free(a);
    free(jd);
    free(n);
    m->organisation_id = org;
    m->tier_id = tier;
    return 0;
}

int
service_from_json(const json_t *j, struct service_in_kind *s, struct err *err)
{
    static const char *const READ_ONLY[] = { "id", "membership_id",
                                             "currency" };
    const char *description = s->description, *given = s->given_on;
    int64_t value = s->value;
    const struct jfield specs[] = {
        { "description", JFIELD_TEXT, JFIELD_REQUIRED, &description },
        { "value", JFIELD_INT, JFIELD_NOT_NULL, &value },
        { "given_on", JFIELD_DATE, 0, &given },
    };

    if (read_fields(j, specs, ARRAY_SIZE(specs), READ_ONLY,
                    ARRAY_SIZE(READ_ONLY), err))
        return -1;
    char *d = xstrdup(description), *g = xstrdup(given);
    org_set_str(&s->description, d);
    org_set_str(&s->given_on, g);
    free(d);
    free(g);
    s->value = value;
    return 0;
}

int
payment_from_json(const json_t *j, struct payment *p, struct err *err)
{
    static const char *const READ_ONLY[] = { "id", "currency", "created_at" };
    int64_t invoice = p->invoice_id, amount = p->amount;
    const char *paid_on = p->paid_on ? p->paid_on : "";
    const char *method = p->method ? p->method : "";
    const char *reference = p->reference ? p->reference : "";
    const struct jfield specs[] = {
        { "invoice_id", JFIELD_ID, JFIELD_REQUIRED, &invoice },
        { "amount", JFIELD_INT, JFIELD_REQUIRED, &amount },
        { "paid_on", JFIELD_DATE, 0, &paid_on },
        { "method", JFIELD_TEXT, 0, &method },
        { "reference", JFIELD_TEXT, 0, &reference },
    };

    if (read_fields(j, specs, ARRAY_SIZE(specs), READ_ONLY,
                    ARRAY_SIZE(READ_ONLY), err))
        return -1;
    /* A null method keeps the default the caller set. */
    if (!*method && p->method)
        method = p->method;
    char *d = xstrdup(paid_on), *m = xstrdup(method), *r = xstrdup(reference);
    free(p->paid_on);
    free(p->method);
    free(p->reference);
    p->paid_on = d;
    p->method = m;
    p->reference = r;
    p->invoice_id = invoice;
    p->amount = amount;
    return 0;
}

/* Reads {"sme": 20, ...} into by_kind (already zeroed). */
static int
read_members_by_kind(const json_t *v, int64_t by_kind[ORG_KIND__COUNT],
                     struct err *err)
{
    static const char FIELD[] = "members_by_kind";
    const char *key;
    json_t *n;

    if (json_is_null(v))
        return 0;
    if (!json_is_object(v))
        return err_set(err, ERR_INVALID, FIELD,
                       "members_by_kind must be an object of organisation "
                       "kinds and member targets, like {\"sme\": 20}.");
    json_object_foreach((json_t *)v, key, n)
    {
        enum org_kind k;
        int64_t target = 0;
        if (org_kind_parse(key, &k))
            return unknown_member(FIELD, key, err);
        if (read_int(FIELD, n, 0, MONEY_MAX, &target, err))
            return -1;
        by_kind[k] = target;
    }
    return 0;
}

/* Reads one income line {source, label, amount, private} into *l. */
static int
read_income_line(size_t i, const json_t *v, struct income_line *l,
                 struct err *err)
{
    char field[64], prefix[32];
    const char *key;
    json_t *m;

    snprintf(prefix, sizeof(prefix), "income[%zu]", i);
    if (!json_is_object(v))
        return err_set(err, ERR_INVALID, prefix,
                       "%s must be an object {source, label, amount, "
                       "private}.",
                       prefix);
    json_object_foreach((json_t *)v, key, m)
    {
        if (strcmp(key, "source") && strcmp(key, "label") &&
            strcmp(key, "amount") && strcmp(key, "private") &&
            strcmp(key, "id"))
            return unknown_member(prefix, key, err);
    }

    const json_t *source = json_object_get(v, "source");
    snprintf(field, sizeof(field), "%s.source", prefix);
    if (!json_is_string(source) ||
        income_source_parse(json_string_value(source), &l->source)) {
        struct buf names = BUF_INIT;
        for (int s = 0; s < INCOME__COUNT; s++) {
            if (s)
                buf_adds(&names, ", ");
            buf_adds(&names, income_source_name((enum income_source)s));
        }
        err_set(err, ERR_INVALID, field, "%s must be one of %s.", field,
                names.s);
        buf_release(&names);
        return -1;
    }

    const char *label = "";
    const json_t *lv = json_object_get(v, "label");
    snprintf(field, sizeof(field), "%s.label", prefix);
    if (lv && read_text(field, lv, &label, err))
        return -1;

    const json_t *amount = json_object_get(v, "amount");
    snprintf(field, sizeof(field), "%s.amount", prefix);
    if (!amount)
        return err_set(err, ERR_INVALID, field, "%s is required.", field);
    if (read_int(field, amount, 0, MONEY_MAX, &l->amount, err))
        return -1;

    const json_t *priv = json_object_get(v, "private");
    snprintf(field, sizeof(field), "%s.private", prefix);
    if (priv && !json_is_null(priv) && !json_is_boolean(priv))
        return err_set(err, ERR_INVALID, field, "%s must be true or false.",
                       field);
    l->is_private = priv && json_is_boolean(priv)
                        ? json_is_true(priv)
                        : income_source_private(l->source);
    l->label = xstrdup(label);
    return 0;
}

int
target_plan_from_json(const json_t *j, struct target_plan *t, struct err *err)
{
    int rc = -1;
    struct target_plan n;
    const char *key;
    json_t *v;

    target_plan_init(&n, t->fiscal_year);
    if (!json_is_object(j)) {
        err_set(err, ERR_BAD_REQUEST, NULL,
                "The request body must be a JSON object.");
        goto out;
    }
    json_object_foreach((json_t *)j, key, v)
    {
        if (strcmp(key, "members") == 0) {
            if (!json_is_null(v) &&
                read_int(key, v, 0, MONEY_MAX, &n.members, err))
                goto out;
        } else if (strcmp(key, "budget") == 0) {
            if (!json_is_null(v) &&
                read_int(key, v, 0, MONEY_MAX, &n.budget, err))
                goto out;
        } else if (strcmp(key, "members_by_kind") == 0) {
            if (read_members_by_kind(v, n.members_by_kind, err))
                goto out;
        } else if (strcmp(key, "fiscal_year") == 0) {
            if (!json_is_integer(v) ||
                json_integer_value(v) != t->fiscal_year) {
                err_set(err, ERR_INVALID, key,
                        "fiscal_year must be %d, the year of the address, "
                        "or be left out.",
                        t->fiscal_year);
                goto out;
            }
        } else if (strcmp(key, "income") == 0) {
            if (json_is_null(v))
                continue;
            if (!json_is_array(v)) {
                err_set(err, ERR_INVALID, key,
                        "income must be an array of {source, label, "
                        "amount, private}.");
                goto out;
            }
            if (json_array_size(v) > MAX_INCOME_LINES) {
                err_set(err, ERR_INVALID, key,
                        "income may have at most %d lines.", MAX_INCOME_LINES);
                goto out;
            }
            n.income = xcalloc(json_array_size(v) + 1, sizeof(*n.income));
            size_t i;
            const json_t *e;
            json_array_foreach(v, i, e)
            {
                if (read_income_line(i, e, &n.income[i], err))
                    goto out;
                n.nincome = i + 1;
            }
        } else if (strcmp(key, "currency") && strcmp(key, "income_total") &&
                   strcmp(key, "reference_lines")) {
            unknown_member("", key, err);
            goto out;
        }
    }
    /* Swap: t takes the new plan, n the old one to release. */
    struct target_plan old = *t;
    *t = n;
    n = old;
    rc = 0;
out:
    target_plan_release(&n);
    return rc;
}
