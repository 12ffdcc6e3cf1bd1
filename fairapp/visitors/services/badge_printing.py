"""Bulk badge printing as a background job: a filter's tickets streamed into one PDF."""
import tempfile
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import String, cast, func, select, update

from fairapp.core import audit
from fairapp.core.db import utcnow
from fairapp.core.errors import DomainError
from fairapp.core.fairs import fair_days
from fairapp.core.i18n import localized
from fairapp.core.jobs import job_handler, start_job
from fairapp.core.models import Fair
from fairapp.extensions import db
from fairapp.printing import LAYOUTS
from fairapp.visitors.documents.badges import badge_values, render_badges
from fairapp.visitors.models import Ticket, TicketType

KIND = "visitors.badges"
ROWS_PER_FETCH = 500


def _conditions(params):
    """Which tickets a print covers: valid ones of the fair, narrowed by type, day and 'not yet printed'."""
    conditions = [Ticket.fair_id == params["fair_id"], Ticket.status == "valid"]
    if params.get("type_id"):
        conditions.append(Ticket.type_id == params["type_id"])
    if params.get("day"):
        # `days` is a JSON list of ISO dates; its text holds "yyyy-mm-dd" in quotes on SQLite and PostgreSQL.
        conditions.append(cast(Ticket.days, String).contains(f'"{params["day"]}"'))
    if params.get("not_printed"):
        conditions.append(Ticket.printed_at.is_(None))
    return conditions


def matching_count(params):
    return db.session.scalar(select(func.count()).select_from(Ticket).where(*_conditions(params)))


def start_badge_print(fair, *, ticket_type=None, day=None, not_printed=False, layout="4xa6", cut_marks=False,
                      owner=None):
    """Queue a bulk print for the tickets that match; the job runs after the commit."""
    if layout not in LAYOUTS:
        raise DomainError(_("Choose a sheet layout."), field="layout")
    if ticket_type is not None and ticket_type.fair_id != fair.id:
        raise DomainError(_("Choose a ticket type of this fair."), field="ticket_type")
    if day is not None and day not in fair_days(fair):
        raise DomainError(_("Choose a day of the fair."), field="day")
    params = {"fair_id": fair.id, "type_id": ticket_type.id if ticket_type else None,
              "day": day.isoformat() if isinstance(day, date) else None, "not_printed": bool(not_printed),
              "layout": layout, "cut_marks": bool(cut_marks)}
    count = matching_count(params)
    if not count:
        raise DomainError(_("No ticket matches this choice."))
    job = start_job(KIND, params, owner)
    audit.record("badges.print", "fair", fair.id, after={**params, "tickets": count})
    return job, count


class Selection:
    """The tickets a print covers, fixed when it starts, and their badges as a stream."""

    def __init__(self, params):
        self.fair = db.session.get(Fair, params["fair_id"])
        self.types = {t.id: t for t in db.session.scalars(select(TicketType).where(TicketType.fair_id == self.fair.id))}
        self.conditions = _conditions(params)
        # Tickets issued while the job runs wait for the next print: the print and
        # the UPDATE that marks it both stop at the last id seen now.
        last_id = db.session.scalar(select(func.max(Ticket.id)).where(*self.conditions))
        if last_id is None:
            raise DomainError(_("No ticket matches this choice."))
        self.conditions.append(Ticket.id <= last_id)
        self.total = db.session.scalar(select(func.count()).select_from(Ticket).where(*self.conditions))

    def badges(self, progress=None):
        """badge_values dicts in ticket id order, fetched a few hundred rows at a time."""
        rows = db.session.execute(
            select(Ticket.name, Ticket.organization, Ticket.days, Ticket.code, Ticket.type_id, Ticket.locale)
            .where(*self.conditions).order_by(Ticket.id).execution_options(yield_per=ROWS_PER_FETCH))
        for done, row in enumerate(rows, 1):
            yield badge_values(localized(self.fair, locale=row.locale), self.types[row.type_id], name=row.name,
                               organization=row.organization, days=row.days, code=row.code, locale=row.locale)
            if progress:
                progress(done, self.total)

    def mark_printed(self):
        db.session.execute(update(Ticket).where(*self.conditions).values(printed_at=utcnow())
                           .execution_options(synchronize_session=False))


@job_handler(KIND)
def print_badges(params, progress):
    """Render the matching tickets to a temporary file, then mark them printed in one UPDATE."""
    selection = Selection(params)
    layout = params["layout"]
    name = f"badges-{selection.fair.slug}-{layout}.pdf"
    pdf = tempfile.TemporaryFile()  # handed to the job runner, which stores it piece by piece and closes it
    render_badges(selection.badges(progress), layout, cut_marks=params["cut_marks"], out=pdf,
                  title=selection.fair.name)
    # End the long read first: SQLite refuses to turn a read transaction into a
    # write once another connection (the progress updates) has committed since.
    db.session.commit()
    selection.mark_printed()
    # No progress write after this UPDATE: it would wait for the write lock this session now holds.
    pdf.seek(0)
    return name, "application/pdf", pdf
