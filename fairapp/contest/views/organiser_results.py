"""Organiser outcome pages: ranking with committee decisions, advancing, export, prizes, publication, certificates."""
from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from fairapp.contest import bp
from fairapp.contest.documents.certificates import certificates_pdf
from fairapp.contest.forms import AwardForm, DecisionForm, require_action
from fairapp.contest.models import Certificate, PrizeAward
from fairapp.contest.services import certificates, entries, export, ranking, results, setup
from fairapp.core.access import roles
from fairapp.core.errors import DomainError
from fairapp.core.jobs import start_job
from fairapp.extensions import db

organizer = roles("organizer")


def _category(contest):
    wanted = request.args.get("category", type=int)
    for category in contest.categories:
        if category.id == wanted:
            return category
    return contest.categories[0]


@bp.route("/admin/rounds/<int:round_id>/ranking")
@organizer
def admin_ranking(round_id):
    contest = setup.contest_or_error()
    round_ = setup.round_in(contest, round_id)
    category = _category(contest)
    view = ranking.ranking(round_, category)
    return render_template("contest/admin/ranking.html", contest=contest, round=round_, category=category,
                           view=view, decision_form=DecisionForm(formdata=None),
                           tie_break_text=lambda rule: ranking.tie_break_text(rule, round_),
                           next_round=ranking.next_round(round_))


@bp.route("/admin/rounds/<int:round_id>/decisions", methods=["POST"])
@organizer
def admin_decision(round_id):
    contest = setup.contest_or_error()
    round_ = setup.round_in(contest, round_id)
    category = setup.category_in(contest, request.form.get("category_id", type=int))
    form = DecisionForm()
    target = url_for("contest.admin_ranking", round_id=round_.id, category=category.id)
    if not form.validate_on_submit():
        flash(_("Give the order and the committee's reason."), "danger")
        return redirect(target)
    codes = [c.strip().upper() for c in form.order.data.split(",") if c.strip()]
    by_code = {e.code: e.id for e in ranking.pool(round_, category).entries}
    if any(code not in by_code for code in codes):
        flash(_("Order exactly the entries of one unresolved tie."), "danger")
        return redirect(target)
    try:
        ranking.record_decision(round_, category, [by_code[c] for c in codes], form.reason.data, current_user)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "danger")
    else:
        db.session.commit()
        flash(_("The committee's decision is recorded."), "success")
    return redirect(target)


@bp.route("/admin/rounds/<int:round_id>/advance", methods=["POST"])
@organizer
def admin_advance(round_id):
    require_action()
    round_ = setup.round_in(setup.contest_or_error(), round_id)
    moved = ranking.advance_round(round_)
    db.session.commit()
    flash(_("%(count)d entries advance to the next round.", count=sum(len(v) for v in moved.values())), "success")
    return redirect(url_for("contest.admin_round", round_id=ranking.next_round(round_).id))


@bp.route("/admin/rounds/<int:round_id>/export.zip")
@organizer
def admin_export_csv(round_id):
    round_ = setup.round_in(setup.contest_or_error(), round_id)
    return Response(export.as_zip(round_), mimetype="application/zip", headers={
        "Content-Disposition": f'attachment; filename="ranking-round-{round_.position}-csv.zip"'})


@bp.route("/admin/rounds/<int:round_id>/export.xlsx")
@organizer
def admin_export_xlsx(round_id):
    round_ = setup.round_in(setup.contest_or_error(), round_id)
    return Response(export.as_xlsx(round_),
                    mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="ranking-round-{round_.position}.xlsx"'})


@bp.route("/admin/prizes")
@organizer
def admin_prizes():
    contest = setup.contest_or_error()
    final = results.final_round(contest)
    category = _category(contest)
    view = ranking.ranking(final, category) if final is not None else None
    awards = {a.entry_id: a for a in results.awards_in(category)}
    return render_template("contest/admin/prizes.html", contest=contest, final=final, category=category, view=view,
                           awards=awards, counts=results.tier_counts(category), form=AwardForm(formdata=None),
                           tier_label=results.tier_label)


@bp.route("/admin/prizes/award", methods=["POST"])
@organizer
def admin_award():
    contest = setup.contest_or_error()
    form = AwardForm()
    if not (form.validate_on_submit() and form.entry_id.data.isdigit()):
        flash(_("Choose a prize."), "danger")
        return redirect(url_for("contest.admin_prizes"))
    entry = entries.entry_in(contest, int(form.entry_id.data))
    try:
        results.award_prize(contest, entry, form.tier.data)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "danger")
    else:
        db.session.commit()
        flash(_("%(prize)s for %(code)s.", prize=results.tier_label(form.tier.data), code=entry.code), "success")
    return redirect(url_for("contest.admin_prizes", category=entry.category_id))


@bp.route("/admin/prizes/<int:award_id>/revoke", methods=["POST"])
@organizer
def admin_revoke(award_id):
    require_action()
    contest = setup.contest_or_error()
    award = db.session.get(PrizeAward, award_id)
    if award is None:
        raise DomainError(_("This page does not exist."), status=404)
    category_id = award.category_id
    results.revoke_prize(contest, award)
    db.session.commit()
    flash(_("The prize is withdrawn."), "info")
    return redirect(url_for("contest.admin_prizes", category=category_id))


@bp.route("/admin/publish", methods=["POST"])
@organizer
def admin_publish():
    require_action()
    contest = setup.contest_or_error()
    results.publish(contest)
    db.session.commit()
    flash(_("The results are published."), "success")
    return redirect(url_for("contest.results_page"))


@bp.route("/admin/certificates", methods=["GET", "POST"])
@organizer
def admin_certificates():
    contest = setup.contest_or_error()
    if request.method == "POST":
        require_action()
        made = certificates.issue_certificates(contest, current_user)
        db.session.commit()
        flash(_("%(count)d certificates issued.", count=len(made)), "success")
        return redirect(url_for("contest.admin_certificates"))
    return render_template("contest/admin/certificates.html", contest=contest,
                           certificates=certificates.certificates_of(contest), tier_label=results.tier_label)


@bp.route("/admin/certificates/<int:certificate_id>.pdf")
@organizer
def admin_certificate_pdf(certificate_id):
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None:
        raise DomainError(_("This page does not exist."), status=404)
    pdf = certificates_pdf([certificate], request.url_root)
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="certificate-{certificate.award.entry.code}.pdf"'})


@bp.route("/admin/certificates/all", methods=["POST"])
@organizer
def admin_certificates_job():
    require_action()
    contest = setup.contest_or_error()
    job = start_job("contest.certificates", {"contest_id": contest.id, "base_url": request.url_root},
                    owner=current_user)
    db.session.commit()
    return redirect(url_for("core.job_page", job_id=job.id))
