"""Badge PDFs read back: every layout rasterised, every QR decoded and verified, Vietnamese text exact,
long names shrunk inside their cells, long runs joined from pieces into one valid file."""
import re

import pypdfium2.raw as pdfium_raw
import pytest

from fairapp.extensions import db
from fairapp.printing import LAYOUTS, cells
from fairapp.visitors.documents.badges import badge_fields, badge_values, render_badges, ticket_pdf
from fairapp.visitors.models import Ticket
from fairapp.visitors.services import codes
from fairapp.visitors.services.tickets import type_by_code
from tests.visitors.badge_pdf import all_codes, document, glyphs, page_codes, page_text

TYPES = ["visitor", "trade", "vip", "press", "exhibitor", "juror", "staff"]
LONG_NAME = ("Nghệ nhân Ưu tú Nguyễn Thị Phương Thảo Hoàng Lê Quỳnh Anh Đặng Văn Đức Trịnh Công Sơn "
             "Bùi Xuân Phái Tô Ngọc Vân Lưu Quang Vũ")[:120]
LONG_ORGANISATION = ("Hợp tác xã Gốm sứ Bát Tràng và làng nghề mây tre đan Phú Vinh, Chương Mỹ, Hà Nội – "
                     "chi nhánh trưng bày sản phẩm thủ công mỹ nghệ xuất khẩu số hai, tầng ba, nhà A")


def badges_for(app, ids, locale="vi"):
    with app.app_context():
        return [badge_fields(db.session.get(Ticket, i), locale) for i in ids]


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_every_qr_on_every_layout_decodes_to_a_genuine_code(app, issue, layout):
    count = LAYOUTS[layout].per_sheet + 1  # a full sheet and one badge on the next
    issued = [issue(f"Nguyễn Văn Khách {i}", TYPES[i % len(TYPES)], organization="HTX Gốm Bát Tràng")
              for i in range(count)]
    pdf = render_badges(badges_for(app, [i for i, _code in issued]), layout, cut_marks=True)
    pages = document(pdf)
    assert len(pages) == 2
    assert [len(page_codes(page)) for page in pages] == [count - 1, 1]
    decoded = all_codes(pdf)
    assert sorted(decoded) == sorted(code for _id, code in issued)
    with app.app_context():
        assert sorted(codes.verify(code).ticket_id for code in decoded) == sorted(i for i, _code in issued)


def test_vietnamese_text_reads_back_exactly(app, issue):
    ticket_id, _code = issue("Nguyễn Thị Ánh Tuyết", "press", organization="Báo Hà Nội Mới – Ban Văn hoá")
    [badge] = badges_for(app, [ticket_id])
    lines = page_text(document(render_badges([badge], "a6"))[0]).splitlines()
    assert "Nguyễn Thị Ánh Tuyết" in lines
    assert "Báo Hà Nội Mới – Ban Văn hoá" in lines
    assert "BÁO CHÍ" in lines
    assert "Hội chợ Quà tặng thủ công mỹ nghệ Hà Nội" in lines
    assert badge["days"] in lines


def test_no_break_space_prints_as_a_space(app, issue):
    # ReportLab's TTF writer maps U+00A0 to the space glyph (see tests/printing): the name still reads right.
    ticket_id, _code = issue()
    with app.app_context():
        ticket = db.session.get(Ticket, ticket_id)
        badge = badge_values(ticket.fair.name, ticket.type, name="Lê\u00a0Văn Ưng", organization="HTX Đông Hồ",
                             days=ticket.days, code=ticket.code)
    assert "Lê Văn Ưng" in page_text(document(render_badges([badge], "8xa7"))[0]).splitlines()


def test_ticket_pdf_speaks_the_holders_language(app, issue):
    ticket_id, code = issue("Jane Doe", locale="en")
    with app.app_context():
        pdf = ticket_pdf(db.session.get(Ticket, ticket_id))
    [page] = document(pdf)
    assert "GENERAL VISITOR" in page_text(page).splitlines()
    assert page_codes(page) == [code]


def _inside(box, rect, slack=0.5):
    left, bottom, right, top = box
    x, y, w, h = rect
    return left >= x - slack and right <= x + w + slack and bottom >= y - slack and top <= y + h + slack


def _size_at(page, text):
    index = page_text(page).find(text)
    assert index >= 0, f"{text!r} not on the page"
    return pdfium_raw.FPDFText_GetFontSize(page.get_textpage().raw, index)


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_a_very_long_name_is_shrunk_and_never_leaves_its_cell(app, issue, layout):
    sheet = LAYOUTS[layout]
    short_id, _code = issue("Lê Ánh", "visitor")
    long_id, _code = issue(LONG_NAME, "exhibitor", organization=LONG_ORGANISATION)
    ids = [short_id if i % 2 == 0 else long_id for i in range(sheet.per_sheet)]
    if len(ids) == 1:
        ids = [long_id]
    page = document(render_badges(badges_for(app, ids), layout, cut_marks=True))[0]
    rects = [(x, y, sheet.cell_width, sheet.cell_height) for x, y in cells(sheet)]
    drawn = glyphs(page)
    assert drawn
    for char, box, _size in drawn:
        assert any(_inside(box, rect) for rect in rects), f"{char!r} at {box} is outside every cell"
    # Each glyph stays in the cell of the badge it belongs to: the long texts never reach a neighbour.
    for index, rect in enumerate(rects):
        in_cell = "".join(char for char, box, _size in drawn if _inside(box, rect))
        assert ("Nghệ" in in_cell) == (ids[index] == long_id)
    first_words = " ".join(LONG_NAME.split()[:3])
    long_size = _size_at(page, first_words)
    short_size = _size_at(page, "Lê Ánh") if short_id in ids else None
    assert long_size < (short_size or 20)


@pytest.mark.parametrize("layout, chunk", [("a6", 4), ("4xa6", 4), ("10x90x54", 10)])
def test_pieces_are_joined_into_one_valid_pdf(app, issue, layout, chunk):
    count = 2 * chunk + 1  # three pieces
    issued = [issue(f"Phạm Thị Hoa {i}", TYPES[i % 3]) for i in range(count)]
    pdf = render_badges(badges_for(app, [i for i, _c in issued]), layout, chunk=chunk, title="Hội chợ")
    pages = document(pdf)
    assert len(pages) == -(-count // LAYOUTS[layout].per_sheet)  # pieces hold whole sheets
    # Badges keep their order across pieces.
    in_order = [code for page in pages for code in sorted(page_codes(page), key=[c for _i, c in issued].index)]
    assert in_order == [code for _id, code in issued]
    text = "\n".join(page_text(page) for page in pages)
    for i in range(count):
        assert f"Phạm Thị Hoa {i}" in text
    # Every piece brings its own font subsets; each gets its own name so printers never mix them up.
    subset_names = re.findall(rb"/BaseFont /([A-Z]{6}\+[\w-]+)", pdf)
    assert len(subset_names) == len(set(subset_names)) == 3 * 2
    assert document(pdf).get_metadata_dict()["Title"] == "Hội chợ"


def test_light_band_colours_get_dark_type(app, issue):
    ticket_id, _code = issue()
    with app.app_context():
        ticket = db.session.get(Ticket, ticket_id)
        ticket_type = type_by_code(ticket.fair, "visitor")
        ticket_type.badge_color = "#ffe066"
        badge = badge_fields(ticket)
        db.session.rollback()
    page = document(render_badges([badge], "a6"))[0]
    image = page.render(scale=1).to_pil().convert("L")
    band_text = [image.getpixel((x, 20)) for x in range(image.width)]
    assert min(band_text) < 80  # dark letters on the yellow band, not white ones
