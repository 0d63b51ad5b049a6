"""Giving exercises in admin: from the appointment's page, from a template or the previous programme, the warning
above eight exercises, a version kept at each save, and the patient's email (or, without one, the phone)."""

import datetime as dt
import re
from http import HTTPStatus

import pytest
from django.core import mail
from django.urls import reverse

from bookings.models import Appointment, OutboundEmail
from bookings.tests.factories import AppointmentFactory
from care import links
from care.models import GIVEN_AT, Exercise, Programme, ProgrammeVersion
from care.programmes import keep_version
from care.tests.conftest import give

ADD = reverse("admin:care_programme_add")
CONFIRMED = Appointment.Status.CONFIRMED
LATER = dt.datetime(2026, 12, 14, 9, tzinfo=dt.UTC)  # a second visit, not overlapping the first


def inline(prefix, rows=(), initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": len(rows),
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
    for n, row in enumerate(rows):
        data.update({f"{prefix}-{n}-{name}": value for name, value in row.items()})
    return data


def row(exercise, order=0, **dose):
    return {"exercise": exercise.pk, "order": order, "sets": 3, "reps": 10, "times_per_day": 1, "days_per_week": 3,
            "load": "bodyweight", "note": "", **dose}  # fmt: skip


def form(appointment, exercises, title="Knee: early strength", **extra):
    return {
        "appointment": appointment.pk if appointment else "",
        "title": title,
        "start_date": "30/11/2026",
        "review_date": "11/01/2027",
        **inline("items", [row(e, n) for n, e in enumerate(exercises)]),
        **inline("versions"),
        **inline("logs"),
        **extra,
    }


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_the_appointment_page_offers_give_exercises_prefilled_with_it(appointment, admin_client):
    page = admin_client.get(reverse("admin:bookings_appointment_change", args=[appointment.pk])).content.decode()
    link = f"{ADD}?appointment={appointment.pk}"
    assert f'href="{link}"' in page
    response = admin_client.get(link)
    assert response.status_code == HTTPStatus.OK
    assert response.context["adminform"].form.initial["appointment"] == str(appointment.pk)
    assert response.context["adminform"].form.initial["start_date"] is not None


def test_give_exercises_is_not_offered_without_permission_to_add_programmes(appointment, client, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("assistant", password="pw-123456789", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_appointment"))
    user.user_permissions.add(Permission.objects.get(codename="view_appointment"))
    client.force_login(user)
    page = client.get(reverse("admin:bookings_appointment_change", args=[appointment.pk])).content.decode()
    assert "Give exercises" not in page


@pytest.mark.parametrize("count", [0, 1, 9])
def test_saving_a_new_programme_keeps_a_version_warns_above_eight_and_emails_once_it_has_exercises(
    appointment, admin_client, django_capture_on_commit_callbacks, count
):
    exercises = list(Exercise.objects.all()[:count])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(ADD, form(appointment, exercises), follow=True)
    assert response.status_code == HTTPStatus.OK
    if not count:  # Save pressed on the untouched form: the form again, and no empty programme for the patient
        assert "Add at least one exercise: a programme needs one before it is saved." in response.content.decode()
        assert not Programme.objects.exists() and not OutboundEmail.objects.exists()
        return
    programme = Programme.objects.get()
    assert programme.items.count() == count
    assert programme.versions.count() == 1
    said = " ".join(messages_of(response))
    assert ("Adherence falls as lists grow" in said) == (count > 8)
    emailed = OutboundEmail.objects.filter(kind="programme_given")
    assert emailed.count() == 1
    (sent,) = mail.outbox
    assert sent.to == ["ann@example.com"]
    assert sent.subject == "Your exercise programme from Restore"
    (token,) = re.findall(r"/exercises/p/([^/\s]+)/", sent.body)
    assert links.programme_for(token, programme.start_date) == programme
    for exercise in exercises:
        assert exercise.name not in sent.body
    assert "Knee" not in sent.body and "Knee" not in sent.subject


def test_a_patient_without_email_gets_no_email_and_the_clinician_is_told_to_phone(admin_client):
    appointment = AppointmentFactory(email="", phone="07700 900999", status=CONFIRMED)
    page = admin_client.get(f"{ADD}?appointment={appointment.pk}").content.decode()
    assert "No email address" in page and "printout" in page
    response = admin_client.post(ADD, form(appointment, Exercise.objects.all()[:1]), follow=True)
    assert not OutboundEmail.objects.exists()
    assert any("phone the patient, or give them the printout" in m for m in messages_of(response))
    assert Programme.objects.get().emailed_at is None


def test_editing_keeps_the_programme_and_its_link_and_the_earlier_version(appointment, admin_client, client):
    first, second = Exercise.objects.order_by("name")[:2]
    admin_client.post(ADD, form(appointment, [first]))
    programme = Programme.objects.get()
    path = links.programme_path(programme)
    assert first.name in client.get(path).content.decode()  # the patient opened it

    item = programme.items.get()
    data = form(appointment, [])
    data.update(inline("items", [{**row(first, reps=12), "id": item.pk, "programme": programme.pk},
                                 row(second, 1)], initial=1))  # fmt: skip
    response = admin_client.post(reverse("admin:care_programme_change", args=[programme.pk]), data, follow=True)
    assert response.status_code == HTTPStatus.OK
    assert Programme.objects.get().pk == programme.pk
    page = client.get(path).content.decode()  # the same link: the new content
    assert second.name in page and "3 sets of 12" in page
    old, new = ProgrammeVersion.objects.filter(programme=programme).order_by("number")
    assert [e["exercise"] for e in old.content["exercises"]] == [first.name]
    assert "3 sets of 10" in old.content["exercises"][0]["dose"]
    assert [e["exercise"] for e in new.content["exercises"]] == [first.name, second.name]
    assert OutboundEmail.objects.filter(kind="programme_given").count() == 1  # emailed once, not at each edit
    change_page = admin_client.get(reverse("admin:care_programme_change", args=[programme.pk])).content.decode()
    assert "Versions (one kept at each save that changed it)" in change_page and "3 sets of 10" in change_page


def test_starting_from_a_template_fills_its_exercises_and_saves_them_untouched(appointment, admin_client):
    template = Programme.objects.create(is_template=True, title="Knee: early strength")
    give_items = list(Exercise.objects.order_by("name")[:3])
    for n, exercise in enumerate(give_items):
        template.items.create(exercise=exercise, order=n, sets=2, reps=15, load="5 kg")
    page = admin_client.get(f"{ADD}?appointment={appointment.pk}").content.decode()
    assert f"start_from={template.pk}" in page

    response = admin_client.get(f"{ADD}?appointment={appointment.pk}&start_from={template.pk}")
    formset = next(f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "items").formset
    assert [f.initial["exercise"] for f in formset.forms] == [e.pk for e in give_items]

    data = form(appointment, [])  # the rows posted as the browser would send them, unchanged
    data.update(inline("items", [row(e, n, sets=2, reps=15, load="5 kg") for n, e in enumerate(give_items)]))
    admin_client.post(f"{ADD}?appointment={appointment.pk}&start_from={template.pk}", data)
    programme = Programme.objects.given().get()
    assert [i.exercise for i in programme.items.all()] == give_items
    assert template.items.count() == 3  # the template is unchanged


def test_starting_from_the_patients_previous_programme(appointment, admin_client, clock):
    before = give(appointment, exercises=2)
    keep_version(before)
    next_visit = AppointmentFactory(email="ANN@example.com", start=LATER, status=CONFIRMED)
    page = admin_client.get(f"{ADD}?appointment={next_visit.pk}").content.decode()
    assert "the patient’s previous programme" in page
    assert re.search(rf"start_from={before.pk}\b", page)
    response = admin_client.get(f"{ADD}?appointment={next_visit.pk}&start_from={before.pk}")
    formset = next(f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "items").formset
    assert [f.initial["exercise"] for f in formset.forms] == [i.exercise_id for i in before.items.all()]
    stranger = AppointmentFactory(email="other@example.com", start=LATER + dt.timedelta(days=1), status=CONFIRMED)
    assert "previous programme" not in admin_client.get(f"{ADD}?appointment={stranger.pk}").content.decode()


def test_a_programme_needs_an_appointment_and_dates_unless_it_is_a_template(db, admin_client):
    response = admin_client.post(ADD, {**form(None, []), "start_date": "", "review_date": ""})
    assert response.status_code == HTTPStatus.OK  # the form again, with its errors
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"appointment", "start_date", "review_date"}
    assert not Programme.objects.exists()
    admin_client.post(ADD, {**form(None, list(Exercise.objects.all()[:1])), "is_template": "on", "start_date": "",
                            "review_date": ""})  # fmt: skip
    assert Programme.objects.templates().count() == 1
    assert not OutboundEmail.objects.exists()


@pytest.mark.parametrize("name", ["exercise", "programme"])
def test_the_lists_open(db, admin_client, name, appointment, clock):
    give(appointment)
    assert admin_client.get(reverse(f"admin:care_{name}_changelist")).status_code == HTTPStatus.OK


def test_an_exercise_given_twice_in_one_programme_is_refused_and_nothing_is_saved(appointment, admin_client):
    """The patient ticks exercises by name when they log: the same one twice would share a tick."""
    squat = Exercise.objects.order_by("name").first()
    data = form(appointment, [])
    data.update(inline("items", [row(squat, 0), row(squat, 1, reps=5)]))
    response = admin_client.post(ADD, data)
    assert response.status_code == HTTPStatus.OK  # the form again
    assert f"“{squat.name}” is in the programme twice" in response.content.decode()
    assert not Programme.objects.exists()


@pytest.mark.parametrize("status", [s for s in Appointment.Status if s not in GIVEN_AT])
def test_exercises_are_given_only_at_a_confirmed_or_completed_appointment(admin_client, status):
    appointment = AppointmentFactory(status=status)
    page = admin_client.get(reverse("admin:bookings_appointment_change", args=[appointment.pk])).content.decode()
    assert "Give exercises" not in page and "once the appointment is confirmed" in page
    response = admin_client.post(ADD, form(appointment, Exercise.objects.all()[:1]))
    assert response.status_code == HTTPStatus.OK
    assert "exercises are given at a confirmed or completed one" in response.content.decode()
    assert not Programme.objects.exists() and not OutboundEmail.objects.exists()


def test_a_save_that_changes_nothing_keeps_no_new_version_and_the_current_one_is_named(
    appointment, admin_client, clock
):
    programme = give(appointment, exercises=1)
    keep_version(programme)
    item = programme.items.get()
    change = reverse("admin:care_programme_change", args=[programme.pk])
    data = form(appointment, [], start_date="30/11/2026", review_date="11/01/2027")
    data.update(inline("items", [{**row(item.exercise, reps=10, sets=3, load="bodyweight", note="Go slowly"),
                                  "id": item.pk, "programme": programme.pk}], initial=1))  # fmt: skip
    data["start_date"], data["review_date"] = f"{programme.start_date:%d/%m/%Y}", f"{programme.review_date:%d/%m/%Y}"
    assert admin_client.post(change, data).status_code == HTTPStatus.FOUND
    assert programme.versions.count() == 1  # nothing the patient sees changed
    data["items-0-reps"] = 12
    admin_client.post(change, data)
    assert list(programme.versions.values_list("number", flat=True)) == [2, 1]
    page = admin_client.get(change).content.decode()
    versions = page.split('id="versions-group"')[1]
    assert versions.count("(what the patient sees now)") == 1
    assert versions.index("2 (what the patient sees now)") < versions.index("3 sets of 10")
    assert f"{programme.start_date:%-d %b %Y}" in versions and programme.start_date.isoformat() not in versions


def test_every_input_on_an_exercises_page_is_named_for_a_screen_reader(db, admin_client):
    """Each file, description and order input is named with its row (as a table, axe found eleven unnamed)."""
    exercise = Exercise.objects.first()
    page = admin_client.get(reverse("admin:care_exercise_change", args=[exercise.pk])).content.decode()
    pictures = page.split('id="images-group"')[1].split('id="images-empty"')[0]
    for name in ["image", "alt", "display_order"]:
        assert 'aria-label="Picture 1: ' in pictures and f'name="images-0-{name}"' in pictures
    inputs = re.findall(r"<input[^>]+name=\"images-0-[a-z_]+\"[^>]*>", pictures)
    assert inputs and all("aria-label=" in tag for tag in inputs if 'type="hidden"' not in tag)


def test_giving_a_second_programme_at_one_visit_warns_and_offers_the_first(programme, admin_client):
    page = admin_client.get(f"{ADD}?appointment={programme.appointment_id}").content.decode()
    change = reverse("admin:care_programme_change", args=[programme.pk])
    assert "This appointment already has a programme" in page and f'href="{change}"' in page
    other = AppointmentFactory(email="new@example.com", start=LATER, status=CONFIRMED)
    assert "already has" not in admin_client.get(f"{ADD}?appointment={other.pk}").content.decode()


def test_an_exercises_pictures_show_their_thumbnail_beside_their_description(db, admin_client):
    """As a table on a phone the file field was clipped and no picture shown: which description was which?"""
    from care.tests.test_models import png

    exercise = Exercise.objects.first()
    picture = exercise.images.create(image=png(), alt="Hips lifted")
    page = admin_client.get(reverse("admin:care_exercise_change", args=[exercise.pk])).content.decode()
    thumbnail = picture.picture.smallest_url
    assert f'<img src="{thumbnail}" alt="" width="160" class="exercise-thumbnail">' in page
    assert page.index(thumbnail) < page.index('value="Hips lifted"')
    assert "exercise-pictures" in page.split('id="images-group"')[1].split("<fieldset")[1]  # admin.css's rules


def test_a_new_programme_or_a_template_shows_no_empty_patient_rows(programme, admin_client):
    """The patient's page and their reminder choice exist once a patient's programme is saved."""
    template = Programme.objects.templates().first() or Programme.objects.create(title="Knee", is_template=True)
    pages = {
        "new": admin_client.get(f"{ADD}?appointment={programme.appointment_id}"),
        "template": admin_client.get(reverse("admin:care_programme_change", args=[template.pk])),
        "given": admin_client.get(reverse("admin:care_programme_change", args=[programme.pk])),
    }
    for name, response in pages.items():
        page = response.content.decode()
        shown = "field-patient_link" in page, "field-reminder_emails" in page
        assert shown == ((True, True) if name == "given" else (False, False)), name


def test_new_exercise_rows_are_numbered_after_the_rows_above(programme, admin_client):
    """Each new row offered order 0, so a programme saved as offered kept its exercises in name order."""
    page = admin_client.get(f"{ADD}?appointment={programme.appointment_id}").content.decode()
    orders = re.findall(r'name="items-(\d+)-order"[^>]*value="(\d+)"', page)
    assert orders == [("0", "1"), ("1", "2"), ("2", "3")]
    change = admin_client.get(reverse("admin:care_programme_change", args=[programme.pk])).content.decode()
    extra = re.findall(r'name="items-2-order"[^>]*value="(\d+)"', change)
    assert extra == ["3"]  # two given (stored as they were), the empty row third


@pytest.mark.parametrize("status", [choice for choice, _ in Appointment.Status.choices])
def test_give_exercises_is_offered_where_a_programme_may_be_given(appointment, admin_client, status):
    """The button follows `care.models.GIVEN_AT`, the rule `Programme.clean` keeps."""
    Appointment.objects.filter(pk=appointment.pk).update(status=status)
    page = admin_client.get(reverse("admin:bookings_appointment_change", args=[appointment.pk])).content.decode()
    assert ("Give exercises</a>" in page) is (status in GIVEN_AT)
    assert ("Exercises are given once the appointment is confirmed" in page) is (status not in GIVEN_AT)


def test_a_later_save_does_not_repeat_the_first_saves_warnings(admin_client, clock):
    """Clearing a log's flag on a programme of ten exercises for a patient without email said both warnings again."""
    appointment = AppointmentFactory(email="", phone="07700 900999", status=CONFIRMED)
    exercises = list(Exercise.objects.order_by("name")[:9])
    first = admin_client.post(ADD, form(appointment, exercises), follow=True)
    said = " ".join(messages_of(first))
    assert "Adherence falls as lists grow" in said and "phone the patient" in said
    programme = Programme.objects.get()
    data = form(appointment, [])
    items = [{**row(i.exercise, i.order), "id": i.pk, "programme": programme.pk} for i in programme.items.all()]
    data.update(inline("items", items, initial=len(items)))
    again = admin_client.post(reverse("admin:care_programme_change", args=[programme.pk]), data, follow=True)
    said = " ".join(messages_of(again))
    assert "was changed successfully" in said
    assert "Adherence falls" not in said and "phone the patient" not in said
    data.update(inline("items", [*items, row(Exercise.objects.order_by("name")[9], 9)], initial=len(items)))
    more = admin_client.post(reverse("admin:care_programme_change", args=[programme.pk]), data, follow=True)
    assert "This programme has 10 exercises" in " ".join(messages_of(more))  # one more past eight: said again


def test_emptying_a_programme_is_refused(programme, admin_client):
    data = form(programme.appointment, [])
    items = [{**row(i.exercise, i.order), "id": i.pk, "programme": programme.pk, "DELETE": "on"}
             for i in programme.items.all()]  # fmt: skip
    data.update(inline("items", items, initial=len(items)))
    response = admin_client.post(reverse("admin:care_programme_change", args=[programme.pk]), data)
    assert "Add at least one exercise" in response.content.decode()
    assert programme.items.count() == 2


def test_rows_added_in_the_browser_or_left_blank_are_saved_at_their_place(appointment, admin_client):
    """ "Add another" copies a blank row: each such row offered 0 and went first for the patient."""
    exercises = list(Exercise.objects.order_by("name")[:5])
    data = form(appointment, [])
    rows = [row(e, n + 1) for n, e in enumerate(exercises[:3])] + [{**row(e), "order": ""} for e in exercises[3:]]
    data.update(inline("items", rows))
    assert admin_client.post(ADD, data).status_code == HTTPStatus.FOUND
    programme = Programme.objects.get()
    assert [(i.exercise, i.order) for i in programme.items.all()] == [(e, n + 1) for n, e in enumerate(exercises)]
    page = admin_client.get(f"{ADD}?appointment={appointment.pk}").content.decode()
    empty = page.split('id="items-empty"')[1].split("</div>\n</div>")[0]
    assert 'name="items-__prefix__-order"' in empty and 'value="0"' not in empty.split("-order")[1][:200]


def test_a_new_picture_is_saved_after_the_pictures_before_it(db, admin_client):
    from care.tests.test_models import png

    exercise = Exercise.objects.first()
    first = exercise.images.create(image=png(), alt="Start", display_order=1)
    change = reverse("admin:care_exercise_change", args=[exercise.pk])
    data = {
        "name": exercise.name, "cues": exercise.cues, "description": exercise.description,
        "regions": [r.pk for r in exercise.regions.all()],
        **inline("images", [{"id": first.pk, "exercise": exercise.pk, "alt": "Start", "display_order": 1},
                            {"image": png(), "alt": "End", "display_order": ""}], initial=1),
    }  # fmt: skip
    response = admin_client.post(change, data)
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    assert list(exercise.images.values_list("alt", "display_order")) == [("Start", 1), ("End", 2)]


def test_two_programmes_at_one_visit_are_not_each_others_previous(programme, admin_client):
    second = give(programme.appointment, exercises=1)
    for given in (programme, second):
        page = admin_client.get(reverse("admin:care_programme_change", args=[given.pk])).content.decode()
        assert "previous programme" not in page
