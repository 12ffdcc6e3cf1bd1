"""Panels and assignment: at least N jurors per entry, balanced load, never a conflicted juror;
conflicts found from profiles and declared ties; manual changes logged."""
from collections import Counter

from sqlalchemy import select

from fairapp.contest.models import Conflict, ContestEntry, ContestRound, JuryAssignment
from fairapp.contest.services import assignment, conflicts
from fairapp.core.auth.services import find_user
from fairapp.core.models import AuditEntry
from fairapp.extensions import db
from tests.contest.conftest import BUSINESS, TAX_CODE, assigned_jurors, token_of


def active(app, round_id):
    with app.app_context():
        return db.session.execute(select(JuryAssignment.entry_id, JuryAssignment.juror_id).where(
            JuryAssignment.round_id == round_id, JuryAssignment.status == "active")).all()


def test_auto_assignment_covers_every_entry_and_balances_the_load(app, world, submit, open_round):
    ids = [submit(title=f"Mẫu {i}", tax_code="", contact_phone="", maker_business=f"Xưởng {i}") for i in range(7)]
    ids.append(submit(category="SON", tax_code="", contact_phone=""))
    submit(eligible=False, tax_code="", contact_phone="")  # not screened: not in the round
    open_round()
    pairs = active(app, world.round1_id)
    per_entry = Counter(entry for entry, _juror in pairs)
    assert set(per_entry) == set(ids) and set(per_entry.values()) == {3}
    load = Counter(juror for _entry, juror in pairs)
    assert max(load.values()) - min(load.values()) <= 1 and sum(load.values()) == 24


def test_conflicts_from_profile_and_ties_keep_jurors_away(app, world, submit, client_as):
    by_tax, by_business, by_phone, by_tie = world.jurors[:4]
    client = client_as(by_tax)
    assert client.post("/contest/jury/profile", data={"csrf_token": token_of(client), "tax_code": TAX_CODE,
                                                      "business_name": "", "phone": "", "expertise": ""}
                       ).status_code == 302
    with app.test_request_context():
        conflicts.save_profile(find_user(by_business), business_name=BUSINESS.upper(), tax_code="", phone="",
                               expertise="")
        conflicts.save_profile(find_user(by_phone), business_name="", tax_code="", phone="0912 345 678", expertise="")
        conflicts.add_tie(find_user(by_tie), kind="teacher_apprentice", party_name="le van thinh")
        db.session.commit()
    entry_id = submit()
    with app.app_context():
        found = {(c.juror.email, c.source) for c in db.session.scalars(select(Conflict))}
        assert found == {(by_tax, "detected"), (by_business, "detected"), (by_phone, "detected"),
                         (by_tie, "declared")}
        round_ = db.session.get(ContestRound, world.round1_id)
        from fairapp.contest.services import setup

        setup.open_round(round_)
        _added, short = assignment.auto_assign(round_)
        db.session.commit()
        assert [e.id for e in short] == [entry_id]  # only one juror left without a conflict
    assert assigned_jurors(app, world.round1_id, entry_id) == [world.jurors[4]]
    assert client_as(by_tax).get(f"/contest/jury/rounds/{world.round1_id}/entries/{entry_id}").status_code == 403


def test_a_conflict_found_later_removes_the_juror_and_finds_a_replacement(app, world, submit, open_round, client_as):
    entry_id = submit(tax_code="", contact_phone="")
    open_round()
    first = assigned_jurors(app, world.round1_id, entry_id)[0]
    client = client_as(first)
    client.post("/contest/jury/ties", data={"csrf_token": token_of(client), "kind": "commercial",
                                            "party_business": BUSINESS, "note": "Tôi bán hàng cho họ."})
    now = assigned_jurors(app, world.round1_id, entry_id)
    assert first not in now and len(now) == 3


def test_manual_changes_are_logged_and_conflicts_refused(app, world, submit, open_round, client_as):
    entry_id = submit(tax_code="", contact_phone="")
    open_round()
    outsider = next(e for e in world.jurors if e not in assigned_jurors(app, world.round1_id, entry_id))
    organiser = client_as(world.organiser)
    url = f"/contest/admin/rounds/{world.round1_id}/assignments"
    with app.app_context():
        juror_id = find_user(outsider).id
    organiser.post(url + "/add", data={"csrf_token": token_of(organiser), "entry_id": entry_id,
                                       "juror_id": juror_id, "reason": "Chuyên gia gốm"})
    assert outsider in assigned_jurors(app, world.round1_id, entry_id)
    with app.app_context():
        row = db.session.scalar(select(JuryAssignment).where(JuryAssignment.juror_id == juror_id))
        assert row.manual
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "assignment.add")).after["reason"] \
            == "Chuyên gia gốm"
    organiser.post(f"/contest/admin/assignments/{row.id}/remove",
                   data={"csrf_token": token_of(organiser), "reason": "Nhầm hội đồng"})
    assert outsider not in assigned_jurors(app, world.round1_id, entry_id)
    with app.app_context():
        db.session.add(Conflict(juror_id=juror_id, entry_id=entry_id, kind="family", source="declared"))
        db.session.commit()
    response = organiser.post(url + "/add", data={"csrf_token": token_of(organiser), "entry_id": entry_id,
                                                  "juror_id": juror_id, "reason": ""}, follow_redirects=True)
    assert "có xung đột lợi ích với bài dự thi này" in response.get_data(as_text=True)
    assert outsider not in assigned_jurors(app, world.round1_id, entry_id)
    with app.app_context():
        assert db.session.get(ContestEntry, entry_id) is not None
