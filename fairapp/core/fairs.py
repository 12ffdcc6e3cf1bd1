"""Which fair a request is about: by slug, or the one running (else next, else latest)."""
from datetime import datetime, timedelta

from flask import abort
from sqlalchemy import select

from fairapp.core.i18n import LOCAL_TZ
from fairapp.core.models import Fair
from fairapp.extensions import db


def local_today():
    return datetime.now(LOCAL_TZ).date()


def fair_by_slug(slug) -> Fair:
    fair = db.session.scalar(select(Fair).where(Fair.slug == slug))
    if fair is None:
        abort(404)
    return fair


def current_fair() -> Fair | None:
    today = local_today()
    running_or_next = db.session.scalar(
        select(Fair).where(Fair.ends_on >= today).order_by(Fair.starts_on).limit(1))
    if running_or_next is not None:
        return running_or_next
    return db.session.scalar(select(Fair).order_by(Fair.ends_on.desc()).limit(1))


def fair_days(fair):
    return [fair.starts_on + timedelta(days=i) for i in range((fair.ends_on - fair.starts_on).days + 1)]
