"""Demo exhibitors: profiles from Hanoi's craft villages, applications in every state, a live floor plan."""
import io
import uuid
from decimal import Decimal

from PIL import Image, ImageDraw
from sqlalchemy import select

from fairapp.core.auth.services import new_user
from fairapp.core.fairs import local_today
from fairapp.core.models import User
from fairapp.exhibitors.services import applications, claims, invoices
from fairapp.exhibitors.services.floorplan import booth_by_code
from fairapp.exhibitors.services.notices import quiet
from fairapp.exhibitors.services.profiles import add_photos, save_profile
from fairapp.exhibitors.services.setup import terms_for
from fairapp.extensions import db

# (account, kind, name, tax code, representative, district, village, craft, title, state, booth, products)
# The first five are the demo exhibitor accounts (`flask fair logins`); the rest fill the hall.
EXHIBITORS = [
    ("battrang@fairapp.local", "cooperative", "HTX Gốm sứ Bát Tràng", "0100233488", "Nguyễn Văn Đức", "Gia Lâm",
     "Bát Tràng", "ceramics", ("meritorious", 2019, "1567/QĐ-CTN"), "confirmed", "A-01",
     "Bình hút lộc men rạn, bộ ấm chén men lam, lọ hoa vẽ tay"),
    ("vanphuc@fairapp.local", "household", "Lụa tơ tằm Hồng Đặng", None, "Đặng Thị Hồng", "Hà Đông", "Vạn Phúc",
     "embroidery", None, "approved", "A-14", "Khăn lụa, áo dài lụa tơ tằm, gối lụa thêu"),
    ("phuvinh@fairapp.local", "household", "Mây tre đan Phú Vinh", None, "Phạm Văn Mây", "Chương Mỹ", "Phú Vinh",
     "bamboo", None, "submitted", "B-05", "Giỏ mây, đèn tre, khay cói"),
    ("quatdong@fairapp.local", "individual", "Tranh thêu Vũ Thêu", None, "Vũ Thị Thêu", "Thường Tín", "Quất Động",
     "embroidery", ("hanoi", 2018, "2345/QĐ-UBND"), "waitlisted", "C-40", "Tranh thêu phong cảnh, thêu chân dung"),
    ("sondong@fairapp.local", "business", "Công ty TNHH Tượng gỗ Sơn Đồng", "0314409058", "Bùi Quang Ưng",
     "Hoài Đức", "Sơn Đồng", "inlay", ("people", 2022, "89/QĐ-CTN"), "held", "C-07",
     "Tượng gỗ sơn son thếp vàng, hoành phi câu đối"),
    (None, "business", "Công ty CP Khảm trai Chuyên Mỹ", "0100109106", "Trần Văn Khảm", "Phú Xuyên", "Chuyên Mỹ",
     "inlay", ("meritorious", 2015, "742/QĐ-CTN"), "confirmed", "A-06", "Tranh khảm trai, hộp gỗ khảm"),
    (None, "cooperative", "HTX Sơn mài Hạ Thái", "0101243150", "Lê Thị Sơn", "Thường Tín", "Hạ Thái", "lacquer",
     ("meritorious", 2020, "1320/QĐ-CTN"), "confirmed", "A-07", "Tranh sơn mài, khay, bình sơn mài"),
    (None, "household", "Gốm Minh Hải", None, "Nguyễn Minh Hải", "Gia Lâm", "Bát Tràng", "ceramics", None,
     "confirmed", "A-02", "Gốm men hỏa biến, chén trà"),
    (None, "household", "Lụa Vạn Phúc Phương Anh", None, "Triệu Phương Anh", "Hà Đông", "Vạn Phúc", "embroidery",
     None, "confirmed", "A-03", "Lụa vân, khăn choàng"),
    (None, "household", "Mây tre Thanh Hương", None, "Đỗ Thanh Hương", "Chương Mỹ", "Phú Vinh", "bamboo", None,
     "confirmed", "A-12", "Bàn ghế mây, túi cói"),
    (None, "individual", "Nghệ nhân Nguyễn Văn Tâm", None, "Nguyễn Văn Tâm", "Hoài Đức", "Sơn Đồng", "inlay",
     ("hanoi", 2017, "1102/QĐ-UBND"), "confirmed", "A-13", "Tượng Phật gỗ mít"),
    (None, "household", "Đồng mỹ nghệ Ngũ Xã", None, "Phạm Đức Đồng", "Ba Đình", "Ngũ Xã", "bronze", None,
     "confirmed", "A-25", "Tượng đồng, lư hương"),
    (None, "household", "Đá mỹ nghệ Ninh Vân", None, "Hoàng Văn Đá", None, "Ninh Vân", "bronze", None,
     "confirmed", "B-01", "Tượng đá, đèn đá"),
    (None, "household", "Gốm Chu Đậu Hải Dương", None, "Vũ Văn Chu", None, "Chu Đậu", "ceramics", None,
     "approved", "B-02", "Gốm Chu Đậu hoa lam"),
    (None, "household", "Thêu ren Văn Lâm", None, "Lê Thị Ren", None, "Văn Lâm", "embroidery", None,
     "submitted", "B-03", "Ren thêu tay, khăn trải bàn"),
    (None, "household", "Sơn mài Tương Bình Hiệp", None, "Ngô Văn Bình", None, "Tương Bình Hiệp", "lacquer",
     None, "submitted", "C-02", "Tranh sơn mài phong cảnh"),
]
PROVINCE_OF = {"Ninh Vân": "Ninh Bình", "Chu Đậu": "Hải Dương", "Văn Lâm": "Ninh Bình",
               "Tương Bình Hiệp": "Bình Dương"}
COLOURS = [(176, 94, 50), (40, 90, 160), (150, 130, 60), (120, 40, 40), (60, 120, 80), (90, 70, 120)]


def _photo(colour, label):
    """A small stand-in product photo: a coloured plate with a vase shape."""
    image = Image.new("RGB", (480, 360), tuple(min(255, c + 80) for c in colour))
    draw = ImageDraw.Draw(image)
    draw.ellipse((170, 90, 310, 330), fill=colour)
    draw.rectangle((215, 40, 265, 110), fill=colour)
    draw.text((16, 16), label, fill=(20, 20, 20))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def _account(email, representative, index):
    if email is not None:
        return db.session.scalar(select(User).where(User.email == email))
    return new_user(email=f"trienlam{index:02d}@example.vn", name=representative, role="exhibitor",
                    password=uuid.uuid4().hex, confirmed=True)


def _profile(user, row, index):
    _email, kind, name, tax_code, representative, district, village, craft, title, *_ = row
    values = {"kind": kind, "name": name, "tax_code": tax_code, "representative": representative,
              "phone": f"09{12345600 + index:08d}", "email": user.email,
              "address": f"Số {index + 3}, làng {village}", "district": district,
              "province": "Hà Nội" if district else PROVINCE_OF.get(village, "Hà Nội"), "craft_village": village,
              "craft": craft, "promotion_eligible": district is not None and kind != "business"}
    if title:
        values.update(artisan_title=title[0], artisan_title_year=title[1], artisan_decision_no=title[2])
    profile = save_profile(user, values)
    add_photos(profile, user, [_photo(COLOURS[(index + n) % len(COLOURS)], f"{village} {n + 1}") for n in range(2)])
    return profile


def load_exhibitors_demo(fair, organiser):
    """Terms, profiles and applications through the services, as organisers and artisans would make
    them (without mailing anyone): booths confirmed, reserved, held, and a waiting list."""
    terms = terms_for(fair)
    terms.support_mode, terms.support_rate_pct, terms.vat_rate_pct = "rate", Decimal(30), Decimal(8)
    terms.bank_bin, terms.bank_account = "970415", "113000123456"
    terms.bank_account_name = "TRUNG TAM KHUYEN CONG VA TU VAN PTCN HA NOI"
    terms.organiser_name = "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Hà Nội"
    terms.organiser_governing_body = "Sở Công Thương Hà Nội"
    terms.organiser_address = "331 Lê Duẩn, Đống Đa, Hà Nội"
    terms.organiser_phone = "024 3851 2345"
    terms.organiser_email = "bantochuc@fairapp.local"
    terms.organiser_representative = "Trần Thị Thu Hà"
    terms.invoice_prefix = "HC"
    # The demo fair starts today: keep applying and withdrawing open while it runs.
    terms.applications_until = terms.withdraw_until = fair.ends_on
    with quiet():
        for index, row in enumerate(EXHIBITORS):
            _play(fair, organiser, row, index)
    db.session.flush()


def _play(fair, organiser, row, index):
    email, *_rest, state, code, products = row
    user = _account(email, row[4], index)
    _profile(user, row, index)
    booth = booth_by_code(fair.id, code)
    if state == "held":  # the artisan is filling in the application right now
        claims.hold(booth, user, 24 * 60)
        return
    claims.hold(booth, user, 15)
    application = applications.apply(user, fair, {"booth": code, "products": products, "needs_power": index % 2 == 0})
    if state == "submitted":
        return
    if state == "waitlisted":
        applications.waitlist(application, organiser)
        return
    invoice = applications.approve(application, organiser)
    if state == "confirmed":
        invoices.record_payment(invoice, amount_vnd=invoice.total_vnd, paid_on=local_today(),
                                bank_reference=f"FT{fair.starts_on:%y}{index:06d}", actor=organiser)
