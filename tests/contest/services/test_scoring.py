"""Jury aggregation checked against figures worked out by hand in the comments."""
import csv
import io
import random

import pytest

from fairapp.contest.services.export import RANKING_COLUMNS, sheet_rows, sheets_from_rows, to_rows
from fairapp.contest.services.scoring import Criterion, JurorStats, Settings, Sheet, advance, rank, weighted_total

HANOI = [
    Criterion("innovation", 3, tiebreak=True),
    Criterion("craftsmanship", 2, tiebreak=True),
    Criterion("commercial_value", 2),
    Criterion("environment", 1),
    Criterion("aesthetics", 2),
]
# One criterion: a sheet's total is its score, which keeps the hand arithmetic short.
OVERALL = [Criterion("overall", 1, tiebreak=True)]
# Three equal weights, two of them the tie-break subtotal.
TRIO = [Criterion("innovation", 1, tiebreak=True), Criterion("craftsmanship", 1, tiebreak=True),
        Criterion("commercial_value", 1)]


def overall(entry_id, totals):
    """Sheets on OVERALL from {juror: total}."""
    return [Sheet(entry_id, juror, {"overall": total}) for juror, total in totals.items()]


def trio(entry_id, *per_juror):
    """Sheets on TRIO from (innovation, craftsmanship, commercial) per juror J1, J2, …"""
    return [Sheet(entry_id, f"J{n}", dict(zip(("innovation", "craftsmanship", "commercial_value"), scores)))
            for n, scores in enumerate(per_juror, start=1)]


def by_id(result):
    return {e.entry_id: e for e in (*result.rows, *result.unranked)}


# ---------------------------------------------------------------- 1. weighted total


def test_weighted_total_divides_by_the_sum_of_unequal_weights():
    scores = {"innovation": 8, "craftsmanship": 7, "commercial_value": 6, "environment": 9, "aesthetics": 5}
    # 8×3 + 7×2 + 6×2 + 9×1 + 5×2 = 24 + 14 + 12 + 9 + 10 = 69; the weights sum to 10 → 6.9
    assert weighted_total(HANOI, scores) == 6.9
    # Halving every weight changes nothing: 34.5 / 5 = 6.9
    halved = [Criterion(c.key, c.weight / 2, c.tiebreak) for c in HANOI]
    assert weighted_total(halved, scores) == 6.9

    entry = by_id(rank(HANOI, [Sheet(1, juror, scores) for juror in (1, 2, 3)]))[1]
    assert entry.totals == ((1, 6.9), (2, 6.9), (3, 6.9))
    assert entry.tiebreak_subtotal == 15  # innovation 8 + craftsmanship 7, raw scores


# ---------------------------------------------------------------- 2. mean, median, trimmed mean


def test_mean_median_and_trimmed_mean_with_five_scores():
    entry = by_id(rank(OVERALL, overall(1, {"A": 2, "B": 6, "C": 7, "D": 8, "E": 9})))[1]
    # mean (2+6+7+8+9)/5 = 32/5 = 6.4; median 7; trimmed drops 2 and 9: (6+7+8)/3 = 7
    assert (entry.n_scores, entry.mean, entry.median, entry.trimmed_mean) == (5, 6.4, 7, 7.0)
    assert entry.high_scores == 2  # 8 and 9


def test_no_trimmed_mean_below_five_scores():
    entry = by_id(rank(OVERALL, overall(1, {"A": 2, "B": 6, "D": 8, "E": 9})))[1]
    # mean 25/4 = 6.25; median (6+8)/2 = 7; four scores are too few to drop two
    assert (entry.n_scores, entry.mean, entry.median, entry.trimmed_mean) == (4, 6.25, 7.0, None)


# ---------------------------------------------------------------- 3. harsh and lenient jurors

# True quality of twelve entries. Jurors A and B score every entry at its quality; juror H
# (harsh) scores 3 below it and juror L (lenient) 3 above it. H did not score entries 2 and 7,
# L did not score entries 4 and 10 (so each scored 10 entries, enough to normalise).
QUALITY = {1: 6.25, 2: 4, 3: 5.5, 4: 6, 5: 3.25, 6: 4.75, 7: 6, 8: 4.5, 9: 5, 10: 4, 11: 6.5, 12: 4.25}
NOT_SCORED_BY = {"H": {2, 7}, "L": {4, 10}}
BIAS = {"A": 0, "B": 0, "H": -3, "L": 3}


def biased_pool():
    return [Sheet(entry_id, juror, {"overall": quality + bias})
            for entry_id, quality in QUALITY.items()
            for juror, bias in BIAS.items() if entry_id not in NOT_SCORED_BY.get(juror, ())]


def test_plain_mean_ranks_a_biased_panel_wrongly():
    # H and L scored 10 entries each: asking for 11 forces the plain mean.
    result = rank(OVERALL, biased_pool(), Settings(min_entries_for_normalisation=11))
    assert result.method == "mean"
    means = {e.entry_id: e.mean for e in result.rows}
    # Scored by all four: (q + q + (q−3) + (q+3)) / 4 = q. Without H: (q + q + q+3)/3 = q + 1;
    # without L: q − 1. So entry 7 (quality 6) gets 7 and entry 4 (also quality 6) gets 5.
    assert means == {1: 6.25, 2: 5, 3: 5.5, 4: 5, 5: 3.25, 6: 4.75,
                     7: 7, 8: 4.5, 9: 5, 10: 3, 11: 6.5, 12: 4.25}
    # The tie at 5: equal subtotals (one criterion), entry 9 has one total ≥ 8 (L's 8),
    # then entry 4's median 6 beats entry 2's median 4.
    # Wrong: entry 7 (quality 6) above 11 (6.5); entry 2 (quality 4) above 6 (4.75);
    # entry 10 (quality 4) last, below 5 (3.25).
    assert [e.entry_id for e in result.rows] == [7, 11, 1, 3, 9, 4, 2, 6, 8, 12, 5, 10]
    assert (by_id(result)[4].tie_break, by_id(result)[2].tie_break) == ("high_scores", "median")


def test_zscore_normalisation_removes_the_bias():
    result = rank(OVERALL, biased_pool())
    assert result.method == "zscore"
    assert result.method_reason == "ranked by z-score: all 4 jurors scored at least 10 entries in this pool"
    # A and B scored all twelve: the qualities sum to 60 → mean 5; squared deviations
    # 3.0625+1+1+0.5625+0.25+0.0625+0+0.25+1+1+1.5625+2.25 = 12 → population sd √(12/12) = 1.
    # H scored all but qualities 4 and 6: sum 60−10 = 50 → its scores sum 50 − 10×3 = 20,
    # mean 2; squared deviations 12 − 1 − 1 = 10 → sd √(10/10) = 1. L likewise: mean 8, sd 1.
    assert result.juror_stats == {"A": JurorStats(12, 5.0, 1.0, True), "B": JurorStats(12, 5.0, 1.0, True),
                                  "H": JurorStats(10, 2.0, 1.0, True), "L": JurorStats(10, 8.0, 1.0, True)}
    # So every juror's z for an entry is (quality − 5) / 1: entry 11 gets A, B (6.5−5)/1 = 1.5,
    # H (3.5−2)/1 = 1.5, L (9.5−8)/1 = 1.5 → z 1.5 → 50 + 10×1.5 = 65. In general 10 × quality.
    normalised = {e.entry_id: e.normalised_score for e in result.rows}
    assert normalised == {entry_id: 10 * quality for entry_id, quality in QUALITY.items()}
    assert all(e.primary_score == e.normalised_score for e in result.rows)
    # The true order; the two entries of quality 6 (and of 4) tie at 60 (40), and the
    # tie-break subtotal (raw scores) puts the one H did not score first.
    assert [e.entry_id for e in result.rows] == [11, 1, 7, 4, 3, 9, 6, 8, 12, 2, 10, 5]
    assert [e.rank for e in result.rows] == list(range(1, 13))
    assert by_id(result)[4].tie_break == "tiebreak_subtotal"
    # A 3-point bias each way is itself a 4-point disagreement where both biased jurors scored:
    # H's 2 against (5 + 5 + 8)/3 = 6 on entry 9, L's 8 against (5 + 5 + 2)/3 = 4.
    assert by_id(result)[9].disagreement_jurors == ("H", "L")
    assert by_id(result)[2].disagreement_jurors == ()


def test_a_juror_who_gave_every_entry_the_same_total_moves_nothing():
    # Qualities with mean 5 and population sd 2 (squared deviations sum to 40 over 10 entries).
    quality = {1: 1, 2: 2.5, 3: 4, 4: 4.5, 5: 5, 6: 5.5, 7: 6, 8: 6.5, 9: 7, 10: 8}
    sheets = [s for entry_id, q in quality.items() for s in overall(entry_id, {"A": q, "B": q, "C": 7.3})]
    result = rank(OVERALL, sheets)
    # C's totals differ from their float mean by noise only; its z is 0, not noise divided by noise.
    assert result.juror_stats["C"].sd < 1e-9
    # Entry 10: z by A and B (8−5)/2 = 1.5, by C 0 → (1.5+1.5+0)/3 = 1 → 60. Entry 5: 50.
    assert by_id(result)[10].normalised_score == 60
    assert by_id(result)[5].normalised_score == 50
    assert [e.entry_id for e in result.rows] == [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]


# ---------------------------------------------------------------- 4. fallback to the mean


def test_a_juror_with_too_few_entries_makes_the_whole_pool_rank_by_mean():
    newcomer = [Sheet(entry_id, "N", {"overall": QUALITY[entry_id]}) for entry_id in range(1, 7)]
    result = rank(OVERALL, biased_pool() + newcomer)
    assert result.method == "mean"
    assert result.method_reason == ("ranked by mean: juror N scored 6 of the 10 entries per juror"
                                    " that z-score normalisation needs in this pool")
    assert result.juror_stats["N"].n == 6 and not result.juror_stats["N"].qualifies
    assert all(e.normalised_score is None and e.primary_score == e.mean for e in result.rows)


def test_the_threshold_is_a_setting():
    result = rank(OVERALL, biased_pool(), Settings(min_entries_for_normalisation=11))
    assert result.method_reason == ("ranked by mean: juror H scored 10, juror L scored 10 of the 11 entries"
                                    " per juror that z-score normalisation needs in this pool")


# ---------------------------------------------------------------- 5. quorum


def test_entries_below_quorum_are_flagged_not_ranked():
    sheets = (overall(1, {"A": 7, "B": 8, "C": 9}) + overall(2, {"A": 9, "B": 10})
              + overall(3, {"A": 5, "B": 6, "C": 7}))
    result = rank(OVERALL, sheets, entries=[1, 2, 3, 4])
    assert [(e.entry_id, e.rank) for e in result.rows] == [(1, 1), (3, 2)]
    assert [e.entry_id for e in result.unranked] == [2, 4]
    two, none = result.unranked
    # Its figures are still shown: mean (9+10)/2 = 9.5, but no primary score and no rank.
    assert (two.below_quorum, two.n_scores, two.mean) == (True, 2, 9.5)
    assert (two.primary_score, two.rank) == (None, None)
    assert (none.below_quorum, none.n_scores, none.mean) == (True, 0, None)


# ---------------------------------------------------------------- 6. abstention is not a zero


def test_an_abstention_is_no_score_not_a_zero():
    # Juror D abstains on entry 1 (or is recused): no sheet. Mean (8+6+7)/3 = 7, not 21/4 = 5.25.
    sheets = overall(1, {"A": 8, "B": 6, "C": 7}) + overall(2, {"A": 6, "B": 6, "C": 6, "D": 6})
    entry = by_id(rank(OVERALL, sheets))[1]
    assert (entry.n_scores, entry.mean, entry.median) == (3, 7.0, 7)
    assert [juror for juror, _ in entry.totals] == ["A", "B", "C"]


# ---------------------------------------------------------------- 7. disagreement


@pytest.mark.parametrize("totals, flagged", [
    # D: 3 against (7+7+7)/3 = 7 → 4.0, flagged; A: 7 against (7+7+3)/3 ≈ 5.67 → 1.33, not.
    ({"A": 7, "B": 7, "C": 7, "D": 3}, ("D",)),
    ({"A": 7, "B": 7, "C": 7, "D": 3.1}, ()),  # 3.9
    # In floats 4.1 − (12.3 − 0.1)/3 comes out 3.9999999999999996; the rule reads 4.0.
    ({"A": 4.1, "B": 4.1, "C": 4.1, "D": 0.1}, ("D",)),
    ({"A": 8, "B": 4}, ("A", "B")),  # two jurors 4 apart: each differs from "the others" by 4
    ({"A": 8, "B": 4.1}, ()),
])
def test_disagreement_from_four_points_off_the_other_jurors_mean(totals, flagged):
    entry = by_id(rank(OVERALL, overall(1, totals), Settings(min_scores=2)))[1]
    assert entry.disagreement_jurors == flagged
    assert entry.disagreement is bool(flagged)


# ---------------------------------------------------------------- 8. tie-breaks


def tie_pool():
    return (
        # Mean 8 each; innovation + craftsmanship 18 against 16 → A first.
        trio("A", (9, 9, 6), (9, 9, 6), (9, 9, 6)) + trio("B", (8, 8, 8), (8, 8, 8), (8, 8, 8))
        # Totals 9, 9, 3 and 7, 7, 7: mean 7, subtotal (18+18+6)/3 = 14 and 14; two totals ≥ 8 against none.
        + trio("C", (9, 9, 9), (9, 9, 9), (3, 3, 3)) + trio("D", (7, 7, 7), (7, 7, 7), (7, 7, 7))
        # Totals 5, 5, 8 and 4, 6, 8: mean 6, subtotal (10+10+16)/3 = (8+12+16)/3 = 12, one ≥ 8 each;
        # median 5 against 6 → F first.
        + trio("E", (5, 5, 5), (5, 5, 5), (8, 8, 8)) + trio("F", (4, 4, 4), (6, 6, 6), (8, 8, 8))
        # Identical figures: the committee placed H before G.
        + trio("G", (5, 5, 5), (5, 5, 5), (5, 5, 5)) + trio("H", (5, 5, 5), (5, 5, 5), (5, 5, 5))
        # Identical figures and no committee decision: an unresolved tie.
        + trio("I", (4, 4, 4), (4, 4, 4), (4, 4, 4)) + trio("J", (4, 4, 4), (4, 4, 4), (4, 4, 4))
        + trio("K", (3, 3, 3), (3, 3, 3), (3, 3, 3))
    )


# Each juror scored 11 entries; ranking by mean keeps the constructed ties on equal means.
BY_MEAN = Settings(min_entries_for_normalisation=12)
COMMITTEE = {"H": 1, "G": 2, "K": 1}  # K is tied with nobody: its position is never read


def test_each_tie_break_decides_a_tie_in_turn():
    result = rank(TRIO, tie_pool(), BY_MEAN, COMMITTEE)
    assert result.method == "mean"
    assert [(e.entry_id, e.rank, e.tie_break, e.unresolved_tie) for e in result.rows] == [
        ("A", 1, None, False), ("B", 2, "tiebreak_subtotal", False),
        ("C", 3, None, False), ("D", 4, "high_scores", False),
        ("F", 5, None, False), ("E", 6, "median", False),
        ("H", 7, None, False), ("G", 8, "committee", False),
        ("I", 9, None, True), ("J", 9, None, True),
        ("K", 11, None, False),
    ]
    rows = by_id(result)
    assert (rows["A"].tiebreak_subtotal, rows["B"].tiebreak_subtotal) == (18, 16)
    assert (rows["C"].high_scores, rows["D"].high_scores) == (2, 0)
    assert (rows["E"].median, rows["F"].median) == (5, 6)


@pytest.mark.parametrize("committee", [{"I": 1}, {"I": 1, "J": 1}])
def test_a_committee_decision_that_does_not_place_every_tied_entry_leaves_the_tie(committee):
    rows = by_id(rank(TRIO, tie_pool(), BY_MEAN, committee))
    assert [(rows[e].rank, rows[e].unresolved_tie) for e in "IJ"] == [(9, True), (9, True)]


def test_float_noise_never_decides_a_tie():
    # Both means are 5.1 by hand; in floats (5.0+5.1+5.2)/3 is 5.1000000000000005. Subtotals
    # carry the same noise, medians are both 5.1: the tie stands, for the committee to decide.
    sheets = overall(1, {"A": 5.0, "B": 5.1, "C": 5.2}) + overall(2, {"A": 5.1, "B": 5.1, "C": 5.1})
    result = rank(OVERALL, sheets)
    assert [(e.entry_id, e.rank, e.unresolved_tie) for e in result.rows] == [(1, 1, True), (2, 1, True)]


def test_input_order_never_changes_the_result():
    expected = rank(TRIO, tie_pool(), BY_MEAN, COMMITTEE)
    shuffler = random.Random(2026)
    for _ in range(20):
        sheets = tie_pool()
        shuffler.shuffle(sheets)
        # The order of the scores inside a sheet must not matter either.
        sheets = [Sheet(s.entry_id, s.juror_id, dict(reversed(s.scores.items()))) for s in sheets]
        assert rank(TRIO, sheets, BY_MEAN, COMMITTEE) == expected


# ---------------------------------------------------------------- 9. refused input


def test_an_incomplete_sheet_is_refused_naming_entry_and_juror():
    sheets = trio(1, (7, 7, 7), (7, 7, 7)) + [Sheet(1, "J3", {"innovation": 7, "craftsmanship": 7})]
    with pytest.raises(ValueError, match="juror J3 for entry 1 is incomplete: missing commercial_value"):
        rank(TRIO, sheets)


def test_out_of_range_scores_and_twice_given_sheets_are_refused():
    with pytest.raises(ValueError, match="juror A for entry 1: overall = 10.5 is outside 0–10"):
        rank(OVERALL, overall(1, {"A": 10.5}))
    with pytest.raises(ValueError, match="juror A for entry 1 was given twice"):
        rank(OVERALL, overall(1, {"A": 7}) * 2)
    with pytest.raises(ValueError, match="juror A for entry 1 scores criteria not in the rubric: price"):
        rank(OVERALL, [Sheet(1, "A", {"overall": 7, "price": 9})])
    with pytest.raises(ValueError, match="weight must be positive"):
        Criterion("overall", 0)


# ---------------------------------------------------------------- 10. advancing to the next round


def test_advance_takes_the_top_share_rounded_up():
    result = rank(TRIO, tie_pool(), BY_MEAN, COMMITTEE)
    assert advance(result, 0.3) == ["A", "B", "C", "D"]  # ⌈0.3 × 11⌉ = ⌈3.3⌉ = 4
    assert len(advance(result, 1)) == 11


def test_entries_tied_at_the_cut_all_advance():
    result = rank(TRIO, tie_pool(), BY_MEAN, COMMITTEE)
    # ⌈0.75 × 11⌉ = 9: the 9th row is I, tied at rank 9 with J, so both go through.
    assert advance(result, 0.75) == ["A", "B", "C", "D", "F", "E", "H", "G", "I", "J"]


def test_advance_is_not_fooled_by_float_noise_and_leaves_unranked_entries_out():
    sheets = [s for n in range(1, 26) for s in overall(n, {"A": n / 4, "B": n / 4, "C": n / 4})]
    result = rank(OVERALL, sheets + overall(99, {"A": 10}), Settings(min_entries_for_normalisation=30))
    # 0.28 × 25 is 7 exactly, though 7.000000000000001 in floats.
    assert advance(result, 0.28) == [25, 24, 23, 22, 21, 20, 19]
    with pytest.raises(ValueError):
        advance(result, 0)


# ---------------------------------------------------------------- 11. export and round trip


def test_raw_sheets_through_csv_rank_identically():
    shuffler = random.Random(11)
    sheets = []
    for entry_id in range(1, 16):
        # Each entry scored by 2–6 of 6 jurors, to one decimal: totals like 6.7 carry float noise.
        for juror_id in sorted(shuffler.sample(range(1, 7), shuffler.randint(2, 6))):
            sheets.append(Sheet(entry_id, juror_id,
                                {c.key: shuffler.randint(0, 100) / 10 for c in HANOI}))
    committee = {3: 1, 5: 2}
    expected = rank(HANOI, sheets, committee_order=committee)

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["entry_id", "juror_id", *(c.key for c in HANOI)])
    writer.writeheader()
    writer.writerows(sheet_rows(HANOI, sheets))
    parsed = sheets_from_rows(HANOI, csv.DictReader(io.StringIO(buffer.getvalue())))

    assert parsed == sorted(sheets, key=lambda s: (s.entry_id, s.juror_id))
    assert rank(HANOI, parsed, committee_order=committee) == expected
    assert expected.unranked  # the pool has entries below quorum, and they survive the trip too


def test_an_empty_cell_comes_back_as_an_incomplete_sheet():
    rows = [{"entry_id": "4", "juror_id": "9", "overall": ""}]
    with pytest.raises(ValueError, match="juror 9 for entry 4 is incomplete"):
        rank(OVERALL, sheets_from_rows(OVERALL, rows))


def test_ranking_rows_for_export():
    result = rank(TRIO, tie_pool() + trio("Z", (9, 9, 9)), BY_MEAN, COMMITTEE)
    rows = to_rows(result)
    assert [row["entry_id"] for row in rows] == ["A", "B", "C", "D", "F", "E", "H", "G", "I", "J", "K", "Z"]
    assert all(tuple(row) == RANKING_COLUMNS for row in rows)
    assert rows[1] == {
        "rank": 2, "entry_id": "B", "method": "mean", "primary_score": 8.0, "n_scores": 3, "mean": 8.0,
        "median": 8.0, "trimmed_mean": None, "normalised_score": None, "tiebreak_subtotal": 16.0,
        "high_scores": 3, "tie_break": "tiebreak_subtotal", "unresolved_tie": False, "below_quorum": False,
        "disagreement": False, "disagreement_jurors": "",
    }
    assert (rows[-1]["rank"], rows[-1]["below_quorum"], rows[-1]["mean"]) == (None, True, 9.0)
