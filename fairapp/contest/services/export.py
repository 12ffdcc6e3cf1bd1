"""A round's raw scores, parameters and ranking as flat tables, a zip of CSVs and an XLSX book: enough to recompute it.

The ranking rows are what the jury reads; the sheet rows are what makes it checkable: parsed
back with `sheets_from_rows` and ranked with the same criteria, settings and committee order,
they give an identical `RankingResult`. Scores are written as Python floats, whose text form
reads back to the same number, so nothing is lost on the way.
"""
from collections.abc import Callable, Hashable, Iterable, Mapping

from fairapp.contest.services.ranking import pool, rank_pool
from fairapp.contest.services.scoring import DIGITS, Criterion, RankingResult, Sheet
from fairapp.core.spreadsheets import write_csv_zip, write_table

RANKING_COLUMNS = (
    "rank", "entry_id", "method", "primary_score", "n_scores", "mean", "median", "trimmed_mean",
    "normalised_score", "tiebreak_subtotal", "high_scores", "tie_break", "unresolved_tie",
    "below_quorum", "disagreement_jurors",
)


def to_rows(result: RankingResult) -> list[dict]:
    """One row per entry, ranked ones first; figures rounded to the 6 decimals the ranking compared."""
    def figure(value):
        return None if value is None else round(value, DIGITS)

    return [{
        "rank": e.rank, "entry_id": e.entry_id, "method": result.method,
        "primary_score": figure(e.primary_score), "n_scores": e.n_scores, "mean": figure(e.mean),
        "median": figure(e.median), "trimmed_mean": figure(e.trimmed_mean),
        "normalised_score": figure(e.normalised_score), "tiebreak_subtotal": figure(e.tiebreak_subtotal),
        "high_scores": e.high_scores, "tie_break": e.tie_break, "unresolved_tie": e.unresolved_tie,
        "below_quorum": e.below_quorum,
        "disagreement_jurors": " ".join(str(juror_id) for juror_id in e.disagreement_jurors),
    } for e in (*result.rows, *result.unranked)]


def sheet_rows(criteria: Iterable[Criterion], sheets: Iterable[Sheet]) -> list[dict]:
    """One row per sheet (entry_id, juror_id, one column per criterion key), by entry then juror."""
    keys = [c.key for c in criteria]
    return [{"entry_id": s.entry_id, "juror_id": s.juror_id, **{key: s.scores.get(key) for key in keys}}
            for s in sorted(sheets, key=lambda s: (s.entry_id, s.juror_id))]


def sheets_from_rows(criteria: Iterable[Criterion], rows: Iterable[Mapping[str, str]],
                     parse_id: Callable[[str], Hashable] = int) -> list[Sheet]:
    """Sheets back from rows read by `csv.DictReader`; ids go through `parse_id` (int, as in the database)."""
    keys = [c.key for c in criteria]
    # An empty cell stays out of the sheet, so `rank` refuses it as incomplete, naming entry and juror.
    return [Sheet(parse_id(row["entry_id"]), parse_id(row["juror_id"]),
                  {key: float(row[key]) for key in keys if row.get(key) not in (None, "")})
            for row in rows]


# ---------------------------------------------------------------- a round's tables


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



def _as_lists(round_):
    """(name, columns, rows as lists in column order) for every table of the round."""
    return [(name, columns, [[row.get(k) for k in columns] for row in rows])
            for name, (columns, rows) in tables(round_).items()]


def as_zip(round_) -> bytes:
    return write_csv_zip(_as_lists(round_))


def as_xlsx(round_) -> bytes:
    (first, columns, rows), *others = _as_lists(round_)
    return write_table("xlsx", columns, rows, sheet_title=first, extra_sheets=others)
