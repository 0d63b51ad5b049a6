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
    path("manage/<str:token>/", views.manage, name="manage"),
    path("manage/<str:token>/cancel/", views.manage_cancel, name="manage_cancel"),
    path("manage/<str:token>/move/", views.manage_move, name="manage_move"),
    path("manage/<str:token>/calendar.ics", views.manage_calendar, name="manage_calendar"),
    path("calendar/<str:token>.ics", views.clinic_calendar, name="clinic_calendar"),
]
