"""Sign-in, sign-up, password and invitation forms."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, RadioField, SelectField, StringField, TelField
from wtforms.validators import EqualTo, Length, Optional

from fairapp.core.forms import BaseForm, email_address, max_length, required, vietnamese_phone
from fairapp.core.passwords import MIN_LENGTH


def _new_password():
    return PasswordField(_l("New password"), validators=[
        required(), Length(min=MIN_LENGTH, max=200,
                           message=_l("The password needs at least %(min)d characters.", min=MIN_LENGTH))])


def _repeat():
    return PasswordField(_l("Repeat the password"), validators=[
        required(), max_length(200), EqualTo("password", message=_l("The two passwords do not match."))])


def _language():
    return RadioField(_l("Language for e-mails"), choices=[("vi", "Tiếng Việt"), ("en", "English")],
                      default="vi")


class LoginForm(BaseForm):
    # No syntax check: whatever address an account has must sign in, including the
    # demo's @fairapp.local ones that email_validator calls special-use.
    email = EmailField(_l("E-mail"), validators=[required(), max_length(254)])
    password = PasswordField(_l("Password"), validators=[required(), max_length(200)])
    remember = BooleanField(_l("Keep me signed in on this device"))


class SignupForm(BaseForm):
    name = StringField(_l("Full name"), validators=[required(), max_length(120)])
    email = EmailField(_l("E-mail"), validators=[required(), email_address(), max_length(254)])
    phone = TelField(_l("Mobile phone"), validators=[Optional(), max_length(20), vietnamese_phone])
    password = _new_password()
    confirm = _repeat()
    locale = _language()


class ResetRequestForm(BaseForm):
    email = EmailField(_l("E-mail"), validators=[required(), email_address(), max_length(254)])


class NewPasswordForm(BaseForm):
    password = _new_password()
    confirm = _repeat()


class InviteForm(BaseForm):
    name = StringField(_l("Full name"), validators=[required(), max_length(120)])
    email = EmailField(_l("E-mail"), validators=[required(), email_address(), max_length(254)])
    role = SelectField(_l("Role"), choices=[("juror", _l("Juror")), ("gate", _l("Gate staff")),
                                            ("organizer", _l("Organiser"))])
    locale = _language()

