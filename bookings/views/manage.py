"""The pages a patient's manage link opens: see the appointment, cancel it, move it, download it."""

import functools
from http import HTTPStatus

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from bookings import booking, workflow
from bookings.calendar import ics_download
from bookings.links import appointment_for, change_allowed, questionnaire_path, signed_link
from bookings.models import BookingRules
from bookings.picker import TimePicker


def linked_appointment(*, changes=False):
    """Decorate a manage-link view `view(request, appointment, token)` (`signed_link`); with `changes=True`, a
    link past the cancellation window gets the "too late" page with the clinic's details (409)."""

    def decorator(view):
        @functools.wraps(view)
        def checked(request, appointment, token):
            if changes and not change_allowed(appointment, timezone.now()):
                context = {"appointment": appointment}
                return render(request, "bookings/manage_too_late.html", context, status=HTTPStatus.CONFLICT)
            return view(request, appointment, token)

        return signed_link(appointment_for)(checked)

    return decorator


@require_safe
@linked_appointment()
def manage(request, appointment, token):
    """Show the appointment. A GET never changes anything."""
    now = timezone.now()
    context = {
        "appointment": appointment,
        "token": token,
        "can_change": change_allowed(appointment, now),
        "window_hours": BookingRules.load().cancellation_window_hours,
        "is_past": appointment.start <= now,
        "questionnaire_url": questionnaire_path(appointment) if appointment.questionnaire_open(now) else "",
    }
    return render(request, "bookings/manage.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@linked_appointment(changes=True)
def manage_cancel(request, appointment, token):
    """GET asks "Cancel your appointment on …?" with "Keep it" as the main action (and changes nothing, so a
    link scanner cannot cancel); POST cancels."""
    if request.method != "POST":
        return render(request, "bookings/manage_cancel.html", {"appointment": appointment, "token": token})
    if workflow.apply("patient_cancel", appointment.pk, seen_status=appointment.status) is None:
        messages.error(
            request, "This appointment changed meanwhile, so nothing was cancelled. Here it is as it is now."
        )
    else:
        what = "booking request" if appointment.status == appointment.Status.REQUESTED else "appointment"
        messages.success(request, f"Your {what} is cancelled. We’ve sent you an email to confirm it.")
    return redirect("bookings:manage", token=token)


@require_http_methods(["GET", "HEAD", "POST"])
@linked_appointment(changes=True)
def manage_move(request, appointment, token):
    """Offer only free times (same rules as booking); the time chosen is shown from and to ("Confirm move"), and
    only that second post moves the appointment."""
    now = timezone.now()
    picker = TimePicker(request, appointment.service, now, preferred=appointment.start, exclude_pk=appointment.pk)
    if request.method == "POST" and picker.form.is_valid():
        slot = picker.form.cleaned_data["slot"]
        if "confirm" not in request.POST and slot.start != appointment.start:
            context = {
                "appointment": appointment,
                "token": token,
                "slot": slot,
                "to_approve": appointment.status == appointment.Status.CONFIRMED
                and BookingRules.load().patient_moves_need_approval,
            }
            return render(request, "bookings/manage_move_review.html", context)
        seen = appointment.status
        try:
            booking.move(appointment, slot.start, now=now, by_patient=True)  # refreshes `appointment`
        except booking.Unchanged:
            messages.info(request, "That is the time you already have, so nothing has changed.")
            return redirect("bookings:manage", token=token)
        except booking.SlotTaken:
            messages.error(request, "Sorry, that time has just been taken. Please choose another.")
            return redirect("bookings:manage_move", token=token)
        what = "booking request" if seen == appointment.Status.REQUESTED else "appointment"
        if appointment.status != seen:
            waiting = " The clinic confirms each move, so it is awaiting confirmation."
        else:
            waiting = " It is still awaiting confirmation." if what == "booking request" else ""
        messages.success(request, f"Your {what} has moved.{waiting} We’ve emailed you the new time.")
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
@linked_appointment()
def manage_calendar(request, appointment, token):
    return ics_download(appointment)
