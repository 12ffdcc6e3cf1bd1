"""The exhibitors area's pages, one module per audience; importing them attaches their routes."""
from fairapp.exhibitors.views import api, exhibitor, organiser_review, organiser_setup, public  # noqa: F401
