"""Messages patients send from the contact page (`bookings.contact`): kept for the clinician, emailed to the clinic
through the outbox, and deleted after the keeping period for requests that never became a visit."""

from django.db import models
from django.urls import reverse


class ContactMessage(models.Model):
    name = models.CharField(max_length=100)
    email = models.EmailField(max_length=254)
    message = models.TextField(max_length=3000)
    received_at = models.DateTimeField()

    class Meta:
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["email"], name="contact_email_idx")]

    def __str__(self):
        return f"{self.name}, {self.received_at:%d %b %Y %H:%M}"

    def get_absolute_url(self):
        return reverse("admin:bookings_contactmessage_change", args=[self.pk])
