"""Background jobs: a real `flask fair worker` subprocess runs the audit export that an
organiser starts on the web (huey on a SQLite file, and on Redis when one is reachable);
failures are recorded and the worker lives on; only the owner or an organiser sees a job."""
import csv
import io
import json
import os
import re
import socket
import subprocess
import sys
import time

import pytest
from sqlalchemy import func, select

from fairapp.core import audit
from fairapp.core.auth.services import find_user
from fairapp.core.jobs import job_handler, run_job, start_job
from fairapp.core.models import AuditEntry, Job
from fairapp.extensions import db
from tests.conftest import login, post_form

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FLASK = os.path.join(os.path.dirname(sys.executable), "flask")
REDIS_URL = "redis://127.0.0.1:6379/0"
WAIT_SECONDS = 120  # the worker starting and the job running, on a busy machine; bounds a hang only
ENTRIES = 300
CSV_HEADER = ["at_local", "actor", "ip", "action", "object_type", "object_id", "before", "after"]


def redis_reachable():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


# The Redis run is the scale-out path (web hosts and workers on several machines);
# it is added only where a Redis server answers, so nothing is ever skipped.
BACKENDS = [pytest.param({}, id="huey-sqlite")]
if redis_reachable():
    BACKENDS.append(pytest.param({"REDIS_URL": REDIS_URL}, id="huey-redis"))


@pytest.fixture
def app_overrides(request):
    return getattr(request, "param", {})


@pytest.fixture(autouse=True)
def empty_queue(app):
    yield
    app.extensions["huey"].flush()  # a Redis queue outlives the test otherwise


# ---------------------------------------------------------------- the worker subprocess


class WorkerProcess:
    """`flask --app wsgi fair worker` on the test's database and queue, output kept in a file."""

    def __init__(self, app, log_path):
        self.app = app
        self.log_path = log_path
        self.process = None

    def start(self):
        config = self.app.config
        env = {k: v for k, v in os.environ.items()
               if k not in ("DATABASE_URL", "REDIS_URL", "HUEY_FILENAME", "HUEY_NAME")}
        env.update(FAIRAPP_CONFIG="testing", PYTHONUNBUFFERED="1",
                   DATABASE_URL=config["SQLALCHEMY_DATABASE_URI"], HUEY_NAME=config["HUEY_NAME"],
                   MAIL_PORT=str(config["MAIL_PORT"]))
        if config.get("REDIS_URL"):
            env["REDIS_URL"] = config["REDIS_URL"]
        else:
            env["HUEY_FILENAME"] = config["HUEY_FILENAME"]
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen([FLASK, "--app", "wsgi", "fair", "worker", "--workers", "1"],
                                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def output(self):
        with open(self.log_path, encoding="utf-8", errors="replace") as log:
            return log.read()

    def stop(self):
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)


@pytest.fixture
def worker(app, tmp_path):
    process = WorkerProcess(app, tmp_path / "worker.log")
    process.start()
    try:
        yield process
    finally:
        process.stop()
        # Shown by pytest with the test's report when it fails.
        print(f"---- worker output (exit code {process.process.returncode}) ----\n{process.output()}")


def wait_for_job(client, job_id, worker=None, statuses=("done", "failed")):
    """Poll the JSON API the way the progress page does, for at most WAIT_SECONDS."""
    deadline = time.monotonic() + WAIT_SECONDS
    state = None
    while time.monotonic() < deadline:
        response = client.get(f"/api/v1/jobs/{job_id}")
        assert response.status_code == 200, response.get_data(as_text=True)
        state = response.get_json()
        if state["status"] in statuses:
            return state
        if worker is not None:
            assert worker.alive(), f"the worker exited:\n{worker.output()}"
        time.sleep(0.2)
    log = worker.output() if worker is not None else ""
    raise AssertionError(f"job {job_id} still {state} after {WAIT_SECONDS} s\n{log}")


def add_audit_entries(app, count=ENTRIES):
    with app.app_context():
        for i in range(count):
            audit.record("booth.update", "booth", i, before={"tên": f"Gian A-{i:03d}"},
                         after={"tên": f"Gian gốm Bát Tràng – Đặng Thị Hồng {i}", "giá": 12_000_000})
        db.session.commit()


def start_export(client):
    response = post_form(client, "/admin/audit/export", {}, page="/admin/audit")
    assert response.status_code == 302, response.get_data(as_text=True)
    match = re.fullmatch(r"/jobs/(\d+)", response.headers["Location"])
    assert match, response.headers["Location"]
    return int(match.group(1))


def read_csv(data):
    assert data.startswith(b"\xef\xbb\xbf"), data[:20]  # BOM: Excel reads it as UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


# ---------------------------------------------------------------- through the real worker


@pytest.mark.parametrize("app_overrides", BACKENDS, indirect=True)
def test_audit_export_runs_in_the_worker_and_downloads_as_csv(app, client, signed_in, worker):
    add_audit_entries(app)
    signed_in("organizer")

    job_id = start_export(client)
    page = client.get(f"/jobs/{job_id}")
    assert page.status_code == 200
    assert f'data-state-url="/api/v1/jobs/{job_id}"' in page.get_data(as_text=True)

    state = wait_for_job(client, job_id, worker)
    assert state["status"] == "done", f"{state}\n{worker.output()}"
    assert state["percent"] == 100
    assert state["done"] == state["total"] == ENTRIES
    assert state["error"] is None
    assert state["download_url"] == f"/jobs/{job_id}/download"

    download = client.get(state["download_url"])
    assert download.status_code == 200
    assert download.mimetype == "text/csv"
    assert download.headers["Content-Disposition"] == 'attachment; filename="audit-log.csv"'
    rows = read_csv(download.data)
    assert rows[0] == CSV_HEADER
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == ENTRIES
    body = rows[1:]
    assert len(body) == ENTRIES
    assert sorted(int(row[5]) for row in body) == list(range(ENTRIES))
    for row in body:
        record = dict(zip(CSV_HEADER, row))
        assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", record["at_local"])
        assert (record["actor"], record["ip"], record["action"], record["object_type"]) == (
            "system", "", "booth.update", "booth")
        number = int(record["object_id"])
        assert json.loads(record["before"]) == {"tên": f"Gian A-{number:03d}"}
        assert json.loads(record["after"]) == {"tên": f"Gian gốm Bát Tràng – Đặng Thị Hồng {number}",
                                               "giá": 12_000_000}
    assert "Gian gốm Bát Tràng – Đặng Thị Hồng 7" in download.data.decode("utf-8")
    assert worker.alive()


@pytest.mark.parametrize("app_overrides", BACKENDS, indirect=True)
def test_a_failing_job_is_marked_failed_and_the_worker_carries_on(app, client, signed_in, worker):
    organiser = signed_in("organizer")
    with app.test_request_context("/"):
        # The handler parses day_from; a value that is no date makes it raise.
        job = start_job("audit.export", {"day_from": "không-phải-ngày"}, owner=None)
        db.session.commit()
        failing_id = job.id

    state = wait_for_job(organiser, failing_id, worker)
    assert state["status"] == "failed", f"{state}\n{worker.output()}"
    assert state["error"].startswith("ValueError:")
    assert "không-phải-ngày" in state["error"]
    assert state["download_url"] is None
    assert organiser.get(f"/jobs/{failing_id}/download").status_code == 404
    assert worker.alive(), worker.output()

    add_audit_entries(app, 5)
    state = wait_for_job(organiser, start_export(organiser), worker)
    assert (state["status"], state["percent"], state["total"]) == ("done", 100, 5)
    assert worker.alive(), worker.output()


# ---------------------------------------------------------------- in-process: failures and access


@job_handler("test.fail")
def failing_handler(params, progress):
    progress(1, 4)
    raise RuntimeError(f"Không đọc được tệp nhập: dòng {params['line']}")


@job_handler("test.count")
def counting_handler(params, progress):
    total = params["n"]
    for done in range(1, total + 1):
        progress(done, total)
    return "dem.txt", "text/plain; charset=utf-8", "Đếm xong: {}".format(total).encode("utf-8")


def start_owned_job(app, kind, params, owner_email):
    with app.test_request_context("/"):
        job = start_job(kind, params, owner=find_user(owner_email))
        db.session.commit()
        return job.id


def job_row(app, job_id):
    with app.app_context():
        job = db.session.get(Job, job_id)
        db.session.expunge(job)
        return job


def test_a_raising_handler_ends_failed_with_its_error_text(app, client, make_user):
    owner = make_user("exhibitor")
    job_id = start_owned_job(app, "test.fail", {"line": 7}, owner)
    assert job_row(app, job_id).status == "queued"

    run_job(app, job_id)  # returns: the exception does not escape to the worker

    job = job_row(app, job_id)
    assert job.status == "failed"
    assert job.error == "RuntimeError: Không đọc được tệp nhập: dòng 7"
    assert job.finished_at is not None
    login(client, owner)
    state = client.get(f"/api/v1/jobs/{job_id}").get_json()
    assert (state["status"], state["error"], state["download_url"]) == (
        "failed", "RuntimeError: Không đọc được tệp nhập: dòng 7", None)
    assert "Không đọc được tệp nhập: dòng 7" in client.get(f"/jobs/{job_id}").get_data(as_text=True)


def test_a_finished_job_is_not_run_again(app, client, make_user):
    owner = make_user("exhibitor")
    job_id = start_owned_job(app, "test.count", {"n": 40}, owner)

    run_job(app, job_id)
    first = job_row(app, job_id)
    run_job(app, job_id)  # a queue may hand the same task over twice

    again = job_row(app, job_id)
    assert (first.status, first.done, first.total) == ("done", 40, 40)
    assert again.finished_at == first.finished_at
    login(client, owner)
    state = client.get(f"/api/v1/jobs/{job_id}").get_json()
    assert state["percent"] == 100
    download = client.get(state["download_url"])
    assert download.headers["Content-Disposition"] == 'attachment; filename="dem.txt"'
    assert download.data.decode("utf-8") == "Đếm xong: 40"


def test_an_unknown_kind_cannot_be_started(app):
    with app.app_context(), pytest.raises(KeyError):
        start_job("test.no-such-kind", {})


def test_only_the_owner_or_an_organiser_sees_a_job(app, make_user):
    owner, other, organiser = make_user("exhibitor"), make_user("exhibitor"), make_user("organizer")
    job_id = start_owned_job(app, "test.count", {"n": 3}, owner)
    run_job(app, job_id)
    urls = (f"/jobs/{job_id}", f"/api/v1/jobs/{job_id}", f"/jobs/{job_id}/download")

    as_owner, as_other, as_organiser, anonymous = (app.test_client() for _ in range(4))
    login(as_owner, owner)
    login(as_other, other)
    login(as_organiser, organiser)

    assert [as_owner.get(url).status_code for url in urls] == [200, 200, 200]
    assert [as_organiser.get(url).status_code for url in urls] == [200, 200, 200]
    assert [as_other.get(url).status_code for url in urls] == [403, 403, 403]
    api = anonymous.get(f"/api/v1/jobs/{job_id}")
    assert api.status_code == 401 and api.get_json()["error"] == "unauthorized"
    page = anonymous.get(f"/jobs/{job_id}")
    assert page.status_code == 302 and "/auth/login" in page.headers["Location"]
    assert as_owner.get(f"/api/v1/jobs/{job_id + 1000}").status_code == 404


def test_an_exhibitor_cannot_see_an_organisers_export(app, client, signed_in, make_user):
    add_audit_entries(app, 3)
    signed_in("organizer")
    job_id = start_export(client)
    run_job(app, job_id)  # in-process: this test is about access, not the worker
    assert client.get(f"/api/v1/jobs/{job_id}").get_json()["status"] == "done"

    exhibitor = app.test_client()
    login(exhibitor, make_user("exhibitor"))
    assert exhibitor.get(f"/jobs/{job_id}").status_code == 403
    assert exhibitor.get(f"/api/v1/jobs/{job_id}").status_code == 403
    assert exhibitor.get(f"/jobs/{job_id}/download").status_code == 403
    assert post_form(exhibitor, "/admin/audit/export", {}).status_code == 403
