"""The patient's booking flow: service and area → safety questions → day and time → details → check → confirmation.

Each step is a plain HTML form (works with JavaScript off); answers are kept in the
session until the request is submitted (`BookingDraft`). Only these views read the clock.
"""

from http import HTTPStatus

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
from bookings.draft import BookingDraft
from bookings.forms import DetailsForm, SafetyForm, ServiceForm, SlotForm, parse_day
from bookings.models import Appointment, BookingRules, Concern, SafetyAdvice, Service
from bookings.picker import TimePicker
from clinic.hours import local
from core.net import client_ip
from core.pagecache import public_page


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


def _choose_service(request, draft):
    """Apply step 1's answers (?service=, ?concern=) to the draft; an error page if either is missing or bad."""
    form = ServiceForm(request.GET)
    if not form.is_valid():
        return render(request, "bookings/start.html", {"form": form, "step": 1}, status=HTTPStatus.BAD_REQUEST)
    draft.choose(form.cleaned_data["service"], form.cleaned_data["concern"])
    return None


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def safety(request):
    """Step 2: a few yes/no safety questions for the area, each about one timeframe. The worrying answer to one
    about right now (emergency) or the last 48 hours (urgent) shows that advice first (`safety_advice`); the patient
    may still go on to book for a later, non-urgent problem."""
    draft = BookingDraft(request.session)
    if request.method == "GET" and ("service" in request.GET or "chosen" in request.GET):
        error_page = _choose_service(request, draft)
        if error_page:
            return error_page
    service, concern = draft.service, draft.concern
    if service is None or concern not in Concern.values:
        messages.info(request, "Choose a service and the area that bothers you first.")
        return redirect("bookings:start")
    questions = triage.questions_for(concern)
    if not questions:
        draft.record_screening(triage.screen([], set()))
        return redirect("bookings:time")
    if request.method == "POST":
        form = SafetyForm(request.POST, questions=questions)
        if form.is_valid():
            screening = triage.screen(questions, form.yes_ids())
            draft.record_screening(screening)
            return redirect("bookings:safety_advice" if screening["advice"] else "bookings:time")
    else:
        answers = (draft.screening or {}).get("answers", [])
        form = SafetyForm(
            initial={f"q{a.get('id')}": "yes" if a["yes"] else "no" for a in answers}, questions=questions
        )
    status = HTTPStatus.UNPROCESSABLE_ENTITY if form.errors else HTTPStatus.OK
    context = {"form": form, "service": service, "concern": concern, "concern_label": Concern(concern).label, "step": 2}
    return render(request, "bookings/safety.html", context, status=status)


@require_safe
@never_cache
def safety_advice(request):
    """The advice for a worrying answer to an emergency or urgent question, with the reasons; then the patient's
    choice."""
    draft = BookingDraft(request.session)
    safety = draft.screening
    if safety is None:
        return redirect("bookings:safety" if draft.service else "bookings:start")
    if not safety["advice"]:
        return redirect("bookings:time")
    context = {"advice": safety["advice"], "reasons": safety["reasons"], "Advice": SafetyAdvice, "step": 2}
    return render(request, "bookings/safety_advice.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def choose_time(request):
    """Step 3: choose a day (free days only are links) and a start time on that day."""
    draft = BookingDraft(request.session)
    service = draft.service
    if service is None:
        messages.info(request, "Choose a service first.")
        return redirect("bookings:start")
    if draft.screening is None:
        return redirect("bookings:safety")
    picker = TimePicker(request, service, timezone.now(), preferred=draft.start)
    if request.method == "POST" and picker.form.is_valid():
        draft.choose_start(picker.form.cleaned_data["slot"].start)
        return redirect("bookings:check" if draft.consented else "bookings:details")
    context = {"service": service, "step": 3, "action": reverse("bookings:time"), **picker.context()}
    return render(request, "bookings/time.html", context, status=picker.status)


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def details(request):
    """Step 4: the patient's details and consent."""
    draft = BookingDraft(request.session)
    service, start_at = draft.service, draft.start
    if service is None or start_at is None or draft.screening is None:
        messages.info(request, "Choose a service and a time first.")
        return redirect("bookings:start")
    if request.method == "POST":
        form = DetailsForm(request.POST)
        if form.is_valid():
            draft.give_details({k: v for k, v in form.cleaned_data.items() if k not in {"website", "consent"}})
            return redirect("bookings:check")
    else:
        form = DetailsForm(initial=draft.details)
    status = HTTPStatus.UNPROCESSABLE_ENTITY if form.errors else HTTPStatus.OK
    context = {"form": form, "service": service, "start": local(start_at), "step": 4}
    return render(request, "bookings/details.html", context, status=status)


def _summary(draft):
    """What the request is made of, or None while the draft lacks any of it."""
    service, start_at, screening = draft.service, draft.start, draft.screening
    if service is None or start_at is None or not draft.details or not draft.consented or screening is None:
        return None
    return service, start_at, draft.details, draft.concern, screening


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def check(request):
    """Step 5: check your answers, then submit the request. Never cached: it shows the patient's details."""
    draft = BookingDraft(request.session)
    summary = _summary(draft)
    if summary is None:
        if request.method == "POST" and draft.sent_reference:
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
        "cancellation_policy": BookingRules.load().policy_for(start_at, timezone.now()),
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
        appointment = request_appointment(service, start_at, patient, now, request_key=draft.key)
    except SlotTaken:
        nearest = availability.nearest_free(service, start_at, now)
        draft.choose_start(None)
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

    draft.sent(appointment.reference)
    return redirect("bookings:done")


def _done_appointment(request):
    reference = BookingDraft(request.session).sent_reference
    if not reference:
        raise Http404("No recent booking in this browser.")
    return get_object_or_404(Appointment.objects.select_related("service"), reference=reference)


@require_safe
@never_cache
def done(request):
    """Step 6: the confirmation, with the reference and what happens next."""
    appointment = _done_appointment(request)
    context = {
        "appointment": appointment,
        "cancellation_policy": BookingRules.load().policy_for(appointment.start, timezone.now()),
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
    """Free slots for ?service=<slug>&date=YYYY-MM-DD as JSON; "suggested" marks those step 3 offers before "Show
    all times" (the times that keep the diary compact, or every one if the clinician switched that off)."""
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
    slots, first = availability.times_on(service, day, timezone.now())
    suggested = {slot.value for slot in first}
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
                    "suggested": s.value in suggested,
                }
                for s in slots
            ],
        }
    )
