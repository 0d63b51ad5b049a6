from django.urls import path

from bookings import views

app_name = "bookings"

urlpatterns = [
    path("", views.start, name="start"),
    path("time/", views.choose_time, name="time"),
    path("details/", views.details, name="details"),
    path("check/", views.check, name="check"),
    path("done/", views.done, name="done"),
    path("done/calendar.ics", views.done_calendar, name="done_calendar"),
    path("availability/", views.availability_json, name="availability"),
]
