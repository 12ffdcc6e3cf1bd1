"""JSON API for gates and scanner devices: check-in, the fair's public keys, gate search."""
import base64
from datetime import datetime, timezone

from flask import abort, g, jsonify
from flask_babel import get_locale, gettext as _
from flask_login import current_user
from sqlalchemy import or_, select

from fairapp.core import payload
from fairapp.core.access import device_or_roles, public
from fairapp.core.db import reads_first
from fairapp.core.errors import DomainError
from fairapp.core.fairs import current_fair, fair_by_slug, local_today
from fairapp.core.i18n import search_key
from fairapp.core.validators import normalise_phone
from fairapp.extensions import db
from fairapp.visitors import bp
from fairapp.visitors.models import Gate, SigningKey, Ticket, TicketType
from fairapp.visitors.services import codes
from fairapp.visitors.services.checkin import MAX_CODE_CHARS, Scanner, check_in, today_count

SEARCH_LIMIT = 20
SLUG = {"slug": payload.text(64, required=True)}
# A missing code is the service's "no code was scanned"; a missing gate is the scanner's own.
CHECKIN = {
    "code": payload.text(MAX_CODE_CHARS),
    "gate": payload.text(60, nullable=True),
    "direction": payload.text(3, default="in", choices=("in", "out")),
    "nonce": payload.text(100, nullable=True),
    "fair": payload.text(64, nullable=True),
    "scanned_at": payload.text(40, nullable=True),
}


def _scanner(body):
    device = getattr(g, "gate_device", None)
    if device is not None:
        return Scanner(fair_id=device.fair_id, device_id=device.id), lambda: _device_gate_name(device)
    fair = fair_by_slug(body["fair"]) if body["fair"] else current_fair()
    if fair is None:
        abort(404)
    return Scanner(fair_id=fair.id, user_id=current_user.id), None


def _device_gate_name(device):
    if device.gate_id is None:
        return None
    return db.session.scalar(select(Gate.name).where(Gate.id == device.gate_id))


def _parse_time(value):
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise DomainError(_("scanned_at must be an ISO-8601 time."), code="bad_time", field="scanned_at",
                          status=422) from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


@bp.route("/api/v1/checkins", methods=["POST"])
@device_or_roles("gate", "organizer")
@reads_first
@payload.accepts(body=CHECKIN)
def checkin_api(body):
    scanner, device_gate = _scanner(body)
    gate_name = body["gate"] or (device_gate() if device_gate else None)
    answer = check_in(scanner, code=body["code"], gate_name=gate_name, direction=body["direction"],
                      nonce=body["nonce"], scanned_at=_parse_time(body["scanned_at"]), locale=str(get_locale()))
    db.session.commit()
    return jsonify(answer)


@bp.route("/api/v1/fairs/<slug>/keys")
@public
@payload.accepts(path=SLUG)
def keys_api(slug):
    """Public keys for offline verification on gate devices (Ed25519, raw 32 bytes, base64)."""
    fair = fair_by_slug(slug)
    keys = db.session.scalars(select(SigningKey).where(SigningKey.fair_id == fair.id).order_by(SigningKey.id))
    return jsonify(fair=fair.slug, keys=[{
        "key_id": key.id, "algorithm": "Ed25519", "active": key.active,
        "public_key": base64.b64encode(key.public_key).decode("ascii")} for key in keys])


@bp.route("/api/v1/gate/search")
@device_or_roles("gate", "organizer")
@payload.accepts(query={"q": payload.text(200, default="")})
def gate_search_api(query):
    """Find a ticket by name, phone or code when the QR will not scan (at least 3 characters)."""
    query = query["q"]
    if len(query) < 3:
        raise DomainError(_("Type at least 3 characters."), code="too_short")
    fair_id = g.gate_device.fair_id if getattr(g, "gate_device", None) else (current_fair() or abort(404)).id
    key = search_key(query)
    phone = normalise_phone(query)
    conditions = [Ticket.name_key.contains(key), Ticket.code == query.upper(), Ticket.email == query.lower()]
    if phone:
        conditions.append(Ticket.phone == phone)
    if (short := codes.short_code_condition(query)) is not None:  # the XXXX-XXXX printed under the QR
        conditions.append(short)
    rows = db.session.execute(select(Ticket, TicketType).join(TicketType, Ticket.type_id == TicketType.id)
                              .where(Ticket.fair_id == fair_id, or_(*conditions))
                              .order_by(Ticket.name_key).limit(SEARCH_LIMIT)).all()
    vi = str(get_locale()) == "vi"
    return jsonify(results=[{
        "name": t.name, "organization": t.organization, "type": tt.name if vi else tt.name_en,
        "phone": t.phone, "status": t.status, "code": t.code} for t, tt in rows])


@bp.route("/api/v1/gates")
@device_or_roles("gate", "organizer")
@payload.accepts()
def gates_api():
    fair_id = g.gate_device.fair_id if getattr(g, "gate_device", None) else (current_fair() or abort(404)).id
    names = db.session.scalars(select(Gate.name).where(Gate.fair_id == fair_id).order_by(Gate.name))
    return jsonify(gates=list(names))


@bp.route("/api/v1/gate/count")
@device_or_roles("gate", "organizer")
@payload.accepts(query={"gate": payload.text(60, default="")})
def gate_count_api(query):
    """Today's entries at one gate, for the counter on the gate page."""
    fair_id = g.gate_device.fair_id if getattr(g, "gate_device", None) else (current_fair() or abort(404)).id
    gate_id = db.session.scalar(select(Gate.id).where(Gate.fair_id == fair_id, Gate.name == query["gate"]))
    if gate_id is None:
        raise DomainError(_("Unknown gate."), code="unknown_gate")
    return jsonify(gate=query["gate"], today=today_count(gate_id, local_today()))
