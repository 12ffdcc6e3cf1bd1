"""Fixtures for every test: a real database (SQLite file, or PostgreSQL when DATABASE_URL
names one), a real SMTP server on loopback, the app, a client and sign-in helpers."""
import email
import email.policy
import os
import re
import socket
import subprocess
import sys
import threading
import uuid

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import create_engine, text

from flask import Flask
from flask.testing import FlaskClient

from fairapp import create_app
from fairapp.extensions import db

PASSWORD = "mat-khau-rat-dai-2026"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def pytest_configure(config):
    # Tests read the catalogues as they are in the working tree, never a stale .mo.
    subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "translations.py"), "compile"], check=True)


class ServerLikeClient(FlaskClient):
    """Reads every answer to its end, as a WSGI server does: a streamed download then finishes
    inside its own request instead of when the garbage collector meets it during another one."""

    def open(self, *args, buffered=True, **kwargs):
        return super().open(*args, buffered=buffered, **kwargs)


Flask.test_client_class = ServerLikeClient


# Bounds on waits for something to start or arrive: generous, so that a machine busy with
# other work only makes them slower; they exist to end a hang, never to measure speed.
START_SECONDS = 120
ARRIVE_SECONDS = 60

_reserved_ports = []  # sockets holding the ports free_port() handed out, until the session ends


def free_port():
    """A loopback port that stays this caller's for the whole session.

    Picking a port and closing the socket leaves a window in which the kernel gives the same
    port to another bind(0) or outgoing connection (of this suite, or of a second suite beside
    it). So the port stays bound here, with SO_REUSEADDR and never listening: connections to it
    are refused, the kernel hands it to nobody else, and a server that sets SO_REUSEADDR itself
    (aiosmtpd, werkzeug and gunicorn do) binds it, and binds it again after a restart."""
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    _reserved_ports.append(s)
    return s.getsockname()[1]


def pytest_unconfigure(config):
    while _reserved_ports:
        _reserved_ports.pop().close()


@pytest.fixture(scope="session", autouse=True)
def instance_folder(tmp_path_factory):
    """Every app this session makes, in process or in a subprocess (scripts, CLI, gunicorn),
    keeps its instance files (huey.db, …) in a folder of its own, never in the working tree's
    instance/, which a second suite or a developer's `make run` uses at the same time."""
    folder = tmp_path_factory.mktemp("instance")
    os.environ["FAIRAPP_INSTANCE"] = str(folder)
    return folder


# ---------------------------------------------------------------- database


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """One database for the session, built by the Alembic migrations; tests empty it after use."""
    os.environ["FAIRAPP_INSTANCE"] = str(tmp_path_factory.mktemp("instance"))
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgresql"):
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        name = f"fairapp_test_{uuid.uuid4().hex[:10]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        test_url = url.rsplit("/", 1)[0] + "/" + name
    else:
        admin = None
        test_url = "sqlite:///" + str(tmp_path_factory.mktemp("db") / "fairapp-test.db")
    _migrate(test_url)
    yield test_url
    if admin is not None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def _migrate(url):
    from flask_migrate import upgrade

    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade(revision="heads")  # parallel branches of work may each add a head until merged
        db.engine.dispose()


def empty_database(app):
    with app.app_context():
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        # DELETE in reverse dependency order: TRUNCATE … CASCADE of every table
        # costs about a second per test on PostgreSQL, DELETE a hundredth of that.
        with db.engine.begin() as conn:
            for table in tables:
                conn.execute(text(f'DELETE FROM "{table}"'))


# ---------------------------------------------------------------- mail


class Mailbox:
    """Messages that arrived at the loopback SMTP server, parsed."""

    def __init__(self):
        self.messages = []
        self.arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        with self.arrived:
            self.messages.append(message)
            self.arrived.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, count=1, timeout=ARRIVE_SECONDS):
        """Wait until `count` messages have arrived; fail when they have not after `timeout` s."""
        with self.arrived:
            arrived = self.arrived.wait_for(lambda: len(self.messages) >= count, timeout)
            assert arrived, (f"{len(self.messages)} of {count} messages arrived within {timeout} s: "
                             f"{[m['To'] for m in self.messages]}")
        return self.messages

    def to(self, address):
        return [m for m in self.messages if address in m["To"]]

    @staticmethod
    def text_of(message):
        return message.get_body(preferencelist=("plain",)).get_content()

    @staticmethod
    def html_of(message):
        return message.get_body(preferencelist=("html",)).get_content()

    def link_in(self, message, pattern):
        match = re.search(pattern, self.text_of(message))
        assert match, f"no link matching {pattern!r} in:\n{self.text_of(message)}"
        return match.group(0)


@pytest.fixture(scope="session")
def smtp_server():
    mailbox = Mailbox()
    port = free_port()
    # aiosmtpd gives its thread 5 s to start unless told otherwise: too short on a busy machine.
    controller = Controller(mailbox, hostname="127.0.0.1", port=port, ready_timeout=START_SECONDS)
    controller.start()
    yield mailbox, port
    controller.stop()


@pytest.fixture
def mailbox(smtp_server):
    box, _port = smtp_server
    box.messages.clear()
    return box


# ---------------------------------------------------------------- app


@pytest.fixture
def app_overrides():
    """Tests override config by redefining this fixture."""
    return {}


@pytest.fixture
def app(database_url, smtp_server, tmp_path, app_overrides):
    _box, port = smtp_server
    config = {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "MAIL_PORT": port,
        "HUEY_FILENAME": str(tmp_path / "huey.db"),
        "HUEY_NAME": f"fairapp-test-{uuid.uuid4().hex[:8]}",
        "SERVER_NAME": None,
        **app_overrides,
    }
    app = create_app("testing", config)
    yield app
    empty_database(app)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


def csrf_token(client, path="/"):
    page = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf-token" content="([^"]+)"', page)
    assert match, "page has no csrf-token meta tag"
    return match.group(1)


def post_form(client, path, data, *, page=None, **kwargs):
    """POST a form the way a browser does: with the CSRF token from a page."""
    return client.post(path, data={**data, "csrf_token": csrf_token(client, page or "/")}, **kwargs)


def login(client, email, password=PASSWORD):
    response = post_form(client, "/auth/login", {"email": email, "password": password}, page="/auth/login")
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


@pytest.fixture
def make_user(app):
    """Create a confirmed user with a role; returns its e-mail."""
    from fairapp.core.auth.services import new_user

    def make(role="exhibitor", email=None, name="Nguyễn Văn Đức", locale="vi", password=PASSWORD):
        email = email or f"{role}-{uuid.uuid4().hex[:6]}@example.vn"
        with app.app_context():
            new_user(email=email, name=name, role=role, locale=locale, password=password, confirmed=True)
            db.session.commit()
        return email

    return make


@pytest.fixture
def signed_in(client, make_user):
    """A client signed in with the given role: signed_in("organizer")."""

    def sign_in(role):
        email = make_user(role)
        login(client, email)
        return client

    return sign_in


# ---------------------------------------------------------------- a real server


@pytest.fixture
def gunicorn_server(app, database_url, tmp_path):
    """The app served by gunicorn (4 worker processes) on a loopback port, on the test database."""
    import time
    import urllib.request

    port = free_port()  # reserved for the session: nobody takes it between here and gunicorn's bind
    env = {**os.environ, "FAIRAPP_CONFIG": "testing", "DATABASE_URL": database_url,
           "FAIRAPP_INSTANCE": str(tmp_path), "HUEY_FILENAME": str(tmp_path / "huey.db")}
    env.pop("REDIS_URL", None)
    log = open(tmp_path / "gunicorn.log", "w+")
    # --timeout: a worker still importing the app on a busy machine is not killed as stuck.
    process = subprocess.Popen(
        [os.path.join(os.path.dirname(sys.executable), "gunicorn"), "--workers", "4", "--bind", f"127.0.0.1:{port}",
         "--timeout", str(START_SECONDS), "--chdir", ROOT, "wsgi:app"],
        env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"

    def output():
        log.flush()
        log.seek(0)
        return log.read()

    try:
        # Ready when /healthz answers 200, which needs the port bound, a worker booted and the app
        # loaded; a deadline only ends a hang.
        deadline = time.monotonic() + START_SECONDS
        while True:
            if process.poll() is not None:
                raise AssertionError(f"gunicorn exited with {process.returncode}:\n{output()}")
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=10) as answer:
                    if answer.status == 200:
                        break
            except OSError:  # refused, reset, timed out, or an HTTP error while starting
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"gunicorn did not answer /healthz within {START_SECONDS} s:\n{output()}")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=START_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=START_SECONDS)
        log.close()
