"""iCalendar files for appointments (the icalendar package), read against RFC 5545 and RFC 5546 (iTIP).

- Times are written in UTC (`DTSTART:20260706T080000Z`), which every client converts to the reader's zone, in
  summer and winter alike, with no VTIMEZONE block for a client to misread.
- An email's calendar part is an iTIP message: `REQUEST` (add or update the event) or `CANCEL` (remove it), each
  with the clinic as ORGANIZER and the patient as ATTENDEE, so a client applies it to the event it already holds
  (same UID, higher SEQUENCE) instead of importing a loose copy. The patient's replies go nowhere the clinic reads:
  the emails say so, and ATTENDEE carries `RSVP=FALSE`.
- A file downloaded from the site is `PUBLISH` (no ATTENDEE, as RFC 5546 has it) with the same UID, so a later
  CANCEL or REQUEST by email applies to the entry it made.
"""

import datetime as dt

from django.http import HttpResponse
from icalendar import Calendar, Event, vCalAddress, vDuration, vText

from bookings.models import Appointment
from clinic.identity import current_profile
from core.siteurl import site_domain

PRODID = "-//Restore Sports Injury//Bookings//EN"
FEED_REFRESH = dt.timedelta(minutes=30)  # how often the clinician's calendar app should fetch the feed again
AWAITING = "awaiting confirmation"


def appointment_uid(appointment):
    """Stable for the life of the appointment, so calendar apps update the same event."""
    return f"{appointment.reference}@{site_domain()}"


def utc(moment):
    return moment.astimezone(dt.UTC)


def event_status(appointment, *, cancelled=False) -> str:
    if cancelled or not appointment.holds_time:
        return "CANCELLED"
    return "CONFIRMED" if appointment.status == Appointment.Status.CONFIRMED else "TENTATIVE"


def appointment_ics(appointment, *, method="PUBLISH", cancelled=False) -> bytes:
    """The appointment as an iCalendar object with `method` (PUBLISH, REQUEST or CANCEL) at its current SEQUENCE.

    A CANCEL is always `STATUS:CANCELLED`; a request not yet confirmed is `TENTATIVE` and says so in its title."""
    profile = current_profile()
    cancelled = cancelled or method == "CANCEL"
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", appointment_uid(appointment))
    event.add("sequence", appointment.sequence)
    event.add("dtstamp", utc(appointment.updated_at or appointment.created_at))
    event.add("dtstart", utc(appointment.start))
    event.add("dtend", utc(appointment.end))
    status = event_status(appointment, cancelled=cancelled)
    awaiting = f" ({AWAITING})" if status == "TENTATIVE" else ""
    event.add("summary", f"{appointment.service.name} at {profile.short_name}{awaiting}")
    event.add("location", vText(", ".join(profile.address_lines)))
    contact = f"{profile.email}, {profile.phone}" if profile.phone else profile.email
    if cancelled:
        description = f"Reference {appointment.reference}. This appointment is cancelled. Questions: {contact}."
    else:
        description = (
            f"Reference {appointment.reference}. To move or cancel, use the link in the clinic’s email about this "
            f"appointment, or contact the clinic ({contact}): accepting or declining in your calendar doesn’t reach "
            "the clinic."
        )
    event.add("description", description)
    organizer = vCalAddress(f"mailto:{profile.email}")
    organizer.params["cn"] = vText(profile.clinician_name)
    event.add("organizer", organizer)
    if method != "PUBLISH" and appointment.email:  # a patient booked by phone may have given none
        attendee = vCalAddress(f"mailto:{appointment.email}")
        attendee.params["cn"] = vText(appointment.patient_name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("ACCEPTED")
        attendee.params["rsvp"] = vText("FALSE")
        event.add("attendee", attendee)
    event.add("status", status)
    calendar.add_component(event)
    return calendar.to_ical()


def clinic_feed(appointments) -> bytes:
    """The clinician's subscription feed: one event per appointment, without health details."""
    profile = current_profile()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{profile.short_name} appointments")
    calendar.add("refresh-interval", FEED_REFRESH, parameters={"VALUE": "DURATION"})  # RFC 7986
    calendar.add("x-published-ttl", vDuration(FEED_REFRESH))  # the same hint for Outlook and older Apple Calendar
    for appointment in appointments:
        event = Event()
        event.add("uid", appointment_uid(appointment))
        event.add("sequence", appointment.sequence)
        event.add("dtstamp", utc(appointment.updated_at))
        event.add("dtstart", utc(appointment.start))
        event.add("dtend", utc(appointment.end))
        prefix = "" if appointment.status == "confirmed" else "Requested: "
        event.add("summary", f"{prefix}{appointment.service.name} — {appointment.patient_name}")
        event.add("description", f"Reference {appointment.reference}. Phone {appointment.phone}.")
        event.add("status", event_status(appointment))
        calendar.add_component(event)
    return calendar.to_ical()


def ics_download(appointment) -> HttpResponse:
    """One appointment as a calendar file to download (cancelled ones carry STATUS:CANCELLED)."""
    response = HttpResponse(appointment_ics(appointment), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="restore-{appointment.reference}.ics"'
    return response
