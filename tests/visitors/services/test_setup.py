"""Organiser set-up as services (no HTTP): ticket types, gates, scanner devices, public keys; all audited."""
import base64
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from fairapp.core.auth.services import find_user
from fairapp.core.errors import DomainError
from fairapp.core.models import AuditEntry, Fair
from fairapp.extensions import db
from fairapp.visitors.models import Gate, GateDevice, SigningKey, TicketType
from fairapp.visitors.services import setup
from fairapp.visitors.services.checkin import Scanner, check_in
from fairapp.visitors.services.setup import device_for_token
from fairapp.visitors.services.tickets import type_by_code


def the_fair(fair_id):
    return db.session.get(Fair, fair_id)


def audit_actions(*prefixes):
    return [(e.action, e.object_id, e.before, e.after) for e in db.session.scalars(
        select(AuditEntry).order_by(AuditEntry.id)) if e.action.startswith(prefixes)]


def type_values(fair, **changes):
    days = [fair.starts_on.isoformat(), (fair.starts_on + timedelta(days=1)).isoformat()]
    values = {"code": "buyer-asean", "name": "Khách mua hàng ASEAN", "name_en": "ASEAN buyer", "valid_days": days,
              "entry_policy": "reentry", "badge_color": "#20C997", "is_free": False, "public": True}
    return {**values, **changes}


# ---------------------------------------------------------------- ticket types


def test_create_and_edit_a_ticket_type_is_audited(app, fair):
    with app.test_request_context():
        ticket_type = setup.create_ticket_type(the_fair(fair), type_values(the_fair(fair), code=" Buyer-ASEAN "))
        db.session.commit()
        assert (ticket_type.code, ticket_type.badge_color, ticket_type.is_free, ticket_type.public) == (
            "buyer-asean", "#20c997", False, True)
        assert ticket_type.position > max(t.position for t in db.session.scalars(
            select(TicketType).where(TicketType.fair_id == fair, TicketType.id != ticket_type.id)))

        setup.update_ticket_type(ticket_type, type_values(the_fair(fair), entry_policy="once", public=False))
        db.session.commit()
        setup.update_ticket_type(ticket_type, type_values(the_fair(fair), entry_policy="once", public=False))
        db.session.commit()  # nothing changed: nothing logged

        log = audit_actions("ticket_type.")
        assert [a for a, *_ in log] == ["ticket_type.create", "ticket_type.update"]
        assert log[0][3]["name"] == "Khách mua hàng ASEAN"
        assert log[1][2:] == ({"entry_policy": "reentry", "public": True}, {"entry_policy": "once", "public": False})


@pytest.mark.parametrize("changes, field", [
    ({"code": "trade"}, "code"),          # taken in this fair
    ({"code": "Khách VIP"}, "code"),
    ({"code": "x"}, "code"),
    ({"name": "   "}, "name"),
    ({"name_en": "E" * 101}, "name_en"),
    ({"valid_days": []}, "valid_days"),
    ({"valid_days": ["2001-01-01"]}, "valid_days"),
    ({"entry_policy": "twice"}, "entry_policy"),
    ({"badge_color": "red"}, "badge_color"),
])
def test_a_wrong_ticket_type_is_refused_on_its_field(app, fair, changes, field):
    with app.test_request_context():
        before = db.session.scalar(select(func.count()).select_from(TicketType))
        with pytest.raises(DomainError) as error:
            setup.create_ticket_type(the_fair(fair), type_values(the_fair(fair), **changes))
        assert error.value.field == field
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(TicketType)) == before
        assert audit_actions("ticket_type.") == []


def test_a_type_may_keep_its_own_code_but_not_take_another(app, fair):
    with app.test_request_context():
        vip = type_by_code(the_fair(fair), "vip")
        setup.update_ticket_type(vip, type_values(the_fair(fair), code="vip", name="Khách mời đặc biệt"))
        with pytest.raises(DomainError):
            setup.update_ticket_type(vip, type_values(the_fair(fair), code="press"))


def test_valid_days_may_span_at_most_eight_days(app):
    from datetime import date

    from fairapp.visitors.services.tickets import set_up_fair

    with app.test_request_context():
        long_fair = Fair(slug="hoi-cho-dai", name="Hội chợ dài ngày", venue="Hà Nội", starts_on=date(2026, 10, 1),
                         ends_on=date(2026, 10, 12))
        db.session.add(long_fair)
        db.session.flush()
        set_up_fair(long_fair)
        with pytest.raises(DomainError) as error:
            setup.create_ticket_type(long_fair, type_values(long_fair, valid_days=["2026-10-01", "2026-10-09"]))
        assert "8" in error.value.message
        assert setup.create_ticket_type(long_fair, type_values(long_fair, valid_days=["2026-10-01", "2026-10-08"]))


# ---------------------------------------------------------------- gates


def test_add_rename_remove_a_gate(app, fair):
    with app.test_request_context():
        gate = setup.add_gate(the_fair(fair), "  Cổng   4 ")
        db.session.commit()
        assert gate.name == "Cổng 4"
        with pytest.raises(DomainError):
            setup.add_gate(the_fair(fair), "cổng 1")  # differs from "Cổng 1" only by case
        db.session.rollback()
        gate = db.session.get(Gate, gate.id)
        setup.rename_gate(gate, "Cổng VIP")
        db.session.commit()
        with pytest.raises(DomainError):
            setup.rename_gate(gate, "Cổng 2")
        db.session.rollback()
        gate = db.session.get(Gate, gate.id)
        device, _token = setup.create_device(the_fair(fair), gate.id, "Máy quét VIP")
        db.session.commit()

        assert setup.remove_gate(gate) == 1
        db.session.commit()
        assert db.session.get(Gate, gate.id) is None
        assert db.session.get(GateDevice, device.id).revoked_at is not None
        assert [a for a, *_ in audit_actions("gate")] == [
            "gate.create", "gate.rename", "gate_device.create", "gate_device.revoke", "gate.remove"]


def test_a_gate_with_scans_cannot_be_removed(app, fair, issue, make_user):
    _id, code = issue()
    with app.test_request_context():
        staff = find_user(make_user("gate"))
        assert check_in(Scanner(fair_id=fair, user_id=staff.id), code=code, gate_name="Cổng 2",
                        direction="in")["result"] == "ok"
        db.session.commit()
        gate = db.session.scalar(select(Gate).where(Gate.fair_id == fair, Gate.name == "Cổng 2"))
        with pytest.raises(DomainError) as error:
            setup.remove_gate(gate)
        assert "đổi tên" in error.value.message
        db.session.rollback()
        assert db.session.get(Gate, gate.id) is not None


# ---------------------------------------------------------------- scanners and keys


def test_a_device_token_is_returned_once_and_only_its_hash_is_kept(app, fair, other_gate_fair):
    with app.test_request_context():
        gate = db.session.scalar(select(Gate).where(Gate.fair_id == fair, Gate.name == "Cổng 3"))
        device, token = setup.create_device(the_fair(fair), gate.id, "  Máy quét   cổng 3 ")
        db.session.commit()
        assert device.name == "Máy quét cổng 3"
        assert token not in device.token_hash and len(device.token_hash) == 64
        assert device_for_token(token).id == device.id
        assert [d.id for d in setup.devices(the_fair(fair))] == [device.id]

        with pytest.raises(DomainError) as error:  # a gate of another fair
            setup.create_device(the_fair(fair), other_gate_fair, "Máy lạ")
        assert error.value.field == "gate"
        db.session.rollback()

        setup.revoke_device(db.session.get(GateDevice, device.id))
        db.session.commit()
        assert device_for_token(token) is None
        with pytest.raises(DomainError):
            setup.revoke_device(db.session.get(GateDevice, device.id))


@pytest.fixture
def other_gate_fair(app, fair):
    """The id of a gate that belongs to another fair."""
    with app.app_context():
        first = db.session.get(Fair, fair)
        other = Fair(slug="hoi-cho-khac", name="Hội chợ khác", venue="Hà Nội", starts_on=first.starts_on,
                     ends_on=first.ends_on)
        db.session.add(other)
        db.session.flush()
        gate = Gate(fair_id=other.id, name="Cổng 1")
        db.session.add(gate)
        db.session.commit()
        return gate.id


def test_public_keys_are_shown_with_a_fingerprint(app, fair):
    with app.app_context():
        [key] = setup.public_keys(the_fair(fair))
        row = db.session.scalar(select(SigningKey).where(SigningKey.fair_id == fair))
        assert base64.b64decode(key["public_key"]) == row.public_key
        assert key["active"] and len(key["fingerprint"].split(":")) == 8
