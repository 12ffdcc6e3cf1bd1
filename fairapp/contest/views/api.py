"""JSON for the scoring page: autosave of a draft sheet (CSRF token in the X-CSRFToken header)."""
from flask import jsonify
from flask_login import current_user

from fairapp.contest import api_bp
from fairapp.contest.services import jury
from fairapp.core import payload
from fairapp.core.access import roles
from fairapp.core.errors import DomainError
from fairapp.extensions import db

IDS = {"round_id": payload.identifier(), "entry_id": payload.identifier()}
# {"scores": {"<criterion id>": {"score": 0…10 or null, "comment": "…"}}}; the page's <select> sends "7".
DRAFT = {"scores": payload.mapping(payload.text(12), payload.obj({
    "score": payload.integer(min=0, max=10, nullable=True, digits=True),
    "comment": payload.text(2000, multiline=True, nullable=True, default=""),
}), max_items=50, default={})}


@api_bp.route("/rounds/<int:round_id>/entries/<int:entry_id>/draft", methods=["POST"])
@roles("juror")
@payload.accepts(path=IDS, body=DRAFT)
def save_draft(round_id, entry_id, body):
    round_, entry = jury.round_and_entry(round_id, entry_id)
    values = {}
    for criterion in round_.criteria:
        item = body["scores"].get(str(criterion.id)) or {}
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
