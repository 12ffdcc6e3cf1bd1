"""Applications for booths: applying on a held booth, the organisers' decisions, the waiting list,
withdrawal and the release of unpaid bookings. Every decision mails the exhibitor and is audited."""
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import gettext as _
from sqlalchemy import select

from fairapp.core import audit
from fairapp.core.db import utcnow
from fairapp.core.errors import DomainError
from fairapp.core.fairs import local_today
from fairapp.core.i18n import clean_input, clean_text, format_day, format_vnd
from fairapp.exhibitors.models import BoothClaim, ExhibitorApplication
from fairapp.exhibitors.services import claims, invoices
from fairapp.exhibitors.services.floorplan import booth_by_code
from fairapp.exhibitors.services.notices import notify
from fairapp.exhibitors.services.profiles import profile_of
from fairapp.exhibitors.services.setup import terms_for
from fairapp.extensions import db

MAX_TEXT = 2000
DECISIONS = ("approve", "waitlist", "reject")


def open_application(user, fair):
    return db.session.scalar(select(ExhibitorApplication).where(
        ExhibitorApplication.user_id == user.id, ExhibitorApplication.open_fair_id == fair.id))


def _booth(fair, code, field):
    booth = booth_by_code(fair.id, code)
    if booth is None:
        raise DomainError(_("There is no booth %(code)s at this fair.", code=(code or "").strip()), field=field,
                          status=404, code="no_booth")
    return booth


def _text(value, field, required=False):
    text = clean_input(value, multiline=True)
    if required and not text:
        raise DomainError(_("This field is required."), field=field)
    if len(text) > MAX_TEXT:
        raise DomainError(_("At most %(max)d characters.", max=MAX_TEXT), field=field)
    return text or None


def _snapshot(application):
    return {"status": application.status, "booth": application.booth.code if application.booth else None}


def apply(user, fair, values, now=None) -> ExhibitorApplication:
    """Apply for the held booth (with up to two alternatives): the hold becomes a reservation."""
    now = now or utcnow()
    profile = profile_of(user)
    if profile is None:
        raise DomainError(_("Please complete your exhibitor profile first."), code="no_profile")
    if local_today() > applications_until(fair):
        raise DomainError(_("Applications for this fair are closed."), code="closed")
    if open_application(user, fair) is not None:
        raise DomainError(_("You already have an application for this fair."), code="duplicate")
    booth = _booth(fair, values.get("booth"), "booth")
    alternatives = []
    for number, field in enumerate(("alternative_1", "alternative_2"), start=1):
        if (values.get(field) or "").strip():
            alternative = _booth(fair, values[field], field)
            if alternative.id == booth.id or alternative in alternatives:
                raise DomainError(_("Name a different booth for each choice."), field=field)
            alternatives.append(alternative)
    application = ExhibitorApplication(
        fair_id=fair.id, user_id=user.id, profile_id=profile.id, first_choice_id=booth.id,
        alternative_1_id=alternatives[0].id if alternatives else None,
        alternative_2_id=alternatives[1].id if len(alternatives) > 1 else None,
        products=_text(values.get("products"), "products", required=True),
        needs_power=bool(values.get("needs_power")), needs_extra_table=bool(values.get("needs_extra_table")),
        notes=_text(values.get("notes"), "notes"), submitted_at=now)
    application.set_status("submitted", now)
    db.session.add(application)
    db.session.flush()
    claims.reserve_for(application, booth, now)
    audit.record("application.submit", "exhibitor_application", application.id,
                 after={**_snapshot(application), "alternatives": [b.code for b in alternatives]})
    notify(application, "application_received")
    return application


# ---------------------------------------------------------------- organisers' decisions


def approve(application, actor, booth=None, now=None):
    """Approve, on the reserved booth or another one; issues the payment request and mails it."""
    now = now or utcnow()
    if application.status not in ("submitted", "waitlisted"):
        raise DomainError(_("Only applications waiting for review or on the waiting list can be approved."),
                          code="state")
    before = _snapshot(application)
    claim = application.claim
    target = booth or (application.booth if claim is not None and claim.is_live(now) else None)
    if target is None:
        raise DomainError(_("Choose a booth for this exhibitor."), field="booth")
    if claim is None or claim.booth_id != target.id or not claim.is_live(now):
        claims.move(application, target, now)
    elif claim.state == "hold":  # a waitlist offer the organiser settles directly
        claims.accept_offer(application, now)
    application.set_status("approved", now)
    application.decided_at = now
    invoice = invoices.issue_invoice(application, now)
    audit.record("application.approve", "exhibitor_application", application.id, before=before,
                 after={**_snapshot(application), "invoice": invoice.code}, actor=actor)
    notify(application, "application_approved", invoice=invoice,
           attachments=[(f"payment-request-{invoice.code}.pdf", "application/pdf", invoice.pdf)])
    return invoice


def waitlist(application, actor, now=None):
    now = now or utcnow()
    if application.status != "submitted":
        raise DomainError(_("Only applications waiting for review can be put on the waiting list."), code="state")
    before = _snapshot(application)
    freed = claims.drop(application)
    application.set_status("waitlisted", now)
    application.decided_at = application.waitlisted_at = now
    audit.record("application.waitlist", "exhibitor_application", application.id, before=before,
                 after={"status": "waitlisted"}, actor=actor)
    notify(application, "application_waitlisted")
    if freed is not None:
        offer_freed_booth(freed, now, exclude=application)


def reject(application, actor, reason, now=None):
    now = now or utcnow()
    reason = clean_text(reason)
    if not reason:
        raise DomainError(_("Give the exhibitor a reason."), field="reason")
    if application.status not in ("submitted", "waitlisted", "approved"):
        raise DomainError(_("This application can no longer be rejected."), code="state")
    before = _snapshot(application)
    freed = _close(application, "rejected", now)
    application.decision_reason = reason[:MAX_TEXT]
    application.decided_at = now
    audit.record("application.reject", "exhibitor_application", application.id, before=before,
                 after={"status": "rejected", "reason": application.decision_reason}, actor=actor)
    notify(application, "application_rejected", reason=application.decision_reason)
    if freed is not None:
        offer_freed_booth(freed, now, exclude=application)


def decide_many(applications, action, actor, reason=None, now=None):
    """Bulk decisions, each in its own savepoint: one that cannot be made is reported, the rest stand."""
    if action not in DECISIONS:
        raise DomainError(_("Choose an action."), field="action")
    if action == "reject" and not clean_text(reason):
        raise DomainError(_("Give the exhibitors a reason."), field="reason")
    done, failed = [], []
    for application in applications:
        try:
            with db.session.begin_nested():
                if action == "approve":
                    approve(application, actor, now=now)
                elif action == "waitlist":
                    waitlist(application, actor, now=now)
                else:
                    reject(application, actor, reason, now=now)
        except DomainError as exc:
            db.session.expire(application)
            failed.append((application, exc.message))
        else:
            done.append(application)
    return done, failed


def _close(application, status, now):
    """Close the application: its booth is freed and any open invoice cancelled. Returns the freed booth."""
    freed = claims.drop(application)
    for invoice in application.invoices:
        invoices.void(invoice)
    application.set_status(status, now)
    return freed


def release_unpaid(application, actor, now=None):
    """After the due date an organiser may give an unpaid booth back."""
    now = now or utcnow()
    invoice = application.open_invoice
    if application.status != "approved" or invoice is None or not invoices.overdue(invoice):
        raise DomainError(_("Only approved bookings whose payment is overdue can be released."), code="state")
    before = _snapshot(application)
    freed = _close(application, "released", now)
    audit.record("application.release", "exhibitor_application", application.id, before=before,
                 after={"status": "released", "invoice": invoice.code}, actor=actor)
    notify(application, "booking_released", invoice=invoice)
    if freed is not None:
        offer_freed_booth(freed, now, exclude=application)


# ---------------------------------------------------------------- the exhibitor withdraws


def applications_until(fair):
    return terms_for(fair).applications_until or fair.starts_on - timedelta(days=1)


def withdraw_until(fair):
    return terms_for(fair).withdraw_until or fair.starts_on - timedelta(days=1)


@dataclass(frozen=True)
class Withdrawal:
    """What withdrawing an application would do now, under its fair's terms."""
    allowed: bool
    refusal: str | None  # why it cannot be withdrawn here, for the exhibitor
    refusal_code: str | None  # state / deadline / not_refundable
    deadline: date
    booth: object | None  # the booth released to the waiting list, if the application holds one
    cancelled_invoice: object | None  # an unpaid payment request that is cancelled
    paid_vnd: int
    refund_pct: int | None  # None: the organisers decide
    refund_vnd: int | None


def withdrawal(application, now=None) -> Withdrawal:
    now = now or utcnow()
    terms = terms_for(application.fair)
    deadline = withdraw_until(application.fair)
    paid = sum(i.paid_vnd for i in application.invoices if i.status != "void")
    pct = terms.refund_pct
    refusal = code = None
    if not application.is_open:
        refusal, code = _("This application is already closed."), "state"
    elif local_today() > deadline:
        refusal, code = _("Withdrawals closed on %(day)s. Please contact the organisers.",
                          day=format_day(deadline)), "deadline"
    elif paid and pct == 0:
        code = "not_refundable"
        refusal = _("You have paid %(amount)s and under this fair's terms the booth fee is not refundable, so the "
                    "booking cannot be withdrawn here. Please contact the organisers.", amount=format_vnd(paid))
    claim = application.claim
    holds_booth = claim is not None and claim.is_live(now) and application.booth is not None
    open_invoice = application.open_invoice
    return Withdrawal(
        allowed=refusal is None, refusal=refusal, refusal_code=code, deadline=deadline,
        booth=application.booth if holds_booth else None,
        cancelled_invoice=open_invoice if open_invoice is not None and not open_invoice.paid_vnd else None,
        paid_vnd=paid, refund_pct=pct,
        refund_vnd=None if pct is None else int((Decimal(paid) * pct / 100).quantize(Decimal(1), ROUND_HALF_UP)))


def withdraw(application, user, now=None):
    now = now or utcnow()
    if application.user_id != user.id:
        raise DomainError(_("This is not your application."), status=403)
    terms = withdrawal(application, now)
    if not terms.allowed:
        raise DomainError(terms.refusal, code=terms.refusal_code, status=409)
    before = _snapshot(application)
    freed = _close(application, "withdrawn", now)
    audit.record("application.withdraw", "exhibitor_application", application.id, before=before,
                 after={"status": "withdrawn", "paid_vnd": terms.paid_vnd, "refund_vnd": terms.refund_vnd})
    notify(application, "application_withdrawn")
    if freed is not None:
        offer_freed_booth(freed, now, exclude=application)


# ---------------------------------------------------------------- the waiting list


def waiting_list(fair_id, now=None):
    """Waitlisted applications without a live offer, first come first served."""
    now = now or utcnow()
    live_offer = select(BoothClaim.id).where(
        BoothClaim.application_id == ExhibitorApplication.id, claims.claim_live(now)).exists()
    return db.session.scalars(
        select(ExhibitorApplication).where(ExhibitorApplication.fair_id == fair_id,
                                           ExhibitorApplication.status == "waitlisted", ~live_offer)
        .order_by(ExhibitorApplication.waitlisted_at, ExhibitorApplication.id)).all()


def offer_freed_booth(booth, now=None, exclude=None):
    """Offer a booth that has just been freed to the first waitlisted application, as a hold that
    expires; returns the application offered it, or None (the booth is then free for everyone)."""
    now = now or utcnow()
    if booth.blocked:
        return None
    hours = terms_for(booth.fair).offer_hours
    for application in waiting_list(booth.fair_id, now):
        if exclude is not None and application.id == exclude.id:
            continue
        try:
            claim = claims.offer(application, booth, hours, now)
        except DomainError:  # somebody held it in the meantime: nothing to offer
            return None
        application.booth = booth
        audit.record("application.offer", "exhibitor_application", application.id,
                     after={"booth": booth.code, "expires_at": claim.expires_at}, actor=None)
        notify(application, "booth_offered", offered=booth, expires_at=claim.expires_at)
        return application
    return None


def accept_offer(application, user, now=None):
    now = now or utcnow()
    if application.user_id != user.id or application.status != "waitlisted":
        raise DomainError(_("There is no offer to accept."), code="state")
    claims.accept_offer(application, now)
    application.set_status("approved", now)
    application.decided_at = now
    invoice = invoices.issue_invoice(application, now)
    audit.record("application.accept_offer", "exhibitor_application", application.id,
                 after={**_snapshot(application), "invoice": invoice.code})
    notify(application, "application_approved", invoice=invoice,
           attachments=[(f"payment-request-{invoice.code}.pdf", "application/pdf", invoice.pdf)])
    return invoice


def decline_offer(application, user, now=None):
    now = now or utcnow()
    claim = application.claim
    if application.user_id != user.id or application.status != "waitlisted" or claim is None:
        raise DomainError(_("There is no offer to decline."), code="state")
    freed = claims.drop(application)
    application.waitlisted_at = now  # back of the queue, so the next in line is offered it
    audit.record("application.decline_offer", "exhibitor_application", application.id,
                 before={"booth": freed.code}, after={"booth": None})
    offer_freed_booth(freed, now, exclude=application)


def expire_offers(fair, now=None) -> int:
    """Offers nobody answered in time go to the next in line; the silent applicant moves to the
    back of the queue. Correctness never waits for this (a lapsed offer is a free booth)."""
    now = now or utcnow()
    moved = 0
    for claim in claims.expired_offers(fair.id, now):
        application = db.session.get(ExhibitorApplication, claim.application_id)
        freed = claims.drop(application)
        application.waitlisted_at = now
        audit.record("application.offer_expired", "exhibitor_application", application.id,
                     before={"booth": freed.code}, after={"booth": None}, actor=None)
        offer_freed_booth(freed, now, exclude=application)
        moved += 1
    return moved
