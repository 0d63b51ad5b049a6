"""The clinician's extra admin pages beside the appointment list: diary, weekly report, subject access export."""

import datetime as dt
import json

from django import forms
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from bookings import diary, reports
from bookings.forms import parse_day


def urls(model_admin):
    """The pages, each behind the admin's login and permission checks, named `bookings_appointment_<page>`."""
    site = model_admin.admin_site

    def page(route, view, name):
        def admin_page(request):
            context = {**site.each_context(request), "opts": model_admin.model._meta}
            return view(request, context)

        return path(route, site.admin_view(admin_page), name=f"bookings_appointment_{name}")

    return [
        page("diary/", diary_view, "diary"),
        page("report/", report_view, "report"),
        page("subject-access/", subject_access_view, "subject_access"),
    ]


def diary_view(request, context):
    today = timezone.localdate()
    requested_day = parse_day(request.GET.get("day"))
    anchor = requested_day or parse_day(request.GET.get("week")) or today
    days = [requested_day] if requested_day else diary.week_of(anchor)
    step = dt.timedelta(days=1 if requested_day else 7)
    context |= {
        "title": "Diary",
        "days": diary.build(days, timezone.now()),
        "is_day": bool(requested_day),
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
