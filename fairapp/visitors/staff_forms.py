"""Forms for organisers and gate staff: bulk badge printing, the walk-in kiosk and reprints."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, RadioField, SelectField, StringField, TelField
from wtforms.validators import DataRequired, Optional

from fairapp.core.forms import BaseForm, email_address, max_length, required, vietnamese_phone
from fairapp.visitors.forms import CheckboxList

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
    phone = TelField(_l("Mobile phone (optional)"), validators=[Optional(), vietnamese_phone])
    organization = StringField(_l("Organisation (optional)"), validators=[Optional(), max_length(200)])
    email = EmailField(_l("E-mail (optional)"), validators=[Optional(), email_address(), max_length(254)])
    ticket_type = RadioField(_l("Ticket type"), validators=[required()])
    days = CheckboxList(_l("Days"), validators=[DataRequired(message=_l("Choose at least one day."))])


class ReprintForm(BaseForm):
    """A USB scanner types the code and Enter into `query`; a person may type a name or phone instead."""

    query = StringField(_l("Scan the badge, or type a name or phone number"), validators=[Optional(), max_length(200)])
    ticket_id = HiddenField()
