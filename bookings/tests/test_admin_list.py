"""The appointment list in admin: the latest first, fifty to a page, and a search that finds a patient by name,
email, phone or reference while reading the table once, not twice (`AppointmentAdmin.get_search_results`)."""

import datetime as dt
from http import HTTPStatus

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bookings.models import Appointment
from bookings.tests.factories import AppointmentFactory
from bookings.tests.helpers import S

pytestmark = pytest.mark.django_db

LIST = reverse("admin:bookings_appointment_changelist")
MONDAY = dt.datetime(2025, 1, 6, 9, tzinfo=dt.UTC)


def table_reads(captured):
    """The queries that look for words over the whole table (not among rows already picked by id)."""
    by_id = '"bookings_appointment"."id" IN ('
    return [q["sql"] for q in captured if " LIKE " in q["sql"] and by_id not in q["sql"]]


def listed(client, **params):
    """The references on the page, in order, and the page's HTML."""
    response = client.get(LIST, params)
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    shown = [a.reference for a in response.context["cl"].result_list]
    return shown, page


def test_the_latest_appointment_comes_first(admin_client):
    old, new = AppointmentFactory(start=MONDAY), AppointmentFactory(start=MONDAY + dt.timedelta(days=700))
    shown, _ = listed(admin_client)
    assert shown == [new.reference, old.reference]


def test_fifty_to_a_page(admin_client):
    for n in range(51):
        AppointmentFactory(start=MONDAY + dt.timedelta(days=n))
    shown, page = listed(admin_client)
    assert len(shown) == 50
    second, _ = listed(admin_client, p=2)
    assert len(second) == 1 and second[0] not in shown


@pytest.mark.parametrize(
    "term",
    ["zoe", "Search", "zoe.s@example", "07700 911222", "07700", "07700911222", "0911222", "ZOE SEARCH"],
    ids=[
        "first-name",
        "surname",
        "email",
        "whole-phone",
        "part-of-phone",
        "phone-unspaced",
        "across-the-space",
        "capitals",
    ],  # fmt: skip
)
def test_a_search_finds_the_patient_by_name_email_or_phone(admin_client, term):
    zoe = AppointmentFactory(patient_name="Zoe Search", email="zoe.s@example.com", phone="07700 911222")
    AppointmentFactory(patient_name="Other Person", email="other@example.com", phone="01565 000000", start=MONDAY)
    shown, _ = listed(admin_client, q=term)
    assert shown == [zoe.reference]


def test_a_search_finds_a_reference_with_or_without_digits(admin_client):
    letters = AppointmentFactory(reference="RST-ABCDEF")
    mixed = AppointmentFactory(reference="RST-AB23CD", start=MONDAY)
    assert listed(admin_client, q="abcdef")[0] == [letters.reference]
    assert listed(admin_client, q="RST-AB23CD")[0] == [mixed.reference]


def test_a_search_looks_in_phones_only_for_digits_and_in_names_only_for_letters(rf, admin_user):
    model_admin = admin.site.get_model_admin(Appointment)

    def fields(term):
        request = rf.get(LIST, {"q": term})
        request.user = admin_user
        return set(model_admin.get_search_fields(request))

    assert fields("smith") == {"reference", "email", "patient_name"}
    assert fields("07700 900") == {"reference", "email", "phone", "phone_digits"}
    assert fields("RST-AB23CD") == {"reference", "email", "patient_name", "phone", "phone_digits"}


def test_a_search_and_a_filter_narrow_together(admin_client):
    confirmed = AppointmentFactory(patient_name="Sam Both", status=S.CONFIRMED)
    AppointmentFactory(patient_name="Sam Both", status=S.DECLINED, start=MONDAY)
    shown, _ = listed(admin_client, q="sam", status__exact=S.CONFIRMED)
    assert shown == [confirmed.reference]


def test_a_search_with_few_matches_reads_the_table_once(admin_client):
    """One query looks for the words; the count and the page then read those rows by id."""
    AppointmentFactory(patient_name="Ann Once")
    for n in range(5):
        AppointmentFactory(patient_name=f"Someone {n}", start=MONDAY + dt.timedelta(days=n))
    with CaptureQueriesContext(connection) as captured:
        shown, page = listed(admin_client, q="ann")
    assert len(shown) == 1 and "1 result" in page
    assert len(table_reads(captured)) == 1


def test_a_broad_search_is_listed_counted_and_paged_all_the_same(admin_client, monkeypatch):
    monkeypatch.setattr(type(admin.site.get_model_admin(Appointment)), "FEW_MATCHES", 2)
    monkeypatch.setattr(type(admin.site.get_model_admin(Appointment)), "list_per_page", 2)
    made = [AppointmentFactory(patient_name=f"Broad {n}", start=MONDAY + dt.timedelta(days=n)) for n in range(3)]
    AppointmentFactory(patient_name="Narrow", start=MONDAY + dt.timedelta(days=9))
    with CaptureQueriesContext(connection) as captured:
        first, page = listed(admin_client, q="broad")
    assert "3 results" in page
    assert len(table_reads(captured)) == 3  # the ids tried, then the count and the page as Django does
    second, _ = listed(admin_client, q="broad", p=2)
    assert first + second == [a.reference for a in reversed(made)]


def test_a_search_that_matches_nothing_says_so(admin_client):
    AppointmentFactory(patient_name="Someone Else")
    shown, page = listed(admin_client, q="nobody-here")
    assert shown == [] and "0 results" in page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes are PostgreSQL's")
def test_on_postgresql_each_searched_field_is_answered_from_a_trigram_index(rf, admin_user):
    """The index expressions must be exactly what the admin search asks, or PostgreSQL reads every row."""
    model_admin = admin.site.get_model_admin(Appointment)
    term = "RST-AB23CD"  # letters and digits: every field is searched
    request = rf.get(LIST, {"q": term})
    request.user = admin_user
    annotated = Appointment.objects.annotate(phone_digits=model_admin.PHONE_DIGITS)
    searched, _ = admin.ModelAdmin.get_search_results(model_admin, request, annotated, term)
    sql, params = searched.order_by().values_list("pk", flat=True).query.sql_with_params()  # as the list asks
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a test's few rows would otherwise be read directly
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    fields = model_admin.get_search_fields(request)
    assert len(fields) == 5
    for field in fields:
        assert f"appointment_{field}_trgm" in plan
