"""The shared form rules: VND amounts as Vietnamese write them, and one rule for e-mail addresses
in every form, service, import and command."""
import re
import uuid
from decimal import Decimal

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from fairapp.core.errors import DomainError
from fairapp.core.fairs import local_today
from fairapp.core.forms import MAX_VND, parse_vnd
from fairapp.core.models import User
from fairapp.extensions import db
from tests.conftest import PASSWORD, login, post_form
from tests.core.form_pages import form_values
from tests.exhibitors.conftest import SLUG, build_fair, get_fair, profile_values, user_by_email

AMOUNT_REFUSED = "Nhập số tiền nguyên theo đồng, ví dụ 12.960.000"
NOT_SAVED = "Biểu mẫu chưa được lưu: vui lòng kiểm tra các ô được đánh dấu bên dưới."

ACCEPTED = {
    "12.960.000": 12_960_000, "12 960 000": 12_960_000, "12\u00a0960\u00a0000": 12_960_000,
    "12960000": 12_960_000, "12.960.000 ₫": 12_960_000, "12.960.000₫": 12_960_000, "12.960.000đ": 12_960_000,
    "12.960.000 VND": 12_960_000, "12960000 vnd": 12_960_000, " 12.960.000 VNĐ ": 12_960_000,
    "1.500": 1_500, "0": 0, "10.000.000.000.000": MAX_VND,
}
REFUSED = ["12,5", "12.96", "12.960,000", "12,960,000", "12.5", "1.2345", "12.960 000", "12 960.000", "abc",
           "12 triệu", "12tr", "-12.960.000", "- 5", "+5", "12.960.000 USD", "$12", "10.000.000.000.001",
           "99999999999999999999", "1e6", "0x10", "½", "١٢٣"]


@pytest.mark.parametrize("text,amount", ACCEPTED.items())
def test_vietnamese_amounts_are_read_as_whole_dong(text, amount):
    assert parse_vnd(text) == amount


@pytest.mark.parametrize("text", REFUSED)
def test_anything_else_is_no_amount(text):
    assert parse_vnd(text) is None


@pytest.fixture
def organiser(app, make_user, fair_slug):
    client = app.test_client()
    login(client, make_user("organizer", name="Trần Thị Thu Hà"))
    return client


@pytest.fixture
def fair_slug(app):
    with app.app_context():
        build_fair()
        db.session.commit()
    return SLUG


def _booth_form(app, code, price):
    from fairapp.exhibitors.models import Hall

    with app.app_context():
        hall_id = db.session.scalar(select(Hall.id).where(Hall.code == "A"))
    return {"code": code, "hall_id": str(hall_id), "booth_type": "standard", "width_m": "3", "depth_m": "3",
            "open_sides": "1", "price_vnd": price, "x_m": "2", "y_m": "20", "polygon": ""}


def _booth_price(app, code):
    from fairapp.exhibitors.models import Booth

    with app.app_context():
        return db.session.scalar(select(Booth.price_vnd).where(Booth.code == code))


def test_booth_price_takes_every_vietnamese_spelling_and_shows_it_grouped(app, organiser, fair_slug):
    page = f"/exhibitors/manage/{SLUG}/booths/new"
    form = organiser.get(page).get_data(as_text=True)
    assert re.search(r'<input[^>]*inputmode="numeric"[^>]*name="price_vnd"[^>]*type="text"', form), form
    for number, (text, amount) in enumerate(ACCEPTED.items(), 1):
        code = f"C-{number:02d}"
        response = post_form(organiser, page, _booth_form(app, code, text), page=page)
        assert response.status_code == 302, (text, response.get_data(as_text=True))
        assert _booth_price(app, code) == amount, text
    from fairapp.exhibitors.models import Booth

    with app.app_context():
        booth_id = db.session.scalar(select(Booth.id).where(Booth.code == "C-01"))
    edit = organiser.get(f"/exhibitors/manage/booths/{booth_id}").get_data(as_text=True)
    assert 'value="12.960.000"' in edit


def test_a_refused_price_says_so_at_the_top_and_at_the_field_and_stores_nothing(app, organiser, fair_slug):
    page = f"/exhibitors/manage/{SLUG}/booths/new"
    for number, text in enumerate(REFUSED, 1):
        code = f"R-{number:02d}"
        response = post_form(organiser, page, _booth_form(app, code, text), page=page)
        html = response.get_data(as_text=True)
        assert response.status_code == 422, text
        assert NOT_SAVED in html and AMOUNT_REFUSED in html, text
        assert html.index(NOT_SAVED) < html.index(AMOUNT_REFUSED)
        assert 'id="price_vnd-error"' in html  # next to the field
        assert _booth_price(app, code) is None, text


def _invoice(app, make_user):
    from fairapp.exhibitors.models import Invoice
    from fairapp.exhibitors.services import applications
    from fairapp.exhibitors.services.profiles import save_profile
    from tests.exhibitors.services.test_applications import submit

    email = make_user("exhibitor", email=f"artisan-{uuid.uuid4().hex[:8]}@example.vn")
    with app.app_context():
        save_profile(user_by_email(email), profile_values())
        db.session.commit()
    application_id = submit(app, email, booth="A-02")
    with app.test_request_context():
        organiser = db.session.scalar(select(User).where(User.role == "organizer"))
        from fairapp.exhibitors.models import ExhibitorApplication

        applications.approve(db.session.get(ExhibitorApplication, application_id), organiser, None)
        db.session.commit()
        invoice = db.session.scalar(select(Invoice).where(Invoice.application_id == application_id))
        assert invoice.total_vnd > 12_960_000
        return application_id, invoice.id


def _payments(app, invoice_id):
    from fairapp.exhibitors.models import Payment

    with app.app_context():
        return db.session.scalars(select(Payment.amount_vnd).where(Payment.invoice_id == invoice_id)).all()


def test_the_payment_form_reads_12_960_000_and_refuses_12_96_out_loud(app, organiser, make_user):
    application_id, invoice_id = _invoice(app, make_user)
    detail = f"/exhibitors/manage/applications/{application_id}"
    url = f"/exhibitors/manage/invoices/{invoice_id}/payments"
    for number, text in enumerate(["12.96", "12,5", "-1", "mười triệu", "0"]):
        refused = post_form(organiser, url, {"amount_vnd": text, "paid_on": local_today().isoformat(),
                                             "bank_reference": f"FT-BAD-{number}"}, page=detail)
        html = refused.get_data(as_text=True)
        assert refused.status_code == 422, text
        assert NOT_SAVED in html and 'id="amount_vnd-error"' in html, text
        assert f'value="{text}"' in html  # what was typed stays in the field
        assert _payments(app, invoice_id) == []
    done = post_form(organiser, url, {"amount_vnd": "12.960.000 ₫", "paid_on": local_today().isoformat(),
                                      "bank_reference": "FT26270001"}, page=detail)
    assert done.status_code == 302
    assert _payments(app, invoice_id) == [12_960_000]


def test_support_amount_in_the_fair_settings(app, organiser, fair_slug):
    from fairapp.exhibitors.models import FairTerms

    page = f"/exhibitors/manage/{SLUG}/settings"
    values = dict(form_values(organiser.get(page).get_data(as_text=True), action=page))
    values.pop("csrf_token", None)
    response = post_form(organiser, page, {**values, "support_mode": "fixed", "support_amount_vnd": "4.000.000 đ"},
                         page=page)
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(FairTerms, get_fair().id).support_amount_vnd == 4_000_000
    refused = post_form(organiser, page, {**values, "support_mode": "fixed", "support_amount_vnd": "4,5"}, page=page)
    assert refused.status_code == 422 and AMOUNT_REFUSED in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(FairTerms, get_fair().id).support_amount_vnd == 4_000_000


# ---------------------------------------------------------------- one e-mail rule

GOOD = {
    "bantochuc@fairapp.local": "bantochuc@fairapp.local",
    " Mai.Nguyen@Example.VN ": "mai.nguyen@example.vn",
    "nguyen.van.duc+hoicho@gmail.com": "nguyen.van.duc+hoicho@gmail.com",
    "lan@sub.domain.com.vn": "lan@sub.domain.com.vn",
    "o'brien@example.ie": "o'brien@example.ie",
}
BAD = ["a@b", "a@localhost", "a@x.invalid", "a@x.onion", "a@x.test", "a b@c.vn", "a@@b.vn", "Mai <m@x.vn>",
       "m@x..vn", ".m@x.vn", "m.@x.vn", "m@x.123", '"a b"@c.vn', "a@[127.0.0.1]", "m@-x.vn", "no-at-sign.vn",
       "@x.vn", "m@", "m@x.vn,n@x.vn", "m@x.vn\nBcc: n@x.vn"]


def _email_fields():
    from fairapp.contest.forms import TieForm
    from fairapp.core.auth.forms import InviteForm, ResetRequestForm, SignupForm
    from fairapp.exhibitors.forms import FairSettingsForm, ProfileForm, StaffPassForm
    from fairapp.visitors.forms import RegistrationForm, WalkInForm

    return [(SignupForm, "email"), (ResetRequestForm, "email"), (InviteForm, "email"), (ProfileForm, "email"),
            (StaffPassForm, "email"), (RegistrationForm, "email"), (WalkInForm, "email"), (TieForm, "party_email"),
            (FairSettingsForm, "organiser_email")]


def _form_verdict(app, form_class, name, address):
    with app.test_request_context(method="POST", data={name: address}):
        form = form_class(formdata=MultiDict({name: address}), meta={"csrf": False})
        field = form[name]
        return field.data if field.validate(form) else None


def test_every_form_with_an_e_mail_accepts_and_refuses_the_same_addresses(app):
    for form_class, name in _email_fields():
        verdicts = {address: _form_verdict(app, form_class, name, address) for address in [*GOOD, *BAD]}
        assert {a: verdicts[a] for a in GOOD} == GOOD, form_class.__name__
        assert [a for a in BAD if verdicts[a] is not None] == [], form_class.__name__


def _service_verdicts(app):
    """address -> the stored address or None (refused), for every service that takes one."""
    from fairapp.contest.services.conflicts import add_tie
    from fairapp.core.auth.services import new_user
    from fairapp.exhibitors.services.profiles import check_profile
    from fairapp.exhibitors.services.setup import _check_terms
    from fairapp.visitors.services import desk, tickets, visitor_import

    def new_account(address):
        return new_user(email=address, name="Nguyễn Thị Mai", role="exhibitor").email

    def profile(address):
        return check_profile(profile_values(email=address))["email"]

    def tie(address):
        juror = new_user(email=f"juror-{uuid.uuid4().hex[:6]}@example.vn", name="Hoàng Văn Ơn", role="juror")
        return add_tie(juror, kind="same_business", party_name="Bà Lan", party_email=address).party_email

    def fair_terms(address):
        values = {"support_mode": "none", "support_rate_pct": Decimal(0), "support_amount_vnd": 0,
                  "vat_rate_pct": Decimal(10), "bank_bin": "970415", "organiser_email": address}
        return _check_terms(values)["organiser_email"]

    def ticket(address):
        fair = get_fair("email-rule")
        return tickets.issue_ticket(fair, tickets.type_by_code(fair, "visitor"), name="Lê Thị Hương",
                                    email=address).email

    def online(address):
        fair = get_fair("email-rule")
        return tickets.register(fair, tickets.type_by_code(fair, "visitor"), name="Lê Thị Hương", email=address,
                                phone=None, organization=None, days=None, locale="vi")[0].email

    def walk_in(address):
        fair = get_fair("email-rule")
        return desk.register_walk_in(fair, tickets.type_by_code(fair, "visitor"), name="Lê Thị Hương",
                                     email=address, days=None, locale="vi")[0].email

    def imported(address):
        return visitor_import._email(address)

    services = {"new_user (sign-up, invitation, demo, create-user)": new_account, "profile": profile, "tie": tie,
                "fair terms": fair_terms, "issue_ticket (staff passes)": ticket, "online registration": online,
                "kiosk": walk_in, "visitor import": imported}
    results = {}
    with app.test_request_context():
        fair = build_fair(slug="email-rule")
        tickets.set_up_fair(fair)
        db.session.commit()
        for label, service in services.items():
            for address in [*GOOD, *BAD]:
                with db.session.begin_nested() as savepoint:
                    try:
                        results[label, address] = service(address)
                    except DomainError:
                        results[label, address] = None
                    savepoint.rollback()
        db.session.rollback()
    return services, results


def test_every_service_accepts_and_refuses_the_same_addresses(app):
    services, results = _service_verdicts(app)
    for label in services:
        assert {a: results[label, a] for a in GOOD} == GOOD, label
        assert [a for a in BAD if results[label, a] is not None] == [], label


def test_create_user_on_the_command_line_follows_the_same_rule(app):
    runner = app.test_cli_runner()
    ok = runner.invoke(args=["fair", "create-user", "Quan.Tri@FairApp.Local", "--role", "organizer",
                             "--name", "Quản trị", "--password", PASSWORD])
    assert ok.exit_code == 0, ok.output
    refused = runner.invoke(args=["fair", "create-user", "quan tri@fairapp.local", "--role", "organizer",
                                  "--name", "Quản trị", "--password", PASSWORD])
    assert refused.exit_code != 0
    with app.app_context():
        assert db.session.scalars(select(User.email)).all() == ["quan.tri@fairapp.local"]


def test_a_demo_exhibitor_saves_their_profile_unchanged(app):
    from fairapp.demo import DEMO_PASSWORD, load_demo
    from fairapp.exhibitors.models import ExhibitorProfile

    with app.test_request_context():
        load_demo()
        db.session.commit()
    client = app.test_client()
    login(client, "battrang@fairapp.local", DEMO_PASSWORD)
    page = client.get("/exhibitors/profile").get_data(as_text=True)
    values = [(k, v) for k, v in form_values(page, action="") if k != "csrf_token"]
    assert ("email", "battrang@fairapp.local") in values
    with app.app_context():
        before = db.session.scalar(select(ExhibitorProfile).join(User).where(User.email == "battrang@fairapp.local"))
        before = {c.key: getattr(before, c.key) for c in ExhibitorProfile.__table__.columns if c.key != "updated_at"}
    response = post_form(client, "/exhibitors/profile", dict(values), page="/exhibitors/profile")
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        after = db.session.scalar(select(ExhibitorProfile).join(User).where(User.email == "battrang@fairapp.local"))
        assert {key: getattr(after, key) for key in before} == before
