"""Payment requests and receipts for exhibitors as A4 PDFs, with a VietQR code to pay by."""
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from xml.sax.saxutils import escape

from babel.numbers import format_decimal
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from fairapp.core.i18n import format_day, format_vnd
from fairapp.exhibitors.amount_words import amount_in_words
from fairapp.exhibitors.documents.letter_layout import (
    ADDRESSEE, BODY, CAPTION, CAPTION_LEFT, CELL, CELL_BOLD, CELL_ITALIC, CELL_RIGHT, CELL_RIGHT_BOLD, HEAD,
    LINE_GREY, NOTES, SECTION, SHADE, SMALL_CENTRE, SUBTITLE, TITLE, WIDTH, build, label_table, letterhead, nfc,
    para, signatures, table,
)
from fairapp.exhibitors.vietqr import transfer_purpose, vietqr_payload
from fairapp.printing import draw_qr, register_fonts

# Every text on these documents is Vietnamese data, not UI: a payment request
# is a Vietnamese administrative document whatever language its reader uses
# the site in, so none of it goes through gettext.

QR_SIZE = 44 * mm
# The quiet zone kept blank on every side: an invoice payload makes a version 5-6
# symbol, whose four modules at 44 mm are 4.3-4.8 mm.
QR_QUIET = 5 * mm


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
        *letterhead(data.organiser, data.number, data.place, data.issued_on),
        para("GIẤY ĐỀ NGHỊ THANH TOÁN", TITLE),
        para(f"V/v thanh toán chi phí tham gia {data.fair_name}", SUBTITLE),
        para(f"Kính gửi: {data.exhibitor.name}", ADDRESSEE),
        _party_table(data.exhibitor),
        Spacer(1, 3 * mm),
        para(f"Căn cứ đăng ký tham gia {data.fair_name} ({data.fair_dates})"
              + (f", gian hàng {booths}" if booths else "")
              + f", {data.organiser.name} đề nghị Quý đơn vị thanh toán các khoản sau:", BODY),
        _lines_table(data),
        para(f"Bằng chữ: <i>{escape(nfc(amount_in_words(data.total_vnd)))}</i>", BODY,
              raw=True),
        KeepTogether([
            para("THÔNG TIN THANH TOÁN", SECTION),
            _payment_table(data, purpose, payload),
        ]),
    ]
    if data.notes:
        story.append(para(f"<b>Ghi chú:</b> {escape(nfc(data.notes))}", NOTES, raw=True))
    story.append(signatures(data.organiser))
    return build(story, data.organiser, data.number, "Giấy đề nghị thanh toán")


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
        *letterhead(data.organiser, data.number, data.place, issued_on),
        para("BIÊN NHẬN THANH TOÁN", TITLE),
        para(data.fair_name, SUBTITLE),
        para(f"{data.organiser.name} xác nhận đã nhận được khoản thanh toán sau:", BODY),
        label_table(rows, label_width=38 * mm,
                    styles={"Đơn vị nộp tiền:": CELL_BOLD, "Số tiền:": CELL_BOLD,
                            "Bằng chữ:": CELL_ITALIC}),
        Spacer(1, 4 * mm),
        signatures(data.organiser, receivers=("Đơn vị nộp tiền;", "Lưu: VT, KT.")),
    ]
    return build(story, data.organiser, data.number, "Biên nhận thanh toán")


def _party_table(party):
    """Address on its own row, then the short fields two to a row; empty ones are left out."""
    label_width, half = 30 * mm, WIDTH / 2
    pairs = [(label, value) for label, value in (
        ("Mã số thuế:", party.tax_code), ("Người đại diện:", party.representative),
        ("Điện thoại:", party.phone), ("Email:", party.email)) if value]
    rows, spans = [], []
    if party.address:
        rows.append([para("Địa chỉ:", CELL), para(party.address, CELL), "", ""])
        spans.append(("SPAN", (1, 0), (3, 0)))
    for start in range(0, len(pairs), 2):
        row = []
        for label, value in pairs[start:start + 2]:
            row += [para(label, CELL), para(value, CELL)]
        rows.append(row + [""] * (4 - len(row)))
    return table(rows or [[""] * 4],
                 [label_width, half - label_width, label_width, half - label_width],
                 [("BOTTOMPADDING", (0, 0), (-1, -1), 2), *spans])


def _lines_table(data):
    widths = [12 * mm, 69 * mm, 20 * mm, 33 * mm]
    widths.append(WIDTH - sum(widths))
    heads = ("STT", "Nội dung", "Số lượng", "Đơn giá", "Thành tiền")
    rows = [[para(text, HEAD) for text in heads]]
    for index, line in enumerate(data.lines, start=1):
        rows.append([
            para(str(index), SMALL_CENTRE),
            para(line.description, CELL),
            para(format_decimal(line.quantity, locale="vi_VN"), SMALL_CENTRE),
            para(format_vnd(line.unit_price_vnd), CELL_RIGHT),
            para(format_vnd(line.amount_vnd), CELL_RIGHT),
        ])
    totals = [("Cộng", data.subtotal_vnd)]
    if data.support_vnd:
        totals.append((data.support_label, -data.support_vnd))
    rate = format_decimal(data.vat_rate_percent, locale="vi_VN")
    totals += [(f"Thuế GTGT ({rate}%)", data.vat_vnd), ("Tổng cộng", data.total_vnd)]
    first_total = len(rows)
    for label, amount in totals:
        style = CELL_RIGHT_BOLD if label == "Tổng cộng" else CELL_RIGHT
        rows.append([para(label, style), "", "", "", para(format_vnd(amount), style)])
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
    return table(rows, widths, commands, repeatRows=1, spaceBefore=1 * mm, spaceAfter=2 * mm)


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
    rows = [[para(label, CELL), para(value, CELL_BOLD)] for label, value in details]
    rows.append([para(
        "Vui lòng ghi đúng nội dung chuyển khoản để khoản thanh toán được đối soát tự động.",
        CAPTION_LEFT), ""])
    left = table(rows, [label_width, text_width - label_width - 4 * mm],
                 [("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                  ("SPAN", (0, len(rows) - 1), (1, len(rows) - 1))])
    right = [_QRCode(payload, QR_SIZE),
             para("Quét mã bằng ứng dụng ngân hàng để chuyển khoản", CAPTION)]
    return table([[left, right]], [text_width, QR_SIZE + 2 * QR_QUIET], [
        ("BOX", (0, 0), (-1, -1), 0.5, LINE_GREY),
        ("LEFTPADDING", (0, 0), (0, 0), 4 * mm),
        ("TOPPADDING", (0, 0), (0, 0), 4 * mm),
        ("LEFTPADDING", (1, 0), (1, 0), QR_QUIET),
        ("RIGHTPADDING", (1, 0), (1, 0), QR_QUIET),
        ("TOPPADDING", (1, 0), (1, 0), QR_QUIET),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5 * mm),
    ])


class _QRCode(Flowable):
    """The VietQR code as vector paths; its quiet zone is the padding around it."""

    def __init__(self, payload, size):
        super().__init__()
        self.payload, self.size = payload, size

    def wrap(self, available_width, available_height):
        return self.size, self.size + QR_QUIET

    def draw(self):
        draw_qr(self.canv, self.payload, 0, QR_QUIET, self.size)


def _check_sums(data):
    """A payment request with sums that do not add up must never reach an exhibitor."""
    lines_total = sum(line.amount_vnd for line in data.lines)
    if lines_total != data.subtotal_vnd:
        raise ValueError(f"lines add up to {lines_total}, subtotal says {data.subtotal_vnd}")
    expected = data.subtotal_vnd - data.support_vnd + data.vat_vnd
    if expected != data.total_vnd:
        raise ValueError(f"subtotal - support + VAT = {expected}, total says {data.total_vnd}")
