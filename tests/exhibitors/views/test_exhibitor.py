"""The exhibitor's pages through the test client: profile, applying on a hold, the own page, documents."""
import io
import re

from sqlalchemy import func, select

from fairapp.exhibitors.models import ExhibitorApplication, ExhibitorProfile
from fairapp.extensions import db
from tests.conftest import post_form
from tests.exhibitors.conftest import (
    SLUG, application_values, hold_via_api, jpeg_bytes, profile_values, signed_in_client, user_by_email,
)


def profile_form(**overrides):
    values = profile_values(**overrides)
    values["promotion_eligible"] = "y" if values["promotion_eligible"] else ""
    values["artisan_title_year"] = str(values["artisan_title_year"] or "")
    values["district"] = values["district"] or ""
    values["artisan_title"] = values["artisan_title"] or ""
    return {k: v for k, v in values.items() if v != ""}


def test_profile_is_saved_with_a_phone_in_plus_84_and_photos(app, fair, exhibitor):
    client = signed_in_client(app, exhibitor(profile=False))
    page = client.get("/exhibitors/profile")
    assert page.status_code == 200 and "Hồ sơ đơn vị trưng bày" in page.get_data(as_text=True)
    response = post_form(client, "/exhibitors/profile", {
        **profile_form(tax_code="0314409058"),
        "photos": [(io.BytesIO(jpeg_bytes()), "binh-gom.jpg"),
                   (io.BytesIO(jpeg_bytes(color=(10, 90, 200))), "am-chen.png")],
    }, page="/exhibitors/profile", content_type="multipart/form-data")
    assert response.status_code == 302
    with app.app_context():
        profile = db.session.scalar(select(ExhibitorProfile))
        assert profile.phone == "+84912345678" and profile.tax_code == "0314409058"
        assert profile.search_key == "htx gom su bat trang nguyen van duc bat trang gia lam ha noi"
        assert len(profile.photos) == 2
        token = profile.photos[0].image.token
    thumb = client.get(f"/photos/{token}/thumb.jpg")
    assert thumb.status_code == 200 and thumb.mimetype == "image/jpeg"
    assert token in client.get("/exhibitors/profile").get_data(as_text=True)


def test_apply_needs_a_profile_first(app, fair, exhibitor):
    client = signed_in_client(app, exhibitor(profile=False))
    response = client.get(f"/exhibitors/apply?fair={SLUG}")
    assert response.status_code == 302 and response.headers["Location"].startswith("/exhibitors/profile?next=")


def test_hold_then_apply_then_see_it_on_my_page(app, fair, exhibitor):
    email = exhibitor()
    client = signed_in_client(app, email)
    assert hold_via_api(client, "A-04").status_code == 201
    page = client.get(f"/exhibitors/apply?fair={SLUG}&booth=A-04").get_data(as_text=True)
    assert "Gian hàng A-04 được giữ cho bạn đến" in page
    assert re.search(r'name="booth"[^>]*value="A-04"', page)
    response = post_form(client, f"/exhibitors/apply?fair={SLUG}",
                         {k: v for k, v in application_values(booth="A-04").items() if v not in ("", False)},
                         page=f"/exhibitors/apply?fair={SLUG}")
    assert response.status_code == 302 and response.headers["Location"] == "/exhibitors/my"
    mine = client.get("/exhibitors/my").get_data(as_text=True)
    assert "Chờ xét duyệt" in mine and "Gian hàng A-04" in mine and "Rút đơn đăng ký" in mine
    again = client.get(f"/exhibitors/apply?fair={SLUG}")
    assert again.status_code == 302  # one open application per fair
    with app.app_context():
        application = db.session.scalar(select(ExhibitorApplication))
        assert application.user_id == user_by_email(email).id and application.needs_power


def test_apply_for_a_taken_booth_shows_the_message_and_stores_nothing(app, fair, exhibitor):
    holder, late = signed_in_client(app, exhibitor()), signed_in_client(app, exhibitor())
    assert hold_via_api(holder, "A-04").status_code == 201
    response = post_form(late, f"/exhibitors/apply?fair={SLUG}",
                         {k: v for k, v in application_values(booth="A-04").items() if v not in ("", False)},
                         page=f"/exhibitors/apply?fair={SLUG}")
    assert response.status_code == 422
    assert "Rất tiếc, gian hàng A-04 vừa có người khác đặt." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ExhibitorApplication)) == 0


def test_withdraw_from_my_page(app, fair, exhibitor):
    client = signed_in_client(app, exhibitor())
    hold_via_api(client, "A-04")
    post_form(client, f"/exhibitors/apply?fair={SLUG}",
              {k: v for k, v in application_values(booth="A-04").items() if v not in ("", False)},
              page=f"/exhibitors/apply?fair={SLUG}")
    with app.app_context():
        application_id = db.session.scalar(select(ExhibitorApplication.id))
    response = post_form(client, f"/exhibitors/applications/{application_id}/withdraw", {}, page="/exhibitors/my")
    assert response.status_code == 302
    assert "Đã rút" in client.get("/exhibitors/my").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(ExhibitorApplication, application_id).status == "withdrawn"
    statuses = {b["code"]: b["status"] for b in client.get(f"/api/v1/fairs/{SLUG}/booths").get_json()}
    assert statuses["A-04"] == "available"


def test_someone_elses_application_and_documents_are_not_found(app, fair, exhibitor):
    owner, other = signed_in_client(app, exhibitor()), signed_in_client(app, exhibitor())
    hold_via_api(owner, "A-04")
    post_form(owner, f"/exhibitors/apply?fair={SLUG}",
              {k: v for k, v in application_values(booth="A-04").items() if v not in ("", False)},
              page=f"/exhibitors/apply?fair={SLUG}")
    with app.app_context():
        application_id = db.session.scalar(select(ExhibitorApplication.id))
    response = post_form(other, f"/exhibitors/applications/{application_id}/withdraw", {}, page="/exhibitors/my")
    assert response.status_code == 404
    assert other.get("/exhibitors/invoices/1.pdf").status_code == 404
