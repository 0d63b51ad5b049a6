"""The day grid and the time radios, shared by booking step 3 and the manage link's "move"."""

import datetime as dt
from http import HTTPStatus

from bookings import availability
from bookings.forms import SlotForm, parse_day
from bookings.models import BookingRules
from clinic.hours import current_schedule, local


class TimePicker:
    """The day grid and the time radios for one service, from the request's ?date= or posted slot.

    `enforce_notice=False` (the clinician's override) offers every free time from today for
    CLINICIAN_WEEKS, whatever the booking rules' notice and horizon."""

    CLINICIAN_WEEKS = 26

    def __init__(self, request, service, now, *, preferred=None, exclude_pk=None, enforce_notice=True):
        if enforce_notice:
            rules = availability.Rules.from_model(BookingRules.load())
            earliest, last_day = availability.bookable_window(rules, now)
            first_day = local(earliest).date()
        else:
            first_day = local(now).date()
            last_day = first_day + dt.timedelta(weeks=self.CLINICIAN_WEEKS)
        day_counts = (
            availability.days_with_slots(
                service, first_day, last_day, now, exclude_pk=exclude_pk, enforce_notice=enforce_notice
            )
            if first_day <= last_day
            else {}
        )
        requested = request.POST.get("date") or request.GET.get("date")
        posted_slot = availability.parse_value(request.POST.get("slot", "")) if request.method == "POST" else None
        if not requested and posted_slot:
            requested = local(posted_slot).date().isoformat()  # from the "time just taken" page
        day = parse_day(requested)
        self.date_error = None
        if requested and (day is None or day not in day_counts):
            self.date_error = "That date can’t be booked. Choose one of the dates shown."
            day = None
        if day is None:
            preferred_day = local(preferred).date() if preferred else None
            day = preferred_day if preferred_day in day_counts else next((d for d, n in day_counts.items() if n), None)
        self.day = day
        slots = (
            availability.free_slots(service, day, now, exclude_pk=exclude_pk, enforce_notice=enforce_notice)
            if day
            else []
        )
        if request.method == "POST":
            self.form = SlotForm(request.POST, slots=slots)
        else:
            initial = availability.as_value(preferred) if preferred else None
            self.form = SlotForm(initial={"slot": initial}, slots=slots)
        self.groups = {}
        for index, slot in enumerate(slots):
            self.groups.setdefault(slot.part_of_day.heading, []).append((index, slot))
        self.weeks, self.closed_days = [], []
        schedule = current_schedule()
        for d, count in day_counts.items():
            if not self.weeks or d.weekday() == 0:
                self.weeks.append([None] * d.weekday())  # blank cells before the first day: columns are weekdays
            closure = schedule.closure_on(d)
            self.weeks[-1].append({"date": d, "count": count, "selected": d == day, "closure": closure})
            if closure and closure not in self.closed_days:
                self.closed_days.append(closure)

    @property
    def status(self):
        """400 for a date that can't be booked; 422 for a posted choice with errors (the page explains both)."""
        if self.date_error:
            return HTTPStatus.BAD_REQUEST
        return HTTPStatus.UNPROCESSABLE_ENTITY if self.form.is_bound and self.form.errors else HTTPStatus.OK

    def context(self):
        return {
            "form": self.form,
            "day": self.day,
            "weeks": self.weeks,
            "closed_days": self.closed_days,
            "groups": self.groups,
            "date_error": self.date_error,
        }
