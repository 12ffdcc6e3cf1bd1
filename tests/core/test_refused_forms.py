"""A refused form answers 422 (HTML and JSON alike), says at the top that nothing was saved and
shows the error at its field; an accepted one still redirects. Walks the form POST endpoints of
tests/core/routes.txt that render a page again."""
import os
import re
import uuid
import pytest
from sqlalchemy import select

from fairapp.core.fairs import local_today
from fairapp.extensions import db
from tests.conftest import PASSWORD, ROOT, csrf_token, login
from tests.contest.conftest import world  # noqa: F401  (the contest fixture)
from tests.exhibitors.conftest import SLUG, build_fair, profile_values, user_by_email



def _messages(app):
    """The Vietnamese of the messages the cases expect, read from the catalogue (not typed twice)."""
    from flask_babel import force_locale, gettext

    with app.test_request_context(), force_locale("vi"):
        return {"required": gettext("This field is required."), "email": gettext("Enter a valid e-mail address."),
                "amount": gettext("Enter a whole amount in đồng, e.g. 12.960.000 (no decimals, not negative, "
                                  "at most 10.000.000.000.000)."),
                "bad_login": gettext("E-mail or password is incorrect."), "file": gettext("Choose a file."),
                "days": gettext("Choose at least one day."), "not_saved": gettext(
                    "The form was not saved: check the fields marked below.")}


@pytest.fixture
def place(app, make_user):
    """The exhibitors' fair (with the visitors' types and gates), an invoice, and the contest world."""
    from fairapp.exhibitors.models import Booth, ExhibitorApplication, Hall, Invoice
    from fairapp.exhibitors.services import applications
    from fairapp.exhibitors.services.profiles import save_profile
    from fairapp.visitors.models import TicketType
    from fairapp.visitors.services.tickets import set_up_fair
    from tests.exhibitors.services.test_applications import submit

    organiser = make_user("organizer", email=f"btc-{uuid.uuid4().hex[:6]}@example.vn")
    exhibitor = make_user("exhibitor", email=f"artisan-{uuid.uuid4().hex[:6]}@example.vn")
    gate = make_user("gate", email=f"gate-{uuid.uuid4().hex[:6]}@example.vn")
    with app.test_request_context():
        fair = build_fair()
        set_up_fair(fair)
        save_profile(user_by_email(exhibitor), profile_values())
        db.session.commit()
    application_id = submit(app, exhibitor)
    second = make_user("exhibitor", email=f"artisan-{uuid.uuid4().hex[:6]}@example.vn")
    with app.app_context():
        save_profile(user_by_email(second), profile_values(name="HTX Lụa Vạn Phúc"))
        db.session.commit()
    pending = submit(app, second, booth="A-05")
    with app.test_request_context():
        applications.approve(db.session.get(ExhibitorApplication, application_id), user_by_email(organiser), None)
        db.session.commit()
        return {"organizer": organiser, "exhibitor": exhibitor, "gate": gate, "application": application_id, "pending": pending,
                "invoice": db.session.scalar(select(Invoice.id)),
                "hall": db.session.scalar(select(Hall.id).where(Hall.code == "A")),
                "booth": db.session.scalar(select(Booth.id).where(Booth.code == "A-03")),
                "ticket_type": db.session.scalar(select(TicketType.id).where(TicketType.code == "visitor"))}


def cases(place):
    """(role, page to take the token from, url, invalid data, message key, the field's id)."""
    fair = f"?fair={SLUG}"
    return [
        (None, "/auth/login", "/auth/login", {"email": "khong-co@example.vn", "password": "sai-mat-khau-dai"},
         "bad_login", "password"),
        (None, "/auth/signup", "/auth/signup", {"name": "Mai", "email": "mai@", "password": PASSWORD,
                                                 "confirm": PASSWORD, "locale": "vi"}, "email", "email"),
        (None, "/auth/reset", "/auth/reset", {"email": "khong phai e-mail"}, "email", "email"),
        ("organizer", "/admin/users/invite", "/admin/users/invite",
         {"name": "Ông Ơn", "email": "on@localhost", "role": "juror", "locale": "vi"}, "email", "email"),
        ("exhibitor", "/exhibitors/profile", "/exhibitors/profile", profile_values(email="a b@c.vn", artisan_title_year="2019"),
         "email", "email"),
        ("organizer", f"/exhibitors/manage/{SLUG}/halls", f"/exhibitors/manage/{SLUG}/halls",
         {"code": "C", "name": "", "width_m": "10", "depth_m": "10"}, "required", "name"),
        ("organizer", f"/exhibitors/manage/halls/{place['hall']}", f"/exhibitors/manage/halls/{place['hall']}",
         {"code": "A", "name": "", "width_m": "40", "depth_m": "30"}, "required", "name"),
        ("organizer", f"/exhibitors/manage/{SLUG}/booths/new", f"/exhibitors/manage/{SLUG}/booths/new",
         {"code": "Z-1", "hall_id": str(place["hall"]), "booth_type": "standard", "width_m": "3", "depth_m": "3",
          "open_sides": "1", "price_vnd": "12.96", "x_m": "2", "y_m": "20"}, "amount", "price_vnd"),
        ("organizer", f"/exhibitors/manage/booths/{place['booth']}", f"/exhibitors/manage/booths/{place['booth']}",
         {"code": "A-03", "hall_id": str(place["hall"]), "booth_type": "standard", "width_m": "3", "depth_m": "3",
          "open_sides": "1", "price_vnd": "12,5", "x_m": "8", "y_m": "2"}, "amount", "price_vnd"),
        ("organizer", f"/exhibitors/manage/{SLUG}/booths/import", f"/exhibitors/manage/{SLUG}/booths/import", {},
         "required", "file"),
        ("organizer", "/exhibitors/manage/fairs/new", "/exhibitors/manage/fairs/new",
         {"slug": "moi", "name": "", "venue": "Hà Nội"}, "required", "name"),
        ("organizer", f"/exhibitors/manage/applications/{place['application']}",
         f"/exhibitors/manage/invoices/{place['invoice']}/payments",
         {"amount_vnd": "12.96", "paid_on": local_today().isoformat(), "bank_reference": "FT1"}, "amount", "amount_vnd"),
        ("organizer", f"/exhibitors/manage/applications/{place['pending']}",
         f"/exhibitors/manage/applications/{place['pending']}/reject", {"reason": ""}, "required", "reason"),
        (None, "/register", "/register", {"name": "Mai", "email": "mai@@example.vn", "ticket_type": "visitor",
                                          "days": [local_today().isoformat()], "consent": "y"}, "email", "email"),
        ("gate", "/kiosk", "/kiosk", {"name": "Khách", "email": "khach@x", "ticket_type": "visitor",
                                      "days": [local_today().isoformat()]}, "email", "email"),
        ("organizer", f"/visitors/admin/gates{fair}", f"/visitors/admin/gates{fair}", {"name": ""}, "required", "name"),
        ("organizer", f"/visitors/admin/devices{fair}", f"/visitors/admin/devices{fair}", {"name": ""}, "required",
         "name"),
        ("organizer", f"/visitors/admin/ticket-types/new{fair}", f"/visitors/admin/ticket-types/new{fair}",
         {"code": "", "name": "Khách", "name_en": "Guest", "entry_policy": "once", "badge_color": "#112233"},
         "required", "code"),
        ("organizer", f"/visitors/admin/ticket-types/{place['ticket_type']}/edit{fair}",
         f"/visitors/admin/ticket-types/{place['ticket_type']}/edit{fair}",
         {"code": "visitor", "name": "", "name_en": "Visitor", "entry_policy": "once", "badge_color": "#112233"},
         "required", "name"),
        ("organizer", f"/visitors/admin/tickets/import{fair}", f"/visitors/admin/tickets/import{fair}", {}, "file",
         "file"),
    ]


def contest_cases(w):
    return [
        ("organizer:contest", "/contest/admin/settings", "/contest/admin/settings",
         {"name": "", "submissions_open_at": "2026-01-01T08:00", "submissions_close_at": "2026-02-01T08:00"},
         "required", "name"),
        ("organizer:contest", f"/contest/admin/rounds/{w.round1_id}", f"/contest/admin/rounds/{w.round1_id}",
         {"name": "", "jurors_per_entry": "3", "quorum": "3", "normalisation_min_entries": "10",
          "disagreement_points": "4", "advance_percent": "30"}, "required", "name"),
        ("juror:contest", "/contest/jury/profile", "/contest/jury/profile",
         {"business_name": "", "tax_code": "", "phone": "", "expertise": "x" * 301}, None, "expertise"),
        ("exhibitor:contest", "/contest/entries/new", "/contest/entries/new",
         {"title": "", "category_id": str(w.categories["GOM"])}, "required", "title"),
    ]


def _client(app, role, place):
    client = app.test_client()
    if role is None:
        return client
    base, _, area = role.partition(":")
    if area == "contest":
        w = place
        email = {"organizer": w.organiser, "juror": w.jurors[0], "exhibitor": w.entrant}[base]
    else:
        email = place[base]
    login(client, email, PASSWORD)
    return client


def _walk(app, place, table):
    messages = _messages(app)
    seen = []
    for role, page, url, data, message, field in table:
        client = _client(app, role, place)
        response = client.post(url, data={**data, "csrf_token": csrf_token(client, page)})
        html = response.get_data(as_text=True)
        assert response.status_code == 422, (url, response.status_code, html[:3000])
        if message is not None:
            assert messages[message] in html, (url, html[:5000])
        if message != "bad_login":  # a failed sign-in tells no more than "wrong e-mail or password"
            assert messages["not_saved"] in html, url
        assert f'id="{field}-error"' in html, (url, field)
        seen.append(url.split("?")[0])
    routes = open(os.path.join(ROOT, "tests", "core", "routes.txt")).read()
    for url in seen:
        pattern = re.sub(r"/\d+", "/<int:[a-z_]+>", url).replace(f"/{SLUG}", "/<slug>")
        assert re.search(rf"^{pattern}\s", routes, re.M), url


def test_every_refused_form_answers_422_with_its_errors_shown(app, place):
    _walk(app, place, cases(place))


def test_every_refused_contest_form_answers_422_with_its_errors_shown(app, world):  # noqa: F811
    _walk(app, world, contest_cases(world))


def test_a_refused_json_submission_answers_422_too(app, place):
    client = _client(app, "organizer", place)
    response = client.post(f"/visitors/admin/gates?fair={SLUG}", data={"name": "",
                                                                          "csrf_token": csrf_token(client, "/")},
                           headers={"Accept": "application/json"})
    assert response.status_code == 422


def test_accepted_submissions_still_redirect(app, place):
    client = _client(app, "organizer", place)
    for page, url, data in [
        (f"/visitors/admin/gates?fair={SLUG}", f"/visitors/admin/gates?fair={SLUG}", {"name": "Cổng 9"}),
        (f"/exhibitors/manage/{SLUG}/halls", f"/exhibitors/manage/{SLUG}/halls",
         {"code": "C", "name": "Nhà C", "width_m": "10", "depth_m": "10"}),
        (f"/exhibitors/manage/applications/{place['application']}",
         f"/exhibitors/manage/invoices/{place['invoice']}/payments",
         {"amount_vnd": "1.000.000 ₫", "paid_on": local_today().isoformat(), "bank_reference": "FT2"}),
    ]:
        response = client.post(url, data={**data, "csrf_token": csrf_token(client, page)})
        assert response.status_code in (302, 303), (url, response.get_data(as_text=True)[:3000])
    anonymous = app.test_client()
    response = anonymous.post("/auth/reset", data={"email": "mai@example.vn",
                                                   "csrf_token": csrf_token(anonymous, "/auth/reset")})
    assert response.status_code in (200, 302, 303)
