"""The one spreadsheet module: CSV and XLSX read the same, writing streams, cleans and defuses formulas."""
import csv
import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from fairapp.core import spreadsheets
from fairapp.core.errors import DomainError

RISKY = ["=HYPERLINK(\"http://x\",\"bấm\")", "+84912345678", "-2+3", "@SUM(A1:A2)", "\tlệnh", "\rlệnh"]


def _xlsx(rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("data", [
    "Họ tên,Điện thoại\nNguyễn Văn Đức,0912345678\n".encode(),
    "\ufeffHọ tên;Điện thoại\r\nNguyễn Văn Đức;0912345678\r\n".encode(),
    "Họ tên\tĐiện thoại\nNguyễn Văn Đức\t0912345678\n\n".encode(),
], ids=["comma", "bom-semicolon", "tab"])
def test_csv_variants_read_alike(data):
    header, rows = spreadsheets.read_table("khach.csv", data)
    assert header == ["họ tên", "điện thoại"]
    assert rows == [(2, ["Nguyễn Văn Đức", "0912345678"])]


def test_xlsx_reads_like_csv_with_numbers_as_written():
    header, rows = spreadsheets.read_table("khach.XLSX", _xlsx([["Họ tên", "Số"], [None, None],
                                                                ["Lê Thị Ánh", 12960000.0]]))
    assert header == ["họ tên", "số"]
    assert rows == [(3, ["Lê Thị Ánh", 12960000.0])]
    assert spreadsheets.cell_text(rows[0][1][1]) == "12960000"


@pytest.mark.parametrize("filename, data, words", [
    ("a.txt", b"x", ".csv or .xlsx"),
    ("a.csv", "Họ tên\n".encode("utf-16"), "UTF-16"),
    ("a.csv", "Họ tên\nĐức\n".encode("cp1258", errors="replace"), "line 1"),
    ("a.csv", _xlsx([["a"]]), ".xlsx extension"),
    ("a.xlsx", b"not a zip", "not an Excel"),
    ("a.csv", b"\n\n", "empty"),
])
def test_unreadable_files_are_refused_with_a_reason(filename, data, words):
    with pytest.raises(DomainError) as refused:
        spreadsheets.read_table(filename, data)
    assert words in str(refused.value)


def test_row_limit_is_enforced_while_reading_xlsx():
    with pytest.raises(DomainError) as refused:
        spreadsheets.read_table("a.xlsx", _xlsx([["a"]] + [[i] for i in range(12)]), max_rows=10)
    assert "10" in str(refused.value)


@pytest.mark.parametrize("value", RISKY)
def test_csv_defuses_every_formula_start_and_reads_back_as_written(value):
    data = spreadsheets.write_table("csv", ["giá trị"], [[value]])
    assert data.startswith(b"\xef\xbb\xbf")
    cells = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert cells[1] == ["'" + value]
    _header, rows = spreadsheets.read_table("back.csv", data)
    assert spreadsheets.cell_text(rows[0][1][0]) == value


@pytest.mark.parametrize("value", RISKY)
def test_xlsx_writes_formula_like_text_as_text_cells(value):
    book = load_workbook(io.BytesIO(spreadsheets.write_table("xlsx", ["giá trị"], [[value]])))
    cell = book.active["A2"]
    # XML keeps no bare carriage return: it reads back as a line feed, still text.
    assert (cell.value, cell.data_type, cell.quotePrefix) == (value.replace("\r", "\n"), "s", True)


def test_numbers_stay_numbers_and_control_characters_are_dropped():
    rows = [[-3.25, 0, "Nguyễn\x00 Văn\x1b Đức", "dòng 1\ndòng 2", None]]
    csv_text = spreadsheets.write_table("csv", ["a", "b", "c", "d", "e"], rows).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(csv_text, newline="")))[1] == ["-3.25", "0", "Nguyễn Văn Đức",
                                                                      "dòng 1\ndòng 2", ""]
    sheet = load_workbook(io.BytesIO(spreadsheets.write_table("xlsx", list("abcde"), rows))).active
    assert [c.value for c in sheet[2]] == [-3.25, 0, "Nguyễn Văn Đức", "dòng 1\ndòng 2", None]
    assert sheet["A2"].data_type == "n"


def test_csv_streams_before_the_last_row_is_made():
    made = []

    def rows():
        for i in range(5000):
            made.append(i)
            yield [i, f"khách {i}"]

    chunks = spreadsheets.stream_table("csv", ["số", "tên"], rows())
    next(chunks)  # the BOM and header
    next(chunks)  # the first batch of rows
    assert len(made) < 5000
    rest = b"".join(chunks)
    assert len(made) == 5000 and rest.endswith("khách 4999\r\n".encode())


def test_xlsx_book_has_every_sheet_in_order():
    data = spreadsheets.write_table("xlsx", ["a"], [[1]], sheet_title="vé",
                                    extra_sheets=[("tham số", ["b"], [[2]]), ("x" * 40, ["c"], [])])
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["vé", "tham số", "x" * 31]
    assert book["vé"].freeze_panes == "A2" and book["vé"]["A1"].font.bold
    assert book["tham số"]["B1"].value is None and book["tham số"]["A2"].value == 2


def test_csv_zip_holds_one_bom_file_per_table():
    archive = zipfile.ZipFile(io.BytesIO(spreadsheets.write_csv_zip([("điểm", ["a"], [["=1"]]),
                                                                     ("xếp hạng", ["b"], [[2]])])))
    assert archive.namelist() == ["điểm.csv", "xếp hạng.csv"]
    assert archive.read("điểm.csv") == "\ufeffa\r\n'=1\r\n".encode()
