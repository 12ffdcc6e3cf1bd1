"""Forms of the organiser pages: ticket types, gates, scanners, revoking, import, the ticket filters."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, ColorField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Optional

from fairapp.core.forms import BaseForm, max_length, required
from fairapp.visitors.forms import CheckboxList


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
    badge_color = ColorField(_l("Badge colour"), validators=[required()])
    is_free = BooleanField(_l("Free of charge"))
    public = BooleanField(_l("Offered on the public registration form"))


class GateForm(BaseForm):
    name = StringField(_l("Gate name"), validators=[required(), max_length(60)])


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

    q = StringField(_l("Name, phone, e-mail or code"), validators=[Optional()])
    type = SelectField(_l("Ticket type"), validators=[Optional()], validate_choice=False)
    day = SelectField(_l("Day"), validators=[Optional()], validate_choice=False)
    checked_in = SelectField(_l("Checked in"), validators=[Optional()], choices=choices([
        ("", _l("All")), ("yes", _l("Checked in")), ("no", _l("Not checked in"))]))
    printed = SelectField(_l("Badge printed"), validators=[Optional()], choices=choices([
        ("", _l("All")), ("yes", _l("Printed")), ("no", _l("Not printed"))]))
    status = SelectField(_l("Status"), validators=[Optional()], choices=choices([
        ("", _l("All")), ("valid", _l("Valid")), ("revoked", _l("Revoked"))]))
