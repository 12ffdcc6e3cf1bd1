"""A fair that runs today with its ticket types, gates and signing key; helpers to issue tickets; scans."""
import re
from datetime import datetime, time, timedelta, timezone

import pytest
from sqlalchemy import func, select

from fairapp.core.i18n import LOCAL_TZ
from fairapp.core.models import Fair
from fairapp.extensions import db
from tests.conftest import login


@pytest.fixture
def fair(app):
    """A four-day fair starting today (local time), set up with the default types and gates."""
    from fairapp.visitors.services.tickets import set_up_fair

    today = datetime.now(LOCAL_TZ).date()
    with app.app_context():
        fair = Fair(slug="hoi-cho-test", name="Hội chợ Quà tặng thủ công mỹ nghệ Hà Nội", venue="2 Hoa Lư, Hà Nội",
                    starts_on=today, ends_on=today + timedelta(days=3), opens_at=time(8), closes_at=time(21))
        db.session.add(fair)
        db.session.flush()
        set_up_fair(fair)
        db.session.commit()
        return fair.id


@pytest.fixture
def issue(app, fair):
    """issue(name, type_code="visitor", **fields) -> the ticket's (id, code) after commit."""
    from fairapp.visitors.services.tickets import issue_ticket, type_by_code

    def make(name="Nguyễn Thị Mai", type_code="visitor", fair_id=None, **fields):
        with app.app_context():
            the_fair = db.session.get(Fair, fair_id or fair)
            ticket = issue_ticket(the_fair, type_by_code(the_fair, type_code), name=name, **fields)
            db.session.commit()
            return ticket.id, ticket.code

    return make


@pytest.fixture
def device_token(app, fair):
    """A bearer token for a scanner at "Cổng 1" of the test fair."""
    from fairapp.visitors.models import Gate
    from fairapp.visitors.services.setup import create_gate_device

    with app.app_context():
        gate = db.session.scalar(select(Gate).where(Gate.fair_id == fair, Gate.name == "Cổng 1"))
        _device, token = create_gate_device(db.session.get(Fair, fair), gate, "Máy quét 1")
        db.session.commit()
        return token


def local_moment(day, hour, minute):
    """A stored (UTC) moment for a local time on `day`."""
    return datetime.combine(day, time(hour, minute), LOCAL_TZ).astimezone(timezone.utc)


@pytest.fixture
def scans(app, fair, issue):
    """The first morning at two gates, built scan by scan (refused ones too); returns that day.

    Entries 5 (08:00 1, 09:00 2, 10:00 2), exits 2, inside 3; refused 2; one entry on day two.
    """
    from fairapp.visitors.models import Gate, Scan

    a, b, d = (issue(name)[0] for name in ("Nguyễn Văn An", "Lê Thị Bình", "Đinh Công Dũng"))
    c = issue("Trần Thị Cúc", "trade")[0]
    with app.app_context():
        the_fair = db.session.get(Fair, fair)
        day = the_fair.starts_on
        gate = {g.name: g.id for g in db.session.scalars(select(Gate).where(Gate.fair_id == fair))}

        def scan(ticket_id, gate_name, direction, result, local, scanned=None, on=day, message="…"):
            db.session.add(Scan(fair_id=fair, ticket_id=ticket_id, gate_id=gate[gate_name], direction=direction,
                                result=result, code_excerpt="CODE", day=on, recorded_at=local_moment(on, *local),
                                scanned_at=local_moment(on, *scanned) if scanned else None,
                                answer={"result": result, "message": message}))

        scan(a, "Cổng 1", "in", "ok", (9, 10))
        scan(b, "Cổng 1", "in", "ok", (9, 40))
        scan(c, "Cổng 2", "in", "ok", (10, 5))
        scan(c, "Cổng 2", "out", "ok", (10, 30))
        scan(c, "Cổng 2", "in", "ok", (10, 45))
        scan(a, "Cổng 1", "out", "ok", (11, 20))
        # An offline scanner synced at noon what it scanned at 08:55: it counts at 08:00.
        scan(d, "Cổng 1", "in", "ok", (12, 0), scanned=(8, 55))
        scan(b, "Cổng 1", "in", "already_checked_in", (11, 25), message="Vé đã được dùng lúc 09:40 tại Cổng 1.")
        scan(None, "Cổng 2", "in", "invalid", (11, 30), message="Mã không hợp lệ hoặc giả mạo.")
        # The next day: day one's figures stay as they are.
        scan(a, "Cổng 3", "in", "ok", (9, 0), on=day + timedelta(days=1))
        db.session.commit()
        return day


@pytest.fixture
def organiser(client, fair, make_user):
    """The test client, signed in as an organiser of the test fair."""
    login(client, make_user("organizer", name="Trần Thị Thu Hà"))
    return client


def text_of(response):
    return response.get_data(as_text=True)


def count(app, model, *where):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def scan(client, token, code, gate="Cổng 1"):
    return client.post("/api/v1/checkins", json={"code": code, "gate": gate},
                       headers={"Authorization": f"Bearer {token}"}).get_json()


def names(response):
    """The ticket holders' names in an organiser's ticket list, in order."""
    return re.findall(r'<a href="/visitors/admin/tickets/\d+">([^<]+)</a>', text_of(response))
