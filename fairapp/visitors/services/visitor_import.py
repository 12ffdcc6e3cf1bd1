"""Importing pre-registered visitors in bulk (every row or none), e-mailing their tickets, the file to fill in."""
import re
import secrets
from dataclasses import dataclass, field
from datetime import date

from flask import current_app, has_request_context, request
from flask_babel import gettext as _
from sqlalchemy import func, insert, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from fairapp.core import audit
from fairapp.core.db import utcnow
from fairapp.core.errors import DomainError
from fairapp.core.fairs import fair_days
from fairapp.core.i18n import clean_text, search_key
from fairapp.core.jobs import job_handler, start_job
from fairapp.core.spreadsheets import cell_text, read_table, write_table
from fairapp.core.validators import normalise_email, normalise_phone
from fairapp.extensions import db
from fairapp.visitors.models import Ticket
from fairapp.visitors.services import codes, tickets

COLUMNS = ("name", "email", "phone", "organization", "type", "days", "locale")
REQUIRED = ("name", "email", "phone", "organization", "type")
ALIASES = {"e-mail": "email", "mail": "email", "organisation": "organization", "ticket_type": "type",
           "ticket type": "type", "language": "locale", "full name": "name", "full_name": "name"}
SHEET_TITLE = "tickets"  # the first sheet of a template (and of an export, which imports again)
MAX_ROWS = 20_000
MAX_BYTES = 20 * 1024 * 1024
INLINE_MAIL_LIMIT = 20  # more tickets than this are e-mailed by a background job
MAIL_CHUNK = 50
DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


class ImportRefused(DomainError):
    """The file has problems: `problems` is [(row number, message)], nothing was stored."""

    def __init__(self, problems):
        super().__init__(_("Nothing was imported: %(n)d problems in the file.", n=len(problems)), code="import")
        self.problems = problems


@dataclass
class ImportResult:
    ticket_ids: list = field(default_factory=list)
    emailed: int = 0  # queued now (small imports) or handed to `job`
    job: object = None


# ---------------------------------------------------------------- reading and checking rows


def _columns(header):
    names = [ALIASES.get(" ".join(name.split()), name) for name in header]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise DomainError(_("The first row must name the columns; missing: %(columns)s.",
                            columns=", ".join(missing)), field="file")
    twice = sorted({n for n in names if n in COLUMNS and names.count(n) > 1})
    if twice:
        raise DomainError(_("These columns appear twice: %(columns)s.", columns=", ".join(twice)), field="file")
    return {name: names.index(name) for name in COLUMNS if name in names}


def _day(token):
    """dd/mm/yyyy (as people write it) or yyyy-mm-dd (as spreadsheets export it); None if neither."""
    if match := DMY.fullmatch(token):
        day, month, year = match.groups()
    elif match := ISO.fullmatch(token):
        year, month, day = match.groups()
    else:
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _days(text, ticket_type):
    if not text:
        return list(ticket_type.valid_days)
    chosen = [_day(token) for token in re.split(r"[;,\s]+", text) if token]
    if None in chosen:
        raise DomainError(_("Days: write dates as dd/mm/yyyy, separated by \";\"."))
    days = sorted({d.isoformat() for d in chosen})
    if not set(days) <= set(ticket_type.valid_days):
        allowed = "; ".join(date.fromisoformat(d).strftime("%d/%m/%Y") for d in ticket_type.valid_days)
        raise DomainError(_("Days: a %(type)s ticket is valid on %(days)s only.", type=ticket_type.code,
                            days=allowed))
    return days


def _phone(text):
    digits = re.sub(r"[\s.\-()]", "", text)
    if digits.isdigit() and len(digits) == 9:  # a spreadsheet dropped the leading 0
        digits = "0" + digits
    phone = normalise_phone(digits)
    if phone is None:
        raise DomainError(_("Phone: enter a Vietnamese mobile number (e.g. 0912 345 678) or a Hanoi landline."))
    return phone


def _email(text):
    address = normalise_email(text)
    if address is None:
        raise DomainError(_("E-mail: %(email)s is not a valid address.", email=text))
    return address


def _checked_row(get, types):
    """(values, [problems]) of one row; every field is checked so that one pass shows all."""
    values, problems = {}, []

    def check(name, fn):
        try:
            values[name] = fn()
        except DomainError as exc:
            problems.append(exc.message)

    def name():
        text = clean_text(get("name"))
        if not text:
            raise DomainError(_("Name: this field is required."))
        if len(text) > 120:
            raise DomainError(_("Name: at most %(max)d characters.", max=120))
        return text

    def organization():
        text = clean_text(get("organization"))
        if len(text) > 200:
            raise DomainError(_("Organisation: at most %(max)d characters.", max=200))
        return text or None

    def ticket_type():
        code = get("type").lower()
        if code not in types:
            raise DomainError(_("Type: %(code)s is not a ticket type of this fair (use one of %(codes)s).",
                                code=code or "—", codes=", ".join(types)))
        return types[code]

    def locale():
        text = get("locale").lower() or "vi"
        if text not in ("vi", "en"):
            raise DomainError(_("Language: write vi or en."))
        return text

    check("name", name)
    check("email", lambda: _email(get("email")) if get("email") else None)
    check("phone", lambda: _phone(get("phone")) if get("phone") else None)
    check("organization", organization)
    check("type", ticket_type)
    if "type" in values:
        check("days", lambda: _days(get("days"), values["type"]))
    check("locale", locale)
    return values, problems


def check_file(fair, filename, data):
    """Every row of the file checked: [(row number, values)], or ImportRefused listing each problem."""
    if len(data) > MAX_BYTES:
        raise DomainError(_("The file is too large (at most %(n)d MB).", n=MAX_BYTES // 2**20), field="file")
    header, rows = read_table(filename, data, max_rows=MAX_ROWS)
    index = _columns(header)
    if not rows:
        raise DomainError(_("The file has no visitors."), field="file")
    types = {t.code: t for t in tickets.ticket_types(fair)}
    taken = set(db.session.scalars(select(Ticket.email).where(Ticket.fair_id == fair.id,
                                                              Ticket.email.is_not(None))))
    first_row_of = {}
    problems, checked = [], []
    for number, row in rows:
        def get(name, row=row):
            position = index.get(name)
            return cell_text(row[position]) if position is not None and position < len(row) else ""

        values, row_problems = _checked_row(get, types)
        email = values.get("email")
        if email in first_row_of:
            row_problems.append(_("E-mail %(email)s is also on row %(row)d.", email=email, row=first_row_of[email]))
        elif email in taken:
            row_problems.append(_("E-mail %(email)s already has a ticket at this fair.", email=email))
        elif email:
            first_row_of[email] = number
        problems.extend((number, message) for message in row_problems)
        checked.append((number, values))
    if problems:
        raise ImportRefused(problems)
    return checked


# ---------------------------------------------------------------- storing and signing in bulk


def _new_ids(count):
    """Ticket ids taken before the insert, so that every code is signed before its row is written."""
    if db.session.get_bind().dialect.name == "postgresql":
        return sorted(db.session.scalars(text(
            "SELECT nextval(pg_get_serial_sequence('tickets', 'id')) FROM generate_series(1, :n)"), {"n": count}))
    # SQLite itself hands out max(id) + 1; the import holds the write lock (BEGIN IMMEDIATE),
    # so nobody can take these ids before the insert below.
    start = db.session.scalar(select(func.coalesce(func.max(Ticket.id), 0))) + 1
    return list(range(start, start + count))


def _store(fair, checked, now):
    """Sign every ticket first, then write them all in one executemany."""
    key = codes.active_key(fair.id)
    if key is None:
        raise RuntimeError(f"fair {fair.id} has no signing key: run set_up_fair first")
    ids = _new_ids(len(checked))
    day_sets = {}
    rows = []
    for ticket_id, (_number, v) in zip(ids, checked):
        days = day_sets.setdefault(tuple(v["days"]), [date.fromisoformat(d) for d in v["days"]])
        rows.append({"id": ticket_id, "fair_id": fair.id, "type_id": v["type"].id, "name": v["name"],
                     "name_key": search_key(v["name"]), "email": v["email"], "phone": v["phone"],
                     "organization": v["organization"], "locale": v["locale"], "days": v["days"],
                     "source": "import", "status": "valid", "version": 1, "exits": 0,
                     "code": codes.sign(key, ticket_id, 1, days), "private_token": secrets.token_urlsafe(18),
                     "created_at": now})
    try:
        with db.session.begin_nested():
            # A Core insert on the table: the ORM's bulk insert would split the rows into many
            # statements wherever optional values switch between set and None.
            db.session.execute(insert(Ticket.__table__), rows)
    except IntegrityError:
        # A visitor registered online with one of these e-mails while the file was being read.
        raise DomainError(_("Another ticket with one of these e-mails was created meanwhile. "
                            "Please import the file again."), field="file") from None
    return ids


def import_visitors(fair, filename, data, *, send_tickets=False, base_url=None, owner=None):
    """Issue a ticket for every row of the file, or none (ImportRefused). The caller commits."""
    checked = check_file(fair, filename, data)
    ids = _store(fair, checked, utcnow())
    by_type = {}
    for _number, values in checked:
        by_type[values["type"].code] = by_type.get(values["type"].code, 0) + 1
    audit.record("ticket.import", "fair", fair.id, after={
        "filename": filename, "tickets": len(ids), "by_type": by_type, "first_id": ids[0], "last_id": ids[-1],
        "send_tickets": bool(send_tickets)})
    result = ImportResult(ticket_ids=ids)
    if send_tickets:
        with_email = [i for i, (_n, values) in zip(ids, checked) if values["email"]]
        result.emailed = len(with_email)
        if with_email and len(with_email) <= INLINE_MAIL_LIMIT and has_request_context():
            for ticket in _tickets(with_email):
                tickets.send_ticket(ticket)
        elif with_email:
            base_url = base_url or (request.host_url if has_request_context() else None)
            if not base_url:
                raise DomainError(_("The site's public address is needed to put links in the e-mails."))
            result.job = start_job("visitors.send_tickets", {"ticket_ids": with_email, "base_url": base_url},
                                   owner=owner)
    return result


def _tickets(ids):
    return db.session.scalars(select(Ticket).where(Ticket.id.in_(ids), Ticket.status == "valid")
                              .options(selectinload(Ticket.type), selectinload(Ticket.fair))
                              .order_by(Ticket.id)).all()


@job_handler("visitors.send_tickets")
def send_tickets_job(params, progress):
    """Queue the ticket e-mails of an import, a chunk per transaction so memory stays flat."""
    ids = list(params["ticket_ids"])
    # Links in the e-mails need the site's address; a worker has no request of its own.
    with current_app.test_request_context("/", base_url=params["base_url"]):
        for start in range(0, len(ids), MAIL_CHUNK):
            chunk = _tickets(ids[start:start + MAIL_CHUNK])
            # Render with no transaction open: on SQLite a read snapshot held while the PDFs are
            # drawn could not turn into a write if a gate scanned meanwhile ("database is locked").
            db.session.expunge_all()
            db.session.rollback()
            for ticket in chunk:
                tickets.send_ticket(ticket)
            db.session.commit()
            # Only after the commit: progress writes through a second connection (SQLite lock).
            progress(min(start + MAIL_CHUNK, len(ids)), len(ids))
    return None


# ---------------------------------------------------------------- the file to fill in


def day_list(days):
    """Days as an import file writes them: dd/mm/yyyy separated by ";"."""
    return ";".join(date.fromisoformat(d).strftime("%d/%m/%Y") for d in days)


def template_tables(fair):
    """What the file to fill in holds under COLUMNS: three example rows and (XLSX) the fair's ticket types."""
    days = [d.strftime("%d/%m/%Y") for d in fair_days(fair)]
    types = tickets.ticket_types(fair)
    trade = next((t.code for t in types if t.code == "trade"), types[0].code if types else "visitor")
    examples = [
        ["Nguyễn Thị Mai", "mai.nguyen@example.vn", "0912 345 678", "", "visitor" if "visitor" in
         {t.code for t in types} else trade, "", "vi"],
        ["Lê Thị Thanh Hương", "huong.le@example.vn", "0987 654 321", "Công ty TNHH Quà tặng Việt", trade,
         ";".join(days[:2]), "vi"],
        ["John Carter", "john.carter@example.com", "", "Atlantic Home Imports", trade, days[-1], "en"],
    ]
    type_rows = [[t.code, t.name, t.name_en, day_list(t.valid_days)] for t in types]
    return examples, [("types", ("code", "name", "name_en", "days"), type_rows)]


def template(fair, fmt):
    """The file to fill in, as CSV or XLSX bytes."""
    examples, extra_sheets = template_tables(fair)
    return write_table(fmt, COLUMNS, examples, sheet_title=SHEET_TITLE, extra_sheets=extra_sheets)
