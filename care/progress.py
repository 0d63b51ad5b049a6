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
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models.functions import Lower

from care.links import valid_until
from care.models import MAX_PAIN, Programme, ProgrammeExercise, SessionLog

WEEKS = 6  # the weeks shown: six is how long a new programme runs to its review (admin.REVIEW_AFTER)
NOTES = 5  # the patient's latest notes shown
BEFORE_VISIT_WEEKS = 2  # the diary's line for a visit: the last whole week, and the latest pain within two weeks
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
    first: dt.date  # the first day shown: the programme's start, or the first day of the weeks shown if later
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


def planned_per_week(days_per_week) -> int:
    """Sessions a week by the plan: the highest of its exercises' "days a week" (0 with no exercise)."""
    return max(days_per_week, default=0)


def session_days(logs) -> set[dt.date]:
    """The days a session was done: logged with at least one exercise ticked."""
    return {log.day for log in logs if log.done}


def last_day(programme, today: dt.date) -> dt.date:
    """The last day the patient could log by `today`: today, or the day their link lapsed."""
    return min(today, valid_until(programme))


def adherence(programme, planned: int, logs, today: dt.date, weeks: int = WEEKS) -> list[Week]:
    """Sessions done in each of the last `weeks` weeks up to `today`'s (or up to the week the link lapsed), none
    before the programme's start, oldest first. A week the programme covers only in part (it started, or its link
    lapsed, midweek) plans no more sessions than it had days."""
    first, last = programme.start_date, last_day(programme, today)
    if last < first:
        return []
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
        Score(log.day, log.pain, WHEN.get(log.pain_when, ""))
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
        Dot(round(LEFT + ((s.day - first).days / span if last > first else 0.5) * plot, 1), _y(s.pain)) for s in scores
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


def summarise(
    programme, planned: int, logs, today: dt.date, *, threshold: int | None = None, weeks: int = WEEKS, chart=True
) -> Progress:
    """A programme's progress on `today`, from its sessions a week and its logs (no query of its own); without
    the chart where it is not shown (`chart=False`)."""
    first = max(programme.start_date, window_start(last_day(programme, today), weeks))
    last = last_day(programme, today)
    scores = pain_scores(logs, first, last)
    notes = sorted((log for log in logs if log.note.strip() and first <= log.day <= last), key=lambda log: log.day)
    return Progress(
        programme=programme,
        planned=planned,
        weeks=adherence(programme, planned, logs, today, weeks),
        scores=scores,
        trend=trend(scores),
        notes=notes[::-1][:NOTES],
        first=first,
        chart=pain_chart(scores, first, max(last, first), threshold) if chart else None,
    )


# --- Loading: one query per kind -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Log:
    """The columns of a `SessionLog` the progress reads, loaded as plain rows (a model instance each cost the
    diary's day view milliseconds)."""

    day: dt.date
    done: list
    pain: int
    pain_when: str
    note: str


WHEN = dict(SessionLog.PainWhen.choices)


def _summaries(programmes, today: dt.date, since: dt.date | None, **options) -> list[Progress]:
    """Each programme's progress, with two more queries in all: their exercises' days a week, and their logs
    (from `since`, if given)."""
    programmes = list(programmes)
    ids = [programme.pk for programme in programmes]
    if not ids:
        return []
    days, logs = defaultdict(list), defaultdict(list)
    for pk, days_per_week in ProgrammeExercise.objects.filter(programme_id__in=ids).values_list(
        "programme_id", "days_per_week"
    ):
        days[pk].append(days_per_week)
    rows = SessionLog.objects.filter(programme_id__in=ids)
    for pk, *columns in (rows if since is None else rows.filter(day__gte=since)).values_list(
        "programme_id", "day", "done", "highest_pain", "pain_when", "note"
    ):  # the day's highest score: a later, lower save never hides it
        logs[pk].append(Log(*columns))
    return [summarise(p, planned_per_week(days[p.pk]), logs[p.pk], today, **options) for p in programmes]


def _since(today: dt.date, weeks: int) -> dt.date:
    """The earliest log a programme in use in the weeks shown on `today` can show: its own weeks end when its link
    lapses, at the earliest on the first day shown, so they start at most `weeks - 1` weeks before that."""
    return window_start(window_start(today, weeks), weeks)


def for_programme(programme, today: dt.date, *, threshold: int | None = None) -> Progress | None:
    """One programme's progress (None for a template, or one not saved yet): three queries."""
    if programme.pk is None or programme.is_template:
        return None
    (found,) = _summaries(Programme.objects.filter(pk=programme.pk), today, None, threshold=threshold)
    return found


def for_patient(appointment, today: dt.date, *, threshold: int | None = None, weeks: int = WEEKS) -> list[Progress]:
    """The progress of each of the patient's programmes in use in the weeks shown, latest first: those given at
    this appointment and at any other with the same email address. Three queries."""
    if appointment is None or appointment.anonymised_at is not None:
        return []
    programmes = Programme.objects.for_email(appointment.email) | Programme.objects.given().filter(
        appointment=appointment
    )
    in_use = programmes.in_use_between(window_start(today, weeks), today).order_by("-created_at", "-pk")
    return _summaries(in_use, today, _since(today, weeks), threshold=threshold, weeks=weeks)


@dataclass(frozen=True)
class Visit:
    appointment: object  # bookings.Appointment, as the diary loaded it
    progress: Progress

    @property
    def trend_id(self) -> str:
        """Names the trend's words for its chart: one appointment may have two programmes' lines."""
        return f"{self.appointment.pk}-{self.progress.programme.pk}"


def before_visits(appointments, day: dt.date, today: dt.date) -> list[Visit]:
    """For each of a day's appointments whose patient has a programme in use, the programmes given at the latest
    visit that gave any (two at one visit are both followed; an earlier visit's were replaced), each with its last
    `BEFORE_VISIT_WEEKS` weeks as of that day (or of today, for a day still to come), in the appointments' order.
    Three queries at most, none when no appointment has an email address."""
    as_of, weeks = min(day, today), BEFORE_VISIT_WEEKS
    emails = {a.email.lower() for a in appointments if a.email and a.anonymised_at is None}
    if not emails:
        return []
    programmes = Programme.objects.for_emails(emails).in_use_between(window_start(as_of, weeks), as_of)
    programmes = programmes.annotate(patient=Lower("appointment__email")).order_by("-created_at", "-pk")
    followed = defaultdict(list)  # each patient's, newest first: those given at the visit of their newest
    for programme in programmes:
        newest = followed[programme.patient][:1]
        if not newest or programme.appointment_id == newest[0].appointment_id:
            followed[programme.patient].append(programme)
    given = [programme for found in followed.values() for programme in found]
    found = _summaries(given, as_of, _since(as_of, weeks), weeks=weeks)  # a line each, the trend folded under it
    summaries = dict(zip((programme.pk for programme in given), found, strict=True))
    return [
        Visit(a, summaries[programme.pk])
        for a in appointments
        if a.email and a.anonymised_at is None
        for programme in followed.get(a.email.lower(), [])
    ]
