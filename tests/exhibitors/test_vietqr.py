"""VietQR payloads: the published examples rebuilt exactly, CRC, purpose cleaning, input checks."""

import unicodedata

import pytest

from fairapp.exhibitors.vietqr import (
    BANKS, crc16_ccitt_false, crc_ok, parse_tlv, transfer_purpose, vietqr_payload,
)

# From DOMAIN.md; their CRCs were recomputed independently.
EXAMPLES = [
    "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA530370454061800005802VN62340107NPS68690819thanh toan don hang63042E2E",
    "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN62170813ung ho lu lut6304C15C",
    "00020101021138540010A00000072701240006970423011000999999990208QRIBFTTA53037045802VN6304CBB4",
]


def rebuilt(payload):
    fields = parse_tlv(payload)
    beneficiary = fields["38"]["01"]
    additional = fields.get("62", {})
    amount = int(fields["54"]) if "54" in fields else None
    return vietqr_payload(beneficiary["00"], beneficiary["01"], amount,
                          additional.get("08", ""), additional.get("01"))


@pytest.mark.parametrize("example", EXAMPLES)
def test_published_examples_are_rebuilt_exactly_from_their_fields(example):
    assert crc_ok(example)
    assert rebuilt(example) == example


def test_parse_tlv_nests_merchant_account_beneficiary_and_additional_data():
    assert parse_tlv(EXAMPLES[0]) == {
        "00": "01",
        "01": "12",
        "38": {"00": "A000000727", "01": {"00": "970403", "01": "0011012345678"},
               "02": "QRIBFTTA"},
        "53": "704",
        "54": "180000",
        "58": "VN",
        "62": {"01": "NPS6869", "08": "thanh toan don hang"},
        "63": "2E2E",
    }


def test_crc_is_ccitt_false():
    # The catalogued check value of CRC-16/CCITT-FALSE.
    assert crc16_ccitt_false("123456789") == 0x29B1
    assert crc16_ccitt_false(b"123456789") == 0x29B1
    assert crc16_ccitt_false(b"") == 0xFFFF


def test_crc_ok_rejects_any_change():
    payload = EXAMPLES[1]
    assert not crc_ok(payload.replace("54061200", "54061300"))
    assert not crc_ok(payload[:-4] + "C15D")
    assert not crc_ok(payload[:-4] + "XYZW")
    assert not crc_ok(payload[:-8])
    assert not crc_ok("")
    assert crc_ok(payload[:-4] + payload[-4:].lower())


def test_invoice_payload_for_a_real_bank():
    payload = vietqr_payload("970436", "0011001932418", 10_584_000, purpose="HC2026-0001",
                             bill_number="HC2026-0001")
    fields = parse_tlv(payload)
    assert crc_ok(payload)
    assert payload.startswith("000201010212") and payload[-8:-4] == "6304"
    assert fields["38"] == {"00": "A000000727", "01": {"00": "970436", "01": "0011001932418"},
                            "02": "QRIBFTTA"}
    assert (fields["53"], fields["54"], fields["58"]) == ("704", "10584000", "VN")
    assert fields["62"] == {"01": "HC2026-0001", "08": "HC2026 0001"}
    assert payload[-4:] == payload[-4:].upper()
    assert list(fields) == ["00", "01", "38", "53", "54", "58", "62", "63"]


def test_without_amount_the_code_is_static_and_has_no_amount_field():
    fields = parse_tlv(vietqr_payload("970436", "0011001932418", None, "Ung ho lang nghe"))
    assert fields["01"] == "11"
    assert "54" not in fields
    assert fields["62"] == {"08": "Ung ho lang nghe"}


def test_empty_purpose_and_no_bill_number_leave_out_additional_data():
    assert "62" not in parse_tlv(vietqr_payload("970436", "123", 5000, ""))
    assert "62" not in parse_tlv(vietqr_payload("970436", "123", 5000, "–– ??"))


@pytest.mark.parametrize("text, expected", [
    ("Thanh toán hóa đơn", "Thanh toan hoa don"),
    ("HĐ-2026-0001", "HD 2026 0001"),
    ("Đặng Thị Hồng  đóng   phí", "Dang Thi Hong dong phi"),
    ("  Ứng hộ   làng nghề Vạn Phúc ", "Ung ho lang nghe Van Phuc"),
    ("Gốm sứ: Ưu tú & Ơn!", "Gom su Uu tu On"),
    ("aáàảãạ ăắằẳẵặ âấầẩẫậ", "aaaaaa aaaaaa aaaaaa"),
    ("ÉÈẺẼẸ ÊẾỀỂỄỆ ÍÌỈĨỊ", "EEEEE EEEEEE IIIII"),
    ("óòỏõọ ôốồổỗộ ơớờởỡợ", "ooooo oooooo oooooo"),
    ("úùủũụ ưứừửữự ýỳỷỹỵ", "uuuuu uuuuuu yyyyy"),
])
def test_purpose_is_plain_ascii(text, expected):
    assert transfer_purpose(text) == expected


def test_decomposed_input_gives_the_same_purpose():
    text = "Thanh toán hóa đơn HĐ"
    assert transfer_purpose(unicodedata.normalize("NFD", text)) == transfer_purpose(text)


def test_purpose_is_cut_to_25_characters_without_a_trailing_space():
    assert transfer_purpose("Thanh toán hóa đơn HĐ-2026-0001") == "Thanh toan hoa don HD 202"
    # Character 25 is a space here: it must not be sent.
    assert transfer_purpose("Phi gian hang hoi cho ban tay vang") == "Phi gian hang hoi cho ban"
    assert transfer_purpose("Phi gian hang hoi cho abcd efgh") == "Phi gian hang hoi cho abc"
    assert transfer_purpose("x" * 24 + " y") == "x" * 24


def test_purpose_in_payload_is_cleaned_and_limited():
    payload = vietqr_payload("970436", "0011001932418", 1_500_000,
                             purpose="Thanh toán hóa đơn HĐ-2026-0001 gian hàng A-12")
    purpose = parse_tlv(payload)["62"]["08"]
    assert purpose == "Thanh toan hoa don HD 202"
    assert purpose.isascii() and len(purpose) <= 25


def test_longest_allowed_fields_still_make_a_valid_payload():
    payload = vietqr_payload("970436", "A" * 19, 10**13 - 1, "x" * 40, "B" * 25)
    fields = parse_tlv(payload)
    assert crc_ok(payload)
    assert fields["54"] == "9" * 13
    assert fields["62"] == {"01": "B" * 25, "08": "x" * 25}


@pytest.mark.parametrize("bank_bin", ["97043", "9704361", "97043a", "", "٩٧٠٤٣٦", 970436, None])
def test_bad_bin_is_refused(bank_bin):
    with pytest.raises(ValueError):
        vietqr_payload(bank_bin, "0011001932418", 1000, "x")


@pytest.mark.parametrize("account", ["", "1" * 20, "0011-001", "0011 001", "tàikhoản", 12345])
def test_bad_account_is_refused(account):
    with pytest.raises(ValueError):
        vietqr_payload("970436", account, 1000, "x")


@pytest.mark.parametrize("amount", [0, -1, 10**13, 1.5, True, "1000"])
def test_bad_amount_is_refused(amount):
    with pytest.raises(ValueError):
        vietqr_payload("970436", "0011001932418", amount, "x")


@pytest.mark.parametrize("bill_number", ["", "B" * 26, "HĐ-0001", "HC\n0001", 1])
def test_bad_bill_number_is_refused(bill_number):
    with pytest.raises(ValueError):
        vietqr_payload("970436", "0011001932418", 1000, "x", bill_number)


@pytest.mark.parametrize("payload", [
    "000201010",  # value shorter than its length
    "0002010",  # header cut short
    "00020AB02",  # header not digits
    "000201000202",  # same field twice
    "0002013804abcd",  # template 38 holding no fields
])
def test_malformed_payload_is_refused(payload):
    with pytest.raises(ValueError):
        parse_tlv(payload)


def test_bank_list_has_napas_bins():
    assert len(BANKS) == 10
    assert all(len(code) == 6 and code.startswith("970") for code in BANKS)
    assert BANKS["970436"] == "Vietcombank" and BANKS["970403"] == "Sacombank"
    # The published examples pay into banks from the list.
    assert {parse_tlv(example)["38"]["01"]["00"] for example in EXAMPLES} <= set(BANKS)
