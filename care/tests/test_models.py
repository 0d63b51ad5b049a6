"""The library's pictures become renditions; a dose reads as the patient reads it; a programme's rules hold in the
form and in the database."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from PIL import Image

from care.links import programme_path
from care.models import BodyRegion, Exercise, ExerciseImage, Programme, ProgrammeExercise, SessionLog
from care.tests.conftest import give


def png(width=1000, height=750):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, "PNG")
    return SimpleUploadedFile("bridge.png", buffer.getvalue(), content_type="image/png")


def test_the_library_is_seeded_with_ten_exercises_each_tagged_and_described(db):
    assert Exercise.objects.count() == 10
    assert list(BodyRegion.objects.values_list("name", flat=True)) == [
        "Knee", "Hip", "Ankle and foot", "Back", "Shoulder", "Neck", "Elbow and wrist",
    ]  # fmt: skip
    for exercise in Exercise.objects.prefetch_related("regions"):
        assert exercise.regions.exists() and exercise.description and len(exercise.cue_lines()) >= 3


def test_an_exercise_picture_is_stored_as_webp_renditions_never_upscaled(db):
    image = ExerciseImage.objects.create(exercise=Exercise.objects.first(), image=png(), alt="Hips lifted")
    assert [r["width"] for r in image.renditions] == [400, 800, 1000]
    assert all(r["name"].endswith(".webp") for r in image.renditions)
    assert image.picture.alt == "Hips lifted"
    image.save()  # saved again unchanged: the same renditions, none made again
    assert [r["width"] for r in ExerciseImage.objects.get().renditions] == [400, 800, 1000]


@pytest.mark.parametrize(
    ("dose", "reads"),
    [
        ({"sets": 3, "reps": 10}, "3 sets of 10 · once a day, 3 days a week"),
        ({"sets": 1, "hold_seconds": 30, "days_per_week": 1}, "1 set · hold 30 s · once a day, 1 day a week"),
        (
            {"sets": 4, "reps": 8, "rest_seconds": 90, "load": "5 kg", "times_per_day": 2, "days_per_week": 7},
            "4 sets of 8 · rest 90 s · 5 kg · twice a day, every day",
        ),
        ({"sets": 2, "reps": 15, "times_per_day": 3}, "2 sets of 15 · 3 times a day, 3 days a week"),
    ],
)
def test_a_dose_reads_as_the_patient_reads_it(dose, reads):
    assert ProgrammeExercise(exercise=Exercise(name="Glute bridge"), **dose).dose() == reads


def test_a_programme_for_a_patient_needs_an_appointment_and_a_review_not_before_the_start(appointment):
    with pytest.raises(ValidationError) as error:
        Programme(start_date=dt.date(2026, 12, 1), review_date=dt.date(2026, 11, 1)).full_clean()
    assert set(error.value.message_dict) >= {"appointment", "review_date"}
    with pytest.raises(ValidationError) as error:
        Programme(is_template=True, title=" ").full_clean()
    assert "title" in error.value.message_dict
    with pytest.raises(IntegrityError):
        Programme.objects.create(appointment=appointment, start_date=dt.date(2026, 12, 1))


def test_the_database_refuses_a_second_log_for_a_day(programme):
    SessionLog.objects.create(programme=programme, day=dt.date(2026, 11, 30), pain=3, pain_when="after")
    with pytest.raises(IntegrityError):
        SessionLog.objects.create(programme=programme, day=dt.date(2026, 11, 30), pain=4, pain_when="after")


def test_the_database_refuses_a_pain_score_above_ten(programme):
    with pytest.raises(IntegrityError):
        SessionLog.objects.create(programme=programme, day=dt.date(2026, 12, 1), pain=11, pain_when="after")


@pytest.mark.parametrize("count", [1, 9])
def test_the_page_takes_the_same_queries_however_many_exercises(
    appointment, clock, client, count, django_assert_max_num_queries
):
    programme = give(appointment, exercises=count)
    path = programme_path(programme)
    client.get(path)  # the clinic profile and the rules cached, as on any visit after the first
    with django_assert_max_num_queries(4):
        client.get(path)


def test_a_given_programme_can_neither_become_a_template_nor_move_to_another_patient(programme, clock):
    """Found by a review: ticking "saved as a template" took a patient's logs out of their export and purge and
    offered them to everyone; changing the appointment moved their link, logs and history to someone else."""
    from bookings.tests.factories import AppointmentFactory

    programme.is_template, programme.appointment = True, None
    with pytest.raises(ValidationError) as turned:
        programme.full_clean()
    assert "is_template" in turned.value.message_dict
    programme.refresh_from_db()
    other = AppointmentFactory(email="other@example.com", start=programme.appointment.start + dt.timedelta(days=1))
    programme.appointment = other
    with pytest.raises(ValidationError) as moved:
        programme.full_clean()
    assert "appointment" in moved.value.message_dict
    programme.refresh_from_db()
    programme.title = "Renamed"
    programme.full_clean()  # anything else stays editable
