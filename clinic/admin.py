from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db import models
from django.db.models import Case, F, IntegerField, Value, When
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from clinic.hours import build_schedule
from clinic.models import ClinicProfile, Closure, FirstVisitSection, FrequentQuestion, OpeningHours
from core import clashes


@admin.register(ClinicProfile)
class ClinicProfileAdmin(admin.ModelAdmin):
    list_display = ["name", "clinician_name", "email", "phone", "updated_at"]
    readonly_fields = ["updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "tagline", "description", "clinician_name"]}),
        ("Contact", {"fields": ["email", "phone"]}),
        (
            "Paying",
            {
                "fields": ["payment_methods", "insurers"],
                "description": "Each is hidden on the site while it is empty. List an insurer only once it has "
                "recognised the clinic.",
            },
        ),
        (
            "Address",
            {
                "fields": [
                    "address_line1",
                    "address_line2",
                    "town",
                    "postcode",
                    "country",
                    ("latitude", "longitude"),
                    "directions",
                    "parking",
                    "access",
                ]
            },
        ),
        (
            "About the clinician (the about page)",
            {
                "fields": [
                    "clinician_role",
                    "clinician_photo",
                    "clinician_photo_alt",
                    "clinician_bio",
                    "approach",
                    "qualifications",
                    "registrations",
                ],
                "description": "Each part is hidden on the site while it is empty. Without a photo the page shows "
                "a drawn card with your initials.",
            },
        ),
        (
            "Social profiles",
            {
                "fields": ["instagram_url", "facebook_url", "youtube_url"],
                "description": "A profile with an empty address is not shown on the site.",
            },
        ),
        (None, {"fields": ["updated_at"]}),
    ]

    def has_add_permission(self, request):
        return not ClinicProfile.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class TimeOfDayInput(forms.TimeInput):
    """A 24-hour time without seconds and without the admin's "Now" shortcut (a clinic's hours aren't "now")."""

    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs={"step": 300, **(attrs or {})}, format="%H:%M")


class AsksAboutClashes:
    """Saving (or deleting) a change that would leave bookings outside opening hours first lists them and asks,
    for each, keep, move or cancel (`core.clashes`); nothing is saved or changed until the clinician chooses."""

    def schedule_after(self, obj, *, deleting=False):
        """The schedule with `obj` (unsaved) in place of its saved self, or without it when `deleting`."""
        raise NotImplementedError

    def clash_reason(self, obj, *, deleting=False) -> str:
        """Why the bookings would be outside the hours, as the clash page and their history say it."""
        raise NotImplementedError

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        allowed = self.has_change_permission(request, obj) if obj else self.has_add_permission(request)
        if (object_id and obj is None) or not allowed:  # the admin answers as it always does
            return super().changeform_view(request, object_id, form_url, extra_context)
        form = self.get_form(request, obj, change=obj is not None)(request.POST, request.FILES, instance=obj)
        if not form.is_valid():  # the admin shows the errors
            return super().changeform_view(request, object_id, form_url, extra_context)
        after = self.schedule_after(form.instance)
        saving = lambda: super(AsksAboutClashes, self).changeform_view(request, object_id, form_url, extra_context)  # noqa: E731
        return self._ask(request, after, saving, self.clash_reason(form.instance))

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if request.method != "POST" or obj is None or not self.has_delete_permission(request, obj):
            return super().delete_view(request, object_id, extra_context)
        after = self.schedule_after(obj, deleting=True)
        deleting = lambda: super(AsksAboutClashes, self).delete_view(request, object_id, extra_context)  # noqa: E731
        return self._ask(request, after, deleting, self.clash_reason(obj, deleting=True))

    def _ask(self, request, after, save, why):
        found = clashes.new_clashes(build_schedule(), after, timezone.now())
        if not found:
            return save()
        chosen = {clash.key: request.POST.get(f"clash-{clash.key}") for clash in found}
        decided = "_clashes_decided" in request.POST and all(choice in clashes.CHOICES for choice in chosen.values())
        if not decided:
            return self._clash_page(request, found, chosen, why)
        response = save()
        if response.status_code != 302:  # not saved after all (the admin says why)
            return response
        return self._apply(request, found, chosen, why, response)

    def _clash_page(self, request, found, chosen, why):
        carried = [
            (name, value)
            for name, values in request.POST.lists()
            if name != "csrfmiddlewaretoken" and not name.startswith("clash") and name != "_clashes_decided"
            for value in values
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"This change clashes with {len(found)} booking{'s' if len(found) != 1 else ''}",
            "why": why,
            "clashes": [
                (clash, chosen.get(clash.key), request.POST.get(f"clash-message-{clash.key}", "")) for clash in found
            ],
            "choices": clashes.CHOICES.items(),
            "carried": carried,
            "unanswered": "_clashes_decided" in request.POST,
            "back": request.get_full_path(),
        }
        return TemplateResponse(request, "admin/clinic/clashes.html", context)

    def _apply(self, request, found, chosen, why, response):
        moves, changed = [], []
        for clash in found:
            choice = chosen[clash.key]
            if choice == "keep":
                done = clashes.keep(clash.key, user=request.user, why=why)
                said = "Kept: {}."
            elif choice == "cancel":
                message = request.POST.get(f"clash-message-{clash.key}", "")[:1000]
                done = clashes.cancel(clash.key, user=request.user, message=message)
                said = (
                    "Cancelled, and an email to the patient is on its way: {}."
                    if clash.emails_patient
                    else ("Cancelled: {}. No email address: phone the patient to tell them.")
                )
            else:
                moves.append(clash)
                continue
            if done:
                messages.success(request, format_html(said, clash.summary))
            else:
                changed.append(clash)
        if changed:
            messages.warning(
                request,
                format_html(
                    "These changed meanwhile, so nothing was done to them: {}. Open each to decide again.",
                    format_html_join(", ", '<a href="{}">{}</a>', ((c.url, c.summary) for c in changed)),
                ),
            )
        if not moves:
            return response
        messages.info(
            request,
            format_html(
                "Now choose a new time for {}: {}.",
                "each of these" if len(moves) > 1 else "this appointment",
                format_html_join(", ", '<a href="{}">{}</a>', ((c.move_url, c.summary) for c in moves)),
            ),
        )
        return redirect(moves[0].move_url)


@admin.register(OpeningHours)
class OpeningHoursAdmin(AsksAboutClashes, admin.ModelAdmin):
    """One range at a time, each saved through the form, so a change that clashes with a booking is asked about
    (no editing in the list, no deleting from it)."""

    formfield_overrides = {models.TimeField: {"widget": TimeOfDayInput}}
    list_display = ["__str__", "weekday", "opens", "closes"]
    list_filter = ["weekday"]
    ordering = ["weekday", "opens"]
    actions = None

    def schedule_after(self, obj, *, deleting=False):
        others = OpeningHours.objects.exclude(pk=obj.pk) if obj.pk else OpeningHours.objects.all()
        return build_schedule(hours=[*others] if deleting else [*others, obj])

    def clash_reason(self, obj, *, deleting=False):
        if deleting:
            return f"taking “{obj}” out of the opening hours leaves them outside the hours"
        return f"the opening hours “{obj}” leave them outside the hours"


@admin.register(Closure)
class ClosureAdmin(AsksAboutClashes, admin.ModelAdmin):
    formfield_overrides = {models.TimeField: {"widget": TimeOfDayInput}}
    fields = ["start_date", "end_date", "start_time", "end_time", "reason", "public_note"]
    list_display = ["when", "reason", "public_note"]  # three columns: the list fits a phone
    search_fields = ["reason", "public_note"]
    date_hierarchy = "start_date"

    @admin.display(description="When", ordering="start_date")
    def when(self, closure):
        """ "Fri 25 Dec 2026", "Thu 24 – Sat 26 Dec 2026", "Thu 31 Dec 2026 – Fri 1 Jan 2027", then the hours of
        a closure by the hour ("…, 13:00–17:00")."""
        first, last = closure.start_date, closure.end_date or closure.start_date
        if first == last:
            days = f"{first:%a} {first.day} {first:%b %Y}"
        else:
            if first.year != last.year:
                start = f"{first:%a} {first.day} {first:%b %Y}"
            elif first.month != last.month:
                start = f"{first:%a} {first.day} {first:%b}"
            else:
                start = f"{first:%a} {first.day}"
            days = f"{start} – {last:%a} {last.day} {last:%b %Y}"
        if closure.start_time and closure.end_time:
            return f"{days}, {closure.start_time:%H:%M}–{closure.end_time:%H:%M}"
        return days

    def get_queryset(self, request):
        """Soonest first: the closures still to come from the nearest, then those past from the latest."""
        today = timezone.localdate()
        annotated = Closure.objects.annotate(  # before ordering by it (the admin's own get_queryset orders first)
            is_past=Case(When(end_date__lt=today, then=Value(1)), default=Value(0), output_field=IntegerField()),
            upcoming_from=Case(When(end_date__gte=today, then=F("start_date"))),
        )
        return annotated.order_by(*self.get_ordering(request))

    def get_ordering(self, request):
        return ["is_past", "upcoming_from", "-start_date", "start_time"]

    def schedule_after(self, obj, *, deleting=False):
        others = Closure.objects.exclude(pk=obj.pk) if obj.pk else Closure.objects.all()
        return build_schedule(closures=[*others] if deleting else [*others, obj])

    def clash_reason(self, obj, *, deleting=False):
        return f"the closure “{obj}” closes the clinic then"


class OrderedTextAdmin(admin.ModelAdmin):
    list_editable = ["order"]
    ordering = ["order", "id"]


@admin.register(FirstVisitSection)
class FirstVisitSectionAdmin(OrderedTextAdmin):
    list_display = ["heading", "order"]
    search_fields = ["heading", "text"]


@admin.register(FrequentQuestion)
class FrequentQuestionAdmin(OrderedTextAdmin):
    list_display = ["question", "order"]
    search_fields = ["question", "answer"]
