"""Visitors: ticket types, signed QR tickets, badges, gates and check-in."""
from flask import Blueprint

bp = Blueprint("visitors", __name__)

from fairapp.core.access import set_device_authenticator  # noqa: E402
from fairapp.visitors import labels, models, views  # noqa: E402,F401  (routes attach to bp, labels to core)
from fairapp.visitors.services.setup import device_for_token  # noqa: E402

set_device_authenticator(device_for_token)
