"""Contest fixtures: a fair with its contest, six categories, a round with the Hanoi rubric,
prize tiers, an entrant and jurors on every panel; helpers to submit and score through the services."""
import io
import re
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select
from PIL import Image

from fairapp.contest.demo import PRIZES_PER_CATEGORY, add_hanoi_rubric, demo_photo
from fairapp.contest.models import Contest, ContestCategory
from fairapp.contest.services import entries, setup
from fairapp.core.auth.services import new_user
from fairapp.core.db import utcnow
from fairapp.core.models import Fair
from fairapp.demo import CATEGORIES
from fairapp.extensions import db
from tests.conftest import PASSWORD, login

ENTRANT_NAME = "Phạm Thị Bích Thủy"
MAKER_NAME = "Lê Văn Thịnh"
BUSINESS = "Hợp tác xã Gốm Cổ Truyền"
VILLAGE = "Làng gốm Kim Lan"
TAX_CODE = "0100233488"
ENTRANT_PHONE = "0912345678"


def png(seed=1, size=(320, 240)):
    image = Image.new("RGB", size, (seed * 40 % 255, 90, 120))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def entry_data(category_id, **overrides):
    data = {"category_id": category_id, "title": "Bình gốm men lam Hoa Sen", "description": "Mẫu mới, vẽ tay.",
            "materials": "Gốm sứ, men lam", "techniques": "Vuốt tay, vẽ lam", "dimensions": "30 × 20 × 20",
            "designers": MAKER_NAME, "maker_name": MAKER_NAME, "maker_business": BUSINESS,
            "maker_village": VILLAGE, "tax_code": TAX_CODE, "contact_phone": ENTRANT_PHONE,
            "declared_new": True, "declared_original": True, "declared_no_ip_infringement": True}
    data.update(overrides)
    return data


@pytest.fixture
def world(app):
    """Ids and e-mails of a ready contest: round 1 (draft) with the rubric, jurors on every panel."""
    with app.app_context():
        today = date.today()
        fair = Fair(slug="hcqt-test", name="Hội chợ thử", venue="Hà Nội", starts_on=today + timedelta(days=40),
                    ends_on=today + timedelta(days=43))
        now = utcnow()
        contest = Contest(fair=fair, year=today.year, name="Cuộc thi thiết kế thử",
                          submissions_open_at=now - timedelta(days=1), submissions_close_at=now + timedelta(days=1),
                          signatory_name="Nguyễn Văn An", signatory_title="Giám đốc Sở Công Thương Hà Nội")
        db.session.add_all([fair, contest])
        for position, (code, name, name_en) in enumerate(CATEGORIES):
            db.session.add(ContestCategory(contest=contest, code=code, name=name, name_en=name_en, position=position))
        db.session.flush()
        round1 = setup.add_round(contest, name="Vòng sơ khảo", name_en="Online round")
        round2 = setup.add_round(contest, name="Vòng chung khảo", name_en="Final round")
        add_hanoi_rubric(round1)
        add_hanoi_rubric(round2)
        for category in contest.categories:
            setup.set_prize_tiers(category, PRIZES_PER_CATEGORY)
        entrant = new_user(email="nghenhan@example.vn", name=ENTRANT_NAME, role="exhibitor", password=PASSWORD,
                           confirmed=True, phone="+84912345678")
        other = new_user(email="nghenhan2@example.vn", name="Trần Văn Khải", role="exhibitor", password=PASSWORD,
                         confirmed=True)
        organiser = new_user(email="btc@example.vn", name="Ban Tổ Chức", role="organizer", password=PASSWORD,
                             confirmed=True)
        jurors = [new_user(email=f"gk{i}@example.vn", name=f"Giám khảo {i}", role="juror", password=PASSWORD,
                           confirmed=True) for i in range(1, 6)]
        from fairapp.contest.services.assignment import add_to_panel

        for category in contest.categories:
            for juror in jurors:
                add_to_panel(category, juror)
        db.session.commit()
        return SimpleNamespace(
            contest_id=contest.id, round1_id=round1.id, round2_id=round2.id,
            categories={c.code: c.id for c in contest.categories},
            entrant=entrant.email, entrant_id=entrant.id, other=other.email, other_id=other.id,
            organiser=organiser.email, jurors=[j.email for j in jurors], juror_ids=[j.id for j in jurors])


@pytest.fixture
def client_as(app):
    """client_as(email): a fresh test client signed in as that user."""
    def make(email):
        client = app.test_client()
        login(client, email, PASSWORD)
        return client
    return make


def token_of(client, path="/"):
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)


@pytest.fixture
def submit(app, world):
    """submit(email=None, category="GOM", **fields) -> entry id, through the service (eligible by default)."""
    def make(email=None, category="GOM", eligible=True, photos=None, **fields):
        from fairapp.core.auth.services import find_user

        with app.test_request_context():
            contest = db.session.get(Contest, world.contest_id)
            user = find_user(email or world.entrant)
            entry = entries.submit_entry(contest, user, entry_data(world.categories[category], **fields),
                                         photos or [demo_photo(len(fields) + 7)], notify=False)
            if eligible:
                entries.screen_entry(entry, eligible=True)
            db.session.commit()
            return entry.id
    return make


@pytest.fixture
def open_round(app, world):
    """open_round(round_id=None): open the round (default: round 1) and auto-assign it."""
    def make(round_id=None):
        from fairapp.contest.services.assignment import auto_assign
        from fairapp.contest.models import ContestRound

        with app.app_context():
            round_ = db.session.get(ContestRound, round_id or world.round1_id)
            setup.open_round(round_)
            auto_assign(round_)
            db.session.commit()
    return make


def full_scores(app, round_id, value=7, comment=""):
    """{criterion_id: (value, comment)} for every criterion of the round."""
    from fairapp.contest.models import ContestRound

    with app.app_context():
        round_ = db.session.get(ContestRound, round_id)
        return {c.id: (value, comment) for c in round_.criteria}


def form_scores(app, round_id, value=7, comment=""):
    return {**{f"score-{cid}": str(v) for cid, (v, _c) in full_scores(app, round_id, value).items()},
            **{f"comment-{cid}": comment for cid in full_scores(app, round_id, value)}}


def assigned_jurors(app, round_id, entry_id):
    from sqlalchemy import select

    from fairapp.contest.models import JuryAssignment
    from fairapp.core.models import User

    with app.app_context():
        return db.session.scalars(select(User.email).join(JuryAssignment, JuryAssignment.juror_id == User.id).where(
            JuryAssignment.round_id == round_id, JuryAssignment.entry_id == entry_id,
            JuryAssignment.status == "active").order_by(User.id)).all()


@pytest.fixture
def scored_pool(app, world, submit, open_round):
    """Five ceramics entries scored in round 1: A best, B and C tied exactly, D with a juror far off,
    E with one sheet only (below quorum). Returns {letter: entry id}."""
    from fairapp.contest.models import ContestEntry, ContestRound
    from fairapp.contest.services import jury
    from fairapp.core.models import User

    ids = {letter: submit(title=f"Mẫu {letter}", tax_code="", contact_phone="", maker_business=f"Xưởng {letter}")
           for letter in "ABCDE"}
    open_round()
    plan = {"A": [9, 9, 9], "B": [6, 6, 6], "C": [6, 6, 6], "D": [9, 3, 3], "E": [5]}
    jurors = {letter: assigned_jurors(app, world.round1_id, ids[letter]) for letter in plan}
    with app.test_request_context():
        round_ = db.session.get(ContestRound, world.round1_id)
        for letter, values in plan.items():
            entry = db.session.get(ContestEntry, ids[letter])
            for email, value in zip(jurors[letter], values):
                juror = db.session.scalar(select(User).where(User.email == email))
                comment = "Nhận xét" if value <= 2 or value >= 9 else ""
                jury.save_sheet(juror, round_, entry, {c.id: (value, comment) for c in round_.criteria}, submit=True)
        db.session.commit()
    return ids


@pytest.fixture
def final_results(app, world, scored_pool):
    """Round 1 made the final round and closed; A first prize, B second, C third (not yet published)."""
    from fairapp.contest.models import Contest, ContestEntry, ContestRound
    from fairapp.contest.services import results

    with app.app_context():
        db.session.delete(db.session.get(ContestRound, world.round2_id))
        db.session.flush()
        setup.close_round(db.session.get(ContestRound, world.round1_id))
        contest = db.session.get(Contest, world.contest_id)
        db.session.expire(contest, ["rounds"])
        for letter, tier in (("A", "first"), ("B", "second"), ("C", "third")):
            results.award_prize(contest, db.session.get(ContestEntry, scored_pool[letter]), tier)
        db.session.commit()
    return scored_pool


def publish(app, world):
    from fairapp.contest.models import Contest
    from fairapp.contest.services import results

    with app.app_context():
        results.publish(db.session.get(Contest, world.contest_id))
        db.session.commit()
