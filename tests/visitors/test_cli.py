"""`flask fair import-visitors`, `export-tickets` and `gate-token` through the CLI runner."""
import csv
import io

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from fairapp.core.jobs import run_job
from fairapp.core.models import Job
from fairapp.extensions import db
from fairapp.visitors.models import Admission, GateDevice, Ticket

ROWS = [["Đặng Thị Hồng", "hong@example.vn", "0912345678", "HTX Gốm Bát Tràng", "trade"],
        ["Nguyễn Văn Đức", "duc@example.vn", "", "", "visitor"],
        ["John Carter", "john@atlantic.example.com", "", "Atlantic Home Imports", "vip"]]
HEADER = ["name", "email", "phone", "organization", "type"]


def fair_cli(app, *args):
    return app.test_cli_runner().invoke(args=["fair", *args])


def count(app, model, *where):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def write_csv(path, rows, header=HEADER):
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return str(path)


def write_xlsx(path, rows, header=HEADER):
    book = Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return str(path)


@pytest.mark.parametrize("maker, name", [(write_csv, "khach.csv"), (write_xlsx, "khach.xlsx")])
def test_import_visitors_from_csv_or_xlsx(app, fair, tmp_path, maker, name):
    result = fair_cli(app, "import-visitors", maker(tmp_path / name, ROWS), "--fair", "hoi-cho-test")
    assert result.exit_code == 0, result.output
    assert "imported 3 tickets into hoi-cho-test" in result.output
    with app.app_context():
        stored = db.session.execute(select(Ticket.name, Ticket.source).order_by(Ticket.id)).all()
    assert stored == [("Đặng Thị Hồng", "import"), ("Nguyễn Văn Đức", "import"), ("John Carter", "import")]


def test_a_refused_file_prints_each_row_and_imports_nothing(app, fair, tmp_path):
    path = write_csv(tmp_path / "loi.csv", ROWS + [["", "hong@example.vn", "", "", "vip"]])
    result = fair_cli(app, "import-visitors", path, "--fair", "hoi-cho-test")
    assert result.exit_code == 1
    assert "row 5: Họ tên: không được để trống." in result.output
    assert "row 5: E-mail hong@example.vn đã có ở dòng 2." in result.output
    assert "Error: Chưa nhập gì: tệp có 2 lỗi." in result.output
    assert "Traceback" not in result.output
    assert count(app, Ticket) == 0


def test_a_wrong_encoding_or_fair_is_an_error_not_a_crash(app, fair, tmp_path):
    old = tmp_path / "cu.csv"
    old.write_bytes("name,email,phone,organization,type\nJosé,j@example.vn,,,visitor\n".encode("latin-1"))
    result = fair_cli(app, "import-visitors", str(old), "--fair", "hoi-cho-test")
    assert result.exit_code == 1 and "UTF-8" in result.output and "Traceback" not in result.output
    unknown = fair_cli(app, "import-visitors", write_csv(tmp_path / "k.csv", ROWS), "--fair", "khong-co")
    assert unknown.exit_code == 1 and "no fair with the slug 'khong-co'" in unknown.output
    assert count(app, Ticket) == 0


def test_sending_tickets_needs_the_sites_address_and_runs_as_a_job(app, fair, tmp_path, mailbox):
    path = write_csv(tmp_path / "khach.csv", ROWS)
    refused = fair_cli(app, "import-visitors", path, "--fair", "hoi-cho-test", "--send-tickets")
    assert refused.exit_code == 2 and "--base-url" in refused.output
    assert count(app, Ticket) == 0

    result = fair_cli(app, "import-visitors", path, "--fair", "hoi-cho-test", "--send-tickets",
                      "--base-url", "https://hoicho.example.vn/")
    assert result.exit_code == 0, result.output
    assert "e-mails 3 of them" in result.output
    with app.app_context():
        job_id = db.session.scalar(select(Job.id).where(Job.kind == "visitors.send_tickets"))
    run_job(app, job_id)
    messages = mailbox.wait_for(3)
    assert sorted(m["To"] for m in messages) == ["duc@example.vn", "hong@example.vn", "john@atlantic.example.com"]
    assert "https://hoicho.example.vn/tickets/" in mailbox.text_of(messages[0])


@pytest.mark.parametrize("ext", ["csv", "xlsx"])
def test_export_tickets_follows_the_extension(app, fair, tmp_path, issue, ext):
    _id, code = issue("Đặng Thị Hồng", "trade", email="hong@example.vn")
    out = tmp_path / f"ve.{ext}"
    result = fair_cli(app, "export-tickets", str(out), "--fair", "hoi-cho-test")
    assert result.exit_code == 0, result.output
    if ext == "csv":
        assert out.read_bytes().startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    else:
        rows = [list(r) for r in load_workbook(out).worksheets[0].iter_rows(values_only=True)]
    header = rows[0]
    assert dict(zip(header, rows[1]))["code"] == code
    assert dict(zip(header, rows[1]))["name"] == "Đặng Thị Hồng"
    assert dict(zip(header, rows[1]))["checked_in"] == "no"


def test_export_to_an_unknown_format_is_refused(app, fair, tmp_path):
    result = fair_cli(app, "export-tickets", str(tmp_path / "ve.pdf"), "--fair", "hoi-cho-test")
    assert result.exit_code == 1 and ".csv" in result.output
    assert not (tmp_path / "ve.pdf").exists()


def test_gate_token_prints_a_token_that_checks_in(app, client, fair, issue):
    result = fair_cli(app, "gate-token", "--fair", "hoi-cho-test", "--gate", "cổng 2", "--name", "Máy quét cửa Nam")
    assert result.exit_code == 0, result.output
    token = result.output.split()[-1]
    assert token.startswith("gd_") and len(token) > 40
    with app.app_context():
        device = db.session.scalar(select(GateDevice))
        assert (device.name, device.gate.name) == ("Máy quét cửa Nam", "Cổng 2")
        assert token not in device.token_hash

    _id, code = issue("Nguyễn Thị Mai")
    response = client.post("/api/v1/checkins", json={"code": code}, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["result"] == "ok" and response.get_json()["gate"] == "Cổng 2"
    assert count(app, Admission) == 1


def test_gate_token_for_an_unknown_gate_lists_the_gates(app, fair):
    result = fair_cli(app, "gate-token", "--fair", "hoi-cho-test", "--gate", "Cổng 9")
    assert result.exit_code == 1
    assert "Cổng 1, Cổng 2, Cổng 3" in result.output
    assert count(app, GateDevice) == 0
    default_name = fair_cli(app, "gate-token", "--fair", "hoi-cho-test", "--gate", "Cổng 3")
    assert default_name.exit_code == 0 and "'Cổng 3 scanner'" in default_name.output
