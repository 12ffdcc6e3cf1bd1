"""Throttle counters: limits per key inside a window, and old counts forgotten."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from fairapp.core import throttle
from fairapp.core.db import utcnow
from fairapp.core.errors import DomainError
from fairapp.core.models import LoginFailure
from fairapp.extensions import db


def test_limit_per_key_within_the_window(app):
    with app.test_request_context():
        for _ in range(3):
            throttle.hit("register", "10.0.0.1", 3, timedelta(minutes=10))
        with pytest.raises(DomainError) as refused:
            throttle.hit("register", "10.0.0.1", 3, timedelta(minutes=10))
        assert refused.value.status == 429
        throttle.hit("register", "10.0.0.2", 3, timedelta(minutes=10))  # another address is not affected


def test_prune_forgets_counts_older_than_a_day(app):
    with app.test_request_context():
        old, recent = utcnow() - timedelta(days=2), utcnow() - timedelta(hours=1)
        db.session.add_all([throttle.ThrottleEvent(bucket="register", key="a", at=old),
                            throttle.ThrottleEvent(bucket="register", key="a", at=recent),
                            LoginFailure(email="x@example.vn", ip="10.0.0.1", at=old),
                            LoginFailure(email="x@example.vn", ip="10.0.0.1", at=recent)])
        db.session.commit()
        throttle.prune()
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(throttle.ThrottleEvent)) == 1
        assert db.session.scalar(select(func.count()).select_from(LoginFailure)) == 1
