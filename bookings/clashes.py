"""Appointments a closure or new opening hours would leave outside the clinic's hours (`core.clashes`)."""

import datetime as dt

from django.urls import reverse

from bookings import workflow
from bookings.models import Appointment, AppointmentEvent
from core.clashes import Clash


def outside_hours(schedule, now) -> list[Appointment]:
    """Requested and confirmed appointments still to come that the schedule's hours don't cover: a closure or an
    hours change the clinician said to keep them through, or a move not yet made."""
    upcoming = _upcoming(now).select_related("service").order_by("start")
    return [a for a in upcoming if not schedule.covers(a.start, a.end)]


def count_outside_hours(schedule, now) -> int:
    """How many `outside_hours` finds, from their times alone (the admin home shows the number on every visit)."""
    return sum(not schedule.covers(start, end) for start, end in _upcoming(now).values_list("start", "end"))


def _upcoming(now):
    # No appointment spans a day, so the index on start bounds the search.
    return Appointment.objects.holding_time().filter(start__gte=now - dt.timedelta(days=1), end__gt=now)


class Appointments:
    prefix = "appointment"

    def clashes(self, schedule, now) -> list[Clash]:
        return [self._clash(a) for a in outside_hours(schedule, now)]

    def _clash(self, a) -> Clash:
        return Clash(
            key=f"{self.prefix}:{a.pk}:{a.status}",
            summary=f"{a.local_start:%a %-d %b, %H:%M}–{a.local_end:%H:%M} · {a.patient_name} · {a.service.name} "
            f"({a.get_status_display().lower()})",
            url=reverse("admin:bookings_appointment_change", args=[a.pk]),
            move_url=reverse("admin:bookings_appointment_move", args=[a.pk]),
            emails_patient=bool(a.email),
        )

    @staticmethod
    def _parse(key):
        _prefix, pk, status = key.split(":")
        return int(pk), status

    def keep(self, key, *, user, why) -> bool:
        pk, status = self._parse(key)
        appointment = Appointment.objects.filter(pk=pk, status=status).first()
        if appointment is None:
            return False
        AppointmentEvent.record(appointment, user, status, status, f"Kept although {why}")
        return True

    def cancel(self, key, *, user, message) -> bool:
        """A request is declined (its email offers other times and the waitlist); an appointment is cancelled."""
        pk, status = self._parse(key)
        name = "decline" if status == Appointment.Status.REQUESTED else "cancel"
        return workflow.apply(name, pk, seen_status=status, user=user, message=message) is not None
