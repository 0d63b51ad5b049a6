"""The about, first-visit and FAQ pages: written in admin, seeded, hidden where empty, described to search engines."""

import io
import json
import re
from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from PIL import Image

from bookings.models import BookingRules, Service
from clinic.models import ClinicProfile, FirstVisitSection, FrequentQuestion

pytestmark = pytest.mark.django_db


def jsonld_blocks(html):
    return [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


def photo_upload(size=(1800, 2400)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (120, 90, 70)).save(buffer, "JPEG")
    return SimpleUploadedFile("stephen.jpg", buffer.getvalue(), content_type="image/jpeg")


def page(client, name):
    response = client.get(reverse(name))
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


@pytest.mark.parametrize("name", ["clinic:about", "clinic:first_visit", "clinic:faq"])
def test_each_page_has_one_heading_a_description_and_a_way_to_book(client, name):
    html = page(client, name)
    assert html.count("<h1") == 1
    assert '<meta name="description"' in html
    assert f'href="{reverse("bookings:start")}"' in html


@pytest.mark.parametrize("name", ["clinic:about", "clinic:first_visit", "clinic:faq"])
def test_each_page_is_in_the_sitemap_and_the_footer(client, name):
    assert f"{reverse(name)}</loc>" in client.get("/sitemap.xml").content.decode()
    footer = page(client, "clinic:home").split('<footer class="site-footer"', 1)[1]
    assert f'href="{reverse(name)}"' in footer


# --- About ---------------------------------------------------------------------------------


def test_the_about_page_shows_the_seeded_bio_and_approach_and_hides_empty_credentials(client):
    html = page(client, "clinic:about")
    assert "Stephen Lunt runs Restore on his own" in html
    assert "How he works" in html
    # The clinic has not given its qualifications or registrations: the page invents none.
    assert "Qualifications" not in html
    assert "Professional registrations" not in html


def test_qualifications_and_registrations_appear_one_per_line_once_given(client):
    profile = ClinicProfile.load()
    profile.qualifications = "BSc (Hons) Sports Rehabilitation\n\n  MSc Sports Medicine  "
    profile.registrations = "Example Register, no. 12345"
    profile.save()
    html = page(client, "clinic:about")
    assert (
        "<h2>Qualifications</h2><ul><li>BSc (Hons) Sports Rehabilitation</li><li>MSc Sports Medicine</li></ul>" in html
    )
    assert "<li>Example Register, no. 12345</li>" in html
    person = next(b for b in jsonld_blocks(html) if b["@type"] == "Person")
    assert [c["name"] for c in person["hasCredential"]] == [
        "BSc (Hons) Sports Rehabilitation",
        "MSc Sports Medicine",
        "Example Register, no. 12345",
    ]


def test_without_a_photo_the_page_shows_the_drawn_monogram_not_a_broken_image(client):
    html = page(client, "clinic:about")
    assert 'class="portrait portrait-placeholder"' in html
    assert ">SL</text>" in html
    assert 'class="portrait" src=' not in html


def test_an_uploaded_photo_is_served_as_renditions_with_its_description(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    profile = ClinicProfile.load()
    profile.clinician_photo = photo_upload()
    profile.clinician_photo_alt = "Stephen Lunt in the treatment room"
    profile.save()
    assert [r["width"] for r in profile.clinician_photo_renditions] == [400, 800, 1200, 1600]
    html = page(client, "clinic:about")
    assert 'alt="Stephen Lunt in the treatment room"' in html
    assert "-400.webp 400w" in html and "-1600.webp 1600w" in html
    assert "portrait-placeholder" not in html
    person = next(b for b in jsonld_blocks(html) if b["@type"] == "Person")
    assert person["image"].endswith("-1600.webp")


def test_a_photo_needs_a_description(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    profile = ClinicProfile.load()
    profile.clinician_photo = photo_upload()
    with pytest.raises(ValidationError) as error:
        profile.full_clean()
    assert "clinician_photo_alt" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        profile.save()


def test_the_clinic_and_the_clinician_are_linked_in_structured_data(client, settings):
    html = page(client, "clinic:about")
    blocks = {b["@type"]: b for b in jsonld_blocks(html)}
    person, clinic = blocks["Person"], blocks["MedicalBusiness"]
    assert person["@id"] == f"{settings.SITE_URL}/about/#clinician"
    assert person["name"] == "Stephen Lunt"
    assert person["worksFor"] == {"@id": clinic["@id"]}
    assert clinic["employee"]["@id"] == person["@id"]
    assert "jobTitle" not in person  # no role given, none invented


def test_the_home_hero_links_to_the_clinician(client):
    html = page(client, "clinic:home")
    hero = html.split('class="hero"', 1)[1].split("</section>", 1)[0]
    assert f'href="{reverse("clinic:about")}"' in hero
    assert "Meet Stephen Lunt" in hero


# --- First visit ---------------------------------------------------------------------------


def test_the_first_visit_page_lists_the_seeded_sections_in_order(client):
    html = page(client, "clinic:first_visit")
    headings = re.findall(r"<h2>(.*?)</h2>", html)
    assert headings[:7] == [
        "How long it takes",
        "What to wear",
        "What to bring",
        "Before you come",
        "Payment",
        "Finding the clinic",
        "Cancelling or moving",
    ]
    payment = FirstVisitSection.objects.get(heading="Payment")
    payment.order = 1
    payment.save()
    html = page(client, "clinic:first_visit")
    assert re.findall(r"<h2>(.*?)</h2>", html)[1] == "Payment"


def test_the_first_visit_page_takes_durations_prices_and_the_cancellation_policy_from_the_booking_rules(client):
    assessment = Service.objects.get(slug="initial-assessment")
    assessment.duration_minutes = 75
    assessment.save()
    rules = BookingRules.load()
    rules.cancellation_window_hours, rules.reminder_hours = 48, 72
    rules.save()
    html = page(client, "clinic:first_visit")
    assert "Initial assessment</a>: 75 minutes" in html
    assert "until 48 hours before it starts" in html
    massage = Service.objects.get(slug="sports-massage")
    massage.is_active = False
    massage.save()
    assert "Sports massage" not in page(client, "clinic:first_visit")


def test_the_first_visit_page_shows_directions_only_once_given(client):
    html = page(client, "clinic:first_visit")
    assert "Open in maps" in html
    assert "<h3>Parking</h3>" not in html
    profile = ClinicProfile.load()
    profile.parking = "Free parking outside the Hub."
    profile.save()
    html = page(client, "clinic:first_visit")
    assert "<h3>Parking</h3><p>Free parking outside the Hub.</p>" in html


# --- FAQ -----------------------------------------------------------------------------------


def test_the_faq_lists_questions_in_order_and_describes_them_as_faq_page_data(client):
    html = page(client, "clinic:faq")
    questions = list(FrequentQuestion.objects.all())
    assert len(questions) >= 8
    shown = re.findall(r'<h2 id="q\d+">(.*?)</h2>', html)
    assert shown == [q.question.replace("'", "&#x27;") for q in questions]
    faq = next(b for b in jsonld_blocks(html) if b["@type"] == "FAQPage")
    assert [e["name"] for e in faq["mainEntity"]] == [q.question for q in questions]
    assert faq["mainEntity"][0]["acceptedAnswer"]["text"] == questions[0].answer


def test_a_new_question_appears_where_its_order_puts_it_and_the_cached_page_follows(client):
    page(client, "clinic:faq")  # now cached
    FrequentQuestion.objects.create(question="Is there a lift to the clinic?", answer="Ask at reception.", order=0)
    html = page(client, "clinic:faq")
    assert re.findall(r'<h2 id="q\d+">(.*?)</h2>', html)[0] == "Is there a lift to the clinic?"


def test_an_empty_faq_says_how_to_ask_and_gives_search_engines_nothing(client):
    FrequentQuestion.objects.all().delete()
    html = page(client, "clinic:faq")
    assert "There are no answers here yet" in html
    assert "FAQPage" not in html


def test_questions_are_unique(db):
    FrequentQuestion.objects.create(question="Where do I park?", answer="Outside.")
    with pytest.raises(IntegrityError), transaction.atomic():
        FrequentQuestion.objects.create(question="Where do I park?", answer="Again.")


# --- Admin ---------------------------------------------------------------------------------


def test_the_clinician_reorders_the_faq_from_the_list(admin_client):
    questions = list(FrequentQuestion.objects.all())
    data = {
        "form-TOTAL_FORMS": str(len(questions)),
        "form-INITIAL_FORMS": str(len(questions)),
        "_save": "Save",
    }
    for n, question in enumerate(questions):
        data[f"form-{n}-id"] = str(question.pk)
        data[f"form-{n}-order"] = str(1000 - n)  # reverse the order
    response = admin_client.post(reverse("admin:clinic_frequentquestion_changelist"), data)
    assert response.status_code == HTTPStatus.FOUND
    assert list(FrequentQuestion.objects.all()) == questions[::-1]


def test_the_about_fields_are_on_the_clinic_details_page(admin_client):
    html = admin_client.get(reverse("admin:clinic_clinicprofile_change", args=[1])).content.decode()
    assert "About the clinician (the about page)" in html
    for field in ["clinician_photo", "clinician_photo_alt", "clinician_bio", "qualifications", "registrations"]:
        assert f'name="{field}"' in html
    assert admin_client.get(reverse("admin:clinic_firstvisitsection_changelist")).status_code == HTTPStatus.OK


def test_a_photo_without_a_description_is_refused_in_admin_with_a_message(admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("admin:clinic_clinicprofile_change", args=[1])
    profile = ClinicProfile.load()
    fields = {
        f.name: getattr(profile, f.name) or ""
        for f in ClinicProfile._meta.fields
        if f.editable and f.name not in {"id", "clinician_photo"}
    }
    response = admin_client.post(url, {**fields, "clinician_photo": photo_upload()})
    assert response.status_code == HTTPStatus.OK
    assert "Describe the photo for people who can" in response.content.decode()
    assert not ClinicProfile.load().clinician_photo


def test_the_clinicians_description_is_the_first_paragraph_whatever_the_line_ends(client):
    profile = ClinicProfile.load()
    profile.clinician_bio = "First paragraph, typed in admin.\r\n\r\nSecond paragraph."
    profile.save()
    person = next(b for b in jsonld_blocks(page(client, "clinic:about")) if b["@type"] == "Person")
    assert person["description"] == "First paragraph, typed in admin."
