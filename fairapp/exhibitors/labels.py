"""Choices of the exhibitors area with their labels: booth types and statuses, crafts, titles, places."""
from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

from fairapp.core.labels import register_actions, register_objects, register_statuses

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

CLAIM_STATE_LABELS = {
    "hold": _l("Held while applying"),
    "reserved": _l("Reserved"),
    "confirmed": _l("Confirmed"),
}

register_statuses("booth", BOOTH_STATUS_LABELS)
register_statuses("booth_type", BOOTH_TYPE_LABELS, columns=("booths.booth_type",))
register_statuses("claim", CLAIM_STATE_LABELS, columns=("booth_claims.state",))
register_statuses("profile_kind", PROFILE_KIND_LABELS, columns=("exhibitor_profiles.kind",))
register_statuses("craft", CRAFT_LABELS, columns=("exhibitor_profiles.craft",))
register_statuses("artisan_title", ARTISAN_TITLE_LABELS, columns=("exhibitor_profiles.artisan_title",))
register_statuses("application", APPLICATION_STATUS_LABELS, columns=("exhibitor_applications.status",))
register_statuses("invoice", INVOICE_STATUS_LABELS, columns=("invoices.status",))
register_statuses("support_mode", SUPPORT_MODE_LABELS, columns=("fair_terms.support_mode",))

register_actions({
    "hall.create": _l("Hall added"),
    "hall.update": _l("Hall changed"),
    "booth.create": _l("Booth added"),
    "booth.update": _l("Booth changed"),
    "booth.delete": _l("Booth deleted"),
    "booth.import": _l("Booths imported"),
    "booth.hold": _l("Booth held"),
    "booth.release": _l("Booth hold released"),
    "exhibitor.profile_create": _l("Exhibitor profile created"),
    "exhibitor.profile_update": _l("Exhibitor profile changed"),
    "exhibitor.photos_add": _l("Photos added"),
    "exhibitor.photo_remove": _l("Photo removed"),
    "application.submit": _l("Application submitted"),
    "application.approve": _l("Application approved"),
    "application.confirm": _l("Booking confirmed"),
    "application.waitlist": _l("Put on the waiting list"),
    "application.reject": _l("Application rejected"),
    "application.withdraw": _l("Application withdrawn"),
    "application.release": _l("Booth released (unpaid)"),
    "application.offer": _l("Booth offered from the waiting list"),
    "application.offer_expired": _l("Booth offer expired"),
    "application.accept_offer": _l("Booth offer accepted"),
    "application.decline_offer": _l("Booth offer declined"),
    "invoice.issue": _l("Payment request issued"),
    "invoice.remind": _l("Payment reminder sent"),
    "invoice.void": _l("Payment request cancelled"),
    "payment.record": _l("Payment recorded"),
    "receipt.issue": _l("Receipt issued"),
    "staff_pass.add": _l("Staff pass added"),
    "staff_pass.remove": _l("Staff pass removed"),
})
register_objects({
    "hall": _l("Hall"), "booth": _l("Booth"), "exhibitor_profile": _l("Exhibitor profile"),
    "exhibitor_application": _l("Application"), "invoice": _l("Payment request"), "payment": _l("Payment"),
    "receipt": _l("Receipt"), "staff_pass": _l("Staff pass"),
})

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
