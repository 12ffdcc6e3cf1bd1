"""The audit log: who changed what, when, from where, with the values before and after."""
from datetime import date, datetime
from decimal import Decimal

from flask import has_request_context, request
from flask_login import current_user

from fairapp.core.models import AuditEntry
from fairapp.extensions import db


def _plain(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def snapshot(obj, *fields) -> dict:
    """The named attributes of a model as JSON-safe values."""
    return {name: _plain(getattr(obj, name)) for name in fields}


def record(action, obj_type, obj_id=None, *, before=None, after=None, actor=None):
    """Add an audit entry to the current transaction (it commits with the change)."""
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user._get_current_object()
    entry = AuditEntry(
        actor=actor,
        actor_label=actor.email if actor is not None else "system",
        ip=request.remote_addr if has_request_context() else None,
        action=action,
        object_type=obj_type,
        object_id=None if obj_id is None else str(obj_id),
        before=_plain(before) if before is not None else None,
        after=_plain(after) if after is not None else None,
    )
    db.session.add(entry)
    return entry


def changed(before: dict, after: dict) -> tuple[dict, dict]:
    """Only the fields that differ, so the log shows the change and not the whole row."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def record_changes(action, obj_type, obj_id, before: dict, after: dict):
    """Record the fields that differ between two snapshots; nothing at all when none do."""
    old, new = changed(before, after)
    if new:
        record(action, obj_type, obj_id, before=old, after=new)
