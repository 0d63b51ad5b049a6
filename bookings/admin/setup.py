"""What the clinician sets up once and reviews: services, booking rules and the safety questions."""

from django.contrib import admin
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
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
        "compact_first",
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


class ReviewFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("due", "Needs reviewing")]

    def queryset(self, request, queryset):
        return queryset.unreviewed() if self.value() == "due" else queryset


@admin.register(SafetyQuestion)
class SafetyQuestionAdmin(admin.ModelAdmin):
    """The red-flag questions asked before booking: the clinician reviews the wording, timeframes and reasons.
    Saving a question from its page, or the "Mark as reviewed" action, records when they last did."""

    list_display = [
        "question",
        "concern_or_all",
        "asks_about",
        "display_order",
        "is_active",
        "last_reviewed",
    ]
    list_editable = ["display_order", "is_active"]
    view_on_site = False  # asked on the booking form, not a page of its own
    list_filter = [ReviewFilter, "concern", "timeframe", "is_active"]
    search_fields = ["question", "reason", "why_asked"]
    fields = [
        "concern",
        "question",
        "timeframe",
        "advice",
        "worrying_answer",
        "reason",
        "why_asked",
        "display_order",
        "is_active",
        "last_reviewed",
    ]
    readonly_fields = ["advice", "last_reviewed"]
    actions = ["mark_reviewed"]

    @admin.display(description="Area", ordering="concern")
    def concern_or_all(self, question):
        return question.get_concern_display() or "Every area"

    @admin.display(description="Advice", ordering="level")
    def advice(self, question):
        level = question.advice_level
        return SafetyQuestion.Level(level).label if level else "Follows the timeframe"

    @admin.display(description="Asks about", ordering="level")
    def asks_about(self, question):
        """The timeframe, the advice it gives and the answer that gives it, in the list's narrow column."""
        advice = self.advice(question).split(":")[0].lower()
        return f"{question.get_timeframe_display()} — {advice} if {question.get_worrying_answer_display().lower()}"

    @admin.display(description="Last reviewed", ordering="reviewed_at")
    def last_reviewed(self, question):
        if question.reviewed_at is None:
            return "Never"
        reviewed = date_format(timezone.localtime(question.reviewed_at), "j M Y")
        return f"{reviewed}, rewritten since" if question.rewritten_since_review else reviewed

    @admin.action(description="Mark as reviewed", permissions=["change"])
    def mark_reviewed(self, request, queryset):
        count = queryset.update(reviewed_at=timezone.now())
        self.message_user(request, f"{count} question{pluralize(count)} marked as reviewed.")

    def save_model(self, request, question, form, change):
        # Saved from its own page, with its wording in front of the clinician: reviewed. (The list's order and
        # "asked" columns save without the wording, so they are not.)
        if "question" in form.fields:
            question.reviewed_at = timezone.now()
        super().save_model(request, question, form, change)
