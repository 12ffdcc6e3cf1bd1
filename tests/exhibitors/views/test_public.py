"""The public floor plan and directory through the test client."""
import json
import re

from fairapp.core.fairs import local_today
from fairapp.exhibitors.models import ExhibitorApplication
from fairapp.exhibitors.services import invoices
from fairapp.extensions import db
from tests.exhibitors.conftest import SLUG, user_by_email
from tests.exhibitors.services.test_applications import submit


def test_floor_plan_page_carries_halls_legend_and_links(client, fair):
    assert client.get("/exhibitors/floor-plan").headers["Location"] == f"/exhibitors/{SLUG}/floor-plan"
    page = client.get(f"/exhibitors/{SLUG}/floor-plan").get_data(as_text=True)
    halls = json.loads(re.search(r'id="plan-halls">(.*?)</script>', page).group(1))
    assert halls == [
        {"code": "A", "name": "Nhà A", "width": 40.0, "depth": 30.0,
         "counts": {"available": 10, "held": 0, "reserved": 0, "confirmed": 0, "blocked": 1}},
        {"code": "B", "name": "Nhà B", "width": 30.0, "depth": 20.0,
         "counts": {"available": 1, "held": 0, "reserved": 0, "confirmed": 0, "blocked": 0}}]
    for label in ("Còn trống", "Đang giữ chỗ", "Đã đặt", "Đã xác nhận", "Không sử dụng"):
        assert label in page
    assert f'data-booths-url="/api/v1/fairs/{SLUG}/booths"' in page
    assert 'data-can-hold="no"' in page and f'href="/exhibitors/{SLUG}/exhibitors"' in page
    assert "<script>" not in page.replace('<script type="application/json"', "")  # no inline code (CSP)
    home = client.get("/").get_data(as_text=True)
    assert f"/exhibitors/{SLUG}/floor-plan" in home and f"/exhibitors/{SLUG}/exhibitors" in home


def confirm(app, application_id, boss):
    with app.test_request_context():
        from fairapp.exhibitors.services import applications

        application = db.session.get(ExhibitorApplication, application_id)
        invoice = applications.approve(application, user_by_email(boss))
        invoices.record_payment(invoice, amount_vnd=invoice.total_vnd, paid_on=local_today(),
                                bank_reference=f"FT{application_id:06d}", actor=user_by_email(boss))
        db.session.commit()


def test_directory_lists_confirmed_exhibitors_and_searches_without_accents(app, client, fair, exhibitor, make_user):
    boss = make_user("organizer")
    ceramics = submit(app, exhibitor(), booth="A-02")
    silk = submit(app, exhibitor(name="Lụa Vạn Phúc", craft="embroidery", district="Hà Đông",
                                 craft_village="Vạn Phúc", artisan_title=None), booth="A-03")
    submit(app, exhibitor(name="Mây tre Phú Vinh", craft="bamboo", district="Chương Mỹ", craft_village="Phú Vinh"),
           booth="A-04")  # applied, not confirmed: not listed
    confirm(app, ceramics, boss)
    confirm(app, silk, boss)
    page = client.get(f"/exhibitors/{SLUG}/exhibitors").get_data(as_text=True)
    assert page.count('data-testid="exhibitor-card"') == 2 and "Mây tre Phú Vinh" not in page
    assert "Nghệ nhân Ưu tú (2019)" in page and "Gian hàng A-02" in page
    found = client.get(f"/exhibitors/{SLUG}/exhibitors?q=bat+trang").get_data(as_text=True)
    assert "HTX Gốm sứ Bát Tràng" in found and "Lụa Vạn Phúc" not in found
    found = client.get(f"/exhibitors/{SLUG}/exhibitors?q=VAN+PHUC").get_data(as_text=True)
    assert "Lụa Vạn Phúc" in found and "HTX Gốm sứ Bát Tràng" not in found
    found = client.get(f"/exhibitors/{SLUG}/exhibitors?q=ha+dong&craft=embroidery").get_data(as_text=True)
    assert found.count('data-testid="exhibitor-card"') == 1
    found = client.get(f"/exhibitors/{SLUG}/exhibitors?q=a-03").get_data(as_text=True)
    assert "Lụa Vạn Phúc" in found
    found = client.get(f"/exhibitors/{SLUG}/exhibitors?q=%25").get_data(as_text=True)
    assert found.count('data-testid="exhibitor-card"') == 0  # a % is a character, not a wildcard
