"""The organiser's set-up pages through the test client: who may open them, ticket types, gates,
scanner tokens shown once, the public keys, choosing another fair."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from fairapp.core.models import AuditEntry, Fair
from fairapp.extensions import db
from fairapp.visitors.models import Gate, GateDevice, Scan, Ticket, TicketType
from tests.conftest import csrf_token, login, post_form
from tests.visitors.conftest import count, names, scan, text_of

PAGES = ["/visitors/admin/tickets", "/visitors/admin/tickets/import", "/visitors/admin/ticket-types",
         "/visitors/admin/ticket-types/new", "/visitors/admin/gates", "/visitors/admin/devices",
         "/visitors/admin/tickets/export?format=csv", "/visitors/admin/tickets/import/template?format=xlsx"]


# ---------------------------------------------------------------- who may open the pages


def test_organiser_opens_every_page(organiser, fair):
    for path in PAGES:
        response = organiser.get(path)
        assert response.status_code == 200, path


@pytest.mark.parametrize("role", ["exhibitor", "juror", "gate"])
def test_other_roles_are_refused(app, client, fair, make_user, issue, role):
    ticket_id, _code = issue(email="mai@example.vn")
    login(client, make_user(role))
    for path in PAGES + [f"/visitors/admin/tickets/{ticket_id}"]:
        assert client.get(path).status_code == 403, path
    token = csrf_token(client)
    for path in (f"/visitors/admin/tickets/{ticket_id}/revoke", f"/visitors/admin/tickets/{ticket_id}/reissue",
                 "/visitors/admin/gates", "/visitors/admin/devices"):
        assert client.post(path, data={"csrf_token": token, "reason": "x", "name": "Cổng 9", "gate": 1}
                           ).status_code == 403, path
    with app.app_context():
        assert db.session.get(Ticket, ticket_id).status == "valid"
    assert count(app, Gate, Gate.name == "Cổng 9") == 0
    assert count(app, GateDevice) == 0


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(client, fair):
    response = client.get("/visitors/admin/tickets")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


# ---------------------------------------------------------------- ticket types


def test_create_and_edit_a_ticket_type(app, organiser, fair):
    page = text_of(organiser.get("/visitors/admin/ticket-types/new"))
    with app.app_context():
        first = db.session.get(Fair, fair).starts_on
    assert re.search(rf'<input checked[^>]*value="{first.isoformat()}"', page)  # every day ticked at first

    response = post_form(organiser, "/visitors/admin/ticket-types/new", {
        "code": "buyer", "name": "Khách mua sỉ", "name_en": "Wholesale buyer", "valid_days": [first.isoformat()],
        "entry_policy": "reentry", "badge_color": "#20c997", "is_free": "y"})
    assert response.status_code == 302
    with app.app_context():
        buyer = db.session.scalar(select(TicketType).where(TicketType.code == "buyer"))
        assert (buyer.name, buyer.valid_days, buyer.entry_policy, buyer.is_free, buyer.public) == (
            "Khách mua sỉ", [first.isoformat()], "reentry", True, False)
        type_id = buyer.id
    assert "Khách mua sỉ" in text_of(organiser.get(response.headers["Location"]))

    edit = f"/visitors/admin/ticket-types/{type_id}/edit"
    assert "Khách mua sỉ" in text_of(organiser.get(edit))
    refused = post_form(organiser, edit, {"code": "trade", "name": "X", "name_en": "X", "valid_days": [],
                                          "entry_policy": "once", "badge_color": "#000000"})
    assert refused.status_code == 422
    assert "Một loại vé khác của hội chợ này đã dùng mã này." in text_of(refused)
    saved = post_form(organiser, edit, {"code": "buyer", "name": "Khách mua sỉ", "name_en": "Wholesale buyer",
                                        "valid_days": [first.isoformat()], "entry_policy": "once",
                                        "badge_color": "#20c997", "public": "y"})
    assert saved.status_code == 302
    with app.app_context():
        assert db.session.get(TicketType, type_id).public is True
        actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_type == "ticket_type")).all()
    assert actions == ["ticket_type.create", "ticket_type.update"]


# ---------------------------------------------------------------- gates


def test_add_rename_and_remove_gates(app, organiser, fair):
    assert post_form(organiser, "/visitors/admin/gates", {"name": "Cổng Phụ"}).status_code == 302
    taken = post_form(organiser, "/visitors/admin/gates", {"name": "CỔNG PHỤ"})
    assert "Hội chợ này đã có cổng mang tên này." in text_of(taken)
    with app.app_context():
        gate_id = db.session.scalar(select(Gate.id).where(Gate.name == "Cổng Phụ"))
    post_form(organiser, f"/visitors/admin/gates/{gate_id}/rename", {"name": "Cổng Hoa Lư"})
    page = text_of(organiser.get("/visitors/admin/gates"))
    assert 'value="Cổng Hoa Lư"' in page and "Cổng Phụ" not in page

    assert organiser.post(f"/visitors/admin/gates/{gate_id}/remove").status_code == 400  # no CSRF token
    assert count(app, Gate, Gate.id == gate_id) == 1
    post_form(organiser, f"/visitors/admin/gates/{gate_id}/remove", {})
    assert count(app, Gate, Gate.id == gate_id) == 0


# ---------------------------------------------------------------- scanners and keys


def test_a_scanner_token_is_shown_once_and_then_only_its_name(app, client, organiser, fair, issue):
    with app.app_context():
        gate_id = db.session.scalar(select(Gate.id).where(Gate.fair_id == fair, Gate.name == "Cổng 2"))
    created = post_form(organiser, "/visitors/admin/devices", {"gate": gate_id, "name": "Máy quét Cổng 2 – số 1"})
    assert created.status_code == 200
    assert created.headers["Cache-Control"] == "no-store"
    token = re.search(r'id="device-token">(gd_[\w-]+)<', text_of(created)).group(1)

    listing = text_of(organiser.get("/visitors/admin/devices"))
    assert "Máy quét Cổng 2 – số 1" in listing and token not in listing

    _id, code = issue()
    scanner = client.application.test_client()
    assert scan(scanner, token, code, gate=None)["result"] == "ok"  # the device's own gate is used

    with app.app_context():
        device_id = db.session.scalar(select(GateDevice.id))
    post_form(organiser, f"/visitors/admin/devices/{device_id}/revoke", {})
    assert scanner.post("/api/v1/checkins", json={"code": code, "gate": "Cổng 2"},
                        headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert "Đã thu hồi" in text_of(organiser.get("/visitors/admin/devices"))


def test_the_public_keys_are_shown(app, organiser, fair):
    page = text_of(organiser.get("/visitors/admin/devices"))
    keys = app.test_client().get("/api/v1/fairs/hoi-cho-test/keys").get_json()["keys"]
    assert keys[0]["public_key"] in page
    assert "/api/v1/fairs/hoi-cho-test/keys" in page


def test_pages_choose_another_fair_by_its_slug(app, organiser, fair, issue):
    from fairapp.visitors.services.tickets import set_up_fair

    with app.app_context():
        first = db.session.get(Fair, fair)
        other = Fair(slug="hoi-cho-2027", name="Hội chợ 2027", venue="Hà Nội",
                     starts_on=first.starts_on + timedelta(days=300), ends_on=first.starts_on + timedelta(days=303))
        db.session.add(other)
        db.session.flush()
        set_up_fair(other)
        db.session.commit()
    issue("Khách hội chợ này")
    assert names(organiser.get("/visitors/admin/tickets")) == ["Khách hội chợ này"]
    assert names(organiser.get("/visitors/admin/tickets?fair=hoi-cho-2027")) == []
    assert "Hội chợ 2027" in text_of(organiser.get("/visitors/admin/gates?fair=hoi-cho-2027"))
    assert organiser.get("/visitors/admin/gates?fair=khong-co").status_code == 404
    assert count(app, Scan) == 0
