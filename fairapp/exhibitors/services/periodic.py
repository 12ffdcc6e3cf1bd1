"""Housekeeping that runs on a timer (the worker's periodic task) or by `flask fair send-reminders`."""
from sqlalchemy import select

from fairapp.core.db import sqlite_write_intent
from fairapp.core.jobs import periodic_task
from fairapp.core.models import Fair
from fairapp.exhibitors.services.applications import expire_offers
from fairapp.exhibitors.services.claims import sweep_expired_holds
from fairapp.exhibitors.services.invoices import send_reminders
from fairapp.exhibitors.services.notices import site_context
from fairapp.exhibitors.services.profiles import purge_pending
from fairapp.extensions import db


def run_reminders(app, slug=None):
    """Payment reminders for overdue invoices and lapsed waiting-list offers passed on, every fair
    (or one); returns (reminders sent, offers passed on). Commits; mail goes after the commit."""
    token = sqlite_write_intent.set(True)
    try:
        with site_context(app):
            query = select(Fair).order_by(Fair.id)
            if slug:
                query = query.where(Fair.slug == slug)
            reminded = offers = 0
            for fair in db.session.scalars(query).all():
                offers += expire_offers(fair)
                sweep_expired_holds(fair.id)
                reminded += send_reminders(fair)
                db.session.commit()
            purge_pending()  # photos of profile forms abandoned more than a day ago
            db.session.commit()
            return reminded, offers
    finally:
        sqlite_write_intent.reset(token)


@periodic_task("exhibitors_housekeeping", minute="*/15")
def housekeeping(app):
    """Every 15 minutes in the worker: nothing waits on it for correctness (a lapsed hold or
    offer already counts as a free booth); it moves the waiting list on and sends reminders."""
    run_reminders(app)
