"""Visitor registration form."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, RadioField, SelectMultipleField, StringField, TelField
from wtforms.validators import DataRequired, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from fairapp.core.forms import BaseForm, email_address, max_length, required, vietnamese_phone


class CheckboxList(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class RegistrationForm(BaseForm):
    name = StringField(_l("Full name"), validators=[required(), max_length(120)])
    email = EmailField(_l("E-mail"), validators=[required(), email_address(), max_length(254)])
    phone = TelField(_l("Mobile phone"), validators=[Optional(), vietnamese_phone])
    organization = StringField(_l("Organisation or business"), validators=[Optional(), max_length(200)])
    ticket_type = RadioField(_l("I come as"), validators=[required()])
    days = CheckboxList(_l("Days I will come"), validators=[DataRequired(message=_l("Choose at least one day."))])
    consent = BooleanField(_l("I agree that the organisers keep these details to manage the fair and send me my ticket."),
                           validators=[DataRequired(message=_l("Please agree so that we can send your ticket."))])
    # Honeypot: hidden from people by CSS, filled in by form-filling bots.
    website = StringField(_l("Leave this field empty"), validators=[Optional()])
