"""Queries behind the organiser pages, and the audit-log export job."""
import json
from datetime import datetime, time, timezone

from sqlalchemy import func, select

from fairapp.core import spreadsheets
from fairapp.core.i18n import LOCAL_TZ, format_local_datetime, search_key
from fairapp.core.jobs import job_handler
from fairapp.core.mail_status import problem_filter
from fairapp.core.models import AuditEntry, OutboxMessage, User
from fairapp.extensions import db


def _local_day_bounds(day_from, day_to):
    start = datetime.combine(day_from, time.min, LOCAL_TZ).astimezone(timezone.utc) if day_from else None
    end = datetime.combine(day_to, time.max, LOCAL_TZ).astimezone(timezone.utc) if day_to else None
    return start, end


def audit_query(filters):
    """Audit entries matching the filter dict (actor, action, object_type, object_id, day_from, day_to)."""
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if filters.get("actor"):
        query = query.where(AuditEntry.actor_label.contains(filters["actor"].strip().lower(), autoescape=True))
    if filters.get("action"):
        query = query.where(AuditEntry.action.startswith(filters["action"].strip(), autoescape=True))
    if filters.get("object_type"):
        query = query.where(AuditEntry.object_type == filters["object_type"].strip())
    if filters.get("object_id"):
        query = query.where(AuditEntry.object_id == filters["object_id"].strip())
    start, end = _local_day_bounds(filters.get("day_from"), filters.get("day_to"))
    if start:
        query = query.where(AuditEntry.at >= start)
    if end:
        query = query.where(AuditEntry.at <= end)
    return query


def audit_object_types():
    return db.session.scalars(select(AuditEntry.object_type).distinct().order_by(AuditEntry.object_type)).all()


@job_handler("audit.export")
def export_audit(params, progress):
    filters = dict(params)
    for key in ("day_from", "day_to"):
        if filters.get(key):
            filters[key] = datetime.fromisoformat(filters[key]).date()
    total = db.session.scalar(select(func.count()).select_from(audit_query(filters).subquery()))
    header = ["at_local", "actor", "ip", "action", "object_type", "object_id", "before", "after"]

    def rows():
        entries = db.session.scalars(audit_query(filters).execution_options(yield_per=500))
        for done, entry in enumerate(entries, 1):
            yield [format_local_datetime(entry.at), entry.actor_label, entry.ip or "", entry.action,
                   entry.object_type, entry.object_id or "",
                   json.dumps(entry.before, ensure_ascii=False) if entry.before is not None else "",
                   json.dumps(entry.after, ensure_ascii=False) if entry.after is not None else ""]
            progress(done, total)

    data = spreadsheets.write_table("csv", header, rows())
    progress(total, total)
    return "audit-log.csv", spreadsheets.FORMATS["csv"], data


def people(search=None, role=None):
    query = select(User).order_by(User.role, User.name_key)
    if role:
        query = query.where(User.role == role)
    if search:
        key = search_key(search)
        query = query.where((User.name_key.contains(key, autoescape=True)) | (User.email.contains(search.strip().lower(), autoescape=True)))
    return query


OUTBOX_FILTERS = (None, "problem", "queued", "sending", "sent", "failed")


def outbox_query(status=None):
    """The outbox, newest first; "problem": everything that has not gone out because sending failed."""
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc())
    if status == "problem":
        return query.where(problem_filter())
    return query.where(OutboxMessage.status == status) if status else query


def outbox_counts():
    rows = db.session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status))
    counts = dict(rows.all())
    counts["problem"] = db.session.scalar(select(func.count()).select_from(OutboxMessage).where(problem_filter()))
    return counts
