"""Live attendance figures for a busy day: 20,000 scans (entries, exits, refusals) on SQLite.

The page polls every 5 s per organiser, so one computation should take a few tens of ms at most.
Run: .venv/bin/python -m bench.attendance
"""
import random
import secrets
import time
from datetime import datetime, timedelta, timezone

from sqlalchemy import insert, select

from bench.common import bench_app

SCANS = 20_000
TICKETS = 12_000
REPEATS = 20


def fill():
    from fairapp.core.fairs import local_today
    from fairapp.core.i18n import LOCAL_TZ
    from fairapp.core.models import Fair
    from fairapp.extensions import db
    from fairapp.visitors.models import Gate, Scan, Ticket
    from fairapp.visitors.services.tickets import set_up_fair, ticket_types

    today = local_today()
    fair = Fair(slug="bench-attendance", name="Hội chợ đo tải", venue="Hà Nội", starts_on=today,
                ends_on=today + timedelta(days=3))
    db.session.add(fair)
    db.session.flush()
    set_up_fair(fair)
    types = ticket_types(fair)
    db.session.execute(insert(Ticket), [
        {"fair_id": fair.id, "type_id": types[i % len(types)].id, "name": f"Khách {i}", "name_key": f"khach {i}",
         "days": [today.isoformat()], "private_token": secrets.token_urlsafe(18), "locale": "vi",
         "source": "import", "status": "valid", "version": 1, "exits": 0} for i in range(TICKETS)])
    ticket_ids = db.session.scalars(select(Ticket.id).where(Ticket.fair_id == fair.id)).all()
    gates = db.session.scalars(select(Gate.id).where(Gate.fair_id == fair.id)).all()
    opening = datetime.combine(today, fair.opens_at, LOCAL_TZ).astimezone(timezone.utc)
    rng = random.Random(7)
    results = ["ok"] * 18 + ["already_checked_in", "invalid"]
    rows = []
    for i in range(SCANS):
        moment = opening + timedelta(seconds=rng.randrange(13 * 3600))
        result = rng.choice(results)
        rows.append({"fair_id": fair.id, "ticket_id": None if result == "invalid" else rng.choice(ticket_ids),
                     "gate_id": rng.choice(gates), "direction": "out" if i % 4 == 3 else "in", "result": result,
                     "code_excerpt": "BENCH", "day": today, "recorded_at": moment,
                     "answer": {"result": result, "message": "…"}})
    db.session.execute(insert(Scan), rows)
    db.session.commit()
    return fair.id, today


def main():
    from fairapp.core.models import Fair
    from fairapp.extensions import db
    from fairapp.visitors.services.attendance import attendance

    with bench_app() as (app, _env):
        with app.test_request_context():
            fair_id, day = fill()
            fair = db.session.get(Fair, fair_id)
            attendance(fair, day)  # warm the statement cache
            timings = []
            for _ in range(REPEATS):
                started = time.perf_counter()
                figures = attendance(fair, day)
                timings.append(1000 * (time.perf_counter() - started))
                db.session.rollback()
    timings.sort()
    print(f"attendance for {SCANS} scans in a day (SQLite): median {timings[len(timings) // 2]:.1f} ms, "
          f"max {timings[-1]:.1f} ms over {REPEATS} runs; entries {figures['entries']}, "
          f"inside {figures['inside']}, refused {figures['refused']['count']}")
    return timings


if __name__ == "__main__":
    main()
