"""Seed the safety (red-flag) questions asked before booking, per area of concern.

Written for this clinic from widely published NHS and physiotherapy red-flag guidance, in general and cautious
terms; the clinician reviews and edits them in admin (Bookings › Safety questions). "" is every area.
"""

from django.db import migrations

E, U, N = "emergency", "urgent", "note"

QUESTIONS = [
    ("", E, "Have you had chest pain, a racing or uneven heartbeat, or fainted, while exercising or just after?",
     "Chest pain or fainting with exercise can come from the heart, and needs checking by a doctor straight away."),
    ("back", E, "Since the pain began, is there numbness or tingling around your bottom, genitals or inner "
     "thighs (where you would sit on a saddle)?",
     "Numbness around the saddle area can mean the nerves at the base of the spine are being squeezed (cauda equina "
     "syndrome), which needs hospital care the same day."),
    ("back", E, "Have you had new difficulty passing urine, or new leaks from your bladder or bowel?",
     "New bladder or bowel problems with back pain can mean pressure on the nerves at the base of the spine, "
     "which needs hospital care the same day."),
    ("back", E, "Is weakness in one or both legs getting worse, or do both legs feel numb or weak?",
     "Weakness that is spreading, or in both legs, needs a doctor to examine the nerves today."),
    ("back", U, "Do you feel unwell with it: a high temperature, shivers, or weight loss you can’t explain?",
     "Back pain with a fever or unexplained weight loss should be checked by a doctor soon, to rule out an "
     "infection or another illness."),
    ("back", U, "Is the pain constant and worse at night, even when you lie still?",
     "Pain that never eases, even at rest, is worth a GP’s opinion before treatment starts."),
    ("back", N, "Have you ever had cancer?", ""),
    ("knee", E, "Is the knee hot, red and swollen, and do you feel feverish or unwell?",
     "A hot, swollen joint with a fever can be an infection inside the joint, which needs treatment in "
     "hospital the same day."),
    ("knee", E, "After a fall or knock, can you not take any weight on the leg, or does the knee look out of "
     "shape?",
     "Not being able to stand on it, or a change in shape, after an injury can mean a broken bone or a "
     "dislocation, which needs an X-ray."),
    ("knee", U, "Did the knee swell up within a few hours of twisting or knocking it?",
     "Swelling that comes up quickly after an injury can mean bleeding inside the joint, which a doctor should "
     "look at within a day or so."),
    ("knee", U, "Does the knee lock, so that you can’t straighten it fully?",
     "A knee that gets stuck bent may have a torn piece of cartilage caught in the joint, which is best "
     "assessed soon."),
    ("knee", N, "Does the knee give way under you?", ""),
    ("hip", E, "After a fall, can you not stand or take weight on the leg, or does the leg look shorter or "
     "turned out?",
     "These signs after a fall can mean a broken hip, which needs hospital care straight away."),
    ("hip", E, "Is the hip or groin very painful to move, with a fever or feeling unwell?",
     "A painful joint with a fever can be an infection, which needs treatment in hospital the same day."),
    ("hip", U, "Is the pain there at rest and at night, with weight loss you can’t explain?",
     "Pain at rest with unexplained weight loss should be checked by a doctor before treatment starts."),
    ("hip", N, "Have you had a hip operation or a hip replacement?", ""),
    ("ankle-foot", E, "After an injury, is your foot or are your toes cold, pale, blue or numb?",
     "A cold, pale or numb foot can mean the blood supply or a nerve is affected, which needs hospital care "
     "straight away."),
    ("ankle-foot", U, "Is one calf swollen, warm and painful, or tender when you press it?",
     "A swollen, warm, painful calf can be a blood clot (DVT), which needs checking today; if you are also "
     "short of breath or have chest pain, call 999."),
    ("ankle-foot", U, "After a twist or fall, could you not take four steps straight away, or does it hurt to "
     "press on the bony points of the ankle?",
     "This can mean a broken bone, which needs an X-ray at a minor injuries unit or urgent treatment centre."),
    ("ankle-foot", U, "Did you feel a snap or a kick at the back of the heel, and now struggle to push off or "
     "stand on tiptoe?",
     "This can be a torn Achilles tendon, which does best when it is treated within a few days."),
    ("ankle-foot", N, "Do you have diabetes, or less feeling in your feet than you used to?", ""),
    ("shoulder", E, "Is the shoulder out of shape after a fall or knock, or can you not move the arm at all?",
     "This can mean a dislocation or a broken bone, which needs hospital care straight away."),
    ("shoulder", E, "With the shoulder pain, do you have pain or tightness in the chest, jaw or left arm, or "
     "feel short of breath?",
     "Pain like this can come from the heart rather than the shoulder, and needs a doctor straight away."),
    ("shoulder", E, "Is the shoulder hot, red and swollen, with a fever or feeling unwell?",
     "A hot, swollen joint with a fever can be an infection inside the joint, which needs treatment in "
     "hospital the same day."),
    ("shoulder", U, "Since an injury, can you not lift the arm away from your side, even though it looks "
     "normal?",
     "This can mean a torn tendon, and a repair works best when it is found early."),
    ("shoulder", N, "Do you get pins and needles or pain running down the arm into the hand?", ""),
    ("other", E, "After a knock to the head, have you been confused, vomited, had a fit, or had a headache "
     "that keeps getting worse?",
     "These signs after a head injury need checking in hospital straight away."),
    ("other", E, "Is a joint hot, red and swollen, with a fever or feeling unwell?",
     "A hot, swollen joint with a fever can be an infection inside the joint, which needs treatment in "
     "hospital the same day."),
    ("other", U, "Alongside this problem, have you lost weight without trying, or had night sweats or a fever?",
     "These signs should be checked by a doctor soon, to rule out an infection or another illness."),
    ("other", N, "Are you pregnant, or have you had a baby in the last six months?", ""),
]  # fmt: skip


def seed(apps, schema_editor):
    SafetyQuestion = apps.get_model("bookings", "SafetyQuestion")
    if SafetyQuestion.objects.exists():
        return
    order = {}
    for concern, level, question, reason in QUESTIONS:
        order[concern] = order.get(concern, 0) + 1
        SafetyQuestion.objects.create(
            concern=concern, level=level, question=question, reason=reason, display_order=order[concern]
        )


class Migration(migrations.Migration):
    dependencies = [("bookings", "0008_safety_questions_and_questionnaire")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
