"""Every change the apps declare as showing on pages (`core.stale`), walked: each drops every cached page."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache

from blog.models import PostImage
from blog.tests.factories import CategoryFactory, PostFactory, image_upload
from bookings import booking, workflow
from bookings.models import BookingRules, Service
from bookings.tests.factories import AppointmentFactory
from clinic.models import ClinicProfile, Closure, FirstVisitSection, FrequentQuestion, OpeningHours
from core import pagecache, stale

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
MONDAY_9 = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)


def _post_categories():
    post = PostFactory()
    return lambda: post.categories.add(CategoryFactory())


def _post_image():
    post = PostFactory()
    return lambda: PostImage.objects.create(post=post, key="knee", image=image_upload(), alt="A runner's knee")


def _service():
    service = Service.objects.first()
    return service.save


def _appointment_status():
    appointment = AppointmentFactory(start=MONDAY_9)
    return lambda: workflow.apply("decline", appointment.pk, seen_status=appointment.status)


def _appointment_moved():
    appointment = AppointmentFactory(start=MONDAY_9)
    return lambda: booking.move(appointment, MONDAY_9 + dt.timedelta(hours=2), now=NOW)


def _posts_rerendered():
    from io import StringIO

    from django.core.management import call_command

    from blog.models import Post

    post = PostFactory()
    Post.objects.filter(pk=post.pk).update(body_html="<p>rendered by an older renderer</p>")
    return lambda: call_command("rerender_posts", stdout=StringIO())


def _feedback_request():
    from feedback.models import FeedbackRequest

    appointment = AppointmentFactory(start=MONDAY_9, status="completed")
    return FeedbackRequest.objects.create(appointment=appointment, email=appointment.email, sent_at=NOW)


def _feedback_given():
    """A patient answers, allowing their comment to be shown."""
    from feedback import answers

    request = _feedback_request()
    return lambda: answers.record(request, rating=5, comment="Clear and kind.", may_publish=True, now=NOW)


def _feedback_shown():
    """The clinician shows a comment the patient allowed (one UPDATE, announced as `feedback-shown`)."""
    from feedback import answers

    feedback = _feedback_given()()
    return lambda: answers.approve([feedback.pk], None, NOW)


# Each entry: set up, then return the change to make. Keys must match the table exactly.
CHANGES = {
    "clinic.ClinicProfile": lambda: ClinicProfile.load().save,
    "clinic.OpeningHours": lambda: lambda: OpeningHours.objects.create(weekday=6, opens=dt.time(9), closes=dt.time(11)),
    "clinic.Closure": lambda: lambda: Closure.objects.create(start_date=dt.date(2026, 12, 31), reason="New Year"),
    "clinic.FirstVisitSection": lambda: lambda: FirstVisitSection.objects.create(heading="Towels", text="Bring one."),
    "clinic.FrequentQuestion": lambda: (
        lambda: FrequentQuestion.objects.create(question="Is there a lift?", answer="Yes.")
    ),
    "blog.Post": lambda: PostFactory,
    "blog.Post_categories": _post_categories,
    "blog.Category": lambda: CategoryFactory,
    "blog.PostImage": _post_image,
    "bookings.Service": _service,
    "bookings.BookingRules": lambda: BookingRules.load().save,
    "bookings.Appointment": lambda: lambda: AppointmentFactory(start=MONDAY_9),
    "appointment-status": _appointment_status,
    "appointment-moved": _appointment_moved,
    "posts-rerendered": _posts_rerendered,
    "feedback-shown": _feedback_shown,
}


def test_every_row_of_the_table_is_exercised_here():
    assert set(CHANGES) == {label for label, s in stale.WHEN_SAVED.items() if s.pages} | set(stale.ON_EVENT)


@pytest.mark.parametrize("row", sorted(CHANGES))
def test_the_change_makes_every_cached_page_stale(db, settings, tmp_path, row, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(NOW, tick=False):
        change = CHANGES[row]()
        pagecache.invalidate()
        before = cache.get(pagecache.VERSION_KEY)
        with django_capture_on_commit_callbacks(execute=True):
            change()
    assert cache.get(pagecache.VERSION_KEY) != before


@pytest.mark.parametrize("label", [label for label, s in stale.WHEN_SAVED.items() if s.pages and "_" not in label])
def test_deleting_makes_every_cached_page_stale(db, label):
    from django.apps import apps

    model = apps.get_model(label)
    with time_machine.travel(NOW, tick=False):
        CHANGES[label]()()
    instance = model.objects.last()
    pagecache.invalidate()
    before = cache.get(pagecache.VERSION_KEY)
    instance.delete()
    assert cache.get(pagecache.VERSION_KEY) != before


def test_an_event_missing_from_the_table_is_a_programming_error():
    with pytest.raises(ValueError, match="not a declared change"):
        stale.changed("appointment-teleported")


@pytest.mark.parametrize("name", ["sitemap", "blog:feed", "blog:feed_atom"])
def test_sitemap_and_feeds_take_their_links_from_site_url_not_the_host_header(client, db, settings, name):
    from django.urls import reverse

    settings.SITE_URL = "https://restoresportsinjury.co.uk"
    settings.ALLOWED_HOSTS = ["restoresportsinjury.co.uk", "www.restoresportsinjury.co.uk"]
    PostFactory()
    body = client.get(reverse(name), HTTP_HOST="www.restoresportsinjury.co.uk").content.decode()
    assert "https://restoresportsinjury.co.uk/blog/" in body
    assert "www.restoresportsinjury.co.uk" not in body
