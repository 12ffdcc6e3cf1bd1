"""Fixtures of the exhibitors tests: a fair with halls, booths and booking terms, exhibitors with profiles."""
import io
import re
import uuid
from datetime import time, timedelta
from decimal import Decimal

import pytest
from PIL import Image

from fairapp.core.fairs import local_today
from fairapp.core.models import Fair, User
from fairapp.extensions import db
from tests.conftest import csrf_token, login

SLUG = "hoi-cho-thu-nghiem"
STANDARD_PRICE = 12_000_000
CORNER_PRICE = 14_000_000


def profile_values(**overrides):
    values = {
        "kind": "cooperative", "name": "HTX Gốm sứ Bát Tràng", "tax_code": "0100233488",
        "representative": "Nguyễn Văn Đức", "phone": "0912 345 678", "email": "gom@battrang.example.vn",
        "address": "Thôn 5, xã Bát Tràng", "district": "Gia Lâm", "province": "Hà Nội",
        "craft_village": "Bát Tràng", "craft": "ceramics", "artisan_title": "meritorious",
        "artisan_title_year": 2019, "artisan_decision_no": "1234/QĐ-CTN", "promotion_eligible": True,
    }
    values.update(overrides)
    return values


def build_fair(slug=SLUG, starts_in_days=30, booths_per_row=10):
    """A fair starting in a month: hall A (standard and corner booths, one blocked), hall B (a raw space)."""
    from fairapp.exhibitors.models import Booth, Hall
    from fairapp.exhibitors.services.setup import terms_for

    today = local_today()
    fair = Fair(slug=slug, name="Hội chợ Quà tặng hàng thủ công mỹ nghệ Hà Nội 2026",
                venue="2 Hoa Lư, Hai Bà Trưng, Hà Nội", starts_on=today + timedelta(days=starts_in_days),
                ends_on=today + timedelta(days=starts_in_days + 3), opens_at=time(8), closes_at=time(21))
    db.session.add(fair)
    db.session.flush()
    terms = terms_for(fair)
    terms.bank_bin, terms.bank_account, terms.bank_account_name = "970415", "113366668888", "TRUNG TAM KHUYEN CONG HA NOI"
    terms.organiser_name = "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Hà Nội"
    terms.organiser_governing_body = "Sở Công Thương Hà Nội"
    terms.organiser_address = "331 Lê Duẩn, Đống Đa, Hà Nội"
    terms.organiser_representative = "Trần Thị Thu Hà"
    terms.invoice_prefix = "HC"
    hall_a = Hall(fair_id=fair.id, code="A", name="Nhà A", width_m=Decimal(40), depth_m=Decimal(30))
    hall_b = Hall(fair_id=fair.id, code="B", name="Nhà B", width_m=Decimal(30), depth_m=Decimal(20))
    db.session.add_all([hall_a, hall_b])
    db.session.flush()
    for n in range(1, booths_per_row + 1):
        corner = n in (1, booths_per_row)
        db.session.add(Booth(fair_id=fair.id, hall_id=hall_a.id, code=f"A-{n:02d}",
                             booth_type="corner" if corner else "standard", width_m=Decimal(3), depth_m=Decimal(3),
                             open_sides=2 if corner else 1, price_vnd=CORNER_PRICE if corner else STANDARD_PRICE,
                             x_m=Decimal(2 + 3 * (n - 1)), y_m=Decimal(2)))
    db.session.add(Booth(fair_id=fair.id, hall_id=hall_a.id, code="A-99", booth_type="standard",
                         width_m=Decimal(3), depth_m=Decimal(3), open_sides=1, price_vnd=STANDARD_PRICE,
                         x_m=Decimal(2), y_m=Decimal(10), blocked=True, block_reason="Cột nhà"))
    db.session.add(Booth(fair_id=fair.id, hall_id=hall_b.id, code="B-01", booth_type="raw", width_m=Decimal(6),
                         depth_m=Decimal(6), open_sides=3, price_vnd=30_000_000, x_m=Decimal(2), y_m=Decimal(2),
                         polygon=[[2, 2], [8, 2], [8, 5], [5, 8], [2, 8]]))
    db.session.flush()
    return fair


@pytest.fixture
def fair(app):
    """The fair's slug (objects do not outlive the app context that made them)."""
    with app.app_context():
        build_fair()
        db.session.commit()
    return SLUG


@pytest.fixture
def exhibitor(app, make_user):
    """exhibitor(**profile overrides) -> e-mail of a confirmed exhibitor with a saved profile."""
    from fairapp.exhibitors.services.profiles import save_profile

    def make(user_name="Nguyễn Văn Đức", locale="vi", profile=True, **overrides):
        email = make_user("exhibitor", email=f"artisan-{uuid.uuid4().hex[:8]}@example.vn", name=user_name,
                          locale=locale)
        if profile:
            with app.app_context():
                save_profile(user_by_email(email), profile_values(**overrides))
                db.session.commit()
        return email

    return make


def user_by_email(email):
    return db.session.scalar(db.select(User).where(User.email == email))


def get_fair(slug=SLUG):
    return db.session.scalar(db.select(Fair).where(Fair.slug == slug))


def get_booth(code, slug=SLUG):
    from fairapp.exhibitors.services.floorplan import booth_by_code

    return booth_by_code(get_fair(slug).id, code)


def hold_via_api(client, code, slug=SLUG):
    token = csrf_token(client, "/")
    return client.post(f"/api/v1/booths/{code}/hold?fair={slug}", headers={"X-CSRFToken": token,
                                                                             "Accept": "application/json"})


def signed_in_client(app, email):
    client = app.test_client()
    login(client, email)
    return client


def application_values(booth="A-02", **overrides):
    values = {"booth": booth, "alternative_1": "A-09", "alternative_2": "", "products": "Bình gốm men lam, ấm chén",
              "needs_power": True, "needs_extra_table": False, "notes": ""}
    values.update(overrides)
    return values


def jpeg_bytes(size=(64, 48), color=(180, 90, 40)):
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG")
    return out.getvalue()


def pdf_text(data):
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    return "\n".join(page.get_textpage().get_text_range() for page in pdf)


def decode_qr(data):
    """The payloads of every QR code on the PDF's pages, rendered at 200 dpi."""
    import pypdfium2
    import zxingcpp

    pdf = pypdfium2.PdfDocument(data)
    found = []
    for page in pdf:
        image = page.render(scale=200 / 72).to_pil()
        found += [r.text for r in zxingcpp.read_barcodes(image)]
    return found


def flashes(response_text):
    return re.findall(r'role="alert">([^<]*)<', response_text)
