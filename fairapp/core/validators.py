"""Checks for Vietnamese data: phone numbers (stored +84…), tax codes; and the one e-mail rule."""
import re

import email_validator
from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

from fairapp.core.errors import DomainError
from fairapp.core.i18n import clean_input

# The demo's accounts and an organiser's own test accounts live under .local (RFC 6762), which
# email_validator refuses as special-use; its documented way to allow one such name is to take it
# off this list. Every other check (syntax, a dot and a real top-level domain, .invalid, .onion,
# localhost …) stays as it is.
if "local" in email_validator.SPECIAL_USE_DOMAIN_NAMES:
    email_validator.SPECIAL_USE_DOMAIN_NAMES.remove("local")

MOBILE = re.compile(r"^(0|\+84)(3[2-9]|5[25689]|7[06-9]|8[1-9]|9\d)\d{7}$")
HANOI_LANDLINE = re.compile(r"^(0|\+84)24\d{8}$")
TAX_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def normalise_phone(raw: str | None) -> str | None:
    """'0912 345 678' -> '+84912345678'; None if it is not a Vietnamese mobile or Hanoi landline."""
    digits = re.sub(r"[\s.\-()]", "", raw or "")
    if digits.startswith("84") and len(digits) in (11, 12):
        digits = "+" + digits
    if not (MOBILE.match(digits) or HANOI_LANDLINE.match(digits)):
        return None
    return "+84" + digits[1:] if digits.startswith("0") else digits


def valid_tax_code(code: str) -> bool:
    """10 digits with the check digit, or 13 for a branch (0312687878-001)."""
    code = (code or "").strip()
    match = re.fullmatch(r"(\d{10})(?:-?(\d{3}))?", code)
    if not match:
        return False
    digits = [int(c) for c in match.group(1)]
    remainder = sum(w * d for w, d in zip(TAX_WEIGHTS, digits)) % 11
    if remainder in (0, 1):
        return False
    return digits[9] == 10 - remainder


def normalise_email(raw: str | None) -> str | None:
    """The one rule for what an e-mail address is, for every form, service, import and command:
    ' Mai.Nguyen@Example.VN ' -> 'mai.nguyen@example.vn'; None if it is not an address.

    No display names, quoted local parts or [IP] domains; no DNS look-up (an address is checked
    when mail is sent to it, not when it is typed)."""
    # The text as a form's filter leaves it (core/forms.py), so that a form and a service agree.
    text = clean_input(raw)
    if not text:
        return None
    try:
        address = validate_email(text, check_deliverability=False, allow_smtputf8=True, allow_display_name=False,
                                 allow_quoted_local=False, allow_domain_literal=False,
                                 globally_deliverable=True).normalized
    except EmailNotValidError:
        return None
    return address.lower()


def email_key(raw: str | None) -> str:
    """How an address typed to look an account up is compared: the normalised address, else the
    text trimmed and lower-cased (an unusual stored address must still be found)."""
    return normalise_email(raw) or (raw or "").strip().lower()


def checked_email(raw: str | None, field: str = "email", optional: bool = False) -> str | None:
    """For services: the address as stored, or DomainError with the forms' own message.
    An optional address left empty is None."""
    if optional and not (raw or "").strip():
        return None
    address = normalise_email(raw)
    if address is None:
        raise DomainError(_("Enter a valid e-mail address."), field=field)
    return address
