"""Consent: one value for how it was given, under which privacy notice, by whom and when, for every way in."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from bookings import booking, waitlist
from bookings.consent import Consent
from bookings.models import Appointment, Service, WaitlistEntry
from bookings.tests.factories import WaitlistEntryFactory
from bookings.tests.helpers import MONDAY_9, NOW
from clinic.privacy import PRIVACY_NOTICE_VERSION

ONLINE, PHONE = Appointment.ConsentMethod.ONLINE, Appointment.ConsentMethod.PHONE
EARLIER_NOTICE = "2025-01-01.1"


def recorded(appointment):
    return (
        appointment.consent_method,
        appointment.privacy_notice_version,
        appointment.consent_at,
        appointment.consent_recorded_by,
    )


def test_consent_online_is_the_patients_own_tick_under_todays_privacy_notice():
    assert Consent.online(NOW) == Consent(ONLINE, PRIVACY_NOTICE_VERSION, NOW, None)


def test_consent_online_can_stand_on_a_notice_agreed_to_earlier_even_a_blank_one():
    assert Consent.online(NOW, EARLIER_NOTICE).privacy_notice_version == EARLIER_NOTICE
    assert Consent.online(NOW, "").privacy_notice_version == ""  # a place kept from before notices had versions


def test_consent_by_phone_names_the_clinician_who_took_it_under_todays_notice():
    clinician = get_user_model()(username="clinician")
    assert Consent.by_phone(clinician, NOW) == Consent(PHONE, PRIVACY_NOTICE_VERSION, NOW, clinician)


@pytest.mark.parametrize("by_phone", [False, True], ids=["online", "by_phone"])
def test_applied_to_an_appointment_it_records_how_under_which_notice_by_whom_and_when(by_phone):
    clinician = get_user_model()(username="clinician")
    consent = Consent.by_phone(clinician, NOW) if by_phone else Consent.online(NOW, EARLIER_NOTICE)
    appointment = Appointment(consent_method=PHONE if not by_phone else ONLINE)  # the opposite, to be overwritten
    consent.apply_to(appointment)
    assert recorded(appointment) == (consent.method, consent.privacy_notice_version, NOW, consent.recorded_by)


def test_applied_to_a_waitlist_place_it_records_when_and_under_which_notice():
    place = WaitlistEntry()
    Consent.online(NOW, EARLIER_NOTICE).apply_to(place)
    assert (place.consent_at, place.privacy_notice_version) == (NOW, EARLIER_NOTICE)
    with pytest.raises(ValueError, match="joined online"):
        Consent.by_phone(get_user_model()(username="clinician"), NOW).apply_to(place)


# --- Every way in records it ----------------------------------------------------------------------------------


def patient(version=None):
    return booking.PatientDetails("Ann Runner", "ann@example.com", "07700 900123", "knee", "", version)


def test_a_request_sent_online_records_the_patients_consent_now(db, clock):
    appointment = booking.request_appointment(Service.objects.get(slug="initial-assessment"), MONDAY_9, patient(), NOW)
    assert recorded(Appointment.objects.get(pk=appointment.pk)) == (ONLINE, PRIVACY_NOTICE_VERSION, NOW, None)


def test_joining_the_waitlist_records_the_patients_consent_now_and_again_on_updating_the_place(db, clock):
    service = Service.objects.get(slug="initial-assessment")
    wishes = waitlist.Wishes([0], ["morning"], dt.date(2026, 11, 30), dt.date(2026, 12, 7))
    waitlist.join(service, wishes, patient(EARLIER_NOTICE), NOW - dt.timedelta(hours=1))
    entry, is_new = waitlist.join(service, wishes, patient(), NOW)
    assert not is_new and (entry.consent_at, entry.privacy_notice_version) == (NOW, PRIVACY_NOTICE_VERSION)


@pytest.mark.parametrize(
    ("renewed", "version"), [(False, EARLIER_NOTICE), (True, PRIVACY_NOTICE_VERSION)], ids=["stands", "renewed"]
)
def test_a_claimed_offer_records_the_notice_agreed_to_on_joining_unless_consent_was_given_again(
    db, clock, renewed, version
):
    WaitlistEntryFactory(privacy_notice_version=EARLIER_NOTICE)
    [offer, *_] = waitlist.offer_freed_times(MONDAY_9, MONDAY_9 + dt.timedelta(hours=1), NOW)
    appointment = waitlist.claim(offer, NOW, consent_renewed=renewed)
    assert recorded(Appointment.objects.get(pk=appointment.pk)) == (ONLINE, version, NOW, None)
