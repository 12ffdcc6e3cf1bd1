"""The organiser's ticket pages through the test client: search and filters, a ticket's scans,
revoke and reissue with CSRF, import (also while visitors register), export, the template."""
import csv
import io
import re
import threading
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from fairapp.core.models import AuditEntry, Fair, Job
from fairapp.extensions import db
from fairapp.visitors.models import Ticket
from tests.conftest import post_form
from tests.visitors.conftest import count, names, scan, text_of

# ---------------------------------------------------------------- the ticket list


def test_search_is_accent_insensitive_and_finds_phone_email_and_code(app, organiser, issue):
    _id, code = issue("Đặng Thị Hồng", "trade", email="hong.dang@example.vn", phone="+84912345678",
                      organization="HTX Gốm Bát Tràng")
    issue("Nguyễn Văn Đức", email="duc@example.vn")
    issue("Đỗ Thị Ánh Tuyết", "press", phone="+84987654321")

    assert names(organiser.get("/visitors/admin/tickets?q=dang thi hong")) == ["Đặng Thị Hồng"]
    assert names(organiser.get("/visitors/admin/tickets?q=ĐẶNG")) == ["Đặng Thị Hồng"]
    assert names(organiser.get("/visitors/admin/tickets?q=0912 345 678")) == ["Đặng Thị Hồng"]
    assert names(organiser.get("/visitors/admin/tickets?q=4321")) == ["Đỗ Thị Ánh Tuyết"]
    assert names(organiser.get("/visitors/admin/tickets?q=DUC@EXAMPLE")) == ["Nguyễn Văn Đức"]
    assert names(organiser.get(f"/visitors/admin/tickets?q={code.lower()}")) == ["Đặng Thị Hồng"]
    assert names(organiser.get("/visitors/admin/tickets?q=100%")) == []
    assert names(organiser.get("/visitors/admin/tickets")) == ["Đỗ Thị Ánh Tuyết", "Nguyễn Văn Đức", "Đặng Thị Hồng"]


def test_filters_by_type_day_check_in_printed_and_revoked(app, organiser, fair, issue, device_token):
    from fairapp.core.db import utcnow
    from fairapp.core.fairs import local_today
    from fairapp.visitors.services.tickets import revoke

    today, tomorrow = local_today(), local_today() + timedelta(days=1)
    came_id, came = issue("Khách đã vào")
    issue("Khách ngày mai", days=[tomorrow])
    printed_id, _code = issue("Khách mời in thẻ", "vip")
    revoked_id, _code = issue("Khách bị thu hồi")
    assert scan(organiser, device_token, came)["result"] == "ok"
    with app.test_request_context():
        db.session.get(Ticket, printed_id).printed_at = utcnow()
        revoke(db.session.get(Ticket, revoked_id), "Trùng đăng ký")
        db.session.commit()

    def listed(query):
        return sorted(names(organiser.get("/visitors/admin/tickets?" + query)))

    assert listed("type=vip") == ["Khách mời in thẻ"]
    assert listed(f"day={tomorrow.isoformat()}") == ["Khách bị thu hồi", "Khách mời in thẻ", "Khách ngày mai",
                                                    "Khách đã vào"]
    assert "Khách ngày mai" not in listed(f"day={today.isoformat()}")
    assert listed("checked_in=yes") == ["Khách đã vào"]
    assert listed(f"checked_in=yes&day={tomorrow.isoformat()}") == []
    assert "Khách đã vào" not in listed("checked_in=no")
    assert listed("printed=yes") == ["Khách mời in thẻ"]
    assert len(listed("printed=no")) == 3
    assert listed("status=revoked") == ["Khách bị thu hồi"]
    assert listed("day=not-a-day&type=nope") == []  # an unknown type matches nothing; a bad day is ignored
    assert came_id


def test_the_list_is_paginated(app, organiser, fair):
    from fairapp.visitors.services.tickets import issue_ticket, type_by_code

    with app.app_context():
        the_fair = db.session.get(Fair, fair)
        visitor = type_by_code(the_fair, "visitor")
        for i in range(53):
            issue_ticket(the_fair, visitor, name=f"Khách số {i:02d}")
        db.session.commit()
    first = organiser.get("/visitors/admin/tickets")
    assert len(names(first)) == 50 and "53" in text_of(first)
    assert names(organiser.get("/visitors/admin/tickets?page=2")) == ["Khách số 02", "Khách số 01", "Khách số 00"]


# ---------------------------------------------------------------- one ticket: scans, revoke, reissue


def test_ticket_detail_shows_its_scans(app, organiser, issue, device_token):
    ticket_id, code = issue("Phạm Quốc Bảo")
    scan(organiser, device_token, code)
    scan(organiser, device_token, code, gate="Cổng 2")
    page = text_of(organiser.get(f"/visitors/admin/tickets/{ticket_id}"))
    assert "Phạm Quốc Bảo" in page and "Máy quét 1" in page
    assert "Xin mời vào!" in page and "Vé đã được dùng lúc" in page
    assert organiser.get("/visitors/admin/tickets/999999").status_code == 404


def test_revoke_needs_a_reason_and_csrf_and_is_audited(app, organiser, issue, device_token):
    ticket_id, code = issue("Bùi Văn Lực", email="luc@example.vn")
    path = f"/visitors/admin/tickets/{ticket_id}/revoke"

    assert organiser.post(path, data={"reason": "Vé bị chia sẻ"}).status_code == 400  # no CSRF token
    assert post_form(organiser, path, {"reason": "  "}).status_code == 422
    with app.app_context():
        assert db.session.get(Ticket, ticket_id).status == "valid"

    response = post_form(organiser, path, {"reason": "Vé bị chia sẻ trên mạng"})
    assert response.status_code == 302
    page = text_of(organiser.get(response.headers["Location"]))
    assert "Đã thu hồi vé" in page and "Vé bị chia sẻ trên mạng" in page
    assert scan(organiser, device_token, code)["result"] == "revoked"
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "ticket.revoke"))
        assert entry.after == {"status": "revoked", "revoked_reason": "Vé bị chia sẻ trên mạng"}
        assert entry.actor_label.startswith("organizer-")
    again = post_form(organiser, path, {"reason": "Lần nữa"})
    assert "Vé này đã bị thu hồi trước đó." in text_of(organiser.get(again.headers["Location"]))


def test_reissue_sends_a_new_code_and_refuses_the_old(app, organiser, issue, device_token, mailbox):
    ticket_id, old_code = issue("Ngô Thị Bích Ngọc", email="ngoc@example.vn")
    path = f"/visitors/admin/tickets/{ticket_id}/reissue"
    assert organiser.post(path).status_code == 400
    response = post_form(organiser, path, {})
    assert response.status_code == 302
    assert "ngoc@example.vn" in text_of(organiser.get(response.headers["Location"]))
    with app.app_context():
        ticket = db.session.get(Ticket, ticket_id)
        new_code, version = ticket.code, ticket.version
    assert version == 2 and new_code != old_code
    assert mailbox.wait_for(1)[0]["To"] == "ngoc@example.vn"
    assert scan(organiser, device_token, old_code)["result"] == "revoked"
    assert scan(organiser, device_token, new_code)["result"] == "ok"


# ---------------------------------------------------------------- import, export, template


def upload(client, filename, data, **fields):
    return post_form(client, "/visitors/admin/tickets/import", {"file": (io.BytesIO(data), filename), **fields},
                     content_type="multipart/form-data")


def csv_file(rows, header=("name", "email", "phone", "organization", "type")):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def test_import_a_file_then_list_it(app, organiser, mailbox):
    data = csv_file([["Đinh Thị Ngọc Ánh", "anh@example.vn", "0912 000 111", "Siêu thị Quà tặng Hà Thành", "trade"],
                     ["Hoàng Văn Ơn", "on@example.vn", "", "", "visitor"]])
    response = upload(organiser, "khach.csv", data)
    assert response.status_code == 302
    page = organiser.get(response.headers["Location"])
    assert "Số vé đã nhập: 2." in text_of(page)
    assert sorted(names(page)) == ["Hoàng Văn Ơn", "Đinh Thị Ngọc Ánh"]
    assert count(app, AuditEntry, AuditEntry.action == "ticket.import") == 1
    assert mailbox.messages == []  # the box was not ticked


def test_a_refused_import_lists_the_rows_and_stores_nothing(app, organiser):
    data = csv_file([["Đinh Thị Ngọc Ánh", "anh@example.vn", "", "", "trade"],
                     ["", "anh@example.vn", "012", "", "khong-co"]])
    response = upload(organiser, "loi.csv", data)
    assert response.status_code == 422
    page = text_of(response)
    assert "Chưa nhập gì: tệp có 4 lỗi." in page
    table = page[page.index('data-testid="import-problems"'):]
    assert re.findall(r"<tr><td>(\d+)</td>", table) == ["3", "3", "3", "3"]
    assert "E-mail anh@example.vn đã có ở dòng 2." in table
    assert count(app, Ticket) == 0


def test_a_wrong_encoding_is_explained_next_to_the_file(app, organiser):
    response = upload(organiser, "cu.csv", "name,email,phone,organization,type\nJosé,j@example.vn,,,visitor\n"
                      .encode("latin-1"))
    assert response.status_code == 422
    assert "không phải văn bản UTF-8 (ký tự sai đầu tiên ở dòng 2)" in text_of(response)
    assert count(app, Ticket) == 0


def test_no_file_is_asked_for(organiser, app):
    response = post_form(organiser, "/visitors/admin/tickets/import", {})
    assert response.status_code == 422 and "Hãy chọn một tệp." in text_of(response)


def test_a_large_import_e_mails_through_the_job_page(app, organiser, mailbox):
    from fairapp.core.jobs import run_job
    from fairapp.visitors.services.visitor_import import INLINE_MAIL_LIMIT

    n = INLINE_MAIL_LIMIT + 1
    data = csv_file([[f"Khách số {i}", f"khach{i}@example.vn", "", "", "visitor"] for i in range(n)])
    response = upload(organiser, "nhieu.csv", data, send_tickets="y")
    assert response.status_code == 302
    job_id = int(re.fullmatch(r"/jobs/(\d+)", response.headers["Location"]).group(1))
    run_job(app, job_id)
    assert organiser.get(f"/api/v1/jobs/{job_id}").get_json()["status"] == "done"
    assert len(mailbox.wait_for(n)) == n
    link = mailbox.link_in(mailbox.messages[0], r"http://localhost/tickets/[\w-]+")
    assert organiser.get(link.replace("http://localhost", "")).status_code == 200
    with app.app_context():
        assert db.session.get(Job, job_id).kind == "visitors.send_tickets"


def test_a_small_import_e_mails_at_once(app, organiser, mailbox):
    upload(organiser, "it.csv", csv_file([["Lê Thị Thanh Hương", "huong@example.vn", "", "", "trade"]]),
           send_tickets="y")
    [message] = mailbox.wait_for(1)
    assert message["To"] == "huong@example.vn"
    with app.app_context():
        ticket_id = db.session.scalar(select(Ticket.id).where(Ticket.email == "huong@example.vn"))
    assert f"ve-{ticket_id}.pdf" in [part.get_filename() for part in message.iter_attachments()]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_downloads_with_the_list_filters(app, organiser, issue, fmt):
    issue("Đặng Thị Hồng", "trade", email="hong@example.vn")
    issue("Nguyễn Văn Đức")
    response = organiser.get(f"/visitors/admin/tickets/export?format={fmt}&type=trade")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'attachment; filename="ve-hoi-cho-test.{fmt}"'
    if fmt == "csv":
        assert response.mimetype == "text/csv"
        rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    else:
        rows = [list(r) for r in load_workbook(io.BytesIO(response.data)).worksheets[0].iter_rows(values_only=True)]
    assert rows[0][:3] == ["code", "name", "email"]
    assert [row[1] for row in rows[1:]] == ["Đặng Thị Hồng"]
    assert organiser.get("/visitors/admin/tickets/export?format=pdf").status_code == 404


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_template_downloads_and_imports(app, organiser, fmt):
    template = organiser.get(f"/visitors/admin/tickets/import/template?format={fmt}")
    assert template.status_code == 200
    assert "mau-nhap-khach-hoi-cho-test" in template.headers["Content-Disposition"]
    assert upload(organiser, f"mau.{fmt}", template.data).status_code == 302
    assert count(app, Ticket, Ticket.source == "import") == 3


def test_registrations_during_an_import_keep_every_id_and_code_apart(app, organiser, fair):
    """The import takes its ticket ids before inserting: visitors registering meanwhile get other ones."""
    from fairapp.core.fairs import local_today
    from fairapp.visitors.services import codes

    n, online = 2000, 12
    data = csv_file([[f"Khách nhập {i}", f"nhap{i}@example.vn", "", "", "visitor"] for i in range(n)])
    failures = []

    def register_online():
        visitor = app.test_client()
        try:
            for i in range(online):
                response = post_form(visitor, "/register", {
                    "name": f"Khách trực tuyến {i}", "email": f"online{i}@example.vn", "ticket_type": "visitor",
                    "days": [local_today().isoformat()], "consent": "y"}, page="/register")
                assert response.status_code == 302, response.get_data(as_text=True)
        except Exception as exc:  # reported below, in the test's thread
            failures.append(exc)

    thread = threading.Thread(target=register_online)
    thread.start()
    response = upload(organiser, "dong.csv", data)
    thread.join()

    assert failures == []
    assert response.status_code == 302
    with app.app_context():
        stored = db.session.execute(select(Ticket.id, Ticket.code, Ticket.source)).all()
        assert len(stored) == n + online
        assert sum(source == "import" for _id, _code, source in stored) == n
        for ticket_id, code, _source in stored:
            assert codes.verify(code).ticket_id == ticket_id
