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


@fair_cli.command("worker")
@click.option("--workers", default=2, show_default=True)
def worker(workers):
    """Run the job worker (bulk PDFs, imports, mail retries)."""
    from fairapp.core.jobs import run_worker

    run_worker(current_app._get_current_object(), workers)
