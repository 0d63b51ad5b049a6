"""The patient's booking flow: service and area → safety questions → day and time → details → check → confirmation.

Each step is a plain HTML form (works with JavaScript off); answers are kept in the
session until the request is submitted. Only these views read the clock.
"""

import secrets
from http import HTTPStatus

from django.conf import settings
from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from bookings import availability, ratelimit, triage
from bookings.booking import BookingError, PatientDetails, SlotTaken, request_appointment
from bookings.calendar import ics_download
from bookings.forms import DetailsForm, SafetyForm, ServiceForm, SlotForm, parse_day
from bookings.models import Appointment, BookingRules, Concern, SafetyAdvice, Service
from bookings.picker import TimePicker
from clinic.hours import local
from core.net import client_ip
from core.pagecache import public_page

SESSION_KEY = "booking"
DONE_KEY = "booking_done"


def _state(request):
    return request.session.get(SESSION_KEY, {})


def _save_state(request, **changes):
    """Keep the patient's answers in the session. The draft's key makes submitting it idempotent, and a
    draft lasts hours, not the session's weeks: it holds a name and health details."""
    state = _state(request)
    request.session[SESSION_KEY] = {"key": state.get("key") or secrets.token_hex(16), **state, **changes}
    request.session.set_expiry(settings.BOOKING_DRAFT_SECONDS)


def _service_from_state(request):
    slug = _state(request).get("service")
    return Service.objects.active().filter(slug=slug).first() if slug else None


@require_safe
@public_page(params=["service", "concern"])
def start(request):
    """Step 1: choose a service and the area of concern. The same page for everyone (no session, no cookie),
    so it is cached; its form is a GET to step 2. ?service= and ?concern= (an article's call to action)
    preselect the answers."""
    initial = {name: request.GET.get(name) for name in ("service", "concern")}
    if not Service.objects.active().filter(slug=initial["service"]).exists():
        initial["service"] = None
    if initial["concern"] not in Concern.values:
        initial["concern"] = None
    return render(request, "bookings/start.html", {"form": ServiceForm(initial=initial), "step": 1})


def _choose_service(request):
    """Apply step 1's answers (?service=, ?concern=) to the session; an error page if either is missing or bad."""
    form = ServiceForm(request.GET)
    if not form.is_valid():
        return render(request, "bookings/start.html", {"form": form, "step": 1}, status=HTTPStatus.BAD_REQUEST)
    _save_state(request, service=form.cleaned_data["service"].slug, concern=form.cleaned_data["concern"])
    return None


def _screened(request) -> bool:
    """Has the patient answered the safety questions for the area now chosen?"""
    state = _state(request)
    return bool(state.get("concern")) and (state.get("safety") or {}).get("concern") == state["concern"]


def _screening(concern, questions, yes) -> dict:
    """What the session keeps of the safety step: the area, the answers as stored, and the advice to show."""
    return {"concern": concern, **triage.screen(questions, yes)}


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def safety(request):
    """Step 2: a few yes/no safety questions for the area. A yes to an emergency or urgent question shows that
    advice first (`safety_advice`); the patient may still go on to book for a later, non-urgent problem."""
    if request.method == "GET" and ("service" in request.GET or "chosen" in request.GET):
        error_page = _choose_service(request)
        if error_page:
            return error_page
    service, concern = _service_from_state(request), _state(request).get("concern")
    if service is None or concern not in Concern.values:
        messages.info(request, "Choose a service and the area that bothers you first.")
        return redirect("bookings:start")
    questions = triage.questions_for(concern)
    if not questions:
        _save_state(request, safety=_screening(concern, [], set()))
        return redirect("bookings:time")
    if request.method == "POST":
        form = SafetyForm(request.POST, questions=questions)
        if form.is_valid():
            screening = _screening(concern, questions, form.yes_ids())
            _save_state(request, safety=screening)
            return redirect("bookings:safety_advice" if screening["advice"] else "bookings:time")
    else:
        saved = _state(request).get("safety") or {}
        answers = saved.get("answers", []) if saved.get("concern") == concern else []
        form = SafetyForm(
            initial={f"q{a.get('id')}": "yes" if a["yes"] else "no" for a in answers}, questions=questions
        )
    status = HTTPStatus.UNPROCESSABLE_ENTITY if form.errors else HTTPStatus.OK
    context = {"form": form, "service": service, "concern": concern, "concern_label": Concern(concern).label, "step": 2}
    return render(request, "bookings/safety.html", context, status=status)


@require_safe
@never_cache
def safety_advice(request):
    """The advice for a yes to an emergency or urgent question, with the reasons; then the patient's choice."""
    safety = _state(request).get("safety") or {}
    if not _screened(request):
        return redirect("bookings:safety" if _service_from_state(request) else "bookings:start")
    if not safety["advice"]:
        return redirect("bookings:time")
    context = {"advice": safety["advice"], "reasons": safety["reasons"], "Advice": SafetyAdvice, "step": 2}
    return render(request, "bookings/safety_advice.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def choose_time(request):
    """Step 3: choose a day (free days only are links) and a start time on that day."""
    service = _service_from_state(request)
    if service is None:
        messages.info(request, "Choose a service first.")
        return redirect("bookings:start")
    if not _screened(request):
        return redirect("bookings:safety")
    picker = TimePicker(
        request, service, timezone.now(), preferred=availability.parse_value(_state(request).get("start"))
    )
    if request.method == "POST" and picker.form.is_valid():
        _save_state(request, start=picker.form.cleaned_data["slot"].value)
        return redirect("bookings:check" if _state(request).get("consent") else "bookings:details")
    context = {"service": service, "step": 3, "action": reverse("bookings:time"), **picker.context()}
    return render(request, "bookings/time.html", context, status=picker.status)


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def details(request):
    """Step 4: the patient's details and consent."""
    service = _service_from_state(request)
    start_value = _state(request).get("start")
    if service is None or not start_value or not _screened(request):
        messages.info(request, "Choose a service and a time first.")
        return redirect("bookings:start")
    if request.method == "POST":
        form = DetailsForm(request.POST)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k not in {"website", "consent"}}
            _save_state(request, details=data, consent=True)
            return redirect("bookings:check")
    else:
        form = DetailsForm(initial=_state(request).get("details"))
    status = HTTPStatus.UNPROCESSABLE_ENTITY if form.errors else HTTPStatus.OK
    context = {"form": form, "service": service, "start": local(availability.parse_value(start_value)), "step": 4}
    return render(request, "bookings/details.html", context, status=status)


def _summary(request):
    service = _service_from_state(request)
    state = _state(request)
    start_at = availability.parse_value(state.get("start", ""))
    details_data = state.get("details")
    if service is None or start_at is None or not details_data or not state.get("consent") or not _screened(request):
        return None
    return service, start_at, details_data, state["concern"], state["safety"]


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def check(request):
    """Step 5: check your answers, then submit the request. Never cached: it shows the patient's details."""
    summary = _summary(request)
    if summary is None:
        if request.method == "POST" and request.session.get(DONE_KEY):
            return redirect("bookings:done")  # a resubmitted form: the request already exists
        messages.info(request, "Your booking details were incomplete or have expired. Please start again.")
        return redirect("bookings:start")
    service, start_at, data, concern, safety = summary
    context = {
        "service": service,
        "start": local(start_at),
        "end": local(start_at + service.duration),
        "details": data,
        "concern": concern,
        "concern_label": Concern(concern).label,
        "safety_advice": SafetyAdvice(safety["advice"]),
        "cancellation_policy": BookingRules.load().cancellation_policy,
        "step": 5,
    }
    if request.method == "GET":
        return render(request, "bookings/check.html", context)

    now = timezone.now()
    if not ratelimit.submission_allowed("book", client_ip(request), data["email"], now):
        return render(request, "bookings/too_many.html", status=HTTPStatus.TOO_MANY_REQUESTS)

    patient = PatientDetails(
        name=data["name"],
        email=data["email"],
        phone=data["phone"],
        concern=concern,
        notes=data.get("notes", ""),
        safety_answers=safety["answers"],
        safety_advice=safety["advice"],
    )
    try:
        appointment = request_appointment(service, start_at, patient, now, request_key=_state(request).get("key"))
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
                "step": 3,  # back to choosing a time
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
@never_cache
def done(request):
    """Step 6: the confirmation, with the reference and what happens next."""
    context = {
        "appointment": _done_appointment(request),
        "cancellation_policy": BookingRules.load().cancellation_policy,
        "step": 6,
    }
    return render(request, "bookings/done.html", context)


@require_safe
@never_cache
def done_calendar(request):
    return ics_download(_done_appointment(request))


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
            "label": f"{day:%A} {day.day} {day:%B}",
            "slots": [
                {
                    "start": s.local_start.isoformat(),
                    "end": s.local_end.isoformat(),
                    "value": s.value,
                    "part": s.part_of_day.heading,
                    "time": f"{s.local_start:%H:%M}",
                    "to": f"{s.local_end:%H:%M}",
                }
                for s in slots
            ],
        }
    )
