"""store_image keeps the pixels and nothing else: every kind of metadata a JPEG, PNG or WebP can carry
is gone from the stored photo and its thumbnail, colours described by an ICC profile are kept right;
`flask fair clean-photos` cleans the photos stored before, in place and only once."""
import io
import struct

import pytest
from PIL import Image, ImageCms, PngImagePlugin
from sqlalchemy import func, select

from fairapp.core.uploads import StoredImage, carries_metadata, store_image
from fairapp.extensions import db

MARK = "MAKER-PHAM-THI-BICH-THUY"  # what a juror must never read in an entry's photo
NAME = "Phạm Thị Bích Thủy"
XMP = (f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       f'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="{MARK} {NAME}"/>'
       f'</rdf:RDF></x:xmpmeta>').encode()
# What Pillow reports of a JPEG it wrote itself from bare pixels: the JFIF header and the scan order.
HARMLESS_INFO = {"jfif", "jfif_version", "jfif_unit", "jfif_density", "progressive", "progression"}
FORMAT_KINDS = {
    "JPEG": ("comment", "exif", "gps", "xmp", "icc", "iptc", "app_segment"),
    "PNG": ("comment", "exif", "xmp", "icc", "text", "ztxt", "itxt", "private_chunk"),
    "WEBP": ("exif", "gps", "xmp", "icc"),
}


# ---------------------------------------------------------------- photos carrying metadata


def icc_profile(description=MARK, swap_red_green=False):
    """A small ICC v2 RGB matrix/TRC profile (sRGB's primaries, gamma 2.2), its description naming
    the maker; with swap_red_green its red and green primaries trade places, so colour-managed
    software shows (200, 30, 30) as a green."""
    def s15(x):
        return struct.pack(">i", round(x * 65536))

    def xyz(x, y, z):
        return b"XYZ \0\0\0\0" + s15(x) + s15(y) + s15(z)

    red, green, blue = (0.4361, 0.2225, 0.0139), (0.3851, 0.7169, 0.0971), (0.1431, 0.0606, 0.7141)
    if swap_red_green:
        red, green = green, red
    text = description.encode("ascii") + b"\0"
    desc = b"desc\0\0\0\0" + struct.pack(">I", len(text)) + text + b"\0" * 12 + b"\0" * 67
    curve = b"curv\0\0\0\0" + struct.pack(">IH", 1, 0x0233) + b"\0\0"
    tags = [(b"desc", desc), (b"wtpt", xyz(0.9642, 1.0, 0.8249)), (b"rXYZ", xyz(*red)), (b"gXYZ", xyz(*green)),
            (b"bXYZ", xyz(*blue)), (b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve),
            (b"cprt", b"text\0\0\0\0" + f"(c) {description}".encode("ascii") + b"\0")]
    offset, table, body = 128 + 4 + 12 * len(tags), b"", b""
    for signature, data in tags:
        data += b"\0" * (-len(data) % 4)
        table += signature + struct.pack(">II", offset + len(body), len(data))
        body += data
    size = offset + len(body)
    header = (struct.pack(">I", size) + b"lcms" + struct.pack(">I", 0x02100000) + b"mntrRGB XYZ " + b"\0" * 12
              + b"acsp" + b"\0" * 24 + struct.pack(">I", 0) + s15(0.9642) + s15(1.0) + s15(0.8249) + b"\0" * 48)
    return header + struct.pack(">I", len(tags)) + table + body


def _exif(gps=False):
    exif = Image.Exif()
    exif[0x013B] = MARK  # Artist
    exif[0x8298] = f"(c) {MARK}"  # Copyright
    exif[0x010F] = "SecretCam"  # Make
    exif[0x0112] = 1  # Orientation
    if gps:
        exif[0x8825] = {1: "N", 2: (21.0, 1.0, 40.5), 3: "E", 4: (105.0, 51.0, 12.25)}  # Kim Lan, Gia Lâm
    return exif.tobytes()


def _jpeg_segment(marker, payload):
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def _iptc_segment():
    """APP13 'Photoshop 3.0' with an IPTC block: By-line (2:80) and Caption (2:120) name the maker."""
    record = b""
    for dataset, value in ((80, MARK), (120, NAME)):
        data = value.encode()
        record += b"\x1c\x02" + bytes([dataset]) + struct.pack(">H", len(data)) + data
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\0\0" + struct.pack(">I", len(record)) + record
    resource += b"\0" * (len(record) % 2)
    return _jpeg_segment(0xED, b"Photoshop 3.0\0" + resource)


def _picture(size=(320, 240), colour=(200, 30, 30)):
    image = Image.new("RGB", size, colour)
    image.paste((30, 120, 200), (0, 0, size[0] // 2, size[1] // 3))  # not one flat colour
    return image


def photo_with(fmt, kinds, colour=(200, 30, 30), icc=None):
    """Raw bytes of a `fmt` photo carrying each kind of metadata in `kinds`, each naming the maker."""
    image, out, options = _picture(colour=colour), io.BytesIO(), {}
    if "exif" in kinds or "gps" in kinds:
        options["exif"] = _exif(gps="gps" in kinds)
    if "xmp" in kinds:
        options["xmp"] = XMP
    if "icc" in kinds or icc:
        options["icc_profile"] = icc or icc_profile()
    if fmt == "JPEG":
        if "comment" in kinds:
            options["comment"] = f"{MARK} {NAME}".encode()
        image.save(out, "JPEG", quality=95, **options)
        raw = out.getvalue()
        extra = (_iptc_segment() if "iptc" in kinds else b"") + (
            _jpeg_segment(0xEF, f"{MARK} {NAME}".encode()) if "app_segment" in kinds else b"")
        return raw[:2] + extra + raw[2:]
    if fmt == "PNG":
        info = PngImagePlugin.PngInfo()
        if "comment" in kinds:
            info.add_text("comment", MARK)  # Pillow reads it as info["comment"], which its JPEG writer copies
        if "text" in kinds:
            info.add_text("Author", MARK)
        if "ztxt" in kinds:
            info.add_text("Description", f"{MARK} {NAME}", zip=True)
        if "itxt" in kinds:
            info.add_itxt("Copyright", f"{MARK} {NAME}", lang="vi", tkey="Bản quyền")
        if "xmp" in kinds:
            info.add_itxt("XML:com.adobe.xmp", XMP.decode())
            del options["xmp"]
        if "private_chunk" in kinds:
            info.add(b"prVt", f"{MARK} {NAME}".encode())
        image.save(out, "PNG", pnginfo=info, **options)
        return out.getvalue()
    image.save(out, "WEBP", quality=95, **options)
    return out.getvalue()


def sample_photos():
    """(format, every kind of metadata that format carries) for the form tests."""
    return [(fmt, photo_with(fmt, kinds)) for fmt, kinds in FORMAT_KINDS.items()]


def assert_clean(raw):
    """A served or stored JPEG carries the pixels and nothing else."""
    raw = bytes(raw)
    image = Image.open(io.BytesIO(raw))
    assert image.format == "JPEG"
    assert set(image.info) <= HARMLESS_INFO, sorted(set(image.info) - HARMLESS_INFO)
    assert not image.getexif() and not image.applist[1:]
    for needle in (MARK.encode(), NAME.encode(), b"SecretCam", b"Exif\0", b"http://ns.adobe.com/xap",
                   b"ICC_PROFILE", b"Photoshop 3.0", b"8BIM", b"prVt"):
        assert needle not in raw, needle
    assert not carries_metadata(raw)
    image.load()


def _source_info(raw):
    return Image.open(io.BytesIO(raw)).info


def test_the_samples_do_carry_what_they_claim():
    """The test photos are what real cameras and editors write: Pillow reads the metadata back."""
    jpeg = _source_info(photo_with("JPEG", FORMAT_KINDS["JPEG"]))
    assert {"comment", "exif", "xmp", "icc_profile", "photoshop"} <= set(jpeg)
    png = _source_info(photo_with("PNG", FORMAT_KINDS["PNG"]))
    assert {"comment", "Author", "Description", "Copyright", "XML:com.adobe.xmp", "exif", "icc_profile"} <= set(png)
    webp = _source_info(photo_with("WEBP", FORMAT_KINDS["WEBP"]))
    assert {"exif", "xmp", "icc_profile"} <= set(webp)


# ---------------------------------------------------------------- store_image


@pytest.mark.parametrize("fmt,kind", [(fmt, kind) for fmt, kinds in FORMAT_KINDS.items() for kind in kinds])
def test_each_kind_of_metadata_is_gone_from_photo_and_thumbnail(app, fmt, kind):
    with app.app_context():
        stored = store_image(photo_with(fmt, (kind,)))
        assert_clean(stored.data)
        assert_clean(stored.thumbnail)
        db.session.rollback()


def test_everything_at_once_and_a_big_photo_too(app):
    image = Image.new("RGB", (3600, 2400), (90, 140, 60))
    out = io.BytesIO()
    image.save(out, "JPEG", comment=MARK.encode(), exif=_exif(gps=True), xmp=XMP, icc_profile=icc_profile())
    raw = out.getvalue()
    with app.app_context():
        stored = store_image(raw[:2] + _iptc_segment() + raw[2:])
        assert (stored.width, stored.height) == (3600, 2400)
        assert Image.open(io.BytesIO(stored.data)).size == (3000, 2000)
        assert max(Image.open(io.BytesIO(stored.thumbnail)).size) == 480
        assert_clean(stored.data)
        assert_clean(stored.thumbnail)
        db.session.rollback()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_colours_described_by_an_icc_profile_are_converted_to_srgb(app, fmt):
    """The profile is dropped with the metadata, so its colours are converted first: (200, 30, 30)
    under a profile with red and green swapped is the green a colour-managed viewer shows."""
    profile = icc_profile(swap_red_green=True)
    source = _picture()
    expected = ImageCms.profileToProfile(source, ImageCms.ImageCmsProfile(io.BytesIO(profile)),
                                         ImageCms.createProfile("sRGB"), outputMode="RGB").getpixel((300, 200))
    assert expected[1] > 150 and expected[0] < 80  # the probe means something: green, not red
    with app.app_context():
        stored = store_image(photo_with(fmt, (), icc=profile))
        for raw in (stored.data, stored.thumbnail):
            assert_clean(raw)
            image = Image.open(io.BytesIO(raw)).convert("RGB")
            pixel = image.getpixel((image.width - 10, image.height - 10))
            assert all(abs(a - b) <= 10 for a, b in zip(pixel, expected)), (pixel, expected)
        db.session.rollback()


def test_a_photo_with_an_unreadable_profile_or_transparency_is_still_stored_clean(app):
    out = io.BytesIO()
    rgba = Image.new("RGBA", (200, 100), (0, 0, 0, 0))
    rgba.paste((200, 30, 30, 255), (0, 0, 100, 100))
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", MARK)
    rgba.save(out, "PNG", pnginfo=info, icc_profile=b"not a profile " + MARK.encode())
    with app.app_context():
        stored = store_image(out.getvalue())
        assert_clean(stored.data)
        image = Image.open(io.BytesIO(stored.data))
        assert image.getpixel((150, 50)) == (255, 255, 255)  # transparency laid on white
        db.session.rollback()


def test_the_camera_orientation_is_applied_before_the_exif_goes(app):
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    exif[0x013B] = MARK
    out = io.BytesIO()
    Image.new("RGB", (300, 200), "blue").save(out, "JPEG", exif=exif.tobytes())
    with app.app_context():
        stored = store_image(out.getvalue())
        assert (stored.width, stored.height) == (200, 300)
        assert Image.open(io.BytesIO(stored.data)).size == (200, 300)
        assert_clean(stored.data)
        db.session.rollback()


# ---------------------------------------------------------------- clean-photos


def _dirty_jpeg(colour, size=(640, 480)):
    """What store_image kept before the fix: a re-encoded JPEG still carrying the source's comment
    (plus, to be thorough, EXIF, XMP, an ICC profile, IPTC and bytes after the end)."""
    out = io.BytesIO()
    _picture(size, colour).save(out, "JPEG", quality=88, comment=f"{MARK} {NAME}".encode(), exif=_exif(gps=True),
                                xmp=XMP, icc_profile=icc_profile())
    raw = out.getvalue()
    return raw[:2] + _iptc_segment() + raw[2:] + b"PK\x05\x06" + MARK.encode()


def _clean_jpeg(colour, size=(640, 480)):
    out = io.BytesIO()
    _picture(size, colour).save(out, "JPEG", quality=88, optimize=True, progressive=True)
    return out.getvalue()


def _stored_rows(app):
    with app.app_context():
        return {row.token: (row.width, row.height, bytes(row.data), bytes(row.thumbnail))
                for row in db.session.execute(select(StoredImage.token, StoredImage.width, StoredImage.height,
                                                     StoredImage.data, StoredImage.thumbnail))}


def test_clean_photos_re_encodes_old_photos_in_place_once(app):
    with app.app_context():
        db.session.add_all([
            StoredImage(token="old-comment", width=640, height=480, data=_dirty_jpeg((200, 30, 30)),
                        thumbnail=_dirty_jpeg((200, 30, 30), (480, 360))),
            StoredImage(token="old-thumb-only", width=640, height=480, data=_clean_jpeg((30, 200, 30)),
                        thumbnail=_dirty_jpeg((30, 200, 30), (480, 360))),
            StoredImage(token="already-clean", width=640, height=480, data=_clean_jpeg((30, 30, 200)),
                        thumbnail=_clean_jpeg((30, 30, 200), (480, 360))),
            StoredImage(token="broken", width=1, height=1, data=b"\xff\xd8 not a photo", thumbnail=b"nope"),
        ])
        db.session.commit()
    before = _stored_rows(app)
    assert carries_metadata(before["old-comment"][2]) and not carries_metadata(before["already-clean"][2])

    result = app.test_cli_runner().invoke(args=["fair", "clean-photos", "--batch", "1"])

    assert result.exit_code == 0, result.output
    assert "photos cleaned of their metadata: 2\n" in result.output
    assert "could not be read" in result.output
    after = _stored_rows(app)
    for token in ("old-comment", "old-thumb-only", "already-clean"):
        width, height, data, thumbnail = after[token]
        assert (width, height) == (640, 480)
        assert_clean(data)
        assert_clean(thumbnail)
        assert Image.open(io.BytesIO(data)).size == (640, 480)
        assert Image.open(io.BytesIO(thumbnail)).size == (480, 360)
        expected = Image.open(io.BytesIO(before[token][2])).convert("RGB").getpixel((600, 400))
        pixel = Image.open(io.BytesIO(data)).convert("RGB").getpixel((600, 400))
        assert all(abs(a - b) <= 8 for a, b in zip(pixel, expected)), (pixel, expected)
    assert after["already-clean"] == before["already-clean"]  # nothing to clean: not touched
    assert after["old-thumb-only"][2] == before["old-thumb-only"][2]
    assert after["broken"] == before["broken"]

    again = app.test_cli_runner().invoke(args=["fair", "clean-photos"])
    assert again.exit_code == 0, again.output
    assert "photos cleaned of their metadata: 0\n" in again.output
    assert _stored_rows(app) == after


def test_clean_photos_cleans_what_an_upload_before_the_fix_stored(app):
    """The reported case end to end: a JPEG whose comment names its maker, stored the way the old
    code stored it (its comment copied by Pillow's writer), is clean after the command."""
    source = Image.open(io.BytesIO(photo_with("JPEG", ("comment",))))
    out = io.BytesIO()
    source.copy().save(out, "JPEG", quality=88, optimize=True, progressive=True)  # the old _encode
    assert MARK.encode() in out.getvalue()
    with app.app_context():
        db.session.add(StoredImage(token="reported", width=320, height=240, data=out.getvalue(),
                                   thumbnail=out.getvalue()))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["fair", "clean-photos"])
    assert result.exit_code == 0 and "photos cleaned of their metadata: 1\n" in result.output, result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StoredImage)) == 1
        row = db.session.execute(select(StoredImage.data, StoredImage.thumbnail)).one()
        assert_clean(row.data)
        assert_clean(row.thumbnail)
