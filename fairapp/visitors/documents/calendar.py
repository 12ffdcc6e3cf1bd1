"""The fair as an iCalendar event (.ics, RFC 5545) attached to ticket e-mails."""
from datetime import datetime, timezone

from fairapp.core.i18n import LOCAL_TZ, clean_input, localized

MAX_OCTETS = 75  # RFC 5545 §3.1: content lines are folded at 75 octets, line break excluded


def escape_text(text) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and every line break escaped,
    control characters dropped, so that no value can end its line and start a property of its own."""
    text = clean_input(str(text or ""), multiline=True).replace("\t", " ")
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n"))


def fold(line: str) -> str:
    """Split a content line into pieces of at most 75 octets, never inside a UTF-8 character;
    each continuation starts with a space (RFC 5545 §3.1)."""
    pieces, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = MAX_OCTETS if not pieces else MAX_OCTETS - 1  # a continuation's leading space counts
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def _utc(day, moment):
    return datetime.combine(day, moment, LOCAL_TZ).astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def fair_event_ics(ticket) -> bytes:
    """One event per ticket day, opening to closing time, at the venue."""
    fair = ticket.fair
    holder = " – ".join(part for part in (ticket.name, ticket.organization) if part)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//fairapp//ticket//VI", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH"]
    for iso_day in ticket.days:
        day = datetime.fromisoformat(iso_day).date()
        lines += ["BEGIN:VEVENT", f"UID:ticket-{int(ticket.id)}-{day.isoformat()}@fairapp", f"DTSTAMP:{stamp}",
                  f"DTSTART:{_utc(day, fair.opens_at)}", f"DTEND:{_utc(day, fair.closes_at)}",
                  f"SUMMARY:{escape_text(localized(fair, locale=ticket.locale))}",
                  f"LOCATION:{escape_text(localized(fair, 'venue', ticket.locale))}",
                  f"DESCRIPTION:{escape_text(holder)}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(fold(line) for line in lines) + "\r\n").encode("utf-8")
