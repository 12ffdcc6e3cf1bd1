"""Organiser page that starts a bulk badge print (the job's progress page is /jobs/<id>)."""
from datetime import date

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from fairapp.core.access import roles
from fairapp.core.errors import DomainError
from fairapp.core.fairs import current_fair, fair_days
from fairapp.extensions import db
from fairapp.visitors import bp
from fairapp.visitors.forms import BadgePrintForm
from fairapp.visitors.models import Ticket
from fairapp.visitors.services import tickets
from fairapp.visitors.services.badge_printing import start_badge_print


def _form(fair, types):
    form = BadgePrintForm()
    vi = str(get_locale()) == "vi"
    form.ticket_type.choices = [("", _("All types"))] + [(t.code, t.name if vi else t.name_en) for t in types]
    form.day.choices = [("", _("All days"))] + [(d.isoformat(), d.strftime("%d/%m/%Y")) for d in fair_days(fair)]
    return form


def _summary(fair):
    """Per ticket type: valid tickets and how many of them still wait for a badge."""
    rows = db.session.execute(
        select(Ticket.type_id, func.count(), func.count(Ticket.printed_at))
        .where(Ticket.fair_id == fair.id, Ticket.status == "valid").group_by(Ticket.type_id)).all()
    return {type_id: (total, total - printed) for type_id, total, printed in rows}


@bp.route("/visitors/admin/badges", methods=["GET", "POST"])
@roles("organizer")
def badge_print():
    fair = current_fair() or abort(404)
    types = tickets.ticket_types(fair)
    form = _form(fair, types)
    status = 200
    if form.validate_on_submit():
        try:
            job, count = start_badge_print(
                fair, ticket_type=tickets.type_by_code(fair, form.ticket_type.data) if form.ticket_type.data else None,
                day=date.fromisoformat(form.day.data) if form.day.data else None,
                not_printed=form.not_printed.data, layout=form.layout.data, cut_marks=form.cut_marks.data,
                owner=current_user)
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "danger")
            status = exc.status
        else:
            db.session.commit()
            flash(_("Badges to print: %(count)d.", count=count), "success")
            return redirect(url_for("core.job_page", job_id=job.id))
    elif form.errors:
        status = 400
    return render_template("visitors/badges.html", form=form, fair=fair, types=types, summary=_summary(fair)), status
