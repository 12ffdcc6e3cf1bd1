"""The ranking page over real score sheets: method and why, flags, tie-breaks, committee decisions,
advancing, and an export from which an independent implementation recomputes every figure of the ranking."""
import csv
import io
import random
import zipfile

import pytest
from openpyxl import load_workbook
from sqlalchemy import and_, select

from fairapp.contest.models import Advancement, ContestEntry, ContestRound, JuryAssignment, ScoreSheet
from fairapp.contest.services import setup
from fairapp.contest.services.export import RANKING_COLUMNS
from fairapp.extensions import db
from tests.contest.conftest import token_of
from tests.contest.services.recompute import cell, recompute


def codes(app, ids):
    with app.app_context():
        return {letter: db.session.get(ContestEntry, i).code for letter, i in ids.items()}


def close_round(app, world):
    with app.app_context():
        setup.close_round(db.session.get(ContestRound, world.round1_id))
        db.session.commit()


def test_the_ranking_page_explains_method_flags_and_ties(app, world, scored_pool, client_as):
    client = client_as(world.organiser)
    page = client.get(f"/contest/admin/rounds/{world.round1_id}/ranking?category={world.categories['GOM']}"
                      ).get_data(as_text=True)
    assert "Xếp hạng theo trung bình tổng điểm có trọng số" in page
    assert "Giám khảo 1" in page  # the organiser sees who scored too few entries for z-scores
    assert "Bằng điểm chưa phân định" in page and "Chênh lệch lớn" in page and "Chưa đủ số phiếu" in page
    assert "Ghi quyết định của Ban tổ chức sau khi vòng thi đã đóng." in page


def test_a_committee_decision_resolves_a_tie(app, world, scored_pool, client_as):
    code = codes(app, scored_pool)
    close_round(app, world)
    client = client_as(world.organiser)
    url = f"/contest/admin/rounds/{world.round1_id}/ranking?category={world.categories['GOM']}"
    decide = f"/contest/admin/rounds/{world.round1_id}/decisions"
    token = token_of(client, url)
    refused = client.post(decide, data={"csrf_token": token, "category_id": world.categories["GOM"],
                                        "order": f"{code['C']}, {code['A']}", "reason": "Bốc thăm"},
                          follow_redirects=True)
    assert "Hãy sắp xếp đúng các bài của một nhóm đang bằng điểm." in refused.get_data(as_text=True)
    client.post(decide, data={"csrf_token": token, "category_id": world.categories["GOM"],
                              "order": f"{code['C']}, {code['B']}", "reason": "Mẫu C ứng dụng tốt hơn."})
    page = client.get(url).get_data(as_text=True)
    assert "Bằng điểm chưa phân định" not in page
    assert "Xếp dưới bài phía trên theo: quyết định của Ban tổ chức" in page
    assert page.index(code["C"]) < page.index(code["B"])


def _scored_lacquer_pool(app, world, submit):
    """Lacquer (SON) entries scored by all five jurors with varied sheets, so that the category ranks by
    z-score (ceramics keeps ranking by mean): a juror far off on one entry, two entries exactly tied,
    an abstention, a draft, a removed juror's withdrawn sheet, an entry below quorum. {letter: id}."""
    from fairapp.contest.models import ContestEntry, JuryAssignment
    from fairapp.contest.services import assignment, jury
    from fairapp.core.models import User

    ids = {letter: submit(category="SON", title=f"Sơn mài {letter}", tax_code="", contact_phone="")
           for letter in "PQRSTUV"}
    rng = random.Random(2026)
    with app.test_request_context():
        round_ = db.session.get(ContestRound, world.round1_id)
        round_.jurors_per_entry, round_.normalisation_min_entries = 5, 4
        assignment.auto_assign(round_)
        jurors = db.session.scalars(select(User).where(User.id.in_(world.juror_ids)).order_by(User.id)).all()
        skip = {("Q", 1): "abstain", ("R", 4): "draft", ("V", 2): "abstain", ("V", 3): "draft", ("V", 4): "none"}
        sheets = {}
        for letter in "PQRSTV":
            for number, juror in enumerate(jurors):
                bias = (-2, 0, 1, 0, -1)[number]  # jurors who score harder or softer than the others
                sheets[letter, number] = {c.id: min(10, max(0, rng.randint(4, 9) + bias)) for c in round_.criteria}
        for number in range(5):
            sheets["S", number] = {c.id: 10 if number == 0 else 3 for c in round_.criteria}
            sheets["U", number] = dict(sheets["T", number])  # U and T: the same sheets, an exact tie
        for (letter, number), values in sorted(sheets.items()):
            entry, juror = db.session.get(ContestEntry, ids[letter]), jurors[number]
            action = skip.get((letter, number), "submit")
            if action == "abstain":
                jury.abstain(juror, round_, entry, "Tôi quen tác giả")
            elif action != "none":
                jury.save_sheet(juror, round_, entry, {cid: (v, "Nhận xét") for cid, v in values.items()},
                                submit=action == "submit")
        # Juror 5 submitted on P, then was taken off it: the withdrawn sheet no longer counts.
        removed = db.session.scalar(select(JuryAssignment).where(
            JuryAssignment.round_id == round_.id, JuryAssignment.entry_id == ids["P"],
            JuryAssignment.juror_id == jurors[4].id))
        assignment.unassign(removed, "Xung đột lợi ích phát hiện muộn")
        db.session.commit()
    return ids


def _tables_of_xlsx(data):
    book = load_workbook(io.BytesIO(data))
    tables = {}
    for sheet in book.worksheets:
        header, *rows = list(sheet.values)
        tables[sheet.title] = [dict(zip(header, row)) for row in rows]
    return tables


def _tables_of_zip(data):
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {name[:-4]: list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
            for name in archive.namelist()}


def _assert_every_figure_reproduced(tables):
    """The independent recomputation gives every figure of the ranking, jurors and scores tables."""
    mine = recompute(tables)
    assert len(tables["ranking"]) == len(mine["ranking"]) and tables["ranking"]
    for row in tables["ranking"]:
        expected = mine["ranking"][int(row["entry_id"])]
        for column in RANKING_COLUMNS:
            assert cell(row[column]) == cell(expected[column]), (row["entry_code"], column, row[column],
                                                                 expected[column])
    assert {(r["category"], int(r["juror_id"])) for r in tables["jurors"]} == set(mine["jurors"])
    for row in tables["jurors"]:
        expected = mine["jurors"][row["category"], int(row["juror_id"])]
        assert {k: cell(row[k]) for k in expected} == {k: cell(v) for k, v in expected.items()}, row
    assert {(int(r["entry_id"]), int(r["juror_id"])) for r in tables["scores"]} == set(mine["scores"])
    for row in tables["scores"]:
        expected = mine["scores"][int(row["entry_id"]), int(row["juror_id"])]
        assert {k: cell(row[k]) for k in expected} == {k: cell(v) for k, v in expected.items()}, row
    return mine


def test_the_export_alone_reproduces_every_figure_of_the_ranking(app, world, scored_pool, submit, client_as):
    lacquer = _scored_lacquer_pool(app, world, submit)
    code = codes(app, scored_pool)
    close_round(app, world)
    client = client_as(world.organiser)
    client.post(f"/contest/admin/rounds/{world.round1_id}/decisions", data={
        "csrf_token": token_of(client), "category_id": world.categories["GOM"],
        "order": f"{code['B']}, {code['C']}", "reason": "Biểu quyết"})

    xlsx = client.get(f"/contest/admin/rounds/{world.round1_id}/export.xlsx")
    assert xlsx.status_code == 200
    archive = client.get(f"/contest/admin/rounds/{world.round1_id}/export.zip")
    assert archive.status_code == 200
    for tables in (_tables_of_xlsx(xlsx.data), _tables_of_zip(archive.data)):
        mine = _assert_every_figure_reproduced(tables)
        ranking = {int(r["entry_id"]): r for r in tables["ranking"]}
        # The data really exercises both methods and every rule, so the comparison above means something.
        assert cell(ranking[scored_pool["A"]]["rank"]) == 1 and cell(ranking[scored_pool["E"]]["rank"]) is None
        assert ranking[scored_pool["A"]]["method"] == "mean" and ranking[lacquer["P"]]["method"] == "zscore"
        assert ranking[scored_pool["C"]]["tie_break"] == "committee"
        assert cell(ranking[lacquer["T"]]["unresolved_tie"]) is True
        assert cell(ranking[lacquer["T"]]["rank"]) == cell(ranking[lacquer["U"]]["rank"])
        assert cell(ranking[lacquer["S"]]["disagreement"]) is True and cell(ranking[scored_pool["D"]]["disagreement"])
        assert cell(ranking[lacquer["V"]]["below_quorum"]) is True
        assert any(cell(r["trimmed_mean"]) is not None for r in tables["ranking"])
        assert any(cell(r["high_scores"]) for r in tables["ranking"] if r["category"] == "SON")
        # Only submitted sheets of jurors still assigned are exported: no abstention, draft or withdrawn sheet.
        with app.app_context():
            counted = {(e, j) for e, j in db.session.execute(
                select(ScoreSheet.entry_id, ScoreSheet.juror_id).join(JuryAssignment, and_(
                    JuryAssignment.round_id == ScoreSheet.round_id, JuryAssignment.entry_id == ScoreSheet.entry_id,
                    JuryAssignment.juror_id == ScoreSheet.juror_id))
                .where(ScoreSheet.round_id == world.round1_id, ScoreSheet.status == "submitted",
                       JuryAssignment.status == "active"))}
            every = set(db.session.execute(select(ScoreSheet.entry_id, ScoreSheet.juror_id)
                                           .where(ScoreSheet.round_id == world.round1_id)).all())
        assert set(mine["scores"]) == counted and len(every - counted) >= 4
        # Every stated parameter is read by the recomputation, and none can go missing unnoticed.
        stated = {r["name"] for r in tables["settings"]} - {"round", "advance_percent"}
        assert mine["parameters"].read == stated
        for name in sorted(stated):
            without = {**tables, "settings": [r for r in tables["settings"] if r["name"] != name]}
            with pytest.raises(KeyError):
                recompute(without)
    assert {r["entry_code"] for r in _tables_of_zip(archive.data)["scores"]} >= {code[x] for x in "ABCDE"}


def test_the_top_share_advances_to_the_next_round(app, world, scored_pool, client_as):
    close_round(app, world)
    client = client_as(world.organiser)
    response = client.post(f"/contest/admin/rounds/{world.round1_id}/advance", data={"csrf_token": token_of(client)})
    assert response.status_code == 302
    with app.app_context():
        advanced = set(db.session.scalars(select(Advancement.entry_id)
                                          .where(Advancement.round_id == world.round2_id)).all())
    # 30 % of four ranked entries is 1.2, so two places; B and C tie on the second: both go.
    assert advanced == {scored_pool["A"], scored_pool["B"], scored_pool["C"]}
    again = client.post(f"/contest/admin/rounds/{world.round1_id}/advance", data={"csrf_token": token_of(client)})
    assert again.status_code == 409
