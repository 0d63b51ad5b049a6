"""Follow-ups are scheduled for the patient's last visit, only with their agreement and activities to ask about,
sent on their UK day once, held while a later visit is booked and replaced when one completes."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from bookings.models import BookingRules, OutboundEmail, Questionnaire
from outcomes import scheduling
from outcomes.models import FollowUp
from outcomes.tests.conftest import ACTIVITIES, EMAIL, FIRST_DUE, SECOND_DUE, SEEN, VISIT, S, uk, visit

pytestmark = pytest.mark.django_db


def rows():
    return list(FollowUp.objects.order_by("pk").values())


def test_a_consenting_patients_last_visit_gets_two_follow_ups_with_their_activities(clock):
    appointment = visit()
    assert scheduling.sweep(SEEN) == (2, 0)
    first, second = FollowUp.objects.order_by("number")
    assert (first.number, first.due_on, second.number, second.due_on) == (1, FIRST_DUE, 2, SECOND_DUE)
    assert first.appointment == second.appointment == appointment
    assert first.activities == [
        {"activity": "Running downhill", "baseline": 3},
        {"activity": "Kneeling", "baseline": 5},
    ]
    assert not OutboundEmail.objects.filter(kind="followup").exists()  # not due yet


@pytest.mark.parametrize(
    "case",
    [
        {"consent": False},
        {"activities": []},
        {"questionnaire": False},
        {"email": "", "phone": "07700 900123"},
        {"status": S.NO_SHOW},
        {"status": S.CONFIRMED},
    ],
    ids=["no-consent", "no-activities", "no-questionnaire", "no-email", "no-show", "not-completed"],
)
def test_no_follow_up_without_agreement_activities_an_address_or_a_completed_visit(clock, case):
    visit(**case)
    assert scheduling.sweep(SEEN) == (0, 0)
    assert not FollowUp.objects.exists()


def test_the_agreement_may_come_from_an_earlier_visits_questionnaire_under_another_case_of_the_address(clock):
    first = visit(start=VISIT - dt.timedelta(weeks=2), email="Ann@Example.com")
    last = visit(questionnaire=False)
    scheduling.sweep(SEEN)
    assert {f.appointment_id for f in FollowUp.objects.all()} == {last.pk}
    assert {f.baseline_appointment_id for f in FollowUp.objects.all()} == {first.pk}


def test_a_later_questionnaire_left_unticked_is_the_patients_answer_now(clock):
    visit(start=VISIT - dt.timedelta(weeks=2))  # agreed then
    visit(consent=False, activities=[("Cycling", 6)])
    assert scheduling.sweep(SEEN) == (0, 0)


def test_a_later_questionnaire_that_agrees_without_activities_asks_about_the_earlier_ones(clock):
    first = visit(start=VISIT - dt.timedelta(weeks=2))
    visit(activities=[])
    scheduling.sweep(SEEN)
    assert {f.baseline_appointment_id for f in FollowUp.objects.all()} == {first.pk}


def test_another_patients_agreement_does_not_count(clock):
    someone = visit(start=VISIT - dt.timedelta(weeks=2), email="someone@example.com")
    visit(questionnaire=False)
    scheduling.sweep(SEEN)
    assert {f.appointment_id for f in FollowUp.objects.all()} == {someone.pk}  # theirs only, not Ann's


def test_an_underscore_in_an_address_is_a_letter_not_a_wildcard(clock):
    """On SQLite `iexact` against a column is a LIKE: jo.smith's booking and unticked box read as jo_smith's."""
    visit(email="jo_smith@example.com")
    visit(start=VISIT + dt.timedelta(weeks=2), email="jo.smith@example.com", status=S.CONFIRMED, consent=False)
    visit(start=VISIT + dt.timedelta(days=1), email="jo%smith@example.com", consent=False)
    assert scheduling.sweep(SEEN) == (2, 0)
    assert {f.appointment.email for f in FollowUp.objects.all()} == {"jo_smith@example.com"}


@pytest.mark.parametrize("status", [S.REQUESTED, S.CONFIRMED])
def test_a_later_visit_booked_means_no_follow_up_yet(clock, status):
    visit()
    visit(start=VISIT + dt.timedelta(weeks=2), status=status, questionnaire=False)
    assert scheduling.sweep(SEEN) == (0, 0)


@pytest.mark.parametrize("status", [S.CANCELLED_BY_PATIENT, S.CANCELLED_BY_CLINIC, S.DECLINED])
def test_a_later_visit_that_was_cancelled_does_not_stop_them(clock, status):
    visit()
    visit(start=VISIT + dt.timedelta(weeks=2), status=status, questionnaire=False)
    assert scheduling.sweep(SEEN) == (2, 0)


def test_a_later_visit_booked_after_scheduling_holds_the_follow_up_and_its_cancellation_releases_it(clock, last_visit):
    later = visit(start=uk(FIRST_DUE + dt.timedelta(days=3)), status=S.CONFIRMED, questionnaire=False)
    clock.move_to(uk(FIRST_DUE))
    assert scheduling.sweep(uk(FIRST_DUE)) == (0, 0)
    assert FollowUp.objects.sent().count() == 0
    later.status = S.CANCELLED_BY_PATIENT
    later.save()
    assert scheduling.sweep(uk(FIRST_DUE)) == (0, 1)
    assert "It’s been 6 weeks since your last visit" in OutboundEmail.objects.get(kind="followup").body_text


def test_a_box_left_unticked_for_a_later_visit_that_was_then_cancelled_still_stops_them(clock, last_visit):
    """The patient booked again, said no in that visit's questionnaire, then cancelled the visit: the held
    follow-ups are released by the cancellation, but the answer 'no' stands, so none is sent."""
    later = visit(start=uk(FIRST_DUE + dt.timedelta(days=3)), status=S.CONFIRMED, consent=False)
    later.status = S.CANCELLED_BY_PATIENT
    later.save()
    clock.move_to(uk(FIRST_DUE))
    assert scheduling.sweep(uk(FIRST_DUE)) == (0, 0)
    assert not OutboundEmail.objects.filter(kind="followup").exists()
    assert {f.state for f in FollowUp.objects.filter(appointment=last_visit)} == {"stopped"}


def test_a_follow_up_held_by_a_booked_visit_says_how_long_it_has_really_been(clock, last_visit):
    later = visit(start=uk(FIRST_DUE + dt.timedelta(days=3)), status=S.CONFIRMED, questionnaire=False)
    assert scheduling.sweep(uk(FIRST_DUE)) == (0, 0)
    later.status = S.CANCELLED_BY_PATIENT
    later.save()
    assert scheduling.sweep(uk(FIRST_DUE + dt.timedelta(days=14))) == (0, 1)
    assert "It’s been 8 weeks since your last visit" in OutboundEmail.objects.get(kind="followup").body_text


def test_a_later_visit_that_completes_cancels_the_pending_ones_and_gets_its_own(clock, last_visit):
    later_start = uk(FIRST_DUE - dt.timedelta(days=7))
    later = visit(start=later_start, status=S.COMPLETED, questionnaire=False)
    clock.move_to(later_start + dt.timedelta(hours=2))
    created, sent = scheduling.sweep(later_start + dt.timedelta(hours=2))
    assert (created, sent) == (2, 0)
    earlier = FollowUp.objects.filter(appointment=last_visit)
    assert [f.state for f in earlier.order_by("number")] == ["scheduled", "scheduled"]  # cancelled when due
    clock.move_to(uk(FIRST_DUE))
    assert scheduling.sweep(uk(FIRST_DUE)) == (0, 0)
    assert [f.state for f in earlier.order_by("number")] == ["cancelled", "scheduled"]
    own = FollowUp.objects.filter(appointment=later).order_by("number")
    assert [f.due_on for f in own] == [FIRST_DUE + dt.timedelta(weeks=5), SECOND_DUE + dt.timedelta(weeks=5)]
    assert own[0].baseline_appointment == last_visit  # the activities still come from the first questionnaire


def test_a_second_sweep_and_the_command_send_nothing_twice(clock, last_visit, django_capture_on_commit_callbacks):
    clock.move_to(uk(FIRST_DUE))
    with django_capture_on_commit_callbacks(execute=True):
        assert scheduling.sweep(uk(FIRST_DUE)) == (0, 1)
    before = rows()
    assert scheduling.sweep(uk(FIRST_DUE)) == (0, 0)
    call_command("send_followups", stdout=open("/dev/null", "w"))  # noqa: SIM115 - the command's own clock
    assert rows() == before
    assert OutboundEmail.objects.filter(kind="followup").count() == 1


def test_a_follow_up_claimed_by_a_concurrent_run_is_not_sent_again(clock, last_visit, monkeypatch):
    """The other run claims it between this run's list and its claim: the compare-and-set finds it sent."""
    original = FollowUp.objects.select_related

    def claimed_elsewhere(*args):
        FollowUp.objects.filter(sent_at__isnull=True, number=1).update(sent_at=uk(FIRST_DUE))
        return original(*args)

    monkeypatch.setattr(FollowUp.objects, "select_related", claimed_elsewhere)
    assert scheduling.send_due(uk(FIRST_DUE)) == 0
    assert not OutboundEmail.objects.exists()


@pytest.mark.parametrize(
    ("visit_at", "due", "before", "on"),
    [
        # Summer time visit, due in winter: from 08:00 UK time on its day, which is 08:00 UTC in November (the
        # evening before, in the hours a patient may be emailed, is too soon).
        (VISIT, FIRST_DUE, "2026-11-11T19:59Z", "2026-11-12T08:00Z"),
        # Winter visit, due in summer time: 08:00 BST is 07:00 UTC.
        ("2026-02-20T12:00Z", dt.date(2026, 4, 3), "2026-04-03T06:59Z", "2026-04-03T07:00Z"),
        # A visit late on a summer evening is that UK day's (the UTC date is the day before).
        ("2026-06-30T23:30Z", dt.date(2026, 8, 12), "2026-08-11T18:59Z", "2026-08-12T07:00Z"),
    ],
    ids=["into-winter", "into-summer", "late-evening-visit"],
)
def test_the_first_is_due_from_its_uk_day_in_the_hours_a_patient_is_emailed(visit_at, due, before, on):
    visit_at = dt.datetime.fromisoformat(visit_at) if isinstance(visit_at, str) else visit_at
    with time_machine.travel(visit_at + dt.timedelta(hours=1), tick=False):
        visit(start=visit_at)
        scheduling.sweep(visit_at + dt.timedelta(hours=1))
    assert FollowUp.objects.get(number=1).due_on == due
    assert scheduling.sweep(dt.datetime.fromisoformat(before)) == (0, 0)
    assert scheduling.sweep(dt.datetime.fromisoformat(on)) == (0, 1)


def test_the_weeks_come_from_the_booking_rules(clock):
    rules = BookingRules.load()
    rules.first_followup_weeks, rules.second_followup_weeks = 4, 10
    rules.save()
    visit()
    scheduling.sweep(SEEN)
    assert [f.due_on for f in FollowUp.objects.order_by("number")] == [
        VISIT.date() + dt.timedelta(weeks=4),
        VISIT.date() + dt.timedelta(weeks=10),
    ]


def test_a_visit_whose_first_follow_up_has_passed_is_not_scheduled(clock):
    """A visit marked completed late (or before follow-ups existed) emails no one out of the blue."""
    visit(start=VISIT - dt.timedelta(weeks=6, minutes=1))
    assert scheduling.sweep(SEEN) == (0, 0)


def test_the_second_sent_while_the_first_waited_cancels_the_first(clock, last_visit):
    later = visit(start=uk(FIRST_DUE - dt.timedelta(days=1)), status=S.CONFIRMED, questionnaire=False)
    clock.move_to(uk(SECOND_DUE))
    assert scheduling.sweep(uk(SECOND_DUE)) == (0, 0)  # held by the booked visit
    later.status = S.CANCELLED_BY_CLINIC
    later.save()
    assert scheduling.sweep(uk(SECOND_DUE)) == (0, 1)
    assert [f.state for f in FollowUp.objects.filter(appointment=last_visit).order_by("number")] == [
        "cancelled",
        "sent",
    ]


def test_stopping_stops_every_follow_up_not_answered_and_withdraws_the_agreement(clock, last_visit):
    other = visit(email="someone@example.com")
    scheduling.sweep(SEEN)
    assert scheduling.stop("ANN@example.com", SEEN) == 2
    assert {f.state for f in FollowUp.objects.filter(appointment=last_visit)} == {"stopped"}
    assert {f.state for f in FollowUp.objects.filter(appointment=other)} == {"scheduled"}
    assert not Questionnaire.objects.get(appointment=last_visit).followup_consent
    assert Questionnaire.objects.get(appointment=other).followup_consent
    assert scheduling.sweep(uk(SECOND_DUE)) == (0, 1)  # the other patient's second only


def test_activities_are_read_back_as_they_were_when_scheduled(clock, last_visit):
    assert [f.activity_names() for f in FollowUp.objects.all()] == [[a for a, _ in ACTIVITIES]] * 2
    assert last_visit.email == EMAIL


def passed_over(first, last):
    """Patients `first` to `last`'s completed visits, which the sweep leaves without follow-ups: a later visit
    booked, no agreement, or no activity to ask about, in turn."""
    for i in range(first, last + 1):
        start, email = VISIT - dt.timedelta(hours=3 * i), f"patient{i}@example.com"
        if i % 3 == 0:
            visit(start=start, email=email)
            visit(start=start + dt.timedelta(weeks=2), email=email, status=S.CONFIRMED, questionnaire=False)
        else:
            visit(start=start, email=email, **({"consent": False} if i % 3 == 1 else {"activities": []}))


def test_visits_passed_over_cost_the_sweep_no_query_each(clock):
    """Every run rereads the recent completed visits without follow-ups: those it passes over are passed over in
    the query that finds them, so a run costs the same however many there are."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for_a_run():
        scheduling.sweep(SEEN)  # the first run after they arrived
        with CaptureQueriesContext(connection) as run:
            assert scheduling.sweep(SEEN) == (0, 0)
        return len(run)

    passed_over(0, 0)
    few = queries_for_a_run()
    passed_over(1, 6)
    assert queries_for_a_run() == few
    visit(start=VISIT + dt.timedelta(hours=1), email="new@example.com")  # and one that is due them still gets them
    assert scheduling.sweep(SEEN) == (2, 0)


def test_a_run_in_the_night_sends_none_and_the_next_in_the_day_does(clock, last_visit):
    """The follow-up is due from its UK day, but a patient is emailed only from 08:00 (`may_email_patient`)."""
    assert scheduling.sweep(uk(FIRST_DUE, hour=3)) == (0, 0)
    assert scheduling.sweep(uk(FIRST_DUE, hour=20)) == (0, 0)
    assert scheduling.sweep(uk(FIRST_DUE, hour=8)) == (0, 1)
