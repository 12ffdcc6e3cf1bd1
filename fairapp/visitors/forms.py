"""Forms of the visitors area: online registration, the organiser pages, the walk-in desk."""
from datetime import date

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField, ColorField, EmailField, HiddenField, RadioField, SelectField, SelectMultipleField, StringField,
    TelField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from fairapp.core.fairs import fair_days
from fairapp.core.forms import ActionForm, BaseForm, email_address, max_length, required, vietnamese_phone


class CheckboxList(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class RegistrationForm(BaseForm):
    name = StringField(_l("Full name"), validators=[required(), max_length(120)])
    email = EmailField(_l("E-mail"), validators=[required(), email_address(), max_length(254)])
    phone = TelField(_l("Mobile phone"), validators=[Optional(), max_length(20), vietnamese_phone])
    organization = StringField(_l("Organisation or business"), validators=[Optional(), max_length(200)])
    ticket_type = RadioField(_l("I come as"), validators=[required()])
    days = CheckboxList(_l("Days I will come"), validators=[DataRequired(message=_l("Choose at least one day."))])
    consent = BooleanField(_l("I agree that the organisers keep these details to manage the fair and send me my ticket."),
                           validators=[DataRequired(message=_l("Please agree so that we can send your ticket."))])
    # Honeypot: hidden from people by CSS, filled in by form-filling bots.
    website = StringField(_l("Leave this field empty"), validators=[Optional(), max_length(200)])


# ---------------------------------------------------------------- the organiser pages


def choices(pairs):
    """SelectField choices from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def entry_policy_choices():
    return choices([("once_per_day", _l("Once per day")), ("once", _l("Once for the whole fair")),
                    ("reentry", _l("Re-entry allowed (may leave and come back)"))])


class TicketTypeForm(BaseForm):
    code = StringField(_l("Code (used in import files)"), validators=[required(), max_length(32)])
    name = StringField(_l("Name in Vietnamese"), validators=[required(), max_length(100)])
    name_en = StringField(_l("Name in English"), validators=[required(), max_length(100)])
    valid_days = CheckboxList(_l("Valid on"), validators=[Optional()])
    entry_policy = SelectField(_l("Entry at the gate"), choices=entry_policy_choices(), validators=[required()])
    badge_color = ColorField(_l("Badge colour"), validators=[required(), max_length(7)])
    is_free = BooleanField(_l("Free of charge"))
    public = BooleanField(_l("Offered on the public registration form"))


class GateForm(BaseForm):
    name = StringField(_l("Gate name"), validators=[required(), max_length(60)])
    name_en = StringField(_l("Name in English (optional)"), validators=[Optional(), max_length(60)])


class DeviceForm(BaseForm):
    gate = SelectField(_l("Gate"), coerce=int, validators=[required()])
    name = StringField(_l("Scanner name"), validators=[required(), max_length(100)])


class RevokeForm(BaseForm):
    # DataRequired, not InputRequired: a reason of blanks only is no reason once stripped.
    reason = StringField(_l("Reason"), validators=[DataRequired(message=_l("This field is required.")),
                                                   max_length(200)])


class ImportForm(BaseForm):
    file = FileField(_l("CSV or Excel file"), validators=[FileRequired(message=_l("Choose a file."))])
    send_tickets = BooleanField(_l("Send tickets by e-mail"))


class TicketFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form: it changes nothing

    q = StringField(_l("Name, phone, e-mail or code"), validators=[Optional(), max_length(200)])
    type = SelectField(_l("Ticket type"), validators=[Optional()], validate_choice=False)
    day = SelectField(_l("Day"), validators=[Optional()], validate_choice=False)
    checked_in = SelectField(_l("Checked in"), validators=[Optional()], choices=choices([
        ("", _l("All")), ("yes", _l("Checked in")), ("no", _l("Not checked in"))]))
    printed = SelectField(_l("Badge printed"), validators=[Optional()], choices=choices([
        ("", _l("All")), ("yes", _l("Printed")), ("no", _l("Not printed"))]))
    status = SelectField(_l("Status"), validators=[Optional()], choices=choices([
        ("", _l("All")), ("valid", _l("Valid")), ("revoked", _l("Revoked"))]))


def day_choices(fair):
    return choices((d.isoformat(), d.strftime("%d/%m/%Y")) for d in fair_days(fair))


def valid_day(fair, value):
    """An ISO day of the fair from a query string, else None."""
    try:
        day = date.fromisoformat(value or "")
    except ValueError:
        return None
    return day if fair.starts_on <= day <= fair.ends_on else None


def require_action_form():
    if not ActionForm().validate_on_submit():
        abort(400)


# ---------------------------------------------------------------- bulk badges and the walk-in desk

LAYOUT_CHOICES = [
    ("a6", _l("A6, one badge per page")),
    ("4xa6", _l("4 × A6 on A4")),
    ("8xa7", _l("8 × A7 on A4")),
    ("10x90x54", _l("10 cards of 90 × 54 mm on A4")),
]


class BadgePrintForm(BaseForm):
    ticket_type = SelectField(_l("Ticket type"), choices=[])
    day = SelectField(_l("Day"), choices=[])
    not_printed = BooleanField(_l("Only badges not printed yet"), default=True)
    layout = RadioField(_l("Sheet layout"), choices=LAYOUT_CHOICES, default="4xa6", validators=[required()])
    cut_marks = BooleanField(_l("Cut marks"))


class WalkInForm(BaseForm):
    name = StringField(_l("Full name"), validators=[required(), max_length(120)])
    phone = TelField(_l("Mobile phone (optional)"), validators=[Optional(), max_length(20), vietnamese_phone])
    organization = StringField(_l("Organisation (optional)"), validators=[Optional(), max_length(200)])
    email = EmailField(_l("E-mail (optional)"), validators=[Optional(), email_address(), max_length(254)])
    ticket_type = RadioField(_l("Ticket type"), validators=[required()])
    days = CheckboxList(_l("Days"), validators=[DataRequired(message=_l("Choose at least one day."))])


class ReprintForm(BaseForm):
    """A USB scanner types the code and Enter into `query`; a person may type a name or phone instead."""

    query = StringField(_l("Scan the badge, or type a name or phone number"), validators=[Optional(), max_length(200)])
    ticket_id = HiddenField(validators=[max_length(12)])
