"""Organiser pages through the test client: fair settings, halls and booths, the review queue,
decisions, payments and reminders."""
from datetime import timedelta

from sqlalchemy import select

from fairapp.core.fairs import local_today
from fairapp.core.models import AuditEntry
from fairapp.exhibitors.models import Booth, ExhibitorApplication, FairTerms, Invoice
from fairapp.extensions import db
from tests.conftest import post_form
from tests.exhibitors.conftest import SLUG, get_fair, signed_in_client
from tests.exhibitors.services.test_applications import submit


def boss(app, make_user):
    return signed_in_client(app, make_user("organizer", name="Trần Thị Thu Hà"))


def test_every_organiser_page_opens(app, fair, make_user, exhibitor):
    client = boss(app, make_user)
    application_id = submit(app, exhibitor())
    with app.app_context():
        booth_id = db.session.scalar(select(Booth.id).where(Booth.code == "A-02"))
        hall_id = db.session.scalar(select(Booth.hall_id).where(Booth.code == "A-02"))
    for url in ["/exhibitors/manage/", "/exhibitors/manage/fairs/new", f"/exhibitors/manage/{SLUG}/settings",
                f"/exhibitors/manage/{SLUG}/halls", f"/exhibitors/manage/halls/{hall_id}",
                f"/exhibitors/manage/{SLUG}/booths", f"/exhibitors/manage/{SLUG}/booths?hall=B",
                f"/exhibitors/manage/{SLUG}/booths/new", f"/exhibitors/manage/booths/{booth_id}",
                f"/exhibitors/manage/{SLUG}/booths/import", f"/exhibitors/manage/{SLUG}/applications",
                f"/exhibitors/manage/applications/{application_id}", f"/exhibitors/manage/{SLUG}/invoices",
                f"/exhibitors/manage/{SLUG}/invoices?state=overdue", f"/exhibitors/{SLUG}/floor-plan",
                f"/exhibitors/{SLUG}/exhibitors", "/"]:
        response = client.get(url)
        assert response.status_code == 200, url


def test_settings_change_terms_and_are_audited(app, fair, make_user):
    client = boss(app, make_user)
    page = f"/exhibitors/manage/{SLUG}/settings"
    with app.app_context():
        fair_row = get_fair()
        form = {"slug": SLUG, "name": fair_row.name, "venue": fair_row.venue,
                "starts_on": fair_row.starts_on.isoformat(), "ends_on": fair_row.ends_on.isoformat(),
                "opens_at": "08:00", "closes_at": "21:00", "hold_minutes": "15", "offer_hours": "24",
                "support_mode": "fixed", "support_rate_pct": "0", "support_amount_vnd": "4000000",
                "vat_rate_pct": "8", "payment_days": "10", "pay_before_opening_days": "7", "reminder_every_days": "2",
                "staff_passes_per_booth": "4",
                "bank_bin": "970436", "bank_account": "0011 0045 6789", "bank_account_name": "Trung tâm khuyến công",
                "invoice_prefix": "kc", "organiser_name": "Trung tâm Khuyến công Hà Nội"}
    response = post_form(client, page, form, page=page)
    assert response.status_code == 302
    with app.app_context():
        terms = db.session.get(FairTerms, get_fair().id)
        assert (terms.support_mode, terms.support_amount_vnd, terms.bank_account, terms.bank_account_name,
                terms.invoice_prefix, terms.staff_passes_per_booth) == (
                    "fixed", 4_000_000, "001100456789", "TRUNG TÂM KHUYẾN CÔNG", "KC", 4)
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "fair.update"))
        assert entry.after["support_mode"] == "fixed" and entry.before["support_mode"] == "none"
    bad = post_form(client, page, {**form, "closes_at": "07:00"}, page=page)
    assert bad.status_code == 422 and "Giờ đóng cửa phải sau giờ mở cửa." in bad.get_data(as_text=True)


def test_create_a_booth_with_a_form_then_block_it(app, fair, make_user):
    client = boss(app, make_user)
    with app.app_context():
        hall_id = db.session.scalar(select(Booth.hall_id).where(Booth.code == "A-02"))
    form = {"code": "a-50", "hall_id": str(hall_id), "booth_type": "double", "width_m": "6", "depth_m": "3",
            "open_sides": "2", "price_vnd": "24000000", "x_m": "20", "y_m": "20", "polygon": ""}
    page = f"/exhibitors/manage/{SLUG}/booths/new"
    assert post_form(client, page, form, page=page).status_code == 302
    outside = post_form(client, page, {**form, "code": "A-51", "x_m": "39"}, page=page)
    assert "Gian hàng nằm ngoài nhà A (40 × 30 m)." in outside.get_data(as_text=True)
    duplicate = post_form(client, page, form, page=page)
    assert "Hội chợ này đã có gian hàng A-50." in duplicate.get_data(as_text=True)
    with app.app_context():
        booth = db.session.scalar(select(Booth).where(Booth.code == "A-50"))
        assert (booth.booth_type, booth.area_m2, booth.price_vnd) == ("double", 18.0, 24_000_000)
        booth_id = booth.id
    edit = f"/exhibitors/manage/booths/{booth_id}"
    assert post_form(client, edit, {**form, "blocked": "y", "block_reason": "Lối thoát hiểm"}, page=edit).status_code == 302
    statuses = {b["code"]: b["status"] for b in client.get(f"/api/v1/fairs/{SLUG}/booths").get_json()}
    assert statuses["A-50"] == "blocked"


def test_queue_filters_and_bulk_approval(app, fair, make_user, exhibitor):
    client = boss(app, make_user)
    ceramics = submit(app, exhibitor(), booth="A-02")
    silk = submit(app, exhibitor(name="Lụa Vạn Phúc Đặng Hồng", representative="Đặng Thị Hồng", craft="embroidery",
                                 district="Hà Đông", craft_village="Vạn Phúc", promotion_eligible=False),
                  booth="A-03")
    queue = f"/exhibitors/manage/{SLUG}/applications"
    page = client.get(queue + "?district=H%C3%A0+%C4%90%C3%B4ng").get_data(as_text=True)
    assert f"/exhibitors/manage/applications/{silk}" in page and f"/exhibitors/manage/applications/{ceramics}" not in page
    page = client.get(queue + "?craft=ceramics&eligible=yes").get_data(as_text=True)
    assert f"/applications/{ceramics}\"" in page and f"/applications/{silk}\"" not in page
    page = client.get(queue + "?q=bat+trang").get_data(as_text=True)
    assert f"/applications/{ceramics}\"" in page and f"/applications/{silk}\"" not in page
    response = post_form(client, f"/exhibitors/manage/{SLUG}/applications/bulk",
                         {"ids": [str(ceramics), str(silk)], "action": "approve"}, page=queue)
    assert response.status_code == 302
    with app.app_context():
        assert [db.session.get(ExhibitorApplication, i).status for i in (ceramics, silk)] == ["approved", "approved"]
        assert db.session.scalar(select(Invoice.number).order_by(Invoice.number.desc())) == 2


def test_approve_on_another_booth_record_payment_and_download_documents(app, fair, make_user, exhibitor):
    client = boss(app, make_user)
    email = exhibitor()
    owner = signed_in_client(app, email)
    application_id = submit(app, email, booth="A-02")
    detail = f"/exhibitors/manage/applications/{application_id}"
    taken = submit(app, exhibitor(), booth="A-05")
    assert taken
    refused = post_form(client, f"{detail}/approve", {"booth": "A-05"}, page=detail, follow_redirects=True)
    assert "Rất tiếc, gian hàng A-05 vừa có người khác đặt." in refused.get_data(as_text=True)
    unknown = post_form(client, f"{detail}/approve", {"booth": "Q-1"}, page=detail, follow_redirects=True)
    assert "Hội chợ này không có gian hàng Q-1." in unknown.get_data(as_text=True)
    done = post_form(client, f"{detail}/approve", {"booth": "A-06"}, page=detail, follow_redirects=True)
    text = done.get_data(as_text=True)
    assert "Đã duyệt; giấy đề nghị thanh toán HC" in text
    with app.app_context():
        invoice = db.session.scalar(select(Invoice))
        invoice_id, total = invoice.id, invoice.total_vnd
        assert invoice.booth_code == "A-06"
    pdf = owner.get(f"/exhibitors/invoices/{invoice_id}.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert client.get(f"/exhibitors/invoices/{invoice_id}.pdf").status_code == 200
    paid = post_form(client, f"/exhibitors/manage/invoices/{invoice_id}/payments",
                     {"amount_vnd": str(total), "paid_on": local_today().isoformat(), "bank_reference": "FT26270001"},
                     page=detail, follow_redirects=True)
    assert "Đã thanh toán đủ" in paid.get_data(as_text=True)
    mine = owner.get("/exhibitors/my").get_data(as_text=True)
    assert "Đã xác nhận" in mine and "Tải biên nhận (PDF)" in mine
    with app.app_context():
        receipt_id = db.session.scalar(select(Invoice).where(Invoice.id == invoice_id)).receipt.id
    assert owner.get(f"/exhibitors/receipts/{receipt_id}.pdf").data.startswith(b"%PDF")


def test_reject_waitlist_reminders_and_release_from_the_pages(app, fair, make_user, exhibitor):
    client = boss(app, make_user)
    rejected, waiting, unpaid = (submit(app, exhibitor(), booth=c) for c in ("A-02", "A-03", "A-04"))
    reject = f"/exhibitors/manage/applications/{rejected}/reject"
    no_reason = post_form(client, reject, {"reason": ""}, page="/", follow_redirects=True)
    assert "Vui lòng điền mục này." in no_reason.get_data(as_text=True)
    post_form(client, reject, {"reason": "Hồ sơ chưa đủ"}, page="/")
    post_form(client, f"/exhibitors/manage/applications/{waiting}/waitlist", {}, page="/")
    post_form(client, f"/exhibitors/manage/applications/{unpaid}/approve", {"booth": ""}, page="/")
    with app.app_context():
        assert db.session.get(ExhibitorApplication, rejected).decision_reason == "Hồ sơ chưa đủ"
        assert db.session.get(ExhibitorApplication, waiting).status == "waitlisted"
        invoice = db.session.scalar(select(Invoice))
        invoice.due_on = local_today() - timedelta(days=2)
        db.session.commit()
    reminded = post_form(client, f"/exhibitors/manage/{SLUG}/reminders", {}, page="/", follow_redirects=True)
    assert "Đã xếp 1 thư nhắc thanh toán vào hàng chờ gửi." in reminded.get_data(as_text=True)
    assert "Thư nhắc thanh toán qua e-mail:" in reminded.get_data(as_text=True)
    released = post_form(client, f"/exhibitors/manage/applications/{unpaid}/release", {}, page="/",
                         follow_redirects=True)
    assert "Đã thu hồi gian hàng chưa thanh toán" in released.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(ExhibitorApplication, unpaid).status == "released"
        # A-04 was offered to the waiting list.
        assert db.session.get(ExhibitorApplication, waiting).claim.booth.code == "A-04"


def test_a_new_fair_from_the_form(app, make_user):
    client = boss(app, make_user)
    today = local_today()
    response = post_form(client, "/exhibitors/manage/fairs/new", {
        "slug": "hanoi-gift-2027", "name": "Hội chợ Quà tặng Hà Nội 2027", "venue": "Cung Văn hóa Hữu nghị",
        "starts_on": (today + timedelta(days=300)).isoformat(), "ends_on": (today + timedelta(days=303)).isoformat(),
        "opens_at": "08:00", "closes_at": "21:00"}, page="/exhibitors/manage/fairs/new")
    assert response.status_code == 302 and response.headers["Location"] == "/exhibitors/manage/hanoi-gift-2027/halls"
    hall = post_form(client, "/exhibitors/manage/hanoi-gift-2027/halls",
                     {"code": "a", "name": "Nhà A", "width_m": "40", "depth_m": "30"}, page="/")
    assert hall.status_code == 302
    assert "Nhà A" in client.get("/exhibitors/manage/hanoi-gift-2027/halls").get_data(as_text=True)
