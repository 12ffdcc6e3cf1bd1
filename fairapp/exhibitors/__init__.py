"""Exhibitors: halls and booths on the floor plan, applications, invoices, staff passes."""
from flask import Blueprint

bp = Blueprint("exhibitors", __name__, url_prefix="/exhibitors")
api_bp = Blueprint("exhibitors_api", __name__, url_prefix="/api/v1")

from fairapp.exhibitors import labels, views  # noqa: E402,F401  (routes attach to bp and api_bp, labels to core)
from fairapp.exhibitors.services import periodic  # noqa: E402,F401  (its timer registers with the job queue)
