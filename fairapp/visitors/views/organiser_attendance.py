"""Organiser attendance page (tables without JS, a live SVG chart with it) and its JSON API."""
from datetime import date

from flask import abort, jsonify, render_template, request, url_for
from flask_babel import get_locale, gettext as _

from fairapp.core import payload
from fairapp.core.access import roles
from fairapp.core.errors import DomainError
from fairapp.core.fairs import current_fair, fair_by_slug, fair_days, local_today
from fairapp.visitors import bp
from fairapp.visitors.services.attendance import attendance

REFRESH_SECONDS = 5


def _day(fair, value):
    """?day=yyyy-mm-dd (text from the page, a date checked by the API), else today kept within the fair's days."""
    days = fair_days(fair)
    if not value:
        return min(max(local_today(), days[0]), days[-1])
    day = value
    if isinstance(value, str):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            day = None
    if day not in days:
        raise DomainError(_("Choose a day of the fair."), field="day")
    return day


@bp.route("/visitors/admin/attendance")
@roles("organizer")
def attendance_page():
    fair = current_fair() or abort(404)
    day = _day(fair, request.args.get("day"))
    figures = attendance(fair, day, str(get_locale()))
    return render_template("visitors/attendance.html", fair=fair, day=day, days=fair_days(fair), figures=figures,
                           api_url=url_for("visitors.attendance_api", slug=fair.slug, day=day.isoformat()),
                           refresh_ms=REFRESH_SECONDS * 1000)


@bp.route("/api/v1/fairs/<slug>/attendance")
@roles("organizer")
@payload.accepts(path={"slug": payload.text(64, required=True)}, query={"day": payload.day()})
def attendance_api(slug, query):
    fair = fair_by_slug(slug)
    response = jsonify(attendance(fair, _day(fair, query["day"]), str(get_locale())))
    response.headers["Cache-Control"] = "no-store"
    return response
