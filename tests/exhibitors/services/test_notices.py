"""The decision mails as they arrive at a real SMTP server, in each exhibitor's own language."""
from sqlalchemy import select

from fairapp.exhibitors.models import Invoice
from fairapp.extensions import db
from tests.conftest import post_form
from tests.exhibitors.conftest import decode_qr, signed_in_client
from tests.exhibitors.services.test_applications import submit


def test_decisions_are_mailed_in_each_exhibitors_language(app, fair, exhibitor, make_user, mailbox):
    boss_email = make_user("organizer")
    vi_email, en_email = exhibitor(locale="vi"), exhibitor(locale="en")
    vi_id, en_id = submit(app, vi_email, booth="A-02"), submit(app, en_email, booth="A-03")
    organiser = signed_in_client(app, boss_email)
    post_form(organiser, f"/exhibitors/manage/applications/{vi_id}/approve", {"booth": ""}, page="/")
    post_form(organiser, f"/exhibitors/manage/applications/{en_id}/reject",
              {"reason": "Products are not handmade"}, page="/")
    mailbox.wait_for(4)
    [received_vi, approved] = mailbox.to(vi_email)
    assert received_vi["Subject"] == "Chúng tôi đã nhận đơn đăng ký gian hàng A-02 của bạn"
    with app.app_context():
        invoice = db.session.scalar(select(Invoice))
        code, total = invoice.code, invoice.total_vnd
    assert approved["Subject"] == f"Gian hàng A-02 đã được duyệt: giấy đề nghị thanh toán {code}"
    body = mailbox.text_of(approved)
    assert "13.200.000" in body and "/exhibitors/my" in body
    [attachment] = list(approved.iter_attachments())
    assert attachment.get_filename() == f"payment-request-{code}.pdf"
    [payload] = decode_qr(attachment.get_content())
    assert f"54{len(str(total)):02d}{total}" in payload
    [received_en, rejected] = mailbox.to(en_email)
    assert received_en["Subject"] == "We have received your application for booth A-03"
    assert rejected["Subject"] == "Your application for Hội chợ Quà tặng hàng thủ công mỹ nghệ Hà Nội 2026"
    assert "Reason: Products are not handmade" in mailbox.text_of(rejected)
