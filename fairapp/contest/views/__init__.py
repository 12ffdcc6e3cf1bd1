"""Contest pages, thin over the services: parse, call, commit, answer."""
from flask import abort
from flask_babel import get_locale

from fairapp.core.forms import ActionForm


def require_action():
    if not ActionForm().validate_on_submit():
        abort(400)


def locale():
    return str(get_locale())


def entry_in(contest, entry_id):
    """An entry of this contest, or 404."""
    from fairapp.contest.models import ContestEntry
    from fairapp.core.errors import DomainError
    from fairapp.extensions import db
    from flask_babel import gettext as _

    entry = db.session.get(ContestEntry, entry_id)
    if entry is None or entry.contest_id != contest.id:
        raise DomainError(_("This entry does not exist."), status=404)
    return entry


from fairapp.contest.views import (  # noqa: E402,F401  (routes attach to the blueprints)
    admin_judging, admin_results, admin_setup, api, entrant, jury, public,
)
