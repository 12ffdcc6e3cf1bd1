"""Organisers set up a fair: its dates and terms, halls, and booths one by one."""
import re
from datetime import time
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from sqlalchemy import or_, select

from fairapp.core import audit
from fairapp.core.errors import DomainError
from fairapp.core.i18n import clean_text
from fairapp.core.validators import checked_email
from fairapp.core.models import Fair
from fairapp.exhibitors.models import BOOTH_TYPES, Booth, ExhibitorApplication, FairTerms, Hall
from fairapp.exhibitors.vietqr import BANKS
from fairapp.extensions import db

SLUG = re.compile(r"[a-z0-9][a-z0-9-]{1,62}[a-z0-9]")
CODE = re.compile(r"[A-Z0-9][A-Z0-9-]{0,15}")
ACCOUNT = re.compile(r"[A-Za-z0-9]{1,19}")
MAX_SIZE_M = Decimal(200)
FAIR_FIELDS = ("slug", "name", "name_en", "venue", "venue_en", "starts_on", "ends_on", "opens_at", "closes_at")
TERMS_FIELDS = ("hold_minutes", "offer_hours", "support_mode", "support_rate_pct", "support_amount_vnd",
                "vat_rate_pct", "payment_days", "pay_before_opening_days", "reminder_every_days",
                "staff_passes_per_booth", "applications_until", "withdraw_until", "refund_pct", "bank_bin",
                "bank_account", "bank_account_name", "invoice_prefix", "organiser_name", "organiser_governing_body",
                "organiser_address", "organiser_tax_code", "organiser_phone", "organiser_email",
                "organiser_representative")
BOOTH_FIELDS = ("code", "hall_id", "booth_type", "width_m", "depth_m", "open_sides", "price_vnd", "x_m", "y_m",
                "polygon", "blocked", "block_reason")


# ---------------------------------------------------------------- fair and terms


def terms_for(fair) -> FairTerms:
    terms = db.session.get(FairTerms, fair.id)
    if terms is None:
        terms = FairTerms(fair_id=fair.id, hold_minutes=15, offer_hours=48, support_mode="none",
                          support_rate_pct=Decimal(0), support_amount_vnd=0, vat_rate_pct=Decimal(10),
                          payment_days=14, pay_before_opening_days=7, reminder_every_days=3, staff_passes_per_booth=3, bank_bin="970415",
                          bank_account="",
                          bank_account_name="", invoice_prefix="HC", last_invoice_number=0,
                          last_receipt_number=0)
        db.session.add(terms)
        db.session.flush()
    return terms


def _check_fair(values, fair=None):
    slug = (values.get("slug") or "").strip().lower()
    if not SLUG.fullmatch(slug):
        raise DomainError(_("Use 3–64 lower-case letters, digits and hyphens."), field="slug")
    clash = db.session.scalar(select(Fair.id).where(Fair.slug == slug))
    if clash is not None and (fair is None or clash != fair.id):
        raise DomainError(_("Another fair already uses this address."), field="slug")
    if values["ends_on"] < values["starts_on"]:
        raise DomainError(_("The fair cannot end before it starts."), field="ends_on")
    if values["closes_at"] <= values["opens_at"]:
        raise DomainError(_("Closing time must be after opening time."), field="closes_at")
    return {**values, "slug": slug, "name": clean_text(values["name"]), "venue": clean_text(values["venue"]),
            "name_en": clean_text(values.get("name_en")), "venue_en": clean_text(values.get("venue_en"))}


def _fair_snapshot(fair):
    # audit keeps dates and datetimes as ISO text, not times of day: do those here.
    values = audit.snapshot(fair, *FAIR_FIELDS)
    return {k: v.isoformat() if isinstance(v, time) else v for k, v in values.items()}


def create_fair(values) -> Fair:
    fair = Fair(**_check_fair(values))
    db.session.add(fair)
    db.session.flush()
    terms_for(fair)
    audit.record("fair.create", "fair", fair.id, after=_fair_snapshot(fair))
    return fair


def update_fair(fair, fair_values, terms_values):
    terms = terms_for(fair)
    checked = _check_terms(terms_values)
    before = {**_fair_snapshot(fair), **audit.snapshot(terms, *TERMS_FIELDS)}
    for name, value in _check_fair(fair_values, fair).items():
        setattr(fair, name, value)
    for name, value in checked.items():
        setattr(terms, name, value)
    after = {**_fair_snapshot(fair), **audit.snapshot(terms, *TERMS_FIELDS)}
    audit.record_changes("fair.update", "fair", fair.id, before, after)


def _check_terms(values):
    values = dict(values)
    if values["support_mode"] not in ("none", "rate", "fixed"):
        raise DomainError(_("Choose how the support is counted."), field="support_mode")
    if not 0 <= values["support_rate_pct"] <= 100:
        raise DomainError(_("A percentage between 0 and 100."), field="support_rate_pct")
    if not 0 <= values["vat_rate_pct"] <= 100:
        raise DomainError(_("A percentage between 0 and 100."), field="vat_rate_pct")
    if values["bank_bin"] not in BANKS:
        raise DomainError(_("Choose the bank."), field="bank_bin")
    account = re.sub(r"[\s.-]", "", values.get("bank_account") or "")
    if account and not ACCOUNT.fullmatch(account):
        raise DomainError(_("An account number has 1–19 letters or digits."), field="bank_account")
    values["bank_account"] = account
    values["bank_account_name"] = clean_text(values.get("bank_account_name")).upper()
    for name in ("organiser_name", "organiser_governing_body", "organiser_address", "organiser_phone",
                 "organiser_representative"):
        values[name] = clean_text(values.get(name))
    values["organiser_email"] = checked_email(values.get("organiser_email"), "organiser_email", optional=True) or ""
    values["organiser_tax_code"] = clean_text(values.get("organiser_tax_code")) or None
    values["invoice_prefix"] = re.sub(r"[^A-Z0-9]", "", (values.get("invoice_prefix") or "").upper()) or "HC"
    return values


# ---------------------------------------------------------------- halls


def save_hall(fair, values, hall=None) -> Hall:
    code = (values.get("code") or "").strip().upper()
    if not CODE.fullmatch(code):
        raise DomainError(_("Use letters, digits and hyphens (e.g. A)."), field="code")
    clash = db.session.scalar(select(Hall.id).where(Hall.fair_id == fair.id, Hall.code == code))
    if clash is not None and (hall is None or clash != hall.id):
        raise DomainError(_("This fair already has a hall with this code."), field="code")
    for name in ("width_m", "depth_m"):
        if not 0 < values[name] <= 1000:
            raise DomainError(_("Between 0 and 1,000 metres."), field=name)
    fields = {"code": code, "name": clean_text(values["name"]), "name_en": clean_text(values.get("name_en")),
              "width_m": values["width_m"],
              "depth_m": values["depth_m"]}
    if hall is None:
        hall = Hall(fair_id=fair.id, **fields)
        db.session.add(hall)
        db.session.flush()
        audit.record("hall.create", "hall", hall.id, after=fields)
    else:
        before = audit.snapshot(hall, *fields)
        for name, value in fields.items():
            setattr(hall, name, value)
        audit.record_changes("hall.update", "hall", hall.id, before, audit.snapshot(hall, *fields))
    return hall


# ---------------------------------------------------------------- booths


def parse_decimal(raw, field):
    if isinstance(raw, (int, float, Decimal)) and not isinstance(raw, bool):
        return Decimal(str(raw))
    text = str(raw or "").strip().replace(" ", "")
    if "," in text and "." not in text:  # 3,5 written the Vietnamese way
        text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise DomainError(_("Enter a number of metres, e.g. 3 or 4.5."), field=field) from None
    if not value.is_finite():
        raise DomainError(_("Enter a number of metres, e.g. 3 or 4.5."), field=field)
    return value


def parse_polygon(raw):
    """'0,0; 6,0; 6,3; 3,6; 0,6' -> [[0, 0], [6, 0], …] (metres on the hall plan), or None."""
    text = (raw or "").strip()
    if not text:
        return None
    points = []
    for part in text.split(";"):
        numbers = re.split(r"[\s,]+", part.strip())
        if len(numbers) != 2:
            raise DomainError(_("Write the outline as x,y pairs separated by semicolons: 0,0; 6,0; 6,3; 0,3."),
                              field="polygon")
        x, y = (parse_decimal(n, "polygon") for n in numbers)
        points.append([float(x), float(y)])
    if len(points) < 3:
        raise DomainError(_("An outline needs at least three corners."), field="polygon")
    return points


def check_booth(fair, values, booth=None, halls=None, codes_taken=None) -> dict:
    """The booth's fields checked and normalised; DomainError(field=…) on the first problem."""
    code = (values.get("code") or "").strip().upper()
    if not CODE.fullmatch(code):
        raise DomainError(_("A booth code has letters, digits and hyphens, e.g. A-12."), field="code")
    if codes_taken is not None:
        clash = code in codes_taken
    else:
        clash_id = db.session.scalar(select(Booth.id).where(Booth.fair_id == fair.id, Booth.code == code))
        clash = clash_id is not None and (booth is None or clash_id != booth.id)
    if clash:
        raise DomainError(_("Booth %(code)s already exists at this fair.", code=code), field="code")
    hall = (halls or {}).get(values.get("hall_id")) if halls is not None else db.session.get(Hall, values.get("hall_id") or 0)
    if hall is None or hall.fair_id != fair.id:
        raise DomainError(_("Choose a hall of this fair."), field="hall_id")
    if values.get("booth_type") not in BOOTH_TYPES:
        raise DomainError(_("The booth type must be standard, corner, double or raw."), field="booth_type")
    result = {"code": code, "hall_id": hall.id, "booth_type": values["booth_type"]}
    for name in ("width_m", "depth_m", "x_m", "y_m"):
        value = parse_decimal(values.get(name), name)
        if name in ("width_m", "depth_m") and not 0 < value <= MAX_SIZE_M:
            raise DomainError(_("Between 0 and 200 metres."), field=name)
        if name in ("x_m", "y_m") and value < 0:
            raise DomainError(_("A position on the plan cannot be negative."), field=name)
        result[name] = value.quantize(Decimal("0.01"))
    if result["x_m"] + result["width_m"] > hall.width_m or result["y_m"] + result["depth_m"] > hall.depth_m:
        raise DomainError(_("The booth lies outside hall %(hall)s (%(w)s × %(d)s m).", hall=hall.code,
                            w=f"{float(hall.width_m):g}", d=f"{float(hall.depth_m):g}"), field="x_m")
    sides = values.get("open_sides")
    if not isinstance(sides, int) or isinstance(sides, bool) or not 0 <= sides <= 4:
        raise DomainError(_("Open sides: a whole number from 0 to 4."), field="open_sides")
    price = values.get("price_vnd")
    if not isinstance(price, int) or isinstance(price, bool) or price < 0:
        raise DomainError(_("The price is a whole number of VND, 0 or more."), field="price_vnd")
    polygon = values.get("polygon")
    if isinstance(polygon, str):
        polygon = parse_polygon(polygon)
    if polygon and any(not (0 <= x <= float(hall.width_m) and 0 <= y <= float(hall.depth_m)) for x, y in polygon):
        raise DomainError(_("The outline lies outside hall %(hall)s.", hall=hall.code), field="polygon")
    blocked = bool(values.get("blocked"))
    reason = clean_text(values.get("block_reason")) or None
    result.update(open_sides=sides, price_vnd=price, polygon=polygon or None, blocked=blocked,
                  block_reason=reason if blocked else None)
    return result


def save_booth(fair, values, booth=None) -> Booth:
    fields = check_booth(fair, values, booth)
    if booth is None:
        booth = Booth(fair_id=fair.id, **fields)
        db.session.add(booth)
        db.session.flush()
        audit.record("booth.create", "booth", booth.id, after=fields)
        return booth
    before = audit.snapshot(booth, *BOOTH_FIELDS)
    for name, value in fields.items():
        setattr(booth, name, value)
    audit.record_changes("booth.update", "booth", booth.id, before, audit.snapshot(booth, *BOOTH_FIELDS))
    return booth


def delete_booth(booth):
    used = db.session.scalar(select(ExhibitorApplication.id).where(or_(
        ExhibitorApplication.booth_id == booth.id, ExhibitorApplication.first_choice_id == booth.id,
        ExhibitorApplication.alternative_1_id == booth.id, ExhibitorApplication.alternative_2_id == booth.id,
    )).limit(1))
    if used is not None or (booth.claim is not None and booth.claim.is_live()):
        raise DomainError(_("Booth %(code)s is named in an application or held: block it instead.",
                            code=booth.code))
    audit.record("booth.delete", "booth", booth.id, before=audit.snapshot(booth, *BOOTH_FIELDS))
    if booth.claim is not None:  # a lapsed hold, not yet swept: it goes with the booth
        db.session.delete(booth.claim)
        db.session.flush()
    db.session.delete(booth)
