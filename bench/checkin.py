"""Check-in API under load: 20,000 tickets on SQLite, gunicorn on loopback, 1, 8 and 32 clients.

Targets: ≥ 460 scans/s with 8 clients, p99 ≤ 80 ms, zero errors; one client p99 ≤ 10 ms.
"""
import os
import secrets
from datetime import date

from sqlalchemy import insert, select, update

from bench.common import bench_app, gunicorn, print_table, run_load

TICKETS = 20_000
GUNICORN_WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
GUNICORN_THREADS = int(os.environ.get("BENCH_THREADS", "1"))


def fill(app):
    """A fair running today with 20,000 signed visitor tickets, and a gate device token."""
    from fairapp.core.fairs import local_today
    from fairapp.core.models import Fair
    from fairapp.extensions import db
    from fairapp.visitors.models import Gate, Ticket
    from fairapp.visitors.services import codes
    from fairapp.visitors.services.setup import create_gate_device
    from fairapp.visitors.services.tickets import set_up_fair, type_by_code

    today = local_today()
    fair = Fair(slug="bench", name="Hội chợ đo tải", venue="Hà Nội", starts_on=today, ends_on=today)
    db.session.add(fair)
    db.session.flush()
    set_up_fair(fair)
    visitor = type_by_code(fair, "visitor")
    days = [today.isoformat()]
    db.session.execute(insert(Ticket), [
        {"fair_id": fair.id, "type_id": visitor.id, "name": f"Khách tham quan {i}", "name_key": f"khach tham quan {i}",
         "days": days, "private_token": secrets.token_urlsafe(18), "locale": "vi", "source": "import",
         "status": "valid", "version": 1, "exits": 0} for i in range(TICKETS)])
    key = codes.active_key(fair.id)
    ids = db.session.scalars(select(Ticket.id).where(Ticket.fair_id == fair.id).order_by(Ticket.id)).all()
    signed = [{"id": i, "code": codes.sign(key, i, 1, [date.fromisoformat(days[0])])} for i in ids]
    db.session.execute(update(Ticket), signed)  # bulk update by primary key
    gate = db.session.scalar(select(Gate).where(Gate.fair_id == fair.id).order_by(Gate.id))
    _device, token = create_gate_device(fair, gate, "bench")
    db.session.commit()
    return [row["code"] for row in signed], gate.name, token


def main():
    with bench_app() as (app, env):
        with app.test_request_context():
            codes_list, gate, token = fill(app)
        headers = {"Authorization": f"Bearer {token}"}
        body = lambda code: {"code": code, "gate": gate, "direction": "in"}  # noqa: E731
        rows = []
        with gunicorn(env, workers=GUNICORN_WORKERS, threads=GUNICORN_THREADS) as port:
            run_load(port, [body(c) for c in codes_list[:200]], 4, path="/api/v1/checkins", headers=headers)  # warm-up
            rows.append(run_load(port, [body(c) for c in codes_list[200:2200]], 1, path="/api/v1/checkins",
                                 headers=headers))
            rows.append(run_load(port, [body(c) for c in codes_list[2200:10200]], 8, path="/api/v1/checkins",
                                 headers=headers))
            rows.append(run_load(port, [body(c) for c in codes_list[10200:20000]], 32, path="/api/v1/checkins",
                                 headers=headers))
            # Everyone again: the "already checked in" answer is the other half of gate traffic.
            rows.append(run_load(port, [body(c) for c in codes_list[:8000]], 8, path="/api/v1/checkins",
                                 headers=headers))
        print_table(f"check-in API, {TICKETS} tickets, SQLite, gunicorn {GUNICORN_WORKERS} workers × {GUNICORN_THREADS} threads "
                    "(rows: 1, 8, 32 clients new scans; 8 clients repeat scans)", rows)
        return {"sequential": rows[0], "clients_8": rows[1], "clients_32": rows[2], "repeat_8": rows[3]}


if __name__ == "__main__":
    main()
