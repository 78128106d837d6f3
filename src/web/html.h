/*
 * The HTML writer. Every byte of a page goes through it, and everything
 * but literals is escaped: html_text and html_attr escape all five of
 * & < > " ', so text is safe in element content and quoted attributes.
 * There is no printf-style writer (cgit's htmlf shows how a raw %s slips
 * through). Raw markup needs html_raw_trusted(), which is rare and easy
 * to grep for.
 */
#ifndef CD_HTML_H
#define CD_HTML_H

#include <stdint.h>

#include "base/buf.h"

struct html {
    struct buf b;
};

/* Writes a string literal as it is. The "" s "" rejects anything but a
 * literal at compile time. */
#define HTML_LIT(h, s) html_lit_((h), "" s "")
void html_lit_(struct html *h, const char *literal);

/* Escaped text; NULL writes nothing. */
void html_text(struct html *h, const char *s);
void html_textn(struct html *h, const char *s, size_t len);
void html_int(struct html *h, int64_t v);
/* An integer with a thin space every three digits: 10 000. */
void html_count(struct html *h, int64_t v);
/* An amount in minor units of currency, written by money_str. */
void html_money(struct html *h, int64_t minor, const char *currency);
/* "64.3 %" from a permille, "–" when there is nothing to divide (< 0). */
void html_permille(struct html *h, int permille);

/* Writes  name="value"  with a leading space, value escaped. */
void html_attr(struct html *h, const char *name, const char *value);
/* <a href="href" class="css">text</a>; css may be NULL. */
void html_link(struct html *h, const char *href, const char *text,
               const char *css);
void html_attr_int(struct html *h, const char *name, int64_t value);

/*
 * Writes an href/action value: path, then "?k=v&..." for each pair of
 * args whose value is not NULL or "", percent-encoded and escaped.
 * args is a NULL-terminated list of alternating keys and values.
 */
void html_url(struct html *h, const char *path, const char *const *args);
/* Percent-encodes s for a query string into out. */
void url_encode(struct buf *out, const char *s);

/* Markup from a trusted source (our own SVG); never user input. */
void html_raw_trusted(struct html *h, const char *markup);

#endif
