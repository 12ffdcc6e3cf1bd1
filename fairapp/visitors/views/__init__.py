"""The visitors' pages and APIs, one module per audience; importing them attaches their routes to the blueprint."""
from fairapp.visitors.views import (  # noqa: F401
    api, desk, gate, organiser_attendance, organiser_badges, organiser_setup, organiser_tickets, public,
)
