"""Prizes from the final ranking (within each category's tier counts), publication, public results, scorecards."""
from flask_babel import gettext as _
from sqlalchemy import func, select

from fairapp.contest.labels import PRIZE_LABELS
from fairapp.contest.models import (
    PRIZE_TIERS, ContestCategory, ContestEntry, ContestRound, JuryAssignment, JuryScore, PrizeAward, ScoreSheet,
)
from fairapp.core import audit
from fairapp.core.db import utcnow
from fairapp.core.errors import DomainError
from fairapp.extensions import db


def final_round(contest):
    return max(contest.rounds, key=lambda r: r.position) if contest.rounds else None


def tier_counts(category):
    return {t.tier: t.count for t in category.prize_tiers}


def awards_in(category):
    return db.session.scalars(select(PrizeAward).where(PrizeAward.category_id == category.id)
                              .order_by(PrizeAward.id)).all()


def award_prize(contest, entry, tier):
    if contest.results_published_at is not None:
        raise DomainError(_("The results are published; prizes can no longer change."), status=409)
    final = final_round(contest)
    if final is None or final.status != "closed":
        raise DomainError(_("Prizes are given once the final round is closed."), status=409)
    if tier not in PRIZE_TIERS:
        raise DomainError(_("Choose a prize."), field="tier")
    if entry.contest_id != contest.id or entry.status != "submitted" or entry.eligibility != "eligible":
        raise DomainError(_("Only an eligible entry can receive a prize."), field="entry_id")
    existing = db.session.scalar(select(PrizeAward).where(PrizeAward.entry_id == entry.id))
    if existing is not None:
        raise DomainError(_("This entry already has a prize."), field="entry_id", status=409)
    allowed = tier_counts(entry.category).get(tier, 0)
    given = db.session.scalar(select(func.count()).where(PrizeAward.category_id == entry.category_id,
                                                         PrizeAward.tier == tier))
    if given >= allowed:
        raise DomainError(_("This category has no %(tier)s prize left (%(count)d in all).",
                            tier=tier_label(tier), count=allowed), field="tier", status=409)
    award = PrizeAward(entry=entry, category_id=entry.category_id, tier=tier)
    db.session.add(award)
    db.session.flush()
    audit.record("prize.award", "prize_award", award.id, after={"entry": entry.code, "tier": tier})
    return award


def revoke_prize(contest, award):
    if contest.results_published_at is not None:
        raise DomainError(_("The results are published; prizes can no longer change."), status=409)
    audit.record("prize.revoke", "prize_award", award.id, before={"entry": award.entry.code, "tier": award.tier})
    db.session.delete(award)


def publish(contest, now=None):
    if contest.results_published_at is not None:
        raise DomainError(_("The results are already published."), status=409)
    if not db.session.scalar(select(PrizeAward.id).join(ContestCategory)
                             .where(ContestCategory.contest_id == contest.id).limit(1)):
        raise DomainError(_("Give the prizes before publishing the results."), status=409)
    contest.results_published_at = now or utcnow()
    audit.record("contest.publish", "contest", contest.id, after={"published_at": contest.results_published_at})
    return contest


def tier_label(tier):
    return str(PRIZE_LABELS.get(tier, tier))


def winners(contest):
    """[(category, [award, …] best tier first)] — for the public page only once published."""
    order = {tier: i for i, tier in enumerate(PRIZE_TIERS)}
    awards = db.session.scalars(select(PrizeAward).join(ContestEntry)
                                .where(ContestEntry.contest_id == contest.id)).all()
    by_category = {category.id: [] for category in contest.categories}
    for award in awards:
        by_category[award.category_id].append(award)
    return [(category, sorted(by_category[category.id], key=lambda a: (order[a.tier], a.entry.number)))
            for category in contest.categories]


def published_award(contest, code):
    if contest.results_published_at is None:
        raise DomainError(_("The results have not been published yet."), status=404)
    award = db.session.scalar(select(PrizeAward).join(ContestEntry).where(ContestEntry.code == code,
                                                                          ContestEntry.contest_id == contest.id))
    if award is None:
        raise DomainError(_("This page does not exist."), status=404)
    return award


def scorecard(entry):
    """Per round, per criterion: each juror's score as 'Juror 1, 2, …' (never a name) and the mean."""
    if entry.contest.results_published_at is None:
        raise DomainError(_("Scorecards are shown once the results are published."), status=409)
    cards = []
    rounds = db.session.scalars(select(ContestRound).where(ContestRound.contest_id == entry.contest_id)
                                .order_by(ContestRound.position)).all()
    for round_ in rounds:
        rows = db.session.execute(
            select(ScoreSheet.juror_id, JuryScore.criterion_id, JuryScore.score, JuryScore.comment)
            .join(JuryScore, JuryScore.sheet_id == ScoreSheet.id)
            .join(JuryAssignment, (JuryAssignment.round_id == ScoreSheet.round_id)
                  & (JuryAssignment.entry_id == ScoreSheet.entry_id) & (JuryAssignment.juror_id == ScoreSheet.juror_id))
            .where(ScoreSheet.round_id == round_.id, ScoreSheet.entry_id == entry.id,
                   ScoreSheet.status == "submitted", JuryAssignment.status == "active")).all()
        if not rows:
            continue
        # Numbered by an order unrelated to identity, so nobody can tell who gave what.
        jurors = sorted({r.juror_id for r in rows}, key=lambda j: hash((entry.id, round_.id, j)))
        number = {j: i for i, j in enumerate(jurors, 1)}
        criteria = []
        for criterion in round_.criteria:
            scores = sorted(((number[r.juror_id], r.score, r.comment) for r in rows if r.criterion_id == criterion.id))
            mean = sum(s for _n, s, _c in scores) / len(scores) if scores else None
            criteria.append({"criterion": criterion, "scores": scores, "mean": mean})
        cards.append({"round": round_, "criteria": criteria, "jurors": len(jurors)})
    return cards
