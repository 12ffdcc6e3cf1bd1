"""A round's raw scores, parameters and ranking as CSV (zip of tables) and XLSX — enough to recompute it."""
import csv
import io
import zipfile

from openpyxl import Workbook

from fairapp.contest.scoring_export import RANKING_COLUMNS, sheet_rows, to_rows
from fairapp.contest.services.ranking import pool, rank_pool


def tables(round_):
    """{table name: (columns, rows)} for every category of the round."""
    settings_rows, criteria_rows, entry_rows, sheet_table, committee_rows, ranking_rows = [], [], [], [], [], []
    keys = [c.key for c in round_.criteria]
    settings = None
    for category in round_.contest.categories:
        p = pool(round_, category)
        settings = p.settings
        codes = {e.id: e.code for e in p.entries}
        entry_rows += [{"category": category.code, "entry_id": e.id, "entry_code": e.code} for e in p.entries]
        sheet_table += [{"category": category.code, "entry_code": codes[row["entry_id"]], **row}
                        for row in sheet_rows(p.criteria, p.sheets)]
        committee_rows += [{"category": category.code, "entry_id": entry_id, "position": position}
                           for entry_id, position in sorted(p.committee_order.items())]
        ranking_rows += [{"category": category.code, "entry_code": codes[row["entry_id"]], **row}
                         for row in to_rows(rank_pool(p))]
    criteria_rows = [{"key": c.key, "name": c.name, "weight": float(c.weight), "tiebreak": c.tiebreak}
                     for c in round_.criteria]
    if settings is not None:
        settings_rows = [{"name": name, "value": getattr(settings, name)}
                         for name in ("min_scores", "min_entries_for_normalisation", "disagreement_points",
                                      "trimmed_min_scores")]
    settings_rows += [{"name": "round", "value": round_.name}, {"name": "advance_percent",
                                                                 "value": round_.advance_percent}]
    return {
        "settings": (["name", "value"], settings_rows),
        "criteria": (["key", "name", "weight", "tiebreak"], criteria_rows),
        "entries": (["category", "entry_id", "entry_code"], entry_rows),
        "scores": (["category", "entry_code", "entry_id", "juror_id", *keys], sheet_table),
        "committee": (["category", "entry_id", "position"], committee_rows),
        "ranking": (["category", "entry_code", *RANKING_COLUMNS], ranking_rows),
    }


def _cell(value):
    return "" if value is None else value


def as_zip(round_) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, (columns, rows) in tables(round_).items():
            text = io.StringIO()
            writer = csv.DictWriter(text, fieldnames=columns, lineterminator="\r\n")
            writer.writeheader()
            writer.writerows({k: _cell(row.get(k)) for k in columns} for row in rows)
            # BOM so that Excel opens the Vietnamese text as UTF-8.
            archive.writestr(f"{name}.csv", ("\ufeff" + text.getvalue()).encode("utf-8"))
    return out.getvalue()


def as_xlsx(round_) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for name, (columns, rows) in tables(round_).items():
        sheet = book.create_sheet(name)
        sheet.append(columns)
        for row in rows:
            sheet.append([_cell(row.get(k)) for k in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
