"""Booths in bulk from CSV and XLSX (all rows or none, row-numbered errors)."""
import csv
import io

from openpyxl import Workbook
from sqlalchemy import func, select

from fairapp.exhibitors.models import Booth
from fairapp.extensions import db
from tests.conftest import post_form
from tests.exhibitors.conftest import SLUG, signed_in_client

IMPORT = f"/exhibitors/manage/{SLUG}/booths/import"
HEADER = ["code", "hall", "type", "width_m", "depth_m", "open_sides", "price_vnd", "x_m", "y_m", "polygon",
          "blocked", "block_reason"]


def booth_count(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Booth))


def upload(client, filename, data):
    return post_form(client, IMPORT, {"file": (io.BytesIO(data), filename)}, page=IMPORT,
                     content_type="multipart/form-data")


def csv_bytes(rows, delimiter=",", bom=True):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows([HEADER] + rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def test_csv_import_adds_every_booth(app, fair, make_user):
    client = signed_in_client(app, make_user("organizer"))
    rows = [["C-01", "B", "standard", "3", "3", "1", "12.000.000", "10", "10", "", "", ""],
            ["C-02", "b", "Corner", "3,5", "3", "2", "14000000", "14", "10", "", "", ""],
            ["C-03", "B", "raw", "6", "6", "3", "30000000", "20", "10", "20,10; 26,10; 26,16; 20,16", "", ""],
            ["C-04", "B", "standard", "3", "3", "1", "12000000", "2", "15", "", "yes", "Cột điện"]]
    before = booth_count(app)
    response = upload(client, "gian-hang.csv", csv_bytes(rows, delimiter=";"))
    assert response.status_code == 302
    assert booth_count(app) == before + 4
    with app.app_context():
        c2 = db.session.scalar(select(Booth).where(Booth.code == "C-02"))
        c3 = db.session.scalar(select(Booth).where(Booth.code == "C-03"))
        c4 = db.session.scalar(select(Booth).where(Booth.code == "C-04"))
        assert (c2.booth_type, float(c2.width_m), c2.price_vnd) == ("corner", 3.5, 14_000_000)
        assert c3.polygon == [[20, 10], [26, 10], [26, 16], [20, 16]]
        assert c4.blocked and c4.block_reason == "Cột điện"


def test_a_bad_row_refuses_the_whole_file_with_row_numbers(app, fair, make_user):
    client = signed_in_client(app, make_user("organizer"))
    rows = [["C-01", "B", "standard", "3", "3", "1", "12000000", "10", "10", "", "", ""],
            ["C-02", "Z", "standard", "3", "3", "1", "12000000", "14", "10", "", "", ""],
            ["A-02", "A", "standard", "3", "3", "1", "12000000", "14", "20", "", "", ""],
            ["C-01", "B", "standard", "3", "3", "1", "12000000", "18", "10", "", "", ""],
            ["C-05", "B", "hexagon", "3", "3", "1", "12000000", "2", "2", "", "", ""],
            ["C-06", "B", "standard", "ba", "3", "1", "12000000", "2", "2", "", "", ""],
            ["C-07", "B", "standard", "3", "3", "1", "mười triệu", "2", "2", "", "", ""],
            ["C-08", "B", "standard", "3", "3", "1", "12000000", "29", "2", "", "", ""]]
    before = booth_count(app)
    response = upload(client, "gian-hang.csv", csv_bytes(rows))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Chưa nhập gì: tệp có 7 lỗi." in page
    for line in ["Dòng 3: Hội chợ này không có nhà Z.", "Dòng 4: Hội chợ này đã có gian hàng A-02.",
                 "Dòng 5: Hội chợ này đã có gian hàng C-01.",
                 "Dòng 6: Loại gian hàng phải là standard, corner, double hoặc raw.",
                 "Dòng 7: Nhập số mét, ví dụ 3 hoặc 4,5.", "Dòng 8: Giá là số tiền nguyên (VND), từ 0 trở lên.",
                 "Dòng 9: Gian hàng nằm ngoài nhà B (30 × 20 m)."]:
        assert line in page, line
    assert booth_count(app) == before


def test_xlsx_import_and_files_that_are_not_sheets(app, fair, make_user):
    client = signed_in_client(app, make_user("organizer"))
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["D-01", "A", "double", 6, 3, 2, 24000000, 20, 20, None, None, None])
    sheet.append(["D-02", "A", "standard", 3.0, 3.0, 1, 12000000.0, 26, 20, None, None, None])
    out = io.BytesIO()
    book.save(out)
    before = booth_count(app)
    assert upload(client, "gian-hang.xlsx", out.getvalue()).status_code == 302
    assert booth_count(app) == before + 2
    not_a_sheet = upload(client, "gian-hang.xlsx", b"PK\x03\x04 not really a zip")
    assert "Đây không phải tệp Excel (.xlsx) đọc được." in not_a_sheet.get_data(as_text=True)
    wrong_type = upload(client, "gian-hang.pdf", b"%PDF-1.4")
    assert "Hãy dùng tệp .csv hoặc .xlsx." in wrong_type.get_data(as_text=True)
    latin1 = upload(client, "gian-hang.csv", "code,hall\nA-77,Nhà".encode("latin-1", errors="replace") + b"\xff\xfe")
    assert "Tệp này không phải văn bản UTF-8 (ký tự sai đầu tiên ở dòng 2)" in latin1.get_data(as_text=True)
    assert booth_count(app) == before + 2
    example = client.get(f"/exhibitors/manage/{SLUG}/booths/import/example.csv")
    assert example.data.startswith("\ufeffcode,hall".encode("utf-8"))
