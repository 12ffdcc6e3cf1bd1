"""Conflicts of interest: jurors' profiles and declared ties, automatic detection, recusal."""
from flask_babel import gettext as _
from sqlalchemy import select

from fairapp.contest.models import (
    CONFLICT_KINDS, Conflict, ContestCategory, ContestEntry, JurorProfile, JurorTie, JuryAssignment, PanelMember,
)
from fairapp.core import audit
from fairapp.core.errors import DomainError
from fairapp.core.i18n import clean_text, search_key
from fairapp.core.models import User
from fairapp.core.validators import checked_email, normalise_phone, valid_tax_code
from fairapp.extensions import db


def profile_of(juror) -> JurorProfile:
    profile = db.session.get(JurorProfile, juror.id)
    if profile is None:
        profile = JurorProfile(user_id=juror.id, business_name="", expertise="")
        db.session.add(profile)
    return profile


def _tax(raw, field):
    raw = (raw or "").strip()
    if raw and not valid_tax_code(raw):
        raise DomainError(_("This tax code is not valid (10 digits, or 13 for a branch)."), field=field)
    return raw or None


def _phone(raw, field):
    raw = (raw or "").strip()
    phone = normalise_phone(raw) if raw else None
    if raw and phone is None:
        raise DomainError(_("Enter a Vietnamese mobile number (e.g. 0912 345 678) or a Hanoi landline (024…)."),
                          field=field)
    return phone


def save_profile(juror, *, business_name, tax_code, phone, expertise):
    profile = profile_of(juror)
    fields = ("business_name", "tax_code", "phone", "expertise")
    before = audit.snapshot(profile, *fields)
    profile.business_name, profile.expertise = clean_text(business_name), clean_text(expertise)
    profile.tax_code, profile.phone = _tax(tax_code, "tax_code"), _phone(phone, "phone")
    audit.record_changes("juror.profile", "user", juror.id, before, audit.snapshot(profile, *fields))
    detect_conflicts(None, jurors=[juror])
    return profile


def add_tie(juror, *, kind, party_name="", party_business="", party_tax_code="", party_phone="",
            party_email="", note=""):
    if kind not in CONFLICT_KINDS:
        raise DomainError(_("Choose the kind of tie."), field="kind")
    tie = JurorTie(juror_id=juror.id, kind=kind, party_name=clean_text(party_name),
                   party_business=clean_text(party_business), party_tax_code=_tax(party_tax_code, "party_tax_code"),
                   party_phone=_phone(party_phone, "party_phone"),
                   party_email=checked_email(party_email, "party_email", optional=True), note=clean_text(note))
    if not any((tie.party_name, tie.party_business, tie.party_tax_code, tie.party_phone, tie.party_email)):
        raise DomainError(_("Name the person or business (or give a tax code, phone or e-mail)."),
                          field="party_name")
    if kind == "other" and not tie.note:
        raise DomainError(_("Describe the tie in a note."), field="note")
    db.session.add(tie)
    db.session.flush()
    audit.record("juror.tie_add", "juror_tie", tie.id,
                 after=audit.snapshot(tie, "kind", "party_name", "party_business", "note"))
    detect_conflicts(None, jurors=[juror])
    return tie


def remove_tie(tie, juror):
    if tie.juror_id != juror.id:
        raise DomainError(_("This page does not exist."), status=404)
    audit.record("juror.tie_remove", "juror_tie", tie.id, before=audit.snapshot(tie, "kind", "party_name"))
    db.session.delete(tie)


def ties_of(juror):
    return db.session.scalars(select(JurorTie).where(JurorTie.juror_id == juror.id).order_by(JurorTie.id)).all()


def _tax_root(code):
    return (code or "")[:10] or None


def _matches(juror, profile, ties, entry):
    """(kind, source, note) when juror and entry are linked, else None."""
    entrant = entry.entrant
    phones = {p for p in (entry.contact_phone, entrant.phone) if p}
    business = search_key(entry.maker_business)
    people = {search_key(entry.maker_name), entrant.name_key} | {
        search_key(name) for name in entry.designers.replace(";", ",").split(",")}
    people.discard("")
    if profile is not None:
        if business and search_key(profile.business_name) == business:
            return "same_business", "detected", "business name"
        if profile.tax_code and _tax_root(profile.tax_code) == _tax_root(entry.tax_code):
            return "same_business", "detected", "tax code"
        if profile.phone and profile.phone in phones:
            return "other", "detected", "phone"
    if juror.email == entrant.email:
        return "other", "detected", "e-mail"
    for tie in ties:
        if ((tie.party_name and search_key(tie.party_name) in people)
                or (tie.party_business and search_key(tie.party_business) == business)
                or (tie.party_tax_code and _tax_root(tie.party_tax_code) == _tax_root(entry.tax_code))
                or (tie.party_phone and tie.party_phone in phones)
                or (tie.party_email and tie.party_email == entrant.email)):
            return tie.kind, "declared", tie.note or tie.party_name or tie.party_business
    return None


def detect_conflicts(contest, *, jurors=None, entries=None):
    """Record a conflict for every linked juror × entry pair and take such jurors off the entry."""
    if jurors is None:
        jurors = db.session.scalars(select(User).join(PanelMember, PanelMember.juror_id == User.id)
                                    .join(ContestCategory)
                                    .where(ContestCategory.contest_id == contest.id).distinct()).all()
    if entries is None:
        query = select(ContestEntry).where(ContestEntry.status == "submitted")
        if contest is not None:
            query = query.where(ContestEntry.contest_id == contest.id)
        entries = db.session.scalars(query).all()
    if not jurors or not entries:
        return []
    known = set(db.session.execute(select(Conflict.juror_id, Conflict.entry_id).where(
        Conflict.juror_id.in_([j.id for j in jurors]))).all())
    found = []
    for juror in jurors:
        profile = db.session.get(JurorProfile, juror.id)
        ties = ties_of(juror)
        for entry in entries:
            if (juror.id, entry.id) in known:
                continue
            match = _matches(juror, profile, ties, entry)
            if match is None:
                continue
            kind, source, note = match
            conflict = Conflict(juror_id=juror.id, entry_id=entry.id, kind=kind, source=source, note=note)
            db.session.add(conflict)
            db.session.flush()
            audit.record("conflict.detect", "conflict", conflict.id,
                         after={"juror_id": juror.id, "entry": entry.code, "kind": kind, "source": source})
            found.append(conflict)
            _drop_assignments(juror, entry, _("Conflict of interest"))
    return found


def _drop_assignments(juror, entry, reason):
    from fairapp.contest.services.assignment import top_up, unassign

    rows = db.session.scalars(select(JuryAssignment).where(JuryAssignment.juror_id == juror.id,
                                                           JuryAssignment.entry_id == entry.id,
                                                           JuryAssignment.status == "active")).all()
    for row in rows:
        if row.round.status == "closed":
            continue
        unassign(row, reason)
        top_up(row.round, entry)


def recuse(juror, round_, entry, *, kind, reason):
    """A juror steps back from an entry while scoring: a reason is required; a replacement
    is assigned when the entry falls below quorum. Returns the replacements."""
    from fairapp.contest.services.assignment import top_up, unassign
    from fairapp.contest.services.jury import assignment_for

    reason = clean_text(reason)
    if kind not in CONFLICT_KINDS:
        raise DomainError(_("Choose the kind of tie."), field="kind")
    if not reason:
        raise DomainError(_("Give the reason you step back from this entry."), field="reason")
    assignment = assignment_for(juror, round_, entry)
    if round_.status != "open":
        raise DomainError(_("Scoring has closed for this round."), status=409)
    db.session.add(Conflict(juror_id=juror.id, entry_id=entry.id, kind=kind, source="recusal", note=reason))
    unassign(assignment, reason, status="recused")
    return top_up(round_, entry)


def conflicts_of(contest):
    return db.session.scalars(select(Conflict).join(ContestEntry)
                              .where(ContestEntry.contest_id == contest.id)
                              .order_by(Conflict.id.desc())).all()
