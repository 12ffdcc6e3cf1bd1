"""The floor plan's data: every booth of a fair with its status, computed by the database in one query."""
from sqlalchemy import Float, Text, and_, case, cast, func, select
from sqlalchemy.dialects.postgresql import aggregate_order_by

from fairapp.core.db import utcnow
from fairapp.core.models import Fair
from fairapp.exhibitors.models import Booth, BoothClaim, Hall
from fairapp.exhibitors.services.claims import hold_live
from fairapp.extensions import db

STATUSES = ("available", "held", "reserved", "confirmed", "blocked")


def status_expression(now):
    """available / held / reserved / confirmed / blocked for Booth outer-joined to BoothClaim.

    A hold past its expiry counts as available here, so an abandoned hold frees
    the booth the moment it lapses, with no cron job to clean it up first.
    """
    return case(
        (Booth.blocked, "blocked"),
        (BoothClaim.state == "confirmed", "confirmed"),
        (BoothClaim.state == "reserved", "reserved"),
        (and_(BoothClaim.state == "hold", hold_live(now)), "held"),
        else_="available",
    )


def _shape(x, y, w, h, polygon):
    if polygon:
        return {"kind": "polygon", "points": polygon}
    return {"kind": "rect", "x": x, "y": y, "w": w, "h": h}


def _metres(column):
    # Floats straight from the database: no Decimal per value on the way to JSON.
    return cast(column, Float)


def booth_list(fair_id, now=None):
    """[{code, hall, type, width_m, depth_m, area_m2, price_vnd, open_sides, status, shape}] as Python
    dicts (organiser pages, exports); the same as the API's JSON, one query, run on the connection."""
    now = now or utcnow()
    query = (
        select(Booth.code, Hall.code, Booth.booth_type, _metres(Booth.width_m), _metres(Booth.depth_m),
               Booth.price_vnd, Booth.open_sides, _metres(Booth.x_m), _metres(Booth.y_m), Booth.polygon,
               status_expression(now))
        .join(Hall, Hall.id == Booth.hall_id)
        .outerjoin(BoothClaim, BoothClaim.booth_id == Booth.id)
        .where(Booth.fair_id == fair_id)
        .order_by(Hall.code, Booth.id)
    )
    return [
        {"code": code, "hall": hall, "type": kind, "width_m": width, "depth_m": depth,
         "area_m2": round(width * depth, 2), "price_vnd": price, "open_sides": sides, "status": status,
         "shape": _shape(x, y, width, depth, polygon)}
        for code, hall, kind, width, depth, price, sides, x, y, polygon, status
        in db.session.connection().execute(query).all()
    ]


def booth_list_json(slug, now=None) -> str:
    """The API's answer as JSON text built by the database itself (json_group_array/json_object on
    SQLite, json_agg/json_build_object on PostgreSQL): one query, no Python per booth. '[]' when
    the fair has no booths or does not exist."""
    now = now or utcnow()
    postgres = db.session.get_bind().dialect.name == "postgresql"
    obj = func.json_build_object if postgres else func.json_object
    width, depth, x, y = (_metres(c) for c in (Booth.width_m, Booth.depth_m, Booth.x_m, Booth.y_m))
    polygon = Booth.polygon if postgres else func.json(Booth.polygon)
    shape = case((Booth.polygon.is_(None), obj("kind", "rect", "x", x, "y", y, "w", width, "h", depth)),
                 else_=obj("kind", "polygon", "points", polygon))
    booth = obj("code", Booth.code, "hall", Hall.code, "type", Booth.booth_type, "width_m", width,
                "depth_m", depth, "area_m2", cast(func.round(Booth.width_m * Booth.depth_m, 2), Float),
                "price_vnd", Booth.price_vnd,
                "open_sides", Booth.open_sides, "status", status_expression(now), "shape", shape)
    source = (select().select_from(Booth).join(Hall, Hall.id == Booth.hall_id).join(Fair, Fair.id == Booth.fair_id)
              .outerjoin(BoothClaim, BoothClaim.booth_id == Booth.id).where(Fair.slug == slug))
    if postgres:
        # As text: the driver would otherwise parse the JSON only for us to write it out again.
        query = source.add_columns(cast(func.json_agg(aggregate_order_by(booth, Hall.code, Booth.id)), Text))
    else:
        # SQLite aggregates in the order the subquery hands the rows over.
        ordered = source.add_columns(booth.label("booth")).order_by(Hall.code, Booth.id).subquery()
        query = select(func.json_group_array(func.json(ordered.c.booth)))
    return db.session.connection().execute(query).scalar() or "[]"


def booth_status(booth, now=None):
    now = now or utcnow()
    return db.session.scalar(
        select(status_expression(now)).select_from(Booth)
        .outerjoin(BoothClaim, BoothClaim.booth_id == Booth.id).where(Booth.id == booth.id))


def status_counts(fair_id, now=None):
    now = now or utcnow()
    # Grouped over a subquery: PostgreSQL cannot tell that two copies of the CASE
    # with their own bound parameters are the same expression.
    inner = (select(status_expression(now).label("status")).select_from(Booth)
             .outerjoin(BoothClaim, BoothClaim.booth_id == Booth.id).where(Booth.fair_id == fair_id).subquery())
    rows = db.session.execute(select(inner.c.status, func.count()).group_by(inner.c.status))
    counts = dict.fromkeys(STATUSES, 0)
    counts.update(dict(rows.all()))
    return counts


def status_counts_by_hall(fair_id, now=None):
    """{hall code: {status: booths}} with every status present: the legend counts the hall shown."""
    now = now or utcnow()
    inner = (select(Hall.code.label("hall"), status_expression(now).label("status")).select_from(Booth)
             .join(Hall, Hall.id == Booth.hall_id).outerjoin(BoothClaim, BoothClaim.booth_id == Booth.id)
             .where(Booth.fair_id == fair_id).subquery())
    counts = {hall.code: dict.fromkeys(STATUSES, 0) for hall in halls_of(fair_id)}
    for hall, status, n in db.session.execute(
            select(inner.c.hall, inner.c.status, func.count()).group_by(inner.c.hall, inner.c.status)):
        counts.setdefault(hall, dict.fromkeys(STATUSES, 0))[status] = n
    return counts


def halls_of(fair_id):
    return db.session.scalars(select(Hall).where(Hall.fair_id == fair_id).order_by(Hall.code)).all()


def booth_by_code(fair_id, code):
    return db.session.scalar(select(Booth).where(Booth.fair_id == fair_id, Booth.code == (code or "").strip().upper()))
