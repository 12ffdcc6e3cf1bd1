"""fairapp.printing read back from real PDFs: Vietnamese text, vector QR codes, sheets."""

import io
import re
import unicodedata

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest
import qrcode
import zxingcpp
from PIL import Image
from reportlab.lib.pagesizes import A6
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth

from fairapp.printing import (
    BOLD, ELLIPSIS, LAYOUTS, REGULAR, SheetLayout, cells, draw_cut_marks, draw_fitted, draw_qr,
    fit_font_size, new_canvas, qr_matrix, qr_png_bytes, register_fonts, tile,
)
from fairapp.printing.qrmatrix import ERROR_CORRECTION

# The price as Babel formats it: a no-break space before the đồng sign.
ARTISAN_LINE = "Nghệ nhân Ưu tú Nguyễn Văn Đức – Bát Tràng – 1.500.000\u00a0₫"
QR_DATA = "FAIR-TEST-QR-0147"
RENDER_SCALE = 200 / 72
LINE_X, LINE_Y, LINE_WIDTH = 10 * mm, 120 * mm, 85 * mm


def make_pdf(draw, pagesize=A6):
    out = io.BytesIO()
    canvas = new_canvas(out, pagesize)
    draw(canvas)
    canvas.save()
    return out.getvalue()


def one_page(draw):
    def draw_and_show(canvas):
        draw(canvas)
        canvas.showPage()
    return pdfium.PdfDocument(make_pdf(draw_and_show))[0]


def page_text(page):
    return page.get_textpage().get_text_range()


def decoded(page):
    image = page.render(scale=RENDER_SCALE).to_pil()
    return [result.text for result in zxingcpp.read_barcodes(image)]


def object_types(page):
    return [obj.type for obj in page.get_objects()]


@pytest.fixture(scope="module")
def artisan_pdf():
    def draw(canvas):
        draw_fitted(canvas, ARTISAN_LINE, LINE_X, LINE_Y, LINE_WIDTH, min_size=5)
        draw_qr(canvas, QR_DATA, 27.5 * mm, 20 * mm, 50 * mm, border=4)
        canvas.showPage()
    return make_pdf(draw)


def test_vietnamese_line_reads_back_exactly(artisan_pdf):
    # ReportLab's TTF writer turns U+00A0 into the space character code
    # (ttfonts.py: "map nbsp into space") and its ToUnicode map says U+0020,
    # so no reader can recover the no-break space; every other character must survive.
    expected = ARTISAN_LINE.replace("\u00a0", " ")
    assert page_text(pdfium.PdfDocument(artisan_pdf)[0]) == expected


def test_qr_decodes_to_the_exact_data(artisan_pdf):
    assert decoded(pdfium.PdfDocument(artisan_pdf)[0]) == [QR_DATA]


def test_uppercase_data_uses_alphanumeric_mode():
    # 17 characters fit a version-1 symbol (21 modules) at level M only in
    # alphanumeric mode; as bytes they would need version 2.
    assert len(qr_matrix(QR_DATA)) == 21


def test_text_is_set_in_embedded_be_vietnam_pro_not_helvetica(artisan_pdf):
    base_fonts = re.findall(rb"/BaseFont\s*/([^\s/<>\[\]]+)", artisan_pdf)
    assert base_fonts
    assert all(re.fullmatch(rb"[A-Z]{6}\+BeVietnamPro-Bold", name) for name in base_fonts)
    assert b"Helvetica" not in artisan_pdf
    page = pdfium.PdfDocument(artisan_pdf)[0]
    [text_object] = page.get_objects(filter=[pdfium_raw.FPDF_PAGEOBJ_TEXT])
    font = text_object.get_font()
    assert font.is_embedded and "BeVietnamPro-Bold" in font.get_base_name()


def test_qr_is_a_single_vector_path():
    page = one_page(lambda canvas: draw_qr(canvas, QR_DATA, 80, 150, 140))
    assert object_types(page) == [pdfium_raw.FPDF_PAGEOBJ_PATH]
    assert pdfium_raw.FPDF_PAGEOBJ_IMAGE not in object_types(page)
    assert decoded(page) == [QR_DATA]


@pytest.mark.parametrize("data, level", [
    ("FAIR-TEST-QR-0147", "M"),
    ("0123456789" * 5, "L"),
    ("https://hoichotet.example/ve/9f2c?lang=vi", "Q"),
    ("Vé tham quan – Hội chợ quà tặng Hà Nội", "H"),
    ("V1." + "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567" * 6, "M"),  # version 7+: version info blocks
])
def test_mask_choice_matches_stock_qrcode(data, level):
    stock = qrcode.QRCode(error_correction=ERROR_CORRECTION[level], border=0)
    stock.add_data(data)
    stock.make(fit=True)
    assert [list(row) for row in qr_matrix(data, level)] == stock.get_matrix()


def test_png_for_email_decodes():
    image = Image.open(io.BytesIO(qr_png_bytes(QR_DATA, box_size=8)))
    assert image.format == "PNG" and image.size == ((21 + 2 * 4) * 8,) * 2
    assert [result.text for result in zxingcpp.read_barcodes(image)] == [QR_DATA]


def test_fonts_register_once():
    register_fonts()
    bold = pdfmetrics.getFont(BOLD)
    register_fonts()
    assert pdfmetrics.getFont(BOLD) is bold


LONG_NAME = "Nghệ nhân Nguyễn Thị Phương Thảo – Gốm sứ Bát Tràng"


def test_long_name_gets_a_smaller_size_that_fits():
    short = fit_font_size("Lê Thị Ánh", BOLD, LINE_WIDTH, 24, 7)
    long = fit_font_size(LONG_NAME, BOLD, LINE_WIDTH, 24, 7)
    assert short == 24
    assert 7 < long < short
    assert (long * 2) % 1 == 0
    assert stringWidth(LONG_NAME, BOLD, long) <= LINE_WIDTH
    assert stringWidth(LONG_NAME, BOLD, long + 0.5) > LINE_WIDTH


@pytest.mark.parametrize("text", ["Lê Thị Ánh", ARTISAN_LINE, LONG_NAME, LONG_NAME * 3])
def test_drawn_text_never_exceeds_the_box(text):
    sizes = []
    page = one_page(lambda canvas: sizes.append(
        draw_fitted(canvas, text, LINE_X, LINE_Y, LINE_WIDTH, max_size=24, min_size=7)))
    drawn = page_text(page)
    assert stringWidth(drawn, BOLD, sizes[0]) <= LINE_WIDTH


def test_text_too_long_even_at_min_size_ends_with_ellipsis():
    sizes = []
    page = one_page(lambda canvas: sizes.append(
        draw_fitted(canvas, LONG_NAME * 3, LINE_X, LINE_Y, LINE_WIDTH, min_size=7)))
    drawn = page_text(page)
    assert sizes == [7]
    assert drawn.endswith(ELLIPSIS) and not drawn.endswith(" " + ELLIPSIS)
    assert (LONG_NAME * 3).startswith(drawn[:-1])


def test_decomposed_input_prints_composed_letters():
    name = unicodedata.normalize("NFD", "Nguyễn Văn Đức")
    page = one_page(lambda canvas: draw_fitted(canvas, name, LINE_X, LINE_Y, LINE_WIDTH))
    assert page_text(page) == "Nguyễn Văn Đức"


@pytest.mark.parametrize("align, anchor", [
    ("left", LINE_X), ("center", LINE_X + LINE_WIDTH / 2), ("right", LINE_X + LINE_WIDTH),
])
def test_alignment_is_within_the_box(align, anchor):
    page = one_page(lambda canvas: draw_fitted(
        canvas, "HHHH", LINE_X, LINE_Y, LINE_WIDTH, font=REGULAR, max_size=20, align=align))
    [text_object] = page.get_objects(filter=[pdfium_raw.FPDF_PAGEOBJ_TEXT])
    left, _, right, _ = text_object.get_bounds()
    ink = {"left": left, "center": (left + right) / 2, "right": right}[align]
    assert ink == pytest.approx(anchor, abs=2)  # side bearings of "H"


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=LAYOUTS.keys())
def test_cells_lie_on_the_page_without_overlap(layout):
    page_width, page_height = layout.page_size
    boxes = [(x, y, x + layout.cell_width, y + layout.cell_height) for x, y in cells(layout)]
    assert len(boxes) == layout.columns * layout.rows
    for x0, y0, x1, y1 in boxes:
        assert 0 <= x0 and x1 <= page_width + 1e-6 and 0 <= y0 and y1 <= page_height + 1e-6
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            overlap_width = min(a[2], b[2]) - max(a[0], b[0])
            overlap_height = min(a[3], b[3]) - max(a[1], b[1])
            assert overlap_width < 1e-6 or overlap_height < 1e-6
    # Reading order: the first cell is top left, the second to its right.
    assert boxes[0][3] == pytest.approx(page_height - layout.margin_y)
    assert boxes[0][0] == pytest.approx(layout.margin_x)
    if layout.columns > 1:
        assert boxes[1][0] > boxes[0][0] and boxes[1][1] == boxes[0][1]


def test_layout_that_does_not_fit_is_rejected():
    with pytest.raises(ValueError):
        SheetLayout("3xa6", A6, 105 * mm, 148 * mm, 3, 1)


def draw_badge(canvas, data, x, y, width, height):
    draw_fitted(canvas, data, x + 5 * mm, y + height - 15 * mm, width - 10 * mm)
    draw_qr(canvas, data, x + (width - 60 * mm) / 2, y + 20 * mm, 60 * mm, border=4)


def test_ten_badges_on_4xa6_make_three_sheets_of_readable_codes():
    badges = [f"FAIR-BADGE-{number:04d}" for number in range(10)]
    sheets = []
    pdf = pdfium.PdfDocument(make_pdf(lambda canvas: sheets.append(
        tile(canvas, LAYOUTS["4xa6"], iter(badges), draw_badge))))
    assert sheets == [3] and len(pdf) == 3
    per_page = [decoded(page) for page in pdf]
    assert [len(codes) for codes in per_page] == [4, 4, 2]
    assert {code for codes in per_page for code in codes} == set(badges)
    assert pdf[0].get_size() == pytest.approx(LAYOUTS["4xa6"].page_size)


def test_cut_marks_stay_in_the_margins():
    layout = LAYOUTS["10x90x54"]
    page = one_page(lambda canvas: draw_cut_marks(canvas, layout))
    image = page.render(scale=RENDER_SCALE, grayscale=True).to_pil()
    dark = [(i % image.width, i // image.width)
            for i, value in enumerate(image.tobytes()) if value < 200]
    grid_left, grid_top = layout.margin_x * RENDER_SCALE, layout.margin_y * RENDER_SCALE
    grid_right, grid_bottom = image.width - grid_left, image.height - grid_top
    assert dark
    assert not [(px, py) for px, py in dark
                if grid_left <= px <= grid_right and grid_top <= py <= grid_bottom]


def test_sheets_without_margins_get_no_cut_marks():
    page = one_page(lambda canvas: draw_cut_marks(canvas, LAYOUTS["4xa6"]))
    assert object_types(page) == []
