"""Follow-ups in admin, read-only (what the patient answered is theirs), and the outcomes report with its CSV,
each behind the permission to view follow-ups."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from outcomes import report
from outcomes.models import FollowUp

VIEW = "outcomes.view_followup"


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    # The change link is the follow-up's own name: the appointment's column is a link of its own, and a link inside
    # Django's row link left that link empty (axe: link-name).
    list_display = ["__str__", "state", "due_on", "appointment_link", "answer"]
    list_display_links = ["__str__"]
    list_filter = [
        "number",
        ("sent_at", admin.EmptyFieldListFilter),
        ("answered_at", admin.EmptyFieldListFilter),
        "change",  # "Much worse" and "Worse" are the answers the clinician is emailed about
    ]
    search_fields = ["appointment__reference"]
    date_hierarchy = "due_on"
    list_select_related = ["appointment"]
    readonly_fields = ["appointment", "number", "due_on", "answers", "change", "sent_at", "answered_at", "stopped_at"]
    fields = readonly_fields
    change_list_template = "admin/outcomes/followup/change_list.html"
    view_on_site = False  # its own address is this page: the patient's page is reached only by their signed link

    def has_add_permission(self, request):
        return False  # made by the sweep after a completed visit

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="appointment", ordering="appointment__start")
    def appointment_link(self, followup):
        url = reverse("admin:bookings_appointment_change", args=[followup.appointment_id])
        return format_html('<a href="{}">{}</a>', url, followup.appointment.reference)

    @admin.display(description="compared with before", ordering="answered_at")
    def answer(self, followup):
        """The patient's own word on how they are, and when: "Worse" is the row the clinician was emailed about."""
        if followup.answered_at is None:
            return "—"
        return f"{followup.get_change_display()} ({timezone.localtime(followup.answered_at):%-d %b %Y})"

    @admin.display(description="activities (before the visit → now)")
    def answers(self, followup):
        return render_to_string("admin/outcomes/followup/answers.html", {"followup": followup})

    def get_urls(self):
        def page(route, view, name):
            def admin_page(request):
                if not request.user.has_perm(VIEW):
                    raise PermissionDenied
                return view(request)

            return path(route, self.admin_site.admin_view(admin_page), name=f"outcomes_followup_{name}")

        pages = [page("report/", self.report_view, "report"), page("report.csv", self.csv_view, "csv")]
        return [*pages, *super().get_urls()]

    def report_view(self, request):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Outcomes report",
            "report": report.build(),
            "important_average": report.IMPORTANT_AVERAGE,
            "important_single": report.IMPORTANT_SINGLE,
        }
        return TemplateResponse(request, "admin/outcomes/report.html", context)

    def csv_view(self, request):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="outcomes-{timezone.localdate():%Y-%m-%d}.csv"'
        report.write_csv(response)
        return response
