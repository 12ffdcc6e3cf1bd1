"""Claims on booths — holds, reservations, bookings — taken atomically, at most one per booth.

Every claim is taken by one INSERT that the UNIQUE(booth_id) constraint of
booth_claims either accepts or refuses; nothing here reads "is it free?" and
then writes. An expired hold is deleted in the same transaction just before
the INSERT. On SQLite the write transaction already holds the database lock
(BEGIN IMMEDIATE), so the two statements run alone. On PostgreSQL a second
transaction deleting the same expired row waits for the first one's row lock
and then finds nothing to delete, and its INSERT waits on the unique index and
fails once the first commits: two winners are impossible either way.
"""
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.exc import IntegrityError

from fairapp.core.db import moment, utcnow
from fairapp.core.errors import DomainError
from fairapp.exhibitors.models import Booth, BoothClaim
from fairapp.extensions import db


def taken_error(booth):
    return DomainError(
        _("Sorry, booth %(code)s has just been taken by someone else. Please choose another booth.",
          code=booth.code), code="taken", status=409)


def blocked_error(booth):
    return DomainError(_("Booth %(code)s cannot be booked.", code=booth.code), code="blocked", status=409)


# Whether a claim holds its booth is decided here and only here, from its expiry and the moment
# of the request: every page, count and API reads these, never `state` alone, so a hold whose
# expiry has passed is free the moment it lapses, whether or not the sweeper has deleted it.


def hold_live(now):
    """SQL: the hold's expiry is still ahead of `now`."""
    return moment(BoothClaim.expires_at) > moment(now)


def claim_live(now):
    """SQL: the claim holds its booth at `now` (a reservation or booking, or a hold not yet lapsed)."""
    return or_(BoothClaim.state != "hold", hold_live(now))


def _expired(now):
    return and_(BoothClaim.state == "hold", moment(BoothClaim.expires_at) <= moment(now))


def _take(booth, user_id, *, state, now, expires_at=None, application_id=None):
    """INSERT the claim, after dropping an expired hold on the booth; 409 if the booth is taken."""
    if booth.blocked:
        raise blocked_error(booth)
    db.session.execute(delete(BoothClaim).where(BoothClaim.booth_id == booth.id, _expired(now))
                       .execution_options(synchronize_session="fetch"))
    claim = BoothClaim(booth_id=booth.id, fair_id=booth.fair_id, user_id=user_id, state=state,
                       expires_at=expires_at, application_id=application_id, created_at=now)
    try:
        # A savepoint: the loser's failed INSERT is undone alone, the transaction goes on.
        with db.session.begin_nested():
            db.session.add(claim)
    except IntegrityError:
        raise taken_error(booth) from None
    db.session.expire(booth, ["claim"])
    return claim


def current_hold(user, fair, now=None):
    """The exhibitor's live plain hold (not yet part of an application) at this fair, if any."""
    now = now or utcnow()
    return db.session.scalar(select(BoothClaim).where(
        BoothClaim.user_id == user.id, BoothClaim.fair_id == fair.id, BoothClaim.state == "hold",
        BoothClaim.application_id.is_(None), hold_live(now)))


def lapsed_hold(user, fair, now=None):
    """The exhibitor's plain hold at this fair that has lapsed but not been swept yet, if any:
    shown as lapsed, never as held."""
    now = now or utcnow()
    return db.session.scalars(select(BoothClaim).where(
        BoothClaim.user_id == user.id, BoothClaim.fair_id == fair.id, BoothClaim.application_id.is_(None),
        _expired(now)).order_by(BoothClaim.expires_at.desc()).limit(1)).first()


def hold(booth, user, minutes, now=None):
    """A 15-minute (or `minutes`) hold for the exhibitor filling in an application."""
    now = now or utcnow()
    expires_at = now + timedelta(minutes=minutes)
    # Holding the booth one already holds just renews the hold.
    renewed = db.session.execute(
        update(BoothClaim).where(BoothClaim.booth_id == booth.id, BoothClaim.user_id == user.id,
                                 BoothClaim.state == "hold", BoothClaim.application_id.is_(None),
                                 hold_live(now))
        .values(expires_at=expires_at).execution_options(synchronize_session="fetch")).rowcount
    if renewed:
        db.session.expire(booth, ["claim"])
        return db.session.scalar(select(BoothClaim).where(BoothClaim.booth_id == booth.id))
    # One booth at a time: a new hold gives back the exhibitor's other plain holds.
    release_holds(user, booth.fair_id)
    return _take(booth, user.id, state="hold", expires_at=expires_at, now=now)


def release_holds(user, fair_id, booth=None):
    query = delete(BoothClaim).where(BoothClaim.user_id == user.id, BoothClaim.fair_id == fair_id,
                                     BoothClaim.state == "hold", BoothClaim.application_id.is_(None))
    if booth is not None:
        query = query.where(BoothClaim.booth_id == booth.id)
    return db.session.execute(query.execution_options(synchronize_session="fetch")).rowcount


def reserve_for(application, booth, now=None):
    """The booth becomes the application's reservation: from the applicant's own live hold in
    one conditional UPDATE, or — when the hold has lapsed — by taking the booth afresh."""
    now = now or utcnow()
    converted = db.session.execute(
        update(BoothClaim).where(BoothClaim.booth_id == booth.id, BoothClaim.user_id == application.user_id,
                                 BoothClaim.state == "hold", BoothClaim.application_id.is_(None),
                                 hold_live(now))
        .values(state="reserved", expires_at=None, application_id=application.id)
        .execution_options(synchronize_session="fetch")).rowcount
    if not converted:
        _take(booth, application.user_id, state="reserved", application_id=application.id, now=now)
    db.session.expire(booth, ["claim"])
    application.booth = booth


def move(application, booth, now=None):
    """Give the application another booth: the old claim goes and the new one is taken together,
    or neither happens (the savepoint brings the old claim back if the new booth is taken)."""
    now = now or utcnow()
    old = application.claim
    state = old.state if old is not None and old.state != "hold" else "reserved"
    with db.session.begin_nested():
        drop(application)
        _take(booth, application.user_id, state=state, application_id=application.id, now=now)
    application.booth = booth
    db.session.expire(application, ["claim"])


def offer(application, booth, hours, now=None):
    """Offer a freed booth to a waitlisted application: a hold in its name, with an expiry."""
    now = now or utcnow()
    with db.session.begin_nested():
        drop(application)
        claim = _take(booth, application.user_id, state="hold", application_id=application.id,
                      expires_at=now + timedelta(hours=hours), now=now)
    db.session.expire(application, ["claim"])
    return claim


def accept_offer(application, now=None):
    """The offer's hold becomes a reservation, if it is still live."""
    now = now or utcnow()
    accepted = db.session.execute(
        update(BoothClaim).where(BoothClaim.application_id == application.id, BoothClaim.state == "hold",
                                 hold_live(now))
        .values(state="reserved", expires_at=None).execution_options(synchronize_session="fetch")).rowcount
    db.session.expire(application, ["claim"])
    if not accepted:
        raise DomainError(_("This offer has expired."), code="offer_expired", status=409)
    application.booth = db.session.get(Booth, db.session.scalar(
        select(BoothClaim.booth_id).where(BoothClaim.application_id == application.id)))


def confirm(application):
    db.session.execute(update(BoothClaim).where(BoothClaim.application_id == application.id)
                       .values(state="confirmed", expires_at=None).execution_options(synchronize_session="fetch"))
    db.session.expire(application, ["claim"])


def drop(application):
    """Free whatever the application claims; returns the booth it had, if any."""
    booth_id = db.session.scalar(select(BoothClaim.booth_id).where(BoothClaim.application_id == application.id))
    if booth_id is None:
        return None
    db.session.execute(delete(BoothClaim).where(BoothClaim.application_id == application.id)
                       .execution_options(synchronize_session="fetch"))
    db.session.expire(application, ["claim"])
    return db.session.get(Booth, booth_id)


def expired_offers(fair_id, now=None):
    now = now or utcnow()
    return db.session.scalars(select(BoothClaim).where(
        BoothClaim.fair_id == fair_id, BoothClaim.application_id.is_not(None), _expired(now))).all()


def sweep_expired_holds(fair_id, now=None):
    """Delete lapsed plain holds (tidiness only: a lapsed hold already counts as free)."""
    now = now or utcnow()
    return db.session.execute(delete(BoothClaim).where(
        BoothClaim.fair_id == fair_id, BoothClaim.application_id.is_(None), _expired(now))
        .execution_options(synchronize_session="fetch")).rowcount
