"""Exercise reminders the patient asked for on their programme's page: an email on the weekdays they chose (none
until they choose; they can stop them there, or from the one-click link in every reminder). A plain function of
`now`, run by cron (`send_exercise_reminders`).

A reminder says only that today is a day for their exercises, with the programme's link and the stop link: no
exercise, no pain score. It goes at most once a day per programme (compare-and-set on `reminded_on`, as
`bookings.reminders`), within the hours a patient may be emailed (`clinic.hours.may_email_patient`: a day's
reminder that could not go by the evening, the server being down, is left), on a chosen weekday from the
programme's start while its link is valid (`care.links.valid_until`), and never to a patient without an email
address or an anonymised appointment.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from bookings import emails
from care.links import programme_path, stop_reminders_path, valid_until
from care.models import Programme
from clinic.hours import may_email_patient

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def mask_of(weekdays) -> int:
    """Weekdays (0 for Monday to 6 for Sunday) as `Programme.reminder_weekdays` stores them."""
    return sum(1 << day for day in set(weekdays))


def weekdays_of(mask: int) -> list[int]:
    return [day for day in range(7) if mask & (1 << day)]


def in_words(mask: int) -> str:
    """'Mondays, Wednesdays and Fridays', 'every day' or ''."""
    names = [f"{WEEKDAYS[day]}s" for day in weekdays_of(mask)]
    if len(names) == 7:
        return "every day"
    return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)


def next_reminder(programme, today: dt.date) -> dt.date | None:
    """The day the next reminder is due after today (none chosen, or none before the link lapses: None)."""
    days = weekdays_of(programme.reminder_weekdays)
    day = max(today + dt.timedelta(days=1), programme.start_date)
    while days and day <= valid_until(programme):
        if day.weekday() in days:
            return day
        day += dt.timedelta(days=1)
    return None


def choose(programme, weekdays, today: dt.date) -> None:
    """Store the patient's days; the first reminder comes on the next of them after today (a choice made at noon on
    a chosen day doesn't send one straight away). No days: reminders off."""
    mask = mask_of(weekdays)
    Programme.objects.filter(pk=programme.pk).update(reminder_weekdays=mask, reminded_on=today)
    programme.reminder_weekdays, programme.reminded_on = mask, today


def stop(programme) -> None:
    Programme.objects.filter(pk=programme.pk).update(reminder_weekdays=0)
    programme.reminder_weekdays = 0


def due(today: dt.date):
    """Programmes with reminders on, not yet reminded today, started, with a link valid today, given at an
    appointment with an email address and not anonymised (the weekday is checked by `send_exercise_reminders`)."""
    return (
        Programme.objects.in_use_between(today, today)
        .filter(reminder_weekdays__gt=0)
        .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=today))
        .filter(appointment__anonymised_at__isnull=True)
        .exclude(appointment__email="")
    )


def send_exercise_reminders(now) -> int:
    """Queue today's reminder for each programme due one; return how many were queued."""
    if not may_email_patient(now):
        return 0
    today = timezone.localdate(now)
    sent = 0
    for pk, mask in due(today).values_list("pk", "reminder_weekdays"):
        if today.weekday() not in weekdays_of(mask):
            continue
        with transaction.atomic():
            # Compare-and-set: a second run (or a concurrent one) finds it reminded today; a patient who changed
            # or stopped their days since it was read finds nothing sent.
            claimed = due(today).filter(pk=pk, reminder_weekdays=mask)
            if not claimed.update(reminded_on=today):
                continue
            programme = Programme.objects.select_related("appointment__service").get(pk=pk)
            emails.queue(
                "exercise_reminder",
                programme.appointment,
                programme_url=f"{settings.SITE_URL}{programme_path(programme)}",
                stop_url=f"{settings.SITE_URL}{stop_reminders_path(programme)}",
            )
            sent += 1
    return sent
