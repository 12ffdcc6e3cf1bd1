"""Blind scoring through the pages: what a juror sees, draft and submit, comments on extreme scores,
abstention, recusal, locking, the database's one-score rule under racing threads, and the audit log."""
import io
import re
import threading

from PIL import Image
from sqlalchemy import func, select

from fairapp.contest.models import Conflict, ContestEntry, ContestRound, JuryScore, ScoreSheet
from fairapp.contest.services import setup
from fairapp.core.models import AuditEntry
from fairapp.extensions import db
from tests.contest.conftest import (
    BUSINESS, ENTRANT_NAME, MAKER_NAME, TAX_CODE, VILLAGE, assigned_jurors, form_scores, token_of,
)


def scoring_url(world, entry_id, round_id=None):
    return f"/contest/jury/rounds/{round_id or world.round1_id}/entries/{entry_id}"


def post_sheet(client, world, entry_id, data, action="submit"):
    url = scoring_url(world, entry_id)
    return client.post(url, data={**data, "action": action, "csrf_token": token_of(client)})


def score_rows(app, entry_id=None):
    with app.app_context():
        query = select(func.count()).select_from(JuryScore)
        if entry_id:
            query = query.where(JuryScore.entry_id == entry_id)
        return db.session.scalar(query)


def test_the_juror_sees_the_entry_blind(app, world, submit, open_round, client_as):
    photo = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"
    Image.new("RGB", (300, 200), "blue").save(photo, "JPEG", exif=exif.tobytes())
    entry_id = submit(photos=[photo.getvalue()])
    open_round()
    juror = assigned_jurors(app, world.round1_id, entry_id)[0]
    client = client_as(juror)
    page = client.get(scoring_url(world, entry_id)).get_data(as_text=True)
    with app.app_context():
        entry = db.session.get(ContestEntry, entry_id)
        code, token = entry.code, entry.photos[0].image.token
    assert code in page and f"/photos/{token}/thumb.jpg" in page
    for secret in (ENTRANT_NAME, MAKER_NAME, BUSINESS, VILLAGE, TAX_CODE, "912345678", "nghenhan@example.vn",
                   "SecretCam", "Thịnh"):
        assert secret not in page, secret
    assert "Tính sáng tạo, đổi mới" in page and "Xuất sắc, hình mẫu của ngành" in page  # criteria + descriptors
    served = client.get(f"/photos/{token}.jpg").data
    assert b"SecretCam" not in served and Image.open(io.BytesIO(served)).getexif() == {}
    queue = client.get(f"/contest/jury/rounds/{world.round1_id}").get_data(as_text=True)
    assert ENTRANT_NAME not in queue and "Còn 1/1 bài cần chấm." in queue


def test_a_juror_cannot_reach_what_is_not_theirs(app, world, submit, open_round, client_as):
    entry_id = submit()
    open_round()
    assigned = assigned_jurors(app, world.round1_id, entry_id)
    outsider = next(email for email in world.jurors if email not in assigned)
    client = client_as(outsider)
    response = client.get(scoring_url(world, entry_id))
    assert response.status_code == 403
    assert "Bài dự thi này không được phân công cho bạn." in response.get_data(as_text=True)
    assert post_sheet(client, world, entry_id, form_scores(app, world.round1_id)).status_code == 403
    api = client.post(f"/api/v1/contest/rounds/{world.round1_id}/entries/{entry_id}/draft", json={"scores": {}},
                      headers={"X-CSRFToken": token_of(client)})
    assert api.status_code == 403 and api.is_json
    # Another juror's scores, the ranking and the entrant's identity are organisers' pages.
    insider = client_as(assigned[0])
    for path in (f"/contest/admin/entries/{entry_id}", f"/contest/admin/rounds/{world.round1_id}/ranking",
                 f"/contest/admin/rounds/{world.round1_id}/export.xlsx", f"/contest/entries/{entry_id}",
                 f"/contest/admin/rounds/{world.round1_id}/assignments"):
        assert insider.get(path).status_code == 403, path
    assert insider.get(scoring_url(world, 999999)).status_code == 404
    assert score_rows(app) == 0


def test_draft_then_submit_with_comments_on_extreme_scores(app, world, submit, open_round, client_as):
    entry_id = submit()
    open_round()
    client = client_as(assigned_jurors(app, world.round1_id, entry_id)[0])
    with app.app_context():
        criteria = [c.id for c in db.session.get(ContestRound, world.round1_id).criteria]
    draft = {f"score-{criteria[0]}": "6", f"comment-{criteria[0]}": ""}
    assert post_sheet(client, world, entry_id, draft, action="draft").status_code == 302
    assert score_rows(app, entry_id) == 1
    data = form_scores(app, world.round1_id, 7)
    data[f"score-{criteria[1]}"] = "9"  # an extreme score without a comment
    refused = post_sheet(client, world, entry_id, data)
    assert refused.status_code == 422
    assert "Hãy giải thích điểm 9 trong phần nhận xét." in refused.get_data(as_text=True)
    assert score_rows(app, entry_id) == 1  # nothing half stored
    data[f"comment-{criteria[1]}"] = "Kỹ thuật vẽ lam rất tinh xảo."
    assert post_sheet(client, world, entry_id, data).status_code == 302
    with app.app_context():
        sheet = db.session.scalar(select(ScoreSheet).where(ScoreSheet.entry_id == entry_id))
        assert sheet.status == "submitted"
        assert sorted(s.score for s in sheet.scores) == [7, 7, 7, 7, 9]
        actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_type == "jury_score")
                                     .order_by(AuditEntry.id)).all()
        assert actions == ["score.create"] + ["score.change"] + ["score.create"] * 4
        change = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "score.change"))
        assert change.before["score"] == 6 and change.after["score"] == 7
    page = client.get(f"/contest/jury/rounds/{world.round1_id}").get_data(as_text=True)
    assert "Còn 0/1 bài cần chấm." in page


def test_scores_outside_0_to_10_are_refused(app, world, submit, open_round, client_as):
    entry_id = submit()
    open_round()
    client = client_as(assigned_jurors(app, world.round1_id, entry_id)[0])
    with app.app_context():
        first = db.session.get(ContestRound, world.round1_id).criteria[0].id
    for bad in ("11", "-1", "7.5", "bảy", "1e1"):
        data = form_scores(app, world.round1_id, 5)
        data[f"score-{first}"] = bad
        response = post_sheet(client, world, entry_id, data)
        assert response.status_code == 422, bad
        assert "Điểm là số nguyên từ 0 đến 10." in response.get_data(as_text=True)
    assert score_rows(app) == 0


def test_abstaining_needs_a_reason_and_is_no_score(app, world, submit, open_round, client_as):
    entry_id = submit()
    open_round()
    client = client_as(assigned_jurors(app, world.round1_id, entry_id)[0])
    post_sheet(client, world, entry_id, form_scores(app, world.round1_id, 5), action="draft")
    url = scoring_url(world, entry_id) + "/abstain"
    assert client.post(url, data={"csrf_token": token_of(client), "reason": ""}).status_code == 302
    assert score_rows(app) == 5
    assert client.post(url, data={"csrf_token": token_of(client), "reason": "Không đủ chuyên môn về gốm."}
                       ).status_code == 302
    assert score_rows(app) == 0
    with app.app_context():
        sheet = db.session.scalar(select(ScoreSheet))
        assert sheet.status == "abstained" and sheet.abstain_reason == "Không đủ chuyên môn về gốm."
        withdrawn = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "score.withdraw")).all()
        assert len(withdrawn) == 5 and all(w.before["score"] == 5 for w in withdrawn)


def test_recusal_needs_a_reason_and_brings_a_replacement(app, world, submit, open_round, client_as):
    entry_id = submit()
    open_round()
    before = assigned_jurors(app, world.round1_id, entry_id)
    assert len(before) == 3
    client = client_as(before[0])
    url = scoring_url(world, entry_id) + "/recuse"
    client.post(url, data={"csrf_token": token_of(client), "kind": "family", "reason": ""})
    assert assigned_jurors(app, world.round1_id, entry_id) == before
    response = client.post(url, data={"csrf_token": token_of(client), "kind": "family",
                                      "reason": "Người làm là cháu tôi."})
    assert response.status_code == 302
    after = assigned_jurors(app, world.round1_id, entry_id)
    assert len(after) == 3 and before[0] not in after
    assert client.get(scoring_url(world, entry_id)).status_code == 403
    with app.app_context():
        conflict = db.session.scalar(select(Conflict))
        assert (conflict.kind, conflict.source) == ("family", "recusal")


def test_scores_lock_when_the_round_closes(app, world, submit, open_round, client_as):
    entry_id = submit()
    open_round()
    client = client_as(assigned_jurors(app, world.round1_id, entry_id)[0])
    assert post_sheet(client, world, entry_id, form_scores(app, world.round1_id, 6)).status_code == 302
    with app.app_context():
        setup.close_round(db.session.get(ContestRound, world.round1_id))
        db.session.commit()
    response = post_sheet(client, world, entry_id, form_scores(app, world.round1_id, 8))
    assert response.status_code == 409
    assert "điểm đã được khóa" in response.get_data(as_text=True)
    page = client.get(scoring_url(world, entry_id)).get_data(as_text=True)
    assert "disabled" in page
    with app.app_context():
        assert set(db.session.scalars(select(JuryScore.score)).all()) == {6}


def test_racing_submissions_of_one_sheet_store_one_score_per_criterion(app, world, submit, open_round, client_as):
    entry_id = submit()
    open_round()
    juror = assigned_jurors(app, world.round1_id, entry_id)[0]
    clients = [client_as(juror) for _ in range(6)]
    data = form_scores(app, world.round1_id, 8)
    forms = [{**data, "action": "submit", "csrf_token": token_of(c)} for c in clients]
    barrier = threading.Barrier(len(clients))
    statuses = []

    def send(client, form):
        barrier.wait()
        statuses.append(client.post(scoring_url(world, entry_id), data=form).status_code)

    threads = [threading.Thread(target=send, args=pair) for pair in zip(clients, forms)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [302] * 6
    with app.app_context():
        rows = db.session.execute(select(JuryScore.criterion_id, func.count()).group_by(JuryScore.criterion_id)).all()
        assert len(rows) == 5 and all(n == 1 for _c, n in rows)
        assert db.session.scalar(select(func.count()).select_from(ScoreSheet)) == 1
        created = db.session.scalar(select(func.count()).where(AuditEntry.action == "score.create"))
        assert created == 5


def test_the_database_refuses_a_second_score_for_one_criterion(app, world, submit, open_round, client_as):
    import pytest
    from sqlalchemy.exc import IntegrityError

    entry_id = submit()
    open_round()
    juror = assigned_jurors(app, world.round1_id, entry_id)[0]
    client = client_as(juror)
    assert post_sheet(client, world, entry_id, form_scores(app, world.round1_id, 8)).status_code == 302
    with app.app_context():
        row = db.session.scalar(select(JuryScore))
        db.session.add(JuryScore(sheet_id=row.sheet_id, juror_id=row.juror_id, entry_id=row.entry_id,
                                 criterion_id=row.criterion_id, score=3))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_autosave_keeps_a_draft_through_the_api(app, world, submit, open_round, client_as):
    entry_id = submit()
    open_round()
    client = client_as(assigned_jurors(app, world.round1_id, entry_id)[0])
    with app.app_context():
        first = db.session.get(ContestRound, world.round1_id).criteria[0].id
    url = f"/api/v1/contest/rounds/{world.round1_id}/entries/{entry_id}/draft"
    bad = client.post(url, json={"scores": {str(first): {"score": "12"}}}, headers={"X-CSRFToken": token_of(client)})
    assert bad.status_code == 422 and bad.json["field"] == f"scores.{first}.score"  # out of 0…10
    ok = client.post(url, json={"scores": {str(first): {"score": "4", "comment": ""}}},
                     headers={"X-CSRFToken": token_of(client)})
    assert ok.status_code == 200 and ok.json["status"] == "draft"
    assert score_rows(app) == 1
    assert client.post(url, json={"scores": {}}).status_code == 400  # no CSRF token
    page = client.get(scoring_url(world, entry_id)).get_data(as_text=True)
    assert re.search(r'<option value="4"\s+selected', page)


def test_messages_come_in_the_jurors_language(app, world, submit, open_round, make_user, client_as):
    entry_id = submit()
    open_round()
    english = make_user("juror", name="Mai Anh Thư", locale="en")
    response = client_as(english).get(scoring_url(world, entry_id))
    assert response.status_code == 403
    assert "This entry is not assigned to you." in response.get_data(as_text=True)
