"""The ticket's calendar file: TEXT values escaped (RFC 5545 §3.3.11), lines folded at 75 octets,
so that no name, fair or venue can add a property of its own."""
import pytest

from fairapp.core.models import Fair
from fairapp.extensions import db
from fairapp.visitors.documents.calendar import escape_text, fair_event_ics, fold
from fairapp.visitors.models import Ticket

HOSTILE = [
    "Nguyễn Thị Mai\r\nATTENDEE:mailto:evil@example.com",
    "Mai\nATTENDEE:evil",
    "Mai\rATTENDEE:evil",
    "Hội chợ;X-INJ=1",
    "Hội chợ,X-INJ=1:2",
    "back\\slash\\nATTENDEE:evil",
    "Mai\u2028ATTENDEE:evil\u0085X-INJ:1\x0bX-VT:1\x0cX-FF:1",
    "Mai\x00\x1b[31mATTENDEE:evil",
    "Đ" * 120 + "\r\nATTENDEE:evil",
]


def unfolded(data: bytes):
    """Content lines after unfolding (RFC 5545 §3.1): a CRLF followed by a space or tab joins lines."""
    text = data.decode("utf-8")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", ""), "bare line breaks"
    assert "\r" not in text.replace("\r\n", "")
    return text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")[:-1]


def unescape(value):
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars)
            out.append("\n" if following in "nN" else following)
        else:
            assert char not in ";,", f"unescaped {char!r} in {value!r}"
            out.append(char)
    return "".join(out)


def ics_for(app, fair_id, ticket_id, holder=None, **fair_texts):
    """The file for values as they could be stored (bypassing every form); set on the loaded rows and
    never written, since PostgreSQL would not even store a NUL."""
    with app.app_context(), db.session.no_autoflush:
        fair = db.session.get(Fair, fair_id)
        ticket = db.session.get(Ticket, ticket_id)
        ticket.fair
        for name, value in fair_texts.items():
            setattr(fair, name, value)
        if holder is not None:
            ticket.name = holder
        data = fair_event_ics(ticket)
        db.session.rollback()
        return data


@pytest.mark.parametrize("hostile", HOSTILE)
def test_no_text_can_inject_a_property(app, fair, issue, hostile):
    ticket_id, _code = issue("Nguyễn Thị Mai", organization="Công ty TNHH Quà tặng Việt")
    data = ics_for(app, fair, ticket_id, holder=hostile, name=hostile, venue=hostile)
    for raw_line in data.split(b"\r\n")[:-1]:
        assert len(raw_line) <= 75, raw_line
    lines = unfolded(data)
    names = [line.split(":", 1)[0].split(";", 1)[0] for line in lines]
    with app.app_context():
        days = len(db.session.get(Ticket, ticket_id).days)
    expected = ["BEGIN", "VERSION", "PRODID", "CALSCALE", "METHOD"] + [
        "BEGIN", "UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "DESCRIPTION", "END"] * days + ["END"]
    assert names == expected
    assert "ATTENDEE" not in names and not any(n.startswith("X-") for n in names)
    for line in lines:
        name, value = line.split(":", 1)
        assert ";" not in name  # no parameter smuggled in either
        if name in ("SUMMARY", "LOCATION", "DESCRIPTION"):
            unescape(value)  # every ; and , inside a value is escaped
    summary = unescape(next(line for line in lines if line.startswith("SUMMARY:"))[len("SUMMARY:"):])
    assert "\r" not in summary and "\x00" not in summary


def test_plain_values_read_back_as_written(app, fair, issue):
    ticket_id, _code = issue("Lê Thị Thanh Hương", organization="HTX Gốm, sứ; Bát Tràng")
    lines = unfolded(ics_for(app, fair, ticket_id, venue="2 Hoa Lư, Hai Bà Trưng, Hà Nội"))
    values = {line.split(":", 1)[0]: unescape(line.split(":", 1)[1]) for line in lines}
    assert values["LOCATION"] == "2 Hoa Lư, Hai Bà Trưng, Hà Nội"
    assert values["DESCRIPTION"] == "Lê Thị Thanh Hương – HTX Gốm, sứ; Bát Tràng"
    assert values["SUMMARY"] == "Hội chợ Quà tặng thủ công mỹ nghệ Hà Nội"


def test_escaping_and_folding_rules():
    assert escape_text("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf"
    folded = fold("SUMMARY:" + "Đặng Thị Hồng " * 20)
    pieces = folded.encode("utf-8").split(b"\r\n")
    assert all(len(piece) <= 75 for piece in pieces) and all(p.startswith(b" ") for p in pieces[1:])
    for piece in pieces:
        piece.decode("utf-8")  # never split inside a character
    assert folded.replace("\r\n ", "") == "SUMMARY:" + "Đặng Thị Hồng " * 20
