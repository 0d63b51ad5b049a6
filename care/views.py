"""The patient's programme page, reached by their signed link: the exercises with pictures, cues and dose, printable,
today's session log and the patient's choice of reminder emails; and the one-click stop in those emails. GET never
changes anything."""

from http import HTTPStatus

from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from bookings.links import signed_link
from bookings.models import BookingRules
from care import reminders, sessions
from care.forms import ReminderForm, SessionLogForm
from care.links import programme_for, programme_path, programme_to_stop, valid_until
from care.models import SessionLog


def _programme(token):
    return programme_for(token, timezone.localdate())


@require_http_methods(["GET", "HEAD", "POST"])
@signed_link(_programme, invalid_template="care/programme_invalid.html")
def programme(request, programme, token):
    today = timezone.localdate()
    started, conflict = today >= programme.start_date, False
    items = list(programme.items.select_related("exercise").prefetch_related("exercise__images"))
    logged = SessionLog.objects.filter(programme=programme, day=today).first()
    form = SessionLogForm(initial=SessionLogForm.initial_from(logged, items), items=items)
    chosen = reminders.weekdays_of(programme.reminder_weekdays)
    reminder_form = ReminderForm(initial={"days": chosen}, prefix="reminders")
    can_remind = bool(programme.appointment.email)  # reminders go by email: none without an address
    if request.method == "POST" and "reminders-form" in request.POST:
        reminder_form = ReminderForm(request.POST, prefix="reminders")
        if reminder_form.is_valid() and not can_remind:
            reminder_form.add_error(None, "The clinic has no email address for you: ask them to add it first.")
        if reminder_form.is_valid():
            if reminder_form.cleaned_data["action"] == "stop":
                reminders.stop(programme)
            else:
                reminders.choose(programme, reminder_form.cleaned_data["days"], today)
            return redirect(f"{request.path}#reminders")
    elif request.method == "POST" and not started:
        conflict = True  # a log before the programme starts (an old tab, a bookmark): nothing saved, the page says when
    elif request.method == "POST":
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
    alert = sessions.alert_for(logged.pain, BookingRules.load().pain_alert_threshold) if logged else sessions.Alert.NONE
    context = {
        "programme": programme,
        "items": items,
        "form": form,
        "logged": logged,
        "alert": alert.value,  # "none", "stop" or "urgent"
        "valid_until": valid_until(programme),
        "review_passed": programme.review_date < today,
        "started": started,
        "log_refused": conflict,
        "today": today,
        "can_remind": can_remind,
        "reminder_form": reminder_form,
        "reminder_days": reminders.in_words(programme.reminder_weekdays),
        "next_reminder": reminders.next_reminder(programme, today),
    }
    status = HTTPStatus.UNPROCESSABLE_ENTITY if form.errors or reminder_form.errors else HTTPStatus.OK
    status = HTTPStatus.CONFLICT if conflict else status
    return render(request, "care/programme.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@signed_link(programme_to_stop, invalid_template="care/stop_reminders_invalid.html")
def stop_reminders(request, programme, token):
    """The one-click stop in every reminder email: GET shows the button (a link scanner opening it stops nothing),
    POST stops them."""
    stopped = False
    if request.method == "POST":
        reminders.stop(programme)
        stopped = True
    context = {"programme": programme, "stopped": stopped, "programme_path": programme_path(programme)}
    return render(request, "care/stop_reminders.html", context)
