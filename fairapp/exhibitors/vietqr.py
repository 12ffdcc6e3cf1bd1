"""VietQR bank-transfer payloads (EMVCo merchant-presented QR, Napas 247 to an account)."""

import re
import unicodedata

# Napas BINs of the banks organisers use most, for the bank-account settings.
BANKS = {
    "970436": "Vietcombank",
    "970415": "VietinBank",
    "970418": "BIDV",
    "970405": "Agribank",
    "970422": "MB",
    "970407": "Techcombank",
    "970416": "ACB",
    "970432": "VPBank",
    "970423": "TPBank",
    "970403": "Sacombank",
}

NAPAS_GUID = "A000000727"
TO_ACCOUNT = "QRIBFTTA"
CURRENCY_VND = "704"
COUNTRY = "VN"
MAX_PURPOSE = 25
MAX_BILL_NUMBER = 25
MAX_AMOUNT_DIGITS = 13

# Fields whose value is itself a list of fields, down to the beneficiary (38 > 01).
TEMPLATES = {"38": {"01": {}}, "62": {}}

_BIN = re.compile(r"[0-9]{6}")  # not \d: that also takes Arabic-Indic and other digits
_ACCOUNT = re.compile(r"[A-Za-z0-9]{1,19}")
_BILL_NUMBER = re.compile(r"[\x20-\x7e]{1,%d}" % MAX_BILL_NUMBER)
_NOT_KEPT = re.compile(r"[^A-Za-z0-9 ]")


def vietqr_payload(bank_bin: str, account: str, amount_vnd: int | None, purpose: str,
                   bill_number: str | None = None) -> str:
    """The string to draw as a QR code so a banking app pre-fills the transfer.

    With an amount the code is one-time (01 = 12) and the app fills in the
    amount; without one it is static (01 = 11) and the payer types it.
    `purpose` is cleaned with `transfer_purpose`; the result is what the
    organiser will see as the transfer content on the bank statement.
    """
    if not isinstance(bank_bin, str) or not _BIN.fullmatch(bank_bin):
        raise ValueError(f"bank BIN must be 6 digits, not {bank_bin!r}")
    if not isinstance(account, str) or not _ACCOUNT.fullmatch(account):
        raise ValueError(f"account number must be 1-19 letters or digits, not {account!r}")
    if amount_vnd is not None:
        if isinstance(amount_vnd, bool) or not isinstance(amount_vnd, int) or amount_vnd <= 0:
            raise ValueError(f"amount must be a positive whole number of đồng, not {amount_vnd!r}")
        if len(str(amount_vnd)) > MAX_AMOUNT_DIGITS:
            raise ValueError(f"amount has more than {MAX_AMOUNT_DIGITS} digits: {amount_vnd}")
    if bill_number is not None and not (isinstance(bill_number, str)
                                        and _BILL_NUMBER.fullmatch(bill_number)):
        raise ValueError(f"bill number must be 1-{MAX_BILL_NUMBER} printable ASCII characters,"
                         f" not {bill_number!r}")

    beneficiary = _field("00", bank_bin) + _field("01", account)
    merchant_account = (_field("00", NAPAS_GUID) + _field("01", beneficiary)
                        + _field("02", TO_ACCOUNT))
    payload = _field("00", "01") + _field("01", "11" if amount_vnd is None else "12")
    payload += _field("38", merchant_account) + _field("53", CURRENCY_VND)
    if amount_vnd is not None:
        payload += _field("54", str(amount_vnd))
    payload += _field("58", COUNTRY)
    additional = ""
    if bill_number is not None:
        additional += _field("01", bill_number)
    cleaned = transfer_purpose(purpose)
    if cleaned:
        additional += _field("08", cleaned)
    if additional:
        payload += _field("62", additional)
    payload += "6304"
    return payload + f"{crc16_ccitt_false(payload):04X}"


def transfer_purpose(text: str) -> str:
    """'Thanh toán hóa đơn HĐ-2026-0001' -> 'Thanh toan hoa don HD 202'.

    Banking apps reject or mangle anything but unaccented letters, digits and
    spaces in the transfer content, and several cut it at 25 characters, so
    the payload carries exactly what will arrive. Other characters become
    spaces rather than vanishing, so 'HC2026-0001' stays two readable tokens.
    """
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFC", text or ""))
    # Đ has no decomposition: map it by hand before dropping the marks.
    decomposed = decomposed.replace("đ", "d").replace("Đ", "D")
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = _NOT_KEPT.sub(" ", ascii_only).split()
    return " ".join(words)[:MAX_PURPOSE].rstrip()


def crc16_ccitt_false(data: str | bytes) -> int:
    """CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, no final XOR."""
    if isinstance(data, str):
        data = data.encode("ascii")
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


def crc_ok(payload: str) -> bool:
    """True when `payload` ends in field 63 holding the CRC of everything before its value."""
    if len(payload) < 8 or payload[-8:-4] != "6304":
        return False
    try:
        return int(payload[-4:], 16) == crc16_ccitt_false(payload[:-4])
    except ValueError:  # not hex, or not ASCII
        return False


def parse_tlv(payload: str) -> dict:
    """{'00': '01', '38': {'00': 'A000000727', '01': {'00': BIN, '01': account}, ...}, ...}.

    Fields 38 and 62 (and the beneficiary inside 38) are parsed into dicts;
    every other value stays a string. Raises ValueError on a malformed payload.
    """
    return _parse(payload, TEMPLATES)


def _parse(payload, templates):
    fields = {}
    position = 0
    while position < len(payload):
        header = payload[position:position + 4]
        if len(header) < 4 or not header.isdigit():
            raise ValueError(f"malformed field header {header!r} at {position}")
        tag, length = header[:2], int(header[2:])
        value = payload[position + 4:position + 4 + length]
        if len(value) != length:
            raise ValueError(f"field {tag} claims {length} characters, {len(value)} remain")
        if tag in fields:
            raise ValueError(f"field {tag} appears twice")
        if tag in templates:
            value = _parse(value, templates[tag])
        fields[tag] = value
        position += 4 + length
    return fields


def _field(tag, value):
    if len(value) > 99:
        raise ValueError(f"field {tag} is longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"
