"""The clinician's admin home: the day at a glance, requests waiting on every page, no clutter."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from bookings.models import Appointment, OutboundEmail
from bookings.tests.factories import AppointmentFactory
from clinic.models import Closure

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC)  # Monday 08:00
S = Appointment.Status


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def test_home_shows_today_tomorrow_waiting_next_closure_and_failed_emails(admin_client):
    AppointmentFactory(start=NOW + dt.timedelta(hours=2), patient_name="Today Person", status=S.CONFIRMED)
    AppointmentFactory(start=NOW + dt.timedelta(days=1, hours=1), patient_name="Tomorrow Person")
    AppointmentFactory(start=NOW + dt.timedelta(days=3), patient_name="Later Person")
    Closure.objects.create(start_date=dt.date(2026, 12, 24), end_date=dt.date(2026, 12, 26), reason="Christmas")
    OutboundEmail.objects.create(kind="confirmed", to="x@example.com", subject="s", body_text="t", body_html="h",
                                 last_error="SMTPServerDisconnected")  # fmt: skip
    page = admin_client.get(reverse("admin:index")).content.decode()
    today, tomorrow = page.index('id="home-today"'), page.index('id="home-tomorrow"')
    assert today < page.index("Today Person") < tomorrow < page.index("Tomorrow Person")
    assert "Later Person" not in page
    assert "<strong>2</strong> requests waiting" in page
    assert "Christmas, Thu 24 Dec–Sat 26 Dec" in page
    assert "<strong>1</strong> email not sent" in page


@pytest.mark.parametrize("name", ["admin:index", "admin:blog_post_changelist", "admin:clinic_closure_changelist"])
def test_every_admin_page_says_how_many_requests_wait(admin_client, name):
    AppointmentFactory(start=NOW + dt.timedelta(days=2))
    assert "1 request waiting" in admin_client.get(reverse(name)).content.decode()


def test_security_tables_and_revisions_are_off_the_home_but_reachable(admin_client):
    page = admin_client.get(reverse("admin:index")).content.decode()
    main, security = page.split('id="security"')
    for url in (reverse("admin:auth_group_changelist"), reverse("admin:axes_accessattempt_changelist")):
        assert url not in main and url in security
    assert reverse("admin:blog_postrevision_changelist") not in page
    assert reverse("admin:django_tasks_database_dbtaskresult_changelist") not in page
    assert admin_client.get(reverse("admin:auth_group_changelist")).status_code == 200


def test_security_sits_in_the_app_list_column_so_the_sidebar_stays_beside_it(admin_client):
    """A block after Django's floated app list starts behind it: its heading's colour showed between the app
    modules and pushed Recent actions below everything."""
    from html.parser import HTMLParser

    class Ancestors(HTMLParser):
        """The ids of the divs each element with an id sits in."""

        def __init__(self):
            super().__init__()
            self.open, self.inside = [], {}

        def handle_starttag(self, tag, attrs):
            if tag == "div":
                element_id = dict(attrs).get("id")
                if element_id:
                    self.inside[element_id] = [i for i in self.open if i]
                self.open.append(element_id)

        def handle_endtag(self, tag):
            if tag == "div":
                self.open.pop()

    parser = Ancestors()
    parser.feed(admin_client.get(reverse("admin:index")).content.decode())
    assert "content-main" in parser.inside["security"]
    assert "content-main" not in parser.inside["content-related"]


def test_no_view_on_site_link_leads_back_into_admin():
    """A model whose own address is its admin page (an appointment, a safety question, an article's earlier
    version, a row of an appointment's history or of a programme's logs) has no patient-facing page: "View on site"
    would only reload admin, so it is offered neither on its page nor on its rows inline in another's."""
    from django.contrib import admin
    from django.urls import resolve

    def shown(model):
        """An instance whose relations all point at pk 1, so an address made from one resolves too."""
        instance = model(pk=1)
        for field in model._meta.concrete_fields:
            if field.is_relation:
                setattr(instance, field.attname, 1)
        return instance

    admins = [(model, model_admin) for model, model_admin in admin.site._registry.items()]
    admins += [
        (inline.model, inline(parent, admin.site))
        for parent, model_admin in admin.site._registry.items()
        for inline in model_admin.inlines
    ]
    into_admin = []
    for model, model_admin in admins:
        if not hasattr(model, "get_absolute_url"):
            continue
        try:
            url = shown(model).get_absolute_url()
        except Exception:  # noqa: BLE001 - an address made from a related record's fields: not the model's own page
            continue
        if resolve(url.split("#")[0]).namespace == "admin" and model_admin.view_on_site:
            into_admin.append(f"{model.__name__} ({type(model_admin).__name__})")
    assert into_admin == []


def test_the_lists_have_the_screens_width_without_djangos_side_menu(admin_client):
    """Beside the side menu, at 1280 px the appointments, programmes and feedback lists ran off the edge."""
    page = admin_client.get(reverse("admin:care_programme_changelist")).content.decode()
    assert 'id="nav-sidebar"' not in page and 'href="/admin/"' in page  # home, one click away, lists every part
