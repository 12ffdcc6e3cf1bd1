"""Jury aggregation for the design contest: rank one pool (a round and a category) from raw score sheets.

Pure Python, no Flask and no database: the contest services load the sheets of one pool and
call `rank`; `rank` on an exported copy of the same raw sheets gives the same result
(`sheet_rows` / `sheets_from_rows` in `services.export`).

Inputs
  Criterion(key, weight, tiebreak)  weights need not sum to 1 (totals divide by their sum);
                                    tiebreak marks the criteria summed for the first tie-break
                                    (innovation + craftsmanship).
  Sheet(entry_id, juror_id, scores) one juror's complete sheet for one entry, every score 0–10.
                                    An abstention, a recusal or a conflict of interest is no
                                    sheet at all, never a zero. Ids must be mutually orderable
                                    (all ints or all strs): they fix the order of sums and
                                    listings, never a rank.
  Settings, committee_order         committee_order maps entry id → position in a recorded
                                    committee decision (lower is better), read only for ties
                                    that every earlier rule left standing.

Figures per entry (0–10 scale unless said)
  totals             per sheet, sum(weight × score) / sum(weight).
  mean, median       of the entry's totals.
  trimmed_mean       with ≥ trimmed_min_scores (5) totals only: one highest and one lowest dropped.
  tiebreak_subtotal  mean over the entry's jurors of the sum of the tiebreak criteria's raw
                     scores (0–20 for innovation + craftsmanship).
  high_scores        how many totals are ≥ 8.
  disagreement_jurors  every juror j with |total_j − mean of the other jurors' totals|
                     ≥ disagreement_points (4.0). Needs two totals; with two, both are named.
  below_quorum       fewer than min_scores totals: listed in `unranked`, never ranked.

Normalisation (method "zscore")
  Per juror, over every entry they scored in the pool (below-quorum ones too: they are part of
  how that juror scores): n, mean and POPULATION standard deviation of their totals. Population,
  because those entries are the whole set being normalised, not a sample of it; a juror's own
  z-scores then have mean 0 and sd 1 exactly. A juror with sd 0 (to 6 decimals: a juror who gave
  every entry 7.3 has an sd of float noise) expressed no order: their z is 0.
  Entry z = mean of its jurors' z; normalised_score = 50 + 10·z clipped to [0, 100] (the
  T-score scale): 50 is "at its own jurors' average", each 10 points one standard deviation.
  Chosen over a min–max rescale because each figure reads on its own and does not hinge on the
  pool's single best and worst entries. Clipping needs |z| > 5, impossible below 26 entries
  (a population z cannot exceed √(n − 1)); clipped entries compare as shown, then by tie-breaks.
  The pool ranks by zscore only if EVERY juror who scored in it scored ≥
  min_entries_for_normalisation entries there; otherwise the whole pool ranks by mean, since
  mixing methods within one ranking would be indefensible. `method_reason` says why in English;
  `juror_stats` holds the figures for a translated sentence.

Ranking
  Primary score (normalised_score, or mean, descending), then higher tiebreak_subtotal, more
  high_scores, higher median, then the committee position. Float figures compare rounded to
  6 decimals, so float noise never decides a tie, a flag or a high score. A committee decision
  resolves a tie only if it places every entry of it; otherwise, or for equal positions, the
  entries share a competition rank (1, 2, 2, 4) with unresolved_tie=True — never chance, never
  an id (ids only order the listing inside the tie). `tie_break` on a row names the rule that
  put it below the row above when their primary scores are equal. Input order never matters:
  sheets are sorted by (entry, juror) before any sum.
"""
import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import NamedTuple

DIGITS = 6
HIGH_SCORE = 8.0
MAX_SCORE = 10.0
TIE_BREAKS = ("tiebreak_subtotal", "high_scores", "median", "committee")
# The T-score scale of normalised_score: CENTRE + SCALE·z, clipped to NORMALISED_RANGE.
CENTRE, SCALE, NORMALISED_RANGE = 50.0, 10.0, (0.0, 100.0)
TRIMMED_EACH_END = 1  # totals dropped at each end for the trimmed mean


@dataclass(frozen=True)
class Criterion:
    key: str
    weight: float
    tiebreak: bool = False

    def __post_init__(self):
        if not (self.weight > 0 and math.isfinite(self.weight)):
            raise ValueError(f"criterion {self.key}: the weight must be positive, not {self.weight!r}")


@dataclass(frozen=True)
class Sheet:
    entry_id: Hashable
    juror_id: Hashable
    scores: Mapping[str, float]


@dataclass(frozen=True)
class Settings:
    min_scores: int = 3
    min_entries_for_normalisation: int = 10
    disagreement_points: float = 4.0
    trimmed_min_scores: int = 5

    def __post_init__(self):
        # A standard deviation needs two entries; a trimmed mean needs one total left after trimming.
        if (self.min_scores < 1 or self.min_entries_for_normalisation < 2
                or self.trimmed_min_scores < 3 or not self.disagreement_points > 0):
            raise ValueError(f"unusable scoring settings: {self}")


class JurorStats(NamedTuple):
    n: int
    mean: float
    sd: float
    qualifies: bool


@dataclass(frozen=True)
class EntryResult:
    entry_id: Hashable
    n_scores: int
    totals: tuple  # ((juror_id, total), ...) by juror id
    mean: float | None
    median: float | None
    trimmed_mean: float | None
    tiebreak_subtotal: float | None
    high_scores: int
    normalised_score: float | None  # only when the pool ranks by zscore
    disagreement_jurors: tuple
    below_quorum: bool
    primary_score: float | None = None
    rank: int | None = None
    tie_break: str | None = None
    unresolved_tie: bool = False

    @property
    def disagreement(self) -> bool:
        return bool(self.disagreement_jurors)


@dataclass(frozen=True)
class RankingResult:
    method: str  # "zscore" or "mean"
    method_reason: str
    rows: tuple[EntryResult, ...]
    unranked: tuple[EntryResult, ...]
    juror_stats: Mapping[Hashable, JurorStats]


class _Rubric:
    """The criteria, checked once, and the arithmetic of one sheet."""

    def __init__(self, criteria: Iterable[Criterion]):
        self.criteria = tuple(criteria)
        self.keys = frozenset(c.key for c in self.criteria)
        if not self.criteria or len(self.keys) != len(self.criteria):
            raise ValueError("a rubric needs at least one criterion and each key once")
        self.weight_sum = sum(c.weight for c in self.criteria)

    def figures(self, scores: Mapping[str, float], entry_id=None, juror_id=None) -> tuple[float, float]:
        """(weighted total, tiebreak subtotal) of a complete sheet."""
        if scores.keys() != self.keys:
            missing = ", ".join(sorted(self.keys - scores.keys()))
            if missing:
                raise ValueError(f"{_whose(entry_id, juror_id)} is incomplete: missing {missing}")
            unknown = ", ".join(sorted(scores.keys() - self.keys))
            raise ValueError(f"{_whose(entry_id, juror_id)} scores criteria not in the rubric: {unknown}")
        total = subtotal = 0.0
        for criterion in self.criteria:
            score = scores[criterion.key]
            if not 0 <= score <= MAX_SCORE:  # also refuses NaN
                raise ValueError(f"{_whose(entry_id, juror_id)}: {criterion.key} = {score!r} is outside 0–10")
            total += criterion.weight * score
            if criterion.tiebreak:
                subtotal += score
        return total / self.weight_sum, subtotal


def _whose(entry_id, juror_id) -> str:
    if entry_id is None:
        return "the score sheet"
    return f"the score sheet of juror {juror_id} for entry {entry_id}"


def weighted_total(criteria: Iterable[Criterion], scores: Mapping[str, float]) -> float:
    """One complete sheet's total on the 0–10 scale: sum(weight × score) / sum(weight)."""
    return _Rubric(criteria).figures(scores)[0]


def rank(criteria: Iterable[Criterion], sheets: Iterable[Sheet], settings: Settings = Settings(),
         committee_order: Mapping[Hashable, int] | None = None, *,
         entries: Iterable[Hashable] = ()) -> RankingResult:
    """Rank one pool. `entries` names pool entries that may have no sheet yet (they list as unranked)."""
    rubric = _Rubric(criteria)
    by_entry = {entry_id: [] for entry_id in entries}
    by_juror = {}
    previous = None
    # Sorted first, so every sum below runs in one order whatever order the sheets came in.
    for sheet in sorted(sheets, key=lambda s: (s.entry_id, s.juror_id)):
        if (sheet.entry_id, sheet.juror_id) == previous:
            raise ValueError(f"{_whose(sheet.entry_id, sheet.juror_id)} was given twice")
        previous = (sheet.entry_id, sheet.juror_id)
        total, subtotal = rubric.figures(sheet.scores, sheet.entry_id, sheet.juror_id)
        by_entry.setdefault(sheet.entry_id, []).append((sheet.juror_id, total, subtotal))
        by_juror.setdefault(sheet.juror_id, []).append(total)

    juror_stats = {juror_id: _juror_stats(by_juror[juror_id], settings) for juror_id in sorted(by_juror)}
    method, method_reason = _method(juror_stats, settings)
    normalising = juror_stats if method == "zscore" else None
    figures = [_entry_figures(entry_id, by_entry[entry_id], settings, normalising)
               for entry_id in sorted(by_entry)]
    rows = _order([e for e in figures if not e.below_quorum], method, committee_order or {})
    return RankingResult(method, method_reason, tuple(rows),
                         tuple(e for e in figures if e.below_quorum), juror_stats)


def _juror_stats(totals: list[float], settings: Settings) -> JurorStats:
    n = len(totals)
    mean = sum(totals) / n
    sd = math.sqrt(sum((t - mean) ** 2 for t in totals) / n)
    return JurorStats(n, mean, sd, n >= settings.min_entries_for_normalisation)


def _method(juror_stats: Mapping[Hashable, JurorStats], settings: Settings) -> tuple[str, str]:
    if not juror_stats:
        return "mean", "no juror has scored in this pool yet"
    needed = settings.min_entries_for_normalisation
    short = [f"juror {juror_id} scored {s.n}" for juror_id, s in juror_stats.items() if not s.qualifies]
    if short:
        return "mean", (f"ranked by mean: {', '.join(short)} of the {needed} entries per juror"
                        " that z-score normalisation needs in this pool")
    return "zscore", (f"ranked by z-score: all {len(juror_stats)} jurors scored at least {needed} entries"
                      " in this pool")


def _entry_figures(entry_id, scored, settings: Settings, juror_stats) -> EntryResult:
    """Every figure of one entry; `juror_stats` is given only when the pool ranks by zscore."""
    n = len(scored)
    if not n:
        return EntryResult(entry_id, 0, (), None, None, None, None, 0, None, (), True)
    totals = [total for _, total, _ in scored]
    total_sum = sum(totals)
    ordered = sorted(totals)
    middle = n // 2
    median = ordered[middle] if n % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    trimmed_mean = (sum(ordered[TRIMMED_EACH_END:n - TRIMMED_EACH_END]) / (n - 2 * TRIMMED_EACH_END)
                    if n >= settings.trimmed_min_scores else None)
    # Against the mean of the OTHER jurors: (sum − own total) / (n − 1).
    disagreement_jurors = tuple(
        juror_id for juror_id, total, _ in scored
        if n > 1 and round(abs(total - (total_sum - total) / (n - 1)), DIGITS) >= settings.disagreement_points)
    normalised_score = None
    if juror_stats is not None:
        z = sum(z_score(total, juror_stats[juror_id]) for juror_id, total, _ in scored) / n
        low, high = NORMALISED_RANGE
        normalised_score = min(high, max(low, CENTRE + SCALE * z))
    return EntryResult(
        entry_id=entry_id, n_scores=n, totals=tuple((juror_id, total) for juror_id, total, _ in scored),
        mean=total_sum / n, median=median, trimmed_mean=trimmed_mean,
        tiebreak_subtotal=sum(subtotal for _, _, subtotal in scored) / n,
        high_scores=sum(1 for total in totals if round(total, DIGITS) >= HIGH_SCORE),
        normalised_score=normalised_score, disagreement_jurors=disagreement_jurors,
        below_quorum=n < settings.min_scores)


def z_score(total: float, stats: JurorStats) -> float:
    """One sheet's z against its juror's figures in the pool."""
    # An sd of float noise must not turn into huge z-scores.
    return (total - stats.mean) / stats.sd if round(stats.sd, DIGITS) else 0.0


def _order(entries: list[EntryResult], method: str, committee_order: Mapping) -> list[EntryResult]:
    """Sort by the primary score and tie-breaks, then give competition ranks and tie flags."""
    def primary(e):
        return e.normalised_score if method == "zscore" else e.mean

    # Negated so that one ascending sort puts the higher figure first at every level.
    figures = {e.entry_id: (-round(primary(e), DIGITS), -round(e.tiebreak_subtotal, DIGITS),
                            -e.high_scores, -round(e.median, DIGITS)) for e in entries}
    ties = {}
    for e in entries:
        ties.setdefault(figures[e.entry_id], []).append(e.entry_id)
    placed = {key for key, tie in ties.items()
              if len(tie) > 1 and all(entry_id in committee_order for entry_id in tie)}
    # Position 0 for every entry of a tie the committee did not fully place: it stays a tie.
    keys = {}
    for e in entries:
        figure = figures[e.entry_id]
        keys[e.entry_id] = figure + (committee_order[e.entry_id] if figure in placed else 0,)
    ordered = sorted(entries, key=lambda e: (keys[e.entry_id], e.entry_id))
    rows = []
    for i, e in enumerate(ordered):
        key = keys[e.entry_id]
        above = keys[ordered[i - 1].entry_id] if i else None
        below = keys[ordered[i + 1].entry_id] if i + 1 < len(ordered) else None
        tied_above = key == above
        tie_break = None
        if above is not None and not tied_above and key[0] == above[0]:
            tie_break = TIE_BREAKS[next(level for level in range(1, 5) if key[level] != above[level]) - 1]
        rows.append(replace(e, primary_score=primary(e), rank=rows[-1].rank if tied_above else i + 1,
                            tie_break=tie_break, unresolved_tie=tied_above or key == below))
    return rows


def advance(result: RankingResult, share: float) -> list[Hashable]:
    """Entry ids of the top `share` of ranked rows, rounded up; entries tied at the cut all advance.

    A tie here is an unresolved one (equal rank): ties that a tie-break resolved cut normally.
    """
    if not 0 < share <= 1:
        raise ValueError(f"the share advancing must be in (0, 1], not {share!r}")
    if not result.rows:
        return []
    # round() first: 0.28 × 25 is 7.000000000000001 in floats and must stay 7 places.
    places = max(1, math.ceil(round(share * len(result.rows), 9)))
    cut = result.rows[places - 1].rank
    return [row.entry_id for row in result.rows if row.rank <= cut]
