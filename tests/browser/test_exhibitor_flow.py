"""An artisan signs up, confirms the e-mail, picks a booth on the floor plan (on a phone), applies;
an organiser approves; the artisan downloads the payment request and its VietQR pays exactly it."""
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from fairapp.exhibitors.models import ExhibitorApplication, Invoice
from fairapp.exhibitors.vietqr import crc_ok, parse_tlv, transfer_purpose
from fairapp.extensions import db
from tests.browser.conftest import DESKTOP
from tests.conftest import PASSWORD
from tests.exhibitors.conftest import SLUG, build_fair, decode_qr

pytestmark = pytest.mark.browser

ARTISAN = "Nguyễn Văn Đức"
ARTISAN_EMAIL = "duc.battrang@example.vn"


@pytest.fixture
def fair(app):
    with app.app_context():
        build_fair()
        db.session.commit()
    return SLUG


def sign_in(page, email, password=PASSWORD):
    page.goto("/auth/login")
    page.get_by_label("E-mail", exact=True).fill(email)
    page.get_by_label("Mật khẩu", exact=True).fill(password)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()


def sign_up_and_confirm(page, mailbox):
    page.goto("/auth/signup")
    page.get_by_label("Họ và tên").fill(ARTISAN)
    page.get_by_label("E-mail").fill(ARTISAN_EMAIL)
    page.get_by_label("Số điện thoại di động").fill("0912 345 678")
    page.get_by_label("Mật khẩu mới").fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Tạo tài khoản").click()
    expect(page).to_have_url(re.compile(r"/auth/login$"))
    mailbox.wait_for(1)
    [message] = mailbox.to(ARTISAN_EMAIL)
    page.goto(mailbox.link_in(message, r"http://\S+/auth/confirm/\S+"))
    expect(page.get_by_role("alert")).to_contain_text("đã được xác nhận")


def pick_booth_on_the_floor_plan(page, code):
    page.goto(f"/exhibitors/{SLUG}/floor-plan")
    booth = page.locator(f"g[data-code='{code}']")
    expect(booth).to_have_attribute("data-status", "available")
    more = page.get_by_role("button", name="Thêm bộ lọc")  # on a phone the type and price filters fold away
    if more.is_visible():
        more.click()
    page.get_by_label("Loại").select_option("standard")
    expect(page.locator("g[data-code='A-01']")).to_have_class(re.compile("booth-dimmed"))  # a corner booth
    booth.click()
    panel = page.get_by_test_id("booth-panel")
    expect(panel.get_by_role("heading")).to_have_text(f"Gian hàng {code}")
    expect(panel).to_contain_text("12.000.000 ₫")
    panel.get_by_role("button", name="Giữ gian hàng này để làm đơn").click()


def fill_profile(page):
    expect(page.get_by_role("heading", name="Hồ sơ đơn vị trưng bày")).to_be_visible()
    page.get_by_label("Bạn tham gia với tư cách").select_option("cooperative")
    page.get_by_label("Tên doanh nghiệp, hợp tác xã hoặc hộ kinh doanh").fill("HTX Gốm sứ Bát Tràng")
    page.get_by_label("Mã số thuế").fill("0100233488")
    page.get_by_label("Địa chỉ", exact=True).fill("Thôn 5, xã Bát Tràng")
    page.get_by_label("Quận/huyện (Hà Nội)").select_option("Gia Lâm")
    page.get_by_label("Làng nghề").fill("Bát Tràng")
    page.get_by_label("Ngành nghề").select_option("ceramics")
    page.get_by_label("Cơ sở công nghiệp nông thôn thuộc đối tượng được hỗ trợ khuyến công").check()
    page.get_by_role("button", name="Lưu hồ sơ").click()


def test_artisan_books_a_booth_and_pays_by_the_qr_on_the_invoice(page, new_page, app, fair, make_user, mailbox,
                                                                 console):
    sign_up_and_confirm(page, mailbox)
    sign_in(page, ARTISAN_EMAIL)
    pick_booth_on_the_floor_plan(page, "A-04")

    # No profile yet: the application sends the artisan to it first, the hold keeps running.
    expect(page).to_have_url(re.compile(r"/exhibitors/profile\?next="))
    fill_profile(page)
    expect(page).to_have_url(re.compile(r"/exhibitors/apply\?fair="))
    expect(page.get_by_role("status")).to_contain_text("Gian hàng A-04 được giữ cho bạn đến")
    expect(page.get_by_label("Gian hàng", exact=True)).to_have_value("A-04")
    page.get_by_label("Sản phẩm sẽ trưng bày").fill("Bình gốm men lam, bộ ấm chén men rạn")
    page.get_by_label("Tôi cần ổ cắm điện").check()
    page.get_by_role("button", name="Gửi đơn đăng ký").click()
    expect(page).to_have_url(re.compile(r"/exhibitors/my$"))
    expect(page.get_by_text("Chờ xét duyệt")).to_be_visible()

    # The organiser approves from the review queue.
    organiser = new_page(locale="vi-VN", viewport=DESKTOP)
    sign_in(organiser, make_user("organizer", name="Trần Thị Thu Hà"))
    organiser.goto(f"/exhibitors/manage/{SLUG}/applications?status=submitted")
    organiser.get_by_role("link", name="HTX Gốm sứ Bát Tràng").click()
    organiser.get_by_role("button", name="Duyệt", exact=True).click()
    expect(organiser.get_by_role("alert")).to_contain_text("Đã duyệt; giấy đề nghị thanh toán HC")

    # The artisan downloads the payment request from their page.
    page.goto("/exhibitors/my")
    expect(page.get_by_text("Đã duyệt, chờ thanh toán")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_test_id("invoice-download").click()
    pdf = open(download.value.path(), "rb").read()
    assert pdf.startswith(b"%PDF")

    with app.app_context():
        invoice = db.session.scalar(select(Invoice))
        code, total = invoice.code, invoice.total_vnd
        application = db.session.scalar(select(ExhibitorApplication))
        assert application.status == "approved" and application.booth.code == "A-04"
    # 12.000.000 fee, 0 support (the fair gives none), 10 % VAT.
    assert total == 13_200_000
    [payload] = decode_qr(pdf)
    assert crc_ok(payload)
    fields = parse_tlv(payload)
    assert fields["54"] == str(total)
    assert fields["62"]["08"] == transfer_purpose(code) and fields["62"]["01"] == code
    assert fields["38"]["01"] == {"00": "970415", "01": "113366668888"}
    # The same document came attached to the approval e-mail.
    approval = mailbox.wait_for(3) and [m for m in mailbox.to(ARTISAN_EMAIL) if code in m["Subject"]]
    assert approval and list(approval[0].iter_attachments())[0].get_content() == pdf
    console.assert_clean()
