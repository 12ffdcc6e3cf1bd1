"""Bad input changes nothing: broken or wrongly encoded import files, a scanner of one fair
scanning (or claiming) another fair, a revoked scanner token."""
import io

import pytest
from sqlalchemy import func, select

from fairapp.core.models import AuditEntry, Fair, OutboxMessage
from fairapp.extensions import db
from fairapp.visitors.models import Admission, Gate, GateDevice, Scan, Ticket
from fairapp.visitors.services.setup import create_gate_device, revoke_gate_device
from fairapp.visitors.services.tickets import set_up_fair
from tests.conftest import login, post_form

TABLES = (Ticket, Admission, Scan, AuditEntry, OutboxMessage, GateDevice)


def snapshot(app):
    """Row counts of every table the visitors' flows write to, and every ticket's state."""
    with app.app_context():
        counts = {model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
                  for model in TABLES}
        tickets = db.session.execute(select(Ticket.id, Ticket.status, Ticket.version, Ticket.code, Ticket.exits)
                                     .order_by(Ticket.id)).all()
        return counts, tickets


@pytest.fixture
def fair_b(app, fair):
    """A second fair on the same days, with its own key, types and gates."""
    with app.app_context():
        first = db.session.get(Fair, fair)
        other = Fair(slug="hoi-cho-b", name="Hội chợ B", venue="Hà Nội", starts_on=first.starts_on,
                     ends_on=first.ends_on)
        db.session.add(other)
        db.session.flush()
        set_up_fair(other)
        db.session.commit()
        return other.id


def scan(client, token, code, **extra):
    response = client.post("/api/v1/checkins", json={"code": code, "gate": "Cổng 1", **extra},
                           headers={"Authorization": f"Bearer {token}"})
    return response.status_code, response.get_json()


# ---------------------------------------------------------------- import files


@pytest.mark.parametrize("filename, data, shown", [
    ("hong.csv", "name,email,phone,organization,type\nMai,mai@example.vn,,,visitor\n,x@@,99,,khong\n"
     .encode("utf-8"), 'data-testid="import-problems"'),
    ("cu.csv", "name,email,phone,organization,type\nĐặng Thị Hồng,h@example.vn,,,visitor\n".encode("utf-16"),
     "UTF-16"),
    ("latin.csv", "name,email,phone,organization,type\nJosé Ñúñez,j@example.vn,,,visitor\n".encode("latin-1"),
     "UTF-8"),
    ("hong.xlsx", b"PK\x03\x04 not really a workbook", "Excel"),
    ("san.csv", "name,email,phone,organization,type\nMai,SAN@example.vn,,,visitor\n".encode("utf-8"),
     "E-mail san@example.vn đã có vé tại hội chợ này."),
])
def test_a_bad_import_file_changes_nothing(app, client, fair, issue, make_user, filename, data, shown):
    issue("Khách có sẵn", email="san@example.vn")
    before = snapshot(app)
    login(client, make_user("organizer"))
    response = post_form(client, "/visitors/admin/tickets/import",
                         {"file": (io.BytesIO(data), filename), "send_tickets": "y"}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert shown in response.get_data(as_text=True)
    assert snapshot(app) == before


# ---------------------------------------------------------------- a scanner of another fair


def test_a_scanner_of_fair_a_refuses_a_code_of_fair_b(app, client, fair, fair_b, issue, device_token):
    b_id, b_code = issue("Khách hội chợ B", fair_id=fair_b)
    before = snapshot(app)

    status, answer = scan(client, device_token, b_code)

    assert status == 200 and answer["result"] == "wrong_fair"
    assert answer["message"] == "Vé này của hội chợ khác."
    counts, tickets = snapshot(app)
    assert tickets == before[1]  # no ticket changed
    assert counts["admissions"] == 0
    assert counts["scans"] == before[0]["scans"] + 1  # the refusal is logged, as every scan is
    with app.app_context():
        logged = db.session.scalar(select(Scan))
        assert (logged.fair_id, logged.result, logged.ticket_id) == (fair, "wrong_fair", None)


def test_a_scanner_cannot_claim_another_fair_with_the_fair_parameter(app, client, fair, fair_b, issue,
                                                                     device_token):
    a_id, a_code = issue("Khách hội chợ A")
    b_id, b_code = issue("Khách hội chợ B", fair_id=fair_b)

    status, answer = scan(client, device_token, b_code, fair="hoi-cho-b")
    assert answer["result"] == "wrong_fair"  # the token's fair, A, decides; B is not asked
    status, answer = scan(client, device_token, a_code, fair="hoi-cho-b")
    assert answer["result"] == "ok"

    with app.app_context():
        admissions = db.session.execute(select(Admission.ticket_id, Gate.fair_id)
                                        .join(Gate, Admission.gate_id == Gate.id)).all()
        scans = db.session.scalars(select(Scan.fair_id)).all()
    assert admissions == [(a_id, fair)]
    assert scans == [fair, fair]


def test_a_gate_name_of_fair_b_is_unknown_to_a_scanner_of_fair_a(app, client, fair, fair_b, issue, device_token):
    with app.app_context():
        db.session.add(Gate(fair_id=fair_b, name="Cổng riêng B"))
        db.session.commit()
    _id, code = issue()
    before = snapshot(app)
    status, answer = scan(client, device_token, code, gate="Cổng riêng B")
    assert status == 400 and answer["message"] == "Cổng không tồn tại."
    assert snapshot(app) == before


# ---------------------------------------------------------------- a revoked scanner token


def test_a_revoked_token_gets_401_and_changes_nothing(app, client, fair, issue):
    _id, code = issue()
    with app.test_request_context():
        gate = db.session.scalar(select(Gate).where(Gate.fair_id == fair, Gate.name == "Cổng 2"))
        device, token = create_gate_device(db.session.get(Fair, fair), gate, "Máy quét bị mất")
        db.session.commit()
        revoke_gate_device(db.session.get(GateDevice, device.id))
        db.session.commit()
    before = snapshot(app)

    for method, path, body in (("POST", "/api/v1/checkins", {"code": code, "gate": "Cổng 2"}),
                               ("GET", "/api/v1/gate/search?q=Nguyen", None), ("GET", "/api/v1/gates", None)):
        response = client.open(path, method=method, json=body, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401, path
        assert response.get_json()["error"] == "unauthorized"

    assert snapshot(app) == before


def test_a_made_up_token_is_refused_like_a_revoked_one(app, client, fair, issue):
    _id, code = issue()
    before = snapshot(app)
    status, answer = scan(client, "gd_" + "A" * 43, code)
    assert status == 401 and answer["error"] == "unauthorized"
    assert snapshot(app) == before
