"""Thin views over core.auth.services: parse, call, commit, answer."""
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from fairapp.core import mail_status
from fairapp.core.access import public, signed_in
from fairapp.core.auth import bp, services
from fairapp.core.auth.forms import LoginForm, NewPasswordForm, ResetRequestForm, SignupForm
from fairapp.core.errors import DomainError
from fairapp.core.forms import show_error
from fairapp.core.redirects import safe_next
from fairapp.core.validators import normalise_phone
from fairapp.extensions import db


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    if current_user.is_authenticated:
        return redirect(current_app.extensions["landing_page"](current_user))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data, request.remote_addr)
        except DomainError as exc:
            db.session.commit()  # keep the failure record and any re-sent confirmation
            show_error(form, exc)
            if exc.code == "unconfirmed":
                mail_status.notice(_("New confirmation link by e-mail:"))
            status = exc.status if exc.code == "throttled" else 200
        else:
            db.session.commit()
            login_user(user, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next")) or current_app.extensions["landing_page"](user))
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@signed_in
def logout():
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/signup", methods=["GET", "POST"])
@public
def signup():
    form = SignupForm()
    if form.validate_on_submit():
        try:
            services.signup(email=form.email.data, name=form.name.data, password=form.password.data,
                            phone=normalise_phone(form.phone.data), locale=form.locale.data)
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("Almost done: open the link in the e-mail to %(email)s to confirm your address.",
                    email=form.email.data), "success")
            mail_status.notice(_("Confirmation e-mail:"))
            return redirect(url_for("auth.login"))
    return render_template("auth/signup.html", form=form)


@bp.route("/confirm/<token>")
@public
def confirm(token):
    services.confirm_email(token)
    db.session.commit()
    flash(_("Your e-mail is confirmed. You can sign in now."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/reset", methods=["GET", "POST"])
@public
def reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        db.session.commit()
        # No state shown here: "queued" or "nothing" would tell which addresses have accounts.
        flash(_("If an account uses this address, we are sending it a link to set a new password. "
                "It usually arrives within a few minutes."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_request.html", form=form)


def _set_password(purpose, token, title, done_message):
    if services.check_token(purpose, token) is None:
        raise DomainError(_("This link is invalid, has expired or has already been used."))
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(token, form.password.data, purpose=purpose)
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            flash(done_message, "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/set_password.html", form=form, title=title)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@public
def reset(token):
    return _set_password("reset", token, _("Choose a new password"),
                         _("Your password has been changed. Please sign in."))


@bp.route("/welcome/<token>", methods=["GET", "POST"])
@public
def accept_invitation(token):
    return _set_password("invite", token, _("Welcome: choose your password"),
                         _("Your account is ready. Please sign in."))
