"""Rewrite the seeded safety questions with their timeframes (issue #25).

Each question now asks about one time, shown above it, and the advice follows that time: what is happening now
calls for 999 or A&E, the last 48 hours for NHS 111 or the GP today, and the time since the problem started or the
patient's health in general is a note for the clinician only. So a racing heartbeat years ago no longer sends a
patient to 999. Questions a "can you not …" made confusing are worded positively, with "no" as the worrying
answer; sensitive ones say why they are asked.

The wording is a suggestion written for this site in plain British English from general published guidance (NHS
pages on back pain, cauda equina syndrome, DVT, broken bones, sprains, head injuries and joint infections, and
physiotherapy red-flag screening frameworks). It was not written or approved by the clinician: every row changed
here gets `revised_at`, so it shows as needing review (`SafetyQuestion.objects.unreviewed()`).

A seeded row is found by its seeded words, area and level (0009, as 0018 gave it a timeframe): a row the clinician
has edited is theirs and is left alone, and so are their own questions.
"""

import importlib

from django.db import migrations
from django.utils import timezone

SEEDED = importlib.import_module("bookings.migrations.0009_seed_safety_questions").QUESTIONS
TIMEFRAME_OF_LEVEL = importlib.import_module("bookings.migrations.0018_safety_question_timeframes").TIMEFRAME_OF_LEVEL

HEART_IN_EXERCISE = "Have you had chest pain, a racing or uneven heartbeat, or fainted, while exercising or just after?"
BACK_UNWELL = "Do you feel unwell with it: a high temperature, shivers, or weight loss you can’t explain?"
OTHER_UNWELL = "Alongside this problem, have you lost weight without trying, or had night sweats or a fever?"
KNEE_SWELLING = "Did the knee swell up within a few hours of twisting or knocking it?"
KNEE_LOCKING = "Does the knee lock, so that you can’t straighten it fully?"
WEIGHT_LOSS = {
    "question": "Have you lost weight without trying?",
    "timeframe": "since",
    "why_asked": "Losing weight without trying is one of the things the clinician weighs up alongside pain, to "
    "decide whether a doctor should see you too.",
}

# (area, seeded question) → its new words. Fields not named keep their default: the worrying answer is yes, no
# reason (a note's worrying answer is for the clinician only) and nothing on why it is asked.
REWRITES = {
    ("", HEART_IN_EXERCISE): {
        "question": "Have you had chest pain, a racing or uneven heartbeat, or fainted, while exercising or soon "
        "after?",
        "timeframe": "recent",
        "reason": "These can come from the heart, so a doctor should check you today, before you exercise again. "
        "If you have chest pain now, call 999.",
    },
    ("back", "Since the pain began, is there numbness or tingling around your bottom, genitals or inner thighs (where "
     "you would sit on a saddle)?"): {
        "question": "Do you have numbness or tingling around your bottom, genitals or inner thighs (where you would "
        "sit on a saddle)?",
        "timeframe": "now",
        "reason": "Numbness around the saddle area can mean the nerves at the base of the spine are being squeezed "
        "(cauda equina syndrome), which needs hospital care straight away.",
    },
    ("back", "Have you had new difficulty passing urine, or new leaks from your bladder or bowel?"): {
        "question": "Are you having new trouble passing urine, or new leaks from your bladder or bowel?",
        "timeframe": "now",
        "reason": "New bladder or bowel problems with back pain can mean pressure on the nerves at the base of the "
        "spine, which needs hospital care straight away.",
    },
    ("back", "Is weakness in one or both legs getting worse, or do both legs feel numb or weak?"): {
        "question": "Is weakness in one or both legs getting worse, or do both legs feel numb or weak?",
        "timeframe": "now",
        "reason": "Weakness that is spreading, or in both legs, needs a doctor to check the nerves straight away.",
    },
    ("back", BACK_UNWELL): {
        "question": "Have you had a high temperature, or felt hot and shivery?",
        "timeframe": "recent",
        "reason": "Back pain with a fever should be checked by a doctor today, to rule out an infection.",
    },
    ("back", "Is the pain constant and worse at night, even when you lie still?"): {
        "question": "Has the pain been there all the time, and worse at night, even when you lie still?",
        "timeframe": "since",
    },
    ("back", "Have you ever had cancer?"): {
        "question": "Have you ever had cancer?",
        "timeframe": "background",
        "why_asked": "Very occasionally back pain is linked to a cancer treated in the past, so the clinician takes "
        "it into account. You don’t need to give any details here.",
    },
    ("knee", "Is the knee hot, red and swollen, and do you feel feverish or unwell?"): {
        "question": "Is the knee hot, red and swollen, and do you feel feverish or unwell?",
        "timeframe": "now",
        "reason": "A hot, swollen joint with a fever can be an infection inside the joint, which needs hospital "
        "treatment straight away.",
    },
    ("knee", "After a fall or knock, can you not take any weight on the leg, or does the knee look out of shape?"): {
        "question": "Can you put weight on the leg, and does the knee look its usual shape?",
        "timeframe": "now",
        "worrying_answer": False,
        "reason": "Not being able to stand on it, or a knee out of shape, can mean a broken bone or a dislocation, "
        "which needs an X-ray.",
    },
    ("knee", KNEE_SWELLING): {
        "question": "Has the knee swollen up within a few hours of a twist or knock, or locked so that you can’t "
        "straighten it?",
        "timeframe": "recent",
        "reason": "Quick swelling after an injury can mean bleeding inside the joint, and a knee that locks may have "
        "torn cartilage caught in it: a doctor should look at either today.",
    },
    ("knee", "Does the knee give way under you?"): {
        "question": "Has the knee given way under you?",
        "timeframe": "since",
    },
    ("hip", "After a fall, can you not stand or take weight on the leg, or does the leg look shorter or turned out?"): {
        "question": "Can you stand and put weight on the leg, and does it look the same as the other leg?",
        "timeframe": "now",
        "worrying_answer": False,
        "reason": "Not being able to stand, or a leg that looks shorter or turned out, after a fall can mean a "
        "broken hip, which needs hospital care straight away.",
    },
    ("hip", "Is the hip or groin very painful to move, with a fever or feeling unwell?"): {
        "question": "Is the hip or groin very painful to move, and do you have a fever or feel unwell?",
        "timeframe": "now",
        "reason": "A painful joint with a fever can be an infection, which needs hospital treatment straight away.",
    },
    ("hip", "Is the pain there at rest and at night, with weight loss you can’t explain?"): {
        "question": "Has the pain been there at rest and at night, or have you lost weight without trying?",
        "timeframe": "since",
    },
    ("hip", "Have you had a hip operation or a hip replacement?"): {
        "question": "Have you had a hip operation or a hip replacement?",
        "timeframe": "background",
    },
    ("ankle-foot", "After an injury, is your foot or are your toes cold, pale, blue or numb?"): {
        "question": "Is your foot, or are your toes, cold, pale, blue or numb?",
        "timeframe": "now",
        "reason": "A cold, pale or numb foot can mean the blood supply or a nerve is affected, which needs hospital "
        "care straight away.",
    },
    ("ankle-foot", "Is one calf swollen, warm and painful, or tender when you press it?"): {
        "question": "Has one calf been swollen, warm and painful, or tender when you press it?",
        "timeframe": "recent",
        "reason": "A swollen, warm, painful calf can be a blood clot (DVT), which needs checking today; if you are "
        "also short of breath or have chest pain, call 999.",
    },
    ("ankle-foot", "After a twist or fall, could you not take four steps straight away, or does it hurt to press on "
     "the bony points of the ankle?"): {
        "question": "After a twist or fall, has it been too painful to walk four steps, or to press on the bony "
        "points of the ankle?",
        "timeframe": "recent",
        "reason": "This can mean a broken bone, which needs an X-ray at a minor injuries unit or urgent treatment "
        "centre.",
    },
    ("ankle-foot", "Did you feel a snap or a kick at the back of the heel, and now struggle to push off or stand on "
     "tiptoe?"): {
        "question": "Have you felt a snap or a kick at the back of the heel, and struggled since to push off or stand "
        "on tiptoe?",
        "timeframe": "recent",
        "reason": "This can be a torn Achilles tendon, which does best when it is treated within a few days.",
    },
    ("ankle-foot", "Do you have diabetes, or less feeling in your feet than you used to?"): {
        "question": "Do you have diabetes, or less feeling in your feet than you used to?",
        "timeframe": "background",
        "why_asked": "Diabetes and less feeling in the feet change how a foot heals and which treatments are safe, "
        "so the clinician plans around them.",
    },
    ("shoulder", "Is the shoulder out of shape after a fall or knock, or can you not move the arm at all?"): {
        "question": "Can you move the arm, and does the shoulder look its usual shape?",
        "timeframe": "now",
        "worrying_answer": False,
        "reason": "A shoulder out of shape, or an arm you can’t move at all, can mean a dislocation or a broken "
        "bone, which needs hospital care straight away.",
    },
    ("shoulder", "With the shoulder pain, do you have pain or tightness in the chest, jaw or left arm, or feel short "
     "of breath?"): {
        "question": "With the shoulder pain, do you have pain or tightness in the chest, jaw or left arm, or feel "
        "short of breath?",
        "timeframe": "now",
        "reason": "Pain like this can come from the heart rather than the shoulder, and needs a doctor straight "
        "away.",
    },
    ("shoulder", "Is the shoulder hot, red and swollen, with a fever or feeling unwell?"): {
        "question": "Is the shoulder hot, red and swollen, and do you have a fever or feel unwell?",
        "timeframe": "now",
        "reason": "A hot, swollen joint with a fever can be an infection inside the joint, which needs hospital "
        "treatment straight away.",
    },
    ("shoulder", "Since an injury, can you not lift the arm away from your side, even though it looks normal?"): {
        "question": "Did it start with a fall or injury, after which lifting the arm out to the side was hard or "
        "impossible?",
        "timeframe": "since",
    },
    ("shoulder", "Do you get pins and needles or pain running down the arm into the hand?"): {
        "question": "Have you had pins and needles, or pain running down the arm into the hand?",
        "timeframe": "since",
    },
    ("other", "After a knock to the head, have you been confused, vomited, had a fit, or had a headache that keeps "
     "getting worse?"): {
        "question": "After a knock to the head, are you confused, being sick, or getting a headache that keeps "
        "getting worse, or have you had a fit?",
        "timeframe": "now",
        "reason": "These signs after a head injury need checking in hospital straight away.",
    },
    ("other", "Is a joint hot, red and swollen, with a fever or feeling unwell?"): {
        "question": "Is a joint hot, red and swollen, and do you have a fever or feel unwell?",
        "timeframe": "now",
        "reason": "A hot, swollen joint with a fever can be an infection inside the joint, which needs hospital "
        "treatment straight away.",
    },
    ("other", OTHER_UNWELL): {
        "question": "Have you had a high temperature, or night sweats that soak your bedclothes?",
        "timeframe": "recent",
        "reason": "A fever or drenching night sweats should be checked by a doctor today, to rule out an infection "
        "or another illness.",
    },
    ("other", "Are you pregnant, or have you had a baby in the last six months?"): {
        "question": "Are you pregnant, or have you had a baby in the last six months?",
        "timeframe": "background",
        "why_asked": "Pregnancy and the months after a birth change which exercises and treatments suit you, so the "
        "clinician plans around them.",
    },
}  # fmt: skip

# New questions, asked just after the seeded one they were split from (only if that one was still as seeded).
ADDED = {
    ("", HEART_IN_EXERCISE): [
        {
            "question": "Have you ever been told you have a heart condition, or had chest pain, a racing heartbeat "
            "or a faint with exercise?",
            "timeframe": "background",
            "why_asked": "Most treatment includes exercise, so the clinician plans it around your heart’s history.",
        }
    ],
    ("back", BACK_UNWELL): [WEIGHT_LOSS],
    ("other", OTHER_UNWELL): [WEIGHT_LOSS],
}

# Seeded questions folded into another (the knee's locking, into its quick swelling).
REMOVED = {("knee", KNEE_LOCKING)}

PLAIN = {"worrying_answer": True, "reason": "", "why_asked": ""}


def as_seeded(SafetyQuestion, concern, level, question, reason):
    """The rows still exactly as 0009 seeded them (and 0018 gave them a timeframe)."""
    return SafetyQuestion.objects.filter(
        concern=concern, question=question, timeframe=TIMEFRAME_OF_LEVEL[level], **{**PLAIN, "reason": reason}
    )


def rewrite(apps, schema_editor):
    SafetyQuestion = apps.get_model("bookings", "SafetyQuestion")
    now = timezone.now()
    for concern, level, question, reason in SEEDED:
        key = (concern, question)
        for row in as_seeded(SafetyQuestion, concern, level, question, reason):
            if key in REMOVED:
                row.delete()
                continue
            for field, value in {**PLAIN, **REWRITES[key]}.items():
                setattr(row, field, value)
            row.revised_at = now
            row.save()
            for added in ADDED.get(key, []):
                SafetyQuestion.objects.create(
                    concern=concern,
                    display_order=row.display_order,
                    is_active=row.is_active,
                    revised_at=now,
                    **{**PLAIN, **added},
                )


def restore(apps, schema_editor):
    SafetyQuestion = apps.get_model("bookings", "SafetyQuestion")
    orders = {}
    for concern, level, question, reason in SEEDED:
        orders[concern] = order = orders.get(concern, 0) + 1  # 0009's order, counted per area
        key = (concern, question)
        seeded = {"question": question, "timeframe": TIMEFRAME_OF_LEVEL[level], **PLAIN, "reason": reason}
        if key in REMOVED:
            if not SafetyQuestion.objects.filter(concern=concern, question=question).exists():
                SafetyQuestion.objects.create(concern=concern, display_order=order, **seeded)
            continue
        SafetyQuestion.objects.filter(concern=concern, **{**PLAIN, **REWRITES[key]}).update(**seeded, revised_at=None)
        for added in ADDED.get(key, []):
            SafetyQuestion.objects.filter(concern=concern, **{**PLAIN, **added}).delete()


def seed(apps, schema_editor):
    """The questions as a fresh database has them after 0009, 0018 and this migration: for tests that flush the
    database (the root conftest's `seeded`). Nothing if there are questions already."""
    SafetyQuestion = apps.get_model("bookings", "SafetyQuestion")
    if SafetyQuestion.objects.exists():
        return
    orders = {}
    for concern, level, question, reason in SEEDED:
        orders[concern] = orders.get(concern, 0) + 1
        SafetyQuestion.objects.create(
            concern=concern, question=question, timeframe=TIMEFRAME_OF_LEVEL[level], reason=reason,
            display_order=orders[concern],
        )  # fmt: skip
    rewrite(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("bookings", "0018_safety_question_timeframes")]

    operations = [migrations.RunPython(rewrite, restore)]
