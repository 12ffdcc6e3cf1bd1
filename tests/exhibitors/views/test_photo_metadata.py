"""Product photos sent with the profile form are served without any of their metadata, to anyone:
JPEG comments, EXIF and GPS, XMP, ICC profiles, IPTC, PNG text chunks, WebP EXIF/XMP chunks."""
import io

from sqlalchemy import select

from fairapp.exhibitors.models import ExhibitorPhoto
from fairapp.extensions import db
from tests.conftest import post_form
from tests.core.test_uploads import assert_clean, sample_photos
from tests.exhibitors.conftest import signed_in_client
from tests.exhibitors.views.test_exhibitor import profile_form

PROFILE = "/exhibitors/profile"


def test_product_photos_are_served_to_anyone_without_metadata(app, fair, exhibitor):
    client = signed_in_client(app, exhibitor(profile=False))
    samples = sample_photos()
    response = post_form(client, PROFILE, {
        **profile_form(),
        "photos": [(io.BytesIO(raw), f"san-pham.{fmt.lower()}") for fmt, raw in samples],
    }, page=PROFILE, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        tokens = db.session.scalars(select(ExhibitorPhoto).order_by(ExhibitorPhoto.position)).all()
        tokens = [photo.image.token for photo in tokens]
    assert len(tokens) == len(samples)

    anonymous = app.test_client()
    for token in tokens:
        for url in (f"/photos/{token}.jpg", f"/photos/{token}/thumb.jpg"):
            served = anonymous.get(url)
            assert served.status_code == 200 and served.mimetype == "image/jpeg"
            assert served.headers["Cache-Control"].startswith("public")  # a product photo is public
            assert_clean(served.data)
