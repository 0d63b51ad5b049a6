"""The launch checklist on the admin home: what patients cannot see yet, each item linking to where it is set,
gone once done, and shown only to those who may do it."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from bookings.models import SafetyQuestion, Service
from clinic.models import ClinicProfile

pytestmark = pytest.mark.django_db


def home(client):
    return client.get(reverse("admin:index")).content.decode()


def test_as_seeded_the_checklist_names_what_patients_cannot_see_and_links_to_it(admin_client):
    page = home(admin_client)
    profile = reverse("admin:clinic_clinicprofile_change", args=[ClinicProfile.load().pk])
    assert "Before patients see everything" in page
    for field in ["clinician_photo", "phone", "registrations", "payment_methods", "insurers", "latitude"]:
        assert f'href="{profile}#id_{field}"' in page, field
    assert "Prices still as seeded, not shown to patients: 4 service(s)" in page
    assert reverse("admin:bookings_service_changelist") + "?price_confirmed__exact=0" in page
    assert "Safety questions you have not reviewed yet:" in page
    assert reverse("admin:bookings_safetyquestion_changelist") + "?review=due" in page


def test_each_item_goes_when_it_is_done_and_the_list_with_the_last(admin_client):
    profile = ClinicProfile.load()
    profile.phone, profile.registrations = "01565 000000", "Example body: 123"
    profile.save()
    page = home(admin_client)
    assert "#id_phone" not in page and "#id_registrations" not in page and "#id_payment_methods" in page
    profile.payment_methods, profile.insurers = "Card", "Example Health"
    profile.latitude, profile.longitude = Decimal("53.3"), Decimal("-2.37")
    profile.save()
    ClinicProfile.objects.filter(pk=profile.pk).update(clinician_photo="clinic/photo/x.webp", clinician_photo_alt="Me")
    Service.objects.update(price_confirmed=True)
    SafetyQuestion.objects.update(reviewed_at=timezone.now())
    assert "Before patients see everything" not in home(admin_client)


def test_staff_see_only_what_they_may_change(client, django_user_model):
    user = django_user_model.objects.create_user("helper", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_service"))
    client.force_login(user)
    page = home(client)
    assert "Prices still as seeded" in page and "#id_phone" not in page
