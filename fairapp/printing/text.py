"""Single-line text that shrinks, then truncates, to fit a fixed width."""

import math
import unicodedata

from reportlab.pdfbase.pdfmetrics import stringWidth

from .fonts import BOLD, register_fonts

ELLIPSIS = "…"
SIZE_STEP = 0.5


def fit_font_size(text, font_name, max_width, max_size, min_size):
    """Largest size, stepping down from `max_size` by 0.5 pt, at which `text` fits.

    Returns `min_size` when not even that fits; `draw_fitted` then truncates.
    """
    register_fonts()
    if _fits(text, font_name, max_size, max_width):
        return max_size
    width_per_pt = stringWidth(text, font_name, 1)
    # Width grows linearly with size, so one division finds the step; the
    # loops only absorb floating-point error at the boundary.
    steps = math.ceil((max_size - max_width / width_per_pt) / SIZE_STEP)
    size = max_size - steps * SIZE_STEP
    while size + SIZE_STEP <= max_size and _fits(text, font_name, size + SIZE_STEP, max_width):
        size += SIZE_STEP
    while size > min_size and not _fits(text, font_name, size, max_width):
        size -= SIZE_STEP
    return max(size, min_size)


def truncate(text, font_name, size, max_width):
    """`text` if it fits `max_width`, else its longest prefix plus "…" that does ("" if none)."""
    register_fonts()
    if _fits(text, font_name, size, max_width):
        return text
    if not _fits(ELLIPSIS, font_name, size, max_width):
        return ""
    low, high = 0, len(text)  # invariant: text[:low] + "…" fits, text[:high] + "…" does not
    while high - low > 1:
        middle = (low + high) // 2
        if _fits(text[:middle].rstrip() + ELLIPSIS, font_name, size, max_width):
            low = middle
        else:
            high = middle
    # Never strand a combining mark without its base letter.
    while low and unicodedata.combining(text[low]):
        low -= 1
    return text[:low].rstrip() + ELLIPSIS


def draw_fitted(canvas, text, x, y, max_width, *, font=BOLD, max_size=24, min_size=7,
                align="left"):
    """Draw `text` on baseline `y` inside the box [x, x + max_width]; return the size used.

    `align` places the text in that box: "left", "center" or "right".
    """
    # ReportLab does no mark positioning, so decomposed input (NFD, as some
    # keyboards and macOS produce) would print accents beside their letters.
    text = unicodedata.normalize("NFC", text)
    size = fit_font_size(text, font, max_width, max_size, min_size)
    text = truncate(text, font, size, max_width)
    canvas.setFont(font, size)
    if align == "left":
        canvas.drawString(x, y, text)
    elif align == "center":
        canvas.drawCentredString(x + max_width / 2, y, text)
    elif align == "right":
        canvas.drawRightString(x + max_width, y, text)
    else:
        raise ValueError(f"align must be left, center or right, not {align!r}")
    return size


def _fits(text, font_name, size, max_width):
    return stringWidth(text, font_name, size) <= max_width
