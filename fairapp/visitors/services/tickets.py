"""Tickets: the fair's ticket types, gates and key; issuing, registering, revoking, reissuing."""
import secrets
from datetime import date

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from fairapp.core import audit
from fairapp.core.errors import DomainError
from fairapp.core.fairs import fair_days
from fairapp.core.i18n import clean_text, search_key
from fairapp.core.validators import checked_email, email_key
from fairapp.core.mail import Deferred, attachment_renderer, queue_mail
from fairapp.extensions import db
from fairapp.visitors.models import Gate, Ticket, TicketType
from fairapp.visitors.services import codes

# (code, name, name_en, entry policy, badge colour, offered online): the fair's usual types.
DEFAULT_TICKET_TYPES = [
    ("visitor", "Khách tham quan", "General visitor", "once_per_day", "#0d6efd", True),
    ("trade", "Khách thương mại", "Trade buyer", "reentry", "#198754", True),
    ("vip", "Khách mời VIP", "VIP", "reentry", "#b8860b", False),
    ("press", "Báo chí", "Press", "reentry", "#6f42c1", False),
    ("exhibitor", "Đơn vị trưng bày", "Exhibitor staff", "reentry", "#fd7e14", False),
    ("juror", "Giám khảo", "Juror", "reentry", "#d63384", False),
    ("staff", "Ban tổ chức", "Organiser staff", "reentry", "#dc3545", False),
]
# (name, name_en)
DEFAULT_GATES = [("Cổng 1", "Gate 1"), ("Cổng 2", "Gate 2"), ("Cổng 3", "Gate 3")]


def set_up_fair(fair):
    """Give a fair its signing key, the usual ticket types and gates (idempotent)."""
    if codes.active_key(fair.id) is None:
        codes.create_key(fair)
    days = [d.isoformat() for d in fair_days(fair)]
    existing = set(db.session.scalars(select(TicketType.code).where(TicketType.fair_id == fair.id)))
    for position, (code, name, name_en, policy, color, public) in enumerate(DEFAULT_TICKET_TYPES):
        if code not in existing:
            db.session.add(TicketType(fair_id=fair.id, code=code, name=name, name_en=name_en, valid_days=days,
                                      entry_policy=policy, badge_color=color, public=public, position=position))
    if not db.session.scalar(select(Gate.id).where(Gate.fair_id == fair.id).limit(1)):
        db.session.add_all(Gate(fair_id=fair.id, name=name, name_en=name_en) for name, name_en in DEFAULT_GATES)
    db.session.flush()


def ticket_types(fair, public_only=False):
    query = select(TicketType).where(TicketType.fair_id == fair.id).order_by(TicketType.position)
    if public_only:
        query = query.where(TicketType.public)
    return db.session.scalars(query).all()


def type_by_code(fair, code):
    return db.session.scalar(select(TicketType).where(TicketType.fair_id == fair.id, TicketType.code == code))


def _checked_days(ticket_type, days):
    allowed = set(ticket_type.valid_days)
    chosen = sorted({d.isoformat() if isinstance(d, date) else str(d) for d in days or allowed})
    if not chosen or not set(chosen) <= allowed:
        raise DomainError(_("Choose days on which this ticket type is valid."), field="days")
    return chosen


def issue_ticket(fair, ticket_type, *, name, email=None, phone=None, organization=None, days=None,
                 locale="vi", source="online", owner=None):
    """A new signed ticket in the current transaction (flushed, so it has its id and code)."""
    name = clean_text(name)
    if not name:
        raise DomainError(_("This field is required."), field="name")
    ticket = Ticket(fair_id=fair.id, type_id=ticket_type.id, name=name, name_key=search_key(name),
                    email=checked_email(email, optional=True), phone=phone,
                    organization=clean_text(organization) or None, locale=locale,
                    days=_checked_days(ticket_type, days), source=source,
                    private_token=secrets.token_urlsafe(18), owner_user_id=owner.id if owner else None)
    ticket.type, ticket.fair = ticket_type, fair  # known already: no lazy loads later
    db.session.add(ticket)
    db.session.flush()
    _sign(ticket)
    return ticket


def _sign(ticket):
    key = codes.active_key(ticket.fair_id)
    if key is None:
        raise RuntimeError(f"fair {ticket.fair_id} has no signing key: run set_up_fair first")
    ticket.code = codes.sign(key, ticket.id, ticket.version, [date.fromisoformat(d) for d in ticket.days])


def find_by_email(fair, email):
    return db.session.scalar(select(Ticket).where(Ticket.fair_id == fair.id,
                                                  Ticket.email == email_key(email)))


def register(fair, ticket_type, *, name, email, phone, organization, days, locale):
    """Online registration. The same e-mail twice re-sends the first ticket: (ticket, created)."""
    if not ticket_type.public:
        raise DomainError(_("This ticket type cannot be chosen here."), field="ticket_type")
    email = checked_email(email)
    existing = find_by_email(fair, email)
    if existing is None:
        try:
            with db.session.begin_nested():
                ticket = issue_ticket(fair, ticket_type, name=name, email=email, phone=phone,
                                      organization=organization, days=days, locale=locale)
        except IntegrityError:  # the same e-mail registered a moment ago in another request
            existing = find_by_email(fair, email)
        else:
            send_ticket(ticket)
            return ticket, True
    send_ticket(existing)
    return existing, False


def send_ticket(ticket):
    """Queue the ticket e-mail: PDF attached, QR inline, calendar file.

    The PDF and the QR picture are drawn when the mail is sent (by the worker in
    production), so that registering stays fast when thousands register at once.
    """
    from fairapp.visitors.documents.calendar import fair_event_ics

    if not ticket.email:
        return
    queue_mail(ticket.email, "ticket", ticket.locale, ticket=ticket, fair=ticket.fair,
               ticket_url=url_for("visitors.ticket_page", token=ticket.private_token, _external=True),
               attachments=[
                   (f"ve-{ticket.id}.pdf", "application/pdf", Deferred("visitors.ticket_pdf", str(ticket.id))),
                   ("qr.png", "image/png", Deferred("visitors.ticket_qr", str(ticket.id)), "ticket-qr"),
                   ("hoi-cho.ics", "text/calendar; charset=utf-8", fair_event_ics(ticket)),
               ])


def _ticket_for_mail(ticket_id):
    ticket = db.session.get(Ticket, int(ticket_id))
    if ticket is None or ticket.status != "valid":
        raise LookupError(f"ticket {ticket_id} is gone or revoked")
    return ticket


@attachment_renderer("visitors.ticket_pdf")
def _ticket_pdf_attachment(ticket_id):
    from fairapp.visitors.documents.badges import ticket_pdf

    return ticket_pdf(_ticket_for_mail(ticket_id))


@attachment_renderer("visitors.ticket_qr")
def _ticket_qr_attachment(ticket_id):
    from fairapp.printing import qr_png_bytes

    return qr_png_bytes(_ticket_for_mail(ticket_id).code, box_size=6)


def revoke(ticket, reason):
    if ticket.status == "revoked":
        raise DomainError(_("This ticket is already revoked."))
    before = audit.snapshot(ticket, "status", "revoked_reason")
    ticket.status, ticket.revoked_reason = "revoked", clean_text(reason) or None
    audit.record("ticket.revoke", "ticket", ticket.id, before=before,
                 after=audit.snapshot(ticket, "status", "revoked_reason"))


def reissue(ticket):
    """A new code for the same person (lost or leaked ticket): every older code is refused."""
    before = {"version": ticket.version, "status": ticket.status}
    ticket.version += 1
    ticket.status, ticket.revoked_reason = "valid", None
    _sign(ticket)
    audit.record("ticket.reissue", "ticket", ticket.id, before=before,
                 after={"version": ticket.version, "status": ticket.status})
    send_ticket(ticket)
