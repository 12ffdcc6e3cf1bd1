"""Entry submission through the pages: codes, photos checked by content, declarations, mail,
editing and withdrawal until the deadline, screening, and bad input refused with nothing half stored."""
import io
import threading
from datetime import timedelta

from PIL import Image
from sqlalchemy import func, select

from fairapp.contest.models import Contest, ContestEntry, EntryPhoto
from fairapp.core.db import utcnow
from fairapp.core.models import AuditEntry
from fairapp.core.uploads import StoredImage
from fairapp.extensions import db
from tests.contest.conftest import entry_data, png, token_of


def form_of(world, category="GOM", photos=None, **overrides):
    data = {k: ("y" if v is True else v) for k, v in entry_data(world.categories[category], **overrides).items()}
    data["photos"] = [(io.BytesIO(raw), name) for raw, name in (photos or [(png(), "IMG_2041 ông Thịnh.png")])]
    return data


def post_entry(client, data, path="/contest/entries/new"):
    data = dict(data, csrf_token=token_of(client, "/contest/entries/new"))
    return client.post(path, data=data, content_type="multipart/form-data")


def count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_submit_an_entry_gets_a_code_a_clean_photo_and_a_mail(app, world, client_as, mailbox):
    client = client_as(world.entrant)
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x0131] = "SecretSoftware 1.0"  # Software
    photo = io.BytesIO()
    Image.new("RGB", (400, 300), "red").save(photo, "JPEG", exif=exif.tobytes())
    response = post_entry(client, form_of(world, photos=[(photo.getvalue(), "nha-ong-thinh-gps.jpg")]))
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        entry = db.session.scalar(select(ContestEntry))
        contest = db.session.get(Contest, world.contest_id)
        assert entry.code == f"TK-{contest.year}-0001"
        assert entry.eligibility == "pending" and entry.status == "submitted"
        token = entry.photos[0].image.token
        stored = db.session.scalar(select(StoredImage.data).where(StoredImage.token == token))
        assert b"SecretCam" not in stored and Image.open(io.BytesIO(stored)).getexif() == {}
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "entry.submit")) is not None
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"TK-{contest.year}-0001" in page and "nha-ong-thinh-gps" not in page
    assert client.get(f"/photos/{token}.jpg").status_code == 200
    mails = mailbox.wait_for(1)
    assert mails[0]["To"] == world.entrant
    assert f"TK-{contest.year}-0001" in mails[0]["Subject"]
    assert "Bình gốm men lam Hoa Sen" in mailbox.text_of(mails[0])


def test_codes_are_sequential_and_distinct_under_concurrent_submissions(app, world, client_as):
    clients = [client_as(world.entrant if i % 2 else world.other) for i in range(8)]
    forms = [dict(form_of(world, title=f"Mẫu {i}"), csrf_token=token_of(c, "/contest/entries/new"))
             for i, c in enumerate(clients)]
    statuses = []
    barrier = threading.Barrier(len(clients))

    def submit(client, data):
        barrier.wait()
        statuses.append(client.post("/contest/entries/new", data=data,
                                    content_type="multipart/form-data").status_code)

    threads = [threading.Thread(target=submit, args=pair) for pair in zip(clients, forms)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [302] * 8
    with app.app_context():
        codes = db.session.scalars(select(ContestEntry.code)).all()
        year = db.session.get(Contest, world.contest_id).year
        assert sorted(codes) == [f"TK-{year}-{n:04d}" for n in range(1, 9)]


def test_declarations_are_all_required(app, world, client_as):
    client = client_as(world.entrant)
    data = form_of(world)
    del data["declared_no_ip_infringement"]
    response = post_entry(client, data)
    assert response.status_code == 422
    assert "Vui lòng xác nhận cả ba cam kết." in response.get_data(as_text=True)
    assert count(app, ContestEntry) == 0 and count(app, StoredImage) == 0


def _bomb():
    out = io.BytesIO()
    Image.new("1", (8000, 8000)).save(out, "PNG")  # 64 MP, a few kB on disk
    return out.getvalue()


def test_bad_photos_are_refused_and_nothing_is_half_stored(app, world, client_as):
    client = client_as(world.entrant)
    polyglot = png() + b"<?php system($_GET['c']); ?>" + b"PK\x03\x04"
    cases = [
        ([(b"%PDF-1.4 not a photo", "anh.jpg")], "JPEG, PNG"),
        ([(b"\xff\xd8\xff" + b"0" * (10 * 1024 * 1024 + 10), "big.jpg")], "10 MB"),
        ([(_bomb(), "bomb.png")], "40 megapixel"),
        ([(png(), "ok.png"), (b"GIF89a....", "x.gif")], "JPEG, PNG"),
        ([(png(i), f"{i}.png") for i in range(7)], "từ 1 đến 6"),
    ]
    for photos, message in cases:
        response = post_entry(client, form_of(world, photos=photos))
        assert response.status_code == 422
        assert message in response.get_data(as_text=True), message
    assert count(app, ContestEntry) == 0 and count(app, StoredImage) == 0 and count(app, EntryPhoto) == 0
    # A polyglot is accepted only as the photo it also is: re-encoded, its payload gone.
    assert post_entry(client, form_of(world, photos=[(polyglot, "poly.png")])).status_code == 302
    with app.app_context():
        data = db.session.scalar(select(StoredImage.data))
        assert b"<?php" not in data and data.startswith(b"\xff\xd8")


def test_script_in_text_fields_is_escaped(app, world, client_as, submit):
    entry_id = submit(title="<script>alert(1)</script>", description="<img src=x onerror=alert(2)>")
    page = client_as(world.entrant).get(f"/contest/entries/{entry_id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page
    admin = client_as(world.organiser).get(f"/contest/admin/entries/{entry_id}").get_data(as_text=True)
    assert "<script>alert(1)" not in admin


def test_edit_and_withdraw_before_the_deadline(app, world, client_as, submit):
    entry_id = submit()
    client = client_as(world.entrant)
    data = form_of(world, title="Bình gốm men lam Hoa Sen (bản sửa)", photos=[(png(9), "new.png")])
    response = post_entry(client, data, path=f"/contest/entries/{entry_id}/edit")
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        entry = db.session.get(ContestEntry, entry_id)
        assert entry.title.endswith("(bản sửa)") and len(entry.photos) == 2
    other = client_as(world.other)
    assert other.get(f"/contest/entries/{entry_id}").status_code == 403
    response = client.post(f"/contest/entries/{entry_id}/withdraw", data={"csrf_token": token_of(client)})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(ContestEntry, entry_id).status == "withdrawn"


def test_after_the_deadline_an_entry_is_read_only(app, world, client_as, submit):
    entry_id = submit()
    with app.app_context():
        contest = db.session.get(Contest, world.contest_id)
        contest.submissions_open_at = utcnow() - timedelta(days=10)
        contest.submissions_close_at = utcnow() - timedelta(minutes=1)
        deadline = contest.submissions_close_at
        db.session.commit()
    from fairapp.core.i18n import format_local_datetime

    client = client_as(world.entrant)
    page = client.get(f"/contest/entries/{entry_id}").get_data(as_text=True)
    assert format_local_datetime(deadline) in page and "chỉ xem" in page
    response = post_entry(client, form_of(world, title="Sửa muộn"), path=f"/contest/entries/{entry_id}/edit")
    assert response.status_code == 409
    assert "Đã quá hạn nộp bài" in response.get_data(as_text=True)
    assert client.post(f"/contest/entries/{entry_id}/withdraw",
                       data={"csrf_token": token_of(client)}).status_code == 409
    assert post_entry(client, form_of(world)).status_code == 422  # the form says: closed
    with app.app_context():
        entry = db.session.get(ContestEntry, entry_id)
        assert entry.title == "Bình gốm men lam Hoa Sen" and entry.status == "submitted"
        assert db.session.scalar(select(func.count()).select_from(ContestEntry)) == 1


def test_screening_reason_is_shown_to_the_entrant(app, world, client_as, submit):
    entry_id = submit(eligible=False)
    organiser = client_as(world.organiser)
    token = token_of(organiser, f"/contest/admin/entries/{entry_id}")
    refused = organiser.post(f"/contest/admin/entries/{entry_id}", data={
        "csrf_token": token, "decision": "ineligible", "reason": ""})
    assert refused.status_code == 422 and "Nêu lý do" in refused.get_data(as_text=True)
    done = organiser.post(f"/contest/admin/entries/{entry_id}", data={
        "csrf_token": token, "decision": "ineligible", "reason": "Sản phẩm đã bán trên thị trường từ năm 2023."})
    assert done.status_code == 302
    page = client_as(world.entrant).get("/contest/entries").get_data(as_text=True)
    assert "Sản phẩm đã bán trên thị trường từ năm 2023." in page
