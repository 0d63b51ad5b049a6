"""The services pages, mounted at /services/ (config/urls.py)."""

from django.urls import path

from bookings.views.services import ServiceDetailView, ServiceListView

app_name = "services"

urlpatterns = [
    path("", ServiceListView.as_view(), name="list"),
    path("<slug:slug>/", ServiceDetailView.as_view(), name="detail"),
]
