"""Prizes within the tier counts, publication, the public results and gallery, entrants' scorecards."""
from sqlalchemy import select

from fairapp.contest.models import Contest, ContestEntry, PrizeAward
from fairapp.extensions import db
from tests.contest.conftest import ENTRANT_NAME, publish, token_of


def test_prizes_respect_the_tier_counts(app, world, final_results, client_as):
    client = client_as(world.organiser)
    page = client.post("/contest/admin/prizes/award", data={
        "csrf_token": token_of(client), "entry_id": final_results["D"], "tier": "first"}, follow_redirects=True)
    assert "Hạng mục này đã hết Giải Nhất (tổng cộng 1 giải)." in page.get_data(as_text=True)
    ok = client.post("/contest/admin/prizes/award", data={
        "csrf_token": token_of(client), "entry_id": final_results["D"], "tier": "consolation"})
    assert ok.status_code == 302
    with app.app_context():
        tiers = dict(db.session.execute(select(PrizeAward.entry_id, PrizeAward.tier)).all())
        assert tiers[final_results["D"]] == "consolation" and len(tiers) == 4


def test_names_appear_only_after_publication(app, world, final_results, client_as):
    anonymous = app.test_client()
    with app.app_context():
        code = db.session.get(ContestEntry, final_results["A"]).code
    before = anonymous.get("/contest/results").get_data(as_text=True)
    assert ENTRANT_NAME not in before and "Kết quả chưa được công bố." in before
    assert anonymous.get(f"/contest/results/{code}").status_code == 404
    entrant = client_as(world.entrant)
    assert entrant.get(f"/contest/entries/{final_results['A']}/scorecard").status_code == 409
    organiser = client_as(world.organiser)
    assert organiser.post("/contest/admin/publish", data={"csrf_token": token_of(organiser)}).status_code == 302
    after = anonymous.get("/contest/results").get_data(as_text=True)
    assert ENTRANT_NAME in after and "Giải Nhất" in after and code in after
    winner = anonymous.get(f"/contest/results/{code}").get_data(as_text=True)
    assert ENTRANT_NAME in winner and "/photos/" in winner
    refused = organiser.post("/contest/admin/prizes/award", data={
        "csrf_token": token_of(organiser), "entry_id": final_results["D"], "tier": "consolation"},
        follow_redirects=True)
    assert "không thể thay đổi giải nữa" in refused.get_data(as_text=True)


def test_the_scorecard_shows_scores_without_juror_names(app, world, final_results, client_as):
    publish(app, world)
    page = client_as(world.entrant).get(f"/contest/entries/{final_results['D']}/scorecard").get_data(as_text=True)
    assert "Tính sáng tạo, đổi mới" in page and "Giám khảo 1" in page and "Nhận xét" in page
    for email in world.jurors:
        assert email not in page
    assert client_as(world.other).get(f"/contest/entries/{final_results['D']}/scorecard").status_code == 403
    with app.app_context():
        assert db.session.get(Contest, world.contest_id).results_published_at is not None
