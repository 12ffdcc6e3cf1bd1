"""A fair that runs today with its ticket types, gates and signing key; helpers to issue tickets."""
from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import select

from fairapp.core.i18n import LOCAL_TZ
from fairapp.core.models import Fair
from fairapp.extensions import db


@pytest.fixture
def fair(app):
    """A four-day fair starting today (local time), set up with the default types and gates."""
    from fairapp.visitors.services import set_up_fair

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
    from fairapp.visitors.services import issue_ticket, type_by_code

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
    from fairapp.visitors.services import create_gate_device

    with app.app_context():
        gate = db.session.scalar(select(Gate).where(Gate.fair_id == fair, Gate.name == "Cổng 1"))
        _device, token = create_gate_device(db.session.get(Fair, fair), gate, "Máy quét 1")
        db.session.commit()
        return token
