"""Payment requests and receipts for exhibitors as A4 PDFs, with a VietQR code to pay by."""

import io
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from xml.sax.saxutils import escape

from babel.numbers import format_decimal
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate, Flowable, Frame, HRFlowable, KeepTogether, PageTemplate, Paragraph, Spacer,
    Table, TableStyle,
)

from fairapp.core.i18n import format_day, format_vnd, to_local
from fairapp.exhibitors.amount_words import amount_in_words
from fairapp.exhibitors.vietqr import transfer_purpose, vietqr_payload
from fairapp.printing import BOLD, ITALIC, REGULAR, draw_fitted, draw_qr, new_canvas, register_fonts

# Every text on these documents is Vietnamese data, not UI: a payment request
# is a Vietnamese administrative document whatever language its reader uses
# the site in, so none of it goes through gettext.

PAGE_WIDTH, PAGE_HEIGHT = A4
# A wider left edge for binding, as on Vietnamese administrative papers; narrower than
# Decree 30/2020's 30 mm left and 20 mm top so a request and its QR code fit one A4 page.
LEFT, RIGHT, TOP, BOTTOM = 25 * mm, 15 * mm, 12 * mm, 22 * mm
WIDTH = PAGE_WIDTH - LEFT - RIGHT
QR_SIZE = 44 * mm
# The quiet zone kept blank on every side: an invoice payload makes a version 5-6
# symbol, whose four modules at 44 mm are 4.3-4.8 mm.
QR_QUIET = 5 * mm
LINE_GREY = colors.Color(0.55, 0.55, 0.55)
SHADE = colors.Color(0.93, 0.93, 0.93)


@dataclass(frozen=True)
class PartyInfo:
    name: str
    address: str = ""
    tax_code: str | None = None
    phone: str = ""
    email: str = ""
    representative: str = ""
    # Only for the organiser: the body it answers to, printed above its name.
    governing_body: str = ""


@dataclass(frozen=True)
class InvoiceLine:
    description: str
    quantity: int | Decimal
    unit_price_vnd: int
    amount_vnd: int


@dataclass(frozen=True)
class PaymentRequestData:
    number: str
    issued_on: date | datetime  # an aware datetime is shown as its Hanoi date
    due_on: date
    fair_name: str
    fair_dates: str
    organiser: PartyInfo
    bank_name: str
    bank_bin: str
    account_number: str
    account_holder: str
    exhibitor: PartyInfo
    lines: list[InvoiceLine]
    subtotal_vnd: int
    vat_rate_percent: int | Decimal
    vat_vnd: int
    total_vnd: int
    booth_codes: list[str] = field(default_factory=list)
    support_label: str = "Hỗ trợ khuyến công"
    support_vnd: int = 0
    notes: str = ""
    place: str = "Hà Nội"


@dataclass(frozen=True)
class ReceiptData:
    number: str
    paid_on: date | datetime
    amount_vnd: int
    bank_reference: str
    payment_request_number: str
    exhibitor: PartyInfo
    fair_name: str
    organiser: PartyInfo
    issued_on: date | datetime | None = None  # defaults to paid_on
    place: str = "Hà Nội"


def render_payment_request(data: PaymentRequestData) -> bytes:
    """The "Giấy đề nghị thanh toán" an exhibitor pays by, as PDF bytes."""
    _check_sums(data)
    register_fonts()  # Paragraphs look up the font family as soon as they are made
    purpose = transfer_purpose(data.number)
    payload = vietqr_payload(data.bank_bin, data.account_number, data.total_vnd,
                             purpose=data.number, bill_number=data.number)
    booths = ", ".join(data.booth_codes)
    story = [
        *_letterhead(data.organiser, data.number, data.place, data.issued_on),
        _para("GIẤY ĐỀ NGHỊ THANH TOÁN", TITLE),
        _para(f"V/v thanh toán chi phí tham gia {data.fair_name}", SUBTITLE),
        _para(f"Kính gửi: {data.exhibitor.name}", ADDRESSEE),
        _party_table(data.exhibitor),
        Spacer(1, 3 * mm),
        _para(f"Căn cứ đăng ký tham gia {data.fair_name} ({data.fair_dates})"
              + (f", gian hàng {booths}" if booths else "")
              + f", {data.organiser.name} đề nghị Quý đơn vị thanh toán các khoản sau:", BODY),
        _lines_table(data),
        _para(f"Bằng chữ: <i>{escape(_nfc(amount_in_words(data.total_vnd)))}</i>", BODY,
              raw=True),
        KeepTogether([
            _para("THÔNG TIN THANH TOÁN", SECTION),
            _payment_table(data, purpose, payload),
        ]),
    ]
    if data.notes:
        story.append(_para(f"<b>Ghi chú:</b> {escape(_nfc(data.notes))}", NOTES, raw=True))
    story.append(_signatures(data.organiser))
    return _build(story, data.organiser, data.number, "Giấy đề nghị thanh toán")


def render_receipt(data: ReceiptData) -> bytes:
    """The "Biên nhận thanh toán" sent once an exhibitor's transfer has arrived, as PDF bytes."""
    register_fonts()
    issued_on = data.issued_on or data.paid_on
    exhibitor = data.exhibitor
    rows = [
        ("Đơn vị nộp tiền:", exhibitor.name),
        ("Địa chỉ:", exhibitor.address),
        ("Mã số thuế:", exhibitor.tax_code),
        ("Người đại diện:", exhibitor.representative),
        ("Nội dung:", f"Thanh toán theo Giấy đề nghị thanh toán số {data.payment_request_number}"
                      f" – {data.fair_name}"),
        ("Số tiền:", format_vnd(data.amount_vnd)),
        ("Bằng chữ:", amount_in_words(data.amount_vnd)),
        ("Hình thức:", "Chuyển khoản"),
        ("Mã giao dịch:", data.bank_reference),
        ("Ngày nhận tiền:", format_day(data.paid_on)),
    ]
    story = [
        *_letterhead(data.organiser, data.number, data.place, issued_on),
        _para("BIÊN NHẬN THANH TOÁN", TITLE),
        _para(data.fair_name, SUBTITLE),
        _para(f"{data.organiser.name} xác nhận đã nhận được khoản thanh toán sau:", BODY),
        _label_table(rows, label_width=38 * mm,
                     styles={"Đơn vị nộp tiền:": CELL_BOLD, "Số tiền:": CELL_BOLD,
                             "Bằng chữ:": CELL_ITALIC}),
        Spacer(1, 4 * mm),
        _signatures(data.organiser, receivers=("Đơn vị nộp tiền;", "Lưu: VT, KT.")),
    ]
    return _build(story, data.organiser, data.number, "Biên nhận thanh toán")


def _style(name, font=REGULAR, size=10.5, leading=None, align=TA_LEFT, before=0, after=0):
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading or size * 1.35,
                          alignment=align, spaceBefore=before, spaceAfter=after)


BODY = _style("body", align=TA_JUSTIFY, after=2 * mm)
CELL = _style("cell", size=10)
CELL_BOLD = _style("cell-bold", font=BOLD, size=10)
CELL_ITALIC = _style("cell-italic", font=ITALIC, size=10)
CELL_RIGHT = _style("cell-right", size=10, align=TA_RIGHT)
CELL_RIGHT_BOLD = _style("cell-right-bold", font=BOLD, size=10, align=TA_RIGHT)
HEAD = _style("head", font=BOLD, size=10, align=TA_CENTER)
SMALL_CENTRE = _style("small-centre", size=9, align=TA_CENTER)
CAPTION = _style("caption", font=ITALIC, size=8.5, leading=11, align=TA_CENTER)
CAPTION_LEFT = _style("caption-left", font=ITALIC, size=8.5, leading=11)
AGENCY = _style("agency", size=10, leading=13, align=TA_CENTER)
AGENCY_BOLD = _style("agency-bold", font=BOLD, size=10, leading=13, align=TA_CENTER)
NATION = _style("nation", font=BOLD, size=10.5, leading=14, align=TA_CENTER)
MOTTO = _style("motto", font=BOLD, size=11.5, leading=14, align=TA_CENTER)
DATED = _style("dated", font=ITALIC, size=10.5, align=TA_CENTER)
TITLE = _style("title", font=BOLD, size=16, align=TA_CENTER, before=7 * mm)
SUBTITLE = _style("subtitle", font=ITALIC, size=11, align=TA_CENTER, before=0.5 * mm, after=4 * mm)
ADDRESSEE = _style("addressee", font=BOLD, size=12, align=TA_CENTER, after=2.5 * mm)
SECTION = _style("section", font=BOLD, size=11, before=3 * mm, after=2 * mm)
SMALL = _style("small", size=9, leading=12)
NOTES = _style("notes", align=TA_JUSTIFY, before=2.5 * mm)


def _nfc(text):
    # ReportLab does no mark positioning: decomposed accents would print beside their letters.
    return unicodedata.normalize("NFC", str(text or ""))


def _para(text, style, raw=False):
    """A Paragraph of plain `text` (escaped), or of ReportLab markup when `raw`."""
    return Paragraph(text if raw else escape(_nfc(text)), style)


def _letterhead(organiser, number, place, issued_on):
    """Agency on the left, national motto on the right, as on every Vietnamese official letter."""
    agency = []
    if organiser.governing_body:
        agency.append(_para(organiser.governing_body.upper(), AGENCY))
    agency += [_para(organiser.name.upper(), AGENCY_BOLD), _rule(22 * mm),
               _para(f"Số: {number}", SMALL_CENTRE)]
    nation = [
        _para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", NATION),
        _para("Độc lập - Tự do - Hạnh phúc", MOTTO),
        _rule(48 * mm),
        _para(f"{place}, {_long_date(issued_on)}", DATED),
    ]
    return [_table([[agency, nation]], [72 * mm, WIDTH - 72 * mm],
                   [("ALIGN", (0, 0), (-1, -1), "CENTER")])]


def _party_table(party):
    """Address on its own row, then the short fields two to a row; empty ones are left out."""
    label_width, half = 30 * mm, WIDTH / 2
    pairs = [(label, value) for label, value in (
        ("Mã số thuế:", party.tax_code), ("Người đại diện:", party.representative),
        ("Điện thoại:", party.phone), ("Email:", party.email)) if value]
    rows, spans = [], []
    if party.address:
        rows.append([_para("Địa chỉ:", CELL), _para(party.address, CELL), "", ""])
        spans.append(("SPAN", (1, 0), (3, 0)))
    for start in range(0, len(pairs), 2):
        row = []
        for label, value in pairs[start:start + 2]:
            row += [_para(label, CELL), _para(value, CELL)]
        rows.append(row + [""] * (4 - len(row)))
    return _table(rows or [[""] * 4],
                  [label_width, half - label_width, label_width, half - label_width],
                  [("BOTTOMPADDING", (0, 0), (-1, -1), 2), *spans])


def _label_table(rows, label_width, styles=None):
    """Label/value rows with values wrapping in their column; empty values are left out."""
    styles = styles or {}
    data = [[_para(label, CELL), _para(value, styles.get(label, CELL))]
            for label, value in rows if value]
    return _table(data, [label_width, WIDTH - label_width],
                  [("BOTTOMPADDING", (0, 0), (-1, -1), 3)])


def _lines_table(data):
    widths = [12 * mm, 69 * mm, 20 * mm, 33 * mm]
    widths.append(WIDTH - sum(widths))
    heads = ("STT", "Nội dung", "Số lượng", "Đơn giá", "Thành tiền")
    rows = [[_para(text, HEAD) for text in heads]]
    for index, line in enumerate(data.lines, start=1):
        rows.append([
            _para(str(index), SMALL_CENTRE),
            _para(line.description, CELL),
            _para(format_decimal(line.quantity, locale="vi_VN"), SMALL_CENTRE),
            _para(format_vnd(line.unit_price_vnd), CELL_RIGHT),
            _para(format_vnd(line.amount_vnd), CELL_RIGHT),
        ])
    totals = [("Cộng", data.subtotal_vnd)]
    if data.support_vnd:
        totals.append((data.support_label, -data.support_vnd))
    rate = format_decimal(data.vat_rate_percent, locale="vi_VN")
    totals += [(f"Thuế GTGT ({rate}%)", data.vat_vnd), ("Tổng cộng", data.total_vnd)]
    first_total = len(rows)
    for label, amount in totals:
        style = CELL_RIGHT_BOLD if label == "Tổng cộng" else CELL_RIGHT
        rows.append([_para(label, style), "", "", "", _para(format_vnd(amount), style)])
    last = len(rows) - 1
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, LINE_GREY),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("BACKGROUND", (0, last), (-1, last), SHADE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    # Totals: the label runs across the first four columns, right-aligned against the amount.
    commands += [("SPAN", (0, row), (3, row)) for row in range(first_total, len(rows))]
    return _table(rows, widths, commands, repeatRows=1, spaceBefore=1 * mm, spaceAfter=2 * mm)


def _payment_table(data, purpose, payload):
    details = [
        ("Hạn thanh toán:", format_day(data.due_on)),
        ("Hình thức:", "Chuyển khoản"),
        ("Đơn vị thụ hưởng:", data.account_holder),
        ("Số tài khoản:", data.account_number),
        ("Ngân hàng:", data.bank_name),
        ("Số tiền:", format_vnd(data.total_vnd)),
        ("Nội dung chuyển khoản:", purpose),
    ]
    text_width, label_width = WIDTH - QR_SIZE - 2 * QR_QUIET, 45 * mm
    rows = [[_para(label, CELL), _para(value, CELL_BOLD)] for label, value in details]
    rows.append([_para(
        "Vui lòng ghi đúng nội dung chuyển khoản để khoản thanh toán được đối soát tự động.",
        CAPTION_LEFT), ""])
    left = _table(rows, [label_width, text_width - label_width - 4 * mm],
                  [("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                   ("SPAN", (0, len(rows) - 1), (1, len(rows) - 1))])
    right = [_QRCode(payload, QR_SIZE),
             _para("Quét mã bằng ứng dụng ngân hàng để chuyển khoản", CAPTION)]
    return _table([[left, right]], [text_width, QR_SIZE + 2 * QR_QUIET], [
        ("BOX", (0, 0), (-1, -1), 0.5, LINE_GREY),
        ("LEFTPADDING", (0, 0), (0, 0), 4 * mm),
        ("TOPPADDING", (0, 0), (0, 0), 4 * mm),
        ("LEFTPADDING", (1, 0), (1, 0), QR_QUIET),
        ("RIGHTPADDING", (1, 0), (1, 0), QR_QUIET),
        ("TOPPADDING", (1, 0), (1, 0), QR_QUIET),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5 * mm),
    ])


def _signatures(organiser, receivers=("Như trên;", "Lưu: VT, KT.")):
    """"Nơi nhận" (who gets a copy) on the left, the organiser's signature on the right."""
    receivers = [_para("<b><i>Nơi nhận:</i></b>", SMALL, raw=True),
                 *(_para(f"- {receiver}", SMALL) for receiver in receivers)]
    signer = [_para("ĐẠI DIỆN ĐƠN VỊ TỔ CHỨC", HEAD),
              _para("(Ký, ghi rõ họ tên và đóng dấu)", CAPTION),
              Spacer(1, 17 * mm),
              _para(organiser.representative, HEAD)]
    return KeepTogether([_table([[receivers, signer]], [WIDTH - 80 * mm, 80 * mm],
                                spaceBefore=3 * mm)])


def _table(rows, widths, commands=(), **options):
    """A Table laid out from the top of each cell without padding unless `commands` add it.

    Its cells are set in FairSans: ReportLab would draw plain-string cells,
    even empty ones, in Helvetica and so put that font into the file.
    """
    table = Table(rows, colWidths=widths, **options)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               *_no_padding(), *commands]))
    return table


class _QRCode(Flowable):
    """The VietQR code as vector paths; its quiet zone is the padding around it."""

    def __init__(self, payload, size):
        super().__init__()
        self.payload, self.size = payload, size

    def wrap(self, available_width, available_height):
        return self.size, self.size + QR_QUIET

    def draw(self):
        draw_qr(self.canv, self.payload, 0, QR_QUIET, self.size)


def _build(story, organiser, number, title):
    out = io.BytesIO()
    doc = BaseDocTemplate(out, pagesize=A4, leftMargin=LEFT, rightMargin=RIGHT, topMargin=TOP,
                          bottomMargin=BOTTOM, title=f"{title} {number}", author=organiser.name)
    frame = Frame(LEFT, BOTTOM, WIDTH, PAGE_HEIGHT - TOP - BOTTOM, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setStrokeColor(LINE_GREY)
        canvas.setLineWidth(0.5)
        canvas.line(LEFT, BOTTOM - 6 * mm, PAGE_WIDTH - RIGHT, BOTTOM - 6 * mm)
        canvas.setFillColor(colors.Color(0.3, 0.3, 0.3))
        contact = " · ".join(part for part in (
            organiser.address, organiser.phone and f"ĐT: {organiser.phone}",
            organiser.email, organiser.tax_code and f"MST: {organiser.tax_code}") if part)
        draw_fitted(canvas, _nfc(organiser.name), LEFT, BOTTOM - 10 * mm, WIDTH - 30 * mm,
                    font=BOLD, max_size=8, min_size=6)
        draw_fitted(canvas, _nfc(contact), LEFT, BOTTOM - 14 * mm, WIDTH - 30 * mm,
                    font=REGULAR, max_size=8, min_size=6)
        draw_fitted(canvas, f"{number} · Trang {doc.page}", PAGE_WIDTH - RIGHT - 28 * mm,
                    BOTTOM - 10 * mm, 28 * mm, font=REGULAR, max_size=8, min_size=6,
                    align="right")
        canvas.restoreState()

    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=footer)])
    # new_canvas starts every page in FairSans, so no Helvetica gets into the file.
    doc.build(story, canvasmaker=lambda filename, pagesize, **_: new_canvas(filename, pagesize))
    return out.getvalue()


def _rule(length):
    """The short centred line under an agency name or the national motto."""
    return HRFlowable(width=length, thickness=0.6, lineCap="butt", color=colors.black,
                      spaceBefore=1.5 * mm, spaceAfter=1.5 * mm)


def _no_padding():
    return [(side, (0, 0), (-1, -1), 0)
            for side in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")]


def _long_date(day):
    """'ngày 05 tháng 02 năm 2026': official style pads days 1-9 and months 1-2 only."""
    if isinstance(day, datetime):
        day = to_local(day).date()
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def _check_sums(data):
    """A payment request with sums that do not add up must never reach an exhibitor."""
    lines_total = sum(line.amount_vnd for line in data.lines)
    if lines_total != data.subtotal_vnd:
        raise ValueError(f"lines add up to {lines_total}, subtotal says {data.subtotal_vnd}")
    expected = data.subtotal_vnd - data.support_vnd + data.vat_vnd
    if expected != data.total_vnd:
        raise ValueError(f"subtotal - support + VAT = {expected}, total says {data.total_vnd}")
