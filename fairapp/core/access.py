"""Who may call which route: every view declares a rule, one hook enforces it.

A view without a rule is refused (fail closed), so a route added without
thinking about access cannot leak; the route × role test catches it too.
"""
from flask import abort, current_app, jsonify, request, url_for, redirect
from flask_babel import gettext as _
from flask_login import current_user

PUBLIC = "public"
SIGNED_IN = "signed-in"


def public(view):
    view.access = PUBLIC
    return view


def signed_in(view):
    view.access = SIGNED_IN
    return view


def roles(*allowed):
    def mark(view):
        view.access = frozenset(allowed)
        return view

    return mark


def access_rule(endpoint):
    view = current_app.view_functions.get(endpoint)
    return getattr(view, "access", None)


def wants_json() -> bool:
    return request.path.startswith("/api/") or (
        request.accept_mimetypes.best == "application/json"
    )


def enforce_access():
    """before_request hook."""
    if request.endpoint is None:  # 404 / 405: let the error handlers answer
        return None
    if request.endpoint == "static":
        return None
    rule = access_rule(request.endpoint)
    if rule is None:
        current_app.logger.error("route %s has no access rule; refused", request.endpoint)
        abort(403)
    if rule == PUBLIC:
        return None
    if not current_user.is_authenticated:
        if wants_json():
            response = jsonify(error="unauthorized", message=_("Please sign in."))
            response.status_code = 401
            return response
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if rule == SIGNED_IN or current_user.role in rule:
        return None
    abort(403)


def require_owner_or(role, owner_id):
    """For views open to several roles where only the owner may see one object."""
    if current_user.role != role and current_user.id != owner_id:
        abort(403)


def is_role(*names):
    return current_user.is_authenticated and current_user.role in names


def template_helpers():
    return {"is_role": is_role}

