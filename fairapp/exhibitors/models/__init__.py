"""The exhibitors area's tables, one module per subject; every model is importable from here."""
from fairapp.exhibitors.models.booths import (
    BOOTH_TYPES, CLAIM_STATES, SUPPORT_MODES, Booth, BoothClaim, FairTerms, Hall,
)
from fairapp.exhibitors.models.exhibitors import (
    APPLICATION_STATUSES, ARTISAN_TITLES, CRAFTS, MAX_PHOTOS, OPEN_STATUSES, PROFILE_KINDS, ExhibitorApplication,
    ExhibitorPhoto, ExhibitorProfile, PendingPhoto, StaffPass,
)
from fairapp.exhibitors.models.invoices import Invoice, Payment, Receipt

__all__ = [
    "APPLICATION_STATUSES", "ARTISAN_TITLES", "BOOTH_TYPES", "CLAIM_STATES", "CRAFTS", "MAX_PHOTOS", "OPEN_STATUSES",
    "PROFILE_KINDS", "SUPPORT_MODES", "Booth", "BoothClaim", "ExhibitorApplication", "ExhibitorPhoto",
    "ExhibitorProfile", "FairTerms", "Hall", "Invoice", "Payment", "PendingPhoto", "Receipt", "StaffPass",
]
