"""Blind scoring: what a juror may see of an entry, draft and submitted score sheets, abstention."""
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import exists, func, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.exc import IntegrityError

from fairapp.contest.models import (
    Conflict, ContestEntry, ContestRound, EntryPhoto, JuryAssignment, JuryScore, ScoreSheet,
)
from fairapp.core import audit
from fairapp.core.db import utcnow
from fairapp.core.errors import DomainError
from fairapp.core.i18n import clean_text
from fairapp.extensions import db

COMMENT_LOW, COMMENT_HIGH = 2, 9  # scores this far out need a reason others can read


@dataclass(frozen=True)
class BlindEntry:
    """All a juror is shown: never the entrant, maker, business, village, contact or file names."""

    id: int
    code: str
    category: object
    photo_tokens: tuple
    title: str
    description: str
    materials: str
    techniques: str
    dimensions: str


def blind(entry) -> BlindEntry:
    return BlindEntry(id=entry.id, code=entry.code, category=entry.category,
                      photo_tokens=tuple(p.image.token for p in entry.photos), title=entry.title,
                      description=entry.description, materials=entry.materials, techniques=entry.techniques,
                      dimensions=entry.dimensions)


def _active_assignments(juror):
    no_conflict = ~exists().where(Conflict.juror_id == JuryAssignment.juror_id,
                                  Conflict.entry_id == JuryAssignment.entry_id)
    return select(JuryAssignment).where(JuryAssignment.juror_id == juror.id,
                                        JuryAssignment.status == "active", no_conflict)


def assignment_for(juror, round_, entry) -> JuryAssignment:
    """The juror's live assignment, or 403: a conflicted or unassigned juror never sees the entry."""
    row = db.session.scalar(_active_assignments(juror).where(JuryAssignment.round_id == round_.id,
                                                             JuryAssignment.entry_id == entry.id))
    if row is None:
        raise DomainError(_("This entry is not assigned to you."), status=403, code="not_assigned")
    return row


def round_and_entry(round_id, entry_id):
    round_ = db.session.get(ContestRound, round_id)
    entry = db.session.get(ContestEntry, entry_id)
    if round_ is None or entry is None or entry.contest_id != round_.contest_id:
        raise DomainError(_("This page does not exist."), status=404)
    return round_, entry


def juror_rounds(juror):
    return db.session.scalars(select(ContestRound).where(ContestRound.id.in_(
        _active_assignments(juror).with_only_columns(JuryAssignment.round_id)))
        .order_by(ContestRound.position)).all()


def _live_ids(juror, round_):
    return _active_assignments(juror).where(JuryAssignment.round_id == round_.id).with_only_columns(
        JuryAssignment.entry_id)


def queue(juror, round_):
    """[(BlindEntry, sheet status or None)] and the number still to do."""
    rows = db.session.execute(
        select(ContestEntry, ScoreSheet.status)
        .outerjoin(ScoreSheet, (ScoreSheet.entry_id == ContestEntry.id) & (ScoreSheet.round_id == round_.id)
                   & (ScoreSheet.juror_id == juror.id))
        .where(ContestEntry.id.in_(_live_ids(juror, round_)))
        .options(selectinload(ContestEntry.photos).joinedload(EntryPhoto.image), joinedload(ContestEntry.category))
        .order_by(ContestEntry.number)).all()
    items = [(blind(entry), status) for entry, status in rows]
    left = sum(1 for _entry, status in items if status not in ("submitted", "abstained"))
    return items, left


def sheet_of(juror, round_, entry):
    return db.session.scalar(select(ScoreSheet).where(ScoreSheet.round_id == round_.id,
                                                      ScoreSheet.entry_id == entry.id,
                                                      ScoreSheet.juror_id == juror.id))


def _locked_sheet(juror, round_, entry):
    """The sheet row, created if need be, locked for this transaction (FOR UPDATE on PostgreSQL;
    SQLite's write transaction already excludes other writers)."""
    query = select(ScoreSheet).where(ScoreSheet.round_id == round_.id, ScoreSheet.entry_id == entry.id,
                                     ScoreSheet.juror_id == juror.id).with_for_update()
    sheet = db.session.scalar(query)
    if sheet is not None:
        return sheet
    try:
        with db.session.begin_nested():
            db.session.add(ScoreSheet(round_id=round_.id, entry_id=entry.id, juror_id=juror.id))
    except IntegrityError:  # another request created it first: wait for its lock
        pass
    return db.session.scalar(query.execution_options(populate_existing=True))


def _check_open(round_):
    if round_.status == "closed":
        raise DomainError(_("Scoring has closed for this round; scores are locked."), status=409,
                          code="round_closed")
    if round_.status != "open":
        raise DomainError(_("Scoring has not opened yet for this round."), status=409, code="round_not_open")


def _validate(round_, values, submit):
    """{criterion_id: (score or None, comment)} -> the same, checked; nothing is written before this."""
    errors = {}
    clean = {}
    for criterion in round_.criteria:
        raw, comment = values.get(criterion.id, (None, ""))
        comment = (comment or "").strip()
        if raw in (None, ""):
            if submit:
                errors[criterion.id] = _("Give a score from 0 to 10.")
            clean[criterion.id] = (None, comment)
            continue
        try:
            score = int(str(raw).strip())
        except ValueError:
            score = None
        if score is None or not 0 <= score <= 10 or str(raw).strip() not in {str(n) for n in range(11)}:
            errors[criterion.id] = _("A score is a whole number from 0 to 10.")
            continue
        if submit and (score <= COMMENT_LOW or score >= COMMENT_HIGH) and not comment:
            errors[criterion.id] = _("Explain a score of %(score)d in a comment.", score=score)
            continue
        clean[criterion.id] = (score, comment[:2000])
    if errors:
        error = DomainError(_("Some scores need your attention."), field="scores", code="invalid_scores")
        error.errors = errors
        raise error
    return clean


def _score_values(row):
    return {"score": row.score, "comment": row.comment}


def save_sheet(juror, round_, entry, values, *, submit, now=None, keep_missing=False):
    """Save a draft (incomplete is fine) or submit (complete, comments on extreme scores).
    Every created, changed or withdrawn score is logged with its old and new value.
    `keep_missing` (autosave): a criterion without a score is left as it is, not withdrawn."""
    _check_open(round_)
    assignment_for(juror, round_, entry)
    clean = _validate(round_, values, submit)
    sheet = _locked_sheet(juror, round_, entry)
    current = {row.criterion_id: row for row in sheet.scores}
    changed = False
    for criterion in round_.criteria:
        score, comment = clean[criterion.id]
        row = current.get(criterion.id)
        if score is None:
            if row is not None and not keep_missing:
                _withdraw(row, sheet, "draft")
                changed = True
            continue
        if row is None:
            row = JuryScore(juror_id=juror.id, entry_id=entry.id, criterion_id=criterion.id, score=score,
                            comment=comment)
            sheet.scores.append(row)
            changed = True
            db.session.flush()
            audit.record("score.create", "jury_score", row.id, before=None,
                         after={"entry": entry.code, "criterion": criterion.key, **_score_values(row)})
        elif (row.score, row.comment) != (score, comment):
            before = _score_values(row)
            row.score, row.comment = score, comment
            changed = True
            audit.record("score.change", "jury_score", row.id, before={"criterion": criterion.key, **before},
                         after={"criterion": criterion.key, **_score_values(row)})
    old_status = sheet.status
    if submit:
        sheet.status, sheet.submitted_at = "submitted", now or utcnow()
    elif changed or sheet.status == "abstained":
        # A submitted sheet that is changed counts again only once it is submitted again;
        # a draft save carrying the same values (an autosave racing the submit) changes nothing.
        sheet.status = "draft"
    sheet.abstain_reason = ""
    sheet.updated_at = now or utcnow()
    if old_status != sheet.status:
        audit.record(f"sheet.{sheet.status}", "score_sheet", sheet.id, before={"status": old_status},
                     after={"status": sheet.status, "entry": entry.code})
    db.session.flush()
    return sheet


def _withdraw(row, sheet, reason):
    audit.record("score.withdraw", "jury_score", row.id,
                 before={"entry": sheet_entry_code(sheet), "criterion": row.criterion.key, **_score_values(row)},
                 after={"reason": reason})
    sheet.scores.remove(row)
    db.session.delete(row)


def sheet_entry_code(sheet):
    return db.session.scalar(select(ContestEntry.code).where(ContestEntry.id == sheet.entry_id))


def abstain(juror, round_, entry, reason, now=None):
    """Decline to score an entry, with a reason; it counts as no score, never as zero."""
    _check_open(round_)
    assignment_for(juror, round_, entry)
    reason = clean_text(reason)
    if not reason:
        raise DomainError(_("Give the reason you abstain."), field="reason")
    sheet = _locked_sheet(juror, round_, entry)
    for row in list(sheet.scores):
        _withdraw(row, sheet, "abstain")
    before = sheet.status
    sheet.status, sheet.abstain_reason, sheet.updated_at = "abstained", reason[:500], now or utcnow()
    audit.record("sheet.abstained", "score_sheet", sheet.id, before={"status": before},
                 after={"status": "abstained", "reason": sheet.abstain_reason, "entry": entry.code})
    return sheet


def withdraw_scores(round_, entry, juror, reason):
    sheet = sheet_of(juror, round_, entry)
    if sheet is None:
        return
    for row in list(sheet.scores):
        _withdraw(row, sheet, reason)
    if sheet.status != "draft":
        audit.record("sheet.draft", "score_sheet", sheet.id, before={"status": sheet.status},
                     after={"status": "draft", "reason": reason})
        sheet.status = "draft"


def progress(juror, round_):
    """How many of the juror's live entries are done (submitted or abstained): two counts, no rows."""
    live = _live_ids(juror, round_)
    total = db.session.scalar(select(func.count()).select_from(live.subquery()))
    done = db.session.scalar(select(func.count()).select_from(ScoreSheet).where(
        ScoreSheet.round_id == round_.id, ScoreSheet.juror_id == juror.id,
        ScoreSheet.status.in_(("submitted", "abstained")), ScoreSheet.entry_id.in_(live)))
    return {"total": total, "left": total - done, "done": done,
            "percent": int(round(100 * done / total)) if total else 100}


def sheet_counts(round_):
    return dict(db.session.execute(select(ScoreSheet.status, func.count())
                                   .where(ScoreSheet.round_id == round_.id)
                                   .group_by(ScoreSheet.status)).all())
