"""Imported tickets by e-mail (at once, or in a background job while gates keep scanning),
the export with codes and check-in status, round trips through CSV and XLSX, the template."""
import csv
import io
import threading

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from fairapp.core.jobs import run_job
from fairapp.core.models import Fair, Job, OutboxMessage
from fairapp.extensions import db
from fairapp.visitors import transfer
from fairapp.visitors.checkin import Scanner, check_in
from fairapp.visitors.models import Gate, Scan
from tests.visitors.sheet_files import add_fair, count, csv_bytes, dmy, do_import, fair_dates, tickets, visitors


@pytest.fixture
def other_fair(app, fair):
    return add_fair(app, fair)


# ---------------------------------------------------------------- e-mailing imported tickets


def test_no_mail_unless_asked(app, fair, mailbox):
    do_import(app, fair, "khach.csv", csv_bytes(visitors(app, fair)))
    assert count(app, OutboxMessage) == 0


def test_a_small_import_mails_its_tickets_at_once(app, fair, mailbox):
    result = do_import(app, fair, "khach.csv", csv_bytes(visitors(app, fair)), send_tickets=True)
    assert result.emailed == 3 and result.job is None  # one visitor has no e-mail
    messages = mailbox.wait_for(3)
    assert sorted(m["To"] for m in messages) == ["duc.nguyen@example.vn", "hong.dang@example.vn",
                                                 "john.carter@atlantic.example.com"]
    english = mailbox.to("john.carter@atlantic.example.com")[0]
    assert "https://hoicho.example.vn/tickets/" in mailbox.text_of(english)


def test_a_large_import_mails_its_tickets_in_a_background_job(app, fair, mailbox):
    n = transfer.INLINE_MAIL_LIMIT + 5
    rows = [[f"Khách mời số {i}", f"khach{i}@example.vn", "", "", "visitor", "", "vi"] for i in range(n)]
    result = do_import(app, fair, "dong.csv", csv_bytes(rows), send_tickets=True)
    assert result.job is not None and result.emailed == n
    assert count(app, OutboxMessage) == 0  # nothing rendered in the request

    run_job(app, result.job.id)

    with app.app_context():
        job = db.session.get(Job, result.job.id)
        assert (job.status, job.done, job.total) == ("done", n, n)
    messages = mailbox.wait_for(n)
    assert len(messages) == n
    assert {m["To"] for m in messages} == {f"khach{i}@example.vn" for i in range(n)}
    assert "https://hoicho.example.vn/tickets/" in mailbox.text_of(messages[0])


def test_the_mail_job_finishes_while_a_gate_keeps_scanning(app, client, fair, issue, device_token, mailbox):
    """The job renders PDFs between its writes; check-ins written meanwhile must not break it."""

    n = transfer.MAIL_CHUNK + 10
    rows = [[f"Khách số {i}", f"khach{i}@example.vn", "", "", "visitor", "", ""] for i in range(n)]
    job_id = do_import(app, fair, "dong.csv", csv_bytes(rows), send_tickets=True).job.id
    _id, code = issue("Khách ở cổng")
    worker = threading.Thread(target=run_job, args=(app, job_id))
    worker.start()
    answers = []
    while worker.is_alive():
        response = client.post("/api/v1/checkins", json={"code": code, "gate": "Cổng 1"},
                               headers={"Authorization": f"Bearer {device_token}"})
        answers.append(response.status_code)
    worker.join()

    with app.app_context():
        job = db.session.get(Job, job_id)
        assert (job.status, job.error, job.done) == ("done", None, n)
    assert len(mailbox.wait_for(n)) == n
    assert answers and set(answers) == {200}
    assert count(app, Scan) == len(answers)


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
        data = transfer.export_tickets(db.session.get(Fair, fair), fmt)
    exported = read_export(fmt, data)

    assert list(exported[0]) == list(transfer.EXPORT_COLUMNS)
    assert [(r["code"], r["name"], r["email"], r["phone"]) for r in exported] == [
        (t.code, t.name, t.email or "", t.phone or "") for t in stored]
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
        data = transfer.export_tickets(db.session.get(Fair, fair), "csv", {"q": "dang thi", "type": "trade"})
    assert [r["name"] for r in read_export("csv", data)] == ["Đặng Thị Hồng"]


def test_text_that_a_spreadsheet_would_run_is_exported_as_text(app, fair):
    rows = [["=HYPERLINK(\"http://evil.example\",\"Bấm vào\")", "a@example.vn", "0912345678", "@SUM(1+1)",
             "visitor", "", ""]]
    do_import(app, fair, "x.csv", csv_bytes(rows))
    with app.app_context():
        the_fair = db.session.get(Fair, fair)
        as_csv = transfer.export_tickets(the_fair, "csv")
        as_xlsx = transfer.export_tickets(the_fair, "xlsx")
    row = read_export("csv", as_csv)[0]
    assert row["name"].startswith("'=HYPERLINK") and row["organization"] == "'@SUM(1+1)"
    assert row["phone"] == "+84912345678"
    cell = load_workbook(io.BytesIO(as_xlsx)).worksheets[0]["B2"]
    assert cell.data_type == "s" and cell.value.startswith("'=HYPERLINK")
    # Read back, the marker goes: the name is what was typed.
    do_import_other = csv_bytes([[row["name"], "b@example.vn", "", row["organization"], "visitor", "", ""]])
    do_import(app, fair, "y.csv", do_import_other)
    assert tickets(app, fair)[-1].name == rows[0][0]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_template_imports_as_it_is(app, fair, fmt):
    with app.app_context():
        data = transfer.template(db.session.get(Fair, fair), fmt)
    if fmt == "xlsx":
        book = load_workbook(io.BytesIO(data))
        assert [c.value for c in book.worksheets[0][1]] == list(transfer.COLUMNS)
        assert [row[0] for row in book["types"].iter_rows(min_row=2, values_only=True)][:4] == [
            "visitor", "trade", "vip", "press"]
    else:
        assert data.decode("utf-8-sig").splitlines()[0] == ",".join(transfer.COLUMNS)
    result = do_import(app, fair, f"mau.{fmt}", data)
    assert len(result.ticket_ids) == 3
    assert [t.name for t in tickets(app, fair)] == ["Nguyễn Thị Mai", "Lê Thị Thanh Hương", "John Carter"]
