"""The walk-in kiosk for gate staff: register and print at once; reprint a badge by scan or search."""
from datetime import date

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext as _

from fairapp.core.access import roles
from fairapp.core.errors import DomainError
from fairapp.core.forms import show_error
from fairapp.core.fairs import current_fair, fair_days, local_today
from fairapp.core.validators import normalise_phone
from fairapp.extensions import db
from fairapp.visitors import bp
from fairapp.visitors.documents.badges import ticket_pdf
from fairapp.visitors.forms import ReprintForm, WalkInForm
from fairapp.visitors.models import Ticket
from fairapp.visitors.services import desk, tickets

STAFF = ("gate", "organizer")


def _walk_in_form(fair):
    form = WalkInForm()
    vi = str(get_locale()) == "vi"
    types = tickets.ticket_types(fair)
    form.ticket_type.choices = [(t.code, t.name if vi else t.name_en) for t in types]
    days = fair_days(fair)
    form.days.choices = [(d.isoformat(), d.strftime("%d/%m/%Y")) for d in days]
    if request.method == "GET":
        public = [t for t in types if t.public] or types
        form.ticket_type.data = public[0].code if public else None
        today = local_today()
        form.days.data = [(today if today in days else days[0]).isoformat()]
    return form


@bp.route("/kiosk", methods=["GET", "POST"])
@roles(*STAFF)
def kiosk():
    fair = current_fair() or abort(404)
    form = _walk_in_form(fair)
    if form.validate_on_submit():
        try:
            ticket, created = desk.register_walk_in(
                fair, tickets.type_by_code(fair, form.ticket_type.data), name=form.name.data,
                phone=normalise_phone(form.phone.data), organization=form.organization.data,
                email=form.email.data or None, days=form.days.data, locale=str(get_locale()))
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
            return render_template("visitors/kiosk.html", form=form, fair=fair), exc.status
        db.session.commit()
        if not created:
            flash(_("This e-mail already had a ticket: here is its badge."), "info")
        return redirect(url_for("visitors.kiosk_badge", ticket_id=ticket.id))
    return render_template("visitors/kiosk.html", form=form, fair=fair)  # 422 when refused (core/forms.py)


@bp.route("/kiosk/reprint", methods=["GET", "POST"])
@roles(*STAFF)
def kiosk_reprint():
    """Print-only: find a ticket and print its badge; nothing is checked in."""
    fair = current_fair() or abort(404)
    form = ReprintForm()
    results = None
    if form.validate_on_submit():
        try:
            if form.ticket_id.data:
                ticket = desk.reprint(fair, int(form.ticket_id.data) if form.ticket_id.data.isdigit() else 0)
            else:
                ticket = desk.reprint_by_code(fair, form.query.data)
                if ticket is None:
                    results = desk.find_tickets(fair, form.query.data)
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
            return render_template("visitors/kiosk_reprint.html", form=form, fair=fair), exc.status
        if results is None:
            db.session.commit()
            return redirect(url_for("visitors.kiosk_badge", ticket_id=ticket.id))
    return render_template("visitors/kiosk_reprint.html", form=form, fair=fair, results=results,
                           pick=ReprintForm(formdata=None))


def _printable(ticket_id):
    ticket = db.session.get(Ticket, ticket_id)
    if ticket is None or ticket.status != "valid":
        abort(404)
    return ticket


@bp.route("/kiosk/tickets/<int:ticket_id>/badge")
@roles(*STAFF)
def kiosk_badge(ticket_id):
    ticket = _printable(ticket_id)
    days = [date.fromisoformat(d) for d in ticket.days]
    return render_template("visitors/kiosk_badge.html", ticket=ticket, days=days)


@bp.route("/kiosk/tickets/<int:ticket_id>/badge.pdf")
@roles(*STAFF)
def kiosk_badge_pdf(ticket_id):
    ticket = _printable(ticket_id)
    return Response(ticket_pdf(ticket), mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="badge-{ticket.id}.pdf"',
        "Cache-Control": "private, no-store",
        # Shown in the kiosk page's frame; a PDF runs no script of ours, so the
        # page-wide policy (no frames, no plugins) would only stop the viewer.
        "X-Frame-Options": "SAMEORIGIN",
        "Content-Security-Policy": "frame-ancestors 'self'",
    })
