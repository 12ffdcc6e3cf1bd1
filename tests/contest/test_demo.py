"""The demo contest that `make run` shows: the Hanoi rubric, the real prize totals, entries with photos, scores."""
from sqlalchemy import func, select

from fairapp.contest.models import Contest, ContestEntry, PanelMember, ScoreSheet
from fairapp.contest.services import setup
from fairapp.demo import load_demo
from fairapp.extensions import db


def test_the_demo_contest_is_alive(app):
    with app.test_request_context():
        load_demo()
        db.session.commit()
        contest = db.session.scalar(select(Contest))
        online, final = contest.rounds
        assert online.status == "open" and final.status == "draft"
        assert [(c.key, c.weight) for c in online.criteria] == [
            ("creativity", 30), ("craftsmanship", 25), ("commercial", 20), ("environment", 10), ("aesthetics", 15)]
        assert all(len(c.levels) == 11 for c in online.criteria)
        assert setup.prize_totals(contest) == {"first": 6, "second": 18, "third": 24, "consolation": 42}
        entries = db.session.scalars(select(ContestEntry)).all()
        assert len(entries) == 30 and all(e.photos for e in entries)
        assert len({e.category_id for e in entries}) == 6
        assert db.session.scalar(select(func.count()).select_from(PanelMember)) > 0
        submitted = db.session.scalar(select(func.count()).where(ScoreSheet.status == "submitted"))
        assert 0 < submitted < 3 * len(entries)
