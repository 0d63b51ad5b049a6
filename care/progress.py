"""How a patient is getting on with their programme, for the clinician before the next visit: the sessions done each
week against the plan, the pain they logged (a small chart drawn on the server, and the same in words), and their
latest notes.

The rules are plain functions of a programme's rows and a day (`adherence`, `pain_scores`, `trend`, `pain_chart`);
`for_programme`, `for_patient` and `before_visits` load those rows with one query per kind (programmes, their
exercises, their logs), however many programmes or appointments there are.

A week runs Monday to Sunday by the calendar (`SessionLog.day` is the patient's own date), so the weeks the clocks
change in are seven days like any other. The plan is the programme's highest "days a week"; a session is done on a
day the patient logged with at least one exercise ticked (a log of pain alone still reaches the chart).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch

from care.links import valid_until
from care.models import MAX_PAIN, Programme, SessionLog

WEEKS = 6  # the weeks shown: six is how long a new programme runs to its review (admin.REVIEW_AFTER)
NOTES = 5  # the patient's latest notes shown
CHANGE = 1  # points out of 10 between the earlier and later scores' averages that count as rising or falling


@dataclass(frozen=True)
class Week:
    monday: dt.date
    done: int  # sessions done that week
    planned: int  # the plan, or fewer when the programme covers only part of the week
    current: bool = False  # the week in progress: done so far


@dataclass(frozen=True)
class Score:
    day: dt.date
    pain: int
    when: str  # "During the exercises" or "After the exercises"


@dataclass
class Progress:
    programme: Programme
    planned: int  # sessions a week
    weeks: list[Week]  # oldest first
    scores: list[Score]  # oldest first
    trend: str  # the scores in words: the chart's text alternative
    notes: list[SessionLog]  # latest first
    chart: Chart | None = None

    @property
    def latest(self) -> Score | None:
        return self.scores[-1] if self.scores else None

    @property
    def last_week(self) -> Week | None:
        """The latest whole week, or the week in progress when it is the programme's first."""
        whole = [week for week in self.weeks if not week.current]
        return whole[-1] if whole else (self.weeks[-1] if self.weeks else None)


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def window_start(today: dt.date, weeks: int = WEEKS) -> dt.date:
    """The first day of the weeks shown on `today`: the Monday `weeks - 1` weeks before this week's."""
    return monday_of(today) - dt.timedelta(weeks=weeks - 1)


def planned_per_week(items) -> int:
    """Sessions a week by the plan: the highest "days a week" among its exercises (0 with none)."""
    return max((item.days_per_week for item in items), default=0)


def session_days(logs) -> set[dt.date]:
    """The days a session was done: logged with at least one exercise ticked."""
    return {log.day for log in logs if log.done}


def last_day(programme, today: dt.date) -> dt.date:
    """The last day the patient could log by `today`: today, or the day their link lapsed."""
    return min(today, valid_until(programme))


def adherence(programme, items, logs, today: dt.date, weeks: int = WEEKS) -> list[Week]:
    """Sessions done in each of the last `weeks` weeks up to `today`'s (or up to the week the link lapsed), none
    before the programme's start, oldest first. A week the programme covers only in part (it started, or its link
    lapsed, midweek) plans no more sessions than it had days."""
    first, last = programme.start_date, last_day(programme, today)
    if last < first:
        return []
    planned = planned_per_week(items)
    done = session_days(logs)
    monday = max(monday_of(first), window_start(last, weeks))
    result = []
    while monday <= last:
        sunday = monday + dt.timedelta(days=6)
        days_covered = (min(sunday, valid_until(programme)) - max(monday, first)).days + 1
        result.append(
            Week(
                monday=monday,
                done=sum(1 for day in done if monday <= day <= sunday),
                planned=min(planned, days_covered),
                current=monday <= today <= sunday,
            )
        )
        monday += dt.timedelta(weeks=1)
    return result


def pain_scores(logs, first: dt.date, last: dt.date) -> list[Score]:
    """Every score logged from `first` to `last`, oldest first."""
    return [
        Score(log.day, log.pain, log.get_pain_when_display())
        for log in sorted(logs, key=lambda log: log.day)
        if first <= log.day <= last
    ]


def trend(scores: list[Score]) -> str:
    """The scores in words, for everyone and as the chart's text alternative: the direction (the later half's
    average against the earlier half's, `CHANGE` apart or more; the middle score of an odd number in neither), those
    averages, the latest and the highest."""
    if not scores:
        return "No pain scores logged in these weeks."
    first, latest = scores[0], scores[-1]
    if len(scores) == 1:
        return f"One pain score so far: {first.pain} out of 10 on {first.day:%-d %b}."
    half = len(scores) // 2
    earlier = sum(s.pain for s in scores[:half]) / half
    later = sum(s.pain for s in scores[-half:]) / half
    direction = "rising" if later - earlier >= CHANGE else "falling" if earlier - later >= CHANGE else "about the same"
    halves = "first and last score" if half == 1 else f"first {half} and last {half} scores on average"
    return (
        f"Pain {direction} over {len(scores)} scores from {first.day:%-d %b} to {latest.day:%-d %b}: "
        f"{earlier:.3g} then {later:.3g} out of 10 ({halves}); latest {latest.pain}, highest "
        f"{max(s.pain for s in scores)}."
    )


# --- The chart: a small line of the scores against the days, drawn as SVG by care/includes/pain_chart.html -----

WIDTH, HEIGHT = 320, 150
LEFT, RIGHT, TOP, BOTTOM = 30, 10, 10, 26  # room for the score labels on the left and the dates below


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    score: Score


@dataclass
class Chart:
    dots: list[Dot]
    line: str  # the polyline's points, "x,y x,y"
    first: dt.date
    last: dt.date
    threshold_y: float | None  # Booking rules' "pain that alerts me"
    threshold: int | None
    gridlines: list[tuple[float, int]] = field(default_factory=list)  # (y, score) at 0, 5 and 10
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    label_y: int = HEIGHT - 8


def _y(pain: int) -> float:
    return round(TOP + (MAX_PAIN - pain) / MAX_PAIN * (HEIGHT - TOP - BOTTOM), 1)


def pain_chart(scores: list[Score], first: dt.date, last: dt.date, threshold: int | None = None) -> Chart | None:
    """The scores placed on a `WIDTH` × `HEIGHT` canvas: days from `first` to `last` across, 0 to 10 up; None
    with no score (the words say so)."""
    if not scores:
        return None
    span = max((last - first).days, 1)
    plot = WIDTH - LEFT - RIGHT
    dots = [
        Dot(round(LEFT + ((s.day - first).days / span if last > first else 0.5) * plot, 1), _y(s.pain), s)
        for s in scores
    ]
    return Chart(
        dots=dots,
        line=" ".join(f"{dot.x},{dot.y}" for dot in dots),
        first=first,
        last=last,
        threshold=threshold,
        threshold_y=_y(threshold) if threshold is not None and 0 < threshold <= MAX_PAIN else None,
        gridlines=[(_y(score), score) for score in (0, 5, MAX_PAIN)],
    )


def summarise(programme, today: dt.date, *, threshold: int | None = None, weeks: int = WEEKS) -> Progress:
    """A programme's progress on `today`, from its prefetched `items` and `logs` (no query of its own)."""
    items, logs = list(programme.items.all()), list(programme.logs.all())
    first = max(programme.start_date, window_start(last_day(programme, today), weeks))
    last = last_day(programme, today)
    scores = pain_scores(logs, first, last)
    notes = sorted((log for log in logs if log.note.strip() and first <= log.day <= last), key=lambda log: log.day)
    return Progress(
        programme=programme,
        planned=planned_per_week(items),
        weeks=adherence(programme, items, logs, today, weeks),
        scores=scores,
        trend=trend(scores),
        notes=notes[::-1][:NOTES],
        chart=pain_chart(scores, first, max(last, first), threshold),
    )


# --- Loading: one query per kind -------------------------------------------------------------------------------


def _with_rows(programmes, since: dt.date | None):
    """`programmes` with their exercises and their logs (from `since`, if given): two more queries in all."""
    logs = SessionLog.objects.all() if since is None else SessionLog.objects.filter(day__gte=since)
    return programmes.select_related("appointment").prefetch_related("items", Prefetch("logs", queryset=logs))


def _since(today: dt.date, weeks: int) -> dt.date:
    """The earliest log a programme in use in the weeks shown on `today` can show: its own weeks end when its link
    lapses, at the earliest on the first day shown, so they start at most `weeks - 1` weeks before that."""
    return window_start(window_start(today, weeks), weeks)


def for_programme(programme, today: dt.date, *, threshold: int | None = None) -> Progress | None:
    """One programme's progress (None for a template, or one not saved yet): three queries."""
    if programme.pk is None or programme.is_template:
        return None
    (loaded,) = _with_rows(Programme.objects.filter(pk=programme.pk), None)
    return summarise(loaded, today, threshold=threshold)


def for_patient(appointment, today: dt.date, *, threshold: int | None = None, weeks: int = WEEKS) -> list[Progress]:
    """The progress of each of the patient's programmes in use in the weeks shown, latest first: those given at
    this appointment and at any other with the same email address. Three queries."""
    if appointment is None or appointment.anonymised_at is not None:
        return []
    programmes = Programme.objects.for_email(appointment.email) | Programme.objects.given().filter(
        appointment=appointment
    )
    in_use = programmes.in_use_between(window_start(today, weeks), today).order_by("-created_at", "-pk")
    loaded = _with_rows(in_use, _since(today, weeks))
    return [summarise(p, today, threshold=threshold, weeks=weeks) for p in loaded]


@dataclass(frozen=True)
class Visit:
    appointment: object  # bookings.Appointment, as the diary loaded it
    progress: Progress


def before_visits(appointments, day: dt.date, today: dt.date) -> list[Visit]:
    """For each of a day's appointments whose patient has a programme in use, its latest programme's progress as
    of that day (or of today, for a day still to come), in the appointments' order. Three queries at most, none
    when no appointment has an email address."""
    as_of = min(day, today)
    emails = {a.email.lower() for a in appointments if a.email and a.anonymised_at is None}
    if not emails:
        return []
    programmes = Programme.objects.for_emails(emails).in_use_between(window_start(as_of), as_of)
    latest = {}
    for programme in _with_rows(programmes.order_by("created_at", "pk"), _since(as_of, WEEKS)):
        latest[programme.appointment.email.lower()] = programme  # the newest wins
    summaries = {email: summarise(p, as_of) for email, p in latest.items()}
    return [
        Visit(a, summaries[a.email.lower()])
        for a in appointments
        if a.email and a.anonymised_at is None and a.email.lower() in summaries
    ]
