"""Prize certificates as Vietnamese A4 landscape PDFs, with a QR code to /verify/<code>."""
import io

from flask_babel import force_locale
from flask_babel import gettext as _
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm

from fairapp.contest.services.results import tier_label
from fairapp.core.i18n import format_day
from fairapp.printing import BOLD, ITALIC, REGULAR, draw_fitted, draw_qr, new_canvas

CERTIFICATE_LOCALE = "vi"  # certificates are Vietnamese documents, whoever prints them


def verify_url(base, certificate):
    return f"{base.rstrip('/')}/verify/{certificate.code}"


def draw_certificate(canvas, certificate, base_url):
    award = certificate.award
    entry = award.entry
    contest = entry.contest
    width, height = landscape(A4)
    margin = 18 * mm
    canvas.setStrokeColorRGB(0.55, 0.1, 0.1)
    canvas.setLineWidth(3)
    canvas.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm)
    canvas.setLineWidth(0.8)
    canvas.rect(13 * mm, 13 * mm, width - 26 * mm, height - 26 * mm)
    inner = width - 2 * margin
    centre = width / 2
    with force_locale(CERTIFICATE_LOCALE):
        lines = [
            (_("Socialist Republic of Vietnam"), BOLD, 12, height - 28 * mm),
            (_("Independence – Freedom – Happiness"), REGULAR, 11, height - 34 * mm),
            (_("CERTIFICATE"), BOLD, 34, height - 55 * mm),
            (contest.name, REGULAR, 14, height - 66 * mm),
            (_("awarded to"), ITALIC, 13, height - 80 * mm),
            (certificate.recipient_name, BOLD, 26, height - 93 * mm),
            (tier_label(award.tier), BOLD, 20, height - 107 * mm),
            (_("for the entry “%(title)s” (%(code)s)", title=entry.title, code=entry.code), REGULAR, 14,
             height - 118 * mm),
            (_("Category: %(category)s · Contest year %(year)d", category=entry.category.name, year=contest.year),
             REGULAR, 12, height - 127 * mm),
        ]
        for text, font, size, y in lines:
            draw_fitted(canvas, text, margin, y, inner, font=font, max_size=size, min_size=7, align="center")
        day = _("Hanoi, %(date)s", date=format_day(certificate.issued_at))
        draw_fitted(canvas, day, centre + 20 * mm, 62 * mm, 100 * mm, font=ITALIC, max_size=12, min_size=7,
                    align="center")
        draw_fitted(canvas, contest.signatory_title or "", centre + 20 * mm, 55 * mm, 100 * mm, font=BOLD,
                    max_size=12, min_size=7, align="center")
        draw_fitted(canvas, contest.signatory_name or "", centre + 20 * mm, 30 * mm, 100 * mm, font=BOLD,
                    max_size=14, min_size=7, align="center")
        url = verify_url(base_url, certificate)
        draw_qr(canvas, url, margin + 6 * mm, 26 * mm, 36 * mm, border=2)
        draw_fitted(canvas, _("Check this certificate: %(code)s", code=certificate.code), margin, 20 * mm,
                    90 * mm, font=REGULAR, max_size=8, min_size=6, align="left")


def certificates_pdf(certificates, base_url, progress=None):
    out = io.BytesIO()
    canvas = new_canvas(out, landscape(A4), title="Certificates")
    total = len(certificates)
    for done, certificate in enumerate(certificates, 1):
        draw_certificate(canvas, certificate, base_url)
        canvas.showPage()
        if progress:
            progress(done, total)
    canvas.save()
    return out.getvalue()
