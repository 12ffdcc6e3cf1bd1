"""The visitors area's codes as a person reads them: ticket statuses and sources, scan results,
directions, entry rules, and its audit actions (registered with core.labels)."""
from flask_babel import lazy_gettext as _l

from fairapp.core.labels import register_actions, register_objects, register_statuses

TICKET_STATUS_LABELS = register_statuses("ticket", {
    "valid": _l("Valid"), "revoked": _l("Revoked"),
}, columns=("tickets.status",))
TICKET_SOURCE_LABELS = register_statuses("ticket_source", {
    "online": _l("online registration"), "import": _l("imported from a file"), "kiosk": _l("walk-in kiosk"),
})
SCAN_RESULT_LABELS = register_statuses("scan", {
    "ok": _l("Admitted"),
    "already_checked_in": _l("Already checked in"),
    "not_valid_today": _l("Not valid today"),
    "revoked": _l("Revoked"),
    "invalid": _l("Unknown or forged code"),
    "wrong_fair": _l("Ticket for another fair"),
}, columns=("scans.result",))
DIRECTION_LABELS = register_statuses("direction", {"in": _l("In"), "out": _l("Out")}, columns=("scans.direction",))
ENTRY_POLICY_LABELS = register_statuses("entry_policy", {
    "once_per_day": _l("Once per day"), "once": _l("Once for the whole fair"), "reentry": _l("Re-entry allowed"),
}, columns=("ticket_types.entry_policy",))

register_actions({
    "ticket_type.create": _l("Ticket type added"),
    "ticket_type.update": _l("Ticket type changed"),
    "gate.create": _l("Gate added"),
    "gate.rename": _l("Gate renamed"),
    "gate.remove": _l("Gate removed"),
    "gate_device.create": _l("Scanner added"),
    "gate_device.revoke": _l("Scanner revoked"),
    "ticket.import": _l("Visitors imported"),
    "ticket.walk_in": _l("Walk-in ticket issued"),
    "ticket.reprint": _l("Badge printed again"),
    "ticket.reissue": _l("Ticket reissued"),
    "ticket.revoke": _l("Ticket revoked"),
    "badges.print": _l("Badges printed"),
})
register_objects({
    "ticket_type": _l("Ticket type"), "gate": _l("Gate"), "gate_device": _l("Scanner"), "ticket": _l("Ticket"),
})
