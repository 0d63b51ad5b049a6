from django import forms
from django.contrib import admin, messages
from django.db import models
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from bookings import admin_views, booking, emails, reports, triage, waitlist, workflow
from bookings.booking import SlotTaken
from bookings.forms import VisibleTextField
from bookings.models import (
    Appointment,
    AppointmentEvent,
    BookingRules,
    OutboundEmail,
    Questionnaire,
    SafetyAdvice,
    SafetyQuestion,
    Service,
    WaitlistEntry,
    WaitlistOffer,
    new_calendar_token,
)


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

    @admin.action(description="New calendar feed address (the old one stops working)")
    def regenerate_calendar_token(self, request, queryset):
        for rules in queryset:
            rules.calendar_token = new_calendar_token()
            rules.save()
        self.message_user(request, "The calendar feed has a new address; update your calendar subscription.")


@admin.register(SafetyQuestion)
class SafetyQuestionAdmin(admin.ModelAdmin):
    """The red-flag questions asked before booking: the clinician reviews the wording, levels and reasons."""

    list_display = ["question", "concern_or_all", "level", "display_order", "is_active"]
    list_editable = ["display_order", "is_active"]
    list_filter = ["concern", "level", "is_active"]
    search_fields = ["question", "reason"]

    @admin.display(description="Area", ordering="concern")
    def concern_or_all(self, question):
        return question.get_concern_display() or "Every area"


class AppointmentEventInline(admin.TabularInline):
    model = AppointmentEvent
    extra = 0
    fields = ["at", "actor_label", "from_status", "to_status", "note"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = "history"

    def has_add_permission(self, request, obj=None):
        return False


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


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    list_display = ["reference", "uk_start", "coloured_status", "patient_name", "service", "concern", "before_visit"]
    list_filter = ["status", "service", "start"]
    search_fields = ["reference", "patient_name", "email", "phone"]
    date_hierarchy = "start"
    list_select_related = ["service", "questionnaire"]
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
        if obj is not None:
            context["decisions"] = [(name, workflow.BUTTONS[name]) for name in workflow.decisions_for(obj.status)]
        return super().render_change_form(request, context, add, change, form_url, obj)

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
            marks.append("advice")
        elif triage.flags(appointment.safety_answers):
            marks.append("Note")
        if appointment.has_questionnaire:
            marks.append("Questionnaire in")
        context = {"marks": marks, "advice": appointment.safety_advice}
        return mark_safe(render_to_string("admin/bookings/appointment/before_visit.html", context).strip())

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
        now = timezone.now()  # adding goes through the phone-booking page (admin_views.book_view)
        if obj.holds_time and {"start", "service"} & set(form.changed_data):
            original = Appointment.objects.select_related("service").get(pk=obj.pk)
            other_fields = [f for f in form.changed_data if f not in {"start", "service"}]
            if other_fields:
                Appointment.objects.filter(pk=obj.pk).update(**{f: getattr(obj, f) for f in other_fields})
            booking.move(original, obj.start, now=now, user=request.user, enforce_notice=False, service=obj.service)
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
                f"Nothing done for {', '.join(skipped)}: their status doesn’t allow “{label}”, or they changed "
                "since the list was loaded.",
                messages.WARNING,
            )

    @admin.action(description="Confirm (emails the patient with a calendar file)")
    def confirm(self, request, queryset):
        self._apply(request, queryset, "confirm")

    @admin.action(description="Decline (with an optional message to the patient)")
    def decline(self, request, queryset):
        if "apply" in request.POST:
            form = DeclineForm(request.POST)
            if form.is_valid():
                self._apply(request, queryset, "decline", form.cleaned_data["message"])
                return None
        else:
            form = DeclineForm()
        context = {
            **self.admin_site.each_context(request),
            "title": "Decline booking requests",
            "appointments": queryset,
            "form": form,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/bookings/decline.html", context)

    @admin.action(description="Cancel (emails the patient)")
    def cancel(self, request, queryset):
        self._apply(request, queryset, "cancel")

    @admin.action(description="Mark completed")
    def complete(self, request, queryset):
        self._apply(request, queryset, "complete")

    @admin.action(description="Mark no-show")
    def no_show(self, request, queryset):
        self._apply(request, queryset, "no_show")

    @admin.action(description="Export the selected appointments as CSV")
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="appointments-{timezone.localdate():%Y%m%d}.csv"'
        reports.write_csv(queryset, response)
        return response

    def get_urls(self):
        return admin_views.urls(self) + super().get_urls()


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

    @admin.action(description="Try sending the selected emails now")
    def send_now(self, request, queryset):
        queryset.filter(sent_at__isnull=True).update(next_attempt_at=timezone.now())
        unsent = queryset.filter(sent_at__isnull=True).values_list("pk", flat=True)
        sent = sum(emails.send(pk) is emails.Outcome.SENT for pk in unsent)
        self.message_user(request, f"{sent} email(s) sent.")
        return redirect(request.get_full_path())


class WaitlistOfferInline(admin.TabularInline):
    model = WaitlistOffer
    extra = 0
    fields = ["start", "offered_at", "expires_at", "outcome", "appointment"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = "times offered"
    view_on_site = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(WaitlistEntry)
class WaitlistEntryAdmin(admin.ModelAdmin):
    """Who is waiting, for what, and what they were offered. Entries are made by patients (with their consent);
    the clinician can read them, take someone off, and see each offer's outcome."""

    list_display = ["patient_name", "service", "wishes", "dates", "status", "joined_at", "offers_made"]
    list_filter = ["status", "service"]
    search_fields = ["patient_name", "email", "phone"]
    list_select_related = ["service"]
    inlines = [WaitlistOfferInline]
    actions = ["take_off"]
    view_on_site = False
    fields = [
        "status", "service", "days", "parts", "earliest", "latest", "patient_name", "email", "phone",
        "concern", "joined_at", "ended_at", "appointment", "consent_at", "privacy_notice_version",
    ]  # fmt: skip
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(offer_count=models.Count("offers"))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # what suits a patient is theirs to change (their link); the clinician reads

    @admin.display(description="Days that suit")
    def days(self, entry):
        return entry.weekday_names()

    @admin.display(description="Parts of the day that suit")
    def parts(self, entry):
        return entry.parts_of_day_names()

    @admin.display(description="Suits")
    def wishes(self, entry):
        return f"{entry.weekday_names()}; {entry.parts_of_day_names()}"

    @admin.display(description="Dates", ordering="earliest")
    def dates(self, entry):
        return f"{entry.earliest:%-d %b} – {entry.latest:%-d %b %Y}"

    @admin.display(description="Offers", ordering="offer_count")
    def offers_made(self, entry):
        return entry.offer_count

    @admin.action(description="Take off the waitlist", permissions=["delete"])
    def take_off(self, request, queryset):
        now = timezone.now()
        taken = [entry.patient_name for entry in queryset if waitlist.leave(entry, now)]
        self.message_user(request, f"Taken off the waitlist: {', '.join(taken) or 'nobody (none were waiting)'}.")
