"""Signed, expiring links (confirm e-mail, reset password, accept an invitation).

A reset or invitation link carries a fingerprint of the current password hash:
once the password is set the fingerprint changes and the link is dead, so each
link works once.
"""
import hashlib

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer


def _serializer(purpose):
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"fairapp.{purpose}")


def password_fingerprint(user) -> str:
    return hashlib.sha256((user.password_hash or "").encode()).hexdigest()[:16]


def make_token(purpose, user) -> str:
    payload = {"uid": user.id, "fp": password_fingerprint(user), "email": user.email}
    return _serializer(purpose).dumps(payload)


def read_token(purpose, token, load_user):
    """The user the token names if it is genuine, fresh and unused, else None."""
    max_age = int(current_app.config["TOKEN_MAX_AGE"].total_seconds())
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except BadSignature:  # includes SignatureExpired
        return None
    user = load_user(payload.get("uid"))
    if user is None or user.email != payload.get("email"):
        return None
    if purpose != "confirm" and payload.get("fp") != password_fingerprint(user):
        return None
    return user
