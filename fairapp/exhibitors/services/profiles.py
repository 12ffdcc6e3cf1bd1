"""Exhibitor profiles: who the exhibitor is, checked Vietnamese data, and up to six product photos."""
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, select

from fairapp.core import audit
from fairapp.core.errors import DomainError
from fairapp.core.i18n import clean_text, search_key
from fairapp.core.db import utcnow
from fairapp.core.uploads import StoredImage, photo_guard, store_image
from fairapp.core.validators import checked_email, normalise_phone, valid_tax_code
from fairapp.exhibitors.labels import HANOI, HANOI_DISTRICTS
from fairapp.exhibitors.models import (
    ARTISAN_TITLES, CRAFTS, MAX_PHOTOS, PROFILE_KINDS, ExhibitorPhoto, ExhibitorProfile, PendingPhoto,
)
from fairapp.extensions import db

FIELDS = ("kind", "name", "tax_code", "representative", "phone", "email", "address", "district", "province",
          "craft_village", "craft", "artisan_title", "artisan_title_year", "artisan_decision_no",
          "promotion_eligible", "publish_phone", "publish_email")
# Households and individual artisans may have no tax code of their own.
TAX_CODE_OPTIONAL = ("household", "individual")
PENDING_KEPT = timedelta(days=1)


def profile_of(user):
    return db.session.scalar(select(ExhibitorProfile).where(ExhibitorProfile.user_id == user.id))


def _tax_code(kind, raw):
    code = "".join((raw or "").split())
    if not code:
        if kind not in TAX_CODE_OPTIONAL:
            raise DomainError(_("Enter the tax code of your business or cooperative (10 digits, e.g. 0100233488); "
                            "only households and individual artisans may leave it empty."), field="tax_code")
        return None
    if not valid_tax_code(code):
        raise DomainError(_("This tax code is not valid: check it against your registration certificate "
                            "(10 digits, or 13 for a branch such as 0312687878-001)."), field="tax_code")
    digits = code.replace("-", "")
    return digits[:10] + ("-" + digits[10:] if len(digits) == 13 else "")


def check_profile(values) -> dict:
    """The profile's fields checked and normalised; DomainError(field=…) with a message otherwise."""
    kind = values.get("kind")
    if kind not in PROFILE_KINDS:
        raise DomainError(_("Choose what kind of exhibitor you are."), field="kind")
    name = clean_text(values.get("name"))
    if not name:
        raise DomainError(_("Enter the name of your business, cooperative or household, as on your papers."),
                          field="name")
    phone = normalise_phone(values.get("phone"))
    if phone is None:
        raise DomainError(_("Enter a Vietnamese mobile number (e.g. 0912 345 678) or a Hanoi landline (024…)."),
                          field="phone")
    district = clean_text(values.get("district")) or None
    if district is not None and district not in HANOI_DISTRICTS:
        raise DomainError(_("Choose one of Hanoi's districts from the list, or “Not in Hanoi / none”."),
                          field="district")
    province = clean_text(values.get("province")) or HANOI
    if district is not None and province != HANOI:
        raise DomainError(_("A Hanoi district goes with the province %(province)s: change the province to "
                            "%(province)s or choose “Not in Hanoi / none”.", province=HANOI), field="district")
    if values.get("craft") not in CRAFTS:
        raise DomainError(_("Choose your craft from the list."), field="craft")
    title = values.get("artisan_title") or None
    year = values.get("artisan_title_year") or None
    decision = clean_text(values.get("artisan_decision_no")) or None
    if title is not None:
        if title not in ARTISAN_TITLES:
            raise DomainError(_("Choose a title from the list."), field="artisan_title")
        if year is None or not 1990 <= year <= date.today().year:
            raise DomainError(_("Enter the year the title was awarded, from 1990 to %(year)d (e.g. 2019).",
                                year=date.today().year), field="artisan_title_year")
        if not decision:
            raise DomainError(_("Enter the decision number of the title award (e.g. 1234/QĐ-CTN)."),
                              field="artisan_decision_no")
    else:
        year = decision = None
    checked = {
        "kind": kind, "name": name, "tax_code": _tax_code(kind, values.get("tax_code")),
        "representative": clean_text(values.get("representative")), "phone": phone,
        "email": checked_email(values.get("email"), optional=True), "address": clean_text(values.get("address")),
        "district": district, "province": province, "craft_village": clean_text(values.get("craft_village")) or None,
        "craft": values["craft"], "artisan_title": title, "artisan_title_year": year,
        "artisan_decision_no": decision, "promotion_eligible": bool(values.get("promotion_eligible")),
        # Published only when ticked: a missing value is no consent.
        "publish_phone": bool(values.get("publish_phone")), "publish_email": bool(values.get("publish_email")),
    }
    missing = {"representative": _("Enter the full name of the person who represents you."),
               "email": _("Enter an e-mail address we can write to (e.g. ten@example.vn)."),
               "address": _("Enter your address: house number, street or hamlet, commune or ward.")}
    for required, message in missing.items():
        if not checked[required]:
            raise DomainError(message, field=required)
    return checked


def _search_key(profile):
    parts = (profile.name, profile.representative, profile.craft_village, profile.district, profile.province)
    return search_key(" ".join(p for p in parts if p))[:600]


def save_profile(user, values, new_photos=(), pending=()):
    """Create or update the exhibitor's profile and add photos (raw bytes, and pending photos by token),
    all or nothing."""
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
    if pending:
        attach_pending(profile, user, pending)
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



# ---------------------------------------------------------------- photos kept while the form is not yet saved


def stage_photos(user, raw_photos, room=MAX_PHOTOS):
    """Check and store uploaded photos at once, as the user's pending photos, so a profile form that
    fails elsewhere keeps them: (stored images, messages for the photos refused). At most `room`
    are taken: the profile's free places less the photos already pending."""
    staged, refused = [], []
    for name, raw in raw_photos:
        if len(staged) >= room:
            refused.append(_("%(file)s: at most %(n)d product photos in all; remove one before adding another.",
                             file=name, n=MAX_PHOTOS))
            continue
        try:
            with db.session.begin_nested():
                image = store_image(raw, owner=user)
                db.session.flush()
                db.session.add(PendingPhoto(image_id=image.id, user_id=user.id))
        except DomainError as exc:
            refused.append(_("%(file)s: %(reason)s", file=name, reason=exc.message))
        else:
            staged.append(image)
    return staged, refused


def pending_of(user, tokens):
    """The user's pending photos among `tokens`, in that order (unknown or foreign tokens are dropped)."""
    tokens = [t for t in dict.fromkeys(tokens or ()) if isinstance(t, str) and t]
    if not tokens:
        return []
    found = {image.token: image for image in db.session.scalars(
        select(StoredImage).join(PendingPhoto, PendingPhoto.image_id == StoredImage.id)
        .where(PendingPhoto.user_id == user.id, StoredImage.token.in_(tokens)))}
    return [found[t] for t in tokens if t in found]


def drop_pending(user, token):
    for image in pending_of(user, [token]):
        db.session.execute(delete(PendingPhoto).where(PendingPhoto.image_id == image.id))
        db.session.delete(image)
    db.session.flush()


def attach_pending(profile, user, tokens):
    images = pending_of(user, tokens)
    used = set(db.session.scalars(select(ExhibitorPhoto.position).where(ExhibitorPhoto.profile_id == profile.id)))
    free = [p for p in range(MAX_PHOTOS) if p not in used]
    if len(images) > len(free):
        raise DomainError(_("At most %(n)d product photos: remove %(extra)d of the new ones before saving.",
                            n=MAX_PHOTOS, extra=len(images) - len(free)), field="photos")
    for position, image in zip(free, images):
        db.session.add(ExhibitorPhoto(profile_id=profile.id, image_id=image.id, position=position))
    db.session.execute(delete(PendingPhoto).where(PendingPhoto.image_id.in_([i.id for i in images])))
    db.session.flush()
    audit.record("exhibitor.photos_add", "exhibitor_profile", profile.id, after={"photos": [i.id for i in images]})
    db.session.expire(profile, ["photos"])


def purge_pending(now=None) -> int:
    """Delete pending photos left for more than a day (a form abandoned halfway); returns how many."""
    cutoff = (now or utcnow()) - PENDING_KEPT
    ids = list(db.session.scalars(select(PendingPhoto.image_id).where(PendingPhoto.created_at < cutoff)))
    if ids:
        db.session.execute(delete(StoredImage).where(StoredImage.id.in_(ids)))
        db.session.execute(delete(PendingPhoto).where(PendingPhoto.image_id.in_(ids)))
    return len(ids)


@photo_guard
def pending_photo_access(image_id, user):
    """A pending photo is seen by its uploader alone, until the profile it belongs to is saved."""
    owner = db.session.scalar(select(PendingPhoto.user_id).where(PendingPhoto.image_id == image_id))
    if owner is None:
        return None
    return bool(getattr(user, "is_authenticated", False)) and user.id == owner
