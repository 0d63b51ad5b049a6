"""What the clinician sets up once and reviews: services, booking rules and the safety questions."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from bookings.models import (
    BookingRules,
    SafetyQuestion,
    Service,
    new_calendar_token,
)


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "duration_minutes",
        "buffer_minutes",
        "price",
        "price_confirmed",
        "is_active",
        "display_order",
    ]
    list_editable = ["is_active", "display_order"]
    list_filter = ["is_active", "price_confirmed"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(BookingRules)
class BookingRulesAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "slot_interval_minutes",
        "min_notice_hours",
        "horizon_weeks",
        "allow_same_day",
        "max_upcoming_per_email",
        "cancellation_window_hours",
    ]
    readonly_fields = ["calendar_feed"]
    actions = ["regenerate_calendar_token"]

    def has_add_permission(self, request):
        return not BookingRules.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Your calendar feed")
    def calendar_feed(self, rules):
        from django.conf import settings

        url = f"{settings.SITE_URL}{reverse('bookings:clinic_calendar', args=[rules.calendar_token])}"
        return format_html(
            "<code>{}</code><br>Subscribe to this address in your phone’s calendar. Keep it private; "
            "use the “New calendar feed address” action if it leaks.",
            url,
        )

    @admin.action(description="New calendar feed address (the old one stops working)", permissions=["change"])
    def regenerate_calendar_token(self, request, queryset):
        for rules in queryset:
            rules.calendar_token = new_calendar_token()
            rules.save()
        self.message_user(request, "The calendar feed has a new address; update your calendar subscription.")


@admin.register(SafetyQuestion)
class SafetyQuestionAdmin(admin.ModelAdmin):
    """The red-flag questions asked before booking: the clinician reviews the wording, levels and reasons."""

    list_display = ["question", "concern_or_all", "level", "display_order", "is_active"]
    list_editable = ["display_order", "is_active"]
    list_filter = ["concern", "level", "is_active"]
    search_fields = ["question", "reason"]

    @admin.display(description="Area", ordering="concern")
    def concern_or_all(self, question):
        return question.get_concern_display() or "Every area"
