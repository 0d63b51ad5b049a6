"""A closure or new opening hours over a booking: asked about, booking by booking, before anything is saved; and a
closure's reason stays the clinician's own."""

import datetime as dt
from http import HTTPStatus

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from bookings.models import Appointment, AppointmentEvent
from bookings.tests.factories import AppointmentFactory
from bookings.tests.helpers import MONDAY_9, NOW, S
from clinic.models import Closure, OpeningHours

pytestmark = pytest.mark.django_db

MONDAY = {"start_date": "2026-11-30", "end_date": "2026-11-30", "reason": "Dentist", "public_note": ""}


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def confirmed():
    return AppointmentFactory(status=S.CONFIRMED, start=MONDAY_9, email="pat@example.com")


def add_closure(client, choices=None, follow=False, **form):
    data = {**MONDAY, **form, **(choices or {})}
    return client.post(reverse("admin:clinic_closure_add"), data, follow=follow)


def key(appointment):
    return f"appointment:{appointment.pk}:{appointment.status}"


@pytest.mark.parametrize(
    "hours",
    [pytest.param({}, id="whole-day"), pytest.param({"start_time": "08:30", "end_time": "09:30"}, id="by-the-hour")],
)
def test_a_closure_over_a_booking_lists_it_and_saves_nothing_until_asked(admin_client, confirmed, hours):
    before = Appointment.objects.values().get(pk=confirmed.pk)
    page = add_closure(admin_client, **hours)
    assert page.status_code == HTTPStatus.OK
    text = page.content.decode()
    assert "This change clashes with 1 booking" in text and "Nothing is saved yet" in text
    assert confirmed.patient_name in text and "Mon 30 Nov, 09:00" in text
    assert f'name="clash-{key(confirmed)}" value="keep"' in text and 'value="cancel"' in text
    assert 'name="reason" value="Dentist"' in text  # the form's data carried to the next post
    assert not Closure.objects.filter(reason="Dentist").exists()
    assert Appointment.objects.values().get(pk=confirmed.pk) == before and not mail.outbox


def test_a_closure_beside_a_booking_saves_at_once(admin_client, confirmed):
    response = add_closure(admin_client, start_time="10:00", end_time="12:00")  # the consult ends 09:45
    assert response.status_code == HTTPStatus.FOUND
    assert Closure.objects.filter(reason="Dentist").exists()


def test_keeping_saves_the_closure_and_notes_it_on_the_booking(admin_client, confirmed):
    response = add_closure(admin_client, {f"clash-{key(confirmed)}": "keep", "_clashes_decided": "1"})
    assert response.status_code == HTTPStatus.FOUND
    assert Closure.objects.filter(reason="Dentist").exists()
    confirmed.refresh_from_db()
    assert confirmed.status == S.CONFIRMED and not mail.outbox
    (event,) = AppointmentEvent.objects.filter(appointment=confirmed)
    assert event.note.startswith("Kept although the closure “Dentist:") and "closes the clinic then" in event.note
    # Kept once, not asked about again when the closure itself is edited.
    closure = Closure.objects.get(reason="Dentist")
    edit = admin_client.post(
        reverse("admin:clinic_closure_change", args=[closure.pk]), {**MONDAY, "public_note": "Closed for training"}
    )
    assert edit.status_code == HTTPStatus.FOUND


def test_cancelling_saves_the_closure_and_tells_the_patient_why(
    admin_client, confirmed, django_capture_on_commit_callbacks
):
    choices = {
        f"clash-{key(confirmed)}": "cancel",
        f"clash-message-{key(confirmed)}": "The clinic is closed that morning.",
        "_clashes_decided": "1",
    }
    with django_capture_on_commit_callbacks(execute=True):
        add_closure(admin_client, choices)
    confirmed.refresh_from_db()
    assert confirmed.status == S.CANCELLED_BY_CLINIC and Closure.objects.filter(reason="Dentist").exists()
    (email,) = mail.outbox
    assert email.to == ["pat@example.com"] and "The clinic is closed that morning." in email.body
    assert "Dentist" not in email.body  # the private reason stays private


def test_moving_saves_the_closure_and_opens_the_move_page(admin_client, confirmed):
    response = add_closure(admin_client, {f"clash-{key(confirmed)}": "move", "_clashes_decided": "1"})
    assert response["Location"] == reverse("admin:bookings_appointment_move", args=[confirmed.pk])
    assert Closure.objects.filter(reason="Dentist").exists()
    assert Appointment.objects.get(pk=confirmed.pk).start == MONDAY_9  # moved only when the new time is chosen
    page = admin_client.get(response["Location"]).content.decode()
    assert "Now choose a new time for this appointment" in page


def test_each_booking_needs_a_choice_before_anything_is_saved(admin_client, confirmed):
    other = AppointmentFactory(status=S.REQUESTED, start=MONDAY_9 + dt.timedelta(hours=2))
    page = add_closure(admin_client, {f"clash-{key(confirmed)}": "keep", "_clashes_decided": "1"})
    assert page.status_code == HTTPStatus.OK
    assert "Choose what to do with each booking" in page.content.decode()
    assert not Closure.objects.filter(reason="Dentist").exists()
    assert Appointment.objects.get(pk=other.pk).status == S.REQUESTED and not AppointmentEvent.objects.exists()


def test_a_booking_that_changed_meanwhile_is_left_alone_and_named(admin_client, confirmed):
    seen = key(confirmed)
    Appointment.objects.filter(pk=confirmed.pk).update(status=S.CANCELLED_BY_PATIENT)
    AppointmentFactory(status=S.CONFIRMED, start=MONDAY_9 + dt.timedelta(hours=3))  # still clashes: a fresh key
    response = add_closure(admin_client, {f"clash-{seen}": "cancel", "_clashes_decided": "1"})
    assert response.status_code == HTTPStatus.OK  # the page asks again, about the booking as it is now
    assert seen not in response.content.decode()


def test_opening_hours_cut_back_under_a_booking_ask_first(admin_client, confirmed):
    monday = OpeningHours.objects.get(weekday=0)
    url = reverse("admin:clinic_openinghours_change", args=[monday.pk])
    page = admin_client.post(url, {"weekday": 0, "opens": "10:00", "closes": "19:00"})
    assert page.status_code == HTTPStatus.OK and "This change clashes with 1 booking" in page.content.decode()
    assert OpeningHours.objects.get(pk=monday.pk).opens == dt.time(7)
    done = admin_client.post(
        url,
        {"weekday": 0, "opens": "10:00", "closes": "19:00", f"clash-{key(confirmed)}": "keep", "_clashes_decided": "1"},
    )
    assert done.status_code == HTTPStatus.FOUND and OpeningHours.objects.get(pk=monday.pk).opens == dt.time(10)


def test_deleting_the_hours_a_booking_is_in_asks_first(admin_client, confirmed):
    monday = OpeningHours.objects.get(weekday=0)
    url = reverse("admin:clinic_openinghours_delete", args=[monday.pk])
    page = admin_client.post(url, {"post": "yes"})
    assert page.status_code == HTTPStatus.OK and "This change clashes with 1 booking" in page.content.decode()
    assert OpeningHours.objects.filter(pk=monday.pk).exists()
    admin_client.post(url, {"post": "yes", f"clash-{key(confirmed)}": "keep", "_clashes_decided": "1"})
    assert not OpeningHours.objects.filter(pk=monday.pk).exists()


def test_a_user_who_may_not_add_closures_is_not_shown_the_bookings(client, django_user_model, confirmed):
    viewer = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
    client.force_login(viewer)
    response = add_closure(client)
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert confirmed.patient_name not in response.content.decode()


def test_patients_see_the_note_never_the_reason(client):
    Closure.objects.create(start_date=dt.date(2026, 11, 23), reason="Dentist")
    Closure.objects.create(start_date=dt.date(2026, 11, 24), reason="Course", public_note="Closed for training")
    home = client.get("/").content.decode()
    assert "Closed for training" in home and "Dentist" not in home and "Course" not in home
    times = client.get(reverse("bookings:start")).content.decode()
    assert "Dentist" not in times


def test_closures_are_listed_soonest_first(admin_client):
    Closure.objects.all().delete()
    for day, reason in [(dt.date(2026, 1, 5), "Long ago"), (dt.date(2027, 3, 1), "Later"),
                        (dt.date(2026, 11, 10), "Lately"), (dt.date(2026, 12, 2), "Next")]:  # fmt: skip
        Closure.objects.create(start_date=day, reason=reason)
    page = admin_client.get(reverse("admin:clinic_closure_changelist")).content.decode()
    order = sorted(["Long ago", "Later", "Lately", "Next"], key=page.index)
    assert order == ["Next", "Later", "Lately", "Long ago"]


def test_after_saving_the_page_says_what_was_done_to_each_booking(admin_client, django_capture_on_commit_callbacks):
    emailed = AppointmentFactory(status=S.CONFIRMED, start=MONDAY_9, email="pat@example.com")
    phoned = AppointmentFactory(status=S.CONFIRMED, start=MONDAY_9 + dt.timedelta(hours=2), email="")
    request = AppointmentFactory(status=S.REQUESTED, start=MONDAY_9 + dt.timedelta(hours=4))
    choices = {f"clash-{key(a)}": "cancel" for a in (emailed, phoned, request)} | {"_clashes_decided": "1"}
    with django_capture_on_commit_callbacks(execute=True):
        response = add_closure(admin_client, choices, follow=True)
    page = response.content.decode()
    assert "Cancelled, and an email to the patient is on its way" in page
    assert "No email address: phone the patient to tell them." in page
    statuses = {a.pk: Appointment.objects.get(pk=a.pk).status for a in (emailed, phoned, request)}
    assert statuses == {emailed.pk: S.CANCELLED_BY_CLINIC, phoned.pk: S.CANCELLED_BY_CLINIC, request.pk: S.DECLINED}


def test_the_clash_page_says_why_for_hours_in_their_own_words(admin_client, confirmed):
    monday = OpeningHours.objects.get(weekday=0)
    page = admin_client.post(reverse("admin:clinic_openinghours_delete", args=[monday.pk]), {"post": "yes"})
    assert "taking “Monday 07:00–19:00” out of the opening hours leaves them outside the hours" in page.content.decode()


@pytest.mark.parametrize(
    ("first", "last", "times", "shown"),
    [
        (dt.date(2026, 12, 25), None, None, "Fri 25 Dec 2026"),
        (dt.date(2026, 12, 24), dt.date(2026, 12, 26), None, "Thu 24 – Sat 26 Dec 2026"),
        (dt.date(2026, 11, 30), dt.date(2026, 12, 2), None, "Mon 30 Nov – Wed 2 Dec 2026"),
        (dt.date(2026, 12, 31), dt.date(2027, 1, 1), None, "Thu 31 Dec 2026 – Fri 1 Jan 2027"),
        (dt.date(2026, 12, 1), None, (dt.time(13), dt.time(17)), "Tue 1 Dec 2026, 13:00–17:00"),
    ],
    ids=["one-day", "days-in-a-month", "across-months", "across-years", "by-the-hour"],
)
def test_the_closures_list_says_when_in_one_short_column(admin_client, first, last, times, shown):
    Closure.objects.all().delete()
    start_time, end_time = times or (None, None)
    Closure.objects.create(start_date=first, end_date=last or first, start_time=start_time, end_time=end_time,
                           reason="Away")  # fmt: skip
    page = admin_client.get(reverse("admin:clinic_closure_changelist")).content.decode()
    assert '<th class="field-when"><a href="' in page and f">{shown}</a></th>" in page
