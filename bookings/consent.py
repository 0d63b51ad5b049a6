"""A patient's consent to the clinic keeping their details, health information included: how it was given, under
which privacy notice, who recorded it and when.

Built here for every way in: ticked online as a patient sends a booking request, joins the waitlist or claims a
time offered from it (`Consent.online`), or given aloud on a phone booking (`Consent.by_phone`); `apply_to` writes
it onto the appointment or waitlist place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bookings.models import Appointment, WaitlistEntry
from clinic.privacy import PRIVACY_NOTICE_VERSION

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

Method = Appointment.ConsentMethod


@dataclass(frozen=True)
class Consent:
    method: Method
    privacy_notice_version: str
    at: dt.datetime
    recorded_by: AbstractBaseUser | None = None  # the clinician who took it by phone; None: the patient's own tick

    @classmethod
    def online(cls, now: dt.datetime, privacy_notice_version: str | None = None) -> Consent:
        """Ticked by the patient on the site: under today's privacy notice, or under the one named (a waitlist claim
        that asked nothing new stands on the notice agreed to when joining)."""
        version = PRIVACY_NOTICE_VERSION if privacy_notice_version is None else privacy_notice_version
        return cls(Method.ONLINE, version, now)

    @classmethod
    def by_phone(cls, user: AbstractBaseUser, now: dt.datetime) -> Consent:
        """Given aloud on the phone under today's privacy notice, and recorded by the clinician `user`."""
        return cls(Method.PHONE, PRIVACY_NOTICE_VERSION, now, user)

    def apply_to(self, record: Appointment | WaitlistEntry) -> None:
        """Write it onto an appointment or a waitlist place, unsaved. A place is only ever joined online, so it keeps
        when and under which notice alone."""
        record.consent_at, record.privacy_notice_version = self.at, self.privacy_notice_version
        if isinstance(record, WaitlistEntry):
            if self.method != Method.ONLINE:
                raise ValueError("A waitlist place is joined online: it has nowhere to record consent by phone.")
            return
        record.consent_method, record.consent_recorded_by = self.method, self.recorded_by
