"""Every CSV and XLSX the app hands out is safe to open in Excel, whatever people typed.

An organiser signs in; every text a person can type — an exhibitor's profile and application, the
booths and halls, tickets, the audit log, a contest round, its rubric and an entry — holds a
formula; then every spreadsheet export the app offers is downloaded (the list is checked against
the app's routes, so a new export cannot be missed) and read back: no CSV cell starts with a
formula character unless quoted with ', every such XLSX cell is a text cell, and no file fails
or carries a control character when stored data holds NUL and other control characters.
"""
import csv
import io
import re
import zipfile

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, text, update

from fairapp.core.models import AuditEntry, User
from fairapp.extensions import db
from tests.conftest import login, post_form
from tests.contest.conftest import open_round, submit, world  # noqa: F401  (fixtures)
from tests.exhibitors.conftest import application_values, build_fair, profile_values

SLUG = "an-toan-xuat-tep"
FORMULAS = ('=HYPERLINK("http://evil","x")', "+84912345678", "@SUM(1)", "-1+2", "\t=1+1", "\r=2+2")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
NEGATIVE_NUMBER = re.compile(r"-\d+(\.\d+)?(e-?\d+)?")
# Endpoints that answer with a spreadsheet (or a zip of them); the routes are checked against it.
SPREADSHEET_ENDPOINTS = {
    "exhibitors.export", "exhibitors.booth_import_example", "visitors.admin_tickets_export",
    "visitors.admin_import_template", "admin.audit_export", "core.job_download",
    "contest.admin_export_xlsx", "contest.admin_export_csv",
}


def formula(n):
    return FORMULAS[n % len(FORMULAS)]


def _set_text(model, row_id, **values):
    db.session.execute(update(model).where(model.id == row_id).values(**values))


@pytest.fixture
def typed_formulas(app, world, submit, open_round, make_user):  # noqa: F811
    """Data whose every typed text is a formula; returns (organiser e-mail, round id)."""
    from fairapp.contest.models import ContestEntry, ContestRound, RubricCriterion
    from fairapp.exhibitors.models import Booth, ExhibitorApplication, ExhibitorProfile, Hall
    from fairapp.exhibitors.services import applications, claims
    from fairapp.exhibitors.services.profiles import save_profile
    from fairapp.visitors.models import Gate, Ticket, TicketType
    from fairapp.visitors.services.tickets import issue_ticket, revoke, set_up_fair, type_by_code

    organiser = make_user("organizer", name=formula(0))
    artisan = make_user("exhibitor", name=formula(1))
    entry_id = submit(title=formula(2), description=formula(3), maker_name=formula(0), designers=formula(2),
                      maker_business=formula(3), maker_village=formula(0), materials=formula(2),
                      techniques=formula(3), dimensions=formula(0), tax_code="", contact_phone="+84912345678")
    open_round()
    with app.test_request_context():
        # After the contest's fair, so that fair stays the current one (the contest pages use it).
        fair = build_fair(SLUG, starts_in_days=70)
        fair.name, fair.venue = formula(0), formula(2)
        set_up_fair(fair)
        db.session.flush()
        user = db.session.scalar(select(User).where(User.email == artisan))
        save_profile(user, profile_values())
        booth = db.session.scalar(select(Booth).where(Booth.fair_id == fair.id, Booth.code == "A-02"))
        claims.hold(booth, user, 15)
        application = applications.apply(user, fair, application_values(booth="A-02", products=formula(0),
                                                                         notes=formula(3)))
        db.session.flush()
        profile = db.session.scalar(select(ExhibitorProfile).where(ExhibitorProfile.user_id == user.id))
        _set_text(ExhibitorProfile, profile.id, name=formula(0), tax_code="@SUM(1)", representative=formula(2),
                  phone="+84912345678", email='=HYPERLINK("http://evil","x")@evil.vn', address=formula(3),
                  district=formula(4), province=formula(5), craft_village=formula(0),
                  artisan_decision_no=formula(2))
        _set_text(ExhibitorApplication, application.id, decision_reason=formula(2))
        for hall in db.session.scalars(select(Hall).where(Hall.fair_id == fair.id)):
            _set_text(Hall, hall.id, name=formula(hall.id), code="-" + hall.code)
        blocked = db.session.scalar(select(Booth).where(Booth.fair_id == fair.id, Booth.blocked))
        _set_text(Booth, blocked.id, block_reason=formula(0), code="=A99")
        for n, ticket_type in enumerate(db.session.scalars(select(TicketType).where(TicketType.fair_id == fair.id))):
            _set_text(TicketType, ticket_type.id, name=formula(n), name_en=formula(n + 1))
        for n, gate in enumerate(db.session.scalars(select(Gate).where(Gate.fair_id == fair.id))):
            _set_text(Gate, gate.id, name=formula(n) + f" {n}")
        visitor_type = type_by_code(fair, "visitor")
        for n in range(4):
            ticket = issue_ticket(fair, visitor_type, name=formula(n), phone="0912345678")
            db.session.flush()
            _set_text(Ticket, ticket.id, email=f"{formula(n + 1)}@evil.vn", phone="+84912345678",
                      organization=formula(n + 2))
        revoke(ticket, formula(3))
        db.session.add(AuditEntry(actor_label=formula(0), ip="-1+2", action="booth.update", object_type="booth",
                                  object_id="=1+1", before={"name": formula(0)}, after={"name": formula(2)}))
        round_ = db.session.get(ContestRound, world.round1_id)
        _set_text(ContestRound, round_.id, name=formula(0), name_en=formula(2))
        for n, criterion in enumerate(round_.criteria):
            _set_text(RubricCriterion, criterion.id, name=formula(n))
        _set_text(ContestEntry, entry_id, title=formula(0))
        db.session.commit()
    return organiser, world.round1_id


def _csv_cells(data):
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM, so Excel reads the Vietnamese right
    return [c for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")) for c in row]


def _xlsx_cells(data):
    book = load_workbook(io.BytesIO(data))  # not read-only: cells keep their data_type
    return [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]


def _check_csv(name, data):
    """No cell starts a formula unquoted, no control character; returns the quoted formula cells."""
    cells = _csv_cells(data)
    for value in cells:
        assert not CONTROL.search(value), (name, value)
        if value.startswith(FORMULA_START):
            # A plain negative number is a number, not a formula; everything else must have been quoted.
            assert NEGATIVE_NUMBER.fullmatch(value), (name, value)
    return {value[1:] for value in cells if value[:1] == "'" and value[1:].startswith(FORMULA_START)}


def _check_xlsx(name, data):
    """No formula cell, every formula-like string a text cell; returns those strings."""
    found = set()
    for c in _xlsx_cells(data):
        assert c.data_type != "f", (name, c.coordinate, c.value)
        if isinstance(c.value, str):
            assert not CONTROL.search(c.value), (name, c.coordinate, c.value)
            if c.value.startswith(FORMULA_START):
                assert c.data_type == "s", (name, c.coordinate, c.value, c.data_type)
                found.add(c.value)
    return found


def _audit_export(app, client):
    from fairapp.core.jobs import run_job
    from fairapp.core.models import Job

    response = post_form(client, "/admin/audit/export", {}, page="/admin/audit")
    assert response.status_code == 302, response.get_data(as_text=True)
    job_id = int(re.fullmatch(r"/jobs/(\d+)", response.headers["Location"]).group(1))
    with app.app_context():
        status = db.session.get(Job, job_id).status
    if status != "done":  # without an immediate queue, run it here as the worker would
        run_job(app, job_id)
    download = client.get(f"/jobs/{job_id}/download")
    assert download.status_code == 200
    return download.data


def download_every_export(app, client, round_id):
    """{file label: (kind, bytes)} for every spreadsheet the app offers, and the endpoints used."""
    files, used = {}, set()

    def get(label, url, kind):
        response = client.get(url)
        assert response.status_code == 200, (label, response.status_code, response.get_data(as_text=True)[:300])
        files[label] = (kind, response.data)
        used.add(app.url_map.bind("localhost").match(url.split("?")[0])[0])

    for what in ("exhibitors", "booths"):
        for fmt in ("csv", "xlsx"):
            get(f"{what}.{fmt}", f"/exhibitors/manage/{SLUG}/export/{what}.{fmt}", fmt)
    get("booth-import-example.csv", f"/exhibitors/manage/{SLUG}/booths/import/example.csv", "csv")
    for fmt in ("csv", "xlsx"):
        get(f"tickets.{fmt}", f"/visitors/admin/tickets/export?fair={SLUG}&format={fmt}", fmt)
        get(f"import-template.{fmt}", f"/visitors/admin/tickets/import/template?fair={SLUG}&format={fmt}", fmt)
    get("ranking.xlsx", f"/contest/admin/rounds/{round_id}/export.xlsx", "xlsx")
    get("ranking.zip", f"/contest/admin/rounds/{round_id}/export.zip", "zip")
    files["audit-log.csv"] = ("csv", _audit_export(app, client))
    used |= {"admin.audit_export", "core.job_download"}
    return files, used


def check_every_file(files):
    """{label: formula-like cells found quoted / as text}; fails on any unsafe cell."""
    found = {}
    for label, (kind, data) in files.items():
        if kind == "csv":
            found[label] = _check_csv(label, data)
        elif kind == "xlsx":
            found[label] = _check_xlsx(label, data)
        else:
            archive = zipfile.ZipFile(io.BytesIO(data))
            found[label] = set().union(*(_check_csv(f"{label}/{name}", archive.read(name))
                                         for name in archive.namelist()))
    return found


def test_the_list_of_exports_is_every_spreadsheet_route(app):
    spreadsheet_like = {rule.endpoint for rule in app.url_map.iter_rules()
                        if re.search(r"export|template|example|\.csv|\.xlsx|\.zip|/download$", rule.rule)}
    assert spreadsheet_like == SPREADSHEET_ENDPOINTS


def test_no_export_lets_a_typed_formula_run(app, client, typed_formulas):
    organiser, round_id = typed_formulas
    login(client, organiser)
    files, used = download_every_export(app, client, round_id)
    assert used == SPREADSHEET_ENDPOINTS
    found = check_every_file(files)
    # The typed formulas did reach the files that show people's text (so the checks above bit).
    for label in ("exhibitors.csv", "exhibitors.xlsx", "tickets.csv", "tickets.xlsx", "booths.csv", "booths.xlsx",
                  "audit-log.csv", "ranking.xlsx", "ranking.zip"):
        assert found[label] & set(FORMULAS), label
    for label in ("exhibitors.csv", "exhibitors.xlsx", "tickets.csv", "tickets.xlsx"):
        assert {'=HYPERLINK("http://evil","x")', "+84912345678", "@SUM(1)", "-1+2"} <= found[label], label
    assert found["import-template.xlsx"] & set(FORMULAS)  # the ticket types' names
    # Read back by the app's own importer, the quoted cells come back as typed.
    from fairapp.core.spreadsheets import cell_text, read_table

    header, rows = read_table("tickets.csv", files["tickets.csv"][1])
    assert set(FORMULAS[:4]) <= {cell_text(row[header.index("name")]) for _, row in rows}


def test_exports_survive_control_characters_in_stored_data(app, client, typed_formulas):
    from fairapp.contest.models import ContestRound
    from fairapp.exhibitors.models import ExhibitorProfile
    from fairapp.visitors.models import Ticket

    organiser, round_id = typed_formulas
    with app.app_context():
        # PostgreSQL cannot store NUL in text at all, so stored data can only hold the other ones there.
        nul = "\x00" if db.engine.dialect.name == "sqlite" else ""
        dirty = f"Gốm{nul}\x01\x08\x0b\x0c\x1b\x1f\x7f Bát Tràng"
        db.session.execute(text("UPDATE exhibitor_profiles SET name = :v, address = :f"),
                           {"v": dirty, "f": "=" + dirty})
        db.session.execute(text("UPDATE tickets SET name = :v, organization = :f"), {"v": dirty, "f": "@" + dirty})
        db.session.execute(text("UPDATE contest_rounds SET name = :v WHERE id = :id"), {"v": dirty, "id": round_id})
        db.session.execute(text("UPDATE audit_entries SET actor_label = :v"), {"v": dirty})
        db.session.commit()
        assert db.session.scalar(select(ExhibitorProfile.name)) == dirty  # stored as written
        assert db.session.scalar(select(Ticket.name)) == dirty
        assert db.session.get(ContestRound, round_id).name == dirty
    login(client, organiser)
    files, _used = download_every_export(app, client, round_id)
    found = check_every_file(files)
    clean = "Gốm Bát Tràng"
    for label in ("exhibitors.csv", "tickets.csv", "audit-log.csv"):
        cells = _csv_cells(files[label][1])
        assert clean in cells, label
    assert "=" + clean in found["exhibitors.csv"] and "@" + clean in found["tickets.xlsx"]
