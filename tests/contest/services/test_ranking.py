"""The ranking page over real score sheets: method and why, flags, tie-breaks, committee decisions,
advancing, and an export from which the ranking is computed again to the same ranks."""
import csv
import io
import zipfile

from openpyxl import load_workbook
from sqlalchemy import select

from fairapp.contest.models import Advancement, ContestEntry, ContestRound
from fairapp.contest.services import setup
from fairapp.contest.services.export import sheets_from_rows
from fairapp.contest.services.scoring import Criterion, Settings, rank
from fairapp.extensions import db
from tests.contest.conftest import token_of


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


def _recompute(tables):
    """Rank every category again from the exported tables alone; {entry_id: rank}."""
    criteria = [Criterion(r["key"], float(r["weight"]), str(r["tiebreak"]) in ("True", "1", "true"))
                for r in tables["criteria"]]
    values = {r["name"]: r["value"] for r in tables["settings"]}
    settings = Settings(min_scores=int(values["min_scores"]),
                        min_entries_for_normalisation=int(values["min_entries_for_normalisation"]),
                        disagreement_points=float(values["disagreement_points"]),
                        trimmed_min_scores=int(values["trimmed_min_scores"]))
    ranks = {}
    for category in {r["category"] for r in tables["entries"]}:
        rows = [r for r in tables["scores"] if r["category"] == category]
        committee = {int(r["entry_id"]): int(r["position"]) for r in tables["committee"] if r["category"] == category}
        pool = [int(r["entry_id"]) for r in tables["entries"] if r["category"] == category]
        result = rank(criteria, sheets_from_rows(criteria, rows), settings, committee, entries=pool)
        ranks.update({row.entry_id: row.rank for row in (*result.rows, *result.unranked)})
    return ranks


def _exported_ranks(tables):
    return {int(r["entry_id"]): (int(r["rank"]) if r["rank"] not in (None, "") else None) for r in tables["ranking"]}


def test_the_export_alone_recomputes_the_same_ranks(app, world, scored_pool, client_as):
    code = codes(app, scored_pool)
    close_round(app, world)
    client = client_as(world.organiser)
    client.post(f"/contest/admin/rounds/{world.round1_id}/decisions", data={
        "csrf_token": token_of(client), "category_id": world.categories["GOM"],
        "order": f"{code['B']}, {code['C']}", "reason": "Biểu quyết"})

    xlsx = client.get(f"/contest/admin/rounds/{world.round1_id}/export.xlsx")
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.data))
    tables = {}
    for sheet in book.worksheets:
        header, *rows = list(sheet.values)
        tables[sheet.title] = [dict(zip(header, row)) for row in rows]
    exported = _exported_ranks(tables)
    assert exported[scored_pool["A"]] == 1 and exported[scored_pool["E"]] is None
    assert _recompute(tables) == exported

    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/contest/admin/rounds/{world.round1_id}/export.zip").data))
    csv_tables = {name[:-4]: list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
                  for name in archive.namelist()}
    assert _recompute(csv_tables) == _exported_ranks(csv_tables) == exported
    assert {r["entry_code"] for r in csv_tables["scores"]} == {code[x] for x in "ABCDE"}


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
