"""Visitor pages: online registration and the private ticket page."""
from datetime import date, datetime, timedelta

from flask import Response, abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import get_locale, gettext as _
from sqlalchemy import select

from fairapp.core import mail_status, throttle
from fairapp.core.access import public
from fairapp.core.db import reads_first, utcnow
from fairapp.core.errors import DomainError
from fairapp.core.fairs import current_fair
from fairapp.core.forms import ActionForm, show_error
from fairapp.core.validators import normalise_phone
from fairapp.extensions import db
from fairapp.visitors import bp
from fairapp.visitors.documents.badges import ticket_pdf
from fairapp.visitors.documents.calendar import fair_event_ics
from fairapp.visitors.documents.qr_svg import qr_svg
from fairapp.visitors.forms import RegistrationForm
from fairapp.visitors.models import Ticket
from fairapp.visitors.services import codes, tickets

REGISTRATION_WINDOW = timedelta(minutes=10)
REGISTERED = "registered_ticket"  # session key: what this browser registered last
SHOWN_FOR = timedelta(hours=12)  # then the done page forgets it (a shared computer's next visitor)


def _registration_form(fair):
    form = RegistrationForm()
    vi = str(get_locale()) == "vi"
    types = tickets.ticket_types(fair, public_only=True)
    form.ticket_type.choices = [(t.code, t.name if vi else t.name_en) for t in types]
    if not form.ticket_type.data and types:
        form.ticket_type.data = types[0].code
    form.days.choices = [(d, date.fromisoformat(d).strftime("%d/%m/%Y")) for d in (types[0].valid_days if types else [])]
    return form, types


@bp.route("/register", methods=["GET", "POST"])
@public
@reads_first
def register():
    fair = current_fair() or abort(404)
    form, types = _registration_form(fair)
    if form.validate_on_submit():
        if form.website.data:  # a bot filled the hidden field: look successful, store nothing
            return redirect(url_for("visitors.registered"))
        try:
            throttle.hit("register", request.remote_addr or "?", current_app.config["REGISTRATIONS_PER_ADDRESS"],
                         REGISTRATION_WINDOW)
            ticket, created = tickets.register(
                fair, next(t for t in types if t.code == form.ticket_type.data), name=form.name.data,
                email=form.email.data, phone=normalise_phone(form.phone.data),
                organization=form.organization.data, days=form.days.data, locale=str(get_locale()))
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
            return render_template("visitors/register.html", form=form, fair=fair), exc.status
        db.session.commit()
        _remember_registration(ticket, created)
        return redirect(url_for("visitors.registered"))
    return render_template("visitors/register.html", form=form, fair=fair)


def _remember_registration(ticket, created):
    # The done page shows what this browser just registered, and nothing it could be pointed at:
    # the signed session says which ticket. The same e-mail again may be a stranger's typing, so
    # then only the address is kept (the ticket goes to its owner's mailbox, not onto this screen).
    queued = mail_status.queued_here()
    session[REGISTERED] = {"ticket": ticket.id if created else None, "email": ticket.email,
                           "mail": queued[-1] if queued else None,
                           "at": utcnow().isoformat()}


@bp.route("/register/done")
@public
def registered():
    done = session.get(REGISTERED) or {}
    fresh = done.get("at") and utcnow() - datetime.fromisoformat(done["at"]) < SHOWN_FOR
    ticket = db.session.get(Ticket, done["ticket"]) if fresh and done.get("ticket") else None
    mail = mail_status.messages_by_id([done["mail"]]).get(done["mail"]) if fresh and done.get("mail") else None
    return render_template("visitors/registered.html", ticket=ticket, again=bool(fresh and not done.get("ticket")),
                           email=done.get("email") if fresh else None, mail=mail_status.message_state(mail),
                           short_code=codes.short_code(ticket.code) if ticket else None)


def _ticket_by_token(token):
    # The private token is the capability: only the ticket holder's e-mail carries it.
    ticket = db.session.scalar(select(Ticket).where(Ticket.private_token == token))
    if ticket is None:
        abort(404)
    return ticket


@bp.route("/tickets/<token>")
@public
def ticket_page(token):
    ticket = _ticket_by_token(token)
    return render_template("visitors/ticket.html", ticket=ticket, resend_form=ActionForm(),
                           short_code=codes.short_code(ticket.code))


@bp.route("/tickets/<token>/qr.svg")
@public
def ticket_qr(token):
    ticket = _ticket_by_token(token)
    if ticket.status != "valid":
        abort(404)
    return Response(qr_svg(ticket.code), mimetype="image/svg+xml",
                    headers={"Cache-Control": "private, no-store"})


@bp.route("/tickets/<token>/ticket.pdf")
@public
def ticket_download(token):
    ticket = _ticket_by_token(token)
    if ticket.status != "valid":
        abort(404)
    return Response(ticket_pdf(ticket), mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="ve-{ticket.id}.pdf"', "Cache-Control": "private, no-store"})


@bp.route("/tickets/<token>/resend", methods=["POST"])
@public
def ticket_resend(token):
    if not ActionForm().validate_on_submit():
        abort(400)
    ticket = _ticket_by_token(token)
    throttle.hit("resend", str(ticket.id), 3, timedelta(hours=1))
    tickets.send_ticket(ticket)
    db.session.commit()
    mail_status.notice(_("Your ticket again, by e-mail to %(email)s:", email=ticket.email))
    return redirect(url_for("visitors.ticket_page", token=token))


@bp.route("/tickets/<token>/ticket.ics")
@public
def ticket_calendar(token):
    ticket = _ticket_by_token(token)
    if ticket.status != "valid":
        abort(404)
    return Response(fair_event_ics(ticket), mimetype="text/calendar", headers={
        "Content-Disposition": 'attachment; filename="hoi-cho.ics"', "Cache-Control": "private, no-store"})
