"""The waitlist's pages: join, the confirmation, the patient's own entry (leave it), and claiming an offer.

Opening a link from an email (GET) never changes anything: link scanners open them. Never cached.
"""

from http import HTTPStatus

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from bookings import availability, ratelimit, triage, waitlist
from bookings.booking import BookingError, PatientDetails
from bookings.draft import BookingDraft
from bookings.forms import OfferSafetyForm, WaitlistForm
from bookings.links import entry_for, offer_for, signed_link, waitlist_path
from bookings.models import BookingRules, SafetyAdvice, Service, WaitlistEntry
from clinic.hours import current_schedule, local
from core.net import client_ip

JOINED_KEY = "waitlist_joined"


def _form(request, now):
    rules = BookingRules.load()
    _, last_day = availability.bookable_window(availability.Rules.from_model(rules), now)
    schedule = current_schedule()
    open_weekdays = [day for day in range(7) if schedule.weekly_ranges(day)]
    kwargs = {"open_weekdays": open_weekdays, "today": local(now).date(), "last_day": last_day}
    if request.method == "POST":
        return WaitlistForm(request.POST, **kwargs)
    draft = BookingDraft(request.session)  # what the patient already said while booking
    slug = request.GET.get("service")
    service = Service.objects.active().filter(slug=slug).first() if slug else draft.service
    initial = {
        "service": service.slug if service else None,
        "weekdays": open_weekdays,
        "parts_of_day": ["morning", "afternoon", "evening"],
        "concern": draft.concern,
        **{k: v for k, v in (draft.details or {}).items() if k in {"name", "email", "phone"}},
    }
    return WaitlistForm(initial=initial, **kwargs)


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def join(request):
    """Join the waitlist for a service: what suits, then the patient's details and consent."""
    now = timezone.now()
    form = _form(request, now)
    error = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not ratelimit.submission_allowed("waitlist", client_ip(request), data["email"], now):
            return render(request, "bookings/too_many.html", status=HTTPStatus.TOO_MANY_REQUESTS)
        wishes = waitlist.Wishes(data["weekdays"], data["parts_of_day"], data["earliest"], data["latest"])
        patient = PatientDetails(data["name"], data["email"], data["phone"], data["concern"], "")
        try:
            entry, is_new = waitlist.join(data["service"], wishes, patient, now)
        except BookingError as refused:
            error = refused.message
        else:
            request.session[JOINED_KEY] = {"entry": entry.pk, "new": is_new}
            return redirect("bookings:waitlist_joined")
    status = HTTPStatus.UNPROCESSABLE_ENTITY if form.errors else HTTPStatus.CONFLICT if error else HTTPStatus.OK
    return render(request, "bookings/waitlist_join.html", {"form": form, "error": error}, status=status)


@require_safe
@never_cache
def joined(request):
    """The confirmation: what the patient is waiting for and what happens next."""
    joined_data = request.session.get(JOINED_KEY)
    if not joined_data:
        raise Http404("No recent waitlist entry in this browser.")
    entry = get_object_or_404(WaitlistEntry.objects.select_related("service"), pk=joined_data["entry"])
    context = {"entry": entry, "is_new": joined_data["new"], "rules": BookingRules.load()}
    return render(request, "bookings/waitlist_joined.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@signed_link(entry_for)
def leave(request, entry, token):
    """The patient's own entry, from the link in their emails: see it, and leave the waitlist (POST)."""
    now = timezone.now()
    left = request.method == "POST" and waitlist.leave(entry, now)
    if left:
        entry.refresh_from_db()
    context = {"entry": entry, "token": token, "left": left, "offers": waitlist.open_offers(entry, now)}
    return render(request, "bookings/waitlist_entry.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@signed_link(offer_for)
def offer(request, offered, token):
    """A time offered from the waitlist: GET shows it with the safety questions for the patient's area (asked now,
    not when they joined: what matters is how they are today) and consent to store the answers; POST books it
    with them. A yes to an emergency or urgent question shows that advice first, and books only when the patient
    goes on from it."""
    now = timezone.now()
    entry = offered.entry
    questions = triage.questions_for(entry.concern)
    form = OfferSafetyForm(request.POST if request.method == "POST" else None, questions=questions)
    context = {"offer": offered, "token": token, "waitlist_url": waitlist_path(entry), "form": form}
    status = HTTPStatus.OK
    free = waitlist.still_free(offered, now)
    # Not free: booked already, perhaps by this offer (the link opened again, or a second click whose first
    # booked the time after this request read the offer): looked up after the check, so that click is seen.
    booked = None if free else waitlist.booked_from(offered)
    if booked:
        context["appointment"] = booked
    elif not free:
        context["problem"] = waitlist.closed_reason(offered, now)
        status = HTTPStatus.CONFLICT if request.method == "POST" else HTTPStatus.OK
    elif request.method == "POST" and not form.is_valid():
        status = HTTPStatus.UNPROCESSABLE_ENTITY
    elif request.method == "POST":
        screening = triage.screen(questions, form.yes_ids())
        if screening["advice"] and "despite_advice" not in request.POST:
            context.update(screening, Advice=SafetyAdvice)
        else:
            try:
                context["appointment"] = waitlist.claim(
                    offered, now, screening["answers"], screening["advice"], consent_renewed=bool(questions)
                )
            except BookingError as refused:  # SlotTaken (someone was quicker at the last moment) included
                context["problem"], status = refused.message, HTTPStatus.CONFLICT
    if "problem" in context:
        entry.refresh_from_db()
        context["others"] = waitlist.open_offers(entry, now, exclude=offered)
    context["entry"] = entry
    return render(request, "bookings/waitlist_offer.html", context, status=status)
