"""A living demo contest: the Hanoi rubric, prize tiers, panels, ~30 entries with photos and some scores."""
import io
import random
from datetime import timedelta

from PIL import Image, ImageDraw
from sqlalchemy import select

from fairapp.contest.models import ContestEntry, JuryAssignment
from fairapp.contest.services import assignment, entries, jury, setup
from fairapp.core.db import utcnow
from fairapp.core.models import User
from fairapp.extensions import db

# (key, name, name_en, weight, tie-breaker): the criteria used in Hanoi.
HANOI_CRITERIA = [
    ("creativity", "Tính sáng tạo, đổi mới", "Creativity and innovation", 30, True),
    ("craftsmanship", "Kỹ thuật, tay nghề chế tác", "Craftsmanship", 25, True),
    ("commercial", "Giá trị thương mại", "Commercial value", 20, False),
    ("environment", "Thân thiện với môi trường", "Environmental friendliness", 10, False),
    ("aesthetics", "Tính thẩm mỹ", "Aesthetics", 15, False),
]
# What a score means, shared by every criterion: (Vietnamese, English).
LEVELS = [
    ("Không đạt yêu cầu", "Does not meet the criterion"), ("Rất yếu", "Very weak"), ("Yếu", "Weak"),
    ("Dưới trung bình", "Below average"), ("Trung bình yếu", "Fair"), ("Trung bình", "Average"),
    ("Khá", "Fairly good"), ("Tốt", "Good"), ("Rất tốt", "Very good"), ("Xuất sắc", "Excellent"),
    ("Xuất sắc, hình mẫu của ngành", "Outstanding, a model for the craft"),
]
# Per category: 1 first, 3 second, 4 third, 7 consolation -> 6 / 18 / 24 / 42 over six categories.
PRIZES_PER_CATEGORY = {"first": 1, "second": 3, "third": 4, "consolation": 7}

# (category code, title, materials, village): designs typical of each craft.
ENTRIES = [
    ("GOM", "Bộ ấm chén men lam Sen Hồ Tây", "Gốm sứ, men lam", "Bát Tràng"),
    ("GOM", "Bình hút lộc men rạn Phù Sa", "Gốm, men rạn", "Bát Tràng"),
    ("GOM", "Đèn gốm thấu quang Hoa Sữa", "Sứ trắng mỏng", "Bát Tràng"),
    ("GOM", "Bộ bát đĩa men tro Làng Quê", "Gốm, men tro", "Bát Tràng"),
    ("GOM", "Tượng gốm Nghê Đình Làng", "Gốm đất nung", "Bát Tràng"),
    ("SON", "Tranh sơn mài Phố Cổ Mùa Thu", "Sơn ta, vỏ trứng, vàng quỳ", "Hạ Thái"),
    ("SON", "Hộp trang sức sơn mài Chim Lạc", "Gỗ, sơn ta", "Hạ Thái"),
    ("SON", "Bình phong sơn mài Tứ Quý", "Gỗ, sơn ta, bạc thếp", "Sơn Đồng"),
    ("SON", "Bộ khay sơn mài Hoa Sen", "Tre ép, sơn ta", "Hạ Thái"),
    ("SON", "Đĩa sơn mài khảm vỏ trứng Trống Đồng", "Sơn ta, vỏ trứng", "Hạ Thái"),
    ("MAY", "Giỏ mây đan Lục Bình", "Mây, lục bình", "Phú Vinh"),
    ("MAY", "Đèn trần tre uốn Cánh Diều", "Tre, giang", "Phú Vinh"),
    ("MAY", "Bộ hộp giang đan Quà Tết", "Giang, mây", "Phú Vinh"),
    ("MAY", "Túi xách cói đan Hoa Văn Mường", "Cói, mây", "Phú Vinh"),
    ("MAY", "Khay guột tế Sóng Nước", "Guột", "Phú Vinh"),
    ("KHAM", "Hộp gỗ khảm trai Hoa Đào", "Gỗ gụ, xà cừ", "Chuyên Mỹ"),
    ("KHAM", "Tranh khảm trai Chùa Một Cột", "Gỗ, trai, ốc", "Chuyên Mỹ"),
    ("KHAM", "Lược sừng chạm Phượng", "Sừng trâu", "Thụy Ứng"),
    ("KHAM", "Tượng gỗ Thiếu Nữ Bên Hoa Huệ", "Gỗ mít", "Sơn Đồng"),
    ("KHAM", "Bút hộp gỗ khảm Văn Miếu", "Gỗ trắc, xà cừ", "Chuyên Mỹ"),
    ("THEU", "Khăn lụa Vạn Phúc Hoa Sen", "Lụa tơ tằm", "Vạn Phúc"),
    ("THEU", "Tranh thêu tay Hồ Gươm", "Lụa, chỉ tơ", "Quất Động"),
    ("THEU", "Áo dài lụa thêu Cúc Họa Mi", "Lụa tơ tằm, chỉ thêu", "Vạn Phúc"),
    ("THEU", "Gối tựa thêu ren Hoa Văn Chăm", "Vải lanh, ren", "Quất Động"),
    ("THEU", "Túi lụa thêu Chuồn Chuồn", "Lụa, chỉ tơ", "Vạn Phúc"),
    ("DONG", "Trống đồng mini Ngọc Lũ", "Đồng thau", "Đại Bái"),
    ("DONG", "Tượng đá Rùa Đội Bia", "Đá xanh", "Ninh Vân"),
    ("DONG", "Bộ chặn giấy đồng Khuê Văn Các", "Đồng", "Đại Bái"),
    ("DONG", "Đèn đồng chạm Hoa Sen", "Đồng đỏ", "Đại Bái"),
    ("DONG", "Bình đá mỹ nghệ Sen Vàng", "Đá ong, đá xanh", "Ninh Vân"),
]
COLOURS = [(176, 58, 46), (31, 97, 141), (183, 149, 11), (20, 143, 119), (125, 60, 152), (93, 64, 55)]


def demo_photo(seed, text=""):
    """A simple PNG: a coloured ground with a few shapes, different for every entry."""
    rng = random.Random(seed)
    image = Image.new("RGB", (640, 480), COLOURS[seed % len(COLOURS)])
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        x, y = rng.randint(0, 560), rng.randint(0, 400)
        size = rng.randint(40, 160)
        colour = tuple(rng.randint(120, 255) for _ in range(3))
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)((x, y, x + size, y + size), fill=colour)
    if text:
        draw.text((20, 440), text, fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def add_hanoi_rubric(round_):
    for key, name, name_en, weight, tiebreak in HANOI_CRITERIA:
        setup.save_criterion(round_, key=key, name=name, name_en=name_en, weight=weight, tiebreak=tiebreak,
                             levels={n: LEVELS[n] for n in range(11)})


def load_contest_demo(contest, signatory="Nguyễn Văn A"):
    """Rounds, rubric, tiers, panels, entries by the demo artisans, assignments and some scores."""
    contest.signatory_name, contest.signatory_title = signatory, "Giám đốc Sở Công Thương Hà Nội"
    online = setup.add_round(contest, name="Vòng sơ khảo trực tuyến", name_en="Online round")
    setup.add_round(contest, name="Vòng chung khảo", name_en="Final round")
    add_hanoi_rubric(online)
    for category in contest.categories:
        setup.set_prize_tiers(category, PRIZES_PER_CATEGORY)
    artisans = db.session.scalars(select(User).where(User.role == "exhibitor").order_by(User.id)).all()
    jurors = db.session.scalars(select(User).where(User.role == "juror").order_by(User.id)).all()
    for category in contest.categories:
        for juror in jurors:
            assignment.add_to_panel(category, juror)
    by_code = {c.code: c for c in contest.categories}
    # Submitted while the window was open: stamp "now" inside it.
    moment = contest.submissions_open_at + timedelta(days=1)
    for number, (code, title, materials, village) in enumerate(ENTRIES):
        artisan = artisans[number % len(artisans)]
        entry = entries.submit_entry(contest, artisan, {
            "category_id": by_code[code].id, "title": title, "materials": materials,
            "description": f"{title}: mẫu thiết kế mới năm {contest.year}, làm thủ công tại làng nghề {village}.",
            "techniques": "Làm thủ công", "dimensions": "30 × 20 × 15", "designers": artisan.name,
            "maker_name": artisan.name, "maker_business": f"Hộ kinh doanh {artisan.name}", "maker_village": village,
            "declared_new": True, "declared_original": True, "declared_no_ip_infringement": True,
        }, [demo_photo(number, f"TK {number + 1}"), demo_photo(number + 100)], now=moment, notify=False)
        entries.screen_entry(entry, eligible=number % 15 != 14,
                             reason="" if number % 15 != 14 else "Sản phẩm đã được trưng bày năm trước.")
    setup.open_round(online)
    assignment.auto_assign(online)
    _some_scores(online)


def _some_scores(round_):
    rng = random.Random(2026)
    rows = db.session.scalars(select(ContestEntry).where(ContestEntry.contest_id == round_.contest_id,
                                                         ContestEntry.eligibility == "eligible")).all()
    # Two entries in three are fully scored; every juror still has the rest to do.
    for entry in rows[: len(rows) * 2 // 3]:
        for juror in db.session.scalars(select(User).join(JuryAssignment, JuryAssignment.juror_id == User.id).where(
                JuryAssignment.entry_id == entry.id, JuryAssignment.round_id == round_.id)).all():
            values = {}
            for criterion in round_.criteria:
                score = rng.randint(4, 8)
                values[criterion.id] = (score, "")
            jury.save_sheet(juror, round_, entry, values, submit=True, now=utcnow())
