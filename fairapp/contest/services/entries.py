"""Entries: submission with a sequential public code, editing and withdrawal until the deadline, screening."""
from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select, update

from fairapp.contest.models import MAX_PHOTOS, Contest, ContestEntry, EntryPhoto
from fairapp.contest.services.setup import category_in
from fairapp.core import audit
from fairapp.core.db import utcnow
from fairapp.core.errors import DomainError
from fairapp.core.i18n import clean_text, format_local_datetime
from fairapp.core.mail import queue_mail
from fairapp.core.uploads import store_image
from fairapp.core.validators import normalise_phone, valid_tax_code
from fairapp.extensions import db

TEXT_FIELDS = ("title", "description", "materials", "techniques", "dimensions", "designers", "maker_name",
               "maker_business", "maker_village")
AUDITED = ("category_id",) + TEXT_FIELDS + ("tax_code", "contact_phone")
DECLARATIONS = ("declared_new", "declared_original", "declared_no_ip_infringement")


def entry_code(contest, number):
    return f"TK-{contest.year}-{number:04d}"


def submissions_open(contest, now=None):
    now = now or utcnow()
    return contest.submissions_open_at <= now < contest.submissions_close_at


def _check_window(contest, now):
    now = now or utcnow()
    if now < contest.submissions_open_at:
        raise DomainError(_("Submissions open on %(when)s.",
                            when=format_local_datetime(contest.submissions_open_at)), code="not_open")
    if now >= contest.submissions_close_at:
        raise DomainError(_("The submission deadline (%(when)s) has passed; entries can no longer change.",
                            when=format_local_datetime(contest.submissions_close_at)),
                          code="deadline_passed", status=409)


def _clean(data):
    values = {name: clean_text(data.get(name)) if name != "description" else (data.get(name) or "").strip()
              for name in TEXT_FIELDS}
    for name in ("title", "description", "materials", "dimensions", "designers", "maker_name"):
        if not values[name]:
            raise DomainError(_("This field is required."), field=name)
    tax = (data.get("tax_code") or "").strip() or None
    if tax and not valid_tax_code(tax):
        raise DomainError(_("This tax code is not valid (10 digits, or 13 for a branch)."), field="tax_code")
    phone_raw = (data.get("contact_phone") or "").strip()
    phone = normalise_phone(phone_raw) if phone_raw else None
    if phone_raw and phone is None:
        raise DomainError(_("Enter a Vietnamese mobile number (e.g. 0912 345 678) or a Hanoi landline (024…)."),
                          field="contact_phone")
    values.update(tax_code=tax, contact_phone=phone)
    return values


def _store_photos(photos, owner):
    return [store_image(raw, owner) for raw in photos]


def _next_number(contest):
    # One UPDATE … RETURNING: the row lock (PostgreSQL) or the write lock (SQLite)
    # holds until commit, so concurrent submissions queue here and count on.
    return db.session.execute(
        update(Contest).where(Contest.id == contest.id)
        .values(last_entry_number=Contest.last_entry_number + 1)
        .returning(Contest.last_entry_number)
        .execution_options(synchronize_session=False)).scalar_one()


def submit_entry(contest, entrant, data, photos, now=None, notify=True):
    """A new entry from `data` (form fields) and `photos` (raw bytes, 1–6); mails a confirmation."""
    if entrant.role != "exhibitor":
        raise DomainError(_("Only entrants can submit entries."), status=403)
    _check_window(contest, now)
    category = category_in(contest, data.get("category_id"))
    values = _clean(data)
    if not all(data.get(name) for name in DECLARATIONS):
        raise DomainError(_("Please confirm all three declarations."), field="declarations")
    if not 1 <= len(photos) <= MAX_PHOTOS:
        raise DomainError(_("Add from 1 to %(max)d photos.", max=MAX_PHOTOS), field="photos")
    images = _store_photos(photos, entrant)
    number = _next_number(contest)
    entry = ContestEntry(contest=contest, category=category, entrant=entrant, number=number,
                         code=entry_code(contest, number), declared_new=True, declared_original=True,
                         declared_no_ip_infringement=True, **values)
    entry.photos = [EntryPhoto(image=image, position=i) for i, image in enumerate(images)]
    db.session.add(entry)
    db.session.flush()
    audit.record("entry.submit", "contest_entry", entry.id,
                 after={"code": entry.code, **audit.snapshot(entry, *AUDITED)})
    if notify:
        queue_mail(entrant.email, "contest_entry_submitted", entrant.locale, entry=entry, user=entrant,
                   contest=contest, entry_url=url_for("contest.entry", entry_id=entry.id, _external=True))
    from fairapp.contest.services.conflicts import detect_conflicts

    detect_conflicts(contest, entries=[entry])
    return entry


def entry_in(contest, entry_id) -> ContestEntry:
    """An entry of this contest, or 404."""
    entry = db.session.get(ContestEntry, entry_id)
    if entry is None or entry.contest_id != contest.id:
        raise DomainError(_("This entry does not exist."), status=404)
    return entry


def owned_entry(entry_id, user) -> ContestEntry:
    entry = db.session.get(ContestEntry, entry_id)
    if entry is None:
        raise DomainError(_("This entry does not exist."), status=404, code="no_entry")
    if entry.entrant_id != user.id:
        raise DomainError(_("This entry belongs to someone else."), status=403, code="not_owner")
    return entry


def editable(entry, now=None):
    return entry.status == "submitted" and submissions_open(entry.contest, now)


def update_entry(entry, editor, data, new_photos=(), remove_photo_ids=(), now=None):
    if entry.entrant_id != editor.id:
        raise DomainError(_("This entry belongs to someone else."), status=403)
    if entry.status == "withdrawn":
        raise DomainError(_("This entry has been withdrawn."), status=409)
    _check_window(entry.contest, now)
    before = audit.snapshot(entry, *AUDITED)
    category = category_in(entry.contest, data.get("category_id"))
    values = _clean(data)
    keep = [p for p in entry.photos if p.id not in set(remove_photo_ids)]
    if not 1 <= len(keep) + len(new_photos) <= MAX_PHOTOS:
        raise DomainError(_("Add from 1 to %(max)d photos.", max=MAX_PHOTOS), field="photos")
    images = _store_photos(new_photos, editor)
    entry.category = category
    for name, value in values.items():
        setattr(entry, name, value)
    entry.photos = keep + [EntryPhoto(image=image) for image in images]
    for position, photo in enumerate(entry.photos):
        photo.position = position
    entry.updated_at = now or utcnow()
    db.session.flush()
    old, new = audit.changed(before, audit.snapshot(entry, *AUDITED))
    if images or remove_photo_ids:
        new["photos"] = [p.image.token for p in entry.photos]
    if new:
        audit.record("entry.update", "contest_entry", entry.id, before=old, after=new)
    from fairapp.contest.services.conflicts import detect_conflicts

    detect_conflicts(entry.contest, entries=[entry])
    return entry


def withdraw_entry(entry, user, now=None):
    if entry.entrant_id != user.id:
        raise DomainError(_("This entry belongs to someone else."), status=403)
    if entry.status == "withdrawn":
        raise DomainError(_("This entry has already been withdrawn."), status=409)
    _check_window(entry.contest, now)
    entry.status, entry.withdrawn_at = "withdrawn", now or utcnow()
    audit.record("entry.withdraw", "contest_entry", entry.id, before={"status": "submitted"},
                 after={"status": "withdrawn"})
    return entry


def screen_entry(entry, *, eligible, reason=""):
    """The secretariat's verdict; the entrant sees the reason."""
    reason = clean_text(reason)
    if entry.status == "withdrawn":
        raise DomainError(_("This entry has been withdrawn."), status=409)
    if not eligible and not reason:
        raise DomainError(_("Give the reason the entry is not eligible; the entrant will see it."),
                          field="reason")
    before = audit.snapshot(entry, "eligibility", "eligibility_reason")
    entry.eligibility = "eligible" if eligible else "ineligible"
    entry.eligibility_reason = reason
    entry.screened_at = utcnow()
    audit.record_changes("entry.screen", "contest_entry", entry.id,
                         before, audit.snapshot(entry, "eligibility", "eligibility_reason"))
    return entry


def entries_of(user, contest):
    return db.session.scalars(select(ContestEntry).where(ContestEntry.entrant_id == user.id,
                                                         ContestEntry.contest_id == contest.id)
                              .order_by(ContestEntry.number)).all()
