from django.urls import path

from outcomes import views

app_name = "outcomes"
urlpatterns = [
    path("<str:token>/", views.followup, name="followup"),
    path("<str:token>/stop/", views.stop, name="stop"),
]
