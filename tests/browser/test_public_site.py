"""A visitor's first look, on a laptop and on a phone: the home page, the directory searched without
accents or spaces, an exhibitor's page, and its booth opened on the floor plan; no console error."""
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from fairapp.exhibitors.models import ExhibitorProfile
from fairapp.exhibitors.services.profiles import add_photos
from fairapp.extensions import db
from tests.browser.conftest import PHONE
from tests.exhibitors.conftest import SLUG, build_fair, exhibitor, jpeg_bytes, user_by_email  # noqa: F401
from tests.exhibitors.services.test_applications import submit
from tests.exhibitors.views.test_public import confirm

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 850}


@pytest.fixture
def fair(app):
    with app.app_context():
        build_fair()
        db.session.commit()
    return SLUG


@pytest.fixture
def confirmed(app, fair, exhibitor, make_user):
    """Bát Tràng confirmed on A-07 with two photos and its phone published; Vạn Phúc confirmed on A-03."""
    boss = make_user("organizer")
    ceramics = exhibitor(publish_phone=True)
    silk = exhibitor(name="Lụa Vạn Phúc", craft="embroidery", district="Hà Đông", craft_village="Vạn Phúc",
                     artisan_title=None)
    with app.app_context():
        user = user_by_email(ceramics)
        profile = db.session.scalar(select(ExhibitorProfile).where(ExhibitorProfile.user_id == user.id))
        add_photos(profile, user, [jpeg_bytes((640, 480), (176, 94, 50)), jpeg_bytes((640, 480), (40, 90, 160))])
        db.session.commit()
    confirm(app, submit(app, ceramics, booth="A-07", products="Bình hút lộc men rạn, ấm chén men lam"), boss)
    confirm(app, submit(app, silk, booth="A-03"), boss)


def shot(page, request, step):
    folder = Path(request.config.rootpath) / "test-results"
    folder.mkdir(exist_ok=True)
    size = page.viewport_size
    page.screenshot(path=str(folder / f"public-site-{size['width']}x{size['height']}-{step}.png"), full_page=True)


@pytest.mark.parametrize("page_viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_home_directory_exhibitor_page_and_its_booth_on_the_plan(page, console, confirmed, request):
    page.goto("/")
    hero = page.get_by_test_id("home-hero")
    expect(hero.get_by_role("heading", level=1)).to_have_text("Hội chợ Quà tặng hàng thủ công mỹ nghệ Hà Nội 2026")
    expect(page.get_by_test_id("fair-hours")).to_have_text("08:00 – 21:00")
    expect(page.get_by_test_id("home-register")).to_have_attribute("href", "/register")
    expect(page.get_by_test_id("highlight-card")).to_have_count(2)
    expect(page.get_by_test_id("venue-map")).to_be_visible()
    shot(page, request, "1-home")

    page.get_by_role("link", name="Xem các đơn vị trưng bày").click()
    expect(page).to_have_url(re.compile(rf"/exhibitors/{SLUG}/exhibitors$"))
    expect(page.get_by_test_id("exhibitor-card")).to_have_count(2)
    search = page.get_by_label("Tìm theo tên, làng nghề hoặc quận/huyện")
    search.fill("battrang")
    search.press("Enter")
    expect(page.get_by_test_id("exhibitor-card")).to_have_count(1)
    shot(page, request, "2-directory")

    page.get_by_role("link", name="HTX Gốm sứ Bát Tràng").click()
    expect(page.get_by_test_id("exhibitor-name")).to_have_text("HTX Gốm sứ Bát Tràng")
    expect(page.get_by_test_id("exhibitor-booth")).to_have_text("A-07")
    contact = page.get_by_test_id("exhibitor-contact")
    expect(contact).to_contain_text("0912 345 678")
    expect(contact).not_to_contain_text("gom@battrang.example.vn")  # the e-mail was not published
    expect(page.get_by_test_id("exhibitor-photo").locator("img")).to_have_js_property("complete", True)
    shot(page, request, "3-exhibitor")

    page.get_by_test_id("booth-on-plan").click()
    expect(page).to_have_url(re.compile(rf"/exhibitors/{SLUG}/floor-plan\?booth=A-07$"))
    expect(page.locator("g[data-code='A-07']")).to_have_class(re.compile(r"\bbooth-selected\b"))
    expect(page.get_by_test_id("booth-panel").get_by_role("heading")).to_have_text("Gian hàng A-07")
    expect(page.locator("#plan-hall")).to_have_value("A")
    back = page.get_by_test_id("booth-exhibitor")  # the plan names who is on the booth, and links back
    expect(page.get_by_test_id("booth-panel")).to_contain_text("HTX Gốm sứ Bát Tràng")
    expect(back).to_have_attribute("href", re.compile(rf"/exhibitors/{SLUG}/exhibitors/\d+$"))
    shot(page, request, "4-floor-plan")
    page.locator("g[data-code='A-05']").click()  # an available booth: no exhibitor named
    expect(back).to_be_hidden()
    expect(page).to_have_url(re.compile(r"\?booth=A-05$"))
    console.assert_clean()


def test_a_booth_in_another_hall_opens_that_hall(page, console, fair):
    page.goto(f"/exhibitors/{SLUG}/floor-plan#booth=B-01")
    expect(page.locator("#plan-hall")).to_have_value("B")
    expect(page.locator("g[data-code='B-01']")).to_have_class(re.compile(r"\bbooth-selected\b"))
    expect(page).to_have_url(re.compile(r"/floor-plan\?booth=B-01$"))  # the address now names it plainly
    page.goto(f"/exhibitors/{SLUG}/floor-plan?booth=Z-99")  # unknown: the plan opens as usual
    expect(page.locator("g[data-code='A-01']")).to_be_visible()
    expect(page.get_by_test_id("booth-panel")).to_contain_text("Chạm vào một gian hàng")
    console.assert_clean()
