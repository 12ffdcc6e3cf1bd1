"""VND amounts read out in Vietnamese words, for the "Bằng chữ" line of payment documents."""

# These are data texts of a Vietnamese legal document, not UI strings: payment
# requests and receipts are always issued in Vietnamese, whatever language the
# reader uses the site in, so nothing here goes through gettext.
#
# num2words 0.5.14 (lang="vi") was tried first and is wrong for amounts that
# matter here: 1015 -> "một nghìn lẻ mười lăm" and 1005000 -> "một triệu năm
# nghìn", where the accountant's reading is "một nghìn không trăm mười lăm" and
# "một triệu không trăm linh năm nghìn".

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
# Groups of three digits below a billion; above it the reading starts over
# ("một nghìn tỷ", "một triệu tỷ"), which `number_in_words` does by recursion.
GROUP_NAMES = ("", "nghìn", "triệu")
BILLION = 10**9


def number_in_words(number: int) -> str:
    """12000000 -> 'mười hai triệu'; 1015 -> 'một nghìn không trăm mười lăm'."""
    if isinstance(number, bool) or not isinstance(number, int):
        raise ValueError(f"a whole number of đồng is required, not {number!r}")
    if number < 0:
        raise ValueError(f"amount must not be negative: {number}")
    if number == 0:
        return DIGITS[0]
    return " ".join(_words(number, leading=True))


def amount_in_words(amount_vnd: int) -> str:
    """1500000 -> 'Một triệu năm trăm nghìn đồng' (first letter capitalised)."""
    words = number_in_words(amount_vnd)
    return f"{words[0].upper()}{words[1:]} đồng"


def _words(number, leading):
    """Words for number > 0; `leading` is true when nothing of the amount was read before it."""
    if number >= BILLION:
        billions, rest = divmod(number, BILLION)
        words = _words(billions, leading) + ["tỷ"]
        if rest:
            words += _words(rest, leading=False)
        return words
    groups = []
    while number:
        number, group = divmod(number, 1000)
        groups.append(group)
    words = []
    # Most significant group first; only the very first group of the whole
    # amount may drop its leading zeros ("mười lăm", not "không trăm mười lăm").
    for index in reversed(range(len(groups))):
        group = groups[index]
        if not group:
            continue  # "một triệu đồng", never "một triệu không nghìn"
        words += _group_words(group, full=not (leading and not words))
        if GROUP_NAMES[index]:
            words.append(GROUP_NAMES[index])
    return words


def _group_words(group, full):
    """0 < group < 1000; `full` reads a zero hundreds digit as "không trăm"."""
    hundreds, tens, units = group // 100, group // 10 % 10, group % 10
    words = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append("linh")
            words.append(DIGITS[units])
        return words
    if tens == 1:
        words.append("mười")
    else:
        words += [DIGITS[tens], "mươi"]
    if units == 1 and tens >= 2:
        words.append("mốt")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(DIGITS[units])
    return words
