"""The booking draft: the patient's answers between the steps, how long it lasts, and the key it is sent under."""

import datetime as dt
from importlib import import_module

import pytest
from django.conf import settings as django_settings

from bookings import triage
from bookings.draft import BookingDraft
from bookings.models import Service

pytestmark = pytest.mark.django_db
MONDAY_9 = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
NO_SAFETY_QUESTIONS = triage.screen([], set())


@pytest.fixture
def session():
    return import_module(django_settings.SESSION_ENGINE).SessionStore()


@pytest.fixture
def service():
    return Service.objects.get(slug="initial-assessment")


def test_a_new_draft_holds_nothing(session):
    draft = BookingDraft(session)
    assert (draft.key, draft.service, draft.concern, draft.screening, draft.start, draft.details) == (None,) * 6
    assert not draft.consented and draft.sent_reference is None


def test_each_step_keeps_its_answers_in_the_session_for_the_next_request(session, service):
    BookingDraft(session).choose(service, "knee")
    BookingDraft(session).record_screening(NO_SAFETY_QUESTIONS)
    BookingDraft(session).choose_start(MONDAY_9)
    BookingDraft(session).give_details({"name": "Ann Runner", "email": "ann@example.com"})
    draft = BookingDraft(session)
    assert (draft.service, draft.concern, draft.start) == (service, "knee", MONDAY_9)
    assert draft.screening == {"concern": "knee", **NO_SAFETY_QUESTIONS}
    assert draft.details == {"name": "Ann Runner", "email": "ann@example.com"} and draft.consented


def test_the_key_is_drawn_once_and_kept_through_every_step(session, service):
    draft = BookingDraft(session)
    draft.choose(service, "knee")
    key = draft.key
    draft.record_screening(NO_SAFETY_QUESTIONS)
    draft.choose_start(MONDAY_9)
    draft.choose_start(None)
    assert key and len(key) == 32 and BookingDraft(session).key == key


def test_a_sent_draft_is_forgotten_and_the_next_one_gets_a_key_of_its_own(session, service):
    draft = BookingDraft(session)
    draft.choose(service, "knee")
    first_key = draft.key
    draft.sent("RST-ABC234")
    assert BookingDraft(session).sent_reference == "RST-ABC234"
    assert (draft.key, draft.service, draft.concern) == (None, None, None)
    draft.choose(service, "knee")
    assert draft.key and draft.key != first_key


def test_every_change_makes_the_session_last_the_drafts_hours_not_weeks(session, service, settings):
    settings.BOOKING_DRAFT_SECONDS = 2 * 3600
    session.set_expiry(14 * 24 * 3600)
    BookingDraft(session).choose(service, "knee")
    assert session.get_expiry_age() == 2 * 3600
    session.set_expiry(14 * 24 * 3600)
    BookingDraft(session).choose_start(MONDAY_9)
    assert session.get_expiry_age() == 2 * 3600


def test_the_safety_answers_count_only_for_the_area_they_were_given_for(session, service):
    draft = BookingDraft(session)
    draft.choose(service, "knee")
    draft.record_screening(NO_SAFETY_QUESTIONS)
    assert draft.screening is not None
    draft.choose(service, "back")
    assert draft.screening is None
    draft.choose(service, "knee")
    assert draft.screening == {"concern": "knee", **NO_SAFETY_QUESTIONS}


def test_a_service_no_longer_bookable_online_is_not_the_drafts(session, service):
    draft = BookingDraft(session)
    draft.choose(service, "knee")
    Service.objects.filter(pk=service.pk).update(is_active=False)
    assert draft.service is None and draft.concern == "knee"


def test_a_start_forgotten_after_it_was_taken_leaves_the_rest(session, service):
    draft = BookingDraft(session)
    draft.choose(service, "knee")
    draft.give_details({"name": "Ann Runner"})
    draft.choose_start(MONDAY_9)
    draft.choose_start(None)
    assert draft.start is None and draft.details == {"name": "Ann Runner"} and draft.consented
