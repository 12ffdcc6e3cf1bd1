"""Where each person lands after signing in: their own work, not the public home page.

It composes the areas (an artisan who only entered the contest lands on their entries), so it
stands above them, beside cli.py and demo.py; the factory hands it to the sign-in view.
"""
from flask import url_for
from sqlalchemy import exists, select

from fairapp.contest.models import ContestEntry
from fairapp.exhibitors.models import ExhibitorApplication, ExhibitorProfile
from fairapp.extensions import db

LANDING = {"organizer": "admin.dashboard", "juror": "contest.jury_home", "gate": "visitors.gate_page"}


def landing_url(user):
    if user.role in LANDING:
        return url_for(LANDING[user.role])
    if user.role == "exhibitor" and _only_entrant(user):
        return url_for("contest.my_entries")
    if user.role == "exhibitor":
        return url_for("exhibitors.my_applications")
    return url_for("core.home")


def _only_entrant(user):
    has_entries = db.session.scalar(select(exists().where(ContestEntry.entrant_id == user.id)))
    has_booth_work = db.session.scalar(select(
        exists().where(ExhibitorApplication.user_id == user.id)
        | exists().where(ExhibitorProfile.user_id == user.id)))
    return has_entries and not has_booth_work
