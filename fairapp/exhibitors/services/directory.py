"""The public directory: confirmed exhibitors of a fair, searched without minding accents or spaces."""
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from fairapp.core.i18n import search_key
from fairapp.exhibitors.models import Booth, ExhibitorApplication, ExhibitorPhoto, ExhibitorProfile
from fairapp.extensions import db


@dataclass(frozen=True)
class Listing:
    """One confirmed exhibitor of a fair, as the public sees it."""

    profile: ExhibitorProfile
    booth: Booth
    application: ExhibitorApplication


def _confirmed(fair):
    return (
        select(ExhibitorProfile, Booth, ExhibitorApplication)
        .join(ExhibitorApplication, ExhibitorApplication.profile_id == ExhibitorProfile.id)
        .join(Booth, Booth.id == ExhibitorApplication.booth_id)
        .where(ExhibitorApplication.fair_id == fair.id, ExhibitorApplication.status == "confirmed")
        .options(selectinload(ExhibitorProfile.photos).selectinload(ExhibitorPhoto.image),
                 selectinload(Booth.hall))
    )


def _listings(statement):
    return [Listing(*row) for row in db.session.execute(statement).all()]


def confirmed_exhibitors(fair, query=None, craft=None):
    """[Listing] of the fair's confirmed bookings, by booth code. Every word of `query` must be found
    in the name, representative, village, district or province, minding neither accents nor spaces
    ("bat trang", "battrang" and "Bát Tràng" all find Bát Tràng), or be the booth's code."""
    # With the key's spaces gone, "battrang" is found in "...bat trang..." and so is "bat": a word
    # found with the spaces is found without them too, so one test covers both spellings.
    compact_key = func.replace(ExhibitorProfile.search_key, " ", "")
    statement = _confirmed(fair).order_by(Booth.code)
    for word in search_key(query).split():
        statement = statement.where(compact_key.contains(word, autoescape=True) | (Booth.code == word.upper()))
    if craft:
        statement = statement.where(ExhibitorProfile.craft == craft)
    return _listings(statement)


def confirmed_exhibitor(fair, profile_id):
    """The Listing of one confirmed exhibitor of the fair, or None (applied, withdrawn, unknown)."""
    rows = _listings(_confirmed(fair).where(ExhibitorProfile.id == profile_id))
    return rows[0] if rows else None


def highlights(fair, limit=6):
    """A few confirmed exhibitors for the home page: those with photos first, one per craft village
    before a second from the same village, artisans with a title before others."""
    listings = confirmed_exhibitors(fair)
    seen_villages = set()
    ranked = []
    for listing in sorted(listings, key=lambda item: (not item.profile.photos, item.profile.artisan_title is None,
                                                      item.booth.code)):
        village = listing.profile.craft_village or listing.profile.name
        ranked.append((village in seen_villages, len(ranked), listing))
        seen_villages.add(village)
    return [listing for _repeat, _order, listing in sorted(ranked, key=lambda r: r[:2])][:limit]


def figures(fair):
    """Counts for the home page: booths on the plan, confirmed exhibitors, their craft villages
    (one village however its exhibitors spelt it: "Bát Tràng" and "Bat Trang" are one)."""
    villages = db.session.scalars(
        select(ExhibitorProfile.craft_village)
        .join(ExhibitorApplication, ExhibitorApplication.profile_id == ExhibitorProfile.id)
        .where(ExhibitorApplication.fair_id == fair.id, ExhibitorApplication.status == "confirmed")).all()
    return {
        "booths": db.session.scalar(select(func.count()).select_from(Booth)
                                    .where(Booth.fair_id == fair.id, Booth.blocked.is_(False))),
        "exhibitors": len(villages),
        "villages": len({search_key(v).replace(" ", "") for v in villages if v}),
    }


def national_phone(phone):
    """+84912345678 -> "0912 345 678", +842438251234 -> "024 3825 1234": as people dial it here."""
    if not phone:
        return ""
    digits = "0" + phone[3:] if phone.startswith("+84") else phone
    if digits.startswith("02") and len(digits) == 11:
        return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    if len(digits) == 10:
        return f"{digits[:4]} {digits[4:7]} {digits[7:]}"
    return digits
