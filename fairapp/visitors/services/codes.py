"""Signed ticket codes: ticket id, version and valid days, signed with the fair's Ed25519 key.

Layout before signing (13 bytes, big-endian): format 1 B, fair id 2 B, key id 2 B,
ticket id 4 B, ticket version 1 B, first valid day 2 B (days since 2000-01-01),
day mask 1 B (bit i = first day + i). The 64-byte signature follows and the whole
is written in RFC 4648 base32 without padding: only A–Z and 2–7, so the QR code
uses its compact alphanumeric mode. Changing any character breaks the signature.
"""
import base64
import binascii
import hashlib
import re
import struct
import time
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from cryptography.exceptions import InvalidSignature
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from flask import current_app
from sqlalchemy import func, select

from fairapp.extensions import db
from fairapp.visitors.models import SigningKey, Ticket

FORMAT = 1
HEADER = struct.Struct(">BHHIBHB")
SIGNATURE_BYTES = 64
CODE_LENGTH = len(base64.b32encode(b"\0" * (HEADER.size + SIGNATURE_BYTES)).rstrip(b"="))
EPOCH = date(2000, 1, 1)
ACTIVE_KEY_SECONDS = 10
MAX_DAYS = 8


def _cache(name) -> dict:
    # Per app, not per process: a key id means one key only within one database.
    return current_app.extensions.setdefault("fairapp.signing_keys", {}).setdefault(name, {})


class InvalidCode(Exception):
    """Not a code we issued: wrong shape, unknown key or bad signature."""


@dataclass(frozen=True)
class Claims:
    fair_id: int
    key_id: int
    ticket_id: int
    version: int
    days: frozenset[date]


def _fernet() -> Fernet:
    secret = hashlib.sha256(b"fairapp.signing-keys:" + current_app.config["SECRET_KEY"].encode()).digest()
    return Fernet(base64.urlsafe_b64encode(secret))


def create_key(fair) -> SigningKey:
    private = Ed25519PrivateKey.generate()
    raw_private = private.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                        serialization.NoEncryption())
    key = SigningKey(fair_id=fair.id, public_key=private.public_key().public_bytes_raw(),
                     private_key_encrypted=_fernet().encrypt(raw_private))
    db.session.add(key)
    db.session.flush()
    return key


class KeyRef(NamedTuple):
    """What signing needs of a SigningKey row, safe to keep beyond its session."""

    id: int
    fair_id: int
    private_key_encrypted: bytes


def active_key(fair_id) -> KeyRef | None:
    """The fair's newest active key, remembered for a few seconds (every issued ticket asks)."""
    cache = _cache("active")
    hit = cache.get(fair_id)
    if hit is not None and hit[1] > time.monotonic():
        return hit[0]
    row = db.session.execute(select(SigningKey.id, SigningKey.fair_id, SigningKey.private_key_encrypted)
                             .where(SigningKey.fair_id == fair_id, SigningKey.active)
                             .order_by(SigningKey.id.desc()).limit(1)).first()
    key = KeyRef(*row) if row is not None else None
    if key is not None:
        cache[fair_id] = (key, time.monotonic() + ACTIVE_KEY_SECONDS)
    return key


def _private_key(key: SigningKey) -> Ed25519PrivateKey:
    private_keys = _cache("private")
    if key.id not in private_keys:
        try:
            raw = _fernet().decrypt(key.private_key_encrypted)
        except InvalidToken as exc:
            raise RuntimeError("the fair's signing key cannot be read: was SECRET_KEY changed?") from exc
        private_keys[key.id] = Ed25519PrivateKey.from_private_bytes(raw)
    return private_keys[key.id]


def _day_fields(days) -> tuple[int, int]:
    ordered = sorted(days)
    if not ordered:
        raise ValueError("a ticket needs at least one day")
    first = ordered[0]
    mask = 0
    for day in ordered:
        offset = (day - first).days
        if offset >= MAX_DAYS:
            raise ValueError(f"a code covers at most {MAX_DAYS} consecutive days")
        mask |= 1 << offset
    return (first - EPOCH).days, mask


def sign(key: SigningKey, ticket_id: int, version: int, days) -> str:
    first, mask = _day_fields(days)
    body = HEADER.pack(FORMAT, key.fair_id, key.id, ticket_id, version % 256, first, mask)
    signature = _private_key(key).sign(body)
    return base64.b32encode(body + signature).decode("ascii").rstrip("=")


def _public_key(key_id) -> tuple[int, Ed25519PublicKey] | None:
    # Keys never change once written, so caching them is always right.
    public_keys = _cache("public")
    if key_id not in public_keys:
        row = db.session.get(SigningKey, key_id)
        if row is None:
            return None
        public_keys[key_id] = (row.fair_id, Ed25519PublicKey.from_public_bytes(row.public_key))
    return public_keys[key_id]


def verify(code: str) -> Claims:
    """The claims of a genuine code; InvalidCode for anything else."""
    code = (code or "").strip().upper()
    if len(code) != CODE_LENGTH:
        raise InvalidCode("length")
    try:
        raw = base64.b32decode(code + "=" * (-len(code) % 8))
    except (binascii.Error, ValueError) as exc:
        raise InvalidCode("alphabet") from exc
    # The last character carries 4 unused bits: only the canonical spelling is
    # accepted, so that no changed character can still decode to a signed body.
    if base64.b32encode(raw).decode("ascii").rstrip("=") != code:
        raise InvalidCode("non-canonical")
    body, signature = raw[:HEADER.size], raw[HEADER.size:]
    fmt, fair_id, key_id, ticket_id, version, first, mask = HEADER.unpack(body)
    if fmt != FORMAT:
        raise InvalidCode("format")
    known = _public_key(key_id)
    if known is None or known[0] != fair_id:
        raise InvalidCode("key")
    try:
        known[1].verify(signature, body)
    except InvalidSignature as exc:
        raise InvalidCode("signature") from exc
    start = EPOCH + timedelta(days=first)
    days = frozenset(start + timedelta(days=i) for i in range(MAX_DAYS) if mask >> i & 1)
    return Claims(fair_id, key_id, ticket_id, version, days)


SHORT_CODE = re.compile(r"[A-Z2-7]{4}-?[A-Z2-7]{4}")
SHORT_FROM = CODE_LENGTH - 9  # eight characters of the signature, before the last (partly unused) one


def short_code(code: str) -> str:
    """What staff read out or type when a QR will not scan: 8 characters of the signature as XXXX-XXXX.
    Base32 has no 0, 1, 8 or 9, so no O/0 or I/1 mix-ups; a reissued ticket gets a new one."""
    tail = (code or "")[SHORT_FROM:SHORT_FROM + 8]
    return f"{tail[:4]}-{tail[4:]}" if len(tail) == 8 else ""


def short_code_condition(text):
    """A WHERE condition for the ticket whose short code `text` is, or None when it is not one."""
    cleaned = re.sub(r"\s+", "", text or "").upper()
    if not SHORT_CODE.fullmatch(cleaned):
        return None
    return func.substr(Ticket.code, SHORT_FROM + 1, 8) == cleaned.replace("-", "")
