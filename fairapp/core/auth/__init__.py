"""Sign-in, sign-up, password reset and invitations."""
from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")

from fairapp.core.auth import views  # noqa: E402,F401  (routes attach to bp)
