"""The exercise library and programmes in admin: give one from an appointment ("Give exercises"), starting from a
template or the patient's previous programme; every save keeps a version; the patient is emailed their link once."""

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import OuterRef, Subquery
from django.forms.models import BaseInlineFormSet
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import path
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from bookings.models import Appointment, BookingRules
from care import programmes, progress, reminders
from care.links import programme_path
from care.models import MAX_PAIN, Exercise, ExerciseImage, Programme, ProgrammeExercise, ProgrammeVersion, SessionLog
from core.adminlabels import RowLabelledFormSet

REVIEW_AFTER = dt.timedelta(weeks=6)  # the review date a new programme starts with (the clinician changes it)


class StartingItemForm(forms.ModelForm):
    """A row copied from a template or the previous programme is saved even if the clinician leaves it as it is."""

    class Meta:
        model = ProgrammeExercise
        fields = [
            "order", "exercise", "sets", "reps", "hold_seconds", "rest_seconds", "load", "times_per_day",
            "days_per_week", "note",
        ]  # fmt: skip

    def has_changed(self):
        return super().has_changed() or bool(self.initial.get("exercise"))


class NumberedRowsFormSet(RowLabelledFormSet):
    """A new row takes its place in the list: drawn by the server it is numbered after the rows above it; added in
    the browser ("Add another", a copy of a blank row) or left blank, it is saved at its position. Each new row
    offered 0 before, so rows added in the browser came first for the patient."""

    order_field = "order"

    def add_fields(self, form, index):
        super().add_fields(form, index)
        field = form.fields.get(self.order_field)
        if field is None or form.instance.pk is not None:
            return
        field.required = False
        if index is None:
            field.initial = None  # the browser's template row: blank, numbered when saved
        elif self.order_field not in form.initial:
            field.initial = index + 1

    def save_new(self, form, commit=True):
        if form.cleaned_data.get(self.order_field) is None:
            setattr(form.instance, self.order_field, self.forms.index(form) + 1)
        return super().save_new(form, commit)


class PictureFormSet(NumberedRowsFormSet):
    row_name = "Picture"
    order_field = "display_order"


class LabelledFormSet(NumberedRowsFormSet):
    """An exercise's inputs named with their row and numbered in order; and an exercise appears once in a programme
    (the patient ticks it by name when they log a session)."""

    row_name = "Exercise"

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            exercise = form.cleaned_data.get("exercise")
            if exercise is None:
                continue
            if exercise.pk in seen:
                raise forms.ValidationError(
                    f"“{exercise.name}” is in the programme twice: give it once, with its whole dose (its sets, "
                    "and how many times a day)."
                )
            seen.add(exercise.pk)
        if not seen and not any(form.errors for form in self.forms):
            # An empty programme gives the patient an empty page: a Save pressed on an untouched form made one.
            raise forms.ValidationError("Add at least one exercise: a programme needs one before it is saved.")


class ExerciseImageInline(admin.StackedInline):
    """Each picture as a block with its thumbnail: as a table, a phone clipped the file field and showed no picture,
    so the clinician could not tell which description went with which drawing."""

    model = ExerciseImage
    formset = PictureFormSet
    extra = 1
    fields = [("thumbnail", "image"), "alt", "display_order"]  # the picture beside its file, wrapping on a phone
    readonly_fields = ["thumbnail"]
    classes = ["exercise-pictures"]  # admin.css
    verbose_name = "picture"
    verbose_name_plural = "pictures"

    @admin.display(description="preview")
    def thumbnail(self, image):
        if not image.renditions:
            return "—"  # a new row: the picture appears here once saved
        # alt is empty: the description is the field below, read next
        return format_html('<img src="{}" alt="" width="160" class="exercise-thumbnail">', image.picture.smallest_url)


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    list_display = ["name", "region_names", "picture_count"]
    list_filter = ["regions"]
    search_fields = ["name", "cues"]
    inlines = [ExerciseImageInline]
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    view_on_site = False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("regions").annotate(pictures=models.Count("images"))

    @admin.display(description="body regions")
    def region_names(self, exercise):
        return ", ".join(region.name for region in exercise.regions.all())

    @admin.display(description="pictures", ordering="pictures")
    def picture_count(self, exercise):
        return exercise.pictures


class ProgrammeExerciseInline(admin.StackedInline):
    """Each exercise as a short block of labelled fields (its dose on one line), which fits a 1280 px screen and a
    phone alike: as a table its ten columns ran to 1,500 px."""

    model = ProgrammeExercise
    form = StartingItemForm
    formset = LabelledFormSet
    fieldsets = [
        (None, {"fields": [
            ("exercise", "order"),
            ("sets", "reps", "hold_seconds", "rest_seconds"),
            ("load", "times_per_day", "days_per_week"),
            "note",
        ]}),
    ]  # fmt: skip
    classes = ["programme-items"]  # admin.css
    verbose_name = "exercise"
    verbose_name_plural = "exercises"

    def get_extra(self, request, obj=None, **kwargs):
        source = starting_point(request) if obj is None else None
        return len(programmes.starting_items(source)) if source else (3 if obj is None else 1)


class SessionLogFormSet(BaseInlineFormSet):
    """Each log's one input, its flag, is named for a screen reader by its day (a table's heading is for the eye)."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "needs_attention" in form.fields and form.instance.pk:
            form.fields["needs_attention"].widget.attrs["aria-label"] = f"{form.instance}: needs your attention"


class SessionLogInline(admin.TabularInline):
    """The patient's logs, latest first; the clinician unticks "needs your attention" once they have looked."""

    model = SessionLog
    formset = SessionLogFormSet
    fields = ["day", "exercises_done", "pain", "highest_pain", "pain_when", "note", "needs_attention"]
    readonly_fields = ["day", "exercises_done", "pain", "highest_pain", "pain_when", "note"]
    extra = 0
    can_delete = False
    view_on_site = False  # its address is the admin page it is shown on
    verbose_name_plural = "sessions the patient logged"
    classes = ["programme-logs"]

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="exercises done")
    def exercises_done(self, log):
        return ", ".join(log.done) if log.done else "None ticked"


class ProgrammeVersionInline(admin.TabularInline):
    """Each version as saved, latest first: the first row is what the patient sees now."""

    model = ProgrammeVersion
    fields = ["version", "saved_at", "contents"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    view_on_site = False  # its address is the admin page it is shown on
    verbose_name_plural = "versions (one kept at each save that changed it)"

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        last = ProgrammeVersion.objects.filter(programme=OuterRef("programme")).order_by("-number").values("number")
        return super().get_queryset(request).annotate(last_number=Subquery(last[:1]))

    @admin.display(description="version")
    def version(self, version):
        current = getattr(version, "last_number", None) == version.number
        return f"{version.number} (what the patient sees now)" if current else str(version.number)

    @admin.display(description="what the patient saw")
    def contents(self, version):
        return render_to_string("admin/care/programme/version.html", {"version": programmes.readable(version.content)})


def starting_point(request):
    """The programme a new one starts from (`?start_from=`): a template, or a programme given to a patient."""
    pk = request.GET.get("start_from", "")
    return Programme.objects.filter(pk=pk).first() if pk.isdigit() else None


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    # No "template" column: its ✖ on every patient's programme read as an error; the name says "Template: …".
    list_display = ["__str__", "start_date", "review_date", "emailed_at", "alerts"]
    list_filter = ["is_template", ("logs__needs_attention", admin.BooleanFieldListFilter)]
    search_fields = ["title", "appointment__reference", "appointment__patient_name", "appointment__email"]
    date_hierarchy = "created_at"
    raw_id_fields = ["appointment"]
    fields = ["appointment", "is_template", "title", "start_date", "review_date", "patient_link", "reminder_emails"]
    readonly_fields = ["patient_link", "reminder_emails"]
    inlines = [ProgrammeExerciseInline, SessionLogInline, ProgrammeVersionInline]
    view_on_site = False  # its address is this page: the patient's page is the signed link shown on it

    def get_queryset(self, request):
        # distinct: the list's "needs attention" filter joins the logs again, which would multiply the count
        attention = models.Count("logs", filter=models.Q(logs__needs_attention=True), distinct=True)
        return super().get_queryset(request).select_related("appointment").annotate(attention=attention)

    def get_fields(self, request, obj=None):
        """The patient's page and their reminder choice exist once a patient's programme is saved: a new one or a
        template showed two empty rows."""
        fields = super().get_fields(request, obj)
        if obj is None or obj.is_template:
            return [name for name in fields if name not in ("patient_link", "reminder_emails")]
        return fields

    def get_inlines(self, request, obj):
        """A new programme has no versions or logs yet: only its exercises."""
        return self.inlines if obj is not None else [ProgrammeExerciseInline]

    @admin.display(description="painful logs", ordering="attention")
    def alerts(self, programme):
        return programme.attention

    @admin.display(description="the patient’s page")
    def patient_link(self, programme):
        return format_html('<a href="{}">Open the patient’s page (to print it, or to check it)</a>',
                           programme_path(programme))  # fmt: skip

    @admin.display(description="reminder emails")
    def reminder_emails(self, programme):
        """The patient's own choice, made on their page: shown, never set here."""
        days = reminders.in_words(programme.reminder_weekdays)
        if days:
            return f"On {days}, as the patient chose"
        if not programme.appointment.email:
            return "None (no email address to send them to)"
        return "None (the patient can choose them on their page)"

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        source = starting_point(request)
        today = timezone.localdate()
        if source is not None:
            initial.setdefault("title", source.title)
        if "appointment" in initial:
            initial.setdefault("start_date", today)
            initial.setdefault("review_date", today + REVIEW_AFTER)
        return initial

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        source = starting_point(request)
        if isinstance(inline, ProgrammeExerciseInline) and obj.pk is None and source and request.method == "GET":
            kwargs["initial"] = programmes.starting_items(source)
        return kwargs

    def get_urls(self):
        seen = self.admin_site.admin_view(self.attention_seen)
        return [path("<int:pk>/seen/", seen, name="care_programme_attention_seen"), *super().get_urls()]

    @staticmethod
    def flagged_logs(programme):
        return programme.logs.filter(needs_attention=True).order_by("day") if programme.pk else []

    @method_decorator(require_POST)
    def attention_seen(self, request, pk):
        """One tap from the top of the programme's page: every flagged log marked as seen. A later painful log flags
        (and emails) again."""
        programme = get_object_or_404(Programme, pk=pk)
        if not self.has_change_permission(request, programme):
            raise PermissionDenied
        cleared = self.flagged_logs(programme).update(needs_attention=False)
        if cleared:
            messages.success(request, f"Marked as seen: {cleared} log{'s' if cleared != 1 else ''}.")
        return redirect("admin:care_programme_change", programme.pk)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        appointment_pk = request.GET.get("appointment", "")
        appointment = Appointment.objects.filter(pk=appointment_pk).first() if appointment_pk.isdigit() else None
        appointment = appointment or (obj.appointment if obj else None)
        threshold = BookingRules.load().pain_alert_threshold
        flagged = list(self.flagged_logs(obj)) if obj else []
        context.update(
            progress=progress.for_programme(obj, timezone.localdate(), threshold=threshold) if obj else None,
            templates=Programme.objects.templates().order_by("title") if add else [],
            previous=programmes.previous_programme(appointment, exclude=obj) if appointment else None,
            # A second programme at one visit is a second link and email: the clinician should mean it.
            already_given=list(appointment.programmes.all()) if add and appointment else [],
            for_appointment=appointment,
            flagged=flagged,
            flagged_urgent=any(log.highest_pain >= MAX_PAIN for log in flagged),  # told NHS 111 / 999 as well
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_related(self, request, form, formsets, change):
        programme = form.instance
        before = programme.items.count() if change else 0
        super().save_related(request, form, formsets, change)
        programmes.keep_version(programme)
        count = programme.items.count()
        # Each warning once, at the save it is about (exercises added past eight; the first exercises of a programme
        # with no one to email), not again at every later save, such as clearing a log's flag.
        if programmes.too_many(count) and count > before:
            messages.warning(
                request,
                f"This programme has {count} exercises. Adherence falls as lists grow: "
                "could some wait for the next review?",
            )
        if programme.is_template:
            return
        if programmes.email_link(programme) is not None:
            messages.success(request, "The patient has been emailed the link to their programme.")
        elif not programme.appointment.email and before == 0:
            messages.warning(
                request,
                "This patient has no email address: phone the patient, or give them the printout "
                "(open the patient’s page below and print it).",
            )
