"""The patient's programme page, reached by their signed link: the exercises with pictures, cues and dose, printable,
and today's session log. GET never changes anything."""

from http import HTTPStatus

from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from bookings.links import signed_link
from bookings.models import BookingRules
from care import sessions
from care.forms import SessionLogForm
from care.links import programme_for, valid_until
from care.models import SessionLog


def _programme(token):
    return programme_for(token, timezone.localdate())


@require_http_methods(["GET", "HEAD", "POST"])
@signed_link(_programme, invalid_template="care/programme_invalid.html")
def programme(request, programme, token):
    today = timezone.localdate()
    items = list(programme.items.select_related("exercise").prefetch_related("exercise__images"))
    logged = SessionLog.objects.filter(programme=programme, day=today).first()
    if request.method == "POST":
        form = SessionLogForm(request.POST, items=items)
        if form.is_valid():
            sessions.record(
                programme,
                today,
                done=form.done_names(),
                pain=form.cleaned_data["pain"],
                pain_when=form.cleaned_data["pain_when"],
                note=form.cleaned_data["note"],
            )
            return redirect(f"{request.path}#log")
    else:
        form = SessionLogForm(initial=SessionLogForm.initial_from(logged, items), items=items)
    alert = sessions.alert_for(logged.pain, BookingRules.load().pain_alert_threshold) if logged else sessions.Alert.NONE
    context = {
        "programme": programme,
        "items": items,
        "form": form,
        "logged": logged,
        "alert": alert.value,  # "none", "stop" or "urgent"
        "valid_until": valid_until(programme),
    }
    status = HTTPStatus.UNPROCESSABLE_ENTITY if form.errors else HTTPStatus.OK
    return render(request, "care/programme.html", context, status=status)
