"""The patient's booking flow: service → day and time → details → check → confirmation.

Each step is a plain HTML form (works with JavaScript off); answers are kept in the
session until the request is submitted. Only these views read the clock.
"""

import datetime as dt
from http import HTTPStatus

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from bookings import availability, booking, links, ratelimit, workflow
from bookings.booking import BookingError, PatientDetails, SlotTaken, request_appointment
from bookings.calendar import appointment_ics, clinic_feed
from bookings.forms import DetailsForm, ServiceForm, SlotForm, parse_day
from bookings.models import Appointment, BookingRules, Concern, Service
from clinic.hours import local
from clinic.net import client_ip
from clinic.pagecache import public_page
from clinic.privacy import PRIVACY_NOTICE_VERSION

SESSION_KEY = "booking"
DONE_KEY = "booking_done"
HOUR = 3600


def _state(request):
    return request.session.get(SESSION_KEY, {})


def _save_state(request, **changes):
    request.session[SESSION_KEY] = {**_state(request), **changes}


def _service_from_state(request):
    slug = _state(request).get("service")
    return Service.objects.active().filter(slug=slug).first() if slug else None


@require_safe
@public_page(params=["service", "concern"])
def start(request):
    """Step 1: choose a service. The same page for everyone (no session, no cookie), so it is cached;
    its form is a GET to step 2, carrying ?concern= from an article's call to action."""
    initial_slug = request.GET.get("service")
    initial = Service.objects.active().filter(slug=initial_slug).first() if initial_slug else None
    concern = request.GET.get("concern", "")
    context = {
        "form": ServiceForm(initial={"service": initial.slug if initial else None}),
        "concern": concern if concern in Concern.values else "",
        "step": 1,
    }
    return render(request, "bookings/start.html", context)


def _choose_service(request):
    """Apply step 1's answer (?service=, ?concern=) to the session; an error page if it is missing or bad."""
    form = ServiceForm(request.GET)
    if not form.is_valid():
        concern = request.GET.get("concern", "")
        context = {"form": form, "concern": concern if concern in Concern.values else "", "step": 1}
        return render(request, "bookings/start.html", context, status=HTTPStatus.BAD_REQUEST)
    changes = {"service": form.cleaned_data["service"].slug}
    if request.GET.get("concern") in Concern.values:
        changes["concern"] = request.GET["concern"]
    _save_state(request, **changes)
    return None


class TimePicker:
    """The day grid and the time radios for one service, from the request's ?date= or posted slot."""

    def __init__(self, request, service, now, *, preferred=None, exclude_pk=None):
        rules = availability.Rules.from_model(BookingRules.load())
        earliest, last_day = availability.bookable_window(rules, now)
        first_day = local(earliest).date()
        day_counts = (
            availability.days_with_slots(service, first_day, last_day, now, exclude_pk=exclude_pk)
            if first_day <= last_day
            else {}
        )
        requested = request.POST.get("date") or request.GET.get("date")
        posted_slot = availability.parse_value(request.POST.get("slot", "")) if request.method == "POST" else None
        if not requested and posted_slot:
            requested = local(posted_slot).date().isoformat()  # from the "time just taken" page
        day = parse_day(requested)
        self.date_error = None
        if requested and (day is None or day not in day_counts):
            self.date_error = "That date can't be booked. Choose one of the dates shown."
            day = None
        if day is None:
            preferred_day = local(preferred).date() if preferred else None
            day = preferred_day if preferred_day in day_counts else next((d for d, n in day_counts.items() if n), None)
        self.day = day
        slots = availability.free_slots(service, day, now, exclude_pk=exclude_pk) if day else []
        if request.method == "POST":
            self.form = SlotForm(request.POST, slots=slots)
        else:
            initial = availability.as_value(preferred) if preferred else None
            self.form = SlotForm(initial={"slot": initial}, slots=slots)
        self.groups = {}
        for index, slot in enumerate(slots):
            self.groups.setdefault(slot.part_of_day, []).append((index, slot))
        self.weeks = []
        for d, count in day_counts.items():
            if not self.weeks or d.weekday() == 0:
                self.weeks.append([None] * d.weekday())  # blank cells before the first day: columns are weekdays
            self.weeks[-1].append({"date": d, "count": count, "selected": d == day})

    @property
    def status(self):
        return HTTPStatus.BAD_REQUEST if self.date_error else HTTPStatus.OK

    def context(self):
        return {
            "form": self.form,
            "day": self.day,
            "weeks": self.weeks,
            "groups": self.groups,
            "date_error": self.date_error,
        }


@require_http_methods(["GET", "POST"])
def choose_time(request):
    """Step 2: choose a day (free days only are links) and a start time on that day."""
    if request.method == "GET" and ("service" in request.GET or "chosen" in request.GET):
        error_page = _choose_service(request)
        if error_page:
            return error_page
    service = _service_from_state(request)
    if service is None:
        messages.info(request, "Choose a service first.")
        return redirect("bookings:start")
    picker = TimePicker(
        request, service, timezone.now(), preferred=availability.parse_value(_state(request).get("start"))
    )
    if request.method == "POST" and picker.form.is_valid():
        _save_state(request, start=picker.form.cleaned_data["slot"].value)
        return redirect("bookings:check" if _state(request).get("consent") else "bookings:details")
    context = {"service": service, "step": 2, "action": reverse("bookings:time"), **picker.context()}
    return render(request, "bookings/time.html", context, status=picker.status)


@require_http_methods(["GET", "POST"])
def details(request):
    """Step 3: the patient's details and consent."""
    service = _service_from_state(request)
    start_value = _state(request).get("start")
    if service is None or not start_value:
        messages.info(request, "Choose a service and a time first.")
        return redirect("bookings:start")
    if request.method == "POST":
        form = DetailsForm(request.POST)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k not in {"website", "consent"}}
            _save_state(request, details=data, consent=True)
            return redirect("bookings:check")
    else:
        saved = _state(request).get("details") or {}
        initial = {**saved, "concern": saved.get("concern") or _state(request).get("concern")}
        form = DetailsForm(initial=initial)
    return render(request, "bookings/details.html", {"form": form, "service": service, "step": 3})


def _summary(request):
    service = _service_from_state(request)
    state = _state(request)
    start_at = availability.parse_value(state.get("start", ""))
    details_data = state.get("details")
    if service is None or start_at is None or not details_data or not state.get("consent"):
        return None
    return service, start_at, details_data


@require_http_methods(["GET", "POST"])
def check(request):
    """Step 4: check your answers, then submit the request."""
    summary = _summary(request)
    if summary is None:
        if request.method == "POST" and request.session.get(DONE_KEY):
            return redirect("bookings:done")  # a resubmitted form: the request already exists
        messages.info(request, "Your booking details were incomplete or have expired. Please start again.")
        return redirect("bookings:start")
    service, start_at, data = summary
    context = {
        "service": service,
        "start": local(start_at),
        "end": local(start_at + service.duration),
        "details": data,
        "concern_label": Concern(data["concern"]).label,
        "step": 4,
    }
    if request.method == "GET":
        return render(request, "bookings/check.html", context)

    if not (
        ratelimit.hit(f"book-ip:{client_ip(request)}", settings.BOOKING_LIMIT_PER_IP, HOUR)
        and ratelimit.hit(f"book-email:{data['email']}", settings.BOOKING_LIMIT_PER_EMAIL, HOUR)
    ):
        return render(request, "bookings/too_many.html", status=HTTPStatus.TOO_MANY_REQUESTS)

    now = timezone.now()
    patient = PatientDetails(
        name=data["name"],
        email=data["email"],
        phone=data["phone"],
        concern=data["concern"],
        notes=data.get("notes", ""),
        privacy_notice_version=PRIVACY_NOTICE_VERSION,
    )
    try:
        appointment = request_appointment(service, start_at, patient, now)
    except SlotTaken:
        nearest = availability.nearest_free(service, start_at, now)
        _save_state(request, start=None)
        return render(
            request,
            "bookings/taken.html",
            {
                "service": service,
                "wanted": local(start_at),
                "form": SlotForm(slots=nearest),
                "nearest": nearest,
            },
            status=HTTPStatus.CONFLICT,
        )
    except BookingError as error:
        return render(request, "bookings/check.html", {**context, "error": error.message}, status=HTTPStatus.CONFLICT)

    request.session.pop(SESSION_KEY, None)
    request.session[DONE_KEY] = appointment.reference
    return redirect("bookings:done")


def _done_appointment(request):
    reference = request.session.get(DONE_KEY)
    if not reference:
        raise Http404("No recent booking in this browser.")
    return get_object_or_404(Appointment.objects.select_related("service"), reference=reference)


@require_safe
def done(request):
    """Step 5: the confirmation, with the reference and what happens next."""
    return render(request, "bookings/done.html", {"appointment": _done_appointment(request), "step": 5})


def _ics_download(appointment):
    ics = appointment_ics(appointment, sequence=appointment.sequence, cancelled=not appointment.holds_time)
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="restore-{appointment.reference}.ics"'
    return response


@require_safe
def done_calendar(request):
    return _ics_download(_done_appointment(request))


def _availability_changes_by_clock():
    return availability.next_clock_change(timezone.now())


@require_safe
@public_page(60, params=["service", "date"], until=_availability_changes_by_clock)
def availability_json(request):
    """Free slots for ?service=<slug>&date=YYYY-MM-DD as JSON."""
    slug, date_value = request.GET.get("service"), request.GET.get("date")
    if not slug or not date_value:
        return JsonResponse({"error": "Both 'service' and 'date' (YYYY-MM-DD) are required."}, status=400)
    day = parse_day(date_value)
    if day is None:
        return JsonResponse(
            {"error": "'date' must be a real date written YYYY-MM-DD, between 2000 and 2100."}, status=400
        )
    service = Service.objects.active().filter(slug=slug).first()
    if service is None:
        return JsonResponse({"error": f"No bookable service called '{slug[:80]}'."}, status=404)
    slots = availability.free_slots(service, day, timezone.now())
    return JsonResponse(
        {
            "service": service.slug,
            "date": day.isoformat(),
            "timezone": "Europe/London",
            "slots": [{"start": s.local_start.isoformat(), "end": s.local_end.isoformat()} for s in slots],
        }
    )


# --- The patient's manage link ------------------------------------------------------------


def _linked_appointment(request, token):
    try:
        return links.appointment_for(token), None
    except links.InvalidLink:
        response = render(request, "bookings/manage_invalid.html", status=HTTPStatus.NOT_FOUND)
        return None, response


def _change_allowed(appointment, now):
    """Patients may cancel or move online until the cancellation window before the start."""
    window = dt.timedelta(hours=BookingRules.load().cancellation_window_hours)
    return appointment.holds_time and appointment.start - now >= window


@require_safe
def manage(request, token):
    """Show the appointment. A GET never changes anything (email link scanners open it)."""
    appointment, invalid = _linked_appointment(request, token)
    if invalid:
        return invalid
    now = timezone.now()
    context = {
        "appointment": appointment,
        "token": token,
        "can_change": _change_allowed(appointment, now),
        "window_hours": BookingRules.load().cancellation_window_hours,
        "is_past": appointment.start <= now,
    }
    response = render(request, "bookings/manage.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


@require_POST
def manage_cancel(request, token):
    appointment, invalid = _linked_appointment(request, token)
    if invalid:
        return invalid
    if not _change_allowed(appointment, timezone.now()):
        return render(
            request, "bookings/manage_too_late.html", {"appointment": appointment}, status=HTTPStatus.CONFLICT
        )
    if workflow.apply("patient_cancel", appointment.pk, seen_status=appointment.status) is None:
        messages.error(
            request, "This appointment changed meanwhile, so nothing was cancelled. Here it is as it is now."
        )
    else:
        messages.success(request, "Your appointment is cancelled. We've sent you an email to confirm it.")
    return redirect("bookings:manage", token=token)


@require_http_methods(["GET", "POST"])
def manage_move(request, token):
    """Offer only free times (same rules as booking) and move the appointment to the one chosen."""
    appointment, invalid = _linked_appointment(request, token)
    if invalid:
        return invalid
    now = timezone.now()
    if not _change_allowed(appointment, now):
        return render(
            request, "bookings/manage_too_late.html", {"appointment": appointment}, status=HTTPStatus.CONFLICT
        )
    picker = TimePicker(request, appointment.service, now, preferred=appointment.start, exclude_pk=appointment.pk)
    if request.method == "POST" and picker.form.is_valid():
        try:
            booking.move(appointment, picker.form.cleaned_data["slot"].start, now=now)
        except SlotTaken:
            messages.error(request, "Sorry, that time has just been taken. Please choose another.")
            return redirect("bookings:manage_move", token=token)
        messages.success(request, "Your appointment has moved. We've emailed you the new time.")
        return redirect("bookings:manage", token=token)
    context = {
        "service": appointment.service,
        "appointment": appointment,
        "token": token,
        "action": reverse("bookings:manage_move", args=[token]),
        **picker.context(),
    }
    return render(request, "bookings/manage_move.html", context, status=picker.status)


@require_safe
def manage_calendar(request, token):
    appointment, invalid = _linked_appointment(request, token)
    if invalid:
        return invalid
    return _ics_download(appointment)


@require_safe
def clinic_calendar(request, token):
    """The clinician's private calendar feed: requested and confirmed appointments, no notes."""
    rules = BookingRules.load()
    if not constant_time_compare(token, rules.calendar_token):
        raise Http404("No such calendar.")
    now = timezone.now()
    appointments = (
        Appointment.objects.holding_time()
        .filter(start__gte=now - dt.timedelta(days=30), start__lte=now + dt.timedelta(days=365))
        .select_related("service")
    )
    response = HttpResponse(clinic_feed(appointments), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
