"""Stored text is clean text: forms clean every text field, the data migration cleans what was stored
before, and nothing downstream (exports, PDFs, mails, calendar files) fails on stored data."""
import importlib.util
import io
import os
import unicodedata

import openpyxl
import pypdfium2
from sqlalchemy import select, text
from werkzeug.datastructures import MultiDict
from wtforms import PasswordField, StringField, TextAreaField

from fairapp.core.forms import BaseForm
from fairapp.core.i18n import clean_input, search_key
from fairapp.core.models import Fair, User
from fairapp.extensions import db
from tests.conftest import ROOT, post_form
from tests.exhibitors.conftest import build_fair, get_fair, profile_values, user_by_email

DECOMPOSED = unicodedata.normalize("NFD", "Nguyễn Thị Mai")


def dirty(app, base="Nguyễn Thị Mai"):
    """A value with the control characters a copy-paste or a bad scanner brings (NUL only where the
    database can store it: PostgreSQL refuses it in text)."""
    nul = "\x00" if db.engine.dialect.name == "sqlite" else ""
    return f"{base}\x0b{nul}\x1b[31m\x07 \u200b\x7f\x01"


class SampleForm(BaseForm):
    class Meta:
        csrf = False

    name = StringField()
    notes = TextAreaField()
    password = PasswordField()


def test_every_text_field_is_stored_clean(app):
    data = MultiDict({"name": f" {DECOMPOSED}\x00\t\x1b[0m\nand\u200d more ", "notes": "line one\x00\r\nline\ttwo\x0c\n",
                      "password": " pass\x00word\t"})
    with app.test_request_context(method="POST", data=data):
        form = SampleForm()
        assert form.name.data == "Nguyễn Thị Mai [0m and\u200d more"
        assert form.notes.data == "line one\nline\ttwo"
        assert form.password.data == " pass\x00word\t"  # a password is what was typed


def test_registration_stores_clean_text(client, app):
    from datetime import time, timedelta

    from fairapp.core.fairs import local_today
    from fairapp.visitors.models import Ticket
    from fairapp.visitors.services.tickets import set_up_fair

    with app.app_context():
        fair = Fair(slug="hoi-cho-sach", name="Hội chợ", venue="2 Hoa Lư", starts_on=local_today(),
                    ends_on=local_today() + timedelta(days=1), opens_at=time(8), closes_at=time(21))
        db.session.add(fair)
        db.session.flush()
        set_up_fair(fair)
        db.session.commit()
    response = post_form(client, "/register", {
        "name": f"{DECOMPOSED}\x00\x1b", "email": "mai@example.vn", "phone": "", "organization": "Gốm\x0b Việt\x00",
        "ticket_type": "visitor", "days": [local_today().isoformat()], "consent": "y", "website": ""},
        page="/register")
    assert response.status_code == 302
    with app.app_context():
        ticket = db.session.scalar(select(Ticket))
        assert (ticket.name, ticket.organization) == ("Nguyễn Thị Mai", "Gốm Việt")


def test_services_clean_multi_line_text_from_other_paths(app, make_user):
    from fairapp.exhibitors.services import applications, claims
    from fairapp.exhibitors.services.floorplan import booth_by_code
    from tests.exhibitors.services.test_applications import application_values

    email = make_user("exhibitor")
    with app.test_request_context():
        build_fair()
        db.session.commit()
        user = user_by_email(email)
        from fairapp.exhibitors.services.profiles import save_profile

        save_profile(user, profile_values(name=f"HTX\x00 {DECOMPOSED}\x1b"))
        claims.hold(booth_by_code(get_fair().id, "A-02"), user, 15)
        application = applications.apply(user, get_fair(), application_values(
            booth="A-02", products="Bình gốm\x00\r\nLọ hoa\x0c", notes="\x1bGhi chú\t1"))
        db.session.commit()
        assert (application.products, application.notes) == ("Bình gốm\nLọ hoa", "Ghi chú\t1")
        assert application.profile.name == "HTX Nguyễn Thị Mai"


# ---------------------------------------------------------------- the data migration


def _migration():
    path = os.path.join(ROOT, "migrations", "versions", "c4a7e2d91f30_stored_text_cleaned_nfc_no_control_characters.py")
    spec = importlib.util.spec_from_file_location("clean_text_migration", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_migration_cleans_stored_rows_batch_by_batch(app, make_user):
    migration = _migration()
    with app.app_context():
        name = dirty(app)
        for n in range(7):  # more rows than a batch of 3
            make_user("exhibitor", email=f"u{n}@example.vn", name=f"Người {n}")
        make_user("organizer", email="clean@example.vn", name="Trần Thị Thu Hà")
        build_fair(slug="hoi-cho-ban")
        db.session.commit()
        fair_id = get_fair("hoi-cho-ban").id
        db.session.rollback()  # no read snapshot of the session outlives the raw writes below
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE users SET name = :name, name_key = 'stale' WHERE email LIKE 'u%'"), {"name": name})
            conn.execute(text("UPDATE fairs SET name = :name, venue = :venue WHERE id = :id"),
                         {"name": f"{DECOMPOSED}\x1b", "venue": "2 Hoa Lư\r\nHà Nội", "id": fair_id})
            conn.execute(text("UPDATE booths SET block_reason = :reason WHERE code = 'A-99'"),
                         {"reason": "Cột\x07 nhà\t"})
        with db.engine.begin() as conn:
            changed = migration.clean_stored_text(conn, batch=3)
        db.session.rollback()
        assert changed["users"] == 7 and changed["fairs"] == 1 and changed["booths"] == 1
        rows = db.session.execute(select(User.email, User.name, User.name_key).order_by(User.email)).all()
        assert ("clean@example.vn", "Trần Thị Thu Hà", search_key("Trần Thị Thu Hà")) in rows
        for email, stored, key in rows:
            assert stored == clean_input(stored) and "\x1b" not in stored
            assert key == search_key(stored)
        fair = db.session.get(Fair, fair_id)
        assert (fair.name, fair.venue) == ("Nguyễn Thị Mai", "2 Hoa Lư Hà Nội")
        with db.engine.begin() as conn:
            assert migration.clean_stored_text(conn, batch=3)["users"] == 0  # once is enough


def test_the_migration_keeps_line_breaks_in_multi_line_columns(app, make_user):
    from tests.exhibitors.services.test_applications import submit

    migration = _migration()
    email = make_user("exhibitor")
    with app.test_request_context():
        build_fair()
        db.session.commit()
        from fairapp.exhibitors.services.profiles import save_profile

        save_profile(user_by_email(email), profile_values())
        db.session.commit()
    application_id = submit(app, email)
    with app.app_context():
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE exhibitor_applications SET products = :p WHERE id = :id"),
                         {"p": "Bình gốm\x1b\r\nLọ hoa\t(men lam)\x07", "id": application_id})
            conn.execute(text("UPDATE exhibitor_profiles SET name = :n"), {"n": "HTX\x1b Gốm\nBát Tràng"})
        with db.engine.begin() as conn:
            migration.clean_stored_text(conn)
        db.session.rollback()
        products = db.session.execute(text("SELECT products FROM exhibitor_applications")).scalar()
        profile = db.session.execute(text("SELECT name, search_key FROM exhibitor_profiles")).one()
    assert products == "Bình gốm\nLọ hoa\t(men lam)"
    assert profile.name == "HTX Gốm Bát Tràng" and "htx gom bat trang" in profile.search_key


# ---------------------------------------------------------------- nothing downstream fails


def test_dirty_stored_values_break_no_export_pdf_mail_or_calendar(app, make_user, mailbox):
    from fairapp.core.admin.services import export_audit
    from fairapp.core.spreadsheets import write_table
    from fairapp.exhibitors.models import Invoice
    from fairapp.exhibitors.services import applications, exports, invoices
    from fairapp.exhibitors.services.profiles import save_profile
    from fairapp.visitors.documents.badges import badge_fields, render_badges, ticket_pdf
    from fairapp.visitors.documents.calendar import fair_event_ics
    from fairapp.visitors.models import Ticket
    from fairapp.visitors.services import ticket_export, tickets
    from tests.exhibitors.services.test_applications import submit

    organiser = make_user("organizer")
    email = make_user("exhibitor", email="artisan@example.vn")
    with app.test_request_context():
        fair = build_fair()
        tickets.set_up_fair(fair)
        save_profile(user_by_email(email), profile_values())
        db.session.commit()
    application_id = submit(app, email)
    with app.test_request_context():
        from fairapp.exhibitors.models import ExhibitorApplication

        applications.approve(db.session.get(ExhibitorApplication, application_id), user_by_email(organiser), None)
        fair = get_fair()
        ticket = tickets.issue_ticket(fair, tickets.type_by_code(fair, "visitor"), name="Lê Thị Hương",
                                      email="huong@example.vn", organization="Gốm Việt")
        db.session.commit()
        ticket_id, fair_id = ticket.id, fair.id
        db.session.rollback()
        value = dirty(app)
        with db.engine.begin() as conn:  # straight into the tables: no form, no service
            for sql in ("UPDATE tickets SET name = :v, organization = :v",
                        "UPDATE fairs SET name = :v, venue = :v",
                        "UPDATE exhibitor_profiles SET name = :v, representative = :v, address = :v, craft_village = :v",
                        "UPDATE fair_terms SET organiser_name = :v, organiser_address = :v, organiser_representative = :v",
                        "UPDATE exhibitor_applications SET products = :v, notes = :v",
                        "UPDATE booths SET block_reason = :v",
                        "UPDATE users SET name = :v",
                        "UPDATE invoices SET buyer_name = :v, buyer_address = :v",
                        "UPDATE audit_entries SET actor_label = :v"):
                conn.execute(text(sql), {"v": value})
        db.session.rollback()  # read what the raw writes stored
        fair = db.session.get(Fair, fair_id)
        ticket = db.session.get(Ticket, ticket_id)
        for what in ("exhibitors", "booths"):
            _name, header, rows = exports.export(fair, what)
            rows = list(rows)
            openpyxl.load_workbook(io.BytesIO(write_table("xlsx", header, rows)))
            write_table("csv", header, rows).decode("utf-8")
        for fmt in ("xlsx", "csv"):
            data = ticket_export.export_tickets(fair, fmt)
            if fmt == "xlsx":
                sheet = openpyxl.load_workbook(io.BytesIO(data)).active
                assert any("Nguyễn Thị Mai" in str(c.value or "") for row in sheet.iter_rows() for c in row)
            else:
                data.decode("utf-8-sig")
        _filename, _type, audit_csv = export_audit({}, lambda done, total: None)
        assert audit_csv
        for pdf in (ticket_pdf(ticket), render_badges([badge_fields(ticket)], "4xa6"),
                    invoices.payment_request_pdf(db.session.scalar(select(Invoice)))):
            document = pypdfium2.PdfDocument(pdf)
            assert len(document) >= 1
            document[0].get_textpage().get_text_range()
        ics = fair_event_ics(ticket).decode("utf-8")
        assert "\x1b" not in ics and "\x00" not in ics
        tickets.send_ticket(ticket)
        db.session.commit()
    messages = mailbox.wait_for(1)
    assert [m for m in messages if "huong@example.vn" in m["To"]]

