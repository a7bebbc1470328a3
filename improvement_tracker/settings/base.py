"""Settings shared by every environment. Deployment values come from the environment only."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_filters",
    "import_export",
    "crispy_forms",
    "crispy_forms_gds",
    "axes",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "councils",
    "plans",
    "actions",
    "reports",
    "imports",
    "jobs",
    "rounds",
    "plan_editor",
    "audit",
    "evidence",
    "api",
    "statutory",
    "council_data",
    "demo",
    # Councils' own OpenID Connect providers, one allauth app each (accounts/oidc.py).
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "accounts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "improvement_tracker.middleware.DatabaseUnavailableMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SecondFactorRequiredMiddleware",
    "accounts.council_rules.CouncilRulesMiddleware",
    "jobs.middleware.TooManyJobsWaitingMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "improvement_tracker.urls"
WSGI_APPLICATION = "improvement_tracker.wsgi.application"

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
                "councils.context_processors.current_council",
            ],
        },
    },
]

# SQLite is the embedded default; DATABASE_URL (postgres://...) selects a real server.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several officers save at once: readers never wait for writers (WAL), and a writer waits
    # its turn for the lock instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Stored files (finished reports, uploads waiting to be imported) go through Django's storage
# API: a folder by default, or an S3-compatible bucket (install `.[s3]`) when a bucket is named.
# They are never served from a public address: every download goes through a view that checks
# who is asking.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# Long work runs on the task queue (django-tasks), kept in the database: SQLite here, and on
# PostgreSQL workers on any number of machines share it (SELECT ... FOR UPDATE SKIP LOCKED).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# A running job writes its progress and a heartbeat this often; one silent for JOB_STALE_SECONDS
# lost its worker and is retried once (if safe to repeat) or failed.
JOB_HEARTBEAT_SECONDS = float(os.environ.get("JOB_HEARTBEAT_SECONDS", 1))
JOB_STALE_SECONDS = int(os.environ.get("JOB_STALE_SECONDS", 60))
# One person may have this many jobs waiting for a worker at once; asking for more says so.
JOBS_WAITING_PER_PERSON = int(os.environ.get("JOBS_WAITING_PER_PERSON", 3))
# Finished reports and exports are kept this long, then removed by the schedule.
JOB_RESULT_DAYS = int(os.environ.get("JOB_RESULT_DAYS", 7))
# Uploaded spreadsheets wait this long for their import to be confirmed.
IMPORT_UPLOAD_HOURS = int(os.environ.get("IMPORT_UPLOAD_HOURS", 24))
# Previews of files with more rows than this run on the queue; every confirm does.
IMPORT_BACKGROUND_ROWS = int(os.environ.get("IMPORT_BACKGROUND_ROWS", 2000))
# Plans with more actions than this are exported on the queue.
EXPORT_BACKGROUND_ACTIONS = int(os.environ.get("EXPORT_BACKGROUND_ACTIONS", 1000))

# Email: GOV.UK Notify when GOVUK_NOTIFY_API_KEY is set (its template needs ((subject)) and
# ((body)) only), SMTP when EMAIL_HOST is, otherwise printed on the console.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Improvement Tracker <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
GOVUK_NOTIFY_API_KEY = os.environ.get("GOVUK_NOTIFY_API_KEY", "")
GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID = os.environ.get("GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID", "")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 587 if EMAIL_HOST else 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "true" if EMAIL_HOST else "").lower() == "true"
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", 30))
if GOVUK_NOTIFY_API_KEY:
    EMAIL_BACKEND = "django_gov_notify.backends.NotifyEmailBackend"
elif EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Links in emails start with this (the address staff reach the site at).
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000").rstrip("/")
# The public transparency pages are cached this long (a publication clears them at once).
PUBLIC_PAGE_SECONDS = int(os.environ.get("PUBLIC_PAGE_SECONDS", 300))

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Single sign-on through each council's provider (accounts/sso_adapter.py says who gets in). No
# one signs up, allauth's own pages are not served, and the ID token is always checked.
SOCIALACCOUNT_ADAPTER = "accounts.sso_adapter.CouncilSocialAccountAdapter"
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "provider_class": "accounts.oidc.CouncilProvider",
        "OAUTH_PKCE_ENABLED": True,
    }
}
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10
ACCOUNT_EMAIL_VERIFICATION = "none"
SIGN_IN_REFUSAL_DAYS = int(os.environ.get("SIGN_IN_REFUSAL_DAYS", 90))
SIGN_IN_REFUSALS_RECORDED_PER_HOUR = 30

# A second factor (an authenticator app) for password sign-ins of these roles: any of viewer,
# officer, coordinator and admin (site administrators). The demo (`make run`) asks none.
MFA_REQUIRED_FOR = os.environ.get("MFA_REQUIRED_FOR", "")
OTP_TOTP_ISSUER = "Improvement Tracker"
# Changing the second factor needs the password or a code given within this many minutes.
IDENTITY_CONFIRM_MINUTES = int(os.environ.get("IDENTITY_CONFIRM_MINUTES", 10))

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# Demo users have public passwords: only development and test settings allow loading them.
DEMO_DATA_ALLOWED = False

# A committee annex render is stopped past these, and the person asked to print less at once.
REPORT_RENDER_SECONDS = int(os.environ.get("REPORT_RENDER_SECONDS", 180))
REPORT_RENDER_MEMORY_MB = int(os.environ.get("REPORT_RENDER_MEMORY_MB", 1024))

# Sessions: a working day, HTTP-only cookies, a new session key at every sign-in (Django's
# login() does that) and every other session ended when a password changes (the session's
# auth hash no longer matches).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 8 * 60 * 60))
SESSION_COOKIE_HTTPONLY = True
# A form's own fields (files apart) come to at most 1 MB: a full progress update is a quarter of
# that. Larger bodies are refused with 400 before anything reads them.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000_000
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Content-Security-Policy: the product's own scripts, styles and images only; no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Sign-in throttling: lock a username at one address after repeated failures, never a whole
# account or a whole address, so nobody can lock everyone else out.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# How many proxies in front add X-Forwarded-For: the client's address is read behind them
# (improvement_tracker/network.py), for lockouts and every other count by address.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", 0))
AXES_CLIENT_IP_CALLABLE = "core.network.client_address"

# Audit trail (django-simple-history): a change reason may name a long file; nobody reverts an
# object from its history page, as that would sidestep the checks the forms and services make.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
SIMPLE_HISTORY_REVERT_DISABLED = True

# Evidence files on progress updates.
EVIDENCE_MAX_BYTES = int(os.environ.get("EVIDENCE_MAX_BYTES", 20 * 10**6))
EVIDENCE_MAX_FILES = int(os.environ.get("EVIDENCE_MAX_FILES", 5))

# The read API: requests a token may make (django-ninja's rate format: "120/min").
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "120/min")
# Files chosen for an update that is never saved are removed after this many days.
EVIDENCE_HOLD_DAYS = int(os.environ.get("EVIDENCE_HOLD_DAYS", 14))

# Who runs this deployment, for the accessibility statement, privacy notice and cookies page.
SERVICE_OPERATOR = os.environ.get("SERVICE_OPERATOR", "the organisation that runs this service")
SERVICE_CONTACT_EMAIL = os.environ.get("SERVICE_CONTACT_EMAIL", "improvement-tracker@localhost")
DATA_PROTECTION_EMAIL = os.environ.get("DATA_PROTECTION_EMAIL", SERVICE_CONTACT_EMAIL)
ACCESSIBILITY_STATEMENT_DATE = os.environ.get("ACCESSIBILITY_STATEMENT_DATE", "2 December 2026")
