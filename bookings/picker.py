"""The days and the time radios, shared by booking step 3, the manage link's "move" and the clinician's pages.

Patients see seven days at a time, counted from the first bookable day so the first seven are all bookable
(`?week=` any of them, `?date=` a day), and for the chosen day the times that keep the diary compact first
(`availability.times_on`; `?all=1` lists every one). The clinician's pages show every week and every time
(`weeks`, `groups`)."""

import datetime as dt
from http import HTTPStatus

from bookings import availability
from bookings.forms import SlotForm, parse_day
from bookings.models import BookingRules
from clinic.hours import current_schedule, local

WEEK = dt.timedelta(weeks=1)


def week_label(first: dt.date) -> str:
    """Seven days from `first`: "21–27 November", "28 November – 4 December", "26 December 2026 – 1 January 2027"."""
    last = first + dt.timedelta(days=6)
    if first.year != last.year:
        return f"{first.day} {first:%B %Y} – {last.day} {last:%B %Y}"
    if first.month != last.month:
        return f"{first.day} {first:%B} – {last.day} {last:%B}"
    return f"{first.day}–{last.day} {last:%B}"


class TimePicker:
    """The days and the time radios for one service, from the request's ?date=, ?week=, ?all= or posted slot.

    `enforce_notice=False` (the clinician's override) offers every free time from today for
    CLINICIAN_WEEKS, whatever the booking rules' notice and horizon. A bad ?date=, ?week= or ?all= is a 400 whose
    message (`date_error`) the page shows above the first free day's times."""

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
        self.first_day = first_day
        self.soonest = next((d for d, n in day_counts.items() if n), None)
        self.date_error = None
        day = self._requested_day(request, day_counts)
        week = self._requested_week(request, first_day, last_day)
        self.show_all = self._show_all(request)
        preferred_day = local(preferred).date() if preferred else None
        if day is None and week is not None:  # a week chosen: the preferred day if it is in it, else its first free day
            in_week = [d for d in (preferred_day, *day_counts) if d and week <= d < week + WEEK and day_counts.get(d)]
            day = next(iter(in_week), None)
        elif day is None:
            day = preferred_day if preferred_day in day_counts else self.soonest
        self.day = day
        self.week_start = self._week_of(day) if day else week or self._week_of(self.soonest or first_day)
        self.previous_week = self.week_start - WEEK if day_counts and self.week_start > first_day else None
        self.next_week = self.week_start + WEEK if day_counts and self.week_start + WEEK <= last_day else None
        # "Next available": the first free day after the week shown, offered on a week with none of its own.
        self.next_free = next((d for d, n in day_counts.items() if n and d >= self.week_start + WEEK), None)

        slots, first = (
            availability.times_on(service, day, now, exclude_pk=exclude_pk, enforce_notice=enforce_notice)
            if day
            else ([], [])
        )
        if request.method == "POST":
            self.form = SlotForm(request.POST, slots=slots)  # any free time, offered first or not
            kept = request.POST.get("slot")
        else:
            kept = availability.as_value(preferred) if preferred else None
            self.form = SlotForm(initial={"slot": kept}, slots=slots)
        # The time already chosen (back from step 4, the appointment being moved) is shown, offered first or not.
        offered_values = {slot.value for slot in (slots if self.show_all else first)} | {kept}
        offered = [slot for slot in slots if slot.value in offered_values]
        self.more_times = len(slots) if len(offered) < len(slots) else 0  # "Show all N times"; 0: nothing hidden
        self.groups, self.offered_groups = {}, {}
        for index, slot in enumerate(slots):
            self.groups.setdefault(slot.part_of_day.heading, []).append((index, slot))
            if slot.value in offered_values:
                self.offered_groups.setdefault(slot.part_of_day.heading, []).append((index, slot))
        self._lay_out_days(day_counts, day)

    def _requested_day(self, request, day_counts):
        requested = request.POST.get("date") or request.GET.get("date")
        posted_slot = availability.parse_value(request.POST.get("slot", "")) if request.method == "POST" else None
        if not requested and posted_slot:
            requested = local(posted_slot).date().isoformat()  # from the "time just taken" page
        day = parse_day(requested)
        if requested and (day is None or day not in day_counts):
            self.date_error = "That date can’t be booked. Choose one of the dates shown."
            return None
        return day

    def _requested_week(self, request, first_day, last_day):
        """The first day of the seven that hold ?week= (any bookable day), or None if there is none or it is outside
        the bookable days."""
        requested = request.GET.get("week")
        if not requested:
            return None
        day = parse_day(requested)
        if day is None or not first_day <= day <= last_day:
            self.date_error = self.date_error or "That week can’t be booked. Choose one of the weeks shown."
            return None
        return self._week_of(day)

    def _show_all(self, request):
        value = request.POST.get("all") or request.GET.get("all")
        if value not in (None, "", "1"):
            self.date_error = self.date_error or "That link isn’t one this page makes. Choose a day and a time below."
        return value == "1"

    def _week_of(self, day):
        """The first of the seven days shown with `day`: weeks count from the first bookable day."""
        return day - dt.timedelta(days=(day - self.first_day).days % 7)

    def _lay_out_days(self, day_counts, day):
        """`weeks`: every bookable week (the clinician's pages); `week`: the seven days of the one shown to patients
        (None for a day outside the bookable days); `closed_days`: the closures in that week."""
        schedule = current_schedule()
        cells = {
            d: {"date": d, "count": count, "selected": d == day, "closure": schedule.closure_on(d)}
            for d, count in day_counts.items()
        }
        self.weeks = []
        for d, cell in cells.items():
            if not self.weeks or d.weekday() == 0:
                self.weeks.append([None] * d.weekday())  # blank cells before the first day: columns are weekdays
            self.weeks[-1].append(cell)
        self.week = [cells.get(self.week_start + dt.timedelta(days=n)) for n in range(7)] if cells else []
        self.closed_days = []
        for cell in self.week:
            if cell and cell["closure"] and cell["closure"] not in self.closed_days:
                self.closed_days.append(cell["closure"])
        shown = [cell["date"] for cell in self.week if cell]
        if shown:  # time off by the hour too: its times are simply missing from the day, so say why
            by_the_hour = [c for c in schedule.closures_between(shown[0], shown[-1]) if not c.is_whole_day]
            self.closed_days += [c for c in by_the_hour if c not in self.closed_days]
        self.week_has_times = any(cell and cell["count"] for cell in self.week)

    @property
    def status(self):
        """400 for a date, week or ?all= that can't be; 422 for a posted choice with errors (the page explains)."""
        if self.date_error:
            return HTTPStatus.BAD_REQUEST
        return HTTPStatus.UNPROCESSABLE_ENTITY if self.form.is_bound and self.form.errors else HTTPStatus.OK

    def context(self):
        return {
            "form": self.form,
            "day": self.day,
            "weeks": self.weeks,
            "week": self.week,
            "week_label": week_label(self.week_start),
            "previous_week": self.previous_week,
            "next_week": self.next_week,
            "week_has_times": self.week_has_times,
            "next_available": None if self.week_has_times else self.next_free,
            "closed_days": self.closed_days,
            "groups": self.groups,
            "offered_groups": self.offered_groups,
            "more_times": self.more_times,
            "show_all": self.show_all,
            "date_error": self.date_error,
        }
