"""The development mailbox: every mail the local catcher took, readable at /dev/mailbox.

Registered by create_app only when DEV_MAILBOX is set, which only DevelopmentConfig does."""
from flask import Blueprint

bp = Blueprint("devmail", __name__, url_prefix="/dev")

from fairapp.core.devmail import views  # noqa: E402,F401  (routes attach to bp)
