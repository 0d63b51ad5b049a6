"""The contact form, mounted at /contact/message/ (config/urls.py)."""

from django.urls import path

from bookings.views import contact

app_name = "contact_message"

urlpatterns = [
    path("", contact.write, name="write"),
    path("sent/", contact.sent, name="sent"),
]
