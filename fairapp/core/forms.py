"""The base form and validators shared by every blueprint's forms."""
from flask import flash
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import ValidationError
from wtforms.validators import Email, InputRequired, Length

from fairapp.core.validators import normalise_phone


class BaseForm(FlaskForm):
    """Every form: CSRF-protected (FlaskForm), strips surrounding spaces."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            filters = list(unbound_field.kwargs.get("filters", []))
            if unbound_field.field_class.__name__ in {"StringField", "EmailField", "TelField", "TextAreaField"}:
                filters.append(lambda v: v.strip() if isinstance(v, str) else v)
            return unbound_field.bind(form=form, filters=filters, **options)


def required():
    return InputRequired(message=_l("This field is required."))


def email_address():
    return Email(message=_l("Enter a valid e-mail address."), check_deliverability=False)


def max_length(n):
    return Length(max=n, message=_l("At most %(max)d characters.", max=n))


def vietnamese_phone(form, field):
    if field.data and normalise_phone(field.data) is None:
        raise ValidationError(_l("Enter a Vietnamese mobile number (e.g. 0912 345 678) or a Hanoi landline (024…)."))


class ActionForm(BaseForm):
    """Only a CSRF token: for buttons that change something (sign out, language, retry)."""


def show_error(form, exc):
    """A service's DomainError next to the field it names, else as a flash message."""
    field = getattr(form, exc.field, None) if exc.field and form is not None else None
    if field is not None:
        field.errors = list(field.errors) + [exc.message]
    else:
        flash(exc.message, "danger")
