"""Who may call which route: every view declares a rule, one hook enforces it.

A view without a rule is refused (fail closed), so a route added without
thinking about access cannot leak; the route × role test catches it too.
"""
from flask import abort, current_app, g, jsonify, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from fairapp.core.fairs import current_fair
from fairapp.extensions import csrf

PUBLIC = "public"
SIGNED_IN = "signed-in"
_device_authenticator = None


class DeviceOrRoles(frozenset):
    """A device with a bearer token (no CSRF: no cookies involved), or a signed-in
    user with one of the roles (CSRF token in the X-CSRFToken header)."""


def device_or_roles(*allowed):
    def mark(view):
        view.access = DeviceOrRoles(allowed)
        csrf.exempt(view)  # checked below, only for the cookie-authenticated path
        return view

    return mark


def set_device_authenticator(fn):
    """fn(token) -> device or None; the visitors blueprint provides it."""
    global _device_authenticator
    _device_authenticator = fn


def _bearer_token():
    header = request.headers.get("Authorization", "")
    return header[7:].strip() if header[:7].lower() == "bearer " else None


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
    if isinstance(rule, DeviceOrRoles):
        token = _bearer_token()
        if token is not None:
            g.gate_device = _device_authenticator(token) if _device_authenticator else None
            if g.gate_device is None:
                response = jsonify(error="unauthorized", message=_("This scanner's token is not valid."))
                response.status_code = 401
                return response
            return None
        if current_user.is_authenticated and request.method not in ("GET", "HEAD", "OPTIONS"):
            csrf.protect()
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
    # nav_fair is called only by the organisers' menu, so other pages pay no query for it.
    return {"is_role": is_role, "nav_fair": current_fair}

