"""The waitlist: patients waiting for a time that suits, offered freed times as soon as they free up.

Whenever time may have come free — an appointment cancelled, declined or moved away (`signals.time_freed`),
a closure removed or changed, opening hours changed (`apps.py` listens), someone joining the waitlist, or the
clinician's "Offer to waitlist" in the diary — `freed()` hands the interval to the background worker, which
runs `offer_freed_times`: every free start overlapping the interval is offered to the waiting patients it
suits (service, days of the week, parts of the day, dates), in the order they joined, to a few people at a
time (`BookingRules.waitlist_offers_at_once`). An offer lasts `waitlist_offer_hours`, never past the minimum
notice; when it lapses the task runs again and the time moves on to the next people. No one is offered the
same time twice. The first to claim gets the time through `booking.request_appointment`, the same code and
database guarantee as every booking.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from bookings import availability, booking, emails
from bookings.links import offer_path
from bookings.models import Appointment, BookingRules, WaitlistEntry, WaitlistOffer
from clinic.hours import at, local
from clinic.models import Closure
from core import locks

S = WaitlistEntry.Status
O = WaitlistOffer.Outcome  # noqa: E741 - the outcomes read as O.OPEN, O.TAKEN
TIMES_PER_EMAIL = 6  # an offer email lists at most this many times: the soonest in each part of each day
TAKEN = "Someone else booked this time first."


@dataclass(frozen=True)
class Wishes:
    """What suits the patient: days of the week (Monday 0), parts of the day, and a date range."""

    weekdays: list[int]
    parts_of_day: list[str]
    earliest: dt.date
    latest: dt.date


# --- Joining and leaving -------------------------------------------------------------------------


def join(service, wishes: Wishes, patient: booking.PatientDetails, now) -> tuple[WaitlistEntry, bool]:
    """Put the patient on the waitlist for `service`, or update what suits them if they are already waiting
    for it (one entry per email and service). Returns (entry, is_new); BookingError past the per-email cap."""
    today = local(now).date()
    fields = {
        "weekdays": sorted(wishes.weekdays),
        "parts_of_day": wishes.parts_of_day,
        "earliest": wishes.earliest,
        "latest": wishes.latest,
        "patient_name": patient.name,
        "phone": patient.phone,
        "concern": patient.concern,
    }
    with transaction.atomic():
        locks.serialize(f"booking-email:{patient.email.lower()}")
        waiting = WaitlistEntry.objects.of_patient(patient.email).waiting(today)
        entry = waiting.filter(service=service).first()
        is_new = entry is None
        if is_new:
            cap = BookingRules.load().max_upcoming_per_email
            if waiting.count() >= cap:
                raise booking.BookingError(
                    f"This email address is already on the waitlist for {cap} services, the most the clinic "
                    "accepts online. Please email the clinic instead."
                )
            entry = WaitlistEntry(service=service, email=patient.email, joined_at=now)
        for name, value in fields.items():
            setattr(entry, name, value)
        patient.consent(now).apply_to(entry)
        entry.save()
        emails.queue_for_waitlist("waitlist_joined", entry, updated=not is_new)
        # What is free already is offered now, as times that suit (not as times that have come free).
        freed(at(wishes.earliest, dt.time(0)), at(wishes.latest + dt.timedelta(days=1), dt.time(0)), joined=entry.pk)
    return entry, is_new


def leave(entry, now) -> bool:
    """Take the entry off the waitlist (its open offers are withdrawn); False if it was not waiting."""
    with transaction.atomic():
        left = WaitlistEntry.objects.filter(pk=entry.pk, status=S.WAITING).update(status=S.LEFT, ended_at=now)
        WaitlistOffer.objects.filter(entry=entry, outcome=O.OPEN).update(outcome=O.WITHDRAWN)
    return bool(left)


def expire(now) -> None:
    """Entries past their latest date leave the waitlist; offers past their time lapse."""
    WaitlistEntry.objects.filter(status=S.WAITING, latest__lt=local(now).date()).update(status=S.EXPIRED, ended_at=now)
    WaitlistOffer.objects.filter(outcome=O.OPEN, expires_at__lte=now).update(outcome=O.EXPIRED)


# --- Offering freed times --------------------------------------------------------------------------


def freed(start: dt.datetime, end: dt.datetime, *, joined=None) -> None:
    """Time in [start, end) may be free: offer it to the waitlist once the current transaction commits. `joined`:
    the entry that has just joined, whose offer lists times free all along."""
    values = availability.as_value(start), availability.as_value(end)
    transaction.on_commit(lambda: offer_freed_times_task.enqueue(*values, **({"joined": joined} if joined else {})))


def on_time_freed(sender, start, end, **kwargs):
    """`signals.time_freed`: an appointment let go of [start, end)."""
    freed(start, end)


def on_hours_changed(sender, created=False, **kwargs):
    """A closure changed or removed, or opening hours saved or deleted: time anywhere bookable may have come
    free. A new closure only takes time away (the yearly bank-holiday import adds several at once)."""
    if created and sender is Closure:
        return
    now = timezone.now()
    freed(now, now + BookingRules.load().horizon + dt.timedelta(days=1))


@task
def offer_freed_times_task(start_value, end_value, joined=None):
    """The worker's job: offer [start, end)'s free times; run again when these offers lapse, to move on."""
    start, end = availability.parse_value(start_value), availability.parse_value(end_value)
    made = offer_freed_times(start, end, timezone.now(), joined=joined)
    if made and offer_freed_times_task.get_backend().supports_defer:
        next_round = min(offer.expires_at for offer in made)
        offer_freed_times_task.using(run_after=next_round).enqueue(start_value, end_value)


def offer_freed_times(start: dt.datetime, end: dt.datetime, now: dt.datetime, *, joined=None) -> list[WaitlistOffer]:
    """Offer the free times overlapping [start, end) to the waiting patients they suit; the offers made. The entry
    that has just `joined` (its pk) is offered what was free when it joined (`waitlist_first_offer`).

    Each time goes to at most `waitlist_offers_at_once` people with an open offer at once, earliest joiner
    first; each patient gets one email listing the times offered to them."""
    rules = BookingRules.load()
    slot_rules = availability.Rules.from_model(rules)
    _, last_day = availability.bookable_window(slot_rules, now)
    first = max(local(start).date(), local(now).date())
    last = min(local(end - dt.timedelta(microseconds=1)).date(), last_day)
    if first > last:
        return []
    made = []
    with transaction.atomic():
        locks.serialize("waitlist-offers")
        expire(now)
        entries = list(
            WaitlistEntry.objects.waiting(local(now).date())
            .filter(earliest__lte=last, latest__gte=first)
            .select_related("service")
        )
        if not entries:
            return []
        still_open = WaitlistOffer.objects.filter(outcome=O.OPEN, start__gte=at(first, dt.time(0)))
        open_count = Counter(still_open.values_list("start", flat=True))
        offered = set(WaitlistOffer.objects.filter(entry__in=entries).values_list("entry_id", "start"))
        free_by_service = {}
        for entry in entries:
            service = entry.service
            if service.pk not in free_by_service:
                by_day = availability.slots_by_day(service, first, last, now)  # each entry's dates: suits()
                free_by_service[service.pk] = [
                    slot for slots in by_day.values() for slot in slots if slot.start < end and slot.hold_until > start
                ]
            chosen = _spread(
                slot
                for slot in free_by_service[service.pk]
                if entry.suits(slot.start)
                and (entry.pk, slot.start) not in offered
                and open_count[slot.start] < rules.waitlist_offers_at_once
                and slot_rules.notice_deadline(slot.start) > now
            )
            if not chosen:
                continue
            offers = WaitlistOffer.objects.bulk_create(
                WaitlistOffer(
                    entry=entry,
                    start=slot.start,
                    offered_at=now,
                    expires_at=min(now + rules.waitlist_offer_lifetime, slot_rules.notice_deadline(slot.start)),
                )
                for slot in chosen
            )
            for offer in offers:
                open_count[offer.start] += 1
            kind = "waitlist_first_offer" if entry.pk == joined else "waitlist_offer"
            emails.queue_for_waitlist(kind, entry, offers=[(o, offer_path(o)) for o in offers])
            made.extend(offers)
    return made


def _spread(slots) -> list:
    """The soonest start in each part of each day, up to TIMES_PER_EMAIL: a choice of days and times rather
    than six starts a quarter of an hour apart."""
    chosen, seen = [], set()
    for slot in slots:
        key = (slot.local_start.date(), slot.part_of_day)
        if key not in seen:
            seen.add(key)
            chosen.append(slot)
    return chosen[:TIMES_PER_EMAIL]


# --- Claiming an offer -----------------------------------------------------------------------------


def claim(offer: WaitlistOffer, now, safety_answers=(), safety_advice="", consent_renewed=False) -> Appointment:
    """Book the offered time for the patient, with their answers to the safety questions asked as they claimed
    it (`triage.record`, `triage.advice`) and their consent: given again under today's privacy notice if they
    ticked it as they claimed (`consent_renewed`), else the notice they agreed to when joining stands. Requested,
    or Confirmed if the clinician chose automatic confirmation. SlotTaken if someone else was quicker or the offer
    has lapsed (the patient stays on the waitlist). Claiming again (a double click) returns the same appointment
    and writes nothing, even when the second click read the offer before the first one booked it: the claim's
    request key is looked up first."""
    entry = offer.entry
    if made := booked_from(offer):
        return made
    if not offer.is_open(now) or entry.status != S.WAITING:
        raise booking.SlotTaken(closed_reason(offer, now))
    source = booking.WAITLIST_CONFIRMED if BookingRules.load().waitlist_auto_confirm else booking.WAITLIST
    patient = booking.PatientDetails(
        entry.patient_name,
        entry.email,
        entry.phone,
        entry.concern,
        "",
        None if consent_renewed else entry.privacy_notice_version,
        safety_answers=list(safety_answers),
        safety_advice=safety_advice,
    )
    try:
        with transaction.atomic():
            locks.serialize(f"waitlist-entry:{entry.pk}")
            if made := booked_from(offer):  # the first click's claim committed while this one waited
                return made
            if not WaitlistEntry.objects.filter(pk=entry.pk, status=S.WAITING).exists():
                raise booking.SlotTaken("You have already booked a time from the waitlist.")
            try:
                appointment = booking.request_appointment(
                    entry.service, offer.start, patient, now, request_key=_request_key(offer), source=source
                )
            except booking.SlotTaken as taken:  # its reason can name the other patient's booking
                raise booking.SlotTaken(TAKEN) from taken
            WaitlistOffer.objects.filter(pk=offer.pk).update(outcome=O.CLAIMED, appointment=appointment)
            WaitlistOffer.objects.filter(entry=entry, outcome=O.OPEN).update(outcome=O.WITHDRAWN)
            WaitlistOffer.objects.filter(
                outcome=O.OPEN, start__gte=appointment.start, start__lt=appointment.hold_until
            ).update(outcome=O.TAKEN)
            WaitlistEntry.objects.filter(pk=entry.pk).update(status=S.BOOKED, ended_at=now, appointment=appointment)
    except booking.SlotTaken:
        WaitlistOffer.objects.filter(pk=offer.pk, outcome=O.OPEN).update(outcome=O.TAKEN)
        raise
    return appointment


def _request_key(offer) -> str:
    """The claim's idempotency key, as the booking flow's draft key: one appointment per offer."""
    return f"waitlist-{offer.pk}"


def booked_from(offer) -> Appointment | None:
    """The appointment claiming this offer made, if it has been claimed: found by the claim's request key, not by
    the offer's own row, which a request that read it a moment earlier holds stale."""
    return Appointment.objects.select_related("service").filter(request_key=_request_key(offer)).first()


def closed_reason(offer, now) -> str:
    """Why an offer can't be claimed, in a sentence for the patient."""
    if offer.entry.status == S.BOOKED:
        return "You have already booked a time from the waitlist."
    if offer.entry.status != S.WAITING:
        return "You are no longer on the waitlist."
    if offer.outcome in (O.TAKEN, O.OPEN) and offer.expires_at > now:
        return TAKEN
    return "This offer has lapsed, so the time was offered to the next person on the waitlist."


def still_free(offer, now) -> bool:
    """Can the offer still be claimed: open, in time, and the time free?"""
    if not offer.is_open(now) or offer.entry.status != S.WAITING:
        return False
    return availability.find_slot(offer.entry.service, offer.start, now) is not None


def open_offers(entry, now, *, exclude=None) -> list[WaitlistOffer]:
    """The patient's other offers they can still claim (the time still free), each with its `path`."""
    offers = entry.offers.filter(outcome=O.OPEN, expires_at__gt=now).exclude(pk=getattr(exclude, "pk", None))
    claimable = [offer for offer in offers.select_related("entry__service") if still_free(offer, now)]
    for offer in claimable:
        offer.path = offer_path(offer)
    return claimable


def waiting_count(now) -> int:
    return WaitlistEntry.objects.waiting(local(now).date()).count()
