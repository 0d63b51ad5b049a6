import datetime as dt
from decimal import Decimal

import factory

from bookings.models import Appointment, Concern, Service, WaitlistEntry


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Service {n}")
    slug = factory.Sequence(lambda n: f"service-{n}")
    duration_minutes = 60
    buffer_minutes = 0
    price = Decimal("60.00")


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appointment

    service = factory.SubFactory(ServiceFactory)
    start = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
    patient_name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"patient{n}@example.com")
    phone = "07700 900123"
    concern = Concern.KNEE


class WaitlistEntryFactory(factory.django.DjangoModelFactory):
    """Someone waiting for an initial assessment on Monday mornings in the week of 30 November 2026."""

    class Meta:
        model = WaitlistEntry

    service = factory.LazyFunction(lambda: Service.objects.get(slug="initial-assessment"))
    weekdays = factory.LazyFunction(lambda: [0])
    parts_of_day = factory.LazyFunction(lambda: ["morning"])
    earliest = dt.date(2026, 11, 23)
    latest = dt.date(2026, 12, 6)
    patient_name = factory.Sequence(lambda n: f"Waiting Patient {n}")
    email = factory.Sequence(lambda n: f"waiting{n}@example.com")
    phone = "07700 900456"
    concern = Concern.KNEE
    consent_at = dt.datetime(2026, 11, 19, 10, 0, tzinfo=dt.UTC)
    privacy_notice_version = "2026-11-25.2"
    joined_at = factory.Sequence(lambda n: dt.datetime(2026, 11, 19, 10, 0, tzinfo=dt.UTC) + dt.timedelta(minutes=n))
