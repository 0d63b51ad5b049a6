"""The clinician's extra admin pages beside the appointment list: diary, weekly report, subject access export,
and the one-click decisions the appointment page and the diary post to."""

import datetime as dt
import json

from django import forms
from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from bookings import diary, reports, workflow
from bookings.forms import parse_day
from bookings.models import Appointment


def urls(model_admin):
    """The pages, each behind the admin's login and permission checks, named `bookings_appointment_<page>`."""
    site = model_admin.admin_site

    def page(route, view, name):
        def admin_page(request, **kwargs):
            context = {**site.each_context(request), "opts": model_admin.model._meta}
            return view(request, context, **kwargs)

        return path(route, site.admin_view(admin_page), name=f"bookings_appointment_{name}")

    return [
        page("diary/", diary_view, "diary"),
        page("report/", report_view, "report"),
        page("subject-access/", subject_access_view, "subject_access"),
        page("<int:object_id>/decide/", decide_view, "decide"),
    ]


def diary_view(request, context):
    today = timezone.localdate()
    requested_day = parse_day(request.GET.get("day"))
    anchor = requested_day or parse_day(request.GET.get("week")) or today
    days = [requested_day] if requested_day else diary.week_of(anchor)
    step = dt.timedelta(days=1 if requested_day else 7)
    now = timezone.now()
    built = diary.build(days, now)
    context |= {
        "title": f"Diary: {days[0]:%A %-d %B %Y}" if requested_day else f"Diary: week of {days[0]:%-d %B %Y}",
        "days": built,
        "grid": diary.grid(built, now),
        "waiting": diary.requests_waiting(now),
        "here": request.get_full_path(),
        "is_nav_sidebar_enabled": False,  # the grid needs the width
        "is_day": bool(requested_day),
        "shows_today": today in days,
        "previous": days[0] - step,
        "next": days[0] + step,
        "today": today,
    }
    return TemplateResponse(request, "admin/bookings/diary.html", context)


def report_view(request, context):
    context |= {"title": "Weekly report", "weeks": reports.weekly_report(timezone.localdate(), weeks=8)}
    return TemplateResponse(request, "admin/bookings/report.html", context)


class SubjectAccessForm(forms.Form):
    email = forms.EmailField(label="Patient's email address")


def subject_access_view(request, context):
    form = SubjectAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = reports.subject_access_export(form.cleaned_data["email"])
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="subject-access-{timezone.localdate()}.json"'
        return response
    context |= {"title": "Export everything held about one email address", "form": form}
    return TemplateResponse(request, "admin/bookings/subject_access.html", context)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[(name, name) for name in workflow.CLINICIAN_DECISIONS])
    seen_status = forms.ChoiceField(choices=Appointment.Status.choices)
    message = forms.CharField(required=False, max_length=1000)
    next = forms.CharField(required=False, max_length=300)


@require_POST
def decide_view(request, context, object_id):
    """One click from the appointment page or the diary: the same compare-and-set, history and emails as the
    list actions. Answers with a message and goes back where the clinician was."""
    form = DecisionForm(request.POST)
    appointment = Appointment.objects.filter(pk=object_id).first()
    back = reverse("admin:bookings_appointment_change", args=[object_id])
    if form.is_valid() and url_has_allowed_host_and_scheme(form.cleaned_data["next"], allowed_hosts=None):
        back = form.cleaned_data["next"] or back
    if appointment is None or not form.is_valid():
        messages.error(request, "Nothing was changed: that decision could not be read. Reload the page and try again.")
        return redirect(back if appointment else reverse("admin:bookings_appointment_changelist"))
    name = form.cleaned_data["decision"]
    done = workflow.apply(
        name, appointment.pk, seen_status=form.cleaned_data["seen_status"], user=request.user,
        message=form.cleaned_data["message"],
    )  # fmt: skip
    if done is None:
        messages.warning(
            request,
            f"Nothing was changed for {appointment.reference}: it is now “{appointment.get_status_display()}”, "
            f"which doesn't allow “{workflow.TRANSITIONS[name].label}”.",
        )
    else:
        emailed = " The patient has been emailed." if workflow.TRANSITIONS[name].patient_email else ""
        messages.success(request, f"{done.reference}: {done.get_status_display()}.{emailed}")
    return redirect(back)
