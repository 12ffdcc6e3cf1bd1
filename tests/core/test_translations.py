"""Every user-visible string goes through gettext, and both catalogues are complete."""
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "fairapp" / "templates"
CATALOGUES = ROOT / "fairapp" / "translations"
# Words shown as they are in every language.
UNTRANSLATED_OK = {"fairapp"}

JINJA = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.S)
RAW_BLOCKS = re.compile(r"<(script|style)\b[^>]*>.*?</\1>", re.S | re.I)
TAG = re.compile(r"<[^>]+>", re.S)
ENTITY = re.compile(r"&[a-zA-Z#0-9]+;")
TEXT_ATTRIBUTE = re.compile(r'\b(placeholder|title|alt|aria-label)="([^"]*)"')


def literal_text(source: str) -> list[str]:
    """Human text left in a template once Jinja expressions and HTML tags are removed."""
    attributes = [value for _name, value in TEXT_ATTRIBUTE.findall(source)]
    without_jinja = JINJA.sub(" ", source)
    body = ENTITY.sub(" ", TAG.sub(" ", RAW_BLOCKS.sub(" ", without_jinja)))
    words = [w for w in body.split() + [JINJA.sub(" ", a) for a in attributes] if w.strip()]
    return [w for w in " ".join(words).split() if re.search(r"[^\W\d_]", w) and w not in UNTRANSLATED_OK]


def test_detector_catches_a_bare_string():
    assert literal_text('<p>{{ _("Fine") }}</p><button title="Close">x{{ y }}</button>') == ["x", "Close"]
    assert literal_text('<p>{{ _("Fine") }}</p>{# note #}{% if a %}<b>{{ b }}</b>{% endif %}') == []


@pytest.mark.parametrize("template", sorted(p.relative_to(TEMPLATES).as_posix()
                                            for p in TEMPLATES.rglob("*") if p.suffix in {".html", ".txt"}))
def test_template_has_no_text_outside_gettext(template):
    assert literal_text((TEMPLATES / template).read_text(encoding="utf-8")) == []


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", str(ROOT / "babel.cfg"),
                    "-k", "_l", "-k", "lazy_gettext", "-o", str(pot), str(ROOT / "fairapp")],
                   check=True, capture_output=True)
    with open(pot, "rb") as fh:
        return {m.id for m in read_po(fh) if m.id}


def _catalogue(locale):
    with open(CATALOGUES / locale / "LC_MESSAGES" / "messages.po", "rb") as fh:
        return read_po(fh, locale=locale)


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_catalogue_translates_every_message(extracted, locale):
    catalogue = _catalogue(locale)
    assert len(extracted) > 100
    missing = sorted(msgid for msgid in extracted
                     if catalogue.get(msgid) is None or not catalogue.get(msgid).string
                     or catalogue.get(msgid).fuzzy)
    assert missing == [], f"{locale} catalogue lacks: {missing}"


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_translations_keep_their_placeholders(locale):
    placeholder = re.compile(r"%\(\w+\)[sd]")
    for message in _catalogue(locale):
        if message.id and message.string:
            assert sorted(placeholder.findall(message.string)) == sorted(placeholder.findall(message.id)), message.id


def test_vietnamese_catalogue_is_vietnamese():
    catalogue = _catalogue("vi")
    assert catalogue.get("E-mail or password is incorrect.").string == "E-mail hoặc mật khẩu không đúng."
    assert catalogue.get("Sign in").string == "Đăng nhập"
