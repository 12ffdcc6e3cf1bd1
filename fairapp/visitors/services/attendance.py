"""Live attendance: entries per day, hour, gate and ticket type, people inside, refused scans.

Everything comes from a few GROUP BY queries on `scans`, so a day of 20,000
scans costs a handful of small result sets. Hours are local (Asia/Ho_Chi_Minh):
the database groups by UTC hour, which both SQLite and PostgreSQL can name,
and each UTC hour is turned into a local one here, so no database needs time zone data.
"""
from datetime import datetime, timezone

from flask_babel import gettext as _
from sqlalchemy import func, literal_column, select

from fairapp.core.db import utcnow
from fairapp.core.fairs import fair_days
from fairapp.core.i18n import format_local_time, to_local
from fairapp.extensions import db
from fairapp.visitors.models import Gate, Scan, Ticket, TicketType

LATEST_REFUSED = 50


def reasons():
    return {
        "already_checked_in": _("Already checked in"),
        "not_valid_today": _("Not valid on this day"),
        "revoked": _("Revoked ticket"),
        "invalid": _("Unknown or forged code"),
        "wrong_fair": _("Ticket for another fair"),
    }


def _utc_hour(column):
    """'yyyy-mm-dd hh' of a stored (naive UTC) time, in SQL the database understands."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.to_char(column, literal_column("'YYYY-MM-DD HH24'"))
    return func.strftime(literal_column("'%Y-%m-%d %H'"), column)


def _local_hour(bucket):
    return to_local(datetime.strptime(bucket, "%Y-%m-%d %H").replace(tzinfo=timezone.utc)).hour


def _per_day(fair):
    rows = db.session.execute(
        select(Scan.day, Scan.direction, func.count()).where(Scan.fair_id == fair.id, Scan.result == "ok")
        .group_by(Scan.day, Scan.direction)).all()
    counts = {(day, direction): n for day, direction, n in rows}
    return [{"day": d.isoformat(), "label": d.strftime("%d/%m"), "in": counts.get((d, "in"), 0),
             "out": counts.get((d, "out"), 0)} for d in fair_days(fair)]


def _refused(fair, day):
    labels = reasons()
    by_result = db.session.execute(
        select(Scan.result, func.count()).where(Scan.fair_id == fair.id, Scan.day == day, Scan.result != "ok")
        .group_by(Scan.result).order_by(func.count().desc())).all()
    latest = db.session.execute(
        select(Scan.recorded_at, Scan.scanned_at, Scan.result, Scan.direction, Scan.code_excerpt, Scan.answer,
               Gate.name.label("gate"), Ticket.name.label("name"))
        .outerjoin(Gate, Scan.gate_id == Gate.id).outerjoin(Ticket, Scan.ticket_id == Ticket.id)
        .where(Scan.fair_id == fair.id, Scan.day == day, Scan.result != "ok")
        .order_by(Scan.id.desc()).limit(LATEST_REFUSED)).all()
    return {
        "count": sum(n for _result, n in by_result),
        "by_reason": [{"result": result, "reason": labels.get(result, result), "count": n}
                      for result, n in by_result],
        "latest": [{
            "time": format_local_time(row.scanned_at or row.recorded_at), "gate": row.gate or "?",
            "direction": row.direction, "result": row.result, "reason": labels.get(row.result, row.result),
            "message": (row.answer or {}).get("message") or "", "name": row.name or "",
            "code": row.code_excerpt[:12]} for row in latest],
    }


def attendance(fair, day, locale="vi"):
    """The figures for one local day of `fair`, as plain JSON-ready values."""
    moment = func.coalesce(Scan.scanned_at, Scan.recorded_at)
    bucket = _utc_hour(moment)
    rows = db.session.execute(
        select(bucket, Scan.gate_id, Ticket.type_id, Scan.direction, func.count())
        .select_from(Scan).outerjoin(Ticket, Scan.ticket_id == Ticket.id)
        .where(Scan.fair_id == fair.id, Scan.day == day, Scan.result == "ok")
        .group_by(bucket, Scan.gate_id, Ticket.type_id, Scan.direction)).all()
    hours, gates, types = {}, {}, {}
    for utc_bucket, gate_id, type_id, direction, n in rows:
        hour = hours.setdefault(_local_hour(utc_bucket), {"in": 0, "out": 0})
        hour[direction] += n
        gates.setdefault(gate_id, {"in": 0, "out": 0})[direction] += n
        if direction == "in":
            types[type_id] = types.get(type_id, 0) + n
    entries = sum(h["in"] for h in hours.values())
    exits = sum(h["out"] for h in hours.values())

    gate_names = dict(db.session.execute(select(Gate.id, Gate.name).where(Gate.fair_id == fair.id)).all())
    ticket_types = db.session.scalars(select(TicketType).where(TicketType.fair_id == fair.id)
                                      .order_by(TicketType.position)).all()
    now = utcnow()
    first = min([fair.opens_at.hour, *hours])
    last = max([fair.closes_at.hour - (0 if fair.closes_at.minute else 1), *hours])
    return {
        "fair": fair.slug, "day": day.isoformat(), "updated_at": now.isoformat(),
        "updated_local": to_local(now).strftime("%H:%M:%S"),
        "entries": entries, "exits": exits,
        # Exits of people who came in the day before could outnumber entries: never show fewer than nobody.
        "inside": max(0, entries - exits),
        "days": _per_day(fair),
        "hours": [{"hour": h, "label": f"{h:02d}:00", **hours.get(h, {"in": 0, "out": 0})}
                  for h in range(first, last + 1)],
        "gates": sorted(({"gate": gate_names.get(gate_id, "?"), **counts} for gate_id, counts in gates.items()),
                        key=lambda g: g["gate"]),
        "types": [{"code": t.code, "type": t.name if locale == "vi" else t.name_en, "color": t.badge_color,
                   "in": types.get(t.id, 0)} for t in ticket_types],
        "refused": _refused(fair, day),
    }
