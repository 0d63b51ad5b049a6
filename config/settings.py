"""Settings for the Restore site.

Everything that differs between machines is read from the environment (see
README.md and .env.example). Development is `DJANGO_DEBUG=1`; anything else is
production, which refuses to start without the variables it cannot guess.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("DJANGO_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)  # SQLite database, file cache, uploads in development


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_required(name):
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"The environment variable {name} must be set when DJANGO_DEBUG is off (see .env.example)."
        )
    return value


DEBUG = env_bool("DJANGO_DEBUG", default=False)

if DEBUG:
    # A development-only key: production never falls back to it.
    SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "dev-only-insecure-key-never-used-in-production"
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
else:
    SECRET_KEY = env_required("DJANGO_SECRET_KEY")
    env_required("DJANGO_ALLOWED_HOSTS")
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# Behind a reverse proxy that appends the client's address to X-Forwarded-For (docs/deploy.md).
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", default=False)
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"

INSTALLED_APPS = [
    "config.apps.ClinicAdminConfig",  # django.contrib.admin with the clinic's site (config/admin.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "axes",
    "django_tasks_db",
    "crispy_forms",
    "core",
    "clinic",
    "blog",
    "bookings",
    "care",
    "outcomes",
    "feedback",
]

MIDDLEWARE = [
    "core.middleware.HeadWithoutBodyMiddleware",
    # Outermost, so every response carries the security headers: cached pages, static files,
    # and the 400s answered before a view runs (a NUL character, a Host not allowed).
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.RejectNullCharactersMiddleware",
    # Serves cached public pages to visitors without a session, before the rest runs.
    "core.pagecache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.StaffSessionTimeoutMiddleware",
    # Last, as django-axes requires: locks out repeated failed admin logins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "clinic.context_processors.clinic",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # Take the write lock when a transaction starts, so a check-then-insert
        # inside transaction.atomic() cannot interleave with another writer.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
# Test databases are named per test run, so two runs on one machine (a developer's and a pre-commit check) never
# share one. SQLite's is a file (not :memory:) so that tests can use several real connections.
_TEST_RUN = os.environ.get("DJANGO_TEST_RUN", str(os.getpid()))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-db-{_TEST_RUN}.sqlite3")}
else:
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{_TEST_RUN}"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set; otherwise a file cache, which every
# gunicorn worker on the machine shares.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "restore",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Admin login throttling: 5 failures for a username from one address lock it for an hour.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "core.net.client_ip"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
# British dates, 24-hour times without seconds, admin included (config/formats/en_GB/formats.py).
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))
# Uploaded images are served by nginx in production; Django serves them in development
# and for the local production stack (make serve).
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", default=DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 3600

# Email through Django 6.1's MAILERS: SMTP when SMTP_HOST is set, otherwise
# messages are printed to the console (development).
SMTP_HOST = os.environ.get("SMTP_HOST", "").strip()
if SMTP_HOST:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": SMTP_HOST,
                "port": int(os.environ.get("SMTP_PORT", "587")),
                "username": os.environ.get("SMTP_USER", ""),
                "password": os.environ.get("SMTP_PASSWORD", ""),
                "use_tls": env_bool("SMTP_TLS", default=True),
                # A mail server that accepts and never answers holds a worker this long, never a patient.
                "timeout": int(os.environ.get("SMTP_TIMEOUT", "10")),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
# Background work (sending email) through Django's Tasks framework. The database backend keeps the
# queue in the site's own database; `manage.py db_worker` runs it (make run/serve start one).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# /healthz answers 503 when an email has waited longer than this to go out (worker or mail server down).
HEALTHZ_EMAIL_MAX_AGE_MINUTES = int(os.environ.get("HEALTHZ_EMAIL_MAX_AGE_MINUTES", "15"))

# The sender of every email: an address of the site's own (its domain's SPF, DKIM and DMARC vouch for it, see
# docs/deploy.md), not the clinician's mailbox. Replies go to the clinician (or, on the clinic's own emails, to the
# patient) through Reply-To.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Restore Sports Injury <bookings@restoresportsinjury.co.uk>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security. DJANGO_HTTPS defaults on in production; DJANGO_HTTPS=0 lets the
# production stack run on plain HTTP on loopback (make serve, benchmarks).
HTTPS = env_bool("DJANGO_HTTPS", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# The clinician's admin session: 30 minutes idle, 12 hours at most (core.middleware).
STAFF_SESSION_IDLE_SECONDS = 30 * 60
STAFF_SESSION_MAX_SECONDS = 12 * 3600
CSRF_COOKIE_HTTPONLY = True
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# A patient's booking draft (name, contact details, health notes) is kept this long in the session.
BOOKING_DRAFT_SECONDS = int(os.environ.get("BOOKING_DRAFT_HOURS", "4")) * 3600
# Booking submissions allowed per client address and per email address, per hour (counted in the database).
BOOKING_LIMIT_PER_IP = int(os.environ.get("BOOKING_LIMIT_PER_IP", "20"))
BOOKING_LIMIT_PER_EMAIL = int(os.environ.get("BOOKING_LIMIT_PER_EMAIL", "5"))

# Forms render through our own crispy-forms template pack (templates/restore/), in the site's CSS.
CRISPY_ALLOWED_TEMPLATE_PACKS = ("restore",)
CRISPY_TEMPLATE_PACK = "restore"

# One handler for everything, which redacts manage-link tokens, email addresses and query strings
# (core/logs.py); Django's own loggers are pointed at it so no line bypasses the filter.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "core.logs.RedactingFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},
    },
}
