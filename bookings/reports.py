"""What the clinician takes out of the diary: the weekly report, CSV exports and a subject access export.

Plain functions over a bounded number of queries; no request in sight.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass

from bookings.diary import week_of
from bookings.models import Appointment, AppointmentEvent, OutboundEmail, Questionnaire, WaitlistEntry
from clinic.hours import at, current_schedule, local

S = Appointment.Status
BOOKED = (S.REQUESTED, S.CONFIRMED, S.COMPLETED, S.NO_SHOW)


@dataclass
class WeekReport:
    monday: dt.date
    requests: int
    confirmations: int
    cancellations: int
    no_shows: int
    booked_minutes: int
    open_minutes: int

    @property
    def fill_rate(self):
        return round(100 * self.booked_minutes / self.open_minutes) if self.open_minutes else 0


def weekly_report(today: dt.date, weeks: int = 8) -> list[WeekReport]:
    """The last `weeks` weeks up to this one (three queries in all)."""
    schedule = current_schedule()
    mondays = [week_of(today)[0] - dt.timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    start, end = at(mondays[0], dt.time(0)), at(mondays[-1] + dt.timedelta(days=7), dt.time(0))

    def monday_of(moment):
        return week_of(local(moment).date())[0]

    created = list(
        Appointment.objects.filter(created_at__gte=start, created_at__lt=end).values_list("created_at", flat=True)
    )
    events = list(
        AppointmentEvent.objects.filter(at__gte=start, at__lt=end).values_list("at", "from_status", "to_status")
    )
    booked = list(
        Appointment.objects.filter(start__gte=start, start__lt=end, status__in=BOOKED).values_list(
            "start", "end", "status"
        )
    )
    reports = []
    for monday in mondays:
        open_minutes = 0
        for day in week_of(monday):
            for opens, closes in schedule.periods_on(day):
                open_minutes += int((closes - opens).total_seconds() // 60)
        reports.append(
            WeekReport(
                monday=monday,
                requests=sum(1 for c in created if monday_of(c) == monday),
                confirmations=sum(1 for a, f, t in events if t == S.CONFIRMED and f != t and monday_of(a) == monday),
                cancellations=sum(
                    1
                    for a, f, t in events
                    if t in (S.CANCELLED_BY_PATIENT, S.CANCELLED_BY_CLINIC) and f != t and monday_of(a) == monday
                ),
                no_shows=sum(1 for s, _e, st in booked if st == S.NO_SHOW and monday_of(s) == monday),
                booked_minutes=sum(
                    int((e - s).total_seconds() // 60) for s, e, _st in booked if monday_of(s) == monday
                ),
                open_minutes=open_minutes,
            )
        )
    return reports


def subject_access_export(email: str) -> dict:
    """Everything held about one email address (UK GDPR subject access request)."""
    appointments = (
        Appointment.objects.filter(email__iexact=email).select_related("service", "questionnaire").order_by("start")
    )
    return {
        "email": email,
        "appointments": [
            {
                "reference": a.reference,
                "service": a.service.name,
                "start": local(a.start).isoformat(),
                "end": local(a.end).isoformat(),
                "status": a.get_status_display(),
                "name": a.patient_name,
                "email": a.email,
                "phone": a.phone,
                "area_of_concern": a.get_concern_display(),
                "notes": a.notes,
                "safety_answers": [
                    {"question": answer["question"], "answer": "Yes" if answer["yes"] else "No"}
                    for answer in a.safety_answers
                ],
                "advice_shown_before_booking": a.get_safety_advice_display() if a.safety_advice else None,
                "questionnaire": _questionnaire(a.questionnaire) if a.has_questionnaire else None,
                "consent_given_at": a.consent_at.isoformat() if a.consent_at else None,
                "consent_given": a.get_consent_method_display(),
                "privacy_notice_version": a.privacy_notice_version,
                "created_at": a.created_at.isoformat(),
                "history": [
                    {
                        "at": e.at.isoformat(),
                        "by": e.actor_label,
                        "from": e.from_status,
                        "to": e.to_status,
                        "note": e.note,
                    }
                    for e in a.events.order_by("at")
                ],
            }
            for a in appointments
        ],
        "waitlist": [
            {
                "service": entry.service.name,
                "status": entry.get_status_display(),
                "days": entry.weekday_names(),
                "parts_of_day": entry.parts_of_day_names(),
                "from": entry.earliest.isoformat(),
                "until": entry.latest.isoformat(),
                "name": entry.patient_name,
                "email": entry.email,
                "phone": entry.phone,
                "area_of_concern": entry.get_concern_display(),
                "consent_given_at": entry.consent_at.isoformat(),
                "privacy_notice_version": entry.privacy_notice_version,
                "joined_at": entry.joined_at.isoformat(),
                "ended_at": entry.ended_at.isoformat() if entry.ended_at else None,
                "offers": [
                    {
                        "time": local(offer.start).isoformat(),
                        "offered_at": offer.offered_at.isoformat(),
                        "expires_at": offer.expires_at.isoformat(),
                        "outcome": offer.get_outcome_display(),
                    }
                    for offer in entry.offers.all()
                ],
            }
            for entry in WaitlistEntry.objects.filter(email__iexact=email)
            .select_related("service")
            .prefetch_related("offers")
            .order_by("joined_at")
        ],
        "emails": [
            {
                "kind": m.kind,
                "subject": m.subject,
                "created_at": m.created_at.isoformat(),
                "sent_at": m.sent_at.isoformat() if m.sent_at else None,
            }
            for m in OutboundEmail.objects.filter(to__iexact=email).order_by("created_at")
        ],  # fmt: skip
    }


def _questionnaire(answers: Questionnaire) -> dict:
    return {
        **dict(answers.written_answers()),
        "activities": [{"activity": activity, "score_out_of_10": score} for activity, score in answers.activities()],
        "first_sent_at": answers.completed_at.isoformat(),
        "last_changed_at": answers.updated_at.isoformat(),
    }


CSV_HEADER = ["Reference", "Start (UK)", "End (UK)", "Service", "Status", "Name", "Email", "Phone", "Concern"]


def write_csv(appointments, stream) -> None:
    """Appointments as CSV rows; values a patient typed can never run as a spreadsheet formula."""
    writer = csv.writer(stream)
    writer.writerow(CSV_HEADER)
    for a in appointments.select_related("service"):
        writer.writerow(
            [
                a.reference,
                f"{a.local_start:%Y-%m-%d %H:%M}",
                f"{a.local_end:%Y-%m-%d %H:%M}",
                a.service.name,
                a.get_status_display(),
                *(csv_safe(v) for v in (a.patient_name, a.email, a.phone)),
                a.get_concern_display(),
            ]
        )


def csv_safe(value):
    """Stop spreadsheet apps from running a patient-typed value as a formula."""
    return "'" + value if value and value[0] in "=+-@\t\r" else value
