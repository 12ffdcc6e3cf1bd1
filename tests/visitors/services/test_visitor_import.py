"""Importing visitors as a service (no HTTP): CSV with and without BOM, XLSX, any column order,
row-numbered refusals that store nothing, duplicates by e-mail, wrong encodings."""
import unicodedata
from datetime import date

import pytest
from sqlalchemy import select

from fairapp.core.errors import DomainError
from fairapp.core.models import AuditEntry
from fairapp.extensions import db
from fairapp.visitors.models import Ticket
from fairapp.visitors.services import codes, visitor_import
from tests.visitors.sheet_files import (
    HEADER, add_fair, count, csv_bytes, dmy, do_import, fair_dates, tickets, visitors, xlsx_bytes,
)


@pytest.fixture
def other_fair(app, fair):
    return add_fair(app, fair)


# ---------------------------------------------------------------- importing


def test_csv_with_bom_issues_signed_tickets_in_any_column_order(app, fair):
    rows = visitors(app, fair)
    order = [4, 1, 0, 6, 3, 2, 5]  # type, email, name, locale, organization, phone, days
    data = csv_bytes([[row[i] for i in order] for row in rows], [HEADER[i] for i in order])
    assert data.startswith(b"\xef\xbb\xbf")

    result = do_import(app, fair, "khach-moi.csv", data)

    first, last = fair_dates(app, fair)
    every_day = [date.fromordinal(d).isoformat() for d in range(first.toordinal(), last.toordinal() + 1)]
    stored = tickets(app, fair)
    assert [t.id for t in stored] == result.ticket_ids
    assert [(t.name, t.name_key, t.email, t.phone, t.organization, t.type_code, t.days, t.locale)
            for t in stored] == [
        ("Đặng Thị Hồng", "dang thi hong", "hong.dang@example.vn", "+84912345678", "HTX Gốm Bát Tràng", "trade",
         [first.isoformat(), last.isoformat()], "vi"),
        ("Nguyễn Văn Đức", "nguyen van duc", "duc.nguyen@example.vn", "+84987654321", None, "visitor",
         every_day, "vi"),
        ("John Carter", "john carter", "john.carter@atlantic.example.com", None, "Atlantic Home Imports", "vip",
         every_day, "en"),
        ("Lý Văn Tâm", "ly van tam", None, "+842438251234", "Làng lụa Vạn Phúc", "press", [last.isoformat()], "vi"),
    ]
    assert {(t.source, t.status, t.version) for t in stored} == {("import", "valid", 1)}
    assert len({t.private_token for t in stored}) == 4
    with app.app_context():
        for ticket in stored:
            claims = codes.verify(ticket.code)
            assert (claims.fair_id, claims.ticket_id, claims.version) == (fair, ticket.id, 1)
            assert sorted(d.isoformat() for d in claims.days) == ticket.days
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "ticket.import"))
        assert entry.object_id == str(fair)
        assert entry.after["tickets"] == 4 and entry.after["filename"] == "khach-moi.csv"
        assert entry.after["by_type"] == {"trade": 1, "visitor": 1, "vip": 1, "press": 1}


@pytest.mark.parametrize("shape", ["csv-no-bom", "csv-semicolon", "xlsx", "csv-decomposed"])
def test_every_file_shape_gives_the_same_tickets(app, fair, shape):
    rows = visitors(app, fair)
    if shape == "csv-no-bom":
        data, name = csv_bytes(rows, bom=False), "khach.csv"
    elif shape == "csv-semicolon":
        data, name = csv_bytes(rows, delimiter=";"), "khach.CSV"
    elif shape == "xlsx":
        data, name = xlsx_bytes(rows), "khach.xlsx"
    else:  # typed on a Mac: letters and their marks as separate code points (NFD)
        data, name = csv_bytes([[unicodedata.normalize("NFD", c) for c in row] for row in rows]), "khach.csv"

    do_import(app, fair, name, data)

    stored = tickets(app, fair)
    assert [t.name for t in stored] == ["Đặng Thị Hồng", "Nguyễn Văn Đức", "John Carter", "Lý Văn Tâm"]
    assert all(unicodedata.is_normalized("NFC", t.name) for t in stored)
    assert [t.phone for t in stored] == ["+84912345678", "+84987654321", None, "+842438251234"]


def test_phone_numbers_stored_as_numbers_by_excel_keep_their_zero(app, fair):
    data = xlsx_bytes([["Phạm Quốc Bảo", "bao@example.vn", 912345678, None, "visitor", None, None]])
    do_import(app, fair, "so.xlsx", data)
    assert [t.phone for t in tickets(app, fair)] == ["+84912345678"]


def test_broken_rows_are_reported_by_row_number_and_nothing_is_stored(app, fair):
    first, last = fair_dates(app, fair)
    rows = [
        ["Nguyễn Thị Mai", "mai@example.vn", "0912345678", "", "visitor", "", "vi"],        # 2: fine
        ["", "khong-ten@example.vn", "", "", "visitor", "", ""],                             # 3: no name
        ["Trần Văn Hùng", "hung@@example", "12345", "", "visitor", "", ""],                  # 4: e-mail, phone
        ["Lê Thị Thanh Hương", "huong@example.vn", "", "", "khach-la", "", ""],              # 5: type
        ["Bùi Văn Lực", "luc@example.vn", "", "", "visitor", "31/02/2026", "fr"],            # 6: day, locale
        ["", "", "", "", "", "", ""],                                                        # 7: blank, skipped
        ["Ngô Thị Bích Ngọc", "MAI@example.vn", "", "", "visitor", "", ""],                  # 8: duplicate of 2
        ["Hồ Văn Dũng", "dung@example.vn", "", "", "visitor", dmy(last.replace(year=last.year + 1)), ""],  # 9
    ]
    with pytest.raises(visitor_import.ImportRefused) as refused:
        do_import(app, fair, "loi.csv", csv_bytes(rows))

    problems = refused.value.problems
    assert [number for number, _message in problems] == [3, 4, 4, 5, 6, 6, 8, 9]
    text = dict(problems)
    assert "Họ tên" in text[3]
    assert "hung@@example" in problems[1][1] and "Điện thoại" in problems[2][1]
    assert "khach-la" in text[5] and "visitor" in text[5]
    assert "dd/mm/yyyy" in problems[4][1] and "vi hoặc en" in problems[5][1]
    assert text[8] == "E-mail mai@example.vn đã có ở dòng 2."
    assert dmy(first) in text[9]
    assert refused.value.message == "Chưa nhập gì: tệp có 8 lỗi."
    assert count(app, Ticket) == 0
    assert count(app, AuditEntry, AuditEntry.action == "ticket.import") == 0


def test_an_email_that_already_has_a_ticket_refuses_the_file(app, fair, issue):
    issue("Nguyễn Thị Mai", email="mai@example.vn")
    rows = [["Trần Văn Hùng", "hung@example.vn", "", "", "visitor", "", ""],
            ["Nguyễn Thị Mai", " Mai@Example.vn ", "", "", "visitor", "", ""]]
    with pytest.raises(visitor_import.ImportRefused) as refused:
        do_import(app, fair, "trung.csv", csv_bytes(rows))
    assert refused.value.problems == [(3, "E-mail mai@example.vn đã có vé tại hội chợ này.")]
    assert count(app, Ticket) == 1


def test_the_same_email_may_come_to_another_fair(app, fair, other_fair, issue):
    issue("Nguyễn Thị Mai", email="mai@example.vn")
    do_import(app, other_fair, "hoi-cho-2.csv", csv_bytes([["Nguyễn Thị Mai", "mai@example.vn", "", "", "visitor",
                                                            "", ""]]))
    assert count(app, Ticket, Ticket.email == "mai@example.vn") == 2


def cp1258(text):
    """Text as Windows-1258 writes Vietnamese: a base letter (â, ơ, ư…) then a combining tone mark."""
    letters = []
    for ch in unicodedata.normalize("NFD", text):
        if ch in "\u0302\u0306\u031b":  # circumflex, breve, horn: part of the letter in cp1258
            letters[-1] = unicodedata.normalize("NFC", letters[-1] + ch)
        else:
            letters.append(ch)
    return "".join(letters).encode("cp1258")


@pytest.mark.parametrize("encoding, line", [("cp1258", 2), ("latin-1", 3)])
def test_a_file_in_an_old_encoding_gets_a_clear_message(app, fair, encoding, line):
    text = "name,email,phone,organization,type\n"
    if encoding == "cp1258":
        data = cp1258(text + "Nguyễn Trương Hùng,hung@example.vn,,Làng nghề Bát Tràng,visitor\n")
    else:
        data = (text + "Nguyen Van Duc,duc@example.vn,,,visitor\nJosé Ñúñez,jose@example.es,,,visitor\n"
                ).encode("latin-1")
    with pytest.raises(DomainError) as error:
        do_import(app, fair, "cu.csv", data)
    assert "UTF-8" in error.value.message and "Windows-1258" in error.value.message
    assert f"dòng {line}" in error.value.message
    assert error.value.field == "file"
    assert count(app, Ticket) == 0


@pytest.mark.parametrize("filename, data, words", [
    ("unicode.csv", "\ufeffname\temail\n".encode("utf-16"), "UTF-16"),
    ("khach.txt", b"name,email\n", ".csv"),
    ("khach.xlsx", b"not a zip file at all", "Excel"),
    ("khach.csv", xlsx_bytes([["A", "a@example.vn", "", "", "visitor", "", ""]]), ".xlsx"),
    ("trong.csv", b"", "Tệp trống"),
    ("chi-tieu-de.csv", csv_bytes([]), "không có khách"),
    ("thieu-cot.csv", csv_bytes([["A", "a@example.vn"]], ["name", "email"]), "phone, organization, type"),
    ("cot-lap.csv", csv_bytes([["A", "B", "", "", "", "visitor"]], ["name", "name", "email", "phone",
                                                                    "organization", "type"]), "name"),
])
def test_unreadable_files_are_refused_with_a_message(app, fair, filename, data, words):
    with pytest.raises(DomainError) as error:
        do_import(app, fair, filename, data)
    assert words in error.value.message
    assert count(app, Ticket) == 0


def test_header_names_are_matched_loosely(app, fair):
    header = ["Name", " E-mail ", "PHONE", "Organisation", "Type"]
    do_import(app, fair, "khach.csv", csv_bytes([["Vũ Thị Yến", "yen@example.vn", "", "HTX Mây tre Phú Vinh",
                                                  "trade"]], header))
    [ticket] = tickets(app, fair)
    assert (ticket.email, ticket.organization, ticket.type_code) == ("yen@example.vn", "HTX Mây tre Phú Vinh", "trade")


def test_a_file_with_too_many_rows_is_refused(app, fair):
    rows = [[f"Khách {i}", "", "", "", "visitor", "", ""] for i in range(visitor_import.MAX_ROWS + 1)]
    with pytest.raises(DomainError) as error:
        do_import(app, fair, "qua-nhieu.csv", csv_bytes(rows))
    assert f"{visitor_import.MAX_ROWS}" in error.value.message
    assert count(app, Ticket) == 0
