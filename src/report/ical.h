/*
 * iCalendar files of events (RFC 5545), written with libical: one
 * VCALENDAR (PRODID "-//clusterdesk//EN", METHOD PUBLISH) with a VEVENT
 * per event. Event times are the cluster's local times; they are written
 * with a TZID and its VTIMEZONE from libical's built-in zones, or as
 * floating times when the zone is unknown. Never reads the database.
 */
#ifndef CD_ICAL_H
#define CD_ICAL_H

#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"
#include "core/event.h"

/*
 * Appends the calendar of items[0..n) to out. timezone is an IANA name
 * ("Europe/Berlin"); cluster_name names the calendar and makes the UIDs
 * ("event-<id>@<slug of the name>", stable while the name stays);
 * url_base ("https://desk.example.org", no trailing slash needed) makes
 * each event's URL <url_base>/events/<id>, or none when NULL or "".
 * Cancelled events get STATUS:CANCELLED. Returns 0, or -1 with
 * ERR_INTERNAL when libical fails (out is then unchanged).
 */
int ical_events(const struct event *items, size_t n, const char *timezone,
                const char *cluster_name, const char *url_base, struct buf *out,
                struct err *err);

#endif
