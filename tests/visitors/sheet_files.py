"""Import files for the visitor tests: CSV and XLSX bytes, running an import as a request does."""
import csv
import io

from openpyxl import Workbook
from sqlalchemy import func, select

from fairapp.core.errors import DomainError
from fairapp.core.models import Fair
from fairapp.extensions import db
from fairapp.visitors.models import Ticket
from fairapp.visitors.services import visitor_import
from fairapp.visitors.services.tickets import set_up_fair

HEADER = ["name", "email", "phone", "organization", "type", "days", "locale"]


def fair_dates(app, fair_id):
    with app.app_context():
        fair = db.session.get(Fair, fair_id)
        return fair.starts_on, fair.ends_on


def dmy(day):
    return day.strftime("%d/%m/%Y")


def visitors(app, fair_id):
    first, last = fair_dates(app, fair_id)
    return [
        ["Đặng Thị Hồng", "Hong.Dang@Example.VN", "0912 345 678", "HTX Gốm Bát Tràng", "trade",
         f"{dmy(first)};{last.isoformat()}", "vi"],
        ["Nguyễn Văn Đức", "duc.nguyen@example.vn", "+84 987 654 321", "", "visitor", "", ""],
        ["John Carter", "john.carter@atlantic.example.com", "", "Atlantic Home Imports", "VIP", "", "en"],
        ["Lý Văn Tâm", "", "024 3825 1234", "Làng lụa Vạn Phúc", "press", dmy(last), "vi"],
    ]


def csv_bytes(rows, header=HEADER, *, bom=True, delimiter=",", encoding="utf-8"):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" if bom else "").encode(encoding) + out.getvalue().encode(encoding)


def xlsx_bytes(rows, header=HEADER):
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def do_import(app, fair_id, filename, data, **options):
    """Run the import as a request would (mail needs one for its links) and commit."""
    with app.test_request_context("/", base_url="https://hoicho.example.vn/"):
        fair = db.session.get(Fair, fair_id)
        try:
            result = visitor_import.import_visitors(fair, filename, data, **options)
        except DomainError:
            db.session.rollback()
            raise
        db.session.commit()
        if result.job is not None:
            db.session.refresh(result.job)  # keep its id readable after the session ends
        return result


def count(app, model, *where):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def tickets(app, fair_id):
    with app.app_context():
        rows = db.session.scalars(select(Ticket).where(Ticket.fair_id == fair_id).order_by(Ticket.id)).all()
        for ticket in rows:
            ticket.type_code = ticket.type.code
        db.session.expunge_all()
        return rows


def add_fair(app, fair_id, slug="hoi-cho-thu-hai"):
    """A second fair on the same days as fair_id, set up like the first; returns its id."""
    first, last = fair_dates(app, fair_id)
    with app.app_context():
        other = Fair(slug=slug, name="Hội chợ Quà tặng lần thứ hai", venue="Cung Văn hóa Hữu nghị",
                     starts_on=first, ends_on=last)
        db.session.add(other)
        db.session.flush()
        set_up_fair(other)
        db.session.commit()
        return other.id
