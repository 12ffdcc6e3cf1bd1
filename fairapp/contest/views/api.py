"""JSON for the scoring page: autosave of a draft sheet (CSRF token in the X-CSRFToken header)."""
from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from fairapp.contest import api_bp
from fairapp.contest.services import jury
from fairapp.core.access import roles
from fairapp.core.errors import DomainError
from fairapp.extensions import db


@api_bp.route("/rounds/<int:round_id>/entries/<int:entry_id>/draft", methods=["POST"])
@roles("juror")
def save_draft(round_id, entry_id):
    round_, entry = jury.round_and_entry(round_id, entry_id)
    payload = request.get_json(silent=True) or {}
    raw = payload.get("scores") or {}
    if not isinstance(raw, dict):
        raise DomainError(_("The request could not be understood."))
    values = {}
    for criterion in round_.criteria:
        item = raw.get(str(criterion.id)) or {}
        values[criterion.id] = (item.get("score"), item.get("comment") or "")
    try:
        sheet = jury.save_sheet(current_user, round_, entry, values, submit=False, keep_missing=True)
    except DomainError as exc:
        db.session.rollback()
        if exc.code != "invalid_scores":
            raise
        return jsonify(error="invalid", message=exc.message,
                       errors={str(k): v for k, v in exc.errors.items()}), 400
    db.session.commit()
    return jsonify(status=sheet.status, saved=True, progress=jury.progress(current_user, round_))
