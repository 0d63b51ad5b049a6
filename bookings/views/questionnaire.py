"""The pre-visit questionnaire a confirmed patient opens from their email (`links.questionnaire_path`)."""

from http import HTTPStatus

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from bookings.forms_questionnaire import QuestionnaireForm
from bookings.links import questionnaire_appointment_for, signed_link
from bookings.models import PSFS_ACTIVITIES, Questionnaire


@require_http_methods(["GET", "HEAD", "POST"])
@signed_link(questionnaire_appointment_for)
def questionnaire(request, appointment, token):
    """Fill in or change the answers until the appointment starts; GET never changes anything."""
    if not appointment.questionnaire_open(timezone.now()):
        context = {"appointment": appointment}
        return render(request, "bookings/questionnaire_closed.html", context, status=HTTPStatus.CONFLICT)
    saved = Questionnaire.objects.filter(appointment=appointment).first()
    form = QuestionnaireForm(request.POST if request.method == "POST" else None, instance=saved)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():  # a second tab saving at once finds the row made by the first
            answers, _ = Questionnaire.objects.select_for_update().get_or_create(appointment=appointment)
            for name, value in form.cleaned_data.items():
                setattr(answers, name, value)
            answers.save()
        messages.success(request, "Thank you: your answers are saved. You can change them until your appointment.")
        return redirect("bookings:questionnaire", token=token)
    status = HTTPStatus.UNPROCESSABLE_ENTITY if form.errors else HTTPStatus.OK
    context = {
        "appointment": appointment,
        "form": form,
        "saved": saved,
        "activities": [(form[f"activity_{n}"], form[f"score_{n}"]) for n in range(1, PSFS_ACTIVITIES + 1)],
    }
    return render(request, "bookings/questionnaire.html", context, status=status)
