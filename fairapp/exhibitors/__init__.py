"""Exhibitors: halls and booths on the floor plan, applications, invoices, staff passes."""
from flask import Blueprint

bp = Blueprint("exhibitors", __name__, url_prefix="/exhibitors")

from fairapp.exhibitors import models  # noqa: E402,F401  (tables register with the metadata)
from fairapp.exhibitors import manage_review, manage_setup, staff_views, views  # noqa: E402,F401  (routes attach to bp)
from fairapp.exhibitors.api import api_bp  # noqa: E402,F401
from fairapp.exhibitors.periodic import register_periodic  # noqa: E402

bp.record_once(lambda state: register_periodic(state.app))
