/*
 * The audit table. An entry's before and after are the record as JSON
 * (io/org_json.c and the store's user JSON); this file compares the two
 * member by member and shows only what differs, so a reader sees
 * "city: Lviv → Kyiv" instead of two blobs. It must never trust the JSON:
 * every value goes out through html_text.
 */
#include "web/history.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"

/*
 * Members that say nothing a reader needs: the time column already says
 * when, the record column says which record, and organisation_name says
 * what organisation_id says, in words.
 */
static const char *const SKIPPED[] = { "id", "created_at", "updated_at",
                                       "organisation_id" };

/* Readable names of members, by their dotted path in the JSON. */
static const struct {
    const char *path;
    const char *label;
} LABELS[] = {
    { "organisation_name", "organisation" },
    { "registration_no", "registration no." },
    { "nace", "NACE code" },
    { "email", "e-mail" },
    { "entry_point", "entry point" },
    { "email_consent.given", "e-mail consent" },
    { "email_consent.date", "consent date" },
    { "email_consent.source", "consent source" },
};

static const struct {
    const char *action;
    const char *label;
} ACTIONS[] = {
    { "create", "created" },        { "update", "changed" },
    { "archive", "archived" },      { "restore", "restored" },
    { "disable", "disabled" },      { "enable", "enabled" },
    { "password", "new password" }, { "import", "imported" },
};

static bool
skipped(const char *key)
{
    for (size_t i = 0; i < ARRAY_SIZE(SKIPPED); i++)
        if (strcmp(key, SKIPPED[i]) == 0)
            return true;
    return false;
}

/* The label of a member: from LABELS, else its path with spaces. */
static void
label_render(struct html *h, const char *path)
{
    struct buf b = BUF_INIT;
    for (size_t i = 0; i < ARRAY_SIZE(LABELS) && !b.len; i++)
        if (strcmp(path, LABELS[i].path) == 0)
            buf_adds(&b, LABELS[i].label);
    if (!b.len) {
        buf_adds(&b, path);
        for (char *p = b.s; *p; p++)
            if (*p == '_' || *p == '.')
                *p = ' ';
    }
    html_text(h, b.s);
    buf_release(&b);
}

/* True for a value that holds nothing: absent, null, "", [] or false. */
static bool
blank(const json_t *v)
{
    return !v || json_is_null(v) || json_is_false(v) ||
           (json_is_string(v) && json_string_length(v) == 0) ||
           (json_is_array(v) && json_array_size(v) == 0);
}

static void
value_render(struct html *h, const json_t *v)
{
    if (!v || json_is_null(v) ||
        (json_is_string(v) && json_string_length(v) == 0) ||
        (json_is_array(v) && json_array_size(v) == 0)) {
        HTML_LIT(h, "<span class=\"text-muted\">(empty)</span>");
    } else if (json_is_string(v)) {
        html_text(h, json_string_value(v));
    } else if (json_is_boolean(v)) {
        html_text(h, json_is_true(v) ? "yes" : "no");
    } else if (json_is_integer(v)) {
        html_int(h, (int64_t)json_integer_value(v));
    } else if (json_is_array(v)) {
        size_t i;
        const json_t *item;
        json_array_foreach(v, i, item)
        {
            if (i)
                HTML_LIT(h, ", ");
            value_render(h, item);
        }
    } else {
        char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        html_text(h, text);
        free(text);
    }
}

static void
change_render(struct html *h, const char *path, const json_t *before,
              const json_t *after, bool creating)
{
    HTML_LIT(h, "<li><span class=\"fw-semibold\">");
    label_render(h, path);
    HTML_LIT(h, ":</span> ");
    if (!creating) {
        value_render(h, before);
        HTML_LIT(h, " → ");
    }
    value_render(h, after);
    HTML_LIT(h, "</li>");
}

/*
 * The order in which changed fields are listed: as the forms show them,
 * so "e-mail consent" comes before its date. Others follow in the JSON's
 * (alphabetical) order.
 */
static const char *const ORDER[] = {
    "name",
    "organisation_name",
    "kind",
    "email",
    "phone",
    "position",
    "entry_point",
    "email_consent.given",
    "email_consent.date",
    "email_consent.source",
    "employees",
    "nace",
    "country",
    "region",
    "city",
    "website",
    "registration_no",
    "tags",
    "notes",
    "role",
    "disabled",
    "archived",
};

struct change {
    char *path;
    size_t rank;
    size_t seq;
    const json_t *before;
    const json_t *after;
};

struct changes {
    struct change *items;
    size_t n;
    size_t alloc;
};

static void
changes_add(struct changes *cs, const char *path, const json_t *before,
            const json_t *after)
{
    size_t rank = ARRAY_SIZE(ORDER);
    for (size_t i = 0; i < ARRAY_SIZE(ORDER); i++) {
        if (strcmp(path, ORDER[i]) == 0) {
            rank = i;
            break;
        }
    }
    ALLOC_GROW(cs->items, cs->n + 1, cs->alloc);
    cs->items[cs->n] =
        (struct change){ xstrdup(path), rank, cs->n, before, after };
    cs->n++;
}

static int
change_cmp(const void *va, const void *vb)
{
    const struct change *a = va, *b = vb;
    if (a->rank != b->rank)
        return a->rank < b->rank ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void
changes_release(struct changes *cs)
{
    for (size_t i = 0; i < cs->n; i++)
        free(cs->items[i].path);
    free(cs->items);
    memset(cs, 0, sizeof(*cs));
}

/*
 * Collects every member of the two objects (either may be NULL) that
 * differs, descending into nested objects with a dotted path. When
 * creating, the members of after that hold something are the changes.
 * The values are borrowed from the two objects.
 */
static void
changes_walk(struct changes *cs, struct buf *path, const json_t *before,
             const json_t *after, bool creating)
{
    const json_t *sides[2] = { after, before };
    for (size_t side = 0; side < 2; side++) {
        const char *key;
        const json_t *unused;
        if (!json_is_object(sides[side]))
            continue;
        json_object_foreach((json_t *)sides[side], key, unused)
        {
            (void)unused;
            /* Members of both were seen with after's. */
            if (side == 1 && json_object_get(after, key))
                continue;
            if (path->len == 0 && skipped(key))
                continue;
            const json_t *b = json_object_get(before, key);
            const json_t *a = json_object_get(after, key);
            size_t mark = path->len;
            buf_adds(path, key);
            if ((json_is_object(a) || !a) && (json_is_object(b) || !b)) {
                buf_addc(path, '.');
                changes_walk(cs, path, b, a, creating);
            } else if (creating ? !blank(a) : !json_equal(b, a)) {
                changes_add(cs, path->s, b, a);
            }
            buf_setlen(path, mark);
        }
    }
}

/* The changed fields of one entry as a list, or a dash. */
static void
changes_render(struct html *h, const json_t *before, const json_t *after)
{
    struct changes cs = { 0 };
    struct buf path = BUF_INIT;
    bool creating = !before && after;
    changes_walk(&cs, &path, before, after, creating);
    if (!cs.n) {
        HTML_LIT(h, "<span class=\"text-muted\">—</span>");
        goto out;
    }
    qsort(cs.items, cs.n, sizeof(*cs.items), change_cmp);
    HTML_LIT(h, "<ul class=\"list-unstyled mb-0 audit-json\">");
    for (size_t i = 0; i < cs.n; i++)
        change_render(h, cs.items[i].path, cs.items[i].before,
                      cs.items[i].after, creating);
    HTML_LIT(h, "</ul>");
out:
    changes_release(&cs);
    buf_release(&path);
}

static json_t *
json_or_null(const char *text)
{
    if (!text || !*text)
        return NULL;
    json_t *j = json_loads(text, 0, NULL);
    if (j && !json_is_object(j)) {
        json_decref(j);
        j = NULL;
    }
    return j;
}

static const char *
member_text(const json_t *j, const char *key)
{
    const char *s = json_string_value(json_object_get(j, key));
    return s && *s ? s : NULL;
}

static void
link_render(struct html *h, const char *prefix, int64_t id, const char *text)
{
    char href[64];
    snprintf(href, sizeof(href), "%s%" PRId64, prefix, id);
    HTML_LIT(h, "<a");
    html_attr(h, "href", href);
    HTML_LIT(h, ">");
    if (text) {
        html_text(h, text);
    } else {
        HTML_LIT(h, "#");
        html_int(h, id);
    }
    HTML_LIT(h, "</a>");
}

/* The record an entry is about, named from its JSON where possible. */
static void
entity_render(struct html *h, const struct audit_entry *e, const json_t *j)
{
    bool org = strcmp(e->entity, "organisation") == 0;
    bool contact = strcmp(e->entity, "contact") == 0;
    bool user = strcmp(e->entity, "user") == 0;
    HTML_LIT(h, "<span class=\"text-muted\">");
    struct buf kind = BUF_INIT;
    buf_adds(&kind, e->entity);
    for (char *p = kind.s; *p; p++)
        if (*p == '_')
            *p = ' ';
    html_text(h, kind.s);
    buf_release(&kind);
    HTML_LIT(h, "</span> ");
    if (org) {
        link_render(h, "/organisations/", e->entity_id, member_text(j, "name"));
    } else if (contact || user) {
        const char *name = member_text(j, contact ? "name" : "email");
        if (name) {
            html_text(h, name);
        } else {
            HTML_LIT(h, "#");
            html_int(h, e->entity_id);
        }
        json_int_t org_id =
            json_integer_value(json_object_get(j, "organisation_id"));
        if (contact && org_id > 0) {
            HTML_LIT(h, " <span class=\"text-muted\">at</span> ");
            link_render(h, "/organisations/", (int64_t)org_id,
                        member_text(j, "organisation_name"));
        }
    } else if (strcmp(e->entity, "import") == 0 && member_text(j, "file")) {
        html_text(h, member_text(j, "file"));
    } else {
        HTML_LIT(h, "#");
        html_int(h, e->entity_id);
    }
}

/* "2026-03-05T10:22:33Z" as "2026-03-05 10:22" in a <time>. */
static void
time_render(struct html *h, const char *at)
{
    HTML_LIT(h, "<time");
    html_attr(h, "datetime", at);
    HTML_LIT(h, ">");
    if (strlen(at) >= 16 && at[10] == 'T') {
        html_textn(h, at, 10);
        HTML_LIT(h, " ");
        html_textn(h, at + 11, 5);
    } else {
        html_text(h, at);
    }
    HTML_LIT(h, "</time>");
}

static const char *
action_label(const char *action)
{
    for (size_t i = 0; i < ARRAY_SIZE(ACTIONS); i++)
        if (strcmp(action, ACTIONS[i].action) == 0)
            return ACTIONS[i].label;
    return action;
}

static void
entry_render(struct html *h, const struct audit_entry *e, unsigned flags)
{
    json_t *before = json_or_null(e->before);
    json_t *after = json_or_null(e->after);
    HTML_LIT(h, "<tr><td class=\"text-nowrap\">");
    time_render(h, e->at);
    HTML_LIT(h, "</td><td>");
    html_text(h, e->actor);
    HTML_LIT(h, "</td><td>");
    html_text(h, action_label(e->action));
    HTML_LIT(h, "</td>");
    if (flags & HISTORY_ENTITY) {
        HTML_LIT(h, "<td>");
        entity_render(h, e, after ? after : before);
        HTML_LIT(h, "</td>");
    }
    if (!(flags & HISTORY_BRIEF)) {
        HTML_LIT(h, "<td>");
        changes_render(h, before, after);
        HTML_LIT(h, "</td>");
    }
    HTML_LIT(h, "</tr>");
    json_decref(before);
    json_decref(after);
}

void
history_render(struct html *h, const struct audit_list *l, unsigned flags)
{
    if (!l->n) {
        HTML_LIT(h, "<p class=\"text-muted\">No changes recorded yet.</p>");
    } else {
        HTML_LIT(h, "<table class=\"table table-sm bg-white history\"><thead>"
                    "<tr><th>Time (UTC)</th><th>By</th><th>Action</th>");
        if (flags & HISTORY_ENTITY)
            HTML_LIT(h, "<th>Record</th>");
        if (!(flags & HISTORY_BRIEF))
            HTML_LIT(h, "<th>Changes</th>");
        HTML_LIT(h, "</tr></thead><tbody>");
        for (size_t i = 0; i < l->n; i++)
            entry_render(h, &l->items[i], flags);
        HTML_LIT(h, "</tbody></table>");
    }
}
