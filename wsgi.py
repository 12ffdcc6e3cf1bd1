"""WSGI entry point: gunicorn wsgi:app, flask --app wsgi …"""
import os

from fairapp import create_app

app = create_app(os.environ.get("FAIRAPP_CONFIG", "development"))
