/*
 * UTF-8 text helpers: validation, trimming, case folding for search and
 * duplicate matching, and slugs. Names in clusterdesk are Ukrainian,
 * Swedish, German and Polish, so folding covers Latin-1, Latin
 * Extended-A, Greek and Cyrillic, not just ASCII.
 */
#ifndef CD_TEXT_H
#define CD_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

/* True when s[0..len) is well-formed UTF-8 without NUL or C0 controls
 * other than tab, newline and carriage return. */
bool text_valid_utf8(const char *s, size_t len);

/* Decodes the code point at s (n bytes available) into *cp; returns its
 * length in bytes, or 0 for a malformed sequence (overlong, surrogate,
 * truncated, beyond U+10FFFF). */
size_t text_utf8_decode(const char *s, size_t n, uint32_t *cp);

/* Number of code points in valid UTF-8. */
size_t text_utf8_len(const char *s, size_t len);

/* Returns the span of s without leading and trailing ASCII white space. */
const char *text_trim(const char *s, size_t len, size_t *out_len);

/*
 * Appends a folded form of s to out: lower case, runs of white space and
 * punctuation collapsed to one space, trimmed. Two names that fold alike
 * are treated as the same name ("ACME  GmbH" and "acme gmbh").
 */
void text_fold(struct buf *out, const char *s, size_t len);

/*
 * Appends a slug: ASCII letters and digits lower-cased, every other run
 * of characters a single '-', no leading or trailing '-'. Returns false
 * (and appends nothing) when nothing is left ("Київ" has no ASCII).
 */
bool text_slug(struct buf *out, const char *s);

/* True when s looks like an e-mail address: local@domain.tld, no spaces. */
bool text_is_email(const char *s);

/* Case-insensitive ASCII comparison. */
bool text_ieq(const char *a, const char *b);

#endif
