"""Keep the vi and en catalogues in step with the code: `update`, `compile`, `check`.

update  – extract every gettext string, merge it into both catalogues; the en
          catalogue gets msgstr = msgid (English is the source language), the vi
          catalogue keeps its translations and lists what is still missing.
compile – write the .mo files Flask-Babel reads.
check   – exit 1 if a vi message is untranslated or fuzzy.
add F   – take Vietnamese translations from a JSON file {msgid: msgstr} (after update).
"""
import fcntl
import json
import os
import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "fairapp" / "translations"
POT = ROOT / "fairapp" / "translations" / "messages.pot"
LOCALES = ("vi", "en")


def _po_path(locale):
    return TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"


def _read(path, locale=None):
    with open(path, "rb") as fh:
        return read_po(fh, locale=locale)


def _write(path, catalog):
    catalog.fuzzy = False
    catalog.project, catalog.copyright_holder = "fairapp", "fairapp developers"
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written aside, then renamed over: a reader never sees half a catalogue.
    partial = path.with_suffix(".po.partial")
    with open(partial, "wb") as fh:
        write_po(fh, catalog, width=100, no_location=True, sort_output=True, include_previous=False)
    os.replace(partial, path)


def extract():
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", str(ROOT / "babel.cfg"),
                    "-k", "_l", "-k", "lazy_gettext", "--no-location", "--sort-output",
                    "--project", "fairapp", "-o", str(POT), str(ROOT / "fairapp")],
                   check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return _read(POT)


def update():
    template = extract()
    for locale in LOCALES:
        path = _po_path(locale)
        catalog = _read(path, locale) if path.exists() else _read(POT, locale)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        if locale == "en":
            for message in catalog:
                if message.id:
                    message.string = message.id
                    message.flags.discard("fuzzy")
        _write(path, catalog)
    missing = untranslated("vi")
    for msgid in missing:
        print(f"vi: untranslated: {msgid!r}")
    return missing


def untranslated(locale):
    catalog = _read(_po_path(locale), locale)
    return [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]


def add(path):
    with open(path, encoding="utf-8") as fh:
        translations = json.load(fh)
    po = _po_path("vi")
    catalog = _read(po, "vi")
    unknown = [msgid for msgid in translations if catalog.get(msgid) is None]
    for message in catalog:
        if message.id in translations:
            message.string = translations[message.id]
            message.flags.discard("fuzzy")
    _write(po, catalog)
    for msgid in unknown:
        print(f"not in the catalogue (run update first?): {msgid!r}")


def compile_all():
    for locale in LOCALES:
        catalog = _read(_po_path(locale), locale)
        mo = _po_path(locale).with_suffix(".mo")
        with open(mo.with_suffix(".mo.partial"), "wb") as fh:
            write_mo(fh, catalog)
        os.replace(mo.with_suffix(".mo.partial"), mo)


if __name__ == "__main__":
    # Several people (and every test run's compile) use the catalogues at once: one at a time,
    # or two read-modify-write cycles interleave and the catalogue loses translations.
    # The lock is taken on the folder itself, so no lock file lies around.
    fcntl.flock(os.open(TRANSLATIONS, os.O_RDONLY), fcntl.LOCK_EX)
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "add":
        add(sys.argv[2])
    elif command == "check":
        missing = untranslated("vi")
        for msgid in missing:
            print(f"vi: untranslated: {msgid!r}")
        sys.exit(1 if missing else 0)
    else:
        sys.exit(f"unknown command {command!r}: update, compile or check")
