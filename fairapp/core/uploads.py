"""Photo uploads checked by content: real JPEG/PNG/WebP, ≤ 10 MB, ≤ 40 megapixels,
re-encoded from the pixels alone (so no metadata and no smuggled payload survive), renamed
to a random token, with a thumbnail. Stored in the database so every app host can
serve every photo; an area whose photos are not for everyone registers a `photo_guard`."""
import io
import secrets
import warnings

from flask_babel import gettext as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError
from sqlalchemy import ForeignKey, Integer, LargeBinary, String, select, update
from sqlalchemy.orm import Mapped, deferred, mapped_column

from fairapp.core.db import UTCDateTime, utcnow
from fairapp.core.errors import DomainError
from fairapp.extensions import db

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_EDGE = 3000  # jurors zoom in on craftsmanship: keep detail, cap storage
THUMB_EDGE = 480


class StoredImage(db.Model):
    __tablename__ = "stored_images"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(32), unique=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    thumbnail: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)


def _reject(message):
    raise DomainError(message, field="photos", code="bad_image")


def _open_checked(raw: bytes) -> Image.Image:
    if len(raw) > MAX_BYTES:
        _reject(_("Each photo must be at most 10 MB."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(raw))
            if image.format not in ALLOWED_FORMATS:
                _reject(_("Only JPEG, PNG or WebP photos are accepted."))
            # The header's size is checked before any pixel is decoded: a
            # decompression bomb never gets to allocate its memory.
            if image.width * image.height > MAX_PIXELS:
                _reject(_("Each photo must be at most 40 megapixels."))
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):
        _reject(_("This file is not a photo we can read (JPEG, PNG or WebP)."))
    return image


def _opaque(image: Image.Image) -> Image.Image:
    """RGB or L pixels: a JPEG has no alpha, so transparency is laid on white."""
    if image.mode in ("RGB", "L"):
        return image
    background = Image.new("RGB", image.size, "white")
    rgba = image.convert("RGBA")
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background


def _in_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """The pixels in sRGB, opaque. The ICC profile is dropped with the rest of the metadata,
    so colours described by it are converted first; a profile we cannot read is ignored."""
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            space = source.profile.xcolor_space.strip()
            if space == "CMYK" and image.mode == "CMYK":
                return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode="RGB")
            if space == "RGB" and image.mode in ("RGB", "RGBA", "RGBX", "P", "PA"):
                pixels = _opaque(image).convert("RGB")
            elif space == "GRAY" and image.mode in ("L", "LA"):
                pixels = _opaque(image).convert("L")
            else:
                return _opaque(image)
            return ImageCms.profileToProfile(pixels, source, ImageCms.createProfile("sRGB"), outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass
    return _opaque(image)


def _pixels_only(image: Image.Image) -> Image.Image:
    """A new image made of these pixels alone: nothing of `Image.info` comes along (EXIF, XMP,
    IPTC, ICC profile, JPEG comment, PNG text chunks, …), so the JPEG encoder has nothing to copy."""
    return Image.frombytes(image.mode, image.size, image.tobytes())


def _cleaned(image: Image.Image) -> Image.Image:
    icc = image.info.get("icc_profile")
    try:
        image = ImageOps.exif_transpose(image)  # keep what the camera meant, then drop the EXIF
    except (OSError, SyntaxError, ValueError, TypeError, KeyError):
        pass  # an orientation we cannot read: the pixels as they were stored
    return _in_srgb(image, icc)  # its `info` is left behind by _encode, on the smaller copy


def _encode(image: Image.Image, edge: int) -> bytes:
    copy = image.copy()
    copy.thumbnail((edge, edge), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    _pixels_only(copy).save(out, "JPEG", quality=88, optimize=True, progressive=True)
    return out.getvalue()


def store_image(raw: bytes, owner=None) -> StoredImage:
    """Check, clean and store one photo; DomainError with a message for the user if refused."""
    image = _cleaned(_open_checked(raw))
    stored = StoredImage(token=secrets.token_urlsafe(16), owner_id=owner.id if owner else None,
                         width=image.width, height=image.height,
                         data=_encode(image, MAX_EDGE), thumbnail=_encode(image, THUMB_EDGE))
    db.session.add(stored)
    return stored


# ---------------------------------------------------------------- photos stored before the cleaning

_PICTURE_MARKERS = {0xC0, 0xC1, 0xC2, 0xC3, 0xC4, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCC, 0xCD, 0xCE, 0xCF,
                    0xDA, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF}  # frames, scans, tables: nothing but the picture


def carries_metadata(data: bytes) -> bool:
    """Whether a stored JPEG holds anything besides its picture: a segment other than the tables,
    frames, scans and the JFIF header (EXIF, XMP, ICC, IPTC, comments, …), bytes after its end,
    or it is no JPEG we wrote at all."""
    data = bytes(data)
    if data[:2] != b"\xff\xd8":
        return True
    pos, end = 2, len(data)
    while pos + 1 < end:
        if data[pos] != 0xFF:
            return True
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0xD9:  # end of image: nothing may follow
            return pos + 2 != end
        if 0xD0 <= marker <= 0xD7:  # restart markers carry no length
            pos += 2
            continue
        length = int.from_bytes(data[pos + 2:pos + 4], "big")
        segment = data[pos + 4:pos + 2 + length]
        jfif = marker == 0xE0 and segment[:5] == b"JFIF\x00"
        if marker not in _PICTURE_MARKERS and not jfif:
            return True
        pos += 2 + length
        if marker == 0xDA:  # entropy-coded data up to the next marker (0xFF00 is a stuffed byte)
            while True:
                pos = data.find(b"\xff", pos)
                if pos < 0:
                    return True
                following = data[pos + 1] if pos + 1 < end else 0xD9
                if following != 0 and not 0xD0 <= following <= 0xD7:
                    break
                pos += 2
    return True  # no end-of-image marker


def _reencoded(data: bytes, edge: int) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        image = Image.open(io.BytesIO(bytes(data)))
        image.load()
    return _encode(_cleaned(image), edge)


def clean_stored_batch(after_id: int, size: int):
    """Re-encode, in place, the stored photos and thumbnails that still carry metadata among the
    `size` images after id `after_id`: (last id looked at or None when there are no more,
    how many images were cleaned, ids that could not be read). Rows, not objects, so memory stays flat."""
    rows = db.session.execute(select(StoredImage.id, StoredImage.data, StoredImage.thumbnail)
                              .where(StoredImage.id > after_id).order_by(StoredImage.id).limit(size)).all()
    cleaned, unreadable = 0, []
    for image_id, data, thumbnail in rows:
        try:
            values = {name: _reencoded(raw, edge) for name, raw, edge in
                      (("data", data, MAX_EDGE), ("thumbnail", thumbnail, THUMB_EDGE)) if carries_metadata(raw)}
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
            unreadable.append(image_id)
            continue
        if values:
            db.session.execute(update(StoredImage).where(StoredImage.id == image_id).values(**values))
            cleaned += 1
    return (rows[-1].id if rows else None), cleaned, unreadable


# ---------------------------------------------------------------- who may see a photo

_photo_guards = []


def photo_guard(fn):
    """Register fn(image_id, user) -> None when the photo is none of its business, else whether
    `user` (perhaps anonymous) may see it. Core imports no area: the contest registers its own."""
    if fn not in _photo_guards:
        _photo_guards.append(fn)
    return fn


def photo_access(image_id: int, user) -> bool | None:
    """None: no guard claims the photo, it is public; else True/False for this user (any refusal wins)."""
    verdicts = [verdict for verdict in (guard(image_id, user) for guard in _photo_guards) if verdict is not None]
    return all(verdicts) if verdicts else None
