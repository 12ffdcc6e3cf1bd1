"""What organisers look at: the application queue with its filters, invoices by state."""
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from fairapp.core.fairs import local_today
from fairapp.core.i18n import search_key
from fairapp.exhibitors.models import ExhibitorApplication, ExhibitorProfile, Invoice
from fairapp.extensions import db


def applications_query(fair, *, status=None, district=None, craft=None, eligible=None, q=None):
    query = (
        select(ExhibitorApplication).join(ExhibitorProfile, ExhibitorProfile.id == ExhibitorApplication.profile_id)
        .where(ExhibitorApplication.fair_id == fair.id)
        .options(selectinload(ExhibitorApplication.profile), selectinload(ExhibitorApplication.booth),
                 selectinload(ExhibitorApplication.claim))
        # The waiting list in its own order; everything else first come, first served.
        .order_by(ExhibitorApplication.waitlisted_at.is_(None), ExhibitorApplication.waitlisted_at,
                  ExhibitorApplication.submitted_at, ExhibitorApplication.id)
    )
    if status:
        query = query.where(ExhibitorApplication.status == status)
    if district:
        query = query.where(ExhibitorProfile.district == district)
    if craft:
        query = query.where(ExhibitorProfile.craft == craft)
    if eligible in ("yes", "no"):
        query = query.where(ExhibitorProfile.promotion_eligible.is_(eligible == "yes"))
    for word in search_key(q).split():
        query = query.where(ExhibitorProfile.search_key.contains(word, autoescape=True))
    return query


def status_counts(fair):
    rows = db.session.execute(select(ExhibitorApplication.status, func.count())
                              .where(ExhibitorApplication.fair_id == fair.id).group_by(ExhibitorApplication.status))
    return dict(rows.all())


def invoices_query(fair, state=None):
    query = (select(Invoice).where(Invoice.fair_id == fair.id)
             .options(selectinload(Invoice.application).selectinload(ExhibitorApplication.profile),
                      selectinload(Invoice.payments))
             .order_by(Invoice.number.desc()))
    if state == "overdue":
        query = query.where(Invoice.status == "open", Invoice.due_on < local_today())
    elif state in ("open", "paid", "void"):
        query = query.where(Invoice.status == state)
    return query


def applications_by_ids(fair, ids):
    if not ids:
        return []
    return db.session.scalars(select(ExhibitorApplication).where(
        ExhibitorApplication.fair_id == fair.id, ExhibitorApplication.id.in_(ids))
        .order_by(ExhibitorApplication.submitted_at, ExhibitorApplication.id)).all()
