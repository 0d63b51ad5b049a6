"""Straight quotes the clinician types in admin are saved as typographic ones, whichever model holds them."""

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from clinic.models import FrequentQuestion
from core.typography import TypographicFields, typographic


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("Don't rest it", "Don’t rest it"),
        ('Bring "comfortable" shorts', "Bring “comfortable” shorts"),
        ("'Sore' isn't 'injured'", "‘Sore’ isn’t ‘injured’"),
        ("Stephen's clinic — already “typographic”", "Stephen’s clinic — already “typographic”"),
        ('Pain < 2 weeks & "sharp"', "Pain < 2 weeks & “sharp”"),  # a "<" is text, not the start of a tag
        ("Rest -- then run --- slowly...", "Rest – then run — slowly…"),
        ("Mon 07:00--19:00", "Mon 07:00–19:00"),
        ("", ""),
    ],
    ids=["apostrophe", "double", "single", "already", "less-than", "dashes-ellipsis", "range", "empty"],
)
def test_typed_quotes_become_typographic(typed, saved):
    assert typographic(typed) == saved


@given(st.text())
def test_typography_keeps_the_length_and_a_second_pass_changes_nothing(text):
    once = typographic(text)
    assert len(once) <= len(text)  # a field's max_length still holds
    assert typographic(once) == once
    assert "'" not in once and '"' not in once


@pytest.mark.parametrize(
    "text",
    ["Don't rest it", 'Bring "comfortable" shorts', "'Sore' isn't 'injured'", "Rest -- then run --- slowly..."],
    ids=["apostrophe", "double", "single", "dashes-ellipsis"],
)
def test_a_title_and_an_article_body_follow_one_rule(text):
    """The renderer's smarty extension (configured from core.typography) and `typographic` agree."""
    import html

    from blog.rendering import render_post_body

    body = render_post_body(text, {}).html
    assert html.unescape(body.strip().removeprefix("<p>").removesuffix("</p>")) == typographic(text)


def typographic_models():
    return [model for model in apps.get_models() if issubclass(model, TypographicFields)]


def test_the_clinicians_text_models_all_use_it():
    names = {model._meta.label for model in typographic_models()}
    assert {
        "clinic.ClinicProfile",
        "clinic.Closure",
        "clinic.FirstVisitSection",
        "clinic.FrequentQuestion",
        "blog.Post",
        "blog.PostImage",
        "blog.Category",
        "bookings.Service",
        "bookings.SafetyQuestion",
    } <= names


@pytest.mark.parametrize("model", typographic_models(), ids=lambda model: model._meta.label)
def test_each_named_field_is_text_and_is_made_typographic_when_cleaned(model):
    instance = model()
    for name in model.typographic_fields:
        assert isinstance(model._meta.get_field(name), models.CharField | models.TextField), name
        setattr(instance, name, "It's")
    instance.make_typographic()
    assert {name: getattr(instance, name) for name in model.typographic_fields} == dict.fromkeys(
        model.typographic_fields, "It’s"
    )


@pytest.mark.django_db
def test_a_question_saved_in_admin_is_stored_typographic_and_its_twin_is_refused_with_a_message(admin_client):
    FrequentQuestion.objects.all().delete()
    add = reverse("admin:clinic_frequentquestion_add")
    typed = {"question": 'What\'s the "first visit" like?', "answer": "It's an hour.", "order": 1}
    assert admin_client.post(add, typed).status_code == 302
    saved = FrequentQuestion.objects.get()
    assert (saved.question, saved.answer) == ("What’s the “first visit” like?", "It’s an hour.")

    response = admin_client.post(add, typed)  # the same question again, typed the same way
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert list(FrequentQuestion.objects.values()) == [
        {"id": saved.pk, "question": saved.question, "answer": saved.answer, "order": 1}
    ]
