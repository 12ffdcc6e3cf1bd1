"""`flask fair …` commands: users, the demo fair, backups, the job worker."""
import os
import sqlite3

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from fairapp.core.models import ROLES, Fair, User
from fairapp.extensions import db

fair_cli = AppGroup("fair", help="Run and look after fairapp.")


@fair_cli.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--name", required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--locale", type=click.Choice(["vi", "en"]), default="vi")
def create_user(email, role, name, password, locale):
    """Create a confirmed account (for the first organiser)."""
    from fairapp.core.auth.services import check_password_rules, new_user
    from fairapp.core.errors import DomainError

    try:
        check_password_rules(password)
        user = new_user(email=email, name=name, role=role, locale=locale, password=password, confirmed=True)
    except DomainError as exc:
        raise click.ClickException(exc.message) from exc
    db.session.commit()
    click.echo(f"created {user.email} ({user.role})")


@fair_cli.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when a fair already exists.")
def demo(if_empty):
    """Load the demo fair (days start today), its booths, contest and demo accounts."""
    from fairapp.demo import PEOPLE, load_demo

    if db.session.scalar(select(Fair.id).limit(1)) is not None:
        if if_empty:
            click.echo("demo data already loaded")
            return
        raise click.ClickException("the database already has a fair; use a fresh database for the demo")
    fair = load_demo()
    db.session.commit()
    click.echo(f"demo fair {fair.slug}: {fair.name}, {len(PEOPLE)} demo accounts (see `flask fair logins`)")


@fair_cli.command("logins")
def logins():
    """Print the demo accounts that exist in this database."""
    from fairapp.demo import DEMO_PASSWORD, PEOPLE

    emails = [email for _role, email, _name, _locale in PEOPLE]
    found = set(db.session.scalars(select(User.email).where(User.email.in_(emails))))
    click.echo(f"  password for every demo account: {DEMO_PASSWORD}")
    for role, email, name, _locale in PEOPLE:
        if email in found:
            click.echo(f"  {role:<10} {email:<28} {name}")


@fair_cli.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
def backup(path):
    """Consistent copy of the SQLite database, safe while the app runs (SQLite online backup)."""
    if db.engine.dialect.name != "sqlite":
        raise click.ClickException("backup copies the SQLite database; for PostgreSQL use pg_dump")
    source_path = db.engine.url.database
    if os.path.abspath(path) == os.path.abspath(source_path):
        raise click.ClickException("the backup path is the database itself")
    source = sqlite3.connect(source_path, timeout=current_app.config["SQLITE_BUSY_TIMEOUT_MS"] / 1000)
    target = sqlite3.connect(path)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    click.echo(f"backup written to {path}")


@fair_cli.command("send-reminders")
@click.option("--fair", "slug", help="Only this fair (its slug); default: every fair.")
def send_reminders(slug):
    """Remind exhibitors of overdue payment requests and pass lapsed waiting-list offers on."""
    from fairapp.exhibitors.services.periodic import run_reminders

    reminded, offers = run_reminders(current_app._get_current_object(), slug)
    click.echo(f"{reminded} payment reminders sent, {offers} lapsed offers passed on")


@fair_cli.command("worker")
@click.option("--workers", default=2, show_default=True)
def worker(workers):
    """Run the job worker (bulk PDFs, imports, mail retries)."""
    from fairapp.core.jobs import run_worker

    run_worker(current_app._get_current_object(), workers)


@fair_cli.command("mail-catcher")
@click.option("--host", default=None, help="Loopback address to listen on (default: MAIL_SERVER).")
@click.option("--port", type=int, default=None, help="Port to listen on (default: MAIL_PORT).")
def mail_catcher(host, port):
    """Catch every mail on loopback SMTP into instance/mailbox/ (read them at /dev/mailbox)."""
    from fairapp.core.devmail.store import folder_of, serve

    host, port = host or current_app.config["MAIL_SERVER"], port or current_app.config["MAIL_PORT"]
    folder = folder_of(current_app)
    click.echo(f"mail catcher on {host}:{port}, keeping every message in {folder}")
    try:
        serve(folder, host, port)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc


@fair_cli.command("clean-photos")
@click.option("--batch", default=20, show_default=True, help="Photos read and written per transaction.")
def clean_photos(batch):
    """Re-encode, in place, every stored photo and thumbnail that still carries metadata (safe to rerun)."""
    from fairapp.core.uploads import clean_stored_batch

    last_id, cleaned, unreadable = 0, 0, []
    while True:
        last_id, batch_cleaned, batch_unreadable = clean_stored_batch(last_id, batch)
        if last_id is None:
            break
        db.session.commit()  # one batch per transaction: memory stays flat, writers are not held up long
        cleaned += batch_cleaned
        unreadable += batch_unreadable
    for image_id in unreadable:
        click.echo(f"stored image {image_id} could not be read; left as it is", err=True)
    click.echo(f"photos cleaned of their metadata: {cleaned}")


def _fair_named(slug):
    fair = db.session.scalar(select(Fair).where(Fair.slug == slug))
    if fair is None:
        raise click.ClickException(f"no fair with the slug {slug!r}")
    return fair


@fair_cli.command("import-visitors")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--fair", "slug", required=True, help="The fair's slug.")
@click.option("--send-tickets", is_flag=True, help="E-mail every ticket (through the job worker).")
@click.option("--base-url", help="The site's public address for the links in the e-mails, e.g. https://fair.example.vn/")
def import_visitors(file, slug, send_tickets, base_url):
    """Issue tickets for the visitors of a CSV or XLSX file: every row, or none if any row is wrong."""
    from fairapp.core.db import sqlite_write_intent
    from fairapp.core.errors import DomainError
    from fairapp.visitors.services import visitor_import

    if send_tickets and not base_url:
        raise click.UsageError("--send-tickets needs --base-url (the site's public address)")
    # New ids are taken from max(id) on SQLite: hold the write lock from the first read.
    intent = sqlite_write_intent.set(True)
    try:
        fair = _fair_named(slug)
        with open(file, "rb") as fh:
            result = visitor_import.import_visitors(fair, os.path.basename(file), fh.read(), send_tickets=send_tickets,
                                              base_url=base_url)
        db.session.commit()
    except visitor_import.ImportRefused as exc:
        db.session.rollback()
        for number, message in exc.problems:
            click.echo(f"row {number}: {message}", err=True)
        raise click.ClickException(exc.message) from exc
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from exc
    finally:
        sqlite_write_intent.reset(intent)
    click.echo(f"imported {len(result.ticket_ids)} tickets into {fair.slug}"
               + (f"; job {result.job.id} e-mails {result.emailed} of them" if result.job else ""))


@fair_cli.command("export-tickets")
@click.argument("file", type=click.Path(dir_okay=False, writable=True))
@click.option("--fair", "slug", required=True, help="The fair's slug.")
def export_tickets(file, slug):
    """Write the fair's tickets with their codes and check-in status; .csv or .xlsx by the file's name."""
    from fairapp.core.errors import DomainError
    from fairapp.core.spreadsheets import file_format
    from fairapp.visitors.services import ticket_export

    try:
        fmt = file_format(file)
    except DomainError as exc:
        raise click.ClickException(exc.message) from exc
    fair = _fair_named(slug)
    data = ticket_export.export_tickets(fair, fmt)
    with open(file, "wb") as fh:
        fh.write(data)
    click.echo(f"tickets of {fair.slug} written to {file}")


@fair_cli.command("gate-token")
@click.option("--fair", "slug", required=True, help="The fair's slug.")
@click.option("--gate", "gate_name", required=True, help="The gate's name, e.g. \"Cổng 1\".")
@click.option("--name", "device_name", help="What to call the scanner (default: after the gate).")
def gate_token(slug, gate_name, device_name):
    """Create a scanner token for a gate; it is printed once, as the last word."""
    from fairapp.core.i18n import clean_text
    from fairapp.visitors.services import setup

    fair = _fair_named(slug)
    gate = next((g for g in setup.gates(fair) if g.name.casefold() == clean_text(gate_name).casefold()), None)
    if gate is None:
        names = ", ".join(g.name for g in setup.gates(fair)) or "none"
        raise click.ClickException(f"{fair.slug} has no gate {gate_name!r} (gates: {names})")
    device, token = setup.create_device(fair, gate.id, device_name or f"{gate.name} scanner")
    db.session.commit()
    click.echo(f"scanner {device.id} '{device.name}' at {gate.name} ({fair.slug}); token, shown only now: {token}")
