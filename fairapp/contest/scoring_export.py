"""Flat rows of a jury ranking and of its raw score sheets: CSV/XLSX export, and re-ranking from one.

The ranking rows are what the jury reads; the sheet rows are what makes it checkable: parsed
back with `sheets_from_rows` and ranked with the same criteria, settings and committee order,
they give an identical `RankingResult`. Scores are written as Python floats, whose text form
reads back to the same number, so nothing is lost on the way.
"""
from collections.abc import Callable, Hashable, Iterable, Mapping

from fairapp.contest.scoring import DIGITS, Criterion, RankingResult, Sheet

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
