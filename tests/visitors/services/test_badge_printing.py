"""Bulk badge printing: the organiser page starts a job; run in-process, its PDF holds the chosen tickets
and those tickets are marked printed."""
import re
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from fairapp.core.jobs import run_job
from fairapp.core.models import AuditEntry, Fair, Job
from fairapp.extensions import db
from fairapp.visitors.models import Ticket
from fairapp.visitors.services import codes
from tests.conftest import login, post_form
from tests.visitors.badge_pdf import all_codes, document

PAGE = "/visitors/admin/badges"


def start(client, **fields):
    data = {"ticket_type": "", "day": "", "layout": "4xa6", **fields}
    return post_form(client, PAGE, data, page=PAGE)


def job_id_from(response):
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.fullmatch(r"/jobs/(\d+)", response.headers["Location"]).group(1))


def printed(app, ticket_id):
    with app.app_context():
        return db.session.get(Ticket, ticket_id).printed_at


def test_page_starts_a_job_whose_pdf_holds_the_chosen_badges(app, client, signed_in, issue):
    visitors = [issue(f"Trần Văn Khách {i}", "visitor") for i in range(6)]
    vip_id, _code = issue("Khách mời VIP", "vip")
    done_id, _code = issue("Đã in rồi", "visitor")
    earlier = datetime(2026, 1, 2, 3, 4, tzinfo=timezone.utc)
    with app.app_context():
        db.session.get(Ticket, done_id).printed_at = earlier
        db.session.commit()
    signed_in("organizer")
    page = client.get(PAGE).get_data(as_text=True)
    assert "4 thẻ A6 trên khổ A4" in page and "Chưa in" in page

    job_id = job_id_from(start(client, ticket_type="visitor", not_printed="y", layout="4xa6", cut_marks="y"))
    run_job(app, job_id)

    state = client.get(f"/api/v1/jobs/{job_id}").get_json()
    assert state["status"] == "done", state
    assert state["done"] == state["total"] == 6
    download = client.get(f"/jobs/{job_id}/download")
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    pdf = download.data
    assert len(document(pdf)) == 2  # 6 badges, 4 per sheet
    decoded = all_codes(pdf)
    assert sorted(decoded) == sorted(code for _id, code in visitors)
    with app.app_context():
        assert sorted(codes.verify(code).ticket_id for code in decoded) == sorted(i for i, _c in visitors)
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)
                                 .where(AuditEntry.action == "badges.print")) == 1
    assert all(printed(app, ticket_id) is not None for ticket_id, _code in visitors)
    assert printed(app, vip_id) is None
    assert printed(app, done_id) == earlier

    # Printed now, so "not printed yet" finds nothing more and starts no job.
    again = start(client, ticket_type="visitor", not_printed="y")
    assert again.status_code == 400
    assert "Không có vé nào" in again.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Job)) == 1


def test_day_filter_and_revoked_tickets(app, client, signed_in, issue, fair):
    with app.app_context():
        first = db.session.get(Fair, fair).starts_on
    second = first + timedelta(days=1)
    only_first = issue("Ngày đầu", days=[first])
    both = issue("Cả hai ngày", days=[first, second])
    only_second = issue("Ngày thứ hai", days=[second])
    revoked_id, _code = issue("Đã huỷ", days=[second])
    with app.app_context():
        db.session.get(Ticket, revoked_id).status = "revoked"
        db.session.commit()
    signed_in("organizer")
    job_id = job_id_from(start(client, day=second.isoformat(), layout="10x90x54"))
    run_job(app, job_id)
    pdf = client.get(f"/jobs/{job_id}/download").data
    assert len(document(pdf)) == 1
    assert sorted(all_codes(pdf)) == sorted([both[1], only_second[1]])
    assert printed(app, only_first[0]) is None and printed(app, revoked_id) is None


def test_bad_choices_are_refused(app, client, signed_in, issue):
    issue()
    signed_in("organizer")
    assert start(client, layout="a3").status_code == 400
    assert start(client, day="1999-01-01").status_code == 400
    assert start(client, ticket_type="nope").status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Job)) == 0


def test_only_organisers_print_badges(app, make_user, fair):
    for role in ("gate", "exhibitor", "juror"):
        client = app.test_client()
        login(client, make_user(role))
        assert client.get(PAGE).status_code == 403
        assert post_form(client, PAGE, {"layout": "a6"}).status_code == 403
    assert app.test_client().get(PAGE).status_code == 302  # to the sign-in page
