"""A round's raw scores, parameters and ranking as flat tables, a zip of CSVs and an XLSX book: enough to recompute it.

The ranking rows are what the jury reads; the sheet rows are what makes it checkable: parsed
back with `sheets_from_rows` and ranked with the same criteria, settings and committee order,
they give an identical `RankingResult`. Scores are written as Python floats, whose text form
reads back to the same number, so nothing is lost on the way.

The "settings" table states every rule and number the figures depend on (`parameters`), in
words and as values a program can read, so that somebody with only the exported files and
their own code reproduces every figure of the "ranking", "jurors" and "scores" tables; the test
tests/contest/services/test_ranking.py does exactly that.
"""
from collections.abc import Callable, Hashable, Iterable, Mapping

from fairapp.contest.services.ranking import pool, rank_pool, settings_of
from fairapp.contest.services import scoring
from fairapp.contest.services.scoring import DIGITS, Criterion, RankingResult, Settings, Sheet
from fairapp.core.spreadsheets import write_csv_zip, write_table

RANKING_COLUMNS = (
    "rank", "entry_id", "method", "primary_score", "n_scores", "mean", "median", "trimmed_mean",
    "normalised_score", "tiebreak_subtotal", "high_scores", "tie_break", "unresolved_tie",
    "below_quorum", "disagreement", "disagreement_jurors",
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
        "below_quorum": e.below_quorum, "disagreement": e.disagreement,
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


# ---------------------------------------------------------------- the parameters


def parameters(settings: Settings) -> list[dict]:
    """Every rule the ranking applies, as (name, value, meaning) rows: values a program can parse
    (numbers, one word, or a comma-separated list), meanings for a person. Whatever scoring.py
    computes with is stated here from the same constants, so the two cannot drift apart."""
    low, high = scoring.NORMALISED_RANGE
    order = ", ".join(("primary_score", *scoring.TIE_BREAKS))
    rows = [
        ("score_min", 0, "Every criterion is scored from score_min to score_max."),
        ("score_max", scoring.MAX_SCORE, "Every criterion is scored from score_min to score_max."),
        ("sheets_counted", "submitted",
         "Only submitted score sheets of jurors still assigned to the entry count (table 'scores'). An "
         "abstention, a recusal, a conflict of interest, a removed juror or an unsubmitted draft is no sheet "
         "at all, never a zero."),
        ("total", "weighted_mean",
         "Per sheet: weighted_total = sum(weight × score) / sum(weight), weights from table 'criteria'."),
        ("aggregation", "mean",
         "Per entry: mean = arithmetic mean of its sheets' weighted totals; the primary score when the "
         "category ranks by mean."),
        ("median", "middle",
         "Per entry: the middle weighted total in sorted order; with an even count the mean of the two middle ones."),
        ("min_scores", settings.min_scores,
         "An entry with fewer sheets is below quorum: listed with below_quorum = True and no rank."),
        ("trimmed_min_scores", settings.trimmed_min_scores,
         "trimmed_mean only for entries with at least this many sheets (otherwise empty)."),
        ("trimmed_drop_each_end", scoring.TRIMMED_EACH_END,
         "trimmed_mean = mean of the sorted weighted totals after dropping this many at each end "
         "(the highest and the lowest)."),
        ("tiebreak_subtotal", "mean_of_sheet_sums",
         "Per entry: mean over its sheets of the sum of the raw scores of the criteria marked tiebreak "
         "in table 'criteria'."),
        ("high_score_threshold", scoring.HIGH_SCORE,
         "high_scores = how many of the entry's weighted totals, rounded to compare_digits, are at least "
         "this (0–10 scale)."),
        ("disagreement_points", settings.disagreement_points,
         "A juror is named in disagreement_jurors (and disagreement = True) when |their weighted total − the "
         "mean of the OTHER jurors' weighted totals of the entry|, rounded to compare_digits, is at least this."),
        ("disagreement_rule", "others_mean",
         "The comparison of disagreement_points: each juror against the other jurors' mean; needs two sheets, "
         "and with two both jurors are named."),
        ("normalisation_method", "zscore",
         "z-score normalisation per juror (table 'jurors', column z in table 'scores')."),
        ("min_entries_for_normalisation", settings.min_entries_for_normalisation,
         "A category ranks by normalised_score only if EVERY juror who has a sheet in it scored at least "
         "this many entries there (jurors.qualifies); otherwise the whole category ranks by mean (column method)."),
        ("juror_statistics_pool", "round_and_category",
         "Each juror's n, mean and sd are taken over all their counted sheets in this round and category, "
         "below-quorum entries included."),
        ("juror_sd", "population",
         "The POPULATION standard deviation: sqrt(sum((total − mean)²) / n), dividing by n, not n − 1."),
        ("juror_sd_zero_digits", DIGITS,
         "A juror whose sd rounded to this many decimals is 0 expressed no order: every z of theirs is 0."),
        ("z", "(weighted_total - juror_mean) / juror_sd",
         "Per sheet; the entry's z is the mean of its sheets' z."),
        ("normalised_centre", scoring.CENTRE, "normalised_score = normalised_centre + normalised_scale × entry z,"),
        ("normalised_scale", scoring.SCALE, "… clipped to [normalised_min, normalised_max] (the T-score scale)."),
        ("normalised_min", low, "Lower clip of normalised_score."),
        ("normalised_max", high, "Upper clip of normalised_score."),
        ("compare_digits", DIGITS,
         "Every comparison (ranking, ties, thresholds) uses figures rounded to this many decimals; the "
         "exported figures are rounded the same way."),
        ("tie_break_order", order,
         "Ranked entries sort by these, each higher first, except committee: the position in table "
         "'committee', lower first. tie_break names the first rule after primary_score that put an entry "
         "below the one above when their primary scores are equal."),
        ("committee_rule", "whole_tie",
         "A committee decision counts only for a tie (equal on every earlier rule) whose every entry it places."),
        ("rank_style", "competition",
         "Entries still equal on every rule share a rank (1, 2, 2, 4) and are marked unresolved_tie; "
         "never chance, never an id."),
    ]
    return [{"name": name, "value": value, "meaning": meaning} for name, value, meaning in rows]


# ---------------------------------------------------------------- a round's tables


def tables(round_):
    """{table name: (columns, rows)} for every category of the round."""
    criteria_rows, entry_rows, sheet_table, committee_rows, ranking_rows, juror_rows = [], [], [], [], [], []
    keys = [c.key for c in round_.criteria]
    for category in round_.contest.categories:
        p = pool(round_, category)
        result = rank_pool(p)
        codes = {e.id: e.code for e in p.entries}
        entry_rows += [{"category": category.code, "entry_id": e.id, "entry_code": e.code} for e in p.entries]
        totals = {(e.entry_id, juror_id): total for e in (*result.rows, *result.unranked)
                  for juror_id, total in e.totals}
        normalising = result.method == "zscore"
        for row in sheet_rows(p.criteria, p.sheets):
            total = totals[(row["entry_id"], row["juror_id"])]
            z = scoring.z_score(total, result.juror_stats[row["juror_id"]]) if normalising else None
            sheet_table.append({"category": category.code, "entry_code": codes[row["entry_id"]], **row,
                                "weighted_total": round(total, DIGITS),
                                "z": None if z is None else round(z, DIGITS)})
        juror_rows += [{"category": category.code, "juror_id": juror_id, "n": s.n, "mean": round(s.mean, DIGITS),
                        "sd": round(s.sd, DIGITS), "qualifies": s.qualifies}
                       for juror_id, s in result.juror_stats.items()]
        committee_rows += [{"category": category.code, "entry_id": entry_id, "position": position}
                           for entry_id, position in sorted(p.committee_order.items())]
        ranking_rows += [{"category": category.code, "entry_code": codes[row["entry_id"]], **row}
                         for row in to_rows(result)]
    criteria_rows = [{"key": c.key, "name": c.name, "weight": float(c.weight), "tiebreak": c.tiebreak}
                     for c in round_.criteria]
    settings_rows = [{"name": "round", "value": round_.name, "meaning": "The round exported."},
                     {"name": "advance_percent", "value": round_.advance_percent,
                      "meaning": "The top share of each category's ranked entries, rounded up, that advances; "
                                 "entries tied at the cut all advance."},
                     *parameters(settings_of(round_))]
    return {
        "settings": (["name", "value", "meaning"], settings_rows),
        "criteria": (["key", "name", "weight", "tiebreak"], criteria_rows),
        "entries": (["category", "entry_id", "entry_code"], entry_rows),
        "scores": (["category", "entry_code", "entry_id", "juror_id", *keys, "weighted_total", "z"], sheet_table),
        "jurors": (["category", "juror_id", "n", "mean", "sd", "qualifies"], juror_rows),
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
