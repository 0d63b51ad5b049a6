"""The clinician's extra admin pages beside the appointment list: diary, weekly report, subject access export,
and the one-click decisions the appointment page and the diary post to."""

import datetime as dt
import json
from http import HTTPStatus
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from bookings import booking, diary, emails, patients, reports, waitlist, workflow
from bookings.consent import Consent
from bookings.forms import VisibleTextField, parse_day
from bookings.models import Appointment, Service
from bookings.picker import TimePicker
from clinic.hours import at

# What each page needs beyond staff status: reading the diary is viewing appointments, deciding and moving is
# changing them, a phone booking is adding one, and a subject-access export has a permission of its own.
VIEW, CHANGE, ADD = diary.READ_PERMISSION, "bookings.change_appointment", "bookings.add_appointment"
EXPORT = "bookings.export_subject_access"


def urls(model_admin):
    """The pages, each behind the admin's login and a model permission, named `bookings_appointment_<page>`."""
    site = model_admin.admin_site

    def page(route, view, name, permission):
        def admin_page(request, **kwargs):
            if not request.user.has_perm(permission):
                raise PermissionDenied
            context = {**site.each_context(request), "opts": model_admin.model._meta}
            return view(request, context, **kwargs)

        return path(route, site.admin_view(admin_page), name=f"bookings_appointment_{name}")

    return [
        page("diary/", diary_view, "diary", VIEW),
        page("report/", report_view, "report", VIEW),
        page("subject-access/", subject_access_view, "subject_access", EXPORT),
        page("<int:object_id>/decide/", decide_view, "decide", CHANGE),
        page("book/", book_view, "book", ADD),
        page("<int:object_id>/move/", move_view, "move", CHANGE),
        page("offer-to-waitlist/", offer_to_waitlist_view, "offer_waitlist", CHANGE),
    ]


def diary_view(request, context):
    """The week or a day as a time grid and, on a narrow screen instead (CSS alone), one day as an agenda: the day
    asked for, or in a week today if it is in it and otherwise its Monday, with links to the day before and after."""
    today = timezone.localdate()
    requested_day = parse_day(request.GET.get("day"))
    anchor = requested_day or parse_day(request.GET.get("week")) or today
    days = [requested_day] if requested_day else diary.week_of(anchor)
    step = dt.timedelta(days=1 if requested_day else 7)
    now = timezone.now()
    built = diary.build(days, now)
    agenda_day = next((d for d in built if d.is_today), built[0])
    context |= {
        "title": f"Diary: {days[0]:%A %-d %B %Y}" if requested_day else f"Diary: week of {days[0]:%-d %B %Y}",
        "days": built,
        "grid": diary.grid(built, now),
        "agenda_day": agenda_day,
        "agenda": diary.agenda(agenda_day, now),
        "agenda_previous": agenda_day.date - dt.timedelta(days=1),
        "agenda_next": agenda_day.date + dt.timedelta(days=1),
        "asks_twice": ASK_TWICE,
        "waiting": diary.mark_outside_hours(list(diary.requests_waiting(now))),
        "waitlist_count": waitlist.waiting_count(now),
        "here": request.get_full_path(),
        "is_nav_sidebar_enabled": False,  # the grid needs the width
        "is_day": bool(requested_day),
        "shows_today": today in days,
        "previous": days[0] - step,
        "next": days[0] + step,
        "today": today,
    }
    return TemplateResponse(request, "admin/bookings/diary.html", context)


def report_view(request, context):
    context |= {"title": "Weekly report", "weeks": reports.weekly_report(timezone.localdate(), weeks=8)}
    return TemplateResponse(request, "admin/bookings/report.html", context)


class SubjectAccessForm(forms.Form):
    email = forms.EmailField(label="Patient’s email address")


def subject_access_view(request, context):
    form = SubjectAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = reports.subject_access_export(form.cleaned_data["email"])
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="subject-access-{timezone.localdate()}.json"'
        return response
    context |= {"title": "Export everything held about one email address", "form": form}
    return TemplateResponse(request, "admin/bookings/subject_access.html", context)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[(name, name) for name in workflow.CLINICIAN_DECISIONS])
    seen_status = forms.ChoiceField(choices=Appointment.Status.choices)
    message = forms.CharField(required=False, max_length=1000)
    next = forms.CharField(required=False, max_length=300)
    sure = forms.BooleanField(required=False)


# Decisions that end a booking and tell the patient: a stray tap on a phone must not send them, so the first
# post shows what will happen (and takes the message) and only the second, with `sure`, applies it.
ASK_TWICE = {"decline": "Decline", "cancel": "Cancel"}


def _back_to(next_path, default):
    """Where a one-click action returns: the page the clinician was on, if it is on this site."""
    return next_path if next_path and url_has_allowed_host_and_scheme(next_path, allowed_hosts=None) else default


def decide_view(request, context, object_id):
    """One click from the appointment page or the diary: the same compare-and-set, history and emails as the
    list actions. Answers with a message and goes back where the clinician was."""
    back = reverse("admin:bookings_appointment_change", args=[object_id])
    if request.method != "POST":  # a reloaded or reopened second step: back to the appointment, nothing done
        return redirect(back)
    form = DecisionForm(request.POST)
    appointment = Appointment.objects.filter(pk=object_id).first()
    if form.is_valid():
        back = _back_to(form.cleaned_data["next"], back)
    if appointment is None or not form.is_valid():
        messages.error(request, "Nothing was changed: that decision could not be read. Reload the page and try again.")
        return redirect(back if appointment else reverse("admin:bookings_appointment_changelist"))
    name = form.cleaned_data["decision"]
    seen = form.cleaned_data["seen_status"]
    if name in ASK_TWICE and not form.cleaned_data["sure"] and appointment.status == seen:
        return _ask_twice(request, context, appointment, form.cleaned_data, back)
    done = workflow.apply(
        name, appointment.pk, seen_status=seen, user=request.user,
        message=form.cleaned_data["message"],
    )  # fmt: skip
    transition = workflow.TRANSITIONS[name]
    if done is None and transition.once_started and appointment.start > timezone.now():
        messages.warning(
            request,
            f"Nothing was changed for {appointment.reference}: it can’t be {transition.to_status.label.lower()} "
            "before it starts.",
        )
    elif done is None:
        messages.warning(
            request,
            f"Nothing was changed for {appointment.reference}: it is now “{appointment.get_status_display()}”, "
            f"which doesn’t allow “{transition.label}”.",
        )
    else:
        emailed = " An email to the patient is on its way." if emails.tells_patient(name, done) else ""
        messages.success(request, f"{done.reference}: {done.get_status_display()}.{emailed}")
    return redirect(back)


def _ask_twice(request, context, appointment, data, back):
    verb = ASK_TWICE[data["decision"]]
    emailed = bool(appointment.email)
    context |= {
        "title": f"{verb} and email the patient?" if emailed else f"{verb}? The patient has no email address",
        "appointment": appointment,
        "decision": data["decision"],
        "seen_status": data["seen_status"],
        "message": data["message"],
        "next": data["next"],
        "back": back,
        "emailed": emailed,
        "button": f"{verb} and email the patient" if emailed else verb,
        "is_request": appointment.status == Appointment.Status.REQUESTED,
        # A confirmed appointment the patient moved, back to a request for approval: declining leaves them none.
        "moved_from_confirmed": appointment.events.filter(
            from_status=Appointment.Status.CONFIRMED, to_status=Appointment.Status.REQUESTED
        )
        .order_by("-at")
        .first(),
    }
    return TemplateResponse(request, "admin/bookings/decide.html", context)


# --- Phone bookings and moves, from free times -----------------------------------------------------


class ChooseServiceForm(forms.Form):
    service = forms.ModelChoiceField(
        queryset=Service.objects.all(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose a service.", "invalid_choice": "Choose one of the services listed."},
    )
    anytime = forms.BooleanField(
        label="Also offer times outside the booking rules (sooner than the notice, or past the horizon)",
        required=False,
        help_text="Never outside opening hours or over another appointment.",
    )


class PhoneBookingForm(forms.ModelForm):
    """The patient's details as the clinician takes them on the phone."""

    status = forms.TypedChoiceField(
        choices=[(Appointment.Status.CONFIRMED, "Confirmed"), (Appointment.Status.REQUESTED, "Requested")],
        initial=Appointment.Status.CONFIRMED,
        widget=forms.RadioSelect,
        help_text="Confirmed sends the patient the confirmation with a calendar file (if they gave an email address).",
    )
    consent = forms.BooleanField(
        label="The patient agreed on the phone that the clinic may store these details, including health "
        "information, to arrange their care",
        error_messages={"required": "Ask the patient for consent and tick the box: nothing is saved without it."},
    )

    class Meta:
        model = Appointment
        fields = ["patient_name", "email", "phone", "concern", "notes"]
        field_classes = {"patient_name": VisibleTextField, "notes": VisibleTextField}
        help_texts = {
            "email": "Optional if you have a phone number: without one, nothing is emailed and you tell the patient "
            "of any change by phone.",
            "concern": "Optional.",
        }


def _picker_context(picker, service, anytime):
    query = {"service": service.pk, **({"anytime": "1"} if anytime else {})}
    return {**picker.context(), "service": service, "anytime": anytime, "query": urlencode(query)}


def book_view(request, context):
    """A phone booking: the service, then the free times (the patients' engine), then the patient's details.
    Saved through booking.add_by_clinic: the same check-and-insert as an online request."""
    choose = ChooseServiceForm(request.GET or None)
    if not choose.is_valid():
        context |= {"title": "Add an appointment: choose the service", "choose": choose}
        status = HTTPStatus.BAD_REQUEST if request.GET else HTTPStatus.OK
        return TemplateResponse(request, "admin/bookings/book.html", context, status=status)
    service, anytime = choose.cleaned_data["service"], choose.cleaned_data["anytime"]
    now = timezone.now()
    picker = TimePicker(request, service, now, enforce_notice=not anytime)
    search = request.GET.get("patient_search", "").strip()[:100]
    details = PhoneBookingForm(request.POST or None, initial=patients.details_from(request.GET.get("returning", "")))
    if request.method == "POST" and picker.form.is_valid() and details.is_valid():
        appointment = details.save(commit=False)
        appointment.service, appointment.start = service, picker.form.cleaned_data["slot"].start
        appointment.status = details.cleaned_data["status"]
        Consent.by_phone(request.user, now).apply_to(appointment)
        try:
            booking.add_by_clinic(appointment, now, user=request.user, enforce_notice=not anytime)
        except booking.SlotTaken as error:
            messages.error(request, f"Nothing was saved: {error.message} Choose another time.")
        else:
            told = emails.tells_patient(booking.CLINIC_ADDED[appointment.status], appointment)
            emailed = " An email to the patient is on its way." if told else " No email was sent: there is no address."
            messages.success(request, f"{appointment.reference} booked for {appointment.patient_name}.{emailed}")
            return redirect("admin:bookings_appointment_change", appointment.pk)
    context |= {
        "title": f"Add an appointment: {service.name}",
        "is_nav_sidebar_enabled": False,
        "details": details,
        "search": search,
        "returning": patients.find(search) if search else [],
        "shortest_search": patients.SHORTEST_SEARCH,
        **_picker_context(picker, service, anytime),
    }
    errors = request.method == "POST" and (picker.form.errors or details.errors)
    status = picker.status if picker.date_error or not errors else HTTPStatus.UNPROCESSABLE_ENTITY
    return TemplateResponse(request, "admin/bookings/book.html", context, status=status)


class MoveReasonForm(forms.Form):
    message = forms.CharField(required=False, max_length=1000)


def move_view(request, context, object_id):
    """Move an appointment to a free time (the same engine), through booking.move."""
    appointment = Appointment.objects.select_related("service").filter(pk=object_id).first()
    if appointment is None or not appointment.holds_time:
        messages.error(request, "Only requested or confirmed appointments can be moved.")
        return redirect("admin:bookings_appointment_changelist" if appointment is None else _change_url(appointment))
    anytime = request.GET.get("anytime") == "1"
    now = timezone.now()
    picker = TimePicker(
        request, appointment.service, now, preferred=appointment.start, exclude_pk=appointment.pk,
        enforce_notice=not anytime,
    )  # fmt: skip
    reason = MoveReasonForm(request.POST or None)
    if request.method == "POST" and picker.form.is_valid() and reason.is_valid():
        try:
            booking.move(
                appointment, picker.form.cleaned_data["slot"].start, now=now, user=request.user,
                enforce_notice=not anytime, message=reason.cleaned_data["message"],
            )  # fmt: skip
        except booking.Unchanged as error:
            messages.info(request, f"{appointment.reference} not moved: {error.message}")
            return redirect(_change_url(appointment))
        except booking.SlotTaken as error:
            messages.error(request, f"Not moved: {error.message}")
        else:
            messages.success(
                request, f"{appointment.reference} moved. An email with the new time is on its way to the patient."
            )
            return redirect(_change_url(appointment))
    context |= {
        "title": f"Move {appointment.reference} ({appointment.patient_name})",
        "is_nav_sidebar_enabled": False,
        "appointment": appointment,
        "reason": reason,
        **_picker_context(picker, appointment.service, anytime),
    }
    return TemplateResponse(request, "admin/bookings/move.html", context, status=picker.status)


def _change_url(appointment):
    return reverse("admin:bookings_appointment_change", args=[appointment.pk])


# --- Offering free time to the waitlist, from the diary ----------------------------------------------


class FreeStretchForm(forms.Form):
    day = forms.DateField()
    start = forms.TimeField()
    end = forms.TimeField()
    next = forms.CharField(required=False, max_length=300)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] <= cleaned["start"]:
            raise forms.ValidationError("The stretch must end after it starts.")
        return cleaned


@require_POST
def offer_to_waitlist_view(request, context):
    """The diary's "Offer to waitlist" on a free stretch: hand it to the background worker, as a cancellation does,
    which offers its free times and, as those offers lapse, offers them on to the next people."""
    form = FreeStretchForm(request.POST)
    back = reverse("admin:bookings_appointment_diary")
    if not form.is_valid():
        messages.error(request, "Nothing was offered: that stretch of time could not be read. Reload the diary.")
        return redirect(back)
    data = form.cleaned_data
    back = _back_to(data["next"], back)
    when = f"{data['day']:%a %-d %b}, {data['start']:%H:%M}–{data['end']:%H:%M}"
    now, start, end = timezone.now(), at(data["day"], data["start"]), at(data["day"], data["end"])
    if end <= now:
        messages.info(request, f"{when}: that time has passed, so there is nothing to offer.")
        return redirect(back)
    if not waitlist.waiting_count(now):
        messages.info(request, f"{when}: nobody is on the waitlist, so there is no one to offer it to.")
        return redirect(back)
    waitlist.freed(start, end)
    messages.success(
        request,
        f"{when}: handed to the waitlist. If it suits anyone waiting and is far enough ahead to book, the background "
        "worker emails it to them in a moment, a few at a time in the order they joined, and to the next people when "
        "those offers lapse.",
    )
    return redirect(back)
