"""Django settings for nap_tracker, all read from the environment (see .env.example and README)."""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY (or DEBUG=true for local development)."
        )
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set. Set ALLOWED_HOSTS (comma-separated) or DEBUG=true."
    )
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served from STATIC_URL (no CDN)
    "simple_history",
    "axes",
    "organizations",
    "plans",
    "indicators",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy on every response (see below).
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A database out of reach answers 503 with Retry-After, an unread body 400 (decision 50).
    "nap_tracker.errors.ServiceErrorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records the signed-in user on history rows written during a request.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "nap_tracker.urls"
WSGI_APPLICATION = "nap_tracker.wsgi.application"

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
            ],
        },
    },
]

# Database: DATABASE_URL when set, otherwise the embedded PostgreSQL (never SQLite).
if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db_url("DATABASE_URL")}
else:
    from nap_tracker.embedded_db import embedded_database

    DATABASES = {
        "default": embedded_database(Path(env.str("PGDATA_DIR", "") or BASE_DIR / ".pgdata"))
    }
# Persistent connections in production, checked before reuse: a database restart costs
# no failed request (decision 52). With DEBUG, one connection per request as before.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if DEBUG else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A database host that does not answer (rather than refusing) fails a request in 5 s, not
# after minutes of TCP retries holding a gunicorn thread; DATABASE_URL may say otherwise
# (?connect_timeout=10).
DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds the API's throttle counters and Last-Modified times, so every gunicorn
# worker must see the same one: Redis when REDIS_URL is set, else a table of the database
# (created by `manage.py createcachetable`, which `make migrate` runs). Never per-process
# memory, not even with DEBUG, so development behaves as production (decision 57).
REDIS_URL = env.str("REDIS_URL", default="")
DATABASE_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "nap_tracker_cache",
    # One row per throttled client and per representation served; culled beyond this.
    "OPTIONS": {"MAX_ENTRIES": 20000},
}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "nap_tracker",
        }
    }
else:
    CACHES = {"default": DATABASE_CACHE}

AUTH_USER_MODEL = "organizations.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# History rows carry the reason of a workflow step (return, reopen) in full.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# django-axes checks every sign-in (site form and admin) before Django's own backend.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# After AXES_FAILURE_LIMIT failed sign-ins for one username from one address, that
# combination is locked out for AXES_COOLOFF_MINUTES; a successful sign-in resets the count.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.float("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", "") or BASE_DIR / "media")

# Password-reset mail: printed to the console in development, SMTP from env in production.
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="nap-tracker@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where people write to contest a published result (shown on the methodology page).
CONTACT_EMAIL = env.str("CONTACT_EMAIL", default="contact@nap-tracker.example.org")
# The public address and name of the site, written into dataset releases (their links and
# citations) when one is cut, with or without a request (decision 108).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env.str("SITE_NAME", default="nap_tracker")

# Uploaded plan documents: PDF only, at most this many megabytes.
PLAN_DOCUMENT_MAX_MB = env.int("PLAN_DOCUMENT_MAX_MB", default=20)
# The assessment form has some 500 fields (eleven indicators, evidence per value, local rows).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 3000

REST_FRAMEWORK = {
    "DEFAULT_PAGINATION_CLASS": "nap_tracker.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # 405 for a method an endpoint lacks, before 403 for an anonymous write (decision 49).
    "DEFAULT_PERMISSION_CLASSES": [
        "nap_tracker.permissions.ReadOnlyOrAuthenticated",
        # A read-only API token reads only (decision 70).
        "organizations.tokens.TokenScope",
    ],
    # API tokens (Token or Bearer; 401 with WWW-Authenticate when bad), then the browser's
    # session with CSRF. No Basic authentication: passwords stay behind the sign-in lockout.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "organizations.tokens.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "nap_tracker.parsers.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_SCHEMA_CLASS": "nap_tracker.openapi.AutoSchema",
    # Requests per client per period, counted in the shared cache (decision 57): anonymous
    # callers by address, signed-in users (session or token) by account.
    "DEFAULT_THROTTLE_CLASSES": [
        "nap_tracker.throttling.AnonRateThrottle",
        "nap_tracker.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="120/min"),
        "user": env.str("API_THROTTLE_USER", default="600/min"),
    },
    # Proxies in front (nginx) append the client's address to X-Forwarded-For: the
    # throttle counts the last one the proxy added, not one a client made up.
    "NUM_PROXIES": env.int("API_NUM_PROXIES", default=0),
    # DRF's, with a 429 message in one translatable sentence (nap_tracker.errors).
    "EXCEPTION_HANDLER": "nap_tracker.errors.api_exception_handler",
}

# The OpenAPI schema at /api/schema/ and Swagger UI at /api/docs/ (nap_tracker/api_docs.py).
SPECTACULAR_SETTINGS = {
    "TITLE": "nap_tracker API",
    "VERSION": "1.0.0",
    "DESCRIPTION": (
        "JSON API of nap_tracker: countries with their national action plans on "
        "UNSCR 1325 and their latest validated Women Count scores, the eleven indicators, and "
        "a public score preview that scores any set of inputs without storing them.\n\n"
        "Partner organizations' editors also create, fill and submit draft assessments "
        "(`POST /api/v1/assessments/`, `PATCH`, `PUT …/values/`, `POST …/submit/`) with an "
        "API token made at `/accounts/tokens/` (`Authorization: Bearer <token>`, scope "
        "`read_write`), under the rules and messages of the entry pages; each write sends "
        "the `version` it read and a stale one answers `409`.\n\n"
        "Every score is computed by the method described at [/methodology/](/methodology/) "
        "(GNWP's Women Count indicators, methodology version 1.0); the score preview lets "
        "anyone reproduce a published score from its inputs. Only validated assessments are "
        "public. Data marked `is_sample` is sample data, not a real assessment.\n\n"
        "Lists are paginated (`page`, `page_size` up to 250). Errors are JSON: `400` carries "
        "messages keyed by the parameter or field at fault, `404` a `detail` message.\n\n"
        "Every list also answers `?format=csv` (or `Accept: text/csv`) with the whole filtered "
        "list in one streamed CSV, the JSON's columns with nested objects as dotted names; the "
        "assessment list also `?format=xlsx`. `/api/v1/download/` answers a ZIP of every "
        "published list as CSV with a README for citation.\n\n"
        "Dataset releases (`/api/v1/releases/`, pages at [/releases/](/releases/)) are "
        "frozen, citable copies of everything published when they were cut: add "
        "`?release=<version>` (`2027.1`) to a list of the download archive or one of its "
        "items to get it exactly as at that release."
    ),
    "LICENSE": {"name": "MIT", "url": "https://opensource.org/license/mit"},
    "CONTACT": {"email": CONTACT_EMAIL},
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI and its favicon from drf-spectacular-sidecar's static files, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name per choice set shared by several fields (drf-spectacular warns otherwise).
    "ENUM_NAME_OVERRIDES": {
        "PlanStatusEnum": "plans.models.NationalActionPlan.Status",
        "ScoreStatusEnum": "indicators.models.ScoreStatus",
        "ChecklistAnswerEnum": "indicators.api.schema.CHECKLIST_ANSWERS",
        "AssessmentStatusEnum": "indicators.models.Assessment.Status",
        "ValueLevelEnum": "indicators.models.IndicatorValue.Level",
        "ScoreLevelEnum": "indicators.api.schema.SCORE_ROW_LEVELS",
        "ScoreRowStatusEnum": "indicators.api.schema.SCORE_ROW_STATUSES",
        "RightOfReplyStatusEnum": "indicators.right_of_reply.STATUS_CHOICES",
    },
    "SWAGGER_UI_SETTINGS": {
        # No badge fetched from the public validator: nothing from another origin.
        "validatorUrl": None,
        "deepLinking": True,
        "displayOperationId": False,
        "defaultModelsExpandDepth": 0,
        "tryItOutEnabled": False,
    },
}

# Security: safe defaults in production; relaxed only by DEBUG or explicit env.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Load-balancer probes speak plain HTTP to the process (nap_tracker.health).
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# Database sessions whose keys are checked before any query (nap_tracker.sessions).
SESSION_ENGINE = "nap_tracker.sessions"
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Everything the pages use comes from this origin: styles and scripts are files in static/
# (no inline script, no style attribute), charts and the map are inline SVG, fonts are the
# system's. The browser test fails on any violation of this policy.
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
# No page needs a device or a powerful browser feature: switch them all off.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # pgserver logs every process exit, django-axes every sign-in, at INFO; warnings matter.
    "loggers": {"pgserver": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
