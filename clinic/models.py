"""The clinic's identity: its profile, weekly opening hours and closures.

The clinician edits all of these in admin. Other apps ask `clinic.hours` whether
the clinic is open rather than reading these tables themselves.
"""

from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from core import images
from core.typography import TypographicFields


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class ClinicProfile(TypographicFields, models.Model):
    """The clinic's public details. Exactly one row exists (id 1)."""

    typographic_fields = (
        "tagline",
        "description",
        "directions",
        "parking",
        "access",
        "clinician_role",
        "clinician_photo_alt",
        "clinician_bio",
        "approach",
        "qualifications",
        "registrations",
    )

    name = models.CharField(max_length=120)
    short_name = models.CharField(max_length=40)
    tagline = models.CharField(max_length=200, blank=True)
    description = models.TextField(
        blank=True, help_text="One or two sentences used by search engines and link previews."
    )
    clinician_name = models.CharField(max_length=120)
    email = models.EmailField()
    phone = models.CharField(max_length=40, blank=True, help_text="Leave empty to hide it.")
    address_line1 = models.CharField("address line 1", max_length=120)
    address_line2 = models.CharField("address line 2", max_length=120, blank=True)
    town = models.CharField(max_length=80)
    postcode = models.CharField(max_length=12)
    country = models.CharField(max_length=80, default="United Kingdom")
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    directions = models.TextField(
        blank=True, help_text="How to find the clinic: the way in from the road, public transport. Hidden while empty."
    )
    parking = models.TextField(
        blank=True, help_text="Where patients can park, and whether it costs. Hidden while empty."
    )
    access = models.TextField(
        "getting in", blank=True, help_text="Finding the door inside the building, steps or lifts. Hidden while empty."
    )
    clinician_role = models.CharField(
        "clinician’s role",
        max_length=120,
        blank=True,
        help_text="How the clinician describes their profession, shown under their name; hidden while empty. The "
        "site says “physiotherapy” only when this says physiotherapist and the registrations include the HCPC.",
    )
    clinician_photo = models.ImageField(
        "clinician’s photo", upload_to="clinic/photo/", blank=True, validators=[images.validate_image_upload]
    )
    clinician_photo_alt = models.CharField(
        "photo description",
        max_length=200,
        blank=True,
        help_text="Describe the photo for people who can’t see it, e.g. “Stephen in the treatment room”.",
    )
    clinician_photo_renditions = models.JSONField(editable=False, default=list, blank=True)
    clinician_bio = models.TextField(
        "about the clinician", blank=True, help_text="A blank line starts a new paragraph. Hidden while empty."
    )
    approach = models.TextField(
        "how the clinician works",
        blank=True,
        help_text="What a patient can expect from the way you assess and treat. Hidden while empty.",
    )
    qualifications = models.TextField(
        blank=True,
        help_text="One per line, as you would write them on a CV (degree, university, year). Hidden while empty.",
    )
    registrations = models.TextField(
        "professional registrations",
        blank=True,
        help_text="One per line: the body and your registration or membership number. Hidden while empty.",
    )
    payment_methods = models.TextField("ways to pay", blank=True, help_text="One per line, e.g. “Card (contactless)”.")
    insurers = models.TextField(
        "insurers that recognise the clinic", blank=True, help_text="One per line, only those that have recognised you."
    )
    instagram_url = models.URLField("Instagram address", blank=True)
    facebook_url = models.URLField("Facebook address", blank=True)
    youtube_url = models.URLField("YouTube address", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "clinic profile"
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="clinic_profile_single_row"),
            models.CheckConstraint(
                condition=Q(clinician_photo="") | ~Q(clinician_photo_alt=""), name="clinic_photo_has_description"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.pk = 1
        self.clinician_photo_renditions = images.current_renditions(
            self.clinician_photo, self.clinician_photo_renditions, "clinic/renditions"
        )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("clinic:contact")

    def clean(self):
        if self.clinician_photo and not self.clinician_photo_alt.strip():
            raise ValidationError({"clinician_photo_alt": "Describe the photo for people who can’t see it."})

    @classmethod
    def load(cls):
        """The profile row (created from the seeded defaults if it was removed)."""
        return cls.objects.get_or_create(pk=1, defaults=DEFAULT_PROFILE)[0]

    @property
    def address_lines(self):
        lines = [self.address_line1, self.address_line2, self.town, self.postcode, self.country]
        return [line for line in lines if line]

    @property
    def instagram_handle(self):
        handle = self.instagram_url.rstrip("/").rsplit("/", 1)[-1] if self.instagram_url else ""
        return f"@{handle}" if handle else ""

    @property
    def map_links(self):
        """(label, url) to open the clinic in OpenStreetMap, Apple Maps and Google Maps: at its position when set,
        else by its address. Links only: no map script or third-party request on our pages."""
        if self.latitude is not None and self.longitude is not None:
            lat, lon = f"{self.latitude}", f"{self.longitude}"
            return [
                ("OpenStreetMap", f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"),
                ("Apple Maps", f"https://maps.apple.com/?ll={lat},{lon}&q={quote(self.short_name)}"),
                ("Google Maps", f"https://www.google.com/maps/search/?api=1&query={lat},{lon}"),
            ]
        address = quote(", ".join(self.address_lines))
        return [
            ("OpenStreetMap", f"https://www.openstreetmap.org/search?query={address}"),
            ("Apple Maps", f"https://maps.apple.com/?q={address}"),
            ("Google Maps", f"https://www.google.com/maps/search/?api=1&query={address}"),
        ]

    @property
    def clinician_picture(self):
        if not self.clinician_photo:
            return None
        return images.Picture(self.clinician_photo_renditions, self.clinician_photo_alt)

    @property
    def clinician_initials(self):
        return "".join(word[0] for word in self.clinician_name.split()[:2]).upper()

    @property
    def qualification_list(self):
        return _lines(self.qualifications)

    @property
    def registration_list(self):
        return _lines(self.registrations)

    payment_method_list = property(lambda self: _lines(self.payment_methods))
    insurer_list = property(lambda self: _lines(self.insurers))

    @property
    def is_physiotherapy(self) -> bool:
        """The site says physiotherapy only if the role says physiotherapist (a title protected by law in the UK)
        and the registrations include the HCPC, which keeps its register."""
        return "physiotherapist" in self.clinician_role.lower() and "hcpc" in self.registrations.lower()

    @property
    def social_links(self):
        """(label, url) for each social profile that has an address."""
        links = [
            ("Instagram", self.instagram_url),
            ("Facebook", self.facebook_url),
            ("YouTube", self.youtube_url),
        ]
        return [(label, url) for label, url in links if url]


def _lines(text):
    return [line.strip() for line in text.splitlines() if line.strip()]


DEFAULT_PROFILE = {
    "name": "Restore — Sports Injury & Rehabilitation",
    "short_name": "Restore",
    "tagline": "Sports injury assessment and rehabilitation in Knutsford",
    "clinician_name": "Stephen Lunt",
    "email": "stephen.lunt@restoresportsinjury.co.uk",
    "address_line1": "The Transform Hub",
    "address_line2": "1 Cranford Drive",
    "town": "Knutsford",
    "postcode": "WA16 8ZR",
}


class OpeningHoursQuerySet(models.QuerySet):
    def on(self, weekday):
        return self.filter(weekday=weekday)


class OpeningHours(models.Model):
    """One range of opening on a weekday. A day without rows is closed."""

    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    opens = models.TimeField()
    closes = models.TimeField()

    objects = OpeningHoursQuerySet.as_manager()

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name = "opening hours"
        verbose_name_plural = "opening hours"
        constraints = [
            models.CheckConstraint(condition=Q(opens__lt=F("closes")), name="opening_opens_before_closes"),
            models.CheckConstraint(condition=Q(weekday__gte=0, weekday__lte=6), name="opening_valid_weekday"),
            models.UniqueConstraint(fields=["weekday", "opens"], name="opening_unique_start"),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def get_absolute_url(self):
        return reverse("clinic:contact") + "#opening-hours"

    def clean(self):
        if self.opens is None or self.closes is None or self.weekday is None:
            return
        if self.opens >= self.closes:
            raise ValidationError({"closes": "Closing time must be after opening time."})
        overlapping = (
            OpeningHours.objects.on(self.weekday)
            .filter(opens__lt=self.closes, closes__gt=self.opens)
            .exclude(pk=self.pk)
        )
        if overlapping.exists():
            other = overlapping.first()
            raise ValidationError(
                f"These hours overlap {other}. Change that range or pick hours that don’t overlap it."
            )


class ClosureQuerySet(models.QuerySet):
    def covering(self, first_day, last_day=None):
        """Closures that include any day from first_day to last_day (inclusive)."""
        last_day = last_day or first_day
        return self.filter(start_date__lte=last_day, end_date__gte=first_day)


class Closure(TypographicFields, models.Model):
    """Time the clinic is closed although the weekly hours say open: whole days, or part of each day in the
    range (a Tuesday afternoon, a school run) when both times are given."""

    start_date = models.DateField()
    end_date = models.DateField(blank=True, help_text="Leave empty for a single day.")
    start_time = models.TimeField(
        "closed from", null=True, blank=True, help_text="Leave both times empty to close the whole day."
    )
    end_time = models.TimeField("until", null=True, blank=True)
    reason = models.CharField(
        max_length=120, help_text="For you: the diary and admin show it, patients never do (e.g. “Dentist”)."
    )
    public_note = models.CharField(
        "note for patients",
        max_length=120,
        blank=True,
        help_text="Optional: what patients see beside the dates, e.g. “Closed for training”. Left empty, they "
        "see only that the clinic is closed.",
    )
    typographic_fields = ("reason", "public_note")

    objects = ClosureQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "start_time"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="closure_ends_after_start"),
            models.CheckConstraint(
                condition=Q(start_time__isnull=True, end_time__isnull=True) | Q(start_time__lt=F("end_time")),
                name="closure_times_both_or_neither_in_order",
            ),
            models.UniqueConstraint(
                fields=["start_date", "end_date"],
                condition=Q(start_time__isnull=True),
                name="closure_unique_whole_days",
            ),
            models.UniqueConstraint(
                fields=["start_date", "end_date", "start_time", "end_time"], name="closure_unique_part_days"
            ),
        ]

    def __str__(self):
        days = f"{self.start_date:%d/%m/%Y}"
        if self.end_date and self.end_date != self.start_date:
            days += f"–{self.end_date:%d/%m/%Y}"
        if self.start_time and self.end_time:
            days += f", {self.start_time:%H:%M}–{self.end_time:%H:%M}"
        return f"{self.reason}: {days}"

    def save(self, *args, **kwargs):
        if self.end_date is None:
            self.end_date = self.start_date
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("clinic:contact") + "#opening-hours"

    def clean(self):
        if self.start_date and not self.end_date:
            self.end_date = self.start_date
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The last day of a closure can’t be before its first day."})
        if (self.start_time is None) != (self.end_time is None):
            raise ValidationError("Give both times to close part of the day, or neither to close the whole day.")
        if self.start_time and self.end_time and self.start_time >= self.end_time:
            raise ValidationError({"end_time": "The clinic must reopen after it closes."})


class OrderedText(models.Model):
    """A piece of page text the clinician writes and orders in admin."""

    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")

    class Meta:
        abstract = True
        ordering = ["order", "id"]


class FirstVisitSection(TypographicFields, OrderedText):
    """One part of the first-visit page (what to wear, what to bring, payment…). The page adds how long each
    service takes, how to get here and the cancellation policy from the clinic's own data."""

    heading = models.CharField(max_length=120, unique=True)
    text = models.TextField(help_text="A blank line starts a new paragraph.")
    typographic_fields = ("heading", "text")

    class Meta(OrderedText.Meta):
        verbose_name = "first-visit section"

    def __str__(self):
        return self.heading

    def get_absolute_url(self):
        return reverse("clinic:first_visit")


class FrequentQuestion(TypographicFields, OrderedText):
    """A question and answer on the FAQ page (also given to search engines as FAQPage data)."""

    question = models.CharField(max_length=200, unique=True)
    answer = models.TextField(help_text="Plain text. A blank line starts a new paragraph.")
    typographic_fields = ("question", "answer")

    class Meta(OrderedText.Meta):
        verbose_name = "frequently asked question"

    def __str__(self):
        return self.question

    def get_absolute_url(self):
        return reverse("clinic:faq")
