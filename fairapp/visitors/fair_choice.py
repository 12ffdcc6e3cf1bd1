"""Which fair an organiser page is about (?fair=<slug>, else the running or next one) and the fairs to switch to."""
from flask import abort, request
from sqlalchemy import select

from fairapp.core.fairs import current_fair, fair_by_slug
from fairapp.core.models import Fair
from fairapp.extensions import db


def chosen_fair():
    """The fair named by ?fair=<slug>, else the running (or next) one."""
    slug = request.args.get("fair")
    return fair_by_slug(slug) if slug else (current_fair() or abort(404))


def all_fairs():
    return db.session.scalars(select(Fair).order_by(Fair.starts_on.desc())).all()
