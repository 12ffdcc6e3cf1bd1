"""Canvas factory so every fairapp PDF starts in FairSans, never Helvetica."""

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas

from .fonts import REGULAR, register_fonts

# ASCII85 on top of Flate makes every stream a quarter larger and, without the
# optional C accelerator, costs more time than drawing a badge; PDFs are binary anyway.
rl_config.useA85 = 0


def new_canvas(out, pagesize, *, title=None):
    """A ReportLab canvas writing to `out` (a path or binary file object).

    ReportLab's default starting font is Helvetica, which silently prints
    Vietnamese letters as black boxes; starting in FairSans means a missing
    setFont still prints readable text, and no Helvetica gets into the file.
    """
    register_fonts()
    canvas = Canvas(out, pagesize=pagesize, initialFontName=REGULAR)
    if title:
        canvas.setTitle(title)
    return canvas
