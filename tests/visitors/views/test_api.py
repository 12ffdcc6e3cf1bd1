"""Check-in through the API: every result, retries, exits and re-entry, bad input."""
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from fairapp.core.i18n import LOCAL_TZ
from fairapp.extensions import db
from fairapp.visitors.models import Admission, Scan
from tests.conftest import csrf_token, login


def scan(client, token, code, gate="Cổng 1", direction="in", **extra):
    response = client.post("/api/v1/checkins", json={"code": code, "gate": gate, "direction": direction, **extra},
                           headers={"Authorization": f"Bearer {token}", "Accept-Language": "vi"})
    return response.status_code, response.get_json()


def count(app, model, **where):
    with app.app_context():
        query = select(func.count()).select_from(model)
        for column, value in where.items():
            query = query.where(getattr(model, column) == value)
        return db.session.scalar(query)


def test_first_scan_admits_second_says_when_and_where(client, app, issue, device_token):
    _id, code = issue("Nguyễn Văn Đức", organization="HTX Gốm Bát Tràng")
    status, first = scan(client, device_token, code)
    assert status == 200 and first["result"] == "ok"
    assert first["ticket"]["name"] == "Nguyễn Văn Đức"
    assert first["ticket"]["type"] == "Khách tham quan"
    assert first["message"] == "Xin mời vào!"
    status, second = scan(client, device_token, code, gate="Cổng 2")
    assert second["result"] == "already_checked_in"
    local = datetime.fromisoformat(first["checked_in_at"]).astimezone(LOCAL_TZ).strftime("%H:%M")
    assert second["message"] == f"Vé đã được dùng lúc {local} tại Cổng 1."
    assert second["checked_in_at"] == first["checked_in_at"]
    assert count(app, Admission) == 1
    assert count(app, Scan) == 2  # the refused scan is stored too


def test_forged_unknown_and_garbage_codes_are_invalid(client, app, issue, device_token):
    _id, code = issue()
    flipped = code[:10] + ("A" if code[10] != "A" else "B") + code[11:]
    for bad in (flipped, "HELLO", code.lower()[:-1], "€" * 20):
        assert scan(client, device_token, bad)[1]["result"] == "invalid"
    assert count(app, Admission) == 0
    assert count(app, Scan, result="invalid") == 4


def test_revoked_and_reissued(client, app, fair, issue, device_token):
    from fairapp.visitors.models import Ticket
    from fairapp.visitors.services.tickets import reissue, revoke

    ticket_id, old_code = issue(email="mai@example.vn")
    with app.test_request_context():
        ticket = db.session.get(Ticket, ticket_id)
        revoke(ticket, "Vé bị chia sẻ")
        db.session.commit()
    assert scan(client, device_token, old_code)[1]["result"] == "revoked"
    with app.test_request_context():
        ticket = db.session.get(Ticket, ticket_id)
        reissue(ticket)
        db.session.commit()
        new_code = ticket.code
    assert new_code != old_code
    assert scan(client, device_token, old_code)[1]["result"] == "revoked"
    assert scan(client, device_token, new_code)[1]["result"] == "ok"


def test_ticket_for_other_days_is_not_valid_today(client, issue, app, fair, device_token):
    from fairapp.core.fairs import local_today

    tomorrow = local_today() + timedelta(days=1)
    _id, code = issue(days=[tomorrow])
    result = scan(client, device_token, code)[1]
    assert result["result"] == "not_valid_today"
    assert result["message"] == "Vé không có giá trị hôm nay."


def test_code_of_another_fair_is_wrong_fair(client, app, issue, device_token):
    from fairapp.core.models import Fair
    from fairapp.visitors.services.tickets import set_up_fair

    with app.app_context():
        first = db.session.scalar(select(Fair))
        other = Fair(slug="hoi-cho-khac", name="Hội chợ khác", venue="Hà Nội", starts_on=first.starts_on,
                     ends_on=first.ends_on)
        db.session.add(other)
        db.session.flush()
        set_up_fair(other)
        db.session.commit()
        other_id = other.id
    _id, foreign_code = issue(fair_id=other_id)
    assert scan(client, device_token, foreign_code)[1]["result"] == "wrong_fair"


def test_exit_always_succeeds_and_reentry_follows_the_type(client, issue, device_token):
    _id, visitor = issue("Khách thường", "visitor")
    _id, trade = issue("Khách thương mại", "trade")
    for code in (visitor, trade):
        assert scan(client, device_token, code)[1]["result"] == "ok"
        assert scan(client, device_token, code, direction="out")[1]["result"] == "ok"
    # once per day: out and back in the same day is refused; re-entry types may come back
    assert scan(client, device_token, visitor)[1]["result"] == "already_checked_in"
    assert scan(client, device_token, trade)[1]["result"] == "ok"
    assert scan(client, device_token, trade)[1]["result"] == "already_checked_in"


def test_retry_with_same_nonce_returns_first_answer_and_stores_nothing(client, app, issue, device_token):
    _id, code = issue()
    first = scan(client, device_token, code, nonce="scan-0001")[1]
    again = scan(client, device_token, code, nonce="scan-0001")[1]
    assert first == again and first["result"] == "ok"
    assert count(app, Scan) == 1
    assert scan(client, device_token, code, nonce="scan-0002")[1]["result"] == "already_checked_in"
    assert count(app, Scan) == 2


def test_offline_scan_time_is_kept_but_never_from_the_future(client, app, issue, device_token):
    _id, code = issue()
    earlier = (datetime.now(LOCAL_TZ) - timedelta(minutes=20)).isoformat()
    answer = scan(client, device_token, code, scanned_at=earlier)[1]
    assert datetime.fromisoformat(answer["checked_in_at"]) == datetime.fromisoformat(earlier)
    _id, code2 = issue("Người thứ hai")
    future = (datetime.now(LOCAL_TZ) + timedelta(hours=3)).isoformat()
    answer = scan(client, device_token, code2, scanned_at=future)[1]
    assert datetime.fromisoformat(answer["checked_in_at"]) < datetime.fromisoformat(future)


@pytest.mark.parametrize("body, content_type, status", [
    ("{not json", "application/json", 400),
    ("[1, 2, 3]", "application/json", 400),
    ('{"code": "' + "A" * 10_000 + '", "gate": "Cổng 1"}', "application/json", 422),  # too long
    ('{"code": "ABC", "gate": "Cổng 99"}', "application/json", 400),
    ('{"code": "ABC", "gate": "Cổng 1", "direction": "sideways"}', "application/json", 422),  # not in/out
    ('{"gate": "Cổng 1"}', "application/json", 400),
])
def test_bad_input_is_refused_and_changes_nothing(client, app, fair, device_token, body, content_type, status):
    response = client.post("/api/v1/checkins", data=body, content_type=content_type,
                           headers={"Authorization": f"Bearer {device_token}"})
    assert response.status_code == status
    assert response.get_json()["message"]
    assert count(app, Scan) == 0


def test_huge_body_is_refused_before_parsing(client, app, fair, device_token):
    response = client.post("/api/v1/checkins", data=b"{" + b" " * 2_000_000 + b"}",
                           content_type="application/json", headers={"Authorization": f"Bearer {device_token}"})
    assert response.status_code == 413
    assert count(app, Scan) == 0


def test_revoked_device_token_is_refused(client, app, fair, issue, device_token):
    from fairapp.visitors.models import GateDevice
    from fairapp.visitors.services.setup import device_for_token, revoke_gate_device

    _id, code = issue()
    with app.test_request_context():
        revoke_gate_device(db.session.get(GateDevice, device_for_token(device_token).id))
        db.session.commit()
    status, body = scan(client, device_token, code)
    assert status == 401 and body["error"] == "unauthorized"
    assert count(app, Scan) == 0


def test_gate_user_scans_with_session_and_csrf_header(client, app, fair, issue, make_user):
    _id, code = issue()
    login(client, make_user("gate"))
    no_header = client.post("/api/v1/checkins", json={"code": code, "gate": "Cổng 1"})
    assert no_header.status_code == 400
    assert count(app, Scan) == 0
    token = csrf_token(client)
    ok = client.post("/api/v1/checkins", json={"code": code, "gate": "Cổng 1"}, headers={"X-CSRFToken": token})
    assert ok.status_code == 200 and ok.get_json()["result"] == "ok"


def test_other_roles_cannot_scan(client, app, fair, issue, make_user):
    _id, code = issue()
    login(client, make_user("exhibitor"))
    response = client.post("/api/v1/checkins", json={"code": code, "gate": "Cổng 1"},
                           headers={"X-CSRFToken": csrf_token(client)})
    assert response.status_code == 403
    anonymous = app.test_client().post("/api/v1/checkins", json={"code": code, "gate": "Cổng 1"})
    assert anonymous.status_code == 401
    assert count(app, Scan) == 0
