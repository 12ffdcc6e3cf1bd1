"""A profile form that fails keeps the photos already chosen: they are checked and stored at upload as
pending photos of the user, carried as hidden tokens, shown with a remove button, attached on save."""
import io
import re
from datetime import timedelta

from sqlalchemy import func, select

from fairapp.core.db import utcnow
from fairapp.core.uploads import StoredImage
from fairapp.exhibitors.models import ExhibitorProfile, PendingPhoto
from fairapp.exhibitors.services import profiles
from fairapp.extensions import db
from tests.conftest import post_form
from tests.exhibitors.conftest import jpeg_bytes, signed_in_client
from tests.exhibitors.views.test_exhibitor import profile_form


def pending_tokens(html):
    return re.findall(r'name="pending_photo" value="([^"]+)"', html)


def upload(client, data, photos=()):
    return post_form(client, "/exhibitors/profile", {
        **data, "photos": [(io.BytesIO(raw), name) for name, raw in photos]},
        page="/exhibitors/profile", content_type="multipart/form-data")


def test_a_failed_save_keeps_the_photos_and_the_fixed_form_attaches_them(app, fair, exhibitor):
    client = signed_in_client(app, exhibitor(profile=False))
    broken = profile_form(artisan_decision_no="")
    failed = upload(client, broken, [("binh-gom.jpg", jpeg_bytes()), ("am-chen.jpg", jpeg_bytes(color=(9, 90, 200)))])
    html = failed.get_data(as_text=True)
    assert failed.status_code in (200, 422)
    # The error says what to enter, with an example, rather than repeating the field's help.
    assert "Hãy nhập số quyết định công nhận danh hiệu (ví dụ 1234/QĐ-CTN)." in html
    tokens = pending_tokens(html)
    assert len(tokens) == 2 and 'data-testid="pending-photos"' in html
    assert all(f"/photos/{t}/thumb.jpg" in html for t in tokens) and 'name="drop_photo"' in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ExhibitorProfile)) == 0
        assert db.session.scalar(select(func.count()).select_from(PendingPhoto)) == 2
    # The thumbnails are the uploader's alone until saved.
    assert client.get(f"/photos/{tokens[0]}/thumb.jpg").status_code == 200
    assert app.test_client().get(f"/photos/{tokens[0]}/thumb.jpg").status_code == 404

    fixed = upload(client, {**profile_form(), "pending_photo": tokens})
    assert fixed.status_code == 302
    with app.app_context():
        profile = db.session.scalar(select(ExhibitorProfile))
        assert [p.image.token for p in profile.photos] == tokens
        assert db.session.scalar(select(func.count()).select_from(PendingPhoto)) == 0
    assert app.test_client().get(f"/photos/{tokens[0]}/thumb.jpg").status_code == 200  # public once saved


def test_remove_drops_a_pending_photo_and_saves_nothing(app, fair, exhibitor):
    client = signed_in_client(app, exhibitor(profile=False))
    broken = profile_form(name="")
    html = upload(client, broken, [("a.jpg", jpeg_bytes()), ("b.jpg", jpeg_bytes(color=(1, 2, 3)))]).get_data(as_text=True)
    assert "Hãy nhập tên doanh nghiệp, hợp tác xã hoặc hộ kinh doanh" in html
    keep, drop = pending_tokens(html)
    after = upload(client, {**profile_form(), "pending_photo": [keep, drop], "drop_photo": drop})
    assert after.status_code == 200 and pending_tokens(after.get_data(as_text=True)) == [keep]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ExhibitorProfile)) == 0  # not saved
        assert db.session.scalar(select(StoredImage.id).where(StoredImage.token == drop)) is None


def test_a_bad_file_is_named_and_the_good_ones_are_kept(app, fair, exhibitor):
    client = signed_in_client(app, exhibitor(profile=False))
    response = upload(client, profile_form(), [("good.jpg", jpeg_bytes()), ("notes.jpg", b"not a photo at all")])
    html = response.get_data(as_text=True)
    assert response.status_code in (200, 422) and "notes.jpg:" in html
    assert len(pending_tokens(html)) == 1


def test_someone_elses_pending_token_is_ignored(app, fair, exhibitor):
    owner, other = signed_in_client(app, exhibitor(profile=False)), signed_in_client(app, exhibitor(profile=False))
    broken = profile_form(artisan_decision_no="")
    [token] = pending_tokens(upload(owner, broken, [("a.jpg", jpeg_bytes())]).get_data(as_text=True))
    assert upload(other, {**profile_form(), "pending_photo": [token]}).status_code == 302
    with app.app_context():
        profile = db.session.scalars(select(ExhibitorProfile)).one()
        assert profile.photos == []


def test_pending_photos_left_for_a_day_are_deleted(app, fair, exhibitor):
    client = signed_in_client(app, exhibitor(profile=False))
    broken = profile_form(artisan_decision_no="")
    upload(client, broken, [("a.jpg", jpeg_bytes()), ("b.jpg", jpeg_bytes(color=(1, 2, 3)))])
    with app.app_context():
        first = db.session.scalars(select(PendingPhoto).order_by(PendingPhoto.image_id)).first()
        first.created_at, old_id = utcnow() - timedelta(days=1, minutes=1), first.image_id
        db.session.commit()
        assert profiles.purge_pending() == 1
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(PendingPhoto)) == 1
        assert db.session.scalar(select(func.count()).where(StoredImage.id == old_id)) == 0
