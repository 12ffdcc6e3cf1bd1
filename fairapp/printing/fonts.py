"""Be Vietnam Pro registered with ReportLab once, so every PDF can print Vietnamese."""

import threading

from fontpkg_be_vietnam_pro import ROOT
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "FairSans"
BOLD = "FairSans-Bold"
ITALIC = "FairSans-Italic"
BOLD_ITALIC = "FairSans-BoldItalic"

_FILES = {
    REGULAR: "BeVietnamPro-Regular.ttf",
    BOLD: "BeVietnamPro-Bold.ttf",
    ITALIC: "BeVietnamPro-Italic.ttf",
    BOLD_ITALIC: "BeVietnamPro-BoldItalic.ttf",
}

_registered = False
# Parsing four TTFs takes milliseconds; the lock keeps two request threads
# from doing it twice, the flag makes every later call a single check.
_lock = threading.Lock()


def register_fonts():
    """Register the FairSans family with ReportLab; later calls do nothing."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, filename in _FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(ROOT / "files" / filename)))
        # Lets <b> and <i> inside Paragraphs pick the matching faces.
        pdfmetrics.registerFontFamily(
            REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
        )
        _registered = True
