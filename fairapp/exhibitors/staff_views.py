"""The exhibitor's staff passes page: name people, remove them, print all passes."""
from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user

from fairapp.core.access import roles
from fairapp.core.errors import DomainError
from fairapp.core.forms import ActionForm
from fairapp.core.validators import normalise_phone
from fairapp.exhibitors import bp, staff
from fairapp.exhibitors.forms import StaffPassForm
from fairapp.exhibitors.models import ExhibitorApplication, StaffPass
from fairapp.extensions import db
from fairapp.visitors.badges import badge_fields, render_badges


def _application(application_id):
    application = db.session.get(ExhibitorApplication, application_id)
    if application is None or (current_user.role != "organizer" and application.user_id != current_user.id):
        abort(404)
    return application


@bp.route("/applications/<int:application_id>/staff", methods=["GET", "POST"])
@roles("exhibitor", "organizer")
def staff_passes(application_id):
    application = _application(application_id)
    form = StaffPassForm()
    if form.validate_on_submit():
        try:
            staff.add_staff_pass(application, name=form.name.data, phone=normalise_phone(form.phone.data),
                                 email=form.email.data, locale=str(get_locale()))
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "danger")
        else:
            db.session.commit()
            flash(_("Staff pass added for %(name)s.", name=form.name.data), "success")
            return redirect(url_for("exhibitors.staff_passes", application_id=application.id))
    return render_template("exhibitors/staff.html", application=application, form=form,
                           passes=staff.passes_of(application), quota=staff.quota(application),
                           action_form=ActionForm())


@bp.route("/staff/<int:pass_id>/remove", methods=["POST"])
@roles("exhibitor", "organizer")
def staff_pass_remove(pass_id):
    staff_pass = db.session.get(StaffPass, pass_id) or abort(404)
    _application(staff_pass.application_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    application_id = staff_pass.application_id
    staff.remove_staff_pass(staff_pass)
    db.session.commit()
    flash(_("The pass has been removed and no longer opens the gates."), "info")
    return redirect(url_for("exhibitors.staff_passes", application_id=application_id))


@bp.route("/applications/<int:application_id>/staff.pdf")
@roles("exhibitor", "organizer")
def staff_passes_pdf(application_id):
    application = _application(application_id)
    passes = [p for p in staff.passes_of(application) if p.ticket.status == "valid"]
    if not passes:
        abort(404)
    pdf = render_badges([badge_fields(p.ticket, str(get_locale())) for p in passes], "4xa6", cut_marks=True)
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="staff-passes-{application.id}.pdf"'})
