"""Certificates read back from the PDF: Vietnamese text exact, the QR decoded and its link opened."""
import re
from urllib.parse import urlsplit

import pypdfium2 as pdfium
import zxingcpp
from sqlalchemy import select

from fairapp.contest.models import Certificate, Contest, ContestEntry
from fairapp.core.i18n import format_day
from fairapp.core.jobs import run_job
from fairapp.core.models import Job
from fairapp.extensions import db
from tests.contest.conftest import ENTRANT_NAME, publish, token_of


def pages_of(pdf):
    document = pdfium.PdfDocument(pdf)
    return [document[i] for i in range(len(document))]


def text_of(page):
    return page.get_textpage().get_text_range().replace("\r\n", "\n")


def qr_of(page):
    return [r.text for r in zxingcpp.read_barcodes(page.render(scale=200 / 72).to_pil())]


def issue(client):
    return client.post("/contest/admin/certificates", data={"csrf_token": token_of(client)})


def test_a_certificate_reads_back_in_vietnamese_and_verifies(app, world, final_results, client_as):
    organiser = client_as(world.organiser)
    assert issue(organiser).status_code == 409  # not published yet
    publish(app, world)
    assert issue(organiser).status_code == 302
    with app.app_context():
        certificate = db.session.scalar(select(Certificate).join(Certificate.award).where(
            Certificate.award.has(entry_id=final_results["A"])))
        entry = db.session.get(ContestEntry, final_results["A"])
        contest = db.session.get(Contest, world.contest_id)
        cert_id, code, entry_code, year = certificate.id, certificate.code, entry.code, contest.year
        day = format_day(certificate.issued_at)
    assert re.fullmatch(r"[A-Z2-7]{24}", code)  # 120 random bits
    response = organiser.get(f"/contest/admin/certificates/{cert_id}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    (page,) = pages_of(response.data)
    lines = text_of(page).split("\n")
    for expected in ("Cộng hòa Xã hội Chủ nghĩa Việt Nam", "Độc lập – Tự do – Hạnh phúc", "GIẤY CHỨNG NHẬN",
                     "Cuộc thi thiết kế thử", "trao tặng", ENTRANT_NAME, "Giải Nhất",
                     f"cho mẫu thiết kế “Mẫu A” ({entry_code})",
                     f"Hạng mục: Gốm sứ · Cuộc thi năm {year}", f"Hà Nội, ngày {day}",
                     "Giám đốc Sở Công Thương Hà Nội", "Nguyễn Văn An", f"Kiểm tra giấy chứng nhận: {code}"):
        assert expected in lines, (expected, lines)
    (url,) = qr_of(page)
    assert url.endswith(f"/verify/{code}")
    anonymous = app.test_client()
    verified = anonymous.get(urlsplit(url).path)
    assert verified.status_code == 200
    html = verified.get_data(as_text=True)
    assert "Giấy chứng nhận này là bản thật." in html and ENTRANT_NAME in html and entry_code in html
    forged = anonymous.get("/verify/" + "A" * 24)
    assert forged.status_code == 404 and "không phải bản thật" in forged.get_data(as_text=True)


def test_all_certificates_at_once_through_the_job(app, world, final_results, client_as):
    publish(app, world)
    organiser = client_as(world.organiser)
    issue(organiser)
    response = organiser.post("/contest/admin/certificates/all", data={"csrf_token": token_of(organiser)})
    assert response.status_code == 302 and "/jobs/" in response.headers["Location"]
    job_id = int(response.headers["Location"].rsplit("/", 1)[1])
    run_job(app, job_id)  # what the worker does; the queue itself is core's business
    state = organiser.get(f"/api/v1/jobs/{job_id}").json
    assert state["status"] == "done", state
    pdf = organiser.get(state["download_url"]).data
    pages = pages_of(pdf)
    assert len(pages) == 3
    prizes = [next(line for line in text_of(p).split("\n") if line.startswith("Giải ")) for p in pages]
    assert sorted(prizes) == ["Giải Ba", "Giải Nhì", "Giải Nhất"]
    with app.app_context():
        codes = set(db.session.scalars(select(Certificate.code)).all())
        assert db.session.get(Job, job_id).status == "done"
    assert {qr_of(p)[0].rsplit("/", 1)[1] for p in pages} == codes
    assert client_as(world.entrant).get("/contest/admin/certificates/1.pdf").status_code == 403
