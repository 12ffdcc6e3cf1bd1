"""Badges and tickets as PDF: name shrunk to fit, organisation, type colour band, days, QR.

One drawing function serves every size: a single A6 ticket, 4 × A6, 8 × A7 or
10 business cards on A4. Pages are drawn one item at a time from an iterator,
so thousands of badges never sit in memory as objects.
"""
import io
from datetime import date

from reportlab.lib.colors import HexColor, white
from reportlab.lib.units import mm

from fairapp.printing import BOLD, LAYOUTS, REGULAR, draw_fitted, draw_qr, new_canvas, tile

MARGIN = 4 * mm


def _days_text(days):
    return " · ".join(date.fromisoformat(d).strftime("%d/%m") for d in days)


def badge_fields(ticket, locale="vi"):
    """Everything a badge shows, as plain values (drawing needs no database access)."""
    ticket_type = ticket.type
    return {
        "fair": ticket.fair.name, "name": ticket.name, "organization": ticket.organization or "",
        "type": ticket_type.name if locale == "vi" else ticket_type.name_en,
        "color": ticket_type.badge_color, "days": _days_text(ticket.days), "code": ticket.code,
    }


def draw_badge(canvas, badge, x, y, w, h):
    """Draw one badge (a dict from badge_fields) in the box (x, y, w, h)."""
    portrait = h >= w
    band = min(h * (0.13 if portrait else 0.2), 16 * mm)
    canvas.setFillColor(HexColor(badge["color"]))
    canvas.rect(x, y + h - band, w, band, stroke=0, fill=1)
    canvas.setFillColor(white)
    draw_fitted(canvas, badge["type"].upper(), x + MARGIN, y + h - band * 0.68, w - 2 * MARGIN,
                font=BOLD, max_size=band * 0.5, min_size=6, align="center")
    canvas.setFillColor(HexColor("#222222"))
    if portrait:
        qr = min(w - 6 * MARGIN, h * 0.42)
        draw_fitted(canvas, badge["fair"], x + MARGIN, y + h - band - 5 * mm, w - 2 * MARGIN,
                    font=REGULAR, max_size=8, min_size=5, align="center")
        name_y = y + h - band - 0.19 * h
        draw_fitted(canvas, badge["name"], x + MARGIN, name_y, w - 2 * MARGIN, font=BOLD,
                    max_size=min(26, w / 11), min_size=8, align="center")
        draw_fitted(canvas, badge["organization"], x + MARGIN, name_y - 0.07 * h, w - 2 * MARGIN,
                    font=REGULAR, max_size=12, min_size=6, align="center")
        draw_qr(canvas, badge["code"], x + (w - qr) / 2, y + MARGIN + 7 * mm, qr)
        draw_fitted(canvas, badge["days"], x + MARGIN, y + MARGIN + 1.5 * mm, w - 2 * MARGIN,
                    font=BOLD, max_size=10, min_size=6, align="center")
    else:
        qr = min(h - band - 2 * MARGIN, w * 0.45)
        text_w = w - qr - 3 * MARGIN
        top = y + h - band
        draw_fitted(canvas, badge["fair"], x + MARGIN, top - 4 * mm, text_w, font=REGULAR,
                    max_size=7, min_size=4.5)
        draw_fitted(canvas, badge["name"], x + MARGIN, top - 0.42 * (h - band), text_w, font=BOLD,
                    max_size=min(18, h / 7), min_size=6)
        draw_fitted(canvas, badge["organization"], x + MARGIN, top - 0.62 * (h - band), text_w,
                    font=REGULAR, max_size=9, min_size=5)
        draw_fitted(canvas, badge["days"], x + MARGIN, y + MARGIN, text_w, font=BOLD, max_size=8, min_size=5)
        draw_qr(canvas, badge["code"], x + w - MARGIN - qr, y + MARGIN, qr)


def render_badges(badges, layout="a6", *, cut_marks=False, out=None, title=None):
    """Write badges (an iterable of badge_fields dicts) to `out` (a file) or return the PDF bytes."""
    sheet = LAYOUTS[layout]
    target = out if out is not None else io.BytesIO()
    canvas = new_canvas(target, sheet.page_size, title=title)
    canvas.setPageCompression(1)
    tile(canvas, sheet, badges, draw_badge, cut_marks=cut_marks)
    canvas.save()
    return None if out is not None else target.getvalue()


def ticket_pdf(ticket) -> bytes:
    """The e-mailed ticket: one A6 page in the ticket holder's language."""
    return render_badges([badge_fields(ticket, ticket.locale)], "a6", title=ticket.fair.name)
