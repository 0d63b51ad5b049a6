"""The follow-up's answer and stop links (`bookings.links.LinkKind`): tokens already emailed keep loading, and an
anonymised visit's links name no one."""

import pytest
from django.core import signing

from bookings.links import InvalidLink
from bookings.models import Appointment
from outcomes import links
from outcomes.tests.conftest import FIRST_DUE


def test_tokens_made_before_link_kinds_still_load(sent):
    payload = {"f": sent.pk, "c": sent.created_at.timestamp()}
    answer = signing.dumps(payload, salt="outcomes.followup", compress=True)
    stop = signing.dumps(payload, salt="outcomes.followup-stop", compress=True)
    assert links.followup_for(answer, FIRST_DUE) == sent
    assert links.stop_followup_for(stop) == sent
    assert links.followup_path(sent).split("/")[-2] == answer  # the very same token


def test_an_anonymised_visits_links_name_no_one(sent):
    answer, stop = links.ANSWER.sign(sent), links.STOP.sign(sent)
    Appointment.objects.filter(pk=sent.appointment_id).update(anonymised_at=sent.sent_at)
    with pytest.raises(InvalidLink, match="unknown"):
        links.followup_for(answer, FIRST_DUE)
    with pytest.raises(InvalidLink, match="unknown"):
        links.stop_followup_for(stop)
