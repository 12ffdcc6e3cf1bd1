"""Signed codes: the QR-friendly alphabet, and no random or mutated code is ever accepted."""
import base64
import random
import string

from sqlalchemy import func, select

from fairapp.extensions import db
from fairapp.visitors.models import Admission, Scan
from fairapp.visitors.services import codes
from fairapp.visitors.services.checkin import Scanner, check_in

QR_ALPHANUMERIC = set(string.ascii_uppercase + string.digits + " $%*+-./:")


def test_code_is_short_qr_alphanumeric_and_carries_the_ticket(app, fair, issue):
    ticket_id, code = issue()
    assert set(code) <= QR_ALPHANUMERIC
    assert len(code) == codes.CODE_LENGTH == 124
    with app.app_context():
        claims = codes.verify(code)
    assert claims.ticket_id == ticket_id and claims.fair_id == fair and claims.version == 1
    assert len(claims.days) == 4


def _mutations(code, rng):
    alphabet = string.ascii_uppercase + "234567"
    for position in range(len(code)):  # every position changed once
        yield code[:position] + rng.choice(alphabet.replace(code[position], "")) + code[position + 1:]
    body = base64.b32decode(code + "=" * (-len(code) % 8))
    for bit in range(0, len(body) * 8, 7):  # single bit flips in the signed bytes, re-encoded properly
        flipped = bytearray(body)
        flipped[bit // 8] ^= 1 << (bit % 8)
        yield base64.b32encode(bytes(flipped)).decode().rstrip("=")
    yield code + "A"
    yield code[:-1]
    yield code[1:] + code[0]


def test_ten_thousand_random_and_mutated_codes_are_all_refused(app, fair, issue):
    rng = random.Random(20261004)
    genuine = [issue(f"Khách {i}")[1] for i in range(5)]
    candidates = []
    for code in genuine:
        candidates.extend(_mutations(code, rng))
    alphabet = string.ascii_uppercase + "234567"
    while len(candidates) < 10_000:
        length = rng.choice([codes.CODE_LENGTH, codes.CODE_LENGTH, rng.randint(1, 300)])
        candidates.append("".join(rng.choice(alphabet) for _ in range(length)))
    assert not set(candidates) & set(genuine)
    with app.test_request_context():
        scanner = Scanner(fair_id=fair)
        results = {check_in(scanner, code=code, gate_name="Cổng 1", direction="in")["result"] for code in candidates}
        db.session.commit()
        assert results == {"invalid"}
        assert db.session.scalar(select(func.count()).select_from(Admission)) == 0
        assert db.session.scalar(select(func.count()).select_from(Scan)) == len(candidates)
    with app.test_request_context():  # and the genuine ones still pass
        assert check_in(Scanner(fair_id=fair), code=genuine[0], gate_name="Cổng 1",
                        direction="in")["result"] == "ok"


def test_public_keys_let_a_gate_device_verify_offline(client, app, fair, issue):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    _id, code = issue()
    keys = client.get("/api/v1/fairs/hoi-cho-test/keys").get_json()["keys"]
    assert [k["algorithm"] for k in keys] == ["Ed25519"]
    raw = base64.b32decode(code + "=" * (-len(code) % 8))
    body, signature = raw[:codes.HEADER.size], raw[codes.HEADER.size:]
    public = Ed25519PublicKey.from_public_bytes(base64.b64decode(keys[0]["public_key"]))
    public.verify(signature, body)  # raises if the device could not check the code itself
    assert client.get("/api/v1/fairs/no-such-fair/keys").status_code == 404
