"""Entrant pages: submit, see, edit and withdraw entries until the deadline; scorecards after publication."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from fairapp.contest import bp
from fairapp.contest.forms import EntryForm, locale, require_action
from fairapp.contest.models import PrizeAward
from fairapp.contest.services import entries, results, setup
from fairapp.core import mail_status
from fairapp.core.access import roles
from fairapp.core.errors import DomainError
from fairapp.core.forms import show_error
from fairapp.extensions import db

entrant = roles("exhibitor")


def _form(contest, obj=None):
    form = EntryForm(obj=obj)
    form.category_id.choices = [(c.id, c.label(locale())) for c in contest.categories]
    return form


def _data(form):
    data = {name: field.data for name, field in form._fields.items() if name not in ("photos", "csrf_token")}
    data["techniques"] = data.get("techniques") or ""
    return data


def _uploads(form):
    return [f.read() for f in (form.photos.data or []) if f and getattr(f, "filename", "")]


@bp.route("/entries")
@entrant
def my_entries():
    contest = setup.contest_or_error()
    return render_template("contest/my_entries.html", contest=contest,
                           entries=entries.entries_of(current_user, contest),
                           open=entries.submissions_open(contest))


@bp.route("/entries/new", methods=["GET", "POST"])
@entrant
def new_entry():
    contest = setup.contest_or_error()
    form = _form(contest)
    if form.validate_on_submit():
        try:
            entry = entries.submit_entry(contest, current_user, _data(form), _uploads(form))
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("Entry %(code)s is submitted.", code=entry.code), "success")
            mail_status.notice(_("Confirmation e-mail:"))
            return redirect(url_for("contest.entry", entry_id=entry.id))
    return render_template("contest/entry_form.html", form=form, contest=contest, entry=None,
                           open=entries.submissions_open(contest))


@bp.route("/entries/<int:entry_id>")
@entrant
def entry(entry_id):
    item = entries.owned_entry(entry_id, current_user)
    published = item.contest.results_published_at is not None
    return render_template("contest/entry.html", entry=item, editable=entries.editable(item),
                           published=published, award=_award(item) if published else None)


def _award(item):
    return db.session.scalar(select(PrizeAward).where(PrizeAward.entry_id == item.id))


@bp.route("/entries/<int:entry_id>/edit", methods=["GET", "POST"])
@entrant
def edit_entry(entry_id):
    item = entries.owned_entry(entry_id, current_user)
    form = _form(item.contest, obj=item)
    if request.method == "GET" and not entries.editable(item):
        flash(_("This entry can no longer be changed."), "warning")
        return redirect(url_for("contest.entry", entry_id=item.id))
    if form.validate_on_submit():
        remove = [int(v) for v in request.form.getlist("remove_photo") if v.isdigit()]
        try:
            entries.update_entry(item, current_user, _data(form), _uploads(form), remove)
        except DomainError as exc:
            db.session.rollback()
            if exc.status in (403, 409):
                raise
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("Your changes are saved."), "success")
            return redirect(url_for("contest.entry", entry_id=item.id))
    return render_template("contest/entry_form.html", form=form, contest=item.contest, entry=item,
                           open=True)


@bp.route("/entries/<int:entry_id>/withdraw", methods=["POST"])
@entrant
def withdraw_entry(entry_id):
    require_action()
    item = entries.owned_entry(entry_id, current_user)
    entries.withdraw_entry(item, current_user)
    db.session.commit()
    flash(_("Entry %(code)s is withdrawn.", code=item.code), "info")
    return redirect(url_for("contest.my_entries"))


@bp.route("/entries/<int:entry_id>/scorecard")
@entrant
def scorecard(entry_id):
    item = entries.owned_entry(entry_id, current_user)
    return render_template("contest/scorecard.html", entry=item, cards=results.scorecard(item))
