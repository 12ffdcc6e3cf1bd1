"""Security basics: headers and CSP, no inline script, CSRF, error pages, health check,
production settings and what a guest gets."""
import os
import subprocess
import sys
import uuid
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import func, select
from werkzeug.routing import IntegerConverter

from fairapp import create_app
from fairapp.core.access import public
from fairapp.core.models import Job, OutboxMessage, User
from fairapp.extensions import db
from tests.conftest import PASSWORD, csrf_token, login, post_form

ROOT = Path(__file__).resolve().parents[2]
FORM_EXPIRED_EN = "The form has expired. Please reload the page and try again."


def count_users(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


def translated(app, locale, msgid):
    with app.test_request_context(), force_locale(locale):
        return gettext(msgid)


# ---------------------------------------------------------------- headers


def csp_directives(response):
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/auth/login", "/healthz"])
def test_security_headers_on_html_and_json(client, path):
    response = client.get(path)

    assert response.status_code == 200
    csp = csp_directives(response)
    assert csp["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp.get("script-src", []) + csp.get("default-src", [])
    assert "'unsafe-eval'" not in csp["script-src"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] in ("same-origin", "strict-origin-when-cross-origin", "no-referrer")


def test_error_responses_carry_the_headers_too(client):
    for response in (client.get("/no-such-page"), client.get("/api/v1/no-such-thing")):
        assert response.status_code == 404
        assert csp_directives(response)["script-src"] == ["'self'"]
        assert response.headers["X-Frame-Options"] == "DENY"


# ---------------------------------------------------------------- no inline script


class ScriptAudit(HTMLParser):
    """Collects what the CSP would block: inline scripts, event handlers, javascript: URLs, inline styles."""

    def __init__(self):
        super().__init__()
        self.problems = []
        self.scripts = 0
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts += 1
            self._in_script = True
            if not attrs.get("src"):
                self.problems.append("<script> without src")
        if tag == "style":
            self.problems.append("<style> element")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name == "style":
                self.problems.append(f"<{tag} style=…>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}=javascript:…>")

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.problems.append("script with inline code")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False


def csp_problems(page):
    audit = ScriptAudit()
    audit.feed(page)
    audit.close()
    return audit


def test_pages_have_no_inline_script_or_handlers(app, client, make_user):
    guest_pages = ["/", "/auth/login", "/auth/signup", "/auth/reset", "/no-such-page"]
    pages = {path: client.get(path) for path in guest_pages}
    pages["login with errors"] = post_form(client, "/auth/login", {"email": "x@example.vn", "password": "wrong"},
                                           page="/auth/login")
    pages["signup with errors"] = post_form(client, "/auth/signup", {"email": "not-an-email", "phone": "1"},
                                            page="/auth/signup")

    email = make_user("organizer")
    with app.app_context():
        organiser = db.session.scalar(select(User).where(User.email == email))
        job = Job(kind="audit.export", params={}, owner_id=organiser.id, status="running", done=1, total=4)
        db.session.add(job)
        db.session.add(OutboxMessage(recipient="a@example.vn", subject="s", body_text="t", status="failed"))
        db.session.commit()
        job_id = job.id
    login(client, email)
    for path in ["/", "/admin/", "/admin/users", "/admin/users/invite", "/admin/audit", "/admin/mail",
                 "/admin/mail?status=failed", f"/jobs/{job_id}"]:
        pages[f"organiser {path}"] = client.get(path)

    for name, response in pages.items():
        assert response.status_code in (200, 404, 422), name  # 422: a refused form re-rendered
        audit = csp_problems(response.get_data(as_text=True))
        assert audit.scripts >= 1, f"{name}: the page lost its scripts"
        assert audit.problems == [], f"{name}: {audit.problems}"


def test_the_audit_catches_what_it_should():
    audit = csp_problems('<script>alert(1)</script><a href="#" onclick="x()">a</a><p style="color:red">'
                         '<a href="javascript:void(0)">b</a><script src="/static/x.js"></script>')
    assert audit.scripts == 2
    assert len(audit.problems) == 5


# ---------------------------------------------------------------- CSRF


def test_form_post_without_token_is_refused_and_changes_nothing(app, client, mailbox):
    client.get("/auth/signup")  # a session exists, the token is just missing

    response = client.post("/auth/signup", headers={"Accept-Language": "en"}, data={
        "name": "Không Token", "email": "no-token@example.vn", "password": PASSWORD, "confirm": PASSWORD,
        "locale": "vi"})

    assert response.status_code == 400
    assert FORM_EXPIRED_EN in response.get_data(as_text=True)
    assert count_users(app) == 0
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_form_post_with_a_forged_token_is_refused(app, client):
    other = app.test_client()
    foreign_token = csrf_token(other, "/auth/signup")  # valid, but for another session
    client.get("/auth/signup")

    response = client.post("/auth/signup", data={
        "name": "Giả Mạo", "email": "forged@example.vn", "password": PASSWORD, "confirm": PASSWORD,
        "locale": "vi", "csrf_token": foreign_token})

    assert response.status_code == 400
    assert count_users(app) == 0


def test_json_post_without_the_csrf_header_is_refused(app, client, make_user):
    email = make_user("exhibitor", locale="vi")
    login(client, email)

    response = client.post("/lang/en", json={}, headers={"Accept": "application/json"})

    assert response.status_code == 400
    assert response.is_json
    assert response.json["error"] == "400"
    assert response.json["message"] == translated(app, "vi", FORM_EXPIRED_EN)
    with app.app_context():
        assert db.session.scalar(select(User.locale).where(User.email == email)) == "vi"


def test_every_json_write_route_wants_the_csrf_header(app, client, make_user):
    """A signed-in browser's cookie alone never writes through the API (scanners use a bearer token)."""
    login(client, make_user("organizer", locale="en"))
    writes = [(rule, method) for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/")
              for method in sorted(rule.methods & {"POST", "PUT", "PATCH", "DELETE"})]
    assert writes, "no JSON write route found"
    for rule, method in writes:
        values = {name: 999999 if isinstance(conv, IntegerConverter) else "x"
                  for name, conv in rule._converters.items()}
        url = app.url_map.bind("localhost").build(rule.endpoint, values, method=method)
        response = client.open(url, method=method, json={})
        assert response.status_code == 400, f"{method} {url} -> {response.status_code}"
        assert response.is_json and response.json["message"] == FORM_EXPIRED_EN, f"{method} {url}: {response.json}"


def test_the_csrf_header_from_the_meta_tag_is_accepted(app, client, make_user):
    email = make_user("exhibitor", locale="vi")
    login(client, email)
    token = csrf_token(client, "/")

    response = client.post("/lang/en", headers={"X-CSRFToken": token})

    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(User.locale).where(User.email == email)) == "en"


# ---------------------------------------------------------------- error pages


@pytest.mark.parametrize("accept, lang", [(None, "vi"), ("en", "en"), ("vi,en;q=0.5", "vi")])
def test_404_page_speaks_the_visitors_language(app, client, accept, lang):
    """The vi cases need the compiled vi catalogue."""
    headers = {"Accept-Language": accept} if accept else {}

    response = client.get("/no-such-page", headers=headers)

    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert f'<html lang="{lang}">' in page
    expected = translated(app, lang, "This page does not exist.")
    if lang == "vi":
        assert expected != "This page does not exist.", "no Vietnamese translation for the 404 text"
    assert expected in page


def test_api_errors_answer_json(client):
    missing = client.get("/api/v1/no-such-thing")
    assert missing.status_code == 404
    assert missing.is_json
    assert missing.json["error"] == "404" and missing.json["message"]

    wrong_method = client.post("/api/v1/jobs/1")
    assert wrong_method.status_code == 405
    assert wrong_method.is_json
    assert wrong_method.json["error"] == "405" and wrong_method.json["message"]


def test_html_405(client):
    response = client.get("/auth/logout", headers={"Accept-Language": "en"})

    assert response.status_code == 405
    assert "This action is not allowed here." in response.get_data(as_text=True)


def test_500_page_rolls_back_the_request(app, client):
    seen_after_error = []

    @public
    def broken():
        db.session.add(User(email="half-done@example.vn", name="Nửa Chừng", name_key="nua chung",
                            role="exhibitor", locale="vi"))
        db.session.flush()
        raise RuntimeError("boom")

    @app.after_request
    def look(response):
        # Still inside the failed request: a rolled-back session no longer sees the flushed row.
        seen_after_error.append(db.session.scalar(select(User.id).where(User.email == "half-done@example.vn")))
        return response

    app.add_url_rule("/broken", "broken", broken)

    response = client.get("/broken", headers={"Accept-Language": "en"})

    assert response.status_code == 500
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "Something went wrong on our side. Please try again." in page
    assert "boom" not in page and "Traceback" not in page
    assert seen_after_error == [None]
    assert count_users(app) == 0
    # The app keeps answering after the failure.
    assert client.get("/healthz").json == {"status": "ok", "db": "ok"}


def test_500_under_api_answers_json(app, client):
    app.add_url_rule("/api/v1/broken", "api_broken", public(lambda: 1 / 0))

    response = client.get("/api/v1/broken")

    assert response.status_code == 500
    assert response.is_json and response.json["error"] == "500"


# ---------------------------------------------------------------- health


def test_healthz_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json == {"status": "ok", "db": "ok"}


@pytest.mark.parametrize("url", [
    "sqlite:////nonexistent-dir/fairapp.db",
    "postgresql+psycopg://postgres@127.0.0.1:1/fairapp",
])
def test_healthz_reports_a_broken_database(database_url, tmp_path, url):
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url, "HUEY_FILENAME": str(tmp_path / "huey.db")})

    response = app.test_client().get("/healthz")

    assert response.status_code == 503
    assert response.json["status"] == "error"
    assert response.json["db"] == "error"
    with app.app_context():
        db.engine.dispose()


# ---------------------------------------------------------------- production settings


def production_app(database_url, tmp_path, port, **overrides):
    return create_app("production", {
        "SQLALCHEMY_DATABASE_URI": database_url, "MAIL_PORT": port,
        "HUEY_FILENAME": str(tmp_path / "huey.db"), "HUEY_NAME": f"fairapp-prod-{uuid.uuid4().hex[:8]}",
        **overrides})


@pytest.mark.parametrize("key", ["dev-only-not-secret", "short-key", "", None])
def test_production_refuses_a_weak_secret_key(database_url, tmp_path, key):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production", {"SECRET_KEY": key, "SQLALCHEMY_DATABASE_URI": database_url,
                                  "HUEY_FILENAME": str(tmp_path / "huey.db")})


def test_production_starts_with_a_secret_key_from_the_environment(tmp_path):
    """The way it is deployed: `FAIRAPP_CONFIG=production SECRET_KEY=… gunicorn wsgi:app`."""
    env = {**os.environ, "FAIRAPP_CONFIG": "production", "SECRET_KEY": "s" * 40,
           "DATABASE_URL": "sqlite:///" + str(tmp_path / "prod.db"), "FAIRAPP_INSTANCE": str(tmp_path)}
    code = "import wsgi; print(wsgi.app.config['SESSION_COOKIE_SECURE'], len(wsgi.app.secret_key))"

    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)

    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["True", "40"]


def test_production_session_cookie_is_secure_and_httponly(app, make_user, database_url, tmp_path, smtp_server):
    email = make_user("exhibitor")  # the `app` fixture empties the shared database afterwards
    prod = production_app(database_url, tmp_path, smtp_server[1], SECRET_KEY="p" * 40)
    client = prod.test_client()
    https = {"base_url": "https://fair.example.vn",
             "headers": {"Referer": "https://fair.example.vn/auth/login"}}  # strict CSRF on HTTPS checks it

    page = client.get("/auth/login", **https).get_data(as_text=True)
    token = page.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]
    response = client.post("/auth/login", data={"email": email, "password": PASSWORD, "csrf_token": token},
                           **https)

    assert response.status_code == 302
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert cookies, response.headers
    attributes = {part.strip().split("=")[0].lower() for part in cookies[-1].split(";")[1:]}
    assert {"secure", "httponly"} <= attributes
    assert "samesite=lax" in cookies[-1].lower()
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert client.get("/api/v1/jobs/999999", **https).status_code == 404  # signed in
    with prod.app_context():
        db.engine.dispose()


# ---------------------------------------------------------------- guests


def test_guest_gets_401_json_from_the_api(client):
    response = client.get("/api/v1/jobs/1")

    assert response.status_code == 401
    assert response.is_json
    assert response.json["message"]


@pytest.mark.parametrize("path", ["/jobs/1", "/admin/", "/admin/audit?action=user"])
def test_guest_is_sent_to_the_login_page(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login?next=")
