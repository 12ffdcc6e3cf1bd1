"""Exhibitors: halls and booths on the floor plan, applications, invoices, staff passes."""
from flask import Blueprint

bp = Blueprint("exhibitors", __name__, url_prefix="/exhibitors")

from fairapp.exhibitors import models  # noqa: E402,F401  (tables register with the metadata)
