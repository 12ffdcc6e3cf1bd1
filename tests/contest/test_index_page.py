"""The contest's public page: rules, timeline, the six categories, prizes, the winners' gallery once
published (a note before), and the call to enter for each kind of visitor."""
import re

from tests.contest.conftest import publish


def index(client):
    response = client.get("/contest/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def section(page, testid):
    start = page.index(f'data-testid="{testid}"')
    return page[start:page.index("</section>", start)]


def test_without_a_contest_the_page_says_it_is_not_announced(client):
    page = index(client)
    assert "Cuộc thi năm nay chưa được phát động" in page


def test_the_call_for_entries_has_rules_timeline_categories_and_prizes(client, world):
    page = index(client)
    assert "Cuộc thi thiết kế thử" in page and "Đang nhận bài đến" in page
    timeline = section(page, "contest-timeline")
    assert "Đăng ký" in timeline and "(giờ Hà Nội)" in timeline
    assert re.search(r"\d\d/\d\d/\d{4} \d\d:\d\d", timeline)  # the window, dd/mm/yyyy HH:mm
    assert "Vòng sơ khảo" in timeline and "Vòng chung khảo" in timeline and "Trao giải tại hội chợ" in timeline
    rules = section(page, "contest-rules")
    assert "sở hữu trí tuệ" in rules and "6 ảnh" in rules and "trọng số" in rules
    categories = section(page, "contest-categories")
    assert categories.count("<li>") == 6
    prizes = section(page, "contest-prizes")
    assert "Tổng cộng 90 giải" in prizes
    # The totals row: 6 first, 18 second, 24 third, 42 consolation prizes.
    assert re.findall(r'<th class="text-end">(\d+)</th>', prizes) == ["6", "18", "24", "42"]
    gallery = section(page, "contest-gallery")
    assert 'data-testid="gallery-empty"' in gallery and "Chưa có kết quả" in gallery
    # A guest is asked to sign up (entries open) or to sign in to their entries.
    assert 'href="/auth/signup" data-testid="contest-enter"' in page
    assert 'href="/auth/login?next=/contest/entries"' in page


def test_an_entrant_is_sent_to_submit_and_to_their_entries(client_as, world):
    page = index(client_as(world.entrant))
    assert 'href="/contest/entries/new" data-testid="contest-enter"' in page
    assert 'href="/contest/entries"' in page and "/auth/signup" not in page


def test_published_winners_fill_the_gallery(app, client, world, final_results):
    page = index(client)
    assert 'data-testid="winner-card"' not in page  # prizes given, not yet published
    publish(app, world)
    page = index(client)
    gallery = section(page, "contest-gallery")
    assert gallery.count('data-testid="winner-card"') == 3
    assert "Mẫu A" in gallery and "Giải Nhất" in gallery
    assert 'href="/contest/results"' in gallery
