"""The jury ranking of a round and category: models in, fairapp.contest.services.scoring out, explained."""
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from fairapp.contest.models import Advancement, CommitteeDecision, JuryAssignment, JuryScore, ScoreSheet
from fairapp.contest.services.assignment import round_entries
from fairapp.contest.services.scoring import Criterion, RankingResult, Settings, Sheet, advance, rank
from fairapp.core import audit
from fairapp.core.errors import DomainError
from fairapp.core.i18n import clean_text
from fairapp.core.models import User
from fairapp.extensions import db


@dataclass
class Pool:
    """Everything `rank` needs for one round × category, as plain values (also what is exported)."""

    criteria: list
    sheets: list
    settings: Settings
    committee_order: dict
    entries: list  # ContestEntry rows of the pool


def settings_of(round_) -> Settings:
    return Settings(min_scores=round_.quorum, min_entries_for_normalisation=round_.normalisation_min_entries,
                    disagreement_points=float(round_.disagreement_points))


def criteria_of(round_):
    return [Criterion(c.key, float(c.weight), c.tiebreak) for c in round_.criteria]


def committee_order(round_, category):
    order = {}
    decisions = db.session.scalars(select(CommitteeDecision).where(
        CommitteeDecision.round_id == round_.id, CommitteeDecision.category_id == category.id)
        .order_by(CommitteeDecision.id)).all()
    for decision in decisions:  # later decisions override earlier ones for the same entry
        for position, entry_id in enumerate(decision.entry_order, 1):
            order[entry_id] = position
    return order


def pool(round_, category) -> Pool:
    entries = [e for e in round_entries(round_) if e.category_id == category.id]
    keys = {c.id: c.key for c in round_.criteria}
    # Submitted sheets of jurors still assigned: an abstention, recusal or removal is no sheet.
    rows = db.session.execute(
        select(ScoreSheet.entry_id, ScoreSheet.juror_id, JuryScore.criterion_id, JuryScore.score)
        .join(JuryScore, JuryScore.sheet_id == ScoreSheet.id)
        .join(JuryAssignment, (JuryAssignment.round_id == ScoreSheet.round_id)
              & (JuryAssignment.entry_id == ScoreSheet.entry_id) & (JuryAssignment.juror_id == ScoreSheet.juror_id))
        .where(ScoreSheet.round_id == round_.id, ScoreSheet.status == "submitted",
               JuryAssignment.status == "active", ScoreSheet.entry_id.in_([e.id for e in entries]))).all()
    scores = {}
    for entry_id, juror_id, criterion_id, score in rows:
        scores.setdefault((entry_id, juror_id), {})[keys[criterion_id]] = float(score)
    sheets = [Sheet(entry_id, juror_id, values) for (entry_id, juror_id), values in sorted(scores.items())]
    return Pool(criteria_of(round_), sheets, settings_of(round_), committee_order(round_, category), entries)


def rank_pool(p: Pool) -> RankingResult:
    if not p.criteria:  # a round still without its rubric ranks nothing
        return RankingResult("mean", "no rubric yet", (), (), {})
    return rank(p.criteria, p.sheets, p.settings, p.committee_order, entries=[e.id for e in p.entries])


@dataclass
class RankingView:
    result: RankingResult
    entries: dict  # id -> ContestEntry
    jurors: dict  # id -> User
    method_text: str
    ties: list  # [[EntryResult, …], …] unresolved ties
    pool: Pool


def method_text(result: RankingResult, settings: Settings, jurors) -> str:
    needed = settings.min_entries_for_normalisation
    if not result.juror_stats:
        return _("No juror has submitted scores in this pool yet, so nothing is ranked.")
    if result.method == "zscore":
        return _("Ranked by z-score: each juror's totals are normalised to their own average and spread, "
                 "because all %(count)d jurors scored at least %(min)d entries in this pool.",
                 count=len(result.juror_stats), min=needed)
    short = ", ".join(f"{jurors[j].name if j in jurors else j} ({s.n})"
                      for j, s in result.juror_stats.items() if not s.qualifies)
    return _("Ranked by the mean of the jurors' weighted totals: z-score normalisation needs at least "
             "%(min)d entries per juror in this pool, and these jurors scored fewer: %(jurors)s.",
             min=needed, jurors=short)


def tie_break_text(rule, round_):
    names = ", ".join(c.name for c in round_.criteria if c.tiebreak)
    return {
        "tiebreak_subtotal": _("higher sum of the tie-break criteria (%(names)s)", names=names),
        "high_scores": _("more weighted totals of 8 or above"),
        "median": _("higher median"),
        "committee": _("committee decision"),
    }.get(rule, "")


def ranking(round_, category) -> RankingView:
    p = pool(round_, category)
    result = rank_pool(p)
    juror_ids = {s.juror_id for s in p.sheets}
    jurors = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(juror_ids)))} if juror_ids else {}
    ties = {}
    for row in result.rows:
        if row.unresolved_tie:
            ties.setdefault(row.rank, []).append(row)
    return RankingView(result, {e.id: e for e in p.entries}, jurors, method_text(result, p.settings, jurors),
                       list(ties.values()), p)


def record_decision(round_, category, entry_ids, reason, by):
    """The committee's order for one unresolved tie (best first), with its reason."""
    if round_.status != "closed":
        raise DomainError(_("Record committee decisions once the round is closed."), status=409)
    reason = clean_text(reason)
    if not reason:
        raise DomainError(_("Give the committee's reason."), field="reason")
    view = ranking(round_, category)
    tie_ids = [{row.entry_id for row in tie} for tie in view.ties]
    if len(set(entry_ids)) != len(entry_ids) or set(entry_ids) not in tie_ids:
        raise DomainError(_("Order exactly the entries of one unresolved tie."), field="order")
    decision = CommitteeDecision(round_id=round_.id, category_id=category.id, entry_order=list(entry_ids),
                                 reason=reason, decided_by_id=by.id if by else None)
    db.session.add(decision)
    db.session.flush()
    codes = [view.entries[i].code for i in entry_ids]
    audit.record("ranking.committee_decision", "contest_round", round_.id,
                 after={"category": category.code, "order": codes, "reason": reason})
    return decision


def next_round(round_):
    later = [r for r in round_.contest.rounds if r.position > round_.position]
    return min(later, key=lambda r: r.position) if later else None


def advance_round(round_):
    """Take the top share of every category into the next round. Returns {category: [entry, …]}."""
    target = next_round(round_)
    if round_.status != "closed":
        raise DomainError(_("Close the round before advancing entries."), status=409)
    if target is None or target.status != "draft":
        raise DomainError(_("There is no later round in preparation to advance entries into."), status=409)
    if db.session.scalar(select(Advancement.id).where(Advancement.round_id == target.id).limit(1)):
        raise DomainError(_("Entries have already been advanced into %(round)s.", round=target.name), status=409)
    moved = {}
    for category in round_.contest.categories:
        view = ranking(round_, category)
        ids = advance(view.result, round_.advance_percent / 100)
        ranks = {row.entry_id: row.rank for row in view.result.rows}
        for entry_id in ids:
            db.session.add(Advancement(round_id=target.id, entry_id=entry_id, previous_rank=ranks[entry_id]))
        moved[category] = [view.entries[i] for i in ids]
    audit.record("round.advance", "contest_round", round_.id,
                 after={"into": target.id, "share": round_.advance_percent,
                        "entries": [e.code for entries in moved.values() for e in entries]})
    return moved
