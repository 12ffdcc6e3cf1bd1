"""Booths in bulk from a CSV or XLSX sheet: every row is checked first, then all are added, or none."""
import re

from flask_babel import gettext as _
from sqlalchemy import select

from fairapp.core import audit
from fairapp.core.errors import DomainError
from fairapp.core.spreadsheets import cell_text, read_table
from fairapp.exhibitors.models import Booth, Hall
from fairapp.exhibitors.services.setup import check_booth
from fairapp.extensions import db

COLUMNS = ("code", "hall", "type", "width_m", "depth_m", "open_sides", "price_vnd", "x_m", "y_m",
           "polygon", "blocked", "block_reason")
REQUIRED = ("code", "hall", "type", "width_m", "depth_m", "price_vnd", "x_m", "y_m")
MAX_ROWS = 5000
TRUE = {"1", "true", "yes", "x", "y"}
FALSE = {"", "0", "false", "no", "n"}
EXAMPLE = [
    ("A-01", "A", "corner", "3", "3", "2", "14000000", "2", "2", "", "", ""),
    ("A-02", "A", "standard", "3", "3", "1", "12000000", "5", "2", "", "", ""),
    ("A-07", "A", "raw", "6", "6", "3", "30000000", "20", "2", "20,2; 26,2; 26,5; 23,8; 20,8", "", ""),
    ("A-08", "A", "standard", "3", "3", "1", "12000000", "29", "2", "", "yes", "Pillar"),
]


class ImportRefused(DomainError):
    """The sheet has problems; `problems` is [(row number, message)], nothing was stored."""

    def __init__(self, problems):
        super().__init__(_("Nothing was imported: %(n)d problems in the file.", n=len(problems)), code="import")
        self.problems = problems


def _cell(row, index):
    return "" if index is None or index >= len(row) else cell_text(row[index])


def _integer(text, message):
    digits = re.sub(r"[\s.,₫]|VND|vnd|đ", "", text)
    if not re.fullmatch(r"\d+", digits):
        raise DomainError(message)
    return int(digits)


def _row_values(get, halls):
    hall = halls.get(get("hall").upper())
    if hall is None:
        raise DomainError(_("Hall %(hall)s does not exist at this fair.", hall=get("hall")))
    blocked = get("blocked").lower()
    if blocked not in TRUE | FALSE:
        raise DomainError(_("Blocked: write yes or leave it empty."))
    sides = get("open_sides") or "1"
    return {
        "code": get("code"), "hall_id": hall.id, "booth_type": get("type").lower(),
        "width_m": get("width_m"), "depth_m": get("depth_m"), "x_m": get("x_m"), "y_m": get("y_m"),
        "open_sides": _integer(sides, _("Open sides: a whole number from 0 to 4.")),
        "price_vnd": _integer(get("price_vnd"), _("The price is a whole number of VND, 0 or more.")),
        "polygon": get("polygon"), "blocked": blocked in TRUE, "block_reason": get("block_reason"),
    }


def import_booths(fair, filename, data):
    """Add every booth of the sheet, or raise ImportRefused listing each row's problem."""
    header, rows = read_table(filename, data, max_rows=MAX_ROWS)
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise DomainError(_("The first row must name the columns; missing: %(columns)s.",
                            columns=", ".join(missing)), field="file")
    if not rows:
        raise DomainError(_("The file has no booths."), field="file")
    index = {name: header.index(name) if name in header else None for name in COLUMNS}
    halls_by_code = {h.code: h for h in db.session.scalars(select(Hall).where(Hall.fair_id == fair.id))}
    halls_by_id = {h.id: h for h in halls_by_code.values()}
    taken = set(db.session.scalars(select(Booth.code).where(Booth.fair_id == fair.id)))
    problems, checked = [], []
    for number, row in rows:
        def get(name, row=row):
            return _cell(row, index[name])

        try:
            values = check_booth(fair, _row_values(get, halls_by_code), halls=halls_by_id, codes_taken=taken)
        except DomainError as exc:
            problems.append((number, exc.message))
            continue
        taken.add(values["code"])
        checked.append(values)
    if problems:
        raise ImportRefused(problems)
    booths = [Booth(fair_id=fair.id, **values) for values in checked]
    db.session.add_all(booths)
    db.session.flush()
    audit.record("booth.import", "fair", fair.id, after={"filename": filename, "booths": len(booths),
                                                          "codes": [b.code for b in booths][:50]})
    return booths
