"""Run work only once a transaction has committed (mail, job hand-off).

Callbacks are registered with the rows they concern; the rows' ids are taken
just before the commit and handed to the callback just after it. A rollback
drops them, so a failed request sends no mail and starts no job.
"""
from sqlalchemy import event
from sqlalchemy.orm import Session

_KEY = "fairapp_after_commit"


def after_commit(session, callback, *rows):
    session.info.setdefault(_KEY, []).append((callback, rows, None))


@event.listens_for(Session, "before_commit")
def _resolve_ids(session):
    pending = session.info.get(_KEY)
    if not pending:
        return
    session.flush()
    session.info[_KEY] = [(cb, rows, [row.id for row in rows]) for cb, rows, _ in pending]


@event.listens_for(Session, "after_commit")
def _run(session):
    pending = session.info.pop(_KEY, None) or []
    for callback, _rows, ids in pending:
        callback(ids)


@event.listens_for(Session, "after_rollback")
def _drop(session):
    session.info.pop(_KEY, None)
