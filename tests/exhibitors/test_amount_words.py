"""Amounts in Vietnamese words for the "Bằng chữ" line."""

import pytest

from fairapp.exhibitors.amount_words import amount_in_words, number_in_words


@pytest.mark.parametrize("number, words", [
    (0, "không"),
    (1, "một"),
    (4, "bốn"),
    (5, "năm"),
    (10, "mười"),
    (11, "mười một"),
    (14, "mười bốn"),
    (15, "mười lăm"),
    (20, "hai mươi"),
    (21, "hai mươi mốt"),
    (24, "hai mươi bốn"),
    (25, "hai mươi lăm"),
    (55, "năm mươi lăm"),
    (91, "chín mươi mốt"),
    (100, "một trăm"),
    (101, "một trăm linh một"),
    (105, "một trăm linh năm"),
    (110, "một trăm mười"),
    (111, "một trăm mười một"),
    (115, "một trăm mười lăm"),
    (121, "một trăm hai mươi mốt"),
    (1000, "một nghìn"),
    (1001, "một nghìn không trăm linh một"),
    (1015, "một nghìn không trăm mười lăm"),
    (1100, "một nghìn một trăm"),
    (2021, "hai nghìn không trăm hai mươi mốt"),
    (10_000, "mười nghìn"),
    (15_000, "mười lăm nghìn"),
    (31_000, "ba mươi mốt nghìn"),
    (101_000, "một trăm linh một nghìn"),
    (1_000_000, "một triệu"),
    (1_000_005, "một triệu không trăm linh năm"),
    (1_005_000, "một triệu không trăm linh năm nghìn"),
    (1_500_000, "một triệu năm trăm nghìn"),
    (10_500_000, "mười triệu năm trăm nghìn"),
    (12_000_000, "mười hai triệu"),
    (10_584_000, "mười triệu năm trăm tám mươi bốn nghìn"),
    (1_000_000_000, "một tỷ"),
    (1_000_000_005, "một tỷ không trăm linh năm"),
    (1_005_000_000, "một tỷ không trăm linh năm triệu"),
    (1_000_000_000_000, "một nghìn tỷ"),
    (1_500_000_000_000, "một nghìn năm trăm tỷ"),
    (9_999_999_999_999, "chín nghìn chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu"
                        " chín trăm chín mươi chín nghìn chín trăm chín mươi chín"),
])
def test_number_in_words(number, words):
    assert number_in_words(number) == words


@pytest.mark.parametrize("amount, words", [
    (12_000_000, "Mười hai triệu đồng"),
    (1_500_000, "Một triệu năm trăm nghìn đồng"),
    (10_500_000, "Mười triệu năm trăm nghìn đồng"),
    (21, "Hai mươi mốt đồng"),
    (105, "Một trăm linh năm đồng"),
    (1015, "Một nghìn không trăm mười lăm đồng"),
    (25, "Hai mươi lăm đồng"),
    (14, "Mười bốn đồng"),
    (1_000_000_000, "Một tỷ đồng"),
    (0, "Không đồng"),
])
def test_amount_in_words_is_capitalised_and_ends_in_dong(amount, words):
    assert amount_in_words(amount) == words


@pytest.mark.parametrize("amount", [-1, 1.5, "1000", None, True])
def test_only_whole_non_negative_amounts(amount):
    with pytest.raises(ValueError):
        amount_in_words(amount)
