"""Canvas factory so every fairapp PDF starts in FairSans, never Helvetica."""

from reportlab.pdfgen.canvas import Canvas

from .fonts import REGULAR, register_fonts


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
