"""The email outbox: what went, what waits, what failed, and sending again.

An email's page reads as the email does: its HTML part in a sandboxed frame (served by `preview_view` with a policy
of its own, so no script, form or plug-in in it runs, and its inline styles do), its text part beside, and who it
went to and who a reply reaches."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.csp import CSP
from django.utils.decorators import method_decorator
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override

from bookings import emails
from bookings.models import (
    ContactMessage,
    OutboundEmail,
)

# The HTML part's own page: nothing in it may run, load or submit; only its inline styles apply.
PREVIEW_CSP = {
    "default-src": [CSP.NONE],
    "style-src": [CSP.UNSAFE_INLINE],
    "img-src": ["data:"],
    "form-action": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.SELF],
    "sandbox": True,
}


def kind_label(kind):
    return emails.KIND_LABELS.get(kind, kind)


def status_in_words(email):
    if email.sent_at is not None:
        return "Sent"
    if not email.is_waiting:
        return f"Not sent: gave up after {email.attempts} attempts"
    if email.last_error:
        return "Not sent yet: the last attempt failed and it will be tried again"
    return "Waiting to be sent"


class KindFilter(admin.SimpleListFilter):
    title = "kind"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return list(emails.KIND_LABELS.items())

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


class StatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("sent", "Sent"), ("waiting", "Waiting to be sent"), ("gave_up", "Not sent: gave up")]

    def queryset(self, request, queryset):
        return {
            "sent": queryset.filter(sent_at__isnull=False),
            "waiting": queryset.waiting(),
            "gave_up": queryset.gave_up(),
        }.get(self.value(), queryset)


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    # Four columns, to fit a phone: the status says how many attempts; the subject and the last error are on the
    # email's own page.
    list_display = ["created_at", "kind_in_words", "to", "status"]
    list_filter = [StatusFilter, KindFilter]
    search_fields = ["to", "subject", "appointment__reference"]
    date_hierarchy = "created_at"
    view_on_site = False  # an email is read here (its preview), not on the site
    readonly_fields = [
        "subject", "to", "reply_to", "kind_in_words", "status", "attempts", "next_attempt_at", "last_error",
        "appointment", "created_at", "sent_at",
    ]  # fmt: skip
    actions = ["send_now"]

    def has_add_permission(self, request):
        return False

    def get_fields(self, request, obj=None):
        # A time for the next attempt means something only while the email still waits to go.
        return [f for f in self.readonly_fields if f != "next_attempt_at" or (obj is not None and obj.is_waiting)]

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        return [
            path("<int:object_id>/preview/", preview, name="bookings_outboundemail_preview"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        email = self.get_object(request, object_id)
        if email is not None:  # the page's heading in words, not the kind's code
            subtitle = f"{kind_label(email.kind)} to {email.to}: {status_in_words(email).lower()}"
            extra_context = {**(extra_context or {}), "subtitle": subtitle}
        return super().change_view(request, object_id, form_url, extra_context)

    @method_decorator(xframe_options_sameorigin)
    @method_decorator(csp_override(PREVIEW_CSP))
    def preview_view(self, request, object_id):
        email = get_object_or_404(OutboundEmail, pk=object_id)
        if not self.has_view_permission(request, email):
            raise PermissionDenied
        return HttpResponse(email.body_html, content_type="text/html; charset=utf-8")

    @admin.display(description="kind", ordering="kind")
    def kind_in_words(self, email):
        return kind_label(email.kind)

    @admin.display(description="reply-to")
    def reply_to(self, email):
        return emails.reply_to(email)

    @admin.display(description="status")
    def status(self, email):
        return status_in_words(email)

    @admin.action(description="Try sending the selected emails now", permissions=["change"])
    def send_now(self, request, queryset):
        queryset.filter(sent_at__isnull=True).update(next_attempt_at=timezone.now())
        unsent = queryset.filter(sent_at__isnull=True).values_list("pk", flat=True)
        sent = sum(emails.send(pk) is emails.Outcome.SENT for pk in unsent)
        self.message_user(request, f"{sent} email(s) sent.")
        return redirect(request.get_full_path())


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    """Messages from the contact page: read here (each was also emailed to you), answered by email, deleted after
    the keeping period (or by you, once answered)."""

    list_display = ["name", "email", "received_at", "opening"]
    search_fields = ["name", "email", "message"]
    date_hierarchy = "received_at"
    fields = ["name", "email", "received_at", "message"]
    readonly_fields = fields
    view_on_site = False

    def has_add_permission(self, request):
        return False

    @admin.display(description="message")
    def opening(self, obj):
        return obj.message if len(obj.message) <= 80 else obj.message[:79] + "…"
