/*
 * The iCalendar writer (src/report/ical.c): its output is parsed back
 * with libical and the fields checked, including Cyrillic text, text
 * with commas, semicolons and newlines, time zones and cancellations.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <libical/ical.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "core/event.h"
#include "core/org.h"
#include "report/ical.h"

static void
make_event(struct event *e, int64_t id, const char *title, const char *start,
           const char *end)
{
    event_init(e);
    e->id = id;
    org_set_str(&e->title, title);
    memcpy(e->starts_at, start, 17);
    memcpy(e->ends_at, end, 17);
}

/* Writes items and parses the result back; the caller frees it. */
static icalcomponent *
round_trip(const struct event *items, size_t n, const char *tz,
           struct buf *text)
{
    struct err err = ERR_INIT;
    assert_int_equal(ical_events(items, n, tz, "Alpha Cluster",
                                 "https://desk.example.org/", text, &err),
                     0);
    icalcomponent *cal = icalparser_parse_string(text->s);
    assert_non_null(cal);
    assert_int_equal(icalcomponent_isa(cal), ICAL_VCALENDAR_COMPONENT);
    return cal;
}

static icalcomponent *
nth_event(icalcomponent *cal, int n)
{
    icalcomponent *ev =
        icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
    for (int i = 0; i < n && ev; i++)
        ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT);
    assert_non_null(ev);
    return ev;
}

static void
test_ical__calendar_has_prodid_method_and_one_vevent_each(void **state)
{
    (void)state;
    struct event ev[3];
    make_event(&ev[0], 1, "Seminar", "2027-03-01T09:00", "2027-03-01T17:00");
    make_event(&ev[1], 2, "Visit", "2027-04-01T10:00", "2027-04-01T12:00");
    make_event(&ev[2], 3, "Day", "2027-05-01T08:00", "2027-05-02T18:00");
    struct buf text = BUF_INIT;
    icalcomponent *cal = round_trip(ev, 3, "Europe/Berlin", &text);
    icalproperty *p =
        icalcomponent_get_first_property(cal, ICAL_PRODID_PROPERTY);
    assert_non_null(p);
    assert_string_equal(icalproperty_get_prodid(p), "-//clusterdesk//EN");
    p = icalcomponent_get_first_property(cal, ICAL_METHOD_PROPERTY);
    assert_non_null(p);
    assert_int_equal(icalproperty_get_method(p), ICAL_METHOD_PUBLISH);
    assert_int_equal(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT),
                     3);
    icalcomponent *e2 = nth_event(cal, 1);
    assert_string_equal(icalcomponent_get_uid(e2), "event-2@alpha-cluster");
    assert_string_equal(icalcomponent_get_summary(e2), "Visit");
    p = icalcomponent_get_first_property(e2, ICAL_URL_PROPERTY);
    assert_non_null(p);
    assert_string_equal(icalproperty_get_url(p),
                        "https://desk.example.org/events/2");
    assert_non_null(
        icalcomponent_get_first_property(e2, ICAL_DTSTAMP_PROPERTY));
    /* Lines end in CRLF, as RFC 5545 wants. */
    assert_non_null(strstr(text.s, "BEGIN:VCALENDAR\r\n"));
    icalcomponent_free(cal);
    buf_release(&text);
    for (int i = 0; i < 3; i++)
        event_release(&ev[i]);
}

static void
test_ical__times_carry_the_zone_with_its_vtimezone(void **state)
{
    (void)state;
    struct event ev;
    make_event(&ev, 7, "Seminar", "2027-03-01T09:00", "2027-03-01T17:30");
    struct buf text = BUF_INIT;
    icalcomponent *cal = round_trip(&ev, 1, "Europe/Berlin", &text);
    icalcomponent *vtz =
        icalcomponent_get_first_component(cal, ICAL_VTIMEZONE_COMPONENT);
    assert_non_null(vtz);
    icalcomponent *e = nth_event(cal, 0);
    icalproperty *p =
        icalcomponent_get_first_property(e, ICAL_DTSTART_PROPERTY);
    icalparameter *tz =
        icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
    assert_non_null(tz);
    assert_string_equal(icalparameter_get_tzid(tz), "Europe/Berlin");
    struct icaltimetype t = icalproperty_get_dtstart(p);
    assert_int_equal(t.year, 2027);
    assert_int_equal(t.month, 3);
    assert_int_equal(t.day, 1);
    assert_int_equal(t.hour, 9);
    assert_int_equal(t.minute, 0);
    assert_false(icaltime_is_utc(t));
    /* The VTIMEZONE's TZID is the one the times name. */
    icalproperty *vid =
        icalcomponent_get_first_property(vtz, ICAL_TZID_PROPERTY);
    assert_string_equal(icalproperty_get_tzid(vid), icalparameter_get_tzid(tz));
    /* 09:00 in Berlin in March (CET) is 08:00 UTC. */
    struct icaltimetype s = icalcomponent_get_dtstart(e);
    struct icaltimetype utc =
        icaltime_convert_to_zone(s, icaltimezone_get_utc_timezone());
    assert_int_equal(utc.hour, 8);
    p = icalcomponent_get_first_property(e, ICAL_DTEND_PROPERTY);
    t = icalproperty_get_dtend(p);
    assert_int_equal(t.hour, 17);
    assert_int_equal(t.minute, 30);
    icalcomponent_free(cal);
    buf_release(&text);
    event_release(&ev);
}

static void
test_ical__unknown_zone_gives_floating_times(void **state)
{
    (void)state;
    struct event ev;
    make_event(&ev, 7, "Seminar", "2027-03-01T09:00", "2027-03-01T17:30");
    struct buf text = BUF_INIT;
    icalcomponent *cal = round_trip(&ev, 1, "Mars/Olympus_Mons", &text);
    assert_null(
        icalcomponent_get_first_component(cal, ICAL_VTIMEZONE_COMPONENT));
    icalcomponent *e = nth_event(cal, 0);
    icalproperty *p =
        icalcomponent_get_first_property(e, ICAL_DTSTART_PROPERTY);
    assert_null(icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER));
    assert_non_null(strstr(text.s, "DTSTART:20270301T090000\r\n"));
    icalcomponent_free(cal);
    buf_release(&text);
    event_release(&ev);
}

static void
test_ical__cyrillic_and_punctuation_survive(void **state)
{
    (void)state;
    struct event ev[2];
    make_event(&ev[0], 1, "Семінар з водню у Києві", "2027-03-01T09:00",
               "2027-03-01T12:00");
    make_event(&ev[1], 2, "Fuel cells, hydrogen; storage\nand a new line",
               "2027-03-02T09:00", "2027-03-02T12:00");
    org_set_str(&ev[1].place, "Hall 3, Messe; Hannover");
    org_set_str(&ev[1].description, "Line one\nLine two, with; marks\\");
    struct buf text = BUF_INIT;
    icalcomponent *cal = round_trip(ev, 2, "Europe/Kyiv", &text);
    assert_string_equal(icalcomponent_get_summary(nth_event(cal, 0)),
                        "Семінар з водню у Києві");
    icalcomponent *e = nth_event(cal, 1);
    assert_string_equal(icalcomponent_get_summary(e),
                        "Fuel cells, hydrogen; storage\nand a new line");
    assert_string_equal(icalcomponent_get_location(e),
                        "Hall 3, Messe; Hannover");
    assert_string_equal(icalcomponent_get_description(e),
                        "Line one\nLine two, with; marks\\");
    /* Escaped in the file, not raw. */
    assert_non_null(strstr(text.s, "hydrogen\\; storage\\nand"));
    icalcomponent_free(cal);
    buf_release(&text);
    event_release(&ev[0]);
    event_release(&ev[1]);
}

static void
test_ical__online_link_is_the_location_without_a_place(void **state)
{
    (void)state;
    struct event ev[2];
    make_event(&ev[0], 1, "Webinar", "2027-03-01T09:00", "2027-03-01T10:00");
    org_set_str(&ev[0].online_url, "https://meet.example.com/h2");
    make_event(&ev[1], 2, "Hybrid", "2027-03-01T09:00", "2027-03-01T10:00");
    org_set_str(&ev[1].place, "Lund");
    org_set_str(&ev[1].online_url, "https://meet.example.com/hy");
    struct buf text = BUF_INIT;
    icalcomponent *cal = round_trip(ev, 2, "Europe/Stockholm", &text);
    assert_string_equal(icalcomponent_get_location(nth_event(cal, 0)),
                        "https://meet.example.com/h2");
    icalcomponent *e = nth_event(cal, 1);
    assert_string_equal(icalcomponent_get_location(e), "Lund");
    assert_non_null(strstr(icalcomponent_get_description(e),
                           "https://meet.example.com/hy"));
    icalcomponent_free(cal);
    buf_release(&text);
    event_release(&ev[0]);
    event_release(&ev[1]);
}

static void
test_ical__cancelled_event_has_status_cancelled(void **state)
{
    (void)state;
    struct event ev[2];
    make_event(&ev[0], 1, "On", "2027-03-01T09:00", "2027-03-01T10:00");
    make_event(&ev[1], 2, "Off", "2027-03-01T09:00", "2027-03-01T10:00");
    ev[1].cancelled = true;
    struct buf text = BUF_INIT;
    icalcomponent *cal = round_trip(ev, 2, "Europe/Berlin", &text);
    assert_int_equal(icalcomponent_get_status(nth_event(cal, 0)),
                     ICAL_STATUS_CONFIRMED);
    assert_int_equal(icalcomponent_get_status(nth_event(cal, 1)),
                     ICAL_STATUS_CANCELLED);
    icalcomponent_free(cal);
    buf_release(&text);
    event_release(&ev[0]);
    event_release(&ev[1]);
}

static void
test_ical__uid_falls_back_when_the_name_has_no_ascii(void **state)
{
    (void)state;
    struct event ev;
    struct err err = ERR_INIT;
    make_event(&ev, 5, "x", "2027-03-01T09:00", "2027-03-01T10:00");
    struct buf text = BUF_INIT;
    assert_int_equal(
        ical_events(&ev, 1, "Europe/Kyiv", "Київ", NULL, &text, &err), 0);
    icalcomponent *cal = icalparser_parse_string(text.s);
    assert_non_null(cal);
    icalcomponent *e = nth_event(cal, 0);
    assert_string_equal(icalcomponent_get_uid(e), "event-5@clusterdesk");
    assert_null(icalcomponent_get_first_property(e, ICAL_URL_PROPERTY));
    icalcomponent_free(cal);
    buf_release(&text);
    event_release(&ev);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(
            test_ical__calendar_has_prodid_method_and_one_vevent_each),
        cmocka_unit_test(test_ical__times_carry_the_zone_with_its_vtimezone),
        cmocka_unit_test(test_ical__unknown_zone_gives_floating_times),
        cmocka_unit_test(test_ical__cyrillic_and_punctuation_survive),
        cmocka_unit_test(
            test_ical__online_link_is_the_location_without_a_place),
        cmocka_unit_test(test_ical__cancelled_event_has_status_cancelled),
        cmocka_unit_test(test_ical__uid_falls_back_when_the_name_has_no_ascii),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
