from django.contrib import admin
from django.utils import timezone

from bookings.models import Appointment, BookingRules, Service


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "duration_minutes", "buffer_minutes", "price", "is_active", "display_order"]
    list_editable = ["is_active", "display_order"]
    list_filter = ["is_active"]
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

    def has_add_permission(self, request):
        return not BookingRules.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    list_display = ["reference", "uk_start", "service", "patient_name", "concern", "status"]
    list_filter = ["status", "service", "start"]
    search_fields = ["reference", "patient_name", "email", "phone"]
    date_hierarchy = "start"
    list_select_related = ["service"]
    readonly_fields = [
        "reference",
        "end",
        "hold_until",
        "consent_at",
        "privacy_notice_version",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["reference", "status", "service", "start", "end", "hold_until"]}),
        ("Patient", {"fields": ["patient_name", "email", "phone", "concern", "notes"]}),
        ("Consent", {"fields": ["consent_at", "privacy_notice_version"]}),
        (None, {"fields": ["created_at", "updated_at"]}),
    ]

    @admin.display(description="Start (UK time)", ordering="start")
    def uk_start(self, appointment):
        return timezone.localtime(appointment.start).strftime("%a %d %b %Y, %H:%M")
