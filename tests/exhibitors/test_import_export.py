"""Booths in bulk from CSV and XLSX (all rows or none, row-numbered errors), and the lists exported
as CSV and XLSX read back with Vietnamese intact."""
import csv
import io

from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from fairapp.exhibitors.models import Booth
from fairapp.extensions import db
from tests.conftest import post_form
from tests.exhibitors.conftest import SLUG, signed_in_client
from tests.exhibitors.test_applications import submit

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
    assert "Hãy tải lên tệp .csv hoặc .xlsx." in wrong_type.get_data(as_text=True)
    latin1 = upload(client, "gian-hang.csv", "code,hall\nA-77,Nhà".encode("latin-1", errors="replace") + b"\xff\xfe")
    assert "Hãy lưu tệp CSV với bảng mã UTF-8." in latin1.get_data(as_text=True)
    assert booth_count(app) == before + 2
    example = client.get(f"/exhibitors/manage/{SLUG}/booths/import/example.csv")
    assert example.data.startswith("\ufeffcode,hall".encode("utf-8"))


def test_exports_keep_vietnamese_in_csv_and_xlsx(app, fair, make_user, exhibitor):
    client = signed_in_client(app, make_user("organizer"))
    submit(app, exhibitor(name="=HYPERLINK(\"http://x\")", representative="Đặng Thị Hồng",
                          craft_village="Vạn Phúc", district="Hà Đông", craft="embroidery"), booth="A-03")
    response = client.get(f"/exhibitors/manage/{SLUG}/export/exhibitors.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert 'filename="hoi-cho-thu-nghiem-exhibitors.csv"' in response.headers["Content-Disposition"]
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Gian hàng", "Trạng thái", "Tên"] or rows[0][0] == "Gian hàng"
    assert rows[1][0] == "A-03" and "Đặng Thị Hồng" in rows[1] and "Vạn Phúc" in rows[1] and "Hà Đông" in rows[1]
    assert "'=HYPERLINK(\"http://x\")" in rows[1]  # a formula stays text in Excel
    assert "+84912345678" in rows[1]

    response = client.get(f"/exhibitors/manage/{SLUG}/export/exhibitors.xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][0] == "A-03" and "Thêu ren, lụa tơ tằm" in values[1] and "Đặng Thị Hồng" in values[1]

    response = client.get(f"/exhibitors/manage/{SLUG}/export/booths.xlsx")
    values = [[c.value for c in row] for row in load_workbook(io.BytesIO(response.data)).active.iter_rows()]
    by_code = {row[0]: row for row in values[1:]}
    assert len(by_code) == 12
    assert by_code["A-03"][8] == "Đã đặt" and by_code["A-03"][9] == "=HYPERLINK(\"http://x\")".replace("=", "'=", 1)
    assert by_code["A-99"][8] == "Không sử dụng" and by_code["A-99"][10] == "Cột nhà"
    response = client.get(f"/exhibitors/manage/{SLUG}/export/booths.csv")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][0] == "Gian hàng" and len(rows) == 13
    assert client.get(f"/exhibitors/manage/{SLUG}/export/booths.pdf").status_code == 404
