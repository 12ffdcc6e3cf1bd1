"""Public pages: the floor plan, the directory of confirmed exhibitors and each one's own page."""
from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from fairapp.core.access import is_role, public
from fairapp.core.fairs import current_fair, fair_by_slug
from fairapp.core.i18n import localized
from fairapp.exhibitors import bp, labels
from fairapp.exhibitors.forms import DirectoryFilterForm
from fairapp.exhibitors.services import directory
from fairapp.exhibitors.services.floorplan import halls_of, status_counts_by_hall


@bp.route("/floor-plan")
@public
def floor_plan_current():
    fair = current_fair() or abort(404)
    return redirect(url_for("exhibitors.floor_plan", slug=fair.slug))


@bp.route("/<slug>/floor-plan")
@public
def floor_plan(slug):
    fair = fair_by_slug(slug)
    counts = status_counts_by_hall(fair.id)
    halls = [{"code": h.code, "name": localized(h), "width": float(h.width_m), "depth": float(h.depth_m),
              "counts": counts.get(h.code, {})} for h in halls_of(fair.id)]
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
        "exhibitor": _("Exhibitor"), "see_exhibitor": _("See what they exhibit"),
        "not_found": _("There is no booth %(code)s at this fair. Booth codes look like A-07."),
        "found": _("Booth %(code)s is in hall %(hall)s."),
    }
    # Who is on each confirmed booth, so a visitor can go from the plan to the exhibitor's page.
    exhibitors = {item.booth.code: {"name": item.profile.name, "url": url_for(
        "exhibitors.exhibitor_page", slug=fair.slug, profile_id=item.profile.id)}
        for item in directory.confirmed_exhibitors(fair)}
    return render_template(
        "exhibitors/floor_plan.html", fair=fair, halls=halls, i18n=i18n, can_hold=can_hold, exhibitors=exhibitors,
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
    craft = form.craft.data if form.craft.data in labels.CRAFT_LABELS else None
    # A GET form is never validated as a whole; the search's own maximum length still holds.
    listings = directory.confirmed_exhibitors(fair, form.q.data if form.q.validate(form) else None, craft)
    return render_template("exhibitors/directory.html", fair=fair, form=form, listings=listings,
                           searching=bool((form.q.data or "").strip() or craft), craft=craft,
                           crafts=labels.CRAFT_LABELS, titles=labels.ARTISAN_TITLE_LABELS)


@bp.route("/<slug>/exhibitors/<int:profile_id>")
@public
def exhibitor_page(slug, profile_id):
    fair = fair_by_slug(slug)
    listing = directory.confirmed_exhibitor(fair, profile_id) or abort(404)
    profile = listing.profile
    # Only what the exhibitor chose to publish leaves the database for this page.
    contact = {"phone": directory.national_phone(profile.phone) if profile.publish_phone else None,
               "phone_link": profile.phone if profile.publish_phone else None,
               "email": profile.email if profile.publish_email else None}
    return render_template("exhibitors/exhibitor.html", fair=fair, listing=listing, profile=profile,
                           booth=listing.booth, contact=contact, crafts=labels.CRAFT_LABELS,
                           titles=labels.ARTISAN_TITLE_LABELS)
