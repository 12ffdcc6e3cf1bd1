"""The exhibitor and booth lists exported as CSV and XLSX, read back with Vietnamese intact."""
import csv
import io

from openpyxl import load_workbook

from tests.exhibitors.conftest import SLUG, signed_in_client
from tests.exhibitors.services.test_applications import submit


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
    assert "'+84912345678" in rows[1]  # so is a leading + (the phone number)

    response = client.get(f"/exhibitors/manage/{SLUG}/export/exhibitors.xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][0] == "A-03" and "Thêu ren, lụa tơ tằm" in values[1] and "Đặng Thị Hồng" in values[1]

    response = client.get(f"/exhibitors/manage/{SLUG}/export/booths.xlsx")
    cells = {row[0].value: row for row in list(load_workbook(io.BytesIO(response.data)).active.iter_rows())[1:]}
    by_code = {code: [c.value for c in row] for code, row in cells.items()}
    assert len(by_code) == 12
    # A formula-like name is kept as typed, in a text cell that Excel never evaluates.
    assert by_code["A-03"][8] == "Đã đặt" and by_code["A-03"][9] == "=HYPERLINK(\"http://x\")"
    assert cells["A-03"][9].data_type == "s"
    assert by_code["A-99"][8] == "Không sử dụng" and by_code["A-99"][10] == "Cột nhà"
    response = client.get(f"/exhibitors/manage/{SLUG}/export/booths.csv")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][0] == "Gian hàng" and len(rows) == 13
    assert client.get(f"/exhibitors/manage/{SLUG}/export/booths.pdf").status_code == 404
