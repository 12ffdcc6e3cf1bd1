"""Twenty exhibitors, each in their own session and thread, click the same booth at once:
exactly one gets the hold, everyone else the friendly 409, and nothing else changes."""
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from fairapp.core.db import utcnow
from fairapp.core.mail import OutboxMessage
from fairapp.core.models import AuditEntry
from fairapp.exhibitors.models import BoothClaim
from fairapp.exhibitors.services import claims
from fairapp.extensions import db
from tests.conftest import csrf_token
from tests.exhibitors.conftest import SLUG, get_booth, signed_in_client, user_by_email

RACERS = 20


def counts():
    return {model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
            for model in (BoothClaim, AuditEntry, OutboxMessage)}


def race(app, emails, code):
    """Every racer signs in and reads its CSRF token first; then all POST the hold together."""
    clients = [signed_in_client(app, email) for email in emails]
    tokens = [csrf_token(client, "/") for client in clients]
    start = threading.Barrier(len(clients))
    answers = [None] * len(clients)

    def run(index):
        start.wait()
        response = clients[index].post(f"/api/v1/booths/{code}/hold?fair={SLUG}",
                                       headers={"X-CSRFToken": tokens[index], "Accept": "application/json"})
        answers[index] = (response.status_code, response.get_json())

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return answers


def check_one_winner(app, answers, emails, code):
    winners = [i for i, (status, _body) in enumerate(answers) if status == 201]
    assert len(winners) == 1, answers
    status, body = answers[winners[0]]
    assert body["booth"] == code and body["held_until"]
    losers = [answer for i, answer in enumerate(answers) if i != winners[0]]
    assert all(status == 409 for status, _ in losers), losers
    assert all(body["error"] == "taken" and code in body["message"] for _, body in losers), losers
    with app.app_context():
        claim = db.session.scalar(select(BoothClaim).where(BoothClaim.booth_id == get_booth(code).id))
        assert claim.user_id == user_by_email(emails[winners[0]]).id
        assert claim.state == "hold" and claim.expires_at > utcnow()
    return winners[0]


@pytest.mark.parametrize("run", range(2))
def test_twenty_exhibitors_race_for_one_free_booth(app, fair, exhibitor, run):
    emails = [exhibitor(user_name=f"Nghệ nhân {i}") for i in range(RACERS)]
    with app.app_context():
        before = counts()
    answers = race(app, emails, "A-04")
    check_one_winner(app, answers, emails, "A-04")
    with app.app_context():
        after = counts()
    # One claim and one audit entry (the winner's hold); the losers left no trace.
    assert after == {**before, "booth_claims": before["booth_claims"] + 1,
                     "audit_entries": before["audit_entries"] + 1}


def test_twenty_exhibitors_race_for_a_booth_whose_hold_just_lapsed(app, fair, exhibitor):
    """The DELETE-the-lapsed-hold-then-INSERT path under contention still lets exactly one through."""
    first = exhibitor(user_name="Người giữ chỗ cũ")
    emails = [exhibitor(user_name=f"Nghệ nhân {i}") for i in range(RACERS)]
    with app.app_context():
        claims.hold(get_booth("A-06"), user_by_email(first), 15, now=utcnow() - timedelta(minutes=20))
        db.session.commit()
        before = counts()
    answers = race(app, emails, "A-06")
    check_one_winner(app, answers, emails, "A-06")
    with app.app_context():
        after = counts()
    assert after == {**before, "audit_entries": before["audit_entries"] + 1}  # the lapsed row was replaced
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(BoothClaim)) == 1
