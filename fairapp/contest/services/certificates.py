"""Prize certificates: unguessable codes, issuing after publication, look-up by code, the bulk PDF job."""
import base64
import secrets

from flask_babel import gettext as _
from sqlalchemy import select

from fairapp.contest.documents.certificates import certificates_pdf
from fairapp.contest.models import Certificate, Contest, ContestEntry, PrizeAward
from fairapp.core import audit
from fairapp.core.errors import DomainError
from fairapp.core.jobs import job_handler
from fairapp.extensions import db


def new_code():
    # 15 random bytes = 120 bits, in base32 without padding: 24 characters, easy to read aloud.
    return base64.b32encode(secrets.token_bytes(15)).decode("ascii")


def issue_certificates(contest, by=None):
    """A certificate for every prize that has none yet (after publication). Returns the new ones."""
    if contest.results_published_at is None:
        raise DomainError(_("Certificates are issued once the results are published."), status=409)
    awards = db.session.scalars(select(PrizeAward).join(ContestEntry)
                                .where(ContestEntry.contest_id == contest.id)
                                .order_by(PrizeAward.category_id, PrizeAward.id)).all()
    made = []
    for award in awards:
        if award.certificate is not None:
            continue
        certificate = Certificate(award=award, code=new_code(), recipient_name=award.entry.entrant.name,
                                  issued_by_id=by.id if by else None)
        db.session.add(certificate)
        made.append(certificate)
    db.session.flush()
    if made:
        audit.record("certificate.issue", "contest", contest.id, after={"count": len(made)})
    return made


def certificates_of(contest):
    return db.session.scalars(select(Certificate).join(PrizeAward).join(ContestEntry)
                              .where(ContestEntry.contest_id == contest.id)
                              .order_by(PrizeAward.category_id, PrizeAward.id)).all()


def by_code(code):
    return db.session.scalar(select(Certificate).where(Certificate.code == (code or "").strip().upper()))


@job_handler("contest.certificates")
def certificates_job(params, progress):
    contest = db.session.get(Contest, params["contest_id"])
    certificates = certificates_of(contest)
    return (f"certificates-{contest.year}.pdf", "application/pdf",
            certificates_pdf(certificates, params["base_url"], progress))
