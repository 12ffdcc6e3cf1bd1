"""The public directory: confirmed exhibitors of a fair, searched without minding accents."""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from fairapp.core.i18n import search_key
from fairapp.exhibitors.models import Booth, ExhibitorApplication, ExhibitorPhoto, ExhibitorProfile
from fairapp.extensions import db


def confirmed_exhibitors(fair, query=None, craft=None):
    """[(profile, booth)] of the fair's confirmed bookings; every word of `query` must match
    the name, representative, village, district or province ("bat trang" finds "Bát Tràng")."""
    statement = (
        select(ExhibitorProfile, Booth)
        .join(ExhibitorApplication, ExhibitorApplication.profile_id == ExhibitorProfile.id)
        .join(Booth, Booth.id == ExhibitorApplication.booth_id)
        .where(ExhibitorApplication.fair_id == fair.id, ExhibitorApplication.status == "confirmed")
        .options(selectinload(ExhibitorProfile.photos).selectinload(ExhibitorPhoto.image))
        .order_by(Booth.code)
    )
    for word in search_key(query).split():
        statement = statement.where(ExhibitorProfile.search_key.contains(word, autoescape=True)
                                    | (Booth.code == word.upper()))
    if craft:
        statement = statement.where(ExhibitorProfile.craft == craft)
    return db.session.execute(statement).all()
