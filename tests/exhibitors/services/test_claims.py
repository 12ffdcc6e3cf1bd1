"""Claims on booths without HTTP: holds, expiry, one claim per booth, reservations, moves and offers."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from fairapp.core.db import utcnow
from fairapp.core.errors import DomainError
from fairapp.exhibitors.models import BoothClaim
from fairapp.exhibitors.services import claims
from fairapp.exhibitors.services.floorplan import booth_status, status_counts
from fairapp.extensions import db
from tests.exhibitors.conftest import get_booth, get_fair, user_by_email


def claim_count():
    return db.session.scalar(select(func.count()).select_from(BoothClaim))


def test_a_hold_makes_the_booth_held_and_a_second_hold_is_refused(app, fair, exhibitor):
    first, second = exhibitor(), exhibitor()
    with app.app_context():
        booth = get_booth("A-02")
        claim = claims.hold(booth, user_by_email(first), 15)
        db.session.commit()
        assert booth_status(booth) == "held"
        assert timedelta(minutes=14) < claim.expires_at - utcnow() <= timedelta(minutes=15)
        with pytest.raises(DomainError) as refused:
            claims.hold(booth, user_by_email(second), 15)
        assert refused.value.status == 409 and refused.value.code == "taken"
        assert "A-02" in refused.value.message
        db.session.rollback()
        assert claim_count() == 1
        assert db.session.scalar(select(BoothClaim.user_id)) == user_by_email(first).id


def test_an_expired_hold_frees_the_booth_for_everyone(app, fair, exhibitor):
    first, second = exhibitor(), exhibitor()
    with app.app_context():
        booth = get_booth("A-02")
        claims.hold(booth, user_by_email(first), 15, now=utcnow() - timedelta(minutes=16))
        db.session.commit()
        # No clean-up has run: the lapsed row is still there, and the booth already counts as free.
        assert claim_count() == 1
        assert booth_status(booth) == "available"
        claim = claims.hold(booth, user_by_email(second), 15)
        db.session.commit()
        assert claim_count() == 1
        assert claim.user_id == user_by_email(second).id
        assert booth_status(booth) == "held"


def test_holding_again_renews_and_a_new_booth_gives_the_old_one_back(app, fair, exhibitor):
    email = exhibitor()
    with app.app_context():
        user = user_by_email(email)
        first = claims.hold(get_booth("A-02"), user, 15, now=utcnow() - timedelta(minutes=10))
        old_expiry = first.expires_at
        db.session.commit()
        renewed = claims.hold(get_booth("A-02"), user, 15)
        db.session.commit()
        assert renewed.expires_at > old_expiry and claim_count() == 1
        claims.hold(get_booth("A-03"), user, 15)
        db.session.commit()
        assert booth_status(get_booth("A-02")) == "available"
        assert booth_status(get_booth("A-03")) == "held"
        assert claim_count() == 1


def test_a_blocked_booth_cannot_be_held(app, fair, exhibitor):
    email = exhibitor()
    with app.app_context():
        with pytest.raises(DomainError) as refused:
            claims.hold(get_booth("A-99"), user_by_email(email), 15)
        assert refused.value.code == "blocked" and refused.value.status == 409
        db.session.rollback()
        assert claim_count() == 0


def test_the_database_refuses_a_second_claim_even_without_the_service(app, fair, exhibitor):
    """The unique constraint, not Python, is what makes double booking impossible."""
    from sqlalchemy.exc import IntegrityError

    first, second = exhibitor(), exhibitor()
    with app.app_context():
        booth = get_booth("A-05")
        for email in (first, second):
            db.session.add(BoothClaim(booth_id=booth.id, fair_id=booth.fair_id, user_id=user_by_email(email).id,
                                      state="reserved"))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_a_hold_needs_an_expiry_in_the_database(app, fair, exhibitor):
    from sqlalchemy.exc import IntegrityError

    email = exhibitor()
    with app.app_context():
        booth = get_booth("A-05")
        db.session.add(BoothClaim(booth_id=booth.id, fair_id=booth.fair_id, user_id=user_by_email(email).id,
                                  state="hold"))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_status_counts_cover_every_booth(app, fair, exhibitor):
    email = exhibitor()
    with app.app_context():
        claims.hold(get_booth("A-02"), user_by_email(email), 15)
        db.session.commit()
        counts = status_counts(get_fair().id)
        assert counts == {"available": 10, "held": 1, "reserved": 0, "confirmed": 0, "blocked": 1}
