from django import forms
from django.contrib import admin
from django.db import models

from clinic.models import ClinicProfile, Closure, FirstVisitSection, FrequentQuestion, OpeningHours


@admin.register(ClinicProfile)
class ClinicProfileAdmin(admin.ModelAdmin):
    list_display = ["name", "clinician_name", "email", "phone", "updated_at"]
    readonly_fields = ["updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "tagline", "description", "clinician_name"]}),
        ("Contact", {"fields": ["email", "phone"]}),
        (
            "Address",
            {
                "fields": [
                    "address_line1",
                    "address_line2",
                    "town",
                    "postcode",
                    "country",
                    ("latitude", "longitude"),
                    "directions",
                    "parking",
                    "access",
                ]
            },
        ),
        (
            "About the clinician (the about page)",
            {
                "fields": [
                    "clinician_role",
                    "clinician_photo",
                    "clinician_photo_alt",
                    "clinician_bio",
                    "approach",
                    "qualifications",
                    "registrations",
                ],
                "description": "Each part is hidden on the site while it is empty. Without a photo the page shows "
                "a drawn card with your initials.",
            },
        ),
        (
            "Social profiles",
            {
                "fields": ["instagram_url", "facebook_url", "youtube_url"],
                "description": "A profile with an empty address is not shown on the site.",
            },
        ),
        (None, {"fields": ["updated_at"]}),
    ]

    def has_add_permission(self, request):
        return not ClinicProfile.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class TimeOfDayInput(forms.TimeInput):
    """A 24-hour time without seconds and without the admin's "Now" shortcut (a clinic's hours aren't "now")."""

    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs={"step": 300, **(attrs or {})}, format="%H:%M")


@admin.register(OpeningHours)
class OpeningHoursAdmin(admin.ModelAdmin):
    formfield_overrides = {models.TimeField: {"widget": TimeOfDayInput}}
    list_display = ["__str__", "weekday", "opens", "closes"]
    list_editable = ["opens", "closes"]
    list_filter = ["weekday"]
    ordering = ["weekday", "opens"]


@admin.register(Closure)
class ClosureAdmin(admin.ModelAdmin):
    formfield_overrides = {models.TimeField: {"widget": TimeOfDayInput}}
    list_display = ["reason", "start_date", "end_date", "start_time", "end_time"]
    list_filter = ["reason"]
    search_fields = ["reason"]
    date_hierarchy = "start_date"
    ordering = ["-start_date"]


class OrderedTextAdmin(admin.ModelAdmin):
    list_editable = ["order"]
    ordering = ["order", "id"]


@admin.register(FirstVisitSection)
class FirstVisitSectionAdmin(OrderedTextAdmin):
    list_display = ["heading", "order"]
    search_fields = ["heading", "text"]


@admin.register(FrequentQuestion)
class FrequentQuestionAdmin(OrderedTextAdmin):
    list_display = ["question", "order"]
    search_fields = ["question", "answer"]
