"""Vietnamese formats (VND, dates, local time, search keys) and data checks (phones, tax codes)."""
import unicodedata
from datetime import date, datetime, timezone

import pytest
from flask import render_template_string

from fairapp.core.i18n import (
    clean_text, format_day, format_local_datetime, format_local_time, format_vnd, search_key, to_local,
)
from fairapp.core.validators import normalise_phone, valid_tax_code

NBSP = "\u00a0"


# ---------------------------------------------------------------- money, days, local time


@pytest.mark.parametrize("amount, shown", [
    (1_500_000, f"1.500.000{NBSP}₫"),
    (12_000_000, f"12.000.000{NBSP}₫"),
    (0, f"0{NBSP}₫"),
    (950, f"950{NBSP}₫"),
])
def test_format_vnd_uses_dots_and_a_no_break_space_before_the_dong_sign(amount, shown):
    assert format_vnd(amount) == shown


def test_format_day_is_dd_mm_yyyy():
    assert format_day(date(2026, 10, 5)) == "05/10/2026"
    assert format_day(None) == ""


def test_a_utc_moment_is_shown_in_hanoi_time_on_the_next_day():
    moment = datetime(2026, 10, 4, 17, 30, tzinfo=timezone.utc)
    assert format_local_datetime(moment) == "05/10/2026 00:30"
    assert format_local_time(moment) == "00:30"
    assert format_day(moment) == "05/10/2026"  # the local day, not the UTC one
    assert to_local(moment).utcoffset().total_seconds() == 7 * 3600


def test_a_naive_datetime_is_taken_as_utc():
    assert format_local_datetime(datetime(2026, 10, 4, 17, 30)) == "05/10/2026 00:30"


def test_template_filters_format_the_same_way(app):
    moment = datetime(2026, 10, 4, 17, 30, tzinfo=timezone.utc)
    with app.test_request_context("/"):
        shown = render_template_string(
            "{{ amount|vnd }}|{{ day|day }}|{{ moment|local_datetime }}|{{ moment|local_time }}",
            amount=1_500_000, day=date(2026, 10, 5), moment=moment)
    assert shown == f"1.500.000{NBSP}₫|05/10/2026|05/10/2026 00:30|00:30"


# ---------------------------------------------------------------- search keys


def test_search_key_drops_accents_and_maps_d_with_stroke():
    assert search_key("Đặng Thị Hồng") == "dang thi hong"
    assert search_key("  ĐỖ   Thị Ánh  Tuyết ") == "do thi anh tuyet"
    assert search_key(None) == "" and search_key("") == ""


def test_an_unaccented_query_finds_the_accented_name():
    assert "bat trang" in search_key("Làng gốm Bát Tràng")
    assert search_key("bát tràng") in search_key("Làng gốm Bát Tràng")


def test_nfc_and_nfd_input_give_the_same_key():
    name = "Đặng Thị Hồng, Làng gốm Bát Tràng, Bùi Quang Ưng"
    nfc, nfd = unicodedata.normalize("NFC", name), unicodedata.normalize("NFD", name)
    assert nfc != nfd  # really two encodings of the same text
    assert search_key(nfc) == search_key(nfd) == "dang thi hong, lang gom bat trang, bui quang ung"


def test_clean_text_makes_nfd_input_compare_equal_to_nfc():
    typed_on_a_mac = unicodedata.normalize("NFD", "  Nguyễn   Văn Đức ")
    assert clean_text(typed_on_a_mac) == unicodedata.normalize("NFC", "Nguyễn Văn Đức")


# ---------------------------------------------------------------- phones


@pytest.mark.parametrize("typed, stored", [
    ("0912 345 678", "+84912345678"),
    ("+84 912345678", "+84912345678"),
    ("0912.345.678", "+84912345678"),
    ("84912345678", "+84912345678"),
    ("0327-123-456", "+84327123456"),
    ("024 3826 1234", "+842438261234"),
    ("(024) 3826 1234", "+842438261234"),
])
def test_normalise_phone_stores_plus_84(typed, stored):
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize("typed", [
    "0112345678",     # no such mobile prefix
    "091234567",      # one digit short
    "09123456789",    # one digit long
    "0283 822 1234",  # a Ho Chi Minh City landline: only Hanoi's 024 is accepted
    "abc",
    "",
    None,
])
def test_normalise_phone_refuses_what_is_not_a_vietnamese_number(typed):
    assert normalise_phone(typed) is None


# ---------------------------------------------------------------- tax codes


@pytest.mark.parametrize("code", ["0100233488", "0314409058", "0100109106", "0101243150", "0312687878-001"])
def test_valid_tax_codes(code):
    assert valid_tax_code(code) is True


@pytest.mark.parametrize("code", ["0100233480", "123", "", "01002334881", "0100233488-01", "010023348A"])
def test_invalid_tax_codes(code):
    assert valid_tax_code(code) is False


def test_a_branch_code_needs_a_valid_head_office_code():
    assert valid_tax_code("0100233480-001") is False
