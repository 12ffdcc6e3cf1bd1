"""The demo fair: a realistic gift fair starting today, from ../shared/DOMAIN.md's facts."""
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select

from fairapp.contest.models import Contest, ContestCategory
from fairapp.core.auth.services import new_user
from fairapp.core.i18n import LOCAL_TZ
from fairapp.core.models import Fair
from fairapp.exhibitors.models import Booth, Hall
from fairapp.extensions import db

DEMO_PASSWORD = "hoicho-2026-demo"

PEOPLE = [
    ("organizer", "bantochuc@fairapp.local", "Trần Thị Thu Hà", "vi"),
    ("organizer", "organiser@fairapp.local", "Lê Minh Quân", "en"),
    ("exhibitor", "battrang@fairapp.local", "Nguyễn Văn Đức", "vi"),
    ("exhibitor", "vanphuc@fairapp.local", "Đặng Thị Hồng", "vi"),
    ("exhibitor", "phuvinh@fairapp.local", "Phạm Văn Mây", "vi"),
    ("exhibitor", "quatdong@fairapp.local", "Vũ Thị Thêu", "vi"),
    ("exhibitor", "sondong@fairapp.local", "Bùi Quang Ưng", "vi"),
    ("juror", "giamkhao1@fairapp.local", "Hoàng Văn Ơn", "vi"),
    ("juror", "giamkhao2@fairapp.local", "Đỗ Thị Ánh Tuyết", "vi"),
    ("juror", "giamkhao3@fairapp.local", "Ngô Quốc Khánh", "vi"),
    ("juror", "juror@fairapp.local", "Mai Anh Thư", "en"),
    ("gate", "cong1@fairapp.local", "Lý Văn Tâm", "vi"),
    ("gate", "cong2@fairapp.local", "Trịnh Thị Lan", "vi"),
]

# (code, name, name_en) — the six categories of the Hanoi design contest.
CATEGORIES = [
    ("GOM", "Gốm sứ", "Ceramics"),
    ("SON", "Sơn mài", "Lacquer"),
    ("MAY", "Mây tre, giang đan, guột tế", "Bamboo and rattan weaving"),
    ("KHAM", "Khảm trai, sừng, gỗ mỹ nghệ", "Mother-of-pearl, horn and fine wood"),
    ("THEU", "Thêu ren, lụa tơ tằm", "Embroidery, lace and silk"),
    ("DONG", "Đồng, đá và sản phẩm khác", "Bronze, stone and others"),
]

# (code, name, name_en, columns, rows): 12×15 + 12×13 + 12×10 = 456 cells, a few blocked → about 450 booths.
HALLS = [("A", "Nhà A", "Hall A", 12, 15), ("B", "Nhà B", "Hall B", 12, 13), ("C", "Nhà C", "Hall C", 12, 10)]
BOOTH_M = Decimal(3)
AISLE_M = Decimal(3)
STANDARD_PRICE = 12_000_000
CORNER_PRICE = 14_000_000


def _booths(fair, hall, columns, rows):
    # Booths stand in back-to-back pairs of rows with an aisle after each pair.
    for row in range(rows):
        y = Decimal(2) + row * BOOTH_M + (row // 2) * AISLE_M
        for col in range(columns):
            x = Decimal(2) + col * BOOTH_M + (col // 6) * AISLE_M
            corner = col in (0, 5, 6, 11)
            pillar = row % 5 == 2 and col == 6
            yield Booth(fair=fair, hall=hall, code=f"{hall.code}-{row * columns + col + 1:02d}",
                        booth_type="corner" if corner else "standard", width_m=BOOTH_M, depth_m=BOOTH_M,
                        open_sides=2 if corner else 1, price_vnd=CORNER_PRICE if corner else STANDARD_PRICE,
                        x_m=x, y_m=y, blocked=pillar, block_reason="Cột nhà" if pillar else None)


def load_demo(today: date | None = None):
    """Create the demo fair, its halls and booths, the contest and demo accounts. Returns the fair."""
    today = today or datetime.now(LOCAL_TZ).date()
    fair = Fair(slug=f"hanoi-gift-{today.year}", name=f"Hội chợ Quà tặng hàng thủ công mỹ nghệ Hà Nội {today.year}",
                name_en=f"Hanoi Handicraft Gift Fair {today.year}",
                venue="Trung tâm Triển lãm Văn hóa Nghệ thuật Việt Nam, 2 Hoa Lư, Hai Bà Trưng, Hà Nội",
                venue_en="Vietnam Exhibition Centre for Culture and Arts, 2 Hoa Lu, Hai Ba Trung, Hanoi",
                starts_on=today, ends_on=today + timedelta(days=3), opens_at=time(8, 0), closes_at=time(21, 0))
    db.session.add(fair)
    for code, name, name_en, columns, rows in HALLS:
        hall = Hall(fair=fair, code=code, name=name, name_en=name_en,
                    width_m=4 + columns * BOOTH_M + AISLE_M, depth_m=4 + rows * BOOTH_M + (rows // 2) * AISLE_M)
        db.session.add(hall)
        db.session.add_all(_booths(fair, hall, columns, rows))
    opens = datetime.combine(today - timedelta(days=30), time(8, 0), LOCAL_TZ)
    closes = datetime.combine(today + timedelta(days=30), time(17, 0), LOCAL_TZ)
    contest = Contest(fair=fair, year=today.year, submissions_open_at=opens, submissions_close_at=closes,
                      name=f"Cuộc thi thiết kế mẫu sản phẩm thủ công mỹ nghệ Hà Nội {today.year}",
                      name_en=f"Hanoi Handicraft Design Contest {today.year}")
    db.session.add(contest)
    for position, (code, name, name_en) in enumerate(CATEGORIES):
        db.session.add(ContestCategory(contest=contest, code=code, name=name, name_en=name_en,
                                       position=position))
    for role, email, name, locale in PEOPLE:
        new_user(email=email, name=name, role=role, locale=locale, password=DEMO_PASSWORD, confirmed=True)
    _contest(contest)
    _visitors(fair)
    _exhibitors(fair)
    return fair


# (name, organisation, ticket type code): visitors who registered ahead of the fair.
VISITORS = [
    ("Nguyễn Thị Mai", None, "visitor"), ("Trần Văn Hùng", None, "visitor"),
    ("Lê Thị Thanh Hương", "Công ty TNHH Quà tặng Việt", "trade"), ("Phạm Quốc Bảo", None, "visitor"),
    ("Hoàng Thị Yến", "Báo Kinh tế & Đô thị", "press"), ("Vũ Đức Thắng", "Sở Công Thương Hà Nội", "vip"),
    ("Đinh Thị Ngọc Ánh", "Siêu thị Quà tặng Hà Thành", "trade"), ("Bùi Văn Lực", None, "visitor"),
    ("John Carter", "Atlantic Home Imports", "trade"), ("Ngô Thị Bích Ngọc", None, "visitor"),
]


def _visitors(fair):
    from fairapp.visitors.services.tickets import issue_ticket, set_up_fair, type_by_code

    db.session.flush()
    set_up_fair(fair)
    for index, (name, organization, type_code) in enumerate(VISITORS, 1):
        issue_ticket(fair, type_by_code(fair, type_code), name=name, organization=organization,
                     email=f"khach{index}@example.vn", locale="en" if name == "John Carter" else "vi",
                     source="import")


def _contest(contest):
    from fairapp.contest.demo import load_contest_demo

    db.session.flush()
    load_contest_demo(contest)


def _exhibitors(fair):
    from fairapp.core.models import User
    from fairapp.exhibitors.demo import load_exhibitors_demo

    db.session.flush()
    organiser = db.session.scalar(select(User).where(User.email == PEOPLE[0][1]))
    load_exhibitors_demo(fair, organiser)
