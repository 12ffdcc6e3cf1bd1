"""Exhibitor profiles: who the exhibitor is, checked Vietnamese data, and up to six product photos."""
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from fairapp.core import audit
from fairapp.core.errors import DomainError
from fairapp.core.i18n import clean_text, search_key
from fairapp.core.uploads import store_image
from fairapp.core.validators import normalise_phone, valid_tax_code
from fairapp.exhibitors.labels import HANOI, HANOI_DISTRICTS
from fairapp.exhibitors.models import (
    ARTISAN_TITLES, CRAFTS, MAX_PHOTOS, PROFILE_KINDS, ExhibitorPhoto, ExhibitorProfile,
)
from fairapp.extensions import db

FIELDS = ("kind", "name", "tax_code", "representative", "phone", "email", "address", "district", "province",
          "craft_village", "craft", "artisan_title", "artisan_title_year", "artisan_decision_no",
          "promotion_eligible")
# Households and individual artisans may have no tax code of their own.
TAX_CODE_OPTIONAL = ("household", "individual")


def profile_of(user):
    return db.session.scalar(select(ExhibitorProfile).where(ExhibitorProfile.user_id == user.id))


def _tax_code(kind, raw):
    code = "".join((raw or "").split())
    if not code:
        if kind not in TAX_CODE_OPTIONAL:
            raise DomainError(_("A business or cooperative needs its tax code."), field="tax_code")
        return None
    if not valid_tax_code(code):
        raise DomainError(_("This tax code is not valid: 10 digits (or 13 for a branch) with a correct check digit."),
                          field="tax_code")
    digits = code.replace("-", "")
    return digits[:10] + ("-" + digits[10:] if len(digits) == 13 else "")


def check_profile(values) -> dict:
    """The profile's fields checked and normalised; DomainError(field=…) with a message otherwise."""
    kind = values.get("kind")
    if kind not in PROFILE_KINDS:
        raise DomainError(_("Choose what kind of exhibitor you are."), field="kind")
    name = clean_text(values.get("name"))
    if not name:
        raise DomainError(_("This field is required."), field="name")
    phone = normalise_phone(values.get("phone"))
    if phone is None:
        raise DomainError(_("Enter a Vietnamese mobile number (e.g. 0912 345 678) or a Hanoi landline (024…)."),
                          field="phone")
    district = clean_text(values.get("district")) or None
    if district is not None and district not in HANOI_DISTRICTS:
        raise DomainError(_("Choose one of Hanoi's districts, or none."), field="district")
    province = clean_text(values.get("province")) or HANOI
    if district is not None and province != HANOI:
        raise DomainError(_("A Hanoi district goes with the province %(province)s.", province=HANOI), field="district")
    if values.get("craft") not in CRAFTS:
        raise DomainError(_("Choose a craft."), field="craft")
    title = values.get("artisan_title") or None
    year = values.get("artisan_title_year") or None
    decision = clean_text(values.get("artisan_decision_no")) or None
    if title is not None:
        if title not in ARTISAN_TITLES:
            raise DomainError(_("Choose a title from the list."), field="artisan_title")
        if year is None or not 1990 <= year <= date.today().year:
            raise DomainError(_("The year the title was awarded (1990 or later)."), field="artisan_title_year")
        if not decision:
            raise DomainError(_("The number of the decision that awarded the title."), field="artisan_decision_no")
    else:
        year = decision = None
    checked = {
        "kind": kind, "name": name, "tax_code": _tax_code(kind, values.get("tax_code")),
        "representative": clean_text(values.get("representative")), "phone": phone,
        "email": (values.get("email") or "").strip().lower(), "address": clean_text(values.get("address")),
        "district": district, "province": province, "craft_village": clean_text(values.get("craft_village")) or None,
        "craft": values["craft"], "artisan_title": title, "artisan_title_year": year,
        "artisan_decision_no": decision, "promotion_eligible": bool(values.get("promotion_eligible")),
    }
    for required in ("representative", "email", "address"):
        if not checked[required]:
            raise DomainError(_("This field is required."), field=required)
    return checked


def _search_key(profile):
    parts = (profile.name, profile.representative, profile.craft_village, profile.district, profile.province)
    return search_key(" ".join(p for p in parts if p))[:600]


def save_profile(user, values, new_photos=()):
    """Create or update the exhibitor's profile and add photos (raw bytes), all or nothing."""
    checked = check_profile(values)
    profile = profile_of(user)
    if profile is None:
        profile = ExhibitorProfile(user_id=user.id, **checked)
        profile.search_key = _search_key(profile)
        db.session.add(profile)
        db.session.flush()
        audit.record("exhibitor.profile_create", "exhibitor_profile", profile.id, after=checked)
    else:
        before = audit.snapshot(profile, *FIELDS)
        for name, value in checked.items():
            setattr(profile, name, value)
        profile.search_key = _search_key(profile)
        audit.record_changes("exhibitor.profile_update", "exhibitor_profile", profile.id,
                             before, audit.snapshot(profile, *FIELDS))
    if new_photos:
        add_photos(profile, user, new_photos)
    return profile


def add_photos(profile, user, raw_photos):
    used = set(db.session.scalars(select(ExhibitorPhoto.position).where(ExhibitorPhoto.profile_id == profile.id)))
    free = [p for p in range(MAX_PHOTOS) if p not in used]
    if len(raw_photos) > len(free):
        raise DomainError(_("At most %(n)d product photos: remove one before adding another.", n=MAX_PHOTOS),
                          field="photos")
    added = []
    for position, raw in zip(free, raw_photos):
        image = store_image(raw, owner=user)  # DomainError for anything that is not a sound photo
        db.session.flush()
        photo = ExhibitorPhoto(profile_id=profile.id, image_id=image.id, position=position)
        db.session.add(photo)
        added.append(photo)
    db.session.flush()
    audit.record("exhibitor.photos_add", "exhibitor_profile", profile.id,
                 after={"photos": [p.image_id for p in added]})
    db.session.expire(profile, ["photos"])
    return added


def remove_photo(profile, photo_id):
    photo = db.session.get(ExhibitorPhoto, photo_id)
    if photo is None or photo.profile_id != profile.id:
        raise DomainError(_("This photo does not exist."), status=404)
    audit.record("exhibitor.photo_remove", "exhibitor_profile", profile.id, before={"photo": photo.image_id})
    db.session.delete(photo)
    db.session.delete(photo.image)

