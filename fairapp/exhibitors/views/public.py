"""Public pages: the floor plan and the directory of confirmed exhibitors."""
from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from fairapp.core.access import is_role, public
from fairapp.core.fairs import current_fair, fair_by_slug
from fairapp.exhibitors import bp, labels
from fairapp.exhibitors.forms import DirectoryFilterForm
from fairapp.exhibitors.services import directory
from fairapp.exhibitors.services.floorplan import halls_of


@bp.route("/floor-plan")
@public
def floor_plan_current():
    fair = current_fair() or abort(404)
    return redirect(url_for("exhibitors.floor_plan", slug=fair.slug))


@bp.route("/<slug>/floor-plan")
@public
def floor_plan(slug):
    fair = fair_by_slug(slug)
    halls = [{"code": h.code, "name": h.name, "width": float(h.width_m), "depth": float(h.depth_m)}
             for h in halls_of(fair.id)]
    can_hold = is_role("exhibitor")
    i18n = {
        "status": {k: str(v) for k, v in labels.BOOTH_STATUS_LABELS.items()},
        "type": {k: str(v) for k, v in labels.BOOTH_TYPE_LABELS.items()},
        "hold": _("Hold this booth for my application"),
        "holding": _("Holding…"),
        "sign_in": _("Sign in as an exhibitor to book this booth"),
        "not_available": _("This booth cannot be booked now."),
        "area": _("Area"), "size": _("Size"), "price": _("Price"), "open_sides": _("Open sides"),
        "hall": _("Hall"), "type_label": _("Type"), "status_label": _("Status"),
        "shown": _("%(n)s of %(total)s booths shown"),
        "failed": _("The floor plan could not be loaded. Please reload the page."),
        "booth": _("Booth %(code)s"),
    }
    return render_template(
        "exhibitors/floor_plan.html", fair=fair, halls=halls, i18n=i18n, can_hold=can_hold,
        booths_url=url_for("exhibitors_api.booths", slug=fair.slug),
        hold_url=url_for("exhibitors_api.hold", code="__CODE__", fair=fair.slug),
        apply_url=url_for("exhibitors.apply", fair=fair.slug),
        login_url=url_for("auth.login", next=url_for("exhibitors.floor_plan", slug=fair.slug)),
        type_labels=labels.BOOTH_TYPE_LABELS, status_labels=labels.BOOTH_STATUS_LABELS)


@bp.route("/directory")
@public
def directory_current():
    fair = current_fair() or abort(404)
    return redirect(url_for("exhibitors.directory_page", slug=fair.slug))


@bp.route("/<slug>/exhibitors")
@public
def directory_page(slug):
    fair = fair_by_slug(slug)
    form = DirectoryFilterForm(request.args)
    entries = directory.confirmed_exhibitors(fair, form.q.data, form.craft.data or None)
    return render_template("exhibitors/directory.html", fair=fair, form=form, entries=entries,
                           crafts=labels.CRAFT_LABELS, titles=labels.ARTISAN_TITLE_LABELS)
