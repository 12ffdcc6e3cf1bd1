"""What a JSON API reads from a request, checked against a spec declared once next to its view.

`@accepts(body=…, query=…, path=…)` under the access rule: a body that is no JSON object is
refused with 400 (code "bad_json"); a field of the wrong type, too long, out of range or not
one of the allowed values with 422 naming the field ("scores.12.comment"); nothing reaches the
view or the database before that. Text comes out through `clean_input` (NFC, no control
characters). Specs are built at import; a request costs one walk over the fields it sent.
"""
import json
import unicodedata
from datetime import date
from functools import wraps

from flask import abort, request
from flask_babel import gettext as _

from fairapp.core.errors import DomainError
from fairapp.core.i18n import clean_input

# Room for a field far over its limit to be refused by name (422) rather than as a bare 413.
MAX_BODY = 1024 * 1024
# The columns are PostgreSQL `integer` (and SQLite refuses above 2**63): bigger ids are no ids.
MAX_ID = 2**31 - 1
_MISSING = object()


class Spec:
    """One field: its kind and limits. Built at import time with the functions below."""

    __slots__ = ("kind", "required", "nullable", "default", "max_length", "multiline", "choices", "min", "max",
                 "digits", "fields", "keys", "values", "max_items")

    def __init__(self, kind, *, required=False, nullable=False, default=None, max_length=None, multiline=False,
                 choices=None, min=None, max=None, digits=False, fields=None, keys=None, values=None,
                 max_items=None):
        self.kind, self.required, self.nullable, self.default = kind, required, nullable, default
        self.max_length, self.multiline, self.choices = max_length, multiline, choices
        self.min, self.max, self.digits = min, max, digits
        self.fields, self.keys, self.values, self.max_items = fields, keys, values, max_items

    def __repr__(self):
        return f"<Spec {self.kind}>"


def text(max_length, *, required=False, nullable=False, default=None, multiline=False, choices=None):
    """A string of at most `max_length` characters (after cleaning); `choices`: the allowed values."""
    return Spec("text", required=required, nullable=nullable, default=default, max_length=max_length,
                multiline=multiline, choices=tuple(choices) if choices else None)


def integer(*, min, max, required=False, nullable=False, default=None, digits=False):
    """A whole number in [min, max] (never a bool or a float); `digits`: "7" counts too, as a
    <select> sends it. Query strings and paths always arrive as text and are read as digits."""
    return Spec("integer", required=required, nullable=nullable, default=default, min=min, max=max, digits=digits)


def boolean(*, required=False, nullable=False, default=None):
    return Spec("boolean", required=required, nullable=nullable, default=default)


def day(*, required=False, nullable=False, default=None):
    """An ISO date, yyyy-mm-dd; comes out as a `date`."""
    return Spec("day", required=required, nullable=nullable, default=default)


def obj(fields, *, required=False, nullable=False, default=None):
    """A JSON object with these named fields (others are ignored)."""
    return Spec("object", required=required, nullable=nullable, default=default, fields=fields)


def mapping(keys, values, *, max_items, required=False, nullable=False, default=None):
    """A JSON object used as a dictionary: any keys matching `keys`, each value matching `values`."""
    return Spec("mapping", required=required, nullable=nullable, default=default, keys=keys, values=values,
                max_items=max_items)


def items(values, *, max_items, required=False, nullable=False, default=None):
    """A JSON list of at most `max_items` values matching `values`."""
    return Spec("list", required=required, nullable=nullable, default=default, values=values, max_items=max_items)


def identifier():
    """A database id in a URL or a query string."""
    return integer(min=1, max=MAX_ID, required=True)


# ---------------------------------------------------------------- checking


def _refuse(field, code, message):
    raise DomainError(message, field=field, code=code, status=422)


def _clean(value, multiline):
    # The everyday value (a ticket code, "Cổng 1" typed in NFC) needs no walk over its characters:
    # printable means no control, format or line-break character, so clean_input would only strip.
    if value.isprintable() and (value.isascii() or unicodedata.is_normalized("NFC", value)):
        return value.strip()
    return clean_input(value, multiline=multiline)


def _integer(spec, value, name, from_text):
    if isinstance(value, str) and (from_text or spec.digits):
        stripped = value.strip()
        if not stripped and spec.nullable:  # an emptied <select>
            return spec.default
        digits_only = stripped[1:] if stripped[:1] in ("+", "-") else stripped
        if not digits_only.isascii() or not digits_only.isdigit():
            _refuse(name, "wrong_type", _("%(field)s must be a whole number.", field=name))
        if len(digits_only) > 20:  # out of any range; int() is never asked to read 4,300 digits
            _refuse(name, "out_of_range", _("%(field)s must be between %(min)d and %(max)d.",
                                            field=name, min=spec.min, max=spec.max))
        value = int(stripped)
    elif isinstance(value, bool) or not isinstance(value, int):
        _refuse(name, "wrong_type", _("%(field)s must be a whole number.", field=name))
    if (spec.min is not None and value < spec.min) or (spec.max is not None and value > spec.max):
        _refuse(name, "out_of_range", _("%(field)s must be between %(min)d and %(max)d.",
                                        field=name, min=spec.min, max=spec.max))
    return value


def _text(spec, value, name):
    if not isinstance(value, str):
        _refuse(name, "wrong_type", _("%(field)s must be text.", field=name))
    # The raw length first: a 100 kB string is refused before anything walks over it.
    if len(value) > spec.max_length * 2 + 16:
        _refuse(name, "too_long", _("%(field)s is too long: at most %(max)d characters.",
                                    field=name, max=spec.max_length))
    value = _clean(value, spec.multiline)
    if spec.choices is not None:
        if value not in spec.choices:
            _refuse(name, "unknown_value", _("%(field)s must be one of: %(choices)s.",
                                             field=name, choices=", ".join(spec.choices)))
    elif len(value) > spec.max_length:
        _refuse(name, "too_long", _("%(field)s is too long: at most %(max)d characters.",
                                    field=name, max=spec.max_length))
    return value


def _value(spec, value, name, from_text):
    if value is None:
        if not spec.nullable:
            _refuse(name, "wrong_type", _("%(field)s must not be null.", field=name))
        return spec.default
    kind = spec.kind
    if kind == "text":
        return _text(spec, value, name)
    if kind == "integer":
        return _integer(spec, value, name, from_text)
    if kind == "boolean":
        if not isinstance(value, bool):
            _refuse(name, "wrong_type", _("%(field)s must be true or false.", field=name))
        return value
    if kind == "day":
        if not isinstance(value, str) or len(value) != 10:
            _refuse(name, "wrong_type", _("%(field)s must be a date (yyyy-mm-dd).", field=name))
        try:
            return date.fromisoformat(value)
        except ValueError:
            _refuse(name, "wrong_type", _("%(field)s must be a date (yyyy-mm-dd).", field=name))
    if kind == "list":
        if not isinstance(value, list):
            _refuse(name, "wrong_type", _("%(field)s must be a list.", field=name))
        _count(spec, value, name)
        return [_value(spec.values, item, f"{name}.{i}", from_text) for i, item in enumerate(value)]
    if not isinstance(value, dict):
        _refuse(name, "wrong_type", _("%(field)s must be a JSON object.", field=name))
    if kind == "object":
        return check(spec.fields, value, prefix=f"{name}.")
    _count(spec, value, name)
    return {_text(spec.keys, key, f"{name}.{key[:40]}"): _value(spec.values, item, f"{name}.{key[:40]}", from_text)
            for key, item in value.items()}


def _count(spec, value, name):
    if len(value) > spec.max_items:
        _refuse(name, "too_many", _("%(field)s has too many items: at most %(max)d.", field=name, max=spec.max_items))


def check(fields, source, *, prefix="", from_text=False):
    """{name: Spec} against a dict (JSON), a MultiDict (query string) or view arguments (path):
    the cleaned values, a missing optional field as its default; fields not in the spec are left out."""
    out = {}
    for name, spec in fields.items():
        value = source.get(name, _MISSING)
        if value is _MISSING:
            if spec.required:
                _refuse(prefix + name, "missing", _("%(field)s is missing.", field=prefix + name))
            out[name] = spec.default
            continue
        out[name] = _value(spec, value, prefix + name, from_text)
    return out


def json_body(max_bytes=MAX_BODY):
    """The request's JSON object; 413 when larger than `max_bytes`, 400 when it is no JSON object."""
    if request.content_length is not None and request.content_length > max_bytes:
        abort(413)
    request.max_content_length = max_bytes  # a body sent without a length stops at the limit too
    payload = None
    if request.is_json:
        try:
            payload = json.loads(request.get_data(cache=True))
        except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested too deep to read
            payload = None
    if not isinstance(payload, dict):
        raise DomainError(_("The request body must be a JSON object."), code="bad_json", status=400)
    return payload


class Accepts:
    """What a view reads, for the tests that walk every API: body, query and path specs."""

    __slots__ = ("body", "query", "path", "max_bytes")

    def __init__(self, body, query, path, max_bytes):
        self.body, self.query, self.path, self.max_bytes = body, query, path, max_bytes


def accepts(*, body=None, query=None, path=None, max_bytes=MAX_BODY):
    """Check the request before the view runs. The view gets the cleaned path arguments, and
    `query=` / `body=` dicts when those specs are given. `@accepts()` says: it reads nothing."""

    def decorate(view):
        @wraps(view)
        def checked(**kwargs):
            if path:
                kwargs.update(check(path, kwargs, from_text=True))
            if query is not None:
                kwargs["query"] = check(query, request.args, from_text=True)
            if body is not None:
                kwargs["body"] = check(body, json_body(max_bytes))
            return view(**kwargs)

        checked.accepts = Accepts(body, query, path, max_bytes)
        return checked

    return decorate
