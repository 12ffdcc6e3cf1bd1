"""Organiser judging pages: entries and screening, panels, assignments, conflicts."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from fairapp.contest import bp
from fairapp.contest.forms import AssignForm, PanelForm, ScreeningForm, UnassignForm, require_action
from fairapp.contest.models import ContestEntry, JuryAssignment, PanelMember
from fairapp.contest.services import assignment, conflicts, entries, setup
from fairapp.core.access import roles
from fairapp.core.errors import DomainError
from fairapp.core.forms import show_error
from fairapp.core.i18n import localized
from fairapp.core.models import User
from fairapp.extensions import db

organizer = roles("organizer")


def _jurors():
    return db.session.scalars(select(User).where(User.role == "juror").order_by(User.name_key)).all()


@bp.route("/admin/entries")
@organizer
def admin_entries():
    contest = setup.contest_or_error()
    query = select(ContestEntry).where(ContestEntry.contest_id == contest.id).order_by(ContestEntry.number)
    category = request.args.get("category", type=int)
    eligibility = request.args.get("eligibility")
    if category:
        query = query.where(ContestEntry.category_id == category)
    if eligibility in ("pending", "eligible", "ineligible"):
        query = query.where(ContestEntry.eligibility == eligibility)
    page = db.paginate(query, per_page=50)
    return render_template("contest/admin/entries.html", contest=contest, page=page, category=category,
                           eligibility=eligibility)


@bp.route("/admin/entries/<int:entry_id>", methods=["GET", "POST"])
@organizer
def admin_entry(entry_id):
    contest = setup.contest_or_error()
    entry = entries.entry_in(contest, entry_id)
    form = ScreeningForm()
    if request.method == "GET":
        form.decision.data = "ineligible" if entry.eligibility == "ineligible" else "eligible"
        form.reason.data = entry.eligibility_reason
    if form.validate_on_submit():
        try:
            entries.screen_entry(entry, eligible=form.decision.data == "eligible", reason=form.reason.data or "")
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("Entry %(code)s is screened.", code=entry.code), "success")
            return redirect(url_for("contest.admin_entries", eligibility="pending"))
    links = db.session.scalars(select(JuryAssignment).where(JuryAssignment.entry_id == entry.id)
                               .order_by(JuryAssignment.round_id, JuryAssignment.id)).all()
    return render_template("contest/admin/entry.html", contest=contest, entry=entry, form=form, assignments=links)


@bp.route("/admin/panels", methods=["GET", "POST"])
@organizer
def admin_panels():
    contest = setup.contest_or_error()
    form = PanelForm()
    form.juror_id.choices = [(j.id, f"{j.name} <{j.email}>") for j in _jurors()]
    if request.method == "POST":
        category = setup.category_in(contest, request.form.get("category_id", type=int))
        if form.validate_on_submit():
            try:
                assignment.add_to_panel(category, db.session.get(User, form.juror_id.data))
            except DomainError as exc:
                db.session.rollback()
                flash(exc.message, "danger")
            else:
                db.session.commit()
                flash(_("The juror is on the %(category)s panel.", category=localized(category)), "success")
        return redirect(url_for("contest.admin_panels"))
    return render_template("contest/admin/panels.html", contest=contest, panels=assignment.panels(contest),
                           form=form)


@bp.route("/admin/panels/<int:member_id>/remove", methods=["POST"])
@organizer
def admin_panel_remove(member_id):
    require_action()
    member = db.session.get(PanelMember, member_id)
    if member is None:
        raise DomainError(_("This page does not exist."), status=404)
    assignment.remove_from_panel(member)
    db.session.commit()
    flash(_("The juror has left the panel."), "info")
    return redirect(url_for("contest.admin_panels"))


@bp.route("/admin/rounds/<int:round_id>/assignments")
@organizer
def admin_assignments(round_id):
    contest = setup.contest_or_error()
    round_ = setup.round_in(contest, round_id)
    form = AssignForm()
    form.juror_id.choices = [(j.id, j.name) for j in _jurors()]
    return render_template("contest/admin/assignments.html", contest=contest, round=round_,
                           table=assignment.assignment_table(round_), loads=assignment.juror_loads(round_),
                           jurors={j.id: j for j in _jurors()}, form=form, unassign_form=UnassignForm(formdata=None))


@bp.route("/admin/rounds/<int:round_id>/assignments/auto", methods=["POST"])
@organizer
def admin_auto_assign(round_id):
    require_action()
    round_ = setup.round_in(setup.contest_or_error(), round_id)
    added, short = assignment.auto_assign(round_)
    db.session.commit()
    flash(_("%(count)d assignments added.", count=added), "success")
    if short:
        flash(_("Not enough jurors without a conflict for: %(codes)s. Add jurors to those panels.",
                codes=", ".join(e.code for e in short)), "warning")
    return redirect(url_for("contest.admin_assignments", round_id=round_.id))


@bp.route("/admin/rounds/<int:round_id>/assignments/add", methods=["POST"])
@organizer
def admin_assign(round_id):
    contest = setup.contest_or_error()
    round_ = setup.round_in(contest, round_id)
    form = AssignForm()
    form.juror_id.choices = [(j.id, j.name) for j in _jurors()]
    if form.validate_on_submit() and form.entry_id.data.isdigit():
        try:
            assignment.assign(round_, entries.entry_in(contest, int(form.entry_id.data)),
                              db.session.get(User, form.juror_id.data), form.reason.data or "")
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "danger")
        else:
            db.session.commit()
            flash(_("The juror is assigned."), "success")
    else:
        flash(_("Choose an entry and a juror."), "danger")
    return redirect(url_for("contest.admin_assignments", round_id=round_.id))


@bp.route("/admin/assignments/<int:assignment_id>/remove", methods=["POST"])
@organizer
def admin_unassign(assignment_id):
    row = db.session.get(JuryAssignment, assignment_id)
    if row is None:
        raise DomainError(_("This page does not exist."), status=404)
    form = UnassignForm()
    if not form.validate_on_submit():
        flash(_("Give the reason for taking the juror off this entry."), "danger")
        return redirect(url_for("contest.admin_assignments", round_id=row.round_id))
    assignment.unassign(row, form.reason.data)
    db.session.commit()
    flash(_("The juror is taken off the entry; their scores for it are withdrawn."), "info")
    return redirect(url_for("contest.admin_assignments", round_id=row.round_id))


@bp.route("/admin/conflicts")
@organizer
def admin_conflicts():
    contest = setup.contest_or_error()
    return render_template("contest/admin/conflicts.html", contest=contest, conflicts=conflicts.conflicts_of(contest))


@bp.route("/admin/conflicts/detect", methods=["POST"])
@organizer
def admin_detect_conflicts():
    require_action()
    contest = setup.contest_or_error()
    found = conflicts.detect_conflicts(contest)
    db.session.commit()
    flash(_("%(count)d new conflicts found.", count=len(found)), "info")
    return redirect(url_for("contest.admin_conflicts"))
