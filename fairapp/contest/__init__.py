"""Design contest: entries, jury panels, blind scoring, ranking, prizes, certificates."""
from flask import Blueprint

bp = Blueprint("contest", __name__, url_prefix="/contest")
# JSON for the scoring page's autosave lives under /api/v1 like every API.
api_bp = Blueprint("contest_api", __name__, url_prefix="/api/v1/contest")
# The address printed in every certificate's QR code: short, and outside /contest.
verify_bp = Blueprint("certificates", __name__)

from fairapp.contest import labels, models  # noqa: E402,F401  (tables and labels register with core)
from fairapp.contest import views  # noqa: E402,F401  (routes attach to the blueprints)
from fairapp.contest.services import photo_access  # noqa: E402,F401  (entry photos only for who may see the entry)
