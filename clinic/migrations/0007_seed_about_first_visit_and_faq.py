"""Seed the about page's text, the first-visit page's sections and the FAQ; the clinician edits all of it in admin.

Written for this project from the clinic's facts (what it does, who runs it, where it is) and general good
practice for a first physiotherapy-style visit. It states nothing the clinic has not given: no qualifications,
registrations, payment methods, response times or insurer arrangements (those slots stay empty and hidden until
the clinician fills them; the README's launch checklist lists them). Each part is seeded only while it is empty,
so a clinician's own text is never overwritten.
"""

from django.db import migrations

BIO = (
    "Stephen Lunt runs Restore on his own: he is the person who reads your booking request, sees you at every "
    "appointment and writes the articles on this site.\n\n"
    "The clinic is for runners and other active people: people training for their first 5K or their tenth "
    "marathon, team-sport players, gym-goers and anyone whose body is getting in the way of the activity they "
    "love."
)

APPROACH = (
    "A first appointment starts with listening. How the problem began, what makes it better or worse and what "
    "your training looks like usually explain more than any single test.\n\n"
    "Then comes a look at how you move and how strong the area and the chain around it are, and a plain-English "
    "explanation of what is most likely going on. You leave with a plan you can follow in a normal week: a few "
    "exercises done well, clear guidance on how much running or training to keep, and the signs that say it is "
    "time to progress.\n\n"
    "Rest alone rarely fixes a sports injury. The aim is to keep you as active as the injury allows while the "
    "area gets stronger, so you come back more robust than before."
)

FIRST_VISIT = [
    (
        "What to wear",
        "Wear, or bring, clothes you can move in and that let the painful area be seen: shorts for a hip, knee, "
        "ankle or foot problem, and a vest or sports top for a shoulder, neck or back.\n\n"
        "If the problem comes on when you run, come in the trainers you run in, or bring them.",
    ),
    (
        "What to bring",
        "A list of any medicines you take.\n\n"
        "Any scan report, letter or discharge note about this problem.\n\n"
        "Your training log or running app, if you keep one: a few weeks of what you did before the pain started "
        "is often the most useful thing you can show.\n\n"
        "If you are claiming on health insurance, your membership and pre-authorisation numbers (the pre-visit "
        "questionnaire asks for them too).",
    ),
    (
        "Before you come",
        "Once your time is confirmed, the confirmation email has a link to a short pre-visit questionnaire. "
        "Filling it in takes a few minutes and means the appointment can start with you rather than with "
        "forms. It is optional.",
    ),
    (
        "Payment",
        "Nothing is charged when you book online. You pay at the clinic on the day; each service’s price is on "
        "the services page.",
    ),
]

QUESTIONS = [
    (
        "Do I need a referral from my GP?",
        "No. You can book directly, online, without a referral.",
    ),
    (
        "What happens at the first appointment?",
        "You talk through how the problem started and what it stops you doing, then you are assessed: how you "
        "move, how strong the area is, and what brings the pain on. You leave knowing what is most likely going "
        "on and with a plan to start that day. The first-visit page has the practical details: what to wear, what "
        "to bring and how to find the clinic.",
    ),
    (
        "Which appointment should I book?",
        "For a new injury, or a problem nobody has looked at yet, book an initial assessment. Follow-ups are for "
        "people who have already been assessed here. If you are unsure, book the initial assessment, or email "
        "the clinic first and ask.",
    ),
    (
        "What happens after I request a time?",
        "Your request holds the time while Stephen looks at it. He confirms it by email, or lets you know if it "
        "can’t go ahead; the time is yours once the confirmation email arrives. Each email has a link to add the "
        "appointment to your calendar and to cancel or move it.",
    ),
    (
        "Can I claim on my health insurance?",
        "Check with your insurer before you book: many policies need a pre-authorisation number, and each insurer "
        "decides which practitioners it covers. If your insurer agrees, add your membership and pre-authorisation "
        "numbers to the pre-visit questionnaire so the details are to hand.",
    ),
    (
        "Should I keep running or training until my appointment?",
        "Often you can keep some training going, at a level that does not make the pain worse during or the day "
        "after. Pain that is sharp, keeps building, or changes the way you move is a sign to ease off. If the "
        "safety questions in the booking form advise you to call NHS 111 or 999, please do that first.",
    ),
    (
        "What if the time I want is taken?",
        "Join the waitlist from the step where you choose a time. If a time that suits you is freed by a cancellation, you are "
        "emailed an offer to claim it.",
    ),
    (
        "How do I cancel or move my appointment?",
        "Use the link in any email about your appointment. The cancellation policy, with how much notice is "
        "needed, is on the first-visit page.",
    ),
    (
        "What happens to the information I give you?",
        "It is used to arrange and prepare for your appointment and is kept only as long as the privacy notice "
        "says. The privacy notice explains what is kept, why, for how long and your rights.",
    ),
]


def seed(apps, schema_editor):
    ClinicProfile = apps.get_model("clinic", "ClinicProfile")
    FirstVisitSection = apps.get_model("clinic", "FirstVisitSection")
    FrequentQuestion = apps.get_model("clinic", "FrequentQuestion")
    ClinicProfile.objects.filter(pk=1, clinician_bio="").update(clinician_bio=BIO)
    ClinicProfile.objects.filter(pk=1, approach="").update(approach=APPROACH)
    if not FirstVisitSection.objects.exists():
        FirstVisitSection.objects.bulk_create(
            FirstVisitSection(heading=heading, text=text, order=10 * (n + 1))
            for n, (heading, text) in enumerate(FIRST_VISIT)
        )
    if not FrequentQuestion.objects.exists():
        FrequentQuestion.objects.bulk_create(
            FrequentQuestion(question=question, answer=answer, order=10 * (n + 1))
            for n, (question, answer) in enumerate(QUESTIONS)
        )


class Migration(migrations.Migration):
    dependencies = [("clinic", "0006_about_first_visit_and_faq")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
