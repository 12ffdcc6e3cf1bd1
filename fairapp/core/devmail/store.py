"""The catcher's mailbox folder: an SMTP handler that keeps each message as one .eml file, and the
reading of those files (list, one message, its parts) for the development mailbox pages."""
import base64
import email
import email.policy
import ipaddress
import os
import re
import threading
import uuid
from datetime import datetime, timezone
from email.parser import BytesHeaderParser
from typing import NamedTuple


NAME = re.compile(r"^\d{8}T\d{12}-[0-9a-f]{8}$")  # what save() names a file: the id in the URLs
LISTED = 500


def folder_of(app):
    return app.config.get("DEV_MAILBOX_DIR") or os.path.join(app.instance_path, "mailbox")


def save(folder, raw: bytes) -> str:
    """Write one message as <UTC time>-<random>.eml (written aside, then renamed: never half a file)."""
    os.makedirs(folder, exist_ok=True)
    name = f"{datetime.now(timezone.utc):%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}"
    partial = os.path.join(folder, f".{name}.partial")
    with open(partial, "wb") as out:
        out.write(raw)
    os.replace(partial, os.path.join(folder, f"{name}.eml"))
    return name


class Catcher:
    """aiosmtpd handler: accepts every message for every recipient and stores it."""

    def __init__(self, folder):
        self.folder = folder

    async def handle_DATA(self, server, session, envelope):
        save(self.folder, envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"


def is_loopback(host):
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def start_catcher(folder, host="127.0.0.1", port=1025, ready_timeout=120):
    """Start the catcher in a thread of its own; returns the running aiosmtpd Controller.
    Loopback only: a catcher that takes anybody's mail is an open relay's sink."""
    from aiosmtpd.controller import Controller  # a development requirement (requirements-dev.txt)

    if not is_loopback(host):
        raise ValueError(f"the mail catcher listens on loopback only, not on {host}")
    controller = Controller(Catcher(folder), hostname=host, port=port, ready_timeout=ready_timeout)
    controller.start()
    return controller


def serve(folder, host, port):
    """Run the catcher until the process is stopped (Ctrl-C or a signal)."""
    controller = start_catcher(folder, host, port)
    try:
        threading.Event().wait()
    finally:
        controller.stop()


class Caught(NamedTuple):
    id: str
    received_at: datetime
    recipient: str
    subject: str


def received_at(name):
    return datetime.strptime(name.split("-")[0], "%Y%m%dT%H%M%S%f").replace(tzinfo=timezone.utc)


def listing(folder, limit=LISTED):
    """The newest `limit` messages, newest first, read from their headers only."""
    try:
        names = sorted((n[:-4] for n in os.listdir(folder) if n.endswith(".eml") and NAME.match(n[:-4])),
                       reverse=True)[:limit]
    except FileNotFoundError:
        return []
    caught = []
    for name in names:
        with open(os.path.join(folder, f"{name}.eml"), "rb") as f:
            headers = BytesHeaderParser(policy=email.policy.default).parse(f)
        caught.append(Caught(name, received_at(name), str(headers.get("To", "")), str(headers.get("Subject", ""))))
    return caught


def read(folder, name):
    """The parsed message, or None for an id that is not a caught message's."""
    if not NAME.match(name or ""):
        return None
    try:
        with open(os.path.join(folder, f"{name}.eml"), "rb") as f:
            return email.message_from_binary_file(f, policy=email.policy.default)
    except FileNotFoundError:
        return None


class Part(NamedTuple):
    index: int
    filename: str
    content_type: str
    size: int


def attachments(message):
    """Every part with a file name (the PDFs, the calendar file, the inline QR), numbered in order."""
    found = []
    for part in message.walk():
        if not part.is_multipart() and part.get_filename():
            found.append(Part(len(found), part.get_filename(), part.get_content_type(),
                              len(part.get_payload(decode=True) or b"")))
    return found


def attachment(message, index):
    """(filename, content type, bytes) of attachment `index`, or None."""
    parts = [p for p in message.walk() if not p.is_multipart() and p.get_filename()]
    if not 0 <= index < len(parts):
        return None
    part = parts[index]
    return part.get_filename(), part.get_content_type(), part.get_payload(decode=True) or b""


def text_of(message):
    body = message.get_body(preferencelist=("plain",))
    return body.get_content() if body is not None else ""


def html_of(message):
    """The HTML body with its cid: pictures made data: URIs, so it shows inside a frame that may load nothing."""
    body = message.get_body(preferencelist=("html",))
    if body is None:
        return None
    html = body.get_content()
    for part in message.walk():
        cid = (part.get("Content-ID") or "").strip("<> ")
        if cid and not part.is_multipart() and part.get_content_maintype() == "image":
            data = base64.b64encode(part.get_payload(decode=True) or b"").decode("ascii")
            html = html.replace(f"cid:{cid}", f"data:{part.get_content_type()};base64,{data}")
    return html
