"""The calendar as the source of truth for held, cancelled and moved 1:1s (issue 12).

parse (icalendar + recurring-ical-events -> instances), sources (ics file/URL, CalDAV),
sync (store instances by UID + RECURRENCE-ID), match (series -> person), feed (meetings).
"""
