"""Configuration classes, fed by the environment, chosen by create_app(config)."""
import os
from datetime import timedelta


def _bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# The fallback for development; production refuses it (compared with this, not with
# Config.SECRET_KEY, which holds the environment's key when one is set).
DEV_SECRET_KEY = "dev-only-not-secret"


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
    # None means "the SQLite file under instance/", filled in by create_app.
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    REDIS_URL = os.environ.get("REDIS_URL")
    # The address people reach the site at: links in mail sent by the worker or the CLI.
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    SQLITE_BUSY_TIMEOUT_MS = int(os.environ.get("SQLITE_BUSY_TIMEOUT_MS", "10000"))

    MAIL_SERVER = os.environ.get("MAIL_SERVER", "127.0.0.1")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "1025"))
    MAIL_USE_TLS = _bool("MAIL_USE_TLS")
    MAIL_USE_SSL = _bool("MAIL_USE_SSL")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_DEFAULT_SENDER = os.environ.get(
        "MAIL_DEFAULT_SENDER", "Hội chợ Quà tặng Hà Nội <no-reply@fairapp.local>"
    )
    # "inline": send right after the commit in the same process (one host, no
    # worker needed); "queue": hand the sending to the job worker.
    MAIL_DISPATCH = os.environ.get("MAIL_DISPATCH", "inline")
    MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "8"))
    # The development mailbox (/dev/mailbox): the pages that read what the local catcher
    # (`flask fair mail-catcher`, started by `make run`) took. Only DevelopmentConfig turns it on.
    DEV_MAILBOX = False
    DEV_MAILBOX_DIR = os.environ.get("DEV_MAILBOX_DIR")  # None: instance/mailbox
    # Flask-Mail silently drops every message when TESTING is on unless this is
    # set; our tests send to a real SMTP server, so say it explicitly.
    MAIL_SUPPRESS_SEND = _bool("MAIL_SUPPRESS_SEND")

    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    LANGUAGES = ("vi", "en")

    WTF_CSRF_TIME_LIMIT = None  # a form left open on a phone all morning still submits
    MAX_CONTENT_LENGTH = 64 * 1024 * 1024
    # One text field of a form in memory (Flask's default is 500 kB): a pasted megabyte is then
    # refused next to its field by the form's own maximum length, instead of as a bare 413 page.
    MAX_FORM_MEMORY_SIZE = 4 * 1024 * 1024
    REMEMBER_COOKIE_DURATION = timedelta(days=14)
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SAMESITE = "Lax"

    # Number of reverse proxies in front of the app (0: none). Set it when nginx or
    # Caddy terminates HTTPS, so that per-address limits see the visitor's address.
    PROXY_FIX_X_FOR = int(os.environ.get("PROXY_FIX_X_FOR", "0"))
    LOGIN_MAX_FAILURES_PER_ACCOUNT = 5
    LOGIN_MAX_FAILURES_PER_ADDRESS = 20
    LOGIN_THROTTLE_WINDOW = timedelta(minutes=15)
    # A kiosk or an office behind one address registers many people: generous, but bots stop.
    REGISTRATIONS_PER_ADDRESS = int(os.environ.get("REGISTRATIONS_PER_ADDRESS", "60"))
    TOKEN_MAX_AGE = timedelta(hours=48)
    # argon2id parameters (RFC 9106 second recommended option).
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 64 * 1024

    # Jobs: huey on SQLite under instance/ unless REDIS_URL names a server. A worker
    # and the web app must name the same queue (file or Redis, and HUEY_NAME).
    HUEY_FILENAME = os.environ.get("HUEY_FILENAME")
    HUEY_NAME = os.environ.get("HUEY_NAME", "fairapp")


class DevelopmentConfig(Config):
    DEBUG = False
    # Mail goes to the catcher `make run` starts on MAIL_SERVER:MAIL_PORT (127.0.0.1:1025 unless set);
    # every caught message is readable at /dev/mailbox.
    DEV_MAILBOX = True


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing-secret-key"
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 8 * 1024
    MAIL_MAX_ATTEMPTS = 3
    SQLITE_BUSY_TIMEOUT_MS = 30000


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_HTTPONLY = True
    PREFERRED_URL_SCHEME = "https"
    MAIL_DISPATCH = os.environ.get("MAIL_DISPATCH", "queue")

    @classmethod
    def check(cls, config):
        key = config.get("SECRET_KEY") or ""
        if key == DEV_SECRET_KEY or len(key) < 32:
            raise RuntimeError(
                "ProductionConfig needs SECRET_KEY: set it to a random value of at least 32 characters"
            )
        if config.get("DEV_MAILBOX"):
            raise RuntimeError("the development mailbox shows every caught mail: never in production")


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
