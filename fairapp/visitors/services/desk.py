"""The walk-in desk: register a visitor and print the badge at once; reprint a badge without checking anyone in."""
from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from fairapp.core import audit
from fairapp.core.db import utcnow
from fairapp.core.errors import DomainError
from fairapp.core.i18n import search_key
from fairapp.core.validators import checked_email, normalise_phone
from fairapp.extensions import db
from fairapp.visitors.models import Ticket
from fairapp.visitors.services import codes
from fairapp.visitors.services.tickets import find_by_email, issue_ticket, send_ticket

SEARCH_LIMIT = 20
MIN_SEARCH = 3


def register_walk_in(fair, ticket_type, *, name, phone=None, organization=None, email=None, days, locale):
    """Issue a kiosk ticket, or reuse the fair's ticket for this e-mail: (ticket, created).

    The badge is printed right away, so the ticket counts as printed.
    """
    email = checked_email(email, optional=True)
    existing = find_by_email(fair, email) if email else None
    ticket = None
    if existing is None:
        try:
            with db.session.begin_nested():
                ticket = issue_ticket(fair, ticket_type, name=name, email=email, phone=phone,
                                      organization=organization, days=days, locale=locale, source="kiosk")
        except IntegrityError:  # the same e-mail registered online a moment ago
            existing = find_by_email(fair, email) if email else None
            if existing is None:
                raise
    if ticket is None:
        if existing.status != "valid":
            raise DomainError(_("This e-mail already has a ticket, and it has been revoked."), field="email")
        _mark_printed(existing, "ticket.reprint")
        return existing, False
    ticket.printed_at = utcnow()
    audit.record("ticket.walk_in", "ticket", ticket.id,
                 after={"name": ticket.name, "type": ticket_type.code, "days": ticket.days})
    send_ticket(ticket)
    return ticket, True


def _mark_printed(ticket, action):
    before = audit.snapshot(ticket, "printed_at")
    ticket.printed_at = utcnow()
    audit.record(action, "ticket", ticket.id, before=before, after=audit.snapshot(ticket, "printed_at"))


def ticket_for_code(fair, code):
    """The ticket a scanned code belongs to, if the code is genuine and current; None if it is not a code at all."""
    code = (code or "").strip().upper()
    if len(code) != codes.CODE_LENGTH:
        return None
    try:
        claims = codes.verify(code)
    except codes.InvalidCode:
        raise DomainError(_("Unknown or forged code.")) from None
    ticket = db.session.get(Ticket, claims.ticket_id)
    if claims.fair_id != fair.id or ticket is None or ticket.fair_id != fair.id:
        raise DomainError(_("This ticket is for another fair."))
    if ticket.status != "valid" or claims.version != ticket.version % 256:
        raise DomainError(_("This ticket has been revoked."))
    return ticket


def find_tickets(fair, text):
    """Tickets whose name, phone or e-mail matches, for a badge reprint by hand."""
    text = (text or "").strip()
    if len(text) < MIN_SEARCH:
        raise DomainError(_("Type at least 3 characters."), field="query")
    conditions = [Ticket.name_key.contains(search_key(text), autoescape=True), Ticket.email == text.lower()]
    phone = normalise_phone(text)
    if phone:
        conditions.append(Ticket.phone == phone)
    return db.session.scalars(select(Ticket).where(Ticket.fair_id == fair.id, or_(*conditions))
                              .order_by(Ticket.name_key, Ticket.id).limit(SEARCH_LIMIT)).all()


def reprint(fair, ticket_id):
    """Mark a ticket's badge printed again (no check-in is recorded)."""
    ticket = db.session.get(Ticket, ticket_id)
    if ticket is None or ticket.fair_id != fair.id:
        raise DomainError(_("Unknown ticket."), status=404)
    if ticket.status != "valid":
        raise DomainError(_("This ticket has been revoked."))
    _mark_printed(ticket, "ticket.reprint")
    return ticket


def reprint_by_code(fair, code):
    ticket = ticket_for_code(fair, code)
    if ticket is not None:
        _mark_printed(ticket, "ticket.reprint")
    return ticket
