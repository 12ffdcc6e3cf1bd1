"""Organiser pages: dashboard, people and invitations, audit log, mail outbox."""
from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from fairapp.core.access import roles
from fairapp.core import mail_status
from fairapp.core.admin import bp, services
from fairapp.core.admin.forms import AuditFilterForm, PeopleFilterForm
from fairapp.core.auth import services as auth_services
from fairapp.core.auth.forms import InviteForm
from fairapp.core.forms import ActionForm
from fairapp.core.errors import DomainError
from fairapp.core.jobs import start_job
from fairapp.core.labels import object_label
from fairapp.core.mail import retry_now
from fairapp.core.models import AuditEntry, OutboxMessage, User
from fairapp.extensions import db

organizer = roles("organizer")


@bp.route("/")
@organizer
def dashboard():
    by_role = dict(db.session.execute(select(User.role, func.count()).group_by(User.role)).all())
    recent = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(10)).all()
    return render_template("admin/dashboard.html", by_role=by_role, mail=services.outbox_counts(),
                           recent=recent)


@bp.route("/users")
@organizer
def users():
    form = PeopleFilterForm(request.args)
    query = form.q.data if form.q.validate(form) else None  # longer than the form allows: no search
    page = db.paginate(services.people(query, form.role.data), per_page=50)
    return render_template("admin/users.html", form=form, page=page)


@bp.route("/users/invite", methods=["GET", "POST"])
@organizer
def invite():
    form = InviteForm()
    if form.validate_on_submit():
        try:
            auth_services.invite(email=form.email.data, name=form.name.data, role=form.role.data,
                                 locale=form.locale.data, inviter=current_user)
        except DomainError as exc:
            db.session.rollback()
            getattr(form, exc.field).errors.append(exc.message)
        else:
            db.session.commit()
            mail_status.notice(_("Invitation for %(email)s:", email=form.email.data), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/invite.html", form=form)


@bp.route("/audit")
@organizer
def audit():
    form = AuditFilterForm(request.args)
    form.object_type.choices = [("", _("All"))] + [(t, object_label(t)) for t in services.audit_object_types()]
    form.validate()
    filters = {name: field.data for name, field in form._fields.items() if not field.errors}
    page = db.paginate(services.audit_query(filters), per_page=50)
    return render_template("admin/audit.html", form=form, page=page, export_form=ActionForm())


@bp.route("/audit/export", methods=["POST"])
@organizer
def audit_export():
    form = AuditFilterForm(request.args)
    form.object_type.choices = [(request.args.get("object_type", ""),) * 2]
    form.validate()
    params = {name: (field.data.isoformat() if hasattr(field.data, "isoformat") else field.data)
              for name, field in form._fields.items() if field.data and not field.errors}
    job = start_job("audit.export", params, owner=current_user)
    db.session.commit()
    return redirect(url_for("core.job_page", job_id=job.id))


@bp.route("/mail")
@organizer
def mail():
    status = request.args.get("status") or None
    if status not in services.OUTBOX_FILTERS:
        abort(400)
    page = db.paginate(services.outbox_query(status), per_page=50)
    return render_template("admin/mail.html", page=page, status=status, counts=services.outbox_counts(),
                           retry_form=ActionForm())


@bp.route("/mail/<int:message_id>/retry", methods=["POST"])
@organizer
def mail_retry(message_id):
    if not ActionForm().validate_on_submit():
        abort(400)
    message = db.session.get(OutboxMessage, message_id) or abort(404)
    retry_now(message)
    db.session.commit()
    mail_status.notice(_("Tried again, to %(email)s:", email=message.recipient), messages=[message])
    return redirect(url_for("admin.mail", status="problem"))
