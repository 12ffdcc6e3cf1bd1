"""Organiser set-up: weights freeze when a round opens (service and page), prize tiers, the window in local time."""
from datetime import datetime, timezone

import pytest

from fairapp.contest.models import Contest, ContestRound, RubricCriterion
from fairapp.contest.services import setup
from fairapp.core.errors import DomainError
from fairapp.extensions import db
from tests.contest.conftest import token_of


def test_weights_freeze_when_the_round_opens(app, world, client_as):
    with app.app_context():
        round_ = db.session.get(ContestRound, world.round1_id)
        first = round_.criteria[0]
        setup.set_weights(round_, {first.id: 40})  # still in preparation: allowed
        setup.open_round(round_)
        db.session.commit()
        with pytest.raises(DomainError) as refused:
            setup.set_weights(round_, {first.id: 10})
        assert refused.value.code == "rubric_frozen"
        db.session.rollback()
        with pytest.raises(DomainError):
            setup.save_criterion(round_, key="new", name="Mới", weight=5)
        db.session.rollback()
        criterion_id = first.id
    client = client_as(world.organiser)
    response = client.post(f"/contest/admin/criteria/{criterion_id}", data={
        "csrf_token": token_of(client), "key": "creativity", "name": "Tính sáng tạo", "weight": "5",
        **{f"level-{n}": "x" for n in range(11)}})
    assert response.status_code == 409
    assert "Tiêu chí chấm và trọng số được cố định" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(RubricCriterion, criterion_id).weight == 40


def test_a_round_opens_only_with_a_complete_rubric(app, world):
    with app.app_context():
        contest = db.session.get(Contest, world.contest_id)
        empty = setup.add_round(contest, name="Vòng phụ")
        with pytest.raises(DomainError):
            setup.open_round(empty)
        with pytest.raises(DomainError):
            setup.save_criterion(empty, key="k", name="Tiêu chí", weight=10, levels={n: ("mức", "") for n in range(10)})
        round2 = db.session.get(ContestRound, world.round2_id)
        with pytest.raises(DomainError):  # round 1 is not closed yet
            setup.open_round(round2)


def test_the_real_prize_totals(app, world, client_as):
    with app.app_context():
        assert setup.prize_totals(db.session.get(Contest, world.contest_id)) == {
            "first": 6, "second": 18, "third": 24, "consolation": 42}
    page = client_as(world.organiser).get("/contest/admin/prize-tiers").get_data(as_text=True)
    assert "Giải Khuyến khích" in page and ">42<" in page


def test_the_submission_window_is_entered_in_hanoi_time(app, world, client_as):
    client = client_as(world.organiser)
    response = client.post("/contest/admin/settings", data={
        "csrf_token": token_of(client), "name": "Cuộc thi 2026", "submissions_open_at": "2026-03-01T08:00",
        "submissions_close_at": "2026-06-30T17:00", "signatory_name": "Nguyễn Văn An", "signatory_title": "Giám đốc"})
    assert response.status_code == 302
    with app.app_context():
        contest = db.session.get(Contest, world.contest_id)
        assert contest.submissions_close_at == datetime(2026, 6, 30, 10, 0, tzinfo=timezone.utc)
    assert "30/06/2026 17:00" in client.get("/contest/").get_data(as_text=True)


def test_round_settings_through_the_page(app, world, client_as):
    client = client_as(world.organiser)
    url = f"/contest/admin/rounds/{world.round1_id}"
    page = client.get(url).get_data(as_text=True)
    assert 'value="4.0"' in page
    response = client.post(url, data={"csrf_token": token_of(client), "name": "Vòng sơ khảo", "name_en": "Online",
                                      "jurors_per_entry": "4", "quorum": "3", "normalisation_min_entries": "8",
                                      "disagreement_points": "3.5", "advance_percent": "25"})
    assert response.status_code == 302
    with app.app_context():
        round_ = db.session.get(ContestRound, world.round1_id)
        assert (round_.jurors_per_entry, float(round_.disagreement_points), round_.advance_percent) == (4, 3.5, 25)
        setup.open_round(round_)
        db.session.commit()
    frozen = client.post(url, data={"csrf_token": token_of(client), "name": "Vòng sơ khảo", "name_en": "Online",
                                    "jurors_per_entry": "4", "quorum": "2", "normalisation_min_entries": "8",
                                    "disagreement_points": "3.5", "advance_percent": "25"})
    assert "các thiết lập xếp hạng đã được cố định" in frozen.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(ContestRound, world.round1_id).quorum == 3
