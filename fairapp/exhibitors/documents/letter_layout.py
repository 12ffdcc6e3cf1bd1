"""The A4 layout of a Vietnamese administrative document: margins, type styles, letterhead, signatures, footer."""
import io
import unicodedata
from datetime import datetime
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate, Frame, HRFlowable, KeepTogether, PageTemplate, Paragraph, Spacer, Table, TableStyle,
)

from fairapp.core.i18n import to_local
from fairapp.printing import BOLD, ITALIC, REGULAR, draw_fitted, new_canvas

PAGE_WIDTH, PAGE_HEIGHT = A4
# A wider left edge for binding, as on Vietnamese administrative papers; narrower than
# Decree 30/2020's 30 mm left and 20 mm top so a request and its QR code fit one A4 page.
LEFT, RIGHT, TOP, BOTTOM = 25 * mm, 15 * mm, 12 * mm, 22 * mm
WIDTH = PAGE_WIDTH - LEFT - RIGHT
LINE_GREY = colors.Color(0.55, 0.55, 0.55)
SHADE = colors.Color(0.93, 0.93, 0.93)


def paragraph_style(name, font=REGULAR, size=10.5, leading=None, align=TA_LEFT, before=0, after=0):
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading or size * 1.35,
                          alignment=align, spaceBefore=before, spaceAfter=after)


BODY = paragraph_style("body", align=TA_JUSTIFY, after=2 * mm)
CELL = paragraph_style("cell", size=10)
CELL_BOLD = paragraph_style("cell-bold", font=BOLD, size=10)
CELL_ITALIC = paragraph_style("cell-italic", font=ITALIC, size=10)
CELL_RIGHT = paragraph_style("cell-right", size=10, align=TA_RIGHT)
CELL_RIGHT_BOLD = paragraph_style("cell-right-bold", font=BOLD, size=10, align=TA_RIGHT)
HEAD = paragraph_style("head", font=BOLD, size=10, align=TA_CENTER)
SMALL_CENTRE = paragraph_style("small-centre", size=9, align=TA_CENTER)
CAPTION = paragraph_style("caption", font=ITALIC, size=8.5, leading=11, align=TA_CENTER)
CAPTION_LEFT = paragraph_style("caption-left", font=ITALIC, size=8.5, leading=11)
AGENCY = paragraph_style("agency", size=10, leading=13, align=TA_CENTER)
AGENCY_BOLD = paragraph_style("agency-bold", font=BOLD, size=10, leading=13, align=TA_CENTER)
NATION = paragraph_style("nation", font=BOLD, size=10.5, leading=14, align=TA_CENTER)
MOTTO = paragraph_style("motto", font=BOLD, size=11.5, leading=14, align=TA_CENTER)
DATED = paragraph_style("dated", font=ITALIC, size=10.5, align=TA_CENTER)
TITLE = paragraph_style("title", font=BOLD, size=16, align=TA_CENTER, before=7 * mm)
SUBTITLE = paragraph_style("subtitle", font=ITALIC, size=11, align=TA_CENTER, before=0.5 * mm, after=4 * mm)
ADDRESSEE = paragraph_style("addressee", font=BOLD, size=12, align=TA_CENTER, after=2.5 * mm)
SECTION = paragraph_style("section", font=BOLD, size=11, before=3 * mm, after=2 * mm)
SMALL = paragraph_style("small", size=9, leading=12)
NOTES = paragraph_style("notes", align=TA_JUSTIFY, before=2.5 * mm)


def nfc(text):
    # ReportLab does no mark positioning: decomposed accents would print beside their letters.
    return unicodedata.normalize("NFC", str(text or ""))


def para(text, style, raw=False):
    """A Paragraph of plain `text` (escaped), or of ReportLab markup when `raw`."""
    return Paragraph(text if raw else escape(nfc(text)), style)


def letterhead(organiser, number, place, issued_on):
    """Agency on the left, national motto on the right, as on every Vietnamese official letter."""
    agency = []
    if organiser.governing_body:
        agency.append(para(organiser.governing_body.upper(), AGENCY))
    agency += [para(organiser.name.upper(), AGENCY_BOLD), rule(22 * mm),
               para(f"Số: {number}", SMALL_CENTRE)]
    nation = [
        para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", NATION),
        para("Độc lập - Tự do - Hạnh phúc", MOTTO),
        rule(48 * mm),
        para(f"{place}, {long_date(issued_on)}", DATED),
    ]
    return [table([[agency, nation]], [72 * mm, WIDTH - 72 * mm],
                  [("ALIGN", (0, 0), (-1, -1), "CENTER")])]


def label_table(rows, label_width, styles=None):
    """Label/value rows with values wrapping in their column; empty values are left out."""
    styles = styles or {}
    data = [[para(label, CELL), para(value, styles.get(label, CELL))]
            for label, value in rows if value]
    return table(data, [label_width, WIDTH - label_width],
                 [("BOTTOMPADDING", (0, 0), (-1, -1), 3)])


def signatures(organiser, receivers=("Như trên;", "Lưu: VT, KT.")):
    """"Nơi nhận" (who gets a copy) on the left, the organiser's signature on the right."""
    receivers = [para("<b><i>Nơi nhận:</i></b>", SMALL, raw=True),
                 *(para(f"- {receiver}", SMALL) for receiver in receivers)]
    signer = [para("ĐẠI DIỆN ĐƠN VỊ TỔ CHỨC", HEAD),
              para("(Ký, ghi rõ họ tên và đóng dấu)", CAPTION),
              Spacer(1, 17 * mm),
              para(organiser.representative, HEAD)]
    return KeepTogether([table([[receivers, signer]], [WIDTH - 80 * mm, 80 * mm], spaceBefore=3 * mm)])


def table(rows, widths, commands=(), **options):
    """A Table laid out from the top of each cell without padding unless `commands` add it.

    Its cells are set in FairSans: ReportLab would draw plain-string cells,
    even empty ones, in Helvetica and so put that font into the file.
    """
    grid = Table(rows, colWidths=widths, **options)
    grid.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR),
                              ("VALIGN", (0, 0), (-1, -1), "TOP"),
                              *no_padding(), *commands]))
    return grid


def build(story, organiser, number, title):
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
        draw_fitted(canvas, nfc(organiser.name), LEFT, BOTTOM - 10 * mm, WIDTH - 30 * mm,
                    font=BOLD, max_size=8, min_size=6)
        draw_fitted(canvas, nfc(contact), LEFT, BOTTOM - 14 * mm, WIDTH - 30 * mm,
                    font=REGULAR, max_size=8, min_size=6)
        draw_fitted(canvas, f"{number} · Trang {doc.page}", PAGE_WIDTH - RIGHT - 28 * mm,
                    BOTTOM - 10 * mm, 28 * mm, font=REGULAR, max_size=8, min_size=6,
                    align="right")
        canvas.restoreState()

    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=footer)])
    # new_canvas starts every page in FairSans, so no Helvetica gets into the file.
    doc.build(story, canvasmaker=lambda filename, pagesize, **_: new_canvas(filename, pagesize))
    return out.getvalue()


def rule(length):
    """The short centred line under an agency name or the national motto."""
    return HRFlowable(width=length, thickness=0.6, lineCap="butt", color=colors.black,
                      spaceBefore=1.5 * mm, spaceAfter=1.5 * mm)


def no_padding():
    return [(side, (0, 0), (-1, -1), 0)
            for side in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")]


def long_date(day):
    """'ngày 05 tháng 02 năm 2026': official style pads days 1-9 and months 1-2 only."""
    if isinstance(day, datetime):
        day = to_local(day).date()
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"
