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
