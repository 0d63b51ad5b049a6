"""The exercise library's drawings (`care.drawings`) and the command that gives them to the library."""

import io
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from PIL import Image

from care import demo, drawings
from care.drawings import figure, scene
from care.library import EXERCISES
from care.models import Exercise, ExerciseImage
from core.drawing import FILL, ORANGE, ORANGE_LIGHT, TEAL, Canvas

NAMES = [name for name, _regions, _cues, _description in EXERCISES]


@pytest.fixture(scope="session")
def drawn():
    """Every exercise's drawings, drawn once for the session (a few seconds each); lettering is recorded."""
    lettering = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Canvas, "text", lambda self, x, y, words, **kwargs: lettering.append(words))
        pictures = {name: drawings.drawings(name) for name in NAMES}
    return pictures, lettering


@pytest.fixture
def quick(drawn, monkeypatch):
    """The command draws from the session's drawings instead of drawing them again."""
    monkeypatch.setattr(drawings, "drawings", lambda name: drawn[0][name])
    return drawn[0]


def opened(png):
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


def test_every_library_exercise_has_its_drawings_and_no_drawing_is_unused():
    assert list(drawings.SCENES) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_each_exercise_is_drawn_start_and_end_as_4_by_3_pngs_with_their_own_alt_texts(drawn, name):
    pictures = drawn[0][name]
    assert len(pictures) == 2
    (start, start_alt), (end, end_alt) = pictures
    for png in (start, end):
        image = opened(png)
        assert (image.format, image.size, image.mode) == ("PNG", (800, 600), "RGB")
    assert start != end
    assert start_alt != end_alt
    for alt in (start_alt, end_alt):
        assert 40 <= len(alt) <= ExerciseImage._meta.get_field("alt").max_length
        assert alt.strip() == alt and alt.endswith(".")


def near(colour, other, tolerance=24):
    return sum(abs(a - b) for a, b in zip(colour, other, strict=True)) < tolerance


@pytest.mark.parametrize("name", NAMES)
def test_each_drawing_has_the_teal_outline_the_pale_body_and_orange_only_as_a_highlight(drawn, name):
    for png, _alt in drawn[0][name]:
        counts = {colour: count for count, colour in opened(png).getcolors(maxcolors=1 << 20)}
        assert len(counts) > 200  # a drawing, not a few flat boxes
        assert {TEAL, FILL, ORANGE} <= set(counts)  # the outline, the body, the arrow
        assert max(counts.values()) < 0.9 * 800 * 600  # the paper is most of it, not all
        orange = sum(n for colour, n in counts.items() if near(colour, ORANGE) or near(colour, ORANGE_LIGHT))
        assert 1200 < orange < 0.05 * 800 * 600  # the arrow and the working part: seen, and only a part


@pytest.mark.parametrize("name", NAMES)
def test_the_person_stays_inside_the_frame(drawn, name):
    """No pixel of the body's fill (or its highlight) on the picture's edge, nor any point of its outline."""
    for png, _alt in drawn[0][name]:
        pixels = opened(png).load()
        edge = [(x, y) for x in range(800) for y in (0, 1, 598, 599)]
        edge += [(x, y) for y in range(600) for x in (0, 1, 798, 799)]
        assert not {pixels[point] for point in edge} & {FILL, ORANGE_LIGHT}
    pictures = drawings.SCENES[name]()
    left, top, width = scene.frame(pictures)
    for picture in pictures:
        for x, y in picture.outline_points():
            assert left < x < left + width and top < y < top + width * 3 / 4


def test_the_drawings_carry_no_lettering(drawn):
    """The alt texts and the cues carry the words; a picture with words in it would need translating twice."""
    assert drawn[1] == []


def test_each_picture_is_a_different_pose_of_the_same_person():
    """One figure for every pose: the bones keep their lengths (only a knee towards the viewer shortens a leg)."""
    for name in NAMES:
        for picture in drawings.SCENES[name]():
            pose = picture.pose
            for leg in pose.legs.values():
                thigh, shin = (abs(a[0] - b[0]) ** 2 + abs(a[1] - b[1]) ** 2 for a, b in
                               [(leg.hip, leg.knee), (leg.knee, leg.ankle)])  # fmt: skip
                if pose.view == "side":
                    assert thigh**0.5 == pytest.approx(figure.THIGH * figure.U, rel=1e-3), name
                    assert shin**0.5 == pytest.approx(figure.SHIN * figure.U, rel=1e-3), name
            for arm in pose.arms.values():
                upper = abs(complex(*arm.shoulder) - complex(*arm.elbow))
                assert upper == pytest.approx(figure.UPPER_ARM * figure.U, rel=1e-3), name


# --- The command ----------------------------------------------------------------------------------------------------


def images_by_exercise():
    return {
        exercise.name: [(image.alt, image.display_order, image.image.name) for image in exercise.images.all()]
        for exercise in Exercise.objects.prefetch_related("images")
    }


@pytest.mark.django_db
def test_the_command_gives_every_library_exercise_its_start_and_end_drawings(quick):
    out = StringIO()
    call_command("draw_exercises", stdout=out)
    for name in NAMES:
        start, end = Exercise.objects.get(name=name).images.all()
        assert [(start.alt, start.display_order), (end.alt, end.display_order)] == [
            (alt, order) for order, (_png, alt) in enumerate(quick[name])
        ]
        for image, (png, _alt) in zip((start, end), quick[name], strict=True):
            assert image.image.read() == png
            assert (image.picture.width, image.picture.height) == (800, 600)  # renditions made, the largest 800
    assert "10 of 10 library exercises" in out.getvalue()


@pytest.mark.django_db
def test_running_the_command_again_changes_nothing(quick):
    call_command("draw_exercises", stdout=StringIO())
    before = list(ExerciseImage.objects.order_by("pk").values())
    out = StringIO()
    call_command("draw_exercises", stdout=out)
    assert list(ExerciseImage.objects.order_by("pk").values()) == before
    assert "0 of 10 library exercises" in out.getvalue()


@pytest.mark.django_db
def test_an_exercise_the_clinician_gave_a_picture_is_left_alone(quick):
    wall_sit = Exercise.objects.get(name="Wall sit")
    own = ExerciseImage(exercise=wall_sit, alt="Stephen showing a wall sit.")
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 20, 30)).save(buffer, "PNG")
    own.image.save("own.png", ContentFile(buffer.getvalue()), save=False)
    own.save()
    before = list(ExerciseImage.objects.filter(exercise=wall_sit).values())
    call_command("draw_exercises", stdout=StringIO())
    assert list(ExerciseImage.objects.filter(exercise=wall_sit).values()) == before
    given = images_by_exercise()
    assert all(len(given[name]) == 2 for name in NAMES if name != "Wall sit")


@pytest.mark.django_db
def test_an_exercise_the_clinician_renamed_is_left_alone(quick):
    Exercise.objects.filter(name="Glute bridge").update(name="Bridge, both feet")
    call_command("draw_exercises", stdout=StringIO())
    given = images_by_exercise()
    assert given["Bridge, both feet"] == []
    assert "Glute bridge" not in given
    assert sum(len(pictures) for pictures in given.values()) == 2 * (len(NAMES) - 1)


@pytest.mark.django_db
def test_the_demo_seed_gives_the_library_its_drawings(quick):
    out = StringIO()
    demo.seed(out)
    assert all(len(pictures) == 2 for pictures in images_by_exercise().values())
    assert "10 exercises given theirs" in out.getvalue()


# --- On the patient's page ------------------------------------------------------------------------------------------

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"  # looked at before an issue is resolved
CM = 96 / 2.54  # CSS pixels to the centimetre
PRINTED_WIDTH, PRINTED_HEIGHT = (21.0 - 2 * 1.2) * CM, (29.7 - 2 * 1.2) * CM  # A4 less care.css's @page margins


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_the_drawings_show_two_across_on_a_phone_and_four_exercises_print_to_an_a4_page(live, page, quick):
    from bookings.models import Appointment
    from bookings.tests.factories import AppointmentFactory
    from care.links import programme_path
    from care.tests.conftest import give

    drawings.give_pictures()
    appointment = AppointmentFactory(email="ann@example.com", status=Appointment.Status.CONFIRMED)
    programme = give(appointment, exercises=4)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live.url + programme_path(programme))
    pictures = page.locator(".care-pictures img")
    assert pictures.count() == 8
    SHOTS.mkdir(parents=True, exist_ok=True)
    for n in range(8):  # lazy pictures: bring each into view so it loads
        pictures.nth(n).scroll_into_view_if_needed()
    page.wait_for_function("[...document.querySelectorAll('.care-pictures img')].every(i => i.complete)")
    sizes = pictures.evaluate_all("imgs => imgs.map(i => [i.naturalWidth, i.getBoundingClientRect().width])")
    assert all(natural > 0 and 150 < shown < 190 for natural, shown in sizes), sizes  # two across the card
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(SHOTS / "programme-pictures-390.png"), full_page=True)

    page.set_viewport_size({"width": round(PRINTED_WIDTH), "height": 1100})  # the width of A4 less its margins
    page.emulate_media(media="print")
    cuts = page.locator(".care-exercise").evaluate_all("cards => cards.map(c => c.scrollHeight - c.clientHeight)")
    assert all(cut <= 1 for cut in cuts), cuts  # nothing hidden by a card's max-height
    first_page = page.evaluate(
        "document.querySelectorAll('.care-exercise')[3].getBoundingClientRect().bottom"
        " - document.querySelector('.care-letterhead').getBoundingClientRect().top"
    )
    page.screenshot(path=str(SHOTS / "programme-pictures-print.png"), full_page=True)
    (SHOTS / "programme-pictures.pdf").write_bytes(page.pdf(format="A4", print_background=True))
    assert first_page < PRINTED_HEIGHT, f"{first_page / CM:.1f} cm"  # the letterhead and four exercises: one page

    # The longest note the clinician can write (300 characters) prints whole: a card cut at a height lost its end.
    programme.items.filter(pk=programme.items.first().pk).update(note="Slowly, " * 37 + "end.")
    page.reload()
    page.emulate_media(media="print")
    card = page.locator(".care-exercise").first
    note_bottom = card.locator(".care-note").evaluate("n => n.getBoundingClientRect().bottom")
    assert note_bottom <= card.evaluate("c => c.getBoundingClientRect().bottom")
    assert card.evaluate("c => c.scrollHeight - c.clientHeight") <= 1
