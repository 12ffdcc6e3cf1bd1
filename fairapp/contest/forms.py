"""Contest forms: entry, screening, juror profile and ties, set-up, assignment, prizes."""
from flask import abort
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from wtforms import (
    BooleanField, DateTimeLocalField, DecimalField, EmailField, HiddenField, IntegerField, SelectField, StringField, TelField,
    TextAreaField,
)
from wtforms.validators import NumberRange, Optional

from fairapp.core.forms import ActionForm, BaseForm, email_address, max_length, required, vietnamese_phone

CONFLICT_CHOICES = [
    ("same_business", _l("Same business")), ("family", _l("Family")),
    ("teacher_apprentice", _l("Teacher or apprentice")), ("commercial", _l("Commercial tie")),
    ("other", _l("Other (describe in the note)")),
]


class EntryForm(BaseForm):
    title = StringField(_l("Title of the design"), validators=[required(), max_length(200)])
    category_id = SelectField(_l("Category"), coerce=int, validators=[required()])
    description = TextAreaField(_l("Description"), validators=[required(), max_length(5000)])
    materials = StringField(_l("Materials"), validators=[required(), max_length(500)])
    techniques = StringField(_l("Techniques"), validators=[Optional(), max_length(500)])
    dimensions = StringField(_l("Dimensions (cm)"), validators=[required(), max_length(120)])
    designers = StringField(_l("Designer(s)"), validators=[required(), max_length(300)])
    maker_name = StringField(_l("Maker"), validators=[required(), max_length(200)])
    maker_business = StringField(_l("Business or workshop"), validators=[Optional(), max_length(200)])
    maker_village = StringField(_l("Craft village"), validators=[Optional(), max_length(200)])
    tax_code = StringField(_l("Tax code (if any)"), validators=[Optional(), max_length(14)])
    contact_phone = TelField(_l("Contact phone"), validators=[Optional(), max_length(20), vietnamese_phone])
    photos = MultipleFileField(_l("Photos (JPEG, PNG or WebP; 1 to 6, at most 10 MB each)"))
    declared_new = BooleanField(_l("This design is new this year and has not been shown or sold before."))
    declared_original = BooleanField(_l("This design is our own original work."))
    declared_no_ip_infringement = BooleanField(_l("This design infringes no one's intellectual property."))


class ScreeningForm(BaseForm):
    decision = SelectField(_l("Decision"), choices=[("eligible", _l("Eligible")),
                                                     ("ineligible", _l("Not eligible"))])
    reason = TextAreaField(_l("Reason (shown to the entrant)"), validators=[Optional(), max_length(500)])


class JurorProfileForm(BaseForm):
    business_name = StringField(_l("Your business or workshop (if any)"), validators=[Optional(), max_length(200)])
    tax_code = StringField(_l("Its tax code (if any)"), validators=[Optional(), max_length(14)])
    phone = TelField(_l("Your phone"), validators=[Optional(), max_length(20), vietnamese_phone])
    expertise = StringField(_l("Expertise"), validators=[Optional(), max_length(300)])


class TieForm(BaseForm):
    kind = SelectField(_l("Kind of tie"), choices=CONFLICT_CHOICES)
    party_name = StringField(_l("Person"), validators=[Optional(), max_length(200)])
    party_business = StringField(_l("Business"), validators=[Optional(), max_length(200)])
    party_tax_code = StringField(_l("Tax code"), validators=[Optional(), max_length(14)])
    party_phone = TelField(_l("Phone"), validators=[Optional(), max_length(20), vietnamese_phone])
    party_email = EmailField(_l("E-mail"), validators=[Optional(), email_address(), max_length(254)])
    note = StringField(_l("Note"), validators=[Optional(), max_length(500)])


class RecusalForm(BaseForm):
    kind = SelectField(_l("Kind of tie"), choices=CONFLICT_CHOICES)
    reason = TextAreaField(_l("Reason"), validators=[required(), max_length(500)])


class AbstainForm(BaseForm):
    reason = TextAreaField(_l("Reason for abstaining"), validators=[required(), max_length(500)])


class ContestForm(BaseForm):
    name = StringField(_l("Name of the contest"), validators=[required(), max_length(200)])
    name_en = StringField(_l("Name in English (optional)"), validators=[Optional(), max_length(200)])
    submissions_open_at = DateTimeLocalField(_l("Submissions open (Hanoi time)"), validators=[required()])
    submissions_close_at = DateTimeLocalField(_l("Submission deadline (Hanoi time)"), validators=[required()])
    signatory_name = StringField(_l("Signatory of the certificates"), validators=[Optional(), max_length(200)])
    signatory_title = StringField(_l("Signatory's title"), validators=[Optional(), max_length(200)])


class RoundForm(BaseForm):
    name = StringField(_l("Name"), validators=[required(), max_length(120)])
    name_en = StringField(_l("Name in English (optional)"), validators=[Optional(), max_length(120)])
    jurors_per_entry = IntegerField(_l("Jurors per entry"), default=3, validators=[required(), NumberRange(1, 20)])
    quorum = IntegerField(_l("Quorum (sheets needed to rank an entry)"), default=3,
                          validators=[required(), NumberRange(1, 20)])
    normalisation_min_entries = IntegerField(_l("Entries per juror needed for z-score normalisation"), default=10,
                                             validators=[required(), NumberRange(2, 1000)])
    disagreement_points = DecimalField(_l("Disagreement flag at (points from the others' mean)"), default=4, places=1,
                                       validators=[required(), NumberRange(0.5, 10)])
    advance_percent = IntegerField(_l("Share advancing to the next round (%)"), default=30,
                                   validators=[required(), NumberRange(1, 100)])


class CriterionForm(BaseForm):
    key = StringField(_l("Key"), validators=[required(), max_length(32)])
    name = StringField(_l("Criterion"), validators=[required(), max_length(120)])
    name_en = StringField(_l("Criterion in English (optional)"), validators=[Optional(), max_length(120)])
    weight = IntegerField(_l("Weight"), validators=[required(), NumberRange(1, 100)])
    tiebreak = BooleanField(_l("Tie-breaker"))


class AssignForm(BaseForm):
    entry_id = HiddenField(validators=[required(), max_length(12)])
    juror_id = SelectField(_l("Juror"), coerce=int)
    reason = StringField(_l("Reason"), validators=[Optional(), max_length(500)])


class PanelForm(BaseForm):
    juror_id = SelectField(_l("Juror"), coerce=int)


class DecisionForm(BaseForm):
    order = StringField(_l("Order, best first (entry codes separated by commas)"),
                        validators=[required(), max_length(2000)])
    reason = TextAreaField(_l("The committee's reason"), validators=[required(), max_length(2000)])


class AwardForm(BaseForm):
    entry_id = HiddenField(validators=[required(), max_length(12)])
    tier = SelectField(_l("Prize"), choices=[("first", _l("First prize")), ("second", _l("Second prize")),
                                             ("third", _l("Third prize")), ("consolation", _l("Consolation prize"))])


class UnassignForm(BaseForm):
    reason = StringField(_l("Reason"), validators=[required(), max_length(500)])


def require_action():
    """A button's POST must carry a valid CSRF token, or 400."""
    if not ActionForm().validate_on_submit():
        abort(400)


def locale():
    """The request's language, for choice labels and rubric texts in the user's language."""
    return str(get_locale())
