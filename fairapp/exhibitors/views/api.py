"""JSON API of the floor plan: the booths of a fair, and holding a booth.

GET  /api/v1/fairs/<fair-slug>/booths    public; a list of {code, hall, type, width_m, depth_m,
                                          area_m2, price_vnd, open_sides, status, shape}
POST /api/v1/booths/<code>/hold          signed-in exhibitor, CSRF token in X-CSRFToken;
                                          201 {"booth", "held_until"} or 409 {"error": "taken"|"blocked", "message"}
DELETE /api/v1/booths/<code>/hold        gives the exhibitor's hold back; 204

Booth codes are unique within a fair only, so the hold URLs name the fair with
`?fair=<slug>`; without it they mean the current fair (the one running, else
the next one, else the latest: fairapp.core.fairs.current_fair).
"""
from flask import Response, abort, jsonify
from flask_babel import gettext as _
from flask_login import current_user

from fairapp.core import audit, payload
from fairapp.core.access import public, roles
from fairapp.core.errors import DomainError
from fairapp.core.fairs import current_fair, fair_by_slug
from fairapp.exhibitors import api_bp
from fairapp.exhibitors.services import claims
from fairapp.exhibitors.services.applications import open_application
from fairapp.exhibitors.services.floorplan import booth_by_code, booth_list_json
from fairapp.exhibitors.services.setup import terms_for
from fairapp.extensions import db

SLUG = {"slug": payload.text(64, required=True)}
BOOTH = {"code": payload.text(16, required=True)}
FAIR = {"fair": payload.text(64)}


def _error(exc):
    response = jsonify(error=exc.code, message=exc.message)
    response.status_code = exc.status
    return response


def _fair_and_booth(code, slug):
    fair = fair_by_slug(slug) if slug else current_fair()
    if fair is None:
        abort(404)
    booth = booth_by_code(fair.id, code)
    if booth is None:
        raise DomainError(_("There is no booth %(code)s at this fair.", code=code), status=404, code="no_booth")
    return fair, booth


@api_bp.route("/fairs/<slug>/booths")
@public
@payload.accepts(path=SLUG)
def booths(slug):
    # One query, with the fair joined in and the JSON built by the database; only an empty
    # answer asks whether the fair exists at all.
    body = booth_list_json(slug)
    if body == "[]":
        fair_by_slug(slug)
    # Statuses change by the second: never cached.
    return Response(body, mimetype="application/json", headers={"Cache-Control": "no-store"})


@api_bp.route("/booths/<code>/hold", methods=["POST"])
@roles("exhibitor")
@payload.accepts(path=BOOTH, query=FAIR)
def hold(code, query):
    try:
        fair, booth = _fair_and_booth(code, query["fair"])
        if open_application(current_user, fair) is not None:
            # One application per fair: a hold it could never be used for would only block others.
            raise DomainError(_("You already have an application for this fair."), code="duplicate", status=409)
        claim = claims.hold(booth, current_user, terms_for(fair).hold_minutes)
        audit.record("booth.hold", "booth", booth.id, after={"booth": booth.code, "held_until": claim.expires_at})
    except DomainError as exc:
        db.session.rollback()
        return _error(exc)
    db.session.commit()
    return jsonify(booth=booth.code, held_until=claim.expires_at.isoformat()), 201


@api_bp.route("/booths/<code>/hold", methods=["DELETE"])
@roles("exhibitor")
@payload.accepts(path=BOOTH, query=FAIR)
def release(code, query):
    try:
        fair, booth = _fair_and_booth(code, query["fair"])
    except DomainError as exc:
        return _error(exc)
    if claims.release_holds(current_user, fair.id, booth):
        audit.record("booth.release", "booth", booth.id, before={"booth": booth.code})
    db.session.commit()
    return "", 204
