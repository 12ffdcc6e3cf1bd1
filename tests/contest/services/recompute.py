"""An independent recomputation of a round's ranking from its exported tables alone.

Written from the export's "settings" table, not from fairapp.contest.services.scoring: nothing
here imports the app. Every rule and number comes from a parsed parameter (`Parameters`); a
parameter the export does not state is a KeyError, so a missing one fails the tests that use this.
Where a parameter names a method ("population", "others_mean", …) the alternatives a reader could
expect are implemented too and the stated one is picked, so the word is really read, not assumed.
"""
import math


def cell(value):
    """An exported cell as a comparable value, whether read from XLSX (typed) or CSV (text)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value)
    if text in ("True", "False"):
        return text == "True"
    try:
        return float(text)
    except ValueError:
        return text


class Parameters:
    """The "settings" table; records which parameters were read."""

    def __init__(self, rows):
        self.values = {row["name"]: row["value"] for row in rows}
        self.read = set()

    def _get(self, name):
        value = self.values[name]  # KeyError: the export does not state this parameter
        self.read.add(name)
        if value is None or value == "":
            raise KeyError(name)
        return value

    def number(self, name):
        return float(self._get(name))

    def integer(self, name):
        number = float(self._get(name))
        assert number.is_integer(), (name, number)
        return int(number)

    def word(self, name, choices):
        word = str(self._get(name)).strip()
        return choices[word]  # KeyError: a rule this recomputation does not know

    def words(self, name):
        return [w.strip() for w in str(self._get(name)).split(",")]


def _sd(kind):
    return {"population": lambda squares, n: math.sqrt(squares / n),
            "sample": lambda squares, n: math.sqrt(squares / (n - 1)) if n > 1 else 0.0}[kind]


def _median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def recompute(tables):
    """{"ranking": {entry_id: row}, "jurors": {(category, juror_id): row}, "scores": {(entry, juror): row},
    "parameters": Parameters} — every figure of those tables, recomputed."""
    p = Parameters(tables["settings"])
    digits = p.integer("compare_digits")

    def r(x):
        return None if x is None else round(x, digits)

    score_min, score_max = p.number("score_min"), p.number("score_max")
    counted = p.word("sheets_counted", {"submitted": "submitted"})
    assert counted == "submitted"  # the export holds exactly those sheets; the test checks it against the jury's actions
    total_of = p.word("total", {
        "weighted_mean": lambda pairs: sum(w * s for w, s in pairs) / sum(w for w, _ in pairs)})
    aggregate = p.word("aggregation", {"mean": lambda xs: sum(xs) / len(xs), "median": _median})
    median_of = p.word("median", {"middle": _median})
    min_scores = p.integer("min_scores")
    trimmed_min, trim = p.integer("trimmed_min_scores"), p.integer("trimmed_drop_each_end")
    subtotal_of = p.word("tiebreak_subtotal", {"mean_of_sheet_sums": lambda sums: sum(sums) / len(sums)})
    high = p.number("high_score_threshold")
    disagreement_points = p.number("disagreement_points")
    reference = p.word("disagreement_rule", {
        "others_mean": lambda own, all_totals: (sum(all_totals) - own) / (len(all_totals) - 1),
        "all_mean": lambda own, all_totals: sum(all_totals) / len(all_totals)})
    normalised_by = p.word("normalisation_method", {"zscore": "zscore"})
    min_entries = p.integer("min_entries_for_normalisation")
    by_category = p.word("juror_statistics_pool", {"round_and_category": True, "round": False})
    sd_of = _sd(p.word("juror_sd", {"population": "population", "sample": "sample"}))
    sd_zero_digits = p.integer("juror_sd_zero_digits")
    p.word("z", {"(weighted_total - juror_mean) / juror_sd": None})
    centre, scale = p.number("normalised_centre"), p.number("normalised_scale")
    low, top = p.number("normalised_min"), p.number("normalised_max")
    order = p.words("tie_break_order")
    whole_tie = p.word("committee_rule", {"whole_tie": True, "any": False})
    p.word("rank_style", {"competition": "competition"})
    assert order[0] == "primary_score" and set(order[1:]) <= {"tiebreak_subtotal", "high_scores", "median",
                                                             "committee"}

    criteria = [(row["key"], float(row["weight"]), cell(row["tiebreak"]) is True) for row in tables["criteria"]]
    sheets = []  # (category, entry_id, juror_id, total, tiebreak sum)
    for row in tables["scores"]:
        scores = {key: float(row[key]) for key, _, _ in criteria}
        assert all(score_min <= s <= score_max for s in scores.values())
        sheets.append((row["category"], int(row["entry_id"]), int(row["juror_id"]),
                       total_of([(w, scores[key]) for key, w, _ in criteria]),
                       sum(scores[key] for key, _, tb in criteria if tb)))
    sheets.sort(key=lambda s: (s[1], s[2]))

    def pool_key(category):
        return category if by_category else None

    stats = {}
    for category, _, juror_id, total, _ in sheets:
        stats.setdefault((pool_key(category), juror_id), []).append(total)
    juror_figures = {}
    for key, totals in stats.items():
        n, mean = len(totals), sum(totals) / len(totals)
        sd = sd_of(sum((t - mean) ** 2 for t in totals), n)
        juror_figures[key] = (n, mean, sd, n >= min_entries)

    out_ranking, out_jurors, out_scores = {}, {}, {}
    for category in sorted({row["category"] for row in tables["entries"]}):
        pool = [int(row["entry_id"]) for row in tables["entries"] if row["category"] == category]
        mine = [s for s in sheets if s[0] == category]
        jurors = sorted({s[2] for s in mine})
        for juror_id in jurors:
            n, mean, sd, qualifies = juror_figures[(pool_key(category), juror_id)]
            out_jurors[(category, juror_id)] = {"n": n, "mean": r(mean), "sd": r(sd), "qualifies": qualifies}
        method = normalised_by if jurors and all(juror_figures[(pool_key(category), j)][3] for j in jurors) \
            else "mean"

        def z_of(total, juror_id):
            _, mean, sd, _ = juror_figures[(pool_key(category), juror_id)]
            return (total - mean) / sd if round(sd, sd_zero_digits) else 0.0

        for _, entry_id, juror_id, total, _ in mine:
            out_scores[(entry_id, juror_id)] = {"weighted_total": r(total),
                                                "z": r(z_of(total, juror_id)) if method == "zscore" else None}
        rows = {}
        for entry_id in pool:
            own = [s for s in mine if s[1] == entry_id]
            totals = [s[3] for s in own]
            n = len(totals)
            row = {"entry_id": entry_id, "method": method, "n_scores": n, "below_quorum": n < min_scores,
                   "mean": None, "median": None, "trimmed_mean": None, "normalised_score": None,
                   "tiebreak_subtotal": None, "high_scores": 0, "disagreement": False, "disagreement_jurors": None,
                   "primary_score": None, "rank": None, "tie_break": None, "unresolved_tie": False}
            if n:
                ordered = sorted(totals)
                flagged = [s[2] for s in own if n > 1 and round(abs(s[3] - reference(s[3], totals)), digits)
                           >= disagreement_points]
                row.update(mean=aggregate(totals), median=median_of(totals),
                           trimmed_mean=(sum(ordered[trim:n - trim]) / (n - 2 * trim) if n >= trimmed_min else None),
                           tiebreak_subtotal=subtotal_of([s[4] for s in own]),
                           high_scores=sum(1 for t in totals if round(t, digits) >= high),
                           disagreement=bool(flagged), disagreement_jurors=" ".join(str(j) for j in flagged) or None)
                if method == "zscore":
                    z = sum(z_of(s[3], s[2]) for s in own) / n
                    row["normalised_score"] = min(top, max(low, centre + scale * z))
                if not row["below_quorum"]:
                    row["primary_score"] = row["normalised_score"] if method == "zscore" else row["mean"]
            rows[entry_id] = row
        committee = {int(c["entry_id"]): int(c["position"]) for c in tables["committee"]
                     if c["category"] == category}
        _rank([row for row in rows.values() if not row["below_quorum"]], order, committee, whole_tie, r)
        for row in rows.values():  # published, like compared, to compare_digits decimals
            for name in ("primary_score", "mean", "median", "trimmed_mean", "normalised_score", "tiebreak_subtotal"):
                row[name] = r(row[name])
        out_ranking.update(rows)
    return {"ranking": out_ranking, "jurors": out_jurors, "scores": out_scores, "parameters": p}


def _rank(rows, order, committee, whole_tie, r):
    """Competition ranks by the stated order, every figure higher first, committee position lower first."""
    figures = {"primary_score": lambda row: -r(row["primary_score"]),
               "tiebreak_subtotal": lambda row: -r(row["tiebreak_subtotal"]),
               "high_scores": lambda row: -row["high_scores"], "median": lambda row: -r(row["median"])}
    before_committee = order[:order.index("committee")] if "committee" in order else order
    base = {row["entry_id"]: tuple(figures[name](row) for name in before_committee) for row in rows}
    groups = {}
    for entry_id, key in base.items():
        groups.setdefault(key, []).append(entry_id)

    def committee_place(entry_id):
        tie = groups[base[entry_id]]
        placed = len(tie) > 1 and all(e in committee for e in tie) if whole_tie else entry_id in committee
        return committee[entry_id] if placed else 0

    names = [*before_committee, *(["committee"] if "committee" in order else [])]
    keys = {row["entry_id"]: base[row["entry_id"]] + ((committee_place(row["entry_id"]),) if "committee" in order
                                                      else ()) for row in rows}
    ordered = sorted(rows, key=lambda row: (keys[row["entry_id"]], row["entry_id"]))
    for i, row in enumerate(ordered):
        key = keys[row["entry_id"]]
        above = keys[ordered[i - 1]["entry_id"]] if i else None
        below = keys[ordered[i + 1]["entry_id"]] if i + 1 < len(ordered) else None
        row["rank"] = ordered[i - 1]["rank"] if key == above else i + 1
        row["unresolved_tie"] = key == above or key == below
        if above is not None and key != above and key[0] == above[0]:
            row["tie_break"] = names[next(level for level in range(1, len(key)) if key[level] != above[level])]
