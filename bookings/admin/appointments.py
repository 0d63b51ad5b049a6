"""Appointments: the list, the page (safety answers, questionnaire, decisions), edits, and the list's actions."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.views.main import SEARCH_VAR
from django.db.models import Value
from django.db.models.functions import Replace
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from bookings import booking, clashes, reports, triage, workflow
from bookings.admin import pages
from bookings.booking import SlotTaken
from bookings.forms import VisibleTextField
from bookings.models import (
    Appointment,
    AppointmentEvent,
    Questionnaire,
    SafetyAdvice,
    SafetyQuestion,
)
from clinic.hours import current_schedule


class AppointmentEventInline(admin.TabularInline):
    model = AppointmentEvent
    extra = 0
    fields = ["when", "change", "note"]  # three columns, so the history fits a phone without a scroll box
    readonly_fields = fields
    can_delete = False
    view_on_site = False  # its address is the admin page it is shown on
    verbose_name_plural = "history"
    classes = ["appointment-history"]  # admin.css: no repeat of each row as a line of text above it

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="When (UK time)")
    def when(self, event):
        return timezone.localtime(event.at).strftime("%a %-d %b %Y, %H:%M")

    @admin.display(description="Change")
    def change(self, event):
        if event.from_status and event.to_status and event.from_status != event.to_status:
            status = f"{event.get_from_status_display()} → {event.get_to_status_display()}"
        else:
            status = event.get_to_status_display() or event.get_from_status_display()
        return f"{status}, by {event.actor_label}" if status else f"By {event.actor_label}"


class DeclineForm(forms.Form):
    message = forms.CharField(
        label="Message to the patient (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text="For example, suggest other times. It is included in the email; don’t add health details.",
    )


class AppointmentAdminForm(forms.ModelForm):
    """What the clinician edits; a new or changed time is judged by `Appointment.clean` (`booking.check_free`)."""

    class Meta:
        model = Appointment
        fields = ["status", "service", "start", "patient_name", "email", "phone", "concern", "notes"]
        field_classes = {"patient_name": VisibleTextField, "notes": VisibleTextField}


class WhenFilter(admin.SimpleListFilter):
    """Bookings still to come outside the opening hours (the admin home counts them and links here)."""

    title = "when"
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("outside-hours", "Outside opening hours, still to come")]

    def queryset(self, request, queryset):
        if self.value() != "outside-hours":
            return queryset
        return queryset.filter(pk__in=[a.pk for a in clashes.outside_hours(current_schedule(), timezone.now())])


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    list_display = ["reference", "uk_start", "coloured_status", "patient_name", "service", "concern", "before_visit"]
    list_filter = ["status", "service", "start", WhenFilter]
    search_fields = ["reference", "patient_name", "email", "phone"]
    # No date_hierarchy: its distinct-years query converts every row to UK time (0.6 s at 100,000 rows on
    # SQLite); the "start" filter and the diary find dates instead.
    view_on_site = False  # its address is this page: a patient sees an appointment only through a signed link
    show_full_result_count = False  # a search counts its matches once, not the whole table again
    list_select_related = ["service", "questionnaire"]
    ordering = ["-start"]  # the latest first: what is coming up and what just happened, not the clinic's first year
    list_per_page = 50  # two busy weeks; the diary is for browsing dates, this list for finding a patient
    PHONE_DIGITS = Replace("phone", Value(" "), Value(""))  # searched as "phone_digits" (an index on PostgreSQL)
    FEW_MATCHES = 500  # a search with no more matches than this is listed by their ids (see get_search_results)
    inlines = [AppointmentEventInline]
    form = AppointmentAdminForm
    actions = ["confirm", "decline", "cancel", "complete", "no_show", "export_csv"]
    readonly_fields = [
        "reference",
        "safety_summary",
        "questionnaire_answers",
        "end",
        "hold_until",
        "sequence",
        "consent_at",
        "consent_method",
        "consent_recorded_by",
        "privacy_notice_version",
        "reminded_at",
        "anonymised_at",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        ("Safety answers", {"fields": ["safety_summary"], "classes": ["safety-answers"]}),
        (None, {"fields": ["reference", "status", "service", "start"]}),
        ("Patient", {"fields": ["patient_name", "email", "phone", "concern", "notes"]}),
        ("Pre-visit questionnaire", {"fields": ["questionnaire_answers"]}),
        (
            "Record details",
            {
                "fields": [
                    "end", "hold_until", "consent_at", "consent_method", "consent_recorded_by",
                    "privacy_notice_version", "sequence", "reminded_at", "anonymised_at", "created_at", "updated_at",
                ],
                "classes": ["collapse"],
                "description": "Kept by the system: consent, calendar sequence, reminders and timestamps.",
            },
        ),
    ]  # fmt: skip

    def add_view(self, request, form_url="", extra_context=None):
        # Adding starts from the service and the free times, like a patient's booking.
        return redirect("admin:bookings_appointment_book")

    def has_delete_permission(self, request, obj=None):
        # Never deleted from admin: cancel (the patient is told) or let the purge anonymise it, so the
        # history and the patient's emails are never skipped.
        return False

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and self.has_change_permission(request, obj):
            allowed = workflow.decisions_for(obj.status, started=obj.start <= timezone.now())
            context["decisions"] = [(name, workflow.BUTTONS[name]) for name in allowed]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def history_view(self, request, object_id, extra_context=None):
        # The appointment's own history (AppointmentEvent: the patient's and the system's changes too), not only
        # the admin's log of its own edits.
        events = AppointmentEvent.objects.filter(appointment_id=object_id).select_related("actor")
        return super().history_view(request, object_id, {"events": events, **(extra_context or {})})

    def get_search_fields(self, request):
        # A phone number has no letters and a name no digits: each word is only looked for where it can be
        # (every field searched is one more pass over the table).
        term = request.GET.get(SEARCH_VAR, "")
        fields = ["reference", "email"]
        if any(c.isalpha() for c in term):
            fields.append("patient_name")
        if any(c.isdigit() for c in term):
            fields += ["phone", "phone_digits"]  # as typed, and without its spaces ("07700900123")
        return fields

    def get_search_results(self, request, queryset, search_term):
        """A search for a patient matches a few appointments among many thousands: they are found in one pass and
        then listed, counted and paged by id, instead of the list's count and its page each passing over the whole
        table. A broad search (more than FEW_MATCHES) is left to Django as it is."""
        if any(c.isdigit() for c in search_term):
            queryset = queryset.annotate(phone_digits=self.PHONE_DIGITS)
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term:
            ids = list(queryset.order_by().values_list("pk", flat=True)[: self.FEW_MATCHES + 1])
            if len(ids) <= self.FEW_MATCHES:
                return queryset.filter(pk__in=ids), may_have_duplicates
        return queryset, may_have_duplicates

    def get_inlines(self, request, obj):
        return self.inlines if obj else []  # history exists once the appointment does

    def get_readonly_fields(self, request, obj=None):
        # Status changes go through the decisions, moves through "Move to another time" (free times only).
        return [*self.readonly_fields, "status", "start"] if obj else self.readonly_fields

    def get_fieldsets(self, request, obj=None):
        # Adding goes through the phone-booking page; a new appointment has no answers to show.
        return self.fieldsets if obj else self.fieldsets[1:3]

    @admin.display(description="Before the visit")
    def before_visit(self, appointment):
        marks = []
        if appointment.safety_advice:
            marks.append(format_html('<strong class="flag flag-{}">Advice shown</strong>', appointment.safety_advice))
        elif appointment.has_safety_note:
            marks.append("Safety note")
        if appointment.has_questionnaire:
            marks.append("Questionnaire in")
        # Built here, not from a template: it is drawn for each of the list's hundred rows.
        return format_html_join(" · ", "{}", ((mark,) for mark in marks)) if marks else "—"

    def action_checkbox(self, obj):
        # Django's renders a form widget through the template engine for each of the hundred rows; the same
        # markup, direct.
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME, obj.pk, f"Select this object for an action - {obj}",
        )  # fmt: skip

    @admin.display(description="Safety answers")
    def safety_summary(self, appointment):
        """Any yes first, most serious first, with the advice shown; then what was answered no."""
        level_names = dict(SafetyQuestion.Level.choices)
        flags = triage.flags(appointment.safety_answers)
        flags = [{**answer, "level_name": level_names.get(answer["level"], answer["level"])} for answer in flags]
        context = {
            "answers": appointment.safety_answers,
            "advice": SafetyAdvice(appointment.safety_advice),
            "flags": flags,
        }
        return render_to_string("admin/bookings/appointment/safety_summary.html", context)

    @admin.display(description="Answers")
    def questionnaire_answers(self, appointment):
        questionnaire = Questionnaire.objects.filter(appointment=appointment).first()
        context = {"questionnaire": questionnaire, "status": appointment.status}
        if questionnaire is not None:
            context["rows"] = [(q.capitalize(), answer) for q, answer in questionnaire.written_answers() if answer]
            context["activities"] = questionnaire.activities()
        return render_to_string("admin/bookings/appointment/questionnaire_answers.html", context)

    @admin.display(description="Start (UK time)", ordering="start")
    def uk_start(self, appointment):
        return timezone.localtime(appointment.start).strftime("%a %d %b %Y, %H:%M")

    @admin.display(description="Status", ordering="status")
    def coloured_status(self, appointment):
        return format_html(
            '<span class="status status-{}">{}</span>', appointment.status, appointment.get_status_display()
        )

    # --- Saving: the same rules as online requests, recorded and emailed ---------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except SlotTaken as error:
            # The form found the time free, but an online request or another move took it before
            # the save. The whole change was rolled back.
            messages.error(request, f"Nothing was saved: {error.message} Choose another time.")
            return redirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        now = timezone.now()  # adding goes through the phone-booking page (pages.book_view)
        if obj.holds_time and {"start", "service"} & set(form.changed_data):
            original = Appointment.objects.select_related("service").get(pk=obj.pk)
            other_fields = [f for f in form.changed_data if f not in {"start", "service"}]
            if other_fields:
                Appointment.objects.filter(pk=obj.pk).update(**{f: getattr(obj, f) for f in other_fields})
            try:
                booking.move(original, obj.start, now=now, user=request.user, enforce_notice=False, service=obj.service)
            except booking.Unchanged as error:  # the form saw a change the appointment doesn't have
                messages.info(request, f"{original.reference}: {error.message}")
            return
        obj.save()  # a time that holds nothing (declined, cancelled…) is simply corrected
        if form.changed_data:
            note = "Edited: " + ", ".join(form.changed_data)
            AppointmentEvent.record(obj, request.user, obj.status, obj.status, note)

    # --- Actions: each a compare-and-set on the status seen in the list -----------------------

    def _apply(self, request, queryset, name, message=""):
        done, skipped = 0, []
        for appointment in queryset:
            if workflow.apply(name, appointment.pk, seen_status=appointment.status, user=request.user, message=message):
                done += 1
            else:
                skipped.append(appointment.reference)
        label = workflow.TRANSITIONS[name].label
        if done:
            self.message_user(request, f"Done: {label} for {done} appointment(s).", messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                f"Nothing done for {', '.join(skipped)}: their status doesn’t allow “{label}” (or not before they "
                "start), or they changed since the list was loaded.",
                messages.WARNING,
            )

    @admin.action(description="Confirm (emails the patient with a calendar file)", permissions=["change"])
    def confirm(self, request, queryset):
        self._apply(request, queryset, "confirm")

    @admin.action(description="Decline (with an optional message to the patient)", permissions=["change"])
    def decline(self, request, queryset):
        return self._with_message(request, queryset, "decline", "Decline booking requests", "Decline and email")

    @admin.action(description="Cancel (with an optional message to the patient)", permissions=["change"])
    def cancel(self, request, queryset):
        return self._with_message(request, queryset, "cancel", "Cancel appointments", "Cancel and email")

    def _with_message(self, request, queryset, name, title, button):
        """A decision that emails each patient: first a page listing them, with a message box, then the decision."""
        if "apply" in request.POST:
            form = DeclineForm(request.POST)
            if form.is_valid():
                self._apply(request, queryset, name, form.cleaned_data["message"])
                return None
        else:
            form = DeclineForm()
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "decision": name,
            "button": button,
            "appointments": queryset,
            "form": form,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/bookings/decline.html", context)

    @admin.action(description="Mark completed", permissions=["change"])
    def complete(self, request, queryset):
        self._apply(request, queryset, "complete")

    @admin.action(description="Mark no-show", permissions=["change"])
    def no_show(self, request, queryset):
        self._apply(request, queryset, "no_show")

    @admin.action(description="Export the selected appointments as CSV")
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="appointments-{timezone.localdate():%Y%m%d}.csv"'
        reports.write_csv(queryset, response)
        return response

    def get_urls(self):
        return pages.urls(self) + super().get_urls()
