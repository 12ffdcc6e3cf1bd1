"""Organiser pages to set up a fair: settings and terms, halls, booths, bulk import, exports."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from fairapp.core import spreadsheets
from fairapp.core.access import roles
from fairapp.core.errors import DomainError
from fairapp.core.fairs import fair_by_slug
from fairapp.core.forms import ActionForm, show_error
from fairapp.core.models import Fair
from fairapp.exhibitors import bp, labels
from fairapp.exhibitors.forms import BoothForm, BoothImportForm, FairForm, FairSettingsForm, HallForm
from fairapp.exhibitors.models import Booth, Hall
from fairapp.exhibitors.services import exports, setup
from fairapp.exhibitors.services.booth_import import COLUMNS, EXAMPLE, ImportRefused, import_booths
from fairapp.exhibitors.services.floorplan import booth_list, halls_of, status_counts
from fairapp.extensions import db

organizer = roles("organizer")
HALL_FIELDS = ("code", "name", "name_en", "width_m", "depth_m")


@bp.route("/manage/")
@organizer
def manage_home():
    fairs = db.session.scalars(select(Fair).order_by(Fair.starts_on.desc())).all()
    return render_template("exhibitors/manage/home.html", fairs=fairs,
                           counts={f.id: status_counts(f.id) for f in fairs})


@bp.route("/manage/fairs/new", methods=["GET", "POST"])
@organizer
def fair_new():
    form = FairForm()
    if form.validate_on_submit():
        try:
            fair = setup.create_fair({name: getattr(form, name).data for name in setup.FAIR_FIELDS})
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("The fair is created. Add its halls next."), "success")
            return redirect(url_for("exhibitors.halls", slug=fair.slug))
    return render_template("exhibitors/manage/fair_new.html", form=form)


@bp.route("/manage/<slug>/settings", methods=["GET", "POST"])
@organizer
def fair_settings(slug):
    fair = fair_by_slug(slug)
    terms = setup.terms_for(fair)
    form = FairSettingsForm()
    if request.method == "GET":
        for name in setup.FAIR_FIELDS:
            getattr(form, name).data = getattr(fair, name)
        for name in setup.TERMS_FIELDS:
            getattr(form, name).data = getattr(terms, name)
    if form.validate_on_submit():
        fair_values = {name: getattr(form, name).data for name in setup.FAIR_FIELDS}
        terms_values = {name: getattr(form, name).data for name in setup.TERMS_FIELDS}
        terms_values["support_rate_pct"] = terms_values["support_rate_pct"] or 0
        terms_values["support_amount_vnd"] = terms_values["support_amount_vnd"] or 0
        try:
            setup.update_fair(fair, fair_values, terms_values)
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("The settings are saved."), "success")
            return redirect(url_for("exhibitors.fair_settings", slug=fair.slug))
    else:
        db.session.commit()  # terms created on first visit
    return render_template("exhibitors/manage/settings.html", fair=fair, form=form)


@bp.route("/manage/<slug>/halls", methods=["GET", "POST"])
@organizer
def halls(slug):
    fair = fair_by_slug(slug)
    form = HallForm()
    if form.validate_on_submit():
        try:
            setup.save_hall(fair, {n: getattr(form, n).data for n in HALL_FIELDS})
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("The hall is added."), "success")
            return redirect(url_for("exhibitors.halls", slug=fair.slug))
    return render_template("exhibitors/manage/halls.html", fair=fair, form=form, halls=halls_of(fair.id))


@bp.route("/manage/halls/<int:hall_id>", methods=["GET", "POST"])
@organizer
def hall_edit(hall_id):
    hall = db.session.get(Hall, hall_id) or abort(404)
    form = HallForm(obj=hall)
    if form.validate_on_submit():
        try:
            setup.save_hall(hall.fair, {n: getattr(form, n).data for n in HALL_FIELDS},
                            hall)
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("The hall is saved."), "success")
            return redirect(url_for("exhibitors.halls", slug=hall.fair.slug))
    return render_template("exhibitors/manage/hall_edit.html", fair=hall.fair, hall=hall, form=form)


@bp.route("/manage/<slug>/booths")
@organizer
def booths(slug):
    fair = fair_by_slug(slug)
    hall = request.args.get("hall") or None
    rows = [b for b in booth_list(fair.id) if hall is None or b["hall"] == hall]
    ids = dict(db.session.execute(select(Booth.code, Booth.id).where(Booth.fair_id == fair.id)).all())
    return render_template("exhibitors/manage/booths.html", fair=fair, booths=rows, ids=ids, hall=hall,
                           halls=halls_of(fair.id), counts=status_counts(fair.id),
                           type_labels=labels.BOOTH_TYPE_LABELS, status_labels=labels.BOOTH_STATUS_LABELS)


def _booth_form(fair, booth=None):
    form = BoothForm(obj=booth)
    form.hall_id.choices = labels.choices({h.id: f"{h.code} · {h.name}" for h in halls_of(fair.id)})
    if booth is not None and request.method == "GET" and booth.polygon:
        form.polygon.data = "; ".join(f"{x:g},{y:g}" for x, y in booth.polygon)
    return form


def _save_booth(fair, form, booth=None):
    values = {name: getattr(form, name).data for name in BoothForm.FIELDS}
    try:
        saved = setup.save_booth(fair, values, booth)
    except DomainError as exc:
        db.session.rollback()
        show_error(form, exc)
        return None
    db.session.commit()
    flash(_("Booth %(code)s is saved.", code=saved.code), "success")
    return redirect(url_for("exhibitors.booths", slug=fair.slug, hall=saved.hall.code))


@bp.route("/manage/<slug>/booths/new", methods=["GET", "POST"])
@organizer
def booth_new(slug):
    fair = fair_by_slug(slug)
    form = _booth_form(fair)
    if form.validate_on_submit():
        done = _save_booth(fair, form)
        if done:
            return done
    return render_template("exhibitors/manage/booth_form.html", fair=fair, form=form, booth=None)


@bp.route("/manage/booths/<int:booth_id>", methods=["GET", "POST"])
@organizer
def booth_edit(booth_id):
    booth = db.session.get(Booth, booth_id) or abort(404)
    form = _booth_form(booth.fair, booth)
    if form.validate_on_submit():
        done = _save_booth(booth.fair, form, booth)
        if done:
            return done
    return render_template("exhibitors/manage/booth_form.html", fair=booth.fair, form=form, booth=booth,
                           delete_form=ActionForm())


@bp.route("/manage/booths/<int:booth_id>/delete", methods=["POST"])
@organizer
def booth_delete(booth_id):
    booth = db.session.get(Booth, booth_id) or abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    slug, code = booth.fair.slug, booth.code
    setup.delete_booth(booth)
    db.session.commit()
    flash(_("Booth %(code)s is deleted.", code=code), "info")
    return redirect(url_for("exhibitors.booths", slug=slug))


@bp.route("/manage/<slug>/booths/import", methods=["GET", "POST"])
@organizer
def booth_import(slug):
    fair = fair_by_slug(slug)
    form = BoothImportForm()
    problems = []
    if form.validate_on_submit():
        upload = form.file.data
        try:
            added = import_booths(fair, upload.filename, upload.read())
        except ImportRefused as exc:
            db.session.rollback()
            problems = exc.problems
            flash(exc.message, "danger")
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("%(n)d booths imported.", n=len(added)), "success")
            return redirect(url_for("exhibitors.booths", slug=fair.slug))
    return render_template("exhibitors/manage/booth_import.html", fair=fair, form=form, problems=problems,
                           columns=COLUMNS)


@bp.route("/manage/<slug>/booths/import/example.csv")
@organizer
def booth_import_example(slug):
    fair_by_slug(slug)
    return spreadsheets.download("csv", "booths-example.csv", COLUMNS, EXAMPLE)


@bp.route("/manage/<slug>/export/<what>.<fmt>")
@organizer
def export(slug, what, fmt):
    fair = fair_by_slug(slug)
    if what not in ("exhibitors", "booths") or fmt not in spreadsheets.FORMATS:
        abort(404)
    name, header, rows = exports.export(fair, what)
    return spreadsheets.download(fmt, f"{name}.{fmt}", header, rows, sheet_title=what)
