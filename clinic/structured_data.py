"""schema.org JSON-LD describing the clinic, generated from its data."""

from django.urls import reverse
from django.utils.text import normalize_newlines

from clinic.models import Weekday
from core.siteurl import absolute

SCHEMA_DAYS = {day.value: f"https://schema.org/{day.label}" for day in Weekday}


def opening_hours_specification(schedule):
    """One OpeningHoursSpecification per distinct range, listing the days it applies to."""
    by_range = {}
    for weekday in Weekday:
        for opens, closes in schedule.weekly_ranges(weekday.value):
            by_range.setdefault((opens, closes), []).append(SCHEMA_DAYS[weekday.value])
    return [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": days,
            "opens": opens.strftime("%H:%M"),
            "closes": closes.strftime("%H:%M"),
        }
        for (opens, closes), days in sorted(by_range.items())
    ]


def clinic_id():
    """The clinic's node id: the articles (publisher) and the clinician (worksFor) point at it."""
    return absolute("/") + "#clinic"


def clinic_jsonld(profile, schedule):
    data = {
        "@context": "https://schema.org",
        # The protected title's type only when the profile shows it is held (ClinicProfile.is_physiotherapy).
        "@type": "Physiotherapy" if profile.is_physiotherapy else "MedicalBusiness",
        "@id": clinic_id(),
        "name": profile.name,
        "url": absolute("/"),
        "email": profile.email,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": ", ".join(filter(None, [profile.address_line1, profile.address_line2])),
            "addressLocality": profile.town,
            "postalCode": profile.postcode,
            "addressCountry": "GB",
        },
        "openingHoursSpecification": opening_hours_specification(schedule),
        "employee": {"@type": "Person", "@id": clinician_id(), "name": profile.clinician_name},
    }
    if profile.description:
        data["description"] = profile.description
    if profile.phone:
        data["telephone"] = profile.phone
    if profile.payment_method_list:
        data["paymentAccepted"] = ", ".join(profile.payment_method_list)
    if profile.latitude is not None and profile.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(profile.latitude),
            "longitude": float(profile.longitude),
        }
    same_as = [url for _label, url in profile.social_links]
    if same_as:
        data["sameAs"] = same_as
    return data


def clinician_id():
    return absolute(reverse("clinic:about")) + "#clinician"


def person_jsonld(profile):
    """The clinician, on the about page; the clinic's JSON-LD points at it by @id."""
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "@id": clinician_id(),
        "name": profile.clinician_name,
        "url": absolute(reverse("clinic:about")),
        "worksFor": {"@id": clinic_id()},
    }
    if profile.clinician_role:
        data["jobTitle"] = profile.clinician_role
    if profile.clinician_picture:
        data["image"] = absolute(profile.clinician_picture.largest_url)
    if profile.clinician_bio:
        data["description"] = normalize_newlines(profile.clinician_bio).split("\n\n")[0]  # its first paragraph
    credentials = profile.qualification_list + profile.registration_list
    if credentials:
        data["hasCredential"] = [{"@type": "EducationalOccupationalCredential", "name": c} for c in credentials]
    return data


def faq_jsonld(questions):
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": question.question,
                "acceptedAnswer": {"@type": "Answer", "text": normalize_newlines(question.answer)},
            }
            for question in questions
        ],
    }
