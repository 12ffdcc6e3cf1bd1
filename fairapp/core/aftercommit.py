"""Run work only once a transaction has committed (mail, job hand-off).

Callbacks are registered with the rows they concern; the rows' ids are taken
just before the commit and handed to the callback just after it. A rollback
drops them, so a failed request sends no mail and starts no job.

SQLAlchemy fires its commit and rollback events for savepoints (begin_nested)
too: only the outermost commit runs the callbacks, a rolled-back savepoint
drops only the callbacks of rows it undid, and a rolled-back transaction drops all.
"""
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

_KEY = "fairapp_after_commit"


def after_commit(session, callback, *rows):
    session.info.setdefault(_KEY, []).append((callback, rows, None))


@event.listens_for(Session, "before_commit")
def _resolve_ids(session):
    if session.in_nested_transaction():
        return
    pending = session.info.get(_KEY)
    if not pending:
        return
    session.flush()
    # Rows added inside a savepoint that was rolled back have left the session.
    session.info[_KEY] = [(cb, rows, [row.id for row in rows]) for cb, rows, _ in pending
                          if all(inspect(row).persistent for row in rows)]


@event.listens_for(Session, "after_commit")
def _run(session):
    if session.in_nested_transaction():
        return
    pending = session.info.pop(_KEY, None) or []
    for callback, _rows, ids in pending:
        callback(ids)


@event.listens_for(Session, "after_transaction_end")
def _drop(session, transaction):
    # The outermost transaction ended without a commit having run the callbacks: a rollback.
    if transaction.parent is None:
        session.info.pop(_KEY, None)
