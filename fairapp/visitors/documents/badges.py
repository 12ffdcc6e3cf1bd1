"""Badges and tickets as PDF: name shrunk to fit, organisation, type colour band, days, QR.

One drawing function serves every size: a single A6 ticket, 4 × A6, 8 × A7 or
10 business cards on A4. Items are drawn one at a time from an iterator and
long runs are rendered in pieces joined into one file, so memory stays flat
however many badges are printed.
"""
import io
from datetime import date

from reportlab.lib.colors import HexColor, white
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from fairapp.core.i18n import localized
from fairapp.printing import (
    BOLD, LAYOUTS, REGULAR, draw_fitted, draw_qr, fit_font_size, new_canvas, render_in_chunks, tile,
)

PAD = 4 * mm  # text keeps this far from the cell edge, so a slightly-off cut never clips it
QUIET_MODULES = 4  # white around the QR (ISO 18004), drawn inside its square
INK = HexColor("#222222")
# Vietnamese stacks marks above capitals (Ễ) and puts dots below (ạ): a line needs
# about 1.0 size above its baseline and 0.25 below.
ASCENT, LINE = 1.0, 1.25
# Badges per ReportLab piece: bounds memory, and each piece repeats the font subsets (~25 KB).
CHUNK_BADGES = 400


def _days_text(days):
    return " · ".join(date.fromisoformat(d).strftime("%d/%m") for d in days)


def badge_values(fair_name, ticket_type, *, name, organization, days, code, locale="vi"):
    """What a badge shows, from plain values (a bulk job reads columns, not objects)."""
    return {
        "fair": fair_name, "name": name, "organization": organization or "",
        "type": localized(ticket_type, locale=locale),
        "color": ticket_type.badge_color, "days": _days_text(days), "code": code,
    }


def badge_fields(ticket, locale="vi"):
    """Everything a ticket's badge shows, as plain values (drawing needs no database access)."""
    return badge_values(localized(ticket.fair, locale=locale), ticket.type, name=ticket.name, organization=ticket.organization,
                        days=ticket.days, code=ticket.code, locale=locale)


def _ink_on(color):
    # Organisers pick band colours: white text on dark ones, dark text on light ones.
    c = HexColor(color)
    return white if 0.2126 * c.red + 0.7152 * c.green + 0.0722 * c.blue < 0.6 else INK


def _two_lines(text, font, size):
    """The word break that makes the longer of the two lines shortest."""
    words = text.split()
    best = None
    for i in range(1, len(words)):
        first, second = " ".join(words[:i]), " ".join(words[i:])
        widest = max(stringWidth(first, font, size), stringWidth(second, font, size))
        if best is None or widest < best[0]:
            best = (widest, [first, second])
    return best[1] if best else [text]


def draw_block(canvas, text, x, top, width, height, *, font, max_size, min_size, align="center", valign="middle"):
    """`text` in the box (x, top - height, width, height): one line if it stays readable,
    else two balanced lines; shrunk to fit, truncated only below `min_size`. Returns the lines drawn."""
    if not text:
        return []
    one_max = max(min(max_size, height / LINE), min_size)
    one = fit_font_size(text, font, width, one_max, min_size)
    lines, size = [text], one
    truncated = stringWidth(text, font, one) > width
    if (one < 0.7 * one_max or truncated) and len(text.split()) > 1:
        two_max = max(min(max_size, height / (2 * LINE)), min_size)
        split = _two_lines(text, font, two_max)
        two = min(fit_font_size(line, font, width, two_max, min_size) for line in split)
        if two > one or truncated:  # two lines show more of a name than one cut short
            lines, size = split, two
    slack = height - len(lines) * LINE * size
    baseline = top - (slack / 2 if valign == "middle" else 0) - ASCENT * size
    for line in lines:
        draw_fitted(canvas, line, x, baseline, width, font=font, max_size=size, min_size=size, align=align)
        baseline -= LINE * size
    return lines


def _band(canvas, badge, x, y, w, h, band):
    canvas.setFillColor(HexColor(badge["color"]))
    canvas.rect(x, y + h - band, w, band, stroke=0, fill=1)
    canvas.setFillColor(_ink_on(badge["color"]))
    draw_block(canvas, badge["type"].upper(), x + PAD, y + h - band * 0.1, w - 2 * PAD, band * 0.8,
               font=BOLD, max_size=band * 0.5, min_size=6)
    canvas.setFillColor(INK)


def draw_badge(canvas, badge, x, y, w, h):
    """Draw one badge (a dict from badge_fields) in the box (x, y, w, h)."""
    if h >= w:
        _portrait(canvas, badge, x, y, w, h)
    else:
        _landscape(canvas, badge, x, y, w, h)


def _portrait(canvas, badge, x, y, w, h):
    band = min(0.13 * h, 16 * mm)
    _band(canvas, badge, x, y, w, h, band)
    inner = w - 2 * PAD
    top = y + h - band - 1.5 * mm
    draw_block(canvas, badge["fair"], x + PAD, top, inner, 6 * mm, font=REGULAR, max_size=9, min_size=5)
    draw_fitted(canvas, badge["days"], x + PAD, y + PAD + 1 * mm, inner, font=BOLD, max_size=11, min_size=6,
                align="center")
    qr = min(inner, 0.45 * h)
    qr_y = y + PAD + 7 * mm
    draw_qr(canvas, badge["code"], x + (w - qr) / 2, qr_y, qr, border=QUIET_MODULES)
    text_top, text_bottom = top - 7 * mm, qr_y + qr
    room = text_top - text_bottom
    draw_block(canvas, badge["name"], x + PAD, text_top, inner, 0.62 * room, font=BOLD,
               max_size=min(28, w / 10), min_size=7)
    draw_block(canvas, badge["organization"], x + PAD, text_top - 0.62 * room, inner, 0.38 * room,
               font=REGULAR, max_size=13, min_size=6, valign="top")


def _landscape(canvas, badge, x, y, w, h):
    band = min(0.2 * h, 16 * mm)
    _band(canvas, badge, x, y, w, h, band)
    qr = min(h - band - 3 * mm, 0.5 * w)
    # The QR's own quiet zone separates it from the text column.
    draw_qr(canvas, badge["code"], x + w - qr - 1 * mm, y + (h - band - qr) / 2, qr, border=QUIET_MODULES)
    text_w = w - qr - PAD - 1 * mm
    top = y + h - band - 1 * mm
    draw_fitted(canvas, badge["fair"], x + PAD, top - 3 * mm, text_w, font=REGULAR, max_size=7, min_size=4.5)
    draw_fitted(canvas, badge["days"], x + PAD, y + PAD, text_w, font=BOLD, max_size=9, min_size=5)
    text_top, text_bottom = top - 5 * mm, y + PAD + 5 * mm
    room = text_top - text_bottom
    draw_block(canvas, badge["name"], x + PAD, text_top, text_w, 0.62 * room, font=BOLD,
               max_size=min(20, h / 7), min_size=6, align="left")
    draw_block(canvas, badge["organization"], x + PAD, text_top - 0.62 * room, text_w, 0.38 * room,
               font=REGULAR, max_size=9, min_size=5, align="left", valign="top")


def _render_piece(badges, sheet, cut_marks, title, out):
    canvas = new_canvas(out, sheet.page_size, title=title)
    canvas.setPageCompression(1)
    tile(canvas, sheet, badges, draw_badge, cut_marks=cut_marks)
    canvas.save()


def render_badges(badges, layout="a6", *, cut_marks=False, out=None, title=None, chunk=CHUNK_BADGES):
    """Write badges (an iterable of badge_fields dicts) to `out` (a binary file) or return the PDF bytes."""
    sheet = LAYOUTS[layout]
    target = out if out is not None else io.BytesIO()
    per_piece = -(-chunk // sheet.per_sheet) * sheet.per_sheet  # whole sheets in every piece
    render_in_chunks(target, badges, lambda items, file: _render_piece(items, sheet, cut_marks, title, file),
                     chunk_size=per_piece)
    return None if out is not None else target.getvalue()


def ticket_pdf(ticket) -> bytes:
    """The e-mailed ticket: one A6 page in the ticket holder's language."""
    return render_badges([badge_fields(ticket, ticket.locale)], "a6", title=ticket.fair.name)
