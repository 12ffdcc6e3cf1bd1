"""Organiser pages to review applications, record payments, remind and release unpaid bookings."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from fairapp.core import mail_status
from fairapp.core.access import roles
from fairapp.core.errors import DomainError
from fairapp.core.fairs import fair_by_slug, local_today
from fairapp.core.forms import ActionForm, show_error
from fairapp.core.i18n import format_vnd
from fairapp.exhibitors import bp, labels
from fairapp.exhibitors.forms import ApplicationFilterForm, ApproveForm, BulkForm, PaymentForm, RejectForm
from fairapp.exhibitors.models import ExhibitorApplication, Invoice
from fairapp.exhibitors.services import applications, invoices, review
from fairapp.exhibitors.services.floorplan import booth_by_code
from fairapp.extensions import db

organizer = roles("organizer")


def _page_labels():
    return {"status_labels": labels.APPLICATION_STATUS_LABELS, "craft_labels": labels.CRAFT_LABELS,
            "invoice_labels": labels.INVOICE_STATUS_LABELS, "title_labels": labels.ARTISAN_TITLE_LABELS,
            "kind_labels": labels.PROFILE_KIND_LABELS, "type_labels": labels.BOOTH_TYPE_LABELS}


@bp.route("/manage/<slug>/applications")
@organizer
def applications_queue(slug):
    fair = fair_by_slug(slug)
    form = ApplicationFilterForm(request.args)
    form.validate()
    filters = {name: field.data for name, field in form._fields.items() if not field.errors and field.data}
    page = db.paginate(review.applications_query(fair, **filters), per_page=50)
    return render_template("exhibitors/manage/applications.html", fair=fair, form=form, page=page,
                           bulk_form=BulkForm(), counts=review.status_counts(fair), **_page_labels())


@bp.route("/manage/<slug>/applications/bulk", methods=["POST"])
@organizer
def applications_bulk(slug):
    fair = fair_by_slug(slug)
    form = BulkForm()
    if not form.validate_on_submit():
        abort(400)
    chosen = review.applications_by_ids(fair, form.ids.data or [])
    if not chosen:
        flash(_("Select at least one application."), "warning")
        return redirect(request.referrer or url_for("exhibitors.applications_queue", slug=slug))
    try:
        done, failed = applications.decide_many(chosen, form.action.data, current_user, form.reason.data)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "danger")
    else:
        db.session.commit()
        if done:
            flash(_("%(n)d applications updated.", n=len(done)), "success")
        for application, message in failed:
            flash(f"{application.profile.name}: {message}", "warning")
    return redirect(url_for("exhibitors.applications_queue", slug=slug, **request.args))


@bp.route("/manage/applications/<int:application_id>")
@organizer
def application_detail(application_id):
    application = db.session.get(ExhibitorApplication, application_id) or abort(404)
    return _detail_page(application)


def _detail_page(application, payment_form=None, approve_form=None, reject_form=None):
    """The application's page; a refused form is shown again with its errors (422)."""
    if approve_form is None:
        approve_form = ApproveForm(formdata=None)
        approve_form.booth.data = application.booth.code if application.booth else ""
    return render_template("exhibitors/manage/application.html", application=application, fair=application.fair,
                           approve_form=approve_form, reject_form=reject_form or RejectForm(formdata=None),
                           action_form=ActionForm(),
                           payment_form=payment_form or PaymentForm(paid_on=local_today()), today=local_today(),
                           overdue=invoices.overdue, **_page_labels())


def _act(application_id, decide, form_class=ActionForm):
    """Check the form, make the decision, commit; a refusal is flashed and nothing is kept."""
    application = db.session.get(ExhibitorApplication, application_id) or abort(404)
    target = url_for("exhibitors.application_detail", application_id=application_id)
    form = form_class()
    if not form.validate_on_submit():
        if form_class in (ApproveForm, RejectForm):  # shown again with the errors at the field
            return _detail_page(application, **{"approve_form" if form_class is ApproveForm else "reject_form": form})
        for errors in form.errors.values():
            for error in errors:
                flash(error, "danger")
        return redirect(target)
    try:
        message = decide(application, form)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "danger")
        return redirect(target)
    db.session.commit()
    flash(message, "success")
    mail_status.notice(_("E-mail to the exhibitor:"))
    return redirect(target)


def _approve(application, form):
    code = (form.booth.data or "").strip()
    booth = None
    if code:
        booth = booth_by_code(application.fair_id, code)
        if booth is None:
            raise DomainError(_("There is no booth %(code)s at this fair.", code=code), status=404)
    invoice = applications.approve(application, current_user, booth)
    return _("Approved; payment request %(code)s is issued.", code=invoice.code)


@bp.route("/manage/applications/<int:application_id>/approve", methods=["POST"])
@organizer
def approve(application_id):
    return _act(application_id, _approve, ApproveForm)


@bp.route("/manage/applications/<int:application_id>/waitlist", methods=["POST"])
@organizer
def waitlist(application_id):
    def decide(application, form):
        applications.waitlist(application, current_user)
        return _("The application is on the waiting list.")

    return _act(application_id, decide)


@bp.route("/manage/applications/<int:application_id>/reject", methods=["POST"])
@organizer
def reject(application_id):
    def decide(application, form):
        applications.reject(application, current_user, form.reason.data)
        return _("The application is rejected.")

    return _act(application_id, decide, RejectForm)


@bp.route("/manage/applications/<int:application_id>/release", methods=["POST"])
@organizer
def release(application_id):
    def decide(application, form):
        applications.release_unpaid(application, current_user)
        return _("The unpaid booking is released; the booth is free again.")

    return _act(application_id, decide)


@bp.route("/manage/invoices/<int:invoice_id>/payments", methods=["POST"])
@organizer
def record_payment(invoice_id):
    invoice = db.session.get(Invoice, invoice_id) or abort(404)
    form = PaymentForm()
    target = url_for("exhibitors.application_detail", application_id=invoice.application_id)
    if not form.validate_on_submit():
        return _detail_page(invoice.application, payment_form=form)
    try:
        invoices.record_payment(invoice, amount_vnd=form.amount_vnd.data, paid_on=form.paid_on.data,
                                bank_reference=form.bank_reference.data, actor=current_user)
    except DomainError as exc:
        db.session.rollback()
        show_error(form, exc)
        return _detail_page(invoice.application, payment_form=form)
    db.session.commit()
    if invoice.status == "paid":
        flash(_("Paid in full: the booking is confirmed."), "success")
        mail_status.notice(_("Receipt by e-mail:"))
    else:
        flash(_("Payment recorded; %(amount)s still to pay.", amount=format_vnd(invoice.total_vnd - invoice.paid_vnd)),
              "info")
    return redirect(target)


@bp.route("/manage/<slug>/invoices")
@organizer
def invoice_list(slug):
    fair = fair_by_slug(slug)
    state = request.args.get("state") or None
    if state not in (None, "open", "overdue", "paid", "void"):
        abort(400)
    page = db.paginate(review.invoices_query(fair, state), per_page=50)
    return render_template("exhibitors/manage/invoices.html", fair=fair, page=page, state=state,
                           today=local_today(), remind_form=ActionForm(), **_page_labels())


@bp.route("/manage/<slug>/reminders", methods=["POST"])
@organizer
def send_reminders(slug):
    fair = fair_by_slug(slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    sent = invoices.send_reminders(fair)
    db.session.commit()
    flash(_("%(n)d payment reminders queued.", n=sent), "info")
    mail_status.notice(_("Payment reminders by e-mail:"))
    return redirect(url_for("exhibitors.invoice_list", slug=slug, state="overdue"))
