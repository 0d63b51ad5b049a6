"""iCalendar files for appointments (the icalendar package)."""

from django.http import HttpResponse
from icalendar import Calendar, Event, vCalAddress, vText

from clinic.hours import local
from clinic.identity import current_profile
from core.siteurl import site_domain

PRODID = "-//Restore Sports Injury//Bookings//EN"


def appointment_uid(appointment):
    """Stable for the life of the appointment, so calendar apps update the same event."""
    return f"{appointment.reference}@{site_domain()}"


def appointment_ics(appointment, *, method="PUBLISH", sequence=0, cancelled=False) -> bytes:
    profile = current_profile()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", appointment_uid(appointment))
    event.add("sequence", sequence)
    event.add("dtstamp", appointment.updated_at or appointment.created_at)
    event.add("dtstart", local(appointment.start))
    event.add("dtend", local(appointment.end))
    event.add("summary", f"{appointment.service.name} at {profile.short_name}")
    event.add("location", vText(", ".join(profile.address_lines)))
    event.add(
        "description",
        f"Reference {appointment.reference}. {profile.name}, {profile.email}.",
    )
    organizer = vCalAddress(f"mailto:{profile.email}")
    organizer.params["cn"] = vText(profile.clinician_name)
    event.add("organizer", organizer)
    event.add(
        "status",
        "CANCELLED" if cancelled else "CONFIRMED" if appointment.status == "confirmed" else "TENTATIVE",
    )
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def clinic_feed(appointments) -> bytes:
    """The clinician's subscription feed: one event per appointment, without health details."""
    profile = current_profile()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{profile.short_name} appointments")
    for appointment in appointments:
        event = Event()
        event.add("uid", appointment_uid(appointment))
        event.add("sequence", appointment.sequence)
        event.add("dtstamp", appointment.updated_at)
        event.add("dtstart", local(appointment.start))
        event.add("dtend", local(appointment.end))
        prefix = "" if appointment.status == "confirmed" else "Requested: "
        event.add("summary", f"{prefix}{appointment.service.name} — {appointment.patient_name}")
        event.add("description", f"Reference {appointment.reference}. Phone {appointment.phone}.")
        event.add("status", "CONFIRMED" if appointment.status == "confirmed" else "TENTATIVE")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def ics_download(appointment) -> HttpResponse:
    """One appointment as a calendar file to download (cancelled ones carry STATUS:CANCELLED)."""
    ics = appointment_ics(appointment, sequence=appointment.sequence, cancelled=not appointment.holds_time)
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="restore-{appointment.reference}.ics"'
    return response
