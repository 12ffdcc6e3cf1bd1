"""Design contest: entries, jury panels, blind scoring, ranking, certificates."""
from flask import Blueprint

bp = Blueprint("contest", __name__, url_prefix="/contest")

from fairapp.contest import models  # noqa: E402,F401  (tables register with the metadata)
