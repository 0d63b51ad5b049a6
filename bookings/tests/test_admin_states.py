"""Every appointment state opens in admin: each status × each origin, through the code that makes it.

A page that renders for one fixture is not a page that renders: the appointment page once answered 500 for every
online booking whose patient said "no" to each safety question. Each case here is built the way the site builds
it (an online request, a phone booking, a waitlist claim, a move, a questionnaire, the purge) and walked to its
status through the clinician's own decisions, then its change, history and list pages, its day in the diary and
its move page are opened.
"""

import datetime as dt
import itertools
from http import HTTPStatus

import pytest
import time_machine
from django.contrib import admin
from django.contrib.admin import ModelAdmin
from django.urls import reverse

from bookings import booking, retention, triage, waitlist, workflow
from bookings.models import Appointment, BookingRules, Questionnaire, SafetyAdvice, Service, WaitlistEntry
from bookings.tests.factories import WaitlistEntryFactory
from bookings.tests.helpers import MONDAY_9, NOW, SECRET_NOTE
from clinic.privacy import PRIVACY_NOTICE_VERSION

pytestmark = pytest.mark.django_db
S = Appointment.Status

# The clinician's decisions that take a new appointment (requested) to each status.
PATHS = {
    S.REQUESTED: [],
    S.CONFIRMED: ["confirm"],
    S.DECLINED: ["decline"],
    S.CANCELLED_BY_PATIENT: ["confirm", "patient_cancel"],
    S.CANCELLED_BY_CLINIC: ["confirm", "cancel"],
    S.COMPLETED: ["confirm", "complete"],
    S.NO_SHOW: ["confirm", "no_show"],
}
SUMMER_MONDAY_9 = dt.datetime(2027, 7, 5, 8, 0, tzinfo=dt.UTC)  # 09:00 BST


def knee_screen(worrying_level=None):
    """The knee's questions given their reassuring answers, or the worrying answer to those at `worrying_level`
    (emergency, urgent or note)."""
    questions = triage.questions_for("knee")
    worrying = {q.pk for q in questions if q.level == worrying_level and q.concern == "knee"}
    assert worrying or worrying_level is None
    return triage.screen(questions, {q.pk for q in questions if (q.pk in worrying) == q.worrying_answer})


# As stored before questions had a timeframe or a worrying answer of their own (a yes was always the worrying one).
ANSWERS_BEFORE_TIMEFRAMES = [
    {"id": 1, "question": "Have you had chest pain, a racing or uneven heartbeat, or fainted, while exercising or just "
     "after?", "level": "emergency", "yes": False},
    {"id": 9, "question": "Did the knee swell up within a few hours of twisting or knocking it?", "level": "urgent",
     "yes": True},
    {"id": 11, "question": "Does the knee give way under you?", "level": "note", "yes": True},
]  # fmt: skip


def online(yes_level=None, start=MONDAY_9):
    screen = knee_screen(yes_level)
    details = booking.PatientDetails(
        "Ann O’Runner", "ann@example.com", "07700 900123", "knee", SECRET_NOTE, PRIVACY_NOTICE_VERSION,
        safety_answers=screen["answers"], safety_advice=screen["advice"],
    )  # fmt: skip
    return booking.request_appointment(Service.objects.get(slug="initial-assessment"), start, details, NOW)


def by_phone(start=MONDAY_9, email="phil@example.com", concern="back"):
    appointment = Appointment(
        service=Service.objects.get(slug="follow-up"), start=start, patient_name="Phil Oakes",
        email=email, phone="07700 900777", concern=concern, notes="", status=S.REQUESTED,
        consent_at=NOW, consent_method=Appointment.ConsentMethod.PHONE, privacy_notice_version=PRIVACY_NOTICE_VERSION,
    )  # fmt: skip
    return booking.add_by_clinic(appointment, NOW, user=None)


def from_waitlist(*, with_answers=True):
    entry = WaitlistEntryFactory()
    [offer, *_] = waitlist.offer_freed_times(MONDAY_9, MONDAY_9 + dt.timedelta(hours=1), NOW)
    assert offer.entry == entry
    screen = knee_screen("note") if with_answers else {"answers": [], "advice": ""}
    return waitlist.claim(offer, NOW, safety_answers=screen["answers"], safety_advice=screen["advice"])


def answered_before_timeframes():
    appointment = online()
    Appointment.objects.filter(pk=appointment.pk).update(
        safety_answers=ANSWERS_BEFORE_TIMEFRAMES, safety_advice=SafetyAdvice.URGENT
    )
    return Appointment.objects.get(pk=appointment.pk)


def moved():
    appointment = online()
    return booking.move(appointment, MONDAY_9 + dt.timedelta(hours=2), now=NOW, enforce_notice=False)


def with_questionnaire():
    appointment = online()
    Questionnaire.objects.create(
        appointment=appointment, started="Two weeks ago\non a long run", goals="Run the half in spring",
        gp_practice="Knutsford Medical", activity_1="Running 5 km", score_1=4, activity_2="Stairs", score_2=None,
    )  # fmt: skip
    return appointment


ORIGINS = {
    "online-all-no": lambda: online(),
    "online-yes-note": lambda: online("note"),
    "online-yes-urgent": lambda: online("urgent"),
    "online-yes-emergency": lambda: online("emergency"),
    "phone": lambda: by_phone(),
    "phone-summer-time": lambda: by_phone(SUMMER_MONDAY_9),
    "phone-without-email-or-concern": lambda: by_phone(email="", concern=""),
    "waitlist-claim": lambda: from_waitlist(),
    "waitlist-claim-before-questions": lambda: from_waitlist(with_answers=False),
    "answered-before-timeframes": answered_before_timeframes,
    "moved": moved,
    "with-questionnaire": with_questionnaire,
}


def make(origin, status):
    appointment = ORIGINS[origin]()
    for decision in PATHS[status]:  # attended or missed: decided once the appointment has begun
        when = appointment.start if workflow.TRANSITIONS[decision].once_started else None
        appointment = workflow.apply(decision, appointment.pk, seen_status=appointment.status, now=when)
    assert appointment.status == status
    return appointment


CASES = [pytest.param(o, s, id=f"{o}-{s}") for o, s in itertools.product(ORIGINS, PATHS)]


@pytest.fixture
def clinician(client, django_user_model):
    user = django_user_model.objects.create_superuser("stephen", "stephen@example.com", "x")
    client.force_login(user)
    return client


@pytest.fixture
def at_now():
    with time_machine.travel(NOW, tick=False):
        yield


def test_every_origin_and_status_is_built():
    """The matrix covers every status the model has."""
    assert set(PATHS) == set(S)


@pytest.mark.parametrize(("origin", "status"), CASES)
def test_the_appointment_pages_open_in_every_status_and_origin(clinician, at_now, origin, status):
    appointment = make(origin, status)
    pages = [
        reverse("admin:bookings_appointment_change", args=[appointment.pk]),
        reverse("admin:bookings_appointment_history", args=[appointment.pk]),
        reverse("admin:bookings_appointment_changelist") + f"?q={appointment.reference}",
        reverse("admin:bookings_appointment_diary") + f"?day={appointment.local_start:%Y-%m-%d}",
        reverse("admin:bookings_appointment_diary") + f"?week={appointment.local_start:%Y-%m-%d}",
        reverse("admin:index"),
    ]
    for url in pages:
        response = clinician.get(url)
        assert response.status_code == HTTPStatus.OK, url
    page = clinician.get(pages[0]).content.decode()
    assert appointment.reference in page
    move = clinician.get(reverse("admin:bookings_appointment_move", args=[appointment.pk]))
    assert move.status_code == (HTTPStatus.OK if appointment.holds_time else HTTPStatus.FOUND)


@pytest.mark.parametrize(
    ("origin", "shown"),
    [
        ("online-all-no", "No worrying answer to any question."),
        ("online-yes-note", "<strong>Yes</strong>: Has the knee given way under you? (since this problem started)"),
        ("online-yes-urgent", "Urgent advice: NHS 111 or the GP today</strong>, and the patient chose to book."),
        (
            "online-yes-emergency",
            "Emergency advice: call 999 or go to A&amp;E</strong>, and the patient chose to book.",
        ),
        ("phone", "No safety questions were answered"),
        ("waitlist-claim", "<strong>Yes</strong>: Has the knee given way under you? (since this problem started)"),
        ("waitlist-claim-before-questions", "No safety questions were answered"),
        (
            "answered-before-timeframes",
            "<strong>Yes</strong>: Did the knee swell up within a few hours of twisting or knocking it? "
            "<em>(Urgent: NHS 111 or the GP today)</em>",
        ),
    ],
    ids=lambda value: value if value in ORIGINS else "",
)
def test_the_safety_answers_read_as_given(clinician, at_now, origin, shown):
    appointment = make(origin, S.REQUESTED)
    page = clinician.get(reverse("admin:bookings_appointment_change", args=[appointment.pk])).content.decode()
    assert shown in page
    if appointment.safety_answers:
        assert f"All {len(appointment.safety_answers)} answers" in page


def test_the_questionnaire_reads_as_given_with_an_activity_left_unscored(clinician, at_now):
    appointment = make("with-questionnaire", S.CONFIRMED)
    page = clinician.get(reverse("admin:bookings_appointment_change", args=[appointment.pk])).content.decode()
    assert "Two weeks ago<br>on a long run" in page
    assert "Running 5 km: <strong>4/10</strong>" in page
    assert "Stairs: not scored" in page
    assert "None/10" not in page


@pytest.mark.parametrize(
    ("status", "shown"),
    [(S.CONFIRMED, "Not filled in yet."), (S.REQUESTED, "Sent once")],
    ids=["confirmed", "requested"],
)
def test_a_missing_questionnaire_says_why(clinician, at_now, status, shown):
    appointment = make("online-all-no", status)
    page = clinician.get(reverse("admin:bookings_appointment_change", args=[appointment.pk])).content.decode()
    assert shown in page


@pytest.mark.parametrize(
    ("origin", "column"),
    [
        pytest.param("online-all-no", '<td class="field-before_visit">—</td>', id="nothing"),
        pytest.param("online-yes-note", '<td class="field-before_visit">Safety note</td>', id="note"),
        pytest.param(
            "online-yes-emergency",
            '<td class="field-before_visit"><strong class="flag flag-emergency">Advice shown</strong> · '
            "Questionnaire in</td>",
            id="advice-and-questionnaire",
        ),
    ],
)
def test_the_list_marks_what_came_in_before_the_visit(clinician, at_now, origin, column):
    appointment = make(origin, S.CONFIRMED)
    if origin == "online-yes-emergency":
        Questionnaire.objects.create(appointment=appointment, goals="Run again")
    page = clinician.get(reverse("admin:bookings_appointment_changelist")).content.decode()
    assert column in page


@pytest.mark.parametrize(
    ("origin", "status", "marked"),
    [
        pytest.param("online-all-no", S.CONFIRMED, None, id="nothing-to-read"),
        pytest.param("online-yes-note", S.CONFIRMED, "Safety note", id="note-confirmed"),
        pytest.param("online-yes-note", S.REQUESTED, "Safety note", id="note-waiting"),
        pytest.param("online-yes-emergency", S.CONFIRMED, "Safety advice shown", id="advice"),
    ],
)
def test_the_diary_marks_what_to_read_before_the_visit(clinician, at_now, origin, status, marked):
    """A worrying answer about the past gives the patient no advice but is still a note for the clinician: the
    diary's week, its day (the phone's agenda too) and the requests waiting mark it, as the list does."""
    make(origin, status)
    diary = reverse("admin:bookings_appointment_diary")
    day = clinician.get(diary, {"day": "2026-11-30"}).content.decode()
    week = clinician.get(diary, {"week": "2026-11-30"}).content.decode()
    for page in (day, week):
        assert ("Safety note" in page) == (marked == "Safety note")
        assert ("Safety advice shown" in page or "shown before booking" in page) == (marked == "Safety advice shown")
    if marked == "Safety note":
        assert day.count("Safety note: read the answers first") == (2 if status == S.REQUESTED else 1)


def test_the_lists_checkboxes_are_djangos_own_markup(clinician, at_now):
    """The list draws its hundred checkboxes without the template engine; they must stay what Django's widget
    draws, or the actions (and "select all") stop finding them."""
    appointment = make("online-all-no", S.CONFIRMED)
    drawn = admin.site.get_model_admin(Appointment).action_checkbox(appointment)
    assert drawn == ModelAdmin.action_checkbox(admin.site.get_model_admin(Appointment), appointment)
    page = clinician.get(reverse("admin:bookings_appointment_changelist")).content.decode()
    assert f'<td class="action-checkbox">{drawn}</td>' in page


@pytest.mark.parametrize("status", [s for s in S if s not in (S.REQUESTED, S.CONFIRMED)])
def test_an_anonymised_appointment_still_opens(clinician, at_now, status):
    appointment = make("online-yes-emergency", status)
    assert retention.purge_patient_data(appointment.start + dt.timedelta(days=365 * 9)) >= 1
    appointment.refresh_from_db()
    assert appointment.anonymised_at and appointment.safety_answers == []
    for name in ["change", "history"]:
        response = clinician.get(reverse(f"admin:bookings_appointment_{name}", args=[appointment.pk]))
        assert response.status_code == HTTPStatus.OK


def test_the_list_diary_and_report_open_with_every_state_at_once(clinician, at_now):
    made = []
    for index, (origin, status) in enumerate(itertools.product(["online-all-no", "phone", "moved"], PATHS)):
        with time_machine.travel(NOW - dt.timedelta(minutes=index), tick=False):
            Appointment.objects.holding_time().update(status=S.CANCELLED_BY_CLINIC)  # frees the time for the next
            made.append(make(origin, status))
    assert {a.status for a in made} == set(S)
    for url in [
        reverse("admin:bookings_appointment_changelist"),
        reverse("admin:bookings_appointment_diary") + "?week=2026-11-30",
        reverse("admin:bookings_appointment_report"),
        reverse("admin:index"),
    ]:
        assert clinician.get(url).status_code == HTTPStatus.OK, url
    export = clinician.post(
        reverse("admin:bookings_appointment_changelist"),
        {"action": "export_csv", "_selected_action": [a.pk for a in made]},
    )
    assert export.status_code == HTTPStatus.OK
    assert export["Content-Type"].startswith("text/csv")


@pytest.mark.parametrize("status", list(WaitlistEntry.Status))
def test_waitlist_entries_open_in_every_state(clinician, at_now, status):
    if status == WaitlistEntry.Status.BOOKED:
        entry = make("waitlist-claim", S.REQUESTED) and WaitlistEntry.objects.get()
    else:
        entry = WaitlistEntryFactory()
        waitlist.offer_freed_times(MONDAY_9, MONDAY_9 + dt.timedelta(hours=1), NOW)
        if status == WaitlistEntry.Status.LEFT:
            waitlist.leave(entry, NOW)
        elif status == WaitlistEntry.Status.EXPIRED:
            waitlist.expire(dt.datetime(2026, 12, 8, 12, 0, tzinfo=dt.UTC))
    entry.refresh_from_db()
    assert entry.status == status
    for url in [
        reverse("admin:bookings_waitlistentry_changelist"),
        reverse("admin:bookings_waitlistentry_change", args=[entry.pk]),
        reverse("admin:bookings_waitlistentry_history", args=[entry.pk]),
    ]:
        assert clinician.get(url).status_code == HTTPStatus.OK, url


def test_waitlist_offers_open_in_every_outcome(clinician, at_now):
    """One entry whose offers end every way an offer can end, shown as its page's inline."""
    rules = BookingRules.load()
    rules.waitlist_offer_size = 1
    rules.save()
    first, second = WaitlistEntryFactory(), WaitlistEntryFactory()
    waitlist.offer_freed_times(MONDAY_9, MONDAY_9 + dt.timedelta(hours=3), NOW)
    outcomes = set(first.offers.values_list("outcome", flat=True)) | set(
        second.offers.values_list("outcome", flat=True)
    )
    assert outcomes
    claimed = waitlist.claim(first.offers.first(), NOW)
    assert claimed.pk
    for entry in (first, second):
        page = clinician.get(reverse("admin:bookings_waitlistentry_change", args=[entry.pk]))
        assert page.status_code == HTTPStatus.OK


def test_the_history_page_lists_every_change_whoever_made_it(clinician, at_now):
    appointment = make("moved", S.CONFIRMED)
    page = clinician.get(reverse("admin:bookings_appointment_history", args=[appointment.pk])).content.decode()
    assert "doesn’t have a change history" not in page
    assert "Requested → Confirmed" in page and "(no change of status)" in page  # the confirm, and the move
    history = page.split('id="change-history"')[1].split("</table>")[0]
    assert history.count("<tr>") == 1 + appointment.events.count()


def test_the_diary_flags_a_request_whose_patient_was_given_advice(clinician, at_now):
    appointment = make("online-yes-emergency", S.REQUESTED)
    page = clinician.get(reverse("admin:bookings_appointment_diary") + "?week=2026-11-30").content.decode()
    waiting = page.split('id="waiting"')[1]
    assert appointment.patient_name.replace("’", "&#x27;") in waiting or appointment.patient_name in waiting
    assert "Emergency advice: call 999 or go to A&amp;E</strong> shown before booking" in waiting


def test_the_change_page_history_reads_each_change_in_three_columns(clinician, at_now):
    """Who and both statuses share one column, so the history fits a 390 px phone without a scroll box of its own."""
    appointment = make("moved", S.CONFIRMED)
    page = clinician.get(reverse("admin:bookings_appointment_change", args=[appointment.pk])).content.decode()
    history = page.split('id="events-group"')[1].split("</table>")[0]
    assert history.count('<th class="column-') == 3
    confirmed = appointment.events.get(from_status=S.REQUESTED, to_status=S.CONFIRMED)
    assert f"Requested → Confirmed, by {confirmed.actor_label}" in history
    moved = appointment.events.get(from_status=S.REQUESTED, to_status=S.REQUESTED)  # moved while a request
    assert f"Requested, by {moved.actor_label}" in history and moved.note in history
