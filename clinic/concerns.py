"""The areas of the body a patient can book about: shared by the booking flow (which asks the area's safety
questions) and the articles (whose call to action books for an area), so neither app imports the other."""

from django.db import models


class Concern(models.TextChoices):
    KNEE = "knee", "Knee"
    HIP = "hip", "Hip"
    ANKLE_FOOT = "ankle-foot", "Ankle or foot"
    BACK = "back", "Back"
    SHOULDER = "shoulder", "Shoulder"
    OTHER = "other", "Something else"
