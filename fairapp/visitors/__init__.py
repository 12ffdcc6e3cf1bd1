"""Visitors: ticket types, signed QR tickets, badges, gates and check-in."""
from flask import Blueprint

bp = Blueprint("visitors", __name__, url_prefix="/visitors")
