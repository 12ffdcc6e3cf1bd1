"""Visitors: ticket types, signed QR tickets, badges, gates and check-in."""
from flask import Blueprint

bp = Blueprint("visitors", __name__)

from fairapp.core.access import set_device_authenticator  # noqa: E402
from fairapp.visitors import api, models, views  # noqa: E402,F401  (routes attach to bp)
from fairapp.visitors import attendance_views, badge_jobs, badge_views, kiosk_views  # noqa: E402,F401
from fairapp.visitors import admin_ticket_views, admin_views, transfer  # noqa: E402,F401  (organiser pages, jobs)
from fairapp.visitors.services import device_for_token  # noqa: E402

set_device_authenticator(device_for_token)
