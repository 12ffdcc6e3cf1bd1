"""Language choice and the Vietnamese formats: VND, dd/MM/yyyy, local time, search keys."""
import unicodedata
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from babel.numbers import format_currency
from flask import current_app, has_request_context, request, session
from flask_babel import get_locale, lazy_gettext as _l
from flask_login import current_user

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def select_locale() -> str:
    """The user's saved choice, else this browser's choice, else its Accept-Language, else vi."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI and worker: no browser or session to ask
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or languages[0]


def format_vnd(amount: int) -> str:
    """1500000 -> '1.500.000 ₫' (with a no-break space), in every UI language,
    so amounts read the same as on the bank transfer."""
    return format_currency(int(amount), "VND", locale="vi_VN")


def to_local(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(LOCAL_TZ)


def format_day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_local(value).date()
    return value.strftime("%d/%m/%Y")


def format_local_time(moment: datetime | None) -> str:
    return "" if moment is None else to_local(moment).strftime("%H:%M")


def format_local_datetime(moment: datetime | None) -> str:
    return "" if moment is None else to_local(moment).strftime("%d/%m/%Y %H:%M")


def search_key(text: str | None) -> str:
    """'Đặng Thị Hồng' -> 'dang thi hong': NFD, drop combining marks, lowercase, đ -> d."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFC", text))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("đ", "d").replace("Đ", "D")
    return " ".join(stripped.lower().split())


def clean_input(text: str | None, multiline: bool = False) -> str:
    """What a person meant to type: NFC, no control characters (a NUL or an escape breaks
    exports, PDFs and mail), trimmed. Multi-line text keeps its line breaks and tabs."""
    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n")
    if not multiline:
        text = text.replace("\n", " ").replace("\t", " ")
    kept = "\n\t" if multiline else ""
    return "".join(c for c in text if c in kept or unicodedata.category(c) not in ("Cc", "Cf")
                   or c in "\u200c\u200d").strip()


def clean_text(text: str | None) -> str:
    """NFC-normalised, trimmed input: the same name typed on two phones compares equal."""
    return " ".join(clean_input(text).split())


ROLE_LABELS = {
    "organizer": _l("organiser"),
    "exhibitor": _l("artisan / exhibitor"),
    "juror": _l("juror"),
    "gate": _l("gate staff"),
}


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, role))


def page_language() -> str:
    """'vi' or 'en': the page's locale, or the recipient's inside force_locale (e-mails, PDFs)."""
    try:
        chosen = get_locale()
    except RuntimeError:  # no application context at all
        chosen = None
    return getattr(chosen, "language", None) or "vi"


def localized(obj, field: str = "name", locale: str | None = None) -> str:
    """The text organisers typed, in the reader's language: `obj.<field>_en` on English pages
    when it is filled, else the Vietnamese `obj.<field>`. Works on models and on dicts."""
    if obj is None:
        return ""
    get = obj.get if isinstance(obj, dict) else (lambda name, default=None: getattr(obj, name, default))
    if (str(locale)[:2] if locale else page_language()) == "en":
        english = get(f"{field}_en")
        if english and str(english).strip():
            return english
    return get(field) or ""


def register_template_filters(app) -> None:
    # Globals rather than context processors: e-mail templates see them too.
    app.jinja_env.globals["role_label"] = role_label
    app.jinja_env.globals["localized"] = localized
    app.add_template_filter(localized, "localized")
    app.add_template_filter(format_vnd, "vnd")
    app.add_template_filter(format_day, "day")
    app.add_template_filter(format_local_time, "local_time")
    app.add_template_filter(format_local_datetime, "local_datetime")
