"""Accounts: sign-up, e-mail confirmation, login with throttling, password reset, invitations."""
from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from fairapp.core import audit
from fairapp.core.db import utcnow
from fairapp.core.errors import DomainError
from fairapp.core.i18n import clean_text, search_key
from fairapp.core.mail import queue_mail
from fairapp.core.models import LoginFailure, User
from fairapp.core.passwords import MIN_LENGTH, hash_password, needs_rehash, verify_password
from fairapp.core.tokens import make_token, read_token
from fairapp.core.validators import checked_email, email_key
from fairapp.extensions import db

INVITABLE_ROLES = ("juror", "gate", "organizer")


def normalise_email(email: str) -> str:
    """The form to look an address up in: what the one e-mail rule makes of it, else the text lower-cased."""
    return email_key(email)


def find_user(email):
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def load_user(user_id):
    return db.session.get(User, int(user_id)) if user_id is not None else None


def check_password_rules(password):
    if len(password or "") < MIN_LENGTH:
        raise DomainError(_("The password needs at least %(min)d characters.", min=MIN_LENGTH),
                          field="password")


def new_user(*, email, name, role, locale="vi", password=None, phone=None, confirmed=False):
    email = checked_email(email)
    if find_user(email) is not None:
        raise DomainError(_("An account with this e-mail already exists."), field="email")
    name = clean_text(name)
    user = User(email=email, name=name, name_key=search_key(name), role=role, locale=locale,
                phone=phone, password_hash=hash_password(password) if password else None,
                email_confirmed_at=utcnow() if confirmed else None)
    db.session.add(user)
    db.session.flush()
    return user


def _link(endpoint, purpose, user):
    return url_for(endpoint, token=make_token(purpose, user), _external=True)


def signup(*, email, name, password, phone, locale):
    """An artisan signs up; the account works once the e-mail is confirmed.

    Signing up with a known address does not say so on screen (that would tell
    anyone which addresses have accounts); the owner gets a mail instead.
    """
    check_password_rules(password)
    email = checked_email(email)
    existing = find_user(email)
    if existing is not None:
        hash_password(password)  # the same work as a new account: timing must not tell
        queue_mail(existing.email, "account_exists", existing.locale, user=existing,
                   reset_url=url_for("auth.reset_request", _external=True))
        return None
    user = new_user(email=email, name=name, role="exhibitor", locale=locale,
                    password=password, phone=phone)
    send_confirmation(user)
    audit.record("user.signup", "user", user.id, after={"email": user.email, "role": user.role},
                  actor=user)
    return user


def send_confirmation(user):
    queue_mail(user.email, "confirm_email", user.locale, user=user,
               confirm_url=_link("auth.confirm", "confirm", user))


def confirm_email(token):
    user = read_token("confirm", token, load_user)
    if user is None:
        raise DomainError(_("This confirmation link is invalid or has expired."))
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
        audit.record("user.confirm_email", "user", user.id, actor=user)
    return user


def _throttled(email, ip):
    cfg = current_app.config
    since = utcnow() - cfg["LOGIN_THROTTLE_WINDOW"]
    by_account = db.session.scalar(
        select(func.count()).where(LoginFailure.email == email, LoginFailure.at >= since))
    by_address = db.session.scalar(
        select(func.count()).where(LoginFailure.ip == ip, LoginFailure.at >= since))
    return (by_account >= cfg["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
            or by_address >= cfg["LOGIN_MAX_FAILURES_PER_ADDRESS"])


def authenticate(email, password, ip):
    """The user, or DomainError. A failure is stored (the caller commits it) and
    counts towards the per-account and per-address limits."""
    email = normalise_email(email)
    ip = ip or "unknown"
    if _throttled(email, ip):
        minutes = int(current_app.config["LOGIN_THROTTLE_WINDOW"].total_seconds() // 60)
        raise DomainError(
            _("Too many failed sign-ins. Please wait %(minutes)d minutes or reset your password.",
              minutes=minutes), field="password", status=429, code="throttled")
    user = find_user(email)
    if user is None or not verify_password(user.password_hash, password) or not user.is_active:
        db.session.add(LoginFailure(email=email, ip=ip))
        raise DomainError(_("E-mail or password is incorrect."), field="password", code="bad_login")
    if user.email_confirmed_at is None:
        send_confirmation(user)
        raise DomainError(_("Please confirm your e-mail first: we are sending you a new link."),
                          field="email", code="unconfirmed")
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    db.session.execute(delete(LoginFailure).where(LoginFailure.email == email))
    user.last_login_at = utcnow()
    return user


def request_password_reset(email):
    user = find_user(email)
    if user is not None and user.is_active:
        queue_mail(user.email, "reset_password", user.locale, user=user,
                   reset_url=_link("auth.reset", "reset", user))


def reset_password(token, password, purpose="reset"):
    user = read_token(purpose, token, load_user)
    if user is None:
        raise DomainError(_("This link is invalid, has expired or has already been used."))
    check_password_rules(password)
    user.password_hash = hash_password(password)
    if user.email_confirmed_at is None:  # the link came by e-mail, so the address works
        user.email_confirmed_at = utcnow()
    db.session.execute(delete(LoginFailure).where(LoginFailure.email == user.email))
    audit.record(f"user.{purpose}_password", "user", user.id, actor=user)
    return user


def check_token(purpose, token):
    return read_token(purpose, token, load_user)


def invite(*, email, name, role, locale, inviter):
    if role not in INVITABLE_ROLES:
        raise DomainError(_("This role cannot be invited."), field="role")
    user = new_user(email=email, name=name, role=role, locale=locale)
    queue_mail(user.email, "invitation", user.locale, user=user, inviter=inviter,
               accept_url=_link("auth.accept_invitation", "invite", user))
    audit.record("user.invite", "user", user.id, after={"email": user.email, "role": role})
    return user


def set_locale(user, locale):
    if user.locale != locale:
        audit.record("user.locale", "user", user.id, before={"locale": user.locale},
                     after={"locale": locale})
        user.locale = locale
