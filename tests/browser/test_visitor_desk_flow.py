"""Gate staff register a walk-in on a tablet and get the badge page; an organiser watches attendance:
the chart is drawn by our JS and refreshes itself when new scans arrive."""
import pytest
from playwright.sync_api import expect

from fairapp.core.fairs import local_today
from fairapp.extensions import db
from fairapp.visitors.models import Scan, Ticket
from tests.browser.conftest import DESKTOP
from tests.conftest import PASSWORD
from tests.visitors.conftest import fair, issue, local_moment, scans  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser
TABLET = {"width": 1024, "height": 768}


def sign_in(page, email):
    page.goto("/auth/login")
    page.get_by_label("E-mail", exact=True).fill(email)
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(page.get_by_role("button", name="Đăng xuất", exact=True)).to_be_visible()


def test_walk_in_in_a_few_taps(new_page, app, make_user, fair, console):  # noqa: F811
    page = new_page(viewport=TABLET)
    sign_in(page, make_user("gate"))
    page.get_by_role("link", name="Quầy đăng ký").click()
    page.get_by_label("Họ và tên").fill("Quách Thị Ngọc Diệp")
    page.get_by_label("Đơn vị (không bắt buộc)").fill("Làng lụa Vạn Phúc")
    page.get_by_text("Khách thương mại", exact=True).click()  # a big toggle button
    expect(page.get_by_label(local_today().strftime("%d/%m/%Y"))).to_be_checked()
    page.get_by_role("button", name="Đăng ký và in thẻ").click()
    expect(page.get_by_role("heading", name="Quách Thị Ngọc Diệp")).to_be_visible()
    expect(page.get_by_role("button", name="In", exact=True)).to_be_visible()  # shown by kiosk.js
    # Printing at once is a per-device choice (off here: headless Chromium has no printer to talk to).
    expect(page.get_by_label("Trên thiết bị này, in thẻ ngay khi thẻ mở ra")).not_to_be_checked()
    frame = page.locator("iframe#kiosk-badge")
    with app.app_context():
        ticket = db.session.query(Ticket).one()
        assert ticket.source == "kiosk" and ticket.type.code == "trade" and ticket.printed_at is not None
    expect(frame).to_have_attribute("src", f"/kiosk/tickets/{ticket.id}/badge.pdf")
    page.get_by_role("link", name="Khách tiếp theo").click()
    expect(page.get_by_label("Họ và tên")).to_have_value("")
    console.assert_clean()


def test_attendance_chart_draws_and_refreshes_itself(new_page, app, make_user, scans, console):  # noqa: F811
    page = new_page(viewport=DESKTOP)
    sign_in(page, make_user("organizer"))
    page.goto(f"/visitors/admin/attendance?day={scans.isoformat()}")
    chart = page.locator("svg#att-chart")
    expect(chart).to_be_visible()
    hours = page.locator("#att-hours tr").count()
    expect(chart.locator("rect.bar-in")).to_have_count(hours + 1)  # one per hour, one in the legend
    expect(page.locator("#att-inside")).to_have_text("3")
    with app.app_context():
        ticket = db.session.query(Ticket).filter_by(name="Nguyễn Văn An").one()
        db.session.add(Scan(fair_id=ticket.fair_id, ticket_id=ticket.id, direction="in", result="ok",
                            code_excerpt="CODE", day=scans, recorded_at=local_moment(scans, 13, 5),
                            answer={"result": "ok"}))
        db.session.commit()
    # No reload: the page polls every 5 s and redraws (a bound for a busy machine, not a speed test).
    expect(page.locator("#att-inside")).to_have_text("4", timeout=60_000)
    expect(page.locator("#att-entries")).to_have_text("6")
    expect(page.locator("#att-hours tr", has_text="13:00")).to_contain_text("1")
    console.assert_clean()
