"""Organiser pages for the fair's entry: ticket types, gates, scanner devices and the public keys."""
from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from fairapp.core.access import roles
from fairapp.core.errors import DomainError
from fairapp.core.forms import show_error as show_domain_error
from fairapp.core.models import Fair
from fairapp.extensions import db
from fairapp.visitors import bp
from fairapp.visitors.fair_choice import all_fairs, chosen_fair
from fairapp.visitors.forms import DeviceForm, GateForm, TicketTypeForm, choices, day_choices, require_action_form
from fairapp.visitors.models import Gate, GateDevice, TicketType
from fairapp.visitors.services import setup, tickets

organizer = roles("organizer")


def show_error(form, exc):
    """A service's refusal shown on the page, with nothing of it left in the session."""
    db.session.rollback()
    show_domain_error(form, exc)


def _object(model, object_id):
    return db.session.get(model, object_id) or abort(404)


def _fair_of(obj):
    return db.session.get(Fair, obj.fair_id)


# ---------------------------------------------------------------- ticket types


@bp.route("/visitors/admin/ticket-types")
@organizer
def admin_ticket_types():
    fair = chosen_fair()
    return render_template("visitors/admin/ticket_types.html", fair=fair, fairs=all_fairs(),
                           types=tickets.ticket_types(fair))


def _type_form(fair, ticket_type=None):
    form = TicketTypeForm(obj=ticket_type)
    form.valid_days.choices = day_choices(fair)
    if ticket_type is None and request.method == "GET":
        form.valid_days.data = [choice.value for choice in form.valid_days.choices]
        form.entry_policy.data, form.badge_color.data, form.is_free.data = "once_per_day", "#0d6efd", True
    return form


def _type_values(form):
    return {name: form[name].data for name in setup.TYPE_FIELDS}


@bp.route("/visitors/admin/ticket-types/new", methods=["GET", "POST"])
@organizer
def admin_ticket_type_new():
    fair = chosen_fair()
    form = _type_form(fair)
    if form.validate_on_submit():
        try:
            ticket_type = setup.create_ticket_type(fair, _type_values(form))
        except DomainError as exc:
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("Ticket type %(code)s created.", code=ticket_type.code), "success")
            return redirect(url_for("visitors.admin_ticket_types", fair=fair.slug))
    return render_template("visitors/admin/ticket_type_form.html", fair=fair, form=form, ticket_type=None)


@bp.route("/visitors/admin/ticket-types/<int:type_id>/edit", methods=["GET", "POST"])
@organizer
def admin_ticket_type_edit(type_id):
    ticket_type = _object(TicketType, type_id)
    fair = _fair_of(ticket_type)
    form = _type_form(fair, ticket_type)
    if form.validate_on_submit():
        try:
            setup.update_ticket_type(ticket_type, _type_values(form))
        except DomainError as exc:
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("Ticket type %(code)s saved.", code=ticket_type.code), "success")
            return redirect(url_for("visitors.admin_ticket_types", fair=fair.slug))
    return render_template("visitors/admin/ticket_type_form.html", fair=fair, form=form, ticket_type=ticket_type)


# ---------------------------------------------------------------- gates


@bp.route("/visitors/admin/gates", methods=["GET", "POST"])
@organizer
def admin_gates():
    fair = chosen_fair()
    form = GateForm()
    if form.validate_on_submit():
        try:
            gate = setup.add_gate(fair, form.name.data, form.name_en.data)
        except DomainError as exc:
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("Gate %(name)s added.", name=gate.name), "success")
            return redirect(url_for("visitors.admin_gates", fair=fair.slug))
    return render_template("visitors/admin/gates.html", fair=fair, fairs=all_fairs(), form=form,
                           gates=setup.gates(fair))


@bp.route("/visitors/admin/gates/<int:gate_id>/rename", methods=["POST"])
@organizer
def admin_gate_rename(gate_id):
    gate = _object(Gate, gate_id)
    fair = _fair_of(gate)
    form = GateForm()
    if not form.validate_on_submit():
        flash(" ".join(form.name.errors) or _("The form has expired. Please reload the page and try again."),
              "danger")
        return redirect(url_for("visitors.admin_gates", fair=fair.slug))
    try:
        setup.rename_gate(gate, form.name.data, form.name_en.data)
    except DomainError as exc:
        show_error(None, exc)
    else:
        db.session.commit()
        flash(_("Gate renamed to %(name)s.", name=gate.name), "success")
    return redirect(url_for("visitors.admin_gates", fair=fair.slug))


@bp.route("/visitors/admin/gates/<int:gate_id>/remove", methods=["POST"])
@organizer
def admin_gate_remove(gate_id):
    require_action_form()
    gate = _object(Gate, gate_id)
    fair, name = _fair_of(gate), gate.name
    try:
        revoked = setup.remove_gate(gate)
    except DomainError as exc:
        show_error(None, exc)
    else:
        db.session.commit()
        flash(_("Gate %(name)s removed; scanners revoked with it: %(n)d.", name=name, n=revoked), "success")
    return redirect(url_for("visitors.admin_gates", fair=fair.slug))


# ---------------------------------------------------------------- scanner devices and public keys


@bp.route("/visitors/admin/devices", methods=["GET", "POST"])
@organizer
def admin_devices():
    fair = chosen_fair()
    form = DeviceForm()
    form.gate.choices = choices((g.id, g.name) for g in setup.gates(fair))
    new_device = token = None
    if form.validate_on_submit():
        try:
            new_device, token = setup.create_device(fair, form.gate.data, form.name.data)
        except DomainError as exc:
            show_error(form, exc)
        else:
            db.session.commit()
            form = DeviceForm(formdata=None)
            form.gate.choices = choices((g.id, g.name) for g in setup.gates(fair))
    response = make_response(render_template(
        "visitors/admin/devices.html", fair=fair, fairs=all_fairs(), form=form, devices=setup.devices(fair),
        keys=setup.public_keys(fair), new_device=new_device, token=token))
    if token:  # shown once: no cache may keep it
        response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/visitors/admin/devices/<int:device_id>/revoke", methods=["POST"])
@organizer
def admin_device_revoke(device_id):
    require_action_form()
    device = _object(GateDevice, device_id)
    fair = _fair_of(device)
    try:
        setup.revoke_device(device)
    except DomainError as exc:
        show_error(None, exc)
    else:
        db.session.commit()
        flash(_("Scanner %(name)s revoked: its token no longer works.", name=device.name), "success")
    return redirect(url_for("visitors.admin_devices", fair=fair.slug))
