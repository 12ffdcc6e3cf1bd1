"""Tables in and out as CSV (UTF-8, with or without BOM) or XLSX, the format chosen by the file name."""
import csv
import io
import re
import zipfile
from datetime import date, datetime

from flask_babel import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException

from fairapp.core.errors import DomainError

FORMATS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
FORMULA_START = ("=", "+", "-", "@")
PHONE = re.compile(r"\+\d{6,15}")


def file_format(filename):
    """'csv' or 'xlsx' from the file name's extension."""
    extension = (filename or "").rsplit(".", 1)[-1].lower() if "." in (filename or "") else ""
    if extension not in FORMATS:
        raise DomainError(_("Use a .csv or .xlsx file."), field="file")
    return extension


def _decode(data):
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DomainError(_("This file is saved as UTF-16 (\"Unicode text\"). Save it as \"CSV UTF-8\" "
                            "or upload the .xlsx file."), field="file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise DomainError(_("This file is not UTF-8 text (the first wrong character is on line %(line)d): it "
                            "was probably saved in an older encoding such as Windows-1258. In Excel choose "
                            "\"Save as\" → \"CSV UTF-8\", or upload the .xlsx file.", line=line),
                          field="file") from None


def _csv_rows(data):
    if data.startswith(b"PK\x03\x04"):
        raise DomainError(_("This is an Excel file: give it the .xlsx extension."), field="file")
    text = _decode(data)
    first = text.split("\n", 1)[0]
    # Excel writes ";" where the comma is the decimal mark; tabs come from copy and paste.
    delimiter = max((",", ";", "\t"), key=first.count)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise DomainError(_("The CSV file cannot be read: %(error)s.", error=str(exc)), field="file") from None


def _xlsx_rows(data, max_rows):
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            rows, filled = [], 0
            # A few compressed MB can unpack to millions of rows: stop reading past the limit.
            for row in book.worksheets[0].iter_rows(values_only=True):
                rows.append(list(row))
                filled += any(cell_text(c) for c in row)
                if max_rows is not None and filled > max_rows + 1:  # + 1: the header
                    raise DomainError(_("At most %(n)d rows per file.", n=max_rows), field="file")
            return rows
        finally:
            book.close()
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, IndexError):
        raise DomainError(_("This is not an Excel (.xlsx) file we can read."), field="file") from None


def cell_text(value):
    """A cell as trimmed text; whole numbers without '.0', dates as ISO, Excel's text marker dropped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    # Our exports write '+84… and '=… so that spreadsheets keep them as text; read them back as written.
    if text[:1] == "'" and text[1:2] in FORMULA_START:
        text = text[1:]
    return text


def read_table(filename, data, max_rows=None):
    """(header, [(row number, [cells])]) of the first sheet; blank rows are left out, numbers kept."""
    rows = _xlsx_rows(data, max_rows) if file_format(filename) == "xlsx" else _csv_rows(data)
    if not rows or not any(cell_text(c) for c in rows[0]):
        raise DomainError(_("The file is empty: its first row must name the columns."), field="file")
    header = [cell_text(c).lstrip("\ufeff").lower() for c in rows[0]]
    numbered = [(number, row) for number, row in enumerate(rows[1:], start=2) if any(cell_text(c) for c in row)]
    if max_rows is not None and len(numbered) > max_rows:
        raise DomainError(_("At most %(n)d rows per file.", n=max_rows), field="file")
    return header, numbered


def _safe(value, fmt):
    """Text a spreadsheet will not run as a formula (CSV injection). In XLSX only a leading
    "=" makes a formula; a phone number such as +84912345678 is harmless either way."""
    if not isinstance(value, str):
        return "" if value is None else value
    risky = ("=",) if fmt == "xlsx" else FORMULA_START
    if value.startswith(risky) and not PHONE.fullmatch(value):
        return "'" + value
    return value


def write_table(fmt, header, rows, *, sheet_title="tickets", extra_sheets=()):
    """Bytes of a CSV (UTF-8 with BOM, so Excel reads Vietnamese right) or XLSX file."""
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows([_safe(v, fmt) for v in row] for row in rows)
        return ("\ufeff" + out.getvalue()).encode("utf-8")
    book = Workbook(write_only=True)
    for title, sheet_header, sheet_rows in ((sheet_title, header, rows), *extra_sheets):
        sheet = book.create_sheet(title)
        bold = []
        for name in sheet_header:
            cell = WriteOnlyCell(sheet, value=name)
            cell.font = Font(bold=True)
            bold.append(cell)
        sheet.append(bold)
        for row in sheet_rows:
            sheet.append([_safe(v, fmt) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
