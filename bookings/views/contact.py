"""The contact form's pages, at /contact/message/ (the contact page links to it): never cached, as it carries a
CSRF token."""

from http import HTTPStatus

from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from bookings import contact, ratelimit
from core.net import client_ip

SENT_KEY = "contact-sent"


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def write(request):
    form = contact.ContactForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        now = timezone.now()
        if not ratelimit.submission_allowed("contact", client_ip(request), form.cleaned_data["email"], now):
            return render(request, "bookings/contact_too_many.html", status=HTTPStatus.TOO_MANY_REQUESTS)
        message = contact.receive(form.cleaned_data, now)
        request.session[SENT_KEY] = message.email
        return redirect("contact_message:sent")
    status = HTTPStatus.UNPROCESSABLE_ENTITY if form.errors else HTTPStatus.OK
    return render(request, "bookings/contact_write.html", {"form": form}, status=status)


@require_safe
@never_cache
def sent(request):
    """Where the reply will go; without a message sent from this browser, the form."""
    email = request.session.get(SENT_KEY)
    if not email:
        return redirect("contact_message:write")
    return render(request, "bookings/contact_sent.html", {"email": email})
