"""An exercise's optional video and captions: what upload accepts and refuses, and how the patient's page plays it
(nothing loaded until pressed, a picture as its poster, captions when given, never on paper)."""

from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from care import videos
from care.links import programme_path
from care.models import Exercise, ExerciseImage
from care.tests.conftest import give
from care.tests.test_models import png

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01" + b"\x00" * 64
VTT = b"WEBVTT\n\n00:00.000 --> 00:03.000\nLower slowly, then push up through the heel.\n"


def upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(("name", "content"), [("squat.mp4", MP4), ("squat.MP4", MP4), ("squat.webm", WEBM)])
def test_an_mp4_or_webm_is_accepted_by_its_first_bytes(name, content):
    videos.validate_video(upload(name, content))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("squat.mp4", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),  # a picture named as a video
        ("squat.mp4", WEBM),  # a WebM named .mp4: the page would name the wrong type
        ("squat.mov", MP4),
        ("squat", MP4),
        ("squat.mp4", b""),
    ],
    ids=["picture-named-mp4", "webm-named-mp4", "mov", "no-extension", "empty"],
)
def test_anything_else_is_refused_with_a_clear_message(name, content):
    with pytest.raises(ValidationError, match="MP4 or WebM"):
        videos.validate_video(upload(name, content))


def test_a_video_over_the_limit_is_refused():
    big = ContentFile(MP4, name="squat.mp4")
    big.size = videos.MAX_VIDEO_MB * 1024 * 1024 + 1
    with pytest.raises(ValidationError, match=f"larger than {videos.MAX_VIDEO_MB} MB"):
        videos.validate_video(big)


@pytest.mark.parametrize("content", [VTT, b"\xef\xbb\xbf" + VTT], ids=["plain", "with-bom"])
def test_webvtt_captions_are_accepted(content):
    videos.validate_captions(upload("squat.vtt", content))


@pytest.mark.parametrize(
    ("name", "content"),
    [("squat.srt", b"1\n00:00:00,000 --> 00:00:03,000\nLower slowly\n"), ("squat.vtt", b"1\n00:00"), ("a.vtt", b"")],
    ids=["srt", "vtt-without-header", "empty"],
)
def test_other_captions_are_refused(name, content):
    with pytest.raises(ValidationError, match="WebVTT"):
        videos.validate_captions(upload(name, content))


def test_captions_without_a_video_are_refused(db):
    exercise = Exercise.objects.first()
    exercise.captions = upload("squat.vtt", VTT)
    with pytest.raises(ValidationError, match="Captions go with a video"):
        exercise.full_clean()


def test_admin_stores_a_video_with_captions_and_refuses_a_bad_one_storing_nothing(db, admin_client):
    exercise = Exercise.objects.order_by("name").first()
    change = reverse("admin:care_exercise_change", args=[exercise.pk])
    form = admin_client.get(change).context["adminform"].form
    data = {
        "name": exercise.name, "cues": exercise.cues, "description": exercise.description,
        "regions": [r.pk for r in exercise.regions.all()],
        "images-TOTAL_FORMS": 0, "images-INITIAL_FORMS": 0, "images-MIN_NUM_FORMS": 0, "images-MAX_NUM_FORMS": 1000,
    }  # fmt: skip
    assert "video" in form.fields and "captions" in form.fields
    response = admin_client.post(change, {**data, "video": upload("squat.mp4", b"not a video at all")})
    assert (
        response.status_code == HTTPStatus.OK and "Upload the video as an MP4 or WebM file" in response.content.decode()
    )
    exercise.refresh_from_db()
    assert not exercise.video
    response = admin_client.post(change, {**data, "video": upload("squat.mp4", MP4), "captions": upload("s.vtt", VTT)})
    assert response.status_code == HTTPStatus.FOUND
    exercise.refresh_from_db()
    assert exercise.video.name.endswith(".mp4") and exercise.captions.name.endswith(".vtt")


def test_the_patients_page_plays_the_video_only_when_pressed_with_a_poster_and_captions(appointment, client, clock):
    programme = give(appointment, exercises=2)
    with_video, without = [item.exercise for item in programme.items.order_by("order")]
    with_video.video.save("squat.mp4", ContentFile(MP4), save=False)
    with_video.captions.save("squat.vtt", ContentFile(VTT), save=True)
    body = client.get(programme_path(programme)).content.decode()
    assert body.count("<video") == 1
    video = body.split("<video")[1].split("</video>")[0]
    assert 'preload="none"' in video and "controls" in video and "care-screen-only" in video  # not on paper
    assert f'src="{with_video.video.url}" type="video/mp4"' in video
    assert f'<track kind="captions" src="{with_video.captions.url}"' in video
    assert "poster=" not in video  # no picture to stand in for it yet
    ExerciseImage.objects.create(exercise=with_video, image=png(), alt="Standing")
    video = client.get(programme_path(programme)).content.decode().split("<video")[1].split("</video>")[0]
    assert 'poster="' in video and "/care/renditions/" in video
    with_video.captions.delete(save=True)
    video = client.get(programme_path(programme)).content.decode().split("<video")[1].split("</video>")[0]
    assert "<track" not in video
