"""Who may see a contest entry's photos: its entrant, organisers, the jurors it is assigned to
(while the assignment lasts), and everyone once the results are published, for prize-winners only."""
from sqlalchemy import exists, select

from fairapp.contest.models import Conflict, ContestEntry, EntryPhoto, JuryAssignment, PrizeAward
from fairapp.core.uploads import photo_guard
from fairapp.extensions import db


def may_see_entry(entry, user) -> bool:
    if entry.contest.results_published_at is not None and db.session.scalar(
            select(exists().where(PrizeAward.entry_id == entry.id))):
        return True
    if not user.is_authenticated:
        return False
    if user.role == "organizer" or user.id == entry.entrant_id:
        return True
    return user.role == "juror" and _assigned(entry, user)


def _assigned(entry, juror) -> bool:
    # The rule of the jury's queue (services/jury.py): a live assignment, and no conflict since.
    return db.session.scalar(select(exists().where(
        JuryAssignment.entry_id == entry.id, JuryAssignment.juror_id == juror.id, JuryAssignment.status == "active",
        ~exists().where(Conflict.juror_id == juror.id, Conflict.entry_id == entry.id))))


@photo_guard
def entry_photo_access(image_id, user):
    """None for a photo of no entry (an exhibitor's product photo stays public), else whether `user`
    may see one of the entries it belongs to."""
    entries = db.session.scalars(select(ContestEntry).join(EntryPhoto, EntryPhoto.entry_id == ContestEntry.id)
                                 .where(EntryPhoto.image_id == image_id)).all()
    if not entries:
        return None
    return any(may_see_entry(entry, user) for entry in entries)
