"""Juror pages: profile and declared ties, the round's queue, the blind scoring page, abstain, recuse."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from fairapp.contest import bp
from fairapp.contest.forms import AbstainForm, JurorProfileForm, RecusalForm, TieForm, locale, require_action
from fairapp.contest.models import ContestRound, JurorTie
from fairapp.contest.services import conflicts, jury
from fairapp.core.access import roles
from fairapp.core.errors import DomainError
from fairapp.core.forms import show_error
from fairapp.extensions import db

juror = roles("juror")


@bp.route("/jury/")
@juror
def jury_home():
    rounds = jury.juror_rounds(current_user)
    return render_template("contest/jury_home.html", rounds=[(r, jury.progress(current_user, r)) for r in rounds])


@bp.route("/jury/profile", methods=["GET", "POST"])
@juror
def jury_profile():
    profile = conflicts.profile_of(current_user)
    form = JurorProfileForm(obj=profile)
    if form.validate_on_submit():
        try:
            conflicts.save_profile(current_user, business_name=form.business_name.data or "",
                                   tax_code=form.tax_code.data, phone=form.phone.data,
                                   expertise=form.expertise.data or "")
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("Your profile is saved."), "success")
            return redirect(url_for("contest.jury_profile"))
    db.session.rollback()  # an unsaved new profile row must not linger
    return render_template("contest/jury_profile.html", form=form, tie_form=TieForm(formdata=None),
                           ties=conflicts.ties_of(current_user))


@bp.route("/jury/ties", methods=["POST"])
@juror
def jury_tie_add():
    form = TieForm()
    if form.validate_on_submit():
        try:
            conflicts.add_tie(current_user, **{name: form[name].data or "" for name in (
                "kind", "party_name", "party_business", "party_tax_code", "party_phone", "party_email", "note")})
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "danger")
        else:
            db.session.commit()
            flash(_("The tie is recorded; entries linked to it will not be given to you."), "success")
    else:
        for errors in form.errors.values():
            flash(" ".join(str(e) for e in errors), "danger")
    return redirect(url_for("contest.jury_profile"))


@bp.route("/jury/ties/<int:tie_id>/delete", methods=["POST"])
@juror
def jury_tie_remove(tie_id):
    require_action()
    tie = db.session.get(JurorTie, tie_id)
    if tie is None:
        raise DomainError(_("This page does not exist."), status=404)
    conflicts.remove_tie(tie, current_user)
    db.session.commit()
    flash(_("The tie is removed."), "info")
    return redirect(url_for("contest.jury_profile"))


@bp.route("/jury/rounds/<int:round_id>")
@juror
def jury_round(round_id):
    round_ = db.session.get(ContestRound, round_id)
    if round_ is None:
        raise DomainError(_("This page does not exist."), status=404)
    items, _left = jury.queue(current_user, round_)
    return render_template("contest/jury_round.html", round=round_, items=items,
                           progress=jury.progress(current_user, round_))


def _scores_from(form, round_):
    return {c.id: (form.get(f"score-{c.id}"), form.get(f"comment-{c.id}", "")) for c in round_.criteria}


def _next_entry(items, current_id):
    for item, status in items:
        if item.id != current_id and status not in ("submitted", "abstained"):
            return item
    return None


def _rubric(round_, values, errors):
    """The scoring form's rows as plain values, in the juror's language (rendered 60 times a session)."""
    lang = locale()
    rows = []
    for criterion in round_.criteria:
        score, comment = values.get(criterion.id, (None, ""))
        rows.append({"id": criterion.id, "label": criterion.label(lang), "weight": criterion.weight,
                     "levels": [(level.level, level.label(lang)) for level in criterion.levels],
                     "value": "" if score in (None, "") else str(score), "comment": comment or "",
                     "error": errors.get(criterion.id)})
    return rows


@bp.route("/jury/rounds/<int:round_id>/entries/<int:entry_id>", methods=["GET", "POST"])
@juror
def jury_entry(round_id, entry_id):
    round_, entry = jury.round_and_entry(round_id, entry_id)
    jury.assignment_for(current_user, round_, entry)
    errors, values = {}, None
    if request.method == "POST":
        require_action()
        submit = request.form.get("action") == "submit"
        values = _scores_from(request.form, round_)
        try:
            jury.save_sheet(current_user, round_, entry, values, submit=submit)
        except DomainError as exc:
            db.session.rollback()
            if exc.code != "invalid_scores":
                raise
            errors = exc.errors
            flash(exc.message, "danger")
        else:
            db.session.commit()
            if not submit:
                flash(_("Draft saved."), "success")
                return redirect(url_for("contest.jury_entry", round_id=round_.id, entry_id=entry.id))
            flash(_("Scores for %(code)s submitted.", code=entry.code), "success")
            items, _left = jury.queue(current_user, round_)
            following = _next_entry(items, entry.id)
            if following is not None:
                return redirect(url_for("contest.jury_entry", round_id=round_.id, entry_id=following.id))
            return redirect(url_for("contest.jury_round", round_id=round_.id))
    sheet = jury.sheet_of(current_user, round_, entry)
    saved = {s.criterion_id: (s.score, s.comment) for s in sheet.scores} if sheet else {}
    return render_template("contest/jury_entry.html", round=round_, entry=jury.blind(entry), sheet=sheet,
                           rubric=_rubric(round_, values or saved, errors),
                           progress=jury.progress(current_user, round_),
                           abstain_form=AbstainForm(formdata=None), recusal_form=RecusalForm(formdata=None),
                           locked=round_.status != "open"), 422 if errors else 200


@bp.route("/jury/rounds/<int:round_id>/entries/<int:entry_id>/abstain", methods=["POST"])
@juror
def jury_abstain(round_id, entry_id):
    round_, entry = jury.round_and_entry(round_id, entry_id)
    form = AbstainForm()
    if not form.validate_on_submit():
        flash(_("Give the reason you abstain."), "danger")
        return redirect(url_for("contest.jury_entry", round_id=round_id, entry_id=entry_id))
    jury.abstain(current_user, round_, entry, form.reason.data)
    db.session.commit()
    flash(_("You abstained on %(code)s. It counts as no score, not as zero.", code=entry.code), "info")
    return redirect(url_for("contest.jury_round", round_id=round_id))


@bp.route("/jury/rounds/<int:round_id>/entries/<int:entry_id>/recuse", methods=["POST"])
@juror
def jury_recuse(round_id, entry_id):
    round_, entry = jury.round_and_entry(round_id, entry_id)
    form = RecusalForm()
    if not form.validate_on_submit():
        flash(_("Give the reason you step back from this entry."), "danger")
        return redirect(url_for("contest.jury_entry", round_id=round_id, entry_id=entry_id))
    conflicts.recuse(current_user, round_, entry, kind=form.kind.data, reason=form.reason.data)
    db.session.commit()
    flash(_("You have stepped back from %(code)s; another juror will take it.", code=entry.code), "info")
    return redirect(url_for("contest.jury_round", round_id=round_id))
