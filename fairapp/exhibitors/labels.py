"""Choices of the exhibitors area with their labels: booth types and statuses, crafts, titles, places."""
from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

BOOTH_TYPE_LABELS = {
    "standard": _l("Standard shell scheme (3 × 3 m)"),
    "corner": _l("Corner booth"),
    "double": _l("Double booth"),
    "raw": _l("Raw space"),
}

BOOTH_STATUS_LABELS = {
    "available": _l("Available"),
    "held": _l("Held"),
    "reserved": _l("Reserved"),
    "confirmed": _l("Confirmed"),
    "blocked": _l("Blocked"),
}

PROFILE_KIND_LABELS = {
    "business": _l("Business"),
    "cooperative": _l("Cooperative"),
    "household": _l("Household business"),
    "individual": _l("Individual artisan"),
}

# The six categories of the Hanoi handicraft design contest.
CRAFT_LABELS = {
    "ceramics": _l("Ceramics"),
    "lacquer": _l("Lacquer"),
    "bamboo": _l("Bamboo and rattan weaving"),
    "inlay": _l("Mother-of-pearl, horn and fine wood"),
    "embroidery": _l("Embroidery, lace and silk"),
    "bronze": _l("Bronze, stone and others"),
}

ARTISAN_TITLE_LABELS = {
    "people": _l("People's Artisan"),
    "meritorious": _l("Meritorious Artisan"),
    "hanoi": _l("Hanoi Artisan"),
}

APPLICATION_STATUS_LABELS = {
    "submitted": _l("Waiting for review"),
    "approved": _l("Approved, awaiting payment"),
    "confirmed": _l("Confirmed"),
    "waitlisted": _l("On the waiting list"),
    "rejected": _l("Rejected"),
    "withdrawn": _l("Withdrawn"),
    "released": _l("Released (unpaid)"),
}

INVOICE_STATUS_LABELS = {
    "open": _l("Awaiting payment"),
    "paid": _l("Paid"),
    "void": _l("Cancelled"),
}

SUPPORT_MODE_LABELS = {
    "none": _l("No support"),
    "rate": _l("A share of the booth fee (%)"),
    "fixed": _l("A fixed amount per booth"),
}

# Hanoi's 30 district-level units (2014 – mid-2025): place names are data, not UI text.
HANOI_DISTRICTS = (
    "Ba Đình", "Hoàn Kiếm", "Tây Hồ", "Long Biên", "Cầu Giấy", "Đống Đa", "Hai Bà Trưng", "Hoàng Mai",
    "Thanh Xuân", "Hà Đông", "Bắc Từ Liêm", "Nam Từ Liêm", "Sơn Tây", "Ba Vì", "Chương Mỹ",
    "Đan Phượng", "Đông Anh", "Gia Lâm", "Hoài Đức", "Mê Linh", "Mỹ Đức", "Phú Xuyên", "Phúc Thọ",
    "Quốc Oai", "Sóc Sơn", "Thạch Thất", "Thanh Oai", "Thanh Trì", "Thường Tín", "Ứng Hòa",
)
HANOI = "Hà Nội"


def label(mapping, key) -> str:
    return str(mapping.get(key, key or ""))


def choices(mapping, blank=None):
    """SelectField choices from a {value: label} mapping, with an optional blank first."""
    pairs = ([("", blank)] if blank is not None else []) + list(mapping.items())
    return [SelectChoice(value, text) for value, text in pairs]
