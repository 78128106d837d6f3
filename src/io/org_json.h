/*
 * Organisations and contacts to and from JSON, with jansson. This is the
 * one place that knows the API's member names for the member registry;
 * it checks shapes and types only and leaves the rules (lengths, NACE
 * codes, e-mail form, consent dates) to org_validate and
 * contact_validate in core/org.h. It never touches the store or HTTP.
 *
 * Organisation members: id, name, kind, employees, nace, country, region,
 * city, website, registration_no, tags, notes; read-only archived,
 * created_at, updated_at.
 *
 * Contact members: id, organisation_id, name, email, phone, position,
 * entry_point, email_consent {"given", "date", "source"}; read-only
 * organisation_name, archived, created_at, updated_at.
 */
#ifndef CD_ORG_JSON_H
#define CD_ORG_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "base/err.h"
#include "core/org.h"
#include "io/jsonw.h"

/* Request bodies longer than this are refused with ERR_TOO_LARGE. */
#define ORG_JSON_MAX_BODY (1024 * 1024)

/*
 * Writes *o as a JSON object with every member, read-only ones included:
 * employees is null when unknown; id is null before the record is
 * stored, and created_at and updated_at are null while empty. Text
 * fields are strings, "" when not given.
 */
void org_write_json(struct jsonw *w, const struct org *o);

/*
 * Writes *c as a JSON object with every member. email_consent is an
 * object {"given": bool, "date": "YYYY-MM-DD" or null, "source": string
 * or null}; organisation_name is null when the listing did not fill it.
 */
void contact_write_json(struct jsonw *w, const struct contact *c);

/* The same as new text, owned by the caller (free()): for the audit trail. */
char *org_json_text(const struct org *o);
char *contact_json_text(const struct contact *c);

/*
 * Applies the JSON object j to *o: every member present replaces its
 * field, so a partial update (PATCH or PUT) is a load from the store
 * followed by this call. With require_all (a create) a missing name is an
 * error.
 *
 * - name, nace, country, region, city, website, registration_no, notes:
 *   strings; null means "" (null for name is an error).
 * - kind: a name org_kind_name gives ("sme", ...); as org_kind_parse,
 *   the label ("Research centre") in any case is accepted too.
 * - employees: an integer of 0 or more, or null for unknown.
 * - tags: an array of strings or one comma-separated string, or null for
 *   none; the old tags are replaced, through org_add_tags.
 * - id, archived, created_at, updated_at: read-only, ignored.
 * - allow_duplicate: must be a boolean and is otherwise ignored; the
 *   caller reads it from j.
 *
 * Returns 0, or -1 with err filled: ERR_BAD_REQUEST when j is not an
 * object, ERR_INVALID with field set to the member's name for an unknown
 * member, a wrong type or an unknown kind. On failure *o is unchanged.
 * Does not call org_validate; the caller does.
 */
int org_from_json(const json_t *j, struct org *o, bool require_all,
                  struct err *err);

/*
 * Applies the JSON object j to *c as org_from_json does.
 *
 * - organisation_id: an integer greater than 0 (required with
 *   require_all; whether it belongs to the cluster is the caller's check).
 * - name, email, phone, position: strings, null means "" (not for name).
 * - entry_point: a boolean.
 * - email_consent: an object {"given": bool, "date": "YYYY-MM-DD" or
 *   null, "source": string or null} that replaces the whole consent
 *   ("given" is required in it), or a plain boolean: true keeps the date
 *   and source of a consent already given, false clears them.
 * - id, organisation_name, archived, created_at, updated_at: ignored.
 *
 * Errors and side effects as org_from_json; does not call
 * contact_validate.
 */
int contact_from_json(const json_t *j, struct contact *c, bool require_all,
                      struct err *err);

/*
 * Parses body[0..len) as one JSON object (duplicate member names are
 * refused). Returns a new reference owned by the caller, or NULL with
 * err filled: ERR_TOO_LARGE when len > ORG_JSON_MAX_BODY, ERR_BAD_REQUEST
 * for a syntax error (the message names its line and column) or a body
 * that is not an object. body need not be NUL-terminated.
 */
json_t *json_body_parse(const char *body, size_t len, struct err *err);

#endif
