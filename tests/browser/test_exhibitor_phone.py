"""On a 390 × 844 phone: the floor plan opens zoomed in with tappable booths, finds a booth by its
code, shows it in a bottom sheet and zooms; the artisan pays from the invoice page with copy buttons."""
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from fairapp.exhibitors.models import Invoice
from fairapp.extensions import db
from tests.browser.test_exhibitor_flow import sign_in
from tests.exhibitors.conftest import SLUG, build_fair, exhibitor  # noqa: F401 (a fixture)
from tests.exhibitors.services.test_applications import organiser, submit
from tests.exhibitors.services.test_invoices import approve

pytestmark = pytest.mark.browser


@pytest.fixture
def fair(app):
    with app.app_context():
        build_fair()
        db.session.commit()
    return SLUG


def shot(request, page, name):
    folder = Path(request.config.rootpath) / "test-results"
    folder.mkdir(exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"))


def scale(page):
    return float(page.get_by_test_id("plan-svg").get_attribute("data-scale"))


def test_floor_plan_on_a_phone_search_sheet_and_zoom(page, fair, console, request):
    page.goto(f"/exhibitors/{SLUG}/floor-plan")
    expect(page.locator("#floor-plan")).to_have_attribute("data-loaded", "yes")
    # Zoomed in on the hall: a standard 3 × 3 m booth is a real tap target, not a speck.
    box = page.locator("g[data-code='A-02']").bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    legend = page.get_by_test_id("plan-legend")
    expect(legend.locator("[data-count=available]")).to_have_text("(10)")  # hall A alone

    page.get_by_test_id("plan-search").fill("a7")
    page.get_by_test_id("plan-search").press("Enter")
    sheet = page.get_by_test_id("booth-panel")
    expect(sheet).to_have_class(re.compile(r"\bis-open\b"))
    heading = sheet.get_by_role("heading", name="Gian hàng A-07")
    expect(heading).to_be_visible()
    expect(heading).to_be_focused()
    # Slid all the way up: its bottom edge is the screen's.
    page.wait_for_function("() => Math.abs(document.getElementById('booth-panel').getBoundingClientRect().bottom"
                           " - window.innerHeight) < 1")
    sheet_box = sheet.bounding_box()
    assert sheet_box["y"] + sheet_box["height"] <= 844 + 1 and sheet_box["y"] > 300  # slid up from the bottom
    expect(page.locator("g[data-code='A-07']")).to_have_class(re.compile("booth-selected"))
    expect(page).to_have_url(re.compile(r"\?booth=A-07$"))
    booth = page.locator("g[data-code='A-07']").bounding_box()
    assert 0 <= booth["y"] and booth["y"] + booth["height"] <= sheet_box["y"]  # above the sheet, not under it
    shot(request, page, "phone-floor-plan-sheet")

    page.keyboard.press("Escape")
    expect(sheet).not_to_have_class(re.compile(r"\bis-open\b"))
    expect(page.locator("g[data-code='A-07']")).to_be_focused()

    before = scale(page)
    page.get_by_test_id("zoom-in").click()
    assert scale(page) > before
    page.get_by_test_id("zoom-out").click()
    page.get_by_test_id("zoom-out").click()
    assert scale(page) < before
    page.get_by_test_id("zoom-reset").click()
    assert scale(page) == before

    # Another hall: the plan switches to it and the legend counts its booths.
    page.get_by_test_id("plan-search").fill("B-01")
    page.get_by_test_id("plan-search").press("Enter")
    expect(page.get_by_label("Nhà", exact=True)).to_have_value("B")
    expect(legend.locator("[data-count=available]")).to_have_text("(1)")
    expect(sheet.get_by_role("heading")).to_have_text("Gian hàng B-01")
    page.get_by_test_id("sheet-close").click()
    expect(sheet).not_to_have_class(re.compile(r"\bis-open\b"))

    page.get_by_test_id("plan-search").fill("Z-99")
    page.get_by_test_id("plan-search").press("Enter")
    expect(page.locator("#plan-search-message")).to_contain_text("Hội chợ không có gian hàng Z-99")
    shot(request, page, "phone-floor-plan-zoom")
    console.assert_clean()


def test_the_artisan_copies_the_transfer_details_on_a_phone(page, app, fair, exhibitor, make_user, live_server,
                                                           console, request):
    email = exhibitor()
    invoice_id = approve(app, organiser(make_user), submit(app, email, booth="A-02"))
    with app.app_context():
        code = db.session.get(Invoice, invoice_id).code
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    sign_in(page, email)
    page.goto("/exhibitors/my")
    page.get_by_test_id("invoice-pay").click()
    expect(page.get_by_role("heading", name=code)).to_be_visible()
    qr = page.get_by_test_id("invoice-qr")
    expect(qr).to_be_attached()
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", qr.element_handle())

    button = page.get_by_test_id("copy-account")
    button.click()
    expect(button).to_contain_text("Đã sao chép")
    assert page.evaluate("navigator.clipboard.readText()") == "113366668888"
    page.get_by_test_id("copy-amount").click()
    assert page.evaluate("navigator.clipboard.readText()") == "13200000"  # digits only, as banking apps want
    page.get_by_test_id("copy-content").click()
    assert page.evaluate("navigator.clipboard.readText()") == code.replace("-", " ")
    expect(page.locator(".copy-status")).to_contain_text("Đã sao chép")
    box = button.bounding_box()
    assert box["height"] >= 44
    shot(request, page, "phone-invoice-copied")
    console.assert_clean()
