"""Spreadsheets in and out for every area: CSV (UTF-8, BOM optional, comma/semicolon/tab) or XLSX.

Reading gives a header and numbered rows; writing streams (CSV row by row, XLSX through
openpyxl's write-only mode into a temporary file), cleans what a spreadsheet cannot hold
and neutralises formula injection as the OWASP "CSV injection" guidance says.
"""
import csv
import io
import re
import tempfile
import zipfile
from datetime import date, datetime

from flask import Response, stream_with_context
from flask_babel import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from fairapp.core.errors import DomainError

FORMATS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
# A cell starting with one of these is a formula (or becomes one) in Excel, LibreOffice and Sheets.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# XML 1.0 cannot carry these, so openpyxl refuses them and Excel calls the file corrupt.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CSV_BATCH = 500  # rows per chunk of a streamed CSV
CHUNK_BYTES = 64 * 1024


# ---------------------------------------------------------------- reading


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
    """A cell as trimmed text; whole numbers without '.0', dates as ISO, our own text marker dropped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    # Our CSV exports write '+84… and '=… so that spreadsheets keep them as text; read them back as written.
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


# ---------------------------------------------------------------- writing


def is_formula_like(value):
    return isinstance(value, str) and value.startswith(FORMULA_START)


def csv_cell(value):
    """A value as a CSV cell: control characters dropped, formula-like text prefixed with ' (OWASP)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    value = CONTROL.sub("", value)
    return "'" + value if is_formula_like(value) else value


def _xlsx_cell(sheet, value):
    if value is None:
        return None
    if not isinstance(value, str):
        return value
    value = CONTROL.sub("", value)
    if not is_formula_like(value):
        return value
    # Kept exactly as typed, but stored as a text cell with Excel's quote prefix: never evaluated.
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def stream_csv(header, rows):
    """A CSV file as byte chunks: UTF-8 with a BOM (so Excel reads Vietnamese right), CRLF lines."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_cell(v) for v in header])
    yield ("\ufeff" + out.getvalue()).encode("utf-8")
    batch = 0
    out.seek(0)
    out.truncate()
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
        batch += 1
        if batch == CSV_BATCH:
            yield out.getvalue().encode("utf-8")
            out.seek(0)
            out.truncate()
            batch = 0
    if batch:
        yield out.getvalue().encode("utf-8")


def _write_xlsx(target, sheets):
    book = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = book.create_sheet(CONTROL.sub("", str(title))[:31] or "Sheet")
        # Write-only sheets take their layout before the first row: header kept in view, columns
        # as wide as their names (Vietnamese headers are long; Excel's default cuts them).
        sheet.freeze_panes = "A2"
        for index, name in enumerate(header, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = min(max(len(str(name)) + 4, 10), 50)
        bold = []
        for name in header:
            cell = WriteOnlyCell(sheet, value=CONTROL.sub("", str(name)))
            cell.font = Font(bold=True)
            bold.append(cell)
        sheet.append(bold)
        for row in rows:
            sheet.append([_xlsx_cell(sheet, v) for v in row])
    book.save(target)


def stream_xlsx(sheets):
    """An XLSX book as byte chunks; rows go straight to openpyxl's temporary files, never a list."""
    with tempfile.TemporaryFile() as target:
        _write_xlsx(target, sheets)
        target.seek(0)
        while chunk := target.read(CHUNK_BYTES):
            yield chunk


def _sheets(header, rows, sheet_title, extra_sheets):
    return [(sheet_title, header, rows), *extra_sheets]


def stream_table(fmt, header, rows, *, sheet_title="Sheet1", extra_sheets=()):
    """A table as byte chunks in the format asked for; a CSV has one table, so extra sheets are XLSX only."""
    if fmt == "csv":
        return stream_csv(header, rows)
    if fmt == "xlsx":
        return stream_xlsx(_sheets(header, rows, sheet_title, extra_sheets))
    raise ValueError(f"unknown spreadsheet format {fmt!r}")


def write_table(fmt, header, rows, *, sheet_title="Sheet1", extra_sheets=()):
    """A whole file as bytes (for mail attachments and job results)."""
    return b"".join(stream_table(fmt, header, rows, sheet_title=sheet_title, extra_sheets=extra_sheets))


def write_csv_zip(tables):
    """A zip of CSV files, one per (name, header, rows): for tables that belong together."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, header, rows in tables:
            archive.writestr(f"{name}.csv", b"".join(stream_csv(header, rows)))
    return out.getvalue()


def download(fmt, filename, header, rows, *, sheet_title="Sheet1", extra_sheets=()):
    """A streamed download: the first bytes leave before the last row is read."""
    chunks = stream_table(fmt, header, rows, sheet_title=sheet_title, extra_sheets=extra_sheets)
    return Response(stream_with_context(chunks), content_type=FORMATS[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{filename}"',
                             "X-Content-Type-Options": "nosniff"})
