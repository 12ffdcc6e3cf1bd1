"""Organiser set-up of a fair's entry: ticket types, gates, scanner devices and the public keys."""
import base64
import hashlib
import re
import secrets
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select

from fairapp.core import audit
from fairapp.core.db import utcnow
from fairapp.core.errors import DomainError
from fairapp.core.fairs import fair_days
from fairapp.core.i18n import clean_text
from fairapp.extensions import db
from fairapp.visitors.models import ENTRY_POLICIES, Gate, GateDevice, Scan, SigningKey, TicketType
from fairapp.visitors.services import codes

TYPE_CODE = re.compile(r"[a-z0-9][a-z0-9_-]{1,31}")
COLOUR = re.compile(r"#[0-9a-f]{6}")
TYPE_FIELDS = ("code", "name", "name_en", "valid_days", "entry_policy", "badge_color", "is_free", "public")


# ---------------------------------------------------------------- ticket types


def _text(values, name, limit):
    text = clean_text(values.get(name))
    if not text:
        raise DomainError(_("This field is required."), field=name)
    if len(text) > limit:
        raise DomainError(_("At most %(max)d characters.", max=limit), field=name)
    return text


def _valid_days(fair, chosen):
    allowed = {d.isoformat() for d in fair_days(fair)}
    days = sorted({d.isoformat() if isinstance(d, date) else str(d) for d in chosen or ()})
    if not days or not set(days) <= allowed:
        raise DomainError(_("Choose at least one day of the fair."), field="valid_days")
    # A signed code holds a bit mask of at most MAX_DAYS consecutive days.
    if (date.fromisoformat(days[-1]) - date.fromisoformat(days[0])).days >= codes.MAX_DAYS:
        raise DomainError(_("A ticket type can span at most %(n)d consecutive days.", n=codes.MAX_DAYS),
                          field="valid_days")
    return days


def _checked_type(fair, values, current=None):
    code = (values.get("code") or "").strip().lower()
    if not TYPE_CODE.fullmatch(code):
        raise DomainError(_("Use 2–32 lower-case letters, digits, hyphens or underscores."), field="code")
    clash = select(TicketType.id).where(TicketType.fair_id == fair.id, TicketType.code == code)
    if current is not None:
        clash = clash.where(TicketType.id != current.id)
    if db.session.scalar(clash) is not None:
        raise DomainError(_("Another ticket type of this fair already uses this code."), field="code")
    if values.get("entry_policy") not in ENTRY_POLICIES:
        raise DomainError(_("Choose an entry policy."), field="entry_policy")
    colour = (values.get("badge_color") or "").strip().lower()
    if not COLOUR.fullmatch(colour):
        raise DomainError(_("Choose a colour such as #0d6efd."), field="badge_color")
    return {"code": code, "name": _text(values, "name", 100), "name_en": _text(values, "name_en", 100),
            "valid_days": _valid_days(fair, values.get("valid_days")), "entry_policy": values["entry_policy"],
            "badge_color": colour, "is_free": bool(values.get("is_free")), "public": bool(values.get("public"))}


def create_ticket_type(fair, values):
    checked = _checked_type(fair, values)
    last = db.session.scalar(select(func.max(TicketType.position)).where(TicketType.fair_id == fair.id))
    ticket_type = TicketType(fair_id=fair.id, position=(last or 0) + 1, **checked)
    db.session.add(ticket_type)
    db.session.flush()
    audit.record("ticket_type.create", "ticket_type", ticket_type.id, after=audit.snapshot(ticket_type, *TYPE_FIELDS))
    return ticket_type


def update_ticket_type(ticket_type, values):
    checked = _checked_type(ticket_type.fair, values, current=ticket_type)
    before = audit.snapshot(ticket_type, *TYPE_FIELDS)
    for name, value in checked.items():
        setattr(ticket_type, name, value)
    audit.record_changes("ticket_type.update", "ticket_type", ticket_type.id,
                         before, audit.snapshot(ticket_type, *TYPE_FIELDS))
    return ticket_type


def ticket_type_in(fair, type_id):
    return db.session.scalar(select(TicketType).where(TicketType.fair_id == fair.id, TicketType.id == type_id))


# ---------------------------------------------------------------- gates


def gates(fair):
    return db.session.scalars(select(Gate).where(Gate.fair_id == fair.id).order_by(Gate.name)).all()


def _gate_name(fair_id, raw, current=None):
    name = clean_text(raw)
    if not name:
        raise DomainError(_("This field is required."), field="name")
    if len(name) > 60:
        raise DomainError(_("At most %(max)d characters.", max=60), field="name")
    # Scanners name their gate in free text: "cổng 1" and "Cổng 1" must not both exist.
    taken = db.session.scalars(select(Gate).where(Gate.fair_id == fair_id))
    if any(g.name.casefold() == name.casefold() and g is not current for g in taken):
        raise DomainError(_("This fair already has a gate with this name."), field="name")
    return name


def _gate_name_en(raw):
    name = clean_text(raw)
    if len(name) > 60:
        raise DomainError(_("At most %(max)d characters.", max=60), field="name_en")
    return name


def add_gate(fair, name, name_en=""):
    gate = Gate(fair_id=fair.id, name=_gate_name(fair.id, name), name_en=_gate_name_en(name_en))
    db.session.add(gate)
    db.session.flush()
    audit.record("gate.create", "gate", gate.id, after={"fair": fair.slug, "name": gate.name,
                                                        "name_en": gate.name_en})
    return gate


def rename_gate(gate, name, name_en=None):
    """A new name (and English name; None keeps it) for a gate."""
    before = {"name": gate.name, "name_en": gate.name_en}
    gate.name = _gate_name(gate.fair_id, name, current=gate)
    if name_en is not None:
        gate.name_en = _gate_name_en(name_en)
    audit.record_changes("gate.rename", "gate", gate.id, before, {"name": gate.name, "name_en": gate.name_en})
    return gate


def remove_gate(gate):
    """Remove a gate nobody scanned at yet; its scanners stop working with it. Returns how many."""
    if db.session.scalar(select(Scan.id).where(Scan.gate_id == gate.id).limit(1)) is not None:
        raise DomainError(_("Tickets were scanned at this gate: rename it instead of removing it."))
    devices = db.session.scalars(select(GateDevice).where(GateDevice.gate_id == gate.id,
                                                          GateDevice.revoked_at.is_(None))).all()
    for device in devices:
        revoke_gate_device(device)
    audit.record("gate.remove", "gate", gate.id, before={"name": gate.name, "fair_id": gate.fair_id},
                 after={"devices_revoked": len(devices)})
    db.session.delete(gate)
    db.session.flush()
    return len(devices)


# ---------------------------------------------------------------- scanner devices and keys


def _token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def create_gate_device(fair, gate, name):
    """A scanner's token; only its hash is stored, so it is shown once."""
    token = "gd_" + secrets.token_urlsafe(32)
    device = GateDevice(fair_id=fair.id, gate_id=gate.id if gate else None, name=clean_text(name) or "scanner",
                        token_hash=_token_hash(token))
    db.session.add(device)
    db.session.flush()
    audit.record("gate_device.create", "gate_device", device.id,
                 after={"name": device.name, "gate": gate.name if gate else None})
    return device, token


def revoke_gate_device(device):
    device.revoked_at = utcnow()
    audit.record("gate_device.revoke", "gate_device", device.id, after={"revoked": True})


def device_for_token(token):
    """(id, fair_id, gate_id) of a live scanner, or None. Read through Core: it runs on every scan."""
    if not token:
        return None
    devices = GateDevice.__table__
    return db.session.connection().execute(
        select(devices.c.id, devices.c.fair_id, devices.c.gate_id).where(
            devices.c.token_hash == _token_hash(token), devices.c.revoked_at.is_(None))).first()


def devices(fair):
    return db.session.scalars(select(GateDevice).where(GateDevice.fair_id == fair.id)
                              .order_by(GateDevice.revoked_at.is_not(None), GateDevice.id.desc())).all()


def create_device(fair, gate_id, name):
    """A new scanner at one of the fair's gates: (device, token); the token is shown once."""
    gate = db.session.scalar(select(Gate).where(Gate.fair_id == fair.id, Gate.id == gate_id))
    if gate is None:
        raise DomainError(_("Choose a gate of this fair."), field="gate")
    name = clean_text(name)
    if not name:
        raise DomainError(_("This field is required."), field="name")
    return create_gate_device(fair, gate, name[:100])


def revoke_device(device):
    if device.revoked_at is not None:
        raise DomainError(_("This scanner was already revoked."))
    revoke_gate_device(device)


def public_keys(fair):
    """The fair's signing keys as shown to organisers: base64 and a short fingerprint to compare."""
    keys = db.session.scalars(select(SigningKey).where(SigningKey.fair_id == fair.id).order_by(SigningKey.id))
    return [{"id": key.id, "active": key.active, "created_at": key.created_at,
             "public_key": base64.b64encode(key.public_key).decode("ascii"),
             "fingerprint": ":".join(re.findall("..", hashlib.sha256(key.public_key).hexdigest()[:16]))}
            for key in keys]
