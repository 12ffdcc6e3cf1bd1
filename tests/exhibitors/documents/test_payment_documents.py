"""Payment request and receipt PDFs read back: Vietnamese text, sums in words, a payable VietQR."""

import re
import unicodedata
from dataclasses import replace
from datetime import date, datetime, timezone
from decimal import Decimal

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest
import zxingcpp

from fairapp.core.i18n import format_vnd
from fairapp.exhibitors.documents.letter_layout import LEFT, PAGE_WIDTH, RIGHT
from fairapp.exhibitors.documents.payment_documents import (
    InvoiceLine, PartyInfo, PaymentRequestData, ReceiptData, render_payment_request, render_receipt,
)
from fairapp.exhibitors.vietqr import crc_ok, parse_tlv, vietqr_payload

RENDER_SCALE = 200 / 72

ORGANISER = PartyInfo(
    name="Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Hà Nội",
    address="Số 2 Trịnh Hoài Đức, phường Cát Linh, Hà Nội",
    tax_code="0100109106",
    phone="024 3733 5290",
    email="hoicho@khuyencong.hanoi.gov.vn",
    representative="Trần Thị Minh Hằng",
    governing_body="Sở Công Thương Hà Nội",
)
EXHIBITOR = PartyInfo(
    name="Hợp tác xã Gốm sứ Bát Tràng",
    address="Thôn Bát Tràng, xã Bát Tràng, Hà Nội",
    tax_code="0100233488",
    phone="+84912345678",
    email="gomsu@battrang.vn",
    representative="Nguyễn Văn Đức",
)
FAIR = "Hội chợ Quà tặng hàng thủ công mỹ nghệ Hà Nội 2026"
# Corner booth 14.000.000 ₫, 30 % khuyến công support, 8 % VAT on the rest.
REQUEST = PaymentRequestData(
    number="HC2026-0001",
    issued_on=date(2026, 8, 5),
    due_on=date(2026, 9, 15),
    fair_name=FAIR,
    fair_dates="01/10/2026 – 04/10/2026",
    organiser=ORGANISER,
    bank_name="Vietcombank – Chi nhánh Hà Nội",
    bank_bin="970436",
    account_number="0011001932418",
    account_holder="Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Hà Nội",
    exhibitor=EXHIBITOR,
    lines=[InvoiceLine("Gian hàng A-12 (góc, 3 × 3 m, 2 mặt thoáng)", 1, 14_000_000, 14_000_000)],
    subtotal_vnd=14_000_000,
    support_label="Hỗ trợ khuyến công (30%)",
    support_vnd=4_200_000,
    vat_rate_percent=8,
    vat_vnd=784_000,
    total_vnd=10_584_000,
    booth_codes=["A-12"],
    notes="Gian hàng được giữ đến hết hạn thanh toán.",
)
RECEIPT = ReceiptData(
    number="BN2026-0001",
    # 18:30 UTC on 1 September is 01:30 on 2 September in Hanoi.
    paid_on=datetime(2026, 9, 1, 18, 30, tzinfo=timezone.utc),
    amount_vnd=10_584_000,
    bank_reference="FT26245819203",
    payment_request_number="HC2026-0001",
    exhibitor=EXHIBITOR,
    fair_name=FAIR,
    organiser=ORGANISER,
)


def printed(amount):
    # ReportLab writes the no-break space Babel puts before ₫ as a plain space
    # (see tests/printing/test_printing.py).
    return format_vnd(amount).replace("\u00a0", " ")


def words_of(pdf):
    """All text of all pages, with line breaks and runs of spaces made single spaces:
    wrapping a paragraph elsewhere must not fail a test about its words."""
    document = pdfium.PdfDocument(pdf)
    text = " ".join(page.get_textpage().get_text_range() for page in document)
    return " ".join(text.split())


def decoded(page):
    image = page.render(scale=RENDER_SCALE).to_pil()
    return [result.text for result in zxingcpp.read_barcodes(image)]


def assert_only_be_vietnam_pro(pdf):
    base_fonts = re.findall(rb"/BaseFont\s*/([^\s/<>\[\]]+)", pdf)
    assert base_fonts
    assert all(re.fullmatch(rb"[A-Z]{6}\+BeVietnamPro-[A-Za-z]+", name) for name in base_fonts)
    assert b"Helvetica" not in pdf


def assert_text_inside_margins(pdf):
    for page in pdfium.PdfDocument(pdf):
        for text_object in page.get_objects(filter=[pdfium_raw.FPDF_PAGEOBJ_TEXT]):
            left, _, right, _ = text_object.get_bounds()
            assert LEFT - 1 <= left and right <= PAGE_WIDTH - RIGHT + 1


@pytest.fixture(scope="module")
def request_pdf():
    return render_payment_request(REQUEST)


def test_payment_request_reads_back_in_vietnamese(request_pdf):
    text = words_of(request_pdf)
    for expected in [
        "GIẤY ĐỀ NGHỊ THANH TOÁN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "SỞ CÔNG THƯƠNG HÀ NỘI",
        "TRUNG TÂM KHUYẾN CÔNG VÀ TƯ VẤN PHÁT TRIỂN CÔNG NGHIỆP HÀ NỘI",
        "Số: HC2026-0001",
        "Hà Nội, ngày 05 tháng 8 năm 2026",
        "Kính gửi: Hợp tác xã Gốm sứ Bát Tràng",
        "Nguyễn Văn Đức",
        "0100233488",
        "gian hàng A-12",
        "Gian hàng A-12 (góc, 3 × 3 m, 2 mặt thoáng)",
        f"Cộng {printed(14_000_000)}",
        f"Hỗ trợ khuyến công (30%) {printed(-4_200_000)}",
        f"Thuế GTGT (8%) {printed(784_000)}",
        f"Tổng cộng {printed(10_584_000)}",
        "Bằng chữ: Mười triệu năm trăm tám mươi bốn nghìn đồng",
        "Hạn thanh toán: 15/09/2026",
        "Số tài khoản: 0011001932418",
        "Ngân hàng: Vietcombank – Chi nhánh Hà Nội",
        "Nội dung chuyển khoản: HC2026 0001",
        "Quét mã bằng ứng dụng ngân hàng",
        "Ghi chú: Gian hàng được giữ đến hết hạn thanh toán.",
        "Trần Thị Minh Hằng",
    ]:
        assert expected in text
    assert printed(10_584_000) == "10.584.000 ₫"


def test_payment_request_fits_one_page_and_names_itself(request_pdf):
    document = pdfium.PdfDocument(request_pdf)
    assert len(document) == 1
    assert document[0].get_size() == pytest.approx((595.28, 841.89), abs=0.1)
    assert document.get_metadata_dict()["Title"] == "Giấy đề nghị thanh toán HC2026-0001"


def test_vietqr_code_pays_the_total_to_the_organiser(request_pdf):
    [payload] = decoded(pdfium.PdfDocument(request_pdf)[0])
    fields = parse_tlv(payload)
    assert crc_ok(payload)
    assert fields["01"] == "12"
    assert fields["38"]["01"] == {"00": "970436", "01": "0011001932418"}
    assert fields["54"] == str(REQUEST.total_vnd)
    # The transfer content is the invoice number, as ASCII a bank accepts.
    assert fields["62"] == {"01": "HC2026-0001", "08": "HC2026 0001"}
    assert payload == vietqr_payload("970436", "0011001932418", 10_584_000,
                                     purpose="HC2026-0001", bill_number="HC2026-0001")


def test_vietqr_code_is_one_vector_path_at_least_40_mm(request_pdf):
    page = pdfium.PdfDocument(request_pdf)[0]
    assert pdfium_raw.FPDF_PAGEOBJ_IMAGE not in [obj.type for obj in page.get_objects()]
    # The QR is the only path with many sub-paths; table rules are single lines.
    sides = [
        (right - left, top - bottom)
        for left, bottom, right, top in (
            obj.get_bounds() for obj in page.get_objects(filter=[pdfium_raw.FPDF_PAGEOBJ_PATH]))
    ]
    mm = 72 / 25.4
    assert [side for side in sides if min(side) >= 40 * mm and max(side) <= 45 * mm]


def test_no_helvetica_only_embedded_be_vietnam_pro(request_pdf):
    assert_only_be_vietnam_pro(request_pdf)


def test_long_names_stay_inside_the_margins():
    long_exhibitor = replace(
        EXHIBITOR,
        name="Công ty Trách nhiệm hữu hạn Sản xuất và Thương mại Gốm sứ Mỹ nghệ "
             "Xuất khẩu Bát Tràng Nghệ nhân Nhân dân Nguyễn Văn Đức",
        address="Xóm 3, thôn Giang Cao, xã Bát Tràng, huyện Gia Lâm cũ, thành phố Hà Nội, "
                "gần Bến đò Bát Tràng và Chợ gốm Bát Tràng, cạnh Bảo tàng Gốm",
        representative="Tôn Nữ Thị Phương Thảo Nguyễn Hoàng Bảo Ngọc",
        email="phong.kinh.doanh.xuat.khau@gomsumynghebattrang-nguyenvanduc.com.vn",
    )
    pdf = render_payment_request(replace(
        REQUEST, exhibitor=long_exhibitor,
        lines=[InvoiceLine("Gian hàng A-12 góc hai mặt thoáng khu trưng bày sản phẩm OCOP "
                           "và hàng thủ công mỹ nghệ tiêu biểu của các làng nghề", 1,
                           14_000_000, 14_000_000)]))
    text = words_of(pdf)
    assert long_exhibitor.name in text
    assert long_exhibitor.address in text
    assert_text_inside_margins(pdf)


def test_decomposed_names_print_as_composed_letters():
    name = unicodedata.normalize("NFD", "Hợp tác xã Gốm sứ Bát Tràng")
    pdf = render_payment_request(replace(REQUEST, exhibitor=replace(EXHIBITOR, name=name)))
    assert "Kính gửi: Hợp tác xã Gốm sứ Bát Tràng" in words_of(pdf)


def test_markup_characters_in_data_print_as_text():
    name = "Cơ sở Mây tre <Phú Vinh> & Cộng sự"
    pdf = render_payment_request(replace(REQUEST, exhibitor=replace(EXHIBITOR, name=name)))
    assert f"Kính gửi: {name}" in words_of(pdf)


def test_without_support_there_is_no_deduction_row():
    pdf = render_payment_request(replace(
        REQUEST, support_vnd=0, vat_vnd=1_120_000, total_vnd=15_120_000,
        exhibitor=replace(EXHIBITOR, tax_code=None)))
    text = words_of(pdf)
    assert "Hỗ trợ khuyến công" not in text and "Mã số thuế" not in text
    assert f"Tổng cộng {printed(15_120_000)}" in text
    assert "Bằng chữ: Mười lăm triệu một trăm hai mươi nghìn đồng" in text
    [payload] = decoded(pdfium.PdfDocument(pdf)[0])
    assert parse_tlv(payload)["54"] == "15120000"


def test_many_lines_flow_onto_a_second_page_with_the_code_intact():
    lines = [InvoiceLine(f"Thuê thêm bàn trưng bày số {n}", Decimal("1.5"), 200_000, 300_000)
             for n in range(1, 31)]
    pdf = render_payment_request(replace(
        REQUEST, lines=lines, subtotal_vnd=9_000_000, support_vnd=0, vat_vnd=720_000,
        total_vnd=9_720_000))
    document = pdfium.PdfDocument(pdf)
    text = words_of(pdf)
    assert len(document) == 2
    assert "HC2026-0001 · Trang 2" in text
    assert f"Thuê thêm bàn trưng bày số 30 1,5 {printed(200_000)} {printed(300_000)}" in text
    [payload] = [code for page in document for code in decoded(page)]
    assert parse_tlv(payload)["54"] == "9720000"
    assert_text_inside_margins(pdf)


@pytest.mark.parametrize("change", [
    {"subtotal_vnd": 14_000_001},
    {"total_vnd": 10_584_001},
    {"vat_vnd": 0},
])
def test_sums_that_do_not_add_up_are_refused(change):
    with pytest.raises(ValueError):
        render_payment_request(replace(REQUEST, **change))


def test_receipt_reads_back():
    pdf = render_receipt(RECEIPT)
    document = pdfium.PdfDocument(pdf)
    text = words_of(pdf)
    assert len(document) == 1
    for expected in [
        "BIÊN NHẬN THANH TOÁN",
        "Số: BN2026-0001",
        "Hà Nội, ngày 02 tháng 9 năm 2026",
        "Đơn vị nộp tiền: Hợp tác xã Gốm sứ Bát Tràng",
        "Thanh toán theo Giấy đề nghị thanh toán số HC2026-0001",
        f"Số tiền: {printed(10_584_000)}",
        "Bằng chữ: Mười triệu năm trăm tám mươi bốn nghìn đồng",
        "Mã giao dịch: FT26245819203",
        "Ngày nhận tiền: 02/09/2026",
        "Trần Thị Minh Hằng",
    ]:
        assert expected in text
    assert_only_be_vietnam_pro(pdf)
    assert_text_inside_margins(pdf)


def test_official_date_pads_only_early_days_and_months():
    pdf = render_receipt(replace(RECEIPT, issued_on=date(2026, 2, 3)))
    assert "Hà Nội, ngày 03 tháng 02 năm 2026" in words_of(pdf)
    pdf = render_receipt(replace(RECEIPT, issued_on=date(2026, 11, 20)))
    assert "Hà Nội, ngày 20 tháng 11 năm 2026" in words_of(pdf)
    # Issued at 20:00 UTC on 4 August: already 5 August in Hanoi.
    pdf = render_payment_request(replace(
        REQUEST, issued_on=datetime(2026, 8, 4, 20, 0, tzinfo=timezone.utc)))
    assert "Hà Nội, ngày 05 tháng 8 năm 2026" in words_of(pdf)
