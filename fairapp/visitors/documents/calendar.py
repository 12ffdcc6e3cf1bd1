"""The fair as an iCalendar event (.ics) attached to ticket e-mails."""
from datetime import datetime, timezone

from fairapp.core.i18n import LOCAL_TZ


def _escape(text):
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _utc(day, moment):
    return datetime.combine(day, moment, LOCAL_TZ).astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def fair_event_ics(ticket) -> bytes:
    """One event per ticket day, opening to closing time, at the venue."""
    fair = ticket.fair
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//fairapp//ticket//VI", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH"]
    for iso_day in ticket.days:
        day = datetime.fromisoformat(iso_day).date()
        lines += ["BEGIN:VEVENT", f"UID:ticket-{ticket.id}-{iso_day}@fairapp", f"DTSTAMP:{stamp}",
                  f"DTSTART:{_utc(day, fair.opens_at)}", f"DTEND:{_utc(day, fair.closes_at)}",
                  f"SUMMARY:{_escape(fair.name)}", f"LOCATION:{_escape(fair.venue)}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


