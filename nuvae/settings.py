"""Django settings for Nuvae.

This is the only module that reads the environment. Every variable is parsed into a
typed value here and a bad value stops start-up with a message naming the variable.
`.env.example` lists each one with its default; docs/CONFIGURATION.md explains them.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


# --- typed environment parsing -------------------------------------------------------

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _load_dotenv(path: Path) -> None:
    """Read KEY=VALUE lines from a local .env without overriding the real environment."""
    if not path.is_file():
        return
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        key = key.strip().removeprefix("export ").strip()
        value = value.strip().strip('"').strip("'")
        os.environ.setdefault(key, value)


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip()


def env_required(name: str, why: str) -> str:
    value = env_str(name)
    if value is None:
        raise ImproperlyConfigured(f"{name} must be set: {why}")
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false/1/0), got {value!r}")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = env_str(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {number}")
    return number


def env_float(name: str, default: float, *, minimum: float | None = None, maximum: float | None = None) -> float:
    value = env_str(name)
    if value is None:
        return default
    try:
        number = float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, got {value!r}") from None
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise ImproperlyConfigured(f"{name} must be between {minimum} and {maximum}, got {number}")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = env_str(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: set[str]) -> str:
    value = (env_str(name, default) or default).lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {sorted(choices)}, got {value!r}")
    return value


def env_url(name: str, schemes: set[str]) -> str | None:
    value = env_str(name)
    if value is None:
        return None
    parsed = urlparse(value)
    if parsed.scheme not in schemes or not (parsed.hostname or parsed.path):
        raise ImproperlyConfigured(f"{name} must be a URL with scheme {sorted(schemes)}, got {value!r}")
    return value


_load_dotenv(BASE_DIR / ".env")


def use_as_default() -> None:
    """Name this module as Django's settings unless the environment names another: the ASGI
    and Celery entry points call it, so that the environment is read here only (manage.py,
    Django's own, sets the same default before any of this is imported)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", __name__)


DEBUG = env_bool("DEBUG", False)
ENVIRONMENT = env_choice("NUVAE_ENV", "development" if DEBUG else "production",
                         {"development", "test", "staging", "production"})

# Development and test run on a laptop or CI with no secrets; staging and production
# refuse to start without real ones and turn on every transport-security setting.
IS_DEPLOYED = ENVIRONMENT in {"staging", "production"}

if IS_DEPLOYED:
    SECRET_KEY = env_required("SECRET_KEY", "it signs sessions and tokens; it is required outside development/test")
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters with at least 5 distinct ones")
else:
    SECRET_KEY = env_str("SECRET_KEY", f"insecure-{ENVIRONMENT}-key-never-use-when-deployed-0123456789") or ""

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if IS_DEPLOYED else ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
for _origin in CSRF_TRUSTED_ORIGINS:
    if not _origin.startswith(("http://", "https://")):
        raise ImproperlyConfigured(f"CSRF_TRUSTED_ORIGINS entries need a scheme, got {_origin!r}")

NUVAE_VERSION = "0.1.0"

# --- applications ---------------------------------------------------------------------

INSTALLED_APPS = [
    "daphne",
    "unfold",
    "unfold.contrib.filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "django_celery_beat",
    "clinics",
    "scheduling",
    "contracts",
    "claims",
    "appeals",
    "fhir_sync",
    "chat",
    "demo",
]

MIDDLEWARE = [
    "nuvae.lib.context.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "nuvae.urls"
WSGI_APPLICATION = None
ASGI_APPLICATION = "nuvae.asgi.application"

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

# --- database -------------------------------------------------------------------------

VAR_DIR = Path(env_str("NUVAE_VAR_DIR", str(BASE_DIR / "var")) or BASE_DIR / "var")
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'nuvae.sqlite3'}") or ""
if not DATABASE_URL.startswith(("sqlite://", "postgres://", "postgresql://")):
    raise ImproperlyConfigured(f"DATABASE_URL must be a sqlite:// or postgres:// URL, got {DATABASE_URL!r}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60, minimum=0))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # SQLite serialises writers; wait for the lock instead of failing at once.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Fail fast when the database is unreachable instead of hanging a request (or /health/ready).
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env_int("DB_CONNECT_TIMEOUT", 5, minimum=1)
# Named outright on PostgreSQL (Django's own default, "test_" + the name): a test server
# forked after the test database exists (channels' live server) would otherwise prefix the
# already-switched name a second time. SQLite keeps Django's default, an in-memory database.
_default_test_name = "" if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" else (
    "test_" + str(DATABASES["default"]["NAME"])
)
DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME", _default_test_name)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache, rate limits, channel layer, Celery broker --------------------------

REDIS_URL = env_url("REDIS_URL", {"redis", "rediss", "unix"})
CACHE_KEY_PREFIX = env_str("CACHE_KEY_PREFIX", "nuvae") or "nuvae"

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "nuvae.lib.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "TIMEOUT": 300,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": f"{CACHE_KEY_PREFIX}:asgi"},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "nuvae"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# --- Celery ---------------------------------------------------------------------------

CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL) or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", CELERY_BROKER_URL == "memory://")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# --- auth, i18n, time -----------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
if ENVIRONMENT == "test":
    # Hashing cost protects stored passwords; test users have throwaway ones.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- static and media files -----------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")) or VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")) or VAR_DIR / "media")
# X12 files dropped in <EDI_INBOX_DIR>/<clinic slug>/ are imported by a beat job; empty: off.
EDI_INBOX_DIR = env_str("EDI_INBOX_DIR", "") or ""
# After an 837 is imported, a task checks it against its implementation guide with pyx12
# and writes the 999; it never changes the import. Staff can still run it from the admin.
EDI_VALIDATE_837 = env_bool("EDI_VALIDATE_837", True)
# pyx12 reads a few thousand segments a second: a larger file stops here, "validator failed".
EDI_VALIDATION_SECONDS = env_int("EDI_VALIDATION_SECONDS", 120, minimum=1)

if not IS_DEPLOYED:
    # Serve app and library static files straight from their folders (no collectstatic)
    # on a laptop and in tests; deployments collect them and serve compressed copies.
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = True
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

STORAGE_BACKEND = env_choice("STORAGE_BACKEND", "local", {"local", "s3", "azure"})
if STORAGE_BACKEND == "s3":
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_required("AWS_STORAGE_BUCKET_NAME", "STORAGE_BACKEND=s3 needs a bucket"),
            "region_name": env_str("AWS_S3_REGION_NAME"),
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL"),
            "access_key": env_str("AWS_ACCESS_KEY_ID"),
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY"),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif STORAGE_BACKEND == "azure":
    _default_storage = {
        "BACKEND": "storages.backends.azure_storage.AzureStorage",
        "OPTIONS": {
            "azure_container": env_required("AZURE_CONTAINER", "STORAGE_BACKEND=azure needs a container"),
            "connection_string": env_required(
                "AZURE_CONNECTION_STRING", "STORAGE_BACKEND=azure needs a connection string"
            ),
            "overwrite_files": False,
        },
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if IS_DEPLOYED
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- security -------------------------------------------------------------------------

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", True) else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", IS_DEPLOYED)
SECURE_REDIRECT_EXEMPT = [r"^health(/.*)?$"]
SESSION_COOKIE_SECURE = IS_DEPLOYED
CSRF_COOKIE_SECURE = IS_DEPLOYED
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600, minimum=300)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if IS_DEPLOYED else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = IS_DEPLOYED
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", IS_DEPLOYED)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 10 * 1024 * 1024, minimum=1024)

# --- REST API -------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["clinics.api.auth.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["clinics.api.auth.HasClinicApiKey"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "clinics.api.pagination.CreatedCursorPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "nuvae.lib.problems.drf_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
    "DATETIME_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": True,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Nuvae clinic API",
    "DESCRIPTION": (
        "The clinic REST API. Authenticate with `Authorization: Bearer ar_live_…` or `X-API-Key`. "
        "Errors are RFC 9457 problem+json; POST accepts an `Idempotency-Key`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "APPEND_COMPONENTS": {
        "securitySchemes": {
            "ApiKeyBearer": {"type": "http", "scheme": "bearer", "description": "ar_live_… or ar_test_…"},
            "ApiKeyHeader": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
        }
    },
    "SECURITY": [{"ApiKeyBearer": []}, {"ApiKeyHeader": []}],
    # Several resources have a `status`; name each choice set after its model.
    "ENUM_NAME_OVERRIDES": {
        "ClinicStatusEnum": "clinics.models.Clinic.Status",
        "ProviderStatusEnum": "clinics.models.Provider.Status",
        "AppointmentStatusEnum": "scheduling.models.Appointment.Status",
        "AppointmentMilestoneEnum": "scheduling.api.serializers.MILESTONE_CHOICES",
        "ClaimStatusEnum": "claims.models.Claim.Status",
        "DenialStatusEnum": "claims.models.Denial.Status",
        "EdiFileStatusEnum": "claims.models.EdiFile.Status",
        "EdiFileKindEnum": "claims.models.EdiFile.Kind",
        "JobStatusEnum": "claims.models.Job.Status",
        "JobKindEnum": "claims.models.Job.Kind",
    },
}

API_KEY_CACHE_SECONDS = env_int("API_KEY_CACHE_SECONDS", 60, minimum=0)
IDEMPOTENCY_TTL_HOURS = env_int("IDEMPOTENCY_TTL_HOURS", 24, minimum=1)
RATE_LIMIT_ENABLED = env_bool("RATE_LIMIT_ENABLED", True)
RATE_LIMIT_WINDOW_SECONDS = env_int("RATE_LIMIT_WINDOW_SECONDS", 60, minimum=1)

# --- chat widget ----------------------------------------------------------------------

# Tickets from POST /widget/session per widget key and client address in a sliding window
# (shared in Redis like the API's limits). 0 turns the limit off.
WIDGET_SESSION_RATE_LIMIT = env_int("WIDGET_SESSION_RATE_LIMIT", 30, minimum=0)
WIDGET_SESSION_RATE_LIMIT_WINDOW_SECONDS = env_int("WIDGET_SESSION_RATE_LIMIT_WINDOW_SECONDS", 60, minimum=1)

# --- FHIR webhook -------------------------------------------------------------------------

# Bundles with more entries than this are answered 202 and ingested by a Celery task.
FHIR_ASYNC_ENTRY_THRESHOLD = env_int("FHIR_ASYNC_ENTRY_THRESHOLD", 1000, minimum=1)

# --- language models ------------------------------------------------------------------

# none: the deterministic engines answer everything. Patient text reaches a model only
# through nuvae.lib.llm, redacted and fenced by the safety pipeline.
LLM_PROVIDER = env_choice("LLM_PROVIDER", "none", {"none", "anthropic", "openai", "azure_openai"})
_LLM_DEFAULT_MODELS = {
    "anthropic": ("claude-haiku-4-5", "claude-sonnet-4-5"),
    "openai": ("gpt-4.1-mini", "gpt-4.1"),
    # Azure has no default: the model names are the resource's own deployment names.
    "azure_openai": ("", ""),
    "none": ("", ""),
}[LLM_PROVIDER]
ANTHROPIC_API_KEY = env_str("ANTHROPIC_API_KEY")
OPENAI_API_KEY = env_str("OPENAI_API_KEY")
AZURE_OPENAI_API_KEY = env_str("AZURE_OPENAI_API_KEY")
AZURE_OPENAI_ENDPOINT = env_url("AZURE_OPENAI_ENDPOINT", {"https", "http"})
AZURE_OPENAI_API_VERSION = env_str("AZURE_OPENAI_API_VERSION", "2024-10-21") or "2024-10-21"
LLM_INTENT_MODEL = env_str("LLM_INTENT_MODEL", _LLM_DEFAULT_MODELS[0]) or ""
LLM_FALLBACK_MODEL = env_str("LLM_FALLBACK_MODEL", _LLM_DEFAULT_MODELS[1]) or ""
LLM_CONFIDENCE_THRESHOLD = env_float("LLM_CONFIDENCE_THRESHOLD", 0.7, minimum=0.0, maximum=1.0)
LLM_TIMEOUT_SECONDS = env_float("LLM_TIMEOUT_SECONDS", 8.0, minimum=0.5, maximum=120.0)
if LLM_PROVIDER == "anthropic":
    ANTHROPIC_API_KEY = env_required("ANTHROPIC_API_KEY", "LLM_PROVIDER=anthropic needs an API key")
elif LLM_PROVIDER == "openai":
    OPENAI_API_KEY = env_required("OPENAI_API_KEY", "LLM_PROVIDER=openai needs an API key")
elif LLM_PROVIDER == "azure_openai":
    AZURE_OPENAI_API_KEY = env_required("AZURE_OPENAI_API_KEY", "LLM_PROVIDER=azure_openai needs an API key")
    AZURE_OPENAI_ENDPOINT = env_required(
        "AZURE_OPENAI_ENDPOINT",
        "LLM_PROVIDER=azure_openai needs the resource endpoint (https://<name>.openai.azure.com)",
    )
    LLM_INTENT_MODEL = env_required("LLM_INTENT_MODEL", "LLM_PROVIDER=azure_openai needs a deployment name")
    LLM_FALLBACK_MODEL = env_str("LLM_FALLBACK_MODEL", LLM_INTENT_MODEL) or LLM_INTENT_MODEL

# --- serving ----------------------------------------------------------------------------

# HTTP requests one ASGI process runs at once; the rest wait in its event loop (no thread,
# no database connection). Two keep a deterministic receptionist's turns fast under load
# (bench/chat.py); with a language model a turn mostly waits on the network, so more.
# 0: no cap.
HTTP_CONCURRENCY = env_int("HTTP_CONCURRENCY", 2 if LLM_PROVIDER == "none" else 16, minimum=0)
# Under ASGI every request runs its sync code on a fresh thread, so a per-thread persistent
# connection is never reused: without a pool each request opens (and PostgreSQL forks) a
# new connection. The process-wide psycopg pool hands one out per request instead; it must
# cover the HTTP cap plus the websocket consumers' executor (up to 6). 0 turns it off, and
# DB_CONN_MAX_AGE applies again.
DB_POOL_MAX_SIZE = env_int("DB_POOL_MAX_SIZE", max(10, HTTP_CONCURRENCY + 8), minimum=0)
if DB_POOL_MAX_SIZE and DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # Django requires it with a pool
    DATABASES["default"]["OPTIONS"]["pool"] = {
        "min_size": min(2, DB_POOL_MAX_SIZE),
        "max_size": DB_POOL_MAX_SIZE,
        "timeout": DATABASES["default"]["OPTIONS"]["connect_timeout"],
    }

# --- admin theme ----------------------------------------------------------------------

UNFOLD = {
    "SITE_TITLE": "Nuvae",
    "SITE_HEADER": "Nuvae",
    "SITE_SYMBOL": "local_hospital",
    "SHOW_HISTORY": True,
    "SHOW_VIEW_ON_SITE": False,
    "ENVIRONMENT": "nuvae.admin_site.environment_badge",
    "DASHBOARD_CALLBACK": "nuvae.admin_site.dashboard",
    "SIDEBAR": {
        "show_search": True,
        "show_all_applications": True,
        "navigation": "nuvae.admin_site.sidebar_navigation",
    },
}

# --- logging --------------------------------------------------------------------------

LOG_LEVEL = env_choice("LOG_LEVEL", "info", {"debug", "info", "warning", "error"}).upper()
LOG_FORMAT = env_choice("LOG_FORMAT", "json" if IS_DEPLOYED else "text", {"text", "json"})
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_context": {"()": "nuvae.lib.logging.RequestContextFilter"},
        "drop_query_string": {"()": "nuvae.lib.logging.DropQueryStringFilter"},
    },
    "formatters": {
        "json": {"()": "nuvae.lib.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_context"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Request bodies and query strings can carry PHI: never log them at debug level.
        "django.request": {"level": "WARNING"},
        "daphne": {"level": "WARNING"},
        "django.channels.server": {"filters": ["drop_query_string"]},
        # pyx12 logs every finding at ERROR with the offending value (a name, a member id):
        # PHI. The findings are stored on the file (claims.edi.validation) instead.
        "pyx12": {"level": "CRITICAL"},
    },
}
