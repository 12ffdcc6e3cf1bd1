"""Page-fit arithmetic for tiling badge-sized cells onto printable sheets."""

from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, A6
from reportlab.lib.units import mm

MARK_LENGTH = 5 * mm
# Keeps a slightly-off cut from showing the mark on the badge edge.
MARK_GAP = 1.5 * mm
MARK_LINE_WIDTH = 0.25


@dataclass(frozen=True)
class SheetLayout:
    """A grid of equal, abutting cells centred on a page (all sizes in points)."""

    name: str
    page_size: tuple
    cell_width: float
    cell_height: float
    columns: int
    rows: int

    def __post_init__(self):
        if self.margin_x < 0 or self.margin_y < 0:
            raise ValueError(f"{self.name}: {self.columns}x{self.rows} cells do not fit the page")

    @property
    def per_sheet(self):
        return self.columns * self.rows

    @property
    def margin_x(self):
        return (self.page_size[0] - self.columns * self.cell_width) / 2

    @property
    def margin_y(self):
        return (self.page_size[1] - self.rows * self.cell_height) / 2


# Cells abut, so one straight cut separates two neighbours.
LAYOUTS = {
    layout.name: layout
    for layout in (
        SheetLayout("a6", A6, 105 * mm, 148 * mm, 1, 1),
        SheetLayout("4xa6", A4, 105 * mm, 148 * mm, 2, 2),
        # A7 turned landscape (105 x 74 mm): eight of them exactly halve A4 three times.
        SheetLayout("8xa7", A4, 105 * mm, 74 * mm, 2, 4),
        SheetLayout("10x90x54", A4, 90 * mm, 54 * mm, 2, 5),
    )
}


def cells(layout):
    """Lower-left (x, y) of every cell, left to right, then top to bottom."""
    top = layout.page_size[1] - layout.margin_y
    return [
        (layout.margin_x + column * layout.cell_width, top - (row + 1) * layout.cell_height)
        for row in range(layout.rows)
        for column in range(layout.columns)
    ]


def draw_cut_marks(canvas, layout):
    """Draw crop marks in the page margins, in line with every cell edge.

    A side whose margin is too narrow for a mark (A6 and A7 sheets fill
    nearly the whole page) gets none: its cuts are at the sheet's middles.
    """
    left, bottom = layout.margin_x, layout.margin_y
    right = left + layout.columns * layout.cell_width
    top = bottom + layout.rows * layout.cell_height
    xs = [left + i * layout.cell_width for i in range(layout.columns + 1)]
    ys = [bottom + i * layout.cell_height for i in range(layout.rows + 1)]
    length_x = min(MARK_LENGTH, layout.margin_x - MARK_GAP)
    length_y = min(MARK_LENGTH, layout.margin_y - MARK_GAP)
    marks = []
    if length_y > 0:
        for x in xs:
            marks.append((x, bottom - MARK_GAP, x, bottom - MARK_GAP - length_y))
            marks.append((x, top + MARK_GAP, x, top + MARK_GAP + length_y))
    if length_x > 0:
        for y in ys:
            marks.append((left - MARK_GAP, y, left - MARK_GAP - length_x, y))
            marks.append((right + MARK_GAP, y, right + MARK_GAP + length_x, y))
    if marks:
        canvas.saveState()
        canvas.setStrokeGray(0)
        canvas.setLineWidth(MARK_LINE_WIDTH)
        canvas.lines(marks)
        canvas.restoreState()


def tile(canvas, layout, items, draw_one, cut_marks=False):
    """Draw each item into the next free cell, starting a new sheet when one is full.

    Calls `draw_one(canvas, item, x, y, width, height)` per item, inside its
    own saved graphics state. Items are consumed one at a time, so a
    generator of thousands works. Returns the number of sheets drawn.
    """
    canvas.setPageSize(layout.page_size)
    origins = cells(layout)
    sheets = 0
    for index, item in enumerate(items):
        slot = index % layout.per_sheet
        if slot == 0:
            if sheets:
                canvas.showPage()
            sheets += 1
            if cut_marks:
                draw_cut_marks(canvas, layout)
        x, y = origins[slot]
        canvas.saveState()
        draw_one(canvas, item, x, y, layout.cell_width, layout.cell_height)
        canvas.restoreState()
    if sheets:
        canvas.showPage()
    return sheets
