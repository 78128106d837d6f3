/*
 * Events as an iCalendar file, built as libical components and written
 * by libical, which folds long lines and escapes commas, semicolons,
 * backslashes and newlines in text. The time zone's VTIMEZONE comes from
 * libical's built-in zones (read from the system's tzdata); an unknown
 * zone gives floating local times rather than wrong UTC ones.
 */
#include "report/ical.h"

#include <libical/ical.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/text.h"

/* The number in s[0..n), digits only (checked by event_time_parse). */
static int
digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

/* A stored "YYYY-MM-DDTHH:MM" as a local time in zone, floating when
 * zone is NULL; false when the text is not such a time. */
static bool
local_time(const char *t, icaltimezone *zone, struct icaltimetype *out)
{
    char norm[17];
    if (event_time_parse(t, norm))
        return false;
    struct icaltimetype v = icaltime_null_time();
    v.year = digits(norm, 4);
    v.month = digits(norm + 5, 2);
    v.day = digits(norm + 8, 2);
    v.hour = digits(norm + 11, 2);
    v.minute = digits(norm + 14, 2);
    v.second = 0;
    v.is_date = 0;
    if (zone)
        icaltime_set_timezone(&v, zone);
    *out = v;
    return true;
}

/* DTSTART or DTEND of t, with the zone's TZID when there is one. */
static void
add_time(icalcomponent *ev, bool start, const char *t, icaltimezone *zone,
         const char *tzid)
{
    struct icaltimetype v;
    if (!local_time(t, zone, &v))
        return;
    icalproperty *p =
        start ? icalproperty_new_dtstart(v) : icalproperty_new_dtend(v);
    if (zone && tzid)
        icalproperty_add_parameter(p, icalparameter_new_tzid(tzid));
    icalcomponent_add_property(ev, p);
}

static icalcomponent *
vevent(const struct event *e, icaltimezone *zone, const char *tzid,
       const char *uid_host, const char *url_base, struct icaltimetype stamp)
{
    struct buf b = BUF_INIT;
    icalcomponent *ev = icalcomponent_new_vevent();
    buf_addf(&b, "event-%lld@%s", (long long)e->id, uid_host);
    icalcomponent_add_property(ev, icalproperty_new_uid(b.s));
    icalcomponent_add_property(ev, icalproperty_new_dtstamp(stamp));
    add_time(ev, true, e->starts_at, zone, tzid);
    add_time(ev, false, e->ends_at, zone, tzid);
    icalcomponent_add_property(ev, icalproperty_new_summary(e->title));
    if (*e->place)
        icalcomponent_add_property(ev, icalproperty_new_location(e->place));
    else if (*e->online_url)
        icalcomponent_add_property(ev,
                                   icalproperty_new_location(e->online_url));
    if (url_base && *url_base) {
        buf_reset(&b);
        size_t len = strlen(url_base);
        while (len && url_base[len - 1] == '/')
            len--;
        buf_add(&b, url_base, len);
        buf_addf(&b, "/events/%lld", (long long)e->id);
        icalcomponent_add_property(ev, icalproperty_new_url(b.s));
    }
    /* The description, then the online link when the place took the
     * location, so a calendar shows both. */
    buf_reset(&b);
    buf_adds(&b, e->description);
    if (*e->place && *e->online_url) {
        if (b.len)
            buf_adds(&b, "\n\n");
        buf_adds(&b, "Online: ");
        buf_adds(&b, e->online_url);
    }
    if (b.len)
        icalcomponent_add_property(ev, icalproperty_new_description(b.s));
    icalcomponent_add_property(
        ev, icalproperty_new_status(e->cancelled ? ICAL_STATUS_CANCELLED
                                                 : ICAL_STATUS_CONFIRMED));
    buf_release(&b);
    return ev;
}

/* The year of the earliest start, or of now without events. */
static int
first_year(const struct event *items, size_t n)
{
    int year = 0;
    for (size_t i = 0; i < n; i++) {
        char t[17];
        if (event_time_parse(items[i].starts_at, t))
            continue;
        int y = digits(t, 4);
        if (!year || y < year)
            year = y;
    }
    if (!year)
        year = icaltime_today().year;
    return year;
}

int
ical_events(const struct event *items, size_t n, const char *timezone,
            const char *cluster_name, const char *url_base, struct buf *out,
            struct err *err)
{
    struct buf host = BUF_INIT, name = BUF_INIT;
    int rc = -1;
    icaltimezone *zone = NULL;
    const char *tzid = NULL;
    if (timezone && *timezone)
        zone = icaltimezone_get_builtin_timezone(timezone);
    /* The calendar names the zone as people do ("Europe/Berlin"), not by
     * libical's prefixed id, and carries its rules in a VTIMEZONE of
     * that name. */
    if (zone && icaltimezone_get_tzid(zone))
        tzid = timezone;
    else
        zone = NULL;
    if (!cluster_name || !*cluster_name)
        cluster_name = "clusterdesk";
    if (!text_slug(&host, cluster_name))
        buf_adds(&host, "clusterdesk");

    icalcomponent *cal = icalcomponent_new_vcalendar();
    icalcomponent_add_property(cal,
                               icalproperty_new_prodid("-//clusterdesk//EN"));
    icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
    icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
    icalcomponent_add_property(cal,
                               icalproperty_new_method(ICAL_METHOD_PUBLISH));
    buf_addf(&name, "%s: events", cluster_name);
    icalproperty *xname = icalproperty_new_x(name.s);
    icalproperty_set_x_name(xname, "X-WR-CALNAME");
    icalcomponent_add_property(cal, xname);
    if (zone) {
        icalproperty *xtz = icalproperty_new_x(timezone);
        icalproperty_set_x_name(xtz, "X-WR-TIMEZONE");
        icalcomponent_add_property(cal, xtz);
        icalcomponent *vtz = icaltimezone_get_component(zone);
        if (vtz) {
            /* The zone's rules since the year before the first event,
             * not its whole history since the 1890s. */
            vtz = icalcomponent_new_clone(vtz);
            icaltimetype from = icaltime_null_time();
            from.year = first_year(items, n) - 1;
            from.month = from.day = 1;
            icaltime_set_timezone(&from, icaltimezone_get_utc_timezone());
            icaltimezone_truncate_vtimezone(vtz, from, icaltime_null_time(), 0);
            icalproperty *id =
                icalcomponent_get_first_property(vtz, ICAL_TZID_PROPERTY);
            if (id)
                icalproperty_set_tzid(id, tzid);
            icalcomponent_add_component(cal, vtz);
        }
    }
    struct icaltimetype stamp =
        icaltime_current_time_with_zone(icaltimezone_get_utc_timezone());
    for (size_t i = 0; i < n; i++)
        icalcomponent_add_component(
            cal, vevent(&items[i], zone, tzid, host.s, url_base, stamp));

    char *text = icalcomponent_as_ical_string_r(cal);
    if (!text) {
        err_set(err, ERR_INTERNAL, NULL,
                "The calendar file could not be written.");
    } else {
        buf_adds(out, text);
        icalmemory_free_buffer(text);
        rc = 0;
    }
    icalcomponent_free(cal);
    buf_release(&host);
    buf_release(&name);
    return rc;
}
