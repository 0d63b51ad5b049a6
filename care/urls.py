from django.urls import path

from care import views

app_name = "care"
urlpatterns = [
    path("p/<str:token>/", views.programme, name="programme"),
    path("stop-reminders/<str:token>/", views.stop_reminders, name="stop_reminders"),
]
