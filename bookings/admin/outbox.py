"""The email outbox: what went, what waits, what failed, and sending again."""

from django.contrib import admin
from django.shortcuts import redirect
from django.utils import timezone

from bookings import emails
from bookings.models import (
    OutboundEmail,
)


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "to", "subject", "sent_at", "attempts", "last_error"]
    list_filter = ["kind", "sent_at"]
    search_fields = ["to", "subject", "appointment__reference"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in OutboundEmail._meta.fields]
    actions = ["send_now"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Try sending the selected emails now", permissions=["change"])
    def send_now(self, request, queryset):
        queryset.filter(sent_at__isnull=True).update(next_attempt_at=timezone.now())
        unsent = queryset.filter(sent_at__isnull=True).values_list("pk", flat=True)
        sent = sum(emails.send(pk) is emails.Outcome.SENT for pk in unsent)
        self.message_user(request, f"{sent} email(s) sent.")
        return redirect(request.get_full_path())
