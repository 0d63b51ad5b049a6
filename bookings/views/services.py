"""The clinic's services: what each is, who it suits, what it includes, how long and how much."""

from django.views.generic import DetailView, ListView

from bookings.models import BookingRules, Service
from core.pagecache import public_page


class ServiceMixin:
    queryset = Service.objects.active()

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "cancellation_policy": BookingRules.load().cancellation_policy}


@public_page()
class ServiceListView(ServiceMixin, ListView):
    template_name = "bookings/service_list.html"
    context_object_name = "services"


@public_page()
class ServiceDetailView(ServiceMixin, DetailView):
    template_name = "bookings/service_detail.html"
    context_object_name = "service"
