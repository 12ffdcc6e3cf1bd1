"""Exhibitor staff passes: a confirmed exhibitor names its people, each gets a ticket from the
visitors' engine (same signed QR, same gates), up to a quota per booth."""
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from fairapp.core import audit
from fairapp.core.errors import DomainError
from fairapp.exhibitors.models import ExhibitorApplication, StaffPass
from fairapp.exhibitors.services.setup import terms_for
from fairapp.extensions import db
from fairapp.visitors.services import tickets

STAFF_TICKET_TYPE = "exhibitor"


def quota(application) -> int:
    per_booth = terms_for(application.fair).staff_passes_per_booth
    booth = application.booth
    return per_booth * (2 if booth is not None and booth.booth_type == "double" else 1)


def passes_of(application):
    return db.session.scalars(select(StaffPass).where(StaffPass.application_id == application.id)
                              .order_by(StaffPass.slot)).all()


def _check_confirmed(application):
    if application.status != "confirmed":
        raise DomainError(_("Staff passes can be named once the booking is confirmed (paid)."))


def add_staff_pass(application: ExhibitorApplication, *, name, phone=None, email=None, locale="vi"):
    """Name one person; DomainError when the quota is used up or the booking is not confirmed."""
    _check_confirmed(application)
    taken = {p.slot for p in passes_of(application)}
    free = [slot for slot in range(1, quota(application) + 1) if slot not in taken]
    if not free:
        raise DomainError(_("All %(n)d staff passes of this booth are named.", n=quota(application)), code="quota")
    fair = application.fair
    ticket_type = tickets.type_by_code(fair, STAFF_TICKET_TYPE)
    if ticket_type is None:  # a fair set up before ticketing: give it its key and usual types
        tickets.set_up_fair(fair)
        ticket_type = tickets.type_by_code(fair, STAFF_TICKET_TYPE)
    organization = application.profile.name if application.profile else None
    try:
        with db.session.begin_nested():
            ticket = tickets.issue_ticket(fair, ticket_type, name=name, phone=phone, email=email or None,
                                          organization=organization, locale=locale, source="exhibitor",
                                          owner=application.user)
            staff_pass = StaffPass(application_id=application.id, slot=free[0], ticket_id=ticket.id)
            db.session.add(staff_pass)
            db.session.flush()
    except IntegrityError as exc:
        # Another request took the same slot a moment ago, or the e-mail already has a ticket.
        raise DomainError(_("This pass could not be added: the e-mail already has a ticket for this fair, "
                            "or the last pass was just taken. Please check the list."), code="taken") from exc
    audit.record("staff_pass.add", "staff_pass", staff_pass.id,
                 after={"application": application.id, "slot": staff_pass.slot, "name": ticket.name})
    tickets.send_ticket(ticket)
    return staff_pass


def remove_staff_pass(staff_pass: StaffPass):
    """Frees the slot; the person's ticket is revoked, so it no longer opens the gates."""
    ticket = staff_pass.ticket
    if ticket.status == "valid":
        tickets.revoke(ticket, _("Staff pass removed by the exhibitor"))
    audit.record("staff_pass.remove", "staff_pass", staff_pass.id,
                 before={"application": staff_pass.application_id, "slot": staff_pass.slot, "name": ticket.name})
    db.session.delete(staff_pass)
