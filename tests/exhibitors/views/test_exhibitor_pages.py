"""The public exhibitor pages and the directory's search, through the test client: only confirmed
exhibitors, only the contact they chose to publish, and search that minds neither accents nor spaces."""
import json
import re

import pytest
from sqlalchemy import select

from fairapp.core.uploads import StoredImage
from fairapp.exhibitors.models import ExhibitorProfile
from fairapp.exhibitors.services.profiles import add_photos
from fairapp.extensions import db
from tests.conftest import post_form
from tests.exhibitors.conftest import SLUG, build_fair, jpeg_bytes, signed_in_client, user_by_email
from tests.exhibitors.services.test_applications import submit
from tests.exhibitors.views.test_exhibitor import profile_form
from tests.exhibitors.views.test_public import confirm

DIRECTORY = f"/exhibitors/{SLUG}/exhibitors"


def profile_id(app, email):
    with app.app_context():
        return db.session.scalar(select(ExhibitorProfile.id).where(ExhibitorProfile.user_id == user_by_email(email).id))


@pytest.fixture
def listed(app, fair, exhibitor, make_user):
    """Bát Tràng (A-02, two photos) and Vạn Phúc (A-03) confirmed; Phú Vinh (A-04) only applied."""
    boss = make_user("organizer")
    ceramics = exhibitor()
    silk = exhibitor(name="Lụa Vạn Phúc", craft="embroidery", district="Hà Đông", craft_village="Vạn Phúc",
                     artisan_title=None, phone="0987 654 321", email="lua@vanphuc.example.vn")
    bamboo = exhibitor(name="Mây tre Phú Vinh", craft="bamboo", district="Chương Mỹ", craft_village="Phú Vinh",
                       email="may@phuvinh.example.vn")
    with app.app_context():
        profile = db.session.get(ExhibitorProfile, profile_id(app, ceramics))
        add_photos(profile, user_by_email(ceramics), [jpeg_bytes(color=(180, 90, 40)), jpeg_bytes(color=(40, 90, 180))])
        db.session.commit()
    confirm(app, submit(app, ceramics, booth="A-02", products="Bình hút lộc men rạn\nẤm chén men lam"), boss)
    confirm(app, submit(app, silk, booth="A-03"), boss)
    submit(app, bamboo, booth="A-04")
    return {"ceramics": ceramics, "silk": silk, "bamboo": bamboo}


def names(client, query="", craft=""):
    page = client.get(DIRECTORY, query_string={"q": query, "craft": craft}).get_data(as_text=True)
    return sorted(re.findall(r'class="stretched-link" href="[^"]+">([^<]+)</a>', page))


@pytest.mark.parametrize("query, found", [
    ("Bát Tràng", ["HTX Gốm sứ Bát Tràng"]),
    ("bat trang", ["HTX Gốm sứ Bát Tràng"]),
    ("battrang", ["HTX Gốm sứ Bát Tràng"]),
    ("BATTRANG", ["HTX Gốm sứ Bát Tràng"]),
    ("  bát   tràng ", ["HTX Gốm sứ Bát Tràng"]),
    ("gia lam battrang", ["HTX Gốm sứ Bát Tràng"]),
    ("Vạn Phúc", ["Lụa Vạn Phúc"]),
    ("van phuc", ["Lụa Vạn Phúc"]),
    ("vanphuc", ["Lụa Vạn Phúc"]),
    ("VAN PHUC", ["Lụa Vạn Phúc"]),
    ("hadong", ["Lụa Vạn Phúc"]),
    ("Nguyễn Văn Đức", ["HTX Gốm sứ Bát Tràng", "Lụa Vạn Phúc"]),
    ("nguyenvanduc", ["HTX Gốm sứ Bát Tràng", "Lụa Vạn Phúc"]),
    ("a-03", ["Lụa Vạn Phúc"]),
    ("phu vinh", []),  # applied, not confirmed
    ("%", []),  # a character, not a wildcard
    ("_", []),
])
def test_directory_search_minds_neither_accents_nor_spaces(client, listed, query, found):
    assert names(client, query) == found


def test_directory_filters_by_craft_and_cards_lead_to_the_exhibitor_pages(app, client, listed):
    assert names(client, craft="embroidery") == ["Lụa Vạn Phúc"]
    assert names(client, "bat trang", craft="embroidery") == []
    assert names(client, craft="no-such-craft") == ["HTX Gốm sứ Bát Tràng", "Lụa Vạn Phúc"]  # ignored
    page = client.get(DIRECTORY).get_data(as_text=True)
    ceramics = profile_id(app, listed["ceramics"])
    assert f'href="/exhibitors/{SLUG}/exhibitors/{ceramics}">HTX Gốm sứ Bát Tràng</a>' in page
    assert f'href="/exhibitors/{SLUG}/floor-plan?booth=A-02"' in page
    assert f'href="{DIRECTORY}?craft=embroidery"' in page  # the craft chips


def test_an_empty_result_says_what_to_try(client, listed):
    page = client.get(DIRECTORY, query_string={"q": "gốm đất nung"}).get_data(as_text=True)
    assert 'data-testid="directory-empty"' in page and "gốm đất nung" in page
    assert "Bạn có thể thử" in page and "A-02" in page and f'href="{DIRECTORY}"' in page


def test_directory_without_confirmed_exhibitors_points_to_the_floor_plan(client, fair):
    page = client.get(DIRECTORY).get_data(as_text=True)
    assert "Chưa có đơn vị trưng bày nào được xác nhận" in page
    assert f'href="/exhibitors/{SLUG}/floor-plan"' in page


def test_exhibitor_page_shows_the_exhibitor_and_its_booth_on_the_plan(app, client, listed):
    page = client.get(f"{DIRECTORY}/{profile_id(app, listed['ceramics'])}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "HTX Gốm sứ Bát Tràng" in html and "Gốm sứ" in html and "Làng nghề: Bát Tràng" in html
    assert "Nghệ nhân Ưu tú (2019) · Nguyễn Văn Đức" in html
    assert "Bình hút lộc men rạn\nẤm chén men lam" in html
    assert f'href="/exhibitors/{SLUG}/floor-plan?booth=A-02"' in html and "Nhà A" in html
    with app.app_context():
        tokens = db.session.scalars(select(StoredImage.token).order_by(StoredImage.id)).all()
    assert len(tokens) == 2
    for token in tokens:  # each photo full size, the second also as a thumbnail
        assert f'href="/photos/{token}.jpg"' in html
    assert f'src="/photos/{tokens[1]}/thumb.jpg"' in html


def test_exhibitor_page_publishes_no_contact_unless_chosen(app, client, listed):
    html = client.get(f"{DIRECTORY}/{profile_id(app, listed['silk'])}").get_data(as_text=True)
    assert "chưa công khai thông tin liên hệ" in html
    assert "0987 654 321" not in html and "+84987654321" not in html and "tel:" not in html
    assert "lua@vanphuc.example.vn" not in html


@pytest.mark.parametrize("ticked, shown, hidden", [
    ({"publish_phone": "y"}, ['href="tel:+84987654321"', "0987 654 321"], ["lua@vanphuc.example.vn"]),
    ({"publish_email": "y"}, ['href="mailto:lua@vanphuc.example.vn"'], ["0987 654 321", "+84987654321", "tel:"]),
    ({"publish_phone": "y", "publish_email": "y"}, ["0987 654 321", "lua@vanphuc.example.vn"], []),
])
def test_the_exhibitor_chooses_what_contact_is_published(app, client, listed, ticked, shown, hidden):
    exhibitor = signed_in_client(app, listed["silk"])
    form = exhibitor.get("/exhibitors/profile").get_data(as_text=True)
    for name in ("publish_phone", "publish_email"):  # offered, and unticked until the exhibitor ticks it
        assert re.search(rf'<input[^>]*id="{name}"[^>]*>', form) and not re.search(
            rf'<input[^>]*checked[^>]*id="{name}"|<input[^>]*id="{name}"[^>]*checked', form)
    values = profile_form(name="Lụa Vạn Phúc", craft="embroidery", district="Hà Đông", craft_village="Vạn Phúc",
                          artisan_title=None, artisan_title_year=None, artisan_decision_no="",
                          phone="0987 654 321", email="lua@vanphuc.example.vn")
    values["artisan_title"] = ""  # the select's "None"
    response = post_form(exhibitor, "/exhibitors/profile", {**values, **ticked}, page="/exhibitors/profile",
                         content_type="multipart/form-data")
    assert response.status_code == 302
    html = client.get(f"{DIRECTORY}/{profile_id(app, listed['silk'])}").get_data(as_text=True)
    for text in shown:
        assert text in html
    for text in hidden:
        assert text not in html
    # Unticking withdraws the consent: the page shows nothing again.
    post_form(exhibitor, "/exhibitors/profile", values, page="/exhibitors/profile", content_type="multipart/form-data")
    html = client.get(f"{DIRECTORY}/{profile_id(app, listed['silk'])}").get_data(as_text=True)
    assert "0987 654 321" not in html and "lua@vanphuc.example.vn" not in html


def test_exhibitor_page_is_a_404_for_anyone_not_confirmed_at_this_fair(app, client, listed):
    assert client.get(f"{DIRECTORY}/{profile_id(app, listed['bamboo'])}").status_code == 404  # only applied
    assert client.get(f"{DIRECTORY}/999999").status_code == 404
    with app.app_context():
        build_fair(slug="hoi-cho-khac")
        db.session.commit()
    ceramics = profile_id(app, listed["ceramics"])
    assert client.get(f"/exhibitors/hoi-cho-khac/exhibitors/{ceramics}").status_code == 404  # another fair
    assert client.get(f"/exhibitors/khong-co/exhibitors/{ceramics}").status_code == 404


def test_the_floor_plan_names_the_exhibitor_of_each_confirmed_booth(app, client, listed):
    page = client.get(f"/exhibitors/{SLUG}/floor-plan").get_data(as_text=True)
    exhibitors = json.loads(re.search(r'id="plan-exhibitors">(.*?)</script>', page).group(1))
    assert exhibitors == {
        "A-02": {"name": "HTX Gốm sứ Bát Tràng", "url": f"{DIRECTORY}/{profile_id(app, listed['ceramics'])}"},
        "A-03": {"name": "Lụa Vạn Phúc", "url": f"{DIRECTORY}/{profile_id(app, listed['silk'])}"},
    }  # A-04 is only reserved: its applicant is not named
