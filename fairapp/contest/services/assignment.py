"""Who judges what: category panels, automatic assignment (at least N jurors per entry,
balanced load, never a conflicted juror), manual changes and replacements, all logged."""
from collections import Counter

from flask_babel import gettext as _
from sqlalchemy import select

from fairapp.contest.models import (
    Advancement, Conflict, ContestCategory, ContestEntry, ContestRound, JuryAssignment, PanelMember,
)
from fairapp.core import audit
from fairapp.core.errors import DomainError
from fairapp.core.models import User
from fairapp.extensions import db


def round_entries(round_) -> list[ContestEntry]:
    """The first round takes every eligible entry; a later one the entries advanced into it."""
    query = select(ContestEntry).where(ContestEntry.contest_id == round_.contest_id,
                                       ContestEntry.status == "submitted",
                                       ContestEntry.eligibility == "eligible")
    if round_.position > min(r.position for r in round_.contest.rounds):
        query = query.join(Advancement, (Advancement.entry_id == ContestEntry.id)
                           & (Advancement.round_id == round_.id))
    return db.session.scalars(query.order_by(ContestEntry.number)).all()


# ---------------------------------------------------------------- panels


def add_to_panel(category, juror):
    if juror.role != "juror":
        raise DomainError(_("Only jurors can sit on a panel."), field="juror_id")
    exists = db.session.scalar(select(PanelMember).where(PanelMember.category_id == category.id,
                                                         PanelMember.juror_id == juror.id))
    if exists is not None:
        raise DomainError(_("%(name)s is already on this panel.", name=juror.name), field="juror_id")
    member = PanelMember(category=category, juror=juror)
    db.session.add(member)
    db.session.flush()
    audit.record("panel.add", "contest_category", category.id, after={"juror_id": juror.id})
    return member


def remove_from_panel(member):
    audit.record("panel.remove", "contest_category", member.category_id, before={"juror_id": member.juror_id})
    db.session.delete(member)


def panels(contest):
    """{category: [juror, …]} in category order."""
    rows = db.session.execute(select(PanelMember, User).join(User, User.id == PanelMember.juror_id)
                              .join(ContestCategory).where(ContestCategory.contest_id == contest.id)
                              .order_by(User.name_key)).all()
    by_category = {category: [] for category in contest.categories}
    for member, juror in rows:
        by_category[member.category].append((member, juror))
    return by_category


# ---------------------------------------------------------------- assignment


def conflicted_pairs(entry_ids):
    if not entry_ids:
        return set()
    return set(db.session.execute(select(Conflict.juror_id, Conflict.entry_id)
                                  .where(Conflict.entry_id.in_(entry_ids))).all())


def _assignments(round_):
    return db.session.scalars(select(JuryAssignment).where(JuryAssignment.round_id == round_.id)).all()


def _check_round_editable(round_):
    if round_.status == "closed":
        raise DomainError(_("This round is closed; its assignments can no longer change."), status=409)


def auto_assign(round_):
    """Give every entry of the round at least `jurors_per_entry` active jurors from its category's
    panel, least-loaded first. Returns the entries still short (not enough free jurors)."""
    _check_round_editable(round_)
    entries = round_entries(round_)
    existing = _assignments(round_)
    taken = {(a.entry_id, a.juror_id) for a in existing}
    active = Counter(a.entry_id for a in existing if a.status == "active")
    load = Counter(a.juror_id for a in existing if a.status == "active")
    panel = {}
    for member in db.session.scalars(select(PanelMember).join(ContestCategory)
                                     .where(ContestCategory.contest_id == round_.contest_id)):
        panel.setdefault(member.category_id, []).append(member.juror_id)
    conflicts = conflicted_pairs([e.id for e in entries])

    def candidates(entry):
        return [j for j in panel.get(entry.category_id, [])
                if (entry.id, j) not in taken and (j, entry.id) not in conflicts]

    # Entries with the fewest possible jurors choose first, so they are not starved.
    short = []
    added = 0
    for entry in sorted(entries, key=lambda e: (len(candidates(e)), e.number)):
        need = round_.jurors_per_entry - active[entry.id]
        for juror_id in sorted(candidates(entry), key=lambda j: (load[j], j))[:max(need, 0)]:
            db.session.add(JuryAssignment(round_id=round_.id, entry_id=entry.id, juror_id=juror_id))
            taken.add((entry.id, juror_id))
            load[juror_id] += 1
            active[entry.id] += 1
            added += 1
        if active[entry.id] < round_.jurors_per_entry:
            short.append(entry)
    db.session.flush()
    audit.record("assignment.auto", "contest_round", round_.id,
                 after={"added": added, "short": [e.code for e in short]})
    return added, short


def assign(round_, entry, juror, reason=""):
    """A manual assignment (logged); a conflicted juror is refused."""
    _check_round_editable(round_)
    if juror.role != "juror":
        raise DomainError(_("Only jurors can be assigned."), field="juror_id")
    if entry not in round_entries(round_):
        raise DomainError(_("This entry is not in this round."), field="entry_id")
    if (juror.id, entry.id) in conflicted_pairs([entry.id]):
        raise DomainError(_("%(name)s has a conflict of interest with this entry.", name=juror.name),
                          field="juror_id", code="conflict")
    row = db.session.scalar(select(JuryAssignment).where(JuryAssignment.round_id == round_.id,
                                                         JuryAssignment.entry_id == entry.id,
                                                         JuryAssignment.juror_id == juror.id))
    if row is not None and row.status == "active":
        raise DomainError(_("This juror is already assigned to this entry."), field="juror_id")
    if row is None:
        row = JuryAssignment(round_id=round_.id, entry_id=entry.id, juror_id=juror.id)
        db.session.add(row)
    row.status, row.manual, row.reason = "active", True, reason
    db.session.flush()
    audit.record("assignment.add", "jury_assignment", row.id,
                 after={"round_id": round_.id, "entry": entry.code, "juror_id": juror.id, "reason": reason})
    return row


def unassign(assignment, reason, status="removed"):
    """Take a juror off an entry: their scores for it are withdrawn (and logged)."""
    from fairapp.contest.services.jury import withdraw_scores

    _check_round_editable(assignment.round)
    before = {"status": assignment.status}
    assignment.status, assignment.reason = status, reason
    withdraw_scores(assignment.round, assignment.entry, assignment.juror, reason=reason)
    audit.record(f"assignment.{status}", "jury_assignment", assignment.id, before=before,
                 after={"status": status, "reason": reason})


def top_up(round_, entry):
    """After a recusal or a removed conflict: bring the entry back to quorum if the panel allows.
    Returns the new assignments."""
    if round_.status == "closed":
        return []
    existing = [a for a in _assignments(round_) if a.entry_id == entry.id]
    active = sum(1 for a in existing if a.status == "active")
    if active >= round_.jurors_per_entry:
        return []
    taken = {a.juror_id for a in existing}
    conflicts = conflicted_pairs([entry.id])
    load = Counter(a.juror_id for a in _assignments(round_) if a.status == "active")
    panel = db.session.scalars(select(PanelMember.juror_id)
                               .where(PanelMember.category_id == entry.category_id)).all()
    free = sorted((j for j in panel if j not in taken and (j, entry.id) not in conflicts),
                  key=lambda j: (load[j], j))
    added = []
    for juror_id in free[:round_.jurors_per_entry - active]:
        row = JuryAssignment(round_id=round_.id, entry_id=entry.id, juror_id=juror_id,
                             reason="replacement")
        db.session.add(row)
        db.session.flush()
        audit.record("assignment.replacement", "jury_assignment", row.id,
                     after={"round_id": round_.id, "entry": entry.code, "juror_id": juror_id})
        added.append(row)
    return added


def assignment_table(round_):
    """(entry, [assignment, …]) for every entry of the round, with the juror loaded."""
    rows = db.session.scalars(select(JuryAssignment).where(JuryAssignment.round_id == round_.id)
                              .order_by(JuryAssignment.id)).all()
    by_entry = {}
    for row in rows:
        by_entry.setdefault(row.entry_id, []).append(row)
    return [(entry, by_entry.get(entry.id, [])) for entry in round_entries(round_)]


def juror_loads(round_):
    return Counter(db.session.scalars(select(JuryAssignment.juror_id).where(
        JuryAssignment.round_id == round_.id, JuryAssignment.status == "active")).all())


def open_rounds_with(entry):
    return db.session.scalars(select(ContestRound).where(ContestRound.contest_id == entry.contest_id,
                                                         ContestRound.status != "closed")).all()
