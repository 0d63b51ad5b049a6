"""Who waits for which times, and what became of each offer."""

from django.contrib import admin
from django.db import models
from django.utils import timezone

from bookings import waitlist
from bookings.models import (
    WaitlistEntry,
    WaitlistOffer,
)


class WaitlistOfferInline(admin.TabularInline):
    model = WaitlistOffer
    extra = 0
    fields = ["start", "offered_at", "expires_at", "outcome", "appointment"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = "times offered"
    view_on_site = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(WaitlistEntry)
class WaitlistEntryAdmin(admin.ModelAdmin):
    """Who is waiting, for what, and what they were offered. Entries are made by patients (with their consent);
    the clinician can read them, take someone off, and see each offer's outcome."""

    list_display = ["patient_name", "service", "wishes", "dates", "status", "joined_at", "offers_made"]
    list_filter = ["status", "service"]
    search_fields = ["patient_name", "email", "phone"]
    list_select_related = ["service"]
    inlines = [WaitlistOfferInline]
    actions = ["take_off"]
    view_on_site = False
    fields = [
        "status", "service", "days", "parts", "earliest", "latest", "patient_name", "email", "phone",
        "concern", "joined_at", "ended_at", "appointment", "consent_at", "privacy_notice_version",
    ]  # fmt: skip
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(offer_count=models.Count("offers"))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # what suits a patient is theirs to change (their link); the clinician reads

    @admin.display(description="Days that suit")
    def days(self, entry):
        return entry.weekday_names()

    @admin.display(description="Parts of the day that suit")
    def parts(self, entry):
        return entry.parts_of_day_names()

    @admin.display(description="Suits")
    def wishes(self, entry):
        return f"{entry.weekday_names()}; {entry.parts_of_day_names()}"

    @admin.display(description="Dates", ordering="earliest")
    def dates(self, entry):
        return f"{entry.earliest:%-d %b} – {entry.latest:%-d %b %Y}"

    @admin.display(description="Offers", ordering="offer_count")
    def offers_made(self, entry):
        return entry.offer_count

    @admin.action(description="Take off the waitlist", permissions=["delete"])
    def take_off(self, request, queryset):
        now = timezone.now()
        taken = [entry.patient_name for entry in queryset if waitlist.leave(entry, now)]
        self.message_user(request, f"Taken off the waitlist: {', '.join(taken) or 'nobody (none were waiting)'}.")
