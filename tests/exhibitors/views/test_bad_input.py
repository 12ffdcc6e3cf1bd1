"""Bad input gets a clear message in the user's language and nothing is half stored: tax codes,
phones, photos that are not sound images, HTML in text fields, booths that do not exist."""
import io
import re
import struct
import zlib

import pytest
from PIL import Image
from sqlalchemy import func, select

from fairapp.core.fairs import local_today
from fairapp.core.uploads import StoredImage
from fairapp.exhibitors.models import ExhibitorApplication, ExhibitorPhoto, ExhibitorProfile, Invoice, PendingPhoto
from fairapp.extensions import db
from tests.conftest import post_form
from tests.exhibitors.conftest import SLUG, application_values, hold_via_api, jpeg_bytes, signed_in_client
from tests.exhibitors.services.test_applications import submit
from tests.exhibitors.views.test_exhibitor import profile_form

SCRIPT = '<script>alert("xss")</script>'
PROFILE = "/exhibitors/profile"


def counts(app):
    with app.app_context():
        return tuple(db.session.scalar(select(func.count()).select_from(model))
                     for model in (ExhibitorProfile, ExhibitorPhoto, StoredImage))


def save(client, photos=(), **overrides):
    data = profile_form(**overrides)
    if photos:
        data["photos"] = [(io.BytesIO(raw), name) for name, raw in photos]
    return post_form(client, PROFILE, data, page=PROFILE, content_type="multipart/form-data")


def error_of(response, field):
    match = re.search(rf'id="{field}-error">([^<]*)<', response.get_data(as_text=True))
    assert match, f"no error shown for {field}"
    return match.group(1)


@pytest.mark.parametrize("tax_code, message", [
    ("0100233480", "Mã số thuế không hợp lệ: hãy đối chiếu với giấy chứng nhận đăng ký (10 chữ số, hoặc 13 chữ số"
                   " với chi nhánh, ví dụ 0312687878-001)."),
    ("01002334", "Mã số thuế không hợp lệ: hãy đối chiếu với giấy chứng nhận đăng ký (10 chữ số, hoặc 13 chữ số"
                 " với chi nhánh, ví dụ 0312687878-001)."),
    ("", "Hãy nhập mã số thuế của doanh nghiệp hoặc hợp tác xã (10 chữ số, ví dụ 0100233488); chỉ hộ kinh doanh"
         " và nghệ nhân cá nhân mới được để trống."),
])
def test_wrong_tax_code(app, fair, exhibitor, tax_code, message):
    client = signed_in_client(app, exhibitor(profile=False))
    response = save(client, tax_code=tax_code)
    assert response.status_code == 422 and error_of(response, "tax_code") == message
    assert counts(app) == (0, 0, 0)


def test_tax_code_optional_for_an_individual_and_branch_codes_accepted(app, fair, exhibitor):
    client = signed_in_client(app, exhibitor(profile=False))
    assert save(client, kind="individual", tax_code="").status_code == 302
    assert save(client, kind="business", tax_code="0312687870-001").status_code == 422  # check digit wrong
    assert save(client, kind="business", tax_code="0312687878001").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(ExhibitorProfile.tax_code)) == "0312687878-001"


@pytest.mark.parametrize("phone", ["0123 456 789", "912345678", "+1 415 555 0100", "09123456789"])
def test_wrong_phone(app, fair, exhibitor, phone):
    client = signed_in_client(app, exhibitor(profile=False, locale="en"))
    response = save(client, phone=phone)
    assert error_of(response, "phone") == \
        "Enter a Vietnamese mobile number (e.g. 0912 345 678) or a Hanoi landline (024…)."
    assert counts(app) == (0, 0, 0)


def _png_header_only(width, height):
    """A tiny PNG whose header claims width × height pixels: a decompression bomb's calling card."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = zlib.compress(b"\x00" * 1024)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", raw) + chunk(b"IEND", b""))


@pytest.mark.parametrize("name, raw, message", [
    ("san-pham.jpg", b"<html><body>not a photo</body></html>",
     "Tệp này không phải ảnh đọc được (JPEG, PNG hoặc WebP)."),
    ("san-pham.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;" + SCRIPT.encode(),
     None),
    ("lon.png", _png_header_only(8_000, 8_000), "Mỗi ảnh tối đa 40 megapixel."),
    ("bom.png", _png_header_only(50_000, 50_000), "Tệp này không phải ảnh đọc được (JPEG, PNG hoặc WebP)."),
    ("qua-lon.jpg", b"\xff\xd8\xff" + b"\x00" * (10 * 1024 * 1024 + 10), "Mỗi ảnh tối đa 10 MB."),
])
def test_photos_that_are_not_sound_images_are_refused_and_only_the_good_one_is_kept(app, fair, exhibitor, name, raw,
                                                                                    message):
    client = signed_in_client(app, exhibitor(profile=False))
    response = save(client, photos=[("tot.jpg", jpeg_bytes()), (name, raw)])
    assert response.status_code == 422
    shown = error_of(response, "photos")
    if message:
        assert shown == f"{name}: {message}"  # names the file refused
    else:
        assert shown.startswith(f"{name}: ")  # a GIF: the message names the accepted formats
    # No profile and nothing of the bad file; the good photo waits, pending, for the form's next try.
    assert counts(app) == (0, 0, 1)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PendingPhoto)) == 1


def test_a_polyglot_photo_is_stored_only_as_its_pixels(app, fair, exhibitor):
    """A JPEG with HTML and a ZIP glued on behind it: the image is kept, the payload is not."""
    client = signed_in_client(app, exhibitor(profile=False))
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, "JPEG", exif=Image.Exif())
    polyglot = out.getvalue() + SCRIPT.encode() + b"PK\x05\x06" + b"\x00" * 18
    assert save(client, photos=[("poly.jpg", polyglot)]).status_code == 302
    with app.app_context():
        stored = db.session.scalar(select(StoredImage))
        assert b"<script>" not in stored.data and b"PK\x05\x06" not in stored.data
        assert b"<script>" not in stored.thumbnail


def test_more_than_six_photos_are_refused(app, fair, exhibitor):
    client = signed_in_client(app, exhibitor(profile=False))
    response = save(client, photos=[(f"{n}.jpg", jpeg_bytes(color=(n * 30, 40, 40))) for n in range(7)])
    assert error_of(response, "photos") == \
        "6.jpg: tổng cộng tối đa 6 ảnh sản phẩm; hãy bỏ bớt một ảnh trước khi thêm ảnh khác."
    assert counts(app) == (0, 0, 6)  # the first six wait as pending photos, the seventh was not stored


def test_html_in_text_fields_is_stored_as_text_and_never_rendered(app, fair, exhibitor, make_user, mailbox):
    email = exhibitor(name=f"Gốm {SCRIPT}", representative=SCRIPT, craft_village=SCRIPT, address=SCRIPT)
    application_id = submit(app, email, products=f"Bình {SCRIPT}", notes=SCRIPT)
    with app.app_context():
        profile = db.session.scalar(select(ExhibitorProfile))
        assert profile.name == f"Gốm {SCRIPT}" and profile.representative == SCRIPT
    organiser = signed_in_client(app, make_user("organizer"))
    pages = [organiser.get(f"/exhibitors/manage/{SLUG}/applications"),
             organiser.get(f"/exhibitors/manage/applications/{application_id}")]
    post_form(organiser, f"/exhibitors/manage/applications/{application_id}/approve", {"booth": ""}, page="/")
    with app.app_context():
        invoice = db.session.scalar(select(Invoice))
        invoice_id, total = invoice.id, invoice.total_vnd
    post_form(organiser, f"/exhibitors/manage/invoices/{invoice_id}/payments",
              {"amount_vnd": str(total), "paid_on": local_today().isoformat(),
               "bank_reference": SCRIPT}, page="/")
    pages += [signed_in_client(app, email).get("/exhibitors/my"), organiser.get(f"/exhibitors/{SLUG}/exhibitors"),
              organiser.get(f"/exhibitors/manage/applications/{application_id}"),
              organiser.get(f"/exhibitors/manage/{SLUG}/invoices")]
    for response in pages:
        html = response.get_data(as_text=True)
        assert response.status_code == 200
        assert SCRIPT not in html, response.request.path
    directory = pages[3].get_data(as_text=True)
    assert "Gốm &lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt;" in directory
    mailbox.wait_for(3)
    for message in mailbox.messages:
        assert SCRIPT not in mailbox.html_of(message)


def test_applying_for_a_booth_that_does_not_exist(app, fair, exhibitor):
    client = signed_in_client(app, exhibitor())
    response = post_form(client, f"/exhibitors/apply?fair={SLUG}",
                         {k: v for k, v in application_values(booth="Z-99").items() if v not in ("", False)},
                         page=f"/exhibitors/apply?fair={SLUG}")
    assert error_of(response, "booth") == "Hội chợ này không có gian hàng Z-99."
    assert hold_via_api(client, "<b>").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ExhibitorApplication)) == 0


def test_floor_plan_of_a_fair_that_does_not_exist(client, fair):
    assert client.get("/exhibitors/no-such-fair/floor-plan").status_code == 404
    assert client.get("/exhibitors/no-such-fair/exhibitors").status_code == 404
