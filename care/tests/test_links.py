"""The programme link: signed with its own salt, valid until the review date plus 30 days, nothing for a forged,
expired or deleted programme's link."""

import datetime as dt

import pytest
from django.core import signing

from bookings.links import InvalidLink, manage_token
from care import links
from care.models import Programme
from care.tests.conftest import REVIEW


def test_the_link_names_its_programme_until_thirty_days_after_the_review(programme):
    token = links.programme_token(programme)
    assert links.programme_for(token, REVIEW + dt.timedelta(days=30)) == programme
    with pytest.raises(InvalidLink):
        links.programme_for(token, REVIEW + dt.timedelta(days=31))


def test_moving_the_review_date_later_keeps_the_same_link_working(programme):
    token = links.programme_token(programme)
    programme.review_date = REVIEW + dt.timedelta(days=60)
    programme.save()
    assert links.programme_for(token, REVIEW + dt.timedelta(days=60)) == programme


def test_a_forged_or_altered_token_is_refused(programme):
    token = links.programme_token(programme)
    with pytest.raises(InvalidLink):
        links.programme_for(token[:-2] + ("AA" if not token.endswith("AA") else "BB"), REVIEW)
    forged = signing.dumps({"p": programme.pk, "c": programme.created_at.timestamp()}, salt="another-salt")
    with pytest.raises(InvalidLink):
        links.programme_for(forged, REVIEW)


def test_another_links_token_for_the_same_number_is_refused(programme):
    """The appointment's manage link (another salt) opens no programme, even with the same primary key."""
    with pytest.raises(InvalidLink):
        links.programme_for(manage_token(programme.appointment), REVIEW)


def test_a_deleted_programme_is_not_reached_nor_a_later_one_given_its_number(programme, clock):
    token = links.programme_token(programme)
    pk, appointment = programme.pk, programme.appointment
    programme.delete()
    with pytest.raises(InvalidLink):
        links.programme_for(token, REVIEW)
    clock.shift(dt.timedelta(days=1))
    Programme.objects.create(pk=pk, appointment=appointment, start_date=REVIEW, review_date=REVIEW)
    with pytest.raises(InvalidLink):
        links.programme_for(token, REVIEW)


def test_a_template_has_no_patient_link(db):
    template = Programme.objects.create(is_template=True, title="Knee")
    token = signing.dumps({"p": template.pk, "c": template.created_at.timestamp()}, salt=links.SALT, compress=True)
    with pytest.raises(InvalidLink):
        links.programme_for(token, dt.date(2026, 12, 1))


def test_tokens_made_before_link_kinds_still_load(programme):
    """Links already emailed keep working: the same salts and payloads."""
    payload = {"p": programme.pk, "c": programme.created_at.timestamp()}
    assert links.programme_for(signing.dumps(payload, salt="care.programme", compress=True), REVIEW) == programme
    assert links.programme_to_stop(signing.dumps(payload, salt="care.reminders-stop", compress=True)) == programme


def test_an_anonymised_visits_links_name_no_one(programme):
    """Anonymised, the visit names no one: the programme and stop links are "unknown", as in every app."""
    token, stop = links.programme_token(programme), links.STOP_REMINDERS.sign(programme)
    assert links.programme_to_stop(stop) == programme
    type(programme.appointment).objects.update(anonymised_at=programme.created_at)
    with pytest.raises(InvalidLink, match="unknown"):
        links.programme_for(token, REVIEW)
    with pytest.raises(InvalidLink, match="unknown"):
        links.programme_to_stop(stop)
