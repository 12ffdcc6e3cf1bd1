"""Applications without HTTP: applying on a hold, decisions, the waiting list, withdrawal, release."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from fairapp.core.db import utcnow
from fairapp.core.errors import DomainError
from fairapp.core.models import AuditEntry, OutboxMessage
from fairapp.exhibitors.models import ExhibitorApplication
from fairapp.exhibitors.services import applications, claims
from fairapp.exhibitors.services.floorplan import booth_status
from fairapp.exhibitors.services.setup import terms_for
from fairapp.extensions import db
from tests.exhibitors.conftest import application_values, get_booth, get_fair, user_by_email


def organiser(make_user):
    return make_user("organizer", name="Trần Thị Thu Hà")


def submit(app, email, booth="A-02", hold=True, **values):
    """Hold the booth, then apply for it; returns the application id."""
    with app.test_request_context():
        user = user_by_email(email)
        if hold:
            claims.hold(get_booth(booth), user, 15)
        application = applications.apply(user, get_fair(), application_values(booth=booth, **values))
        db.session.commit()
        return application.id


def actions(application_id):
    return db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_type == "exhibitor_application",
                                                              AuditEntry.object_id == str(application_id))
                              .order_by(AuditEntry.id)).all()


def mails_to(email):
    return db.session.scalars(select(OutboxMessage.subject).where(OutboxMessage.recipient == email)
                              .order_by(OutboxMessage.id)).all()


def test_applying_turns_the_hold_into_a_reservation(app, fair, exhibitor):
    email = exhibitor()
    application_id = submit(app, email)
    with app.app_context():
        application = db.session.get(ExhibitorApplication, application_id)
        assert application.status == "submitted" and application.booth.code == "A-02"
        assert [b.code for b in application.alternatives] == ["A-09"]
        assert application.claim.state == "reserved" and application.claim.expires_at is None
        assert booth_status(get_booth("A-02")) == "reserved"
        assert actions(application_id) == ["application.submit"]
        assert mails_to(email) == ["Chúng tôi đã nhận đơn đăng ký gian hàng A-02 của bạn"]


def test_a_lapsed_hold_still_applies_while_the_booth_is_free_but_not_once_taken(app, fair, exhibitor):
    first, second = exhibitor(), exhibitor()
    with app.test_request_context():
        claims.hold(get_booth("A-02"), user_by_email(first), 15, now=utcnow() - timedelta(minutes=30))
        db.session.commit()
    application_id = submit(app, first, hold=False)  # nobody took it: the application gets it
    with app.app_context():
        assert db.session.get(ExhibitorApplication, application_id).claim.state == "reserved"
    with app.test_request_context(), pytest.raises(DomainError) as refused:
        applications.apply(user_by_email(second), get_fair(), application_values(booth="A-02"))
    assert refused.value.status == 409
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ExhibitorApplication)) == 1


def test_one_open_application_per_exhibitor_and_fair(app, fair, exhibitor):
    email = exhibitor()
    submit(app, email)
    with app.test_request_context(), pytest.raises(DomainError) as refused:
        applications.apply(user_by_email(email), get_fair(), application_values(booth="A-05"))
    assert refused.value.code == "duplicate"


def test_an_application_needs_a_profile_products_and_real_booths(app, fair, exhibitor):
    no_profile, email = exhibitor(profile=False), exhibitor()
    with app.test_request_context():
        with pytest.raises(DomainError) as refused:
            applications.apply(user_by_email(no_profile), get_fair(), application_values())
        assert refused.value.code == "no_profile"
        with pytest.raises(DomainError) as refused:
            applications.apply(user_by_email(email), get_fair(), application_values(products="  "))
        assert refused.value.field == "products"
        with pytest.raises(DomainError) as refused:
            applications.apply(user_by_email(email), get_fair(), application_values(alternative_1="Z-77"))
        assert refused.value.field == "alternative_1" and "Z-77" in refused.value.message
        with pytest.raises(DomainError) as refused:
            applications.apply(user_by_email(email), get_fair(), application_values(alternative_1="a-02", booth="A-02"))
        assert refused.value.field == "alternative_1"
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(ExhibitorApplication)) == 0


def test_approval_on_another_booth_moves_the_reservation(app, fair, exhibitor, make_user):
    email, boss = exhibitor(), organiser(make_user)
    application_id = submit(app, email)
    with app.test_request_context():
        application = db.session.get(ExhibitorApplication, application_id)
        invoice = applications.approve(application, user_by_email(boss), get_booth("A-03"))
        db.session.commit()
        assert application.status == "approved" and application.booth.code == "A-03"
        assert booth_status(get_booth("A-02")) == "available"
        assert booth_status(get_booth("A-03")) == "reserved"
        assert invoice.booth_code == "A-03" and invoice.status == "open"
        assert actions(application_id) == ["application.submit", "application.approve"]
        assert db.session.scalar(select(AuditEntry.actor_label).where(AuditEntry.action == "application.approve")) == boss


def test_approval_onto_a_taken_booth_changes_nothing(app, fair, exhibitor, make_user):
    first, second, boss = exhibitor(), exhibitor(), organiser(make_user)
    first_id = submit(app, first, booth="A-02")
    submit(app, second, booth="A-03")
    with app.test_request_context():
        application = db.session.get(ExhibitorApplication, first_id)
        with pytest.raises(DomainError) as refused:
            applications.approve(application, user_by_email(boss), get_booth("A-03"))
        assert refused.value.status == 409
        db.session.rollback()
        application = db.session.get(ExhibitorApplication, first_id)
        assert application.status == "submitted" and application.claim.booth.code == "A-02"
        assert application.invoices == []


def test_waitlist_then_a_freed_booth_is_offered_in_order(app, fair, exhibitor, make_user):
    boss = organiser(make_user)
    early, late, holder = exhibitor(name="Sớm"), exhibitor(name="Muộn"), exhibitor(name="Giữ")
    early_id, late_id = submit(app, early, booth="A-02"), submit(app, late, booth="A-03")
    holder_id = submit(app, holder, booth="A-05")
    with app.test_request_context():
        actor = user_by_email(boss)
        for application_id in (early_id, late_id):
            applications.waitlist(db.session.get(ExhibitorApplication, application_id), actor)
        db.session.commit()
        # Waitlisting "late" freed A-03 and offered it to "early", first in line.
        offered = db.session.get(ExhibitorApplication, early_id)
        assert offered.claim.state == "hold" and offered.claim.booth.code == "A-03"
        assert booth_status(get_booth("A-02")) == "available"
        # The holder withdraws: A-05 goes to "late", next in line.
        applications.withdraw(db.session.get(ExhibitorApplication, holder_id), user_by_email(holder))
        db.session.commit()
        assert db.session.get(ExhibitorApplication, late_id).claim.booth.code == "A-05"
        assert "application.offer" in actions(late_id)
        # "early" accepts: approved on A-03, invoice issued, mailed with the PDF.
        invoice = applications.accept_offer(db.session.get(ExhibitorApplication, early_id), user_by_email(early))
        db.session.commit()
        assert db.session.get(ExhibitorApplication, early_id).status == "approved"
        assert invoice.booth_code == "A-03" and booth_status(get_booth("A-03")) == "reserved"
        # "late" declines: back of the queue, nobody else waits, so A-05 is simply free.
        applications.decline_offer(db.session.get(ExhibitorApplication, late_id), user_by_email(late))
        db.session.commit()
        assert booth_status(get_booth("A-05")) == "available"
        assert db.session.get(ExhibitorApplication, late_id).status == "waitlisted"


def test_a_lapsed_offer_frees_the_booth_and_passes_to_the_next_in_line(app, fair, exhibitor, make_user):
    first, second = exhibitor(), exhibitor()
    first_id, second_id = submit(app, first, booth="A-02"), submit(app, second, booth="A-03")
    with app.test_request_context():
        now = utcnow()
        # Both on the waiting list, "first" ahead; "first" was offered A-07 long ago and never answered.
        for application_id, minutes in ((first_id, 90), (second_id, 60)):
            application = db.session.get(ExhibitorApplication, application_id)
            claims.drop(application)
            application.set_status("waitlisted")
            application.waitlisted_at = now - timedelta(minutes=minutes)
        long_ago = now - timedelta(hours=terms_for(get_fair()).offer_hours + 1)
        claims.offer(db.session.get(ExhibitorApplication, first_id), get_booth("A-07"), 48, now=long_ago)
        db.session.commit()
        assert booth_status(get_booth("A-07")) == "available"  # correct before any clean-up ran
        assert applications.expire_offers(get_fair()) == 1
        db.session.commit()
        assert db.session.get(ExhibitorApplication, second_id).claim.booth.code == "A-07"
        lapsed = db.session.get(ExhibitorApplication, first_id)
        assert lapsed.claim is None and lapsed.waitlisted_at > now - timedelta(minutes=1)
        assert "application.offer_expired" in actions(first_id)


def test_reject_needs_a_reason_frees_the_booth_and_mails_it(app, fair, exhibitor, make_user):
    email, boss = exhibitor(locale="en"), organiser(make_user)
    application_id = submit(app, email)
    with app.test_request_context():
        application = db.session.get(ExhibitorApplication, application_id)
        with pytest.raises(DomainError) as refused:
            applications.reject(application, user_by_email(boss), "   ")
        assert refused.value.field == "reason"
        applications.reject(application, user_by_email(boss), "Sản phẩm không phải hàng thủ công")
        db.session.commit()
        assert application.status == "rejected" and application.open_fair_id is None
        assert booth_status(get_booth("A-02")) == "available"
        assert mails_to(email)[-1] == f"Your application for {get_fair().name}"


def test_bulk_decisions_report_what_could_not_be_done(app, fair, exhibitor, make_user):
    boss = organiser(make_user)
    ids = [submit(app, exhibitor(), booth=code) for code in ("A-02", "A-03", "A-04")]
    with app.test_request_context():
        apps = [db.session.get(ExhibitorApplication, i) for i in ids]
        applications.reject(apps[2], user_by_email(boss), "Trùng đơn")
        db.session.commit()
        done, failed = applications.decide_many(apps, "approve", user_by_email(boss))
        db.session.commit()
        assert [a.id for a in done] == ids[:2] and [a.id for a, _m in failed] == [ids[2]]
        assert [db.session.get(ExhibitorApplication, i).status for i in ids] == ["approved", "approved", "rejected"]


def test_withdrawal_closes_after_the_deadline(app, fair, exhibitor):
    email = exhibitor()
    application_id = submit(app, email)
    with app.test_request_context():
        terms_for(get_fair()).withdraw_until = get_fair().starts_on - timedelta(days=40)  # already past
        db.session.commit()
        with pytest.raises(DomainError) as refused:
            applications.withdraw(db.session.get(ExhibitorApplication, application_id), user_by_email(email))
        assert refused.value.code == "deadline"
        db.session.rollback()
        assert db.session.get(ExhibitorApplication, application_id).status == "submitted"
