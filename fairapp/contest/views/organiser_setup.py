"""Organiser set-up pages: the contest, rounds, rubric with score-level descriptors, prize tiers."""
from datetime import datetime

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from fairapp.contest import bp
from fairapp.contest.forms import ContestForm, CriterionForm, RoundForm, require_action
from fairapp.contest.models import RubricCriterion
from fairapp.contest.services import jury, setup
from fairapp.contest.services.results import tier_counts
from fairapp.core.access import roles
from fairapp.core.errors import DomainError
from fairapp.core.forms import show_error
from fairapp.core.i18n import LOCAL_TZ, localized, to_local
from fairapp.extensions import db

organizer = roles("organizer")


def _local_naive(moment):
    return to_local(moment).replace(tzinfo=None) if moment else None


def _aware(local_naive):
    return local_naive.replace(tzinfo=LOCAL_TZ) if isinstance(local_naive, datetime) else None


@bp.route("/admin/")
@organizer
def admin_home():
    contest = setup.contest_or_error()
    return render_template("contest/admin/home.html", contest=contest, totals=setup.prize_totals(contest),
                           counts={r.id: jury.sheet_counts(r) for r in contest.rounds})


@bp.route("/admin/settings", methods=["GET", "POST"])
@organizer
def admin_settings():
    contest = setup.contest_or_error()
    form = ContestForm(obj=contest)
    if request.method == "GET":
        form.submissions_open_at.data = _local_naive(contest.submissions_open_at)
        form.submissions_close_at.data = _local_naive(contest.submissions_close_at)
    if form.validate_on_submit():
        try:
            setup.update_contest(contest, name=form.name.data, name_en=form.name_en.data or "", opens_at=_aware(form.submissions_open_at.data),
                                 closes_at=_aware(form.submissions_close_at.data),
                                 signatory_name=form.signatory_name.data or "",
                                 signatory_title=form.signatory_title.data or "")
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("The contest settings are saved."), "success")
            return redirect(url_for("contest.admin_home"))
    return render_template("contest/admin/settings.html", form=form, contest=contest)


@bp.route("/admin/rounds", methods=["POST"])
@organizer
def admin_round_add():
    contest = setup.contest_or_error()
    form = RoundForm()
    if not form.validate_on_submit():
        flash(_("Give the round a name."), "danger")
        return redirect(url_for("contest.admin_home"))
    round_ = setup.add_round(contest, name=form.name.data, name_en=form.name_en.data or "")
    db.session.commit()
    return redirect(url_for("contest.admin_round", round_id=round_.id))


def _round_settings(form):
    return {name: form[name].data for name in setup.ROUND_SETTINGS}


@bp.route("/admin/rounds/<int:round_id>", methods=["GET", "POST"])
@organizer
def admin_round(round_id):
    contest = setup.contest_or_error()
    round_ = setup.round_in(contest, round_id)
    form = RoundForm(obj=round_)
    if form.validate_on_submit():
        try:
            setup.update_round(round_, **_round_settings(form))
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("The round settings are saved."), "success")
            return redirect(url_for("contest.admin_round", round_id=round_.id))
    return render_template("contest/admin/round.html", contest=contest, round=round_, form=form,
                           criterion_form=CriterionForm(formdata=None))


@bp.route("/admin/rounds/<int:round_id>/criteria", methods=["POST"])
@organizer
def admin_criterion_add(round_id):
    contest = setup.contest_or_error()
    round_ = setup.round_in(contest, round_id)
    form = CriterionForm()
    if not form.validate_on_submit():
        flash(_("Give the criterion a key, a name and a weight from 1 to 100."), "danger")
        return redirect(url_for("contest.admin_round", round_id=round_.id))
    criterion = setup.save_criterion(round_, key=form.key.data, name=form.name.data, name_en=form.name_en.data or "",
                                     weight=form.weight.data, tiebreak=form.tiebreak.data)
    db.session.commit()
    return redirect(url_for("contest.admin_criterion", criterion_id=criterion.id))


def _criterion(criterion_id):
    criterion = db.session.get(RubricCriterion, criterion_id)
    contest = setup.contest_or_error()
    if criterion is None or criterion.round.contest_id != contest.id:
        raise DomainError(_("This page does not exist."), status=404)
    return criterion


@bp.route("/admin/criteria/<int:criterion_id>", methods=["GET", "POST"])
@organizer
def admin_criterion(criterion_id):
    criterion = _criterion(criterion_id)
    form = CriterionForm(obj=criterion)
    levels = {level.level: (level.description, level.description_en) for level in criterion.levels}
    if form.validate_on_submit():
        levels = {n: (request.form.get(f"level-{n}", "").strip()[:300], request.form.get(f"level-en-{n}", "").strip()[:300])
                  for n in range(11)}
        try:
            setup.save_criterion(criterion.round, key=form.key.data, name=form.name.data,
                                 name_en=form.name_en.data or "", weight=form.weight.data,
                                 tiebreak=form.tiebreak.data, levels=levels, criterion=criterion)
        except DomainError as exc:
            db.session.rollback()
            if exc.code == "rubric_frozen":
                raise
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("The criterion is saved."), "success")
            return redirect(url_for("contest.admin_round", round_id=criterion.round_id))
    return render_template("contest/admin/criterion.html", criterion=criterion, form=form, levels=levels)


@bp.route("/admin/criteria/<int:criterion_id>/delete", methods=["POST"])
@organizer
def admin_criterion_delete(criterion_id):
    require_action()
    criterion = _criterion(criterion_id)
    round_id = criterion.round_id
    setup.remove_criterion(criterion.round, criterion)
    db.session.commit()
    flash(_("The criterion is removed."), "info")
    return redirect(url_for("contest.admin_round", round_id=round_id))


@bp.route("/admin/rounds/<int:round_id>/open", methods=["POST"])
@organizer
def admin_round_open(round_id):
    require_action()
    round_ = setup.round_in(setup.contest_or_error(), round_id)
    setup.open_round(round_)
    db.session.commit()
    flash(_("%(round)s is open: the weights are frozen and jurors can score.", round=localized(round_)), "success")
    return redirect(url_for("contest.admin_round", round_id=round_.id))


@bp.route("/admin/rounds/<int:round_id>/close", methods=["POST"])
@organizer
def admin_round_close(round_id):
    require_action()
    round_ = setup.round_in(setup.contest_or_error(), round_id)
    setup.close_round(round_)
    db.session.commit()
    flash(_("%(round)s is closed: scores are locked.", round=localized(round_)), "success")
    return redirect(url_for("contest.admin_round", round_id=round_.id))


@bp.route("/admin/prize-tiers", methods=["GET", "POST"])
@organizer
def admin_prize_tiers():
    contest = setup.contest_or_error()
    if request.method == "POST":
        require_action()
        try:
            for category in contest.categories:
                counts = {tier: request.form.get(f"{category.id}-{tier}", "0").strip() or "0"
                          for tier in ("first", "second", "third", "consolation")}
                if not all(v.isdigit() for v in counts.values()):
                    raise DomainError(_("A prize count is a whole number from 0 to 100."))
                setup.set_prize_tiers(category, counts)
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "danger")
        else:
            db.session.commit()
            flash(_("The prize tiers are saved."), "success")
            return redirect(url_for("contest.admin_prize_tiers"))
    return render_template("contest/admin/prize_tiers.html", contest=contest, totals=setup.prize_totals(contest),
                           counts={c.id: tier_counts(c) for c in contest.categories})
