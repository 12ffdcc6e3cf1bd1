"""Benchmark of the visitor import: 10,000 pre-registered visitors from CSV and XLSX, target < 10 s.

Runs on a fresh SQLite file, and on PostgreSQL too when DATABASE_URL names one (or the
default test server answers). Each run uploads the file to the organiser's import page
(test client: form parsing, checks, ids, signing, insert, audit, commit) for a new fair.
Peak memory is measured in a separate run (tracemalloc slows Python down).
"""
import os
import random
import resource
import tempfile
import time
import tracemalloc
import uuid
from datetime import date, time as clock, timedelta

from sqlalchemy import create_engine, func, select, text

ROWS = 10_000
TARGET_SECONDS = 10.0
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Thanh", "Minh", "Quốc", "Ngọc", "Đức", "Thu", "Hữu", "Bích"]
GIVEN = ["Mai", "Hùng", "Hương", "Bảo", "Ánh", "Lực", "Ngọc", "Đức", "Tâm", "Hồng", "Tuyết", "Ơn", "Yến", "Dũng"]
ORGS = ["", "", "Công ty TNHH Quà tặng Việt", "HTX Gốm Bát Tràng", "Siêu thị Quà tặng Hà Thành", "Làng lụa Vạn Phúc"]
TYPES = ["visitor"] * 6 + ["trade"] * 3 + ["vip", "press"]


def visitor_rows(fair_days, seed=2026):
    rng = random.Random(seed)
    rows = []
    for i in range(ROWS):
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        days = ";".join(d.strftime("%d/%m/%Y") for d in sorted(rng.sample(fair_days, rng.randint(1, 2)))) \
            if rng.random() < 0.3 else ""
        rows.append([name, f"khach{i:05d}@example.vn", f"09{rng.randint(10_000_000, 99_999_999)}",
                     rng.choice(ORGS), rng.choice(TYPES), days, rng.choice(["vi", "vi", "vi", "en"])])
    return rows


def _pg_url():
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgresql"):
        return url
    try:
        engine = create_engine(PG_DEFAULT)
        with engine.connect():
            pass
        engine.dispose()
        return PG_DEFAULT
    except Exception:  # no PostgreSQL here: SQLite only
        return None


class Database:
    """A throw-away database built by the migrations: a SQLite file or a new PostgreSQL database."""

    def __init__(self, server_url=None):
        self.server_url = server_url
        self.name = f"fairapp_bench_{uuid.uuid4().hex[:8]}"
        self.tmp = tempfile.TemporaryDirectory()
        if server_url:
            with create_engine(server_url, isolation_level="AUTOCOMMIT").connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{self.name}"'))
            self.url = server_url.rsplit("/", 1)[0] + "/" + self.name
        else:
            self.url = "sqlite:///" + os.path.join(self.tmp.name, "bench.db")

    def drop(self):
        if self.server_url:
            with create_engine(self.server_url, isolation_level="AUTOCOMMIT").connect() as conn:
                conn.execute(text(f'DROP DATABASE "{self.name}" WITH (FORCE)'))
        self.tmp.cleanup()


def _new_fair(slug):
    from fairapp.core.models import Fair
    from fairapp.extensions import db
    from fairapp.visitors.services.tickets import set_up_fair

    start = date.today() + timedelta(days=30)
    fair = Fair(slug=slug, name="Hội chợ Quà tặng hàng thủ công mỹ nghệ Hà Nội", venue="Cung Văn hóa Hữu nghị",
                starts_on=start, ends_on=start + timedelta(days=3), opens_at=clock(8), closes_at=clock(21))
    db.session.add(fair)
    db.session.flush()
    set_up_fair(fair)
    db.session.commit()
    return fair


def _organiser(app):
    """A client signed in as an organiser, as the import page needs."""
    import re

    from fairapp.core.auth.services import new_user
    from fairapp.extensions import db

    password = "mat-khau-do-chuan-2026"
    with app.app_context():
        new_user(email="bench@example.vn", name="Trần Thị Thu Hà", role="organizer", password=password,
                 confirmed=True)
        db.session.commit()
    client = app.test_client()
    token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/auth/login").get_data(as_text=True))
    client.post("/auth/login", data={"email": "bench@example.vn", "password": password, "csrf_token": token[1]})
    return client, token[1]


def _import_once(app, client, csrf, slug, filename, data):
    """Seconds to read and check the file alone, and for the whole upload to the import page."""
    import io

    from fairapp.extensions import db
    from fairapp.visitors.models import Ticket
    from fairapp.visitors.services import visitor_import

    with app.app_context():
        fair = _new_fair(slug)
        started = time.perf_counter()
        visitor_import.check_file(fair, filename, data)
        checked = time.perf_counter() - started
        db.session.rollback()
    started = time.perf_counter()
    response = client.post(f"/visitors/admin/tickets/import?fair={slug}", content_type="multipart/form-data",
                           data={"csrf_token": csrf, "file": (io.BytesIO(data), filename)})
    elapsed = time.perf_counter() - started
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with app.app_context():
        stored = db.session.scalar(select(func.count()).select_from(Ticket).join(Ticket.fair).where(
            text("fairs.slug = :slug").bindparams(slug=slug), Ticket.code.is_not(None)))
    assert stored == ROWS, stored
    return {"check_s": checked, "import_s": elapsed}


def measure(label, url):
    from fairapp import create_app
    from fairapp.core.fairs import fair_days
    from fairapp.core.spreadsheets import write_table
    from fairapp.extensions import db
    from fairapp.visitors.services.visitor_import import COLUMNS
    from flask_migrate import upgrade

    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url, "SERVER_NAME": None})
    with app.app_context():
        upgrade(revision="heads")
        probe = _new_fair("bench-probe")
        rows = visitor_rows(fair_days(probe))
        files = {"csv": write_table("csv", COLUMNS, rows), "xlsx": write_table("xlsx", COLUMNS, rows)}
    client, csrf = _organiser(app)
    figures = {}
    for fmt, data in files.items():
        timing = _import_once(app, client, csrf, f"bench-{fmt}", f"khach.{fmt}", data)
        tracemalloc.start()
        _import_once(app, client, csrf, f"bench-{fmt}-mem", f"khach.{fmt}", data)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        figures[f"{label} {fmt}"] = {**timing, "bytes": len(data), "peak_mib": peak / 2**20,
                                     "rows_per_s": ROWS / timing["import_s"]}
    with app.app_context():
        db.engine.dispose()
    return figures


def main() -> dict:
    os.environ.setdefault("FAIRAPP_INSTANCE", tempfile.mkdtemp(prefix="fairapp-bench-"))
    targets = [("SQLite", None)]
    pg = _pg_url()
    if pg:
        targets.append(("PostgreSQL", pg))
    figures = {}
    for label, server in targets:
        database = Database(server)
        try:
            figures.update(measure(label, database.url))
        finally:
            database.drop()
    print(f"visitor import through the import page, {ROWS:,} rows per file (target: < {TARGET_SECONDS:.0f} s)")
    for name, f in figures.items():
        verdict = "ok" if f["import_s"] < TARGET_SECONDS else "TOO SLOW"
        print(f"  {name:<16} file {f['bytes'] / 2**20:5.2f} MiB   import {f['import_s']:6.2f} s"
              f"   {f['rows_per_s']:6,.0f} rows/s   (of which reading + checking {f['check_s']:5.2f} s)"
              f"   peak {f['peak_mib']:6.1f} MiB   {verdict}")
    print(f"  process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    return figures


if __name__ == "__main__":
    main()
