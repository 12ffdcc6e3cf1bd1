"""The exhibitor's pages: profile, applying, the own page with its documents, and staff passes."""
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user

from fairapp.core import mail_status
from fairapp.core.access import roles
from fairapp.core.db import utcnow
from fairapp.core.errors import DomainError
from fairapp.core.fairs import current_fair, fair_by_slug
from fairapp.core.forms import ActionForm, show_error
from fairapp.core.redirects import safe_next
from fairapp.core.validators import normalise_phone
from fairapp.exhibitors import bp, labels
from fairapp.exhibitors.forms import ApplicationForm, ProfileForm, StaffPassForm
from fairapp.exhibitors.models import MAX_PHOTOS, ExhibitorApplication, Invoice, Receipt, StaffPass
from fairapp.exhibitors.services import applications, claims, invoices, profiles, staff
from fairapp.extensions import db
from fairapp.printing import qr_png_bytes
from fairapp.visitors.documents.badges import badge_fields, render_badges


def _fair_from_args():
    slug = request.args.get("fair")
    fair = fair_by_slug(slug) if slug else current_fair()
    if fair is None:
        abort(404)
    return fair


# ---------------------------------------------------------------- the exhibitor's profile


@bp.route("/profile", methods=["GET", "POST"])
@roles("exhibitor")
def profile():
    existing = profiles.profile_of(current_user)
    form = ProfileForm(obj=existing) if request.method == "GET" and existing else ProfileForm()
    if existing is None and request.method == "GET":
        form.representative.data = current_user.name
        form.email.data = current_user.email
        form.phone.data = current_user.phone
    if existing is not None and request.method == "GET":
        form.district.data = existing.district or ""
        form.artisan_title.data = existing.artisan_title or ""
    pending, refused = _pending_photos(existing)
    # "Remove" on a photo not saved yet submits the form only to drop that photo: nothing is saved.
    if "drop_photo" not in request.form and form.validate_on_submit() and not refused:
        values = {name: getattr(form, name).data for name in ProfileForm.FIELDS}
        try:
            profiles.save_profile(current_user, values, pending=[image.token for image in pending])
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("Your profile is saved."), "success")
            return redirect(safe_next(request.args.get("next")) or url_for("exhibitors.profile"))
    form.photos.errors = list(form.photos.errors or []) + refused
    return render_template("exhibitors/profile.html", form=form, profile=existing, delete_form=ActionForm(),
                           pending=pending, max_photos=MAX_PHOTOS)


def _pending_photos(existing):
    """The photos of this form not saved yet: those carried over from an earlier try (hidden tokens) and
    the ones just uploaded, checked and stored at once so that a form failing elsewhere keeps them."""
    if request.method != "POST":
        return [], []
    pending = profiles.pending_of(current_user, request.form.getlist("pending_photo"))
    dropped = request.form.get("drop_photo")
    if dropped:
        profiles.drop_pending(current_user, dropped)
        pending = [image for image in pending if image.token != dropped]
    uploads = [(f.filename, f.read()) for f in request.files.getlist("photos") if f.filename]
    room = MAX_PHOTOS - len(existing.photos if existing else []) - len(pending)
    staged, refused = profiles.stage_photos(current_user, uploads, max(0, room))
    db.session.commit()  # kept whatever becomes of the rest of the form
    return pending + staged, refused


@bp.route("/profile/photos/<int:photo_id>/delete", methods=["POST"])
@roles("exhibitor")
def delete_photo(photo_id):
    if not ActionForm().validate_on_submit():
        abort(400)
    existing = profiles.profile_of(current_user) or abort(404)
    profiles.remove_photo(existing, photo_id)
    db.session.commit()
    flash(_("The photo is removed."), "info")
    return redirect(url_for("exhibitors.profile"))


# ---------------------------------------------------------------- applying


@bp.route("/apply", methods=["GET", "POST"])
@roles("exhibitor")
def apply():
    fair = _fair_from_args()
    if profiles.profile_of(current_user) is None:
        flash(_("Please complete your exhibitor profile first."), "info")
        return redirect(url_for("exhibitors.profile", next=request.full_path.rstrip("?")))
    if applications.open_application(current_user, fair) is not None:
        flash(_("You already have an application for this fair."), "info")
        return redirect(url_for("exhibitors.my_applications"))
    hold = claims.current_hold(current_user, fair)
    form = ApplicationForm()
    if request.method == "GET":
        form.booth.data = hold.booth.code if hold else request.args.get("booth", "")
    if form.validate_on_submit():
        values = {name: getattr(form, name).data for name in
                  ("booth", "alternative_1", "alternative_2", "products", "needs_power", "needs_extra_table", "notes")}
        try:
            applications.apply(current_user, fair, values)
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("Your application is sent. We will e-mail you when the organisers have decided."), "success")
            mail_status.notice(_("Confirmation e-mail:"))
            return redirect(url_for("exhibitors.my_applications"))
    return render_template("exhibitors/apply.html", fair=fair, form=form, hold=hold,
                           lapsed=None if hold else claims.lapsed_hold(current_user, fair),
                           floor_plan_url=url_for("exhibitors.floor_plan", slug=fair.slug))


@bp.route("/my")
@roles("exhibitor")
def my_applications():
    fair = current_fair()
    mine = db.session.scalars(
        db.select(ExhibitorApplication).where(ExhibitorApplication.user_id == current_user.id)
        .order_by(ExhibitorApplication.submitted_at.desc())).all()
    now = utcnow()
    # Both read against the same moment: a hold is either live or lapsed, never both or neither.
    hold = claims.current_hold(current_user, fair, now) if fair else None
    lapsed = claims.lapsed_hold(current_user, fair, now) if fair and hold is None else None
    withdrawals = {a.id: applications.withdrawal(a, now) for a in mine if a.is_open}
    return render_template("exhibitors/my.html", fair=fair, applications=mine, hold=hold, lapsed=lapsed,
                           withdrawals=withdrawals,
                           profile=profiles.profile_of(current_user), action_form=ActionForm(), now_utc=now,
                           status_labels=labels.APPLICATION_STATUS_LABELS,
                           invoice_labels=labels.INVOICE_STATUS_LABELS)


def _own_application(application_id):
    application = db.session.get(ExhibitorApplication, application_id)
    if application is None or application.user_id != current_user.id:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    return application


@bp.route("/applications/<int:application_id>/withdraw", methods=["GET", "POST"])
@roles("exhibitor")
def withdraw(application_id):
    """GET says what withdrawing would do to the booth and the money; POST does it."""
    application = db.session.get(ExhibitorApplication, application_id)
    if application is None or application.user_id != current_user.id:
        abort(404)
    if request.method == "POST":
        if not ActionForm().validate_on_submit():
            abort(400)
        try:
            applications.withdraw(application, current_user)
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "danger")
            return redirect(url_for("exhibitors.withdraw", application_id=application.id))
        db.session.commit()
        flash(_("Your application is withdrawn."), "info")
        return redirect(url_for("exhibitors.my_applications"))
    return render_template("exhibitors/withdraw.html", application=application,
                           terms=applications.withdrawal(application), action_form=ActionForm(),
                           status_labels=labels.APPLICATION_STATUS_LABELS)


@bp.route("/applications/<int:application_id>/offer/accept", methods=["POST"])
@roles("exhibitor")
def accept_offer(application_id):
    application = _own_application(application_id)
    applications.accept_offer(application, current_user)
    db.session.commit()
    flash(_("The booth is yours."), "success")
    mail_status.notice(_("Payment request by e-mail:"))
    return redirect(url_for("exhibitors.my_applications"))


@bp.route("/applications/<int:application_id>/offer/decline", methods=["POST"])
@roles("exhibitor")
def decline_offer(application_id):
    application = _own_application(application_id)
    applications.decline_offer(application, current_user)
    db.session.commit()
    flash(_("You have declined the booth; you stay on the waiting list."), "info")
    return redirect(url_for("exhibitors.my_applications"))


# ---------------------------------------------------------------- documents


def _pdf(data, filename):
    return Response(data, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _own_invoice(invoice_id):
    invoice = db.session.get(Invoice, invoice_id)
    if invoice is None or invoice.application.user_id != current_user.id:
        abort(404)
    return invoice


@bp.route("/my/invoices/<int:invoice_id>")
@roles("exhibitor")
def invoice_page(invoice_id):
    """Paying from the page: the transfer details to copy, the VietQR to scan or save, the PDF."""
    invoice = _own_invoice(invoice_id)
    return render_template("exhibitors/invoice.html", invoice=invoice, details=invoices.payment_details(invoice),
                           overdue=invoices.overdue(invoice), application=invoice.application,
                           invoice_labels=labels.INVOICE_STATUS_LABELS)


@bp.route("/my/invoices/<int:invoice_id>/vietqr.png")
@roles("exhibitor")
def invoice_qr(invoice_id):
    invoice = _own_invoice(invoice_id)
    payload = invoices.payment_details(invoice).payload or abort(404)
    response = Response(qr_png_bytes(payload, box_size=10), mimetype="image/png")
    response.headers["Cache-Control"] = "private, no-cache"
    if request.args.get("download"):
        response.headers["Content-Disposition"] = f'attachment; filename="vietqr-{invoice.code}.png"'
    return response


@bp.route("/invoices/<int:invoice_id>.pdf")
@roles("exhibitor", "organizer")
def invoice_pdf(invoice_id):
    invoice = db.session.get(Invoice, invoice_id)
    if invoice is None or (current_user.role != "organizer" and invoice.application.user_id != current_user.id):
        abort(404)
    return _pdf(invoice.pdf, f"payment-request-{invoice.code}.pdf")


@bp.route("/receipts/<int:receipt_id>.pdf")
@roles("exhibitor", "organizer")
def receipt_pdf(receipt_id):
    receipt = db.session.get(Receipt, receipt_id)
    if receipt is None or (current_user.role != "organizer"
                           and receipt.invoice.application.user_id != current_user.id):
        abort(404)
    return _pdf(receipt.pdf, f"receipt-{receipt.code}.pdf")


# ---------------------------------------------------------------- staff passes


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
            mail_status.notice(_("The pass by e-mail:"))
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
