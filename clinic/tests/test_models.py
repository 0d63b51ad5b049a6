import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from clinic.hours import current_schedule
from clinic.identity import current_profile
from clinic.models import ClinicProfile, Closure, OpeningHours

pytestmark = pytest.mark.django_db


def test_migration_seeds_the_real_clinic_details():
    profile = ClinicProfile.objects.get()
    assert profile.name == "Restore — Sports Injury & Rehabilitation"
    assert profile.clinician_name == "Stephen Lunt"
    assert profile.email == "stephen.lunt@restoresportsinjury.co.uk"
    assert profile.address_lines == ["The Transform Hub", "1 Cranford Drive", "Knutsford", "WA16 8ZR", "United Kingdom"]
    assert profile.instagram_handle == "@RestoreRehabAndPerformance"


def test_migration_seeds_the_weekly_hours_with_sunday_closed():
    hours = {(h.weekday, h.opens, h.closes) for h in OpeningHours.objects.all()}
    assert (4, dt.time(7), dt.time(14)) in hours
    assert (5, dt.time(7), dt.time(12)) in hours
    assert not OpeningHours.objects.on(6).exists()


def test_empty_social_links_are_left_out():
    profile = ClinicProfile.load()
    profile.facebook_url = ""
    profile.youtube_url = "https://www.youtube.com/@restore"
    assert [label for label, _ in profile.social_links] == ["Instagram", "YouTube"]


def test_there_is_only_ever_one_profile_row():
    ClinicProfile(name="Another", short_name="A", clinician_name="X", email="a@b.co", town="T", postcode="P").save()
    assert ClinicProfile.objects.count() == 1


def test_opening_must_be_before_closing_with_a_friendly_message():
    hours = OpeningHours(weekday=6, opens=dt.time(12), closes=dt.time(9))
    with pytest.raises(ValidationError) as error:
        hours.full_clean()
    assert "Closing time must be after opening time." in error.value.message_dict["closes"]


def test_database_refuses_opening_after_closing():
    with pytest.raises(IntegrityError):
        OpeningHours.objects.create(weekday=6, opens=dt.time(12), closes=dt.time(9))


def test_overlapping_ranges_on_one_day_are_refused():
    hours = OpeningHours(weekday=0, opens=dt.time(18), closes=dt.time(20))
    with pytest.raises(ValidationError, match="overlap"):
        hours.full_clean()


def test_a_second_range_on_the_same_day_is_allowed():
    OpeningHours.objects.filter(weekday=4).update(closes=dt.time(12))
    extra = OpeningHours(weekday=4, opens=dt.time(13), closes=dt.time(15))
    extra.full_clean()
    extra.save()
    assert current_schedule().weekly_ranges(4) == ((dt.time(7), dt.time(12)), (dt.time(13), dt.time(15)))


def test_single_day_closure_gets_its_end_date_filled_in():
    closure = Closure.objects.create(start_date=dt.date(2026, 12, 24), reason="Christmas Eve")
    assert closure.end_date == dt.date(2026, 12, 24)
    assert str(closure) == "Christmas Eve: 24/12/2026"


def test_closure_cannot_end_before_it_starts():
    closure = Closure(start_date=dt.date(2026, 12, 25), end_date=dt.date(2026, 12, 20), reason="Oops")
    with pytest.raises(ValidationError, match="can’t be before its first day"):
        closure.full_clean()
    with pytest.raises(IntegrityError):
        closure.save()


def test_saving_hours_drops_the_cached_schedule():
    assert current_schedule().weekly_ranges(6) == ()
    OpeningHours.objects.create(weekday=6, opens=dt.time(9), closes=dt.time(11))
    assert current_schedule().weekly_ranges(6) == ((dt.time(9), dt.time(11)),)


def test_saving_a_closure_drops_the_cached_schedule():
    day = dt.date(2026, 12, 31)
    assert current_schedule().closure_on(day) is None
    Closure.objects.create(start_date=day, reason="Staff training")
    assert current_schedule().closure_on(day).reason == "Staff training"


def test_saving_the_profile_drops_the_cached_profile():
    assert current_profile().phone == ""
    profile = ClinicProfile.load()
    profile.phone = "01565 000000"
    profile.save()
    assert current_profile().phone == "01565 000000"


class TestAdminTimes:
    def test_opening_hours_read_and_edit_as_24_hour_times_without_seconds(self, admin_client):
        from django.urls import reverse

        listing = admin_client.get(reverse("admin:clinic_openinghours_changelist")).content.decode()
        assert "07:00" in listing and "a.m." not in listing and "07:00:00" not in listing
        monday = OpeningHours.objects.filter(weekday=0).first()
        form = admin_client.get(reverse("admin:clinic_openinghours_change", args=[monday.pk])).content.decode()
        assert 'type="time"' in form and 'value="07:00"' in form
        assert "vTimeField" not in form  # the admin's "Now" shortcut is attached to that class


class TestClosuresByTheHour:
    @pytest.mark.parametrize(
        ("times", "message"),
        [
            ((dt.time(13), None), "Give both times"),
            ((None, dt.time(17)), "Give both times"),
            ((dt.time(17), dt.time(13)), "must reopen after it closes"),
        ],
    )
    def test_times_come_in_pairs_and_in_order(self, times, message):
        closure = Closure(start_date=dt.date(2026, 12, 1), reason="Course", start_time=times[0], end_time=times[1])
        with pytest.raises(ValidationError, match=message):
            closure.full_clean()

    def test_the_database_refuses_a_closure_that_reopens_before_it_closes(self):
        with pytest.raises(IntegrityError):
            Closure.objects.create(
                start_date=dt.date(2026, 12, 1), reason="x", start_time=dt.time(17), end_time=dt.time(13)
            )

    def test_a_morning_and_an_afternoon_off_on_one_day_can_both_be_kept(self):
        day = dt.date(2026, 12, 1)
        Closure.objects.create(start_date=day, reason="School run", start_time=dt.time(8), end_time=dt.time(9))
        Closure.objects.create(start_date=day, reason="Course", start_time=dt.time(13), end_time=dt.time(17))
        assert current_schedule().ranges_on(day) == ((dt.time(7), dt.time(8)), (dt.time(9), dt.time(13)))
