"""Corridor settings: one file, read from the environment.

Without DATABASE_URL the product runs on an embedded SQLite file under var/ (WAL mode);
with it, on PostgreSQL. No secret has a usable default outside DEBUG.
"""

import contextlib
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("CORRIDOR_VAR_DIR", PROJECT_DIR / "var"))


def env_flag(name: str, default: bool) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_flag("CORRIDOR_DEBUG", False)
SECRET_KEY = os.environ.get("CORRIDOR_SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or env_flag("CORRIDOR_DEMO", False)):
        raise ImproperlyConfigured(
            "Set CORRIDOR_SECRET_KEY (or CORRIDOR_DEBUG=1 / CORRIDOR_DEMO=1 on a developer machine)."
        )
    # A per-checkout key for demos and development, never shared between machines.
    from corridor.core.secret import local_secret_key

    SECRET_KEY = local_secret_key(VAR_DIR)

ALLOWED_HOSTS = env_list("CORRIDOR_ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "django_tasks_db",
    "crontask",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "corridor.core",
    "corridor.accounts",
    "corridor.reference",
    "corridor.people",
    "corridor.identity",
    "corridor.occupations",
    "corridor.recruitment",
    "corridor.training",
    "corridor.support",
    "corridor.grievances",
    "corridor.programmes",
    "corridor.portal",
    "corridor.insights",
    "corridor.web",
    "corridor.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corridor.core.middleware.no_store",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "corridor.core.middleware.reject_nul",
    # After reject_nul: it reads the user, so the session, which must not hold a NUL byte.
    "corridor.accounts.middleware.preferred_language",
    "django_otp.middleware.OTPMiddleware",
    "corridor.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes requires: it turns a refused login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "corridor.urls"
WSGI_APPLICATION = "corridor.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "corridor.web.context_processors.navigation",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    from corridor.core.serving import concurrency

    # psycopg's pool, one per process, holds at most one connection per server thread: a
    # burst of requests waits for a connection instead of opening one each (and cannot
    # exhaust the server). Pooled connections are not persistent ones: conn_max_age stays 0.
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": concurrency().threads,
        "timeout": 10,
    }
else:
    # The embedded database lives under var/; make the folder so a fresh clone just works.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("CORRIDOR_SQLITE_PATH", str(VAR_DIR / "corridor.sqlite3")),
            "OPTIONS": {
                # WAL lets readers work during writes, and the busy timeout (`timeout`, in
                # seconds) lets the web server, the worker and the scheduler of `corridor run`
                # wait their turn to write the one file; a 128 MB page cache keeps the indexes
                # of a national registry in memory (SQLite's default is 2 MB).
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA cache_size=-131072; PRAGMA temp_store=MEMORY;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Staff sign-in: a TOTP second factor for the roles `accounts.roles.SECOND_FACTOR_ROLES` names
# (accounts/two_factor.py). Only the demo (`corridor demo` sets CORRIDOR_DEMO=1) lets its
# published logins in with a password alone.
SECOND_FACTOR_REQUIRED = not env_flag("CORRIDOR_DEMO", False)
OTP_TOTP_ISSUER = os.environ.get("CORRIDOR_OTP_ISSUER", "Corridor")
# Password reset links go by e-mail (SMTP); the demo prints them on the console instead.
MAILERS = {
    "default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if env_flag("CORRIDOR_DEMO", False)
    else {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": os.environ.get("CORRIDOR_EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("CORRIDOR_EMAIL_PORT", "25")),
        },
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("CORRIDOR_FROM_EMAIL", "corridor@localhost")

# Login throttling (django-axes): after this many failed logins for one account, or from one
# client address (the one the audit log records, `core.audit.client_ip`), signing in pauses for
# the cool-off. Attempts are kept in the database, so the limit holds across processes.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("CORRIDOR_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("CORRIDOR_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "corridor.accounts.login_audit.username_tried"
AXES_CLIENT_IP_CALLABLE = "corridor.core.audit.client_ip"
AXES_LOCKOUT_CALLABLE = "corridor.accounts.views.locked_out_view"
AXES_DISABLE_ACCESS_LOG = True  # successful logins are in Corridor's audit log already
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "ru"
# "uz" is Uzbek in the Latin alphabet (what Django's own "uz" locale is);
# "uz-cyrl" is Uzbek in Cyrillic, whose catalogue is under locale/uz_Cyrl
# (Django's to_locale("uz-cyrl")).  uz-cyrl, tg and ky are machine-prepared
# and await native review (locale/README.md).
LANGUAGES = [
    ("ru", _("Russian")),
    ("en", _("English")),
    ("uz", _("Uzbek (Latin)")),
    ("uz-cyrl", _("Uzbek (Cyrillic)")),
    ("tg", _("Tajik")),
    ("ky", _("Kyrgyz")),
]
# Django knows "uz", "tg" and "ky" but not "uz-cyrl", for which
# get_language_info() would fall back to "uz" and name it in Latin letters.
LANG_INFO.setdefault(
    "uz-cyrl",
    {"bidi": False, "code": "uz-cyrl", "name": "Uzbek (Cyrillic)", "name_local": "Ўзбекча"},
)
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# WhiteNoise serves from here after `collectstatic`.
# (A read-only deployment has run collectstatic at build time, hence the suppress.)
with contextlib.suppress(OSError):
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "media/"
# Served files carry a content hash in their name (cached for a year) and come pre-compressed
# (gzip and Brotli) from `collectstatic`, which `corridor run` does before serving. Tests and
# development (CORRIDOR_STATIC_MANIFEST=0, or DEBUG) serve the apps' folders as they are.
STATIC_MANIFEST = env_flag("CORRIDOR_STATIC_MANIFEST", not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST or DEBUG

# Uploaded documents: what a caseworker scans or photographs, nothing else.
DOCUMENT_MAX_BYTES = int(os.environ.get("CORRIDOR_DOCUMENT_MAX_BYTES", 5 * 1024 * 1024))
DOCUMENT_CONTENT_TYPES = {
    "application/pdf": b"%PDF",
    "image/jpeg": b"\xff\xd8\xff",
    "image/png": b"\x89PNG",
}
FILE_UPLOAD_MAX_MEMORY_SIZE = DOCUMENT_MAX_BYTES
DATA_UPLOAD_MAX_MEMORY_SIZE = DOCUMENT_MAX_BYTES + 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "corridor.core.errors.csrf_failure"
# HTTPS in production (docs/deploy.md): off by default so the embedded demo works over plain
# HTTP on 127.0.0.1; `corridor check --deploy` warns until a deployment turns them on.
SECURE_SSL_REDIRECT = env_flag("CORRIDOR_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(os.environ.get("CORRIDOR_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("CORRIDOR_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_flag("CORRIDOR_HSTS_PRELOAD", False)
# A site that says it is HTTPS-only keeps its cookies off plain HTTP unless told otherwise.
SESSION_COOKIE_SECURE = env_flag(
    "CORRIDOR_SECURE_COOKIES", SECURE_SSL_REDIRECT or SECURE_HSTS_SECONDS > 0
)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_TRUSTED_ORIGINS = env_list("CORRIDOR_CSRF_TRUSTED_ORIGINS")
# Reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed (addresses or
# CIDRs); `corridor.core.clients.client_ip` reads the client's address through them.
TRUSTED_PROXIES = env_list("CORRIDOR_TRUSTED_PROXIES")
if TRUSTED_PROXIES:
    # The proxy terminates TLS; only a trusted proxy can reach the server (bind to loopback
    # or a private network), so its X-Forwarded-Proto says whether the client used HTTPS.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The schedule of periodic jobs (crontab lines in UTC, run by `corridor crontask` and done by
# the task worker), each overridable, e.g. CORRIDOR_SCHEDULE_INSIGHTS_REFRESH="0 */6 * * *".
# Reminders run every minute so one is delivered within a minute of falling due; a run that
# finds nothing new writes nothing but its JobRun row.
_SCHEDULE_DEFAULTS = {
    "referral_reminders": "* * * * *",
    "complaint_reminders": "* * * * *",
    "document_expiry": "10 5 * * *",
    "consent_expiry": "5 0 * * *",
    "insights_refresh": "30 1 * * *",
    "stale_match_features": "*/5 * * * *",
    "retention": "45 2 * * *",
    "abandoned_tasks": "*/5 * * * *",
}
JOB_SCHEDULE = {
    job: os.environ.get(f"CORRIDOR_SCHEDULE_{job.upper()}", line)
    for job, line in _SCHEDULE_DEFAULTS.items()
}
# Workers' sign-in codes (people.worker_accounts, decision 0017): how long one is valid, how
# many wrong codes for a phone void its codes, and tries of the sign-in page per address.
WORKER_SIGN_IN_CODE_HOURS = int(os.environ.get("CORRIDOR_WORKER_SIGN_IN_CODE_HOURS", "72"))
WORKER_SIGN_IN_CODE_ATTEMPTS = int(os.environ.get("CORRIDOR_WORKER_SIGN_IN_CODE_ATTEMPTS", "5"))
WORKER_SIGN_IN_TRIES_PER_ADDRESS = int(
    os.environ.get("CORRIDOR_WORKER_SIGN_IN_TRIES_PER_ADDRESS", "20")
)
# Self-registrations on the public site per client address and hour (each one is a record a
# centre has to look at).
SELF_REGISTRATIONS_PER_ADDRESS = int(os.environ.get("CORRIDOR_SELF_REGISTRATIONS_PER_ADDRESS", "5"))
# A task running longer than this is taken for one its worker died in and is run again
# (core.tasks.requeue_abandoned_tasks); no task of Corridor's runs nearly this long.
TASK_RUN_LIMIT_MINUTES = int(os.environ.get("CORRIDOR_TASK_RUN_LIMIT_MINUTES", "60"))
# /healthz calls a job overdue when a run it was due for has not finished this long after.
JOB_OVERDUE_AFTER_MINUTES = int(os.environ.get("CORRIDOR_JOB_OVERDUE_AFTER_MINUTES", "15"))
# /healthz calls the task worker behind when this many tasks wait, or the oldest this long.
HEALTH_MAX_READY_TASKS = int(os.environ.get("CORRIDOR_HEALTH_MAX_READY_TASKS", "500"))
HEALTH_MAX_READY_TASK_AGE_SECONDS = int(
    os.environ.get("CORRIDOR_HEALTH_MAX_READY_TASK_AGE_SECONDS", "600")
)
# Retention: finished task results and job runs older than these go; the audit log only when
# a deployment's retention rule sets CORRIDOR_AUDIT_RETENTION_DAYS (never by default).
TASK_RESULT_RETENTION_DAYS = int(os.environ.get("CORRIDOR_TASK_RESULT_RETENTION_DAYS", "14"))
JOB_RUN_RETENTION_DAYS = int(os.environ.get("CORRIDOR_JOB_RUN_RETENTION_DAYS", "90"))
AUDIT_RETENTION_DAYS = (
    int(os.environ["CORRIDOR_AUDIT_RETENTION_DAYS"])
    if os.environ.get("CORRIDOR_AUDIT_RETENTION_DAYS")
    else None
)

# E-mail to staff (reminders, warnings) through Django's mailers: SMTP from the environment;
# the demo and development print messages on the console instead.
EMAIL_BACKEND_PATH = os.environ.get(
    "CORRIDOR_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG or env_flag("CORRIDOR_DEMO", False)
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {
    "default": {
        "BACKEND": EMAIL_BACKEND_PATH,
        "OPTIONS": {
            "host": os.environ.get("CORRIDOR_EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("CORRIDOR_EMAIL_PORT", "25")),
            "username": os.environ.get("CORRIDOR_EMAIL_HOST_USER", ""),
            "password": os.environ.get("CORRIDOR_EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_flag("CORRIDOR_EMAIL_USE_TLS", False),
            "use_ssl": env_flag("CORRIDOR_EMAIL_USE_SSL", False),
            "timeout": int(os.environ.get("CORRIDOR_EMAIL_TIMEOUT", "10")),
        }
        if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend")
        else {},
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("CORRIDOR_EMAIL_FROM", "corridor@localhost")
# Links in e-mails: the address staff open Corridor at.
SITE_URL = os.environ.get("CORRIDOR_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Rate limits count in the cache, so every process of a deployment must share it. The default
# is files under var/: the embedded mode runs several processes on one machine (web workers,
# task worker, scheduler) and a file cache is shared by all of them with no setup and no write
# on SQLite's one write lock; a deployment on several machines sets a Redis URL.
from corridor.core.cacheurl import cache_from_url  # noqa: E402

CACHES = {
    "default": cache_from_url(
        os.environ.get("CORRIDOR_CACHE_URL", "") or (VAR_DIR / "cache").resolve().as_uri()
    )
}

# Records of one person are linked automatically at this match probability or above; pairs
# whose given names differ outright never are (see identity.linkage.VETO_SQL).
IDENTITY_AUTO_LINK_THRESHOLD = float(os.environ.get("CORRIDOR_AUTO_LINK_THRESHOLD", "0.95"))
# Registry pairs scoring at least this go to the caseworkers' review queue.
IDENTITY_REVIEW_THRESHOLD = float(os.environ.get("CORRIDOR_REVIEW_THRESHOLD", "0.8"))

# API tokens: how long a new one lives unless its owner asks for less, and the longest allowed.
API_TOKEN_LIFETIME_DAYS = int(os.environ.get("CORRIDOR_API_TOKEN_LIFETIME_DAYS", "90"))
API_TOKEN_MAX_LIFETIME_DAYS = 365

# Documents expiring within this many days are flagged on the worker page and the home page.
DOCUMENT_EXPIRY_WARNING_DAYS = int(os.environ.get("CORRIDOR_DOCUMENT_EXPIRY_WARNING_DAYS", "30"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CORRIDOR_LOG_LEVEL", "WARNING")},
}
