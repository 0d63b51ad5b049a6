"""The clinician's admin pages on the bench database: each opened ten times in a row, signed in, through the
production stack; the median time is reported. A page that does not answer 200 was not measured."""

from __future__ import annotations

import statistics
import time
import urllib.request

TIMES = 10


def clinician_cookie() -> str:
    """A signed-in session for a superuser made for the bench (no login form, so no lockout to trip)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    user, _ = get_user_model().objects.get_or_create(
        username="bench-clinician", defaults={"is_staff": True, "is_superuser": True}
    )
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def admin_paths() -> dict[str, str]:
    from django.urls import reverse
    from django.utils import timezone

    from bookings.models import Appointment

    today = timezone.localdate()
    latest = Appointment.objects.order_by("-start").values_list("pk", flat=True).first()
    return {
        "admin home": reverse("admin:index"),
        "diary day": f"{reverse('admin:bookings_appointment_diary')}?day={today}",
        "diary week": f"{reverse('admin:bookings_appointment_diary')}?week={today}",
        "appointment list": reverse("admin:bookings_appointment_changelist"),
        "appointment search": f"{reverse('admin:bookings_appointment_changelist')}?q=smith",
        "an appointment": reverse("admin:bookings_appointment_change", args=[latest]),
        "weekly report": reverse("admin:bookings_appointment_report"),
    }


def time_admin_pages(base: str, problems) -> dict[str, float]:
    """{page: median milliseconds of TIMES signed-in requests}."""
    cookie, medians = clinician_cookie(), {}
    for name, path in admin_paths().items():
        timings = []
        for _ in range(TIMES):
            request = urllib.request.Request(base + path, headers={"Cookie": cookie})
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    response.read()
                    status, final = response.status, response.url
            except OSError as error:
                problems.add(f"admin {name} ({path}): {error}: not measured")
                break
            timings.append(time.perf_counter() - started)
            if status != 200 or final != base + path:
                problems.add(f"admin {name} ({path}) answered {status} at {final}, not 200 there: not measured")
                timings = []
                break
        if timings:
            medians[name] = round(statistics.median(timings) * 1000, 1)
    return medians
