"""Every route × every role against an explicit table: a new route without an entry here,
or an entry for a route that is gone, fails the suite."""
import re
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
from werkzeug.routing import IntegerConverter, UUIDConverter

from fairapp import create_app
from fairapp.core.access import PUBLIC, SIGNED_IN, DeviceOrRoles
from fairapp.core.models import ROLES
from fairapp.extensions import db
from tests.conftest import PASSWORD, empty_database

ORGANIZER = frozenset({"organizer"})
ENTRANT = frozenset({"exhibitor"})
JUROR = frozenset({"juror"})
EXHIBITOR = frozenset({"exhibitor"})
EXHIBITOR_OR_ORGANIZER = frozenset({"exhibitor", "organizer"})
# A scanner with its bearer token, or a signed-in user with one of the roles.
GATE_DEVICE_OR_STAFF = DeviceOrRoles({"gate", "organizer"})

# endpoint -> "public" | "signed-in" | the roles allowed (frozenset, or DeviceOrRoles when a
# scanner's bearer token is also accepted: that lets a request in without any user, so it is
# stated here and not only in the view)
EXPECTED = {
    "core.home": PUBLIC,
    "core.healthz": PUBLIC,
    "core.set_language": PUBLIC,
    "core.job_page": SIGNED_IN,
    "core.job_api": SIGNED_IN,
    "core.job_download": SIGNED_IN,
    "core.photo": PUBLIC,  # the random token is the capability; an entry photo also asks the contest's photo_guard
    "core.photo_thumbnail": PUBLIC,
    "auth.login": PUBLIC,
    "auth.logout": SIGNED_IN,
    "auth.signup": PUBLIC,
    "auth.confirm": PUBLIC,
    "auth.reset_request": PUBLIC,
    "auth.reset": PUBLIC,
    "auth.accept_invitation": PUBLIC,
    "admin.dashboard": ORGANIZER,
    "admin.users": ORGANIZER,
    "admin.invite": ORGANIZER,
    "admin.audit": ORGANIZER,
    "admin.audit_export": ORGANIZER,
    "admin.mail": ORGANIZER,
    "admin.mail_retry": ORGANIZER,
    # devmail.* (/dev/mailbox) exists only in the development configuration, so not in this
    # table's app: tests/core/test_devmail.py proves it absent in production and testing.
    # Design contest: the public call and results, entrants' own entries, the jury's blind
    # scoring (and its autosave API), the organisers' set-up, judging and results.
    "contest.index": PUBLIC,
    "contest.results_page": PUBLIC,
    "contest.winner": PUBLIC,
    "certificates.verify": PUBLIC,  # the unguessable certificate code is the capability
    "contest.my_entries": ENTRANT,
    "contest.new_entry": ENTRANT,
    "contest.entry": ENTRANT,
    "contest.edit_entry": ENTRANT,
    "contest.withdraw_entry": ENTRANT,
    "contest.scorecard": ENTRANT,
    "contest.jury_home": JUROR,
    "contest.jury_profile": JUROR,
    "contest.jury_tie_add": JUROR,
    "contest.jury_tie_remove": JUROR,
    "contest.jury_round": JUROR,
    "contest.jury_entry": JUROR,
    "contest.jury_abstain": JUROR,
    "contest.jury_recuse": JUROR,
    "contest_api.save_draft": JUROR,
    "contest.admin_home": ORGANIZER,
    "contest.admin_settings": ORGANIZER,
    "contest.admin_round_add": ORGANIZER,
    "contest.admin_round": ORGANIZER,
    "contest.admin_criterion_add": ORGANIZER,
    "contest.admin_criterion": ORGANIZER,
    "contest.admin_criterion_delete": ORGANIZER,
    "contest.admin_round_open": ORGANIZER,
    "contest.admin_round_close": ORGANIZER,
    "contest.admin_prize_tiers": ORGANIZER,
    "contest.admin_entries": ORGANIZER,
    "contest.admin_entry": ORGANIZER,
    "contest.admin_panels": ORGANIZER,
    "contest.admin_panel_remove": ORGANIZER,
    "contest.admin_assignments": ORGANIZER,
    "contest.admin_auto_assign": ORGANIZER,
    "contest.admin_assign": ORGANIZER,
    "contest.admin_unassign": ORGANIZER,
    "contest.admin_conflicts": ORGANIZER,
    "contest.admin_detect_conflicts": ORGANIZER,
    "contest.admin_ranking": ORGANIZER,
    "contest.admin_decision": ORGANIZER,
    "contest.admin_advance": ORGANIZER,
    "contest.admin_export_csv": ORGANIZER,
    "contest.admin_export_xlsx": ORGANIZER,
    "contest.admin_prizes": ORGANIZER,
    "contest.admin_award": ORGANIZER,
    "contest.admin_revoke": ORGANIZER,
    "contest.admin_publish": ORGANIZER,
    "contest.admin_certificates": ORGANIZER,
    "contest.admin_certificate_pdf": ORGANIZER,
    "contest.admin_certificates_job": ORGANIZER,
    # Exhibitors: the public floor plan (and its booth API) and directory; exhibitors' profile,
    # application and documents (owners only, checked in the view); organisers set up and review.
    "exhibitors.floor_plan_current": PUBLIC,
    "exhibitors.floor_plan": PUBLIC,
    "exhibitors.directory_current": PUBLIC,
    "exhibitors.directory_page": PUBLIC,
    "exhibitors.exhibitor_page": PUBLIC,
    "exhibitors_api.booths": PUBLIC,
    "exhibitors_api.hold": EXHIBITOR,
    "exhibitors_api.release": EXHIBITOR,
    "exhibitors.profile": EXHIBITOR,
    "exhibitors.delete_photo": EXHIBITOR,
    "exhibitors.apply": EXHIBITOR,
    "exhibitors.my_applications": EXHIBITOR,
    "exhibitors.withdraw": EXHIBITOR,
    "exhibitors.accept_offer": EXHIBITOR,
    "exhibitors.decline_offer": EXHIBITOR,
    "exhibitors.invoice_page": EXHIBITOR,
    "exhibitors.invoice_qr": EXHIBITOR,
    "exhibitors.invoice_pdf": EXHIBITOR_OR_ORGANIZER,
    "exhibitors.receipt_pdf": EXHIBITOR_OR_ORGANIZER,
    "exhibitors.manage_home": ORGANIZER,
    "exhibitors.fair_new": ORGANIZER,
    "exhibitors.fair_settings": ORGANIZER,
    "exhibitors.halls": ORGANIZER,
    "exhibitors.hall_edit": ORGANIZER,
    "exhibitors.booths": ORGANIZER,
    "exhibitors.booth_new": ORGANIZER,
    "exhibitors.booth_edit": ORGANIZER,
    "exhibitors.booth_delete": ORGANIZER,
    "exhibitors.booth_import": ORGANIZER,
    "exhibitors.booth_import_example": ORGANIZER,
    "exhibitors.export": ORGANIZER,
    "exhibitors.applications_queue": ORGANIZER,
    "exhibitors.applications_bulk": ORGANIZER,
    "exhibitors.application_detail": ORGANIZER,
    "exhibitors.approve": ORGANIZER,
    "exhibitors.waitlist": ORGANIZER,
    "exhibitors.reject": ORGANIZER,
    "exhibitors.release": ORGANIZER,
    "exhibitors.record_payment": ORGANIZER,
    "exhibitors.invoice_list": ORGANIZER,
    "exhibitors.send_reminders": ORGANIZER,
    # Visitors have no accounts: the ticket's random token is the capability.
    "exhibitors.staff_passes": frozenset({"exhibitor", "organizer"}),
    "exhibitors.staff_pass_remove": frozenset({"exhibitor", "organizer"}),
    "exhibitors.staff_passes_pdf": frozenset({"exhibitor", "organizer"}),
    "visitors.register": PUBLIC,
    "visitors.registered": PUBLIC,
    "visitors.ticket_page": PUBLIC,
    "visitors.ticket_qr": PUBLIC,
    "visitors.ticket_download": PUBLIC,
    "visitors.ticket_calendar": PUBLIC,  # the ticket's .ics; the private token is the capability
    "visitors.ticket_resend": PUBLIC,
    "visitors.keys_api": PUBLIC,  # public keys, for scanners that check codes offline
    "visitors.checkin_api": GATE_DEVICE_OR_STAFF,
    "visitors.gate_search_api": GATE_DEVICE_OR_STAFF,
    "visitors.gates_api": GATE_DEVICE_OR_STAFF,
    "visitors.gate_count_api": GATE_DEVICE_OR_STAFF,
    "visitors.gate_page": frozenset({"gate", "organizer"}),
    "visitors.admin_ticket_types": ORGANIZER,
    "visitors.admin_ticket_type_new": ORGANIZER,
    "visitors.admin_ticket_type_edit": ORGANIZER,
    "visitors.admin_gates": ORGANIZER,
    "visitors.admin_gate_rename": ORGANIZER,
    "visitors.admin_gate_remove": ORGANIZER,
    "visitors.admin_devices": ORGANIZER,
    "visitors.admin_device_revoke": ORGANIZER,
    "visitors.admin_tickets": ORGANIZER,
    "visitors.admin_ticket": ORGANIZER,
    "visitors.admin_ticket_revoke": ORGANIZER,
    "visitors.admin_ticket_reissue": ORGANIZER,
    "visitors.admin_tickets_export": ORGANIZER,
    "visitors.admin_tickets_import": ORGANIZER,
    "visitors.admin_import_template": ORGANIZER,
    "visitors.badge_print": ORGANIZER,
    "visitors.attendance_page": ORGANIZER,
    "visitors.attendance_api": ORGANIZER,
    "visitors.kiosk": frozenset({"gate", "organizer"}),
    "visitors.kiosk_reprint": frozenset({"gate", "organizer"}),
    "visitors.kiosk_badge": frozenset({"gate", "organizer"}),
    "visitors.kiosk_badge_pdf": frozenset({"gate", "organizer"}),
}

WHO = ("anonymous",) + ROLES


# ---------------------------------------------------------------- one app and one account per role


@pytest.fixture(scope="module")
def matrix(database_url, smtp_server, tmp_path_factory):
    """The app with one signed-in session cookie per role, made once for the module."""
    from fairapp.core.auth.services import new_user

    _box, port = smtp_server
    app = create_app("testing", {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "MAIL_PORT": port,
        "HUEY_FILENAME": str(tmp_path_factory.mktemp("matrix-huey") / "huey.db"),
        "HUEY_NAME": f"fairapp-matrix-{uuid.uuid4().hex[:8]}",
        "SERVER_NAME": None,
    })
    with app.app_context():
        for role in ROLES:
            new_user(email=f"{role}@matrix.example.vn", name=f"Matrix {role}", role=role, password=PASSWORD,
                     confirmed=True)
        db.session.commit()
    cookies = {}
    for role in ROLES:
        client = app.test_client()
        page = client.get("/auth/login").get_data(as_text=True)
        token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
        response = client.post("/auth/login", data={"email": f"{role}@matrix.example.vn", "password": PASSWORD,
                                                     "csrf_token": token})
        assert response.status_code == 302, role
        cookies[role] = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    yield app, cookies
    empty_database(app)
    with app.app_context():
        db.engine.dispose()


def client_for(app, cookies, who):
    """A fresh client per check, so that signing out in one check leaves the others signed in."""
    client = app.test_client()
    if who != "anonymous":
        client.set_cookie(app.config["SESSION_COOKIE_NAME"], cookies[who])
    return client


def dummy_value(converter):
    if isinstance(converter, IntegerConverter):
        return 999999
    if isinstance(converter, UUIDConverter):
        return uuid.UUID(int=0)
    return "x"


def request_for(app, rule):
    """(method, url) for a rule: GET when it allows GET, else its first write method."""
    values = {name: dummy_value(conv) for name, conv in rule._converters.items()}
    method = "GET" if "GET" in rule.methods else sorted(rule.methods - {"HEAD", "OPTIONS"})[0]
    url = app.url_map.bind("localhost").build(rule.endpoint, values, method=method)
    return method, url


def send(client, method, url):
    if method == "GET":
        return client.get(url)
    page = client.get("/").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    return client.open(url, method=method, data={"csrf_token": token})


def is_allowed(rule, who):
    if rule == PUBLIC:
        return True
    if rule == SIGNED_IN:
        return who != "anonymous"
    return who in rule


def app_endpoints(app):
    return {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint != "static"}


# ---------------------------------------------------------------- the table matches the app


def test_every_route_of_the_app_is_in_the_table(matrix):
    app, _cookies = matrix
    missing = app_endpoints(app) - set(EXPECTED)
    assert not missing, f"routes without an expected access rule in this table: {sorted(missing)}"


def test_every_route_in_the_table_still_exists(matrix):
    app, _cookies = matrix
    gone = set(EXPECTED) - app_endpoints(app)
    assert not gone, f"the table names routes the app no longer has: {sorted(gone)}"


@pytest.mark.parametrize("endpoint", sorted(EXPECTED))
def test_view_declares_the_expected_rule(matrix, endpoint):
    app, _cookies = matrix
    view = app.view_functions.get(endpoint)
    assert view is not None, f"{endpoint} is not a route"
    declared = getattr(view, "access", None)
    assert declared is not None, f"{endpoint} has no access rule (use public, signed_in or roles)"
    assert declared in (PUBLIC, SIGNED_IN) or (isinstance(declared, frozenset) and declared <= set(ROLES))
    assert declared == EXPECTED[endpoint]
    assert type(declared) is type(EXPECTED[endpoint]), f"{endpoint}: {declared!r}, expected {EXPECTED[endpoint]!r}"


def test_a_route_without_a_rule_is_refused(database_url, tmp_path):
    """Fail closed: a view nobody marked answers 403 to everyone, even a guest."""
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": database_url,
                                 "HUEY_FILENAME": str(tmp_path / "huey.db")})
    app.add_url_rule("/forgotten", "forgotten", lambda: "secret")
    assert app.test_client().get("/forgotten").status_code == 403


# ---------------------------------------------------------------- the guard answers as the table says


@pytest.mark.parametrize("endpoint", sorted(e for e, rule in EXPECTED.items() if isinstance(rule, DeviceOrRoles)))
def test_a_made_up_scanner_token_is_refused(matrix, endpoint):
    app, _cookies = matrix
    for rule in (r for r in app.url_map.iter_rules() if r.endpoint == endpoint):
        method, url = request_for(app, rule)
        response = app.test_client().open(url, method=method, json={},
                                          headers={"Authorization": "Bearer not-a-real-scanner-token"})
        assert response.status_code == 401, f"{method} {url} -> {response.status_code}"
        assert response.is_json


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("endpoint", sorted(EXPECTED))
def test_access(matrix, endpoint, who):
    app, cookies = matrix
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint == endpoint]
    assert rules, f"{endpoint} is not a route"
    for rule in rules:
        method, url = request_for(app, rule)
        response = send(client_for(app, cookies, who), method, url)
        location = response.headers.get("Location", "")
        to_login = response.status_code == 302 and urlsplit(location).path == "/auth/login"
        expect_allowed = is_allowed(EXPECTED[endpoint], who)
        what = f"{who} {method} {url} -> {response.status_code} {location}"

        if who == "anonymous":
            denied = response.status_code == 401 or to_login
            if not expect_allowed:
                if url.startswith("/api/"):
                    assert response.status_code == 401 and response.is_json, what
                    assert response.json["message"], what
                else:
                    assert to_login, what
                    assert parse_qs(urlsplit(location).query).get("next") == [url], what
        else:
            denied = response.status_code == 403
        assert response.status_code != 500, what
        assert denied != expect_allowed, ("should be allowed: " if expect_allowed else "should be denied: ") + what
