from django.urls import path

from bookings.views import feed, flow, manage, questionnaire, waitlist

app_name = "bookings"

urlpatterns = [
    path("", flow.start, name="start"),
    path("safety/", flow.safety, name="safety"),
    path("safety/advice/", flow.safety_advice, name="safety_advice"),
    path("time/", flow.choose_time, name="time"),
    path("details/", flow.details, name="details"),
    path("check/", flow.check, name="check"),
    path("done/", flow.done, name="done"),
    path("done/calendar.ics", flow.done_calendar, name="done_calendar"),
    path("availability/", flow.availability_json, name="availability"),
    path("waitlist/", waitlist.join, name="waitlist"),
    path("waitlist/joined/", waitlist.joined, name="waitlist_joined"),
    path("waitlist/entry/<str:token>/", waitlist.leave, name="waitlist_leave"),
    path("waitlist/offer/<str:token>/", waitlist.offer, name="waitlist_offer"),
    path("questionnaire/<str:token>/", questionnaire.questionnaire, name="questionnaire"),
    path("manage/<str:token>/", manage.manage, name="manage"),
    path("manage/<str:token>/cancel/", manage.manage_cancel, name="manage_cancel"),
    path("manage/<str:token>/move/", manage.manage_move, name="manage_move"),
    path("manage/<str:token>/calendar.ics", manage.manage_calendar, name="manage_calendar"),
    path("calendar/<str:token>.ics", feed.clinic_calendar, name="clinic_calendar"),
]
