"""The exhibitor and booth lists of a fair as tables, written out by fairapp.core.spreadsheets."""
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from fairapp.core.db import utcnow
from fairapp.core.i18n import format_local_datetime
from fairapp.exhibitors import labels
from fairapp.exhibitors.models import Booth, ExhibitorApplication
from fairapp.exhibitors.services.floorplan import booth_list
from fairapp.extensions import db


def exhibitor_rows(fair):
    header = [_("Booth"), _("Status"), _("Name"), _("Kind"), _("Tax code"), _("Representative"), _("Phone"),
              _("E-mail"), _("Address"), _("District"), _("Province or city"), _("Craft village"), _("Craft"),
              _("Artisan title"), _("Year awarded"), _("Decision number"), _("Support eligible"), _("Products"),
              _("Power"), _("Extra table"), _("Invoice"), _("Total (VND)"), _("Paid (VND)"), _("Applied at")]
    applications = db.session.scalars(
        select(ExhibitorApplication).where(ExhibitorApplication.fair_id == fair.id)
        .options(selectinload(ExhibitorApplication.profile), selectinload(ExhibitorApplication.booth),
                 selectinload(ExhibitorApplication.invoices), selectinload(ExhibitorApplication.claim))
        .order_by(ExhibitorApplication.submitted_at, ExhibitorApplication.id)).all()
    now = utcnow()
    rows = []
    for application in applications:
        p = application.profile
        invoice = application.paid_invoice or application.open_invoice
        claim = application.claim
        rows.append([
            # As on the organiser's list: the booth the application holds now (a lapsed offer holds none).
            application.booth.code if application.booth and claim is not None and claim.is_live(now) else "",
            labels.label(labels.APPLICATION_STATUS_LABELS, application.status), p.name,
            labels.label(labels.PROFILE_KIND_LABELS, p.kind), p.tax_code or "", p.representative, p.phone, p.email,
            p.address, p.district or "", p.province, p.craft_village or "", labels.label(labels.CRAFT_LABELS, p.craft),
            labels.label(labels.ARTISAN_TITLE_LABELS, p.artisan_title) if p.artisan_title else "",
            p.artisan_title_year or "", p.artisan_decision_no or "", _("yes") if p.promotion_eligible else _("no"),
            application.products, _("yes") if application.needs_power else _("no"),
            _("yes") if application.needs_extra_table else _("no"),
            invoice.code if invoice else "", invoice.total_vnd if invoice else "",
            invoice.paid_vnd if invoice else "", format_local_datetime(application.submitted_at),
        ])
    return header, rows


def booth_rows(fair):
    header = [_("Booth"), _("Hall"), _("Type"), _("Width (m)"), _("Depth (m)"), _("Area (m²)"), _("Open sides"),
              _("Price (VND)"), _("Status"), _("Exhibitor"), _("Blocked because")]
    holders = dict(db.session.execute(
        select(Booth.code, ExhibitorApplication).join(ExhibitorApplication, ExhibitorApplication.booth_id == Booth.id)
        .where(Booth.fair_id == fair.id, ExhibitorApplication.status.in_(("submitted", "approved", "confirmed")))
        .options(selectinload(ExhibitorApplication.profile))).all())
    reasons = dict(db.session.execute(select(Booth.code, Booth.block_reason)
                                      .where(Booth.fair_id == fair.id, Booth.blocked)).all())
    rows = []
    for booth in booth_list(fair.id):
        holder = holders.get(booth["code"])
        rows.append([booth["code"], booth["hall"], labels.label(labels.BOOTH_TYPE_LABELS, booth["type"]),
                     booth["width_m"], booth["depth_m"], booth["area_m2"], booth["open_sides"], booth["price_vnd"],
                     labels.label(labels.BOOTH_STATUS_LABELS, booth["status"]),
                     holder.profile.name if holder else "", reasons.get(booth["code"]) or ""])
    return header, rows


def export(fair, what):
    """(file name without extension, header, rows) of the exhibitor or booth list."""
    header, rows = exhibitor_rows(fair) if what == "exhibitors" else booth_rows(fair)
    return f"{fair.slug}-{what}", header, rows
