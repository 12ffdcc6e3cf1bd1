"""The base form and validators shared by every blueprint's forms, and the refused-form answer."""
import re

from flask import flash, g, has_request_context, request
from flask.signals import before_render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, PasswordField, StringField, TextAreaField, ValidationError
from wtforms.validators import InputRequired, Length, StopValidation
from wtforms.widgets import TextInput

from fairapp.core.i18n import clean_input
from fairapp.core.validators import normalise_email, normalise_phone

WRITES = ("POST", "PUT", "PATCH", "DELETE")


def _clean_line(value):
    return clean_input(value) if isinstance(value, str) else value


def _clean_lines(value):
    return clean_input(value, multiline=True) if isinstance(value, str) else value


class BaseForm(FlaskForm):
    """Every form: CSRF-protected (FlaskForm); every text field stored as clean text (NFC, no control
    characters, trimmed; line breaks and tabs only in a TextAreaField); a refusal is answered 422."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            filters = list(unbound_field.kwargs.get("filters", []))
            field_class = unbound_field.field_class
            if issubclass(field_class, StringField) and not issubclass(field_class, PasswordField):
                # First, so that a form's own filters see the text as it will be stored.
                filters.insert(0, _clean_lines if issubclass(field_class, TextAreaField) else _clean_line)
            return unbound_field.bind(form=form, filters=filters, **options)

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if not valid:
            mark_refused()
        return valid


def mark_refused():
    """This request's form said no: a page re-rendered for it answers 422 and says it was not saved."""
    if has_request_context() and request.method in WRITES:
        g.form_refused = True


def register_refused_forms(app):
    """Centrally, not per view: a write whose form was refused and that answers 200 answers 422
    instead, and the page it renders opens with a note that nothing was saved."""

    @app.after_request
    def refused_form_status(response):
        if response.status_code == 200 and g.get("form_refused") and request.method in WRITES:
            response.status_code = 422
        return response

    @before_render_template.connect_via(app)
    def refused_form_note(sender, template, context, **extra):
        if (template.name or "").startswith("email/") or not has_request_context():
            return
        if request.method in WRITES and not g.get("form_refused") and any(
                isinstance(value, BaseForm) and any(field.errors for field in value) for value in context.values()):
            g.form_refused = True  # a view put an error on a field by hand
        if not g.get("form_refused") or g.get("form_refused_noted"):
            return
        g.form_refused_noted = True
        flash(_("The form was not saved: check the fields marked below."), "danger")


def required(message=None):
    """InputRequired; give a `message` that says what to enter where the field's label alone does not."""
    return InputRequired(message=message or _l("This field is required."))


def email_address(form=None, field=None):
    """The one rule for an e-mail address (core/validators.py:normalise_email); the field's data
    becomes the normalised address. Usable as `email_address()` or as the validator itself."""
    if form is None:
        return email_address
    if field.data:
        address = normalise_email(field.data)
        if address is None:
            raise ValidationError(_l("Enter a valid e-mail address."))
        field.data = address


def max_length(n):
    return Length(max=n, message=_l("At most %(max)d characters.", max=n))


def vietnamese_phone(form, field):
    if field.data and normalise_phone(field.data) is None:
        raise ValidationError(_l("Enter a Vietnamese mobile number (e.g. 0912 345 678) or a Hanoi landline (024…)."))


# Whole đồng as people write them: 12.960.000, 12 960 000 (also with a no-break space), 12960000,
# then ₫, đ, VND or VNĐ. Dots or spaces only group thousands: "12.96" or "12,5" is refused, not
# read as a decimal (an amount 1.000 times too small was once recorded that way).
VND_TEXT = re.compile(r"(?P<number>[0-9]+|[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]{1,3}(?: [0-9]{3})+) ?(?:₫|đ|vnđ|vnd)?",
                      re.IGNORECASE)
MAX_VND = 10 ** 13


def parse_vnd(text: str) -> int | None:
    """'12.960.000 ₫' -> 12960000; None if the text is not a whole, non-negative amount up to 10^13."""
    text = re.sub(r"[\u00a0\u202f\u2007]", " ", text or "").strip()
    match = VND_TEXT.fullmatch(text)
    if not match:
        return None
    amount = int(re.sub(r"[. ]", "", match["number"]))
    return amount if amount <= MAX_VND else None


def format_vnd_input(amount) -> str:
    """12960000 -> '12.960.000', as the field shows it again."""
    return f"{int(amount):,}".replace(",", ".")


class VndField(Field):
    """A whole amount in VND, typed as Vietnamese write it; rendered as a text input with a numeric keypad."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs["render_kw"] = {"inputmode": "numeric", "autocomplete": "off", **(kwargs.get("render_kw") or {})}
        super().__init__(label, validators, **kwargs)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return format_vnd_input(self.data) if self.data is not None else ""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        self.data = parse_vnd(valuelist[0])
        if self.data is None:
            raise ValueError(_l("Enter a whole amount in đồng, e.g. 12.960.000 (no decimals, not negative, "
                                "at most 10.000.000.000.000)."))

    def pre_validate(self, form):
        if self.process_errors:  # the text was no amount: no second message from a range check
            raise StopValidation()


class ActionForm(BaseForm):
    """Only a CSRF token: for buttons that change something (sign out, language, retry)."""


def show_error(form, exc):
    """A service's DomainError next to the field it names, else as a flash message; either way
    the request's form counts as refused (422 when the page is rendered again)."""
    mark_refused()
    field = getattr(form, exc.field, None) if exc.field and form is not None else None
    if field is not None:
        field.errors = list(field.errors) + [exc.message]
    else:
        g.form_refused_noted = True  # the flashed message says what went wrong
        flash(exc.message, "danger")
