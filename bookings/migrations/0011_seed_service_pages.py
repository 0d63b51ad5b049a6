"""Seed who each service suits and what it includes, for its page (`/services/<slug>/`); edited in admin.

General descriptions of the clinic's own services (clinic-facts: assessment, rehabilitation and strength plans,
movement screening, load management), written for this project; nothing clinical beyond common practice.
"""

from django.db import migrations

PAGES = {
    "initial-assessment": (
        "Anyone with a new injury or a problem that has not settled: runners, gym-goers, team-sport players and "
        "anyone whose pain is stopping them staying active. You don’t need a GP referral.",
        "A conversation about how the problem started, your training and your goals\n"
        "A movement and strength assessment of the painful area and the chain around it\n"
        "A clear explanation of what is likely going on, in plain English\n"
        "Your first exercises, and a plan for training while you recover",
    ),
    "follow-up": (
        "Patients who have had an initial assessment and want to check progress, move the plan on, or deal with a "
        "setback.",
        "A review of how the problem and your training have gone since last time\n"
        "Re-testing the movements and strength measured before\n"
        "New or progressed exercises and load targets\n"
        "Hands-on treatment where it helps",
    ),
    "sports-massage": (
        "People in a heavy training block or preparing for an event, and anyone who wants to recover better "
        "between sessions. It is not a substitute for an assessment of an injury.",
        "A short check of how you are training and what feels tight or sore\n"
        "Deep tissue massage focused on the areas that take your training load\n"
        "Simple advice on recovery and mobility to keep it going",
    ),
    "running-gait-analysis": (
        "Runners of any level who keep picking up the same niggle, are returning from injury, or want to run more "
        "efficiently. Bring the trainers you run in.",
        "Video of you running, reviewed together: what matters and what does not\n"
        "Practical changes to cadence and form you can try on your next run\n"
        "Strength exercises that support the changes",
    ),
}


def seed(apps, schema_editor):
    Service = apps.get_model("bookings", "Service")
    for slug, (suits, includes) in PAGES.items():
        Service.objects.filter(slug=slug, suits="", includes="").update(suits=suits, includes=includes)


class Migration(migrations.Migration):
    dependencies = [("bookings", "0010_service_page_fields")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
