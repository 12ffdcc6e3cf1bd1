"""What the public home page shows: the fair, its programme, a few exhibitors, the contest, figures.

It composes the areas (exhibitors for booths and highlights, contest for the call for entries), so
it stands above them, beside landing.py; the factory hands it to the core home view.
"""
from flask_babel import format_date
from sqlalchemy import func, select

from fairapp.contest.models import ContestEntry
from fairapp.contest.services import setup as contest_setup
from fairapp.contest.services.entries import submissions_open
from fairapp.core.db import utcnow
from fairapp.core.fairs import current_fair, fair_days, local_today
from fairapp.core.i18n import search_key
from fairapp.exhibitors import labels
from fairapp.exhibitors.services import directory
from fairapp.extensions import db

# Venue maps we draw and serve ourselves (no map tiles from elsewhere), found by a word of the
# venue's address; a venue without a drawn map shows its address and a directions link only.
VENUE_MAPS = {"2 hoa lu": "img/venue-hoa-lu.svg"}
HIGHLIGHTS = 6


def home_context():
    """The home template's variables; `fair` is None before any fair is set up."""
    fair = current_fair()
    if fair is None:
        return {"fair": None}
    return {
        "fair": fair,
        "phase": _phase(fair),
        "days": [(day, format_date(day, "EEEE")) for day in fair_days(fair)],
        "venue_map": venue_map(fair.venue),
        "figures": directory.figures(fair),
        "highlights": directory.highlights(fair, HIGHLIGHTS),
        "contest": _contest(fair),
        "crafts": labels.CRAFT_LABELS,
    }


def venue_map(venue):
    key = search_key(venue)
    return next((path for words, path in VENUE_MAPS.items() if words in key), None)


def _phase(fair):
    """("upcoming", days to go) | ("open", None) | ("over", None), by the local calendar."""
    today = local_today()
    if today < fair.starts_on:
        return "upcoming", (fair.starts_on - today).days
    return ("open" if today <= fair.ends_on else "over"), None


def _contest(fair):
    contest = contest_setup.current_contest()
    if contest is None or contest.fair_id != fair.id:
        return None
    entries = db.session.scalar(select(func.count()).select_from(ContestEntry).where(
        ContestEntry.contest_id == contest.id, ContestEntry.status == "submitted"))
    return {
        "contest": contest,
        "open": submissions_open(contest),
        "upcoming": utcnow() < contest.submissions_open_at,
        "entries": entries,
        "prizes": sum(contest_setup.prize_totals(contest).values()),
        "published": contest.results_published_at is not None,
    }
