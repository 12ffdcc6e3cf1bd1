"""Each role's first day, walked in a real Chromium at 1366×850 and at 390×844 on the demo fair,
with every page visited saved under test-results/<test>/<width>/<NN-step>.png:

(a) a visitor registers and sees the ticket; (b) an artisan signs up, confirms from the development
mailbox, fills the profile, holds a booth on the floor plan, applies and, once approved, opens the
payment request and sees how to pay; (c) an organiser signs in, lands on the overview, approves the
application and records the payment; (d) gate staff sign in, land on the gate page and admit the
visitor's ticket by typing its code into the scanner field.

Any console error, uncaught exception, failed request or answer of 400 or more fails the walk."""
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from fairapp.core.devmail import store
from fairapp.core.fairs import local_today
from fairapp.core.i18n import format_vnd
from fairapp.demo import DEMO_PASSWORD, load_demo
from fairapp.exhibitors.models import Booth, ExhibitorApplication, Hall, Invoice
from fairapp.extensions import db
from fairapp.visitors.models import Ticket
from fairapp.visitors.services import codes
from tests.browser.conftest import LAPTOP, PHONE, ConsoleWatch, save_step
from tests.conftest import PASSWORD, START_SECONDS, free_port

pytestmark = pytest.mark.browser

ORGANISER = "bantochuc@fairapp.local"
GATE = "cong1@fairapp.local"
VISITOR = "Nguyễn Thị Lan"
VISITOR_EMAIL = "lan.visitor@example.vn"
ARTISAN = "Phạm Thị Gấm"
BUSINESS = "Hộ kinh doanh Gốm Gấm Bát Tràng"


class StrictWatch(ConsoleWatch):
    """ConsoleWatch, and also every request that failed and every answer of 400 or more."""

    def attach(self, page):
        super().attach(page)
        page.on("requestfailed", lambda request: self.errors.append(
            f"request failed: {request.method} {request.url} ({request.failure})"))

    def _on_response(self, response):
        if response.status >= 400:
            self.errors.append(f"answer {response.status}: {response.request.method} {response.url}")


@pytest.fixture
def console():
    return StrictWatch()


@pytest.fixture
def catcher(tmp_path):
    """The development mail catcher (`make run` starts it) on a loopback port of its own."""
    folder, port = str(tmp_path / "mailbox"), free_port()
    controller = store.start_catcher(folder, "127.0.0.1", port, ready_timeout=START_SECONDS)
    yield folder, port
    controller.stop()


@pytest.fixture
def app_overrides(catcher):
    folder, port = catcher
    return {"DEV_MAILBOX": True, "DEV_MAILBOX_DIR": folder, "MAIL_PORT": port}


@pytest.fixture
def demo(app):
    """The demo fair; returns a free standard booth of hall A for the artisan."""
    with app.app_context():
        fair = load_demo()
        db.session.commit()
        taken = select(ExhibitorApplication.booth_id).where(ExhibitorApplication.booth_id.is_not(None))
        booth = db.session.scalar(
            select(Booth.code).join(Hall).where(Hall.code == "A", Booth.fair_id == fair.id,
                                                Booth.booth_type == "standard", Booth.blocked.is_(False),
                                                Booth.id.not_in(taken)).order_by(Booth.id))
        return {"slug": fair.slug, "booth": booth}


def sign_in(page, email, password):
    page.goto("/auth/login")
    page.get_by_label("E-mail", exact=True).fill(email)
    page.get_by_label("Mật khẩu", exact=True).fill(password)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()


def visitor_registers(page, step):
    """(a): the visitor sees the ticket, its QR and its short code."""
    page.goto("/")
    step(page, "home")
    page.goto("/register")
    step(page, "register")
    page.get_by_label("Họ và tên").fill(VISITOR)
    page.get_by_label("E-mail").fill(VISITOR_EMAIL)
    page.get_by_label("Số điện thoại").fill("0912 345 678")
    page.get_by_label(local_today().strftime("%d/%m/%Y")).check()
    page.locator("#consent").check()
    page.get_by_role("button", name="Nhận vé", exact=True).click()
    expect(page.get_by_role("heading", name=f"Vé của bạn đã sẵn sàng, {VISITOR}")).to_be_visible()
    expect(page.get_by_test_id("ticket-qr")).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                           arg=page.get_by_test_id("ticket-qr").element_handle())
    step(page, "ticket")


def artisan_signs_up_and_confirms(page, step, email):
    page.goto("/auth/signup")
    step(page, "signup")
    page.get_by_label("Họ và tên").fill(ARTISAN)
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Số điện thoại di động").fill("0987 654 321")
    page.get_by_label("Mật khẩu mới").fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Tạo tài khoản").click()
    expect(page).to_have_url(re.compile(r"/auth/login$"))
    step(page, "signed-up")
    # The development mailbox, from the link on the sign-in page.
    page.get_by_test_id("dev-mailbox-link").get_by_role("link").click()
    expect(page.get_by_role("heading", name="Hộp thư phát triển")).to_be_visible()
    step(page, "dev-mailbox")
    page.get_by_test_id("devmail-list").get_by_role("link").filter(has_text=email).first.click()
    step(page, "confirmation-mail")
    page.get_by_role("tab", name="Văn bản").click()
    page.get_by_test_id("devmail-text").locator("a[href*='/auth/confirm/']").click()
    expect(page.get_by_role("alert")).to_contain_text("đã được xác nhận")
    step(page, "confirmed")


def artisan_applies(page, step, email, slug, booth):
    sign_in(page, email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/exhibitors/my$"))
    step(page, "my-booth-empty")
    page.goto(f"/exhibitors/{slug}/floor-plan")
    plan_booth = page.locator(f"g[data-code='{booth}']")
    expect(plan_booth).to_have_attribute("data-status", "available")
    step(page, "floor-plan")
    plan_booth.click()
    panel = page.get_by_test_id("booth-panel")
    expect(panel.get_by_role("heading")).to_have_text(f"Gian hàng {booth}")
    step(page, "booth-panel")
    panel.get_by_role("button", name="Giữ gian hàng này để làm đơn").click()
    # No profile yet: the application sends the artisan to it first; the hold keeps running.
    expect(page.get_by_role("heading", name="Hồ sơ đơn vị trưng bày")).to_be_visible()
    step(page, "profile")
    page.get_by_label("Bạn tham gia với tư cách").select_option("household")
    page.get_by_label("Tên doanh nghiệp, hợp tác xã hoặc hộ kinh doanh").fill(BUSINESS)
    page.get_by_label("Địa chỉ", exact=True).fill("Xóm 3, xã Bát Tràng")
    page.get_by_label("Quận/huyện (Hà Nội)").select_option("Gia Lâm")
    page.get_by_label("Làng nghề").fill("Bát Tràng")
    page.get_by_label("Ngành nghề").select_option("ceramics")
    page.get_by_role("button", name="Lưu hồ sơ").click()
    expect(page).to_have_url(re.compile(r"/exhibitors/apply\?fair="))
    expect(page.get_by_label("Gian hàng", exact=True)).to_have_value(booth)
    step(page, "apply")
    page.get_by_label("Sản phẩm sẽ trưng bày").fill("Bình gốm men lam, bộ ấm chén men rạn")
    page.get_by_role("button", name="Gửi đơn đăng ký").click()
    expect(page).to_have_url(re.compile(r"/exhibitors/my$"))
    expect(page.get_by_text("Chờ xét duyệt")).to_be_visible()
    step(page, "applied")


def organiser_approves(page, step, slug):
    sign_in(page, ORGANISER, DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    step(page, "overview")
    page.goto(f"/exhibitors/manage/{slug}/applications?status=submitted")
    step(page, "applications")
    page.get_by_role("link", name=BUSINESS).click()
    step(page, "application")
    page.get_by_role("button", name="Duyệt", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text="Đã duyệt")).to_contain_text("giấy đề nghị thanh toán HC")
    step(page, "approved")


def artisan_sees_how_to_pay(page, step, total):
    page.goto("/exhibitors/my")
    expect(page.get_by_text("Đã duyệt, chờ thanh toán")).to_be_visible()
    step(page, "my-booth-approved")
    page.get_by_test_id("invoice-pay").click()
    expect(page.get_by_test_id("pay-details")).to_be_visible()
    expect(page.get_by_test_id("invoice-balance")).to_have_text(total)
    expect(page.get_by_test_id("pay-amount")).to_have_text(total)
    expect(page.get_by_test_id("pay-account")).not_to_be_empty()
    expect(page.get_by_test_id("pay-content")).not_to_be_empty()
    expect(page.get_by_test_id("copy-content")).to_be_visible()
    qr = page.get_by_test_id("invoice-qr")
    expect(qr).to_be_attached()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=qr.element_handle())
    step(page, "invoice")


def organiser_records_the_payment(page, step, total):
    page.reload()
    page.get_by_label("Số tiền đã nhận (VND)").fill(total.replace("₫", "").strip())  # as typed from the bank statement: 13.200.000
    page.get_by_label("Mã giao dịch ngân hàng").fill("FT26336000123")
    step(page, "payment-typed")
    page.get_by_role("button", name="Ghi nhận thanh toán").click()
    expect(page.get_by_role("alert").filter(has_text="Đã thanh toán đủ")).to_be_visible()
    step(page, "payment-recorded")


def gate_admits(page, step, code):
    sign_in(page, GATE, DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(r"/gate$"))
    step(page, "gate")
    page.get_by_role("button", name="Bắt đầu quét").click()
    field = page.get_by_label("Máy quét hoặc mã vé")
    expect(field).to_be_visible()
    step(page, "scanning")
    # On the laptop what a USB scanner types from the QR; on the phone the short code a visitor
    # reads out when the QR will not scan.
    typed = code if page.viewport_size["width"] > 500 else codes.short_code(code)
    field.fill(typed)
    field.press("Enter")
    result = page.get_by_test_id("gate-result")
    expect(result).to_be_visible()
    expect(result).to_contain_text("Xin mời vào!")
    expect(result).to_contain_text(VISITOR)
    step(page, "admitted")


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1366", "390"])
def test_first_day_of_every_role(viewport, demo, app, new_page, console, request):
    def step(page, name):
        save_step(page, request, f"{step.role}-{name}")

    def open_as(role):
        step.role = role
        return new_page(viewport=viewport)

    artisan_email = f"gam.{viewport['width']}@example.vn"

    visitor = open_as("visitor")
    visitor_registers(visitor, step)
    with app.app_context():
        code = db.session.scalar(select(Ticket.code).where(Ticket.email == VISITOR_EMAIL))
    expect(visitor.get_by_test_id("ticket-short-code")).to_have_text(codes.short_code(code))

    artisan = open_as("artisan")
    artisan_signs_up_and_confirms(artisan, step, artisan_email)
    artisan_applies(artisan, step, artisan_email, demo["slug"], demo["booth"])

    organiser = open_as("organiser")
    organiser_approves(organiser, step, demo["slug"])
    with app.app_context():
        invoice = db.session.scalar(select(Invoice).join(ExhibitorApplication).where(
            ExhibitorApplication.booth.has(Booth.code == demo["booth"])))
        total = format_vnd(invoice.total_vnd)

    step.role = "artisan"
    artisan_sees_how_to_pay(artisan, step, total)

    step.role = "organiser"
    organiser_records_the_payment(organiser, step, total)

    step.role = "artisan"
    artisan.reload()
    expect(artisan.get_by_test_id("invoice-paid")).to_contain_text("Đã thanh toán đủ")
    step(artisan, "paid")

    gate = open_as("gate")
    gate_admits(gate, step, code)
    console.assert_clean()
