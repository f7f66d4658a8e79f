"""Weblate settings for the integration test (tests/test_weblate.py): Debian's PostgreSQL,
Celery tasks run eagerly in the calling process, local memory caches, everything else from
Weblate's own example settings."""

import os

from weblate.settings_example import *  # noqa: F403

DATA_DIR = os.environ["WEBLATE_DATA_DIR"]
CACHE_DIR = os.path.join(DATA_DIR, "cache")
MEDIA_ROOT = os.path.join(DATA_DIR, "media")
STATIC_ROOT = os.path.join(DATA_DIR, "static")
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("WEBLATE_DB", "weblate_trilingual"),
        "USER": os.environ.get("WEBLATE_DB_USER", "weblate"),
        "PASSWORD": os.environ.get("WEBLATE_DB_PASSWORD", "weblate"),
        "HOST": os.environ.get("WEBLATE_DB_HOST", "127.0.0.1"),
        "PORT": os.environ.get("WEBLATE_DB_PORT", "5432"),
    }
}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "avatar": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = None
SECRET_KEY = "trilingual-integration-test-only"  # a throwaway local instance
DEBUG = False
ALLOWED_HOSTS = ["*"]
SITE_DOMAIN = "localhost"
ENABLE_HTTPS = False
REQUIRE_LOGIN = False
COMPRESS_OFFLINE = False
DEFAULT_COMMITER_EMAIL = "weblate@example.org"
DEFAULT_COMMITER_NAME = "Weblate"
VCS_FILE_PROTOCOL = True  # the test's origin is a bare repository on the local disk
