"""A visitor registers on the development server (the real mail catcher beside it, as `make run`
has it), sees the ticket on screen — the QR read back from a screenshot — and then reads the ticket
mail in the development mailbox, down to its PDF."""
import io
import uuid
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from fairapp import create_app
from fairapp.core.devmail import store
from fairapp.core.fairs import local_today
from fairapp.extensions import db
from fairapp.visitors.models import Ticket
from fairapp.visitors.services import codes
from tests.browser.conftest import PHONE
from tests.conftest import ROOT, START_SECONDS, empty_database, free_port
from tests.visitors.conftest import fair  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser
SCREENS = {"desktop": {"width": 1366, "height": 850}, "phone": PHONE}
RESULTS = Path(ROOT) / "test-results"


@pytest.fixture
def catcher(tmp_path):
    folder, port = str(tmp_path / "mailbox"), free_port()
    controller = store.start_catcher(folder, "127.0.0.1", port, ready_timeout=START_SECONDS)
    yield folder, port
    controller.stop()


@pytest.fixture
def app(database_url, tmp_path, catcher):
    """The development app (mailbox on), sending to the catcher: what `make run` serves."""
    folder, port = catcher
    app = create_app("development", {
        "SQLALCHEMY_DATABASE_URI": database_url, "MAIL_PORT": port, "DEV_MAILBOX_DIR": folder,
        "HUEY_FILENAME": str(tmp_path / "huey.db"), "HUEY_NAME": f"fairapp-dev-{uuid.uuid4().hex[:8]}",
        "ARGON2_TIME_COST": 1, "ARGON2_MEMORY_COST": 8 * 1024})
    yield app
    empty_database(app)
    with app.app_context():
        db.engine.dispose()


def shot(page, name):
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"registration-{name}.png"
    path.write_bytes(page.screenshot(full_page=True))
    return path


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_register_see_the_ticket_then_read_its_mail(new_page, app, fair, console, screen):  # noqa: F811
    page = new_page(viewport=SCREENS[screen])
    email = f"lan-{screen}@example.vn"
    page.goto("/register")
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Lan")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Số điện thoại").fill("0912 345 678")
    page.get_by_label(local_today().strftime("%d/%m/%Y")).check()
    page.locator("#consent").check()
    page.get_by_role("button", name="Nhận vé", exact=True).click()

    expect(page.get_by_role("heading", name="Vé của bạn đã sẵn sàng, Nguyễn Thị Lan")).to_be_visible()
    with app.app_context():
        ticket = db.session.query(Ticket).filter_by(email=email).one()
        code, token = ticket.code, ticket.private_token
    expect(page.get_by_test_id("ticket-short-code")).to_have_text(codes.short_code(code))
    expect(page.get_by_test_id("ticket-days")).to_contain_text(local_today().strftime("%d/%m/%Y"))
    expect(page.get_by_test_id("ticket-mail")).to_contain_text("Đã gửi")  # the catcher took it
    qr = page.get_by_test_id("ticket-qr")
    expect(qr).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=qr.element_handle())
    [found] = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.screenshot())))
    assert found.text == code
    expect(page.get_by_test_id("ticket-page")).to_have_attribute("href", f"/tickets/{token}")
    shot(page, f"done-{screen}")

    page.reload()  # still there on refresh
    expect(page.get_by_test_id("ticket-short-code")).to_have_text(codes.short_code(code))

    page.get_by_test_id("dev-mailbox-link").click()
    expect(page.get_by_role("heading", name="Hộp thư phát triển")).to_be_visible()
    shot(page, f"mailbox-{screen}")
    page.get_by_test_id("devmail-list").get_by_role("link").filter(has_text=email).click()
    expect(page.get_by_test_id("devmail-subject")).to_contain_text("Hội chợ Quà tặng thủ công mỹ nghệ Hà Nội")
    expect(page.frame_locator("iframe.devmail-frame").get_by_text("Xin chào Nguyễn Thị Lan,")).to_be_visible()
    shot(page, f"mail-{screen}")
    with page.expect_download() as download_info:
        page.get_by_test_id("devmail-attachments").get_by_role("link", name=f"ve-{ticket.id}.pdf").click()
    pdf = pypdfium2.PdfDocument(Path(download_info.value.path()).read_bytes())
    [in_pdf] = zxingcpp.read_barcodes(pdf[0].render(scale=200 / 72).to_pil())
    assert in_pdf.text == code
    page.get_by_role("tab", name="Văn bản").click()
    expect(page.get_by_test_id("devmail-text")).to_contain_text(f"/tickets/{token}")
    console.assert_clean()
