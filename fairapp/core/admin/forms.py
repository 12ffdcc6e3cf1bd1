"""Filter forms of the organiser pages (GET forms: no CSRF needed, nothing changes)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import Optional

from fairapp.core.forms import max_length


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    actor = StringField(_l("Who (e-mail)"), validators=[Optional(), max_length(254)])
    action = StringField(_l("Action"), validators=[Optional(), max_length(64)])
    object_type = SelectField(_l("Object"), validators=[Optional()], validate_choice=False)
    object_id = StringField(_l("Object id"), validators=[Optional(), max_length(64)])
    day_from = DateField(_l("From"), validators=[Optional()])
    day_to = DateField(_l("To"), validators=[Optional()])


class PeopleFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Search"), validators=[Optional(), max_length(200)])
    role = SelectField(_l("Role"), validators=[Optional()], choices=[
        ("", _l("All roles")), ("organizer", _l("Organiser")), ("exhibitor", _l("Artisan / exhibitor")),
        ("juror", _l("Juror")), ("gate", _l("Gate staff"))])
