"""The export with codes and check-in status, round trips through CSV and XLSX, the template."""
import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from fairapp.core.models import Fair
from fairapp.extensions import db
from fairapp.visitors.models import Gate
from fairapp.visitors.services import ticket_export, visitor_import
from fairapp.visitors.services.checkin import Scanner, check_in
from tests.visitors.sheet_files import add_fair, csv_bytes, dmy, do_import, fair_dates, tickets, visitors


@pytest.fixture
def other_fair(app, fair):
    return add_fair(app, fair)


# ---------------------------------------------------------------- export, round trip, template


def checked_in(app, fair_id, code):
    with app.test_request_context("/"):
        gate = db.session.scalar(select(Gate).where(Gate.fair_id == fair_id, Gate.name == "Cổng 1"))
        answer = check_in(Scanner(fair_id=fair_id, user_id=None, device_id=None), code=code, gate_name=gate.name,
                          direction="in")
        db.session.commit()
        return answer


def read_export(fmt, data):
    if fmt == "csv":
        assert data.startswith(b"\xef\xbb\xbf")  # so that Excel reads the Vietnamese right
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    else:
        sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
        rows = [["" if c is None else c for c in row] for row in sheet.iter_rows(values_only=True)]
    return [dict(zip(rows[0], row)) for row in rows[1:]]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_has_codes_and_check_in_status_and_imports_again(app, fair, other_fair, fmt):
    do_import(app, fair, "khach.csv", csv_bytes(visitors(app, fair)))
    stored = tickets(app, fair)
    duc = next(t for t in stored if t.name == "Nguyễn Văn Đức")
    assert checked_in(app, fair, duc.code)["result"] == "ok"

    with app.app_context():
        data = ticket_export.export_tickets(db.session.get(Fair, fair), fmt)
    exported = read_export(fmt, data)

    assert list(exported[0]) == list(ticket_export.EXPORT_COLUMNS)
    # A CSV cell starting with "+" gets the text marker "'" (read_table drops it again); XLSX keeps it as typed.
    marker = "'" if fmt == "csv" else ""
    assert [(r["code"], r["name"], r["email"], r["phone"]) for r in exported] == [
        (t.code, t.name, t.email or "", marker + t.phone if t.phone else "") for t in stored]
    assert {r["name"]: r["checked_in"] for r in exported} == {
        "Đặng Thị Hồng": "no", "Nguyễn Văn Đức": "yes", "John Carter": "no", "Lý Văn Tâm": "no"}
    row = next(r for r in exported if r["name"] == "Nguyễn Văn Đức")
    assert str(row["entries"]) == "1" and row["first_entry"] and row["type"] == "visitor"
    assert next(r for r in exported if r["name"] == "Lý Văn Tâm")["days"] == dmy(fair_dates(app, fair)[1])

    do_import(app, other_fair, f"xuat.{fmt}", data)
    again = tickets(app, other_fair)
    assert [(t.name, t.email, t.phone, t.organization, t.type_code, t.days, t.locale) for t in again] == [
        (t.name, t.email, t.phone, t.organization, t.type_code, t.days, t.locale) for t in stored]
    assert not {t.code for t in again} & {t.code for t in stored}


def test_export_follows_the_list_filters(app, fair):
    do_import(app, fair, "khach.csv", csv_bytes(visitors(app, fair)))
    with app.app_context():
        data = ticket_export.export_tickets(db.session.get(Fair, fair), "csv", {"q": "dang thi", "type": "trade"})
    assert [r["name"] for r in read_export("csv", data)] == ["Đặng Thị Hồng"]


def test_text_that_a_spreadsheet_would_run_is_exported_as_text(app, fair):
    rows = [["=HYPERLINK(\"http://evil.example\",\"Bấm vào\")", "a@example.vn", "0912345678", "@SUM(1+1)",
             "visitor", "", ""]]
    do_import(app, fair, "x.csv", csv_bytes(rows))
    with app.app_context():
        the_fair = db.session.get(Fair, fair)
        as_csv = ticket_export.export_tickets(the_fair, "csv")
        as_xlsx = ticket_export.export_tickets(the_fair, "xlsx")
    row = read_export("csv", as_csv)[0]
    assert row["name"].startswith("'=HYPERLINK") and row["organization"] == "'@SUM(1+1)"
    assert row["phone"] == "'+84912345678"  # "+" starts a formula too: phones get the marker
    cell = load_workbook(io.BytesIO(as_xlsx)).worksheets[0]["B2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")  # a text cell, kept as typed
    # Read back, the marker goes: the name is what was typed.
    do_import_other = csv_bytes([[row["name"], "b@example.vn", "", row["organization"], "visitor", "", ""]])
    do_import(app, fair, "y.csv", do_import_other)
    assert tickets(app, fair)[-1].name == rows[0][0]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_template_imports_as_it_is(app, fair, fmt):
    with app.app_context():
        data = visitor_import.template(db.session.get(Fair, fair), fmt)
    if fmt == "xlsx":
        book = load_workbook(io.BytesIO(data))
        assert [c.value for c in book.worksheets[0][1]] == list(visitor_import.COLUMNS)
        assert [row[0] for row in book["types"].iter_rows(min_row=2, values_only=True)][:4] == [
            "visitor", "trade", "vip", "press"]
    else:
        assert data.decode("utf-8-sig").splitlines()[0] == ",".join(visitor_import.COLUMNS)
    result = do_import(app, fair, f"mau.{fmt}", data)
    assert len(result.ticket_ids) == 3
    assert [t.name for t in tickets(app, fair)] == ["Nguyễn Thị Mai", "Lê Thị Thanh Hương", "John Carter"]
