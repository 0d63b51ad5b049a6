"""Status changes: compare-and-set, recorded with who and what, applied once under concurrency."""

import threading

import pytest
from django.db import connections

from bookings import workflow
from bookings.models import Appointment, AppointmentEvent, Service
from bookings.tests.factories import AppointmentFactory
from bookings.tests.helpers import MONDAY_9, S


def test_a_status_change_is_a_compare_and_set(requested):
    assert workflow.apply("confirm", requested.pk, seen_status=S.REQUESTED)
    # An admin page loaded before the confirmation still believes it is requested:
    assert workflow.apply("decline", requested.pk, seen_status=S.REQUESTED) is None
    assert Appointment.objects.get(pk=requested.pk).status == S.CONFIRMED
    assert workflow.apply("complete", requested.pk, seen_status=S.REQUESTED) is None


def test_every_change_is_recorded_with_who_and_from_to(requested, admin_user):
    workflow.apply("confirm", requested.pk, seen_status=S.REQUESTED, user=admin_user)
    events = list(AppointmentEvent.objects.filter(appointment=requested).order_by("at", "id"))
    assert [(e.actor_label, e.from_status, e.to_status) for e in events] == [
        ("patient", "", S.REQUESTED),
        (admin_user.get_username(), S.REQUESTED, S.CONFIRMED),
    ]


@pytest.mark.django_db(transaction=True)
def test_concurrent_actions_on_one_appointment_change_it_once(seeded):
    appointment = AppointmentFactory(service=Service.objects.get(slug="follow-up"), start=MONDAY_9)
    barrier = threading.Barrier(6)
    results = []

    def act(name):
        barrier.wait()
        try:
            results.append(workflow.apply(name, appointment.pk, seen_status=S.REQUESTED) is not None)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=(n,)) for n in ["confirm", "decline", "cancel"] * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == [False] * 5 + [True]
    assert AppointmentEvent.objects.filter(appointment=appointment).count() == 1
