"""What the clinician takes out of the diary: the weekly report, CSV exports and a subject access export.

Plain functions over a bounded number of queries; no request in sight.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q, Sum

from bookings.diary import week_of
from bookings.models import (
    Appointment,
    AppointmentEvent,
    ContactMessage,
    OutboundEmail,
    Questionnaire,
    WaitlistEntry,
    patient_filter,
)
from bookings.models.screening import Timeframe as SafetyTimeframe
from clinic.hours import at, current_schedule, local
from core import patientdata

S = Appointment.Status
BOOKED = (S.REQUESTED, S.CONFIRMED, S.COMPLETED, S.NO_SHOW)
CANCELLED = (S.CANCELLED_BY_PATIENT, S.CANCELLED_BY_CLINIC)


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
    """The last `weeks` weeks up to this one, counted by the database in three queries whatever the table's size
    (each week from its Monday's UK midnight, so the weeks the clocks change are counted right)."""
    schedule = current_schedule()
    mondays = [week_of(today)[0] - dt.timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    bounds = [at(monday, dt.time(0)) for monday in [*mondays, mondays[-1] + dt.timedelta(days=7)]]

    def per_week(queryset, field, **measures):
        """{name: [one value per week]}: each measure (an aggregate given a filter) over each week's rows."""
        weekly = {
            f"{name}_{n}": aggregate(Q(**{f"{field}__gte": bounds[n], f"{field}__lt": bounds[n + 1]}))
            for name, aggregate in measures.items()
            for n in range(weeks)
        }
        totals = queryset.filter(**{f"{field}__gte": bounds[0], f"{field}__lt": bounds[-1]}).aggregate(**weekly)
        return {name: [totals[f"{name}_{n}"] or 0 for n in range(weeks)] for name in measures}

    created = per_week(Appointment.objects.all(), "created_at", requests=lambda q: Count("pk", filter=q))
    decided = per_week(
        AppointmentEvent.objects.exclude(from_status=F("to_status")), "at",
        confirmations=lambda q: Count("pk", filter=q & Q(to_status=S.CONFIRMED)),
        cancellations=lambda q: Count("pk", filter=q & Q(to_status__in=CANCELLED)),
    )  # fmt: skip
    booked = per_week(
        Appointment.objects.filter(status__in=BOOKED), "start",
        no_shows=lambda q: Count("pk", filter=q & Q(status=S.NO_SHOW)),
        booked=lambda q: Sum(F("end") - F("start"), filter=q),
    )  # fmt: skip
    return [
        WeekReport(
            monday=monday,
            requests=created["requests"][n],
            confirmations=decided["confirmations"][n],
            cancellations=decided["cancellations"][n],
            no_shows=booked["no_shows"][n],
            booked_minutes=int(booked["booked"][n].total_seconds() // 60) if booked["booked"][n] else 0,
            open_minutes=sum(
                int((closes - opens).total_seconds() // 60)
                for day in week_of(monday)
                for opens, closes in schedule.periods_on(day)
            ),
        )
        for n, monday in enumerate(mondays)
    ]


def subject_access_export(email: str) -> dict:
    """Everything held about one email address (UK GDPR subject access request)."""
    appointments = Appointment.objects.of_patient(email).select_related("service", "questionnaire").order_by("start")
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
                    {
                        "question": answer["question"],
                        "about": SafetyTimeframe(answer["timeframe"]).label if answer.get("timeframe") else None,
                        "answer": "Yes" if answer["yes"] else "No",
                    }
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
            for entry in WaitlistEntry.objects.of_patient(email)
            .select_related("service")
            .prefetch_related("offers")
            .order_by("joined_at")
        ],
        "messages_from_the_contact_page": [
            {"name": m.name, "email": m.email, "message": m.message, "received_at": m.received_at.isoformat()}
            for m in ContactMessage.objects.filter(patient_filter(email)).order_by("received_at")
        ],
        "emails": [
            {
                "kind": m.kind,
                "subject": m.subject,
                "created_at": m.created_at.isoformat(),
                "sent_at": m.sent_at.isoformat() if m.sent_at else None,
            }
            for m in OutboundEmail.objects.filter(patient_filter(email, "to")).order_by("created_at")
        ],  # fmt: skip
        **patientdata.export(email),  # what other apps hold about the patient (exercise programmes and logs)
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
