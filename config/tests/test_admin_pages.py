"""Every page of the clinic's admin opens for the clinician: each registered model's list, add page, and the change
and history pages of its objects in each state they can be in, and every custom page (diary, report, subject
access, phone booking, move, decide, offer to waitlist, post preview, version restore) with each answer it is
meant to give. Appointments in every status × origin: bookings/tests/test_admin_states.py."""

import datetime as dt
import json
from functools import partial
from http import HTTPStatus

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from blog.models import Post, PostRevision
from blog.tests.factories import CategoryFactory, PostFactory
from bookings import emails, waitlist
from bookings.models import Appointment, BookingRules, OutboundEmail, SafetyQuestion, Service, WaitlistEntry
from bookings.tests.factories import WaitlistEntryFactory
from bookings.tests.helpers import MONDAY_9, NOW
from clinic.models import ClinicProfile, Closure, FirstVisitSection, FrequentQuestion, OpeningHours
from config.tests.after_the_visit import exercise_for, feedback_for, followup_for, programme_for
from config.tests.labels import unnamed_inputs

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinician(client, django_user_model):
    user = django_user_model.objects.create_superuser("stephen", "stephen@example.com", "x")
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture(autouse=True)
def at_now():
    with time_machine.travel(NOW, tick=False):
        yield


def requested_appointment(start=MONDAY_9, **fields):
    return Appointment.objects.create(
        service=Service.objects.get(slug="initial-assessment"), start=start, patient_name="Ann Runner",
        email="ann@example.com", phone="07700 900123", concern="knee", consent_at=NOW, **fields,
    )  # fmt: skip


def outbound(state):
    # Each on its own time: two requests may not hold the same time (PostgreSQL's exclusion constraint).
    appointment = requested_appointment(start=MONDAY_9 + dt.timedelta(days=1 + Appointment.objects.count()))
    email = emails.build("request_received", appointment)
    email.save()
    if state == "sent":
        email.sent_at, email.attempts = NOW, 1
    elif state == "failed":
        email.attempts, email.last_error = 2, "SMTPServerDisconnected: Connection unexpectedly closed"
    elif state == "gave-up":
        email.attempts, email.last_error = OutboundEmail.MAX_ATTEMPTS, "SMTPRecipientsRefused: no such user"
    email.save()
    return email


def post(state):
    published_at = {"live": NOW - dt.timedelta(days=1), "scheduled": NOW + dt.timedelta(days=3)}.get(state, NOW)
    status = Post.Status.DRAFT if state == "draft" else Post.Status.PUBLISHED
    made = PostFactory(status=status, published_at=published_at)
    made.categories.add(CategoryFactory())
    return made


def revision():
    made = post("live")
    made.title = "A better title"
    made.save(revision_by=None)
    return PostRevision.objects.get(post=made)


def task_result(settings):
    from conftest import DATABASE_TASKS, use_task_backend

    use_task_backend(settings, DATABASE_TASKS)
    emails.deliver.enqueue(outbound("waiting").pk)
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.get()


def post_for(state, builder):
    return post(state)


def outbound_for(state, builder):
    return outbound(state)


def question_for(level, builder):
    return SafetyQuestion.objects.filter(level=level).first()


EMAIL_STATES = ["waiting", "sent", "failed", "gave-up"]
AXES = {"user_agent": "Firefox", "ip_address": "192.0.2.1", "username": "stephen", "http_accept": "*/*"}


# One object in each state a registered model's objects can be in (appointments: test_admin_states.py).
OBJECTS = {
    "auth.group": {"one": lambda s: Group.objects.create(name="Reception")},
    "auth.user": {"clinician": lambda s: s.user},
    "axes.accessattempt": {
        "one": lambda s: AccessAttempt.objects.create(
            **AXES, path_info="/admin/login/", get_data="", post_data="", failures_since_start=3
        )
    },
    "axes.accesslog": {"one": lambda s: AccessLog.objects.create(**AXES, path_info="/admin/login/")},
    "axes.accessfailurelog": {
        "one": lambda s: AccessFailureLog.objects.create(**AXES, path_info="/admin/login/", locked_out=True)
    },
    "django_tasks_database.dbtaskresult": {"queued": lambda s: task_result(s.settings)},
    "clinic.clinicprofile": {"seeded": lambda s: ClinicProfile.load()},
    "clinic.openinghours": {"seeded": lambda s: OpeningHours.objects.first()},
    "clinic.closure": {
        "whole-days": lambda s: Closure.objects.create(
            start_date=dt.date(2026, 12, 7), end_date=dt.date(2026, 12, 8), reason="Training"
        ),
        "by-the-hour": lambda s: Closure.objects.create(
            start_date=dt.date(2026, 12, 9),
            end_date=dt.date(2026, 12, 9),
            reason="Dentist",
            start_time=dt.time(14, 0),
            end_time=dt.time(15, 30),
        ),  # fmt: skip
    },
    "clinic.firstvisitsection": {"seeded": lambda s: FirstVisitSection.objects.first()},
    "clinic.frequentquestion": {"seeded": lambda s: FrequentQuestion.objects.first()},
    "blog.category": {"one": lambda s: CategoryFactory()},
    "blog.post": {state: partial(post_for, state) for state in ["draft", "live", "scheduled"]},
    "blog.postrevision": {"one": lambda s: revision()},
    "bookings.service": {
        "active": lambda s: Service.objects.get(slug="initial-assessment"),
        "not-online": lambda s: (
            Service.objects.filter(slug="follow-up").update(is_active=False) and Service.objects.get(slug="follow-up")
        ),
    },
    "bookings.bookingrules": {"seeded": lambda s: BookingRules.load()},
    "bookings.safetyquestion": {level: partial(question_for, level) for level in SafetyQuestion.Level},
    "bookings.appointment": {"requested": lambda s: requested_appointment()},
    "bookings.outboundemail": {
        state: partial(outbound_for, state) for state in ["waiting", "sent", "failed", "gave-up"]
    },
    "bookings.waitlistentry": {"waiting": lambda s: WaitlistEntryFactory()},
    "bookings.contactmessage": {"one": lambda s: contact_message()},
    "care.exercise": {state: partial(exercise_for, state) for state in ["seeded", "with-video"]},
    "care.programme": {state: partial(programme_for, state) for state in ["template", "given", "logged", "no-email"]},
    "feedback.feedback": {state: partial(feedback_for, state) for state in ["private", "allowed", "shown", "kept-off"]},
    "outcomes.followup": {
        state: partial(followup_for, state)
        for state in ["scheduled", "sent", "answered", "worse", "worse-seen", "stopped", "cancelled"]
    },
}


def contact_message():
    from bookings import contact

    data = {"name": "Ann Runner", "email": "ann@example.com", "message": "Do you open on\nSaturdays?"}
    return contact.receive(data, dt.datetime(2026, 11, 20, 12, tzinfo=dt.UTC))


REGISTERED = sorted(model._meta.label_lower for model in admin.site._registry)
OBJECT_CASES = [pytest.param(label, state, id=f"{label}-{state}") for label in OBJECTS for state in OBJECTS[label]]


def test_every_registered_model_has_objects_to_open():
    assert sorted(OBJECTS) == REGISTERED


class Builder:
    def __init__(self, client, settings):
        self.user, self.settings = client.user, settings


def admin_name(label, page):
    app, model = label.split(".")
    return f"admin:{app}_{model}_{page}"


@pytest.mark.parametrize("label", REGISTERED)
def test_every_list_and_add_page_opens(clinician, label):
    """The list answers 200; the add page 200, or the 403 of a model that is never added by hand, or (appointments)
    the redirect to the phone booking."""
    listed = clinician.get(reverse(admin_name(label, "changelist")))
    assert listed.status_code == HTTPStatus.OK
    assert 'rel="icon"' in listed.content.decode()  # the clinic's icon on the admin's tab, not the browser's blank
    model_admin = next(ma for model, ma in admin.site._registry.items() if model._meta.label_lower == label)
    response = clinician.get(reverse(admin_name(label, "add")))
    if label == "bookings.appointment":
        assert response["Location"] == reverse("admin:bookings_appointment_book")
    else:
        request = response.wsgi_request
        expected = HTTPStatus.OK if model_admin.has_add_permission(request) else HTTPStatus.FORBIDDEN
        assert response.status_code == expected
        assert unnamed_inputs(response.content.decode()) == []


@pytest.mark.parametrize(("label", "state"), OBJECT_CASES)
def test_every_object_opens_in_each_state(clinician, settings, label, state):
    obj = OBJECTS[label][state](Builder(clinician, settings))
    assert obj is not None and obj.pk
    for page in ["change", "history"]:
        response = clinician.get(reverse(admin_name(label, page), args=[obj.pk]))
        assert response.status_code == HTTPStatus.OK, page
        assert unnamed_inputs(response.content.decode()) == [], page  # each input named for a screen reader
    listing = clinician.get(reverse(admin_name(label, "changelist")))
    assert listing.status_code == HTTPStatus.OK
    assert unnamed_inputs(listing.content.decode()) == []  # an editable list's inputs too, once it has rows


# --- The custom pages, each with the answers it is meant to give -----------------------------------------


def test_the_admin_home_opens_empty_and_full(clinician):
    assert clinician.get(reverse("admin:index")).status_code == HTTPStatus.OK
    requested_appointment()
    outbound("gave-up")
    Closure.objects.create(start_date=dt.date(2026, 12, 7), end_date=dt.date(2026, 12, 7), reason="Training")
    page = clinician.get(reverse("admin:index")).content.decode()
    assert "2 requests waiting" in page and "email not sent" in page and "Training" in page


@pytest.mark.parametrize("query", ["", "?day=2026-11-30", "?week=2026-11-30", "?day=2027-07-05", "?day=nonsense"])
def test_the_diary_opens_empty_and_full_by_day_and_week(clinician, query):
    url = reverse("admin:bookings_appointment_diary") + query
    assert clinician.get(url).status_code == HTTPStatus.OK
    requested_appointment()
    assert clinician.get(url).status_code == HTTPStatus.OK


def test_the_report_opens_empty_and_full(clinician):
    assert clinician.get(reverse("admin:bookings_appointment_report")).status_code == HTTPStatus.OK
    requested_appointment()
    assert clinician.get(reverse("admin:bookings_appointment_report")).status_code == HTTPStatus.OK


def test_the_subject_access_page_opens_refuses_a_bad_address_and_exports(clinician):
    url = reverse("admin:bookings_appointment_subject_access")
    assert clinician.get(url).status_code == HTTPStatus.OK
    assert "Enter a valid email address" in clinician.post(url, {"email": "not an address"}).content.decode()
    requested_appointment()
    response = clinician.post(url, {"email": "ann@example.com"})
    assert response["Content-Type"].startswith("application/json")
    assert len(json.loads(response.content)["appointments"]) == 1


def test_the_phone_booking_opens_at_each_step_and_books(clinician):
    url = reverse("admin:bookings_appointment_book")
    service = Service.objects.get(slug="initial-assessment")
    assert clinician.get(url).status_code == HTTPStatus.OK
    assert clinician.get(url, {"service": "nonsense"}).status_code == HTTPStatus.BAD_REQUEST
    assert clinician.get(url, {"service": service.pk}).status_code == HTTPStatus.OK
    assert clinician.get(url, {"service": service.pk, "anytime": "1"}).status_code == HTTPStatus.OK
    assert clinician.get(url, {"service": service.pk, "date": "2026-11-30"}).status_code == HTTPStatus.OK
    with_service = f"{url}?service={service.pk}"
    assert clinician.post(with_service, {"date": "2026-11-30"}).status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    details = {"patient_name": "Phil Oakes", "email": "phil@example.com", "phone": "07700 900777",
               "concern": "back", "notes": "", "status": "confirmed", "consent": "on"}  # fmt: skip
    response = clinician.post(with_service, {"date": "2026-11-30", "slot": "2026-11-30T09:00:00Z", **details})
    booked = Appointment.objects.get()
    assert response["Location"] == reverse("admin:bookings_appointment_change", args=[booked.pk])


def test_the_move_page_opens_and_moves_and_turns_away_what_cannot_move(clinician):
    appointment = requested_appointment()
    url = reverse("admin:bookings_appointment_move", args=[appointment.pk])
    assert clinician.get(url).status_code == HTTPStatus.OK
    response = clinician.post(url, {"date": "2026-11-30", "slot": "2026-11-30T11:00:00Z"})
    assert response["Location"] == reverse("admin:bookings_appointment_change", args=[appointment.pk])
    appointment.refresh_from_db()
    assert appointment.start == dt.datetime(2026, 11, 30, 11, 0, tzinfo=dt.UTC)
    Appointment.objects.filter(pk=appointment.pk).update(status=Appointment.Status.DECLINED)
    assert clinician.get(url)["Location"] == reverse("admin:bookings_appointment_change", args=[appointment.pk])
    missing = reverse("admin:bookings_appointment_move", args=[appointment.pk + 1])
    assert clinician.get(missing)["Location"] == reverse("admin:bookings_appointment_changelist")


def test_decide_answers_with_a_redirect_whatever_it_is_sent(clinician):
    appointment = requested_appointment()
    url = reverse("admin:bookings_appointment_decide", args=[appointment.pk])
    change = reverse("admin:bookings_appointment_change", args=[appointment.pk])
    assert clinician.get(url)["Location"] == change  # a reloaded second step goes back, changing nothing
    assert clinician.post(url, {"decision": "nonsense"})["Location"] == change
    assert clinician.post(url, {"decision": "confirm", "seen_status": "requested"})["Location"] == change
    assert clinician.post(url, {"decision": "confirm", "seen_status": "requested"})["Location"] == change  # again
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CONFIRMED
    missing = reverse("admin:bookings_appointment_decide", args=[appointment.pk + 1])
    assert clinician.post(missing, {"decision": "confirm"})["Location"] == reverse(
        "admin:bookings_appointment_changelist"
    )


def test_offer_to_waitlist_answers_with_a_redirect(clinician):
    WaitlistEntryFactory()
    url = reverse("admin:bookings_appointment_offer_waitlist")
    diary = reverse("admin:bookings_appointment_diary")
    assert clinician.post(url, {"day": "nonsense"})["Location"] == diary
    stretch = {"day": "2026-11-30", "start": "09:00", "end": "10:00", "next": diary + "?week=2026-11-30"}
    assert clinician.post(url, stretch)["Location"] == diary + "?week=2026-11-30"
    assert clinician.get(url).status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_the_decline_action_asks_for_a_message_then_declines(clinician):
    appointment = requested_appointment()
    url = reverse("admin:bookings_appointment_changelist")
    asked = clinician.post(url, {"action": "decline", "_selected_action": [appointment.pk]})
    assert asked.status_code == HTTPStatus.OK and appointment.reference in asked.content.decode()
    done = clinician.post(url, {"action": "decline", "_selected_action": [appointment.pk], "apply": "1"})
    assert done.status_code == HTTPStatus.FOUND
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.DECLINED


@pytest.mark.parametrize("state", ["draft", "live", "scheduled"])
def test_the_post_preview_opens_for_every_state_and_sends_an_incomplete_one_back(clinician, state):
    made = post(state)
    url = reverse("admin:blog_post_preview", args=[made.pk])
    edits = {"title": "Knee pain — a new title", "summary": "Short.", "body": "## Part\n\nWords."}
    response = clinician.post(url, edits)
    assert response.status_code == HTTPStatus.OK and "Knee pain — a new title" in response.content.decode()
    assert clinician.post(url, {"title": ""})["Location"] == reverse("admin:blog_post_change", args=[made.pk])


def test_a_version_is_restored_from_its_list(clinician):
    earlier = revision()
    url = reverse("admin:blog_postrevision_changelist")
    response = clinician.post(url, {"action": "restore", "_selected_action": [earlier.pk]})
    assert response.status_code == HTTPStatus.FOUND
    earlier.post.refresh_from_db()
    assert earlier.post.title == earlier.title


def test_a_waitlist_entry_with_offers_opens(clinician):
    entry = WaitlistEntryFactory()
    assert waitlist.offer_freed_times(MONDAY_9, MONDAY_9 + dt.timedelta(hours=1), NOW)
    response = clinician.get(reverse("admin:bookings_waitlistentry_change", args=[entry.pk]))
    assert response.status_code == HTTPStatus.OK
    assert WaitlistEntry.objects.get().offers.count() >= 1


def test_the_cancel_action_asks_for_a_message_then_cancels_and_tells_the_patient(
    clinician, django_capture_on_commit_callbacks
):
    from django.core import mail

    appointment = requested_appointment()
    url = reverse("admin:bookings_appointment_changelist")
    asked = clinician.post(url, {"action": "cancel", "_selected_action": [appointment.pk]})
    page = asked.content.decode()
    assert asked.status_code == HTTPStatus.OK and "Cancel appointments?" in page and 'value="Cancel and email"' in page
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.REQUESTED  # nothing until the clinician confirms the step
    message = "The clinic is closed for training that day."
    with django_capture_on_commit_callbacks(execute=True):
        done = clinician.post(url, {"action": "cancel", "_selected_action": [appointment.pk], "apply": "1",
                                    "message": message})  # fmt: skip
    assert done.status_code == HTTPStatus.FOUND
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED_BY_CLINIC
    assert any(message in email.body for email in mail.outbox if email.to == [appointment.email])
