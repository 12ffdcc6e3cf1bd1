"""`flask fair …`: create-user, the demo fair and its logins, backup while the app writes."""
import sqlite3
import threading
from datetime import datetime

from sqlalchemy import func, select

from fairapp.contest.models import ContestCategory
from fairapp.core import audit
from fairapp.core.auth.services import find_user
from fairapp.core.i18n import LOCAL_TZ
from fairapp.core.models import AuditEntry, Fair, User
from fairapp.demo import DEMO_PASSWORD, PEOPLE
from fairapp.exhibitors.models import Booth, Hall
from fairapp.extensions import db
from tests.conftest import login

STRONG = "gom-bat-trang-2026"


def fair_cli(app, *args, **kwargs):
    result = app.test_cli_runner().invoke(args=["fair", *args], **kwargs)
    return result


def count(app, model, *where):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


# ---------------------------------------------------------------- create-user


def test_create_user_makes_a_confirmed_account_that_signs_in(app, client):
    result = fair_cli(app, "create-user", "Tuyet.Do@Example.VN", "--role", "juror",
                      "--name", "  Đỗ Thị   Ánh Tuyết ", "--password", STRONG)

    assert result.exit_code == 0, result.output
    assert "tuyet.do@example.vn (juror)" in result.output
    with app.app_context():
        user = find_user("tuyet.do@example.vn")
        assert (user.name, user.name_key, user.role, user.locale) == (
            "Đỗ Thị Ánh Tuyết", "do thi anh tuyet", "juror", "vi")
        assert user.email_confirmed_at is not None
        assert user.password_hash and STRONG not in user.password_hash
    login(client, "tuyet.do@example.vn", STRONG)
    assert "Đỗ Thị Ánh Tuyết" in client.get("/").get_data(as_text=True)  # the navbar names who is signed in


def test_create_user_asks_for_the_password_twice_when_not_given(app, client):
    result = fair_cli(app, "create-user", "bantochuc2@example.vn", "--role", "organizer",
                      "--name", "Trần Thị Thu Hà", "--locale", "en", input=f"{STRONG}\n{STRONG}\n")

    assert result.exit_code == 0, result.output
    assert STRONG not in result.output  # the prompt hides what is typed
    login(client, "bantochuc2@example.vn", STRONG)
    assert client.get("/admin/").status_code == 200


def test_create_user_refuses_a_short_password_with_a_message(app):
    result = fair_cli(app, "create-user", "ngan@example.vn", "--role", "juror",
                      "--name", "Hoàng Văn Ơn", "--password", "ngan")

    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: ")
    assert "10" in result.output  # the minimum length, in whichever language
    assert "Traceback" not in result.output
    assert count(app, User, User.email == "ngan@example.vn") == 0


def test_create_user_refuses_an_existing_email(app, make_user):
    email = make_user("juror")
    result = fair_cli(app, "create-user", email.upper(), "--role", "organizer",
                      "--name", "Ai Đó", "--password", STRONG)

    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: ")
    assert count(app, User, User.email == email) == 1
    with app.app_context():
        assert find_user(email).role == "juror"


def test_create_user_refuses_an_unknown_role(app):
    result = fair_cli(app, "create-user", "x@example.vn", "--role", "admin", "--name", "X",
                      "--password", STRONG)
    assert result.exit_code == 2
    assert "admin" in result.output
    assert count(app, User) == 0


# ---------------------------------------------------------------- the demo fair


def test_demo_loads_a_fair_starting_today_in_hanoi(app, client):
    before = datetime.now(LOCAL_TZ).date()
    result = fair_cli(app, "demo")
    after = datetime.now(LOCAL_TZ).date()

    assert result.exit_code == 0, result.output
    with app.app_context():
        fair = db.session.scalar(select(Fair))
        assert fair.starts_on in (before, after)
        assert fair.ends_on >= fair.starts_on
        assert fair.slug in result.output
        assert "Hà Nội" in fair.name

        halls = db.session.scalars(select(Hall).where(Hall.fair_id == fair.id)).all()
        assert len(halls) >= 2
        open_booths = db.session.execute(
            select(Booth.hall_id, func.count()).where(Booth.fair_id == fair.id, Booth.blocked.is_(False))
            .group_by(Booth.hall_id)).all()
        assert {hall_id for hall_id, _n in open_booths} == {hall.id for hall in halls}
        assert 430 <= sum(n for _hall, n in open_booths) <= 470
        assert db.session.scalar(select(func.count()).select_from(Booth).where(Booth.blocked.is_(True))) > 0
        codes = db.session.scalars(select(Booth.code)).all()
        assert len(codes) == len(set(codes))

        categories = db.session.scalars(select(ContestCategory.name).order_by(ContestCategory.position)).all()
        assert categories == ["Gốm sứ", "Sơn mài", "Mây tre, giang đan, guột tế", "Khảm trai, sừng, gỗ mỹ nghệ",
                              "Thêu ren, lụa tơ tằm", "Đồng, đá và sản phẩm khác"]

        people = db.session.execute(select(User.role, User.name, User.email_confirmed_at)).all()
    roles = {role for role, _name, _confirmed in people}
    assert roles == {"organizer", "exhibitor", "juror", "gate"}
    assert all(confirmed is not None for _role, _name, confirmed in people)
    names = {name for _role, name, _confirmed in people}
    assert {"Trần Thị Thu Hà", "Đặng Thị Hồng", "Đỗ Thị Ánh Tuyết", "Lý Văn Tâm"} <= names

    logins = fair_cli(app, "logins")
    assert logins.exit_code == 0, logins.output
    assert DEMO_PASSWORD in logins.output
    for role, email, name, _locale in PEOPLE:
        assert email in logins.output and name in logins.output

    organiser = next(email for role, email, _n, _l in PEOPLE if role == "organizer")
    login(client, organiser, DEMO_PASSWORD)
    assert client.get("/admin/").status_code == 200


def test_a_second_demo_is_refused_and_if_empty_does_nothing(app):
    assert fair_cli(app, "demo").exit_code == 0
    users, booths = count(app, User), count(app, Booth)

    again = fair_cli(app, "demo")
    assert again.exit_code == 1
    assert "already has a fair" in again.output

    quiet = fair_cli(app, "demo", "--if-empty")
    assert quiet.exit_code == 0, quiet.output
    assert "already loaded" in quiet.output
    assert (count(app, Fair), count(app, User), count(app, Booth)) == (1, users, booths)


def test_demo_if_empty_loads_into_an_empty_database(app):
    result = fair_cli(app, "demo", "--if-empty")
    assert result.exit_code == 0, result.output
    assert count(app, Fair) == 1


# ---------------------------------------------------------------- backup


BATCH = 5  # audit rows per transaction: a consistent copy holds whole batches only


class Writer(threading.Thread):
    """Keeps committing batches of audit rows, as a running app would."""

    def __init__(self, app):
        super().__init__(daemon=True)
        self.app = app
        self.batches = 0
        self.progress = threading.Condition()
        self.stop = threading.Event()
        self.error = None

    def run(self):
        try:
            with self.app.app_context():
                while not self.stop.is_set():
                    for i in range(BATCH):
                        audit.record("booth.update", "booth", f"{self.batches}-{i}",
                                     after={"ghi_chú": "Đang ghi khi sao lưu"})
                    db.session.commit()
                    with self.progress:
                        self.batches += 1
                        self.progress.notify_all()
        except Exception as exc:  # reported by the test
            self.error = exc
            with self.progress:
                self.progress.notify_all()

    def wait_for(self, batches):
        with self.progress:
            self.progress.wait_for(lambda: self.batches >= batches or self.error, timeout=60)
        assert self.error is None, self.error
        assert self.batches >= batches, "the writer stalled"
        return self.batches


def rows(connection, table):
    return connection.execute(f'SELECT * FROM "{table}" ORDER BY id').fetchall()


def test_backup_of_the_running_database(app, make_user, tmp_path):
    copy = tmp_path / "sao-luu.db"
    with app.app_context():
        dialect = db.engine.dialect.name

    if dialect != "sqlite":
        result = fair_cli(app, "backup", str(copy))
        assert result.exit_code == 1
        assert "Error: backup copies the SQLite database; for PostgreSQL use pg_dump" in result.output
        assert not copy.exists()
        return

    make_user("organizer", name="Trần Thị Thu Hà")
    writer = Writer(app)
    writer.start()
    try:
        before = writer.wait_for(10)
        result = fair_cli(app, "backup", str(copy))
        after = writer.wait_for(writer.batches + 10)
    finally:
        writer.stop.set()
        writer.join(timeout=60)
    assert not writer.is_alive()
    assert writer.error is None, writer.error
    assert result.exit_code == 0, result.output
    assert f"backup written to {copy}" in result.output

    backup = sqlite3.connect(copy)
    with app.app_context():
        live_path = db.engine.url.database
    live = sqlite3.connect(live_path)
    try:
        assert backup.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        copied = rows(backup, "audit_entries")
        assert len(copied) % BATCH == 0  # never half a transaction
        assert before * BATCH <= len(copied) <= after * BATCH
        assert copied == rows(live, "audit_entries")[:len(copied)]
        assert rows(backup, "users") == rows(live, "users")
        assert backup.execute("SELECT version_num FROM alembic_version").fetchall() == \
            live.execute("SELECT version_num FROM alembic_version").fetchall()
    finally:
        backup.close()
        live.close()
    assert count(app, AuditEntry) == writer.batches * BATCH

    itself = fair_cli(app, "backup", str(live_path))
    assert itself.exit_code == 1
    assert "the backup path is the database itself" in itself.output

