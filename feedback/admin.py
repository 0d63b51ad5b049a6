"""Patients' feedback in admin: each answer's rating and words (read-only: they are the patient's), which comments
the patient allowed to be shown, and the clinician's choice to show one on the site or stop showing it."""

from django import forms
from django.contrib import admin, messages
from django.template.loader import render_to_string
from django.utils import timezone

from feedback import answers
from feedback.models import Feedback


class ApprovedFilter(admin.SimpleListFilter):
    title = "on the site"
    parameter_name = "shown"

    def lookups(self, request, model_admin):
        return [("yes", "Shown"), ("waiting", "Allowed, not shown yet"), ("no", "Not shown")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.shown()
        if self.value() == "waiting":
            return queryset.waiting_for_approval()
        if self.value() == "no":
            return queryset.exclude(pk__in=Feedback.objects.shown().values("pk"))
        return queryset


class ShowOnSiteForm(forms.ModelForm):
    """The one thing the clinician decides on a feedback's page: whether its comment is shown on the site."""

    show = forms.BooleanField(
        label="Show this comment on the site",
        required=False,
        help_text="On the home, about and services pages, with the patient’s first name, initial and the month. "
        "The three newest comments shown are on the pages. The patient chose these words; if they say more about "
        "their health than they may have meant to publish, leave it unticked.",
    )

    class Meta:
        model = Feedback
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["show"].initial = self.instance.is_shown
        if not self.instance.publishable:
            self.fields["show"].disabled = True
            self.fields["show"].help_text = "The patient did not allow this to be shown (or wrote no comment)."


def pluralize_comment(count: int) -> str:
    return "comment" if count == 1 else "comments"


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    form = ShowOnSiteForm
    list_display = ["submitted_at", "rating", "comment_start", "may_publish", "shown", "appointment_link"]
    list_display_links = ["submitted_at"]
    list_filter = ["rating", "may_publish", ApprovedFilter]
    search_fields = ["comment", "shown_name"]
    date_hierarchy = "submitted_at"
    list_select_related = ["request__appointment"]
    actions = ["show_on_site", "stop_showing"]
    fields = ["show", "rating", "comment", "may_publish", "shown_name", "submitted_at", "updated_at", "approved_at",
              "appointment_link"]  # fmt: skip
    readonly_fields = ["rating", "comment", "may_publish", "shown_name", "submitted_at", "updated_at", "approved_at",
                       "appointment_link"]  # fmt: skip
    view_on_site = False  # its address is its admin page

    def has_add_permission(self, request):
        return False  # feedback comes only from patients, through their link

    @admin.display(description="comment")
    def comment_start(self, feedback):
        if not feedback.comment:
            return "—"
        return feedback.comment if len(feedback.comment) <= 80 else f"{feedback.comment[:80].rstrip()}…"

    @admin.display(description="on the site", boolean=True)
    def shown(self, feedback):
        return feedback.is_shown

    @admin.display(description="appointment")
    def appointment_link(self, feedback):
        return render_to_string("admin/feedback/appointment_link.html", {"appointment": feedback.request.appointment})

    def save_model(self, request, obj, form, change):
        """Only the approval changes, through `answers` (the patient's words are never saved from here)."""
        if "show" not in form.changed_data:
            return
        if form.cleaned_data["show"]:
            answers.approve([obj.pk], request.user, timezone.now())
        else:
            answers.withdraw([obj.pk])

    @admin.action(description="Show the selected comments on the site", permissions=["change"])
    def show_on_site(self, request, queryset):
        chosen = list(queryset.values_list("pk", flat=True))
        shown = answers.approve(chosen, request.user, timezone.now())
        self.message_user(request, f"{shown} {pluralize_comment(shown)} now shown on the site.", messages.SUCCESS)
        if shown < len(chosen):
            left = len(chosen) - shown
            self.message_user(
                request,
                f"{left} not changed: already shown, or the patient did not allow it (or wrote no comment).",
                messages.WARNING,
            )

    @admin.action(description="Stop showing the selected comments", permissions=["change"])
    def stop_showing(self, request, queryset):
        withdrawn = answers.withdraw(list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request, f"{withdrawn} {pluralize_comment(withdrawn)} no longer shown on the site.", messages.SUCCESS
        )

    def changelist_view(self, request, extra_context=None):
        average, count = answers.average_rating(timezone.now())
        extra = {"average_rating": average, "rated": count, "waiting": Feedback.objects.waiting_for_approval().count()}
        return super().changelist_view(request, {**extra, **(extra_context or {})})
