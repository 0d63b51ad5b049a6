"""The patient's feedback page, reached by the signed link in the one email asking for it: a rating, a comment
and whether it may be shown. GET never changes anything; the same link shows the answer given and changes it."""

from http import HTTPStatus

from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from bookings.links import signed_link
from feedback import answers
from feedback.forms import FeedbackForm
from feedback.links import request_for, valid_until
from feedback.names import public_name


def _request(token):
    return request_for(token, timezone.localdate())


@require_http_methods(["GET", "HEAD", "POST"])
@signed_link(_request, invalid_template="feedback/answer_invalid.html")
def answer(request, feedback_request, token):
    given = getattr(feedback_request, "feedback", None)
    shown_name = public_name(feedback_request.appointment.patient_name)
    if request.method == "POST":
        form = FeedbackForm(request.POST, shown_name=shown_name)
        if form.is_valid():
            answers.record(feedback_request, **form.cleaned_data, now=timezone.now())
            return redirect(f"{request.path}#thanks")
    elif given is not None:
        initial = {"rating": str(given.rating), "comment": given.comment, "may_publish": given.may_publish}
        form = FeedbackForm(initial=initial, shown_name=shown_name)
    else:
        form = FeedbackForm(shown_name=shown_name)
    context = {
        "form": form,
        "given": given,
        "appointment": feedback_request.appointment,
        "valid_until": valid_until(feedback_request),
    }
    status = HTTPStatus.UNPROCESSABLE_ENTITY if form.errors else HTTPStatus.OK
    return render(request, "feedback/answer.html", context, status=status)
