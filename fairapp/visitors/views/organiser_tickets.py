"""Organiser pages for tickets: the searchable list, a ticket with its scans, revoke and reissue,
import from CSV/XLSX, export and the import template."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user

from fairapp.core import mail_status
from fairapp.core.access import roles
from fairapp.core.errors import DomainError
from fairapp.core.forms import ActionForm, show_error
from fairapp.core.spreadsheets import FORMATS, download
from fairapp.extensions import db
from fairapp.visitors import bp
from fairapp.visitors.fair_choice import all_fairs, chosen_fair
from fairapp.visitors.forms import (
    ImportForm, RevokeForm, TicketFilterForm, choices, day_choices, require_action_form, valid_day,
)
from fairapp.visitors.models import Ticket
from fairapp.visitors.services import search, ticket_export, tickets, visitor_import

organizer = roles("organizer")
PER_PAGE = 50


def _filters(fair):
    form = TicketFilterForm(request.args)
    vi = str(get_locale()) == "vi"
    form.type.choices = choices([("", _("All"))] + [(t.code, t.name if vi else t.name_en)
                                                    for t in tickets.ticket_types(fair)])
    form.day.choices = choices([("", _("All days"))]) + day_choices(fair)
    form.validate()
    filters = {name: form[name].data for name in search.FILTERS if form[name].data and not form[name].errors}
    filters["day"] = valid_day(fair, filters.get("day"))
    return form, filters


def _format():
    fmt = request.args.get("format", "csv")
    if fmt not in FORMATS:
        abort(404)
    return fmt


def _private(response):
    response.headers["Cache-Control"] = "private, no-store"
    return response


# ---------------------------------------------------------------- the list and one ticket


@bp.route("/visitors/admin/tickets")
@organizer
def admin_tickets():
    fair = chosen_fair()
    form, filters = _filters(fair)
    page = db.paginate(search.ticket_query(fair, filters), per_page=PER_PAGE)
    entries = search.entries_by_ticket([t.id for t in page.items])
    export_args = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in filters.items() if v}
    return render_template("visitors/admin/tickets.html", fair=fair, fairs=all_fairs(), form=form, page=page,
                           entries=entries, export_args=export_args)


def _ticket(ticket_id):
    return db.session.get(Ticket, ticket_id) or abort(404)


@bp.route("/visitors/admin/tickets/<int:ticket_id>")
@organizer
def admin_ticket(ticket_id):
    ticket = _ticket(ticket_id)
    return render_template("visitors/admin/ticket.html", ticket=ticket, fair=ticket.fair,
                           scans=search.scans_of(ticket), revoke_form=RevokeForm(), reissue_form=ActionForm())


@bp.route("/visitors/admin/tickets/<int:ticket_id>/revoke", methods=["POST"])
@organizer
def admin_ticket_revoke(ticket_id):
    ticket = _ticket(ticket_id)
    form = RevokeForm()
    if not form.validate_on_submit():
        return render_template("visitors/admin/ticket.html", ticket=ticket, fair=ticket.fair,
                               scans=search.scans_of(ticket), revoke_form=form, reissue_form=ActionForm())
    try:
        tickets.revoke(ticket, form.reason.data)
    except DomainError as exc:
        db.session.rollback()
        show_error(form, exc)
    else:
        db.session.commit()
        flash(_("Ticket revoked: its code is refused at every gate."), "success")
    return redirect(url_for("visitors.admin_ticket", ticket_id=ticket_id))


@bp.route("/visitors/admin/tickets/<int:ticket_id>/reissue", methods=["POST"])
@organizer
def admin_ticket_reissue(ticket_id):
    require_action_form()
    ticket = _ticket(ticket_id)
    tickets.reissue(ticket)
    db.session.commit()
    flash(_("New code issued; older codes are refused."), "success")
    mail_status.notice(_("The new ticket by e-mail to %(email)s:", email=ticket.email))
    return redirect(url_for("visitors.admin_ticket", ticket_id=ticket_id))


# ---------------------------------------------------------------- import, export, template


@bp.route("/visitors/admin/tickets/export")
@organizer
def admin_tickets_export():
    fair = chosen_fair()
    fmt = _format()
    _form, filters = _filters(fair)
    return _private(download(fmt, f"ve-{fair.slug}.{fmt}", ticket_export.EXPORT_COLUMNS,
                             ticket_export.export_rows(fair, filters), sheet_title=visitor_import.SHEET_TITLE))


@bp.route("/visitors/admin/tickets/import/template")
@organizer
def admin_import_template():
    fair = chosen_fair()
    fmt = _format()
    examples, extra_sheets = visitor_import.template_tables(fair)
    return _private(download(fmt, f"mau-nhap-khach-{fair.slug}.{fmt}", visitor_import.COLUMNS, examples,
                             sheet_title=visitor_import.SHEET_TITLE, extra_sheets=extra_sheets))


@bp.route("/visitors/admin/tickets/import", methods=["GET", "POST"])
@organizer
def admin_tickets_import():
    fair = chosen_fair()
    form = ImportForm()
    problems = None
    if form.validate_on_submit():
        upload = form.file.data
        try:
            result = visitor_import.import_visitors(fair, upload.filename, upload.read(),
                                              send_tickets=form.send_tickets.data, owner=current_user)
        except visitor_import.ImportRefused as exc:
            db.session.rollback()
            problems = exc.problems
            show_error(form, exc)  # no field: flashed, and the page answers 422
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("Tickets imported: %(n)d.", n=len(result.ticket_ids)), "success")
            if result.job is not None:
                flash(_("%(n)d ticket e-mails are being queued in the background.", n=result.emailed), "info")
                return redirect(url_for("core.job_page", job_id=result.job.id))
            if result.emailed:
                flash(_("%(n)d ticket e-mails are queued.", n=result.emailed), "info")
                mail_status.notice(_("Ticket e-mails:"))
            return redirect(url_for("visitors.admin_tickets", fair=fair.slug))
    # A refused upload answers 422 (core/forms.py: register_refused_forms).
    return render_template("visitors/admin/import.html", fair=fair, fairs=all_fairs(), form=form,
                           problems=problems, columns=visitor_import.COLUMNS, required=visitor_import.REQUIRED,
                           max_rows=visitor_import.MAX_ROWS)
