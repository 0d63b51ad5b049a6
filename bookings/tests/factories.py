import datetime as dt
from decimal import Decimal

import factory

from bookings.models import Appointment, Concern, Service


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
