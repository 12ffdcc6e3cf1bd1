"""Exporting a fair's tickets with their codes and check-in status, in a file that imports again."""
from sqlalchemy import func, select

from fairapp.core.i18n import format_local_datetime
from fairapp.core.spreadsheets import write_table
from fairapp.extensions import db
from fairapp.visitors.models import Admission, Ticket, TicketType
from fairapp.visitors.services import search
from fairapp.visitors.services.visitor_import import SHEET_TITLE, day_list

EXPORT_COLUMNS = ("code", "name", "email", "phone", "organization", "type", "days", "locale", "status",
                  "revoked_reason", "checked_in", "entries", "first_entry", "last_entry", "printed", "source",
                  "ticket_id", "created_at")


def export_rows(fair, filters=None):
    """Rows of EXPORT_COLUMNS for the fair's tickets matching the list filters, oldest first."""
    entries = (select(Admission.ticket_id, func.count().label("n"), func.min(Admission.admitted_at).label("first"),
                      func.max(Admission.admitted_at).label("last"))
               .join(Ticket, Ticket.id == Admission.ticket_id).where(Ticket.fair_id == fair.id)
               .group_by(Admission.ticket_id).subquery())
    query = (select(Ticket, TicketType.code, entries.c.n, entries.c.first, entries.c.last)
             .join(TicketType, Ticket.type_id == TicketType.id)
             .outerjoin(entries, entries.c.ticket_id == Ticket.id)
             .where(*search.ticket_conditions(fair, filters)).order_by(Ticket.id)
             .execution_options(yield_per=1000))
    for ticket, type_code, count, first, last in db.session.execute(query):
        yield [ticket.code, ticket.name, ticket.email or "", ticket.phone or "", ticket.organization or "",
               type_code, day_list(ticket.days), ticket.locale, ticket.status, ticket.revoked_reason or "",
               "yes" if count else "no", count or 0, format_local_datetime(first), format_local_datetime(last),
               "yes" if ticket.printed_at else "no", ticket.source, ticket.id,
               format_local_datetime(ticket.created_at)]


def export_tickets(fair, fmt, filters=None):
    """The tickets as CSV or XLSX bytes, with their codes and check-in status."""
    return write_table(fmt, EXPORT_COLUMNS, export_rows(fair, filters), sheet_title=SHEET_TITLE)
