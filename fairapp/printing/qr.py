"""QR codes drawn as vector paths on a ReportLab canvas, or as PNG for e-mail."""

import io
import re

from PIL import Image

from .qrmatrix import qr_matrix

_DARK_RUN = re.compile(rb"\x01+")


def draw_qr(canvas, data, x, y, size, *, border=0, error_correction="M"):
    """Draw `data` as a QR code filling the square at (x, y) with side `size` pt.

    `border` is a white quiet zone, in modules, inside that square; leave it
    at 0 only where the surrounding design already leaves four modules blank.
    """
    matrix = qr_matrix(data, error_correction)
    module = size / (len(matrix) + 2 * border)
    canvas.saveState()
    if border:
        canvas.setFillGray(1)
        canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillGray(0)
    # Work in module units with y pointing down, like the matrix: coordinates
    # become small integers, which keeps the content stream small and fast to write.
    canvas.transform(module, 0, 0, -module, x + border * module, y + size - border * module)
    # One path, one fill: neighbouring modules get no hairline seams, and each
    # horizontal run of dark modules is a single rectangle.
    ops = [
        f"{start} {row} {end - start} 1 re"
        for row, cells in enumerate(matrix)
        for start, end in (run.span() for run in _DARK_RUN.finditer(bytes(cells)))
    ]
    ops.append("f")
    canvas.addLiteral("\n".join(ops))
    canvas.restoreState()


def qr_png_bytes(data, box_size=8, *, border=4, error_correction="M"):
    """PNG of `data` as a QR code, `box_size` pixels per module, for inline e-mail images."""
    matrix = qr_matrix(data, error_correction)
    n = len(matrix)
    pixels = bytes(0 if dark else 255 for row in matrix for dark in row)
    side = (n + 2 * border) * box_size
    image = Image.new("1", (side, side), 1)
    modules = Image.frombytes("L", (n, n), pixels).convert("1")
    image.paste(modules.resize((n * box_size, n * box_size), Image.NEAREST),
                (border * box_size, border * box_size))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
