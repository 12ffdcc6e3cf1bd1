"""JSON API for gates and scanner devices: check-in, the fair's public keys, gate search."""
import base64
from datetime import datetime, timezone

from flask import abort, g, jsonify, request
from flask_babel import get_locale, gettext as _
from flask_login import current_user
from sqlalchemy import or_, select

from fairapp.core.access import device_or_roles, public
from fairapp.core.db import reads_first
from fairapp.core.errors import DomainError
from fairapp.core.fairs import current_fair, fair_by_slug, local_today
from fairapp.core.i18n import search_key
from fairapp.core.validators import normalise_phone
from fairapp.extensions import db
from fairapp.visitors import bp
from fairapp.visitors.models import Gate, SigningKey, Ticket, TicketType
from fairapp.visitors.services.checkin import Scanner, check_in, today_count

MAX_BODY = 16 * 1024
SEARCH_LIMIT = 20


def _json_body():
    request.max_content_length = MAX_BODY
    if request.content_length and request.content_length > MAX_BODY:
        abort(413)
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        raise DomainError(_("The request body must be a JSON object."), code="bad_json")
    return payload


def _scanner(payload):
    device = getattr(g, "gate_device", None)
    if device is not None:
        return Scanner(fair_id=device.fair_id, device_id=device.id), lambda: _device_gate_name(device)
    fair = fair_by_slug(payload["fair"]) if payload.get("fair") else current_fair()
    if fair is None:
        abort(404)
    return Scanner(fair_id=fair.id, user_id=current_user.id), None


def _device_gate_name(device):
    if device.gate_id is None:
        return None
    return db.session.scalar(select(Gate.name).where(Gate.id == device.gate_id))


def _parse_time(value):
    if value in (None, ""):
        return None
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError as exc:
        raise DomainError(_("scanned_at must be an ISO-8601 time."), code="bad_time") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


@bp.route("/api/v1/checkins", methods=["POST"])
@device_or_roles("gate", "organizer")
@reads_first
def checkin_api():
    payload = _json_body()
    scanner, device_gate = _scanner(payload)
    nonce = payload.get("nonce")
    gate_name = payload.get("gate") or (device_gate() if device_gate else None)
    answer = check_in(scanner, code=payload.get("code"), gate_name=gate_name,
                      direction=payload.get("direction", "in"), nonce=str(nonce) if nonce is not None else None,
                      scanned_at=_parse_time(payload.get("scanned_at")), locale=str(get_locale()))
    db.session.commit()
    return jsonify(answer)


@bp.route("/api/v1/fairs/<slug>/keys")
@public
def keys_api(slug):
    """Public keys for offline verification on gate devices (Ed25519, raw 32 bytes, base64)."""
    fair = fair_by_slug(slug)
    keys = db.session.scalars(select(SigningKey).where(SigningKey.fair_id == fair.id).order_by(SigningKey.id))
    return jsonify(fair=fair.slug, keys=[{
        "key_id": key.id, "algorithm": "Ed25519", "active": key.active,
        "public_key": base64.b64encode(key.public_key).decode("ascii")} for key in keys])


@bp.route("/api/v1/gate/search")
@device_or_roles("gate", "organizer")
def gate_search_api():
    """Find a ticket by name, phone or code when the QR will not scan (at least 3 characters)."""
    query = (request.args.get("q") or "").strip()
    if len(query) < 3:
        raise DomainError(_("Type at least 3 characters."), code="too_short")
    fair_id = g.gate_device.fair_id if getattr(g, "gate_device", None) else (current_fair() or abort(404)).id
    key = search_key(query)
    phone = normalise_phone(query)
    conditions = [Ticket.name_key.contains(key), Ticket.code == query.upper(), Ticket.email == query.lower()]
    if phone:
        conditions.append(Ticket.phone == phone)
    rows = db.session.execute(select(Ticket, TicketType).join(TicketType, Ticket.type_id == TicketType.id)
                              .where(Ticket.fair_id == fair_id, or_(*conditions))
                              .order_by(Ticket.name_key).limit(SEARCH_LIMIT)).all()
    vi = str(get_locale()) == "vi"
    return jsonify(results=[{
        "name": t.name, "organization": t.organization, "type": tt.name if vi else tt.name_en,
        "phone": t.phone, "status": t.status, "code": t.code} for t, tt in rows])


@bp.route("/api/v1/gates")
@device_or_roles("gate", "organizer")
def gates_api():
    fair_id = g.gate_device.fair_id if getattr(g, "gate_device", None) else (current_fair() or abort(404)).id
    names = db.session.scalars(select(Gate.name).where(Gate.fair_id == fair_id).order_by(Gate.name))
    return jsonify(gates=list(names))


@bp.route("/api/v1/gate/count")
@device_or_roles("gate", "organizer")
def gate_count_api():
    """Today's entries at one gate, for the counter on the gate page."""
    fair_id = g.gate_device.fair_id if getattr(g, "gate_device", None) else (current_fair() or abort(404)).id
    gate_id = db.session.scalar(select(Gate.id).where(Gate.fair_id == fair_id,
                                                      Gate.name == (request.args.get("gate") or "").strip()))
    if gate_id is None:
        raise DomainError(_("Unknown gate."), code="unknown_gate")
    return jsonify(gate=request.args.get("gate"), today=today_count(gate_id, local_today()))
