"""A few demo appointments in the coming days, so the diary isn't empty. Called by `seed_demo`."""

import datetime as dt

from django.utils import timezone

from bookings import availability
from bookings.models import Appointment, AppointmentEvent, Service

DEMO_PATIENTS = [
    ("Jamie Demo", "jamie.demo@example.com", "knee", "confirmed"),
    ("Priya Demo", "priya.demo@example.com", "ankle-foot", "requested"),
    ("Tom Demo", "tom.demo@example.com", "hip", "requested"),
]


def seed(stdout):
    if Appointment.objects.filter(email__endswith="demo@example.com").exists():
        stdout.write("Appointments: demo appointments already there.")
        return
    now = timezone.now()
    services = list(Service.objects.active())
    added = 0
    day = timezone.localdate() + dt.timedelta(days=2)
    for index, (name, email, concern, status) in enumerate(DEMO_PATIENTS):
        service = services[index % len(services)]
        for offset in range(14):
            slots = availability.free_slots(service, day + dt.timedelta(days=offset + index), now)
            if slots:
                slot = slots[len(slots) // 2]
                appointment = Appointment.objects.create(
                    service=service, start=slot.start, patient_name=name, email=email, phone="07700 900000",
                    concern=concern, status=status, consent_at=now, privacy_notice_version="demo",
                )  # fmt: skip
                AppointmentEvent.objects.create(appointment=appointment, actor_label="system", to_status=status,
                                                note="Demo appointment")  # fmt: skip
                added += 1
                break
    stdout.write(f"Appointments: {added} demo appointments added.")
