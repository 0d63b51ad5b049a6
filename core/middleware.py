import time

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import BadRequest
from django.views.defaults import bad_request


class RejectNullCharactersMiddleware:
    """Answer 400 to any query or form value containing a NUL character.

    No one types one; PostgreSQL cannot store one and would fail on the query. Refusing
    them here, once, saves every view and form from having to.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        sources = [request.GET]
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            sources.append(request.POST)
        if "\x00" in request.path or any("\x00" in value for source in sources for value in _values(source)):
            return bad_request(request, BadRequest("NUL character in the request"))
        return self.get_response(request)


def _values(querydict):
    for key, values in querydict.lists():
        yield key
        yield from values


class StaffSessionTimeoutMiddleware:
    """Signed-in sessions end after STAFF_SESSION_IDLE_SECONDS without a request, and after
    STAFF_SESSION_MAX_SECONDS however busy (OWASP ASVS 3.3). Patients never sign in, so only the
    clinician's admin sessions are affected."""

    STARTED_KEY = "_signed_in_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            started = request.session.setdefault(self.STARTED_KEY, now)
            if now - started > settings.STAFF_SESSION_MAX_SECONDS:
                logout(request)
            else:
                # Each request pushes the idle expiry on (the session is saved with it).
                request.session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)
        return self.get_response(request)


class HeadWithoutBodyMiddleware:
    """Answer HEAD with GET's headers and no body (the WSGI server would otherwise drop it and warn)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "HEAD" and not response.streaming:
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response
