"""Each safety question states its timeframe, and its level follows from it (a generated column), so a question
about the past can no longer send a patient to 999. Every existing question keeps the advice it gave: its
timeframe is read from its level (emergency → right now, urgent → the last 48 hours, note → since the problem
started). Also: the worrying answer (No, for a question worded positively), why a sensitive question is asked,
and when the clinician last reviewed a question or a site update last rewrote it."""

from django.db import migrations, models

TIMEFRAME_OF_LEVEL = {"emergency": "now", "urgent": "recent", "note": "since"}


def timeframes_from_levels(apps, schema_editor):
    SafetyQuestion = apps.get_model("bookings", "SafetyQuestion")
    for level, timeframe in TIMEFRAME_OF_LEVEL.items():
        SafetyQuestion.objects.filter(level=level).update(timeframe=timeframe)


def levels_from_timeframes(apps, schema_editor):
    SafetyQuestion = apps.get_model("bookings", "SafetyQuestion")
    SafetyQuestion.objects.update(level="note")
    SafetyQuestion.objects.filter(timeframe="now").update(level="emergency")
    SafetyQuestion.objects.filter(timeframe="recent").update(level="urgent")


LEVEL_CHOICES = [
    ("emergency", "Emergency: call 999 or go to A&E now"),
    ("urgent", "Urgent: NHS 111 or the GP today"),
    ("note", "Note for the clinician"),
]
TIMEFRAME_CHOICES = [
    ("now", "Right now"),
    ("recent", "In the last 48 hours"),
    ("since", "Since this problem started"),
    ("background", "Your health in general"),
]


class Migration(migrations.Migration):
    dependencies = [("bookings", "0017_prices_confirmed_by_the_clinician")]

    operations = [
        migrations.RemoveConstraint(model_name="safetyquestion", name="safety_question_advice_has_reason"),
        migrations.AddField(
            model_name="safetyquestion",
            name="timeframe",
            field=models.CharField(
                choices=TIMEFRAME_CHOICES,
                default="since",
                help_text="What the question is about, shown above it. It sets the advice for a worrying answer: "
                "right now, call 999 or go to A&E; in the last 48 hours, NHS 111 or the GP today; since the problem "
                "started or health in general, a note for you only.",
                max_length=10,
            ),
            preserve_default=False,
        ),
        migrations.RunPython(timeframes_from_levels, levels_from_timeframes),
        migrations.RemoveField(model_name="safetyquestion", name="level"),
        migrations.AddField(
            model_name="safetyquestion",
            name="level",
            field=models.GeneratedField(
                db_persist=True,
                expression=models.Case(
                    models.When(then=models.Value("emergency"), timeframe="now"),
                    models.When(then=models.Value("urgent"), timeframe="recent"),
                    models.When(then=models.Value("note"), timeframe="since"),
                    models.When(then=models.Value("note"), timeframe="background"),
                    default=models.Value("note"),
                ),
                output_field=models.CharField(choices=LEVEL_CHOICES, max_length=10),
                verbose_name="advice",
            ),
        ),
        migrations.AddField(
            model_name="safetyquestion",
            name="worrying_answer",
            field=models.BooleanField(
                choices=[(True, "Yes"), (False, "No")],
                default=True,
                help_text="The answer that calls for the advice (or the note): No for a question worded positively.",
            ),
        ),
        migrations.AddField(
            model_name="safetyquestion",
            name="why_asked",
            field=models.CharField(
                blank=True,
                help_text="For a sensitive question (“Have you ever had cancer?”): one sentence shown beside it, "
                "saying why the clinic asks.",
                max_length=250,
                verbose_name="why it is asked",
            ),
        ),
        migrations.AddField(
            model_name="safetyquestion",
            name="reviewed_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text="When the clinician last saved the question or marked it as reviewed.",
                null=True,
                verbose_name="last reviewed",
            ),
        ),
        migrations.AddField(
            model_name="safetyquestion",
            name="revised_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text="When an update of the site last rewrote the question: it needs reviewing again after that.",
                null=True,
                verbose_name="rewritten by a site update",
            ),
        ),
        migrations.AlterField(
            model_name="safetyquestion",
            name="question",
            field=models.CharField(
                help_text="Plain English, answered yes or no, without its timeframe (shown above it). Word it "
                "positively where a negative would confuse (“Can you put weight on the leg?”) and set the worrying "
                "answer to No.",
                max_length=250,
            ),
        ),
        migrations.AlterField(
            model_name="safetyquestion",
            name="reason",
            field=models.CharField(
                blank=True,
                help_text="One sentence shown to a patient who gives the worrying answer: why this needs care sooner "
                "than a consult. Needed for questions about right now and the last 48 hours.",
                max_length=400,
            ),
        ),
        migrations.AddConstraint(
            model_name="safetyquestion",
            constraint=models.CheckConstraint(
                condition=models.Q(("timeframe__in", ["now", "recent", "since", "background"])),
                name="safety_question_timeframe_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="safetyquestion",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("timeframe__in", ["since", "background"]), models.Q(("reason", ""), _negated=True), _connector="OR"
                ),
                name="safety_question_advice_has_reason",
            ),
        ),
    ]
