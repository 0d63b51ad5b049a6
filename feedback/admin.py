"""Patients' feedback in admin: each answer's rating and words (read-only: they are the patient's), which comments
the patient allowed to be shown, and the clinician's decision about each: shown on the site, or kept off it — on its
page, with one click on its row in the list, or for several at once with an action."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator
from django.views.decorators.http import require_POST

from feedback import answers
from feedback.models import Feedback


class ApprovedFilter(admin.SimpleListFilter):
    title = "on the site"
    parameter_name = "shown"

    def lookups(self, request, model_admin):
        return [("yes", "Shown"), ("waiting", "Waiting for your decision"), ("kept", "Kept off the site"),
                ("no", "Not shown")]  # fmt: skip

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.shown()
        if self.value() == "waiting":
            return queryset.waiting_for_approval()
        if self.value() == "kept":
            return queryset.kept_off()
        if self.value() == "no":
            return queryset.exclude(pk__in=Feedback.objects.shown().values("pk"))
        return queryset


SHOW, KEEP_OFF = "show", "keep_off"
DECISIONS = [(SHOW, "Show it on the site"), (KEEP_OFF, "Keep it off the site")]


class ShowOnSiteForm(forms.ModelForm):
    """The one thing the clinician decides on a feedback's page: whether its comment is shown on the site."""

    decision = forms.ChoiceField(
        label="On the site",
        choices=DECISIONS,
        required=False,
        widget=forms.RadioSelect,
        help_text="Shown: on the home, about and services pages, with the patient’s first name, initial and the "
        "month; the three newest shown are on the pages. The patient chose these words; if they say more about "
        "their health than they may have meant to publish, keep it off the site.",
    )

    class Meta:
        model = Feedback
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        feedback = self.instance
        self.fields["decision"].initial = SHOW if feedback.is_shown else KEEP_OFF if feedback.kept_off_at else None
        if not feedback.publishable:
            self.fields["decision"].disabled = True
            self.fields["decision"].help_text = "The patient did not allow this to be shown (or wrote no comment)."


def feedback_state(feedback) -> str:
    return "shown on the site" if feedback.is_shown else "kept off the site" if feedback.kept_off_at else "private"


def pluralize_comment(count: int) -> str:
    return "comment" if count == 1 else "comments"


def decide(model_admin, request, decision, feedback_ids, *, log=True) -> int:
    """The clinician's decision about these comments, from a page, a row or an action, each one it changes written to
    the comment's history (a page's Save writes its own); how many it changed."""
    now = timezone.now()
    undecided = {"approved_at__isnull": True} if decision == SHOW else {"kept_off_at__isnull": True}
    changing = list(Feedback.objects.publishable().filter(pk__in=feedback_ids, **undecided))
    if decision == SHOW:
        changed = answers.approve([f.pk for f in changing], request.user, now)
    else:
        changed = answers.keep_off([f.pk for f in changing], now)
    for feedback in changing if log else []:
        model_admin.log_change(request, feedback, "Shown on the site" if decision == SHOW else "Kept off the site")
    return changed


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    form = ShowOnSiteForm
    list_display = ["submitted_at", "rating", "comment_start", "on_the_site", "appointment_link"]  # "on the site"
    # says "Private: not allowed" where the patient did not tick the box: no ✓/✗ column read as "True" on a phone
    list_display_links = ["submitted_at"]
    list_filter = ["rating", "may_publish", ApprovedFilter]
    search_fields = ["comment", "shown_name"]
    date_hierarchy = "submitted_at"
    list_select_related = ["request__appointment"]
    actions = ["show_on_site", "keep_off_site"]
    fields = [
        "rating",
        "comment",
        "may_publish",
        "decision",
        "shown_name",
        "submitted_at",
        "updated_at",
        "approved_at",
        "kept_off_at",
        "appointment_link",
    ]  # fmt: skip  (the words before the decision)
    readonly_fields = ["rating", "comment", "may_publish", "shown_name", "submitted_at", "updated_at", "approved_at",
                       "kept_off_at", "appointment_link"]  # fmt: skip
    view_on_site = False  # its address is its admin page

    def has_add_permission(self, request):
        return False  # feedback comes only from patients, through their link

    @admin.display(description="comment")
    def comment_start(self, feedback):
        """Whole where the clinician may decide to show it (they judge the words, all of them), else its start."""
        if not feedback.comment:
            return "—"
        return feedback.comment if feedback.may_publish else Truncator(feedback.comment).chars(80)

    @admin.display(description="appointment")
    def appointment_link(self, feedback):
        return render_to_string("admin/feedback/appointment_link.html", {"appointment": feedback.request.appointment})

    def get_list_display(self, request):
        """With the right to decide, each row has its one-click decisions (`decide`)."""
        decided_here = "on_the_site_with_buttons" if self.has_change_permission(request) else "on_the_site"
        return [decided_here if name == "on_the_site" else name for name in self.list_display]

    @admin.display(description="on the site")
    def on_the_site(self, feedback):
        return render_to_string("admin/feedback/on_the_site.html", {"feedback": feedback})

    @admin.display(description="on the site")
    def on_the_site_with_buttons(self, feedback):
        return render_to_string("admin/feedback/on_the_site.html", {"feedback": feedback, "buttons": True})

    def save_model(self, request, obj, form, change):
        """Only the decision changes, through `answers` (the patient's words are never saved from here)."""
        if "decision" in form.changed_data:
            decide(self, request, form.cleaned_data["decision"], [obj.pk], log=False)  # the change view logs it

    def get_urls(self):
        decide_view = self.admin_site.admin_view(self.decide)
        return [path("<int:pk>/decide/", decide_view, name="feedback_feedback_decide"), *super().get_urls()]

    @method_decorator(require_POST)
    def decide(self, request, pk):
        """A row's "Show" or "Keep off the site" in the list: one click, back to the list as it was."""
        feedback = get_object_or_404(Feedback, pk=pk)
        if not self.has_change_permission(request, feedback):
            raise PermissionDenied
        decision = request.POST.get("decision")
        if decision not in (SHOW, KEEP_OFF):
            return HttpResponseBadRequest("Choose to show the comment or to keep it off the site.")
        words = f"“{Truncator(feedback.comment).chars(60)}” ({feedback})"
        if decide(self, request, decision, [pk]):
            done = "Shown on the site" if decision == SHOW else "Kept off the site"
            self.message_user(request, f"{done}: {words}.", messages.SUCCESS)
        else:  # a second click, or a tab older than the decision
            self.message_user(request, f"Nothing changed: {words} was already {feedback_state(feedback)}.",
                              messages.WARNING)  # fmt: skip
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}, require_https=request.is_secure()):
            back = reverse("admin:feedback_feedback_changelist")
        return redirect(back)

    @admin.action(description="Show the selected comments on the site", permissions=["change"])
    def show_on_site(self, request, queryset):
        chosen = list(queryset.values_list("pk", flat=True))
        shown = decide(self, request, SHOW, chosen)
        self.message_user(request, f"{shown} {pluralize_comment(shown)} now shown on the site.", messages.SUCCESS)
        if shown < len(chosen):
            left = len(chosen) - shown
            self.message_user(
                request,
                f"{left} not changed: already shown, or the patient did not allow it (or wrote no comment).",
                messages.WARNING,
            )

    @admin.action(description="Keep the selected comments off the site", permissions=["change"])
    def keep_off_site(self, request, queryset):
        chosen = list(queryset.values_list("pk", flat=True))
        kept = decide(self, request, KEEP_OFF, chosen)
        self.message_user(request, f"{kept} {pluralize_comment(kept)} kept off the site.",
                          messages.SUCCESS if kept else messages.WARNING)  # fmt: skip
        if kept < len(chosen):
            left = len(chosen) - kept
            self.message_user(request, f"{left} not changed: already kept off, or private.", messages.WARNING)

    def changelist_view(self, request, extra_context=None):
        average, count = answers.average_rating(timezone.now())
        extra = {"average_rating": average, "rated": count, "waiting": Feedback.objects.waiting_for_approval().count()}
        return super().changelist_view(request, {**extra, **(extra_context or {})})
