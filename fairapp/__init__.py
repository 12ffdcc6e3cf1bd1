"""fairapp: the Hanoi handicraft gift fair and design contest, in one Flask app."""
import os

from flask import Flask, request
from flask_babel import get_locale

from config import CONFIGS


def create_app(config="development", overrides=None):
    app = Flask(__name__, instance_relative_config=True,
                instance_path=os.environ.get("FAIRAPP_INSTANCE") or None)
    config_class = CONFIGS[config] if isinstance(config, str) else config
    app.config.from_object(config_class)
    app.config.update(overrides or {})
    if hasattr(config_class, "check"):
        config_class.check(app.config)
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(app.instance_path, "fairapp.db")
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # A file on this host never drops a connection: pinging it costs a query per request.
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**app.config["SQLALCHEMY_ENGINE_OPTIONS"], "pool_pre_ping": False}

    # Vietnamese stays readable in JSON answers and in |tojson output (still HTML-safe).
    app.json.ensure_ascii = False
    if app.config.get("PROXY_FIX_X_FOR"):
        # Behind a reverse proxy the client's address is in X-Forwarded-For; login and
        # registration throttling count per address, so they must see the real one.
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_FIX_X_FOR"],
                                x_proto=app.config["PROXY_FIX_X_FOR"])
    register_extensions(app)
    register_blueprints(app)
    register_jobs(app)
    register_request_hooks(app)
    register_commands(app)
    return app


def register_extensions(app):
    from fairapp.core.db import configure_sqlite
    from fairapp.core.i18n import select_locale
    from fairapp.extensions import babel, csrf, db, login_manager, mail, migrate

    db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            configure_sqlite(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(os.path.dirname(__file__)), "migrations"))
    csrf.init_app(app)
    mail.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"

    from fairapp.core.auth.services import load_user

    login_manager.user_loader(load_user)


def register_blueprints(app):
    from fairapp.contest import api_bp as contest_api_bp
    from fairapp.contest import bp as contest_bp
    from fairapp.contest import verify_bp
    from fairapp.core.admin import bp as admin_bp
    from fairapp.core.auth import bp as auth_bp
    from fairapp.core.views import bp as core_bp
    from fairapp.exhibitors import api_bp as exhibitors_api_bp
    from fairapp.exhibitors import bp as exhibitors_bp
    from fairapp.visitors import bp as visitors_bp

    from fairapp.home import home_context
    from fairapp.landing import landing_url

    # The sign-in view sends each person to their own work; which page that is composes the areas.
    app.extensions["landing_page"] = landing_url
    # The public home page presents the fair with the areas' data (exhibitors, contest).
    app.extensions["home_page"] = home_context
    for blueprint in (core_bp, auth_bp, admin_bp, exhibitors_bp, exhibitors_api_bp, contest_bp, contest_api_bp,
                      verify_bp, visitors_bp):
        app.register_blueprint(blueprint)
    if app.config.get("DEV_MAILBOX"):
        # The development mailbox reads every mail the local catcher took: development only.
        from fairapp.core.devmail import bp as devmail_bp

        app.register_blueprint(devmail_bp)


def register_jobs(app):
    # After the blueprints: every module with a queue task or a timer has registered it by now.
    from fairapp.core import mail, throttle  # noqa: F401  (their tasks register with the queue)
    from fairapp.core.jobs import init_jobs

    init_jobs(app)


def register_request_hooks(app):
    from fairapp.core.access import enforce_access, template_helpers
    from fairapp.core.db import sqlite_write_intent
    from fairapp.core.errors import register_error_handlers
    from fairapp.core.forms import ActionForm, register_refused_forms
    from fairapp.core.i18n import register_template_filters
    from fairapp.core.labels import register_template_globals as register_label_globals
    from fairapp.core.mail_status import init_app as register_mail_status
    from fairapp.core.security import register_security_headers

    @app.before_request
    def mark_write_intent():
        # Reads (GET/HEAD) start deferred SQLite transactions; writes take the lock up front.
        view = app.view_functions.get(request.endpoint)
        reads_first = getattr(view, "reads_first", False)
        sqlite_write_intent.set(request.method not in ("GET", "HEAD", "OPTIONS") and not reads_first)

    @app.teardown_request
    def forget_write_intent(_exc):
        # Threads outlive requests (test clients, workers): nothing after this request inherits the flag.
        sqlite_write_intent.set(False)

    app.before_request(enforce_access)
    register_error_handlers(app)
    register_refused_forms(app)
    register_security_headers(app)
    register_template_filters(app)
    register_label_globals(app)  # status_label, action_label, object_label
    register_mail_status(app)
    app.context_processor(template_helpers)

    @app.context_processor
    def page_globals():
        return {"current_locale": str(get_locale()), "action_form": ActionForm()}


def register_commands(app):
    from fairapp.cli import fair_cli

    app.cli.add_command(fair_cli)
