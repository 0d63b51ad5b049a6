"""The patient's follow-up page and the page that stops follow-ups, both reached by signed links from the email.
GET never changes anything (link scanners open them); each answer is stored once, whole or not at all."""

from http import HTTPStatus

from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from bookings.links import signed_link
from outcomes import scheduling
from outcomes.forms import FollowUpForm
from outcomes.links import answer_until, followup_for, stop_followup_for, stop_path


def _followup(token):
    return followup_for(token, timezone.localdate())


@require_http_methods(["GET", "HEAD", "POST"])
@signed_link(_followup, invalid_template="outcomes/followup_invalid.html")
def followup(request, followup, token):
    context = {
        "followup": followup,
        "stop_path": stop_path(followup),
        "answer_until": answer_until(followup),
    }
    if followup.answered_at or followup.stopped_at:
        if request.method == "POST" and followup.answered_at:  # sent twice: the first answer stands
            again = FollowUpForm(request.POST, followup=followup)
            same = again.is_valid() and again.scores() == followup.scores
            if same and again.cleaned_data["change"] == followup.change:
                return redirect("outcomes:followup", token=token)  # the same answer pressed twice: nothing lost
            context["not_saved"] = True  # other answers (an older tab): say so, rather than drop them unseen
        status = HTTPStatus.CONFLICT if request.method == "POST" else HTTPStatus.OK
        return render(request, "outcomes/followup.html", context, status=status)
    form = FollowUpForm(request.POST if request.method == "POST" else None, followup=followup)
    if request.method == "POST" and form.is_valid():
        scheduling.answer(followup, form.scores(), form.cleaned_data["change"], timezone.now())
        return redirect("outcomes:followup", token=token)  # answered now, or by a first press a moment ago
    status = HTTPStatus.UNPROCESSABLE_ENTITY if form.errors else HTTPStatus.OK
    return render(request, "outcomes/followup.html", {**context, "form": form}, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@signed_link(stop_followup_for, invalid_template="outcomes/followup_invalid.html")
def stop(request, followup, token):
    """One button stops every follow-up not yet answered for the patient's email address."""
    if request.method == "POST":
        scheduling.stop(followup.appointment.email, timezone.now())
        return redirect("outcomes:stop", token=token)
    stopped = not scheduling.still_coming(followup.appointment.email)  # this link's follow-up may be an answered one
    return render(request, "outcomes/stop.html", {"followup": followup, "stopped": stopped})
