"""Shared PDF drawing for fairapp: fonts, QR codes, fitted text and tiling cells onto printed pages."""

from .chunked import PdfJoiner, render_in_chunks
from .document import new_canvas
from .fonts import BOLD, BOLD_ITALIC, ITALIC, REGULAR, register_fonts
from .qr import draw_qr, qr_png_bytes
from .qrmatrix import qr_matrix
from .tiling import LAYOUTS, SheetLayout, cells, draw_cut_marks, tile
from .text import ELLIPSIS, draw_fitted, fit_font_size, truncate

__all__ = [
    "new_canvas", "PdfJoiner", "render_in_chunks",
    "BOLD", "BOLD_ITALIC", "ITALIC", "REGULAR", "register_fonts",
    "draw_qr", "qr_png_bytes", "qr_matrix",
    "LAYOUTS", "SheetLayout", "cells", "draw_cut_marks", "tile",
    "ELLIPSIS", "draw_fitted", "fit_font_size", "truncate",
]
