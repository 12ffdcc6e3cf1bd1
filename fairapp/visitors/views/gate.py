"""The gate page for gate staff: phone-first scanning with the camera, a USB scanner field and search."""
from flask import abort, render_template
from sqlalchemy import select

from fairapp.core.access import roles
from fairapp.core.fairs import current_fair
from fairapp.extensions import db
from fairapp.visitors import bp
from fairapp.visitors.models import Gate


@bp.route("/gate")
@roles("gate", "organizer")
def gate_page():
    """The phone-first scanning page: camera, USB scanner field, search."""
    fair = current_fair() or abort(404)
    gates = db.session.scalars(select(Gate).where(Gate.fair_id == fair.id).order_by(Gate.name)).all()
    return render_template("visitors/gate.html", fair=fair, gates=gates)
