"""Organiser set-up: the contest's window and signatory, rounds, rubric (weights freeze on opening), prize tiers."""
from flask_babel import gettext as _
from sqlalchemy import func, select

from fairapp.contest.models import (
    PRIZE_TIERS, Contest, ContestCategory, ContestRound, CriterionLevel, PrizeTier, RubricCriterion,
)
from fairapp.core import audit
from fairapp.core.db import utcnow
from fairapp.core.errors import DomainError
from fairapp.core.fairs import current_fair
from fairapp.core.i18n import clean_text
from fairapp.extensions import db

ROUND_SETTINGS = ("name", "name_en", "jurors_per_entry", "advance_percent", "quorum",
                  "normalisation_min_entries", "disagreement_points")
# Changing these after scoring starts would change ranks under the jurors' feet.
FROZEN_WHEN_OPEN = ("quorum", "normalisation_min_entries", "disagreement_points")


def current_contest() -> Contest | None:
    fair = current_fair()
    if fair is None:
        return None
    return db.session.scalar(select(Contest).where(Contest.fair_id == fair.id))


def contest_or_error() -> Contest:
    contest = current_contest()
    if contest is None:
        raise DomainError(_("No contest has been set up yet."), status=404, code="no_contest")
    return contest


def update_contest(contest, *, name, opens_at, closes_at, signatory_name, signatory_title, name_en=None):
    if closes_at <= opens_at:
        raise DomainError(_("The submission deadline must come after the opening."),
                          field="submissions_close_at")
    fields = ("name", "name_en", "submissions_open_at", "submissions_close_at", "signatory_name", "signatory_title")
    before = audit.snapshot(contest, *fields)
    if name_en is not None:
        contest.name_en = clean_text(name_en)
    contest.name, contest.submissions_open_at, contest.submissions_close_at = name, opens_at, closes_at
    contest.signatory_name, contest.signatory_title = signatory_name, signatory_title
    audit.record_changes("contest.update", "contest", contest.id, before, audit.snapshot(contest, *fields))
    return contest


def category_in(contest, category_id) -> ContestCategory:
    category = db.session.get(ContestCategory, category_id)
    if category is None or category.contest_id != contest.id:
        raise DomainError(_("Choose one of the contest's categories."), field="category_id")
    return category


def round_in(contest, round_id) -> ContestRound:
    round_ = db.session.get(ContestRound, round_id)
    if round_ is None or round_.contest_id != contest.id:
        raise DomainError(_("This round does not exist."), status=404, code="no_round")
    return round_


def add_round(contest, *, name, name_en=""):
    position = (db.session.scalar(select(func.max(ContestRound.position))
                                  .where(ContestRound.contest_id == contest.id)) or 0) + 1
    round_ = ContestRound(contest=contest, position=position, name=name, name_en=name_en)
    db.session.add(round_)
    db.session.flush()
    audit.record("round.create", "contest_round", round_.id, after={"name": name, "position": position})
    return round_


def update_round(round_, **values):
    if round_.status == "closed":
        raise DomainError(_("This round is closed; its settings can no longer change."))
    if round_.status == "open" and any(name in values and values[name] != getattr(round_, name)
                                       for name in FROZEN_WHEN_OPEN):
        raise DomainError(_("This round is open: its ranking settings are frozen."))
    before = audit.snapshot(round_, *ROUND_SETTINGS)
    for name in ROUND_SETTINGS:
        if name in values:
            setattr(round_, name, values[name])
    audit.record_changes("round.update", "contest_round", round_.id,
                         before, audit.snapshot(round_, *ROUND_SETTINGS))
    return round_


def _editable_rubric(round_):
    if round_.status != "draft":
        raise DomainError(_("The rubric and its weights are frozen once the round has opened."),
                          field="weight", code="rubric_frozen", status=409)


def save_criterion(round_, *, key, name, name_en="", weight, tiebreak=False, levels=None,
                   criterion=None):
    """Add or change a criterion; `levels` maps 0…10 to (description, description_en)."""
    _editable_rubric(round_)
    if not 1 <= int(weight) <= 100:
        raise DomainError(_("A weight is a whole number from 1 to 100."), field="weight")
    clash = db.session.scalar(select(RubricCriterion).where(RubricCriterion.round_id == round_.id,
                                                            RubricCriterion.key == key))
    if clash is not None and clash is not criterion:
        raise DomainError(_("Another criterion of this round already uses this key."), field="key")
    fields = ("key", "name", "name_en", "weight", "tiebreak")
    created = criterion is None
    if created:
        criterion = RubricCriterion(round=round_, position=len(round_.criteria))
        db.session.add(criterion)
    before = {} if created else audit.snapshot(criterion, *fields)
    criterion.key, criterion.name, criterion.name_en = key, name, name_en
    criterion.weight, criterion.tiebreak = int(weight), bool(tiebreak)
    if levels is not None:
        _set_levels(criterion, levels)
    db.session.flush()
    old, new = audit.changed(before, audit.snapshot(criterion, *fields))
    if new:
        audit.record("criterion.create" if created else "criterion.update", "rubric_criterion",
                     criterion.id, before=old or None, after=new)
    return criterion


def _set_levels(criterion, levels):
    existing = {level.level: level for level in criterion.levels}
    for number in range(11):
        text, text_en = levels.get(number, ("", ""))
        if not text:
            raise DomainError(_("Describe every score level from 0 to 10."), field="levels")
        row = existing.get(number)
        if row is None:
            criterion.levels.append(CriterionLevel(level=number, description=text, description_en=text_en))
        else:
            row.description, row.description_en = text, text_en


def set_weights(round_, weights):
    """{criterion_id: weight}; refused once the round has opened."""
    _editable_rubric(round_)
    for criterion in round_.criteria:
        if criterion.id in weights:
            save_criterion(round_, key=criterion.key, name=criterion.name, name_en=criterion.name_en,
                           weight=weights[criterion.id], tiebreak=criterion.tiebreak,
                           criterion=criterion)


def remove_criterion(round_, criterion):
    _editable_rubric(round_)
    audit.record("criterion.delete", "rubric_criterion", criterion.id,
                 before=audit.snapshot(criterion, "key", "name", "weight"))
    db.session.delete(criterion)


def open_round(round_, now=None):
    if round_.status != "draft":
        raise DomainError(_("Only a round in preparation can be opened."))
    if not round_.criteria:
        raise DomainError(_("Add the rubric's criteria before opening the round."))
    if any(len(c.levels) != 11 for c in round_.criteria):
        raise DomainError(_("Describe every score level from 0 to 10."))
    earlier = [r for r in round_.contest.rounds if r.position < round_.position]
    if any(r.status != "closed" for r in earlier):
        raise DomainError(_("Close the previous round first."))
    round_.status, round_.opened_at = "open", now or utcnow()
    audit.record("round.open", "contest_round", round_.id, before={"status": "draft"},
                 after={"status": "open", "weights": {c.key: c.weight for c in round_.criteria}})
    return round_


def close_round(round_, now=None):
    if round_.status != "open":
        raise DomainError(_("Only an open round can be closed."))
    round_.status, round_.closed_at = "closed", now or utcnow()
    audit.record("round.close", "contest_round", round_.id, before={"status": "open"},
                 after={"status": "closed"})
    return round_


def set_prize_tiers(category, counts):
    """{tier: count} for one category."""
    existing = {t.tier: t for t in category.prize_tiers}
    before = {tier: row.count for tier, row in existing.items()}
    for tier in PRIZE_TIERS:
        count = int(counts.get(tier, 0))
        if count < 0 or count > 100:
            raise DomainError(_("A prize count is a whole number from 0 to 100."), field=tier)
        if tier in existing:
            existing[tier].count = count
        else:
            db.session.add(PrizeTier(category=category, tier=tier, count=count))
    after = {tier: int(counts.get(tier, 0)) for tier in PRIZE_TIERS}
    if before != after:
        audit.record("prize_tiers.update", "contest_category", category.id, before=before, after=after)


def prize_totals(contest):
    rows = db.session.execute(
        select(PrizeTier.tier, func.sum(PrizeTier.count)).join(ContestCategory)
        .where(ContestCategory.contest_id == contest.id).group_by(PrizeTier.tier)).all()
    totals = dict(rows)
    return {tier: int(totals.get(tier) or 0) for tier in PRIZE_TIERS}
