"""Public contest pages: the call for entries, results and gallery, certificate verification."""
from flask import render_template

from fairapp.contest import bp, verify_bp
from fairapp.contest.services import results, setup
from fairapp.contest.services.certificates import by_code
from fairapp.contest.services.entries import submissions_open
from fairapp.core.access import public


@bp.route("/")
@public
def index():
    contest = setup.current_contest()
    return render_template("contest/index.html", contest=contest,
                           open=contest is not None and submissions_open(contest))


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
