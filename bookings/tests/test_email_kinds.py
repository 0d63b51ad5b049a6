"""Every email the site can send, in each state that changes what it says, made by the code that sends it and
sent for real through the outbox (`emails.send`), then read back as the recipient's mail client reads it: a text
body and an HTML one, links that open on the site, and no health data anywhere in it."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from unittest import mock

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from bookings import booking, contact, emails, reminders, triage, waitlist, workflow
from bookings.models import BookingRules, Concern, OutboundEmail, Questionnaire, SafetyAdvice, SafetyQuestion, Service
from bookings.tests.email_reading import URL, hrefs_in, opens, received
from bookings.tests.helpers import MONDAY_9, NOW, S
from clinic.hours import at
from clinic.identity import current_profile

SITE_URL = "https://clinic.example.org"  # not the default, so a link that ignores SITE_URL shows
PATIENT_EMAIL = "ann@example.com"
MESSAGE = "Sorry for the short notice: the clinic is closed for training that day."  # the clinician's words

# Health data, each string distinctive enough that finding it anywhere in an email means it leaked.
CONCERN = Concern.ANKLE_FOOT  # its value ("ankle-foot") and its label ("Ankle or foot") appear in no email
NOTES = "Zanzibar marathon left the plantar fascia torn"
QUESTION = "Has the xylophone bruise spread since the fall?"
ADVICE = SafetyAdvice.URGENT
QUESTIONNAIRE = {
    "started": "Quokka hill repeats in October",
    "better_worse": "Vorarlberg stairs make it worse",
    "training": "Wombat Harriers five times a week",
    "goals": "Jabberwock ten kilometres by spring",
    "previous_injuries": "Kumquat cyst removed in 2019",
    "medication": "Naproxyzzle 250 mg twice daily",
    "gp_practice": "Fennimore Street Surgery",
    "insurer": "Ocelot Health",
    "membership_number": "OCL778812",
    "preauthorisation_number": "PRE99317",
    "activity_1": "Yodelling downhill",
    "activity_2": "Tobogganing backwards",
}
HEALTH_DATA = [
    CONCERN.value,
    CONCERN.label,
    "ankle",
    NOTES,
    "Zanzibar",
    "plantar",
    QUESTION,
    "xylophone",
    ADVICE.label,
    *QUESTIONNAIRE.values(),
    *(answer.split()[0] for answer in QUESTIONNAIRE.values()),  # a part of an answer leaks too
]


# --- Making each email the way the site does -------------------------------------------------------------------


def patient(concern=CONCERN, notes=NOTES, **safety):
    return booking.PatientDetails("Ann Runner", PATIENT_EMAIL, "07700 900123", concern, notes, "2026-11-24", **safety)


def safety_yes():
    """The patient's answers: yes to an urgent question about their area, so they were shown urgent advice."""
    question = SafetyQuestion.objects.create(
        concern=CONCERN, question=QUESTION, timeframe=SafetyQuestion.Timeframe.RECENT, reason="It needs a look today."
    )
    answers = triage.record([question], {question.pk})
    assert triage.advice(answers) == ADVICE
    return {"safety_answers": answers, "safety_advice": ADVICE}


def request(clock):
    service = Service.objects.get(slug="initial-assessment")
    return booking.request_appointment(service, MONDAY_9, patient(**safety_yes()), NOW)


def with_questionnaire(appointment):
    Questionnaire.objects.create(appointment=appointment, score_1=3, score_2=6, **QUESTIONNAIRE)
    return appointment


def confirm(clock, questionnaire=True):
    appointment = request(clock)
    if questionnaire:
        with_questionnaire(appointment)
    return workflow.apply("confirm", appointment.pk, seen_status=S.REQUESTED)


def decline(clock):
    appointment = with_questionnaire(request(clock))
    return workflow.apply("decline", appointment.pk, seen_status=S.REQUESTED, message=MESSAGE)


def cancel_by_clinic(clock):
    appointment = confirm(clock)
    return workflow.apply("cancel", appointment.pk, seen_status=S.CONFIRMED, message=MESSAGE)


def cancel_by_patient(clock):
    appointment = confirm(clock)
    return workflow.apply("patient_cancel", appointment.pk, seen_status=S.CONFIRMED)


def move(clock):
    return booking.move(confirm(clock), MONDAY_9 + dt.timedelta(hours=2), now=NOW, message=MESSAGE)


def move_request(clock):
    return booking.move(request(clock), MONDAY_9 + dt.timedelta(hours=2), now=NOW)


def change_service(clock):
    """The clinician changes only the service: the same time, so the patient is not told it has moved."""
    other = Service.objects.exclude(slug="initial-assessment").filter(is_active=True).first()
    return booking.move(confirm(clock), MONDAY_9, now=NOW, service=other, enforce_notice=False)


def move_by_patient(clock):
    return booking.move(confirm(clock), MONDAY_9 + dt.timedelta(hours=2), now=NOW, by_patient=True)


def move_by_patient_for_approval(clock):
    rules = BookingRules.load()
    rules.patient_moves_need_approval = True
    rules.save()
    moved = move_by_patient(clock)
    assert moved.status == S.REQUESTED


def write_to_the_clinic(clock):
    data = {"name": "Ann Runner", "email": PATIENT_EMAIL, "message": "Do you see patients on Saturdays?"}
    contact.receive(data, NOW)


def remind(questionnaire):
    def make(clock):
        confirm(clock, questionnaire=questionnaire)
        clock.move_to(MONDAY_9 - dt.timedelta(hours=2))
        assert reminders.send_reminders(timezone.now()) == 1

    return make


def join(clock, earliest=dt.date(2026, 11, 30), latest=dt.date(2026, 11, 30)):
    """Join the waitlist for Monday mornings; no offers are made yet (that waits for the commit)."""
    service = Service.objects.get(slug="initial-assessment")
    wishes = waitlist.Wishes([0], ["morning"], earliest, latest)
    entry, _ = waitlist.join(service, wishes, patient(notes=""), NOW)
    return entry


def join_again(clock):
    join(clock)
    entry = join(clock, latest=dt.date(2026, 12, 7))
    assert entry.latest == dt.date(2026, 12, 7)


def offer(times, *, on_joining=False):
    """The waitlist offers the patient `times` free Monday mornings (one a Monday): as they join (what is free
    already), or later (what has come free)."""

    def make(clock):
        first = dt.date(2026, 11, 30)
        entry = join(clock, earliest=first, latest=first + dt.timedelta(weeks=times - 1))
        midnight, joined = dt.time(0), entry.pk if on_joining else None
        start, end = at(first, midnight), at(entry.latest + dt.timedelta(days=1), midnight)
        made = waitlist.offer_freed_times(start, end, NOW, joined=joined)
        assert len(made) == times
        return made

    return make


def claim(auto_confirm):
    def make(clock):
        rules = BookingRules.load()
        rules.waitlist_auto_confirm = auto_confirm
        rules.save()
        appointment = waitlist.claim(offer(1)(clock)[0], NOW, **safety_yes())
        assert appointment.status == (S.CONFIRMED if auto_confirm else S.REQUESTED)

    return make


def give_exercises(clock):
    """The clinician gives the patient a programme (care after the visit): the patient is emailed its link."""
    from care import programmes
    from care.models import Exercise, Programme

    programme = Programme.objects.create(
        appointment=confirm(clock), title="Ankle: plantar strength", start_date=NOW.date(), review_date=NOW.date()
    )
    programme.items.create(exercise=Exercise.objects.get(name="Bent-knee calf raise"), note="Zanzibar: go gently")
    assert programmes.email_link(programme) is not None
    return programme


def follow_up(clock):  # the patient agreed; the visit completed, six weeks on the first follow-up goes
    from outcomes.tests.conftest import send_first_after_completing

    send_first_after_completing(clock, confirm(clock))


def answer_worse(clock):  # the first follow-up answered "Much worse": the clinician is told an answer needs them
    from django.utils import timezone

    from outcomes import scheduling
    from outcomes.models import Change, FollowUp
    from outcomes.tests.conftest import send_first_after_completing

    send_first_after_completing(clock, confirm(clock))
    followup = FollowUp.objects.get(sent_at__isnull=False)
    assert scheduling.answer(followup, [2] * len(followup.activities), Change.MUCH_WORSE, timezone.now())


def ask_for_feedback(clock):  # the visit marked completed; the patient asked at 10:00 UK time the next day
    from feedback.tests.conftest import ask_after_completing

    ask_after_completing(clock, confirm(clock))


def remind_exercises(clock):
    """The patient chose Mondays for exercise reminders on their programme's page: at 08:00 on Monday one goes."""
    from care import reminders

    programme = give_exercises(clock)
    reminders.choose(programme, [0], NOW.date())
    clock.move_to(MONDAY_9 - dt.timedelta(hours=1))  # Monday 30 November, 08:00 UK time
    assert reminders.send_exercise_reminders(timezone.now()) == 1


def log_high_pain(clock):  # pain at the threshold: the clinician is told a log needs their attention
    from care import sessions

    programme = give_exercises(clock)
    sessions.record(programme, NOW.date(), done=["Bent-knee calf raise"], pain=9, pain_when="during", note=NOTES)
    return programme


@dataclass(frozen=True)
class Scenario:
    kind: str
    make: Callable  # (clock) -> anything; does what the site does, which queues the email
    state: str = ""  # what differs from the kind's other scenarios (no spaces: it is the test's id)
    says: str = ""  # words both bodies have in this state

    @property
    def id(self):
        return f"{self.kind}-{self.state}" if self.state else self.kind


SCENARIOS = [
    Scenario("request_received", request),
    Scenario("new_request", request),
    Scenario("confirmed", confirm),
    Scenario("declined", decline, "with_message", MESSAGE),
    Scenario("cancelled", cancel_by_clinic, "with_message", MESSAGE),
    Scenario("cancelled_by_patient", cancel_by_patient),
    Scenario("patient_cancelled", cancel_by_patient, "", "Ann Runner cancelled their Initial assessment on"),
    Scenario("rescheduled", move, "with_message", "It was Monday 30 November 2026 at 09:00"),
    Scenario("rescheduled", move_request, "request", "still awaiting confirmation"),
    Scenario("rescheduled", change_service, "service_only", "at the same time"),
    Scenario("patient_moved", move_by_patient, "", "Replying to this email reaches them"),
    Scenario("rescheduled", move_by_patient_for_approval, "to_approve", "confirms each move"),
    Scenario("patient_moved", move_by_patient_for_approval, "to_approve", "need your approval"),
    Scenario("contact_message", write_to_the_clinic, "", "Do you see patients on Saturdays?"),
    Scenario("programme_given", give_exercises, "", "Here is your exercise programme from Restore"),
    Scenario("exercise_log_attention", log_high_pain, "", "A patient’s exercise log needs your attention"),
    Scenario("exercise_reminder", remind_exercises, "", "today is a day for your exercises"),
    Scenario("feedback_request", ask_for_feedback, "", "how your visit went"),
    Scenario("followup", follow_up, "", "How are you getting on?"),
    Scenario("followup_attention", answer_worse, "", "A patient’s follow-up answer needs your attention"),
    Scenario("reminder", remind(questionnaire=False), "questionnaire_to_do", "haven’t filled in the pre-visit"),
    Scenario("reminder", remind(questionnaire=True), "questionnaire_done"),
    Scenario("new_from_waitlist", claim(auto_confirm=False), "requested", "Confirm or decline"),
    Scenario("new_from_waitlist", claim(auto_confirm=True), "confirmed_automatically", "It is confirmed"),
    Scenario("waitlist_joined", join, "new", "You’re on the waitlist."),
    Scenario("waitlist_joined", join_again, "updated", "Your place on the waitlist is updated."),
    Scenario("waitlist_first_offer", offer(1, on_joining=True), "one_time", "A time that suits what you asked for"),
    Scenario("waitlist_first_offer", offer(2, on_joining=True), "two_times", "These times suit what you asked for"),
    Scenario("waitlist_offer", offer(1), "one_time", "A time has come free"),
    Scenario("waitlist_offer", offer(2), "two_times", "Times have come free"),
]


def leaks(text):
    flat = " ".join(text.split()).lower()
    return [secret for secret in HEALTH_DATA if secret.lower() in flat]


@pytest.fixture
def site(settings):
    settings.SITE_URL = SITE_URL


# --- The tests -------------------------------------------------------------------------------------------------


def test_every_kind_of_email_is_rendered_here():
    """A kind added later without a scenario above fails here."""
    kinds = set(emails.KINDS) | set(emails.WAITLIST_KINDS) | set(emails.CONTACT_KINDS)
    assert {scenario.kind for scenario in SCENARIOS} == kinds


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda scenario: scenario.id)
def test_each_email_sends_text_and_html_with_links_that_open_and_no_health_data(
    scenario, db, site, clock, client, admin_client
):
    scenario.make(clock)
    email = OutboundEmail.objects.filter(kind=scenario.kind).order_by("-pk").first()
    assert email is not None, f"nothing queued a {scenario.kind} email"
    mail.outbox.clear()

    assert emails.send(email.pk) is emails.Outcome.SENT
    (message,) = mail.outbox
    headers, text, html, calendar = received(message)

    assert message.message()["Message-ID"] == emails.message_id(email)
    profile = current_profile()
    recipient = emails.KINDS[scenario.kind][1] if scenario.kind in emails.KINDS else "patient"
    if scenario.kind in emails.CONTACT_KINDS:
        recipient = "clinic"
    assert message.to == [profile.email if recipient == "clinic" else PATIENT_EMAIL]
    method = emails.KINDS.get(scenario.kind, ("", "", ""))[2]
    calendar_part = [f"text/calendar; method={method}; charset=utf-8"] if method else []
    assert [alternative.mimetype for alternative in message.alternatives] == ["text/html", *calendar_part]
    assert text and text.strip() and html and html.strip()
    assert scenario.says in text and scenario.says in html
    assert (calendar is not None) == bool(method)
    if method:
        assert f"METHOD:{method}" in calendar
        unfolded = [
            part.replace("\r\n", "\n").replace("\n ", "") for part in (message.alternatives[1].content, calendar)
        ]
        assert unfolded[0] == unfolded[1]  # the invitation in the message is the attached file
    assert message.message()["Auto-Submitted"] == "auto-generated"
    assert message.reply_to == [PATIENT_EMAIL if recipient == "clinic" else profile.email]

    html_links = hrefs_in(html)
    site_links = [href for href in html_links if "://" in href]
    contact = {f"mailto:{profile.email}"} | ({f"tel:{profile.phone.replace(' ', '')}"} if profile.phone else set())
    if recipient == "clinic":
        contact.add(f"mailto:{PATIENT_EMAIL}")  # the patient's address, in the clinic's own emails about them
    assert set(html_links) - set(site_links) <= contact  # apart from the clinic's own address and number
    text_links = URL.findall(text)
    assert site_links, "an email with no link to the site"
    assert set(text_links) == set(site_links)  # a plain-text reader can do all that an HTML reader can
    for url in site_links:
        assert url.startswith(f"{SITE_URL}/"), url
        assert opens(url, client, admin_client), url

    for part, content in [("headers", headers), ("text", text), ("html", html), ("calendar", calendar or "")]:
        assert leaks(content) == [], f"health data in the {part} of {scenario.id}"


# --- A repeat is the same message ------------------------------------------------------------------------------


def test_an_email_sent_again_after_a_crash_is_the_same_message_and_another_email_is_not(requested, clock, site):
    """The mail server accepts the message, then the worker dies before writing `sent_at`: once the claim
    lapses the email goes again, with the Message-ID it had, so the recipient's mail server and client can tell
    it is a repeat. Another outbox row has a Message-ID of its own."""
    OutboundEmail.objects.update(sent_at=None, attempts=0, next_attempt_at=NOW)
    row, other = OutboundEmail.objects.order_by("pk")
    real_send = EmailMultiAlternatives.send

    def accepted_then_killed(message, *args, **kwargs):
        real_send(message, *args, **kwargs)
        raise SystemExit("worker killed")

    with mock.patch.object(EmailMultiAlternatives, "send", accepted_then_killed), pytest.raises(SystemExit):
        emails.send(row.pk)
    assert OutboundEmail.objects.get(pk=row.pk).sent_at is None
    assert emails.send(row.pk) is emails.Outcome.ELSEWHERE  # still claimed by the dead worker
    clock.shift(emails.SEND_LEASE)
    assert emails.send(row.pk) is emails.Outcome.SENT
    assert emails.send(other.pk) is emails.Outcome.SENT

    first, again, _different = mail.outbox
    same = ("subject", "body", "alternatives", "attachments", "to")
    assert [getattr(again, name) for name in same] == [getattr(first, name) for name in same]
    ids = [message.message()["Message-ID"] for message in mail.outbox]
    assert ids == [emails.message_id(row), emails.message_id(row), emails.message_id(other)]
    assert ids[0] != ids[2]
    assert ids[0] == f"<outbound-{row.pk}.20261120120000000000@clinic.example.org>"
