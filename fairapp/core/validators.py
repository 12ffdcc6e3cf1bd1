"""Checks for Vietnamese data: phone numbers (stored +84…), tax codes."""
import re

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
