"""The privacy notice's version: recorded with every consent a patient gives.

Change it whenever the wording of templates/clinic/privacy.html changes in substance.
"""

PRIVACY_NOTICE_VERSION = "2026-11-24"
