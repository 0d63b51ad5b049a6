"""A programme's painful logs for the clinician: flagged at the top of its page and on the admin home, cleared in
one tap (or by unticking a log), and counted truly in the list."""

import datetime as dt
from http import HTTPStatus

from django.urls import reverse

from care.programmes import keep_version
from care.tests.test_admin import messages_of


def test_the_clinician_clears_a_logs_flag_and_reads_what_was_done(programme, admin_client, clock):
    from care import sessions

    keep_version(programme)
    names = [item.exercise.name for item in programme.items.all()]
    log, _ = sessions.record(programme, programme.start_date, done=names[:1], pain=8, pain_when="after", note="")
    sessions.record(programme, programme.start_date + dt.timedelta(days=1), done=[], pain=2, pain_when="after", note="")
    changelist = admin_client.get(reverse("admin:care_programme_changelist")).content.decode()
    assert '<td class="field-alerts">1</td>' in changelist
    change = reverse("admin:care_programme_change", args=[programme.pk])
    page = admin_client.get(change).content.decode()
    logs = page.split('id="logs-group"')[1].split("</fieldset>")[0]
    assert names[0] in logs and "None ticked" in logs and "[" not in logs  # names, not the stored list
    assert "View on site" not in page
    assert page.index('id="logs-group"') < page.index('id="versions-group"')  # what the patient did, first
    response = admin_client.get(change)
    data = {}
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        data.update({management.add_prefix(k): v for k, v in management.initial.items()})
        for inline_form in formset.formset.forms:
            for name, field in inline_form.fields.items():
                value = inline_form.initial.get(name, field.initial)
                if value is None or value is False:
                    continue
                data[inline_form.add_prefix(name)] = getattr(value, "pk", value)
    admin_form = response.context["adminform"].form
    data.update({k: v for k, v in admin_form.initial.items() if v not in (None, False)})
    data["start_date"], data["review_date"] = f"{programme.start_date:%d/%m/%Y}", f"{programme.review_date:%d/%m/%Y}"
    flagged = next(k for k, v in data.items() if k.startswith("logs-") and k.endswith("-needs_attention"))
    del data[flagged]  # the clinician unticks it
    assert admin_client.post(change, data).status_code == HTTPStatus.FOUND
    log.refresh_from_db()
    assert log.needs_attention is False and log.pain == 8
    assert programme.versions.count() == 1  # clearing a flag is not a new version


def test_the_attention_count_stays_true_when_the_list_is_filtered_by_it(programme, admin_client, clock):
    """The filter joins the logs a second time: counted without distinct, two flagged logs read four."""
    from care import sessions

    for offset in (0, 1):
        day = programme.start_date + dt.timedelta(days=offset)
        sessions.record(programme, day, done=[], pain=9, pain_when="after", note="")
    url = reverse("admin:care_programme_changelist")
    for query in ("", "?logs__needs_attention__exact=1"):
        assert '<td class="field-alerts">2</td>' in admin_client.get(url + query).content.decode(), query


def test_painful_logs_are_at_the_top_of_the_programme_and_on_the_home_cleared_in_one_tap(programme, admin_client):
    """The flag was a 13 px tick near the foot of a long page, and nothing on the admin home pointed to it."""
    from care import sessions

    change = reverse("admin:care_programme_change", args=[programme.pk])
    seen = reverse("admin:care_programme_attention_seen", args=[programme.pk])
    home = reverse("admin:index")
    assert "care-attention" not in admin_client.get(change).content.decode()
    assert "painful log" not in admin_client.get(home).content.decode()
    day = programme.start_date
    sessions.record(programme, day, done=[], pain=8, pain_when="after", note="Knee swelled")
    sessions.record(programme, day + dt.timedelta(days=2), done=[], pain=9, pain_when="during", note="")
    sessions.record(programme, day + dt.timedelta(days=3), done=[], pain=2, pain_when="after", note="")
    page = admin_client.get(change).content.decode()
    top = page.split('class="errornote care-attention"')[1].split("</section>")[0]
    assert "2 logs need your attention" in top and f'action="{seen}"' in top
    assert "Mon 30 Nov</strong>: pain 8 out of 10 after the exercises. “Knee swelled”" in top
    assert "Contact the patient if you need to, then:" in top and "NHS 111" not in top  # 8 and 9: no 111 / 999
    assert "Wed 2 Dec</strong>: pain 9 out of 10 during the exercises" in top
    assert page.index("care-attention") < page.index('id="programme_form"')  # its own form, not inside the page's
    listed = reverse("admin:care_programme_changelist") + "?logs__needs_attention__exact=1"
    assert f'<a href="{listed}"><strong>1</strong> exercise programme with a painful log to see to' in (
        admin_client.get(home).content.decode()
    )
    assert admin_client.get(seen).status_code == HTTPStatus.METHOD_NOT_ALLOWED  # a GET changes nothing
    response = admin_client.post(seen, follow=True)
    assert "Marked as seen: 2 logs." in " ".join(messages_of(response))
    assert not programme.logs.filter(needs_attention=True).exists() and programme.logs.count() == 3
    assert "care-attention" not in response.content.decode()
    assert "painful log" not in admin_client.get(home).content.decode()


def test_marking_logs_seen_needs_permission_to_change_programmes(programme, client, django_user_model):
    from django.contrib.auth.models import Permission

    from care import sessions

    sessions.record(programme, programme.start_date, done=[], pain=8, pain_when="after", note="")
    viewer = django_user_model.objects.create_user("viewer", password="a-long-test-password-42", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_programme"))
    client.force_login(viewer)
    page = client.get(reverse("admin:care_programme_change", args=[programme.pk])).content.decode()
    assert "Contact the patient if you need to." in page and "Mark as seen" not in page  # no "then:" to nothing
    response = client.post(reverse("admin:care_programme_attention_seen", args=[programme.pk]))
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert programme.logs.get().needs_attention is True
    assert client.post(reverse("admin:care_programme_attention_seen", args=[999999])).status_code == 404


def test_a_log_at_ten_reminds_the_clinician_the_patient_was_sent_to_nhs_111(programme, admin_client):
    from care import sessions

    sessions.record(programme, programme.start_date, done=[], pain=10, pain_when="during", note="")
    page = admin_client.get(reverse("admin:care_programme_change", args=[programme.pk])).content.decode()
    assert "and at 10 out of 10 to call NHS 111 (or 999 in an emergency)" in page


def test_a_flagged_day_saved_again_with_less_pain_shows_its_highest_without_the_later_saves_words(
    programme, admin_client
):
    """Saved 9 "during", then 2 "after": the box said "pain 9 out of 10 after the exercises"."""
    from care import sessions

    day = programme.start_date
    sessions.record(programme, day, done=[], pain=9, pain_when="during", note="")
    sessions.record(programme, day, done=[], pain=2, pain_when="after", note="Better by the evening")
    page = admin_client.get(reverse("admin:care_programme_change", args=[programme.pk])).content.decode()
    top = page.split('class="errornote care-attention"')[1].split("</section>")[0]
    assert "pain 9 out of 10 at its highest that day (saved later: 2 after the exercises)" in top
