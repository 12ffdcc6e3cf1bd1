"""Forms of the exhibitors area; the rules that need the database live in the services."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from wtforms import (
    BooleanField, DateField, DecimalField, EmailField, IntegerField, SelectField, SelectMultipleField,
    StringField, TelField, TextAreaField, TimeField,
)
from wtforms.validators import NumberRange, Optional

from fairapp.core.forms import BaseForm, VndField, email_address, max_length, required, vietnamese_phone
from fairapp.exhibitors import labels
from fairapp.exhibitors.vietqr import BANKS


def _decimal(label, **kwargs):
    return DecimalField(label, places=2, validators=[required(), NumberRange(min=0)],
                        render_kw={"inputmode": "decimal"}, **kwargs)


# ---------------------------------------------------------------- organisers: fair, halls, booths


class FairForm(BaseForm):
    slug = StringField(_l("Web address (slug)"), validators=[required(), max_length(64)])
    name = StringField(_l("Name"), validators=[required(), max_length(200)])
    name_en = StringField(_l("Name in English (optional)"), validators=[Optional(), max_length(200)])
    venue = StringField(_l("Venue"), validators=[required(), max_length(200)])
    venue_en = StringField(_l("Venue in English (optional)"), validators=[Optional(), max_length(200)])
    starts_on = DateField(_l("First day"), validators=[required()])
    ends_on = DateField(_l("Last day"), validators=[required()])
    opens_at = TimeField(_l("Opens at"), validators=[required()])
    closes_at = TimeField(_l("Closes at"), validators=[required()])


class FairSettingsForm(FairForm):
    hold_minutes = IntegerField(_l("Hold while applying (minutes)"), validators=[required(), NumberRange(1, 240)])
    offer_hours = IntegerField(_l("Waiting-list offer valid for (hours)"), validators=[required(), NumberRange(1, 720)])
    support_mode = SelectField(_l("Industrial-promotion support"), choices=labels.choices(labels.SUPPORT_MODE_LABELS))
    support_rate_pct = DecimalField(_l("Support rate (%)"), places=2, default=0,
                                    validators=[Optional(), NumberRange(0, 100)])
    support_amount_vnd = VndField(_l("Support amount per booth (VND)"), default=0, validators=[Optional()])
    vat_rate_pct = DecimalField(_l("VAT rate (%)"), places=2, validators=[required(), NumberRange(0, 100)])
    payment_days = IntegerField(_l("Days to pay after approval"), validators=[required(), NumberRange(0, 120)])
    pay_before_opening_days = IntegerField(_l("Paid at the latest (days before opening)"), default=7,
                                           validators=[required(), NumberRange(0, 120)])
    reminder_every_days = IntegerField(_l("Remind every (days)"), validators=[required(), NumberRange(1, 60)])
    staff_passes_per_booth = IntegerField(_l("Staff passes per booth"), default=3,
                                          validators=[required(), NumberRange(0, 50)])
    applications_until = DateField(_l("Applications accepted until"), validators=[Optional()])
    withdraw_until = DateField(_l("Exhibitors may withdraw until"), validators=[Optional()])
    refund_pct = IntegerField(_l("Refunded on withdrawal (% of what was paid)"),
                              validators=[Optional(), NumberRange(0, 100)])
    bank_bin = SelectField(_l("Bank"), choices=labels.choices({code: f"{name} ({code})" for code, name in BANKS.items()}))
    bank_account = StringField(_l("Account number"), validators=[Optional(), max_length(25)])
    bank_account_name = StringField(_l("Account holder"), validators=[Optional(), max_length(100)])
    invoice_prefix = StringField(_l("Invoice number prefix"), validators=[required(), max_length(12)])
    organiser_name = StringField(_l("Organiser"), validators=[Optional(), max_length(200)])
    organiser_governing_body = StringField(_l("Governing body"), validators=[Optional(), max_length(200)])
    organiser_address = StringField(_l("Organiser's address"), validators=[Optional(), max_length(300)])
    organiser_tax_code = StringField(_l("Organiser's tax code"), validators=[Optional(), max_length(14)])
    organiser_phone = StringField(_l("Organiser's phone"), validators=[Optional(), max_length(20)])
    organiser_email = StringField(_l("Organiser's e-mail"), validators=[Optional(), email_address(), max_length(254)])
    organiser_representative = StringField(_l("Signed by"), validators=[Optional(), max_length(120)])


class HallForm(BaseForm):
    code = StringField(_l("Code"), validators=[required(), max_length(16)])
    name = StringField(_l("Name"), validators=[required(), max_length(120)])
    name_en = StringField(_l("Name in English (optional)"), validators=[Optional(), max_length(120)])
    width_m = _decimal(_l("Width of the plan (m)"))
    depth_m = _decimal(_l("Depth of the plan (m)"))


class BoothForm(BaseForm):
    code = StringField(_l("Booth code"), validators=[required(), max_length(16)])
    hall_id = SelectField(_l("Hall"), coerce=int)
    booth_type = SelectField(_l("Type"), choices=labels.choices(labels.BOOTH_TYPE_LABELS), default="standard")
    width_m = _decimal(_l("Width (m)"), default=3)
    depth_m = _decimal(_l("Depth (m)"), default=3)
    open_sides = IntegerField(_l("Open sides"), default=1, validators=[required(), NumberRange(0, 4)])
    price_vnd = VndField(_l("Price (VND)"), validators=[required()])
    x_m = _decimal(_l("Position from the left (m)"))
    y_m = _decimal(_l("Position from the top (m)"))
    polygon = StringField(_l("Outline (optional)"), validators=[Optional(), max_length(1000)])
    blocked = BooleanField(_l("Blocked (pillar, exit …)"))
    block_reason = StringField(_l("Why it is blocked"), validators=[Optional(), max_length(200)])

    FIELDS = ("code", "hall_id", "booth_type", "width_m", "depth_m", "open_sides", "price_vnd", "x_m", "y_m",
              "polygon", "blocked", "block_reason")


class BoothImportForm(BaseForm):
    file = FileField(_l("CSV or Excel file"), validators=[required()])


# ---------------------------------------------------------------- exhibitors


class ProfileForm(BaseForm):
    kind = SelectField(_l("You exhibit as"), choices=labels.choices(labels.PROFILE_KIND_LABELS))
    name = StringField(_l("Business, cooperative or household name"), validators=[
        required(_l("Enter the name of your business, cooperative or household, as on your papers.")),
        max_length(200)])
    tax_code = StringField(_l("Tax code"), validators=[Optional(), max_length(16)])
    representative = StringField(_l("Representative"), validators=[
        required(_l("Enter the full name of the person who represents you.")), max_length(120)])
    phone = TelField(_l("Phone"), validators=[
        required(_l("Enter a phone number we can call (e.g. 0912 345 678).")), max_length(20)])
    email = EmailField(_l("E-mail"), validators=[
        required(_l("Enter an e-mail address we can write to (e.g. ten@example.vn).")), email_address(),
        max_length(254)])
    address = StringField(_l("Address"), validators=[
        required(_l("Enter your address: house number, street or hamlet, commune or ward.")), max_length(300)])
    district = SelectField(_l("District (Hanoi)"),
                           choices=labels.choices({d: d for d in labels.HANOI_DISTRICTS}, blank=_l("Not in Hanoi / none")))
    province = StringField(_l("Province or city"), default=labels.HANOI, validators=[Optional(), max_length(60)])
    craft_village = StringField(_l("Craft village"), validators=[Optional(), max_length(120)])
    craft = SelectField(_l("Craft"), choices=labels.choices(labels.CRAFT_LABELS))
    artisan_title = SelectField(_l("Artisan title"),
                                choices=labels.choices(labels.ARTISAN_TITLE_LABELS, blank=_l("None")))
    artisan_title_year = IntegerField(_l("Year awarded"), validators=[Optional()],
                                      render_kw={"inputmode": "numeric"})
    artisan_decision_no = StringField(_l("Decision number"), validators=[Optional(), max_length(60)])
    promotion_eligible = BooleanField(_l("Rural industrial facility eligible for industrial-promotion support"))
    # Consent to publish, one purpose each, unticked by default (Law 91/2025).
    publish_phone = BooleanField(_l("Show my phone number on my public exhibitor page"))
    publish_email = BooleanField(_l("Show my e-mail address on my public exhibitor page"))
    photos = MultipleFileField(_l("Add product photos (JPEG, PNG or WebP, up to 10 MB each)"))

    FIELDS = ("kind", "name", "tax_code", "representative", "phone", "email", "address", "district", "province",
              "craft_village", "craft", "artisan_title", "artisan_title_year", "artisan_decision_no",
              "promotion_eligible", "publish_phone", "publish_email")


class ApplicationForm(BaseForm):
    booth = StringField(_l("Booth"), validators=[required(), max_length(16)])
    alternative_1 = StringField(_l("Second choice (optional)"), validators=[Optional(), max_length(16)])
    alternative_2 = StringField(_l("Third choice (optional)"), validators=[Optional(), max_length(16)])
    products = TextAreaField(_l("Products you will show"), validators=[required(), max_length(2000)])
    needs_power = BooleanField(_l("I need a power socket"))
    needs_extra_table = BooleanField(_l("I need an extra table"))
    notes = TextAreaField(_l("Anything else (optional)"), validators=[Optional(), max_length(2000)])


# ---------------------------------------------------------------- organisers: review and payments


class ApplicationFilterForm(FlaskForm):
    class Meta:
        csrf = False

    status = SelectField(_l("Status"), choices=labels.choices(labels.APPLICATION_STATUS_LABELS, blank=_l("All")),
                         validators=[Optional()])
    district = SelectField(_l("District"), validators=[Optional()],
                           choices=labels.choices({d: d for d in labels.HANOI_DISTRICTS}, blank=_l("All")))
    craft = SelectField(_l("Craft"), choices=labels.choices(labels.CRAFT_LABELS, blank=_l("All")),
                        validators=[Optional()])
    eligible = SelectField(_l("Industrial-promotion support"), validators=[Optional()],
                           choices=labels.choices({"yes": _l("Eligible"), "no": _l("Not eligible")}, blank=_l("All")))
    q = StringField(_l("Search"), validators=[Optional(), max_length(200)])


class ApproveForm(BaseForm):
    booth = StringField(_l("Booth"), validators=[Optional(), max_length(16)])


class RejectForm(BaseForm):
    reason = TextAreaField(_l("Reason (sent to the exhibitor)"), validators=[required(), max_length(2000)])


class BulkForm(BaseForm):
    ids = SelectMultipleField(coerce=int, validate_choice=False)
    action = SelectField(_l("With the selected"), choices=labels.choices({
        "approve": _l("Approve on their booth"), "waitlist": _l("Put on the waiting list"), "reject": _l("Reject")}))
    reason = StringField(_l("Reason for a rejection"), validators=[Optional(), max_length(2000)])


class PaymentForm(BaseForm):
    amount_vnd = VndField(_l("Amount received (VND)"), validators=[required(), NumberRange(min=1, message=_l("At least 1 đồng."))])
    paid_on = DateField(_l("Date received"), validators=[required()])
    bank_reference = StringField(_l("Bank reference"), validators=[required(), max_length(64)])


class DirectoryFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Search by name, village or district"), validators=[Optional(), max_length(200)])
    craft = SelectField(_l("Craft"), choices=labels.choices(labels.CRAFT_LABELS, blank=_l("All crafts")),
                        validators=[Optional()])


class StaffPassForm(BaseForm):
    name = StringField(_l("Full name"), validators=[required(), max_length(120)])
    phone = TelField(_l("Mobile phone"), validators=[Optional(), max_length(20), vietnamese_phone])
    email = EmailField(_l("E-mail (the pass is sent there)"), validators=[Optional(), email_address(), max_length(254)])
