"""The launch checklist on the admin home: what patients cannot see yet because it is still empty or still as the
site was seeded, each linking to where the clinician sets it. An item leaves the list when it is done.

Here, where the apps are wired together, because it reads the clinic's profile and the bookings' services and
safety questions alike."""

from dataclasses import dataclass

from django.urls import reverse

from bookings.models import SafetyQuestion, Service
from clinic.models import ClinicProfile


@dataclass(frozen=True)
class Item:
    text: str
    url: str


def checklist(user) -> list[Item]:
    """The items `user` may act on (each needs change permission where it is set)."""
    items = []
    if user.has_perm("clinic.change_clinicprofile"):
        profile = ClinicProfile.load()
        at = reverse("admin:clinic_clinicprofile_change", args=[profile.pk])
        no_map = profile.latitude is None or profile.longitude is None
        missing = [
            (not profile.clinician_photo, "Your photo (the about page shows your initials)", "clinician_photo"),
            (not profile.phone, "A phone number: the site offers email only", "phone"),
            (not profile.registrations, "Your professional registrations (body and number)", "registrations"),
            (not profile.payment_methods, "Ways to pay", "payment_methods"),
            (not profile.insurers, "Insurers that recognise the clinic, if any", "insurers"),
            (no_map, "The map position (latitude and longitude)", "latitude"),
        ]  # fmt: skip
        items += [Item(text, f"{at}#id_{field}") for empty, text, field in missing if empty]
    if user.has_perm("bookings.change_service"):
        unconfirmed = Service.objects.active().filter(price_confirmed=False).count()
        if unconfirmed:
            url = reverse("admin:bookings_service_changelist") + "?price_confirmed__exact=0"
            items.append(Item(f"Prices still as seeded, not shown to patients: {unconfirmed} service(s)", url))
    if user.has_perm("bookings.change_safetyquestion"):
        unreviewed = SafetyQuestion.objects.unreviewed().count()
        if unreviewed:
            url = reverse("admin:bookings_safetyquestion_changelist") + "?review=due"
            items.append(Item(f"Safety questions you have not reviewed yet: {unreviewed}", url))
    return items
