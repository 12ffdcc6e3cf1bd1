"""Organiser pages of the core: people, audit log, mail outbox."""
from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from fairapp.core.admin import views  # noqa: E402,F401  (routes attach to bp)
