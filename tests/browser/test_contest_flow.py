"""The contest in a real browser: an entrant submits an entry with a photo, a juror scores it
without ever seeing who made it, and the organiser sees it in the ranking."""
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.conftest import DESKTOP
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

ENTRANT = "Hoàng Thị Ngọc Lan"
MAKER = "Đào Văn Khuê"
BUSINESS = "Xưởng Sơn Mài Hạ Thái Xanh"


@pytest.fixture
def page_viewport():
    return DESKTOP


@pytest.fixture
def contest(app):
    """A contest open for entries, one round with the Hanoi rubric, one juror per entry."""
    from datetime import date, timedelta

    from fairapp.contest.services.assignment import add_to_panel
    from fairapp.contest.demo import add_hanoi_rubric
    from fairapp.contest.models import Contest, ContestCategory
    from fairapp.contest.services import setup
    from fairapp.core.auth.services import new_user
    from fairapp.core.db import utcnow
    from fairapp.core.models import Fair
    from fairapp.demo import CATEGORIES
    from fairapp.extensions import db

    with app.app_context():
        today = date.today()
        fair = Fair(slug="browser-fair", name="Hội chợ", venue="Hà Nội", starts_on=today + timedelta(days=30),
                    ends_on=today + timedelta(days=33))
        contest = Contest(fair=fair, year=today.year, name="Cuộc thi thiết kế",
                          submissions_open_at=utcnow() - timedelta(days=1),
                          submissions_close_at=utcnow() + timedelta(days=1))
        db.session.add_all([fair, contest])
        for position, (code, name, name_en) in enumerate(CATEGORIES):
            db.session.add(ContestCategory(contest=contest, code=code, name=name, name_en=name_en, position=position))
        db.session.flush()
        round_ = setup.add_round(contest, name="Vòng sơ khảo", name_en="Online round")
        setup.update_round(round_, name="Vòng sơ khảo", jurors_per_entry=1, quorum=1, normalisation_min_entries=10,
                           disagreement_points=4, advance_percent=30)
        add_hanoi_rubric(round_)
        new_user(email="nghenhan@example.vn", name=ENTRANT, role="exhibitor", password=PASSWORD, confirmed=True)
        new_user(email="btc@example.vn", name="Ban Tổ Chức", role="organizer", password=PASSWORD, confirmed=True)
        juror = new_user(email="gk@example.vn", name="Giám Khảo Một", role="juror", password=PASSWORD, confirmed=True)
        for category in contest.categories:
            add_to_panel(category, juror)
        db.session.commit()
        return round_.id


def sign_in(page, email):
    page.goto("/auth/login")
    page.get_by_label("E-mail", exact=True).fill(email)
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(page.get_by_role("button", name="Đăng xuất", exact=True)).to_be_visible()


def photo_file(tmp_path):
    from fairapp.contest.demo import demo_photo

    path = tmp_path / f"{MAKER} - ảnh gốc.png"
    path.write_bytes(demo_photo(3))
    return path


def test_submit_score_blind_and_rank(app, contest, new_page, tmp_path, console, mailbox):
    from fairapp.contest.services.assignment import auto_assign
    from fairapp.contest.models import ContestEntry, ContestRound
    from fairapp.contest.services import entries, setup
    from fairapp.extensions import db

    entrant = new_page(viewport=DESKTOP)
    sign_in(entrant, "nghenhan@example.vn")
    entrant.get_by_role("link", name="Bài dự thi của tôi").first.click()
    entrant.get_by_role("link", name="Gửi bài dự thi").click()
    entrant.get_by_label("Tên mẫu thiết kế").fill("Hộp sơn mài Chim Lạc")
    entrant.get_by_label("Hạng mục").select_option(label="Sơn mài")
    entrant.get_by_label("Mô tả").fill("Hộp đựng trà sơn mài, vẽ chim Lạc bằng vàng quỳ.")
    entrant.get_by_label("Chất liệu").fill("Gỗ, sơn ta, vàng quỳ")
    entrant.get_by_label("Kích thước (cm)").fill("20 × 12 × 8")
    entrant.get_by_label("Tác giả thiết kế").fill(MAKER)
    entrant.get_by_label("Người chế tác").fill(MAKER)
    entrant.get_by_label("Cơ sở sản xuất, kinh doanh").fill(BUSINESS)
    entrant.get_by_label("Làng nghề").fill("Hạ Thái")
    entrant.locator("#photos").set_input_files(str(photo_file(tmp_path)))
    for label in ("Mẫu thiết kế mới trong năm nay", "Mẫu thiết kế là sáng tác gốc", "Mẫu thiết kế không vi phạm"):
        entrant.get_by_label(re.compile(label)).check()
    entrant.get_by_role("button", name="Gửi bài dự thi").click()
    expect(entrant.get_by_role("alert")).to_contain_text("Đã gửi bài dự thi TK-")
    code = re.search(r"TK-\d{4}-\d{4}", entrant.get_by_role("alert").inner_text()).group(0)
    expect(entrant.locator("img.contest-thumb")).to_have_count(1)

    with app.app_context():  # the secretariat screens it and the round opens
        entry = db.session.scalar(select(ContestEntry).where(ContestEntry.code == code))
        entries.screen_entry(entry, eligible=True)
        round_ = db.session.get(ContestRound, contest)
        setup.open_round(round_)
        auto_assign(round_)
        db.session.commit()

    juror = new_page(viewport=DESKTOP)
    sign_in(juror, "gk@example.vn")
    juror.get_by_role("link", name="Tác phẩm cần chấm").first.click()
    juror.get_by_role("link", name="Mở danh sách bài của tôi").click()
    expect(juror.get_by_test_id("entries-left")).to_have_text("Còn 1/1 bài cần chấm.")
    juror.get_by_role("link", name=re.compile(code)).click()
    expect(juror.get_by_role("heading", level=1)).to_contain_text(code)
    html = juror.content()
    for secret in (ENTRANT, MAKER, BUSINESS, "Hạ Thái", "ảnh gốc", "nghenhan@example.vn"):
        assert secret not in html, secret
    for select_box in juror.locator("select.score-select").all():
        select_box.select_option("8")
    juror.get_by_role("button", name="Nộp điểm").click()
    expect(juror.get_by_role("alert")).to_have_text(f"Đã nộp điểm bài {code}.")
    expect(juror.get_by_test_id("entries-left")).to_have_text("Còn 0/1 bài cần chấm.")
    assert ENTRANT not in juror.content()

    organiser = new_page(viewport=DESKTOP)
    sign_in(organiser, "btc@example.vn")
    organiser.goto("/contest/admin/")
    organiser.get_by_role("link", name="Xếp hạng").first.click()
    organiser.get_by_role("link", name="Sơn mài").click()
    table = organiser.get_by_test_id("ranking-table")
    expect(table).to_contain_text(code)
    expect(table.locator("tbody tr").first.locator("td").first).to_have_text("1")
    expect(organiser.get_by_test_id("ranking-method")).to_contain_text("trung bình tổng điểm có trọng số")
    console.assert_clean()
