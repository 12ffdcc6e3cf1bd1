"""Background jobs with progress, run by a huey worker (`flask fair worker`).

huey keeps its queue in a SQLite file under instance/ (no server needed) or in
Redis when REDIS_URL is set. What the user sees — status, progress, the result
file — lives in our own `jobs` table, so any web host can show any job.
Blueprints register a handler per job kind with @job_handler("kind"); modules that
need a queue task or a timer of their own (mail delivery, housekeeping) register it
with @background_task / @periodic_task, so this module imports none of them.
"""
import logging
import io
import os
import time
import traceback

from flask import current_app
from huey import Huey, RedisHuey, crontab
from huey.storage import SqliteStorage
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from fairapp.core.aftercommit import after_commit
from fairapp.core.db import sqlite_write_intent, utcnow
from fairapp.core.models import Job, JobResultChunk
from fairapp.extensions import db

HANDLERS = {}
TASKS = {}  # name -> fn(app, *args), run by the worker after enqueue(app, name, *args)
PERIODIC = {}  # name -> (crontab keyword arguments, fn(app))
PROGRESS_EVERY = 0.5  # seconds between progress writes


CHUNK_BYTES = 1024 * 1024


def job_handler(kind):
    """A handler takes (params, progress) and returns (filename, content_type, data) or None;
    data is bytes or an open binary file (a temporary file for big results), closed here."""

    def register(fn):
        HANDLERS[kind] = fn
        return fn

    return register


def background_task(name):
    """Register fn(app, *args) as a queue task; `enqueue(app, name, *args)` hands it to the worker."""

    def register(fn):
        TASKS[name] = fn
        return fn

    return register


def periodic_task(name, **schedule):
    """Register fn(app) to run in the worker on a crontab schedule (minute="*/15", …)."""

    def register(fn):
        PERIODIC[name] = (schedule, fn)
        return fn

    return register


def enqueue(app, name, *args):
    app.extensions["huey_tasks"][name](*args)


class QueueStorage(SqliteStorage):
    """huey's SQLite queue with synchronous=NORMAL: no fsync per enqueued task.

    WAL keeps the file consistent; a task lost to a power cut is harmless
    because the database, not the queue, is the record (mail is retried from
    the outbox every minute, a job can be started again).
    """

    def _create_connection(self):
        connection = super()._create_connection()
        connection.execute("pragma synchronous=1")
        return connection


def init_jobs(app):
    name = app.config["HUEY_NAME"]
    if app.config.get("REDIS_URL"):
        huey = RedisHuey(name, url=app.config["REDIS_URL"])
    else:
        filename = app.config["HUEY_FILENAME"] or os.path.join(app.instance_path, "huey.db")
        huey = Huey(name, storage_class=QueueStorage, filename=filename)

    def bound(fn):
        def task(*args):
            return fn(app, *args)

        return task

    tasks = {"run_job": huey.task(name="run_job")(bound(run_job))}
    for name, fn in TASKS.items():
        tasks[name] = huey.task(name=name)(bound(fn))
    for name, (schedule, fn) in PERIODIC.items():
        huey.periodic_task(crontab(**schedule), name=name)(bound(fn))
    app.extensions["huey"] = huey
    app.extensions["huey_tasks"] = tasks


def start_job(kind, params, owner=None):
    """Create the job row in the current transaction; the worker gets it after the commit."""
    if kind not in HANDLERS:
        raise KeyError(kind)
    job = Job(kind=kind, params=params, owner_id=owner.id if owner else None)
    db.session.add(job)
    task = current_app.extensions["huey_tasks"]["run_job"]
    after_commit(db.session, lambda ids: task(ids[0]), job)
    return job


class Progress:
    """Callable handed to a handler: progress(done, total), written at most twice a second."""

    def __init__(self, job_id):
        self.job_id = job_id
        self.last = 0.0
        self.total = 0

    def __call__(self, done, total):
        self.total = total
        now = time.monotonic()
        if now - self.last < PROGRESS_EVERY:
            return
        self.last = now
        _update(self.job_id, done=done, total=total)


def _update(job_id, **values):
    # Own session and commit: the page polling this job sees progress while the
    # handler's own transaction is still open.
    token = sqlite_write_intent.set(True)
    try:
        with Session(db.engine) as session:
            session.execute(update(Job).where(Job.id == job_id).values(**values))
            session.commit()
    finally:
        sqlite_write_intent.reset(token)


def run_job(app, job_id):
    # The handler's own session must not take SQLite's write lock up front: its progress
    # is written through a second connection from this same thread, which would wait
    # for that lock until the busy timeout and fail the job. The calling thread may have
    # set the intent (huey's immediate mode runs the task in the request that queued it).
    token = sqlite_write_intent.set(False)
    try:
        _run_job(app, job_id)
    finally:
        sqlite_write_intent.reset(token)


def _run_job(app, job_id):
    with app.app_context():
        job = db.session.get(Job, job_id)
        if job is None or job.status != "queued":
            return
        kind, params = job.kind, dict(job.params or {})
        db.session.rollback()
        _update(job_id, status="running")
        progress = Progress(job_id)
        try:
            outcome = HANDLERS[kind](params, progress)
            db.session.commit()
        except Exception as exc:  # the job fails, the worker lives on
            db.session.rollback()
            app.logger.error("job %s (%s) failed:\n%s", job_id, kind, traceback.format_exc())
            _update(job_id, status="failed", error=f"{type(exc).__name__}: {exc}"[:2000],
                    finished_at=utcnow())
            return
        finally:
            db.session.remove()
        result = {}
        if outcome is not None:
            name, content_type, data = outcome
            _store_result(job_id, data)
            result = {"result_name": name, "result_type": content_type}
        total = max(progress.total, 1)
        _update(job_id, status="done", done=total, total=total, finished_at=utcnow(), **result)


def _store_result(job_id, data):
    source = io.BytesIO(data) if isinstance(data, (bytes, bytearray)) else data
    token = sqlite_write_intent.set(True)
    try:
        with Session(db.engine) as session:
            seq = 0
            while chunk := source.read(CHUNK_BYTES):
                session.execute(insert(JobResultChunk), {"job_id": job_id, "seq": seq, "data": chunk})
                seq += 1
            session.commit()
    finally:
        sqlite_write_intent.reset(token)
        source.close()


def result_chunks(job_id):
    """The stored result, piece by piece (for a streamed download)."""
    seq = 0
    while True:
        chunk = db.session.scalar(select(JobResultChunk.data).where(
            JobResultChunk.job_id == job_id, JobResultChunk.seq == seq))
        if chunk is None:
            return
        yield chunk
        seq += 1


def run_worker(app, workers=2):
    huey = app.extensions["huey"]
    # huey says what it runs (and prints tracebacks) only through its logger.
    log = logging.getLogger("huey")
    if not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    consumer = huey.create_consumer(workers=workers, worker_type="thread", periodic=True)
    consumer.run()
