"""The patient-facing pages: `flow` (the booking steps), `manage` (what a manage link opens) and
`feed` (the clinician's private calendar subscription)."""
