"""Follow-ups in admin, read-only (what the patient answered is theirs) but for marking a "worse" answer as seen, and
the outcomes report with its CSV, each behind the permission to view follow-ups."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from outcomes import report
from outcomes.models import FollowUp

VIEW = "outcomes.view_followup"


class ToSeeFilter(admin.SimpleListFilter):
    title = "your attention"
    parameter_name = "to_see"

    def lookups(self, request, model_admin):
        return [("yes", "Worse, not marked as seen")]

    def queryset(self, request, queryset):
        return queryset.to_see() if self.value() == "yes" else queryset


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
        ToSeeFilter,
    ]
    search_fields = ["appointment__reference", "appointment__patient_name"]
    date_hierarchy = "due_on"
    list_select_related = ["appointment"]
    readonly_fields = ["appointment", "number", "due_on", "answers", "change", "sent_at", "answered_at", "stopped_at",
                       "seen_at"]  # fmt: skip
    fields = readonly_fields
    change_list_template = "admin/outcomes/followup/change_list.html"
    view_on_site = False  # its own address is this page: the patient's page is reached only by their signed link

    def has_add_permission(self, request):
        return False  # made by the sweep after a completed visit

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="patient (appointment)", ordering="appointment__start")
    def appointment_link(self, followup):
        """Whose it is: the row's own link names the follow-up by its appointment's reference already."""
        url = reverse("admin:bookings_appointment_change", args=[followup.appointment_id])
        name = followup.appointment.patient_name or "(name removed)"
        return format_html('<a href="{}">{}</a>', url, name)

    @admin.display(description="compared with before", ordering="answered_at")
    def answer(self, followup):
        """The patient's own word on how they are, and when: "Worse" is the row the clinician was emailed about."""
        if followup.answered_at is None:
            return "—"
        answered = f"{followup.get_change_display()} ({timezone.localtime(followup.answered_at):%-d %b %Y})"
        return f"{answered}: not marked as seen" if followup.to_see else answered

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
        seen = path("<int:pk>/seen/", self.admin_site.admin_view(self.seen), name="outcomes_followup_seen")
        return [*pages, seen, *super().get_urls()]

    def may_mark_seen(self, request) -> bool:
        """Marking an answer as seen is the one change to a follow-up (its answers are the patient's): the permission
        to change follow-ups, which the admin's forms never use."""
        return request.user.has_perm("outcomes.change_followup")

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["may_mark_seen"] = obj is not None and obj.to_see and self.may_mark_seen(request)
        return super().render_change_form(request, context, add, change, form_url, obj)

    @method_decorator(require_POST)
    def seen(self, request, pk):
        """One tap on the follow-up's page: a "worse" answer the clinician has seen leaves the admin home's list."""
        followup = get_object_or_404(FollowUp, pk=pk)
        if not self.may_mark_seen(request):
            raise PermissionDenied
        if FollowUp.objects.to_see().filter(pk=pk).update(seen_at=timezone.now()):
            self.log_change(request, followup, "Marked as seen")
            self.message_user(request, f"Marked as seen: {followup}.", messages.SUCCESS)
        if request.GET.get("_changelist_filters"):  # opened from a list (the home's "to see to"): back to it
            return redirect(f"{reverse('admin:outcomes_followup_changelist')}?{request.GET['_changelist_filters']}")
        return redirect("admin:outcomes_followup_change", pk)

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
