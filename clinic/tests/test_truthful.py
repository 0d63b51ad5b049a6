"""The clinic described as it is: "physiotherapy" only when the profile shows the protected title is held, and ways
to pay and insurers shown only once the clinician has entered them."""

import json

import pytest
from django.urls import reverse

from clinic.models import ClinicProfile
from core import pagecache

pytestmark = pytest.mark.django_db

PUBLIC = ["clinic:home", "clinic:about", "clinic:first_visit", "clinic:faq", "clinic:contact", "services:list"]


def clinic_type(client):
    page = client.get(reverse("clinic:home")).content.decode()
    blocks = [
        json.loads(b.split(">", 1)[1].split("</script>", 1)[0])
        for b in page.split('<script type="application/ld+json"')[1:]
    ]
    return next(b["@type"] for b in blocks if b.get("@id", "").endswith("#clinic"))


def set_profile(**fields):
    profile = ClinicProfile.load()
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.save()
    pagecache.invalidate()
    return profile


def test_as_seeded_no_page_calls_the_clinic_physiotherapy(client):
    assert not ClinicProfile.load().is_physiotherapy
    for name in PUBLIC:
        assert "physiotherap" not in client.get(reverse(name)).content.decode().lower(), name
    assert clinic_type(client) == "MedicalBusiness"


@pytest.mark.parametrize(
    ("role", "registrations", "physio"),
    [
        ("Physiotherapist", "", False),  # the title claimed, no register named
        ("Sports rehabilitator", "HCPC PH123456", False),
        ("Chartered physiotherapist", "Health and Care Professions Council (HCPC): PH123456", True),
    ],
    ids=["title-without-register", "register-without-title", "registered-physiotherapist"],
)
def test_physiotherapy_only_with_the_title_and_the_hcpc_register(client, role, registrations, physio):
    profile = set_profile(clinician_role=role, registrations=registrations)
    assert profile.is_physiotherapy == physio
    assert clinic_type(client) == ("Physiotherapy" if physio else "MedicalBusiness")


@pytest.mark.parametrize("name", ["services:list", "clinic:first_visit", "clinic:faq"])
def test_ways_to_pay_and_insurers_are_hidden_while_empty_and_shown_once_entered(client, name):
    assert "Paying</h2>" not in client.get(reverse(name)).content.decode()
    set_profile(payment_methods="Card (contactless)\nCash", insurers="Example Health")
    page = client.get(reverse(name)).content.decode()
    assert "You can pay at the clinic by: Card (contactless), Cash." in page
    assert "Recognised by: Example Health." in page
