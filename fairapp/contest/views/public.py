"""Public contest pages: the call for entries, results and gallery, certificate verification."""
from flask import render_template

from fairapp.contest import bp, verify_bp
from fairapp.contest.models import MAX_PHOTOS
from fairapp.contest.services import results, setup
from fairapp.contest.services.certificates import by_code
from fairapp.contest.services.entries import submissions_open
from fairapp.core.access import public
from fairapp.core.db import utcnow


@bp.route("/")
@public
def index():
    contest = setup.current_contest()
    if contest is None:
        return render_template("contest/index.html", contest=None)
    published = contest.results_published_at is not None
    first_round = min(contest.rounds, key=lambda r: r.position) if contest.rounds else None
    return render_template(
        "contest/index.html", contest=contest, open=submissions_open(contest), stage=_stage(contest),
        published=published, totals=setup.prize_totals(contest), max_photos=MAX_PHOTOS,
        counts={category.id: results.tier_counts(category) for category in contest.categories},
        criteria=first_round.criteria if first_round else [],
        winners=[(c, awards) for c, awards in results.winners(contest) if awards] if published else [])


def _stage(contest, now=None):
    """Where the contest's year is: "soon", "registration", "judging" or "results"."""
    now = now or utcnow()
    if contest.results_published_at is not None:
        return "results"
    if now < contest.submissions_open_at:
        return "soon"
    return "registration" if now < contest.submissions_close_at else "judging"


@bp.route("/results")
@public
def results_page():
    contest = setup.contest_or_error()
    published = contest.results_published_at is not None
    return render_template("contest/results.html", contest=contest, published=published,
                           winners=results.winners(contest) if published else [])


@bp.route("/results/<code>")
@public
def winner(code):
    contest = setup.contest_or_error()
    award = results.published_award(contest, code)
    return render_template("contest/winner.html", contest=contest, award=award, entry=award.entry)


@verify_bp.route("/verify/<code>")
@public
def verify(code):
    certificate = by_code(code)
    published = certificate is not None and certificate.award.entry.contest.results_published_at is not None
    return render_template("contest/verify.html", certificate=certificate if published else None,
                           code=code), 200 if published else 404
