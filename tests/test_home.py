"""The public home page presents the fair: dates, hours, venue and map, programme, a few confirmed
exhibitors, figures, the contest and the call to register; with an empty state before any of it exists."""
import re

from fairapp.core.models import Fair
from fairapp.extensions import db
from tests.contest.conftest import submit, world  # noqa: F401  (fixtures)
from tests.exhibitors.conftest import SLUG, exhibitor, fair  # noqa: F401  (fixtures)
from tests.exhibitors.services.test_applications import submit as apply_for
from tests.exhibitors.views.test_exhibitor_pages import profile_id
from tests.exhibitors.views.test_public import confirm


def home(client):
    response = client.get("/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_before_any_fair_the_home_page_says_so(client):
    page = home(client)
    assert 'data-testid="home-empty"' in page and "Hội chợ kỳ tới chưa được công bố" in page
    assert 'href="/contest/"' in page


def test_home_presents_the_fair_with_its_dates_hours_venue_and_register_call(app, client, fair):
    with app.app_context():
        the_fair = db.session.scalar(db.select(Fair))
        dates = f"{the_fair.starts_on:%d/%m/%Y} – {the_fair.ends_on:%d/%m/%Y}"
    page = home(client)
    assert "Hội chợ Quà tặng hàng thủ công mỹ nghệ Hà Nội 2026" in page
    assert re.search(r'data-testid="fair-dates">\s*' + re.escape(dates), page)
    assert re.search(r'data-testid="fair-hours">\s*08:00 – 21:00', page)
    assert '<p data-testid="venue-address">2 Hoa Lư, Hai Bà Trưng, Hà Nội</p>' in page
    assert 'src="/static/img/venue-hoa-lu.svg"' in page and client.get("/static/img/venue-hoa-lu.svg").status_code == 200
    assert 'href="/register" data-testid="home-register"' in page
    assert "Còn 30 ngày nữa khai mạc" in page
    # The programme: each of the four days with its opening hours.
    programme = page[page.index('data-testid="home-programme"'):]
    assert programme.count("08:00 – 21:00") >= 4 and f"{the_fair.starts_on:%d/%m/%Y}" in programme
    # No confirmed exhibitor yet: the page says so instead of an empty grid.
    assert 'data-testid="home-no-exhibitors"' in page and 'data-testid="highlight-card"' not in page
    assert f'href="/exhibitors/{SLUG}/exhibitors"' in page and f'href="/exhibitors/{SLUG}/floor-plan"' in page


def test_home_highlights_confirmed_exhibitors_only(app, client, fair, exhibitor, make_user):
    boss = make_user("organizer")
    confirmed = exhibitor()
    applied = exhibitor(name="Mây tre Phú Vinh", craft="bamboo", district="Chương Mỹ", craft_village="Phú Vinh")
    confirm(app, apply_for(app, confirmed, booth="A-02"), boss)
    apply_for(app, applied, booth="A-03")
    page = home(client)
    assert page.count('data-testid="highlight-card"') == 1
    assert (f'href="/exhibitors/{SLUG}/exhibitors/{profile_id(app, confirmed)}">HTX Gốm sứ Bát Tràng</a>'
            in page)
    assert "Mây tre Phú Vinh" not in page
    figures = page[page.index('data-testid="home-figures"'):page.index("</section>", page.index('data-testid="home-figures"'))]
    # 11 bookable booths (A-99 is blocked), one confirmed exhibitor, one craft village, no contest entries.
    assert re.findall(r'class="home-figure">(\d+)<', figures) == ["11", "1", "1", "0"]


def test_home_shows_the_contest_and_counts_its_entries(client, world, submit):
    submit()
    submit(title="Mẫu thứ hai")
    page = home(client)
    contest = page[page.index('data-testid="home-contest"'):]
    assert "Cuộc thi thiết kế thử" in contest and "Đang nhận bài đến" in contest and "90 giải thưởng" in contest
    figures = page[page.index('data-testid="home-figures"'):]
    assert re.findall(r'class="home-figure">(\d+)<', figures)[3] == "2"
    assert 'data-testid="venue-map"' not in page  # "Hà Nội" alone: no map drawn for it, the address only
